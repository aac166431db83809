//! 行政复议/行政诉讼 N 件 and their four parts (结果维持, 结果纠正, 其他结果, 尚未审结) against 表四.

use super::{first_count, mismatch};
use crate::format;
use crate::format::TableId;
use crate::model::{Finding, Report};
use crate::rules::names::{group_name, num};
use crate::rules::text::{Count, Piece, CLAUSE_ENDS};

/// The four parts of a T4 group as the text names them, with the column they mean.
pub(super) const T4_PARTS: &[(&str, &str)] = &[
    ("结果维持", "upheld"),
    ("维持", "upheld"),
    ("结果纠正", "corrected"),
    ("纠正", "corrected"),
    ("纠错", "corrected"),
    ("其他结果", "other"),
    ("尚未审结", "pending"),
    ("未审结", "pending"),
    ("正在审理", "pending"),
    ("审理中", "pending"),
];

/// The T4 groups a term stands for: 行政复议 one, 行政诉讼 both suit groups unless the text
/// names one of them.
pub(super) fn t4_groups(term: &str, clause: &str) -> Vec<&'static str> {
    if term == "行政复议" {
        vec!["review"]
    } else if clause.contains("直接起诉") || clause.contains("未经复议") {
        vec!["suit_direct"]
    } else if clause.contains("复议后") {
        vec!["suit_after_review"]
    } else {
        vec!["suit_direct", "suit_after_review"]
    }
}

/// 行政复议 N 件 (其中结果维持 a 件…) and 行政诉讼 N 件 vs 表四, in a sentence about
/// 政府信息公开 (a 司法局 also states the reviews it decides for others).
pub fn review_and_suit(
    report: &Report,
    sentence: Piece<'_>,
    about_disclosure: bool,
) -> Vec<Finding> {
    if !about_disclosure || !report.has_table(TableId::T4) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for term in ["行政复议", "行政诉讼"] {
        let other = if term == "行政复议" {
            "行政诉讼"
        } else {
            "行政复议"
        };
        for at in sentence.find_all(term) {
            out.extend(one_term(report, sentence, term, other, at));
        }
    }
    out
}

pub(super) fn one_term(
    report: &Report,
    sentence: Piece<'_>,
    term: &str,
    other: &str,
    at: usize,
) -> Vec<Finding> {
    // The stretch that speaks of this term: to the next mention of the other term.
    let rest = sentence.tail(at + term.len());
    let end = rest.text.find(other).unwrap_or(rest.text.len());
    let stretch = rest.head(end);
    let clause_end = stretch.text.find(CLAUSE_ENDS).unwrap_or(stretch.text.len());
    let own_clause = stretch.head(clause_end);
    let before = &sentence.text[..at];
    // `行政复议、行政诉讼各1件`, `行政复议和行政诉讼共3件`: one figure for both, not compared.
    let joined = before.ends_with(['、', '和', '及', '或'])
        && before
            .trim_end_matches(['、', '和', '及', '或'])
            .ends_with(other.get(6..).unwrap_or(other));
    let clause_start = before.rfind(CLAUSE_ENDS).map_or(0, |i| i + '，'.len_utf8());
    let whole_clause = Piece::new(
        sentence
            .text
            .get(clause_start..at + term.len() + clause_end)
            .unwrap_or(""),
        sentence.start + clause_start,
    );
    if joined
        || crate::rules::text_vs_table::negated(&sentence.text[clause_start..at])
        || own_clause.text.contains('各')
        || own_clause.text.starts_with("机关")
    {
        return Vec::new();
    }
    let groups = t4_groups(term, whole_clause.text);
    let mut out = Vec::new();
    // The total: the first count of the term's own clause, unless a part word comes before it.
    if let Some(total) = first_count(own_clause) {
        let lead = own_clause
            .text
            .get(..total.span.start - own_clause.start)
            .unwrap_or("");
        if !T4_PARTS.iter().any(|(w, _)| lead.contains(w)) {
            out.extend(compare_t4(report, whole_clause, &total, &groups, "total"));
        }
    }
    // The parts: each part word with the first count after it, before the next part word.
    let mut seen: Vec<&str> = Vec::new();
    let marks: Vec<(usize, &str, &str)> = {
        let mut m: Vec<(usize, &str, &str)> = Vec::new();
        for &(w, col) in T4_PARTS {
            for i in stretch.find_all(w) {
                // `结果维持` also contains `维持`: keep the longer mark only.
                if !m.iter().any(|(j, mw, _)| *j <= i && i < j + mw.len()) {
                    m.push((i, w, col));
                }
            }
        }
        m.sort();
        m
    };
    for (n, &(i, w, col)) in marks.iter().enumerate() {
        if seen.contains(&col) {
            continue;
        }
        let next = marks.get(n + 1).map_or(stretch.text.len(), |m| m.0);
        let piece = stretch
            .tail(i + w.len())
            .head(next.saturating_sub(i + w.len()));
        let cut = piece.text.find(['；', ';']).unwrap_or(piece.text.len());
        if let Some(c) = first_count(piece.head(cut)) {
            let in_clause = {
                let from = stretch.text[..i]
                    .rfind(CLAUSE_ENDS)
                    .map_or(0, |k| k + '，'.len_utf8());
                let to = c.span.end - stretch.start;
                Piece::new(
                    stretch.text.get(from..to).unwrap_or(""),
                    stretch.start + from,
                )
            };
            out.extend(compare_t4(report, in_clause, &c, &groups, col));
            seen.push(col);
        }
    }
    out
}

pub(super) fn compare_t4(
    report: &Report,
    clause: Piece<'_>,
    figure: &Count,
    groups: &[&str],
    column: &str,
) -> Option<Finding> {
    let t4 = format::table(TableId::T4);
    let keys: Vec<String> = groups
        .iter()
        .map(|g| format::cell_key(TableId::T4, g, column))
        .collect();
    let values: Option<Vec<f64>> = keys.iter().map(|k| report.value(k)).collect();
    let x: f64 = values?.iter().sum();
    if figure.value == x {
        return None;
    }
    let col_label = t4
        .row(groups.first()?)?
        .columns
        .iter()
        .find(|c| c.key == column)?
        .label;
    let names: Vec<String> = groups
        .iter()
        .filter_map(|g| t4.row(g))
        .map(|r| format!("“{}”", group_name(r)))
        .collect();
    let what = if groups.len() > 1 {
        format!(
            "表四{}两组的“{col_label}”合计为 {}",
            names.join("和"),
            num(x)
        )
    } else {
        format!("表四{}的“{col_label}”为 {}", names.join(""), num(x))
    };
    Some(mismatch(clause, figure, keys, figure.value, x, &what))
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;

    #[test]
    fn review_and_suit_figures_are_compared_with_their_groups() {
        let f = findings(CITY, &with(&city_cells(), "T4.review.corrected", 60.0));
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T4.review.corrected"]);
        assert!(
            f[0].message.contains("表四“行政复议”的“结果纠正”为 60"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.starts_with("正文写“结果纠正64件”"),
            "{}",
            f[0].message
        );
        // 行政诉讼 counts both suit groups.
        let f = findings(
            CITY,
            &with(&city_cells(), "T4.suit_after_review.total", 14.0),
        );
        assert_eq!(
            f[0].cells,
            ["T4.suit_direct.total", "T4.suit_after_review.total"]
        );
        assert!(
            f[0].message.contains("两组的“总计”合计为 45"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn review_words_that_are_not_a_count_of_cases_give_nothing() {
        let cells = [("T4.review.upheld", 1.0), ("T4.review.total", 1.0)];
        for text in [
            // Both terms share one figure.
            "发生政府信息公开行政复议、行政诉讼各1件。",
            "政府信息公开行政复议和行政诉讼案件共1件。",
            // A 司法局 speaks of the reviews it decides, not of disclosure.
            "全年办理行政复议案件120件，纠错15件。",
            // A rate, not a count.
            "政府信息公开行政复议纠错率为0。",
        ] {
            assert!(findings(text, &cells).is_empty(), "{text}");
        }
        // A part named before the figure is that part, not the total.
        let text = "因政府信息公开被申请行政复议，结果维持1件。";
        assert!(findings(text, &cells).is_empty());
    }
}
