//! Distinct strings of a batch numbered in order of first appearance, so that work done per
//! name or per text is done once, and reports are compared by number.

use rustc_hash::FxHashMap;

/// Each item's number (`None` for an item that has no string) and the strings by number.
pub struct Distinct {
    pub of_item: Vec<Option<usize>>,
    pub strings: Vec<String>,
}

impl Distinct {
    pub fn of(items: impl IntoIterator<Item = Option<String>>) -> Distinct {
        let mut ids: FxHashMap<String, usize> = FxHashMap::default();
        let of_item = items
            .into_iter()
            .map(|s| {
                let next = ids.len();
                s.map(|s| *ids.entry(s).or_insert(next))
            })
            .collect();
        let mut strings = vec![String::new(); ids.len()];
        for (s, id) in ids {
            strings[id] = s;
        }
        Distinct { of_item, strings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_numbered_in_order_of_first_appearance() {
        let d = Distinct::of([
            Some("乙".into()),
            None,
            Some("甲".into()),
            Some("乙".into()),
        ]);
        assert_eq!(d.of_item, vec![Some(0), None, Some(1), Some(0)]);
        assert_eq!(d.strings, vec!["乙".to_string(), "甲".to_string()]);
    }
}
