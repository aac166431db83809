//! Keeps the session file ([`crate::session`]) up to date: after each change a snapshot is taken
//! on the UI thread (only changed reports are serialised again) and written on a background
//! thread that skips snapshots already superseded.

use crate::session::{self, Entry, Restored, SavedFailure, Snapshot, SnapshotCache};
use crate::ui::state::State;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Overrides where the session is kept (tests, portable installs).
pub const DATA_DIR_ENV: &str = "NIANBAO_DATA_DIR";

/// Where the session lives: `$NIANBAO_DATA_DIR`, else the platform data folder
/// (`%APPDATA%\nianbao`, `~/.local/share/nianbao`, `~/Library/Application Support/nianbao`).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dirs::data_dir().map(|d| d.join("nianbao"))
}

pub struct Autosave {
    dir: PathBuf,
    cache: SnapshotCache,
    saved_revision: Option<u64>,
    tx: Option<Sender<Snapshot>>,
    worker: Option<JoinHandle<()>>,
    last_error: Arc<Mutex<Option<String>>>,
}

impl Autosave {
    pub fn new(dir: PathBuf) -> Autosave {
        let (tx, rx) = mpsc::channel::<Snapshot>();
        let last_error = Arc::new(Mutex::new(None));
        let worker = {
            let dir = dir.clone();
            let last_error = last_error.clone();
            std::thread::Builder::new()
                .name("nianbao-autosave".into())
                .spawn(move || write_loop(&dir, &rx, &last_error))
                .ok()
        };
        Autosave {
            dir,
            cache: SnapshotCache::default(),
            saved_revision: None,
            tx: worker.is_some().then_some(tx),
            worker,
            last_error,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Marks the state as saved as it is (just restored from this very file).
    pub fn mark_saved(&mut self, state: &State) {
        self.saved_revision = Some(state.revision());
    }

    /// Queues a save if the state changed since the last one. Cheap when nothing changed.
    pub fn save_if_changed(&mut self, state: &State) {
        if self.saved_revision == Some(state.revision()) {
            return;
        }
        let snapshot = self.snapshot(state);
        self.saved_revision = Some(state.revision());
        let unsent = match &self.tx {
            Some(tx) => tx.send(snapshot).err().map(|e| e.0),
            None => Some(snapshot),
        };
        // No writer thread: write here rather than not at all.
        if let Some(snapshot) = unsent {
            if let Err(e) = session::write(&self.dir, &snapshot.to_json()) {
                self.set_error(e);
            }
        }
    }

    /// The last write error, if the most recent write failed.
    pub fn error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    fn set_error(&self, e: String) {
        if let Ok(mut slot) = self.last_error.lock() {
            *slot = Some(e);
        }
    }

    /// Saves what is pending and waits for the file to be written (on exit).
    pub fn flush(&mut self, state: &State) {
        self.save_if_changed(state);
        self.tx = None; // closing the channel ends the writer once it has written the last one
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }

    fn snapshot(&mut self, state: &State) -> Snapshot {
        let failed: Vec<SavedFailure> = state
            .failed()
            .map(|(_, f)| SavedFailure {
                file: f.file.clone(),
                error: f.error.clone(),
            })
            .collect();
        let selected = state
            .selected
            .and_then(|sel| state.loaded().position(|(id, _)| id == sel));
        let reports = state.loaded().map(|(id, l)| Entry {
            id,
            revision: l.revision,
            report: &l.report,
        });
        self.cache
            .snapshot(selected, &failed, state.roster.as_ref(), reports)
    }
}

impl Drop for Autosave {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

fn write_loop(dir: &Path, rx: &Receiver<Snapshot>, last_error: &Mutex<Option<String>>) {
    while let Ok(mut snap) = rx.recv() {
        // Only the newest snapshot matters.
        while let Ok(newer) = rx.try_recv() {
            snap = newer;
        }
        let result = session::write(dir, &snap.to_json()).err();
        if let Ok(mut slot) = last_error.lock() {
            *slot = result;
        }
    }
}

/// Puts a restored session into a fresh state.
pub fn restore_into(state: &mut State, restored: Restored) {
    let failed = restored
        .failed
        .into_iter()
        .map(|f| (f.file, f.error))
        .collect();
    let reports = restored
        .reports
        .into_iter()
        .map(|saved| saved.report)
        .collect();
    state.roster = restored.roster;
    let ids = state.add_all(reports, failed);
    if let Some(id) = restored.selected.and_then(|i| ids.get(i)) {
        state.selected = Some(*id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, Report};
    use crate::session::{load, FILE_NAME};

    fn report(name: &str) -> Report {
        let mut r = Report::empty(format!("{name}.txt"), FileKind::Text, "正文".into());
        r.agency = Some(name.into());
        r
    }

    #[test]
    fn a_session_survives_a_round_trip_with_its_edits() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::new();
        let a = state.add_report(report("甲镇"));
        let b = state.add_report(report("乙镇"));
        state.add_all(Vec::new(), vec![("坏.pdf".into(), "已损坏".into())]);
        state.edit_cell(a, "T3.new.natural", Some(4.0));
        state.selected = Some(b);
        let mut save = Autosave::new(dir.path().to_path_buf());
        save.flush(&state);
        assert!(save.error().is_none());

        let restored = load(dir.path()).unwrap().unwrap();
        let mut again = State::new();
        restore_into(&mut again, restored);
        assert_eq!(again.report_count(), 2);
        assert_eq!(again.failed_count(), 1);
        let first = again.reports()[0].cell("T3.new.natural").unwrap().clone();
        assert_eq!(first.value, Some(4.0));
        assert!(first.is_edited(), "the original value is kept");
        assert_eq!(
            again.selected_report().unwrap().agency.as_deref(),
            Some("乙镇")
        );
    }

    #[test]
    fn later_edits_replace_earlier_snapshots() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::new();
        let a = state.add_report(report("甲镇"));
        let mut save = Autosave::new(dir.path().to_path_buf());
        for v in 1..=5 {
            state.edit_cell(a, "T3.new.natural", Some(v as f64));
            save.save_if_changed(&state);
        }
        save.flush(&state);
        let restored = load(dir.path()).unwrap().unwrap();
        assert_eq!(
            restored.reports[0].report.value("T3.new.natural"),
            Some(5.0)
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [FILE_NAME], "no temporary file is left");
    }
}
