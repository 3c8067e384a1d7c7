//! MediaWiki wikitext → [`Article`].
//!
//! Our own parser, in two phases: [`scan`] turns the text into a tree of
//! nodes (templates, links, tags) in one pass; `convert`/`blocks` turn the
//! nodes, line by line, into the document model, expanding the templates
//! we know (`templates`), numbering references (`refs`) and resolving links
//! (`links`).
//!
//! It must never panic, never hang, never recurse without bound and never
//! leave raw markup (`[[`, `{{`, `<ref` …) in the model, whatever the input:
//! unclosed constructs are flattened, nesting is capped, unknown templates
//! vanish with a warning.

mod apostrophes;
mod blocks;
mod convert;
mod links;
mod refs;
mod scan;
pub(crate) mod template_data;
mod templates;
mod text;

use super::model::*;
use convert::{Ctx, Lang, items};
pub use links::url_host;

/// Parses wikitext into an article titled `title`.
pub fn parse(text: &str, title: &str) -> Article {
    let mut article = Article {
        title: title.to_string(),
        format: Format::Wikitext,
        ..Article::default()
    };
    if let Some(target) = redirect_target(text) {
        article.redirect = Some(target);
        return article;
    }
    let text = apostrophes::balance(text);
    let nodes = scan::scan(&text);
    let mut ctx = Ctx::new(title, guess_language(&text));
    let mut blocks = ctx.blocks(&items(&nodes));
    if !ctx.refs.is_empty() && !ctx.saw_references_block {
        blocks.push(Block::References { group: None });
    }
    let mut warnings = std::mem::take(&mut ctx.warnings);
    let footnotes = std::mem::take(&mut ctx.refs).finish(&mut warnings);
    article.blocks = text::clean_blocks(blocks);
    article.footnotes = footnotes
        .into_iter()
        .map(|footnote| Footnote {
            content: text::clean(footnote.content),
            ..footnote
        })
        .collect();
    article.categories = std::mem::take(&mut ctx.categories);
    article.warnings = warnings;
    article
}

/// `#REDIRECT [[T]]` (also `#redirect[[T]]`, `#重定向 [[T]]`) → `T`.
pub fn redirect_target(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let rest = text.strip_prefix('#')?;
    let keyword_len = [
        "redirect",
        "重定向",
        "重新導向",
        "重新导向",
        "weiterleitung",
        "redirection",
    ]
    .iter()
    .find(|k| {
        rest.get(..k.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
    })?
    .len();
    let rest = rest[keyword_len..]
        .trim_start()
        .trim_start_matches(':')
        .trim_start();
    let inner = rest.strip_prefix("[[")?;
    let end = inner.find("]]")?;
    let target = inner[..end].split('|').next().unwrap_or("");
    let title = target
        .split('#')
        .next()
        .unwrap_or("")
        .trim_start_matches(':');
    let title = links::normalize_title(title);
    (!title.is_empty()).then_some(title)
}

/// Whether the page is written in Chinese (or Japanese): CJK characters
/// make up a good part of its first letters.
pub fn reads_as_chinese(text: &str) -> bool {
    guess_language(text) == Lang::Zh
}

/// Chinese when CJK characters make up a good part of the first letters.
fn guess_language(text: &str) -> Lang {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        if crate::wiki::script::is_cjk(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if cjk * 4 > latin { Lang::Zh } else { Lang::En }
}

#[cfg(test)]
mod tests;
