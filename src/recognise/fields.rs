//! Where the value cells of a tab-separated table are.
//!
//! Text copied from a Word or WPS table keeps a field per grid cell, and trailing empty fields
//! too, so a line's value cells are its last fields, one per column; fields before them are the
//! label area, where an empty field is layout (a label spanning two label columns), not a blank
//! value. Reading that gap as 0 would shift the row's numbers one column right, and a row with one
//! number lost would then look complete. Some copies write a merged label as one field: rows are
//! then narrower where their label is shallower, which the right edge handles too.
//!
//! Some copies also end every row of a label depth with a tab (Word writes one after each row's
//! last cell): when every line of that depth ends in an empty field and has room for it beside
//! its cells, that field closes the row and is no cell. Taken for the last cell, it would shift a
//! row whose first cell is blank or holds a non-number one column left.
//!
//! Lost fields show as contradictions, and then the blanks say nothing about columns:
//! * a labelled line with fewer fields than its label fields plus the columns: the table's lines
//!   are short (every line of it is then unreliable);
//! * a line with another field count than most lines whose label is as deep: that line is.

use super::tokens::{Flat, Token, TokenKind};
use std::collections::{BTreeMap, HashSet};

/// How a table's blank text fields are to be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Geometry {
    /// No tab-separated lines (a grid, a PDF, space-separated text): blanks as they are.
    None,
    /// The last `columns` fields of a line are its cells, before the closing empty field on
    /// the `closed` lines; the `unreliable` lines' blanks say nothing.
    RightEdge {
        columns: usize,
        unreliable: HashSet<usize>,
        closed: HashSet<usize>,
    },
    /// The lines are short: blank fields say nothing about columns.
    Unreliable,
}

/// Which tab field of its text line a token is in (`None` for table cells and PDF text, where
/// the grid or the page geometry places values).
fn field_index(flat: &Flat, tok: &Token) -> Option<usize> {
    if tok.grid.is_some() || tok.page.is_some() {
        return None;
    }
    let start = flat.lines.get(tok.line)?.span.start;
    let before = flat.text.get(start..tok.span.start)?;
    Some(before.matches('\t').count())
}

fn field_count(flat: &Flat, line: usize) -> usize {
    flat.line_text(line).split('\t').count()
}

/// Whether a line's last tab field is empty (the line ends with a tab and blanks).
fn ends_empty(flat: &Flat, line: usize) -> bool {
    flat.line_text(line)
        .rsplit('\t')
        .next()
        .is_some_and(|f| f.trim_matches(crate::text::is_space).is_empty())
}

/// Per tab-separated line with cells: (field count, label depth = last label field before the
/// first cell + 1, 0 for a line without label).
fn lines(flat: &Flat, tokens: &[Token], skip: &HashSet<usize>) -> BTreeMap<usize, (usize, usize)> {
    let mut out: BTreeMap<usize, (usize, usize, bool)> = BTreeMap::new();
    for tok in tokens.iter().filter(|t| !skip.contains(&t.line)) {
        let Some(field) = field_index(flat, tok) else {
            continue;
        };
        let entry = out.entry(tok.line).or_insert((0, 0, false));
        match tok.kind {
            TokenKind::Label if !entry.2 => entry.1 = field + 1,
            TokenKind::Label => {}
            _ => {
                entry.0 = field_count(flat, tok.line);
                entry.2 = true;
            }
        }
    }
    out.into_iter()
        .filter(|(_, (count, _, cells))| *cells && *count > 1)
        .map(|(line, (count, depth, _))| (line, (count, depth)))
        .collect()
}

/// The geometry of a table of `columns` value cells per row, from its tokens (header lines left
/// out).
pub fn geometry(
    flat: &Flat,
    tokens: &[Token],
    headers: &HashSet<usize>,
    columns: usize,
) -> Geometry {
    let lines = lines(flat, tokens, headers);
    if lines.is_empty() {
        return Geometry::None;
    }
    if lines
        .values()
        .any(|&(count, depth)| depth > 0 && count < depth + columns)
    {
        return Geometry::Unreliable;
    }
    let mut by_depth: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for &(count, depth) in lines.values() {
        *by_depth.entry(depth).or_default().entry(count).or_default() += 1;
    }
    let modal = |depth: usize| {
        by_depth
            .get(&depth)
            .and_then(|c| c.iter().max_by_key(|(count, n)| (**n, **count)))
            .map(|(count, _)| *count)
    };
    let unreliable = lines
        .iter()
        .filter(|(_, &(count, depth))| depth > 0 && modal(depth) != Some(count))
        .map(|(line, _)| *line)
        .collect();
    let closed = closed_lines(flat, &lines, columns);
    Geometry::RightEdge {
        columns,
        unreliable,
        closed,
    }
}

/// The lines whose last field closes the row: at each label depth, every line ends with an empty
/// field and has a field to spare beside its label and cells. One line of that depth ending in a
/// filled field shows the empty last fields of the others to be cells.
fn closed_lines(
    flat: &Flat,
    lines: &BTreeMap<usize, (usize, usize)>,
    columns: usize,
) -> HashSet<usize> {
    let mut open_depths = HashSet::new();
    for (&line, &(count, depth)) in lines {
        if !ends_empty(flat, line) || count <= depth + columns {
            open_depths.insert(depth);
        }
    }
    lines
        .iter()
        .filter(|(_, (_, depth))| !open_depths.contains(depth))
        .map(|(line, _)| *line)
        .collect()
}

/// The row's values as its table's geometry places them: empty fields in a line's label area
/// are layout; on an unreliable line no blank field counts.
pub fn placed<'a>(flat: &Flat, values: &[&'a Token], geometry: &Geometry) -> Vec<&'a Token> {
    let keep = |t: &&Token| {
        if t.kind != TokenKind::Blank {
            return true;
        }
        let Some(field) = field_index(flat, t) else {
            return true;
        };
        match geometry {
            Geometry::None => true,
            Geometry::Unreliable => false,
            Geometry::RightEdge {
                columns,
                unreliable,
                closed,
            } => {
                let count = field_count(flat, t.line);
                let end = if closed.contains(&t.line) {
                    count - 1
                } else {
                    count
                };
                !unreliable.contains(&t.line) && field < end && field + columns >= end
            }
        }
    };
    values.iter().copied().filter(keep).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;
    use crate::recognise::tokens::flatten;

    /// How many of its last line's values a 7-column table keeps, and whether it has a grid.
    fn last_row(text: &str) -> (bool, usize) {
        let flat = flatten(&from_text(text, FileKind::Text));
        let g = geometry(&flat, &flat.tokens, &HashSet::new(), 7);
        let last = flat.lines.len() - 1;
        let row: Vec<&Token> = flat
            .tokens
            .iter()
            .filter(|t| t.line == last && t.kind != TokenKind::Label)
            .collect();
        (g != Geometry::Unreliable, placed(&flat, &row, &g).len())
    }

    const TWO_LABELS: &str = "三、本年度办理结果\t（一）予以公开\t0\t0\t0\t0\t0\t0\t0\n";

    #[test]
    fn an_empty_second_label_field_is_layout() {
        let t = format!(
            "{TWO_LABELS}一、本年新收\t\t2\t0\t0\t0\t0\t0\t2\n二、上年结转\t\t\t\t\t\t\t\t"
        );
        assert_eq!(last_row(&t), (true, 7));
        let t = format!("{TWO_LABELS}一、本年新收\t\t2\t0\t0\t0\t0\t0\t2");
        assert_eq!(last_row(&t), (true, 7));
    }

    #[test]
    fn a_table_whose_rows_lost_a_number_places_no_blank() {
        let t = "三、本年度办理结果\t（一）予以公开\t0\t0\t0\t0\t0\t0\n一、本年新收\t\t2\t0\t0\t0\t0\t0";
        assert_eq!(last_row(t), (false, 6));
    }

    #[test]
    fn a_line_that_lost_a_field_in_a_sound_table_places_no_blank() {
        let row = "一、本年新收\t\t2\t0\t0\t0\t0\t0\t2\n";
        let t = format!("{TWO_LABELS}{row}{row}二、上年结转\t\t1\t0\t0\t0\t0\t0");
        assert_eq!(last_row(&t), (true, 6));
    }

    #[test]
    fn merged_labels_copied_as_one_field_leave_every_empty_field_a_cell() {
        let t =
            format!("{TWO_LABELS}一、本年新收\t258\t12\t\t\t1\t1\t272\n二、上年结转\t\t\t\t\t\t\t");
        assert_eq!(last_row(&t), (true, 7));
        assert_eq!(last_row("一、本年新收\t258\t12\t\t\t1\t1\t"), (true, 7));
    }
}
