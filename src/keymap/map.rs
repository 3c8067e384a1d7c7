//! Bindings from key sequences to actions, per context, and their lookup.
//!
//! A [`Keymap`] holds, for each [`Context`] (the pane or popup with focus),
//! its bindings in file order. [`Keymap::lookup`] answers what the keys typed
//! so far mean; [`Keymap::layer`] puts one keymap over another (a user file
//! over a preset). This module never reads files or parses TOML (that is
//! `file`), and never runs an action: it only answers which one.

use std::fmt;

use super::key::{Key, format_keys};
use crate::app::Action;

/// Where the keys go: the focused pane or popup. `Global` holds the keys
/// every pane but the finder shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Article,
    Footnotes,
    Sidebar,
    Finder,
    /// The help popup.
    Help,
    /// The list of headings to jump to.
    Headings,
}

impl Context {
    /// Every context, in the order keymap files and help list them.
    pub const ALL: [Context; 7] = [
        Context::Global,
        Context::Article,
        Context::Footnotes,
        Context::Sidebar,
        Context::Finder,
        Context::Help,
        Context::Headings,
    ];

    /// The section name in keymap files (`[article]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Article => "article",
            Context::Footnotes => "footnotes",
            Context::Sidebar => "sidebar",
            Context::Finder => "finder",
            Context::Help => "help",
            Context::Headings => "headings",
        }
    }

    /// The context whose section is called `name`.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The context asked when this one has no binding: `Global` for the
    /// panes and the help and headings popups (their moves and Esc are the
    /// global ones), none for `Global` itself and for the finder (a text
    /// field, where unbound printable keys are typed into the query).
    pub fn fallback(self) -> Option<Context> {
        match self {
            Context::Article
            | Context::Footnotes
            | Context::Sidebar
            | Context::Help
            | Context::Headings => Some(Context::Global),
            Context::Global | Context::Finder => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One key sequence bound to an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The keys, in the order they are typed (never empty).
    pub keys: Vec<Key>,
    /// What they do; `Noop` disables the keys.
    pub action: Action,
    /// The file's `desc`, if it gave one.
    pub desc: Option<String>,
}

impl Binding {
    /// The description help shows: the file's `desc`, else the action's.
    pub fn desc(&self) -> &str {
        self.desc
            .as_deref()
            .unwrap_or_else(|| self.action.describe())
    }

    /// The keys as help shows them (`g g`).
    pub fn keys_string(&self) -> String {
        format_keys(&self.keys)
    }
}

/// What the keys typed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Run this action (and forget the typed keys).
    Action(Action),
    /// The keys begin a longer binding: wait for the next key.
    Pending,
    /// The keys mean nothing here (forget them; in the finder, a printable
    /// key is then typed into the query).
    None,
}

/// Bindings for every context. Build one with [`Keymap::from_toml`] or the
/// loaders in the parent module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    contexts: [Vec<Binding>; 7],
}

impl Keymap {
    /// A keymap binding nothing.
    pub fn new() -> Keymap {
        Keymap::default()
    }

    /// Every binding of `context`, in file order, `noop` ones included.
    pub fn entries(&self, context: Context) -> &[Binding] {
        &self.contexts[context.index()]
    }

    /// Binds `keys` to `action` in `context`, replacing a binding of the
    /// same keys (which keeps its place) or adding one at the end.
    pub fn bind(&mut self, context: Context, binding: Binding) {
        let bindings = &mut self.contexts[context.index()];
        match bindings.iter_mut().find(|b| b.keys == binding.keys) {
            Some(existing) => *existing = binding,
            None => bindings.push(binding),
        }
    }

    /// Puts `over` on top of this keymap: each of its bindings replaces one
    /// with the same keys in the same context, or is added.
    pub fn layer(&mut self, over: Keymap) {
        for (context, bindings) in Context::ALL.into_iter().zip(over.contexts) {
            for binding in bindings {
                self.bind(context, binding);
            }
        }
    }

    /// What `pending` (the keys typed so far) means in `context`: its own
    /// bindings first, then its fallback's. A `noop` binding hides the same
    /// keys of the fallback.
    pub fn lookup(&self, context: Context, pending: &[Key]) -> Lookup {
        if pending.is_empty() {
            return Lookup::None;
        }
        let mut current = Some(context);
        while let Some(here) = current {
            if let Some(found) = self.lookup_in(here, pending) {
                return found;
            }
            current = here.fallback();
        }
        Lookup::None
    }

    /// `pending` in `context` alone; `None` when it has nothing to say, so
    /// the fallback is asked.
    fn lookup_in(&self, context: Context, pending: &[Key]) -> Option<Lookup> {
        let bindings = self.entries(context);
        if let Some(exact) = bindings.iter().find(|b| b.keys == pending) {
            return Some(match exact.action {
                Action::Noop => Lookup::None,
                action => Lookup::Action(action),
            });
        }
        let begins_longer = bindings
            .iter()
            .any(|b| b.action != Action::Noop && is_strict_prefix(pending, &b.keys));
        begins_longer.then_some(Lookup::Pending)
    }

    /// The bindings help lists for `context`: keys as shown, action and
    /// description, in file order, without `noop` ones.
    pub fn bindings(&self, context: Context) -> Vec<(String, Action, &str)> {
        self.entries(context)
            .iter()
            .filter(|b| b.action != Action::Noop)
            .map(|b| (b.keys_string(), b.action, b.desc()))
            .collect()
    }

    /// Bindings that can never run, in every context: one whose keys begin
    /// a longer binding (or the reverse) in the same context or in its
    /// fallback, and a fallback binding hidden by the same keys. Empty for
    /// a keymap whose every binding works.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut found = Vec::new();
        for context in Context::ALL {
            self.prefix_conflicts(context, context, &mut found);
            if let Some(fallback) = context.fallback() {
                self.prefix_conflicts(context, fallback, &mut found);
                self.hidden_conflicts(context, fallback, &mut found);
            }
        }
        found
    }

    /// Live bindings of `context` that begin a live binding of `other`, or
    /// the reverse when `other` is a fallback (a fallback's short binding
    /// is reachable only if `context` has no longer one).
    fn prefix_conflicts(&self, context: Context, other: Context, found: &mut Vec<Conflict>) {
        for short in live(self.entries(context)) {
            for long in live(self.entries(other)) {
                if is_strict_prefix(&short.keys, &long.keys) {
                    found.push(Conflict::new(context, short, other, long, "begins"));
                }
                if other != context && is_strict_prefix(&long.keys, &short.keys) {
                    found.push(Conflict::new(other, long, context, short, "begins"));
                }
            }
        }
    }

    /// Bindings of `fallback` whose keys `context` binds too.
    fn hidden_conflicts(&self, context: Context, fallback: Context, found: &mut Vec<Conflict>) {
        for here in self.entries(context) {
            for below in live(self.entries(fallback)) {
                if here.keys == below.keys {
                    found.push(Conflict::new(context, here, fallback, below, "hides"));
                }
            }
        }
    }
}

fn live(bindings: &[Binding]) -> impl Iterator<Item = &Binding> {
    bindings.iter().filter(|b| b.action != Action::Noop)
}

/// `short` is the start of `long`, and shorter.
fn is_strict_prefix(short: &[Key], long: &[Key]) -> bool {
    short.len() < long.len() && long.starts_with(short)
}

/// Two bindings of which one cannot run (see [`Keymap::conflicts`]). Its
/// `Display` is a sentence for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub message: String,
}

impl Conflict {
    fn new(
        first_context: Context,
        first: &Binding,
        second_context: Context,
        second: &Binding,
        relation: &str,
    ) -> Conflict {
        Conflict {
            message: format!(
                "[{first_context}] \"{}\" ({}) {relation} [{second_context}] \"{}\" ({})",
                first.keys_string(),
                first.action.name(),
                second.keys_string(),
                second.action.name(),
            ),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Key> {
        text.split(' ')
            .map(|k| k.parse().unwrap_or_else(|e| panic!("{k}: {e}")))
            .collect()
    }

    fn binding(text: &str, action: Action) -> Binding {
        Binding {
            keys: keys(text),
            action,
            desc: None,
        }
    }

    fn sample() -> Keymap {
        let mut map = Keymap::new();
        map.bind(Context::Global, binding("g g", Action::Top));
        map.bind(Context::Global, binding("G", Action::Bottom));
        map.bind(Context::Global, binding("j", Action::Down));
        map.bind(Context::Global, binding("q", Action::Quit));
        map.bind(Context::Article, binding("<Enter>", Action::Follow));
        map.bind(Context::Article, binding("g h", Action::Headings));
        map.bind(Context::Finder, binding("<C-n>", Action::Down));
        map
    }

    fn look(map: &Keymap, context: Context, typed: &str) -> Lookup {
        map.lookup(context, &keys(typed))
    }

    #[test]
    fn sequences_wait_for_their_next_key() {
        let map = sample();
        assert_eq!(look(&map, Context::Global, "g"), Lookup::Pending);
        assert_eq!(
            look(&map, Context::Global, "g g"),
            Lookup::Action(Action::Top)
        );
        assert_eq!(look(&map, Context::Global, "g x"), Lookup::None);
        assert_eq!(
            look(&map, Context::Global, "G"),
            Lookup::Action(Action::Bottom)
        );
        assert_eq!(look(&map, Context::Global, "g g g"), Lookup::None);
        assert_eq!(map.lookup(Context::Global, &[]), Lookup::None);
    }

    #[test]
    fn panes_fall_back_to_global() {
        let map = sample();
        for pane in [Context::Article, Context::Footnotes, Context::Sidebar] {
            assert_eq!(
                look(&map, pane, "j"),
                Lookup::Action(Action::Down),
                "{pane}"
            );
            assert_eq!(
                look(&map, pane, "g g"),
                Lookup::Action(Action::Top),
                "{pane}"
            );
        }
        assert_eq!(look(&map, Context::Article, "g"), Lookup::Pending);
        assert_eq!(
            look(&map, Context::Article, "g h"),
            Lookup::Action(Action::Headings)
        );
        assert_eq!(look(&map, Context::Sidebar, "g h"), Lookup::None);
        assert_eq!(
            look(&map, Context::Article, "<Enter>"),
            Lookup::Action(Action::Follow)
        );
        assert_eq!(look(&map, Context::Footnotes, "<Enter>"), Lookup::None);
    }

    #[test]
    fn finder_does_not_fall_back() {
        let map = sample();
        assert_eq!(look(&map, Context::Finder, "j"), Lookup::None);
        assert_eq!(look(&map, Context::Finder, "q"), Lookup::None);
        assert_eq!(look(&map, Context::Finder, "g"), Lookup::None);
        assert_eq!(
            look(&map, Context::Finder, "<C-n>"),
            Lookup::Action(Action::Down)
        );
        assert_eq!(look(&map, Context::Global, "<C-n>"), Lookup::None);
    }

    #[test]
    fn context_binding_wins_over_global() {
        let mut map = sample();
        map.bind(Context::Article, binding("j", Action::NextLink));
        assert_eq!(
            look(&map, Context::Article, "j"),
            Lookup::Action(Action::NextLink)
        );
        assert_eq!(
            look(&map, Context::Sidebar, "j"),
            Lookup::Action(Action::Down)
        );
    }

    #[test]
    fn layer_replaces_adds_and_disables() {
        let mut map = sample();
        let mut user = Keymap::new();
        user.bind(Context::Global, binding("G", Action::Top));
        user.bind(Context::Global, binding("x", Action::Quit));
        user.bind(Context::Global, binding("q", Action::Noop));
        user.bind(Context::Article, binding("j", Action::Noop));
        map.layer(user);
        assert_eq!(
            look(&map, Context::Global, "G"),
            Lookup::Action(Action::Top)
        );
        assert_eq!(
            look(&map, Context::Global, "x"),
            Lookup::Action(Action::Quit)
        );
        assert_eq!(look(&map, Context::Global, "q"), Lookup::None);
        assert_eq!(look(&map, Context::Article, "q"), Lookup::None);
        // noop in a pane hides the global key there only.
        assert_eq!(look(&map, Context::Article, "j"), Lookup::None);
        assert_eq!(
            look(&map, Context::Sidebar, "j"),
            Lookup::Action(Action::Down)
        );
        // A replaced binding keeps its place; new ones come last; noop is not listed.
        let listed: Vec<String> = map
            .bindings(Context::Global)
            .into_iter()
            .map(|(k, a, _)| format!("{k}={}", a.name()))
            .collect();
        assert_eq!(listed, ["g g=top", "G=top", "j=down", "x=quit"]);
    }

    #[test]
    fn noop_sequences_are_not_prefixes() {
        let mut map = Keymap::new();
        map.bind(Context::Global, binding("g g", Action::Noop));
        assert_eq!(look(&map, Context::Global, "g"), Lookup::None);
    }

    #[test]
    fn descriptions_default_to_the_action() {
        let mut map = Keymap::new();
        map.bind(Context::Global, binding("q", Action::Quit));
        let mut custom = binding("Q", Action::Quit);
        custom.desc = Some("Leave".to_string());
        map.bind(Context::Global, custom);
        let descs: Vec<&str> = map
            .bindings(Context::Global)
            .into_iter()
            .map(|(_, _, d)| d)
            .collect();
        assert_eq!(descs, ["Quit", "Leave"]);
    }

    #[test]
    fn conflicts_are_found() {
        let map = sample();
        let found: Vec<String> = map.conflicts().iter().map(Conflict::to_string).collect();
        assert!(found.is_empty(), "{found:?}");

        let mut bad = sample();
        bad.bind(Context::Global, binding("g", Action::Help));
        bad.bind(Context::Article, binding("G", Action::Follow));
        let found: Vec<String> = bad.conflicts().iter().map(Conflict::to_string).collect();
        assert!(found.contains(&"[global] \"g\" (help) begins [global] \"g g\" (top)".to_string()));
        assert!(
            found
                .contains(&"[global] \"g\" (help) begins [article] \"g h\" (headings)".to_string())
        );
        assert!(
            found.contains(&"[article] \"G\" (follow) hides [global] \"G\" (bottom)".to_string())
        );
    }

    #[test]
    fn contexts_by_name() {
        for context in Context::ALL {
            assert_eq!(Context::from_name(context.name()), Some(context));
        }
        assert_eq!(Context::from_name("Article"), None);
        assert_eq!(Context::Finder.fallback(), None);
        assert_eq!(Context::Global.fallback(), None);
        assert_eq!(Context::Sidebar.fallback(), Some(Context::Global));
    }
}
