//! The six sections of the report, with their headings as the two editions of the official
//! format print them and the variants reports commonly use. The recogniser
//! (`recognise/sections.rs`), SECTION_MISSING and HEADING_MISNUMBERED all read this one list.
//!
//! A heading line matches a section when its normalised text (no numeral, spaces or punctuation)
//! contains one of the section's wordings, so `一、总体情况`, `一．总体情况` and
//! `第一部分 总体情况` are all found.

use super::normalise_label;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionDef {
    /// 1 to 6.
    pub number: u8,
    /// The numeral that opens the heading (`一` … `六`).
    pub numeral: char,
    /// The heading as the current (2021) format prints it; messages quote it.
    pub title: &'static str,
    /// The heading as the 2019 format (国办公开办函〔2019〕60号) prints it.
    pub title_2019: &'static str,
    /// Other wordings reports use (shortened, or with the words of an older template).
    pub variants: &'static [&'static str],
}

impl SectionDef {
    /// Every wording of the heading, numeral left out, normalised as heading lines are
    /// ([`normalise_label`]). Normalised once per process: every line of every report that
    /// opens like a heading is compared with them.
    pub fn wordings(&self) -> impl Iterator<Item = &'static str> {
        static NORMALISED: OnceLock<Vec<Vec<String>>> = OnceLock::new();
        let all = NORMALISED.get_or_init(|| SECTIONS.iter().map(SectionDef::normalise).collect());
        let at = SECTIONS.iter().position(|d| d == self);
        at.and_then(|i| all.get(i))
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    fn normalise(&self) -> Vec<String> {
        [self.title, self.title_2019]
            .into_iter()
            .map(without_numeral)
            .chain(self.variants.iter().copied())
            .map(normalise_label)
            .collect()
    }

    /// Whether a normalised heading line names this section.
    pub fn named_in(&self, normalised_line: &str) -> bool {
        self.wordings().any(|w| normalised_line.contains(w))
    }
}

/// `四、因政府信息公开…` → `因政府信息公开…`.
fn without_numeral(title: &str) -> &str {
    title.split_once('、').map_or(title, |(_, rest)| rest)
}

pub static SECTIONS: [SectionDef; 6] = [
    SectionDef {
        number: 1,
        numeral: '一',
        title: "一、总体情况",
        title_2019: "一、总体情况",
        variants: &["概述"],
    },
    SectionDef {
        number: 2,
        numeral: '二',
        title: "二、主动公开政府信息情况",
        title_2019: "二、主动公开政府信息情况",
        variants: &["主动公开政府信息", "主动公开情况"],
    },
    SectionDef {
        number: 3,
        numeral: '三',
        title: "三、收到和处理政府信息公开申请情况",
        title_2019: "三、收到和处理政府信息公开申请情况",
        variants: &["收到和处理政府信息公开申请", "依申请公开"],
    },
    SectionDef {
        number: 4,
        numeral: '四',
        title: "四、政府信息公开行政复议、行政诉讼情况",
        title_2019: "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        variants: &[
            "行政复议行政诉讼",
            "复议诉讼情况",
            // The template of the first 条例 (2008): 因政府信息公开申请行政复议、提起行政诉讼的情况.
            "申请行政复议提起行政诉讼",
        ],
    },
    SectionDef {
        number: 5,
        numeral: '五',
        title: "五、存在的主要问题及改进情况",
        title_2019: "五、存在的主要问题及改进情况",
        variants: &["存在的主要问题", "主要问题及改进", "主要问题和改进"],
    },
    SectionDef {
        number: 6,
        numeral: '六',
        title: "六、其他需要报告的事项",
        title_2019: "六、其他需要报告的事项",
        variants: &["其他需要报告"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_editions_wordings_of_section_four_name_it() {
        let four = &SECTIONS[3];
        for line in [
            "四、政府信息公开行政复议、行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        ] {
            assert!(four.named_in(&normalise_label(line)), "{line}");
        }
        assert!(!four.named_in(&normalise_label("四、结转下年度继续办理")));
    }

    #[test]
    fn every_section_has_its_titles_among_its_wordings() {
        for def in &SECTIONS {
            assert!(def.title.starts_with(def.numeral) && def.title_2019.starts_with(def.numeral));
            assert!(def.named_in(&normalise_label(def.title)));
            assert!(def.named_in(&normalise_label(def.title_2019)));
        }
    }
}
