//! Phase A: one left-to-right pass over the source that turns it into a tree
//! of [`Node`]s (templates, links, extension tags …) with plain text between.
//!
//! The scan never backtracks: openers are pushed on a stack bounded by
//! [`MAX_DEPTH`], a closer pops the nearest matching opener and flattens
//! whatever unclosed frames stood above it. Extension tags (`<ref>`, `<poem>`,
//! `<nowiki>` …) are matched by searching forward for their closing tag; a
//! failed search is remembered so that it is never repeated.

/// How deep constructs may nest (frames of one scan plus nested tag bodies).
pub const MAX_DEPTH: usize = 64;

/// One piece of scanned wikitext.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    /// `{{name|arg|…}}`: `parts[0]` is the name.
    Template(Vec<Vec<Node>>),
    /// `{{{name|default}}}`.
    Param(Vec<Vec<Node>>),
    /// `[[target|label…]]`.
    Link(Vec<Vec<Node>>),
    /// `[url label]`.
    ExtLink(Vec<Node>),
    /// `-{…}-` language conversion.
    Conv(Vec<Node>),
    /// An extension tag; `body` is `None` when the tag closed itself.
    Ext {
        name: String,
        attrs: String,
        body: Option<Body>,
    },
    /// An HTML tag kept as a marker (`<b>`, `</b>`, `<br>`).
    Html {
        name: String,
        closing: bool,
    },
}

/// `[[File:x.jpg|…]]` (any file namespace).
fn is_file_link(node: &Node) -> bool {
    let Node::Link(parts) = node else {
        return false;
    };
    match parts.first().map(Vec::as_slice) {
        Some([Node::Text(target)]) => target
            .split_once(':')
            .is_some_and(|(namespace, _)| crate::wiki::namespaces::is_file(namespace)),
        _ => false,
    }
}

/// The body of an extension tag.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Taken literally (`<nowiki>`, `<math>`, `<pre>` …).
    Raw(String),
    /// Parsed as wikitext (`<ref>`, `<poem>` …).
    Nodes(Vec<Node>),
}

/// Extension tags whose body is kept as written.
const RAW_TAGS: &[&str] = &[
    "nowiki",
    "pre",
    "math",
    "source",
    "syntaxhighlight",
    "timeline",
    "graph",
    "score",
    "templatedata",
    "chem",
    "ce",
    "hiero",
    "mapframe",
    "maplink",
    "imagemap",
    "inputbox",
    "categorytree",
    "charinsert",
    "templatestyles",
    "includeonly",
    "section",
];

/// Extension tags whose body is wikitext.
const PARSED_TAGS: &[&str] = &["ref", "references", "poem", "gallery", "blockquote"];

/// HTML tags kept as markers; any other tag name is dropped.
const HTML_TAGS: &[&str] = &[
    "b",
    "i",
    "u",
    "s",
    "strike",
    "del",
    "ins",
    "small",
    "big",
    "span",
    "sup",
    "sub",
    "center",
    "div",
    "font",
    "em",
    "strong",
    "br",
    "hr",
    "p",
    "tt",
    "code",
    "kbd",
    "var",
    "abbr",
    "cite",
    "q",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "wbr",
    "mark",
    "ruby",
    "rb",
    "rt",
    "rp",
    "rtc",
    "bdi",
    "bdo",
    "data",
    "time",
    "samp",
    "dfn",
    "noinclude",
    "onlyinclude",
];

/// Tags of MediaWiki's extensions that wikiread reads through: the tag
/// is dropped, its content read on. Any tag no list here names is shown
/// as text, as MediaWiki shows it.
const EXTENSION_TAGS_READ_THROUGH: &[&str] = &[
    "indicator",
    "langconvert",
    "translate",
    "tvar",
    "languages",
    "phonos",
    "quiz",
    "dynamicpagelist",
    "rss",
    "seo",
    "talkpage",
    "thread",
];

/// Scans the whole text.
pub fn scan(text: &str) -> Vec<Node> {
    Scanner::new(text, 0).run()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Template,
    Param,
    Link,
    ExtLink,
    Conv,
}

struct Frame {
    kind: Kind,
    parts: Vec<Vec<Node>>,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    root: Vec<Node>,
    stack: Vec<Frame>,
    base_depth: usize,
    /// Per closing-tag name: the smallest start from which a search failed.
    failed_searches: Vec<(String, usize)>,
}

fn is_special(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'}' | b'[' | b']' | b'|' | b'<' | b'-' | b'\n' | b'_'
    )
}

/// Appends `node` to `nodes`, merging neighbouring text.
pub fn push_node(nodes: &mut Vec<Node>, node: Node) {
    if let Node::Text(text) = &node {
        if text.is_empty() {
            return;
        }
        if let Some(Node::Text(last)) = nodes.last_mut() {
            last.push_str(text);
            return;
        }
    }
    nodes.push(node);
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, base_depth: usize) -> Self {
        Scanner {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            root: Vec::new(),
            stack: Vec::new(),
            base_depth,
            failed_searches: Vec::new(),
        }
    }

    fn depth(&self) -> usize {
        self.base_depth + self.stack.len()
    }

    fn can_open(&self) -> bool {
        self.depth() < MAX_DEPTH
    }

    fn current(&mut self) -> &mut Vec<Node> {
        match self.stack.last_mut() {
            Some(frame) => {
                if frame.parts.is_empty() {
                    frame.parts.push(Vec::new());
                }
                let last = frame.parts.len() - 1;
                &mut frame.parts[last]
            }
            None => &mut self.root,
        }
    }

    fn push_text(&mut self, text: &str) {
        if !text.is_empty() {
            push_node(self.current(), Node::Text(text.to_string()));
        }
    }

    fn push(&mut self, node: Node) {
        push_node(self.current(), node);
    }

    fn open(&mut self, kind: Kind) {
        self.stack.push(Frame {
            kind,
            parts: vec![Vec::new()],
        });
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn run_length(&self, byte: u8) -> usize {
        self.bytes[self.pos..]
            .iter()
            .take_while(|&&b| b == byte)
            .count()
    }

    fn run(mut self) -> Vec<Node> {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let next = self.bytes[start..]
                .iter()
                .position(|&b| is_special(b))
                .map_or(self.bytes.len(), |offset| start + offset);
            let text = &self.src[start..next];
            self.push_text(text);
            self.pos = next;
            if let Some(byte) = self.byte(next) {
                self.special(byte);
            }
        }
        while !self.stack.is_empty() {
            self.flatten_top();
        }
        self.root
    }

    fn special(&mut self, byte: u8) {
        match byte {
            b'{' => self.open_braces(),
            b'}' => self.close_braces(),
            b'[' => self.open_brackets(),
            b']' => self.close_brackets(),
            b'|' => self.pipe(),
            b'<' => self.angle(),
            b'-' => self.dash(),
            b'\n' => self.newline(),
            _ => self.underscore(),
        }
    }

    /// `{{`, `{{{` (runs are split into templates around one parameter).
    fn open_braces(&mut self) {
        let n = self.run_length(b'{');
        self.pos += n;
        if n == 1 {
            self.push_text("{");
            return;
        }
        let (templates, param) = if n.is_multiple_of(2) {
            (n / 2, false)
        } else {
            ((n - 3) / 2, true)
        };
        for _ in 0..templates {
            if self.can_open() {
                self.open(Kind::Template);
            }
        }
        if param && self.can_open() {
            self.open(Kind::Param);
        }
    }

    fn innermost(&self, kinds: &[Kind]) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|frame| kinds.contains(&frame.kind))
    }

    fn close_braces(&mut self) {
        let n = self.run_length(b'}');
        self.pos += n;
        let dash_follows = self.byte(self.pos) == Some(b'-');
        let mut rem = n;
        while rem > 0 {
            let Some(i) = self.innermost(&[Kind::Template, Kind::Param, Kind::Conv]) else {
                break;
            };
            match self.stack[i].kind {
                Kind::Param if rem >= 2 => {
                    self.close(i);
                    rem -= rem.min(3);
                }
                Kind::Template if rem >= 2 => {
                    self.close(i);
                    rem -= 2;
                }
                Kind::Conv if rem == 1 && dash_follows => {
                    self.close(i);
                    self.pos += 1;
                    return;
                }
                Kind::Conv if rem >= 2 => {
                    match self.stack[..i]
                        .iter()
                        .rposition(|f| matches!(f.kind, Kind::Template | Kind::Param))
                    {
                        Some(j) => {
                            self.close(j);
                            rem -= 2;
                        }
                        None => break,
                    }
                }
                _ if rem == 1 && dash_follows => match self.innermost(&[Kind::Conv]) {
                    Some(j) => {
                        self.close(j);
                        self.pos += 1;
                        return;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        if rem == 1 {
            if dash_follows {
                self.pos += 1; // a stray `}-` is dropped
            } else {
                self.push_text("}");
            }
        }
        // stray `}}` are dropped
    }

    fn open_brackets(&mut self) {
        let n = self.run_length(b'[');
        self.pos += n;
        if n >= 2 {
            if n == 3 {
                self.push_text("["); // longer runs would read as raw `[[`
            }
            if self.can_open() {
                self.open(Kind::Link);
            }
            return;
        }
        if self.can_open() && starts_with_url_scheme(&self.bytes[self.pos..]) {
            self.open(Kind::ExtLink);
        } else {
            self.push_text("[");
        }
    }

    fn close_brackets(&mut self) {
        let n = self.run_length(b']');
        self.pos += n;
        let mut rem = n;
        while rem > 0 {
            let Some(i) = self.innermost(&[Kind::Link, Kind::ExtLink]) else {
                break;
            };
            match self.stack[i].kind {
                Kind::Link if rem >= 2 => {
                    self.close(i);
                    rem -= 2;
                }
                Kind::ExtLink => {
                    self.close(i);
                    rem -= 1;
                }
                _ => break,
            }
        }
        if rem >= 2 {
            self.attach_broken_caption();
        }
        if rem % 2 == 1 {
            self.push_text("]");
        }
    }

    /// `[[File:x.jpg|300px]]的回军]]`: a stray `]]` on the line of a file
    /// link that starts the line ends that link's caption (the conversion
    /// that made it lost a link inside the caption). The text between joins
    /// the caption; nothing moves across a line end, and only a short tail
    /// is looked at, so the scan stays linear.
    fn attach_broken_caption(&mut self) {
        const MAX_TAIL_NODES: usize = 16;
        const MAX_TAIL_TEXT: usize = 2000;
        let nodes = self.current();
        let Some(link_at) = nodes
            .iter()
            .enumerate()
            .rev()
            .take(MAX_TAIL_NODES + 1)
            .find(|(_, node)| is_file_link(node))
            .map(|(at, _)| at)
        else {
            return;
        };
        let starts_line = match link_at.checked_sub(1).map(|before| &nodes[before]) {
            None => true,
            Some(Node::Text(text)) => text.ends_with('\n'),
            Some(_) => false,
        };
        let tail = &nodes[link_at + 1..];
        let tail_is_short = tail.iter().all(|node| match node {
            Node::Text(text) => text.len() <= MAX_TAIL_TEXT && !text.contains('\n'),
            _ => true,
        });
        if !starts_line || tail.is_empty() || !tail_is_short {
            return;
        }
        let tail: Vec<Node> = nodes.drain(link_at + 1..).collect();
        let Some(Node::Link(parts)) = nodes.get_mut(link_at) else {
            return;
        };
        // After a caption, the tail continues it; after an option (one
        // short text), it is the caption.
        let last_is_caption = parts.len() > 1
            && parts.last().is_some_and(|part| match part.as_slice() {
                [Node::Text(text)] if text.len() <= 64 => !crate::wiki::images::is_option(text),
                [] => false,
                _ => true,
            });
        match parts.last_mut() {
            Some(last) if last_is_caption => {
                for node in tail {
                    push_node(last, node);
                }
            }
            _ => parts.push(tail),
        }
    }

    fn pipe(&mut self) {
        self.pos += 1;
        match self.stack.last_mut() {
            Some(frame) if matches!(frame.kind, Kind::Template | Kind::Param | Kind::Link) => {
                frame.parts.push(Vec::new());
            }
            _ => self.push_text("|"),
        }
    }

    fn dash(&mut self) {
        let opens_conversion =
            self.byte(self.pos + 1) == Some(b'{') && self.byte(self.pos + 2) != Some(b'{');
        if opens_conversion {
            self.pos += 2;
            if self.can_open() {
                self.open(Kind::Conv);
            }
        } else {
            self.pos += 1;
            self.push_text("-");
        }
    }

    fn newline(&mut self) {
        self.pos += 1;
        while self.stack.last().is_some_and(|f| f.kind == Kind::ExtLink) {
            self.flatten_top();
        }
        self.push_text("\n");
    }

    /// `__NOTOC__`-style switches vanish.
    fn underscore(&mut self) {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"__") {
            let letters = rest[2..]
                .iter()
                .take(40)
                .take_while(|b| b.is_ascii_uppercase())
                .count();
            if letters >= 3 && rest[2 + letters..].starts_with(b"__") {
                self.pos += 4 + letters;
                return;
            }
        }
        self.pos += 1;
        self.push_text("_");
    }

    /// Closes frame `i`: flattens the frames above it, then builds its node.
    fn close(&mut self, i: usize) {
        while self.stack.len() > i + 1 {
            self.flatten_top();
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let node = match frame.kind {
            Kind::Template => Node::Template(frame.parts),
            Kind::Param => Node::Param(frame.parts),
            Kind::Link => Node::Link(frame.parts),
            Kind::ExtLink => Node::ExtLink(frame.parts.into_iter().flatten().collect()),
            Kind::Conv => Node::Conv(frame.parts.into_iter().flatten().collect()),
        };
        self.push(node);
    }

    /// An unclosed frame: its opener is dropped (kept as `[` for external
    /// links) and its parts are spliced into the parent, joined by `|`.
    fn flatten_top(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if frame.kind == Kind::ExtLink {
            self.push_text("[");
        }
        for (index, part) in frame.parts.into_iter().enumerate() {
            if index > 0 {
                self.push_text("|");
            }
            for node in part {
                self.push(node);
            }
        }
    }

    fn angle(&mut self) {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"<!--") {
            self.pos =
                find(self.bytes, self.pos + 4, b"-->").map_or(self.bytes.len(), |end| end + 3);
            return;
        }
        let start = self.pos;
        let Some(tag) = parse_tag(self.src, self.pos) else {
            self.pos += 1;
            let next = self.bytes.get(self.pos).copied();
            let looks_like_markup = next == Some(b'/')
                || self.bytes[self.pos..]
                    .get(..3)
                    .is_some_and(|s| s.eq_ignore_ascii_case(b"ref"));
            if !looks_like_markup {
                self.push_text("<");
            }
            return;
        };
        self.pos = tag.end;
        let name = tag.name.as_str();
        if name == "br" {
            self.push(Node::Html {
                name: tag.name,
                closing: false,
            });
        } else if RAW_TAGS.contains(&name) || PARSED_TAGS.contains(&name) {
            if !tag.closing {
                self.extension_tag(tag);
            }
        } else if HTML_TAGS.contains(&name) {
            self.push(Node::Html {
                name: tag.name,
                closing: tag.closing,
            });
        } else if !EXTENSION_TAGS_READ_THROUGH.contains(&name) {
            self.unknown_tag(start, tag.end);
        }
    }

    /// A tag no wiki knows, from `start` to `end`: shown as written, as
    /// MediaWiki shows it (apart, as any literal markup, when it reads as
    /// markup); one that runs over lines shows its `<` alone, the rest
    /// read on.
    fn unknown_tag(&mut self, start: usize, end: usize) {
        let written = &self.src[start..end];
        if written.contains('\n') {
            self.pos = start + 1;
            self.push_text("<");
            return;
        }
        self.push(Node::Ext {
            name: "nowiki".into(),
            attrs: String::new(),
            body: Some(Body::Raw(written.to_string())),
        });
    }

    fn extension_tag(&mut self, tag: Tag) {
        if tag.self_closing {
            self.push(Node::Ext {
                name: tag.name,
                attrs: tag.attrs,
                body: None,
            });
            return;
        }
        let Some((body_end, after)) = self.find_closing_tag(&tag.name, self.pos) else {
            return; // an unclosed tag is dropped; its text reads on
        };
        let body_text = &self.src[self.pos..body_end];
        self.pos = after;
        if tag.name == "includeonly" {
            return;
        }
        let body = if RAW_TAGS.contains(&tag.name.as_str()) {
            Body::Raw(body_text.to_string())
        } else if self.depth() + 1 < MAX_DEPTH {
            Body::Nodes(Scanner::new(body_text, self.depth() + 1).run())
        } else {
            Body::Nodes(Vec::new())
        };
        self.push(Node::Ext {
            name: tag.name,
            attrs: tag.attrs,
            body: Some(body),
        });
    }

    /// Finds `</name>` from `from`: (start of the closing tag, end of it).
    fn find_closing_tag(&mut self, name: &str, from: usize) -> Option<(usize, usize)> {
        if self
            .failed_searches
            .iter()
            .any(|(n, at)| n == name && *at <= from)
        {
            return None;
        }
        let needle = format!("</{name}");
        let mut at = from;
        while let Some(found) = find_ignore_case(self.bytes, at, needle.as_bytes()) {
            let after_name = found + needle.len();
            match self.bytes.get(after_name) {
                Some(b'>') => return Some((found, after_name + 1)),
                Some(b) if b.is_ascii_whitespace() => {
                    let end =
                        find(self.bytes, after_name, b">").map_or(self.bytes.len(), |e| e + 1);
                    return Some((found, end));
                }
                None => return Some((found, self.bytes.len())),
                _ => at = after_name,
            }
        }
        self.failed_searches.retain(|(n, _)| n != name);
        self.failed_searches.push((name.to_string(), from));
        None
    }
}

struct Tag {
    name: String,
    attrs: String,
    closing: bool,
    self_closing: bool,
    end: usize,
}

/// Reads an HTML-like tag at `at` (which holds `<`).
fn parse_tag(src: &str, at: usize) -> Option<Tag> {
    let bytes = src.as_bytes();
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len() && i - name_start < 30 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    match bytes.get(i) {
        Some(b'>' | b'/') => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let limit = (i + 1000).min(bytes.len());
    // `<nowiki>`, `</nowiki>` and `<nowiki/>` may stand inside attribute
    // values (`class="a<nowiki> </nowiki>b"`): they are skipped, their
    // content kept. Any other `<` means this was no tag.
    let mut raw_attrs = String::new();
    let (mut j, mut segment) = (i, i);
    let gt = loop {
        if j >= limit {
            return None;
        }
        match bytes[j] {
            b'>' => break j,
            b'<' => {
                let marker = nowiki_marker_len(&bytes[j..])?;
                raw_attrs.push_str(&src[segment..j]);
                j += marker;
                segment = j;
            }
            _ => j += 1,
        }
    };
    raw_attrs.push_str(&src[segment..gt]);
    let raw_attrs = raw_attrs.trim();
    let self_closing = raw_attrs.ends_with('/');
    let attrs = raw_attrs.trim_end_matches('/').trim().to_string();
    Some(Tag {
        name,
        attrs,
        closing,
        self_closing,
        end: gt + 1,
    })
}

/// The length of a `<nowiki>`, `</nowiki>` or `<nowiki/>` marker at the
/// start of `rest`.
fn nowiki_marker_len(rest: &[u8]) -> Option<usize> {
    let mut i = 1;
    if rest.get(i) == Some(&b'/') {
        i += 1;
    }
    let name = rest.get(i..i + 6)?;
    if !name.eq_ignore_ascii_case(b"nowiki") {
        return None;
    }
    i += 6;
    while rest.get(i).is_some_and(|b| *b == b' ') {
        i += 1;
    }
    if rest.get(i) == Some(&b'/') {
        i += 1;
    }
    (rest.get(i) == Some(&b'>')).then_some(i + 1)
}

fn starts_with_url_scheme(rest: &[u8]) -> bool {
    const SCHEMES: &[&[u8]] = &[
        b"http://",
        b"https://",
        b"ftp://",
        b"ftps://",
        b"mailto:",
        b"news:",
        b"irc://",
        b"ircs://",
        b"//",
        b"sftp://",
        b"git://",
        b"svn://",
        b"gopher://",
        b"urn:",
    ];
    SCHEMES.iter().any(|scheme| {
        rest.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    })
}

/// Byte offset of `needle` in `hay` at or after `from`.
pub fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Like [`find`], ASCII case-insensitively.
fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    #[test]
    fn template_with_arguments() {
        let nodes = scan("a{{x|b|c=[[d|e]]}}f");
        assert_eq!(nodes.len(), 3);
        let Node::Template(parts) = &nodes[1] else {
            panic!("{nodes:?}")
        };
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], vec![text("x")]);
        assert!(matches!(parts[2][1], Node::Link(ref p) if p.len() == 2));
    }

    #[test]
    fn unclosed_template_is_flattened() {
        assert_eq!(scan("a{{b|c"), vec![text("ab|c")]);
    }

    #[test]
    fn stray_closers_are_dropped() {
        assert_eq!(scan("a}}b]]c}-d"), vec![text("abcd")]);
    }

    #[test]
    fn param_inside_template() {
        let nodes = scan("{{a|{{{1|x}}}}}");
        let Node::Template(parts) = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert!(matches!(parts[1][0], Node::Param(_)));
    }

    #[test]
    fn ref_body_is_parsed_and_pipes_stay_text() {
        let nodes = scan("{{a|x<ref name=\"n\">p|q</ref>}}");
        let Node::Template(parts) = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert_eq!(parts.len(), 2);
        let Node::Ext {
            name,
            attrs,
            body: Some(Body::Nodes(body)),
        } = &parts[1][1]
        else {
            panic!("{parts:?}")
        };
        assert_eq!(name, "ref");
        assert_eq!(attrs, "name=\"n\"");
        assert_eq!(body, &vec![text("p|q")]);
    }

    #[test]
    fn references_closer_is_not_a_ref_closer() {
        let nodes = scan("<ref>a</references></ref>");
        let Node::Ext {
            body: Some(Body::Nodes(body)),
            ..
        } = &nodes[0]
        else {
            panic!()
        };
        assert_eq!(body, &vec![text("a")]);
    }

    #[test]
    fn conversion_and_dash() {
        let nodes = scan("a-{b}-c-d");
        assert_eq!(
            nodes,
            vec![text("a"), Node::Conv(vec![text("b")]), text("c-d")]
        );
    }

    #[test]
    fn comments_vanish_even_unclosed() {
        assert_eq!(scan("a<!-- x -->b<!-- c"), vec![text("ab")]);
    }

    #[test]
    fn magic_switches_vanish() {
        assert_eq!(scan("a__NOTOC__b_c"), vec![text("ab_c")]);
    }

    #[test]
    fn external_link_ends_at_newline() {
        assert_eq!(scan("[http://x a\nb"), vec![text("[http://x a\nb")]);
        assert!(matches!(scan("[http://x a]")[0], Node::ExtLink(_)));
    }

    #[test]
    fn nowiki_inside_attributes_keeps_the_tag() {
        let nodes = scan("<div class=\"a<nowiki> </nowiki>b\">x</div>");
        assert_eq!(
            nodes,
            vec![
                Node::Html {
                    name: "div".into(),
                    closing: false
                },
                text("x"),
                Node::Html {
                    name: "div".into(),
                    closing: true
                },
            ]
        );
        let nodes = scan("<sup title=\"a<nowiki/> b\">x</sup>");
        assert_eq!(nodes[1], text("x"));
        assert_eq!(scan("<div a<b>x")[0], text("<div a"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let nodes = scan(&"{{".repeat(10_000));
        assert!(nodes.is_empty());
        let nodes = scan(&"[[".repeat(10_000));
        assert!(nodes.is_empty());
    }
}
