//! The workbook read back: calamine for every number and text, the zip itself for fills and notes.

#[path = "support/xlsx_probe.rs"]
mod xlsx_probe;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use nianbao::export::{self, cell_positions, sheet_names, workbook_bytes, write_workbook, Batch};
use nianbao::format::{self, t3, FormatVersion, TableId};
use nianbao::model::{CellState, Date, FileKind, Finding, Report, Severity};
use nianbao::rules::Rule;
use std::io::Cursor;
use xlsx_probe::Sheet;

const RED: u32 = 0xFFC7CE;
const YELLOW: u32 = 0xFFEB9C;
const BLUE: u32 = 0x1F4E9E;

/// A report of the given edition with every cell of every table filled with varied numbers.
fn filled(agency: &str, v: FormatVersion, seed: u32) -> Report {
    let mut r = Report::empty(format!("/data/{agency}.txt"), FileKind::Text, String::new());
    r.agency = Some(agency.to_string());
    r.year = Some(2023);
    r.published = Date::new(2024, 1, 20 + seed % 9);
    r.format_version = Some(v);
    r.tables = TableId::ALL.to_vec();
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    for t in TableId::ALL {
        for d in format::cells_of(t, v) {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = f64::from((x >> 16) % 40);
            let value = match d.column.kind {
                format::ValueKind::Amount => n + 0.25,
                format::ValueKind::Change => n - 20.0,
                format::ValueKind::Count => n,
            };
            let cell = r.cells.get_mut(&d.key()).expect("key");
            cell.value = Some(value);
            cell.state = CellState::Read;
        }
    }
    r
}

fn keys(ks: &[&str]) -> Vec<String> {
    ks.iter().map(|k| k.to_string()).collect()
}

fn balance(col: &str) -> Finding {
    Finding::new(
        Rule::T3Balance,
        Severity::Error,
        format!("“{col}”列：第一项加第二项之和应等于第三项加第四项之和"),
    )
    .with_cells(keys(&[
        &format!("T3.new.{col}"),
        &format!("T3.carried_in.{col}"),
        &format!("T3.results_total.{col}"),
        &format!("T3.carried_out.{col}"),
    ]))
    .with_numbers(10.0, 9.0)
}

/// Four reports: clean 2021, 2021 with errors, edits and unreadable cells, 2019, and one without
/// table 四 and no agency.
fn batch() -> (Vec<Report>, Vec<Vec<Finding>>) {
    let clean = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 1);

    let mut broken = filled("红寺堡区大河乡人民政府", FormatVersion::V2021, 2);
    broken
        .cells
        .get_mut("T3.denied_law.natural")
        .expect("key")
        .value = None;
    broken
        .cells
        .get_mut("T3.denied_law.natural")
        .expect("key")
        .state = CellState::Missing;
    let c = broken.cells.get_mut("T2.fees.amount").expect("key");
    c.value = None;
    c.state = CellState::Invalid;
    c.provenance.raw = "壹万".into();
    nianbao::edit_value(&mut broken, "T3.granted.social", Some(7.0));
    nianbao::edit_value(&mut broken, "T4.review.other", Some(1.0));
    let broken_findings = vec![
        Finding::new(
            Rule::TextTableMismatch,
            Severity::Error,
            "正文说收到 5 件申请，表三为 4 件",
        )
        .with_span(0..3),
        balance("natural"),
        Finding::new(Rule::ValueImplied, Severity::Warning, "“—”按 0 计")
            .with_cells(keys(&["T4.suit_direct.pending"])),
        Finding::new(Rule::CellMissing, Severity::Error, "未能读取")
            .with_cells(keys(&["T3.denied_law.natural"])),
        Finding::new(Rule::T4GroupTotal, Severity::Error, "行政复议总计应为 3")
            .with_cells(keys(&[
                "T4.review.upheld",
                "T4.review.corrected",
                "T4.review.other",
                "T4.review.pending",
                "T4.review.total",
            ]))
            .with_numbers(3.0, 4.0),
    ];

    let old = filled("红寺堡区太阳山镇人民政府", FormatVersion::V2019, 3);
    let old_findings = vec![Finding::new(
        Rule::FormatObsolete,
        Severity::Warning,
        "2023 年的报告仍使用 2019 版表格",
    )];

    let mut partial = filled("x", FormatVersion::V2021, 4);
    partial.agency = None;
    partial.file = "/data/柳泉乡 2023.pdf".into();
    partial.tables = vec![TableId::T2, TableId::T3];
    for d in format::cells_of(TableId::T4, FormatVersion::V2021) {
        *partial.cells.get_mut(&d.key()).expect("key") = nianbao::model::Cell::absent();
    }
    let partial_findings = vec![Finding::new(
        Rule::TableMissing,
        Severity::Error,
        "缺少表四",
    )];

    (
        vec![clean, broken, old, partial],
        vec![Vec::new(), broken_findings, old_findings, partial_findings],
    )
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn range(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).expect("sheet")
}

fn at(r: &Range<Data>, row: u32, col: u16) -> Data {
    r.get_value((row, u32::from(col)))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The row (0-based) whose column `col` holds `value`.
fn find_row(r: &Range<Data>, col: u16, value: &str) -> Option<u32> {
    let (h, _) = r.end()?;
    (0..=h).find(|&y| text(&at(r, y, col)) == value)
}

fn worst(findings: &[Finding], key: &str) -> Option<Severity> {
    findings
        .iter()
        .filter(|f| f.cells.iter().any(|k| k == key))
        .map(|f| f.severity)
        .min()
}

fn export(reports: &[Report], findings: &[Vec<Finding>]) -> Vec<u8> {
    workbook_bytes(&Batch::new(reports, findings), &|_| {}).expect("export")
}

#[test]
fn sheets_are_the_fixed_seven_then_one_per_report() {
    let (reports, findings) = batch();
    let wb = open(&export(&reports, &findings));
    let mut expected = vec![
        "说明",
        "核查要点",
        "汇总对比",
        "对比图表",
        "问题清单",
        "提醒清单",
        "县级汇总",
    ];
    let names = sheet_names(&reports);
    expected.extend(names.iter().map(String::as_str));
    assert_eq!(wb.sheet_names(), expected);
    assert_eq!(names[3], "柳泉乡 2023");
}

/// Every value cell of every report sheet: the number, a blank where the report has none, the
/// red/yellow fill and note exactly where a finding names the cell, the blue italic of an edit.
#[test]
fn report_sheets_hold_every_number_with_marks_and_notes() {
    let (reports, findings) = batch();
    let bytes = export(&reports, &findings);
    let mut wb = open(&bytes);
    let probe = xlsx_probe::probe(&bytes);
    let names = sheet_names(&reports);
    for (i, r) in reports.iter().enumerate() {
        let sheet = range(&mut wb, &names[i]);
        let styles: &Sheet = &probe[&names[i]];
        let placed = cell_positions(r).expect("positions");
        let v = r.format_version.expect("edition");
        let expected: usize = r.tables.iter().map(|t| format::cells_of(*t, v).len()).sum();
        assert_eq!(placed.len(), expected, "{}", names[i]);
        for p in &placed {
            let got = at(&sheet, p.row, p.col);
            let cell = r.cell(&p.key).expect("cell");
            match cell.value {
                Some(x) => assert_eq!(num(&got), Some(x), "{} {}", names[i], p.key),
                None => {
                    assert_eq!(got, Data::Empty, "{} {}", names[i], p.key);
                    let note = styles.note(p.row, p.col).unwrap_or_default();
                    assert!(note.contains("未能读取"), "{}: {note}", p.key);
                }
            }
            let fill = styles.fill(p.row, p.col);
            match worst(&findings[i], &p.key) {
                Some(Severity::Error) => assert_eq!(fill, Some(RED), "{}", p.key),
                Some(Severity::Warning) => assert_eq!(fill, Some(YELLOW), "{}", p.key),
                None => assert_eq!(fill, None, "{}", p.key),
            }
            // A failed cell is bold as well: a grey print keeps errors apart from warnings.
            let bold = styles.styles.get(&(p.row, p.col)).is_some_and(|c| c.bold);
            let error = worst(&findings[i], &p.key) == Some(Severity::Error);
            assert_eq!(bold, error, "{}: bold", p.key);
            for f in findings[i].iter().filter(|f| f.cells.contains(&p.key)) {
                let note = styles.note(p.row, p.col).unwrap_or_default();
                assert!(
                    note.contains(f.rule.name()) && note.contains(&f.message),
                    "{}: {note}",
                    p.key
                );
            }
            let style = styles
                .styles
                .get(&(p.row, p.col))
                .cloned()
                .unwrap_or_default();
            if let Some(original) = cell.original {
                assert!(style.italic, "{} is edited", p.key);
                assert_eq!(style.font_color, Some(BLUE));
                let note = styles.note(p.row, p.col).unwrap_or_default();
                let was = original.map(|o| o.to_string()).unwrap_or_default();
                assert!(note.contains("已人工修改") && note.contains(&was), "{note}");
            } else {
                assert!(!style.italic, "{} is not edited", p.key);
            }
        }
        // The layout is the official one: each T3 value sits in the row of its label and under
        // its column's header.
        for p in placed.iter().filter(|p| p.key.starts_with("T3.")) {
            let d = format::cell_def(&p.key).expect("def");
            let labels: Vec<String> = (0..p.col).map(|c| text(&at(&sheet, p.row, c))).collect();
            assert!(
                labels.iter().any(|l| l == d.row.label),
                "{}: {labels:?}",
                p.key
            );
            let above: Vec<String> = (0..p.row).map(|y| text(&at(&sheet, y, p.col))).collect();
            assert!(above.iter().any(|h| h == d.column.label), "{}", p.key);
        }
        let sheet_text: Vec<String> = sheet.rows().flatten().map(text).collect();
        for f in &findings[i] {
            assert!(
                sheet_text.iter().any(|t| t.contains(&f.message)),
                "finding listed on the report sheet: {}",
                f.message
            );
        }
        if !r.has_table(TableId::T4) {
            assert!(sheet_text.iter().any(|t| t == "报告中未找到此表。"));
        }
    }
}

/// The summary's expected figure for a header, computed here from the report's cells.
fn expected_figure(r: &Report, header: &str) -> Option<f64> {
    let v = r.format_version?;
    let sum = |ks: Vec<String>| -> Option<f64> {
        if ks.is_empty() {
            return None;
        }
        ks.iter().map(|k| r.value(k)).sum::<Option<f64>>()
    };
    let t3rows = |pred: &dyn Fn(&format::RowDef) -> bool| -> Vec<String> {
        format::table(TableId::T3)
            .rows_for(v)
            .filter(|row| pred(row))
            .map(|row| format!("T3.{}.total", row.key))
            .collect()
    };
    let in_group = |g: &'static str| move |row: &format::RowDef| row.groups.contains(&g);
    let ks: Vec<String> = match header {
        "上年结转" => keys(&["T3.carried_in.total"]),
        "结转下年度" => keys(&["T3.carried_out.total"]),
        "予以公开" => keys(&["T3.granted.total"]),
        "部分公开" => keys(&["T3.partial.total"]),
        "不予公开" => t3rows(&in_group("（三）不予公开")),
        "无法提供" => t3rows(&in_group("（四）无法提供")),
        "不予处理" => t3rows(&in_group("（五）不予处理")),
        "其他处理" => {
            t3rows(&|row| row.groups.contains(&"（六）其他处理") || row.label == "（六）其他处理")
        }
        "行政复议总计" => keys(&["T4.review.total"]),
        "行政复议结果纠正" => keys(&["T4.review.corrected"]),
        "行政诉讼总计" => keys(&["T4.suit_direct.total", "T4.suit_after_review.total"]),
        "行政诉讼结果纠正" => {
            keys(&["T4.suit_direct.corrected", "T4.suit_after_review.corrected"])
        }
        h => {
            if let Some(c) = t3::COLUMNS.iter().find(|c| c.label == h) {
                vec![format!("T3.new.{}", c.key)]
            } else if h == "总计（办理结果）" {
                keys(&["T3.results_total.total"])
            } else {
                // 主动公开: 行·列 of the 2021 table; 2019 reports only where the cell means the same.
                let d = format::cells_of(TableId::T2, FormatVersion::V2021)
                    .into_iter()
                    .find(|d| format!("{}·{}", d.row.label, d.column.label) == h)
                    .unwrap_or_else(|| panic!("unknown summary column {h}"));
                let key = match (v, d.column.key) {
                    (FormatVersion::V2021, _) => d.key(),
                    (FormatVersion::V2019, "issued") => format!("T2.{}.made", d.row.key),
                    (FormatVersion::V2019, c) => format!("T2.{}.{c}", d.row.key),
                };
                if format::cell_def(&key).is_some_and(|cd| {
                    format::table(TableId::T2).rows_for(v).any(|row| {
                        row.key == cd.row.key && row.columns.iter().any(|c| c.key == cd.column.key)
                    })
                }) {
                    vec![key]
                } else {
                    Vec::new()
                }
            }
        }
    };
    let table = format::cell_def(ks.first()?)?.table;
    if !r.has_table(table) {
        return None;
    }
    sum(ks)
}

#[test]
fn summary_compares_every_figure_with_totals_and_marks() {
    let (reports, findings) = batch();
    let bytes = export(&reports, &findings);
    let mut wb = open(&bytes);
    let s = range(&mut wb, "汇总对比");
    let probe = xlsx_probe::probe(&bytes);
    let marks = &probe["汇总对比"];
    let (_, last_col) = s.end().expect("cells");
    let last_col = last_col as u16;
    // Header names: the second header row, or the merged first row for single columns. The
    // two "总计" under 新收 and 办理结果 are told apart by their group.
    let mut headers: Vec<String> = Vec::new();
    let mut group = String::new();
    for c in 0..=last_col {
        let top = text(&at(&s, 0, c));
        if !top.is_empty() {
            group = top.clone();
        }
        let second = text(&at(&s, 1, c));
        let h = if second.is_empty() { top } else { second };
        headers.push(if h == "总计" && group.contains("办理结果") {
            "总计（办理结果）".to_string()
        } else {
            h
        });
    }
    assert_eq!(
        &headers[..7],
        [
            "机关名称",
            "层级",
            "年度",
            "格式版本",
            "发布日期",
            "错误",
            "提醒"
        ]
    );
    assert_eq!(headers.last().map(String::as_str), Some("文件"));
    let figure_cols = 7..(headers.len() - 1);
    assert_eq!(figure_cols.len(), 7 + 1 + 7 + 1 + 4 + 10);

    for (i, r) in reports.iter().enumerate() {
        let y = 2 + i as u32;
        let name = r
            .agency
            .clone()
            .unwrap_or_else(|| sheet_names(&reports)[i].clone());
        assert_eq!(text(&at(&s, y, 0)), name);
        let level =
            nianbao::rules::authority::report_level(r).map_or("未能判断", |l| l.label());
        assert_eq!(text(&at(&s, y, 1)), level, "{name}");
        assert_eq!(num(&at(&s, y, 2)), Some(2023.0));
        let errors = findings[i]
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(num(&at(&s, y, 5)), Some(errors as f64));
        assert_eq!(
            num(&at(&s, y, 6)),
            Some((findings[i].len() - errors) as f64)
        );
        assert_eq!(marks.fill(y, 5), (errors > 0).then_some(RED));
        for c in figure_cols.clone() {
            let h = &headers[c];
            let want = expected_figure(r, h);
            assert_eq!(num(&at(&s, y, c as u16)), want, "{name} {h}");
            if want.is_none() {
                assert_eq!(
                    at(&s, y, c as u16),
                    Data::Empty,
                    "{name} {h}: no invented 0"
                );
            }
        }
    }
    // 大河乡 (row 3): its T3_BALANCE on 自然人 marks 自然人 new; 上年结转 is a total, unmarked.
    let col = |h: &str| headers.iter().position(|x| x == h).expect("header") as u16;
    assert_eq!(marks.fill(3, col("自然人")), Some(RED));
    assert_eq!(marks.fill(3, col("上年结转")), None);
    assert_eq!(marks.fill(3, col("行政复议总计")), Some(RED));
    // The warning is on 尚未审结, which the summary does not show: its 诉讼总计 stays unmarked.
    assert_eq!(marks.fill(3, col("行政诉讼总计")), None);
    assert_eq!(marks.fill(2, col("自然人")), None);
    assert_eq!(
        marks.fill(3, 0),
        Some(RED),
        "agency of a report with errors"
    );
    assert_eq!(
        marks.fill(4, 0),
        Some(YELLOW),
        "agency of a report with only warnings"
    );
    let fees = col("行政事业性收费·本年收费金额（单位：万元）");
    assert_eq!(at(&s, 3, fees), Data::Empty);
    assert!(marks.note(3, fees).unwrap_or_default().contains("未能读取"));

    // 合计: error and warning counts summed; each figure taken from the county tables.
    let total_row = 2 + reports.len() as u32;
    assert_eq!(text(&at(&s, total_row, 0)), "合计（4 份）");
    for c in 5..7u16 {
        let col_sum: f64 = (0..reports.len() as u32)
            .filter_map(|i| num(&at(&s, 2 + i, c)))
            .sum();
        assert_eq!(
            num(&at(&s, total_row, c)),
            Some(col_sum),
            "{}",
            headers[c as usize]
        );
    }
    let probe = xlsx_probe::probe(&export(&reports, &findings));
    for c in figure_cols {
        if headers[c].contains('·') {
            continue; // 表二 figures: the 2019 report's cells have other keys
        }
        let f = &probe["汇总对比"].formulas[&(total_row, c as u16)];
        assert!(f.contains("'县级汇总'!"), "{}: {f}", headers[c]);
    }
}

const FINDINGS_HEADERS: [&str; 13] = [
    "序号",
    "机关",
    "年度",
    "文件",
    "表格",
    "单元格",
    "规则",
    "严重程度",
    "期望值",
    "实际值",
    "说明",
    "核实情况",
    "整改意见",
];

/// The two lists of findings: errors on 问题清单, warnings on 提醒清单 (same columns).
const LISTS: [(&str, Severity); 2] = [
    ("问题清单", Severity::Error),
    ("提醒清单", Severity::Warning),
];

/// The list a finding of `severity` is on.
fn list_of(severity: Severity) -> &'static str {
    LISTS
        .iter()
        .find(|l| l.1 == severity)
        .map(|l| l.0)
        .expect("a list per severity")
}

/// Both lists, read.
fn lists(wb: &mut Xlsx<Cursor<Vec<u8>>>) -> Vec<(&'static str, Range<Data>)> {
    LISTS
        .iter()
        .map(|(name, _)| (*name, range(wb, name)))
        .collect()
}

/// The column of a 问题清单 header.
fn fcol(header: &str) -> u16 {
    FINDINGS_HEADERS
        .iter()
        .position(|h| *h == header)
        .expect("a 问题清单 column") as u16
}

/// 问题清单 and 提醒清单: the columns asked for, the rule's Chinese name, the cell by address and
/// in words with a link to it on the town sheet, the clerk's review, rows as tall as their text;
/// every error on 问题清单 and every warning on 提醒清单, report by report.
#[test]
fn findings_sheet_names_cells_rules_and_reviews() {
    let (mut reports, findings) = batch();
    let reviewed = findings[1][1].clone(); // the balance finding of 大河乡
    reports[1].reviews.insert(
        reviewed.key(),
        nianbao::model::Review {
            status: nianbao::model::ReviewStatus::Confirmed,
            note: "已与乡政府办核对台账".into(),
            by: "张三".into(),
        },
    );
    let bytes = export(&reports, &findings);
    let probe = xlsx_probe::probe(&bytes);
    let mut wb = open(&bytes);
    let read = lists(&mut wb);
    for (name, s) in &read {
        let header: Vec<String> = (0..13).map(|c| text(&at(s, 0, c))).collect();
        assert_eq!(header, FINDINGS_HEADERS, "{name}");
    }
    let names = sheet_names(&reports);
    // No two findings of the batch share a cause: one row each, on the list of its severity.
    for (k, (name, severity)) in LISTS.iter().enumerate() {
        let total = findings
            .iter()
            .flatten()
            .filter(|f| f.severity == *severity)
            .count();
        assert!(total > 0, "the batch has findings of each severity");
        assert_eq!(read[k].1.height() - 1, total, "{name}");
    }
    let mut next = [1u32; 2];
    for (i, fs) in findings.iter().enumerate() {
        let mut sorted: Vec<&Finding> = fs.iter().collect();
        sorted.sort_by_key(|f| f.severity);
        let placed = cell_positions(&reports[i]).expect("positions");
        for f in sorted {
            let k = LISTS
                .iter()
                .position(|l| l.1 == f.severity)
                .expect("a list");
            let (list, s) = (&read[k].0, &read[k].1);
            assert_eq!(*list, list_of(f.severity));
            let sheet = &probe[*list];
            let y = next[k];
            next[k] += 1;
            assert_eq!(text(&at(s, y, fcol("序号"))), y.to_string());
            let agency = reports[i]
                .agency
                .clone()
                .unwrap_or_else(|| names[i].clone());
            assert_eq!(text(&at(s, y, fcol("机关"))), agency);
            assert_eq!(num(&at(s, y, fcol("年度"))), Some(2023.0));
            let file = std::path::Path::new(&reports[i].file)
                .file_name()
                .expect("name");
            assert_eq!(text(&at(s, y, fcol("文件"))), file.to_string_lossy());
            assert_eq!(text(&at(s, y, fcol("规则"))), f.rule.name());
            assert_eq!(text(&at(s, y, fcol("严重程度"))), f.severity.label());
            assert_eq!(num(&at(s, y, fcol("期望值"))), f.expected);
            assert_eq!(num(&at(s, y, fcol("实际值"))), f.actual);
            assert_eq!(text(&at(s, y, fcol("说明"))), f.message);
            assert_eq!(text(&at(s, y, fcol("整改意见"))), "");
            let cells = text(&at(s, y, fcol("单元格")));
            let link = &sheet.links[&(y, fcol("序号"))];
            let quoted = format!("'{}'!", names[i].replace('\'', "''"));
            assert!(link.starts_with(&quoted), "{link}");
            if let Some(first) = f.cells.first() {
                // The address on the town sheet, then the cell in words.
                let p = placed.iter().find(|p| &p.key == first).expect("placed");
                let addr = rust_xlsxwriter::utility::row_col_to_cell(p.row, p.col);
                let d = format::cell_def(first).expect("def");
                assert!(cells.starts_with(&addr), "{cells}");
                if f.cells.len() == 1 {
                    assert!(cells.contains(d.column.label), "{cells}");
                } else {
                    // Along one row or one column: its span, and the row or column in words.
                    let row = cells.starts_with(&format!("{addr}:"));
                    assert!(row || cells.contains(d.column.label), "{cells}");
                }
                assert_eq!(link, &format!("{quoted}{addr}"));
            }
            let review = text(&at(s, y, fcol("核实情况")));
            if f == &reviewed {
                assert_eq!(review, "已核实无误：已与乡政府办核对台账（张三）");
            } else {
                assert_eq!(review, "");
            }
            // As tall as its text needs, and never the 150–260 pt of old.
            let lines = cells.lines().count() as f64;
            let height = sheet.row_heights.get(&y).copied().unwrap_or(15.0);
            assert!(
                height >= 14.0 * lines && height <= 100.0,
                "row {y}: {height} pt"
            );
        }
    }
    let errors = &read[0].1;
    let row = find_row(errors, fcol("规则"), "正文与表格不一致").expect("row");
    assert_eq!(text(&at(errors, row, fcol("表格"))), "正文");
    assert_eq!(text(&at(errors, row, fcol("单元格"))), "—");
    let row = find_row(errors, fcol("规则"), "表三收支不平衡").expect("row");
    assert_eq!(text(&at(errors, row, fcol("表格"))), "表三");
    // Its four cells are in one column: their addresses and the column.
    assert!(text(&at(errors, row, fcol("单元格"))).ends_with("表三 “自然人”列"));
    // Printed: A4 landscape, one page wide, the header on every page.
    for (name, _) in LISTS {
        let sheet = &probe[name];
        assert_eq!(
            (sheet.paper_size, sheet.orientation.as_deref()),
            (Some(9), Some("landscape")),
            "{name}"
        );
        assert!(sheet.fit_to_page, "{name}");
        assert_eq!(
            (sheet.fit_to_width.unwrap_or(1), sheet.fit_to_height),
            (1, Some(0)),
            "{name}"
        );
        assert_eq!(sheet.print_titles.as_deref(), Some("$1:$1"), "{name}");
    }
}

/// Issue 22: on paper the warnings of forty towns buried their errors. 问题清单 lists the
/// errors only (a group with an error and a warning counts as an error), report by report in
/// the workbook's order; every warning is on 提醒清单; an empty list says so.
#[test]
fn errors_come_before_warnings_and_warnings_have_a_sheet_of_their_own() {
    let (reports, findings) = seeds_batch();
    let bytes = export(&reports, &findings);
    let mut wb = open(&bytes);
    let names = sheet_names(&reports);
    let read = lists(&mut wb);
    let (errors, warnings) = (&read[0].1, &read[1].1);
    assert_eq!(read[0].0, "问题清单");
    let severity = fcol("严重程度");
    let words = |s: &Range<Data>| -> Vec<String> {
        (1..s.height() as u32)
            .map(|y| text(&at(s, y, severity)))
            .collect()
    };
    let (e, w) = (words(errors), words(warnings));
    assert!(
        e.len() > 5 && w.len() > 5,
        "{} errors, {} warnings",
        e.len(),
        w.len()
    );
    assert!(e.iter().all(|x| x == "错误"), "{e:?}");
    assert!(w.iter().all(|x| x == "提醒"), "{w:?}");
    // Within a list, the reports in the workbook's order (by unit), each report's rows together.
    let agency = fcol("机关");
    for s in [errors, warnings] {
        let order: Vec<usize> = (1..s.height() as u32)
            .map(|y| {
                let a = text(&at(s, y, agency));
                let file = text(&at(s, y, fcol("文件")));
                (0..reports.len())
                    .find(|&i| {
                        reports[i]
                            .agency
                            .clone()
                            .unwrap_or_else(|| names[i].clone())
                            == a
                            && nianbao::model::file_name(&reports[i].file) == file
                    })
                    .expect("a report")
            })
            .collect();
        assert!(order.windows(2).all(|p| p[0] <= p[1]), "{order:?}");
    }
    // A report with errors is on 问题清单, one without is not; one without warnings is not on
    // 提醒清单; every rule a report failed is named on one of the two.
    for (i, fs) in findings.iter().enumerate() {
        let file = nianbao::model::file_name(&reports[i].file);
        let rules = |s: &Range<Data>| -> Vec<String> {
            (1..s.height() as u32)
                .filter(|&y| text(&at(s, y, fcol("文件"))) == file)
                .map(|y| text(&at(s, y, fcol("规则"))))
                .collect()
        };
        let (on_errors, on_warnings) = (rules(errors), rules(warnings));
        let has = |sev: Severity| fs.iter().any(|f| f.severity == sev);
        assert_eq!(!on_errors.is_empty(), has(Severity::Error), "{file}");
        if !has(Severity::Warning) {
            assert!(
                on_warnings.is_empty(),
                "{file}: no warning, yet on 提醒清单"
            );
        }
        for f in fs {
            assert!(
                on_errors
                    .iter()
                    .chain(&on_warnings)
                    .any(|r| r.contains(f.rule.name())),
                "{file}: {}",
                f.rule.name()
            );
        }
    }
    // A batch without warnings: 提醒清单 says there are none.
    let (reports, mut findings) = batch();
    for fs in &mut findings {
        fs.retain(|f| f.severity == Severity::Error);
    }
    let mut wb = open(&export(&reports, &findings));
    let s = range(&mut wb, "提醒清单");
    assert_eq!(text(&at(&s, 1, 0)), "未发现需要提醒的问题。");
}

/// One root cause, one row: seed 003's 表三 has a column too few, so CELL_MISSING fails on each
/// of its 12 rows; the 问题清单 gives them one row that names the rows and counts the cells, and
/// a check failing in two columns of the same rows is one row too.
#[test]
fn findings_of_one_cause_share_a_row() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mutated/003_contradiction.txt");
    let r = nianbao::load_path(&path).expect("reads");
    let findings = nianbao::rules::check(&r, &nianbao::rules::Settings::default());
    let missing: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == Rule::CellMissing)
        .collect();
    assert!(missing.len() >= 10, "{} CELL_MISSING", missing.len());
    let mut clean = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 1);
    clean.file = "/data/甲.txt".into();
    let two_columns = vec![balance("natural"), balance("commercial")];
    let reports = vec![r, clean];
    let all = vec![findings.clone(), two_columns];
    let bytes = export(&reports, &all);
    let mut wb = open(&bytes);
    let s = range(&mut wb, "问题清单");
    let rule_col = fcol("规则");
    let rows: Vec<u32> = (1..s.height() as u32)
        .filter(|&y| text(&at(&s, y, rule_col)) == Rule::CellMissing.name())
        .collect();
    assert_eq!(rows.len(), 1, "one row for the CELL_MISSING of one table");
    let cells = text(&at(&s, rows[0], fcol("单元格")));
    let n: usize = missing.iter().map(|f| f.cells.len()).sum();
    assert!(cells.ends_with(&format!("共 {n} 个单元格")), "{cells}");
    let message = text(&at(&s, rows[0], fcol("说明")));
    assert!(message.starts_with(&missing[0].message), "{message}");
    assert!(
        message.contains(&format!("另有 {} 处同类问题", missing.len() - 1)),
        "{message}"
    );
    let balance_rows: Vec<u32> = (1..s.height() as u32)
        .filter(|&y| text(&at(&s, y, rule_col)) == Rule::T3Balance.name())
        .collect();
    assert_eq!(balance_rows.len(), 1, "two columns of one failing row set");
    let y = balance_rows[0];
    assert_eq!(num(&at(&s, y, fcol("期望值"))), Some(10.0));
    let message = text(&at(&s, y, fcol("说明")));
    assert!(
        message.contains("“natural”列") && message.contains("“commercial”列"),
        "{message}"
    );
    // Every finding is in some row: the rows of each report (on 问题清单 or 提醒清单) name
    // every rule it failed.
    let read = lists(&mut wb);
    for (i, fs) in all.iter().enumerate() {
        let file = std::path::Path::new(&reports[i].file)
            .file_name()
            .expect("name");
        let rules: Vec<String> = read
            .iter()
            .flat_map(|(_, s)| {
                (1..s.height() as u32)
                    .filter(|&y| text(&at(s, y, fcol("文件"))) == file.to_string_lossy())
                    .map(|y| text(&at(s, y, rule_col)))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(rules.len() < fs.len(), "{rules:?}");
        for f in fs {
            assert!(
                rules.iter().any(|r| r.contains(f.rule.name())),
                "{}",
                f.rule.name()
            );
        }
    }
}

/// The county 表二/三/四: every cell a formula over the counted reports' sheets whose cached value
/// is the sum of those reports' cells (as read; blanks add nothing), and the summary's 合计 row
/// equals the county 表三.
#[test]
fn county_tables_are_formulas_over_the_town_sheets() {
    let (reports, findings) = batch();
    let bytes = export(&reports, &findings);
    let mut wb = open(&bytes);
    let probe = xlsx_probe::probe(&bytes);
    let s = range(&mut wb, "县级汇总");
    let formulas = &probe["县级汇总"].formulas;
    let names = sheet_names(&reports);
    let all: Vec<String> = s.rows().flatten().map(text).collect();
    assert!(
        all.iter().any(|t| t.contains("计入 4 份，未计入 0 份")),
        "{all:?}"
    );
    assert!(locate(&s, "有未解决错误的报告（已按所列数字计入）").is_some());
    // Each county cell: its formula names a town sheet cell per report that has the key, and
    // the cached value is their sum.
    let positions: Vec<Vec<nianbao::export::Placed>> = reports
        .iter()
        .map(|r| cell_positions(r).expect("positions"))
        .collect();
    let mut checked = 0;
    for (&(row, col), f) in formulas {
        let got = num(&at(&s, row, col)).expect("cached value");
        let mut want = 0.0;
        for term in f.split('+') {
            let (sheet, cell) = term.rsplit_once('!').expect("a reference");
            let sheet = sheet.trim_matches('\'').replace("''", "'");
            let i = names
                .iter()
                .position(|n| *n == sheet)
                .expect("a town sheet");
            let (r, c) = xlsx_probe::cell_ref(cell);
            let key = &positions[i]
                .iter()
                .find(|p| p.row == r && p.col == c)
                .expect("a value cell")
                .key;
            want += reports[i].value(key).unwrap_or(0.0);
        }
        assert!((got - want).abs() < 1e-9, "{f}: {got} ≠ {want}");
        checked += 1;
    }
    // 表二 (2021: 10 cells) + 表三 (25 × 7) + 表四 (15).
    assert_eq!(checked, 10 + 25 * 7 + 15);
    // 本年新收 自然人 over all four reports.
    let (y, _) = locate(&s, "一、本年新收政府信息公开申请数量").expect("row");
    let (_, nat) = locate(&s, "自然人").expect("column");
    let want: f64 = reports
        .iter()
        .filter_map(|r| r.value("T3.new.natural"))
        .sum();
    assert_eq!(num(&at(&s, y, nat)), Some(want));
    // The summary's 合计 for 自然人 is the same number.
    let sum = range(&mut wb, "汇总对比");
    let (total_row, _) = locate(&sum, "合计（4 份）").expect("合计");
    let (_, scol) = locate(&sum, "自然人").expect("column");
    assert_eq!(num(&at(&sum, total_row, scol)), Some(want));
    for group in [
        "三、本年度办理结果",
        "（三）不予公开",
        "行政复议",
        "第二十条第（一）项",
    ] {
        assert!(locate(&s, group).is_some(), "{group}");
    }
}

#[test]
fn atomic_write_keeps_the_old_file_when_the_target_is_a_folder() {
    let (reports, findings) = batch();
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("汇总.xlsx");
    let seen = std::cell::RefCell::new(Vec::new());
    write_workbook(&target, &Batch::new(&reports, &findings), &|p| {
        seen.borrow_mut().push(p)
    })
    .expect("saved");
    let seen = seen.into_inner();
    assert_eq!(seen.first(), Some(&0.0));
    assert_eq!(seen.last(), Some(&1.0));
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {seen:?}"
    );
    let first = std::fs::read(&target).expect("written");
    assert!(open(&first).sheet_names().len() == 11);

    let folder = dir.path().join("是文件夹.xlsx");
    std::fs::create_dir(&folder).expect("dir");
    let err = write_workbook(&folder, &Batch::new(&reports, &findings), &|_| {}).unwrap_err();
    assert!(err.to_string().contains("这是一个文件夹"), "{err}");

    let mut ro = std::fs::metadata(&target).expect("meta").permissions();
    ro.set_readonly(true);
    std::fs::set_permissions(&target, ro).expect("chmod");
    let err =
        write_workbook(&target, &Batch::new(&reports[..1], &findings[..1]), &|_| {}).unwrap_err();
    assert!(err.to_string().starts_with("无法写入"), "{err}");
    assert_eq!(
        std::fs::read(&target).expect("kept"),
        first,
        "old file intact"
    );
    let leftovers = std::fs::read_dir(dir.path())
        .expect("ls")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn bad_input_is_refused_in_chinese() {
    let (reports, findings) = batch();
    let err = workbook_bytes(&Batch::new(&[], &[]), &|_| {}).unwrap_err();
    assert_eq!(err.to_string(), "没有可导出的报告。");
    let err = workbook_bytes(&Batch::new(&reports, &findings[..1]), &|_| {}).unwrap_err();
    assert!(matches!(err, export::ExportError::Mismatch { .. }));
}

/// Reports as the recogniser makes them from the seed texts and their mutated copies.
/// The seeds and their mutated copies, checked together.
fn seeds_batch() -> (Vec<Report>, Vec<Vec<Finding>>) {
    let reports = seeds();
    let findings = nianbao::rules::check_batch(&reports, &Default::default());
    (reports, findings)
}

fn seeds() -> Vec<Report> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths = Vec::new();
    for dir in ["seeds", "mutated"] {
        let found = std::fs::read_dir(fixtures.join(dir))
            .unwrap_or_else(|e| panic!("tests/fixtures/{dir}: {e}"))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"));
        paths.extend(found);
    }
    paths.sort();
    assert!(paths.len() >= 10, "seeds and mutated copies missing");
    paths
        .iter()
        .filter_map(|p| nianbao::load_path(p).ok())
        .collect()
}

#[test]
fn seeds_and_mutated_copies_round_trip() {
    let mut reports = seeds();
    let seeds = reports.len();
    // More mutations: a changed number (the checks must flag it), and an unreadable cell.
    let mut mutated: Vec<Report> = Vec::new();
    for r in &reports {
        let mut m = r.clone();
        if let Some(x) = m.value("T3.new.natural") {
            m.cells.get_mut("T3.new.natural").expect("key").value = Some(x + 3.0);
        }
        if let Some(c) = m
            .cells
            .get_mut("T3.granted.total")
            .filter(|c| c.value.is_some())
        {
            c.value = None;
            c.state = CellState::Missing;
        }
        m.agency = m.agency.map(|a| format!("{a}（改）"));
        mutated.push(m);
    }
    reports.extend(mutated);
    let findings = nianbao::rules::check_batch(&reports, &Default::default());
    let bytes = export(&reports, &findings);
    let mut wb = open(&bytes);
    let probe = xlsx_probe::probe(&bytes);
    let names = sheet_names(&reports);
    let (mut checked, mut red_cells) = (0, 0);
    for (i, r) in reports.iter().enumerate() {
        let sheet = range(&mut wb, &names[i]);
        for p in cell_positions(r).expect("positions") {
            let want = r.value(&p.key);
            assert_eq!(
                num(&at(&sheet, p.row, p.col)),
                want,
                "{} {}",
                names[i],
                p.key
            );
            let fill = probe[&names[i]].fill(p.row, p.col);
            let red = worst(&findings[i], &p.key) == Some(Severity::Error);
            assert_eq!(fill == Some(RED), red, "{} {}", names[i], p.key);
            checked += 1;
            red_cells += usize::from(red);
        }
    }
    assert!(
        checked > 10 * 200,
        "the seeds' tables were recognised ({checked} cells)"
    );
    // At least the changed 自然人 figure of each copy made here breaks the balance of its column.
    assert!(
        red_cells >= 2 * seeds,
        "mutations are flagged red ({red_cells} red cells)"
    );
    // Every failed rule of every report is on 问题清单 or 提醒清单, in Chinese and without app
    // hints.
    let read = lists(&mut wb);
    let total: usize = findings.iter().map(Vec::len).sum();
    let rows: usize = read.iter().map(|(_, s)| s.height() - 1).sum();
    assert!(rows <= total);
    let all_rows: Vec<(&Range<Data>, u32)> = read
        .iter()
        .flat_map(|(_, s)| (1..s.height() as u32).map(move |y| (s, y)))
        .collect();
    let row_of = |(list, y): (&Range<Data>, u32)| {
        (
            text(&at(list, y, fcol("机关"))),
            text(&at(list, y, fcol("文件"))),
        )
    };
    for (i, fs) in findings.iter().enumerate() {
        let key = (
            reports[i]
                .agency
                .clone()
                .unwrap_or_else(|| names[i].clone()),
            std::path::Path::new(&reports[i].file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let rules: Vec<String> = all_rows
            .iter()
            .filter(|&&r| row_of(r) == key)
            .map(|&(list, y)| text(&at(list, y, fcol("规则"))))
            .collect();
        for f in fs {
            assert!(
                rules.iter().any(|r| r.contains(f.rule.name())),
                "{key:?}: {}",
                f.rule.name()
            );
        }
    }
    for &(list, y) in &all_rows {
        let rule = text(&at(list, y, fcol("规则")));
        assert!(!rule.contains('_'), "an id instead of a name: {rule}");
        let message = text(&at(list, y, fcol("说明")));
        assert!(!message.contains("设置中"), "{message}");
    }
}

/// Where a text first appears on a sheet.
fn locate(s: &Range<Data>, label: &str) -> Option<(u32, u16)> {
    let (h, w) = s.end()?;
    (0..=h).find_map(|y| {
        (0..=w as u16)
            .find(|&c| text(&at(s, y, c)) == label)
            .map(|c| (y, c))
    })
}

/// The merges a report sheet writes for each table are exactly the layout model's spans, placed
/// at the table's corner: 表三 and 表四 cell for cell; 表二's single label column is widened over
/// the sheet's three label columns, so its every label cell is a merge of three.
#[test]
fn workbook_merges_are_the_layout_models_spans() {
    use nianbao::format::layout::TableLayout;
    for v in FormatVersion::ALL {
        let r = filled("红寺堡区红寺堡镇人民政府", v, 1);
        let bytes = export(std::slice::from_ref(&r), &[Vec::new()]);
        let name = &sheet_names(std::slice::from_ref(&r))[0];
        let merges: std::collections::HashSet<(u32, u16, u32, u16)> = xlsx_probe::probe(&bytes)
            [name]
            .merges
            .iter()
            .copied()
            .collect();
        let mut wb = open(&bytes);
        let s = range(&mut wb, name);
        let sheet_labels = 3u16;
        for id in TableId::ALL {
            let t = TableLayout::new(id, v);
            let first = t.stacked().next().expect("cells");
            let text = first.content.text().expect("the first cell is a header");
            let (top, left) = locate(&s, text).expect("table drawn");
            assert_eq!(
                left as usize,
                first.col + if t.label_cols == 0 { 3 } else { 0 }
            );
            for c in t.stacked() {
                let map = |k: usize, end: bool| -> u16 {
                    if k >= t.label_cols {
                        sheet_labels + (k - t.label_cols) as u16
                    } else if end && k + 1 == t.label_cols {
                        sheet_labels - 1
                    } else {
                        k as u16
                    }
                };
                let want = (
                    top + c.row as u32,
                    map(c.col, false),
                    top + c.last_row() as u32,
                    map(c.last_col(), true),
                );
                let merged = want.0 != want.2 || want.1 != want.3;
                assert_eq!(merges.contains(&want), merged, "{id:?} {v} {c:?}");
                if id != TableId::T2 {
                    assert_eq!(merged, c.is_merged(), "{id:?} {v} {c:?}");
                }
            }
            let count = merges
                .iter()
                .filter(|m| m.0 >= top && m.2 < top + t.total_rows() as u32)
                .count();
            let model = t
                .stacked()
                .filter(|c| c.is_merged() || (id == TableId::T2 && c.col == 0))
                .count();
            assert_eq!(count, model, "{id:?} {v}: no merge of its own");
        }
    }
}

/// Four files: two reports of one body and year (the second with fewer errors), a third report,
/// and an unreadable file. The cover lists and counts every file; the duplicate is listed but
/// summed once.
#[test]
fn every_input_is_accounted_for_and_duplicates_are_summed_once() {
    let a = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 1);
    let mut dup = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 7);
    dup.file = "/data/红寺堡镇（更正版）.txt".into();
    let other = filled("红寺堡区大河乡人民政府", FormatVersion::V2021, 2);
    let reports = vec![a, dup, other];
    let err = Finding::new(nianbao::rules::Rule::T3Balance, Severity::Error, "不平衡");
    let findings = vec![vec![err], vec![], vec![]];
    let unreadable = vec![export::Unreadable {
        file: "/data/坏文件.pdf".into(),
        reason: "PDF 文件已损坏，无法读取".into(),
    }];
    let options = export::Options {
        reviewer: Some("张三".into()),
        ..Default::default()
    };
    let batch = Batch {
        unreadable: &unreadable,
        options: &options,
        ..Batch::new(&reports, &findings)
    };
    let bytes = workbook_bytes(&batch, &|_| {}).expect("export");
    let mut wb = open(&bytes);
    let cover = range(&mut wb, "说明");
    let all: Vec<String> = cover.rows().flatten().map(text).collect();
    assert!(all
        .iter()
        .any(|t| t == "2023 年度政府信息公开工作年度报告汇总核查表"));
    assert!(all.iter().any(|t| t == "张三"));
    let count = |label: &str| -> Option<f64> {
        let (y, c) = locate(&cover, label)?;
        num(&at(&cover, y, c + 1))
    };
    assert_eq!(count("收到文件"), Some(4.0));
    assert_eq!(count("读取成功"), Some(3.0));
    assert_eq!(count("无法读取"), Some(1.0));
    assert_eq!(count("重复未计入"), Some(1.0));
    assert_eq!(count("计入汇总"), Some(2.0));
    assert!(all.iter().any(|t| t == "坏文件.pdf"));
    assert!(all.iter().any(|t| t == "PDF 文件已损坏，无法读取"));
    // The duplicate with the error is the one not counted; the other file is named as counted.
    let (y, _) = locate(&cover, "红寺堡区红寺堡镇人民政府").expect("duplicate listed");
    assert_eq!(text(&at(&cover, y, 2)), "红寺堡镇（更正版）.txt");
    assert_eq!(text(&at(&cover, y, 3)), "红寺堡区红寺堡镇人民政府.txt");

    // 合计 counts the two bodies once each.
    let s = range(&mut wb, "汇总对比");
    let (total_row, _) = locate(&s, "合计（2 份）").expect("合计 row of the counted reports");
    let (_, nat) = locate(&s, "自然人").expect("自然人 column");
    let want = reports[1].value("T3.new.natural").expect("n")
        + reports[2].value("T3.new.natural").expect("n");
    assert_eq!(num(&at(&s, total_row, nat)), Some(want));
    let probe = xlsx_probe::probe(&bytes);
    let formula = &probe["汇总对比"].formulas[&(total_row, nat)];
    assert!(
        formula.contains(&format!("{}", total_row)),
        "{formula}: sums the rows above only"
    );
    assert!(locate(&s, "红寺堡区红寺堡镇人民政府").expect("listed").0 < total_row);
    let below: Vec<String> = (total_row + 1..=s.end().expect("cells").0)
        .map(|y| text(&at(&s, y, 0)))
        .collect();
    assert!(
        below.iter().any(|t| t == "红寺堡区红寺堡镇人民政府"),
        "the duplicate is listed below"
    );
    // 县级汇总 leaves the duplicate out and says which file was counted.
    let t = range(&mut wb, "县级汇总");
    let lines: Vec<String> = t.rows().flatten().map(text).collect();
    assert!(lines
        .iter()
        .any(|l| l.contains("已计入“红寺堡镇（更正版）.txt”")));
    for sheet in probe.values() {
        assert_eq!(sheet.paper_size, Some(9), "A4 on every sheet");
    }
}

/// 层级: a city's report among towns' is listed with its level but kept out of 合计, the county
/// tables and the chart, with a subtotal per level; once the clerk counts it, it is summed.
#[test]
fn a_body_of_another_level_is_listed_but_summed_only_when_the_clerk_counts_it() {
    let a = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 1);
    let b = filled("红寺堡区新庄集街道办事处", FormatVersion::V2021, 2);
    let city = filled("吴忠市人民政府", FormatVersion::V2021, 3);
    let mut reports = vec![a, b, city];
    let findings = vec![Vec::new(); 3];
    let natural = |rs: &[Report], members: &[usize]| -> f64 {
        members
            .iter()
            .filter_map(|&i| rs[i].value("T3.new.natural"))
            .sum()
    };

    let mut wb = open(&export(&reports, &findings));
    let s = range(&mut wb, "汇总对比");
    let (_, nat) = locate(&s, "自然人").expect("自然人 column");
    let (total, _) = locate(&s, "合计（2 份）").expect("合计 of the towns only");
    assert_eq!(num(&at(&s, total, nat)), Some(natural(&reports, &[0, 1])));
    let (y, _) = locate(&s, "其中：乡镇（1 份）").expect("subtotal of 乡镇");
    assert_eq!(num(&at(&s, y, nat)), Some(natural(&reports, &[0])));
    let (y, _) = locate(&s, "其中：街道（1 份）").expect("subtotal of 街道");
    assert_eq!(num(&at(&s, y, nat)), Some(natural(&reports, &[1])));
    let (y, _) = locate(&s, "市级（1 份，未计入合计）").expect("the city's level, not counted");
    assert_eq!(num(&at(&s, y, nat)), Some(natural(&reports, &[2])));
    let (city_row, _) = locate(&s, "吴忠市人民政府").expect("the city is listed");
    assert!(city_row > total, "below 合计");
    assert_eq!(text(&at(&s, city_row, 1)), "市级");
    assert_eq!(text(&at(&s, 2, 1)), "乡镇");
    let county = range(&mut wb, "县级汇总");
    assert!(locate(&county, "县级汇总：表二、表三、表四（2 份报告合计）").is_some());
    let cover = range(&mut wb, "说明");
    let (y, c) = locate(&cover, "其他未计入").expect("count on the cover");
    assert_eq!(num(&at(&cover, y, c + 1)), Some(1.0));
    let (y, _) = locate(&cover, "吴忠市人民政府").expect("listed with the reason");
    assert!(text(&at(&cover, y, 3)).contains("层级为市级"));
    let key = range(&mut wb, "核查要点");
    let (y, _) = locate(&key, "吴忠市人民政府").expect("on 核查要点");
    assert_eq!(text(&at(&key, y, 4)), "未计入");

    // The clerk counts the city: all three are summed.
    reports[2].counted = Some(true);
    let mut wb = open(&export(&reports, &findings));
    let s = range(&mut wb, "汇总对比");
    let (total, _) = locate(&s, "合计（3 份）").expect("合计 of all three");
    assert_eq!(
        num(&at(&s, total, nat)),
        Some(natural(&reports, &[0, 1, 2]))
    );
    assert!(locate(&s, "其中：市级（1 份）").is_some());
}

/// Reports of two years: a summary, a chart and a county sheet per year, each summing only its
/// year; never one total across years.
#[test]
fn two_years_give_two_summaries() {
    let a = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 1);
    let mut b = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 2);
    b.year = Some(2022);
    let c = filled("红寺堡区大河乡人民政府", FormatVersion::V2021, 3);
    let reports = vec![a, b, c];
    let findings = vec![Vec::new(); 3];
    let wb = open(&export(&reports, &findings));
    let names = wb.sheet_names();
    for s in [
        "汇总对比 2022",
        "汇总对比 2023",
        "对比图表 2022",
        "县级汇总 2022",
        "县级汇总 2023",
    ] {
        assert!(names.iter().any(|n| n == s), "{s} in {names:?}");
    }
    assert!(!names.iter().any(|n| n == "汇总对比"));
    let mut wb = wb;
    for (sheet, members) in [("汇总对比 2022", vec![1]), ("汇总对比 2023", vec![0, 2])] {
        let s = range(&mut wb, sheet);
        let (y, _) = locate(&s, &format!("合计（{} 份）", members.len())).expect("合计");
        let (_, nat) = locate(&s, "自然人").expect("column");
        let want: f64 = members
            .iter()
            .filter_map(|&i| reports[i].value("T3.new.natural"))
            .sum();
        assert_eq!(num(&at(&s, y, nat)), Some(want), "{sheet}");
    }
    let cover = range(&mut wb, "说明");
    assert!(locate(&cover, "2022、2023 年度政府信息公开工作年度报告汇总核查表").is_some());
}

/// 核查要点: the A4 view with 层级, a text verdict, figures referring to the town sheets and the
/// rates as formulas.
#[test]
fn key_figures_print_on_a4_with_words_and_rates() {
    let (reports, findings) = batch();
    let bytes = export(&reports, &findings);
    let probe = xlsx_probe::probe(&bytes);
    let sheet = &probe["核查要点"];
    assert_eq!(
        (sheet.paper_size, sheet.orientation.as_deref()),
        (Some(9), Some("landscape"))
    );
    let mut wb = open(&bytes);
    let s = range(&mut wb, "核查要点");
    let (_, verdict) = locate(&s, "核查结论").expect("column");
    let (_, level) = locate(&s, "层级").expect("column");
    let (y, _) = locate(&s, "红寺堡区大河乡人民政府").expect("row");
    assert_eq!(text(&at(&s, y, verdict)), "有错误");
    assert_eq!(text(&at(&s, y, level)), "乡镇");
    let (y, _) = locate(&s, "红寺堡区红寺堡镇人民政府").expect("row");
    assert_eq!(text(&at(&s, y, verdict)), "通过");
    let (_, rate) = locate(&s, "公开率").expect("column");
    let r = &reports[0];
    let want = (r.value("T3.granted.total").expect("n") + r.value("T3.partial.total").expect("n"))
        / r.value("T3.results_total.total").expect("n");
    let got = num(&at(&s, y, rate)).expect("a rate");
    assert!((got - want).abs() < 1e-9, "{got} {want}");
    assert!(sheet.formulas[&(y, rate)].starts_with("IFERROR("));
    let (_, new) = locate(&s, "新收").expect("column");
    let name = &sheet_names(&reports)[0];
    assert!(sheet.formulas[&(y, new)].contains(&format!("'{name}'!")));

    // 合计: the figures summed over the reports, the rates the county's (from 县级汇总).
    let (total, _) = locate(&s, "合计（4 份）").expect("合计 row");
    let want: f64 = reports.iter().filter_map(|r| r.value("T3.new.total")).sum();
    assert_eq!(num(&at(&s, total, new)), Some(want));
    assert!(sheet.formulas[&(total, new)].starts_with("SUM("));
    let county = |key: &str| -> f64 { reports.iter().filter_map(|r| r.value(key)).sum() };
    let want = (county("T3.granted.total") + county("T3.partial.total"))
        / county("T3.results_total.total");
    let got = num(&at(&s, total, rate)).expect("the county's rate");
    assert!((got - want).abs() < 1e-9, "{got} {want}");
    assert!(sheet.formulas[&(total, rate)].contains("'县级汇总'!"));
}

/// Issue 22: last year's report of a body stands under this year's on 核查要点 (a 上年 row with
/// its figures, referring to its own sheet), and is not summed with this year's: the 合计 is this
/// year's alone. Last year's report is on its own year's sheets.
#[test]
fn last_years_figures_stand_under_this_years_and_are_not_summed() {
    let (mut reports, mut findings) = batch();
    let mut last = filled("红寺堡区红寺堡镇人民政府", FormatVersion::V2021, 7);
    last.file = "/data/红寺堡镇-2022.txt".into();
    last.year = Some(2022);
    reports.push(last);
    findings.push(vec![]);
    let bytes = export(&reports, &findings);
    let probe = xlsx_probe::probe(&bytes);
    let sheet = &probe["核查要点 2023"];
    let mut wb = open(&bytes);
    let s = range(&mut wb, "核查要点 2023");
    let (_, new) = locate(&s, "新收").expect("column");
    let (_, verdict) = locate(&s, "核查结论").expect("column");
    let (y, _) = locate(&s, "红寺堡区红寺堡镇人民政府").expect("this year's row");
    assert_eq!(text(&at(&s, y + 1, 0)).trim(), "上年（2022 年度）");
    assert_eq!(text(&at(&s, y + 1, verdict)), "上年");
    let last = &reports[4];
    assert_eq!(num(&at(&s, y + 1, new)), last.value("T3.new.total"));
    let name = &sheet_names(&reports)[4];
    assert!(sheet.formulas[&(y + 1, new)].contains(&format!("'{name}'!")));

    let (total, _) = locate(&s, "合计（4 份）").expect("four reports of 2023 counted");
    let want: f64 = reports[..4]
        .iter()
        .filter_map(|r| r.value("T3.new.total"))
        .sum();
    assert_eq!(
        num(&at(&s, total, new)),
        Some(want),
        "last year's not summed"
    );
    assert!(sheet.formulas[&(total, new)].starts_with("SUMIF("));
    let s = range(&mut wb, "核查要点 2022");
    assert!(
        locate(&s, "合计（1 份）").is_some(),
        "last year's on its own sheet"
    );
    assert!(locate(&s, "上年（2021 年度）").is_none());
}

/// Issue 12: a deduced cell is on its town sheet with its value, marked (yellow, like every
/// warning) and explained in its note as worked out from the arithmetic, not read.
#[test]
fn deduced_cells_are_marked_and_explained_on_the_town_sheet() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/003_c9f06e97d3d2a54f.txt");
    let r = nianbao::load_path(&path).expect("seed 003 reads");
    let findings = nianbao::rules::check(&r, &nianbao::rules::Settings::default());
    let bytes = export(std::slice::from_ref(&r), std::slice::from_ref(&findings));
    let mut wb = open(&bytes);
    let probe = xlsx_probe::probe(&bytes);
    let name = &sheet_names(std::slice::from_ref(&r))[0];
    let sheet = range(&mut wb, name);
    let styles: &Sheet = &probe[name];
    let mut deduced = 0;
    for p in cell_positions(&r).expect("positions") {
        let cell = r.cell(&p.key).expect("cell");
        if cell.state != CellState::Deduced {
            continue;
        }
        deduced += 1;
        assert_eq!(num(&at(&sheet, p.row, p.col)), cell.value, "{}", p.key);
        assert_eq!(styles.fill(p.row, p.col), Some(YELLOW), "{}", p.key);
        let note = styles.note(p.row, p.col).unwrap_or_default();
        assert!(
            note.contains(Rule::ValueDeduced.name()) && note.contains("推得"),
            "{}: {note}",
            p.key
        );
    }
    assert_eq!(deduced, 84, "seed 003's 12 rows of 7 cells");
}

/// What Excel prints a sheet at: A4 printable area inside the margins (pt), and the widths of
/// columns as Excel lays them out (a width of w units is 7w + 5 px of Calibri 11, 0.75 pt a px;
/// the xlsx stores w + 5/7).
const A4_PRINTABLE_LANDSCAPE: (f64, f64) = (841.89 - 0.8 * 72.0, 595.28 - 72.0);
const A4_PRINTABLE_PORTRAIT: (f64, f64) = (595.28 - 0.8 * 72.0, 841.89 - 72.0);

fn printable(s: &Sheet) -> (f64, f64) {
    if s.orientation.as_deref() == Some("portrait") {
        A4_PRINTABLE_PORTRAIT
    } else {
        A4_PRINTABLE_LANDSCAPE
    }
}

/// The last column anything is written to.
fn last_col(s: &Sheet) -> u16 {
    s.styles.keys().map(|k| k.1).max().unwrap_or(0)
}

/// The percentage Excel prints `s` at: its fixed scale, or, fitted to one page wide, the
/// largest whole percentage at which its columns fit the page's width (at most 100).
fn effective_scale(s: &Sheet) -> u32 {
    if !s.fit_to_page {
        return s.scale.unwrap_or(100);
    }
    let width: f64 = (0..=last_col(s)).map(|c| s.col_width(c) * 7.0 * 0.75).sum();
    ((printable(s).0 / width * 100.0).floor() as u32).min(100)
}

/// Issue 22: every sheet prints on A4 with its text at 9 pt or more at the scale Excel gives it
/// (fitting a wide sheet to a page shrinks its text silently): the cover portrait, the others
/// landscape; one page wide, except 汇总对比, a sheet for the screen, which prints across pages
/// at a fixed scale with its header rows and 机关 column on every page.
#[test]
fn every_sheet_prints_on_a4_at_9_pt_or_more() {
    let (reports, findings) = batch();
    let unreadable = vec![export::Unreadable {
        file: "/data/坏文件.pdf".into(),
        reason: "PDF 文件已损坏，无法读取".into(),
    }];
    let batch = Batch {
        unreadable: &unreadable,
        ..Batch::new(&reports, &findings)
    };
    let bytes = workbook_bytes(&batch, &|_| {}).expect("export");
    let probe = xlsx_probe::probe(&bytes);
    let wb = open(&bytes);
    let sheets = wb.sheet_names();
    assert_eq!(sheets.len(), probe.len());
    for name in &sheets {
        let s = &probe[name];
        assert_eq!(s.paper_size, Some(9), "{name}: A4");
        let want = if name == "说明" {
            "portrait"
        } else {
            "landscape"
        };
        assert_eq!(s.orientation.as_deref(), Some(want), "{name}");
        if name == "汇总对比" {
            assert!(!s.fit_to_page, "{name}: not squeezed onto one page");
            assert_eq!(s.print_titles.as_deref(), Some("$A:$A,$1:$2"), "{name}");
            assert_eq!(s.page_order.as_deref(), Some("overThenDown"), "{name}");
        } else {
            assert!(s.fit_to_page, "{name}: fitted to the page width");
            // fitToWidth="1" is the default and left out; fitToHeight="0": as tall as needed.
            assert_eq!(s.fit_to_width.unwrap_or(1), 1, "{name}: one page wide");
            assert_eq!(
                s.fit_to_height,
                Some(0),
                "{name}: as many pages tall as needed"
            );
        }
        let scale = effective_scale(s);
        let smallest = s
            .styles
            .values()
            .filter_map(|c| c.font_size)
            .fold(f64::INFINITY, f64::min);
        assert!(smallest.is_finite(), "{name}: fonts");
        let printed = smallest * f64::from(scale) / 100.0;
        assert!(
            printed >= 9.0,
            "{name}: {smallest} pt at {scale} % prints at {printed:.1} pt"
        );
    }
    // The key sheets print well above the smallest allowed.
    for name in ["核查要点", "问题清单", "提醒清单", "县级汇总"] {
        assert!(effective_scale(&probe[name]) >= 84, "{name}");
    }
}

/// Issue 22: a town sheet and 县级汇总 break pages between their tables, never inside one: each
/// table fits on a page at the scale Excel prints the sheet at, the breaks fall only where a
/// table (or the findings, or the county's lists) begins, and the title row tops every page.
/// 县级汇总 starts each table on a page of its own.
#[test]
fn tables_never_split_across_pages() {
    let (reports, findings) = seeds_batch();
    let bytes = export(&reports, &findings);
    let probe = xlsx_probe::probe(&bytes);
    let mut wb = open(&bytes);
    let titles: Vec<&str> = TableId::ALL.iter().map(|t| t.title()).collect();
    let mut sheets: Vec<String> = sheet_names(&reports);
    sheets.push("县级汇总".into());
    for name in &sheets {
        let s = &probe[name];
        let r = range(&mut wb, name);
        // Where each block starts: the tables' captions, then the findings or the lists.
        let starts: Vec<u32> = (0..r.height() as u32)
            .filter(|&y| {
                let t = text(&at(&r, y, 0));
                titles.contains(&t.as_str())
                    || t == "核查发现的问题"
                    || t.starts_with("有未解决错误")
            })
            .collect();
        assert_eq!(starts.len(), 4, "{name}: three tables and what follows");
        assert_eq!(
            s.print_titles.as_deref(),
            Some("$1:$1"),
            "{name}: the title on every page"
        );
        for b in &s.row_breaks {
            assert!(
                starts.contains(b),
                "{name}: a break inside a block, before row {b}"
            );
        }
        let scale = f64::from(effective_scale(s)) / 100.0;
        let page = printable(s).1 / scale - s.row_height(0);
        for w in starts.windows(2) {
            let height: f64 = (w[0]..w[1]).map(|y| s.row_height(y)).sum();
            assert!(
                height <= page,
                "{name}: the table from row {} is {height} pt, a page holds {page:.0} pt",
                w[0]
            );
        }
        // The pages as broken: no page holds more than it can.
        let mut edges = vec![0];
        edges.extend(&s.row_breaks);
        edges.push(starts[3]);
        for w in edges.windows(2) {
            let height: f64 = (w[0]..w[1]).map(|y| s.row_height(y)).sum();
            // The first page has the title row itself; the others get it repeated.
            let holds = if w[0] == 0 {
                page + s.row_height(0)
            } else {
                page
            };
            assert!(height <= holds, "{name}: rows {w:?} overflow");
        }
        if name == "县级汇总" {
            assert_eq!(
                s.row_breaks,
                starts[1..].to_vec(),
                "{name}: a page per table"
            );
        } else {
            assert!(
                s.row_breaks.contains(&starts[1]),
                "{name}: 表三 starts a page"
            );
        }
    }
}

/// 核查要点's 核查结论 says in words what the colours say: 无法读取 for a file that could not be
/// read, 已核实 when the clerk answered every finding; 汇总对比 and 核查要点 mark a late
/// publication date and a 2019 table used for a 2023 report with a fill and in words.
#[test]
fn verdicts_dates_and_editions_are_marked_in_words() {
    let (mut reports, mut findings) = batch();
    // 红寺堡镇: published late. 太阳山镇 (2019 tables): its one warning reviewed.
    findings[0].push(Finding::new(
        Rule::LatePublication,
        Severity::Warning,
        "报告落款日期为 2024年2月5日，晚于乡镇、街道年报的公布期限（按当地规定） 2024年1月31日。",
    ));
    let obsolete = findings[2][0].clone();
    reports[2].reviews.insert(
        obsolete.key(),
        nianbao::model::Review {
            status: nianbao::model::ReviewStatus::NotApplicable,
            note: "上级同意沿用旧表".into(),
            by: "李四".into(),
        },
    );
    let unreadable = vec![export::Unreadable {
        file: "/data/坏文件.pdf".into(),
        reason: "PDF 文件已损坏，无法读取".into(),
    }];
    let batch = Batch {
        unreadable: &unreadable,
        ..Batch::new(&reports, &findings)
    };
    let bytes = workbook_bytes(&batch, &|_| {}).expect("export");
    let probe = xlsx_probe::probe(&bytes);
    let mut wb = open(&bytes);

    let k = range(&mut wb, "核查要点");
    let (_, verdict) = locate(&k, "核查结论").expect("column");
    let (_, date) = locate(&k, "发布日期").expect("column");
    let word = |agency: &str| {
        let (y, _) = locate(&k, agency).unwrap_or_else(|| panic!("{agency}"));
        text(&at(&k, y, verdict))
    };
    // A file that could not be read is no row of any summary: the cover lists it as 无法读取.
    assert!(
        locate(&k, "坏文件.pdf").is_none(),
        "no row for an unreadable file"
    );
    let cover = range(&mut wb, export::COVER_SHEET);
    assert!(
        locate(&cover, "坏文件.pdf").is_some(),
        "listed on the cover"
    );
    assert_eq!(word("红寺堡区太阳山镇人民政府"), "已核实");
    assert_eq!(word("红寺堡区大河乡人民政府"), "有错误");
    assert_eq!(word("红寺堡区红寺堡镇人民政府"), "仅提醒");
    // A reviewed finding is listed but no longer counted, as in the app.
    let (_, warnings) = locate(&k, "提醒").expect("column");
    let (y, _) = locate(&k, "红寺堡区太阳山镇人民政府").expect("row");
    assert_eq!(num(&at(&k, y, warnings)), Some(0.0));
    let town = range(&mut wb, &sheet_names(&reports)[2]);
    let head = text(&at(&town, 2, 0));
    assert!(head.contains("已核实 1 项"), "{head}");
    let listed = (0..town.height() as u32)
        .map(|y| text(&at(&town, y, 0)))
        .find(|t| t.contains(Rule::FormatObsolete.name()))
        .expect("listed on the town sheet");
    assert!(listed.ends_with("（不适用：上级同意沿用旧表）"), "{listed}");
    let (y, _) = locate(&k, "红寺堡区红寺堡镇人民政府").expect("row");
    let published = reports[0].published.expect("date");
    assert_eq!(text(&at(&k, y, date)), format!("{published}（逾期）"));
    assert_eq!(probe["核查要点"].fill(y, date), Some(YELLOW));
    let (y, _) = locate(&k, "红寺堡区大河乡人民政府").expect("row");
    assert_eq!(
        text(&at(&k, y, date)),
        reports[1].published.expect("date").to_string()
    );
    assert_eq!(probe["核查要点"].fill(y, date), None);

    let s = range(&mut wb, "汇总对比");
    let summary = &probe["汇总对比"];
    let (_, edition) = locate(&s, "格式版本").expect("column");
    let (_, date) = locate(&s, "发布日期").expect("column");
    let (y, _) = locate(&s, "红寺堡区太阳山镇人民政府").expect("row");
    assert_eq!(text(&at(&s, y, edition)), "2019（旧版）");
    assert_eq!(summary.fill(y, edition), Some(YELLOW));
    let (y, _) = locate(&s, "红寺堡区红寺堡镇人民政府").expect("row");
    assert_eq!(text(&at(&s, y, edition)), "2021");
    assert_eq!(summary.fill(y, edition), None);
    // Still a date, printed with the word.
    let code = summary.styles[&(y, date)]
        .num_format
        .clone()
        .unwrap_or_default();
    assert!(
        code.starts_with("yyyy-mm-dd") && code.contains("（逾期）"),
        "{code}"
    );
    assert_eq!(summary.fill(y, date), Some(YELLOW));
    assert!(matches!(
        at(&s, y, date),
        Data::DateTime(_) | Data::Float(_)
    ));
    let (y, _) = locate(&s, "红寺堡区大河乡人民政府").expect("row");
    let code = summary.styles[&(y, date)]
        .num_format
        .clone()
        .unwrap_or_default();
    assert!(!code.contains('（'), "{code}");
}

/// 万元 amounts print with two decimals wherever they are written; counts as whole numbers.
#[test]
fn amounts_have_two_decimals_on_every_sheet() {
    let (reports, mut findings) = batch();
    findings[0].push(
        Finding::new(
            Rule::UnitMismatch,
            Severity::Warning,
            "“本年收费金额”一栏填了“251000元”，应为 25.1 万元。",
        )
        .with_cells(keys(&["T2.fees.amount"]))
        .with_numbers(25.1, 251000.0),
    );
    let bytes = export(&reports, &findings);
    let probe = xlsx_probe::probe(&bytes);
    let code = |sheet: &str, y: u32, x: u16| {
        probe[sheet]
            .styles
            .get(&(y, x))
            .and_then(|s| s.num_format.clone())
            .unwrap_or_default()
    };
    let names = sheet_names(&reports);
    let mut amounts = 0;
    for (i, r) in reports.iter().enumerate() {
        for p in cell_positions(r).expect("positions") {
            let kind = format::cell_def(&p.key).expect("def").column.kind;
            let want = if kind == format::ValueKind::Amount {
                amounts += 1;
                "0.00"
            } else {
                "0"
            };
            assert_eq!(
                code(&names[i], p.row, p.col),
                want,
                "{} {}",
                names[i],
                p.key
            );
        }
    }
    assert!(amounts >= reports.len(), "every edition has a 万元 column");
    let mut wb = open(&bytes);
    let s = range(&mut wb, "汇总对比");
    let (hy, fee) = locate(&s, "行政事业性收费·本年收费金额（单位：万元）").expect("column");
    let total = find_row(&s, 0, &format!("合计（{} 份）", reports.len())).expect("合计");
    for y in hy + 1..=total {
        assert_eq!(code("汇总对比", y, fee), "0.00", "row {y}");
    }
    let (_, count) = locate(&s, "上年结转").expect("column");
    assert_eq!(code("汇总对比", hy + 1, count), "0");
    let county = &probe["县级汇总"];
    let two_decimals = county
        .styles
        .values()
        .filter(|s| s.num_format.as_deref() == Some("0.00"))
        .count();
    assert!(two_decimals >= 1, "the county 表二's 万元 cells");
    // The 万元 finding is a warning, on 提醒清单.
    let list = range(&mut wb, "提醒清单");
    let y = find_row(&list, fcol("规则"), Rule::UnitMismatch.name()).expect("row");
    assert_eq!(num(&at(&list, y, fcol("期望值"))), Some(25.1));
    assert_eq!(code("提醒清单", y, fcol("期望值")), "0.00");
    let list = range(&mut wb, "问题清单");
    let y = find_row(&list, fcol("规则"), Rule::T3Balance.name()).expect("row");
    assert_eq!(code("问题清单", y, fcol("期望值")), "0");
}
