//! Draws a statutory table on a sheet exactly as the one layout model lays it out
//! ([`crate::format::layout::TableLayout`]): this file builds no spans of its own, it only maps
//! the model's grid onto sheet columns (label columns on the left, values from the same sheet
//! column for every table) and writes each merged cell with its style.

use super::style::{self, Mark, Styles};
use crate::format::layout::{Content, TableLayout};
use crate::format::{CellDef, FormatVersion, TableId};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Widths of the label columns: narrow for the outer groups, wide for the row's own label.
const GROUP_WIDTH: f64 = 8.0;
const LABEL_WIDTH: f64 = 40.0;
/// Narrow enough for 表四's fifteen columns to print on A4 landscape at about full size.
pub const VALUE_WIDTH: f64 = 7.0;

/// How many label columns the deepest row needs (3 for 表三: 三、… › （三）… › 1.…). Worked
/// out once: every cell written asks for it, and laying out the tables each time made the
/// workbook for 1,000 reports several times slower.
pub fn label_cols() -> u16 {
    static COLS: OnceLock<u16> = OnceLock::new();
    *COLS.get_or_init(|| {
        TableId::ALL
            .iter()
            .flat_map(|t| FormatVersion::ALL.map(|v| TableLayout::new(*t, v).label_cols))
            .max()
            .unwrap_or(1) as u16
    })
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
    /// A formula (without `=`) whose result is `value`, written with `value` cached so that
    /// readers that do not calculate see the number.
    pub formula: Option<String>,
}

/// A sheet's print scale (percent) and the rows that start a new page.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePlan {
    pub scale: u16,
    pub breaks: Vec<u32>,
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
    /// Rows given a height of their own (titles).
    fixed: BTreeMap<u32, f64>,
    pub placed: Vec<Placed>,
}

impl<'a> Canvas<'a> {
    pub fn new(ws: &'a mut Worksheet, st: &'a Styles) -> Canvas<'a> {
        Canvas {
            ws,
            st,
            lines: BTreeMap::new(),
            fixed: BTreeMap::new(),
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

    /// Writes a caption (a table's title) on one line: it is not wrapped, it runs on over the
    /// empty cells to its right, so it needs no taller row.
    pub fn caption(&mut self, row: u32, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, 0, text, &self.st.caption)?;
        self.need_lines(row, 1);
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
        match (out.formula, out.value) {
            (Some(f), v) => {
                let result = crate::model::format_value(def.column.kind, v.unwrap_or(0.0));
                let formula = rust_xlsxwriter::Formula::new(format!("={f}")).set_result(result);
                self.ws.write_formula_with_format(row, c1, formula, fmt)?
            }
            (None, Some(v)) => self.ws.write_number_with_format(row, c1, v, fmt)?,
            (None, None) => self.ws.write_blank(row, c1, fmt)?,
        };
        if let Some(note) = out.note {
            self.ws.insert_note(row, c1, &style::note(&note))?;
        }
        self.need_lines(row, 1);
        self.placed.push(Placed {
            key: def.key(),
            row,
            col: c1,
        });
        Ok(())
    }

    /// The height row `row` prints at (pt at 100 %): what its text needs, or the default of a
    /// row with nothing written (Excel's 15 pt).
    pub fn row_height(&self, row: u32) -> f64 {
        if let Some(&h) = self.fixed.get(&row) {
            return h;
        }
        self.lines
            .get(&row)
            .map_or(style::DEFAULT_ROW_PT, |&n| style::row_height(n))
    }

    /// Gives a row a height of its own (pt), whatever its text.
    pub fn set_height(&mut self, row: u32, pt: f64) -> Result<(), XlsxError> {
        self.ws.set_row_height(row, pt)?;
        self.fixed.insert(row, pt);
        Ok(())
    }

    /// The height of rows `first..last` (pt at 100 %).
    pub fn rows_height(&self, first: u32, last: u32) -> f64 {
        (first..last).map(|r| self.row_height(r)).sum()
    }

    /// How to print a sheet of stacked blocks (a block is rows `first..end`: a table with its
    /// caption, a list), fitted to the width of an A4 page in `o`: the scale Excel prints its
    /// first `cols` columns at (renderers with wider fonts print smaller, so hold more rows on a
    /// page), and the rows to break before so that each block starts a new page when it does
    /// not fit on what is left of the current one. `repeat` rows (pt at 100 %) top every page.
    pub fn plan_pages(
        &self,
        blocks: &[(u32, u32)],
        cols: u16,
        o: style::Orientation,
        repeat: f64,
    ) -> PagePlan {
        let widths: Vec<f64> = (0..cols).map(column_width).collect();
        let heights: Vec<(u32, f64)> = blocks
            .iter()
            .map(|&(first, end)| (first, self.rows_height(first, end)))
            .collect();
        let scale = style::fit_scale(&widths, o);
        let per_page = o.printable().1 * 100.0 / f64::from(scale) - repeat;
        PagePlan {
            scale,
            breaks: style::block_breaks(&heights, per_page),
        }
    }

    /// Gives every row written its height: the lines its text needs. Set explicitly, so that
    /// Excel and LibreOffice (which sizes rows by its own fonts) print the same rows on a page
    /// and the page breaks chosen here hold.
    pub fn finish(self) -> Result<Vec<Placed>, XlsxError> {
        for (row, lines) in &self.lines {
            if !self.fixed.contains_key(row) {
                self.ws.set_row_height(*row, style::row_height(*lines))?;
            }
        }
        Ok(self.placed)
    }
}

/// Where a grid column of `t` lands on the sheet: label columns keep their place except the
/// row's own label column, which stretches to the sheet's last label column (表二 has one label
/// column, 表三 three); value columns all start after the sheet's label columns.
fn sheet_cols(t: &TableLayout, first: usize, last: usize) -> (u16, u16) {
    let labels = label_cols();
    let map = |k: usize, end: bool| -> u16 {
        if k >= t.label_cols {
            labels + (k - t.label_cols) as u16
        } else if end && k + 1 == t.label_cols {
            labels - 1
        } else {
            k as u16
        }
    };
    (map(first, false), map(last, true))
}

/// Draws table `id` of edition `v` from `top` as the one layout model
/// ([`crate::format::layout`]) lays it out; `cell` says what each value cell holds. Returns the
/// first row after the table.
pub fn draw(
    c: &mut Canvas,
    top: u32,
    id: TableId,
    v: FormatVersion,
    cell: &mut dyn FnMut(&CellDef) -> CellOut,
) -> Result<u32, XlsxError> {
    let t = TableLayout::new(id, v);
    let st = c.st;
    for lc in t.stacked() {
        let (r1, r2) = (top + lc.row as u32, top + lc.last_row() as u32);
        let (c1, c2) = sheet_cols(&t, lc.col, lc.last_col());
        match &lc.content {
            Content::Header(text) => c.text((r1, c1), (r2, c2), text, &st.header)?,
            Content::Label(text) => c.text((r1, c1), (r2, c2), text, &st.label)?,
            Content::Value(d) => {
                let out = cell(d);
                c.value(r1, (c1, c2), d, out)?;
            }
        }
    }
    Ok(top + t.total_rows() as u32)
}

/// The number of value columns the widest table of an edition needs (worked out once per
/// edition, as [`label_cols`]).
pub fn value_cols(v: FormatVersion) -> u16 {
    static COLS: OnceLock<Vec<(FormatVersion, u16)>> = OnceLock::new();
    let all = COLS.get_or_init(|| {
        FormatVersion::ALL
            .iter()
            .map(|v| {
                let widest = TableId::ALL
                    .iter()
                    .map(|t| TableLayout::new(*t, *v).value_cols)
                    .max()
                    .unwrap_or(1);
                (*v, widest as u16)
            })
            .collect()
    });
    all.iter()
        .find(|(x, _)| *x == v)
        .map(|(_, n)| *n)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_columns_follow_the_deepest_row() {
        // 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密
        assert_eq!(label_cols(), 3);
        assert_eq!(value_cols(FormatVersion::V2021), 15);
    }
}
