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

/// Draws the footnote pane in `area`; the screen rows it drew each
/// footnote on (for clicks).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &Page,
    article_height: usize,
    selected: Option<u32>,
    active: bool,
    theme: Theme,
) -> Vec<(u16, u32)> {
    let numbers = page.shown_footnotes(article_height, selected);
    let title = if numbers.is_empty() {
        crate::tr!(crate::i18n::Text::FootnotesNoneOnScreen)
    } else {
        crate::tr!(crate::i18n::Text::FootnotesOnScreen, numbers.len())
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border(active))
        .title(Span::styled(title, theme.border(active)));
    let inner = inside(area);
    frame.render_widget(block, area);
    let layout = pane_layout(page, &numbers, usize::from(inner.width));
    let height = usize::from(inner.height);
    let selected_lines = selected.and_then(|n| entry_lines(&layout, n));
    let scroll = pane_scroll(selected_lines.clone(), height);
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, line)| {
            let styled = Line::from(
                line.spans
                    .iter()
                    .map(|span| Span::styled(span.text.as_str(), theme.text(span.style)))
                    .collect::<Vec<_>>(),
            );
            if selected_lines
                .as_ref()
                .is_some_and(|lines| lines.contains(&i))
            {
                styled.patch_style(theme.focus())
            } else {
                styled
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    // Which footnote each drawn row belongs to.
    let mut rows = Vec::new();
    for (i, &(number, start)) in layout.footnote_lines.iter().enumerate() {
        let end = layout
            .footnote_lines
            .get(i + 1)
            .map_or(layout.lines.len(), |&(_, line)| line);
        for line in start.max(scroll)..end.min(scroll + height) {
            if let Ok(offset) = u16::try_from(line - scroll) {
                rows.push((inner.y + offset, number));
            }
        }
    }
    rows
}

/// The footnotes `numbers` laid out at `width`: their entries taken from
/// the page's footnote layout when it was made at that width (it always is
/// for the pane, which is as wide as the article), else laid out here.
fn pane_layout(page: &Page, numbers: &[u32], width: usize) -> crate::layout::Layout {
    let cached = &page.footnote_layout;
    if cached.width == width {
        let mut layout = crate::layout::Layout {
            width,
            // The spans' targets point into the cached layout's.
            targets: cached.targets.clone(),
            ..Default::default()
        };
        for &number in numbers {
            if let Some(lines) = entry_lines(cached, number) {
                layout.footnote_lines.push((number, layout.lines.len()));
                layout.lines.extend(cached.lines[lines].iter().cloned());
            }
        }
        return layout;
    }
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
    layout_footnotes(&footnotes, width)
}

/// The lines footnote `number` takes in `layout`.
fn entry_lines(layout: &crate::layout::Layout, number: u32) -> Option<std::ops::Range<usize>> {
    let index = layout
        .footnote_lines
        .iter()
        .position(|&(n, _)| n == number)?;
    let start = layout.footnote_lines[index].1;
    let end = layout
        .footnote_lines
        .get(index + 1)
        .map_or(layout.lines.len(), |&(_, line)| line);
    Some(start..end)
}

/// How far the pane scrolls so that the selected entry is in view.
fn pane_scroll(selected: Option<std::ops::Range<usize>>, height: usize) -> usize {
    match selected {
        // An entry that would end below the pane is brought up to its
        // bottom (the footnotes before it fill the pane above it), or to
        // its top when it is taller than the pane.
        Some(lines) if lines.end > height && lines.len() <= height => lines.end - height,
        Some(lines) if lines.end > height => lines.start,
        _ => 0,
    }
}

/// Where the footnotes are drawn inside the pane at `area` (below its top
/// border, which carries the title).
fn inside(area: Rect) -> Rect {
    Block::new().borders(Borders::TOP).inner(area)
}

/// The footnote drawn at screen row `row` of the pane at `area` (drawn as
/// `draw` draws it), for mouse clicks.
pub fn footnote_at(
    page: &Page,
    area: Rect,
    row: u16,
    article_height: usize,
    selected: Option<u32>,
) -> Option<u32> {
    let inner = inside(area);
    let row = usize::from(row.checked_sub(inner.y)?);
    let numbers = page.shown_footnotes(article_height, selected);
    let layout = pane_layout(page, &numbers, usize::from(inner.width));
    let scroll = pane_scroll(
        selected.and_then(|n| entry_lines(&layout, n)),
        usize::from(inner.height),
    );
    layout
        .footnote_lines
        .iter()
        .rev()
        .find(|&&(_, line)| line <= row + scroll)
        .map(|&(number, _)| number)
}

#[cfg(test)]
mod tests {
    use super::{pane_layout, pane_scroll};

    #[test]
    fn the_pane_takes_its_entries_from_the_page_as_laid_out_whole() {
        let corpus = crate::corpus::Corpus::builtin();
        let id = corpus.resolve_title("東突厥斯坦共和國").expect("a sample");
        let page = crate::app::page::Page::open(&corpus, id, 60).expect("opens");
        let numbers = [5, 1, 9];
        let picked = pane_layout(&page, &numbers, 60);
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
        let whole = crate::layout::layout_footnotes(&footnotes, 60);
        let texts =
            |l: &crate::layout::Layout| l.lines.iter().map(|l| l.text()).collect::<Vec<_>>();
        assert_eq!(texts(&picked), texts(&whole));
        assert_eq!(picked.footnote_lines, whole.footnote_lines);
        // Another width (not the pane's) is laid out anew, the same way.
        let narrower = crate::layout::layout_footnotes(&footnotes, 40);
        assert_eq!(texts(&pane_layout(&page, &numbers, 40)), texts(&narrower));
    }

    #[test]
    fn a_selected_footnote_below_the_pane_comes_up_to_its_bottom_not_its_top() {
        // Before, it was brought to the top, leaving blank lines below
        // when it was the last footnote.
        assert_eq!(pane_scroll(Some(2..4), 6), 0, "already in view");
        assert_eq!(
            pane_scroll(Some(8..10), 6),
            4,
            "its last line at the bottom"
        );
        assert_eq!(
            pane_scroll(Some(8..20), 6),
            8,
            "taller than the pane: its top"
        );
        assert_eq!(pane_scroll(None, 6), 0);
    }
}
