//! `wikiread find QUERY`: the finder's matcher and ranking from the command
//! line, printing the best article titles one a line, for scripts and
//! benchmarks. Never prints itself; `main` does.

use super::locate::{complete_corpus, corpus_or_default};
use super::{CliError, FindArgs, Output};
use crate::finder::{Preferences, Query, search, titles::title_index};

pub fn run(args: &FindArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.corpus.as_deref())?;
    // Redirects (and aliases) are known after the corpus's second pass,
    // which a warm index has saved.
    complete_corpus(&corpus)?;
    let index = title_index(&corpus, args.aliases, false);
    let preferences = Preferences {
        one_per_target: true,
        ..Preferences::default()
    };
    let outcome = search(
        &index,
        &Query::new(&args.query),
        None,
        &preferences,
        args.limit,
        &|| false,
    )
    .unwrap_or_default();
    let mut stdout = String::new();
    for hit in &outcome.hits {
        let Some(item) = index.item(hit.item) else {
            continue;
        };
        if let Some(entry) = corpus.entry(item.target) {
            stdout.push_str(entry.title);
            stdout.push('\n');
        }
    }
    Ok(Output {
        stdout,
        warnings: corpus.warnings.clone(),
    })
}
