//! The command line: argument parsing (clap) and the non-interactive
//! commands (`dump`, `check`, `find`). Each command returns its output as text or a
//! [`CliError`]; only `main` prints and chooses exit codes. Nothing here draws
//! a screen.

pub mod check;
pub mod dump;
pub mod find;
pub mod locate;
pub mod progress;
pub mod search;
pub mod trail;

use clap::{Parser, Subcommand};
use std::fmt;
use std::path::PathBuf;

/// A terminal reader for a local corpus of wiki articles.
#[derive(Debug, Parser)]
#[command(
    name = "wikiread",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A corpus (a directory, or a MediaWiki dump: .xml, .xml.bz2) or an article file to read (default: ./articles, else the built-in corpus).
    pub path: Option<PathBuf>,
    /// Open this article first (a title, resolved like a link).
    #[arg(long, value_name = "TITLE")]
    pub open: Option<String>,
    /// A keymap preset (`default`, `emacs`) or a keymap file layered over the default one.
    #[arg(long, value_name = "NAME|FILE")]
    pub keymap: Option<String>,
    /// The interface's language: `en` or `zh` (default: the locale's, from LC_ALL, LC_MESSAGES or LANG; else English).
    #[arg(long, value_name = "LANG", global = true, value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
    /// Show articles as written, in Simplified or in Traditional characters: `as-written`, `simplified` (简), `traditional` (繁).
    #[arg(long, value_name = "SCRIPT", global = true, value_parser = parse_script)]
    pub script: Option<crate::document::reading_script::Script>,
}

/// `--script`'s value.
fn parse_script(value: &str) -> Result<crate::document::reading_script::Script, String> {
    crate::document::reading_script::Script::from_name(value).ok_or_else(|| {
        format!("{value}: the scripts are as-written, simplified (简) and traditional (繁)")
    })
}

/// `--lang`'s value.
fn parse_lang(value: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::from_name(value)
        .ok_or_else(|| format!("{value}: the languages are en and zh"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article as laid-out text (or its document model as JSON).
    Dump(DumpArgs),
    /// Report on a corpus: articles, parse warnings, link resolution, citations.
    Check(CheckArgs),
    /// Print the article titles best matching a query, best first (the finder's matcher).
    Find(FindArgs),
    /// Search the text of every article (Chinese words inside longer text, either script, "phrases").
    Search(SearchArgs),
    /// List the articles that link to an article (--to) or that it links to (--from).
    Links(LinksArgs),
    /// List the articles in a category.
    Category(CategoryArgs),
    /// Print the reading trail (every article opened, with the time) and the bookmarks.
    Trail(TrailArgs),
}

#[derive(Debug, clap::Args)]
pub struct TrailArgs {
    /// The corpus whose trail to print (default: ./articles, else the built-in corpus).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print as JSON: {"trail": [{title, path, time}], "bookmarks": [{title, location, note, time}]}, times in seconds since 1970.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find (all of them), "a phrase" in double quotes.
    pub query: String,
    /// The corpus: a directory or a dump (default: ./articles, else the built-in corpus).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print at most this many articles.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the results as JSON (title, path, score, snippet with its marks).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct LinksArgs {
    /// The articles linking to this title.
    #[arg(long, value_name = "TITLE")]
    pub to: Option<String>,
    /// The titles this article links to.
    #[arg(long, value_name = "TITLE", conflicts_with = "to")]
    pub from: Option<String>,
    /// The corpus: a directory or a dump (default: ./articles, else the built-in corpus).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print the list as JSON (title, article path or null).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CategoryArgs {
    /// The category's name (with or without `Category:`).
    pub name: String,
    /// The corpus: a directory or a dump (default: ./articles, else the built-in corpus).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print as JSON: {"members": [{title, article}], "subcategories": [name]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct FindArgs {
    /// What to look for: Chinese (Simplified or Traditional), pinyin (`zzt`, `zuozongtang`) or Latin.
    pub query: String,
    /// The corpus to search: a directory or a dump (default: ./articles, else the built-in corpus).
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Print at most this many titles.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Also match lead aliases (reads the head of every file; corpora of at most 20 000 articles).
    #[arg(long)]
    pub aliases: bool,
}

#[derive(Debug, clap::Args)]
pub struct DumpArgs {
    /// A title (resolved like a link) or a file path.
    pub article: String,
    /// The corpus to resolve titles and links in: a directory or a dump.
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Wrap the body at this many columns.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=2000))]
    pub width: u16,
    /// Print the document model as JSON instead.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The corpus: a directory or a dump (default: ./articles, else the built-in corpus).
    pub dir: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A failure the user should read as one line; the process exits with code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<crate::corpus::CorpusError> for CliError {
    fn from(err: crate::corpus::CorpusError) -> Self {
        CliError(err.to_string())
    }
}

/// What a command produced: text for stdout, warnings for stderr.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Vec<String>,
}
