//! The corpus's second pass run in the background while the reader is in
//! use: a thread runs [`Corpus::complete`] and sends its progress here; the
//! reader shows it in the status bar and, when the pass is done, rebuilds
//! the finder's titles (redirects and aliases are known then). Quitting
//! cancels the pass. Nothing here draws or blocks.

use crate::corpus::Corpus;
use crate::corpus::enrich::{Completed, Progress};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What the indexing thread says.
#[derive(Debug)]
pub enum IndexEvent {
    Progress(Progress),
    /// The pass ended; `None` when it was cancelled.
    Done(Option<Completed>),
}

/// A second pass running in the background.
#[derive(Debug)]
pub struct Indexing {
    receiver: Receiver<IndexEvent>,
    cancel: Arc<AtomicBool>,
    /// The latest progress heard.
    pub progress: Option<Progress>,
}

impl Indexing {
    /// Starts the pass on a thread of its own (it uses every core, at a
    /// lower priority: see [`crate::background`]);
    /// `notify` is called once it has ended, so an event loop sleeping
    /// between progress reports hears of it at once.
    pub fn start(
        corpus: Arc<Corpus>,
        notify: impl Fn() + Send + 'static,
    ) -> std::io::Result<Indexing> {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("corpus-index".into())
            .spawn(move || {
                let progress_sender = sender.clone();
                // Lowered and on a pool of its own, so the reader and its
                // finder never wait for the pass.
                let outcome = crate::background::run(|| {
                    corpus.complete(
                        &move |progress| {
                            let _ = progress_sender.send(IndexEvent::Progress(progress));
                        },
                        &stop,
                    )
                });
                let _ = sender.send(IndexEvent::Done(outcome.ok()));
                crate::background::give_back_memory();
                notify();
            })?;
        Ok(Indexing {
            receiver,
            cancel,
            progress: None,
        })
    }

    /// Takes what the thread sent: `Some` with the outcome once it is done.
    pub fn poll(&mut self) -> (bool, Option<Option<Completed>>) {
        let mut changed = false;
        loop {
            match self.receiver.try_recv() {
                Ok(IndexEvent::Progress(progress)) => {
                    self.progress = Some(progress);
                    changed = true;
                }
                Ok(IndexEvent::Done(outcome)) => return (true, Some(outcome)),
                Err(TryRecvError::Empty) => return (changed, None),
                Err(TryRecvError::Disconnected) => return (true, Some(None)),
            }
        }
    }

    /// Asks the thread to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Stops the pass and waits, at most `wait`, for it to end: a
    /// cancelled pass saves what it had learnt (see
    /// [`crate::corpus::partial`]) so the next one resumes from there.
    pub fn stop(self, wait: std::time::Duration) {
        self.cancel();
        let deadline = std::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok(IndexEvent::Progress(_)) => continue,
                Ok(IndexEvent::Done(_)) | Err(_) => return,
            }
        }
    }
}

impl Drop for Indexing {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// `indexing 24% · 13 s left`, short enough for the status bar.
pub fn progress_label(progress: &Progress) -> String {
    let percent = (progress.done * 100)
        .checked_div(progress.total)
        .unwrap_or(100);
    use crate::i18n::Text;
    match progress.seconds_left() {
        Some(left) => crate::tr!(
            Text::IndexingLeft,
            percent,
            crate::cli::progress::duration_text(left)
        ),
        None => crate::tr!(Text::Indexing, percent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::tests::aliased_articles as articles;

    #[test]
    fn a_pass_stopped_at_the_quit_keeps_what_it_learnt() {
        // Enough files that the pass is still running when it is stopped.
        let dir = articles(8000);
        let cache = tempfile::tempdir().expect("cache");
        let corpus =
            Arc::new(Corpus::open_dir_with_cache(dir.path(), Some(cache.path())).expect("corpus"));
        let partial_file =
            crate::corpus::partial::path_for(corpus.index_file().expect("index saved"));
        let indexing = Indexing::start(Arc::clone(&corpus), || {}).expect("thread");
        // Quit once the pass has got somewhere.
        assert!(
            matches!(indexing.receiver.recv(), Ok(IndexEvent::Progress(_))),
            "the pass ended before any progress"
        );
        indexing.stop(std::time::Duration::from_secs(30));
        assert!(!corpus.is_complete());
        assert!(partial_file.exists(), "the pass kept what it had learnt");
    }

    #[test]
    fn a_background_pass_reports_and_completes_the_corpus() {
        let dir = articles(600);
        let corpus = Arc::new(Corpus::open_dir(dir.path()).expect("corpus"));
        let (ended, end) = std::sync::mpsc::channel();
        let mut indexing = Indexing::start(Arc::clone(&corpus), move || {
            let _ = ended.send(());
        })
        .expect("thread");
        // The end is announced after the outcome is sent: once heard, the
        // outcome is there to take.
        end.recv().expect("the end announced");
        let (_, outcome) = indexing.poll();
        let outcome = outcome.expect("the outcome, already sent");
        assert_eq!(outcome.map(|c| c.read), Some(600));
        assert!(indexing.progress.is_some(), "progress was reported");
        assert!(corpus.resolve_title("别名42").is_some());
        let label = progress_label(&Progress {
            done: 1,
            total: 4,
            started: std::time::Instant::now(),
            quick: 0,
        });
        assert_eq!(label, "indexing 25%");
    }
}
