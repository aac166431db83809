//! The findings panel: every failed check of the selected report, in plain Chinese, with the
//! rule's name. Clicking one takes the grid to its cells; each can be answered (已核实无误 /
//! 不适用, see [`review_form`](super::review_form)) and links to its rule in the help.

use crate::model::{Finding, Review, Severity};
use crate::rules::Rule;
use crate::ui::theme;
use eframe::egui::{
    self, accesskit::Role, Color32, Frame, Id, RichText, ScrollArea, Sense, Ui, WidgetInfo,
};

/// What the user did in the panel this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingAction {
    Focus(usize),
    /// Open the review form for this finding.
    Review(usize),
    /// Withdraw its review.
    Reopen(usize),
    Help(Rule),
}

/// Draws the list. `reviews[i]` is the review of `findings[i]`; `checked`: every check has run
/// (until then no ✓ is shown, only 核查中).
pub fn show(
    ui: &mut Ui,
    findings: &[Finding],
    reviews: &[Option<&Review>],
    checked: bool,
    selected: Option<usize>,
) -> Option<FindingAction> {
    let open = |s: Severity| {
        findings
            .iter()
            .zip(reviews)
            .filter(|(f, r)| f.severity == s && r.is_none())
            .count()
    };
    let (errors, warnings) = (open(Severity::Error), open(Severity::Warning));
    let reviewed = reviews.iter().filter(|r| r.is_some()).count();
    ui.horizontal_wrapped(|ui| {
        ui.heading("核对结果");
        if !checked {
            ui.weak("核查中…");
        } else if errors + warnings == 0 {
            ui.colored_label(theme::OK_TEXT, "✓ 全部通过");
        }
        if errors > 0 {
            ui.colored_label(theme::ERROR_TEXT, format!("{errors} 项错误"));
        }
        if warnings > 0 {
            ui.colored_label(theme::WARNING_TEXT, format!("{warnings} 项提醒"));
        }
        if reviewed > 0 {
            ui.weak(format!("{reviewed} 项已核实"));
        }
    });
    if findings.is_empty() {
        ui.label(if checked {
            "表内勾稽关系、文字与表格的一致性等核对均未发现问题。"
        } else {
            "正在核对，结果稍后显示。"
        });
        return None;
    }
    ui.weak("单击一项可在表格中定位相关单元格。");
    let mut action = None;
    ScrollArea::vertical()
        .id_salt("findings")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, f) in findings.iter().enumerate() {
                let review = reviews.get(i).copied().flatten();
                if let Some(a) = item(ui, i, f, review, selected == Some(i)) {
                    action = Some(a);
                }
            }
        });
    action
}

fn item(
    ui: &mut Ui,
    i: usize,
    f: &Finding,
    review: Option<&Review>,
    selected: bool,
) -> Option<FindingAction> {
    let (accent, fill) = match (review, f.severity) {
        (Some(_), _) => (theme::MUTED_TEXT, Color32::from_gray(242)),
        (None, Severity::Error) => (theme::ERROR_TEXT, Color32::from_rgb(255, 240, 238)),
        (None, Severity::Warning) => (theme::WARNING_TEXT, Color32::from_rgb(255, 248, 230)),
    };
    let stroke = if selected {
        egui::Stroke::new(2.0, theme::FOCUS_BORDER)
    } else {
        egui::Stroke::new(1.0, accent.gamma_multiply(0.4))
    };
    let mut action = None;
    let inner = Frame::new()
        .fill(fill)
        .stroke(stroke)
        .corner_radius(4)
        .inner_margin(6)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let verdict = review.map_or(f.severity.label(), |r| r.status.label());
                ui.label(RichText::new(verdict).color(accent).strong());
                ui.label(
                    RichText::new(f.rule.name())
                        .small()
                        .color(theme::MUTED_TEXT),
                );
            });
            let message = RichText::new(&f.message);
            ui.label(if review.is_some() {
                message.color(theme::MUTED_TEXT)
            } else {
                message
            });
            if let Some(r) = review {
                let by = if r.by.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", r.by)
                };
                ui.label(
                    RichText::new(format!("核实说明：{}{by}", r.note))
                        .small()
                        .italics(),
                );
            }
        });
    // The whole card selects; the buttons below sit outside it so that they get their clicks.
    let response = ui.interact(
        inner.response.rect,
        Id::unique(("finding", i)),
        Sense::click(),
    );
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &f.message));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    if response.clicked() {
        action = Some(FindingAction::Focus(i));
    }
    ui.horizontal(|ui| {
        let (text, a) = match review {
            None => ("核实…", FindingAction::Review(i)),
            Some(_) => ("撤销核实", FindingAction::Reopen(i)),
        };
        let hover = "标记为已核实无误或不适用：不再计入错误数，导出时写明核实情况";
        if ui.small_button(text).on_hover_text(hover).clicked() {
            action = Some(a);
        }
        if ui
            .small_button("规则说明")
            .on_hover_text(f.rule.explanation())
            .clicked()
        {
            action = Some(FindingAction::Help(f.rule));
        }
    });
    ui.add_space(2.0);
    action
}
