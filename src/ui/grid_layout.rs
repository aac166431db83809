//! The official layout of each table as a grid of spans (merged cells), built from `format/`:
//! row labels nest by their groups, column headers by their spanning groups. Pure data in grid
//! units; `table_grid` turns it into pixels. No egui here.

use crate::format::{self, t3, FormatVersion, Layout, TableId};

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
    /// Header text (column headers, T2 sub-table titles): centred, header background.
    Header(String),
    /// A row label: left-aligned.
    Label(String),
    /// A value cell, by key.
    Value(String),
}

/// A merged cell: `rows × cols` grid units starting at (`row`, `col`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub table: TableId,
    pub cols: Vec<Col>,
    /// Rows of the sticky header (0 when the table has none, like T2 whose headers repeat per
    /// sub-table inside the body).
    pub header_rows: usize,
    pub header: Vec<Span>,
    pub body_rows: usize,
    pub body: Vec<Span>,
}

impl Model {
    pub fn for_table(table: TableId, version: FormatVersion) -> Model {
        match (table, format::table(table).layout) {
            (TableId::T2, _) => t2(version),
            (_, Layout::SingleLine) => single_line(table, version),
            (_, Layout::Rows) => rows(table, version),
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
}

/// A node of a nested header: `items` consecutive items (columns or rows) starting at `item`,
/// drawn at depth `pos` over `levels` depths.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TreeSpan {
    item: usize,
    items: usize,
    pos: usize,
    levels: usize,
    text: String,
}

/// Lays out items by their label paths (outermost first), like the official tables do: a leaf
/// label stretches down to the last depth; a group whose children are all leaves stretches so
/// that those leaves sit on the last depth (T4's 行政复议 over two header rows); other groups take
/// one depth.
fn tree(paths: &[Vec<String>]) -> (usize, Vec<TreeSpan>) {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    lay_out(paths, 0, paths.len(), 0, 0, depth, &mut out);
    (depth, out)
}

fn lay_out(
    paths: &[Vec<String>],
    start: usize,
    end: usize,
    level: usize,
    pos: usize,
    depth: usize,
    out: &mut Vec<TreeSpan>,
) {
    let mut i = start;
    while i < end {
        let p = &paths[i];
        if p.len() <= level + 1 {
            out.push(TreeSpan {
                item: i,
                items: 1,
                pos,
                levels: depth - pos,
                text: p.get(level).cloned().unwrap_or_default(),
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < end && paths[j].len() > level + 1 && paths[j][level] == p[level] {
            j += 1;
        }
        let all_leaves = (i..j).all(|k| paths[k].len() == level + 2);
        let levels = if all_leaves { depth - 1 - pos } else { 1 };
        out.push(TreeSpan {
            item: i,
            items: j - i,
            pos,
            levels,
            text: p[level].clone(),
        });
        lay_out(paths, i, j, level + 1, pos + levels, depth, out);
        i = j;
    }
}

fn value_col(min: f32) -> Col {
    Col {
        min,
        weight: 1.0,
        label: false,
    }
}

/// The header path of a column: T3's applicant columns sit under 申请人情况, and groups written
/// `行政诉讼·复议后起诉` nest.
fn column_path(table: TableId, col: &format::ColumnDef) -> Vec<String> {
    let mut path = Vec::new();
    if table == TableId::T3 && col.key != "total" {
        path.push(t3::APPLICANTS.to_string());
    }
    if let Some(g) = col.group {
        path.extend(g.split('·').map(str::to_string));
    }
    path.push(col.label.to_string());
    path
}

/// T3: nested row labels on the left, nested column headers on top, one value per row × column.
fn rows(table: TableId, version: FormatVersion) -> Model {
    let def = format::table(table);
    let rows: Vec<_> = def.rows_for(version).collect();
    let columns = rows.first().map_or(&[][..], |r| r.columns);
    let row_paths: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut p: Vec<String> = r.groups.iter().map(|g| g.to_string()).collect();
            p.push(r.label.to_string());
            p
        })
        .collect();
    let col_paths: Vec<Vec<String>> = columns.iter().map(|c| column_path(table, c)).collect();
    let (label_cols, row_tree) = tree(&row_paths);
    let (header_rows, col_tree) = tree(&col_paths);

    let mut cols: Vec<Col> = (0..label_cols)
        .map(|i| Col {
            min: if i + 1 == label_cols { 170.0 } else { 64.0 },
            weight: if i + 1 == label_cols { 4.0 } else { 0.6 },
            label: true,
        })
        .collect();
    cols.extend(columns.iter().map(|_| value_col(54.0)));

    let mut header = Vec::new();
    if label_cols > 0 {
        header.push(Span {
            row: 0,
            col: 0,
            rows: header_rows,
            cols: label_cols,
            content: Content::Header(String::new()),
        });
    }
    header.extend(col_tree.into_iter().map(|t| Span {
        row: t.pos,
        col: label_cols + t.item,
        rows: t.levels,
        cols: t.items,
        content: Content::Header(t.text),
    }));

    let mut body: Vec<Span> = row_tree
        .into_iter()
        .map(|t| Span {
            row: t.item,
            col: t.pos,
            rows: t.items,
            cols: t.levels,
            content: Content::Label(t.text),
        })
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, col) in row.columns.iter().enumerate() {
            body.push(Span {
                row: r,
                col: label_cols + c,
                rows: 1,
                cols: 1,
                content: Content::Value(format::cell_key(table, row.key, col.key)),
            });
        }
    }
    Model {
        table,
        cols,
        header_rows,
        header,
        body_rows: rows.len(),
        body,
    }
}

/// T4: every row's values side by side on one line under nested group headers.
fn single_line(table: TableId, version: FormatVersion) -> Model {
    let cells = format::cells_of(table, version);
    let paths: Vec<Vec<String>> = cells.iter().map(|d| column_path(table, d.column)).collect();
    let (header_rows, col_tree) = tree(&paths);
    Model {
        table,
        cols: cells.iter().map(|_| value_col(48.0)).collect(),
        header_rows,
        header: col_tree
            .into_iter()
            .map(|t| Span {
                row: t.pos,
                col: t.item,
                rows: t.levels,
                cols: t.items,
                content: Content::Header(t.text),
            })
            .collect(),
        body_rows: 1,
        body: cells
            .iter()
            .enumerate()
            .map(|(i, d)| Span {
                row: 0,
                col: i,
                rows: 1,
                cols: 1,
                content: Content::Value(d.key()),
            })
            .collect(),
    }
}

/// Sub-columns per T2 value area: every sub-table has 1, 2 or 3 value columns, and 6 divides
/// evenly by each, so all sub-tables line up on one grid.
const T2_UNITS: usize = 6;

/// T2: a run of sub-tables (第二十条第（一）项 …), each with its own title and header row.
fn t2(version: FormatVersion) -> Model {
    let table = TableId::T2;
    let rows: Vec<_> = format::table(table).rows_for(version).collect();
    let mut body = Vec::new();
    let mut r = 0;
    let mut i = 0;
    while i < rows.len() {
        let first = rows[i];
        let same = |other: &format::RowDef| {
            other.groups == first.groups
                && other
                    .columns
                    .iter()
                    .map(|c| c.key)
                    .eq(first.columns.iter().map(|c| c.key))
        };
        let mut j = i + 1;
        while j < rows.len() && same(rows[j]) {
            j += 1;
        }
        let width = T2_UNITS / first.columns.len().clamp(1, T2_UNITS);
        body.push(Span {
            row: r,
            col: 0,
            rows: 1,
            cols: 1 + T2_UNITS,
            content: Content::Header(first.groups.join(" ")),
        });
        body.push(Span {
            row: r + 1,
            col: 0,
            rows: 1,
            cols: 1,
            content: Content::Header("信息内容".into()),
        });
        for (c, col) in first.columns.iter().enumerate() {
            body.push(Span {
                row: r + 1,
                col: 1 + c * width,
                rows: 1,
                cols: width,
                content: Content::Header(col.label.to_string()),
            });
        }
        r += 2;
        for row in &rows[i..j] {
            body.push(Span {
                row: r,
                col: 0,
                rows: 1,
                cols: 1,
                content: Content::Label(row.label.to_string()),
            });
            for (c, col) in row.columns.iter().enumerate() {
                body.push(Span {
                    row: r,
                    col: 1 + c * width,
                    rows: 1,
                    cols: width,
                    content: Content::Value(format::cell_key(table, row.key, col.key)),
                });
            }
            r += 1;
        }
        i = j;
    }
    let mut cols = vec![Col {
        min: 150.0,
        weight: 2.0,
        label: true,
    }];
    cols.extend((0..T2_UNITS).map(|_| value_col(42.0)));
    Model {
        table,
        cols,
        header_rows: 0,
        header: Vec::new(),
        body_rows: r,
        body,
    }
}

#[cfg(test)]
#[path = "grid_layout_tests.rs"]
mod tests;
