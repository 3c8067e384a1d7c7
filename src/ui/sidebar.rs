//! The entity sidebar: the article's entities in order of first mention
//! with their counts (those in the corpus set apart, those on screen
//! marked), then the categories, then the articles that link here (once the
//! full-text index has said). Reads the page only. The infobox is shown
//! whole in the article, never here.

use super::theme::Theme;
use crate::app::page::Page;
use crate::corpus::Resolution;
use crate::layout::wrap::{char_width, text_width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Borders, Paragraph};

/// Draws the sidebar in `area`; the screen rows it drew each item (an
/// entity, or a category after them) on, for clicks.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &Page,
    article_height: usize,
    selected: usize,
    active: bool,
    theme: Theme,
) -> Vec<(u16, usize)> {
    let block = pane_block(theme, active).title(Span::styled(
        crate::tr!(crate::i18n::Text::SidebarTitle, page.entities.len()),
        theme.border(active),
    ));
    let inner = inside(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);

    let mut lines: Vec<Line> = Vec::new();
    let visible = page.visible_targets(article_height);
    let entity_start = lines.len();
    for (i, view) in page.entities.iter().enumerate() {
        let on_screen = view.mentions.iter().any(|t| visible.contains(t));
        let (mark, style) = match view.resolution {
            Resolution::InCorpus(_) => ("●", theme.link(Some(&view.resolution))),
            _ => ("○", theme.link(Some(&view.resolution))),
        };
        let count = format!(" ×{}", view.entity.mentions);
        let name_width = width.saturating_sub(3 + text_width(&count));
        let mut line = Line::from(vec![
            Span::raw(if on_screen { "›" } else { " " }),
            Span::styled(mark, style),
            Span::raw(" "),
            Span::styled(
                truncate(&page.script.show(&view.entity.title), name_width),
                style,
            ),
            Span::styled(
                count,
                theme.text(crate::layout::Style::role(crate::layout::Role::Muted)),
            ),
        ]);
        if active && i == selected {
            line = line.patch_style(theme.focus());
        }
        lines.push(line);
    }
    if !page.article.categories.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            crate::tr!(crate::i18n::Text::Categories),
            theme.text(crate::layout::Style::role(crate::layout::Role::Label)),
        ));
        for (j, category) in page.article.categories.iter().enumerate() {
            let mut line = Line::raw(format!("  {}", truncate(category, width.saturating_sub(2))));
            if active && selected == page.entities.len() + j {
                line = line.patch_style(theme.focus());
            }
            lines.push(line);
        }
    }
    if let Some((rows, total)) = &page.backlinks
        && *total > 0
    {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            crate::tr!(crate::i18n::Text::SidebarLinksHere, total),
            theme.text(crate::layout::Style::role(crate::layout::Role::Label)),
        ));
        let first = page.entities.len() + page.article.categories.len();
        for (j, (_, title)) in rows.iter().enumerate() {
            let style = theme.link(Some(&Resolution::InCorpus(0)));
            let mut line = Line::from(vec![
                Span::raw(" "),
                Span::styled("●", style),
                Span::raw(" "),
                Span::styled(
                    truncate(&page.script.show(title), width.saturating_sub(3)),
                    style,
                ),
            ]);
            if active && selected == first + j {
                line = line.patch_style(theme.focus());
            }
            lines.push(line);
        }
    }
    let selected_line = item_line(page, entity_start, selected);
    let height = usize::from(inner.height);
    let scroll = list_scroll(selected_line, active, height);
    let items = item_count(page);
    let rows = (0..items)
        .filter_map(|index| {
            let row = item_line(page, entity_start, index).checked_sub(scroll)?;
            (row < height).then(|| Some((inner.y + u16::try_from(row).ok()?, index)))?
        })
        .collect();
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    rows
}

/// The pane's frame: a left border, and a title row above the list.
fn pane_block(theme: Theme, active: bool) -> Frame_<'static> {
    Frame_::new()
        .borders(Borders::LEFT)
        .border_style(theme.border(active))
}

/// Where the list is drawn inside the pane at `area` (below the title row).
fn inside(area: Rect) -> Rect {
    pane_block(Theme { color: false }, false)
        .title(" ")
        .inner(area)
}

/// The line of item `index` of the list (the entities, then the
/// categories below a blank line and their heading), when the entities
/// start at line `entity_start`.
fn item_line(page: &Page, entity_start: usize, index: usize) -> usize {
    let entities = page.entities.len();
    let categories = page.article.categories.len();
    // A section after the entities: a blank line and its heading first.
    let category_lines = if categories > 0 { 2 + categories } else { 0 };
    if index < entities {
        entity_start + index
    } else if index < entities + categories {
        entity_start + entities + 2 + (index - entities)
    } else {
        entity_start + entities + category_lines + 2 + (index - entities - categories)
    }
}

/// How many items the list holds: entities, categories, links here.
fn item_count(page: &Page) -> usize {
    let backlinks = page
        .backlinks
        .as_ref()
        .filter(|(_, total)| *total > 0)
        .map_or(0, |(rows, _)| rows.len());
    page.entities.len() + page.article.categories.len() + backlinks
}

/// How far the list scrolls: when the pane is active, enough to show the
/// selected item, at line `selected_line`.
fn list_scroll(selected_line: usize, active: bool, height: usize) -> usize {
    if active && selected_line >= height.max(1) {
        selected_line + 1 - height.max(1)
    } else {
        0
    }
}

/// The item (an entity, or a category after them) drawn at screen row
/// `row` of the sidebar at `area` (drawn as `draw` draws it), for mouse clicks.
pub fn entity_at(
    page: &Page,
    area: Rect,
    row: u16,
    selected: usize,
    active: bool,
) -> Option<usize> {
    let inner = inside(area);
    let row = usize::from(row.checked_sub(inner.y)?);
    let start = 0;
    let scroll = list_scroll(
        item_line(page, start, selected),
        active,
        usize::from(inner.height),
    );
    if row >= usize::from(inner.height) {
        return None;
    }
    let line = row + scroll;
    (0..item_count(page)).find(|&index| item_line(page, start, index) == line)
}

/// `text` cut to `width` cells, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}
