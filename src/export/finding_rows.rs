//! What the 问题清单 says, row by row: the findings of each report grouped by root cause, with
//! the cells named by their address on the town sheet and in words, and the clerk's review.
//!
//! Findings share a row when one fault explains them (see [`Cause`]):
//! - several checks name the same likely culprit with the same value that makes them all pass
//!   (Finding::suspect): correcting that one cell clears them all;
//! - one check, run once per row (or per column) of a table, fails on several rows over the same
//!   columns (or on several columns over the same rows): a table with a column missing fails
//!   CELL_MISSING on every row, a shifted row fails T3_BALANCE in every column;
//! - a check without cells repeats its message word for word.
//!
//! Anything else stands alone. The town sheet still lists every finding one by one.

use crate::format::{self, layout, TableId, ValueKind};
use crate::model::file_name;
use crate::model::{Finding, Report, Review, Severity};
use crate::rules::Rule;
use rust_xlsxwriter::utility::row_col_to_cell;
use std::collections::HashMap;

/// Key → (row, column) of a report sheet's value cells.
pub type Positions = HashMap<String, (u32, u16)>;

/// Cells named one by one; beyond this many, rows are named instead.
const CELLS_SHOWN: usize = 5;
/// Messages of a group shown in full, the others counted: up to three all; beyond, of one rule
/// only the first (they differ only in the row or column named, which the 单元格 column
/// lists), of several rules (one culprit) three.
const ONE_RULE_SHOWN: usize = 1;
const RULES_SHOWN: usize = 3;

/// A number column of a row: one value, several different ones, or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    None,
    Value(f64, ValueKind),
    /// The grouped findings have different numbers; each message states its own.
    Several,
}

/// One row of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index of the report.
    pub report: usize,
    pub agency: String,
    pub year: Option<i32>,
    /// The file's name, without its folder.
    pub file: String,
    /// The worst severity of the grouped findings.
    pub severity: Severity,
    pub table: String,
    /// Address and words, one line per cell (or per table row).
    pub cells: String,
    /// The town-sheet cell the row links to; `None` when no cell is involved.
    pub target: Option<(u32, u16)>,
    /// The rules' Chinese names.
    pub rules: String,
    pub expected: Number,
    pub actual: Number,
    pub message: String,
    pub review: String,
    /// The indices of the grouped findings in the report's list.
    pub findings: Vec<usize>,
}

/// Why findings share a row.
#[derive(Debug, Clone, PartialEq)]
enum Cause {
    Suspect { cell: String, suggested: f64 },
    Shape(Shape),
    Message(Rule, Severity, String),
    Alone(usize),
}

/// A check failing the same way: on `lines` along rows (`across_rows`: each finding is one
/// row over the columns in `lines`) or along columns.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    rule: Rule,
    severity: Severity,
    table: TableId,
    across_rows: bool,
    lines: Vec<&'static str>,
}

fn cause(i: usize, f: &Finding) -> Cause {
    if let Some(s) = &f.suspect {
        return Cause::Suspect {
            cell: s.cell.clone(),
            suggested: s.suggested,
        };
    }
    if f.cells.is_empty() {
        return Cause::Message(f.rule, f.severity, f.message.clone());
    }
    shape(f).map(Cause::Shape).unwrap_or(Cause::Alone(i))
}

/// The shape of a finding whose cells lie in one row (several columns) or one column (several
/// rows) of one table; `None` for a single cell or a block.
fn shape(f: &Finding) -> Option<Shape> {
    let defs: Vec<format::CellDef> = f
        .cells
        .iter()
        .map(|k| format::cell_def(k))
        .collect::<Option<_>>()?;
    let table = defs.first()?.table;
    if defs.iter().any(|d| d.table != table) {
        return None;
    }
    let distinct = |mut v: Vec<&'static str>| {
        v.sort_unstable();
        v.dedup();
        v
    };
    let rows = distinct(defs.iter().map(|d| d.row.key).collect());
    let cols = distinct(defs.iter().map(|d| d.column.key).collect());
    let (across_rows, lines) = match (rows.len(), cols.len()) {
        (1, n) if n > 1 => (true, cols),
        (n, 1) if n > 1 => (false, rows),
        _ => return None,
    };
    Some(Shape {
        rule: f.rule,
        severity: f.severity,
        table,
        across_rows,
        lines,
    })
}

/// The findings of one report in groups of one cause, errors first, each group in the order of
/// its first finding.
pub fn groups(findings: &[Finding]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    // Stable: within a severity the checks keep their order.
    order.sort_by_key(|&i| findings[i].severity);
    let mut causes: Vec<Cause> = Vec::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let c = cause(i, &findings[i]);
        match causes.iter().position(|k| *k == c) {
            Some(j) => out[j].push(i),
            None => {
                causes.push(c);
                out.push(vec![i]);
            }
        }
    }
    out
}

/// Every row of the sheet, report by report in the order given. `names` are the reports' sheet
/// names (used when an agency is unknown); `positions[i]` where report `i`'s cells are.
pub fn rows(
    reports: &[Report],
    findings: &[Vec<Finding>],
    names: &[String],
    positions: &[Positions],
) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let empty = Positions::new();
        let at = positions.get(i).unwrap_or(&empty);
        let agency = r.agency.clone().unwrap_or_else(|| names[i].clone());
        for g in groups(&findings[i]) {
            let members: Vec<&Finding> = g.iter().map(|&k| &findings[i][k]).collect();
            let (cells, target) = cells_text(&members, at);
            out.push(Row {
                report: i,
                agency: agency.clone(),
                year: r.year,
                file: file_name(&r.file),
                severity: members
                    .iter()
                    .map(|f| f.severity)
                    .min()
                    .unwrap_or(Severity::Warning),
                table: tables_of(&members),
                cells,
                target,
                rules: rule_names(&members),
                expected: number(&members, |f| f.expected),
                actual: number(&members, |f| f.actual),
                message: message(&members),
                review: review_text(&members, &r.reviews),
                findings: g,
            });
        }
    }
    out
}

/// The tables the findings' cells belong to (`表三`), 正文 for a text check, — otherwise.
fn tables_of(members: &[&Finding]) -> String {
    let mut tables: Vec<TableId> = members
        .iter()
        .flat_map(|f| &f.cells)
        .filter_map(|k| format::cell_def(k).map(|d| d.table))
        .collect();
    tables.sort();
    tables.dedup();
    if tables.is_empty() {
        let text = members.iter().any(|f| f.text_span.is_some());
        return if text { "正文" } else { "—" }.to_string();
    }
    tables
        .iter()
        .map(|t| layout::table_name(*t))
        .collect::<Vec<_>>()
        .join("、")
}

fn rule_names(members: &[&Finding]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for f in members {
        if !names.contains(&f.rule.name()) {
            names.push(f.rule.name());
        }
    }
    names.join("、")
}

/// One number when every grouped finding has the same, [`Number::Several`] when they differ.
fn number(members: &[&Finding], get: impl Fn(&Finding) -> Option<f64>) -> Number {
    let values: Vec<f64> = members.iter().filter_map(|f| get(f)).collect();
    let Some(&first) = values.first() else {
        return Number::None;
    };
    if values.iter().any(|v| *v != first) || values.len() < members.len() {
        return Number::Several;
    }
    let kind = members
        .iter()
        .flat_map(|f| &f.cells)
        .find_map(|k| format::cell_def(k))
        .map(|d| d.column.kind)
        .unwrap_or(ValueKind::Count);
    Number::Value(first, kind)
}

/// `D12`, or `—` for a cell not on the town sheet.
fn address(at: &Positions, key: &str) -> String {
    at.get(key)
        .map(|(r, c)| row_col_to_cell(*r, *c))
        .unwrap_or_else(|| "—".to_string())
}

/// Characters of a row label kept in the 单元格 column; the 说明 names the row in full.
const LABEL_CHARS: usize = 14;

/// A row as a clerk names it, shortened: `（三）不予公开 1.属于国家秘密` → `（三）不予公开 1.属…`.
fn short_row(row: &format::RowDef) -> String {
    // The top group (三、本年度办理结果) is implied by the sub-group or the label.
    let mut parts: Vec<&str> = row.groups.iter().skip(1).copied().collect();
    parts.push(row.label);
    let full = parts.join(" ");
    if full.chars().count() <= LABEL_CHARS + 1 {
        return full;
    }
    let cut: String = full.chars().take(LABEL_CHARS).collect();
    format!("{cut}…")
}

fn short_col(d: &format::CellDef) -> String {
    match d.column.group {
        Some(g) if d.table == TableId::T4 => format!("{g}·{}", d.column.label),
        _ => d.column.label.to_string(),
    }
}

/// `D12 表三 一、本年新收政府信… / 自然人`
fn cell_line(at: &Positions, key: &str) -> String {
    match format::cell_def(key) {
        Some(d) => format!(
            "{} {} {} / {}",
            address(at, key),
            layout::table_name(d.table),
            short_row(d.row),
            short_col(&d)
        ),
        None => key.to_string(),
    }
}

/// The cells of a group, the likely culprit first, and the cell to link to. One cell is named
/// by address and in words; cells along one row or one column by their span and that row or
/// column; anything else one line per table row.
fn cells_text(members: &[&Finding], at: &Positions) -> (String, Option<(u32, u16)>) {
    let suspect = members
        .iter()
        .find_map(|f| f.suspect.as_ref())
        .map(|s| s.cell.clone());
    let mut keys: Vec<&str> = Vec::new();
    for k in members.iter().flat_map(|f| &f.cells) {
        if !keys.contains(&k.as_str()) && Some(k) != suspect.as_ref() {
            keys.push(k);
        }
    }
    let mut lines = Vec::new();
    if let Some(s) = &suspect {
        lines.push(format!("可能填错：{}", cell_line(at, s)));
    }
    lines.extend(keys_lines(&keys, at, CELLS_SHOWN - lines.len()));
    let target = suspect
        .as_deref()
        .into_iter()
        .chain(keys.iter().copied())
        .find_map(|k| at.get(k).copied());
    let text = if lines.is_empty() {
        "—".to_string()
    } else {
        lines.join("\n")
    };
    (text, target)
}

fn keys_lines(keys: &[&str], at: &Positions, shown: usize) -> Vec<String> {
    let defs: Option<Vec<format::CellDef>> = keys.iter().map(|k| format::cell_def(k)).collect();
    let (Some(defs), [first, ..]) = (defs, keys) else {
        return keys.iter().map(|k| k.to_string()).collect();
    };
    if keys.len() == 1 {
        return vec![cell_line(at, first)];
    }
    let d0 = &defs[0];
    let places: Vec<(u32, u16)> = keys.iter().filter_map(|k| at.get(*k).copied()).collect();
    let table = layout::table_name(d0.table);
    let same_table = defs.iter().all(|d| d.table == d0.table);
    if same_table && defs.iter().all(|d| std::ptr::eq(d.row, d0.row)) {
        return vec![format!("{} {table} {}行", span(&places), short_row(d0.row))];
    }
    if same_table && defs.iter().all(|d| std::ptr::eq(d.column, d0.column)) {
        return vec![format!("{} {table} “{}”列", span(&places), short_col(d0))];
    }
    row_lines(keys, at, shown)
}

/// A table row and where its cells are on the sheet.
type TableRow = (TableId, &'static format::RowDef, Vec<(u32, u16)>);

/// Many cells named by their table rows: `D12:I12 表三 （一）予以公开行` (cells not on the
/// sheet are counted), at most `shown` lines and a count.
fn row_lines(keys: &[&str], at: &Positions, shown: usize) -> Vec<String> {
    let mut rows: Vec<TableRow> = Vec::new();
    for k in keys {
        let Some(d) = format::cell_def(k) else {
            continue;
        };
        let i = match rows
            .iter()
            .position(|(t, r, _)| *t == d.table && std::ptr::eq(*r, d.row))
        {
            Some(i) => i,
            None => {
                rows.push((d.table, d.row, Vec::new()));
                rows.len() - 1
            }
        };
        rows[i].2.extend(at.get(*k).copied());
    }
    let mut lines: Vec<String> = rows
        .iter()
        .take(shown.saturating_sub(1).max(1))
        .map(|(t, r, places)| {
            format!(
                "{} {} {}行",
                span(places),
                layout::table_name(*t),
                short_row(r)
            )
        })
        .collect();
    let more = rows.len().saturating_sub(lines.len());
    lines.push(if more > 0 {
        format!("…另有 {more} 行，共 {} 个单元格", keys.len())
    } else {
        format!("共 {} 个单元格", keys.len())
    });
    lines
}

/// Addresses listed before the rest are counted.
const ADDRESSES_SHOWN: usize = 4;

/// `D12:I12` (or `D12:D20`) for cells next to each other along one row (column), else the
/// addresses (`D12、F12`, the rest counted).
fn span(places: &[(u32, u16)]) -> String {
    let mut p = places.to_vec();
    p.sort_unstable_by_key(|&(r, c)| (c, r));
    p.dedup();
    let cell = |(r, c): (u32, u16)| row_col_to_cell(r, c);
    let (Some(&a), Some(&b)) = (p.first(), p.last()) else {
        return "—".to_string();
    };
    if a == b {
        return cell(a);
    }
    let along_col = a.1 == b.1 && (b.0 - a.0) as usize + 1 == p.len();
    p.sort_unstable();
    let along_row = a.0 == b.0 && usize::from(b.1 - a.1) + 1 == p.len();
    if along_col || along_row {
        let (a, b) = (p[0], p[p.len() - 1]);
        return format!("{}:{}", cell(a), cell(b));
    }
    let listed: Vec<String> = p.iter().take(ADDRESSES_SHOWN).map(|x| cell(*x)).collect();
    let listed = listed.join("、");
    if p.len() > ADDRESSES_SHOWN {
        format!("{listed} 等 {} 格", p.len())
    } else {
        listed
    }
}

/// The sentences of a message, each with its `。`.
fn sentences(m: &str) -> Vec<&str> {
    m.split_inclusive('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One message, or for a group: what differs (the first few, the rest counted) and then once
/// the sentences they all end with (the likely culprit, what to do).
fn message(members: &[&Finding]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for f in members {
        if !distinct.contains(&f.message.as_str()) {
            distinct.push(&f.message);
        }
    }
    if distinct.len() <= 1 {
        return distinct.first().map(|m| m.to_string()).unwrap_or_default();
    }
    let one_rule = members.iter().all(|f| f.rule == members[0].rule);
    let shown = match (distinct.len() <= RULES_SHOWN, one_rule) {
        (true, _) => RULES_SHOWN,
        (false, true) => ONE_RULE_SHOWN,
        (false, false) => RULES_SHOWN,
    };
    let split: Vec<Vec<&str>> = distinct.iter().map(|m| sentences(m)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    // Keep at least one sentence of each message as its own part.
    let common = (0..shortest.saturating_sub(1))
        .take_while(|&k| {
            let last = |s: &Vec<&str>| s[s.len() - 1 - k].to_string();
            split.iter().all(|s| last(s) == last(&split[0]))
        })
        .count();
    let mut lines: Vec<String> = split
        .iter()
        .take(shown)
        .map(|s| s[..s.len() - common].concat())
        .collect();
    if split.len() > shown {
        lines.push(format!(
            "……另有 {} 处同类问题（位置见“单元格”栏，详见该报告的工作表）。",
            split.len() - shown
        ));
    }
    let tail = &split[0][split[0].len() - common..];
    if !tail.is_empty() {
        lines.push(tail.concat());
    }
    lines.join("\n")
}

/// The clerk's review: `已核实无误：已电话核实（张三）`; for a group partly reviewed, how many are
/// still open.
fn review_text(
    members: &[&Finding],
    reviews: &std::collections::BTreeMap<String, Review>,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut open = 0;
    for f in members {
        match reviews.get(&f.key()) {
            Some(r) => {
                let mut line = r.status.label().to_string();
                if !r.note.trim().is_empty() {
                    line.push('：');
                    line.push_str(r.note.trim());
                }
                if !r.by.trim().is_empty() {
                    line.push_str(&format!("（{}）", r.by.trim()));
                }
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
            None => open += 1,
        }
    }
    if !lines.is_empty() && open > 0 {
        lines.push(format!("另有 {open} 处未核实"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, ReviewStatus, Suspect};

    fn keys(ks: &[&str]) -> Vec<String> {
        ks.iter().map(|k| k.to_string()).collect()
    }

    fn balance(col: &str, expected: f64) -> Finding {
        Finding::new(
            Rule::T3Balance,
            Severity::Error,
            format!("表三“{col}”列：第一项加第二项应等于第三项加第四项。请核对。"),
        )
        .with_cells(
            ["new", "carried_in", "results_total", "carried_out"].map(|r| format!("T3.{r}.{col}")),
        )
        .with_numbers(expected, 4.0)
    }

    fn missing_row(row: &str) -> Finding {
        Finding::new(
            Rule::CellMissing,
            Severity::Error,
            format!("表三“{row}”行应有 7 个数，只能读到 6 个。原文：{row} 0 0 0"),
        )
        .with_cells(
            [
                "natural",
                "commercial",
                "research",
                "social",
                "legal",
                "other",
            ]
            .map(|c| format!("T3.{row}.{c}")),
        )
    }

    #[test]
    fn one_check_failing_along_rows_or_columns_is_one_group() {
        let fs = vec![
            balance("natural", 5.0),
            missing_row("granted"),
            Finding::new(Rule::SectionMissing, Severity::Warning, "缺少第五部分"),
            balance("commercial", 6.0),
            missing_row("partial"),
            Finding::new(Rule::SectionMissing, Severity::Warning, "缺少第五部分"),
            Finding::new(Rule::SectionMissing, Severity::Warning, "缺少第六部分"),
            // One cell only: says nothing about a row or a column, stands alone.
            Finding::new(Rule::ValueInvalid, Severity::Error, "x")
                .with_cells(keys(&["T3.new.natural"])),
            Finding::new(Rule::ValueInvalid, Severity::Error, "y")
                .with_cells(keys(&["T3.new.social"])),
        ];
        assert_eq!(
            groups(&fs),
            [
                vec![0, 3],
                vec![1, 4],
                vec![7],
                vec![8],
                vec![2, 5],
                vec![6]
            ]
        );
    }

    #[test]
    fn checks_naming_one_culprit_are_one_group() {
        let culprit = Suspect {
            cell: "T3.results_total.natural".into(),
            suggested: 2.0,
        };
        let mut a = balance("natural", 2.0);
        a.message =
            "表三“自然人”列不平衡。最可能出错的是（七）总计，改为 2 后各项核对均可通过。".into();
        a.suspect = Some(culprit.clone());
        let mut b = Finding::new(
            Rule::T3RowTotal,
            Severity::Error,
            "“（七）总计”行合计为 4。最可能出错的是（七）总计，改为 2 后各项核对均可通过。",
        )
        .with_cells(keys(&[
            "T3.results_total.total",
            "T3.results_total.natural",
        ]))
        .with_numbers(3.0, 4.0);
        b.suspect = Some(culprit.clone());
        let mut other = balance("social", 1.0);
        other.suspect = Some(Suspect {
            suggested: 3.0,
            ..culprit
        });
        let fs = vec![a, b, other];
        assert_eq!(groups(&fs), [vec![0, 1], vec![2]]);

        let mut r = Report::empty("/x/甲.txt", FileKind::Text, String::new());
        r.year = Some(2023);
        let at: Positions = [
            ("T3.results_total.natural".to_string(), (30, 3)),
            ("T3.new.natural".to_string(), (11, 3)),
        ]
        .into_iter()
        .collect();
        let rows = rows(&[r], &[fs], &["甲".into()], &[at]);
        assert_eq!(rows.len(), 2);
        let row = &rows[0];
        assert_eq!(row.rules, "表三收支不平衡、表三行合计不符");
        assert_eq!(row.file, "甲.txt");
        assert_eq!(row.table, "表三");
        assert_eq!(row.target, Some((30, 3)), "links to the culprit");
        assert!(
            row.cells
                .starts_with("可能填错：D31 表三 （七）总计 / 自然人\n"),
            "{}",
            row.cells
        );
        // The other cells are not in one row or column: one line per table row.
        assert!(
            row.cells
                .contains("D12 表三 一、本年新收政府信息公开申请…行"),
            "{}",
            row.cells
        );
        // Each check's own part, then the shared culprit once.
        assert_eq!(
            row.message,
            "表三“自然人”列不平衡。\n“（七）总计”行合计为 4。\n最可能出错的是（七）总计，改为 2 后各项核对均可通过。"
        );
        assert_eq!(row.expected, Number::Several);
        assert_eq!(row.actual, Number::Value(4.0, ValueKind::Count));
    }

    #[test]
    fn a_long_group_names_rows_and_counts_the_rest() {
        let rows_ = [
            "granted",
            "partial",
            "denied_secret",
            "denied_law",
            "denied_safety",
            "unable_unclear",
            "unable_not_held",
        ];
        let fs: Vec<Finding> = rows_.iter().map(|r| missing_row(r)).collect();
        let r = Report::empty("a", FileKind::Text, String::new());
        let at: Positions = fs
            .iter()
            .enumerate()
            .flat_map(|(y, f)| {
                f.cells
                    .iter()
                    .enumerate()
                    .map(move |(x, k)| (k.clone(), (20 + y as u32, 3 + x as u16)))
            })
            .collect();
        let out = rows(&[r], &[fs], &["a".into()], &[at]);
        assert_eq!(out.len(), 1, "one cause, one row");
        let lines: Vec<&str> = out[0].cells.lines().collect();
        assert_eq!(lines.len(), CELLS_SHOWN);
        assert!(lines[0].starts_with("D21:I21 表三 "), "{}", lines[0]);
        assert_eq!(lines[CELLS_SHOWN - 1], "…另有 3 行，共 42 个单元格");
        let m: Vec<&str> = out[0].message.lines().collect();
        assert_eq!(m.len(), ONE_RULE_SHOWN + 1, "{m:?}");
        assert!(m[1].contains("另有 6 处同类问题"), "{m:?}");
        assert_eq!(out[0].expected, Number::None);
    }

    #[test]
    fn reviews_are_reported_with_note_and_name() {
        let fs = [balance("natural", 5.0), balance("commercial", 6.0)];
        let mut r = Report::empty("a", FileKind::Text, String::new());
        r.reviews.insert(
            fs[0].key(),
            Review {
                status: ReviewStatus::Confirmed,
                note: "已电话核实".into(),
                by: "张三".into(),
            },
        );
        let members: Vec<&Finding> = fs.iter().collect();
        assert_eq!(
            review_text(&members, &r.reviews),
            "已核实无误：已电话核实（张三）\n另有 1 处未核实"
        );
        r.reviews.insert(
            fs[1].key(),
            Review {
                status: ReviewStatus::NotApplicable,
                note: String::new(),
                by: "李四".into(),
            },
        );
        assert_eq!(
            review_text(&members, &r.reviews),
            "已核实无误：已电话核实（张三）\n不适用（李四）"
        );
        assert_eq!(review_text(&members[..1], &Default::default()), "");
    }

    #[test]
    fn side_by_side_cells_are_a_range() {
        assert_eq!(span(&[(11, 3), (11, 4), (11, 5)]), "D12:F12");
        assert_eq!(span(&[(11, 3), (11, 5)]), "D12、F12");
        assert_eq!(span(&[(11, 3)]), "D12");
        assert_eq!(span(&[(13, 3), (11, 3), (12, 3)]), "D12:D14");
        assert_eq!(
            span(&[(1, 0), (3, 0), (5, 0), (7, 0), (9, 0)]),
            "A2、A4、A6、A8 等 5 格"
        );
        assert_eq!(span(&[]), "—");
    }
}
