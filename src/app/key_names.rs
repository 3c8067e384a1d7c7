//! The keys that run each action in the keymap in use, named as help names
//! them (`/`, `<C-s>`), so that a message tells the keys the user actually
//! has (`no search: <C-s> starts one` with the Emacs keymap). This module
//! only reads a keymap; it never binds a key.

use super::Action;
use crate::keymap::{Context, Keymap};
use std::collections::HashMap;

/// The first keys bound to each action (the article's bindings before the
/// global ones).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyNames(HashMap<Action, String>);

impl KeyNames {
    /// The names of `keymap`'s keys.
    pub fn of(keymap: &Keymap) -> KeyNames {
        let mut names = HashMap::new();
        for context in [Context::Article, Context::Global] {
            for (keys, action, _) in keymap.bindings(context) {
                names.entry(action).or_insert_with(|| plain(&keys));
            }
        }
        KeyNames(names)
    }

    /// The names of the default keymap's keys.
    pub fn of_default() -> KeyNames {
        crate::keymap::preset("default")
            .map(|keymap| KeyNames::of(&keymap))
            .unwrap_or_default()
    }

    /// The keys of the first of `actions` that has any, else the first
    /// action's name (`search`), which `:`-less users can still look up in
    /// the help.
    pub fn of_first(&self, actions: &[Action]) -> String {
        actions
            .iter()
            .find_map(|action| self.0.get(action).cloned())
            .unwrap_or_else(|| actions.first().map_or("", |a| a.name()).to_string())
    }

    /// The keys of `action`.
    pub fn get(&self, action: Action) -> String {
        self.of_first(&[action])
    }
}

/// Keys as a message reads them: `<C-s>` is `C-s`, `<Enter>` is `Enter`,
/// `<lt>` is `<` (help keeps the keymap file's spelling).
fn plain(keys: &str) -> String {
    keys.split(' ')
        .map(|key| {
            let inner = key
                .strip_prefix('<')
                .and_then(|k| k.strip_suffix('>'))
                .filter(|k| !k.is_empty())
                .unwrap_or(key);
            match inner.rsplit_once('-') {
                Some((mods, "lt")) => format!("{mods}-<"),
                Some((mods, "gt")) => format!("{mods}->"),
                _ => match inner {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    other => other.to_string(),
                },
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_keys_of_the_keymap_in_use() {
        let default = KeyNames::of_default();
        let emacs = crate::keymap::preset("emacs")
            .map(|k| KeyNames::of(&k))
            .expect("emacs");
        let start = [Action::Search, Action::SearchForward];
        assert_eq!(default.of_first(&start), "/");
        assert_eq!(emacs.of_first(&start), "C-s");
        assert_eq!(default.get(Action::NextLink), "Tab");
        assert_eq!(default.get(Action::Top), "g g");
        assert_eq!(emacs.get(Action::Top), "g g", "the article's first");
        assert_eq!(plain("<A-lt>"), "A-<");
        assert_eq!(KeyNames::default().get(Action::CopyUrl), "copy_url");
    }
}
