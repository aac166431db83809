//! The report's particulars: agency, year and publication date, from the title, the statistics
//! period and the signature.

use crate::model::{Date, YearSource};
use agency::{announced_agency, labelled_agency, signature_agency, title_agency};
pub(super) use agency::{has_body_suffix, plausible_name};
pub(super) use chars::{compact, last_chars};
pub use date::date_in;
use date::{labelled_date, signature_date};
use title::{is_title, title_after_breadcrumb, unwrap_title};
pub(super) use year::years_in;
use year::{body_period, most_mentioned, statistics_year, year_in};
pub use year::{parse_year, YEARS};

mod agency;
mod chars;
mod date;
mod title;
mod year;

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

#[cfg(test)]
mod tests {
    use super::*;

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
