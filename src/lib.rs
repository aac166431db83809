//! 年报核查 (nianbao): reads 政府信息公开工作年度报告, recognises the three statutory tables,
//! checks that their numbers add up, and exports a comparison workbook.
//!
//! Data flows one way: file bytes → [`read::Document`] → [`recognise`] → [`model::Report`] →
//! deduced cells ([`rules::deduce`]) → [`rules::check`] → GUI (`ui`) / workbook ([`export`]).
//! This file runs the stages: [`load_path`] and its siblings read, recognise and deduce
//! ([`recognise_and_deduce`]); [`edit_value`] runs the deduce stage again after an edit.
//!
//! Imports go one way too, each layer only using the ones below it (`tests/architecture.rs`
//! checks it): the ground floor ([`text`]: character classes; [`format`]: the statutory tables;
//! [`catalogue`]: rule ids and severities; [`source`]: file kinds and names) → [`read`] and
//! [`model`] (independent of each other) → [`recognise`], [`roster`] → [`rules`], [`versions`] →
//! [`export`], [`json`] → [`session`] → the application shell ([`worker`], [`cli`], `ui`, this
//! file).

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
    // A scan's reading may take minutes (its deadline grows page by page, read::budget): the
    // recogniser then gets its own time, not what the reading left of READ_TIMEOUT (nothing).
    let left = if doc.ocr.is_empty() {
        read::READ_TIMEOUT.saturating_sub(started.elapsed())
    } else {
        read::READ_TIMEOUT
    };
    let report = read::run_bounded(left, move || Ok(recognise_and_deduce(&owned_name, &doc)))
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

/// The recognise and deduce stages: the report as printed ([`recognise::recognise`]), then the
/// lost cells its tables' own arithmetic determines filled in ([`rules::deduce`], VALUE_DEDUCED).
pub fn recognise_and_deduce(file: &str, doc: &read::Document) -> Report {
    let mut report = recognise::recognise(file, doc);
    rules::deduce(&mut report);
    report
}

/// A cell changed by the user, and the deduce stage run again: the cells deduced from the
/// others follow the new value ([`model::Report::set_value_only`], then [`rules::deduce`]).
/// False when the report has no such cell.
pub fn edit_value(report: &mut Report, key: &str, value: Option<f64>) -> bool {
    if !report.set_value_only(key, value) {
        return false;
    }
    rules::deduce(report);
    true
}

/// The stages together: what the checks find in a recognised and deduced report.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::TableId;
    use crate::model::CellState;
    use crate::recognise::tests::{t4_html, T3_HEAD};

    fn rec(text: &str) -> Report {
        recognise_and_deduce("t.txt", &read::txt::from_text(text, FileKind::Text))
    }

    #[test]
    fn a_row_with_a_lost_column_is_reported_not_shifted() {
        let r = rec(&format!(
            "{T3_HEAD}三、本年度办理结果\t(一) 予以公开\t2\t0\t0\t0\t0\t2\n"
        ));
        // 2 in 自然人 and 2 in 总计, or 2 in 自然人 and 商业企业 and 4 in 总计…: no one placement.
        assert_eq!(r.value("T3.granted.natural"), None);
        assert_eq!(r.unplaced.len(), 1);
        assert_eq!(r.unplaced[0].raw, ["2", "0", "0", "0", "0", "2"]);
        let f = rules::check(&r, &rules::Settings::default());
        let f = f
            .iter()
            .find(|f| f.cells.contains(&"T3.granted.total".to_string()))
            .unwrap();
        assert_eq!(f.rule, "CELL_MISSING");
        assert!(f.message.contains("只能读到 6 个"), "{}", f.message);
    }

    #[test]
    fn a_t4_table_left_all_blank_is_fifteen_implied_zeros_not_a_missing_table() {
        let html = t4_html(&[""; 15]);
        let r = recognise_and_deduce("t.html", &read::html::read(html.as_bytes()).unwrap());
        assert!(r.has_table(TableId::T4));
        for key in [
            "T4.review.upheld",
            "T4.suit_direct.total",
            "T4.suit_after_review.total",
        ] {
            assert_eq!(r.value(key), Some(0.0), "{key}");
            assert_eq!(r.cell(key).unwrap().state, CellState::Implied, "{key}");
        }
        let findings = rules::check(&r, &rules::Settings::default());
        // (The page has no 表二 or 表三, so only those two are missing.)
        let missing: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == "TABLE_MISSING")
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            missing.len() == 2 && !missing.iter().any(|m| m.contains("表四")),
            "{missing:?}"
        );
        assert!(findings.iter().any(|f| f.rule == "VALUE_IMPLIED"));
    }

    /// Text copied out of a PDF viewer: each header piece and number on its own line, the lower
    /// header words of the later groups between the numbers of the first.
    #[test]
    fn t4_numbers_split_by_header_words_are_not_placed_by_order() {
        let pieces = "行政复议|行政诉讼|未经复议直接起诉|结果|结果|其他结|尚未|维持|纠正|果|审结|总计|72|64|178|37|结 果|结果|其他|复议后起诉|尚未|结果|结果|其他|尚未审|维持|纠正|结果|结|12|1|1|6|总计|351|维持|纠正|结果|审结|13|4|8|1|26|总计|20";
        let text = format!(
            "四、政府信息公开行政复议、行政诉讼情况\n{}\n五、存在的主要问题及改进情况\n无。\n",
            pieces.replace('|', "\n\n")
        );
        let r = rec(&text);
        for key in [
            "T4.review.upheld",
            "T4.review.total",
            "T4.suit_direct.pending",
        ] {
            assert_eq!(r.value(key), None, "{key} must not be guessed");
            assert_eq!(r.cell(key).unwrap().state, CellState::Missing, "{key}");
        }
        assert_eq!(r.unplaced.len(), 1, "the numbers are shown to the clerk");
        let findings = rules::check(&r, &rules::Settings::default());
        assert!(
            !findings.iter().any(|f| f.rule == "T4_GROUP_TOTAL"),
            "{findings:?}"
        );
        let missing = findings
            .iter()
            .find(|f| f.rule == "CELL_MISSING" && f.message.starts_with("表四"))
            .expect("the clerk is told");
        assert!(
            missing.message.contains("夹在表头文字之间") && !missing.message.contains("只能读到"),
            "{}",
            missing.message
        );
    }
}
