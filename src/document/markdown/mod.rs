//! Markdown conversions of Wikipedia pages (pandoc GFM, `"wikilink"` link
//! titles) → [`Article`].
//!
//! pulldown-cmark reads the Markdown; this module turns its events into the
//! model and cleans what the conversion left behind: the `本文内容由…转换而来`
//! header becomes `source_url`, `\[12\]` a citation, the closing numbered list
//! the footnotes (when it stands after the category line or under a
//! references heading, or has empty items), `[Category:X](…)` a category,
//! figures image blocks, raw
//! HTML tables real tables, and template braces vanish. TeX formulas
//! (`\(…\)`, `\[…\]`) read as text (`math`).
//!
//! It must never panic, never take more than linear time, never nest the
//! model deeper than a fixed limit, and never let raw markup (`[[`, `{{`,
//! `](`, `"wikilink"`, HTML tags) or a control character reach the text.

mod convert;
mod emphasis;
mod html;
mod inline;
mod links;
mod math;

#[cfg(test)]
mod tests;

use super::model::*;
use convert::{MAX_FOOTNOTE, Sink, trim_inlines};
use inline::{InlineStack, Node, Origin, SpanKind};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Quotes, lists and items nested deeper than this are flattened into their parent.
const MAX_BLOCK_DEPTH: usize = 16;

/// Parses a pandoc Markdown conversion of a wiki page.
pub fn parse(text: &str, title: &str) -> Article {
    let mut builder = Builder::default();
    builder.sink.page_title = title.to_string();
    let text = math::rewrite_math(text);
    for event in Parser::new_ext(&text, markdown_options()) {
        builder.event(event);
    }
    builder.finish(title)
}

/// Pipe tables and `~~strikethrough~~`; no math (`$` is common in prose).
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The run of inline text being read, and what it belongs to.
enum RunKind {
    Paragraph,
    Heading(u8),
    /// Text directly in a list item (a tight list).
    Loose,
    Cell,
}

struct Run {
    kind: RunKind,
    stack: InlineStack,
}

enum FrameKind {
    Root,
    Quote,
    List { ordered: bool, start: u64 },
    Item,
}

struct Frame {
    kind: FrameKind,
    blocks: Vec<Block>,
    items: Vec<ListItem>,
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            items: Vec::new(),
        }
    }
}

#[derive(Default)]
struct PipeTable {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    header: bool,
}

/// Turns pulldown-cmark events into blocks, one container frame at a time.
struct Builder {
    sink: Sink,
    frames: Vec<Frame>,
    /// Containers opened beyond [`MAX_BLOCK_DEPTH`] and not yet closed.
    flattened: usize,
    run: Option<Run>,
    code: Option<String>,
    /// Whether the open code block is indented rather than fenced.
    code_indented: bool,
    html: Option<String>,
    table: Option<PipeTable>,
    /// The destination of the first link in a block quote opening the file.
    header_url: Option<String>,
    /// The last ordered list put at the top level: its index and start number.
    last_top_list: Option<(usize, u64)>,
    /// Where the top-level block after the last paragraph of only category
    /// links goes (pandoc puts the footnote list right after it).
    after_category_line: Option<usize>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            sink: Sink::default(),
            frames: vec![Frame::new(FrameKind::Root)],
            flattened: 0,
            run: None,
            code: None,
            code_indented: false,
            html: None,
            table: None,
            header_url: None,
            last_top_list: None,
            after_category_line: None,
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => self.stack().push_node(Node::Code(text.to_string())),
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                let readable = crate::document::tex::readable_tex(&text);
                self.stack().push_text(&readable);
            }
            Event::Html(html) => self.html(&html),
            Event::InlineHtml(html) => html::apply_inline_html(&html, self.stack()),
            Event::FootnoteReference(label) => self.stack().push_text(&format!("[{label}]")),
            Event::SoftBreak => self.stack().push_node(Node::SoftBreak),
            Event::HardBreak => self.stack().push_node(Node::Break),
            Event::Rule => {
                self.close_loose_run();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_run(RunKind::Paragraph),
            Tag::Heading { level, .. } => self.open_run(RunKind::Heading(level as u8)),
            Tag::BlockQuote(_) => self.open_frame(FrameKind::Quote),
            Tag::List(start) => self.open_frame(FrameKind::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
            }),
            Tag::Item => self.open_frame(FrameKind::Item),
            Tag::CodeBlock(kind) => {
                self.close_loose_run();
                self.code = Some(String::new());
                self.code_indented = matches!(kind, CodeBlockKind::Indented);
            }
            Tag::HtmlBlock => {
                self.close_loose_run();
                self.html = Some(String::new());
            }
            Tag::Table(_) => {
                self.close_loose_run();
                self.table = Some(PipeTable::default());
            }
            Tag::TableHead => self.start_row(true),
            Tag::TableRow => self.start_row(false),
            Tag::TableCell => self.open_run(RunKind::Cell),
            Tag::Emphasis => self.open_span(SpanKind::Emphasis, "", ""),
            Tag::Strong => self.open_span(SpanKind::Strong, "", ""),
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                self.open_span(SpanKind::Plain, "", "")
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.note_header_link(&dest_url);
                self.open_span(SpanKind::Link, &dest_url, &title);
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    self.stack().mark_autolink();
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => self.open_span(SpanKind::Image, &dest_url, &title),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_loose_run(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.close_run(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => self.close_frame(),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    let code = code.trim_end_matches('\n');
                    // pandoc writes code fenced: an indented block is a list
                    // item's text indented too far, its formulas still TeX.
                    let code = if self.code_indented {
                        math::readable_math_in_text(code)
                    } else {
                        std::borrow::Cow::Borrowed(code)
                    };
                    let text = sanitize_controls(&code).into_owned();
                    if !text.trim().is_empty() {
                        self.push_block(Block::Preformatted { text });
                    }
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    self.push_html_blocks(&html);
                }
            }
            TagEnd::TableCell => self.close_cell(),
            TagEnd::TableHead | TagEnd::TableRow => self.end_row(),
            TagEnd::Table => self.end_table(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => self.stack().close_markdown(),
            TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.close_loose_run(),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = &mut self.code {
            code.push_str(text);
        } else if let Some(html) = &mut self.html {
            html.push_str(text);
        } else {
            self.stack().push_text(text);
        }
    }

    fn html(&mut self, html: &str) {
        match &mut self.html {
            Some(block) => block.push_str(html),
            None => self.push_html_blocks(html),
        }
    }

    fn push_html_blocks(&mut self, html: &str) {
        for block in html::blocks_from_html(html, &mut self.sink) {
            self.push_block(block);
        }
    }

    // -- inline runs ---------------------------------------------------------

    /// The open run's span stack; text outside any run opens a loose one.
    fn stack(&mut self) -> &mut InlineStack {
        let run = self.run.get_or_insert_with(|| Run {
            kind: RunKind::Loose,
            stack: InlineStack::default(),
        });
        &mut run.stack
    }

    fn open_span(&mut self, kind: SpanKind, url: &str, title: &str) {
        self.stack().open(kind, Origin::Markdown, url, title);
    }

    fn open_run(&mut self, kind: RunKind) {
        self.close_run();
        self.run = Some(Run {
            kind,
            stack: InlineStack::default(),
        });
    }

    fn close_loose_run(&mut self) {
        if matches!(&self.run, Some(run) if matches!(run.kind, RunKind::Loose)) {
            self.close_run();
        }
    }

    /// Ends the open run and puts what it made where it belongs.
    fn close_run(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        let nodes = run.stack.finish();
        match run.kind {
            RunKind::Paragraph | RunKind::Loose => {
                let category_links = self.sink.category_links;
                let blocks = convert::blocks(nodes, &mut self.sink);
                if blocks.is_empty()
                    && self.sink.category_links > category_links
                    && self.frames.len() == 1
                    && self.flattened == 0
                {
                    self.after_category_line = Some(self.frames[0].blocks.len());
                }
                for block in blocks {
                    self.push_block(block);
                }
            }
            RunKind::Heading(level) => {
                let content = trim_inlines(convert::inlines(nodes, &mut self.sink));
                if convert::has_visible_text(&content) {
                    self.push_block(Block::Heading { level, content });
                }
            }
            RunKind::Cell => {
                let content = trim_inlines(convert::inlines(nodes, &mut self.sink));
                let header = self.table.as_ref().is_some_and(|table| table.header);
                if let Some(table) = &mut self.table {
                    table.row.push(Cell::new(header, content));
                }
            }
        }
    }

    // -- pipe tables -----------------------------------------------------------

    fn start_row(&mut self, header: bool) {
        if let Some(table) = &mut self.table {
            table.row.clear();
            table.header = header;
        }
    }

    fn close_cell(&mut self) {
        if matches!(&self.run, Some(run) if matches!(run.kind, RunKind::Cell)) {
            self.close_run();
        }
    }

    fn end_row(&mut self) {
        self.close_cell();
        if let Some(table) = &mut self.table {
            let row = std::mem::take(&mut table.row);
            if row
                .iter()
                .any(|cell| convert::has_visible_text(&cell.content))
            {
                table.rows.push(row);
            }
        }
    }

    fn end_table(&mut self) {
        self.close_run();
        if let Some(table) = self.table.take()
            && !table.rows.is_empty()
        {
            self.push_block(Block::Table(Table {
                caption: Vec::new(),
                rows: table.rows,
            }));
        }
    }

    // -- containers ------------------------------------------------------------

    fn open_frame(&mut self, kind: FrameKind) {
        self.close_run();
        if self.frames.len() >= MAX_BLOCK_DEPTH {
            self.flattened += 1;
            return;
        }
        self.frames.push(Frame::new(kind));
    }

    fn close_frame(&mut self) {
        self.close_run();
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        if self.frames.len() <= 1 {
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.kind {
            FrameKind::Root => self.frames.push(frame),
            FrameKind::Quote => {
                if !frame.blocks.is_empty() {
                    self.push_block(Block::Quote {
                        blocks: frame.blocks,
                    });
                }
            }
            FrameKind::Item => self.push_item(ListItem {
                blocks: frame.blocks,
            }),
            FrameKind::List { ordered, start } => {
                let mut items = frame.items;
                if !ordered {
                    items.retain(|item| !item.blocks.is_empty());
                }
                if items.is_empty() {
                    return;
                }
                self.push_block(Block::List { ordered, items });
                if ordered && self.frames.len() == 1 {
                    let index = self.frames[0].blocks.len().saturating_sub(1);
                    self.last_top_list = Some((index, start));
                }
            }
        }
    }

    fn push_item(&mut self, item: ListItem) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        match frame.kind {
            FrameKind::List { .. } => frame.items.push(item),
            _ => frame.blocks.extend(item.blocks),
        }
    }

    fn push_block(&mut self, block: Block) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        match frame.kind {
            FrameKind::List { .. } => frame.items.push(ListItem {
                blocks: vec![block],
            }),
            _ => frame.blocks.push(block),
        }
    }

    /// Remembers the first link of a block quote that opens the file.
    fn note_header_link(&mut self, url: &str) {
        let in_opening_quote = self.frames.len() == 2
            && matches!(self.frames[1].kind, FrameKind::Quote)
            && self.frames[0].blocks.is_empty();
        if in_opening_quote && self.header_url.is_none() {
            self.header_url = Some(sanitize_controls(url).into_owned());
        }
    }

    // -- the article -------------------------------------------------------------

    fn finish(mut self, title: &str) -> Article {
        self.close_run();
        if let Some(html) = self.html.take() {
            self.push_html_blocks(&html);
        }
        self.end_table();
        while self.frames.len() > 1 {
            self.flattened = 0;
            self.close_frame();
        }
        let mut blocks = self
            .frames
            .pop()
            .map(|frame| frame.blocks)
            .unwrap_or_default();
        let mut article = Article {
            title: title.to_string(),
            format: Format::Markdown,
            ..Article::default()
        };
        let mut footnote_list = self.last_top_list;
        let mut after_category_line = self.after_category_line;
        if take_source_header(&mut blocks) {
            article.source_url = self.header_url.take();
            footnote_list =
                footnote_list.and_then(|(index, start)| Some((index.checked_sub(1)?, start)));
            after_category_line = after_category_line.and_then(|index| index.checked_sub(1));
        }
        let placed_as_notes = |index: usize| {
            after_category_line == Some(index)
                || index
                    .checked_sub(1)
                    .is_some_and(|before| is_references_heading(&blocks[before]))
        };
        if let Some((index, start)) = footnote_list
            && index + 1 == blocks.len()
            && let Some(footnotes) = footnotes_from_list(
                &blocks[index],
                start,
                placed_as_notes(index),
                &mut self.sink,
            )
        {
            article.footnotes = footnotes;
            blocks[index] = Block::References { group: None };
        }
        pad_footnotes(&mut article.footnotes, self.sink.max_citation);
        article.blocks = blocks;
        article.categories = self.sink.categories;
        article.warnings = self.sink.warnings;
        article
    }
}

/// Removes the `> 本文内容由[T](url)转换而来。` quote opening the file.
fn take_source_header(blocks: &mut Vec<Block>) -> bool {
    let Some(Block::Quote { blocks: inner }) = blocks.first() else {
        return false;
    };
    let text = blocks_plain_text(inner);
    let text = text.trim_start();
    let is_header = (text.starts_with("本文内容由") || text.starts_with("本文內容由"))
        && (text.contains("转换而来") || text.contains("轉換而來"));
    if is_header {
        blocks.remove(0);
    }
    is_header
}

/// Words of the headings the footnote list stands under.
const REFERENCE_HEADINGS: &[&str] = &[
    "参考",
    "參考",
    "注释",
    "註釋",
    "注釋",
    "注解",
    "脚注",
    "腳註",
    "资料来源",
    "資料來源",
    "来源",
    "來源",
    "出处",
    "出處",
    "引用資料",
    "引用资料",
    "引用文献",
    "引用文獻",
    "references",
    "notes",
    "sources",
    "footnotes",
    "citations",
    "bibliography",
];

/// A heading such as `## 参考文献` or `## Notes and references`.
fn is_references_heading(block: &Block) -> bool {
    let Block::Heading { content, .. } = block else {
        return false;
    };
    let text = plain_text(content).to_lowercase();
    REFERENCE_HEADINGS.iter().any(|word| text.contains(word))
}

/// The footnotes of the numbered list closing the file, when it is one:
/// some item is empty (a note whose text was lost), or the body cites
/// footnotes and the list stands where pandoc puts them (`placed_as_notes`:
/// right after the category line or under a references heading). Any other
/// closing list is an ordinary list, even when the body cites.
fn footnotes_from_list(
    block: &Block,
    start: u64,
    placed_as_notes: bool,
    sink: &mut Sink,
) -> Option<Vec<Footnote>> {
    let Block::List {
        ordered: true,
        items,
    } = block
    else {
        return None;
    };
    let has_empty_item = items.iter().any(|item| item.blocks.is_empty());
    let cited_where_notes_go = placed_as_notes && sink.max_citation > 0;
    if !(has_empty_item || cited_where_notes_go) {
        return None;
    }
    let start = u32::try_from(start.max(1))
        .ok()
        .filter(|&start| start <= MAX_FOOTNOTE)?;
    let mut footnotes = Vec::with_capacity(items.len());
    for (offset, item) in items.iter().enumerate() {
        let Some(number) = u32::try_from(offset)
            .ok()
            .and_then(|offset| start.checked_add(offset))
        else {
            break;
        };
        if number > MAX_FOOTNOTE {
            sink.warn("the footnote list is too long; the rest is dropped");
            break;
        }
        footnotes.push(Footnote::new(
            number,
            trim_inlines(item_inlines(&item.blocks)),
        ));
    }
    let mut all = Vec::with_capacity(footnotes.len() + start as usize);
    pad_footnotes(&mut all, start - 1);
    all.extend(footnotes);
    Some(all)
}

/// A list item's blocks as one run: paragraphs and nested items joined by breaks.
fn item_inlines(blocks: &[Block]) -> Vec<Inline> {
    let mut out = Vec::new();
    for block in blocks {
        let inlines = match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => content.clone(),
            Block::Image { caption, .. } => caption.clone(),
            Block::List { items, .. } => {
                let mut nested = Vec::new();
                for item in items {
                    if !nested.is_empty() {
                        nested.push(Inline::Break);
                    }
                    nested.extend(item_inlines(&item.blocks));
                }
                nested
            }
            Block::Quote { blocks } => item_inlines(blocks),
            other => {
                let text = blocks_plain_text(std::slice::from_ref(other));
                vec![Inline::text(text.trim())]
            }
        };
        if inlines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Inline::Break);
        }
        out.extend(inlines);
    }
    out
}

/// Adds empty footnotes so that `1..=last` are all present.
fn pad_footnotes(footnotes: &mut Vec<Footnote>, last: u32) {
    let have = u32::try_from(footnotes.len()).unwrap_or(u32::MAX);
    for number in have.saturating_add(1)..=last.min(MAX_FOOTNOTE) {
        footnotes.push(Footnote::new(number, Vec::new()));
    }
}
