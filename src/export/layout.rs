//! Draws a statutory table in its official layout, entirely from the format data: row groups
//! (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密) become merged label cells to the left, column
//! groups (法人或其他组织, 行政诉讼 › 未经复议直接起诉) merged headers above. Three shapes occur:
//!
//! * every row has the same columns (表三): one header, row groups to the left;
//! * rows have different columns (表二): one block per article, each with its own header row;
//! * all rows printed side by side on one line (表四, `Layout::SingleLine`).
//!
//! Values start in the same sheet column for every table, after the label columns.

use super::style::{self, Mark, Styles};
use crate::format::{self, t3, CellDef, ColumnDef, FormatVersion, Layout, RowDef, TableId};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// Printed at the head of the label column of 表二's blocks, as in the official form.
const ROW_HEADER: &str = "信息内容";
/// Widths of the label columns: narrow for the outer groups, wide for the row's own label.
const GROUP_WIDTH: f64 = 9.0;
const LABEL_WIDTH: f64 = 28.0;
/// Narrow enough for 表四's fifteen columns to print on A4 landscape at about full size.
pub const VALUE_WIDTH: f64 = 7.0;

/// How many label columns the deepest row needs (3 for 表三: 三、… › （三）… › 1.…).
pub fn label_cols() -> u16 {
    format::TableId::ALL
        .iter()
        .flat_map(|t| format::table(*t).rows)
        .map(|r| r.groups.len() + 1)
        .max()
        .unwrap_or(1) as u16
}

pub fn column_width(col: u16) -> f64 {
    let labels = label_cols();
    if col + 1 == labels {
        LABEL_WIDTH
    } else if col < labels {
        GROUP_WIDTH
    } else {
        VALUE_WIDTH
    }
}

/// What to write in one value cell.
#[derive(Debug, Clone, Default)]
pub struct CellOut {
    /// `None` leaves the cell blank (never an invented 0).
    pub value: Option<f64>,
    pub mark: Option<Mark>,
    pub edited: bool,
    pub note: Option<String>,
}

/// Where a key landed, for notes added later and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub key: String,
    pub row: u32,
    pub col: u16,
}

/// A worksheet being drawn on; remembers how many lines each row needs.
pub struct Canvas<'a> {
    pub ws: &'a mut Worksheet,
    pub st: &'a Styles,
    lines: BTreeMap<u32, u32>,
    pub placed: Vec<Placed>,
}

impl<'a> Canvas<'a> {
    pub fn new(ws: &'a mut Worksheet, st: &'a Styles) -> Canvas<'a> {
        Canvas {
            ws,
            st,
            lines: BTreeMap::new(),
            placed: Vec::new(),
        }
    }

    /// Sets the widths of the label columns and `value_cols` value columns.
    pub fn set_widths(&mut self, value_cols: u16) -> Result<(), XlsxError> {
        for col in 0..label_cols() + value_cols {
            self.ws.set_column_width(col, column_width(col))?;
        }
        Ok(())
    }

    /// Writes a text over a range (merged when it is more than one cell).
    pub fn text(
        &mut self,
        (r1, c1): (u32, u16),
        (r2, c2): (u32, u16),
        text: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if r1 == r2 && c1 == c2 {
            self.ws.write_string_with_format(r1, c1, text, fmt)?;
        } else {
            self.ws.merge_range(r1, c1, r2, c2, text, fmt)?;
        }
        if r1 == r2 {
            let width: f64 = (c1..=c2).map(column_width).sum();
            self.need_lines(r1, style::lines_needed(text, width));
        }
        Ok(())
    }

    pub fn need_lines(&mut self, row: u32, lines: u32) {
        let e = self.lines.entry(row).or_insert(1);
        *e = (*e).max(lines);
    }

    /// Writes a value cell spanning `c1..=c2`.
    fn value(
        &mut self,
        row: u32,
        (c1, c2): (u16, u16),
        def: &CellDef,
        out: CellOut,
    ) -> Result<(), XlsxError> {
        let fmt = self
            .st
            .value(def.column.kind, out.mark.unwrap_or(Mark::None), out.edited);
        if c2 > c1 {
            self.ws.merge_range(row, c1, row, c2, "", fmt)?;
        }
        match out.value {
            Some(v) => self.ws.write_number_with_format(row, c1, v, fmt)?,
            None => self.ws.write_blank(row, c1, fmt)?,
        };
        if let Some(note) = out.note {
            self.ws.insert_note(row, c1, &style::note(&note))?;
        }
        self.placed.push(Placed {
            key: def.key(),
            row,
            col: c1,
        });
        Ok(())
    }

    /// Gives every row that needs more than one line its height.
    pub fn finish(self) -> Result<Vec<Placed>, XlsxError> {
        for (row, lines) in &self.lines {
            if *lines > 1 {
                self.ws
                    .set_row_height(*row, style::height_for_lines(*lines))?;
            }
        }
        Ok(self.placed)
    }
}

/// Draws table `id` of edition `v` from `top`; `cell` says what each value cell holds.
/// Returns the first row after the table.
pub fn draw(
    c: &mut Canvas,
    top: u32,
    id: TableId,
    v: FormatVersion,
    cell: &mut dyn FnMut(&CellDef) -> CellOut,
) -> Result<u32, XlsxError> {
    let def = format::table(id);
    let rows: Vec<&'static RowDef> = def.rows_for(v).collect();
    let Some(first) = rows.first() else {
        return Ok(top);
    };
    match def.layout {
        Layout::SingleLine => single_line(c, top, id, &rows, cell),
        Layout::Rows if rows.iter().all(|r| r.columns == first.columns) => {
            grouped_rows(c, top, id, &rows, cell)
        }
        Layout::Rows => blocks(c, top, id, &rows, cell),
    }
}

fn cell_def(table: TableId, row: &'static RowDef, column: &'static ColumnDef) -> CellDef {
    CellDef { table, row, column }
}

/// The banner over all value columns, where the format has one (表三: 申请人情况).
fn banner(id: TableId) -> Option<&'static str> {
    (id == TableId::T3).then_some(t3::APPLICANTS)
}

/// Runs of consecutive items that share a key: (start, end exclusive).
fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || key(&items[i]) != key(&items[start]) {
            out.push((start, i));
            start = i;
        }
    }
    out
}

/// 表三: the column headers (with their groups) on top, the row groups to the left.
fn grouped_rows(
    c: &mut Canvas,
    top: u32,
    id: TableId,
    rows: &[&'static RowDef],
    cell: &mut dyn FnMut(&CellDef) -> CellOut,
) -> Result<u32, XlsxError> {
    let st = c.st;
    let labels = label_cols();
    let cols = rows[0].columns;
    let last_col = labels + cols.len() as u16 - 1;
    let grouped = cols.iter().any(|col| col.group.is_some());
    let header_rows = u32::from(banner(id).is_some()) + 1 + u32::from(grouped);
    c.text(
        (top, 0),
        (top + header_rows - 1, labels - 1),
        "",
        &st.header,
    )?;
    let mut r = top;
    if let Some(b) = banner(id) {
        c.text((r, labels), (r, last_col), b, &st.header)?;
        r += 1;
    }
    for (start, end) in runs(cols, |col| col.group) {
        let (c1, c2) = (labels + start as u16, labels + end as u16 - 1);
        match cols[start].group {
            Some(g) if grouped => {
                c.text((r, c1), (r, c2), g, &st.header)?;
                for (k, col) in cols.iter().enumerate().take(end).skip(start) {
                    let x = labels + k as u16;
                    c.text((r + 1, x), (r + 1, x), col.label, &st.header)?;
                }
            }
            _ => {
                for (k, col) in cols.iter().enumerate().take(end).skip(start) {
                    let x = labels + k as u16;
                    let bottom = r + u32::from(grouped);
                    c.text((r, x), (bottom, x), col.label, &st.header)?;
                }
            }
        }
    }
    r += 1 + u32::from(grouped);

    for (i, row) in rows.iter().enumerate() {
        let y = r + i as u32;
        // Each group level is one merged cell over the rows that share it.
        for level in 0..row.groups.len() {
            let prefix = |x: &&RowDef| x.groups.get(..=level).map(<[&str]>::to_vec);
            let starts_run = i == 0 || prefix(&rows[i - 1]) != prefix(row);
            if starts_run {
                let len = rows[i..]
                    .iter()
                    .take_while(|x| prefix(x) == prefix(row))
                    .count() as u32;
                let col = (level as u16).min(labels - 1);
                c.text((y, col), (y + len - 1, col), row.groups[level], &st.label)?;
            }
        }
        let own = (row.groups.len() as u16).min(labels - 1);
        c.text((y, own), (y, labels - 1), row.label, &st.label)?;
        for (k, col) in row.columns.iter().enumerate() {
            let x = labels + k as u16;
            let d = cell_def(id, row, col);
            let out = cell(&d);
            c.value(y, (x, x), &d, out)?;
        }
    }
    Ok(r + rows.len() as u32)
}

/// 表二: one block per article (第二十条第（一）项 …) and column set, each with its header row.
fn blocks(
    c: &mut Canvas,
    top: u32,
    id: TableId,
    rows: &[&'static RowDef],
    cell: &mut dyn FnMut(&CellDef) -> CellOut,
) -> Result<u32, XlsxError> {
    let st = c.st;
    let labels = label_cols();
    let width = rows.iter().map(|r| r.columns.len()).max().unwrap_or(1) as u16;
    let last_col = labels + width - 1;
    // A block's last column stretches to the table's right edge, as in the printed form.
    let span = |k: usize, n: usize| {
        let x = labels + k as u16;
        (x, if k + 1 == n { last_col } else { x })
    };
    let mut y = top;
    for (start, end) in runs(rows, |r| (r.groups, r.columns)) {
        let block = &rows[start..end];
        if !block[0].groups.is_empty() {
            c.text(
                (y, 0),
                (y, last_col),
                &block[0].groups.join(" "),
                &st.header,
            )?;
            y += 1;
        }
        let cols = block[0].columns;
        c.text((y, 0), (y, labels - 1), ROW_HEADER, &st.header)?;
        for (k, col) in cols.iter().enumerate() {
            c.text(
                (y, span(k, cols.len()).0),
                (y, span(k, cols.len()).1),
                col.label,
                &st.header,
            )?;
        }
        y += 1;
        for row in block {
            c.text((y, 0), (y, labels - 1), row.label, &st.label)?;
            for (k, col) in cols.iter().enumerate() {
                let d = cell_def(id, row, col);
                let out = cell(&d);
                c.value(y, span(k, cols.len()), &d, out)?;
            }
            y += 1;
        }
    }
    Ok(y)
}

/// 表四: the rows side by side under their (grouped) names, then the column labels, then one line
/// of values.
fn single_line(
    c: &mut Canvas,
    top: u32,
    id: TableId,
    rows: &[&'static RowDef],
    cell: &mut dyn FnMut(&CellDef) -> CellOut,
) -> Result<u32, XlsxError> {
    let st = c.st;
    let labels = label_cols();
    let depth = rows.iter().map(|r| r.groups.len() + 1).max().unwrap_or(1);
    // First value column of each row.
    let mut starts = Vec::with_capacity(rows.len());
    let mut x = labels;
    for r in rows {
        starts.push(x);
        x += r.columns.len() as u16;
    }
    let names = |r: &RowDef| -> Vec<&'static str> {
        let mut v = r.groups.to_vec();
        v.push(r.label);
        v
    };
    for level in 0..depth {
        let y = top + level as u32;
        for (start, end) in runs(rows, |r| names(r).get(..=level).map(<[&str]>::to_vec)) {
            let n = names(rows[start]);
            let Some(name) = n.get(level) else { continue };
            let c1 = starts[start];
            let c2 = starts[end - 1] + rows[end - 1].columns.len() as u16 - 1;
            // A row's own name reaches down to the column labels when it has fewer groups.
            let bottom = if level + 1 == n.len() {
                top + depth as u32 - 1
            } else {
                y
            };
            c.text((y, c1), (bottom, c2), name, &st.header)?;
        }
    }
    let label_row = top + depth as u32;
    let value_row = label_row + 1;
    for (i, row) in rows.iter().enumerate() {
        for (k, col) in row.columns.iter().enumerate() {
            let x = starts[i] + k as u16;
            c.text((label_row, x), (label_row, x), col.label, &st.header)?;
            let d = cell_def(id, row, col);
            let out = cell(&d);
            c.value(value_row, (x, x), &d, out)?;
        }
    }
    Ok(value_row + 1)
}

/// The number of value columns the widest table of an edition needs.
pub fn value_cols(v: FormatVersion) -> u16 {
    TableId::ALL
        .iter()
        .map(|t| {
            let def = format::table(*t);
            let widths = def.rows_for(v).map(|r| r.columns.len());
            match def.layout {
                Layout::SingleLine => widths.sum::<usize>(),
                Layout::Rows => widths.max().unwrap_or(0),
            }
        })
        .max()
        .unwrap_or(1) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_where_the_key_changes() {
        assert_eq!(runs(&[1, 1, 2, 1], |x| *x), vec![(0, 2), (2, 3), (3, 4)]);
        assert!(runs::<i32, i32>(&[], |x| *x).is_empty());
    }

    #[test]
    fn label_columns_follow_the_deepest_row() {
        // 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密
        assert_eq!(label_cols(), 3);
        assert_eq!(value_cols(FormatVersion::V2021), 15);
    }
}
