//! The reader's whole state and `App::update`, the one place it changes.
//! Drawing reads an `App` and never changes it; the event loop turns keys
//! into actions and calls `update`, `resize` or `type_char`.

use super::Action;
use super::finder::{Finder, RESULT_LIMIT, Scope};
use super::history::{History, Location};
use super::list_cursor::moved;
use super::page::Page;
use super::previews::Previewer;
use super::screen::{Areas, areas};
use super::search::Search;
use crate::corpus::{ArticleId, Corpus, Resolution};
use crate::finder::{Index, LazyIndex, Outcome, Request, Searcher};
use crate::i18n::Text;
use crate::layout::Target;
use ratatui::layout::Rect;
use std::sync::Arc;

/// The pane that receives keys when no popup is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Article,
    Footnotes,
    Sidebar,
}

/// Who takes the keyboard now: the layer on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The offer to resume a saved session: Enter resumes, any other key dismisses it.
    Resume,
    /// Link hints: letters pick a label, any other key closes them.
    Hints,
    /// The article search's query line.
    SearchLine,
    Finder,
    Help,
    Headings,
    Article,
    Footnotes,
    Sidebar,
}

/// What is done once an article asked for is shown.
#[derive(Debug, Clone)]
enum Then {
    /// Followed from `here`: recorded in the history.
    Visit(Option<Location>),
    /// Back, forward, or a saved place: its scroll and focus restored.
    GoTo(Location),
    /// Followed from `here` (a full-text result): recorded in the history,
    /// and the article searched for the text, at its first match.
    Search(Option<Location>, String),
}

/// A snapshot of what the screen shows (see `App::shown`).
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    page: Option<(ArticleId, usize, Option<usize>, usize, usize)>,
    pane: Pane,
    popup: Option<Popup>,
    #[allow(clippy::type_complexity)]
    finder: Option<(
        super::query_line::QueryLine,
        usize,
        usize,
        bool,
        usize,
        bool,
        super::finder::Preview,
    )>,
    panes: (Option<bool>, Option<bool>),
    selected: (usize, Option<u32>, usize),
    input: Option<super::query_line::QueryLine>,
    search: Option<(String, Option<usize>)>,
    hints: Option<String>,
    resume: bool,
    opening: bool,
    message: Option<String>,
    history: (usize, usize),
    size: Rect,
    help_lines: usize,
    quit: bool,
}

/// A window over the panes that takes the keys while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    /// The finder (its state is `App::finder`).
    Finder,
    /// The article's headings to jump to.
    Headings {
        selected: usize,
    },
}

/// Everything the reader shows and remembers.
pub struct App {
    corpus: Arc<Corpus>,
    page: Option<Page>,
    history: History,
    pane: Pane,
    popup: Option<Popup>,
    /// The finder's state while it is open.
    finder: Option<Finder>,
    /// The corpus titles' finder index, built on first use (by the search
    /// thread when there is one).
    titles: Arc<LazyIndex>,
    /// The corpus's second pass, while it runs in the background.
    indexing: Option<super::indexing::Indexing>,
    /// The full-text index, its build and its searches.
    full_text: super::full_text::FullText,
    /// Bookmarks and the trail of articles opened, and where they are kept
    /// (none in tests: nothing is written).
    notebook: super::notebook::Notebook,
    notebook_path: Option<std::path::PathBuf>,
    /// Visits not yet written (the trail is saved every few, and at the quit).
    unsaved_visits: usize,
    /// The query line being typed is a bookmark's note, not a search.
    note_input: bool,
    /// The article whose links here were asked of the full-text index.
    backlinks_asked: Option<String>,
    /// Searches for the finder off this thread; without one (tests), the
    /// finder searches as it is asked.
    searcher: Option<Searcher>,
    /// Reads the finder's article previews off this thread; without one
    /// (tests), a preview is read as it is asked for.
    previewer: Option<Previewer>,
    /// Opens articles off this thread; without one (tests), an article is
    /// opened as it is asked for.
    opener: Option<super::opener::Opener>,
    /// An article being opened by the opener, and what to do once it is.
    opening: Option<(u64, Then)>,
    /// Articles shown, most recent first.
    recent: Vec<ArticleId>,
    /// The user's choices for the sidebar and footnote pane (`None` = by size).
    sidebar_choice: Option<bool>,
    footnotes_choice: Option<bool>,
    /// Selected entity in the sidebar.
    sidebar_selected: usize,
    /// The footnote pane's selection, link and return place.
    footnotes: super::footnote_pane::FootnotePane,
    /// The search query being typed (`/`), shown on the status line: the
    /// same kind of line as the finder's query.
    input: Option<super::query_line::QueryLine>,
    /// The article search in effect: its matches are highlighted.
    search: Option<Search>,
    /// Link hints are shown; the letters typed so far.
    hints: Option<String>,
    /// While hints are shown: the article laid out with each label set
    /// before its link, so that no label hides a character.
    hint_layout: Option<crate::layout::Layout>,
    /// The keys of the keymap in use, for messages that name them.
    keys: super::key_names::KeyNames,
    /// How many lines the help popup has (set by whoever knows the keymap).
    help_lines: usize,
    /// A saved session offered at start: Enter resumes it, any other key dismisses it.
    resume: Option<super::session::Session>,
    /// A one-line message for the status bar.
    message: Option<String>,
    /// Text to put on the clipboard (the event loop sends it and clears it).
    clipboard: Option<String>,
    size: Rect,
    quit: bool,
}

impl App {
    /// A reader on `corpus`, showing `start` (or the first article).
    pub fn new(corpus: Arc<Corpus>, start: Option<ArticleId>, size: Rect) -> App {
        let titles = title_index(&corpus);
        let mut app = App {
            indexing: None,
            full_text: Default::default(),
            notebook: Default::default(),
            notebook_path: None,
            unsaved_visits: 0,
            note_input: false,
            backlinks_asked: None,
            corpus,
            page: None,
            history: History::default(),
            pane: Pane::Article,
            popup: None,
            finder: None,
            titles,
            searcher: None,
            previewer: None,
            opener: None,
            opening: None,
            recent: Vec::new(),
            sidebar_choice: None,
            footnotes_choice: None,
            sidebar_selected: 0,
            footnotes: Default::default(),
            input: None,
            search: None,
            hints: None,
            hint_layout: None,
            keys: super::key_names::KeyNames::of_default(),
            resume: None,
            help_lines: 0,
            message: None,
            clipboard: None,
            size,
            quit: false,
        };
        if !app.corpus.is_empty() {
            app.show(start.unwrap_or(0));
        }
        app
    }

    /// Makes a pane visible if it is hidden (`shown` tells from the areas,
    /// `choice` is the user's setting for it); false when it cannot fit.
    fn show_pane(
        &mut self,
        shown: fn(&Areas) -> bool,
        choice: fn(&mut App) -> &mut Option<bool>,
    ) -> bool {
        if shown(&self.areas()) {
            return true;
        }
        *choice(self) = Some(true);
        self.resize(self.size.width, self.size.height);
        if shown(&self.areas()) {
            return true;
        }
        *choice(self) = None;
        self.resize(self.size.width, self.size.height);
        false
    }

    /// Where the panes are now.
    pub fn areas(&self) -> Areas {
        areas(self.size, self.sidebar_choice, self.footnotes_choice)
    }

    /// The article pane's height in lines (at least 1).
    pub fn article_height(&self) -> usize {
        usize::from(self.areas().article.height).max(1)
    }

    fn article_width(&self) -> usize {
        usize::from(self.areas().article.width).max(1)
    }

    /// The terminal changed size: lay the article out again, keeping the place.
    fn resize(&mut self, width: u16, height: u16) {
        // Hint labels were placed for the old width.
        self.cancel_hints();
        self.size = Rect {
            x: 0,
            y: 0,
            width,
            height,
        };
        let (w, h) = (self.article_width(), self.article_height());
        if let Some(page) = &mut self.page {
            let focus_on_screen = page.focus.filter(|t| page.visible_targets(h).contains(t));
            page.relayout(w);
            let scroll = page.scroll;
            page.scroll_to(scroll, h);
            if let Some(target) = focus_on_screen {
                page.focus_target(target, h);
            }
            if let Some(search) = &mut self.search {
                *search = Search::new(&page.layout, &search.query);
            }
        }
    }

    /// Shows article `id` without touching history. A redirect page whose
    /// target is in the corpus shows the target (a dump's redirects are
    /// learnt when a page is opened, before its index is complete).
    fn show(&mut self, id: ArticleId) -> bool {
        let page = super::opener::open_page(&self.corpus, id, self.article_width());
        self.install(page)
    }

    /// Shows an article read and laid out (or says why it could not be).
    fn install(&mut self, page: Result<Page, crate::corpus::CorpusError>) -> bool {
        match page {
            Ok(mut page) => {
                // Laid out for the width of when it was asked for.
                page.relayout(self.article_width());
                let id = page.id;
                if let Some(target) = &page.article.redirect {
                    self.message = Some(crate::tr!(Text::RedirectOutside, target));
                }
                self.recent.retain(|&r| r != id);
                self.recent.insert(0, id);
                self.recent.truncate(RECENT_LIMIT);
                self.page = Some(page);
                self.sidebar_selected = 0;
                self.footnotes.release();
                self.search = None;
                self.hints = None;
                self.hint_layout = None;
                true
            }
            Err(err) => {
                self.message = Some(err.to_string());
                false
            }
        }
    }

    /// Uses the notebook kept in `path` (bookmarks and trail); a file
    /// that cannot be read is set aside and said so on the status line.
    pub fn use_notebook(&mut self, path: std::path::PathBuf) {
        let (notebook, problem) =
            super::notebook::load(&path, &super::session::corpus_id(&self.corpus));
        self.notebook = notebook;
        self.notebook_path = Some(path);
        // The article the reader opened on.
        self.note_visit();
        if problem.is_some() {
            self.message = problem;
        }
    }

    /// Writes the notebook (bookmarks and trail) where it is kept.
    pub fn save_notebook(&mut self) -> Result<(), String> {
        let Some(path) = &self.notebook_path else {
            return Ok(());
        };
        self.unsaved_visits = 0;
        super::notebook::save(path, &self.notebook)
            .map_err(|error| crate::tr!(Text::NotebookNotSaved, path.display(), error))
    }

    pub fn notebook(&self) -> &super::notebook::Notebook {
        &self.notebook
    }

    /// True while the query line takes a bookmark's note.
    pub fn is_note_input(&self) -> bool {
        self.note_input
    }

    /// Asks the full-text index which articles link to the one shown (the
    /// sidebar lists them when the answer comes).
    fn ask_backlinks(&mut self) {
        let Some(page) = &self.page else { return };
        let (path, title) = (page.path.clone(), page.article.title.clone());
        if !self.full_text.is_open() {
            return;
        }
        self.backlinks_asked = Some(path.clone());
        if let Some(response) = self.full_text.ask_backlinks(&path, &title) {
            self.show_backlinks(response);
        }
    }

    /// Keeps the sidebar's answer if it is about the article shown.
    fn show_backlinks(&mut self, response: super::full_text::TextResponse) -> bool {
        let corpus = Arc::clone(&self.corpus);
        let Some(page) = &mut self.page else {
            return false;
        };
        let Ok(results) = response.results else {
            return false;
        };
        if page.path != response.query {
            return false;
        }
        let rows = results
            .hits
            .iter()
            .filter_map(|hit| Some((corpus.id_of_entry_path(&hit.path)?, hit.title.clone())))
            .collect();
        page.backlinks = Some((rows, results.total));
        true
    }

    /// Notes the article now shown in the trail (saved every few visits).
    fn note_visit(&mut self) {
        const SAVE_EVERY: usize = 10;
        let Some(page) = &self.page else { return };
        let time = super::notebook::now();
        let title = page.article.title.clone();
        let path = page.path.clone();
        self.notebook.visit(&title, &path, time);
        self.unsaved_visits += 1;
        if self.unsaved_visits >= SAVE_EVERY
            && let Err(problem) = self.save_notebook()
        {
            self.message = Some(problem);
        }
    }

    /// Bookmarks the place being read, with `note`.
    fn add_bookmark(&mut self, note: &str) {
        let (Some(location), Some(page)) = (self.location(), &self.page) else {
            return;
        };
        let title = page.article.title.clone();
        self.notebook
            .bookmark(&title, location, note, super::notebook::now());
        self.message = Some(match self.save_notebook() {
            Ok(()) => crate::tr!(Text::Bookmarked, title),
            Err(problem) => problem,
        });
    }

    /// Opens an article picked at random (not a redirect, not the one on
    /// screen), recording where we were.
    fn open_random(&mut self) {
        use std::hash::{BuildHasher, Hasher};
        let count = self.corpus.len();
        let current = self.page.as_ref().map(|p| p.id);
        // Each RandomState is seeded afresh: a new number each time.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        let mut pick = None;
        for attempt in 0..32u64 {
            hasher.write_u64(attempt);
            let id = usize::try_from(hasher.finish() % count.max(1) as u64).unwrap_or(0);
            if Some(id) != current && self.corpus.redirect(id).is_none() {
                pick = Some(id);
                break;
            }
        }
        match pick {
            Some(id) => self.open(id),
            None => self.message = Some(crate::tr!(Text::NoOtherArticle)),
        }
    }

    /// Goes to article `id`, recording where we were, and searches it for
    /// `query` from its top (a full-text result).
    fn open_and_search(&mut self, id: ArticleId, query: String) {
        let here = self.location();
        if self.ask_to_open(id, Then::Search(here.clone(), query.clone())) {
            return;
        }
        if self.show(id) {
            self.then(Then::Search(here, query));
        }
    }

    /// Goes to article `id`, recording where we were.
    fn open(&mut self, id: ArticleId) {
        let here = self.location();
        if self.ask_to_open(id, Then::Visit(here.clone())) {
            return;
        }
        if self.show(id) {
            self.then(Then::Visit(here));
        }
    }

    /// Shows the article as written, then in Simplified, then in
    /// Traditional characters: the corpus parses in the new script and the
    /// article on screen is read again at the same place.
    fn cycle_script(&mut self) {
        use crate::document::reading_script::Script;
        let script = self.corpus.script().next();
        self.corpus.set_script(script);
        self.message = Some(match script {
            Script::AsWritten => crate::tr!(Text::ScriptAsWritten),
            Script::Simplified => crate::tr!(Text::ScriptSimplified),
            Script::Traditional => crate::tr!(Text::ScriptTraditional),
        });
        let (Some(location), Some(id)) = (self.location(), self.page.as_ref().map(|p| p.id)) else {
            return;
        };
        if self.ask_to_open(id, Then::GoTo(location.clone())) {
            return;
        }
        if self.show(id) {
            self.then(Then::GoTo(location));
        }
    }

    /// Asks the opener for article `id`, `then` to be done once it is
    /// shown; false when there is no opener (it is opened here and now).
    fn ask_to_open(&mut self, id: ArticleId, then: Then) -> bool {
        let width = self.article_width();
        let Some(opener) = &self.opener else {
            return false;
        };
        let generation = opener.request(id, width);
        self.opening = Some((generation, then));
        true
    }

    /// True while an article asked for is being read (the status bar says so).
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// What follows an article newly shown. An article still being read
    /// for an earlier request is no longer wanted.
    fn then(&mut self, then: Then) {
        self.opening = None;
        self.note_visit();
        self.ask_backlinks();
        match then {
            Then::Visit(here) => {
                if let Some(here) = here {
                    self.history.visit(here);
                }
            }
            Then::Search(here, query) => {
                if let Some(here) = here {
                    self.history.visit(here);
                }
                if let Some(page) = &self.page {
                    self.search = Some(Search::new(&page.layout, &query));
                    self.step_search(true);
                }
            }
            Then::GoTo(location) => {
                let height = self.article_height();
                if let Some(page) = &mut self.page {
                    page.scroll_to(location.scroll, height);
                    page.focus = location.focus.filter(|&t| t < page.layout.targets.len());
                }
            }
        }
        self.pane = Pane::Article;
    }

    /// Lets articles be opened on a thread of their own (see `opener`);
    /// the event loop then calls [`App::poll_open`] when `notify` says.
    pub fn open_in_background(
        &mut self,
        notify: impl Fn() + Send + 'static,
    ) -> std::io::Result<()> {
        self.opener = Some(super::opener::Opener::spawn(
            Arc::clone(&self.corpus),
            notify,
        )?);
        Ok(())
    }

    /// Shows the article the opener has read, if it came; true when the
    /// screen changed.
    pub fn poll_open(&mut self) -> bool {
        let Some(opened) = self.opener.as_ref().and_then(|o| o.try_receive()) else {
            return false;
        };
        let Some((generation, then)) = self.opening.take() else {
            return false;
        };
        if generation != opened.generation {
            self.opening = Some((generation, then));
            return false;
        }
        if self.install(opened.page) {
            self.then(then);
        }
        true
    }

    /// What to remember of this run.
    pub fn session(&self) -> Option<super::session::Session> {
        Some(super::session::Session {
            corpus: super::session::corpus_id(&self.corpus),
            location: self.location()?,
            history: self.history.clone(),
        })
    }

    fn location(&self) -> Option<Location> {
        self.page.as_ref().map(|page| Location {
            path: page.path.clone(),
            scroll: page.scroll,
            focus: page.focus,
        })
    }

    fn go_to(&mut self, location: Location) {
        let Some(id) = self.corpus.id_of_entry_path(&location.path) else {
            self.message = Some(crate::tr!(Text::NoLongerInCorpus, location.path));
            return;
        };
        if self.page.as_ref().map(|p| p.id) != Some(id) {
            if self.ask_to_open(id, Then::GoTo(location.clone())) {
                return;
            }
            if !self.show(id) {
                return;
            }
        }
        self.then(Then::GoTo(location));
    }

    /// Applies one input: the one door to the reader's state (see
    /// [`Input`](super::Input)). True when anything the screen shows
    /// changed (the event loop draws only then).
    pub fn apply(&mut self, input: super::Input) -> bool {
        let before = self.shown();
        self.apply_input(input);
        self.shown() != before
    }

    /// What the screen shows, in brief: two equal snapshots draw the same
    /// screen (the panes draw from these fields alone).
    fn shown(&self) -> Shown {
        let finder = self.finder.as_ref().map(|f| {
            (
                f.line.clone(),
                f.selected,
                f.hits.len(),
                f.searching,
                f.matched,
                f.counted,
                f.preview.clone(),
            )
        });
        Shown {
            page: self.page.as_ref().map(|p| {
                (
                    p.id,
                    p.scroll,
                    p.focus,
                    p.layout.width,
                    p.layout.lines.len(),
                )
            }),
            pane: self.pane,
            popup: self.popup.clone(),
            finder,
            panes: (self.sidebar_choice, self.footnotes_choice),
            selected: (
                self.sidebar_selected,
                self.footnotes.selected,
                self.footnotes.link,
            ),
            input: self.input.clone(),
            search: self.search.as_ref().map(|s| (s.query.clone(), s.current)),
            hints: self.hints.clone(),
            resume: self.resume.is_some(),
            opening: self.opening.is_some(),
            message: self.message.clone(),
            history: (self.history.back_len(), self.history.forward_len()),
            size: self.size,
            help_lines: self.help_lines,
            quit: self.quit,
        }
    }

    fn apply_input(&mut self, input: super::Input) {
        use super::Input;
        match input {
            Input::Action(action) if self.input.is_some() => {
                self.message = None;
                self.update_input(action);
            }
            Input::Action(action) => self.update_action(action),
            Input::Typed(c) if self.popup == Some(Popup::Finder) => self.finder_type(c),
            Input::Typed(c) => self.type_char(c),
            Input::HintLetter(c) => self.type_hint(c),
            Input::CancelHints => self.cancel_hints(),
            Input::ClickArticle { row, column } => self.click_article(row, column),
            Input::ClickFootnote(number) => {
                self.pane = Pane::Footnotes;
                self.footnotes.select(number);
            }
            Input::ClickSidebar(index) => {
                self.pane = Pane::Sidebar;
                self.sidebar_selected = index;
            }
            Input::ClickFinderResult(index) => self.click_finder_result(index),
            Input::Wheel { pane, down } => {
                // The pane under the pointer takes the keys, so its list
                // shows the move.
                self.pane = pane;
                let action = if down { Action::Down } else { Action::Up };
                for _ in 0..3 {
                    self.update_action(action);
                }
            }
            Input::Resize { width, height } => self.resize(width, height),
            Input::Signalled => self.quit = true,
            Input::KeyNames(keys) => self.set_key_names(keys),
            Input::HelpLines(lines) => self.help_lines = lines,
            Input::OfferResume(session) => self.resume = Some(session),
            Input::Say(message) => self.message = Some(message),
        }
    }

    /// Which layer takes the keyboard now (the router's one question).
    pub fn layer(&self) -> Layer {
        if self.resume.is_some() {
            return Layer::Resume;
        }
        if self.hints.is_some() {
            return Layer::Hints;
        }
        if self.input.is_some() {
            return Layer::SearchLine;
        }
        match (&self.popup, self.pane) {
            (Some(Popup::Finder), _) => Layer::Finder,
            (Some(Popup::Help { .. }), _) => Layer::Help,
            (Some(Popup::Headings { .. }), _) => Layer::Headings,
            (None, Pane::Article) => Layer::Article,
            (None, Pane::Footnotes) => Layer::Footnotes,
            (None, Pane::Sidebar) => Layer::Sidebar,
        }
    }

    /// The corpus read.
    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.corpus
    }

    /// The article shown, if one is.
    pub fn page(&self) -> Option<&Page> {
        self.page.as_ref()
    }

    /// Where back and forward go.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The pane that has the keys.
    pub fn pane(&self) -> Pane {
        self.pane
    }

    /// The popup open over the panes, if one is.
    pub fn popup(&self) -> Option<&Popup> {
        self.popup.as_ref()
    }

    /// The finder's state, while it is open.
    pub fn finder(&self) -> Option<&Finder> {
        self.finder.as_ref()
    }

    /// The corpus's second pass, while it runs.
    pub fn indexing(&self) -> Option<&super::indexing::Indexing> {
        self.indexing.as_ref()
    }

    /// Hands over the second pass still running (at the quit).
    pub fn take_indexing(&mut self) -> Option<super::indexing::Indexing> {
        self.indexing.take()
    }

    /// The selected item of the sidebar (an entity, or a category after them).
    pub fn sidebar_selected(&self) -> usize {
        self.sidebar_selected
    }

    /// Which link of the selected footnote Tab has reached.
    pub fn footnote_link(&self) -> usize {
        self.footnotes.link
    }

    /// The search query being typed, if one is (with its cursor).
    pub fn input(&self) -> Option<&super::query_line::QueryLine> {
        self.input.as_ref()
    }

    /// The article search in effect.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// The letters typed while link hints are shown.
    pub fn hints(&self) -> Option<&str> {
        self.hints.as_deref()
    }

    /// How many lines the help has.
    pub fn help_lines(&self) -> usize {
        self.help_lines
    }

    /// The saved session offered at start, until a key answers.
    pub fn resume(&self) -> Option<&super::session::Session> {
        self.resume.as_ref()
    }

    /// The status bar's message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Takes the text to put on the clipboard, if any.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// The terminal's size.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// True once the reader is to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// Applies one keymap action ([`App::apply`] with
    /// [`Input::Action`](super::Input::Action)).
    pub fn update(&mut self, action: Action) {
        self.apply(super::Input::Action(action));
    }

    /// Applies one keymap action, the search line closed.
    fn update_action(&mut self, action: Action) {
        self.message = None;
        if let Some(session) = self.resume.take() {
            if action == Action::Follow {
                self.go_to(session.location);
                self.history = session.history;
            }
            return;
        }
        if self.popup == Some(Popup::Finder) {
            self.update_finder(action);
            return;
        }
        if self.popup.is_some() && self.update_popup(action) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::Finder => self.open_finder(),
            Action::Headings => {
                self.popup = Some(Popup::Headings {
                    selected: self.current_heading(),
                })
            }
            Action::FocusSidebar => {
                if self.show_pane(
                    |areas| areas.sidebar.is_some(),
                    |app| &mut app.sidebar_choice,
                ) {
                    self.pane = Pane::Sidebar;
                } else {
                    self.message = Some(crate::tr!(Text::TooNarrowForSidebar));
                }
            }
            Action::FocusFootnotes => {
                if self.show_pane(
                    |areas| areas.footnotes.is_some(),
                    |app| &mut app.footnotes_choice,
                ) {
                    self.pane = Pane::Footnotes;
                    if self.footnotes.selected.is_none() {
                        let height = self.article_height();
                        self.footnotes.selected = self
                            .page
                            .as_ref()
                            .and_then(|p| p.shown_footnotes(height, None).first().copied());
                    }
                } else {
                    self.message = Some(crate::tr!(Text::TooShortForFootnotes));
                }
            }
            Action::FocusArticle => {
                self.popup = None;
                self.search = None;
                if self.pane == Pane::Footnotes {
                    // The pane follows the reading position again.
                    self.footnotes.release();
                }
                self.pane = Pane::Article;
            }
            Action::ToggleSidebar => {
                let shown = self.areas().sidebar.is_some();
                self.sidebar_choice = Some(!shown);
                self.resize(self.size.width, self.size.height);
            }
            Action::ToggleFootnotes => {
                let shown = self.areas().footnotes.is_some();
                self.footnotes_choice = Some(!shown);
                self.resize(self.size.width, self.size.height);
            }
            Action::CycleScript => self.cycle_script(),
            Action::RandomArticle => self.open_random(),
            Action::Back => self.back(),
            Action::Forward => self.forward(),
            Action::CopyUrl => self.copy_url(),
            Action::Noop => {}
            _ => match self.pane {
                Pane::Article => self.update_article(action),
                Pane::Sidebar => self.update_sidebar(action),
                Pane::Footnotes => self.update_footnotes(action),
            },
        }
    }

    fn update_article(&mut self, action: Action) {
        let height = self.article_height();
        let Some(page) = &mut self.page else { return };
        let scroll = page.scroll;
        match action {
            Action::Down => page.scroll_to(scroll + 1, height),
            Action::Up => page.scroll_to(scroll.saturating_sub(1), height),
            Action::PageDown => page.scroll_to(scroll + height.saturating_sub(1).max(1), height),
            Action::PageUp => page.scroll_to(
                scroll.saturating_sub(height.saturating_sub(1).max(1)),
                height,
            ),
            Action::HalfPageDown => page.scroll_to(scroll + (height / 2).max(1), height),
            Action::HalfPageUp => {
                page.scroll_to(scroll.saturating_sub((height / 2).max(1)), height)
            }
            Action::Top => page.scroll_to(0, height),
            Action::Bottom => page.scroll_to(usize::MAX, height),
            Action::NextLink => page.step_focus(true, height),
            Action::PrevLink => page.step_focus(false, height),
            Action::NextHeading => {
                let next = page.heading_lines().find(|&l| l > scroll);
                if let Some(line) = next {
                    page.scroll_to(line, height);
                }
            }
            Action::PrevHeading => {
                let previous = page.heading_lines().filter(|&l| l < scroll).last();
                if let Some(line) = previous {
                    page.scroll_to(line, height);
                }
            }
            Action::Follow => self.follow_focus(),
            Action::Search => self.input = Some(Default::default()),
            Action::Bookmark if self.page.is_some() => {
                self.input = Some(Default::default());
                self.note_input = true;
            }
            Action::Bookmark => {}
            Action::SearchNext => self.step_search(true),
            Action::SearchPrev => self.step_search(false),
            Action::SearchForward | Action::SearchBackward if self.search.is_some() => {
                self.step_search(action == Action::SearchForward)
            }
            Action::SearchForward | Action::SearchBackward => self.input = Some(Default::default()),
            Action::LinkHints => {
                if self.hint_targets().is_empty() {
                    self.message = Some(crate::tr!(Text::NoTargetOnScreen));
                } else {
                    self.start_hints();
                }
            }
            _ => {}
        }
    }

    /// A click on the article pane at (`row`, `column`): follows the link or
    /// citation there.
    fn click_article(&mut self, row: usize, column: usize) {
        self.message = None;
        let height = self.article_height();
        let Some(page) = &mut self.page else { return };
        let Some(line) = page.layout.lines.get(page.scroll + row) else {
            return;
        };
        let mut x = 0;
        let hit = line.spans.iter().find_map(|span| {
            let width = crate::layout::wrap::text_width(&span.text);
            let found = (x..x + width)
                .contains(&column)
                .then_some(span.target)
                .flatten();
            x += width;
            found
        });
        if let Some(target) = hit {
            page.focus_target(target, height);
            self.pane = Pane::Article;
            self.follow_focus();
        }
    }

    /// The targets that carry a hint label, in label order.
    pub fn hint_targets(&self) -> Vec<usize> {
        let height = self.article_height();
        self.page
            .as_ref()
            .map_or_else(Vec::new, |page| page.visible_targets(height).collect())
    }

    /// A letter typed while hints are shown: follows the target whose label
    /// it completes, or closes the hints when no label starts so.
    fn type_hint(&mut self, c: char) {
        let Some(typed) = &mut self.hints else { return };
        typed.push(c.to_ascii_lowercase());
        let typed = typed.clone();
        let targets = self.hint_targets();
        let labels = super::hints::labels(targets.len());
        match super::hints::match_typed(&labels, &typed) {
            super::hints::HintMatch::Partial => {}
            super::hints::HintMatch::NoLabel => {
                self.cancel_hints();
                self.message = Some(crate::tr!(Text::NoHint, typed));
            }
            super::hints::HintMatch::Chosen(index) => {
                self.cancel_hints();
                let height = self.article_height();
                if let (Some(page), Some(&target)) = (&mut self.page, targets.get(index)) {
                    page.focus_target(target, height);
                }
                self.follow_focus();
            }
        }
    }

    /// Closes the hints without following anything.
    fn cancel_hints(&mut self) {
        self.hints = None;
        self.hint_layout = None;
    }

    /// Shows a label before every link and citation on screen.
    fn start_hints(&mut self) {
        let targets = self.hint_targets();
        let labels = super::hints::labels(targets.len());
        let Some(page) = &self.page else { return };
        let labelled = targets.into_iter().zip(labels).collect();
        self.hint_layout = Some(crate::layout::layout_article_labelled(
            &page.article,
            page.layout.width,
            crate::layout::LayoutOptions::default(),
            labelled,
        ));
        self.hints = Some(String::new());
    }

    /// The article's lines as the article pane shows them: with the hint
    /// labels while hints are shown.
    pub fn shown_layout(&self) -> Option<&crate::layout::Layout> {
        self.hint_layout
            .as_ref()
            .or_else(|| self.page.as_ref().map(|page| &page.layout))
    }

    /// Adds a typed character to the search query.
    fn type_char(&mut self, c: char) {
        if let Some(input) = &mut self.input {
            input.insert(c);
        }
    }

    /// The search line's keys, from the keymap: its editing actions,
    /// Enter (search), Esc (leave), and the search keys pressed again.
    fn update_input(&mut self, action: Action) {
        if let Some(input) = &mut self.input
            && input.edit(action).is_some()
        {
            return;
        }
        match action {
            Action::Follow => self.finish_input(),
            Action::FocusArticle | Action::Quit => self.cancel_input(),
            Action::SearchForward | Action::SearchNext => self.finish_input_stepping(true),
            Action::SearchBackward | Action::SearchPrev => self.finish_input_stepping(false),
            _ => {}
        }
    }

    /// Closes the query line without searching.
    fn cancel_input(&mut self) {
        self.input = None;
        self.note_input = false;
    }

    /// Runs the typed search and jumps to the first match on or after the top line.
    fn finish_input(&mut self) {
        let Some(query) = self.input.take().map(|line| line.text) else {
            return;
        };
        if std::mem::take(&mut self.note_input) {
            self.add_bookmark(&query);
            return;
        }
        if query.trim().is_empty() {
            self.search = None;
            return;
        }
        let Some(page) = &self.page else { return };
        self.search = Some(Search::new(&page.layout, &query));
        self.step_search(true);
    }

    /// The search key pressed again while its query is typed (Emacs's
    /// C-s C-s): searches for what was typed, or, with nothing typed, goes
    /// on with the search shown, to the next match (`forward`) or the
    /// previous one.
    fn finish_input_stepping(&mut self, forward: bool) {
        let Some(query) = self.input.take().map(|line| line.text) else {
            return;
        };
        if !query.trim().is_empty()
            && let Some(page) = &self.page
        {
            self.search = Some(Search::new(&page.layout, &query));
        }
        self.step_search(forward);
    }

    /// The keys of the keymap in use, named in messages.
    fn set_key_names(&mut self, keys: super::key_names::KeyNames) {
        self.keys = keys;
    }

    /// The keys that run `action`, as help names them.
    pub fn key_name(&self, action: Action) -> String {
        self.keys.get(action)
    }

    fn step_search(&mut self, forward: bool) {
        let height = self.article_height();
        let (Some(page), Some(search)) = (&mut self.page, &mut self.search) else {
            let start = self.keys.of_first(&[Action::Search, Action::SearchForward]);
            self.message = Some(crate::tr!(Text::NoSearch, start));
            return;
        };
        match search.step(page.scroll, forward) {
            Some(found) => {
                if found.line < page.scroll || found.line >= page.scroll + height {
                    page.scroll_to(found.line.saturating_sub(height / 3), height);
                }
            }
            None => self.message = Some(crate::tr!(Text::NotFound, search.query)),
        }
    }

    /// Follows the focused link or citation.
    fn follow_focus(&mut self) {
        let Some(page) = &self.page else { return };
        let Some(focus) = page.focus else {
            let next = self.key_name(Action::NextLink);
            self.message = Some(crate::tr!(Text::NoLinkFocusedNext, next));
            return;
        };
        match (
            page.layout.targets.get(focus),
            page.resolutions.get(focus).cloned().flatten(),
        ) {
            (Some(Target::Citation(number)), _) => {
                let number = *number;
                if self.areas().footnotes.is_none() {
                    self.footnotes_choice = Some(true);
                    self.resize(self.size.width, self.size.height);
                }
                if self.areas().footnotes.is_none() {
                    // Too short a terminal for the pane: the status line shows it.
                    self.message = Some(self.footnote_line(number));
                    return;
                }
                self.footnotes.selected = Some(number);
                self.footnotes.citation_return = Some(focus);
                self.pane = Pane::Footnotes;
            }
            (target, Some(resolution)) => {
                let title = match target {
                    Some(Target::Link(crate::document::LinkTarget::Article { title, .. })) => {
                        Some(title.clone())
                    }
                    _ => None,
                };
                self.follow(resolution, title.as_deref());
            }
            _ => {}
        }
    }

    /// Opens where a link leads, or says why it cannot (and how to copy
    /// its address): the one place a link is followed, from the article,
    /// a footnote, the sidebar or the finder. `title` names the article a
    /// link not in the corpus would be.
    fn follow(&mut self, resolution: Resolution, title: Option<&str>) {
        let copy = self.key_name(Action::CopyUrl);
        match resolution {
            Resolution::InCorpus(id) => self.open(id),
            Resolution::NotInCorpus { url } => {
                let url = crate::title::readable_url(&url);
                let url = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                self.message = Some(match title {
                    Some(title) => crate::tr!(Text::TitleNotInCorpusCopy, title, url, copy),
                    None => crate::tr!(Text::NotInCorpusCopy, url, copy),
                });
            }
            Resolution::External { url } => {
                let url = crate::title::readable_url(&url);
                self.message = Some(crate::tr!(Text::ExternalCopy, url, copy));
            }
        }
    }

    /// The footnote the footnote pane keeps in view and highlights: the
    /// selected one while the pane has the keyboard, or while its citation
    /// is on screen; otherwise none, and the pane follows the reading
    /// position.
    pub fn pinned_footnote(&self) -> Option<u32> {
        let selected = self.footnotes.selected?;
        if self.pane == Pane::Footnotes {
            return Some(selected);
        }
        let page = self.page.as_ref()?;
        page.visible_citations(self.article_height())
            .contains(&selected)
            .then_some(selected)
    }

    /// A footnote as one line of text, for the status line.
    fn footnote_line(&self, number: u32) -> String {
        let text = self
            .page
            .as_ref()
            .and_then(|p| p.article.footnotes.iter().find(|f| f.number == number))
            .map(|f| f.text().replace('\n', " "))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(crate::layout::empty_footnote_text);
        format!("[{number}] {}", text.trim())
    }

    fn copy_url(&mut self) {
        let footnote_link = (self.pane == Pane::Footnotes)
            .then(|| {
                self.footnote_links().get(self.footnotes.link).map(|link| {
                    self.corpus
                        .resolve_link_from(link, self.page().map(|p| &*p.article))
                })
            })
            .flatten();
        let focused = match footnote_link {
            Some(resolution) => Some(resolution),
            None => self
                .page
                .as_ref()
                .and_then(Page::focused_resolution)
                .cloned(),
        };
        let url = match focused.as_ref() {
            Some(Resolution::NotInCorpus { url } | Resolution::External { url }) => {
                Some(url.clone())
            }
            Some(Resolution::InCorpus(id)) => self.corpus.web_url(*id),
            None => None,
        };
        match url {
            Some(url) => {
                self.message = Some(crate::tr!(Text::Copied, url));
                self.clipboard = Some(url);
            }
            None => self.message = Some(crate::tr!(Text::NoLinkFocused)),
        }
    }

    fn back(&mut self) {
        if self.pane == Pane::Footnotes
            && let Some(target) = self.footnotes.citation_return.take()
        {
            let height = self.article_height();
            if let Some(page) = &mut self.page {
                page.focus_target(target, height);
            }
            self.pane = Pane::Article;
            self.footnotes.selected = None;
            return;
        }
        let Some(here) = self.location() else { return };
        match self.history.back(here) {
            Some(location) => self.go_to(location),
            None => self.message = Some(crate::tr!(Text::NothingBack)),
        }
    }

    fn forward(&mut self) {
        let Some(here) = self.location() else { return };
        match self.history.forward(here) {
            Some(location) => self.go_to(location),
            None => self.message = Some(crate::tr!(Text::NothingForward)),
        }
    }

    fn update_sidebar(&mut self, action: Action) {
        let Some(page) = &self.page else { return };
        // The entities, the categories, then the articles linking here: one list.
        let entities = page.entities.len();
        let categories = page.article.categories.len();
        let backlinks = page.backlinks.as_ref().map_or(0, |(rows, _)| rows.len());
        let count = entities + categories + backlinks;
        if count == 0 {
            return;
        }
        let selected = self.sidebar_selected.min(count - 1);
        // Tab and S-Tab are the sidebar's own (nothing); the rest move.
        let moves = !matches!(action, Action::NextLink | Action::PrevLink);
        if let Some(to) = moved(selected, count, action).filter(|_| moves) {
            self.sidebar_selected = to;
            return;
        }
        match action {
            Action::Follow if selected >= entities + categories => {
                let at = selected - entities - categories;
                if let Some(&(id, _)) = page.backlinks.as_ref().and_then(|(rows, _)| rows.get(at)) {
                    self.open(id);
                }
            }
            Action::Follow if selected >= entities => {
                // The category's members, in the finder's `=` scope.
                let name = page.article.categories[selected - entities].clone();
                self.open_finder_with(&format!("={name}"));
            }
            Action::SearchNext | Action::SearchPrev if selected >= entities => {}
            Action::Follow => {
                let entity = &page.entities[selected];
                let (resolution, name) = (entity.resolution.clone(), entity.entity.title.clone());
                self.follow(resolution, Some(&name));
            }
            Action::SearchNext | Action::SearchPrev => {
                self.step_mention(selected, action == Action::SearchNext)
            }
            _ => {}
        }
    }

    /// Moves the article's focus to the next (previous) mention of entity `index`.
    fn step_mention(&mut self, index: usize, forward: bool) {
        let height = self.article_height();
        let Some(page) = &mut self.page else { return };
        let Some(entity) = page.entities.get(index) else {
            return;
        };
        let current = page.focus;
        let next = if forward {
            entity
                .mentions
                .iter()
                .copied()
                .find(|&t| current.is_none_or(|c| t > c))
        } else {
            entity
                .mentions
                .iter()
                .copied()
                .rev()
                .find(|&t| current.is_some_and(|c| t < c))
        };
        match next.or_else(|| {
            if forward {
                entity.mentions.first()
            } else {
                entity.mentions.last()
            }
            .copied()
        }) {
            Some(target) => page.focus_target(target, height),
            None => self.message = Some(crate::tr!(Text::NoMention)),
        }
    }

    fn update_footnotes(&mut self, action: Action) {
        let height = self.article_height();
        let Some(page) = &self.page else { return };
        // The footnotes the pane shows, in the order it shows them.
        let numbers = page.shown_footnotes(height, self.footnotes.selected);
        if numbers.is_empty() {
            return;
        }
        let current = self
            .footnotes
            .selected
            .and_then(|n| numbers.iter().position(|&m| m == n))
            .unwrap_or(0);
        // Tab steps through the selected footnote's links, not the list.
        let next = match action {
            Action::NextLink | Action::PrevLink => current,
            _ => moved(current, numbers.len(), action).unwrap_or(current),
        };
        self.footnotes.select(numbers[next]);
        let links = self.footnote_links();
        match action {
            Action::NextLink | Action::PrevLink if links.is_empty() => {
                self.message = Some(crate::tr!(Text::FootnoteNoLink));
            }
            Action::NextLink | Action::PrevLink => self
                .footnotes
                .step_link(links.len(), action == Action::NextLink),
            Action::Follow => match links.get(self.footnotes.link) {
                Some(link) => {
                    let title = match link {
                        crate::document::LinkTarget::Article { title, .. } => Some(title.clone()),
                        crate::document::LinkTarget::External { .. } => None,
                    };
                    self.follow(
                        self.corpus
                            .resolve_link_from(link, self.page().map(|p| &*p.article)),
                        title.as_deref(),
                    );
                }
                None => self.go_to_citation(numbers[next]),
            },
            _ => {}
        }
        if matches!(action, Action::NextLink | Action::PrevLink)
            && let Some(link) = links.get(self.footnotes.link)
        {
            let shown = match link {
                crate::document::LinkTarget::Article { title, .. } => format!("→ {title}"),
                crate::document::LinkTarget::External { url } => crate::title::readable_url(url),
            };
            self.message = Some(crate::tr!(
                Text::FootnoteLink,
                self.footnotes.link + 1,
                links.len(),
                shown
            ));
        }
    }

    /// Focuses the first citation of footnote `number` in the article.
    fn go_to_citation(&mut self, number: u32) {
        let height = self.article_height();
        let Some(page) = &mut self.page else { return };
        let visible = page.visible_targets(height);
        let citations: Vec<usize> = page
            .layout
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| **t == Target::Citation(number))
            .map(|(i, _)| i)
            .collect();
        let target = citations
            .iter()
            .copied()
            .find(|t| visible.contains(t))
            .or(citations.first().copied());
        match target {
            Some(target) => {
                page.focus_target(target, height);
                self.pane = Pane::Article;
                self.footnotes.citation_return = None;
            }
            None => self.message = Some(crate::tr!(Text::FootnoteNotCited, number)),
        }
    }

    /// The links of the selected footnote, in order.
    pub fn footnote_links(&self) -> Vec<crate::document::LinkTarget> {
        let Some(number) = self.footnotes.selected else {
            return Vec::new();
        };
        let Some(footnote) = self
            .page
            .as_ref()
            .and_then(|p| p.article.footnotes.iter().find(|f| f.number == number))
        else {
            return Vec::new();
        };
        let mut links = Vec::new();
        collect_links(&footnote.content, &mut links, 0);
        links
    }

    /// Handles an action in the open popup; false when the popup does not
    /// use it (it then goes to the panes).
    fn update_popup(&mut self, action: Action) -> bool {
        let len = self.popup_len();
        let Some(popup) = &mut self.popup else {
            return false;
        };
        let selected = match popup {
            Popup::Help { scroll } => scroll,
            Popup::Headings { selected } => selected,
            Popup::Finder => return false,
        };
        if let Some(to) = moved(*selected, len, action) {
            *selected = to;
            return true;
        }
        match action {
            Action::FocusArticle | Action::Quit | Action::Help => self.popup = None,
            Action::Follow => {
                let chosen = *selected;
                match self.popup.take() {
                    Some(Popup::Headings { .. }) => {
                        let height = self.article_height();
                        if let Some(page) = &mut self.page {
                            let line = page.heading_lines().nth(chosen);
                            if let Some(line) = line {
                                page.scroll_to(line, height);
                            }
                        }
                    }
                    other => self.popup = other,
                }
            }
            _ => return true, // other keys do nothing while a popup is open
        }
        true
    }

    fn popup_len(&self) -> usize {
        match &self.popup {
            // Help scrolls by its first line: the last useful one shows its end.
            Some(Popup::Help { .. }) => {
                self.help_lines
                    .saturating_sub(super::screen::popup_rows(self.size))
                    + 1
            }
            Some(Popup::Finder) => self.finder.as_ref().map_or(0, |f| f.hits.len()),
            Some(Popup::Headings { .. }) => {
                self.page.as_ref().map_or(0, |p| p.layout.headings.len())
            }
            None => 0,
        }
    }

    fn current_heading(&self) -> usize {
        let Some(page) = &self.page else { return 0 };
        page.heading_lines()
            .filter(|&l| l <= page.scroll)
            .count()
            .saturating_sub(1)
    }
}

/// The finder's index of the corpus's titles, built when first needed.
fn title_index(corpus: &Arc<Corpus>) -> Arc<LazyIndex> {
    let corpus = Arc::clone(corpus);
    Arc::new(LazyIndex::new(move || {
        crate::finder::titles::title_index(&corpus, true, true)
    }))
}

impl App {
    /// Runs the corpus's second pass in the background unless it is saved
    /// already (the event loop then calls [`App::poll_indexing`]).
    pub fn index_in_background(
        &mut self,
        notify: impl Fn() + Send + 'static,
    ) -> std::io::Result<()> {
        self.indexing = Some(super::indexing::Indexing::start(
            Arc::clone(&self.corpus),
            notify,
        )?);
        Ok(())
    }

    /// Opens the corpus's full-text index and brings it up to date in the
    /// background (once the second pass is done); the event loop then
    /// calls [`App::poll_full_text`] when `notify` says.
    pub fn full_text_in_background(
        &mut self,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        self.full_text =
            super::full_text::FullText::start(Arc::clone(&self.corpus), Arc::new(notify))?;
        Ok(())
    }

    /// Uses `full_text` as the full-text index (tests: searched as asked).
    pub fn set_full_text(&mut self, full_text: super::full_text::FullText) {
        self.full_text = full_text;
        self.ask_backlinks();
    }

    pub fn full_text(&self) -> &super::full_text::FullText {
        &self.full_text
    }

    /// The full-text index's build, to be stopped at the quit.
    pub fn take_full_text(&mut self) -> super::full_text::FullText {
        std::mem::take(&mut self.full_text)
    }

    /// Takes the full-text build's news and search answers; true when the
    /// screen changed.
    pub fn poll_full_text(&mut self) -> bool {
        let was_building = self.full_text.is_building();
        let mut changed = self.full_text.poll();
        // Results shown from an index still being built are asked for
        // again as it grows (at most once a second) and once it is done.
        let finished = was_building && !self.full_text.is_building();
        if finished && let Some(error) = self.full_text.stopped_by() {
            self.message = Some(error.to_string());
        }
        if let Some(finder) = &self.finder
            && finder.scope().0.asks_the_index()
            && changed
            && (finished || self.full_text.due_for_refresh())
        {
            self.ask_index();
        }
        if let Some(response) = self.full_text.try_receive() {
            changed |= self.show_text_response(response);
        }
        // The index opened or done: the sidebar's links here, asked again.
        let unasked = self.page.as_ref().map(|p| &p.path) != self.backlinks_asked.as_ref();
        if finished || (unasked && self.full_text.is_open()) {
            self.ask_backlinks();
        }
        if let Some(response) = self.full_text.try_receive_backlinks() {
            changed |= self.show_backlinks(response);
        }
        changed
    }

    /// Asks the full-text index what the finder's query line asks: its
    /// text (`/`), the articles linking here (`<`), categories and a
    /// category's members (`=`).
    fn ask_index(&mut self) {
        use super::full_text::Ask;
        let Some(finder) = &self.finder else { return };
        let line = finder.line.text.clone();
        let (scope, text) = Scope::of(&line);
        let ask = match scope {
            Scope::Text if !text.trim().is_empty() => Some(Ask::Text(text.to_string())),
            Scope::Category => Some(Ask::Members(text.to_string())),
            Scope::LinksHere => self.page.as_ref().map(|page| Ask::LinksTo {
                path: page.path.clone(),
                title: page.article.title.clone(),
                filter: text.to_string(),
            }),
            _ => None,
        };
        let Some(ask) = ask else {
            let shown = super::finder::TextShown {
                query: line,
                ..Default::default()
            };
            self.show_text_results(crate::finder::Index::default(), Vec::new(), shown, 0);
            return;
        };
        match self.full_text.submit(&line, ask) {
            Some(response) => {
                self.show_text_response(response);
            }
            None => {
                if let Some(finder) = &mut self.finder {
                    finder.searching = true;
                    // Results of another scope are not followed meanwhile.
                    if finder.text.is_none() {
                        finder.hits.clear();
                        finder.text = Some(super::finder::TextShown::default());
                    }
                }
            }
        }
    }

    /// Shows a full-text answer if the finder still asks for it.
    fn show_text_response(&mut self, response: super::full_text::TextResponse) -> bool {
        let Some(finder) = &self.finder else {
            return false;
        };
        if !finder.scope().0.asks_the_index() || finder.line.text != response.query {
            return false;
        }
        match response.results {
            Ok(results) => {
                let (index, hits, mut shown) = super::finder::text_results(&self.corpus, &results);
                shown.query = response.query.clone();
                if self.full_text.is_building() {
                    let percent = self.full_text.percent();
                    shown.partial = Some(percent);
                    if hits.is_empty() {
                        shown.problem = Some(crate::tr!(Text::TextIndexPartial, percent));
                    }
                } else if let Some(error) = self.full_text.stopped_by() {
                    // The build failed (a full disk): what was indexed
                    // before still answers, and the finder says so.
                    shown.incomplete = true;
                    if hits.is_empty() {
                        shown.problem = Some(error.to_string());
                    }
                }
                // The categories listed first count among the rows.
                let total = results.total + results.subcategories.len();
                self.show_text_results(index, hits, shown, total);
            }
            Err(problem) => {
                let problem = if problem.is_empty() {
                    crate::tr!(Text::TextIndexNotReady)
                } else {
                    problem
                };
                let shown = super::finder::TextShown {
                    query: response.query.clone(),
                    problem: Some(problem),
                    ..Default::default()
                };
                self.show_text_results(crate::finder::Index::default(), Vec::new(), shown, 0);
            }
        }
        true
    }

    fn show_text_results(
        &mut self,
        index: crate::finder::Index,
        hits: Vec<crate::finder::Hit>,
        shown: super::finder::TextShown,
        total: usize,
    ) {
        let outcome = Outcome {
            hits,
            matched: Vec::new(),
            total,
            counted: true,
        };
        self.show_results(Arc::new(index), outcome);
        if let Some(finder) = &mut self.finder {
            finder.text = Some(shown);
        }
        self.update_preview();
    }

    /// Takes the second pass's news; true when the screen changed. When the
    /// pass is done and learnt something, the finder's titles are built
    /// again (with redirects and aliases).
    pub fn poll_indexing(&mut self) -> bool {
        let Some(indexing) = &mut self.indexing else {
            return false;
        };
        let (changed, done) = indexing.poll();
        let Some(outcome) = done else {
            return changed;
        };
        // (The pass's thread gave back what it let go of before it said so.)
        self.indexing = None;
        if let Some(completed) = outcome {
            if let Some(error) = completed.save_error {
                self.message = Some(crate::tr!(Text::IndexNotSaved, error));
            }
            if completed.read > 0 || completed.resumed > 0 {
                self.titles = title_index(&self.corpus);
                let titles = Arc::clone(&self.titles);
                let _ = std::thread::Builder::new()
                    .name("finder-index".into())
                    .spawn(move || {
                        // The old titles' index (freed unless a search
                        // still holds it) goes back before the new is made.
                        crate::background::give_back_memory();
                        titles.get();
                        // The old titles' index and the build's scratch.
                        crate::background::give_back_memory();
                    });
                // Links on screen may now resolve through redirects and aliases.
                if let Some(page) = &mut self.page {
                    page.resolve_again(&self.corpus);
                }
            }
        }
        true
    }

    /// Lets the finder search, and read its previews, on threads of their
    /// own, so typing never waits for a search or a read (the event loop
    /// then calls [`App::poll_search`] and [`App::poll_preview`]).
    pub fn search_in_background(
        &mut self,
        notify: impl Fn() + Clone + Send + 'static,
    ) -> std::io::Result<()> {
        self.searcher = Some(Searcher::spawn_notifying(notify.clone())?);
        self.previewer = Some(Previewer::spawn(Arc::clone(&self.corpus), notify)?);
        // Build the titles' index now, off this thread, so the first Ctrl-p
        // on a large corpus finds it (nearly) ready.
        let titles = Arc::clone(&self.titles);
        std::thread::Builder::new()
            .name("finder-index".into())
            .spawn(move || {
                titles.get();
                crate::background::give_back_memory();
            })?;
        Ok(())
    }

    /// Opens the finder over the current article.
    fn open_finder(&mut self) {
        self.open_finder_with("");
    }

    /// Opens the finder with `query` typed.
    fn open_finder_with(&mut self, query: &str) {
        let mut finder = Finder::new(self.page.as_ref(), &self.recent)
            .with_notebook(&self.notebook, &self.corpus);
        for c in query.chars() {
            finder.line.insert(c);
        }
        self.finder = Some(finder);
        self.popup = Some(Popup::Finder);
        self.search_finder();
    }

    fn close_finder(&mut self) {
        self.finder = None;
        self.popup = None;
    }

    fn update_finder(&mut self, action: Action) {
        if let Some(finder) = &mut self.finder
            && let Some(changed) = finder.line.edit(action)
        {
            if changed {
                self.search_finder();
            }
            return;
        }
        let Some(finder) = &mut self.finder else {
            self.close_finder();
            return;
        };
        if let Some(to) = moved(finder.selected, finder.hits.len(), action) {
            finder.selected = to;
            self.update_preview();
            return;
        }
        match action {
            Action::Follow => self.follow_finder(),
            Action::FocusArticle | Action::Quit | Action::Finder => self.close_finder(),
            _ => {}
        }
    }

    /// A click on finder result `index`: selects it, or opens it when it
    /// was already selected.
    fn click_finder_result(&mut self, index: usize) {
        let Some(finder) = &mut self.finder else {
            return;
        };
        if finder.selected == index {
            self.follow_finder();
        } else if index < finder.hits.len() {
            finder.selected = index;
            self.update_preview();
        }
    }

    /// A character typed into the finder's query line.
    fn finder_type(&mut self, c: char) {
        if let Some(finder) = &mut self.finder {
            finder.line.insert(c);
            self.search_finder();
        }
    }

    /// Starts the search for the finder's query: on the search thread if
    /// there is one, else at once.
    fn search_finder(&mut self) {
        let Some(finder) = &mut self.finder else {
            return;
        };
        if finder.scope().0.asks_the_index() {
            self.ask_index();
            return;
        }
        finder.text = None;
        let (scope, text) = finder.scope();
        let index = match scope {
            Scope::Text | Scope::LinksHere | Scope::Category => return,
            Scope::Titles => Arc::clone(&self.titles),
            Scope::Headings => Arc::clone(&finder.headings),
            Scope::Footnotes => Arc::clone(&finder.footnotes),
            Scope::Entities => Arc::clone(&finder.entities),
            Scope::Bookmarks => Arc::clone(&finder.bookmarks),
            Scope::Trail => Arc::clone(&finder.trail),
        };
        let preferences = match scope {
            Scope::Titles => Arc::clone(&finder.title_preferences),
            _ => Arc::clone(&finder.page_preferences),
        };
        let request = Request {
            generation: 0,
            index,
            query: text.to_string(),
            preferences,
            limit: RESULT_LIMIT,
        };
        match &self.searcher {
            Some(searcher) => {
                searcher.submit(request);
                finder.searching = true;
            }
            None => {
                let index = request.index.get();
                let outcome = crate::finder::search(
                    &index,
                    &crate::finder::Query::new(&request.query),
                    None,
                    &request.preferences,
                    request.limit,
                    &|| false,
                )
                .unwrap_or_default();
                self.show_results(index, outcome);
            }
        }
    }

    /// Takes the finder's results if the search thread has sent them; true
    /// when the screen changed.
    pub fn poll_search(&mut self) -> bool {
        let Some(response) = self.searcher.as_ref().and_then(Searcher::try_receive) else {
            return false;
        };
        self.take_search_response(response)
    }

    /// Shows a response of the search thread; true when the screen changed.
    fn take_search_response(&mut self, response: crate::finder::Response) -> bool {
        let Some(finder) = &mut self.finder else {
            return false;
        };
        // Names found for a query typed before a scope of the full-text
        // index was.
        if finder.scope().0.asks_the_index() {
            return false;
        }
        // A settled count for the results on screen changes only the count
        // (the selection stays where the reader moved it).
        if response.recount && finder.shown_generation == Some(response.generation) {
            finder.matched = response.outcome.total;
            finder.counted = true;
            return true;
        }
        self.show_results(response.index, response.outcome);
        if let Some(finder) = &mut self.finder {
            finder.shown_generation = Some(response.generation);
        }
        true
    }

    /// True while the finder waits for a search, or for the count of the
    /// results it shows.
    pub fn is_searching(&self) -> bool {
        self.finder
            .as_ref()
            .is_some_and(|f| f.searching || !f.counted)
    }

    fn show_results(&mut self, index: Arc<Index>, outcome: Outcome) {
        let Some(finder) = &mut self.finder else {
            return;
        };
        finder.hits = outcome.hits;
        finder.matched = outcome.total;
        finder.counted = outcome.counted;
        finder.shown_generation = None;
        finder.shown_index = Some(index);
        finder.selected = 0;
        finder.searching = false;
        self.update_preview();
    }

    fn update_preview(&mut self) {
        let Some(finder) = &self.finder else { return };
        // A subcategory: its name (it has no article to preview).
        if let Some(name) = finder
            .text
            .as_ref()
            .and_then(|t| t.subcategory(finder.selected))
        {
            let heading = format!("▸ {name}");
            if let Some(finder) = &mut self.finder {
                finder.preview = super::finder::Preview {
                    heading,
                    text: crate::tr!(Text::CategoryPreview),
                    ..Default::default()
                };
            }
            return;
        }
        // A full-text result's snippet (backlinks and category members
        // have none: their preview is the article's lead, as for titles).
        if let Some(text) = &finder.text
            && text
                .snippets
                .get(finder.selected)
                .is_some_and(|s| !s.text.is_empty())
        {
            let preview = match (finder.selected_item(), text.snippets.get(finder.selected)) {
                (Some(item), Some(snippet)) => super::finder::Preview {
                    heading: self
                        .corpus
                        .entry(item.target)
                        .map_or_else(String::new, |e| e.title.to_string()),
                    text: snippet.text.clone(),
                    marks: snippet.marks.clone(),
                    pending: false,
                    target: Some(item.target),
                },
                _ => super::finder::Preview::default(),
            };
            if let Some(finder) = &mut self.finder {
                finder.preview = preview;
            }
            return;
        }
        let page = self.page.as_ref();
        let preview = finder
            .selected_item()
            .map_or_else(Default::default, |item| match &self.previewer {
                Some(_) => super::finder::preview_without_lead(item, &self.corpus, page),
                None => super::finder::preview(item, &self.corpus, page),
            });
        // The same lead as on screen (the results changed, not the
        // selected article): its text is shown, or on its way.
        if preview.pending
            && preview.target == finder.preview.target
            && preview.heading == finder.preview.heading
        {
            return;
        }
        if let (true, Some(target), Some(previewer)) =
            (preview.pending, preview.target, &self.previewer)
        {
            previewer.request(target);
        }
        if let Some(finder) = &mut self.finder {
            finder.preview = preview;
        }
    }

    /// Takes the lead the preview thread has read for the finder's
    /// preview, if it came; true when the screen changed.
    pub fn poll_preview(&mut self) -> bool {
        let Some(ready) = self.previewer.as_ref().and_then(Previewer::try_receive) else {
            return false;
        };
        let Some(finder) = &mut self.finder else {
            return false;
        };
        let preview = &mut finder.preview;
        if !preview.pending || preview.target != Some(ready.target) {
            return false;
        }
        preview.text = ready.text;
        preview.pending = false;
        true
    }

    /// Enter in the finder: opens the article, or jumps to the heading,
    /// footnote or entity.
    fn follow_finder(&mut self) {
        use crate::finder::ItemKind;
        let Some(item) = self
            .finder
            .as_ref()
            .and_then(|f| f.selected_item())
            .map(|item| item.to_item())
        else {
            if self.is_searching() {
                self.message = Some(crate::tr!(Text::StillSearching));
            } else {
                self.close_finder();
            }
            return;
        };
        // A subcategory: its members in turn.
        let subcategory = self.finder.as_ref().and_then(|f| {
            let text = f.text.as_ref()?;
            text.subcategory(f.selected).map(str::to_string)
        });
        if let Some(name) = subcategory {
            self.open_finder_with(&format!("={name}"));
            return;
        }
        // A bookmark: its article at its place.
        let bookmark = self.finder.as_ref().and_then(|f| {
            let hit = f.hits.get(f.selected)?;
            (f.scope().0 == Scope::Bookmarks)
                .then(|| f.bookmark_places.get(hit.item).cloned())
                .flatten()
        });
        if let Some(place) = bookmark {
            self.close_finder();
            if let Some(here) = self.location() {
                self.history.visit(here);
            }
            self.go_to(place);
            return;
        }
        let text_query = self
            .finder
            .as_ref()
            .and_then(|f| f.text.as_ref())
            .and_then(|t| t.units.first().cloned());
        // Full-text results for an earlier query: wait for this one's.
        if let Some(finder) = &self.finder
            && let Some(text) = &finder.text
            && (finder.searching || finder.line.text != text.query)
        {
            self.message = Some(crate::tr!(Text::StillSearching));
            return;
        }
        self.close_finder();
        if let Some(query) = text_query {
            self.open_and_search(item.target, query);
            return;
        }
        let height = self.article_height();
        match item.kind {
            ItemKind::Article | ItemKind::Redirect | ItemKind::Alias => self.open(item.target),
            ItemKind::Heading => {
                let line = self
                    .page
                    .as_ref()
                    .and_then(|p| p.heading_lines().nth(item.target));
                if let (Some(page), Some(line)) = (&mut self.page, line) {
                    page.scroll_to(line, height);
                    self.pane = Pane::Article;
                }
            }
            ItemKind::Footnote => {
                let number = u32::try_from(item.target).unwrap_or(u32::MAX);
                if self.show_pane(
                    |areas| areas.footnotes.is_some(),
                    |app| &mut app.footnotes_choice,
                ) {
                    self.footnotes.select(number);
                    self.pane = Pane::Footnotes;
                } else {
                    self.message = Some(self.footnote_line(number));
                }
            }
            ItemKind::Entity => {
                let resolution = self
                    .page
                    .as_ref()
                    .and_then(|p| p.entities.get(item.target))
                    .map(|e| e.resolution.clone());
                match resolution {
                    Some(Resolution::InCorpus(id)) => self.open(id),
                    Some(resolution) => {
                        // Not in the corpus: its first mention is shown,
                        // and why it cannot be opened.
                        self.sidebar_selected = item.target;
                        self.step_mention(item.target, true);
                        let name = self
                            .page
                            .as_ref()
                            .and_then(|p| p.entities.get(item.target))
                            .map(|e| e.entity.title.clone());
                        self.follow(resolution, name.as_deref());
                    }
                    None => {}
                }
            }
        }
    }
}

/// How many recently shown articles the finder remembers.
const RECENT_LIMIT: usize = 50;

/// The links in `inlines`, in reading order.
fn collect_links(
    inlines: &[crate::document::Inline],
    links: &mut Vec<crate::document::LinkTarget>,
    depth: usize,
) {
    use crate::document::Inline;
    if depth > 32 {
        return;
    }
    for inline in inlines {
        match inline {
            Inline::Link { target, .. } => links.push(target.clone()),
            Inline::Strong { content } | Inline::Emphasis { content } => {
                collect_links(content, links, depth + 1)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(title: &str) -> App {
        let corpus = Arc::new(Corpus::builtin());
        let id = corpus.resolve_title(title);
        App::new(
            corpus,
            id,
            Rect {
                x: 0,
                y: 0,
                width: 80,
                height: 24,
            },
        )
    }

    fn title(app: &App) -> &str {
        app.page.as_ref().map_or("", |p| p.article.title.as_str())
    }

    fn focus_link_to(app: &mut App, wanted: &str) {
        let page = app.page.as_mut().expect("a page");
        let target = page
            .layout
            .targets
            .iter()
            .position(|t| matches!(t, Target::Link(crate::document::LinkTarget::Article { title, .. }) if title == wanted))
            .expect("the link");
        let height = 10;
        page.focus_target(target, height);
    }

    #[test]
    fn following_a_link_and_coming_back_restores_the_position() {
        let mut app = app("俄羅斯入侵突厥斯坦");
        focus_link_to(&mut app, "伊犁危機");
        let before = app.location();
        app.update(Action::Follow);
        assert_eq!(title(&app), "伊犁危機");
        app.update(Action::PageDown);
        app.update(Action::Back);
        assert_eq!(title(&app), "俄羅斯入侵突厥斯坦");
        assert_eq!(app.location(), before);
        app.update(Action::Forward);
        assert_eq!(title(&app), "伊犁危機");
        assert!(
            app.page.as_ref().is_some_and(|p| p.scroll > 0),
            "forward keeps the scroll too"
        );
    }

    #[test]
    fn a_citation_leads_to_its_footnote_and_back_to_the_citation() {
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::NextLink);
        // Step until a citation is focused.
        for _ in 0..20 {
            let page = app.page.as_ref().expect("page");
            if matches!(
                page.focus.and_then(|t| page.layout.targets.get(t)),
                Some(Target::Citation(_))
            ) {
                break;
            }
            app.update(Action::NextLink);
        }
        let focus = app.page.as_ref().and_then(|p| p.focus);
        app.update(Action::Follow);
        assert_eq!(app.pane, Pane::Footnotes);
        assert_eq!(app.footnotes.selected, Some(1));
        app.update(Action::Back);
        assert_eq!(app.pane, Pane::Article);
        assert_eq!(app.page.as_ref().and_then(|p| p.focus), focus);
        assert_eq!(title(&app), "東突厥斯坦共和國");
    }

    #[test]
    fn links_out_of_the_corpus_say_where_they_lead_and_copy() {
        let mut app = app("伊犁危機");
        focus_link_to(&mut app, "清朝");
        app.update(Action::Follow);
        assert_eq!(title(&app), "伊犁危機");
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("zh.wikipedia.org/wiki/"))
        );
        app.update(Action::CopyUrl);
        assert!(
            app.clipboard
                .as_deref()
                .is_some_and(|c| c.starts_with("https://zh.wikipedia.org/wiki/"))
        );
    }

    #[test]
    fn scrolling_stays_in_bounds_and_resizing_keeps_the_place() {
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::Up);
        assert_eq!(app.page.as_ref().map(|p| p.scroll), Some(0));
        app.update(Action::Bottom);
        let bottom = app.page.as_ref().map_or(0, |p| p.scroll);
        app.update(Action::Down);
        assert_eq!(app.page.as_ref().map(|p| p.scroll), Some(bottom));
        app.update(Action::Top);
        for _ in 0..5 {
            app.update(Action::PageDown);
        }
        app.update(Action::NextLink);
        let focus = app.page.as_ref().and_then(|p| p.focus).expect("focus");
        app.resize(40, 12);
        app.resize(20, 6);
        app.resize(120, 40);
        let page = app.page.as_ref().expect("page");
        let line = page.layout.target_lines[focus];
        assert!(
            line >= page.scroll && line < page.scroll + app.article_height(),
            "focus on screen"
        );
    }

    #[test]
    fn sidebar_opens_entities_in_the_corpus() {
        let mut app = app("俄羅斯入侵突厥斯坦");
        app.update(Action::FocusSidebar);
        let index = app
            .page
            .as_ref()
            .and_then(|p| p.entities.iter().position(|e| e.entity.title == "伊犁危機"));
        app.sidebar_selected = index.expect("entity");
        app.update(Action::SearchNext);
        assert!(
            app.page.as_ref().is_some_and(|p| p.focus.is_some()),
            "n focuses a mention"
        );
        app.update(Action::Follow);
        assert_eq!(title(&app), "伊犁危機");
        assert_eq!(app.pane, Pane::Article);
    }

    #[test]
    fn search_finds_traditional_from_simplified_and_steps() {
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::Search);
        for c in "苏联".chars() {
            app.type_char(c);
        }
        app.finish_input();
        let search = app.search.as_ref().expect("a search");
        assert!(
            search.matches.len() > 10,
            "蘇聯 and 苏联 both count: {}",
            search.matches.len()
        );
        let first = search.current;
        app.update(Action::SearchNext);
        assert_ne!(app.search.as_ref().and_then(|s| s.current), first);
        app.update(Action::SearchPrev);
        assert_eq!(app.search.as_ref().and_then(|s| s.current), first);
        app.resize(50, 20);
        assert!(
            app.search.as_ref().is_some_and(|s| !s.matches.is_empty()),
            "kept across resize"
        );
        app.update(Action::FocusArticle);
        assert!(app.search.is_none());
        app.update(Action::Search);
        app.type_char('无');
        app.type_char('此');
        app.finish_input();
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.starts_with("not found"))
        );
    }

    #[test]
    fn a_hint_label_follows_its_link() {
        let mut app = app("俄羅斯入侵突厥斯坦");
        // Scroll until the link to 伊犁危機 is on screen.
        let target = {
            let page = app.page.as_ref().expect("page");
            page.layout
                .targets
                .iter()
                .position(|t| matches!(t, Target::Link(crate::document::LinkTarget::Article { title, .. }) if title == "伊犁危機"))
                .expect("link")
        };
        let line = app
            .page
            .as_ref()
            .map_or(0, |p| p.layout.target_lines[target]);
        let height = app.article_height();
        if let Some(page) = app.page.as_mut() {
            page.scroll_to(line, height);
        }
        app.update(Action::LinkHints);
        assert!(app.hints.is_some());
        let targets = app.hint_targets();
        let index = targets.iter().position(|&t| t == target).expect("labelled");
        let label = super::super::hints::labels(targets.len())[index].clone();
        for c in label.chars() {
            app.type_hint(c);
        }
        assert!(app.hints.is_none());
        assert_eq!(title(&app), "伊犁危機");
        app.update(Action::LinkHints);
        app.type_hint('z');
        assert!(
            app.hints.is_none(),
            "a letter no label starts with closes the hints"
        );
    }

    #[test]
    fn a_click_on_a_link_follows_it() {
        let mut app = app("俄羅斯入侵突厥斯坦");
        let (line, column) = {
            let page = app.page.as_ref().expect("page");
            let target = page
                .layout
                .targets
                .iter()
                .position(|t| matches!(t, Target::Link(crate::document::LinkTarget::Article { title, .. }) if title == "伊犁危機"))
                .expect("link");
            let line = page.layout.target_lines[target];
            let spans = &page.layout.lines[line].spans;
            let before: usize = spans
                .iter()
                .take_while(|s| s.target != Some(target))
                .map(|s| crate::layout::wrap::text_width(&s.text))
                .sum();
            (line, before + 1)
        };
        let height = app.article_height();
        if let Some(page) = app.page.as_mut() {
            page.scroll_to(line, height);
        }
        let row = line - app.page.as_ref().map_or(0, |p| p.scroll);
        app.click_article(row, column);
        assert_eq!(title(&app), "伊犁危機");
        app.click_article(0, 10_000); // beyond the text: nothing happens
        assert_eq!(title(&app), "伊犁危機");
    }

    #[test]
    fn a_saved_session_is_offered_and_resumed() {
        let mut first = app("東突厥斯坦共和國");
        first.update(Action::PageDown);
        first.update(Action::PageDown);
        let saved = first.session().expect("a session");
        let mut second = app("伊犁危機");
        second.resume = Some(saved.clone());
        second.update(Action::Follow);
        assert_eq!(
            second.session().map(|s| s.location),
            Some(saved.location.clone())
        );
        let mut third = app("伊犁危機");
        third.resume = Some(saved);
        third.update(Action::Down); // any other key: start where we are
        assert_eq!(title(&third), "伊犁危機");
        assert!(third.resume.is_none());
    }

    #[test]
    fn links_in_a_footnote_are_followable() {
        let mut app = app("俄羅斯入侵突厥斯坦");
        app.update(Action::FocusFootnotes);
        app.footnotes.selected = Some(4); // [4] links to udn.com
        app.update(Action::NextLink);
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.starts_with("link 1/1")),
            "{:?}",
            app.message
        );
        app.update(Action::Follow);
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("udn.com")),
            "{:?}",
            app.message
        );
        app.update(Action::CopyUrl);
        assert!(
            app.clipboard
                .as_deref()
                .is_some_and(|c| c.contains("udn.com")),
            "{:?}",
            app.clipboard
        );
        app.footnotes.selected = Some(3); // empty: Enter goes to its citation instead
        app.update(Action::Follow);
        assert_eq!(app.pane, Pane::Article);
        let page = app.page.as_ref().expect("page");
        assert_eq!(
            page.focus.and_then(|t| page.layout.targets.get(t)),
            Some(&Target::Citation(3))
        );
    }

    #[test]
    fn after_a_followed_citation_the_footnote_pane_follows_the_reading_again() {
        // Before, the pane stayed on [5] after Esc and a scroll back to the
        // top: it said "5 cited on screen" and showed [5] and blank lines.
        let mut app = app("東突厥斯坦共和國");
        app.resize(100, 30);
        for _ in 0..60 {
            let page = app.page.as_ref().expect("page");
            if page.focus.and_then(|t| page.layout.targets.get(t)) == Some(&Target::Citation(5)) {
                break;
            }
            app.update(Action::NextLink);
        }
        app.update(Action::Follow);
        assert_eq!(app.pane, Pane::Footnotes);
        assert_eq!(app.pinned_footnote(), Some(5));
        app.update(Action::FocusArticle);
        app.update(Action::PageDown);
        app.update(Action::PageDown);
        assert_eq!(app.pinned_footnote(), None, "[5] is off screen");
        app.update(Action::Top);
        assert_eq!(app.pinned_footnote(), None, "left with Esc: not pinned");
        let page = app.page.as_ref().expect("page");
        let shown = page.shown_footnotes(app.article_height(), app.pinned_footnote());
        assert_eq!(shown.first(), Some(&1), "{shown:?}");
    }

    #[test]
    fn a_followed_citation_stays_pinned_only_while_its_pane_has_the_keys_or_it_is_on_screen() {
        let mut app = app("東突厥斯坦共和國");
        app.resize(100, 30);
        app.footnotes.selected = Some(5);
        app.pane = Pane::Footnotes;
        assert_eq!(app.pinned_footnote(), Some(5));
        app.pane = Pane::Article;
        assert_eq!(
            app.pinned_footnote(),
            Some(5),
            "[5] is cited on the first screen"
        );
        app.update(Action::Bottom);
        assert_eq!(app.pinned_footnote(), None);
    }

    #[test]
    fn scrolling_a_focused_link_off_screen_drops_its_focus() {
        // Before, Enter after three pages followed the link focused at the
        // top, and the status bar still described it.
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::NextLink);
        let focused = app.page.as_ref().and_then(|p| p.focus);
        assert!(focused.is_some());
        app.update(Action::Top);
        assert_eq!(
            app.page.as_ref().and_then(|p| p.focus),
            focused,
            "still on screen"
        );
        for _ in 0..3 {
            app.update(Action::PageDown);
        }
        assert_eq!(app.page.as_ref().and_then(|p| p.focus), None);
        let before = title(&app).to_string();
        app.update(Action::Follow);
        assert_eq!(title(&app), before, "nothing was followed");
        assert!(
            app.message.as_deref().is_some_and(|m| m.contains("Tab")),
            "{:?}",
            app.message
        );
    }

    #[test]
    fn a_count_still_settling_reads_as_an_upper_bound() {
        // (Here, beside the state: the test sets a count the search thread
        // would be settling.)
        let draw = |app: &App| {
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
                .expect("a test terminal");
            let keymap = crate::keymap::preset("default").expect("keymap");
            terminal
                .draw(|frame| {
                    crate::ui::draw(frame, app, &keymap, crate::ui::Theme { color: false });
                })
                .expect("draws");
            let buffer = terminal.backend().buffer();
            buffer
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect::<String>()
        };
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        app.finder_type('x');
        let shown = {
            let finder = app.finder.as_mut().expect("open");
            finder.matched = 1234;
            finder.counted = false;
            finder.hits.len()
        };
        let text = draw(&app);
        assert!(text.contains(&format!("{shown}/≤1234")), "{text}");
        if let Some(finder) = app.finder.as_mut() {
            finder.counted = true;
        }
        let text = draw(&app);
        assert!(
            text.contains(&format!("{shown}/1234")) && !text.contains('≤'),
            "{text}"
        );
    }

    #[test]
    fn one_layer_takes_the_keys_at_a_time() {
        let mut app = app("東突厥斯坦共和國");
        assert_eq!(app.layer(), Layer::Article);
        app.update(Action::Search);
        assert_eq!(app.layer(), Layer::SearchLine);
        app.apply(super::super::Input::Action(Action::FocusArticle));
        assert_eq!(app.layer(), Layer::Article);
        app.update(Action::LinkHints);
        assert_eq!(app.layer(), Layer::Hints);
        app.apply(super::super::Input::CancelHints);
        app.update(Action::Help);
        assert_eq!(app.layer(), Layer::Help);
        app.update(Action::FocusArticle);
        app.update(Action::Headings);
        assert_eq!(app.layer(), Layer::Headings);
        app.update(Action::FocusArticle);
        app.update(Action::Finder);
        assert_eq!(app.layer(), Layer::Finder);
        app.update(Action::FocusArticle);
        app.update(Action::FocusSidebar);
        assert_eq!(app.layer(), Layer::Sidebar);
        let saved = app.session().expect("a session");
        app.apply(super::super::Input::OfferResume(saved));
        assert_eq!(app.layer(), Layer::Resume);
    }

    #[test]
    fn the_search_line_edits_as_the_finders_query_does() {
        // Before, it took typed characters, Backspace, C-u and C-w only,
        // hard-wired, with no cursor.
        use super::super::Input;
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::Search);
        for c in "苏x联".chars() {
            app.apply(Input::Typed(c));
        }
        app.apply(Input::Action(Action::CharLeft));
        app.apply(Input::Action(Action::DeleteBack));
        let line = app.input().expect("the search line");
        assert_eq!((line.text.as_str(), line.cursor), ("苏联", "苏".len()));
        app.apply(Input::Action(Action::LineEnd));
        app.apply(Input::Action(Action::Follow));
        assert!(app.input().is_none());
        let search = app.search().expect("a search");
        assert_eq!(search.query, "苏联");
        assert!(search.current.is_some());
    }

    #[test]
    fn a_link_not_in_the_corpus_is_explained_alike_from_everywhere() {
        // Before, the article, the sidebar, footnotes and the finder each
        // said it their own way (one without the title, one without the key).
        let mut app = app("東突厥斯坦共和國");
        app.update(Action::FocusSidebar);
        let name = app.page.as_ref().expect("page").entities[0]
            .entity
            .title
            .clone();
        app.update(Action::Follow);
        let from_sidebar = app.message.clone().expect("a message");
        assert!(
            from_sidebar.starts_with(&format!("{name} is not in the corpus · zh.wikipedia.org/"))
        );
        assert!(from_sidebar.ends_with("(y copies)"), "{from_sidebar}");
        app.update(Action::FocusArticle);
        focus_link_to(&mut app, &name);
        app.update(Action::Follow);
        assert_eq!(app.message.as_deref(), Some(from_sidebar.as_str()));
    }

    #[test]
    fn applying_an_input_says_whether_the_screen_changed() {
        use super::super::Input;
        let mut app = app("東突厥斯坦共和國");
        assert!(app.apply(Input::Action(Action::PageDown)));
        assert!(!app.apply(Input::Action(Action::Noop)), "nothing to show");
        app.apply(Input::Action(Action::Top));
        assert!(!app.apply(Input::Action(Action::Top)), "already at the top");
        assert!(!app.apply(Input::Action(Action::Up)), "nothing above");
        app.apply(Input::HelpLines(200));
        assert!(app.apply(Input::Action(Action::Help)));
        assert!(app.apply(Input::Action(Action::Down)), "the help scrolls");
        assert!(app.apply(Input::Resize {
            width: 100,
            height: 30
        }));
        assert!(!app.apply(Input::Resize {
            width: 100,
            height: 30
        }));
    }

    #[test]
    fn articles_open_on_a_thread_of_their_own() {
        // Before, following a link read, parsed and laid out the article on
        // the interface thread: a slow disk held every key.
        let mut app = app("俄羅斯入侵突厥斯坦");
        let (told, news) = std::sync::mpsc::channel::<()>();
        app.open_in_background(move || {
            let _ = told.send(());
        })
        .expect("a thread");
        let wait = |app: &mut App| {
            news.recv_timeout(std::time::Duration::from_secs(10))
                .expect("the opener answers");
            assert!(app.poll_open());
        };
        app.update(Action::PageDown);
        focus_link_to(&mut app, "伊犁危機");
        let before = app.location();
        app.update(Action::Follow);
        assert_eq!(
            title(&app),
            "俄羅斯入侵突厥斯坦",
            "still reading while it opens"
        );
        assert!(app.is_opening(), "the status bar says it is opening");
        wait(&mut app);
        assert!(!app.is_opening());
        assert_eq!(title(&app), "伊犁危機");
        assert_eq!(app.message, None);
        app.update(Action::Back);
        wait(&mut app);
        assert_eq!(title(&app), "俄羅斯入侵突厥斯坦");
        assert_eq!(app.location().map(|l| l.scroll), before.map(|l| l.scroll));
    }

    #[test]
    fn focusing_a_hidden_pane_shows_it_or_says_why_not() {
        let mut app = app("東突厥斯坦共和國");
        assert!(
            app.areas().sidebar.is_none(),
            "80 columns: no sidebar by itself"
        );
        app.update(Action::FocusSidebar);
        assert!(app.areas().sidebar.is_some());
        assert_eq!(app.pane, Pane::Sidebar);
        app.update(Action::FocusArticle);
        app.resize(30, 8);
        app.update(Action::FocusSidebar);
        assert_eq!(
            app.pane,
            Pane::Article,
            "a pane that cannot fit is not focused"
        );
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("too narrow"))
        );
        app.update(Action::FocusFootnotes);
        assert_eq!(app.pane, Pane::Article);
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("too short"))
        );
        app.resize(80, 24);
        app.update(Action::FocusFootnotes);
        assert_eq!(app.pane, Pane::Footnotes);
        assert_eq!(
            app.footnotes.selected,
            Some(1),
            "r selects the first footnote shown"
        );
        app.update(Action::Down);
        assert_eq!(
            app.footnotes.selected,
            Some(2),
            "j moves in place, in order"
        );
    }

    #[test]
    fn help_scrolls_no_further_than_its_end() {
        let mut app = app("伊犁危機");
        app.help_lines = 40;
        app.update(Action::Help);
        for _ in 0..100 {
            app.update(Action::Down);
        }
        let bottom = 40 - super::super::screen::popup_rows(app.size);
        assert_eq!(app.popup, Some(Popup::Help { scroll: bottom }));
        app.update(Action::Up);
        assert_eq!(
            app.popup,
            Some(Popup::Help { scroll: bottom - 1 }),
            "k moves at once"
        );
    }

    #[test]
    fn popups_take_keys_and_close() {
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        app.update(Action::Top);
        app.update(Action::Follow);
        assert!(app.popup.is_none());
        // With nothing typed, the article's entities in the corpus come first.
        assert_eq!(title(&app), "清军收复新疆之战");
        app.update(Action::Headings);
        app.update(Action::Down);
        app.update(Action::Follow);
        let page = app.page.as_ref().expect("page");
        assert_eq!(
            Some(page.scroll),
            page.heading_lines()
                .nth(1)
                .map(|l| l.min(page.max_scroll(app.article_height())))
        );
        app.update(Action::Help);
        app.update(Action::FocusArticle);
        assert!(app.popup.is_none());
        app.update(Action::Quit);
        assert!(app.quit);
    }

    fn type_into_finder(app: &mut App, text: &str) {
        for c in text.chars() {
            app.finder_type(c);
        }
    }

    fn finder_names(app: &App) -> Vec<String> {
        let finder = app.finder.as_ref().expect("the finder is open");
        let index = finder.shown_index.as_ref().expect("results");
        finder
            .hits
            .iter()
            .filter_map(|h| index.item(h.item).map(|i| i.name.to_string()))
            .collect()
    }

    #[test]
    fn a_preview_is_read_off_the_interface_thread() {
        let mut app = app("苏联入侵新疆");
        let (told, announcements) = std::sync::mpsc::channel::<()>();
        app.search_in_background(move || {
            let _ = told.send(());
        })
        .expect("threads");
        app.update(Action::Finder);
        type_into_finder(&mut app, "ylwj");
        let wait = || {
            announcements
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("news from a thread");
        };
        let shown = |app: &App| app.finder.as_ref().is_some_and(|f| f.shown_index.is_some());
        while !shown(&app) || finder_names(&app).first().map(String::as_str) != Some("伊犁危機")
        {
            wait();
            app.poll_search();
        }
        // The results are on screen; the lead is not read here.
        let preview = &app.finder.as_ref().expect("open").preview;
        assert_eq!(preview.heading, "伊犁危機");
        assert!(preview.pending && preview.text.is_empty(), "{preview:?}");
        while !app.poll_preview() {
            wait();
        }
        let preview = &app.finder.as_ref().expect("open").preview;
        assert!(!preview.pending);
        assert!(preview.text.starts_with("伊犁危機（1862年"), "{preview:?}");
        // Results that keep the same article first keep its text.
        type_into_finder(&mut app, " ");
        while !app.poll_search() {
            wait();
        }
        assert_eq!(
            finder_names(&app).first().map(String::as_str),
            Some("伊犁危機")
        );
        let preview = &app.finder.as_ref().expect("open").preview;
        assert!(preview.text.starts_with("伊犁危機（1862年"), "{preview:?}");
    }

    /// A reader on the samples with their full-text index built.
    fn app_with_full_text(title: &str) -> App {
        let mut app = app(title);
        let search = full_text_of(&app);
        app.set_full_text(super::super::full_text::FullText::ready(search));
        app
    }

    /// A full-text index of `app`'s corpus, in memory.
    fn full_text_of(app: &App) -> crate::search::SearchIndex {
        let search = crate::search::SearchIndex::in_memory().expect("an index");
        crate::search::build::update(
            &search,
            &app.corpus,
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .expect("built");
        search
    }

    #[test]
    fn finder_full_text_finds_words_in_the_text_and_opens_at_the_first_match() {
        let mut app = app_with_full_text("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "/左宗棠");
        assert_eq!(finder_names(&app), ["清军收复新疆之战"]);
        let preview = &app.finder.as_ref().expect("open").preview;
        let marked: Vec<&str> = preview
            .marks
            .iter()
            .map(|m| &preview.text[m.clone()])
            .collect();
        assert!(
            !marked.is_empty() && marked.iter().all(|m| *m == "左宗棠"),
            "{preview:?}"
        );
        app.update(Action::Follow);
        assert_eq!(title(&app), "清军收复新疆之战");
        let search = app.search.as_ref().expect("the article is searched");
        assert_eq!(search.query, "左宗棠");
        assert_eq!(search.current, Some(0));
        app.update(Action::SearchNext);
        assert_eq!(app.search.as_ref().and_then(|s| s.current), Some(1));
        app.update(Action::Back);
        assert_eq!(title(&app), "伊犁危機");
    }

    #[test]
    fn finder_lists_the_articles_linking_here_and_filters_them() {
        let mut app = app_with_full_text("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "<");
        let names = finder_names(&app);
        assert!(names.contains(&"清军收复新疆之战".to_string()), "{names:?}");
        assert!(!names.contains(&"伊犁危機".to_string()));
        type_into_finder(&mut app, "清军");
        assert_eq!(finder_names(&app), ["清军收复新疆之战"]);
        app.update(Action::Follow);
        assert_eq!(title(&app), "清军收复新疆之战");
    }

    #[test]
    fn the_sidebar_lists_the_articles_linking_here_and_follows_them() {
        let mut app = app_with_full_text("伊犁危機");
        let (rows, total) = app
            .page
            .as_ref()
            .and_then(|p| p.backlinks.clone())
            .expect("asked when the index came");
        assert_eq!(total, rows.len());
        let at = rows
            .iter()
            .position(|(_, title)| title == "清军收复新疆之战")
            .expect("it links here");
        let page = app.page.as_ref().expect("a page");
        let first = page.entities.len() + page.article.categories.len();
        app.update(Action::FocusSidebar);
        app.sidebar_selected = first + at;
        app.update(Action::Follow);
        assert_eq!(title(&app), "清军收复新疆之战");
        // The article opened has its own, asked as it opened.
        assert!(app.page.as_ref().is_some_and(|p| p.backlinks.is_some()));
    }

    #[test]
    fn a_category_in_the_sidebar_lists_its_members() {
        let mut app = app_with_full_text("伊犁危機");
        app.update(Action::FocusSidebar);
        let (entities, category) = {
            let page = app.page.as_ref().expect("a page");
            let at = page
                .article
                .categories
                .iter()
                .position(|c| c == "同治")
                .expect("a category");
            (page.entities.len(), at)
        };
        app.sidebar_selected = entities + category;
        app.update(Action::Follow);
        let finder = app.finder.as_ref().expect("the finder opens");
        assert_eq!(finder.line.text, "=同治");
        // Another category whose name holds it comes first, to list in turn.
        assert_eq!(finder_names(&app), ["▸ 同治回乱", "伊犁危機"]);
        assert_eq!(finder.matched, 2, "the category listed counts as a row");
        // A category nobody is in, and one with no name.
        type_into_finder(&mut app, "无此分类");
        assert!(finder_names(&app).is_empty());
    }

    #[test]
    fn after_a_failed_build_the_finder_answers_from_what_was_indexed_and_says_so() {
        let mut app = app("伊犁危機");
        let search = full_text_of(&app);
        let error = crate::search::SearchError::NoSpace.to_string();
        app.set_full_text(super::super::full_text::FullText::stopped(
            search,
            error.clone(),
        ));
        app.update(Action::Finder);
        type_into_finder(&mut app, "/左宗棠");
        let finder = app.finder.as_ref().expect("open");
        let shown = finder.text.as_ref().expect("a full-text answer");
        assert!(!finder.hits.is_empty());
        assert!(shown.incomplete);
        assert_eq!(shown.problem, None);
        // Nothing found: why the answer may be short.
        type_into_finder(&mut app, "无此词语");
        let shown = app.finder.as_ref().and_then(|f| f.text.as_ref());
        assert_eq!(shown.and_then(|t| t.problem.clone()), Some(error));
    }

    #[test]
    fn part_of_a_category_name_lists_the_categories_that_hold_it() {
        let mut app = app_with_full_text("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "=新疆");
        // No category is named 新疆: those that hold it, in either script,
        // those starting with it first, then the shorter.
        assert_eq!(
            finder_names(&app),
            [
                "▸ 新疆民国时期战役",
                "▸ 新疆民国时期政治",
                "▸ 新疆历次战争与战役",
                "▸ 清代新疆"
            ]
        );
        // Enter lists the chosen one's members.
        app.update(Action::Follow);
        let finder = app.finder.as_ref().expect("still open");
        assert_eq!(finder.line.text, "=新疆民国时期战役");
        assert_eq!(finder_names(&app), ["苏联入侵新疆"]);
        // A bare `=` lists every category, by name.
        app.update(Action::LineEnd);
        app.update(Action::DeleteToStart);
        type_into_finder(&mut app, "=");
        let names = finder_names(&app);
        assert!(names.len() >= 20, "{names:?}");
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn bookmarks_and_the_trail_are_kept_and_followed() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("notebook.json");
        let mut app = app("伊犁危機");
        app.use_notebook(path.clone());
        app.update(Action::PageDown);
        let place = app.location().expect("a place");
        app.update(Action::Bookmark);
        assert!(app.is_note_input());
        for c in "左宗棠的奏摺".chars() {
            app.apply(crate::app::Input::Typed(c));
        }
        app.update(Action::Follow);
        assert!(!app.is_note_input());
        assert!(app.message().is_some_and(|m| m.contains("伊犁危機")));
        // Saved at once, and read back by another reader.
        let mut again = self::app("苏联入侵新疆");
        again.use_notebook(path.clone());
        assert_eq!(again.notebook().bookmarks.len(), 1);
        assert_eq!(again.notebook().bookmarks[0].note, "左宗棠的奏摺");
        // The bookmark scope lists it; Enter goes to its place.
        again.update(Action::Finder);
        type_into_finder(&mut again, "'");
        let names = finder_names(&again);
        assert_eq!(names.len(), 1);
        assert!(
            names[0].starts_with("伊犁危機 — 左宗棠的奏摺 · "),
            "{names:?}"
        );
        again.update(Action::Follow);
        assert_eq!(again.location(), Some(place));
        again.update(Action::Back);
        assert_eq!(title(&again), "苏联入侵新疆");
        // The trail: every article opened, newest first.
        again.update(Action::Finder);
        type_into_finder(&mut again, "~");
        let names = finder_names(&again);
        assert!(names[0].starts_with("苏联入侵新疆 · "), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("伊犁危機 · ")),
            "{names:?}"
        );
        again.update(Action::FocusArticle);
        again.save_notebook().expect("saved");
        // Esc while typing a note bookmarks nothing.
        again.update(Action::Bookmark);
        again.update(Action::FocusArticle);
        assert!(!again.is_note_input());
        assert_eq!(again.notebook().bookmarks.len(), 1);
    }

    #[test]
    fn finder_full_text_says_what_it_cannot_do() {
        // No index (yet): the finder says so instead of results.
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "/新疆");
        let finder = app.finder.as_ref().expect("open");
        assert!(finder.hits.is_empty());
        assert!(
            finder
                .text
                .as_ref()
                .and_then(|t| t.problem.as_ref())
                .is_some()
        );
        // Nothing typed after the prefix, or only syntax: no results, no panic.
        let mut app = app_with_full_text("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "/\"(*");
        assert!(app.finder.as_ref().expect("open").hits.is_empty());
    }

    #[test]
    fn a_random_article_is_another_article_and_back_returns() {
        let mut app = app("伊犁危機");
        for _ in 0..20 {
            app.update(Action::RandomArticle);
            assert_ne!(title(&app), "伊犁危機");
            app.update(Action::Back);
            assert_eq!(title(&app), "伊犁危機");
        }
    }

    #[test]
    fn finder_opens_the_article_typed_in_pinyin_initials() {
        let mut app = app("苏联入侵新疆");
        app.update(Action::Finder);
        assert_eq!(app.popup, Some(Popup::Finder));
        type_into_finder(&mut app, "ylwj");
        assert_eq!(finder_names(&app), ["伊犁危機"]);
        let preview = &app.finder.as_ref().expect("open").preview;
        assert!(preview.text.starts_with("伊犁危機（1862年"), "{preview:?}");
        app.update(Action::Follow);
        assert!(app.popup.is_none() && app.finder.is_none());
        assert_eq!(title(&app), "伊犁危機");
        app.update(Action::Back);
        assert_eq!(title(&app), "苏联入侵新疆");
    }

    #[test]
    fn a_settled_count_changes_the_count_and_keeps_the_selection() {
        let mut app = app("苏联入侵新疆");
        app.update(Action::Finder);
        type_into_finder(&mut app, "x");
        let finder = app.finder.as_ref().expect("open");
        let index = finder.shown_index.clone().expect("results");
        let mut outcome = crate::finder::Outcome {
            hits: finder.hits.clone(),
            matched: Vec::new(),
            total: 50,
            counted: false,
        };
        assert!(outcome.hits.len() >= 2, "enough results to move in");
        let response =
            |generation, outcome: &crate::finder::Outcome, recount| crate::finder::Response {
                generation,
                index: Arc::clone(&index),
                outcome: outcome.clone(),
                recount,
            };
        assert!(app.take_search_response(response(7, &outcome, false)));
        let finder = app.finder.as_ref().expect("open");
        assert!(!finder.counted && finder.matched == 50);
        // The event loop keeps listening for the count.
        assert!(app.is_searching());
        app.update(Action::Down);
        outcome.total = 40;
        outcome.counted = true;
        assert!(app.take_search_response(response(7, &outcome, true)));
        let finder = app.finder.as_ref().expect("open");
        assert_eq!(
            (finder.selected, finder.matched, finder.counted),
            (1, 40, true)
        );
        assert!(!app.is_searching());
        // A count for results no longer on screen comes with its results.
        outcome.total = 30;
        assert!(app.take_search_response(response(8, &outcome, true)));
        let finder = app.finder.as_ref().expect("open");
        assert_eq!((finder.selected, finder.matched), (0, 30));
    }

    #[test]
    fn finder_with_an_empty_query_lists_the_previous_article_first() {
        let mut app = app("苏联入侵新疆");
        let crisis = app.corpus.resolve_title("伊犁危機").expect("sample");
        app.open(crisis);
        app.update(Action::Finder);
        assert_eq!(finder_names(&app)[0], "苏联入侵新疆");
        app.update(Action::FocusArticle);
        assert!(app.finder.is_none());
    }

    #[test]
    fn finder_editing_keys_change_the_query_and_results() {
        let mut app = app("苏联入侵新疆");
        app.update(Action::Finder);
        type_into_finder(&mut app, "xinjiang zzz");
        assert!(finder_names(&app).is_empty());
        app.update(Action::DeleteWordBack);
        assert_eq!(app.finder.as_ref().expect("open").line.text, "xinjiang ");
        assert_eq!(finder_names(&app).len(), 2);
        app.update(Action::DeleteToStart);
        assert_eq!(finder_names(&app).len(), app.corpus.len());
        app.update(Action::Down);
        app.update(Action::Down);
        assert_eq!(app.finder.as_ref().expect("open").selected, 2);
        app.update(Action::Bottom);
        app.update(Action::Down);
        assert_eq!(
            app.finder.as_ref().expect("open").selected,
            app.corpus.len() - 1
        );
    }

    #[test]
    fn finder_scopes_jump_to_headings_footnotes_and_entities() {
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        let heading = app.page.as_ref().expect("page").layout.headings[2].clone();
        type_into_finder(&mut app, &format!("@{}", heading.text));
        assert!(finder_names(&app)[0].ends_with(&heading.text));
        app.update(Action::Follow);
        let height = app.article_height();
        let page = app.page.as_ref().expect("page");
        assert_eq!(page.scroll, heading.line.min(page.max_scroll(height)));

        app.update(Action::Finder);
        type_into_finder(&mut app, "#3");
        assert!(finder_names(&app)[0].starts_with("3 "));
        app.update(Action::Follow);
        assert_eq!(app.footnotes.selected, Some(3));
        assert_eq!(app.pane, Pane::Footnotes);

        app.update(Action::FocusArticle);
        app.update(Action::Finder);
        type_into_finder(&mut app, ">zhaisang");
        assert_eq!(finder_names(&app), ["斋桑泊"]);
        app.update(Action::Follow);
        assert_eq!(title(&app), "伊犁危機");
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("not in the corpus")),
            "{:?}",
            app.message
        );
        assert!(app.page.as_ref().expect("page").focus.is_some());
    }

    #[test]
    fn finder_entity_in_the_corpus_opens_it_and_entities_rank_up() {
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, ">qingjun");
        assert_eq!(finder_names(&app)[0], "清军收复新疆之战");
        app.update(Action::Follow);
        assert_eq!(title(&app), "清军收复新疆之战");
    }

    #[test]
    fn finder_says_when_nothing_matches_and_enter_closes_it() {
        let mut app = app("伊犁危機");
        app.update(Action::Finder);
        type_into_finder(&mut app, "qqqqqq");
        assert!(finder_names(&app).is_empty());
        app.update(Action::Follow);
        assert!(app.popup.is_none());
        assert_eq!(title(&app), "伊犁危機");
    }
}
