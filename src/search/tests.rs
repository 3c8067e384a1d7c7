//! The full-text index built from real corpora: what it finds, how it
//! ranks, and how it keeps up with changed files.

use super::*;
use crate::corpus::Corpus;
use std::sync::atomic::AtomicBool;

fn built(corpus: &Corpus) -> SearchIndex {
    let search = SearchIndex::in_memory().expect("an index in memory");
    build::update(&search, corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    search
}

/// The corpus of the directory `dir`, its index in `cache`, second pass
/// done.
fn opened(dir: &std::path::Path, cache: &std::path::Path) -> Corpus {
    let corpus = Corpus::open_dir_with_cache(dir, Some(cache)).expect("opens");
    corpus
        .complete(&|_| {}, &AtomicBool::new(false))
        .expect("the second pass");
    corpus
}

fn titles(results: &Results) -> Vec<&str> {
    results.hits.iter().map(|h| h.title.as_str()).collect()
}

#[test]
fn chinese_words_are_found_inside_longer_text_in_either_script() {
    let corpus = Corpus::builtin();
    let search = built(&corpus);
    let found = search.search("新疆", 20).expect("searched");
    assert_eq!(found.total, corpus.len(), "every sample mentions 新疆");
    let simplified = search.search("苏联", 20).expect("searched");
    let traditional = search.search("蘇聯", 20).expect("searched");
    assert_eq!(titles(&simplified), titles(&traditional));
    assert_eq!(
        titles(&simplified).len(),
        3,
        "the three samples that name the Soviet Union: {:?}",
        titles(&simplified)
    );
    for hit in &simplified.hits {
        assert!(!hit.snippet.marks.is_empty(), "{hit:?}");
    }
}

#[test]
fn the_article_named_by_the_query_comes_first() {
    let corpus = Corpus::builtin();
    let search = built(&corpus);
    for (_, entry) in corpus.entries() {
        let found = search.search(entry.title, 5).expect("searched");
        assert_eq!(
            found.hits.first().map(|h| h.title.as_str()),
            Some(entry.title)
        );
    }
}

#[test]
fn phrases_need_their_words_together() {
    let corpus = Corpus::builtin();
    let search = built(&corpus);
    let phrase = search.search("\"盛世才\"", 20).expect("searched");
    assert!(phrase.total >= 1);
    let apart = search.search("\"才盛世\"", 20).expect("searched");
    assert_eq!(apart.total, 0);
    assert_eq!(search.search("", 20).expect("searched").total, 0);
    assert_eq!(search.search("\"(*:", 20).expect("searched").total, 0);
}

#[test]
fn backlinks_and_categories() {
    let corpus = Corpus::builtin();
    let search = built(&corpus);
    let id = corpus.resolve_title("伊犁危機").expect("a sample");
    let entry = corpus.entry(id).expect("an entry");
    let from = search.links_to(entry.path, &[entry.title]).expect("links");
    assert!(!from.is_empty());
    assert!(from.iter().all(|(path, _)| path != entry.path));
    let article = corpus.article(id).expect("parsed");
    if let Some(category) = article.categories.first() {
        let members = search.category_members(category).expect("members");
        assert!(members.iter().any(|(path, _)| path == entry.path));
        // A bounded list still counts them all.
        let (none, total) = search
            .category_members_at_most(category, 0)
            .expect("members");
        assert!(none.is_empty());
        assert_eq!(total, members.len());
    }
    let (first, total) = search
        .links_to_at_most(entry.path, &[entry.title], 1)
        .expect("links");
    assert_eq!((first.len(), total), (1, from.len()));
}

#[test]
fn a_changed_file_is_indexed_again_and_a_removed_one_forgotten() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("甲.wiki"), "'''甲'''是一座城。").expect("written");
    std::fs::write(dir.path().join("乙.wiki"), "乙在[[甲]]之北。").expect("written");
    let cache = tempfile::tempdir().expect("a temporary directory");
    let open = || opened(dir.path(), cache.path());
    let corpus = open();
    let search_dir = cache.path().join("search");
    let search = SearchIndex::open(&search_dir).expect("opens");
    let first = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(first.indexed, 2);
    assert_eq!(search.search("城", 5).expect("searched").total, 1);
    assert_eq!(search.links_to("甲.wiki", &["甲"]).expect("links").len(), 1);

    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.path().join("甲.wiki"), "'''甲'''是一条河。").expect("written");
    std::fs::remove_file(dir.path().join("乙.wiki")).expect("removed");
    drop(search);
    drop(corpus);
    let corpus = open();
    let search = SearchIndex::open(&search_dir).expect("opens again");
    let second = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(second.indexed, 1, "{second:?}");
    assert_eq!(search.search("城", 5).expect("searched").total, 0);
    assert_eq!(search.search("河", 5).expect("searched").total, 1);
    assert!(
        search
            .links_to("甲.wiki", &["甲"])
            .expect("links")
            .is_empty()
    );
    let third = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(third.indexed, 0);
}

#[test]
fn a_damaged_index_is_made_anew() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let at = dir.path().join("search");
    std::fs::create_dir_all(&at).expect("made");
    std::fs::write(at.join("meta.json"), b"{ not json").expect("written");
    std::fs::write(at.join("wikiread-search-version"), b"1").expect("written");
    let search = SearchIndex::open(&at).expect("made anew");
    assert!(search.is_empty());
    assert!(!search.warnings.is_empty());
}

/// Every article whose text holds a word is found for it: the words are
/// the titles each sample links to (names of people, places, events) and
/// a few single characters.
#[test]
fn recall_is_whole_on_words_taken_from_the_texts() {
    let corpus = Corpus::builtin();
    let search = built(&corpus);
    let texts: Vec<(String, String)> = corpus
        .entries()
        .map(|(id, entry)| {
            let article = corpus.article(id).expect("parsed");
            let extracted = build::extract(&article);
            (
                entry.title.to_string(),
                crate::finder::fold::fold(&format!("{}\n{}", extracted.title, extracted.body)),
            )
        })
        .collect();
    let mut words: Vec<String> = ["疆", "俄", "1871", "ili"].map(String::from).to_vec();
    for (id, _) in corpus.entries() {
        let article = corpus.article(id).expect("parsed");
        words.extend(build::extract(&article).links.into_iter().take(40));
    }
    let mut checked = 0;
    for word in &words {
        let parsed = query::parse(word);
        if parsed.units.len() != 1 || parsed.units[0].terms.len() != 1 && word.contains(' ') {
            continue;
        }
        let folded = crate::finder::fold::fold(word);
        // Chinese is found inside longer text; other words only whole.
        let han_only = folded.chars().all(crate::wiki::script::is_han);
        let expected: std::collections::BTreeSet<&str> = texts
            .iter()
            .filter(|(_, text)| {
                if han_only {
                    text.contains(&folded)
                } else {
                    !snippet::matches(text, &parsed).is_empty()
                }
            })
            .map(|(title, _)| title.as_str())
            .collect();
        let found = search.search(&format!("\"{word}\""), 50).expect("searched");
        let got: std::collections::BTreeSet<&str> = titles(&found).into_iter().collect();
        assert_eq!(got, expected, "{word}");
        checked += 1;
    }
    assert!(checked > 50, "{checked} words");
}

#[test]
fn an_index_that_cannot_be_made_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Where the index's directory should be, a file's child: nothing can be made.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a directory").expect("written");
    let error = SearchIndex::open(&blocker.join("search")).expect_err("cannot be made");
    assert!(error.to_string().starts_with("search index: "), "{error}");
}

#[test]
fn a_cancelled_build_keeps_what_it_did_and_the_next_goes_on() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for i in 0..300 {
        std::fs::write(
            dir.path().join(format!("條目{i}.wiki")),
            format!("'''條目{i}'''在[[新疆]]。"),
        )
        .expect("written");
    }
    let cache = tempfile::tempdir().expect("a temporary directory");
    let corpus = opened(dir.path(), cache.path());
    let search = SearchIndex::open(&cache.path().join("search")).expect("opens");
    // Cancelled once some work is done.
    let cancel = AtomicBool::new(false);
    let outcome = build::update(
        &search,
        &corpus,
        &|p| {
            if p.done >= 64 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert!(
        matches!(outcome, Err(SearchError::Cancelled)),
        "{outcome:?}"
    );
    let kept = search.len();
    let done = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(
        done.kept as u64, kept,
        "what the cancelled build committed is kept"
    );
    assert_eq!(done.indexed + done.kept, 300);
    assert_eq!(search.search("新疆", 500).expect("searched").total, 300);
}

#[test]
fn category_names_hold_what_was_typed_in_either_script_and_follow_changes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("written");
    };
    write("甲.wiki", "甲。\n[[Category:新疆歷史]]\n[[Category:清朝]]");
    write(
        "乙.wiki",
        "乙。\n[[Category:新疆人物]]\n[[分类:Qing dynasty]]",
    );
    write("丙.wiki", "丙。\n[[Category:近代新疆]]");
    let cache = tempfile::tempdir().expect("a temporary directory");
    let open = || opened(dir.path(), cache.path());
    let corpus = open();
    let search = SearchIndex::open(&cache.path().join("search")).expect("opens");
    build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    let names = |text: &str, limit: usize| search.category_names(text, limit).expect("names");
    // Those that start with it first, then the shorter.
    assert_eq!(names("新疆", 10), ["新疆人物", "新疆历史", "近代新疆"]);
    assert_eq!(names("新疆", 1), ["新疆人物"]);
    assert_eq!(names("歷史", 10), ["新疆历史"]);
    assert_eq!(names("QING", 10), ["Qing dynasty"]);
    assert_eq!(names("", 10).len(), 5, "a blank query lists them all");
    assert!(names("北京", 10).is_empty());

    // A new category is listed once the index has it.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write("丁.wiki", "丁。\n[[Category:新疆地理]]");
    drop(corpus);
    let corpus = open();
    build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(names("新疆地", 10), ["新疆地理"]);
}

/// A disk that fills up: the index's files are written to a real
/// directory until `room` bytes have been written, then every write fails
/// as a full disk's does (`ENOSPC`), atomic writes (`meta.json`) too.
#[derive(Debug, Clone)]
struct FillingDisk {
    inner: tantivy::directory::MmapDirectory,
    room: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

struct FillingFile {
    inner: tantivy::directory::WritePtr,
    room: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

/// `room` for a disk that is full; a `room` below it refuses every write
/// as a read-only directory does.
const READ_ONLY: i64 = i64::MIN / 2;

impl FillingDisk {
    fn take(room: &std::sync::atomic::AtomicI64, bytes: usize) -> std::io::Result<()> {
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        let left = room.fetch_sub(bytes, std::sync::atomic::Ordering::SeqCst);
        if left < READ_ONLY / 2 {
            return Err(std::io::ErrorKind::PermissionDenied.into());
        }
        if left < bytes {
            return Err(std::io::ErrorKind::StorageFull.into());
        }
        Ok(())
    }
}

impl std::io::Write for FillingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        FillingDisk::take(&self.room, buf.len())?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl tantivy::directory::TerminatingWrite for FillingFile {
    fn terminate_ref(&mut self, token: tantivy::directory::AntiCallToken) -> std::io::Result<()> {
        self.inner.terminate_ref(token)
    }
}

impl tantivy::Directory for FillingDisk {
    fn get_file_handle(
        &self,
        path: &std::path::Path,
    ) -> Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.inner.get_file_handle(path)
    }
    fn delete(&self, path: &std::path::Path) -> Result<(), tantivy::directory::error::DeleteError> {
        self.inner.delete(path)
    }
    fn exists(
        &self,
        path: &std::path::Path,
    ) -> Result<bool, tantivy::directory::error::OpenReadError> {
        self.inner.exists(path)
    }
    fn open_write(
        &self,
        path: &std::path::Path,
    ) -> Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError> {
        let inner = self.inner.open_write(path)?;
        Ok(std::io::BufWriter::new(Box::new(FillingFile {
            inner,
            room: std::sync::Arc::clone(&self.room),
        })))
    }
    fn atomic_read(
        &self,
        path: &std::path::Path,
    ) -> Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.inner.atomic_read(path)
    }
    fn atomic_write(&self, path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
        FillingDisk::take(&self.room, data.len())?;
        self.inner.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }
    fn acquire_lock(
        &self,
        lock: &tantivy::directory::Lock,
    ) -> Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError> {
        self.inner.acquire_lock(lock)
    }
    fn watch(
        &self,
        callback: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        self.inner.watch(callback)
    }
}

/// The room left on a [`FillingDisk`] (all of it at first), and what makes
/// the writer's directory on it.
fn filling_disk() -> (
    std::sync::Arc<std::sync::atomic::AtomicI64>,
    impl Fn(&std::path::Path) -> tantivy::Result<Box<dyn tantivy::Directory>>,
) {
    let room = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(i64::MAX));
    let disk = {
        let room = std::sync::Arc::clone(&room);
        move |dir: &std::path::Path| -> tantivy::Result<Box<dyn tantivy::Directory>> {
            Ok(Box::new(FillingDisk {
                inner: tantivy::directory::MmapDirectory::open(dir)?,
                room: std::sync::Arc::clone(&room),
            }))
        }
    };
    (room, disk)
}

#[test]
fn a_full_disk_stops_the_build_with_a_clear_error_and_what_was_indexed_stays() {
    let corpus = Corpus::builtin();
    let cache = tempfile::tempdir().expect("a temporary directory");
    let at = cache.path().join("search");
    let (room, disk) = filling_disk();
    // A first build with room: the samples are indexed.
    let search = SearchIndex::open_writing_through(&at, &disk).expect("opens");
    build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    let before = search.search("新疆", 20).expect("searched").total;
    assert_eq!(before, corpus.len());
    drop(search);

    // The index is made again on a disk with a few kilobytes left.
    std::fs::write(at.join("wikiread-search-version"), b"0").expect("written");
    room.store(4096, std::sync::atomic::Ordering::SeqCst);
    let outcome = SearchIndex::open_writing_through(&at, &disk)
        .and_then(|search| build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)));
    let error = outcome.expect_err("the disk is full");
    assert!(matches!(error, SearchError::NoSpace), "{error:?}");
    assert!(error.to_string().contains("disk is full"), "{error}");

    // With room again, the index is opened (or made anew, never trusted
    // half-written) and built whole.
    room.store(i64::MAX, std::sync::atomic::Ordering::SeqCst);
    let search = SearchIndex::open_writing_through(&at, &disk).expect("opens");
    build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    assert_eq!(search.search("新疆", 20).expect("searched").total, before);
}

#[test]
fn an_index_that_cannot_be_written_still_answers_from_what_it_holds() {
    let corpus = Corpus::builtin();
    let cache = tempfile::tempdir().expect("a temporary directory");
    let at = cache.path().join("search");
    let (room, disk) = filling_disk();
    let search = SearchIndex::open_writing_through(&at, &disk).expect("opens");
    build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false)).expect("built");
    let before = search.search("左宗棠", 20).expect("searched");
    drop(search);
    // The cache turned read-only: opened, the update fails with a message
    // (not a full disk), and searches answer as before.
    room.store(READ_ONLY, std::sync::atomic::Ordering::SeqCst);
    let search = SearchIndex::open_writing_through(&at, &disk).expect("opens read-only");
    let error = build::update(&search, &corpus, &|_| {}, &AtomicBool::new(false))
        .expect_err("nothing can be written");
    assert!(matches!(error, SearchError::Index(_)), "{error:?}");
    assert!(error.to_string().starts_with("search index: "), "{error}");
    assert_eq!(search.search("左宗棠", 20).expect("searched"), before);
}

#[test]
fn a_full_disk_is_told_apart_from_other_errors() {
    let io = |kind| tantivy::TantivyError::IoError(std::sync::Arc::new(std::io::Error::from(kind)));
    assert!(matches!(
        SearchError::from(io(std::io::ErrorKind::StorageFull)),
        SearchError::NoSpace
    ));
    assert!(matches!(
        SearchError::from(tantivy::TantivyError::ErrorInThread(
            "An IO error occurred: 'No space left on device (os error 28)'".into()
        )),
        SearchError::NoSpace
    ));
    assert!(matches!(
        SearchError::from(io(std::io::ErrorKind::PermissionDenied)),
        SearchError::Index(_)
    ));
}
