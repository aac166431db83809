//! Building reports by hand for the rules' tests.

use crate::format::{self, FormatVersion, TableId, SECTIONS};
use crate::model::{CellState, FileKind, Report, Section};

/// A report of `version` with `tables` present, every cell of those tables read as 0, then the
/// given cells set.
pub fn report(version: FormatVersion, tables: &[TableId], cells: &[(&str, f64)]) -> Report {
    let mut r = Report::empty("test.txt", FileKind::Text, String::new());
    r.format_version = Some(version);
    r.tables = tables.to_vec();
    for &t in tables {
        for def in format::cells_of(t, version) {
            set(&mut r, &def.key(), 0.0);
        }
    }
    for &(k, v) in cells {
        set(&mut r, k, v);
    }
    r
}

/// A 2021 report with all three tables, all zero except `cells`.
pub fn report21(cells: &[(&str, f64)]) -> Report {
    report(FormatVersion::V2021, &TableId::ALL, cells)
}

pub fn set(r: &mut Report, key: &str, v: f64) {
    let cell = r
        .cells
        .get_mut(key)
        .unwrap_or_else(|| panic!("unknown key {key}"));
    cell.value = Some(v);
    cell.state = CellState::Read;
}

pub fn set_state(r: &mut Report, key: &str, state: CellState) {
    let cell = r.cells.get_mut(key).expect("known key");
    cell.state = state;
    cell.value = match state {
        CellState::Implied => Some(0.0),
        CellState::Read => cell.value,
        _ => None,
    };
}

/// Gives the report `text` and finds the six section headings in it (by their official titles).
pub fn with_text(mut r: Report, text: &str) -> Report {
    r.text = text.to_string();
    let mut found: Vec<(u8, String, usize, usize)> = Vec::new();
    for def in &SECTIONS {
        if let Some(at) = text.find(def.title) {
            found.push((def.number, def.title.to_string(), at, at + def.title.len()));
        }
    }
    found.sort_by_key(|f| f.2);
    r.sections = found
        .iter()
        .enumerate()
        .map(|(i, (number, heading, start, body_start))| {
            let end = found.get(i + 1).map_or(text.len(), |n| n.2);
            Section {
                number: *number,
                heading: heading.clone(),
                span: *start..end,
                body: *body_start..end,
            }
        })
        .collect();
    r
}

/// The rule ids of a list of findings.
pub fn rules(findings: &[crate::model::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.id()).collect()
}
