//! The finder's index: the names one scope offers (article titles, headings,
//! footnotes or entities) with their matching keys computed once, so a
//! keystroke only compares.
//!
//! Keys live in a few flat buffers rather than one allocation per name,
//! which keeps a million titles compact and the scan cache-friendly. The
//! index never changes once built and never reads files: whoever builds it
//! gives it the names.

use super::{fold, mask, pinyin};
use rayon::prelude::*;

/// What a name stands for, which tells the reader what Enter does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// An article's own title; `target` is its id.
    Article,
    /// A redirect page's title; `target` is the article it leads to.
    Redirect,
    /// Another name of an article, from its lead (`target` = the article).
    Alias,
    /// A heading of the current article; `target` is its index.
    Heading,
    /// A footnote of the current article; `target` is its number.
    Footnote,
    /// An entity of the current article; `target` is its index.
    Entity,
}

/// One name the finder can offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The text matched and shown.
    pub name: String,
    pub kind: ItemKind,
    /// What Enter opens or jumps to (see [`ItemKind`]).
    pub target: usize,
}

/// Many strings in one buffer.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn get(&self, i: usize) -> &str {
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).map_or(0, |&e| e as usize)
        };
        self.text.get(start..end).unwrap_or("")
    }

    fn bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }

    fn append(&mut self, other: Strings) {
        for i in 0..other.ends.len() {
            self.push(other.get(i));
        }
    }
}

/// The keys of a run of names, built on one thread.
#[derive(Debug, Default)]
struct Keys {
    folded: Strings,
    folded_mask: Vec<u64>,
    spelling: Strings,
    initials: Strings,
    spelling_mask: Vec<u64>,
    /// Every reading of every character run together, for names with a
    /// polyphonic character (empty for the others): any spelling of the
    /// name is a subsequence of it, so it rules out names cheaply.
    alternates: Strings,
    alternates_mask: Vec<u64>,
}

impl Keys {
    fn add(&mut self, name: &str) {
        let folded = fold::fold(name);
        self.folded_mask.push(mask::of(&folded));
        let (spelling, initials) = pinyin::primary(&folded);
        self.spelling_mask.push(mask::of(&spelling));
        let alternates = if !spelling.is_empty() && pinyin::is_polyphonic(&folded) {
            pinyin::all_letters(&folded)
        } else {
            String::new()
        };
        self.alternates_mask.push(mask::of(&alternates));
        self.alternates.push(&alternates);
        self.folded.push(&folded);
        self.spelling.push(&spelling);
        self.initials.push(&initials);
    }

    fn append(&mut self, other: Keys) {
        self.folded.append(other.folded);
        self.folded_mask.extend(other.folded_mask);
        self.spelling.append(other.spelling);
        self.initials.append(other.initials);
        self.spelling_mask.extend(other.spelling_mask);
        self.alternates.append(other.alternates);
        self.alternates_mask.extend(other.alternates_mask);
    }
}

/// The names of one scope and their keys.
#[derive(Debug, Default)]
pub struct Index {
    items: Vec<Item>,
    keys: Keys,
}

/// One name's keys, as the matcher reads them.
#[derive(Debug, Clone, Copy)]
pub struct KeyView<'a> {
    /// The name folded (Simplified, half-width, lower case).
    pub folded: &'a str,
    pub folded_mask: u64,
    /// The primary pinyin spelling (`zuozongtang`); empty for names
    /// without Han characters.
    pub spelling: &'a str,
    /// The spelling's first letters (`zzt`).
    pub initials: &'a str,
    pub spelling_mask: u64,
    /// Every reading of every character, in order, when some character
    /// has more than one (else empty).
    pub alternates: &'a str,
    pub alternates_mask: u64,
}

impl Index {
    /// Builds the keys of `items` (on all cores for long lists).
    pub fn new(items: Vec<Item>) -> Index {
        const CHUNK: usize = 16 * 1024;
        let keys = if items.len() <= CHUNK {
            let mut keys = Keys::default();
            for item in &items {
                keys.add(&item.name);
            }
            keys
        } else {
            let parts: Vec<Keys> = items
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut keys = Keys::default();
                    for item in chunk {
                        keys.add(&item.name);
                    }
                    keys
                })
                .collect();
            let mut keys = Keys::default();
            for part in parts {
                keys.append(part);
            }
            keys
        };
        Index { items, keys }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn item(&self, i: usize) -> Option<&Item> {
        self.items.get(i)
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Every item's masks, as three columns (folded, spelling, alternates).
    pub fn mask_columns(&self) -> (&[u64], &[u64], &[u64]) {
        let k = &self.keys;
        (&k.folded_mask, &k.spelling_mask, &k.alternates_mask)
    }

    /// Item `i`'s masks (folded, spelling, alternates): enough to rule most
    /// names out without touching their text.
    #[inline]
    pub fn masks(&self, i: usize) -> (u64, u64, u64) {
        let k = &self.keys;
        (
            k.folded_mask.get(i).copied().unwrap_or(0),
            k.spelling_mask.get(i).copied().unwrap_or(0),
            k.alternates_mask.get(i).copied().unwrap_or(0),
        )
    }

    /// Item `i`'s folded name.
    #[inline]
    pub fn folded(&self, i: usize) -> &str {
        self.keys.folded.get(i)
    }

    /// Item `i`'s primary pinyin spelling.
    #[inline]
    pub fn spelling(&self, i: usize) -> &str {
        self.keys.spelling.get(i)
    }

    /// Item `i`'s pinyin initials.
    #[inline]
    pub fn initials(&self, i: usize) -> &str {
        self.keys.initials.get(i)
    }

    /// Item `i`'s readings run together (empty unless polyphonic).
    #[inline]
    pub fn alternates(&self, i: usize) -> &str {
        self.keys.alternates.get(i)
    }

    /// The keys of item `i` (empty keys past the end).
    pub fn keys(&self, i: usize) -> KeyView<'_> {
        let k = &self.keys;
        KeyView {
            folded: k.folded.get(i),
            folded_mask: k.folded_mask.get(i).copied().unwrap_or(0),
            spelling: k.spelling.get(i),
            initials: k.initials.get(i),
            spelling_mask: k.spelling_mask.get(i).copied().unwrap_or(0),
            alternates: k.alternates.get(i),
            alternates_mask: k.alternates_mask.get(i).copied().unwrap_or(0),
        }
    }

    /// Bytes held by the matching keys (the names themselves not counted).
    pub fn key_bytes(&self) -> usize {
        let k = &self.keys;
        k.folded.bytes()
            + k.spelling.bytes()
            + k.initials.bytes()
            + k.alternates.bytes()
            + (k.folded_mask.capacity() + k.spelling_mask.capacity() + k.alternates_mask.capacity())
                * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str) -> Item {
        Item {
            name: name.to_string(),
            kind: ItemKind::Article,
            target: 0,
        }
    }

    #[test]
    fn keys_are_folded_and_spelled() {
        let index = Index::new(vec![item("伊犁危機"), item("Kashgar"), item("重庆")]);
        let keys = index.keys(0);
        assert_eq!(keys.folded, "伊犁危机");
        assert_eq!(keys.spelling, "yiliweiji");
        assert_eq!(keys.initials, "ylwj");
        assert_eq!(index.keys(1).folded, "kashgar");
        assert_eq!(index.keys(1).spelling, "");
        assert_eq!(index.keys(2).alternates, "zhongchongtongqing");
        assert_eq!(index.keys(1).alternates, "");
        assert_eq!(index.keys(3).folded, "");
        assert_eq!(index.keys(0).spelling, "yiliweiji");
    }

    #[test]
    fn parallel_build_keeps_order() {
        let items: Vec<Item> = (0..40_000).map(|i| item(&format!("第{i}條"))).collect();
        let index = Index::new(items);
        assert_eq!(index.keys(0).folded, "第0条");
        assert_eq!(index.keys(39_999).folded, "第39999条");
        assert_eq!(index.keys(20_000).initials, "d20000t");
        assert!(index.key_bytes() > 0);
    }
}
