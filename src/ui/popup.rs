//! Popups over the reader: help (generated from the keymap in effect, so it
//! always shows the real keys), the article's headings, and (through
//! `ui::finder`) the finder.
//! Reads state only.

use super::sidebar::truncate;
use super::theme::Theme;
use crate::app::{App, Popup};
use crate::i18n::Text;
use crate::keymap::{Context, Keymap};
use crate::layout::wrap::text_width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draws the open popup, if any, over `area`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    keymap: &Keymap,
    theme: Theme,
) -> Vec<(u16, usize)> {
    if let Some(session) = app.resume() {
        draw_resume(frame, area, app, session, theme);
        return Vec::new();
    }
    let Some(popup) = app.popup() else {
        return Vec::new();
    };
    if let (Popup::Finder, Some(finder)) = (popup, app.finder()) {
        return super::finder::draw(frame, area, app, finder, theme);
    }
    let (title, lines, selected) = match popup {
        Popup::Help { scroll } => (
            crate::tr!(Text::HelpTitle),
            help_lines(keymap, theme),
            Some(*scroll),
        ),
        Popup::Finder => return Vec::new(),
        Popup::Headings { selected } => (
            crate::tr!(Text::HeadingsTitle),
            app.page().map_or_else(Vec::new, |page| {
                page.layout
                    .headings
                    .iter()
                    .map(|h| {
                        let indent = "  ".repeat(usize::from(h.depth.saturating_sub(1)));
                        Line::raw(format!("{indent}{} {}", h.number, h.text))
                    })
                    .collect()
            }),
            Some(*selected),
        ),
    };
    let (width, height) = crate::app::screen::popup_size(area);
    let inner = popup_frame(frame, area, width, height, &title, theme);
    let visible = usize::from(inner.height).max(1);
    let is_help = matches!(popup, Popup::Help { .. });
    let selected = selected.unwrap_or(0).min(lines.len().saturating_sub(1));
    let scroll = if is_help {
        selected.min(lines.len().saturating_sub(visible))
    } else if selected >= visible {
        selected + 1 - visible
    } else {
        0
    };
    let inner_width = usize::from(inner.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(scroll)
        .take(visible)
        .map(|(i, line)| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let cut = Line::from(
                line.spans
                    .iter()
                    .map(|s| Span::styled(s.content.to_string(), s.style))
                    .collect::<Vec<_>>(),
            );
            let cut = if text_width(&text) > inner_width {
                Line::raw(truncate(&text, inner_width))
            } else {
                cut
            };
            if !is_help && i == selected {
                cut.patch_style(theme.focus())
            } else {
                cut
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    Vec::new()
}

/// Clears a centred `width`×`height` box over `area` with a blank margin of
/// one cell at its sides (so no character of the article stands against its
/// border: `1│`, `┌┌`), frames it with `title`, and returns the inside.
pub(super) fn popup_frame(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: Theme,
) -> Rect {
    let rect = crate::app::screen::centred(area, width, height);
    // The margin is at the sides only: above and below are the article's
    // rows and the status bar, which stand apart from the frame anyway.
    let left = rect.x.saturating_sub(1).max(area.x);
    let margin = Rect {
        x: left,
        width: (rect.right() + 1).min(area.right()) - left,
        ..rect
    };
    frame.render_widget(Clear, margin);
    blank_wide_characters_at_edges(frame.buffer_mut(), margin);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(title.to_string());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// The offer to resume the last session.
fn draw_resume(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    session: &crate::app::session::Session,
    theme: Theme,
) {
    let title = app
        .corpus()
        .id_of_entry_path(&session.location.path)
        .and_then(|id| app.corpus().entry(id))
        .map_or(session.location.path.as_str(), |e| e.title);
    let lines = vec![
        Line::raw(crate::tr!(
            Text::ResumeQuestion,
            title,
            session.location.scroll.saturating_add(1)
        )),
        Line::raw(crate::tr!(Text::ResumeKeys)),
    ];
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 4;
    let inner = popup_frame(
        frame,
        area,
        width.min(area.width),
        4.min(area.height),
        &crate::tr!(Text::ResumeTitle),
        theme,
    );
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            Line::raw(truncate(&text, usize::from(inner.width)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The keys in effect, by context, with their descriptions.
/// How many lines the help popup has for `keymap`.
pub fn help_line_count(keymap: &Keymap) -> usize {
    help_lines(keymap, Theme { color: false }).len()
}

fn help_lines(keymap: &Keymap, theme: Theme) -> Vec<Line<'static>> {
    let heading = theme.text(crate::layout::Style {
        strong: true,
        ..Default::default()
    });
    let mut lines = Vec::new();
    for (context, name) in [
        (Context::Global, Text::ContextGlobal),
        (Context::Article, Text::ContextArticle),
        (Context::Sidebar, Text::ContextSidebar),
        (Context::Footnotes, Text::ContextFootnotes),
        (Context::Finder, Text::ContextFinder),
        (Context::Help, Text::ContextHelp),
        (Context::Headings, Text::ContextHeadings),
    ] {
        let name = crate::tr!(name);
        let bindings = keymap.bindings(context);
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(name, heading));
        // The key column is as wide as the longest key, so descriptions get the rest.
        let column = bindings
            .iter()
            .map(|(keys, _, _)| text_width(keys))
            .max()
            .unwrap_or(0)
            .min(14);
        for (keys, action, desc) in bindings {
            let desc = crate::i18n::action_description(action, desc);
            let pad = column.saturating_sub(text_width(&keys));
            lines.push(Line::raw(format!(" {keys}{} {desc}", " ".repeat(pad))));
        }
    }
    lines
}

/// A double-width character just left of the popup would spill over its
/// border, and one cut by its right edge would leave half a character:
/// both become spaces.
fn blank_wide_characters_at_edges(buffer: &mut ratatui::buffer::Buffer, rect: Rect) {
    let area = buffer.area;
    for y in rect.top()..rect.bottom() {
        if rect.left() > area.left()
            && let Some(cell) = buffer.cell_mut((rect.left() - 1, y))
            && text_width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
        if rect.right() < area.right()
            && let Some(cell) = buffer.cell_mut((rect.right(), y))
            && cell.symbol().is_empty()
        {
            cell.set_symbol(" ");
        }
    }
}
