//! Deciding a file's type from its first bytes. The extension only decides between formats that
//! look alike (a text file and an HTML page with no tags in its first kilobytes).

use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Xlsx,
    Xls,
    Ods,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    Pdf,
    Docx,
    Sheet(SheetKind),
    /// Word 97-2003 `.doc` or WPS `.wps`, both in an OLE compound file.
    Doc,
    /// An OFD (GB/T 33190) fixed-layout file: a zip with `OFD.xml` at its root.
    Ofd,
    Html,
    Text,
    /// A scan or photo, read by OCR.
    Image(super::scan::images::ImageKind),
    /// A zip that is no Office package: an attachment of reports (`super::archive`).
    Zip,
    /// A 7z or RAR archive, which is not opened; the string names it ("RAR", "7z").
    OtherArchive(String),
    /// Something we do not read; the string names it for the message.
    Other(String),
}

pub fn sniff(name: &str, bytes: &[u8]) -> Sniffed {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes, &ext);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return sniff_ole(bytes, &ext);
    }
    if bytes.starts_with(b"Rar!\x1A\x07") {
        return Sniffed::OtherArchive("RAR".into());
    }
    if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return Sniffed::OtherArchive("7z".into());
    }
    if let Some(kind) = super::scan::images::ImageKind::sniff(bytes) {
        return Sniffed::Image(kind);
    }
    if let Some(what) = binary_signature(bytes) {
        return Sniffed::Other(what.into());
    }
    // Web archives (.mht, and ".doc" files some systems export that are really one) are pages.
    if super::html::is_mime(bytes) {
        return Sniffed::Html;
    }
    if looks_like_html(&bytes[..bytes.len().min(8192)])
        || (matches!(ext.as_str(), "html" | "htm" | "xhtml" | "mht" | "mhtml") && !is_binary(head))
    {
        return Sniffed::Html;
    }
    if is_binary(&bytes[..bytes.len().min(8192)]) {
        return Sniffed::Other(format!("无法识别的二进制文件{}", ext_note(&ext)));
    }
    Sniffed::Text
}

fn ext_note(ext: &str) -> String {
    if ext.is_empty() {
        String::new()
    } else {
        format!("，扩展名 .{ext}")
    }
}

fn sniff_zip(bytes: &[u8], ext: &str) -> Sniffed {
    let names: Vec<String> = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z.file_names().map(str::to_string).collect(),
        // A truncated zip loses its central directory; let the reader the extension names say so.
        Err(_) => {
            return match ext {
                "docx" => Sniffed::Docx,
                "xlsx" | "ods" => Sniffed::Sheet(if ext == "ods" {
                    SheetKind::Ods
                } else {
                    SheetKind::Xlsx
                }),
                "ofd" => Sniffed::Ofd,
                _ => Sniffed::Other(format!("损坏的压缩文件{}", ext_note(ext))),
            }
        }
    };
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        Sniffed::Docx
    } else if has("xl/workbook.xml") {
        Sniffed::Sheet(SheetKind::Xlsx)
    } else if has("content.xml") && odf_mimetype(bytes).contains("opendocument.spreadsheet") {
        Sniffed::Sheet(SheetKind::Ods)
    } else if names.iter().any(|x| x.eq_ignore_ascii_case("OFD.xml")) {
        Sniffed::Ofd
    } else if has("content.xml") {
        Sniffed::Other("OpenDocument 文字文档（.odt），请另存为 .docx".into())
    } else if has("xl/workbook.bin") {
        Sniffed::Other("Excel 二进制工作簿（.xlsb），请另存为 .xlsx".into())
    } else if ext == "ofd" {
        // Named OFD but without its OFD.xml: the OFD reader says what is missing.
        Sniffed::Ofd
    } else {
        Sniffed::Zip
    }
}

/// The `mimetype` entry of an OpenDocument package (normally stored first, but not always).
fn odf_mimetype(bytes: &[u8]) -> String {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return String::new();
    };
    let Ok(entry) = zip.by_name("mimetype") else {
        return String::new();
    };
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::Read::take(entry, 200), &mut text);
    text
}

fn sniff_ole(bytes: &[u8], ext: &str) -> Sniffed {
    match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(c) => {
            if c.exists("/WordDocument") {
                Sniffed::Doc
            } else if c.exists("/Workbook") || c.exists("/Book") {
                Sniffed::Sheet(SheetKind::Xls)
            } else if c.exists("/EncryptedPackage") {
                Sniffed::Other("加密的 Office 文档（设置了打开密码）".into())
            } else {
                Sniffed::Other(format!("Office 旧格式文件{}", ext_note(ext)))
            }
        }
        Err(_) => match ext {
            "doc" | "wps" => Sniffed::Doc,
            "xls" => Sniffed::Sheet(SheetKind::Xls),
            _ => Sniffed::Other(format!("损坏的 Office 旧格式文件{}", ext_note(ext))),
        },
    }
}

fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"GIF8", "GIF 图片"),
        (b"\x1F\x8B", "gzip 压缩包"),
        (b"MZ", "Windows 程序"),
        (b"\x7FELF", "Linux 程序"),
        (b"{\\rtf", "RTF 文档，请另存为 .docx"),
        (b"AT&TFORM", "DjVu 文档"),
        (b"OFD", "无法识别的 OFD 文件（不是 ZIP 包）"),
    ];
    SIGS.iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, what)| *what)
}

/// Tags near the start, also when the page is UTF-16 or begins with kilobytes of template blank
/// lines. Report text writes brackets as 《》, so a tag is a good sign.
fn looks_like_html(head: &[u8]) -> bool {
    let text = super::txt::decode(head).to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<title",
        "<table",
        "<meta",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "<br",
    ]
    .iter()
    .any(|tag| text.contains(tag))
}

/// Text files have no NUL bytes and few control characters, unless they are UTF-16.
fn is_binary(sample: &[u8]) -> bool {
    // A sample cut in the middle of a UTF-8 character is still UTF-8 text.
    let sample = match std::str::from_utf8(sample) {
        Err(e) if e.error_len().is_none() => &sample[..e.valid_up_to()],
        _ => sample,
    };
    if sample.is_empty() {
        return false;
    }
    let utf16 = super::txt::decode(sample);
    let controls = utf16
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    let replaced = utf16.chars().filter(|c| *c == '\u{FFFD}').count();
    let total = utf16.chars().count().max(1);
    (controls + replaced) * 10 > total
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_content_not_extension() {
        assert_eq!(sniff("x.txt", b"%PDF-1.7\n..."), Sniffed::Pdf);
        assert_eq!(sniff("x.pdf", "一、总体情况\n".as_bytes()), Sniffed::Text);
        assert_eq!(
            sniff("x.docx", b"\x89PNG\r\n\x1a\n"),
            Sniffed::Image(crate::read::scan::images::ImageKind::Png)
        );
        assert_eq!(sniff("x.txt", b"<html><body>"), Sniffed::Html);
    }

    #[test]
    fn utf8_text_cut_mid_character_is_still_text() {
        let text = "政府信息公开工作年度报告。".repeat(400);
        assert!(text.len() > 8192 && !text.is_char_boundary(8192));
        assert_eq!(sniff("x.txt", text.as_bytes()), Sniffed::Text);
    }

    #[test]
    fn pages_are_found_late_in_utf16_and_in_web_archives() {
        let late = format!("{}<html><body><p>报告</p>", "\r\n".repeat(2000));
        assert_eq!(sniff("x", late.as_bytes()), Sniffed::Html);
        let utf16: Vec<u8> = "\u{FEFF}<html><body>报告"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(sniff("x", &utf16), Sniffed::Html);
        let mht =
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n";
        assert_eq!(sniff("report.doc", mht), Sniffed::Html);
        assert_eq!(
            sniff("x.txt", "《条例》规定：a<b 时".as_bytes()),
            Sniffed::Text
        );
    }

    #[test]
    fn zip_packages_are_told_apart() {
        use crate::read::zipped::tests::zip_of;
        let ods = zip_of(&[
            ("content.xml", b"<x/>"),
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
        ]);
        assert_eq!(sniff("a.zip", &ods), Sniffed::Sheet(SheetKind::Ods));
        let odt = zip_of(&[
            ("content.xml", b"<x/>"),
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ]);
        assert!(matches!(sniff("a.ods", &odt), Sniffed::Other(w) if w.contains("odt")));
        let ofd = zip_of(&[("OFD.xml", b"<x/>")]);
        assert_eq!(sniff("a.zip", &ofd), Sniffed::Ofd);
        let no_entry = zip_of(&[("Doc_0/Document.xml", b"<x/>")]);
        assert_eq!(sniff("a.ofd", &no_entry), Sniffed::Ofd);
        assert_eq!(sniff("a.zip", &no_entry), Sniffed::Zip);
        let docx = zip_of(&[("word/document.xml", b"<x/>")]);
        assert_eq!(sniff("a.xlsx", &docx), Sniffed::Docx);
        let attachment = zip_of(&[("报告.docx", b"PK")]);
        assert_eq!(sniff("a.docx", &attachment), Sniffed::Zip);
        assert_eq!(
            sniff("a.zip", b"Rar!\x1A\x07\x01\x00"),
            Sniffed::OtherArchive("RAR".into())
        );
        assert_eq!(
            sniff("a", b"7z\xBC\xAF\x27\x1C\x00\x04"),
            Sniffed::OtherArchive("7z".into())
        );
    }

    #[test]
    fn random_bytes_are_not_text() {
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(sniff("x.txt", &noise), Sniffed::Other(_)));
    }
}
