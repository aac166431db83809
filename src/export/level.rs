//! 层级: which level of government a body belongs to, guessed from its name. Only bodies of one
//! level are comparable (a city's figures dwarf a town's), so the summaries show it.

/// A level of government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Township,
    Subdistrict,
    CountyDepartment,
    CountyGovernment,
    City,
    Unknown,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Township => "乡镇",
            Level::Subdistrict => "街道",
            Level::CountyDepartment => "县级部门",
            Level::CountyGovernment => "县级政府",
            Level::City => "市级",
            Level::Unknown => "未能判断",
        }
    }
}

/// The level a body's name suggests: `…镇人民政府` 乡镇, `…街道办事处` 街道, `…县人民政府` 县级政府,
/// `…市…局` 市级, other offices of a county or district 县级部门.
pub fn guess(agency: &str) -> Level {
    let name: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() {
        return Level::Unknown;
    }
    if name.contains("街道") {
        return Level::Subdistrict;
    }
    let government = name.ends_with("人民政府") || name.ends_with("政府");
    let stem = name.trim_end_matches("人民政府").trim_end_matches("政府");
    if government {
        return match stem.chars().last() {
            Some('乡' | '镇') => Level::Township,
            Some('县' | '区' | '旗') => Level::CountyGovernment,
            Some('市' | '州' | '盟') if !stem.contains('县') && !stem.contains('区') => {
                Level::City
            }
            Some('市') => Level::CountyGovernment,
            _ => Level::Unknown,
        };
    }
    // A town or township named without 人民政府 (`哈图布呼镇`).
    if matches!(stem.chars().last(), Some('乡' | '镇')) {
        return Level::Township;
    }
    // An office: of the county or district when one is named, else of a city.
    if stem.contains('县') || stem.contains('区') || stem.contains('旗') {
        Level::CountyDepartment
    } else if stem.contains('市') || stem.contains('州') {
        Level::City
    } else {
        Level::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_levels() {
        assert_eq!(guess("红寺堡区红寺堡镇人民政府"), Level::Township);
        assert_eq!(guess("红寺堡区大河乡人民政府"), Level::Township);
        assert_eq!(guess("西宁市城中区西关街道办事处"), Level::Subdistrict);
        assert_eq!(guess("宝丰县人民政府"), Level::CountyGovernment);
        assert_eq!(guess("吴忠市红寺堡区人民政府"), Level::CountyGovernment);
        assert_eq!(guess("吴忠市人民政府"), Level::City);
        assert_eq!(guess("宝丰县教育局"), Level::CountyDepartment);
        assert_eq!(guess("吴忠市生态环境局"), Level::City);
        assert_eq!(guess("邵州区发山乡"), Level::Township);
        assert_eq!(guess(""), Level::Unknown);
    }
}
