//! The shipped keymaps and the keymap fixtures.
//!
//! Checks that both presets load, bind every key sequence once per context
//! with no binding hiding another (global fallback included), reach every
//! action, and that each fixture under `tests/keymaps/` loads or fails with
//! exactly the message its `.expected` file holds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use wikiread::app::Action;
use wikiread::keymap::{self, Context, Key, Keymap, Lookup, PRESETS};

const FIXTURES: &str = "tests/keymaps";

fn preset(name: &str) -> Keymap {
    keymap::preset(name).unwrap_or_else(|e| panic!("preset {name}: {e}"))
}

fn keys(text: &str) -> Vec<Key> {
    text.split(' ')
        .map(|k| k.parse().unwrap_or_else(|e| panic!("{k}: {e}")))
        .collect()
}

/// The `.toml` files of a folder, sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

fn path_str(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", path.display()))
}

#[test]
fn every_shipped_keymap_parses_and_is_a_preset() {
    let shipped = toml_files(Path::new("keymaps"));
    assert!(!shipped.is_empty());
    for path in &shipped {
        Keymap::from_file(path).unwrap_or_else(|e| panic!("{e}"));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert!(
            PRESETS.contains(&stem),
            "{} is not a preset",
            path.display()
        );
    }
    assert_eq!(shipped.len(), PRESETS.len());
    for name in PRESETS {
        let by_name = keymap::load(Some(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(by_name, preset(name));
    }
    let none = keymap::load(None, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(none, preset("default"));
}

#[test]
fn no_sequence_is_bound_twice_in_a_context() {
    for name in PRESETS {
        let map = preset(name);
        for context in Context::ALL {
            let mut seen = BTreeSet::new();
            for binding in map.entries(context) {
                assert!(
                    seen.insert(binding.keys.clone()),
                    "{name}: [{context}] binds {} twice",
                    binding.keys_string()
                );
            }
        }
    }
}

#[test]
fn no_binding_hides_another() {
    for name in PRESETS {
        let conflicts: Vec<String> = preset(name)
            .conflicts()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(conflicts.is_empty(), "{name}: {conflicts:#?}");
    }
}

/// Every binding of every preset runs its action where it is bound (and in
/// the panes falling back to it): nothing shadows it in effect.
#[test]
fn every_binding_is_reachable_where_it_applies() {
    for name in PRESETS {
        let map = preset(name);
        for context in Context::ALL {
            for binding in map.entries(context) {
                for here in contexts_using(context) {
                    // A `noop` binding disables its keys of the preset below.
                    let expected = match binding.action {
                        Action::Noop => Lookup::None,
                        action => Lookup::Action(action),
                    };
                    assert_eq!(
                        map.lookup(here, &binding.keys),
                        expected,
                        "{name}: [{context}] {} in [{here}]",
                        binding.keys_string()
                    );
                    for len in 1..binding.keys.len() {
                        assert_eq!(map.lookup(here, &binding.keys[..len]), Lookup::Pending);
                    }
                }
            }
        }
    }
}

/// `context` and the contexts that fall back to it.
fn contexts_using(context: Context) -> Vec<Context> {
    Context::ALL
        .into_iter()
        .filter(|c| *c == context || c.fallback() == Some(context))
        .collect()
}

/// Actions the article view need not bind, each with the reason.
const UNBOUND_IN_ARTICLE: &[(Action, &str)] = &[
    (Action::Noop, "it disables a key"),
    (Action::CharLeft, "it edits the finder's query line"),
    (Action::CharRight, "it edits the finder's query line"),
    (Action::WordLeft, "it edits the finder's query line"),
    (Action::WordRight, "it edits the finder's query line"),
    (Action::LineStart, "it edits the finder's query line"),
    (Action::LineEnd, "it edits the finder's query line"),
    (Action::DeleteBack, "it edits the finder's query line"),
    (Action::DeleteForward, "it edits the finder's query line"),
    (Action::DeleteWordBack, "it edits the finder's query line"),
    (Action::DeleteToStart, "it edits the finder's query line"),
];

#[test]
fn every_action_is_reachable_from_the_article() {
    let map = preset("default");
    let bound: BTreeSet<Action> = [Context::Article, Context::Global]
        .into_iter()
        .flat_map(|c| map.bindings(c))
        .map(|(_, action, _)| action)
        .collect();
    for action in Action::all() {
        let explained = UNBOUND_IN_ARTICLE.iter().any(|(a, _)| *a == action);
        assert!(
            bound.contains(&action) || explained,
            "{} has no key in the default article view",
            action.name()
        );
        assert!(
            !(bound.contains(&action) && explained),
            "{} is bound but listed as unbound",
            action.name()
        );
    }
}

#[test]
fn default_keys_are_as_documented() {
    let map = preset("default");
    let expected = [
        (Context::Article, "q", Action::Quit),
        (Context::Article, "?", Action::Help),
        (Context::Article, "<C-p>", Action::Finder),
        (Context::Article, "o", Action::Finder),
        (Context::Article, "g g", Action::Top),
        (Context::Article, "G", Action::Bottom),
        (Context::Article, "<S-Tab>", Action::PrevLink),
        (Context::Article, "]", Action::NextHeading),
        (Context::Footnotes, "<Enter>", Action::Follow),
        (Context::Footnotes, "j", Action::Down),
        (Context::Sidebar, "N", Action::SearchPrev),
        (Context::Finder, "<C-n>", Action::Down),
        (Context::Finder, "<S-Tab>", Action::Up),
        (Context::Finder, "<Esc>", Action::FocusArticle),
    ];
    for (context, typed, action) in expected {
        assert_eq!(
            map.lookup(context, &keys(typed)),
            Lookup::Action(action),
            "[{context}] {typed}"
        );
    }
    // The finder is a text field: letters are not bound there.
    for typed in ["j", "q", "g", "G", "?"] {
        assert_eq!(map.lookup(Context::Finder, &keys(typed)), Lookup::None);
    }
}

#[test]
fn emacs_keys_are_as_documented() {
    let map = preset("emacs");
    let expected = [
        (Context::Article, "<C-n>", Action::Down),
        (Context::Article, "<C-p>", Action::Up),
        (Context::Article, "<C-v>", Action::PageDown),
        (Context::Article, "<A-v>", Action::PageUp),
        (Context::Article, "<A-lt>", Action::Top),
        (Context::Article, "<M->>", Action::Bottom),
        (Context::Sidebar, "<C-x> <C-c>", Action::Quit),
        (Context::Article, "<A-x>", Action::Finder),
        (Context::Footnotes, "<C-g>", Action::FocusArticle),
        (Context::Article, "<C-s>", Action::SearchForward),
        (Context::Article, "<C-r>", Action::SearchBackward),
        (Context::Article, "j", Action::Down),
        (Context::Article, "o", Action::Finder),
        (Context::Finder, "<C-p>", Action::Up),
        // Bookmarks and the random article are the default's keys.
        (Context::Article, "m", Action::Bookmark),
        (Context::Sidebar, "x", Action::RandomArticle),
    ];
    for (context, typed, action) in expected {
        assert_eq!(
            map.lookup(context, &keys(typed)),
            Lookup::Action(action),
            "[{context}] {typed}"
        );
    }
    assert_eq!(map.lookup(Context::Global, &keys("<C-x>")), Lookup::Pending);
}

#[test]
fn help_lists_file_order_without_noop() {
    let map = preset("default");
    let article = map.bindings(Context::Article);
    let first: Vec<(&str, Action)> = article
        .iter()
        .take(3)
        .map(|(k, a, _)| (k.as_str(), *a))
        .collect();
    assert_eq!(
        first,
        [
            ("<Tab>", Action::NextLink),
            ("<S-Tab>", Action::PrevLink),
            ("<Enter>", Action::Follow)
        ]
    );
    assert!(article.iter().all(|(_, _, desc)| !desc.is_empty()));
    let global = map.bindings(Context::Global);
    assert!(
        global
            .iter()
            .any(|(k, a, _)| k == "g g" && *a == Action::Top)
    );
}

#[test]
fn valid_fixtures_load() {
    let files = toml_files(&Path::new(FIXTURES).join("valid"));
    assert!(files.len() >= 4);
    for path in files {
        let map = keymap::load(Some(path_str(&path)), None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!map.bindings(Context::Global).is_empty());
    }
}

#[test]
fn valid_fixture_is_layered_over_default() {
    let path = Path::new(FIXTURES).join("valid/every_section.toml");
    let map = keymap::load(Some(path_str(&path)), None).unwrap_or_else(|e| panic!("{e}"));
    let look = |context, typed| map.lookup(context, &keys(typed));
    assert_eq!(look(Context::Article, "q"), Lookup::None);
    assert_eq!(look(Context::Article, "Q"), Lookup::Action(Action::Quit));
    assert_eq!(
        look(Context::Article, "<A-n>"),
        Lookup::Action(Action::NextHeading)
    );
    assert_eq!(look(Context::Article, "<lt>"), Lookup::Action(Action::Back));
    assert_eq!(
        look(Context::Finder, "<C-j>"),
        Lookup::Action(Action::Follow)
    );
    assert_eq!(look(Context::Finder, "<C-n>"), Lookup::Action(Action::Down));
    let quit = map.bindings(Context::Global);
    assert!(quit.contains(&("<C-x> <C-c>".to_string(), Action::Quit, "Leave wikiread")));
}

/// Each invalid fixture fails with the one line of its `.expected` file
/// (the file named relative to the fixture folder). With
/// `WIKIREAD_BLESS=1`, writes the `.expected` files instead.
#[test]
fn invalid_fixtures_fail_with_the_expected_message() {
    let dir = Path::new(FIXTURES).join("invalid");
    let files = toml_files(&dir);
    assert!(files.len() >= 6);
    let bless = std::env::var_os("WIKIREAD_BLESS").is_some();
    for path in files {
        let actual = relative_error(&path, &dir);
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, format!("{actual}\n")).unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        assert_eq!(
            actual,
            expected.trim_end_matches('\n'),
            "{}",
            path.display()
        );
    }
}

/// The error loading `path`, with `dir/` taken off the file name.
fn relative_error(path: &Path, dir: &Path) -> String {
    let error = match keymap::load(Some(path_str(path)), None) {
        Ok(_) => panic!("{} should not load", path.display()),
        Err(e) => e,
    };
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message:?}");
    assert!(error.line().is_some(), "{message}");
    let prefix = format!("{}/", dir.display());
    match message.strip_prefix(&prefix) {
        Some(relative) => relative.to_string(),
        None => panic!("{message} does not name {}", path.display()),
    }
}

#[test]
fn every_invalid_fixture_has_an_expected_message() {
    let dir = Path::new(FIXTURES).join("invalid");
    for path in toml_files(&dir) {
        assert!(
            path.with_extension("expected").exists(),
            "{} has no .expected",
            path.display()
        );
    }
}

#[test]
fn a_keymap_that_is_no_regular_file_or_too_big_is_refused_at_once() {
    // Before, a FIFO blocked the start and /dev/zero was read until
    // memory ran out.
    let dir = tempfile::tempdir().expect("tempdir");
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let err = Keymap::from_file(&zero).expect_err("a device").to_string();
    assert!(err.contains("not a regular file"), "{err}");
    let fifo = dir.path().join("fifo.toml");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let err = Keymap::from_file(&fifo).expect_err("a FIFO").to_string();
        assert!(err.contains("not a regular file"), "{err}");
    }
    let huge = dir.path().join("huge.toml");
    std::fs::write(&huge, "#".repeat(2 << 20)).expect("write");
    let err = Keymap::from_file(&huge).expect_err("too big").to_string();
    assert!(err.contains("larger than"), "{err}");
}
