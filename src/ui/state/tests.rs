use super::list::{duplicates, RowKind, SortKey};
use super::*;
use crate::export::Left;
use crate::format::{self, FormatVersion, TableId};
use crate::model::{CellState, FileKind, Report, Severity};
use crate::rules::{self, Settings};
use std::sync::Arc;

fn report(agency: &str, year: i32) -> Report {
    let mut r = Report::empty(format!("{agency}.txt"), FileKind::Text, String::new());
    r.agency = Some(agency.into());
    r.year = Some(year);
    r.format_version = Some(FormatVersion::V2021);
    r.tables = TableId::ALL.to_vec();
    for d in format::cells_of(TableId::T3, FormatVersion::V2021) {
        let c = r.cells.get_mut(&d.key()).unwrap();
        c.value = Some(0.0);
        c.state = CellState::Read;
    }
    r
}

#[test]
fn an_edit_can_be_undone_and_redone_exactly() {
    let mut s = State::new();
    let key = "T3.new.natural";
    let mut r = report("甲镇", 2023);
    r.cells.get_mut(key).unwrap().state = CellState::Implied;
    let id = s.add_report(r);
    assert!(s.edit_cell(id, key, Some(3.0)));
    assert_eq!(s.report(id).unwrap().value(key), Some(3.0));
    assert!(s.report(id).unwrap().cell(key).unwrap().is_edited());

    let undone = s.undo().unwrap();
    assert_eq!(undone.cell_key(), Some(key));
    let cell = s.report(id).unwrap().cell(key).unwrap();
    assert_eq!((cell.value, cell.state), (Some(0.0), CellState::Implied));
    assert!(!cell.is_edited());

    s.redo().unwrap();
    assert_eq!(s.report(id).unwrap().value(key), Some(3.0));
    assert!(!s.can_redo());
}

#[test]
fn several_cells_change_in_one_undo_step() {
    let mut s = State::new();
    let id = s.add_report(report("甲镇", 2023));
    let values: Vec<(String, Option<f64>)> = ["T3.new.natural", "T3.new.commercial"]
        .iter()
        .map(|k| (k.to_string(), Some(5.0)))
        .collect();
    assert!(s.edit_cells(id, &values));
    s.undo();
    let r = s.report(id).unwrap();
    assert_eq!(r.value("T3.new.natural"), Some(0.0));
    assert_eq!(r.value("T3.new.commercial"), Some(0.0));
    assert!(!s.can_undo());
}

#[test]
fn a_new_edit_clears_redo_and_unchanged_values_are_not_edits() {
    let mut s = State::new();
    let id = s.add_report(report("甲镇", 2023));
    assert!(!s.edit_cell(id, "T3.new.natural", Some(0.0)));
    assert!(s.edit_cell(id, "T3.new.natural", Some(1.0)));
    s.undo();
    assert!(s.can_redo());
    assert!(s.set_agency(id, Some(" 乙镇 ".into())));
    assert!(!s.can_redo());
    assert_eq!(s.report(id).unwrap().agency.as_deref(), Some("乙镇"));
    assert!(!s.set_agency(id, Some("乙镇".into())));
    s.undo();
    assert_eq!(s.report(id).unwrap().agency.as_deref(), Some("甲镇"));
}

#[test]
fn removing_a_report_drops_its_history_and_moves_the_selection() {
    let mut s = State::new();
    let a = s.add_report(report("甲镇", 2023));
    let b = s.add_report(report("乙镇", 2023));
    assert_eq!(s.selected, Some(a));
    s.edit_cell(a, "T3.new.natural", Some(1.0));
    s.remove(a);
    assert!(!s.can_undo());
    assert_eq!(s.selected, Some(b));
    assert_eq!(s.report_count(), 1);
    assert_eq!(s.all_findings().len(), 1);
}

#[test]
fn list_sorts_and_filters() {
    let mut s = State::new();
    let b = s.add_report(report("乙镇", 2023));
    let a = s.add_report(report("甲镇", 2022));
    s.add_all(Vec::new(), vec![("坏.pdf".into(), "文件已损坏".into())]);
    s.sort = SortKey::Loaded;
    let ids: Vec<_> = s.rows().iter().map(|r| r.id).collect();
    assert_eq!(&ids[..2], &[b, a]);
    s.sort = SortKey::Errors;
    assert!(matches!(s.rows()[0].kind, RowKind::Failed { .. }));
    s.filter.search = "甲".into();
    assert_eq!(s.rows().iter().map(|r| r.id).collect::<Vec<_>>(), vec![a]);
    s.filter.search = "坏.PDF".into();
    assert_eq!(s.rows().len(), 1, "file names match too, in any case");
    s.filter.search.clear();
    s.filter.only_errors = true;
    // Failed files stay; reports without errors are hidden unless the checks found some.
    let errors_in = |s: &State, id| s.findings(id).iter().any(|f| f.severity == Severity::Error);
    let expected = 1 + [a, b].iter().filter(|id| errors_in(&s, **id)).count();
    assert_eq!(s.rows().len(), expected);
}

#[test]
fn revision_moves_on_every_change() {
    let mut s = State::new();
    let r0 = s.revision();
    let id = s.add_report(report("甲镇", 2023));
    let r1 = s.revision();
    assert!(r1 > r0);
    s.set_year(id, Some(2024));
    assert!(s.revision() > r1);
    let rev_of = |s: &State| s.loaded().next().unwrap().1.revision;
    let before = rev_of(&s);
    s.undo();
    assert!(rev_of(&s) > before);
}

#[test]
fn large_batches_check_the_edited_report_at_once_and_the_rest_in_the_background() {
    let mut s = State::new();
    s.set_waker(Arc::new(|| {}));
    let reports: Vec<Report> = (0..SYNC_CHECK_LIMIT + 6)
        .map(|i| report(&format!("镇{i}"), 2023))
        .collect();
    let ids = s.add_all(reports, Vec::new());
    let wait = |s: &mut State| {
        let start = std::time::Instant::now();
        while s.is_checking() {
            assert!(start.elapsed().as_secs() < 30);
            std::thread::sleep(std::time::Duration::from_millis(2));
            s.poll_checks();
        }
    };
    wait(&mut s);
    assert!(s.edit_cell(ids[3], "T3.new.natural", Some(4.0)));
    let has_row_total = |s: &State| s.findings(ids[3]).iter().any(|f| f.rule == "T3_ROW_TOTAL");
    assert!(has_row_total(&s), "own checks run at once");
    assert!(s.mark(ids[3], "T3.new.natural").is_some());
    // An edit while the batch runs: its result must not be overwritten by the older run.
    assert!(s.edit_cell(ids[3], "T3.new.natural", Some(0.0)));
    wait(&mut s);
    assert!(!has_row_total(&s));
    let mut expected = rules::check_batch(&s.owned_reports(), &Settings::default());
    for l in &mut expected {
        l.sort_by_key(|f| f.severity);
    }
    assert_eq!(s.all_findings(), expected);
}

#[test]
fn the_clerk_picks_which_duplicate_counts_and_can_change_it() {
    let mut s = State::new();
    let mut a = report("甲镇", 2023);
    a.file = "甲镇.txt".into();
    let mut b = report("甲镇", 2023);
    b.file = "甲镇（更正版）.txt".into();
    // Loaded together (one drop): duplicates, not a resubmission.
    let ids = s.add_all(vec![a, b], Vec::new());
    let (a, b) = (ids[0], ids[1]);
    assert_eq!(s.left_out(a).0, None, "a tie counts the first");
    assert!(matches!(s.left_out(b).0, Some(Left::Duplicate { .. })));
    s.count_instead(b);
    assert_eq!(s.left_out(b).0, None);
    assert!(matches!(s.left_out(a).0, Some(Left::Duplicate { .. })));
    // Back to the first: the clerk's choice of the second is withdrawn.
    s.count_instead(a);
    assert_eq!(s.left_out(a).0, None);
    assert_eq!(s.report(b).unwrap().counted, None);
    assert!(matches!(s.left_out(b).0, Some(Left::Duplicate { .. })));
}

#[test]
fn a_later_load_of_the_same_body_and_year_is_a_resubmission() {
    use crate::roster::{Roster, Status};
    let mut s = State::new();
    let mut roster = Roster::from_names(&["甲镇", "乙乡"]);
    roster.units[0].status = Status::Returned;
    s.set_roster(Some(roster));
    let first = s.add_report(report("甲镇", 2023));
    let mut again = report("甲镇", 2023);
    again.file = "甲镇（整改后）.txt".into();
    let second = s.add_report(again);
    assert_eq!(s.resubmitted.len(), 1);
    assert_eq!(
        s.report(first).unwrap().replaced_by.as_deref(),
        Some("甲镇（整改后）.txt")
    );
    assert_eq!(s.left_out(first).0, Some(Left::Replaced));
    assert_eq!(s.left_out(second).0, None);
    assert_eq!(s.replaced_version(second), Some(first));
    let roster = s.roster.as_ref().unwrap();
    assert_eq!(
        roster.units[0].status,
        Status::Corrected,
        "sent back, now corrected"
    );
    assert!(roster.units[0].since.is_some());
    let units = s.units();
    assert_eq!(
        units.units[0].report,
        Some(1),
        "the unit's report is the new version"
    );
    assert_eq!(units.units[1].status_label(), "未报");
    // Another year is no resubmission.
    let mut last_year = report("甲镇", 2022);
    last_year.file = "甲镇2022.txt".into();
    let third = s.add_report(last_year);
    assert_eq!(s.left_out(third).0, None);
    assert_eq!(
        s.last_year_of(second),
        Some(third),
        "last year's report of the body"
    );
    assert_eq!(s.last_year_of(third), None);
    // The list calls neither version a duplicate; the old one says it was replaced.
    let rows = s.rows();
    assert!(duplicates(&rows).iter().all(|d| !d));
    assert!(rows
        .iter()
        .any(|r| matches!(r.kind, RowKind::Report { replaced: true, .. })));
    // The clerk says it was none: the first version counts again (as a duplicate pair).
    s.undo_replacement(second);
    assert_eq!(s.report(first).unwrap().replaced_by, None);
    assert!(matches!(
        s.left_out(second).0,
        None | Some(Left::Duplicate { .. })
    ));
    let rows = s.rows();
    assert_eq!(
        duplicates(&rows).iter().filter(|d| **d).count(),
        2,
        "now a duplicate pair"
    );
}

/// A report whose 表三 row does not add up: a known error (T3_ROW_TOTAL).
fn report_with_an_error(agency: &str) -> Report {
    let mut r = report(agency, 2023);
    r.cells.get_mut("T3.new.natural").unwrap().value = Some(4.0);
    r
}

fn has_row_total(s: &State, id: EntryId) -> bool {
    s.findings(id).iter().any(|f| f.rule == "T3_ROW_TOTAL")
}

#[test]
fn a_report_listed_after_an_unreadable_file_gets_its_own_findings() {
    let mut s = State::new();
    s.add_all(Vec::new(), vec![("坏.pdf".into(), "已损坏".into())]);
    let clean = s.add_report(report("甲镇", 2023));
    let wrong = s.add_report(report_with_an_error("乙镇"));
    assert!(has_row_total(&s, wrong), "the error is the wrong report's");
    assert!(!has_row_total(&s, clean));
    let badge = |id| {
        s.rows()
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.kind)
            .unwrap()
    };
    assert!(matches!(badge(wrong), RowKind::Report { errors, checked: true, .. } if errors > 0));
}

#[test]
fn a_report_is_not_shown_as_passed_before_its_checks_have_run() {
    let mut s = State::new();
    s.set_waker(Arc::new(|| {}));
    let first: Vec<Report> = (0..SYNC_CHECK_LIMIT + 2)
        .map(|i| report(&format!("镇{i}"), 2023))
        .collect();
    s.add_all(first, Vec::new());
    // More reports arrive while the batch check of the first ones may still run: a real report
    // whose own checks find no error, and one with an error.
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/001_49bc154c30d92ca6.txt");
    let clean = crate::load_path(&seed).unwrap();
    assert!(rules::check(&clean, &Settings::default())
        .iter()
        .all(|f| f.severity != Severity::Error));
    let later = s.add_all(vec![clean, report_with_an_error("乙乡")], Vec::new());
    let row = |s: &State, id| s.rows().into_iter().find(|r| r.id == id).unwrap().kind;
    // Before the batch has run: the report with no own error is 核查中 (not ✓); the one with an
    // error shows it at once.
    let first_row = row(&s, later[0]);
    assert!(
        matches!(
            first_row,
            RowKind::Report {
                errors: 0,
                checked: false,
                ..
            }
        ),
        "{first_row:?}"
    );
    assert!(matches!(row(&s, later[1]), RowKind::Report { errors, .. } if errors > 0));
    let start = std::time::Instant::now();
    while s.is_checking() {
        assert!(start.elapsed().as_secs() < 30);
        std::thread::sleep(std::time::Duration::from_millis(2));
        s.poll_checks();
    }
    assert!(matches!(
        row(&s, later[0]),
        RowKind::Report {
            errors: 0,
            checked: true,
            ..
        }
    ));
    assert!(has_row_total(&s, later[1]));
    assert!(s.loaded().all(|(_, l)| l.checked));
}
