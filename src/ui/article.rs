//! The article pane: the visible slice of the laid-out article, links styled
//! by where they lead, the focused target reversed. Reads the page only.

use super::theme::Theme;
use crate::app::page::Page;
use crate::app::search::Search;
use crate::layout::{Line as LayoutLine, Target};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the lines of `page` that fit in `area`, search matches highlighted.
pub fn draw(frame: &mut Frame, area: Rect, page: &Page, search: Option<&Search>, theme: Theme) {
    let height = usize::from(area.height);
    let lines: Vec<Line> = page
        .layout
        .lines
        .iter()
        .enumerate()
        .skip(page.scroll)
        .take(height)
        .map(|(index, line)| {
            let styled = styled_line(line, page, theme);
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

/// One laid-out line as ratatui spans.
pub fn styled_line<'a>(line: &'a LayoutLine, page: &Page, theme: Theme) -> Line<'a> {
    let spans: Vec<Span> = line
        .spans
        .iter()
        .map(|span| {
            let mut style = theme.text(span.style);
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

/// Draws link-hint labels over the first characters of each target on
/// screen (those still matching what was typed).
pub fn draw_hints(
    frame: &mut Frame,
    area: Rect,
    page: &Page,
    targets: &[usize],
    typed: &str,
    theme: Theme,
) {
    let labels = crate::app::hints::labels(targets.len());
    for (&target, label) in targets.iter().zip(&labels) {
        if !label.starts_with(typed) {
            continue;
        }
        let Some(&line_index) = page.layout.target_lines.get(target) else {
            continue;
        };
        let Some(row) = line_index.checked_sub(page.scroll) else {
            continue;
        };
        let Some(line) = page.layout.lines.get(line_index) else {
            continue;
        };
        let Ok(row) = u16::try_from(row) else {
            continue;
        };
        if row >= area.height {
            continue;
        }
        // Where the target starts on its line, and how many cells the label
        // must cover to end on a character boundary.
        let mut x = 0usize;
        let mut cover = 0usize;
        let wanted = label.chars().count();
        let mut found = false;
        for span in &line.spans {
            if span.target == Some(target) {
                found = true;
                for c in span.text.chars() {
                    if cover >= wanted {
                        break;
                    }
                    cover += crate::layout::wrap::char_width(c);
                }
                break;
            }
            x += crate::layout::wrap::text_width(&span.text);
        }
        if !found || x >= usize::from(area.width) {
            continue;
        }
        let cover = cover.max(wanted).min(usize::from(area.width) - x);
        let text: String = format!("{label:<cover$}").chars().take(cover).collect();
        let x = area.x + u16::try_from(x).unwrap_or(u16::MAX);
        frame
            .buffer_mut()
            .set_string(x, area.y + row, text, theme.hint());
    }
}
