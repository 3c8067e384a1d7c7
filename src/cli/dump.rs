//! `wikiread dump`: an article as plain laid-out text (title, body, footnotes,
//! entities) or as its document model in JSON. Builds strings; never prints.

use super::locate::{Located, complete_corpus, locate_article_in};
use super::{CliError, DumpArgs, Output};
use crate::corpus::{Corpus, Resolution};
use crate::document::reading_script::Script;
use crate::document::{Article, entities::entities};
use crate::layout::{LayoutOptions, layout_article, layout_footnotes};
use serde::Serialize;

/// Dumps the article `args` names, shown in `script`.
pub fn run(args: &DumpArgs, script: Script) -> Result<Output, CliError> {
    let Located {
        corpus, article, ..
    } = locate_article_in(&args.article, args.corpus.as_deref(), script)?;
    // Entities resolve through redirects and lead aliases as in the reader.
    complete_corpus(&corpus)?;
    let warnings = article
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", article.title))
        .collect();
    let stdout = if args.json {
        dump_json(&article, &corpus)?
    } else {
        dump_text(&article, &corpus, usize::from(args.width))
    };
    Ok(Output { stdout, warnings })
}

/// The text dump at `width` columns.
pub fn dump_text(article: &Article, corpus: &Corpus, width: usize) -> String {
    let mut out = String::new();
    push_wrapped(&mut out, &article.title, width);
    if let Some(target) = &article.redirect {
        push_wrapped(&mut out, &format!("→ {target}"), width);
    }
    out.push('\n');
    let options = LayoutOptions {
        footnotes_in_place: false,
        number_headings: true,
    };
    for line in layout_article(article, width, options).lines {
        out.push_str(line.text().trim_end());
        out.push('\n');
    }
    if !article.footnotes.is_empty() {
        out.push('\n');
        push_wrapped(&mut out, "Footnotes", width);
        for line in layout_footnotes(&article.footnotes, width).lines {
            out.push_str(line.text().trim_end());
            out.push('\n');
        }
    }
    let found = entities(article);
    if !found.is_empty() {
        out.push('\n');
        push_wrapped(&mut out, "Entities", width);
        // Titles the corpus lacks are on the article's own wiki.
        let site = corpus.site_of(Some(article));
        for entity in found {
            let place = match corpus.resolve_title_link_on(&entity.title, &site) {
                Resolution::InCorpus(id) => {
                    format!("in corpus: {}", corpus.entry(id).map_or("", |e| e.path))
                }
                Resolution::NotInCorpus { .. } => {
                    format!("not in corpus: {}", site.article_iri(&entity.title))
                }
                Resolution::External { url } => format!("not in corpus: {url}"),
            };
            out.push_str(&format!("{} ×{} {place}\n", entity.title, entity.mentions));
        }
    }
    out
}

/// Appends `text` wrapped at `width` (for the dump's own header lines).
fn push_wrapped(out: &mut String, text: &str, width: usize) {
    let runs = [crate::layout::wrap::Run::new(
        text,
        crate::layout::Style::default(),
        None,
    )];
    for line in crate::layout::wrap::wrap(&runs, width, &[], &[]) {
        out.push_str(line.text().trim_end());
        out.push('\n');
    }
}

#[derive(Serialize)]
struct JsonFootnote {
    number: u32,
    text: String,
}

#[derive(Serialize)]
struct JsonEntity {
    title: String,
    mentions: usize,
    first_position: usize,
    /// The corpus-relative path, when the entity is in the corpus.
    article: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonDump<'a> {
    title: &'a str,
    format: crate::document::Format,
    source_url: &'a Option<String>,
    aliases: &'a [String],
    redirect: &'a Option<String>,
    categories: &'a [String],
    footnotes: Vec<JsonFootnote>,
    entities: Vec<JsonEntity>,
    warnings: &'a [String],
    blocks: &'a [crate::document::Block],
}

/// The document model and its derived facts as JSON.
pub fn dump_json(article: &Article, corpus: &Corpus) -> Result<String, CliError> {
    let site = corpus.site_of(Some(article));
    let dump = JsonDump {
        title: &article.title,
        format: article.format,
        source_url: &article.source_url,
        aliases: &article.aliases,
        redirect: &article.redirect,
        categories: &article.categories,
        footnotes: article
            .footnotes
            .iter()
            .map(|f| JsonFootnote {
                number: f.number,
                text: f.text().trim().to_string(),
            })
            .collect(),
        entities: entities(article)
            .into_iter()
            .map(|entity| {
                let (path, url) = match corpus.resolve_title_link_on(&entity.title, &site) {
                    Resolution::InCorpus(id) => {
                        (corpus.entry(id).map(|e| e.path.to_string()), None)
                    }
                    Resolution::NotInCorpus { url } | Resolution::External { url } => {
                        (None, Some(url))
                    }
                };
                JsonEntity {
                    title: entity.title,
                    mentions: entity.mentions,
                    first_position: entity.first_position,
                    article: path,
                    url,
                }
            })
            .collect(),
        warnings: &article.warnings,
        blocks: &article.blocks,
    };
    let mut json =
        serde_json::to_string_pretty(&dump).map_err(|err| CliError(format!("JSON: {err}")))?;
    json.push('\n');
    Ok(json)
}
