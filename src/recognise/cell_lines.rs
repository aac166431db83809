//! Text with one cell per line (a table copied out of a web page or a Word table cell by cell:
//! `一、本年新收…` / `0` / `0` / …). A printed value is placed by its line: the n-th line after its
//! row's label is the row's n-th cell, and a blank line there is a blank cell. Without this, a
//! row whose 总计 was left blank reads as six numbers for seven columns, and a 表四 with only its
//! three 总计 filled as three numbers for fifteen.
//!
//! Two ways of copying are told apart. Lines indented by a tab (`\t0`) mark a blank cell with a
//! line holding only the indent and separate rows by truly empty lines; lines without an indent
//! have no separators, so every blank line is a cell. A row is placed only when its lines give
//! exactly as many cells as the row has, once blank lines beyond them at its ends are dropped.

use super::tokens::{Flat, Token, TokenKind};

/// Value lines a table must have, nearly all holding one value alone, to be one cell per line.
const MIN_VALUE_LINES: usize = 3;
/// Blank lines read past a row's last value at most.
const MAX_TRAILING: usize = 16;

#[derive(Debug, Clone, Copy)]
pub struct CellLines {
    /// Rows are separated by empty lines; a blank cell is an indent alone.
    separators: bool,
}

enum Line<'a> {
    Value(&'a Token),
    Blank,
    Separator,
    Other,
}

/// Whether the table's values stand one to a line in plain text (no grid, no PDF page).
pub fn detect(flat: &Flat, tokens: &[Token]) -> Option<CellLines> {
    let value_lines: Vec<usize> = tokens
        .iter()
        .filter(|t| t.is_value() && t.kind != TokenKind::Blank)
        .filter(|t| t.grid.is_none() && t.page.is_none())
        .map(|t| t.line)
        .collect();
    if value_lines.len() < MIN_VALUE_LINES {
        return None;
    }
    let alone = |&line: &usize| flat.lines.get(line).is_some_and(|l| l.tokens.len() == 1);
    if !value_lines.iter().all(alone) {
        return None;
    }
    let indented = value_lines
        .iter()
        .filter(|&&l| flat.line_text(l).starts_with(['\t', ' ', '\u{3000}']))
        .count();
    Some(CellLines {
        separators: indented * 2 > value_lines.len(),
    })
}

impl CellLines {
    fn line<'a>(&self, flat: &'a Flat, i: usize) -> Line<'a> {
        let Some(l) = flat.lines.get(i) else {
            return Line::Other;
        };
        let text = flat.line_text(i);
        if l.tokens.is_empty() {
            return if !text.trim().is_empty() {
                Line::Other // a page number: the table goes on elsewhere
            } else if self.separators && text.is_empty() {
                Line::Separator
            } else {
                Line::Blank
            };
        }
        match flat.tokens.get(l.tokens.start) {
            Some(t) if l.tokens.len() == 1 && t.is_value() => Line::Value(t),
            _ => Line::Other,
        }
    }

    /// The row's `width` cells from the lines after its label line, blank cells included, or
    /// `None` when the lines do not give exactly `values` in `width` cells.
    pub fn row_cells(
        &self,
        flat: &Flat,
        label_line: usize,
        values: &[&Token],
        width: usize,
    ) -> Option<Vec<Token>> {
        let mut slots: Vec<(usize, Option<&Token>)> = Vec::new();
        let mut read = 0;
        for i in label_line + 1..flat.lines.len() {
            match self.line(flat, i) {
                Line::Separator if slots.is_empty() => continue,
                Line::Separator | Line::Other => break,
                Line::Blank => slots.push((i, None)),
                Line::Value(t) => {
                    slots.push((i, Some(t)));
                    read += 1;
                }
            }
            if read == values.len() && slots.len() >= width + MAX_TRAILING {
                break;
            }
        }
        let on_lines: Vec<&Token> = slots.iter().filter_map(|(_, t)| *t).collect();
        let same = on_lines.len() == values.len()
            && on_lines.iter().zip(values).all(|(a, b)| a.span == b.span);
        if !same {
            return None;
        }
        while slots.len() > width && slots.last().is_some_and(|(_, t)| t.is_none()) {
            slots.pop();
        }
        while slots.len() > width && slots.first().is_some_and(|(_, t)| t.is_none()) {
            slots.remove(0);
        }
        (slots.len() == width).then(|| {
            slots
                .into_iter()
                .map(|(line, t)| match t {
                    Some(t) => Token {
                        cell: true,
                        ..t.clone()
                    },
                    None => blank_cell(flat, line, label_line),
                })
                .collect()
        })
    }
}

/// A blank cell on `line`; its context is the row's label line.
fn blank_cell(flat: &Flat, line: usize, label_line: usize) -> Token {
    let at = flat.lines.get(line).map_or(0, |l| l.span.start);
    Token {
        kind: TokenKind::Blank,
        text: String::new(),
        span: at..at,
        line: label_line,
        grid: None,
        page: None,
        cell: true,
        cols: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;
    use crate::recognise::tokens::flatten;

    /// The cells of the row labelled `label` as numbers (`None` for a blank), if placed.
    fn cells(text: &str, label: &str, width: usize) -> Option<Vec<Option<f64>>> {
        let flat = flatten(&from_text(text, FileKind::Text));
        let c = detect(&flat, &flat.tokens)?;
        let label_line = (0..flat.lines.len()).find(|&i| flat.line_text(i).trim() == label)?;
        let next = (label_line + 1..flat.lines.len())
            .find(|&i| {
                flat.lines[i].tokens.len() == 1
                    && flat.tokens[flat.lines[i].tokens.start].kind == TokenKind::Label
            })
            .unwrap_or(flat.lines.len());
        let values: Vec<&Token> = flat
            .tokens
            .iter()
            .filter(|t| t.line > label_line && t.line < next && t.is_value())
            .collect();
        let row = c.row_cells(&flat, label_line, &values, width)?;
        Some(
            row.iter()
                .map(|t| match t.kind {
                    TokenKind::Number(v) => Some(v),
                    _ => None,
                })
                .collect(),
        )
    }

    #[test]
    fn a_blank_line_is_a_blank_cell_where_lines_have_no_indent() {
        let text = "甲行\n1\n2\n3\n\n乙行\n\n\n5\n丙行\n4\n5\n6\n";
        assert_eq!(
            cells(text, "甲行", 4),
            Some(vec![Some(1.0), Some(2.0), Some(3.0), None])
        );
        assert_eq!(cells(text, "乙行", 3), Some(vec![None, None, Some(5.0)]));
    }

    #[test]
    fn indented_lines_separate_rows_by_empty_lines() {
        let text = "\t甲行\n\t1\n\t2\n\t3\n\t\n\n\t乙行\n\t4\n\t5\n\t6\n\t7\n\n\t丙行\n\t1\n\t1\n\t1\n\n\t丁行\n";
        assert_eq!(
            cells(text, "甲行", 4),
            Some(vec![Some(1.0), Some(2.0), Some(3.0), None])
        );
        // An empty line is no cell: three values for four cells are not placed.
        assert_eq!(cells(text, "丙行", 4), None);
    }

    #[test]
    fn values_on_one_line_or_too_many_blanks_are_not_placed_by_line() {
        assert_eq!(cells("甲行\n1 2 3\n4\n5\n6\n", "甲行", 3), None);
        // Double-spaced text: blank lines between every value give too many cells.
        assert_eq!(cells("甲行\n\n1\n\n2\n\n3\n乙行\n4\n5\n", "甲行", 3), None);
    }
}
