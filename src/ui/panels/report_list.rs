//! The left panel: loaded reports (agency, year, file type, error count or ✓) and unreadable
//! files with their reason, in an `egui_extras` table that draws only the visible rows (hundreds
//! of reports) and has resizable columns; the search box, sorting, the error filter, remove
//! and clear.

use crate::model::file_name;
use crate::ui::state::list::{self, ListRow, RowKind, SortKey};
use crate::ui::state::{EntryId, State};
use crate::ui::theme;
use eframe::egui::{self, accesskit::Role, Label, RichText, Sense, Ui, WidgetInfo};
use egui_extras::{Column, TableBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Remove(EntryId),
    /// Asks before clearing.
    Clear,
}

pub fn show(ui: &mut Ui, state: &mut State) -> Option<ListAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading("报告");
        ui.weak(format!("{} 份", state.report_count()));
        let failed = state.failed_count();
        if failed > 0 {
            ui.colored_label(theme::ERROR_TEXT, format!("{failed} 个无法读取"));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("查找");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter.search)
                .hint_text("机关名、文件名或拼音首字母")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("排序");
        egui::ComboBox::from_id_salt("sort")
            .selected_text(state.sort.label())
            .show_ui(ui, |ui| {
                for key in SortKey::ALL {
                    ui.selectable_value(&mut state.sort, key, key.label());
                }
            })
            .response
            .labelled_by(label.id);
        ui.checkbox(&mut state.filter.only_errors, "只看有错误的");
    });
    ui.horizontal(|ui| {
        let selected = state.selected;
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("移除所选"))
            .on_hover_text("从列表中移除所选报告（不会删除文件）")
            .clicked()
        {
            action = selected.map(ListAction::Remove);
        }
        if ui
            .add_enabled(!state.is_empty(), egui::Button::new("清空"))
            .on_hover_text("移除列表中的全部报告")
            .clicked()
        {
            action = Some(ListAction::Clear);
        }
    });
    ui.separator();
    let rows = state.rows();
    if rows.is_empty() && !state.is_empty() {
        if state.loaded().any(|(_, l)| !l.checked) {
            ui.weak("核查中…");
        } else if state.filter.search.trim().is_empty() {
            ui.colored_label(theme::OK_TEXT, "✓ 没有发现错误的报告");
        } else {
            ui.weak("没有符合查找条件的报告。");
        }
    }
    let duplicates = list::duplicates(&rows);
    if let Some(id) = table(ui, &rows, &duplicates, state.selected) {
        state.selected = Some(id);
    }
    action
}

const ROW_HEIGHT: f32 = 40.0;

/// Draws the rows; returns the one clicked.
fn table(
    ui: &mut Ui,
    rows: &[ListRow],
    duplicates: &[bool],
    selected: Option<EntryId>,
) -> Option<EntryId> {
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt("report-list")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(40.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(44.0).at_least(36.0))
        .column(Column::initial(52.0).at_least(40.0).clip(true))
        .auto_shrink([false, false])
        .header(20.0, |mut header| {
            for title in ["", "机关 / 文件", "年度", "类型"] {
                header.col(|ui| {
                    ui.add(Label::new(RichText::new(title).small().strong()).selectable(false));
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let i = row.index();
                let r = &rows[i];
                let is_selected = selected == Some(r.id);
                row.set_selected(is_selected);
                row.col(|ui| badge(ui, &r.kind));
                row.col(|ui| name_cell(ui, r, duplicates.get(i).copied().unwrap_or(false)));
                row.col(|ui| {
                    let year = match r.kind {
                        RowKind::Report { year: Some(y), .. } => y.to_string(),
                        _ => "—".into(),
                    };
                    ui.add(Label::new(year).selectable(false));
                });
                row.col(|ui| {
                    let kind = match &r.kind {
                        RowKind::Report { file_kind, .. } => file_kind.label(),
                        RowKind::Failed { .. } => "—",
                    };
                    ui.add(Label::new(RichText::new(kind).small()).selectable(false));
                });
                let response = row.response();
                response.widget_info(|| {
                    WidgetInfo::selected(Role::ListItem, true, is_selected, &r.title)
                });
                let response = response.on_hover_text(match &r.kind {
                    RowKind::Failed { error } => format!("{}\n{error}", r.file),
                    RowKind::Report { .. } => r.file.clone(),
                });
                if response.clicked() {
                    clicked = Some(r.id);
                }
            });
        });
    clicked
}

fn name_cell(ui: &mut Ui, row: &ListRow, duplicate: bool) {
    ui.vertical(|ui| {
        ui.spacing_mut().item_spacing.y = 1.0;
        ui.add(
            Label::new(RichText::new(&row.title).strong())
                .truncate()
                .selectable(false),
        );
        let sub = match &row.kind {
            RowKind::Report { replaced: true, .. } => {
                RichText::new(format!("已被替换 · {}", file_name(&row.file)))
                    .small()
                    .weak()
            }
            RowKind::Report { .. } if duplicate => {
                RichText::new(format!("重复：同一机关同一年度 · {}", file_name(&row.file)))
                    .small()
                    .color(theme::WARNING_TEXT)
            }
            RowKind::Report { .. } => RichText::new(file_name(&row.file)).small().weak(),
            RowKind::Failed { error } => RichText::new(error).small().color(theme::ERROR_TEXT),
        };
        ui.add(Label::new(sub).truncate().selectable(false));
    });
}

fn badge(ui: &mut Ui, kind: &RowKind) {
    let text = match kind {
        // No error known yet, but the checks have not all run: no ✓ until they have.
        RowKind::Report {
            errors: 0,
            checked: false,
            ..
        } => RichText::new("核查\n中").small().weak(),
        RowKind::Report { errors: 0, .. } => RichText::new("✓").strong().color(theme::OK_TEXT),
        RowKind::Report { errors, .. } => RichText::new(format!(" {errors} "))
            .strong()
            .color(egui::Color32::WHITE)
            .background_color(theme::ERROR_TEXT),
        RowKind::Failed { .. } => RichText::new("无法\n读取").small().color(theme::ERROR_TEXT),
    };
    ui.add(Label::new(text).selectable(false));
}
