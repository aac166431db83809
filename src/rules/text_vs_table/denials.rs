//! What the text says there was none of (`未收到…申请`, `无…行政复议、行政诉讼`) against the
//! tables (TEXT_TABLE_MISMATCH).

use super::figures::{mismatch, t3_row_label};
use super::{contains_any, NOT_ABOUT_APPLICATIONS};
use crate::format;
use crate::format::{t3, TableId};
use crate::model::{Finding, Report};
use crate::rules::names::num;
use crate::rules::text::{counts, Piece};

/// Words that say "none" of what follows.
pub(super) const NONE_MARKERS: &[&str] = &[
    "未收到",
    "没有收到",
    "未接到",
    "没有接到",
    "未受理",
    "未发生",
    "未出现",
    "没有",
    "未有",
    "不存在",
    "未被",
    "无",
];
/// `无` starting these words does not mean "none".
pub(super) const NOT_NONE: &[&str] = &[
    "无法",
    "无正当",
    "无论",
    "无误",
    "无偿",
    "无需",
    "无须",
    "无缝",
];

/// Between "none" and 申请, these make the clause deny some handling, not the applications.
pub(super) const HANDLING_WORDS: &[&str] = &["答复", "办理", "处理", "逾期", "超期", "不予"];

/// A clause that narrows 复议/诉讼 to those that went against the body.
pub(super) const CORRECTED_WORDS: &[&str] = &["纠错", "纠正", "败诉", "撤销", "确认违法"];

/// Does a clause say "none" of what follows (`无`, `未发生`, `没有`)?
pub fn negated(clause: &str) -> bool {
    none_marker(clause).is_some()
}

/// Where a "none" word starts in a clause, skipping 无法, 无正当理由….
pub(super) fn none_marker(clause: &str) -> Option<usize> {
    NONE_MARKERS
        .iter()
        .flat_map(|m| clause.match_indices(m).map(|(i, _)| i))
        .filter(|&i| !NOT_NONE.iter().any(|w| clause[i..].starts_with(w)))
        .min()
}

/// The T3 columns a clause names (`自然人和法人`); empty when it names none (then: 总计).
pub(super) fn applicant_columns(clause: &str) -> Vec<&'static str> {
    // Words for an applicant type, and the printed column label or spanning header they mean.
    const NAMED: &[(&str, &str)] = &[
        ("自然人", "自然人"),
        ("个人", "自然人"),
        ("公民", "自然人"),
        ("法人", t3::ORGANISATIONS),
        ("组织", t3::ORGANISATIONS),
        ("企业", "商业企业"),
        ("科研", "科研机构"),
        ("公益", "社会公益组织"),
        ("法律服务", "法律服务机构"),
    ];
    let mut out: Vec<&'static str> = Vec::new();
    for (_, printed) in NAMED.iter().filter(|(w, _)| clause.contains(w)) {
        let meant = t3::COLUMNS
            .iter()
            .filter(|c| c.label == *printed || c.group == Some(printed));
        for c in meant {
            if !out.contains(&c.key) {
                out.push(c.key);
            }
        }
    }
    out
}

/// 未收到…申请 vs a non-zero 本年新收 (of the applicants the clause names, if it names any).
pub(super) fn none_received(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    if contains_any(clause.text, NOT_ABOUT_APPLICATIONS) {
        return None;
    }
    let at = none_marker(clause.text)?;
    let denied = &clause.text[at..];
    // `无逾期答复…申请的情况` denies late answers, not applications.
    let to_application = denied.find("申请")?;
    if contains_any(&denied[..to_application], HANDLING_WORDS) {
        return None;
    }
    let named = applicant_columns(denied);
    // Naming every applicant type (`自然人和法人`) is the same as naming none: the 总计.
    let every = t3::COLUMNS
        .iter()
        .filter(|c| c.key != "total")
        .all(|c| named.contains(&c.key));
    let columns = if named.is_empty() || every {
        vec!["total"]
    } else {
        named
    };
    let new_row = format::table(TableId::T3).row("new")?;
    let nonzero: Vec<(String, &str, f64)> = columns
        .iter()
        .filter_map(|c| {
            let col = new_row.columns.iter().find(|d| d.key == *c)?;
            let key = format::cell_key(TableId::T3, "new", c);
            let v = report.value(&key).filter(|v| *v != 0.0)?;
            Some((key, col.label, v))
        })
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    let listed: Vec<String> = nonzero
        .iter()
        .map(|(key, label, v)| match key.ends_with(".total") {
            true => format!("总计为 {}", num(*v)),
            false => format!("“{label}”为 {}", num(*v)),
        })
        .collect();
    let what = format!("{}{}", t3_row_label("new"), listed.join("、"));
    let total: f64 = nonzero.iter().map(|(_, _, v)| v).sum();
    let cells = nonzero.into_iter().map(|(k, _, _)| k).collect();
    Some(mismatch(clause, cells, 0.0, total, &what))
}

/// Is the term at byte `at` followed by its own figure (`行政诉讼 1 件`) before the next term?
pub(super) fn has_own_figure(clause: Piece<'_>, at: usize) -> bool {
    let after = clause.tail(at);
    let next = ["复议", "诉讼"]
        .iter()
        .filter_map(|t| after.text.get(6..).and_then(|s| s.find(t)).map(|i| i + 6))
        .min()
        .unwrap_or(after.text.len());
    !counts(after.head(next)).is_empty()
}

/// 无/未发生 … 行政复议 / 行政诉讼 vs non-zero T4 totals (or 结果纠正 when the clause speaks of
/// 纠错/败诉 only).
pub(super) fn no_review_or_suit(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let at = none_marker(clause.text)?;
    let t4 = format::table(TableId::T4);
    let mut groups: Vec<&str> = Vec::new();
    for term in ["复议", "诉讼"] {
        let negated = clause
            .find_all(term)
            .into_iter()
            .any(|i| i > at && !has_own_figure(clause, i));
        // 行政复议 is one group; 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉 the others.
        let header = format!("行政{term}");
        if negated {
            groups.extend(
                t4.rows
                    .iter()
                    .filter(|r| crate::rules::names::group_name(r).starts_with(&header))
                    .map(|r| r.key),
            );
        }
    }
    let column = if contains_any(clause.text, CORRECTED_WORDS) {
        "corrected"
    } else {
        "total"
    };
    let nonzero: Vec<(String, String, f64)> = groups
        .iter()
        .filter_map(|g| {
            let row = t4.row(g)?;
            let col = row.columns.iter().find(|c| c.key == column)?;
            let key = format::cell_key(TableId::T4, g, column);
            let v = report.value(&key).filter(|v| *v != 0.0)?;
            let name = crate::rules::names::group_name(row);
            let label = if column == "total" {
                format!("“{name}”总计为 {}", num(v))
            } else {
                format!("“{name}”的“{}”为 {}", col.label, num(v))
            };
            Some((key, label, v))
        })
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    let listed: Vec<&str> = nonzero.iter().map(|(_, l, _)| l.as_str()).collect();
    let what = format!("表四{}", listed.join("、"));
    let total: f64 = nonzero.iter().map(|(_, _, v)| v).sum();
    let cells = nonzero.into_iter().map(|(k, _, _)| k).collect();
    Some(mismatch(clause, cells, 0.0, total, &what))
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use crate::model::Severity;

    #[test]
    fn seed_000_denies_suits_the_table_counts() {
        let cells = [
            ("T3.new.natural", 2.0),
            ("T3.new.total", 2.0),
            ("T4.suit_direct.corrected", 2.0),
            ("T4.suit_direct.pending", 1.0),
            ("T4.suit_direct.total", 3.0),
        ];
        let f = findings(SEED_000, &cells);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T4.suit_direct.total"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "正文写“无因政府信息公开申请引起的行政复议、行政诉讼案件”，但表四“行政诉讼·未经复议直接起诉”总计为 3。"
        );
        let r = with_prose(SEED_000, &cells);
        let span = f[0].text_span.clone().unwrap();
        assert_eq!(
            &r.text[span],
            "无因政府信息公开申请引起的行政复议、行政诉讼案件"
        );
        // With T4 all zero the same text is consistent.
        assert!(findings(SEED_000, &cells[..2]).is_empty());
    }

    #[test]
    fn none_received_is_compared_with_new_applications() {
        let text = "2023 年，炭山乡未收到自然人和法人的政府信息公开申请。";
        assert!(findings(text, &[]).is_empty());
        let f = findings(text, &[("T3.new.natural", 1.0), ("T3.new.total", 1.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
        assert!(f[0]
            .message
            .ends_with("但表三“一、本年新收政府信息公开申请数量”总计为 1。"));
        // Only natural persons denied: their column is named.
        let text = "未收到自然人提出的政府信息公开申请。";
        let cells = [
            ("T3.new.natural", 1.0),
            ("T3.new.legal", 2.0),
            ("T3.new.total", 3.0),
        ];
        let f = findings(text, &cells);
        assert_eq!(f[0].cells, ["T3.new.natural"]);
        assert!(f[0].message.contains("“自然人”为 1"));
        // Only companies are denied: a natural person's application is no contradiction.
        let text = "未收到企业提出的政府信息公开申请。";
        assert!(findings(text, &[("T3.new.natural", 1.0), ("T3.new.total", 1.0)]).is_empty());
        let text = "依申请公开工作规范，无逾期答复政府信息公开申请的情况。";
        assert!(findings(text, &[("T3.new.total", 2.0)]).is_empty());
        let f = findings("全年没有收到政府信息公开申请。", &[("T3.new.total", 2.0)]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
    }

    #[test]
    fn seed_sentences_with_zero_tables_give_nothing() {
        for text in [
            "经核实，2023 年我镇未收到政府信息公开申请，未出现行政诉讼案件。",
            "2023年度我镇没有因政府信息公开被申请行政复议、被提起行政诉讼和接受行政申诉、举报案例。",
            "2023年本乡未收到政府信息公开申请，未收取信息处理费。",
            SEED_000.replace("收到2件", "收到0件").as_str(),
        ] {
            assert!(findings(text, &[]).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_stated_figure_for_one_term_is_not_denied() {
        let text = "无行政复议案件、行政诉讼1件。";
        let cells = [
            ("T4.suit_direct.pending", 1.0),
            ("T4.suit_direct.total", 1.0),
        ];
        assert!(findings(text, &cells).is_empty());
        let f = findings(text, &[("T4.review.total", 2.0), ("T4.review.upheld", 2.0)]);
        assert_eq!(f[0].cells, ["T4.review.total"]);
    }

    #[test]
    fn denying_only_corrections_checks_the_corrected_column() {
        let text = "未发生因政府信息公开被行政复议纠错的情况。";
        assert!(findings(text, &[("T4.review.upheld", 1.0), ("T4.review.total", 1.0)]).is_empty());
        let f = findings(
            text,
            &[("T4.review.corrected", 1.0), ("T4.review.total", 1.0)],
        );
        assert_eq!(f[0].cells, ["T4.review.corrected"]);
        assert!(f[0].message.contains("“行政复议”的“结果纠正”为 1"));
    }
}
