//! What a cancelled second pass had learnt, kept beside the corpus index so
//! that the next pass starts where it stopped rather than from the first
//! file: for each entry already read, its file's stamp (none for a dump's
//! page), its redirect and its lead aliases.
//!
//! It is only ever a hint. A file that is missing, damaged or made for
//! another first pass (another index of the corpus, which a changed dump
//! also gets) is ignored, and a directory's entry whose file's stamp
//! changed since is read again. This module reads
//! and writes that one file; it never reads an article.

use super::catalog::bytes::IndexBytes;
use std::path::{Path, PathBuf};

/// What the pass knew of one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// `(size, modification time in ns)` of the file when it was read.
    pub stamp: (u64, i64),
    pub redirect: Option<String>,
    pub aliases: Vec<String>,
}

const MAGIC: &[u8; 8] = b"WRPART1\0";

/// The file beside `index_file` that holds a cancelled pass's facts.
pub fn path_for(index_file: &Path) -> PathBuf {
    index_file.with_extension("partial")
}

/// Saves the facts `known` (entry id, facts) of a pass over the first-pass
/// index `identity` of `count` entries, atomically, written as they come
/// (never whole in memory).
pub fn save<K: std::borrow::Borrow<Known>>(
    path: &Path,
    identity: u64,
    count: usize,
    known: impl Iterator<Item = (usize, K)>,
) -> std::io::Result<()> {
    let mut known = Some(known);
    super::catalog::store::save_with(path, &mut |out| {
        let mut hasher = crc32fast::Hasher::new();
        let mut piece = Vec::with_capacity(256);
        piece.extend_from_slice(MAGIC);
        piece.extend_from_slice(&identity.to_le_bytes());
        piece.extend_from_slice(&(count as u64).to_le_bytes());
        let text = |piece: &mut Vec<u8>, text: &str| {
            piece.extend_from_slice(&(text.len() as u32).to_le_bytes());
            piece.extend_from_slice(text.as_bytes());
        };
        for (id, facts) in known.take().into_iter().flatten() {
            hasher.update(&piece);
            out.write_all(&piece)?;
            piece.clear();
            let facts = facts.borrow();
            piece.extend_from_slice(&(id as u64).to_le_bytes());
            piece.extend_from_slice(&facts.stamp.0.to_le_bytes());
            piece.extend_from_slice(&facts.stamp.1.to_le_bytes());
            match &facts.redirect {
                Some(target) => {
                    piece.push(1);
                    text(&mut piece, target);
                }
                None => piece.push(0),
            }
            piece.extend_from_slice(&(facts.aliases.len() as u32).to_le_bytes());
            for alias in &facts.aliases {
                text(&mut piece, alias);
            }
        }
        hasher.update(&piece);
        out.write_all(&piece)?;
        out.write_all(&hasher.finalize().to_le_bytes())
    })
}

/// The facts a cancelled pass saved, read from a map of their file where
/// each entry's are found by id (four bytes an entry in memory, however
/// many facts there are).
#[derive(Debug)]
pub struct Resumed {
    bytes: IndexBytes,
    /// Per entry: where its facts start in `bytes`, plus one (0: none).
    places: Vec<u32>,
}

impl Resumed {
    /// What was saved of entry `id`.
    pub fn get(&self, id: usize) -> Option<Known> {
        let place = *self.places.get(id)?;
        let mut reader = Reader {
            bytes: &self.bytes,
            at: usize::try_from(place.checked_sub(1)?).ok()?,
        };
        reader.facts().map(|(_, known)| known.to_known())
    }

    /// Gives the pages read so far back to the kernel's cache.
    pub fn release_pages(&self) {
        self.bytes.release_pages();
    }
}

/// The facts saved for the first-pass index `identity` of `count` entries;
/// `None` when there are none, or they do not check out.
pub fn load(path: &Path, identity: u64, count: usize) -> Option<Resumed> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    // Places are kept in four bytes: a bigger file is no cancelled pass's.
    if len > u64::from(u32::MAX) || !checksum_matches(&file, len)? {
        return None;
    }
    // SAFETY: the file is only ever replaced by renaming a new one over it
    // (see `store::save_with`), never written in place, so the mapped bytes
    // cannot change under the map; every read below is bounds-checked.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let bytes = IndexBytes::Mapped(map);
    let body = bytes.get(..bytes.len().checked_sub(4)?)?;
    let mut reader = Reader { bytes: body, at: 0 };
    if reader.take(8)? != MAGIC || reader.u64()? != identity || reader.u64()? != count as u64 {
        return None;
    }
    let mut places = vec![0u32; count];
    while reader.at < body.len() {
        let at = u32::try_from(reader.at).ok()?;
        let (id, _) = reader.facts()?;
        *places.get_mut(id)? = at + 1;
    }
    // The whole file was read once to find the places.
    bytes.release_pages();
    Some(Resumed { bytes, places })
}

/// Whether the checksum at the end of the file of `len` bytes is the one
/// of the rest; read in pieces, through the kernel's cache (not mapped).
fn checksum_matches(file: &std::fs::File, len: u64) -> Option<bool> {
    use std::io::Read;
    let body_len = len.checked_sub(4)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut hasher = crc32fast::Hasher::new();
    let mut left = body_len;
    let mut buffer = vec![0u8; 1 << 20];
    while left > 0 {
        let want = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        reader.read_exact(&mut buffer[..want]).ok()?;
        hasher.update(&buffer[..want]);
        left -= want as u64;
    }
    let mut stated = [0u8; 4];
    reader.read_exact(&mut stated).ok()?;
    Some(hasher.finalize() == u32::from_le_bytes(stated))
}

/// Removes the file (the pass it would resume is done); a missing file is fine.
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// One entry's facts as the file holds them.
struct KnownText<'a> {
    stamp: (u64, i64),
    redirect: Option<&'a str>,
    aliases: Vec<&'a str>,
}

impl KnownText<'_> {
    fn to_known(&self) -> Known {
        Known {
            stamp: self.stamp,
            redirect: self.redirect.map(str::to_string),
            aliases: self.aliases.iter().map(|a| a.to_string()).collect(),
        }
    }
}

/// Reads the saved file front to back; every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let piece = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(piece)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// One entry's id and facts.
    fn facts(&mut self) -> Option<(usize, KnownText<'a>)> {
        let id = usize::try_from(self.u64()?).ok()?;
        let stamp = (self.u64()?, self.u64()? as i64);
        let redirect = match self.take(1)? {
            [1] => Some(self.text()?),
            [0] => None,
            _ => return None,
        };
        let aliases = (0..self.u32()?)
            .map(|_| self.text())
            .collect::<Option<Vec<&str>>>()?;
        Some((
            id,
            KnownText {
                stamp,
                redirect,
                aliases,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<(usize, Known)> {
        vec![
            (
                0,
                Known {
                    stamp: (120, 7),
                    redirect: None,
                    aliases: vec!["伊犁交涉".into(), "Ili crisis".into()],
                },
            ),
            (
                3,
                Known {
                    stamp: (30, -1),
                    redirect: Some("伊犁危機".into()),
                    aliases: Vec::new(),
                },
            ),
        ]
    }

    #[test]
    fn saved_facts_come_back_for_the_same_first_pass_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = path_for(&dir.path().join("corpus-1.index"));
        assert!(load(&path, 9, 4).is_none(), "nothing saved yet");
        let facts = known();
        save(&path, 9, 4, facts.iter().map(|(id, k)| (*id, k))).expect("saves");
        let loaded = load(&path, 9, 4).expect("loads");
        assert_eq!(loaded.get(0).as_ref(), Some(&facts[0].1));
        assert_eq!(loaded.get(3).as_ref(), Some(&facts[1].1));
        assert_eq!(loaded.get(1), None);
        assert_eq!(loaded.get(4), None, "past the entries");
        // Another first pass (another index, or another number of entries).
        assert!(load(&path, 10, 4).is_none());
        assert!(load(&path, 9, 5).is_none());
        remove(&path);
        assert!(load(&path, 9, 4).is_none());
        remove(&path);
    }

    #[test]
    fn a_damaged_or_cut_file_is_ignored_never_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("corpus-1.partial");
        let facts = known();
        save(&path, 9, 4, facts.iter().map(|(id, k)| (*id, k))).expect("saves");
        let good = std::fs::read(&path).expect("read");
        for cut in 0..good.len() {
            std::fs::write(&path, &good[..cut]).expect("write");
            assert!(load(&path, 9, 4).is_none(), "cut at {cut}");
        }
        for at in 0..good.len() {
            let mut flipped = good.clone();
            flipped[at] ^= 0x40;
            std::fs::write(&path, &flipped).expect("write");
            assert!(load(&path, 9, 4).is_none(), "flipped at {at}");
        }
        // An id past the entries, with a checksum that matches.
        let far = [(7usize, facts[0].1.clone())];
        save(&path, 9, 4, far.iter().map(|(id, k)| (*id, k))).expect("saves");
        assert!(load(&path, 9, 4).is_none());
    }
}
