//! Keymaps: which keys run which [`Action`](crate::app::Action), per pane.
//!
//! The reader asks one question of this module: given the focused
//! [`Context`] and the keys typed so far, what now ([`Keymap::lookup`])?
//! Help asks a second: which keys does this context have
//! ([`Keymap::bindings`])? Keymaps come from TOML files: two presets are
//! built in (`default`, and `emacs` layered over it), and a user file
//! (`$XDG_CONFIG_HOME/wikiread/keymap.toml`) or a file named on the command
//! line is layered over the preset ([`load`]).
//!
//! The event loop keeps the keys typed so far and asks after each one:
//!
//! ```
//! use wikiread::app::Action;
//! use wikiread::keymap::{self, Context, Key, Lookup};
//!
//! let keymap = keymap::load(None, None)?;
//! let mut pending: Vec<Key> = Vec::new();
//! let mut ran = Vec::new();
//! for typed in ["g", "g", "<C-d>", "z"] {
//!     pending.push(typed.parse()?); // in the reader: Key::from_press(&event)
//!     match keymap.lookup(Context::Article, &pending) {
//!         Lookup::Action(action) => ran.push(action),
//!         Lookup::Pending => continue, // wait for the next key
//!         Lookup::None => {}           // in the finder: type key.typed_char()
//!     }
//!     pending.clear();
//! }
//! assert_eq!(ran, [Action::Top, Action::HalfPageDown]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `key`: one key press, its notation (`<C-p>`) and crossterm conversion;
//! - `map`: contexts, bindings, lookup and layering;
//! - `file`: one TOML file into a keymap, with line-numbered errors;
//! - `error`: the one-line error.
//!
//! This module never touches the terminal and never runs an action; the only
//! files it reads are keymap files, and only in [`load`] and
//! [`Keymap::from_file`].

mod error;
mod file;
mod key;
mod map;

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub use error::KeymapError;
pub use key::{Key, KeyCode, KeyParseError, Modifiers, format_keys};
pub use map::{Binding, Conflict, Context, Keymap, Lookup};

/// The largest keymap file read (the default keymap is some 6 KB).
pub const MAX_KEYMAP_BYTES: u64 = 1 << 20;

/// The built-in keymaps, by the names `--keymap` takes.
pub const PRESETS: [&str; 2] = ["default", "emacs"];

const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
const EMACS_TOML: &str = include_str!("../../keymaps/emacs.toml");

impl Keymap {
    /// Reads a keymap from TOML text; `file` names it in errors.
    pub fn from_toml(source: &str, file: &str) -> Result<Keymap, KeymapError> {
        file::parse(source, file)
    }

    /// Reads a keymap file; errors name it as `path` is written. Only a
    /// regular file of at most [`MAX_KEYMAP_BYTES`] is read (a FIFO would
    /// block the start, `/dev/zero` would never end).
    pub fn from_file(path: &Path) -> Result<Keymap, KeymapError> {
        use std::io::Read;
        let name = path.display().to_string();
        let cannot = |why: String| KeymapError::new(&name, None, format!("cannot read it: {why}"));
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Err(cannot("not a regular file".into())),
            Err(e) => return Err(cannot(e.to_string())),
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_KEYMAP_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| cannot(e.to_string()))?;
        if bytes.len() as u64 > MAX_KEYMAP_BYTES {
            return Err(cannot(format!("larger than {MAX_KEYMAP_BYTES} bytes")));
        }
        let source = String::from_utf8(bytes).map_err(|_| cannot("not UTF-8 text".into()))?;
        Keymap::from_toml(&source, &name)
    }
}

/// The built-in keymap `name` (one of [`PRESETS`]). `emacs` is a layer over
/// `default`, so keys it does not name keep their default action.
pub fn preset(name: &str) -> Result<Keymap, KeymapError> {
    let mut keymap = Keymap::from_toml(DEFAULT_TOML, "keymaps/default.toml")?;
    match name {
        "default" => {}
        "emacs" => keymap.layer(Keymap::from_toml(EMACS_TOML, "keymaps/emacs.toml")?),
        _ => return Err(unknown_preset(name)),
    }
    Ok(keymap)
}

fn unknown_preset(name: &str) -> KeymapError {
    KeymapError::new(
        name,
        None,
        format!("no such keymap file, nor a preset ({})", PRESETS.join(", ")),
    )
}

/// The keymap in effect.
///
/// - `None`: the default preset, with the user file over it if there is one;
/// - `Some("default")`, `Some("emacs")`: that preset, with the user file;
/// - `Some(path)`: the default preset with that file over it (which must
///   exist; the user file is not read). A preset's name wins over a file
///   of that name: write `./emacs` for the file.
///
/// `config_dir` is where the user file lives under `wikiread/keymap.toml`
/// (see [`default_config_dir`]); `None` reads no user file.
pub fn load(spec: Option<&str>, config_dir: Option<&Path>) -> Result<Keymap, KeymapError> {
    match spec {
        None => with_user_file(preset("default")?, config_dir),
        Some(name) if PRESETS.contains(&name) => with_user_file(preset(name)?, config_dir),
        Some(path) => with_file(preset("default")?, Path::new(path)),
    }
}

fn with_user_file(mut keymap: Keymap, config_dir: Option<&Path>) -> Result<Keymap, KeymapError> {
    let Some(dir) = config_dir else {
        return Ok(keymap);
    };
    let path = user_file(dir);
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(keymap),
        _ => {
            keymap.layer(Keymap::from_file(&path)?);
            Ok(keymap)
        }
    }
}

fn with_file(mut keymap: Keymap, path: &Path) -> Result<Keymap, KeymapError> {
    if !path.exists() {
        return Err(unknown_preset(&path.display().to_string()));
    }
    keymap.layer(Keymap::from_file(path)?);
    Ok(keymap)
}

/// The user's keymap file under a configuration directory.
pub fn user_file(config_dir: &Path) -> PathBuf {
    config_dir.join("wikiread").join("keymap.toml")
}

/// The user's configuration directory: `$XDG_CONFIG_HOME` if set (and
/// absolute), else `$HOME/.config`; `None` when neither is set.
pub fn default_config_dir() -> Option<PathBuf> {
    config_dir_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

fn config_dir_from(xdg: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let xdg = xdg.map(PathBuf::from).filter(|p| p.is_absolute());
    let home = home
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".config"));
    xdg.or(home)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;

    fn key(text: &str) -> Key {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn look(map: &Keymap, context: Context, typed: &[&str]) -> Lookup {
        let keys: Vec<Key> = typed.iter().map(|k| key(k)).collect();
        map.lookup(context, &keys)
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    fn loaded(spec: Option<&str>, config: Option<&Path>) -> Keymap {
        load(spec, config).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn presets_load() {
        for name in PRESETS {
            preset(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let emacs = loaded(Some("emacs"), None);
        assert_eq!(
            look(&emacs, Context::Global, &["<C-x>", "<C-c>"]),
            Lookup::Action(Action::Quit)
        );
        assert_eq!(
            look(&emacs, Context::Global, &["<C-p>"]),
            Lookup::Action(Action::Up)
        );
        // Keys emacs does not name keep their default action.
        assert_eq!(
            look(&emacs, Context::Article, &["j"]),
            Lookup::Action(Action::Down)
        );
        assert_eq!(
            preset("vim").map(|_| ()).unwrap_err().to_string(),
            "vim: no such keymap file, nor a preset (default, emacs)"
        );
    }

    #[test]
    fn user_file_is_layered_over_the_preset() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(
            dir.path(),
            "wikiread/keymap.toml",
            "[global]\nkeymap = [\n { on = \"q\", run = \"noop\" },\n { on = \"x\", run = \"quit\" },\n]\n",
        );
        for spec in [None, Some("default"), Some("emacs")] {
            let map = loaded(spec, Some(dir.path()));
            assert_eq!(
                look(&map, Context::Article, &["q"]),
                Lookup::None,
                "{spec:?}"
            );
            assert_eq!(
                look(&map, Context::Article, &["x"]),
                Lookup::Action(Action::Quit)
            );
        }
        let without = loaded(None, None);
        assert_eq!(
            look(&without, Context::Article, &["q"]),
            Lookup::Action(Action::Quit)
        );
    }

    #[test]
    fn missing_user_file_is_fine() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded(None, Some(dir.path())), loaded(None, None));
    }

    #[test]
    fn a_path_is_layered_over_default() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = write(
            dir.path(),
            "mine.toml",
            "[article]\nkeymap = [{ on = \"j\", run = \"next_link\" }]\n",
        );
        let spec = path
            .to_str()
            .unwrap_or_else(|| panic!("temp path is not UTF-8"));
        let map = loaded(Some(spec), None);
        assert_eq!(
            look(&map, Context::Article, &["j"]),
            Lookup::Action(Action::NextLink)
        );
        assert_eq!(
            look(&map, Context::Sidebar, &["j"]),
            Lookup::Action(Action::Down)
        );

        let missing = dir.path().join("nope.toml");
        let spec = missing
            .to_str()
            .unwrap_or_else(|| panic!("temp path is not UTF-8"));
        let error = load(Some(spec), None).map(|_| ()).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{spec}: no such keymap file, nor a preset (default, emacs)")
        );
    }

    #[test]
    fn bad_user_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = write(
            dir.path(),
            "wikiread/keymap.toml",
            "[global]\nkeymap = [{ on = \"<Foo>\", run = \"up\" }]\n",
        );
        let error = load(None, Some(dir.path())).map(|_| ()).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}:2: unknown key name \"<Foo>\"", path.display())
        );
    }

    #[test]
    fn config_dir_prefers_xdg() {
        let some = |s: &str| Some(OsString::from(s));
        assert_eq!(
            config_dir_from(some("/x"), some("/home/a")),
            Some(PathBuf::from("/x"))
        );
        assert_eq!(
            config_dir_from(None, some("/home/a")),
            Some(PathBuf::from("/home/a/.config"))
        );
        assert_eq!(
            config_dir_from(some(""), some("/home/a")),
            Some(PathBuf::from("/home/a/.config"))
        );
        assert_eq!(
            config_dir_from(some("rel"), some("/home/a")),
            Some(PathBuf::from("/home/a/.config"))
        );
        assert_eq!(config_dir_from(None, some("")), None);
        assert_eq!(config_dir_from(None, None), None);
        assert_eq!(
            user_file(Path::new("/c")),
            PathBuf::from("/c/wikiread/keymap.toml")
        );
    }
}
