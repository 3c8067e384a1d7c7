//! The inline tree of one run of text (a paragraph, a heading, a table cell)
//! while it is being read, before it becomes model [`Inline`]s.
//!
//! Markdown and raw HTML tags both open and close frames on one stack, so
//! `**<b>x**` or an unclosed `<a>` can never unbalance it. The stack is never
//! deeper than [`MAX_INLINE_DEPTH`]: deeper spans are read as plain text.
//!
//! [`Inline`]: crate::document::model::Inline

/// Deeper inline nesting than this is flattened (its text is kept).
pub(super) const MAX_INLINE_DEPTH: usize = 24;

/// One piece of a run, before conversion.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    /// A line end inside a paragraph; becomes a space or nothing.
    SoftBreak,
    Break,
    Code(String),
    Strong(Vec<Node>),
    Emphasis(Vec<Node>),
    Link {
        url: String,
        title: String,
        autolink: bool,
        content: Vec<Node>,
    },
    Image {
        url: String,
        title: String,
        alt: Vec<Node>,
    },
}

impl Node {
    /// The node with `f` applied to its children (strong, emphasis, link text);
    /// other nodes unchanged.
    pub(super) fn map_children(self, f: impl FnOnce(Vec<Node>) -> Vec<Node>) -> Node {
        match self {
            Node::Strong(children) => Node::Strong(f(children)),
            Node::Emphasis(children) => Node::Emphasis(f(children)),
            Node::Link {
                url,
                title,
                autolink,
                content,
            } => Node::Link {
                url,
                title,
                autolink,
                content: f(content),
            },
            other => other,
        }
    }
}

/// What a frame of the stack stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SpanKind {
    Root,
    Strong,
    Emphasis,
    Link,
    Image,
    /// A span without a model equivalent (strikethrough, `<sup>` …): its text is kept.
    Plain,
}

/// Who opened a frame: Markdown frames are closed by their own end events,
/// HTML frames by a matching end tag or by the Markdown frame around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    Markdown,
    Html,
}

#[derive(Debug)]
struct Frame {
    kind: SpanKind,
    origin: Origin,
    url: String,
    title: String,
    autolink: bool,
    nodes: Vec<Node>,
}

impl Frame {
    fn new(kind: SpanKind, origin: Origin) -> Frame {
        Frame {
            kind,
            origin,
            url: String::new(),
            title: String::new(),
            autolink: false,
            nodes: Vec::new(),
        }
    }
}

/// The open spans of one run.
#[derive(Debug)]
pub(super) struct InlineStack {
    frames: Vec<Frame>,
    /// Markdown spans opened beyond the depth limit, not yet closed.
    ignored: usize,
}

impl Default for InlineStack {
    fn default() -> Self {
        InlineStack {
            frames: vec![Frame::new(SpanKind::Root, Origin::Markdown)],
            ignored: 0,
        }
    }
}

impl InlineStack {
    pub(super) fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        push_merged(self.top_nodes(), Node::Text(text.to_string()));
    }

    pub(super) fn push_node(&mut self, node: Node) {
        push_merged(self.top_nodes(), node);
    }

    /// True when nothing but whitespace has been read.
    pub(super) fn is_blank(&self) -> bool {
        self.frames
            .iter()
            .all(|frame| frame.nodes.iter().all(node_is_blank))
    }

    fn top_nodes(&mut self) -> &mut Vec<Node> {
        if self.frames.is_empty() {
            self.frames
                .push(Frame::new(SpanKind::Root, Origin::Markdown));
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last].nodes
    }

    /// Opens a span; `url`/`title` matter for links and images only.
    pub(super) fn open(&mut self, kind: SpanKind, origin: Origin, url: &str, title: &str) {
        if self.frames.len() >= MAX_INLINE_DEPTH {
            if origin == Origin::Markdown {
                self.ignored += 1;
            }
            return;
        }
        let mut frame = Frame::new(kind, origin);
        frame.url = url.to_string();
        frame.title = title.to_string();
        self.frames.push(frame);
    }

    /// Marks the innermost open link as an autolink (`<http://…>`).
    pub(super) fn mark_autolink(&mut self) {
        if let Some(frame) = self.frames.last_mut()
            && frame.kind == SpanKind::Link
        {
            frame.autolink = true;
        }
    }

    /// Closes the innermost Markdown span, and any HTML span left open inside it.
    pub(super) fn close_markdown(&mut self) {
        if self.ignored > 0 {
            self.ignored -= 1;
            return;
        }
        while self.frames.len() > 1 {
            let origin = self.frames.last().map(|frame| frame.origin);
            self.pop_frame();
            if origin == Some(Origin::Markdown) {
                break;
            }
        }
    }

    /// Closes the innermost HTML span of `kind`; a stray end tag is ignored.
    pub(super) fn close_html(&mut self, kind: SpanKind) {
        if self.ignored > 0 {
            return;
        }
        let mut found = None;
        for (index, frame) in self.frames.iter().enumerate().skip(1).rev() {
            if frame.origin == Origin::Markdown {
                break;
            }
            if frame.kind == kind {
                found = Some(index);
                break;
            }
        }
        if let Some(index) = found {
            while self.frames.len() > index {
                self.pop_frame();
            }
        }
    }

    fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let node = match frame.kind {
            SpanKind::Strong => Node::Strong(frame.nodes),
            SpanKind::Emphasis => Node::Emphasis(frame.nodes),
            SpanKind::Link => Node::Link {
                url: frame.url,
                title: frame.title,
                autolink: frame.autolink,
                content: frame.nodes,
            },
            SpanKind::Image => Node::Image {
                url: frame.url,
                title: frame.title,
                alt: frame.nodes,
            },
            SpanKind::Root | SpanKind::Plain => {
                let parent = self.top_nodes();
                for node in frame.nodes {
                    push_merged(parent, node);
                }
                return;
            }
        };
        push_merged(self.top_nodes(), node);
    }

    /// Closes every span and returns the run with its line ends resolved.
    pub(super) fn finish(mut self) -> Vec<Node> {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        let nodes = self
            .frames
            .pop()
            .map(|frame| frame.nodes)
            .unwrap_or_default();
        super::emphasis::repair_emphasis(resolve_soft_breaks(nodes))
    }
}

/// Appends `node`, merging it into a preceding text.
pub(super) fn push_merged(nodes: &mut Vec<Node>, node: Node) {
    if let Node::Text(text) = &node
        && let Some(Node::Text(last)) = nodes.last_mut()
    {
        last.push_str(text);
        return;
    }
    nodes.push(node);
}

fn node_is_blank(node: &Node) -> bool {
    match node {
        Node::Text(text) => text.trim().is_empty(),
        Node::SoftBreak | Node::Break => true,
        _ => false,
    }
}

/// Replaces each soft break by a space when it stands between two non-CJK
/// characters, and drops it otherwise; then merges adjacent texts.
/// Recursion follows the node tree, which is at most `MAX_INLINE_DEPTH` deep.
fn resolve_soft_breaks(nodes: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    let mut pending_break = false;
    for node in nodes {
        let node = match node {
            Node::SoftBreak => {
                pending_break = true;
                continue;
            }
            node @ (Node::Strong(_) | Node::Emphasis(_) | Node::Link { .. }) => {
                node.map_children(resolve_soft_breaks)
            }
            Node::Image { url, title, alt } => Node::Image {
                url,
                title,
                alt: resolve_soft_breaks(alt),
            },
            other => other,
        };
        if pending_break {
            pending_break = false;
            let before = out.last().and_then(last_char);
            let after = first_char(&node);
            if let (Some(before), Some(after)) = (before, after)
                && joins_with_space(before, after)
            {
                push_merged(&mut out, Node::Text(" ".into()));
            }
        }
        push_merged(&mut out, node);
    }
    out
}

fn joins_with_space(before: char, after: char) -> bool {
    use crate::wiki::script::is_cjk;
    !before.is_whitespace() && !after.is_whitespace() && !is_cjk(before) && !is_cjk(after)
}

pub(super) fn last_char(node: &Node) -> Option<char> {
    match node {
        Node::Text(text) | Node::Code(text) => text.chars().next_back(),
        Node::Strong(children) | Node::Emphasis(children) => children.last().and_then(last_char),
        Node::Link { content, .. } => content.last().and_then(last_char),
        Node::Image { alt, .. } => alt.last().and_then(last_char),
        Node::SoftBreak | Node::Break => None,
    }
}

pub(super) fn first_char(node: &Node) -> Option<char> {
    match node {
        Node::Text(text) | Node::Code(text) => text.chars().next(),
        Node::Strong(children) | Node::Emphasis(children) => children.first().and_then(first_char),
        Node::Link { content, .. } => content.first().and_then(first_char),
        Node::Image { alt, .. } => alt.first().and_then(first_char),
        Node::SoftBreak | Node::Break => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    #[test]
    fn soft_break_between_latin_words_is_a_space() {
        let mut stack = InlineStack::default();
        stack.push_text("hello");
        stack.push_node(Node::SoftBreak);
        stack.push_text("world");
        assert_eq!(stack.finish(), vec![text("hello world")]);
    }

    #[test]
    fn soft_break_next_to_cjk_vanishes() {
        let mut stack = InlineStack::default();
        stack.push_text("中文");
        stack.push_node(Node::SoftBreak);
        stack.push_text("word");
        assert_eq!(stack.finish(), vec![text("中文word")]);
    }

    #[test]
    fn unclosed_html_span_is_closed_by_markdown_end() {
        let mut stack = InlineStack::default();
        stack.open(SpanKind::Strong, Origin::Markdown, "", "");
        stack.open(SpanKind::Emphasis, Origin::Html, "", "");
        stack.push_text("x");
        stack.close_markdown();
        stack.push_text("y");
        assert_eq!(
            stack.finish(),
            vec![
                Node::Strong(vec![Node::Emphasis(vec![text("x")])]),
                text("y")
            ]
        );
    }

    #[test]
    fn stray_html_end_tag_is_ignored() {
        let mut stack = InlineStack::default();
        stack.push_text("a");
        stack.close_html(SpanKind::Link);
        stack.close_markdown();
        stack.push_text("b");
        assert_eq!(stack.finish(), vec![text("ab")]);
    }

    #[test]
    fn nesting_beyond_the_limit_is_flattened() {
        let mut stack = InlineStack::default();
        for _ in 0..10_000 {
            stack.open(SpanKind::Emphasis, Origin::Markdown, "", "");
        }
        stack.push_text("deep");
        for _ in 0..10_000 {
            stack.close_markdown();
        }
        let nodes = stack.finish();
        fn depth(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|node| match node {
                    Node::Emphasis(children) => 1 + depth(children),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&nodes) < MAX_INLINE_DEPTH);
    }
}
