//! Laying a sheet's scattered cells out as a [`Grid`]: the used range only, blank cells inside it
//! kept (the recogniser needs to see blanks), merged regions placed once with their spans, and
//! the work bounded whatever the sheet claims.

use crate::read::{Grid, GridCell};
use calamine::Dimensions;
use std::collections::HashMap;

/// A report is a few hundred rows at most; a sheet with more filled rows is a data dump.
pub(super) const MAX_ROWS: usize = 5_000;
/// Filled cells read from one sheet before giving up on it.
pub(super) const MAX_CELLS: usize = 200_000;
/// Grid positions (rows × columns) one sheet may produce.
const MAX_AREA: usize = 1_000_000;
/// Longer runs of empty rows are shortened to this many: they separate, they hold nothing.
const MAX_GAP: u32 = 10;
/// Merged regions looked at per sheet.
const MAX_MERGES: usize = 10_000;

/// A sheet as read from the file: filled cells in any order, and its merged regions.
pub(super) struct RawSheet {
    pub name: String,
    pub cells: Vec<RawCell>,
    pub merges: Vec<Dimensions>,
}

pub(super) struct RawCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

#[derive(Debug, PartialEq)]
pub(super) enum Layout {
    /// Nothing visible on the sheet.
    Empty,
    Grid(Grid),
    /// More than a report could hold.
    TooBig,
}

pub(super) fn layout(sheet: RawSheet) -> Layout {
    let cells: Vec<RawCell> = sheet
        .cells
        .into_iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    let (Some(left), Some(right)) = (
        cells.iter().map(|c| c.col).min(),
        cells.iter().map(|c| c.col).max(),
    ) else {
        return Layout::Empty;
    };
    let Some(rows) = kept_rows(&cells) else {
        return Layout::TooBig;
    };
    let width = (right - left + 1) as usize;
    if rows.len().saturating_mul(width) > MAX_AREA {
        return Layout::TooBig;
    }
    let bounds = Bounds {
        rows: &rows,
        left,
        right,
    };
    let spans = place_merges(&sheet.merges, &bounds);
    let mut values: HashMap<(usize, usize), String> = HashMap::with_capacity(cells.len());
    for c in cells {
        if let Ok(r) = rows.binary_search(&c.row) {
            values.insert((r, (c.col - left) as usize), c.text.trim().to_string());
        }
    }
    let mut grid = Grid::default();
    for r in 0..rows.len() {
        let mut out = Vec::new();
        for col in 0..width {
            let (rowspan, colspan) = match spans.slots[r * width + col] {
                Slot::Covered => continue,
                Slot::Free => (1, 1),
                Slot::Anchor(rs, cs) => (rs, cs),
            };
            out.push(GridCell {
                text: values.remove(&(r, col)).unwrap_or_default(),
                row: r,
                col,
                rowspan,
                colspan,
            });
        }
        grid.rows.push(out);
    }
    Layout::Grid(grid)
}

/// The sheet rows that become grid rows, in order: every filled row, and up to [`MAX_GAP`] of
/// the empty rows between two filled ones. `None` when there are too many filled rows.
fn kept_rows(cells: &[RawCell]) -> Option<Vec<u32>> {
    let mut filled: Vec<u32> = cells.iter().map(|c| c.row).collect();
    filled.sort_unstable();
    filled.dedup();
    if filled.len() > MAX_ROWS {
        return None;
    }
    let mut kept = Vec::with_capacity(filled.len());
    for (i, &row) in filled.iter().enumerate() {
        if let Some(&prev) = i.checked_sub(1).and_then(|p| filled.get(p)) {
            let gap_end = row.min(prev.saturating_add(1 + MAX_GAP));
            kept.extend(prev + 1..gap_end);
        }
        kept.push(row);
    }
    Some(kept)
}

struct Bounds<'a> {
    /// Sheet row of each grid row.
    rows: &'a [u32],
    left: u32,
    right: u32,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Free,
    /// A merged cell starts here, with this row and column span.
    Anchor(usize, usize),
    Covered,
}

struct Spans {
    /// Row-major, one per grid position.
    slots: Vec<Slot>,
}

/// Places merged regions on the grid, clipped to the used range. Overlapping regions (which
/// Excel refuses but files can contain) keep the first.
fn place_merges(merges: &[Dimensions], b: &Bounds<'_>) -> Spans {
    let width = (b.right - b.left + 1) as usize;
    let mut slots = vec![Slot::Free; b.rows.len() * width];
    for m in merges.iter().take(MAX_MERGES) {
        let (c0, c1) = (m.start.1.max(b.left), m.end.1.min(b.right));
        // Grid rows whose sheet row lies inside the region.
        let r0 = b.rows.partition_point(|&r| r < m.start.0);
        let r1 = b.rows.partition_point(|&r| r <= m.end.0);
        if c0 > c1 || r0 >= r1 {
            continue;
        }
        let (c0, c1) = ((c0 - b.left) as usize, (c1 - b.left) as usize);
        let (rowspan, colspan) = (r1 - r0, c1 - c0 + 1);
        if rowspan * colspan == 1 {
            continue;
        }
        let area = |r: usize| r * width + c0..=r * width + c1;
        if (r0..r1).any(|r| slots[area(r)].iter().any(|s| *s != Slot::Free)) {
            continue;
        }
        for r in r0..r1 {
            slots[area(r)].fill(Slot::Covered);
        }
        slots[r0 * width + c0] = Slot::Anchor(rowspan, colspan);
    }
    Spans { slots }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merged region as ((first row, first col), (last row, last col)).
    type Region = ((u32, u32), (u32, u32));

    fn sheet(cells: &[(u32, u32, &str)], merges: &[Region]) -> RawSheet {
        RawSheet {
            name: "表".into(),
            cells: cells
                .iter()
                .map(|&(row, col, text)| RawCell {
                    row,
                    col,
                    text: text.into(),
                })
                .collect(),
            merges: merges.iter().map(|&(s, e)| Dimensions::new(s, e)).collect(),
        }
    }

    fn grid(l: Layout) -> Grid {
        match l {
            Layout::Grid(g) => g,
            other => panic!("expected a grid, got {other:?}"),
        }
    }

    #[test]
    fn the_used_range_is_trimmed_and_blanks_inside_kept() {
        let g = grid(layout(sheet(
            &[(3, 2, "甲"), (4, 4, "乙"), (9, 9, " ")],
            &[],
        )));
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[0].len(), 3);
        assert_eq!(
            (g.rows[0][0].text.as_str(), g.rows[0][1].text.as_str()),
            ("甲", "")
        );
        assert_eq!(
            (
                g.rows[1][2].row,
                g.rows[1][2].col,
                g.rows[1][2].text.as_str()
            ),
            (1, 2, "乙")
        );
    }

    #[test]
    fn merges_are_placed_once_and_clipped() {
        let g = grid(layout(sheet(
            &[
                (0, 0, "申请人"),
                (0, 1, "情况"),
                (1, 1, "自然人"),
                (1, 2, "法人"),
            ],
            &[((0, 0), (1, 0)), ((0, 1), (0, 5)), ((0, 0), (0, 1))],
        )));
        let spans: Vec<Vec<_>> = g
            .rows
            .iter()
            .map(|r| r.iter().map(|c| (c.col, c.rowspan, c.colspan)).collect())
            .collect();
        // B1:F1 is clipped to the used columns B:C; the overlapping A1:B1 is ignored.
        assert_eq!(
            spans,
            vec![vec![(0, 2, 1), (1, 1, 2)], vec![(1, 1, 1), (2, 1, 1)]]
        );
    }

    #[test]
    fn long_empty_gaps_are_shortened_and_merges_follow() {
        let g = grid(layout(sheet(
            &[(0, 0, "顶"), (1_000_000, 0, "底")],
            &[((0, 0), (1_000_000, 0))],
        )));
        assert_eq!(g.rows.len(), 2 + MAX_GAP as usize);
        assert_eq!(g.rows[0][0].rowspan, g.rows.len());
    }

    #[test]
    fn too_many_rows_or_too_wide_is_too_big() {
        let rows: Vec<(u32, u32, &str)> = (0..=MAX_ROWS as u32).map(|r| (r, 0, "x")).collect();
        assert_eq!(layout(sheet(&rows, &[])), Layout::TooBig);
        let mut wide: Vec<(u32, u32, &str)> = (0..100).map(|r| (r, 0, "a")).collect();
        wide.push((0, 16_383, "b"));
        assert_eq!(layout(sheet(&wide, &[])), Layout::TooBig);
        assert_eq!(layout(sheet(&[(0, 0, "  ")], &[])), Layout::Empty);
    }
}
