//! The undo/redo history of edits. Cells keep their whole before/after state so that undo
//! restores exactly what was read (an implied 0 stays implied, provenance stays).
//!
//! Undo and redo act on one report (the one shown): a clerk who fixed 大河乡 an hour ago and
//! now presses Ctrl+Z in 红寺堡镇 must not see 大河乡 change. Edits of different reports are
//! independent (each changes one report's cells, fields or reviews), so taking one report's
//! latest edit out of the middle of the list is sound.

use super::entry::EntryId;
use crate::model::{Cell, Level, Review};

/// What an edit changed.
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
    /// 层级 set by the clerk (`None`: from the agency's name).
    Level {
        before: Option<Level>,
        after: Option<Level>,
    },
    /// Whether the workbook's totals count the report, as the clerk decided (`None`: automatic).
    Counted {
        before: Option<bool>,
        after: Option<bool>,
    },
    /// A clerk's review of a finding (by [`crate::model::Finding::key`]) set or withdrawn.
    Review {
        finding: String,
        before: Option<Review>,
        after: Option<Review>,
    },
}

/// One undo step: one or more changes to one report (a pasted block is one step).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub report: EntryId,
    pub changes: Vec<Change>,
}

impl Edit {
    /// The first cell key an edit touched, for moving the view to it after undo/redo.
    pub fn cell_key(&self) -> Option<&str> {
        self.changes.iter().find_map(|c| match c {
            Change::Cell { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// A new edit: it can be undone, and what was undone before in its report can no longer
    /// be redone.
    pub fn record(&mut self, edit: Edit) {
        self.redo.retain(|e| e.report != edit.report);
        self.undo.push(edit);
    }

    /// Whether there is an edit to undo: of `report`, or of any report with `None`.
    pub fn can_undo(&self, report: Option<EntryId>) -> bool {
        last_of(&self.undo, report).is_some()
    }

    pub fn can_redo(&self, report: Option<EntryId>) -> bool {
        last_of(&self.redo, report).is_some()
    }

    /// The latest edit of `report` (of any report with `None`) to revert; it moves to the redo
    /// list.
    pub fn undo(&mut self, report: Option<EntryId>) -> Option<Edit> {
        let edit = self.undo.remove(last_of(&self.undo, report)?);
        self.redo.push(edit.clone());
        Some(edit)
    }

    pub fn redo(&mut self, report: Option<EntryId>) -> Option<Edit> {
        let edit = self.redo.remove(last_of(&self.redo, report)?);
        self.undo.push(edit.clone());
        Some(edit)
    }

    /// A removed report's edits leave the history.
    pub fn forget(&mut self, report: EntryId) {
        self.undo.retain(|e| e.report != report);
        self.redo.retain(|e| e.report != report);
    }
}

/// The index of the latest edit of `report` (of any with `None`).
fn last_of(edits: &[Edit], report: Option<EntryId>) -> Option<usize> {
    edits
        .iter()
        .rposition(|e| report.is_none_or(|r| e.report == r))
}
