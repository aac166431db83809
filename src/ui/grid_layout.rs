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
mod tests {
    use super::*;

    fn header<'a>(m: &'a Model, text: &str) -> &'a Span {
        m.header
            .iter()
            .chain(&m.body)
            .find(|s| s.content == Content::Header(text.into()))
            .unwrap_or_else(|| panic!("no header {text}"))
    }

    fn label<'a>(m: &'a Model, text: &str) -> &'a Span {
        m.body
            .iter()
            .find(|s| s.content == Content::Label(text.into()))
            .unwrap_or_else(|| panic!("no label {text}"))
    }

    /// Every grid unit is covered exactly once.
    fn assert_tiles(rows: usize, cols: usize, spans: &[Span]) {
        let mut seen = vec![vec![0; cols]; rows];
        for s in spans {
            for row in &mut seen[s.row..s.row + s.rows] {
                for c in &mut row[s.col..s.col + s.cols] {
                    *c += 1;
                }
            }
        }
        for (r, row) in seen.iter().enumerate() {
            for (c, n) in row.iter().enumerate() {
                // T2 sub-tables with fewer columns leave no gaps either: spans widen to fill.
                assert_eq!(*n, 1, "unit ({r},{c}) covered {n} times");
            }
        }
    }

    #[test]
    fn t3_has_the_official_spanning_headers_and_nested_labels() {
        let m = Model::for_table(TableId::T3, FormatVersion::V2021);
        assert_eq!((m.header_rows, m.cols.len()), (3, 3 + 7));
        let applicants = header(&m, t3::APPLICANTS);
        assert_eq!((applicants.row, applicants.col, applicants.cols), (0, 3, 6));
        let orgs = header(&m, t3::ORGANISATIONS);
        assert_eq!((orgs.row, orgs.col, orgs.rows, orgs.cols), (1, 4, 1, 5));
        let natural = header(&m, "自然人");
        assert_eq!((natural.row, natural.rows), (1, 2));
        let total = header(&m, "总计");
        assert_eq!((total.row, total.rows, total.col), (0, 3, 9));

        let results = label(&m, "三、本年度办理结果");
        assert_eq!((results.col, results.cols, results.row), (0, 1, 2));
        assert_eq!(results.rows, 22, "results cover granted … results_total");
        let denied = label(&m, "（三）不予公开");
        assert_eq!((denied.col, denied.rows), (1, 8));
        let new = label(&m, "一、本年新收政府信息公开申请数量");
        assert_eq!((new.col, new.cols), (0, 3));
        let granted = label(&m, "（一）予以公开");
        assert_eq!((granted.col, granted.cols), (1, 2));

        assert_tiles(m.header_rows, m.cols.len(), &m.header);
        assert_tiles(m.body_rows, m.cols.len(), &m.body);
        assert_eq!(m.value_keys().len(), 25 * 7);
        assert_eq!(m.value_keys()[0], "T3.new.natural");
    }

    #[test]
    fn t3_2019_has_one_other_row() {
        let m = Model::for_table(TableId::T3, FormatVersion::V2019);
        let other = label(&m, "（六）其他处理");
        assert_eq!((other.col, other.cols, other.rows), (1, 2, 1));
        assert_tiles(m.body_rows, m.cols.len(), &m.body);
    }

    #[test]
    fn t4_groups_three_outcome_blocks() {
        let m = Model::for_table(TableId::T4, FormatVersion::V2021);
        assert_eq!((m.header_rows, m.cols.len(), m.body_rows), (3, 15, 1));
        let review = header(&m, "行政复议");
        assert_eq!((review.row, review.rows, review.cols), (0, 2, 5));
        let suit = header(&m, "行政诉讼");
        assert_eq!((suit.col, suit.cols, suit.rows), (5, 10, 1));
        let direct = header(&m, "未经复议直接起诉");
        assert_eq!((direct.row, direct.col, direct.cols), (1, 5, 5));
        assert!(m.header.iter().filter(|s| s.row == 2).count() == 15);
        assert_tiles(m.header_rows, m.cols.len(), &m.header);
        assert_eq!(m.value_keys()[14], "T4.suit_after_review.total");
    }

    #[test]
    fn t2_repeats_its_sub_table_headers() {
        for v in FormatVersion::ALL {
            let m = Model::for_table(TableId::T2, v);
            assert_eq!(m.header_rows, 0);
            assert_tiles(m.body_rows, m.cols.len(), &m.body);
            let keys = m.value_keys();
            assert_eq!(keys.len(), format::cells_of(TableId::T2, v).len());
        }
        let m = Model::for_table(TableId::T2, FormatVersion::V2021);
        let title = header(&m, "第二十条第（一）项");
        assert_eq!((title.row, title.cols), (0, 7));
        let fees = m
            .body
            .iter()
            .find(|s| s.content == Content::Value("T2.fees.amount".into()))
            .unwrap();
        assert_eq!(fees.cols, 6);
        assert_eq!(
            m.body
                .iter()
                .filter(|s| s.content == Content::Header("信息内容".into()))
                .count(),
            4
        );
    }
}
