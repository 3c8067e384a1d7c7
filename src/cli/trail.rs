//! `wikiread trail`: the reading trail and bookmarks the reader kept for a
//! corpus, as text or JSON, for notes. Reads the state directory only;
//! never prints itself (`main` does) and never writes.

use super::locate::corpus_or_default;
use super::{CliError, Output, TrailArgs};
use crate::app::notebook::{load, notebook_file, time_text};

pub fn run(args: &TrailArgs) -> Result<Output, CliError> {
    let corpus = corpus_or_default(args.corpus.as_deref())?;
    let corpus_id = crate::app::session::corpus_id(&corpus);
    let dir = crate::app::session::state_dir()
        .ok_or_else(|| CliError("no state directory (neither XDG_STATE_HOME nor HOME)".into()))?;
    let path = notebook_file(&dir, &corpus_id);
    // Read without setting a broken file aside: this command only looks.
    let (notebook, problem) = if path.exists() {
        let bytes =
            std::fs::read(&path).map_err(|e| CliError(format!("{}: {e}", path.display())))?;
        match serde_json::from_slice::<crate::app::notebook::Notebook>(&bytes) {
            Ok(notebook) => (notebook, None),
            Err(error) => (
                Default::default(),
                Some(format!("{}: {error}", path.display())),
            ),
        }
    } else {
        (load(&path, &corpus_id).0, None)
    };
    let stdout = if args.json {
        let mut text = serde_json::to_string_pretty(&serde_json::json!({
            "trail": notebook.trail,
            "bookmarks": notebook.bookmarks,
        }))
        .unwrap_or_default();
        text.push('\n');
        text
    } else {
        let mut out = String::new();
        for visit in &notebook.trail {
            out.push_str(&format!("{}  {}\n", time_text(visit.time), visit.title));
        }
        for bookmark in &notebook.bookmarks {
            let note = if bookmark.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", bookmark.note)
            };
            out.push_str(&format!(
                "{}  ★ {}{note}\n",
                time_text(bookmark.time),
                bookmark.title
            ));
        }
        out
    };
    Ok(Output {
        stdout,
        warnings: problem.into_iter().collect(),
    })
}
