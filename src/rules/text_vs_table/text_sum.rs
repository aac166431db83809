//! TEXT_SUM: a total the text states (`共 52 条，其中…`) against the parts it lists after it.

use super::contains_any;
use crate::model::{Finding, Severity};
use crate::rules::names::num;
use crate::rules::text::{counts, quote, Count, Piece, Prose, CLAUSE_ENDS, FULL_STOPS};
use crate::rules::Rule;

/// Words that start a new statement after a list of parts (`另转发 20 条`).
pub(super) const AFTER_PARTS: &[&str] = &[
    "另", "此外", "同时", "还", "并", "以及", "累计", "共", "合计", "总计",
];
/// Words that mark a figure as a total.
pub(super) const TOTAL_MARKERS: &[&str] = &["共", "累计", "合计", "总计", "总数", "总共"];

/// TEXT_SUM: `共 52 条，其中 A 1 条，B 34 条…` — the parts after 其中 must add up to the total.
pub(super) fn text_sum(prose: &Prose) -> Vec<Finding> {
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
pub(super) fn total_before<'a>(
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
pub(super) fn marked_total(within: Piece<'_>, total: &Count) -> bool {
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

pub(super) fn sum_at(
    text: &str,
    s: Piece<'_>,
    at: usize,
    previous: Option<&Piece<'_>>,
) -> Option<Finding> {
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
pub(super) const SUBJECTS: &[&str] = &["行政复议", "行政诉讼", "政府信息公开申请"];

/// Does the clause `rest` (what follows a `，` in a list of parts) start a statement of its own:
/// a new statement word (`另`, `此外`), a total with parts of its own (`…46件，其中`), or a
/// subject that the total's clause did not name?
pub(super) fn starts_new_statement(rest: &str, subject: &str) -> bool {
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
pub(super) const CLAUSE_LIST_ENDS: &[char] = &['，', ',', '、'];

/// The counts listed after 其中: up to the end of the clause (`；`, the end of the sentence, a
/// closing bracket), another 其中, or a clause that starts a new statement; counts in brackets
/// inside the list (sub-parts) are skipped. `subject` is the clause the total stood in.
pub(super) fn parts_after(list: Piece<'_>, subject: &str) -> Vec<Count> {
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
    use super::super::tests::*;
    use super::*;

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
