//! The corpus index and dumps (criterion): opening an article from a
//! multistream dump (seek, decompress its one stream, parse, lay out),
//! resolving a title, and opening a corpus from its saved index. The corpus
//! is realistic: the sample articles' text cut to Chinese Wikipedia's
//! lengths under synthetic titles (`finder::synthetic::write_realistic_corpus`),
//! 5 000 articles packed by the project's dump writer (100 pages a stream,
//! as the dump site does). `cargo bench --bench corpus`.
//!
//! The time to open one article does not grow with the dump (one stream is
//! read whatever the number of streams); `benches/scale.sh` measures the
//! figures that do, at 100 000 and 1 000 000 articles.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use wikiread::corpus::Corpus;
use wikiread::corpus::dump::Page;
use wikiread::corpus::dump::writer::MultistreamWriter;
use wikiread::document::Format;
use wikiread::layout::{LayoutOptions, layout_article};

const ARTICLES: usize = 5_000;

/// Packs the corpus directory `dir` into a multistream dump in `out`.
fn pack(dir: &Path, out: &Path) -> std::path::PathBuf {
    let corpus = Corpus::open_dir(dir).expect("corpus");
    let dump = out.join("zhwiki-20260101-pages-articles-multistream.xml.bz2");
    let index = out.join("zhwiki-20260101-pages-articles-multistream-index.txt.bz2");
    let mut writer = MultistreamWriter::new(&dump, &index, "zhwiki").expect("writer");
    for (id, entry) in corpus.entries() {
        let text = String::from_utf8_lossy(&corpus.read_bytes(id).expect("read")).into_owned();
        writer
            .write_page(&Page {
                title: entry.title.to_string(),
                namespace: 0,
                id: id as u64 + 1,
                redirect: corpus.redirect(id),
                markdown: entry.format == Format::Markdown,
                text,
                truncated: false,
            })
            .expect("page");
    }
    writer.finish().expect("finish");
    dump
}

fn bench(c: &mut Criterion) {
    let work = tempfile::tempdir().expect("temp dir");
    let dir = work.path().join("corpus");
    let titles = wikiread::finder::synthetic::titles(ARTICLES, 1);
    wikiread::finder::synthetic::write_realistic_corpus(&dir, &titles).expect("corpus");
    let dump = pack(&dir, work.path());
    let cache = work.path().join("cache");
    let corpus = Corpus::open_dump(&dump, Some(&cache), &|_, _| {}).expect("dump");
    // Articles spread over the dump, none a redirect.
    let ids: Vec<usize> = (0..corpus.len())
        .step_by(97)
        .filter(|&id| corpus.redirect(id).is_none())
        .take(40)
        .collect();

    let mut group = c.benchmark_group(format!("multistream dump, {ARTICLES} realistic articles"));
    let mut next = 0;
    group.bench_function(
        "open an article (decompress its stream, parse, lay out at 100)",
        |b| {
            b.iter(|| {
                next = (next + 1) % ids.len();
                let (article, _) = corpus.parse(black_box(ids[next])).expect("parse");
                layout_article(&article, 100, LayoutOptions::default())
            })
        },
    );
    group.bench_function("decompress one stream", |b| {
        b.iter(|| {
            next = (next + 1) % ids.len();
            corpus.read_source(black_box(ids[next])).expect("read")
        })
    });
    group.bench_function("resolve a title (other script)", |b| {
        b.iter(|| {
            next = (next + 1) % titles.len();
            corpus.resolve_title(black_box(&hanconv::s2t(&titles[next])))
        })
    });
    group.bench_function("open the corpus from its saved index", |b| {
        b.iter(|| Corpus::open_dump(&dump, Some(&cache), &|_, _| {}).expect("warm"))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("directory, {ARTICLES} realistic articles"));
    let dir_cache = work.path().join("dir-cache");
    let cold = Corpus::open_dir_with_cache(&dir, Some(&dir_cache)).expect("cold");
    let never = std::sync::atomic::AtomicBool::new(false);
    cold.complete(&|_| {}, &never).expect("second pass");
    group.bench_function("open the corpus from its saved index", |b| {
        b.iter(|| Corpus::open_dir_with_cache(&dir, Some(&dir_cache)).expect("warm"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
