//! The background work of the app, polled in one place each frame: reading files ([`Loader`]),
//! writing the workbook ([`ExportJob`]), saving the session ([`Autosave`]) and the background
//! checks (inside [`State`]). What finished comes back as [`Notice`]s for the status line.

use super::autosave::Autosave;
use super::export::{ExportJob, Output, Written};
use super::loader::{Loader, Outcome, Source, Wake};
use super::notice::Notice;
use super::roster_read::RosterLoad;
use crate::model::Report;
use crate::ui::state::{EntryId, State};
use std::path::PathBuf;

/// Counts for the message shown when a load finishes.
#[derive(Default)]
struct LoadTally {
    loaded: usize,
    failed: usize,
    skipped: usize,
    /// Workbooks this program exported, left out.
    own_workbooks: usize,
    /// Reports that replaced a version loaded before (resubmissions).
    resubmitted: usize,
    /// Why pasted text was not taken as a report.
    paste_rejected: Option<String>,
    /// A load is under way; announce the result when it ends.
    active: bool,
    /// Select the first report of the load when it arrives.
    pick: bool,
}

#[derive(Default)]
pub struct Jobs {
    pub loader: Loader,
    tally: LoadTally,
    pub export: Option<ExportJob>,
    pub last_export: Option<Result<PathBuf, String>>,
    /// The folder the last notices went to, or why they could not be written.
    pub last_notices: Option<Result<PathBuf, String>>,
    pub autosave: Option<Autosave>,
    /// A roster file being read.
    pub roster: Option<RosterLoad>,
    /// What an export just wrote, offered to be opened until the clerk closes the offer.
    pub written: Option<Written>,
}

impl Jobs {
    pub fn is_busy(&self, state: &State) -> bool {
        self.loader.is_busy()
            || self.export.is_some()
            || self.roster.is_some()
            || state.is_checking()
    }

    /// Starts reading `sources`; a load that starts while none runs is announced when it ends.
    pub fn open(&mut self, sources: Vec<Source>, wake: Wake) {
        if sources.is_empty() {
            return;
        }
        if !self.loader.is_busy() {
            self.tally = LoadTally {
                active: true,
                pick: true,
                ..LoadTally::default()
            };
        }
        self.loader.start(sources, wake);
    }

    /// Takes in whatever finished since the last frame, and saves the session if it changed.
    pub fn poll(&mut self, state: &mut State) -> Option<Notice> {
        state.poll_checks();
        let mut notice = None;
        let outcomes = self.loader.poll();
        if !outcomes.is_empty() {
            self.take_outcomes(state, outcomes);
        }
        if !self.loader.is_busy() && self.tally.active {
            self.tally.active = false;
            notice = Some(self.announce_load());
        }
        if let Some(result) = self.export.as_ref().and_then(|j| j.poll()) {
            let Some(job) = self.export.take() else {
                return notice;
            };
            let path = job.path;
            match job.output {
                Output::Workbook => {
                    notice = Some(match &result {
                        Ok(_) => Notice::info(format!("已导出：{}", path.display())),
                        Err(e) => Notice::error(format!("导出失败：{e}")),
                    });
                    if result.is_ok() {
                        self.written = Some(Written::Workbook(path.clone()));
                    }
                    self.last_export = Some(result.map(|_| path));
                }
                Output::Notices(only) => {
                    notice = Some(match &result {
                        Ok(files) => Notice::info(notices_written(files, only.is_none(), &path)),
                        Err(e) => Notice::error(format!("写整改通知失败：{e}")),
                    });
                    if result.is_ok() {
                        self.written = Some(Written::Notices(path.clone()));
                    }
                    self.last_notices = Some(result.map(|_| path));
                }
            }
        }
        notice
    }

    /// The roster read since the last frame, if one was being read: its file and the roster, or
    /// why not.
    pub fn roster_read(&mut self) -> Option<(PathBuf, Result<crate::roster::Roster, String>)> {
        let result = self.roster.as_ref()?.poll()?;
        let job = self.roster.take()?;
        Some((job.path, result))
    }

    pub fn save(&mut self, state: &State) {
        if let Some(a) = self.autosave.as_mut() {
            a.save_if_changed(state);
        }
    }

    fn take_outcomes(&mut self, state: &mut State, outcomes: Vec<Outcome>) {
        let mut reports: Vec<Report> = Vec::new();
        let mut failed = Vec::new();
        for o in outcomes {
            let file = match &o {
                Outcome::Loaded(r) => r.file.clone(),
                Outcome::Failed { file, .. } => file.clone(),
                Outcome::Skipped { .. } => {
                    self.tally.own_workbooks += 1;
                    continue;
                }
                Outcome::PasteRejected { error } => {
                    self.tally.paste_rejected = Some(error.clone());
                    continue;
                }
            };
            let duplicate = state.contains_file(&file)
                || reports.iter().any(|r| r.file == file)
                || failed.iter().any(|(f, _)| *f == file);
            if duplicate {
                self.tally.skipped += 1;
                continue;
            }
            match o {
                Outcome::Loaded(r) => reports.push(*r),
                Outcome::Failed { file, error } => failed.push((file, error)),
                Outcome::Skipped { .. } | Outcome::PasteRejected { .. } => {}
            }
        }
        self.tally.loaded += reports.len();
        self.tally.failed += failed.len();
        let had_reports = !reports.is_empty();
        let added: Vec<EntryId> = state.add_all(reports, failed);
        self.tally.resubmitted += state.resubmitted.drain(..).count();
        if had_reports && self.tally.pick {
            // Show the first report of the load, not whatever was selected before.
            // (`add_all` puts reports before failures, so the first id is a report.)
            self.tally.pick = false;
            state.selected = added.first().copied();
        }
    }

    fn announce_load(&self) -> Notice {
        let t = &self.tally;
        let mut parts = Vec::new();
        if t.loaded > 0 {
            parts.push(format!("已导入 {} 份报告", t.loaded));
        }
        if t.failed > 0 {
            parts.push(format!("{} 个文件无法读取（见左侧列表）", t.failed));
        }
        if t.skipped > 0 {
            parts.push(format!("{} 个文件已在列表中，已跳过", t.skipped));
        }
        if t.resubmitted > 0 {
            parts.push(format!(
                "其中 {} 份是同一单位同一年度的重新报送，已替换旧版本（旧版本保留以便对比，不再计入）",
                t.resubmitted
            ));
        }
        if let Some(e) = &t.paste_rejected {
            parts.push(format!("粘贴的文字不像年度报告（{e}），未加入列表"));
        }
        if t.own_workbooks > 0 {
            parts.push(format!(
                "{} 个文件是本程序导出的汇总工作簿，不是年度报告，已跳过",
                t.own_workbooks
            ));
        }
        if parts.is_empty() {
            parts.push("没有找到可导入的报告文件".into());
        }
        Notice::new(
            parts.join("，") + "。",
            t.loaded == 0 || t.paste_rejected.is_some(),
        )
    }

    /// Writes what is pending and waits for it (on exit).
    pub fn flush(&mut self, state: &State) {
        if let Some(a) = self.autosave.as_mut() {
            a.flush(state);
        }
    }
}

/// What the status line says when notices were written: how many, and where.
fn notices_written(files: &[PathBuf], with_bulletin: bool, dir: &std::path::Path) -> String {
    let notices = files.len() - usize::from(with_bulletin && !files.is_empty());
    match (notices, with_bulletin) {
        (0, true) => format!(
            "没有单位有待改正的错误，未写整改通知；已写核查情况通报：{}",
            dir.display()
        ),
        (0, false) => "所选单位没有待改正的错误，未写整改通知。".to_string(),
        (n, true) => format!("已写 {n} 份整改通知和核查情况通报：{}", dir.display()),
        (n, false) => format!("已写 {n} 份整改通知：{}", dir.display()),
    }
}
