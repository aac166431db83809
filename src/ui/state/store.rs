//! What the app holds, apart from how it is drawn: the list of entries (loaded reports with
//! their findings, and unreadable files), the selection and list filters, and the undo/redo
//! history. The commands that edit a report and undo/redo live in `edits`, those of the roster
//! and resubmissions in `roster`. No egui types here, so all of it is testable on its own.

use super::checks::{Checks, Wake};
use super::entry::{Entry, EntryId, FailedFile, Item, Loaded};
use super::history::History;
use super::list::{self, Filter, ListRow, SortKey};
use crate::export::Left;
use crate::format::TableId;
use crate::model::{CellMark, Finding, Report, Severity};
use std::sync::Arc;

/// A resubmission found when reports were added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resubmission {
    pub new: EntryId,
    pub old: EntryId,
}

#[derive(Default)]
pub struct State {
    /// In load order.
    pub(super) entries: Vec<Entry>,
    pub selected: Option<EntryId>,
    pub sort: SortKey,
    pub filter: Filter,
    pub(super) history: History,
    pub(super) checks: Checks,
    next_id: EntryId,
    /// Bumped on every change that should reach the session file.
    pub(super) revision: u64,
    /// The units that must report, with their status; `None` until the clerk gives a list.
    pub roster: Option<crate::roster::Roster>,
    /// Resubmissions found since the app last announced them.
    pub resubmitted: Vec<Resubmission>,
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
    /// A report of a body and year already loaded replaces that version (a resubmission).
    pub fn add_all(&mut self, reports: Vec<Report>, failed: Vec<(String, String)>) -> Vec<EntryId> {
        let before = self.entries.len();
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
            let resubmitted = self.mark_resubmissions(before, &added, crate::export::today());
            self.resubmitted.extend(resubmitted);
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
            self.selected = self.rows().first().map(|r| r.id);
        }
        self.revision += 1;
    }

    pub fn clear(&mut self) {
        let revision = self.revision + 1;
        let (sort, filter, next_id) = (self.sort, self.filter.clone(), self.next_id);
        let wake = self.checks.waker();
        // The roster is the county's list of units, not part of the reports: it stays.
        let roster = self.roster.take();
        *self = State::new();
        self.roster = roster;
        if let Some(w) = wake {
            self.checks.set_waker(w);
        }
        self.sort = sort;
        self.filter = filter;
        self.next_id = next_id;
        self.revision = revision;
    }

    /// The list as shown: filtered by [`State::filter`] and sorted by [`State::sort`].
    pub fn rows(&self) -> Vec<ListRow> {
        list::rows(&self.entries, &self.filter, self.sort)
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub(super) fn loaded_mut(&mut self, id: EntryId) -> Option<&mut Loaded> {
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

    /// Why the workbook's totals would leave a report out (`None`: it is counted), as the export
    /// decides it over every report loaded, and the reports it names.
    pub fn left_out(&self, id: EntryId) -> (Option<Left>, Vec<Arc<Report>>) {
        let (left, reports, _) = self.left_out_with_ids(id);
        (left, reports)
    }

    fn left_out_with_ids(&self, id: EntryId) -> (Option<Left>, Vec<Arc<Report>>, Vec<EntryId>) {
        let loaded: Vec<(EntryId, &Loaded)> = self.loaded().collect();
        let reports: Vec<Arc<Report>> = loaded.iter().map(|(_, l)| l.report.clone()).collect();
        let findings: Vec<&[Finding]> = loaded.iter().map(|(_, l)| &l.findings[..]).collect();
        let left = crate::export::counting(&reports, &findings);
        let at = loaded.iter().position(|(i, _)| *i == id);
        let ids = loaded.iter().map(|(i, _)| *i).collect();
        (at.and_then(|k| left[k]), reports, ids)
    }

    /// Counts a duplicate instead of the report counted now: the clerk's earlier choice of that
    /// one is withdrawn, so that this choice takes effect.
    pub fn count_instead(&mut self, id: EntryId) {
        if let (Some(Left::Duplicate { kept }), _, ids) = self.left_out_with_ids(id) {
            if let Some(&other) = ids.get(kept) {
                if self.report(other).is_some_and(|r| r.counted == Some(true)) {
                    self.set_counted(other, None);
                }
            }
        }
        self.set_counted(id, Some(true));
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

    /// The options the checks run with.
    pub fn settings(&self) -> &crate::rules::Settings {
        self.checks.settings()
    }

    /// Changes the checks' options and checks every report again.
    pub fn set_settings(&mut self, settings: crate::rules::Settings) {
        if *self.checks.settings() == settings {
            return;
        }
        self.checks.set_settings(settings);
        let all: Vec<EntryId> = self.entries.iter().map(|e| e.id).collect();
        self.checks.recheck(&mut self.entries, &all);
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
