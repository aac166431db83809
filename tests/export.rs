//! The workbook read back: calamine for every number and text, the zip itself for fills and notes.

#[path = "support/xlsx_probe.rs"]
mod xlsx_probe;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use nianbao::export::{self, cell_positions, sheet_names, workbook_bytes, write_workbook};
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
    broken.set_value("T3.granted.social", Some(7.0));
    broken.set_value("T4.review.other", Some(1.0));
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
    workbook_bytes(reports, findings, &|_| {}).expect("export")
}

#[test]
fn sheets_are_the_fixed_four_then_one_per_report() {
    let (reports, findings) = batch();
    let wb = open(&export(&reports, &findings));
    let mut expected = vec!["汇总对比", "对比图表", "问题清单", "申请情况汇总"];
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
        &headers[..6],
        ["机关名称", "年度", "格式版本", "发布日期", "错误", "提醒"]
    );
    assert_eq!(headers.last().map(String::as_str), Some("文件"));
    let figure_cols = 6..(headers.len() - 1);
    assert_eq!(figure_cols.len(), 7 + 1 + 7 + 1 + 4 + 10);

    for (i, r) in reports.iter().enumerate() {
        let y = 2 + i as u32;
        let name = r
            .agency
            .clone()
            .unwrap_or_else(|| sheet_names(&reports)[i].clone());
        assert_eq!(text(&at(&s, y, 0)), name);
        assert_eq!(num(&at(&s, y, 1)), Some(2023.0));
        let errors = findings[i]
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(num(&at(&s, y, 4)), Some(errors as f64));
        assert_eq!(
            num(&at(&s, y, 5)),
            Some((findings[i].len() - errors) as f64)
        );
        assert_eq!(marks.fill(y, 4), (errors > 0).then_some(RED));
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

    // 合计: each column's sum over the reports that have the figure.
    let total_row = 2 + reports.len() as u32;
    assert_eq!(text(&at(&s, total_row, 0)), "合计（4 份）");
    for c in (4..6).chain(figure_cols) {
        let col_sum: f64 = (0..reports.len() as u32)
            .filter_map(|i| num(&at(&s, 2 + i, c as u16)))
            .sum();
        let got = num(&at(&s, total_row, c as u16)).expect("total is a number");
        assert!(
            (got - col_sum).abs() < 1e-9,
            "{} {got} {col_sum}",
            headers[c]
        );
    }
}

#[test]
fn findings_sheet_has_one_row_per_finding_in_order() {
    let (reports, findings) = batch();
    let mut wb = open(&export(&reports, &findings));
    let s = range(&mut wb, "问题清单");
    let header: Vec<String> = (0..8).map(|c| text(&at(&s, 0, c))).collect();
    assert_eq!(
        header,
        [
            "机关名称",
            "级别",
            "表格",
            "单元格",
            "规则",
            "期望值",
            "实际值",
            "说明"
        ]
    );
    let names = sheet_names(&reports);
    let mut want: Vec<(String, &Finding)> = Vec::new();
    for (i, fs) in findings.iter().enumerate() {
        let name = reports[i]
            .agency
            .clone()
            .unwrap_or_else(|| names[i].clone());
        let mut sorted: Vec<&Finding> = fs.iter().collect();
        sorted.sort_by_key(|f| f.severity);
        want.extend(sorted.into_iter().map(|f| (name.clone(), f)));
    }
    assert_eq!(s.height() - 1, want.len());
    for (k, (name, f)) in want.iter().enumerate() {
        let y = 1 + k as u32;
        assert_eq!(text(&at(&s, y, 0)), *name);
        assert_eq!(text(&at(&s, y, 1)), f.severity.label());
        assert_eq!(text(&at(&s, y, 4)), f.rule.name());
        assert_eq!(num(&at(&s, y, 5)), f.expected);
        assert_eq!(num(&at(&s, y, 6)), f.actual);
        assert_eq!(text(&at(&s, y, 7)), f.message);
        let cells = text(&at(&s, y, 3));
        if let Some(first) = f.cells.first() {
            let d = format::cell_def(first).expect("def");
            assert!(cells.starts_with(&d.describe()), "{cells}");
        }
    }
    // The balance finding's cells in words, the text check's table.
    let row = find_row(&s, 4, "表三收支不平衡").expect("row");
    assert!(text(&at(&s, row, 3)).contains("一、本年新收政府信息公开申请数量 / 自然人"));
    assert_eq!(text(&at(&s, row, 2)), "表三（依申请公开）");
    let row = find_row(&s, 4, "正文与表格不一致").expect("row");
    assert_eq!(text(&at(&s, row, 2)), "正文");
}

#[test]
fn t3_total_sums_only_clean_reports_in_the_official_layout() {
    let (reports, findings) = batch();
    let mut wb = open(&export(&reports, &findings));
    let s = range(&mut wb, "申请情况汇总");
    // 大河乡 has T3 errors; the others are summed (太阳山镇 is 2019: its 其他处理 goes to 3.其他).
    let included: Vec<&Report> = [0, 2, 3].iter().map(|&i| &reports[i]).collect();
    let (h, w) = s.end().expect("cells");
    let find = |label: &str| -> Option<(u32, u16)> {
        (0..=h).find_map(|y| {
            (0..=w as u16)
                .find(|&c| text(&at(&s, y, c)) == label)
                .map(|c| (y, c))
        })
    };
    let (_, nat_col) = find("自然人").expect("自然人 header");
    assert!(find("申请人情况").is_some() && find("法人或其他组织").is_some());
    for row in format::table(TableId::T3).rows_for(FormatVersion::V2021) {
        let (y, _) = find(row.label).unwrap_or_else(|| panic!("row {}", row.label));
        for (k, col) in t3::COLUMNS.iter().enumerate() {
            let want: f64 = included
                .iter()
                .map(|r| {
                    let key = if r.format_version == Some(FormatVersion::V2019)
                        && row.key.starts_with("other_")
                    {
                        if row.key == "other_other" {
                            format!("T3.other.{}", col.key)
                        } else {
                            return 0.0;
                        }
                    } else {
                        format!("T3.{}.{}", row.key, col.key)
                    };
                    r.value(&key).expect("complete")
                })
                .sum();
            assert_eq!(
                num(&at(&s, y, nat_col + k as u16)),
                Some(want),
                "{} {}",
                row.key,
                col.key
            );
        }
    }
    for g in [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ] {
        assert!(find(g).is_some(), "group label {g}");
    }
    let all: Vec<String> = s.rows().flatten().map(text).collect();
    assert!(all.iter().any(|t| t.contains("计入 3 份，未计入 1 份")));
    let (y, _) = find("红寺堡区大河乡人民政府").expect("left-out report listed");
    let reason = (0..=w as u16)
        .map(|c| text(&at(&s, y, c)))
        .collect::<String>();
    assert!(
        reason.contains("表三有 2 项错误（单元格未读到、表三收支不平衡）"),
        "{reason}"
    );
}

#[test]
fn atomic_write_keeps_the_old_file_when_the_target_is_a_folder() {
    let (reports, findings) = batch();
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("汇总.xlsx");
    let seen = std::cell::RefCell::new(Vec::new());
    write_workbook(&target, &reports, &findings, &|p| seen.borrow_mut().push(p)).expect("saved");
    let seen = seen.into_inner();
    assert_eq!(seen.first(), Some(&0.0));
    assert_eq!(seen.last(), Some(&1.0));
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {seen:?}"
    );
    let first = std::fs::read(&target).expect("written");
    assert!(open(&first).sheet_names().len() == 8);

    let folder = dir.path().join("是文件夹.xlsx");
    std::fs::create_dir(&folder).expect("dir");
    let err = write_workbook(&folder, &reports, &findings, &|_| {}).unwrap_err();
    assert!(err.to_string().contains("这是一个文件夹"), "{err}");

    let mut ro = std::fs::metadata(&target).expect("meta").permissions();
    ro.set_readonly(true);
    std::fs::set_permissions(&target, ro).expect("chmod");
    let err = write_workbook(&target, &reports[..1], &findings[..1], &|_| {}).unwrap_err();
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
    let err = workbook_bytes(&[], &[], &|_| {}).unwrap_err();
    assert_eq!(err.to_string(), "没有可导出的报告。");
    let err = workbook_bytes(&reports, &findings[..1], &|_| {}).unwrap_err();
    assert!(matches!(err, export::ExportError::Mismatch { .. }));
}

/// Reports as the recogniser makes them from the seed texts and their mutated copies.
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
    let list = range(&mut wb, "问题清单");
    let total: usize = findings.iter().map(Vec::len).sum();
    assert_eq!(list.height() - 1, total);
    for (k, f) in findings
        .iter()
        .flatten()
        .filter(|f| f.severity == Severity::Error)
        .enumerate()
    {
        let rows: Vec<String> = (1..list.height() as u32)
            .map(|y| text(&at(&list, y, 7)))
            .collect();
        assert!(
            rows.contains(&f.message),
            "finding {k} listed: {}",
            f.message
        );
    }
}
