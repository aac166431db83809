//! What the 问题清单 says, row by row: the findings of each report grouped by root cause, with
//! the cells named by their address on the town sheet and in words, and the clerk's review.
//!
//! Findings share a row when one fault explains them (see `grouping::Cause`):
//! - several checks name the same likely culprit with the same value that makes them all pass
//!   (Finding::suspect): correcting that one cell clears them all;
//! - one check, run once per row (or per column) of a table, fails on several rows over the same
//!   columns (or on several columns over the same rows): a table with a column missing fails
//!   CELL_MISSING on every row, a shifted row fails T3_BALANCE in every column;
//! - a check without cells repeats its message word for word.
//!
//! Anything else stands alone. The town sheet still lists every finding one by one.

use crate::format::{self, layout, TableId, ValueKind};
use crate::model::file_name;
use crate::model::{Finding, Report, Severity};
use cells::cells_text;
pub use grouping::groups;
use message::{message, review_text};
use std::collections::HashMap;

mod cells;
mod grouping;
mod message;

/// Key → (row, column) of a report sheet's value cells.
pub type Positions = HashMap<String, (u32, u16)>;

/// A number column of a row: one value, several different ones, or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    None,
    Value(f64, ValueKind),
    /// The grouped findings have different numbers; each message states its own.
    Several,
}

/// One row of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index of the report.
    pub report: usize,
    pub agency: String,
    pub year: Option<i32>,
    /// The file's name, without its folder.
    pub file: String,
    /// The worst severity of the grouped findings.
    pub severity: Severity,
    pub table: String,
    /// Address and words, one line per cell (or per table row).
    pub cells: String,
    /// The town-sheet cell the row links to; `None` when no cell is involved.
    pub target: Option<(u32, u16)>,
    /// The rules' Chinese names.
    pub rules: String,
    pub expected: Number,
    pub actual: Number,
    pub message: String,
    pub review: String,
    /// The indices of the grouped findings in the report's list.
    pub findings: Vec<usize>,
}

/// Every row of the sheet, report by report in the order given. `names` are the reports' sheet
/// names (used when an agency is unknown); `positions[i]` where report `i`'s cells are.
pub fn rows(
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
    positions: &[Positions],
) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let empty = Positions::new();
        let at = positions.get(i).unwrap_or(&empty);
        let agency = r.agency.clone().unwrap_or_else(|| names[i].clone());
        for g in groups(&findings[i]) {
            let members: Vec<&Finding> = g.iter().map(|&k| &findings[i][k]).collect();
            let (cells, target) = cells_text(&members, at);
            out.push(Row {
                report: i,
                agency: agency.clone(),
                year: r.year,
                file: file_name(&r.file),
                severity: members
                    .iter()
                    .map(|f| f.severity)
                    .min()
                    .unwrap_or(Severity::Warning),
                table: tables_of(&members),
                cells,
                target,
                rules: rule_names(&members),
                expected: number(&members, |f| f.expected),
                actual: number(&members, |f| f.actual),
                message: message(&members),
                review: review_text(&members, &r.reviews),
                findings: g,
            });
        }
    }
    out
}

/// The tables the findings' cells belong to (`表三`), 正文 for a text check, — otherwise.
fn tables_of(members: &[&Finding]) -> String {
    let mut tables: Vec<TableId> = members
        .iter()
        .flat_map(|f| &f.cells)
        .filter_map(|k| format::cell_def(k).map(|d| d.table))
        .collect();
    tables.sort();
    tables.dedup();
    if tables.is_empty() {
        let text = members.iter().any(|f| f.text_span.is_some());
        return if text { "正文" } else { "—" }.to_string();
    }
    tables
        .iter()
        .map(|t| layout::table_name(*t))
        .collect::<Vec<_>>()
        .join("、")
}

fn rule_names(members: &[&Finding]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for f in members {
        if !names.contains(&f.rule.name()) {
            names.push(f.rule.name());
        }
    }
    names.join("、")
}

/// One number when every grouped finding has the same, [`Number::Several`] when they differ.
fn number(members: &[&Finding], get: impl Fn(&Finding) -> Option<f64>) -> Number {
    let values: Vec<f64> = members.iter().filter_map(|f| get(f)).collect();
    let Some(&first) = values.first() else {
        return Number::None;
    };
    if values.iter().any(|v| *v != first) || values.len() < members.len() {
        return Number::Several;
    }
    let kind = members
        .iter()
        .flat_map(|f| &f.cells)
        .find_map(|k| format::cell_def(k))
        .map(|d| d.column.kind)
        .unwrap_or(ValueKind::Count);
    Number::Value(first, kind)
}

/// Findings the tests of every part group: a balance, a missing row, cells by key.
#[cfg(test)]
mod tests {
    use super::cells::CELLS_SHOWN;
    use super::message::ONE_RULE_SHOWN;
    use super::*;
    pub(super) use crate::model::{FileKind, ReviewStatus, Suspect};
    use crate::rules::Rule;

    pub(super) fn keys(ks: &[&str]) -> Vec<String> {
        ks.iter().map(|k| k.to_string()).collect()
    }

    pub(super) fn balance(col: &str, expected: f64) -> Finding {
        Finding::new(
            Rule::T3Balance,
            Severity::Error,
            format!("表三“{col}”列：第一项加第二项应等于第三项加第四项。请核对。"),
        )
        .with_cells(
            ["new", "carried_in", "results_total", "carried_out"].map(|r| format!("T3.{r}.{col}")),
        )
        .with_numbers(expected, 4.0)
    }

    pub(super) fn missing_row(row: &str) -> Finding {
        Finding::new(
            Rule::CellMissing,
            Severity::Error,
            format!("表三“{row}”行应有 7 个数，只能读到 6 个。原文：{row} 0 0 0"),
        )
        .with_cells(
            [
                "natural",
                "commercial",
                "research",
                "social",
                "legal",
                "other",
            ]
            .map(|c| format!("T3.{row}.{c}")),
        )
    }

    #[test]
    fn a_long_group_names_rows_and_counts_the_rest() {
        let rows_ = [
            "granted",
            "partial",
            "denied_secret",
            "denied_law",
            "denied_safety",
            "unable_unclear",
            "unable_not_held",
        ];
        let fs: Vec<Finding> = rows_.iter().map(|r| missing_row(r)).collect();
        let r = Report::empty("a", FileKind::Text, String::new());
        let at: Positions = fs
            .iter()
            .enumerate()
            .flat_map(|(y, f)| {
                f.cells
                    .iter()
                    .enumerate()
                    .map(move |(x, k)| (k.clone(), (20 + y as u32, 3 + x as u16)))
            })
            .collect();
        let out = rows(&[r], &[fs], &["a".into()], &[at]);
        assert_eq!(out.len(), 1, "one cause, one row");
        let lines: Vec<&str> = out[0].cells.lines().collect();
        assert_eq!(lines.len(), CELLS_SHOWN);
        assert!(lines[0].starts_with("D21:I21 表三 "), "{}", lines[0]);
        assert_eq!(lines[CELLS_SHOWN - 1], "…另有 3 行，共 42 个单元格");
        let m: Vec<&str> = out[0].message.lines().collect();
        assert_eq!(m.len(), ONE_RULE_SHOWN + 1, "{m:?}");
        assert!(m[1].contains("另有 6 处同类问题"), "{m:?}");
        assert_eq!(out[0].expected, Number::None);
    }
}
