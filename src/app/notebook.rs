//! What a reader keeps of its reading, per corpus, between runs: bookmarks
//! (an article and a place in it, with an optional note) and the trail of
//! every article opened, with the time. One small JSON file under the state
//! directory (`notebook-<hash>.json`), written atomically (a temporary file
//! renamed over the old one). A file that cannot be read is moved aside
//! (`.broken`), never overwritten: nothing the user saved is lost. Nothing
//! here draws or touches the corpus.

use super::history::Location;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Visits kept: the oldest go first.
pub const MAX_TRAIL: usize = 10_000;

/// Bookmarks kept.
pub const MAX_BOOKMARKS: usize = 10_000;

/// The largest notebook file read.
pub const MAX_NOTEBOOK_BYTES: u64 = 16 << 20;

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub title: String,
    pub location: Location,
    #[serde(default)]
    pub note: String,
    /// Seconds since 1970 (UTC).
    pub time: u64,
}

/// One article opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub title: String,
    /// Its path in the corpus.
    pub path: String,
    /// Seconds since 1970 (UTC).
    pub time: u64,
}

/// A corpus's bookmarks and trail, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notebook {
    pub corpus: String,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub trail: Vec<Visit>,
}

impl Notebook {
    /// Notes that `title` at `path` was opened at `time`. The article shown
    /// again (another script, back to the same place) moves its last visit
    /// to `time` rather than adding one.
    pub fn visit(&mut self, title: &str, path: &str, time: u64) {
        if let Some(last) = self.trail.last_mut()
            && last.path == path
        {
            last.time = time;
            last.title = title.to_string();
            return;
        }
        self.trail.push(Visit {
            title: title.to_string(),
            path: path.to_string(),
            time,
        });
        if self.trail.len() > MAX_TRAIL {
            let extra = self.trail.len() - MAX_TRAIL;
            self.trail.drain(..extra);
        }
    }

    /// Bookmarks `location` (replacing a bookmark of the same article and
    /// place).
    pub fn bookmark(&mut self, title: &str, location: Location, note: &str, time: u64) {
        self.bookmarks.retain(|b| b.location != location);
        self.bookmarks.push(Bookmark {
            title: title.to_string(),
            location,
            note: note.trim().to_string(),
            time,
        });
        if self.bookmarks.len() > MAX_BOOKMARKS {
            self.bookmarks.remove(0);
        }
    }
}

/// The file holding corpus `corpus_id`'s notebook in `dir`.
pub fn notebook_file(dir: &Path, corpus_id: &str) -> PathBuf {
    let name = super::session::session_file(dir, corpus_id);
    let hash = name
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("session-"))
        .and_then(|n| n.strip_suffix(".json"))
        .unwrap_or("0")
        .to_string();
    dir.join(format!("notebook-{hash}.json"))
}

/// Reads the notebook in `path` (an empty one when there is none). A file
/// that is there but unusable is moved aside to `<path>.broken` so that
/// saving never overwrites it; the message says so.
pub fn load(path: &Path, corpus_id: &str) -> (Notebook, Option<String>) {
    use crate::i18n::Text;
    let empty = Notebook {
        corpus: corpus_id.to_string(),
        ..Notebook::default()
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return (empty, None),
        Err(error) => {
            return (
                empty,
                Some(crate::tr!(Text::NotebookUnreadable, path.display(), error)),
            );
        }
    };
    let read = if !meta.is_file() {
        Err("not a regular file".to_string())
    } else if meta.len() > MAX_NOTEBOOK_BYTES {
        Err(format!("larger than {MAX_NOTEBOOK_BYTES} bytes"))
    } else {
        std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice::<Notebook>(&bytes).map_err(|e| e.to_string()))
    };
    match read {
        Ok(notebook) if notebook.corpus == corpus_id => (notebook, None),
        Ok(_) => (
            empty,
            Some(crate::tr!(
                Text::NotebookUnreadable,
                path.display(),
                "another corpus's"
            )),
        ),
        Err(why) => {
            let aside = path.with_extension("json.broken");
            let moved = meta.is_file() && std::fs::rename(path, &aside).is_ok();
            let why = if moved {
                format!("{why}; kept as {}", aside.display())
            } else {
                why
            };
            (
                empty,
                Some(crate::tr!(Text::NotebookUnreadable, path.display(), why)),
            )
        }
    }
}

/// Writes `notebook` to `path` atomically.
pub fn save(path: &Path, notebook: &Notebook) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(&serde_json::to_vec(notebook).map_err(std::io::Error::other)?)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// Seconds since 1970 now (0 if the clock is before it).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `2026-12-06 20:41` (UTC) for `time`, seconds since 1970.
pub fn time_text(time: u64) -> String {
    let days = i64::try_from(time / 86_400).unwrap_or(0);
    let seconds = time % 86_400;
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        seconds / 3_600,
        seconds % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &str, scroll: usize) -> Location {
        Location {
            path: path.to_string(),
            scroll,
            focus: None,
        }
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(time_text(0), "1970-01-01 00:00");
        assert_eq!(time_text(951_782_400), "2000-02-29 00:00");
        assert_eq!(time_text(1_796_589_660), "2026-12-06 20:41");
    }

    #[test]
    fn saved_and_read_back() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = notebook_file(dir.path(), "corpus");
        let mut notebook = Notebook {
            corpus: "corpus".into(),
            ..Notebook::default()
        };
        notebook.visit("伊犁危機", "伊犁危機.wiki", 1);
        notebook.bookmark("伊犁危機", place("伊犁危機.wiki", 12), " 左宗棠 ", 2);
        notebook.bookmark("伊犁危機", place("伊犁危機.wiki", 12), "again", 3);
        assert_eq!(notebook.bookmarks.len(), 1, "one place, one bookmark");
        save(&path, &notebook).expect("saved");
        assert_eq!(load(&path, "corpus"), (notebook, None));
    }

    #[test]
    fn a_broken_file_is_kept_aside_never_overwritten() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = notebook_file(dir.path(), "corpus");
        std::fs::write(&path, b"{ broken").expect("written");
        let (notebook, message) = load(&path, "corpus");
        assert!(notebook.bookmarks.is_empty());
        assert!(message.is_some_and(|m| m.contains("broken")));
        assert_eq!(
            std::fs::read(path.with_extension("json.broken")).expect("kept"),
            b"{ broken"
        );
        // Another corpus's notebook is not this one's.
        save(
            &path,
            &Notebook {
                corpus: "other".into(),
                ..Notebook::default()
            },
        )
        .expect("saved");
        let (notebook, message) = load(&path, "corpus");
        assert_eq!(notebook.corpus, "corpus");
        assert!(message.is_some());
    }

    #[test]
    fn the_same_article_shown_again_is_one_visit() {
        let mut notebook = Notebook::default();
        notebook.visit("伊犁危機", "伊犁危機.wiki", 1);
        notebook.visit("伊犁危机", "伊犁危機.wiki", 2);
        notebook.visit("苏联入侵新疆", "苏联入侵新疆.md", 3);
        notebook.visit("伊犁危機", "伊犁危機.wiki", 4);
        let visits: Vec<(&str, u64)> = notebook
            .trail
            .iter()
            .map(|v| (v.path.as_str(), v.time))
            .collect();
        assert_eq!(
            visits,
            [
                ("伊犁危機.wiki", 2),
                ("苏联入侵新疆.md", 3),
                ("伊犁危機.wiki", 4)
            ]
        );
    }

    #[test]
    fn the_trail_is_bounded() {
        let mut notebook = Notebook::default();
        for i in 0..(MAX_TRAIL + 5) {
            notebook.visit("a", &format!("{}.md", i % 2), i as u64);
        }
        assert_eq!(notebook.trail.len(), MAX_TRAIL);
        assert_eq!(notebook.trail[0].time, 5);
    }
}
