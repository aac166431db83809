//! Table 三、收到和处理政府信息公开申请情况. The same 7 columns on every row; the 2019 edition has a
//! single (六)其他处理 row where the 2021 edition has three sub-items.

use super::{ColumnDef, FormatVersion, Layout, RowDef, TableDef, TableId, ValueKind};

/// The spanning header over all applicant columns.
pub const APPLICANTS: &str = "申请人情况";
/// The 勾稽关系 line in the table's corner, as the official form prints it.
pub const CAPTION: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The spanning header over the five organisation columns.
pub const ORGANISATIONS: &str = "法人或其他组织";

const fn c(key: &'static str, label: &'static str, group: Option<&'static str>) -> ColumnDef {
    ColumnDef {
        key,
        label,
        group,
        kind: ValueKind::Count,
    }
}

pub const COLUMNS: &[ColumnDef] = &[
    c("natural", "自然人", None),
    c("commercial", "商业企业", Some(ORGANISATIONS)),
    c("research", "科研机构", Some(ORGANISATIONS)),
    c("social", "社会公益组织", Some(ORGANISATIONS)),
    c("legal", "法律服务机构", Some(ORGANISATIONS)),
    c("other", "其他", Some(ORGANISATIONS)),
    c("total", "总计", None),
];

const BOTH: &[FormatVersion] = &[FormatVersion::V2021, FormatVersion::V2019];
const V21: &[FormatVersion] = &[FormatVersion::V2021];
const V19: &[FormatVersion] = &[FormatVersion::V2019];

const RESULTS: &str = "三、本年度办理结果";
const G_RESULTS: &[&str] = &[RESULTS];
const G_DENIED: &[&str] = &[RESULTS, "（三）不予公开"];
const G_UNABLE: &[&str] = &[RESULTS, "（四）无法提供"];
const G_REJECTED: &[&str] = &[RESULTS, "（五）不予处理"];
const G_OTHER: &[&str] = &[RESULTS, "（六）其他处理"];

const fn r(
    key: &'static str,
    label: &'static str,
    groups: &'static [&'static str],
    aliases: &'static [&'static str],
    versions: &'static [FormatVersion],
) -> RowDef {
    RowDef {
        key,
        label,
        groups,
        aliases,
        columns: COLUMNS,
        versions,
    }
}

pub static T3: TableDef = TableDef {
    id: TableId::T3,
    layout: Layout::Rows,
    banner: Some(APPLICANTS),
    caption: Some(CAPTION),
    rows: &[
        r(
            "new",
            "一、本年新收政府信息公开申请数量",
            &[],
            &[
                "本年新收政府信息公开申请数量",
                "本年新收政府信息公开申请",
                "本年新收",
            ],
            BOTH,
        ),
        r(
            "carried_in",
            "二、上年结转政府信息公开申请数量",
            &[],
            &[
                "上年结转政府信息公开申请数量",
                "上年结转政府信息公开申请",
                "上年结转",
            ],
            BOTH,
        ),
        r("granted", "（一）予以公开", G_RESULTS, &["予以公开"], BOTH),
        r(
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            G_RESULTS,
            &["部分公开区分处理的只计这一情形不计其他情形", "部分公开"],
            BOTH,
        ),
        r(
            "denied_secret",
            "1.属于国家秘密",
            G_DENIED,
            &["属于国家秘密"],
            BOTH,
        ),
        r(
            "denied_law",
            "2.其他法律行政法规禁止公开",
            G_DENIED,
            &["其他法律行政法规禁止公开", "法律行政法规禁止公开"],
            BOTH,
        ),
        r(
            "denied_safety",
            "3.危及“三安全一稳定”",
            G_DENIED,
            &["危及三安全一稳定", "三安全一稳定"],
            BOTH,
        ),
        r(
            "denied_third_party",
            "4.保护第三方合法权益",
            G_DENIED,
            &["保护第三方合法权益"],
            BOTH,
        ),
        r(
            "denied_internal",
            "5.属于三类内部事务信息",
            G_DENIED,
            &["属于三类内部事务信息", "内部事务信息"],
            BOTH,
        ),
        r(
            "denied_process",
            "6.属于四类过程性信息",
            G_DENIED,
            &["属于四类过程性信息", "过程性信息"],
            BOTH,
        ),
        r(
            "denied_enforcement",
            "7.属于行政执法案卷",
            G_DENIED,
            &["属于行政执法案卷", "行政执法案卷"],
            BOTH,
        ),
        r(
            "denied_inquiry",
            "8.属于行政查询事项",
            G_DENIED,
            &["属于行政查询事项", "行政查询事项"],
            BOTH,
        ),
        r(
            "unable_not_held",
            "1.本机关不掌握相关政府信息",
            G_UNABLE,
            &["本机关不掌握相关政府信息", "不掌握相关政府信息"],
            BOTH,
        ),
        r(
            "unable_need_creation",
            "2.没有现成信息需要另行制作",
            G_UNABLE,
            &["没有现成信息需要另行制作", "需要另行制作"],
            BOTH,
        ),
        r(
            "unable_unclear",
            "3.补正后申请内容仍不明确",
            G_UNABLE,
            &["补正后申请内容仍不明确", "申请内容仍不明确"],
            BOTH,
        ),
        r(
            "rejected_petition",
            "1.信访举报投诉类申请",
            G_REJECTED,
            &["信访举报投诉类申请", "信访举报投诉"],
            BOTH,
        ),
        r(
            "rejected_repeat",
            "2.重复申请",
            G_REJECTED,
            &["重复申请"],
            BOTH,
        ),
        r(
            "rejected_publication",
            "3.要求提供公开出版物",
            G_REJECTED,
            &["要求提供公开出版物", "公开出版物"],
            BOTH,
        ),
        r(
            "rejected_excessive",
            "4.无正当理由大量反复申请",
            G_REJECTED,
            &["无正当理由大量反复申请", "大量反复申请"],
            BOTH,
        ),
        r(
            "rejected_confirm",
            "5.要求行政机关确认或重新出具已获取信息",
            G_REJECTED,
            &[
                "要求行政机关确认或重新出具已获取信息",
                "确认或重新出具已获取信息",
            ],
            BOTH,
        ),
        r(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            G_OTHER,
            &[
                "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
                "无正当理由逾期不补正",
            ],
            V21,
        ),
        r(
            "other_no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            G_OTHER,
            &[
                "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
                "逾期未按收费通知要求缴纳费用",
            ],
            V21,
        ),
        // "3.其他" is short; the recogniser only takes it after the row above has been matched.
        r("other_other", "3.其他", G_OTHER, &["3其他"], V21),
        r("other", "（六）其他处理", G_RESULTS, &["其他处理"], V19),
        r(
            "results_total",
            "（七）总计",
            G_RESULTS,
            &["七总计", "总计"],
            BOTH,
        ),
        r(
            "carried_out",
            "四、结转下年度继续办理",
            &[],
            &["结转下年度继续办理", "结转下年度"],
            BOTH,
        ),
    ],
};

/// The result rows summed by `results_total`, for an edition.
pub fn result_rows(v: FormatVersion) -> impl Iterator<Item = &'static RowDef> {
    T3.rows_for(v).filter(|r| {
        !matches!(
            r.key,
            "new" | "carried_in" | "results_total" | "carried_out"
        )
    })
}
