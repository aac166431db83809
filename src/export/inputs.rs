//! What the workbook is made from besides the reports: the files that could not be read, and the
//! clerk's choices (核查人, the date). Which reports are counted is in counting.rs.

use crate::model::{Date, Finding, Report};

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

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), Date::new(1970, 1, 1));
        assert_eq!(civil_from_days(19_723), Date::new(2024, 1, 1));
        assert_eq!(civil_from_days(19_782), Date::new(2024, 2, 29));
        assert!(today().is_some_and(|d| d.year >= 2024));
    }
}
