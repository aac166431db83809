//! File names as text for messages, lists and JSON. A name that is not valid UTF-8 (a GBK name
//! copied from an old Windows share onto Linux) is shown with each bad byte as `\xNN`: lossy,
//! but two different names never print the same (`to_string_lossy` makes both `�.txt`).

use std::path::Path;

/// The path as text, invalid bytes written as `\xNN`.
pub fn path_text(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        // Windows names are UTF-16; only an unpaired surrogate is lost here.
        path.to_string_lossy().into_owned()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_that_are_not_utf8_stay_distinct() {
        let gbk_a = Path::new(OsStr::from_bytes(b"/tmp/\xB1\xA8\xB8\xE6.txt"));
        let gbk_b = Path::new(OsStr::from_bytes(b"/tmp/\xB1\xA8\xB8\xE7.txt"));
        assert_eq!(path_text(gbk_a), "/tmp/\\xB1\\xA8\\xB8\\xE6.txt");
        assert_ne!(path_text(gbk_a), path_text(gbk_b));
        assert_eq!(path_text(Path::new("/tmp/年报.txt")), "/tmp/年报.txt");
    }
}
