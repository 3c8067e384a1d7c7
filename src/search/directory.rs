//! How the index's files are read: a tantivy directory that writes, locks
//! and watches through tantivy's own memory-mapped directory, and reads in
//! one of two ways, each keeping the process's resident set small.
//!
//! - For searches, [`IndexDirectory::for_searches`]: files are read with
//!   positioned reads (`pread`) into buffers freed when the search is done,
//!   while the kernel's page cache keeps them warm for the next query. A
//!   search at a million articles touches some hundreds of megabytes of
//!   the index, and mapped, every page touched would stay counted in the
//!   reader's memory. Term dictionaries and fast fields are the exception:
//!   tantivy reads each whole (an FST of every word of a field, some 100 MB
//!   at a million articles; a column of every document's title) and then
//!   a few of its pages, so they are mapped.
//! - For the writer, [`IndexDirectory::for_writer`]: every file is mapped,
//!   because merges read whole files (a segment's stored text is stacked
//!   in one read), which a buffer would hold in memory.
//!
//! Either way the maps are kept in a [`PageRelease`], which gives their
//! pages back to the kernel when a search is answered or, during a build,
//! every moment; a later read brings a page back. It never writes a file
//! itself.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// The index directory `root`, read for searches or for the writer.
#[derive(Debug, Clone)]
pub struct IndexDirectory {
    root: PathBuf,
    inner: MmapDirectory,
    maps: PageRelease,
    /// Every file mapped (the writer), else only term dictionaries and fast fields.
    map_all: bool,
}

impl IndexDirectory {
    /// For searches: positioned reads, term dictionaries and fast fields mapped.
    pub fn for_searches(root: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Self::open(root, PageRelease::default(), false)
    }

    /// For the writer: every file mapped, the maps kept in `maps`.
    pub fn for_writer(
        root: &Path,
        maps: PageRelease,
    ) -> Result<IndexDirectory, OpenDirectoryError> {
        Self::open(root, maps, true)
    }

    fn open(
        root: &Path,
        maps: PageRelease,
        map_all: bool,
    ) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
            maps,
            map_all,
        })
    }

    /// What gives back the pages of the files it mapped.
    pub fn page_release(&self) -> PageRelease {
        self.maps.clone()
    }
}

/// The files mapped by an [`IndexDirectory`] (and its clones), while they
/// are in use.
#[derive(Debug, Clone, Default)]
pub struct PageRelease {
    maps: Arc<Mutex<Vec<Weak<memmap2::Mmap>>>>,
}

impl PageRelease {
    /// Gives the pages read so far back to the kernel's cache: the maps
    /// stay valid, and a later read brings a page back.
    pub fn release(&self) {
        let mut maps = self.maps.lock().unwrap_or_else(|p| p.into_inner());
        maps.retain(|map| {
            let Some(map) = map.upgrade() else {
                return false;
            };
            // SAFETY: a read-only map of a finished segment file, which
            // tantivy never writes again; dropping its pages only makes
            // the next read fetch them again, with the same bytes.
            #[allow(unsafe_code)]
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
            true
        });
    }

    fn keep(&self, map: &Arc<memmap2::Mmap>) {
        let mut maps = self.maps.lock().unwrap_or_else(|p| p.into_inner());
        maps.retain(|map| map.strong_count() > 0);
        maps.push(Arc::downgrade(map));
    }
}

/// The files searches map rather than read: term dictionaries (tantivy
/// reads each whole, then walks a few pages per word) and fast fields
/// (columns tantivy reads whole, then a few values from: the titles and
/// paths of the first rows of a list of hundreds of thousands).
const MAPPED: [&str; 2] = ["term", "fast"];

/// A memory map as tantivy's bytes.
struct MappedBytes(Arc<memmap2::Mmap>);

impl std::ops::Deref for MappedBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

// SAFETY: the bytes are the map's, which stay where they are for as long
// as the map lives (the `Arc` keeps it).
#[allow(unsafe_code)]
unsafe impl stable_deref_trait::StableDeref for MappedBytes {}

/// A finished segment file, mapped (see the module's text).
fn map_file(file: &File, len: usize, maps: &PageRelease) -> io::Result<OwnedBytes> {
    if len == 0 {
        return Ok(OwnedBytes::empty());
    }
    // SAFETY: segment files are never written once made (a new state of
    // the index is new files); a file removed by a merge stays readable
    // while it is mapped.
    #[allow(unsafe_code)]
    let map = Arc::new(unsafe { memmap2::Mmap::map(file) }?);
    maps.keep(&map);
    Ok(OwnedBytes::new(MappedBytes(map)))
}

/// One open file of the index and its length when it was opened (tantivy's
/// files never change once written).
#[derive(Debug)]
struct PreadFile {
    file: File,
    len: usize,
}

impl HasLen for PreadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for PreadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let end = range.end.min(self.len);
        if range.start >= end {
            return Ok(OwnedBytes::empty());
        }
        let mut buffer = vec![0; end - range.start];
        read_exact_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            read => {
                buffer = &mut buffer[read..];
                offset += read as u64;
            }
        }
    }
    Ok(())
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let file = File::open(&full).map_err(|error| {
            if error.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(error, full.clone())
            }
        })?;
        let len = file
            .metadata()
            .map_err(|error| OpenReadError::wrap_io_error(error, full.clone()))?
            .len();
        let len = usize::try_from(len).map_err(|_| {
            OpenReadError::wrap_io_error(io::ErrorKind::FileTooLarge.into(), full.clone())
        })?;
        if self.map_all
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| MAPPED.contains(&e))
        {
            let bytes = map_file(&file, len, &self.maps)
                .map_err(|error| OpenReadError::wrap_io_error(error, full.clone()))?;
            return Ok(Arc::new(bytes));
        }
        Ok(Arc::new(PreadFile { file, len }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(
        &self,
        lock: &Lock,
    ) -> Result<DirectoryLock, tantivy::directory::error::LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_any_range_of_a_file_and_nothing_past_its_end() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("f"), b"0123456789").expect("write");
        std::fs::write(dir.path().join("empty"), b"").expect("write");
        let directory = IndexDirectory::for_searches(dir.path()).expect("open");
        let file = directory.get_file_handle(Path::new("f")).expect("handle");
        assert_eq!(file.len(), 10);
        assert_eq!(file.read_bytes(2..5).expect("read").as_slice(), b"234");
        assert_eq!(file.read_bytes(8..20).expect("read").as_slice(), b"89");
        assert!(file.read_bytes(5..5).expect("read").is_empty());
        let empty = directory
            .get_file_handle(Path::new("empty"))
            .expect("handle");
        assert!(empty.read_bytes(0..0).expect("read").is_empty());
        assert!(matches!(
            directory.get_file_handle(Path::new("missing")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }

    #[test]
    fn term_dictionaries_are_mapped_and_their_pages_can_be_given_back() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("a.term"), b"terms").expect("write");
        std::fs::write(dir.path().join("b.term"), b"").expect("write");
        let directory = IndexDirectory::for_searches(dir.path()).expect("open");
        let file = directory
            .get_file_handle(Path::new("a.term"))
            .expect("handle");
        assert_eq!(file.read_bytes(1..4).expect("read").as_slice(), b"erm");
        let empty = directory
            .get_file_handle(Path::new("b.term"))
            .expect("handle");
        assert!(empty.read_bytes(0..0).expect("read").is_empty());
        // Fast fields are mapped too; other files are read.
        std::fs::write(dir.path().join("a.fast"), b"column").expect("write");
        std::fs::write(dir.path().join("a.idx"), b"postings").expect("write");
        let column = directory
            .get_file_handle(Path::new("a.fast"))
            .expect("handle");
        let postings = directory
            .get_file_handle(Path::new("a.idx"))
            .expect("handle");
        assert_eq!(postings.read_bytes(0..4).expect("read").as_slice(), b"post");
        let release = directory.page_release();
        assert_eq!(release.maps.lock().expect("lock").len(), 2);
        drop(column);
        release.release();
        // Still readable after its pages were given back.
        assert_eq!(file.read_bytes(0..5).expect("read").as_slice(), b"terms");
        assert_eq!(release.maps.lock().expect("lock").len(), 1);
        drop(file);
        release.release();
        assert!(
            release.maps.lock().expect("lock").is_empty(),
            "a map no longer used is forgotten"
        );
    }

    #[test]
    fn the_writers_directory_maps_every_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("a.store"), b"stored").expect("write");
        let maps = PageRelease::default();
        let directory = IndexDirectory::for_writer(dir.path(), maps.clone()).expect("open");
        let file = directory
            .get_file_handle(Path::new("a.store"))
            .expect("handle");
        assert_eq!(file.read_bytes(0..6).expect("read").as_slice(), b"stored");
        assert_eq!(maps.maps.lock().expect("lock").len(), 1);
        maps.release();
        assert_eq!(file.read_bytes(0..6).expect("read").as_slice(), b"stored");
    }
}
