//! Writes a synthetic corpus for benchmarks and scale tests: N empty-bodied
//! Markdown articles named after `wikiread::finder::synthetic::titles(N, SEED)`.
//!
//! `cargo run --release --example make_corpus -- DIR N [SEED]` (SEED
//! defaults to 1, the seed `benches/finder.rs` and `benches/compare_fzf.sh`
//! use). DIR is created if missing; files already in it are left alone.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use wikiread::finder::synthetic;

const USAGE: &str = "usage: make_corpus DIR N [SEED]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, count, seed) = match args.as_slice() {
        [dir, count] => (dir, count, "1"),
        [dir, count, seed] => (dir, count, seed.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (Ok(count), Ok(seed)) = (count.parse::<usize>(), seed.parse::<u64>()) else {
        eprintln!("make_corpus: N and SEED must be whole numbers\n{USAGE}");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let started = Instant::now();
    let titles = synthetic::titles(count, seed);
    let generated = started.elapsed();
    if let Err(error) = synthetic::write_corpus(&dir, &titles) {
        eprintln!("make_corpus: {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "make_corpus: {count} titles (seed {seed}) in {}: generated in {:.2?}, written in {:.2?}",
        dir.display(),
        generated,
        started.elapsed() - generated
    );
    ExitCode::SUCCESS
}
