//! PERIOD_MISMATCH: the statistics period is not the report year, a date that cannot be
//! (`202020年12月31日`, `2023年2月30日`), or text that reports another year's work
//! (`本单位2022年度共收到…` in a 2023 report).

use super::text::{counts, quote, Piece, Prose, CLAUSE_ENDS};
use crate::model::{Date, Finding, Report, Severity};
use crate::rules::Rule;
use crate::text::fold_width;
use std::ops::Range;

/// A date as written: `2023年1月1日` with each part's digits (years may be garbled).
#[derive(Debug, Clone, PartialEq)]
struct WrittenDate {
    year: String,
    month: u32,
    day: u32,
    span: Range<usize>,
}

impl WrittenDate {
    fn date(&self) -> Option<Date> {
        if self.year.len() != 4 {
            return None;
        }
        Date::new(self.year.parse().ok()?, self.month, self.day)
    }
}

/// Every `N年N月N日` in `s` (spaces and full-width digits allowed), with spans relative to `s`.
/// Looks around each `年` only: the text may be tens of megabytes.
fn dates_in(s: &str) -> Vec<WrittenDate> {
    let mut out = Vec::new();
    for (at, _) in s.match_indices('年') {
        let (year, start) = digits_before(s, at);
        if year.is_empty() {
            continue;
        }
        let parsed = (|| {
            let after = at + '年'.len_utf8();
            let (month, m_end) = digits_after(s, after);
            let rest = s.get(m_end..)?.strip_prefix('月')?;
            let d_from = s.len() - rest.len();
            let (day, d_end) = digits_after(s, d_from);
            s.get(d_end..)?.strip_prefix('日')?;
            Some((
                month.parse().ok()?,
                day.parse().ok()?,
                d_end + '日'.len_utf8(),
            ))
        })();
        if let Some((month, day, end)) = parsed {
            out.push(WrittenDate {
                year,
                month,
                day,
                span: start..end,
            });
        }
    }
    out
}

/// The digits (spaces between allowed) right before byte `at`, and where they start.
fn digits_before(s: &str, at: usize) -> (String, usize) {
    let mut digits = Vec::new();
    let mut start = at;
    for (i, c) in s[..at].char_indices().rev() {
        let f = fold_width(c);
        if f.is_ascii_digit() {
            digits.push(f);
            start = i;
        } else if !f.is_whitespace() || digits.len() > 8 {
            break;
        }
    }
    digits.reverse();
    (digits.into_iter().collect(), start)
}

/// The digits (spaces around allowed) from byte `from`, and where they end.
fn digits_after(s: &str, from: usize) -> (String, usize) {
    let mut digits = String::new();
    let mut end = from;
    for (i, c) in s[from..].char_indices() {
        let f = fold_width(c);
        if f.is_ascii_digit() {
            digits.push(f);
        } else if !f.is_whitespace() || digits.len() > 4 {
            break;
        }
        end = from + i + c.len_utf8();
    }
    (digits, end)
}

pub fn check(report: &Report, prose: &Prose) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(impossible_dates(report));
    out.extend(statistics_period(report));
    out.extend(other_years_work(report, prose));
    out
}

fn finding(message: String, span: Range<usize>) -> Finding {
    Finding::new(Rule::PeriodMismatch, Severity::Warning, message).with_span(span)
}

/// Dates that cannot be: a year of more or fewer than four digits, a month or day that does not
/// exist.
fn impossible_dates(report: &Report) -> Vec<Finding> {
    dates_in(&report.text)
        .into_iter()
        .filter(|d| d.date().is_none())
        .map(|d| {
            let written = report.text.get(d.span.clone()).unwrap_or("");
            finding(
                format!(
                    "正文中的日期“{}”不是一个可能的日期，请改正。",
                    written.trim()
                ),
                d.span,
            )
        })
        .collect()
}

/// The line that states the statistics period (`本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止`).
fn period_line(text: &str) -> Option<(usize, &str)> {
    let mut start = 0;
    for line in text.split('\n') {
        let at = start;
        start += line.len() + 1;
        if line.contains("统计") && dates_in(line).len() >= 2 {
            return Some((at, line));
        }
    }
    None
}

/// The stated statistics period names another year than the report's.
fn statistics_period(report: &Report) -> Option<Finding> {
    let year = report.year.filter(|_| !report.year_inferred)?;
    let (at, line) = period_line(&report.text)?;
    let dates: Vec<Date> = dates_in(line)
        .iter()
        .filter_map(WrittenDate::date)
        .collect();
    let other = dates.iter().find(|d| d.year != year)?;
    let span = at..at + line.len();
    Some(finding(
        format!(
            "统计期限写的是“{}”，其中 {} 不在报告年度 {year} 年内，请核实统计期限或报告年度。",
            quote(line, 60),
            other
        ),
        span,
    ))
}

/// Words that make a sentence compare years, not report another year's work.
const COMPARING: &[&str] = &[
    "较", "比", "同比", "相比", "对比", "增长", "减少", "下降", "上升", "持平", "以来", "至今",
    "截至", "截止", "累计", "同期",
];
const RECEIVING: &[&str] = &["收到", "受理", "接收", "接到", "办理"];

/// `本单位2022年度共收到政府信息公开申请5件` in a 2023 report: the text's own figures given for
/// another year.
fn other_years_work(report: &Report, prose: &Prose) -> Vec<Finding> {
    let Some(year) = report.year.filter(|_| !report.year_inferred) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sentence in prose.sentences() {
        if COMPARING.iter().any(|w| sentence.text.contains(w)) {
            continue;
        }
        for clause in sentence.split(CLAUSE_ENDS) {
            if let Some(f) = clause_of_other_year(clause, year) {
                let span = prose.source_span(f.1);
                out.push(finding(f.0, span));
                break;
            }
        }
    }
    out
}

fn clause_of_other_year(clause: Piece<'_>, year: i32) -> Option<(String, Range<usize>)> {
    let (y, at) = leading_year(clause.text)?;
    if y == year {
        return None;
    }
    let rest = &clause.text[at..];
    let verb = RECEIVING.iter().filter_map(|v| rest.find(v)).min()?;
    let about = rest.contains("申请") || rest.contains("信息公开");
    let figure = !counts(clause.tail(at + verb)).is_empty();
    (about && figure).then(|| {
        (
            format!(
                "正文写“{}”，说的是 {y} 年的工作，但这是 {year} 年度的报告。请核实是否沿用了往年的文字。",
                quote(clause.text, 60)
            ),
            clause.span(),
        )
    })
}

/// A year written as `2022年` or `2022年度` (not a date: no month after it) before a verb, with
/// where it ends.
fn leading_year(clause: &str) -> Option<(i32, usize)> {
    let at = clause.find('年')?;
    let digits: String = clause[..at]
        .chars()
        .rev()
        .take_while(|c| fold_width(*c).is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(fold_width)
        .collect();
    let y: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    let after = &clause[at + '年'.len_utf8()..];
    let month_follows = after
        .trim_start()
        .starts_with(|c: char| fold_width(c).is_ascii_digit());
    (!month_follows).then_some((y, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};

    fn report_of(text: &str) -> Report {
        let mut r = with_text(
            report21(&[]),
            &format!("一、总体情况\n{text}\n二、主动公开政府信息情况\n"),
        );
        r.year = Some(2023);
        r
    }

    fn found(text: &str) -> Vec<Finding> {
        let r = report_of(text);
        check(&r, &Prose::of(&r))
    }

    #[test]
    fn the_statistics_period_of_the_report_year_gives_nothing() {
        for text in [
            "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
            "本报告统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日。",
            "截至2024年1月15日，上年结转的申请已全部办结。",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_period_of_another_year_or_an_impossible_date_is_flagged() {
        let f = found("本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。");
        assert_eq!(rules(&f), ["PERIOD_MISMATCH"]);
        assert!(
            f[0].message.contains("2022年1月1日 不在报告年度 2023 年内"),
            "{}",
            f[0].message
        );
        let f = found("本报告中所列数据的统计期限自2023年1月1日起至202020年12月31日止。");
        assert_eq!(rules(&f), ["PERIOD_MISMATCH"]);
        assert!(
            f[0].message
                .contains("“202020年12月31日”不是一个可能的日期"),
            "{}",
            f[0].message
        );
        let f = found("2023年2月30日召开专题会议。");
        assert_eq!(rules(&f), ["PERIOD_MISMATCH"]);
    }

    #[test]
    fn text_about_another_years_work_is_flagged() {
        let f = found("本单位2022年度共收到政府信息公开申请5件，均按时答复。");
        assert_eq!(rules(&f), ["PERIOD_MISMATCH"]);
        assert!(
            f[0].message
                .contains("说的是 2022 年的工作，但这是 2023 年度的报告"),
            "{}",
            f[0].message
        );
        let r = report_of("本单位2022年度共收到政府信息公开申请5件，均按时答复。");
        assert_eq!(
            &r.text[f[0].text_span.clone().unwrap()],
            "本单位2022年度共收到政府信息公开申请5件"
        );
    }

    #[test]
    fn comparisons_plans_and_this_year_are_not_another_years_work() {
        for text in [
            "2023年共收到政府信息公开申请5件，较2022年增加2件。",
            "与2022年相比，收到政府信息公开申请数量持平。",
            "2024年，我局将继续做好政府信息公开申请办理工作。",
            "2019年以来累计受理政府信息公开申请30件。",
            "2022年度报告中提出的问题已整改。",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}
