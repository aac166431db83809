//! The file dialogs: the system's (open files, open a folder, save the workbook, the notices'
//! folder, the roster), or the in-app [`chooser`](super::chooser) where the system has none.
//! Both end in a [`Choice`], which [`App::take_choice`] carries out.

use super::chooser::{Choice, Chooser, Purpose};
use crate::ui::app::App;
use crate::ui::jobs::loader;
use crate::ui::platform::system_dialog::NO_SYSTEM_DIALOG;
use crate::ui::view::Dialog;
use eframe::egui::Ui;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A native dialog that closes sooner than this was never shown (rfd without a portal or
/// zenity returns at once); nobody cancels a dialog that fast.
const NO_DIALOG: Duration = Duration::from_millis(150);

impl App {
    /// Opens the in-app chooser for a dialog asked for this frame when the system has none.
    pub(in crate::ui) fn in_app_dialog(&mut self, ui: &mut Ui) {
        if let Some(reason) = self.no_native_dialog.clone() {
            if let Some(d) = self.view.dialog.take() {
                self.open_chooser(d, reason);
            }
        }
        let Some(chooser) = self.view.chooser.as_mut() else {
            return;
        };
        if let Some(choice) = chooser.show(ui, &self.prefs.recent) {
            self.view.chooser = None;
            self.take_choice(choice);
        }
    }

    /// Carries out what was chosen in a file dialog, the system's or the in-app one.
    fn take_choice(&mut self, choice: Choice) {
        match choice {
            Choice::Open(paths) => {
                if let Some(p) = paths.first() {
                    self.remember(p);
                }
                self.open_paths(paths);
            }
            Choice::Folder(p) => {
                self.remember(&p);
                self.write_notices_to(p);
            }
            Choice::List(p) => {
                self.remember(&p);
                self.open_roster(&p);
            }
            Choice::Save(p) => {
                self.remember(&p);
                self.export_to(p);
            }
            Choice::Cancel => {}
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
    pub(in crate::ui) fn run_dialog(&mut self, parent: Option<&eframe::Frame>) {
        let Some(dialog) = self.view.dialog.take() else {
            return;
        };
        let started = Instant::now();
        match native_dialog(dialog, parent, &self.workbook_name()) {
            Some(choice) => self.take_choice(choice),
            None if started.elapsed() < NO_DIALOG => {
                let reason = NO_SYSTEM_DIALOG.to_string();
                self.no_native_dialog = Some(reason.clone());
                self.open_chooser(dialog, reason);
            }
            None => {}
        }
    }
}

/// Shows the system dialog; `None` when nothing was chosen. `file_name`: the workbook's name
/// offered when saving.
fn native_dialog(
    dialog: Dialog,
    parent: Option<&eframe::Frame>,
    file_name: &str,
) -> Option<Choice> {
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
            with_parent(d).pick_files().map(Choice::Open)
        }
        Dialog::OpenFolder => {
            let d = rfd::FileDialog::new().set_title("选择包含年度报告的文件夹");
            with_parent(d)
                .pick_folder()
                .map(|dir| Choice::Open(vec![dir]))
        }
        Dialog::SaveWorkbook => {
            let d = rfd::FileDialog::new()
                .set_title("导出 Excel 工作簿")
                .set_file_name(file_name)
                .add_filter("Excel 工作簿", &["xlsx"]);
            with_parent(d).save_file().map(Choice::Save)
        }
        Dialog::SaveNotices => {
            let d = rfd::FileDialog::new().set_title("选择保存整改通知的文件夹");
            with_parent(d).pick_folder().map(Choice::Folder)
        }
        Dialog::OpenRoster => {
            let d = rfd::FileDialog::new()
                .set_title("选择应报单位名单")
                .add_filter("名单", &["txt", "xlsx", "xls", "ods", "docx", "csv"])
                .add_filter("所有文件", &["*"]);
            with_parent(d).pick_file().map(Choice::List)
        }
    }
}

impl App {
    /// The workbook's default name: the office, the year of most reports and 年报核查结果
    /// (`某某县人民政府办公室2023年度年报核查结果.xlsx`), so that two years' exports differ.
    pub(in crate::ui) fn workbook_name(&self) -> String {
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
