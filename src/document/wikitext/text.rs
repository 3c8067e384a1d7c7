//! Plain-text helpers: HTML entities (decoded by the wiki vocabulary),
//! whitespace clean-up of finished inlines. Pure functions over strings and
//! inlines.

use crate::document::model::{Block, Inline, ListItem};
use crate::wiki::script::is_cjk;

/// Decodes the HTML entities wikitext writers use (`&nbsp;`, `&#91;` …).
pub fn decode_entities(text: &str) -> String {
    crate::wiki::html_entities::decode(text)
}

/// The first visible character of some inlines.
pub fn first_char(inlines: &[Inline]) -> Option<char> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => text.chars().next(),
        Inline::Strong { content }
        | Inline::Emphasis { content }
        | Inline::Link { content, .. } => first_char(content),
        Inline::Citation { .. } => Some('['),
        Inline::Break => Some('\n'),
    })
}

/// The last visible character of some inlines.
pub fn last_char(inlines: &[Inline]) -> Option<char> {
    inlines.iter().rev().find_map(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => text.chars().next_back(),
        Inline::Strong { content }
        | Inline::Emphasis { content }
        | Inline::Link { content, .. } => last_char(content),
        Inline::Citation { .. } => Some(']'),
        Inline::Break => Some('\n'),
    })
}

/// Whether two lines joined at these characters need a space between them.
pub fn needs_space(before: Option<char>, after: Option<char>) -> bool {
    match (before, after) {
        // As a browser shows a line break: a space, but between two CJK
        // characters (ideographs, kana, their punctuation) and beside a
        // CJK punctuation mark, where none is written.
        (Some(a), Some(b)) => {
            !((is_cjk(a) && is_cjk(b))
                || is_cjk_punctuation(a)
                || is_cjk_punctuation(b)
                || a.is_whitespace()
                || b.is_whitespace())
        }
        _ => false,
    }
}

/// CJK punctuation and full-width forms (`，`, `。`, `「`, `（`).
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '\u{fe30}'..='\u{fe4f}')
}

/// Merges neighbouring text, collapses runs of white space, drops empty
/// text and empty formatting.
pub fn normalize_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Text { text } => Inline::Text {
                text: collapse_spaces(&text),
            },
            Inline::Strong { content } => Inline::Strong {
                content: normalize_inlines(content),
            },
            Inline::Emphasis { content } => Inline::Emphasis {
                content: normalize_inlines(content),
            },
            Inline::Link { target, content } => Inline::Link {
                target,
                content: normalize_inlines(content),
            },
            other => other,
        };
        match inline {
            Inline::Text { text } if text.is_empty() => {}
            Inline::Strong { content } | Inline::Emphasis { content } if content.is_empty() => {}
            Inline::Text { text } => match out.last_mut() {
                Some(Inline::Text { text: last }) => {
                    if last.ends_with(' ') && text.starts_with(' ') {
                        last.push_str(&text[1..]);
                    } else {
                        last.push_str(&text);
                    }
                }
                _ => out.push(Inline::Text { text }),
            },
            other => out.push(other),
        }
    }
    for inline in &mut out {
        if let Inline::Text { text } = inline
            && looks_like_markup(text)
        {
            *text = defuse_markup(text);
        }
    }
    trim_around_breaks(&mut out);
    out
}

/// No spaces right before or after a line break.
fn trim_around_breaks(inlines: &mut Vec<Inline>) {
    for index in 0..inlines.len() {
        let after_break = index > 0 && inlines[index - 1] == Inline::Break;
        let before_break = inlines.get(index + 1) == Some(&Inline::Break);
        if let Inline::Text { text } = &mut inlines[index] {
            if after_break && text.starts_with(' ') {
                *text = text.trim_start_matches(' ').to_string();
            }
            if before_break && text.ends_with(' ') {
                *text = text.trim_end_matches(' ').to_string();
            }
        }
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text { text } if text.is_empty()));
}

/// Sequences that must never reach a text inline.
const MARKUP: &[&str] = &["[[", "]]", "{{", "}}", "<ref", "</", "'''", "-{", "}-"];

/// Whether some text holds a sequence that reads as wiki markup.
pub fn looks_like_markup(text: &str) -> bool {
    MARKUP.iter().any(|m| text.contains(m))
}

/// Last line of defence for degenerate input: drops the character that
/// would complete a markup sequence (pieces of markup that only met once
/// the constructs between them vanished, like `}` + `{{x}}` + `}`).
pub fn defuse_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let completes = match c {
            '[' => out.ends_with('['),
            ']' => out.ends_with(']'),
            '{' => out.ends_with('{') || out.ends_with('-'),
            '}' => out.ends_with('}'),
            '-' => out.ends_with('}'),
            '\'' => out.ends_with("''"),
            '/' => out.ends_with('<'),
            'f' => out.ends_with("<re"),
            _ => false,
        };
        if !completes {
            out.push(c);
        }
    }
    out
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Trims white space (and breaks) at both ends of some inlines.
pub fn trim_inlines(inlines: &mut Vec<Inline>) {
    while matches!(inlines.first(), Some(Inline::Break)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    trim_start(inlines);
    trim_end(inlines);
}

fn trim_start(inlines: &mut Vec<Inline>) {
    while let Some(first) = inlines.first_mut() {
        match first {
            Inline::Text { text } => {
                let trimmed = text.trim_start().to_string();
                if trimmed.is_empty() {
                    inlines.remove(0);
                    continue;
                }
                *text = trimmed;
            }
            Inline::Strong { content } | Inline::Emphasis { content } => trim_start(content),
            _ => {}
        }
        return;
    }
}

fn trim_end(inlines: &mut Vec<Inline>) {
    while let Some(last) = inlines.last_mut() {
        match last {
            Inline::Text { text } => {
                let trimmed = text.trim_end().to_string();
                if trimmed.is_empty() {
                    inlines.pop();
                    continue;
                }
                *text = trimmed;
            }
            Inline::Strong { content } | Inline::Emphasis { content } => trim_end(content),
            _ => {}
        }
        return;
    }
}

/// Whether some inlines show anything.
pub fn is_visible(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => !text.trim().is_empty(),
        Inline::Strong { content } | Inline::Emphasis { content } => is_visible(content),
        Inline::Link { .. } | Inline::Citation { .. } => true,
        Inline::Break => false,
    })
}

/// Normalized, trimmed inlines.
pub fn clean(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = normalize_inlines(inlines);
    trim_inlines(&mut out);
    out
}

/// Cleans every inline run of some blocks and drops empty paragraphs.
pub fn clean_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Paragraph { content } => {
                let content = clean(content);
                if is_visible(&content) {
                    out.push(Block::Paragraph { content });
                }
            }
            Block::Heading { level, content } => out.push(Block::Heading {
                level,
                content: clean(content),
            }),
            Block::List { ordered, items } => {
                let items: Vec<ListItem> = items
                    .into_iter()
                    .map(|item| ListItem {
                        blocks: clean_blocks(item.blocks),
                    })
                    .collect();
                out.push(Block::List { ordered, items });
            }
            Block::Quote { blocks } => {
                let blocks = clean_blocks(blocks);
                if !blocks.is_empty() {
                    out.push(Block::Quote { blocks });
                }
            }
            Block::Table(mut table) => {
                table.caption = clean(table.caption);
                for row in &mut table.rows {
                    for cell in row.iter_mut() {
                        cell.content = clean(std::mem::take(&mut cell.content));
                    }
                }
                table.rows.retain(|row| !row.is_empty());
                out.push(Block::Table(table));
            }
            Block::Infobox(mut infobox) => {
                for row in &mut infobox.rows {
                    row.value = clean(std::mem::take(&mut row.value));
                }
                infobox.rows.retain(|row| is_visible(&row.value));
                out.push(Block::Infobox(infobox));
            }
            Block::Image { target, caption } => out.push(Block::Image {
                target,
                caption: clean(caption),
            }),
            Block::Preformatted { text } => {
                if !text.trim().is_empty() {
                    out.push(Block::Preformatted { text });
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&nbsp;b&#91;&#x5D;&amp;&bogus;&"),
            "a\u{a0}b[]&&bogus;&"
        );
    }

    #[test]
    fn a_line_break_is_a_space_but_between_cjk_characters() {
        assert!(needs_space(Some('a'), Some('b')));
        assert!(needs_space(Some('中'), Some('b')));
        assert!(needs_space(Some('a'), Some('明')));
        assert!(!needs_space(Some('中'), Some('文')));
        assert!(!needs_space(Some('a'), Some('。')));
        assert!(!needs_space(Some('」'), Some('b')));
        assert!(!needs_space(Some('a'), Some(' ')));
    }

    #[test]
    fn no_spaces_around_breaks() {
        let out = clean(vec![Inline::text("a "), Inline::Break, Inline::text(" b")]);
        assert_eq!(
            out,
            vec![Inline::text("a"), Inline::Break, Inline::text("b")]
        );
    }

    #[test]
    fn markup_is_defused() {
        assert_eq!(defuse_markup("}}a]]b'''c-{d}-e</f<ref"), "}a]b''c-d}e<f<re");
    }

    #[test]
    fn normalize_merges_and_collapses() {
        let out = clean(vec![
            Inline::text("  a  "),
            Inline::text(" b\n"),
            Inline::Break,
        ]);
        assert_eq!(out, vec![Inline::text("a b")]);
    }
}
