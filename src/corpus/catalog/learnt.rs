//! What the second pass learns of the entries, packed as it is learnt: a
//! few bytes an entry, and the names (redirect targets, lead aliases) of a
//! run of entries in one buffer, where a `String` each would cost four
//! times as much at a million entries. `build::extend_learnt` turns the
//! runs into the index's sections, the buffers becoming part of its
//! strings as they are.
//!
//! It only holds facts: it never reads an article or a file (`enrich`
//! fills it) and never writes an index (`build` does).

use super::build::Enrichment;

/// Facts about some entries, in the order they were learnt.
#[derive(Debug, Default)]
pub struct LearntRun {
    ids: Vec<u32>,
    /// Each entry's stamp as the index stores it: size and modification
    /// time, little-endian, 16 bytes.
    stamps: Vec<u8>,
    marks: Vec<u8>,
    /// Every name of the run, one after another.
    text: Vec<u8>,
    /// `(entry's place in the run, where in text, length)`, in entry order.
    redirects: Vec<(u32, u32, u32)>,
    aliases: Vec<(u32, u32, u32)>,
}

/// The entry's head was read (rather than known from earlier).
const READ: u8 = 1;
/// The entry's facts come from a cancelled pass.
const RESUMED: u8 = 2;

/// The facts of one entry, as they are pushed and read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learnt<'a> {
    pub id: usize,
    /// `(size, modification time in ns)` of the entry's file; zeros for a dump.
    pub stamp: (u64, i64),
    pub redirect: Option<&'a str>,
    pub aliases: Vec<&'a str>,
    pub read: bool,
    pub resumed: bool,
}

impl LearntRun {
    /// Adds an entry's facts. Names that would not fit a run (4 GiB) are
    /// left out: a run holds a few thousand entries' heads.
    pub fn push<'s>(
        &mut self,
        id: usize,
        stamp: (u64, i64),
        redirect: Option<&str>,
        aliases: impl IntoIterator<Item = &'s str>,
        read: bool,
        resumed: bool,
    ) {
        let Ok(id) = u32::try_from(id) else { return };
        let Ok(place) = u32::try_from(self.ids.len()) else {
            return;
        };
        self.ids.push(id);
        self.stamps.extend_from_slice(&stamp.0.to_le_bytes());
        self.stamps.extend_from_slice(&stamp.1.to_le_bytes());
        self.marks
            .push(if read { READ } else { 0 } | if resumed { RESUMED } else { 0 });
        if let Some(target) = redirect.filter(|t| !t.is_empty())
            && let Some(name) = self.add_text(target)
        {
            self.redirects.push((place, name.0, name.1));
        }
        for alias in aliases {
            if let Some(name) = self.add_text(alias) {
                self.aliases.push((place, name.0, name.1));
            }
        }
    }

    fn add_text(&mut self, text: &str) -> Option<(u32, u32)> {
        let at = u32::try_from(self.text.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        at.checked_add(len)?;
        self.text.extend_from_slice(text.as_bytes());
        Some((at, len))
    }

    /// Gives back the room the run's lists grew into but do not use: a
    /// finished run is kept until the pass ends.
    pub fn shrink(&mut self) {
        self.ids.shrink_to_fit();
        self.stamps.shrink_to_fit();
        self.marks.shrink_to_fit();
        self.text.shrink_to_fit();
        self.redirects.shrink_to_fit();
        self.aliases.shrink_to_fit();
    }

    /// Entries in the run.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// How many of the run's entries were read, and how many resumed.
    pub fn counts(&self) -> (usize, usize) {
        let read = self.marks.iter().filter(|m| *m & READ != 0).count();
        let resumed = self.marks.iter().filter(|m| *m & RESUMED != 0).count();
        (read, resumed)
    }

    fn name(&self, (at, len): (u32, u32)) -> &str {
        let (at, len) = (at as usize, len as usize);
        self.text
            .get(at..at + len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    /// The run's entries and their facts.
    pub fn entries(&self) -> impl Iterator<Item = Learnt<'_>> {
        (0..self.ids.len()).map(move |place| {
            let place32 = place as u32;
            let redirect = self
                .redirects
                .binary_search_by_key(&place32, |r| r.0)
                .ok()
                .map(|i| self.name((self.redirects[i].1, self.redirects[i].2)));
            let first = self.aliases.partition_point(|a| a.0 < place32);
            let aliases = self.aliases[first..]
                .iter()
                .take_while(|a| a.0 == place32)
                .map(|a| self.name((a.1, a.2)))
                .collect();
            Learnt {
                id: self.ids[place] as usize,
                stamp: self.stamp(place),
                redirect,
                aliases,
                read: self.marks[place] & READ != 0,
                resumed: self.marks[place] & RESUMED != 0,
            }
        })
    }

    /// The entry ids of the run.
    pub(super) fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// The stamp of the entry at `place` in the run.
    fn stamp(&self, place: usize) -> (u64, i64) {
        let at = place * 16;
        let bytes = self.stamps.get(at..at + 16).unwrap_or(&[0; 16]);
        let (size, time) = bytes.split_at(8);
        let size = size.try_into().map_or(0, u64::from_le_bytes);
        let time = time.try_into().map_or(0, i64::from_le_bytes);
        (size, time)
    }

    /// The stamps of the run's entries, in order, as the index stores them.
    pub(super) fn stamp_bytes(&self) -> &[u8] {
        &self.stamps
    }

    /// Takes the stamps' bytes (see [`LearntRun::stamp_bytes`]).
    pub(super) fn take_stamp_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.stamps)
    }

    /// The alias at `index` of the run: `(entry id, where in text, length)`.
    pub(super) fn alias_at(&self, index: usize) -> Option<(u32, u32, u32)> {
        let &(place, at, len) = self.aliases.get(index)?;
        Some((*self.ids.get(place as usize)?, at, len))
    }

    /// Redirects as `(entry id, where in text, length)`.
    pub(super) fn redirect_names(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        self.redirects
            .iter()
            .map(|&(place, at, len)| (self.ids[place as usize], at, len))
    }

    pub(super) fn alias_count(&self) -> usize {
        self.aliases.len()
    }

    /// The name at `(at, len)` of the run's text.
    pub(super) fn text_at(&self, at: u32, len: u32) -> &str {
        self.name((at, len))
    }

    /// The length of the run's names.
    pub(super) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Lets go of the stamps and marks (once the stamps section is made).
    pub(super) fn forget_stamps(&mut self) {
        self.stamps = Vec::new();
        self.marks = Vec::new();
    }

    /// Lets go of all but the names (its stamps and facts are written).
    pub(super) fn forget_all_but_text(&mut self) {
        self.forget_stamps();
        self.ids = Vec::new();
        self.redirects = Vec::new();
        self.aliases = Vec::new();
    }

    /// Lets go of everything but the names.
    pub(super) fn into_text(self) -> Vec<u8> {
        self.text
    }
}

/// The facts of `runs` about `count` entries as an [`Enrichment`] (for an
/// index built whole again rather than extended; unknown entries have
/// none), the finder's sections left empty.
pub fn enrichment_of(runs: &[LearntRun], count: usize) -> Enrichment {
    let mut enrichment = Enrichment {
        redirects: vec![None; count],
        stamps: vec![(0, 0); count],
        ..Enrichment::default()
    };
    let mut aliases: Vec<(u32, String)> = Vec::new();
    for entry in runs.iter().flat_map(LearntRun::entries) {
        if entry.id >= count {
            continue;
        }
        enrichment.redirects[entry.id] = entry.redirect.map(str::to_string);
        enrichment.stamps[entry.id] = entry.stamp;
        let id = entry.id as u32;
        aliases.extend(entry.aliases.iter().map(|name| (id, name.to_string())));
    }
    // In entry order (a stable sort keeps an entry's own in their order).
    aliases.sort_by_key(|(id, _)| *id);
    enrichment.aliases = aliases.into_iter().map(|(id, name)| (name, id)).collect();
    enrichment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_as_pushed() {
        let mut run = LearntRun::default();
        run.push(7, (10, 20), None, ["甲", "乙"], true, false);
        run.push(3, (0, 0), Some("目标"), [], false, true);
        run.push(9, (1, 2), Some(""), ["丙"], true, false);
        let entries: Vec<Learnt<'_>> = run.entries().collect();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].id, 7);
        assert_eq!(entries[0].aliases, vec!["甲", "乙"]);
        assert_eq!(entries[0].redirect, None);
        assert_eq!(entries[1].redirect, Some("目标"));
        assert!(entries[1].resumed && !entries[1].read);
        assert_eq!(entries[2].redirect, None, "an empty target is no redirect");
        assert_eq!(entries[2].aliases, vec!["丙"]);
        assert_eq!(entries[2].stamp, (1, 2));
        assert_eq!(run.counts(), (2, 1));
    }

    #[test]
    fn runs_in_any_order_make_an_enrichment_in_entry_order() {
        let mut later = LearntRun::default();
        later.push(2, (5, 6), Some("甲"), [], true, false);
        let mut earlier = LearntRun::default();
        earlier.push(1, (3, 4), None, ["乙", "丙"], true, false);
        earlier.push(0, (1, 2), None, ["丁"], true, false);
        earlier.push(9, (1, 2), None, ["戊"], true, false);
        let enrichment = enrichment_of(&[later, earlier], 3);
        assert_eq!(enrichment.redirects, vec![None, None, Some("甲".into())]);
        assert_eq!(enrichment.stamps, vec![(1, 2), (3, 4), (5, 6)]);
        assert_eq!(
            enrichment.aliases,
            vec![("丁".into(), 0), ("乙".into(), 1), ("丙".into(), 1)]
        );
    }
}
