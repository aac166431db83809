//! Solving: the report's equations split into groups that share no unknown cell, and the missing
//! cells each group fixes filled in.

use super::reasons::{equation_reason, only_value_reason};
use crate::model::{CellState, Report};
use crate::rules::arithmetic::{equations, Equation};
use crate::rules::solve::{solve_within, LinEq, Outcome, Why};
use std::collections::BTreeMap;

/// Known values beyond this are not counts a table holds; their equations are left out.
pub(super) const MAX_VALUE: f64 = 1e12;
/// The equations over the unknown cells, split into groups that share no unknown.
pub(super) struct Component {
    pub(super) keys: Vec<String>,
    pub(super) eqs: Vec<LinEq>,
    /// For each of `eqs`, the equation of the report it comes from.
    pub(super) source: Vec<usize>,
}

/// A known value usable as an integer constant.
pub(super) fn as_count(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < MAX_VALUE).then_some(v as i64)
}

/// Splits the report's equations into components; `fixed` overrides cells (a placement tried).
/// An equation with a known value that is no whole number is left out (fewer equations can only
/// leave more values open, never fill a wrong one).
pub(super) fn components(
    report: &Report,
    eqs: &[Equation],
    fixed: &BTreeMap<String, f64>,
) -> Vec<Component> {
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
pub(super) fn deduce_missing(report: &mut Report, work: &mut usize) {
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

pub(super) fn fill(report: &mut Report, key: &str, v: f64) {
    if let Some(cell) = report.cells.get_mut(key) {
        cell.value = Some(v);
        cell.state = CellState::Deduced;
    }
}
