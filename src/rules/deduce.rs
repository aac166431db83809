//! Cells the reader could not read, worked out from the tables' own arithmetic (VALUE_DEDUCED).
//!
//! The unread cells are unknowns of the tables' equations (T3 row totals, results totals,
//! balance, T4 group totals), every one a whole number ≥ 0. A cell is filled only when the
//! equations leave it exactly one value ([`super::solve`]); a row whose numbers could not be
//! placed in its columns is tried in every placement, and its cells are filled only where every
//! placement consistent with the equations gives the same value. [`deduce`] is a pure function of
//! the other cells: it forgets what it deduced before, so it can be run again after any edit.

use super::arithmetic::{equations, Equation};
use super::names::{key_place, num, row_name};
use super::solve::{solve_within, LinEq, Outcome, Why};
use crate::format::{self, TableId};
use crate::model::{CellState, Deduction, Finding, Report, Severity, UnplacedRow};
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// Work all the deductions of one report may do (see [`solve::WORK_BUDGET`]): about 0.2 s.
const REPORT_WORK: usize = 2 * super::solve::WORK_BUDGET;
/// Placements of one row tried at most (7 columns and 6 numbers: 7).
const MAX_PLACEMENTS: usize = 500;
/// Known values beyond this are not counts a table holds; their equations are left out.
const MAX_VALUE: f64 = 1e12;
/// Deduction fills a few lost cells of a table that was otherwise read. When more than this
/// share of a table's cells would be deduced from nothing printed (a lost page: every row above
/// 5.要求行政机关确认… "deduced" as 0 from the 0s of （七）总计), the table is being rebuilt from
/// its totals, and whether those add up is what the checks are for: none is deduced.
///
/// On the fixtures, seeds and reading corpus, a table otherwise read has no cell deduced from
/// nothing printed (cells of rows whose numbers were read but could not be placed, seed 003's
/// twelve rows of six numbers, are placed, not rebuilt, and do not count); the tables with a lost
/// block have 60 % (the encoding PDFs' 表三, 105 of 175) and the lost first page of the issue
/// 80 % (140 of 175). A quarter sits between, and leaves the few lost cells the unit tests knock
/// out (at most 3 of 表四's 15, 20 %) deduced.
const MAX_DEDUCED_SHARE: (usize, usize) = (1, 4);

/// Fills every cell the arithmetic determines, recording why in `report.deduced`.
pub fn deduce(report: &mut Report) {
    // One budget for all the solving of a report: it runs after every edit, and a table with
    // every cell unread must not take seconds. Out of budget, nothing is claimed.
    let mut work = REPORT_WORK;
    let work = &mut work;
    forget(report);
    deduce_missing(report, work);
    // Placing one row can fix cells that let another row be placed: go round until nothing moves.
    for _ in 0..=report.unplaced.len() {
        let mut moved = false;
        for i in 0..report.unplaced.len() {
            if place_row(report, i, work) {
                moved = true;
                deduce_missing(report, work);
            }
        }
        if !moved {
            break;
        }
    }
    // The unplaced rows' own numbers were left out of the equations above: if one of those rows
    // now fits in no placement, the printed numbers contradict the table and nothing is known.
    if !every_row_still_fits(report, work) || *work == 0 {
        forget(report);
    }
    withhold_rebuilt_tables(report);
}

/// Takes back every deduction of a table that would have more than [`MAX_DEDUCED_SHARE`] of its
/// cells deduced from nothing printed, and records the table in `report.withheld`.
fn withhold_rebuilt_tables(report: &mut Report) {
    let Some(version) = report.format_version else {
        return;
    };
    // Cells of rows whose numbers were read but not placed: placing them is no rebuilding.
    let printed: BTreeSet<String> = report
        .unplaced
        .iter()
        .filter(|row| !row.values.is_empty())
        .flat_map(|row| row.keys.iter().cloned())
        .collect();
    for t in TableId::ALL {
        let keys: Vec<String> = format::cells_of(t, version)
            .iter()
            .map(|d| d.key())
            .collect();
        let deduced = |k: &String| report.deduction(k).is_some();
        let rebuilt = keys
            .iter()
            .filter(|k| deduced(k) && !printed.contains(*k))
            .count();
        let (num, den) = MAX_DEDUCED_SHARE;
        if rebuilt * den <= keys.len() * num {
            continue;
        }
        let taken_back: Vec<String> = keys.into_iter().filter(|k| deduced(k)).collect();
        for key in &taken_back {
            report.deduced.remove(key);
            if let Some(cell) = report.cells.get_mut(key) {
                cell.value = None;
                cell.state = CellState::Missing;
            }
        }
        report.withheld.push(t);
    }
}

/// Does every row whose numbers could not be placed still have a placement consistent with the
/// equations and with what was deduced?
fn every_row_still_fits(report: &Report, work: &mut usize) -> bool {
    let eqs = equations(report);
    report.unplaced.iter().all(|row| {
        !untouched(report, row)
            || placements(row.keys.len(), row.values.len())
                .iter()
                .any(|p| try_placement(report, &eqs, row, p, work).is_some())
    })
}

/// No cell of the row was typed in (all are missing or deduced): its printed numbers still count.
fn untouched(report: &Report, row: &UnplacedRow) -> bool {
    row.keys.iter().all(|k| {
        report
            .cell(k)
            .is_some_and(|c| matches!(c.state, CellState::Missing | CellState::Deduced))
    })
}

/// Every deduced cell back to missing: deductions follow from the other cells alone.
fn forget(report: &mut Report) {
    report.deduced.clear();
    report.withheld.clear();
    for cell in report.cells.values_mut() {
        if cell.state == CellState::Deduced {
            cell.value = None;
            cell.state = CellState::Missing;
        }
    }
}

/// The equations over the unknown cells, split into groups that share no unknown.
struct Component {
    keys: Vec<String>,
    eqs: Vec<LinEq>,
    /// For each of `eqs`, the equation of the report it comes from.
    source: Vec<usize>,
}

/// A known value usable as an integer constant.
fn as_count(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < MAX_VALUE).then_some(v as i64)
}

/// Splits the report's equations into components; `fixed` overrides cells (a placement tried).
/// An equation with a known value that is no whole number is left out (fewer equations can only
/// leave more values open, never fill a wrong one).
fn components(report: &Report, eqs: &[Equation], fixed: &BTreeMap<String, f64>) -> Vec<Component> {
    let value = |k: &str| fixed.get(k).copied().or_else(|| report.value(k));
    let mut var_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut lin: Vec<(usize, LinEq)> = Vec::new();
    'eqs: for (e, eq) in eqs.iter().enumerate() {
        let mut terms = Vec::new();
        let mut constant: i64 = 0;
        let sides = eq
            .left
            .iter()
            .map(|k| (k, 1))
            .chain(eq.right.iter().map(|k| (k, -1)));
        for (k, sign) in sides {
            match value(k) {
                Some(v) => match as_count(v) {
                    Some(v) => constant -= sign * v,
                    None => continue 'eqs,
                },
                None => {
                    let next = keys.len();
                    let i = *var_of.entry(k.as_str()).or_insert(next);
                    if i == next {
                        keys.push(k.as_str());
                    }
                    terms.push((i, sign));
                }
            }
        }
        if !terms.is_empty() {
            lin.push((e, LinEq { terms, constant }));
        }
    }
    // Union-find over the unknowns an equation ties together.
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (_, eq) in &lin {
        if let Some(&(first, _)) = eq.terms.first() {
            for &(i, _) in &eq.terms[1..] {
                let (a, b) = (root(&mut parent, first), root(&mut parent, i));
                parent[a] = b;
            }
        }
    }
    let mut by_root: BTreeMap<usize, Component> = BTreeMap::new();
    let mut local: Vec<Option<(usize, usize)>> = vec![None; keys.len()];
    for (i, key) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        let c = by_root.entry(r).or_insert_with(|| Component {
            keys: Vec::new(),
            eqs: Vec::new(),
            source: Vec::new(),
        });
        local[i] = Some((r, c.keys.len()));
        c.keys.push(key.to_string());
    }
    for (e, eq) in lin {
        let Some(&(first, _)) = eq.terms.first() else {
            continue;
        };
        let Some((r, _)) = local[first] else { continue };
        let terms = eq
            .terms
            .iter()
            .filter_map(|&(i, c)| local[i].map(|(_, j)| (j, c)))
            .collect();
        if let Some(c) = by_root.get_mut(&r) {
            c.eqs.push(LinEq {
                terms,
                constant: eq.constant,
            });
            c.source.push(e);
        }
    }
    by_root.into_values().collect()
}

/// Fills the missing cells the equations fix, in every component that has a solution.
fn deduce_missing(report: &mut Report, work: &mut usize) {
    let eqs = equations(report);
    let mut found: Vec<(String, i64, Vec<usize>, Why)> = Vec::new();
    for c in components(report, &eqs, &BTreeMap::new()) {
        let Outcome::Feasible { fixed } = solve_within(c.keys.len(), &c.eqs, work) else {
            continue;
        };
        for (i, f) in fixed.iter().enumerate() {
            let Some((v, why)) = *f else { continue };
            let fillable = report
                .cell(&c.keys[i])
                // A cell the clerk cleared stays empty: that was their choice, not a gap in reading.
                .is_some_and(|cell| cell.state == CellState::Missing && !cell.is_edited());
            if fillable {
                let around: Vec<usize> = c
                    .eqs
                    .iter()
                    .zip(&c.source)
                    .filter(|(eq, _)| eq.terms.iter().any(|&(j, _)| j == i))
                    .map(|(_, &s)| s)
                    .collect();
                let why = match why {
                    Why::Equation(e) => Why::Equation(c.source[e]),
                    Why::OnlyValue => Why::OnlyValue,
                };
                found.push((c.keys[i].clone(), v, around, why));
            }
        }
    }
    for (key, v, _, _) in &found {
        fill(report, key, *v as f64);
    }
    // Reasons are written once every value is in, so they can quote the cells deduced alongside.
    for (key, v, around, why) in found {
        let deduction = match why {
            Why::Equation(e) => equation_reason(report, &eqs[e], &key, v),
            Why::OnlyValue => only_value_reason(report, &eqs, &around, &key, v),
        };
        report.deduced.insert(key, deduction);
    }
}

fn fill(report: &mut Report, key: &str, v: f64) {
    if let Some(cell) = report.cells.get_mut(key) {
        cell.value = Some(v);
        cell.state = CellState::Deduced;
    }
}

/// `表三“（七）总计”行“自然人”列`, or the first of several and how many.
fn describe(keys: &[&String]) -> String {
    match keys {
        [] => String::new(),
        [one] => key_place(one),
        [a, b] => format!("{}与{}之和", key_place(a), key_place(b)),
        [first, ..] => format!("{}等 {} 项之和", key_place(first), keys.len()),
    }
}

/// Why `key` is `v` by one equation: the other side is known, and the rest of its own side too
/// (or the rest cannot be negative).
fn equation_reason(report: &Report, eq: &Equation, key: &str, v: i64) -> Deduction {
    let (own, other) = if eq.left.iter().any(|k| k == key) {
        (&eq.left, &eq.right)
    } else {
        (&eq.right, &eq.left)
    };
    let rest: Vec<&String> = own.iter().filter(|k| *k != key).collect();
    let other: Vec<&String> = other.iter().collect();
    let sum = |keys: &[&String]| keys.iter().map(|k| report.value(k)).sum::<Option<f64>>();
    let known = |keys: &[&String]| -> Vec<String> {
        keys.iter()
            .filter(|k| report.value(k).is_some())
            .map(|k| k.to_string())
            .collect()
    };
    let everything_else: Vec<&String> = other.iter().chain(&rest).copied().collect();
    let (reason, from) = match (sum(&other), sum(&rest)) {
        (Some(o), _) if v == 0 && o == 0.0 => (
            format!("根据{}为 0 且各项不能为负，推得为 0", describe(&other)),
            known(&other),
        ),
        (Some(o), Some(s)) if !rest.is_empty() => (
            format!(
                "根据{}为 {}，{}为 {}，推得为 {v}",
                describe(&other),
                num(o),
                describe(&rest),
                num(s)
            ),
            known(&everything_else),
        ),
        (Some(o), _) if rest.is_empty() => (
            format!("根据{}为 {}，推得为 {v}", describe(&other), num(o)),
            known(&other),
        ),
        (Some(o), _) if v == 0 => (
            format!(
                "根据{}为 {}，已读出的各项合计已是 {}，其余各项不能为负，推得为 0",
                describe(&other),
                num(o),
                num(o)
            ),
            known(&everything_else),
        ),
        _ => (
            format!("根据表内各项的勾稽关系，只能为 {v}"),
            known(&everything_else),
        ),
    };
    Deduction { from, reason }
}

/// Why `key` is `v` when only trying every value showed it.
fn only_value_reason(
    report: &Report,
    eqs: &[Equation],
    around: &[usize],
    key: &str,
    v: i64,
) -> Deduction {
    let from: BTreeSet<String> = around
        .iter()
        .filter_map(|&e| eqs.get(e))
        .flat_map(|eq| eq.keys())
        .filter(|k| *k != key && report.value(k).is_some())
        .cloned()
        .collect();
    Deduction {
        from: from.into_iter().collect(),
        reason: format!("表内各项的勾稽关系同时成立时，这一格只能为 {v}"),
    }
}

/// Every way of putting `k` numbers into `n` columns in order: for each column, the number it
/// gets (`None`: none, when fewer were read). With more numbers than columns, some are left out.
fn placements(n: usize, k: usize) -> Vec<Vec<Option<usize>>> {
    let mut out = Vec::new();
    if k < n {
        for chosen in combinations(n, k) {
            let mut p = vec![None; n];
            for (value, &col) in chosen.iter().enumerate() {
                p[col] = Some(value);
            }
            out.push(p);
        }
    } else {
        for kept in combinations(k, n) {
            out.push(kept.into_iter().map(Some).collect());
        }
    }
    out
}

/// The `k`-element subsets of `0..n` in increasing order, or none past [`MAX_PLACEMENTS`].
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(n: usize, k: usize, start: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() > MAX_PLACEMENTS {
            return;
        }
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            go(n, k, i + 1, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(n, k, 0, &mut Vec::new(), &mut out);
    if out.len() > MAX_PLACEMENTS {
        out.clear();
    }
    out
}

/// What one placement of a row gives its cells: `None` when it contradicts the equations,
/// `Some(Err(()))` when the search could not tell.
type Tried = Option<Result<Vec<Option<i64>>, ()>>;

fn try_placement(
    report: &Report,
    eqs: &[Equation],
    row: &UnplacedRow,
    p: &[Option<usize>],
    work: &mut usize,
) -> Tried {
    let mut fixed = BTreeMap::new();
    for (key, slot) in row.keys.iter().zip(p) {
        let Some(v) = slot.and_then(|i| row.values.get(i).copied().flatten()) else {
            continue;
        };
        // A cell deduced already must agree with the number put there.
        if let Some(d) = report.value(key) {
            if d != v {
                return None;
            }
        }
        fixed.insert(key.clone(), v);
    }
    let value = |k: &str| fixed.get(k).copied().or_else(|| report.value(k));
    // Equations the placement completes must hold.
    for eq in eqs
        .iter()
        .filter(|eq| row.keys.iter().any(|k| eq.involves(k)))
    {
        if eq.holds(&value) == Some(false) {
            return None;
        }
    }
    let mut out: Vec<Option<i64>> = row
        .keys
        .iter()
        .map(|k| fixed.get(k).and_then(|v| as_count(*v)))
        .collect();
    let touched = |c: &Component| {
        c.source
            .iter()
            .any(|&e| row.keys.iter().any(|k| eqs[e].involves(k)))
    };
    for c in components(report, eqs, &fixed)
        .iter()
        .filter(|c| touched(c))
    {
        match solve_within(c.keys.len(), &c.eqs, work) {
            Outcome::Infeasible => return None,
            Outcome::Unknown => return Some(Err(())),
            Outcome::Feasible { fixed: solved } => {
                for (i, f) in solved.iter().enumerate() {
                    if let (Some(at), Some((v, _))) =
                        (row.keys.iter().position(|k| *k == c.keys[i]), f)
                    {
                        out[at] = Some(*v);
                    }
                }
            }
        }
    }
    Some(Ok(out))
}

/// Tries every placement of unplaced row `i`; fills the cells on which all consistent ones agree.
fn place_row(report: &mut Report, i: usize, work: &mut usize) -> bool {
    let Some(row) = report.unplaced.get(i).cloned() else {
        return false;
    };
    let state = |k: &str| report.cell(k).map(|c| c.state);
    if !untouched(report, &row)
        || !row
            .keys
            .iter()
            .any(|k| state(k) == Some(CellState::Missing))
    {
        return false;
    }
    let all = placements(row.keys.len(), row.values.len());
    let eqs = equations(report);
    let mut agreed: Option<Vec<Option<i64>>> = None;
    let mut consistent = 0;
    for p in &all {
        match try_placement(report, &eqs, &row, p, work) {
            None => {}
            Some(Err(())) => return false,
            Some(Ok(values)) => {
                consistent += 1;
                agreed = Some(match agreed {
                    None => values,
                    Some(a) => a
                        .iter()
                        .zip(&values)
                        .map(|(x, y)| if x == y { *x } else { None })
                        .collect(),
                });
            }
        }
    }
    let Some(agreed) = agreed else { return false };
    let mut filled = false;
    for (key, v) in row.keys.iter().zip(agreed) {
        let missing = report
            .cell(key)
            .is_some_and(|c| c.state == CellState::Missing && !c.is_edited());
        let (Some(v), true) = (v, missing) else {
            continue;
        };
        let from: BTreeSet<String> = eqs
            .iter()
            .filter(|eq| eq.involves(key))
            .flat_map(|eq| eq.keys())
            .filter(|k| !row.keys.contains(k) && report.value(k).is_some())
            .cloned()
            .collect();
        let how = if consistent == 1 {
            "只有一种与表内勾稽关系相符".to_string()
        } else {
            format!("有 {consistent} 种与表内勾稽关系相符，且都给出这一格为 {v}")
        };
        let reason = format!(
            "本行应有 {} 个数，读到 {} 个（{}）；{} 种可能的排列中{how}，推得为 {v}",
            row.keys.len(),
            row.values.len(),
            row.raw.join(" "),
            all.len(),
        );
        fill(report, key, v as f64);
        let from = from.into_iter().collect();
        report
            .deduced
            .insert(key.clone(), Deduction { from, reason });
        filled = true;
    }
    filled
}

/// VALUE_DEDUCED: one warning per row with deduced cells, naming the values and why.
pub fn value_deduced(report: &Report) -> Vec<Finding> {
    let Some(v) = report.format_version else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in TableId::ALL.into_iter().filter(|t| report.has_table(*t)) {
        let defs = format::cells_of(t, v);
        let mut rows: Vec<Vec<&format::CellDef>> = Vec::new();
        for d in defs.iter().filter(|d| report.deduction(&d.key()).is_some()) {
            match rows.last_mut() {
                Some(r) if r[0].row.key == d.row.key => r.push(d),
                _ => rows.push(vec![d]),
            }
        }
        out.extend(rows.iter().map(|r| row_finding(report, r)));
    }
    out
}

fn row_finding(report: &Report, row: &[&format::CellDef]) -> Finding {
    let keys: Vec<String> = row.iter().map(|d| d.key()).collect();
    let place = match row[0].table {
        TableId::T4 => format!("表四“{}”", super::names::group_name(row[0].row)),
        t => format!(
            "{}“{}”行",
            super::names::table_name(t),
            row_name(row[0].row)
        ),
    };
    let values: Vec<String> = row
        .iter()
        .zip(&keys)
        .map(|(d, k)| {
            format!(
                "{} {}",
                d.column.label,
                report.value(k).map_or("?".into(), num)
            )
        })
        .collect();
    let deductions: Vec<&Deduction> = keys.iter().filter_map(|k| report.deduction(k)).collect();
    let why = zero_row_reason(report, &keys, &deductions).unwrap_or_else(|| {
        let mut reasons: Vec<&str> = Vec::new();
        for d in &deductions {
            if !reasons.contains(&d.reason.as_str()) {
                reasons.push(&d.reason);
            }
        }
        let more = if reasons.len() > 2 { "；等" } else { "" };
        format!("{}{more}", reasons[..reasons.len().min(2)].join("；"))
    });
    let message = format!(
        "{place}有 {} 格未能直接读出，已由表内数字推得（{}）：{why}。如与原文不符，请改正。",
        keys.len(),
        values.join("、"),
    );
    Finding::new(Rule::ValueDeduced, Severity::Warning, message).with_cells(keys)
}

/// `根据表三“（七）总计”行各列为 0 且各项不能为负，推得均为 0`: the common case said once.
fn zero_row_reason(report: &Report, keys: &[String], ds: &[&Deduction]) -> Option<String> {
    let all_zero = keys.iter().all(|k| report.value(k) == Some(0.0));
    let rows: BTreeSet<String> = ds
        .iter()
        .filter(|d| d.from.len() == 1 && d.reason.contains("为 0 且各项不能为负"))
        .filter_map(|d| format::cell_def(&d.from[0]))
        .map(|def| {
            format!(
                "{}“{}”行",
                super::names::table_name(def.table),
                row_name(def.row)
            )
        })
        .collect();
    let every = ds.len() == keys.len()
        && ds
            .iter()
            .all(|d| d.from.len() == 1 && d.reason.contains("为 0 且各项不能为负"));
    (all_zero && every && rows.len() == 1).then(|| {
        let source = rows.into_iter().next().unwrap_or_default();
        format!("根据{source}相应各列为 0 且各项不能为负，推得均为 0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{t3, FormatVersion};
    use crate::rules::testkit::{report, set, set_state};

    /// A small deterministic generator (xorshift), so the property test needs no crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// A random consistent 2021 report: a few non-zero result cells, carried-out and carried-in
    /// amounts, 一 making each column balance, every 总计 the sum of its parts; T4 likewise.
    fn consistent_report(rng: &mut Rng) -> Report {
        let v = FormatVersion::V2021;
        let mut r = report(v, &TableId::ALL, &[]);
        let t3def = format::table(TableId::T3);
        let parts: Vec<&str> = [
            "natural",
            "commercial",
            "research",
            "social",
            "legal",
            "other",
        ]
        .into();
        let result_rows: Vec<&str> = t3::result_rows(v).map(|row| row.key).collect();
        let cell = |r: &mut Report, k: String, x: f64| set(r, &k, x);
        for _ in 0..rng.below(4) {
            let row = result_rows[rng.below(result_rows.len() as u64) as usize];
            let col = parts[rng.below(parts.len() as u64) as usize];
            let k = format!("T3.{row}.{col}");
            let now = r.value(&k).unwrap_or(0.0);
            cell(&mut r, k, now + 1.0 + rng.below(2) as f64);
        }
        for col in &parts {
            let results: f64 = result_rows
                .iter()
                .map(|row| r.value(&format!("T3.{row}.{col}")).unwrap_or(0.0))
                .sum();
            let out = rng.below(2) as f64;
            let total_in = results + out;
            let carried_in = rng.below(total_in as u64 + 1).min(1) as f64;
            cell(&mut r, format!("T3.results_total.{col}"), results);
            cell(&mut r, format!("T3.carried_out.{col}"), out);
            cell(&mut r, format!("T3.carried_in.{col}"), carried_in);
            cell(&mut r, format!("T3.new.{col}"), total_in - carried_in);
        }
        for row in t3def.rows_for(v) {
            let sum: f64 = parts
                .iter()
                .map(|c| r.value(&format!("T3.{}.{c}", row.key)).unwrap_or(0.0))
                .sum();
            cell(&mut r, format!("T3.{}.total", row.key), sum);
        }
        for row in format::table(TableId::T4).rows_for(v) {
            let mut sum = 0.0;
            for c in row.columns.iter().filter(|c| c.key != "total") {
                let x = rng.below(3) as f64;
                sum += x;
                cell(&mut r, format!("T4.{}.{}", row.key, c.key), x);
            }
            cell(&mut r, format!("T4.{}.total", row.key), sum);
        }
        r
    }

    /// Every value each of `keys` takes in some solution with all of them in `0..=bound`, by
    /// trying every assignment against every equation that involves them.
    fn brute_force(r: &Report, keys: &[String], bound: i64) -> Vec<BTreeSet<i64>> {
        let eqs: Vec<Equation> = equations(r)
            .into_iter()
            .filter(|e| keys.iter().any(|k| e.involves(k)))
            .collect();
        let mut seen = vec![BTreeSet::new(); keys.len()];
        let mut assign = vec![0i64; keys.len()];
        loop {
            let value = |k: &str| match keys.iter().position(|x| x == k) {
                Some(i) => Some(assign[i] as f64),
                None => r.value(k),
            };
            if eqs.iter().all(|e| e.holds(&value) == Some(true)) {
                for (i, s) in seen.iter_mut().enumerate() {
                    s.insert(assign[i]);
                }
            }
            // Next assignment, as an odometer.
            let mut i = 0;
            while i < assign.len() && assign[i] == bound {
                assign[i] = 0;
                i += 1;
            }
            if i == assign.len() {
                return seen;
            }
            assign[i] += 1;
        }
    }

    #[test]
    fn deduced_values_are_the_knocked_out_ones_and_only_unique_ones_are_deduced() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let keys: Vec<String> = [TableId::T3, TableId::T4]
            .into_iter()
            .flat_map(|t| format::cells_of(t, FormatVersion::V2021))
            .map(|d| d.key())
            .collect();
        let (mut deduced, mut open) = (0, 0);
        for case in 0..150 {
            let truth = consistent_report(&mut rng);
            let mut r = truth.clone();
            let out = if case % 3 == 0 {
                ambiguous_knockout(&truth, &mut rng)
            } else {
                random_knockout(&keys, &mut rng)
            };
            for k in &out {
                set_state(&mut r, k, CellState::Missing);
            }
            deduce(&mut r);
            let max = truth
                .cells
                .values()
                .filter_map(|c| c.value)
                .fold(0.0, f64::max) as i64;
            let solutions = brute_force(&r_without_deductions(&r, &out), &out, 2 * max + 2);
            for (i, k) in out.iter().enumerate() {
                let cell = r.cell(k).unwrap();
                let unique = solutions[i].len() == 1;
                match cell.state {
                    CellState::Deduced => {
                        deduced += 1;
                        assert_eq!(cell.value, truth.value(k), "case {case}: {k} of {out:?}");
                        assert!(
                            unique,
                            "case {case}: {k} deduced but {:?} fit",
                            solutions[i]
                        );
                        assert!(r.deduction(k).is_some_and(|d| !d.reason.is_empty()));
                    }
                    _ => {
                        open += 1;
                        assert!(
                            !unique,
                            "case {case}: {k} of {out:?} is determined ({:?}) but not deduced",
                            solutions[i]
                        );
                    }
                }
            }
        }
        // The cases must exercise both outcomes.
        assert!(deduced > 50 && open > 10, "{deduced} deduced, {open} open");
    }

    /// One to three cells, often near each other in the table so that they share equations.
    fn random_knockout(keys: &[String], rng: &mut Rng) -> Vec<String> {
        let first = rng.below(keys.len() as u64) as usize;
        let picked: BTreeSet<String> = (0..1 + rng.below(3))
            .map(|_| {
                let near = (first + rng.below(16) as usize) % keys.len();
                let far = rng.below(keys.len() as u64) as usize;
                keys[if rng.below(2) == 0 { near } else { far }].clone()
            })
            .collect();
        picked.into_iter().collect()
    }

    /// A non-zero result cell, the same column of another result row, and both rows' 总计: their
    /// column fixes only the sum of the two, so the values may move between the rows.
    fn ambiguous_knockout(truth: &Report, rng: &mut Rng) -> Vec<String> {
        let rows: Vec<&str> = t3::result_rows(FormatVersion::V2021)
            .map(|r| r.key)
            .collect();
        let non_zero = truth
            .cells
            .iter()
            .filter(|(k, c)| {
                c.value.is_some_and(|v| v > 0.0)
                    && !k.ends_with(".total")
                    && rows.iter().any(|r| k.starts_with(&format!("T3.{r}.")))
            })
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>();
        let Some(key) = non_zero.get(rng.below(non_zero.len().max(1) as u64) as usize) else {
            return vec!["T3.granted.total".to_string()];
        };
        let parts: Vec<&str> = key.split('.').collect();
        let other = rows
            .iter()
            .find(|r| **r != parts[1])
            .copied()
            .unwrap_or("granted");
        let mut out = vec![
            key.clone(),
            format!("T3.{}.total", parts[1]),
            format!("T3.{other}.{}", parts[2]),
            format!("T3.{other}.total"),
        ];
        out.sort();
        out
    }

    /// The report as the oracle must see it: the knocked-out cells unknown again.
    fn r_without_deductions(r: &Report, out: &[String]) -> Report {
        let mut r = r.clone();
        for k in out {
            set_state(&mut r, k, CellState::Missing);
        }
        r
    }

    #[test]
    fn deduction_is_recomputed_from_the_other_cells() {
        let mut r = report(FormatVersion::V2021, &TableId::ALL, &[]);
        set_state(&mut r, "T4.review.total", CellState::Missing);
        deduce(&mut r);
        assert_eq!(r.cell("T4.review.total").unwrap().state, CellState::Deduced);
        assert_eq!(r.value("T4.review.total"), Some(0.0));
        let why = r.deduction("T4.review.total").unwrap();
        assert!(why.reason.contains("推得为 0"), "{}", why.reason);
        // An edit of a cell it follows from changes it; running again changes nothing.
        r.set_value("T4.review.upheld", Some(2.0));
        assert_eq!(r.value("T4.review.total"), Some(2.0));
        let once = r.clone();
        deduce(&mut r);
        assert_eq!(r, once);
        // Two unknowns under a non-zero total: neither is filled.
        r.set_value("T4.review.corrected", None);
        assert_eq!(r.value("T4.review.total"), None);
        assert_eq!(r.value("T4.review.corrected"), None);
        assert!(r.deduction("T4.review.total").is_none());
    }
}
