//! The left panel: loaded reports (agency, year, error count or ✓) and unreadable files with
//! their reason; sorting, the error filter, remove and clear.

use super::state::{EntryId, ListRow, RowKind, SortKey, State};
use super::theme;
use eframe::egui::{
    self, accesskit::Role, Id, RichText, ScrollArea, Sense, Ui, UiBuilder, WidgetInfo,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Remove(EntryId),
    /// Asks before clearing.
    Clear,
}

pub fn show(ui: &mut Ui, state: &mut State) -> Option<ListAction> {
    let mut action = None;
    let rows = state.list();
    ui.horizontal(|ui| {
        ui.heading("报告");
        ui.weak(format!("{} 份", state.report_count()));
        if !state.failed().is_empty() {
            ui.colored_label(
                theme::ERROR_TEXT,
                format!("{} 个无法读取", state.failed().len()),
            );
        }
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
    });
    ui.checkbox(&mut state.only_errors, "只看有错误的");
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
    if rows.is_empty() && state.only_errors && !state.is_empty() {
        ui.colored_label(theme::OK_TEXT, "✓ 没有发现错误的报告");
    }
    // Fixed-height entries let the list draw only what is visible (hundreds of reports).
    ScrollArea::vertical()
        .id_salt("report-list")
        .auto_shrink([false, false])
        .show_rows(ui, ENTRY_HEIGHT, rows.len(), |ui, range| {
            for row in &rows[range] {
                if entry(ui, row, state.selected == Some(row.id)) {
                    state.selected = Some(row.id);
                }
            }
        });
    action
}

const ENTRY_HEIGHT: f32 = 46.0;

/// One entry; returns true when clicked.
fn entry(ui: &mut Ui, row: &ListRow, selected: bool) -> bool {
    let size = egui::vec2(ui.available_width(), ENTRY_HEIGHT);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    if selected {
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
        ui.painter().rect_filled(rect, 4.0, fill);
    } else if ui.rect_contains_pointer(rect) {
        ui.painter()
            .rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(6.0, 3.0)))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.spacing_mut().item_spacing.y = 2.0;
    child.horizontal(|ui| {
        badge(ui, &row.kind);
        ui.add(plain(RichText::new(&row.title).strong()).truncate());
    });
    let sub = match &row.kind {
        RowKind::Report { year, .. } => {
            let year = year.map_or("年度不详".to_string(), |y| format!("{y} 年度"));
            RichText::new(format!("{year} · {}", super::state::file_name(&row.file))).weak()
        }
        RowKind::Failed { error } => RichText::new(error).small().color(theme::ERROR_TEXT),
    };
    child.add(plain(sub).truncate());
    // On top of the texts, so a click anywhere on the entry selects it.
    let response = ui.interact(rect, Id::unique(("entry", row.id)), Sense::click());
    response.widget_info(|| WidgetInfo::selected(Role::ListItem, true, selected, &row.title));
    let response = response.on_hover_text(match &row.kind {
        RowKind::Failed { error } => format!("{}\n{error}", row.file),
        RowKind::Report { .. } => row.file.clone(),
    });
    response.clicked()
}

/// A label that neither selects text nor takes clicks from the entry under it.
fn plain(text: RichText) -> egui::Label {
    egui::Label::new(text).selectable(false)
}

fn badge(ui: &mut Ui, kind: &RowKind) {
    match kind {
        RowKind::Report { errors: 0, .. } => {
            ui.colored_label(theme::OK_TEXT, RichText::new("✓").strong());
        }
        RowKind::Report { errors, .. } => {
            ui.label(
                RichText::new(format!(" {errors} "))
                    .strong()
                    .color(egui::Color32::WHITE)
                    .background_color(theme::ERROR_TEXT),
            );
        }
        RowKind::Failed { .. } => {
            ui.colored_label(theme::ERROR_TEXT, RichText::new("无法读取").strong());
        }
    }
}
