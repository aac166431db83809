//! The commands of the collection as a whole: the roster (the units that must report) and their
//! status, and resubmissions. A report loaded later than another of the same body and year
//! replaces it (the old one is kept, marked 已被替换, counted nowhere); a unit that was 已退回整改
//! becomes 已整改. Reports of one drop that share body and year stay duplicates (a PDF and its
//! Word), since neither came after the other.

use super::entry::{EntryId, Loaded};
use super::store::{Resubmission, State};
use crate::export::{UnitView, Units};
use crate::model::{Date, Report};
use crate::roster::{Pin, Roster, Status};
use std::sync::Arc;

impl State {
    /// Marks the reports `added` replaces (see the module's note); `before` is how many entries
    /// there were before them. Returns what was replaced.
    pub(super) fn mark_resubmissions(
        &mut self,
        before: usize,
        added: &[EntryId],
        today: Option<Date>,
    ) -> Vec<Resubmission> {
        let mut found = Vec::new();
        for &new in added {
            let Some(report) = self.report(new).cloned() else {
                continue;
            };
            let earlier: Vec<(EntryId, &Report)> = self.entries[..before]
                .iter()
                .filter_map(|e| e.loaded().map(|l| (e.id, &*l.report)))
                .collect();
            let refs: Vec<&Report> = earlier.iter().map(|(_, r)| *r).collect();
            let Some(k) = crate::versions::resubmission_of(&refs, &report) else {
                continue;
            };
            let old = earlier[k].0;
            if let Some(l) = self.loaded_mut(old) {
                Arc::make_mut(&mut l.report).replaced_by = Some(report.file.clone());
                l.revision += 1;
            }
            found.push(Resubmission { new, old });
        }
        if !found.is_empty() {
            self.revision += 1;
            self.corrected_after_return(&found, today);
            let all: Vec<EntryId> = self.entries.iter().map(|e| e.id).collect();
            self.checks.recheck(&mut self.entries, &all);
        }
        found
    }

    /// A unit sent back (已退回整改) whose corrected version arrived is 已整改 from today.
    fn corrected_after_return(&mut self, found: &[Resubmission], today: Option<Date>) {
        let Some(roster) = self.roster.as_ref() else {
            return;
        };
        let units: Vec<usize> = found
            .iter()
            .filter_map(|r| self.report(r.new))
            .filter_map(|r| r.agency.as_deref())
            .filter_map(|a| {
                roster
                    .units
                    .iter()
                    .position(|u| crate::roster::same_unit(&u.name, a))
            })
            .collect();
        if let Some(roster) = self.roster.as_mut() {
            for u in units {
                if roster.units[u].status == Status::Returned {
                    roster.set_status(u, Status::Corrected, today);
                }
            }
        }
    }

    /// The version a report replaced, if it is a resubmission.
    pub fn replaced_version(&self, id: EntryId) -> Option<EntryId> {
        let file = &self.report(id)?.file;
        self.loaded()
            .find(|(_, l)| l.report.replaced_by.as_ref() == Some(file))
            .map(|(old, _)| old)
    }

    /// Last year's report of the same body, if loaded (not a replaced version).
    pub fn last_year_of(&self, id: EntryId) -> Option<EntryId> {
        let loaded: Vec<(EntryId, &Report)> = self.loaded().map(|(e, l)| (e, &*l.report)).collect();
        let i = loaded.iter().position(|(e, _)| *e == id)?;
        let refs: Vec<&Report> = loaded.iter().map(|(_, r)| *r).collect();
        crate::versions::last_year(&refs, i).map(|j| loaded[j].0)
    }

    /// The clerk says a report is no resubmission: the version it replaced counts again.
    pub fn undo_replacement(&mut self, new: EntryId) {
        let Some(old) = self.replaced_version(new) else {
            return;
        };
        if let Some(l) = self.loaded_mut(old) {
            Arc::make_mut(&mut l.report).replaced_by = None;
            l.revision += 1;
        }
        self.revision += 1;
        let all: Vec<EntryId> = self.entries.iter().map(|e| e.id).collect();
        self.checks.recheck(&mut self.entries, &all);
    }

    /// Sets (or, with `None`, removes) the roster.
    pub fn set_roster(&mut self, roster: Option<Roster>) {
        if self.roster != roster {
            self.roster = roster;
            self.revision += 1;
        }
    }

    /// Sets a unit's status, dated `today`.
    pub fn set_unit_status(&mut self, unit: usize, status: Status, today: Option<Date>) {
        if let Some(r) = self.roster.as_mut() {
            if r.units.get(unit).is_some_and(|u| u.status != status) {
                r.set_status(unit, status, today);
                self.revision += 1;
            }
        }
    }

    /// The clerk's fix of a unit's match (`None`: matched by name again).
    pub fn pin_unit(&mut self, unit: usize, pin: Option<Pin>) {
        if let Some(u) = self.roster.as_mut().and_then(|r| r.units.get_mut(unit)) {
            if u.pin != pin {
                u.pin = pin;
                self.revision += 1;
            }
        }
    }

    /// The units of the collection: the roster's, or each body that reported.
    pub fn units(&self) -> Units {
        let loaded: Vec<&Loaded> = self.loaded().map(|(_, l)| l).collect();
        let reports: Vec<&Report> = loaded.iter().map(|l| &*l.report).collect();
        let findings: Vec<&[crate::model::Finding]> =
            loaded.iter().map(|l| &l.findings[..]).collect();
        crate::export::units(&reports, &findings, self.roster.as_ref())
    }

    /// The entry of a unit's report.
    pub fn unit_entry(&self, unit: &UnitView) -> Option<EntryId> {
        let i = unit.report?;
        self.loaded().nth(i).map(|(id, _)| id)
    }
}
