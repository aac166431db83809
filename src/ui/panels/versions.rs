//! A resubmission beside the version it replaced: which cells changed (before → after), and
//! which findings are now fixed, still open or new. Opened from the report header, where last
//! year's key figures also stand beside this year's.

use crate::model::{format_value, Finding};
use crate::rules::names::key_place;
use crate::ui::app::App;
use crate::ui::state::EntryId;
use crate::ui::theme;
use crate::versions::{changed_cells, finding_changes, key_figures, KEY_FIGURES};
use eframe::egui::{self, RichText, ScrollArea, Ui};

pub fn show(app: &mut App, ui: &mut Ui) {
    let Some(new) = app.view.versions else {
        return;
    };
    let Some(old) = app.state.replaced_version(new) else {
        app.view.versions = None;
        return;
    };
    let (Some(a), Some(b)) = (app.state.report(old), app.state.report(new)) else {
        return;
    };
    let cells = changed_cells(a, b);
    let (fa, fb) = (app.state.findings(old), app.state.findings(new));
    let ch = finding_changes(fa, fb);
    let mut open = true;
    egui::Window::new("重新报送：与退回版本对比")
        .open(&mut open)
        .default_width(620.0)
        .show(ui.ctx(), |ui| {
            ui.label(format!(
                "退回的版本：{}\n重新报送的版本：{}",
                crate::model::file_name(&a.file),
                crate::model::file_name(&b.file)
            ));
            ui.separator();
            ScrollArea::vertical().max_height(460.0).show(ui, |ui| {
                ui.strong(format!("修改的单元格（{} 处）", cells.len()));
                if cells.is_empty() {
                    ui.weak("表格中的数字没有变化。");
                }
                for c in &cells {
                    let kind = crate::format::cell_def(&c.key)
                        .map_or(crate::format::ValueKind::Count, |d| d.column.kind);
                    let v = |x: Option<f64>| x.map_or("空".to_string(), |v| format_value(kind, v));
                    ui.label(format!(
                        "{}：{} → {}",
                        key_place(&c.key),
                        v(c.before),
                        v(c.after)
                    ));
                }
                ui.add_space(6.0);
                list(ui, "已改正", theme::OK_TEXT, &ch.fixed);
                list(ui, "仍未改正", theme::ERROR_TEXT, &ch.still_open);
                list(ui, "新出现", theme::WARNING_TEXT, &ch.new);
            });
        });
    if !open {
        app.view.versions = None;
    }
}

fn list(ui: &mut Ui, title: &str, color: egui::Color32, findings: &[&Finding]) {
    ui.label(
        RichText::new(format!("{title}的问题（{} 项）", findings.len()))
            .strong()
            .color(color),
    );
    for f in findings {
        ui.label(format!(
            "· {}（{}）：{}",
            f.rule.name(),
            f.severity.label(),
            f.message
        ));
    }
    ui.add_space(4.0);
}

/// The header line of a resubmission: what it replaced, the changes, and "not a resubmission".
pub fn header_line(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(old) = app.state.replaced_version(id) else {
        return;
    };
    let old_file = app
        .state
        .report(old)
        .map(|r| crate::model::file_name(&r.file))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        ui.colored_label(theme::OK_TEXT, format!("重新报送：替换了“{old_file}”"));
        if ui.small_button("查看修改").clicked() {
            app.view.versions = Some(id);
        }
        if ui
            .small_button("不是重新报送")
            .on_hover_text("两份都保留；同一机关同一年度的两份报告按重复报告处理")
            .clicked()
        {
            app.state.undo_replacement(id);
        }
    });
}

/// The header line that puts last year's key figures beside this year's, when last year's
/// report of the body is loaded: `新收 15（上年 12，+3）`, the file in the hover.
pub fn last_year_line(app: &mut App, ui: &mut Ui, id: EntryId) {
    let Some(prior) = app.state.last_year_of(id) else {
        return;
    };
    let (Some(now), Some(before)) = (app.state.report(id), app.state.report(prior)) else {
        return;
    };
    let year = before.year.map_or(String::new(), |y| format!("{y} 年度"));
    let parts: Vec<String> = KEY_FIGURES
        .iter()
        .zip(key_figures(now).into_iter().zip(key_figures(before)))
        .map(|((name, _), (a, b))| compare(name, a, b))
        .collect();
    let about = format!("上年报告：{}", crate::model::file_name(&before.file));
    let prior_selected = ui
        .horizontal(|ui| {
            // The button first: the figures take what is left and are cut short there.
            let clicked = ui
                .small_button("查看上年报告")
                .on_hover_text(&about)
                .clicked();
            ui.label(RichText::new(format!("与上年（{year}）比：")).strong());
            ui.add(egui::Label::new(parts.join(" · ")).truncate())
                .on_hover_text(format!("{}\n{about}", parts.join("\n")));
            clicked
        })
        .inner;
    if prior_selected {
        app.state.selected = Some(prior);
        app.selection_changed();
    }
}

/// `新收 15（上年 12，+3）`; a figure unread in either year says so.
fn compare(name: &str, now: Option<f64>, before: Option<f64>) -> String {
    let v = |x: f64| format_value(crate::format::ValueKind::Count, x);
    match (now, before) {
        (Some(a), Some(b)) if a == b => format!("{name} {}（与上年同）", v(a)),
        (Some(a), Some(b)) => {
            let sign = if a > b { "+" } else { "" };
            format!("{name} {}（上年 {}，{sign}{}）", v(a), v(b), v(a - b))
        }
        (Some(a), None) => format!("{name} {}（上年未读出）", v(a)),
        (None, Some(b)) => format!("{name} 未读出（上年 {}）", v(b)),
        (None, None) => format!("{name} 两年均未读出"),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn a_figure_stands_beside_last_years_with_the_change() {
        assert_eq!(
            compare("新收", Some(15.0), Some(12.0)),
            "新收 15（上年 12，+3）"
        );
        assert_eq!(
            compare("办结", Some(9.0), Some(12.0)),
            "办结 9（上年 12，-3）"
        );
        assert_eq!(compare("复议", Some(0.0), Some(0.0)), "复议 0（与上年同）");
        assert_eq!(compare("诉讼", None, Some(1.0)), "诉讼 未读出（上年 1）");
    }
}
