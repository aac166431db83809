//! Draws a table of the selected report in its official layout ([`layout::Model`](super::layout::Model))
//! with a sticky header. The value cells ([`cell`](super::cell)) are coloured by the findings and
//! work like a spreadsheet's: the grid takes the keyboard focus and [`keys`](super::keys) applies
//! each key to the cell selected when it comes.

use super::cell;
use super::layout::{Content, Model, Span};
use super::resize::{self, Border};
use super::view::{grid_font, grid_id, GridView, PAD};
use crate::ui::theme;
use eframe::egui::{
    vec2, Align, Color32, EventFilter, Galley, Id, Pos2, Rect, ScrollArea, Sense, Stroke,
    StrokeKind, Ui,
};
use std::sync::Arc;

const MIN_ROW: f32 = 24.0;
/// Room kept for the vertical scroll bar.
const SCROLLBAR: f32 = 14.0;

pub fn show(ui: &mut Ui, model: &Model, view: &mut GridView<'_>) {
    let available = view.width.min(ui.available_width()) - SCROLLBAR;
    let widths = view.widths.widths(&view.width_key, &model.cols, available);
    let xs = offsets(&widths);
    let total_w = xs[xs.len() - 1];
    let header = Laid::new(ui, model.header_rows, &model.header, &xs);
    let body = Laid::new(ui, model.body_rows, &model.body, &xs);
    keyboard(ui, view);

    ScrollArea::horizontal()
        .id_salt(("grid-h", model.table, view.id))
        .max_width(view.width)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if model.header_rows > 0 {
                let (rect, _) =
                    ui.allocate_exact_size(vec2(total_w, header.height()), Sense::hover());
                header.paint(ui, rect.min, &model.header, &xs, view);
                header.handles(ui, rect.min, model, &model.header, &xs, view);
            }
            ScrollArea::vertical()
                .id_salt(("grid-v", model.table, view.id))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(vec2(total_w, body.height()), Sense::hover());
                    body.paint(ui, rect.min, &model.body, &xs, view);
                    if model.header_rows == 0 {
                        // 表二 has its headers in the body, one per block.
                        body.handles(ui, rect.min, model, &model.body, &xs, view);
                    }
                    if let Some(r) = view.scroll_rect {
                        ui.scroll_to_rect(r, Some(Align::Center));
                    }
                    view.viewport = Some(ui.clip_rect());
                });
            // A scroll area takes the scroll targets of both axes, even of one it does not
            // scroll, so the vertical one has eaten the sideways target: give it again here.
            if let Some(r) = view.scroll_rect.take() {
                ui.scroll_to_rect(r, Some(Align::Center));
            }
        });
}

/// While the grid has the focus, every key event of the frame goes to it, in order.
fn keyboard(ui: &mut Ui, view: &mut GridView<'_>) {
    let id = grid_id();
    // Focusable but not clickable: clicks go to the cells, which give the grid the focus.
    let _ = ui.interact(Rect::NOTHING, id, Sense::focusable_noninteractive());
    if !ui.memory(|m| m.has_focus(id)) {
        return;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            id,
            EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
            },
        )
    });
    let events = ui.input(|i| i.events.clone());
    let actions = view.keys.handle(view.grid, &events);
    view.actions.extend(actions);
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

    /// A resize handle on the right border of every header cell of `spans`.
    fn handles(
        &self,
        ui: &mut Ui,
        origin: Pos2,
        model: &Model,
        spans: &[Span],
        xs: &[f32],
        view: &mut GridView,
    ) {
        for (i, s) in spans.iter().enumerate() {
            let Content::Header(label) = &s.content else {
                continue;
            };
            let col = s.col + s.cols - 1;
            let border = Border {
                cell: self.rect(origin, s, xs),
                col,
                left: origin.x + xs[col],
                label,
            };
            let id = Id::unique(("col-border", model.table, i));
            resize::handle(
                ui,
                id,
                &border,
                model.cols.len(),
                view.widths,
                &view.width_key,
            );
        }
    }

    fn paint(&self, ui: &mut Ui, origin: Pos2, spans: &[Span], xs: &[f32], view: &mut GridView) {
        let visible = ui.clip_rect();
        for (s, galley) in spans.iter().zip(&self.galleys) {
            let rect = self.rect(origin, s, xs);
            if let Content::Value(key) = &s.content {
                // Off-screen cells still exist (scroll targets, accessibility) but stay cheap.
                cell::show(ui, rect, key, view);
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
