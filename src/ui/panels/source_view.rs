//! The report's extracted text, with the passage the selected cell (or finding) came from
//! highlighted and scrolled into view.

use crate::model::Report;
use crate::ui::jobs::pictures;
use crate::ui::state::valid_span;
use crate::ui::theme;
use eframe::egui::{
    self, text::CCursor, text::LayoutJob, Align, Color32, FontId, Label, ScrollArea, TextFormat, Ui,
};
use std::ops::Range;

/// Draws the text. `scroll` moves the highlight into view (set for one frame after it changes).
pub fn show(ui: &mut Ui, report: &Report, highlight: Option<Range<usize>>, scroll: bool) {
    let text = &report.text;
    let highlight = highlight.filter(|s| valid_span(text, s));
    ui.horizontal(|ui| {
        ui.heading("原文");
        match &highlight {
            Some(_) => ui.weak("黄色为所选单元格或问题对应的原文"),
            None => ui.weak("单击表格中的单元格可在此定位其原文"),
        };
    });
    if let Some(h) = &highlight {
        scanned_page(ui, report, h, scroll);
    }
    if text.trim().is_empty() {
        ui.label("（此报告没有可显示的文字）");
        return;
    }
    let font = FontId::proportional(13.0);
    let wrap = ui.available_width() - 16.0;
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap;
    let normal = TextFormat::simple(font.clone(), Color32::from_gray(30));
    match &highlight {
        Some(h) => {
            job.append(&text[..h.start], 0.0, normal.clone());
            let mut marked = normal.clone();
            marked.background = theme::SOURCE_HIGHLIGHT;
            job.append(&text[h.clone()], 0.0, marked);
            job.append(&text[h.end..], 0.0, normal);
        }
        None => job.append(text, 0.0, normal),
    }
    let galley = ui.painter().layout_job(job);
    ScrollArea::vertical()
        .id_salt("source")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let response = ui.add(Label::new(galley.clone()).selectable(true));
            if let (true, Some(h)) = (scroll, &highlight) {
                let chars = text[..h.start].chars().count();
                let at = galley.pos_from_cursor(CCursor::new(chars));
                let rect = at.translate(response.rect.min.to_vec2());
                ui.scroll_to_rect(rect.expand2(egui::vec2(0.0, 40.0)), Some(Align::Center));
            }
        });
}

/// When the highlighted passage is a figure read from a scan: its page, scaled to the panel's
/// width, with the figure's box drawn on it and scrolled into view.
fn scanned_page(ui: &mut Ui, report: &Report, highlight: &Range<usize>, scroll: bool) {
    let Some(ocr) = report
        .cells
        .iter()
        .filter(|(_, c)| c.provenance.span.as_ref() == Some(highlight))
        .find_map(|(key, _)| report.ocr_reading(key))
    else {
        return;
    };
    ui.label(format!(
        "扫描件第 {} 页（红框为所选单元格的识别位置）",
        ocr.page
    ));
    let height = (ui.available_height() * 0.55).max(120.0);
    match pictures::page(ui.ctx(), &report.file, ocr.page) {
        pictures::Slot::Ready { texture, size } => {
            let scale = (ui.available_width() - 16.0) / size[0].max(1.0);
            let shown = egui::vec2(size[0] * scale, size[1] * scale);
            ScrollArea::both()
                .id_salt("scanned-page")
                .max_height(height)
                .show(ui, |ui| {
                    let image =
                        egui::Image::new(egui::load::SizedTexture::new(texture.id(), shown))
                            .alt_text("扫描件页面");
                    let response = ui.add(image);
                    let [x0, y0, x1, y1] = ocr.bbox.map(|v| v * scale);
                    let rect = egui::Rect::from_min_max(
                        response.rect.min + egui::vec2(x0, y0),
                        response.rect.min + egui::vec2(x1, y1),
                    )
                    .expand(3.0);
                    ui.painter().rect_stroke(
                        rect,
                        2.0,
                        egui::Stroke::new(2.0, Color32::from_rgb(220, 30, 30)),
                        egui::StrokeKind::Outside,
                    );
                    if scroll {
                        ui.scroll_to_rect(rect.expand(60.0), Some(Align::Center));
                    }
                });
        }
        pictures::Slot::Loading => {
            ui.weak("正在载入扫描图像…");
        }
        pictures::Slot::Failed(e) => {
            ui.weak(format!("扫描图像无法显示：{e}"));
        }
    }
    ui.separator();
}
