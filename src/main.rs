//! The `wikiread` binary: parses arguments, runs a command, prints its output
//! and chooses the exit code (0 ok, 2 for any error the user must fix).

use clap::Parser;

/// mimalloc: parsing and layout allocate many small strings, and it makes
/// them markedly faster than the system allocator (see the README's figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;
use wikiread::cli::{Cli, CliError, Command, Output, check, dump, locate};
// Titles and paths come from file names: nothing printed may act on the terminal.
use wikiread::document::sanitize_controls;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Dump(args)) => dump::run(args),
        Some(Command::Check(args)) => check::run(args),
        None => preview(cli.path.as_deref()),
    };
    match result {
        Ok(output) => {
            for warning in &output.warnings {
                eprintln!("wikiread: warning: {}", sanitize_controls(warning));
            }
            write_stdout(&sanitize_controls(&output.stdout))
        }
        Err(err) => {
            eprintln!("wikiread: {}", sanitize_controls(&err.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Writes to stdout; a closed pipe (`wikiread dump X | head`) is not an error.
fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wikiread: cannot write output: {err}");
            ExitCode::from(2)
        }
    }
}

/// Until the interactive reader exists: the first article of the corpus, laid
/// out for the terminal's width.
fn preview(path: Option<&std::path::Path>) -> Result<Output, CliError> {
    let (corpus, id) = match path {
        Some(path) if path.is_file() => {
            let located = locate::locate_article(&path.to_string_lossy(), None)?;
            let id = located.id.unwrap_or(0);
            (located.corpus, id)
        }
        Some(path) => (locate::corpus_or_default(Some(path))?, 0),
        None => (locate::default_corpus(), 0),
    };
    let article = corpus.article(id)?;
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80usize);
    let mut stdout = dump::dump_text(&article, &corpus, width.clamp(20, 200));
    stdout.push_str(&format!(
        "\n({} articles in the corpus; `wikiread dump TITLE` shows another)\n",
        corpus.len()
    ));
    Ok(Output {
        stdout,
        warnings: Vec::new(),
    })
}
