//! The app: owns the state, the background jobs and what the view keeps between frames.
//! Commands (open, undo, export…) are methods, so tests drive the same paths the buttons do.
//! Each frame is drawn by [`frame`](super::frame); each panel has its own file.

use super::autosave::{self, Autosave};
use super::chooser;
use super::export_job::{ExportJob, Inputs, Output};
use super::frame_log::FrameLog;
use super::history::Edit;
use super::input_gate::InputGate;
use super::jobs::{Jobs, Notice};
use super::loader::{Source, Wake};
use super::prefs::Prefs;
use super::state::{EntryId, State};
use super::{samples, source_view};
use crate::format::{self, TableId};
use crate::session;
use eframe::egui;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub(super) use super::view::View;

pub struct App {
    pub(super) state: State,
    pub(super) jobs: Jobs,
    pub(super) view: View,
    pub(super) notice: Option<Notice>,
    /// Every message said, oldest first, for the 消息记录 window.
    pub(super) notice_log: Vec<Notice>,
    /// Set on the first frame; background threads use it to wake the window.
    pub(super) ctx: Arc<OnceLock<egui::Context>>,
    pub(super) system_fonts: bool,
    pub(super) fonts_ready: bool,
    pasted: usize,
    /// Holds back key events after a focus-moving key (see [`InputGate`]).
    pub(super) input_gate: InputGate,
    /// Window size, panel widths, filters… (see [`Prefs`]) and where they are kept.
    pub(super) prefs: Prefs,
    saved_prefs: Prefs,
    pub(super) data_dir: Option<PathBuf>,
    /// Why no system file dialog can be shown (the in-app chooser is used instead).
    pub(super) no_native_dialog: Option<String>,
    /// Per-frame timings, when asked for (see [`FrameLog`]).
    pub(super) frame_log: Option<FrameLog>,
    /// The window's first frames (maximize, X11 names); `None` in tests and once done.
    pub(super) first_show: Option<super::first_show::FirstShow>,
}

impl App {
    /// The app as started by `run`: fonts installed, session restored, `paths` opened.
    pub fn new(cc: &eframe::CreationContext<'_>, paths: Vec<PathBuf>) -> App {
        let mut app = App::with_options(autosave::default_dir(), true);
        app.no_native_dialog = chooser::native_dialog_missing();
        app.frame_log = FrameLog::from_env();
        app.first_show = Some(super::first_show::FirstShow::new(app.prefs.maximized));
        app.install_fonts(&cc.egui_ctx);
        let _ = app.ctx.set(cc.egui_ctx.clone());
        // Every argument is a path (the samples come from the welcome screen and the toolbar, or
        // as the folder they are installed in: there is no `--samples` flag; see src/cli.rs).
        app.open_paths(paths);
        app
    }

    /// An app for tests: session kept in `data_dir`, only the bundled font (so a character it
    /// lacks makes egui_kittest fail instead of being drawn by a system font).
    /// Tests have no system dialogs: the in-app chooser stands in.
    pub fn new_for_test(data_dir: &Path) -> App {
        let mut app = App::with_options(Some(data_dir.to_path_buf()), false);
        app.no_native_dialog = Some("测试中没有系统文件对话框。".into());
        app
    }

    fn with_options(data_dir: Option<PathBuf>, system_fonts: bool) -> App {
        let mut app = App {
            state: State::new(),
            jobs: Jobs::default(),
            view: View::default(),
            notice: None,
            notice_log: Vec::new(),
            ctx: Arc::new(OnceLock::new()),
            system_fonts,
            fonts_ready: false,
            pasted: 0,
            input_gate: InputGate::default(),
            prefs: Prefs::default(),
            saved_prefs: Prefs::default(),
            data_dir: data_dir.clone(),
            no_native_dialog: None,
            frame_log: None,
            first_show: None,
        };
        let wake = app.wake();
        app.state.set_waker(wake);
        app.prefs = Prefs::load(data_dir.as_deref());
        app.saved_prefs = app.prefs.clone();
        app.state.sort = app.prefs.sort.into();
        app.state.filter.only_errors = app.prefs.only_errors;
        app.apply_saved_deadlines();
        match data_dir {
            Some(dir) => app.restore(dir),
            None => app.set_notice("找不到保存工作记录的文件夹，本次的修改不会自动保存。", true),
        }
        app
    }

    fn restore(&mut self, dir: PathBuf) {
        match session::load(&dir) {
            Ok(Some(restored)) => {
                autosave::restore_into(&mut self.state, restored);
                if !self.state.is_empty() {
                    let n = self.state.report_count();
                    self.set_notice(format!("已恢复上次的 {n} 份报告和全部修改。"), false);
                }
            }
            Ok(None) => {}
            Err(e) => self.set_notice(e, true),
        }
        let mut autosave = Autosave::new(dir);
        autosave.mark_saved(&self.state);
        self.jobs.autosave = Some(autosave);
    }

    pub(super) fn install_fonts(&mut self, ctx: &egui::Context) {
        super::theme::install(ctx, self.system_fonts);
        self.fonts_ready = true;
    }

    // ---- what tests and the status line read ---------------------------------------------

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Every message of the session, oldest first (what 消息记录 shows).
    pub fn notice_log(&self) -> &[Notice] {
        &self.notice_log
    }

    /// The result of the last finished export.
    pub fn last_export(&self) -> Option<&Result<PathBuf, String>> {
        self.jobs.last_export.as_ref()
    }

    /// The folder the last notices were written to, or why they were not.
    pub fn last_notices(&self) -> Option<&Result<PathBuf, String>> {
        self.jobs.last_notices.as_ref()
    }

    /// True while files are being read, checked in the background or a workbook written.
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy(&self.state)
    }

    /// The table shown.
    pub fn shown_table(&self) -> TableId {
        self.view.table
    }

    /// The cells outlined (a clicked finding's).
    pub fn focused_cells(&self) -> &[String] {
        &self.view.focus
    }

    /// The grid cell the keyboard is on.
    pub fn grid_cursor(&self) -> Option<&str> {
        self.view.grid.selection.as_ref().map(|s| s.cursor.as_str())
    }

    /// The part of the grid's body on screen in the last frame.
    pub fn grid_viewport(&self) -> Option<egui::Rect> {
        self.view.grid_viewport
    }

    /// The source passage highlighted.
    pub fn source_highlight(&self) -> Option<Range<usize>> {
        self.view.source.clone()
    }

    pub(super) fn set_notice(&mut self, text: impl Into<String>, error: bool) {
        self.post(Notice::new(text, error));
    }

    /// Shows a message in the status line and keeps it in the log (the newest 200).
    pub(super) fn post(&mut self, notice: Notice) {
        self.notice_log.push(notice.clone());
        if self.notice_log.len() > 200 {
            self.notice_log.remove(0);
        }
        self.notice = Some(notice);
    }

    pub(super) fn wake(&self) -> Wake {
        let ctx = self.ctx.clone();
        Arc::new(move || {
            if let Some(c) = ctx.get() {
                c.request_repaint();
            }
        })
    }

    // ---- commands -------------------------------------------------------------------------

    pub fn open(&mut self, sources: Vec<Source>) {
        let wake = self.wake();
        self.jobs.open(sources, wake);
    }

    pub fn open_paths(&mut self, paths: Vec<PathBuf>) {
        self.open(paths.into_iter().map(Source::Path).collect());
    }

    /// A drop: what names a file is read, and the status line says what happened to each item.
    pub(super) fn take_drop(&mut self, files: &[Arc<dyn egui::DroppedFile + Send + Sync>]) {
        let drop = super::drops::sort(files);
        let (text, error) = super::drops::message(&drop);
        self.set_notice(text, error);
        if !drop.sources.is_empty() {
            self.open(drop.sources);
        }
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
        self.view.dialog = Some(super::dialogs::Dialog::SaveNotices);
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
                self.view.source = source_view::span_of(report, cell);
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

    /// A different report is selected: forget what was outlined in the last one.
    pub(super) fn selection_changed(&mut self) {
        self.view.shown = self.state.selected;
        self.view.focus.clear();
        self.view.focus_finding = None;
        self.view.source = None;
        self.view.scroll_to = None;
        self.refill_fields();
        if let Some(r) = self.state.selected_report() {
            if !r.has_table(self.view.table) {
                if let Some(t) = r.tables.first() {
                    self.view.table = *t;
                }
            }
        }
    }

    /// The agency and year fields show the selected report's values.
    pub(super) fn refill_fields(&mut self) {
        if let Some(r) = self.state.selected_report() {
            self.view.agency = r.agency.clone().unwrap_or_default();
            self.view.year = r.year.map(|y| y.to_string()).unwrap_or_default();
        }
    }

    /// Commits an open editor and writes the session (on exit).
    pub(super) fn flush(&mut self) {
        self.close_editor();
        self.jobs.flush(&self.state);
        self.save_prefs();
    }

    /// Writes the preferences if they changed.
    pub(super) fn save_prefs(&mut self) {
        self.prefs.sort = self.state.sort.into();
        self.prefs.only_errors = self.state.filter.only_errors;
        if self.prefs != self.saved_prefs {
            if let Some(dir) = &self.data_dir {
                self.prefs.save(dir);
            }
            self.saved_prefs = self.prefs.clone();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.flush();
    }
}
