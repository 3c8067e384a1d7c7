//! What templates show, as data: the silent templates, the templates that
//! show some of their arguments or a fixed text, musical symbols and
//! country codes, read once from `templates.toml` (compiled in).
//!
//! Only lookups: it never converts wikitext and never reads a file.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What a template in the `shows` table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// Positional argument `n` (from 0).
    Argument(usize),
    Last,
    List,
    Words,
    Strong,
    Emphasis,
    /// A named argument, else the first positional one.
    Named(String),
    Fixed(String),
}

impl Shows {
    fn read(rule: &str) -> Option<Shows> {
        Some(match rule {
            "last" => Shows::Last,
            "list" => Shows::List,
            "words" => Shows::Words,
            "strong" => Shows::Strong,
            "emphasis" => Shows::Emphasis,
            _ => {
                if let Some(text) = rule.strip_prefix('=') {
                    Shows::Fixed(text.to_string())
                } else if let Some(key) = rule.strip_prefix("named:") {
                    Shows::Named(key.to_string())
                } else {
                    let n: usize = rule.parse().ok()?;
                    Shows::Argument(n.checked_sub(1)?)
                }
            }
        })
    }
}

#[derive(Deserialize, Default)]
struct Raw {
    silent: Vec<String>,
    silent_prefixes: Vec<String>,
    shows: HashMap<String, String>,
    music: HashMap<String, String>,
    countries: HashMap<String, [String; 2]>,
}

/// The tables, ready for lookups.
pub struct TemplateData {
    silent: HashSet<String>,
    silent_prefixes: Vec<String>,
    shows: HashMap<String, Shows>,
    music: HashMap<String, String>,
    countries: HashMap<String, [String; 2]>,
}

impl TemplateData {
    pub fn get() -> &'static TemplateData {
        static DATA: OnceLock<TemplateData> = OnceLock::new();
        DATA.get_or_init(|| {
            // A broken table is caught by the tests; at run time it reads as empty.
            let raw: Raw = toml::from_str(include_str!("templates.toml")).unwrap_or_default();
            TemplateData {
                silent: raw.silent.into_iter().collect(),
                silent_prefixes: raw.silent_prefixes,
                shows: raw
                    .shows
                    .into_iter()
                    .filter_map(|(name, rule)| Some((name, Shows::read(&rule)?)))
                    .collect(),
                music: raw.music,
                countries: raw.countries,
            }
        })
    }

    /// Whether template `key` (lower case) shows nothing, without a warning.
    pub fn is_silent(&self, key: &str) -> bool {
        self.silent.contains(key)
            || self
                .silent_prefixes
                .iter()
                .any(|p| key.starts_with(p.as_str()))
    }

    pub fn shows(&self, key: &str) -> Option<&Shows> {
        self.shows.get(key)
    }

    /// `{{music|sharp}}` → ♯.
    pub fn music(&self, name: &str) -> Option<&str> {
        self.music
            .get(name)
            .or_else(|| self.music.get(&name.to_lowercase()))
            .map(String::as_str)
    }

    /// A country's name from a flag code (`ROU`, `QING-1862`, `rus`), in
    /// Chinese or English.
    pub fn country(&self, code: &str, chinese: bool) -> Option<&str> {
        let code = code.trim();
        let code = match code.rsplit_once('-') {
            Some((head, year)) if !head.is_empty() && year.bytes().all(|b| b.is_ascii_digit()) => {
                head
            }
            _ => code,
        };
        let names = self.countries.get(&code.to_ascii_uppercase())?;
        Some(if chinese { &names[0] } else { &names[1] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_read_whole() {
        let raw: Raw = toml::from_str(include_str!("templates.toml")).expect("templates.toml");
        let data = TemplateData::get();
        assert_eq!(data.shows.len(), raw.shows.len(), "every rule reads");
        assert!(data.silent.len() > 150);
        assert!(data.is_silent("reflist-talk"));
        assert!(data.is_silent("portal bar"));
        assert_eq!(data.shows("nowrap"), Some(&Shows::Argument(0)));
        assert_eq!(data.shows("wbr"), Some(&Shows::Fixed(String::new())));
        assert_eq!(data.shows("audio"), Some(&Shows::Last));
        assert_eq!(data.music("sharp"), Some("♯"));
        assert_eq!(data.music("Flat"), Some("♭"));
        assert_eq!(data.country("ROU", true), Some("罗马尼亚"));
        assert_eq!(data.country("QING-1862", true), Some("清朝"));
        assert_eq!(data.country("rus", false), Some("Russia"));
        assert_eq!(data.country("-", true), None);
        // Names are written as the parser looks them up: lower case.
        for name in data.shows.keys().chain(&data.silent) {
            assert_eq!(&name.to_lowercase(), name);
        }
    }
}
