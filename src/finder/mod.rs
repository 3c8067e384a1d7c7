//! The finder's engine: names indexed once, matched by fuzzy search in
//! Chinese, pinyin or Latin, ranked, and searched off the interface thread.
//!
//! This module knows nothing of the terminal, the corpus or the reader's
//! state: callers give it names ([`Item`]s) and queries, and get ranked
//! [`Hit`]s back. `app::finder` decides what the names are; `ui` draws them.

pub mod fold;
pub mod followers;
pub mod index;
pub mod items;
pub mod mask;
pub mod matcher;
pub mod pairs;
pub mod pinyin;
pub mod synthetic;
pub mod titles;
pub mod worker;

pub use index::{Index, Item, ItemKind};
pub use items::{ItemRef, Items};
pub use matcher::{Hit, Outcome, Preferences, Query, Tier, count, search, search_ranked};
pub use worker::{LazyIndex, Request, Response, Searcher};
