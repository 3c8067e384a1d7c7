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
/// index `identity` of `count` entries, atomically.
pub fn save<K: std::borrow::Borrow<Known>>(
    path: &Path,
    identity: u64,
    count: usize,
    known: impl Iterator<Item = (usize, K)>,
) -> std::io::Result<()> {
    let mut body = Vec::new();
    body.extend_from_slice(MAGIC);
    body.extend_from_slice(&identity.to_le_bytes());
    body.extend_from_slice(&(count as u64).to_le_bytes());
    let text = |body: &mut Vec<u8>, text: &str| {
        body.extend_from_slice(&(text.len() as u32).to_le_bytes());
        body.extend_from_slice(text.as_bytes());
    };
    for (id, facts) in known {
        let facts = facts.borrow();
        body.extend_from_slice(&(id as u64).to_le_bytes());
        body.extend_from_slice(&facts.stamp.0.to_le_bytes());
        body.extend_from_slice(&facts.stamp.1.to_le_bytes());
        match &facts.redirect {
            Some(target) => {
                body.push(1);
                text(&mut body, target);
            }
            None => body.push(0),
        }
        body.extend_from_slice(&(facts.aliases.len() as u32).to_le_bytes());
        for alias in &facts.aliases {
            text(&mut body, alias);
        }
    }
    let crc = crc32fast::hash(&body);
    body.extend_from_slice(&crc.to_le_bytes());
    super::catalog::store::save(path, &body)
}

/// The facts saved for the first-pass index `identity` of `count` entries,
/// by entry id; `None` when there are none, or they do not check out.
pub fn load(path: &Path, identity: u64, count: usize) -> Option<Vec<Option<Known>>> {
    let bytes = std::fs::read(path).ok()?;
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().ok()?) {
        return None;
    }
    let mut reader = Reader { bytes: body, at: 0 };
    if reader.take(8)? != MAGIC || reader.u64()? != identity || reader.u64()? != count as u64 {
        return None;
    }
    let mut known: Vec<Option<Known>> = vec![None; count];
    while reader.at < body.len() {
        let id = usize::try_from(reader.u64()?).ok()?;
        let stamp = (reader.u64()?, reader.u64()? as i64);
        let redirect = match reader.take(1)? {
            [1] => Some(reader.text()?),
            [0] => None,
            _ => return None,
        };
        let aliases = (0..reader.u32()?)
            .map(|_| reader.text())
            .collect::<Option<Vec<String>>>()?;
        *known.get_mut(id)? = Some(Known {
            stamp,
            redirect,
            aliases,
        });
    }
    Some(known)
}

/// Removes the file (the pass it would resume is done); a missing file is fine.
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
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

    fn text(&mut self) -> Option<String> {
        let len = usize::try_from(self.u32()?).ok()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
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
        assert_eq!(load(&path, 9, 4), None, "nothing saved yet");
        let facts = known();
        save(&path, 9, 4, facts.iter().map(|(id, k)| (*id, k))).expect("saves");
        let loaded = load(&path, 9, 4).expect("loads");
        assert_eq!(loaded[0].as_ref(), Some(&facts[0].1));
        assert_eq!(loaded[3].as_ref(), Some(&facts[1].1));
        assert_eq!(loaded[1], None);
        // Another first pass (another index, or another number of entries).
        assert_eq!(load(&path, 10, 4), None);
        assert_eq!(load(&path, 9, 5), None);
        remove(&path);
        assert_eq!(load(&path, 9, 4), None);
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
            assert_eq!(load(&path, 9, 4), None, "cut at {cut}");
        }
        for at in 0..good.len() {
            let mut flipped = good.clone();
            flipped[at] ^= 0x40;
            std::fs::write(&path, &flipped).expect("write");
            assert_eq!(load(&path, 9, 4), None, "flipped at {at}");
        }
        // An id past the entries, with a checksum that matches.
        let far = [(7usize, facts[0].1.clone())];
        save(&path, 9, 4, far.iter().map(|(id, k)| (*id, k))).expect("saves");
        assert_eq!(load(&path, 9, 4), None);
    }
}
