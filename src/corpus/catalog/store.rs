//! Where corpus indexes are kept and how they are saved and loaded: one file
//! per corpus under `$XDG_CACHE_HOME/wikiread/` (else `~/.cache/wikiread/`),
//! named by a hash of the corpus's canonical path.
//!
//! Saving writes a temporary file in the same directory and renames it over
//! the old one, so a reader sees the old index or the new one, never half of
//! one, and two readers of one corpus can both save safely (the last rename
//! wins; both files are whole). Loading maps the file and checks it; an
//! index that fails a check is reported and rebuilt, never trusted.

use super::bytes::IndexBytes;
use super::{Catalog, Refused};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The cache directory: `$XDG_CACHE_HOME/wikiread`, else `~/.cache/wikiread`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("wikiread"))
}

/// The index file of the corpus at `source` (a canonical path) in `cache`.
pub fn index_file(cache: &Path, source: &Path) -> PathBuf {
    let hash = super::bytes::key_hash(&source.to_string_lossy());
    cache.join(format!("corpus-{hash:016x}.index"))
}

/// What loading found.
#[derive(Debug)]
// One is made per corpus opened: the size of the found variant is no cost.
#[allow(clippy::large_enum_variant)]
pub enum Loaded {
    Found(Catalog),
    Missing,
    /// There, but refused (the reason, for the user).
    Refused(String),
}

/// Maps and checks the index at `path`.
pub fn load(path: &Path) -> Loaded {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(err) => return Loaded::Refused(format!("cannot read {}: {err}", path.display())),
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() => {}
        _ => return Loaded::Refused(format!("{}: not a regular file", path.display())),
    }
    // The checksum is verified through reads, not the map: the pages pass
    // through the kernel's cache without becoming this process's memory.
    let verified = match checked_part_checksum(&file) {
        Ok(Some((stated, actual))) => stated == actual,
        Ok(None) => false,
        Err(err) => return Loaded::Refused(format!("cannot read {}: {err}", path.display())),
    };
    // SAFETY: index files are only ever replaced by renaming a new file
    // over them, never written in place, so the mapped bytes cannot change
    // under the map. Another program writing into the cache file is outside
    // what any memory map can guard against; the checks below still refuse
    // a file whose bytes do not add up.
    #[allow(unsafe_code)]
    let map = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => map,
        Err(err) => return Loaded::Refused(format!("cannot map {}: {err}", path.display())),
    };
    // Lookups touch a few pages each: no read-ahead.
    let _ = map.advise(memmap2::Advice::Random);
    let opened = if verified {
        Catalog::open_checksummed(IndexBytes::Mapped(map))
    } else {
        Catalog::open(IndexBytes::Mapped(map))
    };
    match opened {
        Ok(catalog) => Loaded::Found(catalog),
        Err(Refused::Foreign) => Loaded::Refused("made by another version; rebuilt".into()),
        Err(refused) => Loaded::Refused(format!("{refused}; rebuilt")),
    }
}

/// The checksum the header states and the one the checked part has, read
/// in pieces; `None` for a file too short to hold a header.
fn checked_part_checksum(file: &std::fs::File) -> std::io::Result<Option<(u32, u32)>> {
    use std::io::Read;
    let header_len = super::layout::HEADER_LEN as usize;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut header = vec![0u8; header_len];
    if reader.read_exact(&mut header).is_err() {
        return Ok(None);
    }
    let file_len = file.metadata()?.len();
    let (stated, mut left) = Catalog::stated_checksum(&header, file_len);
    let mut hasher = crc32fast::Hasher::new();
    let mut buffer = vec![0u8; 1 << 20];
    while left > 0 {
        let want = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = reader.read(&mut buffer[..want])?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        left -= n as u64;
    }
    Ok(Some((stated, hasher.finalize())))
}

/// Writes `bytes` to `path` atomically (a temporary file, then a rename).
pub fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    save_with(path, &mut |out| out.write_all(bytes))
}

/// Like [`save`], with the bytes written by `write` as they are made (an
/// index never needs to be whole in memory to be saved).
pub fn save_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    save_then(path, write, |_| ())
}

/// Like [`save_with`], and the index just written, mapped from the file
/// this wrote rather than from `path`: another reader of the corpus may
/// have renamed its own index there since, and this process must go on
/// with what it made. (Its bytes were just made here, so their checksum is
/// not read again.)
pub fn save_and_open(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Result<Catalog, Refused>> {
    save_then(path, write, |file| {
        // SAFETY: as in `load`: the file is never written in place again
        // (it is renamed into place just after this).
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(file) }?;
        let _ = map.advise(memmap2::Advice::Random);
        Ok(Catalog::open_checksummed(IndexBytes::Mapped(map)))
    })?
}

/// Writes a temporary file beside `path` with `write`, hands it to `then`
/// once it is on disk, and renames it over `path`.
fn save_then<T>(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    then: impl FnOnce(&std::fs::File) -> T,
) -> std::io::Result<T> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension(format!(
        "tmp{}.{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        let mut file = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut file)?;
        let file = file.into_inner().map_err(|err| err.into_error())?;
        file.sync_all()?;
        let made = then(&file);
        std::fs::rename(&temporary, path)?;
        Ok(made)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::super::build::{NewEntry, Outline, build};
    use super::super::layout::SourceKind;
    use super::*;
    use crate::document::Format;

    fn bytes() -> Vec<u8> {
        let outline = Outline {
            kind: SourceKind::Directory,
            fingerprint: 1,
            entries: vec![NewEntry {
                title: "伊犁危機".into(),
                path: "伊犁危機.wiki".into(),
                format: Format::Wikitext,
                location: 0,
                location2: 0,
            }],
            warnings: Vec::new(),
            directories: vec![String::new()],
            ..Outline::default()
        };
        build(&outline, None).expect("builds")
    }

    #[test]
    fn a_saved_index_loads_back_and_damage_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = index_file(dir.path(), Path::new("/some/corpus"));
        assert!(matches!(load(&path), Loaded::Missing));
        save(&path, &bytes()).expect("saves");
        match load(&path) {
            Loaded::Found(catalog) => assert_eq!(catalog.title(0), "伊犁危機"),
            other => panic!("{other:?}"),
        }
        // Truncated by a full disk or a crash of something else.
        let whole = bytes();
        std::fs::write(&path, &whole[..whole.len() / 2]).expect("write");
        assert!(matches!(load(&path), Loaded::Refused(m) if m.contains("truncated")));
        std::fs::write(&path, b"random bytes, not an index at all").expect("write");
        assert!(matches!(load(&path), Loaded::Refused(_)));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn what_was_saved_is_read_back_whatever_is_saved_over_it() {
        // Two readers of one corpus save at one path: each goes on with
        // the index it wrote (before, each loaded the path again and could
        // get the other's, an index of another kind).
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("corpus.index");
        let ours = bytes();
        let mine = save_and_open(&path, &mut |out| out.write_all(&ours))
            .expect("saves")
            .expect("opens");
        let mut other = ours.clone();
        // Another index: a different fingerprint.
        other[super::super::layout::AT_FINGERPRINT as usize] ^= 1;
        save(&path, &other).expect("saves");
        assert_eq!(mine.bytes(), ours.as_slice());
        assert_eq!(mine.title(0), "伊犁危機");
        match load(&path) {
            Loaded::Found(theirs) => assert_ne!(theirs.fingerprint(), mine.fingerprint()),
            other => panic!("{other:?}"),
        }
        let names = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(names, 1, "no temporary file is left behind");
    }

    #[test]
    fn an_index_written_section_by_section_is_the_index_built_in_memory() {
        use super::super::build::{Enrichment, build_parts};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("corpus.index");
        let outline = Outline {
            entries: (0..5)
                .map(|i| NewEntry {
                    title: format!("條目{i}"),
                    path: format!("條目{i}.md"),
                    format: Format::Markdown,
                    location: 0,
                    location2: 0,
                })
                .collect(),
            directories: vec![String::new()],
            ..Outline::default()
        };
        let enrichment = Enrichment {
            redirects: vec![None; 5],
            stamps: vec![(1, 2); 5],
            aliases: vec![("別名".into(), 3)],
            // Odd lengths: the sections after them are padded.
            finder_keys: b"keys!".to_vec(),
            finder_pairs: b"pairs".to_vec(),
        };
        let built = build_parts(&outline, Some(&enrichment)).expect("builds");
        save_with(&path, &mut |out| built.write_to(out)).expect("saves");
        assert_eq!(std::fs::read(&path).expect("read"), built.to_bytes());
        match load(&path) {
            Loaded::Found(catalog) => {
                assert_eq!(catalog.title(4), "條目4");
                // The lazily checked part passes its own checksum.
                assert_eq!(catalog.finder_keys(), b"keys!");
                assert_eq!(catalog.stamp(2), Some((1, 2)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unwritable_cache_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").expect("write");
        // A "directory" that is a file cannot hold the index.
        assert!(save(&blocker.join("corpus.index"), &bytes()).is_err());
    }

    #[test]
    fn a_cache_that_fills_up_keeps_the_index_it_had() {
        // A write that fails halfway (a full disk) leaves the index saved
        // before as it was, and no temporary file behind.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("corpus.index");
        save(&path, &bytes()).expect("saves");
        let whole = bytes();
        let failed = save_and_open(&path, &mut |out| {
            out.write_all(&whole[..whole.len() / 2])?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        });
        assert!(failed.is_err());
        match load(&path) {
            Loaded::Found(catalog) => assert_eq!(catalog.title(0), "伊犁危機"),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
