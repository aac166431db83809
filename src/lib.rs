//! 年报核查 (nianbao): reads 政府信息公开工作年度报告, recognises the three statutory tables,
//! checks that their numbers add up, and exports a comparison workbook.
//!
//! Data flows one way: file bytes → [`read::Document`] → [`recognise`] → [`model::Report`] →
//! [`rules::check`] → GUI ([`ui`]) / workbook ([`export`]).

pub mod cli;
pub mod export;
pub mod format;
pub mod json;
pub mod model;
pub mod read;
pub mod recognise;
pub mod rules;
#[cfg(feature = "gui")]
pub mod ui;

use model::{FileKind, Report};
use read::ReadError;
use std::path::Path;

/// Reads and recognises one report file. Never panics: parser crashes become a `ReadError`.
pub fn load_path(path: &Path) -> Result<Report, ReadError> {
    let doc = read::read_file(path)?;
    recognise_contained(&path.to_string_lossy(), &doc)
}

/// Reads and recognises a report given as bytes (`name` supplies the extension).
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Result<Report, ReadError> {
    let doc = read::read_bytes(name, bytes)?;
    recognise_contained(name, &doc)
}

/// Recognises report text pasted by the user.
pub fn load_text(name: &str, text: &str) -> Result<Report, ReadError> {
    let doc = read::txt::from_text(text, FileKind::Clipboard);
    recognise_contained(name, &doc)
}

fn recognise_contained(name: &str, doc: &read::Document) -> Result<Report, ReadError> {
    if doc.is_blank() {
        return Err(match doc.kind {
            FileKind::Pdf => ReadError::Scanned,
            _ => ReadError::Empty,
        });
    }
    let report = std::panic::catch_unwind(|| recognise::recognise(name, doc))
        .map_err(|_| ReadError::Crashed("识别报告结构时出错".into()))?;
    if report.tables.is_empty() && report.sections.is_empty() {
        return Err(ReadError::NotAReport);
    }
    Ok(report)
}
