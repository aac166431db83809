//! The right panel: the findings of the selected report above its source text; and, for a file
//! that could not be read, the reason in the middle.

use super::app::App;
use super::state::{file_name, EntryId};
use super::{findings, source_view, theme};
use eframe::egui::{Panel, RichText, Ui};

pub fn show(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(report) = app.state.report(id) else {
        return;
    };
    let height = ui.available_height();
    Panel::bottom("source")
        .resizable(true)
        .default_size(height * 0.45)
        .min_size(120.0)
        .show(ui, |ui| {
            source_view::show(ui, report, app.view.source.clone(), app.view.source_scroll);
        });
    app.view.source_scroll = false;
    let clicked = findings::show(ui, app.state.findings(id), app.view.focus_finding);
    if let Some(i) = clicked {
        app.focus_finding(i);
    }
}

pub fn failed_view(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(f) = app.state.failed_file(id).cloned() else {
        return;
    };
    ui.heading(file_name(&f.file));
    ui.weak(&f.file);
    ui.add_space(8.0);
    ui.colored_label(theme::ERROR_TEXT, RichText::new("无法读取此文件").strong());
    ui.label(&f.error);
    ui.add_space(8.0);
    if ui.button("从列表中移除").clicked() {
        app.remove(id);
    }
}
