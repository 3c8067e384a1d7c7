//! A second look at `*` and `**` that CommonMark left as text.
//!
//! CommonMark's flanking rules treat CJK punctuation like Western punctuation,
//! so pandoc's `又稱**《中俄改訂條約》**或**《聖彼得堡條約》**` comes out with
//! mismatched strong spans and stray `**`. When a run still holds asterisks,
//! its spans are taken apart and the markers paired again in order, with only
//! whitespace deciding whether a marker may open or close. An unmatched `**`
//! is dropped (it is conversion residue); an unmatched `*` stays text.

use super::inline::{Node, first_char, last_char, push_merged};

/// Markers nested deeper than this are read as text.
const MAX_REPAIR_DEPTH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Strong,
    Emphasis,
}

#[derive(Debug)]
enum Piece {
    Node(Node),
    Marker {
        kind: Kind,
        can_open: bool,
        can_close: bool,
    },
}

/// Re-pairs the asterisks of a run whose texts still hold some.
pub(super) fn repair_emphasis(nodes: Vec<Node>) -> Vec<Node> {
    let nodes: Vec<Node> = nodes.into_iter().map(repair_children).collect();
    if !nodes
        .iter()
        .any(|node| matches!(node, Node::Text(text) if text.contains('*')))
    {
        return nodes;
    }
    pair_markers(split_markers(flatten_spans(nodes)))
}

fn repair_children(node: Node) -> Node {
    node.map_children(repair_emphasis)
}

/// Top-level spans back into their markers (which were valid pairs).
fn flatten_spans(nodes: Vec<Node>) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(nodes.len());
    for node in nodes {
        let (kind, children) = match node {
            Node::Strong(children) => (Kind::Strong, children),
            Node::Emphasis(children) => (Kind::Emphasis, children),
            other => {
                pieces.push(Piece::Node(other));
                continue;
            }
        };
        let marker = || Piece::Marker {
            kind,
            can_open: true,
            can_close: true,
        };
        pieces.push(marker());
        pieces.extend(children.into_iter().map(Piece::Node));
        pieces.push(marker());
    }
    pieces
}

/// Splits texts at their runs of asterisks.
fn split_markers(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut previous: Option<char> = None;
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let Piece::Node(Node::Text(text)) = piece else {
            if let Piece::Node(node) = &piece {
                previous = last_char(node);
            }
            out.push(piece);
            continue;
        };
        let following = match iter.peek() {
            Some(Piece::Node(node)) => first_char(node),
            _ => None,
        };
        split_text(&text, previous, following, &mut out);
        previous = text.chars().next_back().or(previous);
    }
    out
}

fn split_text(text: &str, before: Option<char>, after: Option<char>, out: &mut Vec<Piece>) {
    let mut plain = String::new();
    let mut previous = before;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '*' {
            plain.push(c);
            previous = Some(c);
            continue;
        }
        let mut run = 1;
        while chars.peek() == Some(&'*') {
            chars.next();
            run += 1;
        }
        let next = chars.peek().copied().or(after);
        let can_open = next.is_some_and(|c| !c.is_whitespace());
        let can_close = previous.is_some_and(|c| !c.is_whitespace());
        if !plain.is_empty() {
            out.push(Piece::Node(Node::Text(std::mem::take(&mut plain))));
        }
        for kind in run_kinds(run) {
            out.push(Piece::Marker {
                kind,
                can_open,
                can_close,
            });
        }
        previous = Some('*');
    }
    if !plain.is_empty() {
        out.push(Piece::Node(Node::Text(plain)));
    }
}

/// `**` pairs first, then a single `*`.
fn run_kinds(run: usize) -> impl Iterator<Item = Kind> {
    std::iter::repeat_n(Kind::Strong, run / 2).chain((run % 2 == 1).then_some(Kind::Emphasis))
}

struct Frame {
    kind: Option<Kind>,
    nodes: Vec<Node>,
}

fn pair_markers(pieces: Vec<Piece>) -> Vec<Node> {
    let mut stack = vec![Frame {
        kind: None,
        nodes: Vec::new(),
    }];
    for piece in pieces {
        match piece {
            Piece::Node(node) => push_node(&mut stack, node),
            Piece::Marker {
                kind,
                can_open,
                can_close,
            } => {
                let open_at = stack.iter().rposition(|frame| frame.kind == Some(kind));
                match open_at {
                    Some(index) if can_close => {
                        while stack.len() > index + 1 {
                            unwind(&mut stack);
                        }
                        close(&mut stack);
                    }
                    _ if can_open && stack.len() <= MAX_REPAIR_DEPTH => stack.push(Frame {
                        kind: Some(kind),
                        nodes: Vec::new(),
                    }),
                    _ => push_literal(&mut stack, kind),
                }
            }
        }
    }
    while stack.len() > 1 {
        unwind(&mut stack);
    }
    stack.pop().map(|frame| frame.nodes).unwrap_or_default()
}

fn push_node(stack: &mut [Frame], node: Node) {
    if let Some(frame) = stack.last_mut() {
        push_merged(&mut frame.nodes, node);
    }
}

fn push_literal(stack: &mut [Frame], kind: Kind) {
    if kind == Kind::Emphasis {
        push_node(stack, Node::Text("*".into()));
    }
}

/// Closes the innermost frame as a span (nothing when it holds only blanks).
fn close(stack: &mut Vec<Frame>) {
    let Some(frame) = stack.pop() else {
        return;
    };
    let blank = frame
        .nodes
        .iter()
        .all(|node| matches!(node, Node::Text(text) if text.trim().is_empty()));
    if blank {
        return;
    }
    let node = match frame.kind {
        Some(Kind::Strong) => Node::Strong(frame.nodes),
        _ => Node::Emphasis(frame.nodes),
    };
    push_node(stack, node);
}

/// Gives up on the innermost frame: its marker becomes text, its nodes stay.
fn unwind(stack: &mut Vec<Frame>) {
    let Some(frame) = stack.pop() else {
        return;
    };
    if let Some(kind) = frame.kind {
        push_literal(stack, kind);
    }
    for node in frame.nodes {
        push_node(stack, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    fn strong(s: &str) -> Node {
        Node::Strong(vec![text(s)])
    }

    #[test]
    fn cjk_strong_spans_are_paired_in_order() {
        let nodes = vec![
            strong("《甲》"),
            text("（又稱**《乙》"),
            strong("或"),
            text("《丙》**）"),
        ];
        assert_eq!(
            repair_emphasis(nodes),
            vec![
                strong("《甲》"),
                text("（又稱"),
                strong("《乙》"),
                text("或"),
                strong("《丙》"),
                text("）"),
            ]
        );
    }

    #[test]
    fn emphasis_around_a_link() {
        let link = Node::Link {
            url: "u".into(),
            title: String::new(),
            autolink: false,
            content: vec![text("驱动程序")],
        };
        let nodes = vec![text("通过*"), link.clone(), text("*和")];
        assert_eq!(
            repair_emphasis(nodes),
            vec![text("通过"), Node::Emphasis(vec![link]), text("和")]
        );
    }

    #[test]
    fn lone_double_asterisks_vanish_and_arithmetic_stays() {
        assert_eq!(repair_emphasis(vec![text("**")]), vec![]);
        assert_eq!(
            repair_emphasis(vec![text("2 * 3 = 6")]),
            vec![text("2 * 3 = 6")]
        );
        assert_eq!(repair_emphasis(vec![text("a****b")]), vec![text("ab")]);
    }

    #[test]
    fn many_markers_stay_shallow() {
        let nodes = vec![text(&"*a **b ".repeat(10_000))];
        let out = repair_emphasis(nodes);
        fn depth(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|node| match node {
                    Node::Strong(c) | Node::Emphasis(c) => 1 + depth(c),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&out) <= MAX_REPAIR_DEPTH);
    }
}
