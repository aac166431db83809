//! The comparison workbook a county office sends upward (issue 4), made with rust_xlsxwriter.
//!
//! Sheets, in order: 说明 (cover.rs: what was received, read, unreadable, duplicated; legend),
//! 汇总对比 (summary.rs), 对比图表 (chart.rs), 问题清单 and 提醒清单 (findings_sheet.rs: the errors,
//! then the warnings on a sheet of their own), 县级汇总
//! (t3_total.rs: county 表二/三/四 as formulas over the town sheets), then one sheet per report (report_sheet.rs). Tables are drawn from the one
//! layout model (format::layout, via layout.rs); the summary's columns are the figures in
//! figures.rs. What the workbook is made from is a [`Batch`] (inputs.rs). Saving is atomic
//! (atomic.rs).
//!
//! Besides the workbook: the 整改通知 of each unit with an open error (notice.rs) and the
//! 核查情况通报 (bulletin.rs), Word documents laid out by docx.rs, both reading the units of
//! the collection (units.rs: roster, status, timeliness).

pub(crate) mod atomic;
mod bulletin;
mod chart;
mod counting;
mod cover;
mod docx;
mod figures;
mod finding_rows;
mod findings_sheet;
mod inputs;
mod key_figures;
mod layout;
mod marks;
mod names;
mod notice;
mod report_sheet;
mod roster_sheet;
mod style;
mod summary;
mod t3_total;
mod units;

pub use bulletin::{Bulletin, FILE_NAME as BULLETIN_FILE};
pub use counting::{counting, Left};
pub use cover::Counts;
pub use inputs::{add_days, today, Batch, Options, Unreadable, DEFAULT_REPLY_DAYS};
pub use layout::Placed;
pub use notice::{
    file_name_for as notice_file_name, notices, write_all as write_notices,
    write_some as write_some_notices, Notice,
};
pub use units::{is_open, units, Timeliness, UnitView, Units};

use crate::format::{FormatVersion, TableId};
use crate::model::{Finding, Report};
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The names of the fixed sheets, in workbook order.
pub const COVER_SHEET: &str = cover::SHEET;
pub const KEY_FIGURES_SHEET: &str = key_figures::SHEET;
pub const SUMMARY_SHEET: &str = summary::SHEET;
pub const CHART_SHEET: &str = chart::SHEET;
pub const FINDINGS_SHEET: &str = findings_sheet::SHEET;
pub const WARNINGS_SHEET: &str = findings_sheet::WARNINGS_SHEET;
pub const T3_TOTAL_SHEET: &str = t3_total::SHEET;
/// Written after the cover when a roster was given.
pub const ROSTER_SHEET: &str = roster_sheet::SHEET;

/// Why the workbook could not be made or saved. Every message says what to do; when saving
/// fails, the file that was there before is untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    NoReports,
    /// `findings` must hold one list per report.
    Mismatch {
        reports: usize,
        findings: usize,
    },
    Build(String),
    /// The target is open in Excel (Windows refuses to replace it).
    Locked {
        path: String,
    },
    ReadOnly {
        path: String,
    },
    IsDirectory {
        path: String,
    },
    NoFolder {
        dir: String,
    },
    FolderNotWritable {
        dir: String,
        detail: String,
    },
    WriteFailed {
        path: String,
        detail: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KEPT: &str = "原有文件未改动。";
        match self {
            ExportError::NoReports => write!(f, "没有可导出的报告。"),
            ExportError::Mismatch { reports, findings } => write!(
                f,
                "内部错误：{reports} 份报告却有 {findings} 份核查结果，未导出。"
            ),
            ExportError::Build(e) => write!(f, "生成工作簿时出错：{e}"),
            ExportError::Locked { path } => write!(
                f,
                "无法写入 {path}：文件可能正在 Excel 中打开，请关闭后重试。{KEPT}"
            ),
            ExportError::ReadOnly { path } => write!(
                f,
                "无法写入 {path}：文件是只读的，请另存为其他文件名，或取消只读属性后重试。{KEPT}"
            ),
            ExportError::IsDirectory { path } => {
                write!(f, "无法写入 {path}：这是一个文件夹，请另选一个文件名。")
            }
            ExportError::NoFolder { dir } => {
                write!(f, "无法写入：文件夹 {dir} 不存在，请另选保存位置。")
            }
            ExportError::FolderNotWritable { dir, detail } => write!(
                f,
                "无法在文件夹 {dir} 中保存工作簿（{detail}），请另选保存位置。{KEPT}"
            ),
            ExportError::WriteFailed { path, detail } => {
                write!(
                    f,
                    "无法写入 {path}（{detail}），请重试或另选保存位置。{KEPT}"
                )
            }
        }
    }
}

impl std::error::Error for ExportError {}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Build(e.to_string())
    }
}

/// Builds the workbook and saves it to `path` atomically. In `batch`, `findings[i]` are the
/// findings of `reports[i]` (from `rules::check_batch`); `progress` receives 0.0 ..= 1.0.
pub fn write_workbook(
    path: &Path,
    batch: &Batch,
    progress: &dyn Fn(f32),
) -> Result<(), ExportError> {
    let bytes = workbook_bytes(batch, &|p| progress(p * 0.95))?;
    atomic::write(path, &bytes)?;
    progress(1.0);
    Ok(())
}

/// The workbook as the bytes of an .xlsx file.
pub fn workbook_bytes(batch: &Batch, progress: &dyn Fn(f32)) -> Result<Vec<u8>, ExportError> {
    let (reports, findings) = (batch.reports, batch.findings);
    if reports.is_empty() {
        return Err(ExportError::NoReports);
    }
    if findings.len() != reports.len() {
        return Err(ExportError::Mismatch {
            reports: reports.len(),
            findings: findings.len(),
        });
    }
    progress(0.0);
    let mut wb = build(batch, progress)?;
    let bytes = wb.save_to_buffer()?;
    progress(1.0);
    Ok(bytes)
}

/// The reports of one year, each year with its own summary, chart and county sheets: a total
/// across years would mean nothing.
struct YearGroup {
    members: Vec<usize>,
    key_figures: String,
    summary: String,
    chart: String,
    county: String,
}

/// Groups by report year (unknown years together, last); sheet names get the year only when
/// there are several.
fn year_groups(reports: &[Report]) -> Vec<YearGroup> {
    let mut years: Vec<Option<i32>> = reports.iter().map(|r| r.year).collect();
    years.sort_by_key(|y| (y.is_none(), *y));
    years.dedup();
    let multi = years.len() > 1;
    let name = |base: &str, y: Option<i32>| match (multi, y) {
        (false, _) => base.to_string(),
        (true, Some(y)) => format!("{base} {y}"),
        (true, None) => format!("{base} 年度不明"),
    };
    years
        .into_iter()
        .map(|y| YearGroup {
            members: (0..reports.len())
                .filter(|&i| reports[i].year == y)
                .collect(),
            key_figures: name(KEY_FIGURES_SHEET, y),
            summary: name(SUMMARY_SHEET, y),
            chart: name(CHART_SHEET, y),
            county: name(T3_TOTAL_SHEET, y),
        })
        .collect()
}

/// `l` with a duplicate's counted report numbered within `members`.
fn within(l: Left, members: &[usize]) -> Left {
    match l {
        Left::Duplicate { kept } => members
            .iter()
            .position(|&m| m == kept)
            .map_or(l, |kept| Left::Duplicate { kept }),
        other => other,
    }
}

/// The names of the sheets that are not a report's, in workbook order.
fn fixed_sheets(groups: &[YearGroup]) -> Vec<String> {
    let mut out = vec![COVER_SHEET.to_string()];
    out.extend(groups.iter().map(|g| g.key_figures.clone()));
    out.extend(groups.iter().map(|g| g.summary.clone()));
    out.extend(groups.iter().map(|g| g.chart.clone()));
    out.push(FINDINGS_SHEET.to_string());
    out.push(WARNINGS_SHEET.to_string());
    out.extend(groups.iter().map(|g| g.county.clone()));
    out
}

/// The sheet name each report gets, in order.
pub fn sheet_names(reports: &[Report]) -> Vec<String> {
    let fixed = fixed_sheets(&year_groups(reports));
    let mut taken: Vec<&str> = fixed.iter().map(String::as_str).collect();
    taken.push(ROSTER_SHEET);
    names::sheet_names(reports, &taken)
}

/// Where each value cell of a report's tables lands on its sheet (row, column, 0-based).
pub fn cell_positions(report: &Report) -> Result<Vec<Placed>, ExportError> {
    let st = style::Styles::new();
    let mut ws = Worksheet::new();
    Ok(report_sheet::write(
        &mut ws,
        &st,
        report,
        &[],
        "x",
        SUMMARY_SHEET,
    )?)
}

fn build(batch: &Batch, progress: &dyn Fn(f32)) -> Result<Workbook, XlsxError> {
    let (reports, findings) = (batch.reports, batch.findings);
    let st = style::Styles::new();
    let names = sheet_names(reports);
    let groups = year_groups(reports);
    let left = counting::counting(reports, findings);
    let figures = figures::figures();

    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(cover::title(reports))
            .set_author(crate::read::discover::WORKBOOK_AUTHOR),
    );
    cover::write(named(&mut wb, COVER_SHEET)?, &st, batch, &left, &names)?;
    if let Some(roster) = batch.roster {
        let units = units::units(reports, findings, Some(roster));
        roster_sheet::write(named(&mut wb, ROSTER_SHEET)?, &st, &units, reports)?;
    }
    for name in fixed_sheets(&groups).iter().skip(1) {
        named(&mut wb, name)?;
    }
    let positions = positions_of(reports)?;
    let mut back = vec![SUMMARY_SHEET.to_string(); reports.len()];
    for g in &groups {
        // The group's own slices, with duplicates renumbered within it (a duplicate has the
        // year of the report it duplicates, so both are in the group).
        let sub: Vec<Report> = g.members.iter().map(|&i| reports[i].clone()).collect();
        let sub_findings: Vec<Vec<Finding>> =
            g.members.iter().map(|&i| findings[i].clone()).collect();
        let sub_names: Vec<String> = g.members.iter().map(|&i| names[i].clone()).collect();
        let sub_left: Vec<Option<Left>> = g
            .members
            .iter()
            .map(|&i| left[i].map(|l| within(l, &g.members)))
            .collect();
        let marks: Vec<marks::CellMarks> = sub
            .iter()
            .zip(&sub_findings)
            .map(|(r, f)| marks::CellMarks::for_report(r, f))
            .collect();
        let county = t3_total::write(
            wb.worksheet_from_name(&g.county)?,
            &st,
            &sub,
            &sub_findings,
            &sub_names,
            &sub_left,
            &|j| positions[g.members[j]].clone(),
            &g.county,
        )?;
        key_figures::write(
            wb.worksheet_from_name(&g.key_figures)?,
            &st,
            &sub,
            &sub_findings,
            &sub_names,
            &sub_left,
            &|j| positions[g.members[j]].clone(),
            &county,
            &g.key_figures,
            &key_figures::Batch {
                reports,
                findings,
                names: &names,
                positions: &|k| positions[k].clone(),
                members: &g.members,
            },
        )?;
        let at = summary::write(
            wb.worksheet_from_name(&g.summary)?,
            &st,
            &sub,
            &marks,
            &sub_names,
            &figures,
            &sub_left,
            &county,
            &g.summary,
        )?;
        let counted: Vec<&Report> = sub
            .iter()
            .zip(&sub_left)
            .filter(|(_, l)| l.is_none())
            .map(|(r, _)| r)
            .collect();
        chart::write(
            wb.worksheet_from_name(&g.chart)?,
            &st,
            &figures,
            &at,
            &counted,
        )?;
        for &i in &g.members {
            back[i] = g.summary.clone();
        }
    }
    let (errors, warnings) = findings_sheet::lists(reports, findings, &names, &positions);
    for (sheet, list, rows) in [
        (FINDINGS_SHEET, findings_sheet::List::Errors, &errors),
        (WARNINGS_SHEET, findings_sheet::List::Warnings, &warnings),
    ] {
        findings_sheet::write(wb.worksheet_from_name(sheet)?, &st, list, rows, &names)?;
    }
    progress(0.1);
    let n = reports.len() as f32;
    for (i, r) in reports.iter().enumerate() {
        report_sheet::write(
            named(&mut wb, &names[i])?,
            &st,
            r,
            &findings[i],
            &names[i],
            &back[i],
        )?;
        progress(0.1 + 0.6 * (i + 1) as f32 / n);
    }
    Ok(wb)
}

use finding_rows::Positions;

/// Where each report's value cells land on its sheet. They depend only on the edition and which
/// tables the report has, so each such shape is drawn once.
fn positions_of(reports: &[Report]) -> Result<Vec<Positions>, XlsxError> {
    let st = style::Styles::new();
    let mut shapes: HashMap<(Option<FormatVersion>, Vec<TableId>), Positions> = HashMap::new();
    let mut out = Vec::with_capacity(reports.len());
    for r in reports {
        let mut tables: Vec<TableId> = TableId::ALL
            .into_iter()
            .filter(|t| r.has_table(*t))
            .collect();
        tables.sort();
        let key = (r.format_version, tables);
        if !shapes.contains_key(&key) {
            let mut ws = Worksheet::new();
            let placed = report_sheet::write(&mut ws, &st, r, &[], "x", SUMMARY_SHEET)?;
            let map = placed
                .into_iter()
                .map(|p| (p.key, (p.row, p.col)))
                .collect();
            shapes.insert(key.clone(), map);
        }
        out.push(shapes.get(&key).cloned().unwrap_or_default());
    }
    Ok(out)
}

fn named<'a>(wb: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(ws)
}
