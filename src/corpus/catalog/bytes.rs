//! The bytes a corpus index is read from: a memory map of the index file, or
//! a buffer just built. Every read is bounds-checked and returns a default
//! (zero, an empty string) outside the buffer, so a damaged file can give
//! wrong answers but never a panic. Nothing here writes.

use std::ops::Deref;

/// Index bytes, mapped from a file or owned.
pub enum IndexBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Deref for IndexBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            IndexBytes::Mapped(map) => map,
            IndexBytes::Owned(bytes) => bytes,
        }
    }
}

impl IndexBytes {
    /// Gives the pages read so far back to the kernel's cache: the map
    /// stays valid and a later read brings a page back. Used after a pass
    /// over the whole index (building the finder's names), so that pages
    /// read once do not stay counted as the reader's memory.
    pub fn release_pages(&self) {
        if let IndexBytes::Mapped(map) = self {
            // SAFETY: the map is a read-only map of a file that is never
            // written in place (see `store`); dropping its pages only makes
            // the next read fetch them again from the file's cache, with
            // the same bytes.
            #[allow(unsafe_code)]
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

impl std::fmt::Debug for IndexBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            IndexBytes::Mapped(_) => "mapped",
            IndexBytes::Owned(_) => "owned",
        };
        write!(f, "IndexBytes({kind}, {} bytes)", self.len())
    }
}

/// The `len` bytes at `at`, or an empty slice when they are not all there.
pub fn slice(bytes: &[u8], at: u64, len: u64) -> &[u8] {
    let (Ok(at), Ok(len)) = (usize::try_from(at), usize::try_from(len)) else {
        return &[];
    };
    at.checked_add(len)
        .and_then(|end| bytes.get(at..end))
        .unwrap_or(&[])
}

pub fn u32_at(bytes: &[u8], at: u64) -> u32 {
    slice(bytes, at, 4)
        .try_into()
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

pub fn u64_at(bytes: &[u8], at: u64) -> u64 {
    slice(bytes, at, 8)
        .try_into()
        .map(u64::from_le_bytes)
        .unwrap_or(0)
}

/// Text at a place; invalid UTF-8 (only in a damaged file) reads as empty.
pub fn str_at(bytes: &[u8], at: u64, len: u64) -> &str {
    std::str::from_utf8(slice(bytes, at, len)).unwrap_or("")
}

/// FNV-1a, 64 bits: the hash of keys in the index. Written out by hand
/// because it must never change between builds of the reader.
pub fn key_hash(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outside_the_buffer_are_empty() {
        let bytes = [1u8, 0, 0, 0, 2, 0, 0, 0];
        assert_eq!(u32_at(&bytes, 0), 1);
        assert_eq!(u32_at(&bytes, 4), 2);
        assert_eq!(u32_at(&bytes, 6), 0);
        assert_eq!(u64_at(&bytes, u64::MAX), 0);
        assert_eq!(slice(&bytes, u64::MAX - 1, 4), &[] as &[u8]);
        assert_eq!(str_at(&[0xff, 0xfe], 0, 2), "");
    }

    #[test]
    fn the_key_hash_is_fixed() {
        // Index files written by one build are read by another.
        assert_eq!(key_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(key_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
