//! VALUE_DEDUCED: one finding per table row with deduced cells, saying why.

use crate::format;
use crate::format::TableId;
use crate::model::{Deduction, Finding, Report, Severity};
use crate::rules::names::{num, row_name};
use crate::rules::Rule;
use std::collections::BTreeSet;

/// VALUE_DEDUCED: one warning per row with deduced cells, naming the values and why.
pub fn value_deduced(report: &Report) -> Vec<Finding> {
    let Some(v) = report.format_version else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in TableId::ALL.into_iter().filter(|t| report.has_table(*t)) {
        let defs = format::cells_of(t, v);
        let mut rows: Vec<Vec<&format::CellDef>> = Vec::new();
        for d in defs.iter().filter(|d| report.deduction(&d.key()).is_some()) {
            match rows.last_mut() {
                Some(r) if r[0].row.key == d.row.key => r.push(d),
                _ => rows.push(vec![d]),
            }
        }
        out.extend(rows.iter().map(|r| row_finding(report, r)));
    }
    out
}

pub(super) fn row_finding(report: &Report, row: &[&format::CellDef]) -> Finding {
    let keys: Vec<String> = row.iter().map(|d| d.key()).collect();
    let place = match row[0].table {
        TableId::T4 => format!("表四“{}”", crate::rules::names::group_name(row[0].row)),
        t => format!(
            "{}“{}”行",
            crate::rules::names::table_name(t),
            row_name(row[0].row)
        ),
    };
    let values: Vec<String> = row
        .iter()
        .zip(&keys)
        .map(|(d, k)| {
            format!(
                "{} {}",
                d.column.label,
                report.value(k).map_or("?".into(), num)
            )
        })
        .collect();
    let deductions: Vec<&Deduction> = keys.iter().filter_map(|k| report.deduction(k)).collect();
    let why = zero_row_reason(report, &keys, &deductions).unwrap_or_else(|| {
        let mut reasons: Vec<&str> = Vec::new();
        for d in &deductions {
            if !reasons.contains(&d.reason.as_str()) {
                reasons.push(&d.reason);
            }
        }
        let more = if reasons.len() > 2 { "；等" } else { "" };
        format!("{}{more}", reasons[..reasons.len().min(2)].join("；"))
    });
    let message = format!(
        "{place}有 {} 格未能直接读出，已由表内数字推得（{}）：{why}。如与原文不符，请改正。",
        keys.len(),
        values.join("、"),
    );
    Finding::new(Rule::ValueDeduced, Severity::Warning, message).with_cells(keys)
}

/// `根据表三“（七）总计”行各列为 0 且各项不能为负，推得均为 0`: the common case said once.
pub(super) fn zero_row_reason(
    report: &Report,
    keys: &[String],
    ds: &[&Deduction],
) -> Option<String> {
    let all_zero = keys.iter().all(|k| report.value(k) == Some(0.0));
    let rows: BTreeSet<String> = ds
        .iter()
        .filter(|d| d.from.len() == 1 && d.reason.contains("为 0 且各项不能为负"))
        .filter_map(|d| format::cell_def(&d.from[0]))
        .map(|def| {
            format!(
                "{}“{}”行",
                crate::rules::names::table_name(def.table),
                row_name(def.row)
            )
        })
        .collect();
    let every = ds.len() == keys.len()
        && ds
            .iter()
            .all(|d| d.from.len() == 1 && d.reason.contains("为 0 且各项不能为负"));
    (all_zero && every && rows.len() == 1).then(|| {
        let source = rows.into_iter().next().unwrap_or_default();
        format!("根据{source}相应各列为 0 且各项不能为负，推得均为 0")
    })
}
