//! 说明: the cover sheet a superior reads first. What the workbook covers (years), who checked it
//! and when, with which tool, and every file given accounted for: read, unreadable (with the
//! reason), a duplicate not counted (with the one counted instead), or left out for another reason
//! (a body of another tier, the clerk's choice). The counts add up to the
//! files received. Then the legend of colours and status words.

use super::counting::Left;
use super::inputs::{Batch, Unreadable};
use super::key_figures::{LEFT_OUT, UNKNOWN_LEVEL};
use super::style::{self, Mark, Styles};
use crate::model::file_name;
use crate::model::{Level, Report};
use crate::rules::authority::report_level;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub const SHEET: &str = "说明";
const OTHERS_LABEL: &str = "其他未计入";
/// Sheet columns: a narrow label column and a wide text column, the lists use four.
const WIDTHS: [f64; 4] = [26.0, 10.0, 34.0, 34.0];

/// How the files given were used; `received = read + unreadable` and
/// `read = counted + duplicates + others` (`others`: left out as of another tier or by the clerk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub received: usize,
    pub read: usize,
    pub unreadable: usize,
    pub duplicates: usize,
    pub others: usize,
    pub counted: usize,
}

impl Counts {
    /// From what counting.rs decided for each report read.
    pub fn new(left: &[Option<Left>], unreadable: usize) -> Counts {
        let duplicates = left.iter().flatten().filter(|l| l.is_duplicate()).count();
        let others = left.iter().flatten().count() - duplicates;
        Counts {
            received: left.len() + unreadable,
            read: left.len(),
            unreadable,
            duplicates,
            others,
            counted: left.len() - duplicates - others,
        }
    }
}

/// The years the reports are about, in order: `2023` or `2022、2023`.
pub fn years_text(reports: &[Report]) -> String {
    let mut years: Vec<i32> = reports.iter().filter_map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// `2023 年度政府信息公开工作年度报告汇总核查表`.
pub fn title(reports: &[Report]) -> String {
    let years = years_text(reports);
    if years.is_empty() {
        "政府信息公开工作年度报告汇总核查表".to_string()
    } else {
        format!("{years} 年度政府信息公开工作年度报告汇总核查表")
    }
}

/// The name a report goes by in lists: its body, else its sheet name.
fn name_of(r: &Report, sheet: &str) -> String {
    r.agency.clone().unwrap_or_else(|| sheet.to_string())
}

pub fn write(
    ws: &mut Worksheet,
    st: &Styles,
    batch: &Batch,
    left: &[Option<Left>],
    names: &[String],
) -> Result<Counts, XlsxError> {
    let reports = batch.reports;
    let counts = Counts::new(left, batch.unreadable.len());
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let last = WIDTHS.len() as u16 - 1;
    ws.merge_range(0, 0, 0, last, &title(reports), &st.title)?;
    ws.set_row_height(0, 24)?;
    let date = batch
        .options
        .date
        .or_else(super::inputs::today)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let reviewer = batch.options.reviewer.clone().unwrap_or_default();
    let facts: [(&str, String); 4] = [
        ("报告年度", non_empty(years_text(reports), "未能识别")),
        ("导出日期", date),
        ("核查人", reviewer),
        (
            "工具版本",
            format!("年报核查 {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    let mut y = 2;
    for (label, value) in facts {
        ws.write_string_with_format(y, 0, label, &st.header)?;
        ws.merge_range(y, 1, y, last, &value, &st.cell)?;
        y += 1;
    }
    y += 1;
    y = counts_block(ws, st, y, &counts)?;
    y += 1;
    y = unreadable_block(ws, st, y, batch.unreadable)?;
    y += 1;
    y = duplicates_block(ws, st, y, reports, left, names)?;
    y += 1;
    y = left_out_block(ws, st, y, reports, left, names)?;
    y += 1;
    legend(ws, st, y)?;
    // Portrait, one page wide: its four columns print at 95 % (10.5 pt).
    style::print_setup(ws, SHEET, style::Orientation::Portrait, style::Fit::Width);
    Ok(counts)
}

fn non_empty(s: String, instead: &str) -> String {
    if s.is_empty() {
        instead.to_string()
    } else {
        s
    }
}

fn counts_block(ws: &mut Worksheet, st: &Styles, top: u32, c: &Counts) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, "文件统计", &st.caption)?;
    let rows: [(&str, usize, String); 6] = [
        ("收到文件", c.received, "本次导出给出的全部文件".into()),
        ("读取成功", c.read, "每份一个工作表".into()),
        ("无法读取", c.unreadable, "见下方“无法读取的文件”".into()),
        (
            "重复未计入",
            c.duplicates,
            "同一机关同一年度的另一份报告，已列出但不计入合计".into(),
        ),
        (
            OTHERS_LABEL,
            c.others,
            "其他层级的机关或核查人选择不计入的报告，已列出但不计入合计".into(),
        ),
        (
            "计入汇总",
            c.counted,
            format!(
                "收到 {} 份 = 计入 {} 份 + 重复 {} 份 + 其他未计入 {} 份 + 无法读取 {} 份",
                c.received, c.counted, c.duplicates, c.others, c.unreadable
            ),
        ),
    ];
    let mut y = top + 1;
    for (label, n, note) in rows {
        ws.write_string_with_format(y, 0, label, &st.header)?;
        ws.write_number_with_format(y, 1, n as f64, &st.centered)?;
        ws.merge_range(y, 2, y, 3, &note, st.text(Mark::None))?;
        y += 1;
    }
    Ok(y)
}

fn unreadable_block(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    files: &[Unreadable],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, "无法读取的文件", &st.caption)?;
    let mut y = top + 1;
    if files.is_empty() {
        ws.merge_range(y, 0, y, 3, "无", st.text(Mark::None))?;
        return Ok(y + 1);
    }
    ws.merge_range(y, 0, y, 1, "文件", &st.header)?;
    ws.merge_range(y, 2, y, 3, "原因", &st.header)?;
    y += 1;
    for f in files {
        // The base name, or the whole path where another file has the same base name.
        let shared = files
            .iter()
            .filter(|g| file_name(&g.file) == file_name(&f.file))
            .count()
            > 1;
        let name = if shared {
            f.file.clone()
        } else {
            file_name(&f.file)
        };
        ws.merge_range(y, 0, y, 1, &name, st.text(Mark::Error))?;
        ws.merge_range(y, 2, y, 3, &f.reason, st.text(Mark::None))?;
        let lines = style::lines_needed(&f.reason, WIDTHS[2] + WIDTHS[3])
            .max(style::lines_needed(&name, WIDTHS[0] + WIDTHS[1]));
        if lines > 1 {
            ws.set_row_height(y, style::height_for_lines(lines))?;
        }
        y += 1;
    }
    Ok(y)
}

fn duplicates_block(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    reports: &[Report],
    left: &[Option<Left>],
    names: &[String],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, "重复的报告", &st.caption)?;
    let mut y = top + 1;
    let pairs: Vec<(usize, usize)> = left
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l {
            Some(Left::Duplicate { kept }) => Some((i, *kept)),
            _ => None,
        })
        .collect();
    if pairs.is_empty() {
        ws.merge_range(y, 0, y, 3, "无", st.text(Mark::None))?;
        return Ok(y + 1);
    }
    for (c, h) in ["机关", "年度", "计入的文件", "未计入的文件"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(y, c as u16, *h, &st.header)?;
    }
    y += 1;
    for (skipped, kept) in pairs {
        let r = &reports[skipped];
        let name = name_of(r, &names[skipped]);
        let year = r.year.map(|y| y.to_string()).unwrap_or_default();
        let texts = [
            name,
            year,
            file_name(&reports[kept].file),
            file_name(&r.file),
        ];
        list_row(ws, st, y, &texts)?;
        y += 1;
    }
    Ok(y)
}

/// Reports of another tier or left out by the clerk: listed with why, so no figure is missed.
fn left_out_block(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    reports: &[Report],
    left: &[Option<Left>],
    names: &[String],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, "其他未计入合计的报告", &st.caption)?;
    let mut y = top + 1;
    let rows: Vec<(usize, Left)> = left
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.filter(|l| !l.is_duplicate()).map(|l| (i, l)))
        .collect();
    if rows.is_empty() {
        ws.merge_range(y, 0, y, 3, "无", st.text(Mark::None))?;
        return Ok(y + 1);
    }
    for (c, h) in ["机关", "层级", "文件", "原因"].iter().enumerate() {
        ws.write_string_with_format(y, c as u16, *h, &st.header)?;
    }
    y += 1;
    for (i, l) in rows {
        let r = &reports[i];
        let level = report_level(r).map_or(UNKNOWN_LEVEL, Level::label);
        let texts = [
            name_of(r, &names[i]),
            level.to_string(),
            file_name(&r.file),
            l.reason(reports),
        ];
        list_row(ws, st, y, &texts)?;
        y += 1;
    }
    Ok(y)
}

/// A row of the lists of reports not counted: four texts, the last (why, or the file not
/// counted) marked as a warning; as tall as its longest text needs.
fn list_row(ws: &mut Worksheet, st: &Styles, y: u32, texts: &[String; 4]) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, t) in texts.iter().enumerate() {
        let mark = if c == 3 { Mark::Warning } else { Mark::None };
        ws.write_string_with_format(y, c as u16, t, st.text(mark))?;
        lines = lines.max(style::lines_needed(t, WIDTHS[c]));
    }
    if lines > 1 {
        ws.set_row_height(y, style::height_for_lines(lines))?;
    }
    Ok(())
}

/// The colours and the words of the 核查结论 column, each shown in the format it explains, so that
/// a black-and-white print still has the words.
fn legend(ws: &mut Worksheet, st: &Styles, top: u32) -> Result<u32, XlsxError> {
    ws.write_string_with_format(top, 0, "图例", &st.caption)?;
    let rows: [(&str, &rust_xlsxwriter::Format, &str); 13] = [
        (
            "红色底",
            st.text(Mark::Error),
            "未通过核查的数字（批注和问题清单说明原因）",
        ),
        ("黄色底", st.text(Mark::Warning), "提醒：请人工确认的数字"),
        (
            "蓝色斜体",
            &st.legend_edited,
            "核查人手工修改过的数字（批注中有原值）",
        ),
        ("空白", st.text(Mark::None), "未能读取，不按 0 计"),
        ("通过", st.text(Mark::None), "核查结论：未发现问题"),
        ("有错误", st.text(Mark::Error), "核查结论：至少一项错误"),
        (
            "仅提醒",
            st.text(Mark::Warning),
            "核查结论：没有错误，只有提醒",
        ),
        (
            "无法读取",
            st.text(Mark::Error),
            "核查结论：文件未能读取，未计入",
        ),
        (
            "已核实",
            st.text(Mark::None),
            "核查结论：每个问题都已由核查人核实（已核实无误或不适用），见问题清单“核实情况”",
        ),
        (
            "重复未计入",
            st.text(Mark::Warning),
            "核查结论：同一机关同一年度的另一份报告，未计入合计",
        ),
        (
            LEFT_OUT,
            st.text(Mark::Warning),
            "核查结论：其他层级的机关（如乡镇中的市级机关）或核查人选择不计入，已列出但未计入合计",
        ),
        (
            "（逾期）",
            st.text(Mark::Warning),
            "发布日期晚于公布期限；（存疑）：日期与报告年度不符",
        ),
        (
            "（旧版）",
            st.text(Mark::Warning),
            "格式版本：应使用 2021 年新格式，报告仍用 2019 年版",
        ),
    ];
    let mut y = top + 1;
    for (word, fmt, meaning) in rows {
        ws.write_string_with_format(y, 0, word, fmt)?;
        ws.merge_range(y, 1, y, 3, meaning, st.text(Mark::None))?;
        y += 1;
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_to_the_files_received() {
        let left = [
            None,
            Some(Left::Duplicate { kept: 0 }),
            Some(Left::ByClerk),
            None,
            Some(Left::Duplicate { kept: 3 }),
        ];
        let c = Counts::new(&left, 3);
        assert_eq!(
            c.received,
            c.counted + c.duplicates + c.others + c.unreadable
        );
        assert_eq!((c.received, c.read, c.counted, c.others), (8, 5, 2, 1));
    }

    #[test]
    fn the_title_names_the_years() {
        let mut a = Report::empty("a", crate::model::FileKind::Text, String::new());
        assert_eq!(
            title(std::slice::from_ref(&a)),
            "政府信息公开工作年度报告汇总核查表"
        );
        a.year = Some(2023);
        let mut b = a.clone();
        b.year = Some(2022);
        assert_eq!(
            title(&[a, b]),
            "2022、2023 年度政府信息公开工作年度报告汇总核查表"
        );
    }
}
