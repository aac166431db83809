//! The app's grid and the workbook draw each table with the same merged cells (issue 13): the
//! spans the grid paints (`ui::grid_layout::Model`) are compared with the merges and texts a
//! written workbook holds, read back from the .xlsx, for 表二, 表三 and 表四 of both editions.

#![cfg(feature = "gui")]

// Only the merges are needed here.
#[allow(dead_code)]
#[path = "support/xlsx_probe.rs"]
mod xlsx_probe;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use nianbao::export::{sheet_names, workbook_bytes, Batch};
use nianbao::format::{self, t3, FormatVersion, TableId};
use nianbao::model::{CellState, FileKind, Report};
use nianbao::ui::grid_layout::{Content, Model};
use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;

/// One merged cell in grid units from the table's top-left corner, with what it shows: the
/// text of a header or label, or `值 <key>` for a value cell.
type Cell = (usize, usize, usize, usize, String);

/// A report whose every value is its position in its table's reading order (plus one), so that
/// a number read back from the sheet says which cell it is.
fn numbered(v: FormatVersion) -> Report {
    let mut r = Report::empty("/data/样例.txt", FileKind::Text, String::new());
    r.agency = Some("红寺堡区红寺堡镇人民政府".into());
    r.year = Some(2023);
    r.format_version = Some(v);
    r.tables = TableId::ALL.to_vec();
    for t in TableId::ALL {
        for (i, d) in format::cells_of(t, v).iter().enumerate() {
            let cell = r.cells.get_mut(&d.key()).expect("every key has a cell");
            cell.value = Some((i + 1) as f64);
            cell.state = CellState::Read;
        }
    }
    r
}

fn text(d: Option<&Data>) -> Option<String> {
    match d? {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn number(d: Option<&Data>) -> Option<f64> {
    match d? {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Numbers the columns by the vertical lines a table draws (every cell's left and right edge)
/// instead of by grid or sheet column: the strip between two lines is one column, the leftmost
/// strip column 0. Grid and sheet may divide a strip differently without drawing anything
/// different (the sheet widens 表二's one label column over its three label columns; 表二's
/// blocks of two and three columns leave some of the model's units undivided), and the sheet
/// starts 表四 after its label columns; what is drawn must be the same.
fn strips(cells: Vec<Cell>) -> Vec<Cell> {
    let edges: BTreeSet<usize> = cells.iter().flat_map(|c| [c.1, c.1 + c.3]).collect();
    let strip = |x: usize| edges.iter().filter(|&&e| e <= x).count() - 1;
    let mut out: Vec<Cell> = cells
        .into_iter()
        .map(|(row, col, rows, cols, what)| {
            let first = strip(col);
            (row, first, rows, strip(col + cols) - first, what)
        })
        .collect();
    out.sort();
    out
}

/// What the grid paints for a table.
fn app_cells(t: TableId, v: FormatVersion) -> Vec<Cell> {
    let cells = Model::for_table(t, v)
        .stacked()
        .map(|s| {
            let what = match s.content {
                Content::Header(x) | Content::Label(x) => x,
                Content::Value(k) => format!("值 {k}"),
            };
            (s.row, s.col, s.rows, s.cols, what)
        })
        .collect();
    strips(cells)
}

/// What the workbook writes for a table: the rows from under its title down to the first empty
/// row, every non-empty cell and every merge anchored there, in sheet rows from the table's top
/// and sheet columns.
fn workbook_cells(
    s: &Range<Data>,
    merges: &[(u32, u16, u32, u16)],
    title_row: u32,
    t: TableId,
    v: FormatVersion,
) -> Vec<Cell> {
    let (h, w) = s.end().expect("sheet not empty");
    let at = |y: u32, x: u32| s.get_value((y, x));
    let top = title_row + 1;
    let bottom = (top..=h)
        .find(|&y| (0..=w).all(|x| text(at(y, x)).is_none()))
        .unwrap_or(h + 1);
    let merge_at: HashMap<(u32, u32), (u32, u32)> = merges
        .iter()
        .filter(|m| (top..bottom).contains(&m.0))
        .map(|m| ((m.0, u32::from(m.1)), (m.2, u32::from(m.3))))
        .collect();
    let mut anchors: BTreeSet<(u32, u32)> = merge_at.keys().copied().collect();
    for y in top..bottom {
        anchors.extend(
            (0..=w)
                .filter(|&x| text(at(y, x)).is_some())
                .map(|x| (y, x)),
        );
    }
    let keys: Vec<String> = format::cells_of(t, v).iter().map(|d| d.key()).collect();
    let cells = anchors
        .into_iter()
        .map(|(y, x)| {
            let (y2, x2) = merge_at.get(&(y, x)).copied().unwrap_or((y, x));
            let what = match (number(at(y, x)), text(at(y, x))) {
                (Some(n), _) => keys
                    .get(n as usize - 1)
                    .map_or(format!("数 {n}"), |k| format!("值 {k}")),
                (None, t) => t.unwrap_or_default(),
            };
            let (row, col) = ((y - top) as usize, x as usize);
            (row, col, (y2 - y + 1) as usize, (x2 - x + 1) as usize, what)
        })
        .collect();
    strips(cells)
}

#[test]
fn the_grid_draws_the_merges_the_workbook_writes() {
    for v in FormatVersion::ALL {
        let r = numbered(v);
        let reports = std::slice::from_ref(&r);
        let bytes = workbook_bytes(&Batch::new(reports, &[Vec::new()]), &|_| {}).expect("export");
        let name = &sheet_names(reports)[0];
        let merges = &xlsx_probe::probe(&bytes)[name].merges;
        let mut wb: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens the workbook");
        let s = wb.worksheet_range(name).expect("report sheet");
        let (last_row, _) = s.end().expect("sheet not empty");
        let mut from = 0;
        for t in TableId::ALL {
            let title_row = (from..=last_row)
                .find(|&y| text(s.get_value((y, 0))).as_deref() == Some(t.title()))
                .unwrap_or_else(|| panic!("{t:?} {v}: no title on the sheet"));
            from = title_row + 1;
            let book = workbook_cells(&s, merges, title_row, t, v);
            let app = app_cells(t, v);
            assert!(!app.is_empty());
            assert_eq!(app, book, "{t:?} {v}: the grid and the workbook differ");
        }
        // The official 表三 (the point of issue 13): 申请人情况 over all seven value columns, 总计
        // under it beside 法人或其他组织.
        let t3 = app_cells(TableId::T3, v);
        assert!(
            t3.contains(&(0, 3, 1, 7, t3::APPLICANTS.to_string())),
            "{v}"
        );
        assert!(t3.contains(&(1, 9, 2, 1, "总计".to_string())), "{v}");
    }
}
