//! The article pane: the visible slice of the laid-out article, links styled
//! by where they lead, the focused target reversed. Reads the page only.

use super::theme::Theme;
use crate::app::page::Page;
use crate::layout::{Line as LayoutLine, Target};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the lines of `page` that fit in `area`.
pub fn draw(frame: &mut Frame, area: Rect, page: &Page, theme: Theme) {
    let height = usize::from(area.height);
    let lines: Vec<Line> = page
        .layout
        .lines
        .iter()
        .skip(page.scroll)
        .take(height)
        .map(|line| styled_line(line, page, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
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
