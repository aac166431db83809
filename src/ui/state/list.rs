//! The report list as shown: filtered by the search box and the error filter, sorted. No egui.

use super::entry::{Entry, EntryId, Item};
use super::spelling::{name_matches, sort_key};
use crate::model::file_name;
use crate::model::{FileKind, Severity};

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

    /// The search box matches the unit's name, in characters or in pinyin (any reading, full
    /// or initials: `hsb` finds 红寺堡, `cxx` and `zxx` find 长兴乡); the file name only when the
    /// query looks like one (a dot, a digit, `_`, or a Latin word of four letters or more), so
    /// that `cx` does not find every `.docx`.
    fn matches(&self, search: &str) -> bool {
        let needle: String = search
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if name_matches(&self.title, &needle) {
            return true;
        }
        let file_like = needle.contains(['.', '_'])
            || needle.chars().any(|c| c.is_ascii_digit())
            || (needle.len() >= 4 && needle.chars().all(|c| c.is_ascii_alphabetic()));
        file_like && file_name(&self.file).to_lowercase().contains(&needle)
    }
}

/// The list as shown: `entries` filtered and sorted.
pub fn rows(entries: &[Entry], filter: &Filter, sort: SortKey) -> Vec<ListRow> {
    let mut rows: Vec<(usize, ListRow)> = Vec::new();
    for (pos, e) in entries.iter().enumerate() {
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
    match sort {
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
