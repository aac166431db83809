//! Is everything there? CELL_MISSING, VALUE_IMPLIED, TABLE_MISSING, SECTION_MISSING,
//! SECTION_EMPTY, FORMAT_OBSOLETE, YEAR_MISSING.

use super::names::{group_name, row_name, table_name};
use crate::format::{self, CellDef, FormatVersion, TableId, SECTIONS};
use crate::model::{CellState, Finding, Report, Severity, UnplacedRow, YearSource};
use crate::rules::Rule;
use std::collections::BTreeSet;

/// How many rows a VALUE_IMPLIED message lists before saying 等.
const ROWS_LISTED: usize = 3;

pub fn check(report: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(table_missing(report));
    out.extend(cell_missing(report));
    out.extend(value_implied(report));
    out.extend(section_missing(report));
    out.extend(section_empty(report));
    out.extend(super::headings::heading_misnumbered(report));
    out.extend(format_obsolete(report));
    out.extend(year_missing(report));
    out
}

/// The cells of the tables the report has, grouped by row, in printed order.
fn rows_of_present_tables(report: &Report) -> Vec<Vec<CellDef>> {
    let mut rows: Vec<Vec<CellDef>> = Vec::new();
    for t in TableId::ALL.into_iter().filter(|t| report.has_table(*t)) {
        for row in report.printed_rows(t) {
            rows.push(
                row.columns
                    .iter()
                    .map(|column| CellDef {
                        table: t,
                        row,
                        column,
                    })
                    .collect(),
            );
        }
    }
    rows
}

/// `表三“一、本年新收政府信息公开申请数量”行` / `表四“行政复议”`
fn row_place(def: &CellDef) -> String {
    match def.table {
        TableId::T4 => format!("表四“{}”", group_name(def.row)),
        t => format!("{}“{}”行", table_name(t), row_name(def.row)),
    }
}

fn labels(defs: &[&CellDef]) -> String {
    defs.iter()
        .map(|d| d.column.label)
        .collect::<Vec<_>>()
        .join("、")
}

/// TABLE_MISSING: one of 表二、表三、表四 was not found.
fn table_missing(report: &Report) -> Vec<Finding> {
    TableId::ALL
        .into_iter()
        .filter(|t| !report.has_table(*t))
        .map(|t| {
            Finding::new(
                Rule::TableMissing,
                Severity::Error,
                format!("报告中没有找到{}“{}”。", table_name(t), t.title()),
            )
        })
        .collect()
}

/// CELL_MISSING for a table so much of which was lost that nothing of it was deduced
/// (`report.withheld`): one finding for all its missing cells, saying which part is lost.
fn lost_part(
    t: TableId,
    rows: &[&Vec<CellDef>],
    missing: impl Fn(&str) -> bool,
) -> Option<Finding> {
    let lost: Vec<bool> = rows
        .iter()
        .map(|r| r.iter().any(|d| missing(&d.key())))
        .collect();
    let first = lost.iter().position(|&l| l)?;
    let last = lost.iter().rposition(|&l| l)?;
    let one_block = lost[first..=last].iter().all(|&l| l);
    let part = match (one_block, first == 0, last + 1 == lost.len()) {
        (true, true, false) => "前半部分",
        (true, false, true) => "后半部分",
        (true, true, true) => "各行",
        _ => "部分行",
    };
    let keys: Vec<String> = rows
        .iter()
        .flat_map(|r| r.iter().map(CellDef::key))
        .filter(|k| missing(k))
        .collect();
    let row_count = lost.iter().filter(|&&l| l).count();
    Some(
        Finding::new(
            Rule::CellMissing,
            Severity::Error,
            format!(
                "{}{part}未能读出（可能是页面缺失或扫描不全），请核对原件。共 {row_count} 行 {} 格没有读到；\
                 缺得太多，程序不由合计推算这些格（否则表内的加总检查就失去意义）。",
                table_name(t),
                keys.len()
            ),
        )
        .with_cells(keys),
    )
}

/// CELL_MISSING: a cell of a present table that could not be read — one finding per row. Cells an
/// `Absent` state leaves empty in a present table count too: the report should have them. Worked
/// out from the cells' states, so a cell the clerk fills (or the arithmetic deduces) clears it.
fn cell_missing(report: &Report) -> Vec<Finding> {
    let is_missing = |key: &str| {
        report
            .cell(key)
            .is_some_and(|c| matches!(c.state, CellState::Missing | CellState::Absent))
    };
    let mut out: Vec<Finding> = report
        .unplaced
        .iter()
        .filter_map(|row| unplaced_missing(row, &is_missing))
        .collect();
    let covered: BTreeSet<&str> = report
        .unplaced
        .iter()
        .flat_map(|r| r.keys.iter().map(String::as_str))
        .collect();
    let rows = rows_of_present_tables(report);
    for &t in &report.withheld {
        let of_table: Vec<&Vec<CellDef>> = rows.iter().filter(|r| r[0].table == t).collect();
        out.extend(lost_part(t, &of_table, |k| {
            !covered.contains(k) && is_missing(k)
        }));
    }
    out.extend(rows.iter().filter_map(|row| {
        if report.withheld.contains(&row.first()?.table) {
            return None;
        }
        let missing: Vec<&CellDef> = row
            .iter()
            .filter(|d| {
                let key = d.key();
                !covered.contains(key.as_str()) && is_missing(&key)
            })
            .collect();
        let first = missing.first()?;
        Some(
            Finding::new(
                Rule::CellMissing,
                Severity::Error,
                format!(
                    "{}有 {} 格未能读出（{}），请对照原文补填。",
                    row_place(first),
                    missing.len(),
                    labels(&missing)
                ),
            )
            .with_cells(missing.iter().map(|d| d.key())),
        )
    }));
    out
}

/// CELL_MISSING for a row whose numbers could not be placed in its columns: what was read, and
/// which of its cells are still empty.
fn unplaced_missing(row: &UnplacedRow, is_missing: &dyn Fn(&str) -> bool) -> Option<Finding> {
    let missing: Vec<&String> = row.keys.iter().filter(|k| is_missing(k)).collect();
    let first = format::cell_def(missing.first()?)?;
    let got = if row.values.len() > row.keys.len() {
        "却读到了"
    } else {
        "只能读到"
    };
    let read = row.raw.join(" ");
    let (place, what, unused) = match first.table {
        TableId::T4 => (
            "表四".to_string(),
            "（行政复议、未经复议直接起诉、复议后起诉各 5 个）",
            "表四",
        ),
        _ => (row_place(&first), "", "本行"),
    };
    let mut message = if row.values.len() == row.keys.len() {
        // As many numbers as cells, but printed in pieces between header words (text copied out
        // of a PDF viewer), so their order is not the columns' order.
        format!(
            "{place}读到 {} 个数（{read}），但它们夹在表头文字之间，顺序与各列不对应（常见于从 PDF 复制出的文字），无法确定每个数属于哪一列，{unused}未采用，请对照原文填写。",
            row.values.len(),
        )
    } else {
        format!(
            "{place}应有 {} 个数{what}，{got} {} 个（{read}），无法确定每个数属于哪一列，{unused}未采用，请对照原文填写。",
            row.keys.len(),
            row.values.len(),
        )
    };
    if missing.len() < row.keys.len() {
        let defs: Vec<CellDef> = missing.iter().filter_map(|k| format::cell_def(k)).collect();
        let refs: Vec<&CellDef> = defs.iter().collect();
        message.push_str(&format!(
            "尚有 {} 格未填（{}）。",
            missing.len(),
            labels(&refs)
        ));
    }
    if !row.context.is_empty() {
        message.push_str(&format!("原文：{}", row.context));
    }
    Some(
        Finding::new(Rule::CellMissing, Severity::Error, message)
            .with_cells(missing.into_iter().cloned()),
    )
}

/// VALUE_IMPLIED: blanks and dashes read as 0 — one finding per table, naming the rows.
fn value_implied(report: &Report) -> Vec<Finding> {
    let rows = rows_of_present_tables(report);
    TableId::ALL
        .into_iter()
        .filter_map(|t| {
            let implied: Vec<Vec<&CellDef>> = rows
                .iter()
                .filter(|row| row[0].table == t)
                .map(|row| {
                    row.iter()
                        .filter(|d| {
                            report
                                .cell(&d.key())
                                .is_some_and(|c| c.state == CellState::Implied)
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|r| !r.is_empty())
                .collect();
            implied_finding(t, &implied)
        })
        .collect()
}

fn implied_finding(t: TableId, rows: &[Vec<&CellDef>]) -> Option<Finding> {
    let count: usize = rows.iter().map(Vec::len).sum();
    if count == 0 {
        return None;
    }
    let mut listed: Vec<String> = rows
        .iter()
        .take(ROWS_LISTED)
        .map(|r| format!("{}（{}）", place_in_table(r[0]), labels(r)))
        .collect();
    if rows.len() > ROWS_LISTED {
        listed.push("等".to_string());
    }
    let message = format!(
        "{}有 {count} 格是空白或“—”“无”等符号，已按 0 计算：{}。如实际不是 0，请改正。",
        table_name(t),
        listed.join("；")
    );
    Some(
        Finding::new(Rule::ValueImplied, Severity::Warning, message)
            .with_cells(rows.iter().flatten().map(|d| d.key())),
    )
}

fn place_in_table(def: &CellDef) -> String {
    match def.table {
        TableId::T4 => format!("“{}”", group_name(def.row)),
        _ => format!("“{}”行", row_name(def.row)),
    }
}

/// SECTION_MISSING: one of the six parts 一…六 was not found.
fn section_missing(report: &Report) -> Vec<Finding> {
    // A section found under a wrong numeral is there: HEADING_MISNUMBERED names it.
    let misnumbered: Vec<u8> = super::headings::misnumbered(report)
        .iter()
        .map(|h| h.section.number)
        .collect();
    SECTIONS
        .iter()
        .filter(|def| report.section(def.number).is_none() && !misnumbered.contains(&def.number))
        .filter(|def| !heading_lost_on_scan(report, def.number))
        .map(|def| {
            Finding::new(
                Rule::SectionMissing,
                Severity::Warning,
                format!(
                    "报告中没有找到第{}部分“{}”。{}",
                    def.numeral,
                    def.title,
                    if report.ocr.is_empty() {
                        ""
                    } else {
                        "这是扫描件，也可能是这一标题没有识别出来，请对照原件。"
                    }
                ),
            )
        })
        .collect()
}

/// A part whose table was read from a page image is there even when its heading was not found:
/// on a photo the OCR can run a short heading into the line above it (`…规范发布。三、收到和处理…`).
fn heading_lost_on_scan(report: &Report, section: u8) -> bool {
    !report.ocr.is_empty() && report.tables.iter().any(|t| t.section() == section)
}

/// SECTION_EMPTY: section 五 or 六 has its heading but says nothing, or only 无 / 暂无.
fn section_empty(report: &Report) -> Vec<Finding> {
    [5u8, 6]
        .into_iter()
        .filter_map(|n| {
            let section = report.section(n)?;
            let body = report.text.get(section.body.clone())?;
            let said = says_nothing(body)?;
            let def = SECTIONS.iter().find(|d| d.number == n)?;
            let message = match said {
                "" => format!("第{}部分“{}”只有标题，没有内容。", def.numeral, def.title),
                word => format!(
                    "第{}部分“{}”只写了“{word}”，没有具体内容。{}",
                    def.numeral,
                    def.title,
                    if n == 5 {
                        "考核要求如实写明存在的问题和改进措施。"
                    } else {
                        "没有其他事项时也应写明，例如是否收取信息处理费。"
                    }
                ),
            };
            Some(
                Finding::new(Rule::SectionEmpty, Severity::Warning, message)
                    .with_span(section.span.clone()),
            )
        })
        .collect()
}

/// What a body that says nothing has in words: nothing, 略 (omitted), 无 or 暂无. `None` when
/// it says something.
fn says_nothing(body: &str) -> Option<&'static str> {
    let words: String = body.chars().filter(|c| c.is_alphanumeric()).collect();
    ["", "略", "无", "暂无"].into_iter().find(|w| words == *w)
}

/// FORMAT_OBSOLETE: 2019 tables in a report for 2021 or later.
fn format_obsolete(report: &Report) -> Option<Finding> {
    let year = report.year?;
    (report.format_version == Some(FormatVersion::V2019) && year >= 2021).then(|| {
        Finding::new(
            Rule::FormatObsolete,
            Severity::Warning,
            format!(
                "这是 {year} 年度的报告，但表格仍用 2019 年的旧格式（国办公开办函〔2019〕60号）。\
                 2021 年度起应使用新格式（国办公开办函〔2021〕30号）。"
            ),
        )
    })
}

/// YEAR_MISSING: neither the title nor the statistics period states the year. The message says
/// where the year was taken from instead.
fn year_missing(report: &Report) -> Option<Finding> {
    let message = match (report.year, report.year_inferred) {
        (None, _) => {
            "标题和统计期限中都没有找到报告年度，请在标题中写明是哪一年的报告。".to_string()
        }
        (Some(y), true) => format!(
            "标题和统计期限中没有写明报告年度，已根据{}推定为 {y} 年，请核实并在标题中写明。",
            year_source(report, y)
        ),
        (Some(_), false) => return None,
    };
    Some(Finding::new(Rule::YearMissing, Severity::Warning, message))
}

/// Where an inferred year came from, in words.
fn year_source(report: &Report, year: i32) -> String {
    match (report.year_from, report.published) {
        (Some(YearSource::Body), _) => {
            format!("正文中对报告年度的表述（如“{year}年，……”“截至{year}年底”）")
        }
        (Some(YearSource::Date), Some(date)) => {
            format!("落款日期（{date}）的上一年（年度报告在年度结束后编写）")
        }
        (Some(YearSource::Mentions), _) => "正文中出现最多的年份".to_string(),
        _ => "报告内容".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;
    use crate::rules::testkit::{report, report21, rules, set_state, with_text};

    const FULL_TEXT: &str = "一、总体情况\n今年情况良好。\n二、主动公开政府信息情况\n表\n\
        三、收到和处理政府信息公开申请情况\n表\n四、政府信息公开行政复议、行政诉讼情况\n表\n\
        五、存在的主要问题及改进情况\n问题不少。\n六、其他需要报告的事项\n未收取信息处理费。\n";

    fn complete() -> Report {
        let mut r = with_text(report21(&[]), FULL_TEXT);
        r.year = Some(2023);
        r
    }

    #[test]
    fn a_complete_report_passes() {
        assert_eq!(check(&complete()), Vec::<Finding>::new());
    }

    #[test]
    fn missing_table_and_section_are_named() {
        let mut r = complete();
        r.tables.retain(|t| *t != TableId::T4);
        r.sections.retain(|s| s.number != 5);
        let f = check(&r);
        assert_eq!(rules(&f), ["TABLE_MISSING", "SECTION_MISSING"]);
        assert!(f[0]
            .message
            .contains("表四“四、政府信息公开行政复议、行政诉讼情况”"));
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[1].message.contains("第五部分"));
        assert_eq!(f[1].severity, Severity::Warning);
    }

    #[test]
    fn a_heading_the_ocr_lost_above_a_table_it_read_is_no_missing_part() {
        let mut r = complete();
        r.sections.retain(|s| s.number != 3 && s.number != 5);
        // A report with a text layer that lacks the heading is told so.
        let text_layer = check(&r);
        assert_eq!(rules(&text_layer), ["SECTION_MISSING", "SECTION_MISSING"]);
        // From a scan, 表三 read shows part 三 is there; part 五 has no table to show it.
        let reading = crate::model::OcrReading {
            confidence: 0.99,
            page: 2,
            bbox: [0.0; 4],
            alternatives: Vec::new(),
            unread: false,
            names_row: None,
            guess: None,
        };
        r.ocr.insert("T3.new.natural".into(), reading);
        let f = check(&r);
        assert_eq!(rules(&f), ["SECTION_MISSING"]);
        assert!(f[0].message.contains("第五部分"), "{}", f[0].message);
        assert!(
            f[0].message.contains("也可能是这一标题没有识别出来"),
            "{}",
            f[0].message
        );
        assert!(!text_layer[0].message.contains("扫描件"));
    }

    #[test]
    fn missing_cells_are_reported_per_row_and_unplaced_rows_say_what_was_read() {
        let mut r = complete();
        set_state(&mut r, "T3.unable_not_held.natural", CellState::Missing);
        set_state(&mut r, "T3.unable_not_held.total", CellState::Missing);
        // 表四 printed 14 numbers; the clerk has filled all but one of its cells since.
        set_state(&mut r, "T4.review.total", CellState::Missing);
        r.unplaced.push(UnplacedRow {
            keys: format::cells_of(TableId::T4, FormatVersion::V2021)
                .iter()
                .map(CellDef::key)
                .collect(),
            values: vec![Some(0.0); 14],
            raw: vec!["0".to_string(); 14],
            context: "0 0 0".to_string(),
        });
        let f = check(&r);
        assert_eq!(rules(&f), ["CELL_MISSING", "CELL_MISSING"]);
        assert_eq!(f[0].cells, ["T4.review.total"]);
        assert!(
            f[0].message.contains("表四应有 15 个数")
                && f[0].message.contains("只能读到 14 个")
                && f[0].message.contains("尚有 1 格未填（总计）"),
            "{}",
            f[0].message
        );
        let f = &f[1..];
        assert_eq!(
            f[0].cells,
            ["T3.unable_not_held.natural", "T3.unable_not_held.total"]
        );
        assert!(f[0].message.contains(
            "表三“（四）无法提供 1.本机关不掌握相关政府信息”行有 2 格未能读出（自然人、总计）"
        ));
    }

    #[test]
    fn cells_of_absent_tables_and_other_editions_are_not_missing() {
        let mut r = complete();
        r.tables = vec![TableId::T3];
        let f = check(&r);
        assert_eq!(rules(&f), ["TABLE_MISSING", "TABLE_MISSING"]);
    }

    #[test]
    fn implied_zeros_are_one_warning_per_table() {
        let mut r = complete();
        set_state(&mut r, "T3.new.commercial", CellState::Implied);
        set_state(&mut r, "T3.new.research", CellState::Implied);
        set_state(&mut r, "T3.granted.legal", CellState::Implied);
        set_state(&mut r, "T4.review.other", CellState::Implied);
        let f = check(&r);
        assert_eq!(rules(&f), ["VALUE_IMPLIED", "VALUE_IMPLIED"]);
        assert_eq!(f[0].cells.len(), 3);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("表三有 3 格"));
        assert!(f[0]
            .message
            .contains("“一、本年新收政府信息公开申请数量”行（商业企业、科研机构）"));
        assert!(f[1].message.contains("“行政复议”（其他结果）"));
    }

    #[test]
    fn empty_sections_five_and_six_are_flagged() {
        let text = FULL_TEXT
            .replace("问题不少。", "")
            .replace("未收取信息处理费。", "（略）");
        let mut r = with_text(report21(&[]), &text);
        r.year = Some(2023);
        let f = check(&r);
        assert_eq!(rules(&f), ["SECTION_EMPTY", "SECTION_EMPTY"]);
        assert!(f[0].message.contains("第五部分"));
        assert!(f[0].text_span.is_some());
        // 无 / 暂无 alone say nothing either; a sentence that starts with 无 says something.
        for empty in ["无。", "暂无", "（无）"] {
            let text = FULL_TEXT.replace("问题不少。", empty);
            let mut r = with_text(report21(&[]), &text);
            r.year = Some(2023);
            let f = check(&r);
            assert_eq!(rules(&f), ["SECTION_EMPTY"], "{empty}");
            assert!(f[0].message.contains("只写了“无”") || f[0].message.contains("只写了“暂无”"));
        }
        for said in [
            "无其他需要说明的问题。",
            "暂无重大问题，但信息更新不够及时。",
        ] {
            let text = FULL_TEXT.replace("问题不少。", said);
            let mut r = with_text(report21(&[]), &text);
            r.year = Some(2023);
            assert!(check(&r).is_empty(), "{said}");
        }
    }

    #[test]
    fn old_format_is_flagged_from_2021_on() {
        let mut r = with_text(report(FormatVersion::V2019, &TableId::ALL, &[]), FULL_TEXT);
        r.year = Some(2020);
        assert!(check(&r).is_empty());
        r.year = Some(2023);
        let f = check(&r);
        assert_eq!(rules(&f), ["FORMAT_OBSOLETE"]);
        assert!(f[0].message.contains("2023 年度"));
    }

    #[test]
    fn a_missing_or_inferred_year_is_flagged() {
        let mut r = complete();
        r.year = None;
        assert_eq!(rules(&check(&r)), ["YEAR_MISSING"]);
        r.year = Some(2023);
        r.year_inferred = true;
        let f = check(&r);
        assert_eq!(rules(&f), ["YEAR_MISSING"]);
        assert!(f[0].message.contains("2023 年"));
    }
}
