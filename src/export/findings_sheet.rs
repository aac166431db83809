//! 问题清单 and 提醒清单: one row per root cause (finding_rows/ groups the findings), report by
//! report; each row links to the cell on the report's sheet. The errors are on 问题清单 and the
//! warnings on 提醒清单 of their own (issue 22: on paper, forty towns' warnings buried the
//! errors a superior must act on). A group with an error and a warning is an error row.
//! Printed A4 landscape, one page wide (the columns fit at 85 %, so 11 pt prints at about 9.4 pt),
//! the header row on every page, each row as tall as its longest text.
//! Each row's 序号 links to the report's sheet at the row's cell.

use super::finding_rows::{self, Number, Positions, Row};
use super::style::{self, Mark, Styles};
use crate::format::ValueKind;
use crate::model::{Finding, Report, Severity};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatUnderline, Url, Worksheet, XlsxError};

pub const SHEET: &str = "问题清单";
/// The warnings' list.
pub const WARNINGS_SHEET: &str = "提醒清单";

/// Which list a sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Errors,
    Warnings,
}

impl List {
    pub fn severity(self) -> Severity {
        match self {
            List::Errors => Severity::Error,
            List::Warnings => Severity::Warning,
        }
    }

    /// The printed page header.
    fn heading(self) -> &'static str {
        match self {
            List::Errors => "政府信息公开工作年度报告核查问题清单（错误）",
            List::Warnings => "政府信息公开工作年度报告核查提醒清单（提醒，供核实）",
        }
    }

    fn none(self) -> &'static str {
        match self {
            List::Errors => "未发现错误。",
            List::Warnings => "未发现需要提醒的问题。",
        }
    }
}

/// The columns and their widths (Excel units; a Chinese character takes two).
pub const COLUMNS: [(&str, f64); 13] = [
    ("序号", 5.0),
    ("机关", 14.0),
    ("年度", 5.5),
    ("文件", 12.0),
    ("表格", 6.0),
    ("单元格", 26.0),
    ("规则", 12.0),
    ("严重程度", 6.0),
    ("期望值", 7.0),
    ("实际值", 7.0),
    ("说明", 40.0),
    ("核实情况", 13.0),
    ("整改意见", 13.0),
];
const CELLS_COL: u16 = 5;
const LAST_COL: u16 = COLUMNS.len() as u16 - 1;

/// The formats of this sheet: wrapped text aligned to the top, so that a tall row reads from its
/// first line.
struct Look {
    text: Format,
    centered: Format,
    link: Format,
    severity: [Format; 2],
    /// [count, 万元 amount]
    numbers: [Format; 2],
}

impl Look {
    fn new() -> Look {
        let text = Format::new()
            .set_font_name(style::FONT)
            .set_font_size(11)
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let centered = text.clone().set_align(FormatAlign::Center);
        // Blue and underlined on screen; the underline still says "link" in grey.
        let link = centered
            .clone()
            .set_underline(FormatUnderline::Single)
            .set_font_color(Color::RGB(0x0563C1));
        let mark = |fill: u32, font: u32| {
            centered
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        let numbers = [ValueKind::Count, ValueKind::Amount]
            .map(|k| centered.clone().set_num_format(style::number_format(k)));
        Look {
            numbers,
            severity: [
                mark(style::ERROR_FILL, style::ERROR_TEXT),
                mark(style::WARNING_FILL, style::WARNING_TEXT),
            ],
            text,
            centered,
            link,
        }
    }
}

/// The rows of each list: `(errors, warnings)`, each report by report in the order given.
/// `positions[i]` are where report `i`'s cells are on its sheet `names[i]`.
pub fn lists(
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
    positions: &[Positions],
) -> (Vec<Row>, Vec<Row>) {
    finding_rows::rows(reports, findings, names, positions)
        .into_iter()
        .partition(|r| r.severity == List::Errors.severity())
}

/// Writes one list's sheet from its rows (see [`lists`]); returns the number of rows.
pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    list: List,
    rows: &[Row],
    names: &[String],
) -> Result<usize, XlsxError> {
    let look = Look::new();
    for (c, (h, w)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let header_lines = COLUMNS
        .iter()
        .map(|(h, w)| style::lines_needed(h, *w))
        .max()
        .unwrap_or(1);
    ws.set_row_height(0, style::height_for_lines(header_lines))?;
    for (i, row) in rows.iter().enumerate() {
        let y = 1 + i as u32;
        write_row(ws, &look, y, i + 1, row, &names[row.report])?;
        ws.set_row_height(y, style::height_for_lines(lines(row)))?;
    }
    if rows.is_empty() {
        ws.merge_range(1, 0, 1, LAST_COL, list.none(), st.text(Mark::None))?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len().max(1) as u32, LAST_COL)?;
    ws.set_repeat_rows(0, 0)?;
    style::print_setup(
        ws,
        list.heading(),
        style::Orientation::Landscape,
        style::Fit::Width,
    );
    Ok(rows.len())
}

/// The printed lines the row needs: its tallest cell.
pub fn lines(row: &Row) -> u32 {
    let texts: [(&str, usize); 6] = [
        (&row.agency, 1),
        (&row.file, 3),
        (&row.cells, CELLS_COL as usize),
        (&row.rules, 6),
        (&row.message, 10),
        (&row.review, 11),
    ];
    texts
        .iter()
        .map(|(t, c)| style::lines_needed(t, COLUMNS[*c].1))
        .max()
        .unwrap_or(1)
}

fn write_row(
    ws: &mut Worksheet,
    look: &Look,
    y: u32,
    n: usize,
    row: &Row,
    sheet: &str,
) -> Result<(), XlsxError> {
    // The link is on the 序号: LibreOffice does not wrap a hyperlink's text, and the 单元格
    // text takes several lines.
    let (r, c) = row.target.unwrap_or((0, 0));
    let target = rust_xlsxwriter::utility::row_col_to_cell(r, c);
    let link = Url::new(format!("internal:'{}'!{target}", sheet.replace('\'', "''")))
        .set_text(n.to_string())
        .set_tip(format!("打开此报告的工作表，定位到 {target}"));
    ws.write_url_with_format(y, 0, link, &look.link)?;
    ws.write_string_with_format(y, 1, &row.agency, &look.text)?;
    match row.year {
        Some(year) => ws.write_number_with_format(y, 2, f64::from(year), &look.centered)?,
        None => ws.write_blank(y, 2, &look.centered)?,
    };
    ws.write_string_with_format(y, 3, &row.file, &look.text)?;
    ws.write_string_with_format(y, 4, &row.table, &look.centered)?;
    ws.write_string_with_format(y, CELLS_COL, &row.cells, &look.text)?;
    ws.write_string_with_format(y, 6, &row.rules, &look.text)?;
    let severity = match row.severity {
        Severity::Error => &look.severity[0],
        Severity::Warning => &look.severity[1],
    };
    ws.write_string_with_format(y, 7, row.severity.label(), severity)?;
    for (col, v) in [(8, row.expected), (9, row.actual)] {
        match v {
            Number::Value(v, kind) => {
                let fmt = &look.numbers[usize::from(kind == ValueKind::Amount)];
                ws.write_number_with_format(y, col, v, fmt)?
            }
            Number::Several => ws.write_string_with_format(y, col, "见说明", &look.centered)?,
            Number::None => ws.write_blank(y, col, &look.centered)?,
        };
    }
    ws.write_string_with_format(y, 10, &row.message, &look.text)?;
    ws.write_string_with_format(y, 11, &row.review, &look.text)?;
    ws.write_blank(y, 12, &look.text)?;
    Ok(())
}
