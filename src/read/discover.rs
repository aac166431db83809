//! Which files to read: one walker for the command line and the app. Folders are walked
//! recursively for files with a report extension; files named explicitly are always tried (their
//! type is sniffed from the bytes). Office lock files (`~$x.docx`), hidden files and the app's own
//! exported workbooks are left out. Links to files are followed, links to folders are not; a
//! folder or file that cannot be opened is listed with the reason, never skipped in silence.

use super::{open, zipped, ReadError};
use std::path::{Path, PathBuf};

/// Extensions picked up when walking a folder. Archives too: a zip's reports are read one by
/// one, and a 7z or RAR is listed with why it is not opened rather than passed over. Scans and
/// photos of reports too (read by OCR, `super::scan`).
pub const EXTENSIONS: &[&str] = &[
    "pdf", "ofd", "docx", "doc", "wps", "xlsx", "xls", "ods", "html", "htm", "mht", "mhtml", "txt",
    "md", "zip", "7z", "rar", "jpg", "jpeg", "png", "tif", "tiff", "bmp",
];

/// The author written into every workbook this program exports (src/export); a workbook carrying
/// it is a summary made here, not a report.
pub const WORKBOOK_AUTHOR: &str = "年报核查";

pub fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// What a folder walk found: a file to read, or a folder or file it could not open, with why.
/// Nothing met is dropped without a word (issue 23).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    File(PathBuf),
    Unreadable { path: PathBuf, error: ReadError },
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Unreadable { path: p, .. } => p,
        }
    }
}

/// Paths as given, with every folder replaced by the report files inside it (each folder's files
/// sorted). Explicit files are kept even without a report extension.
pub fn expand(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(files_in(p));
        } else {
            out.push(Found::File(p.clone()));
        }
    }
    out
}

/// Every file under `dir` with a report extension, sorted, and every folder or file met that
/// could not be opened. A symbolic link to a file is followed; one to a folder is not (a link
/// cycle would never end) and is listed as [`ReadError::LinkedFolder`].
pub fn files_in(dir: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(entries) => entries,
            Err(e) => {
                out.push(unreadable_folder(d, &e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    out.push(unreadable_folder(d.clone(), &e));
                    continue;
                }
            };
            if is_hidden_or_lock_file(&entry.file_name().to_string_lossy()) {
                continue;
            }
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(entry.path()),
                Ok(ft) if ft.is_symlink() => out.extend(linked(entry.path())),
                Ok(_) if has_report_extension(&entry.path()) => out.push(Found::File(entry.path())),
                Ok(_) => {}
                Err(e) => out.push(Found::Unreadable {
                    path: entry.path(),
                    error: ReadError::Io(open::describe_io(&e)),
                }),
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out
}

fn unreadable_folder(path: PathBuf, e: &std::io::Error) -> Found {
    Found::Unreadable {
        path,
        error: ReadError::FolderUnreadable(open::describe_io(e)),
    }
}

/// A symbolic link met in a walk: a report file it names is read (the reader follows it and
/// takes only a regular file); a link to a folder is listed, not entered; a broken link with a
/// report's name is listed with why.
fn linked(path: PathBuf) -> Option<Found> {
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Some(Found::Unreadable {
            path,
            error: ReadError::LinkedFolder,
        }),
        _ if !has_report_extension(&path) => None,
        Ok(_) => Some(Found::File(path)),
        Err(e) => Some(Found::Unreadable {
            path,
            error: ReadError::Io(open::describe_io(&e)),
        }),
    }
}

/// `.x` (hidden) and `~$x.docx` (the lock file Word, WPS and Excel keep beside an open document).
pub(crate) fn is_hidden_or_lock_file(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// True for an .xlsx package written by this program's export (its author is [`WORKBOOK_AUTHOR`]).
pub fn is_own_workbook(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zipped::open(bytes, "") else {
        return false;
    };
    let Ok(core) = zipped::read_part(&mut archive, "docProps/core.xml") else {
        return false;
    };
    let core = String::from_utf8_lossy(&core);
    core.contains(&format!(">{WORKBOOK_AUTHOR}</dc:creator>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_read_recursively_for_report_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("乡镇");
        std::fs::create_dir(&sub).unwrap();
        for f in [
            "a.txt", "b.PDF", "c.png", "~$d.docx", ".e.txt", "g.md", "h.gif",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::write(sub.join("f.docx"), "x").unwrap();
        let names: Vec<String> = files_in(dir.path())
            .iter()
            .map(|p| p.path().file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        // Scans and photos are reports too (read by OCR); other pictures are not.
        assert_eq!(names, ["a.txt", "b.PDF", "c.png", "g.md", "f.docx"]);
    }

    #[test]
    fn explicit_files_are_kept_whatever_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("报告.dat");
        std::fs::write(&odd, "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let got = expand(&[odd.clone(), dir.path().to_path_buf()]);
        assert_eq!(
            got,
            [
                Found::File(odd.clone()),
                Found::File(odd.with_file_name("a.txt"))
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_followed_and_links_to_folders_listed_not_entered() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("真实报告.txt");
        std::fs::write(&target, "x").unwrap();
        symlink(&target, dir.path().join("链接报告.txt")).unwrap();
        symlink(
            elsewhere.path().join("不存在.txt"),
            dir.path().join("断链.txt"),
        )
        .unwrap();
        symlink(elsewhere.path(), dir.path().join("链接文件夹")).unwrap();
        // A loop: walking into it would never end.
        symlink(dir.path(), dir.path().join("回到上级")).unwrap();
        let found = files_in(dir.path());
        let name = |f: &Found| f.path().file_name().unwrap().to_string_lossy().into_owned();
        let files: Vec<String> = found
            .iter()
            .filter(|f| matches!(f, Found::File(_)))
            .map(name)
            .collect();
        assert_eq!(files, ["链接报告.txt"]);
        let refused: Vec<(String, String)> = found
            .iter()
            .filter_map(|f| match f {
                Found::Unreadable { error, .. } => Some((name(f), error.to_string())),
                Found::File(_) => None,
            })
            .collect();
        assert_eq!(refused.len(), 3, "{refused:?}");
        assert!(refused
            .iter()
            .any(|(n, e)| n == "断链.txt" && e.contains("不存在")));
        assert!(refused
            .iter()
            .any(|(n, e)| n == "链接文件夹" && e.contains("链接")));
        assert!(refused
            .iter()
            .any(|(n, e)| n == "回到上级" && e.contains("避免循环")));
    }

    /// Root reads every folder whatever its permissions: the test needs another user.
    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_opened_is_listed() {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            eprintln!("skipped: running as root, which ignores permissions");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let locked = dir.path().join("锁住");
        std::fs::create_dir(&locked).unwrap();
        std::fs::write(locked.join("b.txt"), "x").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let found = files_in(dir.path());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(found[0], Found::File(dir.path().join("a.txt")));
        match &found[1] {
            Found::Unreadable { path, error } => {
                assert_eq!(path, &locked);
                assert!(error.to_string().contains("没有读取权限"), "{error}");
            }
            other => panic!("the locked folder is listed: {other:?}"),
        }
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn own_workbooks_are_recognised_by_their_author() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_author(WORKBOOK_AUTHOR));
        wb.add_worksheet().write_string(0, 0, "汇总").unwrap();
        let ours = wb.save_to_buffer().unwrap();
        assert!(is_own_workbook(&ours));

        let mut other = rust_xlsxwriter::Workbook::new();
        other.set_properties(&rust_xlsxwriter::DocProperties::new().set_author("张三"));
        other.add_worksheet().write_string(0, 0, "表三").unwrap();
        assert!(!is_own_workbook(&other.save_to_buffer().unwrap()));
        assert!(!is_own_workbook(b"not a zip"));
    }
}
