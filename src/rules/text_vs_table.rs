//! What the text says against the tables (TEXT_TABLE_MISMATCH) and against itself (TEXT_SUM).
//!
//! Reports state their figures in set phrases: `收到/受理 N 件…申请`, `办结/答复 N 件`,
//! `予以公开 N 件`, `未收到…申请`, `无…行政复议、行政诉讼`. We look for these phrases clause by
//! clause, and only in sentences about 政府信息公开申请 (for T3) or 复议/诉讼 (for T4): the same
//! verbs also count hotline calls (`受理 12345 热线诉求 146 件`), which the tables do not.

use super::names::{num, row_name};
use super::text::{counts, is_case_count, quote, Count, Piece, Prose, CLAUSE_ENDS, FULL_STOPS};
use super::text_stated;
use crate::format::{self, t3, TableId};
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;

/// Figures in the same clause about something else than 政府信息公开申请.
const NOT_ABOUT_APPLICATIONS: &[&str] = &[
    "复议", "诉讼", "热线", "诉求", "工单", "信访", "来信", "来电", "投诉", "建议", "提案", "留言",
];

/// Verbs that introduce a figure; a figure belongs to the nearest verb before it.
const RECEIVED: &[&str] = &["收到", "受理", "接收", "接到"];
const ANSWERED: &[&str] = &["答复", "办结", "办理完毕", "处理完毕"];
const GRANTED: &[&str] = &["予以公开"];
const OTHER_VERBS: &[&str] = &[
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "结转",
    "正在办理",
    "转办",
];

/// Words before a verb that deny or narrow it (`未收到`, `逾期答复`, `不予以公开`).
const RECEIVED_NOT: &[&str] = &["未", "没有", "不予", "不", "无"];
const ANSWERED_NOT: &[&str] = &["逾期", "超期", "延期", "未", "没有", "尚未"];
const GRANTED_NOT: &[&str] = &["不"];

/// Words that say "none" of what follows.
const NONE_MARKERS: &[&str] = &[
    "未收到",
    "没有收到",
    "未接到",
    "没有接到",
    "未受理",
    "未发生",
    "未出现",
    "没有",
    "未有",
    "不存在",
    "未被",
    "无",
];
/// `无` starting these words does not mean "none".
const NOT_NONE: &[&str] = &[
    "无法",
    "无正当",
    "无论",
    "无误",
    "无偿",
    "无需",
    "无须",
    "无缝",
];

/// Between "none" and 申请, these make the clause deny some handling, not the applications.
const HANDLING_WORDS: &[&str] = &["答复", "办理", "处理", "逾期", "超期", "不予"];

/// A clause that narrows 复议/诉讼 to those that went against the body.
const CORRECTED_WORDS: &[&str] = &["纠错", "纠正", "败诉", "撤销", "确认违法"];

/// Words that start a new statement after a list of parts (`另转发 20 条`).
const AFTER_PARTS: &[&str] = &[
    "另", "此外", "同时", "还", "并", "以及", "累计", "共", "合计", "总计",
];
/// Words that mark a figure as a total.
const TOTAL_MARKERS: &[&str] = &["共", "累计", "合计", "总计", "总数", "总共"];

#[cfg(test)]
pub fn check(report: &Report) -> Vec<Finding> {
    check_prose(report, &Prose::of(report))
}

pub fn check_prose(report: &Report, prose: &Prose) -> Vec<Finding> {
    let t3 = report.has_table(TableId::T3);
    let mut out = Vec::new();
    // Totals the text has stated so far (收到/办结 N 件): a share may be of one of them.
    let mut stated: Vec<f64> = Vec::new();
    for sentence in prose.sentences() {
        let about_disclosure =
            sentence.text.contains("信息公开") || in_section(report, prose, sentence, 4);
        out.extend(text_stated::review_and_suit(
            report,
            sentence,
            about_disclosure,
        ));
        let mut on_applications = false;
        let mut any_on_applications = false;
        for clause in sentence.split(CLAUSE_ENDS) {
            on_applications = still_on_applications(on_applications, clause.text);
            any_on_applications |= on_applications;
            if on_applications && t3 {
                for verbs in [(RECEIVED, RECEIVED_NOT), (ANSWERED, ANSWERED_NOT)] {
                    stated.extend(figure_after(clause, verbs.0, verbs.1).map(|c| c.value));
                }
                out.extend(received(report, clause));
                out.extend(answered(report, clause));
                out.extend(granted(report, clause));
                out.extend(none_received(report, clause));
                out.extend(text_stated::carried(report, clause, report.year));
                out.extend(text_stated::partial(report, clause));
            }
            if report.has_table(TableId::T4) {
                out.extend(no_review_or_suit(report, clause));
            }
        }
        if any_on_applications && t3 {
            out.extend(text_stated::share_mismatch(report, sentence, &stated));
        }
    }
    out.extend(text_sum(prose));
    for f in &mut out {
        f.text_span = f.text_span.take().map(|r| prose.source_span(r));
    }
    out
}

/// Does a piece of the prose lie in section `n` of the report?
fn in_section(report: &Report, prose: &Prose, p: Piece<'_>, n: u8) -> bool {
    let span = prose.source_span(p.span());
    report
        .section(n)
        .is_some_and(|s| s.body.start <= span.start && span.start < s.body.end)
}

/// Does a clause say "none" of what follows (`无`, `未发生`, `没有`)?
pub fn negated(clause: &str) -> bool {
    none_marker(clause).is_some()
}

/// Whether a clause speaks of 政府信息公开申请: it names 申请, or follows a clause that did
/// without turning to something else received (`收到各类来文 120 件`, `热线诉求`).
fn still_on_applications(before: bool, clause: &str) -> bool {
    if clause.contains("申请") {
        true
    } else {
        before && !contains_any(clause, RECEIVED) && !contains_any(clause, NOT_ABOUT_APPLICATIONS)
    }
}

fn contains_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// The first count after `verb` (not negated) and before the next verb, in a clause about
/// applications.
fn figure_after(clause: Piece<'_>, verbs: &[&str], negations: &[&str]) -> Option<Count> {
    if contains_any(clause.text, NOT_ABOUT_APPLICATIONS) {
        return None;
    }
    let all_verbs = [RECEIVED, ANSWERED, GRANTED, OTHER_VERBS].concat();
    for verb in verbs {
        for at in clause.find_all(verb) {
            let before = &clause.text[..at];
            if negations.iter().any(|n| before.ends_with(n)) {
                continue;
            }
            let after = clause.tail(at + verb.len());
            let next_verb = all_verbs
                .iter()
                .filter_map(|v| after.text.find(v))
                .min()
                .unwrap_or(after.text.len());
            let piece = after.head(next_verb);
            let found = counts(piece).into_iter().find(|c| is_case_count(piece, c));
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

fn mismatch(clause: Piece<'_>, cells: Vec<String>, stated: f64, table: f64, what: &str) -> Finding {
    Finding::new(
        Rule::TextTableMismatch,
        Severity::Error,
        format!("正文写“{}”，但{what}。", quote(clause.text, 60)),
    )
    .with_cells(cells)
    .with_numbers(stated, table)
    .with_span(clause.span())
}

/// `表三“一、本年新收政府信息公开申请数量”` for a T3 row key.
fn t3_row_label(row: &str) -> String {
    format::table(TableId::T3)
        .row(row)
        .map_or_else(|| row.to_string(), |r| format!("表三“{}”", row_name(r)))
}

/// 收到/受理 N 件 vs 本年新收 (or 新收 + 上年结转, which some reports count as received).
fn received(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    if !clause.text.contains("申请") {
        return None;
    }
    let figure = figure_after(clause, RECEIVED, RECEIVED_NOT)?;
    let n = figure.value;
    let new = report.value("T3.new.total")?;
    let carried = report.value("T3.carried_in.total");
    if n == new || carried.is_some_and(|c| n == new + c) {
        return None;
    }
    let with_carried = match carried {
        Some(c) if c > 0.0 => format!("（加上年结转为 {}）", num(new + c)),
        _ => String::new(),
    };
    let what = format!("{}总计为 {}{with_carried}", t3_row_label("new"), num(new));
    Some(text_stated::mismatch(
        clause,
        &figure,
        vec!["T3.new.total".into()],
        n,
        new,
        &what,
    ))
}

/// 办结/答复 N 件 vs (七)总计.
fn answered(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let figure = figure_after(clause, ANSWERED, ANSWERED_NOT)?;
    table_figure(report, clause, &figure, "results_total")
}

/// 予以公开 N 件 vs (一)予以公开.
fn granted(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let figure = figure_after(clause, GRANTED, GRANTED_NOT)?;
    table_figure(report, clause, &figure, "granted")
}

fn table_figure(report: &Report, clause: Piece<'_>, figure: &Count, row: &str) -> Option<Finding> {
    let key = format::cell_key(TableId::T3, row, "total");
    let x = report.value(&key)?;
    (figure.value != x).then(|| {
        let what = format!("{}总计为 {}", t3_row_label(row), num(x));
        text_stated::mismatch(clause, figure, vec![key], figure.value, x, &what)
    })
}

/// Where a "none" word starts in a clause, skipping 无法, 无正当理由….
fn none_marker(clause: &str) -> Option<usize> {
    NONE_MARKERS
        .iter()
        .flat_map(|m| clause.match_indices(m).map(|(i, _)| i))
        .filter(|&i| !NOT_NONE.iter().any(|w| clause[i..].starts_with(w)))
        .min()
}

/// The T3 columns a clause names (`自然人和法人`); empty when it names none (then: 总计).
fn applicant_columns(clause: &str) -> Vec<&'static str> {
    // Words for an applicant type, and the printed column label or spanning header they mean.
    const NAMED: &[(&str, &str)] = &[
        ("自然人", "自然人"),
        ("个人", "自然人"),
        ("公民", "自然人"),
        ("法人", t3::ORGANISATIONS),
        ("组织", t3::ORGANISATIONS),
        ("企业", "商业企业"),
        ("科研", "科研机构"),
        ("公益", "社会公益组织"),
        ("法律服务", "法律服务机构"),
    ];
    let mut out: Vec<&'static str> = Vec::new();
    for (_, printed) in NAMED.iter().filter(|(w, _)| clause.contains(w)) {
        let meant = t3::COLUMNS
            .iter()
            .filter(|c| c.label == *printed || c.group == Some(printed));
        for c in meant {
            if !out.contains(&c.key) {
                out.push(c.key);
            }
        }
    }
    out
}

/// 未收到…申请 vs a non-zero 本年新收 (of the applicants the clause names, if it names any).
fn none_received(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    if contains_any(clause.text, NOT_ABOUT_APPLICATIONS) {
        return None;
    }
    let at = none_marker(clause.text)?;
    let denied = &clause.text[at..];
    // `无逾期答复…申请的情况` denies late answers, not applications.
    let to_application = denied.find("申请")?;
    if contains_any(&denied[..to_application], HANDLING_WORDS) {
        return None;
    }
    let named = applicant_columns(denied);
    // Naming every applicant type (`自然人和法人`) is the same as naming none: the 总计.
    let every = t3::COLUMNS
        .iter()
        .filter(|c| c.key != "total")
        .all(|c| named.contains(&c.key));
    let columns = if named.is_empty() || every {
        vec!["total"]
    } else {
        named
    };
    let new_row = format::table(TableId::T3).row("new")?;
    let nonzero: Vec<(String, &str, f64)> = columns
        .iter()
        .filter_map(|c| {
            let col = new_row.columns.iter().find(|d| d.key == *c)?;
            let key = format::cell_key(TableId::T3, "new", c);
            let v = report.value(&key).filter(|v| *v != 0.0)?;
            Some((key, col.label, v))
        })
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    let listed: Vec<String> = nonzero
        .iter()
        .map(|(key, label, v)| match key.ends_with(".total") {
            true => format!("总计为 {}", num(*v)),
            false => format!("“{label}”为 {}", num(*v)),
        })
        .collect();
    let what = format!("{}{}", t3_row_label("new"), listed.join("、"));
    let total: f64 = nonzero.iter().map(|(_, _, v)| v).sum();
    let cells = nonzero.into_iter().map(|(k, _, _)| k).collect();
    Some(mismatch(clause, cells, 0.0, total, &what))
}

/// Is the term at byte `at` followed by its own figure (`行政诉讼 1 件`) before the next term?
fn has_own_figure(clause: Piece<'_>, at: usize) -> bool {
    let after = clause.tail(at);
    let next = ["复议", "诉讼"]
        .iter()
        .filter_map(|t| after.text.get(6..).and_then(|s| s.find(t)).map(|i| i + 6))
        .min()
        .unwrap_or(after.text.len());
    !counts(after.head(next)).is_empty()
}

/// 无/未发生 … 行政复议 / 行政诉讼 vs non-zero T4 totals (or 结果纠正 when the clause speaks of
/// 纠错/败诉 only).
fn no_review_or_suit(report: &Report, clause: Piece<'_>) -> Option<Finding> {
    let at = none_marker(clause.text)?;
    let t4 = format::table(TableId::T4);
    let mut groups: Vec<&str> = Vec::new();
    for term in ["复议", "诉讼"] {
        let negated = clause
            .find_all(term)
            .into_iter()
            .any(|i| i > at && !has_own_figure(clause, i));
        // 行政复议 is one group; 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉 the others.
        let header = format!("行政{term}");
        if negated {
            groups.extend(
                t4.rows
                    .iter()
                    .filter(|r| super::names::group_name(r).starts_with(&header))
                    .map(|r| r.key),
            );
        }
    }
    let column = if contains_any(clause.text, CORRECTED_WORDS) {
        "corrected"
    } else {
        "total"
    };
    let nonzero: Vec<(String, String, f64)> = groups
        .iter()
        .filter_map(|g| {
            let row = t4.row(g)?;
            let col = row.columns.iter().find(|c| c.key == column)?;
            let key = format::cell_key(TableId::T4, g, column);
            let v = report.value(&key).filter(|v| *v != 0.0)?;
            let name = super::names::group_name(row);
            let label = if column == "total" {
                format!("“{name}”总计为 {}", num(v))
            } else {
                format!("“{name}”的“{}”为 {}", col.label, num(v))
            };
            Some((key, label, v))
        })
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    let listed: Vec<&str> = nonzero.iter().map(|(_, l, _)| l.as_str()).collect();
    let what = format!("表四{}", listed.join("、"));
    let total: f64 = nonzero.iter().map(|(_, _, v)| v).sum();
    let cells = nonzero.into_iter().map(|(k, _, _)| k).collect();
    Some(mismatch(clause, cells, 0.0, total, &what))
}

/// TEXT_SUM: `共 52 条，其中 A 1 条，B 34 条…` — the parts after 其中 must add up to the total.
fn text_sum(prose: &Prose) -> Vec<Finding> {
    let mut out = Vec::new();
    for paragraph in prose.paragraphs() {
        let sents = paragraph.split(FULL_STOPS);
        for (si, s) in sents.iter().enumerate() {
            for at in s.find_all("其中") {
                let previous = si.checked_sub(1).and_then(|p| sents.get(p));
                if let Some(f) = sum_at(&prose.text, *s, at, previous) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// The total a 其中 refers to: the last count before it in the sentence, or, when 其中 opens the
/// sentence, the last count of the sentence before. With the clause it stands in.
fn total_before<'a>(
    s: Piece<'a>,
    at: usize,
    previous: Option<&Piece<'a>>,
) -> Option<(Count, Piece<'a>)> {
    let head = s.head(at);
    if let Some(c) = counts(head).pop() {
        return Some((c, head));
    }
    let opens = head.text.chars().all(|c| !c.is_alphanumeric());
    let prev = previous.filter(|_| opens)?;
    let c = counts(*prev).pop()?;
    Some((c, *prev))
}

/// Is the figure written as a total (`共 52 条`, `累计…391 条`) in its clause?
fn marked_total(within: Piece<'_>, total: &Count) -> bool {
    let before = &within.text[..total
        .span
        .start
        .saturating_sub(within.start)
        .min(within.text.len())];
    let clause_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| CLAUSE_ENDS.contains(c) || *c == '；')
        .map_or(0, |(i, c)| i + c.len_utf8());
    contains_any(&before[clause_start..], TOTAL_MARKERS)
}

fn sum_at(text: &str, s: Piece<'_>, at: usize, previous: Option<&Piece<'_>>) -> Option<Finding> {
    let (total, within) = total_before(s, at, previous)?;
    let subject = within
        .text
        .rsplit(['；', ';'])
        .next()
        .unwrap_or(within.text);
    let parts: Vec<Count> = parts_after(s.tail(at + "其中".len()), subject)
        .into_iter()
        .filter(|c| c.unit == total.unit)
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let sum: f64 = parts.iter().map(|c| c.value).sum();
    let differs = (sum - total.value).abs() > 1e-6;
    // Parts short of a figure not written as a total may be a selection ("其中包括…"), not a split.
    if !differs || (sum < total.value && !marked_total(within, &total)) {
        return None;
    }
    let end = parts.last().map_or(total.span.end, |c| c.span.end);
    let span = total.span.start..end;
    let passage = text.get(span.clone()).unwrap_or("");
    let terms: Vec<String> = parts.iter().map(|c| num(c.value)).collect();
    let unit = total.unit;
    let message = format!(
        "正文写“{}”：“其中”后列出的各项相加为 {} {unit}（{}），与总数 {} {unit}不符。",
        quote(passage, 40),
        num(sum),
        terms.join(" + "),
        num(total.value),
    );
    Some(
        Finding::new(Rule::TextSum, Severity::Warning, message)
            .with_numbers(total.value, sum)
            .with_span(span),
    )
}

/// Subjects a report states figures of in turn; a list of parts about one never runs on into
/// another (`行政复议351件，其中…尚未审结37件，行政诉讼46件…`).
/// (Not 主动公开: a list of channels names `法定主动公开内容栏目` as one of its parts.)
const SUBJECTS: &[&str] = &["行政复议", "行政诉讼", "政府信息公开申请"];

/// Does the clause `rest` (what follows a `，` in a list of parts) start a statement of its own:
/// a new statement word (`另`, `此外`), a total with parts of its own (`…46件，其中`), or a
/// subject that the total's clause did not name?
fn starts_new_statement(rest: &str, subject: &str) -> bool {
    if AFTER_PARTS.iter().any(|w| rest.starts_with(w)) || rest.starts_with("其中") {
        return true;
    }
    let clause_end = rest
        .find(['，', ',', '、', '；', ';'])
        .unwrap_or(rest.len());
    let clause = &rest[..clause_end];
    let own_parts = rest[clause_end..]
        .trim_start_matches(CLAUSE_LIST_ENDS)
        .trim_start()
        .starts_with("其中");
    let new_subject = SUBJECTS
        .iter()
        .any(|w| clause.contains(w) && !subject.contains(w));
    (own_parts && !counts(Piece::new(clause, 0)).is_empty()) || new_subject
}

/// What separates the items of a list of parts.
const CLAUSE_LIST_ENDS: &[char] = &['，', ',', '、'];

/// The counts listed after 其中: up to the end of the clause (`；`, the end of the sentence, a
/// closing bracket), another 其中, or a clause that starts a new statement; counts in brackets
/// inside the list (sub-parts) are skipped. `subject` is the clause the total stood in.
fn parts_after(list: Piece<'_>, subject: &str) -> Vec<Count> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut segment_start = 0;
    let mut end = list.text.len();
    for (i, c) in list.text.char_indices() {
        match c {
            '（' | '(' => {
                if depth == 0 {
                    out.extend(counts(Piece::new(
                        &list.text[segment_start..i],
                        list.start + segment_start,
                    )));
                }
                depth += 1;
            }
            '）' | ')' if depth == 0 => {
                end = i;
                break;
            }
            '）' | ')' => {
                depth -= 1;
                if depth == 0 {
                    segment_start = i + c.len_utf8();
                }
            }
            // A `；` closes the clause the total stood in: what follows is a statement of its own.
            '；' | ';' if depth == 0 => {
                end = i;
                break;
            }
            '，' | ',' | '、' if depth == 0 => {
                let rest = list.text[i + c.len_utf8()..].trim_start();
                if starts_new_statement(rest, subject) {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
    }
    if depth == 0 && segment_start < end {
        out.extend(counts(Piece::new(
            &list.text[segment_start..end],
            list.start + segment_start,
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};

    /// A 2021 report, all zero except `cells`, whose section 一 is `text`.
    fn with_prose(text: &str, cells: &[(&str, f64)]) -> Report {
        with_text(
            report21(cells),
            &format!("一、总体情况\n{text}\n二、主动公开政府信息情况\n"),
        )
    }

    fn findings(text: &str, cells: &[(&str, f64)]) -> Vec<Finding> {
        check(&with_prose(text, cells))
    }

    const SEED_000: &str =
        "（二）依申请公开情况。2023年我镇收到2件政府信息公开申请，均在规定时间内办结，\
        无因政府信息公开申请引起的行政复议、行政诉讼案件。";

    #[test]
    fn seed_000_denies_suits_the_table_counts() {
        let cells = [
            ("T3.new.natural", 2.0),
            ("T3.new.total", 2.0),
            ("T4.suit_direct.corrected", 2.0),
            ("T4.suit_direct.pending", 1.0),
            ("T4.suit_direct.total", 3.0),
        ];
        let f = findings(SEED_000, &cells);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T4.suit_direct.total"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "正文写“无因政府信息公开申请引起的行政复议、行政诉讼案件”，但表四“行政诉讼·未经复议直接起诉”总计为 3。"
        );
        let r = with_prose(SEED_000, &cells);
        let span = f[0].text_span.clone().unwrap();
        assert_eq!(
            &r.text[span],
            "无因政府信息公开申请引起的行政复议、行政诉讼案件"
        );
        // With T4 all zero the same text is consistent.
        assert!(findings(SEED_000, &cells[..2]).is_empty());
    }

    #[test]
    fn received_figures_are_compared_with_new_or_new_plus_carried() {
        let text = "2023年我镇收到2件政府信息公开申请。";
        let f = findings(text, &[("T3.new.total", 3.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(2.0), Some(3.0)));
        assert!(f[0]
            .message
            .contains("表三“一、本年新收政府信息公开申请数量”总计为 3"));
        assert!(findings(text, &[("T3.new.total", 1.0), ("T3.carried_in.total", 1.0)]).is_empty());
        assert!(findings("共受理政府信息公开申请 两件。", &[("T3.new.total", 2.0)]).is_empty());
        assert_eq!(
            rules(&findings(
                "共受理政府信息公开申请三件。",
                &[("T3.new.total", 2.0)]
            )),
            ["TEXT_TABLE_MISMATCH"]
        );
    }

    #[test]
    fn answered_and_granted_figures_are_compared() {
        let text = "收到政府信息公开申请5件，办结4件，其中予以公开3件。";
        let cells = [
            ("T3.new.total", 5.0),
            ("T3.results_total.total", 4.0),
            ("T3.granted.total", 3.0),
        ];
        assert!(findings(text, &cells).is_empty());
        let f = findings(
            text,
            &[
                ("T3.new.total", 5.0),
                ("T3.results_total.total", 5.0),
                ("T3.granted.total", 2.0),
            ],
        );
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH", "TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.results_total.total"]);
        assert_eq!(f[1].cells, ["T3.granted.total"]);
        assert!(f[1].message.contains("表三“（一）予以公开”总计为 2"));
        // 不予以公开 and 逾期答复 are not the figures compared.
        assert!(findings(
            "申请中不予以公开1件，逾期答复0件。",
            &[("T3.results_total.total", 1.0)]
        )
        .is_empty());
    }

    #[test]
    fn none_received_is_compared_with_new_applications() {
        let text = "2023 年，炭山乡未收到自然人和法人的政府信息公开申请。";
        assert!(findings(text, &[]).is_empty());
        let f = findings(text, &[("T3.new.natural", 1.0), ("T3.new.total", 1.0)]);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
        assert!(f[0]
            .message
            .ends_with("但表三“一、本年新收政府信息公开申请数量”总计为 1。"));
        // Only natural persons denied: their column is named.
        let text = "未收到自然人提出的政府信息公开申请。";
        let cells = [
            ("T3.new.natural", 1.0),
            ("T3.new.legal", 2.0),
            ("T3.new.total", 3.0),
        ];
        let f = findings(text, &cells);
        assert_eq!(f[0].cells, ["T3.new.natural"]);
        assert!(f[0].message.contains("“自然人”为 1"));
        // Only companies are denied: a natural person's application is no contradiction.
        let text = "未收到企业提出的政府信息公开申请。";
        assert!(findings(text, &[("T3.new.natural", 1.0), ("T3.new.total", 1.0)]).is_empty());
        let text = "依申请公开工作规范，无逾期答复政府信息公开申请的情况。";
        assert!(findings(text, &[("T3.new.total", 2.0)]).is_empty());
        let f = findings("全年没有收到政府信息公开申请。", &[("T3.new.total", 2.0)]);
        assert_eq!(f[0].cells, ["T3.new.total"]);
    }

    #[test]
    fn seed_sentences_with_zero_tables_give_nothing() {
        for text in [
            "经核实，2023 年我镇未收到政府信息公开申请，未出现行政诉讼案件。",
            "2023年度我镇没有因政府信息公开被申请行政复议、被提起行政诉讼和接受行政申诉、举报案例。",
            "2023年本乡未收到政府信息公开申请，未收取信息处理费。",
            SEED_000.replace("收到2件", "收到0件").as_str(),
        ] {
            assert!(findings(text, &[]).is_empty(), "{text}");
        }
    }

    #[test]
    fn hotline_figures_are_not_applications() {
        let text = "2023年，截止 12月28日 ，共受理 12345 政府服务热线诉求 146 件，已办结 152 件。";
        assert!(findings(
            text,
            &[("T3.new.total", 2.0), ("T3.results_total.total", 2.0)]
        )
        .is_empty());
        // Figures before the sentence turns to applications are about something else.
        let text = "共收到各类来文 120 件，已全部办结 120 件，其中政府信息公开申请 2 件。";
        let cells = [("T3.new.total", 2.0), ("T3.results_total.total", 2.0)];
        assert!(findings(text, &cells).is_empty());
        // Even in a sentence that also speaks of applications.
        let text = "收到政府信息公开申请2件，受理热线诉求146件。";
        assert!(findings(text, &[("T3.new.total", 2.0)]).is_empty());
    }

    #[test]
    fn a_stated_figure_for_one_term_is_not_denied() {
        let text = "无行政复议案件、行政诉讼1件。";
        let cells = [
            ("T4.suit_direct.pending", 1.0),
            ("T4.suit_direct.total", 1.0),
        ];
        assert!(findings(text, &cells).is_empty());
        let f = findings(text, &[("T4.review.total", 2.0), ("T4.review.upheld", 2.0)]);
        assert_eq!(f[0].cells, ["T4.review.total"]);
    }

    #[test]
    fn denying_only_corrections_checks_the_corrected_column() {
        let text = "未发生因政府信息公开被行政复议纠错的情况。";
        assert!(findings(text, &[("T4.review.upheld", 1.0), ("T4.review.total", 1.0)]).is_empty());
        let f = findings(
            text,
            &[("T4.review.corrected", 1.0), ("T4.review.total", 1.0)],
        );
        assert_eq!(f[0].cells, ["T4.review.corrected"]);
        assert!(f[0].message.contains("“行政复议”的“结果纠正”为 1"));
    }

    #[test]
    fn table_rows_in_the_text_are_not_read_as_claims() {
        let text = "4.无正当理由大量反复申请\t1\t0\t0\t0\t0\t0\t1";
        assert!(findings(text, &[("T3.new.total", 1.0)]).is_empty());
    }

    #[test]
    fn parts_that_add_up_pass() {
        let seed_000 =
            "在区政府门户网站发布信息共 52 条，其中乡镇文件栏目发布 1 条，乡镇动态栏目发布 34 条，\
            公示公告 8 条，重大项目栏目发布 1 条，预决算公开栏目发布 3 条，惠农惠民栏目发布 1 条，\
            法定主动公开内容栏目发布 2 条，部门信息公开目录栏目发布 2 条，做到了“应公开，尽公开”。";
        let seed_002 = "2023 年 1 月 1 日至 2023 年 12 月 31 日，累计主动公开政府信息 391 条。其中，\
            通过原州区人民政府门户网站公开信息 14 条，通过乡政府公示栏公开信息 162 条，\
            通过“331 监管平台”等线上平台公开信息 215 条。同时，认真接待群众电话投诉、网络投诉等，\
            办理“12345”便民服务热线投诉 174 件（其中，求助工单 112 件，投诉工单 47 件，咨询工单 15 件）。";
        assert!(findings(seed_000, &[]).is_empty());
        assert!(findings(seed_002, &[]).is_empty());
    }

    #[test]
    fn parts_that_do_not_add_up_are_flagged() {
        let text = "发布信息共 52 条，其中乡镇文件 1 条，乡镇动态 34 条，公示公告 8 条。";
        let f = findings(text, &[]);
        assert_eq!(rules(&f), ["TEXT_SUM"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!((f[0].expected, f[0].actual), (Some(52.0), Some(43.0)));
        assert!(f[0]
            .message
            .contains("相加为 43 条（1 + 34 + 8），与总数 52 条不符"));
        let r = with_prose(text, &[]);
        assert_eq!(
            &r.text[f[0].text_span.clone().unwrap()],
            "52 条，其中乡镇文件 1 条，乡镇动态 34 条，公示公告 8 条"
        );
        // In the next sentence and in brackets too.
        let text = "累计公开 391 条。其中，网站 14 条，公示栏 162 条，平台 200 条。";
        assert_eq!(rules(&findings(text, &[])), ["TEXT_SUM"]);
        let text = "办理投诉 174 件（其中，求助 112 件，投诉 47 件，咨询 16 件）。";
        assert_eq!(rules(&findings(text, &[])), ["TEXT_SUM"]);
    }

    #[test]
    fn parts_end_with_their_clause() {
        // Only TEXT_SUM: the tables here are all zero, so the stated cases differ from them.
        let sums = |text: &str| -> Vec<Finding> {
            findings(text, &[])
                .into_iter()
                .filter(|f| f.rule == "TEXT_SUM")
                .collect()
        };
        // A city report: 72+64+178+37 = 351; the 46 suits of the next clause are not a part.
        let text = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，\
            尚未审结37件；政府信息公开行政诉讼46件，其中结果维持20件，结果纠正5件，其他结果15件，尚未审结6件。";
        assert!(sums(text).is_empty());
        // The same with a comma where the clause ends: the new subject still ends the list.
        let text = text.replace("37件；", "37件，");
        assert!(sums(&text).is_empty());
        // A figure with parts of its own after the list is not a part either.
        let text = "共公开信息120条，其中政策文件60条，工作动态60条，公开政策解读15条，其中图解5条、视频10条。";
        assert!(sums(text).is_empty());
        // But a list inside one clause that does not add up still fires.
        let text = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，\
            尚未审结45件；政府信息公开行政诉讼46件。";
        let f = sums(text);
        assert_eq!(rules(&f), ["TEXT_SUM"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(351.0), Some(359.0)));
    }

    #[test]
    fn a_selection_of_an_unmarked_figure_is_not_a_split() {
        // Parts short of a figure not written as a total: perhaps only highlights.
        let text = "发布信息 52 条，其中政策文件 3 条、解读 2 条。";
        assert!(findings(text, &[]).is_empty());
        // But more than the total is wrong whatever the wording.
        let text = "发布信息 5 条，其中政策文件 3 条、解读 4 条。";
        assert_eq!(rules(&findings(text, &[])), ["TEXT_SUM"]);
        // A single part, other units and a new statement after the list are not parts.
        assert!(findings("共 52 条，其中政策文件 3 条。", &[]).is_empty());
        let text = "共发布 5 条，其中文件 3 条、解读 2 条，另转发信息 20 条。";
        assert!(findings(text, &[]).is_empty());
        let text = "共发布 5 条，其中文件 3 条（含规范性文件 1 条）、解读 2 条，阅读 300 次。";
        assert!(findings(text, &[]).is_empty());
    }
}
