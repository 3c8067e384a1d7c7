//! `wikiread check`: a report on a whole corpus (articles, parse warnings by
//! file, links resolved or not, citations whose footnote has no text).
//! Parses every article once; never prints.

use super::locate::corpus_or_default;
use super::{CheckArgs, CliError, Output};
use crate::corpus::{Corpus, Resolution};
use crate::document::{Article, Inline, for_each_inline_run};
use serde::Serialize;
use std::collections::BTreeMap;

/// The facts of the report.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub corpus: String,
    pub articles: usize,
    pub redirects: usize,
    /// Article links in all bodies.
    pub links: usize,
    /// Of them, those that lead to an article of the corpus.
    pub resolved: usize,
    pub not_in_corpus: usize,
    pub citations: usize,
    /// Citations whose footnote has no text, by file.
    pub citations_without_text: BTreeMap<String, usize>,
    /// Parse warnings by file (scan warnings under the key `""`).
    pub warnings: BTreeMap<String, Vec<String>>,
    /// Files that could not be read.
    pub unreadable: BTreeMap<String, String>,
}

pub fn run(args: &CheckArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.dir.as_deref())?;
    let report = check(&corpus);
    let stdout = if args.json {
        let mut json = serde_json::to_string_pretty(&report)
            .map_err(|err| CliError(format!("JSON: {err}")))?;
        json.push('\n');
        json
    } else {
        report_text(&report)
    };
    Ok(Output {
        stdout,
        warnings: Vec::new(),
    })
}

/// Parses every article of `corpus` and counts.
pub fn check(corpus: &Corpus) -> Report {
    let mut report = Report {
        corpus: match corpus.root() {
            Some(root) => root.display().to_string(),
            None => "(built-in sample corpus)".into(),
        },
        articles: corpus.len(),
        ..Report::default()
    };
    if !corpus.warnings.is_empty() {
        report
            .warnings
            .insert(String::new(), corpus.warnings.clone());
    }
    for (id, entry) in corpus.entries().iter().enumerate() {
        if entry.redirect.is_some() {
            report.redirects += 1;
        }
        let article = match corpus.article(id) {
            Ok(article) => article,
            Err(err) => {
                report
                    .unreadable
                    .insert(entry.path.clone(), err.to_string());
                continue;
            }
        };
        if !article.warnings.is_empty() {
            report
                .warnings
                .insert(entry.path.clone(), article.warnings.clone());
        }
        count_links(corpus, &article, &mut report);
        let (citations, empty) = count_citations(&article);
        report.citations += citations;
        if empty > 0 {
            report
                .citations_without_text
                .insert(entry.path.clone(), empty);
        }
    }
    report
}

fn count_links(corpus: &Corpus, article: &Article, report: &mut Report) {
    crate::document::for_each_block_inline_run(&article.blocks, &mut |run| {
        crate::document::entities::for_each_article_link(run, &mut |title| {
            report.links += 1;
            match corpus.resolve_title_link(title) {
                Resolution::InCorpus(_) => report.resolved += 1,
                _ => report.not_in_corpus += 1,
            }
        });
    });
}

/// (citations, citations whose footnote is missing or empty)
fn count_citations(article: &Article) -> (usize, usize) {
    let mut total = 0;
    let mut empty = 0;
    for_each_inline_run(article, &mut |run| {
        count_citations_in(run, article, &mut total, &mut empty, 0);
    });
    (total, empty)
}

fn count_citations_in(
    inlines: &[Inline],
    article: &Article,
    total: &mut usize,
    empty: &mut usize,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for inline in inlines {
        match inline {
            Inline::Citation { number } => {
                *total += 1;
                let has_text = article
                    .footnotes
                    .iter()
                    .find(|f| f.number == *number)
                    .is_some_and(|f| !f.is_empty());
                if !has_text {
                    *empty += 1;
                }
            }
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => {
                count_citations_in(content, article, total, empty, depth + 1)
            }
            _ => {}
        }
    }
}

fn report_text(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("corpus: {}\n", report.corpus));
    out.push_str(&format!(
        "articles: {} ({} redirects)\n",
        report.articles, report.redirects
    ));
    out.push_str(&format!(
        "links: {} ({} resolved, {} not in corpus)\n",
        report.links, report.resolved, report.not_in_corpus
    ));
    let without: usize = report.citations_without_text.values().sum();
    out.push_str(&format!(
        "citations: {} ({} with no footnote text)\n",
        report.citations, without
    ));
    for (file, count) in &report.citations_without_text {
        out.push_str(&format!(
            "  {file}: {count} citations with no footnote text\n"
        ));
    }
    let warning_count: usize = report.warnings.values().map(Vec::len).sum();
    out.push_str(&format!("warnings: {warning_count}\n"));
    for (file, warnings) in &report.warnings {
        let file = if file.is_empty() { "(scan)" } else { file };
        for warning in warnings {
            out.push_str(&format!("  {file}: {warning}\n"));
        }
    }
    for (file, err) in &report.unreadable {
        out.push_str(&format!("unreadable: {file}: {err}\n"));
    }
    out
}
