//! pandoc's TeX in the Markdown conversions: `\(…\)` (inline) and `\[…\]`
//! (display) become readable text ([`readable_tex`]) before the real parse.
//!
//! CommonMark reads `\(` as an escaped `(`, so left alone a formula loses
//! its backslashes (`\,` → `,`), and its `*` and `_` pair up as emphasis
//! with the text around it. A first pass finds the delimiters where
//! pulldown-cmark reads them as escapes in text (never in code, link
//! destinations or HTML) and pairs them within one block; each formula is
//! then replaced by its readable text, escaped so that Markdown reads it
//! literally. `\[…\]` is taken for display math only when it holds TeX (a
//! command, `^` or `_`): pandoc writes a literal `[` as `\[` too (`\[12\]`).
//! HTML text (pandoc's raw tables) has its formulas read the same way.
//!
//! It must never change anything but a formula, never take more than linear
//! time, and never leave a line break in what it writes.

use crate::document::tex::readable_tex;
use pulldown_cmark::{Event, Parser, TagEnd};
use std::borrow::Cow;

/// A delimiter (`at` is its backslash) or the edge of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Delimiter { at: usize, bracket: u8 },
    Barrier,
}

/// A formula: `start..end` with its delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Formula {
    start: usize,
    end: usize,
}

/// The Markdown source with each formula replaced by its readable text.
pub(super) fn rewrite_math(text: &str) -> Cow<'_, str> {
    if !may_hold_math(text) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let marks = Parser::new_ext(text, super::markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            // An escape starts a text event just after its backslash.
            Event::Text(_) => {
                let at = range.start.checked_sub(1)?;
                let bracket = *bytes.get(range.start)?;
                (bytes[at] == b'\\' && matches!(bracket, b'(' | b')' | b'[' | b']'))
                    .then_some(Mark::Delimiter { at, bracket })
            }
            Event::Start(tag) => (!is_inline(&tag.to_end())).then_some(Mark::Barrier),
            Event::End(tag) => (!is_inline(&tag)).then_some(Mark::Barrier),
            Event::Html(_) | Event::Rule | Event::DisplayMath(_) => Some(Mark::Barrier),
            _ => None,
        });
    let formulas = pair(text, marks);
    if formulas.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(replace(text, &formulas, true))
}

/// Plain text (not Markdown) with each formula replaced by its readable text.
pub(super) fn readable_math_in_text(text: &str) -> Cow<'_, str> {
    if !may_hold_math(text) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut marks = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'\\', &bytes[at..]) {
        let backslash = at + offset;
        if let Some(&bracket @ (b'(' | b')' | b'[' | b']')) = bytes.get(backslash + 1) {
            marks.push(Mark::Delimiter {
                at: backslash,
                bracket,
            });
        }
        // `\\` is a backslash, not the start of an escape.
        at = backslash + 2;
        if at >= bytes.len() {
            break;
        }
    }
    let formulas = pair(text, marks.into_iter());
    if formulas.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(replace(text, &formulas, false))
}

/// `\(` outside a link destination, or a `\[` that does not open a
/// citation (`\[12\]`). A quick look before the real pass, which is a whole
/// Markdown parse: most conversions have neither, but many have escaped
/// parentheses in their links (`../Page/新疆省_\(中華民國\).md`).
fn may_hold_math(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\\', bytes).any(|at| match bytes.get(at + 1) {
        Some(b'(') => !in_link_destination(bytes, at),
        Some(b'[') => {
            let rest = bytes.get(at + 2..).unwrap_or_default();
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            !(digits > 0 && rest[digits..].starts_with(b"\\]"))
        }
        _ => false,
    })
}

/// Whether the byte at `at` is surely inside a link destination: going
/// back on its line, `](` comes before any space or closing parenthesis.
/// Looks back at most 512 bytes, so the check stays linear.
fn in_link_destination(bytes: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(512);
    let mut index = at;
    while index > from {
        index -= 1;
        match bytes[index] {
            b' ' | b'\t' | b'\n' | b'\r' => return false,
            b')' if index == 0 || bytes[index - 1] != b'\\' => return false,
            b'(' if index > 0 && bytes[index - 1] == b']' => return true,
            _ => {}
        }
    }
    false
}

/// Spans a formula may cross: the emphasis its own `*` and `_` make. A link
/// is an edge, so that a formula never takes in a link's destination.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Pairs the delimiters into formulas, each within one block: `\(` with the
/// next `\)`, `\[` with the next `\]` when what stands between is TeX. An
/// opener met again restarts the formula (the first was a literal bracket).
fn pair(text: &str, marks: impl Iterator<Item = Mark>) -> Vec<Formula> {
    #[derive(Clone, Copy)]
    enum Open {
        Inline(usize),
        Display(usize),
    }
    let mut formulas = Vec::new();
    let mut open: Option<Open> = None;
    for mark in marks {
        let Mark::Delimiter { at, bracket } = mark else {
            open = None;
            continue;
        };
        match (bracket, open) {
            (b'(', _) => open = Some(Open::Inline(at)),
            (b')', Some(Open::Inline(start))) => {
                formulas.push(Formula { start, end: at + 2 });
                open = None;
            }
            (b'[', Some(Open::Inline(_))) => {}
            (b'[', _) => open = Some(Open::Display(at)),
            (b']', Some(Open::Display(start))) => {
                if text.get(start + 2..at).is_some_and(is_display_math) {
                    formulas.push(Formula { start, end: at + 2 });
                }
                open = None;
            }
            _ => {}
        }
    }
    formulas
}

/// Whether `\[content\]` is display math rather than escaped brackets: it
/// holds a TeX command, or a `^`/`_` outside Chinese text.
fn is_display_math(content: &str) -> bool {
    let bytes = content.as_bytes();
    let mut script = false;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => {
                if bytes.get(index + 1).is_some_and(u8::is_ascii_alphabetic) {
                    return true;
                }
                index += 2;
                continue;
            }
            b'^' | b'_' => script = true,
            _ => {}
        }
        index += 1;
    }
    script && !content.contains("](") && !content.chars().any(crate::wiki::script::is_cjk)
}

/// `text` with each formula replaced by its readable text (escaped for
/// Markdown when `markdown`).
fn replace(text: &str, formulas: &[Formula], markdown: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for formula in formulas {
        let (Some(before), Some(source)) = (
            text.get(done..formula.start),
            text.get(formula.start + 2..formula.end - 2),
        ) else {
            continue;
        };
        out.push_str(before);
        let readable = readable_tex(source);
        if markdown {
            push_escaped(&mut out, &readable);
        } else {
            out.push_str(&readable);
        }
        done = formula.end;
    }
    out.push_str(text.get(done..).unwrap_or_default());
    out
}

/// Writes `text` so that Markdown reads it as it is: ASCII punctuation
/// backslash-escaped.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_formulas_are_found_outside_code_and_links() {
        let source = "設\\(*\\)及\\(x^2\\) [乡](wiki/乡_\\(中国\\) \"wikilink\") `\\(q\\)`";
        assert_eq!(
            rewrite_math(source),
            "設∗及x² [乡](wiki/乡_\\(中国\\) \"wikilink\") `\\(q\\)`"
        );
    }

    #[test]
    fn display_formulas_need_tex_inside() {
        assert_eq!(rewrite_math("a\\[1\\]b\\[M \\]"), "a\\[1\\]b\\[M \\]");
        assert_eq!(rewrite_math("\\[x \\cdot y\\]"), "x · y");
        assert_eq!(rewrite_math("\\[x_1\\]"), "x₁");
        assert_eq!(
            rewrite_math("p\\[\"index.php\"\\] = f"),
            "p\\[\"index.php\"\\] = f"
        );
        assert_eq!(
            rewrite_math("\\[0 =-1\\cdot [1+(-1)]\\]"),
            "0 \\= −1 · \\[1 \\+ \\(−1\\)\\]"
        );
    }

    #[test]
    fn formulas_stay_within_a_block() {
        let source = "a \\(x\n\nb\\) c";
        assert_eq!(rewrite_math(source), source);
        let source = "[a \\(x](u)\\) c";
        assert_eq!(rewrite_math(source), source);
        assert_eq!(rewrite_math("[\\(\\alpha\\)](u)"), "[α](u)");
        assert_eq!(rewrite_math("\\(a\nb\\)"), "a b");
    }

    #[test]
    fn escaped_parentheses_in_link_destinations_are_no_formulas() {
        let link = "見[新疆省](../Page/新疆省_\\(中華民國\\).md \"wikilink\")。\\[1\\]";
        assert!(!may_hold_math(link));
        assert_eq!(rewrite_math(link), link);
        let both = format!("{link} 又 \\(x^2\\)");
        assert!(may_hold_math(&both));
        assert!(
            rewrite_math(&both).ends_with("又 x²"),
            "{}",
            rewrite_math(&both)
        );
    }

    #[test]
    fn plain_text_formulas() {
        assert_eq!(readable_math_in_text("a \\(x^2\\) b"), "a x² b");
        assert_eq!(readable_math_in_text("\\[1\\] \\[\\alpha\\]"), "\\[1\\] α");
        assert_eq!(readable_math_in_text("\\\\(x\\)"), "\\\\(x\\)");
        assert_eq!(readable_math_in_text("\\("), "\\(");
    }
}
