//! TEXT_COPIED: two loaded reports of *different* bodies share more than half of the text of
//! sections 一 and 五 (assessments deduct points for 与其他单位雷同). Digits and each body's own
//! name are masked first, so a township's report copied with the name changed is still a copy.

use super::authority::same_body;
use super::cross_year::{comparable_text, file_ref, percent, share_of, shingles, DUPLICATE_SHARE};
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;

/// One finding per report that shares more than half its text with another body's: it names the
/// body it shares most with and how many others it also shares that much with.
pub fn check(reports: &[Report]) -> Vec<(usize, Vec<Finding>)> {
    let texts: Vec<String> = reports.iter().map(comparable_text).collect();
    let sets: Vec<_> = texts.iter().map(|t| shingles(t)).collect();
    let mut out = Vec::new();
    for (i, this) in reports.iter().enumerate() {
        let Some(agency) = this.agency.as_deref() else {
            continue;
        };
        let mut alike: Vec<(f64, usize)> = reports
            .iter()
            .enumerate()
            .filter(|(j, other)| {
                *j != i
                    && other
                        .agency
                        .as_deref()
                        .is_some_and(|a| !same_body(a, agency))
            })
            .filter_map(|(j, _)| Some((share_of(&sets[i], &sets[j])?, j)))
            .filter(|(share, _)| *share > DUPLICATE_SHARE)
            .collect();
        alike.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let Some(&(share, j)) = alike.first() else {
            continue;
        };
        let other = &reports[j];
        // Bodies, not files: the same report loaded as PDF and as Word is one body.
        let mut bodies: Vec<&str> = Vec::new();
        for &(_, k) in &alike {
            let Some(a) = reports[k].agency.as_deref() else {
                continue;
            };
            if !bodies.iter().any(|b| same_body(b, a)) {
                bodies.push(a);
            }
        }
        let more = match bodies.len().saturating_sub(1) {
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
        out.push((
            i,
            vec![Finding::new(Rule::TextCopied, Severity::Warning, message)
                .with_numbers(DUPLICATE_SHARE * 100.0, (share * 100.0).floor())],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};

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
