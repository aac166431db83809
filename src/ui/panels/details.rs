//! The right panel: the findings of the selected report above its source text; and, for a file
//! that could not be read, the reason in the middle.

use super::findings::{self, FindingAction};
use super::review_form::{FormResult, ReviewForm};
use super::source_view;
use crate::model::file_name;
use crate::model::ReviewStatus;
use crate::ui::app::App;
use crate::ui::state::EntryId;
use crate::ui::theme;
use eframe::egui::{Panel, RichText, Ui};

pub fn show(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(report) = app.state.report(id) else {
        return;
    };
    let height = ui.available_height();
    Panel::bottom("source")
        .resizable(true)
        // On a low screen the findings keep most of the height.
        .default_size(height * if height < 600.0 { 0.3 } else { 0.45 })
        .min_size(120.0)
        .show(ui, |ui| {
            source_view::show(ui, report, app.view.source.clone(), app.view.source_scroll);
        });
    app.view.source_scroll = false;
    let Some(loaded) = app.state.entry(id).and_then(|e| e.loaded()) else {
        return;
    };
    let reviews: Vec<_> = loaded.findings.iter().map(|f| loaded.review(f)).collect();
    let action = findings::show(
        ui,
        &loaded.findings,
        &reviews,
        loaded.checked,
        app.view.focus_finding,
    );
    let finding = |i: usize| loaded.findings.get(i).cloned();
    match action {
        Some(FindingAction::Focus(i)) => app.focus_finding(i),
        Some(FindingAction::Review(i)) => {
            if let Some(f) = finding(i) {
                app.view.review = Some(ReviewForm {
                    report: id,
                    finding: f.key(),
                    message: f.message.clone(),
                    status: ReviewStatus::Confirmed,
                    note: String::new(),
                    by: app.prefs.reviewer.clone(),
                });
            }
        }
        Some(FindingAction::Reopen(i)) => {
            if let Some(f) = finding(i) {
                app.state.set_review(id, &f.key(), None);
            }
        }
        Some(FindingAction::Help(rule)) => {
            app.view.help = true;
            app.view.help_jump = Some(rule);
        }
        None => {}
    }
}

/// The review form, while open.
pub fn review_form(app: &mut App, ui: &mut Ui) {
    let Some(form) = app.view.review.as_mut() else {
        return;
    };
    match form.show(ui) {
        Some(FormResult::Save(review)) => {
            let (report, finding) = (form.report, form.finding.clone());
            app.prefs.reviewer = review.by.clone();
            app.state.set_review(report, &finding, Some(review));
            app.view.review = None;
        }
        Some(FormResult::Cancel) => app.view.review = None,
        None => {}
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
