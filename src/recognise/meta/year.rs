//! The report's year: typed by the clerk, or stated in the title, the statistics period or the body.

use super::chars::{compact, compact_chars};
use crate::recognise::numbers::chinese_number;
use crate::text::fold_width;

/// The years a report can be about; a year outside is a misreading or a typing error.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2099;

/// A year as a clerk types it into the report's particulars (`2023`, `２０２３`, `2023年`).
/// Empty means "not known".
pub fn parse_year(text: &str) -> Result<Option<i32>, String> {
    let folded: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = folded.strip_suffix('年').unwrap_or(&folded);
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) && digits.len() == 4 => Ok(Some(y)),
        _ => Err(format!(
            "“{}”不是有效的年度，请填写 {}–{} 之间如 2023 的四位数字。",
            text.trim(),
            YEARS.start(),
            YEARS.end()
        )),
    }
}

/// A year 1990–2099 followed by 年 (`2023 年`, `２０２３年`, `二〇二三年`).
pub(super) fn year_in(s: &str) -> Option<i32> {
    years_in(compact_chars(s)).into_iter().next()
}

/// Every year 1990–2099 followed by 年 in `chars`, in order.
///
/// Streams over `chars` keeping the last four: with no year stated it reads the whole body, and
/// a body collected into chars first took 4 bytes a character (a 60 MB text peaked at 665 MB).
pub(crate) fn years_in(chars: impl Iterator<Item = char>) -> Vec<i32> {
    let mut last4 = ['\0'; 4];
    let mut out = Vec::new();
    for (seen, c) in chars.enumerate() {
        crate::read::budget::checkpoint();
        if c == '年' && seen >= 4 {
            let four: String = last4.iter().collect();
            let y = if last4.iter().all(char::is_ascii_digit) {
                four.parse::<i32>().ok()
            } else {
                chinese_number(&four).map(|v| v as i32)
            };
            if let Some(y) = y.filter(|y| YEARS.contains(y)) {
                out.push(y);
            }
        }
        last4.rotate_left(1);
        last4[3] = c;
    }
    out
}

/// `本报告统计数据从 2023 年 1 月 1 日起…`, `统计期限自2023年1月1日起`.
pub(super) fn statistics_year(line: &str) -> Option<i32> {
    let c = compact(line);
    let at = c.find("统计")?;
    years_in(c[at..].chars()).into_iter().next()
}

/// A statistics period stated in the body (`本报告所列数据的统计期限自2023年1月1日起…`): a line
/// with 统计 whose year opens a period on 1 January. `据统计，2022年以来…` states no period.
pub(super) fn body_period(body: &str) -> Option<i32> {
    body.lines().find_map(|line| {
        let c = compact(line);
        let at = c.find("统计")?;
        let rest = &c[at..];
        let jan = rest.find("年1月1日")?;
        let y = years_in(rest[..jan + '年'.len_utf8()].chars()).pop()?;
        Some(y)
    })
}

/// No year stated anywhere and no date: the year the text mentions most.
pub(super) fn most_mentioned(body: &str) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for y in years_in(compact_chars(body)) {
        *counts.entry(y).or_default() += 1;
    }
    // Most mentioned; on a tie the earlier year (the report is about the past year).
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_years_are_four_digits_in_range() {
        assert_eq!(parse_year(" ２０２３ "), Ok(Some(2023)));
        assert_eq!(parse_year("2023年"), Ok(Some(2023)));
        assert_eq!(parse_year(""), Ok(None));
        assert!(parse_year("1989").is_err());
        assert!(parse_year("2100").is_err());
        assert!(parse_year("0202").is_err());
        assert!(parse_year("23").is_err());
    }

    #[test]
    fn years_are_found_in_order_in_every_spelling() {
        let text = "年初，2023年工作；二〇二二年对比；１９９９年、1989年与3023年不算；末尾2024年";
        assert_eq!(years_in(compact_chars(text)), vec![2023, 2022, 1999, 2024]);
        assert_eq!(years_in("12年".chars()), Vec::<i32>::new());
        assert_eq!(year_in("２０２３ 年度报告"), Some(2023));
    }
}
