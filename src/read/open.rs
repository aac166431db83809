//! Opening a report file: regular files only (a symbolic link is followed to what it names), and
//! the size checked on the opened file itself, since a device or a FIFO reports a size of 0 and
//! would pass any check made on its name (issue 23: a link to `/dev/zero`, a FIFO that blocks).

use super::{ReadError, MAX_FILE_BYTES};
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// Reads the whole of a regular file, refusing folders, devices, FIFOs and sockets, and files
/// bigger than [`MAX_FILE_BYTES`] (by their size after opening and by what was actually read,
/// so a file that grows while being read is caught too).
pub fn read_regular(path: &Path) -> Result<Vec<u8>, ReadError> {
    // A first look by name: refuses a FIFO before `open` could block on it.
    let io = |e: std::io::Error| ReadError::Io(describe_io(&e));
    let meta = std::fs::metadata(path).map_err(io)?;
    regular_and_small(&meta)?;
    let file = open_no_wait(path).map_err(io)?;
    // The file opened may not be the one looked at (renamed in between): look again.
    let meta = file.metadata().map_err(io)?;
    regular_and_small(&meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// An error of the file system in the clerk's words, with the system's own text after it.
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match e.kind() {
        ErrorKind::NotFound => "文件不存在（可能已被移动、删除，或是指向不存在文件的链接）",
        ErrorKind::PermissionDenied => "没有读取权限",
        ErrorKind::TimedOut => "读取超时",
        ErrorKind::Interrupted => "读取被中断",
        _ => "读取出错",
    };
    format!("{what}：{e}")
}

fn regular_and_small(meta: &Metadata) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta).into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(())
}

fn too_large() -> ReadError {
    ReadError::TooLarge {
        limit_mb: MAX_FILE_BYTES / 1024 / 1024,
    }
}

/// What a path that is not a regular file is, in the clerk's words.
fn kind_of(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        return "这是一个文件夹";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "这是一个管道（FIFO）";
        }
        if t.is_socket() {
            return "这是一个套接字";
        }
        if t.is_block_device() || t.is_char_device() {
            return "这是一个设备";
        }
    }
    "这不是普通文件"
}

/// Opens for reading without waiting for a writer: should a FIFO take the file's place between
/// the look and the open, `open` returns at once and the second look refuses it.
#[cfg(unix)]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path()).unwrap_err();
        assert!(err.to_string().contains("这是一个文件夹"), "{err}");
    }

    #[test]
    fn a_symlink_to_a_regular_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("报告.txt");
        std::fs::write(&target, "内容").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("链接.txt");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(read_regular(&link).unwrap(), "内容".as_bytes());
        }
        assert_eq!(read_regular(&target).unwrap(), "内容".as_bytes());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_device_is_refused_though_its_size_reads_as_zero() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_regular(&link).unwrap_err();
        assert!(err.to_string().contains("设备"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("管道.txt");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_regular(&fifo).unwrap_err();
        assert!(err.to_string().contains("管道"), "{err}");
    }
}
