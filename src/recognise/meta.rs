//! The report's particulars: agency, year and publication date, from the title, the statistics
//! period and the signature.

use super::numbers::chinese_number;
use crate::format::fold_width;
use crate::model::Date;

/// Lines of the text before section 一 (or the first lines when there is none), non-empty, trimmed.
pub struct Meta {
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub year_inferred: bool,
    pub published: Option<Date>,
}

/// `head` are the lines before section 一, `tail` the last lines of the report.
pub fn find_meta(head: &[&str], tail: &[&str], body: &str) -> Meta {
    let title_idx = head.iter().position(|l| is_title(l));
    let title = title_idx.map(|i| head[i]);
    let published = signature_date(tail);
    let stated_year = title
        .and_then(year_in)
        .or_else(|| head.iter().find_map(|l| statistics_year(l)));
    let (year, year_inferred) = match stated_year {
        Some(y) => (Some(y), false),
        None => (infer_year(published, body), true),
    };
    let agency = signature_agency(tail)
        .or_else(|| labelled_agency(head))
        .or_else(|| title_idx.and_then(|i| title_agency(head, i)));
    Meta {
        agency,
        year,
        year_inferred: year_inferred && year.is_some(),
        published,
    }
}

fn compact(s: &str) -> String {
    compact_chars(s).collect()
}

/// `s` with full-width forms folded and blanks left out, as the patterns here are written.
fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
}

/// The title names the report and more (`…2023年政府信息公开工作年度报告`); a bare `年度报告` is a
/// sheet or file name.
fn is_title(line: &str) -> bool {
    let c = compact(line);
    c.chars().count() >= 8
        && (c.contains("年度报告") || c.contains("工作年报") || c.ends_with("年报"))
}

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
fn year_in(s: &str) -> Option<i32> {
    years_in(compact_chars(s)).into_iter().next()
}

/// Every year 1990–2099 followed by 年 in `chars`, in order.
///
/// Streams over `chars` keeping the last four: with no year stated it reads the whole body, and
/// a body collected into chars first took 4 bytes a character (a 60 MB text peaked at 665 MB).
fn years_in(chars: impl Iterator<Item = char>) -> Vec<i32> {
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
fn statistics_year(line: &str) -> Option<i32> {
    let c = compact(line);
    let at = c.find("统计")?;
    years_in(c[at..].chars()).into_iter().next()
}

/// No year stated: a report published early in a year is about the year before; otherwise the
/// year the text mentions most.
fn infer_year(published: Option<Date>, body: &str) -> Option<i32> {
    if let Some(d) = published {
        return Some(if d.month <= 6 { d.year - 1 } else { d.year });
    }
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

/// A date like `2024 年 1 月 22 日`, `二〇二四年一月二十二日` or `2024-01-22` among the last lines.
fn signature_date(tail: &[&str]) -> Option<Date> {
    tail.iter().rev().find_map(|l| date_in(l))
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

fn chinese_style_date(c: &str) -> Option<Date> {
    let y_at = c.find('年')?;
    let m_at = c[y_at..].find('月')? + y_at;
    let d_at = c[m_at..].find('日')? + m_at;
    let year_text: String = c[..y_at]
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let num = |s: &str| -> Option<u32> { s.parse().ok().or_else(|| chinese_number(s)) };
    let year = num(&year_text)? as i32;
    let month = num(&c[y_at + '年'.len_utf8()..m_at])?;
    let day = num(&c[m_at + '月'.len_utf8()..d_at])?;
    Date::new(year, month, day)
}

/// Endings of the names of bodies that publish these reports.
const BODY_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "办事处",
    "委员会",
    "管委会",
    "局",
    "委",
    "办公室",
    "办",
    "厅",
    "署",
    "院",
    "中心",
    "乡",
    "镇",
    "街道",
    "所",
    "队",
    "处",
    "部",
];

/// The signature: a body's name on the line above the date at the end of the report.
fn signature_agency(tail: &[&str]) -> Option<String> {
    let date_idx = tail.iter().rposition(|l| date_in(l).is_some())?;
    let name = tail[..date_idx].last()?.trim();
    let c = compact(name);
    let plausible = (2..=30).contains(&c.chars().count())
        && BODY_SUFFIXES.iter().any(|s| c.ends_with(s))
        && !c.contains('。')
        && !c.contains('，');
    plausible.then_some(c)
}

/// `单位名称：西堡镇人民政府`.
fn labelled_agency(head: &[&str]) -> Option<String> {
    head.iter().find_map(|l| {
        let c = compact(l);
        let rest = c
            .strip_prefix("单位名称")
            .or_else(|| c.strip_prefix("机关名称"))
            .or_else(|| c.strip_prefix("发布机关"))?;
        let name = rest.trim_start_matches([':', '：']);
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The title's words before the year or before `政府信息公开`; when the title holds only the
/// year (the name on its own line above it), the line above.
fn title_agency(head: &[&str], title_idx: usize) -> Option<String> {
    let c = compact(head[title_idx]);
    let cut = ["政府信息公开", "信息公开", "年度报告"]
        .iter()
        .filter_map(|m| c.find(m))
        .min()
        .unwrap_or(c.len());
    let mut name = strip_year(&c[..cut]);
    if name.is_empty() && title_idx > 0 {
        let above = compact(head[title_idx - 1]);
        if (2..=30).contains(&above.chars().count()) && !above.contains('。') {
            name = strip_year(&above);
        }
    }
    // `哈图布呼镇镇政府信息公开`: the shorthand 镇政府 glued to the name doubles its last character.
    let chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3 && chars[chars.len() - 1] == chars[chars.len() - 2] {
        name.pop();
    }
    let name = name.trim_matches(['《', '》', '“', '”', '"']).to_string();
    (name.chars().count() >= 2).then_some(name)
}

fn strip_year(s: &str) -> String {
    let mut out = s.to_string();
    for y in years_in(s.chars()) {
        for form in [format!("{y}年度"), format!("{y}年")] {
            out = out.replace(&form, "");
        }
    }
    out
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

    #[test]
    fn title_gives_agency_and_year() {
        let m = find_meta(
            &["红寺堡区红寺堡镇人民政府 2023 年政府信息公开工作年度报告"],
            &[],
            "",
        );
        assert_eq!(m.agency.as_deref(), Some("红寺堡区红寺堡镇人民政府"));
        assert_eq!(m.year, Some(2023));
        assert!(!m.year_inferred);
    }

    #[test]
    fn name_above_a_title_with_only_the_year() {
        let m = find_meta(
            &["原州区炭山乡", "2023 年政府信息公开工作年度报告"],
            &[],
            "",
        );
        assert_eq!(m.agency.as_deref(), Some("原州区炭山乡"));
    }

    #[test]
    fn doubled_shorthand_is_collapsed() {
        let m = find_meta(&["哈图布呼镇镇政府信息公开工作2023年度报 告"], &[], "");
        assert_eq!(m.agency.as_deref(), Some("哈图布呼镇"));
        assert_eq!(m.year, Some(2023));
    }

    #[test]
    fn signature_wins_and_year_is_inferred_from_the_date() {
        let m = find_meta(
            &["西堡镇政府信息公开工作年度报告", "单位名称：西堡镇人民政府"],
            &["西宁市湟中区西堡镇人民政府", "2024 年 1 月 22 日"],
            "",
        );
        assert_eq!(m.agency.as_deref(), Some("西宁市湟中区西堡镇人民政府"));
        assert_eq!(m.published, Date::new(2024, 1, 22));
        assert_eq!(m.year, Some(2023));
        assert!(m.year_inferred);
    }

    #[test]
    fn chinese_numeral_dates() {
        assert_eq!(date_in("二〇二四年一月二十二日"), Date::new(2024, 1, 22));
        assert_eq!(date_in("2024-01-31"), Date::new(2024, 1, 31));
        assert_eq!(date_in("2023年我镇收到2件申请，均在规定时间内办结"), None);
    }

    #[test]
    fn statistics_period_gives_the_year() {
        let m = find_meta(
            &[
                "某某局政府信息公开工作年度报告",
                "本报告统计数据从 2022 年 1 月 1 日起",
            ],
            &[],
            "",
        );
        assert_eq!(m.year, Some(2022));
    }
}
