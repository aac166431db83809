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
pub mod authority;
#[cfg(test)]
mod batch_oracle;
mod bodies;
mod completeness;
mod copied;
mod cross_year;
mod deduce;
mod distinct;
mod headings;
pub mod names;
mod overlap;
mod period;
mod plausibility;
mod scan;
mod solve;
mod suspect;
pub(crate) mod text;
mod text_stated;
mod text_vs_table;
mod undecodable;
mod units;

#[cfg(test)]
mod testkit;

pub use crate::catalogue::{Category, Rule, RuleInfo, CATALOGUE};

use crate::model::{Finding, Report};

pub use deduce::deduce;
pub use scan::UNSURE_BELOW as OCR_UNSURE_BELOW;
pub use suspect::CULPRIT_LEAD;

/// The kinds of body whose reports have different publication deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// 县级以上人民政府部门: 31 January (条例 第四十九条); some provinces assess 31 March.
    Department,
    /// 县级以上地方人民政府's own report: 31 March.
    Government,
    /// 乡镇人民政府、街道办事处: a local deadline, 31 January unless set otherwise.
    Township,
}

impl BodyKind {
    pub const ALL: [BodyKind; 3] = [
        BodyKind::Department,
        BodyKind::Government,
        BodyKind::Township,
    ];

    /// The name the app shows and `--deadline` accepts (`部门=03-31`).
    pub fn label(self) -> &'static str {
        match self {
            BodyKind::Department => "部门",
            BodyKind::Government => "政府",
            BodyKind::Township => "乡镇/街道",
        }
    }

    /// A longer description for the settings panel.
    pub fn description(self) -> &'static str {
        match self {
            BodyKind::Department => "县级以上人民政府部门",
            BodyKind::Government => "县级以上地方人民政府（本级年报）",
            BodyKind::Township => "乡镇人民政府、街道办事处",
        }
    }

    /// The kind a user names: its label or a common short form (`乡镇`, `街道`, `部门`).
    pub fn from_label(s: &str) -> Option<BodyKind> {
        match s.trim() {
            "部门" | "政府部门" => Some(BodyKind::Department),
            "政府" | "人民政府" | "县级以上政府" => Some(BodyKind::Government),
            "乡镇/街道" | "乡镇" | "街道" | "乡镇街道" | "乡镇、街道" => {
                Some(BodyKind::Township)
            }
            _ => None,
        }
    }

    /// The default deadline (month, day of the year after the report year), as in the spec.
    pub fn default_deadline(self) -> (u32, u32) {
        match self {
            BodyKind::Department | BodyKind::Township => (1, 31),
            BodyKind::Government => (3, 31),
        }
    }
}

/// One row of the deadline settings, for the app: which kind, its label, its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineEntry {
    pub kind: BodyKind,
    pub label: &'static str,
    /// (month, day) of the year after the report year.
    pub deadline: (u32, u32),
}

/// Options a user can change.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Publication deadlines (month, day of the year after the report year) per kind of body.
    deadlines: [(u32, u32); 3],
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            deadlines: BodyKind::ALL.map(BodyKind::default_deadline),
        }
    }
}

impl Settings {
    fn index(kind: BodyKind) -> usize {
        BodyKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
    }

    /// The deadline for a kind of body: (month, day) of the year after the report year.
    pub fn deadline(&self, kind: BodyKind) -> (u32, u32) {
        self.deadlines[Self::index(kind)]
    }

    /// Sets a deadline; refused (false) when no year has that day (`02-30` is refused, `02-29`
    /// is kept and means the month's last day in other years).
    pub fn set_deadline(&mut self, kind: BodyKind, (month, day): (u32, u32)) -> bool {
        if crate::model::Date::new(2024, month, day).is_none() {
            return false;
        }
        self.deadlines[Self::index(kind)] = (month, day);
        true
    }

    /// Every deadline, in the order the app lists them.
    pub fn deadline_entries(&self) -> Vec<DeadlineEntry> {
        BodyKind::ALL
            .iter()
            .map(|&kind| DeadlineEntry {
                kind,
                label: kind.label(),
                deadline: self.deadline(kind),
            })
            .collect()
    }

    /// Applies `部门=03-31` (also `部门=3-31`, `部门=3月31日`, a full-width `＝`). The error says
    /// in Chinese what was wrong.
    pub fn apply_deadline(&mut self, spec: &str) -> Result<(), String> {
        let (kind, date) = spec
            .split_once(['=', '＝'])
            .ok_or_else(|| format!("“{spec}”应写成 类别=月-日，例如 部门=03-31"))?;
        let kind = BodyKind::from_label(kind).ok_or_else(|| {
            let names: Vec<&str> = BodyKind::ALL.iter().map(|k| k.label()).collect();
            format!("不认识的机关类别“{kind}”，可用：{}", names.join("、"))
        })?;
        let parsed = parse_month_day(date)
            .filter(|md| self.set_deadline(kind, *md))
            .map(|_| ());
        parsed.ok_or_else(|| format!("“{date}”不是有效的月-日，例如 03-31"))
    }
}

/// `03-31`, `3-31`, `3/31`, `3.31`, `3月31日`.
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_end_matches('日');
    let (m, d) = s.split_once(['-', '/', '.', '月'])?;
    Some((m.trim().parse().ok()?, d.trim().parse().ok()?))
}

/// All checks that look at one report alone. Reading findings (CELL_MISSING, VALUE_IMPLIED,
/// VALUE_DEDUCED, …) are worked out from the cells' states like any other, so an edit clears them.
pub fn check(report: &Report, settings: &Settings) -> Vec<Finding> {
    let mut out = completeness::check(report);
    out.extend(deduce::value_deduced(report));
    out.extend(report.layout_notes.iter().cloned());
    out.extend(arithmetic::check(report));
    if !report.ocr.is_empty() {
        out.extend(scan::uncertain(report, &arithmetic::equations(report)));
    }
    let prose = text::Prose::of(report);
    out.extend(text_vs_table::check_prose(report, &prose));
    out.extend(plausibility::check(report, settings));
    out.extend(period::check(report, &prose));
    out.extend(units::check(report));
    out.extend(undecodable::check(report));
    out
}

/// All checks over a batch: each report's own checks plus those that compare reports (same body,
/// consecutive years; text copied from another body). The result has one list per report, in the
/// same order. Each report is checked on its own thread; the comparisons find the reports to
/// compare through [`bodies::Bodies`] and [`overlap`], not by pairing every report with every
/// other, so a batch's time grows about as its size.
pub fn check_batch(reports: &[Report], settings: &Settings) -> Vec<Vec<Finding>> {
    use rayon::prelude::*;
    let mut out: Vec<Vec<Finding>> = reports.par_iter().map(|r| check(r, settings)).collect();
    let bodies = bodies::Bodies::of(reports);
    let compared = cross_year::check(reports, &bodies).into_iter();
    for (i, extra) in compared.chain(copied::check(reports, &bodies)) {
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
