//! Tables and infoboxes drawn with box-drawing borders, columns sized by the
//! display width of their cells and shrunk fairly when the page is narrow;
//! on a page too narrow for columns, each row is stacked as `label: value`
//! lines. Like all of layout, it never returns a line wider than its width.

use super::wrap::{Run, spans_width, wrap};
use super::{Builder, Line, Role, Span, Style};
use crate::document::{Cell, Infobox, Inline, Table};

/// The narrowest a column may be (two Chinese characters).
const MIN_COLUMN_WIDTH: usize = 4;

/// Tables wider than this many columns are cut (the rest is dropped).
const MAX_COLUMNS: usize = 64;

/// The infobox as a table: its title (else its kind) as caption, labels in
/// the first column; a row with sides (the two sides of a war) gives each
/// side a column, and other rows' values span them all.
pub fn infobox_table(infobox: &Infobox) -> Table {
    let caption = [infobox.title.trim(), infobox.kind.trim()]
        .into_iter()
        .find(|text| !text.is_empty())
        .map(|text| vec![Inline::text(text)])
        .unwrap_or_default();
    let sides = infobox
        .rows
        .iter()
        .map(|row| 1 + row.sides.len())
        .max()
        .unwrap_or(1)
        .min(usize::from(MAX_INFOBOX_SIDES));
    let rows = infobox
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::new(true, vec![Inline::text(row.key.clone())])];
            let values: Vec<&Vec<Inline>> = row.values().take(sides).collect();
            let spread = (sides / values.len()).max(1);
            for (index, value) in values.iter().enumerate() {
                // The last value takes the columns the others leave.
                let colspan = if index + 1 == values.len() {
                    sides - spread * index
                } else {
                    spread
                };
                cells.push(Cell {
                    colspan: u16::try_from(colspan).unwrap_or(1),
                    ..Cell::new(false, (*value).clone())
                });
            }
            cells
        })
        .collect();
    Table { caption, rows }
}

/// Most sides an infobox row shows side by side.
const MAX_INFOBOX_SIDES: u16 = 4;

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
    // Runs of every cell, registered as targets in reading order.
    let cells: Vec<Vec<Vec<Run<'t>>>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .take(MAX_COLUMNS)
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
    let grid = Grid::place(table, &cells);
    let columns = grid.columns;
    if columns == 0 || avail == 0 {
        return lines;
    }
    let border_cost = 3 * columns + 1;
    // Columns narrower than two Chinese characters cannot keep closing
    // punctuation off the start of a line: stack the cells instead.
    if avail < border_cost + MIN_COLUMN_WIDTH * columns {
        lines.extend(stacked(&cells, avail, prefix));
        return lines;
    }
    let widths = column_widths(&grid, avail - border_cost);
    let drawn = DrawnGrid::new(&grid, &widths);
    for r in 0..=grid.rows() {
        lines.push(drawn.separator(prefix, r));
        if r < grid.rows() {
            for i in 0..drawn.heights[r] {
                lines.push(drawn.content_line(prefix, r, i));
            }
        }
    }
    lines
}

/// One cell placed on the grid: its first row and column and how far it reaches.
struct Placed<'r, 't> {
    row: usize,
    column: usize,
    colspan: usize,
    rowspan: usize,
    runs: &'r [Run<'t>],
}

/// The table's cells placed as HTML places them: each at the first column
/// its row leaves free, covering `colspan` columns and `rowspan` rows
/// (spans cut at the table's edges).
struct Grid<'r, 't> {
    cells: Vec<Placed<'r, 't>>,
    /// `owner[row][column]`: the cell covering that slot, if any.
    owner: Vec<Vec<Option<usize>>>,
    columns: usize,
}

impl<'r, 't> Grid<'r, 't> {
    fn place(table: &Table, runs: &'r [Vec<Vec<Run<'t>>>]) -> Grid<'r, 't> {
        let rows = table.rows.len();
        let mut grid = Grid {
            cells: Vec::new(),
            owner: vec![Vec::new(); rows],
            columns: 0,
        };
        for (r, (row, row_runs)) in table.rows.iter().zip(runs).enumerate() {
            let mut column = 0;
            for (cell, cell_runs) in row.iter().zip(row_runs) {
                while grid.owner[r].get(column).is_some_and(Option::is_some) {
                    column += 1;
                }
                if column >= MAX_COLUMNS {
                    break;
                }
                let colspan = usize::from(cell.colspan.max(1)).min(MAX_COLUMNS - column);
                let rowspan = usize::from(cell.rowspan.max(1)).min(rows - r);
                let id = grid.cells.len();
                for slots in &mut grid.owner[r..r + rowspan] {
                    if slots.len() < column + colspan {
                        slots.resize(column + colspan, None);
                    }
                    for slot in &mut slots[column..column + colspan] {
                        *slot = Some(id);
                    }
                }
                grid.cells.push(Placed {
                    row: r,
                    column,
                    colspan,
                    rowspan,
                    runs: cell_runs,
                });
                column += colspan;
            }
        }
        grid.columns = grid.owner.iter().map(Vec::len).max().unwrap_or(0);
        grid
    }

    fn rows(&self) -> usize {
        self.owner.len()
    }

    fn owner(&self, row: usize, column: usize) -> Option<usize> {
        self.owner
            .get(row)
            .and_then(|slots| slots.get(column))
            .copied()
            .flatten()
    }

    /// Whether a vertical border stands at the left of `column` in `row`
    /// (`column == columns` is the right edge).
    fn vertical(&self, row: usize, column: usize) -> bool {
        column == 0
            || column >= self.columns
            || self.owner(row, column).is_none()
            || self.owner(row, column - 1) != self.owner(row, column)
    }
}

/// The widest line of a cell when nothing wraps.
fn natural_width(runs: &[Run]) -> usize {
    let text: String = runs.iter().map(|run| run.text.as_ref()).collect();
    text.split('\n')
        .map(super::wrap::text_width)
        .max()
        .unwrap_or(0)
}

/// The width a cell spanning `columns` gets from those columns' widths.
fn span_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1)
}

/// Widths for each column that add up to at most `content_width`: natural
/// widths when they fit (a spanning cell wider than its columns widens
/// them evenly); otherwise narrow columns keep theirs and the rest share
/// what is left equally.
fn column_widths(grid: &Grid, content_width: usize) -> Vec<usize> {
    let columns = grid.columns;
    let mut natural = vec![1usize; columns];
    for cell in grid.cells.iter().filter(|cell| cell.colspan == 1) {
        natural[cell.column] = natural[cell.column].max(natural_width(cell.runs));
    }
    for cell in grid.cells.iter().filter(|cell| cell.colspan > 1) {
        let spanned = &mut natural[cell.column..cell.column + cell.colspan];
        let missing = natural_width(cell.runs).saturating_sub(span_width(spanned));
        let share = missing.div_ceil(cell.colspan);
        for width in spanned {
            *width += share;
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

/// The grid with every cell wrapped to its width and every row's height:
/// a cell spanning rows runs on through the borders between them, and the
/// last row it spans grows when it needs more lines.
struct DrawnGrid<'g, 'r, 't> {
    grid: &'g Grid<'r, 't>,
    widths: &'g [usize],
    wrapped: Vec<Vec<Line>>,
    heights: Vec<usize>,
}

impl<'g, 'r, 't> DrawnGrid<'g, 'r, 't> {
    fn new(grid: &'g Grid<'r, 't>, widths: &'g [usize]) -> Self {
        let wrapped: Vec<Vec<Line>> = grid
            .cells
            .iter()
            .map(|cell| {
                let width = span_width(&widths[cell.column..cell.column + cell.colspan]);
                wrap(cell.runs, width, &[], &[])
            })
            .collect();
        let mut heights = vec![1usize; grid.rows()];
        for (cell, lines) in grid.cells.iter().zip(&wrapped) {
            if cell.rowspan == 1 {
                heights[cell.row] = heights[cell.row].max(lines.len());
            }
        }
        for (cell, lines) in grid.cells.iter().zip(&wrapped) {
            if cell.rowspan > 1 {
                let spanned = &heights[cell.row..cell.row + cell.rowspan];
                let room = spanned.iter().sum::<usize>() + cell.rowspan - 1;
                let last = cell.row + cell.rowspan - 1;
                heights[last] += lines.len().saturating_sub(room);
            }
        }
        DrawnGrid {
            grid,
            widths,
            wrapped,
            heights,
        }
    }

    /// Which of cell `id`'s lines shows on line `i` of row `row` (`i` one
    /// before 0 being the border above the row).
    fn line_index(&self, id: usize, row: usize, i: isize) -> Option<&Line> {
        let first = self.grid.cells[id].row;
        let before: usize = self.heights[first..row].iter().sum::<usize>() + (row - first);
        let index = before as isize + i;
        usize::try_from(index)
            .ok()
            .and_then(|index| self.wrapped[id].get(index))
    }

    /// `" text   "`: a cell's line padded to `width` plus a space each side.
    fn padded(spans: &mut Vec<Span>, line: Option<&Line>, width: usize) {
        spans.push(Span::styled(" ", Style::default()));
        let used = line.map_or(0, Line::width);
        if let Some(line) = line {
            spans.extend(line.spans.iter().cloned());
        }
        spans.push(Span::styled(
            " ".repeat(width.saturating_sub(used) + 1),
            Style::default(),
        ));
    }

    fn border(text: impl Into<String>) -> Span {
        Span::styled(text.into(), Style::role(Role::Border))
    }

    /// Line `i` of row `row`: cells and blank slots between vertical borders.
    fn content_line(&self, prefix: &[Span], row: usize, i: usize) -> Line {
        let mut spans = prefix.to_vec();
        spans.push(Self::border("│"));
        let mut column = 0;
        while column < self.grid.columns {
            match self.grid.owner(row, column) {
                Some(id) => {
                    let cell = &self.grid.cells[id];
                    let reach = cell.column + cell.colspan;
                    let width = span_width(&self.widths[column..reach]);
                    let line = self.line_index(id, row, i as isize);
                    Self::padded(&mut spans, line, width);
                    column = reach;
                }
                None => {
                    Self::padded(&mut spans, None, self.widths[column]);
                    column += 1;
                }
            }
            spans.push(Self::border("│"));
        }
        Line { spans }
    }

    /// The border above row `row` (`row == rows` is the bottom border): a
    /// line of `─` with junctions where borders meet, and the text of any
    /// cell that spans across it.
    fn separator(&self, prefix: &[Span], row: usize) -> Line {
        let grid = self.grid;
        let above = row.checked_sub(1);
        let below = (row < grid.rows()).then_some(row);
        // The cell that runs on through this border at `column`, if any.
        let through = |column: usize| match (above, below) {
            (Some(a), Some(b)) => grid
                .owner(a, column)
                .filter(|&id| grid.owner(b, column) == Some(id)),
            _ => None,
        };
        let mut spans = prefix.to_vec();
        let mut column = 0;
        loop {
            let left = column > 0 && through(column - 1).is_none();
            let right = column < grid.columns && through(column).is_none();
            let up = above.is_some_and(|a| grid.vertical(a, column));
            let down = below.is_some_and(|b| grid.vertical(b, column));
            spans.push(Self::border(junction(up, down, left, right)));
            if column >= grid.columns {
                break;
            }
            match through(column) {
                Some(id) => {
                    let cell = &grid.cells[id];
                    let reach = cell.column + cell.colspan;
                    let width = span_width(&self.widths[column..reach]);
                    let line = self.line_index(id, row, -1);
                    Self::padded(&mut spans, line, width);
                    column = reach;
                }
                None => {
                    spans.push(Self::border("─".repeat(self.widths[column] + 2)));
                    column += 1;
                }
            }
        }
        Line { spans }
    }
}

/// The box-drawing character where borders meet, by which of its four
/// arms are drawn.
fn junction(up: bool, down: bool, left: bool, right: bool) -> char {
    match (up, down, left, right) {
        (false, true, false, true) => '┌',
        (false, true, true, false) => '┐',
        (true, false, false, true) => '└',
        (true, false, true, false) => '┘',
        (true, true, false, true) => '├',
        (true, true, true, false) => '┤',
        (false, true, true, true) => '┬',
        (true, false, true, true) => '┴',
        (true, true, true, true) => '┼',
        (false, false, true, _) | (false, false, _, true) => '─',
        (true, _, false, false) | (_, true, false, false) => '│',
        (false, false, false, false) => ' ',
    }
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
        Cell::new(header, vec![Inline::text(text)])
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

    fn spanning(text: &str, header: bool, colspan: u16, rowspan: u16) -> Cell {
        Cell {
            colspan,
            rowspan,
            ..cell(text, header)
        }
    }

    #[test]
    fn colspan_cells_cover_their_columns() {
        let article = table_article(vec![
            vec![spanning("清朝", true, 2, 1), cell("俄国", true)],
            vec![
                cell("左宗棠", false),
                cell("刘锦棠", false),
                cell("考夫曼", false),
            ],
        ]);
        assert_eq!(
            lines_at(&article, 60),
            [
                "┌─────────────────┬────────┐",
                "│ 清朝            │ 俄国   │",
                "├────────┬────────┼────────┤",
                "│ 左宗棠 │ 刘锦棠 │ 考夫曼 │",
                "└────────┴────────┴────────┘",
            ]
        );
    }

    #[test]
    fn rowspan_cells_run_on_through_the_rows_below() {
        let article = table_article(vec![
            vec![spanning("1871", false, 1, 2), cell("俄占伊犁", false)],
            vec![cell("清廷交涉", false)],
            vec![cell("1881", false), cell("伊犁条约", false)],
        ]);
        assert_eq!(
            lines_at(&article, 60),
            [
                "┌──────┬──────────┐",
                "│ 1871 │ 俄占伊犁 │",
                "│      ├──────────┤",
                "│      │ 清廷交涉 │",
                "├──────┼──────────┤",
                "│ 1881 │ 伊犁条约 │",
                "└──────┴──────────┘",
            ]
        );
    }

    #[test]
    fn a_tall_rowspan_cell_grows_the_last_row_it_spans() {
        let article = table_article(vec![
            vec![
                spanning("一二三四五六七八九十", false, 1, 2),
                cell("a", false),
            ],
            vec![cell("b", false)],
        ]);
        let lines = lines_at(&article, 14);
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 14),
            "{lines:#?}"
        );
        let text: String = lines.concat();
        for c in "一二三四五六七八九十".chars() {
            assert!(text.contains(c), "{c} lost: {lines:#?}");
        }
    }

    #[test]
    fn huge_spans_are_cut_at_the_table_edges() {
        let article = table_article(vec![
            vec![spanning("x", false, 64, 1000)],
            vec![cell("y", false)],
        ]);
        let lines = lines_at(&article, 300);
        assert!(lines.iter().any(|l| l.contains('x')), "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains('y')), "{lines:#?}");
        assert!(lines.len() < 20);
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
