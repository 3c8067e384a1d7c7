//! Layout: an [`Article`] laid out for a width, as display lines.
//!
//! One function, [`layout_article`], serves both the command line and the
//! reader. Each line is a list of styled spans; each span remembers the link
//! or citation it belongs to (an index into [`Layout::targets`]), so the reader
//! can highlight and follow it. Layout is a pure function of (article, width,
//! options): it never reads files, never touches a terminal, and every line it
//! returns is at most `width` cells wide with no control characters in it.

pub mod table;
pub mod wrap;

use crate::document::{Article, Block, Footnote, Inline, LinkTarget, ListItem};
use wrap::{Run, wrap};

/// What a piece of text is, for whoever draws it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Role {
    #[default]
    Body,
    /// A heading of this depth (1 = the article's top sections).
    Heading(u8),
    /// List bullets and numbers.
    Marker,
    /// Table and quote borders, rules.
    Border,
    /// Table header cells and infobox keys.
    Label,
    /// Captions of tables, infoboxes and images.
    Caption,
    /// A footnote's number in a footnote list.
    FootnoteNumber,
    /// Text that says something is missing.
    Muted,
    /// A link hint's label, set before its link (see [`layout_article_labelled`]).
    Hint,
}

/// How a span looks, independent of any terminal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Style {
    pub strong: bool,
    pub emphasis: bool,
    pub code: bool,
    pub role: Role,
}

impl Style {
    pub fn role(role: Role) -> Style {
        Style {
            role,
            ..Style::default()
        }
    }
}

/// A piece of a display line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    /// Index into [`Layout::targets`] when the text is part of a link or citation.
    pub target: Option<usize>,
}

impl Span {
    pub fn styled(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            target: None,
        }
    }
}

/// One display line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|span| span.text.as_str()).collect()
    }
    /// The line's width in cells.
    pub fn width(&self) -> usize {
        wrap::spans_width(&self.spans)
    }
}

/// Something a span can lead to: each occurrence in the article is its own target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Link(LinkTarget),
    Citation(u32),
}

/// A heading's place in the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingAnchor {
    pub line: usize,
    /// Depth below the article's top heading level (1 = top).
    pub depth: u8,
    /// Its number, like `2.1`.
    pub number: String,
    pub text: String,
}

/// An article laid out for one width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub width: usize,
    pub lines: Vec<Line>,
    /// Every link and citation occurrence, in reading order.
    pub targets: Vec<Target>,
    /// The first line of each target (same indexing as `targets`).
    pub target_lines: Vec<usize>,
    pub headings: Vec<HeadingAnchor>,
    /// Where each footnote's entry starts, when footnotes are laid out in place.
    pub footnote_lines: Vec<(u32, usize)>,
}

/// Choices that differ between the command line and the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Lay the footnote list out where the article places it (`{{Reflist}}`).
    pub footnotes_in_place: bool,
    /// Number headings (`1`, `1.1`, …).
    pub number_headings: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            footnotes_in_place: true,
            number_headings: true,
        }
    }
}

/// Text shown for a footnote whose source text was lost, in the
/// interface's language.
pub fn empty_footnote_text() -> String {
    crate::tr!(crate::i18n::Text::EmptyFootnote)
}

/// Lays `article` out at `width` cells.
pub fn layout_article(article: &Article, width: usize, options: LayoutOptions) -> Layout {
    let mut builder = Builder::new(article, width, options);
    builder.blocks(&article.blocks, &[], true);
    builder.finish()
}

/// [`layout_article`] with `labels` (target index → label) set as text of
/// their own just before their targets, kept on the same line: link hints
/// that hide no character of the article. Targets keep their indices.
pub fn layout_article_labelled(
    article: &Article,
    width: usize,
    options: LayoutOptions,
    labels: std::collections::HashMap<usize, String>,
) -> Layout {
    let mut builder = Builder::new(article, width, options);
    builder.labels = labels;
    builder.blocks(&article.blocks, &[], true);
    builder.finish()
}

/// Lays out a footnote list (`[n] text`, empty ones marked) at `width`,
/// for the command line's footnote section.
pub fn layout_footnotes(footnotes: &[Footnote], width: usize) -> Layout {
    let article = Article {
        footnotes: footnotes.to_vec(),
        ..Article::default()
    };
    let mut builder = Builder::new(&article, width, LayoutOptions::default());
    let all: Vec<&Footnote> = article.footnotes.iter().collect();
    builder.footnote_list(&all, &[]);
    builder.finish()
}

struct Builder<'a> {
    article: &'a Article,
    width: usize,
    options: LayoutOptions,
    layout: Layout,
    top_heading_level: u8,
    heading_counters: Vec<u32>,
    /// How many nested blocks deep we are (bounds recursion on hostile models).
    depth: usize,
    /// Labels set before targets, by target index (link hints).
    labels: std::collections::HashMap<usize, String>,
}

/// Blocks nested deeper than this are laid out flat.
const MAX_NESTING: usize = 32;

impl<'a> Builder<'a> {
    fn new(article: &'a Article, width: usize, options: LayoutOptions) -> Builder<'a> {
        let top_heading_level = article
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        Builder {
            article,
            width,
            options,
            layout: Layout {
                width,
                ..Layout::default()
            },
            top_heading_level,
            heading_counters: Vec::new(),
            depth: 0,
            labels: std::collections::HashMap::new(),
        }
    }

    fn finish(mut self) -> Layout {
        let mut target_lines = vec![usize::MAX; self.layout.targets.len()];
        for (n, line) in self.layout.lines.iter().enumerate() {
            for span in &line.spans {
                if let Some(t) = span.target
                    && let Some(slot) = target_lines.get_mut(t)
                    && *slot == usize::MAX
                {
                    *slot = n;
                }
            }
        }
        // A target whose text was empty has no line: point it at its neighbour's.
        let mut last = 0;
        for slot in &mut target_lines {
            if *slot == usize::MAX {
                *slot = last;
            } else {
                last = *slot;
            }
        }
        self.layout.target_lines = target_lines;
        while self
            .layout
            .lines
            .last()
            .is_some_and(|line| line.spans.is_empty())
        {
            self.layout.lines.pop();
        }
        self.layout
    }

    fn push_lines(&mut self, lines: Vec<Line>) {
        self.layout.lines.extend(lines);
    }

    /// A line made only of a prefix (an empty list item, a gap in a quote),
    /// cut to the width.
    fn prefix_only_line(&mut self, prefix: &[Span]) {
        let mut spans = Vec::new();
        let mut left = self.width;
        for span in prefix {
            let mut text = String::new();
            for c in span.text.chars() {
                let w = wrap::char_width(c);
                if w > left {
                    break;
                }
                left -= w;
                text.push(c);
            }
            let cut = text.len() < span.text.len();
            if !text.is_empty() {
                spans.push(Span {
                    text,
                    style: span.style,
                    target: span.target,
                });
            }
            if cut {
                break;
            }
        }
        self.layout.lines.push(Line { spans });
    }

    fn blank_line(&mut self) {
        if self
            .layout
            .lines
            .last()
            .is_some_and(|line| !line.spans.is_empty())
        {
            self.layout.lines.push(Line::default());
        }
    }

    /// Lays out blocks; `prefix` starts every line (quote bars, list indents).
    /// Top-level blocks are separated by blank lines.
    fn blocks(&mut self, blocks: &[Block], prefix: &[Span], separated: bool) {
        for block in blocks {
            if separated {
                self.blank_line();
            }
            self.block(block, prefix, prefix);
        }
    }

    fn block(&mut self, block: &Block, first_prefix: &[Span], rest_prefix: &[Span]) {
        self.depth += 1;
        let flat = self.depth > MAX_NESTING;
        match block {
            Block::Heading { level, content } => self.heading(*level, content),
            Block::Paragraph { content } => {
                let runs = self.runs(content, Style::default());
                let lines = wrap(&runs, self.width, first_prefix, rest_prefix);
                self.push_lines(lines);
            }
            Block::List { ordered, items } => {
                if flat {
                    for item in items {
                        self.list_item_flat(item, rest_prefix);
                    }
                } else {
                    self.list(*ordered, items, first_prefix, rest_prefix);
                }
            }
            Block::Quote { blocks } if flat => {
                let mut runs = Vec::new();
                collect_flat_runs(self, blocks, &mut runs, 0);
                let lines = wrap(&runs, self.width, first_prefix, rest_prefix);
                self.push_lines(lines);
            }
            Block::Quote { blocks } => {
                let mut bar = rest_prefix.to_vec();
                bar.push(Span::styled("│ ", Style::role(Role::Border)));
                for (i, inner) in blocks.iter().enumerate() {
                    if i > 0 {
                        self.prefix_only_line(&bar);
                    }
                    self.block(inner, &bar, &bar);
                }
            }
            Block::Table(t) => {
                let lines = table::layout_table(self, t, self.width, rest_prefix);
                self.push_lines(lines);
            }
            Block::Infobox(infobox) => {
                let t = table::infobox_table(infobox);
                let lines = table::layout_table(self, &t, self.width, rest_prefix);
                self.push_lines(lines);
            }
            Block::Image { target, caption } => {
                let mut runs = vec![Run::new("〔图〕", Style::role(Role::Caption), None)];
                runs.extend(self.runs(caption, Style::role(Role::Caption)));
                if caption.is_empty() {
                    runs.push(Run::new(target.clone(), Style::role(Role::Caption), None));
                }
                let lines = wrap(&runs, self.width, first_prefix, rest_prefix);
                self.push_lines(lines);
            }
            Block::Preformatted { text } => {
                let style = Style {
                    code: true,
                    ..Style::default()
                };
                let lines = wrap::hard_wrap(text, self.width, style, rest_prefix);
                self.push_lines(lines);
            }
            Block::Rule => {
                let avail = self.width.saturating_sub(wrap::spans_width(rest_prefix));
                let mut spans = rest_prefix.to_vec();
                spans.push(Span::styled(
                    "─".repeat(avail.min(40)),
                    Style::role(Role::Border),
                ));
                if avail > 0 {
                    self.layout.lines.push(Line { spans });
                }
            }
            Block::References { group } => {
                if self.options.footnotes_in_place {
                    let listed = self.listed_here(group.as_deref());
                    self.footnote_list(&listed, rest_prefix);
                }
            }
        }
        self.depth -= 1;
    }

    fn heading(&mut self, level: u8, content: &[Inline]) {
        let depth = level
            .saturating_sub(self.top_heading_level)
            .saturating_add(1)
            .min(6);
        let d = depth as usize;
        self.heading_counters.resize(d, 0);
        if let Some(last) = self.heading_counters.last_mut() {
            *last += 1;
        }
        let number = self
            .heading_counters
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(".");
        let style = Style {
            strong: true,
            ..Style::role(Role::Heading(depth))
        };
        let mut runs = Vec::new();
        if self.options.number_headings {
            runs.push(Run::new(format!("{number} "), style, None));
        }
        runs.extend(self.runs(content, style));
        let text = crate::document::plain_text(content);
        let lines = wrap(&runs, self.width, &[], &[]);
        if lines.is_empty() {
            return;
        }
        self.layout.headings.push(HeadingAnchor {
            line: self.layout.lines.len(),
            depth,
            number,
            text: text.trim().to_string(),
        });
        let underline_width = lines.iter().map(Line::width).max().unwrap_or(0);
        self.push_lines(lines);
        if depth == 1 && underline_width > 0 {
            let rule = Span::styled("─".repeat(underline_width), Style::role(Role::Border));
            self.layout.lines.push(Line { spans: vec![rule] });
        }
    }

    fn list(
        &mut self,
        ordered: bool,
        items: &[ListItem],
        first_prefix: &[Span],
        rest_prefix: &[Span],
    ) {
        let bullet = match self.depth % 3 {
            1 => "• ",
            2 => "◦ ",
            _ => "▪ ",
        };
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}. ", i + 1)
            } else {
                bullet.to_string()
            };
            let marker_width = wrap::text_width(&marker);
            let item_first_prefix = if i == 0 { first_prefix } else { rest_prefix };
            let mut first = item_first_prefix.to_vec();
            first.push(Span::styled(marker, Style::role(Role::Marker)));
            let mut rest = rest_prefix.to_vec();
            rest.push(Span::styled(" ".repeat(marker_width), Style::default()));
            if item.blocks.is_empty() {
                self.prefix_only_line(&first);
                continue;
            }
            for (j, inner) in item.blocks.iter().enumerate() {
                if j == 0 {
                    self.block(inner, &first, &rest);
                } else {
                    self.block(inner, &rest, &rest);
                }
            }
        }
    }

    fn list_item_flat(&mut self, item: &ListItem, prefix: &[Span]) {
        let mut runs = Vec::new();
        collect_flat_runs(self, &item.blocks, &mut runs, 0);
        let lines = wrap(&runs, self.width, prefix, prefix);
        self.push_lines(lines);
    }

    /// The footnotes a reference list of `group` shows: that group's; the
    /// plain list also shows those of groups no list of their own shows.
    fn listed_here(&self, group: Option<&str>) -> Vec<&'a Footnote> {
        let article = self.article;
        let has_own_list = |wanted: &str| {
            article
                .blocks
                .iter()
                .any(|block| matches!(block, Block::References { group: Some(g) } if g == wanted))
        };
        article
            .footnotes
            .iter()
            .filter(|footnote| match (group, footnote.group.as_deref()) {
                (Some(wanted), Some(own)) => wanted == own,
                (Some(_), None) => false,
                (None, None) => true,
                (None, Some(own)) => !has_own_list(own),
            })
            .collect()
    }

    fn footnote_list(&mut self, footnotes: &[&Footnote], prefix: &[Span]) {
        for footnote in footnotes.iter().copied() {
            let label = format!("[{}] ", footnote.marker());
            let label_width = wrap::text_width(&label);
            let mut first = prefix.to_vec();
            first.push(Span::styled(label, Style::role(Role::FootnoteNumber)));
            let mut rest = prefix.to_vec();
            rest.push(Span::styled(" ".repeat(label_width), Style::default()));
            let runs = if footnote.is_empty() {
                vec![Run::new(
                    empty_footnote_text(),
                    Style::role(Role::Muted),
                    None,
                )]
            } else {
                self.runs(&footnote.content, Style::default())
            };
            let line = self.layout.lines.len();
            let lines = wrap(&runs, self.width, &first, &rest);
            if !lines.is_empty() {
                self.layout.footnote_lines.push((footnote.number, line));
            }
            self.push_lines(lines);
        }
    }

    /// Flattens inlines into runs, registering each link and citation as a target.
    fn runs<'b>(&mut self, inlines: &'b [Inline], style: Style) -> Vec<Run<'b>> {
        let mut runs = Vec::new();
        self.push_runs(inlines, style, None, &mut runs, 0);
        runs
    }

    fn push_runs<'b>(
        &mut self,
        inlines: &'b [Inline],
        style: Style,
        target: Option<usize>,
        runs: &mut Vec<Run<'b>>,
        depth: usize,
    ) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => runs.push(Run::new(text.as_str(), style, target)),
                Inline::Code { text } => runs.push(Run::new(
                    text.clone(),
                    Style {
                        code: true,
                        ..style
                    },
                    target,
                )),
                Inline::Break => runs.push(Run::new("\n", style, target)),
                Inline::Strong { content } if depth < MAX_NESTING => self.push_runs(
                    content,
                    Style {
                        strong: true,
                        ..style
                    },
                    target,
                    runs,
                    depth + 1,
                ),
                Inline::Emphasis { content } if depth < MAX_NESTING => self.push_runs(
                    content,
                    Style {
                        emphasis: true,
                        ..style
                    },
                    target,
                    runs,
                    depth + 1,
                ),
                Inline::Link {
                    target: link,
                    content,
                } if depth < MAX_NESTING => {
                    let own = target.unwrap_or_else(|| {
                        self.layout.targets.push(Target::Link(link.clone()));
                        self.layout.targets.len() - 1
                    });
                    let labelled = target.is_none() && self.push_label(own, false, runs);
                    let first = runs.len();
                    if content.is_empty() {
                        let label = match link {
                            LinkTarget::Article { title, .. } => title.clone(),
                            LinkTarget::External { url } => url.clone(),
                        };
                        runs.push(Run::new(label, style, Some(own)));
                    } else {
                        self.push_runs(content, style, Some(own), runs, depth + 1);
                    }
                    // The link never leaves its label at the end of a line.
                    if labelled && let Some(run) = runs.get_mut(first) {
                        run.sticks_to_previous = true;
                    }
                }
                Inline::Citation { number } => {
                    self.layout.targets.push(Target::Citation(*number));
                    let own = self.layout.targets.len() - 1;
                    // A citation's label sticks to the cited text, as the
                    // citation does.
                    self.push_label(own, true, runs);
                    let marker = self
                        .article
                        .footnotes
                        .get((*number as usize).wrapping_sub(1))
                        .filter(|footnote| footnote.number == *number)
                        .map_or_else(|| number.to_string(), Footnote::marker);
                    runs.push(Run::new(format!("[{marker}]"), style, Some(own)).sticking());
                }
                Inline::Strong { content }
                | Inline::Emphasis { content }
                | Inline::Link { content, .. } => {
                    let text = crate::document::plain_text(content);
                    runs.push(Run::new(text, style, target));
                }
            }
        }
    }
}

impl Builder<'_> {
    /// Pushes the label of target `own`, if it has one; whether it had.
    fn push_label(&self, own: usize, sticking: bool, runs: &mut Vec<Run<'_>>) -> bool {
        let Some(label) = self.labels.get(&own) else {
            return false;
        };
        let run = Run::new(label.clone(), Style::role(Role::Hint), None);
        runs.push(if sticking { run.sticking() } else { run });
        true
    }
}

fn collect_flat_runs<'b>(
    builder: &mut Builder<'_>,
    blocks: &'b [Block],
    runs: &mut Vec<Run<'b>>,
    depth: usize,
) {
    for block in blocks {
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                runs.extend(builder.runs(content, Style::default()));
                runs.push(Run::new(" ", Style::default(), None));
            }
            Block::List { items, .. } if depth < MAX_NESTING => {
                for item in items {
                    collect_flat_runs(builder, &item.blocks, runs, depth + 1);
                }
            }
            Block::Quote { blocks } if depth < MAX_NESTING => {
                collect_flat_runs(builder, blocks, runs, depth + 1)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph { content: inlines }
    }

    #[test]
    fn headings_are_numbered_and_anchored() {
        let article = Article {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    content: vec![Inline::text("歷史")],
                },
                Block::Heading {
                    level: 3,
                    content: vec![Inline::text("成立前")],
                },
                Block::Heading {
                    level: 3,
                    content: vec![Inline::text("成立")],
                },
                Block::Heading {
                    level: 2,
                    content: vec![Inline::text("參見")],
                },
            ],
            ..Article::default()
        };
        let layout = layout_article(&article, 40, LayoutOptions::default());
        let numbers: Vec<_> = layout.headings.iter().map(|h| h.number.as_str()).collect();
        assert_eq!(numbers, ["1", "1.1", "1.2", "2"]);
        assert_eq!(layout.lines[layout.headings[1].line].text(), "1.1 成立前");
        assert_eq!(layout.lines[1].text(), "─".repeat(6));
    }

    #[test]
    fn links_and_citations_become_targets_with_lines() {
        let article = Article {
            blocks: vec![para(vec![
                Inline::text("甲"),
                Inline::Link {
                    target: LinkTarget::Article {
                        title: "乙".into(),
                        fragment: None,
                    },
                    content: vec![Inline::text("乙")],
                },
                Inline::Citation { number: 1 },
            ])],
            footnotes: vec![Footnote::new(1, vec![])],
            ..Article::default()
        };
        let layout = layout_article(&article, 40, LayoutOptions::default());
        assert_eq!(layout.lines[0].text(), "甲乙[1]");
        assert_eq!(layout.targets.len(), 2);
        assert_eq!(layout.targets[1], Target::Citation(1));
        assert_eq!(layout.target_lines, vec![0, 0]);
    }

    #[test]
    fn nested_lists_indent_with_hanging_markers() {
        let item = |text: &str, nested: Option<Block>| ListItem {
            blocks: std::iter::once(para(vec![Inline::text(text)]))
                .chain(nested)
                .collect(),
        };
        let inner = Block::List {
            ordered: false,
            items: vec![item("乙乙乙乙", None)],
        };
        let article = Article {
            blocks: vec![Block::List {
                ordered: false,
                items: vec![item("甲", Some(inner)), item("丙", None)],
            }],
            ..Article::default()
        };
        let text: Vec<String> = layout_article(&article, 10, LayoutOptions::default())
            .lines
            .iter()
            .map(Line::text)
            .collect();
        assert_eq!(text, ["• 甲", "  ◦ 乙乙乙", "    乙", "• 丙"]);
        let ordered = Article {
            blocks: vec![Block::List {
                ordered: true,
                items: vec![item("一", None), item("二", None)],
            }],
            ..Article::default()
        };
        let text: Vec<String> = layout_article(&ordered, 10, LayoutOptions::default())
            .lines
            .iter()
            .map(Line::text)
            .collect();
        assert_eq!(text, ["1. 一", "2. 二"]);
    }

    #[test]
    fn empty_footnotes_are_marked() {
        let footnotes = vec![
            Footnote::new(1, vec![Inline::text("劉學銚")]),
            Footnote::new(2, vec![]),
        ];
        let layout = layout_footnotes(&footnotes, 40);
        let text: Vec<String> = layout.lines.iter().map(Line::text).collect();
        assert_eq!(
            text,
            [
                "[1] 劉學銚".to_string(),
                format!("[2] {}", empty_footnote_text())
            ]
        );
        assert_eq!(layout.footnote_lines, vec![(1, 0), (2, 1)]);
    }

    #[test]
    fn empty_items_in_deep_lists_fit_narrow_widths() {
        let mut list = Block::List {
            ordered: false,
            items: vec![ListItem::default()],
        };
        for _ in 0..40 {
            list = Block::List {
                ordered: false,
                items: vec![ListItem { blocks: vec![list] }],
            };
        }
        let article = Article {
            blocks: vec![list],
            ..Article::default()
        };
        for width in [1, 2, 5, 80] {
            let layout = layout_article(&article, width, LayoutOptions::default());
            assert!(
                layout.lines.iter().all(|l| l.width() <= width),
                "width {width}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut block = para(vec![Inline::text("深")]);
        for _ in 0..5000 {
            block = Block::Quote {
                blocks: vec![block],
            };
        }
        let article = Article {
            blocks: vec![block],
            ..Article::default()
        };
        let layout = layout_article(&article, 30, LayoutOptions::default());
        assert!(layout.lines.iter().all(|l| l.width() <= 30));
        // Dropping a 5000-deep model recursively is fine on the test stack.
    }
}
