//! 县级汇总: the county's 表二, 表三 and 表四 in the official layout (the one layout model),
//! each cell a formula summing the same cell of every counted report's sheet, with the sum cached
//! so that readers that do not calculate see it. Every report is counted with its figures as read
//! (or as corrected by the clerk) except those counting.rs leaves out (a duplicate, a body of
//! another tier, one the clerk left out);
//! reports with unresolved errors are counted and named on the sheet. The summary's 合计 row takes
//! its numbers from here, so the two never disagree.

use super::counting::Left;
use super::layout::{self, Canvas, CellOut};
use super::style::{self, Mark, Styles};
use crate::format::{self, FormatVersion, TableId};
use crate::model::{Finding, Report, Severity};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

pub const SHEET: &str = "县级汇总";
const TABLE_TOP: u32 = 3;

/// The edition the sum is laid out in: 2021 unless every summed report uses 2019.
fn edition(included: &[&Report]) -> FormatVersion {
    if !included.is_empty()
        && included
            .iter()
            .all(|r| r.format_version == Some(FormatVersion::V2019))
    {
        FormatVersion::V2019
    } else {
        FormatVersion::V2021
    }
}

/// For a row the layout edition lacks (2019 （六）其他处理 in a 2021 sum): the layout row that
/// takes its count — the last sub-item of the group of the same name (3.其他).
fn fallback_row(row_key: &str, layout: FormatVersion) -> Option<&'static str> {
    let t3 = format::table(TableId::T3);
    let row = t3.row(row_key)?;
    if row.in_version(layout) {
        return Some(row.key);
    }
    t3.rows_for(layout)
        .filter(|r| r.groups.last() == Some(&row.label))
        .last()
        .map(|r| r.key)
}

/// Where the county table put each cell, and its cached sum, for the summary's 合计 row.
pub struct County {
    /// The county sheet's name (one per report year).
    pub sheet: String,
    pub version: FormatVersion,
    pub cells: HashMap<String, (u32, u16, f64)>,
}

/// Excel refuses formulas longer than 8,192 characters; beyond this the cell holds the number.
const MAX_FORMULA: usize = 8_000;

/// `'红寺堡镇'!E12`: a reference to a cell of another sheet.
pub fn reference(sheet: &str, row: u32, col: u16) -> String {
    format!(
        "'{}'!{}{}",
        sheet.replace('\'', "''"),
        rust_xlsxwriter::utility::column_number_to_name(col),
        row + 1
    )
}

/// For a report of edition `rv`: county cell key (edition `layout`) → the report's keys it sums:
/// the same key, or for 表三 the row that takes a 2019 （六）其他处理.
type SourceMap = HashMap<String, Vec<String>>;

fn source_map(rv: FormatVersion, layout: FormatVersion) -> SourceMap {
    let mut out: SourceMap = HashMap::new();
    for id in TableId::ALL {
        for d in format::cells_of(id, rv) {
            let target = if id == TableId::T3 {
                fallback_row(d.row.key, layout)
            } else {
                Some(d.row.key)
            };
            let Some(row) = target else { continue };
            let county = format::cell_key(id, row, d.column.key);
            if format::cell_def(&county).is_some_and(|c| c.row.in_version(layout)) {
                out.entry(county).or_default().push(d.key());
            }
        }
    }
    out
}

/// The source maps of both editions, for a county laid out in `layout`.
fn source_maps(layout: FormatVersion) -> HashMap<FormatVersion, SourceMap> {
    FormatVersion::ALL
        .into_iter()
        .map(|rv| (rv, source_map(rv, layout)))
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
    left: &[Option<Left>],
    positions: &dyn Fn(usize) -> HashMap<String, (u32, u16)>,
    sheet: &str,
) -> Result<County, XlsxError> {
    let reasons: Vec<Option<String>> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| match left.get(i).copied().flatten() {
            Some(l) => Some(l.reason(reports)),
            None if r.format_version.is_none() => Some("未能识别表格".to_string()),
            None => None,
        })
        .collect();
    let included: Vec<usize> = (0..reports.len())
        .filter(|&i| reasons[i].is_none())
        .collect();
    let included_reports: Vec<&Report> = included.iter().map(|&i| &reports[i]).collect();
    let v = edition(&included_reports);
    let cols = layout::value_cols(v);
    let last_col = layout::label_cols() + cols.min(7) - 1;
    let places: Vec<HashMap<String, (u32, u16)>> = included.iter().map(|&i| positions(i)).collect();
    let maps = source_maps(v);
    let no_sources: Vec<String> = Vec::new();

    let mut c = Canvas::new(ws, st);
    c.set_widths(cols)?;
    c.ws.write_string_with_format(
        0,
        0,
        format!(
            "县级汇总：表二、表三、表四（{} 份报告合计）",
            included.len()
        ),
        &st.title,
    )?;
    c.set_height(0, 22.0)?;
    let with_errors: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&i| {
            findings
                .get(i)
                .is_some_and(|f| f.iter().any(|f| f.severity == Severity::Error))
        })
        .collect();
    let scope = format!(
        "共 {} 份报告，计入 {} 份，未计入 {} 份（重复、其他层级或未能识别表格，见下方）。每个数是各报告工作表同一单元格之和（公式），按报告所列数字（含核查人修改）计入；其中 {} 份有未解决的错误，见下方。按 {v} 版格式汇总。",
        reports.len(),
        included.len(),
        reports.len() - included.len(),
        with_errors.len()
    );
    c.text((1, 0), (1, last_col), &scope, &st.info_wrap)?;
    c.need_lines(1, 3);
    let mut y = TABLE_TOP;
    // Each table starts a page of its own, and so do the lists after them.
    let mut starts = Vec::new();
    for id in TableId::ALL {
        starts.push(y);
        c.caption(y, id.title())?;
        y += 1;
        y = layout::draw(&mut c, y, id, v, &mut |d| {
            let mut refs = Vec::new();
            let mut sum = 0.0;
            for (k, &i) in included.iter().enumerate() {
                let r = &reports[i];
                let Some(rv) = r.format_version else { continue };
                if !r.has_table(id) {
                    continue;
                }
                let keys = maps
                    .get(&rv)
                    .and_then(|m| m.get(&d.key()))
                    .unwrap_or(&no_sources);
                for key in keys {
                    if let Some(&(row, col)) = places[k].get(key) {
                        refs.push(reference(&names[i], row, col));
                        sum += r.value(key).unwrap_or(0.0);
                    }
                }
            }
            if refs.is_empty() {
                return CellOut::default();
            }
            let formula = refs.join("+");
            if formula.len() > MAX_FORMULA {
                return CellOut {
                    value: Some(sum),
                    note: Some("报告份数过多，公式过长，此处为各报告之和的数值".to_string()),
                    ..CellOut::default()
                };
            }
            CellOut {
                value: Some(sum),
                formula: Some(formula),
                ..CellOut::default()
            }
        })?;
        y += 1;
    }
    let lists_start = y;
    starts.push(lists_start);
    y = name_list(
        &mut c,
        y,
        "有未解决错误的报告（已按所列数字计入）",
        &with_errors,
        reports,
        names,
        last_col,
        None,
    )?;
    y += 1;
    let left_out: Vec<usize> = (0..reports.len())
        .filter(|&i| reasons[i].is_some())
        .collect();
    y = name_list(
        &mut c,
        y,
        "未计入的报告",
        &left_out,
        reports,
        names,
        last_col,
        Some(&reasons),
    )?;
    y += 1;
    name_list(
        &mut c,
        y,
        "计入的报告",
        &included,
        reports,
        names,
        last_col,
        None,
    )?;
    // A4 landscape (表四's fifteen columns need it), one page wide: Excel prints at 85 %, 11 pt
    // as 9.4 pt (fitted to a portrait page the county tables printed at 6 pt, issue 22). Each
    // table starts a page, and so do the lists; the title tops every page. 表三, the tallest,
    // fits on a page at that scale (see the test of the town sheets, which share the layout).
    let o = style::Orientation::Landscape;
    style::print_setup(c.ws, sheet, o, style::Fit::Width);
    c.ws.set_repeat_rows(0, 0)?;
    c.ws.set_page_breaks(&starts[1..])?;
    let placed = c.finish()?;
    let sums: HashMap<String, f64> = included_reports_sums(&included_reports, v);
    Ok(County {
        sheet: sheet.to_string(),
        version: v,
        cells: placed
            .into_iter()
            .map(|p| {
                let sum = sums.get(&p.key).copied().unwrap_or(0.0);
                (p.key, (p.row, p.col, sum))
            })
            .collect(),
    })
}

/// Every county cell's sum (all three tables), as the formulas compute it.
fn included_reports_sums(included: &[&Report], v: FormatVersion) -> HashMap<String, f64> {
    let maps = source_maps(v);
    let mut out: HashMap<String, f64> = HashMap::new();
    for id in TableId::ALL {
        for d in format::cells_of(id, v) {
            out.insert(d.key(), 0.0);
        }
    }
    for r in included {
        let Some(m) = r.format_version.and_then(|rv| maps.get(&rv)) else {
            continue;
        };
        for (county, keys) in m {
            let Some(def) = format::cell_def(county) else {
                continue;
            };
            if !r.has_table(def.table) {
                continue;
            }
            let add: f64 = keys.iter().filter_map(|k| r.value(k)).sum();
            if let Some(sum) = out.get_mut(county) {
                *sum += add;
            }
        }
    }
    out
}

/// A titled list of reports, each with its reason when `reasons` is given.
#[allow(clippy::too_many_arguments)]
fn name_list(
    c: &mut Canvas,
    top: u32,
    title: &str,
    which: &[usize],
    reports: &[Report],
    names: &[String],
    last_col: u16,
    reasons: Option<&[Option<String>]>,
) -> Result<u32, XlsxError> {
    let st = c.st;
    c.caption(top, title)?;
    let mut y = top + 1;
    if which.is_empty() {
        c.text((y, 0), (y, last_col), "无", st.text(Mark::None))?;
        return Ok(y + 1);
    }
    for &i in which {
        let name = reports[i].agency.as_deref().unwrap_or(&names[i]);
        match reasons.and_then(|r| r[i].as_deref()) {
            Some(why) => {
                c.text((y, 0), (y, 2.min(last_col)), name, st.text(Mark::Error))?;
                c.text(
                    (y, 3.min(last_col)),
                    (y, last_col),
                    why,
                    st.text(Mark::None),
                )?;
            }
            None => c.text((y, 0), (y, last_col), name, st.text(Mark::None))?,
        }
        y += 1;
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn t3_report(v: FormatVersion, fill: f64) -> Report {
        let mut r = Report::empty("a", FileKind::Text, String::new());
        r.format_version = Some(v);
        r.tables = vec![TableId::T3];
        for d in format::cells_of(TableId::T3, v) {
            r.cells.get_mut(&d.key()).unwrap().value = Some(fill);
        }
        r
    }

    #[test]
    fn a_2019_other_row_is_counted_under_3_other() {
        let a = t3_report(FormatVersion::V2021, 1.0);
        let b = t3_report(FormatVersion::V2019, 2.0);
        let v = edition(&[&a, &b]);
        assert_eq!(v, FormatVersion::V2021);
        let s = included_reports_sums(&[&a, &b], v);
        assert_eq!(s["T3.other_other.natural"], 3.0);
        assert_eq!(s["T3.other_no_fee.natural"], 1.0);
        assert_eq!(s["T3.new.total"], 3.0);
        assert!(!s.contains_key("T3.other.natural"));
        assert_eq!(edition(&[&b]), FormatVersion::V2019);
        let s = included_reports_sums(&[&b], FormatVersion::V2019);
        assert_eq!(s["T3.other.total"], 2.0);
    }

    #[test]
    fn references_quote_the_sheet_name() {
        assert_eq!(reference("红寺堡镇", 11, 4), "'红寺堡镇'!E12");
        assert_eq!(reference("O'Brien", 0, 0), "'O''Brien'!A1");
    }
}
