//! Which findings share a row: one root cause ([`Cause`]) explains them.

use crate::format;
use crate::format::TableId;
use crate::model::{Finding, Severity};
use crate::rules::Rule;

/// Why findings share a row.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cause {
    Suspect { cell: String, suggested: f64 },
    Shape(Shape),
    Message(Rule, Severity, String),
    Alone(usize),
}

/// A check failing the same way: on `lines` along rows (`across_rows`: each finding is one
/// row over the columns in `lines`) or along columns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shape {
    rule: Rule,
    severity: Severity,
    table: TableId,
    across_rows: bool,
    lines: Vec<&'static str>,
}

pub(super) fn cause(i: usize, f: &Finding) -> Cause {
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
pub(super) fn shape(f: &Finding) -> Option<Shape> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::{rows, Number, Positions};
    use super::*;
    use crate::format::ValueKind;
    use crate::model::Report;

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
}
