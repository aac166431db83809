//! The 报送名单 window: the units that must report, each with its report (or 未报), its status
//! and date, and a way to fix a match by hand. Without a roster it offers to paste a list, open
//! a .txt/.xlsx list, or take the last one used. Draws and sends commands to the state.

use crate::export::Timeliness;
use crate::model::file_name;
use crate::roster::{parse_list, Pin, Roster, Status};
use crate::ui::app::App;
use crate::ui::theme;
use crate::ui::view::Dialog;
use eframe::egui::{self, RichText, ScrollArea, Ui};

pub fn show(app: &mut App, ui: &mut Ui) {
    let mut open = app.view.roster;
    egui::Window::new("报送名单")
        .open(&mut open)
        .default_width(720.0)
        .show(ui.ctx(), |ui| {
            if app.state.roster.is_none() {
                no_roster(app, ui);
            } else {
                roster(app, ui);
            }
        });
    app.view.roster = open && app.view.roster;
}

fn no_roster(app: &mut App, ui: &mut Ui) {
    ui.label("列出本年度应报送年度报告的单位，程序会把载入的报告与名单对应，没有报告的单位显示为“未报”。");
    ui.add_space(4.0);
    let label = ui.label("粘贴名单（每行一个单位，可带序号）：");
    ui.add(
        egui::TextEdit::multiline(&mut app.view.roster_text)
            .desired_rows(8)
            .desired_width(f32::INFINITY)
            .hint_text("红寺堡镇\n大河乡\n新庄集乡"),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        let names = parse_list(&app.view.roster_text);
        if ui
            .add_enabled(
                !names.is_empty(),
                egui::Button::new(format!("使用此名单（{} 个单位）", names.len())),
            )
            .clicked()
        {
            app.use_roster(Roster::from_names(&names));
            app.view.roster_text.clear();
        }
        if ui
            .button("打开名单文件…")
            .on_hover_text("文本文件每行一个单位，或 Excel 表格的第一列列出单位")
            .clicked()
        {
            app.view.dialog = Some(Dialog::OpenRoster);
        }
        let last = app.prefs.last_roster.clone();
        if ui
            .add_enabled(
                !last.is_empty(),
                egui::Button::new(format!("沿用上次的名单（{} 个单位）", last.len())),
            )
            .clicked()
        {
            app.use_roster(Roster::from_names(&last));
        }
    });
}

fn roster(app: &mut App, ui: &mut Ui) {
    let units = app.state.units();
    let late = units.count(Timeliness::Late);
    let missing = units.missing().count();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} 年度：应报 {} 个，已报 {} 个，",
            units.year.map_or("—".to_string(), |y| y.to_string()),
            units.units.len(),
            units.units.len() - missing
        ));
        ui.colored_label(
            if missing > 0 {
                theme::ERROR_TEXT
            } else {
                theme::OK_TEXT
            },
            format!("未报 {missing} 个"),
        );
        ui.label(format!("，逾期公布 {late} 个。"));
    });
    let reports = app.state.reports();
    let today = crate::export::today();
    let mut status_change = None;
    let mut pin_change = None;
    let mut select = None;
    ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
        egui::Grid::new("roster-grid")
            .striped(true)
            .num_columns(7)
            .show(ui, |ui| {
                for h in [
                    "单位",
                    "报告",
                    "状态",
                    "日期",
                    "待改正错误",
                    "对应报告",
                    "写通知",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (u, unit) in units.units.iter().enumerate() {
                    let name = ui.label(&unit.name);
                    match unit.report.and_then(|i| reports.get(i)) {
                        Some(r) => {
                            if ui
                                .link(file_name(&r.file))
                                .on_hover_text("在列表中选中这份报告")
                                .clicked()
                            {
                                select = app.state.unit_entry(unit);
                            }
                        }
                        None => {
                            ui.colored_label(theme::ERROR_TEXT, RichText::new("未报").strong());
                        }
                    }
                    let label = unit.status_label();
                    egui::ComboBox::from_id_salt(("status", u))
                        .selected_text(label)
                        .show_ui(ui, |ui| {
                            for s in Status::ALL {
                                if ui.selectable_label(unit.status == s, s.label()).clicked() {
                                    status_change = Some((u, s));
                                }
                            }
                        })
                        .response
                        .labelled_by(name.id);
                    ui.label(unit.since.map_or(String::new(), |d| d.iso()));
                    if unit.report.is_some() {
                        let text = if unit.errors == 0 {
                            "无".to_string()
                        } else {
                            unit.errors.to_string()
                        };
                        ui.colored_label(
                            if unit.errors > 0 {
                                theme::ERROR_TEXT
                            } else {
                                theme::OK_TEXT
                            },
                            text,
                        );
                    } else {
                        ui.label("—");
                    }
                    pin_combo(ui, u, &app.state.roster, &reports, &mut pin_change)
                        .labelled_by(name.id);
                    if unit.report.is_some() && unit.errors > 0 {
                        let mut ticked = app.view.notice_pick.contains(&u);
                        if ui
                            .checkbox(&mut ticked, "")
                            .labelled_by(name.id)
                            .on_hover_text("勾选后可只为勾选的单位写整改通知")
                            .changed()
                        {
                            if ticked {
                                app.view.notice_pick.insert(u);
                            } else {
                                app.view.notice_pick.remove(&u);
                            }
                        }
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
    });
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .button("整改通知（全部）…")
            .on_hover_text("为每个有待改正错误的单位写整改通知，并写核查情况通报")
            .clicked()
        {
            app.ask_notices(None);
        }
        // Ticks of units that no longer have an open error (or a report) do not count.
        let picked: Vec<usize> = app
            .view
            .notice_pick
            .iter()
            .filter_map(|&u| units.units.get(u))
            .filter(|u| u.errors > 0)
            .filter_map(|u| u.report)
            .collect();
        if ui
            .add_enabled(
                !picked.is_empty(),
                egui::Button::new(format!("只写勾选单位的通知（{} 个）…", picked.len())),
            )
            .on_hover_text("只为勾选的单位写整改通知，不写核查情况通报")
            .clicked()
        {
            app.ask_notices(Some(picked));
        }
        if ui.button("清除名单").clicked() {
            app.view.notice_pick.clear();
            app.state.set_roster(None);
        }
    });
    if let Some((u, s)) = status_change {
        app.state.set_unit_status(u, s, today);
    }
    if let Some((u, pin)) = pin_change {
        app.state.pin_unit(u, pin);
    }
    if let Some(id) = select {
        app.state.selected = Some(id);
        app.selection_changed();
    }
}

/// 自动 (by name), one of the reports, or 无报告.
fn pin_combo(
    ui: &mut Ui,
    u: usize,
    roster: &Option<Roster>,
    reports: &[std::sync::Arc<crate::model::Report>],
    change: &mut Option<(usize, Option<Pin>)>,
) -> egui::Response {
    let pin = roster
        .as_ref()
        .and_then(|r| r.units.get(u))
        .and_then(|x| x.pin.clone());
    let shown = match &pin {
        None => "自动".to_string(),
        Some(Pin::NoReport) => "无报告".to_string(),
        Some(Pin::File(f)) => file_name(f),
    };
    egui::ComboBox::from_id_salt(("pin", u))
        .selected_text(shown)
        .width(160.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(pin.is_none(), "自动（按名称对应）")
                .clicked()
            {
                *change = Some((u, None));
            }
            if ui
                .selectable_label(pin == Some(Pin::NoReport), "无报告")
                .clicked()
            {
                *change = Some((u, Some(Pin::NoReport)));
            }
            for r in reports.iter().filter(|r| r.replaced_by.is_none()) {
                let this = Some(Pin::File(r.file.clone()));
                let text = format!(
                    "{} · {}",
                    r.agency.as_deref().unwrap_or("未识别机关"),
                    file_name(&r.file)
                );
                if ui.selectable_label(pin == this, text).clicked() {
                    *change = Some((u, this));
                }
            }
        })
        .response
}
