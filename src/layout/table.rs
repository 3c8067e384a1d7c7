//! Tables and infoboxes drawn with box-drawing borders, columns sized by the
//! display width of their cells and shrunk fairly when the page is narrow;
//! on a page too narrow for columns, each row is stacked as `label: value`
//! lines. Like all of layout, it never returns a line wider than its width.

use super::wrap::{Run, spans_width, wrap};
use super::{Builder, Line, Role, Span, Style};
use crate::document::{Cell, Infobox, Inline, Table};

/// Tables wider than this many columns are cut (the rest is dropped).
const MAX_COLUMNS: usize = 64;

/// The infobox as a two-column table: its kind as caption, keys as labels.
pub fn infobox_table(infobox: &Infobox) -> Table {
    Table {
        caption: if infobox.kind.trim().is_empty() {
            Vec::new()
        } else {
            vec![Inline::text(infobox.kind.trim())]
        },
        rows: infobox
            .rows
            .iter()
            .map(|row| {
                vec![
                    Cell {
                        header: true,
                        content: vec![Inline::text(row.key.clone())],
                    },
                    Cell {
                        header: false,
                        content: row.value.clone(),
                    },
                ]
            })
            .collect(),
    }
}

/// Lays a table out at `width`, every line starting with `prefix`.
pub(super) fn layout_table<'t>(
    builder: &mut Builder<'_>,
    table: &'t Table,
    width: usize,
    prefix: &[Span],
) -> Vec<Line> {
    let prefix: &[Span] = if spans_width(prefix) + 8 <= width {
        prefix
    } else {
        &[]
    };
    let avail = width - spans_width(prefix).min(width);
    let mut lines = Vec::new();
    if !table.caption.is_empty() {
        let caption_style = Style {
            strong: true,
            ..Style::role(Role::Caption)
        };
        let runs = builder.runs(&table.caption, caption_style);
        lines.extend(wrap(&runs, width, prefix, prefix));
    }
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMNS);
    if columns == 0 || avail == 0 {
        return lines;
    }
    // Runs of every cell, registered as targets in reading order.
    let cells: Vec<Vec<Vec<Run<'t>>>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .take(columns)
                .map(|cell| {
                    let style = if cell.header {
                        Style {
                            strong: true,
                            ..Style::role(Role::Label)
                        }
                    } else {
                        Style::default()
                    };
                    builder.runs(&cell.content, style)
                })
                .collect()
        })
        .collect();
    let border_cost = 3 * columns + 1;
    if avail < border_cost + 2 * columns {
        lines.extend(stacked(&cells, avail, prefix));
        return lines;
    }
    let widths = column_widths(&cells, columns, avail - border_cost);
    lines.push(border_line(prefix, &widths, '┌', '┬', '┐'));
    for (r, row) in cells.iter().enumerate() {
        if r > 0 {
            lines.push(border_line(prefix, &widths, '├', '┼', '┤'));
        }
        lines.extend(row_lines(row, &widths, prefix));
    }
    lines.push(border_line(prefix, &widths, '└', '┴', '┘'));
    lines
}

/// The widest line of a cell when nothing wraps.
fn natural_width(runs: &[Run]) -> usize {
    let text: String = runs.iter().map(|run| run.text.as_ref()).collect();
    text.split('\n')
        .map(super::wrap::text_width)
        .max()
        .unwrap_or(0)
}

/// Widths for each column that add up to at most `content_width`: natural
/// widths when they fit; otherwise narrow columns keep theirs and the rest
/// share what is left equally.
fn column_widths(cells: &[Vec<Vec<Run>>], columns: usize, content_width: usize) -> Vec<usize> {
    let mut natural = vec![1usize; columns];
    for row in cells {
        for (c, runs) in row.iter().enumerate() {
            natural[c] = natural[c].max(natural_width(runs));
        }
    }
    if natural.iter().sum::<usize>() <= content_width {
        return natural;
    }
    let mut widths = vec![0usize; columns];
    let mut open: Vec<usize> = (0..columns).collect();
    let mut left = content_width;
    loop {
        let share = left / open.len().max(1);
        let (fits, too_wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= share);
        if fits.is_empty() {
            let extra = left - share * too_wide.len();
            for (i, &c) in too_wide.iter().enumerate() {
                widths[c] = share.max(2) + usize::from(i < extra);
            }
            break;
        }
        for &c in &fits {
            widths[c] = natural[c];
            left -= natural[c];
        }
        open = too_wide;
        if open.is_empty() {
            break;
        }
    }
    widths
}

fn border_line(prefix: &[Span], widths: &[usize], left: char, middle: char, right: char) -> Line {
    let mut text = String::new();
    text.push(left);
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            text.push(middle);
        }
        text.extend(std::iter::repeat_n('─', w + 2));
    }
    text.push(right);
    let mut spans = prefix.to_vec();
    spans.push(Span::styled(text, Style::role(Role::Border)));
    Line { spans }
}

fn row_lines(row: &[Vec<Run>], widths: &[usize], prefix: &[Span]) -> Vec<Line> {
    let wrapped: Vec<Vec<Line>> = widths
        .iter()
        .enumerate()
        .map(|(c, &w)| {
            row.get(c)
                .map(|runs| wrap(runs, w, &[], &[]))
                .unwrap_or_default()
        })
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let bar = || Span::styled("│", Style::role(Role::Border));
    (0..height)
        .map(|i| {
            let mut spans = prefix.to_vec();
            spans.push(bar());
            for (c, &w) in widths.iter().enumerate() {
                spans.push(Span::styled(" ", Style::default()));
                let cell_line = wrapped[c].get(i);
                let used = cell_line.map_or(0, Line::width);
                if let Some(line) = cell_line {
                    spans.extend(line.spans.iter().cloned());
                }
                spans.push(Span::styled(
                    " ".repeat(w.saturating_sub(used) + 1),
                    Style::default(),
                ));
                spans.push(bar());
            }
            Line { spans }
        })
        .collect()
}

/// Rows as `label: value` lines, for pages too narrow for columns.
fn stacked(cells: &[Vec<Vec<Run>>], width: usize, prefix: &[Span]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (r, row) in cells.iter().enumerate() {
        if r > 0 {
            let mut spans = prefix.to_vec();
            spans.push(Span::styled(
                "─".repeat(width.min(8)),
                Style::role(Role::Border),
            ));
            lines.push(Line { spans });
        }
        for runs in row {
            let total = spans_width(prefix) + width;
            lines.extend(wrap(runs, total, prefix, prefix));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::{LayoutOptions, layout_article};
    use crate::document::{Article, Block, Cell, Inline, Table};

    fn cell(text: &str, header: bool) -> Cell {
        Cell {
            header,
            content: vec![Inline::text(text)],
        }
    }

    fn table_article(rows: Vec<Vec<Cell>>) -> Article {
        Article {
            blocks: vec![Block::Table(Table {
                caption: vec![],
                rows,
            })],
            ..Article::default()
        }
    }

    fn lines_at(article: &Article, width: usize) -> Vec<String> {
        layout_article(article, width, LayoutOptions::default())
            .lines
            .iter()
            .map(|l| l.text())
            .collect()
    }

    #[test]
    fn columns_are_sized_by_display_width() {
        let article = table_article(vec![
            vec![cell("名", true), cell("年", true)],
            vec![cell("伊犁", false), cell("1871", false)],
        ]);
        assert_eq!(
            lines_at(&article, 40),
            [
                "┌──────┬──────┐",
                "│ 名   │ 年   │",
                "├──────┼──────┤",
                "│ 伊犁 │ 1871 │",
                "└──────┴──────┘",
            ]
        );
    }

    #[test]
    fn wide_tables_shrink_and_wrap_inside_cells() {
        let article = table_article(vec![vec![
            cell("一二三四五六七八九十一二三四五六七八九十", false),
            cell("短", false),
        ]]);
        let lines = lines_at(&article, 20);
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 20),
            "{lines:#?}"
        );
        assert!(lines.len() > 3);
    }

    #[test]
    fn very_narrow_tables_stack_their_cells() {
        let article = table_article(vec![vec![
            cell("甲", true),
            cell("乙", false),
            cell("丙", false),
        ]]);
        let lines = lines_at(&article, 6);
        assert_eq!(lines, ["甲", "乙", "丙"]);
    }

    #[test]
    fn ragged_rows_and_empty_tables_are_fine() {
        let article = table_article(vec![
            vec![cell("a", false)],
            vec![],
            vec![cell("b", false), cell("c", false)],
        ]);
        let lines = lines_at(&article, 30);
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 30)
        );
        assert!(lines_at(&table_article(vec![]), 30).is_empty());
    }
}
