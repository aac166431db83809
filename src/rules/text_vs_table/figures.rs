//! The figures the text states for applications (`收到/受理 N 件`, `办结/答复 N 件`,
//! `予以公开 N 件`) against 表三 (TEXT_TABLE_MISMATCH).

use super::{contains_any, NOT_ABOUT_APPLICATIONS};
use crate::format;
use crate::format::TableId;
use crate::model::{Finding, Report, Severity};
use crate::rules::names::{num, row_name};
use crate::rules::text::{counts, is_case_count, quote, Count, Piece};
use crate::rules::{text_stated, Rule};

/// Verbs that introduce a figure; a figure belongs to the nearest verb before it.
pub(super) const RECEIVED: &[&str] = &["收到", "受理", "接收", "接到"];
pub(super) const ANSWERED: &[&str] = &["答复", "办结", "办理完毕", "处理完毕"];
pub(super) const GRANTED: &[&str] = &["予以公开"];
pub(super) const OTHER_VERBS: &[&str] = &[
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "结转",
    "正在办理",
    "转办",
];

/// Words before a verb that deny or narrow it (`未收到`, `逾期答复`, `不予以公开`).
pub(super) const RECEIVED_NOT: &[&str] = &["未", "没有", "不予", "不", "无"];
pub(super) const ANSWERED_NOT: &[&str] = &["逾期", "超期", "延期", "未", "没有", "尚未"];
pub(super) const GRANTED_NOT: &[&str] = &["不"];

/// The first count after `verb` (not negated) and before the next verb, in a clause about
/// applications.
pub(super) fn figure_after(clause: Piece<'_>, verbs: &[&str], negations: &[&str]) -> Option<Count> {
    if contains_any(clause.text, NOT_ABOUT_APPLICATIONS) {
        return None;
    }
    let all_verbs = [RECEIVED, ANSWERED, GRANTED, OTHER_VERBS].concat();
    for verb in verbs {
        for at in clause.find_all(verb) {
            let before = &clause.text[..at];
            if negations.iter().any(|n| before.ends_with(n)) {
                continue;
            }
            let after = clause.tail(at + verb.len());
            let next_verb = all_verbs
                .iter()
                .filter_map(|v| after.text.find(v))
                .min()
                .unwrap_or(after.text.len());
            let piece = after.head(next_verb);
            let found = counts(piece).into_iter().find(|c| is_case_count(piece, c));
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

pub(super) fn mismatch(
    clause: Piece<'_>,
    cells: Vec<String>,
    stated: f64,
    table: f64,
    what: &str,
) -> Finding {
    Finding::new(
        Rule::TextTableMismatch,
        Severity::Error,
        format!("正文写“{}”，但{what}。", quote(clause.text, 60)),
    )
    .with_cells(cells)
    .with_numbers(stated, table)
    .with_span(clause.span())
}

/// `表三“一、本年新收政府信息公开申请数量”` for a T3 row key.
pub(super) fn t3_row_label(row: &str) -> String {
    format::table(TableId::T3)
        .row(row)
        .map_or_else(|| row.to_string(), |r| format!("表三“{}”", row_name(r)))
}

/// 收到/受理 N 件 vs 本年新收 (or 新收 + 上年结转, which some reports count as received).
pub(super) fn received(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    if !clause.text.contains("申请") {
        return None;
    }
    let figure = figure_after(clause, RECEIVED, RECEIVED_NOT)?;
    let n = figure.value;
    let new = report.value("T3.new.total")?;
    let carried = report.value("T3.carried_in.total");
    if n == new || carried.is_some_and(|c| n == new + c) {
        return None;
    }
    let with_carried = match carried {
        Some(c) if c > 0.0 => format!("（加上年结转为 {}）", num(new + c)),
        _ => String::new(),
    };
    let what = format!("{}总计为 {}{with_carried}", t3_row_label("new"), num(new));
    Some(text_stated::mismatch(
        clause,
        &figure,
        vec!["T3.new.total".into()],
        n,
        new,
        &what,
    ))
}

/// 办结/答复 N 件 vs (七)总计.
pub(super) fn answered(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let figure = figure_after(clause, ANSWERED, ANSWERED_NOT)?;
    table_figure(report, clause, &figure, "results_total")
}

/// 予以公开 N 件 vs (一)予以公开.
pub(super) fn granted(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let figure = figure_after(clause, GRANTED, GRANTED_NOT)?;
    table_figure(report, clause, &figure, "granted")
}

pub(super) fn table_figure(
    report: &Report,
    clause: Piece<'_>,
    figure: &Count,
    row: &str,
) -> Option<Finding> {
    let key = format::cell_key(TableId::T3, row, "total");
    let x = report.value(&key)?;
    (figure.value != x).then(|| {
        let what = format!("{}总计为 {}", t3_row_label(row), num(x));
        text_stated::mismatch(clause, figure, vec![key], figure.value, x, &what)
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;

    #[test]
    fn received_figures_are_compared_with_new_or_new_plus_carried() {
        let text = "2023年我镇收到2件政府信息公开申请。";
        let f = findings(text, &[("T3.new.total", 3.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(2.0), Some(3.0)));
        assert!(f[0]
            .message
            .contains("表三“一、本年新收政府信息公开申请数量”总计为 3"));
        assert!(findings(text, &[("T3.new.total", 1.0), ("T3.carried_in.total", 1.0)]).is_empty());
        assert!(findings("共受理政府信息公开申请 两件。", &[("T3.new.total", 2.0)]).is_empty());
        assert_eq!(
            rules(&findings(
                "共受理政府信息公开申请三件。",
                &[("T3.new.total", 2.0)]
            )),
            ["TEXT_TABLE_MISMATCH"]
        );
    }

    #[test]
    fn answered_and_granted_figures_are_compared() {
        let text = "收到政府信息公开申请5件，办结4件，其中予以公开3件。";
        let cells = [
            ("T3.new.total", 5.0),
            ("T3.results_total.total", 4.0),
            ("T3.granted.total", 3.0),
        ];
        assert!(findings(text, &cells).is_empty());
        let f = findings(
            text,
            &[
                ("T3.new.total", 5.0),
                ("T3.results_total.total", 5.0),
                ("T3.granted.total", 2.0),
            ],
        );
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH", "TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.results_total.total"]);
        assert_eq!(f[1].cells, ["T3.granted.total"]);
        assert!(f[1].message.contains("表三“（一）予以公开”总计为 2"));
        // 不予以公开 and 逾期答复 are not the figures compared.
        assert!(findings(
            "申请中不予以公开1件，逾期答复0件。",
            &[("T3.results_total.total", 1.0)]
        )
        .is_empty());
    }

    #[test]
    fn hotline_figures_are_not_applications() {
        let text = "2023年，截止 12月28日 ，共受理 12345 政府服务热线诉求 146 件，已办结 152 件。";
        assert!(findings(
            text,
            &[("T3.new.total", 2.0), ("T3.results_total.total", 2.0)]
        )
        .is_empty());
        // Figures before the sentence turns to applications are about something else.
        let text = "共收到各类来文 120 件，已全部办结 120 件，其中政府信息公开申请 2 件。";
        let cells = [("T3.new.total", 2.0), ("T3.results_total.total", 2.0)];
        assert!(findings(text, &cells).is_empty());
        // Even in a sentence that also speaks of applications.
        let text = "收到政府信息公开申请2件，受理热线诉求146件。";
        assert!(findings(text, &[("T3.new.total", 2.0)]).is_empty());
    }

    #[test]
    fn table_rows_in_the_text_are_not_read_as_claims() {
        let text = "4.无正当理由大量反复申请\t1\t0\t0\t0\t0\t0\t1";
        assert!(findings(text, &[("T3.new.total", 1.0)]).is_empty());
    }
}
