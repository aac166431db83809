//! The app: owns the state, the background jobs and what the view keeps between frames, and
//! says what happened in the status line. Its commands (open, undo, export…) are in
//! [`commands`](super::commands); each frame is drawn by [`frame`](super::frame); each panel has
//! its own file in `panels/`.

use super::jobs::autosave::{self, Autosave};
use super::jobs::loader::Wake;
use super::jobs::{Jobs, Notice};
use super::platform::first_show::FirstShow;
use super::platform::frame_log::FrameLog;
use super::platform::input_gate::InputGate;
use super::platform::prefs::Prefs;
use super::platform::{fonts, system_dialog};
use super::state::State;
use super::view::View;
use crate::format::TableId;
use crate::session;
use eframe::egui;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

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
    pub(super) pasted: usize,
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
    pub(super) first_show: Option<FirstShow>,
}

impl App {
    /// The app as started by `run`: fonts installed, session restored, `paths` opened.
    pub fn new(cc: &eframe::CreationContext<'_>, paths: Vec<PathBuf>) -> App {
        let mut app = App::with_options(autosave::default_dir(), true);
        app.no_native_dialog = system_dialog::native_dialog_missing();
        app.frame_log = FrameLog::from_env();
        app.first_show = Some(FirstShow::new(app.prefs.maximized));
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
        fonts::install(ctx, self.system_fonts);
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

    /// The deadlines saved in the prefs, for the checks (an entry that no longer parses is
    /// left out: the default stands).
    fn apply_saved_deadlines(&mut self) {
        let mut settings = crate::rules::Settings::default();
        for spec in &self.prefs.deadlines {
            let _ = settings.apply_deadline(spec);
        }
        self.state.set_settings(settings);
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
