//! Raw HTML in the Markdown: a small, tolerant tag scanner, entity decoding,
//! and the reading of HTML blocks (pandoc's `<table>`s) into model blocks.
//!
//! Known tags shape the result (`table tr td th caption a br b strong i em p
//! div center li`); any other tag is dropped and its text kept; comments
//! vanish. Nothing here can fail: unclosed tags are closed at the end.

use super::convert::{self, Sink, has_visible_text, trim_inlines};
use super::inline::{InlineStack, Node, Origin, SpanKind};
use crate::document::model::{Block, Cell, Inline, Table};

/// One piece of HTML source.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// Text with its entities decoded.
    Text(String),
    Open {
        name: String,
        href: Option<String>,
        /// A table cell's `(colspan, rowspan)`; `(1, 1)` for other tags.
        span: (u16, u16),
    },
    Close {
        name: String,
    },
    /// A comment or declaration: nothing to show.
    Comment,
}

/// Splits `input` into tokens. `<` that starts no tag is text. Returns the
/// tokens and whether a comment was left open (it then runs to the end).
pub(super) fn tokenize(input: &str) -> (Vec<Token>, bool) {
    let mut scanner = Scanner {
        input,
        tokens: Vec::new(),
        next_gt: None,
        unclosed_comment: false,
    };
    scanner.run();
    (scanner.tokens, scanner.unclosed_comment)
}

struct Scanner<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    /// The last `>` found by [`Scanner::find_gt`] (`usize::MAX`: none left).
    next_gt: Option<usize>,
    unclosed_comment: bool,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let bytes = self.input.as_bytes();
        let mut text_start = 0;
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'<'
                && let Some((token, end)) = self.markup_at(at)
            {
                self.push_text(text_start, at);
                self.tokens.push(token);
                at = end;
                text_start = end;
                continue;
            }
            at += 1;
        }
        self.push_text(text_start, bytes.len());
    }

    fn push_text(&mut self, start: usize, end: usize) {
        if let Some(text) = self.input.get(start..end)
            && !text.is_empty()
        {
            let text = decode_entities(text);
            let text = match super::math::readable_math_in_text(&text) {
                std::borrow::Cow::Borrowed(_) => text,
                std::borrow::Cow::Owned(readable) => readable,
            };
            self.tokens.push(Token::Text(text));
        }
    }

    /// The first `>` at or after `from`; remembered so that scanning stays linear.
    fn find_gt(&mut self, from: usize) -> Option<usize> {
        if let Some(found) = self.next_gt
            && (found >= from || found == usize::MAX)
        {
            return (found != usize::MAX).then_some(found);
        }
        let found = self.input.as_bytes()[from..]
            .iter()
            .position(|&b| b == b'>')
            .map(|offset| from + offset);
        self.next_gt = Some(found.unwrap_or(usize::MAX));
        found
    }

    /// The markup starting at the `<` at `at`, and where it ends.
    fn markup_at(&mut self, at: usize) -> Option<(Token, usize)> {
        let rest = &self.input[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            return Some(match comment.find("-->") {
                Some(end) => (Token::Comment, at + 4 + end + 3),
                None => {
                    self.unclosed_comment = true;
                    (Token::Comment, self.input.len())
                }
            });
        }
        let second = rest.as_bytes().get(1).copied()?;
        if second == b'!' || second == b'?' {
            let end = self.find_gt(at)?;
            return Some((Token::Comment, end + 1));
        }
        let closing = second == b'/';
        let name_start = if closing { at + 2 } else { at + 1 };
        let name_len = self.input.as_bytes()[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let starts_with_letter = self
            .input
            .as_bytes()
            .get(name_start)
            .is_some_and(u8::is_ascii_alphabetic);
        if name_len == 0 || !starts_with_letter {
            return None;
        }
        let name_end = name_start + name_len;
        let after_name = self.input.as_bytes().get(name_end).copied();
        if !matches!(after_name, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')) {
            return None;
        }
        let end = self.find_gt(name_end)?;
        let name = self.input[name_start..name_end].to_ascii_lowercase();
        let token = if closing {
            Token::Close { name }
        } else {
            let attributes = &self.input[name_end..end];
            let href = attribute(attributes, "href").map(|href| decode_entities(&href));
            let span = if matches!(name.as_str(), "td" | "th") {
                cell_span(attributes)
            } else {
                (1, 1)
            };
            Token::Open { name, href, span }
        };
        Some((token, end + 1))
    }
}

use crate::document::attributes::{attribute, cell_span};

/// Decodes `&name;`, `&#123;` and `&#x1F;` with the one wiki vocabulary's
/// table; unknown references stay as written, controls become visible.
pub(super) fn decode_entities(text: &str) -> String {
    crate::wiki::html_entities::decode(text)
}

// ---------------------------------------------------------------------------
// Inline HTML inside a Markdown paragraph.

/// Applies an inline HTML tag (`<br />`, `<a href>`, `</b>` …) to the run.
pub(super) fn apply_inline_html(html: &str, stack: &mut InlineStack) {
    let (tokens, _) = tokenize(html);
    for token in tokens {
        apply_inline_token(token, stack);
    }
}

/// The inline meaning of a tag: a span, a break, or nothing.
fn apply_inline_token(token: Token, stack: &mut InlineStack) {
    match token {
        Token::Text(text) => push_html_text(stack, &text),
        Token::Comment => {}
        Token::Open { name, href, .. } => match name.as_str() {
            "br" => stack.push_node(Node::Break),
            "a" => match href {
                Some(href) => stack.open(SpanKind::Link, Origin::Html, &href, ""),
                None => stack.open(SpanKind::Plain, Origin::Html, "", ""),
            },
            "b" | "strong" => stack.open(SpanKind::Strong, Origin::Html, "", ""),
            "i" | "em" => stack.open(SpanKind::Emphasis, Origin::Html, "", ""),
            _ => {}
        },
        Token::Close { name } => match name.as_str() {
            "a" => {
                stack.close_html(SpanKind::Link);
                stack.close_html(SpanKind::Plain);
            }
            "b" | "strong" => stack.close_html(SpanKind::Strong),
            "i" | "em" => stack.close_html(SpanKind::Emphasis),
            _ => {}
        },
    }
}

/// HTML text: line ends read like Markdown soft breaks.
fn push_html_text(stack: &mut InlineStack, text: &str) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        stack.push_text(first);
    }
    for line in lines {
        stack.push_node(Node::SoftBreak);
        stack.push_text(line.trim_start());
    }
}

// ---------------------------------------------------------------------------
// HTML blocks.

/// Reads one HTML block: tables become [`Block::Table`], other text paragraphs.
pub(super) fn blocks_from_html(html: &str, sink: &mut Sink) -> Vec<Block> {
    let (tokens, unclosed_comment) = tokenize(html);
    if unclosed_comment {
        sink.warn("an HTML comment is not closed; the text after it is hidden");
    }
    let mut reader = HtmlBlockReader::default();
    for token in tokens {
        reader.token(token, sink);
    }
    reader.finish(sink)
}

#[derive(Default)]
struct HtmlBlockReader {
    out: Vec<Block>,
    outside: InlineStack,
    table: Option<TableReader>,
    /// Inside `<style>` or `<script>`: their text is not shown.
    hidden: Option<String>,
}

#[derive(Default)]
struct TableReader {
    caption: Option<InlineStack>,
    caption_done: Vec<Inline>,
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<(bool, (u16, u16), InlineStack)>,
    /// Tables inside this table: read as text of the current cell.
    nested: usize,
}

impl HtmlBlockReader {
    fn token(&mut self, token: Token, sink: &mut Sink) {
        if let Some(hidden) = &self.hidden {
            if matches!(&token, Token::Close { name } if name == hidden) {
                self.hidden = None;
            }
            return;
        }
        match token {
            Token::Comment => {}
            Token::Text(text) => self.text(&text),
            Token::Open { name, href, span } => self.open(name, href, span, sink),
            Token::Close { name } => self.close(&name, sink),
        }
    }

    fn text(&mut self, text: &str) {
        match &mut self.table {
            Some(table) => {
                if let Some(stack) = table.text_target(!text.trim().is_empty()) {
                    push_html_text(stack, text);
                }
            }
            None => push_html_text(&mut self.outside, text),
        }
    }

    fn open(&mut self, name: String, href: Option<String>, span: (u16, u16), sink: &mut Sink) {
        match name.as_str() {
            "style" | "script" => self.hidden = Some(name),
            "table" => match &mut self.table {
                Some(table) => table.nested += 1,
                None => {
                    self.flush_outside(sink);
                    self.table = Some(TableReader::default());
                }
            },
            "tr" | "td" | "th" | "caption" if self.table.is_none() => {
                self.flush_outside(sink);
                let mut table = TableReader::default();
                table.open(&name, span, sink);
                self.table = Some(table);
            }
            "tr" | "td" | "th" | "caption" => {
                if let Some(table) = &mut self.table {
                    table.open(&name, span, sink);
                }
            }
            "p" | "div" | "center" | "ul" | "ol" | "li" | "dl" | "dd" | "dt" | "blockquote" => {
                self.block_boundary(sink);
                if name == "li" {
                    self.push_to_current(|stack| stack.push_text("• "));
                }
            }
            _ => self.push_to_current(|stack| {
                apply_inline_token(Token::Open { name, href, span }, stack)
            }),
        }
    }

    fn close(&mut self, name: &str, sink: &mut Sink) {
        match name {
            "table" => {
                if let Some(table) = &mut self.table {
                    if table.nested > 0 {
                        table.nested -= 1;
                    } else if let Some(table) = self.table.take() {
                        self.out.extend(table.finish(sink));
                    }
                }
            }
            "tr" | "td" | "th" | "caption" => {
                if let Some(table) = &mut self.table {
                    table.close(name, sink);
                }
            }
            "p" | "div" | "center" | "ul" | "ol" | "li" | "dl" | "dd" | "dt" | "blockquote" => {
                self.block_boundary(sink)
            }
            _ => {
                let token = Token::Close {
                    name: name.to_string(),
                };
                self.push_to_current(|stack| apply_inline_token(token, stack));
            }
        }
    }

    /// `<p>`, `<div>`, `<li>`: a new paragraph outside tables, a line break in a cell.
    fn block_boundary(&mut self, sink: &mut Sink) {
        match &mut self.table {
            Some(table) => {
                if let Some(stack) = table.text_target(false)
                    && !stack.is_blank()
                {
                    stack.push_node(Node::Break);
                }
            }
            None => self.flush_outside(sink),
        }
    }

    fn push_to_current(&mut self, apply: impl FnOnce(&mut InlineStack)) {
        match &mut self.table {
            Some(table) => {
                if let Some(stack) = table.text_target(true) {
                    apply(stack);
                }
            }
            None => apply(&mut self.outside),
        }
    }

    fn flush_outside(&mut self, sink: &mut Sink) {
        let stack = std::mem::take(&mut self.outside);
        self.out.extend(convert::blocks(stack.finish(), sink));
    }

    fn finish(mut self, sink: &mut Sink) -> Vec<Block> {
        if let Some(table) = self.table.take() {
            sink.warn("an HTML table is not closed");
            self.out.extend(table.finish(sink));
        }
        self.flush_outside(sink);
        self.out
    }
}

impl TableReader {
    /// Where text goes: the caption, the open cell, or (for visible text
    /// between cells, when `create` is set) a new cell.
    fn text_target(&mut self, create: bool) -> Option<&mut InlineStack> {
        if self.caption.is_some() {
            return self.caption.as_mut();
        }
        if self.cell.is_none() && create {
            self.cell = Some((false, (1, 1), InlineStack::default()));
        }
        self.cell.as_mut().map(|(_, _, stack)| stack)
    }

    fn open(&mut self, name: &str, span: (u16, u16), sink: &mut Sink) {
        if self.nested > 0 {
            if let Some(stack) = self.text_target(false) {
                match name {
                    "tr" if !stack.is_blank() => stack.push_node(Node::Break),
                    "td" | "th" => stack.push_text(" "),
                    _ => {}
                }
            }
            return;
        }
        match name {
            "caption" => {
                self.close_cell(sink);
                self.caption = Some(InlineStack::default());
            }
            "tr" => {
                self.close_caption(sink);
                self.close_row(sink);
                self.row = Some(Vec::new());
            }
            _ => {
                self.close_caption(sink);
                self.close_cell(sink);
                self.cell = Some((name == "th", span, InlineStack::default()));
            }
        }
    }

    fn close(&mut self, name: &str, sink: &mut Sink) {
        if self.nested > 0 {
            return;
        }
        match name {
            "caption" => self.close_caption(sink),
            "tr" => self.close_row(sink),
            _ => self.close_cell(sink),
        }
    }

    fn close_caption(&mut self, sink: &mut Sink) {
        if let Some(stack) = self.caption.take() {
            let caption = trim_inlines(convert::inlines(stack.finish(), sink));
            self.caption_done.extend(caption);
        }
    }

    fn close_cell(&mut self, sink: &mut Sink) {
        if let Some((header, (colspan, rowspan), stack)) = self.cell.take() {
            let content = trim_inlines(convert::inlines(stack.finish(), sink));
            self.row.get_or_insert_with(Vec::new).push(Cell {
                colspan,
                rowspan,
                ..Cell::new(header, content)
            });
        }
    }

    fn close_row(&mut self, sink: &mut Sink) {
        self.close_cell(sink);
        if let Some(row) = self.row.take()
            && row.iter().any(|cell| has_visible_text(&cell.content))
        {
            self.rows.push(row);
        }
    }

    fn finish(mut self, sink: &mut Sink) -> Option<Block> {
        self.close_caption(sink);
        self.close_row(sink);
        if self.rows.is_empty() && !has_visible_text(&self.caption_done) {
            return None;
        }
        Some(Block::Table(Table {
            caption: self.caption_done,
            rows: self.rows,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::LinkTarget;

    #[test]
    fn tokens_of_a_cell() {
        let (tokens, unclosed) = tokenize(
            r#"<td><p>部長<a href="../Page/X.md" title="wikilink">X</a><br />&amp;</p></td>"#,
        );
        assert!(!unclosed);
        assert_eq!(
            tokens,
            vec![
                Token::Open {
                    name: "td".into(),
                    href: None,
                    span: (1, 1)
                },
                Token::Open {
                    name: "p".into(),
                    href: None,
                    span: (1, 1)
                },
                Token::Text("部長".into()),
                Token::Open {
                    name: "a".into(),
                    href: Some("../Page/X.md".into()),
                    span: (1, 1)
                },
                Token::Text("X".into()),
                Token::Close { name: "a".into() },
                Token::Open {
                    name: "br".into(),
                    href: None,
                    span: (1, 1)
                },
                Token::Text("&".into()),
                Token::Close { name: "p".into() },
                Token::Close { name: "td".into() },
            ]
        );
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let (tokens, _) = tokenize("a < b <3 <-- c>");
        assert_eq!(tokens, vec![Token::Text("a < b <3 <-- c>".into())]);
    }

    #[test]
    fn comments_vanish_and_unclosed_ones_are_reported() {
        assert_eq!(tokenize("<!-- end list -->"), (vec![Token::Comment], false));
        assert_eq!(
            tokenize("x<!-- open"),
            (vec![Token::Text("x".into()), Token::Comment], true)
        );
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&nbsp;b&amp;c&#x4E2D;&#27;&bogus;&"),
            // A control character's number stays as written, as MediaWiki
            // shows it.
            "a\u{a0}b&c中&#27;&bogus;&"
        );
    }

    #[test]
    fn a_table_becomes_a_table_block() {
        let mut sink = Sink::default();
        let html = "<table>\n<caption>表</caption>\n<tr><th><p>A</p></th><th>B</th></tr>\n\
                    <tr><td><p>x<a href=\"../Page/T.md\">T</a>[3]<br />\ny</p></td><td></td></tr>\n</table>";
        let blocks = blocks_from_html(html, &mut sink);
        let [Block::Table(table)] = blocks.as_slice() else {
            panic!("{blocks:?}");
        };
        assert_eq!(table.caption, vec![Inline::text("表")]);
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows[0][0].header);
        assert_eq!(
            table.rows[1][0].content,
            vec![
                Inline::text("x"),
                Inline::Link {
                    target: LinkTarget::Article {
                        title: "T".into(),
                        fragment: None
                    },
                    content: vec![Inline::text("T")],
                },
                Inline::Citation { number: 3 },
                Inline::Break,
                Inline::text("y"),
            ]
        );
    }

    #[test]
    fn an_unclosed_table_is_closed() {
        let mut sink = Sink::default();
        let blocks = blocks_from_html("<table><tr><td>a<td>b", &mut sink);
        assert!(matches!(blocks.as_slice(), [Block::Table(table)] if table.rows[0].len() == 2));
        assert!(!sink.warnings.is_empty());
    }

    #[test]
    fn text_outside_tables_is_a_paragraph() {
        let mut sink = Sink::default();
        let blocks = blocks_from_html(
            "<div class=\"x\">\n<span>a</span> <small>b</small>\n</div>",
            &mut sink,
        );
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                content: vec![Inline::text("a b")]
            }]
        );
    }
}
