//! Reading a bzip2 multistream dump (`…-multistream.xml.bz2`): its index
//! file, one stream at a byte offset (and a page within it), or every
//! stream in one pass when there is no index.
//!
//! A stream is read with positioned reads on a shared `&File`, so many
//! readers may use one file at once. Nothing here may panic, hang or grow
//! without bound on bad input: a wrong offset, a truncated or corrupt
//! stream, a bzip2 bomb or an index of random bytes all give a
//! [`DumpError`]. A single-stream `.xml.bz2` is one stream holding every
//! page: it can be scanned and read, but opening any page of it means
//! decompressing it from the start. Nothing here writes a file.

use super::xml::PageReader;
use super::{DumpError, MAX_STREAM_BYTES, Page};
use bzip2::{Decompress, Status};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// How much compressed input is read at a time.
const INPUT_CHUNK: usize = 256 * 1024;

/// Index lines longer than this are bad lines.
const MAX_INDEX_LINE: usize = 16 * 1024;

/// The most an index file may decompress to (a real one is a few hundred MB).
const MAX_INDEX_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// One line of a multistream index: `OFFSET:PAGE_ID:TITLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexLine {
    /// Byte offset in the dump of the stream holding the page.
    pub offset: u64,
    pub id: u64,
    pub title: String,
}

/// The head of a page, as a scan finds it (no text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHead {
    pub id: u64,
    pub namespace: i64,
    pub title: String,
    pub redirect: Option<String>,
}

/// The pages of one stream, and where the stream starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamPages {
    pub offset: u64,
    pub pages: Vec<PageHead>,
}

/// What a scan of a multistream dump found: every complete stream (in
/// file order, those without pages too), and what went wrong on the way
/// without stopping it. A truncated or corrupt stream ends the scan: the
/// streams before it are kept, it and the rest are not, and `problems`
/// says so. Bad XML inside a stream loses that stream's remaining pages
/// only.
#[derive(Debug, Default)]
pub struct StreamScan {
    pub streams: Vec<StreamPages>,
    pub problems: Vec<DumpError>,
}

/// Parses one index line; `None` when it is not `OFFSET:ID:TITLE`.
pub fn parse_index_line(line: &str) -> Option<IndexLine> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut parts = line.splitn(3, ':');
    let offset = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    let title = parts.next()?;
    if title.is_empty() {
        return None;
    }
    Some(IndexLine {
        offset,
        id,
        title: title.to_string(),
    })
}

/// Reads a multistream index, bzip2 (one or many streams) or plain text.
/// Bad lines are skipped and counted; empty lines are ignored.
pub fn read_index(path: &Path) -> Result<(Vec<IndexLine>, usize), DumpError> {
    let file = File::open(path).map_err(|error| DumpError::io(path, error))?;
    let mut input = BufReader::with_capacity(INPUT_CHUNK, file);
    let compressed = input
        .fill_buf()
        .map_err(|error| DumpError::io(path, error))?
        .starts_with(b"BZh");
    let reader: Box<dyn Read> = if compressed {
        Box::new(bzip2::read::MultiBzDecoder::new(input))
    } else {
        Box::new(input)
    };
    let mut reader = BufReader::with_capacity(INPUT_CHUNK, reader.take(MAX_INDEX_BYTES));
    let mut lines = Vec::new();
    let mut bad = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        let (complete, too_long) = read_line(&mut reader, &mut line)
            .map_err(|error| DumpError::Corrupt(format!("{}: {error}", path.display())))?;
        if too_long {
            bad += 1;
        } else if !line.is_empty() {
            match parse_index_line(&String::from_utf8_lossy(&line)) {
                Some(parsed) => lines.push(parsed),
                None => bad += 1,
            }
        }
        if !complete {
            break;
        }
    }
    Ok((lines, bad))
}

/// Reads one line (without its `\n`) into `line`, keeping at most
/// [`MAX_INDEX_LINE`] bytes of it. Returns whether a `\n` ended it (not the
/// end of input) and whether it was too long.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<(bool, bool)> {
    let mut too_long = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((false, too_long));
        }
        let (take, found) = match memchr::memchr(b'\n', available) {
            Some(at) => (at, true),
            None => (available.len(), false),
        };
        if !too_long {
            let part = available.get(..take).unwrap_or_default();
            if line.len() + part.len() > MAX_INDEX_LINE {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(part);
            }
        }
        reader.consume(take + usize::from(found));
        if found {
            return Ok((true, too_long));
        }
    }
}

/// Decompresses exactly one bzip2 stream starting at a byte offset of a
/// file, with positioned reads. Reading past the stream's end gives
/// nothing; a file ending inside it, or corrupt data, is an error.
pub struct StreamDecoder<'f> {
    file: &'f File,
    start: u64,
    next_read: u64,
    input: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    decompress: Decompress,
    done: bool,
    cancel: Option<&'f AtomicBool>,
}

impl<'f> StreamDecoder<'f> {
    /// Checks that a bzip2 stream starts at `offset` (`BZh1`…`BZh9`).
    pub fn open(
        file: &'f File,
        offset: u64,
        cancel: Option<&'f AtomicBool>,
    ) -> Result<StreamDecoder<'f>, DumpError> {
        let mut magic = [0u8; 4];
        let mut got = 0;
        while got < magic.len() {
            let rest = magic.get_mut(got..).unwrap_or_default();
            match file.read_at(rest, offset + got as u64) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    return Err(DumpError::Corrupt(format!(
                        "cannot read at byte {offset}: {error}"
                    )));
                }
            }
        }
        if got == 0 {
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            return Err(DumpError::Corrupt(format!(
                "offset {offset} is past the end of the dump ({len} bytes)"
            )));
        }
        if !(magic.starts_with(b"BZh") && (b'1'..=b'9').contains(&magic[3])) || got < 4 {
            return Err(DumpError::Corrupt(format!(
                "no bzip2 stream starts at byte {offset} (a wrong offset or a damaged dump)"
            )));
        }
        Ok(StreamDecoder {
            file,
            start: offset,
            next_read: offset,
            input: vec![0; INPUT_CHUNK],
            in_pos: 0,
            in_len: 0,
            decompress: Decompress::new(false),
            done: false,
            cancel,
        })
    }

    /// Compressed bytes used so far: once the stream is read to its end,
    /// its length (the next stream starts right after).
    pub fn compressed_len(&self) -> u64 {
        self.decompress.total_in()
    }

    /// Whether the end of the stream was reached.
    pub fn is_done(&self) -> bool {
        self.done
    }

    fn corrupt(&self, what: impl std::fmt::Display) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("bzip2 stream at byte {}: {what}", self.start),
        )
    }
}

impl Read for StreamDecoder<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(io::Error::other("cancelled"));
        }
        loop {
            if self.in_pos >= self.in_len {
                let n = loop {
                    match self.file.read_at(&mut self.input, self.next_read) {
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                        other => break other?,
                    }
                };
                if n == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "bzip2 stream at byte {}: truncated (the file ends inside it)",
                            self.start
                        ),
                    ));
                }
                self.next_read += n as u64;
                self.in_pos = 0;
                self.in_len = n;
            }
            let (in_before, out_before) = (self.decompress.total_in(), self.decompress.total_out());
            let input = self.input.get(self.in_pos..self.in_len).unwrap_or_default();
            let status = self
                .decompress
                .decompress(input, buf)
                .map_err(|error| self.corrupt(format!("corrupt data ({error})")))?;
            let consumed = (self.decompress.total_in() - in_before) as usize;
            let produced = (self.decompress.total_out() - out_before) as usize;
            self.in_pos += consumed;
            match status {
                Status::StreamEnd => {
                    self.done = true;
                    return Ok(produced);
                }
                Status::MemNeeded => return Err(self.corrupt("out of memory")),
                _ => {}
            }
            if produced > 0 {
                return Ok(produced);
            }
            if consumed == 0 && self.in_pos < self.in_len {
                return Err(self.corrupt("the decoder made no progress"));
            }
        }
    }
}

/// Turns a read error into a dump error, `Cancelled` when it was asked for.
fn read_error(error: io::Error, cancel: Option<&AtomicBool>) -> DumpError {
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        DumpError::Cancelled
    } else {
        DumpError::Corrupt(error.to_string())
    }
}

/// Decompresses the one bzip2 stream at `offset` (at most
/// [`MAX_STREAM_BYTES`] of it).
pub fn read_stream(file: &File, offset: u64) -> Result<Vec<u8>, DumpError> {
    let decoder = StreamDecoder::open(file, offset, None)?;
    let mut out = Vec::new();
    decoder
        .take(MAX_STREAM_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|error| read_error(error, None))?;
    if out.len() > MAX_STREAM_BYTES {
        return Err(DumpError::TooLarge(format!(
            "the bzip2 stream at byte {offset} decompresses to over {MAX_STREAM_BYTES} bytes"
        )));
    }
    Ok(out)
}

/// Calls `each` with every page of the stream at `offset`, one at a time,
/// as the stream is decompressed: the memory it takes is bounded by a
/// page's size, not the stream's. Stops at the stream's end or its first
/// error (pages before it were given).
pub fn each_page_in_stream(file: &File, offset: u64, each: &mut dyn FnMut(Page)) {
    let Ok(decoder) = StreamDecoder::open(file, offset, None) else {
        return;
    };
    for page in PageReader::new(BufReader::with_capacity(INPUT_CHUNK, decoder)) {
        match page {
            Ok(page) => each(page),
            Err(_) => return,
        }
    }
}

/// The page with id `id` (or, failing that, titled `title`) in the stream
/// at `offset`. The stream is decompressed only as far as the page (in
/// memory bounded by the page's size, not the stream's).
pub fn page_in_stream(file: &File, offset: u64, id: u64, title: &str) -> Result<Page, DumpError> {
    let decoder = StreamDecoder::open(file, offset, None)?;
    let mut by_title = None;
    for page in PageReader::new(BufReader::with_capacity(INPUT_CHUNK, decoder)) {
        let page = page?;
        if page.id == id {
            return Ok(page);
        }
        if by_title.is_none() && page.title == title {
            by_title = Some(page);
        }
    }
    by_title.ok_or_else(|| {
        DumpError::NotFound(format!(
            "no page {id} (“{title}”) in the stream at byte {offset}"
        ))
    })
}

/// Reads every stream of a multistream dump in one pass, without an index:
/// each stream's exact offset and the heads of its pages. `progress` is
/// told the compressed bytes done and the file's size after each stream;
/// setting `cancel` stops it soon with [`DumpError::Cancelled`]. Errors
/// only when the file cannot be read or is not bzip2 at all; later damage
/// is reported in [`StreamScan::problems`] with the streams before it kept.
pub fn scan_streams(
    path: &Path,
    progress: &dyn Fn(u64, u64),
    cancel: &AtomicBool,
) -> Result<StreamScan, DumpError> {
    let file = File::open(path).map_err(|error| DumpError::io(path, error))?;
    let total = file
        .metadata()
        .map_err(|error| DumpError::io(path, error))?
        .len();
    let mut scan = StreamScan::default();
    let mut offset = 0;
    while offset < total {
        if cancel.load(Ordering::Relaxed) {
            return Err(DumpError::Cancelled);
        }
        let decoder = match StreamDecoder::open(&file, offset, Some(cancel)) {
            Ok(decoder) => decoder,
            Err(error) if scan.streams.is_empty() => {
                return Err(DumpError::Corrupt(format!("{}: {error}", path.display())));
            }
            Err(error) => {
                scan.problems.push(DumpError::Corrupt(format!(
                    "{} bytes after the last stream are not a stream: {error}",
                    total - offset
                )));
                break;
            }
        };
        let mut reader =
            PageReader::new(BufReader::with_capacity(INPUT_CHUNK, decoder)).heads_only();
        let mut pages = Vec::new();
        let mut xml_problems = Vec::new();
        for page in reader.by_ref() {
            match page {
                Ok(page) => pages.push(PageHead {
                    id: page.id,
                    namespace: page.namespace,
                    title: page.title,
                    redirect: page.redirect,
                }),
                Err(error) => {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(DumpError::Cancelled);
                    }
                    xml_problems.push(error);
                }
            }
        }
        // Read what the pages did not to find where the stream ends.
        let mut decoder = reader.into_inner().into_inner();
        let drained = io::copy(&mut decoder, &mut io::sink());
        if let Err(error) = drained.and_then(|_| {
            if decoder.is_done() {
                Ok(())
            } else {
                Err(io::Error::other("unfinished"))
            }
        }) {
            let error = read_error(error, Some(cancel));
            if matches!(error, DumpError::Cancelled) {
                return Err(error);
            }
            // The pages' error, if any, came from the same damage.
            scan.problems.push(DumpError::Corrupt(format!(
                "{}: stream at byte {offset} lost, and any after it: {error}",
                path.display()
            )));
            break;
        }
        scan.problems.append(&mut xml_problems);
        scan.streams.push(StreamPages { offset, pages });
        offset += decoder.compressed_len().max(1);
        progress(offset.min(total), total);
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn bz2(data: &[u8]) -> Vec<u8> {
        let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        encoder.write_all(data).expect("compress");
        encoder.finish().expect("compress")
    }

    #[test]
    fn index_lines_split_on_the_first_two_colons() {
        assert_eq!(
            parse_index_line("615:12:Category:數學:代數\r"),
            Some(IndexLine {
                offset: 615,
                id: 12,
                title: "Category:數學:代數".into()
            })
        );
        assert_eq!(parse_index_line("615:12:"), None);
        assert_eq!(parse_index_line("x:12:a"), None);
        assert_eq!(parse_index_line("61512a"), None);
    }

    #[test]
    fn an_index_is_read_plain_or_multistream_bz2() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "10:1:甲\n\nbad line\n10:2:乙:丙\n";
        let plain = dir.path().join("i.txt");
        std::fs::write(&plain, text).expect("write");
        let (lines, bad) = read_index(&plain).expect("index");
        assert_eq!((lines.len(), bad), (2, 1));
        assert_eq!(lines[1].title, "乙:丙");
        let packed = dir.path().join("i.txt.bz2");
        let mut bytes = bz2(b"10:1:\xe7\x94\xb2\n");
        bytes.extend(bz2(b"20:3:x\n"));
        std::fs::write(&packed, bytes).expect("write");
        let (lines, bad) = read_index(&packed).expect("index");
        assert_eq!((lines.len(), bad), (2, 0));
        assert_eq!(lines[1].offset, 20);
    }

    #[test]
    fn an_overlong_index_line_is_one_bad_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("i.txt");
        let mut text = "x".repeat(MAX_INDEX_LINE * 3);
        text.push_str("\n1:2:ok");
        std::fs::write(&path, text).expect("write");
        let (lines, bad) = read_index(&path).expect("index");
        assert_eq!((lines.len(), bad), (1, 1));
    }

    #[test]
    fn one_stream_is_read_and_its_end_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("d.xml.bz2");
        let first = bz2(b"<mediawiki>");
        let mut bytes = first.clone();
        bytes.extend(bz2(b"<page><title>a</title><id>4</id></page>"));
        std::fs::write(&path, &bytes).expect("write");
        let file = File::open(&path).expect("open");
        assert_eq!(read_stream(&file, 0).expect("stream"), b"<mediawiki>");
        let page = page_in_stream(&file, first.len() as u64, 4, "").expect("page");
        assert_eq!(page.title, "a");
        let by_title = page_in_stream(&file, first.len() as u64, 99, "a").expect("page");
        assert_eq!(by_title.id, 4);
        assert!(matches!(
            page_in_stream(&file, first.len() as u64, 99, "b"),
            Err(DumpError::NotFound(_))
        ));
        assert!(read_stream(&file, bytes.len() as u64 + 10).is_err());
        assert!(read_stream(&file, 3).is_err());
    }
}
