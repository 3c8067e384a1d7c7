//! The `wikiread` binary: parses arguments, runs a command, prints its output
//! and chooses the exit code (0 ok, 2 for any error the user must fix).

use clap::Parser;

/// mimalloc: parsing and layout allocate many small strings, and it makes
/// them markedly faster than the system allocator (see the README's figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;
use wikiread::cli::{Cli, CliError, Command, Output, check, dump, find, locate, search, trail};
// Titles and paths come from file names: nothing printed may act on the terminal.
use wikiread::document::sanitize_controls;
use wikiread::i18n::Text;
use wikiread::tr;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One language for everything the interface says, chosen once.
    wikiread::i18n::set_lang(cli.lang.unwrap_or_else(wikiread::i18n::Lang::from_locale));
    let result = match &cli.command {
        Some(Command::Dump(args)) => dump::run(args, cli.script.unwrap_or_default()),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Find(args)) => find::run(args),
        Some(Command::Search(args)) => search::run_search(args),
        Some(Command::Links(args)) => search::run_links(args),
        Some(Command::Category(args)) => search::run_category(args),
        Some(Command::Trail(args)) => trail::run(args),
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
    if let Some(path) = cli.path.as_deref()
        && !path.exists()
    {
        return Err(wikiread::corpus::CorpusError::NotFound(path.to_path_buf()).into());
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError(
            "the reader needs a terminal; `wikiread dump TITLE` prints an article as text".into(),
        ));
    }
    let path = cli.path.clone();
    let open_title = cli.open.clone();
    let script = cli.script.unwrap_or_default();
    // Opened behind the opening screen: the first frame never waits for it.
    let opener: wikiread::tui::Opener = Box::new(move |status| {
        open_for_reading(path.as_deref(), open_title.as_deref(), script, status)
            .map_err(|err| sanitize_controls(&err.to_string()).into_owned())
    });
    match wikiread::tui::run_opening(opener, keymap) {
        Ok(Ok(())) => Ok(Output::default()),
        Ok(Err(message)) => Err(CliError(message)),
        Err(err) => Err(CliError(format!("terminal error: {err}"))),
    }
}

/// The corpus the reader opens and the article it starts on, telling
/// `status` how far it has got.
fn open_for_reading(
    path: Option<&std::path::Path>,
    open_title: Option<&str>,
    script: wikiread::document::reading_script::Script,
    status: &(dyn Fn(String) + Sync),
) -> Result<(wikiread::corpus::Corpus, Option<usize>), CliError> {
    let (corpus, mut start) = match path {
        Some(path) if path.is_file() && wikiread::corpus::dump::dump_kind(path).is_some() => {
            status(tr!(Text::OpeningFile, path.display()));
            let corpus = locate::open_corpus_reporting(
                path,
                &|done, total| status(tr!(Text::ReadingDump, done >> 20, total >> 20)),
                &|_| {},
            )?;
            (corpus, None)
        }
        Some(path) if path.is_file() => {
            let located = locate::locate_article_in(&path.to_string_lossy(), None, script)?;
            (located.corpus, located.id)
        }
        Some(path) => {
            status(tr!(Text::ReadingNames, path.display()));
            let corpus = locate::open_corpus_reporting(path, &|_, _| {}, &|found| {
                status(tr!(Text::ReadingNamesFound, path.display(), found))
            })?;
            (corpus, None)
        }
        None => (locate::default_corpus(), None),
    };
    if let Some(title) = open_title {
        let mut found = corpus.resolve_title(title);
        if found.is_none() && !corpus.is_complete() {
            // Perhaps another name of an article: known once indexed.
            let never = std::sync::atomic::AtomicBool::new(false);
            let _ = corpus.complete(
                &|p| status(wikiread::app::indexing::progress_label(&p)),
                &never,
            );
            found = corpus.resolve_title(title);
        }
        start =
            Some(found.ok_or_else(|| CliError(format!("{title}: no such article in the corpus")))?);
    }
    corpus.set_script(script);
    // The first article is read here, behind the opening screen, so that
    // the reader's first frame finds it parsed (an error shows there).
    if !corpus.is_empty() {
        let _ = corpus.article(start.unwrap_or(0));
    }
    Ok((corpus, start))
}
