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
mod completeness;
mod cross_year;
mod deduce;
mod names;
mod plausibility;
mod solve;
mod suspect;
mod text;
mod text_vs_table;

#[cfg(test)]
mod testkit;

use crate::model::{Finding, Report};

pub use deduce::deduce;

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

/// All checks that look at one report alone. Reading findings (CELL_MISSING, VALUE_IMPLIED,
/// VALUE_DEDUCED, …) are worked out from the cells' states like any other, so an edit clears them.
pub fn check(report: &Report, settings: &Settings) -> Vec<Finding> {
    let mut out = completeness::check(report);
    out.extend(deduce::value_deduced(report));
    out.extend(arithmetic::check(report));
    out.extend(text_vs_table::check(report));
    out.extend(plausibility::check(report, settings));
    out
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
    use crate::model::Section;
    use testkit::{report21, set};

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
}
