//! Checks across reports of the same body for consecutive years: CARRY_OVER_MISMATCH,
//! ROLL_FORWARD_MISMATCH and TEXT_DUPLICATE. They are reported on the later year's report.

use super::bodies::Bodies;
use super::names::{num, row_name};
use crate::format::{self, FormatVersion, TableId};
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashSet;

/// Characters per shingle when comparing texts: long enough that shared stock phrases
/// (`政府信息公开`) alone do not make two texts alike.
const SHINGLE: usize = 8;
/// Texts shorter than this many shingles are too short to call copied.
pub const MIN_SHINGLES: usize = 30;
/// "More than half identical".
pub const DUPLICATE_SHARE: f64 = 0.5;

/// Findings per report index (only reports with a predecessor in the batch appear), in the
/// reports' order. Each report finds its predecessor through the batch's [`Bodies`] and the
/// first report of each name and year, not by looking at every other report.
pub fn check(reports: &[Report], bodies: &Bodies) -> Vec<(usize, Vec<Finding>)> {
    let first = first_of_each_name_and_year(reports, bodies);
    (0..reports.len())
        .into_par_iter()
        .filter_map(|i| {
            let this = &reports[i];
            let last = &reports[previous_year(reports, bodies, &first, i)?];
            Some((i, compare(this, last)))
        })
        .collect()
}

/// The findings of `this` against the same body's report of the year before.
pub(super) fn compare(this: &Report, last: &Report) -> Vec<Finding> {
    let mut found = carry_over_mismatch(this, last);
    found.extend(roll_forward_mismatch(this, last));
    found.extend(text_duplicate(this, last));
    found
}

/// The first report (lowest index) of each agency name and year.
fn first_of_each_name_and_year(
    reports: &[Report],
    bodies: &Bodies,
) -> FxHashMap<(usize, i32), usize> {
    let mut first = FxHashMap::default();
    for (j, r) in reports.iter().enumerate() {
        if let (Some(name), Some(year)) = (bodies.name(j), r.year) {
            first.entry((name, year)).or_insert(j);
        }
    }
    first
}

/// The first report in the batch of the same body for the year before report `i`'s: the lowest
/// index among the first reports of the names that are the same body. (It is never `i` itself,
/// whose year is another.)
fn previous_year(
    reports: &[Report],
    bodies: &Bodies,
    first: &FxHashMap<(usize, i32), usize>,
    i: usize,
) -> Option<usize> {
    let name = bodies.name(i)?;
    let year = reports.get(i)?.year?.checked_sub(1)?;
    bodies
        .related(name)
        .iter()
        .filter_map(|n| first.get(&(*n, year)).copied())
        .min()
}

/// CARRY_OVER_MISMATCH: this year's 上年结转 must equal last year's 结转下年度, column by column.
fn carry_over_mismatch(this: &Report, last: &Report) -> Vec<Finding> {
    if !this.has_table(TableId::T3) || !last.has_table(TableId::T3) {
        return Vec::new();
    }
    let t3 = format::table(TableId::T3);
    let (Some(carried_in), Some(carried_out)) = (t3.row("carried_in"), t3.row("carried_out"))
    else {
        return Vec::new();
    };
    let last_year = last
        .year
        .map_or_else(|| "上一年".to_string(), |y| format!("{y} 年"));
    carried_in
        .columns
        .iter()
        .filter_map(|c| {
            let key = format::cell_key(TableId::T3, carried_in.key, c.key);
            let now = this.value(&key)?;
            let before = last.value(&format::cell_key(TableId::T3, carried_out.key, c.key))?;
            (now != before).then(|| {
                Finding::new(
                    Rule::CarryOverMismatch,
                    Severity::Error,
                    format!(
                        "表三“{}”行“{}”列填写 {}，但{last_year}报告“{}”为 {}，两者应相等。",
                        row_name(carried_in),
                        c.label,
                        num(now),
                        row_name(carried_out),
                        num(before)
                    ),
                )
                .with_cells([key])
                .with_numbers(before, now)
            })
        })
        .collect()
}

/// ROLL_FORWARD_MISMATCH (2021 edition): this year's 现行有效件数 should be last year's plus this
/// year's 本年制发件数 minus 本年废止件数, for 规章 and 行政规范性文件.
fn roll_forward_mismatch(this: &Report, last: &Report) -> Vec<Finding> {
    let v21 = Some(FormatVersion::V2021);
    if this.format_version != v21 || last.format_version != v21 {
        return Vec::new();
    }
    if !this.has_table(TableId::T2) || !last.has_table(TableId::T2) {
        return Vec::new();
    }
    let t2 = format::table(TableId::T2);
    let last_year = year_words(last);
    ["rules", "normative"]
        .iter()
        .filter_map(|row| {
            let key = |r: &Report, col: &str| r.value(&format::cell_key(TableId::T2, row, col));
            let now = key(this, "in_force")?;
            let before = key(last, "in_force")?;
            let (issued, repealed) = (key(this, "issued")?, key(this, "repealed")?);
            let expected = before + issued - repealed;
            if now == expected {
                return None;
            }
            let label = t2.row(row).map_or(*row, |r| r.label);
            Some(
                Finding::new(
                    Rule::RollForwardMismatch,
                    Severity::Warning,
                    format!(
                        "表二“{label}”的“现行有效件数”为 {}，但{last_year}报告为 {}，加上本年制发 {}、\
                         减去本年废止 {}，应为 {}。如有清理、失效或统计口径调整，请在正文中说明。",
                        num(now),
                        num(before),
                        num(issued),
                        num(repealed),
                        num(expected)
                    ),
                )
                .with_cells([
                    format::cell_key(TableId::T2, row, "in_force"),
                    format::cell_key(TableId::T2, row, "issued"),
                    format::cell_key(TableId::T2, row, "repealed"),
                ])
                .with_numbers(expected, now),
            )
        })
        .collect()
}

/// `2022 年` (or `上一年`) for a message.
fn year_words(r: &Report) -> String {
    r.year
        .map_or_else(|| "上一年".to_string(), |y| format!("{y} 年"))
}

/// How a message names another loaded report: its file's name.
pub fn file_ref(r: &Report) -> String {
    format!("文件“{}”", crate::model::file_name(&r.file))
}

/// Sections 一 and 五 of a report, reduced to what is compared: letters only, digits as `#` so a
/// changed year does not hide a copied sentence, and the body's own name as `某` so a copy with
/// the name changed is still a copy.
pub fn comparable_text(r: &Report) -> String {
    let mut text: String = [1u8, 5]
        .iter()
        .filter_map(|n| r.section_text(*n))
        .flat_map(str::chars)
        .filter(|c| c.is_alphanumeric())
        .collect();
    for name in r.agency.as_deref().map(own_names).unwrap_or_default() {
        text = text.replace(&name, "某");
    }
    text.chars()
        .map(|c| if c.is_numeric() { '#' } else { c })
        .collect()
}

/// The ways a body's text names it: the full name, without 人民政府, and its last part
/// (`红寺堡区红寺堡镇人民政府` → `红寺堡镇`, `红寺堡`), longest first.
fn own_names(agency: &str) -> Vec<String> {
    let full: String = agency.chars().filter(|c| c.is_alphanumeric()).collect();
    let short = super::authority::normalise_name(agency);
    let mut names = vec![full, short.clone()];
    let last_part = short
        .char_indices()
        .rev()
        .filter(|(_, c)| "省市区县旗州盟".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .find(|i| *i < short.len())
        .map_or(short.as_str(), |i| &short[i..]);
    names.push(last_part.to_string());
    for ending in ["街道", "镇", "乡", "苏木"] {
        if let Some(stem) = last_part.strip_suffix(ending) {
            names.push(stem.to_string());
        }
    }
    names.retain(|n| n.chars().count() >= 2);
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

pub fn shingles(s: &str) -> HashSet<&str> {
    shingle_list(s).into_iter().collect()
}

/// Every run of [`SHINGLE`] characters of `s`, in order, repeats included.
pub fn shingle_list(s: &str) -> Vec<&str> {
    let bounds: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    bounds
        .windows(SHINGLE + 1)
        .filter_map(|w| s.get(w[0]..w[SHINGLE]))
        .collect()
}

/// The share of this text's shingles also found in the other.
fn shared_share(this: &str, other: &str) -> Option<f64> {
    share_of(&shingles(this), &shingles(other))
}

/// The share of `mine` also in `theirs`; `None` when `mine` is too short to judge.
pub fn share_of(mine: &HashSet<&str>, theirs: &HashSet<&str>) -> Option<f64> {
    if mine.len() < MIN_SHINGLES {
        return None;
    }
    let common = mine.iter().filter(|s| theirs.contains(*s)).count();
    Some(common as f64 / mine.len() as f64)
}

/// A share for a message: `73%`, never `100%` unless every shingle is shared.
pub fn percent(share: f64) -> String {
    let p = (share * 100.0).floor();
    format!("{p}%")
}

/// TEXT_DUPLICATE: sections 一 and 五 more than half the same as last year's.
fn text_duplicate(this: &Report, last: &Report) -> Option<Finding> {
    let share = shared_share(&comparable_text(this), &comparable_text(last))?;
    (share > DUPLICATE_SHARE).then(|| {
        Finding::new(
            Rule::TextDuplicate,
            Severity::Warning,
            format!(
                "第一部分“总体情况”和第五部分“存在的主要问题及改进情况”的文字有 {} 与本单位{}报告\
                 （{}）相同，考核时可能被认定为与往年内容雷同。",
                percent(share),
                year_words(last),
                file_ref(last),
            ),
        )
        .with_numbers(DUPLICATE_SHARE * 100.0, (share * 100.0).floor())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};
    use crate::rules::{check_batch, Settings};

    fn check(reports: &[Report]) -> Vec<(usize, Vec<Finding>)> {
        super::check(reports, &Bodies::of(reports))
    }

    const SECTION_ONE: &str =
        "一、总体情况\n2023年，我镇坚持以公开为常态、不公开为例外原则，加强组织领导，\
        完善工作机制，提高工作能力，不断增强政务信息公开工作透明度。";
    const SECTION_FIVE: &str =
        "五、存在的主要问题及改进情况\n一是发布信息数量较少，信息的覆盖面不广。\
        二是村务公开宣传力度不足，小程序内发布的村务信息关注度不够。";
    const OTHER_ONE: &str = "一、总体情况\n本年度我乡围绕乡村振兴中心工作，完善村务监督，\
        推动集体经济组织账目上墙，群众满意度明显提升，基层治理水平持续提高。";
    const OTHER_FIVE: &str = "五、存在的主要问题及改进情况\n政策解读形式单一，图解、视频解读偏少；\
        新媒体平台互动回应不及时，下一步将建立留言办理台账并定期通报。";

    fn yearly(agency: &str, year: i32, text: &str, cells: &[(&str, f64)]) -> Report {
        let mut r = with_text(report21(cells), text);
        r.agency = Some(agency.to_string());
        r.year = Some(year);
        r.file = format!("reports/{year}.txt");
        r
    }

    #[test]
    fn documents_in_force_roll_forward_from_last_year() {
        let text = format!("{SECTION_ONE}\n{SECTION_FIVE}");
        let other = format!("{OTHER_ONE}\n{OTHER_FIVE}");
        let last = yearly(
            "银川市司法局",
            2022,
            &other,
            &[("T2.normative.in_force", 40.0)],
        );
        let good = yearly(
            "银川市司法局",
            2023,
            &text,
            &[
                ("T2.normative.issued", 5.0),
                ("T2.normative.repealed", 2.0),
                ("T2.normative.in_force", 43.0),
            ],
        );
        assert_eq!(batch_rules(&[last.clone(), good.clone()]), [["1"]]);
        let mut bad = good;
        crate::rules::testkit::set(&mut bad, "T2.normative.in_force", 45.0);
        let f = &check(&[last, bad])[0].1;
        assert_eq!(rules(f), ["ROLL_FORWARD_MISMATCH"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].cells[0], "T2.normative.in_force");
        assert_eq!((f[0].expected, f[0].actual), (Some(43.0), Some(45.0)));
        assert!(
            f[0].message
                .contains("为 45，但2022 年报告为 40，加上本年制发 5、减去本年废止 2，应为 43"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn roll_forward_needs_the_2021_tables_in_both_years() {
        let text = format!("{SECTION_ONE}\n{SECTION_FIVE}");
        let other = format!("{OTHER_ONE}\n{OTHER_FIVE}");
        let mut last = yearly("银川市司法局", 2022, &other, &[]);
        last.format_version = Some(FormatVersion::V2019);
        let this = yearly(
            "银川市司法局",
            2023,
            &text,
            &[("T2.normative.in_force", 45.0)],
        );
        assert_eq!(batch_rules(&[last, this]), [["1"]]);
    }

    fn batch_rules(reports: &[Report]) -> Vec<Vec<String>> {
        check(reports)
            .into_iter()
            .map(|(i, f)| {
                let mut v = vec![i.to_string()];
                v.extend(rules(&f).iter().map(|s| s.to_string()));
                v
            })
            .collect()
    }

    #[test]
    fn carried_over_applications_must_match_last_year() {
        let text = format!("{OTHER_ONE}\n{OTHER_FIVE}");
        let last = yearly(
            "红寺堡镇人民政府",
            2022,
            &text,
            &[
                ("T3.carried_out.natural", 1.0),
                ("T3.carried_out.total", 1.0),
            ],
        );
        let good = yearly(
            "红寺堡区红寺堡镇人民政府",
            2023,
            &format!("{SECTION_ONE}\n{SECTION_FIVE}"),
            &[("T3.carried_in.natural", 1.0), ("T3.carried_in.total", 1.0)],
        );
        assert_eq!(batch_rules(&[last.clone(), good]), [["1"]]);
        let bad = yearly(
            "红寺堡镇政府",
            2023,
            &format!("{SECTION_ONE}\n{SECTION_FIVE}"),
            &[],
        );
        let found = check(&[bad, last]);
        assert_eq!(found.len(), 1);
        let (i, f) = &found[0];
        assert_eq!(*i, 0);
        assert_eq!(rules(f), ["CARRY_OVER_MISMATCH", "CARRY_OVER_MISMATCH"]);
        assert_eq!(f[0].cells, ["T3.carried_in.natural"]);
        assert_eq!((f[0].expected, f[0].actual), (Some(1.0), Some(0.0)));
        assert!(f[0]
            .message
            .contains("2022 年报告“四、结转下年度继续办理”为 1"));
    }

    #[test]
    fn other_bodies_and_non_consecutive_years_are_not_compared() {
        let text = format!("{SECTION_ONE}\n{SECTION_FIVE}");
        let last = yearly(
            "大营镇人民政府",
            2022,
            &text,
            &[("T3.carried_out.total", 1.0)],
        );
        let other = yearly("炭山乡人民政府", 2023, &text, &[]);
        let later = yearly("大营镇人民政府", 2024, &text, &[]);
        assert!(check(&[last, other, later]).is_empty());
    }

    #[test]
    fn copied_text_is_flagged_even_with_the_year_changed() {
        let last = yearly(
            "大营镇",
            2022,
            &format!("{SECTION_ONE}\n{SECTION_FIVE}").replace("2023", "2022"),
            &[],
        );
        let this = yearly(
            "大营镇",
            2023,
            &format!("{SECTION_ONE}\n{SECTION_FIVE}"),
            &[],
        );
        let f = &check(&[last.clone(), this])[0].1;
        assert_eq!(rules(f), ["TEXT_DUPLICATE"]);
        assert!(
            f[0].message
                .contains("有 100% 与本单位2022 年报告（文件“2022.txt”）相同"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].actual, Some(100.0));
        let fresh = yearly("大营镇", 2023, &format!("{OTHER_ONE}\n{OTHER_FIVE}"), &[]);
        assert!(check(&[last, fresh])[0].1.is_empty());
    }

    #[test]
    fn batch_findings_land_on_the_later_report() {
        let text = format!("{SECTION_ONE}\n{SECTION_FIVE}");
        let last = yearly(
            "大营镇",
            2022,
            &text,
            &[
                ("T3.carried_out.total", 2.0),
                ("T3.carried_out.natural", 2.0),
            ],
        );
        let this = yearly("大营镇", 2023, &text, &[]);
        let all = check_batch(&[this, last], &Settings::default());
        assert!(rules(&all[0]).contains(&"CARRY_OVER_MISMATCH"));
        assert!(rules(&all[0]).contains(&"TEXT_DUPLICATE"));
        assert!(!rules(&all[1]).contains(&"CARRY_OVER_MISMATCH"));
    }
}
