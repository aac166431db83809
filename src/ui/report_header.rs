//! Above the tables: the report's particulars (agency and year, editable), its edition,
//! publication date, file type and path.

use super::app::App;
use super::state::EntryId;
use crate::format::FormatVersion;
use crate::recognise::parse_year;
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
    ui.horizontal(|ui| {
        let label = ui.label("机关名称");
        let r = ui.add(
            egui::TextEdit::singleline(&mut app.view.agency)
                .desired_width(300.0_f32.min(ui.available_width() - 120.0).max(100.0))
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
    });
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
