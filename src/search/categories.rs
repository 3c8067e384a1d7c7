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

#[derive(Debug, Default)]
struct Names {
    /// Names (title keys), sorted, each once, beside their folded form.
    names: Vec<(String, String)>,
}

impl SearchIndex {
    /// At most `limit` category names that hold `text` (folded: either
    /// script, any case or width), those that start with it first, then
    /// the shorter; every name, by name, when `text` is blank.
    pub fn category_names(&self, text: &str, limit: usize) -> Result<Vec<String>, SearchError> {
        let names = self.all_category_names()?;
        let wanted = fold(text.trim());
        let mut found: Vec<(bool, usize, &str)> = names
            .names
            .iter()
            .filter_map(|(name, folded)| {
                let at = folded.find(&wanted)?;
                Some((at != 0, name.chars().count(), name.as_str()))
            })
            .collect();
        if !wanted.is_empty() {
            found.sort();
        }
        Ok(found
            .into_iter()
            .take(limit)
            .map(|(_, _, name)| name.to_string())
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
        let names = Arc::new(Names {
            names: names
                .into_iter()
                .map(|name| {
                    let folded = fold(&name);
                    (name, folded)
                })
                .collect(),
        });
        *cache = Some((generation, Arc::clone(&names)));
        Ok(names)
    }
}
