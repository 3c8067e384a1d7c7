//! Title keys: one string for every spelling readers consider the same name.
//!
//! `伊犁危机`, `伊犁危機`, ` 伊犁_危機 ` and (for Latin titles) `foo bar` / `Foo bar`
//! all fold to one key. Used by the corpus index, link resolution and entity
//! counting. Pure string functions: never touches files.

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

/// The zh.wikipedia.org address of a title as people read it (an IRI: only
/// spaces and the characters that would end or break the address are encoded).
pub fn wikipedia_iri(title: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?');
    let underscored = normalize_spaces(title).replace(' ', "_");
    // Non-ASCII stays readable: encode only the ASCII set above.
    let mut out = String::from("https://zh.wikipedia.org/wiki/");
    for c in underscored.chars() {
        if c.is_ascii() {
            out.extend(utf8_percent_encode(c.encode_utf8(&mut [0; 4]), UNSAFE));
        } else {
            out.push(c);
        }
    }
    out
}

/// An address as people read it: percent-escapes decoded where they make
/// valid UTF-8, any control character so produced shown as a stand-in.
pub fn readable_url(url: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    crate::document::sanitize_controls(&decoded).into_owned()
}

/// The zh.wikipedia.org address of a title (for links that are not in the corpus).
pub fn wikipedia_url(title: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let underscored = normalize_spaces(title).replace(' ', "_");
    format!(
        "https://zh.wikipedia.org/wiki/{}",
        utf8_percent_encode(&underscored, PATH)
    )
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
    fn readable_addresses_keep_chinese() {
        assert_eq!(
            wikipedia_iri("穆扎尔特山"),
            "https://zh.wikipedia.org/wiki/穆扎尔特山"
        );
        assert_eq!(
            wikipedia_iri("A b?c"),
            "https://zh.wikipedia.org/wiki/A_b%3Fc"
        );
    }

    #[test]
    fn readable_urls_decode_but_stay_harmless() {
        assert_eq!(
            readable_url(&wikipedia_url("伊犁危機")),
            "https://zh.wikipedia.org/wiki/伊犁危機"
        );
        assert_eq!(readable_url("http://x/%1B%5B2J"), "http://x/␛[2J");
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            wikipedia_url("新疆省 (中華民國)"),
            "https://zh.wikipedia.org/wiki/%E6%96%B0%E7%96%86%E7%9C%81_(%E4%B8%AD%E8%8F%AF%E6%B0%91%E5%9C%8B)"
        );
    }
}
