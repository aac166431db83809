//! Which cells of a report failed which checks: the findings indexed by cell key, and the notes
//! that explain a cell (failure, hand edit, unreadable value).

use super::style::Mark;
use crate::format::{self, ValueKind};
use crate::model::{self, format_value, Cell, CellState, Finding, Report, Severity};
use crate::rules::Rule;
use std::collections::HashMap;

pub struct CellMarks<'a> {
    by_key: HashMap<String, Vec<&'a Finding>>,
    /// The rules that fired, for marks that are not a cell's (a late date, an old edition).
    rules: Vec<Rule>,
    /// Open errors and warnings: those the clerk has not reviewed.
    pub errors: usize,
    pub warnings: usize,
    /// Findings the clerk answered in the app (已核实无误, 不适用): listed, but neither coloured
    /// nor counted, as in the app.
    pub reviewed: usize,
}

impl<'a> CellMarks<'a> {
    /// Every finding open (no reviews).
    #[cfg(test)]
    pub fn new(findings: &'a [Finding]) -> CellMarks<'a> {
        CellMarks::build(findings, |_| true)
    }

    /// The report's findings with its clerk's reviews taken into account.
    pub fn for_report(report: &Report, findings: &'a [Finding]) -> CellMarks<'a> {
        CellMarks::build(findings, |f| !report.reviews.contains_key(&f.key()))
    }

    fn build(findings: &'a [Finding], open: impl Fn(&Finding) -> bool) -> CellMarks<'a> {
        // The index the app uses too; a note lists the findings that name the cell.
        let by_key = model::cell_marks(findings, |_, f| open(f))
            .into_iter()
            .map(|(key, m)| (key, m.findings.iter().map(|i| &findings[*i]).collect()))
            .collect();
        let count = |s: Severity| {
            findings
                .iter()
                .filter(|f| f.severity == s && open(f))
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        CellMarks {
            by_key,
            rules: findings.iter().map(|f| f.rule).collect(),
            errors,
            warnings,
            reviewed: findings.len() - errors - warnings,
        }
    }

    pub fn fired(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }

    /// 逾期 or 存疑 when a check found the publication date late or implausible.
    pub fn date_flag(&self) -> Option<&'static str> {
        if self.fired(Rule::LatePublication) {
            Some("逾期")
        } else if self.fired(Rule::DateImplausible) {
            Some("存疑")
        } else {
            None
        }
    }

    /// The edition as the summary prints it: `2019（旧版）` when FORMAT_OBSOLETE fired (a 2019
    /// table for a year that needs the 2021 one), marked as a warning.
    pub fn edition(&self, v: Option<crate::format::FormatVersion>) -> (String, Mark) {
        match v {
            Some(v) if self.fired(Rule::FormatObsolete) => {
                (format!("{}（旧版）", v.as_str()), Mark::Warning)
            }
            Some(v) => (v.as_str().to_string(), Mark::None),
            None => ("未识别".to_string(), Mark::None),
        }
    }

    pub fn findings(&self, key: &str) -> &[&'a Finding] {
        self.by_key.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The worst severity among the findings on any of `keys`.
    pub fn mark<S: AsRef<str>>(&self, keys: &[S]) -> Mark {
        keys.iter()
            .flat_map(|k| self.findings(k.as_ref()))
            .map(|f| match f.severity {
                Severity::Error => Mark::Error,
                Severity::Warning => Mark::Warning,
            })
            .max()
            .unwrap_or(Mark::None)
    }

    /// The report-level mark: red with any error, yellow with only warnings.
    pub fn overall(&self) -> Mark {
        if self.errors > 0 {
            Mark::Error
        } else if self.warnings > 0 {
            Mark::Warning
        } else {
            Mark::None
        }
    }

    /// The failures on any of `keys`, one line each: `未通过核查【T3_BALANCE】…`.
    pub fn failure_lines<S: AsRef<str>>(&self, keys: &[S]) -> Vec<String> {
        let mut seen: Vec<*const Finding> = Vec::new();
        let mut lines = Vec::new();
        for f in keys.iter().flat_map(|k| self.findings(k.as_ref())) {
            let ptr = *f as *const Finding;
            if seen.contains(&ptr) {
                continue;
            }
            seen.push(ptr);
            lines.push(failure_line(f));
        }
        lines
    }
}

pub fn failure_line(f: &Finding) -> String {
    let verdict = match f.severity {
        Severity::Error => "未通过核查",
        Severity::Warning => "提醒",
    };
    format!("{verdict}【{}】{}", f.rule.name(), f.message)
}

/// Why a cell has no value, for its note. `None` when it has one.
pub fn unreadable_reason(cell: Option<&Cell>) -> Option<String> {
    let cell = match cell {
        Some(c) if c.value.is_some() => return None,
        Some(c) => c,
        None => return Some("未能读取".to_string()),
    };
    let raw = cell.provenance.raw.trim();
    Some(match cell.state {
        CellState::Invalid if !raw.is_empty() => format!("未能读取：原文“{raw}”不是有效数字"),
        _ if !raw.is_empty() => format!("未能读取（原文“{raw}”）"),
        _ => "未能读取".to_string(),
    })
}

/// The note of a hand-edited cell: what the report said before.
pub fn edited_line(key: &str, cell: &Cell) -> Option<String> {
    let original = cell.original?;
    let kind = format::cell_def(key)
        .map(|d| d.column.kind)
        .unwrap_or(ValueKind::Count);
    Some(match original {
        Some(v) => format!("已人工修改，报告原值：{}", format_value(kind, v)),
        None => "已人工修改，报告原为空（未能读取）".to_string(),
    })
}

/// Everything to say about one cell of a report sheet, or `None` when there is nothing.
pub fn cell_note(report: &Report, key: &str, marks: &CellMarks) -> Option<String> {
    let cell = report.cell(key);
    let mut lines = marks.failure_lines(&[key]);
    if let Some(reason) = unreadable_reason(cell) {
        lines.push(reason);
    }
    if let Some(c) = cell.filter(|c| c.state == CellState::Implied && lines.is_empty()) {
        // Without a VALUE_IMPLIED finding the reader would not know the 0 was not written.
        let raw = c.provenance.raw.trim();
        lines.push(if raw.is_empty() {
            "报告此处为空白，按 0 计".to_string()
        } else {
            format!("报告此处为“{raw}”，按 0 计")
        });
    }
    if let Some(edit) = cell.and_then(|c| edited_line(key, c)) {
        lines.push(edit);
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::Rule;

    #[test]
    fn marks_take_the_worst_severity() {
        let fs = vec![
            Finding::new(Rule::ValueImplied, Severity::Warning, "空白按 0 计")
                .with_cells(["T3.new.natural".to_string()]),
            Finding::new(Rule::T3Balance, Severity::Error, "不平衡")
                .with_cells(["T3.new.natural".to_string(), "T3.new.total".to_string()]),
        ];
        let m = CellMarks::new(&fs);
        assert_eq!(m.mark(&["T3.new.natural"]), Mark::Error);
        assert_eq!(m.mark(&["T3.new.total"]), Mark::Error);
        assert_eq!(m.mark(&["T3.carried_in.total"]), Mark::None);
        assert_eq!((m.errors, m.warnings), (1, 1));
        assert_eq!(m.overall(), Mark::Error);
        let lines = m.failure_lines(&["T3.new.natural", "T3.new.total"]);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].starts_with("未通过核查【表三收支不平衡】"));
    }

    #[test]
    fn notes_explain_missing_and_edited_cells() {
        let mut r = Report::empty("a", FileKind::Text, String::new());
        let k = "T3.new.natural";
        r.cells.get_mut(k).unwrap().state = CellState::Invalid;
        r.cells.get_mut(k).unwrap().provenance.raw = "二".into();
        let m = CellMarks::new(&[]);
        assert_eq!(
            cell_note(&r, k, &m).unwrap(),
            "未能读取：原文“二”不是有效数字"
        );
        r.set_value_only(k, Some(3.0));
        assert_eq!(
            cell_note(&r, k, &m).unwrap(),
            "已人工修改，报告原为空（未能读取）"
        );
        let k2 = "T3.new.total";
        r.cells.get_mut(k2).unwrap().value = Some(2.0);
        r.set_value_only(k2, Some(4.0));
        assert_eq!(cell_note(&r, k2, &m).unwrap(), "已人工修改，报告原值：2");
        r.cells.get_mut("T3.carried_in.total").unwrap().value = Some(1.0);
        assert_eq!(cell_note(&r, "T3.carried_in.total", &m), None);
    }
}
