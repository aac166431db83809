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
    // Its 12 rows printed with 6 numbers for 7 columns are all 0: the （七）总计 row is 0 and no
    // value may be negative. They are deduced, not missing; the hotline sentence (受理 … 146 件，
    // 已办结 152 件) is not a contradiction, and nothing is an error.
    assert_eq!(rules_of(&f, Severity::Error), Vec::<&str>::new(), "{f:#?}");
    let deduced: Vec<&Finding> = f.iter().filter(|x| x.rule == "VALUE_DEDUCED").collect();
    assert_eq!(deduced.len(), 12, "{f:#?}");
    let granted = deduced
        .iter()
        .find(|x| x.cells.contains(&"T3.granted.total".to_string()))
        .expect("予以公开 deduced");
    assert_eq!(granted.cells.len(), 7);
    assert!(
        granted
            .message
            .contains("根据表三“（七）总计”行相应各列为 0 且各项不能为负，推得均为 0"),
        "{}",
        granted.message
    );
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

/// The checks added for issue 16 find nothing on the five real seeds: none of them misnumbers
/// its headings, states another year's period, writes a unit into a cell or a share, and
/// every figure their text states agrees with their tables (seed 000's denied lawsuits aside).
#[test]
fn the_newer_checks_raise_no_false_alarm_on_the_seeds() {
    let newer = [
        "ROLL_FORWARD_MISMATCH",
        "UNIT_MISMATCH",
        "PERIOD_MISMATCH",
        "DATE_IMPLAUSIBLE",
        "HEADING_MISNUMBERED",
        "TEXT_COPIED",
        "SECTION_EMPTY",
    ];
    let names = [
        "000_12af315242a02ca5.txt",
        "001_49bc154c30d92ca6.txt",
        "002_81ace5e03e905af0.txt",
        "003_c9f06e97d3d2a54f.txt",
        "004_59c4f35e6dbc2f18.txt",
    ];
    let reports: Vec<Report> = names.iter().map(|n| load("seeds", n)).collect();
    let all = nianbao::rules::check_batch(&reports, &Settings::default());
    for (name, f) in names.iter().zip(&all) {
        let raised: Vec<&Finding> = f
            .iter()
            .filter(|x| newer.iter().any(|r| x.rule == *r))
            .collect();
        assert!(raised.is_empty(), "{name}: {raised:#?}");
        let mismatches = f.iter().filter(|x| x.rule == "TEXT_TABLE_MISMATCH").count();
        assert_eq!(
            mismatches,
            usize::from(name.starts_with("000")),
            "{name}: {f:#?}"
        );
    }
}

/// Reading findings are checks like any other: typing the value of a cell the reader could not
/// place clears its CELL_MISSING, and what that value determines is deduced in turn.
#[test]
fn an_edit_that_fills_a_missing_cell_clears_cell_missing() {
    let mut r = load("mutated", "000_two_unknowns.txt");
    let missing = |r: &Report| -> Vec<String> {
        check(r, &Settings::default())
            .into_iter()
            .filter(|f| f.rule == "CELL_MISSING")
            .flat_map(|f| f.cells)
            .collect()
    };
    assert_eq!(
        missing(&r),
        [
            "T3.granted.natural",
            "T3.granted.total",
            "T3.unable_not_held.natural",
            "T3.unable_not_held.total"
        ]
    );
    // The clerk reads 0 for 予以公开·自然人 in the original: the rest follows from the totals.
    nianbao::edit_value(&mut r, "T3.granted.natural", Some(0.0));
    assert!(missing(&r).is_empty(), "{:?}", missing(&r));
    assert_eq!(r.value("T3.unable_not_held.natural"), Some(2.0));
    assert_eq!(r.value("T3.granted.total"), Some(0.0));
    let f = check(&r, &Settings::default());
    assert_eq!(
        rules_of(&f, Severity::Error),
        ["TEXT_TABLE_MISMATCH"],
        "{f:#?}"
    );
    assert!(f.iter().any(|x| x.rule == "VALUE_DEDUCED"
        && x.cells.contains(&"T3.unable_not_held.natural".to_string())));
    // Undone, the cells are open again.
    nianbao::edit_value(&mut r, "T3.granted.natural", None);
    assert_eq!(missing(&r).len(), 4);
}
