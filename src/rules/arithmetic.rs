//! The tables' own arithmetic: T3_BALANCE, T3_ROW_TOTAL, T3_RESULTS_TOTAL, T4_GROUP_TOTAL, and
//! VALUE_INVALID for values no table may hold.
//!
//! Each sum rule is written as equations `left = right` over cell keys, built from the table
//! definitions in `format/`. An equation with any unread cell is not checked: we never invent a 0.
//! The same equations feed the suspect search (`suspect.rs`).

use super::names::{column_list, group_name, key_place, num, row_name, value_text};
use super::suspect;
use crate::format::{self, t3, CellDef, ColumnDef, FormatVersion, RowDef, TableId, ValueKind};
use crate::model::{CellState, Finding, Report, Severity};
use crate::recognise::numbers::{parse_value, plausible, Parsed};
use crate::rules::Rule;

/// Sums closer than this are equal (values are counts; the margin only absorbs float noise).
const EPSILON: f64 = 1e-6;

/// What an equation is about, for its message.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    /// A T3 column (T3_BALANCE, T3_RESULTS_TOTAL).
    Column(&'static ColumnDef),
    /// A T3 row (T3_ROW_TOTAL) or a T4 group (T4_GROUP_TOTAL).
    Row(&'static RowDef),
}

/// `sum(left) = sum(right)` over cell keys.
#[derive(Debug, Clone)]
pub struct Equation {
    pub rule: Rule,
    pub left: Vec<String>,
    pub right: Vec<String>,
    pub place: Place,
}

impl Equation {
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.left.iter().chain(&self.right)
    }

    pub fn involves(&self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }

    /// Both sides, or `None` when a cell is unread. `value` supplies the cells.
    pub fn sides(&self, value: &dyn Fn(&str) -> Option<f64>) -> Option<(f64, f64)> {
        let sum = |keys: &[String]| keys.iter().map(|k| value(k)).sum::<Option<f64>>();
        Some((sum(&self.left)?, sum(&self.right)?))
    }

    /// `Some(true)` when it holds, `Some(false)` when it fails, `None` when it cannot be checked.
    pub fn holds(&self, value: &dyn Fn(&str) -> Option<f64>) -> Option<bool> {
        self.sides(value).map(|(l, r)| (l - r).abs() < EPSILON)
    }

    /// The value `key` must take for the equation to hold, the other cells unchanged.
    pub fn solve_for(&self, key: &str, value: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        let (l, r) = self.sides(value)?;
        let current = value(key)?;
        if self.left.iter().any(|k| k == key) {
            Some(current + (r - l))
        } else if self.right.iter().any(|k| k == key) {
            Some(current + (l - r))
        } else {
            None
        }
    }
}

/// Every sum equation the report's tables must satisfy, for the tables it has.
pub fn equations(report: &Report) -> Vec<Equation> {
    let Some(v) = report.format_version else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if report.has_table(TableId::T3) {
        out.extend(t3_balance());
        let printed = report.printed_rows(TableId::T3);
        out.extend(t3_row_total(&printed));
        out.extend(t3_results_total(v, &printed));
    }
    if report.has_table(TableId::T4) {
        out.extend(t4_group_total(v));
    }
    out
}

/// The T3 row a rule needs by key; `None` only if the format lost it (then the rule is skipped).
fn t3_row(key: &str) -> Option<&'static RowDef> {
    format::table(TableId::T3).row(key)
}

fn key(table: TableId, row: &RowDef, col: &ColumnDef) -> String {
    format::cell_key(table, row.key, col.key)
}

/// Is this the row's 总计 column (the one the others add up to)?
fn is_total(col: &ColumnDef) -> bool {
    col.key == "total"
}

/// T3_BALANCE: per column, 一 + 二 = 三(七)总计 + 四.
fn t3_balance() -> Vec<Equation> {
    let rows = ["new", "carried_in", "results_total", "carried_out"].map(t3_row);
    let [Some(new), Some(carried_in), Some(results), Some(carried_out)] = rows else {
        return Vec::new();
    };
    new.columns
        .iter()
        .map(|c| Equation {
            rule: Rule::T3Balance,
            left: vec![key(TableId::T3, new, c), key(TableId::T3, carried_in, c)],
            right: vec![
                key(TableId::T3, results, c),
                key(TableId::T3, carried_out, c),
            ],
            place: Place::Column(c),
        })
        .collect()
}

/// T3_ROW_TOTAL: per row, 总计 = the applicant columns.
fn t3_row_total(printed: &[&'static RowDef]) -> Vec<Equation> {
    printed
        .iter()
        .filter_map(|row| total_equation(Rule::T3RowTotal, TableId::T3, row))
        .collect()
}

/// T3_RESULTS_TOTAL: per column, (七)总计 = the result rows of the edition (a collapsed
/// （六）其他处理 in place of its sub-items, when the report prints it so).
fn t3_results_total(v: FormatVersion, printed: &[&'static RowDef]) -> Vec<Equation> {
    let Some(results) = t3_row("results_total") else {
        return Vec::new();
    };
    results
        .columns
        .iter()
        .map(|c| Equation {
            rule: Rule::T3ResultsTotal,
            left: vec![key(TableId::T3, results, c)],
            right: t3::result_rows(v)
                .filter(|r| printed.iter().any(|p| p.key == r.key))
                .chain(
                    printed
                        .iter()
                        .copied()
                        .filter(|p| p.key == "other" && !p.in_version(v)),
                )
                .map(|r| key(TableId::T3, r, c))
                .collect(),
            place: Place::Column(c),
        })
        .collect()
}

/// T4_GROUP_TOTAL: per group, 总计 = 维持 + 纠正 + 其他 + 尚未审结.
fn t4_group_total(v: FormatVersion) -> Vec<Equation> {
    format::table(TableId::T4)
        .rows_for(v)
        .filter_map(|row| total_equation(Rule::T4GroupTotal, TableId::T4, row))
        .collect()
}

/// `total = every other column` for a row that has a 总计 column.
fn total_equation(rule: Rule, table: TableId, row: &'static RowDef) -> Option<Equation> {
    let total = row.columns.iter().find(|c| is_total(c))?;
    Some(Equation {
        rule,
        left: vec![key(table, row, total)],
        right: row
            .columns
            .iter()
            .filter(|c| !is_total(c))
            .map(|c| key(table, row, c))
            .collect(),
        place: Place::Row(row),
    })
}

/// The arithmetic findings of a report, with suspects where the failed checks point at one cell.
pub fn check(report: &Report) -> Vec<Finding> {
    let eqs = equations(report);
    let value = |k: &str| report.value(k);
    let mut failed: Vec<(usize, Finding)> = eqs
        .iter()
        .enumerate()
        .filter_map(|(i, eq)| {
            let (l, r) = eq.sides(&value)?;
            ((l - r).abs() >= EPSILON).then(|| (i, finding(eq, &value, l, r)))
        })
        .collect();
    suspect::annotate(report, &eqs, &mut failed);
    super::scan::annotate(report, &eqs, &mut failed);
    let mut out: Vec<Finding> = failed.into_iter().map(|(_, f)| f).collect();
    out.extend(value_invalid(report));
    out
}

/// The finding for a failed equation whose sides are `l` and `r`.
fn finding(eq: &Equation, value: &dyn Fn(&str) -> Option<f64>, l: f64, r: f64) -> Finding {
    let message = match eq.place {
        Place::Column(c) if eq.rule == Rule::T3Balance => format!(
            "表三“{}”列：第一项加第二项（{}）应等于第三项加第四项（{}），相差 {}。",
            c.label,
            sum_text(&eq.left, value, l),
            sum_text(&eq.right, value, r),
            num((l - r).abs()),
        ),
        Place::Column(c) => format!(
            "表三“{}”列：办理结果各项合计为 {}，但“（七）总计”填写为 {}。",
            c.label,
            num(r),
            num(l),
        ),
        Place::Row(row) if eq.rule == Rule::T3RowTotal => format!(
            "表三“{}”行：各类申请人合计为 {}，但“总计”填写为 {}。",
            row_name(row),
            num(r),
            num(l),
        ),
        Place::Row(row) => {
            let parts: Vec<&ColumnDef> = row.columns.iter().filter(|c| !is_total(c)).collect();
            format!(
                "表四“{}”：{}合计为 {}，但“总计”填写为 {}。",
                group_name(row),
                column_list(&parts),
                num(r),
                num(l),
            )
        }
    };
    // T3_BALANCE: expected is what came in (一 + 二), actual what went out (三 + 四).
    // The 总计 equations have the total on the left: expected is what the parts add up to.
    let (expected, actual) = match eq.rule {
        Rule::T3Balance => (l, r),
        _ => (r, l),
    };
    Finding::new(eq.rule, Severity::Error, message)
        .with_cells(eq.keys().cloned())
        .with_numbers(expected, actual)
}

/// `2 + 0 = 2`
fn sum_text(keys: &[String], value: &dyn Fn(&str) -> Option<f64>, total: f64) -> String {
    let terms: Vec<String> = keys
        .iter()
        .map(|k| value(k).map_or_else(|| "?".to_string(), num))
        .collect();
    format!("{} = {}", terms.join(" + "), num(total))
}

/// VALUE_INVALID: text that is not a number, values over
/// [`MAX_PLAUSIBLE`](crate::recognise::numbers::MAX_PLAUSIBLE), negative values (except 本年增/减), and fractions
/// where a whole number is required.
pub fn value_invalid(report: &Report) -> Vec<Finding> {
    let Some(v) = report.format_version else {
        return Vec::new();
    };
    TableId::ALL
        .into_iter()
        .filter(|t| report.has_table(*t))
        .flat_map(|t| format::cells_of(t, v))
        .filter_map(|def| invalid_finding(report, &def))
        .collect()
}

const TOO_BIG: &str = "超过十亿，不可能是真实的件数或金额，请核对原表。";

fn invalid_finding(report: &Report, def: &CellDef) -> Option<Finding> {
    let key = def.key();
    let cell = report.cell(&key)?;
    // Named only for a cell that has a problem: naming it is most of the work, and most cells
    // have none.
    let place = || key_place(&key);
    let problem = match (cell.state, cell.value) {
        // Ink on a scan the OCR could not read: CELL_UNCERTAIN says so (rules/scan.rs).
        (CellState::Invalid, _) if report.unread_on_scan(&key) => return None,
        (CellState::Invalid, _) => {
            let raw = cell.provenance.raw.trim();
            let place = place();
            if raw.is_empty() {
                format!("{place}填写的内容不是数字。")
            } else if matches!(parse_value(raw), Parsed::Number(_)) {
                format!("{place}填写的“{raw}”{TOO_BIG}")
            } else {
                format!("{place}填写的“{raw}”不是数字。")
            }
        }
        (_, Some(x)) => {
            let shown = || value_text(&key, x);
            match def.column.kind {
                _ if !plausible(x) => format!("{}填写为 {}{TOO_BIG}", place(), shown()),
                ValueKind::Count if x < 0.0 => {
                    format!("{}填写为 {}，不能是负数。", place(), shown())
                }
                ValueKind::Amount if x < 0.0 => {
                    format!("{}填写为 {}，金额不能是负数。", place(), shown())
                }
                ValueKind::Count | ValueKind::Change if x.fract() != 0.0 => {
                    format!("{}填写为 {}，应为整数。", place(), shown())
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(Finding::new(Rule::ValueInvalid, Severity::Error, problem).with_cells([key]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Suspect;
    use crate::rules::testkit::{report, report21, rules, set, set_state};

    /// The tables of seed 000: two natural persons asked, both told 本机关不掌握; T4 has three suits.
    const SEED_000: &[(&str, f64)] = &[
        ("T3.new.natural", 2.0),
        ("T3.new.total", 2.0),
        ("T3.unable_not_held.natural", 2.0),
        ("T3.unable_not_held.total", 2.0),
        ("T3.results_total.natural", 2.0),
        ("T3.results_total.total", 2.0),
        ("T4.suit_direct.corrected", 2.0),
        ("T4.suit_direct.pending", 1.0),
        ("T4.suit_direct.total", 3.0),
    ];

    #[test]
    fn consistent_tables_pass() {
        assert!(check(&report21(SEED_000)).is_empty());
        assert!(check(&report(
            FormatVersion::V2019,
            &TableId::ALL,
            &[
                ("T3.other.legal", 1.0),
                ("T3.other.total", 1.0),
                ("T3.results_total.legal", 1.0),
                ("T3.results_total.total", 1.0),
                ("T3.new.legal", 1.0),
                ("T3.new.total", 1.0)
            ]
        ))
        .is_empty());
    }

    #[test]
    fn equations_follow_the_format() {
        let eqs = equations(&report21(&[]));
        let count = |rule: &str| eqs.iter().filter(|e| e.rule == rule).count();
        assert_eq!(count("T3_BALANCE"), 7);
        assert_eq!(count("T3_ROW_TOTAL"), 25);
        assert_eq!(count("T3_RESULTS_TOTAL"), 7);
        assert_eq!(count("T4_GROUP_TOTAL"), 3);
        let results = eqs.iter().find(|e| e.rule == "T3_RESULTS_TOTAL").unwrap();
        assert_eq!(results.right.len(), 21);
        assert!(results
            .right
            .contains(&"T3.other_other.natural".to_string()));
        let eqs19 = equations(&report(FormatVersion::V2019, &TableId::ALL, &[]));
        let results = eqs19.iter().find(|e| e.rule == "T3_RESULTS_TOTAL").unwrap();
        assert_eq!(results.right.len(), 19);
        assert!(results.right.contains(&"T3.other.natural".to_string()));
    }

    #[test]
    fn balance_failure_names_the_column_and_the_numbers() {
        // 一 + 二 = 2 but 三 + 四 = 3 in the 自然人 column; the row totals agree (total also 3).
        let mut r = report21(SEED_000);
        set(&mut r, "T3.carried_out.natural", 1.0);
        set(&mut r, "T3.carried_out.total", 1.0);
        let f: Vec<Finding> = check(&r)
            .into_iter()
            .filter(|f| f.rule == "T3_BALANCE")
            .collect();
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].message,
            "表三“自然人”列：第一项加第二项（2 + 0 = 2）应等于第三项加第四项（2 + 1 = 3），相差 1。"
        );
        assert_eq!((f[0].expected, f[0].actual), (Some(2.0), Some(3.0)));
        assert_eq!(
            f[0].cells,
            [
                "T3.new.natural",
                "T3.carried_in.natural",
                "T3.results_total.natural",
                "T3.carried_out.natural"
            ]
        );
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn row_total_failure() {
        let mut r = report21(SEED_000);
        set(&mut r, "T3.new.total", 5.0);
        let f = check(&r);
        assert_eq!(rules(&f), ["T3_BALANCE", "T3_ROW_TOTAL"]);
        assert!(f[1].message.starts_with(
            "表三“一、本年新收政府信息公开申请数量”行：各类申请人合计为 2，但“总计”填写为 5。"
        ));
        assert_eq!((f[1].expected, f[1].actual), (Some(2.0), Some(5.0)));
        // Both checks meet in 新收·总计: it is the suspect.
        let s = Some(Suspect {
            cell: "T3.new.total".into(),
            suggested: 2.0,
        });
        assert_eq!(f[0].suspect, s);
        assert_eq!(f[1].suspect, s);
    }

    #[test]
    fn the_mutated_seed_points_at_the_changed_cell() {
        // Seed 000 with 本机关不掌握·自然人 changed 2 → 3.
        let mut r = report21(SEED_000);
        set(&mut r, "T3.unable_not_held.natural", 3.0);
        let f = check(&r);
        assert_eq!(rules(&f), ["T3_ROW_TOTAL", "T3_RESULTS_TOTAL"]);
        for finding in &f {
            assert_eq!(
                finding.suspect,
                Some(Suspect {
                    cell: "T3.unable_not_held.natural".into(),
                    suggested: 2.0
                })
            );
            assert!(finding.message.ends_with(
                "最可能出错的是表三“（四）无法提供 1.本机关不掌握相关政府信息”行“自然人”列（现为 3），改为 2 后各项核对均可通过。"
            ), "{}", finding.message);
        }
        assert_eq!(
            f[1].message.split('。').next().unwrap(),
            "表三“自然人”列：办理结果各项合计为 3，但“（七）总计”填写为 2"
        );
    }

    #[test]
    fn t4_names_a_cell_only_when_the_arithmetic_leaves_one() {
        // Parts 0 + 2 + 0 + 1 = 3, total 5: any part could be 2 more, or the total 2 less.
        let mut r = report21(SEED_000);
        set(&mut r, "T4.suit_direct.total", 5.0);
        let f = check(&r);
        assert_eq!(rules(&f), ["T4_GROUP_TOTAL"]);
        assert_eq!(f[0].suspect, None);
        assert!(f[0].message.starts_with(
            "表四“行政诉讼·未经复议直接起诉”：结果维持、结果纠正、其他结果、尚未审结合计为 3，但“总计”填写为 5"
        ));
        // Parts 1 + 1 + 1 + 0 = 3, total 0: no part can drop by 3, so only the total is wrong.
        let mut r = report21(&[
            ("T4.review.upheld", 1.0),
            ("T4.review.corrected", 1.0),
            ("T4.review.other", 1.0),
        ]);
        let f = check(&r);
        assert_eq!(
            f[0].suspect,
            Some(Suspect {
                cell: "T4.review.total".into(),
                suggested: 3.0
            })
        );
        // Parts 0 + 2 + 0 + 1, total 2: 纠正 or 尚未审结 could each be 1 less: no suspect.
        set(&mut r, "T4.review.upheld", 0.0);
        set(&mut r, "T4.review.other", 0.0);
        set(&mut r, "T4.review.corrected", 2.0);
        set(&mut r, "T4.review.pending", 1.0);
        set(&mut r, "T4.review.total", 2.0);
        assert_eq!(check(&r)[0].suspect, None);
    }

    #[test]
    fn unread_cells_are_not_summed() {
        let mut r = report21(SEED_000);
        set_state(&mut r, "T3.new.natural", CellState::Missing);
        set_state(&mut r, "T4.suit_direct.pending", CellState::Invalid);
        // The row, the balance of 自然人 and T4's group all involve an unread cell: unchecked.
        let f = check(&r);
        assert_eq!(rules(&f), ["VALUE_INVALID"]);
        // A missing cell with a wrong neighbour: the other checks still run.
        set(&mut r, "T3.results_total.total", 3.0);
        let f = check(&r);
        assert!(rules(&f).contains(&"T3_RESULTS_TOTAL"));
        assert!(f
            .iter()
            .all(|x| !x.cells.contains(&"T3.new.natural".to_string())));
    }

    #[test]
    fn invalid_values_are_reported() {
        let mut r = report21(&[]);
        set(&mut r, "T3.granted.natural", -1.0);
        set(&mut r, "T3.granted.total", -1.0);
        set(&mut r, "T3.new.total", 0.5);
        set(&mut r, "T2.fees.amount", 0.35);
        set_state(&mut r, "T2.rules.issued", CellState::Invalid);
        r.cells.get_mut("T2.rules.issued").unwrap().provenance.raw = "若干".into();
        let f = value_invalid(&r);
        assert_eq!(rules(&f), ["VALUE_INVALID"; 4]);
        assert_eq!(f[0].cells, ["T2.rules.issued"]);
        assert!(f[0].message.contains("“若干”不是数字"));
        assert!(f[1].message.contains("0.5，应为整数"));
        assert!(f[2]
            .message
            .contains("“（一）予以公开”行“自然人”列填写为 -1，不能是负数"));
        // 本年增/减 may be negative in the 2019 edition.
        let mut r = report(
            FormatVersion::V2019,
            &TableId::ALL,
            &[("T2.licensing.change", -3.0)],
        );
        assert!(value_invalid(&r).is_empty());
        set(&mut r, "T2.licensing.change", -1.5);
        assert_eq!(rules(&value_invalid(&r)), ["VALUE_INVALID"]);
    }
}
