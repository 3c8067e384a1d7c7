//! Everything a user can ask the reader to do, as one enum.
//!
//! Keymaps bind keys to these actions by their snake_case names
//! (`run = "follow"`), and the help screen shows each action's description,
//! so help always matches the keys in effect. This module only names and
//! describes actions; it never changes state (that is `App::update`).

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, IntoEnumIterator, IntoStaticStr};

/// A user command. Each variant is declared once: its snake_case name is what
/// keymaps bind, its doc comment is what help shows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    EnumIter,
    EnumMessage,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// Scroll down a line, or select the next item in a list pane
    Down,
    /// Scroll up a line, or select the previous item in a list pane
    Up,
    /// Scroll down a page
    PageDown,
    /// Scroll up a page
    PageUp,
    /// Scroll down half a page
    HalfPageDown,
    /// Scroll up half a page
    HalfPageUp,
    /// Go to the top
    Top,
    /// Go to the bottom
    Bottom,
    /// Focus the next link or citation
    NextLink,
    /// Focus the previous link or citation
    PrevLink,
    /// Follow the focused link or citation, or open the selected item
    Follow,
    /// Copy the focused link's address
    CopyUrl,
    /// Show a label on every link and citation on screen
    LinkHints,
    /// Go back in history
    Back,
    /// Go forward in history
    Forward,
    /// Search the article
    Search,
    /// Go to the next search match, or the next mention of the selected entity
    SearchNext,
    /// Go to the previous search match, or the previous mention of the selected entity
    SearchPrev,
    /// Search the article, or go to the next match of the search shown (Emacs's C-s)
    SearchForward,
    /// Search the article, or go to the previous match of the search shown (Emacs's C-r)
    SearchBackward,
    /// List the headings to jump to
    Headings,
    /// Jump to the next heading
    NextHeading,
    /// Jump to the previous heading
    PrevHeading,
    /// Focus the entity sidebar
    FocusSidebar,
    /// Focus the footnote pane
    FocusFootnotes,
    /// Return to the article (close a popup, clear a search)
    FocusArticle,
    /// Show or hide the entity sidebar
    ToggleSidebar,
    /// Show or hide the footnote pane
    ToggleFootnotes,
    /// Characters as written, in Simplified or in Traditional
    CycleScript,
    /// Open a random article
    RandomArticle,
    /// Bookmark this place, with an optional note
    Bookmark,
    /// Open the finder
    Finder,
    /// Move the cursor a character left (query line)
    CharLeft,
    /// Move the cursor a character right (query line)
    CharRight,
    /// Move the cursor a word left (query line)
    WordLeft,
    /// Move the cursor a word right (query line)
    WordRight,
    /// Move the cursor to the start of the query line
    LineStart,
    /// Move the cursor to the end of the query line
    LineEnd,
    /// Delete the character before the cursor (query line)
    DeleteBack,
    /// Delete the character under the cursor (query line)
    DeleteForward,
    /// Delete the word before the cursor (query line)
    DeleteWordBack,
    /// Delete from the start of the query line to the cursor
    DeleteToStart,
    /// Show the keys
    Help,
    /// Quit
    Quit,
    /// Suspend the reader (back to the shell; `fg` brings it back)
    Suspend,
    /// Do nothing (disables a key of the preset)
    Noop,
}

impl Action {
    /// Every action, in the order help lists them.
    pub fn all() -> impl Iterator<Item = Action> {
        Action::iter()
    }

    /// The name used in keymap files (`run = "next_link"`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the action does, for the help screen (its doc comment).
    pub fn describe(self) -> &'static str {
        self.get_documentation().unwrap_or("")
    }

    /// The action named `name` in a keymap file.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().find(|action| action.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_round_trip() {
        for action in Action::all() {
            let json = serde_json::to_string(&action).expect("serialises");
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(Action::NextLink.name(), "next_link");
        assert_eq!(Action::from_name("no_such_action"), None);
    }

    #[test]
    fn every_action_is_described() {
        for action in Action::all() {
            assert!(
                !action.describe().is_empty(),
                "{action:?} has no doc comment"
            );
        }
        assert_eq!(Action::Quit.describe(), "Quit");
    }
}
