//! The reader's state and the only place it changes: `App::apply` takes
//! every input (the keymap's actions through `App::update`, clicks, typed
//! text, a new size: see `input`), and `App`'s fields are its own. Nothing
//! here draws; the `ui` modules read this state through its accessors.

pub mod action;
pub mod finder;
pub mod footnote_pane;
pub mod full_text;
pub mod hints;
pub mod history;
pub mod indexing;
pub mod input;
pub mod key_names;
pub mod list_cursor;
pub mod newest;
pub mod notebook;
pub mod opener;
pub mod page;
pub mod previews;
pub mod query_line;
pub mod screen;
pub mod search;
pub mod session;
pub mod state;

pub use action::Action;
pub use input::Input;
pub use state::{App, Layer, Pane, Popup};
