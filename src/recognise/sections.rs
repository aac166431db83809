//! Finding the six section headings (一、总体情况 … 六、其他需要报告的事项).

use super::tokens::Flat;
use crate::format::{normalise_label, SectionDef, SECTIONS};
use crate::model::Section;

/// The longest a heading line can be once spaces and punctuation are gone; longer lines are text.
const MAX_HEADING_CHARS: usize = 32;

/// Headings in order. A heading must open its line with its numeral and contain one of its
/// wordings (either edition's, or a common variant: `format/sections.rs`), so table rows like `四、结转下年度继续办理` are not taken for section 四.
pub fn find_sections(flat: &Flat) -> Vec<(Section, usize)> {
    let mut found: Vec<(u8, usize)> = Vec::new(); // (section number, line index)
    let mut from = 0;
    for def in &SECTIONS {
        if let Some(line) = (from..flat.lines.len()).find(|&i| {
            crate::read::budget::checkpoint();
            is_heading(flat.line_text(i), def)
        }) {
            found.push((def.number, line));
            from = line + 1;
        }
    }
    let text_end = flat.text.len();
    found
        .iter()
        .enumerate()
        .map(|(k, &(number, line))| {
            let l = &flat.lines[line];
            let end = found
                .get(k + 1)
                .map(|&(_, next)| flat.lines[next].span.start)
                .unwrap_or(text_end);
            let body_start = (l.span.end + 1).min(end);
            let section = Section {
                number,
                heading: flat.line_text(line).trim().to_string(),
                span: l.span.start..end,
                body: body_start..end,
            };
            (section, line)
        })
        .collect()
}

/// Ends the last section before the signature block that starts at line `signature` (the name
/// and date are no content of it: a 六 that says only 无 above them says nothing).
pub fn end_before_signature(found: &mut [(Section, usize)], flat: &Flat, signature: usize) {
    let Some((last, line)) = found.last_mut() else {
        return;
    };
    let Some(at) = flat.lines.get(signature).map(|l| l.span.start) else {
        return;
    };
    if *line < signature && at < last.span.end {
        last.span.end = at;
        last.body.end = at;
        last.body.start = last.body.start.min(at);
    }
}

fn is_heading(line: &str, def: &SectionDef) -> bool {
    // Markdown headings (`## 三、…`) keep their marks in transcribed text.
    let t = line
        .trim_start_matches(crate::text::is_space)
        .trim_start_matches('#')
        .trim_start_matches(crate::text::is_space);
    let rest = t.strip_prefix('第').unwrap_or(t);
    let Some(rest) = rest.strip_prefix(def.numeral) else {
        return false;
    };
    let opens_heading = rest.starts_with(['、', '.', '．', '，', ',', ' ', '\t', '　', '部'])
        || rest.starts_with(|c: char| crate::text::is_cjk(c));
    if !opens_heading {
        return false;
    }
    let norm = normalise_label(line);
    norm.chars().count() <= MAX_HEADING_CHARS && def.wordings().any(|w| contains_nearly(&norm, w))
}

/// Whether `text` contains `keyword` (a wording), or, for wordings of six characters or more, contains it
/// with one character too many, too few or wrong: real headings carry typos
/// (`四、政府信息公开行政法复议、行政诉讼情况`), and a heading line is short and opens with its
/// numeral, so one slip cannot turn text into a heading.
fn contains_nearly(text: &str, keyword: &str) -> bool {
    if text.contains(keyword) {
        return true;
    }
    let t: Vec<char> = text.chars().collect();
    let k: Vec<char> = keyword.chars().collect();
    if k.len() < 6 {
        return false;
    }
    let without = |v: &[char], i: usize| -> Vec<char> {
        v.iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &c)| c)
            .collect()
    };
    let holds = |hay: &[char], needle: &[char]| hay.windows(needle.len()).any(|w| w == needle);
    let one_extra = (0..t.len()).any(|i| holds(&without(&t, i), &k));
    let one_missing = (0..k.len()).any(|i| holds(&t, &without(&k, i)));
    let one_wrong = t
        .windows(k.len())
        .any(|w| w.iter().zip(&k).filter(|(a, b)| a != b).count() == 1);
    one_extra || one_missing || one_wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;
    use crate::recognise::tokens::flatten;

    #[test]
    fn a_heading_with_one_slip_is_still_found() {
        let four = &SECTIONS[3];
        for heading in [
            "四、政府信息公开行政法复议、行政诉讼情况", // one character too many
            "四、政府信息公开行政复议、行政诉情况",     // one too few
            "四、政府信息公开行政复议、行政拆讼情况",   // one wrong
        ] {
            assert!(is_heading(heading, four), "{heading}");
        }
    }

    #[test]
    fn lines_two_slips_away_or_unrelated_are_not_headings() {
        let four = &SECTIONS[3];
        for line in [
            "四、结转下年度继续办理",
            "四、政府信息公开行政法复议、行政拆讼情况", // two slips
            "四、复议",
            "四、加强行政执法公示",
        ] {
            assert!(!is_heading(line, four), "{line}");
        }
        // Short wordings are matched exactly only: 概述 is not 概况.
        assert!(!is_heading("一、概况", &SECTIONS[0]));
        assert!(is_heading("一、概述", &SECTIONS[0]));
    }

    #[test]
    fn finds_headings_and_skips_table_rows() {
        let text = "一、总体情况\n正文\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
                    一、本年新收政府信息公开申请数量\t0\n四、结转下年度继续办理\t0\n\
                    四、政府信息公开行政复议、行政诉讼情况\n五．存在的主要问题及改进情况\n六、其他需要报告的事项\n无。";
        let flat = flatten(&from_text(text, FileKind::Text));
        let s = find_sections(&flat);
        let numbers: Vec<u8> = s.iter().map(|(s, _)| s.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
        assert_eq!(&flat.text[s[5].0.body.clone()], "无。\n");
        assert!(s[3].0.heading.starts_with("四、政府信息公开"));
    }

    #[test]
    fn the_2019_heading_of_section_four_is_found() {
        let text = "一、总体情况\n正文\n三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理\t0\n\
                    四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n表\n五、存在的主要问题及改进情况\n无。";
        let flat = flatten(&from_text(text, FileKind::Text));
        let s = find_sections(&flat);
        let four = s.iter().find(|(s, _)| s.number == 4).expect("section 四");
        assert!(
            four.0.heading.starts_with("四、因政府信息公开工作"),
            "{}",
            four.0.heading
        );
    }
}
