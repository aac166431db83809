//! The session file: every loaded report with its edits, saved after each change and restored on
//! the next start, so that closing, a crash or a kill loses no work.
//!
//! Format: JSON, `{"version": 2, "selected": index|null, "failed": [...], "reports": [{"report":
//! Report}...]}`. Version 1 (the first release) wrote `"original": null` for every unedited cell
//! and listed the cells edited while empty in `"blank_originals"`; it is still read, see
//! [`Restored::upgrade_from_v1`]. Any other version is kept aside with a message.
//! Writing goes through a temporary file and a rename, so the file on disk is always complete.
//! Each report is serialised once per revision and cached: an edit re-serialises only its report,
//! and the file is written on a background thread that skips snapshots already superseded.

use super::state::{EntryId, State};
use crate::model::Report;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub const VERSION: u32 = 2;
/// The oldest session format this version still reads.
const OLDEST_READABLE: u32 = 1;
pub const FILE_NAME: &str = "session.json";
/// Overrides where the session is kept (tests, portable installs).
pub const DATA_DIR_ENV: &str = "NIANBAO_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFailure {
    pub file: String,
    pub error: String,
}

/// What a session file holds once read.
#[derive(Debug, Deserialize)]
pub struct Restored {
    pub version: u32,
    #[serde(default)]
    pub selected: Option<usize>,
    #[serde(default)]
    pub failed: Vec<SavedFailure>,
    #[serde(default)]
    pub reports: Vec<SavedReport>,
}

/// Just the version of a session file, whatever else it holds.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

#[derive(Debug, Deserialize)]
pub struct SavedReport {
    pub report: Report,
    /// Version 1 only: the edited cells whose value before the edit was empty.
    #[serde(default)]
    blank_originals: Vec<String>,
}

impl Restored {
    /// Version 1 wrote `"original": null` both for "not edited" and for "edited, was empty", and
    /// told them apart with `blank_originals`; today `null` means only the latter.
    fn upgrade_from_v1(&mut self) {
        for saved in &mut self.reports {
            for (key, cell) in saved.report.cells.iter_mut() {
                if cell.original == Some(None) && !saved.blank_originals.contains(key) {
                    cell.original = None;
                }
            }
        }
        self.version = VERSION;
    }
}

#[derive(Serialize)]
struct SavedReportRef<'a> {
    report: &'a Report,
}

/// `None` only if serde fails, which a `Report` gives no reason to; such a report is left out
/// rather than making the whole file unreadable.
fn report_json(report: &Report) -> Option<String> {
    serde_json::to_string(&SavedReportRef { report }).ok()
}

/// Where the session lives: `$NIANBAO_DATA_DIR`, else the platform data folder
/// (`%APPDATA%\nianbao`, `~/.local/share/nianbao`, `~/Library/Application Support/nianbao`).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dirs::data_dir().map(|d| d.join("nianbao"))
}

/// Reads the session in `dir`. `Ok(None)` when there is none yet. A file that cannot be read is
/// moved aside (never overwritten: it may hold a day's work) and the error says where it went.
pub fn load(dir: &Path) -> Result<Option<Restored>, String> {
    let path = dir.join(FILE_NAME);
    // Bytes, not a string: a file cut short mid-character is damaged, not unreadable.
    let text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("无法读取上次的工作记录（{e}）")),
    };
    // The version is read on its own first: a file from another version of the app may be laid
    // out differently, and should say so rather than be called damaged.
    let problem = match serde_json::from_slice::<VersionOnly>(&text) {
        Ok(v) if !(OLDEST_READABLE..=VERSION).contains(&v.version) => format!(
            "工作记录的格式版本为 {}，本程序只能读取版本 {OLDEST_READABLE}–{VERSION}{}",
            v.version,
            if v.version > VERSION {
                "（它由更新版本的年报核查保存，请升级本程序）"
            } else {
                ""
            }
        ),
        _ => match serde_json::from_slice::<Restored>(&text) {
            Ok(mut r) => {
                if r.version == 1 {
                    r.upgrade_from_v1();
                }
                return Ok(Some(r));
            }
            Err(e) => format!("工作记录已损坏（{e}）"),
        },
    };
    let aside = dir.join(format!("session-unreadable-{}.json", unix_time()));
    match std::fs::rename(&path, &aside) {
        Ok(()) => Err(format!(
            "{problem}，已另存为 {}，本次从空白开始。",
            aside.display()
        )),
        Err(e) => Err(format!("{problem}，且无法另存（{e}）。")),
    }
}

fn unix_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A complete session, ready to write: pre-serialised pieces.
struct Snapshot {
    head: String,
    reports: Vec<Arc<str>>,
}

impl Snapshot {
    fn to_json(&self) -> String {
        let size = self.head.len() + self.reports.iter().map(|r| r.len() + 1).sum::<usize>() + 4;
        let mut s = String::with_capacity(size);
        s.push_str(&self.head);
        s.push_str(",\"reports\":[");
        for (i, r) in self.reports.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(r);
        }
        s.push_str("]}");
        s
    }
}

/// Keeps the session file up to date from a background thread.
pub struct Autosave {
    dir: PathBuf,
    cache: HashMap<EntryId, (u64, Arc<str>)>,
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
            cache: HashMap::new(),
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
            if let Err(e) = write_atomically(&self.dir, &snapshot.to_json()) {
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
        let mut reports = Vec::with_capacity(state.report_count());
        let mut live = Vec::with_capacity(state.report_count());
        for (id, rev, report) in state.reports_with_revisions() {
            live.push(id);
            let cached = self.cache.get(&id).filter(|(r, _)| *r == rev);
            let json = match cached {
                Some((_, j)) => j.clone(),
                None => {
                    let Some(j) = report_json(report) else {
                        continue;
                    };
                    let j: Arc<str> = j.into();
                    self.cache.insert(id, (rev, j.clone()));
                    j
                }
            };
            reports.push(json);
        }
        self.cache.retain(|id, _| live.contains(id));
        let failed: Vec<SavedFailure> = state
            .failed()
            .iter()
            .map(|f| SavedFailure {
                file: f.file.clone(),
                error: f.error.clone(),
            })
            .collect();
        let selected = state.selected.and_then(|sel| {
            state
                .reports_with_revisions()
                .position(|(id, _, _)| id == sel)
        });
        let head = format!(
            "{{\"version\":{VERSION},\"selected\":{},\"failed\":{}",
            serde_json::to_string(&selected).unwrap_or_else(|_| "null".into()),
            serde_json::to_string(&failed).unwrap_or_else(|_| "[]".into()),
        );
        Snapshot { head, reports }
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
        let result = write_atomically(dir, &snap.to_json()).err();
        if let Ok(mut slot) = last_error.lock() {
            *slot = result;
        }
    }
}

/// Writes `session.json` via a temporary file in the same folder and a rename.
pub fn write_atomically(dir: &Path, json: &str) -> Result<(), String> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, dir.join(FILE_NAME))
    };
    write().map_err(|e| format!("自动保存失败（{e}），修改可能无法在下次启动时恢复"))
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
    let ids = state.add_all(reports, failed);
    if let Some(id) = restored.selected.and_then(|i| ids.get(i)) {
        state.selected = Some(*id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

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
        assert_eq!(again.failed().len(), 1);
        let first = again.reports()[0].cell("T3.new.natural").unwrap();
        assert_eq!(first.value, Some(4.0));
        assert!(first.is_edited(), "the original value is kept");
        assert_eq!(
            again.selected_report().unwrap().agency.as_deref(),
            Some("乙镇")
        );
    }

    #[test]
    fn a_version_1_session_keeps_its_edit_marks() {
        let mut r = report("甲镇");
        r.cells.get_mut("T3.new.natural").unwrap().value = Some(2.0);
        r.set_value("T3.new.natural", Some(4.0));
        r.set_value("T3.new.commercial", Some(1.0)); // was empty
                                                     // Written as version 1 did: `original` on every cell, null unless edited from a number.
        let mut v = serde_json::to_value(&r).unwrap();
        for cell in v["cells"].as_object_mut().unwrap().values_mut() {
            let cell = cell.as_object_mut().unwrap();
            cell.entry("original").or_insert(serde_json::Value::Null);
        }
        let file = serde_json::json!({"version": 1, "selected": 0, "failed": [],
            "reports": [{"report": v, "blank_originals": ["T3.new.commercial"]}]});
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), file.to_string()).unwrap();

        let restored = load(dir.path()).unwrap().unwrap();
        let back = &restored.reports[0].report;
        assert_eq!(
            back.cell("T3.new.natural").unwrap().original,
            Some(Some(2.0))
        );
        assert_eq!(back.cell("T3.new.commercial").unwrap().original, Some(None));
        let edited = back.cells.values().filter(|c| c.is_edited()).count();
        assert_eq!(edited, 2, "unedited cells stay unedited");
    }

    #[test]
    fn an_edit_of_an_empty_cell_survives_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::new();
        let a = state.add_report(report("甲镇"));
        state.edit_cell(a, "T3.new.natural", Some(3.0));
        Autosave::new(dir.path().to_path_buf()).flush(&state);
        let restored = load(dir.path()).unwrap().unwrap();
        let cell = restored.reports[0].report.cell("T3.new.natural").unwrap();
        assert_eq!((cell.value, cell.original), (Some(3.0), Some(None)));
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
        assert!(!dir.path().join("session.json.tmp").exists());
    }

    #[test]
    fn no_file_is_no_session_and_a_bad_file_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().is_none());
        std::fs::write(dir.path().join(FILE_NAME), "{\"version\":99}").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.contains("版本"), "{err}");
        assert!(!dir.path().join(FILE_NAME).exists());
        let kept = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(kept, 1);
        std::fs::write(dir.path().join(FILE_NAME), "{not json").unwrap();
        assert!(load(dir.path()).unwrap_err().contains("损坏"));
        // Cut short in the middle of a character, as a crash while writing could leave it.
        let cut = "{\"version\":2,\"failed\":[{\"file\":\"甲".as_bytes();
        std::fs::write(dir.path().join(FILE_NAME), &cut[..cut.len() - 1]).unwrap();
        assert!(load(dir.path()).unwrap_err().contains("损坏"));
        assert!(!dir.path().join(FILE_NAME).exists(), "moved aside");
    }
}
