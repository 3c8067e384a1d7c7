//! Articles opened on a thread of their own: reading one (a file on a slow
//! disk, a dump's stream of a hundred pages), parsing it and laying it out
//! never holds the interface. Each request carries a generation; a newer
//! one makes older ones queued behind it be skipped, and only the newest
//! answer is taken. This module never decides which article is opened nor
//! what happens once it is (that is `App`).

use super::page::Page;
use crate::corpus::{ArticleId, Corpus, CorpusError};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// How many redirects are followed before giving up.
const MAX_REDIRECTS: usize = 8;

/// An article read and laid out, for the request of the same generation.
pub struct Opened {
    pub generation: u64,
    pub page: Result<Page, CorpusError>,
}

/// The opening thread and the channels to it.
pub struct Opener {
    requests: Sender<(u64, ArticleId, usize)>,
    answers: Receiver<Opened>,
    latest: Arc<AtomicU64>,
}

impl Opener {
    /// Starts the thread over `corpus`; it calls `notify` after each
    /// answer, and ends when the opener is dropped.
    pub fn spawn(corpus: Arc<Corpus>, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (requests, incoming) = channel::<(u64, ArticleId, usize)>();
        let (outgoing, answers) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("article-open".into())
            .spawn(move || {
                while let Ok(mut request) = incoming.recv() {
                    while let Ok(newer) = incoming.try_recv() {
                        request = newer;
                    }
                    let (generation, id, width) = request;
                    if newest.load(Ordering::SeqCst) != generation {
                        continue;
                    }
                    let page = open_page(&corpus, id, width);
                    if outgoing.send(Opened { generation, page }).is_err() {
                        return;
                    }
                    notify();
                }
            })?;
        Ok(Opener {
            requests,
            answers,
            latest,
        })
    }

    /// Asks for article `id` laid out at `width`; earlier requests are
    /// dropped. The generation to expect.
    pub fn request(&self, id: ArticleId, width: usize) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.requests.send((generation, id, width));
        generation
    }

    /// The answer to the newest request, if it has come.
    pub fn try_receive(&self) -> Option<Opened> {
        let mut newest = None;
        while let Ok(opened) = self.answers.try_recv() {
            newest = Some(opened);
        }
        newest.filter(|o| o.generation == self.latest.load(Ordering::SeqCst))
    }
}

/// Article `id` (its redirects followed, at most [`MAX_REDIRECTS`])
/// read and laid out at `width`.
pub fn open_page(corpus: &Corpus, mut id: ArticleId, width: usize) -> Result<Page, CorpusError> {
    for _ in 0..MAX_REDIRECTS {
        let next = corpus
            .article(id)
            .ok()
            .and_then(|article| article.redirect.clone())
            .and_then(|target| corpus.resolve_title(&target))
            .filter(|&next| next != id);
        match next {
            Some(next) => id = next,
            None => break,
        }
    }
    Page::open(corpus, id, width)
}
