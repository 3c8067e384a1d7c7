//! Tidying a parsed article's blocks where the source's layout would read
//! badly: a paragraph made only of citation markers (a conversion puts the
//! `[32]` of a quotation on a line of its own) joins the end of the block
//! before it, so the marker stays with the words it cites; closing
//! punctuation that begins a paragraph (a conversion left `。` alone after
//! the list it closed) joins the paragraph before it, or, with no paragraph
//! before it, is removed with a warning, so no line starts with it.
//!
//! It only moves inlines between blocks and removes stray punctuation; it
//! never drops words and never reads the source.

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

/// What no paragraph may begin with (closing punctuation of Chinese text).
const CLOSING: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '）', '」', '』', '】', '》', '〉', '〕',
];

/// Moves closing punctuation that begins a paragraph (after any spaces)
/// onto the end of the paragraph before it; removes it when no paragraph
/// comes before. Says so in `warnings` when it removed some.
pub fn attach_leading_punctuation(blocks: &mut Vec<Block>, warnings: &mut Vec<String>) {
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    for mut block in std::mem::take(blocks) {
        match &mut block {
            Block::Quote { blocks } => attach_leading_punctuation(blocks, warnings),
            Block::List { items, .. } => {
                for item in items {
                    attach_leading_punctuation(&mut item.blocks, warnings);
                }
            }
            _ => {}
        }
        if let Block::Paragraph { content } = &mut block
            && let Some(punctuation) = take_leading_punctuation(content)
        {
            match kept.last_mut() {
                Some(Block::Paragraph { content: before }) => {
                    before.push(Inline::text(punctuation));
                }
                _ => warnings.push(format!(
                    "removed “{punctuation}” that began a paragraph with nothing before it"
                )),
            }
            if content.iter().all(is_blank) {
                continue;
            }
        }
        kept.push(block);
    }
    *blocks = kept;
}

fn is_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::Text { text } if text.trim().is_empty())
}

/// Cuts the closing punctuation (and the spaces around it) that begins
/// `content`; returns the punctuation cut, if any.
fn take_leading_punctuation(content: &mut Vec<Inline>) -> Option<String> {
    let mut taken = String::new();
    while let Some(Inline::Text { text }) = content.first_mut() {
        let trimmed = text.trim_start();
        let rest = trimmed.trim_start_matches(|c: char| CLOSING.contains(&c) || c.is_whitespace());
        taken.extend(
            trimmed[..trimmed.len() - rest.len()]
                .chars()
                .filter(|c| !c.is_whitespace()),
        );
        if rest.is_empty() {
            content.remove(0);
            continue;
        }
        if rest.len() != text.len() {
            *text = rest.to_string();
        }
        break;
    }
    (!taken.is_empty()).then_some(taken)
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

    #[test]
    fn closing_punctuation_that_begins_a_paragraph_joins_the_one_before() {
        let mut warnings = Vec::new();
        let mut blocks = vec![
            paragraph(vec![text("下辖7个乡："), cite(1)]),
            paragraph(vec![text("。")]),
            Block::Rule,
            paragraph(vec![text(" ，最初由IBM开发。")]),
            paragraph(vec![text("，")]),
            paragraph(vec![text("，\n"), text("，")]),
        ];
        attach_leading_punctuation(&mut blocks, &mut warnings);
        assert_eq!(
            blocks,
            vec![
                paragraph(vec![text("下辖7个乡："), cite(1), text("。")]),
                Block::Rule,
                paragraph(vec![text("最初由IBM开发。"), text("，"), text("，，")]),
            ]
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("，"));
    }
}
