//! Dialogs: the native file dialogs (open files, open a folder, save the workbook), the in-app
//! chooser where the system has none ([`chooser`](super::chooser)), and the question before
//! clearing the list.

use super::app::App;
use super::chooser::{Choice, Chooser, Purpose};
use super::loader;
use eframe::egui::{self, Id, Ui};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A native dialog that closes sooner than this was never shown (rfd without a portal or
/// zenity returns at once); nobody cancels a dialog that fast.
const NO_DIALOG: Duration = Duration::from_millis(150);

/// File dialogs wait for `eframe::App::ui`, which can give them the window as parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    OpenFiles,
    OpenFolder,
    SaveWorkbook,
    /// The folder the 整改通知 and the 通报 go into.
    SaveNotices,
    /// A .txt or spreadsheet list of the units that must report.
    OpenRoster,
}

impl App {
    pub(super) fn confirm_clear(&mut self, ui: &mut Ui) {
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
    pub(super) fn confirm_paste(&mut self, ui: &mut Ui) {
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

    /// Opens the in-app chooser for a dialog asked for this frame when the system has none.
    pub(super) fn in_app_dialog(&mut self, ui: &mut Ui) {
        if let Some(reason) = self.no_native_dialog.clone() {
            if let Some(d) = self.view.dialog.take() {
                self.open_chooser(d, reason);
            }
        }
        let Some(chooser) = self.view.chooser.as_mut() else {
            return;
        };
        match chooser.show(ui, &self.prefs.recent) {
            Some(Choice::Open(paths)) => {
                self.view.chooser = None;
                if let Some(p) = paths.first() {
                    self.remember(p);
                }
                self.open_paths(paths);
            }
            Some(Choice::Folder(p)) => {
                self.view.chooser = None;
                self.remember(&p);
                self.write_notices_to(p);
            }
            Some(Choice::List(p)) => {
                self.view.chooser = None;
                self.remember(&p);
                self.open_roster(&p);
            }
            Some(Choice::Save(p)) => {
                self.view.chooser = None;
                self.remember(&p);
                self.export_to(p);
            }
            Some(Choice::Cancel) => self.view.chooser = None,
            None => {}
        }
    }

    fn open_chooser(&mut self, dialog: Dialog, reason: String) {
        let purpose = match dialog {
            Dialog::OpenFiles | Dialog::OpenFolder => Purpose::Open,
            Dialog::SaveWorkbook => Purpose::Save,
            Dialog::SaveNotices => Purpose::Folder,
            Dialog::OpenRoster => Purpose::List,
        };
        let start = self
            .prefs
            .recent
            .first()
            .cloned()
            .or_else(dirs::document_dir)
            .or_else(dirs::home_dir)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = self.workbook_name();
        self.view.chooser = Some(Chooser::new(purpose, start, reason).with_file_name(&name));
    }

    /// Keeps the folder of a chosen path among the recent folders.
    fn remember(&mut self, path: &std::path::Path) {
        let dir = if path.is_dir() {
            Some(path)
        } else {
            path.parent()
        };
        if let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            self.prefs.remember_folder(d);
        }
    }

    /// Runs a file dialog asked for this frame, with `parent` as its owner window.
    pub(super) fn run_dialog(&mut self, parent: Option<&eframe::Frame>) {
        let Some(dialog) = self.view.dialog.take() else {
            return;
        };
        let started = Instant::now();
        let chosen = self.native_dialog(dialog, parent);
        if !chosen && started.elapsed() < NO_DIALOG {
            let reason = super::chooser::NO_SYSTEM_DIALOG.to_string();
            self.no_native_dialog = Some(reason.clone());
            self.open_chooser(dialog, reason);
        }
    }

    /// Shows the system dialog; false when nothing was chosen.
    fn native_dialog(&mut self, dialog: Dialog, parent: Option<&eframe::Frame>) -> bool {
        let with_parent = |d: rfd::FileDialog| match parent {
            Some(frame) => d.set_parent(frame),
            None => d,
        };
        match dialog {
            Dialog::OpenFiles => {
                let d = rfd::FileDialog::new()
                    .set_title("选择年度报告（可多选）")
                    .add_filter("年度报告", loader::EXTENSIONS)
                    .add_filter("所有文件", &["*"]);
                let Some(paths) = with_parent(d).pick_files() else {
                    return false;
                };
                if let Some(p) = paths.first() {
                    self.remember(p);
                }
                self.open_paths(paths);
            }
            Dialog::OpenFolder => {
                let d = rfd::FileDialog::new().set_title("选择包含年度报告的文件夹");
                let Some(dir) = with_parent(d).pick_folder() else {
                    return false;
                };
                self.remember(&dir);
                self.open_paths(vec![dir]);
            }
            Dialog::SaveWorkbook => {
                let d = rfd::FileDialog::new()
                    .set_title("导出 Excel 工作簿")
                    .set_file_name(self.workbook_name())
                    .add_filter("Excel 工作簿", &["xlsx"]);
                let Some(path) = with_parent(d).save_file() else {
                    return false;
                };
                self.remember(&path);
                self.export_to(path);
            }
            Dialog::SaveNotices => {
                let d = rfd::FileDialog::new().set_title("选择保存整改通知的文件夹");
                let Some(dir) = with_parent(d).pick_folder() else {
                    return false;
                };
                self.remember(&dir);
                self.write_notices_to(dir);
            }
            Dialog::OpenRoster => {
                let d = rfd::FileDialog::new()
                    .set_title("选择应报单位名单")
                    .add_filter("名单", &["txt", "xlsx", "xls", "ods", "docx", "csv"])
                    .add_filter("所有文件", &["*"]);
                let Some(path) = with_parent(d).pick_file() else {
                    return false;
                };
                self.remember(&path);
                self.open_roster(&path);
            }
        }
        true
    }
}

impl App {
    /// The workbook's default name: the office, the year of most reports and 年报核查结果
    /// (`某某县人民政府办公室2023年度年报核查结果.xlsx`), so that two years' exports differ.
    pub(super) fn workbook_name(&self) -> String {
        let reports = self.state.reports();
        let refs: Vec<&crate::model::Report> = reports.iter().map(|r| &**r).collect();
        let year = crate::roster::main_year(&refs).map_or(String::new(), |y| format!("{y}年度"));
        let office: String = self
            .prefs
            .office
            .trim()
            .chars()
            .filter(|c| !"/\\:*?\"<>|".contains(*c) && !c.is_control())
            .collect();
        format!("{office}{year}年报核查结果.xlsx")
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
