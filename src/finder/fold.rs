//! Folding for matching: the one spelling under which the finder compares a
//! query with a name, whatever script variant, width or case either was
//! typed in.
//!
//! `蘇聯` and `苏联`, `ＡＢＣ` and `abc` fold alike. Folding keeps one output
//! character per input character, so a match found in the folded text
//! highlights the same characters of the original. Pure string functions:
//! never allocates more than its output, never looks anything up but
//! hanconv's tables.

/// `text` folded for matching: Traditional to Simplified (hanconv), full-width
/// forms to ASCII, the ideographic space to a space, lower case. One
/// character out for each character in.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let simplified = simplify(text);
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        out.push(lower_char(narrow(c)));
    }
    out
}

/// Traditional to Simplified with one character out for each in. Whole-text
/// conversion knows phrases (`乾隆` keeps its 乾); when it changes the
/// number of characters, each character is converted alone instead.
fn simplify(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let whole = hanconv::t2s(text);
    if whole.chars().count() == text.chars().count() {
        return whole;
    }
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let one = hanconv::t2s(c.encode_utf8(&mut buf));
        let mut chars = one.chars();
        match (chars.next(), chars.next()) {
            (Some(simple), None) => out.push(simple),
            _ => out.push(c),
        }
    }
    out
}

/// A full-width form (`Ａ`, `１`, `（`) as its ASCII twin; the ideographic
/// space as a space; anything else as itself.
pub fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Lower case when that is one character (`Σ` → `σ`); ASCII fast.
fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(fold("蘇聯入侵新疆"), "苏联入侵新疆");
        assert_eq!(fold("伊犁危機"), "伊犁危机");
        assert_eq!(fold("伊犁危机"), "伊犁危机");
    }

    #[test]
    fn full_width_latin_is_half_width_and_case_is_folded() {
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold("Ｃ＃　語言"), "c# 语言");
        assert_eq!(fold("ΣΑΣ"), "σασ");
    }

    #[test]
    fn one_character_out_for_each_in() {
        for text in [
            "乾隆皇帝",
            "東突厥斯坦共和國",
            "İstanbul",
            "ﬁ ligature",
            "\u{0}\u{1b}[31m",
            "",
        ] {
            assert_eq!(fold(text).chars().count(), text.chars().count(), "{text:?}");
        }
    }
}
