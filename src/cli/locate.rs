//! Finding the corpus and the article a command-line argument names: a file
//! path or a title, a corpus given or defaulted (`./articles`, else the
//! built-in one). Reads the file system; never prints.

use super::CliError;
use crate::corpus::{ArticleId, Corpus, CorpusError, read_article_file, scan};
use crate::document::reading_script::Script;
use crate::document::{self, Article, Format};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The default corpus: `./articles` when it is one, else the built-in corpus.
pub fn default_corpus() -> Corpus {
    let local = PathBuf::from("articles");
    if local.is_dir()
        && let Ok(corpus) = open_dir(&local)
    {
        return corpus;
    }
    Corpus::builtin()
}

/// Opens `dir` as a corpus, or the default one.
pub fn corpus_or_default(dir: Option<&Path>) -> Result<Corpus, CliError> {
    match dir {
        Some(dir) => Ok(open_corpus(dir)?),
        None => Ok(default_corpus()),
    }
}

/// Opens `path` as a corpus: a MediaWiki dump (`.xml`, `.xml.bz2`) or a
/// directory, its index kept in the cache directory. Reading a dump for
/// the first time shows progress on stderr.
pub fn open_corpus(path: &Path) -> Result<Corpus, CorpusError> {
    let line = super::progress::ProgressLine::new("reading the dump (MB)");
    let names = super::progress::ProgressLine::new("reading file names: articles found");
    let corpus = open_corpus_reporting(
        path,
        &|done, total| {
            line.update(
                usize::try_from(done >> 20).unwrap_or(usize::MAX),
                usize::try_from(total >> 20).unwrap_or(usize::MAX),
            )
        },
        &|found| names.count(found),
    );
    line.finish();
    names.finish();
    corpus
}

/// [`open_corpus`], telling `progress` the bytes done of the total while
/// a dump is read for the first time.
pub fn open_corpus_reporting(
    path: &Path,
    progress: &dyn Fn(u64, u64),
    found: &dyn Fn(usize),
) -> Result<Corpus, CorpusError> {
    let cache = crate::corpus::catalog::store::cache_dir();
    if crate::corpus::dump::dump_kind(path).is_some() && path.is_file() {
        return Corpus::open_dump(path, cache.as_deref(), progress);
    }
    Corpus::open_dir_counting(path, cache.as_deref(), found)
}

/// Opens the corpus directory `dir` with its index kept in the cache
/// directory (`$XDG_CACHE_HOME/wikiread`).
pub fn open_dir(dir: &Path) -> Result<Corpus, CorpusError> {
    let cache = crate::corpus::catalog::store::cache_dir();
    Corpus::open_dir_with_cache(dir, cache.as_deref())
}

/// Runs the corpus's second pass (redirects and lead aliases of every
/// article) unless it is saved already, with progress on stderr.
pub fn complete_corpus(corpus: &Corpus) -> Result<(), CliError> {
    if corpus.is_complete() {
        return Ok(());
    }
    let line = super::progress::ProgressLine::new("indexing");
    let never = std::sync::atomic::AtomicBool::new(false);
    let _ = corpus.complete(&|p| line.update(p.done, p.total), &never);
    line.finish();
    Ok(())
}

/// An article to show: parsed, with the corpus its links resolve in.
pub struct Located {
    pub corpus: Corpus,
    pub id: Option<ArticleId>,
    pub article: Arc<Article>,
}

/// Finds what `wikiread dump ARTICLE` names.
pub fn locate_article(argument: &str, corpus_dir: Option<&Path>) -> Result<Located, CliError> {
    locate_article_in(argument, corpus_dir, Script::AsWritten)
}

/// [`locate_article`] with the article shown in `script`.
pub fn locate_article_in(
    argument: &str,
    corpus_dir: Option<&Path>,
    script: Script,
) -> Result<Located, CliError> {
    let as_path = Path::new(argument);
    if as_path.exists() {
        return locate_file(as_path, corpus_dir, script);
    }
    let corpus = corpus_or_default(corpus_dir)?;
    corpus.set_script(script);
    // A title may hold a slash (`TCP/IP`): only when no article has that
    // name is a path-like argument a missing file.
    let mut found = corpus.resolve_title(argument);
    if found.is_none() && !corpus.is_complete() {
        // Perhaps a lead alias: those are known after the second pass.
        complete_corpus(&corpus)?;
        found = corpus.resolve_title(argument);
    }
    let id = match found {
        Some(id) => id,
        None if looks_like_path(argument) => {
            return Err(CorpusError::NotFound(as_path.to_path_buf()).into());
        }
        None => {
            return Err(CliError(format!(
                "{argument}: no such article in the corpus"
            )));
        }
    };
    let article = corpus.article(id)?;
    Ok(Located {
        corpus,
        id: Some(id),
        article,
    })
}

fn looks_like_path(argument: &str) -> bool {
    argument.contains('/') || scan::format_of(Path::new(argument)).is_some()
}

fn locate_file(
    path: &Path,
    corpus_dir: Option<&Path>,
    script: Script,
) -> Result<Located, CliError> {
    if path.is_dir() {
        return Err(CliError(format!(
            "{}: is a directory, not an article file",
            path.display()
        )));
    }
    let bytes = read_article_file(path)?;
    let corpus = match corpus_dir {
        Some(dir) => open_corpus(dir)?,
        None => {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            open_dir(parent).unwrap_or_else(|_| default_corpus())
        }
    };
    corpus.set_script(script);
    if let Some(id) = corpus.id_of_path(path) {
        let article = corpus.article(id)?;
        return Ok(Located {
            corpus,
            id: Some(id),
            article,
        });
    }
    let format = scan::format_of(path).unwrap_or_else(|| guess_format(&bytes));
    let title = scan::title_of(path);
    let article = Arc::new(document::parse_bytes_in(&bytes, &title, format, script));
    Ok(Located {
        corpus,
        id: None,
        article,
    })
}

/// For files without a known extension: wikitext if it looks like it.
fn guess_format(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if head.contains("[[") || head.contains("{{") || head.contains("'''") {
        Format::Wikitext
    } else {
        Format::Markdown
    }
}
