//! Which cell is most likely wrong, when the failed sum checks point at one.
//!
//! Every cell of a failed equation is a candidate. For each, we compute the value that would make
//! its failed equation hold, then change only that cell and re-run every equation it takes part in.
//! A candidate *works* when the new value is one the cell may hold (a whole number ≥ 0 for counts)
//! and every checked equation it is in then holds. A cell on a failed row and a failed column that
//! fixes both explains two failures at once; a cell whose change would break a check that passed
//! does not work. For each failed equation we name the working candidate that explains the most
//! failures, but only when it is the only one with that many — otherwise we say nothing rather
//! than guess.
//!
//! T4 has a single check per group, so every cell of a group explains the failure equally well.
//! We do not prefer the 总计 by habit: a clerk is as likely to mistype a part as the total. The
//! group is named only when the arithmetic itself rules the others out — when the parts exceed the
//! total by more than any single part holds, no part can be lowered enough (it would go negative),
//! so only the 总计 can be the wrong cell. When the parts fall short of the total, any part could
//! be raised, and we name none.

use super::arithmetic::Equation;
use super::names::{key_place, value_text};
use crate::format::{self, ValueKind};
use crate::model::{Finding, Report, Suspect};

/// A cell whose change alone makes all its checks pass.
#[derive(Debug, Clone)]
struct Candidate {
    key: String,
    value: f64,
    /// Indices of the failed equations this change repairs.
    repairs: Vec<usize>,
}

/// Sets `suspect` (and extends the message of) each failed finding that one cell best explains.
/// `failed` pairs each finding with the index of its equation in `eqs`.
pub fn annotate(report: &Report, eqs: &[Equation], failed: &mut [(usize, Finding)]) {
    if failed.is_empty() {
        return;
    }
    let failed_idx: Vec<usize> = failed.iter().map(|(i, _)| *i).collect();
    let candidates = working_candidates(report, eqs, &failed_idx);
    for (i, finding) in failed.iter_mut() {
        if let Some(best) = best_for(&candidates, *i) {
            attach(report, finding, best);
        }
    }
}

/// Every cell of a failed equation whose single change makes all its checks pass.
fn working_candidates(report: &Report, eqs: &[Equation], failed: &[usize]) -> Vec<Candidate> {
    let mut seen: Vec<&String> = Vec::new();
    let mut out = Vec::new();
    for &f in failed {
        for key in eqs[f].keys() {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if let Some(c) = try_candidate(report, eqs, f, key) {
                out.push(c);
            }
        }
    }
    out
}

/// The candidate `key` fixing equation `f`, if that change breaks nothing it takes part in.
fn try_candidate(report: &Report, eqs: &[Equation], f: usize, key: &str) -> Option<Candidate> {
    let current = |k: &str| report.value(k);
    let value = eqs[f].solve_for(key, &current)?;
    if !allowed(key, value) {
        return None;
    }
    let changed = |k: &str| {
        if k == key {
            Some(value)
        } else {
            report.value(k)
        }
    };
    let mut repairs = Vec::new();
    for (i, eq) in eqs.iter().enumerate().filter(|(_, eq)| eq.involves(key)) {
        match eq.holds(&changed) {
            Some(false) => return None,
            Some(true) if eq.holds(&current) == Some(false) => repairs.push(i),
            _ => {}
        }
    }
    Some(Candidate {
        key: key.to_string(),
        value,
        repairs,
    })
}

/// Whether a cell may hold `v` (a suggestion must itself pass VALUE_INVALID).
fn allowed(key: &str, v: f64) -> bool {
    let kind = format::cell_def(key).map_or(ValueKind::Count, |d| d.column.kind);
    v.is_finite()
        && match kind {
            ValueKind::Count => v >= 0.0 && v.fract() == 0.0,
            ValueKind::Change => v.fract() == 0.0,
            ValueKind::Amount => v >= 0.0,
        }
}

/// The one candidate that repairs equation `f` and more failures than any other that does.
fn best_for(candidates: &[Candidate], f: usize) -> Option<&Candidate> {
    let repairing: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.repairs.contains(&f))
        .collect();
    let most = repairing.iter().map(|c| c.repairs.len()).max()?;
    let mut top = repairing.into_iter().filter(|c| c.repairs.len() == most);
    let best = top.next()?;
    top.next().is_none().then_some(best)
}

/// How the sentence naming the likely culprit begins; the 整改通知 names that cell first and
/// cuts the sentence from each message.
pub const CULPRIT_LEAD: &str = "最可能出错的是";

fn attach(report: &Report, finding: &mut Finding, c: &Candidate) {
    let now = report
        .value(&c.key)
        .map(|v| format!("（现为 {}）", value_text(&c.key, v)))
        .unwrap_or_default();
    finding.message.push_str(&format!(
        "{CULPRIT_LEAD}{}{now}，改为 {} 后各项核对均可通过。",
        key_place(&c.key),
        value_text(&c.key, c.value)
    ));
    finding.suspect = Some(Suspect {
        cell: c.key.clone(),
        suggested: c.value,
    });
}
