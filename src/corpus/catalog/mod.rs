//! The corpus index: every entry of a corpus (title, where it lives, its
//! format), its title keys, and what the second pass learns (redirects, lead
//! aliases, file stamps), laid out so that it can be read straight from a
//! memory-mapped file. Opening one costs the same for ten articles or a
//! million: only the header is checked up front; every later read touches
//! the few pages it needs.
//!
//! A catalog never trusts its bytes: the header, version, length and
//! checksum are verified before use (see [`Catalog::open`]), and every read
//! is bounds-checked, so a damaged file is rebuilt, never a crash. It never
//! touches the corpus itself; building is `build`, saving and loading is
//! `store`.

pub mod build;
pub mod bytes;
pub mod layout;
pub mod learnt;
pub mod store;

use crate::document::Format;
use crate::wiki::titles::title_key;
use bytes::{IndexBytes, key_hash, str_at, u32_at, u64_at};
use layout::*;

/// A corpus index, read from its bytes.
#[derive(Debug)]
pub struct Catalog {
    bytes: IndexBytes,
    lazy_ok: std::sync::OnceLock<bool>,
    kind: SourceKind,
    count: u32,
    flags: u32,
    fingerprint: u64,
    sections: [(u64, u64); SECTION_COUNT],
}

/// Why index bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not an index of this version (another version, or not an index).
    Foreign,
    /// Shorter or longer than its header says.
    Truncated,
    /// Its checksum or its sections do not add up.
    Damaged(&'static str),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Foreign => f.write_str("not an index of this version"),
            Refused::Truncated => f.write_str("truncated"),
            Refused::Damaged(what) => write!(f, "damaged ({what})"),
        }
    }
}

impl Catalog {
    /// Checks `bytes` and opens them: magic and version, the length the
    /// header states, the checksum of the body, and every section in bounds
    /// with the size its entry count implies.
    pub fn open(bytes: IndexBytes) -> Result<Catalog, Refused> {
        let checked = checked_part(&bytes);
        if bytes.len() >= HEADER_LEN as usize
            && crc32fast::hash(bytes::slice(&bytes, checked.0, checked.1)) != u32_at(&bytes, AT_CRC)
            && bytes.get(..8) == Some(MAGIC.as_slice())
            && u32_at(&bytes, AT_VERSION) == VERSION
            && u64_at(&bytes, AT_FILE_LEN) == bytes.len() as u64
        {
            return Err(Refused::Damaged("checksum"));
        }
        Catalog::open_checksummed(bytes)
    }

    /// Like [`Catalog::open`] for bytes whose checksum the caller has
    /// already verified (see [`body_checksum_of`]).
    pub fn open_checksummed(bytes: IndexBytes) -> Result<Catalog, Refused> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(Refused::Foreign);
        }
        if bytes.len() < BODY_START as usize {
            return Err(Refused::Truncated);
        }
        if u32_at(&bytes, AT_VERSION) != VERSION {
            return Err(Refused::Foreign);
        }
        if u64_at(&bytes, AT_FILE_LEN) != bytes.len() as u64 {
            return Err(Refused::Truncated);
        }
        let kind = SourceKind::from_u32(u32_at(&bytes, AT_KIND)).ok_or(Refused::Foreign)?;
        let count = u32_at(&bytes, AT_COUNT);
        let flags = u32_at(&bytes, AT_FLAGS);
        let mut sections = [(0u64, 0u64); SECTION_COUNT];
        for (i, section) in sections.iter_mut().enumerate() {
            let at = HEADER_LEN + i as u64 * 16;
            let (offset, len) = (u64_at(&bytes, at), u64_at(&bytes, at + 8));
            if offset
                .checked_add(len)
                .is_none_or(|end| end > bytes.len() as u64)
            {
                return Err(Refused::Damaged("section bounds"));
            }
            *section = (offset, len);
        }
        let catalog = Catalog {
            lazy_ok: std::sync::OnceLock::new(),
            bytes,
            kind,
            count,
            flags,
            fingerprint: 0,
            sections,
        };
        let n = u64::from(count);
        let records_ok = catalog.len_of(Section::Records) == n * RECORD_LEN;
        let keys = catalog.len_of(Section::TitleKeys) / SLOT_LEN;
        let keys_ok = keys.is_power_of_two() && keys >= n;
        let redirects_ok =
            flags & FLAG_REDIRECTS == 0 || catalog.len_of(Section::Redirects) == n * STRING_REF_LEN;
        let enriched_ok = !catalog.is_enriched()
            || (redirects_ok
                && catalog.len_of(Section::Stamps) == n * STAMP_LEN
                && (catalog.len_of(Section::AliasKeys) / SLOT_LEN).is_power_of_two());
        let first_strings_ok = catalog.first_strings_header() <= catalog.len_of(Section::Strings);
        if !(records_ok && keys_ok && redirects_ok && enriched_ok && first_strings_ok) {
            return Err(Refused::Damaged("section sizes"));
        }
        let fingerprint = u64_at(&catalog.bytes, AT_FINGERPRINT);
        Ok(Catalog {
            fingerprint,
            ..catalog
        })
    }

    /// The checksum the header of `header` (the first bytes of a file of
    /// `file_len` bytes) states, and the length of the part it covers
    /// after the header.
    pub fn stated_checksum(header: &[u8], file_len: u64) -> (u32, u64) {
        let (_, len) = checked_range(u64_at(header, AT_LAZY_START), file_len);
        (u32_at(header, AT_CRC), len)
    }

    /// Whether the lazy part (file stamps, finder keys) is as written;
    /// checked once, on first use. A mapped index's pages are given back
    /// as the check goes: it reads the largest part of the file once.
    fn lazy_part_ok(&self) -> bool {
        /// How much is read between two givings back.
        const PIECE: usize = 8 << 20;
        *self.lazy_ok.get_or_init(|| {
            let start = u64_at(&self.bytes, AT_LAZY_START);
            let len = (self.bytes.len() as u64).saturating_sub(start);
            if start < HEADER_LEN {
                return false;
            }
            let mut crc = crc32fast::Hasher::new();
            for piece in bytes::slice(&self.bytes, start, len).chunks(PIECE) {
                crc.update(piece);
                self.bytes.release_pages();
            }
            crc.finalize() == u32_at(&self.bytes, AT_LAZY_CRC)
        })
    }

    /// Builds and opens the index of `outline` in memory.
    pub fn from_outline(
        outline: &build::Outline,
        enrichment: Option<&build::Enrichment>,
    ) -> Result<Catalog, String> {
        let bytes = build::build(outline, enrichment)?;
        Catalog::open(IndexBytes::Owned(bytes)).map_err(|refused| refused.to_string())
    }

    /// See [`IndexBytes::release_pages`].
    pub fn release_pages(&self) {
        self.bytes.release_pages();
    }

    /// The bytes, to be saved.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// What tells this index from any other of the same corpus: its
    /// source's fingerprint, its number of entries and its checksum.
    pub fn identity(&self) -> u64 {
        self.fingerprint ^ u64::from(u32_at(&self.bytes, AT_CRC)) << 32 ^ u64::from(self.count)
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the second pass (redirects, aliases, stamps) is in the index.
    pub fn is_enriched(&self) -> bool {
        self.flags & FLAG_ENRICHED != 0
    }

    /// The names the first pass made: the start of the strings section (all
    /// of it before the second pass; see [`AT_FIRST_STRINGS`]). `None`
    /// when an enriched index does not say where they end (such an index
    /// is refused when opened).
    pub fn first_pass_strings(&self) -> Option<&[u8]> {
        let strings = self.section(Section::Strings);
        if !self.is_enriched() {
            return Some(strings);
        }
        let end = usize::try_from(self.first_strings_header()).ok()?;
        strings.get(..end)
    }

    /// The header's count of first-pass strings, as it is.
    fn first_strings_header(&self) -> u64 {
        u64_at(&self.bytes, AT_FIRST_STRINGS)
    }

    /// A whole section's bytes, as the file holds them.
    fn section(&self, section: Section) -> &[u8] {
        bytes::slice(&self.bytes, self.start_of(section), self.len_of(section))
    }

    /// The section at place `i` of the table (empty past the table).
    fn section_at(&self, i: usize) -> &[u8] {
        match self.sections.get(i) {
            Some(&(start, len)) => bytes::slice(&self.bytes, start, len),
            None => &[],
        }
    }

    fn start_of(&self, section: Section) -> u64 {
        self.sections[section as usize].0
    }

    fn len_of(&self, section: Section) -> u64 {
        self.sections[section as usize].1
    }

    /// The string a reference at `at` points to.
    fn string_at(&self, at: u64) -> &str {
        let (offset, len) = (u32_at(&self.bytes, at), u32_at(&self.bytes, at + 4));
        if u64::from(offset) + u64::from(len) > self.len_of(Section::Strings) {
            return "";
        }
        str_at(
            &self.bytes,
            self.start_of(Section::Strings) + u64::from(offset),
            u64::from(len),
        )
    }

    fn record(&self, id: usize) -> Option<u64> {
        (id < self.len()).then(|| self.start_of(Section::Records) + id as u64 * RECORD_LEN)
    }

    pub fn title(&self, id: usize) -> &str {
        self.record(id).map_or("", |at| self.string_at(at))
    }

    pub fn path(&self, id: usize) -> &str {
        self.record(id).map_or("", |at| self.string_at(at + 8))
    }

    pub fn format(&self, id: usize) -> Format {
        match self.record(id).map(|at| u32_at(&self.bytes, at + 16)) {
            Some(1) => Format::Markdown,
            _ => Format::Wikitext,
        }
    }

    /// The entry's two location numbers (see [`SourceKind`]).
    pub fn location(&self, id: usize) -> (u64, u64) {
        self.record(id).map_or((0, 0), |at| {
            (u64_at(&self.bytes, at + 24), u64_at(&self.bytes, at + 32))
        })
    }

    /// The entry whose title key is `key` (already folded with `title_key`).
    pub fn find_title_key(&self, key: &str) -> Option<usize> {
        self.probe(Section::TitleKeys, key, |id| {
            (id < self.len() && title_key(self.title(id)) == key).then_some(id)
        })
    }

    /// Whether redirects are known (by the second pass, or a dump's first).
    pub fn knows_redirects(&self) -> bool {
        self.flags & FLAG_REDIRECTS != 0
    }

    /// The redirect target of an entry, when redirects are known.
    pub fn redirect(&self, id: usize) -> Option<&str> {
        if !self.knows_redirects() || id >= self.len() {
            return None;
        }
        let target = self.string_at(self.start_of(Section::Redirects) + id as u64 * STRING_REF_LEN);
        (!target.is_empty()).then_some(target)
    }

    /// `(size, modification time in ns)` of the entry's file when the second
    /// pass read it.
    pub fn stamp(&self, id: usize) -> Option<(u64, i64)> {
        if !self.is_enriched() || id >= self.len() || !self.lazy_part_ok() {
            return None;
        }
        let at = self.start_of(Section::Stamps) + id as u64 * STAMP_LEN;
        Some((u64_at(&self.bytes, at), u64_at(&self.bytes, at + 8) as i64))
    }

    pub fn alias_count(&self) -> usize {
        (self.len_of(Section::Aliases) / ALIAS_LEN) as usize
    }

    /// The alias at `index`: its name as written and its entry.
    pub fn alias(&self, index: usize) -> Option<(&str, usize)> {
        if index >= self.alias_count() {
            return None;
        }
        let at = self.start_of(Section::Aliases) + index as u64 * ALIAS_LEN;
        let id = u32_at(&self.bytes, at + 8) as usize;
        (id < self.len()).then(|| (self.string_at(at), id))
    }

    /// The aliases of entry `id` (aliases are stored in entry order).
    pub fn aliases_of(&self, id: usize) -> impl Iterator<Item = &str> {
        let id_at = |index: usize| {
            u32_at(
                &self.bytes,
                self.start_of(Section::Aliases) + index as u64 * ALIAS_LEN + 8,
            ) as usize
        };
        let (mut low, mut high) = (0, self.alias_count());
        while low < high {
            let middle = low + (high - low) / 2;
            if id_at(middle) < id {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        (low..self.alias_count())
            .take_while(move |&index| id_at(index) == id)
            .filter_map(|index| self.alias(index).map(|(name, _)| name))
    }

    /// The entry a lead alias with key `key` names.
    pub fn find_alias_key(&self, key: &str) -> Option<usize> {
        self.probe(Section::AliasKeys, key, |index| {
            let (name, id) = self.alias(index)?;
            (title_key(name) == key).then_some(id)
        })
    }

    fn string_list(&self, section: Section) -> impl Iterator<Item = &str> {
        let start = self.start_of(section);
        (0..self.len_of(section) / STRING_REF_LEN)
            .map(move |i| self.string_at(start + i * STRING_REF_LEN))
    }

    /// The finder's saved keys of every title (empty when none were saved).
    pub fn finder_keys(&self) -> &[u8] {
        if !self.lazy_part_ok() {
            return &[];
        }
        bytes::slice(
            &self.bytes,
            self.start_of(Section::FinderKeys),
            self.len_of(Section::FinderKeys),
        )
    }

    /// How many pages of other namespaces a dump's index keeps.
    pub fn other_page_count(&self) -> usize {
        (self.len_of(Section::OtherPages) / OTHER_PAGE_LEN) as usize
    }

    /// A page of another namespace: title, namespace, location numbers.
    pub fn other_page(&self, index: usize) -> Option<(&str, u32, u64, u64)> {
        if index >= self.other_page_count() {
            return None;
        }
        let at = self.start_of(Section::OtherPages) + index as u64 * OTHER_PAGE_LEN;
        Some((
            self.string_at(at),
            u32_at(&self.bytes, at + 8),
            u64_at(&self.bytes, at + 16),
            u64_at(&self.bytes, at + 24),
        ))
    }

    /// The index of the page of namespace `namespace` titled exactly
    /// `title` (`Template:Foo`) among the other pages, found by a binary
    /// search (they are kept sorted by namespace and title).
    pub fn other_page_titled(&self, namespace: u32, title: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.other_page_count());
        while low < high {
            let middle = low + (high - low) / 2;
            let (found, found_namespace, _, _) = self.other_page(middle)?;
            match (found_namespace, found).cmp(&(namespace, title)) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// The finder's saved letter-pair index (empty when none was saved).
    pub fn finder_pairs(&self) -> &[u8] {
        if !self.lazy_part_ok() {
            return &[];
        }
        bytes::slice(
            &self.bytes,
            self.start_of(Section::FinderPairs),
            self.len_of(Section::FinderPairs),
        )
    }

    /// Warnings met while the index was built (duplicate titles, skipped files).
    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.string_list(Section::Warnings)
    }

    /// The relative directories of a directory corpus.
    pub fn directories(&self) -> impl Iterator<Item = &str> {
        self.string_list(Section::Directories)
    }

    /// Walks the hash table `section` from `key`'s slot; `check` confirms a
    /// candidate (by value) and gives the answer. A damaged table ends after
    /// one round.
    fn probe(
        &self,
        section: Section,
        key: &str,
        check: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        let slots = self.len_of(section) / SLOT_LEN;
        if key.is_empty() || !slots.is_power_of_two() {
            return None;
        }
        let hash = key_hash(key);
        let tag = (hash >> 32) as u32;
        let start = self.start_of(section);
        let mut slot = hash & (slots - 1);
        for _ in 0..slots {
            let at = start + slot * SLOT_LEN;
            let value = u32_at(&self.bytes, at + 4);
            if value == 0 {
                return None;
            }
            if u32_at(&self.bytes, at) == tag
                && let Some(found) = check(value as usize - 1)
            {
                return Some(found);
            }
            slot = (slot + 1) & (slots - 1);
        }
        None
    }
}

/// Where the checked part of index bytes lies: (start, length), from the
/// end of the header to the lazy part (or the end, when the stated start is
/// out of place).
fn checked_part(bytes: &[u8]) -> (u64, u64) {
    checked_range(u64_at(bytes, AT_LAZY_START), bytes.len() as u64)
}

fn checked_range(lazy: u64, len: u64) -> (u64, u64) {
    let end = if (HEADER_LEN..=len).contains(&lazy) {
        lazy
    } else {
        len
    };
    (HEADER_LEN, end.saturating_sub(HEADER_LEN))
}

#[cfg(test)]
mod tests {
    use super::build::{Enrichment, NewEntry, Outline, build};
    use super::*;

    fn outline() -> Outline {
        let entry = |title: &str, path: &str, format| NewEntry {
            title: title.into(),
            path: path.into(),
            format,
            location: 7,
            location2: 9,
        };
        Outline {
            kind: SourceKind::Directory,
            fingerprint: 42,
            entries: vec![
                entry("伊犁危機", "伊犁危機.wiki", Format::Wikitext),
                entry("苏联入侵新疆", "苏联入侵新疆.md", Format::Markdown),
                entry("伊犁危机", "sub/伊犁危机.md", Format::Markdown),
                entry("伊犁交涉", "伊犁交涉.wiki", Format::Wikitext),
            ],
            warnings: vec!["skipped x".into()],
            directories: vec!["".into(), "sub".into()],
            ..Outline::default()
        }
    }

    fn enrichment() -> Enrichment {
        Enrichment {
            redirects: vec![None, None, None, Some("伊犁危機".into())],
            stamps: vec![(1, 2), (3, 4), (5, 6), (7, 8)],
            aliases: vec![("伊犁交涉事件".into(), 0), ("蘇聯進軍新疆".into(), 1)],
            finder_keys: b"saved keys".to_vec(),
            finder_pairs: b"saved pairs".to_vec(),
        }
    }

    #[test]
    fn entries_keys_and_the_second_pass_read_back() {
        let catalog = Catalog::from_outline(&outline(), Some(&enrichment())).expect("builds");
        assert_eq!(catalog.len(), 4);
        assert_eq!(catalog.fingerprint(), 42);
        assert_eq!(catalog.title(1), "苏联入侵新疆");
        assert_eq!(catalog.path(2), "sub/伊犁危机.md");
        assert_eq!(catalog.format(0), Format::Wikitext);
        assert_eq!(catalog.format(1), Format::Markdown);
        assert_eq!(catalog.location(3), (7, 9));
        assert_eq!(catalog.find_title_key(&title_key("伊犁危机")), Some(0));
        assert_eq!(catalog.find_title_key(&title_key("蘇聯入侵新疆")), Some(1));
        assert_eq!(catalog.find_title_key(&title_key("左宗棠")), None);
        assert_eq!(catalog.redirect(3), Some("伊犁危機"));
        assert_eq!(catalog.redirect(0), None);
        assert_eq!(catalog.stamp(2), Some((5, 6)));
        assert_eq!(catalog.finder_keys(), b"saved keys");
        assert_eq!(catalog.find_alias_key(&title_key("苏联进军新疆")), Some(1));
        assert_eq!(catalog.alias(0), Some(("伊犁交涉事件", 0)));
        assert_eq!(catalog.aliases_of(1).collect::<Vec<_>>(), ["蘇聯進軍新疆"]);
        assert_eq!(catalog.aliases_of(2).count(), 0);
        let warnings: Vec<&str> = catalog.warnings().collect();
        assert_eq!(warnings[0], "skipped x");
        assert!(warnings[1].contains("same title"), "{warnings:?}");
        assert_eq!(catalog.directories().collect::<Vec<_>>(), ["", "sub"]);
        assert_eq!(catalog.title(99), "");
    }

    /// The facts of `enrichment()` as the second pass learns them: in runs
    /// of two entries in entry order (as in a directory), or of one each,
    /// last first (as a dump's streams may come).
    fn learnt_runs(in_order: bool) -> Vec<learnt::LearntRun> {
        let enrichment = enrichment();
        let mut runs = Vec::new();
        let ids: Vec<usize> = if in_order {
            (0..4).collect()
        } else {
            (0..4).rev().collect()
        };
        let mut run = learnt::LearntRun::default();
        for id in ids {
            if !in_order || run.len() == 2 {
                runs.push(std::mem::take(&mut run));
            }
            let aliases = enrichment
                .aliases
                .iter()
                .filter(|(_, of)| *of as usize == id)
                .map(|(name, _)| name.as_str());
            run.push(
                id,
                enrichment.stamps[id],
                enrichment.redirects[id].as_deref(),
                aliases,
                true,
                false,
            );
        }
        runs.push(run);
        runs.retain(|run| !run.is_empty());
        runs
    }

    #[test]
    fn a_first_index_extended_reads_as_one_built_whole() {
        for in_order in [true, false] {
            a_first_index_extended_by(learnt_runs(in_order));
        }
    }

    /// Pages nothing maps.
    struct NoPages;
    impl build::Pages for NoPages {
        fn release_pages(&self) {}
    }

    fn a_first_index_extended_by(runs: Vec<learnt::LearntRun>) {
        let first = Catalog::from_outline(&outline(), None).expect("builds");
        let enrichment = enrichment();
        let bytes: Vec<Vec<u8>> = runs.iter().map(learnt::LearntRun::to_bytes).collect();
        let views: Vec<learnt::RunView<'_>> =
            bytes.iter().map(|b| learnt::RunView::of(b)).collect();
        let extended = build::extend(&first, &views, &NoPages)
            .expect("extends")
            .with_finder(
                enrichment.finder_keys.as_slice().into(),
                enrichment.finder_pairs.as_slice().into(),
            )
            .to_bytes();
        let extended = Catalog::open(IndexBytes::Owned(extended)).expect("opens");
        let whole = Catalog::from_outline(&outline(), Some(&enrichment)).expect("builds");
        assert!(extended.is_enriched());
        assert_eq!((extended.len(), extended.fingerprint()), (4, 42));
        assert_eq!(extended.kind(), whole.kind());
        for id in 0..4 {
            assert_eq!(extended.title(id), whole.title(id));
            assert_eq!(extended.path(id), whole.path(id));
            assert_eq!(extended.format(id), whole.format(id));
            assert_eq!(extended.location(id), whole.location(id));
            assert_eq!(extended.redirect(id), whole.redirect(id));
            assert_eq!(extended.stamp(id), whole.stamp(id));
            assert!(extended.aliases_of(id).eq(whole.aliases_of(id)));
        }
        for key in [
            "伊犁危机",
            "蘇聯入侵新疆",
            "伊犁交涉事件",
            "苏联进军新疆",
            "左宗棠",
        ] {
            let key = title_key(key);
            assert_eq!(extended.find_title_key(&key), whole.find_title_key(&key));
            assert_eq!(extended.find_alias_key(&key), whole.find_alias_key(&key));
        }
        assert!(extended.warnings().eq(whole.warnings()));
        assert!(extended.directories().eq(whole.directories()));
        assert_eq!(extended.finder_keys(), b"saved keys");
        assert_eq!(extended.finder_pairs(), b"saved pairs");
    }

    #[test]
    fn an_enriched_index_extended_again_has_only_the_new_second_pass() {
        // Extending an index the second pass made (a file changed since)
        // keeps its first-pass names and replaces the second pass's: read
        // back, it is the index built whole with the new facts, and its
        // names do not grow however often it is extended.
        let whole = Catalog::from_outline(&outline(), Some(&enrichment())).expect("builds");
        let first = Catalog::from_outline(&outline(), None).expect("builds");
        assert_eq!(
            whole.first_pass_strings().map(<[u8]>::len),
            first.first_pass_strings().map(<[u8]>::len),
            "the first pass's names come first"
        );
        let mut index = whole;
        let mut sizes = Vec::new();
        for round in 0..3 {
            let mut later = enrichment();
            later.aliases = vec![(format!("別名{round}"), 0)];
            let mut run = learnt::LearntRun::default();
            for id in 0..4 {
                let aliases = later
                    .aliases
                    .iter()
                    .filter(|(_, of)| *of == id)
                    .map(|(name, _)| name.as_str());
                run.push(
                    id as usize,
                    later.stamps[id as usize],
                    later.redirects[id as usize].as_deref(),
                    aliases,
                    true,
                    false,
                );
            }
            let bytes = run.to_bytes();
            let extended = build::extend(&index, &[learnt::RunView::of(&bytes)], &NoPages)
                .expect("extends")
                .to_bytes();
            let extended = Catalog::open(IndexBytes::Owned(extended)).expect("opens");
            let rebuilt = Catalog::from_outline(&outline(), Some(&later)).expect("builds");
            for id in 0..4 {
                assert_eq!(extended.title(id), rebuilt.title(id));
                assert_eq!(extended.path(id), rebuilt.path(id));
                assert_eq!(extended.redirect(id), rebuilt.redirect(id));
                assert!(
                    extended.aliases_of(id).eq(rebuilt.aliases_of(id)),
                    "{round}"
                );
            }
            let alias = title_key(&format!("別名{round}"));
            assert_eq!(extended.find_alias_key(&alias), Some(0));
            assert_eq!(extended.find_alias_key(&title_key("伊犁交涉事件")), None);
            assert!(extended.warnings().eq(rebuilt.warnings()));
            assert_eq!(extended.finder_keys(), rebuilt.finder_keys());
            sizes.push(extended.len_of(Section::Strings));
            index = extended;
        }
        assert!(sizes.windows(2).all(|w| w[0] == w[1]), "{sizes:?}");
    }

    #[test]
    fn an_enriched_index_whose_first_names_run_past_its_strings_is_refused() {
        let mut bytes = build(&outline(), Some(&enrichment())).expect("builds");
        let at = AT_FIRST_STRINGS as usize;
        bytes[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Catalog::open(IndexBytes::Owned(bytes)).is_err());
    }

    #[test]
    fn without_the_second_pass_nothing_of_it_is_known() {
        let catalog = Catalog::from_outline(&outline(), None).expect("builds");
        assert!(!catalog.is_enriched());
        assert_eq!(catalog.redirect(3), None);
        assert_eq!(catalog.stamp(0), None);
        assert_eq!(catalog.find_alias_key(&title_key("伊犁交涉事件")), None);
    }

    #[test]
    fn damaged_bytes_are_refused_never_read() {
        let good = build(&outline(), Some(&enrichment())).expect("builds");
        let open = |bytes: Vec<u8>| Catalog::open(IndexBytes::Owned(bytes)).err();
        assert_eq!(open(good.clone()), None);
        assert_eq!(open(Vec::new()), Some(Refused::Foreign));
        assert_eq!(
            open(good[..good.len() - 1].to_vec()),
            Some(Refused::Truncated)
        );
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(open(longer), Some(Refused::Truncated));
        let mut other_version = good.clone();
        other_version[AT_VERSION as usize] ^= 0xff;
        assert_eq!(open(other_version), Some(Refused::Foreign));
        // A flipped bit anywhere in the checked part fails the checksum.
        let lazy = u64_at(&good, AT_LAZY_START) as usize;
        for at in (HEADER_LEN as usize..lazy).step_by(7) {
            let mut flipped = good.clone();
            flipped[at] ^= 0x10;
            assert_eq!(open(flipped), Some(Refused::Damaged("checksum")), "{at}");
        }
        // One in the lazy part hides the stamps and the finder's keys only.
        let mut flipped = good.clone();
        flipped[good.len() - 1] ^= 0x10;
        let catalog = Catalog::open(IndexBytes::Owned(flipped)).expect("opens");
        assert_eq!(catalog.stamp(0), None);
        assert_eq!(catalog.finder_keys(), b"");
        assert_eq!(catalog.title(0), "伊犁危機");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in [0usize, 1, 63, 64, 400, 4096] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            assert!(Catalog::open(IndexBytes::Owned(bytes)).is_err());
        }
    }
}
