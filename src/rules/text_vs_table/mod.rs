//! What the text says against the tables (TEXT_TABLE_MISMATCH) and against itself (TEXT_SUM).
//!
//! Reports state their figures in set phrases: `收到/受理 N 件…申请`, `办结/答复 N 件`,
//! `予以公开 N 件`, `未收到…申请`, `无…行政复议、行政诉讼`. We look for these phrases clause by
//! clause, and only in sentences about 政府信息公开申请 (for T3) or 复议/诉讼 (for T4): the same
//! verbs also count hotline calls (`受理 12345 热线诉求 146 件`), which the tables do not.

use super::text::{Piece, Prose, CLAUSE_ENDS};
use super::text_stated;
use crate::format::TableId;
use crate::model::{Finding, Report};
pub use denials::negated;
use denials::{no_review_or_suit, none_received};
use figures::{
    answered, figure_after, granted, received, ANSWERED, ANSWERED_NOT, RECEIVED, RECEIVED_NOT,
};
use text_sum::text_sum;

mod denials;
mod figures;
mod text_sum;

/// Figures in the same clause about something else than 政府信息公开申请.
const NOT_ABOUT_APPLICATIONS: &[&str] = &[
    "复议", "诉讼", "热线", "诉求", "工单", "信访", "来信", "来电", "投诉", "建议", "提案", "留言",
];

#[cfg(test)]
pub fn check(report: &Report) -> Vec<Finding> {
    check_prose(report, &Prose::of(report))
}

pub fn check_prose(report: &Report, prose: &Prose) -> Vec<Finding> {
    let t3 = report.has_table(TableId::T3);
    let mut out = Vec::new();
    // Totals the text has stated so far (收到/办结 N 件): a share may be of one of them.
    let mut stated: Vec<f64> = Vec::new();
    for sentence in prose.sentences() {
        let about_disclosure =
            sentence.text.contains("信息公开") || in_section(report, prose, sentence, 4);
        out.extend(text_stated::review_and_suit(
            report,
            sentence,
            about_disclosure,
        ));
        let mut on_applications = false;
        let mut any_on_applications = false;
        for clause in sentence.split(CLAUSE_ENDS) {
            on_applications = still_on_applications(on_applications, clause.text);
            any_on_applications |= on_applications;
            if on_applications && t3 {
                for verbs in [(RECEIVED, RECEIVED_NOT), (ANSWERED, ANSWERED_NOT)] {
                    stated.extend(figure_after(clause, verbs.0, verbs.1).map(|c| c.value));
                }
                out.extend(received(report, clause));
                out.extend(answered(report, clause));
                out.extend(granted(report, clause));
                out.extend(none_received(report, clause));
                out.extend(text_stated::carried(report, clause, report.year));
                out.extend(text_stated::partial(report, clause));
            }
            if report.has_table(TableId::T4) {
                out.extend(no_review_or_suit(report, clause));
            }
        }
        if any_on_applications && t3 {
            out.extend(text_stated::share_mismatch(report, sentence, &stated));
        }
    }
    out.extend(text_sum(prose));
    for f in &mut out {
        f.text_span = f.text_span.take().map(|r| prose.source_span(r));
    }
    out
}

/// Does a piece of the prose lie in section `n` of the report?
fn in_section(report: &Report, prose: &Prose, p: Piece<'_>, n: u8) -> bool {
    let span = prose.source_span(p.span());
    report
        .section(n)
        .is_some_and(|s| s.body.start <= span.start && span.start < s.body.end)
}

/// Whether a clause speaks of 政府信息公开申请: it names 申请, or follows a clause that did
/// without turning to something else received (`收到各类来文 120 件`, `热线诉求`).
fn still_on_applications(before: bool, clause: &str) -> bool {
    if clause.contains("申请") {
        true
    } else {
        before && !contains_any(clause, RECEIVED) && !contains_any(clause, NOT_ABOUT_APPLICATIONS)
    }
}

fn contains_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// What the tests of every part share: a report whose text is given, and its findings.
#[cfg(test)]
mod tests {
    use super::*;
    pub(super) use crate::rules::testkit::rules;
    use crate::rules::testkit::{report21, with_text};

    /// A 2021 report, all zero except `cells`, whose section 一 is `text`.
    pub(super) fn with_prose(text: &str, cells: &[(&str, f64)]) -> Report {
        with_text(
            report21(cells),
            &format!("一、总体情况\n{text}\n二、主动公开政府信息情况\n"),
        )
    }

    pub(super) fn findings(text: &str, cells: &[(&str, f64)]) -> Vec<Finding> {
        check(&with_prose(text, cells))
    }

    pub(super) const SEED_000: &str =
        "（二）依申请公开情况。2023年我镇收到2件政府信息公开申请，均在规定时间内办结，\
        无因政府信息公开申请引起的行政复议、行政诉讼案件。";
}
