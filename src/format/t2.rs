//! Table 二、主动公开政府信息情况. Its rows differ between the two editions, so each row lists the
//! editions that have it; rows present in both (规章…) are defined once per edition because their
//! columns differ.

use super::{ColumnDef, FormatVersion, Layout, RowDef, TableDef, TableId, ValueKind};

const V21: &[FormatVersion] = &[FormatVersion::V2021];
const V19: &[FormatVersion] = &[FormatVersion::V2019];

const fn col(key: &'static str, label: &'static str, kind: ValueKind) -> ColumnDef {
    ColumnDef {
        key,
        label,
        group: None,
        kind,
    }
}

// 2021 edition columns.
const DOCS_2021: &[ColumnDef] = &[
    col("issued", "本年制发件数", ValueKind::Count),
    col("repealed", "本年废止件数", ValueKind::Count),
    col("in_force", "现行有效件数", ValueKind::Count),
];
const DECISIONS_2021: &[ColumnDef] = &[col("decisions", "本年处理决定数量", ValueKind::Count)];
const FEES_2021: &[ColumnDef] = &[col(
    "amount",
    "本年收费金额（单位：万元）",
    ValueKind::Amount,
)];

// 2019 edition columns.
const DOCS_2019: &[ColumnDef] = &[
    col("made", "本年新制作数量", ValueKind::Count),
    col("published", "本年新公开数量", ValueKind::Count),
    col("total", "对外公开总数量", ValueKind::Count),
];
const ITEMS_2019: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量", ValueKind::Count),
    col("change", "本年增/减", ValueKind::Change),
    col("decisions", "处理决定数量", ValueKind::Count),
];
const FEES_2019: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量", ValueKind::Count),
    col("change", "本年增/减", ValueKind::Change),
];
const PROCUREMENT_2019: &[ColumnDef] = &[
    col("items", "采购项目数量", ValueKind::Count),
    col("amount", "采购总金额", ValueKind::Amount),
];

const fn row(
    key: &'static str,
    label: &'static str,
    groups: &'static [&'static str],
    aliases: &'static [&'static str],
    columns: &'static [ColumnDef],
    versions: &'static [FormatVersion],
) -> RowDef {
    RowDef {
        key,
        label,
        groups,
        aliases,
        columns,
        versions,
    }
}

const ART_1: &[&str] = &["第二十条第（一）项"];
const ART_5: &[&str] = &["第二十条第（五）项"];
const ART_6: &[&str] = &["第二十条第（六）项"];
const ART_8: &[&str] = &["第二十条第（八）项"];
const ART_9: &[&str] = &["第二十条第（九）项"];

pub static T2: TableDef = TableDef {
    id: TableId::T2,
    layout: Layout::Rows,
    banner: None,
    caption: None,
    rows: &[
        row("rules", "规章", ART_1, &["规章"], DOCS_2021, V21),
        row(
            "normative",
            "行政规范性文件",
            ART_1,
            &["行政规范性文件", "规范性文件"],
            DOCS_2021,
            V21,
        ),
        row(
            "licensing",
            "行政许可",
            ART_5,
            &["行政许可"],
            DECISIONS_2021,
            V21,
        ),
        row(
            "punishment",
            "行政处罚",
            ART_6,
            &["行政处罚"],
            DECISIONS_2021,
            V21,
        ),
        row(
            "coercion",
            "行政强制",
            ART_6,
            &["行政强制"],
            DECISIONS_2021,
            V21,
        ),
        row(
            "fees",
            "行政事业性收费",
            ART_8,
            &["行政事业性收费"],
            FEES_2021,
            V21,
        ),
        row("rules", "规章", ART_1, &["规章"], DOCS_2019, V19),
        row(
            "normative",
            "规范性文件",
            ART_1,
            &["行政规范性文件", "规范性文件"],
            DOCS_2019,
            V19,
        ),
        row(
            "licensing",
            "行政许可",
            ART_5,
            &["行政许可"],
            ITEMS_2019,
            V19,
        ),
        row(
            "other_services",
            "其他对外管理服务事项",
            ART_5,
            &["其他对外管理服务事项"],
            ITEMS_2019,
            V19,
        ),
        row(
            "punishment",
            "行政处罚",
            ART_6,
            &["行政处罚"],
            ITEMS_2019,
            V19,
        ),
        row(
            "coercion",
            "行政强制",
            ART_6,
            &["行政强制"],
            ITEMS_2019,
            V19,
        ),
        row(
            "fees",
            "行政事业性收费",
            ART_8,
            &["行政事业性收费"],
            FEES_2019,
            V19,
        ),
        row(
            "procurement",
            "政府集中采购",
            ART_9,
            &["政府集中采购"],
            PROCUREMENT_2019,
            V19,
        ),
    ],
};

/// Column headers that only one edition prints; the recogniser uses them to tell the editions apart.
pub const MARKERS_2019: &[&str] = &[
    "本年新制作数量",
    "上一年项目数量",
    "政府集中采购",
    "对外公开总数量",
];
pub const MARKERS_2021: &[&str] = &[
    "本年制发件数",
    "本年处理决定数量",
    "本年收费金额",
    "现行有效件数",
];
