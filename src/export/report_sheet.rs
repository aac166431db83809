//! One sheet per report: its three tables in the official layout, failed cells filled red (warnings
//! yellow) with a note saying which check failed, hand-edited values in blue italics with the
//! original in a note, unreadable cells left blank with the note 未能读取; the report's findings below.

use super::layout::{self, Canvas, CellOut, Placed};
use super::marks::{self, CellMarks};
use super::style::{self, Mark, Styles};
use crate::format::TableId;
use crate::model::{Finding, Report};
use rust_xlsxwriter::{Url, Worksheet, XlsxError};

/// The heading of a report: `红寺堡区红寺堡镇人民政府2023年政府信息公开工作年度报告`.
pub fn title(r: &Report) -> String {
    match (&r.agency, r.year) {
        (Some(a), Some(y)) => format!("{a}{y}年政府信息公开工作年度报告"),
        (Some(a), None) => format!("{a}政府信息公开工作年度报告"),
        (None, Some(y)) => format!("{}（{y}年）", r.file),
        (None, None) => r.file.clone(),
    }
}

/// What one value cell of the report shows.
fn cell_out(r: &Report, key: &str, marks: &CellMarks) -> CellOut {
    let cell = r.cell(key);
    let mark = marks.mark(&[key]);
    CellOut {
        value: cell.and_then(|c| c.value),
        mark: (mark != Mark::None).then_some(mark),
        edited: cell.is_some_and(|c| c.is_edited()),
        note: marks::cell_note(r, key, marks),
        formula: None,
    }
}

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    r: &Report,
    findings: &[Finding],
    sheet_name: &str,
    summary_sheet: &str,
) -> Result<Vec<Placed>, XlsxError> {
    let marks = CellMarks::for_report(r, findings);
    let mut c = Canvas::new(ws, st);
    let value_cols = r.format_version.map(layout::value_cols).unwrap_or(7);
    c.set_widths(value_cols)?;
    let last_col = layout::label_cols() + value_cols - 1;

    let mut y = head(&mut c, r, &marks, summary_sheet)?;
    // Where each printed block starts: the head, each table (its caption), the findings.
    let mut starts = vec![0];
    for id in TableId::ALL {
        y += 1;
        starts.push(y);
        c.caption(y, id.title())?;
        y += 1;
        let missing = match r.format_version {
            None => Some("未能识别表格的格式版本，无法按官方格式列出。"),
            Some(_) if !r.has_table(id) => Some("报告中未找到此表。"),
            Some(_) => None,
        };
        match (missing, r.format_version) {
            (None, Some(v)) => {
                y = layout::draw(&mut c, y, id, v, &mut |d| cell_out(r, &d.key(), &marks))?;
            }
            (reason, _) => {
                let text = reason.unwrap_or("报告中未找到此表。");
                c.text((y, 0), (y, last_col), text, st.text(Mark::Error))?;
                y += 1;
            }
        }
    }
    let list = y + 1;
    starts.push(list);
    findings_list(&mut c, list, r, findings, last_col)?;

    // Printed A4 landscape at one scale for the sheet, its text at 9 pt or more (issue 22): each
    // table starts a page when it does not fit on what is left of the page, so that no table
    // splits, not even 表三 (the scale is made smaller, never below 9 pt, when a table is taller
    // than a page); the report's title tops every page. The findings' heading keeps its first
    // line with it; the list runs on over as many pages as it needs.
    let mut blocks: Vec<(u32, u32)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    blocks.push((list, list + 2));
    let o = style::Orientation::Landscape;
    let plan = c.plan_pages(&blocks, last_col + 1, o, c.row_height(0));
    style::print_setup(c.ws, sheet_name, o, style::Fit::Width);
    c.ws.set_repeat_rows(0, 0)?;
    c.ws.set_page_breaks(&plan.breaks)?;
    c.finish()
}

/// Title, file, edition, date, verdict and the legend. Returns the next free row.
fn head(
    c: &mut Canvas,
    r: &Report,
    marks: &CellMarks,
    summary_sheet: &str,
) -> Result<u32, XlsxError> {
    let st = c.st;
    c.ws.write_string_with_format(0, 0, title(r), &st.title)?;
    c.set_height(0, 22.0)?;
    c.ws.write_string_with_format(1, 0, format!("文件：{}", r.file), &st.info)?;
    let edition = r
        .format_version
        .map(|v| format!("{v} 版"))
        .unwrap_or_else(|| "未能识别".to_string());
    let published = r
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| "未找到".to_string());
    let mut verdict = if marks.errors + marks.warnings == 0 {
        "核查通过".to_string()
    } else {
        format!("错误 {} 项，提醒 {} 项", marks.errors, marks.warnings)
    };
    if marks.reviewed > 0 {
        verdict.push_str(&format!("，已核实 {} 项", marks.reviewed));
    }
    c.ws.write_string_with_format(
        2,
        0,
        format!("格式版本：{edition}　　发布日期：{published}　　核查结果：{verdict}"),
        &st.info,
    )?;
    // The legend uses the very formats it explains.
    let legend: [(&str, &rust_xlsxwriter::Format); 4] = [
        ("未通过核查", st.text(Mark::Error)),
        ("提醒", st.text(Mark::Warning)),
        ("人工修改", &st.legend_edited),
        ("空白：未能读取", st.text(Mark::None)),
    ];
    c.ws.write_string_with_format(3, 0, "图例（详见批注）：", &st.info)?;
    let first = layout::label_cols();
    for (i, (text, fmt)) in legend.iter().enumerate() {
        let x = first + 2 * i as u16;
        c.text((3, x), (3, x + 1), text, fmt)?;
    }
    // Back to the summary, where this report is one row among the others.
    let back = Url::new(format!(
        "internal:'{}'!A1",
        summary_sheet.replace('\'', "''")
    ))
    .set_text(format!("← 返回{summary_sheet}"))
    .set_tip("打开汇总对比表");
    c.ws.write_url(4, 0, back)?;
    for row in 1..5 {
        c.need_lines(row, 1);
    }
    Ok(5)
}

fn findings_list(
    c: &mut Canvas,
    top: u32,
    r: &Report,
    findings: &[Finding],
    last_col: u16,
) -> Result<(), XlsxError> {
    let st = c.st;
    c.caption(top, "核查发现的问题")?;
    if findings.is_empty() {
        c.text(
            (top + 1, 0),
            (top + 1, last_col),
            "未发现问题。",
            st.text(Mark::None),
        )?;
        return Ok(());
    }
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for (i, f) in sorted.iter().enumerate() {
        let y = top + 1 + i as u32;
        let review = r.reviews.get(&f.key());
        let mark = match (review, f.severity) {
            (Some(_), _) => Mark::None,
            (None, crate::model::Severity::Error) => Mark::Error,
            (None, crate::model::Severity::Warning) => Mark::Warning,
        };
        let mut text = format!("{}【{}】{}", f.severity.label(), f.rule.name(), f.message);
        if let Some(rv) = review {
            text.push_str(&format!("（{}", rv.status.label()));
            if !rv.note.trim().is_empty() {
                text.push_str(&format!("：{}", rv.note.trim()));
            }
            text.push('）');
        }
        c.text((y, 0), (y, last_col), &text, st.text(mark))?;
    }
    Ok(())
}
