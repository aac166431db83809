//! Above the tables: the report's particulars (agency and year, editable), its edition,
//! publication date, file type and path.

use crate::format::FormatVersion;
use crate::model::{Level, Severity};
use crate::recognise::parse_year;
use crate::rules::authority::level_of;
use crate::ui::app::App;
use crate::ui::state::EntryId;
use crate::ui::theme;
use eframe::egui::{self, RichText, Ui};

pub fn show(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(report) = app.state.report(id) else {
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
    // Two rows of fixed height, so that the tabs below stay in place: the fields, then what
    // the report is (edition, date, file), the path cut short where the panel ends.
    // The fields wrap on a narrow window rather than push the panel wider than it is, which
    // would cut off the tabs and the table's last columns.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("机关名称");
        let r = ui.add(
            egui::TextEdit::singleline(&mut app.view.agency)
                .desired_width((ui.available_width() - 340.0).clamp(100.0, 300.0))
                .hint_text("未识别，请填写"),
        );
        commit_agency = r.labelled_by(label.id).lost_focus();
        let label = ui.label("年度");
        let r = ui.add(
            egui::TextEdit::singleline(&mut app.view.year)
                .desired_width(52.0)
                .hint_text("如 2023"),
        );
        commit_year = r.labelled_by(label.id).lost_focus();
        notice_button(app, ui, id);
    });
    counting_row(app, ui, id);
    super::versions::header_line(app, ui, id);
    super::versions::last_year_line(app, ui, id);
    ui.horizontal(|ui| {
        let mut about = vec![version.to_string()];
        about.extend(published);
        about.push(kind.to_string());
        ui.add(egui::Label::new(RichText::new(about.join(" · ") + " · ").weak()).extend());
        ui.add(egui::Label::new(RichText::new(&file).weak()).truncate());
    });
    if commit_agency {
        app.state.set_agency(id, Some(app.view.agency.clone()));
    }
    if commit_year {
        match parse_year(&app.view.year) {
            Ok(year) => {
                app.state.set_year(id, year);
            }
            Err(e) => {
                app.set_notice(e, true);
                app.refill_fields();
            }
        }
    }
}

/// 层级 (from the name, or the clerk's choice) and whether the workbook's totals count the report:
/// a duplicate or a body of another tier than most is left out unless the clerk counts it.
fn counting_row(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(report) = app.state.report(id) else {
        return;
    };
    let chosen = report.level;
    let clerk_decided = report.counted.is_some();
    let guessed = report.agency.as_deref().and_then(level_of);
    let automatic = format!("自动（{}）", guessed.map_or("未能判断", Level::label));
    let (left, reports) = app.state.left_out(id);
    let mut level_change = None;
    let mut counted_change = None;
    ui.horizontal(|ui| {
        let label = ui.label("层级");
        let selected = chosen.map_or(automatic.clone(), |l| l.label().to_string());
        egui::ComboBox::from_id_salt(("level", id))
            .selected_text(selected)
            .show_ui(ui, |ui| {
                if ui.selectable_label(chosen.is_none(), &automatic).clicked() {
                    level_change = Some(None);
                }
                for l in Level::ALL {
                    if ui.selectable_label(chosen == Some(l), l.label()).clicked() {
                        level_change = Some(Some(l));
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("工作簿按层级分别小计；与多数报告层级不同的机关默认不计入合计");
        let mut counted = left.is_none();
        let why = match left {
            Some(l) => l.reason(&reports),
            None => "导出的工作簿把此报告计入合计".to_string(),
        };
        if ui
            .checkbox(&mut counted, "计入汇总合计")
            .on_hover_text(&why)
            .changed()
        {
            counted_change = Some(Some(counted));
        }
        if clerk_decided && ui.small_button("恢复自动").clicked() {
            counted_change = Some(None);
        }
        if left.is_some() {
            ui.colored_label(theme::WARNING_TEXT, why);
        }
    });
    if let Some(level) = level_change {
        app.state.set_level(id, level);
    }
    match counted_change {
        Some(Some(true)) => app.state.count_instead(id),
        Some(counted) => {
            app.state.set_counted(id, counted);
        }
        None => {}
    }
}

/// 整改通知… for this report's unit alone, when it has an open error (one not answered by the
/// clerk's review).
fn notice_button(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(report) = app.state.report(id) else {
        return;
    };
    let open = app
        .state
        .findings(id)
        .iter()
        .filter(|f| f.severity == Severity::Error && crate::export::is_open(report, f))
        .count();
    if open == 0 || app.jobs.export.is_some() {
        return;
    }
    if ui
        .small_button("写本单位整改通知…")
        .on_hover_text(format!("只为这个单位写整改通知（{open} 项待改正错误）"))
        .clicked()
    {
        if let Some(i) = app.report_index(id) {
            app.ask_notices(Some(vec![i]));
        }
    }
}
