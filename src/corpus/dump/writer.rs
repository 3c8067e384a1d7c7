//! Writing a bzip2 multistream dump and its index the way the dump site
//! does: a first stream with the `<mediawiki>` start tag and `<siteinfo>`,
//! then one stream per 100 pages, then a last stream with `</mediawiki>`;
//! beside it a bzip2 index of `OFFSET:PAGE_ID:TITLE` lines.
//!
//! Streams are compressed on all cores, written in page order. Both files
//! are written under temporary names and renamed only by
//! [`MultistreamWriter::finish`]: a writer dropped unfinished (or failing)
//! removes them, and never leaves a half-written file under a final name.
//! It must never write anywhere but beside the two paths it was given.

use super::{DumpError, Page};
use bzip2::write::BzEncoder;
use bzip2::{Action, Compress, Compression, Status};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Pages in each stream, as on the dump site.
pub const PAGES_PER_STREAM: usize = 100;

/// Streams gathered before they are compressed together on all cores.
const STREAMS_AT_ONCE: usize = 32;

/// The pages of one stream, as XML, with what the index needs.
#[derive(Default)]
struct Batch {
    xml: String,
    heads: Vec<(u64, String)>,
}

/// Writes a multistream dump and its index.
pub struct MultistreamWriter {
    dump_path: PathBuf,
    index_path: PathBuf,
    dump_temp: PathBuf,
    index_temp: PathBuf,
    dump: Option<BufWriter<File>>,
    index: Option<BzEncoder<BufWriter<File>>>,
    /// Bytes written to the dump so far: where the next stream starts.
    offset: u64,
    current: Batch,
    ready: Vec<Batch>,
    pages: u64,
    level: Compression,
}

/// `NAME.partial` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn create(path: &Path) -> Result<BufWriter<File>, DumpError> {
    File::create(path)
        .map(|file| BufWriter::with_capacity(1024 * 1024, file))
        .map_err(|error| DumpError::io(path, error))
}

/// `text` escaped for XML text or a quoted attribute value. Characters XML
/// 1.0 cannot hold at all (control characters but tab and newline) become
/// U+FFFD; `\r` is written as a reference so that it survives reading.
pub fn escape_xml(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Like [`escape_xml`], also keeping tabs and newlines in an attribute.
fn escape_attribute(text: &str, out: &mut String) {
    let mut escaped = String::with_capacity(text.len());
    escape_xml(text, &mut escaped);
    out.push_str(&escaped.replace('\t', "&#9;").replace('\n', "&#10;"));
}

/// The first stream's content: the root start tag and `<siteinfo>`.
fn header(dbname: &str) -> String {
    let lang = dbname.strip_suffix("wiki").unwrap_or(dbname);
    let lang = if lang.is_empty() { "en" } else { lang };
    let mut out = String::new();
    out.push_str(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.mediawiki.org/xml/export-0.11/ \
         http://www.mediawiki.org/xml/export-0.11.xsd\" version=\"0.11\" xml:lang=\"",
    );
    escape_attribute(lang, &mut out);
    out.push_str("\">\n  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>");
    escape_xml(dbname, &mut out);
    out.push_str("</dbname>\n    <base>https://");
    escape_xml(lang, &mut out);
    out.push_str(".wikipedia.org/wiki/</base>\n    <generator>wikiread ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("</generator>\n    <case>first-letter</case>\n    <namespaces>\n");
    for &(key, name) in crate::wiki::namespaces::CANONICAL_NAMES {
        if name.is_empty() {
            out.push_str(&format!(
                "      <namespace key=\"{key}\" case=\"first-letter\" />\n"
            ));
        } else {
            out.push_str(&format!(
                "      <namespace key=\"{key}\" case=\"first-letter\">{name}</namespace>\n"
            ));
        }
    }
    out.push_str("    </namespaces>\n  </siteinfo>\n");
    out
}

/// One `<page>` element as the dump site writes it.
pub fn page_xml(page: &Page, out: &mut String) {
    out.push_str("  <page>\n    <title>");
    escape_xml(&page.title, out);
    out.push_str(&format!(
        "</title>\n    <ns>{}</ns>\n    <id>{}</id>\n",
        page.namespace, page.id
    ));
    if let Some(target) = &page.redirect {
        out.push_str("    <redirect title=\"");
        escape_attribute(target, out);
        out.push_str("\" />\n");
    }
    let (model, format) = if page.markdown {
        ("markdown", "text/markdown")
    } else {
        ("wikitext", "text/x-wiki")
    };
    out.push_str(&format!(
        "    <revision>\n      <id>{}</id>\n      <timestamp>2026-01-01T00:00:00Z</timestamp>\n      \
         <model>{model}</model>\n      <format>{format}</format>\n      \
         <text bytes=\"{}\" xml:space=\"preserve\">",
        page.id,
        page.text.len()
    ));
    escape_xml(&page.text, out);
    out.push_str("</text>\n    </revision>\n  </page>\n");
}

/// bzip2's default effort before its block sort falls back to the slower
/// steady one (a lower value was slower on repetitive synthetic pages).
const WORK_FACTOR: u32 = 30;

/// One whole bzip2 stream holding `data`.
fn compress(data: &[u8], level: Compression) -> std::io::Result<Vec<u8>> {
    let mut compress = Compress::new(level, WORK_FACTOR);
    let mut out = Vec::with_capacity(data.len() / 4 + 1024);
    loop {
        let done = usize::try_from(compress.total_in()).unwrap_or(usize::MAX);
        let input = data.get(done..).unwrap_or_default();
        if out.capacity() - out.len() < 64 * 1024 {
            out.reserve(256 * 1024);
        }
        match compress.compress_vec(input, &mut out, Action::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) => {}
            Err(error) => return Err(std::io::Error::other(format!("bzip2: {error}"))),
        }
    }
}

impl MultistreamWriter {
    /// Starts a dump at `dump_path` and its index at `index_path` for the
    /// wiki `dbname` (`zhwiki`: its language, `zh`, goes in the header).
    pub fn new(
        dump_path: &Path,
        index_path: &Path,
        dbname: &str,
    ) -> Result<MultistreamWriter, DumpError> {
        let dump_temp = temp_path(dump_path);
        let index_temp = temp_path(index_path);
        let mut writer = MultistreamWriter {
            dump_path: dump_path.to_path_buf(),
            index_path: index_path.to_path_buf(),
            dump: Some(create(&dump_temp)?),
            index: None,
            dump_temp,
            index_temp,
            offset: 0,
            current: Batch::default(),
            ready: Vec::new(),
            pages: 0,
            level: Compression::best(),
        };
        writer.index = Some(BzEncoder::new(
            create(&writer.index_temp)?,
            Compression::best(),
        ));
        writer.write_stream(header(dbname).as_bytes())?;
        Ok(writer)
    }

    /// The bzip2 level (1 to 9, clamped) of the streams written from now
    /// on. The dump site uses 9, the default; 1 packs about half again as
    /// fast into a file three times as large.
    pub fn set_compression_level(&mut self, level: u32) {
        self.level = Compression::new(level.clamp(1, 9));
    }

    /// Pages written so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Adds a page (its stream is written once it holds 100 pages).
    pub fn write_page(&mut self, page: &Page) -> Result<(), DumpError> {
        page_xml(page, &mut self.current.xml);
        // A newline in a title would break its index line.
        let title = page.title.replace(['\n', '\r'], " ");
        self.current.heads.push((page.id, title));
        self.pages += 1;
        if self.current.heads.len() >= PAGES_PER_STREAM {
            self.ready.push(std::mem::take(&mut self.current));
            if self.ready.len() >= STREAMS_AT_ONCE {
                self.write_ready()?;
            }
        }
        Ok(())
    }

    /// Compresses the gathered streams on all cores and writes them in order.
    fn write_ready(&mut self) -> Result<(), DumpError> {
        use rayon::prelude::*;
        let batches = std::mem::take(&mut self.ready);
        let compressed: Vec<std::io::Result<Vec<u8>>> = batches
            .par_iter()
            .map(|batch| compress(batch.xml.as_bytes(), self.level))
            .collect();
        for (batch, stream) in batches.iter().zip(compressed) {
            let stream = stream.map_err(|error| DumpError::io(&self.dump_temp, error))?;
            let mut lines = String::new();
            for (id, title) in &batch.heads {
                lines.push_str(&format!("{}:{id}:{title}\n", self.offset));
            }
            if let Some(index) = self.index.as_mut() {
                index
                    .write_all(lines.as_bytes())
                    .map_err(|error| DumpError::io(&self.index_temp, error))?;
            }
            self.write_compressed(&stream)?;
        }
        Ok(())
    }

    fn write_stream(&mut self, xml: &[u8]) -> Result<(), DumpError> {
        let stream =
            compress(xml, self.level).map_err(|error| DumpError::io(&self.dump_temp, error))?;
        self.write_compressed(&stream)
    }

    fn write_compressed(&mut self, stream: &[u8]) -> Result<(), DumpError> {
        if let Some(dump) = self.dump.as_mut() {
            dump.write_all(stream)
                .map_err(|error| DumpError::io(&self.dump_temp, error))?;
        }
        self.offset += stream.len() as u64;
        Ok(())
    }

    /// Writes the last streams, then renames both files to their names.
    pub fn finish(mut self) -> Result<(), DumpError> {
        if !self.current.heads.is_empty() {
            self.ready.push(std::mem::take(&mut self.current));
        }
        self.write_ready()?;
        self.write_stream(b"</mediawiki>\n")?;
        if let Some(dump) = self.dump.take() {
            let file = dump
                .into_inner()
                .map_err(|error| DumpError::io(&self.dump_temp, error.into_error()))?;
            file.sync_all()
                .map_err(|error| DumpError::io(&self.dump_temp, error))?;
        }
        if let Some(index) = self.index.take() {
            let file = index
                .finish()
                .and_then(|buffered| buffered.into_inner().map_err(|e| e.into_error()))
                .map_err(|error| DumpError::io(&self.index_temp, error))?;
            file.sync_all()
                .map_err(|error| DumpError::io(&self.index_temp, error))?;
        }
        std::fs::rename(&self.dump_temp, &self.dump_path)
            .map_err(|error| DumpError::io(&self.dump_path, error))?;
        std::fs::rename(&self.index_temp, &self.index_path)
            .map_err(|error| DumpError::io(&self.index_path, error))?;
        Ok(())
    }
}

impl Drop for MultistreamWriter {
    fn drop(&mut self) {
        // Unfinished, or finish failed: leave nothing behind. After a
        // successful finish the temporary names no longer exist.
        self.dump.take();
        self.index.take();
        let _ = std::fs::remove_file(&self.dump_temp);
        let _ = std::fs::remove_file(&self.index_temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::dump::multistream::{page_in_stream, read_index, read_stream};
    use crate::corpus::dump::xml::pages_in;

    fn page(id: u64, title: &str, text: &str) -> Page {
        Page {
            title: title.into(),
            id,
            text: text.into(),
            ..Page::default()
        }
    }

    #[test]
    fn escaping_survives_a_reading() {
        let nasty = "a & b < c > d \" e ' ]]> \r\n\t \u{1} 中";
        let mut written = page(1, nasty, nasty);
        written.redirect = Some(format!("{nasty}\n"));
        let mut xml = String::new();
        page_xml(&written, &mut xml);
        let read = pages_in(xml.as_bytes()).remove(0).expect("a page");
        let expected = nasty.replace('\u{1}', "\u{FFFD}");
        assert_eq!(read.title, expected);
        assert_eq!(read.text, expected);
        assert_eq!(read.redirect, Some(format!("{expected}\n")));
    }

    #[test]
    fn a_small_dump_has_header_pages_and_footer_streams() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dump = dir.path().join("d-multistream.xml.bz2");
        let index = dir.path().join("d-multistream-index.txt.bz2");
        let mut writer = MultistreamWriter::new(&dump, &index, "zhwiki").expect("writer");
        for id in 1..=150 {
            writer
                .write_page(&page(id, &format!("第{id}"), "文"))
                .expect("page");
        }
        assert!(!dump.exists(), "nothing under the final name before finish");
        writer.finish().expect("finish");
        let (lines, bad) = read_index(&index).expect("index");
        assert_eq!((lines.len(), bad), (150, 0));
        let file = File::open(&dump).expect("open");
        let head = read_stream(&file, 0).expect("first stream");
        let head = String::from_utf8(head).expect("utf-8");
        assert!(head.contains("xml:lang=\"zh\"") && head.contains("<dbname>zhwiki</dbname>"));
        assert!(pages_in(head.as_bytes()).is_empty());
        let last = &lines[149];
        let found = page_in_stream(&file, last.offset, last.id, &last.title).expect("page");
        assert_eq!(found, page(150, "第150", "文"));
        assert_ne!(lines[0].offset, lines[100].offset);
        assert!(std::fs::read_dir(dir.path()).expect("dir").count() == 2);
    }

    #[test]
    fn an_unfinished_writer_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dump = dir.path().join("d.xml.bz2");
        let index = dir.path().join("i.txt.bz2");
        let mut writer = MultistreamWriter::new(&dump, &index, "zhwiki").expect("writer");
        writer.write_page(&page(1, "a", "b")).expect("page");
        drop(writer);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }
}
