//! What reaches the reader's state besides the keymap's actions: text typed
//! into the line being edited, link-hint letters, mouse clicks and the
//! wheel, a new terminal size, and what the event loop learns at start
//! (the keymap's key names, a saved session to offer, a message) or from a
//! signal. All of it goes through [`App::apply`](super::App::apply), the one
//! door to the state. This module only names inputs; it never acts on one.

use super::Action;
use super::key_names::KeyNames;
use super::session::Session;
use super::state::Pane;

/// One input to the reader's state.
#[derive(Debug, Clone)]
pub enum Input {
    /// A keymap action (while the search line is open, its keys: editing,
    /// Enter, Esc, the search keys).
    Action(Action),
    /// A character typed into the line being edited (the search line, the
    /// finder's query).
    Typed(char),
    /// A letter typed while link hints are shown; any other key closes them.
    HintLetter(char),
    CancelHints,
    /// A click on the article pane at a row and column inside it.
    ClickArticle {
        row: usize,
        column: usize,
    },
    /// A click on a footnote of the footnote pane, or on an item (entity or
    /// category) of the sidebar.
    ClickFootnote(u32),
    ClickSidebar(usize),
    /// A click on a result of the finder.
    ClickFinderResult(usize),
    /// The wheel over a pane (which then takes the keys), three lines at a time.
    Wheel {
        pane: Pane,
        down: bool,
    },
    /// The terminal's new size.
    Resize {
        width: u16,
        height: u16,
    },
    /// A signal ends the reader: it quits as on `q` (its place is saved).
    Signalled,
    /// At start: the names of the keymap's keys, the help's line count, a
    /// saved session to offer, a message to show.
    KeyNames(KeyNames),
    HelpLines(usize),
    OfferResume(Session),
    Say(String),
}
