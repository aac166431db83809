//! The consistency checks: one small function per rule id of the spec, grouped by what they look
//! at. A rule reads the report and returns findings; it never panics and never invents a value
//! (a sum involving an unread cell is simply not checked).
//!
//! - `completeness` — is everything there (tables, cells, sections, year, edition)
//! - `arithmetic` — the tables add up; `suspect` names the cell most likely wrong
//! - `text_vs_table` — what the text states agrees with the tables and with itself
//! - `plausibility` — deadlines, the fee statement, who may make 规章
//! - `cross_year` — two years of the same body (in [`check_batch`])

mod arithmetic;
mod authority;
mod catalogue;
mod completeness;
mod cross_year;
mod names;
mod plausibility;
mod suspect;
mod text;
mod text_vs_table;

#[cfg(test)]
mod testkit;

pub use catalogue::{Rule, RuleInfo, CATALOGUE};

use crate::model::{Finding, Report};
use std::collections::BTreeSet;

/// Options a user can change.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Deadline (month, day of the year after the report year) for 乡镇/街道 reports.
    pub township_deadline: (u32, u32),
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            township_deadline: (1, 31),
        }
    }
}

/// All checks that look at one report alone. The recogniser's own findings come first.
pub fn check(report: &Report, settings: &Settings) -> Vec<Finding> {
    let mut out = report.reading_findings.clone();
    out.extend(completeness::check(report));
    out.extend(arithmetic::check(report));
    out.extend(text_vs_table::check(report));
    out.extend(plausibility::check(report, settings));
    out
}

/// Keys the recogniser already reported under `rule`; the checks do not report them twice.
fn reported_by_reader(report: &Report, rule: &str) -> BTreeSet<String> {
    report
        .reading_findings
        .iter()
        .filter(|f| f.rule == rule)
        .flat_map(|f| f.cells.iter().cloned())
        .collect()
}

/// All checks over a batch: each report's own checks plus those that compare reports (same body,
/// consecutive years). The result has one list per report, in the same order.
pub fn check_batch(reports: &[Report], settings: &Settings) -> Vec<Vec<Finding>> {
    let mut out: Vec<Vec<Finding>> = reports.iter().map(|r| check(r, settings)).collect();
    for (i, extra) in cross_year::check(reports) {
        if let Some(list) = out.get_mut(i) {
            list.extend(extra);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellState, Section, Severity};
    use testkit::{report21, rules, set, with_text};

    #[test]
    fn reading_findings_come_first_and_are_kept() {
        let mut r = with_text(report21(&[]), "一、总体情况\n好。");
        r.year = Some(2023);
        r.reading_findings.push(
            Finding::new(Rule::CellMissing, Severity::Error, "“总计”列没有读到")
                .with_cells(["T3.new.total".to_string()]),
        );
        r.cells.get_mut("T3.new.total").unwrap().state = CellState::Missing;
        r.cells.get_mut("T3.new.total").unwrap().value = None;
        let f = check(&r, &Settings::default());
        assert_eq!(f[0].message, "“总计”列没有读到");
        assert_eq!(f.iter().filter(|x| x.rule == "CELL_MISSING").count(), 1);
        assert!(rules(&f).contains(&"SECTION_MISSING"));
    }

    #[test]
    fn a_batch_has_one_list_per_report_in_order() {
        let mut a = report21(&[]);
        set(&mut a, "T4.review.total", 1.0);
        let b = report21(&[]);
        let all = check_batch(&[a.clone(), b.clone()], &Settings::default());
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], check(&a, &Settings::default()));
        assert_eq!(all[1], check(&b, &Settings::default()));
        assert!(check_batch(&[], &Settings::default()).is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let texts = [
            "",
            "其中",
            "其中，（（（ 3 条",
            "共 5 条。其中",
            "）其中 1 条、2 条）",
            "无",
            "未收到申请",
            "收到",
            "六、其他需要报告的事项",
            "共１２件，其中二十件、两件、十件",
            "😀收到😀2件申请😀，无😀复议",
        ];
        for text in texts {
            let mut r = report21(&[]);
            r.text = text.to_string();
            r.agency = Some(text.to_string());
            r.year = Some(2023);
            // Spans that do not fit the text, or cut a character in two.
            r.sections = vec![Section {
                number: 6,
                heading: String::new(),
                span: 1..400,
                body: 2..401,
            }];
            r.cells.get_mut("T3.new.total").unwrap().provenance.span = Some(1..999);
            set(&mut r, "T3.granted.total", f64::NAN);
            set(&mut r, "T4.review.total", f64::INFINITY);
            let _ = check_batch(&[r.clone(), r], &Settings::default());
        }
    }

    /// Every cell key written out in the code (`"T3.new.total"`) must be a key of the format: a
    /// renamed row or column then fails here instead of silently turning a rule off.
    #[test]
    fn every_cell_key_named_in_the_code_exists() {
        let keys = crate::format::all_keys();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for quoted in text.split('"').skip(1).step_by(2) {
                    let parts: Vec<&str> = quoted.split('.').collect();
                    let looks_like_key = parts.len() == 3
                        && ["T2", "T3", "T4"].contains(&parts[0])
                        && parts[1..].iter().all(|p| {
                            !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        });
                    if looks_like_key {
                        checked += 1;
                        assert!(
                            keys.iter().any(|k| k == quoted),
                            "{}: \"{quoted}\" is not a cell key of src/format",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(
            checked > 100,
            "only {checked} keys found: the scan is broken"
        );
    }
}
