//! Writing a corpus index: the entries of a source (titles, paths, formats,
//! locations), their title keys, and optionally the second pass (redirects,
//! lead aliases, file stamps, the finder's keys); or a first-pass index
//! extended with the second pass, its own sections written as they are.
//! The index is written section by section to any writer, so it is never
//! whole in memory. Pure: it never opens a file; `store` saves what it
//! makes.

use super::bytes::key_hash;
use super::layout::*;
use super::learnt::RunView;
use crate::document::Format;
use crate::wiki::titles::title_key;
use std::borrow::Cow;

/// One entry as the first pass finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub title: String,
    /// Where the entry is, as the reader names it: a corpus-relative path for
    /// a directory, the title for a dump.
    /// Empty when it is the title.
    pub path: String,
    pub format: Format,
    pub location: u64,
    pub location2: u64,
}

impl NewEntry {
    /// Whether the entry is named by its title (a dump's page).
    fn names_itself(&self) -> bool {
        self.path.is_empty() || self.path == self.title
    }

    /// Where the entry is, as the reader names it.
    fn path_or_title(&self) -> &str {
        if self.path.is_empty() {
            &self.title
        } else {
            &self.path
        }
    }
}

/// What the second pass learns of every entry, in entry order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enrichment {
    pub redirects: Vec<Option<String>>,
    /// `(size, modification time in ns)` of each entry's file; zeros for a dump.
    pub stamps: Vec<(u64, i64)>,
    /// Lead aliases that are not titles, as written, with their entry.
    pub aliases: Vec<(String, u32)>,
    /// The finder's keys of every title (`finder::index::encode_keys`).
    pub finder_keys: Vec<u8>,
    /// Their letter-pair index (`finder::index::encode_finder_data`).
    pub finder_pairs: Vec<u8>,
}

/// A page of a dump outside the article namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherPage {
    pub title: String,
    pub namespace: u32,
    pub location: u64,
    pub location2: u64,
}

/// The first pass of a source.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub kind: SourceKind,
    pub fingerprint: u64,
    pub entries: Vec<NewEntry>,
    pub warnings: Vec<String>,
    /// Relative directories of a directory corpus (`""` is the root).
    pub directories: Vec<String>,
    /// Redirects the first pass already knows (a dump's), in entry order;
    /// empty when it knows none.
    pub redirects: Vec<Option<String>>,
    pub other_pages: Vec<OtherPage>,
}

/// How many build warnings are kept (the rest are counted in one line).
const MAX_WARNINGS: usize = 1000;

/// The index bytes for `outline`, with `enrichment` when the second pass is
/// done (see [`build_parts`]).
pub fn build(outline: &Outline, enrichment: Option<&Enrichment>) -> Result<Vec<u8>, String> {
    Ok(build_parts(outline, enrichment)?.to_bytes())
}

/// An index ready to be written: its header and its sections, the largest
/// of which (the finder's) are borrowed from the enrichment rather than
/// copied, so a big corpus's index is never held twice in memory.
pub struct BuiltIndex<'a> {
    kind: SourceKind,
    fingerprint: u64,
    count: u32,
    flags: u32,
    /// See [`AT_FIRST_STRINGS`].
    first_strings: u64,
    /// Each section as the pieces it is written from, one after another.
    sections: Vec<Vec<std::borrow::Cow<'a, [u8]>>>,
    /// Gives back the pages of the mapped index the borrowed pieces come
    /// from, once a piece is written (see [`borrowed_pieces`]).
    release: Vec<&'a dyn Pages>,
}

/// Something mapped whose pages can be given back once read (a mapped
/// index, the second pass's spill file).
pub trait Pages {
    fn release_pages(&self);
}

impl Pages for super::Catalog {
    fn release_pages(&self) {
        super::Catalog::release_pages(self);
    }
}

/// How many entries or aliases are read from the runs between two
/// givings back of their pages.
const RELEASE_EVERY: usize = 1 << 16;

/// How much of a mapped section is written before its pages are given back.
const RELEASE_PIECE: usize = 4 << 20;

/// `bytes` (a section of a mapped index) as pieces small enough that the
/// pages each brings in are given back before the next (see `release`).
fn borrowed_pieces(bytes: &[u8]) -> Vec<Cow<'_, [u8]>> {
    bytes.chunks(RELEASE_PIECE).map(Cow::Borrowed).collect()
}

/// A section's length: its pieces' lengths.
fn section_len(pieces: &[std::borrow::Cow<'_, [u8]>]) -> u64 {
    pieces.iter().map(|piece| piece.len() as u64).sum()
}

/// The index of `outline`, with `enrichment` when the second pass is done.
/// Title keys are folded on all cores. An error when the strings outgrow
/// the format (4 GiB).
pub fn build_parts<'a>(
    outline: &Outline,
    enrichment: Option<&'a Enrichment>,
) -> Result<BuiltIndex<'a>, String> {
    use rayon::prelude::*;
    let count = outline.entries.len();
    let count32 = u32::try_from(count).map_err(|_| "too many entries".to_string())?;
    // The names' room is taken at once: grown as they come, the largest
    // buffer of the build would be copied, and held twice, as it doubled.
    let names: usize = outline
        .entries
        .iter()
        .map(|e| e.title.len() + if e.names_itself() { 0 } else { e.path.len() })
        .sum();
    let mut strings = Strings {
        bytes: Vec::with_capacity(names + (1 << 16)),
    };
    let mut records = Vec::with_capacity(count * RECORD_LEN as usize);
    for entry in &outline.entries {
        let title = strings.add(&entry.title)?;
        // A path equal to the title (a dump) is stored once.
        let path = if entry.names_itself() {
            title
        } else {
            strings.add(&entry.path)?
        };
        push_ref(&mut records, title);
        push_ref(&mut records, path);
        records.extend_from_slice(&(format_code(entry.format)).to_le_bytes());
        records.extend_from_slice(&0u32.to_le_bytes());
        records.extend_from_slice(&entry.location.to_le_bytes());
        records.extend_from_slice(&entry.location2.to_le_bytes());
    }
    // Only the keys' hashes are kept (a key each would be about 45 bytes
    // a title at a million titles); the few equal hashes are checked by
    // making their keys again.
    let (hashes, keyless): (Vec<u64>, Vec<bool>) = outline
        .entries
        .par_iter()
        .map(|e| {
            let key = title_key(&e.title);
            (key_hash(&key), key.is_empty())
        })
        .unzip();
    let mut warnings = outline.warnings.clone();
    let title_table = hash_table_of(
        hashes.len(),
        hashes
            .iter()
            .zip(&keyless)
            .map(|(&hash, &keyless)| (!keyless).then_some(hash)),
        |a, b| title_key(&outline.entries[a].title) == title_key(&outline.entries[b].title),
        |first, later| {
            let (first, later) = (
                outline.entries[first].path_or_title(),
                outline.entries[later].path_or_title(),
            );
            warnings.push(format!(
                "{first} and {later} have the same title; {first} is used"
            ));
        },
    );
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - MAX_WARNINGS;
        warnings.truncate(MAX_WARNINGS);
        warnings.push(format!("… and {more} more warnings"));
    }
    drop((hashes, keyless));
    let mut sections: Vec<Vec<Cow<'a, [u8]>>> = vec![Vec::new(); SECTION_COUNT];
    sections[Section::Records as usize] = vec![records.into()];
    sections[Section::TitleKeys as usize] = vec![title_table.into()];
    sections[Section::Warnings as usize] = vec![string_refs(&mut strings, &warnings)?.into()];
    sections[Section::Directories as usize] =
        vec![string_refs(&mut strings, &outline.directories)?.into()];
    let mut others = Vec::with_capacity(outline.other_pages.len() * OTHER_PAGE_LEN as usize);
    // By namespace and title: a template's page is found by a binary search
    // ([`super::Catalog::other_page_titled`]).
    let mut other_pages: Vec<&OtherPage> = outline.other_pages.iter().collect();
    other_pages.sort_by(|a, b| (a.namespace, &a.title).cmp(&(b.namespace, &b.title)));
    other_pages.dedup_by(|a, b| (a.namespace, &a.title) == (b.namespace, &b.title));
    for page in other_pages {
        push_ref(&mut others, strings.add(&page.title)?);
        others.extend_from_slice(&page.namespace.to_le_bytes());
        others.extend_from_slice(&0u32.to_le_bytes());
        others.extend_from_slice(&page.location.to_le_bytes());
        others.extend_from_slice(&page.location2.to_le_bytes());
    }
    sections[Section::OtherPages as usize] = vec![others.into()];
    // The names so far are the first pass's; the second pass's (and a
    // dump's redirects, which it replaces) come after them.
    let first_strings = strings.bytes.len() as u64;
    let mut flags = 0;
    match enrichment {
        Some(enrichment) => {
            flags |= add_enrichment(&mut sections, &mut strings, count32, enrichment)?;
            sections[Section::FinderKeys as usize] = vec![Cow::Borrowed(&enrichment.finder_keys)];
            sections[Section::FinderPairs as usize] = vec![Cow::Borrowed(&enrichment.finder_pairs)];
        }
        None if !outline.redirects.is_empty() => {
            flags |= FLAG_REDIRECTS;
            sections[Section::Redirects as usize] =
                vec![redirect_refs(&mut strings, count, &outline.redirects)?.into()];
        }
        None => {}
    }
    sections[Section::Strings as usize] = vec![strings.bytes.into()];
    Ok(BuiltIndex {
        kind: outline.kind,
        fingerprint: outline.fingerprint,
        count: count32,
        flags,
        first_strings,
        sections,
        release: Vec::new(),
    })
}

/// The index of `first` (a first-pass index, or one this made before,
/// whose second-pass sections are replaced) with what the second pass
/// learnt (`runs`, read from `spill`; the finder's keys and pairs apart:
/// see [`BuiltIndex::with_finder`]). What the first pass made (entries,
/// title keys, names, warnings, and the finder's sections when it was
/// saved with them: see [`with_finder_of`]) is written as it is, straight
/// from `first`: nothing of it is read into memory or computed again; the
/// names an earlier second pass added are left out. An error when `first`
/// does not say where its first pass's names end. The runs' names and (when the runs are in entry order) stamps
/// become pieces of the index as they are; the pages of both maps are given
/// back as they are read.
pub fn extend<'a>(
    first: &'a super::Catalog,
    runs: &[RunView<'a>],
    spill: &'a dyn Pages,
) -> Result<BuiltIndex<'a>, String> {
    let count = u32::try_from(first.len()).map_err(|_| "too many entries".to_string())?;
    let entries = count as usize;
    let mut sections: Vec<Vec<Cow<'a, [u8]>>> = vec![Vec::new(); SECTION_COUNT];
    for kept in [
        Section::Records,
        Section::TitleKeys,
        Section::Warnings,
        Section::Directories,
        Section::OtherPages,
        Section::FinderKeys,
        Section::FinderPairs,
    ] {
        sections[kept as usize] = borrowed_pieces(first.section(kept));
    }
    let earlier = first
        .first_pass_strings()
        .ok_or_else(|| "the index does not say which names its first pass made".to_string())?;
    // Where each run's names start in the strings section.
    let mut bases = Vec::with_capacity(runs.len());
    let mut at = earlier.len() as u64;
    for run in runs {
        bases.push(at);
        at += run.text().len() as u64;
    }
    if at > u64::from(u32::MAX) {
        return Err("the corpus index outgrew 4 GiB of names".into());
    }
    let global = |run: usize, at: u32| (bases[run] + u64::from(at)) as u32;
    // Gives the spill's pages back every so many steps.
    let step = |done: usize| {
        if done % RELEASE_EVERY == RELEASE_EVERY - 1 {
            spill.release_pages();
        }
    };
    // Runs of consecutive entries, in order, from the first to the last
    // (a directory's): their stamps and aliases are in entry order already.
    let mut next = 0u32;
    let in_order = runs
        .iter()
        .flat_map(RunView::ids)
        .all(|id| std::mem::replace(&mut next, id.wrapping_add(1)) == id)
        && next == count;
    sections[Section::Stamps as usize] = if in_order {
        runs.iter()
            .map(|run| Cow::Borrowed(run.stamp_bytes()))
            .collect()
    } else {
        let mut stamps = vec![0u8; entries * STAMP_LEN as usize];
        let mut done = 0;
        for run in runs {
            let bytes = run.stamp_bytes().chunks_exact(STAMP_LEN as usize);
            for (id, stamp) in run.ids().zip(bytes) {
                let at = id as usize * STAMP_LEN as usize;
                if let Some(slot) = stamps.get_mut(at..at + STAMP_LEN as usize) {
                    slot.copy_from_slice(stamp);
                }
                step(done);
                done += 1;
            }
        }
        vec![stamps.into()]
    };
    spill.release_pages();
    let mut redirects = vec![0u8; entries * STRING_REF_LEN as usize];
    for (r, run) in runs.iter().enumerate() {
        for (id, at, len) in run.redirect_names() {
            let place = id as usize * STRING_REF_LEN as usize;
            if let Some(slot) = redirects.get_mut(place..place + STRING_REF_LEN as usize) {
                slot[..4].copy_from_slice(&global(r, at).to_le_bytes());
                slot[4..].copy_from_slice(&len.to_le_bytes());
            }
        }
    }
    sections[Section::Redirects as usize] = vec![redirects.into()];
    spill.release_pages();
    // Aliases are kept in entry order (`Catalog::aliases_of` searches them);
    // an entry's own come from one run, in the order they were found.
    let order = AliasOrder::of(runs, in_order, count);
    let alias = |position: usize| {
        let (run, index) = order.at(position);
        let (id, at, len) = runs[run].alias_at(index).unwrap_or((0, 0, 0));
        (id, run, at, len)
    };
    let name = |position: usize| {
        let (_, run, at, len) = alias(position);
        runs[run].text_at(at, len)
    };
    // Aliases whose key is empty are kept but cannot be looked up.
    let table = hash_table_of(
        order.len(),
        (0..order.len()).map(|position| {
            step(position);
            let key = title_key(name(position));
            (!key.is_empty()).then(|| key_hash(&key))
        }),
        |a, b| title_key(name(a)) == title_key(name(b)),
        |_, _| {},
    );
    sections[Section::AliasKeys as usize] = vec![table.into()];
    spill.release_pages();
    let mut aliases = Vec::with_capacity(order.len() * ALIAS_LEN as usize);
    for position in 0..order.len() {
        let (id, run, at, len) = alias(position);
        push_ref(&mut aliases, (global(run, at), len));
        aliases.extend_from_slice(&id.to_le_bytes());
        aliases.extend_from_slice(&0u32.to_le_bytes());
        step(position);
    }
    drop(order);
    sections[Section::Aliases as usize] = vec![aliases.into()];
    spill.release_pages();
    let mut strings_pieces = borrowed_pieces(earlier);
    strings_pieces.extend(runs.iter().map(|run| Cow::Borrowed(run.text())));
    sections[Section::Strings as usize] = strings_pieces;
    Ok(BuiltIndex {
        kind: first.kind(),
        fingerprint: first.fingerprint(),
        count,
        flags: FLAG_ENRICHED | FLAG_REDIRECTS,
        first_strings: earlier.len() as u64,
        sections,
        release: vec![first, spill],
    })
}

/// `index` as it is, every section borrowed, with the finder's `keys` and
/// `pairs` in place of its own: a first-pass index saved again with what
/// the finder needs, so the reader's finder reads them in place and the
/// second pass need not make them (see [`extend`]).
pub fn with_finder_of<'a>(
    index: &'a super::Catalog,
    keys: &'a [u8],
    pairs: &'a [u8],
) -> BuiltIndex<'a> {
    let sections = (0..SECTION_COUNT)
        .map(|i| match i {
            i if i == Section::FinderKeys as usize => vec![Cow::Borrowed(keys)],
            i if i == Section::FinderPairs as usize => vec![Cow::Borrowed(pairs)],
            i => borrowed_pieces(index.section_at(i)),
        })
        .collect();
    BuiltIndex {
        kind: index.kind(),
        fingerprint: index.fingerprint(),
        count: index.count,
        flags: index.flags,
        first_strings: index.first_strings_header(),
        sections,
        release: vec![index],
    }
}

/// References to the redirect target of each of `count` entries (none: a
/// zero reference).
fn redirect_refs(
    strings: &mut Strings,
    count: usize,
    known: &[Option<String>],
) -> Result<Vec<u8>, String> {
    let mut redirects = Vec::with_capacity(count * STRING_REF_LEN as usize);
    for id in 0..count {
        match known.get(id).and_then(|r| r.as_deref()) {
            Some(target) if !target.is_empty() => push_ref(&mut redirects, strings.add(target)?),
            _ => push_ref(&mut redirects, (0, 0)),
        }
    }
    Ok(redirects)
}

/// Adds the second pass's sections (redirects, stamps, aliases and their
/// keys) for `count` entries; the flags they set. The finder's sections
/// are added apart (see [`BuiltIndex::with_finder`]).
fn add_enrichment(
    sections: &mut [Vec<std::borrow::Cow<'_, [u8]>>],
    strings: &mut Strings,
    count: u32,
    enrichment: &Enrichment,
) -> Result<u32, String> {
    let entries = count as usize;
    sections[Section::Redirects as usize] =
        vec![redirect_refs(strings, entries, &enrichment.redirects)?.into()];
    let mut stamps = Vec::with_capacity(entries * STAMP_LEN as usize);
    for id in 0..entries {
        let (size, mtime) = enrichment.stamps.get(id).copied().unwrap_or((0, 0));
        stamps.extend_from_slice(&size.to_le_bytes());
        stamps.extend_from_slice(&mtime.to_le_bytes());
    }
    let mut aliases = Vec::with_capacity(enrichment.aliases.len() * ALIAS_LEN as usize);
    let mut alias_keys = Vec::with_capacity(enrichment.aliases.len());
    for (name, id) in &enrichment.aliases {
        if *id >= count {
            continue;
        }
        push_ref(&mut aliases, strings.add(name)?);
        aliases.extend_from_slice(&id.to_le_bytes());
        aliases.extend_from_slice(&0u32.to_le_bytes());
        alias_keys.push(title_key(name));
    }
    sections[Section::Stamps as usize] = vec![stamps.into()];
    sections[Section::AliasKeys as usize] =
        vec![hash_table(alias_keys.iter().map(String::as_str), |_, _| {}).into()];
    sections[Section::Aliases as usize] = vec![aliases.into()];
    Ok(FLAG_ENRICHED | FLAG_REDIRECTS)
}

/// Zeros that pad a section to the next multiple of 8.
const PADDING: [u8; 8] = [0; 8];

impl<'a> BuiltIndex<'a> {
    /// The index with the finder's keys and letter pairs (see
    /// `finder::index::encode_finder_data`).
    pub fn with_finder(mut self, keys: Cow<'a, [u8]>, pairs: Cow<'a, [u8]>) -> BuiltIndex<'a> {
        self.sections[Section::FinderKeys as usize] = vec![keys];
        self.sections[Section::FinderPairs as usize] = vec![pairs];
        self
    }

    /// Gives back the mapped pages a piece brought in, if it was borrowed.
    fn release_after(&self, borrowed: bool) {
        if borrowed {
            for mapped in &self.release {
                mapped.release_pages();
            }
        }
    }

    /// Whether the finder's keys are among the sections.
    pub fn has_finder_keys(&self) -> bool {
        section_len(&self.sections[Section::FinderKeys as usize]) > 0
    }

    /// The sections in file order (the lazily checked ones last), each
    /// with its offset and the padding before it; then where the lazy part
    /// starts and the file's length.
    fn placed(&self) -> (Vec<(usize, u64, usize)>, u64, u64) {
        let lazy = |i: usize| LAZY_SECTIONS.iter().any(|s| *s as usize == i);
        let order = (0..self.sections.len())
            .filter(|&i| !lazy(i))
            .chain((0..self.sections.len()).filter(|&i| lazy(i)));
        let mut at = BODY_START;
        let mut lazy_start = None;
        let mut placed = Vec::with_capacity(SECTION_COUNT);
        for i in order {
            let padding = (8 - (at % 8)) % 8;
            at += padding;
            if lazy(i) && lazy_start.is_none() {
                lazy_start = Some(at);
            }
            placed.push((i, at, padding as usize));
            at += section_len(&self.sections[i]);
        }
        (placed, lazy_start.unwrap_or(at), at)
    }

    /// The header and the section table, with the checksums of both parts.
    pub fn head(&self) -> Vec<u8> {
        let (placed, lazy_start, file_len) = self.placed();
        let mut head = vec![0u8; BODY_START as usize];
        for &(i, at, _) in &placed {
            let entry = HEADER_LEN as usize + i * 16;
            head[entry..entry + 8].copy_from_slice(&at.to_le_bytes());
            head[entry + 8..entry + 16]
                .copy_from_slice(&section_len(&self.sections[i]).to_le_bytes());
        }
        // Checksums over what follows the header, piece by piece, exactly
        // as it will be written.
        let mut eager = crc32fast::Hasher::new();
        eager.update(&head[HEADER_LEN as usize..]);
        let mut lazy = crc32fast::Hasher::new();
        for &(i, at, padding) in &placed {
            // Padding goes with the part it lies in: the lazy part starts
            // at its first section, after that section's padding.
            let padding_part = if at - padding as u64 >= lazy_start {
                &mut lazy
            } else {
                &mut eager
            };
            padding_part.update(&PADDING[..padding]);
            let part = if at >= lazy_start {
                &mut lazy
            } else {
                &mut eager
            };
            for piece in &self.sections[i] {
                part.update(piece);
                self.release_after(matches!(piece, Cow::Borrowed(_)));
            }
        }
        head[..8].copy_from_slice(MAGIC);
        put_u32(&mut head, AT_VERSION, VERSION);
        put_u32(&mut head, AT_KIND, self.kind as u32);
        put_u32(&mut head, AT_COUNT, self.count);
        put_u32(&mut head, AT_FLAGS, self.flags);
        head[AT_FINGERPRINT as usize..AT_FINGERPRINT as usize + 8]
            .copy_from_slice(&self.fingerprint.to_le_bytes());
        head[AT_FILE_LEN as usize..AT_FILE_LEN as usize + 8]
            .copy_from_slice(&file_len.to_le_bytes());
        put_u32(&mut head, AT_CRC, eager.finalize());
        put_u32(&mut head, AT_LAZY_CRC, lazy.finalize());
        head[AT_LAZY_START as usize..AT_LAZY_START as usize + 8]
            .copy_from_slice(&lazy_start.to_le_bytes());
        head[AT_FIRST_STRINGS as usize..AT_FIRST_STRINGS as usize + 8]
            .copy_from_slice(&self.first_strings.to_le_bytes());
        head
    }

    /// The file's length in bytes.
    fn file_len(&self) -> u64 {
        self.placed().2
    }

    /// Writes the whole index to `out`, section by section.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&self.head())?;
        let (placed, _, _) = self.placed();
        for (i, _, padding) in placed {
            out.write_all(&PADDING[..padding])?;
            for piece in &self.sections[i] {
                out.write_all(piece)?;
                self.release_after(matches!(piece, Cow::Borrowed(_)));
            }
        }
        Ok(())
    }

    /// The whole index in memory.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(usize::try_from(self.file_len()).unwrap_or(0));
        // Writing into memory cannot fail.
        let _ = self.write_to(&mut bytes);
        bytes
    }
}

fn put_u32(out: &mut [u8], at: u64, value: u32) {
    let at = at as usize;
    out[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

pub fn format_code(format: Format) -> u32 {
    match format {
        Format::Markdown => 1,
        Format::Wikitext => 2,
    }
}

/// An open-addressing table of `keys` (the value is the key's position):
/// the first of equal keys wins and `duplicate(first, later)` hears of the rest.
fn hash_table<'a>(
    keys: impl Iterator<Item = &'a str>,
    duplicate: impl FnMut(usize, usize),
) -> Vec<u8> {
    let keys: Vec<&str> = keys.collect();
    hash_table_of(
        keys.len(),
        keys.iter()
            .map(|key| (!key.is_empty()).then(|| key_hash(key))),
        |a, b| keys[a] == keys[b],
        duplicate,
    )
}

/// The table of [`hash_table`] for `len` keys from their hashes, in order
/// (`None`: an empty key, left out); `same(a, b)` says whether the keys at
/// two positions are equal, asked only when their hashes' tags are. No key
/// is held: a caller can make the few it is asked about again.
fn hash_table_of(
    len: usize,
    hashes: impl Iterator<Item = Option<u64>>,
    same: impl Fn(usize, usize) -> bool,
    mut duplicate: impl FnMut(usize, usize),
) -> Vec<u8> {
    let slots = table_slots(len);
    let mask = slots - 1;
    let mut table = vec![0u8; slots * SLOT_LEN as usize];
    for (position, hash) in hashes.enumerate().take(len) {
        let Some(hash) = hash else { continue };
        let tag = (hash >> 32) as u32;
        let mut slot = (hash as usize) & mask;
        loop {
            let at = slot * SLOT_LEN as usize;
            // A slot holds its key's tag and position + 1; 0 when free.
            let held = super::bytes::u32_at(&table, at as u64 + 4) as usize;
            if held == 0 {
                table[at..at + 4].copy_from_slice(&tag.to_le_bytes());
                table[at + 4..at + 8].copy_from_slice(&(position as u32 + 1).to_le_bytes());
                break;
            }
            let other = held - 1;
            if super::bytes::u32_at(&table, at as u64) == tag && same(other, position) {
                duplicate(other, position);
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    table
}

/// Where the aliases of a second pass's runs are, in entry order.
enum AliasOrder {
    /// The runs are in entry order: the aliases are, run after run (the
    /// first alias of each run's place among all).
    InRuns(Vec<usize>),
    /// `(entry id, run, index in the run)` of each alias, sorted.
    Sorted(Vec<(u32, u32, u32)>),
}

impl AliasOrder {
    fn of(runs: &[RunView<'_>], in_order: bool, count: u32) -> AliasOrder {
        if in_order {
            let mut starts = Vec::with_capacity(runs.len() + 1);
            let mut first = 0;
            for run in runs {
                starts.push(first);
                first += run.alias_count();
            }
            starts.push(first);
            return AliasOrder::InRuns(starts);
        }
        let mut order = Vec::with_capacity(runs.iter().map(RunView::alias_count).sum());
        for (r, run) in runs.iter().enumerate() {
            order.extend(
                (0..run.alias_count())
                    .filter_map(|i| Some((run.alias_at(i)?.0, r as u32, i as u32)))
                    .filter(|&(id, _, _)| id < count),
            );
        }
        order.sort_unstable();
        AliasOrder::Sorted(order)
    }

    fn len(&self) -> usize {
        match self {
            AliasOrder::InRuns(starts) => starts.last().copied().unwrap_or(0),
            AliasOrder::Sorted(order) => order.len(),
        }
    }

    /// The run and index in it of the alias at `position`.
    fn at(&self, position: usize) -> (usize, usize) {
        match self {
            AliasOrder::InRuns(starts) => {
                let run = starts.partition_point(|&start| start <= position) - 1;
                (run, position - starts[run])
            }
            AliasOrder::Sorted(order) => {
                let (_, run, index) = order[position];
                (run as usize, index as usize)
            }
        }
    }
}

fn push_ref(out: &mut Vec<u8>, (offset, len): (u32, u32)) {
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
}

fn string_refs(strings: &mut Strings, list: &[String]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(list.len() * STRING_REF_LEN as usize);
    for item in list {
        push_ref(&mut out, strings.add(item)?);
    }
    Ok(out)
}

/// The strings section being written.
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
}

impl Strings {
    fn add(&mut self, text: &str) -> Result<(u32, u32), String> {
        let offset = u32::try_from(self.bytes.len());
        let len = u32::try_from(text.len());
        match (offset, len) {
            (Ok(offset), Ok(len)) if offset.checked_add(len).is_some() => {
                self.bytes.extend_from_slice(text.as_bytes());
                Ok((offset, len))
            }
            _ => Err("the corpus index outgrew 4 GiB of names".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The position a key's table holds for `key`, probing as readers do.
    fn find(table: &[u8], key: &str) -> Option<usize> {
        let slots = table.len() / SLOT_LEN as usize;
        let hash = key_hash(key);
        let mut slot = hash as usize & (slots - 1);
        loop {
            let at = slot * SLOT_LEN as usize;
            let held = super::super::bytes::u32_at(table, at as u64 + 4) as usize;
            if held == 0 {
                return None;
            }
            if super::super::bytes::u32_at(table, at as u64) == (hash >> 32) as u32 {
                return Some(held - 1);
            }
            slot = (slot + 1) & (slots - 1);
        }
    }

    #[test]
    fn the_first_of_equal_keys_wins_and_empty_keys_are_left_out() {
        let keys = ["甲", "", "乙", "甲", "丙", "乙"];
        let mut duplicates = Vec::new();
        let table = hash_table(keys.iter().copied(), |first, later| {
            duplicates.push((first, later))
        });
        assert_eq!(duplicates, [(0, 3), (2, 5)]);
        assert_eq!(find(&table, "甲"), Some(0));
        assert_eq!(find(&table, "乙"), Some(2));
        assert_eq!(find(&table, "丙"), Some(4));
        assert_eq!(find(&table, "丁"), None);
        assert_eq!(table.len() / SLOT_LEN as usize, table_slots(keys.len()));
    }

    #[test]
    fn a_table_at_its_fullest_still_finds_every_key() {
        // 2^k / 1.5 keys, rounded down: two slots in three are taken.
        let keys: Vec<String> = (0..2730).map(|i| format!("key {i}")).collect();
        let table = hash_table(keys.iter().map(String::as_str), |_, _| {
            panic!("no key is repeated")
        });
        assert_eq!(table.len() / SLOT_LEN as usize, 4096);
        for (position, key) in keys.iter().enumerate() {
            assert_eq!(find(&table, key), Some(position), "{key}");
        }
    }
}
