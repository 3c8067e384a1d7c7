//! Reading one keymap file (TOML) into a [`Keymap`], with errors that name
//! the line.
//!
//! The format is one section per context, each with a `keymap` list:
//!
//! ```toml
//! [article]
//! keymap = [
//!   { on = ["g", "g"], run = "top", desc = "Go to the top" },
//!   { on = "<C-p>", run = "finder" },
//! ]
//! ```
//!
//! `on` is a list of keys (or one key as a string), `run` an action name and
//! `desc` an optional help text. This module checks one file on its own; it
//! never touches the file system (the caller passes the text) and never
//! merges files (that is [`Keymap::layer`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use toml::Spanned;

use super::error::{KeymapError, line_of};
use super::key::{Key, format_keys};
use super::map::{Binding, Context, Keymap};
use crate::app::Action;

/// One context's section.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    keymap: Vec<Spanned<RawEntry>>,
}

/// One entry of a `keymap` list, before checking.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    on: Option<Spanned<RawKeys>>,
    run: Option<Spanned<String>>,
    desc: Option<String>,
}

/// `on = "j"` or `on = ["g", "g"]`.
enum RawKeys {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawKeys {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = RawKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of keys, as in [\"g\", \"g\"]")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawKeys, E> {
        Ok(RawKeys::One(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawKeys, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = seq.next_element::<Spanned<String>>()? {
            keys.push(key);
        }
        Ok(RawKeys::Many(keys))
    }
}

/// Reads one keymap file: `source` is its text, `file` the name errors
/// give it.
pub fn parse(source: &str, file: &str) -> Result<Keymap, KeymapError> {
    let reader = Reader { source, file };
    reader.check_sections()?;
    let sections: BTreeMap<Spanned<String>, RawSection> = reader.toml()?;
    let mut keymap = Keymap::new();
    let mut seen = HashMap::new();
    for (name, section) in sections {
        let Some(context) = Context::from_name(name.get_ref()) else {
            return Err(reader.unknown_section(&name));
        };
        for entry in section.keymap {
            let binding = reader.binding(&entry)?;
            reader.check_unique(context, &binding, entry.span().start, &mut seen)?;
            keymap.bind(context, binding);
        }
    }
    Ok(keymap)
}

/// The file being read, for messages.
struct Reader<'a> {
    source: &'a str,
    file: &'a str,
}

impl Reader<'_> {
    fn error_at(&self, offset: usize, message: impl Into<String>) -> KeymapError {
        KeymapError::at(self.file, self.source, offset, message)
    }

    /// The whole file as `T`, or the TOML error at its line.
    fn toml<T: de::DeserializeOwned>(&self) -> Result<T, KeymapError> {
        toml::from_str(self.source).map_err(|e| self.toml_error(&e))
    }

    fn toml_error(&self, error: &toml::de::Error) -> KeymapError {
        let message = one_line(error.message());
        match error.span() {
            Some(span) => self.error_at(span.start, message),
            None => KeymapError::new(self.file, None, message),
        }
    }

    /// Every top-level name is a context, before the sections are read (so a
    /// misspelt section is reported as such, whatever it holds).
    fn check_sections(&self) -> Result<(), KeymapError> {
        let names: BTreeMap<Spanned<String>, IgnoredAny> = self.toml()?;
        match names
            .keys()
            .find(|n| Context::from_name(n.get_ref()).is_none())
        {
            Some(unknown) => Err(self.unknown_section(unknown)),
            None => Ok(()),
        }
    }

    fn unknown_section(&self, name: &Spanned<String>) -> KeymapError {
        let known: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
        self.error_at(
            name.span().start,
            format!(
                "unknown section [{}] (known: {})",
                name.get_ref(),
                known.join(", ")
            ),
        )
    }

    fn binding(&self, entry: &Spanned<RawEntry>) -> Result<Binding, KeymapError> {
        let at = entry.span().start;
        let raw = entry.get_ref();
        let Some(on) = &raw.on else {
            return Err(self.error_at(at, "entry without \"on\" (the keys, as in on = [\"j\"])"));
        };
        let keys = self.keys(on)?;
        let Some(run) = &raw.run else {
            return Err(self.error_at(
                at,
                "entry without \"run\" (the action, as in run = \"down\")",
            ));
        };
        let action = self.action(run)?;
        Ok(Binding {
            keys,
            action,
            desc: raw.desc.clone(),
        })
    }

    fn keys(&self, on: &Spanned<RawKeys>) -> Result<Vec<Key>, KeymapError> {
        let keys = match on.get_ref() {
            RawKeys::One(text) => vec![self.key(text, on.span().start)?],
            RawKeys::Many(texts) => texts
                .iter()
                .map(|text| self.key(text.get_ref(), text.span().start))
                .collect::<Result<_, _>>()?,
        };
        if keys.is_empty() {
            return Err(self.error_at(on.span().start, "empty \"on\" (no keys to bind)"));
        }
        Ok(keys)
    }

    fn key(&self, text: &str, at: usize) -> Result<Key, KeymapError> {
        text.parse::<Key>()
            .map_err(|e| self.error_at(at, e.to_string()))
    }

    fn action(&self, run: &Spanned<String>) -> Result<Action, KeymapError> {
        let name = run.get_ref();
        Action::from_name(name).ok_or_else(|| self.error_at(run.span().start, unknown_action(name)))
    }

    /// A file binds each key sequence at most once per context.
    fn check_unique(
        &self,
        context: Context,
        binding: &Binding,
        at: usize,
        seen: &mut HashMap<(Context, Vec<Key>), usize>,
    ) -> Result<(), KeymapError> {
        let line = line_of(self.source, at);
        match seen.insert((context, binding.keys.clone()), line) {
            Some(first) => Err(self.error_at(
                at,
                format!(
                    "\"{}\" is bound twice in [{context}] (first on line {first})",
                    format_keys(&binding.keys)
                ),
            )),
            None => Ok(()),
        }
    }
}

/// A TOML message on one line (some span several).
fn one_line(message: &str) -> String {
    let parts: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    parts.join("; ")
}

/// `unknown action "folow" (did you mean "follow"? known: down, up, …)`.
fn unknown_action(name: &str) -> String {
    let known: Vec<&str> = Action::all().map(Action::name).collect();
    let hint = closest(name, &known)
        .map(|close| format!("did you mean \"{close}\"? "))
        .unwrap_or_default();
    format!(
        "unknown action \"{name}\" ({hint}known: {})",
        known.join(", ")
    )
}

/// The name in `known` at most two edits from `name`, the closest first.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::map::Lookup;

    fn error(source: &str) -> String {
        match parse(source, "k.toml") {
            Ok(_) => panic!("should not parse:\n{source}"),
            Err(e) => e.to_string(),
        }
    }

    fn keys(text: &str) -> Vec<Key> {
        text.split(' ')
            .map(|k| k.parse().unwrap_or_else(|e| panic!("{k}: {e}")))
            .collect()
    }

    #[test]
    fn reads_entries_in_order() {
        let source = r#"
[article]
keymap = [
  { on = ["g", "g"], run = "top", desc = "Go to the top" },
  { on = ["<C-p>"], run = "finder" },
  { on = "x", run = "noop" },
]
[finder]
keymap = [{ on = ["<Down>"], run = "down" }]
"#;
        let map = parse(source, "k.toml").unwrap_or_else(|e| panic!("{e}"));
        let listed = map.bindings(Context::Article);
        assert_eq!(
            listed,
            [
                ("g g".to_string(), Action::Top, "Go to the top"),
                ("<C-p>".to_string(), Action::Finder, "Open the finder"),
            ]
        );
        assert_eq!(map.entries(Context::Article).len(), 3);
        assert_eq!(
            map.lookup(Context::Finder, &keys("<Down>")),
            Lookup::Action(Action::Down)
        );
    }

    #[test]
    fn empty_file_binds_nothing() {
        let map = parse("", "k.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(map, Keymap::new());
        let map = parse("[global]\n", "k.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(map, Keymap::new());
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            error("[global]\nkeymap = [\n  { on = [\"j\"], run = \"dwn\" },\n]\n"),
            format!(
                "k.toml:3: unknown action \"dwn\" (did you mean \"down\"? known: {})",
                Action::all()
                    .map(Action::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
        assert_eq!(
            error("[global]\nkeymap = [\n\n  { on = [\"j\", \"<Foo>\"], run = \"down\" },\n]"),
            "k.toml:4: unknown key name \"<Foo>\""
        );
        assert_eq!(
            error("[global]\nkeymap = []\n[artcle]\nkeymap = []\n"),
            "k.toml:3: unknown section [artcle] (known: global, article, footnotes, sidebar, finder, help, headings)"
        );
        assert_eq!(
            error("[global]\nkeymap = [\n  { on = [\"j\"] },\n]"),
            "k.toml:3: entry without \"run\" (the action, as in run = \"down\")"
        );
        assert_eq!(
            error("[global]\nkeymap = [\n  { run = \"up\" },\n]"),
            "k.toml:3: entry without \"on\" (the keys, as in on = [\"j\"])"
        );
        assert_eq!(
            error("[global]\nkeymap = [\n  { on = [], run = \"up\" },\n]"),
            "k.toml:3: empty \"on\" (no keys to bind)"
        );
        assert_eq!(
            error(
                "[global]\nkeymap = [\n { on = \"j\", run = \"up\" },\n { on = [\"j\"], run = \"down\" },\n]"
            ),
            "k.toml:4: \"j\" is bound twice in [global] (first on line 3)"
        );
    }

    #[test]
    fn toml_errors_are_one_line() {
        for source in [
            "[global\n",
            "[global]\nkeymap = [ { on = [\"j\"], run = \"up\" }\n",
            "[global]\nkeymap = [ { on = [\"j\"], run = \"up\", dsc = \"x\" } ]\n",
            "[global]\nkeymap = 3\n",
            "[global]\nkeymap = [ { on = [1], run = \"up\" } ]\n",
            "[global]\nkeymap = [ { on = [\"j\"], run = 2 } ]\n",
            "global = 1\n",
        ] {
            let message = error(source);
            assert!(message.starts_with("k.toml:"), "{message}");
            assert!(!message.contains('\n'), "{message:?}");
        }
    }

    #[test]
    fn close_names_are_suggested() {
        let known = ["follow", "focus_article", "down"];
        assert_eq!(closest("folow", &known), Some("follow"));
        assert_eq!(closest("dwn", &known), Some("down"));
        assert_eq!(closest("xyzzy", &known), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
