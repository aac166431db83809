//! The in-app file chooser, for when the system cannot show a file dialog: on Linux rfd asks
//! the desktop portal (xdg-desktop-portal) or zenity, and where neither exists (many UOS and
//! Kylin machines) it shows nothing and says nothing. Then this window is the clerk's file
//! dialog, so it works like one: places (recent folders, 桌面, 文档, 下载), several files chosen
//! with Ctrl/Shift-click or Ctrl+A, double-click to open a file or enter a folder, Enter to open
//! the selection, a new folder where something is saved, and it closes only by its buttons or
//! Esc. What is chosen is checked before it closes, so a mistake keeps what was typed.
//!
//! The listing and the selection ([`Listing`]) are kept apart from the drawing and tested alone.

use super::loader::has_report_extension;
use eframe::egui::{self, Id, Key, Modifiers, RichText, ScrollArea, Ui};
use std::collections::BTreeSet;
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
    /// One or more files or folders to read.
    Open(Vec<PathBuf>),
    Save(PathBuf),
    Folder(PathBuf),
    List(PathBuf),
    Cancel,
}

/// One line of the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub is_dir: bool,
}

/// A folder's listing and which of its lines are selected, as a file dialog keeps them.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub items: Vec<Item>,
    pub selected: BTreeSet<usize>,
    /// Where a Shift-click range starts.
    anchor: Option<usize>,
}

impl Listing {
    /// A click on line `i`: alone, Ctrl toggles it, Shift selects the range from the anchor.
    pub fn click(&mut self, i: usize, modifiers: Modifiers) {
        if i >= self.items.len() {
            return;
        }
        if modifiers.shift {
            let from = self.anchor.unwrap_or(i);
            let (a, b) = (from.min(i), from.max(i));
            if !modifiers.command {
                self.selected.clear();
            }
            self.selected.extend(a..=b);
            return;
        }
        if modifiers.command {
            if !self.selected.remove(&i) {
                self.selected.insert(i);
            }
        } else {
            self.selected = BTreeSet::from([i]);
        }
        self.anchor = Some(i);
    }

    /// Ctrl+A: every file (folders are entered, not opened with the files).
    pub fn select_all_files(&mut self) {
        self.selected = (0..self.items.len())
            .filter(|&i| !self.items[i].is_dir)
            .collect();
    }

    pub fn chosen(&self) -> impl Iterator<Item = &Item> {
        self.selected.iter().filter_map(|&i| self.items.get(i))
    }
}

#[derive(Debug, Clone)]
pub struct Chooser {
    pub purpose: Purpose,
    /// The folder listed.
    pub dir: PathBuf,
    /// What the path field holds.
    pub path: String,
    /// Why this window is used rather than the system's.
    pub reason: String,
    pub listing: Listing,
    /// The file name offered when saving.
    file_name: String,
    /// What went wrong with the last choice, shown until the next one.
    pub error: Option<String>,
    /// The name being typed for a new folder.
    new_folder: Option<String>,
    /// 主文件夹, 桌面, 文档, 下载 (looked up once, not every frame).
    places: Vec<(String, PathBuf)>,
}

/// Said when the system dialog did not appear: what happened, in a clerk's words.
pub const NO_SYSTEM_DIALOG: &str =
    "这台电脑上的系统选择文件窗口打不开，下面是本程序自带的选择窗口，用法相同。";

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
    Some(NO_SYSTEM_DIALOG.into())
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

/// The places beside the recent folders: the home folder and its 桌面, 文档 and 下载, under the
/// names the system gives them (XDG user dirs, often Chinese) or the usual Chinese and English
/// names where no such setting exists.
pub fn places() -> Vec<(String, PathBuf)> {
    let home = dirs::home_dir();
    let find = |dir: Option<PathBuf>, names: &[&str]| {
        dir.filter(|d| d.is_dir()).or_else(|| {
            let home = home.as_ref()?;
            names.iter().map(|n| home.join(n)).find(|p| p.is_dir())
        })
    };
    let mut out = Vec::new();
    if let Some(h) = home.clone().filter(|h| h.is_dir()) {
        out.push(("主文件夹".to_string(), h));
    }
    for (label, dir, names) in [
        ("桌面", dirs::desktop_dir(), &["桌面", "Desktop"][..]),
        ("文档", dirs::document_dir(), &["文档", "Documents"][..]),
        ("下载", dirs::download_dir(), &["下载", "Downloads"][..]),
    ] {
        if let Some(d) = find(dir, names) {
            if !out.iter().any(|(_, p)| *p == d) {
                out.push((label.to_string(), d));
            }
        }
    }
    out
}

impl Chooser {
    pub fn new(purpose: Purpose, start: PathBuf, reason: String) -> Chooser {
        let mut c = Chooser {
            purpose,
            dir: PathBuf::new(),
            path: String::new(),
            reason,
            listing: Listing::default(),
            file_name: String::new(),
            error: None,
            new_folder: None,
            places: places(),
        };
        c.enter(start);
        c
    }

    /// Offers `name` as the file to save (the path field ends with it).
    pub fn with_file_name(mut self, name: &str) -> Chooser {
        self.file_name = name.to_string();
        if self.purpose == Purpose::Save {
            self.path = self.dir.join(name).display().to_string();
        }
        self
    }

    /// Lists `dir`: its folders, then the files that can be read (none when choosing a folder).
    pub fn enter(&mut self, dir: PathBuf) {
        let mut items: Vec<Item> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        // A symlink to a folder is a folder here.
                        let is_dir = e.path().is_dir();
                        let listed = match self.purpose {
                            Purpose::Folder => false,
                            _ => has_report_extension(&e.path()),
                        };
                        let shown = !name.starts_with('.') && (is_dir || listed);
                        shown.then_some(Item { name, is_dir })
                    })
                    .collect()
            })
            .unwrap_or_default();
        items.sort_by(|a, b| (!a.is_dir, &a.name).cmp(&(!b.is_dir, &b.name)));
        self.listing = Listing {
            items,
            ..Listing::default()
        };
        self.path = match self.purpose {
            Purpose::Open | Purpose::Folder | Purpose::List => dir.display().to_string(),
            Purpose::Save => dir.join(&self.file_name).display().to_string(),
        };
        self.dir = dir;
        self.new_folder = None;
    }

    /// The path field follows the selection: one path, or the names in quotes.
    fn show_selection(&mut self) {
        let chosen: Vec<&Item> = self.listing.chosen().collect();
        self.path = match (self.purpose, chosen.as_slice()) {
            (_, []) => self.dir.display().to_string(),
            (Purpose::Save, [one]) if one.is_dir => self
                .dir
                .join(&one.name)
                .join(&self.file_name)
                .display()
                .to_string(),
            (_, [one]) => self.dir.join(&one.name).display().to_string(),
            (_, many) => many
                .iter()
                .map(|i| format!("\"{}\"", i.name))
                .collect::<Vec<_>>()
                .join(" "),
        };
    }

    /// The paths the field names: several quoted names in the listed folder, or one path
    /// (relative to the listed folder when not absolute).
    fn typed_paths(&self) -> Vec<PathBuf> {
        let text = self.path.trim();
        if text.starts_with('"') {
            return text
                .split('"')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| self.dir.join(s))
                .collect();
        }
        if text.is_empty() {
            return Vec::new();
        }
        vec![self.dir.join(text)]
    }

    /// What the OK button (or Enter, or a double-click on a file) gives, checked first: a
    /// mistake is said in the window, which stays open with what was typed.
    pub fn accept(&mut self) -> Option<Choice> {
        let paths = self.typed_paths();
        let result = match self.purpose {
            Purpose::Open => check_open(&paths).map(|()| Choice::Open(paths.clone())),
            Purpose::List => match paths.as_slice() {
                [one] if one.is_file() => Ok(Choice::List(one.clone())),
                [one] if one.is_dir() => {
                    self.enter(one.clone());
                    return None;
                }
                _ => Err("请选择一个名单文件。".to_string()),
            },
            Purpose::Folder => match paths.as_slice() {
                [one] if one.is_file() => Err(format!("“{}”是文件，请选择文件夹。", one.display())),
                [one] if one.parent().is_some_and(Path::is_dir) => Ok(Choice::Folder(one.clone())),
                _ => Err("请选择一个文件夹（或它所在的文件夹必须已存在）。".to_string()),
            },
            Purpose::Save => check_save(&paths).map(Choice::Save),
        };
        match result {
            Ok(c) => Some(c),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Makes the folder being named in the listed folder, and lists it.
    fn make_folder(&mut self) {
        let Some(name) = self.new_folder.take() else {
            return;
        };
        let name = name.trim();
        if name.is_empty() || name.contains(['/', '\\']) {
            self.error = Some("文件夹名称不能为空，也不能含有 / 或 \\。".to_string());
            self.new_folder = Some(name.to_string());
            return;
        }
        let dir = self.dir.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => {
                self.error = None;
                self.enter(dir);
            }
            Err(e) => {
                self.error = Some(format!("无法新建文件夹“{name}”：{e}"));
                self.new_folder = Some(name.to_string());
            }
        }
    }

    /// Draws the window; `recent` are the folders used before.
    pub fn show(&mut self, ui: &mut Ui, recent: &[PathBuf]) -> Option<Choice> {
        let mut choice = None;
        let title = match self.purpose {
            Purpose::Open => "打开报告（可多选）",
            Purpose::Save => "导出 Excel 工作簿",
            Purpose::Folder => "整改通知保存到哪个文件夹",
            Purpose::List => "打开应报单位名单",
        };
        egui::Modal::new(Id::unique("in-app-chooser")).show(ui.ctx(), |ui| {
            ui.set_width(620.0);
            ui.heading(title);
            ui.colored_label(super::theme::MUTED_TEXT, &self.reason);
            ui.add_space(4.0);
            if self.path_row(ui) {
                choice = self.accept();
            }
            self.places_row(ui, recent);
            ui.separator();
            if self.list(ui) {
                choice = self.accept();
            }
            if self.purpose != Purpose::Open && self.purpose != Purpose::List {
                self.new_folder_row(ui);
            }
            if let Some(e) = &self.error {
                ui.colored_label(super::theme::ERROR_TEXT, e);
            }
            ui.separator();
            choice = choice.take().or_else(|| self.buttons(ui));
        });
        // Esc cancels; a click outside does not (it would lose what was typed).
        if choice.is_none() && ui.input(|i| i.key_pressed(Key::Escape)) {
            choice = Some(Choice::Cancel);
        }
        choice
    }

    /// The path field and 上一级; true when Enter asks to accept a typed file.
    fn path_row(&mut self, ui: &mut Ui) -> bool {
        let mut accept = false;
        ui.horizontal(|ui| {
            let label = ui.label("路径");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.path).desired_width(470.0))
                .labelled_by(label.id);
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                // A folder's path lists that folder; anything else is the choice.
                let typed = self.dir.join(self.path.trim());
                if typed.is_dir() && self.purpose != Purpose::Folder {
                    self.enter(typed);
                } else {
                    accept = true;
                }
            }
            if ui.button("上一级").clicked() {
                if let Some(up) = self.dir.parent().map(Path::to_path_buf) {
                    self.enter(up);
                }
            }
        });
        accept
    }

    /// The recent folders and the usual places, one click each.
    fn places_row(&mut self, ui: &mut Ui, recent: &[PathBuf]) {
        let mut go = None;
        ui.horizontal_wrapped(|ui| {
            ui.weak("位置：");
            for (label, dir) in &self.places {
                if ui
                    .small_button(label.as_str())
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    go = Some(dir.clone());
                }
            }
            if !recent.is_empty() {
                ui.weak("  最近：");
            }
            for dir in recent {
                let name = dir.file_name().map_or(dir.display().to_string(), |n| {
                    n.to_string_lossy().into_owned()
                });
                if ui
                    .small_button(name)
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    go = Some(dir.clone());
                }
            }
        });
        if let Some(d) = go {
            self.enter(d);
        }
    }

    /// The folder's lines; true when a file was double-clicked or Enter pressed on the
    /// selection (to accept it).
    fn list(&mut self, ui: &mut Ui) -> bool {
        let hint = match self.purpose {
            Purpose::Open => "单击选择，按住 Ctrl 或 Shift 可选多个，Ctrl+A 全选；双击打开",
            _ => "单击选择，双击文件夹进入",
        };
        ui.weak(format!("{}：{hint}", self.dir.display()));
        let mut enter = None;
        let mut accept = false;
        let mut clicked = None;
        ScrollArea::vertical()
            .max_height(280.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if self.listing.items.is_empty() {
                    ui.weak("（此文件夹中没有可选的文件）");
                }
                for (i, item) in self.listing.items.iter().enumerate() {
                    let text = if item.is_dir {
                        RichText::new(format!("{}/", item.name)).strong()
                    } else {
                        RichText::new(item.name.as_str())
                    };
                    let selected = self.listing.selected.contains(&i);
                    let r = ui.selectable_label(selected, text);
                    // A third click in a row (a quick clerk) opens it as well.
                    if r.double_clicked() || r.triple_clicked() {
                        if item.is_dir {
                            enter = Some(self.dir.join(&item.name));
                        } else {
                            self.listing.selected = BTreeSet::from([i]);
                            accept = true;
                        }
                    } else if r.clicked() {
                        clicked = Some((i, ui.input(|inp| inp.modifiers)));
                    }
                }
            });
        if let Some((i, m)) = clicked {
            self.listing.click(i, m);
            self.show_selection();
        }
        if let Some(d) = enter {
            self.enter(d);
            return false;
        }
        if accept {
            self.show_selection();
            return true;
        }
        // Keys for the list when no text field has the keyboard.
        if ui.memory(|m| m.focused().is_none()) {
            if self.purpose == Purpose::Open
                && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::A))
            {
                self.listing.select_all_files();
                self.show_selection();
            }
            if !self.listing.selected.is_empty()
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
            {
                let dirs: Vec<&Item> = self.listing.chosen().filter(|i| i.is_dir).collect();
                if let ([d], Purpose::Save | Purpose::List) = (dirs.as_slice(), self.purpose) {
                    let d = self.dir.join(&d.name);
                    self.enter(d);
                    return false;
                }
                return true;
            }
        }
        false
    }

    fn new_folder_row(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| match &mut self.new_folder {
            None => {
                if ui.button("新建文件夹").clicked() {
                    self.new_folder = Some(String::new());
                }
            }
            Some(name) => {
                let label = ui.label("新文件夹名称");
                let r = ui
                    .add(egui::TextEdit::singleline(name).desired_width(240.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.button("建立").clicked() || enter {
                    self.make_folder();
                }
                if ui.button("不建了").clicked() {
                    self.new_folder = None;
                }
            }
        });
    }

    fn buttons(&mut self, ui: &mut Ui) -> Option<Choice> {
        let mut choice = None;
        ui.horizontal(|ui| {
            let n = self.listing.chosen().count();
            let ok = match self.purpose {
                Purpose::Open if n > 1 => format!("打开所选的 {n} 项"),
                Purpose::Open | Purpose::List => "打开".to_string(),
                Purpose::Save => "导出".to_string(),
                Purpose::Folder => "保存到此文件夹".to_string(),
            };
            if ui.button(ok).clicked() {
                choice = self.accept();
            }
            if ui.button("取消").clicked() {
                choice = Some(Choice::Cancel);
            }
        });
        choice
    }
}

/// Every path to open exists.
fn check_open(paths: &[PathBuf]) -> Result<(), String> {
    if paths.is_empty() {
        return Err("请选择要打开的报告或文件夹。".to_string());
    }
    match paths.iter().find(|p| !p.exists()) {
        Some(p) => Err(format!("找不到“{}”，请检查路径。", p.display())),
        None => Ok(()),
    }
}

/// One file to write, in a folder that exists; `.xlsx` added when missing.
fn check_save(paths: &[PathBuf]) -> Result<PathBuf, String> {
    let [path] = paths else {
        return Err("请只写一个文件名。".to_string());
    };
    if path.is_dir() {
        return Err(format!(
            "“{}”是文件夹，请在后面写上文件名。",
            path.display()
        ));
    }
    match path.parent() {
        Some(dir) if dir.as_os_str().is_empty() || dir.is_dir() => {}
        Some(dir) => {
            return Err(format!(
                "文件夹“{}”不存在，请先选择或新建文件夹。",
                dir.display()
            ))
        }
        None => return Err("请写上文件名。".to_string()),
    }
    let mut path = path.clone();
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".xlsx");
        path.set_file_name(name);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(names: &[(&str, bool)]) -> Listing {
        Listing {
            items: names
                .iter()
                .map(|(n, d)| Item {
                    name: n.to_string(),
                    is_dir: *d,
                })
                .collect(),
            ..Listing::default()
        }
    }

    #[test]
    fn clicks_select_as_a_file_dialog_does() {
        let mut l = listing(&[
            ("甲", true),
            ("a.pdf", false),
            ("b.docx", false),
            ("c.txt", false),
        ]);
        l.click(1, Modifiers::NONE);
        assert_eq!(l.selected, BTreeSet::from([1]));
        l.click(3, Modifiers::SHIFT);
        assert_eq!(
            l.selected,
            BTreeSet::from([1, 2, 3]),
            "a range from the anchor"
        );
        l.click(2, Modifiers::COMMAND);
        assert_eq!(l.selected, BTreeSet::from([1, 3]), "Ctrl toggles one");
        l.click(0, Modifiers::NONE);
        assert_eq!(l.selected, BTreeSet::from([0]), "a plain click selects one");
        l.select_all_files();
        assert_eq!(l.selected, BTreeSet::from([1, 2, 3]), "Ctrl+A: the files");
        l.click(9, Modifiers::NONE);
        assert_eq!(
            l.selected,
            BTreeSet::from([1, 2, 3]),
            "out of range: nothing"
        );
    }

    #[test]
    fn a_mistake_keeps_the_window_open_with_what_was_typed() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Chooser::new(Purpose::Save, dir.path().to_path_buf(), String::new())
            .with_file_name("2023年度核查结果.xlsx");
        assert!(c.path.ends_with("2023年度核查结果.xlsx"));
        c.path = dir
            .path()
            .join("没有的文件夹/结果.xlsx")
            .display()
            .to_string();
        assert_eq!(c.accept(), None);
        assert!(c.error.as_deref().unwrap().contains("不存在"));
        assert!(
            c.path.ends_with("没有的文件夹/结果.xlsx"),
            "what was typed is kept"
        );
        c.path = dir.path().join("结果").display().to_string();
        assert_eq!(
            c.accept(),
            Some(Choice::Save(dir.path().join("结果.xlsx"))),
            ".xlsx added"
        );
    }

    #[test]
    fn several_quoted_names_open_together() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        let mut c = Chooser::new(Purpose::Open, dir.path().to_path_buf(), String::new());
        assert_eq!(c.listing.items.len(), 2);
        c.listing.select_all_files();
        c.show_selection();
        assert_eq!(c.path, "\"a.txt\" \"b.txt\"");
        assert_eq!(
            c.accept(),
            Some(Choice::Open(vec![
                dir.path().join("a.txt"),
                dir.path().join("b.txt")
            ]))
        );
        c.path = "\"a.txt\" \"缺.txt\"".into();
        assert_eq!(c.accept(), None);
        assert!(c.error.as_deref().unwrap().contains("缺.txt"));
    }

    #[test]
    fn a_new_folder_is_made_and_entered() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Chooser::new(Purpose::Folder, dir.path().to_path_buf(), String::new());
        c.new_folder = Some("整改通知".into());
        c.make_folder();
        assert!(dir.path().join("整改通知").is_dir());
        assert_eq!(c.dir, dir.path().join("整改通知"));
        c.new_folder = Some("a/b".into());
        c.make_folder();
        assert!(c.error.is_some());
    }
}
