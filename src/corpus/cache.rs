//! The parsed-article cache: articles parsed once and shared, bounded by an
//! estimate of their size in memory, the least recently used dropped first.
//! It only holds what it is given; it never reads or parses.

use crate::document::Article;
use std::collections::HashMap;
use std::sync::Arc;

/// The default bound: enough for the articles a reader moves between.
pub const DEFAULT_BUDGET: usize = 64 * 1024 * 1024;

/// Parsed articles by id, within a byte budget.
#[derive(Debug)]
pub struct ParseCache {
    budget: usize,
    used: usize,
    clock: u64,
    entries: HashMap<usize, Cached>,
}

#[derive(Debug)]
struct Cached {
    article: Arc<Article>,
    weight: usize,
    last_used: u64,
}

impl ParseCache {
    pub fn new(budget: usize) -> ParseCache {
        ParseCache {
            budget,
            used: 0,
            clock: 0,
            entries: HashMap::new(),
        }
    }

    /// Forgets every article (they were parsed for another reading script).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.used = 0;
    }

    pub fn get(&mut self, id: usize) -> Option<Arc<Article>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(&id).map(|cached| {
            cached.last_used = clock;
            Arc::clone(&cached.article)
        })
    }

    /// Keeps `article`, parsed from `source_len` bytes, dropping the least
    /// recently used until the budget holds. An article larger than the
    /// whole budget is not kept.
    pub fn insert(&mut self, id: usize, article: Arc<Article>, source_len: usize) {
        let weight = estimated_weight(source_len);
        if weight > self.budget {
            return;
        }
        self.clock += 1;
        if let Some(old) = self.entries.remove(&id) {
            self.used -= old.weight;
        }
        while self.used + weight > self.budget {
            let Some((&oldest, _)) = self.entries.iter().min_by_key(|(_, c)| c.last_used) else {
                break;
            };
            if let Some(old) = self.entries.remove(&oldest) {
                self.used -= old.weight;
            }
        }
        self.used += weight;
        self.entries.insert(
            id,
            Cached {
                article,
                weight,
                last_used: self.clock,
            },
        );
    }

    /// The estimated bytes held.
    pub fn used(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A parsed article takes about four times its source in memory (strings
/// split into inlines, blocks, footnotes), plus a fixed part.
fn estimated_weight(source_len: usize) -> usize {
    source_len.saturating_mul(4).saturating_add(4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Arc<Article> {
        Arc::new(crate::document::parse_str(
            "text",
            "T",
            crate::document::Format::Wikitext,
        ))
    }

    #[test]
    fn the_least_recently_used_goes_first_and_the_budget_holds() {
        let mut cache = ParseCache::new(3 * estimated_weight(1000));
        cache.insert(1, article(), 1000);
        cache.insert(2, article(), 1000);
        cache.insert(3, article(), 1000);
        assert!(cache.get(1).is_some()); // 2 is now the oldest
        cache.insert(4, article(), 1000);
        assert!(cache.get(2).is_none());
        assert!(cache.get(1).is_some() && cache.get(3).is_some() && cache.get(4).is_some());
        assert!(cache.used() <= 3 * estimated_weight(1000));
        // Larger than everything: not kept, nothing dropped for it.
        cache.insert(5, article(), 10_000_000);
        assert!(cache.get(5).is_none());
        assert_eq!(cache.len(), 3);
    }
}
