//! The session file: every loaded report with its edits, saved by the app after each change and
//! restored on the next start, so that closing, a crash or a kill loses no work.
//!
//! Format: JSON, `{"version": 2, "selected": index|null, "failed": [...], "roster": Roster|null,
//! "reports": [{"report": Report}...]}` (`roster` came later; a file without it reads as no
//! roster). Version 1 (the first release) wrote `"original": null` for every unedited cell
//! and listed the cells edited while empty in `"blank_originals"`; it is still read, see
//! [`Restored::upgrade_from_v1`]. Any other version is kept aside with a message.
//! Writing goes through [`crate::export::atomic`] (a temporary file and a rename), so the file
//! on disk is always complete. Each report is serialised once per revision and cached
//! ([`SnapshotCache`]): an edit re-serialises only its report.

use crate::model::Report;
use crate::roster::Roster;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub const VERSION: u32 = 2;
/// The oldest session format this version still reads.
const OLDEST_READABLE: u32 = 1;
pub const FILE_NAME: &str = "session.json";

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
    /// The units that must report, with their status (absent before the roster existed).
    #[serde(default)]
    pub roster: Option<Roster>,
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
pub struct Snapshot {
    head: String,
    reports: Vec<Arc<str>>,
}

impl Snapshot {
    pub fn to_json(&self) -> String {
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

/// One report as the session holds it: an id that stays the same while the app runs, and a
/// revision that moves on every change (the cache key).
pub struct Entry<'a> {
    pub id: u64,
    pub revision: u64,
    pub report: &'a Report,
}

/// Serialised reports by id and revision, so that a save re-serialises only what changed.
#[derive(Default)]
pub struct SnapshotCache {
    cache: HashMap<u64, (u64, Arc<str>)>,
}

impl SnapshotCache {
    /// The session of `reports` (in list order), `selected` an index into them.
    pub fn snapshot<'a>(
        &mut self,
        selected: Option<usize>,
        failed: &[SavedFailure],
        roster: Option<&Roster>,
        reports: impl Iterator<Item = Entry<'a>>,
    ) -> Snapshot {
        let mut out = Vec::new();
        let mut live = Vec::new();
        for e in reports {
            live.push(e.id);
            let cached = self.cache.get(&e.id).filter(|(r, _)| *r == e.revision);
            let json = match cached {
                Some((_, j)) => j.clone(),
                None => {
                    let Some(j) = report_json(e.report) else {
                        continue;
                    };
                    let j: Arc<str> = j.into();
                    self.cache.insert(e.id, (e.revision, j.clone()));
                    j
                }
            };
            out.push(json);
        }
        self.cache.retain(|id, _| live.contains(id));
        let head = format!(
            "{{\"version\":{VERSION},\"selected\":{},\"failed\":{},\"roster\":{}",
            serde_json::to_string(&selected).unwrap_or_else(|_| "null".into()),
            serde_json::to_string(failed).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&roster).unwrap_or_else(|_| "null".into()),
        );
        Snapshot { head, reports: out }
    }
}

/// Writes `session.json` in `dir` atomically (the folder is made if needed).
pub fn write(dir: &Path, json: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
    crate::export::atomic::write(&dir.join(FILE_NAME), json.as_bytes())
        .map_err(|e| format!("自动保存失败（{e}），修改可能无法在下次启动时恢复"))?;
    remove_stale_temporaries(dir);
    Ok(())
}

/// A kill in the middle of a save leaves its temporary file behind; the next save of another
/// run removes it (`session.json.tmp` is what versions before 0.2 used).
fn remove_stale_temporaries(dir: &Path) {
    let ours = format!(".{FILE_NAME}.nianbao-{}-", std::process::id());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = name == format!("{FILE_NAME}.tmp")
            || (name.starts_with(&format!(".{FILE_NAME}.nianbao-"))
                && name.ends_with(".tmp")
                && !name.starts_with(&ours));
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
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
    fn a_snapshot_reads_back_and_reuses_unchanged_reports() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = report("甲镇");
        a.set_value_only("T3.new.natural", Some(4.0));
        let b = report("乙镇");
        let failed = [SavedFailure {
            file: "坏.pdf".into(),
            error: "已损坏".into(),
        }];
        let mut cache = SnapshotCache::default();
        let owned = [(1, 0, &a), (2, 0, &b)];
        let mut roster = Roster::from_names(&["甲镇", "丁乡"]);
        roster.set_status(
            0,
            crate::roster::Status::Returned,
            crate::model::Date::new(2024, 2, 3),
        );
        let snap = cache.snapshot(
            Some(1),
            &failed,
            Some(&roster),
            owned.iter().map(|&(id, revision, report)| Entry {
                id,
                revision,
                report,
            }),
        );
        write(dir.path(), &snap.to_json()).unwrap();
        let back = load(dir.path()).unwrap().unwrap();
        assert_eq!((back.reports.len(), back.failed.len()), (2, 1));
        assert_eq!(back.selected, Some(1));
        assert_eq!(
            back.roster.as_ref(),
            Some(&roster),
            "the roster and its statuses"
        );
        let cell = back.reports[0].report.cell("T3.new.natural").unwrap();
        assert_eq!((cell.value, cell.original), (Some(4.0), Some(None)));
        // Same revision: the cached text is used even though the report changed meanwhile.
        let mut changed = a.clone();
        changed.agency = Some("丙镇".into());
        let again = cache.snapshot(
            None,
            &[],
            None,
            [Entry {
                id: 1,
                revision: 0,
                report: &changed,
            }]
            .into_iter(),
        );
        assert!(again.to_json().contains("甲镇"));
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != FILE_NAME)
            .count();
        assert_eq!(leftovers, 0, "no temporary file is left");
    }

    #[test]
    fn a_version_1_session_keeps_its_edit_marks() {
        let mut r = report("甲镇");
        r.cells.get_mut("T3.new.natural").unwrap().value = Some(2.0);
        r.set_value_only("T3.new.natural", Some(4.0));
        r.set_value_only("T3.new.commercial", Some(1.0)); // was empty
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
