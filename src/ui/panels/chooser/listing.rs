//! A folder's listing in the chooser and which of its lines are selected, as a file dialog keeps
//! them (Ctrl/Shift-click, Ctrl+A), apart from the drawing and tested alone.

use eframe::egui::Modifiers;
use std::collections::BTreeSet;

/// One line of the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub is_dir: bool,
}

/// A folder's listing and which of its lines are selected, as a file dialog keeps them.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub items: Vec<Item>,
    pub selected: BTreeSet<usize>,
    /// Where a Shift-click range starts.
    anchor: Option<usize>,
}

impl Listing {
    /// A listing of `items`, nothing selected.
    pub fn of(items: Vec<Item>) -> Listing {
        Listing {
            items,
            ..Listing::default()
        }
    }

    /// A click on line `i`: alone, Ctrl toggles it, Shift selects the range from the anchor.
    pub fn click(&mut self, i: usize, modifiers: Modifiers) {
        if i >= self.items.len() {
            return;
        }
        if modifiers.shift {
            let from = self.anchor.unwrap_or(i);
            let (a, b) = (from.min(i), from.max(i));
            if !modifiers.command {
                self.selected.clear();
            }
            self.selected.extend(a..=b);
            return;
        }
        if modifiers.command {
            if !self.selected.remove(&i) {
                self.selected.insert(i);
            }
        } else {
            self.selected = BTreeSet::from([i]);
        }
        self.anchor = Some(i);
    }

    /// Ctrl+A: every file (folders are entered, not opened with the files).
    pub fn select_all_files(&mut self) {
        self.selected = (0..self.items.len())
            .filter(|&i| !self.items[i].is_dir)
            .collect();
    }

    pub fn chosen(&self) -> impl Iterator<Item = &Item> {
        self.selected.iter().filter_map(|&i| self.items.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(names: &[(&str, bool)]) -> Listing {
        Listing {
            items: names
                .iter()
                .map(|(n, d)| Item {
                    name: n.to_string(),
                    is_dir: *d,
                })
                .collect(),
            ..Listing::default()
        }
    }

    #[test]
    fn clicks_select_as_a_file_dialog_does() {
        let mut l = listing(&[
            ("甲", true),
            ("a.pdf", false),
            ("b.docx", false),
            ("c.txt", false),
        ]);
        l.click(1, Modifiers::NONE);
        assert_eq!(l.selected, BTreeSet::from([1]));
        l.click(3, Modifiers::SHIFT);
        assert_eq!(
            l.selected,
            BTreeSet::from([1, 2, 3]),
            "a range from the anchor"
        );
        l.click(2, Modifiers::COMMAND);
        assert_eq!(l.selected, BTreeSet::from([1, 3]), "Ctrl toggles one");
        l.click(0, Modifiers::NONE);
        assert_eq!(l.selected, BTreeSet::from([0]), "a plain click selects one");
        l.select_all_files();
        assert_eq!(l.selected, BTreeSet::from([1, 2, 3]), "Ctrl+A: the files");
        l.click(9, Modifiers::NONE);
        assert_eq!(
            l.selected,
            BTreeSet::from([1, 2, 3]),
            "out of range: nothing"
        );
    }
}
