//! MediaWiki dumps as corpora: a multistream dump with and without its
//! index, a plain `.xml` export, warm reopening from the cache, and dumps
//! that are damaged. Every dump here is written by the project's own
//! writer from the sample articles, or is one of the shared real exports.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use wikiread::corpus::dump::Page;
use wikiread::corpus::dump::writer::MultistreamWriter;
use wikiread::corpus::{Corpus, Opened, Source};

const DUMP: &str = "zhwiki-20260101-pages-articles-multistream.xml.bz2";
const INDEX: &str = "zhwiki-20260101-pages-articles-multistream-index.txt.bz2";

fn complete(corpus: &Corpus) {
    corpus
        .complete(&|_| {}, &AtomicBool::new(false))
        .expect("not cancelled");
}

/// The sample articles, 250 numbered filler pages, a redirect, a template
/// and a category page, packed as a multistream dump in `dir`.
fn write_dump(dir: &Path) -> PathBuf {
    let mut writer =
        MultistreamWriter::new(&dir.join(DUMP), &dir.join(INDEX), "zhwiki").expect("writer");
    let mut id = 0;
    let mut page = |title: &str, namespace: i64, text: String, redirect: Option<&str>| {
        id += 1;
        Page {
            title: title.into(),
            namespace,
            id,
            redirect: redirect.map(str::to_string),
            markdown: false,
            text,
            truncated: false,
        }
    };
    let mut pages = Vec::new();
    for (name, bytes) in wikiread::corpus::builtin::BUILTIN_ARTICLES {
        let title = name.rsplit_once('.').map_or(*name, |(stem, _)| stem);
        let mut p = page(title, 0, String::from_utf8_lossy(bytes).into_owned(), None);
        p.markdown = name.ends_with(".md");
        pages.push(p);
    }
    for i in 0..250 {
        pages.push(page(
            &format!("條目{i}"),
            0,
            format!("'''條目{i}'''，又稱'''別名{i}'''，見[[伊犁危機]]。"),
            None,
        ));
    }
    pages.push(page(
        "伊犁事件",
        0,
        "#REDIRECT [[伊犁危機]]".into(),
        Some("伊犁危機"),
    ));
    pages.push(page("Template:Infobox", 10, "{{{1}}}".into(), None));
    // Templates in streams of their own, read through the index's sorted
    // list of other pages.
    for i in 0..150 {
        pages.push(page(
            &format!("Template:填充{i}"),
            10,
            format!("填{i}"),
            None,
        ));
    }
    pages.push(page(
        "Template:問候",
        10,
        "你好，{{{1|世界}}}{{填充7}}<noinclude>（說明）</noinclude>".into(),
        None,
    ));
    pages.push(page(
        "問候頁",
        0,
        "'''問候頁'''：{{問候|左宗棠}}、{{問候}}、{{不存在的模板|x}}。".into(),
        None,
    ));
    pages.push(page(
        "Category:清朝",
        14,
        "清朝的條目。[[Category:中国朝代]]".into(),
        None,
    ));
    pages.push(page(
        "Category:同治",
        14,
        "[[Category:清朝|同]]".into(),
        None,
    ));
    for p in &pages {
        writer.write_page(p).expect("page");
    }
    writer.finish().expect("finished");
    dir.join(DUMP)
}

#[test]
fn a_multistream_dump_opens_by_its_index_and_reads_pages_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let dump = write_dump(dir.path());
    let corpus = Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens");
    assert_eq!(corpus.opened, Opened::Cold);
    assert!(matches!(corpus.source(), Source::Dump(_)));
    assert_eq!(corpus.len(), 5 + 250 + 1 + 1, "articles only");
    let others: Vec<(&str, u32)> = corpus
        .other_pages()
        .filter(|(title, _)| !title.starts_with("Template:填充"))
        .collect();
    assert_eq!(
        others,
        [
            ("Template:Infobox", 10),
            ("Template:問候", 10),
            ("Category:同治", 14),
            ("Category:清朝", 14),
        ],
        "by namespace and title"
    );
    // Titles resolve in any script; the article is read from its stream.
    let ili = corpus.resolve_title("伊犁危机").expect("in the dump");
    let article = corpus.article(ili).expect("reads");
    assert_eq!(article.title, "伊犁危機");
    let builtin = Corpus::builtin();
    let from_dir = builtin
        .article(builtin.resolve_title("伊犁危機").expect("sample"))
        .expect("sample");
    assert_eq!(
        article.blocks, from_dir.blocks,
        "the same article as the file"
    );
    // A Markdown page packed with its format reads as Markdown.
    let md = corpus.resolve_title("苏联入侵新疆").expect("in the dump");
    assert_eq!(
        corpus.article(md).expect("reads").footnotes.len(),
        builtin
            .article(builtin.resolve_title("苏联入侵新疆").expect("sample"))
            .expect("sample")
            .footnotes
            .len()
    );
    // The index has no redirects; the second pass reads every stream.
    assert_eq!(corpus.resolve_title("別名7"), None);
    complete(&corpus);
    assert_eq!(corpus.resolve_title("伊犁事件"), Some(ili));
    let seventh = corpus.resolve_title("條目7").expect("title");
    assert_eq!(corpus.resolve_title("别名7"), Some(seventh));

    // Warm: from the cache, complete, the same answers.
    let warm = Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens");
    assert_eq!(warm.opened, Opened::Warm);
    assert!(warm.is_complete());
    assert_eq!(warm.resolve_title("伊犁事件"), Some(ili));
    assert_eq!(warm.resolve_title("别名7"), Some(seventh));
    assert!(warm.article(seventh).is_ok());
}

#[test]
fn a_dumps_articles_transclude_its_own_template_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let dump = write_dump(dir.path());
    for corpus in [
        Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens"),
        Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens warm"),
    ] {
        let id = corpus.resolve_title("問候頁").expect("in the dump");
        let article = corpus.article(id).expect("reads");
        let text = wikiread::document::blocks_plain_text(&article.blocks);
        assert!(
            text.contains("問候頁：你好，左宗棠填7、你好，世界填7、"),
            "{text}"
        );
        assert!(!text.contains("說明"), "{text}");
    }
}

#[test]
fn without_its_index_a_dump_is_read_once_and_redirects_come_free() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(dir.path());
    std::fs::remove_file(dir.path().join(INDEX)).expect("remove index");
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens");
    assert_eq!(corpus.len(), 257);
    let ili = corpus.resolve_title("伊犁危機").expect("in the dump");
    assert_eq!(
        corpus.resolve_title("伊犁事件"),
        Some(ili),
        "before the second pass"
    );
    assert!(
        corpus
            .article(corpus.resolve_title("條目249").expect("title"))
            .is_ok()
    );
}

#[test]
fn a_plain_xml_export_is_a_corpus() {
    let Some(shared) = common::shared_corpus() else {
        eprintln!("../shared/corpus is not here: nothing to check");
        return;
    };
    let export = shared.join("dumps/enwiki-partial.xml");
    let corpus = Corpus::open_dump(&export, None, &|_, _| {}).expect("opens");
    assert!(corpus.len() >= 5, "{}", corpus.len());
    assert!(corpus.other_pages().any(|(_, ns)| ns == 14));
    for (id, entry) in corpus.entries() {
        let article = corpus.article(id).expect("every page reads");
        assert_eq!(article.title, entry.title);
    }
    // Redirect pages lead to their targets when those are in the export.
    let redirects = corpus
        .entries()
        .filter(|&(id, _)| corpus.redirect(id).is_some())
        .count();
    assert!(redirects > 0);
}

#[test]
fn a_damaged_dump_keeps_the_rest_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(dir.path());
    let bytes = std::fs::read(&dump).expect("read");
    // Cut inside the last page stream: the streams before it stay whole.
    let (lines, _) =
        wikiread::corpus::dump::multistream::read_index(&dir.path().join(INDEX)).expect("index");
    let last = lines.iter().map(|l| l.offset).max().expect("lines") as usize;
    std::fs::write(&dump, &bytes[..last + 20]).expect("cut");
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens from its index");
    let first = corpus.resolve_title("伊犁危機").expect("early page");
    assert!(corpus.article(first).is_ok());
    // Pages whose stream was cut: a clear error each, never a panic.
    let mut failed = 0;
    for (id, _) in corpus.entries() {
        if let Err(err) = corpus.article(id) {
            assert!(!err.to_string().contains('\n'));
            failed += 1;
        }
    }
    assert!(failed > 0);
    complete(&corpus);

    // An index of random bytes: no pages from it, a clear error.
    std::fs::write(&dump, &bytes).expect("restore");
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join(INDEX), noise).expect("noise");
    match Corpus::open_dump(&dump, None, &|_, _| {}) {
        Ok(corpus) => assert!(corpus.len() <= 257),
        Err(err) => assert!(!err.to_string().contains('\n')),
    }
    // Not a dump at all.
    let fake = dir.path().join("fake.xml.bz2");
    std::fs::write(&fake, b"not bzip2").expect("write");
    let err = Corpus::open_dump(&fake, None, &|_, _| {}).expect_err("refused");
    assert!(!err.to_string().is_empty());
}

#[test]
fn an_index_that_points_past_the_end_is_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(dir.path());
    let (lines, _) =
        wikiread::corpus::dump::multistream::read_index(&dir.path().join(INDEX)).expect("index");
    let mut text: String = lines
        .iter()
        .map(|l| format!("{}:{}:{}\n", l.offset, l.id, l.title))
        .collect();
    text.push_str("99999999999:9999:遠方\n");
    std::fs::remove_file(dir.path().join(INDEX)).expect("remove");
    std::fs::write(
        dir.path()
            .join("zhwiki-20260101-pages-articles-multistream-index.txt"),
        text,
    )
    .expect("write");
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens");
    assert!(corpus.warnings.iter().any(|w| w.contains("past the end")));
    assert_eq!(corpus.resolve_title("遠方"), None);
    assert_eq!(corpus.len(), 257);
}

#[test]
fn the_commands_read_a_dump() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(dir.path());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_wikiread"))
            .args(args)
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runs")
    };
    let dump_arg = dump.to_string_lossy().into_owned();
    let out = run(&["dump", "伊犁危机", "--corpus", &dump_arg, "--width", "60"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("伊犁危機\n"), "{text}");
    let out = run(&["find", "ylwj", "--corpus", &dump_arg]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("伊犁危機")
    );
    // The alias of a filler page, known after the second pass (saved by now).
    let out = run(&["find", "别名12", "--corpus", &dump_arg, "--aliases"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("條目12")
    );
    let out = run(&["check", &dump_arg, "--json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["articles"], 257);
    assert_eq!(report["redirects"], 1);
    assert!(report["resolved"].as_u64().unwrap_or(0) >= 250);
}

#[test]
fn an_index_of_another_dump_gives_clear_errors() {
    let here = tempfile::tempdir().expect("temp dir");
    let there = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(here.path());
    // Another dump: different pages, so different streams and offsets.
    let mut writer = MultistreamWriter::new(
        &there.path().join(DUMP),
        &there.path().join(INDEX),
        "zhwiki",
    )
    .expect("writer");
    for id in 1..=450u64 {
        writer
            .write_page(&Page {
                title: format!("別處{id}"),
                namespace: 0,
                id,
                text: "別的文字。".repeat(id as usize % 40 + 1),
                ..Page::default()
            })
            .expect("page");
    }
    writer.finish().expect("finished");
    std::fs::copy(there.path().join(INDEX), here.path().join(INDEX)).expect("copy");
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens by the index");
    assert!(
        corpus.resolve_title("伊犁危機").is_none(),
        "the titles are the index's"
    );
    let mut errors = 0;
    for (id, _) in corpus.entries() {
        match corpus.article(id) {
            Ok(_) => {}
            Err(err) => {
                assert!(!err.to_string().contains('\n'));
                errors += 1;
            }
        }
    }
    assert!(errors > 0, "pages the index names are not where it says");
    complete(&corpus);
}

#[test]
fn a_cancelled_pass_over_a_dump_is_resumed_stream_by_stream() {
    use std::sync::atomic::Ordering;
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("cache");
    // Thirty streams of a hundred pages.
    let mut writer =
        MultistreamWriter::new(&dir.path().join(DUMP), &dir.path().join(INDEX), "zhwiki")
            .expect("writer");
    let count = 3000;
    for i in 0..count {
        let page = Page {
            title: format!("條目{i}"),
            namespace: 0,
            id: i as u64 + 1,
            redirect: None,
            markdown: false,
            text: format!("'''條目{i}'''，又稱'''別名{i}'''。"),
            truncated: false,
        };
        writer.write_page(&page).expect("page");
    }
    writer.finish().expect("finished");
    let dump = dir.path().join(DUMP);
    let first = Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens");
    // The reader quits once the pass has got somewhere.
    let cancel = AtomicBool::new(false);
    let stopped = first.complete(&|_| cancel.store(true, Ordering::Relaxed), &cancel);
    assert!(stopped.is_err(), "cancelled");
    let partial_file = wikiread::corpus::partial::path_for(first.index_file().expect("saved"));
    assert!(partial_file.exists(), "what was read is kept");
    drop(first);

    let second = Corpus::open_dump(&dump, Some(cache.path()), &|_, _| {}).expect("opens");
    let report = second
        .complete(&|_| {}, &AtomicBool::new(false))
        .expect("not cancelled");
    assert!(report.resumed > 0, "{report:?}");
    assert_eq!(report.read + report.resumed, count, "{report:?}");
    assert!(second.is_complete());
    for i in [0, count / 2, count - 1] {
        assert!(
            second.resolve_title(&format!("别名{i}")).is_some(),
            "别名{i}"
        );
    }
    assert!(!partial_file.exists());
}

/// The shared English export, when `../shared/corpus` is here.
fn enwiki_export() -> Option<PathBuf> {
    let path = common::shared_corpus()?.join("dumps/enwiki-partial.xml");
    path.is_file().then_some(path)
}

#[test]
fn links_missing_from_an_english_dump_point_to_the_english_wikipedia() {
    let Some(export) = enwiki_export() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // The export as a plain `.xml` corpus, and packed by the writer as an
    // enwiki multistream dump (its header names en.wikipedia.org too).
    let plain = dir.path().join("enwiki-partial.xml");
    std::fs::copy(&export, &plain).expect("copy");
    let packed = dir
        .path()
        .join("enwiki-20260101-pages-articles-multistream.xml.bz2");
    let index = dir
        .path()
        .join("enwiki-20260101-pages-articles-multistream-index.txt.bz2");
    let mut writer = MultistreamWriter::new(&packed, &index, "enwiki").expect("writer");
    let bytes = std::fs::read(&export).expect("read");
    for page in wikiread::corpus::dump::xml::pages_in(&bytes) {
        writer.write_page(&page.expect("a page")).expect("written");
    }
    writer.finish().expect("finished");
    for dump in [&plain, &packed] {
        let corpus = Corpus::open_dump(dump, None, &|_, _| {}).expect("opens");
        assert_eq!(
            corpus.site().host(),
            "en.wikipedia.org",
            "{}",
            dump.display()
        );
        let archer = corpus
            .resolve_title("Archer (typeface)")
            .expect("in the dump");
        let article = corpus.article(archer).expect("parses");
        let text = wikiread::cli::dump::dump_text(&article, &corpus, 80);
        assert!(
            text.contains("Tobias Frere-Jones ×2 not in corpus: https://en.wikipedia.org/wiki/Tobias_Frere-Jones"),
            "{text}"
        );
        assert!(!text.contains("zh.wikipedia.org"), "{text}");
        let json = wikiread::cli::dump::dump_json(&article, &corpus).expect("JSON");
        assert!(
            json.contains("\"url\": \"https://en.wikipedia.org/wiki/Hoefler_%26_Frere-Jones\""),
            "{json}"
        );
        // As the reader resolves a link of the page.
        let link = wikiread::document::LinkTarget::Article {
            title: "Wes Anderson".into(),
            fragment: None,
        };
        assert_eq!(
            corpus.resolve_link_from(&link, Some(&article)),
            wikiread::corpus::Resolution::NotInCorpus {
                url: "https://en.wikipedia.org/wiki/Wes_Anderson".into()
            }
        );
    }
}

#[test]
fn a_dump_without_a_base_keeps_the_default_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("fragment.xml");
    std::fs::write(
        &dump,
        "<mediawiki><page><title>甲</title><ns>0</ns><id>1</id>\
         <revision><text>[[乙]]</text></revision></page></mediawiki>",
    )
    .expect("write");
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens");
    assert_eq!(corpus.site().host(), "zh.wikipedia.org");
}

#[test]
fn the_full_text_index_reads_a_dump_stream_by_stream_and_follows_its_changes() {
    use wikiread::search::{SearchIndex, build};
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = write_dump(dir.path());
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens");
    complete(&corpus);
    let search = SearchIndex::open(&dir.path().join("search")).expect("an index");
    let never = AtomicBool::new(false);
    let built = build::update(&search, &corpus, &|_| {}, &never).expect("built");
    assert!(built.indexed > 250, "{built:?}");
    assert!(built.unreadable.is_empty(), "{:?}", built.unreadable);
    // Filler pages and the samples, in either script.
    let found = search.search("別名17", 5).expect("searched");
    assert_eq!(found.hits.first().map(|h| h.title.as_str()), Some("條目17"));
    assert_eq!(search.search("苏联", 50).expect("searched").total, 3);
    // Everything links to 伊犁危機: its backlinks are the 250 fillers and more.
    let id = corpus.resolve_title("伊犁危機").expect("a sample");
    let entry = corpus.entry(id).expect("an entry");
    assert!(
        search
            .links_to(entry.path, &[entry.title])
            .expect("links")
            .len()
            > 250
    );
    // A category's subcategories come from the dump's category pages.
    assert_eq!(
        search.subcategories("清朝").expect("subcategories"),
        ["同治"]
    );
    assert_eq!(
        search.subcategories("中国朝代").expect("subcategories"),
        ["清朝"]
    );
    // Unchanged, nothing is read again.
    let again = build::update(&search, &corpus, &|_| {}, &never).expect("built");
    assert_eq!(again.indexed, 0);
    // A dump written again (its size or time changes) is indexed again.
    drop(corpus);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let dump = write_dump(dir.path());
    let corpus = Corpus::open_dump(&dump, None, &|_, _| {}).expect("opens");
    complete(&corpus);
    let third = build::update(&search, &corpus, &|_| {}, &never).expect("built");
    assert!(third.indexed > 250, "{third:?}");
    assert_eq!(search.search("別名17", 5).expect("searched").total, 1);
}
