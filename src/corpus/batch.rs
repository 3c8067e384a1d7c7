//! Reading many articles' sources at once, in the order that costs least:
//! a bzip2 dump's stream is decompressed once for all the wanted pages it
//! holds (reading them one by one would decompress it once a page). For
//! corpora of other kinds it is the same as reading each. Reads only.

use super::{ArticleId, Corpus, CorpusError};
use crate::document::Format;
use std::collections::HashMap;

/// An article's source and its format, or why it could not be read.
pub type SourceRead = Result<(Vec<u8>, Format), CorpusError>;

impl Corpus {
    /// Calls `each` once for every id of `ids` with its source, or why it
    /// could not be read. Ids of one dump stream are best given together
    /// (see [`Corpus::read_order_key`]).
    pub fn read_sources(&self, ids: &[ArticleId], each: &mut dyn FnMut(ArticleId, SourceRead)) {
        let Some(dump) = self
            .dump
            .as_ref()
            .filter(|d| d.kind == super::dump::DumpKind::Bzip2 && ids.len() > 1)
        else {
            for &id in ids {
                each(id, self.read_source(id));
            }
            return;
        };
        // Stream offset → page id → entry.
        let mut streams: HashMap<u64, HashMap<u64, ArticleId>> = HashMap::new();
        for &id in ids {
            let (offset, page) = self.catalog.location(id);
            streams.entry(offset).or_default().insert(page, id);
        }
        let mut offsets: Vec<u64> = streams.keys().copied().collect();
        offsets.sort_unstable();
        for offset in offsets {
            let Some(mut wanted) = streams.remove(&offset) else {
                continue;
            };
            super::dump::multistream::each_page_in_stream(&dump.file, offset, &mut |page| {
                if let Some(id) = wanted.remove(&page.id) {
                    let format = if page.markdown {
                        Format::Markdown
                    } else {
                        Format::Wikitext
                    };
                    each(id, Ok((page.text.into_bytes(), format)));
                }
            });
            // Pages the stream did not give (damage, or an id that
            // changed): read each alone, which also finds them by title.
            for (_, id) in wanted {
                each(id, self.read_source(id));
            }
        }
    }

    /// What to sort ids by so that [`Corpus::read_sources`] reads each
    /// dump stream once: the entry's place in the dump (0 elsewhere).
    pub fn read_order_key(&self, id: ArticleId) -> u64 {
        match &self.dump {
            Some(_) => self.catalog.location(id).0,
            None => 0,
        }
    }
}
