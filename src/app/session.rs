//! Remembering where the reader was, per corpus, between runs: the open
//! article, its position and the history, as a small JSON file under
//! `$XDG_STATE_HOME/wikiread/` (or `~/.local/state/wikiread/`).
//!
//! Writes are atomic (a temporary file renamed over the old one), so a kill
//! mid-write never leaves a broken file; a broken or foreign file is reported
//! and ignored, never fatal.

use super::history::{History, Location};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What is kept between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The corpus this session belongs to (its root, or `built-in`).
    pub corpus: String,
    pub location: Location,
    pub history: History,
}

/// The state directory: `$XDG_STATE_HOME/wikiread`, else `~/.local/state/wikiread`.
pub fn state_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state"))
        })?;
    Some(base.join("wikiread"))
}

/// The file holding the session of corpus `corpus_id` in `dir`.
pub fn session_file(dir: &Path, corpus_id: &str) -> PathBuf {
    dir.join(format!("session-{:016x}.json", fnv1a(corpus_id.as_bytes())))
}

/// A stable 64-bit hash (FNV-1a), for file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The largest session file read (a history of thousands of places is far
/// smaller).
pub const MAX_SESSION_BYTES: u64 = 1 << 20;

/// Reads the session in `path`: `Ok(None)` when there is none, `Err` with a
/// message when the file is there but unusable. Only a regular file is
/// opened (a FIFO would block the start, `/dev/zero` would never end), and
/// only its first [`MAX_SESSION_BYTES`] are read.
pub fn load(path: &Path, corpus_id: &str) -> Result<Option<Session>, String> {
    use crate::i18n::Text;
    use std::io::Read;
    let ignored =
        |why: &dyn std::fmt::Display| crate::tr!(Text::SessionIgnored, path.display(), why);
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(ignored(&crate::tr!(Text::NotARegularFile))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(ignored(&err)),
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_SESSION_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|err| ignored(&err))?;
    if bytes.len() as u64 > MAX_SESSION_BYTES {
        return Err(ignored(&crate::tr!(Text::LargerThan, MAX_SESSION_BYTES)));
    }
    let session: Session = serde_json::from_slice(&bytes)
        .map_err(|err| crate::tr!(Text::SessionBroken, path.display(), err))?;
    if session.corpus != corpus_id {
        return Ok(None);
    }
    Ok(Some(session))
}

/// Writes `session` to `path` atomically.
pub fn save(path: &Path, session: &Session) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec_pretty(session).map_err(std::io::Error::other)?;
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(&json)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// The name sessions are kept under for `corpus`.
pub fn corpus_id(corpus: &crate::corpus::Corpus) -> String {
    corpus.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let mut history = History::default();
        history.visit(Location {
            path: "a.md".into(),
            scroll: 3,
            focus: None,
        });
        Session {
            corpus: "/corpus".into(),
            location: Location {
                path: "伊犁危機.wiki".into(),
                scroll: 42,
                focus: Some(7),
            },
            history,
        }
    }

    #[test]
    fn a_saved_session_loads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = session_file(dir.path(), "/corpus");
        save(&path, &session()).expect("saves");
        assert_eq!(load(&path, "/corpus"), Ok(Some(session())));
        assert_eq!(
            load(&path, "/other corpus"),
            Ok(None),
            "another corpus's file is not ours"
        );
        assert_ne!(
            session_file(dir.path(), "/a"),
            session_file(dir.path(), "/b")
        );
    }

    #[test]
    fn missing_and_broken_files_are_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("session.json");
        assert_eq!(load(&path, "/corpus"), Ok(None));
        std::fs::write(&path, b"{\"corpus\": \"/corpus\", \"locat").expect("writes");
        let err = load(&path, "/corpus").expect_err("broken");
        assert!(err.starts_with("ignored the broken saved session"), "{err}");
        std::fs::write(&path, [0xff, 0x00, 0x1b]).expect("writes");
        assert!(load(&path, "/corpus").is_err());
    }

    #[test]
    fn only_a_regular_file_of_bounded_size_is_read() {
        // Before, a FIFO hung the start and a link to /dev/zero read on
        // until memory ran out.
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let err = load(&fifo, "/corpus").expect_err("a FIFO");
            assert!(err.contains("not a regular file"), "{err}");
        }
        let zero = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
        let err = load(&zero, "/corpus").expect_err("a device");
        assert!(err.contains("not a regular file"), "{err}");
        let huge = dir.path().join("huge.json");
        let mut text = serde_json::to_string(&session()).expect("json");
        text.push_str(&" ".repeat(MAX_SESSION_BYTES as usize));
        std::fs::write(&huge, text).expect("write");
        let err = load(&huge, "/corpus").expect_err("too big");
        assert!(err.contains("larger than"), "{err}");
    }

    #[test]
    fn a_scroll_at_the_largest_number_loads_and_is_clamped_where_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("session.json");
        let mut crafted = session();
        crafted.location.scroll = usize::MAX;
        save(&path, &crafted).expect("saves");
        let loaded = load(&path, "/corpus").expect("loads").expect("ours");
        assert_eq!(loaded.location.scroll, usize::MAX);
    }

    #[test]
    fn saving_replaces_the_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/session.json");
        save(&path, &session()).expect("saves");
        let mut second = session();
        second.location.scroll = 99;
        save(&path, &second).expect("saves again");
        assert_eq!(load(&path, "/corpus"), Ok(Some(second)));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("nested"))
            .expect("lists")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }
}
