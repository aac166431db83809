//! The commands that change a report: a typed or pasted value, the agency, the year, a review
//! of a finding; each is one undo step of the history, and undo/redo replay those steps.
//! Every change bumps the report's revision and queues its re-check.

use super::entry::EntryId;
use super::history::{Change, Edit};
use super::store::State;
use crate::model::{Level, Review};
use std::sync::Arc;

impl State {
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
            crate::edit_value(report, key, *value);
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

    /// The clerk's 层级 for a report (`None`: from its agency's name); undoable.
    pub fn set_level(&mut self, id: EntryId, level: Option<Level>) -> bool {
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let before = l.report.level;
        if before == level {
            return false;
        }
        Arc::make_mut(&mut l.report).level = level;
        self.record(
            id,
            vec![Change::Level {
                before,
                after: level,
            }],
        )
    }

    /// Whether the workbook's totals count a report (`None`: decided by the export); undoable.
    pub fn set_counted(&mut self, id: EntryId, counted: Option<bool>) -> bool {
        let Some(l) = self.loaded_mut(id) else {
            return false;
        };
        let before = l.report.counted;
        if before == counted {
            return false;
        }
        Arc::make_mut(&mut l.report).counted = counted;
        self.record(
            id,
            vec![Change::Counted {
                before,
                after: counted,
            }],
        )
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

    /// Whether the report shown (or, with none shown, any report) has an edit to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo(self.selected)
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo(self.selected)
    }

    /// Reverts the last edit of the report shown (see [`super::history`]) and returns it.
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.history.undo(self.selected)?;
        self.apply(&edit, false);
        Some(edit)
    }

    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.history.redo(self.selected)?;
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
                Change::Level { before, after } => {
                    report.level = if forward { *after } else { *before };
                }
                Change::Counted { before, after } => {
                    report.counted = if forward { *after } else { *before };
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
}

/// Whether a finding key (`RULE|cell,cell`) names `cell`.
fn review_touches(finding: &str, cell: &str) -> bool {
    finding
        .split_once('|')
        .is_some_and(|(_, cells)| cells.split(',').any(|c| c == cell))
}
