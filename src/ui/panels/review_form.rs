//! The form that answers a finding: 已核实无误 or 不适用, a short note and the clerk's name.

use crate::model::{Review, ReviewStatus};
use crate::ui::state::EntryId;
use eframe::egui::{self, Id, Ui};

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewForm {
    pub report: EntryId,
    /// The finding's key ([`crate::model::Finding::key`]) and its message, shown for context.
    pub finding: String,
    pub message: String,
    pub status: ReviewStatus,
    pub note: String,
    pub by: String,
}

/// The form's outcome this frame.
pub enum FormResult {
    Save(Review),
    Cancel,
}

impl ReviewForm {
    pub fn show(&mut self, ui: &mut Ui) -> Option<FormResult> {
        let mut result = None;
        let modal = egui::Modal::new(Id::unique("review-form")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            ui.heading("核实此问题");
            ui.label(&self.message);
            ui.add_space(6.0);
            for s in [ReviewStatus::Confirmed, ReviewStatus::NotApplicable] {
                ui.radio_value(&mut self.status, s, s.label());
            }
            ui.horizontal(|ui| {
                let label = ui.label("说明");
                ui.add(
                    egui::TextEdit::singleline(&mut self.note)
                        .hint_text("如：已电话联系某镇办，数字无误")
                        .desired_width(320.0),
                )
                .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label("核实人");
                ui.add(egui::TextEdit::singleline(&mut self.by).desired_width(120.0))
                    .labelled_by(label.id);
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("确定").clicked() {
                    result = Some(FormResult::Save(Review {
                        status: self.status,
                        note: self.note.trim().to_string(),
                        by: self.by.trim().to_string(),
                    }));
                }
                if ui.button("取消").clicked() {
                    result = Some(FormResult::Cancel);
                }
            });
        });
        if result.is_none() && modal.should_close() {
            result = Some(FormResult::Cancel);
        }
        result
    }
}
