//! The footnote pane: the footnotes cited in the part of the article on
//! screen (the followed one first and highlighted), each wrapped to the
//! pane. Reads the page only.

use super::theme::Theme;
use crate::app::page::Page;
use crate::layout::layout_footnotes;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the footnote pane in `area`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &Page,
    article_height: usize,
    selected: Option<u32>,
    active: bool,
    theme: Theme,
) {
    let numbers = shown_numbers(page, article_height, selected);
    let title = if numbers.is_empty() {
        " 注释 · no citations on screen ".to_string()
    } else {
        format!(" 注释 · {} cited on screen ", numbers.len())
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border(active))
        .title(Span::styled(title, theme.border(active)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let footnotes: Vec<_> = numbers
        .iter()
        .filter_map(|n| {
            page.article
                .footnotes
                .iter()
                .find(|f| f.number == *n)
                .cloned()
        })
        .collect();
    let layout = layout_footnotes(&footnotes, usize::from(inner.width));
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let first_of_selected =
                selected.is_some() && i < first_entry_end(&layout.footnote_lines);
            let mut styled = Line::from(
                line.spans
                    .iter()
                    .map(|span| Span::styled(span.text.as_str(), theme.text(span.style)))
                    .collect::<Vec<_>>(),
            );
            if first_of_selected {
                styled = styled.patch_style(theme.focus());
            }
            styled
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The footnotes the pane shows, in order: the selected one first, then
/// those cited on screen.
pub fn shown_numbers(page: &Page, article_height: usize, selected: Option<u32>) -> Vec<u32> {
    let mut numbers = page.visible_citations(article_height);
    if let Some(n) = selected {
        numbers.retain(|&m| m != n);
        numbers.insert(0, n);
    }
    numbers
}

/// The footnote drawn on `row` of the pane's inside (`width` wide), for clicks.
pub fn footnote_at_row(
    page: &Page,
    article_height: usize,
    selected: Option<u32>,
    width: usize,
    row: usize,
) -> Option<u32> {
    let footnotes: Vec<_> = shown_numbers(page, article_height, selected)
        .iter()
        .filter_map(|n| {
            page.article
                .footnotes
                .iter()
                .find(|f| f.number == *n)
                .cloned()
        })
        .collect();
    let layout = layout_footnotes(&footnotes, width);
    layout
        .footnote_lines
        .iter()
        .rev()
        .find(|&&(_, line)| line <= row)
        .map(|&(number, _)| number)
}

/// The line where the second footnote entry starts (the first one's end).
fn first_entry_end(footnote_lines: &[(u32, usize)]) -> usize {
    footnote_lines.get(1).map_or(usize::MAX, |&(_, line)| line)
}
