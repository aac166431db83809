//! 申请情况汇总: 表三 summed over every report whose 表三 is complete and passed its checks, in the
//! official layout, so that the county can copy it into its own report. The sheet lists which
//! reports were left out and why.

use super::layout::{self, Canvas, CellOut};
use super::style::{self, Mark, Styles};
use crate::format::{self, FormatVersion, TableId};
use crate::model::{Finding, Report, Severity};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

pub const SHEET: &str = "申请情况汇总";
const TABLE_TOP: u32 = 3;

/// Why a report's 表三 is not summed, or `None` when it is.
pub fn exclusion(r: &Report, findings: &[Finding]) -> Option<String> {
    let Some(v) = r.format_version.filter(|_| r.has_table(TableId::T3)) else {
        return Some("未找到表三".to_string());
    };
    let mut rules: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && touches_t3(f))
        .map(|f| f.rule.name())
        .collect();
    let errors = rules.len();
    rules.dedup();
    rules.sort_unstable();
    rules.dedup();
    if errors > 0 {
        return Some(format!("表三有 {errors} 项错误（{}）", rules.join("、")));
    }
    let unread = format::cells_of(TableId::T3, v)
        .iter()
        .filter(|d| r.value(&d.key()).is_none())
        .count();
    (unread > 0).then(|| format!("表三有 {unread} 个单元格未能读取"))
}

fn touches_t3(f: &Finding) -> bool {
    f.rule.id().starts_with("T3_") || f.cells.iter().any(|k| k.starts_with("T3."))
}

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

/// The summed table: key → sum, in the layout edition. Also how many reports' rows were moved.
pub fn sums(included: &[&Report], layout: FormatVersion) -> (HashMap<String, f64>, usize) {
    let mut sums: HashMap<String, f64> = format::cells_of(TableId::T3, layout)
        .iter()
        .map(|d| (d.key(), 0.0))
        .collect();
    let mut moved = 0;
    for r in included {
        let Some(v) = r.format_version else { continue };
        let mut was_moved = false;
        for d in format::cells_of(TableId::T3, v) {
            let Some(target) = fallback_row(d.row.key, layout) else {
                continue;
            };
            was_moved |= target != d.row.key;
            let key = format::cell_key(TableId::T3, target, d.column.key);
            if let (Some(x), Some(sum)) = (r.value(&d.key()), sums.get_mut(&key)) {
                *sum += x;
            }
        }
        moved += usize::from(was_moved);
    }
    (sums, moved)
}

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
) -> Result<(), XlsxError> {
    let reasons: Vec<Option<String>> = reports
        .iter()
        .zip(findings)
        .map(|(r, f)| exclusion(r, f))
        .collect();
    let included: Vec<&Report> = reports
        .iter()
        .zip(&reasons)
        .filter(|(_, why)| why.is_none())
        .map(|(r, _)| r)
        .collect();
    let v = edition(&included);
    let (sums, moved) = sums(&included, v);
    let cols = layout::value_cols(v).min(7);
    let last_col = layout::label_cols() + cols - 1;

    let mut c = Canvas::new(ws, st);
    c.set_widths(cols)?;
    c.ws.write_string_with_format(
        0,
        0,
        format!("{}（{} 份报告合计）", TableId::T3.title(), included.len()),
        &st.title,
    )?;
    c.ws.set_row_height(0, 22)?;
    let mut scope = format!(
        "共 {} 份报告，计入 {} 份，未计入 {} 份（表三缺失、未能读取或未通过核查，见表下方）。按 {v} 版格式汇总。",
        reports.len(),
        included.len(),
        reports.len() - included.len()
    );
    if moved > 0 {
        scope.push_str(&format!(
            "其中 {moved} 份 2019 版格式报告的“（六）其他处理”不分项，计入“3.其他”。"
        ));
    }
    c.text((1, 0), (1, last_col), &scope, &st.info_wrap)?;
    let empty = included.is_empty();
    let mut y = layout::draw(&mut c, TABLE_TOP, TableId::T3, v, &mut |d| CellOut {
        // With nothing to sum the cells stay blank rather than showing a made-up 0.
        value: if empty {
            None
        } else {
            sums.get(&d.key()).copied()
        },
        ..CellOut::default()
    })?;

    // The table alone on its first page (portrait, as in a report), the lists after it.
    y += 1;
    let lists_start = y;
    c.text((y, 0), (y, 0), "未计入的报告", &st.caption)?;
    y += 1;
    let left_out: Vec<(usize, &String)> = reasons
        .iter()
        .enumerate()
        .filter_map(|(i, why)| why.as_ref().map(|w| (i, w)))
        .collect();
    if left_out.is_empty() {
        c.text((y, 0), (y, last_col), "无", st.text(Mark::None))?;
        y += 1;
    }
    for (i, why) in left_out {
        let name = reports[i].agency.as_deref().unwrap_or(&names[i]);
        c.text((y, 0), (y, 2.min(last_col)), name, st.text(Mark::Error))?;
        c.text(
            (y, 3.min(last_col)),
            (y, last_col),
            why,
            st.text(Mark::None),
        )?;
        y += 1;
    }
    y += 1;
    c.text((y, 0), (y, 0), "计入的报告", &st.caption)?;
    y += 1;
    for (i, r) in reports.iter().enumerate() {
        if reasons[i].is_none() {
            let name = r.agency.as_deref().unwrap_or(&names[i]);
            c.text((y, 0), (y, last_col), name, st.text(Mark::None))?;
            y += 1;
        }
    }
    style::print_setup(c.ws, SHEET);
    c.ws.set_portrait();
    c.ws.set_page_breaks(&[lists_start])?;
    c.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::Rule;

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
    fn errors_in_t3_or_missing_cells_leave_a_report_out() {
        let r = t3_report(FormatVersion::V2021, 1.0);
        assert_eq!(exclusion(&r, &[]), None);
        let warn = Finding::new(Rule::ValueImplied, Severity::Warning, "空白")
            .with_cells(["T3.new.natural".to_string()]);
        let t4 = Finding::new(Rule::T4GroupTotal, Severity::Error, "复议")
            .with_cells(["T4.review.total".to_string()]);
        assert_eq!(exclusion(&r, &[warn, t4]), None);
        let bal = Finding::new(Rule::T3Balance, Severity::Error, "不平衡");
        assert_eq!(
            exclusion(&r, &[bal.clone(), bal]).unwrap(),
            "表三有 2 项错误（表三收支不平衡）"
        );
        let mut gap = r.clone();
        gap.cells.get_mut("T3.new.natural").unwrap().value = None;
        assert_eq!(exclusion(&gap, &[]).unwrap(), "表三有 1 个单元格未能读取");
        let mut none = r;
        none.tables.clear();
        assert_eq!(exclusion(&none, &[]).unwrap(), "未找到表三");
    }

    #[test]
    fn a_2019_other_row_is_counted_under_3_other() {
        let a = t3_report(FormatVersion::V2021, 1.0);
        let b = t3_report(FormatVersion::V2019, 2.0);
        let v = edition(&[&a, &b]);
        assert_eq!(v, FormatVersion::V2021);
        let (s, moved) = sums(&[&a, &b], v);
        assert_eq!(moved, 1);
        assert_eq!(s["T3.other_other.natural"], 3.0);
        assert_eq!(s["T3.other_no_fee.natural"], 1.0);
        assert_eq!(s["T3.new.total"], 3.0);
        assert!(!s.contains_key("T3.other.natural"));
        assert_eq!(edition(&[&b]), FormatVersion::V2019);
        let (s, moved) = sums(&[&b], FormatVersion::V2019);
        assert_eq!((s["T3.other.total"], moved), (2.0, 0));
    }
}
