//! Measures the full-text index (`wikiread::search`) on a corpus:
//!
//! 1. the corpus opened with its cache, as the command line opens it
//!    (first pass, then the second pass: `complete_corpus`);
//! 2. unless `--no-build`: `search::build::update` from an empty search
//!    index (time, articles/s, index size on disk against the corpus's
//!    size), then a second `update` with nothing to do (what every
//!    `wikiread search` pays before it answers);
//! 3. a fixed set of queries, each run `--runs` times after one untimed
//!    run, `limit 20` with snippets (`SearchIndex::search`): median and
//!    p90 per query, overall median (after each run the index's pages
//!    are given back, `release_pages`, as the reader does after each
//!    answer); with `--verify N`, each query's
//!    answer for N sampled articles is checked against a scan of their
//!    text (`search::snippet::matches`);
//! 4. `links_to` and `category_members` for `--sample` random articles,
//!    and for the titles and categories the sample texts use most.
//!
//! After each phase it prints the process's resident high-water mark
//! (VmHWM, reset between phases through `/proc/self/clear_refs`).
//!
//! `cargo run --release --example search_bench -- --corpus PATH
//!  [--no-build] [--runs N] [--sample N] [--verify N] [--seed N]`
//!
//! PATH is a corpus directory or a dump; the cache is
//! `$XDG_CACHE_HOME/wikiread` as for the binary (point XDG_CACHE_HOME
//! elsewhere to keep your own cache out of it). The search index of the
//! corpus is deleted and made anew unless `--no-build`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use wikiread::corpus::{ArticleId, Corpus};
use wikiread::search::{SearchIndex, build, query, snippet};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: search_bench --corpus PATH [--no-build] [--runs N] [--sample N] [--verify N] [--seed N]";

/// The queries: Chinese words of 2, 3 and 4 characters, common and rare in
/// the sample texts; phrases; Traditional forms; Latin words and numbers;
/// a lone character; two words; a word found nowhere. (`刘秉德` is
/// written `劉秉德` only past 9 KB of one sample: few articles hold it.)
const QUERIES: &[&str] = &[
    "新疆",
    "苏联",
    "伊犁",
    "塔城",
    "左宗棠",
    "盛世才",
    "马仲英",
    "阿古柏",
    "刘锦棠",
    "曾纪泽",
    "刘秉德",
    "军事冲突",
    "乌鲁木齐",
    "\"苏联红军\"",
    "\"清军收复新疆\"",
    "蘇聯",
    "新疆省",
    "伊犁危機",
    "qing",
    "1871",
    "疆",
    "新疆 苏联",
    "左宗棠 沙俄 1871",
    "北京大学",
];

const LIMIT: usize = 20;

struct Args {
    corpus: PathBuf,
    build: bool,
    runs: usize,
    sample: usize,
    verify: usize,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        corpus: PathBuf::new(),
        build: true,
        runs: 9,
        sample: 50,
        verify: 300,
        seed: 1,
    };
    let mut corpus = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} wants a whole number"))
        };
        match arg.as_str() {
            "--corpus" => corpus = it.next().map(PathBuf::from),
            "--no-build" => args.build = false,
            "--runs" => args.runs = number("--runs")?.max(1) as usize,
            "--sample" => args.sample = number("--sample")? as usize,
            "--verify" => args.verify = number("--verify")? as usize,
            "--seed" => args.seed = number("--seed")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    args.corpus = corpus.ok_or("--corpus PATH is needed")?;
    Ok(args)
}

/// splitmix64: the same articles for the same seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `q`-quantile (nearest rank) of `values`, sorted here.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Prints the resident high-water mark since the last reset, then resets it.
fn memory(phase: &str) {
    // The peak counts the index's files mapped in (tantivy reads them
    // through mmap) as well as memory allocated: RssFile and RssAnon say
    // how much of what is resident now is which.
    println!(
        "memory after {phase}: VmHWM {} MB (peak resident during the phase); now VmRSS {} MB = {} MB allocated (RssAnon) + {} MB mapped files (RssFile)",
        status_kb("VmHWM:") / 1024,
        status_kb("VmRSS:") / 1024,
        status_kb("RssAnon:") / 1024,
        status_kb("RssFile:") / 1024
    );
    // "5" resets the peak resident set size (Linux 4.0+).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Bytes of the corpus: every file under a directory; a dump's file and
/// its multistream index beside it.
fn corpus_bytes(path: &Path) -> (u64, usize) {
    if path.is_file() {
        let mut total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let index = name.replace("multistream.xml", "multistream-index.txt");
        if index != name
            && let Ok(m) = std::fs::metadata(path.with_file_name(index))
        {
            total += m.len();
        }
        return (total, 1);
    }
    let mut total = 0;
    let mut files = 0;
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if let Ok(m) = entry.metadata() {
                total += m.len();
                files += 1;
            }
        }
    }
    (total, files)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("search_bench: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("search_bench: {why}");
            ExitCode::FAILURE
        }
    }
}

fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0);
    format!(
        "{model}, {cores} cores (nproc), {:.1} GB memory",
        memory as f64 / 1024.0 / 1024.0
    )
}

fn run(args: &Args) -> Result<(), String> {
    println!("machine: {}", machine());
    println!("corpus: {}", args.corpus.display());
    let (bytes, files) = corpus_bytes(&args.corpus);
    if args.corpus.is_file() {
        println!(
            "corpus size: {} ({bytes} bytes, dump and its index)",
            mb(bytes)
        );
    } else {
        println!(
            "corpus size: {} ({bytes} bytes in {files} files)",
            mb(bytes)
        );
    }

    // 1. The corpus, as the command line opens it.
    let started = Instant::now();
    let corpus =
        wikiread::cli::locate::corpus_or_default(Some(&args.corpus)).map_err(|e| e.to_string())?;
    let opened = started.elapsed();
    let started = Instant::now();
    wikiread::cli::locate::complete_corpus(&corpus).map_err(|e| e.to_string())?;
    let completed = started.elapsed();
    println!(
        "corpus opened: {} entries, first pass {:.2} s, second pass {:.2} s (0 when cached)",
        corpus.len(),
        opened.as_secs_f64(),
        completed.as_secs_f64()
    );
    for warning in &corpus.warnings {
        println!("corpus warning: {warning}");
    }
    memory("opening the corpus");

    // 2. The build.
    let mut search = SearchIndex::for_corpus(&corpus).map_err(|e| e.to_string())?;
    if let Some(dir) = &search.dir {
        println!("search index: {}", dir.display());
    }
    let never = AtomicBool::new(false);
    if args.build {
        if let Some(dir) = search.dir.clone() {
            drop(search);
            std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            search = SearchIndex::for_corpus(&corpus).map_err(|e| e.to_string())?;
        }
        if !search.is_empty() {
            return Err("the search index is not empty after removing it".into());
        }
        let last = AtomicU64::new(0);
        let started = Instant::now();
        let progress = |p: build::BuildProgress| {
            let now = started.elapsed().as_secs();
            let before = last.load(Ordering::Relaxed);
            if now >= before + 15
                && last
                    .compare_exchange(before, now, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                eprintln!("  build: {} of {} after {now} s", p.done, p.total);
            }
        };
        let built =
            wikiread::background::run(|| build::update(&search, &corpus, &progress, &never))
                .map_err(|e| format!("build: {e}"))?;
        let took = started.elapsed();
        let size = search.size_on_disk();
        println!(
            "build from empty: {:.2} s, {} indexed ({:.0} articles/s), {} unreadable, {} documents",
            took.as_secs_f64(),
            built.indexed,
            built.indexed as f64 / took.as_secs_f64(),
            built.unreadable.len(),
            search.len()
        );
        if let Some(first) = built.unreadable.first() {
            println!("  first unreadable: {first}");
        }
        println!(
            "index size on disk: {} ({size} bytes), {:.2}x the corpus's {}",
            mb(size),
            size as f64 / bytes.max(1) as f64,
            mb(bytes)
        );
        memory("the build");
    } else {
        println!(
            "search index opened: {} documents, {}",
            search.len(),
            mb(search.size_on_disk())
        );
    }
    let started = Instant::now();
    let again = wikiread::background::run(|| build::update(&search, &corpus, &|_| {}, &never))
        .map_err(|e| format!("update: {e}"))?;
    println!(
        "update with nothing to do (paid by every `wikiread search`): {:.1} ms, {} indexed, {} kept, {} removed",
        ms(started.elapsed()),
        again.indexed,
        again.kept,
        again.removed
    );
    if !args.build {
        println!(
            "index size on disk: {} ({:.2}x the corpus's {})",
            mb(search.size_on_disk()),
            search.size_on_disk() as f64 / bytes.max(1) as f64,
            mb(bytes)
        );
    }
    memory("the no-op update");

    // 3. Queries.
    println!();
    println!(
        "queries: limit {LIMIT}, snippets included, {} timed runs each after one untimed (first) run",
        args.runs
    );
    println!(
        "{:<22} {:>8} {:>5} {:>9} {:>9} {:>9}  first hit",
        "query", "total", "hits", "first ms", "p50 ms", "p90 ms"
    );
    let mut all = Vec::new();
    let mut slow = Vec::new();
    for q in QUERIES {
        let started = Instant::now();
        let results = search.search(q, LIMIT).map_err(|e| format!("{q}: {e}"))?;
        let first = ms(started.elapsed());
        search.release_pages();
        let mut times = Vec::with_capacity(args.runs);
        for _ in 0..args.runs {
            let started = Instant::now();
            let again = search.search(q, LIMIT).map_err(|e| format!("{q}: {e}"))?;
            times.push(ms(started.elapsed()));
            // As the reader does once it has an answer (not timed: the
            // reader does it after the answer is shown; the next search
            // pays for reading those pages again, and is timed).
            search.release_pages();
            if again.total != results.total {
                println!("  ! {q}: total changed between runs");
            }
        }
        all.extend_from_slice(&times);
        let p50 = quantile(&mut times, 0.5);
        let p90 = quantile(&mut times, 0.9);
        if p90 > 50.0 {
            slow.push(q.to_string());
        }
        let top = results
            .hits
            .first()
            .map(|h| {
                let snip: String = h.snippet.text.chars().take(24).collect();
                format!("{} | {}", h.title, snip.replace('\n', " "))
            })
            .unwrap_or_default();
        println!(
            "{:<w$} {:>8} {:>5} {:>9.2} {:>9.2} {:>9.2}  {}",
            q,
            results.total,
            results.hits.len(),
            first,
            p50,
            p90,
            top,
            w = 22 - (q.chars().filter(|c| !c.is_ascii()).count()).min(22),
        );
        if results.hits.len() != results.total.min(LIMIT) {
            println!(
                "  ! {q}: {} hits for a total of {}",
                results.hits.len(),
                results.total
            );
        }
        if results.hits.iter().any(|h| h.snippet.marks.is_empty()) {
            let unmarked = results
                .hits
                .iter()
                .filter(|h| h.snippet.marks.is_empty())
                .count();
            println!(
                "  note {q}: {unmarked} of the hits have no mark in their snippet (title-only match?)"
            );
        }
    }
    let overall = quantile(&mut all.clone(), 0.5);
    let overall90 = quantile(&mut all, 0.9);
    println!("all queries: median {overall:.2} ms, p90 {overall90:.2} ms");
    if !slow.is_empty() {
        println!("slower than 50 ms (p90): {}", slow.join(", "));
    }
    memory("the queries");

    let mut rng = Rng(args.seed);
    if args.verify > 0 {
        verify(&search, &corpus, args.verify, &mut rng)?;
        memory("the verification");
    }

    // 4. Links and categories.
    links_and_categories(&search, &corpus, args.sample, &mut rng)?;
    memory("links and categories");
    Ok(())
}

/// Non-redirect articles picked at random.
fn sample_articles(corpus: &Corpus, n: usize, rng: &mut Rng) -> Vec<ArticleId> {
    let mut out = Vec::new();
    let mut tries = 0;
    while out.len() < n && tries < n * 20 && !corpus.is_empty() {
        tries += 1;
        let id = rng.below(corpus.len());
        if corpus.redirect(id).is_none() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Checks, for `n` sampled articles, that the index's answer to each query
/// (does this article match?) is what a scan of its text says.
fn verify(search: &SearchIndex, corpus: &Corpus, n: usize, rng: &mut Rng) -> Result<(), String> {
    let started = Instant::now();
    let ids = sample_articles(corpus, n, rng);
    let texts: Vec<(String, build::Extracted)> = ids
        .iter()
        .filter_map(|&id| {
            let entry = corpus.entry(id)?;
            let article = corpus.article(id).ok()?;
            Some((entry.path.to_string(), build::extract(&article)))
        })
        .collect();
    let searcher = search.reader.searcher();
    let mut wrong = 0;
    let mut matched = 0;
    let mut checked = 0;
    for q in QUERIES {
        let parsed = query::parse(q);
        let Some(whole) = query::to_query(&parsed, &search.fields) else {
            continue;
        };
        for (path, extracted) in &texts {
            let expected = parsed.units.iter().all(|unit| {
                let one = query::Parsed {
                    units: vec![unit.clone()],
                    whole: unit.text.clone(),
                    cut: false,
                };
                !snippet::matches(&extracted.title, &one).is_empty()
                    || !snippet::matches(&extracted.body, &one).is_empty()
            });
            let only: Box<dyn Query> = Box::new(TermQuery::new(
                tantivy::Term::from_field_text(search.fields.path, path),
                IndexRecordOption::Basic,
            ));
            let both =
                BooleanQuery::new(vec![(Occur::Must, whole.box_clone()), (Occur::Must, only)]);
            let found = searcher.search(&both, &Count).map_err(|e| e.to_string())? > 0;
            checked += 1;
            matched += usize::from(expected);
            if found != expected {
                wrong += 1;
                if wrong <= 10 {
                    println!(
                        "  ! verify {q}: {path}: index says {found}, the text says {expected}"
                    );
                }
            }
        }
    }
    println!(
        "verification: {} articles x {} queries = {checked} checks ({matched} matches), {wrong} disagreements, {:.1} s",
        texts.len(),
        QUERIES.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn timing_line(label: &str, times: &mut [f64], counts: &[usize]) {
    let max = times.iter().cloned().fold(f64::NAN, f64::max);
    let total: usize = counts.iter().sum();
    let most = counts.iter().max().copied().unwrap_or(0);
    println!(
        "{label}: {} calls, median {:.2} ms, p90 {:.2} ms, max {:.2} ms; results: mean {:.1}, max {most}",
        times.len(),
        quantile(times, 0.5),
        quantile(times, 0.9),
        max,
        total as f64 / counts.len().max(1) as f64
    );
}

fn links_and_categories(
    search: &SearchIndex,
    corpus: &Corpus,
    n: usize,
    rng: &mut Rng,
) -> Result<(), String> {
    println!();
    let ids = sample_articles(corpus, n, rng);
    let mut times = Vec::new();
    let mut counts = Vec::new();
    let mut categories: Vec<String> = Vec::new();
    let mut link_titles: Vec<String> = Vec::new();
    for &id in &ids {
        let Some(entry) = corpus.entry(id) else {
            continue;
        };
        let started = Instant::now();
        let found = search
            .links_to(entry.path, &[entry.title])
            .map_err(|e| e.to_string())?;
        times.push(ms(started.elapsed()));
        counts.push(found.len());
        if let Ok(article) = corpus.article(id) {
            let extracted = build::extract(&article);
            categories.extend(extracted.categories);
            link_titles.extend(extracted.links);
        }
    }
    timing_line("links_to, random articles", &mut times, &counts);

    // Each random article's categories (one per article: its first).
    let mut times = Vec::new();
    let mut counts = Vec::new();
    for &id in &ids {
        let Ok(article) = corpus.article(id) else {
            continue;
        };
        let Some(category) = article.categories.first() else {
            continue;
        };
        let started = Instant::now();
        let found = search
            .category_members(category)
            .map_err(|e| e.to_string())?;
        times.push(ms(started.elapsed()));
        counts.push(found.len());
    }
    timing_line(
        "category_members, first category of each random article",
        &mut times,
        &counts,
    );

    // The most used link targets and categories, one call each.
    let top = |names: &[String], k: usize| -> Vec<(String, usize)> {
        let mut tally: std::collections::HashMap<&str, usize> = Default::default();
        for name in names {
            *tally.entry(name.as_str()).or_default() += 1;
        }
        let mut list: Vec<(String, usize)> =
            tally.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(k);
        list
    };
    println!(
        "most linked titles of the sample texts (links_to by title, the article not in the corpus):"
    );
    for (title, _) in top(&link_titles, 5) {
        let started = Instant::now();
        let found = search
            .links_to("\u{0}none", &[title.as_str()])
            .map_err(|e| e.to_string())?;
        println!(
            "  {title}: {} articles, {:.1} ms",
            found.len(),
            ms(started.elapsed())
        );
    }
    // A bounded list (what the reader shows) five times: its size, the
    // count of all, the median and the longest time.
    let bounded =
        |name: &str, list: &dyn Fn() -> Result<BoundedList, String>| -> Result<(), String> {
            let mut times = Vec::new();
            let mut shown = (0, 0);
            for _ in 0..5 {
                let started = Instant::now();
                let (rows, total) = list()?;
                times.push(ms(started.elapsed()));
                search.release_pages();
                shown = (rows.len(), total);
            }
            times.sort_by(f64::total_cmp);
            println!(
                "  {name}: {} of {} articles, median {:.2} ms, max {:.2} ms",
                shown.0,
                shown.1,
                times[times.len() / 2],
                times[times.len() - 1]
            );
            Ok(())
        };
    println!("the sidebar's links here (the first 200 and the count of all) for the same titles:");
    for (title, _) in top(&link_titles, 5) {
        bounded(&title, &|| {
            search
                .links_to_at_most("\u{0}none", &[title.as_str()], 200)
                .map_err(|e| e.to_string())
        })?;
    }
    println!("the finder's category list (the first 60 and the count of all):");
    for (name, _) in top(&categories, 5) {
        bounded(&name, &|| {
            search
                .category_members_at_most(&name, 60)
                .map_err(|e| e.to_string())
        })?;
    }
    println!("most used categories:");
    let distinct = top(&categories, 5);
    for (name, _) in &distinct {
        let started = Instant::now();
        let found = search.category_members(name).map_err(|e| e.to_string())?;
        println!(
            "  {name}: {} articles, {:.1} ms",
            found.len(),
            ms(started.elapsed())
        );
    }
    Ok(())
}

/// A list's first rows (path, title) and the count of all of it.
type BoundedList = (Vec<(String, String)>, usize);
