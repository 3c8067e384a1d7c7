//! A worker thread that answers only the newest request: each request
//! carries a generation; requests queued behind a newer one are skipped,
//! and of the answers only the newest request's is taken. The article
//! opener and the finder's previewer are two of these. This module knows
//! nothing of what is asked.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// The thread and the channels to it.
pub struct Newest<Request, Answer> {
    requests: Sender<(u64, Request)>,
    answers: Receiver<(u64, Answer)>,
    latest: Arc<AtomicU64>,
}

impl<Request: Send + 'static, Answer: Send + 'static> Newest<Request, Answer> {
    /// Starts the thread `name`, which answers with `answer` and calls
    /// `notify` after each answer; it ends when this is dropped.
    pub fn spawn(
        name: &str,
        answer: impl Fn(Request) -> Answer + Send + 'static,
        notify: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        let (requests, incoming) = channel::<(u64, Request)>();
        let (outgoing, answers) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                while let Ok(mut request) = incoming.recv() {
                    while let Ok(newer) = incoming.try_recv() {
                        request = newer;
                    }
                    let (generation, request) = request;
                    if newest.load(Ordering::SeqCst) != generation {
                        continue;
                    }
                    if outgoing.send((generation, answer(request))).is_err() {
                        return;
                    }
                    notify();
                }
            })?;
        Ok(Newest {
            requests,
            answers,
            latest,
        })
    }

    /// Asks; earlier requests are dropped. The generation to expect.
    pub fn request(&self, request: Request) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        // A send fails only when the thread is gone: no answer comes.
        let _ = self.requests.send((generation, request));
        generation
    }

    /// The answer to the newest request, if it has come.
    pub fn try_receive(&self) -> Option<(u64, Answer)> {
        let mut newest = None;
        while let Ok(answer) = self.answers.try_recv() {
            newest = Some(answer);
        }
        newest.filter(|(generation, _)| *generation == self.latest.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_answer_is_taken() {
        let (told, news) = channel::<()>();
        let worker = Newest::spawn(
            "test",
            |n: u32| n * 2,
            move || {
                let _ = told.send(());
            },
        )
        .expect("a thread");
        worker.request(1);
        let newest = worker.request(2);
        let answer = loop {
            news.recv_timeout(std::time::Duration::from_secs(10))
                .expect("an answer");
            if let Some(answer) = worker.try_receive() {
                break answer;
            }
        };
        assert_eq!(answer, (newest, 4));
    }
}
