//! 整改通知: one Word document per unit whose report has an open error, for the county office to
//! send back to the town. It names the report, lists each open error where the town finds it
//! (table, row, column), what is wrong and the value that would fix it, then the 提醒 in a
//! shorter list, and says by when and how to reply. Findings the clerk marked 已核实无误 or
//! 不适用 are left out.
//!
//! On request ([`Options::notice_tables`](super::Options)) the tables that hold a cell to fix are
//! attached in the official layout, those cells bold on grey with `现值→应改为`.
//!
//! [`Notice`] is what a notice says (tested on its own); [`Notice::docx`] lays it out.

use super::docx::{numeral, Doc};
use super::finding_rows::groups;
use super::units::{is_open, UnitView, Units};
use super::{Batch, ExportError};
use crate::format::layout::TableLayout;
use crate::format::{FormatVersion, TableId};
use crate::model::{file_name, Finding, Report, Severity};
use crate::rules::names::{key_place, value_text};
use crate::rules::CULPRIT_LEAD;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What one notice says.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub unit: String,
    pub title: String,
    pub intro: String,
    /// One item per error (findings of one cause together), in words a town clerk reads.
    pub errors: Vec<String>,
    /// One line per group of 提醒.
    pub warnings: Vec<String>,
    pub reply: String,
    pub contact: Option<String>,
    pub office: String,
    pub date: String,
    /// The tables attached, when asked for.
    pub tables: Vec<MarkedTable>,
}

/// A table attached to a notice: the report's values in the official layout, with the cells to
/// fix marked.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedTable {
    pub table: TableId,
    pub version: FormatVersion,
    /// Each value cell's text: its value (blank when unread), `3→2` where the fix is known.
    pub texts: HashMap<String, String>,
    /// The cells to fix or check.
    pub marked: BTreeSet<String>,
}

impl MarkedTable {
    /// The tables of `r` that hold a cell of `fixes`, in the format's order.
    fn all(r: &Report, fixes: &HashMap<String, Option<f64>>) -> Vec<MarkedTable> {
        let version = r.format_version.unwrap_or(FormatVersion::V2021);
        TableId::ALL
            .into_iter()
            .filter(|t| {
                fixes
                    .keys()
                    .any(|k| k.starts_with(&format!("{}.", t.code())))
            })
            .map(|table| {
                let cells = crate::format::cells_of(table, version);
                let texts = cells
                    .iter()
                    .map(|d| {
                        let key = d.key();
                        let now = r.value(&key).map(|v| value_text(&key, v));
                        let text = match (now, fixes.get(&key).copied().flatten()) {
                            (now, Some(fix)) => {
                                format!("{}→{}", now.unwrap_or_default(), value_text(&key, fix))
                            }
                            (Some(now), None) => now,
                            (None, None) => String::new(),
                        };
                        (key, text)
                    })
                    .collect();
                let marked = cells
                    .iter()
                    .map(|d| d.key())
                    .filter(|k| fixes.contains_key(k))
                    .collect();
                MarkedTable {
                    table,
                    version,
                    texts,
                    marked,
                }
            })
            .collect()
    }
}

/// The cells the open errors point at, each with the value that fixes it where one is known:
/// the culprit the checks agree on, or the one cell a lone check says what it should be.
fn fixes(groups: &[Vec<&Finding>]) -> HashMap<String, Option<f64>> {
    let mut out: HashMap<String, Option<f64>> = HashMap::new();
    for members in groups {
        if let Some(s) = members.iter().find_map(|f| f.suspect.as_ref()) {
            out.insert(s.cell.clone(), Some(s.suggested));
            continue;
        }
        if let [only] = members.as_slice() {
            if let (Some(e), Some(k)) = (only.expected, only.cells.first()) {
                out.insert(k.clone(), Some(e));
            }
        }
        for k in members.iter().flat_map(|f| &f.cells) {
            out.entry(k.clone()).or_insert(None);
        }
    }
    out
}

impl Notice {
    /// The notice for `unit` (which must have a report).
    pub fn new(batch: &Batch, unit: &UnitView, year: Option<i32>) -> Option<Notice> {
        let i = unit.report?;
        let r = batch.reports.get(i)?;
        let fs = batch.findings.get(i)?;
        let open: Vec<Finding> = fs.iter().filter(|f| is_open(r, f)).cloned().collect();
        let o = batch.options;
        let office = o.office_text();
        let year_text = r
            .year
            .or(year)
            .map_or_else(String::new, |y| format!("{y}年度"));
        let reply_by = o.reply_by_text();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut error_groups = Vec::new();
        for g in groups(&open) {
            let members: Vec<&Finding> = g.iter().map(|&k| &open[k]).collect();
            match members.first().map(|f| f.severity) {
                Some(Severity::Error) => {
                    errors.push(error_item(r, &members));
                    error_groups.push(members);
                }
                Some(Severity::Warning) => warnings.push(warning_item(&members)),
                None => {}
            }
        }
        let tables = if o.notice_tables {
            MarkedTable::all(r, &fixes(&error_groups))
        } else {
            Vec::new()
        };
        Some(Notice {
            unit: unit.name.clone(),
            title: format!("关于{}{year_text}政府信息公开工作年度报告的整改通知", unit.name),
            intro: format!(
                "经核查，你单位报送的{year_text}政府信息公开工作年度报告（文件“{}”）存在{}，现将有关问题通知如下，请逐项核实整改。",
                file_name(&r.file),
                match (errors.len(), warnings.len()) {
                    (e, 0) => format!("{e} 项需要改正的问题"),
                    (e, w) => format!("{e} 项需要改正的问题和 {w} 项需要核实的事项"),
                }
            ),
            errors,
            warnings,
            reply: format!(
                "请于{reply_by}前将整改后的年度报告（Word 或 PDF 格式）连同整改情况说明报送{office}。整改情况说明请逐项写明已改正的内容，或经核实无误的理由。年度报告已在政府网站公开的，请同步更新网上版本。"
            ),
            contact: (!o.contact.trim().is_empty()).then(|| o.contact.trim().to_string()),
            office,
            date: o.date_text(),
            tables,
        })
    }

    /// The notice laid out as a Word document.
    pub fn docx(&self) -> Result<Vec<u8>, ExportError> {
        let mut doc = Doc::new()
            .title(&self.title)
            .flush(&format!("{}：", self.unit))
            .para(&self.intro)
            .heading(&format!("一、需要改正的问题（{} 项）", self.errors.len()));
        for (n, e) in self.errors.iter().enumerate() {
            doc = doc.para(&format!("{}. {e}", n + 1));
        }
        let mut section = 2;
        if !self.warnings.is_empty() {
            doc = doc
                .heading(&format!(
                    "{}、请核实的事项（{} 项，核实无误的请在说明中注明）",
                    numeral(section),
                    self.warnings.len()
                ))
                .small("以下各项不一定是错误，请对照原始台账核实。");
            for (n, w) in self.warnings.iter().enumerate() {
                doc = doc.small(&format!("{}. {w}", n + 1));
            }
            section += 1;
        }
        doc = doc
            .heading(&format!("{}、整改要求", numeral(section)))
            .para(&self.reply);
        if let Some(c) = &self.contact {
            doc = doc.para(&format!("联系人及电话：{c}"));
        }
        doc = doc.signature(&self.office, &self.date);
        if !self.tables.is_empty() {
            doc = doc
                .page_break()
                .heading("附件：需改正的表格")
                .small("灰底加粗的单元格需要改正或核实；“3→2”表示现为 3、应改为 2。");
            for t in &self.tables {
                let layout = TableLayout::new(t.table, t.version);
                let cell = |d: &crate::format::CellDef| {
                    let key = d.key();
                    (
                        t.texts.get(&key).cloned().unwrap_or_default(),
                        t.marked.contains(&key),
                    )
                };
                doc = doc.caption(t.table.title()).official_table(&layout, &cell);
            }
        }
        doc.bytes()
    }
}

/// Where an error is and what it says. When the checks agree on one likely wrong cell, that
/// cell with its value now and the value that fixes it comes first, then what each check found
/// (without the sentence naming the culprit again, which the checks append). Otherwise each
/// check's message, which names the rows, columns and numbers, led by the cell when the message
/// does not name it.
fn error_item(r: &Report, members: &[&Finding]) -> String {
    let mut text = String::new();
    let suspect = members.iter().find_map(|f| f.suspect.as_ref());
    let mut messages: Vec<&str> = Vec::new();
    for f in members {
        let m = match suspect {
            Some(_) => f.message.split(CULPRIT_LEAD).next().unwrap_or(&f.message),
            None => f.message.as_str(),
        };
        if !messages.contains(&m) {
            messages.push(m);
        }
    }
    if let Some(s) = suspect {
        let now = r
            .value(&s.cell)
            .map(|v| format!("现为 {}，", value_text(&s.cell, v)))
            .unwrap_or_default();
        text.push_str(&format!(
            "{}{now}应改为 {}。",
            key_place(&s.cell),
            value_text(&s.cell, s.suggested)
        ));
        text.push_str(&match messages.len() {
            1 => format!("依据：{}", messages[0]),
            n => format!("这一处使 {n} 项核对不通过：{}", messages.concat()),
        });
        return text;
    }
    let first_cell = members.iter().flat_map(|f| &f.cells).next();
    if let Some(cell) = first_cell {
        let place = key_place(cell);
        if !messages.iter().any(|m| m.contains(&place)) {
            text.push_str(&format!("{place}："));
        }
    }
    text.push_str(&messages.concat());
    if let [only] = members {
        if let (Some(e), Some(a), Some(k)) = (only.expected, only.actual, only.cells.first()) {
            if !only.message.contains(&value_text(k, e)) {
                text.push_str(&format!(
                    "（应为 {}，报告为 {}。）",
                    value_text(k, e),
                    value_text(k, a)
                ));
            }
        }
    }
    text
}

/// A 提醒 in one line: its rule and first message, and how many alike.
fn warning_item(members: &[&Finding]) -> String {
    let first = members[0];
    let more = if members.len() > 1 {
        format!("（同类共 {} 处）", members.len())
    } else {
        String::new()
    };
    format!("{}：{}{more}", first.rule.name(), first.message)
}

/// The notices of a batch: one per unit with an open error, in the units' order; with `only`,
/// of the units whose reports are those (indices into the batch's reports).
pub fn notices(batch: &Batch, units: &Units, only: Option<&[usize]>) -> Vec<Notice> {
    let chosen = |u: &UnitView| only.is_none_or(|o| u.report.is_some_and(|i| o.contains(&i)));
    units
        .with_errors()
        .filter(|u| chosen(u))
        .filter_map(|u| Notice::new(batch, u, units.year))
        .collect()
}

/// The file a unit's notice is saved as: `整改通知-<unit>.docx`, with characters no file system
/// takes replaced.
pub fn file_name_for(unit: &str) -> String {
    let safe: String = unit
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("整改通知-{}.docx", safe.trim())
}

/// Writes every notice and the 核查情况通报 into `dir` (made if needed); returns the files
/// written, the 通报 last. Each is written atomically; a unit named twice gets `-2`.
pub fn write_all(dir: &Path, batch: &Batch) -> Result<Vec<PathBuf>, ExportError> {
    write(dir, batch, None)
}

/// Writes the notices of the units whose reports are `only` (indices into the batch's reports),
/// without the 通报, which speaks of all units.
pub fn write_some(dir: &Path, batch: &Batch, only: &[usize]) -> Result<Vec<PathBuf>, ExportError> {
    write(dir, batch, Some(only))
}

fn write(dir: &Path, batch: &Batch, only: Option<&[usize]>) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::FolderNotWritable {
        dir: dir.display().to_string(),
        detail: e.to_string(),
    })?;
    let units = super::units::units(batch.reports, batch.findings, batch.roster);
    let mut written = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // Laying out is the work (a county's thousand notices): on every core, then written in order.
    let all = notices(batch, &units, only);
    let laid_out: Vec<Result<Vec<u8>, ExportError>> = all.par_iter().map(Notice::docx).collect();
    for (n, bytes) in all.iter().zip(laid_out) {
        let mut name = file_name_for(&n.unit);
        let mut k = 2;
        while names.contains(&name) {
            name = file_name_for(&format!("{}-{k}", n.unit));
            k += 1;
        }
        let path = dir.join(&name);
        super::atomic::write(&path, &bytes?)?;
        names.push(name);
        written.push(path);
    }
    // The 通报 speaks of every unit: it goes with the whole set only.
    if only.is_none() {
        let path = dir.join(super::bulletin::FILE_NAME);
        super::atomic::write(
            &path,
            &super::bulletin::Bulletin::new(batch, &units).docx()?,
        )?;
        written.push(path);
    }
    Ok(written)
}
