//! 核查要点: the A4-landscape view of the summary a superior prints: one row per report with its
//! 层级, the text 核查结论 (so a black-and-white print keeps the meaning), the key 表三/表四
//! figures as references to the town sheets, and the rates asked for (办结率, 公开率, 复议纠错率,
//! 诉讼纠错率) as formulas. Every number is cached for readers that do not calculate. When last
//! year's report of a body is loaded too, a 上年 row under this year's gives its figures and
//! rates, left out of the 合计.

use super::counting::Left;
use super::marks::CellMarks;
use super::style::{self, Mark, Styles};
use super::t3_total::{reference, County};
use crate::format::ValueKind;
use crate::model::{Finding, Level, Report};
use crate::rules::authority::report_level;
use crate::versions::{last_year, KEY_FIGURES};
use rust_xlsxwriter::{Format, Formula, Url, Worksheet, XlsxError};
use std::collections::HashMap;

pub const SHEET: &str = "核查要点";
/// The 层级 of a body whose name names no level.
pub const UNKNOWN_LEVEL: &str = "未能判断";

/// A figure: the sum of some cells of the report's sheet.
const FIGURES: [(&str, &[&str]); KEY_FIGURES.len()] = KEY_FIGURES;

/// A rate: numerator cells over denominator cells.
const RATES: [(&str, &[&str], &[&str]); 4] = [
    (
        "办结率",
        &["T3.results_total.total"],
        &["T3.new.total", "T3.carried_in.total"],
    ),
    (
        "公开率",
        &["T3.granted.total", "T3.partial.total"],
        &["T3.results_total.total"],
    ),
    ("复议纠错率", &["T4.review.corrected"], &["T4.review.total"]),
    (
        "诉讼纠错率",
        &["T4.suit_direct.corrected", "T4.suit_after_review.corrected"],
        &["T4.suit_direct.total", "T4.suit_after_review.total"],
    ),
];

const BASIC: [(&str, f64); 5] = [
    ("机关", 30.0),
    ("层级", 8.0),
    ("年度", 6.0),
    ("发布日期", 12.0),
    ("核查结论", 9.0),
];

/// The 核查结论 of a report left out of the totals (another tier, or by the clerk).
pub const LEFT_OUT: &str = "未计入";
/// The 核查结论 of the row that gives last year's figures under this year's; the 合计 sums the
/// rows without it.
pub const PRIOR: &str = "上年";

/// 通过 / 有错误 / 仅提醒 / 已核实 (every finding answered by the clerk's review in the app), or
/// 重复未计入 for a duplicate and 未计入 for another report left out of the totals. A reviewed
/// finding no longer counts as open.
pub fn verdict(marks: &CellMarks, left: Option<Left>) -> (&'static str, Mark) {
    if left.is_some_and(Left::is_duplicate) {
        ("重复未计入", Mark::Warning)
    } else if left == Some(Left::Replaced) {
        ("已被替换", Mark::None)
    } else if left.is_some() {
        (LEFT_OUT, Mark::Warning)
    } else if marks.errors > 0 {
        ("有错误", Mark::Error)
    } else if marks.warnings > 0 {
        ("仅提醒", Mark::Warning)
    } else if marks.reviewed > 0 {
        ("已核实", Mark::None)
    } else {
        ("通过", Mark::None)
    }
}

/// The publication date as printed, with why it is marked: `2024年2月5日（逾期）` when
/// LATE_PUBLICATION fired, `（存疑）` for DATE_IMPLAUSIBLE.
pub fn published_text(r: &Report, marks: &CellMarks) -> (String, Mark) {
    let date = r.published.map(|d| d.to_string()).unwrap_or_default();
    match marks.date_flag() {
        Some(flag) => (format!("{date}（{flag}）"), Mark::Warning),
        None => (date, Mark::None),
    }
}

/// `'sheet'!E12+'sheet'!F12` and the sum, or `None` when a cell is missing from the sheet or unread.
fn cells(
    r: &Report,
    sheet: &str,
    at: &HashMap<String, (u32, u16)>,
    keys: &[&str],
) -> Option<(String, f64)> {
    let mut refs = Vec::new();
    let mut sum = 0.0;
    for k in keys {
        let (row, col) = at.get(*k)?;
        sum += r.value(k)?;
        refs.push(reference(sheet, *row, *col));
    }
    Some((refs.join("+"), sum))
}

/// The whole batch, where last year's reports are found (a sheet is of one year's reports): the
/// reports, their findings and sheet names, where each cell is on its sheet, and which of them
/// the sheet's reports are.
pub struct Batch<'a> {
    pub reports: &'a [Report],
    pub findings: &'a [Vec<Finding>],
    pub names: &'a [String],
    pub positions: &'a dyn Fn(usize) -> HashMap<String, (u32, u16)>,
    /// `members[j]`: the index in the batch of the sheet's report `j`.
    pub members: &'a [usize],
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
    county: &County,
    sheet: &str,
    all: &Batch,
) -> Result<(), XlsxError> {
    let mut col = 0u16;
    for (h, w) in BASIC {
        ws.write_string_with_format(0, col, h, &st.header)?;
        ws.set_column_width(col, w)?;
        col += 1;
    }
    for (h, _) in FIGURES {
        ws.write_string_with_format(0, col, h, &st.header)?;
        ws.set_column_width(col, 7.5)?;
        col += 1;
    }
    for (h, _, _) in RATES {
        ws.write_string_with_format(0, col, h, &st.header)?;
        ws.set_column_width(col, 8.0)?;
        col += 1;
    }
    for (h, w) in [("错误", 5.0), ("提醒", 5.0)] {
        ws.write_string_with_format(0, col, h, &st.header)?;
        ws.set_column_width(col, w)?;
        col += 1;
    }
    ws.set_row_height(0, style::height_for_lines(2))?;
    let percent = st.cell.clone().set_num_format("0.0%");
    let mut order: Vec<usize> = (0..reports.len()).collect();
    // Counted reports first, those left out last.
    order.sort_by_key(|&i| left.get(i).copied().flatten().is_some());
    let counted = order
        .iter()
        .filter(|&&i| left.get(i).copied().flatten().is_none())
        .count();
    let marks: Vec<CellMarks> = (0..reports.len())
        .map(|i| CellMarks::for_report(&reports[i], &findings[i]))
        .collect();
    let (errors, warnings) = order[..counted].iter().fold((0, 0), |(e, w), &i| {
        (e + marks[i].errors, w + marks[i].warnings)
    });
    let mut sums = [0.0; FIGURES.len()];
    let refs: Vec<&Report> = all.reports.iter().collect();
    let mut y = 1u32;
    let mut total_row = None;
    let mut priors = false;
    for (k, &i) in order.iter().enumerate() {
        // The 合计 row sits under the counted reports, above those left out.
        if k == counted {
            total_row = Some(y);
            y += 1;
        }
        let town = Town {
            r: &reports[i],
            marks: &marks[i],
            left: left.get(i).copied().flatten(),
            sheet: &names[i],
            prior: false,
        };
        let values = row(ws, st, &percent, y, &town, &positions(i))?;
        y += 1;
        if k >= counted {
            continue;
        }
        for (sum, v) in sums.iter_mut().zip(values) {
            *sum += v;
        }
        let member = all.members.get(i).copied();
        if let Some(j) = member.and_then(|m| last_year(&refs, m)) {
            let prior_marks = CellMarks::for_report(&all.reports[j], &all.findings[j]);
            let town = Town {
                r: &all.reports[j],
                marks: &prior_marks,
                left: None,
                sheet: &all.names[j],
                prior: true,
            };
            row(ws, st, &percent, y, &town, &(all.positions)(j))?;
            priors = true;
            y += 1;
        }
    }
    let at = Totals {
        row: total_row.unwrap_or(y),
        counted,
        priors,
    };
    totals(ws, st, &percent, &at, county, &sums, (errors, warnings))?;
    ws.set_freeze_panes(1, 1)?;
    // One row per report on A4 landscape, one page wide: the columns fit at 91 % (10 pt), the
    // header row on every page.
    ws.set_repeat_rows(0, 0)?;
    style::print_setup(ws, sheet, style::Orientation::Landscape, style::Fit::Width);
    Ok(())
}

/// Where the 合计 row is: under `counted` reports, with or without 上年 rows among them.
struct Totals {
    row: u32,
    counted: usize,
    priors: bool,
}

/// 合计 of the counted reports (the rows above it, without the 上年 rows): each figure a SUM of
/// its column, each rate from the county tables (县级汇总), so it is the county's rate, not an
/// average of rates.
fn totals(
    ws: &mut Worksheet,
    st: &Styles,
    percent: &Format,
    at: &Totals,
    county: &County,
    sums: &[f64; FIGURES.len()],
    (errors, warnings): (usize, usize),
) -> Result<(), XlsxError> {
    let (y, counted) = (at.row, at.counted);
    let verdicts = rust_xlsxwriter::utility::column_number_to_name(4);
    ws.write_string_with_format(y, 0, format!("合计（{counted} 份）"), &st.total_label)?;
    for c in 1..BASIC.len() as u16 {
        ws.write_blank(y, c, &st.total_label)?;
    }
    let sum = |ws: &mut Worksheet, col: u16, value: f64| {
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        let text = if at.priors {
            format!("=SUMIF(${verdicts}$2:${verdicts}${y},\"<>{PRIOR}\",{letter}2:{letter}{y})")
        } else {
            format!("=SUM({letter}2:{letter}{y})")
        };
        let formula =
            Formula::new(text).set_result(crate::model::format_value(ValueKind::Count, value));
        ws.write_formula_with_format(y, col, formula, st.total(ValueKind::Count))
            .map(|_| ())
    };
    let mut col = BASIC.len() as u16;
    for value in sums {
        sum(ws, col, *value)?;
        col += 1;
    }
    let refs = |keys: &[&str]| -> Option<(String, f64)> {
        let cells: Option<Vec<&(u32, u16, f64)>> =
            keys.iter().map(|k| county.cells.get(*k)).collect();
        let cells = cells?;
        let text: Vec<String> = cells
            .iter()
            .map(|(r, c, _)| reference(&county.sheet, *r, *c))
            .collect();
        Some((text.join("+"), cells.iter().map(|c| c.2).sum()))
    };
    let total = percent.clone().set_bold();
    for (_, top, bottom) in RATES {
        match (refs(top), refs(bottom)) {
            (Some((t, a)), Some((b, d))) if d > 0.0 => {
                let formula = Formula::new(format!("=IFERROR(({t})/({b}),\"\")"))
                    .set_result(format!("{}", a / d));
                ws.write_formula_with_format(y, col, formula, &total)?
            }
            _ => ws.write_blank(y, col, &st.total_label)?,
        };
        col += 1;
    }
    sum(ws, col, errors as f64)?;
    sum(ws, col + 1, warnings as f64)?;
    Ok(())
}

/// One report's row: the report, its findings and where its sheet is.
struct Town<'a> {
    r: &'a Report,
    marks: &'a CellMarks<'a>,
    left: Option<Left>,
    sheet: &'a str,
    /// Last year's report, on the row under this year's.
    prior: bool,
}

fn row(
    ws: &mut Worksheet,
    st: &Styles,
    percent: &Format,
    y: u32,
    town: &Town,
    at: &HashMap<String, (u32, u16)>,
) -> Result<[f64; FIGURES.len()], XlsxError> {
    let (r, marks, sheet) = (town.r, town.marks, town.sheet);
    let mut values = [0.0; FIGURES.len()];
    // Last year's row is set apart by words (上年) and italics, which a grey print keeps.
    let muted = st
        .cell
        .clone()
        .set_italic()
        .set_font_color(rust_xlsxwriter::Color::RGB(0x40_40_40))
        .set_num_format(style::number_format(ValueKind::Count));
    let muted_percent = muted.clone().set_num_format("0.0%");
    let name = match (town.prior, r.year) {
        (true, Some(year)) => format!("　上年（{year} 年度）"),
        (true, None) => "　上年".to_string(),
        (false, _) => r.agency.clone().unwrap_or_else(|| sheet.to_string()),
    };
    let link = Url::new(format!("internal:'{}'!A1", sheet.replace('\'', "''"))).set_text(&name);
    let link_format = if town.prior {
        &muted
    } else {
        &st.link[marks.overall() as usize]
    };
    ws.write_url_with_format(y, 0, link, link_format)?;
    let lines = style::lines_needed(&name, BASIC[0].1);
    if lines > 1 {
        ws.set_row_height(y, style::height_for_lines(lines))?;
    }
    let level = report_level(r).map_or(UNKNOWN_LEVEL, Level::label);
    ws.write_string_with_format(y, 1, if town.prior { "" } else { level }, &st.centered)?;
    match r.year {
        Some(year) => ws.write_number_with_format(y, 2, f64::from(year), &st.centered)?,
        None => ws.write_blank(y, 2, &st.centered)?,
    };
    let (published, date_mark) = published_text(r, marks);
    ws.write_string_with_format(y, 3, &published, st.text(date_mark))?;
    let (word, mark) = verdict(marks, town.left);
    if town.prior {
        ws.write_string_with_format(y, 4, PRIOR, &muted)?;
    } else {
        ws.write_string_with_format(y, 4, word, st.text(mark))?;
    }
    let figure_format = if town.prior {
        &muted
    } else {
        st.value(ValueKind::Count, Mark::None, false)
    };
    let mut col = BASIC.len() as u16;
    for (k, (_, keys)) in FIGURES.iter().enumerate() {
        match cells(r, sheet, at, keys) {
            Some((f, sum)) => {
                values[k] = sum;
                let formula = Formula::new(format!("={f}"))
                    .set_result(crate::model::format_value(ValueKind::Count, sum));
                ws.write_formula_with_format(y, col, formula, figure_format)?
            }
            None => ws.write_blank(y, col, &st.cell)?,
        };
        col += 1;
    }
    for (_, top, bottom) in RATES {
        match (cells(r, sheet, at, top), cells(r, sheet, at, bottom)) {
            (Some((t, a)), Some((b, d))) if d > 0.0 => {
                let formula = Formula::new(format!("=IFERROR(({t})/({b}),\"\")"))
                    .set_result(format!("{}", a / d));
                let format = if town.prior { &muted_percent } else { percent };
                ws.write_formula_with_format(y, col, formula, format)?
            }
            _ => ws.write_blank(y, col, &st.cell)?,
        };
        col += 1;
    }
    for (n, m) in [(marks.errors, Mark::Error), (marks.warnings, Mark::Warning)] {
        if town.prior {
            ws.write_blank(y, col, &st.cell)?;
        } else {
            let mark = if n > 0 { m } else { Mark::None };
            let format = st.value(ValueKind::Count, mark, false);
            ws.write_number_with_format(y, col, n as f64, format)?;
        }
        col += 1;
    }
    Ok(values)
}
