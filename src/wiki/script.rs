//! Which script a character belongs to, as far as reading and line breaking
//! care: CJK (written without spaces between words) and Han (ideographs).
//!
//! The one place these ranges are written: the parsers (whether a line
//! break between two lines is a space), the layout (numbers stay with the
//! unit after them) and the finder (which names have a pinyin spelling) all
//! ask here. Pure functions over `char`; never anything else.

use std::ops::RangeInclusive;

/// Scripts written without spaces between words (Hangul Jamo, CJK radicals,
/// kana, Bopomofo, Han, Yi, Hangul syllables) and their full-width
/// punctuation and forms.
const CJK: &[RangeInclusive<u32>] = &[
    0x1100..=0x11FF,   // Hangul Jamo
    0x2E80..=0x2FFF,   // CJK and Kangxi radicals, description characters
    0x3000..=0x33FF, // CJK punctuation, kana, Bopomofo, Hangul compatibility, enclosed, compatibility
    0x3400..=0x4DBF, // Extension A
    0x4DC0..=0x4DFF, // Yijing hexagram symbols
    0x4E00..=0x9FFF, // Unified Ideographs
    0xA000..=0xA4CF, // Yi
    0xA960..=0xA97F, // Hangul Jamo Extended-A
    0xAC00..=0xD7FF, // Hangul syllables, Jamo Extended-B
    0xF900..=0xFAFF, // Compatibility Ideographs
    0xFE30..=0xFE4F, // Compatibility forms (vertical punctuation)
    0xFF00..=0xFFEF, // Half-width and full-width forms
    0x20000..=0x3FFFF, // Supplementary and tertiary ideographic planes
];

/// Han ideographs: the unified ideographs and their extensions, the
/// compatibility ideographs, and the ideographic zero `〇`.
const HAN: &[RangeInclusive<u32>] = &[
    0x3007..=0x3007,
    0x3400..=0x4DBF,
    0x4E00..=0x9FFF,
    0xF900..=0xFAFF,
    0x20000..=0x3FFFF,
];

fn in_ranges(c: char, ranges: &[RangeInclusive<u32>]) -> bool {
    let code = c as u32;
    // Sorted and disjoint: the first range not wholly below `code` decides.
    let at = ranges.partition_point(|range| *range.end() < code);
    ranges.get(at).is_some_and(|range| range.contains(&code))
}

/// Characters of scripts written without spaces between words (Han, kana,
/// Hangul…) and their full-width punctuation: two lines joined between such
/// characters need no space.
pub fn is_cjk(c: char) -> bool {
    !c.is_ascii() && in_ranges(c, CJK)
}

/// Han ideographs (`中`, `𠀀`, `〇`), not their punctuation nor kana.
pub fn is_han(c: char) -> bool {
    !c.is_ascii() && in_ranges(c, HAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [CJK, HAN] {
            for pair in table.windows(2) {
                assert!(pair[0].end() < pair[1].start(), "{pair:?}");
            }
            assert!(table.iter().all(|range| range.start() <= range.end()));
        }
    }

    #[test]
    fn cjk_and_han() {
        // (character, is_cjk, is_han)
        let table: &[(char, bool, bool)] = &[
            ('中', true, true),
            ('龍', true, true),
            ('𠀀', true, true),
            ('〇', true, true),
            ('豈', true, true), // U+F900, a compatibility ideograph
            ('，', true, false),
            ('。', true, false),
            ('「', true, false),
            ('の', true, false),
            ('カ', true, false),
            ('한', true, false),
            ('ㄅ', true, false),
            ('Ａ', true, false),
            ('a', false, false),
            ('1', false, false),
            ('é', false, false),
            ('ش', false, false),
            ('·', false, false),
            ('—', false, false),
            (' ', false, false),
            ('\u{a0}', false, false),
        ];
        for &(c, cjk, han) in table {
            assert_eq!(is_cjk(c), cjk, "is_cjk({c:?})");
            assert_eq!(is_han(c), han, "is_han({c:?})");
        }
    }

    #[test]
    fn every_han_character_is_cjk() {
        for range in HAN {
            for code in [*range.start(), *range.end()] {
                let c = char::from_u32(code).expect("a character");
                assert!(is_cjk(c), "U+{code:04X}");
            }
        }
    }
}
