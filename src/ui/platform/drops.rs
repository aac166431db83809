//! What a drop hands over, made into files to read (issue 24).
//!
//! winit decodes the X11 URI list itself, but drag sources differ: some send `file:///路径` raw,
//! some percent-encode it, a few encode it twice or keep `file://localhost/`. A path that does not
//! exist as given is tried again decoded. What still names no file is said in the status line, so
//! a drop never comes to nothing without a word.

use crate::ui::jobs::loader::Source;
use percent_encoding::percent_decode;
use std::path::{Path, PathBuf};

/// A drop sorted into what can be read and what could not be made into a file.
#[derive(Debug, Default)]
pub struct Drop {
    pub sources: Vec<Source>,
    /// How each unusable item was handed over (its path or name, shown to the clerk).
    pub unusable: Vec<String>,
}

/// Sorts what egui received on a drop.
pub fn sort(files: &[std::sync::Arc<dyn eframe::egui::DroppedFile + Send + Sync>]) -> Drop {
    let mut drop = Drop::default();
    for file in files {
        let given = file.path();
        if !given.as_os_str().is_empty() {
            match resolve(given) {
                Some(path) => drop.sources.push(Source::Path(path)),
                None => drop.unusable.push(crate::read::path_text(given)),
            }
            continue;
        }
        // No path (only seen from sandboxed sources): the bytes, if it hands them over.
        match file.bytes() {
            Ok(bytes) if !bytes.is_empty() => drop.sources.push(Source::Bytes {
                name: "拖入的内容".into(),
                bytes,
            }),
            _ => drop.unusable.push("（没有文件路径的一项）".into()),
        }
    }
    drop
}

/// The status line's words for a drop.
pub fn message(drop: &Drop) -> (String, bool) {
    let mut text = String::new();
    if !drop.sources.is_empty() {
        text = format!("已拖入 {} 项，正在读取。", drop.sources.len());
    }
    if !drop.unusable.is_empty() {
        let names: Vec<&str> = drop.unusable.iter().take(3).map(String::as_str).collect();
        let more = match drop.unusable.len() {
            n if n > 3 => format!("等 {n} 项"),
            _ => String::new(),
        };
        text.push_str(&format!(
            "拖入的“{}”{}找不到对应的文件（可能来自网络位置，或文件名的编码无法识别），未能读取。请用「打开…」选择这些文件。",
            names.join("”“"),
            more
        ));
    }
    (text, !drop.unusable.is_empty())
}

/// The file a dropped path stands for: the path itself when it exists, else the path read as a
/// `file:` URI and percent-decoded (once or twice).
pub fn resolve(given: &Path) -> Option<PathBuf> {
    if exists(given) {
        return Some(given.to_path_buf());
    }
    let text = given.to_str()?;
    let bare = strip_scheme(text);
    let mut tried = bare.as_bytes().to_vec();
    for _ in 0..2 {
        if !tried.contains(&b'%') {
            break;
        }
        tried = percent_decode(&tried).collect();
        let path = path_from_bytes(tried.clone())?;
        if exists(&path) {
            return Some(path);
        }
    }
    let path = PathBuf::from(bare);
    exists(&path).then_some(path)
}

/// `file:///a`, `file://localhost/a` and `file:/a` all mean `/a`; on Windows `file:///C:/a` is `C:/a`.
fn strip_scheme(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("file:")
        .or_else(|| text.strip_prefix("FILE:"))
    else {
        return text;
    };
    let rest = rest.strip_prefix("//localhost").unwrap_or(rest);
    let rest = if rest.starts_with("///") {
        &rest[2..]
    } else {
        rest
    };
    if cfg!(windows) {
        let drive = rest.as_bytes().get(2) == Some(&b':');
        if drive && rest.starts_with('/') {
            return &rest[1..];
        }
    }
    rest
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, "x").unwrap();
        (dir, file)
    }

    fn encode(path: &Path) -> String {
        percent_encoding::utf8_percent_encode(
            path.to_str().unwrap(),
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string()
        .replace("%2F", "/")
    }

    #[test]
    fn a_path_that_exists_is_taken_as_it_is() {
        // A real name with a percent sign in it is never decoded.
        let (_dir, file) = folder_with("长兴乡 100%25.txt");
        assert_eq!(resolve(&file), Some(file));
    }

    #[test]
    fn percent_encoded_and_raw_uris_find_the_file() {
        let (_dir, file) = folder_with("长兴乡 报告.txt");
        let raw = format!("file://{}", file.display());
        assert_eq!(resolve(Path::new(&raw)), Some(file.clone()));
        let encoded = encode(&file);
        assert!(encoded.contains("%E9%95%BF"), "{encoded}");
        assert_eq!(resolve(Path::new(&encoded)), Some(file.clone()));
        let uri = format!("file://localhost{encoded}");
        assert_eq!(resolve(Path::new(&uri)), Some(file.clone()));
        let twice = encoded.replace('%', "%25");
        assert_eq!(resolve(Path::new(&twice)), Some(file.clone()));
        let single = format!("file:{encoded}");
        assert_eq!(resolve(Path::new(&single)), Some(file));
    }

    #[test]
    fn a_path_that_names_no_file_is_unusable_and_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("%E9%95%BF.txt");
        assert_eq!(resolve(&gone), None);
        assert_eq!(resolve(Path::new("file://server/share/a.docx")), None);
        let drop = Drop {
            sources: Vec::new(),
            unusable: vec!["file://server/share/a.docx".into()],
        };
        let (text, error) = message(&drop);
        assert!(error);
        assert!(text.contains("a.docx") && text.contains("打开"), "{text}");
    }

    #[test]
    fn every_drop_has_words() {
        let (_dir, file) = folder_with("a.txt");
        let drop = Drop {
            sources: vec![Source::Path(file)],
            unusable: Vec::new(),
        };
        assert_eq!(
            message(&drop),
            ("已拖入 1 项，正在读取。".to_string(), false)
        );
    }
}
