//! The interactive reader's terminal side: setting the terminal up and
//! always restoring it (on quit, error, panic and every signal that ends it;
//! after a stop it takes the terminal again), and the event loop that turns
//! keys into actions through the keymap. It draws only
//! after something happened: an idle reader sleeps on its wake-up queue
//! (keys, and news from background work) and uses no CPU.

use crate::app::{Action, App, Input, Layer, Pane};
use crate::corpus::{ArticleId, Corpus};
use crate::keymap::{Context, Key, Keymap, Lookup};
use crate::ui::{self, Theme};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use wakeups::{Wake, Wakeups};

mod signals;
mod wakeups;

/// Opens the corpus (with the article to start on) and tells how far it
/// has got; runs on a thread of its own while the opening screen is shown.
pub type Opener = Box<dyn FnOnce(&(dyn Fn(String) + Sync)) -> Opened + Send>;

/// A corpus opened for reading, with the article to start on; or why not.
pub type Opened = Result<(Corpus, Option<ArticleId>), String>;

/// Runs the reader until the user quits.
pub fn run(corpus: Arc<Corpus>, start: Option<ArticleId>, keymap: Keymap) -> std::io::Result<()> {
    let mut terminal = set_up();
    let result = event_loop(&mut terminal, corpus, start, &keymap, Vec::new());
    restore();
    result.map(after_the_loop)
}

/// How the event loop ended: the index pass still running, and what the
/// user must hear once the terminal is restored.
struct Ended {
    indexing: Option<crate::app::indexing::Indexing>,
    /// The full-text index's build, still running at the quit.
    full_text: Option<crate::app::full_text::FullText>,
    warning: Option<String>,
}

/// After the loop, the terminal restored: says what went wrong at the
/// quit, lets the index pass finish, and exits as a signal asks.
fn after_the_loop(ended: Ended) {
    if let Some(warning) = &ended.warning {
        eprintln!("wikiread: {warning}");
    }
    let mut full_text = ended.full_text;
    if let Some(full_text) = &mut full_text {
        // What it has indexed is committed; the next start goes on from there.
        full_text.stop(Duration::from_secs(5));
    }
    finish_indexing(exit_if_signalled(ended.indexing));
}

/// Lets an index pass still running at the quit keep what it has learnt
/// (the terminal is already given back), waiting a few seconds at most.
fn finish_indexing(unfinished: Option<crate::app::indexing::Indexing>) {
    if let Some(indexing) = unfinished {
        indexing.stop(Duration::from_secs(5));
    }
}

/// Runs the reader on the corpus `open` gives: the first frame comes at
/// once, an opening screen with progress while the corpus's index is read
/// or built (`q`, `Esc` or `Ctrl-C` leave), then the reader. `Ok(Err)` when
/// the corpus could not be opened (the terminal is restored by then).
pub fn run_opening(open: Opener, keymap: Keymap) -> std::io::Result<Result<(), String>> {
    let mut terminal = set_up();
    let opened = opening_screen(&mut terminal, open);
    let result = match opened {
        Ok(Some((Ok((corpus, start)), typed))) => {
            event_loop(&mut terminal, Arc::new(corpus), start, &keymap, typed).map(Ok)
        }
        Ok(Some((Err(message), _))) => Ok(Err(message)),
        Ok(None) => Ok(Ok(Ended {
            indexing: None,
            full_text: None,
            warning: None,
        })),
        Err(err) => Err(err),
    };
    restore();
    result.map(|opened| opened.map(after_the_loop))
}

/// Raw mode, the alternate screen, mouse capture, and hooks that restore
/// the terminal on a panic or a signal.
fn set_up() -> DefaultTerminal {
    signals::watch();
    let terminal = ratatui::init(); // raw mode, alternate screen, a panic hook that restores
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_mouse();
        ratatui_hook(info);
    }));
    capture_mouse();
    terminal
}

/// Asks the terminal for mouse buttons and the wheel (SGR-encoded), not for
/// motion: crossterm's `EnableMouseCapture` also turns on any-motion
/// tracking, and a pointer moving over the window would wake the reader for
/// nothing.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Undoes [`MOUSE_ON`], and any motion tracking a terminal may still have.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

fn capture_mouse() {
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(MOUSE_ON.as_bytes());
    let _ = stdout.flush();
}

/// Shows the opening screen until `open` is done (`Some` with its outcome
/// and the keys typed meanwhile, for the reader to handle first) or the
/// user leaves (`None`).
fn opening_screen(
    terminal: &mut DefaultTerminal,
    open: Opener,
) -> std::io::Result<Option<(Opened, Vec<Event>)>> {
    use crossterm::event::{KeyCode, KeyModifiers};
    use std::sync::mpsc::{RecvTimeoutError, channel};
    enum News {
        Status(String),
        Done(Box<Opened>),
    }
    let (sender, receiver) = channel();
    let status_sender = sender.clone();
    std::thread::Builder::new()
        .name("corpus-open".into())
        .spawn(move || {
            let status_sender = std::sync::Mutex::new(status_sender);
            let outcome = open(&|status| {
                if let Ok(sender) = status_sender.lock() {
                    let _ = sender.send(News::Status(status));
                }
            });
            let _ = sender.send(News::Done(Box::new(outcome)));
        })?;
    let started = std::time::Instant::now();
    let theme = Theme::from_env();
    let mut status = crate::tr!(crate::i18n::Text::OpeningCorpus);
    let mut drawn: Option<(std::time::Instant, String)> = None;
    let mut typed: Vec<Event> = Vec::new();
    loop {
        match receiver.recv_timeout(OPENING_TICK) {
            Ok(News::Done(outcome)) => return Ok(Some((*outcome, typed))),
            Ok(News::Status(news)) => status = news,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                let message = crate::tr!(crate::i18n::Text::CorpusNotOpened);
                return Ok(Some((Err(message), typed)));
            }
        }
        while let Ok(news) = receiver.try_recv() {
            match news {
                News::Done(outcome) => return Ok(Some((*outcome, typed))),
                News::Status(news) => status = news,
            }
        }
        if signals::take_resumed() {
            // Back from a stop: the screen is drawn whole again.
            draw_whole_next(terminal)?;
            drawn = None;
        }
        // A corpus that opens at once never shows this screen; a slow one
        // shows it, redrawn when its status changes and every second.
        let stale = drawn
            .as_ref()
            .is_none_or(|(at, shown)| *shown != status || at.elapsed() >= Duration::from_secs(1));
        if started.elapsed() >= OPENING_GRACE && stale {
            terminal.draw(|frame| ui::opening::draw(frame, &status, started.elapsed(), theme))?;
            drawn = Some((std::time::Instant::now(), status.clone()));
        }
        while event::poll(Duration::ZERO)? {
            let event = event::read()?;
            if let Event::Key(key) = &event
                && key.kind != KeyEventKind::Release
            {
                let leave = matches!(key.code, KeyCode::Char('q') | KeyCode::Esc)
                    || (key.code == KeyCode::Char('c')
                        && key.modifiers.contains(KeyModifiers::CONTROL));
                if leave {
                    return Ok(None);
                }
                // Typed ahead (`o` and a query, say): kept for the reader,
                // within reason.
                if typed.len() < TYPED_AHEAD_LIMIT {
                    typed.push(event);
                }
            }
        }
    }
}

/// How many keys typed on the opening screen are kept for the reader.
const TYPED_AHEAD_LIMIT: usize = 256;

/// How often the opening screen looks for news and keys.
const OPENING_TICK: Duration = Duration::from_millis(10);

/// How long an opening may take before the opening screen is drawn (a
/// warm corpus opens well within it, so its first frame is the reader's).
const OPENING_GRACE: Duration = Duration::from_millis(150);

/// Gives the mouse back and restores the terminal (raw mode off, main screen, cursor).
fn restore() {
    release_mouse();
    ratatui::restore();
}

/// What ratatui's own restore leaves undone: mouse capture, a hidden cursor
/// (its `Terminal` shows the cursor on drop, which an exit or a panic skips).
fn release_mouse() {
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(MOUSE_OFF.as_bytes());
    let _ = crossterm::execute!(stdout, crossterm::cursor::Show);
}

/// Clears the screen and makes the next frame be drawn whole (ratatui's
/// own `clear` asks the terminal where its cursor is, an answer the input
/// thread would take).
fn draw_whole_next(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // The frame drawn last is forgotten: the next is compared with nothing.
    terminal.swap_buffers();
    Ok(())
}

/// Takes the terminal again after a stop: raw mode, the alternate screen,
/// mouse capture, the cursor hidden.
fn take_terminal_again() {
    let _ = crossterm::terminal::enable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::cursor::Hide
    );
    capture_mouse();
}

/// After a signal ended the reader (its place saved, the terminal
/// restored): lets the index pass keep what it learnt, then exits with
/// 128 + the signal, as a shell expects.
fn exit_if_signalled(
    unfinished: Option<crate::app::indexing::Indexing>,
) -> Option<crate::app::indexing::Indexing> {
    let Some(signal) = signals::ended_by() else {
        return unfinished;
    };
    finish_indexing(unfinished);
    std::process::exit(128 + signal);
}

/// Runs the reader until the user quits; then hands back the index pass
/// still running, if any, to be finished once the terminal is restored.
fn event_loop(
    terminal: &mut DefaultTerminal,
    corpus: Arc<Corpus>,
    start: Option<ArticleId>,
    keymap: &Keymap,
    typed_ahead: Vec<Event>,
) -> std::io::Result<Ended> {
    let size = terminal.size()?;
    let corpus_id = crate::app::session::corpus_id(&corpus);
    let session_path = crate::app::session::state_dir()
        .map(|dir| crate::app::session::session_file(&dir, &corpus_id));
    let area = Rect {
        x: 0,
        y: 0,
        width: size.width,
        height: size.height,
    };
    let mut app = App::new(corpus, start, area);
    if let Some(dir) = crate::app::session::state_dir() {
        app.use_notebook(crate::app::notebook::notebook_file(&dir, &corpus_id));
    }
    let wakeups = Wakeups::start()?;
    // Signals from outside come as wake-ups while the loop runs.
    let _routed = signals::route_to(wakeups.sender());
    // Without a search thread the finder still works, searching as it is
    // asked. Its results wake the loop the moment they are ready.
    let nudger = wakeups.nudger();
    let _ = app.search_in_background(move || nudger.nudge());
    // Articles are read and laid out off this thread too.
    let nudger = wakeups.nudger();
    let _ = app.open_in_background(move || nudger.nudge());
    // Redirects and lead aliases of a corpus not yet indexed, or (for a
    // directory) every file's stamp checked against the index: in the
    // background.
    if !app.corpus().is_complete() || app.corpus().root().is_some() {
        let nudger = wakeups.nudger();
        let _ = app.index_in_background(move || nudger.nudge());
    }
    // The full-text index: opened now, brought up to date once the
    // corpus's second pass is done.
    let nudger = wakeups.nudger();
    let _ = app.full_text_in_background(move || nudger.nudge());
    app.apply(Input::HelpLines(ui::popup::help_line_count(keymap)));
    app.apply(Input::KeyNames(crate::app::key_names::KeyNames::of(keymap)));
    if start.is_none()
        && let Some(path) = &session_path
    {
        match crate::app::session::load(path, &corpus_id) {
            Ok(Some(session))
                if app.session().map(|s| s.location) != Some(session.location.clone())
                    && app
                        .corpus()
                        .id_of_entry_path(&session.location.path)
                        .is_some() =>
            {
                app.apply(Input::OfferResume(session));
            }
            Ok(_) => {}
            Err(message) => {
                app.apply(Input::Say(message));
            }
        }
    }
    let theme = Theme::from_env();
    let mut pending: Vec<Key> = Vec::new();
    // Where the last frame drew what a click can pick (nothing yet).
    let mut geometry = ui::Geometry::default();
    // Keys typed before the reader's first frame count as typed now.
    for event in typed_ahead {
        if app.quitting() {
            break;
        }
        handle(&mut app, keymap, &geometry, &mut pending, event);
    }
    // Drawn only when something may have changed on screen.
    let mut dirty = true;
    loop {
        if app.quitting() {
            let mut warning = None;
            if let (Some(path), Some(session)) = (&session_path, app.session())
                && let Err(err) = crate::app::session::save(path, &session)
            {
                // Not worth failing the quit over, but said once the
                // terminal is back.
                warning = Some(crate::tr!(
                    crate::i18n::Text::PlaceNotSaved,
                    path.display(),
                    err
                ));
            }
            if let Err(problem) = app.save_notebook() {
                warning = Some(match warning {
                    Some(place) => format!("{place}\nwikiread: {problem}"),
                    None => problem,
                });
            }
            return Ok(Ended {
                indexing: app.take_indexing(),
                full_text: Some(app.take_full_text()),
                warning,
            });
        }
        if dirty {
            terminal.draw(|frame| geometry = ui::draw(frame, &app, keymap, theme))?;
            dirty = false;
        }
        // Sleep until a key comes or background work has news; while the
        // corpus is indexed, wake up now and then to show its progress.
        let first = loop {
            let timeout =
                (app.indexing().is_some() || app.full_text().is_building()).then_some(INDEX_POLL);
            match wakeups.next(timeout) {
                // The pointer moving changes nothing on screen.
                Some(Wake::Terminal(event)) if is_motion(&event) => {}
                Some(Wake::Terminal(event)) => break Some(event),
                Some(Wake::Failed(err)) => return Err(err),
                Some(wake @ (Wake::Signal(_) | Wake::Suspend)) => {
                    dirty |= on_signal(&mut app, terminal, wake)?;
                    break None;
                }
                Some(Wake::Nudge) | None => {
                    // Either may have news, whoever nudged.
                    let searched = app.poll_search()
                        | app.poll_preview()
                        | app.poll_open()
                        | app.poll_full_text();
                    if app.poll_indexing() | searched {
                        dirty = true;
                        break None;
                    }
                }
            }
        };
        let Some(mut event) = first else { continue };
        // Handle everything already queued before drawing again, so a held
        // key never builds a backlog of frames.
        loop {
            // Drawn again only when the state says the screen changed.
            dirty |= handle(&mut app, keymap, &geometry, &mut pending, event);
            if let Some(text) = app.take_clipboard() {
                copy_to_clipboard(&text);
            }
            if app.quitting() {
                break;
            }
            let next = loop {
                match wakeups.try_next() {
                    Some(Wake::Terminal(event)) if is_motion(&event) => continue,
                    Some(Wake::Terminal(event)) => break Some(event),
                    Some(Wake::Failed(err)) => return Err(err),
                    Some(wake @ (Wake::Signal(_) | Wake::Suspend)) => {
                        dirty |= on_signal(&mut app, terminal, wake)?;
                        break None;
                    }
                    // Looked at below, after the keys.
                    Some(Wake::Nudge) => continue,
                    None => break None,
                }
            };
            let Some(next) = next else { break };
            event = next;
        }
        dirty |= app.poll_search()
            | app.poll_preview()
            | app.poll_open()
            | app.poll_indexing()
            | app.poll_full_text();
    }
}

/// A signal's wake-up: one that ends the reader makes it quit (its place is
/// saved at the top of the loop); SIGTSTP stops it, and once continued the
/// whole screen is to be drawn (true).
fn on_signal(app: &mut App, terminal: &mut DefaultTerminal, wake: Wake) -> std::io::Result<bool> {
    match wake {
        Wake::Signal(signal) => {
            signals::end_by(signal);
            app.apply(Input::Signalled);
            Ok(false)
        }
        Wake::Suspend => {
            signals::suspend();
            signals::take_resumed();
            draw_whole_next(terminal)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// A mouse event that only says the pointer moved (a terminal that reports
/// motion despite being asked not to): nothing to do, nothing to draw.
fn is_motion(event: &Event) -> bool {
    matches!(
        event,
        Event::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Moved,
            ..
        })
    )
}

/// How often the status bar's indexing progress is brought up to date.
const INDEX_POLL: Duration = Duration::from_millis(250);

/// The keymap context of a layer (the resume offer and the hints read the
/// article's keys).
fn context(layer: Layer) -> Context {
    match layer {
        Layer::Finder | Layer::SearchLine => Context::Finder,
        Layer::Footnotes => Context::Footnotes,
        Layer::Sidebar => Context::Sidebar,
        Layer::Help => Context::Help,
        Layer::Headings => Context::Headings,
        Layer::Article | Layer::Resume | Layer::Hints => Context::Article,
    }
}

/// The router: the layer on top takes the key, looked up in its keymap
/// context, and the action goes to the state; typed text goes to the line
/// being edited. Nothing else decides who gets a key. True when the screen
/// shows something new.
fn handle(
    app: &mut App,
    keymap: &Keymap,
    geometry: &ui::Geometry,
    pending: &mut Vec<Key>,
    event: Event,
) -> bool {
    match event {
        Event::Key(key_event) if key_event.kind != KeyEventKind::Release => {
            let Some(key) = Key::from_press(&key_event) else {
                return false;
            };
            let layer = app.layer();
            match layer {
                Layer::Hints => {
                    return match key.typed_char() {
                        Some(c) if c.is_ascii_alphabetic() => app.apply(Input::HintLetter(c)),
                        _ => app.apply(Input::CancelHints),
                    };
                }
                Layer::SearchLine => {
                    pending.clear();
                    return match key.typed_char() {
                        Some(c) => app.apply(Input::Typed(c)),
                        // Editing keys and Enter/Esc are the query line's (the
                        // finder's context); the search keys pressed again
                        // are the article's (Emacs's C-s C-s).
                        None => {
                            let action = match keymap.lookup(context(layer), &[key]) {
                                Lookup::Action(action) => Some(action),
                                _ => match keymap.lookup(Context::Article, &[key]) {
                                    Lookup::Action(action) => Some(action),
                                    _ => None,
                                },
                            };
                            action.is_some_and(|action| app.apply(Input::Action(action)))
                        }
                    };
                }
                _ => {}
            }
            pending.push(key);
            let mut lookup = keymap.lookup(context(layer), pending);
            if matches!(lookup, Lookup::None) && pending.len() > 1 {
                // A broken sequence: try the last key on its own.
                pending.clear();
                pending.push(key);
                lookup = keymap.lookup(context(layer), pending);
            }
            match lookup {
                Lookup::Action(Action::Suspend) => {
                    pending.clear();
                    // As a shell's Ctrl-Z would (raw mode keeps the
                    // terminal from sending the signal itself): the signal
                    // comes back as a wake-up that stops the reader.
                    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
                    false
                }
                Lookup::Action(action) => {
                    pending.clear();
                    app.apply(Input::Action(action))
                }
                Lookup::Pending => false,
                Lookup::None => {
                    pending.clear();
                    if layer == Layer::Resume {
                        // Any key answers the offer (it is dismissed).
                        app.apply(Input::Action(Action::Noop))
                    } else if layer == Layer::Finder
                        && let Some(c) = key.typed_char()
                    {
                        // The finder is a text field: an unbound printable
                        // key is typed into its query.
                        app.apply(Input::Typed(c))
                    } else {
                        false
                    }
                }
            }
        }
        Event::Resize(width, height) => app.apply(Input::Resize { width, height }),
        Event::Mouse(mouse) => handle_mouse(app, geometry, mouse),
        // A paste, a focus change: nothing is shown differently.
        _ => false,
    }
}

/// The wheel scrolls the pane under the pointer; a click follows the link or
/// citation under it, or selects the entity.
fn handle_mouse(
    app: &mut App,
    geometry: &ui::Geometry,
    mouse: crossterm::event::MouseEvent,
) -> bool {
    use crossterm::event::{MouseButton, MouseEventKind};
    if app.popup().is_some() {
        return handle_popup_mouse(app, geometry, mouse);
    }
    let areas = app.areas();
    let inside = |area: Rect| {
        area.contains(ratatui::layout::Position {
            x: mouse.column,
            y: mouse.row,
        })
    };
    let pane = if areas.sidebar.is_some_and(inside) {
        Some(Pane::Sidebar)
    } else if areas.footnotes.is_some_and(inside) {
        Some(Pane::Footnotes)
    } else if inside(areas.article) {
        Some(Pane::Article)
    } else {
        None
    };
    let input = match (mouse.kind, pane) {
        (MouseEventKind::ScrollDown | MouseEventKind::ScrollUp, Some(pane)) => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            Some(Input::Wheel { pane, down })
        }
        (MouseEventKind::Down(MouseButton::Left), Some(Pane::Article)) => {
            let row = usize::from(mouse.row - areas.article.y);
            let column = usize::from(mouse.column - areas.article.x);
            Some(Input::ClickArticle { row, column })
        }
        (MouseEventKind::Down(MouseButton::Left), Some(Pane::Footnotes)) => {
            geometry.footnote_at(mouse.row).map(Input::ClickFootnote)
        }
        (MouseEventKind::Down(MouseButton::Left), Some(Pane::Sidebar)) => {
            geometry.sidebar_item_at(mouse.row).map(Input::ClickSidebar)
        }
        _ => None,
    };
    input.is_some_and(|input| app.apply(input))
}

/// The mouse over a popup: the wheel moves the selection (or scrolls
/// help); in the finder a click selects a result and a click on the
/// selected one opens it. Nothing behind a popup is clicked through it.
fn handle_popup_mouse(
    app: &mut App,
    geometry: &ui::Geometry,
    mouse: crossterm::event::MouseEvent,
) -> bool {
    use crossterm::event::{MouseButton, MouseEventKind};
    match mouse.kind {
        MouseEventKind::ScrollDown => app.apply(Input::Action(Action::Down)),
        MouseEventKind::ScrollUp => app.apply(Input::Action(Action::Up)),
        MouseEventKind::Down(MouseButton::Left) => geometry
            .finder_result_at(mouse.row)
            .is_some_and(|index| app.apply(Input::ClickFinderResult(index))),
        _ => false,
    }
}

/// Puts `text` on the clipboard through the terminal (OSC 52), which works
/// over SSH. The text is base64-encoded, so none of it reaches the terminal raw.
fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stdout = std::io::stdout();
    let _ = write!(stdout, "\x1b]52;c;{encoded}\x07");
    let _ = stdout.flush();
}
