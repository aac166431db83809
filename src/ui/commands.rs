//! The app's commands: what the buttons, keys and dialogs ask for (open, paste, export, undo,
//! focus a finding, take a roster…). Methods of [`App`], so tests drive the same paths the
//! buttons do; the panels draw and call these.

use super::app::App;
use super::jobs::export::{ExportJob, Inputs, Output};
use super::jobs::loader::Source;
use super::jobs::roster_read::RosterLoad;
use super::jobs::samples;
use super::platform::drops;
use super::state::{span_of, Edit, EntryId};
use super::view::{Dialog, View};
use crate::format;
use crate::recognise::numbers::parse_input;
use crate::roster::Roster;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

impl App {
    pub fn open(&mut self, sources: Vec<Source>) {
        let wake = self.wake();
        self.jobs.open(sources, wake);
    }

    pub fn open_paths(&mut self, paths: Vec<PathBuf>) {
        self.open(paths.into_iter().map(Source::Path).collect());
    }

    /// A drop: what names a file is read, and the status line says what happened to each item.
    pub(super) fn take_drop(&mut self, files: &[Arc<dyn egui::DroppedFile + Send + Sync>]) {
        let drop = drops::sort(files);
        let (text, error) = drops::message(&drop);
        self.set_notice(text, error);
        if !drop.sources.is_empty() {
            self.open(drop.sources);
        }
    }

    /// Stops the reading under way: the files being read and those not started answer
    /// "已取消读取"; the reports already read stay.
    pub fn cancel_reading(&mut self) {
        crate::worker::progress::cancel();
        self.set_notice("已取消读取：已读入的报告保留，其余文件没有读取。", false);
    }

    pub fn load_samples(&mut self) {
        self.open(samples::sources());
    }

    /// Loads pasted text as a report.
    pub fn paste_text(&mut self, text: &str) {
        if text.trim().chars().count() < 20 {
            self.set_notice(
                "粘贴的内容太短，不像是一份年度报告。请复制报告全文后再按 Ctrl+V。",
                true,
            );
            return;
        }
        self.pasted += 1;
        let name = format!("粘贴的文字 {}", self.pasted);
        self.open(vec![Source::Text {
            name,
            text: text.to_string(),
        }]);
    }

    /// Writes the workbook to `path` in the background (the save dialog ends here too).
    pub fn export_to(&mut self, path: PathBuf) {
        if self.jobs.export.is_some() {
            self.set_notice("上一次导出尚未完成。", true);
            return;
        }
        let path = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            path
        } else {
            path.with_extension("xlsx")
        };
        let inputs = self.export_inputs();
        self.jobs.export = Some(ExportJob::start(
            path,
            Output::Workbook,
            inputs,
            self.wake(),
        ));
    }

    /// Writes the 整改通知 into `dir` in the background: of the units chosen when the dialog was
    /// asked for ([`View::notices_for`](super::view::View)), else of every unit with an open
    /// error, with the 核查情况通报.
    pub fn write_notices_to(&mut self, dir: PathBuf) {
        let only = self.view.notices_for.take();
        if self.jobs.export.is_some() {
            self.set_notice("上一次导出尚未完成。", true);
            return;
        }
        let inputs = self.export_inputs();
        self.jobs.export = Some(ExportJob::start(
            dir,
            Output::Notices(only),
            inputs,
            self.wake(),
        ));
    }

    /// Asks where to write the 整改通知 of the reports `only` (indices into the loaded reports),
    /// or of every unit with an open error.
    pub fn ask_notices(&mut self, only: Option<Vec<usize>>) {
        self.view.notices_for = only;
        self.view.dialog = Some(Dialog::SaveNotices);
    }

    /// The index among the loaded reports of an entry (what the export's indices count).
    pub fn report_index(&self, id: EntryId) -> Option<usize> {
        self.state.loaded().position(|(i, _)| i == id)
    }

    /// What the workbook and the notices are made from: the reports (shared; copied on the
    /// export thread), their findings, the files that could not be read, the roster and the
    /// clerk's settings.
    fn export_inputs(&self) -> Inputs {
        let date = crate::export::today();
        Inputs {
            reports: self.state.reports(),
            findings: self.state.all_findings(),
            unreadable: self
                .state
                .failed()
                .map(|(_, f)| crate::export::Unreadable {
                    file: f.file.clone(),
                    reason: f.error.clone(),
                })
                .collect(),
            roster: self.state.roster.clone(),
            options: crate::export::Options {
                reviewer: (!self.prefs.reviewer.trim().is_empty())
                    .then(|| self.prefs.reviewer.trim().to_string()),
                date,
                office: self.prefs.office.clone(),
                contact: self.prefs.contact.clone(),
                reply_by: date.and_then(|d| {
                    crate::export::add_days(d, i64::from(self.prefs.reply_days.max(1)))
                }),
                notice_tables: self.prefs.notice_tables,
            },
        }
    }

    pub fn undo(&mut self) {
        self.close_editor();
        match self.state.undo() {
            Some(edit) => self.show_edit(&edit, "已撤销"),
            None => self.set_notice("这份报告没有可撤销的修改。", false),
        }
    }

    pub fn redo(&mut self) {
        self.close_editor();
        match self.state.redo() {
            Some(edit) => self.show_edit(&edit, "已重做"),
            None => self.set_notice("这份报告没有可重做的修改。", false),
        }
    }

    /// Moves the view to an edit that was just undone or redone.
    fn show_edit(&mut self, edit: &Edit, verb: &str) {
        // Undo selects the report it changed; the header fields show its restored values.
        if self.view.shown != self.state.selected {
            self.selection_changed();
        }
        self.refill_fields();
        // Which report, which cell, and what it holds now.
        let report = self.state.report(edit.report);
        let unit = report.and_then(|r| r.agency.clone()).unwrap_or_else(|| {
            report
                .map(|r| crate::model::file_name(&r.file))
                .unwrap_or_default()
        });
        if let Some(key) = edit.cell_key() {
            let now = report
                .and_then(|r| r.value(key))
                .map_or("空".to_string(), |v| {
                    crate::rules::names::value_text(key, v)
                });
            self.focus_cells(vec![key.to_string()], Some(key.to_string()));
            let what = crate::rules::names::key_place(key);
            let more = match edit.changes.len() {
                1 => String::new(),
                n => format!(" 等 {n} 格"),
            };
            self.set_notice(format!("{verb}：{unit} {what}{more}，现为 {now}"), false);
        } else {
            self.set_notice(format!("{verb}：{unit} 的报告信息"), false);
        }
    }

    /// Outlines `cells` of the selected report, showing their table and scrolling to `scroll`.
    pub(super) fn focus_cells(&mut self, cells: Vec<String>, scroll: Option<String>) {
        let first = scroll.clone().or_else(|| cells.first().cloned());
        if let Some(t) = first.as_deref().and_then(format::cell_def).map(|d| d.table) {
            self.view.table = t;
        }
        if let (Some(key), Some(report)) = (first.as_deref(), self.state.selected_report()) {
            if let Some(cell) = report.cell(key) {
                self.view.source = span_of(report, cell);
                self.view.source_scroll = true;
            }
        }
        self.view.focus = cells;
        self.view.scroll_to = scroll.or(first);
        self.view.focus_finding = None;
    }

    /// Clicking a finding: its table, its cells outlined, the likely culprit in view.
    pub fn focus_finding(&mut self, index: usize) {
        let Some(f) = self
            .state
            .selected
            .map(|id| self.state.findings(id))
            .and_then(|f| f.get(index))
            .cloned()
        else {
            return;
        };
        let scroll = f.suspect.as_ref().map(|s| s.cell.clone());
        self.focus_cells(f.cells.clone(), scroll);
        if let Some(span) = f.text_span.clone() {
            self.view.source = Some(span);
            self.view.source_scroll = true;
        }
        self.view.focus_finding = Some(index);
    }

    pub fn remove(&mut self, id: EntryId) {
        if self
            .view
            .grid
            .editor
            .as_ref()
            .is_some_and(|e| e.report == id)
        {
            self.view.grid.editor = None;
        }
        self.state.remove(id);
    }

    pub fn clear(&mut self) {
        self.view = View::default();
        self.state.clear();
        self.set_notice("已清空列表。", false);
    }

    /// Commits what is typed in an open editor (its cell is about to disappear from view); a
    /// value that cannot be read is dropped with a message.
    pub(super) fn close_editor(&mut self) {
        let Some(editor) = self.view.grid.editor.take() else {
            return;
        };
        let Some(def) = format::cell_def(&editor.key) else {
            return;
        };
        match parse_input(def.column.kind, &editor.text) {
            Ok(v) => {
                self.state.edit_cell(editor.report, &editor.key, v);
            }
            Err(e) => self.set_notice(format!("{}：{e}，未作修改。", def.describe()), true),
        }
    }

    /// Takes a roster and remembers its names for next year.
    pub fn use_roster(&mut self, roster: Roster) {
        self.prefs.last_roster = roster.units.iter().map(|u| u.name.clone()).collect();
        let n = roster.units.len();
        self.view.notice_pick.clear();
        self.state.set_roster(Some(roster));
        self.save_prefs();
        self.set_notice(format!("已设定报送名单：{n} 个单位。"), false);
    }

    /// Starts reading a roster from a .txt or spreadsheet list (in the background; see
    /// [`App::take_roster_read`]).
    pub fn open_roster(&mut self, path: &std::path::Path) {
        let wake = self.wake();
        self.jobs.roster = Some(RosterLoad::start(path.to_path_buf(), wake));
        self.set_notice(
            format!("正在读取名单 {}…", crate::read::path_text(path)),
            false,
        );
    }

    /// Takes in a roster read since the last frame.
    pub fn take_roster_read(&mut self) {
        match self.jobs.roster_read() {
            Some((_, Ok(r))) => self.use_roster(r),
            Some((path, Err(e))) => self.set_notice(
                format!("无法读取名单 {}：{e}", crate::read::path_text(&path)),
                true,
            ),
            None => {}
        }
    }

    /// Sets one kind of body's publication deadline, re-checks and remembers it. False when no
    /// year has that day.
    pub fn set_deadline(&mut self, kind: crate::rules::BodyKind, month_day: (u32, u32)) -> bool {
        let mut settings = self.state.settings().clone();
        if !settings.set_deadline(kind, month_day) {
            return false;
        }
        self.prefs.deadlines = settings
            .deadline_entries()
            .iter()
            .filter(|e| e.deadline != e.kind.default_deadline())
            .map(|e| format!("{}={:02}-{:02}", e.label, e.deadline.0, e.deadline.1))
            .collect();
        self.state.set_settings(settings);
        self.save_prefs();
        true
    }
}
