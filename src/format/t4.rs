//! Table 四、政府信息公开行政复议、行政诉讼情况: three groups of five columns printed on one line.
//! Each group is a `RowDef` so that keys read `T4.review.upheld`.
//!
//! The nesting (行政诉讼 › 未经复议直接起诉) is written once, in `outcome_row!`: the row's groups and
//! label, and from them the group name its columns carry (`行政诉讼·未经复议直接起诉`).

use super::{ColumnDef, FormatVersion, Layout, RowDef, TableDef, TableId, ValueKind};

const BOTH: &[FormatVersion] = &[FormatVersion::V2021, FormatVersion::V2019];

const fn outcomes(group: &'static str) -> [ColumnDef; 5] {
    const fn c(key: &'static str, label: &'static str, group: &'static str) -> ColumnDef {
        ColumnDef {
            key,
            label,
            group: Some(group),
            kind: ValueKind::Count,
        }
    }
    [
        c("upheld", "结果维持", group),
        c("corrected", "结果纠正", group),
        c("other", "其他结果", group),
        c("pending", "尚未审结", group),
        c("total", "总计", group),
    ]
}

/// One group of five outcome columns: `key`, its outer groups, its label.
macro_rules! outcome_row {
    ($key:literal, [$($group:literal),*], $label:literal) => {
        RowDef {
            key: $key,
            label: $label,
            groups: &[$($group),*],
            aliases: &[$label],
            columns: &outcomes(concat!($($group, "·",)* $label)),
            versions: BOTH,
        }
    };
}

pub static T4: TableDef = TableDef {
    id: TableId::T4,
    layout: Layout::SingleLine,
    banner: None,
    caption: None,
    rows: &[
        outcome_row!("review", [], "行政复议"),
        outcome_row!("suit_direct", ["行政诉讼"], "未经复议直接起诉"),
        outcome_row!("suit_after_review", ["行政诉讼"], "复议后起诉"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_groups_follow_the_row_nesting() {
        for row in T4.rows {
            let mut path: Vec<&str> = row.groups.to_vec();
            path.push(row.label);
            let want = path.join("·");
            assert!(row.columns.iter().all(|c| c.group == Some(want.as_str())));
        }
        assert_eq!(
            T4.rows[1].columns[0].group,
            Some("行政诉讼·未经复议直接起诉")
        );
    }
}
