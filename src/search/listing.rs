//! A tantivy collector for lists of articles (links here, a category's
//! members): the path and title of the first matching documents, read from
//! their columns (never the stored body), and how many match in all,
//! without scoring. Lists of hundreds of thousands stay cheap.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The first `limit` matches' `(path, title)`, and the count of all.
pub struct FirstTitles {
    limit: usize,
}

impl FirstTitles {
    pub fn new(limit: usize) -> FirstTitles {
        FirstTitles { limit }
    }
}

/// One segment's part.
pub struct SegmentTitles {
    limit: usize,
    columns: Option<(StrColumn, StrColumn)>,
    found: Vec<(String, String)>,
    count: usize,
}

impl Collector for FirstTitles {
    type Fruit = (Vec<(String, String)>, usize);
    type Child = SegmentTitles;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTitles> {
        let fast = reader.fast_fields();
        let columns = match (fast.str("path")?, fast.str("title")?) {
            (Some(path), Some(title)) => Some((path, title)),
            _ => None,
        };
        Ok(SegmentTitles {
            limit: self.limit,
            columns,
            found: Vec::new(),
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        parts: Vec<(Vec<(String, String)>, usize)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut found = Vec::new();
        let mut count = 0;
        for (part, part_count) in parts {
            count += part_count;
            let room = self.limit.saturating_sub(found.len());
            found.extend(part.into_iter().take(room));
        }
        Ok((found, count))
    }
}

impl SegmentCollector for SegmentTitles {
    type Fruit = (Vec<(String, String)>, usize);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.count += 1;
        if self.found.len() >= self.limit {
            return;
        }
        let Some((paths, titles)) = &self.columns else {
            return;
        };
        let read = |column: &StrColumn| {
            let mut text = String::new();
            if let Some(ord) = column.term_ords(doc).next() {
                let _ = column.ord_to_str(ord, &mut text);
            }
            text
        };
        self.found.push((read(paths), read(titles)));
    }

    fn harvest(self) -> Self::Fruit {
        (self.found, self.count)
    }
}
