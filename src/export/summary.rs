//! 汇总对比: one row per report with its key figures (see figures.rs), a 合计 row, the number of
//! errors and warnings, subtotals by 层级, and red (yellow) fill where the figure's cells failed a
//! check. Reports left out of the totals (see counting.rs: duplicates, bodies of another tier)
//! are listed below, so that they are seen but not summed.

use super::counting::Left;
use super::figures::{Figure, FigureValue};
use super::key_figures::UNKNOWN_LEVEL;
use super::marks::CellMarks;
use super::style::{self, ColumnWidths, Mark, Styles};
use super::t3_total::{self, County};
use crate::format::ValueKind;
use crate::model::{Level, Report};
use crate::rules::authority::report_level;
use rust_xlsxwriter::{Color, ExcelDateTime, Formula, Url, Worksheet, XlsxError};

pub const SHEET: &str = "汇总对比";
const HEADER_ROWS: u32 = 2;
/// Columns before the figures.
const BASIC: [&str; 7] = [
    "机关名称",
    "层级",
    "年度",
    "格式版本",
    "发布日期",
    "错误",
    "提醒",
];
const LEVEL_COL: u16 = 1;
const ERRORS_COL: u16 = 5;
const WARNINGS_COL: u16 = 6;
const FILE_HEADER: &str = "文件";
/// Figures' columns are this wide at most; their headers wrap.
const FIGURE_WIDTH: (f64, f64) = (6.0, 9.0);
/// Lines kept in a summary note; the report's own sheet has all of them.
const NOTE_LINES: usize = 4;

/// Where things are, for the chart.
pub struct SummaryLayout {
    /// The summary sheet's name (one per report year).
    pub sheet: String,
    pub first_row: u32,
    pub last_row: u32,
    pub agency_col: u16,
    /// The column of each figure, in the order given.
    pub figure_cols: Vec<u16>,
}

pub fn figure_col(i: usize) -> u16 {
    BASIC.len() as u16 + i as u16
}

/// Where the rows go: the counted reports, 合计, one subtotal per 层级 (when there are several),
/// then the reports of another tier and the duplicates, each block under a heading.
struct Rows {
    counted: Vec<usize>,
    others: Vec<usize>,
    duplicates: Vec<usize>,
    /// The levels of the counted reports and of the others, in order; `None` for no level.
    levels: Vec<Option<Level>>,
}

impl Rows {
    fn new(reports: &[Report], left: &[Option<Left>]) -> Rows {
        let of = |pick: &dyn Fn(Option<Left>) -> bool| -> Vec<usize> {
            (0..reports.len())
                .filter(|&i| pick(left.get(i).copied().flatten()))
                .collect()
        };
        let counted = of(&|l| l.is_none());
        let others = of(&|l| l.is_some_and(|l| !l.is_duplicate()));
        let duplicates = of(&|l| l.is_some_and(Left::is_duplicate));
        let mut levels: Vec<Option<Level>> = counted
            .iter()
            .chain(&others)
            .map(|&i| report_level(&reports[i]))
            .collect();
        levels.sort_by_key(|l| (l.is_none(), *l));
        levels.dedup();
        if levels.len() < 2 {
            levels.clear();
        }
        Rows {
            counted,
            others,
            duplicates,
            levels,
        }
    }

    fn total(&self) -> u32 {
        HEADER_ROWS + self.counted.len() as u32
    }

    fn others_top(&self) -> u32 {
        self.total() + self.levels.len() as u32 + 3
    }

    fn duplicates_top(&self) -> u32 {
        if self.others.is_empty() {
            self.others_top()
        } else {
            self.others_top() + self.others.len() as u32 + 2
        }
    }

    /// Each report listed and its row.
    fn placed(&self) -> Vec<(u32, usize)> {
        let block = |top: u32, members: &[usize]| -> Vec<(u32, usize)> {
            members
                .iter()
                .enumerate()
                .map(|(k, &i)| (top + k as u32, i))
                .collect()
        };
        let mut out = block(HEADER_ROWS, &self.counted);
        out.extend(block(self.others_top(), &self.others));
        out.extend(block(self.duplicates_top(), &self.duplicates));
        out
    }

    /// The first and last row the subtotals by 层级 look at: the counted and the other reports.
    fn level_range(&self) -> (u32, u32) {
        let last = if self.others.is_empty() {
            self.total()
        } else {
            self.others_top() + self.others.len() as u32 - 1
        };
        (HEADER_ROWS, last)
    }
}

#[allow(clippy::too_many_arguments)]
pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    reports: &[Report],
    marks: &[CellMarks],
    sheet_names: &[String],
    figures: &[Figure],
    left: &[Option<Left>],
    county: &County,
    sheet: &str,
) -> Result<SummaryLayout, XlsxError> {
    let file_col = figure_col(figures.len());
    let mut widths = ColumnWidths::default();
    let mut files = Vec::new();
    headers(ws, st, figures, file_col)?;
    let rows = Rows::new(reports, left);
    for (y, i) in rows.placed() {
        let r = &reports[i];
        basic(ws, st, &mut widths, y, r, &marks[i], &sheet_names[i])?;
        for (k, f) in figures.iter().enumerate() {
            figure_cell(ws, st, &mut widths, y, figure_col(k), f, r, &marks[i])?;
        }
        // The name is enough to find the file; the report's own sheet has the whole path.
        // Wrapped: a long name stays inside the table.
        let file = crate::model::file_name(&r.file);
        ws.write_string_with_format(y, file_col, &file, &st.label)?;
        widths.fit(file_col, &file);
        files.push((y, file));
    }
    let counted_reports: Vec<&Report> = rows.counted.iter().map(|&i| &reports[i]).collect();
    let counted_marks: Vec<&CellMarks> = rows.counted.iter().map(|&i| &marks[i]).collect();
    totals(
        ws,
        st,
        (&counted_reports[..], &counted_marks[..]),
        figures,
        county,
        rows.total(),
    )?;
    level_totals(ws, st, reports, marks, figures, &rows, left)?;
    let headings = [
        (
            rows.others_top(),
            rows.others.len(),
            "其他层级或核查人选择不计入的报告（共 {} 份）：已列出，未计入上方合计，原因见“说明”表",
        ),
        (
            rows.duplicates_top(),
            rows.duplicates.len(),
            "重复的报告（同一机关同一年度的另一份，共 {} 份）：已列出，未计入上方合计",
        ),
    ];
    for (top, n, text) in headings.into_iter().filter(|h| h.1 > 0) {
        let text = text.replace("{}", &n.to_string());
        ws.merge_range(top - 1, 0, top - 1, file_col, &text, &st.caption)?;
    }

    for (k, f) in figures.iter().enumerate() {
        widths.fit(figure_col(k), &f.header);
    }
    let cols = set_widths(ws, &widths, figures, file_col)?;
    if let Some(&file_width) = cols.last() {
        for (y, file) in &files {
            let lines = style::lines_needed(file, file_width);
            if lines > 1 {
                ws.set_row_height(*y, style::height_for_lines(lines))?;
            }
        }
    }
    let last_row = rows.total() - 1;
    ws.set_freeze_panes(HEADER_ROWS, 1)?;
    ws.autofilter(HEADER_ROWS - 1, 0, last_row.max(HEADER_ROWS - 1), file_col)?;
    // A sheet for the screen: its 30-odd columns fitted to one A4 page printed at 4 pt (issue
    // 22), and 核查要点 is the one-page-wide print of the same reports. Printed, it runs across
    // pages at the smallest scale that keeps 11 pt text at 9 pt (the fewest pages), each page
    // with the two header rows and the 机关 column, a band of reports across its pages before
    // the next band (over, then down). It stays in the print of the whole workbook, so that
    // every figure can be had on paper: xlsx has no way to leave a visible sheet out of
    // printing the workbook, and hiding it would hide it on the screen too.
    ws.set_repeat_rows(0, HEADER_ROWS - 1)?;
    ws.set_repeat_columns(0, 0)?;
    ws.set_page_order(false);
    let o = style::Orientation::Landscape;
    style::print_setup(ws, sheet, o, style::Fit::Scale(style::min_scale()));
    Ok(SummaryLayout {
        sheet: sheet.to_string(),
        first_row: HEADER_ROWS,
        last_row,
        agency_col: 0,
        figure_cols: (0..figures.len()).map(figure_col).collect(),
    })
}

/// Under 合计, one row per 层级 when the reports are of several: `其中：乡镇（8 份）` for a counted
/// level, `市级（1 份，未计入合计）` for one left out. Each is a SUMIF over the 层级 column of the
/// rows above, so it follows corrections.
fn level_totals(
    ws: &mut Worksheet,
    st: &Styles,
    reports: &[Report],
    marks: &[CellMarks],
    figures: &[Figure],
    rows: &Rows,
    left: &[Option<Left>],
) -> Result<(), XlsxError> {
    let (first, last) = rows.level_range();
    let level_col = rust_xlsxwriter::utility::column_number_to_name(LEVEL_COL);
    for (k, level) in rows.levels.iter().enumerate() {
        let y = rows.total() + 1 + k as u32;
        let members: Vec<usize> = rows
            .counted
            .iter()
            .chain(&rows.others)
            .copied()
            .filter(|&i| report_level(&reports[i]) == *level)
            .collect();
        let name = level.map_or(UNKNOWN_LEVEL, Level::label);
        let counted = members
            .iter()
            .any(|&i| left.get(i).copied().flatten().is_none());
        let label = if counted {
            format!("其中：{name}（{} 份）", members.len())
        } else {
            format!("{name}（{} 份，未计入合计）", members.len())
        };
        ws.write_string_with_format(y, 0, &label, &st.total_label)?;
        for col in 1..ERRORS_COL {
            ws.write_blank(y, col, &st.total_label)?;
        }
        let sumif = |col: u16, kind: ValueKind, sum: f64| {
            let c = rust_xlsxwriter::utility::column_number_to_name(col);
            Formula::new(format!(
                "=SUMIF(${level_col}${}:${level_col}${},\"{name}\",{c}{}:{c}{})",
                first + 1,
                last + 1,
                first + 1,
                last + 1
            ))
            .set_result(crate::model::format_value(kind, sum))
        };
        let count = |f: &dyn Fn(&CellMarks) -> usize| -> f64 {
            members.iter().map(|&i| f(&marks[i]) as f64).sum()
        };
        for (col, sum) in [
            (ERRORS_COL, count(&|m| m.errors)),
            (WARNINGS_COL, count(&|m| m.warnings)),
        ] {
            ws.write_formula_with_format(
                y,
                col,
                sumif(col, ValueKind::Count, sum),
                st.total(ValueKind::Count),
            )?;
        }
        for (k, f) in figures.iter().enumerate() {
            let sum: f64 = members
                .iter()
                .filter_map(|&i| f.value(&reports[i]).number())
                .sum();
            ws.write_formula_with_format(
                y,
                figure_col(k),
                sumif(figure_col(k), f.kind, sum),
                st.total(f.kind),
            )?;
        }
        ws.write_blank(y, figure_col(figures.len()), &st.total_label)?;
    }
    Ok(())
}

fn headers(
    ws: &mut Worksheet,
    st: &Styles,
    figures: &[Figure],
    file_col: u16,
) -> Result<(), XlsxError> {
    for (i, h) in BASIC.iter().enumerate() {
        ws.merge_range(0, i as u16, 1, i as u16, h, &st.header)?;
    }
    let mut k = 0;
    while k < figures.len() {
        let col = figure_col(k);
        match figures[k].group {
            None => {
                ws.merge_range(0, col, 1, col, &figures[k].header, &st.header)?;
                k += 1;
            }
            Some(g) => {
                let n = figures[k..]
                    .iter()
                    .take_while(|f| f.group == Some(g))
                    .count();
                let end = col + n as u16 - 1;
                if n > 1 {
                    ws.merge_range(0, col, 0, end, g, &st.header)?;
                } else {
                    ws.write_string_with_format(0, col, g, &st.header)?;
                }
                for (j, f) in figures[k..k + n].iter().enumerate() {
                    ws.write_string_with_format(1, col + j as u16, &f.header, &st.header)?;
                }
                k += n;
            }
        }
    }
    ws.merge_range(0, file_col, 1, file_col, FILE_HEADER, &st.header)?;
    Ok(())
}

fn basic(
    ws: &mut Worksheet,
    st: &Styles,
    widths: &mut ColumnWidths,
    y: u32,
    r: &Report,
    marks: &CellMarks,
    sheet_name: &str,
) -> Result<(), XlsxError> {
    let plain = st.text(Mark::None);
    let name = r.agency.clone().unwrap_or_else(|| sheet_name.to_string());
    // The name links to the report's own sheet.
    let link = Url::new(format!("internal:'{}'!A1", sheet_name.replace('\'', "''")))
        .set_text(&name)
        .set_tip("打开此报告的工作表");
    let mark = marks.overall();
    ws.write_url_with_format(y, 0, link, &st.link[mark as usize])?;
    widths.fit(0, &name);
    let level = report_level(r).map_or(UNKNOWN_LEVEL, Level::label);
    ws.write_string_with_format(y, LEVEL_COL, level, &st.centered)?;
    widths.fit(LEVEL_COL, level);
    match r.year {
        Some(year) => ws.write_number_with_format(y, 2, f64::from(year), &st.centered)?,
        None => ws.write_blank(y, 2, plain)?,
    };
    // An old edition and a late date are marked by a fill and in words, for grey prints.
    let (edition, mark) = marks.edition(r.format_version);
    let fmt = match mark {
        Mark::None => &st.centered,
        m => st.text(m),
    };
    ws.write_string_with_format(y, 3, &edition, fmt)?;
    widths.fit(3, &edition);
    let date = r.published.and_then(|d| {
        let (Ok(year), Ok(month), Ok(day)) = (
            u16::try_from(d.year),
            u8::try_from(d.month),
            u8::try_from(d.day),
        ) else {
            return None;
        };
        ExcelDateTime::from_ymd(year, month, day).ok()
    });
    let flag = marks.date_flag();
    match (date, flag) {
        (Some(d), Some(flag)) => {
            // Still a date (sorts and filters as one), printed with the word after it.
            let fmt = st
                .date
                .clone()
                .set_num_format(format!("yyyy-mm-dd\"（{flag}）\""))
                .set_background_color(Color::RGB(style::WARNING_FILL))
                .set_font_color(Color::RGB(style::WARNING_TEXT));
            widths.fit(4, &format!("2024-01-31（{flag}）"));
            ws.write_datetime_with_format(y, 4, d, &fmt)?
        }
        (Some(d), None) => ws.write_datetime_with_format(y, 4, d, &st.date)?,
        (None, _) => ws.write_blank(y, 4, plain)?,
    };
    for (col, n, m) in [
        (ERRORS_COL, marks.errors, Mark::Error),
        (WARNINGS_COL, marks.warnings, Mark::Warning),
    ] {
        let mark = if n > 0 { m } else { Mark::None };
        ws.write_number_with_format(y, col, n as f64, st.value(ValueKind::Count, mark, false))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn figure_cell(
    ws: &mut Worksheet,
    st: &Styles,
    widths: &mut ColumnWidths,
    y: u32,
    col: u16,
    f: &Figure,
    r: &Report,
    marks: &CellMarks,
) -> Result<(), XlsxError> {
    let keys = f.keys_for(r);
    let mark = marks.mark(keys);
    let value = f.value(r);
    let edited = keys
        .iter()
        .any(|k| r.cell(k).is_some_and(|c| c.is_edited()));
    let fmt = st.value(f.kind, mark, edited);
    let mut note: Vec<String> = marks.failure_lines(keys);
    note.truncate(NOTE_LINES);
    match &value {
        FigureValue::Value(v) => {
            ws.write_number_with_format(y, col, *v, fmt)?;
            widths.fit(col, &crate::model::format_value(f.kind, *v));
        }
        other => {
            ws.write_blank(y, col, fmt)?;
            note.extend(other.reason());
        }
    }
    if edited {
        note.push("含人工修改的数字（见此报告的工作表）".to_string());
    }
    if !note.is_empty() {
        ws.insert_note(y, col, &style::note(&note.join("\n")))?;
    }
    Ok(())
}

/// The 合计 row: each figure taken from the county tables (县级汇总), so that the two totals are
/// one; error and warning counts by SUBTOTAL. Results are stored too, for readers that do not
/// calculate.
fn totals(
    ws: &mut Worksheet,
    st: &Styles,
    (reports, marks): (&[&Report], &[&CellMarks]),
    figures: &[Figure],
    county: &County,
    y: u32,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        y,
        0,
        format!("合计（{} 份）", reports.len()),
        &st.total_label,
    )?;
    for col in 1..ERRORS_COL {
        ws.write_blank(y, col, &st.total_label)?;
    }
    let first = HEADER_ROWS;
    let last = y - 1;
    let sum_col = |ws: &mut Worksheet, col: u16, kind: ValueKind, sum: f64| {
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        let formula = Formula::new(format!(
            "=SUBTOTAL(109,{letter}{}:{letter}{})",
            first + 1,
            last + 1
        ))
        .set_result(crate::model::format_value(kind, sum));
        ws.write_formula_with_format(y, col, formula, st.total(kind))
            .map(|_| ())
    };
    let errors: usize = marks.iter().map(|m| m.errors).sum();
    let warnings: usize = marks.iter().map(|m| m.warnings).sum();
    for (col, sum) in [(ERRORS_COL, errors as f64), (WARNINGS_COL, warnings as f64)] {
        sum_col(ws, col, ValueKind::Count, sum)?;
    }
    for (k, f) in figures.iter().enumerate() {
        let values: Vec<Option<f64>> = reports.iter().map(|r| f.value(r).number()).collect();
        let blanks = values.iter().filter(|v| v.is_none()).count();
        let cells: Option<Vec<&(u32, u16, f64)>> = f
            .keys(county.version)
            .iter()
            .map(|key| county.cells.get(key))
            .collect();
        match cells.filter(|c| !c.is_empty()) {
            Some(cells) => {
                let refs: Vec<String> = cells
                    .iter()
                    .map(|(row, col, _)| t3_total::reference(&county.sheet, *row, *col))
                    .collect();
                let sum: f64 = cells.iter().map(|c| c.2).sum();
                let formula = Formula::new(format!("={}", refs.join("+")))
                    .set_result(crate::model::format_value(f.kind, sum));
                ws.write_formula_with_format(y, figure_col(k), formula, st.total(f.kind))?;
            }
            None => {
                let sum: f64 = values.iter().flatten().sum();
                sum_col(ws, figure_col(k), f.kind, sum)?;
            }
        }
        if blanks > 0 {
            let note = format!(
                "{blanks} 份报告此项为空（未能读取或没有此表）；合计取自“{}”表，含这些报告已读取的单元格",
                county.sheet
            );
            ws.insert_note(y, figure_col(k), &style::note(&note))?;
        }
    }
    ws.write_blank(y, figure_col(figures.len()), &st.total_label)?;
    Ok(())
}

/// Sets the columns' widths; returns them, column by column.
fn set_widths(
    ws: &mut Worksheet,
    widths: &ColumnWidths,
    figures: &[Figure],
    file_col: u16,
) -> Result<Vec<f64>, XlsxError> {
    let mut out = vec![
        widths.width(0, 14.0, 40.0),
        widths.width(LEVEL_COL, 6.0, 10.0),
        6.5,
        widths.width(3, 9.0, 16.0),
        widths.width(4, 11.5, 20.0),
        6.5,
        6.5,
    ];
    let mut header_lines = 1;
    for (k, f) in figures.iter().enumerate() {
        let width = widths.width(figure_col(k), FIGURE_WIDTH.0, FIGURE_WIDTH.1);
        out.push(width);
        header_lines = header_lines.max(style::lines_needed(&f.header, width));
    }
    out.push(widths.width(file_col, 10.0, 36.0));
    for (col, w) in out.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    // Wrapped figure headers need a taller second row; group names may take two lines.
    ws.set_row_height(0, style::height_for_lines(2))?;
    ws.set_row_height(1, style::height_for_lines(header_lines))?;
    Ok(out)
}
