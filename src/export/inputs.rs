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
    /// The county office that checks the reports (signs the 整改通知 and the 通报); a blank
    /// line to fill in by hand when empty.
    pub office: String,
    /// 联系人及电话 for the towns' questions.
    pub contact: String,
    /// The 整改 deadline; [`DEFAULT_REPLY_DAYS`] after `date` when `None`.
    pub reply_by: Option<Date>,
    /// Attach to each 整改通知 the tables that hold a cell to fix, in the official layout.
    pub notice_tables: bool,
}

/// Days a town gets to reply to a 整改通知 unless the clerk sets a date: ten working days.
pub const DEFAULT_REPLY_DAYS: i64 = 14;

impl Options {
    /// The date the documents carry.
    pub fn date(&self) -> Option<Date> {
        self.date.or_else(today)
    }

    /// The 整改 deadline.
    pub fn reply_by(&self) -> Option<Date> {
        self.reply_by
            .or_else(|| self.date().and_then(|d| add_days(d, DEFAULT_REPLY_DAYS)))
    }
}

/// A blank to fill in by hand, where a document needs a value the clerk has not set.
pub const BLANK: &str = "________";

/// What the 整改通知 and the 通报 print for the clerk's choices: a blank where one is unset.
impl Options {
    pub fn office_text(&self) -> String {
        match self.office.trim() {
            "" => BLANK.to_string(),
            office => office.to_string(),
        }
    }

    /// `2024年3月5日`, as a 公文 writes a date.
    pub fn date_text(&self) -> String {
        self.date().map_or_else(|| BLANK.to_string(), chinese_date)
    }

    pub fn reply_by_text(&self) -> String {
        self.reply_by()
            .map_or_else(|| BLANK.to_string(), chinese_date)
    }
}

/// A date as a 公文 writes it: `2024年3月5日`.
pub fn chinese_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

/// Everything the workbook is made from. `findings[i]` are the findings of `reports[i]`.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    pub reports: &'a [Report],
    pub findings: &'a [Vec<Finding>],
    pub unreadable: &'a [Unreadable],
    pub options: &'a Options,
    /// The units that must report, with their status; `None`: the reports received are the units.
    pub roster: Option<&'a crate::roster::Roster>,
}

impl<'a> Batch<'a> {
    /// Reports and findings only: nothing unreadable, no choices made.
    pub fn new(reports: &'a [Report], findings: &'a [Vec<Finding>]) -> Batch<'a> {
        static NO_OPTIONS: Options = Options {
            reviewer: None,
            date: None,
            office: String::new(),
            contact: String::new(),
            reply_by: None,
            notice_tables: false,
        };
        Batch {
            reports,
            findings,
            unreadable: &[],
            options: &NO_OPTIONS,
            roster: None,
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

/// `d` plus `n` days.
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    civil_from_days(days_from_civil(d) + n)
}

/// A calendar date to days since 1970-01-01 (the inverse of [`civil_from_days`]).
fn days_from_civil(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        for d in [0, 19_723, 19_782, -1, 60_000] {
            let date = civil_from_days(d).unwrap();
            assert_eq!(days_from_civil(date), d);
        }
        assert_eq!(
            add_days(Date::new(2024, 2, 20).unwrap(), 14),
            Date::new(2024, 3, 5)
        );
    }
}
