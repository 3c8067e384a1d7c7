//! Phase B core: the conversion context and the inline conversion of one
//! line of scanned nodes (bold/italic state, HTML markers, tags, links,
//! templates). Block structure lives in `blocks`, templates in `templates`.

use std::collections::HashSet;

use super::refs::Refs;
use super::scan::{Body, Node};
use super::text::{decode_entities, first_char, last_char, needs_space};
use crate::document::model::{Block, Inline};

/// How deep conversion may recurse before giving up on a subtree.
const MAX_CONVERT_DEPTH: usize = 160;

/// A borrowed piece of a node sequence: text may be a slice of a text node.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    Text(&'a str),
    Node(&'a Node),
}

/// The items of some nodes.
pub fn items(nodes: &[Node]) -> Vec<Item<'_>> {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(text) => Item::Text(text),
            other => Item::Node(other),
        })
        .collect()
}

/// Splits items into lines at the newlines of their text.
pub fn split_lines<'a>(items: &[Item<'a>]) -> Vec<Vec<Item<'a>>> {
    let mut lines = vec![Vec::new()];
    for item in items {
        match item {
            Item::Text(text) => {
                for (index, piece) in text.split('\n').enumerate() {
                    if index > 0 {
                        lines.push(Vec::new());
                    }
                    if !piece.is_empty()
                        && let Some(line) = lines.last_mut()
                    {
                        line.push(Item::Text(piece));
                    }
                }
            }
            node => {
                if let Some(line) = lines.last_mut() {
                    line.push(*node);
                }
            }
        }
    }
    lines
}

/// `{{Wayback|…}}`: a link that ends without punctuation.
fn is_archive_link(node: &Node) -> bool {
    let Node::Template(parts) = node else {
        return false;
    };
    let name = parts
        .first()
        .map(|p| raw_text(&items(p)))
        .unwrap_or_default();
    let name = name.trim().to_lowercase();
    let name = match name.split_once(':') {
        Some((ns, rest)) if crate::wiki::namespaces::is_template(ns) => rest.trim(),
        _ => &name,
    };
    name == "wayback"
}

/// Trims white space at both ends of some items.
pub fn trim_items<'a>(items: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut out: Vec<Item<'a>> = items.to_vec();
    while let Some(Item::Text(text)) = out.first().copied() {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            out.remove(0);
        } else {
            out[0] = Item::Text(trimmed);
            break;
        }
    }
    while let Some(Item::Text(text)) = out.last().copied() {
        let trimmed = text.trim_end();
        let last = out.len() - 1;
        if trimmed.is_empty() {
            out.pop();
        } else {
            out[last] = Item::Text(trimmed);
            break;
        }
    }
    out
}

/// Whether items hold nothing but white space.
pub fn is_blank(items: &[Item]) -> bool {
    items
        .iter()
        .all(|item| matches!(item, Item::Text(t) if t.trim().is_empty()))
}

/// Where conversion happens: at block level (blocks may appear) or inside
/// an inline context (infobox values, cells, captions, footnotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Block,
    Inline,
}

/// What converting something yields.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Inline(Inline),
    Block(Block),
}

/// The language of the article, for labels and interwiki links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Everything article-wide that conversion accumulates.
pub struct Ctx<'t> {
    pub title: &'t str,
    pub lang: Lang,
    pub refs: Refs,
    pub warnings: Vec<String>,
    warned: HashSet<String>,
    pub categories: Vec<String>,
    /// Set while reading list-defined references (`<references>…</references>`).
    pub defining_refs: bool,
    pub saw_references_block: bool,
    /// External links without a label so far (MediaWiki numbers them).
    pub unlabelled_links: usize,
    depth: usize,
}

impl<'t> Ctx<'t> {
    pub fn new(title: &'t str, lang: Lang) -> Self {
        Ctx {
            title,
            lang,
            refs: Refs::default(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            categories: Vec::new(),
            defining_refs: false,
            saw_references_block: false,
            unlabelled_links: 0,
            depth: 0,
        }
    }

    /// Records a warning once.
    pub fn warn(&mut self, warning: String) {
        if self.warned.insert(warning.clone()) {
            self.warnings.push(warning);
        }
    }

    /// True the first time a template key is seen as unknown.
    pub fn note_unknown_template(&mut self, key: &str) -> bool {
        self.warned.insert(format!("\u{1f}template\u{1f}{key}"))
    }

    pub fn add_category(&mut self, name: String) {
        if !name.is_empty() && !self.categories.contains(&name) {
            self.categories.push(name);
        }
    }

    /// Runs `f` one level deeper, or returns `T::default()` past the limit.
    pub fn deeper<T: Default>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        if self.depth >= MAX_CONVERT_DEPTH {
            return T::default();
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// Converts one line (no newlines at its top level) into pieces.
    pub fn line_pieces(&mut self, line: &[Item], mode: Mode) -> Vec<Piece> {
        let alone = line
            .iter()
            .filter(|item| !matches!(item, Item::Text(t) if t.trim().is_empty()))
            .count()
            == 1
            && line.iter().any(|item| matches!(item, Item::Node(_)));
        let mut styler = Styler::default();
        self.deeper(|ctx| ctx.feed(&mut styler, line, mode, alone));
        styler.finish()
    }

    /// Converts one line to inlines only (blocks are flattened or dropped).
    pub fn line_inlines(&mut self, line: &[Item]) -> Vec<Inline> {
        let pieces = self.line_pieces(line, Mode::Inline);
        pieces_to_inlines(pieces)
    }

    /// Converts possibly many lines to inlines: list items and paragraph
    /// breaks become [`Inline::Break`], other line ends a space (or nothing
    /// between CJK characters).
    pub fn inlines(&mut self, items: &[Item]) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        let mut pending_break = false;
        let mut previous_was_list = false;
        for line in split_lines(items) {
            if is_blank(&line) {
                pending_break = !out.is_empty();
                continue;
            }
            let (is_list, line) = strip_list_marker(&line);
            let inlines = self.line_inlines(&line);
            if !super::text::is_visible(&inlines)
                && !inlines.iter().any(|i| matches!(i, Inline::Code { .. }))
            {
                continue;
            }
            // A line that ended on a block element's edge has its break.
            let broken = matches!(out.last(), Some(Inline::Break));
            if !out.is_empty() && !broken {
                if pending_break || is_list || previous_was_list {
                    out.push(Inline::Break);
                } else if needs_space(last_char(&out), first_char(&inlines)) {
                    out.push(Inline::text(" "));
                }
            }
            out.extend(inlines);
            pending_break = false;
            previous_was_list = is_list;
        }
        out
    }

    /// Feeds items into a styler: text goes through the quote state machine,
    /// nodes are converted.
    pub fn feed(&mut self, styler: &mut Styler, line: &[Item], mode: Mode, alone: bool) {
        let mut skip_in_next = 0usize;
        let mut after_archive_link = false;
        for (index, item) in line.iter().enumerate() {
            match item {
                Item::Text(text) => {
                    let text = text.get(skip_in_next..).unwrap_or("");
                    skip_in_next = 0;
                    // `{{Wayback|…}}2010 report` would glue the archive
                    // link to the next word.
                    if std::mem::take(&mut after_archive_link)
                        && text.chars().next().is_some_and(char::is_alphanumeric)
                    {
                        styler.text(". ");
                    }
                    styler.text(text);
                }
                Item::Node(node) => {
                    let trail = match (node, line.get(index + 1)) {
                        (Node::Link(_), Some(Item::Text(next))) => link_trail(next),
                        _ => "",
                    };
                    skip_in_next = trail.len();
                    after_archive_link = is_archive_link(node);
                    self.node(styler, node, trail, mode, alone);
                }
            }
        }
    }

    fn node(&mut self, styler: &mut Styler, node: &Node, trail: &str, mode: Mode, alone: bool) {
        match node {
            Node::Text(text) => styler.text(text),
            Node::Template(parts) => {
                let pieces = self.deeper(|ctx| ctx.template(parts, mode, alone));
                styler.pieces(pieces);
            }
            Node::Param(parts) => {
                if let Some(default) = parts.get(1) {
                    let default = items(default);
                    self.deeper(|ctx| ctx.feed(styler, &default, mode, false));
                }
            }
            Node::Link(parts) => {
                let pieces = self.deeper(|ctx| ctx.link(parts, trail, mode, alone));
                styler.pieces(pieces);
            }
            Node::ExtLink(content) => {
                let inline = self.deeper(|ctx| ctx.external_link(content));
                styler.pieces(inline.into_iter().map(Piece::Inline).collect());
            }
            Node::Conv(content) => {
                let chosen = choose_variant(content);
                self.deeper(|ctx| ctx.feed(styler, &chosen, mode, false));
            }
            Node::Ext { name, attrs, body } => {
                let pieces = self.deeper(|ctx| ctx.extension(name, attrs, body.as_ref(), mode));
                styler.pieces(pieces);
            }
            Node::Html { name, closing } => match name.as_str() {
                "br" => styler.push(Inline::Break),
                "b" | "strong" => styler.bold = !closing,
                "i" | "em" => styler.italic = !closing,
                // A block element's edge in running text starts a line, as
                // a browser shows it; a cell's edge parts words.
                "div" | "p" | "center" | "blockquote" | "table" | "caption" | "tr" | "ul"
                | "ol" | "li" | "dl" | "dt" | "dd" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5"
                | "h6" => styler.block_edge(),
                "td" | "th" => styler.text(" "),
                _ => {}
            },
        }
    }

    fn extension(
        &mut self,
        name: &str,
        attrs: &str,
        body: Option<&Body>,
        mode: Mode,
    ) -> Vec<Piece> {
        let raw = match body {
            Some(Body::Raw(raw)) => Some(raw.as_str()),
            _ => None,
        };
        let nodes: &[Node] = match body {
            Some(Body::Nodes(nodes)) => nodes,
            _ => &[],
        };
        match name {
            "ref" => self.reference(attrs, body.map(|_| nodes)),
            "references" => self.references_tag(attrs, nodes, mode),
            "nowiki" => {
                let text = decode_entities(raw.unwrap_or(""));
                if super::text::looks_like_markup(&text) {
                    vec![Piece::Inline(Inline::Code { text })]
                } else {
                    vec![Piece::Inline(Inline::text(text))]
                }
            }
            "math" => {
                let text = crate::document::tex::readable_tex(raw.unwrap_or(""));
                vec![Piece::Inline(Inline::text(text))]
            }
            "chem" | "ce" => {
                vec![Piece::Inline(Inline::Code {
                    text: raw.unwrap_or("").trim().to_string(),
                })]
            }
            "pre" | "source" | "syntaxhighlight" => {
                let text = raw.unwrap_or("").trim_matches('\n').to_string();
                let text = if name == "pre" {
                    decode_entities(&text)
                } else {
                    text
                };
                match mode {
                    Mode::Block if text.contains('\n') || name == "pre" => {
                        vec![Piece::Block(Block::Preformatted { text })]
                    }
                    _ => vec![Piece::Inline(Inline::Code { text })],
                }
            }
            "poem" => self.poem(nodes, mode),
            "blockquote" => {
                let inner = items(nodes);
                match mode {
                    Mode::Block => {
                        let blocks = self.deeper(|ctx| ctx.blocks(&inner));
                        vec![Piece::Block(Block::Quote { blocks })]
                    }
                    Mode::Inline => self
                        .inlines(&inner)
                        .into_iter()
                        .map(Piece::Inline)
                        .collect(),
                }
            }
            "gallery" => self.gallery(nodes, mode),
            _ => Vec::new(),
        }
    }

    fn poem(&mut self, nodes: &[Node], mode: Mode) -> Vec<Piece> {
        let all = items(nodes);
        let mut content: Vec<Inline> = Vec::new();
        for line in split_lines(&all) {
            if !content.is_empty() {
                content.push(Inline::Break);
            }
            let line = trim_items(&line);
            content.extend(self.line_inlines(&line));
        }
        match mode {
            Mode::Block => vec![Piece::Block(Block::Paragraph { content })],
            Mode::Inline => content.into_iter().map(Piece::Inline).collect(),
        }
    }

    fn gallery(&mut self, nodes: &[Node], mode: Mode) -> Vec<Piece> {
        if mode == Mode::Inline {
            return Vec::new();
        }
        let all = items(nodes);
        let mut out = Vec::new();
        for line in split_lines(&all) {
            let line = trim_items(&line);
            let Some(Item::Text(first)) = line.first().copied() else {
                continue;
            };
            let (file, caption_head) = first.split_once('|').unwrap_or((first, ""));
            let target = strip_file_namespace(file.trim());
            if target.is_empty() {
                continue;
            }
            let mut rest = vec![Item::Text(caption_head)];
            rest.extend_from_slice(&line[1..]);
            // `File:x.jpg|alt=…|caption|120px`: the caption is the last
            // parameter that is not an option.
            let parameters = split_bars(&rest);
            let raw: Vec<String> = parameters.iter().map(|p| raw_text(p)).collect();
            let caption = match crate::wiki::images::caption_index(&raw) {
                Some(index) => self.line_inlines(&trim_items(&parameters[index])),
                None => Vec::new(),
            };
            out.push(Piece::Block(Block::Image { target, caption }));
        }
        out
    }
}

/// Items split at the `|` of their text (not inside links or templates).
fn split_bars<'a>(items: &[Item<'a>]) -> Vec<Vec<Item<'a>>> {
    let mut parts = vec![Vec::new()];
    for item in items {
        match item {
            Item::Text(text) => {
                for (index, piece) in text.split('|').enumerate() {
                    if index > 0 {
                        parts.push(Vec::new());
                    }
                    if let Some(part) = parts.last_mut() {
                        part.push(Item::Text(piece));
                    }
                }
            }
            node => {
                if let Some(part) = parts.last_mut() {
                    part.push(*node);
                }
            }
        }
    }
    parts
}

/// `File:x.jpg` → `x.jpg` (any file namespace), spaces for underscores.
fn strip_file_namespace(name: &str) -> String {
    let name = match name.split_once(':') {
        Some((ns, rest)) if crate::wiki::namespaces::is_file(ns) => rest,
        _ => name,
    };
    name.replace('_', " ").trim().to_string()
}

/// Leading ASCII letters of the text after a link (`[[T]]s`).
fn link_trail(next: &str) -> &str {
    let end = next.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    &next[..end]
}

/// Strips `*`, `#`, `:`, `;` markers at the start of a line.
pub fn strip_list_marker<'a>(line: &[Item<'a>]) -> (bool, Vec<Item<'a>>) {
    match line.first() {
        Some(Item::Text(text)) if text.starts_with(['*', '#', ':', ';']) => {
            let rest = text.trim_start_matches(['*', '#', ':', ';']);
            let mut out = vec![Item::Text(rest)];
            out.extend_from_slice(&line[1..]);
            (true, out)
        }
        _ => (false, line.to_vec()),
    }
}

/// Turns pieces into inlines: paragraphs are spliced in, other blocks dropped.
pub fn pieces_to_inlines(pieces: Vec<Piece>) -> Vec<Inline> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Inline(inline) => out.push(inline),
            Piece::Block(Block::Paragraph { content }) => out.extend(content),
            Piece::Block(Block::Preformatted { text }) => out.push(Inline::Code { text }),
            Piece::Block(_) => {}
        }
    }
    out
}

/// The content of `-{…}-` to show: nothing for rules, one variant when
/// the content lists variants, otherwise the content itself.
fn choose_variant(content: &[Node]) -> Vec<Item<'_>> {
    let mut all = items(content);
    if let Some(Item::Text(first)) = all.first().copied()
        && let Some((flags, rest)) = first.split_once('|')
    {
        let flags = flags.trim();
        if !flags.is_empty()
            && flags.len() <= 8
            && flags
                .chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '+' | ';' | ' '))
            && !flags.contains(':')
        {
            // `A` and `D` show the text; the others only set rules.
            if flags.contains(['H', '-', 'T']) {
                return Vec::new();
            }
            all[0] = Item::Text(rest);
        }
    }
    let segments = split_items_on(&all, ';');
    let variants: Vec<(&str, Vec<Item>)> = segments
        .iter()
        .filter(|segment| !is_blank(segment))
        .filter_map(|segment| variant_of(segment))
        .collect();
    let non_blank = segments.iter().filter(|segment| !is_blank(segment)).count();
    if variants.is_empty() || variants.len() != non_blank {
        return all;
    }
    crate::document::reading_script::pick_variant(&variants)
        .cloned()
        .unwrap_or_default()
}

/// `zh-hant:乙` → ("zh-hant", 乙).
fn variant_of<'a>(segment: &[Item<'a>]) -> Option<(&'a str, Vec<Item<'a>>)> {
    let Some(Item::Text(first)) = segment.first().copied() else {
        return None;
    };
    let first = first.trim_start();
    let (code, rest) = first.split_once(':')?;
    let code = code.trim();
    let valid = code == "zh"
        || code.strip_prefix("zh-").is_some_and(|region| {
            (2..=4).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_alphabetic())
        });
    if !valid {
        return None;
    }
    let mut items = vec![Item::Text(rest)];
    items.extend_from_slice(&segment[1..]);
    Some((code, items))
}

/// Splits items at every `separator` in their text.
pub fn split_items_on<'a>(items: &[Item<'a>], separator: char) -> Vec<Vec<Item<'a>>> {
    split_items_on_str(items, separator.encode_utf8(&mut [0; 4]))
}

/// Splits items at every occurrence of a string separator in their text.
pub fn split_items_on_str<'a>(items: &[Item<'a>], separator: &str) -> Vec<Vec<Item<'a>>> {
    let mut out = vec![Vec::new()];
    for item in items {
        match item {
            Item::Text(text) => {
                for (index, piece) in text.split(separator).enumerate() {
                    if index > 0 {
                        out.push(Vec::new());
                    }
                    if !piece.is_empty()
                        && let Some(last) = out.last_mut()
                    {
                        last.push(Item::Text(piece));
                    }
                }
            }
            node => {
                if let Some(last) = out.last_mut() {
                    last.push(*node);
                }
            }
        }
    }
    out
}

/// The bold/italic state of one line and the inlines produced so far.
#[derive(Default)]
pub struct Styler {
    pub bold: bool,
    pub italic: bool,
    out: Vec<Styled>,
    /// Whether something visible was pushed since the last line break or
    /// block (a block element's edge breaks the line only then).
    line_has_text: bool,
}

enum Styled {
    Inline {
        bold: bool,
        italic: bool,
        inline: Inline,
    },
    Block(Block),
}

impl Styler {
    /// Text with `''`/`'''` toggles; entities decoded.
    pub fn text(&mut self, text: &str) {
        let mut rest = text;
        while let Some(start) = rest.find("''") {
            self.plain(&rest[..start]);
            let run = rest[start..].bytes().take_while(|&b| b == b'\'').count();
            match run {
                2 => self.italic = !self.italic,
                3 => self.bold = !self.bold,
                4 => {
                    self.plain("'");
                    self.bold = !self.bold;
                }
                _ => {
                    if run > 5 {
                        self.plain("'"); // longer runs keep one apostrophe
                    }
                    self.bold = !self.bold;
                    self.italic = !self.italic;
                }
            }
            rest = &rest[start + run..];
        }
        self.plain(rest);
    }

    /// A block element's edge: the line breaks here, once however many
    /// edges meet (white space between them aside), never at the start.
    pub fn block_edge(&mut self) {
        if self.line_has_text {
            self.push(Inline::Break);
        }
    }

    fn plain(&mut self, text: &str) {
        if !text.is_empty() {
            self.push(Inline::text(decode_entities(text)));
        }
    }

    pub fn push(&mut self, inline: Inline) {
        match &inline {
            Inline::Break => self.line_has_text = false,
            Inline::Text { text } if text.trim().is_empty() => {}
            _ => self.line_has_text = true,
        }
        self.out.push(Styled::Inline {
            bold: self.bold,
            italic: self.italic,
            inline,
        });
    }

    pub fn pieces(&mut self, pieces: Vec<Piece>) {
        for piece in pieces {
            match piece {
                Piece::Inline(inline) => self.push(inline),
                Piece::Block(block) => {
                    self.line_has_text = false;
                    self.out.push(Styled::Block(block));
                }
            }
        }
    }

    /// The pieces, styled runs grouped into Strong/Emphasis.
    pub fn finish(self) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut run: Vec<(bool, bool, Inline)> = Vec::new();
        for styled in self.out {
            match styled {
                Styled::Inline {
                    bold,
                    italic,
                    inline,
                } => run.push((bold, italic, inline)),
                Styled::Block(block) => {
                    pieces.extend(
                        group_styles(std::mem::take(&mut run))
                            .into_iter()
                            .map(Piece::Inline),
                    );
                    pieces.push(Piece::Block(block));
                }
            }
        }
        pieces.extend(group_styles(run).into_iter().map(Piece::Inline));
        pieces
    }
}

/// Groups consecutive bold inlines into Strong, italic ones into Emphasis.
fn group_styles(run: Vec<(bool, bool, Inline)>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut iter = run.into_iter().peekable();
    while let Some((bold, italic, inline)) = iter.next() {
        if bold {
            let mut inner = vec![(false, italic, inline)];
            while let Some((_, italic, inline)) = iter.next_if(|(b, _, _)| *b) {
                inner.push((false, italic, inline));
            }
            out.push(Inline::Strong {
                content: group_styles(inner),
            });
        } else if italic {
            let mut inner = vec![inline];
            while let Some((_, _, inline)) = iter.next_if(|(b, i, _)| !*b && *i) {
                inner.push(inline);
            }
            out.push(Inline::Emphasis { content: inner });
        } else {
            out.push(inline);
        }
    }
    out
}

/// Plain text of items without converting anything (for names, keys,
/// targets): text items only, plus `{{!}}` and `{{=}}`.
pub fn raw_text(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Text(text) => out.push_str(text),
            Item::Node(Node::Template(parts)) => {
                let name = parts
                    .first()
                    .map(|p| raw_text(&self::items(p)))
                    .unwrap_or_default();
                match name.trim() {
                    "!" => out.push('|'),
                    "=" => out.push('='),
                    _ => {}
                }
            }
            Item::Node(Node::Conv(content)) => out.push_str(&raw_text(&choose_variant(content))),
            Item::Node(Node::Ext {
                name,
                body: Some(Body::Raw(raw)),
                ..
            }) if name == "nowiki" => out.push_str(raw),
            _ => {}
        }
    }
    decode_entities(&out)
}
