//! The statutory report format as data: the single source of truth for the three tables.
//!
//! The recogniser matches row labels against `RowDef::aliases`, the checks walk `RowDef`/`ColumnDef`,
//! the GUI grid and the Excel export draw their headers from the same definitions. To accept a new
//! spelling of a label, add an alias here; nothing else needs to change.
//!
//! Keys follow `TABLE.ROW.COLUMN` (see ../shared/spec/report-format.md), e.g. `T3.new.natural`.

pub mod layout;
mod sections;
pub mod t2;
pub mod t3;
mod t4;

pub use sections::{SectionDef, SECTIONS};
// Folding moved to the ground floor with the other character classes; kept here for callers.
pub use crate::text::fold_width;

use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the three statutory tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    pub fn code(self) -> &'static str {
        match self {
            TableId::T2 => "T2",
            TableId::T3 => "T3",
            TableId::T4 => "T4",
        }
    }

    /// The table's title as printed in the report (it is also the heading of its section).
    pub fn title(self) -> &'static str {
        match self {
            TableId::T2 => "二、主动公开政府信息情况",
            TableId::T3 => "三、收到和处理政府信息公开申请情况",
            TableId::T4 => "四、政府信息公开行政复议、行政诉讼情况",
        }
    }

    /// The part of the report (二, 三, 四: 2, 3, 4) the table stands in.
    pub fn section(self) -> u8 {
        match self {
            TableId::T2 => 2,
            TableId::T3 => 3,
            TableId::T4 => 4,
        }
    }

    /// A short name for lists and sheet columns.
    pub fn short_name(self) -> &'static str {
        match self {
            TableId::T2 => "主动公开",
            TableId::T3 => "依申请公开",
            TableId::T4 => "复议诉讼",
        }
    }

    pub fn from_code(code: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// Which edition of the official format a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormatVersion {
    /// 国办公开办函〔2021〕30号, in force for reports on 2021 and later.
    #[serde(rename = "2021")]
    V2021,
    /// 国办公开办函〔2019〕60号, for reports on 2019–2020.
    #[serde(rename = "2019")]
    V2019,
}

impl FormatVersion {
    pub const ALL: [FormatVersion; 2] = [FormatVersion::V2021, FormatVersion::V2019];

    pub fn as_str(self) -> &'static str {
        match self {
            FormatVersion::V2021 => "2021",
            FormatVersion::V2019 => "2019",
        }
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a cell may hold; drives parsing, VALUE_INVALID and the editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number ≥ 0 (almost every cell).
    Count,
    /// A whole number that may be negative (2019 本年增/减).
    Change,
    /// A decimal amount ≥ 0 in 万元 (收费金额, 采购总金额).
    Amount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    pub key: &'static str,
    /// The column header as printed.
    pub label: &'static str,
    /// A spanning header above this column (法人或其他组织, 行政诉讼·未经复议直接起诉…).
    pub group: Option<&'static str>,
    pub kind: ValueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowDef {
    pub key: &'static str,
    /// The row's own label as printed, without its group (e.g. `1.属于国家秘密`).
    pub label: &'static str,
    /// The grouped labels to the left of it, outermost first (e.g. `三、本年度办理结果`, `（三）不予公开`).
    pub groups: &'static [&'static str],
    /// Texts that identify the row when found at the end of a label. Compared after
    /// [`normalise_label`], so punctuation, spaces and full/half width do not matter.
    /// The most specific (longest) spelling first.
    pub aliases: &'static [&'static str],
    pub columns: &'static [ColumnDef],
    /// Which format editions have this row.
    pub versions: &'static [FormatVersion],
}

impl RowDef {
    pub fn in_version(&self, v: FormatVersion) -> bool {
        self.versions.contains(&v)
    }

    /// Where the row ends in 总计, the sum of the columns before it (表三's applicants): its index.
    pub fn total_column(&self) -> Option<usize> {
        let last = self.columns.len().checked_sub(1)?;
        (last >= 2 && self.columns[last].key == "total").then_some(last)
    }

    /// The label with its groups, e.g. `三、本年度办理结果（三）不予公开 1.属于国家秘密`.
    pub fn full_label(&self) -> String {
        let mut s = String::new();
        for g in self.groups {
            s.push_str(g);
            s.push(' ');
        }
        s.push_str(self.label);
        s
    }
}

/// How the table is printed in the official layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One printed row per `RowDef` (T2, T3).
    Rows,
    /// All rows' values printed side by side on one line under grouped headers (T4: 3 groups × 5).
    SingleLine,
}

#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    pub id: TableId,
    pub layout: Layout,
    /// A header spanning every value column (表三: 申请人情况), printed above the column groups.
    pub banner: Option<&'static str>,
    /// The 勾稽关系 line printed in the table's top-left corner (表三).
    pub caption: Option<&'static str>,
    pub rows: &'static [RowDef],
}

impl TableDef {
    /// The rows a report of this edition has, in printed order.
    pub fn rows_for(&self, v: FormatVersion) -> impl Iterator<Item = &'static RowDef> + '_ {
        self.rows.iter().filter(move |r| r.in_version(v))
    }

    pub fn row(&self, key: &str) -> Option<&'static RowDef> {
        self.rows.iter().find(|r| r.key == key)
    }
}

pub const ALL_VERSIONS: &[FormatVersion] = &[FormatVersion::V2021, FormatVersion::V2019];

pub fn table(id: TableId) -> &'static TableDef {
    match id {
        TableId::T2 => &t2::T2,
        TableId::T3 => &t3::T3,
        TableId::T4 => &t4::T4,
    }
}

/// Everything a cell key names, resolved against the format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellDef {
    pub table: TableId,
    pub row: &'static RowDef,
    pub column: &'static ColumnDef,
}

impl CellDef {
    pub fn key(&self) -> String {
        cell_key(self.table, self.row.key, self.column.key)
    }

    /// The cell in words, as a clerk would name it: `三、(四)无法提供 1.本机关不掌握相关政府信息 / 自然人`.
    pub fn describe(&self) -> String {
        let col = match self.column.group {
            Some(g) if self.table == TableId::T4 => format!("{g}·{}", self.column.label),
            _ => self.column.label.to_string(),
        };
        format!("{} / {}", self.row.full_label(), col)
    }
}

pub fn cell_key(table: TableId, row: &str, column: &str) -> String {
    format!("{}.{}.{}", table.code(), row, column)
}

/// Resolves `T3.new.natural` to its definitions; `None` for an unknown key.
pub fn cell_def(key: &str) -> Option<CellDef> {
    let mut parts = key.splitn(3, '.');
    let table = TableId::from_code(parts.next()?)?;
    let row_key = parts.next()?;
    let col_key = parts.next()?;
    // A T2 row key names a different row in each edition (their columns differ): take the one
    // that has this column.
    self::table(table)
        .rows
        .iter()
        .filter(|r| r.key == row_key)
        .find_map(|row| {
            let column = row.columns.iter().find(|c| c.key == col_key)?;
            Some(CellDef { table, row, column })
        })
}

/// Every cell of one table in one edition, in printed order (row by row).
pub fn cells_of(id: TableId, v: FormatVersion) -> Vec<CellDef> {
    table(id)
        .rows_for(v)
        .flat_map(|row| {
            row.columns.iter().map(move |column| CellDef {
                table: id,
                row,
                column,
            })
        })
        .collect()
}

/// Every key of the JSON contract, both editions, without duplicates, in a stable order.
pub fn all_keys() -> &'static [String] {
    // Made once: every report read starts from an empty one with all of them.
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(make_all_keys)
}

fn make_all_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for id in TableId::ALL {
        for row in table(id).rows {
            for col in row.columns {
                let k = cell_key(id, row.key, col.key);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    keys
}

/// Reduces a label to what identifies it: no spaces, line breaks, quotes or punctuation, and
/// full-width letters and digits folded to ASCII. `（一）予以公开` and `(一) 予以公开` become equal.
pub fn normalise_label(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_cover_the_spec() {
        let keys = all_keys();
        // T2: rules and normative have 3 + 3 columns over both editions, licensing, punishment,
        // coercion and fees 3 each (decisions/… shared), other_services 3, procurement 2;
        // T3 26 rows × 7, T4 15.
        assert_eq!(keys.len(), 6 + 6 + 3 * 4 + 3 + 2 + 26 * 7 + 15);
        assert!(keys.contains(&"T3.new.natural".to_string()));
        assert!(keys.contains(&"T2.fees.amount".to_string()));
        assert!(keys.contains(&"T2.procurement.amount".to_string()));
        assert!(keys.contains(&"T4.suit_after_review.total".to_string()));
        for k in keys {
            assert!(cell_def(k).is_some(), "{k} does not resolve");
        }
    }

    #[test]
    fn normalising_ignores_width_punctuation_and_spaces() {
        assert_eq!(
            normalise_label("（一） 予以公开"),
            normalise_label("(一)予以公开")
        );
        assert_eq!(normalise_label("3.危及“三安全一稳定”"), "3危及三安全一稳定");
        assert_eq!(normalise_label("１２"), "12");
    }

    #[test]
    fn describe_names_the_cell_in_words() {
        let d = cell_def("T3.unable_not_held.natural").unwrap();
        assert_eq!(
            d.describe(),
            "三、本年度办理结果 （四）无法提供 1.本机关不掌握相关政府信息 / 自然人"
        );
        let d = cell_def("T4.suit_direct.total").unwrap();
        assert!(d.describe().contains("未经复议直接起诉"));
    }

    #[test]
    fn each_edition_has_its_own_other_rows() {
        let t3 = table(TableId::T3);
        let v21: Vec<_> = t3.rows_for(FormatVersion::V2021).map(|r| r.key).collect();
        let v19: Vec<_> = t3.rows_for(FormatVersion::V2019).map(|r| r.key).collect();
        assert!(v21.contains(&"other_other") && !v21.contains(&"other"));
        assert!(v19.contains(&"other") && !v19.contains(&"other_other"));
        assert_eq!(v21.len(), 25);
        assert_eq!(v19.len(), 23);
    }
}
