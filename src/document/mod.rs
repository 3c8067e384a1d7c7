//! Articles as data: the model, one parser per source format, and what is
//! derived from a parsed article (aliases, entities).
//!
//! Everything here is a pure function of the source text. It must never touch
//! a terminal, never panic on any input, and never let a control character of
//! the source reach the model.

pub mod attributes;
pub mod entities;

pub mod infobox;
pub mod markdown;
pub mod model;
pub mod reading_script;
pub mod tex;
pub mod tidy;
pub mod wikitext;

pub use model::*;

/// Reads `bytes` as UTF-8 (lossily, with a warning when they are not), makes
/// control characters visible, and parses them as `format`.
pub fn parse_bytes(bytes: &[u8], title: &str, format: Format) -> Article {
    // SIMD validation: the common case (valid UTF-8) is the fast one.
    let (text, lossy) = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let mut article = parse_str(&text, title, format);
    if lossy {
        article.warnings.insert(
            0,
            "the file is not valid UTF-8; bad bytes were replaced with U+FFFD".into(),
        );
    }
    article
}

/// Parses `bytes` as [`parse_bytes`] does, shown in `script`: `-{…}-`
/// picks its variant and every text shown is converted (links stay).
pub fn parse_bytes_in(
    bytes: &[u8],
    title: &str,
    format: Format,
    script: reading_script::Script,
) -> Article {
    let mut article = reading_script::with_script(script, || parse_bytes(bytes, title, format));
    reading_script::convert_article(&mut article, script);
    article
}

/// Parses `text` as `format` (see [`parse_bytes`]).
pub fn parse_str(text: &str, title: &str, format: Format) -> Article {
    // A byte-order mark (Notepad writes one) is not text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = sanitize_controls(text);
    let mut article = match format {
        Format::Markdown => markdown::parse(&text, title),
        Format::Wikitext => wikitext::parse(&text, title),
    };
    article.format = format;
    tidy::attach_lone_citations(&mut article.blocks);
    tidy::attach_leading_punctuation(&mut article.blocks, &mut article.warnings);
    let labels = match format {
        Format::Wikitext if !wikitext::reads_as_chinese(&text) => infobox::LabelLanguage::English,
        _ => infobox::LabelLanguage::Chinese,
    };
    infobox::present_all(&mut article.blocks, labels);
    if article.title.is_empty() {
        article.title = title.to_string();
    }
    if article.aliases.is_empty() {
        article.aliases = lead_aliases(&article.blocks);
    }
    article
}

/// The bold names of the lead paragraph (`**俄羅斯入侵突厥斯坦**…又稱**俄羅斯入侵中亞**`).
pub fn lead_aliases(blocks: &[Block]) -> Vec<String> {
    let Some(lead) = blocks.iter().find_map(|block| match block {
        Block::Paragraph { content } => Some(content),
        Block::Heading { .. } => None,
        _ => None,
    }) else {
        return Vec::new();
    };
    let mut aliases: Vec<String> = Vec::new();
    for inline in lead {
        if let Inline::Strong { content } = inline {
            let name = plain_text(content).trim().to_string();
            if !name.is_empty() && name.chars().count() <= 60 && !aliases.contains(&name) {
                aliases.push(name);
            }
        }
    }
    aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let article = parse_bytes(b"\xef\xbb\xbf== H ==\ntext", "T", Format::Wikitext);
        assert_eq!(
            article.blocks.first(),
            Some(&Block::Heading {
                level: 2,
                content: vec![Inline::text("H")]
            })
        );
        let redirect = parse_bytes(b"\xef\xbb\xbf#REDIRECT [[X]]", "T", Format::Wikitext);
        assert_eq!(redirect.redirect.as_deref(), Some("X"));
        let markdown = parse_bytes(b"\xef\xbb\xbf# H", "T", Format::Markdown);
        assert!(matches!(
            markdown.blocks.first(),
            Some(Block::Heading { .. })
        ));
    }
}
