//! The positive figures the text states beyond 收到/答复/予以公开 (TEXT_TABLE_MISMATCH): 上年结转,
//! 结转下年度/顺延, 部分公开, 行政复议/行政诉讼 N 件 with their four parts, and shares (`占66.48%`).
//!
//! Each figure is bound to its own clause: a count belongs to the phrase it follows (or, for
//! `103件顺延到下年度`, the one it directly precedes), never to the next statement.

use super::names::{group_name, num};
use super::text::{counts, is_case_count, quote, Count, Piece, CLAUSE_ENDS};
use crate::format::{self, TableId};
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;

/// Words that, before a figure, say the figure is not the body's own whole count: a part of the
/// body (`区政府办代表区政府`, `本级`) or more than it (`全区各部门`).
const PART_OF_BODY: &[&str] = &[
    "代表",
    "本级",
    "所属",
    "下属",
    "各部门",
    "各单位",
    "各乡镇",
    "各街道",
    "政府办",
    "办公室",
    "全区",
    "全县",
    "全市",
    "全省",
    "全旗",
];

/// A figure the tables contradict. When the text attributes it to part of the body, a warning
/// that quotes that wording instead of an error.
pub fn mismatch(
    clause: Piece<'_>,
    figure: &Count,
    cells: Vec<String>,
    stated: f64,
    table: f64,
    what: &str,
) -> Finding {
    let before = clause
        .text
        .get(..figure.span.start.saturating_sub(clause.start))
        .unwrap_or(clause.text);
    let said = quote(clause.text, 60);
    let (severity, message) = match part_of_body(before) {
        Some(wording) => (
            Severity::Warning,
            format!(
                "正文写“{said}”，但{what}。正文把这个数字写在“{wording}”名下，它可能只是本机关一部分\
                 （或包括其他单位）的数字，请核实正文和表格说的是否是同一范围。"
            ),
        ),
        None => (Severity::Error, format!("正文写“{said}”，但{what}。")),
    };
    Finding::new(Rule::TextTableMismatch, severity, message)
        .with_cells(cells)
        .with_numbers(stated, table)
        .with_span(clause.span())
}

/// The wording before a figure that gives it to part of the body: from the clause's start to the
/// end of the marker (`区政府办代表区政府`).
fn part_of_body(before: &str) -> Option<String> {
    let end = PART_OF_BODY
        .iter()
        .filter_map(|m| {
            let at = before.find(m)?;
            let mut end = at + m.len();
            // `代表区政府`: the name that follows 代表 belongs to the wording.
            if *m == "代表" {
                let rest = &before[end..];
                end += rest
                    .char_indices()
                    .find(|(_, c)| "受收接办答共".contains(*c))
                    .map_or(rest.len(), |(i, _)| i);
            }
            Some(end)
        })
        .max()?;
    let wording = quote(&before[..end], 20);
    (!wording.is_empty()).then_some(wording)
}

/// The first count of a case unit in `p`.
fn first_count(p: Piece<'_>) -> Option<Count> {
    counts(p).into_iter().find(|c| is_case_count(p, c))
}

/// The count a clause gives right after byte `at` (before the next of `stops`), or the count
/// written right before it (`103件顺延到下年度`, `2件申请结转`).
fn figure_near(clause: Piece<'_>, at: usize, len: usize, stops: &[&str]) -> Option<Count> {
    let after = clause.tail(at + len);
    let stop = stops
        .iter()
        .filter_map(|s| after.text.find(s))
        .min()
        .unwrap_or(after.text.len());
    if let Some(c) = first_count(after.head(stop)) {
        return Some(c);
    }
    let head = clause.head(at);
    let c = counts(head).pop()?;
    let gap = head.text.get(c.span.end - head.start..).unwrap_or("");
    let close = gap.chars().count() <= 4 && !gap.contains(['，', '、']);
    (close && is_case_count(clause, &c)).then_some(c)
}

/// Words after 结转/顺延 that send the applications on to next year.
const NEXT_YEAR: &[&str] = &["下年", "下一年", "次年", "明年", "下个年度", "下一个年度"];
/// Words before 结转 that bring them in from last year.
const LAST_YEAR: &[&str] = &["上年", "上一年", "去年", "以前年度", "往年", "上个年度"];

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
fn compare_t3(
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
                    .map_or_else(|| row.to_string(), super::names::row_name);
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

/// The four parts of a T4 group as the text names them, with the column they mean.
const T4_PARTS: &[(&str, &str)] = &[
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
fn t4_groups(term: &str, clause: &str) -> Vec<&'static str> {
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

fn one_term(
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
        || super::text_vs_table::negated(&sentence.text[clause_start..at])
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

fn compare_t4(
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

/// A share written after a count: `占66.48%`, `占比为 30%`, `占总数的 12.5％`.
pub struct Share {
    pub percent: f64,
    pub decimals: u32,
    /// Relative byte offset of `占` in the sentence.
    pub at: usize,
}

/// Every `占…N%` in a sentence.
pub fn shares(sentence: &str) -> Vec<Share> {
    let mut out = Vec::new();
    for (at, _) in sentence.match_indices('占') {
        let rest = &sentence[at + '占'.len_utf8()..];
        let Some(pct) = rest.find(['%', '％']) else {
            continue;
        };
        let between = &rest[..pct];
        let digits_at = between
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map_or(between.len(), |(i, _)| i);
        let number = &between[digits_at..];
        let words = &between[..digits_at];
        // `占66%`, `占比66%`, `占总数的66%`: only a few words between 占 and the number.
        if number.is_empty() || words.chars().count() > 10 || words.contains(['，', '、', '；'])
        {
            continue;
        }
        let Ok(percent) = number.parse::<f64>() else {
            continue;
        };
        let decimals = number.split('.').nth(1).map_or(0, |d| d.len() as u32);
        out.push(Share {
            percent,
            decimals,
            at,
        });
    }
    out
}

/// Does `part / whole` round to the stated share?
fn gives(part: f64, whole: f64, share: &Share) -> bool {
    if whole <= 0.0 {
        return false;
    }
    let tolerance = 0.5 * 10f64.powi(-(share.decimals as i32)) + 1e-9;
    (part / whole * 100.0 - share.percent).abs() <= tolerance
}

/// Shares of the application figures (予以公开 966 件，占 66.48%): the count before 占 divided by
/// one of the totals the text or the tables give (本年新收, 新收 + 上年结转, 办结).
pub fn share_mismatch(report: &Report, sentence: Piece<'_>, stated: &[f64]) -> Vec<Finding> {
    let mut out = Vec::new();
    for share in shares(sentence.text) {
        let head = sentence.head(share.at);
        let Some(part) = counts(head).pop().filter(|c| is_case_count(head, c)) else {
            continue;
        };
        // Only a count of the clause right before 占, not one of an earlier statement.
        let gap = head.text.get(part.span.end - head.start..).unwrap_or("");
        if gap.chars().count() > 3 {
            continue;
        }
        let new = report.value("T3.new.total");
        let carried = report.value("T3.carried_in.total");
        let mut wholes: Vec<f64> = stated.to_vec();
        wholes.extend(new);
        wholes.extend(new.zip(carried).map(|(a, b)| a + b));
        wholes.extend(report.value("T3.results_total.total"));
        if wholes.is_empty() || wholes.iter().any(|w| gives(part.value, *w, &share)) {
            continue;
        }
        let clause_start = head
            .text
            .rfind(['；', '。'])
            .map_or(0, |i| i + '；'.len_utf8());
        let end = sentence.text[share.at..]
            .find(['%', '％'])
            .map_or(sentence.text.len(), |i| share.at + i + '%'.len_utf8());
        let clause = Piece::new(
            sentence.text.get(clause_start..end).unwrap_or(""),
            sentence.start + clause_start,
        );
        let mut bases: Vec<String> = Vec::new();
        for w in &wholes {
            let text = format!("{}（{:.2}%）", num(*w), part.value / w * 100.0);
            if *w > 0.0 && !bases.contains(&text) {
                bases.push(text);
            }
        }
        let message = format!(
            "正文写“{}”，但 {} 件无论按哪个总数算都得不到 {}%：按正文或表三的总数 {} 计算。\
             请核实百分比或件数。",
            quote(clause.text, 60),
            num(part.value),
            share.percent,
            bases.join("、"),
        );
        out.push(
            Finding::new(Rule::TextTableMismatch, Severity::Warning, message)
                .with_numbers(share.percent, part.value)
                .with_span(clause.span()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::{Finding, Report, Severity};
    use crate::rules::testkit::{report21, rules, with_text};
    use crate::rules::text_vs_table::check;

    fn with_prose(text: &str, cells: &[(&str, f64)]) -> Report {
        let mut r = with_text(
            report21(cells),
            &format!("一、总体情况\n{text}\n二、主动公开政府信息情况\n"),
        );
        r.year = Some(2023);
        r
    }

    fn findings(text: &str, cells: &[(&str, f64)]) -> Vec<Finding> {
        check(&with_prose(text, cells))
    }

    /// The city report of the issue, with tables that agree with every figure it states.
    const CITY: &str = "全年共受理政府信息公开申请3119件（含上年度结转34件），答复3050件，\
        103件顺延到下年度办理。政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，\
        尚未审结37件；政府信息公开行政诉讼46件，其中结果维持20件，结果纠正5件，其他结果15件，尚未审结6件。";

    fn city_cells() -> Vec<(&'static str, f64)> {
        vec![
            ("T3.new.total", 3085.0),
            ("T3.carried_in.total", 34.0),
            ("T3.results_total.total", 3050.0),
            ("T3.carried_out.total", 69.0 + 34.0),
            ("T4.review.upheld", 72.0),
            ("T4.review.corrected", 64.0),
            ("T4.review.other", 178.0),
            ("T4.review.pending", 37.0),
            ("T4.review.total", 351.0),
            ("T4.suit_direct.upheld", 12.0),
            ("T4.suit_direct.corrected", 5.0),
            ("T4.suit_direct.other", 10.0),
            ("T4.suit_direct.pending", 4.0),
            ("T4.suit_direct.total", 31.0),
            ("T4.suit_after_review.upheld", 8.0),
            ("T4.suit_after_review.other", 5.0),
            ("T4.suit_after_review.pending", 2.0),
            ("T4.suit_after_review.total", 15.0),
        ]
    }

    fn with(cells: &[(&'static str, f64)], key: &'static str, v: f64) -> Vec<(&'static str, f64)> {
        let mut out: Vec<(&str, f64)> = cells.iter().filter(|(k, _)| *k != key).copied().collect();
        out.push((key, v));
        out
    }

    /// Seen in real reports: 个 counting parts of the report or a slogan, not cases.
    #[test]
    fn ge_counting_parts_or_slogans_is_no_figure() {
        let opening = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
            政府信息公开行政复议、提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进情况和其他需要报告的事项等六个部分。";
        let cells = [
            ("T4.suit_direct.total", 0.0),
            ("T4.suit_after_review.total", 0.0),
            ("T4.review.total", 12.0),
        ];
        assert_eq!(findings(opening, &cells), Vec::<Finding>::new());
        let slogan = "坚持政府信息公开申请第一时间登记受理、第一时间转送承办单位和第一时间回复申请的“三个一”工作机制。";
        assert_eq!(
            findings(slogan, &[("T3.new.total", 70.0)]),
            Vec::<Finding>::new()
        );
        // 个 before a case, or ending the clause, still counts.
        let f = findings("本年度收到政府信息公开申请5个。", &[("T3.new.total", 7.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
    }

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
    fn a_city_report_that_agrees_gives_nothing() {
        assert_eq!(findings(CITY, &city_cells()), Vec::<Finding>::new());
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

    #[test]
    fn a_figure_of_part_of_the_body_is_a_warning_quoting_it() {
        let text = "区政府办代表区政府受理政府信息公开申请17件。";
        let f = findings(text, &[("T3.new.total", 230.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.contains("“区政府办代表区政府”"),
            "{}",
            f[0].message
        );
        // Without that wording the same figure is an error.
        let f = findings(
            "区政府受理政府信息公开申请17件。",
            &[("T3.new.total", 230.0)],
        );
        assert_eq!(f[0].severity, Severity::Error);
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

    #[test]
    fn shares_must_follow_from_a_stated_or_table_total() {
        let cells = [
            ("T3.new.total", 1453.0),
            ("T3.results_total.total", 1453.0),
            ("T3.granted.total", 966.0),
        ];
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占66.48%。";
        assert!(findings(text, &cells).is_empty());
        // Rounded to a whole per cent is fine too.
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占比66%。";
        assert!(findings(text, &cells).is_empty());
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占76.48%。";
        let f = findings(text, &cells);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert!(f[0].message.contains("76.48%"), "{}", f[0].message);
        assert!(f[0].message.contains("1453（66.48%）"), "{}", f[0].message);
        // A growth rate is not a share.
        let text = "全年收到政府信息公开申请1453件，同比增长12.5%。";
        assert!(findings(text, &cells).is_empty());
    }
}
