//! The settings window: the publication deadline for each kind of body (the checks of 发布日期
//! compare with it), and who signs the 整改通知 (office, contact, reply period). Assessments differ between provinces, so the clerk sets them here; they are
//! remembered in the prefs and the reports are checked again at once.

use crate::rules::{BodyKind, Rule};
use crate::ui::app::App;
use eframe::egui::{self, DragValue, Ui};

pub fn show(app: &mut App, ui: &mut Ui) {
    let mut open = app.view.settings;
    let entries = app.state.settings().deadline_entries();
    let mut change: Option<(BodyKind, (u32, u32))> = None;
    egui::Window::new("设置")
        .open(&mut open)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.strong("年报公布期限");
            ui.label(format!(
                "报告年度次年的这一天之后才公布的，核对结果中会提示“{}”。",
                Rule::LatePublication.name()
            ));
            ui.add_space(4.0);
            egui::Grid::new("deadlines").num_columns(3).show(ui, |ui| {
                for e in &entries {
                    let label = ui.label(e.kind.description());
                    let (mut month, mut day) = e.deadline;
                    ui.horizontal(|ui| {
                        ui.label("次年");
                        let m = ui
                            .add(DragValue::new(&mut month).range(1..=12).suffix(" 月"))
                            .labelled_by(label.id);
                        let d = ui
                            .add(DragValue::new(&mut day).range(1..=31).suffix(" 日"))
                            .labelled_by(label.id);
                        if (m.changed() || d.changed()) && (month, day) != e.deadline {
                            change = Some((e.kind, (month, day)));
                        }
                    });
                    let default = e.kind.default_deadline();
                    let reset = ui.add_enabled(e.deadline != default, egui::Button::new("默认"));
                    if reset
                        .on_hover_text(format!("恢复为 {} 月 {} 日", default.0, default.1))
                        .clicked()
                    {
                        change = Some((e.kind, default));
                    }
                    ui.end_row();
                }
            });
            ui.add_space(4.0);
            ui.weak("命令行：nianbao check --deadline 部门=03-31");
            ui.separator();
            notice_settings(&mut app.prefs, ui);
        });
    app.view.settings = open;
    if let Some((kind, md)) = change {
        if !app.set_deadline(kind, md) {
            app.set_notice(
                format!("没有 {} 月 {} 日这一天，期限未改。", md.0, md.1),
                true,
            );
        }
    }
}

/// Who signs the 整改通知 and the 通报, whom towns call, and how long they have to reply.
fn notice_settings(prefs: &mut crate::ui::platform::prefs::Prefs, ui: &mut Ui) {
    ui.strong("整改通知和核查情况通报");
    egui::Grid::new("notice-settings")
        .num_columns(2)
        .show(ui, |ui| {
            text_row(
                ui,
                "核查单位",
                &mut prefs.office,
                "如：某某县人民政府办公室",
            );
            text_row(
                ui,
                "联系人及电话",
                &mut prefs.contact,
                "如：张三 0953-1234567",
            );
            let label = ui.label("整改期限");
            ui.add(
                DragValue::new(&mut prefs.reply_days)
                    .range(1..=90)
                    .prefix("发出后 ")
                    .suffix(" 天"),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    ui.checkbox(
        &mut prefs.notice_tables,
        "通知后附上需改正的表格（需改正的单元格灰底加粗）",
    );
    ui.weak("未填写的核查单位在通知中留空，打印后手写。");
}

/// A labelled text field in a two-column grid.
fn text_row(ui: &mut Ui, name: &str, value: &mut String, hint: &str) {
    let label = ui.label(name);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(260.0),
    )
    .labelled_by(label.id);
    ui.end_row();
}
