//! The finder's index: the names one scope offers (article titles, headings,
//! footnotes or entities) with their matching keys computed once, so a
//! keystroke only compares.
//!
//! Keys live in one arena, each name's keys side by side, rather than one
//! allocation per key, which keeps a million titles compact and the scan
//! reading memory front to back. Beside them: each name's masks, the
//! letter-pair index (`pairs`), the names sorted by each key's first bytes
//! (so those beginning with a query are found without a scan), and which
//! names share a target. The index never changes once built and never
//! reads files: whoever builds it gives it the names.

use super::items::{ItemRef, Items};
use super::pairs::PairIndex;
use super::{fold, mask, pairs, pinyin};
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

impl Item {
    /// One article item per name, each its own target (for tests).
    #[cfg(test)]
    pub fn articles<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Vec<Item> {
        names
            .into_iter()
            .enumerate()
            .map(|(target, name)| Item {
                name: name.into(),
                kind: ItemKind::Article,
                target,
            })
            .collect()
    }
}

/// Where one name's keys lie in the arena: they follow each other
/// (spelling, alternates, initials, folded), so one name's keys share a
/// cache line or two and a scan reads the arena front to back.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    start: u32,
    spelling: u16,
    alternates: u16,
    initials: u16,
    folded: u16,
}

/// A slot's size when saved: start u32, four lengths u16.
const SLOT_BYTES: usize = 12;

/// Masks' size when saved: folded, spelling, alternates, u64 each.
const MASKS_BYTES: usize = 24;

impl Slot {
    /// The slot as saved (little-endian), its start moved by `offset`.
    fn write(&self, offset: u32, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.start.saturating_add(offset).to_le_bytes());
        for len in [self.spelling, self.alternates, self.initials, self.folded] {
            out.extend_from_slice(&len.to_le_bytes());
        }
    }

    /// A slot from its [`SLOT_BYTES`] saved bytes (zeros where they lack).
    fn read(saved: &[u8]) -> Slot {
        let u16_at = |at: usize| {
            saved
                .get(at..at + 2)
                .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
        };
        Slot {
            start: saved
                .get(..4)
                .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            spelling: u16_at(4),
            alternates: u16_at(6),
            initials: u16_at(8),
            folded: u16_at(10),
        }
    }
}

impl Masks {
    /// The masks as saved (little-endian).
    fn write(&self, out: &mut Vec<u8>) {
        for mask in [self.folded, self.spelling, self.alternates] {
            out.extend_from_slice(&mask.to_le_bytes());
        }
    }

    /// Masks from their [`MASKS_BYTES`] saved bytes (zeros where they lack).
    fn read(saved: &[u8]) -> Masks {
        let u64_at = |at: usize| {
            saved
                .get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u64::from_le_bytes)
        };
        Masks {
            folded: u64_at(0),
            spelling: u64_at(8),
            alternates: u64_at(16),
        }
    }
}

/// Saved keys are copied this many bytes at a time (a multiple of both a
/// slot's and a mask's size), the pages read given back after each.
const RELEASE_EVERY: usize = 24 << 20;
const _: () =
    assert!(RELEASE_EVERY.is_multiple_of(SLOT_BYTES) && RELEASE_EVERY.is_multiple_of(MASKS_BYTES));

/// The matching keys of `names` (on all cores) as bytes to keep with a
/// corpus index; [`Index::with_saved_keys`] takes them back, so a finder
/// over a million titles starts without spelling a single one.
pub fn encode_keys(names: &[&str]) -> Vec<u8> {
    encode_finder_data(names).0
}

/// The matching keys of `names` and their letter-pair index, as bytes to
/// keep with a corpus index (see [`Index::with_saved_keys`]).
pub fn encode_finder_data(names: &[&str]) -> (Vec<u8>, Vec<u8>) {
    encode_finder_data_releasing(names, &|| {})
}

/// [`encode_finder_data`], calling `read` each time a run of names has been
/// read (they are not read again), so that names borrowed from a map can
/// have their pages given back as the keys are made.
pub fn encode_finder_data_releasing(
    names: &[&str],
    read: &(dyn Fn() + Sync),
) -> (Vec<u8>, Vec<u8>) {
    const CHUNK: usize = 16 * 1024;
    /// Names whose keys are made on every core before they are written.
    const BATCH: usize = 8 * CHUNK;
    // The keys first, written batch by batch (a batch's keys are let go
    // once written), then the letter pairs from the keys as encoded: at no
    // time are the keys held twice (a million names' keys and pairs are
    // each about 90 MB).
    let bytes: usize = names.iter().map(|name| name.len()).sum();
    let mut writer = KeysWriter::new(names.len(), bytes * 4);
    for batch in names.chunks(BATCH) {
        let parts: Vec<Keys> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut keys = Keys::with_capacity(chunk.len(), chunk.len() * 32);
                for name in chunk {
                    keys.push(&NameKeys::of(name));
                }
                read();
                keys
            })
            .collect();
        for part in parts {
            writer.add(part);
        }
    }
    let keys = writer.finish();
    let pairs = pairs::le_bytes_of(names.len(), |i| encoded_folded(&keys, i));
    (keys, pairs)
}

/// The folded key of name `i` in keys encoded by [`encode_parts`] ("" when
/// it is not there).
fn encoded_folded(encoded: &[u8], i: usize) -> &str {
    let folded = || -> Option<&str> {
        let count = u32::from_le_bytes(encoded.get(..4)?.try_into().ok()?) as usize;
        let slot = Slot::read(encoded.get(8 + i * SLOT_BYTES..8 + (i + 1) * SLOT_BYTES)?);
        let arena_at = 8 + count * (SLOT_BYTES + MASKS_BYTES);
        let before = usize::from(slot.spelling) + usize::from(slot.alternates);
        let start = arena_at + slot.start as usize + before + usize::from(slot.initials);
        std::str::from_utf8(encoded.get(start..start + usize::from(slot.folded))?).ok()
    };
    folded().unwrap_or("")
}

/// Runs of keys as the bytes saved with a corpus index (see
/// [`encode_keys`]): count, arena length, the slots, the masks, the arena;
/// little-endian.
#[cfg(test)]
fn encode_parts(parts: Vec<Keys>) -> Vec<u8> {
    let count = parts.iter().map(|p| p.slots.len()).sum();
    let arena = parts.iter().map(|p| p.arena.len()).sum();
    let mut writer = KeysWriter::new(count, arena);
    for part in parts {
        writer.add(part);
    }
    writer.finish()
}

/// Writes runs of keys, in order, as the bytes saved with a corpus index:
/// the slots and masks in their places (their number is known), each
/// run's characters appended after them, so no run is held twice.
struct KeysWriter {
    out: Vec<u8>,
    count: usize,
    /// Where the arena starts in `out`.
    arena_at: usize,
    /// Names written so far.
    written: usize,
}

impl KeysWriter {
    /// A writer of `count` names' keys, with room for `arena` bytes of
    /// characters (more can come: room is only reserved, never needed).
    fn new(count: usize, arena: usize) -> KeysWriter {
        let arena_at = 8 + count * (SLOT_BYTES + MASKS_BYTES);
        let mut out = vec![0u8; arena_at];
        out.reserve(arena);
        KeysWriter {
            out,
            count,
            arena_at,
            written: 0,
        }
    }

    fn add(&mut self, part: Keys) {
        let offset = u32::try_from(self.out.len() - self.arena_at).unwrap_or(u32::MAX);
        let mut bytes = Vec::with_capacity(SLOT_BYTES + MASKS_BYTES);
        for (slot, masks) in part.slots.iter().zip(&part.masks) {
            if self.written >= self.count {
                break;
            }
            bytes.clear();
            slot.write(offset, &mut bytes);
            let at = 8 + self.written * SLOT_BYTES;
            self.out[at..at + SLOT_BYTES].copy_from_slice(&bytes);
            bytes.clear();
            masks.write(&mut bytes);
            let at = 8 + self.count * SLOT_BYTES + self.written * MASKS_BYTES;
            self.out[at..at + MASKS_BYTES].copy_from_slice(&bytes);
            self.written += 1;
        }
        self.out.extend_from_slice(part.arena.as_bytes());
    }

    fn finish(mut self) -> Vec<u8> {
        let arena_len = self.out.len() - self.arena_at;
        self.out[..4].copy_from_slice(&(self.count as u32).to_le_bytes());
        self.out[4..8].copy_from_slice(&(arena_len as u32).to_le_bytes());
        self.out
    }
}

/// Runs of keys joined into one, in order.
fn join_keys(parts: Vec<Keys>, names: usize) -> Keys {
    let bytes = parts.iter().map(|p| p.arena.len()).sum();
    let mut keys = Keys::with_capacity(names, bytes);
    for part in parts {
        let offset = u32::try_from(keys.arena.len()).unwrap_or(u32::MAX);
        keys.arena.push_str(&part.arena);
        keys.slots.extend(part.slots.into_iter().map(|slot| Slot {
            start: slot.start.saturating_add(offset),
            ..slot
        }));
        keys.masks.extend(part.masks);
    }
    keys
}

/// The longest key kept, in bytes: a longer one is cut (at a character
/// boundary) and matched by its beginning.
const MAX_KEY_BYTES: usize = u16::MAX as usize;

/// `key` cut to at most [`MAX_KEY_BYTES`] at a character boundary.
fn capped(key: &str) -> &str {
    if key.len() <= MAX_KEY_BYTES {
        return key;
    }
    let mut end = MAX_KEY_BYTES;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

/// Every item's masks: folded name, primary spelling, all readings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masks {
    pub folded: u64,
    pub spelling: u64,
    pub alternates: u64,
}

/// The keys of a run of names.
#[derive(Debug, Default)]
struct Keys {
    /// Every key of every name, one name after another.
    arena: String,
    slots: Vec<Slot>,
    masks: Vec<Masks>,
}

/// One name's keys before they go into an arena.
struct NameKeys {
    folded: String,
    spelling: String,
    initials: String,
    /// Every reading of every character, marked (see
    /// [`pinyin::readings_code`]), for names with a polyphonic character
    /// (empty for the others): any spelling of the name is a subsequence
    /// of it, so it rules out names cheaply.
    alternates: String,
}

impl NameKeys {
    fn of(name: &str) -> NameKeys {
        let folded = fold::fold(name);
        let (spelling, initials) = pinyin::primary(&folded);
        let alternates = if !spelling.is_empty() && pinyin::is_polyphonic(&folded) {
            pinyin::readings_code(&folded)
        } else {
            String::new()
        };
        NameKeys {
            folded,
            spelling,
            initials,
            alternates,
        }
    }
}

impl Keys {
    fn with_capacity(names: usize, bytes: usize) -> Keys {
        Keys {
            arena: String::with_capacity(bytes),
            slots: Vec::with_capacity(names),
            masks: Vec::with_capacity(names),
        }
    }

    fn push(&mut self, keys: &NameKeys) {
        let start = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        let mut put = |key: &str| {
            let key = capped(key);
            self.arena.push_str(key);
            u16::try_from(key.len()).unwrap_or(u16::MAX)
        };
        let slot = Slot {
            start,
            spelling: put(&keys.spelling),
            alternates: put(&keys.alternates),
            initials: put(&keys.initials),
            folded: put(&keys.folded),
        };
        self.slots.push(slot);
        self.masks.push(Masks {
            folded: mask::of(&keys.folded),
            spelling: mask::of(&keys.spelling),
            alternates: mask::of(&keys.alternates),
        });
    }

    /// The four keys of name `i`: spelling, alternates, initials, folded.
    #[inline]
    fn get(&self, i: usize) -> [&str; 4] {
        let Some(slot) = self.slots.get(i) else {
            return [""; 4];
        };
        let mut at = slot.start as usize;
        let mut take = |len: u16| {
            let from = at;
            at += usize::from(len);
            self.arena.get(from..at).unwrap_or("")
        };
        [
            take(slot.spelling),
            take(slot.alternates),
            take(slot.initials),
            take(slot.folded),
        ]
    }

    /// Keys from [`encode_parts`]'s bytes; `None` unless they add up (a
    /// slot pointing outside the arena reads as empty keys, never a panic).
    /// `read` is called after every [`RELEASE_EVERY`] bytes read, and at
    /// the end: when the bytes are a map of a file, the pages read so far
    /// can go back, so the keys are never resident twice.
    fn decode(bytes: &[u8], read: &dyn Fn()) -> Option<Keys> {
        Keys::decode_in_parts(bytes, read, RELEASE_EVERY)
    }

    /// [`Keys::decode`], reading `part` bytes at a time (a multiple of both
    /// [`SLOT_BYTES`] and [`MASKS_BYTES`]).
    fn decode_in_parts(bytes: &[u8], read: &dyn Fn(), part: usize) -> Option<Keys> {
        let number = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
        };
        let count = number(0)? as usize;
        let arena_len = number(4)? as usize;
        let slots_at = 8usize;
        let masks_at = slots_at.checked_add(count.checked_mul(SLOT_BYTES)?)?;
        let arena_at = masks_at.checked_add(count.checked_mul(MASKS_BYTES)?)?;
        if arena_at.checked_add(arena_len)? != bytes.len() {
            return None;
        }
        // Each list made at its size at once: grown as it is read, it would
        // be copied, and held twice, each time it doubled.
        let mut slots: Vec<Slot> = Vec::with_capacity(count);
        for part in bytes[slots_at..masks_at].chunks(part) {
            read();
            slots.extend(part.chunks_exact(SLOT_BYTES).map(Slot::read));
        }
        let mut masks: Vec<Masks> = Vec::with_capacity(count);
        for part in bytes[masks_at..arena_at].chunks(part) {
            read();
            masks.extend(part.chunks_exact(MASKS_BYTES).map(Masks::read));
        }
        let mut arena = Vec::with_capacity(arena_len);
        for piece in bytes[arena_at..].chunks(part) {
            arena.extend_from_slice(piece);
            read();
        }
        read();
        let arena = String::from_utf8(arena).ok()?;
        Some(Keys {
            arena,
            slots,
            masks,
        })
    }

    fn bytes(&self) -> usize {
        self.arena.capacity()
            + self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.masks.capacity() * std::mem::size_of::<Masks>()
    }
}

/// Which key a sorted list of names orders them by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortedBy {
    Folded,
    Spelling,
    Initials,
}

impl SortedBy {
    pub const ALL: [SortedBy; 3] = [SortedBy::Folded, SortedBy::Spelling, SortedBy::Initials];

    fn of<'a>(self, keys: &KeyView<'a>) -> &'a str {
        match self {
            SortedBy::Folded => keys.folded,
            SortedBy::Spelling => keys.spelling,
            SortedBy::Initials => keys.initials,
        }
    }
}

/// A key's first eight bytes as a number that orders like the bytes
/// (shorter keys padded with zeros).
#[inline]
fn head(key: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let n = key.len().min(8);
    bytes[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(bytes)
}

/// Names in the order of one key (see [`Index::beginning_with`]).
#[derive(Debug, Default)]
struct Sorted {
    ids: Vec<u32>,
    /// Each name's key length, in the same order (spelled keys only: a
    /// folded key is read whole to tell an exact match anyway).
    lens: Vec<u16>,
}

/// The names of one scope and their keys.
#[derive(Debug, Default)]
pub struct Index {
    items: Items,
    keys: Keys,
    /// The letter-pair index (see `pairs`).
    pairs: PairIndex,
    /// For each of [`SortedBy::ALL`], the names whose key is not empty,
    /// ordered by the key's first eight bytes, then by index: the names
    /// that begin with a query lie side by side.
    sorted: [Sorted; 3],
    /// Bit `i` is set when item `i` shares its target with another item
    /// (a redirect and its article), so counting distinct targets looks
    /// up only those.
    shared: Vec<u64>,
    /// How many distinct targets the items have.
    targets: usize,
    /// For each ASCII letter and digit, which names hold it (see
    /// [`Index::holding`]); empty without shortcuts.
    letters: LetterSets,
}

/// For each of the 36 ASCII letters and digits, one bit per name: set when
/// the name's folded text or some spelling holds the character. A query of
/// one letter matches exactly those names, found without a scan.
#[derive(Debug, Default)]
struct LetterSets {
    /// Letter `l`'s bits are `words[l * per_letter..(l + 1) * per_letter]`.
    words: Vec<u64>,
    per_letter: usize,
}

/// How many characters have a set: a–z, then 0–9 (their mask bits).
const LETTERS: usize = 36;

impl LetterSets {
    fn of(masks: &[Masks]) -> LetterSets {
        let per_letter = masks.len().div_ceil(64);
        // Each block of 64 names gives one word per letter.
        let blocks: Vec<[u64; LETTERS]> = masks
            .par_chunks(64)
            .map(|block| {
                let mut words = [0u64; LETTERS];
                for (bit, m) in block.iter().enumerate() {
                    let mut held = (m.folded | m.spelling | m.alternates) & ((1 << LETTERS) - 1);
                    while held != 0 {
                        let letter = held.trailing_zeros() as usize;
                        held &= held - 1;
                        words[letter] |= 1 << bit;
                    }
                }
                words
            })
            .collect();
        let mut words = vec![0u64; per_letter * LETTERS];
        for (at, block) in blocks.iter().enumerate() {
            for (letter, &word) in block.iter().enumerate() {
                words[letter * per_letter + at] = word;
            }
        }
        LetterSets { words, per_letter }
    }

    /// The names holding the letter or digit `c`, ascending; `None` when
    /// `c` is neither or the sets were not made.
    fn holding(&self, c: u8) -> Option<Vec<u32>> {
        let letter = match c {
            b'a'..=b'z' => usize::from(c - b'a'),
            b'0'..=b'9' => 26 + usize::from(c - b'0'),
            _ => return None,
        };
        if self.words.is_empty() {
            return None; // not made: the caller scans
        }
        let words = self
            .words
            .get(letter * self.per_letter..(letter + 1) * self.per_letter)?;
        let mut ids = Vec::with_capacity(words.iter().map(|w| w.count_ones() as usize).sum());
        for (at, &word) in words.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bit = word.trailing_zeros() as usize;
                word &= word - 1;
                if let Ok(id) = u32::try_from(at * 64 + bit) {
                    ids.push(id);
                }
            }
        }
        Some(ids)
    }

    fn bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// One name's keys, as the matcher reads them.
#[derive(Debug, Clone, Copy)]
pub struct KeyView<'a> {
    /// The name folded (Simplified, half-width, lower case).
    pub folded: &'a str,
    /// The primary pinyin spelling (`zuozongtang`); empty for names
    /// without Han characters.
    pub spelling: &'a str,
    /// The spelling's first letters (`zzt`).
    pub initials: &'a str,
    /// Every reading of every character, in order, as
    /// [`pinyin::readings_code`] marks them, when some character has more
    /// than one (else empty).
    pub alternates: &'a str,
}

impl Index {
    /// Builds the keys of `items` on all cores: each run of names into an
    /// arena of its own, then the arenas copied once into one of exactly
    /// the size needed.
    pub fn new(items: impl Into<Items>) -> Index {
        Index::build(items.into(), true)
    }

    /// An index for a single search (`wikiread find`): the keys and masks
    /// only, without the letter-pair index and sorted lists that pay for
    /// themselves over many keystrokes. Searches give the same results.
    pub fn for_one_search(items: impl Into<Items>) -> Index {
        Index::build(items.into(), false)
    }

    fn build(items: Items, shortcuts: bool) -> Index {
        const CHUNK: usize = 16 * 1024;
        let (parts, pair_runs): (Vec<Keys>, Vec<Vec<u64>>) = (0..items.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|run| {
                let chunk = run * CHUNK..items.len().min((run + 1) * CHUNK);
                let mut keys = Keys::with_capacity(chunk.len(), chunk.len() * 32);
                let mut rows = Vec::with_capacity(if shortcuts { chunk.len() } else { 0 });
                for i in chunk {
                    let name_keys = NameKeys::of(items.name(i));
                    if shortcuts {
                        rows.push(pairs::rows_of(&name_keys.folded));
                    }
                    keys.push(&name_keys);
                }
                (
                    keys,
                    if shortcuts {
                        pairs::blocks(&rows)
                    } else {
                        Vec::new()
                    },
                )
            })
            .unzip();
        // Every run but the last holds a whole number of blocks, so the
        // pair blocks line up when joined.
        const _: () = assert!(CHUNK.is_multiple_of(pairs::BLOCK));
        let pairs = PairIndex::join(&pair_runs);
        drop(pair_runs);
        if parts.len() == 1 {
            let mut keys = parts.into_iter().next().unwrap_or_default();
            keys.arena.shrink_to_fit();
            return Index::finish(items, keys, pairs, shortcuts);
        }
        let keys = join_keys(parts, items.len());
        Index::finish(items, keys, pairs, shortcuts)
    }

    /// An index whose first items take their keys from `saved` (made by
    /// [`encode_keys`] from those items' names, in order); the items past
    /// them get keys built now. Saved keys that do not add up are ignored
    /// and every key is built.
    pub fn with_saved_keys(items: impl Into<Items>, saved: &[u8], shortcuts: bool) -> Index {
        Index::with_saved(items, saved, None, shortcuts, &|| {})
    }

    /// [`Index::with_saved_keys`], also reading the letter-pair index in
    /// place from `saved_pairs` when it covers exactly these items (else it
    /// is built). `copied` is called as the saved keys are copied, every
    /// few megabytes and at the end, so the pages they were read from (a
    /// map of the corpus index) can be given back as it goes.
    pub fn with_saved(
        items: impl Into<Items>,
        saved: &[u8],
        saved_pairs: Option<std::sync::Arc<dyn pairs::SharedBytes>>,
        shortcuts: bool,
        copied: &dyn Fn(),
    ) -> Index {
        let items = items.into();
        let decoded = Keys::decode(saved, copied);
        let Some(mut keys) = decoded.filter(|k| k.slots.len() <= items.len()) else {
            return Index::build(items, shortcuts);
        };
        let all_saved = keys.slots.len() == items.len();
        for i in keys.slots.len()..items.len() {
            keys.push(&NameKeys::of(items.name(i)));
        }
        let from_saved = (shortcuts && all_saved)
            .then(|| PairIndex::from_shared(saved_pairs?, items.len()))
            .flatten();
        let pairs = if let Some(pairs) = from_saved {
            pairs
        } else if shortcuts {
            const CHUNK: usize = 16 * 1024;
            let runs: Vec<Vec<u64>> = (0..items.len())
                .collect::<Vec<_>>()
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let rows: Vec<pairs::Rows> = chunk
                        .iter()
                        .map(|&i| pairs::rows_of(keys.get(i)[3]))
                        .collect();
                    pairs::blocks(&rows)
                })
                .collect();
            PairIndex::join(&runs)
        } else {
            PairIndex::default()
        };
        Index::finish(items, keys, pairs, shortcuts)
    }

    /// Adds the sorted lists and the shared-target bits to built keys.
    fn finish(items: Items, keys: Keys, pairs: PairIndex, shortcuts: bool) -> Index {
        let mut index = Index {
            items,
            keys,
            pairs,
            sorted: Default::default(),
            shared: Vec::new(),
            targets: 0,
            letters: LetterSets::default(),
        };
        if shortcuts {
            let sorted = SortedBy::ALL.map(|by| index.sort_by(by));
            index.sorted = sorted;
            index.letters = LetterSets::of(index.masks());
        }
        (index.shared, index.targets) = shared_targets(index.items.targets());
        index
    }

    /// The names with a non-empty `by` key, in the order of its first
    /// eight bytes, then of index.
    fn sort_by(&self, by: SortedBy) -> Sorted {
        let len = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let mut heads: Vec<(u64, u32)> = (0..len)
            .into_par_iter()
            .filter_map(|i| {
                let key = by.of(&self.keys(i as usize));
                (!key.is_empty()).then(|| (head(key.as_bytes()), i))
            })
            .collect();
        heads.par_sort_unstable();
        let ids: Vec<u32> = heads.into_iter().map(|(_, i)| i).collect();
        let lens = if by == SortedBy::Folded {
            Vec::new()
        } else {
            ids.par_iter()
                .map(|&i| u16::try_from(by.of(&self.keys(i as usize)).len()).unwrap_or(u16::MAX))
                .collect()
        };
        Sorted { ids, lens }
    }

    /// Calls `each` with every name whose `by` key begins with `prefix`
    /// and that key's length in bytes, in no set order (none when `prefix`
    /// is empty). A spelled key's names come without reading their keys.
    pub fn beginning_with(&self, by: SortedBy, prefix: &str, mut each: impl FnMut(u32, usize)) {
        if prefix.is_empty() {
            return;
        }
        let sorted = match by {
            SortedBy::Folded => &self.sorted[0],
            SortedBy::Spelling => &self.sorted[1],
            SortedBy::Initials => &self.sorted[2],
        };
        let bytes = prefix.as_bytes();
        // Every key beginning with `prefix` has a head between the
        // prefix padded with zeros and the prefix padded with ones.
        let low = head(bytes);
        let high = if bytes.len() >= 8 {
            low
        } else {
            low | (u64::MAX >> (8 * bytes.len()))
        };
        let key_of = |i: u32| by.of(&self.keys(i as usize));
        let from = sorted
            .ids
            .partition_point(|&i| head(key_of(i).as_bytes()) < low);
        let to = from + sorted.ids[from..].partition_point(|&i| head(key_of(i).as_bytes()) <= high);
        // A spelled key is letters and digits, so within the range every
        // key of a short prefix begins with it; the head says nothing past
        // eight bytes, and a zero byte pads as well as it matches.
        let whole_range = by != SortedBy::Folded && bytes.len() <= 8 && !bytes.contains(&0);
        for at in from..to {
            let Some(&i) = sorted.ids.get(at) else {
                break;
            };
            match sorted.lens.get(at) {
                Some(&len) if whole_range => each(i, usize::from(len)),
                _ => {
                    let key = key_of(i);
                    if key.starts_with(prefix) {
                        each(i, key.len());
                    }
                }
            }
        }
    }

    /// How many distinct targets the items `matched` (ascending) have.
    pub fn count_targets(&self, matched: &[u32]) -> usize {
        let mut seen: Vec<u64> = Vec::new();
        let mut total = 0;
        for &i in matched {
            let shared = self
                .shared
                .get(i as usize / 64)
                .is_some_and(|word| word & (1 << (i % 64)) != 0);
            if !shared {
                total += 1;
                continue;
            }
            let Some(&target) = self.items.targets().get(i as usize) else {
                continue;
            };
            let (word, bit) = (target / 64, target % 64);
            if word >= seen.len() {
                seen.resize(word + 1, 0);
            }
            if seen[word] & (1 << bit) == 0 {
                seen[word] |= 1 << bit;
                total += 1;
            }
        }
        total
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// How many distinct targets the items have (an article and its
    /// redirects are one).
    pub fn target_count(&self) -> usize {
        self.targets
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn item(&self, i: usize) -> Option<ItemRef<'_>> {
        self.items.get(i)
    }

    pub fn items(&self) -> &Items {
        &self.items
    }

    /// Every item's masks, in index order: enough to rule most names out
    /// without touching their text.
    pub fn masks(&self) -> &[Masks] {
        &self.keys.masks
    }

    /// The names holding the ASCII letter or digit `c` in their folded
    /// text or some spelling, ascending: exactly what the masks let through
    /// for a query of that one character. `None` when `c` is not a letter
    /// or digit, or the index was built without shortcuts.
    pub fn holding(&self, c: u8) -> Option<Vec<u32>> {
        self.letters.holding(c)
    }

    /// The letter-pair index (see `pairs`).
    pub fn pairs(&self) -> &PairIndex {
        &self.pairs
    }

    /// False for an index built [`Index::for_one_search`]: it has no
    /// letter-pair index to filter with.
    pub fn has_letter_pairs(&self) -> bool {
        self.pairs.blocks() == self.len().div_ceil(pairs::BLOCK)
    }

    /// Reads the masks, the place of the keys and the keys' first bytes of
    /// each of `ids`, so that looking at them next finds them in cache:
    /// reads that do not wait on each other overlap, where looking at
    /// scattered names one by one waits on memory for each in turn.
    pub fn warm(&self, ids: &[u32]) {
        let mut sum = 0u64;
        for &i in ids {
            let i = i as usize;
            sum ^= self.keys.masks.get(i).map_or(0, |m| m.folded);
            sum ^= self.keys.slots.get(i).map_or(0, |s| u64::from(s.start));
        }
        let arena = self.keys.arena.as_bytes();
        for &i in ids {
            if let Some(slot) = self.keys.slots.get(i as usize) {
                sum ^= arena.get(slot.start as usize).copied().map_or(0, u64::from);
            }
        }
        std::hint::black_box(sum);
    }

    /// The primary spelling of item `i`, alone: the key most matches are
    /// found in.
    #[inline]
    pub fn spelling(&self, i: usize) -> &[u8] {
        let Some(slot) = self.keys.slots.get(i) else {
            return &[];
        };
        let start = slot.start as usize;
        self.keys
            .arena
            .as_bytes()
            .get(start..start + usize::from(slot.spelling))
            .unwrap_or(&[])
    }

    /// The keys of item `i` (empty keys past the end).
    pub fn keys(&self, i: usize) -> KeyView<'_> {
        let [spelling, alternates, initials, folded] = self.keys.get(i);
        KeyView {
            folded,
            spelling,
            initials,
            alternates,
        }
    }

    /// Bytes held by the matching keys (the names themselves not counted).
    pub fn key_bytes(&self) -> usize {
        self.keys.bytes()
            + self.pairs.bytes()
            + self
                .sorted
                .iter()
                .map(|s| s.ids.capacity() * 4 + s.lens.capacity() * 2)
                .sum::<usize>()
            + self.shared.capacity() * 8
            + self.letters.bytes()
    }

    /// Bytes held by the names (see [`Items`]).
    pub fn name_bytes(&self) -> usize {
        self.items.bytes()
    }
}

/// Bit `i` set when item `i`'s target is also another item's, and how many
/// distinct targets there are.
fn shared_targets(targets: &[usize]) -> (Vec<u64>, usize) {
    let mut bits = vec![0u64; targets.len().div_ceil(64)];
    let mut mark = |i: usize| bits[i / 64] |= 1 << (i % 64);
    let mut distinct = 0;
    // Targets are ids of a corpus or of one article's parts: small and
    // dense, so the first item of each target is found through a table
    // (a hash map over a million titles costs more than the search).
    let highest = targets.iter().copied().max().unwrap_or(0);
    if highest <= targets.len().saturating_mul(4).max(1024) {
        const NONE: u32 = u32::MAX;
        let mut first_of = vec![NONE; highest + 1];
        for (i, &target) in targets.iter().enumerate() {
            match first_of[target] {
                NONE => {
                    first_of[target] = i as u32;
                    distinct += 1;
                }
                first => {
                    mark(first as usize);
                    mark(i);
                }
            }
        }
    } else {
        let mut first_of: std::collections::HashMap<usize, usize> =
            std::collections::HashMap::with_capacity(targets.len());
        for (i, &target) in targets.iter().enumerate() {
            if let Some(&first) = first_of.get(&target) {
                mark(first);
                mark(i);
            } else {
                first_of.insert(target, i);
            }
        }
        distinct = first_of.len();
    }
    (bits, distinct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_holding_a_letter_are_those_its_masks_let_through() {
        let names: Vec<Item> = super::super::synthetic::titles(3000, 7)
            .into_iter()
            .chain(["Kashgar 1871", "重庆", "Ｘｉ", "x"].map(str::to_string))
            .enumerate()
            .map(|(target, name)| Item {
                name,
                kind: ItemKind::Article,
                target,
            })
            .collect();
        let index = Index::new(names);
        for c in (b'a'..=b'z').chain(b'0'..=b'9') {
            let bit = mask::bit(char::from(c));
            let expected: Vec<u32> = (0..index.len() as u32)
                .filter(|&i| {
                    let m = index.masks()[i as usize];
                    (m.folded | m.spelling | m.alternates) & bit != 0
                })
                .collect();
            assert_eq!(index.holding(c), Some(expected), "{}", char::from(c));
        }
        assert_eq!(index.holding(b' '), None);
        assert_eq!(Index::for_one_search(vec![item("x")]).holding(b'x'), None);
    }

    #[test]
    fn saved_keys_read_a_part_at_a_time_are_the_keys_saved() {
        let names: Vec<String> = super::super::synthetic::titles(500, 3);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let saved = encode_keys(&refs);
        let reads = std::cell::Cell::new(0);
        let whole = Keys::decode(&saved, &|| {}).expect("decodes");
        // 48 bytes: parts end inside slots, masks and characters alike.
        let in_parts =
            Keys::decode_in_parts(&saved, &|| reads.set(reads.get() + 1), 48).expect("decodes");
        assert_eq!(encode_parts(vec![in_parts]), saved);
        assert_eq!(encode_parts(vec![whole]), saved);
        assert!(reads.get() > saved.len() / 48, "told of every part read");
    }

    #[test]
    fn keys_encoded_part_by_part_are_the_joined_keys_encoded() {
        let names = ["伊犁危機", "Kashgar", "", "重庆", "左宗棠"];
        let parts = || {
            names
                .chunks(2)
                .map(|chunk| {
                    let mut keys = Keys::with_capacity(chunk.len(), 64);
                    for name in chunk {
                        keys.push(&NameKeys::of(name));
                    }
                    keys
                })
                .collect::<Vec<Keys>>()
        };
        let joined = encode_parts(vec![join_keys(parts(), names.len())]);
        assert_eq!(encode_parts(parts()), joined);
        assert_eq!(encode_keys(&names), joined);
        // The pairs made from the encoded keys are the pairs of the names.
        let rows: Vec<pairs::Rows> = names
            .iter()
            .map(|name| pairs::rows_of(&NameKeys::of(name).folded))
            .collect();
        let expected = PairIndex::join(&[pairs::blocks(&rows)]).to_le_bytes();
        assert_eq!(encode_finder_data(&names).1, expected);
    }

    fn item(name: &str) -> Item {
        Item {
            name: name.to_string(),
            kind: ItemKind::Article,
            target: 0,
        }
    }

    #[test]
    fn targets_shared_by_several_names_are_counted_once() {
        let named = |name: &str, target: usize| Item {
            name: name.to_string(),
            kind: ItemKind::Redirect,
            target,
        };
        // Small dense targets (a corpus) and huge sparse ones alike.
        for far in [7, 5_000_000_000] {
            let index = Index::new(vec![
                named("a", far),
                named("b", 1),
                named("c", far),
                named("d", 2),
                named("e", 1),
            ]);
            assert_eq!(index.target_count(), 3, "{far}");
            assert_eq!(index.count_targets(&[0, 1, 2, 3, 4]), 3, "{far}");
            assert_eq!(index.count_targets(&[0, 2, 3]), 2, "{far}");
            assert_eq!(index.count_targets(&[3]), 1, "{far}");
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
        assert_eq!(index.keys(2).alternates, "zhong,chong,tong;qing;");
        assert_eq!(index.keys(1).alternates, "");
        assert_eq!(index.keys(3).folded, "");
        assert_eq!(index.keys(0).spelling, "yiliweiji");
    }

    /// The first 20 results of `query` and the match count.
    fn top(index: &Index, query: &str) -> Option<(Vec<usize>, usize)> {
        crate::finder::search(
            index,
            &crate::finder::Query::new(query),
            None,
            &crate::finder::Preferences::default(),
            20,
            &|| false,
        )
        .map(|o| (o.hits.iter().map(|h| h.item).collect::<Vec<_>>(), o.total))
    }

    #[test]
    fn saved_keys_give_the_same_index() {
        let names: Vec<String> = (0..40_000)
            .map(|i| format!("第{i}條重庆{}", if i % 3 == 0 { "Kashgar" } else { "" }))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let saved = encode_keys(&refs[..30_000]);
        let items: Vec<Item> = names.iter().map(|n| item(n)).collect();
        let built = Index::new(items.clone());
        let from_saved = Index::with_saved_keys(items.clone(), &saved, true);
        for i in [0, 1, 29_999, 30_000, 39_999] {
            let (a, b) = (built.keys(i), from_saved.keys(i));
            assert_eq!(
                (a.folded, a.spelling, a.initials, a.alternates),
                (b.folded, b.spelling, b.initials, b.alternates)
            );
        }
        assert_eq!(built.masks(), from_saved.masks());
        for query in ["zq", "kash", "第12", "diyi"] {
            assert_eq!(top(&built, query), top(&from_saved, query), "{query}");
        }
        // Saved pairs give the same index as built ones.
        let (keys_all, pairs_all) = encode_finder_data(&refs);
        #[derive(Debug)]
        struct Saved(Vec<u8>);
        impl pairs::SharedBytes for Saved {
            fn bytes(&self) -> &[u8] {
                &self.0
            }
        }
        let with_pairs = Index::with_saved(
            items.clone(),
            &keys_all,
            Some(std::sync::Arc::new(Saved(pairs_all))),
            true,
            &|| {},
        );
        for query in ["zq", "kash", "第12", "diyi", "chongqing"] {
            assert_eq!(top(&built, query), top(&with_pairs, query), "{query}");
        }
        assert_eq!(with_pairs.pairs().blocks(), built.pairs().blocks());
        // Damaged bytes: the keys are built instead.
        let broken = Index::with_saved_keys(items, &saved[..saved.len() - 1], false);
        assert_eq!(broken.keys(5).folded, "第5条重庆");
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
