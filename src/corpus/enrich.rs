//! The second pass over a corpus: the head of every article read for its
//! redirect and its lead's bold names (aliases), with each file's stamp, on
//! all cores, with progress and cancellation. What an older index knew of a
//! file whose stamp did not change is reused instead of read again. The
//! result is saved with the index and replaces the first-pass index in the
//! corpus; the entries (and so every article id) stay the same.
//!
//! It never changes which entries a corpus has: added or removed files are
//! the first pass's business.

use super::catalog::Catalog;
use super::catalog::bytes::IndexBytes;
use super::catalog::learnt::{LearntRun, RunView};
use super::catalog::store;
use super::spill::{Kept, Spill};
use super::{Corpus, LEAD_BYTES, Source, partial, scan};
use crate::document::{self, Format};
use crate::wiki::titles::title_key;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// How far the second pass has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub started: Instant,
    /// Of those done, the entries that needed no reading (known from an
    /// earlier index or a cancelled pass): they take next to no time, so
    /// the rate leaves them out.
    pub quick: usize,
}

impl Progress {
    /// Entries read a second, once there is something to go by.
    pub fn rate(&self) -> Option<f64> {
        let seconds = self.started.elapsed().as_secs_f64();
        let read = self.done.saturating_sub(self.quick);
        (seconds > 0.2 && read > 0).then(|| read as f64 / seconds)
    }

    /// Seconds left at the rate so far.
    pub fn seconds_left(&self) -> Option<u64> {
        let rate = self.rate()?;
        Some((self.total.saturating_sub(self.done) as f64 / rate).ceil() as u64)
    }
}

/// What the second pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completed {
    /// Entries whose head was read.
    pub read: usize,
    /// Entries whose earlier result was reused.
    pub reused: usize,
    /// Entries whose facts a cancelled pass had saved (they were learnt,
    /// as if read, but not read again).
    pub resumed: usize,
    /// Set when the result could not be saved (it is still used).
    pub save_error: Option<String>,
}

/// The pass was cancelled; nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// What the second pass knows of one entry.
#[derive(Debug, Default)]
struct Facts {
    redirect: Option<String>,
    stamp: (u64, i64),
    aliases: Vec<String>,
    read: bool,
    /// Taken from what a cancelled pass had saved (see `partial`).
    resumed: bool,
}

impl Facts {
    /// Adds these facts, of entry `id`, to `run`.
    fn push_to(&self, run: &mut LearntRun, id: usize) {
        run.push(
            id,
            self.stamp,
            self.redirect.as_deref(),
            self.aliases.iter().map(String::as_str),
            self.read,
            self.resumed,
        );
    }

    /// What a cancelled pass had learnt of an entry, whose file now has `stamp`.
    fn resumed(known: &partial::Known, stamp: (u64, i64)) -> Facts {
        Facts {
            redirect: known.redirect.clone(),
            stamp,
            aliases: known.aliases.clone(),
            read: false,
            resumed: true,
        }
    }
}

/// How many entries' facts are packed together (see `LearntRun`).
const RUN_LEN: usize = 1024;

/// How often progress is reported, in entries.
const REPORT_EVERY: usize = 512;

/// How often the pass gives back the pages of the first index it has read.
const RELEASE_EVERY: usize = 1 << 16;

impl Corpus {
    /// Runs the second pass unless it is done and every file's stamp is
    /// unchanged. Safe to call from a background thread while the corpus is
    /// in use; `progress` hears from the worker threads.
    pub fn complete(
        &self,
        progress: &(dyn Fn(Progress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Completed, Cancelled> {
        use rayon::prelude::*;
        let current = self.completed();
        let earlier: Option<Arc<Catalog>> = current.clone().or_else(|| {
            self.previous
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .map(Arc::new)
        });
        let total = self.len();
        if current.is_some() && !matches!(self.source, Source::Directory(_)) {
            // A dump's index is made for one size and time of the dump; the
            // built-in corpus never changes.
            return Ok(Completed {
                read: 0,
                reused: total,
                resumed: 0,
                save_error: None,
            });
        }
        if let Some(current) = &current
            && let Source::Directory(root) = &self.source
        {
            // Only the files whose stamp changed are worth a second look:
            // checking costs a metadata call each and keeps nothing. One
            // core is enough, and leaves the other to the reader.
            let started = Instant::now();
            let checked = AtomicUsize::new(0);
            let changed = (0..total)
                .filter(|&id| {
                    if cancel.load(Ordering::Relaxed) {
                        return false;
                    }
                    let stamp = std::fs::metadata(root.join(self.catalog.path(id)))
                        .map(|m| (m.len(), super::fingerprint::modified_ns(&m)))
                        .ok();
                    let before = checked.fetch_add(1, Ordering::Relaxed);
                    if (before + 1).is_multiple_of(REPORT_EVERY * 128) {
                        // The paths read so far: not needed again.
                        self.catalog.release_pages();
                    }
                    if (before + 1).is_multiple_of(REPORT_EVERY * 8) {
                        progress(Progress {
                            done: before + 1,
                            total,
                            started,
                            quick: 0,
                        });
                    }
                    stamp != current.stamp(id)
                })
                .count();
            if cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            if changed == 0 {
                self.catalog.release_pages();
                current.release_pages();
                return Ok(Completed {
                    read: 0,
                    reused: total,
                    resumed: 0,
                    save_error: None,
                });
            }
        }
        if current.is_none() && !self.catalog.is_enriched() {
            // A cold build: the finder's data is made first, on its own,
            // and saved into the first index (the reader's finder reads it
            // from there), so the pass keeps it instead of making it at the
            // end, and neither's memory comes on top of the other's.
            let _ = self.save_finder_data();
        }
        // What a cancelled pass over this same first index had learnt (read
        // from a map of its file).
        let partial_file = match (&self.source, &self.index_file) {
            (Source::Directory(_) | Source::Dump(_), Some(index_file)) => {
                Some(partial::path_for(index_file))
            }
            _ => None,
        };
        // A dump's pages have no stamps: the first index they were found by
        // (its identity covers the dump's size and time) says they are the same.
        let stamped = matches!(self.source, Source::Directory(_));
        let resumed = partial_file
            .as_deref()
            .and_then(|path| partial::load(path, self.first_index().identity(), total));
        let started = Instant::now();
        let done = AtomicUsize::new(0);
        let quick = AtomicUsize::new(0);
        // `count` more entries done, `quickly` of them without reading.
        let tell = |count: usize, quickly: usize| {
            quick.fetch_add(quickly, Ordering::Relaxed);
            let before = done.fetch_add(count, Ordering::Relaxed);
            let finished = before + count;
            if finished / RELEASE_EVERY != before / RELEASE_EVERY {
                // The titles and paths read so far come from a map of the
                // first index, and the facts reused from a map of the
                // earlier one: give their pages back as the pass goes.
                self.catalog.release_pages();
                if let Some(earlier) = &earlier {
                    earlier.release_pages();
                }
                if let Some(resumed) = &resumed {
                    resumed.release_pages();
                }
            }
            if finished / REPORT_EVERY != before / REPORT_EVERY || finished == total {
                progress(Progress {
                    done: finished,
                    total,
                    started,
                    quick: quick.load(Ordering::Relaxed),
                });
            }
        };
        // What is learnt is kept in a file beside the index while the pass
        // runs, not in memory (see `spill`).
        let spill = Spill::new(self.index_file.as_deref().and_then(std::path::Path::parent));
        let kept: Vec<Kept> = match self.dump_file() {
            Some(dump) if dump.kind == super::dump::DumpKind::Bzip2 => {
                self.stream_facts(dump, &tell, cancel, resumed.as_ref(), &spill)
            }
            _ => (0..total.div_ceil(RUN_LEN))
                .into_par_iter()
                .map(|run_at| {
                    let mut run = LearntRun::default();
                    for id in run_at * RUN_LEN..total.min((run_at + 1) * RUN_LEN) {
                        if cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let resumed = resumed.as_ref().and_then(|known| known.get(id));
                        let facts = self.facts_of(
                            id,
                            earlier.as_deref(),
                            current.is_some(),
                            resumed.as_ref(),
                        );
                        tell(1, usize::from(!facts.read));
                        facts.push_to(&mut run, id);
                    }
                    spill.keep(run.to_bytes())
                })
                .collect(),
        };
        let spilled = spill.read(kept);
        let runs = spilled.runs();
        drop(resumed);
        // What the pass's threads freed as they read (their scratch) goes
        // back to the system before the sections are made.
        crate::background::give_back_memory();
        if cancel.load(Ordering::Relaxed) {
            // Keep what was learnt, so the next pass need not learn it again.
            if let Some(path) = &partial_file
                && current.is_none()
            {
                let mut known = runs
                    .iter()
                    .flat_map(RunView::entries)
                    .filter(|entry| !stamped || entry.stamp != (0, 0))
                    .map(|entry| {
                        let known = partial::Known {
                            stamp: entry.stamp,
                            redirect: entry.redirect.map(str::to_string),
                            aliases: entry.aliases.iter().map(|a| a.to_string()).collect(),
                        };
                        (entry.id, known)
                    })
                    .peekable();
                if known.peek().is_some() {
                    let _ = partial::save(
                        path,
                        // The first index on disk now (the finder's data
                        // may have been saved into it since the start).
                        self.first_index().identity(),
                        total,
                        known,
                    );
                }
            }
            return Err(Cancelled);
        }
        // Not cancelled: every entry has its facts (an unread one would
        // count as nothing known).
        let (read, resumed) = runs
            .iter()
            .map(RunView::counts)
            .fold((0, 0), |(r, s), (read, resumed)| (r + read, s + resumed));
        let mut report = Completed {
            read,
            reused: total - read - resumed,
            resumed,
            save_error: None,
        };
        if current.is_some() && read == 0 {
            return Ok(report); // nothing changed since the index was saved
        }
        // The first index is extended as it is, keeping the finder's keys
        // saved into it before the pass (made here, after the pass's
        // sections, only when they could not be saved: no cache); so is an
        // enriched index whose files changed since it was made, its earlier
        // second-pass names left out so that they do not pile up.
        let first = self.first_index();
        match super::catalog::build::extend(&first, &runs, &spilled) {
            Ok(built) if built.has_finder_keys() => self.keep(&built, &mut report),
            Ok(built) => {
                // What the pass's threads let go of goes back to the system
                // before the finder's keys are made (the pass's highest point).
                crate::background::give_back_memory();
                let (keys, pairs) = self.make_finder_data();
                self.keep(&built.with_finder(keys.into(), pairs.into()), &mut report);
            }
            Err(error) => report.save_error = Some(error),
        }
        if let Some(path) = &partial_file {
            partial::remove(path);
        }
        // The pass read every title of the first index once.
        self.catalog.release_pages();
        Ok(report)
    }

    /// Saves a newly completed index where the cache keeps it (a failure
    /// goes in `report`) and makes it the corpus's complete index.
    fn keep(&self, built: &super::catalog::build::BuiltIndex<'_>, report: &mut Completed) {
        // One save at a time: the finder's data is never saved over this.
        let _saving = self.saving.lock().unwrap_or_else(|p| p.into_inner());
        // Saved straight from its parts, then read back through a map (the
        // pages are the kernel's to drop): a big corpus's index is never
        // whole in this process's memory.
        // The map is of the file this wrote, whatever another reader of the
        // corpus saved at its path since.
        let saved = self.index_file.as_ref().map(|path| {
            store::save_and_open(path, &mut |out| built.write_to(out))
                .map_err(|err| format!("{}: {err}", path.display()))
        });
        let catalog = match saved {
            Some(Ok(opened)) => opened.ok(),
            saved => {
                if let Some(Err(error)) = saved {
                    report.save_error = Some(error);
                }
                Catalog::open(IndexBytes::Owned(built.to_bytes())).ok()
            }
        };
        if let Some(catalog) = catalog {
            *self.complete.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(catalog));
        }
    }

    /// The second-pass facts of entry `id`: reused from `earlier` when its
    /// file's stamp is the same there, else read from its head.
    fn facts_of(
        &self,
        id: usize,
        earlier: Option<&Catalog>,
        same_entries: bool,
        resumed: Option<&partial::Known>,
    ) -> Facts {
        let Some(entry) = self.entry(id) else {
            return Facts::default();
        };
        let stamp = match &self.source {
            Source::Directory(root) => std::fs::metadata(root.join(entry.path))
                .map(|m| (m.len(), super::fingerprint::modified_ns(&m)))
                .unwrap_or((0, 0)),
            Source::BuiltIn | Source::Dump(_) => (0, 0),
        };
        let unchanged = |known: &partial::Known| match &self.source {
            Source::Directory(_) => stamp != (0, 0) && known.stamp == stamp,
            Source::Dump(_) => true,
            Source::BuiltIn => false,
        };
        if let Some(known) = resumed
            && unchanged(known)
        {
            return Facts::resumed(known, stamp);
        }
        if let Some(earlier) = earlier {
            let earlier_id = if same_entries {
                Some(id)
            } else {
                earlier
                    .find_title_key(&title_key(entry.title))
                    .filter(|&e| earlier.path(e) == entry.path)
            };
            if let Some(e) = earlier_id
                && stamp != (0, 0)
                && earlier.stamp(e) == Some(stamp)
            {
                return Facts {
                    redirect: earlier.redirect(e).map(str::to_string),
                    stamp,
                    aliases: earlier.aliases_of(e).map(str::to_string).collect(),
                    read: false,
                    resumed: false,
                };
            }
        }
        let read = match &self.source {
            Source::Dump(_) => self.read_source(id),
            _ => self
                .read_head(id, LEAD_BYTES)
                .map(|head| (head, entry.format)),
        };
        let Ok((head, format)) = read else {
            return Facts {
                stamp,
                read: true,
                ..Facts::default()
            };
        };
        let known = self.catalog.redirect(id).map(str::to_string);
        Facts {
            stamp,
            ..facts_of_text(&head, entry.title, format, known)
        }
    }

    /// The second pass over a bzip2 dump: stream by stream (each stream
    /// decompressed once, for all its pages), on all cores.
    fn stream_facts(
        &self,
        dump: &super::from_dump::DumpFile,
        tell: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
        resumed: Option<&partial::Resumed>,
        spill: &Spill,
    ) -> Vec<Kept> {
        use rayon::prelude::*;
        let total = self.len();
        let mut order: Vec<usize> = (0..total).collect();
        order.sort_by_key(|&id| self.catalog.location(id).0);
        let mut streams: Vec<(u64, Vec<usize>)> = Vec::new();
        for id in order {
            let offset = self.catalog.location(id).0;
            match streams.last_mut() {
                Some((last, ids)) if *last == offset => ids.push(id),
                _ => streams.push((offset, vec![id])),
            }
        }
        let unreadable = || Facts {
            read: true,
            ..Facts::default()
        };
        // Each stream's pages are one run; every entry is in one stream.
        streams
            .par_iter()
            .map(|(offset, ids)| {
                let mut run = LearntRun::default();
                if cancel.load(Ordering::Relaxed) {
                    return run;
                }
                // A stream a cancelled pass had read whole is not read again.
                let known: Option<Vec<partial::Known>> =
                    resumed.and_then(|resumed| ids.iter().map(|&id| resumed.get(id)).collect());
                if let Some(known) = known {
                    tell(ids.len(), ids.len());
                    for (&id, known) in ids.iter().zip(&known) {
                        Facts::resumed(known, known.stamp).push_to(&mut run, id);
                    }
                    return run;
                }
                // The stream's pages are read one at a time (never the whole
                // stream in memory), each kept as the facts of its entry.
                let page_ids: Vec<u64> =
                    ids.iter().map(|&id| self.catalog.location(id).1).collect();
                let mut found: Vec<Option<Facts>> = ids.iter().map(|_| None).collect();
                super::dump::multistream::each_page_in_stream(&dump.file, *offset, &mut |page| {
                    let Some(place) = page_ids.iter().position(|&wanted| wanted == page.id) else {
                        return;
                    };
                    if found[place].is_some() {
                        return;
                    }
                    let id = ids[place];
                    let format = if page.markdown {
                        Format::Markdown
                    } else {
                        Format::Wikitext
                    };
                    let head = &page.text.as_bytes()[..page.text.len().min(LEAD_BYTES)];
                    found[place] = Some(facts_of_text(
                        head,
                        self.catalog.title(id),
                        format,
                        page.redirect.clone(),
                    ));
                });
                for (&id, facts) in ids.iter().zip(found) {
                    facts.unwrap_or_else(unreadable).push_to(&mut run, id);
                }
                tell(ids.len(), 0);
                run
            })
            .map(|run| spill.keep(run.to_bytes()))
            .collect()
    }
}

/// What the head of an article's text says: its redirect (given, or from
/// `#REDIRECT`) and, when it is no redirect, its lead's bold names.
fn facts_of_text(head: &[u8], title: &str, format: Format, known: Option<String>) -> Facts {
    let redirect = known.or_else(|| match format {
        Format::Wikitext => {
            scan::redirect_target(&String::from_utf8_lossy(&head[..head.len().min(1024)]))
        }
        Format::Markdown => None,
    });
    let aliases = if redirect.is_some() {
        Vec::new()
    } else {
        document::parse_bytes(head, title, format).aliases
    };
    Facts {
        redirect,
        stamp: (0, 0),
        aliases,
        read: true,
        resumed: false,
    }
}
