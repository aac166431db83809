//! What kind of body published a report, read from its name: its administrative level (乡镇, 县,
//! 市, 省) and whether it is a government itself or one of its departments. Deadlines and the
//! power to make 规章 depend on both.
//!
//! The level is the last level word in the name: `银川市兴庆区教育局` is a district body,
//! `宝丰县大营镇人民政府` a township. Words that only look like levels (`市场`, `城乡`, `社区`) are
//! skipped.

use crate::format::fold_width;
use crate::model;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 乡, 镇, 街道, 苏木.
    Township,
    /// 县, 区 (市辖区), 旗.
    County,
    /// 市, 州, 盟 — may or may not make 规章 (only 设区的市 can), so never flagged.
    City,
    /// 省, 自治区, 直辖市 departments.
    Province,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    pub level: Option<Level>,
    /// A 人民政府 (or 街道办事处) itself, not one of its departments.
    pub government: bool,
}

/// Level words; longer spellings first so `自治区` is not read as `区`.
const LEVELS: &[(&str, Level)] = &[
    ("自治区", Level::Province),
    ("自治州", Level::City),
    ("自治县", Level::County),
    ("自治旗", Level::County),
    ("街道", Level::Township),
    ("苏木", Level::Township),
    ("省", Level::Province),
    ("市", Level::City),
    ("州", Level::City),
    ("盟", Level::City),
    ("县", Level::County),
    ("区", Level::County),
    ("旗", Level::County),
    ("乡", Level::Township),
    ("镇", Level::Township),
];

/// Words containing a level character that are not a level.
const FALSE_LEVELS: &[&str] = &[
    "市场",
    "城市",
    "城乡",
    "乡村",
    "家乡",
    "城镇",
    "社区",
    "景区",
    "园区",
    "小区",
    "片区",
    "辖区",
    "校区",
    "营区",
    // Zones run by a 管委会 (平潭综合实验区, …示范区) sit at whatever level the province gave
    // them: their names tell none.
    "实验区",
    "试验区",
    "示范区",
    "合作区",
    "街道办",
];

/// Endings that make a name a government rather than a department.
const GOVERNMENT_ENDINGS: &[&str] = &["人民政府", "政府", "街道办事处", "办事处"];

/// The name without spaces and with full-width letters folded.
pub fn compact(name: &str) -> String {
    name.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub fn classify(name: &str) -> Body {
    let name = compact(name);
    let (level, level_end) = match last_level(&name) {
        Some((l, end)) => (Some(l), end),
        None => (None, 0),
    };
    let rest = &name[level_end..];
    let government = GOVERNMENT_ENDINGS.iter().any(|e| name.ends_with(e))
        || (level.is_some() && rest.is_empty());
    Body { level, government }
}

/// The last level word in the name and the byte where it ends.
fn last_level(name: &str) -> Option<(Level, usize)> {
    let mut found = None;
    let mut i = 0;
    while i < name.len() {
        let rest = &name[i..];
        if let Some(w) = FALSE_LEVELS.iter().find(|w| rest.starts_with(**w)) {
            // `街道办` still names a 街道; the others name no level at all.
            if *w == "街道办" {
                found = Some((Level::Township, i + "街道".len()));
            }
            i += w.len();
            continue;
        }
        if let Some((w, level)) = LEVELS.iter().find(|(w, _)| rest.starts_with(w)) {
            found = Some((*level, i + w.len()));
            i += w.len();
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// 层级 of a body, by its name: the level word and whether it is a government tell a county's
/// department from the county government; a 街道 is told from a 乡镇 by its name. `None` when
/// the name names no level (`国家税务总局`).
pub fn level_of(name: &str) -> Option<model::Level> {
    let body = classify(name);
    Some(match body.level? {
        Level::Township if compact(name).contains("街道") => model::Level::Subdistrict,
        Level::Township => model::Level::Township,
        Level::County if body.government => model::Level::CountyGovernment,
        Level::County => model::Level::CountyDepartment,
        Level::City => model::Level::City,
        Level::Province => model::Level::Province,
    })
}

/// A report's 层级: the clerk's choice, else from its agency's name.
pub fn report_level(r: &model::Report) -> Option<model::Level> {
    r.level.or_else(|| r.agency.as_deref().and_then(level_of))
}

/// A name reduced for comparing the same body across years: no spaces or punctuation, and
/// without the 人民政府/政府 ending some years add and others leave out.
pub fn normalise_name(name: &str) -> String {
    let compact: String = compact(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    GOVERNMENT_ENDINGS
        .iter()
        .find_map(|e| compact.strip_suffix(e))
        .unwrap_or(&compact)
        .to_string()
}

/// The same body? Equal names, or one the other with its higher levels in front
/// (`西堡镇` and `西宁市湟中区西堡镇`).
pub fn same_body(a: &str, b: &str) -> bool {
    let (a, b) = (normalise_name(a), normalise_name(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    !short.is_empty()
        && (short == long || (short.chars().count() >= 3 && long.ends_with(short.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(level: Level, government: bool) -> Body {
        Body {
            level: Some(level),
            government,
        }
    }

    #[test]
    fn levels_and_kinds_from_names() {
        assert_eq!(
            classify("红寺堡区红寺堡镇人民政府"),
            body(Level::Township, true)
        );
        assert_eq!(classify("原州区炭山乡"), body(Level::Township, true));
        assert_eq!(
            classify("西宁市湟中区西堡镇人民政府"),
            body(Level::Township, true)
        );
        assert_eq!(classify("银川市兴庆区人民政府"), body(Level::County, true));
        assert_eq!(classify("宝丰县人民政府"), body(Level::County, true));
        assert_eq!(
            classify("银川市兴庆区市场监督管理局"),
            body(Level::County, false)
        );
        assert_eq!(classify("红寺堡区乡村振兴局"), body(Level::County, false));
        assert_eq!(
            classify("宁夏回族自治区住房和城乡建设厅"),
            body(Level::Province, false)
        );
        assert_eq!(
            classify("宁夏回族自治区人民政府"),
            body(Level::Province, true)
        );
        assert_eq!(classify("银川市人民政府"), body(Level::City, true));
        assert_eq!(
            classify("兴庆区凤凰北街街道办事处"),
            body(Level::Township, true)
        );
        assert_eq!(classify("国家税务总局").level, None);
    }

    #[test]
    fn names_give_levels() {
        use model::Level as L;
        for (name, level) in [
            ("红寺堡区红寺堡镇人民政府", Some(L::Township)),
            ("红寺堡区大河乡人民政府", Some(L::Township)),
            ("邵州区发山乡", Some(L::Township)),
            ("哈图布呼镇", Some(L::Township)),
            ("西宁市城中区西关街道办事处", Some(L::Subdistrict)),
            ("宝丰县人民政府", Some(L::CountyGovernment)),
            ("吴忠市红寺堡区人民政府", Some(L::CountyGovernment)),
            ("宝丰县教育局", Some(L::CountyDepartment)),
            ("红寺堡区乡村振兴局", Some(L::CountyDepartment)),
            ("吴忠市人民政府", Some(L::City)),
            ("吴忠市生态环境局", Some(L::City)),
            ("宁夏回族自治区住房和城乡建设厅", Some(L::Province)),
            ("国家税务总局", None),
            ("平潭综合实验区", None),
            ("平潭综合实验区管委会办公室", None),
            ("某示范区某街道办事处", Some(L::Subdistrict)),
            ("", None),
        ] {
            assert_eq!(level_of(name), level, "{name}");
        }
    }

    #[test]
    fn the_clerks_level_wins_over_the_name() {
        let mut r = model::Report::empty("a", model::FileKind::Text, String::new());
        assert_eq!(report_level(&r), None);
        r.agency = Some("吴忠市人民政府".into());
        assert_eq!(report_level(&r), Some(model::Level::City));
        r.level = Some(model::Level::CountyGovernment);
        assert_eq!(report_level(&r), Some(model::Level::CountyGovernment));
    }

    #[test]
    fn the_same_body_across_years() {
        assert!(same_body("红寺堡镇人民政府", "红寺堡镇政府"));
        assert!(same_body("西堡镇人民政府", "西宁市湟中区西堡镇人民政府"));
        assert!(same_body(" 原州区炭山乡 ", "原州区炭山乡人民政府"));
        assert!(!same_body("大营镇人民政府", "炭山乡人民政府"));
        assert!(!same_body("镇", "大营镇"));
    }
}
