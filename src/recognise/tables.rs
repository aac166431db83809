//! Mapping a table's tokens to cell keys.
//!
//! A row is recognised by its label: the label text gathered since the previous row's values is
//! compared with every row's aliases (from `format/`), and the alias that ends last in it wins,
//! because a row's own label is the last thing printed before its numbers (group labels and
//! column headers come before it). The values that follow are then taken in column order, and a
//! row with too few or too many values is reported rather than shifted.

use super::tokens::{Flat, Token, TokenKind};
use crate::format::{self, normalise_label, CellDef, FormatVersion, Layout, RowDef, TableDef};
use crate::model::{Cell, CellState, Finding, Provenance, Report, Severity};
use crate::rules::Rule;
use std::collections::HashSet;
use std::ops::Range;

/// Reads one table from `tokens[range]` into the report. Returns whether the table was found.
pub fn read_table(
    report: &mut Report,
    flat: &Flat,
    range: Range<usize>,
    def: &TableDef,
    version: FormatVersion,
) -> bool {
    let tokens = without_padding(&flat.tokens[range]);
    let rows: Vec<&'static RowDef> = def.rows_for(version).collect();
    let found = match def.layout {
        Layout::Rows => read_rows(report, flat, &tokens, def, &rows),
        Layout::SingleLine => read_single_line(report, flat, &tokens, def, &rows),
    };
    if found {
        // Cells of a present table that were not read are missing, never zero.
        for row in &rows {
            for col in row.columns {
                let key = format::cell_key(def.id, row.key, col.key);
                if let Some(cell) = report.cells.get_mut(&key) {
                    if cell.state == CellState::Absent {
                        cell.state = CellState::Missing;
                    }
                }
            }
        }
    }
    found
}

/// Drops empty sheet cells to the right of every value of the table: a spreadsheet's used range
/// pads rows with them, and they would otherwise pass for a blank last column.
fn without_padding(tokens: &[Token]) -> Vec<Token> {
    let last_value_col = tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Number(_) | TokenKind::Dash))
        .filter_map(|t| t.grid.map(|(_, _, col)| col))
        .max();
    tokens
        .iter()
        .filter(|t| {
            let padding = t.kind == TokenKind::Blank
                && matches!((t.grid, last_value_col), (Some((_, _, c)), Some(max)) if c > max);
            !padding
        })
        .cloned()
        .collect()
}

fn read_rows(
    report: &mut Report,
    flat: &Flat,
    tokens: &[Token],
    def: &TableDef,
    rows: &[&'static RowDef],
) -> bool {
    let mut matched: HashSet<&str> = HashSet::new();
    let mut segment = String::new();
    let mut current: Option<(&'static RowDef, Vec<&Token>)> = None;
    // Empty cells seen after a label and before any value: a row's first cells may be blank, but
    // a header row's empty cells are only padding, so they count once a value follows on the line.
    let mut blanks: Vec<&Token> = Vec::new();
    for tok in tokens {
        if tok.kind == TokenKind::Label {
            if let Some((row, values)) = current.take() {
                fill_row(report, flat, def, row, &values);
                segment.clear();
            }
            blanks.clear();
            segment.push_str(&normalise_label(&tok.text));
            continue;
        }
        if let Some((_, values)) = current.as_mut() {
            values.push(tok);
            continue;
        }
        if tok.kind == TokenKind::Blank {
            blanks.push(tok);
            continue;
        }
        match best_row(&segment, rows, &matched) {
            Some(row) => {
                matched.insert(row.key);
                // Only a table's empty cell is a cell; in text an empty field before the first
                // value may just as well be layout, and reading it as 0 would shift the row.
                let mut values: Vec<&Token> = blanks
                    .iter()
                    .copied()
                    .filter(|b| b.line == tok.line && b.grid.is_some())
                    .collect();
                values.push(tok);
                current = Some((row, values));
            }
            // Values under no known label (a stray header number): drop the label text.
            None => segment.clear(),
        }
        blanks.clear();
    }
    if let Some((row, values)) = current {
        fill_row(report, flat, def, row, &values);
    }
    !matched.is_empty()
}

/// The row whose alias ends last in `segment` (ties: the longer alias). A label with a wrong
/// character matches no alias exactly; then a near-miss at the very end of the segment is better
/// than an exact alias far back in it (which is only a column header or group label).
fn best_row(
    segment: &str,
    rows: &[&'static RowDef],
    matched: &HashSet<&str>,
) -> Option<&'static RowDef> {
    let aliases = || {
        rows.iter()
            .copied()
            .filter(|r| !matched.contains(r.key))
            .flat_map(|r| r.aliases.iter().map(move |a| (r, normalise_label(a))))
    };
    let exact = aliases()
        .filter_map(|(r, a)| segment.rfind(&a).map(|at| ((at + a.len(), a.len()), r)))
        .max_by_key(|(score, _)| *score);
    if let Some(((end, _), r)) = exact {
        if segment[end..].chars().count() <= NEAR_END {
            return Some(r);
        }
    }
    let near_miss = aliases()
        .filter(|(_, a)| a.chars().count() >= 4)
        .filter_map(|(r, a)| {
            let ratio = tail_similarity(segment, &a);
            (ratio >= 0.8).then_some((ratio, r))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r);
    near_miss.or(exact.map(|(_, r)| r))
}

/// How far (in characters) before the values an exact alias may end and still count as the row's
/// own label: wrapped labels in PDFs put the rest of a long label after the alias.
const NEAR_END: usize = 12;

/// How much of `alias` appears, in order, at the end of `segment` (longest common subsequence
/// over the alias length), to accept labels with a wrong or missing character.
fn tail_similarity(segment: &str, alias: &str) -> f64 {
    let a: Vec<char> = alias.chars().collect();
    let s: Vec<char> = segment.chars().collect();
    let tail = &s[s.len().saturating_sub(a.len() + 2)..];
    let mut prev = vec![0usize; tail.len() + 1];
    for &ca in &a {
        let mut cur = vec![0usize; tail.len() + 1];
        for (j, &cs) in tail.iter().enumerate() {
            cur[j + 1] = if ca == cs {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[tail.len()] as f64 / a.len() as f64
}

/// Puts a row's values into its cells, or reports the row when the count is wrong.
fn fill_row(report: &mut Report, flat: &Flat, def: &TableDef, row: &RowDef, values: &[&Token]) {
    let values = trim_blanks(values, row.columns.len());
    let keys: Vec<String> = row
        .columns
        .iter()
        .map(|c| format::cell_key(def.id, row.key, c.key))
        .collect();
    if values.len() == row.columns.len() {
        for (key, tok) in keys.iter().zip(values) {
            set_cell(report, flat, key, tok);
        }
        return;
    }
    let context = row_context(flat, values);
    for key in &keys {
        if let Some(cell) = report.cells.get_mut(key) {
            cell.state = CellState::Missing;
            cell.provenance = Provenance {
                raw: String::new(),
                context: context.clone(),
                span: values.first().map(|t| t.span.clone()),
                grid: None,
                page: values.first().and_then(|t| t.page),
            };
        }
    }
    report
        .reading_findings
        .push(count_mismatch(def, row, values, keys, &context));
}

fn count_mismatch(
    def: &TableDef,
    row: &RowDef,
    values: &[&Token],
    keys: Vec<String>,
    context: &str,
) -> Finding {
    let read: Vec<&str> = values.iter().map(|t| t.text.as_str()).collect();
    let got = if values.len() > row.columns.len() {
        "却读到了"
    } else {
        "只能读到"
    };
    let message = format!(
        "表{}“{}”行应有 {} 个数，{got} {} 个（{}），无法确定每个数属于哪一列，本行未采用，请对照原文填写。原文：{}",
        table_numeral(def),
        row.full_label(),
        row.columns.len(),
        values.len(),
        read.join(" "),
        context
    );
    let mut f = Finding::new(Rule::CellMissing, Severity::Error, message).with_cells(keys);
    if let Some(first) = values.first() {
        f = f.with_span(first.span.clone());
    }
    f
}

fn table_numeral(def: &TableDef) -> &'static str {
    match def.id {
        crate::format::TableId::T2 => "二",
        crate::format::TableId::T3 => "三",
        crate::format::TableId::T4 => "四",
    }
}

/// Drops empty cells at either end while there are more values than columns (layout padding).
fn trim_blanks<'a>(values: &'a [&'a Token], want: usize) -> &'a [&'a Token] {
    let mut v = values;
    while v.len() > want && v.last().is_some_and(|t| t.kind == TokenKind::Blank) {
        v = &v[..v.len() - 1];
    }
    while v.len() > want && v.first().is_some_and(|t| t.kind == TokenKind::Blank) {
        v = &v[1..];
    }
    v
}

fn set_cell(report: &mut Report, flat: &Flat, key: &str, tok: &Token) {
    let (value, state) = match tok.kind {
        TokenKind::Number(v) => (Some(v), CellState::Read),
        TokenKind::Dash | TokenKind::Blank => (Some(0.0), CellState::Implied),
        TokenKind::Garbage | TokenKind::Label => (None, CellState::Invalid),
    };
    let cell = Cell {
        value,
        state,
        provenance: Provenance {
            raw: tok.text.clone(),
            context: flat.line_text(tok.line).trim().replace('\t', " "),
            span: Some(tok.span.clone()),
            grid: tok.grid,
            page: tok.page,
        },
        original: None,
    };
    report.cells.insert(key.to_string(), cell);
}

fn row_context(flat: &Flat, values: &[&Token]) -> String {
    let mut lines: Vec<usize> = values.iter().map(|t| t.line).collect();
    lines.dedup();
    lines
        .iter()
        .map(|&l| flat.line_text(l).trim().replace('\t', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// T4 prints its 15 values side by side under three header rows (or, in some reports, as three
/// lines of five). The values are the first runs of numbers after the headers, up to 15.
fn read_single_line(
    report: &mut Report,
    flat: &Flat,
    tokens: &[Token],
    def: &TableDef,
    rows: &[&'static RowDef],
) -> bool {
    let cells: Vec<CellDef> = rows
        .iter()
        .flat_map(|row| {
            row.columns.iter().map(move |column| CellDef {
                table: def.id,
                row,
                column,
            })
        })
        .collect();
    let want = cells.len();
    let mut values: Vec<&Token> = Vec::new();
    for run in value_runs(tokens) {
        if values.len() >= want {
            break;
        }
        values.extend(run);
    }
    if values.is_empty() {
        return false;
    }
    let values = trim_blanks(&values, want);
    if values.len() == want {
        for (cell, tok) in cells.iter().zip(values) {
            set_cell(report, flat, &cell.key(), tok);
        }
        return true;
    }
    let keys: Vec<String> = cells.iter().map(CellDef::key).collect();
    let read: Vec<&str> = values.iter().map(|t| t.text.as_str()).collect();
    let message = format!(
        "表四应有 {want} 个数（行政复议、未经复议直接起诉、复议后起诉各 5 个），但读到 {} 个（{}），无法确定每个数属于哪一列，表四未采用，请对照原文填写。",
        values.len(),
        read.join(" ")
    );
    let mut f = Finding::new(Rule::CellMissing, Severity::Error, message).with_cells(keys);
    if let Some(first) = values.first() {
        f = f.with_span(first.span.clone());
    }
    report.reading_findings.push(f);
    true
}

/// Maximal runs of consecutive value tokens that hold at least one number or dash.
fn value_runs(tokens: &[Token]) -> Vec<Vec<&Token>> {
    let mut runs = Vec::new();
    let mut run: Vec<&Token> = Vec::new();
    for tok in tokens {
        if tok.is_value() {
            run.push(tok);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs.retain(|r| r.iter().any(|t| t.kind != TokenKind::Blank));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_accepts_one_wrong_character() {
        assert!(tail_similarity("四保护第三方合法权意", "保护第三方合法权益") >= 0.8);
        assert!(tail_similarity("行政许可", "保护第三方合法权益") < 0.5);
    }
}
