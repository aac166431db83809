//! Moving around a table's value cells as in a spreadsheet: arrows, Tab, Enter, and the
//! rectangles that Shift+arrows select, Ctrl+C copies and Ctrl+V fills. Built from the grid's
//! layout (its value spans), so it follows whatever layout the table has. No egui here.

use super::layout::{Content, Model};

#[derive(Debug, Clone, PartialEq)]
struct NavCell {
    key: String,
    /// Row of the layout.
    row: usize,
    /// First and past-the-last layout column.
    col: usize,
    end: usize,
}

/// The value cells of one table in reading order, grouped by layout row.
#[derive(Debug, Clone, PartialEq)]
pub struct Nav {
    /// Rows that hold value cells, top to bottom; each row left to right.
    rows: Vec<Vec<NavCell>>,
}

/// A direction to move the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
    /// Tab: the next cell in reading order, on to the next row at the end of one.
    Next,
    /// Shift+Tab.
    Previous,
}

impl Nav {
    pub fn new(model: &Model) -> Nav {
        let mut cells: Vec<NavCell> = model
            .body
            .iter()
            .filter_map(|s| match &s.content {
                Content::Value(k) => Some(NavCell {
                    key: k.clone(),
                    row: s.row,
                    col: s.col,
                    end: s.col + s.cols,
                }),
                _ => None,
            })
            .collect();
        cells.sort_by_key(|c| (c.row, c.col));
        let mut rows: Vec<Vec<NavCell>> = Vec::new();
        for c in cells {
            match rows.last_mut() {
                Some(r) if r[0].row == c.row => r.push(c),
                _ => rows.push(vec![c]),
            }
        }
        Nav { rows }
    }

    pub fn first(&self) -> Option<&str> {
        self.rows.first()?.first().map(|c| c.key.as_str())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// (row index, index within the row).
    fn find(&self, key: &str) -> Option<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.iter().position(|c| c.key == key).map(|i| (r, i)))
    }

    /// The cell one step from `key`; `key` itself at an edge.
    pub fn step(&self, key: &str, m: Move) -> Option<&str> {
        let (r, i) = self.find(key)?;
        let row = &self.rows[r];
        let (r2, i2) = match m {
            Move::Left => (r, i.saturating_sub(1)),
            Move::Right => (r, (i + 1).min(row.len() - 1)),
            Move::Next if i + 1 < row.len() => (r, i + 1),
            Move::Next if r + 1 < self.rows.len() => (r + 1, 0),
            Move::Previous if i > 0 => (r, i - 1),
            Move::Previous if r > 0 => (r - 1, self.rows[r - 1].len() - 1),
            Move::Next | Move::Previous => (r, i),
            Move::Up | Move::Down => {
                let target = match m {
                    Move::Up => r.checked_sub(1),
                    _ => Some(r + 1).filter(|t| *t < self.rows.len()),
                };
                match target {
                    Some(t) => (t, self.nearest(t, &row[i])),
                    None => (r, i),
                }
            }
        };
        self.rows.get(r2)?.get(i2).map(|c| c.key.as_str())
    }

    /// The cell of row `r` whose columns are closest to `from`'s.
    fn nearest(&self, r: usize, from: &NavCell) -> usize {
        let centre = |c: &NavCell| (c.col + c.end) as i64;
        let at = centre(from);
        self.rows[r]
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| (centre(c) - at).abs())
            .map_or(0, |(i, _)| i)
    }

    /// The keys of the rectangle between two cells, row by row (by position within rows).
    pub fn block(&self, a: &str, b: &str) -> Vec<Vec<&str>> {
        let (Some((ra, ia)), Some((rb, ib))) = (self.find(a), self.find(b)) else {
            return Vec::new();
        };
        let (r0, r1) = (ra.min(rb), ra.max(rb));
        let (i0, i1) = (ia.min(ib), ia.max(ib));
        self.rows[r0..=r1]
            .iter()
            .map(|row| {
                row.iter()
                    .skip(i0)
                    .take(i1 + 1 - i0)
                    .map(|c| c.key.as_str())
                    .collect()
            })
            .collect()
    }

    /// Where a block of pasted values goes, starting at `start`: line i to the i-th row below,
    /// value j to the j-th cell to the right. Values beyond the table's edge are dropped.
    pub fn paste_targets<'a, T>(&self, start: &str, block: &'a [Vec<T>]) -> Vec<(&str, &'a T)> {
        let Some((r, i)) = self.find(start) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (line, values) in block.iter().enumerate() {
            let Some(row) = self.rows.get(r + line) else {
                break;
            };
            for (j, v) in values.iter().enumerate() {
                if let Some(c) = row.get(i + j) {
                    out.push((c.key.as_str(), v));
                }
            }
        }
        out
    }
}

/// Text copied from a spreadsheet or a report: lines of values separated by tabs, or by spaces
/// when there is no tab. Empty lines at the end (Excel adds one) are dropped.
pub fn split_block(text: &str) -> Vec<Vec<String>> {
    let mut lines: Vec<Vec<String>> = text
        .lines()
        .map(|line| {
            let line = line.trim_end_matches('\r');
            if line.contains('\t') {
                line.split('\t').map(|v| v.trim().to_string()).collect()
            } else {
                line.split_whitespace().map(str::to_string).collect()
            }
        })
        .collect();
    while lines.last().is_some_and(|l| l.iter().all(String::is_empty)) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{FormatVersion, TableId};

    fn t3() -> Nav {
        Nav::new(&Model::for_table(TableId::T3, FormatVersion::V2021))
    }

    #[test]
    fn arrows_tab_and_enter_move_inside_the_table() {
        let nav = t3();
        let first = nav.first().unwrap();
        assert_eq!(first, "T3.new.natural");
        assert_eq!(nav.step(first, Move::Right), Some("T3.new.commercial"));
        assert_eq!(
            nav.step(first, Move::Left),
            Some(first),
            "stays at the edge"
        );
        assert_eq!(nav.step(first, Move::Up), Some(first));
        assert_eq!(nav.step(first, Move::Down), Some("T3.carried_in.natural"));
        assert_eq!(
            nav.step("T3.new.total", Move::Next),
            Some("T3.carried_in.natural")
        );
        assert_eq!(
            nav.step("T3.carried_in.natural", Move::Previous),
            Some("T3.new.total")
        );
        assert_eq!(
            nav.step("T3.new.total", Move::Down),
            Some("T3.carried_in.total"),
            "same column"
        );
    }

    #[test]
    fn a_block_is_copied_and_pasted_by_position() {
        let nav = t3();
        let block = nav.block("T3.carried_in.commercial", "T3.new.natural");
        assert_eq!(
            block,
            vec![
                vec!["T3.new.natural", "T3.new.commercial"],
                vec!["T3.carried_in.natural", "T3.carried_in.commercial"]
            ]
        );
        let values = split_block("1\t2\t3\t4\t5\t6\t7\t8\r\n");
        assert_eq!(values.len(), 1);
        let targets = nav.paste_targets("T3.new.natural", &values);
        assert_eq!(
            targets.len(),
            7,
            "the eighth value is past the table's edge"
        );
        assert_eq!(targets[6], ("T3.new.total", &"7".to_string()));
        assert_eq!(
            split_block("1 2  3\n4 5 6\n"),
            vec![vec!["1", "2", "3"], vec!["4", "5", "6"]]
        );
        assert_eq!(
            split_block("1\t\t3"),
            vec![vec!["1", "", "3"]],
            "a blank cell stays blank"
        );
    }

    #[test]
    fn every_table_can_be_walked_with_tab() {
        for v in FormatVersion::ALL {
            for t in TableId::ALL {
                let m = Model::for_table(t, v);
                let nav = Nav::new(&m);
                let mut key = nav.first().unwrap().to_string();
                let mut seen = 1;
                while let Some(next) = nav.step(&key, Move::Next).filter(|n| *n != key) {
                    key = next.to_string();
                    seen += 1;
                }
                assert_eq!(seen, m.value_keys().len(), "{t:?} {v:?}");
            }
        }
    }
}
