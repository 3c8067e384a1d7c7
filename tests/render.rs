//! Whole-screen render tests: the reader drawn into ratatui's `TestBackend`
//! after a sequence of actions, compared with reviewed snapshots (insta) at
//! 80×24 and 120×40, and tiny terminals that must not panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use std::sync::Arc;
use wikiread::app::{Action, App, Input};
use wikiread::corpus::Corpus;
use wikiread::keymap::{self, Keymap};
use wikiread::ui::{self, Theme};

fn app(title: &str, width: u16, height: u16) -> App {
    let corpus = Arc::new(Corpus::builtin());
    let start = corpus.resolve_title(title);
    assert!(start.is_some(), "{title} is a sample");
    App::new(
        corpus,
        start,
        Rect {
            x: 0,
            y: 0,
            width,
            height,
        },
    )
}

fn keymap() -> Keymap {
    keymap::preset("default").expect("the default keymap loads")
}

/// Draws `app` and returns the terminal for inspection.
fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let keymap = keymap();
    terminal
        .draw(|frame| {
            ui::draw(frame, app, &keymap, Theme { color: true });
        })
        .expect("draws");
    terminal
}

/// The screen as text, one line per row (wide characters once).
fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1; // the second cell of a double-width character
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The two sizes every scenario is drawn at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn run(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.update(action);
    }
}

#[test]
fn each_sample_opens_at_both_sizes() {
    for title in [
        "東突厥斯坦共和國",
        "苏联入侵新疆",
        "俄羅斯入侵突厥斯坦",
        "清军收复新疆之战",
        "伊犁危機",
    ] {
        for (w, h) in SIZES {
            let app = app(title, w, h);
            let text = screen(&draw(&app, w, h));
            insta::assert_snapshot!(format!("open_{w}x{h}_{title}"), text);
        }
    }
}

#[test]
fn a_focused_link_is_reversed_and_named_in_the_status_bar() {
    for (w, h) in SIZES {
        let mut app = app("俄羅斯入侵突厥斯坦", w, h);
        run(&mut app, &[Action::NextLink, Action::NextLink]);
        let terminal = draw(&app, w, h);
        insta::assert_snapshot!(format!("focused_link_{w}x{h}"), screen(&terminal));
        let buffer = terminal.backend().buffer();
        // The focused link is reversed in the article (the status bar is reversed anyway).
        let article = app.areas().article;
        let reversed_in_article = (0..article.height)
            .flat_map(|y| (0..article.width).map(move |x| (x, y)))
            .filter(|&(x, y)| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
            .count();
        assert!(reversed_in_article >= 2, "{w}x{h}: {reversed_in_article}");
    }
}

#[test]
fn a_followed_citation_shows_its_footnote() {
    for (w, h) in SIZES {
        let mut app = app("東突厥斯坦共和國", w, h);
        // The lead's first citation is [1]; the third is [3] (劉學銚).
        run(&mut app, &[Action::NextLink]);
        while app
            .page()
            .and_then(|p| p.focus.and_then(|t| p.layout.targets.get(t)))
            .is_some_and(|t| *t != wikiread::layout::Target::Citation(3))
        {
            app.update(Action::NextLink);
        }
        app.update(Action::Follow);
        let text = screen(&draw(&app, w, h));
        assert!(text.contains("[3] 劉學銚，新疆史論"), "{text}");
        insta::assert_snapshot!(format!("followed_citation_{w}x{h}"), text);
    }
}

#[test]
fn help_lists_the_keys_in_effect() {
    for (w, h) in SIZES {
        let mut app = app("伊犁危機", w, h);
        app.update(Action::Help);
        let text = screen(&draw(&app, w, h));
        assert!(text.contains("Quit") && text.contains("<C-p>"), "{text}");
        insta::assert_snapshot!(format!("help_{w}x{h}"), text);
    }
}

#[test]
fn without_colour_focus_and_links_still_show() {
    let mut app = app("俄羅斯入侵突厥斯坦", 80, 24);
    run(&mut app, &[Action::NextLink]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let keymap = keymap();
    terminal
        .draw(|frame| {
            ui::draw(frame, &app, &keymap, Theme { color: false });
        })
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let coloured = buffer
        .content()
        .iter()
        .filter(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset)
        .count();
    assert_eq!(coloured, 0, "NO_COLOR means no colour at all");
    let article = app.areas().article;
    let cells: Vec<_> = (0..article.height)
        .flat_map(|y| (0..article.width).map(move |x| (x, y)))
        .collect();
    let reversed = cells
        .iter()
        .filter(|&&p| buffer[p].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed >= 2, "the focused link is reversed: {reversed}");
    // Links stand out without colour: underlined in the corpus, italic when not.
    let marked = cells
        .iter()
        .filter(|&&p| {
            buffer[p]
                .modifier
                .intersects(Modifier::UNDERLINED | Modifier::ITALIC)
        })
        .count();
    assert!(marked >= 4, "links are marked: {marked}");
}

#[test]
fn a_click_row_in_the_footnote_pane_names_its_footnote() {
    use wikiread::ui::footnotes::footnote_at;
    let app = app("東突厥斯坦共和國", 80, 24);
    let page = app.page().expect("page");
    let pane = app.areas().footnotes.expect("footnotes");
    let height = app.article_height();
    // The pane's first row is its title; the footnotes start below it.
    assert_eq!(
        footnote_at(page, pane, pane.y, height, None),
        None,
        "the title row"
    );
    assert_eq!(footnote_at(page, pane, pane.y + 1, height, None), Some(1));
    assert_eq!(footnote_at(page, pane, pane.y + 3, height, None), Some(3));
    assert_eq!(
        footnote_at(page, pane, pane.y + 1, height, Some(7)),
        Some(7)
    );
    // The row the screen shows for [3] is the row the click test names.
    let text = screen(&draw(&app, 80, 24));
    let row = text
        .lines()
        .position(|l| l.starts_with("[3] "))
        .expect("[3] on screen");
    assert_eq!(footnote_at(page, pane, row as u16, height, None), Some(3));
}

#[test]
fn tiny_terminals_say_so_and_never_panic() {
    let app_small = app("東突厥斯坦共和國", 10, 4);
    let text = screen(&draw(&app_small, 10, 4));
    assert_eq!(text, "terminal…\n\n\n\n");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (1, 2),
        (19, 5),
        (20, 5),
        (20, 6),
        (21, 3),
        (30, 10),
        (59, 12),
    ] {
        let mut app = app("清军收复新疆之战", w, h);
        for action in [
            Action::Help,
            Action::FocusArticle,
            Action::Finder,
            Action::Down,
        ] {
            app.update(action);
            let _ = draw(&app, w, h);
        }
        app.apply(Input::Resize {
            width: w,
            height: h,
        });
        run(
            &mut app,
            &[
                Action::FocusArticle,
                Action::Bottom,
                Action::PrevLink,
                Action::ToggleSidebar,
            ],
        );
        let _ = draw(&app, w, h);
    }
}

#[test]
fn search_matches_are_highlighted_and_counted() {
    let mut app = app("東突厥斯坦共和國", 80, 24);
    app.update(Action::Search);
    for c in "苏联".chars() {
        app.apply(Input::Typed(c));
    }
    let typing = screen(&draw(&app, 80, 24));
    assert!(
        typing.lines().last().is_some_and(|l| l.contains("/苏联▏")),
        "{typing}"
    );
    app.apply(Input::Action(Action::Follow));
    let terminal = draw(&app, 80, 24);
    let text = screen(&terminal);
    let status = text.lines().last().unwrap_or("");
    assert!(status.contains("/苏联  1/"), "{status}");
    let buffer = terminal.backend().buffer();
    let highlighted: String = buffer
        .content()
        .iter()
        .filter(|c| c.bg == ratatui::style::Color::Yellow)
        .map(|c| c.symbol())
        .collect();
    // Traditional 蘇聯 on screen matches the Simplified query.
    assert!(
        highlighted.contains('蘇') || highlighted.contains('苏'),
        "{highlighted:?}"
    );
}

#[test]
fn link_hints_label_every_target_on_screen() {
    let mut wide = app("東突厥斯坦共和國", 120, 40);
    wide.update(Action::LinkHints);
    insta::assert_snapshot!("link_hints_120x40", screen(&draw(&wide, 120, 40)));
    let mut app = app("東突厥斯坦共和國", 80, 24);
    app.update(Action::LinkHints);
    let terminal = draw(&app, 80, 24);
    let text = screen(&terminal);
    insta::assert_snapshot!("link_hints_80x24", text);
    // A label is set before its link and hides none of it (before, the
    // label covered the first characters: `a 区革命` for 三区革命).
    assert!(text.contains("a三区革命"), "{text}");
    assert!(text.contains("g[1]h[2]"), "{text}");
    let buffer = terminal.backend().buffer();
    let labelled = buffer
        .content()
        .iter()
        .filter(|c| c.bg == ratatui::style::Color::LightYellow)
        .count();
    assert!(labelled >= app.hint_targets().len(), "{labelled}");
    // Every line still fits: labels never split a wide character.
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn a_click_row_in_the_sidebar_names_its_entity() {
    use wikiread::ui::sidebar::entity_at;
    let mut app = app("清军收复新疆之战", 120, 40);
    let sidebar = app.areas().sidebar.expect("a sidebar at 120 columns");
    let text = screen(&draw(&app, 120, 40));
    // The row drawn for the first entity (同治) is the row the hit test names.
    let row = text
        .lines()
        .position(|line| line.contains("›○ 同治 ×1"))
        .expect("drawn") as u16;
    let page = app.page().expect("page");
    assert_eq!(entity_at(page, sidebar, row, 0, false), Some(0));
    assert_eq!(
        entity_at(page, sidebar, sidebar.y, 0, false),
        None,
        "the title row"
    );
    assert_eq!(
        entity_at(page, sidebar, sidebar.y + 1, 0, false),
        Some(0),
        "the first entity is at the top: the infobox is in the article only"
    );
    // With a far-down selection the active list scrolls; clicks follow what is drawn.
    app.update(Action::FocusSidebar);
    for _ in 0..60 {
        app.update(Action::Down);
    }
    let text = screen(&draw(&app, 120, 40));
    let page = app.page().expect("page");
    let name = &page.entities[app.sidebar_selected()].entity.title;
    let row = text
        .lines()
        .position(|line| line.contains(&format!(" {name} ×")))
        .expect("selected drawn") as u16;
    assert_eq!(
        entity_at(page, sidebar, row, app.sidebar_selected(), true),
        Some(app.sidebar_selected())
    );
}

/// Types `text` into the open finder.
fn type_in_finder(app: &mut App, text: &str) {
    for c in text.chars() {
        app.apply(Input::Typed(c));
    }
}

/// The row of the screen whose text contains `needle`, and the column
/// (cell) where it starts.
fn find_cell(terminal: &Terminal<TestBackend>, needle: &str) -> Option<(u16, u16)> {
    let buffer = terminal.backend().buffer();
    let first = needle.chars().next()?;
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            if buffer[(x, y)].symbol() == first.to_string() {
                let mut at = x;
                let mut ok = true;
                for c in needle.chars() {
                    if at >= buffer.area.width || buffer[(at, y)].symbol() != c.to_string() {
                        ok = false;
                        break;
                    }
                    at += u16::try_from(unicode_width::UnicodeWidthChar::width(c).unwrap_or(1))
                        .unwrap_or(1);
                }
                if ok {
                    return Some((x, y));
                }
            }
        }
    }
    None
}

#[test]
fn finder_highlights_the_matched_characters() {
    let mut app = app("苏联入侵新疆", 80, 24);
    app.update(Action::Finder);
    type_in_finder(&mut app, "qingjun");
    app.update(Action::Down);
    app.update(Action::Up);
    let terminal = draw(&app, 80, 24);
    let text = screen(&terminal);
    insta::assert_snapshot!("finder_matches_80x24", text);
    // 清军 (qing jun) is matched; 收 is not.
    let (x, y) = find_cell(&terminal, "  清军收复新疆之战").expect("the result row");
    let buffer = terminal.backend().buffer();
    for (offset, matched) in [(2, true), (4, true), (6, false)] {
        let cell = &buffer[(x + offset, y)];
        assert_eq!(
            cell.modifier.contains(Modifier::BOLD),
            matched,
            "cell {offset}: {}",
            cell.symbol()
        );
    }
    // The query line shows the cursor after the typed text.
    assert!(text.contains("› qingjun"), "{text}");
}

#[test]
fn finder_previews_the_selected_article_and_entities() {
    let mut app = app("伊犁危機", 80, 24);
    app.update(Action::Finder);
    type_in_finder(&mut app, "蘇聯");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("苏联入侵新疆"), "{text}");
    assert!(
        text.contains("苏联入侵新疆是于1934年1月"),
        "the preview: {text}"
    );
    insta::assert_snapshot!("finder_preview_80x24", text);

    app.update(Action::DeleteToStart);
    type_in_finder(&mut app, ">zhaisang");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("Find · entities"), "{text}");
    assert!(text.contains("not in the corpus · linked once"), "{text}");
    insta::assert_snapshot!("finder_entity_80x24", text);
}

#[test]
fn finder_shows_its_results_while_the_preview_is_read() {
    let mut app = app("伊犁危機", 80, 24);
    let (told, news) = std::sync::mpsc::channel::<()>();
    app.search_in_background(move || {
        let _ = told.send(());
    })
    .expect("threads");
    let wait = || {
        news.recv_timeout(std::time::Duration::from_secs(10))
            .expect("news from a thread");
    };
    app.update(Action::Finder);
    type_in_finder(&mut app, "蘇聯");
    while !screen(&draw(&app, 80, 24)).contains("  苏联入侵新疆") {
        wait();
        app.poll_search();
    }
    // The results are drawn; the lead, read on its own thread, is not in
    // yet: its place says so.
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("│…"), "{text}");
    assert!(!text.contains("苏联入侵新疆是于1934年1月"), "{text}");
    while !app.poll_preview() {
        wait();
    }
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("苏联入侵新疆是于1934年1月"), "{text}");
    assert!(!text.contains("│…"), "{text}");
}

#[test]
fn finder_with_no_match_says_so() {
    let mut app = app("伊犁危機", 80, 24);
    app.update(Action::Finder);
    type_in_finder(&mut app, "xyzzy");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("no articles match “xyzzy”"), "{text}");
    assert!(text.contains("0/0"), "{text}");
    insta::assert_snapshot!("finder_empty_80x24", text);
}

#[test]
fn finder_survives_tiny_terminals_and_hostile_queries() {
    for (w, h) in [(20, 5), (21, 6), (24, 8), (30, 10), (40, 12)] {
        let mut app = app("伊犁危機", w, h);
        app.update(Action::Finder);
        type_in_finder(&mut app, "\u{1b}[31m伊犁\u{7}\u{0}");
        let _ = draw(&app, w, h);
        app.update(Action::DeleteToStart);
        type_in_finder(&mut app, "@");
        let _ = draw(&app, w, h);
    }
    let mut app = app("伊犁危機", 80, 24);
    app.update(Action::Finder);
    type_in_finder(&mut app, "\u{1b}[31m");
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "a control character reached the screen"
        );
    }
}

#[test]
fn a_click_hits_the_finder_result_drawn_on_its_row() {
    use wikiread::ui::finder::result_at;
    let mut app = app("伊犁危機", 80, 24);
    app.update(Action::Finder);
    type_in_finder(&mut app, "x");
    for _ in 0..3 {
        app.update(Action::Down);
    }
    let terminal = draw(&app, 80, 24);
    let finder = app.finder().expect("open");
    let index = finder.shown_index.as_ref().expect("results");
    let area = Rect::new(0, 0, 80, 24);
    for (i, hit) in finder.hits.iter().enumerate() {
        let name = index.items().name(hit.item);
        let (_, y) = find_cell(&terminal, &format!("  {name}")).expect("drawn");
        assert_eq!(result_at(area, finder, y), Some(i), "{name}");
    }
    assert_eq!(result_at(area, finder, 0), None);
    assert_eq!(result_at(area, finder, 2), None, "the query line");
    // A click on another result selects it; on the selected one, opens it.
    app.apply(Input::ClickFinderResult(0));
    assert_eq!(app.finder().map(|f| f.selected), Some(0));
    let chosen = app
        .finder()
        .and_then(|f| f.selected_item())
        .map(|i| i.target);
    app.apply(Input::ClickFinderResult(0));
    assert!(app.finder().is_none());
    assert_eq!(app.page().map(|p| p.id), chosen);
}

#[test]
fn at_80_columns_the_status_bar_names_a_missing_link_by_its_title() {
    // Before: `✗ not in corpus: https://zh.wikipedia.org/…` filled the bar
    // and the title was cut away (748 of 755 sample links are missing).
    use wikiread::corpus::Resolution;
    use wikiread::document::LinkTarget;
    use wikiread::layout::Target;
    let mut checked = 0;
    for title in ["東突厥斯坦共和國", "俄羅斯入侵突厥斯坦", "伊犁危機"] {
        let mut app = app(title, 80, 24);
        for _ in 0..40 {
            app.update(Action::NextLink);
            let page = app.page().expect("page");
            let Some(focus) = page.focus else { continue };
            let (
                Some(Target::Link(LinkTarget::Article { title: linked, .. })),
                Some(Some(Resolution::NotInCorpus { .. })),
            ) = (page.layout.targets.get(focus), page.resolutions.get(focus))
            else {
                continue;
            };
            let linked = linked.clone();
            let text = screen(&draw(&app, 80, 24));
            let status = text.lines().last().unwrap_or("");
            // Titles longer than the bar have room for their start.
            let start: String = linked.chars().take(12).collect();
            assert!(
                status.contains(&format!("✗ {start}")),
                "{title}: {linked:?} not named in {status:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn a_query_longer_than_its_line_shows_the_part_being_typed() {
    // Before, the query line showed the start of a long query and its end,
    // where the cursor is, was cut off.
    let mut app = app("苏联入侵新疆", 80, 24);
    app.update(Action::Finder);
    let query = format!("{}尾巴", "新疆".repeat(60));
    type_in_finder(&mut app, &query);
    let mut terminal = draw(&app, 80, 24);
    let text = screen(&terminal);
    let line = text.lines().find(|l| l.contains('›')).unwrap_or_default();
    assert!(line.contains("› …新疆"), "{line}");
    assert!(line.contains("新疆尾巴"), "{line}");
    // The cursor is just after the typed text.
    let (x, y) = find_cell(&terminal, "尾巴").expect("the end of the query");
    let cursor = terminal.get_cursor_position().expect("a cursor");
    assert_eq!((cursor.x, cursor.y), (x + 4, y));
    // Moved to the start, the line shows the start again.
    for _ in 0..200 {
        app.update(Action::CharLeft);
    }
    terminal = draw(&app, 80, 24);
    let text = screen(&terminal);
    let line = text.lines().find(|l| l.contains('›')).unwrap_or_default();
    assert!(line.contains("› 新疆新疆"), "{line}");
    assert!(line.contains('…'), "{line}");
}

#[test]
fn the_sidebar_reaches_the_categories_below_the_entities() {
    // Before, G, End and the wheel stopped at the last entity at 120×40 and
    // the categories below could not be reached.
    let mut app = app("東突厥斯坦共和國", 120, 40);
    app.update(Action::FocusSidebar);
    app.update(Action::Bottom);
    let text = screen(&draw(&app, 120, 40));
    assert!(text.contains("Categories"), "{text}");
    assert!(text.contains("苏联卫星国"), "the last category: {text}");
    // Enter lists the category's members in the finder.
    app.update(Action::Follow);
    assert_eq!(
        app.finder().map(|f| f.line.text.as_str()),
        Some("=苏联卫星国")
    );
    app.update(Action::FocusArticle);
    app.update(Action::FocusSidebar);
    // Up from the first category reaches the last entity again.
    for _ in 0..5 {
        app.update(Action::Up);
    }
    let text = screen(&draw(&app, 120, 40));
    assert!(text.contains("东突厥斯坦独立运动 ×1"), "{text}");
}

#[test]
fn popups_stand_apart_from_the_article_at_their_sides() {
    // Before, the article showed through next to a popup's border (`1│`,
    // `┌┌`, a wide character cut in half beside it).
    for (w, h) in SIZES {
        for action in [Action::Finder, Action::Help, Action::Headings] {
            let mut app = app("東突厥斯坦共和國", w, h);
            app.update(Action::PageDown);
            app.update(action);
            let terminal = draw(&app, w, h);
            let buffer = terminal.backend().buffer();
            let mut framed_rows = 0;
            for y in 0..h {
                let row: Vec<&str> = (0..w).map(|x| buffer[(x, y)].symbol()).collect();
                let Some(left) = row.iter().position(|s| matches!(*s, "│" | "┌" | "└"))
                else {
                    continue;
                };
                let Some(right) = row.iter().rposition(|s| matches!(*s, "│" | "┐" | "┘"))
                else {
                    continue;
                };
                if right <= left + 1 {
                    continue;
                }
                framed_rows += 1;
                if left > 0 {
                    assert_eq!(row[left - 1], " ", "{w}x{h} {action:?} row {y}: {row:?}");
                }
                if right + 1 < usize::from(w) {
                    assert!(
                        matches!(row[right + 1], " " | ""),
                        "{w}x{h} {action:?} row {y}: {row:?}"
                    );
                }
            }
            assert!(framed_rows > 3, "{w}x{h} {action:?}: no popup drawn");
        }
    }
}

#[test]
fn a_crafted_session_with_the_largest_scroll_is_offered_and_resumed_safely() {
    // Before, `line {scroll + 1}` overflowed (a panic in a debug build).
    let mut first = app("東突厥斯坦共和國", 80, 24);
    first.update(Action::PageDown);
    let mut session = first.session().expect("a session");
    session.location.scroll = usize::MAX;
    for action in [Action::Follow, Action::Down] {
        let mut app = app("伊犁危機", 80, 24);
        app.apply(Input::OfferResume(session.clone()));
        let text = screen(&draw(&app, 80, 24));
        assert!(text.contains("Resume"), "{text}");
        app.update(action);
        let text = screen(&draw(&app, 80, 24));
        let status = text.lines().last().unwrap_or_default().to_string();
        assert!(status.contains('%'), "{status}");
    }
}

/// Draws `app` and returns where the frame drew what a click can pick.
fn geometry(app: &App, width: u16, height: u16) -> ui::Geometry {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let keymap = keymap();
    let mut geometry = ui::Geometry::default();
    terminal
        .draw(|frame| geometry = ui::draw(frame, app, &keymap, Theme { color: true }))
        .expect("draws");
    geometry
}

#[test]
fn the_geometry_a_frame_publishes_is_what_the_hit_tests_name() {
    // Clicks are looked up in the geometry the last frame drew (before,
    // the terminal side asked the panes to lay themselves out again).
    use wikiread::ui::finder::result_at;
    use wikiread::ui::footnotes::footnote_at;
    use wikiread::ui::sidebar::entity_at;
    for (w, h) in SIZES {
        let mut app = app("清军收复新疆之战", w, h);
        for step in 0..3 {
            let drawn = geometry(&app, w, h);
            let areas = app.areas();
            let page = app.page().expect("page");
            for row in 0..h {
                if let Some(pane) = areas.footnotes {
                    let height = app.article_height();
                    let expected = footnote_at(page, pane, row, height, app.pinned_footnote());
                    assert_eq!(
                        drawn.footnote_at(row),
                        expected,
                        "{w}x{h} step {step} row {row}"
                    );
                }
                if let Some(sidebar) = areas.sidebar {
                    let active = app.pane() == wikiread::app::Pane::Sidebar;
                    let expected = entity_at(page, sidebar, row, app.sidebar_selected(), active);
                    assert_eq!(
                        drawn.sidebar_item_at(row),
                        expected,
                        "{w}x{h} step {step} row {row}"
                    );
                }
            }
            app.update(Action::FocusSidebar);
            for _ in 0..25 {
                app.update(Action::Down);
            }
        }
        app.update(Action::FocusArticle);
        app.update(Action::Finder);
        type_in_finder(&mut app, "x");
        for _ in 0..3 {
            app.update(Action::Down);
        }
        let drawn = geometry(&app, w, h);
        let finder = app.finder().expect("open");
        for row in 0..h {
            assert_eq!(
                drawn.finder_result_at(row),
                result_at(Rect::new(0, 0, w, h), finder, row),
                "{w}x{h} finder row {row}"
            );
        }
        assert!(!drawn.finder.is_empty());
    }
}

#[test]
fn the_script_key_shows_article_titles_and_sidebar_in_simplified_then_traditional() {
    let mut app = app("伊犁危機", 120, 32);
    let written = screen(&draw(&app, 120, 32));
    assert!(written.contains("伊犁危機"), "{written}");
    app.update(Action::CycleScript);
    let simplified = screen(&draw(&app, 120, 32));
    assert!(simplified.contains("Simplified"), "{simplified}");
    assert!(
        simplified.contains("伊犁危机（1862年－1881年）"),
        "{simplified}"
    );
    assert!(!simplified.contains("伊犁危機"), "{simplified}");
    assert!(
        simplified.contains("光绪 ×1"),
        "the sidebar too: {simplified}"
    );
    app.update(Action::CycleScript);
    let traditional = screen(&draw(&app, 120, 32));
    assert!(traditional.contains("光緒年間爆發"), "{traditional}");
    assert!(traditional.contains("光緒 ×1"), "{traditional}");
    // The links still lead where they did: the first entity is in the corpus or not as before.
    app.update(Action::CycleScript);
    let again = screen(&draw(&app, 120, 32));
    assert!(again.contains("伊犁危機"), "{again}");
}

/// `app` with a full-text index of the samples whose build stopped with
/// `error` (`None`: a whole index).
fn with_full_text(app: &mut App, error: Option<String>) {
    let search = wikiread::search::SearchIndex::in_memory().expect("an index in memory");
    wikiread::search::build::update(
        &search,
        app.corpus(),
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .expect("built");
    app.set_full_text(match error {
        Some(error) => wikiread::app::full_text::FullText::stopped(search, error),
        None => wikiread::app::full_text::FullText::ready(search),
    });
}

#[test]
fn the_category_scope_lists_the_categories_that_hold_what_was_typed() {
    let mut app = app("伊犁危機", 80, 24);
    with_full_text(&mut app, None);
    app.update(Action::Finder);
    type_in_finder(&mut app, "=新疆");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("▸ 新疆民国时期战役"), "{text}");
    assert!(text.contains("4/4"), "{text}");
    insta::assert_snapshot!("finder_category_names_80x24", text);
}

#[test]
fn after_a_full_disk_the_finder_says_its_index_is_incomplete() {
    let mut app = app("伊犁危機", 80, 24);
    let error = wikiread::search::SearchError::NoSpace.to_string();
    with_full_text(&mut app, Some(error));
    app.update(Action::Finder);
    type_in_finder(&mut app, "/无此词语");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("0/0 · search index incomplete"), "{text}");
    assert!(text.contains("the disk is full"), "{text}");
    insta::assert_snapshot!("finder_index_incomplete_80x24", text);
}
