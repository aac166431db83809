//! The publication date: from the signature or a labelled field, in digits or Chinese numerals.

use super::chars::{compact, last_chars};
use crate::model::Date;
use crate::recognise::numbers::chinese_number;

/// A date like `2024 年 1 月 22 日`, `二〇二四年一月二十二日` or `2024-01-22` among the last lines.
pub(super) fn signature_date(tail: &[&str]) -> Option<Date> {
    tail.iter().rev().find_map(|l| date_in(l))
}

/// Field labels of a web page's publication date (`时间：2025-03-10 15:35`,
/// `发文日期\t2024-01-15`), read when the report is not dated at its end.
pub(super) const DATE_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发文日期",
    "成文日期",
    "公开日期",
    "时间",
    "日期",
];

/// The date of a labelled date field in the head. The label must open a field (start of the
/// line, or after a gap), so `统计时间：2023年1月1日至…` is not taken for the publication date, and
/// a date that opens a range (`…至`, `…到`) is not one either.
pub(super) fn labelled_date(head: &[&str]) -> Option<Date> {
    head.iter().find_map(|line| {
        DATE_LABELS.iter().find_map(|label| {
            line.match_indices(label).find_map(|(at, _)| {
                let opens_field = line[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || "|｜".contains(c));
                let rest =
                    line[at + label.len()..].trim_start_matches([':', '：', ' ', '\t', '　']);
                opens_field.then(|| leading_date(rest)).flatten()
            })
        })
    })
}

/// A date at the start of `s` (`2025-03-10`, `2025/3/10`, `2025.03.10`, `2025年3月10日`) with
/// nothing after it but a time or another field.
pub(super) fn leading_date(s: &str) -> Option<Date> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || "-/.年月日".contains(c)))
        .map_or(s.len(), |(i, _)| i);
    let (date, after) = s.split_at(end);
    if after
        .trim_start()
        .starts_with(['至', '到', '起', '—', '~', '～'])
    {
        return None;
    }
    date_in(date).filter(|d| d.year >= 1990)
}

pub fn date_in(line: &str) -> Option<Date> {
    let c = compact(line);
    if c.chars().count() > 30 {
        return None; // a sentence, not a signature line
    }
    if let Some(d) = chinese_style_date(&c) {
        return Some(d);
    }
    let parts: Vec<&str> = c.split(['-', '.', '/']).collect();
    if parts.len() == 3 {
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() == 3 {
            return Date::new(n[0] as i32, n[1], n[2]);
        }
    }
    None
}

pub(super) fn chinese_style_date(c: &str) -> Option<Date> {
    let y_at = c.find('年')?;
    let m_at = c[y_at..].find('月')? + y_at;
    let d_at = c[m_at..].find('日')? + m_at;
    let year_text = last_chars(&c[..y_at], 4);
    let num = |s: &str| -> Option<u32> { s.parse().ok().or_else(|| chinese_number(s)) };
    let year = num(year_text)? as i32;
    let month = num(&c[y_at + '年'.len_utf8()..m_at])?;
    let day = num(&c[m_at + '月'.len_utf8()..d_at])?;
    Date::new(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numeral_dates() {
        assert_eq!(date_in("二〇二四年一月二十二日"), Date::new(2024, 1, 22));
        assert_eq!(date_in("2024-01-31"), Date::new(2024, 1, 31));
        assert_eq!(date_in("2023年我镇收到2件申请，均在规定时间内办结"), None);
    }
}
