//! Rows whose numbers could not be placed in their columns: every placement tried, and the
//! cells filled only where all placements consistent with the equations agree.

use super::components::{as_count, fill, Component, Numbered};
use super::untouched;
use crate::model::{CellState, Deduction, Report, UnplacedRow};
use crate::rules::arithmetic::{equations, Equation};
use crate::rules::solve::{solve_for, Outcome};
use std::collections::BTreeSet;

/// Placements of one row tried at most (7 columns and 6 numbers: 7).
pub(super) const MAX_PLACEMENTS: usize = 500;
/// Every way of putting `k` numbers into `n` columns in order: for each column, the number it
/// gets (`None`: none, when fewer were read). With more numbers than columns, some are left out.
pub(super) fn placements(n: usize, k: usize) -> Vec<Vec<Option<usize>>> {
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
pub(super) fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
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
pub(super) type Tried = Option<Result<Vec<Option<i64>>, ()>>;

/// One unplaced row to be tried in its placements, against the report's equations.
pub(super) struct Placing<'a> {
    report: &'a Report,
    numbered: Numbered<'a>,
    row: &'a UnplacedRow,
    /// The number of each of the row's cells that an equation has.
    cells: Vec<Option<usize>>,
    /// The equations that have one of the row's cells.
    row_eqs: Vec<usize>,
}

impl<'a> Placing<'a> {
    pub(super) fn new(report: &'a Report, eqs: &'a [Equation], row: &'a UnplacedRow) -> Self {
        let numbered = Numbered::new(report, eqs);
        let cells: Vec<Option<usize>> = row.keys.iter().map(|k| numbered.cell(k)).collect();
        let present: Vec<usize> = cells.iter().flatten().copied().collect();
        let row_eqs = (0..eqs.len())
            .filter(|&e| numbered.involves_any(e, &present))
            .collect();
        Placing {
            report,
            numbered,
            row,
            cells,
            row_eqs,
        }
    }

    /// What placement `p` gives the row's cells.
    pub(super) fn try_placement(&self, p: &[Option<usize>], work: &mut usize) -> Tried {
        let row = self.row;
        let mut out: Vec<Option<i64>> = vec![None; row.keys.len()];
        let mut fixed: Vec<(usize, f64)> = Vec::new();
        for (at, (key, slot)) in row.keys.iter().zip(p).enumerate() {
            let Some(v) = slot.and_then(|i| row.values.get(i).copied().flatten()) else {
                continue;
            };
            // A cell deduced already must agree with the number put there.
            if let Some(d) = self.report.value(key) {
                if d != v {
                    return None;
                }
            }
            if let Some(cell) = self.cells[at] {
                fixed.push((cell, v));
            }
            out[at] = as_count(v);
        }
        // Equations the placement completes must hold.
        if self
            .row_eqs
            .iter()
            .any(|&e| self.numbered.holds(e, &fixed) == Some(false))
        {
            return None;
        }
        let touched = |c: &Component| c.source.iter().any(|e| self.row_eqs.contains(e));
        for c in self
            .numbered
            .components(&fixed)
            .iter()
            .filter(|c| touched(c))
        {
            let at = |i: usize| self.cells.iter().position(|&x| x == Some(c.cells[i]));
            let in_row = |i: usize| at(i).is_some();
            match solve_for(c.cells.len(), &c.eqs, &in_row, work) {
                Outcome::Infeasible => return None,
                Outcome::Unknown => return Some(Err(())),
                Outcome::Feasible { fixed: solved } => {
                    for (i, f) in solved.iter().enumerate() {
                        if let (Some(at), Some((v, _))) = (at(i), f) {
                            out[at] = Some(*v);
                        }
                    }
                }
            }
        }
        Some(Ok(out))
    }
}

/// Tries every placement of unplaced row `i`; fills the cells on which all consistent ones agree.
pub(super) fn place_row(report: &mut Report, i: usize, work: &mut usize) -> bool {
    let Some(row) = report.unplaced.get(i).cloned() else {
        return false;
    };
    // On a scan, text where a figure belongs (`I4`, `？` for ink the OCR could not read) may be
    // a misread figure: a placement that drops it or takes it as nothing would be a guess.
    if !report.ocr.is_empty() && row.values.iter().any(Option::is_none) {
        return false;
    }
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
    let placing = Placing::new(report, &eqs, &row);
    let mut agreed: Option<Vec<Option<i64>>> = None;
    let mut consistent = 0;
    for p in &all {
        match placing.try_placement(p, work) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OcrReading;
    use crate::rules::testkit::{report21, set_state};

    /// 表四's 行政复议 row unread, its six printed pieces left for placing: 2, text, 0, 0, 0, 2.
    fn with_unplaced_review() -> Report {
        let mut r = report21(&[]);
        let keys: Vec<String> = ["upheld", "corrected", "other", "pending", "total"]
            .iter()
            .map(|c| format!("T4.review.{c}"))
            .collect();
        for k in &keys {
            set_state(&mut r, k, CellState::Missing);
        }
        r.unplaced.push(UnplacedRow {
            keys,
            values: vec![Some(2.0), None, Some(0.0), Some(0.0), Some(0.0), Some(2.0)],
            raw: ["2", "I4", "0", "0", "0", "2"].map(String::from).to_vec(),
            context: "行政复议 2 I4 0 0 0 2".into(),
        });
        r
    }

    #[test]
    fn a_scanned_row_with_text_among_its_figures_is_not_placed() {
        // Printed text: the placements that leave the word out agree, and the row is placed.
        let mut text = with_unplaced_review();
        assert!(place_row(&mut text, 0, &mut 1_000_000));
        assert_eq!(text.value("T4.review.total"), Some(2.0));
        // The same row from a scan: `I4` may be a misread 14, so nothing is placed.
        let mut scan = with_unplaced_review();
        let reading = OcrReading {
            confidence: 0.9,
            page: 1,
            bbox: [0.0; 4],
            alternatives: vec![],
            unread: false,
            names_row: None,
            guess: None,
        };
        scan.ocr.insert("T3.new.natural".into(), reading);
        assert!(!place_row(&mut scan, 0, &mut 1_000_000));
        assert_eq!(scan.value("T4.review.total"), None);
    }
}
