//! Phase B: lines of scanned nodes → blocks (headings, paragraphs, lists,
//! tables, preformatted text, rules), with block-level pieces (infoboxes,
//! images, reference lists) coming from the inline conversion.

use super::convert::{
    Ctx, Item, Mode, Piece, is_blank, split_items_on_str, split_lines, trim_items,
};
use super::text::{first_char, last_char, needs_space};
use crate::document::attributes::cell_span;
use crate::document::model::{Block, Cell, Inline, ListItem, Table};

/// Deepest list nesting honoured; deeper markers read as the deepest.
const MAX_LIST_DEPTH: usize = 16;

/// A paragraph being gathered, line by line.
#[derive(Default)]
struct Paragraph {
    content: Vec<Inline>,
    line_open: bool,
}

impl Paragraph {
    fn add(&mut self, inline: Inline) {
        if !self.line_open && !self.content.is_empty() {
            let after = first_char(std::slice::from_ref(&inline));
            if needs_space(last_char(&self.content), after) {
                self.content.push(Inline::text(" "));
            }
        }
        self.line_open = true;
        self.content.push(inline);
    }

    fn end_line(&mut self) {
        self.line_open = false;
    }

    fn flush(&mut self, blocks: &mut Vec<Block>) {
        if !self.content.is_empty() {
            blocks.push(Block::Paragraph {
                content: std::mem::take(&mut self.content),
            });
        }
        self.line_open = false;
    }
}

fn first_text<'a>(line: &[Item<'a>]) -> &'a str {
    match line.first() {
        Some(Item::Text(text)) => text,
        _ => "",
    }
}

impl Ctx<'_> {
    /// Converts a sequence of items (many lines) into blocks.
    pub fn blocks(&mut self, items: &[Item]) -> Vec<Block> {
        let lines = split_lines(items);
        let mut blocks = Vec::new();
        let mut paragraph = Paragraph::default();
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            let head = first_text(line);
            if is_blank(line) {
                paragraph.flush(&mut blocks);
                i += 1;
            } else if let Some(start) = table_start(&lines, i) {
                paragraph.flush(&mut blocks);
                if start.from_template {
                    // The template draws the table's first line: keep what it shows.
                    self.paragraph_line(line, &mut paragraph, &mut blocks);
                    paragraph.flush(&mut blocks);
                }
                let (table, used, rest) = self.deeper(|ctx| ctx.table(&lines[i..]));
                blocks.push(Block::Table(table));
                if !is_blank(&rest) {
                    self.paragraph_line(&rest, &mut paragraph, &mut blocks);
                }
                i += used.max(1);
            } else if let Some((level, content)) = heading(line) {
                paragraph.flush(&mut blocks);
                let content = self.line_inlines(&content);
                blocks.push(Block::Heading { level, content });
                i += 1;
            } else if head.starts_with("----") {
                paragraph.flush(&mut blocks);
                blocks.push(Block::Rule);
                let mut rest = vec![Item::Text(head.trim_start_matches('-'))];
                rest.extend_from_slice(&line[1..]);
                if !is_blank(&rest) {
                    self.paragraph_line(&rest, &mut paragraph, &mut blocks);
                }
                i += 1;
            } else if head.starts_with(['*', '#', ':', ';']) {
                paragraph.flush(&mut blocks);
                let end = lines[i..]
                    .iter()
                    .position(|l| !first_text(l).starts_with(['*', '#', ':', ';']))
                    .map_or(lines.len(), |p| i + p);
                let list_lines: Vec<(&str, Vec<Item>)> =
                    lines[i..end].iter().map(|l| split_prefix(l)).collect();
                let built = self.deeper(|ctx| ctx.list_blocks(&list_lines, 0));
                blocks.extend(built);
                i = end;
            } else if is_preformatted(line) {
                paragraph.flush(&mut blocks);
                let end = lines[i..]
                    .iter()
                    .position(|l| !is_preformatted(l))
                    .map_or(lines.len(), |p| i + p);
                let text = self.preformatted_text(&lines[i..end]);
                blocks.push(Block::Preformatted { text });
                i = end;
            } else {
                self.paragraph_line(line, &mut paragraph, &mut blocks);
                i += 1;
            }
        }
        paragraph.flush(&mut blocks);
        blocks
    }

    fn paragraph_line(
        &mut self,
        line: &[Item],
        paragraph: &mut Paragraph,
        blocks: &mut Vec<Block>,
    ) {
        for piece in self.line_pieces(line, Mode::Block) {
            match piece {
                Piece::Inline(inline) => paragraph.add(inline),
                Piece::Block(block) => {
                    paragraph.flush(blocks);
                    if matches!(block, Block::References { .. }) {
                        self.saw_references_block = true;
                    }
                    blocks.push(block);
                }
            }
        }
        paragraph.end_line();
    }

    fn preformatted_text(&mut self, lines: &[Vec<Item>]) -> String {
        let mut text = String::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                text.push('\n');
            }
            let mut line = line.clone();
            if let Some(Item::Text(first)) = line.first().copied() {
                line[0] = Item::Text(first.strip_prefix(' ').unwrap_or(first));
            }
            let inlines = self.line_inlines(&line);
            text.push_str(&crate::document::model::plain_text(&inlines));
        }
        text
    }

    /// Lists from lines with their marker prefixes, at nesting `depth`.
    fn list_blocks(&mut self, lines: &[(&str, Vec<Item>)], depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let kind = marker_kind(lines[i].0, depth);
            let end = lines[i..]
                .iter()
                .position(|(prefix, _)| marker_kind(prefix, depth) != kind)
                .map_or(lines.len(), |p| i + p);
            let group = &lines[i..end];
            match kind {
                '*' | '#' => {
                    let items = self.list_items(group, depth);
                    blocks.push(Block::List {
                        ordered: kind == '#',
                        items,
                    });
                }
                _ => blocks.extend(self.definition_blocks(group, depth)),
            }
            i = end;
        }
        blocks
    }

    fn list_items(&mut self, group: &[(&str, Vec<Item>)], depth: usize) -> Vec<ListItem> {
        let mut items: Vec<ListItem> = Vec::new();
        let mut i = 0;
        while i < group.len() {
            let (prefix, content) = &group[i];
            let mut item = ListItem::default();
            let mut next = i + 1;
            if effective_len(prefix) == depth + 1 {
                item.blocks.extend(self.item_content(content));
            } else {
                next = i;
            }
            let deeper_end = group[next..]
                .iter()
                .position(|(p, _)| effective_len(p) <= depth + 1)
                .map_or(group.len(), |p| next + p);
            if deeper_end > next {
                let nested =
                    self.deeper(|ctx| ctx.list_blocks(&group[next..deeper_end], depth + 1));
                item.blocks.extend(nested);
            }
            items.push(item);
            i = deeper_end.max(i + 1);
        }
        items
    }

    /// `;term` and `:indented` lines: paragraphs (terms in bold).
    fn definition_blocks(&mut self, group: &[(&str, Vec<Item>)], depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut i = 0;
        while i < group.len() {
            let (prefix, content) = &group[i];
            if effective_len(prefix) == depth + 1 {
                let is_term = prefix.as_bytes().get(depth) == Some(&b';');
                if is_term {
                    blocks.extend(self.term_blocks(content));
                } else {
                    blocks.extend(self.item_content(content));
                }
                i += 1;
            } else {
                let end = group[i..]
                    .iter()
                    .position(|(p, _)| effective_len(p) <= depth + 1)
                    .map_or(group.len(), |p| i + p);
                blocks.extend(self.deeper(|ctx| ctx.list_blocks(&group[i..end], depth + 1)));
                i = end;
            }
        }
        blocks
    }

    /// `;term : definition` → a bold term paragraph and a definition.
    fn term_blocks(&mut self, content: &[Item]) -> Vec<Block> {
        let (term, definition) = match content
            .iter()
            .position(|item| matches!(item, Item::Text(t) if t.contains(':')))
        {
            Some(at) => {
                let text = match content[at] {
                    Item::Text(text) => text,
                    Item::Node(_) => "",
                };
                let (before, after) = text.split_once(':').unwrap_or((text, ""));
                let mut term = content[..at].to_vec();
                term.push(Item::Text(before));
                let mut definition = vec![Item::Text(after)];
                definition.extend_from_slice(&content[at + 1..]);
                (term, definition)
            }
            None => (content.to_vec(), Vec::new()),
        };
        let term = self.line_inlines(&term);
        let mut blocks = vec![Block::Paragraph {
            content: vec![Inline::Strong { content: term }],
        }];
        if !is_blank(&definition) {
            blocks.extend(self.item_content(&definition));
        }
        blocks
    }

    /// The blocks of one list line.
    fn item_content(&mut self, content: &[Item]) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut paragraph = Paragraph::default();
        self.paragraph_line(content, &mut paragraph, &mut blocks);
        paragraph.flush(&mut blocks);
        blocks
    }

    /// A wikitable starting at `lines[0]`; returns it, the lines used and
    /// what follows its closing `|}` on the same line.
    fn table<'a>(&mut self, lines: &[Vec<Item<'a>>]) -> (Table, usize, Vec<Item<'a>>) {
        let mut builder = TableBuilder::default();
        let mut i = 1;
        while i < lines.len() {
            let line = trim_items(&lines[i]);
            let head = first_text(&line);
            if head.starts_with("{|") {
                let (nested, used, rest) = self.deeper(|ctx| ctx.table(&lines[i..]));
                builder.nested_table(nested);
                if !is_blank(&rest) {
                    builder.continue_cell(&rest);
                }
                i += used.max(1);
                continue;
            }
            i += 1;
            if let Some(rest) = head.strip_prefix("|}") {
                let rest = replace_first(&line, rest);
                return (self.finish_table(builder), i, rest);
            } else if let Some(rest) = head.strip_prefix("|+") {
                builder.caption = replace_first(&line, rest)
                    .into_iter()
                    .map(owned_item)
                    .collect();
            } else if head.starts_with("|-") {
                builder.end_row();
            } else if let Some(rest) = head.strip_prefix('!') {
                let line = replace_first(&line, rest);
                for cell in split_items_on_str(&line, "||") {
                    for cell in split_items_on_str(&cell, "!!") {
                        builder.start_cell(true, &cell);
                    }
                }
            } else if let Some(rest) = head.strip_prefix('|') {
                let line = replace_first(&line, rest);
                for cell in split_items_on_str(&line, "||") {
                    builder.start_cell(false, &cell);
                }
            } else {
                builder.continue_cell(&lines[i - 1]);
            }
        }
        (self.finish_table(builder), i, Vec::new())
    }

    fn finish_table(&mut self, builder: TableBuilder) -> Table {
        let caption_items: Vec<Item> = builder.caption.iter().map(|i| i.as_item()).collect();
        let caption = self.inlines(&strip_cell_attributes(&caption_items));
        let mut rows = Vec::new();
        for raw_row in builder.rows.into_iter().chain(std::iter::once(builder.row)) {
            let mut row = Vec::new();
            for raw_cell in raw_row {
                let mut content = Vec::new();
                for part in raw_cell.parts {
                    match part {
                        CellPart::Items(items) => {
                            let items: Vec<Item> = items.iter().map(|i| i.as_item()).collect();
                            let items = strip_cell_attributes(&items);
                            if !content.is_empty() {
                                content.push(Inline::text(" "));
                            }
                            content.extend(self.inlines(&items));
                        }
                        CellPart::Table(table) => {
                            if !content.is_empty() && content.last() != Some(&Inline::Break) {
                                content.push(Inline::Break);
                            }
                            content.extend(flatten_table(table));
                        }
                    }
                }
                let (colspan, rowspan) = raw_cell.span;
                row.push(Cell {
                    colspan,
                    rowspan,
                    ..Cell::new(raw_cell.header, content)
                });
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Table { caption, rows }
    }
}

/// A table's content as inlines: cells separated by spaces, rows by breaks.
fn flatten_table(table: Table) -> Vec<Inline> {
    let mut out = table.caption;
    for row in table.rows {
        if !out.is_empty() {
            out.push(Inline::Break);
        }
        for (index, cell) in row.into_iter().enumerate() {
            if index > 0 {
                out.push(Inline::text(" "));
            }
            out.extend(cell.content);
        }
    }
    out
}

/// Items kept across lines of a table (text copied out of its line).
#[derive(Clone)]
enum OwnedItem<'a> {
    Text(&'a str),
    Node(&'a super::scan::Node),
}

impl<'a> OwnedItem<'a> {
    fn as_item(&self) -> Item<'a> {
        match self {
            OwnedItem::Text(text) => Item::Text(text),
            OwnedItem::Node(node) => Item::Node(node),
        }
    }
}

fn owned_item(item: Item<'_>) -> OwnedItem<'_> {
    match item {
        Item::Text(text) => OwnedItem::Text(text),
        Item::Node(node) => OwnedItem::Node(node),
    }
}

enum CellPart<'a> {
    Items(Vec<OwnedItem<'a>>),
    Table(Table),
}

struct RawCell<'a> {
    header: bool,
    /// `(colspan, rowspan)` from the cell's attributes.
    span: (u16, u16),
    parts: Vec<CellPart<'a>>,
}

#[derive(Default)]
struct TableBuilder<'a> {
    caption: Vec<OwnedItem<'a>>,
    rows: Vec<Vec<RawCell<'a>>>,
    row: Vec<RawCell<'a>>,
}

impl<'a> TableBuilder<'a> {
    fn end_row(&mut self) {
        if !self.row.is_empty() {
            self.rows.push(std::mem::take(&mut self.row));
        }
    }

    fn start_cell(&mut self, header: bool, items: &[Item<'a>]) {
        let span = match items.first() {
            Some(Item::Text(first)) => first.find('|').map_or((1, 1), |at| cell_span(&first[..at])),
            _ => (1, 1),
        };
        let items = items.iter().copied().map(owned_item).collect();
        self.row.push(RawCell {
            header,
            span,
            parts: vec![CellPart::Items(items)],
        });
    }

    fn continue_cell(&mut self, items: &[Item<'a>]) {
        let items: Vec<OwnedItem> = items.iter().copied().map(owned_item).collect();
        match self.row.last_mut() {
            Some(cell) => match cell.parts.last_mut() {
                Some(CellPart::Items(existing)) => {
                    existing.push(OwnedItem::Text("\n"));
                    existing.extend(items);
                }
                _ => cell.parts.push(CellPart::Items(items)),
            },
            None => self.row.push(RawCell {
                header: false,
                span: (1, 1),
                parts: vec![CellPart::Items(items)],
            }),
        }
    }

    fn nested_table(&mut self, table: Table) {
        match self.row.last_mut() {
            Some(cell) => cell.parts.push(CellPart::Table(table)),
            None => self.row.push(RawCell {
                header: false,
                span: (1, 1),
                parts: vec![CellPart::Table(table)],
            }),
        }
    }
}

/// How a table begins at `lines[at]`.
struct TableStart {
    /// The first line is a template that draws the table's opening
    /// (`{{Football player national team statistics|…}}` then `|-` rows).
    from_template: bool,
}

/// Whether a table begins at `lines[at]`: a `{|` line (also indented with
/// `:`), or a line that is one template followed at once by table rows
/// (`|-`, `!`) and later closed by `|}`.
fn table_start(lines: &[Vec<Item>], at: usize) -> Option<TableStart> {
    let line = lines.get(at)?;
    let head = first_text(line).trim_start_matches(':').trim_start();
    if head.starts_with("{|") {
        return Some(TableStart {
            from_template: false,
        });
    }
    let trimmed = trim_items(line);
    let one_template = matches!(
        trimmed.as_slice(),
        [Item::Node(super::scan::Node::Template(_))]
    );
    if !one_template {
        return None;
    }
    let next = lines.get(at + 1).map(|l| first_text(l).trim_start())?;
    if !(next.starts_with("|-") || next.starts_with('!')) {
        return None;
    }
    let closes = lines[at + 1..]
        .iter()
        .take_while(|l| !is_blank(l))
        .any(|l| first_text(l).trim_start().starts_with("|}"));
    closes.then_some(TableStart {
        from_template: true,
    })
}

/// `style="…" | content` → content (only a single `|` in leading text counts).
fn strip_cell_attributes<'a>(cell: &[Item<'a>]) -> Vec<Item<'a>> {
    if let Some(Item::Text(first)) = cell.first().copied()
        && let Some(at) = first.find('|')
    {
        let mut out = vec![Item::Text(&first[at + 1..])];
        out.extend_from_slice(&cell[1..]);
        return out;
    }
    cell.to_vec()
}

/// The line with its first text replaced by `rest`.
fn replace_first<'a>(line: &[Item<'a>], rest: &'a str) -> Vec<Item<'a>> {
    let mut out = vec![Item::Text(rest)];
    out.extend_from_slice(line.get(1..).unwrap_or(&[]));
    out
}

/// `== h ==` → (2, h).
fn heading<'a>(line: &[Item<'a>]) -> Option<(u8, Vec<Item<'a>>)> {
    let line = trim_items(line);
    let Some(Item::Text(first)) = line.first().copied() else {
        return None;
    };
    let Some(Item::Text(last)) = line.last().copied() else {
        return None;
    };
    let leading = first.bytes().take_while(|&b| b == b'=').count();
    let trailing = last.bytes().rev().take_while(|&b| b == b'=').count();
    if leading == 0 || trailing == 0 {
        return None;
    }
    let mut level = leading.min(trailing).min(6);
    if line.len() == 1 {
        level = level.min((first.len().saturating_sub(1)) / 2);
        if level == 0 {
            return None;
        }
        let inner = &first[level..first.len() - level];
        return Some((level as u8, vec![Item::Text(inner)]));
    }
    let mut content = line.clone();
    content[0] = Item::Text(&first[level..]);
    let end = content.len() - 1;
    content[end] = Item::Text(&last[..last.len() - level]);
    Some((level as u8, content))
}

/// A line that begins with a space and has text right after it.
fn is_preformatted(line: &[Item]) -> bool {
    match line.first() {
        Some(Item::Text(text)) => text.starts_with(' ') && !text.trim().is_empty(),
        _ => false,
    }
}

/// (marker prefix, the rest of the line).
fn split_prefix<'a>(line: &[Item<'a>]) -> (&'a str, Vec<Item<'a>>) {
    let head = first_text(line);
    let len = head
        .bytes()
        .take_while(|b| matches!(b, b'*' | b'#' | b':' | b';'))
        .count();
    let mut rest = vec![Item::Text(&head[len..])];
    rest.extend_from_slice(line.get(1..).unwrap_or(&[]));
    (&head[..len], rest)
}

fn effective_len(prefix: &str) -> usize {
    prefix.len().min(MAX_LIST_DEPTH)
}

/// The list kind at `depth`: `*`, `#` or `:` (`;` reads as `:`).
fn marker_kind(prefix: &str, depth: usize) -> char {
    let index = depth.min(effective_len(prefix).saturating_sub(1));
    match prefix.as_bytes().get(index) {
        Some(b'*') => '*',
        Some(b'#') => '#',
        _ => ':',
    }
}
