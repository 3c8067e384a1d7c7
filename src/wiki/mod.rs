//! The wiki vocabulary: what both parsers, the layout, the finder and the
//! corpus must agree on about a wiki, in one place.
//!
//! - [`namespaces`]: namespace names (zh, en, ja and a few others) and
//!   splitting `File:X` / `分類:X` titles.
//! - [`interwiki`]: sister-project prefixes (`wikt:`, `commons:`, `d:` …).
//! - [`languages`]: Wikipedia language codes (`en:`, `zh-yue:`, `simple:`).
//! - [`html_entities`]: HTML character references (`&nbsp;`, `&#91;`).
//! - [`script`]: which characters are CJK, which are Han.
//! - [`titles`]: title spellings, keys and addresses.
//! - [`images`]: image options of `[[File:…|thumb|200px|…]]`.
//! - [`templates`]: which template names are infoboxes.
//! - [`site`]: the web address of a wiki and of its articles.
//! - [`MONTH_NAMES`]: the months in English, MediaWiki's default language.
//!
//! Knowledge that is data is kept as const tables, each with its own test.
//! Everything here is a pure function of its arguments: it never touches a
//! file, a terminal or the document model's structures, and it never panics
//! on any input.

pub mod html_entities;
pub mod images;
pub mod interwiki;
pub mod languages;
pub mod namespaces;
pub mod script;
pub mod site;
pub mod templates;
pub mod titles;

/// The months in English (MediaWiki's default content language), January
/// first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
