//! Tidying a parsed article's blocks where the source's layout would read
//! badly: a paragraph made only of citation markers (a conversion puts the
//! `[32]` of a quotation on a line of its own) joins the end of the block
//! before it, so the marker stays with the words it cites.
//!
//! It only moves inlines between blocks; it never drops text and never
//! reads the source.

use super::model::{Block, Inline};

/// Moves every paragraph of citations alone onto the end of the paragraph
/// before it (at any depth: in quotes and list items too).
pub fn attach_lone_citations(blocks: &mut Vec<Block>) {
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    for mut block in std::mem::take(blocks) {
        match &mut block {
            Block::Quote { blocks } => attach_lone_citations(blocks),
            Block::List { items, .. } => {
                for item in items {
                    attach_lone_citations(&mut item.blocks);
                }
            }
            _ => {}
        }
        if let Block::Paragraph { content } = &mut block
            && is_citations_only(content)
            && let Some(last) = kept.last_mut().and_then(last_paragraph)
        {
            last.append(content);
            continue;
        }
        kept.push(block);
    }
    *blocks = kept;
}

/// Citations, and nothing but blank text between them.
fn is_citations_only(content: &[Inline]) -> bool {
    content
        .iter()
        .any(|inline| matches!(inline, Inline::Citation { .. }))
        && content.iter().all(|inline| match inline {
            Inline::Citation { .. } => true,
            Inline::Text { text } => text.trim().is_empty(),
            _ => false,
        })
}

/// The inlines of the paragraph `block` ends with, if it ends with one.
fn last_paragraph(block: &mut Block) -> Option<&mut Vec<Inline>> {
    match block {
        Block::Paragraph { content } => Some(content),
        Block::Quote { blocks } => blocks.last_mut().and_then(last_paragraph),
        Block::List { items, .. } => items
            .last_mut()
            .and_then(|item| item.blocks.last_mut())
            .and_then(last_paragraph),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    fn cite(number: u32) -> Inline {
        Inline::Citation { number }
    }

    fn paragraph(content: Vec<Inline>) -> Block {
        Block::Paragraph { content }
    }

    #[test]
    fn a_lone_citation_after_a_quote_joins_its_last_paragraph() {
        let mut blocks = vec![
            Block::Quote {
                blocks: vec![paragraph(vec![text("“……最好的一次”。")])],
            },
            paragraph(vec![cite(32), text(" "), cite(33)]),
            paragraph(vec![text("下文。")]),
        ];
        attach_lone_citations(&mut blocks);
        assert_eq!(
            blocks,
            vec![
                Block::Quote {
                    blocks: vec![paragraph(vec![
                        text("“……最好的一次”。"),
                        cite(32),
                        text(" "),
                        cite(33)
                    ])],
                },
                paragraph(vec![text("下文。")]),
            ]
        );
    }

    #[test]
    fn citations_with_text_or_with_nothing_before_stay_where_they_are() {
        let mut blocks = vec![
            paragraph(vec![cite(1)]),
            Block::Rule,
            paragraph(vec![cite(2)]),
            paragraph(vec![text("見"), cite(3)]),
        ];
        let before = blocks.clone();
        attach_lone_citations(&mut blocks);
        assert_eq!(blocks, before);
    }
}
