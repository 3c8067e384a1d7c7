//! The letter-pair index: for each ordered pair of letters (`x` then `i`),
//! which names can be typed with the first somewhere before the second,
//! through their Latin letters or any pinyin spelling.
//!
//! A Latin query can match a name only if every two consecutive letters of
//! the query are such a pair of the name; for a two-letter query the pair
//! alone decides. The index answers that for 64 names at a time with one
//! AND of words, so a short query touches only the names that can match
//! rather than scanning every key. It never stores text and never ranks.

use super::pinyin;

/// Letters `a` to `z`.
const LETTERS: usize = 26;

/// Ordered letter pairs.
pub const PAIRS: usize = LETTERS * LETTERS;

/// Names per block: one bit each in a word.
pub const BLOCK: usize = 64;

/// One name's pairs: bit `b` of row `a` says `a` can come before `b`.
pub type Rows = [u32; LETTERS];

/// The pair number of letters `a` then `b` (lower-case ASCII).
#[inline]
pub fn pair(a: u8, b: u8) -> Option<u16> {
    (a.is_ascii_lowercase() && b.is_ascii_lowercase())
        .then(|| u16::from(a - b'a') * LETTERS as u16 + u16::from(b - b'a'))
}

/// The pairs of consecutive letters of `query` (digits and anything else
/// left out), each once.
pub fn of_query(query: &str) -> Vec<u16> {
    let letters: Vec<u8> = query.bytes().filter(u8::is_ascii_lowercase).collect();
    let mut pairs: Vec<u16> = letters
        .windows(2)
        .filter_map(|w| pair(w[0], w[1]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The ordered pairs a folded name can be typed with: its characters in
/// order, each by any of its readings (an ASCII letter reads as itself);
/// two letters of one character count only within one reading.
pub fn rows_of(folded: &str) -> Rows {
    let mut rows = [0u32; LETTERS];
    let mut before = 0u32;
    for c in folded.chars() {
        let mut this_character = 0u32;
        pinyin::for_each_typed(c, |_, letters| {
            let mut within = 0u32;
            for &letter in letters {
                if !letter.is_ascii_lowercase() {
                    continue;
                }
                let bit = 1u32 << (letter - b'a');
                let mut earlier = before | within;
                while earlier != 0 {
                    let a = earlier.trailing_zeros() as usize;
                    rows[a] |= bit;
                    earlier &= earlier - 1;
                }
                within |= bit;
            }
            this_character |= within;
        });
        before |= this_character;
    }
    rows
}

/// The blocks of `rows` (names in order): for block `k`, word `p` has bit
/// `i` set when name `64k + i` has pair `p`.
pub fn blocks(rows: &[Rows]) -> Vec<u64> {
    let mut words = vec![0u64; rows.len().div_ceil(BLOCK) * PAIRS];
    for (n, name) in rows.iter().enumerate() {
        let base = (n / BLOCK) * PAIRS;
        let bit = 1u64 << (n % BLOCK);
        for (a, row) in name.iter().enumerate() {
            let mut seconds = *row;
            while seconds != 0 {
                let b = seconds.trailing_zeros() as usize;
                words[base + a * LETTERS + b] |= bit;
                seconds &= seconds - 1;
            }
        }
    }
    words
}

/// The pair index of `count` names as little-endian bytes (exactly what
/// [`PairIndex::to_le_bytes`] gives), made in place on all cores:
/// `folded(i)` is name `i` folded. Only the bytes made are held, never the
/// index twice.
pub fn le_bytes_of<'a>(count: usize, folded: impl Fn(usize) -> &'a str + Sync) -> Vec<u8> {
    use rayon::prelude::*;
    /// Blocks of names one task makes.
    const TASK: usize = 256;
    let blocks = count.div_ceil(BLOCK);
    let mut bytes = vec![0u8; blocks * PAIRS * 8];
    if blocks == 0 {
        return bytes;
    }
    // Each task writes its blocks' words into every pair's column.
    let mut tasks: Vec<Vec<&mut [u8]>> = (0..blocks.div_ceil(TASK))
        .map(|_| Vec::with_capacity(PAIRS))
        .collect();
    for column in bytes.chunks_mut(blocks * 8) {
        for (task, part) in column.chunks_mut(TASK * 8).enumerate() {
            if let Some(columns) = tasks.get_mut(task) {
                columns.push(part);
            }
        }
    }
    tasks
        .into_par_iter()
        .enumerate()
        .for_each(|(task, mut columns)| {
            let first_block = task * TASK;
            let last_block = (first_block + TASK).min(blocks);
            for block in first_block..last_block {
                let names = block * BLOCK..((block + 1) * BLOCK).min(count);
                let rows: Vec<Rows> = names.map(|i| rows_of(folded(i))).collect();
                let words = self::blocks(&rows);
                let at = (block - first_block) * 8;
                for (pair, column) in columns.iter_mut().enumerate() {
                    let word = words.get(pair).copied().unwrap_or(0);
                    if let Some(place) = column.get_mut(at..at + 8) {
                        place.copy_from_slice(&word.to_le_bytes());
                    }
                }
            }
        });
    bytes
}

/// The pair index of a whole list of names, pair-major: each pair's words
/// (one bit a name) lie side by side, so a scan for a query's pairs reads
/// a few columns front to back.
#[derive(Debug, Default)]
pub struct PairIndex {
    words: Vec<u64>,
    /// The words as little-endian bytes kept elsewhere (a corpus index's
    /// memory map), used instead of `words` when set: a query reads a few
    /// of its columns, so the rest never becomes the reader's memory.
    shared: Option<std::sync::Arc<dyn SharedBytes>>,
    blocks: usize,
}

/// Bytes shared with the finder, such as a section of a memory-mapped
/// corpus index.
pub trait SharedBytes: std::fmt::Debug + Send + Sync {
    fn bytes(&self) -> &[u8];
}

impl PairIndex {
    /// Joins runs of [`blocks`] (block-major, as built), in order.
    pub fn join(runs: &[Vec<u64>]) -> PairIndex {
        let blocks: usize = runs.iter().map(|run| run.len() / PAIRS).sum();
        let mut words = vec![0u64; blocks * PAIRS];
        if blocks == 0 {
            return PairIndex {
                words,
                shared: None,
                blocks,
            };
        }
        for (pair, column) in words.chunks_mut(blocks).enumerate() {
            for (slot, word) in column.iter_mut().zip(column_words(runs, pair)) {
                *slot = word;
            }
        }
        PairIndex {
            words,
            shared: None,
            blocks,
        }
    }

    /// The words as little-endian bytes, to be saved.
    pub fn to_le_bytes(&self) -> Vec<u8> {
        match &self.shared {
            Some(shared) => shared.bytes().to_vec(),
            None => self.words.iter().flat_map(|w| w.to_le_bytes()).collect(),
        }
    }

    /// The index of `names` names read in place from `shared` (made by
    /// [`PairIndex::to_le_bytes`]); `None` unless the bytes are exactly
    /// what that many names take.
    pub fn from_shared(shared: std::sync::Arc<dyn SharedBytes>, names: usize) -> Option<PairIndex> {
        let blocks = names.div_ceil(BLOCK);
        (shared.bytes().len() == blocks * PAIRS * 8).then_some(PairIndex {
            words: Vec::new(),
            shared: Some(shared),
            blocks,
        })
    }

    /// The index of `names` names from [`PairIndex::to_le_bytes`]; `None`
    /// unless the bytes are exactly what that many names take.
    pub fn from_le_bytes(bytes: &[u8], names: usize) -> Option<PairIndex> {
        let blocks = names.div_ceil(BLOCK);
        if bytes.len() != blocks * PAIRS * 8 {
            return None;
        }
        let words = bytes
            .chunks_exact(8)
            .map(|chunk| {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                u64::from_le_bytes(word)
            })
            .collect();
        Some(PairIndex {
            words,
            shared: None,
            blocks,
        })
    }

    /// How many blocks of [`BLOCK`] names it covers.
    pub fn blocks(&self) -> usize {
        self.blocks
    }

    /// The names of block `block` that have every pair of `pairs`.
    #[inline]
    pub fn names_with(&self, block: usize, pairs: &[u16]) -> u64 {
        match &self.shared {
            None => pairs.iter().fold(u64::MAX, |all, &p| {
                let at = usize::from(p) * self.blocks + block;
                all & self.words.get(at).copied().unwrap_or(0)
            }),
            Some(shared) => {
                let bytes = shared.bytes();
                pairs.iter().fold(u64::MAX, |all, &p| {
                    let at = (usize::from(p) * self.blocks + block) * 8;
                    let word = bytes
                        .get(at..at + 8)
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u64::from_le_bytes);
                    all & word
                })
            }
        }
    }

    /// True when name `item` has every pair of `pairs`.
    #[inline]
    pub fn has_all(&self, item: usize, pairs: &[u16]) -> bool {
        if pairs.is_empty() {
            return true; // nothing to look up
        }
        self.names_with(item / BLOCK, pairs) & (1 << (item % BLOCK)) != 0
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// Pair `pair`'s word of every block of `runs`, in order.
fn column_words(runs: &[Vec<u64>], pair: usize) -> impl Iterator<Item = u64> + '_ {
    runs.iter()
        .flat_map(|run| run.chunks(PAIRS))
        .map(move |block| block.get(pair).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(name: &str, a: u8, b: u8) -> bool {
        let rows = rows_of(name);
        rows[usize::from(a - b'a')] & (1 << (b - b'a')) != 0
    }

    #[test]
    fn pairs_follow_the_order_of_letters_and_readings() {
        assert!(has("左宗棠", b'z', b'z'));
        assert!(has("左宗棠", b'z', b't'));
        assert!(!has("左宗棠", b't', b'z'));
        assert!(has("kashgar", b'k', b'r'));
        assert!(!has("kashgar", b'r', b'k'));
        // 重 reads zhong or chong: c before q through the other reading,
        // but z and c never together within the one character.
        assert!(has("重庆", b'c', b'q'));
        assert!(!has("重", b'z', b'c'));
        assert!(!has("重", b'c', b'z'));
    }

    #[test]
    fn a_query_needs_its_consecutive_letter_pairs() {
        assert_eq!(of_query("zz"), vec![pair(b'z', b'z').unwrap_or(0)]);
        assert_eq!(of_query("x").len(), 0);
        assert_eq!(of_query("zuo zong").len(), 6);
        assert_eq!(of_query("a1b"), vec![pair(b'a', b'b').unwrap_or(0)]);
        let index = PairIndex::join(&[blocks(&[
            rows_of("伊犁危机"),
            rows_of("kashgar"),
            rows_of("新疆"),
        ])]);
        assert!(index.has_all(0, &of_query("ylwj")));
        assert!(!index.has_all(1, &of_query("ylwj")));
        assert!(index.has_all(2, &of_query("xj")));
        assert!(index.has_all(1, &of_query("kash")));
        assert!(!index.has_all(5, &of_query("kash")));
    }

    #[test]
    fn joined_runs_keep_every_name_in_place() {
        let first: Vec<Rows> = (0..BLOCK).map(|_| rows_of("kashgar")).collect();
        let index = PairIndex::join(&[blocks(&first), blocks(&[rows_of("伊犁")])]);
        assert_eq!(index.blocks(), 2);
        assert!(index.has_all(BLOCK - 1, &of_query("kash")));
        assert!(!index.has_all(BLOCK - 1, &of_query("yl")));
        assert!(index.has_all(BLOCK, &of_query("yl")));
        assert!(!index.has_all(BLOCK, &of_query("kash")));
        assert!(!PairIndex::join(&[]).has_all(0, &of_query("ab")));
    }

    #[test]
    fn the_index_made_in_place_is_the_index_joined() {
        // More names than one task's blocks, and a last block half full.
        let names: Vec<String> = crate::finder::synthetic::titles(256 * 64 + 100, 5)
            .iter()
            .map(|name| crate::finder::fold::fold(name))
            .collect();
        let rows: Vec<Rows> = names.iter().map(|n| rows_of(n)).collect();
        // Runs of whole blocks, as the index is built elsewhere.
        let runs: Vec<Vec<u64>> = rows.chunks(BLOCK * 10).map(blocks).collect();
        let in_place = le_bytes_of(names.len(), |i| names[i].as_str());
        assert!(
            in_place == PairIndex::join(&runs).to_le_bytes(),
            "not the same bytes"
        );
        assert!(le_bytes_of(0, |_| "").is_empty());
    }
}
