//! The yes/取消 questions: before clearing the list, and before pasted text becomes a report.

use crate::ui::app::App;
use eframe::egui::{self, Id, Ui};

impl App {
    pub(in crate::ui) fn confirm_clear(&mut self, ui: &mut Ui) {
        if !self.view.confirm_clear {
            return;
        }
        let n = self.state.entries().len();
        let body = format!("确定移除全部 {n} 项吗？文件本身不会被删除，但对表格的修改会丢失。");
        match ask(ui, "confirm-clear", 320.0, "清空列表", &[&body], "清空") {
            Some(true) => {
                self.view.confirm_clear = false;
                self.clear();
            }
            Some(false) => self.view.confirm_clear = false,
            None => {}
        }
    }

    /// Asks before pasted text becomes a report: what it is (length, first words), 载入为报告 or
    /// 取消. Esc or a click outside cancels.
    pub(in crate::ui) fn confirm_paste(&mut self, ui: &mut Ui) {
        let Some(text) = self.view.pending_paste.as_ref() else {
            return;
        };
        let n = text.chars().count();
        let start: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(60)
            .collect();
        let what = format!("剪贴板中有 {n} 个字，开头是：“{start}…”");
        let lines = [what.as_str(), "如果是误按了 Ctrl+V，请点“取消”。"];
        let title = "把粘贴的文字作为报告载入？";
        match ask(ui, "confirm-paste", 420.0, title, &lines, "载入为报告") {
            Some(true) => {
                if let Some(text) = self.view.pending_paste.take() {
                    self.paste_text(&text);
                }
            }
            Some(false) => {
                self.view.pending_paste = None;
                self.set_notice("已取消：粘贴的文字没有载入。", false);
            }
            None => {}
        }
    }
}

/// A yes/取消 question in a modal: its title, lines of text and the yes button. `Some(true)` for
/// yes, `Some(false)` for 取消, Esc or a click outside; `None` while it waits.
fn ask(ui: &mut Ui, id: &str, width: f32, title: &str, lines: &[&str], yes: &str) -> Option<bool> {
    let modal = egui::Modal::new(Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.heading(title);
        for line in lines {
            ui.label(*line);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                Some(true)
            } else if ui.button("取消").clicked() {
                Some(false)
            } else {
                None
            }
        })
        .inner
    });
    modal.inner.or(modal.should_close().then_some(false))
}
