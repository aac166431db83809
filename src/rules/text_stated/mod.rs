//! The positive figures the text states beyond 收到/答复/予以公开 (TEXT_TABLE_MISMATCH): 上年结转,
//! 结转下年度/顺延, 部分公开, 行政复议/行政诉讼 N 件 with their four parts, and shares (`占66.48%`).
//!
//! Each figure is bound to its own clause: a count belongs to the phrase it follows (or, for
//! `103件顺延到下年度`, the one it directly precedes), never to the next statement.

use super::text::{counts, is_case_count, quote, Count, Piece};
use crate::model::{Finding, Severity};
use crate::rules::Rule;
pub use shares::share_mismatch;
pub use t3_figures::{carried, partial};
pub use t4_figures::review_and_suit;

mod shares;
mod t3_figures;
mod t4_figures;

/// Words that, before a figure, say the figure is not the body's own whole count: a part of the
/// body (`区政府办代表区政府`, `本级`) or more than it (`全区各部门`).
const PART_OF_BODY: &[&str] = &[
    "代表",
    "本级",
    "所属",
    "下属",
    "各部门",
    "各单位",
    "各乡镇",
    "各街道",
    "政府办",
    "办公室",
    "全区",
    "全县",
    "全市",
    "全省",
    "全旗",
];

/// A figure the tables contradict. When the text attributes it to part of the body, a warning
/// that quotes that wording instead of an error.
pub fn mismatch(
    clause: Piece<'_>,
    figure: &Count,
    cells: Vec<String>,
    stated: f64,
    table: f64,
    what: &str,
) -> Finding {
    let before = clause
        .text
        .get(..figure.span.start.saturating_sub(clause.start))
        .unwrap_or(clause.text);
    let said = quote(clause.text, 60);
    let (severity, message) = match part_of_body(before) {
        Some(wording) => (
            Severity::Warning,
            format!(
                "正文写“{said}”，但{what}。正文把这个数字写在“{wording}”名下，它可能只是本机关一部分\
                 （或包括其他单位）的数字，请核实正文和表格说的是否是同一范围。"
            ),
        ),
        None => (Severity::Error, format!("正文写“{said}”，但{what}。")),
    };
    Finding::new(Rule::TextTableMismatch, severity, message)
        .with_cells(cells)
        .with_numbers(stated, table)
        .with_span(clause.span())
}

/// The wording before a figure that gives it to part of the body: from the clause's start to the
/// end of the marker (`区政府办代表区政府`).
fn part_of_body(before: &str) -> Option<String> {
    let end = PART_OF_BODY
        .iter()
        .filter_map(|m| {
            let at = before.find(m)?;
            let mut end = at + m.len();
            // `代表区政府`: the name that follows 代表 belongs to the wording.
            if *m == "代表" {
                let rest = &before[end..];
                end += rest
                    .char_indices()
                    .find(|(_, c)| "受收接办答共".contains(*c))
                    .map_or(rest.len(), |(i, _)| i);
            }
            Some(end)
        })
        .max()?;
    let wording = quote(&before[..end], 20);
    (!wording.is_empty()).then_some(wording)
}

/// The first count of a case unit in `p`.
fn first_count(p: Piece<'_>) -> Option<Count> {
    counts(p).into_iter().find(|c| is_case_count(p, c))
}

/// The count a clause gives right after byte `at` (before the next of `stops`), or the count
/// written right before it (`103件顺延到下年度`, `2件申请结转`).
fn figure_near(clause: Piece<'_>, at: usize, len: usize, stops: &[&str]) -> Option<Count> {
    let after = clause.tail(at + len);
    let stop = stops
        .iter()
        .filter_map(|s| after.text.find(s))
        .min()
        .unwrap_or(after.text.len());
    if let Some(c) = first_count(after.head(stop)) {
        return Some(c);
    }
    let head = clause.head(at);
    let c = counts(head).pop()?;
    let gap = head.text.get(c.span.end - head.start..).unwrap_or("");
    let close = gap.chars().count() <= 4 && !gap.contains(['，', '、']);
    (close && is_case_count(clause, &c)).then_some(c)
}

/// A report whose text is given, its findings, and the city report of the issue with tables that
/// agree with it: what the tests of every part share.
#[cfg(test)]
mod tests {
    pub(super) use crate::model::{Finding, Report, Severity};
    pub(super) use crate::rules::testkit::rules;
    use crate::rules::testkit::{report21, with_text};
    use crate::rules::text_vs_table::check;

    pub(super) fn with_prose(text: &str, cells: &[(&str, f64)]) -> Report {
        let mut r = with_text(
            report21(cells),
            &format!("一、总体情况\n{text}\n二、主动公开政府信息情况\n"),
        );
        r.year = Some(2023);
        r
    }

    pub(super) fn findings(text: &str, cells: &[(&str, f64)]) -> Vec<Finding> {
        check(&with_prose(text, cells))
    }

    /// The city report of the issue, with tables that agree with every figure it states.
    pub(super) const CITY: &str = "全年共受理政府信息公开申请3119件（含上年度结转34件），答复3050件，\
        103件顺延到下年度办理。政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，\
        尚未审结37件；政府信息公开行政诉讼46件，其中结果维持20件，结果纠正5件，其他结果15件，尚未审结6件。";

    pub(super) fn city_cells() -> Vec<(&'static str, f64)> {
        vec![
            ("T3.new.total", 3085.0),
            ("T3.carried_in.total", 34.0),
            ("T3.results_total.total", 3050.0),
            ("T3.carried_out.total", 69.0 + 34.0),
            ("T4.review.upheld", 72.0),
            ("T4.review.corrected", 64.0),
            ("T4.review.other", 178.0),
            ("T4.review.pending", 37.0),
            ("T4.review.total", 351.0),
            ("T4.suit_direct.upheld", 12.0),
            ("T4.suit_direct.corrected", 5.0),
            ("T4.suit_direct.other", 10.0),
            ("T4.suit_direct.pending", 4.0),
            ("T4.suit_direct.total", 31.0),
            ("T4.suit_after_review.upheld", 8.0),
            ("T4.suit_after_review.other", 5.0),
            ("T4.suit_after_review.pending", 2.0),
            ("T4.suit_after_review.total", 15.0),
        ]
    }

    pub(super) fn with(
        cells: &[(&'static str, f64)],
        key: &'static str,
        v: f64,
    ) -> Vec<(&'static str, f64)> {
        let mut out: Vec<(&str, f64)> = cells.iter().filter(|(k, _)| *k != key).copied().collect();
        out.push((key, v));
        out
    }

    /// Seen in real reports: 个 counting parts of the report or a slogan, not cases.
    #[test]
    fn ge_counting_parts_or_slogans_is_no_figure() {
        let opening = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
            政府信息公开行政复议、提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进情况和其他需要报告的事项等六个部分。";
        let cells = [
            ("T4.suit_direct.total", 0.0),
            ("T4.suit_after_review.total", 0.0),
            ("T4.review.total", 12.0),
        ];
        assert_eq!(findings(opening, &cells), Vec::<Finding>::new());
        let slogan = "坚持政府信息公开申请第一时间登记受理、第一时间转送承办单位和第一时间回复申请的“三个一”工作机制。";
        assert_eq!(
            findings(slogan, &[("T3.new.total", 70.0)]),
            Vec::<Finding>::new()
        );
        // 个 before a case, or ending the clause, still counts.
        let f = findings("本年度收到政府信息公开申请5个。", &[("T3.new.total", 7.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
    }

    #[test]
    fn a_city_report_that_agrees_gives_nothing() {
        assert_eq!(findings(CITY, &city_cells()), Vec::<Finding>::new());
    }

    #[test]
    fn a_figure_of_part_of_the_body_is_a_warning_quoting_it() {
        let text = "区政府办代表区政府受理政府信息公开申请17件。";
        let f = findings(text, &[("T3.new.total", 230.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.contains("“区政府办代表区政府”"),
            "{}",
            f[0].message
        );
        // Without that wording the same figure is an error.
        let f = findings(
            "区政府受理政府信息公开申请17件。",
            &[("T3.new.total", 230.0)],
        );
        assert_eq!(f[0].severity, Severity::Error);
    }
}
