//! The `check --json` contract (../shared/spec/report-format.md): one object per input file.
//! Kept apart from the model so the model can grow without changing the public JSON.

use crate::format::{self, ValueKind};
use crate::model::{Finding, Report};
use crate::read::ReadError;
use serde_json::{json, Map, Value};

/// The object for a report that was read.
pub fn report_object(file: &str, report: &Report, findings: &[Finding]) -> Value {
    json!({
        "file": file,
        "agency": report.agency,
        "year": report.year,
        "published": report.published.map(|d| d.iso()),
        "format_version": report.format_version.map(|v| v.as_str()),
        "cells": cells(Some(report)),
        "findings": findings.iter().map(finding).collect::<Vec<_>>(),
        "error": null,
    })
}

/// The object for a file that could not be read at all.
pub fn error_object(file: &str, error: &ReadError) -> Value {
    json!({
        "file": file,
        "agency": null,
        "year": null,
        "published": null,
        "format_version": null,
        "cells": cells(None),
        "findings": [],
        "error": error.to_string(),
    })
}

/// Every key of the contract; integers print as integers, amounts as decimals.
fn cells(report: Option<&Report>) -> Map<String, Value> {
    format::all_keys()
        .into_iter()
        .map(|key| {
            let value = report.and_then(|r| r.value(&key));
            let kind = format::cell_def(&key).map(|d| d.column.kind);
            (key, number(value, kind))
        })
        .collect()
}

fn number(v: Option<f64>, kind: Option<ValueKind>) -> Value {
    match v {
        None => Value::Null,
        Some(v) if kind != Some(ValueKind::Amount) && v.fract() == 0.0 && v.abs() < 9.0e15 => {
            json!(v as i64)
        }
        Some(v) => json!(v),
    }
}

fn finding(f: &Finding) -> Value {
    let kind = f
        .cells
        .first()
        .and_then(|k| format::cell_def(k))
        .map(|d| d.column.kind);
    json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "cells": f.cells,
        "expected": number(f.expected, kind),
        "actual": number(f.actual, kind),
        "message": f.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, Severity};
    use crate::rules::Rule;

    #[test]
    fn every_key_is_present_and_integers_stay_integers() {
        let mut r = Report::empty("a.txt", FileKind::Text, String::new());
        r.cells.get_mut("T3.new.natural").unwrap().value = Some(2.0);
        r.cells.get_mut("T2.fees.amount").unwrap().value = Some(0.0);
        let f = Finding::new(Rule::T3Balance, Severity::Error, "x")
            .with_cells(["T3.new.total".to_string()])
            .with_numbers(5.0, 4.0);
        let v = report_object("a.txt", &r, &[f]);
        let cells = v["cells"].as_object().unwrap();
        assert_eq!(cells.len(), format::all_keys().len());
        assert_eq!(cells["T3.new.natural"].to_string(), "2");
        assert_eq!(cells["T2.fees.amount"].to_string(), "0.0");
        assert!(cells["T3.new.total"].is_null());
        assert_eq!(v["findings"][0]["expected"].to_string(), "5");
        assert_eq!(v["findings"][0]["severity"], "error");
        assert!(v["error"].is_null());
    }

    #[test]
    fn unreadable_files_keep_the_shape() {
        let v = error_object("x.png", &ReadError::Unsupported("PNG 图片".into()));
        assert!(v["error"].as_str().unwrap().contains("PNG"));
        assert_eq!(
            v["cells"].as_object().unwrap().len(),
            format::all_keys().len()
        );
    }
}
