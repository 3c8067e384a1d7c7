//! The characters that may be typed next: for each name that matches a
//! query of letters and digits, which letters or digits, typed after it,
//! keep the name a match.
//!
//! The search thread works them out while it waits for the next keystroke.
//! When that keystroke adds one letter, the new query's matches are then a
//! look-up among the earlier ones instead of a check of each name's keys,
//! so a broad query on a large index is counted as soon as it is ranked.
//! The rules are the matcher's (a subsequence of the primary spelling, of
//! the folded name, or of some choice of readings); this module never
//! decides a match by rules of its own, and never ranks.

use super::index::Index;
use super::matcher::Query;
use super::{mask, pinyin};
use rayon::prelude::*;

/// Names looked at between two checks for cancellation.
const CHUNK: usize = 8192;

/// What may follow a query, for each of its matches.
#[derive(Debug, Clone)]
pub struct Followers {
    /// The query (plain: lower-case letters and digits).
    typed: String,
    /// For each name of the matches they were made from, in that order:
    /// the [`mask::bit`]s of what may be typed next.
    next: Vec<u64>,
}

impl Followers {
    /// What may follow `query` for each name of `matched`, which must be
    /// exactly the names that match it. `None` when `cancelled` turned
    /// true, or when `query` is not plain letters and digits.
    pub fn of(
        index: &Index,
        query: &Query,
        matched: &[u32],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Followers> {
        let typed = query.plain()?;
        let mut next = vec![0u64; matched.len()];
        let finished = next
            .par_chunks_mut(CHUNK)
            .zip(matched.par_chunks(CHUNK))
            .all(|(next, part)| {
                if cancelled() {
                    return false;
                }
                for (next, &item) in next.iter_mut().zip(part) {
                    *next = next_of(index, item, typed);
                }
                true
            });
        finished.then(|| Followers {
            typed: typed.to_owned(),
            next,
        })
    }

    /// The names that match `query`, when it is this query with one more
    /// letter or digit: those of `matched` (the matches these followers
    /// were made from) it may follow. `None` for any other query.
    pub fn narrow(&self, matched: &[u32], query: &Query) -> Option<Vec<u32>> {
        let typed = query.plain()?;
        let [added] = typed.strip_prefix(self.typed.as_str())?.as_bytes() else {
            return None;
        };
        if matched.len() != self.next.len() {
            return None;
        }
        let bit = mask::bit(char::from(*added));
        Some(
            matched
                .iter()
                .zip(&self.next)
                .filter(|&(_, next)| next & bit != 0)
                .map(|(&item, _)| item)
                .collect(),
        )
    }
}

/// What may follow `typed` in name `item`, through any of its keys.
fn next_of(index: &Index, item: u32, typed: &str) -> u64 {
    let keys = index.keys(item as usize);
    let mut next = after_subsequence(keys.spelling.as_bytes(), typed.as_bytes())
        | after_subsequence(keys.folded.as_bytes(), typed.as_bytes());
    if !keys.alternates.is_empty() {
        next |= pinyin::letters_after_coded(keys.alternates, typed);
    }
    next
}

/// The letters and digits of `key` after the earliest place where `typed`
/// is a subsequence of it (nothing when it is not): exactly those that,
/// added to `typed`, keep it a subsequence.
fn after_subsequence(key: &[u8], typed: &[u8]) -> u64 {
    let mut wanted = typed.iter();
    let mut want = wanted.next();
    let mut next = 0u64;
    for &b in key {
        match want {
            Some(&w) => {
                if b == w {
                    want = wanted.next();
                }
            }
            None => {
                if b.is_ascii_alphanumeric() {
                    next |= mask::bit(char::from(b));
                }
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::super::index::Item;
    use super::super::matcher::{Preferences, search};
    use super::*;

    fn index_of(names: &[String]) -> Index {
        Index::new(Item::articles(names.iter().cloned()))
    }

    fn matches_of(index: &Index, text: &str) -> Vec<u32> {
        let preferences = Preferences::default();
        search(index, &Query::new(text), None, &preferences, 10, &|| false)
            .expect("never cancelled")
            .matched
    }

    #[test]
    fn what_follows_a_subsequence_is_what_comes_after_its_earliest_end() {
        let letters = |key: &str, typed: &str| after_subsequence(key.as_bytes(), typed.as_bytes());
        assert_eq!(letters("xinjiang", "xin"), mask::of("jiang"));
        assert_eq!(letters("xinxin", "xin"), mask::of("xin"));
        assert_eq!(letters("xin", "xin"), 0);
        assert_eq!(letters("nix", "xin"), 0);
        assert_eq!(letters("x1 新b", "x"), mask::of("1b"));
    }

    #[test]
    fn what_follows_in_some_reading_is_what_that_reading_allows() {
        // 重庆: zhong, chong or tong; then qing.
        let code = pinyin::readings_code("重庆");
        assert_eq!(
            pinyin::letters_after_coded(&code, "ch"),
            mask::of("ongqing")
        );
        assert_eq!(pinyin::letters_after_coded(&code, "t"), mask::of("ongqing"));
        assert_eq!(pinyin::letters_after_coded(&code, "q"), mask::of("ing"));
        assert_eq!(pinyin::letters_after_coded(&code, "x"), 0);
    }

    /// The narrowed matches are the matcher's own, for every query of a
    /// broad set, over names with Latin letters, digits and polyphonic
    /// characters.
    #[test]
    fn narrowing_by_followers_finds_exactly_what_a_search_finds() {
        let mut names = super::super::synthetic::titles(4000, 3);
        names.extend(
            [
                "重庆",
                "長沙",
                "Xinjiang 1884",
                "x1b",
                "行长",
                "银行",
                "乐乐",
            ]
            .iter()
            .map(|n| n.to_string()),
        );
        let index = index_of(&names);
        let mut checked = 0;
        for start in [
            "x", "xi", "xin", "zh", "ch", "z", "q", "1", "x1", "ha", "yi",
        ] {
            let query = Query::new(start);
            let matched = matches_of(&index, start);
            let followers = Followers::of(&index, &query, &matched, &|| false).expect("plain");
            for added in ('a'..='z').chain('0'..='9') {
                let longer = format!("{start}{added}");
                let narrowed = followers
                    .narrow(&matched, &Query::new(&longer))
                    .expect("one more character");
                assert_eq!(narrowed, matches_of(&index, &longer), "{longer}");
                checked += narrowed.len();
            }
        }
        assert!(checked > 1000, "too few matches to tell: {checked}");
    }

    #[test]
    fn only_one_more_character_of_a_plain_query_narrows() {
        let names: Vec<String> = ["新疆", "xinjiang"].iter().map(|n| n.to_string()).collect();
        let index = index_of(&names);
        let matched = matches_of(&index, "xin");
        let followers =
            Followers::of(&index, &Query::new("xin"), &matched, &|| false).expect("plain");
        assert!(followers.narrow(&matched, &Query::new("xinj")).is_some());
        for other in ["xinji", "xin j", "xi", "新", "xinJ!", "zin"] {
            assert!(
                followers.narrow(&matched, &Query::new(other)).is_none(),
                "{other}"
            );
        }
        assert!(
            followers
                .narrow(&matched[..1], &Query::new("xinj"))
                .is_none()
        );
        assert!(Followers::of(&index, &Query::new("新"), &[], &|| false).is_none());
        assert!(Followers::of(&index, &Query::new("xin"), &matched, &|| true).is_none());
    }
}
