//! Opening corpora with and without a saved index, and the second pass.

use super::*;
use std::sync::atomic::{AtomicBool, Ordering};

fn complete(corpus: &Corpus) -> enrich::Completed {
    corpus
        .complete(&|_| {}, &AtomicBool::new(false))
        .expect("not cancelled")
}

fn small_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("伊犁危機.wiki"),
        "'''伊犁危機'''，又稱'''伊犁交涉'''。",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("伊犁交涉事件.wiki"),
        "#REDIRECT [[伊犁危機]]",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("sub/苏联入侵新疆.md"), "**苏联入侵新疆**").expect("write");
    dir
}

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

#[test]
fn redirects_resolve_before_the_second_pass_and_aliases_after() {
    let dir = small_corpus();
    let corpus = Corpus::open_dir(dir.path()).expect("corpus");
    let crisis = corpus.resolve_title("伊犁危机").expect("title");
    // A redirect is sniffed from its file while the pass has not run.
    assert_eq!(corpus.resolve_title("伊犁交涉事件"), Some(crisis));
    // Aliases are not known yet: exact titles only.
    assert_eq!(corpus.resolve_title("伊犁交涉"), None);
    assert!(!corpus.is_complete());
    let report = complete(&corpus);
    assert_eq!(report.read, 3);
    assert!(corpus.is_complete());
    assert_eq!(corpus.resolve_title("伊犁交涉"), Some(crisis));
    assert_eq!(corpus.redirect(1).as_deref(), Some("伊犁危機"));
    let names: Vec<String> = corpus.alias_names().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["伊犁交涉"], "titles are not listed as aliases");
}

#[test]
fn a_saved_index_opens_warm_and_a_change_rebuilds_it() {
    let dir = small_corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cold = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
    assert_eq!(cold.opened, Opened::Cold);
    assert!(cold.warnings.is_empty(), "{:?}", cold.warnings);
    complete(&cold);
    let warm = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
    assert_eq!(warm.opened, Opened::Warm);
    assert!(warm.is_complete(), "the second pass was saved");
    assert_eq!(warm.len(), 3);
    assert!(warm.resolve_title("伊犁交涉").is_some());
    // Nothing changed: the pass reads nothing again.
    assert_eq!(complete(&warm).read, 0);

    // A file added in a subdirectory changes that directory's time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.path().join("sub/新疆省.md"), "**新疆省**，又稱**新省**").expect("write");
    let changed = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("changed");
    assert_eq!(changed.opened, Opened::Cold);
    assert_eq!(changed.len(), 4);
    // Only the new file is read; the rest comes from the older index.
    let report = complete(&changed);
    assert_eq!((report.read, report.reused), (1, 3));
    assert!(changed.resolve_title("新省").is_some());
    assert!(changed.resolve_title("伊犁交涉").is_some());

    // A file edited in place (same directory time) is found by its stamp.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        dir.path().join("伊犁危機.wiki"),
        "'''伊犁危機'''，又稱'''伊犁條約問題'''。",
    )
    .expect("write");
    let warm = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
    let report = complete(&warm);
    assert_eq!(report.read, 1);
    assert!(warm.resolve_title("伊犁条约问题").is_some());
}

#[test]
fn an_index_updated_again_and_again_keeps_its_size() {
    // A file edited in place makes the pass extend the saved index again:
    // its first-pass names are kept as they are and the second pass's are
    // replaced, not added to (before, the index was made anew from every
    // title in memory: 932 MB at 1M articles for one changed file).
    let dir = small_corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cold = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
    complete(&cold);
    let index_file = cold.index_file().expect("index file").to_path_buf();
    drop(cold);
    let size_after = |round: usize| {
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(
            dir.path().join("伊犁危機.wiki"),
            format!("'''伊犁危機'''，又稱'''伊犁問題{round}'''。"),
        )
        .expect("write");
        let warm = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
        assert_eq!(warm.opened, Opened::Warm);
        let report = complete(&warm);
        assert_eq!((report.read, report.save_error), (1, None));
        drop(warm);
        let again = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("again");
        assert!(again.is_complete());
        let crisis = again.resolve_title("伊犁危机").expect("title");
        assert_eq!(
            again.resolve_title(&format!("伊犁问题{round}")),
            Some(crisis)
        );
        if round > 0 {
            let before = format!("伊犁问题{}", round - 1);
            assert_eq!(again.resolve_title(&before), None, "an old alias stayed");
        }
        assert_eq!(again.resolve_title("伊犁交涉事件"), Some(crisis));
        assert!(again.resolve_title("苏联入侵新疆").is_some());
        let Loaded::Found(catalog) = store::load(&index_file) else {
            panic!("the updated index was not saved")
        };
        assert!(catalog.first_pass_strings().is_some(), "made by extending");
        std::fs::metadata(&index_file).expect("index").len()
    };
    let first = size_after(0);
    for round in 1..6 {
        assert_eq!(size_after(round), first, "round {round}");
    }
}

/// A directory of `count` wikitext articles, each with a lead alias (for
/// tests of indexing here and in the reader).
pub(crate) fn aliased_articles(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..count {
        std::fs::write(
            dir.path().join(format!("條目{i}.wiki")),
            format!("'''條目{i}'''，又稱'''別名{i}'''。"),
        )
        .expect("write");
    }
    dir
}

#[test]
fn a_cancelled_second_pass_is_resumed_where_it_stopped() {
    let count = 3000;
    let dir = aliased_articles(count);
    let cache = tempfile::tempdir().expect("cache");
    let first = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
    let partial_file = super::partial::path_for(first.index_file().expect("saved"));
    // The reader quits once the pass has got somewhere.
    let cancel = AtomicBool::new(false);
    let stopped = first.complete(&|_| cancel.store(true, Ordering::Relaxed), &cancel);
    assert_eq!(stopped, Err(super::enrich::Cancelled));
    assert!(!first.is_complete());
    assert!(partial_file.exists(), "what was learnt is kept");

    // The next start resumes: what was learnt is not read again.
    let second = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
    let report = complete(&second);
    assert!(report.resumed > 0, "{report:?}");
    assert_eq!(report.read + report.resumed, count, "{report:?}");
    assert!(second.is_complete());
    for i in [0, count / 2, count - 1] {
        assert!(
            second.resolve_title(&format!("别名{i}")).is_some(),
            "别名{i}"
        );
    }
    assert!(
        !partial_file.exists(),
        "a finished pass leaves nothing to resume"
    );

    // A file changed since the cancelled pass is read again, not resumed.
    let third_dir = aliased_articles(count);
    let third = Corpus::open_dir_with_cache(third_dir.path(), Some(cache.path())).expect("cold");
    let cancel = AtomicBool::new(false);
    let _ = third.complete(&|_| cancel.store(true, Ordering::Relaxed), &cancel);
    let resumable = super::partial::load(
        &super::partial::path_for(third.index_file().expect("saved")),
        // The first index as on disk: a cold pass saves the finder's data
        // into it before it starts.
        third.first_index().identity(),
        count,
    )
    .expect("saved");
    let learnt = (0..count)
        .find(|&id| resumable.get(id).is_some())
        .expect("something learnt");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        third_dir.path().join(third.catalog.path(learnt)),
        "'''改過'''，又稱'''新別名'''。",
    )
    .expect("write");
    let reopened = Corpus::open_dir_with_cache(third_dir.path(), Some(cache.path())).expect("warm");
    complete(&reopened);
    assert!(
        reopened.resolve_title("新别名").is_some(),
        "the changed file was read"
    );
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_warning() {
    let dir = small_corpus();
    let cache = tempfile::tempdir().expect("cache");
    let cold = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
    let file = cold.index_file().expect("saved").to_path_buf();
    let mut bytes = std::fs::read(&file).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&file, &bytes).expect("write");
    let reopened = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("opens");
    assert_eq!(reopened.opened, Opened::Cold);
    assert!(
        reopened.warnings.iter().any(|w| w.contains("damaged")),
        "{:?}",
        reopened.warnings
    );
    assert_eq!(reopened.len(), 3);
    std::fs::write(&file, &bytes[..100]).expect("write");
    let reopened = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("opens");
    assert!(reopened.warnings.iter().any(|w| w.contains("truncated")));
}

#[test]
fn an_unwritable_cache_leaves_the_corpus_readable() {
    let dir = small_corpus();
    let cache = tempfile::tempdir().expect("cache");
    let blocker = cache.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").expect("write");
    let corpus = Corpus::open_dir_with_cache(dir.path(), Some(&blocker)).expect("opens");
    assert!(corpus.warnings.iter().any(|w| w.contains("could not save")));
    assert!(corpus.resolve_title("伊犁危機").is_some());
    let report = complete(&corpus);
    assert!(report.save_error.is_some());
    assert!(corpus.resolve_title("伊犁交涉").is_some());
}

#[test]
fn a_cancelled_pass_changes_nothing() {
    let dir = small_corpus();
    let corpus = Corpus::open_dir(dir.path()).expect("corpus");
    let cancelled = AtomicBool::new(true);
    assert_eq!(corpus.complete(&|_| {}, &cancelled), Err(enrich::Cancelled));
    assert!(!corpus.is_complete());
}

#[test]
fn entries_are_found_by_path() {
    let dir = small_corpus();
    let corpus = Corpus::open_dir(dir.path()).expect("corpus");
    let id = corpus
        .id_of_entry_path("sub/苏联入侵新疆.md")
        .expect("found");
    assert_eq!(corpus.entry(id).map(|e| e.title), Some("苏联入侵新疆"));
    assert_eq!(corpus.id_of_entry_path("sub/none.md"), None);
}

#[test]
fn two_readers_of_one_corpus_share_its_cache_safely() {
    let dir = small_corpus();
    let cache = tempfile::tempdir().expect("cache");
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..5 {
                    let corpus =
                        Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("opens");
                    assert!(
                        corpus.warnings.is_empty(),
                        "never a half-written index: {:?}",
                        corpus.warnings
                    );
                    complete(&corpus);
                    assert!(corpus.resolve_title("伊犁交涉").is_some());
                }
            });
        }
    });
    let last = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("opens");
    assert_eq!(last.opened, Opened::Warm);
    assert!(last.is_complete());
}

#[test]
fn entries_known_already_do_not_speed_up_the_time_left() {
    use super::enrich::Progress;
    let started = std::time::Instant::now()
        .checked_sub(std::time::Duration::from_secs(10))
        .expect("an instant ten seconds ago");
    // 500 resumed at once, then 100 read in 10 s: the 400 left take 40 s.
    let progress = Progress {
        done: 600,
        total: 1000,
        started,
        quick: 500,
    };
    // (A little more than ten seconds have passed by the time it is read.)
    assert!(
        matches!(progress.seconds_left(), Some(40 | 41)),
        "{progress:?}"
    );
}

#[test]
fn a_file_replaced_by_a_fifo_is_refused_not_waited_on() {
    // Before, opening it to read an article's head blocked until a writer
    // came: the preview thread or the second pass stopped for good.
    let dir = small_corpus();
    let corpus = std::sync::Arc::new(Corpus::open_dir(dir.path()).expect("corpus"));
    let id = corpus.resolve_title("伊犁危機").expect("title");
    let path = dir.path().join("伊犁危機.wiki");
    std::fs::remove_file(&path).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return; // no mkfifo here
    }
    let (done, result) = std::sync::mpsc::channel();
    let reader = std::sync::Arc::clone(&corpus);
    std::thread::spawn(move || {
        let _ = done.send(reader.read_head(id, 1024).is_err());
    });
    let refused = result
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("read_head returned instead of waiting on the FIFO");
    assert!(refused);
    assert!(corpus.read_bytes(id).is_err());
}

#[test]
fn an_article_whose_name_begins_with_a_dot_is_linked_to_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".int.md"),
        "**.int**是互联网域名系统中赞助类顶级域的一种。\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("顶级域.md"),
        "[.int](../Page/.int.md \"wikilink\")亦曾被使用。\n",
    )
    .expect("write");
    let corpus = Corpus::open_dir(dir.path()).expect("corpus");
    assert_eq!(corpus.len(), 2);
    let int = corpus.resolve_title(".int").expect(".int is an article");
    let page = corpus.resolve_title("顶级域").expect("title");
    let article = corpus.article(page).expect("article");
    let mut targets = Vec::new();
    crate::document::for_each_inline_run(&article, &mut |run| {
        for inline in run {
            if let crate::document::Inline::Link { target, .. } = inline {
                targets.push(target.clone());
            }
        }
    });
    assert_eq!(targets.len(), 1);
    assert_eq!(corpus.resolve_link(&targets[0]), Resolution::InCorpus(int));
    let report = crate::cli::check::check(&corpus);
    assert_eq!((report.articles, report.links), (2, 1));
    assert_eq!((report.resolved, report.not_in_corpus), (1, 0));
}
