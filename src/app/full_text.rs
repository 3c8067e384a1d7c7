//! The corpus's full-text index as the reader uses it: opened and brought
//! up to date on a thread of its own once the corpus's second pass is done
//! (at the background's priority, cancelled at the quit with what it had
//! done committed), and searched on another thread where the newest query
//! wins, so the interface never waits for either. The finder's `/` scope
//! reads its answers. Nothing here draws.

use crate::corpus::Corpus;
use crate::search::build::{BuildProgress, Built};
use crate::search::{Results, SearchError, SearchIndex};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How many results a full-text search returns to the finder.
pub const RESULT_LIMIT: usize = 60;

/// What the build thread says.
enum BuildEvent {
    Opened(Arc<SearchIndex>),
    Progress(BuildProgress),
    Done(Result<Built, String>),
}

/// What the finder asks of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Articles whose text holds these words.
    Text(String),
    /// Articles linking to the article at `path` titled `title`, their
    /// titles holding `filter` (folded).
    LinksTo {
        path: String,
        title: String,
        filter: String,
    },
    /// Articles in the category `name`, after its subcategories and the
    /// other categories whose name holds `name`.
    Members(String),
    /// The first [`BACKLINKS_SHOWN`] articles linking to the article at
    /// `path` titled `title`, for the sidebar.
    Backlinks { path: String, title: String },
}

/// How many articles linking here the sidebar lists.
pub const BACKLINKS_SHOWN: usize = 200;

impl Ask {
    /// The answer of `index`.
    pub fn answer(&self, index: &SearchIndex) -> Result<Results, String> {
        let listing = |rows: Vec<(String, String)>| Results {
            total: rows.len(),
            hits: rows
                .into_iter()
                .map(|(path, title)| crate::search::Found {
                    title,
                    path,
                    score: 0.0,
                    snippet: Default::default(),
                })
                .collect(),
            ..Results::default()
        };
        // The first rows of a long list, and the count of all of it.
        let counted = |(rows, total): (Vec<(String, String)>, usize)| Results {
            total,
            ..listing(rows)
        };
        let first_links = |path: &str, title: &str, limit: usize| {
            index
                .links_to_at_most(path, &[title], limit)
                .map(counted)
                .map_err(|e| e.to_string())
        };
        match self {
            Ask::Text(query) => index.search(query, RESULT_LIMIT).map_err(|e| e.to_string()),
            // Nothing to filter: the first of them and the count, as the
            // sidebar asks (a whole list of 700 000 titles takes seconds).
            Ask::LinksTo {
                path,
                title,
                filter,
            } if filter.trim().is_empty() => first_links(path, title, RESULT_LIMIT),
            Ask::LinksTo {
                path,
                title,
                filter,
            } => {
                let wanted = crate::finder::fold::fold(filter.trim());
                let rows = index
                    .links_to(path, &[title.as_str()])
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .filter(|(_, t)| crate::finder::fold::fold(t).contains(&wanted))
                    .collect();
                Ok(listing(rows))
            }
            Ask::Members(name) => {
                let name = name.trim();
                // Categories to list in turn: its subcategories, then the
                // others whose name holds what was typed (every one, by
                // name, for a bare `=`).
                let mut categories = if name.is_empty() {
                    Vec::new()
                } else {
                    index.subcategories(name).map_err(|e| e.to_string())?
                };
                let own = crate::wiki::titles::title_key(name);
                let related = index
                    .category_names(name, RESULT_LIMIT)
                    .map_err(|e| e.to_string())?;
                for other in related {
                    if other != own && !categories.contains(&other) {
                        categories.push(other);
                    }
                }
                let members = if name.is_empty() {
                    (Vec::new(), 0)
                } else {
                    index
                        .category_members_at_most(name, RESULT_LIMIT)
                        .map_err(|e| e.to_string())?
                };
                Ok(Results {
                    subcategories: categories,
                    ..counted(members)
                })
            }
            Ask::Backlinks { path, title } => first_links(path, title, BACKLINKS_SHOWN),
        }
    }
}

/// The index's answer, for the finder's query line of the same generation.
#[derive(Debug)]
pub struct TextResponse {
    pub generation: u64,
    /// The finder's whole query line it answers.
    pub query: String,
    pub results: Result<Results, String>,
}

/// The full-text index, its build and its searches.
#[derive(Default)]
pub struct FullText {
    index: Option<Arc<SearchIndex>>,
    events: Option<Receiver<BuildEvent>>,
    cancel: Canceller,
    /// The latest progress of the build, while it runs.
    pub progress: Option<BuildProgress>,
    /// Why there is no index, or why the build stopped.
    pub error: Option<String>,
    /// The build finished (the index holds every article).
    pub complete: bool,
    searches: Option<Searches>,
    /// Answers the sidebar's question (links here) apart from the finder's.
    sidebar: Option<Searches>,
    /// When the query shown was last asked again during the build.
    refreshed: Option<std::time::Instant>,
}

impl std::fmt::Debug for FullText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FullText")
            .field("index", &self.index.is_some())
            .field("complete", &self.complete)
            .finish()
    }
}

impl FullText {
    /// Opens `corpus`'s full-text index and brings it up to date, on a
    /// thread of its own; the build waits until the corpus's second pass is
    /// done. `notify` is called when there is news.
    pub fn start(
        corpus: Arc<Corpus>,
        notify: Arc<dyn Fn() + Send + Sync>,
    ) -> std::io::Result<FullText> {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let searches = Searches::start(Arc::clone(&notify))?;
        let sidebar = Searches::start(Arc::clone(&notify))?;
        std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || build_thread(&corpus, &sender, &stop, &*notify))?;
        Ok(FullText {
            events: Some(receiver),
            cancel: Canceller(cancel),
            searches: Some(searches),
            sidebar: Some(sidebar),
            ..FullText::default()
        })
    }

    /// A full-text index already built (tests): searched as it is asked.
    pub fn ready(index: SearchIndex) -> FullText {
        FullText {
            index: Some(Arc::new(index)),
            complete: true,
            ..FullText::default()
        }
    }

    /// A full-text index whose build stopped with `error` (tests): what it
    /// holds is searched, and the finder says it is incomplete.
    pub fn stopped(index: SearchIndex, error: String) -> FullText {
        FullText {
            index: Some(Arc::new(index)),
            error: Some(error),
            ..FullText::default()
        }
    }

    /// Takes the build's news; true when something shown changed.
    pub fn poll(&mut self) -> bool {
        let Some(events) = &self.events else {
            return false;
        };
        let mut changed = false;
        loop {
            match events.try_recv() {
                Ok(BuildEvent::Opened(index)) => {
                    self.index = Some(index);
                    changed = true;
                }
                Ok(BuildEvent::Progress(progress)) => {
                    self.progress = Some(progress);
                    changed = true;
                }
                Ok(BuildEvent::Done(outcome)) => {
                    match outcome {
                        Ok(_) => self.complete = true,
                        Err(error) => self.error = Some(error),
                    }
                    self.progress = None;
                    self.events = None;
                    return true;
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    self.progress = None;
                    self.events = None;
                    return true;
                }
            }
        }
    }

    /// Why the build stopped before the index held every article (a full
    /// disk, a damaged file), when it did.
    pub fn stopped_by(&self) -> Option<&str> {
        self.error
            .as_deref()
            .filter(|_| !self.complete && !self.is_building())
    }

    /// The build is still running.
    pub fn is_building(&self) -> bool {
        self.events.is_some()
    }

    /// How far the build has got, in percent (0 before it starts).
    pub fn percent(&self) -> usize {
        self.progress.map_or(0, |p| {
            (p.done * 100).checked_div(p.total).unwrap_or(100).min(100)
        })
    }

    /// True at most once a second while the build runs: time to ask the
    /// query shown again, of an index that has grown.
    pub fn due_for_refresh(&mut self) -> bool {
        let now = std::time::Instant::now();
        match self.refreshed {
            Some(at) if now.duration_since(at) < Duration::from_secs(1) => false,
            _ => {
                self.refreshed = Some(now);
                true
            }
        }
    }

    /// Asks the build to stop and waits, at most `wait`, for it to commit
    /// what it has done.
    pub fn stop(&mut self, wait: Duration) {
        self.cancel.0.store(true, Ordering::Relaxed);
        let Some(events) = self.events.take() else {
            return;
        };
        let deadline = std::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match events.recv_timeout(left) {
                Ok(BuildEvent::Done(_)) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    }

    /// Asks `ask` for the finder's query line `query`: on the search
    /// thread when there is one (the answer comes through
    /// [`FullText::try_receive`]), else now.
    pub fn submit(&self, query: &str, ask: Ask) -> Option<TextResponse> {
        let Some(index) = &self.index else {
            return Some(TextResponse {
                generation: 0,
                query: query.to_string(),
                results: Err(self.error.clone().unwrap_or_default()),
            });
        };
        match &self.searches {
            Some(searches) => {
                searches.submit(Arc::clone(index), query, ask);
                None
            }
            None => Some(TextResponse {
                generation: 0,
                query: query.to_string(),
                results: ask.answer(index),
            }),
        }
    }

    /// Asks which articles link to the one at `path`, for the sidebar:
    /// answered now without a thread (tests), else through
    /// [`FullText::try_receive_backlinks`]. `None` without an index.
    pub fn ask_backlinks(&self, path: &str, title: &str) -> Option<TextResponse> {
        let index = self.index.as_ref()?;
        let ask = Ask::Backlinks {
            path: path.to_string(),
            title: title.to_string(),
        };
        match &self.sidebar {
            Some(sidebar) => {
                sidebar.submit(Arc::clone(index), path, ask);
                None
            }
            None => Some(TextResponse {
                generation: 0,
                query: path.to_string(),
                results: ask.answer(index),
            }),
        }
    }

    /// The newest answer about links here, if it came.
    pub fn try_receive_backlinks(&self) -> Option<TextResponse> {
        self.sidebar.as_ref()?.try_receive()
    }

    /// The newest answer of the search thread, if it came.
    pub fn try_receive(&self) -> Option<TextResponse> {
        self.searches.as_ref()?.try_receive()
    }

    /// The index is open (perhaps still being brought up to date).
    pub fn is_open(&self) -> bool {
        self.index.is_some()
    }
}

/// Stops the build when the reader lets go of it.
#[derive(Default)]
struct Canceller(Arc<AtomicBool>);

impl Drop for Canceller {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn build_thread(
    corpus: &Arc<Corpus>,
    sender: &Sender<BuildEvent>,
    cancel: &AtomicBool,
    notify: &(dyn Fn() + Send + Sync),
) {
    let index = match SearchIndex::for_corpus(corpus) {
        Ok(index) => Arc::new(index),
        Err(error) => {
            let _ = sender.send(BuildEvent::Done(Err(error.to_string())));
            notify();
            return;
        }
    };
    let _ = sender.send(BuildEvent::Opened(Arc::clone(&index)));
    notify();
    // Links resolve through redirects, and files' stamps are known, once
    // the corpus's second pass is done.
    while !corpus.is_complete() {
        if cancel.load(Ordering::Relaxed) {
            let _ = sender.send(BuildEvent::Done(Err(SearchError::Cancelled.to_string())));
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let outcome = crate::background::run(|| {
        crate::search::build::update(
            &index,
            corpus,
            &|progress| {
                let _ = sender.send(BuildEvent::Progress(progress));
            },
            cancel,
        )
    });
    crate::background::give_back_memory();
    let _ = sender.send(BuildEvent::Done(outcome.map_err(|e| e.to_string())));
    notify();
}

/// The search thread: the newest query wins.
struct Searches {
    requests: Sender<(u64, Arc<SearchIndex>, String, Ask)>,
    responses: Receiver<TextResponse>,
    newest: Arc<AtomicU64>,
    last: Mutex<u64>,
}

impl Searches {
    fn start(notify: Arc<dyn Fn() + Send + Sync>) -> std::io::Result<Searches> {
        let (requests, inbox) = channel::<(u64, Arc<SearchIndex>, String, Ask)>();
        let (outbox, responses) = channel();
        let newest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&newest);
        std::thread::Builder::new()
            .name("full-text-search".into())
            .spawn(move || {
                while let Ok(mut request) = inbox.recv() {
                    // Only the newest of the queued queries is answered.
                    while let Ok(newer) = inbox.try_recv() {
                        request = newer;
                    }
                    let (generation, index, query, ask) = request;
                    if generation < seen.load(Ordering::Relaxed) {
                        continue;
                    }
                    let results = ask.answer(&index);
                    if outbox
                        .send(TextResponse {
                            generation,
                            query,
                            results,
                        })
                        .is_err()
                    {
                        return;
                    }
                    notify();
                    // Once answered, the pages of the index it read and the
                    // memory it freed stop counting as the reader's (the
                    // kernel's cache keeps the pages for the next search).
                    index.release_pages();
                    crate::background::give_back_this_threads_memory();
                }
            })?;
        Ok(Searches {
            requests,
            responses,
            newest,
            last: Mutex::new(0),
        })
    }

    fn submit(&self, index: Arc<SearchIndex>, query: &str, ask: Ask) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        *last += 1;
        self.newest.store(*last, Ordering::Relaxed);
        let _ = self.requests.send((*last, index, query.to_string(), ask));
    }

    fn try_receive(&self) -> Option<TextResponse> {
        let newest = self.newest.load(Ordering::Relaxed);
        let mut found = None;
        while let Ok(response) = self.responses.try_recv() {
            if response.generation == newest {
                found = Some(response);
            }
        }
        found
    }
}
