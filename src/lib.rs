//! wikiread: a terminal reader for a local corpus of wiki articles.
//!
//! The library holds everything but terminal set-up: parsing (`document`),
//! the corpus index and link resolution (`corpus`), layout for a width
//! (`layout`) and the non-interactive commands (`cli`). What the parsers,
//! the layout and the finder must agree on about a wiki (namespaces,
//! languages, entities, scripts, titles, sites) is in `wiki`.

pub mod app;
pub mod background;
pub mod cli;
pub mod corpus;
pub mod document;
pub mod finder;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod preprocess;
pub mod search;
pub mod tui;
pub mod ui;
pub mod wiki;

/// Title keys and spellings, under their older name (see [`wiki::titles`]).
pub use wiki::titles as title;
