//! The finder's per-keystroke search on synthetic title indexes (criterion).
//! `cargo bench --bench finder` (about five minutes on two cores).
//!
//! Indexes of 100 000 and 1 000 000 synthetic titles (`finder::synthetic`,
//! seed [`SEED`]) are built once each. Every query is searched cold: a full
//! scan of the index, the finder's result limit, one result per target (as
//! for titles). "typing" searches `xinjiang` one keystroke at a time, each
//! keystroke within the names the previous one matched, as the finder's
//! search thread does; its per-keystroke group times each of those searches
//! alone, given the previous keystroke's matches.
//!
//! Each search is timed to its ranked results (`search_ranked`, what the
//! finder shows first). Where those come before their exact count (broad
//! Latin queries of three letters or more), a second entry, "… counted",
//! times the whole search, count included (`search`).
//!
//! For those, "… followers (between keystrokes)" times what the search
//! thread works out after the previous keystroke while it waits for the
//! next, and "… counted from followers" the keystroke's whole search with
//! that done (its count then comes with its results).
//!
//! The 1M build time and key memory are printed to stderr once.
//!
//! Measured with the allocator the `wikiread` binary uses (mimalloc); to
//! compare with the system allocator:
//! `RUSTFLAGS="--cfg wikiread_bench_system_alloc" cargo bench --bench finder`.

#[cfg(not(wikiread_bench_system_alloc))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use wikiread::finder::followers::Followers;
use wikiread::finder::{
    Index, Item, ItemKind, Outcome, Preferences, Query, search, search_ranked, synthetic,
};

/// The seed of the synthetic titles (`examples/make_corpus` defaults to it).
const SEED: u64 = 1;

/// The finder's result limit.
const LIMIT: usize = wikiread::app::finder::RESULT_LIMIT;

/// What each query stands for, and the query.
const QUERIES: &[(&str, &str)] = &[
    ("simplified", "新疆"),
    ("simplified", "伊犁危机"),
    ("traditional", "蘇聯"),
    ("pinyin", "xinjiang"),
    ("pinyin", "zuozongtang"),
    ("initials", "ylwj"),
    ("initials", "zzt"),
    ("two letters", "zg"),
    ("latin", "kash"),
    ("latin", "treaty"),
    ("full-width", "Ｋａｓｈ"),
];

/// The query typed one keystroke at a time.
const TYPED: &str = "xinjiang";

fn build(count: usize) -> Index {
    let titles = synthetic::titles(count, SEED);
    let started = Instant::now();
    let items = titles
        .into_iter()
        .enumerate()
        .map(|(target, name)| Item {
            name,
            kind: ItemKind::Article,
            target,
        })
        .collect::<Vec<Item>>();
    let index = Index::new(items);
    eprintln!(
        "finder bench: {count} titles indexed in {:.2?}; keys hold {:.1} MB ({} bytes)",
        started.elapsed(),
        index.key_bytes() as f64 / 1e6,
        index.key_bytes()
    );
    index
}

fn index_100k() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| build(100_000))
}

fn index_1m() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| build(1_000_000))
}

fn preferences() -> Preferences {
    Preferences {
        one_per_target: true,
        ..Preferences::default()
    }
}

fn cold(index: &Index, query: &Query, preferences: &Preferences) -> Outcome {
    search(index, query, None, preferences, LIMIT, &|| false).expect("never cancelled")
}

fn ranked(
    index: &Index,
    query: &Query,
    within: Option<&[u32]>,
    preferences: &Preferences,
) -> Outcome {
    search_ranked(index, query, within, preferences, LIMIT, &|| false).expect("never cancelled")
}

/// Whether `query`'s results come before their count.
fn counted_later(index: &Index, query: &Query, within: Option<&[u32]>) -> bool {
    !ranked(index, query, within, &preferences()).counted
}

/// Every prefix of [`TYPED`], each searched within the previous one's
/// matches; the last outcome.
fn typing(index: &Index, preferences: &Preferences) -> Outcome {
    let mut previous: Option<(Query, Outcome)> = None;
    for end in 1..=TYPED.len() {
        let query = Query::new(&TYPED[..end]);
        let within = previous
            .as_ref()
            .filter(|(earlier, _)| query.narrows(earlier))
            .map(|(_, outcome)| outcome.matched.as_slice());
        let outcome =
            search(index, &query, within, preferences, LIMIT, &|| false).expect("never cancelled");
        previous = Some((query, outcome));
    }
    previous.map(|(_, outcome)| outcome).unwrap_or_default()
}

fn label(kind: &str, query: &str) -> String {
    format!("{kind} {query}")
}

fn cold_group(c: &mut Criterion, name: &str, index: fn() -> &'static Index, big: bool) {
    let preferences = preferences();
    let mut group = c.benchmark_group(name);
    if big {
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    } else {
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    }
    for (kind, text) in QUERIES {
        let query = Query::new(text);
        group.bench_function(BenchmarkId::from_parameter(label(kind, text)), |b| {
            let index = index();
            b.iter(|| ranked(index, black_box(&query), None, &preferences))
        });
        if counted_later(index(), &query, None) {
            let name = format!("{} counted", label(kind, text));
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                let index = index();
                b.iter(|| cold(index, black_box(&query), &preferences))
            });
        }
    }
    group.finish();
}

fn typing_group(c: &mut Criterion, name: &str, index: fn() -> &'static Index, big: bool) {
    let preferences = preferences();
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(if big { 3 } else { 2 }));
    group.bench_function(format!("whole {TYPED} ({} keystrokes)", TYPED.len()), |b| {
        let index = index();
        b.iter(|| typing(index, &preferences))
    });
    // Each keystroke alone, within the matches of the one before.
    for end in 1..=TYPED.len() {
        let typed = &TYPED[..end];
        group.bench_function(BenchmarkId::new("keystroke", typed), |b| {
            let index = index();
            let query = Query::new(typed);
            let earlier = (end > 1).then(|| {
                let earlier = Query::new(&TYPED[..end - 1]);
                assert!(query.narrows(&earlier));
                let mut outcome = cold(index, &earlier, &preferences);
                // The finder narrows within what the previous keystroke
                // matched, which for a narrowed search is the same set.
                outcome.hits.clear();
                outcome
            });
            let within = earlier.as_ref().map(|o| o.matched.as_slice());
            b.iter(|| ranked(index, black_box(&query), within, &preferences))
        });
        let index = index();
        let query = Query::new(typed);
        let earlier = (end > 1).then(|| cold(index, &Query::new(&TYPED[..end - 1]), &preferences));
        let within = earlier.as_ref().map(|o| o.matched.as_slice());
        if counted_later(index, &query, within) {
            let name = format!("{typed} counted");
            group.bench_function(BenchmarkId::new("keystroke", name), |b| {
                b.iter(|| {
                    search(
                        index,
                        black_box(&query),
                        within,
                        &preferences,
                        LIMIT,
                        &|| false,
                    )
                    .expect("never cancelled")
                })
            });
            // The same count when the previous keystroke's followers were
            // worked out while this one was awaited (as the search thread
            // does after a broad query): that work, then the keystroke.
            if let Some(earlier) = &earlier {
                let earlier_query = Query::new(&TYPED[..end - 1]);
                let name = format!("{} followers (between keystrokes)", &TYPED[..end - 1]);
                group.bench_function(BenchmarkId::new("keystroke", name), |b| {
                    b.iter(|| Followers::of(index, &earlier_query, &earlier.matched, &|| false))
                });
                let followers = Followers::of(index, &earlier_query, &earlier.matched, &|| false)
                    .expect("a plain query");
                let name = format!("{typed} counted from followers");
                group.bench_function(BenchmarkId::new("keystroke", name), |b| {
                    b.iter(|| {
                        let exact = followers
                            .narrow(&earlier.matched, black_box(&query))
                            .expect("one more letter");
                        ranked(index, &query, Some(&exact), &preferences)
                    })
                });
            }
        }
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    cold_group(c, "cold 100k", index_100k, false);
    typing_group(c, "typing 100k", index_100k, false);
    cold_group(c, "cold 1M", index_1m, true);
    typing_group(c, "typing 1M", index_1m, true);
}

criterion_group!(benches, bench);
criterion_main!(benches);
