//! Bringing the full-text index up to date with its corpus: every article
//! whose file changed since it was indexed is parsed and indexed again,
//! every entry gone from the corpus is deleted, the rest is left alone. It
//! runs on the pool of whoever calls it (the reader calls it through
//! [`crate::background`]), reports progress, stops soon when cancelled and
//! commits as it goes, so a cancelled build resumes where it stopped. It
//! never answers queries.

use super::index::{SearchError, SearchIndex};
use super::queue::{Queue, Queued};
use crate::corpus::{ArticleId, Corpus};
use crate::document::{
    Article, Inline, LinkTarget, blocks_plain_text, for_each_inline_run, plain_text,
};
use crate::wiki::titles::title_key;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, IndexWriter, TantivyDocument, Term};

/// Memory the index writer may fill before it writes a segment.
const WRITER_MEMORY: usize = 40 * 1024 * 1024;

/// Articles read and parsed as one piece of work.
const CHUNK: usize = 64;

/// Articles indexed between two commits (what a cancelled build keeps).
const COMMIT_EVERY: usize = 20_000;

/// How far a build has got.
#[derive(Debug, Clone, Copy)]
pub struct BuildProgress {
    /// Entries checked or indexed.
    pub done: usize,
    pub total: usize,
    pub started: Instant,
}

/// What a finished build did.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Articles (re)indexed.
    pub indexed: usize,
    /// Documents deleted because their entry is gone.
    pub removed: usize,
    /// Entries already up to date.
    pub kept: usize,
    /// Articles that could not be read (their messages).
    pub unreadable: Vec<String>,
    /// Category pages of a dump (re)indexed.
    pub categories: usize,
}

/// The text the index keeps of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: String,
    pub body: String,
    /// The titles the article links to, each once, in order.
    pub links: Vec<String>,
    pub categories: Vec<String>,
}

/// What of `article` is searched: its visible text (infobox, tables and
/// captions included), then its footnotes; its links and categories.
pub fn extract(article: &Article) -> Extracted {
    let mut body = blocks_plain_text(&article.blocks);
    for footnote in &article.footnotes {
        let text = plain_text(&footnote.content);
        if !text.trim().is_empty() {
            body.push_str(&text);
            body.push('\n');
        }
    }
    let mut seen = BTreeSet::new();
    let mut links = Vec::new();
    for_each_inline_run(article, &mut |run| {
        collect_links(run, &mut seen, &mut links)
    });
    Extracted {
        title: article.title.clone(),
        body,
        links,
        categories: article.categories.clone(),
    }
}

fn collect_links(run: &[Inline], seen: &mut BTreeSet<String>, out: &mut Vec<String>) {
    for inline in run {
        match inline {
            Inline::Link { target, content } => {
                if let LinkTarget::Article { title, .. } = target
                    && seen.insert(title.clone())
                {
                    out.push(title.clone());
                }
                collect_links(content, seen, out);
            }
            Inline::Strong { content } | Inline::Emphasis { content } => {
                collect_links(content, seen, out)
            }
            _ => {}
        }
    }
}

/// The key a document of entry `id` has while it is up to date: its path
/// and its file's stamp (size and time) as the corpus index last saw them;
/// in a dump, the dump's own stamp (`source`: see [`source_stamp`]), since
/// its pages have none of their own.
pub fn entry_key(corpus: &Corpus, id: ArticleId, source: &str) -> Option<String> {
    let entry = corpus.entry(id)?;
    let stamp = match corpus.source() {
        crate::corpus::Source::Dump(_) => source.to_string(),
        _ => corpus
            .completed()
            .and_then(|catalog| catalog.stamp(id))
            .map_or_else(|| "?".to_string(), |(size, time)| format!("{size}:{time}")),
    };
    Some(format!("{}\u{1f}{stamp}", entry.path))
}

/// The stamp of a dump corpus's file (size and time), empty for others.
pub fn source_stamp(corpus: &Corpus) -> String {
    let crate::corpus::Source::Dump(path) = corpus.source() else {
        return String::new();
    };
    std::fs::metadata(path).map_or_else(
        |_| "?".to_string(),
        |meta| {
            let time = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("dump:{}:{time}", meta.len())
        },
    )
}

/// How often a build gives back the pages of the index files its merges
/// read: what they read in that time is what stays counted as memory.
const RELEASE_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Brings `search` up to date with `corpus`. `progress` is told how far it
/// has got; setting `cancel` stops it soon with what it had done committed.
/// While it runs, the pages of the index's files read by its merges are
/// given back every moment (see `directory`); the corpus index's pages it
/// read, after its check of every entry and after the articles it
/// indexed (not every moment: the finder reads its keys from the same map,
/// and a keystroke would pay for reading them again).
pub fn update(
    search: &SearchIndex,
    corpus: &Corpus,
    progress: &(dyn Fn(BuildProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<Built, SearchError> {
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let releaser = std::thread::Builder::new()
            .name("search-index-pages".into())
            .spawn_scoped(scope, || {
                while !finished.load(Ordering::Relaxed) {
                    std::thread::park_timeout(RELEASE_EVERY);
                    search.release_writer_pages();
                }
            });
        let outcome = update_now(search, corpus, progress, cancel);
        finished.store(true, Ordering::Relaxed);
        // What the last merges read, given back too.
        search.release_writer_pages();
        // (Without the thread, the pages stay until the system wants them.)
        if let Ok(releaser) = releaser {
            releaser.thread().unpark();
        }
        outcome
    })
}

fn update_now(
    search: &SearchIndex,
    corpus: &Corpus,
    progress: &(dyn Fn(BuildProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<Built, SearchError> {
    let started = Instant::now();
    let total = corpus.len();
    // Nothing changed in the corpus since the last whole update: nothing
    // to check (a million stamps cost seconds).
    let synced = synced_stamp(corpus);
    if let (Some(stamp), Some(dir)) = (&synced, &search.dir)
        && std::fs::read_to_string(dir.join(SYNCED_FILE)).is_ok_and(|s| &s == stamp)
    {
        search.reader.reload()?;
        return Ok(Built {
            kept: total,
            ..Built::default()
        });
    }
    let mut writer: IndexWriter<Queued> = search
        .index
        .writer_with_num_threads(rayon::current_num_threads().clamp(1, 2), WRITER_MEMORY)?;
    search.reader.reload()?;
    let searcher = search.reader.searcher();
    let fields = search.fields;
    let dump_stamp = source_stamp(corpus);
    let mut built = Built::default();

    // Documents whose entry is gone.
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.path)?;
        let mut terms = inverted
            .terms()
            .stream()
            .map_err(|e| SearchError::Index(e.to_string()))?;
        while terms.advance() {
            let Ok(path) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            // Category pages are checked with the dump's stamp below.
            if path.starts_with(super::index::CATEGORY_PAGE) {
                continue;
            }
            if corpus.id_of_entry_path(path).is_none() {
                writer.delete_term(Term::from_field_text(fields.path, path));
                built.removed += 1;
            }
        }
    }

    // Entries whose document is missing or out of date.
    let mut todo: Vec<ArticleId> = Vec::new();
    for id in 0..total {
        if id % 4096 == 0 {
            if cancel.load(Ordering::Relaxed) {
                writer.rollback()?;
                return Err(SearchError::Cancelled);
            }
            progress(BuildProgress {
                done: built.kept,
                total,
                started,
            });
        }
        let Some(key) = entry_key(corpus, id, &dump_stamp) else {
            continue;
        };
        if has_live_document(&searcher, Term::from_field_text(fields.key, &key))? {
            built.kept += 1;
        } else {
            // Only an older document of the entry is deleted: a delete for
            // every new entry (a first build) would queue a million terms.
            if let Some(entry) = corpus.entry(id) {
                let path = Term::from_field_text(fields.path, entry.path);
                if has_live_document(&searcher, path.clone())? {
                    writer.delete_term(path);
                }
            }
            todo.push(id);
        }
    }
    todo.sort_by_key(|&id| corpus.read_order_key(id));
    // The check read every entry's key in the index's dictionaries, and
    // every entry of the corpus index.
    search.release_pages();
    corpus.release_index_pages();

    let done = AtomicUsize::new(built.kept);
    // Articles are parsed no faster than the writer indexes them.
    let queue = Queue::default();
    let mut indexed_since_commit = 0;
    for batch in todo.chunks(COMMIT_EVERY) {
        let outcomes: Vec<Vec<String>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut unreadable = Vec::new();
                if cancel.load(Ordering::Relaxed) {
                    return unreadable;
                }
                corpus.read_sources(chunk, &mut |id, source| {
                    let document = match source {
                        Ok((bytes, format)) => {
                            let title = corpus.entry(id).map_or("", |e| e.title);
                            // Read as the reader shows it: templates expanded.
                            let bytes = match format {
                                crate::document::Format::Wikitext => {
                                    corpus.expanded(&bytes, title).0
                                }
                                crate::document::Format::Markdown => bytes.as_slice().into(),
                            };
                            let article = crate::document::parse_bytes_in(
                                &bytes,
                                title,
                                format,
                                crate::document::reading_script::Script::AsWritten,
                            );
                            document_of(search, corpus, id, &article, &dump_stamp)
                        }
                        Err(error) => {
                            unreadable.push(error.to_string());
                            // Kept (empty) so it is not read again until it changes.
                            empty_document(search, corpus, id, &dump_stamp)
                        }
                    };
                    queue.wait_for_room(&|| cancel.load(Ordering::Relaxed));
                    if let Some(document) = document
                        && let Err(error) = writer.add_document(queue.ticket(document))
                    {
                        unreadable.push(error.to_string());
                    }
                });
                let now = done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
                progress(BuildProgress {
                    done: now,
                    total,
                    started,
                });
                unreadable
            })
            .collect();
        built.unreadable.extend(outcomes.into_iter().flatten());
        if cancel.load(Ordering::Relaxed) {
            // What was added is kept: the next build goes on from there.
            writer.commit()?;
            search.reader.reload()?;
            return Err(SearchError::Cancelled);
        }
        indexed_since_commit += batch.len();
        built.indexed += batch.len();
        if indexed_since_commit >= COMMIT_EVERY {
            writer.commit()?;
            // Searches see what is committed while the rest is built.
            search.reader.reload()?;
            indexed_since_commit = 0;
        }
    }
    built.categories = index_category_pages(search, corpus, &writer, &queue, &dump_stamp, cancel)?;
    writer.commit()?;
    writer
        .wait_merging_threads()
        .map_err(|e| SearchError::Index(e.to_string()))?;
    search.reader.reload()?;
    // The pages of the corpus index read for every article indexed, and of
    // the dictionaries the category pages were checked in.
    search.release_pages();
    corpus.release_index_pages();
    if let (Some(stamp), Some(dir)) = (&synced, &search.dir) {
        // Losing it costs the next update a check, nothing else.
        let _ = std::fs::write(dir.join(SYNCED_FILE), stamp);
    }
    progress(BuildProgress {
        done: total,
        total,
        started,
    });
    Ok(built)
}

/// The file in the index's directory naming the corpus state it was last
/// brought up to date with (see [`synced_stamp`]).
const SYNCED_FILE: &str = "wikiread-search-synced";

/// The corpus's state as its index file shows it (the file is written
/// again whenever an article is added, removed or changed) and, for a
/// dump, the dump's own stamp; `None` without an index file (nothing is
/// skipped then).
fn synced_stamp(corpus: &Corpus) -> Option<String> {
    if !corpus.is_complete() {
        return None;
    }
    let meta = std::fs::metadata(corpus.index_file()?).ok()?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!(
        "{}:{time}:{}:{}",
        meta.len(),
        source_stamp(corpus),
        super::index::VERSION
    ))
}

/// Indexes the category pages of a dump that changed (their own
/// categories make them subcategories); each stream is read once.
fn index_category_pages(
    search: &SearchIndex,
    corpus: &Corpus,
    writer: &IndexWriter<Queued>,
    queue: &Queue,
    dump_stamp: &str,
    cancel: &AtomicBool,
) -> Result<usize, SearchError> {
    let fields = search.fields;
    let searcher = search.reader.searcher();
    let pages = corpus.category_pages();
    let mut todo = Vec::new();
    let mut names = std::collections::HashMap::new();
    for (index, title) in pages {
        // `Category:清朝` → `清朝`.
        let name = title
            .split_once([':', '：'])
            .map_or(title, |(_, name)| name)
            .trim();
        let path = format!("{}{name}", super::index::CATEGORY_PAGE);
        let key = format!("{path}\u{1f}{dump_stamp}");
        if has_live_document(&searcher, Term::from_field_text(fields.key, &key))? {
            continue;
        }
        writer.delete_term(Term::from_field_text(fields.path, &path));
        names.insert(index, (path, key, title.to_string()));
        todo.push(index);
    }
    let mut done = 0;
    for chunk in todo.chunks(4096) {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        corpus.read_other_pages(chunk, &mut |index, text| {
            let (Some((path, key, title)), Ok(text)) = (names.get(&index), text) else {
                return;
            };
            let page = crate::document::parse_bytes_in(
                text.as_bytes(),
                title,
                crate::document::Format::Wikitext,
                crate::document::reading_script::Script::AsWritten,
            );
            let mut document = TantivyDocument::default();
            document.add_text(fields.path, path);
            document.add_text(fields.key, key);
            for parent in &page.categories {
                document.add_text(fields.parents, title_key(parent));
            }
            queue.wait_for_room(&|| cancel.load(Ordering::Relaxed));
            if writer.add_document(queue.ticket(document)).is_ok() {
                done += 1;
            }
        });
    }
    Ok(done)
}

/// Whether some document not deleted holds `term`.
fn has_live_document(searcher: &tantivy::Searcher, term: Term) -> Result<bool, SearchError> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(term.field())?;
        let Some(mut postings) = inverted
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(|e| SearchError::Index(e.to_string()))?
        else {
            continue;
        };
        while postings.doc() != tantivy::TERMINATED {
            if !segment.is_deleted(postings.doc()) {
                return Ok(true);
            }
            postings.advance();
        }
    }
    Ok(false)
}

/// The document of entry `id`: its key always; the article's text, title,
/// links and categories unless it is a redirect.
fn document_of(
    search: &SearchIndex,
    corpus: &Corpus,
    id: ArticleId,
    article: &Article,
    source: &str,
) -> Option<TantivyDocument> {
    let mut document = empty_document(search, corpus, id, source)?;
    if article.redirect.is_some() {
        return Some(document);
    }
    let fields = search.fields;
    let extracted = extract(article);
    document.add_text(fields.title, &extracted.title);
    document.add_text(fields.title_key, title_key(&extracted.title));
    document.add_text(fields.body, &extracted.body);
    for link in &extracted.links {
        if let Some(target) = corpus.resolve_title_link(link).article()
            && let Some(entry) = corpus.entry(target)
        {
            document.add_text(fields.links, format!("@{}", entry.path));
        }
        document.add_text(fields.links, format!("#{}", title_key(link)));
    }
    for category in &extracted.categories {
        document.add_text(fields.categories, title_key(category));
    }
    Some(document)
}

fn empty_document(
    search: &SearchIndex,
    corpus: &Corpus,
    id: ArticleId,
    source: &str,
) -> Option<TantivyDocument> {
    let entry = corpus.entry(id)?;
    let key = entry_key(corpus, id, source)?;
    let mut document = TantivyDocument::default();
    document.add_text(search.fields.path, entry.path);
    document.add_text(search.fields.key, key);
    Some(document)
}
