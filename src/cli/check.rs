//! `wikiread check`: a report on a whole corpus (articles, parse warnings by
//! file, links resolved or not, citations whose footnote has no text).
//! Parses every article once, on all cores, keeping no article it has
//! finished with (memory stays bounded however large the corpus); never
//! prints but its progress line on stderr.

use super::locate::{complete_corpus, corpus_or_default};
use super::progress::ProgressLine;
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
    complete_corpus(&corpus)?;
    let line = ProgressLine::new("checking");
    let report = check_with_progress(&corpus, &|done, total| line.update(done, total));
    line.finish();
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
    check_with_progress(corpus, &|_, _| {})
}

/// [`check`], telling `progress` (from any thread) how many articles are done.
pub fn check_with_progress(corpus: &Corpus, progress: &(dyn Fn(usize, usize) + Sync)) -> Report {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = corpus.len();
    let done = AtomicUsize::new(0);
    let mut report = (0..total)
        .into_par_iter()
        .with_min_len(16)
        .fold(Report::default, |mut report, id| {
            check_article(corpus, id, &mut report);
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            if finished.is_multiple_of(64) || finished == total {
                progress(finished, total);
            }
            report
        })
        .reduce(Report::default, merge);
    report.corpus = match corpus.source() {
        crate::corpus::Source::BuiltIn => "(built-in sample corpus)".into(),
        _ => corpus.name(),
    };
    report.articles = total;
    if !corpus.warnings.is_empty() {
        report
            .warnings
            .insert(String::new(), corpus.warnings.clone());
    }
    report
}

/// Two partial reports as one.
fn merge(mut a: Report, b: Report) -> Report {
    a.redirects += b.redirects;
    a.links += b.links;
    a.resolved += b.resolved;
    a.not_in_corpus += b.not_in_corpus;
    a.citations += b.citations;
    a.citations_without_text.extend(b.citations_without_text);
    a.warnings.extend(b.warnings);
    a.unreadable.extend(b.unreadable);
    a
}

/// Parses article `id` (without caching it) and counts it into `report`.
fn check_article(corpus: &Corpus, id: usize, report: &mut Report) {
    let Some(entry) = corpus.entry(id) else {
        return;
    };
    if corpus.redirect(id).is_some() {
        report.redirects += 1;
    }
    let article = match corpus.parse(id) {
        Ok((article, _)) => article,
        Err(err) => {
            report
                .unreadable
                .insert(entry.path.to_string(), err.to_string());
            return;
        }
    };
    if !article.warnings.is_empty() {
        report
            .warnings
            .insert(entry.path.to_string(), article.warnings.clone());
    }
    count_links(corpus, &article, report);
    let (citations, empty) = count_citations(&article);
    report.citations += citations;
    if empty > 0 {
        report
            .citations_without_text
            .insert(entry.path.to_string(), empty);
    }
}

fn count_links(corpus: &Corpus, article: &Article, report: &mut Report) {
    let site = corpus.site_of(Some(article));
    crate::document::for_each_block_inline_run(&article.blocks, &mut |run| {
        crate::document::entities::for_each_article_link(run, &mut |title| {
            report.links += 1;
            match corpus.resolve_title_link_on(title, &site) {
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
