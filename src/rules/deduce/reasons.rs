//! Why a deduced cell has its value, in words for the grid's hover and the workbook's note.

use crate::model::{Deduction, Report};
use crate::rules::arithmetic::Equation;
use crate::rules::names::{key_place, num};
use std::collections::BTreeSet;

/// `表三“（七）总计”行“自然人”列`, or the first of several and how many.
pub(super) fn describe(keys: &[&String]) -> String {
    match keys {
        [] => String::new(),
        [one] => key_place(one),
        [a, b] => format!("{}与{}之和", key_place(a), key_place(b)),
        [first, ..] => format!("{}等 {} 项之和", key_place(first), keys.len()),
    }
}

/// Why `key` is `v` by one equation: the other side is known, and the rest of its own side too
/// (or the rest cannot be negative).
pub(super) fn equation_reason(report: &Report, eq: &Equation, key: &str, v: i64) -> Deduction {
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
pub(super) fn only_value_reason(
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
