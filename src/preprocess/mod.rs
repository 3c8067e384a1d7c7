//! The MediaWiki preprocessor: expands, in wikitext, the templates a
//! corpus has pages for (with their parameters and `<noinclude>`,
//! `<includeonly>`, `<onlyinclude>`), the core parser functions and the
//! magic words, before the wikitext is parsed. A template the corpus lacks
//! is left as it was written (its arguments expanded), so the parser's own
//! handling of it (infoboxes, `tsl`, `lang`…) still applies; so is one
//! whose expansion calls a Lua module (`{{#invoke:…}}`).
//!
//! MediaWiki's limits bound it: expansion depth 40, 2 MB of output, a
//! number of expansions; a loop or an exponential template ends with a
//! message in the text and a warning, never a hang. Pure: it reads template
//! pages only through [`Templates`], and never panics.

mod dates;
mod expr;
mod functions;
pub mod nodes;

use nodes::Node;
use std::borrow::Cow;
use std::collections::HashMap;

/// Where template pages come from.
pub trait Templates {
    /// The wikitext of the page titled `title` (`Template:Foo`, or a page
    /// of another namespace when a call names one), if there is one.
    fn page(&self, title: &str) -> Option<Cow<'_, str>>;

    /// The wiki the pages belong to (for `{{fullurl:…}}`).
    fn site(&self) -> crate::wiki::site::Site {
        crate::wiki::site::Site::default()
    }
}

/// No template pages at all.
pub struct NoTemplates;

impl Templates for NoTemplates {
    fn page(&self, _: &str) -> Option<Cow<'_, str>> {
        None
    }
}

impl Templates for HashMap<String, String> {
    fn page(&self, title: &str) -> Option<Cow<'_, str>> {
        self.get(title).map(|text| Cow::Borrowed(text.as_str()))
    }
}

/// Deepest expansion (MediaWiki's `$wgMaxTemplateDepth`).
pub const MAX_DEPTH: usize = 40;
/// Most bytes of output (MediaWiki's post-expand include size).
pub const MAX_OUTPUT: usize = 2 * 1024 * 1024;
/// Most template and function expansions in one text.
pub const MAX_EXPANSIONS: usize = 100_000;

/// Expanded wikitext, and what went wrong on the way.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// `text` (of the page titled `title`) with its templates, parser
/// functions and magic words expanded.
pub fn expand(text: &str, title: &str, templates: &dyn Templates) -> Expanded {
    let mut expander = Expander {
        templates,
        title,
        expansions: 0,
        output: 0,
        stack: Vec::new(),
        in_kept_call: 0,
        warnings: Vec::new(),
        missing: std::collections::BTreeSet::new(),
    };
    let nodes = nodes::parse(&inclusion(text, false));
    let text = expander.nodes(&nodes, None);
    if !expander.missing.is_empty() {
        let count = expander.missing.len();
        let names: Vec<&str> = expander
            .missing
            .iter()
            .take(MISSING_NAMED)
            .map(|title| title.strip_prefix("Template:").unwrap_or(title))
            .collect();
        let more = match count.saturating_sub(MISSING_NAMED) {
            0 => String::new(),
            more => format!(" (and {more} more)"),
        };
        expander.warnings.push(format!(
            "templates not in the corpus, left to the built-in handling: {}{more}",
            names.join(", ")
        ));
    }
    Expanded {
        text,
        warnings: expander.warnings,
    }
}

/// A template's arguments: positional from 1, and named.
#[derive(Debug, Default)]
struct Frame {
    args: HashMap<String, String>,
}

struct Expander<'a> {
    templates: &'a dyn Templates,
    title: &'a str,
    expansions: usize,
    output: usize,
    /// The templates being expanded, outermost first.
    stack: Vec<String>,
    /// How many calls of the page itself, left for the parser, are being
    /// written out (see `as_written`).
    in_kept_call: usize,
    warnings: Vec<String>,
    /// Templates called that the corpus lacks (the first few hundred).
    missing: std::collections::BTreeSet<String>,
}

/// How many missing templates a warning names.
const MISSING_NAMED: usize = 8;
/// How many missing templates are counted (a page calling more is no
/// reason to hold more).
const MISSING_KEPT: usize = 500;

impl Expander<'_> {
    fn nodes(&mut self, nodes: &[Node], frame: Option<&Frame>) -> String {
        let mut out = String::new();
        // Whether the node is the first of a line in the source (the
        // first node of a text is not, as in MediaWiki).
        let mut line_start = false;
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Param(name, default) => {
                    let name = self.nodes(name, frame);
                    let name = name.trim();
                    match (frame.and_then(|f| f.args.get(name)), default) {
                        (Some(value), _) => out.push_str(value),
                        (None, Some(default)) => out.push_str(&self.nodes(default, frame)),
                        // Outside a template, or not given: shown as
                        // written (the parser must not read it again).
                        (None, None) => {
                            out.push_str("<nowiki>{{{</nowiki>");
                            out.push_str(name);
                            out.push_str("<nowiki>}}}</nowiki>");
                        }
                    }
                }
                Node::Template(parts) => {
                    let expanded = self.template(parts, frame);
                    // T2529: a table or list a call starts begins a line.
                    if !line_start && starts_a_block(&expanded) {
                        out.push('\n');
                    }
                    out.push_str(&expanded);
                }
            }
            line_start = matches!(node, Node::Text(text) if text.ends_with('\n'));
        }
        out
    }

    fn template(&mut self, parts: &[Vec<Node>], frame: Option<&Frame>) -> String {
        self.expansions += 1;
        if self.expansions > MAX_EXPANSIONS || self.output > MAX_OUTPUT {
            self.warn("the text's templates were left unexpanded past MediaWiki's limits");
            return self.as_written(parts, frame);
        }
        let head = without_comments(&self.nodes(&parts[0], frame));
        let head = head.trim();
        // `{{name:argument|…}}`: a parser function or a magic word with
        // an argument; `{{name}}` alone may be a magic word.
        let (name, first) = match head.split_once(':') {
            Some((name, first)) => (name.trim(), Some(first)),
            None => (head, None),
        };
        if let Some(value) = functions::call(self, name, first, &parts[1..], frame) {
            self.output += value.len();
            return value;
        }
        if name.starts_with('#') {
            // An extension's function is left for the parser; a function
            // no wiki has is shown as text, as MediaWiki does.
            return match first.is_some() && functions::is_known_elsewhere(name) {
                true => self.as_written(parts, frame),
                false => self.literal(parts, frame),
            };
        }
        let Some(title) = template_title(head) else {
            // No page can have this name: shown as text, as MediaWiki does.
            return self.literal(parts, frame);
        };
        let Some((title, page)) = self.page_following_redirects(title.clone()) else {
            if self.missing.len() < MISSING_KEPT {
                self.missing.insert(title);
            }
            return self.as_written(parts, frame);
        };
        if self.stack.contains(&title) {
            self.warn(&format!("template loop: {title}"));
            return format!("Template loop detected: [[{title}]]");
        }
        if self.stack.len() >= MAX_DEPTH {
            self.warn("templates nested deeper than MediaWiki allows were left out");
            return format!("Template recursion depth limit exceeded ({MAX_DEPTH})");
        }
        let inner = Frame {
            args: self.arguments(&parts[1..], frame),
        };
        let body = nodes::parse(&inclusion(&page, true));
        self.stack.push(title);
        let value = self.nodes(&body, Some(&inner));
        let title = self.stack.pop().unwrap_or_default();
        // A template built on a Lua module cannot be expanded here: the
        // call is left for the parser's own handling (an infobox…).
        if find_ignoring_case(&value, "{{#invoke:").is_some() {
            self.warn(&format!("{title} calls a Lua module: left unexpanded"));
            return self.as_written(parts, frame);
        }
        self.output += value.len();
        value
    }

    /// The page titled `title` and its title, or those of the page its
    /// text redirects to (`#REDIRECT [[…]]`, two steps at most).
    fn page_following_redirects(&self, mut title: String) -> Option<(String, String)> {
        let mut page = self.templates.page(&title)?.into_owned();
        for _ in 0..2 {
            let Some(target) = redirect_target(&page) else {
                break;
            };
            let Some(next) = self.templates.page(&target) else {
                break;
            };
            (title, page) = (target, next.into_owned());
        }
        Some((title, page))
    }

    /// A call shown as text: its braces and pipes as characters the
    /// parser does not read again, its parts expanded.
    fn literal(&mut self, parts: &[Vec<Node>], frame: Option<&Frame>) -> String {
        let mut out = String::from(LITERAL_OPEN);
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(LITERAL_PIPE);
            }
            out.push_str(&self.nodes(part, frame));
        }
        out.push_str(LITERAL_CLOSE);
        out
    }

    /// The arguments of a call, expanded in the caller's frame: named
    /// ones trimmed, positional ones as they are.
    fn arguments(&mut self, parts: &[Vec<Node>], frame: Option<&Frame>) -> HashMap<String, String> {
        let mut args = HashMap::new();
        let mut position = 0;
        for part in parts {
            let value = self.nodes(part, frame);
            match named(part) {
                Some(_) => {
                    let (name, value) = split_named(&value);
                    args.insert(name, value.trim().to_string());
                }
                None => {
                    position += 1;
                    args.insert(position.to_string(), value);
                }
            }
        }
        args
    }

    /// A call left as written, its parts expanded; in the page itself,
    /// `{{!}}` and `{{=}}` in them stay as written (the parser reads the
    /// call's arguments: a pipe there would be a new argument).
    fn as_written(&mut self, parts: &[Vec<Node>], frame: Option<&Frame>) -> String {
        let in_page = frame.is_none();
        if in_page {
            self.in_kept_call += 1;
        }
        let mut out = String::from("{{");
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(&self.nodes(part, frame));
        }
        out.push_str("}}");
        if in_page {
            self.in_kept_call -= 1;
        }
        out
    }

    fn warn(&mut self, warning: &str) {
        if !self.warnings.iter().any(|w| w == warning) {
            self.warnings.push(warning.to_string());
        }
    }
}

/// Braces and a pipe written so that the parser shows them as text (as it
/// shows all literal markup: apart, as code).
const LITERAL_OPEN: &str = "<nowiki>{{</nowiki>";
const LITERAL_CLOSE: &str = "<nowiki>}}</nowiki>";
const LITERAL_PIPE: &str = "<nowiki>|</nowiki>";

/// Whether expanded text starts a table or a list item (MediaWiki puts
/// such a call's text on a line of its own).
fn starts_a_block(text: &str) -> bool {
    text.starts_with("{|") || text.starts_with([':', ';', '#', '*'])
}

/// `text` without its comments (`<!-- … -->`; an unclosed one runs to the
/// end), as a call's name is read.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at + 4..]
            .find("-->")
            .map_or("", |end| &rest[at + 4 + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The page a `#REDIRECT [[…]]` page points to (read as the parser reads
/// an article's redirect), as [`Templates`] are asked for it.
fn redirect_target(page: &str) -> Option<String> {
    crate::document::wikitext::redirect_target(page).map(|target| page_title(&target))
}

/// Whether an argument is named: an `=` in its own text (comments aside),
/// outside any template or parameter inside it.
fn named(part: &[Node]) -> Option<()> {
    match part.first() {
        Some(Node::Text(text)) if without_comments(text).contains('=') => Some(()),
        _ => None,
    }
}

/// A named argument's name (its comments dropped, trimmed) and value.
fn split_named(argument: &str) -> (String, &str) {
    // The `=` is the first outside a comment.
    let mut at = 0;
    while let Some(found) = argument[at..].find(['=', '<']) {
        let i = at + found;
        if argument[i..].starts_with("<!--") {
            at = argument[i..]
                .find("-->")
                .map_or(argument.len(), |e| i + e + 3);
            continue;
        }
        if argument.as_bytes()[i] == b'=' {
            let name = without_comments(&argument[..i]).trim().to_string();
            return (name, &argument[i + 1..]);
        }
        at = i + 1;
    }
    (without_comments(argument).trim().to_string(), "")
}

/// The page a call names: `Foo` → `Template:Foo`, `:Foo` → `Foo`, a name
/// with a namespace as it is; `None` for a name no page can have.
fn template_title(name: &str) -> Option<String> {
    // Entities name their characters; a fragment names no other page
    // (`{{Foo#bar}}` is `{{Foo}}`).
    let decoded = crate::wiki::html_entities::decode(name);
    let name = decoded.split('#').next().unwrap_or(&decoded).trim();
    if name.is_empty() || name.contains(['<', '>', '[', ']', '{', '}', '|', '\n']) {
        return None;
    }
    if let Some(main) = name.strip_prefix(':') {
        return Some(page_title(main));
    }
    let title = page_title(name);
    match title.split_once(':') {
        Some((namespace, _)) if crate::wiki::namespaces::namespace(namespace).is_some() => {
            Some(title)
        }
        _ => Some(format!("Template:{title}")),
    }
}

/// A page's title as [`Templates`] are asked for it: spaces for `_`, one
/// space between words, the first letter of the name a capital, the
/// template namespace spelled `Template:` whatever its language or case.
pub fn page_title(title: &str) -> String {
    let spaced = crate::wiki::titles::normalize_spaces(title);
    match spaced.split_once(':') {
        Some((namespace, rest)) if crate::wiki::namespaces::is_template(namespace.trim()) => {
            format!("Template:{}", uppercase_first(rest.trim()))
        }
        Some((namespace, rest))
            if crate::wiki::namespaces::namespace(namespace.trim()).is_some() =>
        {
            format!(
                "{}:{}",
                uppercase_first(namespace.trim()),
                uppercase_first(rest.trim())
            )
        }
        _ => uppercase_first(&spaced),
    }
}

fn uppercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` as included (`transcluded`: what a template call sees) or as
/// shown on its own page: `<onlyinclude>` keeps only its parts when
/// included, `<noinclude>` parts only show on the page, `<includeonly>`
/// parts only when included.
fn inclusion(text: &str, transcluded: bool) -> String {
    if transcluded && contains_tag(text, "<onlyinclude>") {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = find_tag(rest, "<onlyinclude>") {
            let after = &rest[start + "<onlyinclude>".len()..];
            let end = find_tag(after, "</onlyinclude>").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + "</onlyinclude>".len()..).unwrap_or("");
        }
        return inclusion(&out, true);
    }
    let (drop, keep) = if transcluded {
        ("noinclude", "includeonly")
    } else {
        ("includeonly", "noinclude")
    };
    let text = remove_tag_with_content(text, drop);
    let text = remove_tag_only(&text, keep);
    remove_tag_only(&text, "onlyinclude")
}

fn find_tag(text: &str, tag: &str) -> Option<usize> {
    find_ignoring_case(text, tag)
}

/// Where `needle` (ASCII) first is in `haystack`, any ASCII case; without
/// copying the text (a page of comments would otherwise cost its length
/// for each one).
pub(crate) fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = needle.first()?.to_ascii_lowercase();
    (0..bytes.len().checked_sub(needle.len())? + 1).find(|&at| {
        bytes[at].to_ascii_lowercase() == first
            && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

fn contains_tag(text: &str, tag: &str) -> bool {
    find_tag(text, tag).is_some()
}

/// `text` without `<tag>…</tag>` (an unclosed one runs to the end).
fn remove_tag_with_content(text: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_tag(rest, &open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        rest = match find_tag(after, &close) {
            Some(end) => &after[end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// `text` without the tags `<tag>` and `</tag>` (their content kept).
fn remove_tag_only(text: &str, tag: &str) -> String {
    let mut out = text.to_string();
    for written in [format!("<{tag}>"), format!("</{tag}>")] {
        let mut kept = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = find_tag(rest, &written) {
            kept.push_str(&rest[..at]);
            rest = &rest[at + written.len()..];
        }
        kept.push_str(rest);
        out = kept;
    }
    out
}

#[cfg(test)]
mod tests;
