//! The findings panel: every failed check of the selected report, in plain Chinese. Clicking one
//! takes the grid to its cells.

use super::theme;
use crate::model::{Finding, Severity};
use eframe::egui::{
    self, accesskit::Role, Color32, Frame, Id, RichText, ScrollArea, Sense, Ui, WidgetInfo,
};

/// Draws the list; returns the index of the finding clicked this frame.
pub fn show(ui: &mut Ui, findings: &[Finding], selected: Option<usize>) -> Option<usize> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    ui.horizontal(|ui| {
        ui.heading("核对结果");
        if findings.is_empty() {
            ui.colored_label(theme::OK_TEXT, "✓ 全部通过");
        } else {
            if errors > 0 {
                ui.colored_label(theme::ERROR_TEXT, format!("{errors} 项错误"));
            }
            if warnings > 0 {
                ui.colored_label(theme::WARNING_TEXT, format!("{warnings} 项提醒"));
            }
        }
    });
    if findings.is_empty() {
        ui.label("表内勾稽关系、文字与表格的一致性等核对均未发现问题。");
        return None;
    }
    ui.weak("单击一项可在表格中定位相关单元格。");
    let mut clicked = None;
    ScrollArea::vertical()
        .id_salt("findings")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, f) in findings.iter().enumerate() {
                if item(ui, i, f, selected == Some(i)) {
                    clicked = Some(i);
                }
            }
        });
    clicked
}

fn item(ui: &mut Ui, i: usize, f: &Finding, selected: bool) -> bool {
    let (accent, fill) = match f.severity {
        Severity::Error => (theme::ERROR_TEXT, Color32::from_rgb(255, 240, 238)),
        Severity::Warning => (theme::WARNING_TEXT, Color32::from_rgb(255, 248, 230)),
    };
    let stroke = if selected {
        egui::Stroke::new(2.0, theme::FOCUS_BORDER)
    } else {
        egui::Stroke::new(1.0, accent.gamma_multiply(0.4))
    };
    let inner = Frame::new()
        .fill(fill)
        .stroke(stroke)
        .corner_radius(4)
        .inner_margin(6)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(f.severity.label()).color(accent).strong());
                ui.label(
                    RichText::new(f.rule.name())
                        .small()
                        .color(theme::MUTED_TEXT),
                );
            });
            ui.label(&f.message);
        });
    let response = ui.interact(
        inner.response.rect,
        Id::unique(("finding", i)),
        Sense::click(),
    );
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &f.message));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    ui.add_space(2.0);
    response.clicked()
}
