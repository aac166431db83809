//! Checks of what the report says about its publisher: LATE_PUBLICATION, FEE_STATEMENT_MISSING,
//! AUTHORITY_IMPLAUSIBLE.

use super::authority::{classify, Body, Level};
use super::names::num;
use super::{BodyKind, Settings};
use crate::format::{self, FormatVersion, TableId};
use crate::model::{Date, Finding, Report, Severity};
use crate::rules::Rule;

/// What section 六 says when it answers the fee question.
const FEE_WORDS: &[&str] = &["处理费", "收费", "收取费用", "收取任何费用", "费用"];

pub fn check(report: &Report, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(late_publication(report, settings));
    out.extend(date_implausible(report));
    out.extend(fee_statement_missing(report));
    out.extend(authority_implausible(report));
    out
}

/// The date `(month, day)` of `year`, the day lowered to the month's last if it has fewer.
fn date_in(year: i32, (month, day): (u32, u32)) -> Option<Date> {
    (28..=day.max(28))
        .rev()
        .find_map(|d| Date::new(year, month, d.min(day)))
}

/// The deadline that applies to this report's body, and how the body is described.
fn deadline(report: &Report, settings: &Settings) -> Option<(Date, &'static str)> {
    let next = report.year? + 1;
    let body = report.agency.as_deref().map(classify);
    let (md, who) = match body {
        Some(Body {
            level: Some(Level::Township),
            ..
        }) => (
            settings.deadline(BodyKind::Township),
            // The message is printed in the workbook too: no hint about the app's settings here.
            "乡镇、街道年报的公布期限（按当地规定）",
        ),
        Some(Body {
            government: true, ..
        }) => (
            settings.deadline(BodyKind::Government),
            "县级以上地方人民政府年报的公布期限",
        ),
        Some(_) => (
            settings.deadline(BodyKind::Department),
            "政府部门年报的公布期限（《条例》第四十九条）",
        ),
        // Unknown publisher: only a date past every deadline is surely late.
        None => (
            BodyKind::ALL
                .iter()
                .map(|k| settings.deadline(*k))
                .max()
                .unwrap_or((3, 31)),
            "各类机关年报最迟的公布期限",
        ),
    };
    Some((date_in(next, md)?, who))
}

/// LATE_PUBLICATION: signed or published after the deadline for this kind of body.
fn late_publication(report: &Report, settings: &Settings) -> Option<Finding> {
    let published = report.published?;
    let (due, who) = deadline(report, settings)?;
    (published > due).then(|| {
        Finding::new(
            Rule::LatePublication,
            Severity::Warning,
            format!(
                "报告的落款（没有落款日期时为网页的发布时间）日期为 {published}，晚于{who} {due}。"
            ),
        )
    })
}

/// DATE_IMPLAUSIBLE: signed before the report year ended, or more than two years after it. Not
/// judged when the year was itself inferred from that date; a year the body states is judged.
fn date_implausible(report: &Report) -> Option<Finding> {
    let published = report.published?;
    let year = report.year.filter(|_| !report.year_from_date())?;
    let end = Date::new(year, 12, 31)?;
    let latest = Date::new(year + 2, 12, 31)?;
    let why = if published < end {
        format!("早于报告年度 {year} 年结束（{end}），年度报告只能在年度结束后写成")
    } else if published > latest {
        format!("比报告年度 {year} 年晚了两年以上")
    } else {
        return None;
    };
    Some(Finding::new(
        Rule::DateImplausible,
        Severity::Warning,
        format!("报告的落款（没有落款日期时为网页的发布时间）日期为 {published}，{why}。请核实该日期或报告年度是否写错。"),
    ))
}

/// FEE_STATEMENT_MISSING (2021 edition): section 六 does not say whether 信息处理费 was charged.
/// Without a section 六 (SECTION_MISSING) the whole text is searched instead.
fn fee_statement_missing(report: &Report) -> Option<Finding> {
    if report.format_version != Some(FormatVersion::V2021) {
        return None;
    }
    let (text, span) = match report.section(6) {
        Some(s) => (report.text.get(s.body.clone())?, Some(s.span.clone())),
        None => (report.text.as_str(), None),
    };
    // Without line breaks and spaces: a PDF may wrap 信息处理费 in two.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if FEE_WORDS.iter().any(|w| compact.contains(w)) {
        return None;
    }
    let f = Finding::new(
        Rule::FeeStatementMissing,
        Severity::Warning,
        "第六部分“其他需要报告的事项”没有说明是否收取信息处理费（2021 年新格式要求写明）。",
    );
    Some(match span {
        Some(s) => f.with_span(s),
        None => f,
    })
}

/// AUTHORITY_IMPLAUSIBLE: a 乡镇/街道 or 县级 body reports 规章, which it has no power to make.
fn authority_implausible(report: &Report) -> Option<Finding> {
    let agency = report.agency.as_deref()?;
    let level = match classify(agency).level? {
        Level::Township => "乡镇、街道",
        Level::County => "县级",
        Level::City | Level::Province => return None,
    };
    let v = report.format_version?;
    if !report.has_table(TableId::T2) {
        return None;
    }
    let rules_row = format::table(TableId::T2)
        .rows_for(v)
        .find(|r| r.key == "rules")?;
    let nonzero: Vec<(String, &str, f64)> = rules_row
        .columns
        .iter()
        .filter_map(|c| {
            let key = format::cell_key(TableId::T2, rules_row.key, c.key);
            let x = report.value(&key).filter(|x| *x != 0.0)?;
            Some((key, c.label, x))
        })
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    let listed: Vec<String> = nonzero
        .iter()
        .map(|(_, label, x)| format!("{label} {}", num(*x)))
        .collect();
    Some(
        Finding::new(
            Rule::AuthorityImplausible,
            Severity::Warning,
            format!(
                "“{agency}”是{level}机关，无权制定规章，但表二“规章”行填写了{}。\
                 请核实是否把行政规范性文件或上级规章计入了本行。",
                listed.join("、")
            ),
        )
        .with_cells(nonzero.into_iter().map(|(k, _, _)| k)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report, report21, rules, with_text};

    fn dated(agency: &str, published: (i32, u32, u32)) -> Report {
        let mut r = with_text(
            report21(&[]),
            "六、其他需要报告的事项\n本年度未收取信息处理费。",
        );
        r.agency = Some(agency.to_string());
        r.year = Some(2023);
        r.published = Date::new(published.0, published.1, published.2);
        r
    }

    fn late(agency: &str, published: (i32, u32, u32)) -> bool {
        rules(&check(&dated(agency, published), &Settings::default())) == ["LATE_PUBLICATION"]
    }

    #[test]
    fn deadlines_depend_on_the_body() {
        assert!(!late("西宁市湟中区西堡镇人民政府", (2024, 1, 22)));
        assert!(late("西宁市湟中区西堡镇人民政府", (2024, 2, 1)));
        assert!(!late("银川市兴庆区人民政府", (2024, 3, 31)));
        assert!(late("银川市兴庆区人民政府", (2024, 4, 1)));
        assert!(!late("银川市兴庆区教育局", (2024, 1, 31)));
        assert!(late("银川市兴庆区教育局", (2024, 2, 1)));
        let f = check(
            &dated("银川市兴庆区教育局", (2024, 2, 5)),
            &Settings::default(),
        );
        assert!(f[0].message.contains("2024年2月5日"));
        assert!(f[0].message.contains("2024年1月31日"));
    }

    /// The message is printed in the workbook's 问题清单, where a hint about the app's settings
    /// means nothing; the deadline it used is stated instead.
    #[test]
    fn a_late_township_report_is_explained_without_app_hints() {
        let f = check(&dated("原州区炭山乡", (2024, 2, 5)), &Settings::default());
        assert_eq!(rules(&f), ["LATE_PUBLICATION"]);
        assert!(f[0].message.contains("2024年1月31日"), "{}", f[0].message);
        assert!(!f[0].message.contains("设置"), "{}", f[0].message);
    }

    #[test]
    fn the_township_deadline_is_a_setting() {
        let mut settings = Settings::default();
        assert!(!settings.set_deadline(BodyKind::Township, (2, 30)));
        assert!(settings.set_deadline(BodyKind::Township, (2, 29)));
        let r = dated("原州区炭山乡", (2024, 2, 29));
        assert!(check(&r, &settings).is_empty());
        let r = dated("原州区炭山乡", (2024, 3, 1));
        assert_eq!(rules(&check(&r, &settings)), ["LATE_PUBLICATION"]);
    }

    #[test]
    fn a_province_that_gives_departments_until_march() {
        let r = dated("银川市兴庆区教育局", (2024, 3, 20));
        assert_eq!(
            rules(&check(&r, &Settings::default())),
            ["LATE_PUBLICATION"]
        );
        let mut settings = Settings::default();
        settings.apply_deadline("部门=03-31").unwrap();
        assert!(check(&r, &settings).is_empty());
        assert_eq!(settings.deadline(BodyKind::Department), (3, 31));
        // The other kinds keep their defaults.
        assert_eq!(settings.deadline(BodyKind::Township), (1, 31));
        let entries = settings.deadline_entries();
        assert_eq!(entries.len(), 3);
        assert_eq!((entries[0].label, entries[0].deadline), ("部门", (3, 31)));
        assert_eq!((entries[1].label, entries[1].deadline), ("政府", (3, 31)));
        assert_eq!(
            (entries[2].label, entries[2].deadline),
            ("乡镇/街道", (1, 31))
        );
    }

    #[test]
    fn deadline_options_are_read_or_refused_in_words() {
        let mut s = Settings::default();
        for ok in ["乡镇=2-28", "街道＝3月15日", "政府=04/30"] {
            assert!(s.apply_deadline(ok).is_ok(), "{ok}");
        }
        assert_eq!(s.deadline(BodyKind::Township), (3, 15));
        assert_eq!(s.deadline(BodyKind::Government), (4, 30));
        assert!(s.apply_deadline("部门").unwrap_err().contains("类别=月-日"));
        assert!(s
            .apply_deadline("学校=03-31")
            .unwrap_err()
            .contains("不认识"));
        assert!(s
            .apply_deadline("部门=13-01")
            .unwrap_err()
            .contains("不是有效"));
        assert!(s.apply_deadline("部门=02-30").is_err());
        assert_eq!(s.deadline(BodyKind::Department), (1, 31));
    }

    #[test]
    fn without_a_publisher_only_the_latest_deadline_counts() {
        let mut r = dated("x", (2024, 3, 20));
        r.agency = None;
        assert!(check(&r, &Settings::default()).is_empty());
        r.published = Date::new(2024, 4, 2);
        assert_eq!(
            rules(&check(&r, &Settings::default())),
            ["LATE_PUBLICATION"]
        );
    }

    #[test]
    fn a_signature_before_the_year_ended_or_years_later_is_implausible() {
        for (date, fires) in [
            ((2024, 1, 22), false),
            ((2023, 12, 31), false),
            ((2025, 12, 31), false),
            ((2023, 6, 30), true),
            ((2026, 1, 20), true),
        ] {
            let r = dated("原州区炭山乡", date);
            let f: Vec<Finding> = check(&r, &Settings::default())
                .into_iter()
                .filter(|f| f.rule == "DATE_IMPLAUSIBLE")
                .collect();
            assert_eq!(f.len(), usize::from(fires), "{date:?}");
        }
        let f = check(&dated("原州区炭山乡", (2023, 6, 30)), &Settings::default());
        assert!(
            f[0].message
                .contains("2023年6月30日，早于报告年度 2023 年结束"),
            "{}",
            f[0].message
        );
        // A year worked out from the date itself is not judged by it.
        let mut r = dated("原州区炭山乡", (2023, 6, 30));
        r.year_inferred = true;
        assert!(check(&r, &Settings::default()).is_empty());
    }

    #[test]
    fn section_six_must_mention_the_fee() {
        for said in [
            "红寺堡区红寺堡镇人民政府2023年未收取信息处\n理费。",
            "2023年本单位依申请公开政府信息未收费。",
            "2023年本乡未收到政府信息公开申请，未收取信息处理费。",
        ] {
            let r = with_text(report21(&[]), &format!("六、其他需要报告的事项\n{said}"));
            assert!(check(&r, &Settings::default()).is_empty(), "{said}");
        }
        let r = with_text(
            report21(&[]),
            "六、其他需要报告的事项\n无其他需要报告的事项。",
        );
        let f = check(&r, &Settings::default());
        assert_eq!(rules(&f), ["FEE_STATEMENT_MISSING"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].text_span.is_some());
        // The 2019 edition did not ask for it.
        let mut r = with_text(
            report(FormatVersion::V2019, &TableId::ALL, &[]),
            "六、其他需要报告的事项\n无。",
        );
        r.year = Some(2020);
        assert!(check(&r, &Settings::default()).is_empty());
    }

    #[test]
    fn townships_and_counties_make_no_rules() {
        let mut r = dated("红寺堡区红寺堡镇人民政府", (2024, 1, 22));
        assert!(check(&r, &Settings::default()).is_empty());
        crate::rules::testkit::set(&mut r, "T2.rules.issued", 2.0);
        let f = check(&r, &Settings::default());
        assert_eq!(rules(&f), ["AUTHORITY_IMPLAUSIBLE"]);
        assert_eq!(f[0].cells, ["T2.rules.issued"]);
        assert!(f[0].message.contains("乡镇、街道机关"));
        assert!(f[0].message.contains("本年制发件数 2"));
        r.agency = Some("银川市兴庆区司法局".into());
        assert!(check(&r, &Settings::default())[0]
            .message
            .contains("县级机关"));
        r.agency = Some("银川市人民政府".into());
        assert!(check(&r, &Settings::default()).is_empty());
        r.agency = Some("宁夏回族自治区司法厅".into());
        assert!(check(&r, &Settings::default()).is_empty());
    }
}
