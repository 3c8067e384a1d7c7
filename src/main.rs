//! The `wikiread` binary: parses arguments, runs a command, prints its output
//! and chooses the exit code (0 ok, 2 for any error the user must fix).

use clap::Parser;

/// mimalloc: parsing and layout allocate many small strings, and it makes
/// them markedly faster than the system allocator (see the README's figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;
use wikiread::cli::{Cli, CliError, Command, Output, check, dump, find, locate};
// Titles and paths come from file names: nothing printed may act on the terminal.
use wikiread::document::sanitize_controls;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Dump(args)) => dump::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Find(args)) => find::run(args),
        None => read(&cli),
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

/// The interactive reader on a corpus directory or an article file.
fn read(cli: &Cli) -> Result<Output, CliError> {
    use std::io::IsTerminal;
    let keymap = wikiread::keymap::load(
        cli.keymap.as_deref(),
        wikiread::keymap::default_config_dir().as_deref(),
    )
    .map_err(|err| CliError(err.to_string()))?;
    let (corpus, mut start) = match cli.path.as_deref() {
        Some(path) if path.is_file() && wikiread::corpus::dump::dump_kind(path).is_some() => {
            (locate::open_corpus(path)?, None)
        }
        Some(path) if path.is_file() => {
            let located = locate::locate_article(&path.to_string_lossy(), None)?;
            (located.corpus, located.id)
        }
        Some(path) => (locate::corpus_or_default(Some(path))?, None),
        None => (locate::default_corpus(), None),
    };
    if let Some(title) = &cli.open {
        start = Some(
            corpus
                .resolve_title(title)
                .ok_or_else(|| CliError(format!("{title}: no such article in the corpus")))?,
        );
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError(
            "the reader needs a terminal; `wikiread dump TITLE` prints an article as text".into(),
        ));
    }
    wikiread::tui::run(std::sync::Arc::new(corpus), start, keymap)
        .map_err(|err| CliError(format!("terminal error: {err}")))?;
    Ok(Output::default())
}
