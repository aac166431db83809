//! The cells of a row named by their address on the town sheet and in words: one by one, by
//! rows, or as a range when they sit side by side.

use super::Positions;
use crate::format;
use crate::format::{layout, TableId};
use crate::model::Finding;
use rust_xlsxwriter::utility::row_col_to_cell;

/// Cells named one by one; beyond this many, rows are named instead.
pub(super) const CELLS_SHOWN: usize = 5;
/// `D12`, or `—` for a cell not on the town sheet.
pub(super) fn address(at: &Positions, key: &str) -> String {
    at.get(key)
        .map(|(r, c)| row_col_to_cell(*r, *c))
        .unwrap_or_else(|| "—".to_string())
}

/// Characters of a row label kept in the 单元格 column; the 说明 names the row in full.
pub(super) const LABEL_CHARS: usize = 14;

/// A row as a clerk names it, shortened: `（三）不予公开 1.属于国家秘密` → `（三）不予公开 1.属…`.
pub(super) fn short_row(row: &format::RowDef) -> String {
    // The top group (三、本年度办理结果) is implied by the sub-group or the label.
    let mut parts: Vec<&str> = row.groups.iter().skip(1).copied().collect();
    parts.push(row.label);
    let full = parts.join(" ");
    if full.chars().count() <= LABEL_CHARS + 1 {
        return full;
    }
    let cut: String = full.chars().take(LABEL_CHARS).collect();
    format!("{cut}…")
}

pub(super) fn short_col(d: &format::CellDef) -> String {
    match d.column.group {
        Some(g) if d.table == TableId::T4 => format!("{g}·{}", d.column.label),
        _ => d.column.label.to_string(),
    }
}

/// `D12 表三 一、本年新收政府信… / 自然人`
pub(super) fn cell_line(at: &Positions, key: &str) -> String {
    match format::cell_def(key) {
        Some(d) => format!(
            "{} {} {} / {}",
            address(at, key),
            layout::table_name(d.table),
            short_row(d.row),
            short_col(&d)
        ),
        None => key.to_string(),
    }
}

/// The cells of a group, the likely culprit first, and the cell to link to. One cell is named
/// by address and in words; cells along one row or one column by their span and that row or
/// column; anything else one line per table row.
pub(super) fn cells_text(members: &[&Finding], at: &Positions) -> (String, Option<(u32, u16)>) {
    let suspect = members
        .iter()
        .find_map(|f| f.suspect.as_ref())
        .map(|s| s.cell.clone());
    let mut keys: Vec<&str> = Vec::new();
    for k in members.iter().flat_map(|f| &f.cells) {
        if !keys.contains(&k.as_str()) && Some(k) != suspect.as_ref() {
            keys.push(k);
        }
    }
    let mut lines = Vec::new();
    if let Some(s) = &suspect {
        lines.push(format!("可能填错：{}", cell_line(at, s)));
    }
    lines.extend(keys_lines(&keys, at, CELLS_SHOWN - lines.len()));
    let target = suspect
        .as_deref()
        .into_iter()
        .chain(keys.iter().copied())
        .find_map(|k| at.get(k).copied());
    let text = if lines.is_empty() {
        "—".to_string()
    } else {
        lines.join("\n")
    };
    (text, target)
}

pub(super) fn keys_lines(keys: &[&str], at: &Positions, shown: usize) -> Vec<String> {
    let defs: Option<Vec<format::CellDef>> = keys.iter().map(|k| format::cell_def(k)).collect();
    let (Some(defs), [first, ..]) = (defs, keys) else {
        return keys.iter().map(|k| k.to_string()).collect();
    };
    if keys.len() == 1 {
        return vec![cell_line(at, first)];
    }
    let d0 = &defs[0];
    let places: Vec<(u32, u16)> = keys.iter().filter_map(|k| at.get(*k).copied()).collect();
    let table = layout::table_name(d0.table);
    let same_table = defs.iter().all(|d| d.table == d0.table);
    if same_table && defs.iter().all(|d| std::ptr::eq(d.row, d0.row)) {
        return vec![format!("{} {table} {}行", span(&places), short_row(d0.row))];
    }
    if same_table && defs.iter().all(|d| std::ptr::eq(d.column, d0.column)) {
        return vec![format!("{} {table} “{}”列", span(&places), short_col(d0))];
    }
    row_lines(keys, at, shown)
}

/// A table row and where its cells are on the sheet.
pub(super) type TableRow = (TableId, &'static format::RowDef, Vec<(u32, u16)>);

/// Many cells named by their table rows: `D12:I12 表三 （一）予以公开行` (cells not on the
/// sheet are counted), at most `shown` lines and a count.
pub(super) fn row_lines(keys: &[&str], at: &Positions, shown: usize) -> Vec<String> {
    let mut rows: Vec<TableRow> = Vec::new();
    for k in keys {
        let Some(d) = format::cell_def(k) else {
            continue;
        };
        let i = match rows
            .iter()
            .position(|(t, r, _)| *t == d.table && std::ptr::eq(*r, d.row))
        {
            Some(i) => i,
            None => {
                rows.push((d.table, d.row, Vec::new()));
                rows.len() - 1
            }
        };
        rows[i].2.extend(at.get(*k).copied());
    }
    let mut lines: Vec<String> = rows
        .iter()
        .take(shown.saturating_sub(1).max(1))
        .map(|(t, r, places)| {
            format!(
                "{} {} {}行",
                span(places),
                layout::table_name(*t),
                short_row(r)
            )
        })
        .collect();
    let more = rows.len().saturating_sub(lines.len());
    lines.push(if more > 0 {
        format!("…另有 {more} 行，共 {} 个单元格", keys.len())
    } else {
        format!("共 {} 个单元格", keys.len())
    });
    lines
}

/// Addresses listed before the rest are counted.
pub(super) const ADDRESSES_SHOWN: usize = 4;

/// `D12:I12` (or `D12:D20`) for cells next to each other along one row (column), else the
/// addresses (`D12、F12`, the rest counted).
pub(super) fn span(places: &[(u32, u16)]) -> String {
    let mut p = places.to_vec();
    p.sort_unstable_by_key(|&(r, c)| (c, r));
    p.dedup();
    let cell = |(r, c): (u32, u16)| row_col_to_cell(r, c);
    let (Some(&a), Some(&b)) = (p.first(), p.last()) else {
        return "—".to_string();
    };
    if a == b {
        return cell(a);
    }
    let along_col = a.1 == b.1 && (b.0 - a.0) as usize + 1 == p.len();
    p.sort_unstable();
    let along_row = a.0 == b.0 && usize::from(b.1 - a.1) + 1 == p.len();
    if along_col || along_row {
        let (a, b) = (p[0], p[p.len() - 1]);
        return format!("{}:{}", cell(a), cell(b));
    }
    let listed: Vec<String> = p.iter().take(ADDRESSES_SHOWN).map(|x| cell(*x)).collect();
    let listed = listed.join("、");
    if p.len() > ADDRESSES_SHOWN {
        format!("{listed} 等 {} 格", p.len())
    } else {
        listed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_cells_are_a_range() {
        assert_eq!(span(&[(11, 3), (11, 4), (11, 5)]), "D12:F12");
        assert_eq!(span(&[(11, 3), (11, 5)]), "D12、F12");
        assert_eq!(span(&[(11, 3)]), "D12");
        assert_eq!(span(&[(13, 3), (11, 3), (12, 3)]), "D12:D14");
        assert_eq!(
            span(&[(1, 0), (3, 0), (5, 0), (7, 0), (9, 0)]),
            "A2、A4、A6、A8 等 5 格"
        );
        assert_eq!(span(&[]), "—");
    }
}
