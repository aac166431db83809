//! Which reports the totals count. Every report is listed; a report is left out of the sums when
//! another report of the same body and year is counted instead (a duplicate), when its body is of
//! another tier than most of the reports (a city's report among towns' would dwarf them), or when
//! the clerk said so in the app. The clerk's choice ([`Report::counted`]) also picks which of two
//! duplicates counts and brings a body of another tier back in.

use crate::format::normalise_label;
use crate::model::file_name;
use crate::model::{Finding, Level, Report, Severity};
use crate::rules::authority::report_level;
use std::borrow::Borrow;
use std::collections::HashMap;

/// Why a report is listed but not summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// Report `kept` (same body, same year) is counted instead.
    Duplicate { kept: usize },
    /// Its body's level is not of the tier most reports are of (`main`, the commonest level of
    /// that tier).
    OtherLevel { level: Level, main: Level },
    /// The clerk left it out.
    ByClerk,
    /// A newer version (a resubmission) replaced it; it is kept only to compare with.
    Replaced,
}

impl Left {
    /// Why, in words for the workbook; `reports` are the ones the indices refer to.
    pub fn reason<R: Borrow<Report>>(self, reports: &[R]) -> String {
        match self {
            Left::Duplicate { kept } => {
                let file = reports
                    .get(kept)
                    .map(|r| file_name(&r.borrow().file))
                    .unwrap_or_default();
                format!("同一机关同一年度的重复报告，已计入“{file}”")
            }
            Left::OtherLevel { level, main } => format!(
                "层级为{}，与多数报告（{}）不同，未计入合计",
                level.label(),
                main.tier_name()
            ),
            Left::ByClerk => "核查人选择不计入合计".to_string(),
            Left::Replaced => "已被替换：单位已重新报送，计入新版本".to_string(),
        }
    }

    pub fn is_duplicate(self) -> bool {
        matches!(self, Left::Duplicate { .. })
    }
}

/// For each report: `None` when its figures are summed, else why not. `findings[i]` are the
/// findings of `reports[i]`.
pub fn counting<R, F>(reports: &[R], findings: &[F]) -> Vec<Option<Left>>
where
    R: Borrow<Report>,
    F: AsRef<[Finding]>,
{
    let reports: Vec<&Report> = reports.iter().map(Borrow::borrow).collect();
    let findings: Vec<&[Finding]> = findings.iter().map(AsRef::as_ref).collect();
    let mut out = duplicates(&reports, &findings);
    let main = main_level(&reports, &out);
    for (i, r) in reports.iter().enumerate() {
        if r.replaced_by.is_some() {
            out[i] = Some(Left::Replaced);
            continue;
        }
        if out[i].is_some() {
            continue;
        }
        out[i] = match (r.counted, report_level(r), main) {
            (Some(true), _, _) => None,
            (Some(false), _, _) => Some(Left::ByClerk),
            (None, Some(level), Some(main)) if level.tier() != main.tier() => {
                Some(Left::OtherLevel { level, main })
            }
            _ => None,
        };
    }
    out
}

/// Duplicates only: for each report, `Some` when another report of the same body and year is
/// counted instead. The one counted is the one the clerk counted, else the one with the fewest
/// errors (and not one the clerk left out). Reports without a body or year are never duplicates
/// (there is nothing to tell them apart by).
fn duplicates(reports: &[&Report], findings: &[&[Finding]]) -> Vec<Option<Left>> {
    let mut groups: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    // A replaced version is no duplicate: its resubmission stands for it.
    for (i, r) in reports.iter().enumerate() {
        if r.replaced_by.is_some() {
            continue;
        }
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
            .find(|&i| reports[i].counted == Some(true))
            .or_else(|| {
                members
                    .iter()
                    .copied()
                    .min_by_key(|&i| (reports[i].counted == Some(false), errors(i), i))
            })
            .unwrap_or(members[0]);
        for &i in members.iter().filter(|&&i| i != kept) {
            out[i] = Some(Left::Duplicate { kept });
        }
    }
    out
}

/// The commonest level of the tier most reports (not duplicates) are of; a tie goes to the lower
/// tier (a county office collects its towns' reports). `None` when no level is known.
fn main_level(reports: &[&Report], left: &[Option<Left>]) -> Option<Level> {
    let mut by_level: HashMap<Level, usize> = HashMap::new();
    for (r, _) in reports.iter().zip(left).filter(|(_, l)| l.is_none()) {
        if let Some(level) = report_level(r) {
            *by_level.entry(level).or_default() += 1;
        }
    }
    let tier_count = |t: u8| -> usize {
        by_level
            .iter()
            .filter(|(l, _)| l.tier() == t)
            .map(|(_, n)| n)
            .sum()
    };
    let tier = by_level
        .keys()
        .map(|l| l.tier())
        .max_by_key(|&t| (tier_count(t), std::cmp::Reverse(t)))?;
    by_level
        .iter()
        .filter(|(l, _)| l.tier() == tier)
        .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))
        .map(|(l, _)| *l)
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

    fn kept(l: Option<Left>) -> Option<usize> {
        match l {
            Some(Left::Duplicate { kept }) => Some(kept),
            _ => None,
        }
    }

    #[test]
    fn same_body_and_year_keeps_the_chosen_or_the_one_with_fewer_errors() {
        let mut rs = vec![
            report("红寺堡镇人民政府", 2023, "a"),
            report("红寺堡镇 人民政府", 2023, "b"),
            report("红寺堡镇人民政府", 2022, "c"),
            report("大河乡人民政府", 2023, "d"),
        ];
        let err = Finding::new(crate::rules::Rule::T3Balance, Severity::Error, "x");
        let warn = Finding::new(crate::rules::Rule::ValueImplied, Severity::Warning, "x");
        let fs = vec![vec![err], vec![warn], vec![], vec![]];
        let dup = |rs: &[Report], fs: &[Vec<Finding>]| -> Vec<Option<usize>> {
            counting(rs, fs).into_iter().map(kept).collect()
        };
        assert_eq!(dup(&rs, &fs), vec![Some(1), None, None, None]);
        rs[0].counted = Some(true);
        assert_eq!(dup(&rs, &fs), vec![None, Some(0), None, None]);
        rs[0].counted = None;
        let none = vec![vec![]; 4];
        assert_eq!(dup(&rs, &none)[1], Some(0), "a tie keeps the first");
        rs[0].counted = Some(false);
        assert_eq!(
            dup(&rs, &none)[0],
            Some(1),
            "not the one the clerk left out"
        );
    }

    #[test]
    fn a_body_of_another_tier_is_left_out_unless_counted() {
        let mut rs = vec![
            report("红寺堡区红寺堡镇人民政府", 2023, "a"),
            report("红寺堡区大河乡人民政府", 2023, "b"),
            report("红寺堡区新庄集街道办事处", 2023, "c"),
            report("吴忠市人民政府", 2023, "d"),
            report("国家税务总局某局", 2023, "e"),
        ];
        let fs = vec![vec![]; 5];
        let left = counting(&rs, &fs);
        assert_eq!(left[..3], [None, None, None], "街道 is of the towns' tier");
        assert_eq!(
            left[3],
            Some(Left::OtherLevel {
                level: Level::City,
                main: Level::Township
            })
        );
        assert_eq!(left[4], None, "an unknown level is counted");
        assert!(Left::OtherLevel {
            level: Level::City,
            main: Level::Township
        }
        .reason(&rs)
        .contains("乡镇（街道）级"));
        rs[3].counted = Some(true);
        rs[1].counted = Some(false);
        let left = counting(&rs, &fs);
        assert_eq!(left[3], None, "the clerk counted the city");
        assert_eq!(left[1], Some(Left::ByClerk));
        rs[3].level = Some(Level::Township);
        rs[3].counted = None;
        assert_eq!(counting(&rs, &fs)[3], None, "the clerk's level");
    }

    #[test]
    fn the_main_tier_is_the_commonest_and_a_tie_goes_to_the_lower() {
        let rs = vec![
            report("宝丰县教育局", 2023, "a"),
            report("宝丰县人民政府", 2023, "b"),
            report("宝丰县大营镇人民政府", 2023, "c"),
        ];
        let fs = vec![vec![]; 3];
        let left = counting(&rs, &fs);
        assert_eq!(left[0], None);
        assert_eq!(
            left[1], None,
            "a county's government and departments are one tier"
        );
        assert!(matches!(left[2], Some(Left::OtherLevel { .. })));
        let tie = vec![rs[0].clone(), rs[2].clone()];
        let left = counting(&tie, &fs[..2]);
        assert!(matches!(left[0], Some(Left::OtherLevel { .. })));
        assert_eq!(left[1], None);
    }
}
