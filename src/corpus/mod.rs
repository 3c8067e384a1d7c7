//! A corpus: the set of articles a reader can open, and the map between
//! titles and files. Articles are parsed on demand and cached.
//!
//! A corpus is a directory searched recursively, or the built-in sample
//! corpus. It must never open a file outside its root: links are looked up
//! among the indexed entries only, never turned into paths.

pub mod builtin;
pub mod dump;
pub mod resolve;
pub mod scan;

pub use resolve::Resolution;

use crate::document::{self, Article, Format};
use crate::title::title_key;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// How much of each file is read to find its lead's aliases.
const LEAD_BYTES: usize = 16 * 1024;

/// Articles larger than this are refused with a message rather than parsed.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// Index of an entry in its corpus.
pub type ArticleId = usize;

/// One article file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    pub format: Format,
    /// Set when the file is a redirect page (`#REDIRECT [[T]]`).
    pub redirect: Option<String>,
}

/// Where the articles live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Directory(PathBuf),
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
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::NotFound(p) => write!(f, "{}: no such file or directory", p.display()),
            CorpusError::NotADirectory(p) => write!(f, "{}: not a directory", p.display()),
            CorpusError::NotACorpus(p) => write!(
                f,
                "{}: not a corpus (no .md, .wiki or .mediawiki files inside)",
                p.display()
            ),
            CorpusError::Unreadable(p, err) => write!(f, "{}: cannot read: {err}", p.display()),
            CorpusError::TooLarge(p, size) => write!(
                f,
                "{}: too large to open ({size} bytes; the limit is {MAX_ARTICLE_BYTES})",
                p.display()
            ),
            CorpusError::NoSuchArticle(t) => write!(f, "{t}: no such article in the corpus"),
        }
    }
}

impl std::error::Error for CorpusError {}

/// The articles of one corpus, indexed by title key.
pub struct Corpus {
    source: Source,
    entries: Vec<Entry>,
    by_key: HashMap<String, ArticleId>,
    aliases: OnceLock<Aliases>,
    cache: Mutex<HashMap<ArticleId, Arc<Article>>>,
    /// What the scan skipped, and titles claimed by two files.
    pub warnings: Vec<String>,
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("source", &self.source)
            .field("articles", &self.entries.len())
            .finish()
    }
}

impl Corpus {
    /// Scans `dir` recursively for article files.
    pub fn open_dir(dir: &Path) -> Result<Corpus, CorpusError> {
        let meta = std::fs::metadata(dir).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => CorpusError::NotFound(dir.to_path_buf()),
            _ => CorpusError::Unreadable(dir.to_path_buf(), err),
        })?;
        if !meta.is_dir() {
            return Err(CorpusError::NotADirectory(dir.to_path_buf()));
        }
        let root = std::fs::canonicalize(dir)
            .map_err(|err| CorpusError::Unreadable(dir.to_path_buf(), err))?;
        let (files, warnings) = scan::scan(&root);
        if files.is_empty() {
            return Err(CorpusError::NotACorpus(dir.to_path_buf()));
        }
        use rayon::prelude::*;
        // Titles come from names; redirects from the first bytes of each
        // wikitext file, read on all cores.
        let entries = files
            .into_par_iter()
            .map(|file| Entry {
                title: scan::title_of(Path::new(&file.relative)),
                redirect: match file.format {
                    Format::Wikitext => scan::sniff_redirect(&file.path),
                    Format::Markdown => None,
                },
                path: file.relative,
                format: file.format,
            })
            .collect();
        Ok(Corpus::from_entries(
            Source::Directory(root),
            entries,
            warnings,
        ))
    }

    /// The sample corpus compiled into the binary.
    pub fn builtin() -> Corpus {
        let entries = builtin::BUILTIN_ARTICLES
            .iter()
            .filter_map(|(name, bytes)| {
                let format = scan::format_of(Path::new(name))?;
                Some(Entry {
                    title: scan::title_of(Path::new(name)),
                    path: name.to_string(),
                    format,
                    redirect: scan::redirect_target(&String::from_utf8_lossy(
                        &bytes[..bytes.len().min(1024)],
                    )),
                })
            })
            .collect();
        Corpus::from_entries(Source::BuiltIn, entries, Vec::new())
    }

    fn from_entries(source: Source, entries: Vec<Entry>, mut warnings: Vec<String>) -> Corpus {
        use rayon::prelude::*;
        // Folding a title (Traditional to Simplified above all) is the
        // costly part of opening a large corpus: on all cores.
        let keys: Vec<String> = entries.par_iter().map(|e| title_key(&e.title)).collect();
        let mut by_key = HashMap::with_capacity(entries.len());
        for ((id, entry), key) in entries.iter().enumerate().zip(keys) {
            if let Some(&first) = by_key.get(&key) {
                let first: &Entry = &entries[first];
                warnings.push(format!(
                    "{} and {} have the same title; {} is used",
                    first.path, entry.path, first.path
                ));
            } else {
                by_key.insert(key, id);
            }
        }
        Corpus {
            source,
            entries,
            by_key,
            aliases: OnceLock::new(),
            cache: Mutex::new(HashMap::new()),
            warnings,
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The root directory, or `None` for the built-in corpus.
    pub fn root(&self) -> Option<&Path> {
        match &self.source {
            Source::Directory(root) => Some(root),
            Source::BuiltIn => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: ArticleId) -> Option<&Entry> {
        self.entries.get(id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
        let relative = relative.join("/");
        self.entries.iter().position(|entry| entry.path == relative)
    }

    /// Reads at most `limit` bytes from the start of an entry.
    fn read_head(&self, id: ArticleId, limit: usize) -> Result<Vec<u8>, CorpusError> {
        let entry = self
            .entries
            .get(id)
            .ok_or_else(|| CorpusError::NoSuchArticle(format!("#{id}")))?;
        match &self.source {
            Source::BuiltIn => self.read_bytes(id).map(|mut bytes| {
                bytes.truncate(limit);
                bytes
            }),
            Source::Directory(root) => {
                use std::io::Read;
                let path = root.join(&entry.path);
                let file = std::fs::File::open(&path)
                    .map_err(|err| CorpusError::Unreadable(path.clone(), err))?;
                if !file.metadata().is_ok_and(|m| m.is_file()) {
                    return Err(CorpusError::Unreadable(
                        path,
                        std::io::Error::other("not a regular file"),
                    ));
                }
                let mut head = Vec::with_capacity(limit);
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
            .entries
            .get(id)
            .ok_or_else(|| CorpusError::NoSuchArticle(format!("#{id}")))?;
        match &self.source {
            Source::BuiltIn => builtin::BUILTIN_ARTICLES
                .iter()
                .find(|(name, _)| *name == entry.path)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or_else(|| CorpusError::NoSuchArticle(entry.title.clone())),
            Source::Directory(root) => read_article_file(&root.join(&entry.path)),
        }
    }

    /// The parsed article (parsed once, then shared).
    pub fn article(&self, id: ArticleId) -> Result<Arc<Article>, CorpusError> {
        if let Some(found) = self.lock_cache().get(&id) {
            return Ok(Arc::clone(found));
        }
        let bytes = self.read_bytes(id)?;
        let entry = &self.entries[id];
        let article = Arc::new(document::parse_bytes(&bytes, &entry.title, entry.format));
        self.lock_cache().insert(id, Arc::clone(&article));
        Ok(article)
    }

    /// The beginning of an article (its first 16 KiB) parsed: enough for
    /// its lead (aliases, a preview's first paragraph) at a bounded cost,
    /// however large the file. The whole article when it is already parsed.
    pub fn lead(&self, id: ArticleId) -> Result<Arc<Article>, CorpusError> {
        if let Some(found) = self.lock_cache().get(&id) {
            return Ok(Arc::clone(found));
        }
        let head = self.read_head(id, LEAD_BYTES)?;
        let entry = &self.entries[id];
        Ok(Arc::new(document::parse_bytes(
            &head,
            &entry.title,
            entry.format,
        )))
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, HashMap<ArticleId, Arc<Article>>> {
        // A panic while holding the lock cannot leave the map half-written
        // (inserts are atomic), so a poisoned lock is still usable.
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Lead-paragraph aliases of every article by title key, built on the
    /// first lookup that misses.
    fn aliases(&self) -> &HashMap<String, ArticleId> {
        &self.lead_aliases().by_key
    }

    /// Every lead-paragraph alias that is not also a title, as written, with
    /// its article, in corpus order. Built once (by this call or the first
    /// lookup that misses a title): only the head of each file is read and
    /// parsed, and nothing is kept but the names.
    pub fn alias_names(&self) -> &[(String, ArticleId)] {
        &self.lead_aliases().names
    }

    fn lead_aliases(&self) -> &Aliases {
        self.aliases.get_or_init(|| {
            let mut aliases = HashMap::new();
            let mut names = Vec::new();
            for (id, entry) in self.entries.iter().enumerate() {
                if entry.redirect.is_some() {
                    continue;
                }
                let Ok(lead) = self.lead(id) else {
                    continue;
                };
                for alias in &lead.aliases {
                    let key = title_key(alias);
                    if !key.is_empty()
                        && !self.by_key.contains_key(&key)
                        && !aliases.contains_key(&key)
                    {
                        aliases.insert(key, id);
                        names.push((alias.clone(), id));
                    }
                }
            }
            Aliases {
                by_key: aliases,
                names,
            }
        })
    }
}

/// The lead aliases of a corpus: by title key for lookups, as written for
/// the finder.
#[derive(Debug, Default)]
struct Aliases {
    by_key: HashMap<String, ArticleId>,
    names: Vec<(String, ArticleId)>,
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
mod tests {
    use super::*;

    #[test]
    fn a_lead_is_parsed_from_the_head_of_a_large_file_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = String::from("'''大文章'''是一篇很长的文章。\n\n");
        for i in 0..20_000 {
            text.push_str(&format!("第{i}段。\n\n"));
        }
        std::fs::write(dir.path().join("大文章.wiki"), &text).expect("write");
        let corpus = Corpus::open_dir(dir.path()).expect("corpus");
        let lead = corpus.lead(0).expect("lead");
        assert_eq!(lead.aliases, vec!["大文章".to_string()]);
        let whole = corpus.article(0).expect("article");
        assert!(lead.blocks.len() < whole.blocks.len() / 10);
        // Once the whole article is parsed, it serves as its own lead.
        assert_eq!(
            corpus.lead(0).expect("lead").blocks.len(),
            whole.blocks.len()
        );
    }
}
