//! After a workbook or the notices are written: where they went, and buttons to open the file or
//! its folder with the system's program (issue 24). A small window at the bottom right that
//! stays until 关闭 (or ×), so work goes on meanwhile.

use crate::ui::app::App;
use crate::ui::jobs::export::Written;
use eframe::egui::{self, Id, Ui};
use std::path::{Path, PathBuf};

impl App {
    pub(in crate::ui) fn export_done(&mut self, ui: &mut Ui) {
        let Some(written) = self.jobs.written.clone() else {
            return;
        };
        let (title, path) = match &written {
            Written::Workbook(p) => ("汇总表已导出", p),
            Written::Notices(p) => ("整改通知已写好", p),
        };
        let mut keep = true;
        // A window, not a modal: the clerk may go on working and close it later.
        let shown = egui::Window::new(title)
            .id(Id::unique("export-done"))
            .open(&mut keep)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .show(ui.ctx(), |ui| {
                ui.set_max_width(440.0);
                ui.label(format!("保存在：{}", path.display()));
                ui.add_space(8.0);
                ui.horizontal(|ui| buttons(ui, &written)).inner
            });
        let (open, close) = shown.and_then(|r| r.inner).unwrap_or((None, false));
        if let Some(target) = open {
            self.open_with_system(&target);
            self.jobs.written = None;
        } else if close || !keep {
            self.jobs.written = None;
        }
    }

    /// Hands a file or folder to the desktop's program for it, without waiting.
    fn open_with_system(&mut self, target: &Path) {
        if let Err(e) = open::that_detached(target) {
            self.set_notice(
                format!(
                    "无法打开“{}”：{e}。本机可能没有能打开它的程序，请在文件管理器中找到它。",
                    target.display()
                ),
                true,
            );
        }
    }
}

/// 打开文件 (a workbook only), 打开（所在）文件夹 and 关闭: what to open, and whether to close.
fn buttons(ui: &mut Ui, written: &Written) -> (Option<PathBuf>, bool) {
    let mut open = None;
    if let Written::Workbook(p) = written {
        if ui.button("打开文件").clicked() {
            open = Some(p.clone());
        }
    }
    let folder_label = match written {
        Written::Workbook(_) => "打开所在文件夹",
        Written::Notices(_) => "打开文件夹",
    };
    if ui.button(folder_label).clicked() {
        open = Some(folder_of(written));
    }
    (open, ui.button("关闭").clicked())
}

/// The folder to show: the workbook's, or the notices' own.
fn folder_of(written: &Written) -> PathBuf {
    match written {
        Written::Workbook(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        Written::Notices(p) => p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_shown_is_the_workbooks_or_the_notices_own() {
        let book = Written::Workbook(PathBuf::from("/home/a/汇总/2023年.xlsx"));
        assert_eq!(folder_of(&book), PathBuf::from("/home/a/汇总"));
        assert_eq!(
            folder_of(&Written::Workbook("x.xlsx".into())),
            PathBuf::from(".")
        );
        let notices = Written::Notices(PathBuf::from("/home/a/整改通知"));
        assert_eq!(folder_of(&notices), PathBuf::from("/home/a/整改通知"));
    }
}
