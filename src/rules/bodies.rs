//! Which reports of a batch are of the same body, worked out once per batch: each agency name is
//! normalised once, and the names [`same_body`](super::authority::same_body) holds between are
//! found through a map of name endings instead of by comparing every pair of reports.
//!
//! `same_body` is not an equivalence (`西堡镇` is the same body as `湟中区西堡镇` and as
//! `大通县西堡镇`, which are not the same body as each other), so reports are not put in groups:
//! each distinct name keeps the list of names it is the same body as.

use super::authority::normalise_name;
use super::distinct::Distinct;
use crate::model::Report;
use rustc_hash::FxHashMap;

/// Names shorter than this (in characters) match only themselves, as in `same_body`.
const MIN_SUFFIX_CHARS: usize = 3;

/// The bodies of a batch's reports.
pub struct Bodies {
    /// Per report: the id of its normalised agency name; `None` when it has no agency.
    name_of: Vec<Option<usize>>,
    /// Per name id: the ids of the names that are the same body, sorted (itself included unless
    /// the name normalises to nothing, which is no body at all).
    related: Vec<Vec<usize>>,
}

impl Bodies {
    pub fn of(reports: &[Report]) -> Bodies {
        let names = Distinct::of(
            reports
                .iter()
                .map(|r| r.agency.as_deref().map(normalise_name)),
        );
        Bodies {
            related: related_names(&names.strings),
            name_of: names.of_item,
        }
    }

    /// The name id of report `i`, `None` without an agency.
    pub fn name(&self, i: usize) -> Option<usize> {
        self.name_of.get(i).copied().flatten()
    }

    /// The name ids that are the same body as name `id`.
    pub fn related(&self, id: usize) -> &[usize] {
        self.related.get(id).map_or(&[], Vec::as_slice)
    }

    /// `same_body` of two reports' agencies; false when either has none.
    pub fn same(&self, i: usize, j: usize) -> bool {
        match (self.name(i), self.name(j)) {
            (Some(a), Some(b)) => self.related(a).binary_search(&b).is_ok(),
            _ => false,
        }
    }
}

/// For each name, the names that equal it or end with it or that it ends with, where the shorter
/// has at least three characters: `same_body`'s rule, found through the names' endings.
fn related_names(names: &[String]) -> Vec<Vec<usize>> {
    let mut ending_in: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (id, name) in names.iter().enumerate() {
        for ending in long_endings(name) {
            ending_in.entry(ending).or_default().push(id);
        }
    }
    let index: FxHashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(id, n)| (n.as_str(), id))
        .collect();
    names
        .iter()
        .enumerate()
        .map(|(id, name)| {
            if name.is_empty() {
                return Vec::new();
            }
            let mut same = vec![id];
            // Longer names that end with this one.
            same.extend(ending_in.get(name.as_str()).into_iter().flatten());
            // Shorter names this one ends with.
            same.extend(long_endings(name).filter_map(|e| index.get(e).copied()));
            same.sort_unstable();
            same.dedup();
            same
        })
        .collect()
}

/// The endings of a name (itself included) of at least [`MIN_SUFFIX_CHARS`] characters.
fn long_endings(name: &str) -> impl Iterator<Item = &str> {
    let chars = name.chars().count();
    name.char_indices()
        .take(chars.saturating_sub(MIN_SUFFIX_CHARS - 1))
        .map(move |(i, _)| &name[i..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::authority::same_body;

    fn reports(names: &[Option<&str>]) -> Vec<Report> {
        names
            .iter()
            .map(|n| {
                let mut r = Report::empty("a", FileKind::Text, String::new());
                r.agency = n.map(str::to_string);
                r
            })
            .collect()
    }

    #[test]
    fn the_same_body_as_same_body_says_for_every_pair() {
        let names = [
            Some("西堡镇人民政府"),
            Some("西宁市湟中区西堡镇人民政府"),
            Some("大通县西堡镇"),
            Some("西堡镇政府"),
            Some(" 原州区炭山乡 "),
            Some("原州区炭山乡人民政府"),
            Some("炭山乡"),
            Some("镇"),
            Some("大营镇"),
            Some("营镇"),
            Some("人民政府"),
            Some("，，"),
            None,
            Some("ＡＢＣ局"),
            Some("XABC局"),
        ];
        let rs = reports(&names);
        let bodies = Bodies::of(&rs);
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                let expected = match (a, b) {
                    (Some(a), Some(b)) => same_body(a, b),
                    _ => false,
                };
                assert_eq!(bodies.same(i, j), expected, "{a:?} / {b:?}");
            }
        }
        assert!(bodies.same(1, 2) == same_body("西宁市湟中区西堡镇人民政府", "大通县西堡镇"));
        assert!(bodies.same(0, 1) && bodies.same(0, 2));
        assert_eq!(bodies.name(12), None);
    }

    #[test]
    fn endings_have_three_characters_or_more() {
        let e: Vec<&str> = long_endings("湟中区西堡镇").collect();
        assert_eq!(e, ["湟中区西堡镇", "中区西堡镇", "区西堡镇", "西堡镇"]);
        assert_eq!(long_endings("堡镇").count(), 0);
        assert_eq!(long_endings("").count(), 0);
    }
}
