//! The roster (报送名单): the units that must report, each matched to the reports loaded and
//! given a status (待核查, 已退回整改, 已整改, 通过). A unit with no report is 未报.
//!
//! Names are matched tolerantly, because a roster says 红寺堡镇 where the report's title says
//! 红寺堡区红寺堡镇人民政府: both are reduced to a core (no 人民政府, no punctuation), and one core
//! may end with the other when what stands before it is a place (it ends in 省/市/县/区/旗/州/
//! 盟), or when the shorter one starts with a level word (县教育局 = 盐池县教育局). 东镇 never
//! matches 广东镇. The clerk can fix any match by hand (a [`Pin`]); that always wins.
//!
//! This is model-level: it knows reports, not rules, files or egui.

use crate::format::normalise_label;
use crate::model::{Date, Report};
use crate::text::is_cjk;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where a unit stands in the year's collection. 未报 is not a status: it is a unit with no
/// report ([`Roster::assign`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// 待核查: received, not yet decided.
    #[default]
    Pending,
    /// 已退回整改: sent back with a 整改通知.
    Returned,
    /// 已整改: a corrected version came back.
    Corrected,
    /// 通过: accepted.
    Passed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Returned,
        Status::Corrected,
        Status::Passed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "待核查",
            Status::Returned => "已退回整改",
            Status::Corrected => "已整改",
            Status::Passed => "通过",
        }
    }
}

/// The clerk's correction of a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pin {
    /// This unit's report is the one loaded from this file.
    File(String),
    /// None of the loaded reports is this unit's (a name alike another unit's matched wrongly).
    NoReport,
}

/// One unit that must report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    #[serde(default)]
    pub status: Status,
    /// When the status was last set; `None` while it is the default 待核查.
    #[serde(default)]
    pub since: Option<Date>,
    #[serde(default)]
    pub pin: Option<Pin>,
}

impl Unit {
    pub fn new(name: impl Into<String>) -> Unit {
        Unit {
            name: name.into(),
            status: Status::Pending,
            since: None,
            pin: None,
        }
    }
}

/// The units that must report for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub units: Vec<Unit>,
    /// The report year the roster is for; `None`: the commonest year of the reports loaded.
    #[serde(default)]
    pub year: Option<i32>,
}

/// What the roster makes of the reports loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assignment {
    /// Per unit: its report of the roster's year (the one counted when there are several).
    pub report: Vec<Option<usize>>,
    /// Per report: the unit it belongs to.
    pub unit: Vec<Option<usize>>,
    /// The year the roster was matched for.
    pub year: Option<i32>,
}

impl Assignment {
    /// Units with no report of the year: 未报.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.report.len()).filter(|&u| self.report[u].is_none())
    }
}

impl Roster {
    /// A roster of these names, each once, in the order given.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Roster {
        let mut seen = std::collections::HashSet::new();
        let units = names
            .iter()
            .map(|n| n.as_ref().trim())
            .filter(|n| !n.is_empty() && seen.insert(core(n)))
            .map(Unit::new)
            .collect();
        Roster { units, year: None }
    }

    /// Matches the reports to the units. `current(i)` says whether report `i` is the one that
    /// counts for its body (not replaced by a resubmission, not a duplicate left out); among a
    /// unit's reports of the year, a current one is preferred.
    pub fn assign(&self, reports: &[&Report], current: &dyn Fn(usize) -> bool) -> Assignment {
        let year = self.year.or_else(|| main_year(reports));
        let mut unit: Vec<Option<usize>> = vec![None; reports.len()];
        // Pins first: a pinned file is that unit's, whatever its name says.
        let mut pinned_files: HashMap<&str, usize> = HashMap::new();
        for (u, x) in self.units.iter().enumerate() {
            if let Some(Pin::File(f)) = &x.pin {
                pinned_files.insert(f.as_str(), u);
            }
        }
        let cores: Vec<String> = self.units.iter().map(|u| core(&u.name)).collect();
        for (i, r) in reports.iter().enumerate() {
            if let Some(&u) = pinned_files.get(r.file.as_str()) {
                unit[i] = Some(u);
                continue;
            }
            let Some(agency) = r.agency.as_deref() else {
                continue;
            };
            let a = core(agency);
            unit[i] = cores
                .iter()
                .enumerate()
                .filter(|(u, _)| self.units[*u].pin.is_none())
                .filter_map(|(u, c)| score(c, &a).map(|s| (s, u)))
                .max_by_key(|&(s, u)| (s, std::cmp::Reverse(u)))
                .map(|(_, u)| u);
        }
        let mut report = vec![None; self.units.len()];
        for (u, slot) in report.iter_mut().enumerate() {
            let of_year = |i: &usize| {
                unit[*i] == Some(u)
                    && (year.is_none() || reports[*i].year.is_none_or(|y| Some(y) == year))
            };
            let mut mine: Vec<usize> = (0..reports.len()).filter(of_year).collect();
            // A pinned file is the unit's report even when its year is another.
            if mine.is_empty() {
                if let Some(Pin::File(f)) = &self.units[u].pin {
                    mine = (0..reports.len())
                        .filter(|&i| reports[i].file == *f)
                        .collect();
                }
            }
            *slot = mine
                .iter()
                .copied()
                .find(|&i| current(i) && reports[i].year.is_some())
                .or_else(|| mine.iter().copied().find(|&i| current(i)))
                .or_else(|| mine.last().copied());
        }
        Assignment { report, unit, year }
    }

    /// Sets a unit's status, dated.
    pub fn set_status(&mut self, unit: usize, status: Status, today: Option<Date>) {
        if let Some(u) = self.units.get_mut(unit) {
            u.status = status;
            u.since = today;
        }
    }
}

/// The commonest report year; a tie goes to the later year (last year's reports are loaded
/// to compare with, not to be collected).
pub fn main_year(reports: &[&Report]) -> Option<i32> {
    let mut by_year: HashMap<i32, usize> = HashMap::new();
    for y in reports
        .iter()
        .filter(|r| r.replaced_by.is_none())
        .filter_map(|r| r.year)
    {
        *by_year.entry(y).or_default() += 1;
    }
    by_year
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

/// Reads a list of unit names: one a line; numbering (`1.`, `（2）`, `3、`), a heading line
/// (序号/单位名称), blank lines and trailing remarks after a tab or two spaces are dropped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let first = line
                .split('\t')
                .map(str::trim)
                .find(|f| !f.is_empty() && !f.chars().all(|c| c.is_ascii_digit() || c == '.'))?;
            let first = first.split("  ").next().unwrap_or(first);
            let name = strip_numbering(first).trim();
            let heading = ["序号", "单位名称", "单位", "名称", "报送单位", "应报单位"];
            (!name.is_empty() && !heading.contains(&name) && name.chars().any(is_cjk))
                .then(|| name.to_string())
        })
        .collect()
}

/// `1.`, `1、`, `(1)`, `（一）`, `一、` before a name.
fn strip_numbering(s: &str) -> &str {
    let s = s.trim_start();
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    if t.len() < s.len() {
        return t.trim_start_matches(['.', '、', '．', ')', '）', ' ']);
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(rest) = s.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                let inner = &rest[..end];
                if inner.chars().count() <= 3
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
                {
                    return &rest[end + close.len_utf8()..];
                }
            }
        }
    }
    let numeral = s
        .char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    match numeral {
        Some(end) if s[end..].starts_with('、') => &s[end + '、'.len_utf8()..],
        _ => s,
    }
}

/// What identifies a unit's name: no spaces or punctuation, without 人民政府 (a town's report is
/// titled with it, its roster line often not) and with 街道办事处 as 街道.
pub fn core(name: &str) -> String {
    let n = normalise_label(name);
    let n = n.strip_suffix("人民政府").unwrap_or(&n);
    let n = n.strip_suffix("办事处").unwrap_or(n);
    n.to_string()
}

/// Characters that end a place name before a unit's own name.
const PLACE_END: &[char] = &['省', '市', '县', '区', '旗', '州', '盟'];
/// Level words a county's roster writes for its own county (县教育局).
const LEVEL_START: &[char] = &['县', '区', '市', '旗'];

/// How well a roster core `u` and a report core `a` match: 3 equal, 2 one is the other with a
/// place name before it, 1 the shorter starts with a level word; `None` otherwise.
fn score(u: &str, a: &str) -> Option<u8> {
    if u.is_empty() || a.is_empty() {
        return None;
    }
    if u == a {
        return Some(3);
    }
    let (short, long) = if u.len() < a.len() { (u, a) } else { (a, u) };
    let prefix = long.strip_suffix(short)?;
    // The shorter name must be more than a level word and a suffix (镇, 局).
    if short.chars().count() < 2 {
        return None;
    }
    if prefix.ends_with(PLACE_END) {
        Some(2)
    } else if short.starts_with(LEVEL_START) && short.chars().count() >= 3 {
        Some(1)
    } else {
        None
    }
}

/// Whether a roster name and a report's agency name the same unit.
pub fn same_unit(roster_name: &str, agency: &str) -> bool {
    score(&core(roster_name), &core(agency)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn report(agency: &str, year: i32, file: &str) -> Report {
        let mut r = Report::empty(file, FileKind::Text, String::new());
        r.agency = Some(agency.into());
        r.year = Some(year);
        r
    }

    #[test]
    fn names_match_tolerantly() {
        assert!(same_unit("红寺堡镇", "红寺堡区红寺堡镇人民政府"));
        assert!(same_unit("红寺堡区红寺堡镇人民政府", "红寺堡镇"));
        assert!(same_unit("新庄集街道", "红寺堡区新庄集街道办事处"));
        assert!(same_unit("县教育局", "盐池县教育局"));
        assert!(same_unit("大河乡人民政府", "大河乡 人民政府"));
        assert!(same_unit(
            "宁夏回族自治区吴忠市红寺堡区大河乡",
            "大河乡人民政府"
        ));
    }

    #[test]
    fn names_that_only_end_alike_do_not_match() {
        assert!(!same_unit("东镇", "广东镇人民政府"));
        assert!(!same_unit("河乡", "大河乡人民政府"));
        assert!(!same_unit("教育局", "盐池县教育体育局"));
        assert!(!same_unit("红寺堡镇", "红寺堡镇卫生院"));
        assert!(!same_unit("县政府办公室", "盐池县人民政府"));
        assert!(!same_unit("镇", "红寺堡镇"));
    }

    #[test]
    fn lists_lose_their_numbering_and_headings() {
        let text = "序号\t单位名称\n1\t红寺堡镇\n2、大河乡\n（3）新庄集乡\n四、柳泉乡\n\n5. 太阳山镇  已报\n";
        assert_eq!(
            parse_list(text),
            vec!["红寺堡镇", "大河乡", "新庄集乡", "柳泉乡", "太阳山镇"]
        );
        let r = Roster::from_names(&parse_list("红寺堡镇\n红寺堡镇人民政府\n大河乡"));
        assert_eq!(r.units.len(), 2, "one unit named twice is one unit");
    }

    #[test]
    fn units_get_their_reports_and_the_rest_are_missing() {
        let rs = [
            report("红寺堡区红寺堡镇人民政府", 2023, "a.docx"),
            report("红寺堡区大河乡人民政府", 2023, "b.docx"),
            report("红寺堡区大河乡人民政府", 2022, "b-2022.docx"),
            report("红寺堡区广东镇人民政府", 2023, "c.docx"),
        ];
        let refs: Vec<&Report> = rs.iter().collect();
        let roster = Roster::from_names(&["红寺堡镇", "大河乡", "东镇", "柳泉乡"]);
        let a = roster.assign(&refs, &|_| true);
        assert_eq!(a.year, Some(2023));
        assert_eq!(a.report, vec![Some(0), Some(1), None, None]);
        assert_eq!(a.unit, vec![Some(0), Some(1), Some(1), None]);
        assert_eq!(a.missing().collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn a_pin_fixes_a_match_and_the_current_version_is_preferred() {
        let mut rs = [
            report("红寺堡区红寺堡镇人民政府", 2023, "old.docx"),
            report("红寺堡区红寺堡镇人民政府", 2023, "new.docx"),
            report("某某公司", 2023, "odd.pdf"),
        ];
        rs[0].replaced_by = Some("new.docx".into());
        let refs: Vec<&Report> = rs.iter().collect();
        let mut roster = Roster::from_names(&["红寺堡镇", "柳泉乡"]);
        let current = |i: usize| refs[i].replaced_by.is_none();
        assert_eq!(roster.assign(&refs, &current).report, vec![Some(1), None]);
        roster.units[1].pin = Some(Pin::File("odd.pdf".into()));
        roster.units[0].pin = Some(Pin::NoReport);
        let a = roster.assign(&refs, &current);
        assert_eq!(a.report, vec![None, Some(2)]);
        assert_eq!(a.unit, vec![None, None, Some(1)]);
    }
}
