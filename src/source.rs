//! Where a report came from: the kind of file it was read from and how files and the reports
//! inside a zip are named. On the ground floor, so that reading (which finds out the kind) and
//! the model (which keeps it) share it without one importing the other.

use serde::{Deserialize, Serialize};

/// What kind of file a report was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileKind {
    Text,
    Pdf,
    Docx,
    Doc,
    Sheet,
    Html,
    /// An OFD (GB/T 33190) fixed-layout file.
    Ofd,
    /// A scan or photo (JPG, PNG, BMP, TIFF), read by OCR.
    Image,
    /// Text pasted into the app.
    Clipboard,
}

impl FileKind {
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Text => "文本",
            FileKind::Pdf => "PDF",
            FileKind::Docx => "Word (docx)",
            FileKind::Doc => "Word 97/WPS",
            FileKind::Sheet => "表格",
            FileKind::Html => "网页",
            FileKind::Ofd => "OFD",
            FileKind::Image => "图片（文字识别）",
            FileKind::Clipboard => "粘贴的文字",
        }
    }
}

/// The last part of a path (`/a/b/c.pdf` → `c.pdf`, and `C:\a\c.pdf` too, whichever system
/// wrote the path into a session), for lists, sheets and messages.
pub fn file_name(path: &str) -> String {
    // A report inside a zip keeps the zip's name and its whole path inside it.
    if let Some((archive, inner)) = path.split_once(IN_ARCHIVE) {
        return format!("{}{IN_ARCHIVE}{inner}", file_name(archive));
    }
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// Between a zip's name and a report's path inside it: `乡镇报告.zip › 红寺堡镇/年报.pdf`.
pub const IN_ARCHIVE: &str = " › ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_the_last_part_of_a_path_from_either_system() {
        assert_eq!(file_name("/data/红寺堡镇.txt"), "红寺堡镇.txt");
        assert_eq!(file_name("C:\\报告\\大营镇.docx"), "大营镇.docx");
        assert_eq!(file_name("粘贴的文本"), "粘贴的文本");
    }
}
