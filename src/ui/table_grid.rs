//! Draws a table of the selected report in its official layout ([`grid_layout::Model`]) with a
//! sticky header, and its value cells: coloured by the findings, with the details on hover,
//! editable in place.

use super::grid_layout::{Col, Content, Model, Span};
use super::state::{parse_input, CellMark, EntryId, State};
use super::theme;
use crate::format::{self, CellDef};
use crate::model::{format_value, Cell, CellState, Report, Severity};
use eframe::egui::{
    self, accesskit::Role, text::CCursorRange, text_edit::TextEditState, vec2, Align, Align2,
    Color32, CornerRadius, FontId, Galley, Id, Pos2, Rect, ScrollArea, Sense, Stroke, StrokeKind,
    TextEdit, Ui, WidgetInfo,
};
use std::sync::Arc;

/// A cell being typed into.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    pub report: EntryId,
    pub key: String,
    pub text: String,
    /// Why the last attempt to commit was refused.
    pub error: Option<String>,
    /// Just opened: take the focus and select the text (once, so an input method keeps it).
    pub fresh: bool,
}

/// What happened in the grid this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum GridEvent {
    /// A cell was clicked: select it and open its editor.
    Open(String),
    /// The editor was confirmed with this value; `next` opens the following cell (Tab).
    Commit {
        key: String,
        value: Option<f64>,
        next: Option<String>,
    },
    /// The editor was closed without a change (Escape, or an invalid value abandoned).
    Cancel,
    /// The typed text is not a valid value.
    Invalid(String),
}

/// What the grid needs from the app for one frame.
pub struct GridView<'a> {
    pub state: &'a State,
    pub id: EntryId,
    pub report: &'a Report,
    pub editor: Option<&'a mut Editor>,
    /// Cells of the finding the user clicked.
    pub focus: &'a [String],
    /// Scroll this cell into view (once).
    pub scroll_to: Option<String>,
    pub events: Vec<GridEvent>,
}

const PAD: f32 = 4.0;
const MIN_ROW: f32 = 24.0;
/// Room kept for the vertical scroll bar.
const SCROLLBAR: f32 = 14.0;

pub fn show(ui: &mut Ui, model: &Model, view: &mut GridView<'_>) {
    let widths = widths(&model.cols, ui.available_width() - SCROLLBAR);
    let xs = offsets(&widths);
    let total_w = xs[xs.len() - 1];
    let header = Laid::new(ui, model.header_rows, &model.header, &xs);
    let body = Laid::new(ui, model.body_rows, &model.body, &xs);

    ScrollArea::horizontal()
        .id_salt(("grid-h", model.table))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if model.header_rows > 0 {
                let (rect, _) =
                    ui.allocate_exact_size(vec2(total_w, header.height()), Sense::hover());
                header.paint(ui, rect.min, &model.header, &xs, view);
            }
            ScrollArea::vertical()
                .id_salt(("grid-v", model.table))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(vec2(total_w, body.height()), Sense::hover());
                    body.paint(ui, rect.min, &model.body, &xs, view);
                });
        });
}

/// Widths: every column gets its minimum, extra room is shared by weight.
pub fn widths(cols: &[Col], available: f32) -> Vec<f32> {
    let min: f32 = cols.iter().map(|c| c.min).sum();
    let weight: f32 = cols.iter().map(|c| c.weight).sum();
    let extra = (available - min).max(0.0);
    cols.iter()
        .map(|c| (c.min + extra * c.weight / weight.max(f32::EPSILON)).floor())
        .collect()
}

fn offsets(widths: &[f32]) -> Vec<f32> {
    let mut xs = Vec::with_capacity(widths.len() + 1);
    let mut x = 0.0;
    xs.push(x);
    for w in widths {
        x += w;
        xs.push(x);
    }
    xs
}

/// Spans laid out in pixels: row offsets and the text of each span.
struct Laid {
    ys: Vec<f32>,
    galleys: Vec<Option<Arc<Galley>>>,
}

impl Laid {
    fn new(ui: &Ui, rows: usize, spans: &[Span], xs: &[f32]) -> Laid {
        let galleys: Vec<Option<Arc<Galley>>> = spans
            .iter()
            .map(|s| {
                let width = xs[s.col + s.cols] - xs[s.col] - 2.0 * PAD;
                match &s.content {
                    Content::Header(t) => Some(header_galley(ui, t, width)),
                    Content::Label(t) => Some(text_galley(ui, t.clone(), width, Color32::BLACK)),
                    Content::Value(_) => None,
                }
            })
            .collect();
        let mut heights = vec![MIN_ROW; rows];
        // Single-row spans set their row's height; taller spans then stretch their last row.
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|i| spans[*i].rows);
        for i in order {
            let s = &spans[i];
            let need = galleys[i]
                .as_ref()
                .map_or(MIN_ROW, |g| g.size().y + 2.0 * PAD);
            let have: f32 = heights[s.row..s.row + s.rows].iter().sum();
            if need > have {
                heights[s.row + s.rows - 1] += need - have;
            }
        }
        Laid {
            ys: offsets(&heights),
            galleys,
        }
    }

    fn height(&self) -> f32 {
        self.ys[self.ys.len() - 1]
    }

    fn rect(&self, origin: Pos2, s: &Span, xs: &[f32]) -> Rect {
        Rect::from_min_max(
            origin + vec2(xs[s.col], self.ys[s.row]),
            origin + vec2(xs[s.col + s.cols], self.ys[s.row + s.rows]),
        )
    }

    fn paint(&self, ui: &mut Ui, origin: Pos2, spans: &[Span], xs: &[f32], view: &mut GridView) {
        let visible = ui.clip_rect();
        for (s, galley) in spans.iter().zip(&self.galleys) {
            let rect = self.rect(origin, s, xs);
            if let Content::Value(key) = &s.content {
                // Off-screen cells still exist (scroll targets, accessibility) but stay cheap.
                value_cell(ui, rect, key, view);
                continue;
            }
            if !rect.intersects(visible) {
                continue;
            }
            let p = ui.painter();
            let header = matches!(s.content, Content::Header(_));
            p.rect_filled(
                rect,
                0.0,
                if header {
                    theme::HEADER_BG
                } else {
                    theme::LABEL_BG
                },
            );
            p.rect_stroke(
                rect,
                0.0,
                Stroke::new(1.0, theme::GRID_LINE),
                StrokeKind::Inside,
            );
            if let Some(g) = galley {
                // A label spanning many rows is centred on its visible part, so that it stays
                // in view while the rows scroll.
                let shown = rect.intersect(visible);
                let y = (shown.center().y - g.size().y / 2.0).clamp(
                    rect.top() + PAD,
                    (rect.bottom() - PAD - g.size().y).max(rect.top() + PAD),
                );
                let pos = if header {
                    Pos2::new(rect.center().x - g.size().x / 2.0, y)
                } else {
                    Pos2::new(rect.left() + PAD, y)
                };
                p.galley(pos, g.clone(), Color32::BLACK);
            }
        }
    }
}

fn grid_font() -> FontId {
    FontId::proportional(theme::GRID_TEXT)
}

fn text_galley(ui: &Ui, text: String, width: f32, color: Color32) -> Arc<Galley> {
    ui.painter()
        .layout(text, grid_font(), color, width.max(10.0))
}

/// Header text, wrapped into lines of even length: `结果/维持` rather than `结果维/持`.
fn header_galley(ui: &Ui, text: &str, width: f32) -> Arc<Galley> {
    let g = text_galley(ui, text.to_string(), width, Color32::BLACK);
    let chars: Vec<char> = text.chars().collect();
    let lines = g.rows.len();
    if lines < 2 || chars.len() > 16 || text.contains(' ') {
        return g;
    }
    let per = chars.len().div_ceil(lines);
    let balanced: Vec<String> = chars.chunks(per).map(|c| c.iter().collect()).collect();
    let g2 = text_galley(ui, balanced.join("\n"), width, Color32::BLACK);
    if g2.rows.len() <= lines {
        g2
    } else {
        g
    }
}

/// The text a cell shows.
pub fn cell_text(cell: &Cell, def: &CellDef) -> String {
    match (cell.state, cell.value) {
        (CellState::Invalid, _) => cell.provenance.raw.clone(),
        (_, Some(v)) => format_value(def.column.kind, v),
        (CellState::Missing, None) => "？".into(),
        _ => String::new(),
    }
}

fn value_cell(ui: &mut Ui, rect: Rect, key: &str, view: &mut GridView) {
    let (Some(def), Some(cell)) = (format::cell_def(key), view.report.cell(key)) else {
        return;
    };
    let id = Id::unique(("cell", view.id, key));
    let editing = view.editor.as_ref().is_some_and(|e| e.key == key);
    if editing {
        editor_cell(ui, rect, key, &def, view);
    } else {
        display_cell(ui, rect, id, key, cell, &def, view);
    }
    if view.scroll_to.as_deref() == Some(key) {
        ui.scroll_to_rect(rect.expand(30.0), Some(Align::Center));
        view.scroll_to = None;
    }
}

fn display_cell(
    ui: &mut Ui,
    rect: Rect,
    id: Id,
    key: &str,
    cell: &Cell,
    def: &CellDef,
    view: &mut GridView,
) {
    let response = ui.interact(rect, id, Sense::click());
    let mark = view.state.mark(view.id, key);
    let text = cell_text(cell, def);
    let description = def.describe();
    let status = status_line(cell, mark);
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::Cell, true, &description);
        info.current_text_value = Some(text.clone());
        info
    });
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_description(status.clone()));

    if ui.is_rect_visible(rect) {
        paint_cell(
            ui,
            rect,
            cell,
            mark,
            &text,
            view.focus.iter().any(|k| k == key),
            &response,
        );
    }
    let response = response.on_hover_ui(|ui| cell_tooltip(ui, cell, def, mark, view));
    if response.clicked() {
        view.events.push(GridEvent::Open(key.to_string()));
    }
}

fn paint_cell(
    ui: &Ui,
    rect: Rect,
    cell: &Cell,
    mark: Option<&CellMark>,
    text: &str,
    focused: bool,
    response: &egui::Response,
) {
    let p = ui.painter();
    let suspect = mark.is_some_and(|m| m.suspect);
    let fill = match mark.and_then(|m| m.severity) {
        _ if suspect => theme::SUSPECT_BG,
        Some(Severity::Error) => theme::ERROR_BG,
        Some(Severity::Warning) => theme::WARNING_BG,
        None if cell.is_edited() => theme::EDITED_BG,
        None if cell.state == CellState::Absent => theme::ABSENT_BG,
        None => theme::CELL_BG,
    };
    p.rect_filled(rect, 0.0, fill);
    p.rect_stroke(
        rect,
        0.0,
        Stroke::new(1.0, theme::GRID_LINE),
        StrokeKind::Inside,
    );
    if suspect {
        p.rect_stroke(
            rect.shrink(1.0),
            0.0,
            Stroke::new(2.5, theme::SUSPECT_BORDER),
            StrokeKind::Inside,
        );
    }
    if focused {
        p.rect_stroke(
            rect.shrink(1.0),
            CornerRadius::same(2),
            Stroke::new(2.5, theme::FOCUS_BORDER),
            StrokeKind::Inside,
        );
    } else if response.hovered() {
        p.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.5, theme::FOCUS_BORDER),
            StrokeKind::Inside,
        );
    }
    if cell.is_edited() {
        // A corner flag, like a spreadsheet comment: the cell differs from the report.
        let c = rect.right_top();
        p.add(egui::Shape::convex_polygon(
            vec![
                c + vec2(-9.0, 1.0),
                c + vec2(-1.0, 1.0),
                c + vec2(-1.0, 9.0),
            ],
            theme::EDITED_MARK,
            Stroke::NONE,
        ));
    }
    let color = match cell.state {
        CellState::Invalid => theme::ERROR_TEXT,
        CellState::Implied => theme::MUTED_TEXT,
        _ if suspect => Color32::WHITE,
        _ => Color32::BLACK,
    };
    let font = if cell.is_edited() {
        FontId::proportional(theme::GRID_TEXT + 1.0)
    } else {
        grid_font()
    };
    p.text(
        Pos2::new(rect.right() - PAD - 2.0, rect.center().y),
        Align2::RIGHT_CENTER,
        text,
        font,
        color,
    );
}

/// One line for screen readers and tests: is the cell in a failed check, edited?
fn status_line(cell: &Cell, mark: Option<&CellMark>) -> String {
    let mut parts = Vec::new();
    match mark.and_then(|m| m.severity) {
        Some(Severity::Error) => parts.push("有错误"),
        Some(Severity::Warning) => parts.push("有提醒"),
        None => {}
    }
    if mark.is_some_and(|m| m.suspect) {
        parts.push("最可能出错");
    }
    if cell.is_edited() {
        parts.push("已修改");
    }
    parts.join("，")
}

fn cell_tooltip(ui: &mut Ui, cell: &Cell, def: &CellDef, mark: Option<&CellMark>, view: &GridView) {
    ui.set_max_width(420.0);
    ui.strong(def.describe());
    let kind = def.column.kind;
    let shown = |v: Option<f64>| v.map_or("（空）".to_string(), |v| format_value(kind, v));
    ui.label(format!("数值：{}", shown(cell.value)));
    if let Some(original) = cell.original {
        ui.colored_label(
            theme::EDITED_MARK,
            format!("已修改，报告原值：{}", shown(original)),
        );
    }
    match cell.state {
        CellState::Implied => {
            ui.label("报告中此处为空白或“—”，按 0 计。");
        }
        CellState::Missing => {
            ui.colored_label(theme::ERROR_TEXT, "未能读取此单元格。");
        }
        CellState::Invalid => {
            ui.colored_label(
                theme::ERROR_TEXT,
                format!("报告中写的不是数字：“{}”", cell.provenance.raw),
            );
        }
        CellState::Absent => {
            ui.label("报告中没有此单元格。");
        }
        // Shown by the ui helper from `Report::deduction` (issue 12); this arm only compiles.
        CellState::Read | CellState::Deduced => {}
    }
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
    for i in mark.map(|m| m.findings.as_slice()).unwrap_or_default() {
        let Some(f) = findings.get(*i) else { continue };
        ui.separator();
        let color = match f.severity {
            Severity::Error => theme::ERROR_TEXT,
            Severity::Warning => theme::WARNING_TEXT,
        };
        ui.colored_label(color, format!("{}（{}）", f.severity.label(), f.rule));
        if let (Some(e), Some(a)) = (f.expected, f.actual) {
            ui.label(format!(
                "应为 {}，实为 {}",
                format_value(kind, e),
                format_value(kind, a)
            ));
        }
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
    ui.weak("单击可修改");
}

fn editor_cell(ui: &mut Ui, rect: Rect, key: &str, def: &CellDef, view: &mut GridView) {
    let Some(editor) = view.editor.as_deref_mut() else {
        return;
    };
    let id = Id::unique(("editor", editor.report, key));
    let frame_color = if editor.error.is_some() {
        theme::ERROR_TEXT
    } else {
        theme::FOCUS_BORDER
    };
    ui.painter().rect_filled(rect, 0.0, Color32::WHITE);
    let response = ui.put(
        rect.shrink(2.0),
        TextEdit::singleline(&mut editor.text)
            .id(id)
            .font(grid_font())
            .align(Align2::RIGHT_CENTER)
            .desired_width(rect.width() - 4.0),
    );
    let response = response.accessible_name(def.describe());
    ui.painter()
        .rect_stroke(rect, 0.0, Stroke::new(2.0, frame_color), StrokeKind::Inside);
    if editor.fresh {
        editor.fresh = false;
        response.request_focus();
        if let Some(mut state) = TextEditState::load(ui.ctx(), id) {
            state
                .cursor
                .set_char_range(Some(CCursorRange::select_all_str(&editor.text)));
            state.store(ui.ctx(), id);
        }
        return;
    }
    if let Some(error) = &editor.error {
        response.show_tooltip_text(error);
    }
    if !response.lost_focus() {
        return;
    }
    let (escape, tab) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::Tab),
        )
    });
    if escape {
        view.events.push(GridEvent::Cancel);
        return;
    }
    match parse_input(def.column.kind, &editor.text) {
        Ok(value) => view.events.push(GridEvent::Commit {
            key: key.to_string(),
            value,
            next: tab.then(|| key.to_string()),
        }),
        Err(e) => view.events.push(GridEvent::Invalid(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_share_extra_room_by_weight_and_never_shrink_below_minimum() {
        let cols = [
            Col {
                min: 100.0,
                weight: 3.0,
                label: true,
            },
            Col {
                min: 50.0,
                weight: 1.0,
                label: false,
            },
        ];
        assert_eq!(widths(&cols, 230.0), vec![160.0, 70.0]);
        assert_eq!(widths(&cols, 10.0), vec![100.0, 50.0]);
    }
}
