//! Articles opened on a thread of their own: reading one (a file on a slow
//! disk, a dump's stream of a hundred pages), parsing it and laying it out
//! never holds the interface. Only the newest request is answered (see
//! `newest`). This module never decides which article is opened nor
//! what happens once it is (that is `App`).

use super::newest::Newest;
use super::page::Page;
use crate::corpus::{ArticleId, Corpus, CorpusError};
use std::sync::Arc;

/// How many redirects are followed before giving up.
const MAX_REDIRECTS: usize = 8;

/// An article read and laid out, for the request of the same generation.
pub struct Opened {
    pub generation: u64,
    pub page: Result<Page, CorpusError>,
}

/// The opening thread.
pub struct Opener(Newest<(ArticleId, usize), Result<Page, CorpusError>>);

impl Opener {
    /// Starts the thread over `corpus`; it calls `notify` after each
    /// answer, and ends when the opener is dropped.
    pub fn spawn(corpus: Arc<Corpus>, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let open = move |(id, width)| open_page(&corpus, id, width);
        Ok(Opener(Newest::spawn("article-open", open, notify)?))
    }

    /// Asks for article `id` laid out at `width`; earlier requests are
    /// dropped. The generation to expect.
    pub fn request(&self, id: ArticleId, width: usize) -> u64 {
        self.0.request((id, width))
    }

    /// The answer to the newest request, if it has come.
    pub fn try_receive(&self) -> Option<Opened> {
        let (generation, page) = self.0.try_receive()?;
        Some(Opened { generation, page })
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
