//! The finder's article previews, read on a thread of their own.
//!
//! An article's preview is the first paragraph of its lead: in a dump that
//! means decompressing the stream of a hundred pages it sits in (some
//! 15 ms), in a directory a file read that a slow disk can stall. Read on
//! the interface thread, it held up every keystroke's screen. Here each
//! request carries a generation; a newer one makes older ones queued
//! behind it be skipped, and only the newest answer is taken. This module
//! never decides which result is previewed, nor how a preview is drawn.

use super::finder::lead_text;
use crate::corpus::{ArticleId, Corpus};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// A lead's preview text, for the request of the same generation.
#[derive(Debug)]
pub struct Ready {
    pub generation: u64,
    pub target: ArticleId,
    pub text: String,
}

/// The preview thread and the channels to it.
pub struct Previewer {
    requests: Sender<(u64, ArticleId)>,
    responses: Receiver<Ready>,
    latest: Arc<AtomicU64>,
}

impl Previewer {
    /// Starts the thread over `corpus`; it calls `notify` after each
    /// answer it sends, and ends when the previewer is dropped.
    pub fn spawn(corpus: Arc<Corpus>, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (requests, incoming) = channel::<(u64, ArticleId)>();
        let (outgoing, responses) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("finder-preview".into())
            .spawn(move || {
                while let Ok(mut request) = incoming.recv() {
                    while let Ok(newer) = incoming.try_recv() {
                        request = newer;
                    }
                    let (generation, target) = request;
                    if newest.load(Ordering::SeqCst) != generation {
                        continue;
                    }
                    let text = lead_text(&corpus, target);
                    if outgoing
                        .send(Ready {
                            generation,
                            target,
                            text,
                        })
                        .is_err()
                    {
                        return;
                    }
                    notify();
                }
            })?;
        Ok(Previewer {
            requests,
            responses,
            latest,
        })
    }

    /// Asks for the preview of `target`; earlier requests are dropped.
    pub fn request(&self, target: ArticleId) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        // A send fails only when the thread is gone: the preview then
        // stays empty, which is all it costs.
        let _ = self.requests.send((generation, target));
        generation
    }

    /// The answer to the newest request, if it has come.
    pub fn try_receive(&self) -> Option<Ready> {
        let mut newest = None;
        while let Ok(ready) = self.responses.try_recv() {
            newest = Some(ready);
        }
        newest.filter(|r| r.generation == self.latest.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_preview_is_taken() {
        let corpus = Arc::new(Corpus::builtin());
        let (told, announcements) = channel::<()>();
        let previewer = Previewer::spawn(Arc::clone(&corpus), move || {
            let _ = told.send(());
        })
        .expect("thread");
        let first = corpus.resolve_title("伊犁危機").expect("article");
        let second = corpus.resolve_title("苏联入侵新疆").expect("article");
        previewer.request(first);
        let newest = previewer.request(second);
        let ready = loop {
            announcements
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("an answer");
            if let Some(ready) = previewer.try_receive() {
                break ready;
            }
        };
        assert_eq!((ready.generation, ready.target), (newest, second));
        assert!(ready.text.contains("苏联"), "{}", ready.text);
    }
}
