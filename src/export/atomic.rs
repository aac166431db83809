//! Saving without ever leaving a half-written workbook: the bytes go to a temporary file in the
//! target's folder, which then replaces the target in one rename. If anything fails, the old
//! file is untouched and the temporary file is removed.

use super::ExportError;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_with(path, bytes, |from, to| fs::rename(from, to))
}

/// As [`write`], with the final rename given (tests make it fail as Excel would).
pub fn write_with(
    path: &Path,
    bytes: &[u8],
    rename: impl Fn(&Path, &Path) -> io::Result<()>,
) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(ExportError::IsDirectory { path: shown });
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(ExportError::NoFolder {
            dir: dir.display().to_string(),
        });
    }
    if let Ok(meta) = fs::metadata(path) {
        if meta.permissions().readonly() {
            return Err(ExportError::ReadOnly { path: shown });
        }
    }
    let (tmp_path, mut tmp) = create_temp(&dir, path)?;
    let written = tmp.write_all(bytes).and_then(|_| tmp.sync_all());
    drop(tmp);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp_path);
        return Err(ExportError::WriteFailed {
            path: shown,
            detail: describe(&e),
        });
    }
    if let Err(e) = rename(&tmp_path, path) {
        let _ = fs::remove_file(&tmp_path);
        return Err(rename_error(path, &e));
    }
    sync_folder(&dir);
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new file next to the target: `.名称.xlsx.nianbao-<pid>-<n>.tmp`.
fn create_temp(dir: &Path, target: &Path) -> Result<(PathBuf, File), ExportError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".to_string());
    let mut last_err = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let p = dir.join(format!(".{name}.nianbao-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&p) {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => {
                return Err(ExportError::FolderNotWritable {
                    dir: dir.display().to_string(),
                    detail: describe(&e),
                })
            }
        }
    }
    Err(ExportError::FolderNotWritable {
        dir: dir.display().to_string(),
        detail: last_err.map(|e| describe(&e)).unwrap_or_default(),
    })
}

/// On Windows a file open in Excel cannot be replaced (access denied or sharing violation).
fn rename_error(path: &Path, e: &io::Error) -> ExportError {
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    let locked = e.kind() == io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION))
        || excel_lock_file(path).exists();
    if locked {
        ExportError::Locked {
            path: path.display().to_string(),
        }
    } else {
        ExportError::WriteFailed {
            path: path.display().to_string(),
            detail: describe(e),
        }
    }
}

/// Excel marks an open workbook with `~$name.xlsx` beside it.
fn excel_lock_file(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(path).join(format!("~${name}"))
}

/// Makes the rename itself durable where the system allows it; failure here loses nothing.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The cause in words a clerk understands.
fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
        io::ErrorKind::StorageFull => "磁盘空间不足".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "磁盘为只读".to_string(),
        io::ErrorKind::NotFound => "路径不存在".to_string(),
        _ => format!("系统错误：{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_and_replaces_without_leaving_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("汇总.xlsx");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_file_open_in_excel_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("汇总.xlsx");
        fs::write(&p, b"old").unwrap();
        // What Windows answers when Excel holds the file.
        let err = write_with(&p, b"new", |_, _| Err(io::Error::from_raw_os_error(32))).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("无法写入") && msg.contains("Excel 中打开"),
            "{msg}"
        );
        assert!(msg.contains("请关闭后重试"), "{msg}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_directory_at_the_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.xlsx");
        fs::create_dir(&p).unwrap();
        fs::write(p.join("keep.txt"), b"x").unwrap();
        let msg = write(&p, b"new").unwrap_err().to_string();
        assert!(msg.contains("文件夹"), "{msg}");
        assert_eq!(fs::read(p.join("keep.txt")).unwrap(), b"x");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_read_only_file_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.xlsx");
        fs::write(&p, b"old").unwrap();
        let mut perm = fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        fs::set_permissions(&p, perm).unwrap();
        let msg = write(&p, b"new").unwrap_err().to_string();
        assert!(msg.contains("只读"), "{msg}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("没有这个文件夹").join("out.xlsx");
        let msg = write(&p, b"new").unwrap_err().to_string();
        assert!(
            msg.contains("没有这个文件夹") && msg.contains("不存在"),
            "{msg}"
        );
    }

    /// A folder nobody may write to. As root, permission bits do not stop writing, so the test
    /// uses /sys, where even root cannot create files.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_unwritable_folder_gives_a_clear_message() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let enforced = File::create(dir.path().join("probe")).is_err();
        let target = if enforced {
            dir.path().join("out.xlsx")
        } else {
            PathBuf::from("/sys/nianbao-export-test.xlsx")
        };
        let msg = write(&target, b"new").unwrap_err().to_string();
        assert!(
            msg.contains("无法在文件夹") && msg.contains("没有写入权限"),
            "{msg}"
        );
        assert!(!target.exists());
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}
