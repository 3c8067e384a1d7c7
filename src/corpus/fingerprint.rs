//! Cheap change detection for a corpus directory: a hash of the canonical
//! root and the modification time of every directory in it. Adding,
//! removing or renaming a file changes its directory's time, so a warm open
//! checks a few hundred directories, not a million files. (A file edited in
//! place keeps its directory's time: the second pass's file stamps catch
//! that, in the background.) Reads metadata only.

use std::path::Path;

/// The fingerprint of `root` (canonical) with `directories` (relative, `""`
/// for the root); `None` when one of them is gone or unreadable.
pub fn directory_fingerprint<'a>(
    root: &Path,
    directories: impl IntoIterator<Item = &'a str>,
) -> Option<u64> {
    let mut hash = Fnv::new();
    hash.add(root.to_string_lossy().as_bytes());
    for relative in directories {
        let path = if relative.is_empty() {
            root.to_path_buf()
        } else {
            root.join(relative)
        };
        let meta = std::fs::metadata(&path).ok()?;
        hash.add(relative.as_bytes());
        hash.add(&modified_ns(&meta).to_le_bytes());
    }
    Some(hash.0)
}

/// The fingerprint of a dump: its path, size and time, and those of its
/// index file when there is one.
pub fn file_fingerprint(files: &[&Path]) -> Option<u64> {
    let mut hash = Fnv::new();
    for file in files {
        let meta = std::fs::metadata(file).ok()?;
        hash.add(file.to_string_lossy().as_bytes());
        hash.add(&meta.len().to_le_bytes());
        hash.add(&modified_ns(&meta).to_le_bytes());
    }
    Some(hash.0)
}

/// A file's modification time in nanoseconds since the epoch (0 when unknown).
pub fn modified_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64)
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Adds `bytes` and a separator, so ("ab","c") and ("a","bc") differ.
    fn add(&mut self, bytes: &[u8]) {
        for byte in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_file_changes_the_fingerprint() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let dirs = ["", "sub"];
        let before = directory_fingerprint(dir.path(), dirs).expect("fingerprint");
        assert_eq!(directory_fingerprint(dir.path(), dirs), Some(before));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("sub/新.md"), "x").expect("write");
        assert_ne!(directory_fingerprint(dir.path(), dirs), Some(before));
        assert_eq!(directory_fingerprint(dir.path(), ["", "gone"]), None);
    }
}
