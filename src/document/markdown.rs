//! Markdown conversions of Wikipedia pages (pandoc style) → [`Article`].
//! PLACEHOLDER: being written.

use super::model::*;

pub fn parse(text: &str, title: &str) -> Article {
    Article {
        title: title.to_string(),
        format: Format::Markdown,
        blocks: vec![Block::Paragraph {
            content: vec![Inline::text(text)],
        }],
        ..Article::default()
    }
}
