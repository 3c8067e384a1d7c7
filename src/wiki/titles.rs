//! Titles: how a title is written down (spaces, underscores, percent
//! escapes) and the key under which every spelling readers consider the
//! same name is one.
//!
//! `伊犁危机`, `伊犁危機`, ` 伊犁_危機 ` and (for Latin titles) `foo bar` / `Foo bar`
//! all fold to one key. Used by both parsers (link targets), the corpus
//! index, link resolution and entity counting. Pure string functions: never
//! touches files, and never builds a path from a title. Web addresses of
//! titles are the site's ([`super::site`]).

/// The key under which `title` is indexed and looked up: surrounding space
/// trimmed, `_` read as a space, runs of space collapsed, Traditional Chinese
/// folded to Simplified, and a first letter upper-cased (MediaWiki's
/// first-letter rule). A `#` is part of the title (`C#`): links carry their
/// fragment separately.
pub fn title_key(title: &str) -> String {
    // File-name titles show control characters as stand-ins; so do keys.
    let visible = crate::document::sanitize_controls(title);
    let spaced = normalize_spaces(&visible);
    let folded = hanconv::t2s(&spaced);
    uppercase_first_letter(&folded)
}

/// `_` as space, whitespace runs collapsed, trimmed.
pub fn normalize_spaces(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title.split(|c: char| c == '_' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn uppercase_first_letter(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => {
            let mut out = String::with_capacity(text.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        _ => text.to_string(),
    }
}

/// An address as people read it: percent-escapes decoded where they make
/// valid UTF-8, any control character so produced shown as a stand-in.
pub fn readable_url(url: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    crate::document::sanitize_controls(&decoded).into_owned()
}

/// A title as written in a link or an address: percent escapes undone
/// (lossily), `_` read as a space, white space collapsed and trimmed, any
/// control character shown as a stand-in (`a_b%20 c` → `a b c`). The one
/// normaliser of link targets, for both parsers.
pub fn normalize(raw: &str) -> String {
    let decoded = if raw.contains('%') {
        percent_encoding::percent_decode_str(raw).decode_utf8_lossy()
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let visible = crate::document::sanitize_controls(&decoded);
    normalize_spaces(&visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_share_a_key() {
        assert_eq!(title_key("伊犁危機"), title_key("伊犁危机"));
        assert_eq!(title_key("東突厥斯坦共和國"), title_key("东突厥斯坦共和国"));
        assert_eq!(title_key("蘇聯"), title_key("苏联"));
    }

    #[test]
    fn spaces_underscores_and_first_letter_fold() {
        assert_eq!(
            title_key(" 新疆省_(中華民國) "),
            title_key("新疆省 (中华民国)")
        );
        assert_eq!(title_key("foo_bar"), "Foo bar");
        assert_eq!(title_key("Foo  bar"), "Foo bar");
        assert_ne!(title_key("foo Bar"), title_key("foo bar"));
    }

    #[test]
    fn a_raw_control_character_matches_its_stand_in() {
        assert_eq!(title_key("t\u{1b}[31mred"), title_key("t␛[31mred"));
    }

    #[test]
    fn a_hash_is_part_of_a_title() {
        assert_ne!(title_key("C#"), title_key("C"));
        assert_eq!(title_key("c#"), "C#");
    }

    #[test]
    fn accented_first_letters_fold_too() {
        assert_eq!(title_key("élan"), title_key("Élan"));
    }

    #[test]
    fn empty_and_odd_titles_do_not_panic() {
        assert_eq!(title_key(""), "");
        assert_eq!(title_key("#"), "#");
        assert_eq!(title_key("_ _"), "");
    }

    #[test]
    fn readable_urls_decode_but_stay_harmless() {
        assert_eq!(
            readable_url("https://zh.wikipedia.org/wiki/%E4%BC%8A%E7%8A%81%E5%8D%B1%E6%A9%9F"),
            "https://zh.wikipedia.org/wiki/伊犁危機"
        );
        assert_eq!(readable_url("http://x/%1B%5B2J"), "http://x/␛[2J");
    }

    #[test]
    fn link_targets_normalize() {
        // (as written, normalized)
        let table: &[(&str, &str)] = &[
            (" a_b  c ", "a b c"),
            ("a%20b", "a b"),
            ("%E4%B8%AD", "中"),
            ("新疆省_(中華民國)", "新疆省 (中華民國)"),
            ("a%1Bb", "a␛b"),
            ("100%", "100%"),
            ("50% off", "50% off"),
            ("%ZZ", "%ZZ"),
            ("a%5Fb", "a b"),
            ("\u{3000}全角\u{3000}", "全角"),
            ("", ""),
            ("__", ""),
        ];
        for &(raw, normalized) in table {
            assert_eq!(normalize(raw), normalized, "{raw:?}");
        }
    }
}
