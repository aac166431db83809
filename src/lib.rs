//! 年报核查 (nianbao): reads 政府信息公开工作年度报告, recognises the three statutory tables,
//! checks that their numbers add up, and exports a comparison workbook.
//!
//! Data flows one way: file bytes → [`read::Document`] → [`recognise`] → [`model::Report`] →
//! [`rules::check`] → GUI ([`ui`]) / workbook ([`export`]).

// Nothing read from a file or typed by the user may panic the app: no unwrap()/expect() outside
// tests (issue 6). Where a call truly cannot fail, allow it on that line and say why.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod catalogue;
pub mod cli;
pub mod export;
pub mod format;
pub mod json;
pub mod model;
pub mod read;
pub mod recognise;
pub mod roster;
pub mod rules;
pub mod session;
pub mod source;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
pub mod versions;
pub mod worker;

use model::{FileKind, Report};
use read::ReadError;
use std::path::Path;
use std::time::Instant;

/// Reads and recognises one report file. Never panics: parser crashes become a `ReadError`.
pub fn load_path(path: &Path) -> Result<Report, ReadError> {
    let started = Instant::now();
    let doc = read::read_file(path)?;
    // Non-UTF-8 names stay distinct (`\xNN`), as two reports must not share a name.
    recognise_contained(&read::path_text(path), doc, started)
}

/// What a file given to read turned out to be.
#[derive(Debug)]
pub enum Loaded {
    Report(Box<Report>),
    /// A zip: its files, each to be read with [`load_member`].
    Archive(Vec<read::archive::Member>),
}

/// Reads and recognises one report file, or lists the files of a zip.
pub fn load_file(path: &Path) -> Result<Loaded, ReadError> {
    let started = Instant::now();
    match read::read_or_list(path)? {
        read::Contents::Archive(members) => Ok(Loaded::Archive(members)),
        read::Contents::Document(doc) => recognise_contained(&read::path_text(path), doc, started)
            .map(|r| Loaded::Report(Box::new(r))),
    }
}

/// Reads and recognises file `index` of the zip at `path`; the report is named
/// `x.zip › inner/path.pdf` ([`read::archive::member_label`]).
pub fn load_member(path: &Path, index: usize) -> Result<Report, ReadError> {
    let started = Instant::now();
    let (inner, doc) = read::read_member(path, index)?;
    let name = read::archive::member_label(&read::path_text(path), &inner);
    recognise_contained(&name, doc, started)
}

/// Reads and recognises a report given as bytes (`name` supplies the extension).
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Result<Report, ReadError> {
    let started = Instant::now();
    let doc = read::read_bytes(name, bytes)?;
    recognise_contained(name, doc, started)
}

/// Reads a roster (the units that must report) from a .txt list (one unit a line) or a
/// spreadsheet whose first column of names lists them. Read as a report is: in a worker process
/// where there is one, with the same limits.
pub fn load_roster(path: &Path) -> Result<roster::Roster, String> {
    let lines = worker::reader()
        .list_lines(path.to_path_buf())
        .map_err(|e| e.to_string())?;
    let names = roster::parse_list(&lines.join("\n"));
    if names.is_empty() {
        return Err("名单中没有找到单位名称：请每行写一个单位，或在表格的第一列列出单位。".into());
    }
    Ok(roster::Roster::from_names(&names))
}

/// The lines of a list file (a roster), read in this process: [`worker::Job::List`].
pub fn read_list_lines(path: &Path) -> Result<Vec<String>, ReadError> {
    read::read_file(path).map(|doc| read::list::lines(&doc))
}

/// Recognises report text pasted by the user.
pub fn load_text(name: &str, text: &str) -> Result<Report, ReadError> {
    let doc = read::txt::from_text(text, FileKind::Clipboard);
    recognise_contained(name, doc, Instant::now())
}

/// `started`: when loading began; reading and recognising share one [`read::READ_TIMEOUT`].
fn recognise_contained(
    name: &str,
    doc: read::Document,
    started: Instant,
) -> Result<Report, ReadError> {
    if doc.is_blank() {
        return Err(match doc.kind {
            FileKind::Pdf => ReadError::Scanned,
            _ => ReadError::Empty,
        });
    }
    // Recognising is bounded like reading: a file just under the size limit full of text that
    // is not a report would otherwise keep the caller waiting for a minute. A panic inside is
    // contained by `run_bounded` too.
    let owned_name = name.to_string();
    let left = read::READ_TIMEOUT.saturating_sub(started.elapsed());
    let report = read::run_bounded(left, move || Ok(recognise::recognise(&owned_name, &doc)))
        .map_err(|e| match e {
            ReadError::Crashed(_) => ReadError::Crashed("识别报告结构时出错".into()),
            ReadError::Timeout { .. } => ReadError::Timeout {
                seconds: read::READ_TIMEOUT.as_secs(),
            },
            other => other,
        })?;
    if report.tables.is_empty() && report.sections.is_empty() {
        return Err(ReadError::NotAReport);
    }
    Ok(report)
}
