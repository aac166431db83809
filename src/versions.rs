//! Versions of one body's report: a corrected report sent back after a 整改通知 replaces the
//! version that was sent back (which is kept to compare with, and counted nowhere), and last
//! year's report stands beside this year's.
//!
//! Model-level: it compares reports and findings, and knows neither rules nor egui.

use crate::format;
use crate::model::{Finding, Report};
use crate::roster::core;

/// The body a report is of, as compared between versions and years; `None` without a name.
fn body(r: &Report) -> Option<String> {
    r.agency.as_deref().map(core).filter(|c| !c.is_empty())
}

/// Whether `new` is another version of `old`: the same body (names equal up to spacing,
/// punctuation and 人民政府) and the same year, both known.
pub fn same_body_and_year(old: &Report, new: &Report) -> bool {
    old.year.is_some() && old.year == new.year && body(old).is_some() && body(old) == body(new)
}

/// The report that `new` resubmits: the latest loaded version of the same body and year that
/// is not already replaced, and not the same file.
pub fn resubmission_of(reports: &[&Report], new: &Report) -> Option<usize> {
    (0..reports.len()).rev().find(|&i| {
        let r = reports[i];
        r.replaced_by.is_none() && r.file != new.file && same_body_and_year(r, new)
    })
}

/// Last year's report of the body of `reports[i]`, if loaded (not a replaced version).
pub fn last_year(reports: &[&Report], i: usize) -> Option<usize> {
    let r = reports.get(i)?;
    let (b, y) = (body(r)?, r.year?);
    (0..reports.len()).rev().find(|&j| {
        let o = reports[j];
        o.replaced_by.is_none() && o.year == Some(y - 1) && body(o).as_ref() == Some(&b)
    })
}

/// The key figures of a report, each the sum of some cells: what stands beside last year's (in
/// the app and in the workbook's 核查要点).
pub const KEY_FIGURES: [(&str, &[&str]); 6] = [
    ("新收", &["T3.new.total"]),
    ("上年结转", &["T3.carried_in.total"]),
    ("办结", &["T3.results_total.total"]),
    ("结转下年度", &["T3.carried_out.total"]),
    ("复议", &["T4.review.total"]),
    (
        "诉讼",
        &["T4.suit_direct.total", "T4.suit_after_review.total"],
    ),
];

/// Each key figure of `r`, `None` where one of its cells is unread.
pub fn key_figures(r: &Report) -> [Option<f64>; KEY_FIGURES.len()] {
    KEY_FIGURES.map(|(_, keys)| keys.iter().map(|k| r.value(k)).sum())
}

/// A value cell that differs between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub key: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// The value cells whose values differ, in the format's order.
pub fn changed_cells(old: &Report, new: &Report) -> Vec<CellChange> {
    format::all_keys()
        .iter()
        .filter_map(|key| {
            let before = old.cell(key).and_then(|c| c.value);
            let after = new.cell(key).and_then(|c| c.value);
            (before != after).then(|| CellChange {
                key: key.clone(),
                before,
                after,
            })
        })
        .collect()
}

/// How the findings moved from the version sent back to the new one.
#[derive(Debug, Default, PartialEq)]
pub struct FindingChanges<'a> {
    /// In the old version, gone from the new: fixed.
    pub fixed: Vec<&'a Finding>,
    /// In both: still open.
    pub still_open: Vec<&'a Finding>,
    /// Only in the new version.
    pub new: Vec<&'a Finding>,
}

/// Compares findings by [`Finding::key`] (rule and cells, or rule and message).
pub fn finding_changes<'a>(old: &'a [Finding], new: &'a [Finding]) -> FindingChanges<'a> {
    let old_keys: Vec<String> = old.iter().map(Finding::key).collect();
    let new_keys: Vec<String> = new.iter().map(Finding::key).collect();
    FindingChanges {
        fixed: old
            .iter()
            .zip(&old_keys)
            .filter(|(_, k)| !new_keys.contains(k))
            .map(|(f, _)| f)
            .collect(),
        still_open: new
            .iter()
            .zip(&new_keys)
            .filter(|(_, k)| old_keys.contains(k))
            .map(|(f, _)| f)
            .collect(),
        new: new
            .iter()
            .zip(&new_keys)
            .filter(|(_, k)| !old_keys.contains(k))
            .map(|(f, _)| f)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Rule;
    use crate::model::{FileKind, Severity};

    fn report(agency: &str, year: i32, file: &str) -> Report {
        let mut r = Report::empty(file, FileKind::Text, String::new());
        r.agency = Some(agency.into());
        r.year = Some(year);
        r
    }

    #[test]
    fn a_later_version_of_the_same_body_and_year_is_a_resubmission() {
        let rs = [
            report("红寺堡镇人民政府", 2023, "a.docx"),
            report("大河乡人民政府", 2023, "b.docx"),
            report("红寺堡镇人民政府", 2022, "a-2022.docx"),
        ];
        let refs: Vec<&Report> = rs.iter().collect();
        let new = report("红寺堡镇 人民政府", 2023, "a-整改后.docx");
        assert_eq!(resubmission_of(&refs, &new), Some(0));
        assert_eq!(resubmission_of(&refs, &rs[0]), None, "not itself");
        let other_year = report("红寺堡镇人民政府", 2024, "x.docx");
        assert_eq!(resubmission_of(&refs, &other_year), None);
        let mut nameless = new.clone();
        nameless.agency = None;
        assert_eq!(resubmission_of(&refs, &nameless), None);
        assert_eq!(last_year(&refs, 0), Some(2));
        assert_eq!(last_year(&refs, 1), None);
    }

    #[test]
    fn key_figures_sum_their_cells_and_are_none_when_one_is_unread() {
        let mut r = report("甲镇", 2023, "a");
        r.set_value_only("T3.new.total", Some(12.0));
        r.set_value_only("T4.suit_direct.total", Some(1.0));
        r.set_value_only("T4.suit_after_review.total", Some(2.0));
        let k = key_figures(&r);
        assert_eq!(k[0], Some(12.0));
        assert_eq!(k[1], None, "上年结转 unread");
        assert_eq!(k[5], Some(3.0), "诉讼 = 直接起诉 + 复议后起诉");
        r.set_value_only("T4.suit_after_review.total", None);
        assert_eq!(key_figures(&r)[5], None);
    }

    #[test]
    fn changes_list_cells_and_findings() {
        let mut old = report("甲镇", 2023, "a");
        old.set_value_only("T3.new.natural", Some(5.0));
        let mut new = old.clone();
        new.set_value_only("T3.new.natural", Some(4.0));
        new.set_value_only("T3.new.commercial", Some(1.0));
        let ch = changed_cells(&old, &new);
        let keys: Vec<&str> = ch.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, vec!["T3.new.natural", "T3.new.commercial"]);
        assert_eq!((ch[0].before, ch[0].after), (Some(5.0), Some(4.0)));

        let f = |rule: Rule, cell: &str| {
            Finding::new(rule, Severity::Error, "x").with_cells([cell.to_string()])
        };
        let before = vec![
            f(Rule::T3Balance, "T3.new.natural"),
            f(Rule::T3RowTotal, "T3.new.total"),
        ];
        let after = vec![
            f(Rule::T3RowTotal, "T3.new.total"),
            f(Rule::CellMissing, "T4.review.total"),
        ];
        let c = finding_changes(&before, &after);
        assert_eq!(c.fixed.len(), 1);
        assert_eq!(c.fixed[0].rule, Rule::T3Balance);
        assert_eq!(c.still_open[0].rule, Rule::T3RowTotal);
        assert_eq!(c.new[0].rule, Rule::CellMissing);
    }
}
