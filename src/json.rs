//! The `check --json` contract (../shared/spec/report-format.md): one object per input file.
//! Kept apart from the model so the model can grow without changing the public JSON.

use crate::format::{self, ValueKind};
use crate::model::{CellState, Finding, Report};
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
        "sources": sources(report),
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
        "sources": {},
        "findings": [],
        "error": error.to_string(),
    })
}

/// Every key of the contract; integers print as integers, amounts as decimals.
fn cells(report: Option<&Report>) -> Map<String, Value> {
    static KINDS: std::sync::OnceLock<Vec<Option<ValueKind>>> = std::sync::OnceLock::new();
    let keys = format::all_keys();
    let kinds = KINDS.get_or_init(|| {
        keys.iter()
            .map(|key| format::cell_def(key).map(|d| d.column.kind))
            .collect()
    });
    keys.iter()
        .zip(kinds)
        .map(|(key, &kind)| {
            let value = report.and_then(|r| r.value(key));
            (key.clone(), number(value, kind))
        })
        .collect()
}

/// How each cell that has a value got it: `read`, `implied`, `deduced`, `edited`, or `ocr` with
/// the reading's confidence, page and box (in the page image's pixels).
fn sources(report: &Report) -> Map<String, Value> {
    report
        .cells
        .iter()
        .filter(|(_, c)| c.value.is_some())
        .map(|(key, cell)| {
            let source = if cell.is_edited() {
                json!({"how": "edited"})
            } else if let Some(ocr) = report.ocr_reading(key) {
                json!({
                    "how": "ocr",
                    "confidence": (f64::from(ocr.confidence) * 1000.0).round() / 1000.0,
                    "page": ocr.page,
                    "box": ocr.bbox.map(|v| v.round() as i64),
                })
            } else {
                let how = match cell.state {
                    CellState::Implied => "implied",
                    CellState::Deduced => "deduced",
                    _ => "read",
                };
                json!({ "how": how })
            };
            (key.clone(), source)
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
        assert_eq!(v["sources"]["T3.new.natural"]["how"], "read");
        assert!(v["sources"].get("T3.new.total").is_none());
    }

    #[test]
    fn sources_say_how_each_value_came() {
        use crate::model::OcrReading;
        let mut r = Report::empty("a.png", FileKind::Text, String::new());
        let mut set = |key: &str, state: CellState| {
            let cell = r.cells.get_mut(key).unwrap();
            cell.value = Some(1.0);
            cell.state = state;
        };
        set("T3.new.natural", CellState::Read);
        set("T3.new.legal", CellState::Implied);
        set("T3.new.total", CellState::Deduced);
        set("T3.carried_in.total", CellState::Read);
        set("T3.carried_in.natural", CellState::Read);
        r.cells.get_mut("T3.carried_in.natural").unwrap().original = Some(Some(7.0));
        let reading = OcrReading {
            confidence: 0.96875,
            page: 2,
            bbox: [10.4, 20.6, 30.0, 40.0],
            alternatives: vec![7.0],
            unread: false,
            names_row: None,
            guess: None,
        };
        r.ocr.insert("T3.carried_in.total".into(), reading.clone());
        r.ocr.insert("T3.carried_in.natural".into(), reading);
        let v = report_object("a.png", &r, &[]);
        let s = &v["sources"];
        assert_eq!(s["T3.new.natural"]["how"], "read");
        assert_eq!(s["T3.new.legal"]["how"], "implied");
        assert_eq!(s["T3.new.total"]["how"], "deduced");
        assert_eq!(
            s["T3.carried_in.total"].to_string(),
            r#"{"box":[10,21,30,40],"confidence":0.969,"how":"ocr","page":2}"#
        );
        // The clerk's edit replaces the OCR's figure: it is no longer a reading.
        assert_eq!(s["T3.carried_in.natural"]["how"], "edited");
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
