//! The app: owns the state, the background jobs and what the view needs between frames, and
//! lays out the panels. Commands (open, undo, export…) are methods, so tests drive the same paths
//! the buttons do.

use super::export_job::ExportJob;
use super::grid_layout::Model;
use super::loader::{self, Loader, Outcome, Source, Wake};
use super::session::{self, Autosave};
use super::state::{parse_input, Edit, EntryId, State};
use super::table_grid::{self, Editor, GridEvent, GridView};
use super::welcome::WelcomeAction;
use super::{findings, report_list, samples, source_view, theme, welcome};
use crate::format::{self, FormatVersion, TableId};
use crate::model::Report;
use eframe::egui::{
    self, Align2, CentralPanel, Color32, Event, FontId, Id, Key, KeyboardShortcut, LayerId,
    Modifiers, Order, Panel, RichText, Ui,
};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A message in the toolbar.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// File dialogs wait for `eframe::App::ui`, which can give them the window as parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialog {
    OpenFiles,
    OpenFolder,
    SaveWorkbook,
}

/// View state kept between frames.
struct View {
    table: TableId,
    editor: Option<Editor>,
    /// Cells of the clicked finding, outlined in the grid.
    focus: Vec<String>,
    focus_finding: Option<usize>,
    scroll_to: Option<String>,
    source: Option<Range<usize>>,
    source_scroll: bool,
    /// The report the header fields were filled from.
    shown: Option<EntryId>,
    agency: String,
    year: String,
    confirm_clear: bool,
    dialog: Option<Dialog>,
}

impl Default for View {
    fn default() -> Self {
        View {
            table: TableId::T3,
            editor: None,
            focus: Vec::new(),
            focus_finding: None,
            scroll_to: None,
            source: None,
            source_scroll: false,
            shown: None,
            agency: String::new(),
            year: String::new(),
            confirm_clear: false,
            dialog: None,
        }
    }
}

/// Counts for the message shown when a load finishes.
#[derive(Default)]
struct LoadTally {
    loaded: usize,
    failed: usize,
    skipped: usize,
    /// A load is under way; announce the result when it ends.
    active: bool,
    /// Select the first report of the load when it arrives.
    pick: bool,
}

pub struct App {
    state: State,
    loader: Loader,
    tally: LoadTally,
    autosave: Option<Autosave>,
    export: Option<ExportJob>,
    last_export: Option<Result<PathBuf, String>>,
    view: View,
    notice: Option<Notice>,
    /// Set on the first frame; background threads use it to wake the window.
    ctx: Arc<OnceLock<egui::Context>>,
    system_fonts: bool,
    fonts_ready: bool,
    pasted: usize,
}

impl App {
    /// The app as started by `run`: fonts installed, session restored, `paths` opened.
    pub fn new(cc: &eframe::CreationContext<'_>, paths: Vec<PathBuf>) -> App {
        let mut app = App::with_options(session::default_dir(), true);
        app.install_fonts(&cc.egui_ctx);
        let _ = app.ctx.set(cc.egui_ctx.clone());
        let (samples, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| p.as_os_str() == "--samples");
        if !samples.is_empty() {
            app.load_samples();
        }
        app.open_paths(paths);
        app
    }

    /// An app for tests: session kept in `data_dir`, only the bundled font (so a character it
    /// lacks makes egui_kittest fail instead of being drawn by a system font).
    pub fn new_for_test(data_dir: &Path) -> App {
        App::with_options(Some(data_dir.to_path_buf()), false)
    }

    fn with_options(data_dir: Option<PathBuf>, system_fonts: bool) -> App {
        let mut app = App {
            state: State::new(),
            loader: Loader::default(),
            tally: LoadTally::default(),
            autosave: None,
            export: None,
            last_export: None,
            view: View::default(),
            notice: None,
            ctx: Arc::new(OnceLock::new()),
            system_fonts,
            fonts_ready: false,
            pasted: 0,
        };
        let wake = app.wake();
        app.state.set_waker(wake);
        match data_dir {
            Some(dir) => app.restore(dir),
            None => app.set_notice("找不到保存工作记录的文件夹，本次的修改不会自动保存。", true),
        }
        app
    }

    fn restore(&mut self, dir: PathBuf) {
        match session::load(&dir) {
            Ok(Some(restored)) => {
                session::restore_into(&mut self.state, restored);
                if !self.state.is_empty() {
                    self.set_notice(
                        format!(
                            "已恢复上次的 {} 份报告和全部修改。",
                            self.state.report_count()
                        ),
                        false,
                    );
                }
            }
            Ok(None) => {}
            Err(e) => self.set_notice(e, true),
        }
        let mut autosave = Autosave::new(dir);
        autosave.mark_saved(&self.state);
        self.autosave = Some(autosave);
    }

    fn install_fonts(&mut self, ctx: &egui::Context) {
        theme::install(ctx, self.system_fonts);
        self.fonts_ready = true;
    }

    // ---- commands -------------------------------------------------------------------------

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The result of the last finished export.
    pub fn last_export(&self) -> Option<&Result<PathBuf, String>> {
        self.last_export.as_ref()
    }

    /// True while files are being read, checked in the background or a workbook written.
    pub fn is_busy(&self) -> bool {
        self.loader.is_busy() || self.export.is_some() || self.state.is_checking()
    }

    /// The table shown and the cells outlined (for tests and the status line).
    pub fn shown_table(&self) -> TableId {
        self.view.table
    }

    pub fn focused_cells(&self) -> &[String] {
        &self.view.focus
    }

    /// The source passage highlighted.
    pub fn source_highlight(&self) -> Option<Range<usize>> {
        self.view.source.clone()
    }

    fn set_notice(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    fn wake(&self) -> Wake {
        let ctx = self.ctx.clone();
        Arc::new(move || {
            if let Some(c) = ctx.get() {
                c.request_repaint();
            }
        })
    }

    pub fn open(&mut self, sources: Vec<Source>) {
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
        let wake = self.wake();
        self.loader.start(sources, wake);
    }

    pub fn open_paths(&mut self, paths: Vec<PathBuf>) {
        self.open(paths.into_iter().map(Source::Path).collect());
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
        if self.export.is_some() {
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
        let reports = self.state.reports().to_vec(); // shared; copied on the export thread
        let findings = self.state.all_findings().to_vec();
        let unreadable = self
            .state
            .failed()
            .iter()
            .map(|f| crate::export::Unreadable {
                file: f.file.clone(),
                reason: f.error.clone(),
            })
            .collect();
        self.export = Some(ExportJob::start(
            path,
            reports,
            findings,
            unreadable,
            self.wake(),
        ));
    }

    pub fn undo(&mut self) {
        self.close_editor();
        match self.state.undo() {
            Some(edit) => self.show_edit(&edit, "已撤销"),
            None => self.set_notice("没有可撤销的修改。", false),
        }
    }

    pub fn redo(&mut self) {
        self.close_editor();
        match self.state.redo() {
            Some(edit) => self.show_edit(&edit, "已重做"),
            None => self.set_notice("没有可重做的修改。", false),
        }
    }

    /// Moves the view to an edit that was just undone or redone.
    fn show_edit(&mut self, edit: &Edit, verb: &str) {
        // Undo selects the report it changed; the header fields show its restored values.
        if self.view.shown != self.state.selected {
            self.selection_changed();
        }
        self.refill_fields();
        if let Some(key) = edit.cell_key() {
            self.focus_cells(vec![key.to_string()], Some(key.to_string()));
            let what = format::cell_def(key).map_or(key.to_string(), |d| d.describe());
            self.set_notice(format!("{verb}：{what}"), false);
        } else {
            self.set_notice(format!("{verb}：报告信息"), false);
        }
    }

    /// Selects a report and outlines `cells`, showing their table and scrolling to `scroll`.
    fn focus_cells(&mut self, cells: Vec<String>, scroll: Option<String>) {
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
        if self.view.editor.as_ref().is_some_and(|e| e.report == id) {
            self.view.editor = None;
        }
        self.state.remove(id);
    }

    pub fn clear(&mut self) {
        self.view = View::default();
        self.state.clear();
        self.set_notice("已清空列表。", false);
    }

    /// Commits what is typed in an open editor (its cell is about to disappear from view).
    fn close_editor(&mut self) {
        let Some(editor) = self.view.editor.take() else {
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

    // ---- per frame ------------------------------------------------------------------------

    fn poll_jobs(&mut self) {
        self.state.poll_checks();
        let outcomes = self.loader.poll();
        if !outcomes.is_empty() {
            self.take_outcomes(outcomes);
        }
        if !self.loader.is_busy() && self.tally.active {
            self.tally.active = false;
            self.announce_load();
        }
        if let Some(result) = self.export.as_ref().and_then(|j| j.poll()) {
            let path = self.export.take().map(|j| j.path).unwrap_or_default();
            match &result {
                Ok(()) => self.set_notice(format!("已导出：{}", path.display()), false),
                Err(e) => self.set_notice(format!("导出失败：{e}"), true),
            }
            self.last_export = Some(result.map(|()| path));
        }
    }

    fn take_outcomes(&mut self, outcomes: Vec<Outcome>) {
        let mut reports: Vec<Report> = Vec::new();
        let mut failed = Vec::new();
        for o in outcomes {
            let file = match &o {
                Outcome::Loaded(r) => r.file.clone(),
                Outcome::Failed { file, .. } => file.clone(),
            };
            let duplicate = self.state.contains_file(&file)
                || reports.iter().any(|r| r.file == file)
                || failed.iter().any(|(f, _)| *f == file);
            if duplicate {
                self.tally.skipped += 1;
                continue;
            }
            match o {
                Outcome::Loaded(r) => reports.push(*r),
                Outcome::Failed { file, error } => failed.push((file, error)),
            }
        }
        self.tally.loaded += reports.len();
        self.tally.failed += failed.len();
        let had_reports = !reports.is_empty();
        let added = self.state.add_all(reports, failed);
        if had_reports && self.tally.pick {
            // Show the first report of the load, not whatever was selected before.
            // (`add_all` puts reports before failures, so the first id is a report.)
            self.tally.pick = false;
            self.state.selected = added.first().copied();
        }
    }

    fn announce_load(&mut self) {
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
        if parts.is_empty() {
            parts.push("没有找到可导入的报告文件".into());
        }
        let error = t.loaded == 0;
        self.set_notice(parts.join("，") + "。", error);
    }

    fn handle_input(&mut self, ui: &Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.open_paths(dropped);
        }
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let redo_shift = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let (r1, r2, u) = ui.input_mut(|i| {
            (
                i.consume_shortcut(&redo_shift),
                i.consume_shortcut(&redo),
                i.consume_shortcut(&undo),
            )
        });
        if r1 || r2 {
            self.redo();
        } else if u {
            self.undo();
        }
        let pasted: Vec<String> = ui.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    Event::Paste(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        });
        for text in pasted {
            self.paste_text(&text);
        }
    }

    /// Draws the whole window. `eframe::App::ui` calls this; tests call it directly.
    pub fn show(&mut self, ui: &mut Ui) {
        let _ = self.ctx.set(ui.ctx().clone());
        if !self.fonts_ready {
            // Before any text is laid out this frame, so the fonts apply at once.
            self.install_fonts(ui.ctx());
        }
        self.poll_jobs();
        self.handle_input(ui);

        Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        if self.state.is_empty() {
            CentralPanel::default().show(ui, |ui| match welcome::show(ui) {
                Some(WelcomeAction::OpenFiles) => self.view.dialog = Some(Dialog::OpenFiles),
                Some(WelcomeAction::LoadSamples) => self.load_samples(),
                None => {}
            });
        } else {
            self.panels(ui);
        }
        self.confirm_clear(ui);
        drop_overlay(ui);
        if let Some(a) = self.autosave.as_mut() {
            a.save_if_changed(&self.state);
        }
    }

    fn toolbar(&mut self, ui: &mut Ui) {
        ui.add_space(3.0);
        ui.horizontal(|ui| {
            if ui.button("打开文件…").clicked() {
                self.view.dialog = Some(Dialog::OpenFiles);
            }
            if ui.button("打开文件夹…").clicked() {
                self.view.dialog = Some(Dialog::OpenFolder);
            }
            if ui
                .button("加载示例报告")
                .on_hover_text("载入程序自带的 5 份示例报告")
                .clicked()
            {
                self.load_samples();
            }
            ui.separator();
            if ui
                .add_enabled(self.state.can_undo(), egui::Button::new("撤销"))
                .on_hover_text("撤销上一次修改（Ctrl+Z）")
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(self.state.can_redo(), egui::Button::new("重做"))
                .on_hover_text("重做（Ctrl+Y）")
                .clicked()
            {
                self.redo();
            }
            ui.separator();
            let can_export = self.state.report_count() > 0 && self.export.is_none();
            if ui
                .add_enabled(can_export, egui::Button::new("导出 Excel…"))
                .on_hover_text("把全部报告的表格和核对结果导出为 Excel 工作簿")
                .clicked()
            {
                self.view.dialog = Some(Dialog::SaveWorkbook);
            }
            self.progress(ui);
            self.notice_line(ui);
        });
        ui.add_space(1.0);
    }

    fn progress(&self, ui: &mut Ui) {
        if let Some((done, found)) = self.loader.progress() {
            let fraction = if found == 0 {
                0.0
            } else {
                done as f32 / found as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(format!("正在读取 {done}/{found}")),
            );
        }
        if let Some(job) = &self.export {
            ui.add(
                egui::ProgressBar::new(job.progress())
                    .desired_width(160.0)
                    .text("正在导出…"),
            );
        }
        if let Some(e) = self.autosave.as_ref().and_then(|a| a.error()) {
            ui.colored_label(theme::ERROR_TEXT, "⚠").on_hover_text(e);
        }
    }

    fn notice_line(&mut self, ui: &mut Ui) {
        let Some(n) = &self.notice else { return };
        let color = if n.error {
            theme::ERROR_TEXT
        } else {
            theme::MUTED_TEXT
        };
        let text = n.text.clone();
        if ui.small_button("×").on_hover_text("关闭提示").clicked() {
            self.notice = None;
            return;
        }
        ui.add(egui::Label::new(RichText::new(text).color(color)).truncate());
    }

    fn panels(&mut self, ui: &mut Ui) {
        // Leaving a report commits what was being typed into it.
        if self
            .view
            .editor
            .as_ref()
            .is_some_and(|e| Some(e.report) != self.state.selected)
        {
            self.close_editor();
        }
        Panel::left("reports")
            .resizable(true)
            .default_size(250.0)
            .min_size(190.0)
            .show(ui, |ui| match report_list::show(ui, &mut self.state) {
                Some(report_list::ListAction::Remove(id)) => self.remove(id),
                Some(report_list::ListAction::Clear) => self.view.confirm_clear = true,
                None => {}
            });
        if self.view.shown != self.state.selected {
            self.selection_changed();
        }
        let Some(id) = self.state.selected else {
            CentralPanel::default().show(ui, |ui| {
                ui.label("在左侧选择一份报告。");
            });
            return;
        };
        if self.state.report(id).is_none() {
            CentralPanel::default().show(ui, |ui| self.failed_view(ui, id));
            return;
        }
        Panel::right("details")
            .resizable(true)
            .default_size(330.0)
            .min_size(240.0)
            .show(ui, |ui| self.details(ui, id));
        CentralPanel::default().show(ui, |ui| self.report_view(ui, id));
    }

    fn selection_changed(&mut self) {
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
    fn refill_fields(&mut self) {
        if let Some(r) = self.state.selected_report() {
            self.view.agency = r.agency.clone().unwrap_or_default();
            self.view.year = r.year.map(|y| y.to_string()).unwrap_or_default();
        }
    }

    fn failed_view(&mut self, ui: &mut Ui, id: EntryId) {
        let Some(f) = self.state.failed_file(id).cloned() else {
            return;
        };
        ui.heading(super::state::file_name(&f.file));
        ui.weak(&f.file);
        ui.add_space(8.0);
        ui.colored_label(theme::ERROR_TEXT, RichText::new("无法读取此文件").strong());
        ui.label(&f.error);
        ui.add_space(8.0);
        if ui.button("从列表中移除").clicked() {
            self.remove(id);
        }
    }

    fn details(&mut self, ui: &mut Ui, id: EntryId) {
        let Some(report) = self.state.report(id) else {
            return;
        };
        let height = ui.available_height();
        Panel::bottom("source")
            .resizable(true)
            .default_size(height * 0.45)
            .min_size(120.0)
            .show(ui, |ui| {
                source_view::show(
                    ui,
                    report,
                    self.view.source.clone(),
                    self.view.source_scroll,
                );
            });
        self.view.source_scroll = false;
        let clicked = findings::show(ui, self.state.findings(id), self.view.focus_finding);
        if let Some(i) = clicked {
            self.focus_finding(i);
        }
    }

    fn report_view(&mut self, ui: &mut Ui, id: EntryId) {
        self.report_fields(ui, id);
        let Some(report) = self.state.report(id) else {
            return;
        };
        ui.horizontal(|ui| {
            for t in TableId::ALL {
                let errors = self.state.errors_in_table(id, t);
                let numeral = t.title().split('、').next().unwrap_or_default();
                let name = format!("{numeral}、{}", t.short_name());
                let text = if errors > 0 {
                    RichText::new(format!("{name}（{errors} 项错误）")).color(theme::ERROR_TEXT)
                } else {
                    RichText::new(name)
                };
                let tab = ui
                    .selectable_label(self.view.table == t, text)
                    .on_hover_text(t.title());
                if tab.clicked() {
                    self.view.table = t;
                }
            }
        });
        ui.separator();
        let Some(version) = report.format_version else {
            ui.colored_label(
                theme::ERROR_TEXT,
                "没有在此报告中识别出统计表格。可在右侧原文中查看读取到的内容。",
            );
            return;
        };
        if !report.has_table(self.view.table) {
            ui.colored_label(
                theme::ERROR_TEXT,
                format!("此报告中没有找到“{}”表。", self.view.table.title()),
            );
            return;
        }
        let model = Model::for_table(self.view.table, version);
        let mut view = GridView {
            state: &self.state,
            id,
            report,
            editor: self.view.editor.as_mut().filter(|e| e.report == id),
            focus: &self.view.focus,
            scroll_to: self.view.scroll_to.take(),
            events: Vec::new(),
        };
        table_grid::show(ui, &model, &mut view);
        let events = std::mem::take(&mut view.events);
        let unused_scroll = view.scroll_to.take();
        if unused_scroll.is_some() && self.view.scroll_to.is_none() {
            // The target was not drawn this frame (table switch); try again next frame.
            self.view.scroll_to = unused_scroll;
        }
        for e in events {
            self.grid_event(id, &model, e);
        }
    }

    fn report_fields(&mut self, ui: &mut Ui, id: EntryId) {
        let Some(report) = self.state.report(id) else {
            return;
        };
        let version = match report.format_version {
            Some(FormatVersion::V2021) => "2021 年版格式",
            Some(FormatVersion::V2019) => "2019 年版（旧）格式",
            None => "格式未识别",
        };
        let published = report.published.map(|d| format!("发布日期 {d}"));
        let file = report.file.clone();
        let kind = report.kind.label();
        let mut commit_agency = false;
        let mut commit_year = false;
        ui.horizontal(|ui| {
            let label = ui.label("机关名称");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.view.agency)
                    .desired_width(300.0)
                    .hint_text("未识别，请填写"),
            );
            let r = r.labelled_by(label.id);
            commit_agency = r.lost_focus();
            let label = ui.label("年度");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.view.year)
                    .desired_width(52.0)
                    .hint_text("如 2023"),
            );
            let r = r.labelled_by(label.id);
            commit_year = r.lost_focus();
            ui.weak(version);
            if let Some(p) = published {
                ui.weak(p);
            }
        });
        ui.horizontal(|ui| {
            ui.weak(format!("{kind} · "));
            ui.add(egui::Label::new(RichText::new(&file).weak()).truncate());
        });
        if commit_agency {
            self.state.set_agency(id, Some(self.view.agency.clone()));
        }
        if commit_year {
            let text = self.view.year.trim().to_string();
            match text.parse::<i32>() {
                Ok(y) if (1990..=2100).contains(&y) => {
                    self.state.set_year(id, Some(y));
                }
                _ if text.is_empty() => {
                    self.state.set_year(id, None);
                }
                _ => {
                    self.set_notice(
                        format!("“{text}”不是有效的年度，请填写如 2023 的四位数字。"),
                        true,
                    );
                    self.view.year = self
                        .state
                        .report(id)
                        .and_then(|r| r.year)
                        .map(|y| y.to_string())
                        .unwrap_or_default();
                }
            }
        }
    }

    fn grid_event(&mut self, id: EntryId, model: &Model, event: GridEvent) {
        match event {
            GridEvent::Open(key) => {
                if self.view.editor.as_ref().is_some_and(|e| e.key != key) {
                    self.close_editor();
                }
                self.open_editor(id, &key);
            }
            GridEvent::Commit { key, value, next } => {
                self.view.editor = None;
                self.state.edit_cell(id, &key, value);
                if let Some(after) = next {
                    let keys = model.value_keys();
                    let pos = keys.iter().position(|k| *k == after);
                    if let Some(next_key) = pos.and_then(|p| keys.get(p + 1)) {
                        let next_key = next_key.to_string();
                        self.open_editor(id, &next_key);
                    }
                }
            }
            GridEvent::Cancel => self.view.editor = None,
            GridEvent::Invalid(msg) => {
                if let Some(e) = self.view.editor.as_mut() {
                    e.error = Some(msg.clone());
                    e.fresh = true;
                }
                self.set_notice(msg, true);
            }
        }
    }

    fn open_editor(&mut self, id: EntryId, key: &str) {
        let Some(report) = self.state.report(id) else {
            return;
        };
        let (Some(cell), Some(def)) = (report.cell(key), format::cell_def(key)) else {
            return;
        };
        let text = match cell.value {
            Some(v) => crate::model::format_value(def.column.kind, v),
            None => String::new(),
        };
        self.view.source = source_view::span_of(report, cell);
        self.view.source_scroll = self.view.source.is_some();
        self.view.editor = Some(Editor {
            report: id,
            key: key.to_string(),
            text,
            error: None,
            fresh: true,
        });
    }

    fn confirm_clear(&mut self, ui: &mut Ui) {
        if !self.view.confirm_clear {
            return;
        }
        let n = self.state.report_count() + self.state.failed().len();
        let modal = egui::Modal::new(Id::unique("confirm-clear")).show(ui.ctx(), |ui| {
            ui.set_width(320.0);
            ui.heading("清空列表");
            ui.label(format!(
                "确定移除全部 {n} 项吗？文件本身不会被删除，但对表格的修改会丢失。"
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("清空").clicked() {
                    Some(true)
                } else if ui.button("取消").clicked() {
                    Some(false)
                } else {
                    None
                }
            })
            .inner
        });
        match modal.inner {
            Some(true) => {
                self.view.confirm_clear = false;
                self.clear();
            }
            Some(false) => self.view.confirm_clear = false,
            None if modal.should_close() => self.view.confirm_clear = false,
            None => {}
        }
    }

    /// Runs a file dialog asked for this frame, with `parent` as its owner window.
    fn run_dialog(&mut self, parent: Option<&eframe::Frame>) {
        let Some(dialog) = self.view.dialog.take() else {
            return;
        };
        let with_parent = |d: rfd::FileDialog| match parent {
            Some(frame) => d.set_parent(frame),
            None => d,
        };
        match dialog {
            Dialog::OpenFiles => {
                let d = rfd::FileDialog::new()
                    .set_title("选择年度报告（可多选）")
                    .add_filter("年度报告", loader::EXTENSIONS)
                    .add_filter("所有文件", &["*"]);
                if let Some(paths) = with_parent(d).pick_files() {
                    self.open_paths(paths);
                }
            }
            Dialog::OpenFolder => {
                let d = rfd::FileDialog::new().set_title("选择包含年度报告的文件夹");
                if let Some(dir) = with_parent(d).pick_folder() {
                    self.open_paths(vec![dir]);
                }
            }
            Dialog::SaveWorkbook => {
                let d = rfd::FileDialog::new()
                    .set_title("导出 Excel 工作簿")
                    .set_file_name("年报核查结果.xlsx")
                    .add_filter("Excel 工作簿", &["xlsx"]);
                if let Some(path) = with_parent(d).save_file() {
                    self.export_to(path);
                }
            }
        }
    }

    fn flush(&mut self) {
        self.close_editor();
        if let Some(a) = self.autosave.as_mut() {
            a.flush(&self.state);
        }
    }
}

/// While files are dragged over the window: a veil with the instruction.
fn drop_overlay(ui: &Ui) {
    let count = ui.input(|i| i.raw.hovered_files.len());
    if count == 0 {
        return;
    }
    let painter = ui
        .ctx()
        .layer_painter(LayerId::new(Order::Foreground, Id::unique("drop-overlay")));
    let rect = ui.ctx().content_rect();
    painter.rect_filled(rect, 0.0, theme::DROP_OVERLAY);
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        "松开鼠标即可导入",
        FontId::proportional(32.0),
        Color32::WHITE,
    );
    painter.text(
        rect.center() + egui::vec2(0.0, 40.0),
        Align2::CENTER_CENTER,
        format!("{count} 个文件或文件夹"),
        FontId::proportional(16.0),
        Color32::WHITE,
    );
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.show(ui);
        self.run_dialog(Some(frame));
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.flush();
    }
}
