//! Internal links (`[[…]]`): articles, categories, files, interwiki and
//! interlanguage links; external links (`[url label]`).

use super::convert::{Ctx, Item, Mode, Piece, items, pieces_to_inlines, raw_text, trim_items};
use super::scan::Node;
use crate::document::model::{Block, Inline, LinkTarget};
use crate::wiki::interwiki::{self, Project};
use crate::wiki::languages::is_language_code;
use crate::wiki::{images, namespaces};

/// A wiki title as read: underscores as spaces, runs of spaces collapsed,
/// percent escapes undone (the vocabulary's one normaliser).
pub use crate::wiki::titles::normalize as normalize_title;

fn wiki_url(base: &str, title: &str) -> String {
    format!("{base}{}", normalize_title(title).replace(' ', "_"))
}

impl Ctx<'_> {
    /// `[[…]]` with the letters that trail it.
    pub fn link(
        &mut self,
        parts: &[Vec<Node>],
        trail: &str,
        mode: Mode,
        alone: bool,
    ) -> Vec<Piece> {
        let target_items = parts.first().map(|p| items(p)).unwrap_or_default();
        let raw_target = raw_text(&target_items);
        let target = raw_target.trim();
        let leading_colon = target.starts_with(':');
        let target = target.trim_start_matches(':').trim();
        if target.is_empty()
            || target.contains(['{', '}', '[', ']', '<', '>'])
            || names_only_a_namespace(target)
        {
            return self.as_written(parts, trail);
        }
        if let Some((prefix, rest)) = target.split_once(':') {
            if !leading_colon && namespaces::is_category(prefix) {
                self.add_category(normalize_title(rest));
                return Vec::new();
            }
            if !leading_colon && namespaces::is_file(prefix) {
                return self.image(rest, parts, mode, alone);
            }
            if is_language_code(prefix) {
                if !leading_colon && parts.len() == 1 {
                    return Vec::new(); // an interlanguage link
                }
                let base = format!(
                    "https://{}.wikipedia.org/wiki/",
                    prefix.trim().to_ascii_lowercase()
                );
                return self.external_wiki_link(wiki_url(&base, rest), rest, parts, trail);
            }
            match interwiki::project(prefix) {
                Some(project @ Project::PerLanguage(_)) => {
                    let (lang, title) = match rest.split_once(':') {
                        Some((lang, title)) if is_language_code(lang) => {
                            (lang.trim().to_ascii_lowercase(), title)
                        }
                        _ => (self.lang.code().to_string(), rest),
                    };
                    let url = wiki_url(&format!("https://{}/wiki/", project.host(&lang)), title);
                    return self.external_wiki_link(url, title, parts, trail);
                }
                Some(project @ Project::Global(_)) => {
                    let url = wiki_url(&format!("https://{}/wiki/", project.host("")), rest);
                    return self.external_wiki_link(url, rest, parts, trail);
                }
                None => {}
            }
        }
        let (title, fragment) = match target.split_once('#') {
            Some((title, fragment)) => (title, Some(fragment.trim().replace('_', " "))),
            None => (target, None),
        };
        let title = if title.trim().is_empty() {
            self.title.to_string()
        } else {
            normalize_title(title)
        };
        let content = self.link_label(parts, trail, || {
            let shown = target.replace('_', " ");
            if parts.len() > 1 {
                pipe_trick(&shown)
            } else {
                shown
            }
        });
        let target = LinkTarget::Article {
            title,
            fragment: fragment.filter(|f| !f.is_empty()),
        };
        vec![Piece::Inline(Inline::Link { target, content })]
    }

    fn external_wiki_link(
        &mut self,
        url: String,
        title: &str,
        parts: &[Vec<Node>],
        trail: &str,
    ) -> Vec<Piece> {
        let shown = title.replace('_', " ").trim().to_string();
        let content = self.link_label(parts, trail, || shown);
        vec![Piece::Inline(Inline::Link {
            target: LinkTarget::External { url },
            content,
        })]
    }

    /// The label of a link: its parts after the first, else `fallback()`,
    /// followed by the trail.
    fn link_label(
        &mut self,
        parts: &[Vec<Node>],
        trail: &str,
        fallback: impl FnOnce() -> String,
    ) -> Vec<Inline> {
        let mut content = Vec::new();
        for (index, part) in parts.iter().enumerate().skip(1) {
            if index > 1 {
                content.push(Inline::text("|"));
            }
            let label = items(part);
            content.extend(pieces_to_inlines(self.line_pieces(&label, Mode::Inline)));
        }
        if !super::text::is_visible(&content) {
            content = vec![Inline::text(fallback())];
        }
        if !trail.is_empty() {
            content.push(Inline::text(trail));
        }
        content
    }

    /// A link that names no page (`[[Project:]]`, `[[a<b]]`): shown as
    /// written, as MediaWiki shows it, its brackets apart as literal markup
    /// and its parts read as text.
    fn as_written(&mut self, parts: &[Vec<Node>], trail: &str) -> Vec<Piece> {
        let mut out = vec![Piece::Inline(Inline::Code { text: "[[".into() })];
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push(Piece::Inline(Inline::text("|")));
            }
            let part = items(part);
            out.extend(self.line_pieces(&part, Mode::Inline));
        }
        out.push(Piece::Inline(Inline::Code { text: "]]".into() }));
        if !trail.is_empty() {
            out.push(Piece::Inline(Inline::text(trail)));
        }
        out
    }

    /// `[[File:x.jpg|thumb|caption]]`: a block on its own line or with a
    /// frame option, nothing inline.
    fn image(&mut self, file: &str, parts: &[Vec<Node>], mode: Mode, alone: bool) -> Vec<Piece> {
        let options: Vec<String> = parts[1..]
            .iter()
            .map(|p| raw_text(&items(p)).trim().to_lowercase())
            .collect();
        let framed = options.iter().any(|o| images::is_frame(o));
        if mode != Mode::Block || !(alone || framed) {
            return Vec::new();
        }
        let caption_part = parts[1..]
            .iter()
            .zip(&options)
            .rev()
            .find(|(_, option)| !images::is_option(option))
            .map(|(part, _)| part);
        let caption = match caption_part {
            Some(part) => {
                let caption = trim_items(&items(part));
                pieces_to_inlines(self.line_pieces(&caption, Mode::Inline))
            }
            None => Vec::new(),
        };
        let target = normalize_title(file);
        vec![Piece::Block(Block::Image { target, caption })]
    }

    /// `[url label]`.
    pub fn external_link(&mut self, content: &[Node]) -> Vec<Inline> {
        let all = items(content);
        let (url, label_items): (String, Vec<Item>) = match all.first().copied() {
            Some(Item::Text(text)) => {
                let end = text.find(char::is_whitespace).unwrap_or(text.len());
                let mut label = vec![Item::Text(&text[end..])];
                label.extend_from_slice(&all[1..]);
                (text[..end].to_string(), label)
            }
            _ => (String::new(), all.clone()),
        };
        let label_items = trim_items(&label_items);
        let mut label = pieces_to_inlines(self.line_pieces(&label_items, Mode::Inline));
        if url.is_empty() {
            return label;
        }
        if !super::text::is_visible(&label) {
            // Numbered, as MediaWiki shows it (a link, not a citation).
            self.unlabelled_links += 1;
            label = vec![Inline::text(format!("[{}]", self.unlabelled_links))];
        }
        vec![Inline::Link {
            target: LinkTarget::External { url },
            content: label,
        }]
    }
}

/// Whether a link's target is a namespace and nothing else
/// (`Project:`, `Category:#x`): no page has such a title.
fn names_only_a_namespace(target: &str) -> bool {
    target.split_once(':').is_some_and(|(prefix, rest)| {
        namespaces::namespace(prefix.trim()).is_some()
            && rest.split('#').next().unwrap_or("").trim().is_empty()
    })
}

/// What a link without a label shows: the host of its URL
/// (`http://user@www.a.org:80/x?y` → `www.a.org:80`), the address of a
/// `mailto:`, the whole URL when there is no host.
pub fn url_host(url: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let after_scheme = if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if let Some(at) = lower.find("://").filter(|&at| {
        at > 0
            && lower[..at]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    }) {
        &url[at + 3..]
    } else {
        return match lower.split_once(':') {
            Some(("mailto" | "news", _)) => url[url.find(':').map_or(0, |i| i + 1)..].to_string(),
            _ => url.to_string(),
        };
    };
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(after_scheme);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

/// `[[a (b)|]]` shows `a`; `[[ns:a|]]` shows `a`.
fn pipe_trick(target: &str) -> String {
    let without_ns = target.split_once(':').map_or(target, |(_, rest)| rest);
    let without_paren = match without_ns.find(['(', '（']) {
        Some(at) if at > 0 => &without_ns[..at],
        _ => without_ns,
    };
    without_paren
        .split(',')
        .next()
        .unwrap_or(without_paren)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(url_host("http://bare.com/path"), "bare.com");
        assert_eq!(url_host("HTTPS://www.A.org?q=1"), "www.A.org");
        assert_eq!(url_host("//x.org#f"), "x.org");
        assert_eq!(url_host("ftp://user:pw@h.net:21/f"), "h.net:21");
        assert_eq!(url_host("mailto:a@b.org"), "a@b.org");
        assert_eq!(url_host("urn:isbn:1"), "urn:isbn:1");
        assert_eq!(url_host("http:///x"), "http:///x");
    }

    #[test]
    fn pipe_trick_strips_parentheses() {
        assert_eq!(pipe_trick("Boston (band)"), "Boston");
        assert_eq!(pipe_trick("Help:Foo"), "Foo");
    }
}
