//! Column widths of the grid: the default fit (every table fits a 1366×768 screen without
//! scrolling sideways) and the widths the clerk set by dragging a header border, kept per table
//! and edition for the session and in the prefs. Pure arithmetic, no egui.

use super::layout::Col;
use crate::format::{FormatVersion, TableId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Narrowest a column can be dragged: one digit and its padding.
pub const MIN_DRAGGED: f32 = 24.0;
/// Widest a column can be dragged (a runaway drag should not make a table miles wide).
pub const MAX_DRAGGED: f32 = 1200.0;

/// The default fit: every column gets its minimum, extra room is shared by weight. When even the
/// minimums do not fit, all columns narrow in proportion (down to 70 %), so that a table fits a
/// small screen without scrolling sideways; text wraps onto more lines instead.
pub fn fit(cols: &[Col], available: f32) -> Vec<f32> {
    let min: f32 = cols.iter().map(|c| c.min).sum();
    let weight: f32 = cols.iter().map(|c| c.weight).sum();
    if available < min {
        let scale = (available / min.max(1.0)).max(0.7);
        return cols.iter().map(|c| (c.min * scale).floor()).collect();
    }
    let extra = available - min;
    cols.iter()
        .map(|c| (c.min + extra * c.weight / weight.max(f32::EPSILON)).floor())
        .collect()
}

/// The widths set by hand, by table: `None` for a column left to the fit. Only the dragged
/// column changes, so the border follows the mouse and the table grows or shrinks by as much
/// (scrolling sideways when it no longer fits, as in a spreadsheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColWidths(BTreeMap<String, Vec<Option<f32>>>);

impl ColWidths {
    /// The key of a table of one edition (表三 of 2019 has other columns than that of 2021).
    pub fn key(table: TableId, version: FormatVersion) -> String {
        format!("{table:?}-{version:?}")
    }

    /// The widths to draw: the fit, with each column set by hand at its width. Widths saved
    /// for a different number of columns (an older layout) are ignored.
    pub fn widths(&self, key: &str, cols: &[Col], available: f32) -> Vec<f32> {
        let mut w = fit(cols, available);
        if let Some(set) = self.0.get(key).filter(|s| s.len() == cols.len()) {
            for (w, s) in w.iter_mut().zip(set) {
                if let Some(s) = s {
                    *w = s.clamp(MIN_DRAGGED, MAX_DRAGGED);
                }
            }
        }
        w
    }

    /// Column `col` of a table of `cols` columns set to `width` by hand; false when nothing
    /// changed.
    pub fn set(&mut self, key: &str, cols: usize, col: usize, width: f32) -> bool {
        if col >= cols {
            return false;
        }
        let set = self.0.entry(key.to_string()).or_default();
        if set.len() != cols {
            *set = vec![None; cols];
        }
        let width = Some(width.clamp(MIN_DRAGGED, MAX_DRAGGED).round());
        let changed = set[col] != width;
        set[col] = width;
        changed
    }

    /// Back to the default fit (double-click on a border).
    pub fn reset(&mut self, key: &str) {
        self.0.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> [Col; 3] {
        [
            Col {
                min: 100.0,
                weight: 3.0,
                label: true,
            },
            Col {
                min: 50.0,
                weight: 1.0,
                label: false,
            },
            Col {
                min: 50.0,
                weight: 0.0,
                label: false,
            },
        ]
    }

    #[test]
    fn the_fit_shares_extra_room_by_weight_and_narrows_in_proportion_when_short() {
        let c = cols();
        assert_eq!(fit(&c, 280.0), vec![160.0, 70.0, 50.0]);
        assert_eq!(fit(&c, 180.0), vec![90.0, 45.0, 45.0]);
        assert_eq!(fit(&c, 10.0), vec![70.0, 35.0, 35.0], "never below 70 %");
    }

    #[test]
    fn a_dragged_column_keeps_its_width_and_the_others_keep_the_fit() {
        let c = cols();
        let key = ColWidths::key(TableId::T3, FormatVersion::V2021);
        let mut w = ColWidths::default();
        assert_eq!(w.widths(&key, &c, 280.0), fit(&c, 280.0));
        assert!(w.set(&key, 3, 1, 120.4));
        assert!(!w.set(&key, 3, 1, 119.6), "the same width after rounding");
        assert_eq!(w.widths(&key, &c, 280.0), vec![160.0, 120.0, 50.0]);
        // The window narrower: the others follow the fit, the dragged one stays.
        assert_eq!(w.widths(&key, &c, 180.0), vec![90.0, 120.0, 45.0]);
        // Other tables are untouched.
        let t4 = ColWidths::key(TableId::T4, FormatVersion::V2021);
        assert_eq!(w.widths(&t4, &c, 280.0), fit(&c, 280.0));
        // Clamped both ways; a column out of range is ignored.
        w.set(&key, 3, 2, 1.0);
        w.set(&key, 3, 0, 1e6);
        assert!(!w.set(&key, 3, 7, 99.0));
        assert_eq!(
            w.widths(&key, &c, 280.0),
            vec![MAX_DRAGGED, 120.0, MIN_DRAGGED]
        );
        // Widths kept for another column count (an older layout) are not applied.
        assert_eq!(w.widths(&key, &c[..2], 280.0), fit(&c[..2], 280.0));
        w.reset(&key);
        assert_eq!(w.widths(&key, &c, 280.0), fit(&c, 280.0));
    }

    #[test]
    fn widths_survive_the_prefs_file() {
        let mut w = ColWidths::default();
        let key = ColWidths::key(TableId::T4, FormatVersion::V2019);
        w.set(&key, 2, 1, 80.0);
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(json, r#"{"T4-V2019":[null,80.0]}"#);
        assert_eq!(serde_json::from_str::<ColWidths>(&json).unwrap(), w);
    }
}
