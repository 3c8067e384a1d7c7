//! The finder's article previews, read on a thread of their own.
//!
//! An article's preview is the first paragraph of its lead: in a dump that
//! means decompressing the stream of a hundred pages it sits in (some
//! 15 ms), in a directory a file read that a slow disk can stall. Read on
//! the interface thread, it held up every keystroke's screen. Only the
//! newest request is answered (see `newest`). This module
//! never decides which result is previewed, nor how a preview is drawn.

use super::finder::lead_text;
use super::newest::Newest;
use crate::corpus::{ArticleId, Corpus};
use std::sync::Arc;

/// A lead's preview text, for the request of the same generation.
#[derive(Debug)]
pub struct Ready {
    pub generation: u64,
    pub target: ArticleId,
    pub text: String,
}

/// The preview thread.
pub struct Previewer(Newest<ArticleId, (ArticleId, String)>);

impl Previewer {
    /// Starts the thread over `corpus`; it calls `notify` after each
    /// answer it sends, and ends when the previewer is dropped.
    pub fn spawn(corpus: Arc<Corpus>, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let read = move |target| (target, lead_text(&corpus, target));
        Ok(Previewer(Newest::spawn("finder-preview", read, notify)?))
    }

    /// Asks for the preview of `target`; earlier requests are dropped.
    pub fn request(&self, target: ArticleId) -> u64 {
        self.0.request(target)
    }

    /// The answer to the newest request, if it has come.
    pub fn try_receive(&self) -> Option<Ready> {
        let (generation, (target, text)) = self.0.try_receive()?;
        Some(Ready {
            generation,
            target,
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

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
