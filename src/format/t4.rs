//! Table 四、政府信息公开行政复议、行政诉讼情况: three groups of five columns printed on one line.
//! Each group is a `RowDef` so that keys read `T4.review.upheld`.

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

const REVIEW: &[ColumnDef] = &outcomes("行政复议");
const SUIT_DIRECT: &[ColumnDef] = &outcomes("行政诉讼·未经复议直接起诉");
const SUIT_AFTER: &[ColumnDef] = &outcomes("行政诉讼·复议后起诉");

pub static T4: TableDef = TableDef {
    id: TableId::T4,
    layout: Layout::SingleLine,
    rows: &[
        RowDef {
            key: "review",
            label: "行政复议",
            groups: &[],
            aliases: &["行政复议"],
            columns: REVIEW,
            versions: BOTH,
        },
        RowDef {
            key: "suit_direct",
            label: "未经复议直接起诉",
            groups: &["行政诉讼"],
            aliases: &["未经复议直接起诉"],
            columns: SUIT_DIRECT,
            versions: BOTH,
        },
        RowDef {
            key: "suit_after_review",
            label: "复议后起诉",
            groups: &["行政诉讼"],
            aliases: &["复议后起诉"],
            columns: SUIT_AFTER,
            versions: BOTH,
        },
    ],
};
