//! The checks on the five real seed reports, read through the whole pipeline (`load_path`): each
//! seed raises exactly the findings its truth file names, and none of the sentences that merely
//! look like figures (hotline counts, 未收到…申请 with zero tables) raise a false alarm.

use nianbao::model::{Finding, Report, Severity, Suspect};
use nianbao::rules::{check, Settings};
use std::path::PathBuf;

fn fixture(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

fn load(dir: &str, name: &str) -> Report {
    let path = fixture(dir, name);
    nianbao::load_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn findings(dir: &str, name: &str) -> Vec<Finding> {
    check(&load(dir, name), &Settings::default())
}

fn rules_of(f: &[Finding], severity: Severity) -> Vec<&str> {
    f.iter()
        .filter(|x| x.severity == severity)
        .map(|x| x.rule.id())
        .collect()
}

#[test]
fn seed_000_only_contradicts_its_lawsuits() {
    let f = findings("seeds", "000_12af315242a02ca5.txt");
    assert_eq!(
        rules_of(&f, Severity::Error),
        ["TEXT_TABLE_MISMATCH"],
        "{f:#?}"
    );
    let mismatch = &f[0];
    assert_eq!(mismatch.cells, ["T4.suit_direct.total"]);
    assert!(mismatch.message.contains("行政诉讼·未经复议直接起诉"));
    assert!(f.iter().all(|x| x.rule != "TEXT_SUM"), "{f:#?}");
}

#[test]
fn seeds_001_and_002_are_clean() {
    for name in ["001_49bc154c30d92ca6.txt", "002_81ace5e03e905af0.txt"] {
        let f = findings("seeds", name);
        assert!(f.is_empty(), "{name}: {f:#?}");
    }
}

#[test]
fn seed_003_is_old_format_without_a_year() {
    let f = findings("seeds", "003_c9f06e97d3d2a54f.txt");
    let warnings = rules_of(&f, Severity::Warning);
    assert!(warnings.contains(&"FORMAT_OBSOLETE"), "{f:#?}");
    assert!(warnings.contains(&"YEAR_MISSING"), "{f:#?}");
    // Its lost columns are reported; the hotline sentence (受理 … 146 件，已办结 152 件) is not a
    // contradiction, and nothing else is an error.
    let errors = rules_of(&f, Severity::Error);
    assert!(errors.contains(&"CELL_MISSING"), "{f:#?}");
    assert!(errors.iter().all(|r| *r == "CELL_MISSING"), "{f:#?}");
    assert!(f
        .iter()
        .any(|x| x.rule == "CELL_MISSING" && x.cells.contains(&"T3.granted.total".to_string())));
    // Signed 2024-01-22 by a township: in time.
    assert!(f.iter().all(|x| x.rule != "LATE_PUBLICATION"));
}

#[test]
fn seed_004_lacks_only_the_fee_statement() {
    let f = findings("seeds", "004_59c4f35e6dbc2f18.txt");
    assert_eq!(rules_of(&f, Severity::Error), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(rules_of(&f, Severity::Warning), ["FEE_STATEMENT_MISSING"]);
}

#[test]
fn the_changed_cell_of_seed_000_is_named() {
    let f = findings("mutated", "000_cell_changed.txt");
    let suspect = Some(Suspect {
        cell: "T3.unable_not_held.natural".into(),
        suggested: 2.0,
    });
    for rule in ["T3_ROW_TOTAL", "T3_RESULTS_TOTAL"] {
        let found = f.iter().find(|x| x.rule == rule);
        assert_eq!(
            found.and_then(|x| x.suspect.clone()),
            suspect,
            "{rule}: {f:#?}"
        );
    }
    assert!(f.iter().all(|x| x.rule != "T3_BALANCE"));
}
