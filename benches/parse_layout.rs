//! Parse and layout of each sample article (criterion). `cargo bench`.
//! Measured with the allocator the `wikiread` binary uses (mimalloc); to compare
//! with the system allocator:
//! `RUSTFLAGS="--cfg wikiread_bench_system_alloc" cargo bench`.

#[cfg(not(wikiread_bench_system_alloc))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wikiread::corpus::builtin::BUILTIN_ARTICLES;
use wikiread::corpus::scan::{format_of, title_of};
use wikiread::document::parse_bytes;
use wikiread::layout::{LayoutOptions, layout_article};

fn samples() -> Vec<(String, &'static [u8], wikiread::document::Format)> {
    BUILTIN_ARTICLES
        .iter()
        .filter_map(|(name, bytes)| {
            let path = std::path::Path::new(name);
            Some((title_of(path), *bytes, format_of(path)?))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    for (title, bytes, format) in samples() {
        let mut group = c.benchmark_group(format!("{title} ({} KB)", bytes.len() / 1024));
        group.bench_function("parse", |b| {
            b.iter(|| parse_bytes(black_box(bytes), &title, format))
        });
        let article = parse_bytes(bytes, &title, format);
        group.bench_function("layout 100", |b| {
            b.iter(|| layout_article(black_box(&article), 100, LayoutOptions::default()))
        });
        group.bench_function("parse + layout 100", |b| {
            b.iter(|| {
                let article = parse_bytes(black_box(bytes), &title, format);
                layout_article(&article, 100, LayoutOptions::default())
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
