//! Naming places in the tables the way a clerk finds them on paper, for the findings' messages.
//! Everything is read from `format/`, so a relabelled row is named correctly everywhere.

use crate::format::{self, CellDef, ColumnDef, RowDef, TableId};
use crate::model::format_value;

/// `表三`: named once, in the layout model.
pub use crate::format::layout::table_name;

/// A row by its label and, for sub-items, the item it belongs to:
/// `（四）无法提供 1.本机关不掌握相关政府信息`, `一、本年新收政府信息公开申请数量`.
pub fn row_name(row: &RowDef) -> String {
    match row.groups {
        [_, .., inner] if row.groups.len() >= 2 => format!("{inner} {}", row.label),
        _ => row.label.to_string(),
    }
}

/// A T4 group by its printed header (`行政复议`, `行政诉讼·未经复议直接起诉`).
pub fn group_name(row: &RowDef) -> String {
    row.columns
        .first()
        .and_then(|c| c.group)
        .map_or_else(|| row.label.to_string(), str::to_string)
}

/// `表三“一、本年新收政府信息公开申请数量”行“自然人”列`, `表四“行政复议”的“总计”`.
pub fn cell_place(def: &CellDef) -> String {
    match def.table {
        TableId::T4 => format!("表四“{}”的“{}”", group_name(def.row), def.column.label),
        t => format!(
            "{}“{}”行“{}”列",
            table_name(t),
            row_name(def.row),
            def.column.label
        ),
    }
}

/// The place of a cell key in words; the key itself when the format does not know it.
pub fn key_place(key: &str) -> String {
    format::cell_def(key).map_or_else(|| key.to_string(), |d| cell_place(&d))
}

/// A value as the cell's kind prints it (`3`, `12.5`); counts when the key is unknown.
pub fn value_text(key: &str, v: f64) -> String {
    let kind = format::cell_def(key).map_or(format::ValueKind::Count, |d| d.column.kind);
    format_value(kind, v)
}

/// A count for a message: `3`, or the decimal if it is not whole.
pub fn num(v: f64) -> String {
    format_value(format::ValueKind::Count, v)
}

/// Column labels joined for a message: `自然人、总计`.
pub fn column_list(columns: &[&ColumnDef]) -> String {
    columns
        .iter()
        .map(|c| c.label)
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_by_row_and_column() {
        let d = format::cell_def("T3.unable_not_held.natural").unwrap();
        assert_eq!(
            cell_place(&d),
            "表三“（四）无法提供 1.本机关不掌握相关政府信息”行“自然人”列"
        );
        let d = format::cell_def("T3.new.total").unwrap();
        assert_eq!(
            cell_place(&d),
            "表三“一、本年新收政府信息公开申请数量”行“总计”列"
        );
        assert_eq!(
            key_place("T4.suit_direct.total"),
            "表四“行政诉讼·未经复议直接起诉”的“总计”"
        );
        assert_eq!(key_place("T9.x.y"), "T9.x.y");
    }

    #[test]
    fn values_print_by_their_kind() {
        assert_eq!(value_text("T2.fees.amount", 1.25), "1.25");
        assert_eq!(value_text("T3.new.total", 3.0), "3");
        assert_eq!(num(2.5), "2.5");
    }
}
