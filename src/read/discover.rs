//! Which files to read: one walker for the command line and the app. Folders are walked
//! recursively for files with a report extension; files named explicitly are always tried (their
//! type is sniffed from the bytes). Office lock files (`~$x.docx`), hidden files and the app's own
//! exported workbooks are left out.

use super::zipped;
use std::path::{Path, PathBuf};

/// Extensions picked up when walking a folder.
pub const EXTENSIONS: &[&str] = &[
    "pdf", "docx", "doc", "wps", "xlsx", "xls", "ods", "html", "htm", "mht", "mhtml", "txt", "md",
];

/// The author written into every workbook this program exports (src/export); a workbook carrying
/// it is a summary made here, not a report.
pub const WORKBOOK_AUTHOR: &str = "年报核查";

pub fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Paths as given, with every folder replaced by the report files inside it (each folder's files
/// sorted). Explicit files are kept even without a report extension.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(files_in(p));
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Every file under `dir` with a report extension, sorted, without following symbolic links
/// (a link cycle would never end).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let path = entry.path();
            if is_hidden_or_lock_file(&entry.file_name().to_string_lossy()) {
                continue;
            }
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && has_report_extension(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `.x` (hidden) and `~$x.docx` (the lock file Word, WPS and Excel keep beside an open document).
fn is_hidden_or_lock_file(name: &str) -> bool {
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
        for f in ["a.txt", "b.PDF", "c.png", "~$d.docx", ".e.txt", "g.md"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::write(sub.join("f.docx"), "x").unwrap();
        let names: Vec<String> = files_in(dir.path())
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b.PDF", "g.md", "f.docx"]);
    }

    #[test]
    fn explicit_files_are_kept_whatever_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("报告.dat");
        std::fs::write(&odd, "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let got = expand(&[odd.clone(), dir.path().to_path_buf()]);
        assert_eq!(got, [odd.clone(), odd.with_file_name("a.txt")]);
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
