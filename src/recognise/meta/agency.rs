//! The agency's name: from the signature, a labelled field, the title or an announcement.

use super::chars::compact;
use super::date::date_in;
use super::title::without_label;
use super::year::years_in;

/// Could `c` (compacted) be the name of a body? Never a sentence, a trail, a field label or a
/// number: a wrong name groups reports under it in the workbook, no name only leaves it empty.
pub(crate) fn plausible_name(c: &str) -> bool {
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
pub(super) const NOT_IN_NAMES: &str = "。，,；;：:<>›»＞《》“”\"!?！？、|/\\…·_=#@";
pub(super) const NOT_NAME_STARTS: &[&str] = &[
    "根据", "按照", "依据", "依照", "为", "现", "特", "本", "我", "关于", "您", "当前", "首页",
    "索引",
];
pub(super) const NOT_IN_NAME_WORDS: &[&str] = &[
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

pub(crate) fn has_body_suffix(c: &str) -> bool {
    BODY_SUFFIXES.iter().any(|s| c.ends_with(s))
}

/// Endings of the names of bodies that publish these reports.
pub(super) const BODY_SUFFIXES: &[&str] = &[
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
pub(super) fn signature_agency(tail: &[&str]) -> Option<String> {
    let date_idx = tail.iter().rposition(|l| date_in(l).is_some())?;
    let c = compact(tail[..date_idx].last()?);
    (plausible_name(&c) && has_body_suffix(&c)).then_some(c)
}

/// Field labels whose value is the publishing body: `单位名称：西堡镇人民政府`, and a web page's
/// 索引号 block (`发布机构\t兴安盟自然资源局\t发文日期\t2024-01-15`).
pub(super) const AGENCY_LABELS: &[&str] = &[
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
pub(super) fn labelled_agency(head: &[&str]) -> Option<String> {
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
pub(super) fn title_agency(head: &[&str], title_idx: usize) -> Option<String> {
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
pub(super) fn announced_agency(head: &[&str]) -> Option<String> {
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

pub(super) fn strip_year(s: &str) -> String {
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
    use super::super::find_meta;

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
