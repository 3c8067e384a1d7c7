//! Reading and writing MediaWiki dumps: the shared real exports, a round
//! trip through the multistream writer, and damaged input of every kind.

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use wikiread::corpus::dump::multistream::{page_in_stream, read_index, read_stream, scan_streams};
use wikiread::corpus::dump::writer::MultistreamWriter;
use wikiread::corpus::dump::xml::{pages_in, read_page_at, scan_xml};
use wikiread::corpus::dump::{DumpError, Page};

fn shared_dumps() -> Option<PathBuf> {
    let dir = common::shared_corpus()?.join("dumps");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} is missing; skipped", dir.display());
        None
    }
}

fn all_pages(path: &Path) -> Vec<Page> {
    let bytes = std::fs::read(path).expect("read export");
    pages_in(&bytes)
        .into_iter()
        .map(|page| page.expect("a good page"))
        .collect()
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

#[test]
fn the_simplewiki_sample_is_read_whole_with_entities_decoded() {
    let Some(dir) = shared_dumps() else { return };
    let pages = all_pages(&dir.join("simplewiki-sample.xml"));
    let titles: Vec<&str> = pages.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "April",
            "August",
            "Art",
            "A",
            "Air",
            "Wikipedia:Administrators",
            "Autonomous communities of Spain"
        ]
    );
    assert_eq!(pages.iter().filter(|p| p.namespace == 4).count(), 1);
    assert!(pages.iter().all(|p| p.redirect.is_none() && !p.markdown));
    assert!(pages.iter().all(|p| p.id > 0 && !p.text.is_empty()));
    let all_text: String = pages.iter().map(|p| p.text.as_str()).collect();
    assert!(all_text.contains('<') && all_text.contains('"'));
    assert!(!all_text.contains("&lt;") && !all_text.contains("&quot;"));
}

#[test]
fn the_enwiki_sample_has_redirects_and_other_namespaces() {
    let Some(dir) = shared_dumps() else { return };
    let pages = all_pages(&dir.join("enwiki-partial.xml"));
    assert_eq!(pages.len(), 11);
    let redirect = |title: &str| {
        pages
            .iter()
            .find(|p| p.title == title)
            .and_then(|p| p.redirect.clone())
    };
    assert_eq!(
        redirect("Wikipedia:DABMOS").as_deref(),
        Some("Wikipedia:Manual of Style/Disambiguation pages")
    );
    assert_eq!(redirect("Mr. & Mrs.").as_deref(), Some("Mr & Mrs"));
    assert_eq!(redirect("Konica Minolta Cup"), None);
    assert_eq!(pages.iter().filter(|p| p.redirect.is_some()).count(), 4);
    let in_ns = |ns: i64| pages.iter().filter(|p| p.namespace == ns).count();
    assert_eq!((in_ns(0), in_ns(4), in_ns(14)), (7, 2, 2));
    assert_eq!(pages[0].id, 7697605);
}

#[test]
fn page_ranges_of_the_real_exports_read_back_the_same_pages() {
    let Some(dir) = shared_dumps() else { return };
    for name in ["simplewiki-sample.xml", "enwiki-partial.xml"] {
        let path = dir.join(name);
        let pages = all_pages(&path);
        let spans = scan_xml(&path, &|_| {}, &never()).expect("scan");
        assert_eq!(spans.len(), pages.len(), "{name}");
        let file = File::open(&path).expect("open");
        for (span, page) in spans.iter().zip(&pages) {
            assert_eq!(
                (span.id, span.namespace, &span.title, &span.redirect),
                (page.id, page.namespace, &page.title, &page.redirect)
            );
            assert_eq!(
                &read_page_at(&file, span.start, span.end).expect("page"),
                page
            );
        }
    }
}

/// Pages of every awkward kind, `count` in all.
fn awkward_pages(count: u64) -> Vec<Page> {
    (1..=count)
        .map(|id| {
            let mut page = Page {
                title: format!("條目{id}"),
                id,
                text: format!("'''條目{id}'''是一個條目。"),
                ..Page::default()
            };
            match id % 10 {
                1 => page.title = format!("Category:數學:代數{id}"),
                2 => page.title = format!("A & B <{id}>"),
                3 => page.text = "x < y && y > z ]]> <![CDATA[ &amp; \"q\"".into(),
                4 => {
                    page.redirect = Some("條目1 & 二".into());
                    page.text = "#REDIRECT [[條目1 & 二]]".into();
                }
                5 => {
                    page.markdown = true;
                    page.text = "# 標題\n\n**粗** [連結](條目1)\n".into();
                }
                6 => {
                    page.namespace = 10;
                    page.title = format!("Template:模板{id}");
                }
                7 => page.text = String::new(),
                8 => page.title = "重複的標題".into(),
                _ => {}
            }
            page
        })
        .collect()
}

fn write_dump(dir: &Path, pages: &[Page]) -> (PathBuf, PathBuf) {
    let dump = dir.join("zhwiki-20260101-pages-articles-multistream.xml.bz2");
    let index = dir.join("zhwiki-20260101-pages-articles-multistream-index.txt.bz2");
    let mut writer = MultistreamWriter::new(&dump, &index, "zhwiki").expect("writer");
    for page in pages {
        writer.write_page(page).expect("write");
    }
    writer.finish().expect("finish");
    (dump, index)
}

#[test]
fn a_written_dump_reads_back_exactly_through_its_index_and_without_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = awkward_pages(250);
    let (dump, index) = write_dump(dir.path(), &pages);
    assert_eq!(
        wikiread::corpus::dump::index_path_for(&dump).as_deref(),
        Some(index.as_path())
    );

    let (lines, bad) = read_index(&index).expect("index");
    assert_eq!((lines.len(), bad), (250, 0));
    let file = File::open(&dump).expect("open");
    for (line, page) in lines.iter().zip(&pages) {
        assert_eq!((line.id, &line.title), (page.id, &page.title));
        let found = page_in_stream(&file, line.offset, line.id, &line.title).expect("page");
        assert_eq!(&found, page);
    }

    let scan = scan_streams(&dump, &|_, _| {}, &never()).expect("scan");
    assert!(scan.problems.is_empty(), "{:?}", scan.problems);
    let sizes: Vec<usize> = scan.streams.iter().map(|s| s.pages.len()).collect();
    assert_eq!(
        sizes,
        [0, 100, 100, 50, 0],
        "first and last streams hold no page"
    );
    let scanned: Vec<(u64, u64, &str)> = scan
        .streams
        .iter()
        .flat_map(|s| {
            s.pages
                .iter()
                .map(move |p| (s.offset, p.id, p.title.as_str()))
        })
        .collect();
    let indexed: Vec<(u64, u64, &str)> = lines
        .iter()
        .map(|l| (l.offset, l.id, l.title.as_str()))
        .collect();
    assert_eq!(scanned, indexed);
    let heads = scan.streams.iter().flat_map(|s| &s.pages);
    for (head, page) in heads.zip(&pages) {
        assert_eq!(
            (head.namespace, &head.redirect),
            (page.namespace, &page.redirect)
        );
    }

    // The first stream is the root start tag and the site info.
    let first = String::from_utf8(read_stream(&file, 0).expect("stream")).expect("utf-8");
    assert!(first.starts_with("<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\""));
    assert!(first.contains("<namespace key=\"14\""));
    let last_offset = scan.streams.last().expect("streams").offset;
    assert_eq!(
        read_stream(&file, last_offset).expect("stream"),
        b"</mediawiki>\n"
    );
}

#[test]
fn a_truncated_dump_keeps_its_early_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = awkward_pages(250);
    let (dump, index) = write_dump(dir.path(), &pages);
    let (lines, _) = read_index(&index).expect("index");
    // Cut in the middle of the second stream of pages (pages 101 to 200).
    let bytes = std::fs::read(&dump).expect("read");
    let cut = (lines[100].offset + lines[200].offset) / 2;
    std::fs::write(&dump, &bytes[..cut as usize]).expect("cut");
    let file = File::open(&dump).expect("open");

    let early = &lines[5];
    assert_eq!(
        page_in_stream(&file, early.offset, early.id, &early.title).expect("early page"),
        pages[5]
    );
    let cut_off = &lines[150];
    let error =
        page_in_stream(&file, cut_off.offset, cut_off.id, &cut_off.title).expect_err("cut off");
    assert!(error.to_string().contains("truncated"), "{error}");
    let lost = &lines[220];
    let error = read_stream(&file, lost.offset).expect_err("past the end");
    assert!(error.to_string().contains("past the end"), "{error}");

    let scan = scan_streams(&dump, &|_, _| {}, &never()).expect("scan");
    let sizes: Vec<usize> = scan.streams.iter().map(|s| s.pages.len()).collect();
    assert_eq!(sizes, [0, 100]);
    assert_eq!(scan.problems.len(), 1);
    assert!(
        scan.problems[0].to_string().contains("truncated"),
        "{}",
        scan.problems[0]
    );
}

#[test]
fn wrong_offsets_and_corrupt_streams_are_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = awkward_pages(250);
    let (dump, index) = write_dump(dir.path(), &pages);
    let (lines, _) = read_index(&index).expect("index");
    let file = File::open(&dump).expect("open");
    let size = file.metadata().expect("meta").len();

    assert!(read_stream(&file, size).is_err());
    assert!(read_stream(&file, u64::MAX / 2).is_err());
    let error = read_stream(&file, lines[0].offset + 1).expect_err("mid-stream");
    assert!(error.to_string().contains("no bzip2 stream"), "{error}");
    // No offset at all may panic or hang.
    for offset in 0..size.min(3000) {
        let _ = read_stream(&file, offset);
    }

    // Flip bytes in the middle of the second stream of pages.
    let mut bytes = std::fs::read(&dump).expect("read");
    let middle = ((lines[100].offset + lines[200].offset) / 2) as usize;
    for byte in &mut bytes[middle..middle + 8] {
        *byte ^= 0x5A;
    }
    std::fs::write(&dump, &bytes).expect("write");
    let file = File::open(&dump).expect("open");
    assert!(page_in_stream(&file, lines[150].offset, lines[150].id, "").is_err());
    assert!(read_stream(&file, lines[150].offset).is_err());
    assert_eq!(
        page_in_stream(&file, lines[220].offset, lines[220].id, "").expect("later page"),
        pages[220]
    );
    let scan = scan_streams(&dump, &|_, _| {}, &never()).expect("scan");
    assert!(!scan.problems.is_empty());
    assert_eq!(scan.streams.len(), 2);
}

#[test]
fn scanning_can_be_cancelled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (dump, _) = write_dump(dir.path(), &awkward_pages(120));
    let cancel = AtomicBool::new(true);
    assert!(matches!(
        scan_streams(&dump, &|_, _| {}, &cancel),
        Err(DumpError::Cancelled)
    ));
}

/// Bytes that look random, the same every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn an_index_of_random_bytes_gives_no_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, prefix) in [("plain.txt", &b""[..]), ("packed.txt.bz2", b"BZh9")] {
        let path = dir.path().join(name);
        let mut bytes = prefix.to_vec();
        bytes.extend(noise(64 * 1024, 9));
        std::fs::write(&path, &bytes).expect("write");
        match read_index(&path) {
            Ok((lines, _)) => assert!(lines.is_empty(), "{name}: {lines:?}"),
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
    assert!(read_index(&dir.path().join("missing.txt")).is_err());
    // A dump of random bytes is not a dump.
    let path = dir.path().join("noise.xml.bz2");
    std::fs::write(&path, noise(10_000, 3)).expect("write");
    assert!(scan_streams(&path, &|_, _| {}, &never()).is_err());
}

#[test]
fn bad_xml_in_a_plain_dump_keeps_the_pages_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.xml");
    let mut xml = b"<mediawiki><siteinfo><odd>?</odd></siteinfo>\
        <page><title>CDATA</title><id>1</id><revision><text><![CDATA[<b> & ]]>ok</text></revision>\
        <novel attr='1'><page-ish/></novel></page>\
        <page><title>bad \xff byte</title><id>2</id></page>\
        <page><title>cut</title><id>3</id><revision><text>never end"
        .to_vec();
    std::fs::write(&path, &xml).expect("write");
    let error = scan_xml(&path, &|_| {}, &never()).expect_err("truncated");
    assert!(error.to_string().contains("truncated"), "{error}");
    let pages = pages_in(&xml);
    assert_eq!(pages.len(), 3);
    let first = pages[0].as_ref().expect("first");
    assert_eq!(first.text, "<b> & ok");
    assert_eq!(
        pages[1].as_ref().expect("second").title,
        "bad \u{FFFD} byte"
    );
    assert!(pages[2].is_err());
    xml.extend_from_slice(b"</text></revision></page></mediawiki>");
    std::fs::write(&path, &xml).expect("write");
    assert_eq!(scan_xml(&path, &|_| {}, &never()).expect("scan").len(), 3);
}

#[test]
fn a_page_of_fifty_megabytes_is_read_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.xml");
    let line = "中文 &amp; &lt;ref&gt; text\n";
    let repeat = 50 * 1024 * 1024 / line.len();
    let mut xml = String::with_capacity(repeat * line.len() + 200);
    xml.push_str("<mediawiki><page><title>大</title><id>1</id><revision><text>");
    for _ in 0..repeat {
        xml.push_str(line);
    }
    xml.push_str("</text></revision></page></mediawiki>");
    std::fs::write(&path, &xml).expect("write");
    drop(xml);
    let spans = scan_xml(&path, &|_| {}, &never()).expect("scan");
    assert_eq!(spans.len(), 1);
    let file = File::open(&path).expect("open");
    let page = read_page_at(&file, spans[0].start, spans[0].end).expect("page");
    assert!(!page.truncated);
    assert_eq!(page.text.len(), repeat * "中文 & <ref> text\n".len());
    assert!(page.text.ends_with("中文 & <ref> text\n"));
}
