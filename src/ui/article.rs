//! The article pane: the visible slice of the laid-out article, links styled
//! by where they lead, the focused target reversed. Reads the page only.

use super::theme::Theme;
use crate::app::page::Page;
use crate::app::search::Search;
use crate::layout::{Layout, Line as LayoutLine, Role, Target};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the lines of `layout` (the page's, or the one with hint labels)
/// that fit in `area`, search matches highlighted; while hints are shown
/// (`hints`: the letters typed), the labels that no longer match are dimmed.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &Page,
    layout: &Layout,
    search: Option<&Search>,
    hints: Option<&str>,
    theme: Theme,
) {
    let height = usize::from(area.height);
    // Search matches are places in the page's own lines, which hint labels move.
    let search = search.filter(|_| hints.is_none());
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .enumerate()
        .skip(page.scroll)
        .take(height)
        .map(|(index, line)| {
            let styled = styled_line(line, page, hints, theme);
            match search {
                Some(search) if search.on_line(index).next().is_some() => {
                    highlight(styled, search, index, theme)
                }
                _ => styled,
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Re-styles the characters of `line` that are search matches.
fn highlight<'a>(line: Line<'a>, search: &Search, index: usize, theme: Theme) -> Line<'a> {
    let matches: Vec<(bool, usize, usize)> = search
        .on_line(index)
        .map(|(i, m)| (search.current == Some(i), m.start, m.end))
        .collect();
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut position = 0usize;
    for span in line.spans {
        let mut piece = String::new();
        let mut piece_style = None;
        for c in span.content.chars() {
            let hit = matches
                .iter()
                .find(|(_, start, end)| (*start..*end).contains(&position));
            let style = match hit {
                Some((current, _, _)) => span.style.patch(theme.search_match(*current)),
                None => span.style,
            };
            if let Some(previous) = piece_style.filter(|s| *s != style) {
                spans.push(Span::styled(std::mem::take(&mut piece), previous));
            }
            piece_style = Some(style);
            piece.push(c);
            position += 1;
        }
        if let Some(style) = piece_style {
            spans.push(Span::styled(piece, style));
        }
    }
    Line::from(spans)
}

/// One laid-out line as ratatui spans (hint labels that do not start with
/// `hints`, the letters typed, dimmed).
pub fn styled_line<'a>(
    line: &'a LayoutLine,
    page: &Page,
    hints: Option<&str>,
    theme: Theme,
) -> Line<'a> {
    let spans: Vec<Span> = line
        .spans
        .iter()
        .map(|span| {
            let mut style = theme.text(span.style);
            if span.style.role == Role::Hint
                && hints.is_some_and(|typed| !span.text.trim().starts_with(typed))
            {
                style = theme.text(crate::layout::Style::role(Role::Muted));
            }
            if let Some(target) = span.target {
                style = style.patch(match page.layout.targets.get(target) {
                    Some(Target::Citation(_)) => theme.citation(),
                    _ => theme.link(page.resolutions.get(target).and_then(Option::as_ref)),
                });
                if page.focus == Some(target) {
                    style = style.patch(theme.focus());
                }
            }
            Span::styled(span.text.as_str(), style)
        })
        .collect();
    Line::from(spans)
}
