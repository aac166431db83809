//! One value cell of the grid: its colour (failed checks, edited, implied), the selection, the
//! editor when it is being typed into, and the tooltip that explains it.

use super::keys::{self, Action, Editor, Mode};
use super::view::{grid_font, grid_id, GridView, PAD};
use crate::format::{self, CellDef};
use crate::model::{format_value, Cell, CellMark, CellState, Severity};
use crate::ui::theme;
use eframe::egui::{
    self, accesskit::Role, vec2, Align2, Color32, CornerRadius, FontId, Id, Pos2, Rect, Sense,
    Stroke, StrokeKind, Ui, WidgetInfo,
};

/// The text a cell shows.
pub fn cell_text(cell: &Cell, def: &CellDef) -> String {
    match (cell.state, cell.value) {
        (CellState::Invalid, _) => cell.provenance.raw.clone(),
        (_, Some(v)) => format_value(def.column.kind, v),
        (CellState::Missing, None) if cell.is_cleared() => "待填写".into(),
        (CellState::Missing, None) => "？".into(),
        _ => String::new(),
    }
}

/// How a cell is drawn besides its text.
struct Look<'a> {
    mark: Option<&'a CellMark>,
    /// Among the cells of the clicked finding.
    focused: bool,
    /// The selection's cursor (bold frame) or inside its rectangle (tint).
    cursor: bool,
    selected: bool,
}

pub fn show(ui: &mut Ui, rect: Rect, key: &str, view: &mut GridView) {
    let (Some(def), Some(cell)) = (format::cell_def(key), view.report.cell(key)) else {
        return;
    };
    let editing = view
        .grid
        .editor
        .as_ref()
        .is_some_and(|e| e.key == key && e.report == view.id);
    let id = Id::unique(("cell", view.id, key));
    let response = ui.interact(rect, id, Sense::click());
    if editing {
        if let Some(ed) = view.grid.editor.as_ref() {
            editor_cell(ui, rect, id, &def, ed, &response);
        }
    } else {
        display_cell(ui, rect, id, key, cell, &def, view, &response);
    }
    if response.double_clicked() {
        let mut out = Vec::new();
        if view.keys.commit(view.grid, &mut out) {
            view.keys.select(view.grid, key, false, &mut out);
            let text = keys::value_text(view.report, key);
            view.grid.editor = Some(Editor::new(view.id, key, text, Mode::InPlace));
        }
        view.actions.extend(out);
        ui.memory_mut(|m| m.request_focus(grid_id()));
    } else if response.clicked() && !editing {
        let mut out = Vec::new();
        if view.keys.commit(view.grid, &mut out) {
            let extend = ui.input(|i| i.modifiers.shift);
            view.keys.select(view.grid, key, extend, &mut out);
        }
        view.actions.extend(out);
        ui.memory_mut(|m| m.request_focus(grid_id()));
    }
    let report = view.report;
    if let Some(cell) = report.cell(key) {
        response.context_menu(|ui| context_menu(ui, key, cell, &def, &mut view.actions));
    }
    if view.scroll_to.as_deref() == Some(key) {
        // Scrolled to by the grid, once per axis (see `table::show`).
        view.scroll_rect = Some(rect.expand(30.0));
        view.scroll_to = None;
    }
}

#[allow(clippy::too_many_arguments)]
fn display_cell(
    ui: &mut Ui,
    rect: Rect,
    id: Id,
    key: &str,
    cell: &Cell,
    def: &CellDef,
    view: &GridView,
    response: &egui::Response,
) {
    let mark = view.state.mark(view.id, key);
    let text = cell_text(cell, def);
    let description = def.describe();
    let status = status_line(cell, mark);
    let (cursor, selected) = selection_of(view, key);
    response.widget_info(|| {
        let mut info = WidgetInfo::selected(Role::Cell, true, selected, &description);
        info.current_text_value = Some(text.clone());
        info
    });
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_description(status.clone()));
    if ui.is_rect_visible(rect) {
        let look = Look {
            mark,
            focused: view.focus.iter().any(|k| k == key),
            cursor,
            selected,
        };
        paint_cell(ui, rect, cell, &look, &text, response);
    }
    let _ = response
        .clone()
        .on_hover_ui(|ui| cell_tooltip(ui, cell, def, mark, view));
}

/// (is the cursor, is inside the selected rectangle)
fn selection_of(view: &GridView, key: &str) -> (bool, bool) {
    let Some(s) = view.grid.selection.as_ref().filter(|s| s.report == view.id) else {
        return (false, false);
    };
    let cursor = s.cursor == key;
    let inside = cursor
        || (s.anchor != s.cursor
            && view
                .keys
                .nav
                .block(&s.anchor, &s.cursor)
                .iter()
                .flatten()
                .any(|k| *k == key));
    (cursor, inside)
}

fn paint_cell(
    ui: &Ui,
    rect: Rect,
    cell: &Cell,
    look: &Look,
    text: &str,
    response: &egui::Response,
) {
    let p = ui.painter();
    let suspect = look.mark.is_some_and(|m| m.suspect());
    let fill = match look.mark.and_then(|m| m.severity) {
        _ if suspect => theme::SUSPECT_BG,
        Some(Severity::Error) => theme::ERROR_BG,
        Some(Severity::Warning) => theme::WARNING_BG,
        None if cell.is_edited() => theme::EDITED_BG,
        None if cell.state == CellState::Absent => theme::ABSENT_BG,
        None => theme::CELL_BG,
    };
    p.rect_filled(rect, 0.0, fill);
    if look.selected && !look.cursor {
        p.rect_filled(rect, 0.0, theme::SELECTION_TINT);
    }
    let line = Stroke::new(1.0, theme::GRID_LINE);
    p.rect_stroke(rect, 0.0, line, StrokeKind::Inside);
    if suspect {
        let s = Stroke::new(2.5, theme::SUSPECT_BORDER);
        p.rect_stroke(rect.shrink(1.0), 0.0, s, StrokeKind::Inside);
    }
    if look.focused {
        let s = Stroke::new(2.5, theme::FOCUS_BORDER);
        p.rect_stroke(
            rect.shrink(1.0),
            CornerRadius::same(2),
            s,
            StrokeKind::Inside,
        );
    } else if response.hovered() {
        let s = Stroke::new(1.5, theme::FOCUS_BORDER);
        p.rect_stroke(rect, 0.0, s, StrokeKind::Inside);
    }
    if look.cursor {
        let s = Stroke::new(2.0, theme::CURSOR_BORDER);
        p.rect_stroke(rect, 0.0, s, StrokeKind::Inside);
    }
    corner_flag(ui, rect, cell);
    let color = match cell.state {
        CellState::Invalid => theme::ERROR_TEXT,
        CellState::Implied => theme::MUTED_TEXT,
        CellState::Deduced => theme::DEDUCED_MARK,
        _ if suspect => Color32::WHITE,
        _ => Color32::BLACK,
    };
    let font = if cell.is_edited() {
        FontId::proportional(theme::GRID_TEXT + 1.0)
    } else {
        grid_font()
    };
    let at = Pos2::new(rect.right() - PAD - 2.0, rect.center().y);
    p.text(at, Align2::RIGHT_CENTER, text, font, color);
}

/// A corner flag, like a spreadsheet's comment mark: blue top-right for a value changed by hand,
/// green top-left for a value worked out from the arithmetic, grey bottom-left for a blank
/// taken as 0.
fn corner_flag(ui: &Ui, rect: Rect, cell: &Cell) {
    let (corner, d, color) = if cell.is_edited() {
        (
            rect.right_top(),
            [vec2(-9.0, 1.0), vec2(-1.0, 1.0), vec2(-1.0, 9.0)],
            theme::EDITED_MARK,
        )
    } else if cell.state == CellState::Deduced {
        (
            rect.left_top(),
            [vec2(1.0, 1.0), vec2(9.0, 1.0), vec2(1.0, 9.0)],
            theme::DEDUCED_MARK,
        )
    } else if cell.state == CellState::Implied {
        (
            rect.left_bottom(),
            [vec2(1.0, -1.0), vec2(9.0, -1.0), vec2(1.0, -9.0)],
            theme::IMPLIED_MARK,
        )
    } else {
        return;
    };
    let points = d.iter().map(|v| corner + *v).collect();
    ui.painter()
        .add(egui::Shape::convex_polygon(points, color, Stroke::NONE));
}

/// A cell being typed into: white, framed, the text with a caret.
fn editor_cell(ui: &Ui, rect: Rect, id: Id, def: &CellDef, ed: &Editor, response: &egui::Response) {
    response.widget_info(|| WidgetInfo::text_edit(true, "", &ed.text, def.describe()));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_label(def.describe());
    });
    let p = ui.painter();
    p.rect_filled(rect, 0.0, Color32::WHITE);
    let frame = if ed.error.is_some() {
        theme::ERROR_TEXT
    } else {
        theme::FOCUS_BORDER
    };
    p.rect_stroke(rect, 0.0, Stroke::new(2.0, frame), StrokeKind::Inside);
    let galley = p.layout_no_wrap(ed.text.clone(), grid_font(), Color32::BLACK);
    let pos = Pos2::new(
        rect.right() - PAD - 2.0 - galley.size().x,
        rect.center().y - galley.size().y / 2.0,
    );
    let before: String = ed.text.chars().take(ed.caret).collect();
    let caret_x = pos.x
        + p.layout_no_wrap(before, grid_font(), Color32::BLACK)
            .size()
            .x;
    p.galley(pos, galley.clone(), Color32::BLACK);
    let caret = Stroke::new(
        1.5,
        if ed.mode == Mode::InPlace {
            theme::EDITED_MARK
        } else {
            Color32::BLACK
        },
    );
    p.vline(caret_x + 0.5, (pos.y)..=(pos.y + galley.size().y), caret);
    if let Some(e) = &ed.error {
        response.show_tooltip_text(e);
    }
}

/// One line for screen readers and tests: is the cell in a failed check, edited, implied?
fn status_line(cell: &Cell, mark: Option<&CellMark>) -> String {
    let mut parts = Vec::new();
    match mark.and_then(|m| m.severity) {
        Some(Severity::Error) => parts.push("有错误"),
        Some(Severity::Warning) => parts.push("有提醒"),
        None => {}
    }
    if mark.is_some_and(|m| m.suspect()) {
        parts.push("最可能出错");
    }
    if cell.is_cleared() {
        parts.push("已清空，待填写");
    } else if cell.is_edited() {
        parts.push("已修改");
    }
    match cell.state {
        CellState::Implied => parts.push("空白按 0 计"),
        CellState::Deduced => parts.push("由勾稽关系推得"),
        _ => {}
    }
    parts.join("，")
}

/// For a figure read from a scan: how sure the reading was, the look-alike readings, and the
/// crop of the page beside it, so the clerk can compare without opening the file.
fn scanned_part(ui: &mut Ui, view: &GridView, key: &str, kind: format::ValueKind) {
    let Some(ocr) = view.report.ocr_reading(key) else {
        return;
    };
    let sure = f64::from(ocr.confidence) * 100.0;
    let line = format!("从扫描件第 {} 页识别，把握约 {sure:.0}%", ocr.page);
    if ocr.unread {
        ui.colored_label(
            theme::WARNING_TEXT,
            format!(
                "扫描件第 {} 页此格有字迹，但没能识别出数字，请对照原件填写。",
                ocr.page
            ),
        );
    } else if ocr.confidence < crate::rules::OCR_UNSURE_BELOW {
        ui.colored_label(theme::WARNING_TEXT, format!("{line}，请对照原件核对。"));
    } else {
        ui.label(format!("{line}。"));
    }
    if !ocr.alternatives.is_empty() {
        let others: Vec<String> = ocr
            .alternatives
            .iter()
            .map(|v| format_value(kind, *v))
            .collect();
        ui.weak(format!("字形相近的其他读法：{}", others.join("、")));
    }
    (view.crop)(ui, &view.report.file, ocr.page, ocr.bbox, 48.0);
}

fn cell_tooltip(ui: &mut Ui, cell: &Cell, def: &CellDef, mark: Option<&CellMark>, view: &GridView) {
    ui.set_max_width(420.0);
    ui.strong(def.describe());
    let kind = def.column.kind;
    let shown = |v: Option<f64>| v.map_or("（空）".to_string(), |v| format_value(kind, v));
    ui.label(format!("数值：{}", shown(cell.value)));
    if let Some(original) = cell.original {
        let what = if cell.is_cleared() {
            "已清空，待填写"
        } else {
            "已修改"
        };
        ui.colored_label(
            theme::EDITED_MARK,
            format!(
                "{what}，报告原值：{}（右键单击可恢复原值）",
                shown(original)
            ),
        );
    }
    match cell.state {
        CellState::Missing if cell.is_cleared() => {}
        CellState::Implied => {
            ui.label("报告中此处为空白或“—”，按 0 计。");
        }
        CellState::Missing => {
            ui.colored_label(theme::ERROR_TEXT, "未能读取此单元格。");
        }
        // Ink the OCR could not read: the scan part below says so; the report wrote no `？`.
        CellState::Invalid if view.report.unread_on_scan(&def.key()) => {}
        CellState::Invalid => {
            ui.colored_label(
                theme::ERROR_TEXT,
                format!("报告中写的不是数字：“{}”", cell.provenance.raw),
            );
        }
        CellState::Absent => {
            ui.label("报告中没有此单元格。");
        }
        CellState::Deduced => {
            // The deduction names the cells the value follows from (rules::deduce).
            match view.report.deduction(&def.key()) {
                Some(d) => ui.label(format!("未能读取，由勾稽关系推得：{}。", d.reason)),
                None => ui.label("未能读取，由表格的勾稽关系推得（唯一可能的值）。"),
            };
        }
        CellState::Read => {}
    }
    scanned_part(ui, view, &def.key(), kind);
    let context = cell.provenance.context.trim();
    if !context.is_empty() {
        let short: String = context.chars().take(80).collect();
        let page = cell
            .provenance
            .page
            .map(|p| format!("（第 {p} 页）"))
            .unwrap_or_default();
        ui.label(format!("原文{page}：{short}"));
    }
    let findings = view.state.findings(view.id);
    for i in mark.into_iter().flat_map(|m| m.all_findings()) {
        let Some(f) = findings.get(i) else { continue };
        ui.separator();
        let color = match f.severity {
            Severity::Error => theme::ERROR_TEXT,
            Severity::Warning => theme::WARNING_TEXT,
        };
        ui.colored_label(
            color,
            format!("{}（{}）", f.severity.label(), f.rule.name()),
        );
        // The message names both sides of the check in words. A bare "应为 9，实为 0" here would
        // read as this cell's own value (it is the check's total, often another cell's).
        ui.label(&f.message);
        if let Some(s) = f.suspect.as_ref().filter(|s| s.cell == def.key()) {
            ui.colored_label(
                theme::SUSPECT_BORDER,
                format!(
                    "此格最可能有误，改为 {} 可使相关核对全部通过。",
                    format_value(kind, s.suggested)
                ),
            );
        }
    }
    ui.weak("直接输入数字即可改写，F2 或双击在原值上修改，Delete 清空");
}

/// The right-click menu of a cell: 恢复原值 (when edited), 复制, 清空.
fn context_menu(ui: &mut Ui, key: &str, cell: &Cell, def: &CellDef, actions: &mut Vec<Action>) {
    let kind = def.column.kind;
    ui.label(egui::RichText::new(def.describe()).weak());
    if let Some(original) = cell.original {
        let was = original.map_or("空".to_string(), |v| format_value(kind, v));
        if ui.button(format!("恢复原值（{was}）")).clicked() {
            actions.push(Action::Set(vec![(key.to_string(), original)]));
            ui.close();
        }
    }
    if ui.button("复制").clicked() {
        let text = cell.value.map_or(String::new(), |v| format_value(kind, v));
        actions.push(Action::Copy(text));
        ui.close();
    }
    if cell.value.is_some() && ui.button("清空（待填写）").clicked() {
        actions.push(Action::Set(vec![(key.to_string(), None)]));
        ui.close();
    }
}
