//! The names the finder offers for a corpus: every article's title, every
//! redirect's title (leading to its article) and, for corpora small enough
//! to read every lead quickly, the lead's alternative names.
//!
//! This is the one place the finder meets the corpus; it only reads titles
//! and (through the corpus) the heads of files, never whole articles.

use super::index::{Index, ItemKind};
use super::items::Items;
use crate::corpus::Corpus;

/// The letter-pair index a corpus index keeps, read in place.
#[derive(Debug)]
struct SavedPairs(std::sync::Arc<crate::corpus::catalog::Catalog>);

impl super::pairs::SharedBytes for SavedPairs {
    fn bytes(&self) -> &[u8] {
        self.0.finder_pairs()
    }
}

/// The finder's index of a corpus's names ([`title_items`]), taking the
/// titles' keys from the corpus index when it saved them. `shortcuts`
/// adds what pays off over many keystrokes (see [`Index::for_one_search`]),
/// and has the keys saved with the corpus index first when they are not.
pub fn title_index(corpus: &Corpus, aliases: bool, shortcuts: bool) -> Index {
    // A reader's finder (one with shortcuts) has the keys saved with the
    // corpus index when they are not yet, and reads them from there.
    let saved = match corpus.finder_index() {
        None if shortcuts => corpus.save_finder_data(),
        saved => saved,
    };
    let items = title_items(corpus, aliases);
    // The titles' pages were read once: give them back before the keys'.
    corpus.release_index_pages();
    let index = match &saved {
        Some(saved) if !saved.finder_keys().is_empty() => {
            let pairs: std::sync::Arc<dyn super::pairs::SharedBytes> =
                std::sync::Arc::new(SavedPairs(std::sync::Arc::clone(saved)));
            Index::with_saved(items, saved.finder_keys(), Some(pairs), shortcuts, &|| {
                corpus.release_index_pages()
            })
        }
        _ if shortcuts => Index::new(items),
        _ => Index::for_one_search(items),
    };
    // Every title and key was read once; none of those pages is needed now.
    corpus.release_index_pages();
    index
}

/// Titles listed between two releases of the corpus index's pages.
const RELEASE_EVERY: usize = 1 << 16;

/// Lead aliases are indexed for corpora of at most this many articles:
/// finding them reads the head of every file.
pub const ALIAS_LIMIT: usize = 20_000;

/// One item per article title and per redirect, plus lead aliases when
/// `aliases` is set and the corpus has at most [`ALIAS_LIMIT`] articles.
pub fn title_items(corpus: &Corpus, aliases: bool) -> Items {
    // Redirects are known once the corpus's second pass is done; before,
    // a redirect page is listed as the page it is.
    let complete = corpus.completed();
    let mut items = Items::with_capacity(corpus.len(), corpus.len() * 16);
    for (id, entry) in corpus.entries() {
        if id % RELEASE_EVERY == RELEASE_EVERY - 1 {
            // The titles read so far come from a map of the corpus index:
            // give their pages back as the list grows.
            corpus.release_index_pages();
        }
        let leads_to = complete
            .as_ref()
            .and_then(|c| c.redirect(id))
            .and_then(|target| corpus.resolve_title(target))
            .filter(|&target| target != id);
        match leads_to {
            Some(target) => items.push(entry.title, ItemKind::Redirect, target),
            None => items.push(entry.title, ItemKind::Article, id),
        }
    }
    if aliases && corpus.len() <= ALIAS_LIMIT {
        for (name, id) in corpus.alias_names() {
            items.push(&name, ItemKind::Alias, id);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_redirects_and_aliases_of_a_corpus() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("伊犁危機.wiki"),
            "'''伊犁危機'''，又稱'''伊犁交涉'''。",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("伊犁交涉事件.wiki"),
            "#REDIRECT [[伊犁危機]]",
        )
        .expect("write");
        std::fs::write(dir.path().join("外部.wiki"), "#REDIRECT [[不在]]").expect("write");
        let corpus = Corpus::open_dir(dir.path()).expect("corpus");
        corpus
            .complete(&|_| {}, &std::sync::atomic::AtomicBool::new(false))
            .expect("second pass");
        let items = title_items(&corpus, true);
        let crisis = corpus.resolve_title("伊犁危機").expect("article");
        let kind_of = |name: &str| {
            items
                .iter()
                .find(|i| i.name == name)
                .map(|i| (i.kind, i.target))
        };
        assert_eq!(kind_of("伊犁危機"), Some((ItemKind::Article, crisis)));
        assert_eq!(kind_of("伊犁交涉事件"), Some((ItemKind::Redirect, crisis)));
        assert_eq!(kind_of("伊犁交涉"), Some((ItemKind::Alias, crisis)));
        assert!(matches!(kind_of("外部"), Some((ItemKind::Article, _))));
        assert_eq!(title_items(&corpus, false).len(), 3);
    }
}
