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
        let located = ids.iter().map(|&id| (id, self.catalog.location(id)));
        let missed = pages_by_stream(dump, located, &mut |id, page| {
            let format = if page.markdown {
                Format::Markdown
            } else {
                Format::Wikitext
            };
            each(id, Ok((page.text.into_bytes(), format)));
        });
        // Pages the stream did not give (damage, or an id that changed):
        // read each alone, which also finds them by title.
        for id in missed {
            each(id, self.read_source(id));
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

/// The namespace of category pages.
pub const CATEGORY_NAMESPACE: u32 = 14;

impl Corpus {
    /// The category pages a dump holds: their indexes among the other
    /// pages and their titles as written (`Category:清朝`).
    pub fn category_pages(&self) -> Vec<(usize, &str)> {
        (0..self.catalog.other_page_count())
            .filter_map(|i| {
                let (title, namespace, _, _) = self.catalog.other_page(i)?;
                (namespace == CATEGORY_NAMESPACE).then_some((i, title))
            })
            .collect()
    }

    /// Calls `each` with the text of every other page of `indexes` (a
    /// template's or category's page of a dump), or why it could not be
    /// read; each bzip2 stream is decompressed once.
    pub fn read_other_pages(
        &self,
        indexes: &[usize],
        each: &mut dyn FnMut(usize, Result<String, CorpusError>),
    ) {
        let Some(dump) = &self.dump else {
            return;
        };
        let location = |i: usize| self.catalog.other_page(i).map(|(t, _, a, b)| (t, a, b));
        if dump.kind != super::dump::DumpKind::Bzip2 {
            for &i in indexes {
                let Some((title, a, b)) = location(i) else {
                    continue;
                };
                each(
                    i,
                    dump.read_page(title, (a, b))
                        .map(|page| page.text)
                        .map_err(|e| CorpusError::Index(format!("{title}: {e}"))),
                );
            }
            return;
        }
        let located = indexes
            .iter()
            .filter_map(|&i| location(i).map(|(_, offset, page)| (i, (offset, page))));
        let missed = pages_by_stream(dump, located, &mut |i, page| each(i, Ok(page.text)));
        for i in missed {
            let title = location(i).map_or("", |(t, _, _)| t);
            each(
                i,
                Err(CorpusError::Index(format!("{title}: not in its stream"))),
            );
        }
    }
}

/// Reads the pages at `located` (a key and its `(stream offset, page id)`)
/// from a bzip2 dump, each stream once, in the dump's order, calling
/// `each` with every page found; the keys of the pages no stream gave.
fn pages_by_stream<K: Copy>(
    dump: &super::from_dump::DumpFile,
    located: impl Iterator<Item = (K, (u64, u64))>,
    each: &mut dyn FnMut(K, super::dump::Page),
) -> Vec<K> {
    let mut streams: HashMap<u64, HashMap<u64, K>> = HashMap::new();
    for (key, (offset, page)) in located {
        streams.entry(offset).or_default().insert(page, key);
    }
    let mut offsets: Vec<u64> = streams.keys().copied().collect();
    offsets.sort_unstable();
    let mut missed = Vec::new();
    for offset in offsets {
        let Some(mut wanted) = streams.remove(&offset) else {
            continue;
        };
        super::dump::multistream::each_page_in_stream(&dump.file, offset, &mut |page| {
            if let Some(key) = wanted.remove(&page.id) {
                each(key, page);
            }
        });
        missed.extend(wanted.into_values());
    }
    missed
}
