//! One frame of the window: take in what the background jobs finished and what the user dropped,
//! pasted or pressed, then lay out the panels (toolbar, report list, report, details).

use super::app::App;
use super::grid;
use super::panels::welcome::{self, WelcomeAction};
use super::panels::{details, help, notice_log, report_list, roster, settings, toolbar, versions};
use super::theme;
use super::view::Dialog;
use eframe::egui::{
    self, Align2, CentralPanel, Color32, Event, FontId, Id, Key, KeyboardShortcut, LayerId,
    Modifiers, Order, Panel, Ui,
};

impl App {
    /// Draws the whole window. `eframe::App::ui` calls this; tests call it directly.
    pub fn show(&mut self, ui: &mut Ui) {
        let _ = self.ctx.set(ui.ctx().clone());
        if !self.fonts_ready {
            // Before any text is laid out this frame, so the fonts apply at once.
            self.install_fonts(ui.ctx());
        }
        if let Some(notice) = self.jobs.poll(&mut self.state) {
            self.post(notice);
        }
        self.take_roster_read();
        self.handle_input(ui);

        Panel::top("toolbar").show(ui, |ui| toolbar::show(self, ui));
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
        self.confirm_paste(ui);
        self.export_done(ui);
        self.in_app_dialog(ui);
        details::review_form(self, ui);
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.view.help = true;
        }
        if self.view.help {
            help::show(ui, &mut self.view.help, &mut self.view.help_jump);
        }
        if self.view.roster {
            roster::show(self, ui);
        }
        versions::show(self, ui);
        if self.view.notice_log {
            notice_log::show(self, ui);
        }
        if self.view.settings {
            settings::show(self, ui);
        }
        drop_overlay(ui);
        self.jobs.save(&self.state);
        self.track_window(ui);
    }

    /// Notes the window's size and place for the next start (not while maximized, so that
    /// leaving maximized goes back to the size the user chose).
    fn track_window(&mut self, ui: &Ui) {
        if self.first_show.as_ref().is_some_and(|f| f.settling()) {
            return;
        }
        let (inner, outer, maximized) = ui.input(|i| {
            let v = i.viewport();
            (v.inner_rect, v.outer_rect, v.maximized)
        });
        if let Some(m) = maximized {
            self.prefs.maximized = m;
        }
        if maximized == Some(false) {
            if let Some(r) = inner {
                self.prefs.size = Some([r.width(), r.height()]);
            }
            if let Some(r) = outer {
                self.prefs.position = Some([r.min.x, r.min.y]);
            }
        }
    }

    fn handle_input(&mut self, ui: &Ui) {
        let dropped = ui.input(|i| i.raw.dropped_files.clone());
        if !dropped.is_empty() {
            self.take_drop(&dropped);
        }
        // A text field keeps its own shortcuts; the grid passes undo and redo on unless a cell
        // is being typed into, and handles pasting itself.
        let focused = ui.memory(|m| m.focused());
        let grid_focused = focused == Some(grid::grid_id());
        if ui.ctx().text_edit_focused() || (grid_focused && self.view.grid.editor.is_some()) {
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
        // Outside cells and text fields a paste may be an accident: ask before it becomes a
        // report (the last one pasted, if several came in one frame).
        if focused.is_none() {
            if let Some(text) = pasted.into_iter().rfind(|t| !t.trim().is_empty()) {
                self.view.pending_paste = Some(text);
            }
        }
    }

    fn panels(&mut self, ui: &mut Ui) {
        // Leaving a report commits what was being typed into it.
        if self
            .view
            .grid
            .editor
            .as_ref()
            .is_some_and(|e| Some(e.report) != self.state.selected)
        {
            self.close_editor();
        }
        // On a small screen (1024×600) the side panels give the table most of the width.
        let window = ui.ctx().content_rect().width();
        let compact = window < COMPACT_WIDTH;
        let list = Panel::left("reports")
            .resizable(true)
            .default_size(self.prefs.list_width)
            .min_size(if compact { 150.0 } else { 190.0 })
            .max_size(window * if compact { 0.2 } else { 0.4 })
            .show(ui, |ui| match report_list::show(ui, &mut self.state) {
                Some(report_list::ListAction::Remove(id)) => self.remove(id),
                Some(report_list::ListAction::Clear) => self.view.confirm_clear = true,
                None => {}
            });
        self.prefs.list_width = list.response.rect.width();
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
            CentralPanel::default().show(ui, |ui| details::failed_view(self, ui, id));
            return;
        }
        if !self.prefs.hide_details {
            let details = Panel::right("details")
                .resizable(true)
                .default_size(self.prefs.details_width)
                .min_size(if compact { 200.0 } else { 240.0 })
                .max_size(window * if compact { 0.27 } else { 0.45 })
                .show(ui, |ui| details::show(self, ui, id));
            self.prefs.details_width = details.response.rect.width();
        }
        CentralPanel::default().show(ui, |ui| self.report_view(ui, id));
    }
}

/// Below this window width the side panels narrow (a 1024×600 netbook or a projector).
const COMPACT_WIDTH: f32 = 1200.0;

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
