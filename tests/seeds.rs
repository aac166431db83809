//! The five real seed reports, as text and as the DOCX, PDF, XLSX and HTML made from them by
//! tests/fixtures/generate.py, must all read to the hand-written truth with the right findings.

mod common;

use common::*;
use std::path::PathBuf;

fn check_file(path: PathBuf) -> Vec<String> {
    let (report, findings) = load_and_check(&path);
    let truth = truth_for(&stem(&path));
    let mut diffs = compare_with_truth(&report, &truth, None);
    diffs.extend(compare_findings(
        &findings,
        &truth["findings"],
        &truth["no_errors_except"],
    ));
    diffs
        .into_iter()
        .map(|d| format!("{}: {d}", path.display()))
        .collect()
}

fn check_all(dir: &str, ext: &str) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {ext} fixtures in {dir}");
    let diffs: Vec<String> = files.into_iter().flat_map(check_file).collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn seeds_as_text() {
    check_all("seeds", ".txt");
}

#[test]
fn seeds_as_html() {
    check_all("generated", ".html");
}

#[test]
fn seeds_as_docx() {
    check_all("generated", ".docx");
}

#[test]
fn seeds_as_xlsx() {
    check_all("generated", ".xlsx");
}

#[test]
fn seeds_as_pdf() {
    check_all("generated", ".pdf");
}

/// Each mutated copy must raise its injected error on the right cells, and read every other value
/// as its source does.
#[test]
fn mutated_copies_are_caught() {
    let dir = fixtures().join("mutated");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let mut diffs = Vec::new();
    for path in files {
        let expect = read_json(&path.with_extension("expect.json"));
        let truth = truth_for(expect["source"].as_str().unwrap());
        let (report, findings) = load_and_check(&path);
        let mut d = compare_with_truth(&report, &truth, Some(&expect["cells"]));
        d.extend(compare_findings(
            &findings,
            &expect["findings"],
            &expect["no_errors_except"],
        ));
        diffs.extend(d.into_iter().map(|x| format!("{}: {x}", path.display())));
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
