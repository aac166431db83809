//! What the chooser holds and decides: the folder listed, the path typed, the places beside it,
//! and the check of a choice before the window closes, so that a mistake keeps what was typed.

use super::listing::{Item, Listing};
use crate::ui::jobs::loader::has_report_extension;
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
    pub(super) file_name: String,
    /// What went wrong with the last choice, shown until the next one.
    pub error: Option<String>,
    /// The name being typed for a new folder.
    pub(super) new_folder: Option<String>,
    /// 主文件夹, 桌面, 文档, 下载 (looked up once, not every frame).
    pub(super) places: Vec<(String, PathBuf)>,
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
        self.listing = Listing::of(items);
        self.path = match self.purpose {
            Purpose::Open | Purpose::Folder | Purpose::List => dir.display().to_string(),
            Purpose::Save => dir.join(&self.file_name).display().to_string(),
        };
        self.dir = dir;
        self.new_folder = None;
    }

    /// The path field follows the selection: one path, or the names in quotes.
    pub(super) fn show_selection(&mut self) {
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
    pub(super) fn make_folder(&mut self) {
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
