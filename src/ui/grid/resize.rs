//! Resizing the grid's columns as in a spreadsheet: the right border of every header cell can be
//! dragged (it widens or narrows the column it ends, the others stay), a double-click on it gives
//! the table its default fit again. The widths themselves are [`ColWidths`].

use super::widths::ColWidths;
use crate::ui::theme;
use eframe::egui::{accesskit::Role, CursorIcon, Id, Rect, Sense, Stroke, Ui, WidgetInfo};

/// Half the width of the strip that can be grabbed.
const GRIP: f32 = 4.0;

/// One header cell's right border: `cell` is the cell on screen, `col` the grid column its
/// border ends, `left` where that column starts on screen.
pub struct Border<'a> {
    pub cell: Rect,
    pub col: usize,
    pub left: f32,
    pub label: &'a str,
}

/// The handle on `border`; changes the widths of the table `key` while it is dragged.
pub fn handle(
    ui: &mut Ui,
    id: Id,
    border: &Border,
    cols: usize,
    widths: &mut ColWidths,
    key: &str,
) {
    let x = border.cell.right();
    let rect = Rect::from_x_y_ranges(x - GRIP..=x + GRIP, border.cell.y_range());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let r = ui.interact(rect, id, Sense::click_and_drag());
    let width = x - border.left;
    r.widget_info(|| {
        let mut info = WidgetInfo::labeled(
            Role::Splitter,
            true,
            format!("拖动调整列宽：{}", border.label),
        );
        info.value = Some(width as f64);
        info
    });
    if r.hovered() || r.dragged() {
        ui.ctx().set_cursor_icon(CursorIcon::ResizeColumn);
        ui.painter().vline(
            x,
            border.cell.y_range(),
            Stroke::new(2.0, theme::FOCUS_BORDER),
        );
    }
    if r.double_clicked() {
        widths.reset(key);
    } else if r.dragged() {
        if let Some(p) = r.interact_pointer_pos() {
            if widths.set(key, cols, border.col, p.x - border.left) {
                ui.ctx().request_repaint();
            }
        }
    }
    if !r.dragged() {
        let _ = r.on_hover_text("拖动调整列宽，双击恢复默认宽度");
    }
}
