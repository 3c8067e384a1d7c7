//! Drawing the finder popup: the query line with its cursor, the ranked
//! results with their matched characters highlighted, and the selected
//! result's preview. Reads `App` only; every character of a name passes
//! through `visible_control`, so nothing from an article reaches the
//! terminal as a control sequence.

use super::popup::popup_frame;
use super::theme::Theme;
use crate::app::App;
use crate::app::finder::{Finder, Scope};
use crate::corpus::Resolution;
use crate::document::visible_control;
use crate::finder::{ItemKind, ItemRef};
use crate::i18n::Text;
use crate::layout::wrap::{Run, char_width, text_width, wrap};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Where the parts of the popup go inside its frame.
struct Geometry {
    /// Inside the frame.
    inner: Rect,
    result_rows: usize,
    preview_rows: usize,
}

/// The popup's inside for a screen `area`, and its parts; `None` when too
/// small to show results.
fn geometry(area: Rect) -> Option<Geometry> {
    let (width, height) = crate::app::screen::popup_size(area);
    let rect = crate::app::screen::centred(area, width, height);
    let inner = Rect {
        x: rect.x + 1,
        y: rect.y + 1,
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    };
    if inner.width < 4 || inner.height < 3 {
        return None;
    }
    let rows = usize::from(inner.height);
    let preview_rows = if rows >= 10 { (rows / 3).max(3) } else { 0 };
    let result_rows = rows
        - 2
        - if preview_rows > 0 {
            preview_rows + 1
        } else {
            0
        };
    Some(Geometry {
        inner,
        result_rows,
        preview_rows,
    })
}

/// The first result row shown when `selected` is selected.
fn first_shown(selected: usize, rows: usize) -> usize {
    (selected + 1).saturating_sub(rows)
}

/// The result drawn at screen row `y` of a screen `area`, if any: the same
/// geometry and scroll as drawing.
pub fn result_at(area: Rect, finder: &Finder, y: u16) -> Option<usize> {
    let geometry = geometry(area)?;
    let first_row = geometry.inner.y + 2;
    let row = usize::from(y.checked_sub(first_row)?);
    if row >= geometry.result_rows {
        return None;
    }
    let selected = finder.selected.min(finder.hits.len().checked_sub(1)?);
    let index = first_shown(selected, geometry.result_rows) + row;
    (index < finder.hits.len()).then_some(index)
}

/// Draws the finder over `area`; the screen rows it drew each result on
/// (for clicks).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    finder: &Finder,
    theme: Theme,
) -> Vec<(u16, usize)> {
    let (width, height) = crate::app::screen::popup_size(area);
    let (scope, _) = finder.scope();
    let title = crate::tr!(Text::FinderTitle, scope.label());
    popup_frame(frame, area, width, height, &title, theme);
    let Some(Geometry {
        inner,
        result_rows,
        preview_rows,
    }) = geometry(area)
    else {
        return Vec::new();
    };
    let width = usize::from(inner.width);
    let rule = Line::styled("─".repeat(width), theme.border(false));

    let mut lines = Vec::with_capacity(usize::from(inner.height));
    lines.push(query_line(finder, width, theme));
    lines.push(rule.clone());
    lines.extend(result_lines(app, finder, width, result_rows, theme));
    lines.resize(2 + result_rows, Line::raw(""));
    if preview_rows > 0 {
        lines.push(rule);
        lines.extend(preview_lines(finder, width, preview_rows, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    // The cursor sits in the query line, where it is in the typed text.
    let prompt = 2;
    let (_, before) = query_window(finder, width);
    let x = (prompt + before).min(width.saturating_sub(1));
    frame.set_cursor_position(Position {
        x: inner.x + u16::try_from(x).unwrap_or(0),
        y: inner.y,
    });
    // The results' rows, as `result_at` reads them.
    let first = finder.hits.len().checked_sub(1).map_or(0, |last| {
        first_shown(finder.selected.min(last), result_rows)
    });
    (0..result_rows)
        .filter(|row| first + row < finder.hits.len())
        .filter_map(|row| Some((inner.y + 2 + u16::try_from(row).ok()?, first + row)))
        .collect()
}

/// The part of the query the query line shows, and the cursor's column in
/// it: all of it when it fits, else the part around the cursor (an ellipsis
/// before it when the start is cut, after it when the end is), so what is
/// being typed is always in view.
fn query_window(finder: &Finder, width: usize) -> (String, usize) {
    let room = width.saturating_sub(2 + text_width(&query_status(finder)) + 1);
    let query: Vec<char> = finder.line.text.chars().map(visible_control).collect();
    let cursor = finder.line.text[..finder.line.cursor.min(finder.line.text.len())]
        .chars()
        .count();
    let whole: String = query.iter().collect();
    if text_width(&whole) <= room {
        let before: String = query[..cursor].iter().collect();
        return (whole, text_width(&before));
    }
    // Back from the cursor while there is room (one column for `…`).
    let width_of = |c: &char| crate::layout::wrap::char_width(*c);
    let mut start = cursor;
    let mut used = 0;
    while start > 0 && used + width_of(&query[start - 1]) < room {
        start -= 1;
        used += width_of(&query[start]);
    }
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
        used += 1;
    }
    shown.extend(&query[start..cursor]);
    let before = used;
    // Then on after the cursor, as far as it goes.
    let mut end = cursor;
    while end < query.len() && used + width_of(&query[end]) <= room {
        used += width_of(&query[end]);
        end += 1;
    }
    shown.extend(&query[cursor..end]);
    if end < query.len() {
        shown = fit(&format!("{shown}…"), room);
    }
    (shown, before)
}

/// The match count (or "searching…") at the right of the query line.
fn query_status(finder: &Finder) -> String {
    if finder.searching {
        crate::tr!(Text::Searching)
    } else if let Some(percent) = finder.text.as_ref().and_then(|t| t.partial) {
        // Results from a search index still being built.
        format!(
            "{}/{} · {}",
            finder.hits.len(),
            finder.matched,
            crate::tr!(Text::SearchIndexing, percent)
        )
    } else if finder.text.as_ref().is_some_and(|t| t.incomplete) {
        format!(
            "{}/{} · {}",
            finder.hits.len().min(finder.matched),
            finder.matched,
            crate::tr!(Text::SearchIndexIncomplete)
        )
    } else {
        format!(
            "{}/{}{}",
            finder.hits.len().min(finder.matched),
            if finder.counted { "" } else { "≤" },
            finder.matched
        )
    }
}

/// `› query` with the match count (or "searching…") at the right; a
/// count still being settled reads `60/≤1234`.
fn query_line(finder: &Finder, width: usize, theme: Theme) -> Line<'static> {
    let status = query_status(finder);
    let (typed, _) = query_window(finder, width);
    let pad = width.saturating_sub(2 + text_width(&typed) + text_width(&status));
    Line::from(vec![
        Span::styled("› ", theme.border(true)),
        Span::raw(typed),
        Span::raw(" ".repeat(pad)),
        Span::styled(status, theme.border(false)),
    ])
}

/// The visible results, the selected one reversed, matched characters
/// highlighted; a message when there are none.
fn result_lines(
    app: &App,
    finder: &Finder,
    width: usize,
    rows: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let Some(index) = &finder.shown_index else {
        return vec![Line::styled(
            fit(&crate::tr!(Text::Searching), width),
            theme.border(false),
        )];
    };
    if finder.hits.is_empty() {
        let (scope, text) = finder.scope();
        let problem = finder.text.as_ref().and_then(|t| t.problem.clone());
        let message = if let Some(problem) = problem.filter(|_| !finder.searching) {
            problem
        } else if text.trim().is_empty() {
            match scope {
                Scope::Titles => crate::tr!(Text::FinderNoArticles),
                Scope::Text => crate::tr!(Text::FinderTextEmpty),
                Scope::LinksHere => crate::tr!(Text::FinderLinksHereEmpty),
                Scope::Category => crate::tr!(Text::FinderCategoryEmpty),
                Scope::Bookmarks => crate::tr!(Text::FinderBookmarksEmpty),
                Scope::Trail => crate::tr!(Text::FinderTrailEmpty),
                _ => crate::tr!(Text::FinderScopeEmpty, scope.label()),
            }
        } else {
            crate::tr!(Text::FinderNoMatch, scope.label(), text.trim())
        };
        let hint = crate::tr!(Text::FinderPrefixes);
        return vec![
            Line::raw(fit(&sanitize(&message), width)),
            Line::styled(fit(&hint, width), theme.border(false)),
        ];
    }
    let selected = finder.selected.min(finder.hits.len() - 1);
    let scroll = first_shown(selected, rows);
    finder
        .hits
        .iter()
        .enumerate()
        .skip(scroll)
        .take(rows)
        .filter_map(|(i, hit)| {
            let item = index.item(hit.item)?;
            let mut line = result_line(app, item, &hit.positions, width, theme);
            if i == selected {
                line = line.patch_style(theme.focus());
            }
            Some(line)
        })
        .collect()
}

/// One result: its name (matched characters highlighted) and what it
/// leads to, cut to `width` cells.
fn result_line(
    app: &App,
    item: ItemRef<'_>,
    positions: &[usize],
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let note = note(app, item);
    let note_width = if note.is_empty() {
        0
    } else {
        text_width(&note) + 1
    };
    let name_room = width.saturating_sub(2 + note_width).max(width.min(8));
    let highlight = theme.search_match(false);
    let mut spans = vec![Span::raw("  ")];
    let mut used = 0;
    let mut run = String::new();
    let mut run_matched = false;
    let name = sanitize(item.name);
    let cut = text_width(&name) > name_room;
    let room = if cut {
        name_room.saturating_sub(1)
    } else {
        name_room
    };
    for (i, c) in name.chars().enumerate() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        let matched = positions.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_matched, highlight));
        }
        run_matched = matched;
        run.push(c);
        used += w;
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_matched, highlight));
    }
    if cut {
        spans.push(Span::raw("…"));
        used += 1;
    }
    if !note.is_empty() && 2 + used + 1 + text_width(&note) <= width {
        let pad = width - (2 + used + text_width(&note));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(note, theme.border(false)));
    } else {
        spans.push(Span::raw(" ".repeat(width.saturating_sub(2 + used))));
    }
    Line::from(spans)
}

fn styled_run(text: String, matched: bool, highlight: Style) -> Span<'static> {
    if matched {
        Span::styled(text, highlight.add_modifier(Modifier::BOLD))
    } else {
        Span::raw(text)
    }
}

/// What a result leads to, shown dimmed at the right.
fn note(app: &App, item: ItemRef<'_>) -> String {
    let title = |id: usize| {
        app.corpus()
            .entry(id)
            .map_or_else(String::new, |e| sanitize(e.title))
    };
    match item.kind {
        ItemKind::Article => String::new(),
        ItemKind::Redirect | ItemKind::Alias => format!("→ {}", title(item.target)),
        ItemKind::Heading | ItemKind::Footnote => String::new(),
        ItemKind::Entity => {
            let entity = app.page().and_then(|p| p.entities.get(item.target));
            match entity.map(|e| (&e.resolution, e.entity.mentions)) {
                Some((Resolution::InCorpus(_), mentions)) => format!("×{mentions}"),
                Some((_, mentions)) => crate::tr!(Text::FinderNotInCorpus, mentions),
                None => String::new(),
            }
        }
    }
}

/// The preview: a heading line, then the text wrapped for Chinese.
fn preview_lines(finder: &Finder, width: usize, rows: usize, theme: Theme) -> Vec<Line<'static>> {
    let preview = &finder.preview;
    let mut lines = Vec::with_capacity(rows);
    if !preview.heading.is_empty() {
        lines.push(Line::styled(
            fit(&sanitize(&preview.heading), width),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    if preview.pending {
        // The lead is being read.
        lines.push(Line::raw("…"));
    } else if !preview.text.is_empty() {
        // Marked text (a full-text result's matches) goes through the wrap
        // as runs with a target, which is how it is told apart after.
        let runs = marked_runs(&preview.text, &preview.marks);
        for line in wrap(&runs, width, &[], &[]) {
            if lines.len() >= rows {
                break;
            }
            let spans: Vec<Span<'static>> = line
                .spans
                .iter()
                .map(|span| match span.target {
                    Some(_) => Span::styled(sanitize(&span.text), theme.search_match(false)),
                    None => Span::raw(sanitize(&span.text)),
                })
                .collect();
            lines.push(Line::from(spans));
        }
    }
    lines.truncate(rows);
    lines
}

/// `text` as runs, the byte ranges `marks` given a target (any) so that
/// they can be told apart once wrapped.
fn marked_runs<'a>(text: &'a str, marks: &[std::ops::Range<usize>]) -> Vec<Run<'a>> {
    let mut runs = Vec::new();
    let mut at = 0;
    for mark in marks {
        let (Some(before), Some(marked)) = (text.get(at..mark.start), text.get(mark.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            runs.push(Run::new(before, Default::default(), None));
        }
        runs.push(Run::new(marked, Default::default(), Some(0)));
        at = mark.end;
    }
    if let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        runs.push(Run::new(rest, Default::default(), None));
    }
    runs
}

/// Control characters as visible stand-ins.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(visible_control)
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

/// `text` cut to `width` cells (with `…`).
fn fit(text: &str, width: usize) -> String {
    super::sidebar::truncate(text, width)
}
