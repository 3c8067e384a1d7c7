//! The layout of a corpus index file, shared by the writer and the reader:
//! a header, a table of sections, then the sections. All numbers are
//! little-endian. This module only names places; it reads and writes
//! nothing.
//!
//! ```text
//! 0   magic "WRINDEX\0"      8   version u32     12  source kind u32
//! 16  entries u32            20  flags u32       24  fingerprint u64
//! 32  file length u64        40  CRC-32 of the checked part u32
//! 44  CRC-32 of the lazy part u32                48  start of the lazy part u64
//! 56  first-pass strings u64
//! 64  SECTION_COUNT × (offset u64, length u64)
//! ```
//!
//! The checked part (from byte 64 to the lazy part) is what every lookup
//! reads; it is verified when the file is opened. The lazy part holds the
//! sections only the background work reads (file stamps, the finder's keys),
//! verified when they are first read, so opening costs less.

pub const MAGIC: &[u8; 8] = b"WRINDEX\0";
/// Bumped whenever the layout or the meaning of a field changes: an index
/// of another version is rebuilt, never read. (6: a directory's file list
/// holds the files whose names begin with a dot, `.int.md`; 7: the pages
/// of other namespaces are sorted by namespace and title, so a template is
/// found by a binary search.)
pub const VERSION: u32 = 7;
pub const HEADER_LEN: u64 = 64;
pub const SECTION_COUNT: usize = 12;
pub const BODY_START: u64 = HEADER_LEN + SECTION_COUNT as u64 * 16;

pub const AT_VERSION: u64 = 8;
pub const AT_KIND: u64 = 12;
pub const AT_COUNT: u64 = 16;
pub const AT_FLAGS: u64 = 20;
pub const AT_FINGERPRINT: u64 = 24;
pub const AT_FILE_LEN: u64 = 32;
pub const AT_CRC: u64 = 40;
pub const AT_LAZY_CRC: u64 = 44;
pub const AT_LAZY_START: u64 = 48;
/// How many bytes at the start of the strings section the first pass made
/// (titles, paths, warnings, directories, other pages): the second pass's
/// names come after them, so extending an enriched index again keeps these
/// and replaces the rest.
pub const AT_FIRST_STRINGS: u64 = 56;

/// Sections in the lazy part, written last.
pub const LAZY_SECTIONS: [Section; 3] =
    [Section::Stamps, Section::FinderKeys, Section::FinderPairs];

/// The file holds the second pass: redirects, lead aliases, file stamps.
pub const FLAG_ENRICHED: u32 = 1;
/// The redirects section is there (a dump's first pass knows them).
pub const FLAG_REDIRECTS: u32 = 2;

/// One record per entry: title (offset u32, length u32), path (offset u32,
/// length u32), format u32, reserved u32, location u64, location2 u64.
pub const RECORD_LEN: u64 = 40;
/// A hash-table slot: the hash's high 32 bits, then the value plus one (0: empty).
pub const SLOT_LEN: u64 = 8;
/// A string reference: offset u32, length u32 in the strings section.
pub const STRING_REF_LEN: u64 = 8;
/// A file stamp: size u64, modification time in nanoseconds i64.
pub const STAMP_LEN: u64 = 16;
/// An alias: name (offset u32, length u32), article u32, reserved u32.
pub const ALIAS_LEN: u64 = 16;
/// A page of another namespace: title (offset u32, length u32), namespace
/// u32, reserved u32, location u64, location2 u64.
pub const OTHER_PAGE_LEN: u64 = 32;

/// The sections, by their place in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Every string the other sections point into.
    Strings = 0,
    Records = 1,
    /// Title keys → entry (open addressing, linear probing).
    TitleKeys = 2,
    /// String references: warnings met while building.
    Warnings = 3,
    /// String references: the directories of a directory corpus, relative
    /// to the root (its fingerprint is their modification times).
    Directories = 4,
    /// Per entry: a string reference to its redirect target (length 0: none).
    Redirects = 5,
    /// Per entry: its file's stamp when the second pass read it.
    Stamps = 6,
    Aliases = 7,
    /// Alias keys → alias (open addressing, linear probing).
    AliasKeys = 8,
    /// The finder's matching keys of every title, in entry order (see
    /// `finder::index::encode_keys`).
    FinderKeys = 9,
    /// A dump's pages of other namespaces (templates, categories), kept for
    /// later use.
    OtherPages = 10,
    /// The finder's letter-pair index of every title (`finder::pairs`).
    FinderPairs = 11,
}

/// What kind of source an index describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SourceKind {
    #[default]
    Directory = 1,
    /// An uncompressed `.xml` export: location = page start, location2 = page end.
    XmlDump = 2,
    /// A bzip2 `.xml.bz2` export: location = stream offset, location2 = page id.
    Bzip2Dump = 3,
}

impl SourceKind {
    pub fn from_u32(value: u32) -> Option<SourceKind> {
        match value {
            1 => Some(SourceKind::Directory),
            2 => Some(SourceKind::XmlDump),
            3 => Some(SourceKind::Bzip2Dump),
            _ => None,
        }
    }
}

/// The number of slots of a hash table for `len` keys: a power of two at
/// least half as large again, so at most two slots in three are taken and
/// probes stay short. (Readers take the number from the section's size.)
pub fn table_slots(len: usize) -> usize {
    len.saturating_add(len / 2).max(16).next_power_of_two()
}
