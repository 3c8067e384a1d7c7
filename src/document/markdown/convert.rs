//! Inline trees ([`Node`]s) → model inlines and blocks, cleaning the pandoc
//! leftovers on the way: citations `[12]`, category links, figures and their
//! broken captions (`…\]\]`), links that show a file
//! (`[300px|缩略图|说明](../Page/文件:X.jpg.md)`), gallery lines (`<File:X>
//! caption`, `文件:X.jpg|说明`) — an image's caption never keeps its options
//! (`300px`, `缩略图`, `alt=…`) — template braces (`{{-}}`, infobox residue)
//! and language-conversion markup (`-{…}-`).

use super::inline::Node;
use super::links::{
    category_name, embedded_file, file_name, image_prefix_len, is_categorization, link_target,
    strip_file_prefix,
};
use crate::document::model::{Block, Infobox, InfoboxRow, Inline, LinkTarget, sanitize_controls};
use crate::wiki::images::caption_index;
use std::collections::VecDeque;

/// Footnote numbers above this are not citations (and no list may reach them).
pub(super) const MAX_FOOTNOTE: u32 = 100_000;

/// How many distinct warnings an article keeps.
const MAX_WARNINGS: usize = 50;

/// What conversion learns about the whole article.
#[derive(Debug, Default)]
pub(super) struct Sink {
    /// The title of the article being read (for links to its own sections).
    pub page_title: String,
    pub categories: Vec<String>,
    pub warnings: Vec<String>,
    /// The highest citation number seen (0: none).
    pub max_citation: u32,
    /// How many category links were read (repeats included).
    pub category_links: usize,
}

impl Sink {
    pub(super) fn warn(&mut self, message: &str) {
        if self.warnings.len() < MAX_WARNINGS && !self.warnings.iter().any(|w| w == message) {
            self.warnings.push(message.to_string());
        }
    }

    fn add_category(&mut self, name: String) {
        self.category_links += 1;
        if !self.categories.contains(&name) {
            self.categories.push(name);
        }
    }
}

/// File name endings of gallery entries.
const FILE_EXTENSIONS: &[&str] = &[
    ".jpeg", ".jpg", ".png", ".gif", ".svg", ".tiff", ".tif", ".webp", ".ogg", ".ogv", ".webm",
    ".pdf", ".djvu", ".mp3", ".mid", ".wav", ".flac",
];

// ---------------------------------------------------------------------------
// Block context: a paragraph or a tight list item.

/// A run read where blocks may stand: figures become image blocks, a run
/// made only of a template becomes an infobox or vanishes.
pub(super) fn blocks(nodes: Vec<Node>, sink: &mut Sink) -> Vec<Block> {
    let nodes = strip_definition_marker(nodes);
    if let Some(kind) = template_kind(&nodes) {
        return template_block(nodes, kind, sink).into_iter().collect();
    }
    let nodes = text_gallery(nodes);
    let mut out = Vec::new();
    let mut paragraph: Vec<Node> = Vec::new();
    let mut queue: VecDeque<Node> = nodes.into();
    while let Some(node) = queue.pop_front() {
        if let Some((target, caption)) = figure(&node, sink) {
            flush_paragraph(&mut paragraph, &mut out, sink);
            let mut caption = caption;
            caption.extend(broken_caption_tail(&mut queue, sink));
            let caption = tidy_caption(caption, &target);
            out.push(Block::Image { target, caption });
        } else if let Some(name) = gallery_file(&node) {
            flush_paragraph(&mut paragraph, &mut out, sink);
            out.push(gallery_image(name, &mut queue, sink));
        } else {
            paragraph.push(node);
        }
    }
    flush_paragraph(&mut paragraph, &mut out, sink);
    out
}

fn flush_paragraph(paragraph: &mut Vec<Node>, out: &mut Vec<Block>, sink: &mut Sink) {
    let content = trim_inlines(inlines(std::mem::take(paragraph), sink));
    if has_visible_text(&content) {
        out.push(Block::Paragraph { content });
    }
}

/// A figure: `[F.jpg](…File:F.jpg "fig:caption")` or `![caption](url)`.
/// Returns the file name and the caption the title or alt text gives.
/// A figure: `[F.jpg](…File:F.jpg "fig:caption")`, `![caption](url)`, or a
/// link that shows a file (`[300px|缩略图|caption](../Page/文件:F.jpg.md …)`).
/// Returns the file name and the caption the title, alt text or label
/// gives, without the options.
fn figure(node: &Node, sink: &mut Sink) -> Option<(String, Vec<Inline>)> {
    match node {
        Node::Link {
            url,
            title,
            autolink: false,
            content,
        } => {
            if let Some(caption) = title.strip_prefix("fig:") {
                let target = file_name(url);
                let caption = caption_from_title(caption, &target);
                return Some((target, caption));
            }
            let target = embedded_file(url)?;
            let caption = caption_from_parameters(content.clone(), &target, true, sink);
            Some((target, caption))
        }
        Node::Image { url, title, alt } => {
            let target = file_name(url);
            let mut caption = caption_from_parameters(alt.clone(), &target, true, sink);
            if !has_visible_text(&caption) {
                let title = title.strip_prefix("fig:").unwrap_or(title);
                caption = caption_from_title(title, &target);
            }
            Some((target, caption))
        }
        _ => None,
    }
}

/// The figure title as a caption: its last parameter that is not an option
/// word (`缩略图`, `thumb`, `200px`), unless that only repeats the file name.
fn caption_from_title(title: &str, target: &str) -> Vec<Inline> {
    let title = clean_text(title);
    let parameters: Vec<&str> = title.split('|').collect();
    let Some(index) = caption_index(&parameters) else {
        return Vec::new();
    };
    let caption = parameters[index].trim().replace('_', " ");
    tidy_caption(vec![Inline::text(caption)], target)
}

/// A caption from `|`-separated parameters read as nodes (a link label, an
/// alt text, a gallery line): the last one that is not an option.
fn caption_from_parameters(
    nodes: Vec<Node>,
    target: &str,
    in_link: bool,
    sink: &mut Sink,
) -> Vec<Inline> {
    let mut parameters = split_on_bars(nodes);
    let texts: Vec<String> = parameters
        .iter()
        .map(|parameter| nodes_text(parameter))
        .collect();
    let Some(index) = caption_index(&texts) else {
        return Vec::new();
    };
    let caption = inlines_in(parameters.swap_remove(index), in_link, sink);
    tidy_caption(caption, target)
}

/// The text of nodes with the labels of their links.
fn nodes_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(text) | Node::Code(text) => out.push_str(text),
            Node::Strong(children) | Node::Emphasis(children) => {
                out.push_str(&nodes_text(children))
            }
            Node::Link { content, .. } => out.push_str(&nodes_text(content)),
            Node::Image { alt, .. } => out.push_str(&nodes_text(alt)),
            Node::SoftBreak | Node::Break => out.push(' '),
        }
    }
    out
}

/// Punctuation a caption cut by pandoc starts with (`，自右向左念…`).
const CAPTION_LEAD: &[char] = &[
    '，', '、', '。', '；', '：', ',', '.', ';', ':', '！', '？', '!', '?', '|',
];

/// A caption as shown: trimmed, without the punctuation left where its head
/// was cut off, and empty when nothing of it is words (`。`) or it only
/// repeats the file name.
fn tidy_caption(caption: Vec<Inline>, target: &str) -> Vec<Inline> {
    let mut caption = trim_inlines(caption);
    if let Some(Inline::Text { text }) = caption.first_mut() {
        let trimmed =
            text.trim_start_matches(|c: char| c.is_whitespace() || CAPTION_LEAD.contains(&c));
        if trimmed.len() != text.len() {
            *text = trimmed.to_string();
        }
    }
    let caption = trim_inlines(caption);
    let shown = crate::document::model::plain_text(&caption);
    let shown = shown.trim();
    let repeats_name = shown.replace('_', " ").eq_ignore_ascii_case(target);
    if repeats_name || !shown.chars().any(char::is_alphanumeric) {
        Vec::new()
    } else {
        caption
    }
}

/// Takes the rest of a caption that pandoc cut off, up to a `]]` in the same
/// run (`[F.jpg](…)（右三）与各部长\]\]`). Nothing is taken when no `]]`
/// follows before the next figure.
fn broken_caption_tail(queue: &mut VecDeque<Node>, sink: &mut Sink) -> Vec<Inline> {
    let mut end = None;
    for (index, node) in queue.iter().enumerate() {
        match node {
            Node::Text(text) => {
                if let Some(at) = text.find("]]") {
                    end = Some((index, at));
                    break;
                }
            }
            Node::Link { title, .. } if title.starts_with("fig:") => break,
            Node::Image { .. } => break,
            _ => {}
        }
    }
    let Some((index, at)) = end else {
        return Vec::new();
    };
    let mut tail: Vec<Node> = queue.drain(..index).collect();
    if let Some(Node::Text(text)) = queue.front_mut() {
        let rest = text.split_off(at);
        tail.push(Node::Text(std::mem::take(text)));
        *text = rest[2..].to_string();
    }
    inlines_in(tail, false, sink)
}

/// The file of a gallery line's autolink (`<File:X>` → `X`).
fn gallery_file(node: &Node) -> Option<String> {
    let Node::Link {
        url,
        autolink: true,
        ..
    } = node
    else {
        return None;
    };
    strip_file_prefix(url).map(super::links::decode_title)
}

/// A gallery entry: pandoc cut the file name at its first space
/// (`<File:恭王府后花园> - panoramio.jpg`), and a caption may follow a `|`.
fn gallery_image(mut target: String, queue: &mut VecDeque<Node>, sink: &mut Sink) -> Block {
    let mut caption_nodes = Vec::new();
    if let Some(Node::Text(text)) = queue.front_mut() {
        let (name_end, caption_start) = gallery_name_end(text);
        target.push_str(&text[..name_end]);
        let rest = text[caption_start..].to_string();
        queue.pop_front();
        caption_nodes.push(Node::Text(rest));
    }
    while let Some(node) = queue.front() {
        if gallery_file(node).is_some() {
            break;
        }
        if let Some(node) = queue.pop_front() {
            caption_nodes.push(node);
        }
    }
    let target = clean_text(target.trim());
    let caption = caption_from_parameters(caption_nodes, &target, false, sink);
    Block::Image { target, caption }
}

/// Where the file name ends in the text after a gallery autolink, and where
/// the caption starts.
fn gallery_name_end(text: &str) -> (usize, usize) {
    let lower = text.to_ascii_lowercase();
    let extension_end = FILE_EXTENSIONS
        .iter()
        .filter_map(|ext| lower.find(ext).map(|at| at + ext.len()))
        .min();
    let bar = text.find('|');
    match (bar, extension_end) {
        (Some(bar), Some(end)) if bar < end => (bar, bar + 1),
        (Some(bar), None) => (bar, bar + 1),
        (_, Some(end)) => {
            let caption = if text[end..].starts_with('|') {
                end + 1
            } else {
                end
            };
            (end, caption)
        }
        (None, None) => (0, 0),
    }
}

/// A run that starts with a gallery line pandoc left as plain text
/// (`文件:A.jpg|说明 Image:B.png|说明`; only `File:` became an autolink):
/// each entry's name is made the autolink [`gallery_image`] reads.
fn text_gallery(mut nodes: Vec<Node>) -> Vec<Node> {
    let Some(Node::Text(first)) = nodes.first() else {
        return nodes;
    };
    let text = first.trim_start();
    let Some(prefix) = image_prefix_len(text) else {
        return nodes;
    };
    let first_entry = text[..next_entry(text, prefix)].to_lowercase();
    if !FILE_EXTENSIONS.iter().any(|ext| first_entry.contains(ext)) {
        return nodes;
    }
    let mut entries = Vec::new();
    let mut rest = text;
    while let Some(prefix) = image_prefix_len(rest) {
        let name_end = rest[prefix..]
            .find(|c: char| c.is_whitespace() || c == '|')
            .map_or(rest.len(), |at| prefix + at);
        let entry_end = next_entry(rest, name_end);
        entries.push(Node::Link {
            url: rest[..name_end].to_string(),
            title: String::new(),
            autolink: true,
            content: Vec::new(),
        });
        entries.push(Node::Text(rest[name_end..entry_end].to_string()));
        rest = rest[entry_end..].trim_start();
    }
    if !rest.is_empty() {
        entries.push(Node::Text(rest.to_string()));
    }
    nodes.splice(..1, entries);
    nodes
}

/// Where the next gallery entry of `text` starts, at or after `from`: a
/// word beginning with an image namespace (`Image:`); the end when none.
fn next_entry(text: &str, from: usize) -> usize {
    let mut after_space = false;
    for (at, c) in text[from..].char_indices() {
        if c.is_whitespace() {
            after_space = true;
        } else {
            if after_space && image_prefix_len(&text[from + at..]).is_some() {
                return from + at;
            }
            after_space = false;
        }
    }
    text.len()
}

/// `:\* 以利亚撒` (definition-list residue): the leading colons go.
fn strip_definition_marker(mut nodes: Vec<Node>) -> Vec<Node> {
    if let Some(Node::Text(text)) = nodes.first_mut()
        && text.starts_with(':')
    {
        *text = text.trim_start_matches([':', ' ']).to_string();
    }
    nodes
}

// ---------------------------------------------------------------------------
// Templates.

enum TemplateKind {
    /// `{{name | a = b …}}`, the whole run.
    Whole,
    /// `border |symbol = … }}`: an infobox whose start was lost.
    Residue,
}

fn template_kind(nodes: &[Node]) -> Option<TemplateKind> {
    let Some(Node::Text(first)) = nodes.first() else {
        return None;
    };
    let Some(Node::Text(last)) = nodes.last() else {
        return None;
    };
    if !last.trim_end().ends_with("}}") {
        return None;
    }
    if first.trim_start().starts_with("{{") {
        return Some(TemplateKind::Whole);
    }
    let parameters: usize = nodes
        .iter()
        .filter_map(|node| match node {
            Node::Text(text) => Some(count_parameters(text)),
            _ => None,
        })
        .sum();
    (!first.contains("{{") && parameters >= 3).then_some(TemplateKind::Residue)
}

/// Counts `|name =` in `text`.
fn count_parameters(text: &str) -> usize {
    text.split('|')
        .skip(1)
        .filter(|part| {
            part.split_once('=').is_some_and(|(name, _)| {
                let name = name.trim();
                !name.is_empty()
                    && name.chars().count() <= 40
                    && !name.contains(['[', ']', '{', '}'])
            })
        })
        .count()
}

/// An infobox when the template reads as one (the wiki vocabulary's rule),
/// else the text of its named values; nothing when it has none.
fn template_block(nodes: Vec<Node>, kind: TemplateKind, sink: &mut Sink) -> Option<Block> {
    let mut segments = split_on_bars(nodes);
    let name = match kind {
        TemplateKind::Whole => {
            let head = segments
                .first()
                .map(|segment| plain_nodes_text(segment))
                .unwrap_or_default();
            head.trim()
                .trim_start_matches("{{")
                .trim_end_matches("}}")
                .trim()
                .to_string()
        }
        TemplateKind::Residue => String::new(),
    };
    if !segments.is_empty() {
        segments.remove(0);
    }
    let mut rows = Vec::new();
    for segment in segments {
        if let Some(row) = infobox_row(segment, sink) {
            rows.push(row);
        }
    }
    if rows.is_empty() {
        // Layout and maintenance templates (`{{-}}`, `{{clear}}`) show nothing anyway.
        let key = name.trim().replace('_', " ").to_lowercase();
        if !crate::document::wikitext::template_data::TemplateData::get().is_silent(&key) {
            sink.warn(&format!(
                "dropped a template left in the text ({})",
                short(&name)
            ));
        }
        return None;
    }
    if !crate::wiki::templates::reads_as_infobox(&name, rows.len()) {
        // Too few parameters for an infobox: their values, as text.
        sink.warn(&format!(
            "showed the text of a template left in the text ({})",
            short(&name)
        ));
        let mut content = Vec::new();
        for row in rows {
            if !content.is_empty() {
                content.push(Inline::text(" "));
            }
            content.extend(row.value);
        }
        return Some(Block::Paragraph { content });
    }
    sink.warn("read a template left in the text as an infobox");
    let kind = crate::wiki::templates::infobox_kind(&name);
    Some(Block::Infobox(Infobox {
        kind: clean_text(&kind),
        rows,
        ..Infobox::default()
    }))
}

fn short(text: &str) -> String {
    text.chars().take(30).collect()
}

/// Splits a run at the `|` of its top-level texts.
fn split_on_bars(nodes: Vec<Node>) -> Vec<Vec<Node>> {
    let mut segments = vec![Vec::new()];
    for node in nodes {
        match node {
            Node::Text(text) => {
                let mut parts = text.split('|');
                if let (Some(first), Some(segment)) = (parts.next(), segments.last_mut()) {
                    segment.push(Node::Text(first.to_string()));
                }
                for part in parts {
                    segments.push(vec![Node::Text(part.to_string())]);
                }
            }
            other => {
                if let Some(segment) = segments.last_mut() {
                    segment.push(other);
                }
            }
        }
    }
    segments
}

/// `name = value` → a row (none when the value is empty).
fn infobox_row(mut segment: Vec<Node>, sink: &mut Sink) -> Option<InfoboxRow> {
    let Some(Node::Text(head)) = segment.first_mut() else {
        return None;
    };
    let (key, value) = head.split_once('=')?;
    let key = clean_text(key.trim());
    *head = value.to_string();
    if let Some(Node::Text(last)) = segment.last_mut() {
        let trimmed = last.trim_end();
        if let Some(stripped) = trimmed.strip_suffix("}}") {
            *last = stripped.to_string();
        }
    }
    let value = trim_inlines(inlines(segment, sink));
    (!key.is_empty() && has_visible_text(&value)).then_some(InfoboxRow::new(key, value))
}

fn plain_nodes_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        if let Node::Text(text) = node {
            out.push_str(text);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Inline context.

/// A run read where only inlines may stand (headings, cells, link labels):
/// figures keep only their caption.
pub(super) fn inlines(nodes: Vec<Node>, sink: &mut Sink) -> Vec<Inline> {
    inlines_in(nodes, false, sink)
}

fn inlines_in(nodes: Vec<Node>, in_link: bool, sink: &mut Sink) -> Vec<Inline> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Text(text) => push_text(&mut out, &text, in_link, sink),
            Node::SoftBreak => push_text(&mut out, " ", in_link, sink),
            Node::Break => out.push(Inline::Break),
            Node::Code(text) => out.push(Inline::Code {
                text: clean_text(&text),
            }),
            Node::Strong(children) => {
                let content = inlines_in(children, in_link, sink);
                if has_visible_text(&content) {
                    out.push(Inline::Strong { content });
                }
            }
            Node::Emphasis(children) => {
                let content = inlines_in(children, in_link, sink);
                if has_visible_text(&content) {
                    out.push(Inline::Emphasis { content });
                }
            }
            Node::Link {
                url,
                title,
                autolink,
                content,
            } => push_link(&mut out, &url, &title, autolink, content, in_link, sink),
            Node::Image { url, title, alt } => {
                let node = Node::Image { url, title, alt };
                if let Some((_, caption)) = figure(&node, sink) {
                    out.extend(caption);
                }
            }
        }
    }
    merge_texts(out)
}

fn push_link(
    out: &mut Vec<Inline>,
    url: &str,
    title: &str,
    autolink: bool,
    content: Vec<Node>,
    in_link: bool,
    sink: &mut Sink,
) {
    if let Some(caption) = title.strip_prefix("fig:") {
        out.extend(caption_from_title(caption, &file_name(url)));
        return;
    }
    if autolink && let Some(name) = strip_file_prefix(url) {
        push_text(out, &super::links::decode_title(name), true, sink);
        return;
    }
    if !autolink && let Some(target) = embedded_file(url) {
        out.extend(caption_from_parameters(content, &target, true, sink));
        return;
    }
    let mut target = link_target(url);
    if let LinkTarget::Article { title, fragment } = &mut target
        && title.is_empty()
    {
        if fragment.is_none() {
            out.extend(inlines_in(content, true, sink));
            return;
        }
        title.clone_from(&sink.page_title);
    }
    if is_categorization(url)
        && let Some(name) = category_name(&target)
    {
        sink.add_category(name);
        return;
    }
    let mut content = inlines_in(content, true, sink);
    if matches!(target, LinkTarget::External { .. }) && is_link_counter(&content) {
        // pandoc's `[1](url)` for a bare `[url]`: reads as a citation here.
        content = vec![Inline::text(crate::document::wikitext::url_host(url))];
    }
    if in_link || url.trim().is_empty() {
        out.extend(content);
    } else if has_visible_text(&content) {
        out.push(Inline::Link { target, content });
    }
}

/// A label that is only a number, `1` or `[1]`: MediaWiki's counter for
/// an external link written without a label.
fn is_link_counter(content: &[Inline]) -> bool {
    let text = crate::document::model::plain_text(content);
    let text = text.trim();
    let digits = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Cleans a text and splits off its citations (outside link labels only).
fn push_text(out: &mut Vec<Inline>, text: &str, in_link: bool, sink: &mut Sink) {
    let text = clean_residue(&clean_text(text), sink);
    if in_link {
        out.push(Inline::text(text));
        return;
    }
    let mut rest = text.as_str();
    while let Some((start, end, number)) = next_citation(rest) {
        if start > 0 {
            out.push(Inline::text(&rest[..start]));
        }
        sink.max_citation = sink.max_citation.max(number);
        out.push(Inline::Citation { number });
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::text(rest));
    }
}

/// The first `[digits]` of `text`: start, end and number.
fn next_citation(text: &str) -> Option<(usize, usize, u32)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text[from..].find('[') {
        let start = from + offset;
        let digits = bytes[start + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + 1 + digits;
        if (1..=6).contains(&digits) && bytes.get(end) == Some(&b']') {
            let number: u32 = text[start + 1..end].parse().unwrap_or(0);
            if (1..=MAX_FOOTNOTE).contains(&number) {
                return Some((start, end + 1, number));
            }
        }
        from = start + 1;
    }
    None
}

/// Removes what pandoc left of wiki markup: template braces, `[[`/`]]`,
/// `-{…}-` conversion markup, empty `（）` and `****`.
fn clean_residue(text: &str, sink: &mut Sink) -> String {
    // Most text holds none of the characters residue is made of: skip the scans.
    let may_hold_residue = text
        .bytes()
        .any(|b| matches!(b, b'{' | b'}' | b'[' | b']' | b'"' | b'*'))
        || text.contains("（）");
    if !may_hold_residue {
        return text.to_string();
    }
    let mut text = strip_language_conversion(text);
    if text.contains("](") || text.contains("\"wikilink\"") {
        text = strip_broken_links(&text);
        sink.warn("read a broken Markdown link as its text");
    }
    if text.contains("{{") || text.contains("}}") {
        let (stripped, dropped) = strip_templates(&text);
        text = stripped;
        // Braces alone lose nothing; a template's text does.
        if dropped {
            sink.warn("dropped a template left in the text");
        }
    }
    if text.contains("[[") || text.contains("]]") {
        text = text.replace("[[", "").replace("]]", "");
        sink.warn("dropped unmatched [[ ]] left in the text");
    }
    if text.contains("（）") || text.contains("****") {
        text = text.replace("（）", "").replace("****", "");
    }
    text
}

/// `[label](url "wikilink"` that Markdown could not read as a link → `label`.
fn strip_broken_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let before = &rest[..at];
        match before.rfind('[') {
            Some(open) => {
                out.push_str(&before[..open]);
                out.push_str(&before[open + 1..]);
            }
            None => out.push_str(before),
        }
        rest = skip_destination(&rest[at + 2..]);
    }
    out.push_str(rest);
    out.replace(" \"wikilink\"", "").replace("\"wikilink\"", "")
}

/// Skips `url "title")` (each part optional) at the start of `text`.
fn skip_destination(text: &str) -> &str {
    let url_end = text
        .find(|c: char| c.is_whitespace() || c == ')')
        .unwrap_or(text.len());
    let mut rest = &text[url_end..];
    let trimmed = rest.trim_start();
    if let Some(title) = trimmed.strip_prefix('"')
        && let Some(end) = find_within(title, "\"", MAX_MARKUP_SPAN)
    {
        rest = &title[end + 1..];
    }
    rest.strip_prefix(')').unwrap_or(rest)
}

/// `東-{干}-人` → `東干人`; `-{zh-cn:A;zh-tw:B;}-` → `A`.
fn strip_language_conversion(text: &str) -> String {
    if !text.contains("-{") && !text.contains("}-") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("-{") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..];
        match find_within(inner, "}-", MAX_MARKUP_SPAN) {
            Some(end) => {
                out.push_str(first_variant(&inner[..end]));
                rest = &inner[end + 2..];
            }
            None => rest = inner,
        }
    }
    out.push_str(rest);
    out.replace("}-", "")
}

/// How far a closing `}}` or `}-` is looked for (keeps cleaning linear).
const MAX_MARKUP_SPAN: usize = 400;

/// The first `needle` (ASCII) starting within `limit` bytes of `haystack`.
fn find_within(haystack: &str, needle: &str, limit: usize) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let window = &bytes[..bytes.len().min(limit + needle.len())];
    window
        .windows(needle.len())
        .position(|candidate| candidate == needle.as_bytes())
}

/// `zh-cn:A;zh-tw:B;` → `A` (the variant the reading script prefers);
/// `A|…` flags are read past (`H`, `T`, `-` show nothing); text without
/// variants is itself.
fn first_variant(inner: &str) -> &str {
    let inner = match inner.split_once('|') {
        Some((flags, rest))
            if !flags.contains(':')
                && flags.len() <= 8
                && flags
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '+' | ';' | ' ')) =>
        {
            if flags.contains(['H', 'T', '-']) {
                return "";
            }
            rest
        }
        _ => inner,
    };
    let variants: Vec<(&str, &str)> = inner
        .split(';')
        .filter(|segment| !segment.trim().is_empty())
        .map_while(|segment| {
            let (code, text) = segment.split_once(':')?;
            let code = code.trim();
            (code.starts_with("zh") && code.len() <= 12).then_some((code, text))
        })
        .collect();
    let segments = inner.split(';').filter(|s| !s.trim().is_empty()).count();
    if variants.is_empty() || variants.len() != segments {
        return inner;
    }
    crate::document::reading_script::pick_variant(&variants)
        .copied()
        .unwrap_or(inner)
}

/// Drops short `{{…}}` spans whole, then any brace pair left.
/// The text without `{{…}}` calls and stray braces, and whether a call
/// with some text inside was dropped.
fn strip_templates(text: &str) -> (String, bool) {
    use crate::document::wikitext::template_data;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut dropped = false;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..];
        match find_within(inner, "}}", MAX_MARKUP_SPAN) {
            Some(end) if !inner[..end].contains("{{") => {
                // Known small templates keep their meaning (`{{music|sharp}}` → ♯).
                let call = &inner[..end];
                match template_data::residue_text(call) {
                    Some(text) => {
                        out.push_str(&text);
                        // An unknown template's named arguments are not shown.
                        let known = template_data::TemplateData::get().knows(call);
                        dropped |= !known && call.contains('=');
                    }
                    None => dropped |= !call.trim().is_empty(),
                }
                rest = &inner[end + 2..];
            }
            _ => rest = inner,
        }
    }
    out.push_str(rest);
    (out.replace("}}", ""), dropped)
}

/// Removes control characters (entities may have made some).
pub(super) fn clean_text(text: &str) -> String {
    let text = sanitize_controls(text);
    if text.bytes().any(|b| b == b'\n' || b == b'\r') {
        text.replace(['\n', '\r'], " ")
    } else {
        text.into_owned()
    }
}

fn merge_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let Inline::Text { text } = &inline {
            if text.is_empty() {
                continue;
            }
            if let Some(Inline::Text { text: last }) = out.last_mut() {
                last.push_str(text);
                continue;
            }
        }
        out.push(inline);
    }
    out
}

/// Trims the whitespace at both ends of a run (and breaks at its ends).
pub(super) fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    let leading_breaks = inlines
        .iter()
        .take_while(|inline| matches!(inline, Inline::Break))
        .count();
    inlines.drain(..leading_breaks);
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        *text = text.trim_end().to_string();
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text { text } if text.is_empty()));
    inlines
}

/// True when the inlines show something besides whitespace.
pub(super) fn has_visible_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => !text.trim().is_empty(),
        Inline::Strong { content }
        | Inline::Emphasis { content }
        | Inline::Link { content, .. } => has_visible_text(content),
        Inline::Citation { .. } => true,
        Inline::Break => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    #[test]
    fn citations_are_split_off() {
        let mut sink = Sink::default();
        let out = inlines(vec![text("a[1][2]b[x][1234567]")], &mut sink);
        assert_eq!(
            out,
            vec![
                Inline::text("a"),
                Inline::Citation { number: 1 },
                Inline::Citation { number: 2 },
                Inline::text("b[x][1234567]"),
            ]
        );
        assert_eq!(sink.max_citation, 2);
    }

    #[test]
    fn citations_need_a_positive_number() {
        assert_eq!(next_citation("[0]"), None);
        assert_eq!(next_citation("[]"), None);
        assert_eq!(next_citation("x[07]"), Some((1, 5, 7)));
    }

    #[test]
    fn language_conversion_markup_goes() {
        assert_eq!(strip_language_conversion("東-{干}-人"), "東干人");
        assert_eq!(strip_language_conversion("塔什干-{}-的"), "塔什干的");
        assert_eq!(
            strip_language_conversion("-{zh-cn:朱唇;zh-tw:紅唇;}-"),
            "朱唇"
        );
        assert_eq!(strip_language_conversion("a-{b"), "ab");
    }

    #[test]
    fn template_braces_go() {
        assert_eq!(strip_templates("a{{Mystery}}b"), ("ab".to_string(), true));
        assert_eq!(
            strip_templates("C{{music|sharp}}"),
            ("C♯".to_string(), false)
        );
        assert_eq!(
            strip_templates("a{{Mystery|x}}b"),
            ("axb".to_string(), false)
        );
        assert_eq!(strip_templates("a{{-}}b"), ("ab".to_string(), false));
        // Stray braces lose no text.
        assert_eq!(
            strip_templates("来历。}}1933年"),
            ("来历。1933年".to_string(), false)
        );
        assert_eq!(strip_templates("x{{y"), ("xy".to_string(), false));
    }

    #[test]
    fn broken_links_keep_their_label() {
        assert_eq!(strip_broken_links("a[x](../Page/T.md \"wikilink\""), "ax");
        assert_eq!(strip_broken_links("[x](u)y](v) z"), "xy z");
        assert_eq!(strip_broken_links("](](]("), "");
    }

    #[test]
    fn gallery_names_end_at_the_extension_or_bar() {
        assert_eq!(gallery_name_end(" - panoramio.jpg <"), (16, 16));
        assert_eq!(gallery_name_end(" gui Firefox.png|运行"), (16, 17));
        assert_eq!(gallery_name_end(" caption"), (0, 0));
    }

    #[test]
    fn figure_titles_that_repeat_the_name_are_not_captions() {
        assert!(caption_from_title("Hoja-Niyaz.jpg", "Hoja-Niyaz.jpg").is_empty());
        assert!(caption_from_title("缩略图", "x.jpg").is_empty());
        assert!(caption_from_title("A_b.jpg", "A b.jpg").is_empty());
        assert_eq!(
            caption_from_title("地图", "x.jpg"),
            vec![Inline::text("地图")]
        );
    }
}
