//! Reading the report's prose for the text rules: the lines outside the tables, their sentences and
//! clauses, and the counts written in them (`2 件`, `两件`, `1,234 条`). Every piece keeps its
//! byte position in `Report::text`, so a finding can point at the passage it quotes.

use crate::format::{self, normalise_label, TableId};
use crate::model::Report;
use crate::recognise::numbers::chinese_digit;
use crate::text::fold_width;
use std::ops::Range;

/// Where a sentence ends (the brief's list: 。；!? and line breaks).
pub const SENTENCE_ENDS: &[char] = &['。', '；', ';', '！', '!', '？', '?', '\n', '\r'];
/// Where a sentence ends when a `；` only separates items of one list (TEXT_SUM).
pub const FULL_STOPS: &[char] = &['。', '！', '!', '？', '?', '\n', '\r'];
/// Where a clause ends inside a sentence.
pub const CLAUSE_ENDS: &[char] = &['，', ',', '：', ':'];

/// A slice of `Report::text` with its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the report's text.
    pub start: usize,
}

impl<'a> Piece<'a> {
    pub fn new(text: &'a str, start: usize) -> Piece<'a> {
        Piece { text, start }
    }

    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// The part from byte `from` (relative) to the end.
    pub fn tail(&self, from: usize) -> Piece<'a> {
        let from = from.min(self.text.len());
        Piece::new(self.text.get(from..).unwrap_or(""), self.start + from)
    }

    /// The part before byte `to` (relative).
    pub fn head(&self, to: usize) -> Piece<'a> {
        let to = to.min(self.text.len());
        Piece::new(self.text.get(..to).unwrap_or(""), self.start)
    }

    /// Without surrounding whitespace.
    pub fn trimmed(&self) -> Piece<'a> {
        let t = self.text.trim_start();
        let start = self.start + (self.text.len() - t.len());
        Piece::new(t.trim_end(), start)
    }

    /// The non-empty pieces between any of `seps`, trimmed.
    pub fn split(&self, seps: &[char]) -> Vec<Piece<'a>> {
        let mut out = Vec::new();
        let mut from = 0;
        for (i, c) in self.text.char_indices() {
            if seps.contains(&c) {
                out.push(Piece::new(&self.text[from..i], self.start + from));
                from = i + c.len_utf8();
            }
        }
        out.push(Piece::new(&self.text[from..], self.start + from));
        out.into_iter()
            .map(|p| p.trimmed())
            .filter(|p| !p.text.is_empty())
            .collect()
    }

    /// Relative byte offsets of every occurrence of `pat`.
    pub fn find_all(&self, pat: &str) -> Vec<usize> {
        self.text.match_indices(pat).map(|(i, _)| i).collect()
    }
}

/// The report's prose, ready for reading phrases: table lines dropped, lines a PDF wrapped joined
/// back into paragraphs (one per line of `text`), and spaces removed except between two ASCII
/// letters or digits (`收到 2 件` → `收到2件`, `行政\n复议` → `行政复议`, but `331 监管` keeps
/// `331` apart from what follows). `map` leads every byte back to `Report::text`.
pub struct Prose {
    pub text: String,
    /// For each byte of `text`, its byte offset in `Report::text`.
    map: Vec<usize>,
}

impl Prose {
    pub fn of(report: &Report) -> Prose {
        let mut prose = Prose {
            text: String::new(),
            map: Vec::new(),
        };
        let mut previous: Option<Piece<'_>> = None;
        for line in prose_lines(report) {
            if let Some(prev) = previous {
                if !continues(prev.text, line.text) {
                    prose.push('\n', prev.span().end);
                }
            }
            prose.push_line(line);
            previous = Some(line);
        }
        prose
    }

    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.map.extend((0..c.len_utf8()).map(|i| at + i));
    }

    fn push_line(&mut self, line: Piece<'_>) {
        let chars: Vec<(usize, char)> = line.text.char_indices().collect();
        for (n, &(i, c)) in chars.iter().enumerate() {
            if c.is_whitespace() {
                let before = self.text.chars().next_back();
                let after = chars[n + 1..]
                    .iter()
                    .map(|(_, c)| *c)
                    .find(|c| !c.is_whitespace());
                let between_words = before.is_some_and(|b| b.is_ascii_alphanumeric())
                    && after.is_some_and(|a| fold_width(a).is_ascii_alphanumeric());
                if !between_words || before == Some(' ') {
                    continue;
                }
                self.push(' ', line.start + i);
            } else {
                self.push(c, line.start + i);
            }
        }
    }

    /// The whole prose as one piece (its offsets are in `text`, not in the report's text).
    pub fn piece(&self) -> Piece<'_> {
        Piece::new(&self.text, 0)
    }

    /// One piece per paragraph.
    pub fn paragraphs(&self) -> Vec<Piece<'_>> {
        self.piece().split(&['\n'])
    }

    pub fn sentences(&self) -> Vec<Piece<'_>> {
        self.piece().split(SENTENCE_ENDS)
    }

    /// A range of `text` as a range of `Report::text`.
    pub fn source_span(&self, r: Range<usize>) -> Range<usize> {
        let start = self.map.get(r.start).copied().unwrap_or(0);
        let end = r
            .end
            .checked_sub(1)
            .and_then(|last| self.map.get(last))
            .map_or(start, |e| e + 1);
        start..end.max(start)
    }
}

/// Does `next` continue the sentence `prev` was cut in (a wrapped line, or a page break)?
fn continues(prev: &str, next: &str) -> bool {
    let ends_sentence = prev
        .trim_end()
        .ends_with(['。', '！', '？', '!', '?', '；', ';', '：', ':']);
    // A heading stands on a short line; a long line that starts like one (`（二）依申请公开情况。
    // 经核实，2023 年我镇`) is a paragraph, and may wrap.
    let heading_line = is_heading(prev) && prev.chars().count() <= HEADING_CHARS;
    !ends_sentence && !heading_line && !is_heading(next)
}

/// Headings are shorter than this; a wrapped PDF line is longer.
const HEADING_CHARS: usize = 30;

/// `一、总体情况`, `（二）依申请公开`, `1.`, `第一部分`: a line that starts a new part.
fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    let numeral =
        |c: char| chinese_digit(c).is_some() || c == '十' || fold_width(c).is_ascii_digit();
    let mut chars = t.chars().map(fold_width);
    let first = chars.next();
    match first {
        Some('(') => chars.next().is_some_and(numeral),
        Some('第') => chars.next().is_some_and(numeral),
        Some(c) if numeral(c) => {
            let rest: String = t.chars().skip_while(|c| numeral(*c)).take(1).collect();
            matches!(rest.as_str(), "、" | "." | "．")
        }
        _ => false,
    }
}

/// The lines of the report's text that are prose, not table rows or headers.
fn prose_lines(report: &Report) -> Vec<Piece<'_>> {
    let labels = table_labels();
    let hulls = table_hulls(report);
    let free_text: Vec<Range<usize>> = [1u8, 5, 6]
        .iter()
        .filter_map(|n| report.section(*n).map(|s| s.body.clone()))
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    for line in report.text.split('\n') {
        let piece = Piece::new(line, start).trimmed();
        start += line.len() + 1;
        let in_hull = hulls.iter().any(|h| overlaps(h, &piece.span()))
            && !free_text.iter().any(|f| contains(f, &piece.span()));
        if !piece.text.is_empty() && !in_hull && !is_table_line(piece.text, labels) {
            out.push(piece);
        }
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A table row or header: columns separated by tabs, or nothing but a table label and numbers.
fn is_table_line(line: &str, labels: &Labels) -> bool {
    if line.contains('\t') {
        return true;
    }
    let words = without_digits(&normalise_label(line));
    words.is_empty() || labels.contain(&words)
}

/// The tables' labels, normalised and without digits.
struct Labels {
    each: Vec<String>,
    /// All of them, each followed by [`Labels::SEPARATOR`]: one search of this instead of one
    /// per label (a search costs its set-up, and every line of every report is looked up).
    joined: String,
}

impl Labels {
    const SEPARATOR: char = '\0';

    fn new(each: Vec<String>) -> Labels {
        let joined = each.iter().flat_map(|l| [l.as_str(), "\0"]).collect();
        Labels { each, joined }
    }

    /// Is `words` part of some label?
    fn contain(&self, words: &str) -> bool {
        if words.contains(Labels::SEPARATOR) {
            // It could match across two labels in `joined`.
            return self.each.iter().any(|l| l.contains(words));
        }
        self.joined.contains(words)
    }
}

fn without_digits(s: &str) -> String {
    s.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Every label printed in the tables, normalised and without digits: made once per process,
/// as every report's prose is read against them.
fn table_labels() -> &'static Labels {
    static LABELS: std::sync::OnceLock<Labels> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| Labels::new(make_table_labels()))
}

fn make_table_labels() -> Vec<String> {
    let mut out: Vec<String> = vec![
        "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和".into(),
        "信息内容".into(),
    ];
    for t in TableId::ALL {
        for row in format::table(t).rows {
            out.push(row.full_label());
            out.extend(row.columns.iter().map(|c| c.label.to_string()));
            out.extend(
                row.columns
                    .iter()
                    .filter_map(|c| c.group.map(str::to_string)),
            );
        }
    }
    out.push(format::t3::APPLICANTS.into());
    out.iter()
        .map(|l| without_digits(&normalise_label(l)))
        .collect()
}

/// The stretch of text each present table's cells were read from, widened to whole lines.
fn table_hulls(report: &Report) -> Vec<Range<usize>> {
    TableId::ALL
        .into_iter()
        .filter(|t| report.has_table(*t))
        .filter_map(|t| {
            let prefix = format!("{}.", t.code());
            let spans = report
                .cells
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .filter_map(|(_, c)| c.provenance.span.clone());
            let (lo, hi) = spans.fold(None, |acc: Option<(usize, usize)>, s| match acc {
                None => Some((s.start, s.end)),
                Some((lo, hi)) => Some((lo.min(s.start), hi.max(s.end))),
            })?;
            let text = &report.text;
            let lo = text
                .get(..lo)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let hi = text
                .get(hi..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| hi + i);
            Some(lo..hi)
        })
        .collect()
}

/// A number directly followed by a unit, as prose writes a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub value: f64,
    pub unit: &'static str,
    /// Absolute byte range from the number's first character to the unit's end.
    pub span: Range<usize>,
}

/// Units a count of applications or of cases is written in.
pub const CASE_UNITS: &[&str] = &["件", "份", "宗", "个", "条", "起"];

/// What may follow 个 in a count of applications or cases. `等六个部分`, `“三个一”工作机制` and
/// `5个工作日` count other things.
const AFTER_GE: &[&str] = &[
    "申请",
    "案件",
    "案",
    "行政复议",
    "行政诉讼",
    "复议",
    "诉讼",
    "依申请",
    "政府信息公开申请",
];

/// Whether `c`, found in `p`, counts applications or cases: a case unit, and for 个 no other
/// noun after it.
pub fn is_case_count(p: Piece<'_>, c: &Count) -> bool {
    if !CASE_UNITS.contains(&c.unit) {
        return false;
    }
    if c.unit != "个" {
        return true;
    }
    let after = p
        .text
        .get(c.span.end.saturating_sub(p.start)..)
        .unwrap_or("");
    match after.chars().next() {
        Some(ch) if crate::text::is_cjk(ch) => AFTER_GE.iter().any(|w| after.starts_with(w)),
        _ => true,
    }
}

/// Units of a count, longer ones first so `人次` wins over `人`.
const UNITS: &[&str] = &[
    "人次", "万元", "件", "条", "个", "项", "次", "篇", "场", "期", "份", "宗", "起", "家", "户",
    "元", "人",
];

/// After `个`, these make it a duration or a share, not a count.
const NOT_AFTER_GE: &[&str] = &["工作日", "月", "小时", "百分点", "自然日"];

/// Every count in a piece of text, in order. `331 监管平台` and `12345` are not counts: a count
/// is a number followed (spaces allowed) by a unit.
pub fn counts(p: Piece<'_>) -> Vec<Count> {
    let text = p.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let run = if is_digit(c) {
            digit_run(&text[i..])
        } else if chinese_digit(c).is_some() || is_chinese_unit(c) {
            chinese_run(&text[i..])
        } else {
            0
        };
        if run == 0 {
            i += c.len_utf8();
            continue;
        }
        let number = &text[i..i + run];
        let ordinal = text[..i].ends_with('第');
        if let (false, Some(value)) = (ordinal, number_value(number)) {
            if let Some((unit, end)) = unit_after(text, i + run) {
                out.push(Count {
                    value,
                    unit,
                    span: p.start + i..p.start + end,
                });
            }
        }
        i += run;
    }
    out
}

fn is_digit(c: char) -> bool {
    fold_width(c).is_ascii_digit()
}

/// Length in bytes of `1,234.5` at the start of `s` (separators only between digits).
fn digit_run(s: &str) -> usize {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut end = 0;
    for (n, &(i, c)) in chars.iter().enumerate() {
        let next_is_digit = chars.get(n + 1).is_some_and(|&(_, d)| is_digit(d));
        if is_digit(c) || (matches!(fold_width(c), ',' | '.') && next_is_digit && end == i) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn chinese_run(s: &str) -> usize {
    s.char_indices()
        .take_while(|&(_, c)| chinese_digit(c).is_some() || is_chinese_unit(c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn is_chinese_unit(c: char) -> bool {
    matches!(c, '十' | '百' | '千')
}

fn number_value(s: &str) -> Option<f64> {
    let first = s.chars().next()?;
    if is_digit(first) {
        let folded: String = s.chars().map(fold_width).filter(|c| *c != ',').collect();
        folded.parse().ok()
    } else {
        chinese_value(s).map(f64::from)
    }
}

/// `两` = 2, `十二` = 12, `二十` = 20, `一百零五` = 105. Strings of bare digits (`二三`) are not
/// counts.
pub fn chinese_value(s: &str) -> Option<u32> {
    let (mut total, mut current, mut last_unit) = (0u32, None::<u32>, u32::MAX);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if d == 0 {
                current = None;
                continue;
            }
            if current.is_some() {
                return None;
            }
            current = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        let times = match (current.take(), unit) {
            (Some(d), _) => d,
            (None, 10) => 1,
            (None, _) => return None,
        };
        total += times * unit;
        last_unit = unit;
    }
    Some(total + current.unwrap_or(0))
}

/// The unit right after byte `at` (spaces allowed between), and where it ends.
fn unit_after(text: &str, at: usize) -> Option<(&'static str, usize)> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
    let at = at + (rest.len() - trimmed.len());
    let unit = UNITS.iter().find(|u| trimmed.starts_with(**u))?;
    let after = &trimmed[unit.len()..];
    if *unit == "个" && NOT_AFTER_GE.iter().any(|w| after.starts_with(w)) {
        return None;
    }
    Some((unit, at + unit.len()))
}

/// At most `max` characters of a passage for a message, with `……` when cut.
pub fn quote(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}……")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    #[test]
    fn labels_contain_words_of_one_label_only() {
        let labels = Labels::new(vec!["本机关不掌握".into(), "信息内容".into()]);
        assert!(labels.contain("不掌握"));
        assert!(labels.contain("信息内容"));
        // The end of one label and the start of the next are not one label.
        assert!(!labels.contain("掌握信息"));
        assert!(!labels.contain("掌握\0信息"));
        assert!(!labels.contain("收到申请"));
        assert!(table_labels().contain("本列数据的勾稽关系为"));
    }

    fn values(s: &str) -> Vec<(f64, &'static str)> {
        counts(Piece::new(s, 0))
            .into_iter()
            .map(|c| (c.value, c.unit))
            .collect()
    }

    #[test]
    fn counts_are_numbers_followed_by_units() {
        assert_eq!(values("我镇收到2件政府信息公开申请"), [(2.0, "件")]);
        assert_eq!(values("收到 2 件"), [(2.0, "件")]);
        assert_eq!(values("收到两件，办结三件"), [(2.0, "件"), (3.0, "件")]);
        assert_eq!(values("共 1,234 条"), [(1234.0, "条")]);
        assert_eq!(values("收到１２件"), [(12.0, "件")]);
        assert_eq!(values("二十二件、十件"), [(22.0, "件"), (10.0, "件")]);
    }

    #[test]
    fn names_years_and_durations_are_not_counts() {
        assert!(values("通过“331 监管平台”等").is_empty());
        assert!(values("办理“12345”便民服务热线").is_empty());
        assert!(values("2023 年，一是加强领导").is_empty());
        assert!(values("15个工作日内答复").is_empty());
        assert!(values("第一条规定").is_empty());
    }

    #[test]
    fn count_spans_point_into_the_text() {
        let text = "前文。共 52 条";
        let c = &counts(Piece::new(&text[9..], 9))[0];
        assert_eq!(&text[c.span.clone()], "52 条");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_value("两"), Some(2));
        assert_eq!(chinese_value("十"), Some(10));
        assert_eq!(chinese_value("十二"), Some(12));
        assert_eq!(chinese_value("二十"), Some(20));
        assert_eq!(chinese_value("一百零五"), Some(105));
        assert_eq!(chinese_value("二三"), None);
        assert_eq!(chinese_value("二〇二三"), None);
    }

    fn prose(text: &str) -> Prose {
        Prose::of(&Report::empty("t", FileKind::Text, text.to_string()))
    }

    #[test]
    fn table_lines_are_not_prose() {
        let text = "一、总体情况\n今年收到2件申请。\n4.无正当理由大量反复申请\t0\t0\n\
            (七) 总计 0 0 0\n3.其他\n0 0 0\n";
        assert_eq!(prose(text).text, "一、总体情况\n今年收到2件申请。");
    }

    #[test]
    fn wrapped_lines_are_joined_and_spaces_dropped() {
        let text = "（二）依申请公开情况\n2023 年我镇收到 2 件政府信息公开申请，无因政府信息公开申请引起的行\n\n\
            政复议、行政诉讼案件。\n通过“331 监管平台”等 12 345 条\n二、主动公开";
        let p = prose(text);
        assert_eq!(
            p.text,
            "（二）依申请公开情况\n2023年我镇收到2件政府信息公开申请，无因政府信息公开申请引起的行政复议、行政诉讼案件。\n\
             通过“331监管平台”等12 345条\n二、主动公开"
        );
        // Spans lead back to the report's text, across the joined lines.
        let at = p.text.find("行政复议").unwrap();
        let span = p.source_span(at..at + "行政复议".len());
        assert_eq!(&text[span], "行\n\n政复议");
        assert_eq!(p.paragraphs().len(), 4);
        // A paragraph opening with （二） still wraps.
        let text = "（二）行政机关收到和处理政府信息公开申请情况。经核实，2023 年我镇\n未收到政府信息公开申请。";
        assert_eq!(prose(text).paragraphs().len(), 1);
    }

    #[test]
    fn pieces_split_and_keep_positions() {
        let text = "甲，乙；丙";
        let p = Piece::new(text, 0);
        let parts = p.split(&['，', '；']);
        assert_eq!(parts.len(), 3);
        assert_eq!(&text[parts[2].span()], "丙");
        assert_eq!(quote("一二三四五", 3), "一二三……");
    }
}
