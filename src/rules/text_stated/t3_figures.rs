//! Figures of 表三 the text states beyond 收到/答复/予以公开: 上年结转, 结转下年度/顺延 and 部分公开.

use super::{figure_near, mismatch};
use crate::format;
use crate::format::TableId;
use crate::model::{Finding, Report};
use crate::rules::names::num;
use crate::rules::text::{Count, Piece};

/// Words after 结转/顺延 that send the applications on to next year.
pub(super) const NEXT_YEAR: &[&str] = &["下年", "下一年", "次年", "明年", "下个年度", "下一个年度"];
/// Words before 结转 that bring them in from last year.
pub(super) const LAST_YEAR: &[&str] = &["上年", "上一年", "去年", "以前年度", "往年", "上个年度"];

/// 上年结转 N 件 (vs 二、上年结转) and 结转下年度/顺延至下年度 N 件 (vs 四、结转下年度继续办理).
pub fn carried(report: &Report, clause: Piece<'_>, year: Option<i32>) -> Vec<Finding> {
    let mut out = Vec::new();
    let next_year = year.map(|y| format!("{}年", y + 1));
    let last_year = year.map(|y| format!("{}年", y - 1));
    for verb in ["结转", "顺延", "转入"] {
        for at in clause.find_all(verb) {
            let after = &clause.text[at + verb.len()..];
            let before = &clause.text[..at];
            let soon = |words: &[&str], s: &str| words.iter().any(|w| s.contains(w));
            let after_near: String = after.chars().take(8).collect();
            let before_near: String = before
                .chars()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let to_next = soon(NEXT_YEAR, &after_near)
                || next_year.as_deref().is_some_and(|y| after_near.contains(y));
            let from_last = soon(LAST_YEAR, &before_near)
                || last_year
                    .as_deref()
                    .is_some_and(|y| before_near.contains(y));
            let row = match (to_next, from_last) {
                (true, false) => "carried_out",
                (false, true) => "carried_in",
                _ => continue,
            };
            let Some(figure) =
                figure_near(clause, at, verb.len(), &["结转", "顺延", "答复", "办结"])
            else {
                continue;
            };
            out.extend(compare_t3(report, clause, &figure, &[row]));
        }
    }
    out.dedup_by(|a, b| a.cells == b.cells && a.expected == b.expected);
    out
}

/// 部分公开 N 件 vs (二)部分公开.
pub fn partial(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let at = clause.find_all("部分公开").into_iter().next()?;
    if clause.text[..at].ends_with(['不', '未']) {
        return None;
    }
    let figure = figure_near(clause, at, "部分公开".len(), &["不予", "无法", "予以"])?;
    // `予以公开及部分公开42件`: one figure for the two rows together.
    let joint = ["及", "和", "与", "、", "或"].iter().any(|j| {
        clause.text[..at]
            .strip_suffix(j)
            .is_some_and(|b| b.ends_with("公开"))
    });
    let rows: &[&str] = if joint {
        &["granted", "partial"]
    } else {
        &["partial"]
    };
    compare_t3(report, clause, &figure, rows)
}

/// A figure against the 总计 of a T3 row, or of several rows together (`予以公开及部分公开42件`).
pub(super) fn compare_t3(
    report: &Report,
    clause: Piece<'_>,
    figure: &Count,
    rows: &[&str],
) -> Option<Finding> {
    let keys: Vec<String> = rows
        .iter()
        .map(|row| format::cell_key(TableId::T3, row, "total"))
        .collect();
    let x = keys.iter().map(|k| report.value(k)).sum::<Option<f64>>()?;
    (figure.value != x).then(|| {
        let labels: Vec<String> = rows
            .iter()
            .map(|row| {
                let label = format::table(TableId::T3)
                    .row(row)
                    .map_or_else(|| row.to_string(), crate::rules::names::row_name);
                format!("“{label}”")
            })
            .collect();
        let what = match labels.as_slice() {
            [one] => format!("表三{one}总计为 {}", num(x)),
            _ => format!("表三{}的总计之和为 {}", labels.join("与"), num(x)),
        };
        mismatch(clause, figure, keys, figure.value, x, &what)
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::*;

    #[test]
    fn one_figure_for_granted_and_partial_is_compared_with_their_sum() {
        let text = "办结政府信息公开申请81件，其中：予以公开及部分公开42件，占51.85%。";
        let cells = [
            ("T3.results_total.total", 81.0),
            ("T3.granted.total", 22.0),
            ("T3.partial.total", 20.0),
        ];
        assert_eq!(findings(text, &cells), Vec::<Finding>::new());
        let f = findings(text, &with(&cells, "T3.partial.total", 15.0));
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.granted.total", "T3.partial.total"]);
        assert!(f[0].message.contains("之和为 37"), "{}", f[0].message);
    }

    #[test]
    fn carried_figures_are_compared_both_ways() {
        let f = findings(CITY, &with(&city_cells(), "T3.carried_out.total", 100.0));
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.carried_out.total"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(103.0), Some(100.0)));
        assert!(
            f[0].message.contains("四、结转下年度继续办理”总计为 100"),
            "{}",
            f[0].message
        );
        let f = findings(CITY, &with(&city_cells(), "T3.carried_in.total", 30.0));
        // 3119 is then neither 新收 nor 新收 + 结转: both figures are named.
        assert!(
            f.iter().any(|x| x.cells == ["T3.carried_in.total"]),
            "{f:#?}"
        );
        // Written after the figure, and to a named year.
        let text = "上年结转政府信息公开申请2件，2件申请结转至2024年继续办理。";
        let cells = [("T3.carried_in.total", 2.0), ("T3.carried_out.total", 2.0)];
        assert!(findings(text, &cells).is_empty());
        let f = findings(text, &[("T3.carried_in.total", 2.0)]);
        assert_eq!(f[0].cells, ["T3.carried_out.total"]);
    }

    #[test]
    fn carried_words_about_money_or_without_a_year_are_not_compared() {
        // Not about applications.
        let text = "上年结转资金12件项目已全部完成。";
        assert!(findings(text, &[("T3.carried_in.total", 1.0)]).is_empty());
        // 结转 with no direction.
        let text = "收到政府信息公开申请5件，其中2件已结转办理。";
        assert!(findings(text, &[("T3.new.total", 5.0)]).is_empty());
    }

    #[test]
    fn partial_figures_are_compared() {
        let text = "收到政府信息公开申请10件，其中予以公开6件，部分公开2件，不予公开2件。";
        let cells = [
            ("T3.new.total", 10.0),
            ("T3.granted.total", 6.0),
            ("T3.partial.total", 2.0),
        ];
        assert!(findings(text, &cells).is_empty());
        let f = findings(text, &with(&cells, "T3.partial.total", 3.0));
        assert_eq!(f[0].cells, ["T3.partial.total"]);
    }
}
