//! The finder's keys and letter pairs of a corpus whose index has none yet
//! (a cold start), made once and saved into its first-pass index. The
//! reader's finder then reads them from there, as after a warm start,
//! instead of holding its own, and the second pass keeps them instead of
//! making them again: a cold build needs little more memory than a warm
//! reader. This never saves over an index the second pass has completed,
//! and never changes what an index says of its entries.

use super::Corpus;
use super::catalog::{Catalog, build, store};
use std::sync::Arc;

impl Corpus {
    /// The first-pass index as the cache holds it now: saved again with
    /// the finder's data, or as it was opened.
    pub(crate) fn first_index(&self) -> Arc<Catalog> {
        self.titled
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .unwrap_or_else(|| Arc::clone(&self.catalog))
    }

    /// The newest index holding the finder's keys and pairs, if one does.
    pub fn finder_index(&self) -> Option<Arc<Catalog>> {
        self.completed()
            .into_iter()
            .chain([self.first_index()])
            .find(|index| !index.finder_keys().is_empty())
    }

    /// The finder's keys and pairs of every title of the first index. The
    /// titles are read from its map, whose pages are given back as each run
    /// of titles has its keys; the keys are made on every core, and their
    /// scratch given back after.
    pub(crate) fn make_finder_data(&self) -> (Vec<u8>, Vec<u8>) {
        let first = &self.catalog;
        let titles: Vec<&str> = (0..first.len()).map(|id| first.title(id)).collect();
        first.release_pages();
        let data =
            crate::finder::index::encode_finder_data_releasing(&titles, &|| first.release_pages());
        drop(titles);
        first.release_pages();
        crate::background::give_back_memory();
        data
    }

    /// The index holding the finder's keys and pairs: when none does, they
    /// are made now (on every core) and saved into the first-pass index.
    /// `None` when there is no cache to save them in or the save failed;
    /// the finder then makes its own.
    pub fn save_finder_data(&self) -> Option<Arc<Catalog>> {
        if let Some(saved) = self.finder_index() {
            return Some(saved);
        }
        // Made once: a second caller waits for the first and reads its.
        let _making = self
            .making_finder_data
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(saved) = self.finder_index() {
            return Some(saved);
        }
        let path = self.index_file.as_deref()?;
        let first = Arc::clone(&self.catalog);
        let (keys, pairs) = self.make_finder_data();
        let _saving = self.saving.lock().unwrap_or_else(|p| p.into_inner());
        if self.completed().is_some() {
            // The second pass saved its index meanwhile, with its own keys.
            return self.finder_index();
        }
        let built = build::with_finder_of(&first, &keys, &pairs);
        // Read back from the file written (another reader may have saved
        // its own at `path` since).
        let saved = store::save_and_open(path, &mut |out| built.write_to(out))
            .ok()?
            .ok()?;
        drop(built);
        drop((keys, pairs));
        crate::background::give_back_memory();
        let saved = Arc::new(saved);
        *self
            .titled
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::clone(&saved));
        Some(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::tests::aliased_articles;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn complete(corpus: &Corpus) -> crate::corpus::enrich::Completed {
        corpus
            .complete(&|_| {}, &AtomicBool::new(false))
            .expect("not cancelled")
    }

    #[test]
    fn a_cold_index_is_saved_with_the_finders_keys_and_the_second_pass_keeps_them() {
        let dir = aliased_articles(300);
        let cache = tempfile::tempdir().expect("cache");
        let cold = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
        assert!(cold.finder_index().is_none(), "a first pass has no keys");
        let saved = cold.save_finder_data().expect("saved with the keys");
        let titles: Vec<&str> = (0..cold.len()).map(|id| cold.catalog.title(id)).collect();
        let (keys, pairs) = crate::finder::index::encode_finder_data(&titles);
        assert_eq!(saved.finder_keys(), keys.as_slice());
        assert_eq!(saved.finder_pairs(), pairs.as_slice());
        assert!(!saved.is_enriched(), "still the first pass");
        assert_eq!(saved.len(), cold.len());

        // A reader started now finds them in the cache.
        let warm = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
        assert_eq!(warm.opened, crate::corpus::Opened::Warm);
        let found = warm.finder_index().expect("the keys were saved");
        assert_eq!(found.finder_keys(), keys.as_slice());

        // The second pass keeps them, with what it learnt.
        complete(&cold);
        let completed = cold.completed().expect("completed");
        assert_eq!(completed.finder_keys(), keys.as_slice());
        assert_eq!(completed.finder_pairs(), pairs.as_slice());
        assert!(cold.resolve_title("别名42").is_some());
    }

    #[test]
    fn the_finders_keys_never_replace_a_completed_index() {
        let dir = aliased_articles(200);
        let cache = tempfile::tempdir().expect("cache");
        let corpus = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
        complete(&corpus);
        let saved = corpus.save_finder_data().expect("the completed index's");
        assert!(saved.is_enriched());
        let reopened = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
        assert!(
            reopened.is_complete(),
            "the cache still holds the completed index"
        );
    }

    #[test]
    fn without_a_cache_the_finder_makes_its_own_keys() {
        let dir = aliased_articles(50);
        let corpus = Corpus::open_dir(dir.path()).expect("corpus");
        assert!(corpus.save_finder_data().is_none());
    }

    #[test]
    fn a_pass_cancelled_after_the_keys_were_saved_is_resumed() {
        let count = 3000;
        let dir = aliased_articles(count);
        let cache = tempfile::tempdir().expect("cache");
        let first = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
        let cancel = AtomicBool::new(false);
        let stopped = first.complete(
            &|progress| {
                // The finder's keys are saved while the pass runs.
                if progress.done >= 512 {
                    first.save_finder_data();
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        );
        assert!(stopped.is_err());
        let second = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("warm");
        assert!(second.finder_index().is_some(), "the keys were kept");
        let report = complete(&second);
        assert!(report.resumed > 0, "{report:?}");
    }

    #[test]
    fn a_cold_pass_makes_the_finders_data_first() {
        let dir = aliased_articles(300);
        let cache = tempfile::tempdir().expect("cache");
        let cold = Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("cold");
        assert!(cold.finder_index().is_none());
        // Stopped at its first report: the keys were saved before it began.
        let cancel = AtomicBool::new(false);
        let _ = cold.complete(&|_| cancel.store(true, Ordering::Relaxed), &cancel);
        let saved = cold.finder_index().expect("made before the pass");
        assert!(!saved.is_enriched(), "into the first index");
        // A finder asking now reads them; the finished pass keeps them.
        assert_eq!(
            cold.save_finder_data().map(|index| index.identity()),
            Some(saved.identity())
        );
        complete(&cold);
        let completed = cold.completed().expect("complete");
        assert_eq!(completed.finder_keys(), saved.finder_keys());
    }
}
