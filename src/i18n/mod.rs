//! The interface's words, in English and in Chinese: every text the reader
//! shows around an article (status bar, messages, pane and popup titles,
//! help, the opening screen) comes from this one catalogue, in the one
//! language chosen at start (`--lang`, else the locale: `LC_ALL`,
//! `LC_MESSAGES`, `LANG`), so that one screen speaks one language.
//!
//! It holds words only: it never decides what is shown, and it never
//! touches an article's own text (which is in whatever language it is).

mod actions;
mod catalogue;

pub use actions::action_description;
pub use catalogue::Text;

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The language named `name` (`en`, `zh`, `zh_CN.UTF-8`, `en-US`…).
    pub fn from_name(name: &str) -> Option<Lang> {
        let name = name.trim().to_ascii_lowercase();
        if name.starts_with("zh") {
            Some(Lang::Zh)
        } else if name.starts_with("en") || name == "c" || name == "posix" || name.starts_with("c.")
        {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The locale's language: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set; Chinese when it is a Chinese locale, else English.
    pub fn from_locale() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_name(&value))
            .unwrap_or(Lang::En)
    }
}

/// The language in use: English until [`set_lang`] says otherwise.
static LANG: AtomicU8 = AtomicU8::new(0);

/// Chooses the interface's language (once, at start).
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The interface's language.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

/// `text` in the language in use, its `{0}`, `{1}`… filled with `args`.
pub fn tr(text: Text, args: &[&dyn std::fmt::Display]) -> String {
    fill(text.in_lang(lang()), args)
}

/// `template` with `{0}`, `{1}`… replaced by `args` (a place with no
/// argument is left as it is).
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let index = close.and_then(|close| after[..close].parse::<usize>().ok());
        match (index.and_then(|i| args.get(i)), close) {
            (Some(arg), Some(close)) => {
                out.push_str(&arg.to_string());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `tr!(Text::Name, a, b)`: the text in the language in use, filled.
#[macro_export]
macro_rules! tr {
    ($text:expr $(, $arg:expr)* $(,)?) => {
        $crate::i18n::tr($text, &[$(&$arg as &dyn std::fmt::Display),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_names_and_locales() {
        assert_eq!(Lang::from_name("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_name("zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_name("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_name("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_name("fr_FR"), None);
    }

    #[test]
    fn places_are_filled_in_any_order() {
        assert_eq!(fill("{1} of {0}", &[&"a", &2]), "2 of a");
        assert_eq!(fill("{0}{{x}", &[&"a"]), "a{{x}");
        assert_eq!(fill("{9} stays", &[&"a"]), "{9} stays");
    }

    /// The places (`{0}`, `{1}`…) a template has, sorted.
    fn places(template: &str) -> Vec<usize> {
        let mut found: Vec<usize> = template
            .split('{')
            .skip(1)
            .filter_map(|piece| piece.split_once('}')?.0.parse().ok())
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_text_has_both_languages_with_the_same_places() {
        for &text in Text::ALL {
            let (en, zh) = (text.in_lang(Lang::En), text.in_lang(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty(), "{text:?}");
            assert_eq!(places(en), places(zh), "{text:?}: {en} / {zh}");
        }
    }

    #[test]
    fn chinese_texts_hold_no_english_words() {
        // Key names (`Enter`, `q`) and the program's name may appear.
        let allowed = [
            "wikiread",
            "Enter",
            "Esc",
            "Ctrl",
            "MB",
            ".mediawiki",
            ".wiki",
            ".md",
        ];
        for &text in Text::ALL {
            let zh = text.in_lang(Lang::Zh);
            let mut cleaned = zh.to_string();
            for word in allowed {
                cleaned = cleaned.replace(word, "");
            }
            let letters = cleaned
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .collect::<Vec<_>>();
            assert!(letters.is_empty(), "{text:?}: {zh} has {letters:?}");
        }
    }
}
