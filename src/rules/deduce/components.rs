//! Solving: the report's equations split into groups that share no unknown cell, and the missing
//! cells each group fixes filled in.

use super::reasons::{equation_reason, only_value_reason};
use crate::model::{CellState, Report};
use crate::rules::arithmetic::{equations, Equation};
use crate::rules::solve::{solve_within, LinEq, Outcome, Why};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Known values beyond this are not counts a table holds; their equations are left out.
pub(super) const MAX_VALUE: f64 = 1e12;
/// The equations over the unknown cells, split into groups that share no unknown.
pub(super) struct Component {
    /// The cell (numbered as in [`Numbered`]) each unknown is.
    pub(super) cells: Vec<usize>,
    pub(super) eqs: Vec<LinEq>,
    /// For each of `eqs`, the equation of the report it comes from.
    pub(super) source: Vec<usize>,
}

/// A known value usable as an integer constant.
pub(super) fn as_count(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < MAX_VALUE).then_some(v as i64)
}

/// The report's equations over numbered cells, with the values the report has. Built once,
/// then split into components for every placement of a row tried: looking cells up by key in
/// each of a few hundred placements was most of the time on a table of unplaced rows.
pub(super) struct Numbered<'a> {
    eqs: &'a [Equation],
    keys: Vec<&'a str>,
    index: FxHashMap<&'a str, usize>,
    known: Vec<Option<f64>>,
    /// Per equation of the report: `(cell, 1)` for its left side, then `(cell, -1)` for its right.
    terms: Vec<Vec<(usize, i64)>>,
}

impl<'a> Numbered<'a> {
    pub(super) fn new(report: &Report, eqs: &'a [Equation]) -> Numbered<'a> {
        let mut n = Numbered {
            eqs,
            keys: Vec::new(),
            index: FxHashMap::default(),
            known: Vec::new(),
            terms: Vec::with_capacity(eqs.len()),
        };
        for eq in eqs {
            let mut terms = Vec::with_capacity(eq.left.len() + eq.right.len());
            for (k, sign) in eq
                .left
                .iter()
                .map(|k| (k, 1))
                .chain(eq.right.iter().map(|k| (k, -1)))
            {
                let cell = match n.index.get(k.as_str()) {
                    Some(&c) => c,
                    None => {
                        let c = n.keys.len();
                        n.index.insert(k.as_str(), c);
                        n.keys.push(k.as_str());
                        n.known.push(report.value(k));
                        c
                    }
                };
                terms.push((cell, sign));
            }
            n.terms.push(terms);
        }
        n
    }

    /// The number of the cell `key`, when an equation has it.
    pub(super) fn cell(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub(super) fn key(&self, cell: usize) -> &'a str {
        self.keys[cell]
    }

    /// Does equation `e` have one of `cells`?
    pub(super) fn involves_any(&self, e: usize, cells: &[usize]) -> bool {
        self.terms[e].iter().any(|(c, _)| cells.contains(c))
    }

    /// The cell's value with `fixed` overriding the report's.
    fn value(&self, cell: usize, fixed: &[(usize, f64)]) -> Option<f64> {
        match fixed.iter().find(|(c, _)| *c == cell) {
            Some(&(_, v)) => Some(v),
            None => self.known[cell],
        }
    }

    /// [`Equation::holds`] of equation `e` with `fixed` overriding the report's values.
    pub(super) fn holds(&self, e: usize, fixed: &[(usize, f64)]) -> Option<bool> {
        self.eqs[e].holds(&|k| self.cell(k).and_then(|c| self.value(c, fixed)))
    }

    /// Splits the equations into components; `fixed` overrides cells (a placement tried). An
    /// equation with a known value that is no whole number is left out (fewer equations can only
    /// leave more values open, never fill a wrong one).
    pub(super) fn components(&self, fixed: &[(usize, f64)]) -> Vec<Component> {
        // The unknown each cell is (numbered in order of first appearance), if it is one.
        let mut var_of: Vec<Option<usize>> = vec![None; self.keys.len()];
        let mut cells: Vec<usize> = Vec::new();
        let mut lin: Vec<(usize, LinEq)> = Vec::new();
        'eqs: for (e, eq_terms) in self.terms.iter().enumerate() {
            let mut terms = Vec::new();
            let mut constant: i64 = 0;
            for &(cell, sign) in eq_terms {
                match self.value(cell, fixed) {
                    Some(v) => match as_count(v) {
                        Some(v) => constant -= sign * v,
                        None => continue 'eqs,
                    },
                    None => {
                        let i = *var_of[cell].get_or_insert_with(|| {
                            cells.push(cell);
                            cells.len() - 1
                        });
                        terms.push((i, sign));
                    }
                }
            }
            if !terms.is_empty() {
                lin.push((e, LinEq { terms, constant }));
            }
        }
        group(cells, lin)
    }
}

/// Groups the equations over unknowns `0..cells.len()` by the unknowns they share, each group
/// renumbered from 0.
fn group(cells: Vec<usize>, lin: Vec<(usize, LinEq)>) -> Vec<Component> {
    // Union-find over the unknowns an equation ties together.
    let mut parent: Vec<usize> = (0..cells.len()).collect();
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
    let mut local: Vec<Option<(usize, usize)>> = vec![None; cells.len()];
    for (i, &cell) in cells.iter().enumerate() {
        let r = root(&mut parent, i);
        let c = by_root.entry(r).or_insert_with(|| Component {
            cells: Vec::new(),
            eqs: Vec::new(),
            source: Vec::new(),
        });
        local[i] = Some((r, c.cells.len()));
        c.cells.push(cell);
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
    let numbered = Numbered::new(report, &eqs);
    let mut found: Vec<(String, i64, Vec<usize>, Why)> = Vec::new();
    for c in numbered.components(&[]) {
        let Outcome::Feasible { fixed } = solve_within(c.cells.len(), &c.eqs, work) else {
            continue;
        };
        for (i, f) in fixed.iter().enumerate() {
            let Some((v, why)) = *f else { continue };
            let key = numbered.key(c.cells[i]);
            let fillable = report
                .cell(key)
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
                found.push((key.to_string(), v, around, why));
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
