//! One entry of the report list: a loaded report with what the checks found in it, or a file
//! that could not be read.

use crate::model::{self, CellMark, Finding, Report, Severity};
use std::collections::HashMap;
use std::sync::Arc;

/// Identifies an entry in the list for as long as the app runs (indices shift on removal).
pub type EntryId = u64;

/// One line of the list: a report or a file that could not be read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: EntryId,
    pub item: Item,
}

#[derive(Debug, Clone)]
pub enum Item {
    Report(Box<Loaded>),
    Failed(FailedFile),
}

/// A file that could not be read, listed with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedFile {
    pub file: String,
    pub error: String,
}

/// A loaded report and what the checks found in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Shared so that a background check can take the batch without copying it on the UI
    /// thread; an edit copies only the report it changes, and only while a check holds it.
    pub report: Arc<Report>,
    /// Bumped on every change of this report; the session file caches by it.
    pub revision: u64,
    pub findings: Vec<Finding>,
    /// True once every check (the batch's cross-report ones included) has run on this
    /// revision. Until then the report shows 核查中, never ✓: `findings` may be empty because
    /// nothing has looked yet.
    pub checked: bool,
    pub(super) marks: HashMap<String, CellMark>,
}

impl Loaded {
    pub(super) fn new(report: Report) -> Loaded {
        Loaded {
            report: Arc::new(report),
            revision: 0,
            findings: Vec::new(),
            checked: false,
            marks: HashMap::new(),
        }
    }

    /// The findings of a complete check.
    pub fn set_findings(&mut self, list: Vec<Finding>) {
        self.set_partial_findings(list);
        self.checked = true;
    }

    /// The report's own findings, with the batch's cross-report checks still to come.
    pub fn set_partial_findings(&mut self, mut list: Vec<Finding>) {
        list.sort_by_key(|f| f.severity);
        self.findings = list;
        self.checked = false;
        self.remark();
    }

    /// Recomputes the cell marks: a reviewed finding no longer colours its cells.
    pub fn remark(&mut self) {
        let reviews = &self.report.reviews;
        self.marks = model::cell_marks(&self.findings, |_, f| !reviews.contains_key(&f.key()));
    }

    /// The review of a finding, if the clerk answered it.
    pub fn review(&self, f: &Finding) -> Option<&model::Review> {
        self.report.reviews.get(&f.key())
    }

    /// Open (unreviewed) findings of a severity: what the counts show.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity && self.review(f).is_none())
            .count()
    }
}

impl Entry {
    pub fn loaded(&self) -> Option<&Loaded> {
        match &self.item {
            Item::Report(l) => Some(l),
            Item::Failed(_) => None,
        }
    }

    pub fn loaded_mut(&mut self) -> Option<&mut Loaded> {
        match &mut self.item {
            Item::Report(l) => Some(l),
            Item::Failed(_) => None,
        }
    }

    pub fn failed(&self) -> Option<&FailedFile> {
        match &self.item {
            Item::Failed(f) => Some(f),
            Item::Report(_) => None,
        }
    }

    pub fn file(&self) -> &str {
        match &self.item {
            Item::Report(l) => &l.report.file,
            Item::Failed(f) => &f.file,
        }
    }
}
