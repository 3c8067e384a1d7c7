//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The strings that must never appear in a dump: raw markup of either format.
pub const RAW_MARKUP: &[&str] = &[
    "<div",
    "<span",
    "<table",
    "<td",
    "<tr",
    "<br",
    "<small",
    "<sup",
    "<center",
    "<font",
    "[[",
    "]]",
    "{{",
    "}}",
    "<ref",
    "</",
    "\"wikilink\"",
    "](",
    "\\[",
    "'''",
    "-{",
];

/// The five sample articles: (title, expected footnote count).
pub const SAMPLES: &[(&str, usize)] = &[
    ("東突厥斯坦共和國", 50),
    ("苏联入侵新疆", 33),
    ("俄羅斯入侵突厥斯坦", 5),
    ("清军收复新疆之战", 9),
    ("伊犁危機", 21),
];

pub fn articles_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("articles")
}

/// `../shared/corpus` next to the project, when it exists.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// The markup strings found in `text`, with a little context each.
pub fn raw_markup_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for needle in RAW_MARKUP {
        if let Some(at) = text.find(needle) {
            let start = text[..at]
                .char_indices()
                .rev()
                .nth(20)
                .map_or(0, |(i, _)| i);
            let end = text[at..]
                .char_indices()
                .nth(30)
                .map_or(text.len(), |(i, _)| at + i);
            found.push(format!("{needle:?} in …{}…", &text[start..end]));
        }
    }
    found
}
