//! HEADING_MISNUMBERED: the six section headings are there, but their numerals are wrong (a
//! numeral repeated or skipped, the block shifted by one, a sub-item of 一、总体情况 numbered as a
//! section of its own).
//!
//! The recogniser finds a section only where numeral and keywords agree; here every line that
//! opens with a Chinese numeral and a 、 (or `第…部分`) and names a section in one of its wordings
//! (`format/sections.rs`: both editions and common variants) is taken,
//! whatever its numeral, and its numeral compared with the section it names.

use crate::format::{normalise_label, SectionDef, SECTIONS};
use crate::model::{Finding, Report, Severity};
use crate::recognise::numbers::chinese_digit;
use crate::rules::Rule;
use std::ops::Range;

/// Heading lines are at most this long once spaces and punctuation are gone (as the recogniser's).
const MAX_HEADING_CHARS: usize = 32;
/// Sections found by their wordings before the numbering is judged at all.
const MIN_SECTIONS: usize = 4;
/// The format of six sections dates from 2019; older reports had other parts.
const FIRST_YEAR: i32 = 2019;

/// A heading line: the numeral written, the section its words name, where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub written: u32,
    pub section: &'static SectionDef,
    pub text: String,
    pub span: Range<usize>,
}

/// The numeral a line opens with as a section heading (`三、`, `三．`, `第三部分`), and the rest.
fn opening_numeral(line: &str) -> Option<u32> {
    let t = line.trim_start();
    let (ordinal, rest) = match t.strip_prefix('第') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut chars = rest.chars();
    let first = chars.next()?;
    let n = match first {
        '十' => 10,
        c => chinese_digit(c).filter(|d| *d > 0)?,
    };
    let after = chars.as_str();
    let opens = if ordinal {
        after.starts_with("部分")
    } else {
        after.starts_with(['、', '．', '.'])
    };
    opens.then_some(n)
}

/// Every heading line of the text that names one of the six sections, in order.
pub fn headings(text: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let span = start..start + line.len();
        start += line.len() + 1;
        let Some(written) = opening_numeral(line) else {
            continue;
        };
        let norm = normalise_label(line);
        if norm.chars().count() > MAX_HEADING_CHARS {
            continue;
        }
        if let Some(section) = SECTIONS.iter().find(|d| d.named_in(&norm)) {
            out.push(Heading {
                written,
                section,
                text: line.trim().to_string(),
                span,
            });
        }
    }
    out
}

/// The headings numbered otherwise than the section they name, when enough sections are there to
/// judge (fewer found is SECTION_MISSING's business).
pub fn misnumbered(report: &Report) -> Vec<Heading> {
    if report.year.is_some_and(|y| y < FIRST_YEAR) {
        return Vec::new();
    }
    let all = headings(&report.text);
    let mut named: Vec<u8> = all.iter().map(|h| h.section.number).collect();
    named.sort();
    named.dedup();
    if named.len() < MIN_SECTIONS {
        return Vec::new();
    }
    all.into_iter()
        .filter(|h| h.written != u32::from(h.section.number))
        .collect()
}

fn numeral(n: u32) -> String {
    const NUMERALS: [&str; 11] = [
        "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    NUMERALS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |s| s.to_string())
}

/// HEADING_MISNUMBERED: one finding listing every wrongly numbered heading.
pub fn heading_misnumbered(report: &Report) -> Option<Finding> {
    let wrong = misnumbered(report);
    let first = wrong.first()?;
    let listed: Vec<String> = wrong
        .iter()
        .map(|h| {
            format!(
                "“{}”编号为“{}”，按规定格式应为第{}部分“{}”",
                crate::rules::text::quote(&h.text, 24),
                numeral(h.written),
                h.section.numeral,
                h.section.title
            )
        })
        .collect();
    let message = format!(
        "报告六个部分的标题编号有误：{}。请按“一、总体情况”至“六、其他需要报告的事项”的顺序编号\
         （总体情况下的小标题应写作“（一）”“（二）”）。",
        listed.join("；")
    );
    Some(
        Finding::new(Rule::HeadingMisnumbered, Severity::Warning, message)
            .with_span(first.span.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{report21, rules, with_text};

    const RIGHT: &str = "一、总体情况\n我镇坚持公开。\n二、主动公开政府信息情况\n表\n\
        三、收到和处理政府信息公开申请情况\n表\n四、政府信息公开行政复议、行政诉讼情况\n表\n\
        五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n未收取信息处理费。\n";

    fn report_of(text: &str) -> Report {
        let mut r = with_text(report21(&[]), text);
        r.year = Some(2023);
        r
    }

    fn found(text: &str) -> Vec<Finding> {
        heading_misnumbered(&report_of(text)).into_iter().collect()
    }

    #[test]
    fn a_report_numbered_as_the_format_gives_nothing() {
        assert!(found(RIGHT).is_empty());
        // Other spellings of the numbering, sub-items in brackets, 一是/二是 in the text.
        let text = RIGHT
            .replace("一、总体情况", "第一部分 总体情况")
            .replace("五、", "五．")
            .replace(
                "我镇坚持公开。",
                "（一）主动公开情况\n（二）依申请公开情况\n三是依申请公开渠道畅通。",
            );
        assert!(found(&text).is_empty());
    }

    #[test]
    fn a_repeated_numeral_shifts_the_rest() {
        let text = RIGHT
            .replace("四、政府信息公开", "三、政府信息公开")
            .replace("五、存在", "四、存在")
            .replace("六、其他", "五、其他");
        let f = found(&text);
        assert_eq!(rules(&f), ["HEADING_MISNUMBERED"]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.contains(
                "“三、政府信息公开行政复议、行政诉讼情况”编号为“三”，按规定格式应为第四部分"
            ),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message
                .contains("“五、其他需要报告的事项”编号为“五”，按规定格式应为第六部分"),
            "{}",
            f[0].message
        );
        let r = report_of(&text);
        assert!(r.text[f[0].text_span.clone().unwrap()].starts_with("三、政府信息公开"));
    }

    #[test]
    fn a_sub_item_numbered_as_a_section_is_named() {
        let text = RIGHT.replace("我镇坚持公开。", "一、主动公开情况\n二、依申请公开情况");
        let f = found(&text);
        assert_eq!(rules(&f), ["HEADING_MISNUMBERED"]);
        assert!(
            f[0].message.contains("“一、主动公开情况”编号为“一”"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("“二、依申请公开情况”编号为“二”"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn too_few_sections_or_an_old_report_are_not_judged() {
        assert!(found("一、总体情况\n二、依申请公开情况\n").is_empty());
        let text = RIGHT.replace("四、政府信息公开", "三、政府信息公开");
        let mut r = report_of(&text);
        r.year = Some(2015);
        assert!(heading_misnumbered(&r).is_none());
    }
}
