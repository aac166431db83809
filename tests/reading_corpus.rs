//! The reading corpus of issue 11: complete reports in every format the tool reads and from several
//! PDF producers, made by tests/fixtures/reading/generate.py from a seeded truth model. Beside each
//! file, NAME.truth.json holds every cell as the tool must report it (see the README there).
//!
//! Two tests: `no_value_is_ever_wrong` (a value read differently from the truth fails, whatever
//! else is missed) and `every_cell_and_finding_as_truth` (every cell read, the expected findings
//! present, no other error). Both print the accuracy per format and producer:
//! `cargo test --no-default-features --test reading_corpus -- --nocapture`.

mod common;

use nianbao::model::{CellState, Finding, Report, Severity};
use nianbao::rules::{self, Settings};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TRUTH_SUFFIX: &str = ".truth.json";

fn corpus_dir() -> PathBuf {
    common::fixtures().join("reading/corpus")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/fixtures/reading/corpus exists (run generate.py)")
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.to_string_lossy().ends_with(TRUTH_SUFFIX))
        .collect();
    files.sort();
    files
}

fn truth_path(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap().to_string_lossy();
    file.with_file_name(format!("{stem}{TRUTH_SUFFIX}"))
}

/// What one file gave against its truth.
struct Outcome {
    path: PathBuf,
    group: String,
    /// Cells the report prints readably (truth not null).
    cells: usize,
    right: usize,
    missing: usize,
    /// (a): values read that differ from what the report says.
    wrong: Vec<String>,
    /// (b): every difference from the truth: cells, particulars, findings.
    diffs: Vec<String>,
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn evaluate(path: &Path) -> Outcome {
    let truth = common::read_json(&truth_path(path));
    let group = format!(
        "{} / {}",
        truth["format"].as_str().unwrap_or("?"),
        truth["producer"].as_str().unwrap_or("?")
    );
    let mut out = Outcome {
        path: path.to_path_buf(),
        group,
        cells: 0,
        right: 0,
        missing: 0,
        wrong: Vec::new(),
        diffs: Vec::new(),
    };
    let report = match nianbao::load_path(path) {
        Ok(r) => Some(r),
        Err(e) => {
            out.diffs.push(format!("could not be read: {e}"));
            None
        }
    };
    compare_cells(report.as_ref(), &truth, &mut out);
    if let Some(report) = &report {
        compare_particulars(report, &truth, &mut out.diffs);
        let findings = rules::check(report, &Settings::default());
        compare_findings(report, &findings, &truth, &mut out.diffs);
    }
    out
}

fn compare_cells(report: Option<&Report>, truth: &Value, out: &mut Outcome) {
    for key in nianbao::format::all_keys().to_vec() {
        let want = truth["cells"][&key].as_f64();
        // A cell made unreadable on purpose: its value as printed, for the never-wrong check.
        let hidden = truth["hidden"][&key].as_f64();
        let got = report.and_then(|r| r.value(&key));
        let real = want.or(hidden);
        match (got, real) {
            (Some(g), Some(r)) if !same(g, r) => out.wrong.push(format!("{key}: read {g}, is {r}")),
            (Some(g), None) => out
                .wrong
                .push(format!("{key}: read {g}, the report has no such cell")),
            _ => {}
        }
        if let Some(w) = want {
            out.cells += 1;
            match got {
                Some(g) if same(g, w) => out.right += 1,
                None => out.missing += 1,
                Some(_) => {}
            }
        }
        let ok = match (got, want) {
            (Some(g), Some(w)) => same(g, w),
            (None, None) => true,
            // Unreadable on purpose but deduced or implied right: acceptable.
            (Some(g), None) => hidden.is_some_and(|h| same(g, h)),
            (None, Some(_)) => false,
        };
        if !ok {
            out.diffs.push(format!("{key}: got {got:?}, want {want:?}"));
        }
    }
}

fn compare_particulars(report: &Report, truth: &Value, diffs: &mut Vec<String>) {
    let want = |k: &str| truth[k].as_str().map(str::to_string);
    if report.agency != want("agency") {
        diffs.push(format!("agency {:?} ≠ {}", report.agency, truth["agency"]));
    }
    if report.year.map(i64::from) != truth["year"].as_i64() {
        diffs.push(format!("year {:?} ≠ {}", report.year, truth["year"]));
    }
    if report.published.map(|d| d.iso()) != want("published") {
        diffs.push(format!(
            "published {:?} ≠ {}",
            report.published, truth["published"]
        ));
    }
    if report.format_version.map(|v| v.as_str().to_string()) != want("format_version") {
        diffs.push(format!(
            "format_version {:?} ≠ {}",
            report.format_version, truth["format_version"]
        ));
    }
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn compare_findings(report: &Report, findings: &[Finding], truth: &Value, diffs: &mut Vec<String>) {
    for req in truth["findings"].as_array().into_iter().flatten() {
        let rule = req["rule"].as_str().unwrap_or_default();
        let cells = strings(&req["cells"]);
        let found = findings
            .iter()
            .any(|f| f.rule == rule && cells.iter().all(|c| f.cells.iter().any(|fc| fc == c)));
        if !found {
            let shown: Vec<&str> = cells.iter().take(4).copied().collect();
            let more = if cells.len() > 4 {
                format!(" and {} more", cells.len() - 4)
            } else {
                String::new()
            };
            diffs.push(format!("missing finding {rule} on {shown:?}{more}"));
        }
    }
    // A warning about the report itself (not about how it was read) is a false alarm here: the
    // corpus states its year, period and agency plainly.
    let expected: Vec<&str> = truth["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    for f in findings {
        let reading = ["VALUE_IMPLIED", "VALUE_DEDUCED", "CELL_MISSING"];
        if f.severity == Severity::Warning
            && !expected.iter().any(|e| f.rule == *e)
            && !reading.iter().any(|r| f.rule == *r)
        {
            diffs.push(format!("unexpected warning {:?}: {}", f.rule, f.message));
        }
    }
    let allowed = strings(&truth["no_errors_except"]);
    for f in findings {
        if f.severity == Severity::Error && !allowed.iter().any(|a| f.rule == *a) {
            diffs.push(format!(
                "unexpected error {:?} {:?}: {}",
                f.rule, f.cells, f.message
            ));
        }
    }
    // A cell printed as a number must not be reported as implied, and every blank must be.
    let implied: BTreeSet<&str> = strings(&truth["implied"]).into_iter().collect();
    for key in nianbao::format::all_keys().to_vec() {
        let is_implied = report
            .cell(&key)
            .is_some_and(|c| c.state == CellState::Implied);
        let should = implied.contains(key.as_str());
        let readable = !truth["cells"][&key].is_null();
        // A cell printed readably is read, not worked out from the others.
        if readable
            && report
                .cell(&key)
                .is_some_and(|c| c.state == CellState::Deduced)
        {
            diffs.push(format!("{key}: deduced, though printed"));
        }
        if readable && is_implied != should {
            diffs.push(format!(
                "{key}: {} as implied",
                if should {
                    "not reported"
                } else {
                    "wrongly reported"
                }
            ));
        }
    }
}

fn outcomes() -> &'static [Outcome] {
    static ALL: OnceLock<Vec<Outcome>> = OnceLock::new();
    ALL.get_or_init(|| corpus_files().iter().map(|p| evaluate(p)).collect())
}

fn print_accuracy(all: &[Outcome]) {
    let mut groups: BTreeMap<&str, (usize, usize, usize, usize, usize, usize)> = BTreeMap::new();
    for o in all {
        let g = groups.entry(&o.group).or_default();
        g.0 += 1;
        g.1 += o.cells;
        g.2 += o.right;
        g.3 += o.missing;
        g.4 += o.wrong.len();
        g.5 += usize::from(o.diffs.is_empty());
    }
    println!(
        "{:<28} {:>5} {:>7} {:>7} {:>7} {:>5} {:>9} {:>8}",
        "format / producer", "files", "cells", "right", "missing", "wrong", "accuracy", "files ok"
    );
    let mut total = (0, 0, 0, 0, 0, 0);
    for (name, g) in &groups {
        println!(
            "{:<28} {:>5} {:>7} {:>7} {:>7} {:>5} {:>8.1}% {:>8}",
            name,
            g.0,
            g.1,
            g.2,
            g.3,
            g.4,
            100.0 * g.2 as f64 / g.1.max(1) as f64,
            g.5
        );
        total = (
            total.0 + g.0,
            total.1 + g.1,
            total.2 + g.2,
            total.3 + g.3,
            total.4 + g.4,
            total.5 + g.5,
        );
    }
    println!(
        "{:<28} {:>5} {:>7} {:>7} {:>7} {:>5} {:>8.1}% {:>8}",
        "all",
        total.0,
        total.1,
        total.2,
        total.3,
        total.4,
        100.0 * total.2 as f64 / total.1.max(1) as f64,
        total.5
    );
}

/// Every corpus file has its truth and every truth its file; the corpus spans the formats.
#[test]
fn corpus_is_complete() {
    let files = corpus_files();
    assert!(files.len() >= 50, "only {} corpus files", files.len());
    for f in &files {
        assert!(truth_path(f).exists(), "{} has no truth file", f.display());
    }
    let truths = std::fs::read_dir(corpus_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(TRUTH_SUFFIX));
    for t in truths {
        let name = t.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(TRUTH_SUFFIX);
        assert!(
            files
                .iter()
                .any(|f| f.file_stem().is_some_and(|s| s == stem)),
            "{name} has no corpus file"
        );
    }
    let exts: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for ext in ["txt", "md", "html", "docx", "xlsx", "pdf"] {
        assert!(exts.contains(ext), "no .{ext} in the corpus");
    }
    // The issue asks for PDFs from at least four producers.
    let producers: BTreeSet<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
        .filter_map(|f| {
            common::read_json(&truth_path(f))["producer"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert!(producers.len() >= 4, "PDFs from only {producers:?}");
}

/// (a) Whatever the reader misses, it never reports a value the report does not say.
#[test]
fn no_value_is_ever_wrong() {
    let all = outcomes();
    print_accuracy(all);
    let wrong: Vec<String> = all
        .iter()
        .flat_map(|o| {
            o.wrong
                .iter()
                .map(move |w| format!("{}: {w}", o.path.display()))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} wrong values:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// (b) Every cell as the truth says, the expected findings present, no other error finding.
#[test]
fn every_cell_and_finding_as_truth() {
    let all = outcomes();
    print_accuracy(all);
    let failing: Vec<String> = all
        .iter()
        .filter(|o| !o.diffs.is_empty())
        .map(|o| {
            let shown: Vec<&str> = o.diffs.iter().take(8).map(String::as_str).collect();
            let more = o.diffs.len().saturating_sub(shown.len());
            format!(
                "{} ({} differences{}):\n  {}",
                o.path.display(),
                o.diffs.len(),
                if more > 0 {
                    format!(", {more} not shown")
                } else {
                    String::new()
                },
                shown.join("\n  ")
            )
        })
        .collect();
    assert!(
        failing.is_empty(),
        "{} of {} files differ from their truth:\n{}",
        failing.len(),
        all.len(),
        failing.join("\n")
    );
}
