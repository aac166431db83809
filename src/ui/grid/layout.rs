//! The grid's view of the one layout model ([`format::layout::TableLayout`]): the model's merged
//! cells, unchanged, split into the sticky header and the scrolling body, each value cell with
//! its key, and a width for each column by what it holds. This file builds no spans: whatever
//! the model says (申请人情况 over all seven columns of 表三, 总计 under it) is what the grid
//! draws and what the workbook writes. Pure data in grid units; `table` turns it into
//! pixels. No egui here.

use crate::format::layout::{self, ColumnRole, LayoutCell, Part, TableLayout};
use crate::format::{FormatVersion, TableId};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Col {
    /// Narrowest readable width in points.
    pub min: f32,
    /// Share of any extra width.
    pub weight: f32,
    /// True for label columns (left-aligned text, no values).
    pub label: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Header text (column headers, 表二's block titles, the corner): centred, header background.
    Header(String),
    /// A row label: left-aligned.
    Label(String),
    /// A value cell, by key.
    Value(String),
}

impl Content {
    fn of(c: &layout::Content) -> Content {
        match c {
            layout::Content::Header(t) => Content::Header(t.clone()),
            layout::Content::Label(t) => Content::Label(t.clone()),
            layout::Content::Value(d) => Content::Value(d.key()),
        }
    }
}

/// A merged cell: `rows × cols` grid units starting at (`row`, `col`) of its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub content: Content,
}

impl Span {
    fn of(c: &LayoutCell) -> Span {
        Span {
            row: c.row,
            col: c.col,
            rows: c.row_span,
            cols: c.col_span,
            // The key is made once here, not for every cell of every frame.
            content: Content::of(&c.content),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub table: TableId,
    pub cols: Vec<Col>,
    /// Rows of the sticky header (0 when the table has none, like 表二 whose headers repeat per
    /// block inside the body).
    pub header_rows: usize,
    pub header: Vec<Span>,
    pub body_rows: usize,
    pub body: Vec<Span>,
}

impl Model {
    pub fn for_table(table: TableId, version: FormatVersion) -> Model {
        Model::of(&TableLayout::new(table, version))
    }

    pub fn of(t: &TableLayout) -> Model {
        let part = |p: Part| {
            t.cells
                .iter()
                .filter(|c| c.part == p)
                .map(Span::of)
                .collect()
        };
        Model {
            table: t.table,
            cols: (0..t.cols()).map(|c| column(t, t.column_role(c))).collect(),
            header_rows: t.header_rows,
            header: part(Part::Header),
            body_rows: t.body_rows,
            body: part(Part::Body),
        }
    }

    /// Value keys in reading order (row by row), for moving the editor with Tab.
    pub fn value_keys(&self) -> Vec<&str> {
        let mut spans: Vec<&Span> = self.body.iter().collect();
        spans.sort_by_key(|s| (s.row, s.col));
        spans
            .into_iter()
            .filter_map(|s| match &s.content {
                Content::Value(k) => Some(k.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every span the grid draws as if header and body were one grid (body rows below the
    /// header rows), for comparing with the workbook's merged cells.
    pub fn stacked(&self) -> impl Iterator<Item = Span> + '_ {
        let header = self.header.iter().cloned();
        let body = self.body.iter().map(|s| Span {
            row: s.row + self.header_rows,
            ..s.clone()
        });
        header.chain(body)
    }
}

/// 表二's value area in points: its blocks of one, two or three columns divide it evenly into
/// the model's units.
const T2_VALUE_AREA: f32 = 252.0;

/// The width of a grid column by what it holds. The three shapes of the model (see
/// [`crate::format::layout`]) differ in how many label columns they have: 表四 none (fifteen
/// narrow value columns), 表二 one (short labels, a value area split into units), 表三 three
/// (outer groups narrow, the row's own label wide).
fn column(t: &TableLayout, role: ColumnRole) -> Col {
    let (min, weight) = match (role, t.label_cols) {
        (ColumnRole::Group, _) => (64.0, 0.6),
        (ColumnRole::Label, 1) => (150.0, 2.0),
        (ColumnRole::Label, _) => (170.0, 4.0),
        (ColumnRole::Value, 0) => (48.0, 1.0),
        (ColumnRole::Value, 1) => {
            let units = t.value_cols.max(1) as f32;
            (T2_VALUE_AREA / units, 6.0 / units)
        }
        (ColumnRole::Value, _) => (54.0, 1.0),
    };
    Col {
        min,
        weight,
        label: role != ColumnRole::Value,
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
