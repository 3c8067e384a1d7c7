//! The document model: what an article *is*, independent of the format it was
//! written in and of any terminal.
//!
//! Both parsers (`markdown`, `wikitext`) produce an [`Article`]; layout, the
//! command line and the reader only ever read one. This module is plain data:
//! it must never know about files, terminals, widths or colours, and it must
//! never hold raw markup from the source (no `[[`, `{{`, `<ref>` …).

use serde::{Deserialize, Serialize};

/// The source format an article was parsed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown converted from Wikipedia (pandoc style, `"wikilink"` titles).
    #[default]
    Markdown,
    /// Raw MediaWiki wikitext.
    Wikitext,
}

/// One parsed article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// The article's title (from its file name, or given by the caller).
    pub title: String,
    pub format: Format,
    /// Where the text came from, when the source says so.
    pub source_url: Option<String>,
    /// Other names of the subject: the bold names in the lead.
    pub aliases: Vec<String>,
    /// `Some(target)` when the page is only a redirect to another title.
    pub redirect: Option<String>,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// The footnotes, in number order (`footnotes[i].number == i + 1`).
    pub footnotes: Vec<Footnote>,
    /// Category names, without the `Category:` prefix.
    pub categories: Vec<String>,
    /// What the parser could not understand; never shown as body text.
    pub warnings: Vec<String>,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Block {
    /// A section heading; `level` 1 is the largest (`==` in wikitext is 2, as `##` in Markdown).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// A list; items may hold nested lists among their blocks.
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Table(Table),
    Infobox(Infobox),
    /// An image (`target` is the file name) with its caption.
    Image {
        target: String,
        caption: Vec<Inline>,
    },
    /// Preformatted text (code, poems kept as written).
    Preformatted {
        text: String,
    },
    /// A horizontal rule.
    Rule,
    /// Where the footnote list stands in the article (`{{Reflist}}`, `<references/>`,
    /// the numbered list closing a Markdown conversion); `group` names the
    /// footnotes it lists (`{{Reflist|group=注}}`), `None` the plain ones.
    References {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
}

/// A table: rows of cells; header cells are marked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    pub caption: Vec<Inline>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub header: bool,
    pub content: Vec<Inline>,
    /// How many columns the cell covers (`colspan`; at least 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: u16,
    /// How many rows the cell covers (`rowspan`; at least 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: u16,
}

impl Default for Cell {
    fn default() -> Self {
        Cell::new(false, Vec::new())
    }
}

impl Cell {
    /// A cell covering one column and one row.
    pub fn new(header: bool, content: Vec<Inline>) -> Cell {
        Cell {
            header,
            content,
            colspan: 1,
            rowspan: 1,
        }
    }
}

fn one() -> u16 {
    1
}

fn is_one(n: &u16) -> bool {
    *n == 1
}

/// An infobox: a kind (`军事冲突`, `Military Conflict`), the subject's name
/// when the template gives one, and labelled rows, in source order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Infobox {
    pub kind: String,
    /// The subject's name (`conflict=`, `name=` …), shown as the infobox's title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub rows: Vec<InfoboxRow>,
}

/// One row: a label and a value, or (for numbered parameters shown side by
/// side, like the two sides of a war) a value for each side.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InfoboxRow {
    pub key: String,
    pub value: Vec<Inline>,
    /// The values of the second, third … side (the first is `value`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<Vec<Inline>>,
}

impl InfoboxRow {
    /// A row with one value.
    pub fn new(key: impl Into<String>, value: Vec<Inline>) -> InfoboxRow {
        InfoboxRow {
            key: key.into(),
            value,
            sides: Vec::new(),
        }
    }

    /// Every value of the row, the first side first.
    pub fn values(&self) -> impl Iterator<Item = &Vec<Inline>> {
        std::iter::once(&self.value).chain(&self.sides)
    }
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Inline {
    Text {
        text: String,
    },
    Strong {
        content: Vec<Inline>,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    /// A citation of footnote `number`.
    Citation {
        number: u32,
    },
    /// A forced line break (`<br>`).
    Break,
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LinkTarget {
    /// Another wiki article, by title (`_` already read as space, escapes undone).
    Article {
        title: String,
        fragment: Option<String>,
    },
    /// Anything else: web pages, other wikis, other languages.
    External { url: String },
}

/// One footnote. `content` is empty when the source text was lost.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Footnote {
    pub number: u32,
    pub content: Vec<Inline>,
    /// The group it belongs to (`<ref group="注">`), `None` for plain footnotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Its marker within its group (`注 1`, `a`), when it has a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Footnote {
    /// A plain footnote (no group).
    pub fn new(number: u32, content: Vec<Inline>) -> Footnote {
        Footnote {
            number,
            content,
            group: None,
            label: None,
        }
    }

    /// What its citations show between brackets: `3`, `注 1`, `a`.
    pub fn marker(&self) -> String {
        self.label
            .clone()
            .unwrap_or_else(|| self.number.to_string())
    }

    /// The footnote as plain text (`""` when empty).
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }
    pub fn is_empty(&self) -> bool {
        self.text().trim().is_empty()
    }
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// The visible text of some inlines, citations as `[n]`, breaks as newlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Strong { content }
            | Inline::Emphasis { content }
            | Inline::Link { content, .. } => push_plain_text(content, out),
            Inline::Citation { number } => {
                out.push('[');
                out.push_str(&number.to_string());
                out.push(']');
            }
            Inline::Break => out.push('\n'),
        }
    }
}

/// The visible text of blocks, one line per paragraph-like block.
pub fn blocks_plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                push_plain_text(content, &mut out)
            }
            Block::List { items, .. } => {
                for item in items {
                    out.push_str(&blocks_plain_text(&item.blocks));
                }
            }
            Block::Quote { blocks } => out.push_str(&blocks_plain_text(blocks)),
            Block::Table(table) => {
                push_plain_text(&table.caption, &mut out);
                out.push('\n');
                for row in &table.rows {
                    for cell in row {
                        push_plain_text(&cell.content, &mut out);
                        out.push(' ');
                    }
                    out.push('\n');
                }
            }
            Block::Infobox(infobox) => {
                if !infobox.title.is_empty() {
                    out.push_str(&infobox.title);
                    out.push('\n');
                }
                for row in &infobox.rows {
                    out.push_str(&row.key);
                    for value in row.values() {
                        out.push(' ');
                        push_plain_text(value, &mut out);
                    }
                    out.push('\n');
                }
            }
            Block::Image { caption, .. } => push_plain_text(caption, &mut out),
            Block::Preformatted { text } => out.push_str(text),
            Block::Rule | Block::References { .. } => {}
        }
        out.push('\n');
    }
    out
}

/// Calls `visit` on every inline sequence of the article body in reading order
/// (headings, paragraphs, list items, table cells, infobox values, captions),
/// then on every footnote's content.
pub fn for_each_inline_run<'a>(article: &'a Article, visit: &mut dyn FnMut(&'a [Inline])) {
    for_each_block_inline_run(&article.blocks, visit);
    for footnote in &article.footnotes {
        visit(&footnote.content);
    }
}

/// Like [`for_each_inline_run`] for blocks only.
pub fn for_each_block_inline_run<'a>(blocks: &'a [Block], visit: &mut dyn FnMut(&'a [Inline])) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => visit(content),
            Block::List { items, .. } => {
                for item in items {
                    for_each_block_inline_run(&item.blocks, visit);
                }
            }
            Block::Quote { blocks } => for_each_block_inline_run(blocks, visit),
            Block::Table(table) => {
                visit(&table.caption);
                for row in &table.rows {
                    for cell in row {
                        visit(&cell.content);
                    }
                }
            }
            Block::Infobox(infobox) => {
                for row in &infobox.rows {
                    for value in row.values() {
                        visit(value);
                    }
                }
            }
            Block::Image { caption, .. } => visit(caption),
            Block::Preformatted { .. } | Block::Rule | Block::References { .. } => {}
        }
    }
}

/// Replaces control characters (C0 but tab/newline, DEL, C1) with visible
/// stand-ins, so no byte of an article can act on a terminal.
/// Line ends are normalised on the way: `\r\n` and a lone `\r` become `\n`.
pub fn sanitize_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !may_hold_unsafe_controls(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c => out.push(visible_control(c)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A fast byte scan: false guarantees that no character of `bytes` is an
/// unsafe control (C0 but tab/newline, DEL, C1, U+2028/2029, U+FEFF).
pub fn may_hold_unsafe_controls(bytes: &[u8]) -> bool {
    // Branch-free, so it vectorises: any C0 control but tab/newline, or DEL.
    let c0_or_del = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f))
    });
    c0_or_del
        || memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes).any(|i| {
            match (bytes[i], bytes.get(i + 1..i + 3)) {
                // C1 controls U+0080..U+009F are C2 80..C2 9F.
                (0xc2, _) => bytes.get(i + 1).is_some_and(|&next| next <= 0x9f),
                // U+2028/U+2029 are E2 80 A8/A9.
                (0xe2, Some([0x80, 0xa8 | 0xa9])) => true,
                // U+FEFF is EF BB BF.
                (0xef, Some([0xbb, 0xbf])) => true,
                _ => false,
            }
        })
}

/// True for characters that a terminal would interpret rather than print.
pub fn is_unsafe_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// The printable stand-in for `c` (itself when it is safe).
pub fn visible_control(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' if c != '\n' && c != '\t' => {
            // Control Pictures: U+2400 + code (␛ for ESC, ␇ for BEL, ␀ for NUL).
            char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
        }
        '\u{7f}' => '\u{2421}',
        c if is_unsafe_control(c) => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_shows_citations_and_link_labels() {
        let inlines = vec![
            Inline::text("a"),
            Inline::Link {
                target: LinkTarget::Article {
                    title: "T".into(),
                    fragment: None,
                },
                content: vec![Inline::text("b")],
            },
            Inline::Citation { number: 3 },
        ];
        assert_eq!(plain_text(&inlines), "ab[3]");
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize_controls("a\u{1b}[31mb\u{7}\u{0}"), "a␛[31mb␇␀");
        assert_eq!(sanitize_controls("x\u{9b}y"), "x\u{fffd}y");
        assert_eq!(sanitize_controls("keep\ttab\n"), "keep\ttab\n");
    }

    #[test]
    fn line_ends_are_normalised() {
        assert_eq!(sanitize_controls("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn the_fast_scan_agrees_with_the_character_test() {
        let samples = [
            "plain 中文 text",
            "a\u{85}b",
            "\u{2028}",
            "\u{feff}x",
            "·é€",
            "\u{9f}",
            "\u{a0}",
        ];
        for sample in samples {
            assert_eq!(
                may_hold_unsafe_controls(sample.as_bytes()),
                sample.chars().any(is_unsafe_control),
                "{sample:?}"
            );
        }
        for code in 0u32..0x3000 {
            if let Some(c) = char::from_u32(code) {
                let text = c.to_string();
                if is_unsafe_control(c) && c != '\r' {
                    assert!(may_hold_unsafe_controls(text.as_bytes()), "U+{code:04X}");
                }
            }
        }
    }

    #[test]
    fn model_round_trips_through_json() {
        let article = Article {
            title: "T".into(),
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Citation { number: 1 }],
            }],
            footnotes: vec![Footnote::new(1, vec![])],
            ..Article::default()
        };
        let json = serde_json::to_string(&article).unwrap();
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back, article);
    }
}
