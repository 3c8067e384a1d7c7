//! Reading `<page>` elements out of MediaWiki XML: a whole export (with its
//! `<mediawiki>` root and `<siteinfo>`) or a fragment of pages without a
//! root (the content of one multistream stream). Also finds the byte range
//! of every page of a plain `.xml` dump, and reads one page back by range.
//!
//! Unknown elements are skipped anywhere; entities and character references
//! are decoded; CDATA is kept as text; invalid UTF-8 is read lossily. It
//! must never loop or panic on bad XML: the first error ends the reading
//! (one error item, then nothing), and no page holds more than
//! [`MAX_PAGE_BYTES`] of text. It never writes anything.

use super::lossy::Lossy;
use super::{DumpError, MAX_PAGE_BYTES, Page};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::fs::File;
use std::io::BufRead;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The most one XML event (a run of text, a tag) may take: enough for a
/// page cut at [`MAX_PAGE_BYTES`] with room for its escapes.
const EVENT_BUDGET: u64 = 2 * MAX_PAGE_BYTES as u64;

/// The most a page's byte range may span for [`read_page_at`].
pub const MAX_SPAN_BYTES: u64 = 2 * MAX_PAGE_BYTES as u64 + 1024 * 1024;

/// Titles, ids and the like longer than this are cut (they are never
/// this long in a real dump).
const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Where one page of a plain `.xml` dump lies, with its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpan {
    /// Byte offset of `<page>`.
    pub start: u64,
    /// Byte offset just after `</page>`.
    pub end: u64,
    pub id: u64,
    pub namespace: i64,
    pub title: String,
    pub redirect: Option<String>,
}

/// The elements of a page that are read; everything else is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Title,
    Ns,
    Id,
    Revision,
    Text,
    Model,
    Format,
    Other,
}

/// A page being read.
#[derive(Default)]
struct Building {
    page: Page,
    /// Open elements inside `<page>`.
    path: Vec<Tag>,
    /// The text of the field being read.
    value: String,
    id: Option<String>,
    ns: Option<String>,
    model: String,
    format: String,
}

impl Building {
    /// The field being read, if the innermost open element is one.
    fn field(&self) -> Option<Tag> {
        match self.path.as_slice() {
            [tag @ (Tag::Title | Tag::Ns | Tag::Id)] => Some(*tag),
            [Tag::Revision, tag @ (Tag::Text | Tag::Model | Tag::Format)] => Some(*tag),
            _ => None,
        }
    }

    fn open(&mut self, name: &str) {
        let tag = match (self.path.as_slice(), name) {
            ([], "title") => Tag::Title,
            ([], "ns") => Tag::Ns,
            ([], "id") => Tag::Id,
            ([], "revision") => Tag::Revision,
            ([Tag::Revision], "text") => Tag::Text,
            ([Tag::Revision], "model") => Tag::Model,
            ([Tag::Revision], "format") => Tag::Format,
            _ => Tag::Other,
        };
        if tag == Tag::Revision {
            // Only the last revision counts.
            self.model.clear();
            self.format.clear();
            self.page.text.clear();
            self.page.truncated = false;
        }
        self.path.push(tag);
        self.value.clear();
    }

    fn close(&mut self) {
        let field = self.field();
        self.path.pop();
        let value = std::mem::take(&mut self.value);
        match field {
            Some(Tag::Title) => self.page.title = value,
            Some(Tag::Ns) => self.ns = Some(value),
            Some(Tag::Id) => self.id = Some(value),
            Some(Tag::Text) => self.page.text = value,
            Some(Tag::Model) => self.model = value,
            Some(Tag::Format) => self.format = value,
            _ => {}
        }
    }

    /// Adds text to the field being read, if any, within its limit.
    fn push(&mut self, text: &str, heads_only: bool) {
        let limit = match self.field() {
            None => return,
            Some(Tag::Text) if heads_only => return,
            Some(Tag::Text) => MAX_PAGE_BYTES,
            Some(_) => MAX_FIELD_BYTES,
        };
        let room = limit.saturating_sub(self.value.len());
        if text.len() <= room {
            self.value.push_str(text);
        } else {
            let cut = floor_char_boundary(text, room);
            self.value.push_str(text.get(..cut).unwrap_or_default());
            if self.field() == Some(Tag::Text) {
                self.page.truncated = true;
            }
        }
    }

    fn finish(mut self) -> Result<Page, DumpError> {
        let name = if self.page.title.is_empty() {
            "a page without a title".to_string()
        } else {
            format!("page “{}”", self.page.title)
        };
        let id = self
            .id
            .ok_or_else(|| DumpError::Corrupt(format!("{name} has no <id>")))?;
        self.page.id = id
            .trim()
            .parse()
            .map_err(|_| DumpError::Corrupt(format!("{name} has a bad <id>: {id}")))?;
        if let Some(ns) = self.ns {
            self.page.namespace = ns
                .trim()
                .parse()
                .map_err(|_| DumpError::Corrupt(format!("{name} has a bad <ns>: {ns}")))?;
        }
        self.page.markdown =
            self.format.trim() == "text/markdown" || self.model.trim() == "markdown";
        Ok(self.page)
    }
}

/// The largest index at most `at` that is on a character boundary.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The text an entity or character reference stands for; an unknown
/// entity is kept as written.
fn resolve_reference(reference: &BytesRef<'_>) -> String {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => return c.to_string(),
        Ok(None) => {}
        Err(_) => return '\u{FFFD}'.to_string(),
    }
    let name: &str = reference;
    match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        other => return format!("&{other};"),
    }
    .to_string()
}

/// The value of attribute `key` of a tag, entities decoded.
fn attribute(tag: &BytesStart<'_>, key: &str) -> Option<String> {
    tag.attributes()
        .with_checks(false)
        .flatten()
        .find_map(|attr| {
            (attr.key.local_name().as_ref() == key).then(|| {
                let raw = attr.value.clone().into_owned();
                match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(value) => value.into_owned(),
                    Err(_) => raw,
                }
            })
        })
}

/// A page and the input byte range of its `<page>…</page>`.
struct PageAt {
    page: Page,
    start: u64,
    end: u64,
}

/// Reads the pages of an export or of a fragment of one, in order.
pub struct PageReader<R: BufRead> {
    reader: Reader<Lossy<R>>,
    buf: Vec<u8>,
    heads_only: bool,
    finished: bool,
}

impl<R: BufRead> PageReader<R> {
    pub fn new(input: R) -> PageReader<R> {
        let mut reader = Reader::from_reader(Lossy::new(input, EVENT_BUDGET));
        let config = reader.config_mut();
        // A stray `&` is text; the last stream of a multistream dump holds
        // a lone `</mediawiki>`.
        config.allow_dangling_amp = true;
        config.allow_unmatched_ends = true;
        config.check_end_names = true;
        PageReader {
            reader,
            buf: Vec::new(),
            heads_only: false,
            finished: false,
        }
    }

    /// Reads no page text (pages come with an empty `text`): for scans.
    pub fn heads_only(mut self) -> PageReader<R> {
        self.heads_only = true;
        self
    }

    /// The input, read as far as the reading went (and a little more).
    pub fn into_inner(self) -> R {
        self.reader.into_inner().into_inner()
    }

    /// Ends the reading with `error`.
    fn fail(&mut self, error: DumpError) -> Option<Result<PageAt, DumpError>> {
        self.finished = true;
        Some(Err(error))
    }

    /// The next page with its byte range.
    fn next_page(&mut self) -> Option<Result<PageAt, DumpError>> {
        if self.finished {
            return None;
        }
        let mut building: Option<(Building, u64)> = None;
        loop {
            self.buf.clear();
            let before = self.reader.buffer_position();
            let start = self.reader.get_mut().input_position(before);
            self.reader.get_mut().reset_budget();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(error) => {
                    let at = self.reader.error_position();
                    let at = self.reader.get_mut().input_position(at.max(before));
                    return self.fail(DumpError::Corrupt(format!(
                        "bad XML near byte {at}: {error}"
                    )));
                }
            };
            match event {
                Event::Start(tag) => match building.as_mut() {
                    Some((page, _)) => page.open(tag.local_name().as_ref()),
                    None if tag.local_name().as_ref() == "page" => {
                        building = Some((Building::default(), start));
                    }
                    None => {}
                },
                Event::Empty(tag) => {
                    if let Some((page, _)) = building.as_mut() {
                        match (page.path.as_slice(), tag.local_name().as_ref()) {
                            ([], "redirect") => {
                                page.page.redirect = attribute(&tag, "title");
                            }
                            _ => {
                                // `<text/>` and the like: an empty field.
                                page.open(tag.local_name().as_ref());
                                page.close();
                            }
                        }
                    }
                }
                Event::Text(text) => {
                    if let Some((page, _)) = building.as_mut() {
                        page.push(&text.xml10_content(), self.heads_only);
                    }
                }
                Event::CData(text) => {
                    if let Some((page, _)) = building.as_mut() {
                        page.push(&text.xml10_content(), self.heads_only);
                    }
                }
                Event::GeneralRef(reference) => {
                    if let Some((page, _)) = building.as_mut() {
                        page.push(&resolve_reference(&reference), self.heads_only);
                    }
                }
                Event::End(_) => {
                    if let Some((page, start)) = building.as_mut() {
                        if page.path.is_empty() {
                            let start = *start;
                            let after = self.reader.buffer_position();
                            let end = self.reader.get_mut().input_position(after);
                            let Some((page, _)) = building.take() else {
                                continue;
                            };
                            return Some(page.finish().map(|page| PageAt { page, start, end }));
                        }
                        page.close();
                    }
                }
                Event::Eof => {
                    self.finished = true;
                    return building.map(|(page, start)| {
                        let title = page.page.title;
                        Err(DumpError::Corrupt(format!(
                            "truncated: the page starting at byte {start} (“{title}”) has no end"
                        )))
                    });
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

impl<R: BufRead> Iterator for PageReader<R> {
    type Item = Result<Page, DumpError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_page().map(|found| found.map(|at| at.page))
    }
}

/// Every page in `bytes` (an export or a fragment), with an error item
/// where the reading stopped early.
pub fn pages_in(bytes: &[u8]) -> Vec<Result<Page, DumpError>> {
    PageReader::new(bytes).collect()
}

/// Finds every page of a plain `.xml` dump, with its byte range and head
/// (no text is kept). `progress` is told the bytes read so far now and
/// then; setting `cancel` stops the scan with [`DumpError::Cancelled`]
/// before the next page.
pub fn scan_xml(
    path: &Path,
    progress: &dyn Fn(u64),
    cancel: &AtomicBool,
) -> Result<Vec<PageSpan>, DumpError> {
    let file = File::open(path).map_err(|error| DumpError::io(path, error))?;
    let input = std::io::BufReader::with_capacity(1024 * 1024, file);
    let mut reader = PageReader::new(input).heads_only();
    let mut spans = Vec::new();
    let mut told = 0;
    while let Some(found) = reader.next_page() {
        if cancel.load(Ordering::Relaxed) {
            return Err(DumpError::Cancelled);
        }
        let found = found.map_err(|error| match error {
            DumpError::Corrupt(message) => {
                DumpError::Corrupt(format!("{}: {message}", path.display()))
            }
            other => other,
        })?;
        if found.end >= told + 1024 * 1024 {
            told = found.end;
            progress(told);
        }
        spans.push(PageSpan {
            start: found.start,
            end: found.end,
            id: found.page.id,
            namespace: found.page.namespace,
            title: found.page.title,
            redirect: found.page.redirect,
        });
    }
    progress(spans.last().map_or(0, |span| span.end));
    Ok(spans)
}

/// Reads the page whose `<page>…</page>` lies at `start..end` of `file`
/// (as [`scan_xml`] found it), with positioned reads.
pub fn read_page_at(file: &File, start: u64, end: u64) -> Result<Page, DumpError> {
    use std::os::unix::fs::FileExt;
    let len = end
        .checked_sub(start)
        .filter(|&len| len > 0)
        .ok_or_else(|| DumpError::Corrupt(format!("bad page range {start}..{end}")))?;
    if len > MAX_SPAN_BYTES {
        return Err(DumpError::TooLarge(format!(
            "the page at bytes {start}..{end} spans over {MAX_SPAN_BYTES} bytes"
        )));
    }
    let mut bytes = vec![0; len as usize];
    file.read_exact_at(&mut bytes, start).map_err(|error| {
        DumpError::Corrupt(format!(
            "cannot read bytes {start}..{end} (past the end of the dump?): {error}"
        ))
    })?;
    PageReader::new(&bytes[..]).next().unwrap_or_else(|| {
        Err(DumpError::Corrupt(format!(
            "no page at bytes {start}..{end}"
        )))
    })
}

/// The `<base>` of an export's `<siteinfo>` (its main page's address,
/// `https://en.wikipedia.org/wiki/Main_Page`), read from the start of the
/// export: `None` when the head ends, breaks or reaches a `<page>` first.
pub fn site_base(head: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(head);
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut base: Option<String> = None;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(tag) => {
                let name = tag.local_name().as_ref().to_string();
                if name == "page" || path.len() > 8 {
                    return None;
                }
                path.push(name);
            }
            Event::End(_) => {
                if path.last().is_some_and(|name| name == "base") {
                    return base.filter(|base| !base.trim().is_empty());
                }
                path.pop();
            }
            Event::Text(text) if in_base(&path) => {
                base.get_or_insert_with(String::new)
                    .push_str(&text.xml10_content());
            }
            Event::GeneralRef(reference) if in_base(&path) => {
                base.get_or_insert_with(String::new)
                    .push_str(&resolve_reference(&reference));
            }
            Event::Eof => return None,
            _ => {}
        }
        if base
            .as_ref()
            .is_some_and(|base| base.len() > MAX_FIELD_BYTES)
        {
            return None;
        }
    }
}

/// Whether the innermost open elements are `<siteinfo><base>`.
fn in_base(path: &[String]) -> bool {
    matches!(path, [.., siteinfo, base] if siteinfo == "siteinfo" && base == "base")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_page(xml: &str) -> Page {
        let mut pages = pages_in(xml.as_bytes());
        assert_eq!(pages.len(), 1, "{pages:?}");
        pages.remove(0).expect("a page")
    }

    #[test]
    fn the_site_base_is_read_from_siteinfo() {
        let export = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/dumps/enwiki-partial.xml"),
        )
        .ok();
        if let Some(export) = export {
            assert_eq!(
                site_base(&export).as_deref(),
                Some("https://en.wikipedia.org/wiki/Main_Page")
            );
            // Only a head of the export is needed.
            assert!(site_base(&export[..2048]).is_some());
        }
        // (export, base)
        let table: &[(&str, Option<&str>)] = &[
            (
                "<mediawiki><siteinfo><base>https://x.org/wiki/A&amp;B</base></siteinfo></mediawiki>",
                Some("https://x.org/wiki/A&B"),
            ),
            (
                "<mediawiki><siteinfo><sitename>x</sitename></siteinfo><page><base>https://no/</base></page>",
                None,
            ),
            (
                "<mediawiki><base>https://not-in-siteinfo/</base></mediawiki>",
                None,
            ),
            ("<mediawiki><siteinfo><base>https://cut", None),
            ("<mediawiki><siteinfo><base></base></siteinfo>", None),
            ("", None),
            ("\u{0}<<<>>", None),
            ("<page><title>T</title></page>", None),
        ];
        for &(export, base) in table {
            assert_eq!(site_base(export.as_bytes()).as_deref(), base, "{export:?}");
        }
    }

    #[test]
    fn a_fragment_without_root_gives_its_pages() {
        let xml = "<page><title>甲</title><ns>0</ns><id>1</id>\
            <revision><id>9</id><text xml:space=\"preserve\">一</text></revision></page>\n\
            <page><title>Template:乙</title><ns>10</ns><id>2</id>\
            <redirect title=\"丙 &amp; 丁\" /><revision><text>#REDIRECT [[丙]]</text></revision></page>";
        let pages: Vec<Page> = pages_in(xml.as_bytes())
            .into_iter()
            .map(|p| p.expect("page"))
            .collect();
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].id, pages[0].title.as_str()), (1, "甲"));
        assert_eq!(pages[0].text, "一");
        assert_eq!(pages[1].namespace, 10);
        assert_eq!(pages[1].redirect.as_deref(), Some("丙 & 丁"));
    }

    #[test]
    fn entities_cdata_and_unknown_elements() {
        let page = only_page(
            "<mediawiki><siteinfo><sitename>x</sitename></siteinfo>\
             <page><unknown a=\"1\"><id>77</id></unknown><title>A&amp;B</title><id>5</id>\
             <revision><contributor><id>3</id></contributor><model>markdown</model>\
             <text>&lt;b&gt; &#x4E00;&#20108; &nbsp; <![CDATA[<raw> & ]]>end</text>\
             <extra/></revision></page></mediawiki>",
        );
        assert_eq!(page.id, 5);
        assert_eq!(page.title, "A&B");
        assert_eq!(page.text, "<b> 一二 &nbsp; <raw> & end");
        assert!(page.markdown);
        assert!(!page.truncated);
    }

    #[test]
    fn invalid_utf8_is_read_lossily() {
        let mut xml = b"<page><title>a".to_vec();
        xml.extend_from_slice(b"\xff\xfe");
        xml.extend_from_slice(
            b"</title><id>1</id><revision><text>\xe4\xb8</text></revision></page>",
        );
        let pages = pages_in(&xml);
        let page = pages[0].as_ref().expect("page");
        assert_eq!(page.title, "a\u{FFFD}\u{FFFD}");
        assert_eq!(page.text, "\u{FFFD}");
    }

    #[test]
    fn a_truncated_page_ends_the_reading_with_an_error() {
        let pages = pages_in(b"<page><title>a</title><id>1</id></page><page><title>b</title><id>2</id><revision><text>cut he");
        assert_eq!(pages.len(), 2);
        assert!(pages[0].is_ok());
        let error = pages[1].as_ref().expect_err("an error");
        assert!(error.to_string().contains("truncated"), "{error}");
    }

    #[test]
    fn malformed_xml_gives_one_error_then_stops() {
        for bad in [
            &b"<page><title>a</ns></page>"[..],
            b"<page><title>a</title><id>1</id></page><page <<<>",
            b"<page><title>a</title><id>x</id></page>",
            b"<page><title>a</title></page>",
            b"\x00\x01<<>>&&;;</></>",
        ] {
            let pages = pages_in(bad);
            assert!(
                pages.iter().any(|p| p.is_err()),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
            assert!(pages.len() <= 2);
        }
        assert!(pages_in(b"").is_empty());
        assert!(pages_in(b"just text, no pages").is_empty());
    }

    #[test]
    fn only_the_last_revision_counts() {
        let page = only_page(
            "<page><title>a</title><id>1</id><revision><text>old</text></revision>\
             <revision><text>new</text></revision></page>",
        );
        assert_eq!(page.text, "new");
    }

    #[test]
    fn spans_bracket_each_page_and_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("d.xml");
        let xml = "<mediawiki>\n  <siteinfo/>\n  <page>\n    <title>\u{FFFD}甲</title><id>1</id></page>\n\
                   <page><title>乙</title><ns>14</ns><id>2</id><revision><text>二&amp;</text></revision></page>\n</mediawiki>\n";
        // An invalid byte before the pages must not shift the ranges.
        let mut bytes = b"<!-- \xff -->".to_vec();
        bytes.extend_from_slice(xml.as_bytes());
        std::fs::write(&path, &bytes).expect("write");
        let spans = scan_xml(&path, &|_| {}, &AtomicBool::new(false)).expect("scan");
        assert_eq!(spans.len(), 2);
        for span in &spans {
            let range = &bytes[span.start as usize..span.end as usize];
            assert!(range.starts_with(b"<page>") && range.ends_with(b"</page>"));
        }
        assert_eq!((spans[1].id, spans[1].namespace), (2, 14));
        let file = File::open(&path).expect("open");
        let page = read_page_at(&file, spans[1].start, spans[1].end).expect("page");
        assert_eq!(page.text, "二&");
        assert!(read_page_at(&file, 5, 2).is_err());
        assert!(read_page_at(&file, 0, 1 << 40).is_err());
        assert!(read_page_at(&file, 1000, 1010).is_err());
        let cancel = AtomicBool::new(true);
        assert!(matches!(
            scan_xml(&path, &|_| {}, &cancel),
            Err(DumpError::Cancelled)
        ));
    }
}
