//! Interwiki prefixes that are not languages: `wikt:`, `s:`, `commons:`,
//! `d:` … and the sister project each names.
//!
//! One table for both parsers. Prefixes are looked up without regard to
//! ASCII case and surrounding space. Language prefixes (`en:`) are
//! [`super::languages`]'; this module never guesses one.

/// A sister project an interwiki prefix names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Project {
    /// One wiki per language: the host after the language (`wiktionary.org`
    /// for `zh.wiktionary.org`).
    PerLanguage(&'static str),
    /// One wiki for every language: its host (`commons.wikimedia.org`).
    Global(&'static str),
}

impl Project {
    /// The host of the project's wiki in `language` (ignored by global ones).
    pub fn host(self, language: &str) -> String {
        match self {
            Project::PerLanguage(domain) => {
                format!("{}.{domain}", language.trim().to_ascii_lowercase())
            }
            Project::Global(host) => host.to_string(),
        }
    }
}

/// Prefix → project.
const PREFIXES: &[(&str, Project)] = &[
    ("wikipedia", Project::PerLanguage("wikipedia.org")),
    ("w", Project::PerLanguage("wikipedia.org")),
    ("wiktionary", Project::PerLanguage("wiktionary.org")),
    ("wikt", Project::PerLanguage("wiktionary.org")),
    ("wikisource", Project::PerLanguage("wikisource.org")),
    ("s", Project::PerLanguage("wikisource.org")),
    ("wikiquote", Project::PerLanguage("wikiquote.org")),
    ("q", Project::PerLanguage("wikiquote.org")),
    ("wikibooks", Project::PerLanguage("wikibooks.org")),
    ("b", Project::PerLanguage("wikibooks.org")),
    ("wikinews", Project::PerLanguage("wikinews.org")),
    ("n", Project::PerLanguage("wikinews.org")),
    ("wikiversity", Project::PerLanguage("wikiversity.org")),
    ("v", Project::PerLanguage("wikiversity.org")),
    ("wikivoyage", Project::PerLanguage("wikivoyage.org")),
    ("voy", Project::PerLanguage("wikivoyage.org")),
    ("commons", Project::Global("commons.wikimedia.org")),
    ("c", Project::Global("commons.wikimedia.org")),
    ("wikidata", Project::Global("www.wikidata.org")),
    ("d", Project::Global("www.wikidata.org")),
    ("meta", Project::Global("meta.wikimedia.org")),
    ("m", Project::Global("meta.wikimedia.org")),
    ("wikispecies", Project::Global("species.wikimedia.org")),
    ("species", Project::Global("species.wikimedia.org")),
    ("mediawikiwiki", Project::Global("www.mediawiki.org")),
    ("mw", Project::Global("www.mediawiki.org")),
];

/// The project an interwiki prefix names (`wikt` → Wiktionary).
pub fn project(prefix: &str) -> Option<Project> {
    let prefix = prefix.trim();
    PREFIXES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(prefix))
        .map(|(_, project)| *project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_name_projects() {
        // (prefix, host in zh, or none)
        let table: &[(&str, Option<&str>)] = &[
            ("wikt", Some("zh.wiktionary.org")),
            ("Wiktionary", Some("zh.wiktionary.org")),
            ("s", Some("zh.wikisource.org")),
            (" q ", Some("zh.wikiquote.org")),
            ("b", Some("zh.wikibooks.org")),
            ("n", Some("zh.wikinews.org")),
            ("v", Some("zh.wikiversity.org")),
            ("voy", Some("zh.wikivoyage.org")),
            ("w", Some("zh.wikipedia.org")),
            ("commons", Some("commons.wikimedia.org")),
            ("c", Some("commons.wikimedia.org")),
            ("d", Some("www.wikidata.org")),
            ("m", Some("meta.wikimedia.org")),
            ("species", Some("species.wikimedia.org")),
            ("mw", Some("www.mediawiki.org")),
            ("en", None),
            ("category", None),
            ("", None),
            ("wiktionaryx", None),
        ];
        for &(prefix, host) in table {
            assert_eq!(
                project(prefix).map(|p| p.host("zh")).as_deref(),
                host,
                "{prefix:?}"
            );
        }
    }

    #[test]
    fn prefixes_are_unique() {
        for (i, (a, _)) in PREFIXES.iter().enumerate() {
            assert!(PREFIXES[i + 1..].iter().all(|(b, _)| a != b), "{a}");
            assert_eq!(*a, a.to_ascii_lowercase());
        }
    }
}
