//! TEXT_COPIED: two loaded reports of *different* bodies share more than half of the text of
//! sections 一 and 五 (assessments deduct points for 与其他单位雷同). Digits and each body's own
//! name are masked first, so a township's report copied with the name changed is still a copy.

use super::bodies::Bodies;
use super::cross_year::{
    comparable_text, file_ref, percent, shingle_list, DUPLICATE_SHARE, MIN_SHINGLES,
};
use super::distinct::Distinct;
use super::overlap;
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// One finding per report that shares more than half its text with another body's: it names the
/// body it shares most with and how many others it also shares that much with.
///
/// Reports whose compared text is the same (a copy with only the name changed, or one report in
/// several formats) share one entry; [`overlap::alike`] finds which texts share more than half
/// with which, and only the reports of those texts are looked at.
pub fn check(reports: &[Report], bodies: &Bodies) -> Vec<(usize, Vec<Finding>)> {
    let texts = Texts::of(reports);
    let distinct: Vec<&str> = texts.distinct.iter().map(String::as_str).collect();
    let sets = overlap::interned(&distinct, shingle_list);
    let alike_texts = overlap::alike(&sets, DUPLICATE_SHARE, MIN_SHINGLES);
    (0..reports.len())
        .into_par_iter()
        .filter_map(|i| {
            let t = texts.of_report[i]?;
            let alike = alike_reports(i, &alike_texts[t], &texts.reports, bodies);
            let finding = finding(reports, bodies, &alike)?;
            Some((i, vec![finding]))
        })
        .collect()
}

/// The compared texts of the reports that have an agency, each distinct text once.
struct Texts {
    distinct: Vec<String>,
    /// Per report: its distinct text; `None` without an agency (never compared).
    of_report: Vec<Option<usize>>,
    /// Per distinct text: the reports that have it, in order.
    reports: Vec<Vec<usize>>,
}

impl Texts {
    fn of(reports: &[Report]) -> Texts {
        let texts = Distinct::of(
            reports
                .par_iter()
                .map(|r| r.agency.is_some().then(|| comparable_text(r)))
                .collect::<Vec<_>>(),
        );
        let mut with_text: Vec<Vec<usize>> = vec![Vec::new(); texts.strings.len()];
        for (i, id) in texts.of_item.iter().enumerate() {
            if let Some(id) = *id {
                with_text[id].push(i);
            }
        }
        Texts {
            distinct: texts.strings,
            of_report: texts.of_item,
            reports: with_text,
        }
    }
}

/// The other bodies' reports that hold more than half of report `i`'s text, by share (largest
/// first), then in the batch's order.
fn alike_reports(
    i: usize,
    texts: &[(f64, usize)],
    reports_of_text: &[Vec<usize>],
    bodies: &Bodies,
) -> Vec<(f64, usize)> {
    let mut alike: Vec<(f64, usize)> = texts
        .iter()
        .flat_map(|&(share, t)| reports_of_text[t].iter().map(move |&j| (share, j)))
        .filter(|&(_, j)| j != i && bodies.name(j).is_some() && !bodies.same(i, j))
        .collect();
    alike.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    alike
}

/// TEXT_COPIED for a report whose alike reports are `alike` (sorted as [`alike_reports`] does).
fn finding(reports: &[Report], bodies: &Bodies, alike: &[(f64, usize)]) -> Option<Finding> {
    let &(share, j) = alike.first()?;
    let other = &reports[j];
    let more = match distinct_bodies(bodies, alike).saturating_sub(1) {
        0 => String::new(),
        n => format!("另有 {n} 个单位的报告也有一半以上相同。"),
    };
    let message = format!(
        "第一部分“总体情况”和第五部分“存在的主要问题及改进情况”的文字有 {} 与“{}”的报告（{}）\
         相同（已不计数字和单位名称），考核时可能被认定为与其他单位内容雷同。{more}",
        percent(share),
        other.agency.as_deref().unwrap_or("另一单位"),
        file_ref(other),
    );
    Some(
        Finding::new(Rule::TextCopied, Severity::Warning, message)
            .with_numbers(DUPLICATE_SHARE * 100.0, (share * 100.0).floor()),
    )
}

/// How many bodies, not files, the alike reports are of: the same report loaded as PDF and as
/// Word is one body. Taken in `alike`'s order, a report counts when it is the same body as none
/// counted before it (`same_body` is not transitive, so the order matters).
fn distinct_bodies(bodies: &Bodies, alike: &[(f64, usize)]) -> usize {
    let mut counted: FxHashSet<usize> = FxHashSet::default();
    let mut n = 0;
    for &(_, k) in alike {
        let Some(name) = bodies.name(k) else {
            continue;
        };
        if !bodies.related(name).iter().any(|r| counted.contains(r)) {
            counted.insert(name);
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};

    fn check(reports: &[Report]) -> Vec<(usize, Vec<Finding>)> {
        super::check(reports, &Bodies::of(reports))
    }

    const TOWN_A: &str =
        "一、总体情况\n2023年，红寺堡镇坚持以公开为常态、不公开为例外原则，加强组织领导，\
        完善工作机制，提高工作能力，不断增强政务信息公开工作透明度，全年发布信息52条。\n\
        五、存在的主要问题及改进情况\n一是发布信息数量较少，信息的覆盖面不广。\
        二是村务公开宣传力度不足，小程序内发布的村务信息关注度不够。";
    const OWN_TEXT: &str = "一、总体情况\n本年度我乡围绕乡村振兴中心工作，完善村务监督，\
        推动集体经济组织账目上墙，群众满意度明显提升，基层治理水平持续提高。\n\
        五、存在的主要问题及改进情况\n政策解读形式单一，图解、视频解读偏少；\
        新媒体平台互动回应不及时，下一步将建立留言办理台账并定期通报。";

    fn town(agency: &str, file: &str, text: &str) -> Report {
        let mut r = with_text(report21(&[]), text);
        r.agency = Some(agency.to_string());
        r.year = Some(2023);
        r.file = format!("/data/{file}");
        r
    }

    #[test]
    fn a_report_copied_with_the_name_and_figures_changed_is_flagged_on_both() {
        let a = town("红寺堡区红寺堡镇人民政府", "a.pdf", TOWN_A);
        let copy = TOWN_A.replace("红寺堡镇", "大河乡").replace("52", "37");
        let b = town("红寺堡区大河乡人民政府", "b.pdf", &copy);
        let found = check(&[a, b]);
        assert_eq!(found.len(), 2);
        let (i, f) = &found[1];
        assert_eq!(*i, 1);
        assert_eq!(rules(f), ["TEXT_COPIED"]);
        assert!(
            f[0].message
                .contains("有 100% 与“红寺堡区红寺堡镇人民政府”的报告（文件“a.pdf”）相同"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn the_others_are_counted_by_body_not_by_file() {
        let a = town("红寺堡区红寺堡镇人民政府", "a.pdf", TOWN_A);
        let copy = TOWN_A.replace("红寺堡镇", "大河乡");
        let b = town("红寺堡区大河乡人民政府", "b.pdf", &copy);
        let b_word = town("红寺堡区大河乡人民政府", "b.docx", &copy);
        let found = check(&[a.clone(), b.clone(), b_word]);
        assert!(
            !found[0].1[0].message.contains("另有"),
            "{}",
            found[0].1[0].message
        );
        let c = town(
            "红寺堡区柳泉乡人民政府",
            "c.pdf",
            &TOWN_A.replace("红寺堡镇", "柳泉乡"),
        );
        let found = check(&[a, b, c]);
        assert!(
            found[0].1[0].message.contains("另有 1 个单位"),
            "{}",
            found[0].1[0].message
        );
    }

    #[test]
    fn own_text_the_same_body_or_an_unknown_body_are_not_copies() {
        let a = town("红寺堡区红寺堡镇人民政府", "a.pdf", TOWN_A);
        let b = town("红寺堡区大河乡人民政府", "b.pdf", OWN_TEXT);
        assert!(check(&[a.clone(), b]).is_empty());
        // Last year's report of the same body is TEXT_DUPLICATE's business.
        let mut last = town("红寺堡镇人民政府", "last.pdf", TOWN_A);
        last.year = Some(2022);
        assert!(check(&[a.clone(), last]).is_empty());
        let mut unknown = town("x", "u.pdf", TOWN_A);
        unknown.agency = None;
        assert!(check(&[a, unknown]).is_empty());
    }
}
