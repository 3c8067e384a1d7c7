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
    /// The last positional argument read as TeX (`{{tmath|\\alpha}}` → α).
    Tex,
}

impl Shows {
    fn read(rule: &str) -> Option<Shows> {
        Some(match rule {
            "last" => Shows::Last,
            "list" => Shows::List,
            "words" => Shows::Words,
            "strong" => Shows::Strong,
            "emphasis" => Shows::Emphasis,
            "tex" => Shows::Tex,
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

    /// Whether the tables know the template `call` (`name|args…`) names.
    pub fn knows(&self, call: &str) -> bool {
        let name = call
            .split('|')
            .next()
            .unwrap_or("")
            .trim()
            .replace('_', " ")
            .to_lowercase();
        self.is_silent(&name) || self.shows.contains_key(&name) || name == "music"
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

/// What a template call left as plain text (`music|sharp`, `wbr`,
/// `nowrap|1 km`; a Markdown conversion's residue) shows, by the tables
/// alone: `Some(text)` when the tables know the template, else its
/// positional arguments joined by spaces (`None` when it has none).
pub fn residue_text(call: &str) -> Option<String> {
    let mut parts = call.split('|').map(str::trim);
    let name = parts.next().unwrap_or("").replace('_', " ").to_lowercase();
    let args: Vec<&str> = parts.collect();
    let positional: Vec<&str> = args.iter().copied().filter(|a| !a.contains('=')).collect();
    let named = |key: &str| {
        args.iter().find_map(|a| {
            let (k, v) = a.split_once('=')?;
            k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
        })
    };
    let data = TemplateData::get();
    if data.is_silent(&name) {
        return Some(String::new());
    }
    let first = positional.first().copied().unwrap_or("");
    if name == "music" {
        return Some(data.music(first).unwrap_or(first).to_string());
    }
    if matches!(
        name.as_str(),
        "fb" | "flag" | "flagcountry" | "flagu" | "country"
    ) {
        return Some(data.country(first, true).unwrap_or(first).to_string());
    }
    let text = match data.shows(&name) {
        Some(Shows::Fixed(text)) => text.clone(),
        Some(Shows::Argument(index)) => positional.get(*index).copied().unwrap_or("").to_string(),
        Some(Shows::Last) => positional.last().copied().unwrap_or("").to_string(),
        Some(Shows::Tex) => {
            crate::document::tex::readable_tex(positional.last().copied().unwrap_or(""))
        }
        Some(Shows::Named(key)) => named(key).unwrap_or(first).to_string(),
        Some(Shows::Strong | Shows::Emphasis) => first.to_string(),
        Some(Shows::List | Shows::Words) => positional.join(" "),
        None => {
            let words = positional.join(" ");
            return (!words.trim().is_empty()).then_some(words);
        }
    };
    Some(text)
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
        assert_eq!(residue_text("music|sharp").as_deref(), Some("♯"));
        assert_eq!(residue_text("wbr").as_deref(), Some(""));
        assert_eq!(residue_text("nowrap|1 km").as_deref(), Some("1 km"));
        assert_eq!(residue_text("fb|ROU").as_deref(), Some("罗马尼亚"));
        assert_eq!(residue_text("-").as_deref(), Some(""));
        assert_eq!(residue_text("Mystery|x|k=v").as_deref(), Some("x"));
        assert_eq!(residue_text("Mystery|k=v"), None);
        // Names are written as the parser looks them up: lower case.
        for name in data.shows.keys().chain(&data.silent) {
            assert_eq!(&name.to_lowercase(), name);
        }
    }
}
