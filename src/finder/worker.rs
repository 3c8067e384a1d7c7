//! Searching off the interface thread: the newest query wins.
//!
//! A [`Searcher`] owns one thread. Each request carries a generation number;
//! submitting a newer one makes the running search stop at its next check,
//! and requests queued behind it are skipped, so typing never waits for a
//! search and results never arrive out of order. The ranked results go out
//! as soon as they are known; when their count is still to settle (a broad
//! Latin query on a large index), a second response brings it. When a
//! query only adds characters to the one searched before, the search
//! narrows within the earlier matches; while the next keystroke is
//! awaited after a broad query, what may follow each match is worked out,
//! so that one more letter is counted at once. This module never decides
//! what is searched or shown.

use super::followers::Followers;
use super::index::Index;
use super::matcher::{Outcome, Preferences, Query, count, search_ranked};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

type Build = Box<dyn FnOnce() -> Index + Send>;

/// An index built the first time it is needed, by whichever thread needs
/// it first (the searcher's, so the interface never waits for it).
pub struct LazyIndex {
    built: OnceLock<Arc<Index>>,
    build: Mutex<Option<Build>>,
}

impl LazyIndex {
    /// An index that `build` makes when first asked for.
    pub fn new(build: impl FnOnce() -> Index + Send + 'static) -> LazyIndex {
        LazyIndex {
            built: OnceLock::new(),
            build: Mutex::new(Some(Box::new(build))),
        }
    }

    /// An index already built.
    pub fn ready(index: Index) -> LazyIndex {
        let built = OnceLock::new();
        let _ = built.set(Arc::new(index));
        LazyIndex {
            built,
            build: Mutex::new(None),
        }
    }

    /// The index, built now if it was not yet.
    pub fn get(&self) -> Arc<Index> {
        Arc::clone(self.built.get_or_init(|| {
            let build = self
                .build
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take();
            Arc::new(build.map_or_else(Index::default, |build| build()))
        }))
    }

    /// The index if it is built, without waiting.
    pub fn try_get(&self) -> Option<Arc<Index>> {
        self.built.get().map(Arc::clone)
    }
}

impl std::fmt::Debug for LazyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyIndex")
            .field("built", &self.built.get().map(|i| i.len()))
            .finish()
    }
}

/// One search to run.
#[derive(Clone)]
pub struct Request {
    /// Larger for newer requests; set by [`Searcher::submit`].
    pub generation: u64,
    pub index: Arc<LazyIndex>,
    pub query: String,
    pub preferences: Arc<Preferences>,
    pub limit: usize,
}

/// What a search found, for the request of the same generation.
#[derive(Debug)]
pub struct Response {
    pub generation: u64,
    pub index: Arc<Index>,
    /// The ranked results and their count (without the matched names,
    /// which the search thread keeps for narrowing).
    pub outcome: Outcome,
    /// True when this settles the count of results already sent for the
    /// same request: the hits are the same, the total now exact.
    pub recount: bool,
}

/// A search thread and the channels to it.
pub struct Searcher {
    requests: Sender<Request>,
    responses: Receiver<Response>,
    latest: Arc<AtomicU64>,
}

/// The last finished search, to narrow within. It does not keep its
/// index alive: a corpus's titles rebuilt (after indexing) leave the old
/// index to be freed at once, not at the next keystroke.
struct Previous {
    index: std::sync::Weak<Index>,
    preferences: Arc<Preferences>,
    query: Query,
    matched: Vec<u32>,
    /// What may follow each of `matched`, when they are exact and many.
    followers: Option<Followers>,
}

/// Matches from which their followers are worth working out between
/// keystrokes: fewer are checked one by one in about a millisecond. A
/// query of one letter is not followed: two letters are decided by the
/// letter pairs at once.
const FOLLOWERS_FROM: usize = 16_384;

impl Searcher {
    /// Starts the search thread (it ends when the searcher is dropped).
    pub fn spawn() -> std::io::Result<Searcher> {
        Searcher::spawn_notifying(|| {})
    }

    /// Starts the search thread, which calls `notify` after each response
    /// it sends, so an event loop can sleep until one comes.
    pub fn spawn_notifying(notify: impl Fn() + Send + 'static) -> std::io::Result<Searcher> {
        let (requests, incoming) = channel::<Request>();
        let (outgoing, responses) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("finder".into())
            .spawn(move || serve(&incoming, &outgoing, &newest, &notify))?;
        Ok(Searcher {
            requests,
            responses,
            latest,
        })
    }

    /// Queues `request` as the newest one; older ones stop.
    pub fn submit(&self, mut request: Request) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        request.generation = generation;
        // A send fails only if the thread is gone; the reader then simply
        // gets no results, which the finder shows.
        let _ = self.requests.send(request);
        generation
    }

    /// The newest finished response, if any arrived.
    pub fn try_receive(&self) -> Option<Response> {
        let mut newest = None;
        while let Ok(response) = self.responses.try_recv() {
            newest = Some(response);
        }
        newest.filter(|r: &Response| r.generation == self.latest.load(Ordering::SeqCst))
    }

    /// Waits for the response to the newest request, counted (for tests
    /// and scripts).
    pub fn receive_blocking(&self) -> Option<Response> {
        loop {
            let response = self.responses.recv().ok()?;
            if response.generation == self.latest.load(Ordering::SeqCst) && response.outcome.counted
            {
                return Some(response);
            }
        }
    }
}

fn serve(
    incoming: &Receiver<Request>,
    outgoing: &Sender<Response>,
    latest: &AtomicU64,
    notify: &dyn Fn(),
) {
    let mut previous: Option<Previous> = None;
    while let Ok(mut request) = incoming.recv() {
        while let Ok(newer) = incoming.try_recv() {
            request = newer;
        }
        let generation = request.generation;
        let stale = || latest.load(Ordering::SeqCst) != generation;
        if stale() {
            continue;
        }
        let index = request.index.get();
        let query = Query::new(&request.query);
        let earlier = previous.as_ref().filter(|p| {
            std::ptr::eq(p.index.as_ptr(), Arc::as_ptr(&index))
                && Arc::ptr_eq(&p.preferences, &request.preferences)
                && query.narrows(&p.query)
        });
        // One more letter after a query whose followers are known: its
        // matches are known exactly, and so is their count.
        let exact = earlier.and_then(|p| p.followers.as_ref()?.narrow(&p.matched, &query));
        let within = exact
            .as_deref()
            .or_else(|| earlier.map(|p| p.matched.as_slice()));
        let Some(mut outcome) = search_ranked(
            &index,
            &query,
            within,
            &request.preferences,
            request.limit,
            &stale,
        ) else {
            continue;
        };
        // Searched within its exact matches, the query's matches are
        // those (see `Outcome::matched`): counted already.
        if exact.is_some() {
            outcome.counted = true;
        }
        // The results go out at once; a count still to settle follows.
        let mut matched = Outcome {
            matched: std::mem::take(&mut outcome.matched),
            counted: outcome.counted,
            ..Outcome::default()
        };
        let first = Response {
            generation,
            index: Arc::clone(&index),
            outcome: outcome.clone(),
            recount: false,
        };
        if outgoing.send(first).is_err() {
            return;
        }
        notify();
        if !outcome.counted
            && count(&index, &query, &mut matched, &request.preferences, &stale).is_some()
        {
            outcome.total = matched.total;
            outcome.counted = true;
            let recount = Response {
                generation,
                index: Arc::clone(&index),
                outcome,
                recount: true,
            };
            if outgoing.send(recount).is_err() {
                return;
            }
            notify();
        }
        // Narrowing needs only a superset of the matches: an unsettled
        // count (a newer keystroke stopped it) leaves one. Followers need
        // the exact matches of a broad query (whose next count would take
        // a while to check), and are worked out while the next keystroke
        // is awaited.
        let followers = (matched.counted
            && matched.matched.len() >= FOLLOWERS_FROM
            && query.plain().is_some_and(|typed| typed.len() >= 2))
        .then(|| Followers::of(&index, &query, &matched.matched, &stale))
        .flatten();
        previous = Some(Previous {
            index: Arc::downgrade(&index),
            preferences: Arc::clone(&request.preferences),
            query,
            matched: matched.matched,
            followers,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::Item;
    use super::*;

    /// An index of `names`, each an article of its own, built when first
    /// searched.
    fn index_of<I>(names: impl FnOnce() -> I + Send + 'static) -> Arc<LazyIndex>
    where
        I: Iterator<Item = String>,
    {
        Arc::new(LazyIndex::new(|| Index::new(Item::articles(names()))))
    }

    /// `新` (xin) `many` times, `西…宁` (xi ning) 300 times, and 100 times
    /// `因西` (yin xi), which has the letter pairs of `xin` but not its
    /// letters in order: only a count that checks each name tells it apart.
    fn xin_names(many: usize) -> Arc<LazyIndex> {
        index_of(move || {
            (0..many)
                .map(|i| format!("新{i}"))
                .chain((0..300).map(|i| format!("西{i}宁")))
                .chain((0..100).map(|i| format!("因西{i}")))
        })
    }

    /// A request for `query` in `index`, ten results at most.
    fn request(index: &Arc<LazyIndex>, query: &str, preferences: &Arc<Preferences>) -> Request {
        Request {
            generation: 0,
            index: Arc::clone(index),
            query: query.into(),
            preferences: Arc::clone(preferences),
            limit: 10,
        }
    }

    fn titles() -> Arc<LazyIndex> {
        index_of(|| ["伊犁危機", "左宗棠", "新疆"].into_iter().map(String::from))
    }

    #[test]
    fn the_newest_request_is_answered() {
        let searcher = Searcher::spawn().expect("thread");
        let index = titles();
        let preferences = Arc::new(Preferences::default());
        for query in ["y", "yl", "ylw", "ylwj"] {
            searcher.submit(request(&index, query, &preferences));
        }
        let response = searcher.receive_blocking().expect("a response");
        assert_eq!(response.generation, 4);
        let names: Vec<_> = response
            .outcome
            .hits
            .iter()
            .map(|h| response.index.items().name(h.item))
            .collect();
        assert_eq!(names, ["伊犁危機"]);
        assert!(index.try_get().is_some());
    }

    #[test]
    fn an_index_replaced_is_not_kept_alive_by_the_search_thread() {
        let searcher = Searcher::spawn().expect("thread");
        let preferences = Arc::new(Preferences::default());
        let search = |index: &Arc<LazyIndex>, query: &str| {
            searcher.submit(request(index, query, &preferences));
            searcher.receive_blocking().expect("a response")
        };
        let old = titles();
        let old_index = Arc::downgrade(&old.get());
        drop(search(&old, "yl"));
        // The corpus's titles are rebuilt (its second pass is done) while
        // the reader is idle: nothing may keep the old index alive. The
        // search thread lets go of it once done with the search (it may
        // still be finishing when the response arrives).
        drop(old);
        let freed = (0..2000).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            old_index.upgrade().is_none()
        });
        assert!(freed, "the search thread keeps the old index alive");
    }

    #[test]
    fn each_response_is_announced_after_it_is_sent() {
        let (announced, announcements) = channel::<()>();
        let searcher = Searcher::spawn_notifying(move || {
            let _ = announced.send(());
        })
        .expect("thread");
        searcher.submit(Request {
            generation: 0,
            index: titles(),
            query: "ylwj".into(),
            preferences: Arc::new(Preferences::default()),
            limit: 10,
        });
        // The announcement comes after the response: once it is heard, the
        // response is there to take without waiting.
        announcements.recv().expect("an announcement");
        let response = searcher.try_receive().expect("the response, already sent");
        assert_eq!(response.generation, 1);
        assert!(response.outcome.counted);
    }

    #[test]
    fn results_come_first_and_their_count_follows() {
        // Enough names beginning with `xin` for them alone to rank.
        let index = xin_names(300);
        let searcher = Searcher::spawn().expect("thread");
        searcher.submit(Request {
            generation: 0,
            index,
            query: "xin".into(),
            preferences: Arc::new(Preferences::default()),
            limit: 10,
        });
        let first = searcher.responses.recv().expect("results");
        assert!(!first.recount && !first.outcome.counted);
        assert_eq!(first.outcome.total, 700, "at most");
        assert_eq!(first.outcome.hits.len(), 10);
        let second = searcher.responses.recv().expect("the count");
        assert!(second.recount && second.outcome.counted);
        assert_eq!(second.outcome.hits, first.outcome.hits);
        assert_eq!(second.outcome.total, 600);
    }

    #[test]
    fn one_more_letter_after_a_broad_query_is_counted_with_its_results() {
        // More than `FOLLOWERS_FROM` names match `xi`.
        let index = xin_names(20_000);
        let searcher = Searcher::spawn().expect("thread");
        let preferences = Arc::new(Preferences::default());
        let search = |query: &str| {
            searcher.submit(request(&index, query, &preferences));
        };
        // The followers of `xi` are worked out after its answer, while the
        // next keystroke is awaited (a keystroke sooner stops them: then
        // the count follows the results, as without them).
        let at_once = (0..20).any(|attempt| {
            search("xi");
            let broad = searcher.receive_blocking().expect("xi");
            assert_eq!(broad.outcome.total, 20_400);
            std::thread::sleep(std::time::Duration::from_millis(50 << attempt.min(4)));
            search("xin");
            let first = searcher.responses.recv().expect("results");
            assert_eq!(first.outcome.hits.len(), 10);
            if !first.outcome.counted {
                let second = searcher.responses.recv().expect("the count");
                assert_eq!(second.outcome.total, 20_300);
                return false;
            }
            assert!(!first.recount);
            assert_eq!(first.outcome.total, 20_300);
            true
        });
        assert!(at_once, "the count of `xin` never came with its results");
    }
}
