//! The units of a collection as the documents that leave the desk see them: each unit with its
//! report of the year (or 未报), its status, whether it published on time, and its open findings.
//! With a roster the units are the roster's; without one, each body that sent a report of the
//! year is a unit. The workbook's 报送情况 sheet, the 整改通知 and the 核查情况通报 all read this.

use super::counting::{counting, Left};
use crate::model::{file_name, Date, Finding, Report, Severity};
use crate::roster::{main_year, Roster, Status};
use crate::rules::Rule;
use std::borrow::Borrow;

/// Whether a unit published on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    OnTime,
    Late,
    /// No date was found in the report.
    Unknown,
}

/// One unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitView {
    /// The roster's name, else the report's agency, else its file name.
    pub name: String,
    /// Index of its report of the year; `None`: 未报.
    pub report: Option<usize>,
    pub status: Status,
    pub since: Option<Date>,
    pub on_roster: bool,
    pub timeliness: Option<Timeliness>,
    /// Open (not reviewed) findings of its report, errors first.
    pub open: Vec<usize>,
    pub errors: usize,
}

impl UnitView {
    /// The status in words, 未报 for a unit without a report.
    pub fn status_label(&self) -> &'static str {
        if self.report.is_none() {
            "未报"
        } else {
            self.status.label()
        }
    }
}

/// The units, the year they are of, and the reports counted nowhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Units {
    pub year: Option<i32>,
    pub units: Vec<UnitView>,
    /// Whether a roster was given (else 应报 is only what was received).
    pub has_roster: bool,
}

impl Units {
    pub fn reported(&self) -> impl Iterator<Item = &UnitView> {
        self.units.iter().filter(|u| u.report.is_some())
    }

    pub fn missing(&self) -> impl Iterator<Item = &UnitView> {
        self.units.iter().filter(|u| u.report.is_none())
    }

    pub fn count(&self, t: Timeliness) -> usize {
        self.units
            .iter()
            .filter(|u| u.timeliness == Some(t))
            .count()
    }

    /// Units whose report has an open error: they get a 整改通知.
    pub fn with_errors(&self) -> impl Iterator<Item = &UnitView> {
        self.units.iter().filter(|u| u.errors > 0)
    }
}

/// A finding the clerk has not answered (已核实无误 and 不适用 take it out).
pub fn is_open(r: &Report, f: &Finding) -> bool {
    !r.reviews.contains_key(&f.key())
}

/// The units of the year. `findings[i]` are the findings of `reports[i]`.
pub fn units<R, F>(reports: &[R], findings: &[F], roster: Option<&Roster>) -> Units
where
    R: Borrow<Report>,
    F: AsRef<[Finding]>,
{
    let left = counting(reports, findings);
    let reports: Vec<&Report> = reports.iter().map(Borrow::borrow).collect();
    // A report stands for its body unless a newer version or a duplicate stands instead.
    let current = |i: usize| !matches!(left[i], Some(Left::Replaced | Left::Duplicate { .. }));
    let refs = &reports;
    let view = |name: String, report: Option<usize>, status: Status, since, on_roster| {
        let (open, errors, timeliness) = match report {
            Some(i) => {
                let r = reports[i];
                let fs = findings.get(i).map_or(&[][..], AsRef::as_ref);
                let mut open: Vec<usize> = (0..fs.len()).filter(|&k| is_open(r, &fs[k])).collect();
                open.sort_by_key(|&k| fs[k].severity);
                let errors = open
                    .iter()
                    .filter(|&&k| fs[k].severity == Severity::Error)
                    .count();
                (open, errors, Some(timeliness(r, fs)))
            }
            None => (Vec::new(), 0, None),
        };
        UnitView {
            name,
            report,
            status,
            since,
            on_roster,
            timeliness,
            open,
            errors,
        }
    };
    match roster {
        Some(roster) => {
            let a = roster.assign(refs, &current);
            let units = roster
                .units
                .iter()
                .zip(&a.report)
                .map(|(u, &report)| view(u.name.clone(), report, u.status, u.since, true))
                .collect();
            Units {
                year: a.year,
                units,
                has_roster: true,
            }
        }
        None => {
            let year = main_year(refs);
            let units = (0..reports.len())
                .filter(|&i| current(i) && (reports[i].year.is_none() || reports[i].year == year))
                .map(|i| view(unit_name(reports[i]), Some(i), Status::Pending, None, false))
                .collect();
            Units {
                year,
                units,
                has_roster: false,
            }
        }
    }
}

/// A report's unit as a document names it.
pub fn unit_name(r: &Report) -> String {
    r.agency.clone().unwrap_or_else(|| file_name(&r.file))
}

/// Late when the checks found it published after the deadline (and the clerk did not set that
/// aside); unknown without a date.
fn timeliness(r: &Report, findings: &[Finding]) -> Timeliness {
    let late = findings
        .iter()
        .any(|f| f.rule == Rule::LatePublication && is_open(r, f));
    if late {
        Timeliness::Late
    } else if r.published.is_some() {
        Timeliness::OnTime
    } else {
        Timeliness::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, Review, ReviewStatus};

    fn report(agency: &str, year: i32, file: &str) -> Report {
        let mut r = Report::empty(file, FileKind::Text, String::new());
        r.agency = Some(agency.into());
        r.year = Some(year);
        r.published = Date::new(year + 1, 1, 20);
        r
    }

    fn error(cell: &str) -> Finding {
        Finding::new(Rule::T3Balance, Severity::Error, "不平衡").with_cells([cell.to_string()])
    }

    #[test]
    fn a_roster_unit_without_a_report_is_missing_and_a_resubmission_stands_for_its_body() {
        let mut rs = vec![
            report("红寺堡区红寺堡镇人民政府", 2023, "a.docx"),
            report("红寺堡区大河乡人民政府", 2023, "b.docx"),
            report("红寺堡区红寺堡镇人民政府", 2023, "a-整改后.docx"),
        ];
        rs[0].replaced_by = Some("a-整改后.docx".into());
        let fs = vec![vec![error("T3.new.total")], vec![], vec![]];
        let roster = Roster::from_names(&["红寺堡镇", "大河乡", "柳泉乡"]);
        let u = units(&rs, &fs, Some(&roster));
        assert_eq!(
            u.units[0].report,
            Some(2),
            "the new version, not the one sent back"
        );
        assert_eq!(u.units[0].errors, 0);
        assert_eq!(u.units[2].status_label(), "未报");
        assert_eq!(u.missing().count(), 1);
        assert_eq!(u.with_errors().count(), 0);

        let without = units(&rs, &fs, None);
        assert_eq!(without.units.len(), 2, "the replaced version is no unit");
        assert!(without.units.iter().all(|x| x.report != Some(0)));
    }

    #[test]
    fn reviewed_findings_are_not_open_and_late_ones_count() {
        let mut r = report("甲镇人民政府", 2023, "a.docx");
        let f = error("T3.new.total");
        r.reviews.insert(
            f.key(),
            Review {
                status: ReviewStatus::Confirmed,
                note: String::new(),
                by: String::new(),
            },
        );
        let late = Finding::new(Rule::LatePublication, Severity::Warning, "晚");
        let u = units(&[r], &[vec![f, late]], None);
        assert_eq!(u.units[0].errors, 0);
        assert_eq!(u.units[0].open, vec![1]);
        assert_eq!(u.count(Timeliness::Late), 1);
    }
}
