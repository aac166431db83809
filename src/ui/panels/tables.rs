//! The middle of the window: the report's header, a tab per table (with its error count), and
//! the selected table's grid; what the grid reports (a click, a committed value) is applied here.

use super::report_header;
use crate::format::{self, TableId};
use crate::ui::app::App;
use crate::ui::grid::layout::Model;
use crate::ui::grid::nav::Nav;
use crate::ui::grid::widths::ColWidths;
use crate::ui::grid::{self, Action, GridView, Keys};
use crate::ui::state::{span_of, EntryId};
use crate::ui::theme;
use eframe::egui::{RichText, Ui};

impl App {
    pub(in crate::ui) fn report_view(&mut self, ui: &mut Ui, id: EntryId) {
        let width = ui.available_width();
        report_header::show(self, ui, id);
        let mut switch = None;
        ui.horizontal_wrapped(|ui| {
            for t in TableId::ALL {
                let errors = self.state.errors_in_table(id, t);
                let numeral = t.title().split('、').next().unwrap_or_default();
                let name = format!("{numeral}、{}", t.short_name());
                let text = if errors > 0 {
                    RichText::new(format!("{name}（{errors} 项错误）")).color(theme::ERROR_TEXT)
                } else {
                    RichText::new(name)
                };
                let tab = ui
                    .selectable_label(self.view.table == t, text)
                    .on_hover_text(t.title());
                if tab.clicked() {
                    switch = Some(t);
                }
            }
            self.details_toggle(ui, id);
        });
        if let Some(t) = switch.filter(|t| *t != self.view.table) {
            self.close_editor();
            self.view.table = t;
        }
        let Some(report) = self.state.report(id) else {
            return;
        };
        ui.separator();
        let Some(version) = report.format_version else {
            ui.colored_label(
                theme::ERROR_TEXT,
                "没有在此报告中识别出统计表格。可在右侧原文中查看读取到的内容。",
            );
            return;
        };
        if !report.has_table(self.view.table) {
            ui.colored_label(
                theme::ERROR_TEXT,
                format!("此报告中没有找到“{}”表。", self.view.table.title()),
            );
            return;
        }
        let model = Model::for_table(self.view.table, version);
        let nav = Nav::new(&model);
        let table = self.view.table;
        let mut view = GridView {
            state: &self.state,
            id,
            report,
            grid: &mut self.view.grid,
            keys: Keys {
                nav: &nav,
                report,
                id,
                table,
            },
            focus: &self.view.focus,
            scroll_to: self.view.scroll_to.take(),
            scroll_rect: None,
            widths: &mut self.prefs.col_widths,
            width,
            width_key: ColWidths::key(table, version),
            viewport: None,
            actions: Vec::new(),
            crop: &crate::ui::jobs::pictures::show_crop,
        };
        grid::show(ui, &model, &mut view);
        self.view.grid_viewport = view.viewport;
        let actions = std::mem::take(&mut view.actions);
        let unused_scroll = view.scroll_to.take();
        if unused_scroll.is_some() && self.view.scroll_to.is_none() {
            // The target was not drawn this frame (table switch); try again next frame.
            self.view.scroll_to = unused_scroll;
        }
        for a in actions {
            self.grid_action(ui, id, a);
        }
    }

    /// Puts the right panel (findings and source) away or back; hidden, it says how many
    /// findings wait there.
    fn details_toggle(&mut self, ui: &mut Ui, id: EntryId) {
        let mut shown = !self.prefs.hide_details;
        let label = if shown {
            "问题与原文".to_string()
        } else {
            let open = self
                .state
                .entry(id)
                .and_then(|e| e.loaded())
                .map_or(0, |l| {
                    l.findings.iter().filter(|f| l.review(f).is_none()).count()
                });
            format!("显示问题与原文（{open}）")
        };
        ui.toggle_value(&mut shown, label)
            .on_hover_text("收起或展开右侧的问题列表和原文，让表格更宽（小屏幕时有用）。");
        self.prefs.hide_details = !shown;
    }

    fn grid_action(&mut self, ui: &Ui, id: EntryId, action: Action) {
        match action {
            Action::Set(values) => {
                self.state.edit_cells(id, &values);
            }
            Action::Copy(text) => {
                let n = text.split(['\t', '\n']).count();
                ui.ctx().copy_text(text);
                self.set_notice(format!("已复制 {n} 个单元格。"), false);
            }
            Action::Invalid(msg) => self.set_notice(msg, true),
            Action::Moved(key) => {
                if let (Some(report), Some(_)) = (self.state.report(id), format::cell_def(&key)) {
                    if let Some(cell) = report.cell(&key) {
                        self.view.source = span_of(report, cell);
                        self.view.source_scroll = self.view.source.is_some();
                    }
                }
                self.view.scroll_to = Some(key);
                ui.ctx().request_repaint();
            }
        }
    }
}
