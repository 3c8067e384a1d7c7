//! Writes a synthetic corpus for benchmarks and scale tests: N empty-bodied
//! Markdown articles named after `wikiread::finder::synthetic::titles(N, SEED)`.
//!
//! `cargo run --release --example make_corpus -- [--realistic] DIR N [SEED]`
//! (SEED defaults to 1, the seed `benches/finder.rs` and
//! `benches/compare_fzf.sh` use). With `--realistic`, each article holds
//! the text of one of the bundled samples instead (about 40% wikitext) and
//! one in twenty is a wikitext redirect: see
//! `synthetic::write_realistic_corpus`. DIR is created if missing; files
//! already in it are left alone (or overwritten when they have the same name).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use wikiread::finder::synthetic;

const USAGE: &str = "usage: make_corpus [--realistic] DIR N [SEED]";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let realistic = args.iter().any(|arg| arg == "--realistic");
    args.retain(|arg| arg != "--realistic");
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
    let written = if realistic {
        synthetic::write_realistic_corpus(&dir, &titles)
    } else {
        synthetic::write_corpus(&dir, &titles)
    };
    if let Err(error) = written {
        eprintln!("make_corpus: {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "make_corpus: {count} {}titles (seed {seed}) in {}: generated in {:.2?}, written in {:.2?}",
        if realistic { "realistic " } else { "" },
        dir.display(),
        generated,
        started.elapsed() - generated
    );
    ExitCode::SUCCESS
}
