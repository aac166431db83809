//! UNIT_MISMATCH: a cell written with a unit its column contradicts — `251000元` under
//! 本年收费金额（单位：万元） is read as 251000 万元 unless someone notices.

use super::names::key_place;
use crate::format::TableId;
use crate::model::{format_value, Finding, Report, Severity};
use crate::rules::Rule;
use crate::text::fold_width;

/// A column whose header fixes the unit to 万元.
fn in_ten_thousands(label: &str) -> bool {
    label.contains("万元")
}

pub fn check(report: &Report) -> Vec<Finding> {
    TableId::ALL
        .into_iter()
        .filter(|t| report.has_table(*t))
        .flat_map(|t| report.table_cells(t))
        .filter(|d| in_ten_thousands(d.column.label))
        .filter_map(|d| {
            let key = d.key();
            let cell = report.cell(&key)?;
            let v = cell.value?;
            let raw: String = cell
                .provenance
                .raw
                .chars()
                .map(fold_width)
                .filter(|c| !c.is_whitespace())
                .collect();
            if !raw.ends_with('元') || raw.ends_with("万元") {
                return None;
            }
            let converted = v / 10_000.0;
            let shown = format_value(d.column.kind, converted);
            let message = format!(
                "{}填写“{}”，但本列的单位是万元：{} 元即 {shown} 万元，请改填 {shown}。",
                key_place(&key),
                cell.provenance.raw.trim(),
                format_value(d.column.kind, v),
            );
            Some(
                Finding::new(Rule::UnitMismatch, Severity::Warning, message)
                    .with_cells([key])
                    .with_numbers(converted, v),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules};

    fn with_raw(raw: &str, v: f64) -> Report {
        let mut r = report21(&[("T2.fees.amount", v)]);
        if let Some(c) = r.cells.get_mut("T2.fees.amount") {
            c.provenance.raw = raw.to_string();
        }
        r
    }

    #[test]
    fn yuan_in_a_column_of_ten_thousands_is_converted() {
        let f = check(&with_raw("251000元", 251000.0));
        assert_eq!(rules(&f), ["UNIT_MISMATCH"]);
        assert_eq!(f[0].cells, ["T2.fees.amount"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(25.1), Some(251000.0)));
        assert!(
            f[0].message
                .contains("填写“251000元”，但本列的单位是万元：251000 元即 25.1 万元"),
            "{}",
            f[0].message
        );
        assert_eq!(
            rules(&check(&with_raw("１２００ 元", 1200.0))),
            ["UNIT_MISMATCH"]
        );
    }

    #[test]
    fn values_in_the_columns_own_unit_give_nothing() {
        for raw in ["25.1", "25.1万元", "0", "—", ""] {
            assert!(check(&with_raw(raw, 25.1)).is_empty(), "{raw}");
        }
        // A count column with 件 is not about money.
        let mut r = report21(&[("T3.new.total", 2.0)]);
        if let Some(c) = r.cells.get_mut("T3.new.total") {
            c.provenance.raw = "2件".into();
        }
        assert!(check(&r).is_empty());
    }
}
