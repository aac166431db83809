//! The official printed layout of each table, as data: which texts sit in which merged cells.
//! The app's grid and every workbook sheet draw *this*; neither builds spans of its own.
//!
//! Built from the table definitions (rows, columns, groups): row labels nest by their groups to
//! the left (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密), column headers by their spanning
//! groups above (申请人情况 over all seven columns of 表三, 法人或其他组织 over five of them; 表四's
//! 行政复议 and 行政诉讼 › 未经复议直接起诉 / 复议后起诉, each over 结果维持 … 总计). Three shapes occur:
//!
//! * every row has the same columns (表三): one header, the row-label tree to the left;
//! * rows have different columns (表二): one block per article, each with its title and its own
//!   header row (信息内容 | column labels); the value area is divided into `value_cols` units so that
//!   blocks of 1, 2 or 3 columns line up;
//! * all rows printed side by side on one line (表四): no label column, one line of values.
//!
//! Coordinates are grid units, 0-based: header cells count rows from the top of the header, body
//! cells from the top of the body; columns count from the left edge, label columns first.

use super::{table, CellDef, FormatVersion, Layout, RowDef, TableId};

/// Printed at the head of the label column of 表二's blocks.
pub const ROW_HEADER: &str = "信息内容";

/// The table's number as its heading writes it (`二` of `二、主动公开政府信息情况`).
pub fn numeral(id: TableId) -> &'static str {
    match id {
        TableId::T2 => "二",
        TableId::T3 => "三",
        TableId::T4 => "四",
    }
}

/// The table's name in running text: `表二`, `表三`, `表四`.
pub fn table_name(id: TableId) -> &'static str {
    match id {
        TableId::T2 => "表二",
        TableId::T3 => "表三",
        TableId::T4 => "表四",
    }
}

/// `表三（依申请公开）`: the name with its short name, for lists.
pub fn table_name_long(id: TableId) -> String {
    format!("{}（{}）", table_name(id), id.short_name())
}

/// The 勾稽关系 line printed in the table's top-left corner, where the format has one.
pub fn caption(id: TableId) -> Option<&'static str> {
    table(id).caption
}

/// Which part of the table a cell belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The column headers above the body (repeated on every printed page).
    Header,
    /// Row labels and values (and, for 表二, each block's title and header row).
    Body,
}

/// What a merged cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A column header, a block title or the corner (centred, header background).
    Header(String),
    /// A row label (left-aligned).
    Label(String),
    /// A value cell.
    Value(CellDef),
}

impl Content {
    /// The text printed, for headers and labels.
    pub fn text(&self) -> Option<&str> {
        match self {
            Content::Header(t) | Content::Label(t) => Some(t),
            Content::Value(_) => None,
        }
    }

    pub fn value(&self) -> Option<&CellDef> {
        match self {
            Content::Value(d) => Some(d),
            _ => None,
        }
    }
}

/// One merged cell: `row_span × col_span` grid units from (`row`, `col`) of its part.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutCell {
    pub part: Part,
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub content: Content,
}

impl LayoutCell {
    pub fn last_row(&self) -> usize {
        self.row + self.row_span - 1
    }

    pub fn last_col(&self) -> usize {
        self.col + self.col_span - 1
    }

    /// True when the cell covers more than one grid unit.
    pub fn is_merged(&self) -> bool {
        self.row_span > 1 || self.col_span > 1
    }
}

/// What a grid column holds, so that each renderer can give it a width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// An outer row-group column (三、本年度办理结果, （三）不予公开): narrow.
    Group,
    /// The row's own label: wide.
    Label,
    /// Values (or, for 表二, a unit of the value area).
    Value,
}

/// A table of one edition in its official layout.
#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    pub table: TableId,
    pub version: FormatVersion,
    /// Grid columns holding row labels, on the left (3 for 表三, 1 for 表二, 0 for 表四).
    pub label_cols: usize,
    /// Grid columns holding values, right of the labels.
    pub value_cols: usize,
    /// Rows of the column header above the body (0 for 表二, whose headers repeat per block).
    pub header_rows: usize,
    pub body_rows: usize,
    /// Every merged cell, header first, each part row by row; together they tile the grid.
    pub cells: Vec<LayoutCell>,
}

impl TableLayout {
    pub fn new(id: TableId, version: FormatVersion) -> TableLayout {
        let def = table(id);
        let rows: Vec<&'static RowDef> = def.rows_for(version).collect();
        let mut t = match def.layout {
            Layout::SingleLine => single_line(id, version, &rows),
            Layout::Rows if rows.iter().all(|r| same_columns(r, rows[0])) => {
                grouped_rows(id, version, &rows)
            }
            Layout::Rows => blocks(id, version, &rows),
        };
        t.cells
            .sort_by_key(|c| (c.part == Part::Body, c.row, c.col));
        t
    }

    pub fn cols(&self) -> usize {
        self.label_cols + self.value_cols
    }

    pub fn column_role(&self, col: usize) -> ColumnRole {
        if col >= self.label_cols {
            ColumnRole::Value
        } else if col + 1 == self.label_cols {
            ColumnRole::Label
        } else {
            ColumnRole::Group
        }
    }

    pub fn header(&self) -> impl Iterator<Item = &LayoutCell> {
        self.cells.iter().filter(|c| c.part == Part::Header)
    }

    pub fn body(&self) -> impl Iterator<Item = &LayoutCell> {
        self.cells.iter().filter(|c| c.part == Part::Body)
    }

    /// The row labels with their spans (the row-label tree, outer groups first within a row).
    pub fn row_labels(&self) -> impl Iterator<Item = &LayoutCell> {
        self.cells
            .iter()
            .filter(|c| matches!(c.content, Content::Label(_)))
    }

    /// The value cells, row by row (reading order).
    pub fn values(&self) -> impl Iterator<Item = (&LayoutCell, &CellDef)> {
        self.body()
            .filter_map(|c| c.content.value().map(|d| (c, d)))
    }

    /// Every cell as if header and body were one grid (body rows after the header rows).
    pub fn stacked(&self) -> impl Iterator<Item = LayoutCell> + '_ {
        self.cells.iter().map(|c| LayoutCell {
            row: c.row
                + match c.part {
                    Part::Header => 0,
                    Part::Body => self.header_rows,
                },
            ..c.clone()
        })
    }

    pub fn total_rows(&self) -> usize {
        self.header_rows + self.body_rows
    }
}

fn same_columns(a: &RowDef, b: &RowDef) -> bool {
    a.columns
        .iter()
        .map(|c| c.key)
        .eq(b.columns.iter().map(|c| c.key))
}

/// A node of a nested header: `items` consecutive items (columns or rows) from `item`, drawn at
/// depth `pos` over `levels` depths.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TreeSpan {
    item: usize,
    items: usize,
    pos: usize,
    levels: usize,
    text: String,
}

/// Lays out items by their label paths (outermost first) as the official tables do: a leaf label
/// stretches down to the last depth; a group whose children are all leaves stretches so that
/// those leaves sit on the last depth (表四's 行政复议 over two header rows); other groups take
/// one depth. Returns the depth and the spans.
fn tree(paths: &[Vec<&'static str>]) -> (usize, Vec<TreeSpan>) {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    lay_out(paths, (0, paths.len()), 0, 0, depth, &mut out);
    (depth, out)
}

fn lay_out(
    paths: &[Vec<&'static str>],
    (start, end): (usize, usize),
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
                text: p.get(level).copied().unwrap_or_default().to_string(),
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
            text: p[level].to_string(),
        });
        lay_out(paths, (i, j), level + 1, pos + levels, depth, out);
        i = j;
    }
}

/// A row's label path: its groups, then its own label.
fn row_path(r: &RowDef) -> Vec<&'static str> {
    let mut p = r.groups.to_vec();
    p.push(r.label);
    p
}

/// Column header spans laid along the columns (`item` = column, `pos` = header row).
fn header_cells(spans: Vec<TreeSpan>, first_col: usize) -> impl Iterator<Item = LayoutCell> {
    spans.into_iter().map(move |t| LayoutCell {
        part: Part::Header,
        row: t.pos,
        col: first_col + t.item,
        row_span: t.levels,
        col_span: t.items,
        content: Content::Header(t.text),
    })
}

/// 表三: the column tree on top (under the table's banner), the row-label tree to the left, the
/// caption in the corner.
fn grouped_rows(id: TableId, version: FormatVersion, rows: &[&'static RowDef]) -> TableLayout {
    let def = table(id);
    let columns = rows.first().map_or(&[][..], |r| r.columns);
    let col_paths: Vec<Vec<&'static str>> = columns
        .iter()
        .map(|c| {
            let mut p: Vec<&'static str> = def.banner.into_iter().collect();
            p.extend(c.group);
            p.push(c.label);
            p
        })
        .collect();
    let row_paths: Vec<Vec<&'static str>> = rows.iter().map(|r| row_path(r)).collect();
    let (label_cols, row_tree) = tree(&row_paths);
    let (header_rows, col_tree) = tree(&col_paths);
    let mut cells = Vec::new();
    if label_cols > 0 && header_rows > 0 {
        cells.push(LayoutCell {
            part: Part::Header,
            row: 0,
            col: 0,
            row_span: header_rows,
            col_span: label_cols,
            content: Content::Header(def.caption.unwrap_or_default().to_string()),
        });
    }
    cells.extend(header_cells(col_tree, label_cols));
    cells.extend(row_tree.into_iter().map(|t| LayoutCell {
        part: Part::Body,
        row: t.item,
        col: t.pos,
        row_span: t.items,
        col_span: t.levels,
        content: Content::Label(t.text),
    }));
    for (r, row) in rows.iter().enumerate() {
        for (c, column) in row.columns.iter().enumerate() {
            cells.push(value_cell(r, label_cols + c, 1, id, row, column));
        }
    }
    TableLayout {
        table: id,
        version,
        label_cols,
        value_cols: columns.len(),
        header_rows,
        body_rows: rows.len(),
        cells,
    }
}

fn value_cell(
    row: usize,
    col: usize,
    col_span: usize,
    table: TableId,
    r: &'static RowDef,
    column: &'static super::ColumnDef,
) -> LayoutCell {
    LayoutCell {
        part: Part::Body,
        row,
        col,
        row_span: 1,
        col_span,
        content: Content::Value(CellDef {
            table,
            row: r,
            column,
        }),
    }
}

/// 表四: every row's values side by side under the tree of row groups, row names and column
/// labels; one line of values; no label column.
fn single_line(id: TableId, version: FormatVersion, rows: &[&'static RowDef]) -> TableLayout {
    let items: Vec<(&'static RowDef, &'static super::ColumnDef)> = rows
        .iter()
        .flat_map(|r| r.columns.iter().map(move |c| (*r, c)))
        .collect();
    let paths: Vec<Vec<&'static str>> = items
        .iter()
        .map(|(r, c)| {
            let mut p = row_path(r);
            p.push(c.label);
            p
        })
        .collect();
    let (header_rows, col_tree) = tree(&paths);
    let mut cells: Vec<LayoutCell> = header_cells(col_tree, 0).collect();
    for (i, (r, c)) in items.iter().enumerate() {
        cells.push(value_cell(0, i, 1, id, r, c));
    }
    TableLayout {
        table: id,
        version,
        label_cols: 0,
        value_cols: items.len(),
        header_rows,
        body_rows: 1,
        cells,
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// 表二: one block per article and column set (第二十条第（一）项 …): a title row, a header row
/// (信息内容 | column labels), the rows. Columns share the value area evenly.
fn blocks(id: TableId, version: FormatVersion, rows: &[&'static RowDef]) -> TableLayout {
    // The least common multiple of the blocks' widths: every block divides the area evenly.
    let units = rows
        .iter()
        .map(|r| r.columns.len().max(1))
        .fold(1, |acc, n| acc / gcd(acc, n) * n);
    let mut cells = Vec::new();
    let mut y = 0;
    let mut i = 0;
    while i < rows.len() {
        let first = rows[i];
        let mut j = i + 1;
        while j < rows.len() && rows[j].groups == first.groups && same_columns(rows[j], first) {
            j += 1;
        }
        let width = units / first.columns.len().max(1);
        if !first.groups.is_empty() {
            cells.push(LayoutCell {
                part: Part::Body,
                row: y,
                col: 0,
                row_span: 1,
                col_span: 1 + units,
                content: Content::Header(first.groups.join(" ")),
            });
            y += 1;
        }
        cells.push(LayoutCell {
            part: Part::Body,
            row: y,
            col: 0,
            row_span: 1,
            col_span: 1,
            content: Content::Header(ROW_HEADER.to_string()),
        });
        for (k, col) in first.columns.iter().enumerate() {
            cells.push(LayoutCell {
                part: Part::Body,
                row: y,
                col: 1 + k * width,
                row_span: 1,
                col_span: width,
                content: Content::Header(col.label.to_string()),
            });
        }
        y += 1;
        for row in &rows[i..j] {
            cells.push(LayoutCell {
                part: Part::Body,
                row: y,
                col: 0,
                row_span: 1,
                col_span: 1,
                content: Content::Label(row.label.to_string()),
            });
            for (k, col) in row.columns.iter().enumerate() {
                cells.push(value_cell(y, 1 + k * width, width, id, row, col));
            }
            y += 1;
        }
        i = j;
    }
    TableLayout {
        table: id,
        version,
        label_cols: 1,
        value_cols: units,
        header_rows: 0,
        body_rows: y,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{cells_of, t3};

    fn find<'a>(t: &'a TableLayout, text: &str) -> &'a LayoutCell {
        t.cells
            .iter()
            .find(|c| c.content.text() == Some(text))
            .unwrap_or_else(|| panic!("no cell {text}"))
    }

    fn spans(c: &LayoutCell) -> (usize, usize, usize, usize) {
        (c.row, c.col, c.row_span, c.col_span)
    }

    /// Every grid unit of each part is covered exactly once.
    fn assert_tiles(t: &TableLayout) {
        for (part, rows) in [(Part::Header, t.header_rows), (Part::Body, t.body_rows)] {
            let mut seen = vec![vec![0; t.cols()]; rows];
            for c in t.cells.iter().filter(|c| c.part == part) {
                for row in &mut seen[c.row..=c.last_row()] {
                    for n in &mut row[c.col..=c.last_col()] {
                        *n += 1;
                    }
                }
            }
            for (r, row) in seen.iter().enumerate() {
                for (c, n) in row.iter().enumerate() {
                    assert_eq!(*n, 1, "{:?} {part:?} ({r},{c}) covered {n} times", t.table);
                }
            }
        }
    }

    #[test]
    fn every_table_tiles_its_grid_and_lists_every_cell_once() {
        for id in TableId::ALL {
            for v in FormatVersion::ALL {
                let t = TableLayout::new(id, v);
                assert_tiles(&t);
                let keys: Vec<String> = t.values().map(|(_, d)| d.key()).collect();
                let want: Vec<String> = cells_of(id, v).iter().map(|d| d.key()).collect();
                assert_eq!(keys, want, "{id:?} {v}: values in reading order");
            }
        }
    }

    #[test]
    fn t3_puts_applicants_over_all_seven_columns_with_total_under_it() {
        let t = TableLayout::new(TableId::T3, FormatVersion::V2021);
        assert_eq!((t.header_rows, t.label_cols, t.value_cols), (3, 3, 7));
        assert_eq!(spans(find(&t, t3::APPLICANTS)), (0, 3, 1, 7));
        assert_eq!(spans(find(&t, t3::ORGANISATIONS)), (1, 4, 1, 5));
        assert_eq!(spans(find(&t, "自然人")), (1, 3, 2, 1));
        assert_eq!(spans(find(&t, "总计")), (1, 9, 2, 1));
        assert_eq!(spans(find(&t, "商业企业")), (2, 4, 1, 1));
        let corner = find(&t, caption(TableId::T3).unwrap());
        assert_eq!(spans(corner), (0, 0, 3, 3));

        assert_eq!(spans(find(&t, "三、本年度办理结果")), (2, 0, 22, 1));
        assert_eq!(spans(find(&t, "（三）不予公开")), (4, 1, 8, 1));
        assert_eq!(spans(find(&t, "1.属于国家秘密")), (4, 2, 1, 1));
        assert_eq!(spans(find(&t, "（一）予以公开")), (2, 1, 1, 2));
        assert_eq!(
            spans(find(&t, "一、本年新收政府信息公开申请数量")),
            (0, 0, 1, 3)
        );
        assert_eq!(t.column_role(0), ColumnRole::Group);
        assert_eq!(t.column_role(2), ColumnRole::Label);
        assert_eq!(t.column_role(3), ColumnRole::Value);

        let t19 = TableLayout::new(TableId::T3, FormatVersion::V2019);
        assert_eq!(spans(find(&t19, "（六）其他处理")), (20, 1, 1, 2));
        assert_eq!(t19.body_rows, 23);
    }

    #[test]
    fn t4_has_three_groups_each_over_five_outcomes() {
        for v in FormatVersion::ALL {
            let t = TableLayout::new(TableId::T4, v);
            assert_eq!((t.header_rows, t.label_cols, t.value_cols), (3, 0, 15));
            assert_eq!(spans(find(&t, "行政复议")), (0, 0, 2, 5));
            assert_eq!(spans(find(&t, "行政诉讼")), (0, 5, 1, 10));
            assert_eq!(spans(find(&t, "未经复议直接起诉")), (1, 5, 1, 5));
            assert_eq!(spans(find(&t, "复议后起诉")), (1, 10, 1, 5));
            let outcomes: Vec<_> = t.header().filter(|c| c.row == 2).collect();
            assert_eq!(outcomes.len(), 15);
            assert_eq!(outcomes[0].content.text(), Some("结果维持"));
            assert_eq!(outcomes[14].content.text(), Some("总计"));
            assert_eq!(t.body_rows, 1);
        }
    }

    #[test]
    fn t2_repeats_its_block_headers_and_shares_the_value_area() {
        let t = TableLayout::new(TableId::T2, FormatVersion::V2021);
        // Blocks of 3 and 1 columns: three units.
        assert_eq!((t.header_rows, t.label_cols, t.value_cols), (0, 1, 3));
        assert_eq!(spans(find(&t, "第二十条第（一）项")), (0, 0, 1, 4));
        assert_eq!(spans(find(&t, "本年制发件数")), (1, 1, 1, 1));
        let fees = t
            .values()
            .find(|(_, d)| d.key() == "T2.fees.amount")
            .map(|(c, _)| spans(c));
        assert_eq!(fees, Some((13, 1, 1, 3)));
        let heads = t
            .cells
            .iter()
            .filter(|c| c.content.text() == Some(ROW_HEADER))
            .count();
        assert_eq!(heads, 4);
        let t19 = TableLayout::new(TableId::T2, FormatVersion::V2019);
        // Blocks of 3 and 2 columns: six units.
        assert_eq!(t19.value_cols, 6);
        assert_eq!(
            spans(find(&t19, "采购总金额")),
            (t19.body_rows - 2, 4, 1, 3)
        );
    }

    #[test]
    fn names_and_numerals_follow_the_titles() {
        for id in TableId::ALL {
            assert!(id.title().starts_with(numeral(id)));
            assert!(table_name(id).ends_with(numeral(id)));
        }
        assert_eq!(table_name_long(TableId::T3), "表三（依申请公开）");
    }
}
