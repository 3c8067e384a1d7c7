//! `wikiread search`, `wikiread links` and `wikiread category`: the
//! full-text index from the command line. Each brings the index up to date
//! first (progress on stderr when it is a terminal), then answers as text
//! or JSON. Never prints itself; `main` does.

use super::locate::{complete_corpus, corpus_or_default};
use super::{CategoryArgs, CliError, LinksArgs, Output, SearchArgs};
use crate::corpus::Corpus;
use crate::search::{SearchIndex, build};
use std::sync::atomic::AtomicBool;

/// The corpus's full-text index, up to date.
pub fn ready_index(corpus: &Corpus) -> Result<(SearchIndex, Vec<String>), CliError> {
    complete_corpus(corpus)?;
    let search = SearchIndex::for_corpus(corpus).map_err(|e| CliError(e.to_string()))?;
    let mut warnings = search.warnings.clone();
    let line = super::progress::ProgressLine::new("search index");
    let never = AtomicBool::new(false);
    let outcome = crate::background::run(|| {
        build::update(&search, corpus, &|p| line.update(p.done, p.total), &never)
    });
    line.finish();
    match outcome {
        Ok(built) => {
            if !built.unreadable.is_empty() {
                warnings.push(format!(
                    "{} articles could not be read for the search index (first: {})",
                    built.unreadable.len(),
                    built.unreadable[0]
                ));
            }
        }
        // Another reader is building it, the disk is full, the cache is
        // read-only: answer from what it holds, and say why it may be short.
        Err(error) => {
            warnings.push(error.to_string());
            let _ = search.reader.reload();
        }
    }
    Ok((search, warnings))
}

pub fn run_search(args: &SearchArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.corpus.as_deref())?;
    let (search, mut warnings) = ready_index(&corpus)?;
    let results = search
        .search(&args.query, args.limit)
        .map_err(|e| CliError(e.to_string()))?;
    if results.cut {
        warnings.push(format!(
            "the query is long: only its first {} words were looked for",
            results.units.len()
        ));
    }
    let stdout = if args.json {
        json(&serde_json::json!({
            "query": args.query,
            "units": results.units,
            "total": results.total,
            "hits": results.hits,
        }))
    } else {
        let mut out = String::new();
        for hit in &results.hits {
            out.push_str(&hit.title);
            out.push('\n');
            out.push_str("    ");
            let mut at = 0;
            for mark in &hit.snippet.marks {
                out.push_str(&hit.snippet.text[at..mark.start]);
                out.push_str("**");
                out.push_str(&hit.snippet.text[mark.clone()]);
                out.push_str("**");
                at = mark.end;
            }
            out.push_str(&hit.snippet.text[at..]);
            out.push('\n');
        }
        out
    };
    warnings.extend(corpus.warnings.iter().cloned());
    Ok(Output { stdout, warnings })
}

pub fn run_links(args: &LinksArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.corpus.as_deref())?;
    let (title, to) = match (&args.to, &args.from) {
        (Some(title), None) => (title, true),
        (None, Some(title)) => (title, false),
        _ => return Err(CliError("links: give --to TITLE or --from TITLE".into())),
    };
    complete_corpus(&corpus)?;
    let id = corpus.resolve_title(title).ok_or_else(|| {
        CliError(crate::corpus::CorpusError::NoSuchArticle(title.clone()).to_string())
    })?;
    let entry = corpus
        .entry(id)
        .ok_or_else(|| CliError(format!("{title}: no such article")))?;
    let mut warnings = Vec::new();
    // (title, path in the corpus or none)
    let rows: Vec<(String, Option<String>)> = if to {
        let (search, found_warnings) = ready_index(&corpus)?;
        warnings = found_warnings;
        // Links through redirects were resolved when they were indexed
        // (`@path`); the title catches those indexed before the article was.
        search
            .links_to(entry.path, &[entry.title])
            .map_err(|e| CliError(e.to_string()))?
            .into_iter()
            .map(|(path, title)| (title, Some(path)))
            .collect()
    } else {
        let article = corpus.article(id)?;
        build::extract(&article)
            .links
            .into_iter()
            .map(|link| {
                let path = corpus
                    .resolve_title_link(&link)
                    .article()
                    .and_then(|target| corpus.entry(target))
                    .map(|e| e.path.to_string());
                (link, path)
            })
            .collect()
    };
    Ok(Output {
        stdout: listing(&rows, args.json),
        warnings,
    })
}

pub fn run_category(args: &CategoryArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.corpus.as_deref())?;
    let (search, warnings) = ready_index(&corpus)?;
    let name = args
        .name
        .trim()
        .trim_start_matches("Category:")
        .trim_start_matches("分类:")
        .trim_start_matches("分類:");
    let rows: Vec<(String, Option<String>)> = search
        .category_members(name)
        .map_err(|e| CliError(e.to_string()))?
        .into_iter()
        .map(|(path, title)| (title, Some(path)))
        .collect();
    let subcategories = search
        .subcategories(name)
        .map_err(|e| CliError(e.to_string()))?;
    let stdout = if args.json {
        let members: Vec<_> = rows
            .iter()
            .map(|(title, path)| serde_json::json!({ "title": title, "article": path }))
            .collect();
        json(&serde_json::json!({ "members": members, "subcategories": subcategories }))
    } else {
        // Subcategories first (`▸ `), as a category page lists them.
        let mut out: String = subcategories.iter().map(|s| format!("▸ {s}\n")).collect();
        out.push_str(&listing(&rows, false));
        out
    };
    Ok(Output { stdout, warnings })
}

/// Titles one a line (`○` before one not in the corpus), or JSON.
fn listing(rows: &[(String, Option<String>)], as_json: bool) -> String {
    if as_json {
        let items: Vec<_> = rows
            .iter()
            .map(|(title, path)| serde_json::json!({ "title": title, "article": path }))
            .collect();
        return json(&serde_json::Value::Array(items));
    }
    let mut out = String::new();
    for (title, path) in rows {
        if path.is_none() {
            out.push_str("○ ");
        }
        out.push_str(title);
        out.push('\n');
    }
    out
}

fn json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
