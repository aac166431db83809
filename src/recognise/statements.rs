//! What the body says of itself: the year it reports on (`2023年，我镇…`, `截至2023年底`) and,
//! in its first sentence, who reports (`2022年，抚远市自然资源局不断强化…`).

use super::meta::{compact, has_body_suffix, last_chars, plausible_name, years_in};
use super::numbers::chinese_number;

/// What may stand right before a statement of the year: the start of a sentence or clause.
const SENTENCE_STARTS: &[char] = &['。', '！', '？', '；', '：', '”', '）', ')'];

/// The year the body states most often as its own (`2023年，…`, `2023年度，…`, `截至2023年底`);
/// on a tie the earlier (a report also says what it will do next year: `2024年，我镇将…`).
pub fn stated_year(body: &str) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for line in body.lines() {
        crate::read::budget::checkpoint();
        let c = compact(line);
        for y in opening_years(&c).chain(year_ends(&c)) {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(y, _)| y)
}

/// `2023年，` / `2023年度，` / `二〇二三年，` opening a sentence of the compacted line `c`: the
/// year, and where the rest of the sentence starts.
fn openings(c: &str) -> impl Iterator<Item = (i32, usize)> + '_ {
    c.match_indices('年').filter_map(move |(at, _)| {
        let after = &c[at + '年'.len_utf8()..];
        let after = after.strip_prefix('度').unwrap_or(after);
        let rest = after.strip_prefix(['，', ','])?;
        let digits = last_chars(&c[..at], 4);
        if digits.chars().count() != 4 {
            return None;
        }
        let year = year_of(digits)?;
        let before = &c[..at - digits.len()];
        let opens = before.is_empty() || before.ends_with(SENTENCE_STARTS);
        opens.then_some((year, c.len() - rest.len()))
    })
}

fn opening_years(c: &str) -> impl Iterator<Item = i32> + '_ {
    openings(c).map(|(y, _)| y)
}

/// `截至2023年底`, `截止2023年末`, `截至2023年12月31日`.
fn year_ends(c: &str) -> impl Iterator<Item = i32> + '_ {
    ["截至", "截止"].into_iter().flat_map(move |word| {
        c.match_indices(word).filter_map(move |(at, _)| {
            let rest = &c[at + word.len()..];
            let year_at = rest.find('年')?;
            let after = &rest[year_at + '年'.len_utf8()..];
            let ends = ["底", "末", "12月31日"]
                .iter()
                .any(|e| after.starts_with(e));
            let year = years_in(rest[..year_at + '年'.len_utf8()].chars()).pop()?;
            (ends && rest[..year_at].chars().count() == 4).then_some(year)
        })
    })
}

fn year_of(digits: &str) -> Option<i32> {
    let y = if digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        chinese_number(digits)? as i32
    };
    super::meta::YEARS.contains(&y).then_some(y)
}

/// Name endings a first sentence's body may have (fewer than a signature's: `2023年，全县…`
/// must not give 全县's neighbours).
const SUBJECT_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "街道办事处",
    "办事处",
    "委员会",
    "管委会",
    "办公室",
    "局",
    "厅",
    "委",
    "镇",
    "乡",
    "街道",
];

/// Words that open what the body does, not its name (`西堡镇坚持…`, `某局不断强化…`): a name
/// holding one ends before it.
const VERBS: &[&str] = &[
    "不断",
    "坚持",
    "认真",
    "深入",
    "紧紧",
    "围绕",
    "按照",
    "根据",
    "全面",
    "持续",
    "积极",
    "进一步",
    "始终",
    "严格",
    "切实",
    "高度",
    "聚焦",
    "扎实",
    "着力",
    "继续",
    "共",
    "在",
    "以",
    "把",
    "将",
    "对",
    "按",
    "为",
    "立足",
    "结合",
    "贯彻",
    "落实",
    "加强",
    "推进",
    "重视",
];

/// Longest name the first sentence may give.
const MAX_NAME_CHARS: usize = 24;

/// The body that opens the first sentence after its year (`2022年，抚远市自然资源局不断强化…`):
/// the longest run of its words that ends in a body's name ending and holds no verb.
pub fn subject(lines: &[&str]) -> Option<String> {
    lines.iter().find_map(|line| {
        let c = compact(line);
        let (_, start) = openings(&c).next()?;
        name_at_start(&c[start..])
    })
}

fn name_at_start(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().take(MAX_NAME_CHARS).collect();
    (2..=chars.len())
        .rev()
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|name| {
            SUBJECT_SUFFIXES.iter().any(|x| name.ends_with(x))
                && !VERBS.iter().any(|v| name.contains(v))
                && plausible_name(name)
                && has_body_suffix(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_the_body_states_as_its_own() {
        let body = "一、总体情况\n推进公开是重要举措。2023年，我镇坚持公开。\n截至2023年底，共公开信息52条。\n\
                    五、存在的主要问题及改进情况\n2024年，我镇将继续努力。";
        assert_eq!(stated_year(body), Some(2023));
        assert_eq!(stated_year("二〇二二年，我局认真落实条例。"), Some(2022));
        assert_eq!(stated_year("2023年度，本机关共收到申请3件。"), Some(2023));
    }

    #[test]
    fn years_inside_a_sentence_or_without_a_comma_are_not_statements() {
        for body in [
            "我镇2023年，共收到申请。",
            "与2022年相比，数量增加。",
            "2023年我镇共收到申请2件。",
            "截至2024年1月，累计公开信息。",
            "按照《2023年政务公开工作要点》，",
        ] {
            assert_eq!(stated_year(body), None, "{body}");
        }
    }

    #[test]
    fn the_first_sentence_names_the_body() {
        for (line, want) in [
            (
                "2022年，抚远市自然资源局不断强化政府信息公开工作。",
                "抚远市自然资源局",
            ),
            (
                "2023年，西堡镇坚持以习近平新时代中国特色社会主义思想为指导。",
                "西堡镇",
            ),
            (
                "2023年，某县人民政府办公室认真贯彻落实条例。",
                "某县人民政府办公室",
            ),
            (
                "2023年，某市某区某某街道办事处深入推进政务公开。",
                "某市某区某某街道办事处",
            ),
        ] {
            assert_eq!(subject(&[line]).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn a_first_sentence_without_a_body_gives_none() {
        for line in [
            "2023年，我局不断强化政府信息公开工作。",
            "2023年，本机关认真贯彻落实条例。",
            "2023年，在区委区政府的领导下，政务公开工作稳步推进。",
            "2023年，全县政务公开工作取得新进展。",
            "推进政府信息公开是重要举措。",
            "根据《条例》，抚远市自然资源局编制本报告。",
        ] {
            assert_eq!(subject(&[line]), None, "{line}");
        }
    }
}
