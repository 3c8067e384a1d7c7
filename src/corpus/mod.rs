//! A corpus: the set of articles a reader can open, and the map between
//! titles and where each article lives. Articles are parsed on demand and
//! kept in a cache bounded by bytes.
//!
//! A corpus is a directory searched recursively, a MediaWiki XML dump
//! (`.xml`, `.xml.bz2`, multistream with its index), or the built-in sample
//! corpus. Its entries come from a corpus index ([`catalog`]): read from the
//! cache directory when it still matches the source, else built by a first
//! pass over file names and saved. A second pass (redirects, lead aliases,
//! file stamps) reads the head of every file; it runs in the background
//! ([`Corpus::complete`]) and until it is done links resolve by exact title.
//!
//! It must never open a file outside its root: links are looked up among
//! the indexed entries only, never turned into paths.

pub mod batch;
pub mod builtin;
pub mod cache;
pub mod catalog;
pub mod dump;
pub mod enrich;
pub mod finder_data;
pub mod fingerprint;
pub mod from_dump;
pub mod partial;
pub mod resolve;
pub mod scan;
pub mod spill;
pub mod templates;

pub use resolve::Resolution;

use crate::document::reading_script::Script;
use crate::document::{self, Article, Format};
use cache::ParseCache;
use catalog::Catalog;
use catalog::build::{NewEntry, Outline};
use catalog::layout::SourceKind;
use catalog::store::{self, Loaded};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// How much of each file is read to find its lead's aliases.
pub const LEAD_BYTES: usize = 16 * 1024;

/// Articles larger than this are refused with a message rather than parsed.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// Index of an entry in its corpus.
pub type ArticleId = usize;

/// One article of the corpus, borrowed from its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub title: &'a str,
    /// Path relative to the corpus root, `/`-separated.
    pub path: &'a str,
    pub format: Format,
}

/// Where the articles live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Directory(PathBuf),
    /// A dump file (canonical path).
    Dump(PathBuf),
    BuiltIn,
}

/// What can go wrong when opening a corpus or an article.
#[derive(Debug)]
pub enum CorpusError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    NotACorpus(PathBuf),
    Unreadable(PathBuf, std::io::Error),
    TooLarge(PathBuf, u64),
    NoSuchArticle(String),
    /// The index could not be made (the message says why).
    Index(String),
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::i18n::Text;
        let text = match self {
            CorpusError::NotFound(p) => crate::tr!(Text::ErrorNotFound, p.display()),
            CorpusError::NotADirectory(p) => crate::tr!(Text::ErrorNotADirectory, p.display()),
            CorpusError::NotACorpus(p) => crate::tr!(Text::ErrorNotACorpus, p.display()),
            CorpusError::Unreadable(p, err) => crate::tr!(Text::ErrorUnreadable, p.display(), err),
            CorpusError::TooLarge(p, size) => {
                crate::tr!(Text::ErrorTooLarge, p.display(), size, MAX_ARTICLE_BYTES)
            }
            CorpusError::NoSuchArticle(t) => crate::tr!(Text::ErrorNoSuchArticle, t),
            CorpusError::Index(message) => crate::tr!(Text::ErrorIndex, message),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for CorpusError {}

/// The articles of one corpus.
pub struct Corpus {
    source: Source,
    /// The first pass: entries and title keys.
    catalog: Arc<Catalog>,
    /// The index with the second pass, once it is done (the same entries).
    complete: RwLock<Option<Arc<Catalog>>>,
    /// The first index saved again with the finder's data, once the second
    /// pass or the reader's finder had it made (see `finder_data`).
    titled: RwLock<Option<Arc<Catalog>>>,
    /// Held while an index is saved: the second pass's and the finder's
    /// data's saves never cross.
    saving: Mutex<()>,
    /// Held while the finder's data is made (see `finder_data`): it is made
    /// once, by whoever asks first; the other waits and reads it.
    making_finder_data: Mutex<()>,
    /// An older index of the same source, whose second pass can be reused
    /// for files that did not change.
    previous: Mutex<Option<Catalog>>,
    /// Where the index is saved, when there is a cache.
    index_file: Option<PathBuf>,
    /// The open dump, for a dump corpus.
    dump: Option<from_dump::DumpFile>,
    /// The wiki its articles are of (a dump's `<base>`, else zh.wikipedia.org):
    /// where links it does not hold point to.
    site: crate::wiki::site::Site,
    cache: Mutex<ParseCache>,
    /// The script articles are parsed and shown in; the cache holds
    /// articles in this script only (changed under the cache's lock).
    script: Mutex<Script>,
    /// Template pages read for the preprocessor (see `templates`).
    templates: templates::TemplateCache,
    /// What the scan skipped, titles claimed by two files, index troubles.
    pub warnings: Vec<String>,
    /// How the index was found at open (for the status bar and benchmarks).
    pub opened: Opened,
}

/// How a corpus's index was found when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Read from the cache and still true to the source.
    Warm,
    /// Built now (no usable index was saved).
    Cold,
    /// Built in memory only (the built-in corpus, or no cache).
    Memory,
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("source", &self.source)
            .field("articles", &self.len())
            .finish()
    }
}

impl Corpus {
    /// Scans `dir` recursively for article files, keeping no index on disk.
    pub fn open_dir(dir: &Path) -> Result<Corpus, CorpusError> {
        Corpus::open_dir_with_cache(dir, None)
    }

    /// Opens the corpus directory `dir` with its index kept in `cache`:
    /// read from there when it still matches the directory, else built by
    /// a scan of file names (reusing what an older index knew of unchanged
    /// files) and saved. An index that cannot be saved is a warning.
    pub fn open_dir_with_cache(dir: &Path, cache: Option<&Path>) -> Result<Corpus, CorpusError> {
        Corpus::open_dir_counting(dir, cache, &|_| {})
    }

    /// [`Corpus::open_dir_with_cache`], telling `found` how many article
    /// files the scan of names has found so far when there is no usable
    /// index (see [`scan::scan_tree_counting`]).
    pub fn open_dir_counting(
        dir: &Path,
        cache: Option<&Path>,
        found: &dyn Fn(usize),
    ) -> Result<Corpus, CorpusError> {
        let meta = std::fs::metadata(dir).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => CorpusError::NotFound(dir.to_path_buf()),
            _ => CorpusError::Unreadable(dir.to_path_buf(), err),
        })?;
        if !meta.is_dir() {
            return Err(CorpusError::NotADirectory(dir.to_path_buf()));
        }
        let root = std::fs::canonicalize(dir)
            .map_err(|err| CorpusError::Unreadable(dir.to_path_buf(), err))?;
        let mut warnings = Vec::new();
        let index_file = cache.map(|cache| store::index_file(cache, &root));
        let mut previous = None;
        if let Some(path) = &index_file {
            match store::load(path) {
                Loaded::Found(catalog) => {
                    let current = (catalog.kind() == SourceKind::Directory)
                        .then(|| fingerprint::directory_fingerprint(&root, catalog.directories()))
                        .flatten();
                    if current == Some(catalog.fingerprint()) && !catalog.is_empty() {
                        return Ok(Corpus::from_catalog(
                            Source::Directory(root),
                            catalog,
                            None,
                            index_file,
                            warnings,
                            Opened::Warm,
                        ));
                    }
                    previous = Some(catalog);
                }
                Loaded::Missing => {}
                Loaded::Refused(reason) => {
                    warnings.push(format!("the saved corpus index was {reason}"));
                }
            }
        }
        let outline = directory_outline(dir, &root, found)?;
        let built = catalog::build::build_parts(&outline, None).map_err(CorpusError::Index)?;
        drop(outline);
        let (catalog, opened) = save_new_index(built, index_file.as_deref(), &mut warnings)?;
        // The first pass's names and keys are freed: returned to the system.
        crate::background::give_back_memory_everywhere();
        Ok(Corpus::from_catalog(
            Source::Directory(root),
            catalog,
            previous,
            index_file,
            warnings,
            opened,
        ))
    }

    /// Opens a MediaWiki XML dump (`.xml`, `.xml.bz2`) as a corpus, its
    /// index kept in `cache`: read from there when the dump (and its
    /// multistream index) still have the size and time it was made for,
    /// else made by a first pass (`progress` hears bytes done of the total
    /// while the dump itself is read) and saved.
    pub fn open_dump(
        path: &Path,
        cache: Option<&Path>,
        progress: &dyn Fn(u64, u64),
    ) -> Result<Corpus, CorpusError> {
        let dump = from_dump::DumpFile::open(path)?;
        let mut warnings = Vec::new();
        let index_file = cache.map(|cache| store::index_file(cache, &dump.path));
        if let Some(file) = &index_file {
            match store::load(file) {
                Loaded::Found(catalog)
                    if catalog.kind() == dump.source_kind()
                        && Some(catalog.fingerprint()) == dump.fingerprint()
                        && !catalog.is_empty() =>
                {
                    let mut corpus = Corpus::from_catalog(
                        Source::Dump(dump.path.clone()),
                        catalog,
                        None,
                        index_file,
                        warnings,
                        Opened::Warm,
                    );
                    corpus.set_dump(dump);
                    return Ok(corpus);
                }
                Loaded::Found(_) | Loaded::Missing => {}
                Loaded::Refused(reason) => {
                    warnings.push(format!("the saved corpus index was {reason}"));
                }
            }
        }
        let never = std::sync::atomic::AtomicBool::new(false);
        let outline = dump.outline(progress, &never)?;
        let built = catalog::build::build_parts(&outline, None).map_err(CorpusError::Index)?;
        drop(outline);
        let (catalog, opened) = save_new_index(built, index_file.as_deref(), &mut warnings)?;
        // The first pass's names and keys are freed: returned to the system.
        crate::background::give_back_memory_everywhere();
        let mut corpus = Corpus::from_catalog(
            Source::Dump(dump.path.clone()),
            catalog,
            None,
            index_file,
            warnings,
            opened,
        );
        corpus.set_dump(dump);
        Ok(corpus)
    }

    /// Makes `dump` the source of the articles, and its wiki the corpus's site.
    fn set_dump(&mut self, dump: from_dump::DumpFile) {
        self.site = dump.site().unwrap_or_default();
        self.dump = Some(dump);
    }

    /// The open dump of a dump corpus.
    pub(crate) fn dump_file(&self) -> Option<&from_dump::DumpFile> {
        self.dump.as_ref()
    }

    /// The pages of other namespaces a dump's index keeps (templates,
    /// categories): title and namespace.
    pub fn other_pages(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        (0..self.catalog.other_page_count())
            .filter_map(|i| self.catalog.other_page(i))
            .map(|(title, namespace, _, _)| (title, namespace))
    }

    /// What the corpus is, for messages and for the names of its saved
    /// files: its directory or dump, or `built-in`.
    pub fn name(&self) -> String {
        match &self.source {
            Source::Directory(path) | Source::Dump(path) => path.display().to_string(),
            Source::BuiltIn => "built-in".into(),
        }
    }

    /// The sample corpus compiled into the binary, complete at once.
    pub fn builtin() -> Corpus {
        let entries = builtin::BUILTIN_ARTICLES
            .iter()
            .filter_map(|(name, _)| {
                let format = scan::format_of(Path::new(name))?;
                Some(NewEntry {
                    title: scan::title_of(Path::new(name)),
                    path: name.to_string(),
                    format,
                    location: 0,
                    location2: 0,
                })
            })
            .collect();
        let outline = Outline {
            kind: SourceKind::Directory,
            fingerprint: 0,
            entries,
            warnings: Vec::new(),
            directories: Vec::new(),
            ..Outline::default()
        };
        // Five small articles: these cannot fail.
        let catalog = Catalog::from_outline(&outline, None)
            .unwrap_or_else(|_| Catalog::from_outline(&empty_outline(), None).expect("empty"));
        let corpus = Corpus::from_catalog(
            Source::BuiltIn,
            catalog,
            None,
            None,
            Vec::new(),
            Opened::Memory,
        );
        let never = std::sync::atomic::AtomicBool::new(false);
        let _ = corpus.complete(&|_| {}, &never);
        corpus
    }

    fn from_catalog(
        source: Source,
        catalog: Catalog,
        previous: Option<Catalog>,
        index_file: Option<PathBuf>,
        mut warnings: Vec<String>,
        opened: Opened,
    ) -> Corpus {
        warnings.extend(catalog.warnings().map(str::to_string));
        let catalog = Arc::new(catalog);
        let complete = catalog.is_enriched().then(|| Arc::clone(&catalog));
        Corpus {
            source,
            catalog,
            complete: RwLock::new(complete),
            titled: RwLock::new(None),
            saving: Mutex::new(()),
            making_finder_data: Mutex::new(()),
            previous: Mutex::new(previous),
            index_file,
            dump: None,
            site: crate::wiki::site::Site::default(),
            cache: Mutex::new(ParseCache::new(cache::DEFAULT_BUDGET)),
            script: Mutex::new(Script::AsWritten),
            templates: Default::default(),
            warnings,
            opened,
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The root directory, or `None` for a dump or the built-in corpus.
    pub fn root(&self) -> Option<&Path> {
        match &self.source {
            Source::Directory(root) => Some(root),
            Source::Dump(_) | Source::BuiltIn => None,
        }
    }

    /// Where the corpus index is saved, if anywhere.
    pub fn index_file(&self) -> Option<&Path> {
        self.index_file.as_deref()
    }

    pub fn entry(&self, id: ArticleId) -> Option<Entry<'_>> {
        (id < self.catalog.len()).then(|| Entry {
            title: self.catalog.title(id),
            path: self.catalog.path(id),
            format: self.catalog.format(id),
        })
    }

    /// Every entry with its id, in corpus order.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = (ArticleId, Entry<'_>)> + '_ {
        (0..self.catalog.len()).map(|id| {
            let entry = Entry {
                title: self.catalog.title(id),
                path: self.catalog.path(id),
                format: self.catalog.format(id),
            };
            (id, entry)
        })
    }

    pub fn len(&self) -> usize {
        self.catalog.len()
    }

    pub fn is_empty(&self) -> bool {
        self.catalog.is_empty()
    }

    /// The entry whose corpus-relative path is `path`.
    pub fn id_of_entry_path(&self, path: &str) -> Option<ArticleId> {
        let title = scan::title_of(Path::new(path));
        let key = crate::wiki::titles::title_key(&title);
        self.catalog
            .find_title_key(&key)
            .filter(|&id| self.catalog.path(id) == path)
            // Two files with one title: only the first is keyed.
            .or_else(|| (0..self.len()).find(|&id| self.catalog.path(id) == path))
    }

    /// The entry whose file is `path` (canonicalised; must be inside the root).
    pub fn id_of_path(&self, path: &Path) -> Option<ArticleId> {
        let root = self.root()?;
        let real = std::fs::canonicalize(path).ok()?;
        let relative = real.strip_prefix(root).ok()?;
        let relative: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        self.id_of_entry_path(&relative.join("/"))
    }

    /// The index with the second pass, when it is done.
    pub fn completed(&self) -> Option<Arc<Catalog>> {
        self.complete
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Lets the kernel take back the index pages read so far (after a pass
    /// over every title); nothing changes for the caller.
    pub fn release_index_pages(&self) {
        self.catalog.release_pages();
        for saved in self.completed().into_iter().chain([self.first_index()]) {
            saved.release_pages();
        }
    }

    /// Whether redirects and lead aliases are known for every entry.
    pub fn is_complete(&self) -> bool {
        self.completed().is_some()
    }

    /// The redirect target of an entry. Before the second pass is done, a
    /// directory's file is sniffed (its first kilobyte).
    pub fn redirect(&self, id: ArticleId) -> Option<String> {
        if let Some(complete) = self.completed() {
            return complete.redirect(id).map(str::to_string);
        }
        if self.catalog.knows_redirects() {
            return self.catalog.redirect(id).map(str::to_string);
        }
        let entry = self.entry(id)?;
        // A dump page's redirect is learnt when it is opened.
        if entry.format != Format::Wikitext || self.dump.is_some() {
            return None;
        }
        let head = self.read_head(id, 1024).ok()?;
        scan::redirect_target(&String::from_utf8_lossy(&head))
    }

    /// Reads an entry's source and tells its format (a dump page says
    /// whether it is Markdown).
    pub fn read_source(&self, id: ArticleId) -> Result<(Vec<u8>, Format), CorpusError> {
        let entry = self
            .entry(id)
            .ok_or_else(|| CorpusError::NoSuchArticle(format!("#{id}")))?;
        if let Some(dump) = &self.dump {
            let page = dump
                .read_page(entry.title, self.catalog.location(id))
                .map_err(|err| CorpusError::Index(format!("{}: {err}", entry.title)))?;
            let format = if page.markdown {
                Format::Markdown
            } else {
                Format::Wikitext
            };
            return Ok((page.text.into_bytes(), format));
        }
        Ok((self.read_bytes(id)?, entry.format))
    }

    /// Reads at most `limit` bytes from the start of an entry.
    pub fn read_head(&self, id: ArticleId, limit: usize) -> Result<Vec<u8>, CorpusError> {
        let entry = self
            .entry(id)
            .ok_or_else(|| CorpusError::NoSuchArticle(format!("#{id}")))?;
        match &self.source {
            Source::BuiltIn | Source::Dump(_) => self.read_source(id).map(|(mut bytes, _)| {
                bytes.truncate(limit);
                bytes
            }),
            Source::Directory(root) => {
                use std::io::Read;
                let path = root.join(entry.path);
                // Checked before opening: opening a FIFO blocks until a
                // writer comes, a device may never end.
                let not_regular = || {
                    CorpusError::Unreadable(
                        path.clone(),
                        std::io::Error::other("not a regular file"),
                    )
                };
                if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                    return Err(not_regular());
                }
                let file = std::fs::File::open(&path)
                    .map_err(|err| CorpusError::Unreadable(path.clone(), err))?;
                if !file.metadata().is_ok_and(|m| m.is_file()) {
                    return Err(not_regular());
                }
                let mut head = Vec::with_capacity(limit.min(LEAD_BYTES));
                file.take(limit as u64)
                    .read_to_end(&mut head)
                    .map_err(|err| CorpusError::Unreadable(path, err))?;
                Ok(head)
            }
        }
    }

    /// Reads the raw bytes of an entry.
    pub fn read_bytes(&self, id: ArticleId) -> Result<Vec<u8>, CorpusError> {
        let entry = self
            .entry(id)
            .ok_or_else(|| CorpusError::NoSuchArticle(format!("#{id}")))?;
        match &self.source {
            Source::BuiltIn => builtin::BUILTIN_ARTICLES
                .iter()
                .find(|(name, _)| *name == entry.path)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or_else(|| CorpusError::NoSuchArticle(entry.title.to_string())),
            Source::Directory(root) => read_article_file(&root.join(entry.path)),
            Source::Dump(_) => self.read_source(id).map(|(bytes, _)| bytes),
        }
    }

    /// The parsed article (parsed once, then shared while it stays in the
    /// bounded cache).
    pub fn article(&self, id: ArticleId) -> Result<Arc<Article>, CorpusError> {
        if let Some(found) = self.lock_cache().get(id) {
            return Ok(found);
        }
        let script = self.script();
        let (article, source_len) = self.parse_in(id, script)?;
        let article = Arc::new(article);
        let mut cache = self.lock_cache();
        // Kept only if the script did not change while it was parsed.
        if self.script() == script {
            cache.insert(id, Arc::clone(&article), source_len);
        }
        Ok(article)
    }

    /// The script articles are shown in.
    pub fn script(&self) -> Script {
        *self
            .script
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Shows articles in `script` from now on (parsed articles are forgotten).
    pub fn set_script(&self, script: Script) {
        let mut cache = self.lock_cache();
        let mut current = self
            .script
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if *current != script {
            *current = script;
            cache.clear();
        }
    }

    /// Parses an entry without keeping it (for passes over every article),
    /// with the length of its source.
    pub fn parse(&self, id: ArticleId) -> Result<(Article, usize), CorpusError> {
        self.parse_in(id, Script::AsWritten)
    }

    fn parse_in(&self, id: ArticleId, script: Script) -> Result<(Article, usize), CorpusError> {
        let (bytes, format) = self.read_source(id)?;
        let title = self.catalog.title(id);
        let (source, warnings) = match format {
            Format::Wikitext => self.expanded(&bytes, title),
            Format::Markdown => (std::borrow::Cow::Borrowed(bytes.as_slice()), Vec::new()),
        };
        let mut article = document::parse_bytes_in(&source, title, format, script);
        article.warnings.extend(warnings);
        Ok((article, bytes.len()))
    }

    /// The beginning of an article (its first 16 KiB) parsed: enough for
    /// its lead (aliases, a preview's first paragraph) at a bounded cost,
    /// however large the file. The whole article when it is already parsed.
    pub fn lead(&self, id: ArticleId) -> Result<Arc<Article>, CorpusError> {
        if let Some(found) = self.lock_cache().get(id) {
            return Ok(found);
        }
        let (mut head, format) = match &self.source {
            Source::Dump(_) => self.read_source(id)?,
            _ => (self.read_head(id, LEAD_BYTES)?, self.catalog.format(id)),
        };
        head.truncate(LEAD_BYTES);
        let title = self.catalog.title(id);
        let source = match format {
            Format::Wikitext => self.expanded(&head, title).0,
            Format::Markdown => std::borrow::Cow::Borrowed(head.as_slice()),
        };
        Ok(Arc::new(document::parse_bytes_in(
            &source,
            title,
            format,
            self.script(),
        )))
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, ParseCache> {
        // A panic while holding the lock cannot leave the map half-written
        // (inserts are atomic), so a poisoned lock is still usable.
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every lead alias (as written) with its article, in corpus order,
    /// once the second pass is done; none before. Aliases that are also a
    /// title are left out.
    pub fn alias_names(&self) -> Vec<(String, ArticleId)> {
        let Some(complete) = self.completed() else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        (0..complete.alias_count())
            .filter_map(|i| complete.alias(i))
            .filter(|(name, _)| {
                let key = crate::wiki::titles::title_key(name);
                self.catalog.find_title_key(&key).is_none() && seen.insert(key)
            })
            .map(|(name, id)| (name.to_string(), id))
            .collect()
    }
}

/// Saves a newly built index where the cache keeps it (a failure is a
/// warning: the index then lives in memory only) and tells how the corpus
/// was opened. Once saved, the index is read back through a map, so its
/// pages are the kernel's to drop rather than this process's memory.
fn save_new_index(
    built: catalog::build::BuiltIndex<'_>,
    index_file: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<(Catalog, Opened), CorpusError> {
    // Kept in memory when it cannot be saved (or was replaced as it was).
    let in_memory = |built: &catalog::build::BuiltIndex<'_>| {
        Catalog::open(catalog::bytes::IndexBytes::Owned(built.to_bytes()))
            .map_err(|refused| CorpusError::Index(refused.to_string()))
    };
    let Some(path) = index_file else {
        return Ok((in_memory(&built)?, Opened::Memory));
    };
    // Written section by section and read back through a map of the file
    // written (not of `path`, where another reader may have saved its own
    // since): the index is never whole in this process's memory.
    match store::save_and_open(path, &mut |out| built.write_to(out)) {
        Ok(Ok(mapped)) => Ok((mapped, Opened::Cold)),
        Ok(Err(refused)) => Err(CorpusError::Index(refused.to_string())),
        Err(err) => {
            warnings.push(format!(
                "could not save the corpus index {}: {err}",
                path.display()
            ));
            Ok((in_memory(&built)?, Opened::Cold))
        }
    }
}

/// The first pass over a directory (`dir` as the user named it, `root`
/// canonical): its article files' names.
fn directory_outline(
    dir: &Path,
    root: &Path,
    counting: &dyn Fn(usize),
) -> Result<Outline, CorpusError> {
    let found = scan::scan_tree_counting(root, counting);
    if found.files.is_empty() {
        return Err(CorpusError::NotACorpus(dir.to_path_buf()));
    }
    let fingerprint =
        fingerprint::directory_fingerprint(root, found.directories.iter().map(String::as_str))
            .ok_or_else(|| CorpusError::Index("the directory changed while it was read".into()))?;
    let entries = found
        .files
        .into_iter()
        .map(|file| NewEntry {
            title: scan::title_of(Path::new(&file.relative)),
            path: file.relative,
            format: file.format,
            location: 0,
            location2: 0,
        })
        .collect();
    Ok(Outline {
        kind: SourceKind::Directory,
        fingerprint,
        entries,
        warnings: found.warnings,
        directories: found.directories,
        ..Outline::default()
    })
}

fn empty_outline() -> Outline {
    Outline {
        kind: SourceKind::Directory,
        fingerprint: 0,
        entries: Vec::new(),
        warnings: Vec::new(),
        directories: Vec::new(),
        ..Outline::default()
    }
}

/// Reads an article file, refusing ones over [`MAX_ARTICLE_BYTES`].
pub fn read_article_file(path: &Path) -> Result<Vec<u8>, CorpusError> {
    let meta = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => CorpusError::NotFound(path.to_path_buf()),
        _ => CorpusError::Unreadable(path.to_path_buf(), err),
    })?;
    if !meta.is_file() {
        // Directories, pipes, devices: reading them could block or never end.
        return Err(CorpusError::Unreadable(
            path.to_path_buf(),
            std::io::Error::other("not a regular file"),
        ));
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(CorpusError::TooLarge(path.to_path_buf(), meta.len()));
    }
    std::fs::read(path).map_err(|err| CorpusError::Unreadable(path.to_path_buf(), err))
}

#[cfg(test)]
pub(crate) mod tests;
