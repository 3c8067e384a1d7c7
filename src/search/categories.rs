//! The names of the corpus's categories, for the finder's `=` scope: every
//! category an article belongs to or a category page names as its parent,
//! read from the index's terms, and which of them hold what was typed.
//!
//! The names are read once per state of the index (a searcher generation)
//! and kept, sorted, until the index changes: a keystroke then costs a
//! scan of a list in memory, not of every segment's terms. It never
//! changes the index.

use super::SearchIndex;
use super::index::SearchError;
use crate::finder::fold::fold;
use std::sync::{Arc, Mutex};

/// The category names of one state of the index, with their folded forms.
#[derive(Debug, Default)]
pub struct NameCache {
    names: Mutex<Option<(u64, Arc<Names>)>>,
}

/// Category names in one block of text: a million articles' categories
/// (hundreds of thousands of names in the real Chinese Wikipedia) cost
/// their bytes and four more each, not a string apiece.
#[derive(Debug, Default)]
struct Names {
    /// The names (title keys), sorted, each once, one after another.
    text: String,
    /// Where each name starts in `text`; the next one's start ends it.
    starts: Vec<u32>,
    /// The folded form of the names whose folded form is another text
    /// (Latin capitals, full-width forms: names are already Simplified),
    /// by the name's place in `starts`.
    folded: Vec<(u32, String)>,
}

impl Names {
    fn new(sorted: &[String]) -> Names {
        let mut names = Names::default();
        for name in sorted {
            let Ok(at) = u32::try_from(names.text.len()) else {
                break; // (4 GB of names: the rest are left out)
            };
            let folded = fold(name);
            if folded != *name {
                names.folded.push((names.starts.len() as u32, folded));
            }
            names.starts.push(at);
            names.text.push_str(name);
        }
        names
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn name(&self, index: usize) -> &str {
        let start = self.starts.get(index).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    fn folded(&self, index: usize) -> &str {
        match self
            .folded
            .binary_search_by_key(&(index as u32), |(at, _)| *at)
        {
            Ok(found) => &self.folded[found].1,
            Err(_) => self.name(index),
        }
    }
}

impl SearchIndex {
    /// At most `limit` category names that hold `text` (folded: either
    /// script, any case or width), those that start with it first, then
    /// the shorter; every name, by name, when `text` is blank.
    pub fn category_names(&self, text: &str, limit: usize) -> Result<Vec<String>, SearchError> {
        let names = self.all_category_names()?;
        let wanted = fold(text.trim());
        if wanted.is_empty() {
            return Ok((0..names.len().min(limit))
                .map(|i| names.name(i).to_string())
                .collect());
        }
        let mut found: Vec<(bool, usize, usize)> = (0..names.len())
            .filter_map(|i| {
                let at = names.folded(i).find(&wanted)?;
                Some((at != 0, names.name(i).chars().count(), i))
            })
            .collect();
        found.sort_unstable();
        Ok(found
            .into_iter()
            .take(limit)
            .map(|(_, _, i)| names.name(i).to_string())
            .collect())
    }

    fn all_category_names(&self) -> Result<Arc<Names>, SearchError> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let mut cache = self
            .category_names
            .names
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((cached, names)) = cache.as_ref()
            && *cached == generation
        {
            return Ok(Arc::clone(names));
        }
        let mut names = Vec::new();
        for segment in searcher.segment_readers() {
            for field in [self.fields.categories, self.fields.parents] {
                let inverted = segment.inverted_index(field)?;
                let mut terms = inverted
                    .terms()
                    .stream()
                    .map_err(|e| SearchError::Index(e.to_string()))?;
                while terms.advance() {
                    if let Ok(name) = std::str::from_utf8(terms.key()) {
                        names.push(name.to_string());
                    }
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        let names = Arc::new(Names::new(&names));
        *cache = Some((generation, Arc::clone(&names)));
        Ok(names)
    }
}
