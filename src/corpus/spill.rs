//! Where the second pass keeps what it has learnt while it runs: each run
//! of entries' facts (see `catalog::learnt`), once gathered, is appended to
//! a temporary file in the cache directory, and read back through a map of
//! it when the pass ends, so that at a million entries the facts (about 55
//! MB) are not part of the reader's memory while it builds. The file has
//! no name (it is removed as soon as it is made) and goes with the pass.
//! Without a cache directory, or when the file cannot be written, runs are
//! kept in memory instead: slower to nothing, never wrong.
//!
//! It stores bytes it is given; it never decides what they mean.

use super::catalog::learnt::RunView;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// Runs being kept, by every thread of the pass.
pub struct Spill {
    file: Mutex<Option<SpillFile>>,
}

struct SpillFile {
    file: std::fs::File,
    /// Bytes of whole runs written.
    len: u64,
    /// A write failed (a full disk): the runs after it stay in memory.
    full: bool,
}

/// Where one run was kept.
pub enum Kept {
    Memory(Vec<u8>),
    /// `(offset, length)` in the spill file.
    File(u64, u64),
}

impl Spill {
    /// A spill file in `dir`, else runs are kept in memory.
    pub fn new(dir: Option<&Path>) -> Spill {
        let file = dir
            .and_then(|dir| tempfile::tempfile_in(dir).ok())
            .map(|file| SpillFile {
                file,
                len: 0,
                full: false,
            });
        Spill {
            file: Mutex::new(file),
        }
    }

    /// Keeps a run's bytes: appended to the file, or in memory if it
    /// cannot be (the file then takes no more runs, but those it holds
    /// stay readable).
    pub fn keep(&self, bytes: Vec<u8>) -> Kept {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(spill) = file.as_mut().filter(|spill| !spill.full) {
            let offset = spill.len;
            if spill.file.write_all(&bytes).is_ok() {
                spill.len += bytes.len() as u64;
                return Kept::File(offset, bytes.len() as u64);
            }
            // Part of this run may be written: its place is never handed
            // out, and nothing is written after it.
            spill.full = true;
        }
        Kept::Memory(bytes)
    }

    /// The runs kept, to be read.
    pub fn read(self, kept: Vec<Kept>) -> Spilled {
        let file = self
            .file
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .and_then(|spill| (spill.len > 0).then_some(spill.file));
        // SAFETY: the file has no name and is held only here: nothing
        // else can change it while it is mapped.
        #[allow(unsafe_code)]
        let map = file.and_then(|file| unsafe { memmap2::Mmap::map(&file) }.ok());
        Spilled { map, kept }
    }
}

/// The runs of a pass, once it has ended.
pub struct Spilled {
    map: Option<memmap2::Mmap>,
    kept: Vec<Kept>,
}

impl Spilled {
    /// Every run, in the order kept. A run whose place in the file cannot
    /// be read (the map failed) reads as empty.
    pub fn runs(&self) -> Vec<RunView<'_>> {
        self.kept
            .iter()
            .map(|kept| match kept {
                Kept::Memory(bytes) => RunView::of(bytes),
                Kept::File(offset, len) => {
                    let bytes = self.map.as_deref().and_then(|map| {
                        let start = usize::try_from(*offset).ok()?;
                        let end = start.checked_add(usize::try_from(*len).ok()?)?;
                        map.get(start..end)
                    });
                    RunView::of(bytes.unwrap_or(&[]))
                }
            })
            .collect()
    }

    /// Gives the pages of the map read so far back to the kernel's cache.
    pub fn release_pages(&self) {
        if let Some(map) = &self.map {
            // SAFETY: a read-only map of a file nothing writes: dropped
            // pages are read again from the file, with the same bytes.
            #[allow(unsafe_code)]
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

impl super::catalog::build::Pages for Spilled {
    fn release_pages(&self) {
        Spilled::release_pages(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::catalog::learnt::LearntRun;

    fn run(id: usize, alias: &str) -> Vec<u8> {
        let mut run = LearntRun::default();
        run.push(id, (1, 2), None, [alias], true, false);
        run.to_bytes()
    }

    #[test]
    fn runs_read_back_from_the_file_or_from_memory() {
        let dir = tempfile::tempdir().expect("tempdir");
        for place in [Some(dir.path()), None] {
            let spill = Spill::new(place);
            let kept = vec![spill.keep(run(0, "甲")), spill.keep(run(1, "乙"))];
            assert_eq!(
                matches!(kept[0], Kept::File(..)),
                place.is_some(),
                "kept in the file when there is one"
            );
            let spilled = spill.read(kept);
            let runs = spilled.runs();
            let aliases: Vec<&str> = runs
                .iter()
                .flat_map(|run| run.entries())
                .flat_map(|entry| entry.aliases)
                .collect();
            assert_eq!(aliases, ["甲", "乙"]);
            spilled.release_pages();
            assert_eq!(runs[1].entries().count(), 1, "still readable");
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("dir").count(),
            0,
            "the spill file has no name"
        );
    }
}
