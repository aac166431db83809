//! What the app holds, apart from how it is drawn: the list of entries (loaded reports with
//! their findings, and unreadable files), the selection and list filters, and the undo/redo
//! history. No egui types here, so all of it is testable on its own.

use super::checks::{Checks, Wake};
pub use super::entry::{Entry, FailedFile, Item, Loaded};
use super::history::{Change, Edit, History};
use super::list::{Filter, SortKey};
use crate::format::TableId;
use crate::model::{CellMark, Finding, Report, Review, Severity};
use std::sync::Arc;

/// Identifies an entry in the list for as long as the app runs (indices shift on removal).
pub type EntryId = u64;

#[derive(Default)]
pub struct State {
    /// In load order.
    entries: Vec<Entry>,
    pub selected: Option<EntryId>,
    pub sort: SortKey,
    pub filter: Filter,
    history: History,
    checks: Checks,
    next_id: EntryId,
    /// Bumped on every change that should reach the session file.
    revision: u64,
}

impl State {
    pub fn new() -> State {
        State::default()
    }

    /// Bumped whenever something worth saving changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn loaded(&self) -> impl Iterator<Item = (EntryId, &Loaded)> {
        self.entries
            .iter()
            .filter_map(|e| e.loaded().map(|l| (e.id, l)))
    }

    pub fn report_count(&self) -> usize {
        self.loaded().count()
    }

    /// The reports in load order (shared: cheap to hand to a background job).
    pub fn reports(&self) -> Vec<Arc<Report>> {
        self.loaded().map(|(_, l)| l.report.clone()).collect()
    }

    /// Copies of the reports, for work that needs them owned (the checks, the export).
    pub fn owned_reports(&self) -> Vec<Report> {
        self.loaded().map(|(_, l)| (*l.report).clone()).collect()
    }

    /// Findings of every report, in the order of [`State::reports`].
    pub fn all_findings(&self) -> Vec<Vec<Finding>> {
        self.loaded().map(|(_, l)| l.findings.clone()).collect()
    }

    pub fn failed(&self) -> impl Iterator<Item = (EntryId, &FailedFile)> {
        self.entries
            .iter()
            .filter_map(|e| e.failed().map(|f| (e.id, f)))
    }

    pub fn failed_count(&self) -> usize {
        self.failed().count()
    }

    /// True when a report or failure with this file name is already listed.
    pub fn contains_file(&self, file: &str) -> bool {
        self.entries.iter().any(|e| e.file() == file)
    }

    /// Adds reports and failures in one go and checks once. Returns the new ids, reports first.
    pub fn add_all(&mut self, reports: Vec<Report>, failed: Vec<(String, String)>) -> Vec<EntryId> {
        let mut added = Vec::new();
        for item in reports
            .into_iter()
            .map(|r| Item::Report(Box::new(Loaded::new(r))))
            .chain(
                failed
                    .into_iter()
                    .map(|(file, error)| Item::Failed(FailedFile { file, error })),
            )
        {
            self.next_id += 1;
            added.push(self.next_id);
            self.entries.push(Entry {
                id: self.next_id,
                item,
            });
        }
        if !added.is_empty() {
            self.revision += 1;
            self.checks.recheck(&mut self.entries, &added);
            if self.selected.is_none() {
                let first_report = self.loaded().next().map(|(id, _)| id);
                self.selected = first_report.or(added.first().copied());
            }
        }
        added
    }

    pub fn add_report(&mut self, report: Report) -> EntryId {
        self.add_all(vec![report], Vec::new())[0]
    }

    /// Removes one entry; its edits leave the history.
    pub fn remove(&mut self, id: EntryId) {
        let was_report = self.entry(id).is_some_and(|e| e.loaded().is_some());
        self.entries.retain(|e| e.id != id);
        if was_report {
            self.checks.recheck(&mut self.entries, &[]);
        }
        self.history.forget(id);
        if self.selected == Some(id) {
            self.selected = super::list::rows(self).first().map(|r| r.id);
        }
        self.revision += 1;
    }

    pub fn clear(&mut self) {
        let revision = self.revision + 1;
        let (sort, filter, next_id) = (self.sort, self.filter.clone(), self.next_id);
        let wake = self.checks.waker();
        *self = State::new();
        if let Some(w) = wake {
            self.checks.set_waker(w);
        }
        self.sort = sort;
        self.filter = filter;
        self.next_id = next_id;
        self.revision = revision;
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    fn loaded_mut(&mut self, id: EntryId) -> Option<&mut Loaded> {
        self.entries
            .iter_mut()
            .find(|e| e.id == id)
            .and_then(Entry::loaded_mut)
    }

    pub fn report(&self, id: EntryId) -> Option<&Report> {
        self.entry(id).and_then(Entry::loaded).map(|l| &*l.report)
    }

    pub fn failed_file(&self, id: EntryId) -> Option<&FailedFile> {
        self.entry(id).and_then(Entry::failed)
    }

    pub fn findings(&self, id: EntryId) -> &[Finding] {
        self.entry(id)
            .and_then(Entry::loaded)
            .map_or(&[], |l| &l.findings)
    }

    pub fn mark(&self, id: EntryId, key: &str) -> Option<&CellMark> {
        self.entry(id)
            .and_then(Entry::loaded)
            .and_then(|l| l.marks.get(key))
    }

    pub fn selected_report(&self) -> Option<&Report> {
        self.selected.and_then(|id| self.report(id))
    }

    /// Errors of one table of a report, for the tab badges.
    pub fn errors_in_table(&self, id: EntryId, table: TableId) -> usize {
        let prefix = format!("{}.", table.code());
        let Some(l) = self.entry(id).and_then(Entry::loaded) else {
            return 0;
        };
        l.findings
            .iter()
            .filter(|f| f.severity == Severity::Error && l.review(f).is_none())
            .filter(|f| f.cells.iter().any(|c| c.starts_with(&prefix)))
            .count()
    }

    /// Changes a cell as typed by the user; returns false when nothing changed.
    pub fn edit_cell(&mut self, id: EntryId, key: &str, value: Option<f64>) -> bool {
        self.edit_cells(id, &[(key.to_string(), value)])
    }

    /// Changes several cells as one undo step (a pasted row); returns false when nothing changed.
    pub fn edit_cells(&mut self, id: EntryId, values: &[(String, Option<f64>)]) -> bool {
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let mut changes = Vec::new();
        for (key, value) in values {
            let Some(before) = l.report.cell(key).cloned() else {
                continue;
            };
            if before.value == *value {
                continue;
            }
            let report = Arc::make_mut(&mut l.report);
            report.set_value(key, *value);
            let Some(after) = report.cell(key).cloned() else {
                continue;
            };
            changes.push(Change::Cell {
                key: key.clone(),
                before: Box::new(before),
                after: Box::new(after),
            });
            // A changed value re-opens the reviews of the findings about it: what was checked
            // is no longer what the table says.
            let touched: Vec<String> = report
                .reviews
                .keys()
                .filter(|k| review_touches(k, key))
                .cloned()
                .collect();
            for finding in touched {
                let before = report.reviews.remove(&finding);
                changes.push(Change::Review {
                    finding,
                    before,
                    after: None,
                });
            }
        }
        self.record(id, changes)
    }

    pub fn set_agency(&mut self, id: EntryId, agency: Option<String>) -> bool {
        let agency = agency
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty());
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let before = l.report.agency.clone();
        if before == agency {
            return false;
        }
        Arc::make_mut(&mut l.report).agency = agency.clone();
        let change = Change::Agency {
            before,
            after: agency,
        };
        self.record(id, vec![change])
    }

    /// Marks a finding (by its key) reviewed, or withdraws the review with `None`; undoable.
    pub fn set_review(&mut self, id: EntryId, finding: &str, review: Option<Review>) -> bool {
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let before = l.report.reviews.get(finding).cloned();
        if before == review {
            return false;
        }
        let reviews = &mut Arc::make_mut(&mut l.report).reviews;
        match &review {
            Some(r) => reviews.insert(finding.to_string(), r.clone()),
            None => reviews.remove(finding),
        };
        let change = Change::Review {
            finding: finding.to_string(),
            before,
            after: review,
        };
        self.record(id, vec![change])
    }

    pub fn set_year(&mut self, id: EntryId, year: Option<i32>) -> bool {
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let before = l.report.year;
        if before == year {
            return false;
        }
        Arc::make_mut(&mut l.report).year = year;
        let change = Change::Year {
            before,
            after: year,
        };
        self.record(id, vec![change])
    }

    fn record(&mut self, id: EntryId, changes: Vec<Change>) -> bool {
        if changes.is_empty() {
            return false;
        }
        self.history.record(Edit {
            report: id,
            changes,
        });
        self.touched(id);
        true
    }

    fn touched(&mut self, id: EntryId) {
        if let Some(l) = self.loaded_mut(id) {
            l.revision += 1;
        }
        self.revision += 1;
        self.checks.recheck(&mut self.entries, &[id]);
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Reverts the last edit and returns it (the view moves to it).
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.history.undo()?;
        self.apply(&edit, false);
        Some(edit)
    }

    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.history.redo()?;
        self.apply(&edit, true);
        Some(edit)
    }

    fn apply(&mut self, edit: &Edit, forward: bool) {
        let Some(l) = self.loaded_mut(edit.report) else {
            return;
        };
        let report = Arc::make_mut(&mut l.report);
        let changes: Box<dyn Iterator<Item = &Change>> = if forward {
            Box::new(edit.changes.iter())
        } else {
            Box::new(edit.changes.iter().rev())
        };
        for change in changes {
            match change {
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
                Change::Review {
                    finding,
                    before,
                    after,
                } => match if forward { after } else { before } {
                    Some(r) => {
                        report.reviews.insert(finding.clone(), r.clone());
                    }
                    None => {
                        report.reviews.remove(finding);
                    }
                },
            }
        }
        self.selected = Some(edit.report);
        self.touched(edit.report);
    }

    /// Lets background checks wake the UI; without it every check runs at once.
    pub fn set_waker(&mut self, wake: Wake) {
        self.checks.set_waker(wake);
    }

    /// True while a background check runs.
    pub fn is_checking(&self) -> bool {
        self.checks.is_running()
    }

    /// Takes the result of a finished background check.
    pub fn poll_checks(&mut self) {
        self.checks.poll(&mut self.entries);
    }
}

/// Whether a finding key (`RULE|cell,cell`) names `cell`.
fn review_touches(finding: &str, cell: &str) -> bool {
    finding
        .split_once('|')
        .is_some_and(|(_, cells)| cells.split(',').any(|c| c == cell))
}

/// The last component of a path, for lists (`/a/b/c.pdf` → `c.pdf`).
pub fn file_name(file: &str) -> String {
    file.rsplit(['/', '\\']).next().unwrap_or(file).to_string()
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
