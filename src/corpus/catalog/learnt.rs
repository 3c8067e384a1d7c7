//! What the second pass learns of the entries, packed as it is learnt: a
//! run of entries' facts is gathered in a [`LearntRun`], then kept as one
//! buffer of bytes (a few bytes an entry, the names one after another),
//! where a `String` each would cost four times as much at a million
//! entries. A [`RunView`] reads such a buffer wherever it is kept (in
//! memory, or in a file the pass spills to: see `corpus::spill`), and
//! `build::extend` turns the views into the index's sections, the names
//! becoming pieces of its strings as they are.
//!
//! It only holds facts: it never reads an article or a file (`enrich`
//! fills it) and never writes an index (`build` does).

#[cfg(test)]
use super::build::Enrichment;

/// Facts about some entries, in the order they were learnt, while they
/// are gathered (see [`LearntRun::to_bytes`]).
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

/// A run's bytes: entries, redirects, aliases and names' length (u32
/// each), then the ids (u32), the stamps (16 bytes), the marks (1 byte),
/// the redirects and the aliases (three u32 each), and the names.
const HEAD: usize = 16;
const NAME_REF: usize = 12;

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

    /// Entries in the run.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The run as one buffer, to be read by a [`RunView`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.ids.len();
        let len = HEAD
            + n * (4 + 16 + 1)
            + (self.redirects.len() + self.aliases.len()) * NAME_REF
            + self.text.len();
        let mut out = Vec::with_capacity(len);
        for count in [n, self.redirects.len(), self.aliases.len(), self.text.len()] {
            out.extend_from_slice(&(count as u32).to_le_bytes());
        }
        for id in &self.ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out.extend_from_slice(&self.stamps);
        out.extend_from_slice(&self.marks);
        for &(place, at, len) in self.redirects.iter().chain(&self.aliases) {
            for number in [place, at, len] {
                out.extend_from_slice(&number.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.text);
        out
    }
}

/// A run's facts read from its bytes (see [`LearntRun::to_bytes`]). Bytes
/// that do not add up (only from a damaged spill file) read as no entries.
#[derive(Debug, Clone, Copy)]
pub struct RunView<'a> {
    ids: &'a [u8],
    stamps: &'a [u8],
    marks: &'a [u8],
    redirects: &'a [u8],
    aliases: &'a [u8],
    text: &'a [u8],
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

impl<'a> RunView<'a> {
    pub fn of(bytes: &'a [u8]) -> RunView<'a> {
        let counts = [0, 4, 8, 12].map(|at| u32_at(bytes, at) as usize);
        let [n, redirects, aliases, text] = counts;
        let lens = [
            n * 4,
            n * 16,
            n,
            redirects * NAME_REF,
            aliases * NAME_REF,
            text,
        ];
        let mut parts = [&[][..]; 6];
        let mut at = HEAD;
        for (part, len) in parts.iter_mut().zip(lens) {
            match at.checked_add(len).and_then(|end| bytes.get(at..end)) {
                Some(slice) => *part = slice,
                None => return RunView::empty(),
            }
            at += len;
        }
        let [ids, stamps, marks, redirects, aliases, text] = parts;
        RunView {
            ids,
            stamps,
            marks,
            redirects,
            aliases,
            text,
        }
    }

    fn empty() -> RunView<'a> {
        RunView {
            ids: &[],
            stamps: &[],
            marks: &[],
            redirects: &[],
            aliases: &[],
            text: &[],
        }
    }

    /// Entries in the run.
    pub fn len(&self) -> usize {
        self.ids.len() / 4
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The entry id at `place` in the run.
    pub fn id(&self, place: usize) -> u32 {
        u32_at(self.ids, place * 4)
    }

    /// The entry ids of the run, in order.
    pub fn ids(&self) -> impl Iterator<Item = u32> + 'a {
        self.ids.chunks_exact(4).map(|b| u32_at(b, 0))
    }

    /// How many of the run's entries were read, and how many resumed.
    pub fn counts(&self) -> (usize, usize) {
        let read = self.marks.iter().filter(|m| *m & READ != 0).count();
        let resumed = self.marks.iter().filter(|m| *m & RESUMED != 0).count();
        (read, resumed)
    }

    /// The name at `(at, len)` of the run's text.
    pub fn text_at(&self, at: u32, len: u32) -> &'a str {
        let (at, len) = (at as usize, len as usize);
        self.text
            .get(at..at + len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    /// Every name of the run, one after another.
    pub fn text(&self) -> &'a [u8] {
        self.text
    }

    /// The stamps of the run's entries, in order, as the index stores them.
    pub fn stamp_bytes(&self) -> &'a [u8] {
        self.stamps
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

    fn name_ref(list: &[u8], index: usize) -> (u32, u32, u32) {
        let at = index * NAME_REF;
        (u32_at(list, at), u32_at(list, at + 4), u32_at(list, at + 8))
    }

    /// Redirects as `(entry id, where in text, length)`.
    pub fn redirect_names(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        (0..self.redirects.len() / NAME_REF).map(|i| {
            let (place, at, len) = RunView::name_ref(self.redirects, i);
            (self.id(place as usize), at, len)
        })
    }

    pub fn alias_count(&self) -> usize {
        self.aliases.len() / NAME_REF
    }

    /// The alias at `index` of the run: `(entry id, where in text, length)`.
    pub fn alias_at(&self, index: usize) -> Option<(u32, u32, u32)> {
        if index >= self.alias_count() {
            return None;
        }
        let (place, at, len) = RunView::name_ref(self.aliases, index);
        Some((self.id(place as usize), at, len))
    }

    /// The run's entries and their facts.
    pub fn entries(&self) -> impl Iterator<Item = Learnt<'a>> + '_ {
        let places = |list: &'a [u8]| {
            move |i: usize| {
                let (place, at, len) = RunView::name_ref(list, i);
                (place as usize, at, len)
            }
        };
        let (redirect_at, alias_at) = (places(self.redirects), places(self.aliases));
        let (redirects, aliases) = (self.redirects.len() / NAME_REF, self.alias_count());
        let (mut next_redirect, mut next_alias) = (0, 0);
        (0..self.len()).map(move |place| {
            // Both lists are in entry order: each is walked once.
            let mut redirect = None;
            while next_redirect < redirects && redirect_at(next_redirect).0 <= place {
                let (of, at, len) = redirect_at(next_redirect);
                if of == place {
                    redirect = Some(self.text_at(at, len));
                }
                next_redirect += 1;
            }
            let mut names = Vec::new();
            while next_alias < aliases && alias_at(next_alias).0 <= place {
                let (of, at, len) = alias_at(next_alias);
                if of == place {
                    names.push(self.text_at(at, len));
                }
                next_alias += 1;
            }
            let mark = self.marks.get(place).copied().unwrap_or(0);
            Learnt {
                id: self.id(place) as usize,
                stamp: self.stamp(place),
                redirect,
                aliases: names,
                read: mark & READ != 0,
                resumed: mark & RESUMED != 0,
            }
        })
    }
}

/// The facts of `runs` about `count` entries as an [`Enrichment`] (for
/// tests that check an extended index against one built whole; unknown
/// entries have none), the finder's sections left empty.
#[cfg(test)]
pub fn enrichment_of(runs: &[RunView<'_>], count: usize) -> Enrichment {
    let mut enrichment = Enrichment {
        redirects: vec![None; count],
        stamps: vec![(0, 0); count],
        ..Enrichment::default()
    };
    let mut aliases: Vec<(u32, String)> = Vec::new();
    for entry in runs.iter().flat_map(RunView::entries) {
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
        assert_eq!(run.len(), 3);
        let bytes = run.to_bytes();
        let view = RunView::of(&bytes);
        let entries: Vec<Learnt<'_>> = view.entries().collect();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].id, 7);
        assert_eq!(entries[0].aliases, vec!["甲", "乙"]);
        assert_eq!(entries[0].redirect, None);
        assert_eq!(entries[1].redirect, Some("目标"));
        assert!(entries[1].resumed && !entries[1].read);
        assert_eq!(entries[2].redirect, None, "an empty target is no redirect");
        assert_eq!(entries[2].aliases, vec!["丙"]);
        assert_eq!(entries[2].stamp, (1, 2));
        assert_eq!(view.counts(), (2, 1));
        assert_eq!(view.ids().collect::<Vec<_>>(), [7, 3, 9]);
        assert_eq!(view.alias_at(2), Some((9, 12, 3)));
        assert_eq!(view.alias_at(3), None);
    }

    #[test]
    fn bytes_that_do_not_add_up_read_as_no_entries() {
        let mut run = LearntRun::default();
        run.push(1, (1, 1), Some("甲"), ["乙"], true, false);
        let bytes = run.to_bytes();
        for cut in [0, 3, HEAD, bytes.len() - 1] {
            let view = RunView::of(&bytes[..cut]);
            assert!(view.is_empty() && view.entries().count() == 0, "{cut}");
        }
        let mut huge = bytes.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(RunView::of(&huge).is_empty());
    }

    #[test]
    fn runs_in_any_order_make_an_enrichment_in_entry_order() {
        let mut later = LearntRun::default();
        later.push(2, (5, 6), Some("甲"), [], true, false);
        let mut earlier = LearntRun::default();
        earlier.push(1, (3, 4), None, ["乙", "丙"], true, false);
        earlier.push(0, (1, 2), None, ["丁"], true, false);
        earlier.push(9, (1, 2), None, ["戊"], true, false);
        let (later, earlier) = (later.to_bytes(), earlier.to_bytes());
        let enrichment = enrichment_of(&[RunView::of(&later), RunView::of(&earlier)], 3);
        assert_eq!(enrichment.redirects, vec![None, None, Some("甲".into())]);
        assert_eq!(enrichment.stamps, vec![(1, 2), (3, 4), (5, 6)]);
        assert_eq!(
            enrichment.aliases,
            vec![("丁".into(), 0), ("乙".into(), 1), ("丙".into(), 1)]
        );
    }
}
