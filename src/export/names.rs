//! Sheet names for the per-report sheets: taken from the agency, made valid for Excel (at most 31
//! characters, none of `[]:*?/\`, no apostrophe at either end, not `History`) and unique
//! (Excel compares sheet names without regard to case).

use crate::model::Report;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Excel's limit, counted in UTF-16 units.
const MAX_LEN: usize = 31;
const FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];
/// Excel keeps this name for its change history.
const EXCEL_RESERVED: &str = "History";

/// One valid, unique name per report, in order. `taken` are the names of the other sheets.
pub fn sheet_names(reports: &[Report], taken: &[&str]) -> Vec<String> {
    let bases: Vec<String> = reports.iter().map(base_name).collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    for b in &bases {
        *count.entry(b.to_lowercase()).or_default() += 1;
    }
    let mut used: HashSet<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    used.insert(EXCEL_RESERVED.to_lowercase());
    reports
        .iter()
        .zip(bases)
        .map(|(r, base)| {
            // Two reports of one body (two years) are told apart by year before falling back to (2).
            let base = match r.year {
                Some(y) if count[&base.to_lowercase()] > 1 => format!("{base} {y}"),
                _ => base,
            };
            unique(&clean(&base), &mut used)
        })
        .collect()
}

fn base_name(r: &Report) -> String {
    let from_agency = r.agency.as_deref().map(clean).unwrap_or_default();
    if !from_agency.is_empty() {
        return from_agency;
    }
    let stem = Path::new(&r.file)
        .file_stem()
        .map(|s| clean(&s.to_string_lossy()))
        .unwrap_or_default();
    if stem.is_empty() {
        "报告".to_string()
    } else {
        stem
    }
}

/// A valid sheet name from any text (possibly empty, which the caller replaces).
pub fn clean(s: &str) -> String {
    let replaced: String = s
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) {
                '_'
            } else if c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let cut = truncate_utf16(trimmed, MAX_LEN);
    cut.trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string()
}

fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// `base`, or `base(2)`, `base(3)`… shortened so that the suffix fits.
fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() { "报告" } else { base };
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.to_string()
        } else {
            let suffix = format!("({n})");
            let head = truncate_utf16(base, MAX_LEN - suffix.len());
            format!("{}{suffix}", head.trim_end_matches('\''))
        };
        if used.insert(candidate.to_lowercase()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn report(agency: Option<&str>, file: &str, year: Option<i32>) -> Report {
        let mut r = Report::empty(file, FileKind::Text, String::new());
        r.agency = agency.map(str::to_string);
        r.year = year;
        r
    }

    fn valid(name: &str) -> bool {
        !name.is_empty()
            && name.encode_utf16().count() <= MAX_LEN
            && !name.contains(FORBIDDEN)
            && !name.starts_with('\'')
            && !name.ends_with('\'')
    }

    #[test]
    fn forbidden_characters_and_length_are_fixed() {
        let long = "宁夏回族自治区吴忠市红寺堡区人民政府办公室[政务公开]:年报/2023*?\\";
        let n = clean(long);
        assert!(valid(&n), "{n}");
        assert!(n.starts_with("宁夏回族自治区吴忠市"));
        assert_eq!(clean("'abc'"), "abc");
        assert_eq!(clean("  a \n b "), "a b");
    }

    #[test]
    fn names_are_unique_ignoring_case_and_avoid_fixed_sheets() {
        let rs = vec![
            report(Some("汇总对比"), "a.txt", None),
            report(Some("Town"), "b.txt", None),
            report(Some("TOWN"), "c.txt", None),
            report(Some("history"), "d.txt", None),
            report(None, "/x/y/e_report.pdf", None),
            report(Some("  "), "", None),
        ];
        let names = sheet_names(&rs, &["汇总对比", "问题清单"]);
        assert_eq!(names[0], "汇总对比(2)");
        assert_eq!(names[1], "Town");
        assert_eq!(names[2], "TOWN(2)");
        assert_eq!(names[3], "history(2)");
        assert_eq!(names[4], "e_report");
        assert_eq!(names[5], "报告");
        let lower: HashSet<_> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(lower.len(), names.len());
        assert!(names.iter().all(|n| valid(n)));
    }

    #[test]
    fn same_body_two_years_gets_the_year() {
        let rs = vec![
            report(Some("红寺堡镇人民政府"), "a", Some(2022)),
            report(Some("红寺堡镇人民政府"), "b", Some(2023)),
        ];
        assert_eq!(
            sheet_names(&rs, &[]),
            vec!["红寺堡镇人民政府 2022", "红寺堡镇人民政府 2023"]
        );
    }

    #[test]
    fn many_long_duplicates_stay_valid_and_unique() {
        let name = "宁".repeat(40);
        let rs: Vec<Report> = (0..120).map(|_| report(Some(&name), "a", None)).collect();
        let names = sheet_names(&rs, &[]);
        assert!(names.iter().all(|n| valid(n)), "{names:?}");
        let set: HashSet<_> = names.iter().collect();
        assert_eq!(set.len(), 120);
        assert!(names[119].ends_with("(120)"));
    }
}
