//! Wikitext read as the preprocessor sees it: text, template calls
//! `{{…|…}}` and parameters `{{{…|…}}}`, nested, with comments, `<nowiki>`
//! and `<pre>` left as they are. Unbalanced braces stay text. Pure: it
//! never expands anything and never panics.

/// One piece of wikitext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    /// `{{part|part|…}}`: the first part names the template or function.
    Template(Vec<Vec<Node>>),
    /// `{{{name|default}}}`.
    Param(Vec<Node>, Option<Vec<Node>>),
}

/// Deepest nesting read; deeper braces stay text.
const MAX_NESTING: usize = 200;

/// `text` as nodes.
pub fn parse(text: &str) -> Vec<Node> {
    let mut reader = Reader { text, at: 0 };
    reader.nodes(&[], 0)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// Tags whose content is never expanded (their text is kept whole).
const OPAQUE: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<nowiki>", "</nowiki>"),
    ("<pre>", "</pre>"),
];

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or("")
    }

    /// Nodes up to (not past) any of `stops` at this level.
    fn nodes(&mut self, stops: &[&str], depth: usize) -> Vec<Node> {
        let mut out = Vec::new();
        let mut text = String::new();
        while self.at < self.text.len() {
            let rest = self.rest();
            if stops.iter().any(|s| rest.starts_with(s)) {
                break;
            }
            if let Some((open, close)) = OPAQUE.iter().find(|(open, _)| {
                rest.get(..open.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(open))
            }) {
                let end = super::find_ignoring_case(&rest[open.len()..], close)
                    .map_or(rest.len(), |e| open.len() + e + close.len());
                text.push_str(&rest[..end]);
                self.at += end;
                continue;
            }
            // A link's `|` does not part a template's arguments.
            if rest.starts_with("[[") && stops.contains(&"|") && depth < MAX_NESTING {
                text.push_str("[[");
                self.at += 2;
                let inner = self.nodes(&["]]"], depth + 1);
                for node in inner {
                    match node {
                        Node::Text(t) => text.push_str(&t),
                        other => {
                            if !text.is_empty() {
                                out.push(Node::Text(std::mem::take(&mut text)));
                            }
                            out.push(other);
                        }
                    }
                }
                if self.rest().starts_with("]]") {
                    text.push_str("]]");
                    self.at += 2;
                }
                continue;
            }
            if rest.starts_with("{{") && depth < MAX_NESTING {
                let start = self.at;
                if let Some(node) = self.braces(depth) {
                    if !text.is_empty() {
                        out.push(Node::Text(std::mem::take(&mut text)));
                    }
                    out.push(node);
                    continue;
                }
                // Not closed: the braces are text.
                self.at = start;
                let run = rest.len() - rest.trim_start_matches('{').len();
                text.push_str(&rest[..run]);
                self.at += run;
                continue;
            }
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            self.at += c.len_utf8();
        }
        if !text.is_empty() {
            out.push(Node::Text(text));
        }
        out
    }

    /// A parameter or template at `{{`; `None` when it is not closed. Of a
    /// longer run of braces, the first two open a template and the rest
    /// are read inside it (`{{{{{1}}}}}` is a template named by a
    /// parameter); exactly three open a parameter when `}}}` closes it.
    fn braces(&mut self, depth: usize) -> Option<Node> {
        let start = self.at;
        let opening = self.rest().len() - self.rest().trim_start_matches('{').len();
        if opening == 3 {
            self.at = start + 3;
            if let Some(param) = self.param(depth) {
                return Some(param);
            }
            self.at = start;
        }
        self.at = start + 2;
        let first = self.nodes(&["|", "}}"], depth + 1);
        self.template_parts(vec![first], depth)
    }

    fn param(&mut self, depth: usize) -> Option<Node> {
        let name = self.nodes(&["|", "}}}"], depth + 1);
        let mut default = None;
        if self.rest().starts_with('|') {
            self.at += 1;
            default = Some(self.nodes(&["|", "}}}"], depth + 1));
            // Further parts are ignored, as MediaWiki does.
            while self.rest().starts_with('|') {
                self.at += 1;
                let _ = self.nodes(&["|", "}}}"], depth + 1);
            }
        }
        if self.rest().starts_with("}}}") {
            self.at += 3;
            Some(Node::Param(name, default))
        } else {
            None
        }
    }

    fn template_parts(&mut self, mut parts: Vec<Vec<Node>>, depth: usize) -> Option<Node> {
        while self.rest().starts_with('|') {
            self.at += 1;
            parts.push(self.nodes(&["|", "}}"], depth + 1));
        }
        if self.rest().starts_with("}}") {
            self.at += 2;
            Some(Node::Template(parts))
        } else {
            None
        }
    }
}

/// `nodes` written back as wikitext.
pub fn write(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Template(parts) => {
                out.push_str("{{");
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    write(part, out);
                }
                out.push_str("}}");
            }
            Node::Param(name, default) => {
                out.push_str("{{{");
                write(name, out);
                if let Some(default) = default {
                    out.push('|');
                    write(default, out);
                }
                out.push_str("}}}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.into())
    }

    #[test]
    fn templates_and_parameters_nest() {
        assert_eq!(
            parse("a{{b|{{{1|x}}}|c=d}}e"),
            [
                text("a"),
                Node::Template(vec![
                    vec![text("b")],
                    vec![Node::Param(vec![text("1")], Some(vec![text("x")]))],
                    vec![text("c=d")],
                ]),
                text("e"),
            ]
        );
    }

    #[test]
    fn unclosed_braces_and_opaque_tags_stay_text() {
        assert_eq!(parse("a{{b"), [text("a{{b")]);
        assert_eq!(parse("}}{{{x"), [text("}}{{{x")]);
        assert_eq!(
            parse("<nowiki>{{x}}</nowiki><!-- {{y}} -->"),
            [text("<nowiki>{{x}}</nowiki><!-- {{y}} -->")]
        );
    }

    #[test]
    fn what_is_read_is_written_back_as_it_was() {
        for source in [
            "{{a|b|{{{c|d}}}}}",
            "x {{ a | b = {{c}} }} y",
            "{{{{{1}}}}}",
            "{{a|[[b|c]]}}",
            "{{{{{{",
        ] {
            let mut out = String::new();
            write(&parse(source), &mut out);
            assert_eq!(out, source);
        }
    }

    #[test]
    fn deep_nesting_ends() {
        let deep = "{{".repeat(5000) + &"}}".repeat(5000);
        let mut out = String::new();
        write(&parse(&deep), &mut out);
        assert_eq!(out, deep);
    }
}
