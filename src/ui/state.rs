//! What the app holds, apart from how it is drawn: the loaded reports and unreadable files, the
//! selection and list filters, the undo/redo history of edits, and the findings of every report,
//! recomputed after each change. No egui types here, so all of it is testable on its own.

use crate::format::{self, TableId, ValueKind};
use crate::model::{Cell, Finding, Report, Severity};
use crate::rules::{self, Settings};
use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

/// Identifies an entry in the list for as long as the app runs (indices shift on removal).
pub type EntryId = u64;

/// A file that could not be read, listed with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedFile {
    pub id: EntryId,
    pub file: String,
    pub error: String,
}

/// How a cell takes part in the findings of its report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellMark {
    /// The worst severity among the findings naming this cell.
    pub severity: Option<Severity>,
    /// Indices into the report's findings.
    pub findings: Vec<usize>,
    /// Several checks point at this cell as the likely culprit.
    pub suspect: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By agency, then year (file name when the agency is unknown).
    #[default]
    Name,
    /// Most errors first.
    Errors,
    /// In the order the files were loaded.
    Loaded,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Name, SortKey::Errors, SortKey::Loaded];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "按名称",
            SortKey::Errors => "按错误数",
            SortKey::Loaded => "按导入顺序",
        }
    }
}

/// One line of the report list, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub id: EntryId,
    pub title: String,
    pub file: String,
    pub kind: RowKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    Report {
        year: Option<i32>,
        errors: usize,
        warnings: usize,
    },
    Failed {
        error: String,
    },
}

/// What an edit changed. Cells keep their whole before/after state so that undo restores
/// exactly what was read (an implied 0 stays implied, provenance stays).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Cell {
        key: String,
        before: Box<Cell>,
        after: Box<Cell>,
    },
    Agency {
        before: Option<String>,
        after: Option<String>,
    },
    Year {
        before: Option<i32>,
        after: Option<i32>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub report: EntryId,
    pub change: Change,
}

impl Edit {
    /// The cell key an edit touched, for moving the view to it after undo/redo.
    pub fn cell_key(&self) -> Option<&str> {
        match &self.change {
            Change::Cell { key, .. } => Some(key),
            _ => None,
        }
    }
}

#[derive(Default)]
pub struct State {
    // Parallel vectors, one entry per report. Reports are shared (`Arc`) so that a background
    // check can take the batch without copying it on the UI thread; an edit copies only the
    // report it changes, and only while a check still holds it.
    reports: Vec<Arc<Report>>,
    ids: Vec<EntryId>,
    /// Bumped on every change of that report; the session file caches by it.
    report_revisions: Vec<u64>,
    findings: Vec<Vec<Finding>>,
    marks: Vec<HashMap<String, CellMark>>,
    failed: Vec<FailedFile>,
    /// Load order of every entry, reports and failures alike.
    order: Vec<EntryId>,
    pub selected: Option<EntryId>,
    pub sort: SortKey,
    pub only_errors: bool,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    settings: Settings,
    next_id: EntryId,
    /// Bumped on every change that should reach the session file.
    revision: u64,
    /// A full re-check of a large batch running in the background.
    background: Option<Background>,
    /// The state changed while the background check ran: run another when it ends.
    stale: bool,
    wake: Option<Wake>,
}

/// Wakes the UI when background checks finish.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// Up to this many reports every change re-checks the whole batch at once (a few ms; one report
/// takes about 1.5 ms in a release build). Above,
/// the changed report is checked at once and the batch (cross-report rules) in the background,
/// so that an edit among hundreds of reports never stalls a frame.
pub const SYNC_CHECK_LIMIT: usize = 4;

struct Background {
    /// The report ids the results belong to, in order.
    ids: Vec<EntryId>,
    revisions: Vec<u64>,
    rx: Receiver<Vec<Vec<Finding>>>,
}

impl State {
    pub fn new() -> State {
        State::default()
    }

    /// Bumped whenever something worth saving changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty() && self.failed.is_empty()
    }

    pub fn report_count(&self) -> usize {
        self.reports.len()
    }

    pub fn reports(&self) -> &[Arc<Report>] {
        &self.reports
    }

    /// Copies of the reports, for work that needs them owned (the checks, the export).
    pub fn owned_reports(&self) -> Vec<Report> {
        owned(&self.reports)
    }

    /// Findings of every report, in the order of [`State::reports`].
    pub fn all_findings(&self) -> &[Vec<Finding>] {
        &self.findings
    }

    pub fn failed(&self) -> &[FailedFile] {
        &self.failed
    }

    /// Reports with their ids and revisions, for the session file.
    pub fn reports_with_revisions(&self) -> impl Iterator<Item = (EntryId, u64, &Report)> {
        self.ids
            .iter()
            .zip(&self.report_revisions)
            .zip(&self.reports)
            .map(|((id, rev), r)| (*id, *rev, &**r))
    }

    fn new_id(&mut self) -> EntryId {
        self.next_id += 1;
        self.next_id
    }

    /// True when a report or failure with this file name is already listed.
    pub fn contains_file(&self, file: &str) -> bool {
        self.reports.iter().any(|r| r.file == file) || self.failed.iter().any(|f| f.file == file)
    }

    /// Adds reports and failures in one go and checks once.
    pub fn add_all(&mut self, reports: Vec<Report>, failed: Vec<(String, String)>) -> Vec<EntryId> {
        let mut added = Vec::new();
        let first_new = self.reports.len();
        for report in reports {
            let id = self.new_id();
            self.reports.push(Arc::new(report));
            self.ids.push(id);
            self.report_revisions.push(0);
            self.order.push(id);
            added.push(id);
        }
        for (file, error) in failed {
            let id = self.new_id();
            self.failed.push(FailedFile { id, file, error });
            self.order.push(id);
            added.push(id);
        }
        if !added.is_empty() {
            self.revision += 1;
            self.findings.resize_with(self.reports.len(), Vec::new);
            self.marks.resize_with(self.reports.len(), HashMap::new);
            self.recheck((first_new..self.reports.len()).collect());
            if self.selected.is_none() {
                self.selected = self.ids.first().copied().or(added.first().copied());
            }
        }
        added
    }

    pub fn add_report(&mut self, report: Report) -> EntryId {
        self.add_all(vec![report], Vec::new())[0]
    }

    /// Removes one entry; its edits leave the history.
    pub fn remove(&mut self, id: EntryId) {
        if let Some(i) = self.index_of(id) {
            self.reports.remove(i);
            self.ids.remove(i);
            self.report_revisions.remove(i);
            self.findings.remove(i);
            self.marks.remove(i);
            self.recheck(Vec::new());
        }
        self.failed.retain(|f| f.id != id);
        self.order.retain(|o| *o != id);
        self.undo.retain(|e| e.report != id);
        self.redo.retain(|e| e.report != id);
        if self.selected == Some(id) {
            self.selected = self.list().first().map(|r| r.id);
        }
        self.revision += 1;
    }

    pub fn clear(&mut self) {
        let revision = self.revision + 1;
        let (sort, only_errors, next_id) = (self.sort, self.only_errors, self.next_id);
        let wake = self.wake.take();
        *self = State::new();
        self.wake = wake;
        self.sort = sort;
        self.only_errors = only_errors;
        self.next_id = next_id;
        self.revision = revision;
    }

    fn index_of(&self, id: EntryId) -> Option<usize> {
        self.ids.iter().position(|i| *i == id)
    }

    pub fn report(&self, id: EntryId) -> Option<&Report> {
        self.index_of(id).map(|i| &*self.reports[i])
    }

    pub fn failed_file(&self, id: EntryId) -> Option<&FailedFile> {
        self.failed.iter().find(|f| f.id == id)
    }

    pub fn findings(&self, id: EntryId) -> &[Finding] {
        self.index_of(id).map_or(&[], |i| &self.findings[i])
    }

    pub fn mark(&self, id: EntryId, key: &str) -> Option<&CellMark> {
        self.index_of(id).and_then(|i| self.marks[i].get(key))
    }

    pub fn selected_report(&self) -> Option<&Report> {
        self.selected.and_then(|id| self.report(id))
    }

    /// Errors of one table of a report, for the tab badges.
    pub fn errors_in_table(&self, id: EntryId, table: TableId) -> usize {
        let prefix = format!("{}.", table.code());
        self.findings(id)
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| f.cells.iter().any(|c| c.starts_with(&prefix)))
            .count()
    }

    /// The list as shown: filtered and sorted; failed files stay visible under the error filter.
    pub fn list(&self) -> Vec<ListRow> {
        let mut rows: Vec<(usize, ListRow)> = Vec::new();
        for (pos, id) in self.order.iter().enumerate() {
            if let Some(i) = self.index_of(*id) {
                let r = &self.reports[i];
                let errors = count(&self.findings[i], Severity::Error);
                if self.only_errors && errors == 0 {
                    continue;
                }
                rows.push((
                    pos,
                    ListRow {
                        id: *id,
                        title: r.agency.clone().unwrap_or_else(|| file_name(&r.file)),
                        file: r.file.clone(),
                        kind: RowKind::Report {
                            year: r.year,
                            errors,
                            warnings: count(&self.findings[i], Severity::Warning),
                        },
                    },
                ));
            } else if let Some(f) = self.failed_file(*id) {
                rows.push((
                    pos,
                    ListRow {
                        id: f.id,
                        title: file_name(&f.file),
                        file: f.file.clone(),
                        kind: RowKind::Failed {
                            error: f.error.clone(),
                        },
                    },
                ));
            }
        }
        match self.sort {
            SortKey::Loaded => rows.sort_by_key(|(pos, _)| *pos),
            SortKey::Name => rows.sort_by(|(pa, a), (pb, b)| {
                (a.title.as_str(), year_of(a), *pa).cmp(&(b.title.as_str(), year_of(b), *pb))
            }),
            SortKey::Errors => {
                rows.sort_by_key(|(pos, r)| (std::cmp::Reverse(weight(r)), *pos));
            }
        }
        rows.into_iter().map(|(_, r)| r).collect()
    }

    /// Changes a cell as typed by the user; returns false when nothing changed.
    pub fn edit_cell(&mut self, id: EntryId, key: &str, value: Option<f64>) -> bool {
        let Some(i) = self.index_of(id) else {
            return false;
        };
        let Some(before) = self.reports[i].cell(key).cloned().map(Box::new) else {
            return false;
        };
        if before.value == value {
            return false;
        }
        Arc::make_mut(&mut self.reports[i]).set_value(key, value);
        let after = Box::new(self.reports[i].cells[key].clone());
        let change = Change::Cell {
            key: key.to_string(),
            before,
            after,
        };
        self.record(id, change);
        true
    }

    pub fn set_agency(&mut self, id: EntryId, agency: Option<String>) -> bool {
        let agency = agency
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty());
        let Some(i) = self.index_of(id) else {
            return false;
        };
        let before = self.reports[i].agency.clone();
        if before == agency {
            return false;
        }
        Arc::make_mut(&mut self.reports[i]).agency = agency.clone();
        self.record(
            id,
            Change::Agency {
                before,
                after: agency,
            },
        );
        true
    }

    pub fn set_year(&mut self, id: EntryId, year: Option<i32>) -> bool {
        let Some(i) = self.index_of(id) else {
            return false;
        };
        let before = self.reports[i].year;
        if before == year {
            return false;
        }
        Arc::make_mut(&mut self.reports[i]).year = year;
        self.record(
            id,
            Change::Year {
                before,
                after: year,
            },
        );
        true
    }

    fn record(&mut self, id: EntryId, change: Change) {
        self.undo.push(Edit { report: id, change });
        self.redo.clear();
        self.touched(id);
    }

    fn touched(&mut self, id: EntryId) {
        let changed = self.index_of(id);
        if let Some(i) = changed {
            self.report_revisions[i] += 1;
        }
        self.revision += 1;
        self.recheck(changed.into_iter().collect());
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Reverts the last edit and returns it (the view moves to it).
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.undo.pop()?;
        self.apply(&edit, false);
        self.redo.push(edit.clone());
        Some(edit)
    }

    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.redo.pop()?;
        self.apply(&edit, true);
        self.undo.push(edit.clone());
        Some(edit)
    }

    fn apply(&mut self, edit: &Edit, forward: bool) {
        let Some(i) = self.index_of(edit.report) else {
            return;
        };
        let report = Arc::make_mut(&mut self.reports[i]);
        match &edit.change {
            Change::Cell { key, before, after } => {
                let cell = if forward { after } else { before };
                report.cells.insert(key.clone(), (**cell).clone());
            }
            Change::Agency { before, after } => {
                report.agency = if forward { after } else { before }.clone();
            }
            Change::Year { before, after } => {
                report.year = if forward { *after } else { *before };
            }
        }
        self.selected = Some(edit.report);
        self.touched(edit.report);
    }

    /// Re-checks after a change to the reports at `changed` (indices; others may have been
    /// removed). Small batches are checked whole at once; large ones check the changed reports
    /// at once and the whole batch in the background (see [`SYNC_CHECK_LIMIT`]).
    fn recheck(&mut self, changed: Vec<usize>) {
        if self.reports.len() <= SYNC_CHECK_LIMIT || self.wake.is_none() {
            let all = rules::check_batch(&owned(&self.reports), &self.settings);
            self.set_findings((0..self.reports.len()).zip(all));
            return;
        }
        // Own checks of the changed reports now; cross-report findings follow from the batch.
        let own: Vec<(usize, Vec<Finding>)> = changed
            .into_iter()
            .filter_map(|i| Some((i, rules::check(self.reports.get(i)?, &self.settings))))
            .collect();
        self.set_findings(own);
        if self.background.is_some() {
            self.stale = true;
        } else {
            self.start_background();
        }
    }

    fn set_findings(&mut self, findings: impl IntoIterator<Item = (usize, Vec<Finding>)>) {
        for (i, mut list) in findings {
            if i >= self.findings.len() {
                continue;
            }
            list.sort_by_key(|f| f.severity);
            self.marks[i] = marks_of(&list);
            self.findings[i] = list;
        }
    }

    fn start_background(&mut self) {
        let (tx, rx) = mpsc::channel();
        let reports = self.reports.clone(); // the pointers only
        let settings = self.settings.clone();
        let wake = self.wake.clone();
        let spawned = std::thread::Builder::new()
            .name("nianbao-check".into())
            .spawn(move || {
                let all = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    rules::check_batch(&owned(&reports), &settings)
                }));
                if let Ok(all) = all {
                    let _ = tx.send(all);
                }
                if let Some(w) = wake {
                    w();
                }
            });
        if spawned.is_ok() {
            self.background = Some(Background {
                ids: self.ids.clone(),
                revisions: self.report_revisions.clone(),
                rx,
            });
            self.stale = false;
        }
    }

    /// Lets background checks wake the UI; without it every check runs at once.
    pub fn set_waker(&mut self, wake: Wake) {
        self.wake = Some(wake);
    }

    /// True while a background check runs.
    pub fn is_checking(&self) -> bool {
        self.background.is_some()
    }

    /// Takes the result of a finished background check. Results for reports that changed in
    /// the meantime are dropped (their own check is newer) and the batch is checked again.
    pub fn poll_checks(&mut self) {
        let Some(bg) = &self.background else { return };
        let all = match bg.rx.try_recv() {
            Ok(all) => Some(all),
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        let Some(bg) = self.background.take() else {
            return;
        };
        let mut fresh = Vec::new();
        for ((id, rev), list) in bg
            .ids
            .iter()
            .zip(&bg.revisions)
            .zip(all.unwrap_or_default())
        {
            match self.index_of(*id) {
                Some(i) if self.report_revisions[i] == *rev => fresh.push((i, list)),
                _ => self.stale = true,
            }
        }
        self.set_findings(fresh);
        if self.ids != bg.ids {
            self.stale = true;
        }
        if self.stale {
            self.start_background();
        }
    }
}

fn owned(reports: &[Arc<Report>]) -> Vec<Report> {
    reports.iter().map(|r| (**r).clone()).collect()
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn year_of(row: &ListRow) -> Option<i32> {
    match row.kind {
        RowKind::Report { year, .. } => year,
        RowKind::Failed { .. } => None,
    }
}

/// Sort weight for "most errors first": unreadable files count as the worst.
fn weight(row: &ListRow) -> (usize, usize) {
    match row.kind {
        RowKind::Report {
            errors, warnings, ..
        } => (errors, warnings),
        RowKind::Failed { .. } => (usize::MAX, 0),
    }
}

/// The last component of a path, for lists (`/a/b/c.pdf` → `c.pdf`).
pub fn file_name(file: &str) -> String {
    file.rsplit(['/', '\\']).next().unwrap_or(file).to_string()
}

fn marks_of(findings: &[Finding]) -> HashMap<String, CellMark> {
    let mut marks: HashMap<String, CellMark> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        for key in &f.cells {
            let m = marks.entry(key.clone()).or_default();
            m.findings.push(i);
            m.severity = Some(match m.severity {
                Some(s) => s.min(f.severity),
                None => f.severity,
            });
        }
        if let Some(s) = &f.suspect {
            let m = marks.entry(s.cell.clone()).or_default();
            m.suspect = true;
            if !m.findings.contains(&i) {
                m.findings.push(i);
            }
            m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
        }
    }
    marks
}

/// Parses what the user typed into a cell. Empty means "no value". Accepts full-width digits,
/// thousands separators and surrounding spaces, as clerks paste them from Word.
pub fn parse_input(kind: ValueKind, text: &str) -> Result<Option<f64>, String> {
    let cleaned: String = text
        .chars()
        .map(format::fold_width)
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .map(|c| if c == '。' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let v: f64 = cleaned
        .parse()
        .map_err(|_| format!("“{}”不是数字", text.trim()))?;
    if !v.is_finite() {
        return Err(format!("“{}”不是数字", text.trim()));
    }
    match kind {
        ValueKind::Count if v < 0.0 => Err("此栏不能为负数".into()),
        ValueKind::Count | ValueKind::Change if v.fract() != 0.0 => Err("此栏只能填整数".into()),
        ValueKind::Amount if v < 0.0 => Err("金额不能为负数".into()),
        _ => Ok(Some(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatVersion;
    use crate::model::{CellState, FileKind};
    use crate::rules::Rule;

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
        let id = s.add_report(report("甲镇", 2023));
        let key = "T3.new.natural";
        Arc::make_mut(&mut s.reports[0])
            .cells
            .get_mut(key)
            .unwrap()
            .state = CellState::Implied;
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
        let ids: Vec<_> = s.list().iter().map(|r| r.id).collect();
        assert_eq!(&ids[..2], &[b, a]);
        s.sort = SortKey::Errors;
        assert!(matches!(s.list()[0].kind, RowKind::Failed { .. }));
        s.only_errors = true;
        // Failed files stay; reports without errors are hidden unless the checks found some.
        let errors_in =
            |s: &State, id| s.findings(id).iter().any(|f| f.severity == Severity::Error);
        let expected = 1 + [a, b].iter().filter(|id| errors_in(&s, **id)).count();
        assert_eq!(s.list().len(), expected);
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
        let rev_of = |s: &State| s.reports_with_revisions().next().unwrap().1;
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
        assert_eq!(s.all_findings(), expected.as_slice());
    }

    #[test]
    fn marks_collect_findings_and_suspects() {
        let f1 = Finding::new(Rule::T3RowTotal, Severity::Error, "x")
            .with_cells(["A".to_string(), "B".to_string()]);
        let mut f2 =
            Finding::new(Rule::ValueImplied, Severity::Warning, "y").with_cells(["B".into()]);
        f2.suspect = Some(crate::model::Suspect {
            cell: "C".into(),
            suggested: 1.0,
        });
        let m = marks_of(&[f1, f2]);
        assert_eq!(m["B"].findings, vec![0, 1]);
        assert_eq!(m["B"].severity, Some(Severity::Error));
        assert!(m["C"].suspect && !m["A"].suspect);
        assert_eq!(m["C"].severity, Some(Severity::Warning));
    }

    #[test]
    fn input_is_parsed_by_kind() {
        assert_eq!(parse_input(ValueKind::Count, " １２ "), Ok(Some(12.0)));
        assert_eq!(parse_input(ValueKind::Count, "1,200"), Ok(Some(1200.0)));
        assert_eq!(parse_input(ValueKind::Count, ""), Ok(None));
        assert!(parse_input(ValueKind::Count, "1.5").is_err());
        assert!(parse_input(ValueKind::Count, "-1").is_err());
        assert!(parse_input(ValueKind::Count, "abc").is_err());
        assert_eq!(parse_input(ValueKind::Change, "-3"), Ok(Some(-3.0)));
        assert_eq!(parse_input(ValueKind::Amount, "12.35"), Ok(Some(12.35)));
        assert!(parse_input(ValueKind::Amount, "-0.5").is_err());
    }
}
