//! The full-text index on disk: its schema, where it lives (beside the
//! corpus index, `corpus-<hash>.search/`) and how it is opened. A missing,
//! damaged or foreign index is made anew, never trusted; one that cannot be
//! written is an error with a message, never a panic. It never parses
//! articles (see `build`) nor answers queries (see `query`).

use super::directory::{IndexDirectory, PageRelease};
use super::tokenizer::{BigramTokenizer, NAME as TOKENIZER};
use std::path::{Path, PathBuf};
use tantivy::directory::Directory;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

/// Bumped whenever the schema or the tokenizer changes: an index of another
/// version is made anew.
pub const VERSION: u32 = 3;

/// How many decompressed blocks of stored text each segment keeps for the
/// next search (tantivy's default is 100 a segment: tens of megabytes at a
/// million articles). A search reads the text of its first page of
/// results, a block each, mostly other articles at the next key typed; a
/// block read again costs a read from the kernel's cache and some
/// microseconds of decompression.
const DOC_STORE_CACHE_BLOCKS: usize = 4;

/// The file in the index directory that holds [`VERSION`].
const VERSION_FILE: &str = "wikiread-search-version";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The entry's path in the corpus: one document per entry.
    pub path: Field,
    /// `path` and the file's stamp (size, time) when it was indexed: a
    /// document is up to date while its key is the entry's current key.
    pub key: Field,
    pub title: Field,
    /// The title's key (`crate::wiki::titles::title_key`): an exact title.
    pub title_key: Field,
    /// The article's visible text, footnotes last.
    pub body: Field,
    /// Where the article links: `@path` for an article of the corpus
    /// (through redirects), `#key` for every title it links to.
    pub links: Field,
    /// The key of each of its categories.
    pub categories: Field,
    /// For a category's own page (path [`CATEGORY_PAGE`] + its name): the
    /// keys of the categories it belongs to (it is their subcategory).
    pub parents: Field,
}

/// What the path of a category page's document starts with (never the
/// start of an article's path).
pub const CATEGORY_PAGE: &str = "\u{1}";

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            // Path and title are also columns: lists of thousands of
            // articles (links here, a category) read them without the body.
            path: builder.add_text_field("path", STRING | STORED | FAST),
            key: builder.add_text_field("key", STRING),
            title: builder.add_text_field("title", text.clone().set_fast("raw") | STORED),
            title_key: builder.add_text_field("title_key", STRING),
            body: builder.add_text_field("body", text | STORED),
            links: builder.add_text_field("links", STRING),
            categories: builder.add_text_field("categories", STRING),
            parents: builder.add_text_field("parents", STRING),
        };
        (builder.build(), fields)
    }
}

/// What can go wrong with the full-text index.
#[derive(Debug)]
pub enum SearchError {
    /// It could not be opened, made or written (the message says why).
    Index(String),
    /// Another reader is building it.
    Busy,
    /// The build was cancelled.
    Cancelled,
    /// The disk (or the user's quota) is full: what was committed before
    /// is still there to search.
    NoSpace,
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::Text;
        f.write_str(&match self {
            SearchError::Index(why) => crate::tr!(Text::SearchIndexError, why),
            SearchError::Busy => crate::tr!(Text::SearchIndexBusy),
            SearchError::Cancelled => crate::tr!(Text::SearchIndexCancelled),
            SearchError::NoSpace => crate::tr!(Text::SearchIndexNoSpace),
        })
    }
}

impl std::error::Error for SearchError {}

/// Whether an error's text is a full disk's: the system's words for
/// `ENOSPC`, or the standard library's for the kinds of a full disk.
fn says_no_space(text: &str) -> bool {
    text.contains("No space left on device")
        || [
            std::io::ErrorKind::StorageFull,
            std::io::ErrorKind::QuotaExceeded,
        ]
        .into_iter()
        .any(|kind| text.contains(&std::io::Error::from(kind).to_string()))
}

fn is_no_space(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(error: tantivy::TantivyError) -> SearchError {
        match error {
            tantivy::TantivyError::LockFailure(..) => SearchError::Busy,
            tantivy::TantivyError::IoError(io) if is_no_space(&io) => SearchError::NoSpace,
            tantivy::TantivyError::OpenWriteError(
                tantivy::directory::error::OpenWriteError::IoError { io_error, .. },
            ) if is_no_space(&io_error) => SearchError::NoSpace,
            // The writer's threads give their errors as text.
            other if says_no_space(&other.to_string()) => SearchError::NoSpace,
            other => SearchError::Index(other.to_string()),
        }
    }
}

/// An open full-text index.
pub struct SearchIndex {
    /// The index as the writer sees it (memory-mapped: merges read whole
    /// files).
    pub index: Index,
    /// What searches read: the same files, read with positioned reads
    /// (`pread`), reloaded after each commit.
    pub reader: IndexReader,
    pub fields: Fields,
    /// Its directory; `None` for an index in memory.
    pub dir: Option<PathBuf>,
    /// Why an earlier index was set aside, if one was.
    pub warnings: Vec<String>,
    /// The category names of the index's latest state (see `categories`).
    pub(super) category_names: super::categories::NameCache,
    /// Gives back the pages of the files searches mapped (term dictionaries, fast fields).
    pages: PageRelease,
    /// Gives back the pages of the files the writer's merges read.
    writer_pages: PageRelease,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// Where the full-text index of the corpus whose index file is
/// `index_file` lives.
pub fn dir_for(index_file: &Path) -> PathBuf {
    index_file.with_extension("search")
}

impl SearchIndex {
    /// The index in `dir`, made anew when it is missing, damaged or of
    /// another version.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let writer_pages = PageRelease::default();
        let pages = writer_pages.clone();
        let mut search = Self::open_writing_through(dir, &move |dir| {
            Ok(Box::new(IndexDirectory::for_writer(dir, pages.clone())?))
        })?;
        search.writer_pages = writer_pages;
        Ok(search)
    }

    /// [`SearchIndex::open`], the writer's files written through the
    /// directory `writing` makes of `dir` (tests give one whose disk
    /// fills up).
    pub(crate) fn open_writing_through(
        dir: &Path,
        writing: &dyn Fn(&Path) -> tantivy::Result<Box<dyn Directory>>,
    ) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = Fields::schema();
        let mut warnings = Vec::new();
        let opened = match read_version(dir) {
            Some(VERSION) => match writing(dir).and_then(Index::open) {
                Ok(index) if index.schema() == schema => Some(index),
                Ok(_) => {
                    warnings.push(format!("{}: another schema; made anew", dir.display()));
                    None
                }
                Err(error) => {
                    warnings.push(format!("{}: {error}; made anew", dir.display()));
                    None
                }
            },
            Some(_) => {
                warnings.push(format!("{}: another version; made anew", dir.display()));
                None
            }
            None => None,
        };
        let index = match opened {
            Some(index) => index,
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir)
                        .map_err(|e| SearchError::Index(format!("{}: {e}", dir.display())))?;
                }
                std::fs::create_dir_all(dir)
                    .map_err(|e| SearchError::Index(format!("{}: {e}", dir.display())))?;
                let index = Index::create(writing(dir)?, schema, IndexSettings::default())?;
                std::fs::write(dir.join(VERSION_FILE), VERSION.to_string())
                    .map_err(|e| SearchError::Index(format!("{}: {e}", dir.display())))?;
                index
            }
        };
        // Searches read through their own handle on the same files, with
        // positioned reads: see `directory`.
        let reading = IndexDirectory::for_searches(dir).map_err(tantivy::TantivyError::from)?;
        let pages = reading.page_release();
        let mut search = Self::with_index(
            index,
            Index::open(reading)?,
            fields,
            Some(dir.to_path_buf()),
            warnings,
        )?;
        search.pages = pages;
        Ok(search)
    }

    /// The index of `corpus`: beside its corpus index, else in memory.
    pub fn for_corpus(corpus: &crate::corpus::Corpus) -> Result<SearchIndex, SearchError> {
        match corpus.index_file() {
            Some(file) => Self::open(&dir_for(file)),
            None => Self::in_memory(),
        }
    }

    /// An index in memory (the built-in corpus, or no cache directory).
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        Self::with_index(index.clone(), index, fields, None, Vec::new())
    }

    fn with_index(
        index: Index,
        reading: Index,
        fields: Fields,
        dir: Option<PathBuf>,
        warnings: Vec<String>,
    ) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(TOKENIZER, BigramTokenizer);
        reading.tokenizers().register(TOKENIZER, BigramTokenizer);
        let reader = reading
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir,
            warnings,
            category_names: Default::default(),
            pages: PageRelease::default(),
            writer_pages: PageRelease::default(),
        })
    }

    /// Gives the pages of the index that searches have read back to the
    /// kernel's cache, so that they stop counting as the reader's memory
    /// (the next search reads them again from the cache). For when a
    /// search or a pass over the index is done.
    pub fn release_pages(&self) {
        self.pages.release();
    }

    /// The same for the pages the writer read (merges read whole
    /// segments): called every moment while a build runs.
    pub fn release_writer_pages(&self) {
        self.writer_pages.release();
    }

    /// How many documents it holds (redirects included).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its size on disk in bytes (0 in memory).
    pub fn size_on_disk(&self) -> u64 {
        let Some(dir) = &self.dir else { return 0 };
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

fn read_version(dir: &Path) -> Option<u32> {
    std::fs::read_to_string(dir.join(VERSION_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}
