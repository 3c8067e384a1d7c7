//! Pinyin spellings of names, so a reader without an input method finds
//! `左宗棠` by typing `zuozongtang`, `zuo zong` or `zzt`.
//!
//! Readings come from the `pinyin` crate, toneless, with `ü` typed as `v`
//! (or `u`). A polyphonic character may be spelled by any of its readings
//! (`重庆` is `chongqing` as well as `zhongqing`). Characters other than Han
//! ones keep ASCII letters and digits as themselves and are otherwise left
//! out. This module only spells and matches spellings; it never ranks.

use pinyin::ToPinyinMulti;

/// The distinct toneless readings of Han character `c` as the crate writes
/// them (`lü`), primary first: `["zhong", "chong", "tong"]` for `重`; none
/// for other characters.
fn han_readings(c: char) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi {
            let plain = reading.plain();
            if !found.contains(&plain) {
                found.push(plain);
            }
        }
    }
    found
}

/// The readings of the main Han blocks as typed letters, looked up by code
/// point: the matcher's inner loop asks for readings millions of times.
struct Table {
    /// For each code point from `FIRST`: where its readings start in
    /// `spans`, and how many there are.
    entries: Vec<(u32, u8)>,
    /// Each reading's start and length in `letters`.
    spans: Vec<(u32, u8)>,
    letters: Vec<u8>,
}

/// The table covers CJK Extension A and the Unified Ideographs.
const FIRST: u32 = 0x3400;
const END: u32 = 0xA000;

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Table {
            entries: Vec::with_capacity((END - FIRST) as usize),
            spans: Vec::new(),
            letters: Vec::new(),
        };
        for code in FIRST..END {
            let start = u32::try_from(table.spans.len()).unwrap_or(u32::MAX);
            let found = char::from_u32(code).map_or_else(Vec::new, typed_readings);
            for letters in &found {
                let at = u32::try_from(table.letters.len()).unwrap_or(u32::MAX);
                table.letters.extend_from_slice(letters);
                let len = table.letters.len() - at as usize;
                table.spans.push((at, u8::try_from(len).unwrap_or(u8::MAX)));
            }
            table
                .entries
                .push((start, u8::try_from(found.len()).unwrap_or(u8::MAX)));
        }
        table
    })
}

/// Calls `each` with every reading of `c` as typed letters (`lv` and `lu`
/// for `lü`), primary first; an ASCII letter or digit is its own reading.
#[inline]
pub fn for_each_typed(c: char, mut each: impl FnMut(usize, &[u8])) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            each(0, &[c.to_ascii_lowercase() as u8]);
        }
        return;
    }
    let code = c as u32;
    if (FIRST..END).contains(&code) {
        let table = table();
        let (start, count) = table.entries[(code - FIRST) as usize];
        for i in 0..usize::from(count) {
            let (at, len) = table.spans[start as usize + i];
            let at = at as usize;
            each(i, &table.letters[at..at + usize::from(len)]);
        }
        return;
    }
    for (i, letters) in typed_readings(c).iter().enumerate() {
        each(i, letters);
    }
}

/// Typed letters (ASCII) as text.
fn letters_str(letters: &[u8]) -> &str {
    std::str::from_utf8(letters).unwrap_or("")
}

/// The readings of Han character `c` as typed, primary first: `ü` as
/// `v`, then, as a reading of its own, as `u` (`lv`, `lu` for `lü`); `ê`
/// as `e`.
fn typed_readings(c: char) -> Vec<Vec<u8>> {
    let mut typed: Vec<Vec<u8>> = Vec::new();
    for reading in han_readings(c) {
        for umlaut in [b'v', b'u'] {
            let letters = typed_letters(reading, umlaut);
            if !letters.is_empty() && !typed.contains(&letters) {
                typed.push(letters);
            }
        }
    }
    typed
}

/// `reading` as ASCII letters, `ü` typed as `umlaut`, `ê` as `e`; any
/// other letter outside ASCII left out.
fn typed_letters(reading: &str, umlaut: u8) -> Vec<u8> {
    reading
        .chars()
        .filter_map(|c| match c {
            'ü' => Some(umlaut),
            'ê' => Some(b'e'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase() as u8),
            _ => None,
        })
        .collect()
}

/// The primary spellings of `name`: every character's first reading run
/// together (`zuozongtang`), and their first letters (`zzt`). Both empty
/// when `name` has no Han character (its own text already serves).
pub fn primary(name: &str) -> (String, String) {
    let mut spelling = String::new();
    let mut initials = String::new();
    if name.is_ascii() || !name.chars().any(crate::wiki::script::is_han) {
        return (spelling, initials);
    }
    for c in name.chars() {
        for_each_typed(c, |i, letters| {
            if i == 0 && !letters.is_empty() {
                initials.push(char::from(letters[0]));
                spelling.push_str(letters_str(letters));
            }
        });
    }
    (spelling, initials)
}

/// True when some character of `name` has more than one reading.
pub fn is_polyphonic(name: &str) -> bool {
    name.chars().any(|c| {
        let mut count = 0;
        for_each_typed(c, |_, _| count += 1);
        count > 1
    })
}

/// Ends a reading in [`readings_code`].
pub const READING_END: u8 = b',';
/// Ends a character's readings in [`readings_code`].
pub const CHARACTER_END: u8 = b';';

/// Every reading of every character of `name` that has one, in order,
/// readings of one character separated by `,` and each character's last
/// followed by `;` (`重庆` → `zhong,chong,tong;qing;`): what
/// [`can_spell_coded`] reads, without a table look-up per character.
/// Every spelling of the name is a subsequence of its letters.
pub fn readings_code(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let mut any = false;
        for_each_typed(c, |_, letters| {
            if any {
                out.push(char::from(READING_END));
            }
            out.push_str(letters_str(letters));
            any = true;
        });
        if any {
            out.push(char::from(CHARACTER_END));
        }
    }
    out
}

/// True when some choice of readings spells the name whose
/// [`readings_code`] is `code` so that `query` (lower case, no spaces) is a
/// subsequence of the spelling; the test [`choose_readings`] makes, from
/// the code and without recording the choice.
pub fn can_spell_coded(code: &str, query: &str) -> bool {
    // The first letter met past a whole match says enough.
    walk_coded(code, query.as_bytes(), |_| true)
}

/// The letters and digits that, typed after `query`, keep the name whose
/// [`readings_code`] is `code` spelled by some choice of readings: those
/// [`can_spell_coded`] would take next once `query` is matched, each as its
/// [`mask::bit`](super::mask::bit). Nothing when no choice spells `query`.
pub fn letters_after_coded(code: &str, query: &str) -> u64 {
    let mut after = 0u64;
    walk_coded(code, query.as_bytes(), |letter| {
        if letter.is_ascii_alphanumeric() {
            after |= super::mask::bit(char::from(letter));
        }
        false
    });
    after
}

/// Matches `query` against the readings `code` marks, each character
/// carrying the match as far as its furthest reading does; `past` hears
/// each letter met once a reading has carried the whole query (one that
/// could be typed next), and stops the walk by returning true. True when
/// some choice of readings spells the query.
#[inline]
fn walk_coded(code: &str, query: &[u8], mut past: impl FnMut(u8) -> bool) -> bool {
    // How far the query is matched before this character, the furthest
    // one of its readings so far carries it, and this reading's progress.
    let mut at = 0;
    let mut best = 0;
    let mut reading = 0;
    for &byte in code.as_bytes() {
        match byte {
            READING_END => {
                best = best.max(reading);
                reading = at;
            }
            CHARACTER_END => {
                at = best.max(reading);
                best = at;
                reading = at;
            }
            letter if reading == query.len() => {
                if past(letter) {
                    return true;
                }
            }
            letter => {
                if query.get(reading) == Some(&letter) {
                    reading += 1;
                }
            }
        }
    }
    at == query.len()
}

/// How far into `query` (from byte `from`) the letters of `reading` carry a
/// subsequence match: each letter of the reading, in order, takes the next
/// query byte if it is that letter.
#[inline]
fn consume(reading: &[u8], query: &[u8], from: usize) -> usize {
    let mut at = from;
    for &letter in reading {
        let Some(&want) = query.get(at) else { break };
        if letter == want {
            at += 1;
        }
    }
    at
}

/// The reading chosen for each character of `name` so that `query` (lower
/// case, no spaces) is a subsequence of the spelling, or `None` when no
/// choice of readings makes it one. Each character takes the reading that
/// carries the match furthest (the primary one on a tie), which finds a
/// match whenever one exists.
pub fn choose_readings(name: &str, query: &str) -> Option<Vec<u8>> {
    let query = query.as_bytes();
    let mut at = 0;
    let mut chosen = Vec::with_capacity(name.len() / 3 + 1);
    for c in name.chars() {
        let mut best = (at, 0u8);
        if at < query.len() {
            for_each_typed(c, |i, reading| {
                let reached = consume(reading, query, at);
                if reached > best.0 {
                    best = (reached, u8::try_from(i).unwrap_or(0));
                }
            });
        }
        at = best.0;
        chosen.push(best.1);
    }
    (at == query.len()).then_some(chosen)
}

/// `name` spelled with the chosen readings (the primary ones when `chosen`
/// is `None`), each Han syllable capitalised for the matcher's word-start
/// bonus (`ZuoZongTang`), with, for each character of the spelling, the
/// index of the character of `name` it spells.
pub fn spell(name: &str, chosen: Option<&[u8]>) -> (String, Vec<usize>) {
    let mut spelling = String::new();
    let mut owners = Vec::new();
    for (index, c) in name.chars().enumerate() {
        let pick = chosen
            .and_then(|chosen| chosen.get(index))
            .map_or(0, |&i| usize::from(i));
        let han = !c.is_ascii();
        for_each_typed(c, |i, letters| {
            if i != pick {
                return;
            }
            for (n, &letter) in letters.iter().enumerate() {
                let letter = char::from(letter);
                spelling.push(if han && n == 0 {
                    letter.to_ascii_uppercase()
                } else {
                    letter
                });
                owners.push(index);
            }
        });
    }
    (spelling, owners)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(name: &str, query: &str) -> bool {
        let found = choose_readings(name, query).is_some();
        let code = readings_code(name);
        assert_eq!(can_spell_coded(&code, query), found, "{name} {query}");
        found
    }

    #[test]
    fn primary_spelling_and_initials() {
        assert_eq!(
            primary("左宗棠"),
            ("zuozongtang".to_string(), "zzt".to_string())
        );
        assert_eq!(primary("伊犁危機").1, "ylwj");
        assert_eq!(primary("1884年伊犁条约").1, "1884nylty");
        assert_eq!(primary("Kashgar"), (String::new(), String::new()));
        assert_eq!(primary("绿洲").0, "lvzhou");
    }

    #[test]
    fn whole_initials_and_partial_spellings_match() {
        for query in ["zuozongtang", "zzt", "zuozong", "zuozt", "zongtang"] {
            assert!(finds("左宗棠", query), "{query}");
        }
        assert!(finds("伊犁危機", "ylwj"));
        assert!(!finds("左宗棠", "zzz"));
        assert!(!finds("左宗棠", "tangzuo"));
    }

    #[test]
    fn polyphonic_characters_match_by_any_reading() {
        assert!(finds("重庆", "chongqing"));
        assert!(finds("重庆", "zhongqing"));
        assert!(finds("重庆", "cq"));
        assert!(finds("长沙", "changsha"));
        assert!(finds("行长", "hangzhang"));
        assert!(finds("绿洲", "luzhou"));
        assert!(finds("绿洲", "lvzhou"));
        // `ü` typed as `u` where it is the only reading, and a Latin `v`
        // never typed as `u`.
        assert!(finds("女王", "nuwang"));
        assert!(finds("女王", "nvwang"));
        assert!(!finds("Soviet", "sou"));
        assert_eq!(choose_readings("重庆", "chongqing"), Some(vec![1, 0]));
    }

    #[test]
    fn the_readings_code_marks_readings_and_characters() {
        assert_eq!(readings_code("重庆"), "zhong,chong,tong;qing;");
        assert_eq!(readings_code("A股!"), "a;gu;");
        // `ê` is typed `e`; no reading is left empty.
        let code = readings_code("欸");
        assert!(
            code.trim_end_matches(';')
                .split([',', ';'])
                .all(|r| !r.is_empty()),
            "{code}"
        );
        assert!(readings_code("欸").split([',', ';']).any(|r| r == "e"));
        assert_eq!(readings_code(""), "");
        assert!(can_spell_coded("", ""));
        assert!(!can_spell_coded("", "a"));
        // A reading's progress never carries into the next reading of the
        // same character.
        assert!(!can_spell_coded("ab,cd;", "ac"));
        assert!(can_spell_coded("ab,cd;ef;", "ce"));
        assert!(can_spell_coded("ab,cd;ef;", "ae"));
        assert!(can_spell_coded("ab,cd;", "cd"));
    }

    #[test]
    fn spelling_maps_each_letter_to_its_character() {
        let (spelling, owners) = spell("重庆", Some(&[1, 0]));
        assert_eq!(spelling, "ChongQing");
        assert_eq!(owners, vec![0, 0, 0, 0, 0, 1, 1, 1, 1]);
        let (spelling, owners) = spell("A股", None);
        assert_eq!(spelling, "aGu");
        assert_eq!(owners, vec![0, 1, 1]);
    }
}
