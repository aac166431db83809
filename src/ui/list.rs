//! The report list as shown: filtered by the search box and the error filter, sorted. No egui.

use super::state::{EntryId, Item, State};
use crate::model::file_name;
use crate::model::{FileKind, Severity};
use pinyin::ToPinyin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By agency, then year (file name when the agency is unknown).
    #[default]
    Name,
    /// Most errors first.
    Errors,
    /// In the order the files were loaded.
    Loaded,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Name, SortKey::Errors, SortKey::Loaded];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "按名称",
            SortKey::Errors => "按错误数",
            SortKey::Loaded => "按导入顺序",
        }
    }
}

/// Which entries are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only reports with errors (unreadable files stay visible).
    pub only_errors: bool,
    /// Part of the agency or file name.
    pub search: String,
}

/// One line of the report list, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub id: EntryId,
    pub title: String,
    pub file: String,
    pub kind: RowKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    Report {
        year: Option<i32>,
        file_kind: FileKind,
        errors: usize,
        warnings: usize,
        /// A version sent back and since resubmitted: kept to compare with, counted nowhere.
        replaced: bool,
        /// Every check has run ([`Loaded::checked`](super::entry::Loaded::checked)).
        checked: bool,
    },
    Failed {
        error: String,
    },
}

impl ListRow {
    fn year(&self) -> Option<i32> {
        match self.kind {
            RowKind::Report { year, .. } => year,
            RowKind::Failed { .. } => None,
        }
    }

    /// Sort weight for "most errors first": unreadable files count as the worst.
    fn weight(&self) -> (usize, usize) {
        match self.kind {
            RowKind::Report {
                errors, warnings, ..
            } => (errors, warnings),
            RowKind::Failed { .. } => (usize::MAX, 0),
        }
    }

    /// The search box matches the agency or the file name, in characters, in full pinyin or
    /// by pinyin initials (`hsb` finds 红寺堡).
    fn matches(&self, search: &str) -> bool {
        let needle: String = search
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if needle.is_empty() {
            return true;
        }
        let name = file_name(&self.file);
        [self.title.as_str(), name.as_str()].iter().any(|hay| {
            let (full, initials) = spelled(hay);
            hay.to_lowercase().contains(&needle)
                || full.contains(&needle)
                || initials.contains(&needle)
        })
    }
}

/// The list as shown: filtered and sorted.
pub fn rows(state: &State) -> Vec<ListRow> {
    let filter = &state.filter;
    let mut rows: Vec<(usize, ListRow)> = Vec::new();
    for (pos, e) in state.entries().iter().enumerate() {
        let row = match &e.item {
            Item::Report(l) => {
                let errors = l.count(Severity::Error);
                if filter.only_errors && errors == 0 {
                    continue;
                }
                ListRow {
                    id: e.id,
                    title: l
                        .report
                        .agency
                        .clone()
                        .unwrap_or_else(|| file_name(&l.report.file)),
                    file: l.report.file.clone(),
                    kind: RowKind::Report {
                        year: l.report.year,
                        file_kind: l.report.kind,
                        errors,
                        warnings: l.count(Severity::Warning),
                        replaced: l.report.replaced_by.is_some(),
                        checked: l.checked,
                    },
                }
            }
            Item::Failed(f) => ListRow {
                id: e.id,
                title: file_name(&f.file),
                file: f.file.clone(),
                kind: RowKind::Failed {
                    error: f.error.clone(),
                },
            },
        };
        if row.matches(&filter.search) {
            rows.push((pos, row));
        }
    }
    match state.sort {
        SortKey::Loaded => rows.sort_by_key(|(pos, _)| *pos),
        SortKey::Name => {
            // In pinyin order, as a clerk expects a list of towns (not by Unicode code point).
            let mut keyed: Vec<(String, usize, ListRow)> = rows
                .into_iter()
                .map(|(pos, r)| (sort_key(&r.title), pos, r))
                .collect();
            keyed.sort_by(|(ka, pa, a), (kb, pb, b)| {
                (ka, &a.title, a.year(), pa).cmp(&(kb, &b.title, b.year(), pb))
            });
            rows = keyed.into_iter().map(|(_, pos, r)| (pos, r)).collect();
        }
        SortKey::Errors => {
            rows.sort_by_key(|(pos, r)| (std::cmp::Reverse(r.weight()), *pos));
        }
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

/// For each row, whether another report in the list has the same agency and year (the same
/// report loaded twice, as PDF and as Word, or a mislabelled file). A replaced version is no
/// duplicate of its resubmission.
pub fn duplicates(rows: &[ListRow]) -> Vec<bool> {
    let key = |r: &ListRow| match r.kind {
        RowKind::Report {
            year,
            replaced: false,
            ..
        } => Some((r.title.clone(), year)),
        RowKind::Report { .. } | RowKind::Failed { .. } => None,
    };
    let mut count: std::collections::HashMap<(String, Option<i32>), usize> = Default::default();
    for k in rows.iter().filter_map(key) {
        *count.entry(k).or_default() += 1;
    }
    rows.iter()
        .map(|r| key(r).is_some_and(|k| count.get(&k).is_some_and(|n| *n > 1)))
        .collect()
}

/// A name spelled out: full pinyin without tones, and the initials (`红寺堡镇` → `hongsibaozhen`,
/// `hsbz`). Characters without a reading (digits, Latin letters) stand for themselves.
pub fn spelled(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                let lower: String = c.to_lowercase().collect();
                full.push_str(&lower);
                initials.push_str(&lower);
            }
            None => {}
        }
    }
    (full, initials)
}

/// Sorts names by their pinyin syllable by syllable (`大营` before `红寺堡` before `谭山`).
fn sort_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None => key.extend(c.to_lowercase()),
        }
        // A separator below every letter, so that `xi an` sorts before `xian`.
        key.push(' ');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelled_and_sorted_by_pinyin() {
        assert_eq!(
            spelled("红寺堡镇2023"),
            ("hongsibaozhen2023".to_string(), "hsbz2023".to_string())
        );
        let mut names = ["谭山镇", "红寺堡镇", "大营镇", "西堡镇", "哈图布呼镇"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["大营镇", "哈图布呼镇", "红寺堡镇", "谭山镇", "西堡镇"]
        );
    }
}
