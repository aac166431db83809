//! The in-app file chooser, for when the system cannot show a file dialog: on Linux rfd asks
//! the desktop portal (xdg-desktop-portal) or zenity, and where neither exists it shows nothing
//! and says nothing. Then this window says so and offers a path field, folder browsing and the
//! recent folders.

use super::loader::has_report_extension;
use eframe::egui::{self, Id, RichText, ScrollArea, Ui};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Report files or a folder of them.
    Open,
    /// Where to write the workbook.
    Save,
    /// A folder to write the 整改通知 into.
    Folder,
    /// A list of units (the roster).
    List,
}

/// What the chooser decided this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Open(PathBuf),
    Save(PathBuf),
    Folder(PathBuf),
    List(PathBuf),
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Chooser {
    pub purpose: Purpose,
    /// The folder listed.
    pub dir: PathBuf,
    /// What the path field holds.
    pub path: String,
    /// Why the system dialog was not used.
    pub reason: String,
    entries: Vec<(String, bool)>,
}

const WORKBOOK_NAME: &str = "年报核查结果.xlsx";

/// Whether a system file dialog can be shown. On Linux rfd needs the desktop portal or zenity;
/// without either it returns at once as if the user had cancelled.
pub fn native_dialog_missing() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let in_path = |exe: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(exe).is_file()))
    };
    if in_path("zenity") || portal_running() {
        return None;
    }
    Some("本机没有可用的系统文件对话框（未找到 xdg-desktop-portal 或 zenity），请在下面输入路径或浏览文件夹。".into())
}

/// A process named xdg-desktop-portal is running (it answers the file dialog requests).
fn portal_running() -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        std::fs::read_to_string(p.path().join("comm"))
            .is_ok_and(|c| c.trim().starts_with("xdg-desktop-por"))
    })
}

impl Chooser {
    pub fn new(purpose: Purpose, start: PathBuf, reason: String) -> Chooser {
        let mut c = Chooser {
            purpose,
            dir: PathBuf::new(),
            path: String::new(),
            reason,
            entries: Vec::new(),
        };
        c.enter(start);
        c
    }

    /// Lists `dir`: its folders, then the files that can be read (or all files when saving).
    fn enter(&mut self, dir: PathBuf) {
        let mut entries: Vec<(String, bool)> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let is_dir = e.file_type().ok()?.is_dir();
                        let listed = match self.purpose {
                            Purpose::Folder => false,
                            _ => has_report_extension(&e.path()),
                        };
                        let shown = !name.starts_with('.') && (is_dir || listed);
                        shown.then_some((name, is_dir))
                    })
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_by(|a, b| (!a.1, &a.0).cmp(&(!b.1, &b.0)));
        self.entries = entries;
        self.path = match self.purpose {
            Purpose::Open | Purpose::Folder | Purpose::List => dir.display().to_string(),
            Purpose::Save => dir.join(WORKBOOK_NAME).display().to_string(),
        };
        self.dir = dir;
    }

    /// Draws the window; `recent` are the folders used before.
    pub fn show(&mut self, ui: &mut Ui, recent: &[PathBuf]) -> Option<Choice> {
        let mut choice = None;
        let title = match self.purpose {
            Purpose::Open => "打开报告",
            Purpose::Save => "导出 Excel 工作簿",
            Purpose::Folder => "整改通知保存到哪个文件夹",
            Purpose::List => "打开应报单位名单",
        };
        let modal = egui::Modal::new(Id::unique("in-app-chooser")).show(ui.ctx(), |ui| {
            ui.set_width(560.0);
            ui.heading(title);
            ui.colored_label(super::theme::WARNING_TEXT, &self.reason);
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let label = ui.label("路径");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(420.0))
                    .labelled_by(label.id);
                // Enter on a folder's path lists that folder (a typed or pasted path).
                let typed = PathBuf::from(self.path.trim());
                if field.lost_focus()
                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    && typed.is_dir()
                {
                    self.enter(typed);
                }
                if ui.button("上一级").clicked() {
                    if let Some(up) = self.dir.parent().map(Path::to_path_buf) {
                        self.enter(up);
                    }
                }
            });
            if !recent.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.weak("最近的文件夹：");
                    for dir in recent {
                        let name = dir.file_name().map_or(dir.display().to_string(), |n| {
                            n.to_string_lossy().into_owned()
                        });
                        if ui
                            .small_button(name)
                            .on_hover_text(dir.display().to_string())
                            .clicked()
                        {
                            self.enter(dir.clone());
                        }
                    }
                });
            }
            ui.separator();
            ui.weak(format!(
                "{} 中的文件夹和报告文件（双击文件夹进入，或输入路径后按回车）：",
                self.dir.display()
            ));
            ScrollArea::vertical()
                .max_height(260.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let mut enter = None;
                    for (name, is_dir) in &self.entries {
                        let text = if *is_dir {
                            RichText::new(format!("{name}/")).strong()
                        } else {
                            RichText::new(name.as_str())
                        };
                        let r = ui.selectable_label(false, text);
                        if r.double_clicked() && *is_dir {
                            enter = Some(self.dir.join(name));
                        } else if r.clicked() {
                            let p = self.dir.join(name);
                            self.path = match (self.purpose, *is_dir) {
                                (Purpose::Save, true) => p.join(WORKBOOK_NAME),
                                _ => p,
                            }
                            .display()
                            .to_string();
                        }
                    }
                    if let Some(d) = enter {
                        self.enter(d);
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let ok = match self.purpose {
                    Purpose::Open | Purpose::List => "打开",
                    Purpose::Save => "导出",
                    Purpose::Folder => "保存到此文件夹",
                };
                let path = PathBuf::from(self.path.trim());
                if ui.button(ok).clicked() && !self.path.trim().is_empty() {
                    choice = Some(match self.purpose {
                        Purpose::Open => Choice::Open(path),
                        Purpose::Save => Choice::Save(path),
                        Purpose::Folder => Choice::Folder(path),
                        Purpose::List => Choice::List(path),
                    });
                }
                if ui.button("取消").clicked() {
                    choice = Some(Choice::Cancel);
                }
            });
        });
        if choice.is_none() && modal.should_close() {
            choice = Some(Choice::Cancel);
        }
        choice
    }
}
