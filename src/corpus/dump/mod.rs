//! MediaWiki XML dumps: the types shared by the dump readers and the
//! writer, and how a dump file and its index are recognised by name.
//!
//! - [`xml`] reads `<page>` elements from an export or a fragment of one,
//!   and finds each page's byte range in a plain `.xml` dump.
//! - [`multistream`] reads the bzip2 multistream dump: its index, one
//!   stream at an offset, or every stream in one pass when there is no index.
//! - [`writer`] writes a multistream dump and its index.
//!
//! Nothing here may panic or hang on any input, nor hold more than a bounded
//! amount of one page or one stream in memory ([`MAX_PAGE_BYTES`],
//! [`MAX_STREAM_BYTES`]). Errors are [`DumpError`] values. Nothing here
//! writes a file but the writer, and it never leaves a half-written file
//! under its final name.

pub mod lossy;
pub mod multistream;
pub mod writer;
pub mod xml;

use std::fmt;
use std::path::{Path, PathBuf};

/// Page text above this is cut to it (on a character boundary) and the
/// page is flagged [`Page::truncated`].
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// The most one decompressed bzip2 stream may hold, so that a bomb cannot
/// exhaust memory. A dump's streams of 100 pages are far below it.
pub const MAX_STREAM_BYTES: usize = 256 * 1024 * 1024;

/// One page of a dump.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// As written in the dump (namespace prefix included, `_` unchanged).
    pub title: String,
    pub namespace: i64,
    pub id: u64,
    /// The target of `<redirect title="…"/>`.
    pub redirect: Option<String>,
    /// The text of the (last) revision, entities decoded.
    pub text: String,
    /// The revision's `<format>` is `text/markdown` or its `<model>` is
    /// `markdown` (real dumps hold wikitext only).
    pub markdown: bool,
    /// The text was longer than [`MAX_PAGE_BYTES`] and was cut.
    pub truncated: bool,
}

/// What can go wrong reading or writing a dump.
#[derive(Debug)]
pub enum DumpError {
    /// A file could not be opened, read or written.
    Io(PathBuf, std::io::Error),
    /// The data is not what it should be (bad XML, bad bzip2, bad offset…).
    Corrupt(String),
    /// A bzip2 stream or a page went past its size limit.
    TooLarge(String),
    /// No page with that id or title where the index said.
    NotFound(String),
    /// The caller asked to stop.
    Cancelled,
}

impl DumpError {
    pub(crate) fn io(path: &Path, error: std::io::Error) -> DumpError {
        DumpError::Io(path.to_path_buf(), error)
    }
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DumpError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            DumpError::Corrupt(message) => write!(f, "corrupt dump: {message}"),
            DumpError::TooLarge(message) => write!(f, "too large: {message}"),
            DumpError::NotFound(message) => write!(f, "not in the dump: {message}"),
            DumpError::Cancelled => write!(f, "cancelled"),
        }
    }
}

impl std::error::Error for DumpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DumpError::Io(_, error) => Some(error),
            _ => None,
        }
    }
}

/// How a dump file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpKind {
    /// `.xml`: one uncompressed export.
    PlainXml,
    /// `.xml.bz2`: one or many bzip2 streams.
    Bzip2,
}

/// The kind of dump a file name tells, or `None` when it is not a dump.
pub fn dump_kind(path: &Path) -> Option<DumpKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".xml.bz2") {
        Some(DumpKind::Bzip2)
    } else if name.ends_with(".xml") {
        Some(DumpKind::PlainXml)
    } else {
        None
    }
}

/// The index beside a multistream dump: for `NAME-multistream.xml.bz2`,
/// `NAME-multistream-index.txt.bz2` (or an uncompressed
/// `NAME-multistream-index.txt`) when it exists.
pub fn index_path_for(dump: &Path) -> Option<PathBuf> {
    let name = dump.file_name()?.to_str()?;
    let stem = name.strip_suffix(".xml.bz2")?;
    if !stem.ends_with("-multistream") {
        return None;
    }
    [".txt.bz2", ".txt"]
        .iter()
        .map(|ext| dump.with_file_name(format!("{stem}-index{ext}")))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_name() {
        assert_eq!(dump_kind(Path::new("a/b.xml")), Some(DumpKind::PlainXml));
        assert_eq!(dump_kind(Path::new("b.XML.bz2")), Some(DumpKind::Bzip2));
        assert_eq!(dump_kind(Path::new("b.txt.bz2")), None);
        assert_eq!(dump_kind(Path::new("/")), None);
    }

    #[test]
    fn the_index_beside_a_multistream_dump_is_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dump = dir
            .path()
            .join("zhwiki-20260101-pages-articles-multistream.xml.bz2");
        std::fs::write(&dump, b"").expect("write");
        assert_eq!(index_path_for(&dump), None);
        let plain = dir
            .path()
            .join("zhwiki-20260101-pages-articles-multistream-index.txt");
        std::fs::write(&plain, b"").expect("write");
        assert_eq!(index_path_for(&dump), Some(plain));
        let packed = dir
            .path()
            .join("zhwiki-20260101-pages-articles-multistream-index.txt.bz2");
        std::fs::write(&packed, b"").expect("write");
        assert_eq!(index_path_for(&dump), Some(packed));
        assert_eq!(index_path_for(&dir.path().join("x.xml.bz2")), None);
    }

    #[test]
    fn errors_read_as_one_line() {
        let error = DumpError::Io(
            PathBuf::from("/d.xml"),
            std::io::Error::other("disk on fire"),
        );
        assert_eq!(error.to_string(), "/d.xml: disk on fire");
        assert!(!DumpError::Corrupt("x".into()).to_string().contains('\n'));
    }
}
