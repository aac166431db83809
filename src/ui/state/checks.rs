//! Running the checks after every change. Up to [`SYNC_CHECK_LIMIT`] reports the whole batch is
//! checked at once (a few ms; one report takes about 1.5 ms in a release build). Above, the
//! changed report is checked at once and the batch (cross-report rules) on a background thread,
//! so that an edit among hundreds of reports never stalls a frame.

use super::entry::{Entry, EntryId, Loaded};
use crate::model::{Finding, Report};
use crate::rules::{self, Settings};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

/// Wakes the UI when background work finishes.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

pub const SYNC_CHECK_LIMIT: usize = 4;

#[derive(Default)]
pub struct Checks {
    settings: Settings,
    /// A full re-check of a large batch running in the background.
    background: Option<Background>,
    /// The reports changed while the background check ran: run another when it ends.
    stale: bool,
    wake: Option<Wake>,
}

struct Background {
    /// The report ids the results belong to, in order, with their revisions then.
    ids: Vec<(EntryId, u64)>,
    rx: Receiver<Vec<Vec<Finding>>>,
}

fn loaded(entries: &[Entry]) -> impl Iterator<Item = (EntryId, &Loaded)> {
    entries.iter().filter_map(|e| e.loaded().map(|l| (e.id, l)))
}

fn owned(reports: &[Arc<Report>]) -> Vec<Report> {
    reports.iter().map(|r| (**r).clone()).collect()
}

impl Checks {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// New options for the checks (deadlines); the caller re-checks.
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    /// Lets background checks wake the UI; without it every check runs at once.
    pub fn set_waker(&mut self, wake: Wake) {
        self.wake = Some(wake);
    }

    pub fn waker(&self) -> Option<Wake> {
        self.wake.clone()
    }

    pub fn is_running(&self) -> bool {
        self.background.is_some()
    }

    /// Re-checks after `changed` reports changed (others may have been added or removed).
    pub fn recheck(&mut self, entries: &mut [Entry], changed: &[EntryId]) {
        let reports: Vec<Arc<Report>> = loaded(entries).map(|(_, l)| l.report.clone()).collect();
        if reports.len() <= SYNC_CHECK_LIMIT || self.wake.is_none() {
            self.check_now(entries, &reports);
            return;
        }
        // Own checks of the changed reports now; cross-report findings follow from the batch.
        for e in entries.iter_mut().filter(|e| changed.contains(&e.id)) {
            if let Some(l) = e.loaded_mut() {
                let list = rules::check(&l.report, &self.settings);
                l.set_partial_findings(list);
            }
        }
        if self.background.is_some() {
            self.stale = true;
        } else {
            self.start_background(entries);
        }
    }

    /// Checks the batch here and now. The lists come in the order of the loaded reports, so
    /// they are handed out over the loaded entries only: an unreadable file among them has no
    /// list, and must not take the next report's (which would then show another's findings, or
    /// none at all).
    fn check_now(&self, entries: &mut [Entry], reports: &[Arc<Report>]) {
        let all = rules::check_batch(&owned(reports), &self.settings);
        for (l, list) in entries.iter_mut().filter_map(Entry::loaded_mut).zip(all) {
            l.set_findings(list);
        }
    }

    fn start_background(&mut self, entries: &mut [Entry]) {
        let (tx, rx) = mpsc::channel();
        let ids: Vec<(EntryId, u64)> = loaded(entries).map(|(id, l)| (id, l.revision)).collect();
        let reports: Vec<Arc<Report>> = loaded(entries).map(|(_, l)| l.report.clone()).collect();
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
            self.background = Some(Background { ids, rx });
            self.stale = false;
        } else {
            // No thread: check here rather than leave the reports 核查中 for good.
            let reports: Vec<Arc<Report>> =
                loaded(entries).map(|(_, l)| l.report.clone()).collect();
            self.check_now(entries, &reports);
            self.stale = false;
        }
    }

    /// Takes the result of a finished background check. Results for reports that changed in
    /// the meantime are dropped (their own check is newer) and the batch is checked again.
    pub fn poll(&mut self, entries: &mut [Entry]) {
        let Some(bg) = &self.background else { return };
        let all = match bg.rx.try_recv() {
            Ok(all) => Some(all),
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        let Some(bg) = self.background.take() else {
            return;
        };
        let now: Vec<(EntryId, u64)> = loaded(entries).map(|(id, l)| (id, l.revision)).collect();
        if now != bg.ids {
            self.stale = true;
        }
        for ((id, rev), list) in bg.ids.iter().zip(all.unwrap_or_default()) {
            let entry = entries.iter_mut().find(|e| e.id == *id);
            match entry.and_then(|e| e.loaded_mut()) {
                Some(l) if l.revision == *rev => l.set_findings(list),
                _ => self.stale = true,
            }
        }
        if self.stale {
            self.start_background(entries);
        }
    }
}
