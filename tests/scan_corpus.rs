//! The scan corpus of issue 27 (tests/fixtures/scans/corpus, made by `make.py --subset`): three of its
//! files checked by the binary, `check --json`, as tests/fixtures/scans/score.py does for
//! the whole corpus. An OCR misread must never pass silently: a value that differs from the
//! report's truth must be named by a CELL_UNCERTAIN finding or by an arithmetic finding.
//!
//! OCR takes seconds a page, so only three files here; score.py scores the rest (and reports cells
//! right, missing and the time per page): `python3 tests/fixtures/scans/score.py --corpus
//! tests/fixtures/scans/corpus`. Needs the OCR models (scripts/fetch-ocr-models.sh; the build runs it).

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// A clean 200 dpi PNG of a 表三 page (c07: blank zeros, misspelt labels), a 表四 page with a
/// red seal over a figure and over the signature (c04: dashes for zeros), and a whole report
/// faxed at 100 dpi whose 表三 row label is cut by the page break (c06: a row read one off).
const FILES: [&str; 3] = [
    "c07_typos-pdf-wkhtmltopdf-00.clean200.png.png",
    "c04_district_dash-pdf-wkhtmltopdf-09.seal.pdf-dct.pdf",
    "c06_street2019_zeros-pdf-libreoffice-01.fax_std.pdf-g4.pdf",
];

const ARITHMETIC: [&str; 4] = [
    "T3_BALANCE",
    "T3_ROW_TOTAL",
    "T3_RESULTS_TOTAL",
    "T4_GROUP_TOTAL",
];

fn check_json(path: &Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--json"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("nianbao check: {e}"));
    let all: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --json of {} gave no JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    all[0].clone()
}

#[test]
fn no_scanned_value_is_wrong_and_unflagged() {
    if let Err(e) = nianbao::read::scan::models::find_dir() {
        panic!("the OCR models are missing ({e:?}): run scripts/fetch-ocr-models.sh");
    }
    let dir = common::fixtures().join("scans/corpus");
    let manifest = common::read_json(&dir.join("manifest.json"));
    let mut unflagged = Vec::new();
    let mut read = 0;
    for name in FILES {
        let entry = manifest["files"]
            .as_array()
            .and_then(|files| files.iter().find(|e| e["file"] == name))
            .unwrap_or_else(|| panic!("{name} is not in the manifest"));
        let truth = common::read_json(&dir.join(entry["truth"].as_str().unwrap_or_default()));
        let out = check_json(&dir.join(name));
        if let Some(error) = out["error"].as_str() {
            // A loaded machine can run past the scan time budget: that is no wrong value.
            assert!(error.contains("超时"), "{name} could not be read: {error}");
            eprintln!("{name}: not read in time on this machine ({error})");
            continue;
        }
        read += 1;
        let mut flagged = BTreeSet::new();
        for f in out["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or_default();
            if rule == "CELL_UNCERTAIN" || ARITHMETIC.contains(&rule) {
                for k in f["cells"].as_array().into_iter().flatten() {
                    flagged.insert(k.as_str().unwrap_or_default().to_string());
                }
            }
        }
        let scored: BTreeSet<&str> = entry["scored_cells"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let (mut right, mut wrong) = (0, 0);
        for (key, got) in out["cells"].as_object().into_iter().flatten() {
            let Some(got) = got.as_f64() else { continue };
            let real = truth["cells"][key]
                .as_f64()
                .or_else(|| truth["hidden"][key].as_f64());
            if real.is_some_and(|r| (r - got).abs() < 1e-9) {
                right += usize::from(scored.contains(key.as_str()));
                continue;
            }
            wrong += 1;
            if !flagged.contains(key) {
                unflagged.push(format!("{name}: {key} read {got}, is {real:?}"));
            }
        }
        eprintln!(
            "{name}: {right} of {} cells right, {wrong} wrong",
            scored.len()
        );
    }
    assert!(read > 0, "no file of the subset was read in time");
    assert!(unflagged.is_empty(), "wrong and unflagged: {unflagged:#?}");
}
