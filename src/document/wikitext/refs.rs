//! References: `<ref>` numbering by first use (as MediaWiki numbers them),
//! named reuse before or after the definition, list-defined references,
//! and the readable text of `{{cite …}}` templates.

use std::collections::HashMap;

use super::convert::{Ctx, Item, Mode, Piece, items};
use super::scan::Node;
use super::templates::Args;
use crate::document::model::{Block, Footnote, Inline, LinkTarget};

/// Footnote numbers and contents, in order of first use.
#[derive(Default)]
pub struct Refs {
    numbers: HashMap<String, u32>,
    contents: Vec<Vec<Inline>>,
    names: Vec<Option<String>>,
    /// Per footnote: its group (`<ref group="注">`), `None` for plain ones.
    groups: Vec<Option<String>>,
    /// Per footnote: whether some use gave it a (non-blank) body, even one
    /// that showed nothing (an unknown template, already warned about).
    had_body: Vec<bool>,
    /// Contents given in `<references>`/`{{reflist|refs=}}`, by key.
    list_defined: HashMap<String, Vec<Inline>>,
}

impl Refs {
    /// The number for a use of `key` (a new one for anonymous refs).
    pub fn number_for(&mut self, key: Option<&str>) -> u32 {
        self.number_in_group(key, None)
    }

    /// The number for a use of `key` in `group` (a new one for anonymous refs).
    pub fn number_in_group(&mut self, key: Option<&str>, group: Option<&str>) -> u32 {
        if let Some(key) = key
            && let Some(&number) = self.numbers.get(key)
        {
            return number;
        }
        self.contents.push(Vec::new());
        self.names.push(key.map(str::to_string));
        self.groups.push(group.map(str::to_string));
        self.had_body.push(false);
        let number = self.contents.len() as u32;
        if let Some(key) = key {
            self.numbers.insert(key.to_string(), number);
        }
        number
    }

    pub fn has_content(&self, number: u32) -> bool {
        self.contents
            .get(number as usize - 1)
            .is_some_and(|c| !c.is_empty())
    }

    pub fn set_content(&mut self, number: u32, content: Vec<Inline>) {
        if let Some(had_body) = self.had_body.get_mut(number as usize - 1) {
            *had_body = true;
        }
        if let Some(slot) = self.contents.get_mut(number as usize - 1)
            && slot.is_empty()
        {
            *slot = content;
        }
    }

    pub fn define(&mut self, key: &str, content: Vec<Inline>) {
        self.list_defined.entry(key.to_string()).or_insert(content);
    }

    pub fn is_empty(&self) -> bool {
        self.contents.is_empty()
    }

    /// The footnotes 1..=n; warns about names used but never defined and
    /// about empty unnamed references. A reference whose body showed nothing
    /// (only an unknown template) is not warned about again here.
    pub fn finish(self, warnings: &mut Vec<String>) -> Vec<Footnote> {
        let mut list_defined = self.list_defined;
        let mut in_group: HashMap<String, u32> = HashMap::new();
        let mut groups = self.groups.into_iter();
        self.contents
            .into_iter()
            .zip(self.names)
            .zip(self.had_body)
            .enumerate()
            .map(|(index, ((mut content, name), had_body))| {
                let defined = name.as_ref().and_then(|n| list_defined.remove(n));
                let has_definition = had_body || defined.is_some();
                if content.is_empty()
                    && let Some(defined) = defined
                {
                    content = defined;
                }
                if content.is_empty() && !has_definition {
                    warnings.push(match name.as_deref() {
                        Some(name) => {
                            let shown = name.rsplit('\u{1f}').next().unwrap_or(name);
                            format!("reference \"{shown}\" is used but never defined")
                        }
                        None => format!("reference {} is empty", index + 1),
                    });
                }
                let group = groups.next().flatten();
                let label = group.as_ref().map(|group| {
                    let count = in_group.entry(group.clone()).or_insert(0);
                    *count += 1;
                    group_label(group, *count)
                });
                Footnote {
                    number: index as u32 + 1,
                    content,
                    group,
                    label,
                }
            })
            .collect()
    }
}

pub use crate::document::attributes::parse_attributes;

/// The marker of the `n`th footnote of `group`, as MediaWiki shows it:
/// `注 1`; letters and roman numerals for the groups named after them.
pub fn group_label(group: &str, n: u32) -> String {
    let letter = |base: u8| {
        let mut n = n;
        let mut out = Vec::new();
        while n > 0 {
            n -= 1;
            out.push(base + (n % 26) as u8);
            n /= 26;
        }
        out.reverse();
        String::from_utf8_lossy(&out).into_owned()
    };
    match group {
        "lower-alpha" | "lower-latin" => letter(b'a'),
        "upper-alpha" | "upper-latin" => letter(b'A'),
        "lower-roman" => roman(n).to_lowercase(),
        "upper-roman" => roman(n),
        "lower-greek" => char::from_u32(0x3b1 + (n.saturating_sub(1) % 24))
            .map_or_else(|| n.to_string(), String::from),
        _ => format!("{group} {n}"),
    }
}

/// `n` in roman numerals (up to 3999; larger numbers in digits).
fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const PARTS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, letters) in PARTS {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

fn ref_key(group: &str, name: &str) -> String {
    format!("{group}\u{1f}{name}")
}

impl Ctx<'_> {
    /// A `<ref>` tag: a citation (or a definition inside a list).
    pub fn reference(&mut self, attrs: &str, body: Option<&[Node]>) -> Vec<Piece> {
        let attributes = parse_attributes(attrs);
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let name = get("name").filter(|n| !n.is_empty());
        let group = get("group").unwrap_or("").trim();
        let key = name.map(|name| ref_key(group, name));
        let group = (!group.is_empty()).then(|| group.to_string());
        self.cite_in_group(key, group, body.map(items).unwrap_or_default())
    }

    /// A citation of `key` with `content` (empty for a reuse).
    pub fn cite(&mut self, key: Option<String>, content: Vec<Item>) -> Vec<Piece> {
        self.cite_in_group(key, None, content)
    }

    /// A citation of `key` in `group` with `content` (empty for a reuse).
    pub fn cite_in_group(
        &mut self,
        key: Option<String>,
        group: Option<String>,
        content: Vec<Item>,
    ) -> Vec<Piece> {
        let has_body = !super::convert::is_blank(&content);
        if self.defining_refs {
            if let (Some(key), true) = (key, has_body) {
                let inlines = self.inlines(&content);
                self.refs.define(&key, inlines);
            }
            return Vec::new();
        }
        let number = self.refs.number_in_group(key.as_deref(), group.as_deref());
        if has_body && !self.refs.has_content(number) {
            let inlines = self.deeper(|ctx| ctx.inlines(&content));
            self.refs.set_content(number, inlines);
        }
        vec![Piece::Inline(Inline::Citation { number })]
    }

    /// `<references/>` or `<references>…</references>` (`group="注"` lists that group).
    pub fn references_tag(&mut self, attrs: &str, body: &[Node], mode: Mode) -> Vec<Piece> {
        self.list_definitions(&items(body));
        let group = crate::document::attributes::attribute(attrs, "group");
        self.references_block(group, mode)
    }

    /// Reads references defined in a list (never numbered there).
    pub fn list_definitions(&mut self, body: &[Item]) {
        let was = self.defining_refs;
        self.defining_refs = true;
        let _ = self.deeper(|ctx| ctx.inlines(body));
        self.defining_refs = was;
    }

    /// Where the footnotes of `group` (`None` or blank: the plain ones) are listed.
    pub fn references_block(&mut self, group: Option<String>, mode: Mode) -> Vec<Piece> {
        let group = group
            .map(|group| group.trim().to_string())
            .filter(|group| !group.is_empty());
        match mode {
            Mode::Block => vec![Piece::Block(Block::References { group })],
            Mode::Inline => Vec::new(),
        }
    }

    /// `{{cite web|…}}` and friends as one line of text.
    pub fn citation_text(&mut self, args: &Args) -> Vec<Inline> {
        let mut segments: Vec<Vec<Inline>> = Vec::new();
        let authors = self.citation_authors(args);
        if !authors.is_empty() {
            segments.push(vec![Inline::text(authors.join("; "))]);
        }
        let url = [
            "url",
            "archive-url",
            "archiveurl",
            "chapter-url",
            "chapterurl",
        ]
        .iter()
        .find_map(|key| args.raw(key).filter(|u| !u.is_empty()));
        let mut title = Vec::new();
        if let Some(chapter) = args.named_any(&["chapter", "contribution"]) {
            title.extend(self.inlines(&chapter));
            title.push(Inline::text(". "));
        }
        if let Some(t) = args.named_any(&["title", "trans-title", "script-title"]) {
            title.extend(self.inlines(&t));
        }
        if super::text::is_visible(&title) {
            segments.push(match &url {
                Some(url) => vec![Inline::Link {
                    target: LinkTarget::External { url: url.clone() },
                    content: title,
                }],
                None => title,
            });
        }
        for keys in [
            &[
                "work",
                "journal",
                "website",
                "newspaper",
                "magazine",
                "periodical",
                "encyclopedia",
                "series",
            ][..],
            &["publisher", "agency"][..],
            &["location", "place"][..],
            &["date", "year"][..],
        ] {
            if let Some(value) = args.named_any(keys) {
                segments.push(self.inlines(&value));
            }
        }
        for (key, prefix) in [
            ("volume", "Vol. "),
            ("issue", "No. "),
            ("pages", "pp. "),
            ("page", "p. "),
            ("at", ""),
            ("isbn", "ISBN "),
            ("doi", "doi:"),
        ] {
            if let Some(value) = args.raw(key).filter(|v| !v.is_empty()) {
                segments.push(vec![Inline::text(format!("{prefix}{value}"))]);
            }
        }
        if segments.is_empty()
            && url.is_none()
            && let Some(first) = args.positional(0)
        {
            segments.push(self.inlines(&first));
        }
        let mut out = join_segments(segments);
        // A quotation shows after the source, as on Wikipedia.
        if let Some(quote) = args.named_any(&["quote", "quotation", "引文"]) {
            let quote = self.inlines(&quote);
            if super::text::is_visible(&quote) {
                if !out.is_empty() {
                    out.push(Inline::text(" "));
                }
                out.push(Inline::text("“"));
                out.extend(quote);
                out.push(Inline::text("”"));
            }
        }
        // The address itself closes the citation, so that the plain text
        // of the footnote shows it too.
        if let Some(url) = url {
            if !out.is_empty() {
                out.push(Inline::text(" "));
            }
            out.push(Inline::Link {
                target: LinkTarget::External { url: url.clone() },
                content: vec![Inline::text(url)],
            });
        }
        out
    }

    fn citation_authors(&mut self, args: &Args) -> Vec<String> {
        let mut authors = Vec::new();
        for key in ["author", "authors", "author1", "editor", "editors"] {
            if let Some(value) = args.named(key) {
                let text = crate::document::model::plain_text(&self.inlines(&value));
                if !text.trim().is_empty() {
                    authors.push(text.trim().to_string());
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
        for n in 0..10 {
            let suffix = if n == 0 { String::new() } else { n.to_string() };
            let last = args
                .raw(&format!("last{suffix}"))
                .or_else(|| args.raw(&format!("surname{suffix}")));
            let first = args
                .raw(&format!("first{suffix}"))
                .or_else(|| args.raw(&format!("given{suffix}")));
            if n > 1 && last.is_none() {
                break;
            }
            if let Some(author) = args.raw(&format!("author{suffix}")).filter(|_| n > 1) {
                authors.push(author);
                continue;
            }
            match (last, first) {
                (Some(last), Some(first)) if !first.is_empty() => {
                    authors.push(format!("{last}, {first}"))
                }
                (Some(last), _) if !last.is_empty() => authors.push(last),
                _ => {}
            }
        }
        authors
    }
}

/// `a. b. c.` without doubled full stops.
fn join_segments(segments: Vec<Vec<Inline>>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for segment in segments {
        if !super::text::is_visible(&segment) {
            continue;
        }
        if !out.is_empty() {
            out.push(Inline::text(" "));
        }
        out.extend(segment);
        let last = super::text::last_char(&out);
        if !matches!(last, Some('.' | '。' | '!' | '?' | '！' | '？')) {
            out.push(Inline::text("."));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_all_quotings() {
        let get = |attrs: &str| parse_attributes(attrs);
        assert_eq!(get("name=a"), vec![("name".into(), "a".into())]);
        assert_eq!(
            get("name=\"a b\" group=n"),
            vec![("name".into(), "a b".into()), ("group".into(), "n".into())]
        );
        assert_eq!(get("name='x'"), vec![("name".into(), "x".into())]);
        assert_eq!(get("NAME = x"), vec![("name".into(), "x".into())]);
        assert!(get("=\"").len() <= 1);
    }

    #[test]
    fn numbering_by_first_use() {
        let mut refs = Refs::default();
        assert_eq!(refs.number_for(Some("a")), 1);
        assert_eq!(refs.number_for(None), 2);
        assert_eq!(refs.number_for(Some("a")), 1);
        let mut warnings = Vec::new();
        let notes = refs.finish(&mut warnings);
        assert_eq!(notes.len(), 2);
        assert_eq!(warnings.len(), 2);
    }
}
