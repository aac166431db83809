//! The report's particulars: agency, year and publication date, from the title, the statistics
//! period and the signature.

use super::numbers::chinese_number;
use crate::text::fold_width;
use crate::model::{Date, YearSource};

/// Lines of the text before section 一 (or the first lines when there is none), non-empty, trimmed.
pub struct Meta {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Where `year` was found; `None` when there is no year.
    pub year_from: Option<YearSource>,
    pub published: Option<Date>,
}

/// The report year and where it was found. The title comes first: the statistics period and
/// the body are what PERIOD_MISMATCH compares with it, so taking the year from them would make
/// that check compare the body with itself. Then the period, then the body's own statements of
/// its year, then the date minus one, then the year the text mentions most.
fn report_year(
    title: Option<i32>,
    head_period: impl FnOnce() -> Option<i32>,
    body: &str,
    published: Option<Date>,
) -> (Option<i32>, Option<YearSource>) {
    let found = title
        .map(|y| (y, YearSource::Title))
        .or_else(|| {
            head_period()
                .or_else(|| body_period(body))
                .map(|y| (y, YearSource::Period))
        })
        .or_else(|| super::statements::stated_year(body).map(|y| (y, YearSource::Body)))
        .or_else(|| published.map(|d| (d.year - 1, YearSource::Date)))
        .or_else(|| most_mentioned(body).map(|y| (y, YearSource::Mentions)));
    match found {
        Some((y, from)) => (Some(y), Some(from)),
        None => (None, None),
    }
}

/// `head` are the lines before section 一, `tail` the last lines of the report.
pub fn find_meta(head: &[&str], tail: &[&str], body: &str) -> Meta {
    let head: Vec<String> = head.iter().map(|l| title_after_breadcrumb(l)).collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let unwrapped = unwrap_title(&head);
    let head: Vec<&str> = unwrapped.iter().map(String::as_str).collect();
    let head = head.as_slice();
    // A page's column name (`政府信息公开年报`, above the title in its trail) also reads as a
    // title; the report's own title states its year.
    let title_idx = head
        .iter()
        .position(|l| is_title(l) && year_in(l).is_some())
        .or_else(|| head.iter().position(|l| is_title(l)));
    let title = title_idx.map(|i| head[i]);
    let published = signature_date(tail).or_else(|| labelled_date(head));
    // The period sentence may wrap inside 统计 (`…，统` / `计期限为2023年…`) on a narrow page.
    let period = || {
        head.iter().enumerate().find_map(|(i, l)| {
            statistics_year(l).or_else(|| {
                let next = head.get(i + 1)?;
                statistics_year(&format!("{l}{next}"))
            })
        })
    };
    let (year, year_from) = report_year(title.and_then(year_in), period, body, published);
    let agency = signature_agency(tail)
        .or_else(|| labelled_agency(head))
        .or_else(|| title_idx.and_then(|i| title_agency(head, i)))
        .or_else(|| announced_agency(head));
    Meta {
        agency,
        year,
        year_from,
        published,
    }
}

/// A web page's navigation trail that ends in the page's title, all on one line
/// (`当前位置：/首页/政务公开/政府信息公开年报/平潭综合实验区2023年度…年度报告`): the title alone.
/// Any other line is kept as it is.
fn title_after_breadcrumb(line: &str) -> String {
    if !is_breadcrumb(line) {
        return line.to_string();
    }
    let last = line
        .rsplit(['>', '›', '»', '＞', '/'])
        .next()
        .unwrap_or(line)
        .trim();
    // A year tells the page's own title from the name of its column (`政府信息公开年报`).
    if is_title(last) && year_in(last).is_some() {
        last.to_string()
    } else {
        line.to_string()
    }
}

/// The head lines with a title wrapped over two lines (`…2023年政府信息公` / `开工作年度报告`,
/// a narrow page) made one line again, when no single line is the title.
fn unwrap_title(head: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = head.iter().map(|l| l.to_string()).collect();
    if head.iter().any(|l| is_title(l)) {
        return out;
    }
    let wrapped = (0..head.len().saturating_sub(1))
        .find(|&i| is_title(&format!("{}{}", head[i], head[i + 1])));
    if let Some(i) = wrapped {
        let next = out.remove(i + 1);
        out[i].push_str(&next);
    }
    out
}

/// The last `n` characters of `s` (all of it when it is shorter): the digits before a 年.
pub(super) fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[start..]
}

pub(super) fn compact(s: &str) -> String {
    compact_chars(s).collect()
}

/// `s` with full-width forms folded and blanks left out, as the patterns here are written.
pub(super) fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
}

/// The title names the report and more (`…2023年政府信息公开工作年度报告`, also
/// `自然资源部2024年政府信息公开工作报告`); a bare `年度报告` is a sheet or file name, and a sentence
/// that mentions the report (`根据《条例》…现将本机关2023年度报告公布如下。`) is not its title.
fn is_title(line: &str) -> bool {
    let c = without_label(&compact(line));
    let names_report = c.contains("年度报告")
        || c.contains("工作年报")
        || c.ends_with("年报")
        || (c.contains("信息公开") && c.contains("工作报告"));
    c.chars().count() >= 8 && names_report && !is_sentence(&c) && !is_breadcrumb(&c)
}

/// A sentence of the preamble rather than a heading or a name.
fn is_sentence(c: &str) -> bool {
    c.chars().count() > 60
        || c.contains(['。', '，', ',', '；', ';', '《'])
        || PREAMBLE_STARTS.iter().any(|p| c.starts_with(p))
}

/// How sentences of the preamble begin (`根据《中华人民共和国…`, `按照…办公室《关于做好…`).
const PREAMBLE_STARTS: &[&str] = &[
    "根据",
    "按照",
    "依据",
    "依照",
    "为了",
    "为贯彻",
    "现将",
    "现公布",
];

/// A web page's navigation trail (`您当前所在位置:首页>乡镇`, `首页>政务公开>`).
fn is_breadcrumb(c: &str) -> bool {
    c.contains(['>', '›', '»', '＞']) || c.contains("当前位置") || c.contains("所在位置")
}

/// `标题：…`, `文章标题:…`: the label of a web page's title field dropped.
fn without_label(c: &str) -> String {
    for label in ["文章标题", "信息名称", "标题", "题名", "名称"] {
        if let Some(rest) = c.strip_prefix(label) {
            if let Some(value) = rest.strip_prefix([':', '：']) {
                return value.to_string();
            }
        }
    }
    c.to_string()
}

/// Could `c` (compacted) be the name of a body? Never a sentence, a trail, a field label or a
/// number: a wrong name groups reports under it in the workbook, no name only leaves it empty.
pub(super) fn plausible_name(c: &str) -> bool {
    let han = c
        .chars()
        .filter(|ch| ('\u{4E00}'..='\u{9FFF}').contains(ch))
        .count();
    (2..=40).contains(&c.chars().count())
        && han >= 2
        && !c
            .chars()
            .any(|ch| ch.is_ascii_digit() || NOT_IN_NAMES.contains(ch))
        && !NOT_NAME_STARTS.iter().any(|p| c.starts_with(p))
        && !NOT_IN_NAME_WORDS.iter().any(|w| c.contains(w))
}

/// Characters no body's name holds.
const NOT_IN_NAMES: &str = "。，,；;：:<>›»＞《》“”\"!?！？、|/\\…·_=#@";
const NOT_NAME_STARTS: &[&str] = &[
    "根据", "按照", "依据", "依照", "为", "现", "特", "本", "我", "关于", "您", "当前", "首页",
    "索引",
];
const NOT_IN_NAME_WORDS: &[&str] = &[
    "位置",
    "首页",
    "索引号",
    "信息公开",
    "年度",
    "报告",
    "发布",
    "日期",
    "时间",
    "来源",
];

pub(super) fn has_body_suffix(c: &str) -> bool {
    BODY_SUFFIXES.iter().any(|s| c.ends_with(s))
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
pub(super) fn years_in(chars: impl Iterator<Item = char>) -> Vec<i32> {
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

/// A statistics period stated in the body (`本报告所列数据的统计期限自2023年1月1日起…`): a line
/// with 统计 whose year opens a period on 1 January. `据统计，2022年以来…` states no period.
fn body_period(body: &str) -> Option<i32> {
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
fn most_mentioned(body: &str) -> Option<i32> {
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

/// Field labels of a web page's publication date (`时间：2025-03-10 15:35`,
/// `发文日期\t2024-01-15`), read when the report is not dated at its end.
const DATE_LABELS: &[&str] = &[
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
fn labelled_date(head: &[&str]) -> Option<Date> {
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
fn leading_date(s: &str) -> Option<Date> {
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

fn chinese_style_date(c: &str) -> Option<Date> {
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
    let c = compact(tail[..date_idx].last()?);
    (plausible_name(&c) && has_body_suffix(&c)).then_some(c)
}

/// Field labels whose value is the publishing body: `单位名称：西堡镇人民政府`, and a web page's
/// 索引号 block (`发布机构\t兴安盟自然资源局\t发文日期\t2024-01-15`).
const AGENCY_LABELS: &[&str] = &[
    "单位名称",
    "机关名称",
    "发布机关",
    "发布机构",
    "发布单位",
    "发文机关",
    "发文单位",
    "公开主体",
];

/// The value of an agency field in `head`: after the label's colon, or in the next field.
fn labelled_agency(head: &[&str]) -> Option<String> {
    head.iter().find_map(|line| {
        let fields: Vec<String> = line
            .split(['\t', ' ', '\u{3000}', '|'])
            .map(compact)
            .filter(|f| !f.is_empty())
            .collect();
        fields.iter().enumerate().find_map(|(i, field)| {
            let label = AGENCY_LABELS.iter().find(|l| field.starts_with(*l))?;
            let rest = field[label.len()..].trim_start_matches([':', '：']);
            let name = if rest.is_empty() {
                fields.get(i + 1)?.as_str()
            } else {
                rest
            };
            plausible_name(name).then(|| name.to_string())
        })
    })
}

/// The title's words before the year or before `政府信息公开`; when the title holds only the
/// year (the name on its own line above it), the line above.
fn title_agency(head: &[&str], title_idx: usize) -> Option<String> {
    let c = without_label(&compact(head[title_idx]));
    let cut = ["政府信息公开", "信息公开", "年度报告", "工作报告"]
        .iter()
        .filter_map(|m| c.find(m))
        .min()
        .unwrap_or(c.len());
    let mut name = strip_year(&c[..cut]);
    name = name.trim_start_matches("关于").to_string();
    if let Some(n) = name.strip_suffix("关于") {
        name = n.to_string();
    }
    if name.is_empty() && title_idx > 0 {
        let above = compact(head[title_idx - 1]);
        if plausible_name(&above) && has_body_suffix(&above) {
            name = above;
        }
    }
    // `哈图布呼镇镇政府信息公开`: the shorthand 镇政府 glued to the name doubles its last character.
    let chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3 && chars[chars.len() - 1] == chars[chars.len() - 2] {
        name.pop();
    }
    let name = name
        .trim_matches(['《', '》', '“', '”', '"', '【', '】'])
        .to_string();
    plausible_name(&name).then_some(name)
}

/// `现向社会公布西堡镇2023年政府信息公开工作年度报告`, `特向社会公布…`: the body named between
/// the announcement and the year.
fn announced_agency(head: &[&str]) -> Option<String> {
    head.iter().find_map(|line| {
        let c = compact(line);
        let at = ["向社会公布", "现公布", "现将", "特公布"]
            .iter()
            .filter_map(|m| c.find(m).map(|i| i + m.len()))
            .min()?;
        let rest = &c[at..];
        let year_at = rest.find(|ch: char| ch.is_ascii_digit() || "二〇一".contains(ch))?;
        let name = &rest[..year_at];
        (plausible_name(name) && has_body_suffix(name)).then(|| name.to_string())
    })
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
    fn last_chars_counts_characters_not_bytes() {
        assert_eq!(last_chars("发布于二〇二三", 4), "二〇二三");
        assert_eq!(last_chars("于2023", 4), "2023");
        assert_eq!(last_chars("23", 4), "23");
        assert_eq!(last_chars("", 4), "");
    }

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
    fn a_title_and_a_period_wrapped_on_a_narrow_page() {
        let m = find_meta(
            &[
                "长滩市西源乡人民政府2023年政府信息公",
                "开工作年度报告",
                "本报告根据《中华人民共和国政府信息公开条例》要求编制，统",
                "计期限为2023年1月1日至2023年12月31日。",
            ],
            &[],
            "",
        );
        assert_eq!(m.year, Some(2023));
        assert_eq!(m.year_from, Some(YearSource::Title));
        assert_eq!(m.agency.as_deref(), Some("长滩市西源乡人民政府"));
        let m = find_meta(
            &[
                "西源乡",
                "本报告统",
                "计期限为2022年1月1日至2022年12月31日。",
            ],
            &[],
            "",
        );
        assert_eq!(
            (m.year, m.year_from),
            (Some(2022), Some(YearSource::Period))
        );
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
        assert_eq!(m.year_from, Some(YearSource::Title));
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
        assert_eq!(m.year_from, Some(YearSource::Date));
    }

    #[test]
    fn a_web_pages_date_field_dates_a_report_not_signed_with_a_date() {
        let title = "平潭综合实验区2024年度政府信息公开工作年度报告";
        for (field, want) in [
            ("时间：2025-03-10 15:35", Date::new(2025, 3, 10)),
            ("发布时间：2025/3/10", Date::new(2025, 3, 10)),
            ("发文日期\t2025年3月10日", Date::new(2025, 3, 10)),
            ("来源：本站  日期：2025.03.10", Date::new(2025, 3, 10)),
        ] {
            let m = find_meta(&[title, field], &["无。"], "");
            assert_eq!(m.published, want, "{field}");
        }
        // The signature's date wins over the page's.
        let m = find_meta(
            &[title, "时间：2025-03-10"],
            &["平潭综合实验区管委会", "2025年1月20日"],
            "",
        );
        assert_eq!(m.published, Date::new(2025, 1, 20));
    }

    #[test]
    fn statistics_periods_and_sentences_are_not_publication_dates() {
        for line in [
            "统计时间：2024年1月1日至2024年12月31日",
            "本报告统计时间为2024年1月1日至12月31日。",
            "时间：2024年1月1日至2024年12月31日",
            "时间：2024-01-01—2024-12-31",
            "日期：2025年",
        ] {
            let m = find_meta(&["某镇2024年政府信息公开工作年度报告", line], &["无。"], "");
            assert_eq!(m.published, None, "{line}");
        }
    }

    #[test]
    fn a_title_at_the_end_of_the_pages_trail_names_the_body() {
        let m = find_meta(
            &[
                "当前位置：/首页/政务公开/政府信息公开/政府信息公开年报/平潭综合实验区2023年度政府信息公开工作年度报告",
                "来源：平潭综合实验区管委会办公室",
            ],
            &["无。"],
            "",
        );
        assert_eq!(m.agency.as_deref(), Some("平潭综合实验区"));
        assert_eq!(m.year, Some(2023));
        // The trail's parts on lines of their own, the column's name among them.
        let m = find_meta(
            &[
                "当前位置：",
                "首页",
                "政府信息公开年报",
                "平潭综合实验区2023年度政府信息公开工作年度报告",
            ],
            &["无。"],
            "",
        );
        assert_eq!(m.agency.as_deref(), Some("平潭综合实验区"));
        // A trail that ends in a section name is no title.
        let m = find_meta(&["您当前所在位置：首页>乡镇"], &["无。"], "");
        assert_eq!(m.agency, None);
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

    fn agency_of(head: &[&str], tail: &[&str]) -> Option<String> {
        find_meta(head, tail, "").agency
    }

    #[test]
    fn a_title_without_niandu_names_the_agency() {
        assert_eq!(
            agency_of(&["自然资源部2024年政府信息公开工作报告"], &[]).as_deref(),
            Some("自然资源部")
        );
    }

    #[test]
    fn breadcrumbs_and_index_blocks_are_skipped() {
        let head = [
            "您当前所在位置:首页>乡镇",
            "首页>政务公开>法定主动公开内容>政府信息公开年报",
            "索引号\t11610000MB1234567X/2024-00012\t分类\t年度报告",
            "发布机构\t中埠镇人民政府\t发文日期\t2024-01-20",
            "中埠镇2023年政府信息公开工作年度报告",
        ];
        assert_eq!(agency_of(&head, &[]).as_deref(), Some("中埠镇人民政府"));
        // Without the 发布机构 field the title gives it; without a title, nothing does.
        assert_eq!(
            agency_of(&[head[0], head[1], head[4]], &[]).as_deref(),
            Some("中埠镇")
        );
        assert_eq!(agency_of(&head[..3], &[]), None);
    }

    #[test]
    fn a_labelled_title_line() {
        let head = [
            "标题: 中埠镇人民政府2023年政府信息公开工作年度报告",
            "发布时间：2024-01-20  来源：本站",
        ];
        assert_eq!(agency_of(&head, &[]).as_deref(), Some("中埠镇人民政府"));
        assert_eq!(
            agency_of(&["发布机构：兴安盟自然资源局 发布日期：2024-01-15"], &[]).as_deref(),
            Some("兴安盟自然资源局")
        );
    }

    #[test]
    fn a_preamble_is_never_the_name() {
        for head in [
            &["根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和有关规定，编制本报告。"][..],
            &["按照镇安县人民政府办公室《关于做好2023年政府信息公开工作年度报告编制工作的通知》要求，特编制本报告。"],
            &["您当前所在位置:首页>乡镇"],
            &["首页>政务公开>"],
            &["根据《中华人民共和国", "政府信息公开条例》规定"],
        ] {
            assert_eq!(agency_of(head, &[]), None, "{head:?}");
        }
        let announced = ["根据《中华人民共和国政府信息公开条例》规定，现向社会公布西堡镇2023年政府信息公开工作年度报告。"];
        assert_eq!(agency_of(&announced, &[]).as_deref(), Some("西堡镇"));
        let own = ["根据《条例》规定，特向社会公布本机关2023年政府信息公开工作年度报告。"];
        assert_eq!(agency_of(&own, &[]), None);
    }

    #[test]
    fn a_signature_that_is_not_a_name_is_ignored() {
        let tail = ["版权所有：镇安县人民政府办公室", "2024-01-20"];
        assert_eq!(
            agency_of(&["中埠镇2023年政府信息公开工作年度报告"], &tail).as_deref(),
            Some("中埠镇")
        );
        let tail = ["镇安县云盖寺镇人民政府", "2024年1月20日"];
        assert_eq!(
            agency_of(&[], &tail).as_deref(),
            Some("镇安县云盖寺镇人民政府")
        );
    }
}
