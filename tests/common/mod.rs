//! Shared helpers for the integration tests: loading fixtures and comparing with the hand-written
//! truth in tests/fixtures/truth/.

#![allow(dead_code)]

use nianbao::model::{Finding, Report, Severity};
use nianbao::rules::{self, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The truth file for a fixture: its name up to the first dot.
pub fn truth_for(stem: &str) -> Value {
    read_json(&fixtures().join("truth").join(format!("{stem}.json")))
}

pub fn stem(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    name.split('.').next().unwrap().to_string()
}

/// Stops a test that needs the OCR models, saying how to get them.
pub fn models_or_say_so() {
    if let Err(e) = nianbao::read::scan::models::find_dir() {
        panic!("the OCR models are missing ({e:?}): run scripts/fetch-ocr-models.sh");
    }
}

/// A report read by OCR against the truth of `stem`, 表三 only: asserts that at least 90 % of its
/// cells are right, and says how many were right, wrong and missing.
pub fn assert_t3_mostly_right(report: &Report, stem: &str) {
    let truth = truth_for(stem);
    let cells = truth["cells"].as_object().expect("truth has cells");
    let (mut right, mut wrong, mut missing) = (0, Vec::new(), 0);
    for key in nianbao::format::all_keys()
        .to_vec()
        .into_iter()
        .filter(|k| k.starts_with("T3."))
    {
        let want = cells.get(&key).and_then(Value::as_f64);
        match report.value(&key) {
            got if got == want => right += 1,
            None => missing += 1,
            got => wrong.push(format!("{key}: got {got:?}, want {want:?}")),
        }
    }
    eprintln!(
        "表三: {right} right, {} wrong, {missing} missing",
        wrong.len()
    );
    let total = right + wrong.len() + missing;
    assert!(
        right * 10 >= total * 9,
        "{right} of {total} right; wrong: {wrong:#?}"
    );
}

/// Loads and checks one file.
pub fn load_and_check(path: &Path) -> (Report, Vec<Finding>) {
    let report = nianbao::load_path(path)
        .unwrap_or_else(|e| panic!("{} could not be read: {e}", path.display()));
    let findings = rules::check(&report, &Settings::default());
    (report, findings)
}

/// Compares a report's particulars and every cell with the truth (keys missing from the truth's
/// `cells` must be null); returns the differences, empty when all agree.
pub fn compare_with_truth(
    report: &Report,
    truth: &Value,
    overrides: Option<&Value>,
) -> Vec<String> {
    let mut diffs = Vec::new();
    let expect_str = |k: &str| truth[k].as_str().map(str::to_string);
    if report.agency != expect_str("agency") {
        diffs.push(format!(
            "agency {:?} ≠ {:?}",
            report.agency, truth["agency"]
        ));
    }
    if report.year.map(i64::from) != truth["year"].as_i64() {
        diffs.push(format!("year {:?} ≠ {}", report.year, truth["year"]));
    }
    if report.published.map(|d| d.iso()) != expect_str("published") {
        diffs.push(format!(
            "published {:?} ≠ {}",
            report.published, truth["published"]
        ));
    }
    if report.format_version.map(|v| v.as_str().to_string()) != expect_str("format_version") {
        diffs.push(format!(
            "format_version {:?} ≠ {}",
            report.format_version, truth["format_version"]
        ));
    }
    let cells = truth["cells"].as_object().expect("truth has cells");
    for key in nianbao::format::all_keys().to_vec() {
        let mut want = cells.get(&key).and_then(Value::as_f64);
        if let Some(v) = overrides.and_then(|o| o.get(&key)) {
            want = v.as_f64();
        }
        let got = report.value(&key);
        if got != want {
            diffs.push(format!("{key}: got {got:?}, want {want:?}"));
        }
    }
    diffs
}

/// Checks that each required finding is present (same rule, its cells a subset of the finding's)
/// and that no error-severity finding has a rule outside `allowed`.
pub fn compare_findings(findings: &[Finding], required: &Value, allowed: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    for req in required.as_array().into_iter().flatten() {
        let rule = req["rule"].as_str().unwrap_or_default();
        let cells: Vec<&str> = req["cells"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let found = findings
            .iter()
            .any(|f| f.rule == rule && cells.iter().all(|c| f.cells.iter().any(|fc| fc == c)));
        if !found {
            diffs.push(format!("missing finding {rule} on {cells:?}"));
        }
    }
    let allowed: Vec<&str> = allowed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for f in findings {
        if f.severity == Severity::Error && !allowed.contains(&f.rule.id()) {
            diffs.push(format!(
                "unexpected error {} {:?}: {}",
                f.rule, f.cells, f.message
            ));
        }
    }
    diffs
}

/// A zip of `parts`; a name marked `gbk` is written in GBK without the UTF-8 flag, as Chinese
/// Windows writes it. The zip crate's writer only takes UTF-8 names, so such a name is written
/// as ASCII of the same byte length (which leaves the flag off) and replaced in both headers.
pub fn zip_of(parts: &[(&str, bool, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut raw = Vec::new();
    for (i, (name, gbk, data)) in parts.iter().enumerate() {
        if *gbk {
            let bytes = encoding_rs::GBK.encode(name).0.into_owned();
            let stand_in = format!("{i:0>w$}", w = bytes.len());
            out.start_file(stand_in.clone(), options).unwrap();
            raw.push((stand_in.into_bytes(), bytes));
        } else {
            out.start_file(*name, options).unwrap();
        }
        std::io::Write::write_all(&mut out, data).unwrap();
    }
    let mut bytes = out.finish().unwrap().into_inner();
    for (from, to) in raw {
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if bytes[i..i + from.len()] == from[..] {
                bytes[i..i + from.len()].copy_from_slice(&to);
            }
            i += 1;
        }
    }
    bytes
}
