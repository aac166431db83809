//! Turning Word's way of writing merged cells into a [`Grid`]. Word (both .docx and .doc) stores
//! every row's cells left to right with a width in grid columns, and a vertically merged cell as
//! one "restart" cell followed by "continue" cells in the rows below. A grid wants the merged cell
//! once, with its row span, and nothing at the positions it covers.

use super::{Grid, GridCell};
use std::collections::HashMap;

/// How a Word cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VMerge {
    None,
    /// The top cell of a vertical merge.
    Restart,
    /// Covered by the cell above.
    Continue,
}

/// One cell as Word stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordCell {
    /// Grid column where the cell starts.
    pub col: usize,
    pub colspan: usize,
    pub vmerge: VMerge,
    pub text: String,
}

/// Builds the grid: continue cells grow the row span of the cell they continue and disappear;
/// their text, which Word normally leaves empty, is appended to it so nothing typed is lost.
pub(crate) fn from_word_rows(rows: Vec<Vec<WordCell>>) -> Grid {
    let mut grid = Grid::default();
    // Grid column → (row, index in row) of the merged cell that the next row may continue.
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for (r, cells) in rows.into_iter().enumerate() {
        let mut out: Vec<GridCell> = Vec::new();
        let mut still_open = HashMap::new();
        for cell in cells {
            if cell.vmerge == VMerge::Continue {
                if let Some(&(start_row, index)) = open.get(&cell.col) {
                    if let Some(start) = grid
                        .rows
                        .get_mut(start_row)
                        .and_then(|row| row.get_mut(index))
                    {
                        start.rowspan = r - start_row + 1;
                        append_text(&mut start.text, &cell.text);
                        still_open.insert(cell.col, (start_row, index));
                        continue;
                    }
                }
                // A continue cell with nothing above it to continue: keep it as a plain cell.
            }
            if cell.vmerge == VMerge::Restart {
                still_open.insert(cell.col, (r, out.len()));
            }
            out.push(GridCell {
                text: cell.text,
                row: r,
                col: cell.col,
                rowspan: 1,
                colspan: cell.colspan.max(1),
            });
        }
        grid.rows.push(out);
        open = still_open;
    }
    grid
}

fn append_text(to: &mut String, more: &str) {
    let more = more.trim();
    if more.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push('\n');
    }
    to.push_str(more);
}

/// A nested table's text, for the cell that holds it: one line per row, cells separated by tabs.
pub(crate) fn flatten(grid: &Grid) -> Vec<String> {
    grid.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| c.text.replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|line| !line.trim().is_empty())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::read::{Block, Document, Line};

    /// A cell as tests compare it: (text, row, col, rowspan, colspan).
    pub(crate) type Placed<'a> = (&'a str, usize, usize, usize, usize);

    /// Every cell of the grid, row by row.
    pub(crate) fn placed(grid: &Grid) -> Vec<Vec<Placed<'_>>> {
        grid.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.as_str(), c.row, c.col, c.rowspan, c.colspan))
                    .collect()
            })
            .collect()
    }

    pub(crate) fn lines(doc: &Document) -> Vec<&str> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Line(Line { text, .. }) => Some(text.as_str()),
                Block::Table(_) => None,
            })
            .collect()
    }

    pub(crate) fn tables(doc: &Document) -> Vec<&Grid> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(g),
                Block::Line(_) => None,
            })
            .collect()
    }

    /// A file from tests/fixtures/office (built by tests/fixtures/make_office.py).
    pub(crate) fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/office/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (run tests/fixtures/make_office.py)"))
    }

    fn cell(col: usize, colspan: usize, vmerge: VMerge, text: &str) -> WordCell {
        WordCell {
            col,
            colspan,
            vmerge,
            text: text.into(),
        }
    }

    #[test]
    fn continue_cells_become_row_spans() {
        let grid = from_word_rows(vec![
            vec![
                cell(0, 1, VMerge::Restart, "甲"),
                cell(1, 2, VMerge::None, "乙"),
            ],
            vec![
                cell(0, 1, VMerge::Continue, ""),
                cell(1, 1, VMerge::None, "1"),
                cell(2, 1, VMerge::None, "2"),
            ],
            vec![
                cell(0, 1, VMerge::Continue, "续"),
                cell(1, 2, VMerge::None, "3"),
            ],
            vec![cell(0, 1, VMerge::None, "丙")],
        ]);
        let a = &grid.rows[0][0];
        assert_eq!((a.text.as_str(), a.rowspan, a.colspan), ("甲\n续", 3, 1));
        assert_eq!(grid.rows[0][1].colspan, 2);
        assert_eq!(
            grid.rows[1].iter().map(|c| c.col).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(grid.rows[2].len(), 1);
        assert_eq!((grid.rows[3][0].row, grid.rows[3][0].rowspan), (3, 1));
    }

    #[test]
    fn a_continue_without_a_start_stays_a_cell() {
        let grid = from_word_rows(vec![vec![cell(0, 1, VMerge::Continue, "孤")]]);
        assert_eq!(grid.rows[0][0].text, "孤");
    }

    #[test]
    fn a_merge_ends_when_a_row_does_not_continue_it() {
        let grid = from_word_rows(vec![
            vec![cell(0, 1, VMerge::Restart, "甲")],
            vec![cell(0, 1, VMerge::None, "乙")],
            vec![cell(0, 1, VMerge::Continue, "")],
        ]);
        assert_eq!(grid.rows[0][0].rowspan, 1);
        assert_eq!(grid.rows[2].len(), 1);
    }
}
