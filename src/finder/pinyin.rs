//! Pinyin spellings of names, so a reader without an input method finds
//! `左宗棠` by typing `zuozongtang`, `zuo zong` or `zzt`.
//!
//! Readings come from the `pinyin` crate, toneless, with `ü` typed as `v`
//! (or `u`). A polyphonic character may be spelled by any of its readings
//! (`重庆` is `chongqing` as well as `zhongqing`). Characters other than Han
//! ones keep ASCII letters and digits as themselves and are otherwise left
//! out. This module only spells and matches spellings; it never ranks.

use pinyin::ToPinyinMulti;

/// Readings one character may be spelled by, at most this many.
const MAX_READINGS: usize = 8;

/// The distinct toneless readings of `c`, primary first: `["zhong", "chong",
/// "tong"]` for `重`; an ASCII letter or digit reads as itself (lower case);
/// other characters have none.
pub fn readings(c: char) -> Readings {
    let mut found = Readings {
        list: [""; MAX_READINGS],
        ascii: [0; 1],
        len: 0,
    };
    if c.is_ascii_alphanumeric() {
        found.ascii[0] = c.to_ascii_lowercase() as u8;
        found.len = 1;
        return found;
    }
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi {
            let plain = reading.plain();
            if found.len < MAX_READINGS && !found.list[..found.len].contains(&plain) {
                found.list[found.len] = plain;
                found.len += 1;
            }
        }
    }
    found
}

/// A character's readings (see [`readings`]).
#[derive(Debug, Clone, Copy)]
pub struct Readings {
    list: [&'static str; MAX_READINGS],
    ascii: [u8; 1],
    len: usize,
}

impl Readings {
    /// How many readings there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a character that is not spelled at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reading `i`, as the crate writes it (`lü`).
    pub fn get(&self, i: usize) -> &str {
        if i >= self.len {
            return "";
        }
        if self.ascii[0] != 0 {
            // An ASCII byte is always a whole character.
            std::str::from_utf8(&self.ascii).unwrap_or("")
        } else {
            self.list[i]
        }
    }
}

/// True when `c` has a Han reading (is spelled in pinyin, not as itself).
pub fn is_han(c: char) -> bool {
    !c.is_ascii() && !readings(c).is_empty()
}

/// The letters of reading `r` as typed: `ü` as `v`.
fn typed_letters(reading: &str) -> impl Iterator<Item = u8> + '_ {
    reading.chars().map(|c| if c == 'ü' { b'v' } else { c as u8 })
}

/// The primary spellings of `name`: every character's first reading run
/// together (`zuozongtang`), and their first letters (`zzt`). Both empty
/// when `name` has no Han character (its own text already serves).
pub fn primary(name: &str) -> (String, String) {
    let mut spelling = String::new();
    let mut initials = String::new();
    if !name.chars().any(is_han) {
        return (spelling, initials);
    }
    for c in name.chars() {
        let found = readings(c);
        let mut letters = typed_letters(found.get(0));
        if let Some(first) = letters.next() {
            initials.push(char::from(first));
            spelling.push(char::from(first));
            spelling.extend(letters.map(char::from));
        }
    }
    (spelling, initials)
}

/// True when some character of `name` has more than one reading.
pub fn is_polyphonic(name: &str) -> bool {
    name.chars().any(|c| readings(c).len() > 1)
}

/// The letters of every reading of every character of `name`, for a mask.
pub fn all_letters(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(|c| {
        let found = readings(c);
        (0..found.len())
            .flat_map(move |i| typed_letters(found.get(i)).collect::<Vec<_>>())
            .map(char::from)
    })
}

/// How far into `query` (from byte `from`) the letters of `reading` carry a
/// subsequence match: each letter of the reading, in order, takes the next
/// query byte if it is that letter. `ü` takes `v` or `u`.
fn consume(reading: &str, query: &[u8], from: usize) -> usize {
    let mut at = from;
    for c in reading.chars() {
        let Some(&want) = query.get(at) else { break };
        let hit = match c {
            'ü' => want == b'v' || want == b'u',
            _ => c as u32 == u32::from(want),
        };
        if hit {
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
        let found = readings(c);
        let mut best = (at, 0u8);
        if at < query.len() {
            for i in 0..found.len() {
                let reached = consume(found.get(i), query, at);
                if reached > best.0 {
                    best = (reached, i as u8);
                }
            }
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
        let found = readings(c);
        let pick = chosen
            .and_then(|chosen| chosen.get(index))
            .map_or(0, |&i| usize::from(i));
        let han = !c.is_ascii();
        for (n, letter) in typed_letters(found.get(pick)).enumerate() {
            let letter = char::from(letter);
            spelling.push(if han && n == 0 {
                letter.to_ascii_uppercase()
            } else {
                letter
            });
            owners.push(index);
        }
    }
    (spelling, owners)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(name: &str, query: &str) -> bool {
        choose_readings(name, query).is_some()
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
        assert_eq!(choose_readings("重庆", "chongqing"), Some(vec![1, 0]));
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
