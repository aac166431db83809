//! 问题清单: one row per finding, sorted by report (in the order given) and then severity, with
//! the cells named in words.

use super::style::{self, ColumnWidths, Mark, Styles};
use crate::format::{self, TableId};
use crate::model::{Finding, Report, Severity};
use rust_xlsxwriter::{Worksheet, XlsxError};

pub const SHEET: &str = "问题清单";
pub const HEADERS: [&str; 8] = [
    "机关名称",
    "级别",
    "表格",
    "单元格",
    "规则",
    "期望值",
    "实际值",
    "说明",
];
const CELLS_COL: u16 = 3;
const MESSAGE_COL: u16 = 7;
/// Cells named in full; longer lists (a column total names 20 cells) end with 等共 N 个单元格.
const CELLS_SHOWN: usize = 5;
const CELLS_WIDTH: f64 = 44.0;
const MESSAGE_WIDTH: f64 = 60.0;
const FIXED_WIDTHS: [(u16, f64); 6] = [
    (1, 6.0),
    (2, 20.0),
    (CELLS_COL, CELLS_WIDTH),
    (5, 8.0),
    (6, 8.0),
    (MESSAGE_COL, MESSAGE_WIDTH),
];

/// One row of the sheet, as text and numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub agency: String,
    pub severity: Severity,
    pub table: String,
    pub cells: String,
    pub rule: String,
    pub expected: Option<f64>,
    pub actual: Option<f64>,
    pub message: String,
}

/// The rows in sheet order. `names` are the reports' sheet names (used when an agency is unknown).
pub fn rows(reports: &[Report], findings: &[Vec<Finding>], names: &[String]) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let agency = r.agency.clone().unwrap_or_else(|| names[i].clone());
        let mut fs: Vec<&Finding> = findings[i].iter().collect();
        // Stable: within a severity the checks keep their order.
        fs.sort_by_key(|f| f.severity);
        out.extend(fs.into_iter().map(|f| Row {
            agency: agency.clone(),
            severity: f.severity,
            table: tables_of(f),
            cells: describe_cells(&f.cells),
            rule: f.rule.name().to_string(),
            expected: f.expected,
            actual: f.actual,
            message: f.message.clone(),
        }));
    }
    out
}

/// The tables a finding's cells belong to: `依申请公开`, or 正文 for a text check.
fn tables_of(f: &Finding) -> String {
    let mut tables: Vec<TableId> = f
        .cells
        .iter()
        .filter_map(|k| format::cell_def(k).map(|d| d.table))
        .collect();
    tables.dedup();
    tables.sort();
    tables.dedup();
    if tables.is_empty() {
        return if f.text_span.is_some() {
            "正文"
        } else {
            "—"
        }
        .to_string();
    }
    tables
        .iter()
        .map(|t| format::layout::table_name_long(*t))
        .collect::<Vec<_>>()
        .join("、")
}

/// The cells in words, one per line.
pub fn describe_cells(keys: &[String]) -> String {
    let mut lines: Vec<String> = keys
        .iter()
        .take(CELLS_SHOWN)
        .map(|k| {
            format::cell_def(k)
                .map(|d| d.describe())
                .unwrap_or_else(|| k.clone())
        })
        .collect();
    if keys.len() > CELLS_SHOWN {
        lines.push(format!("…等共 {} 个单元格", keys.len()));
    }
    lines.join("\n")
}

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
) -> Result<usize, XlsxError> {
    let mut widths = ColumnWidths::default();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
        widths.fit(c as u16, h);
    }
    let rows = rows(reports, findings, names);
    for (i, row) in rows.iter().enumerate() {
        let y = 1 + i as u32;
        write_row(ws, st, y, row)?;
        widths.fit(0, &row.agency);
        widths.fit(4, &row.rule);
    }
    ws.set_column_width(0, widths.width(0, 12.0, 30.0))?;
    ws.set_column_width(4, widths.width(4, 8.0, 26.0))?;
    for (col, w) in FIXED_WIDTHS {
        ws.set_column_width(col, w)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let lines = style::lines_needed(&row.cells, CELLS_WIDTH)
            .max(style::lines_needed(&row.message, MESSAGE_WIDTH));
        if lines > 1 {
            ws.set_row_height(1 + i as u32, style::height_for_lines(lines))?;
        }
    }
    let last = rows.len().max(1) as u32;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last, MESSAGE_COL)?;
    ws.set_repeat_rows(0, 0)?;
    style::print_setup(ws, "政府信息公开工作年度报告核查问题清单");
    if rows.is_empty() {
        ws.write_string_with_format(1, 0, "未发现问题。", st.text(Mark::None))?;
    }
    Ok(rows.len())
}

fn write_row(ws: &mut Worksheet, st: &Styles, y: u32, row: &Row) -> Result<(), XlsxError> {
    let plain = st.text(Mark::None);
    let mark = match row.severity {
        Severity::Error => Mark::Error,
        Severity::Warning => Mark::Warning,
    };
    ws.write_string_with_format(y, 0, &row.agency, plain)?;
    ws.write_string_with_format(y, 1, row.severity.label(), st.text(mark))?;
    ws.write_string_with_format(y, 2, &row.table, plain)?;
    ws.write_string_with_format(y, CELLS_COL, &row.cells, plain)?;
    ws.write_string_with_format(y, 4, &row.rule, plain)?;
    for (col, v) in [(5, row.expected), (6, row.actual)] {
        let fmt = st.value(crate::format::ValueKind::Amount, Mark::None, false);
        match v {
            Some(v) => ws.write_number_with_format(y, col, v, fmt)?,
            None => ws.write_blank(y, col, fmt)?,
        };
    }
    ws.write_string_with_format(y, MESSAGE_COL, &row.message, plain)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::Rule;

    #[test]
    fn rows_are_sorted_by_report_then_severity() {
        let mut a = Report::empty("a.txt", FileKind::Text, String::new());
        a.agency = Some("甲镇人民政府".into());
        let b = Report::empty("乙.txt", FileKind::Text, String::new());
        let fs = vec![
            vec![
                Finding::new(Rule::SectionMissing, Severity::Warning, "缺少第五部分"),
                Finding::new(Rule::T3Balance, Severity::Error, "不平衡")
                    .with_cells([
                        "T3.new.natural".to_string(),
                        "T3.carried_out.natural".to_string(),
                    ])
                    .with_numbers(5.0, 4.0),
            ],
            vec![Finding::new(
                Rule::TableMissing,
                Severity::Error,
                "缺少表四",
            )],
        ];
        let rows = rows(&[a, b], &fs, &["甲".into(), "乙".into()]);
        let order: Vec<_> = rows
            .iter()
            .map(|r| (r.agency.as_str(), r.rule.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("甲镇人民政府", "表三收支不平衡"),
                ("甲镇人民政府", "缺少章节"),
                ("乙", "缺少表格")
            ]
        );
        assert_eq!(rows[0].table, "表三（依申请公开）");
        assert_eq!(
            rows[0].cells,
            "一、本年新收政府信息公开申请数量 / 自然人\n四、结转下年度继续办理 / 自然人"
        );
        assert_eq!((rows[0].expected, rows[0].actual), (Some(5.0), Some(4.0)));
        assert_eq!(rows[2].table, "—");
    }

    #[test]
    fn long_cell_lists_are_cut_with_a_count() {
        let keys: Vec<String> = format::cells_of(TableId::T3, format::FormatVersion::V2021)
            .iter()
            .filter(|d| d.column.key == "natural")
            .map(|d| d.key())
            .collect();
        let text = describe_cells(&keys);
        assert_eq!(text.lines().count(), CELLS_SHOWN + 1);
        assert!(text.ends_with(&format!("等共 {} 个单元格", keys.len())));
    }
}
