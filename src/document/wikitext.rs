//! MediaWiki wikitext → [`Article`].
//! PLACEHOLDER: being written.

use super::model::*;

pub fn parse(text: &str, title: &str) -> Article {
    Article {
        title: title.to_string(),
        format: Format::Wikitext,
        blocks: vec![Block::Paragraph {
            content: vec![Inline::text(text)],
        }],
        ..Article::default()
    }
}
