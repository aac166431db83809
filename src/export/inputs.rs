//! What the workbook is made from besides the reports: the files that could not be read, and the
//! clerk's choices (核查人, which of two reports of one body and year is counted). Also finds those
//! duplicates, so that no figure is summed twice.

use crate::format::normalise_label;
use crate::model::{Date, Finding, Report, Severity};
use std::collections::HashMap;

/// A file given for the workbook that could not be read, and why (listed on the cover sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub file: String,
    pub reason: String,
}

/// The clerk's choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Printed in the cover's 核查人 field (left blank to be signed by hand when `None`).
    pub reviewer: Option<String>,
    /// Files the clerk chose to count where one body has several reports of one year. Where a
    /// group has none of them, the report with the fewest errors is counted.
    pub chosen: Vec<String>,
    /// The date printed as 导出日期; today when `None`.
    pub date: Option<Date>,
}

/// Everything the workbook is made from. `findings[i]` are the findings of `reports[i]`.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    pub reports: &'a [Report],
    pub findings: &'a [Vec<Finding>],
    pub unreadable: &'a [Unreadable],
    pub options: &'a Options,
}

impl<'a> Batch<'a> {
    /// Reports and findings only: nothing unreadable, no choices made.
    pub fn new(reports: &'a [Report], findings: &'a [Vec<Finding>]) -> Batch<'a> {
        static NO_OPTIONS: Options = Options {
            reviewer: None,
            chosen: Vec::new(),
            date: None,
        };
        Batch {
            reports,
            findings,
            unreadable: &[],
            options: &NO_OPTIONS,
        }
    }
}

/// For each report: `Some(i)` when it is a duplicate not counted, in favour of report `i` (same
/// body, same year); `None` when it is counted. Reports without a body or year are never
/// duplicates (there is nothing to tell them apart by).
pub fn duplicates(
    reports: &[Report],
    findings: &[Vec<Finding>],
    chosen: &[String],
) -> Vec<Option<usize>> {
    let mut groups: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let (Some(a), Some(y)) = (r.agency.as_deref(), r.year) {
            let key = normalise_label(a);
            if !key.is_empty() {
                groups.entry((key, y)).or_default().push(i);
            }
        }
    }
    let errors = |i: usize| {
        findings.get(i).map_or(0, |f| {
            f.iter().filter(|f| f.severity == Severity::Error).count()
        })
    };
    let mut out = vec![None; reports.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let kept = members
            .iter()
            .copied()
            .find(|&i| chosen.contains(&reports[i].file))
            .or_else(|| members.iter().copied().min_by_key(|&i| (errors(i), i)))
            .unwrap_or(members[0]);
        for &i in members {
            if i != kept {
                out[i] = Some(kept);
            }
        }
    }
    out
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    civil_from_days(i64::try_from(secs / 86_400).ok()?)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn report(agency: &str, year: i32, file: &str) -> Report {
        let mut r = Report::empty(file, FileKind::Text, String::new());
        r.agency = Some(agency.to_string());
        r.year = Some(year);
        r
    }

    #[test]
    fn same_body_and_year_keeps_the_chosen_or_the_one_with_fewer_errors() {
        let rs = vec![
            report("红寺堡镇人民政府", 2023, "a"),
            report("红寺堡镇 人民政府", 2023, "b"),
            report("红寺堡镇人民政府", 2022, "c"),
            report("大河乡人民政府", 2023, "d"),
        ];
        let err = Finding::new(crate::rules::Rule::T3Balance, Severity::Error, "x");
        let warn = Finding::new(crate::rules::Rule::ValueImplied, Severity::Warning, "x");
        let fs = vec![vec![err], vec![warn], vec![], vec![]];
        assert_eq!(duplicates(&rs, &fs, &[]), vec![Some(1), None, None, None]);
        assert_eq!(
            duplicates(&rs, &fs, &["a".to_string()]),
            vec![None, Some(0), None, None]
        );
        let none = vec![vec![]; 4];
        assert_eq!(
            duplicates(&rs, &none, &[])[1],
            Some(0),
            "a tie keeps the first"
        );
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), Date::new(1970, 1, 1));
        assert_eq!(civil_from_days(19_723), Date::new(2024, 1, 1));
        assert_eq!(civil_from_days(19_782), Date::new(2024, 2, 29));
        assert!(today().is_some_and(|d| d.year >= 2024));
    }
}
