//! The reader's state and the only place it changes (`App::update`).
//! Nothing here draws; the `ui` modules read this state to draw it.

pub mod action;
pub mod finder;
pub mod hints;
pub mod history;
pub mod indexing;
pub mod key_names;
pub mod page;
pub mod previews;
pub mod screen;
pub mod search;
pub mod session;
pub mod state;

pub use action::Action;
pub use state::{App, Pane, Popup};
