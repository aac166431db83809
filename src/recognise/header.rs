//! A table's column headers: which lines only name columns (they are no part of any row's
//! label, even when a page break repeats them in the middle of the table), and a column the
//! official layout does not have (an extra 小计 after the organisations).

use super::tokens::{Token, TokenKind};
use crate::format::{normalise_label, TableDef, TableId};
use std::collections::HashSet;

/// Spanning headers that name no single column.
const GROUP_WORDS: &[&str] = &[
    "申请人情况",
    "法人或其他组织",
    "信息内容",
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
];
/// Headers of a column some offices add: the organisations' subtotal.
const EXTRA_WORDS: &[&str] = &["小计", "合计"];

/// A column printed in addition to the official ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extra {
    pub label: &'static str,
    /// Its place among a row's cells.
    pub index: usize,
}

#[derive(Debug, Default)]
pub struct Headers {
    /// Logical lines that are column headers.
    pub lines: HashSet<usize>,
    pub extra: Option<Extra>,
    /// How many empty cells a header line naming the columns has at its end beyond the columns
    /// that follow the last one it names: a grid drawn with more columns than the layout (a
    /// scan's doubled outer rule) has them at the right, so as many of a row's surplus blank
    /// cells are taken from its end.
    pub surplus_at_end: usize,
}

pub fn find(tokens: &[Token], def: &TableDef) -> Headers {
    let words = header_words(def);
    let aliases: Vec<String> = def
        .rows
        .iter()
        .flat_map(|r| r.aliases.iter().map(|a| normalise_label(a)))
        .collect();
    let mut headers = Headers::default();
    let mut start = 0;
    while start < tokens.len() {
        let line = tokens[start].line;
        let end = start
            + tokens[start..]
                .iter()
                .take_while(|t| t.line == line)
                .count();
        let labels: Vec<String> = tokens[start..end]
            .iter()
            .filter(|t| t.kind == TokenKind::Label)
            .map(|t| normalise_label(&t.text))
            .filter(|t| !t.is_empty())
            .collect();
        let has_values = tokens[start..end]
            .iter()
            .any(|t| !matches!(t.kind, TokenKind::Label | TokenKind::Blank));
        if !has_values && is_header_line(&labels, &words, &aliases) {
            headers.lines.insert(line);
            if def.id == TableId::T3 && headers.extra.is_none() {
                headers.extra = extra_column(&labels, def);
            }
            headers.surplus_at_end = headers
                .surplus_at_end
                .max(surplus_at_end(&tokens[start..end], def));
        }
        start = end;
    }
    headers
}

fn header_words(def: &TableDef) -> Vec<String> {
    let mut words: Vec<String> = def
        .rows
        .iter()
        .flat_map(|r| r.columns.iter().map(|c| normalise_label(c.label)))
        .chain(GROUP_WORDS.iter().map(|w| normalise_label(w)))
        .chain(EXTRA_WORDS.iter().map(|w| w.to_string()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// A header cell's text, or a piece of one wrapped over two lines (`社会公益` / `组织`).
fn is_header_word(label: &str, words: &[String]) -> bool {
    label.chars().count() >= 2
        && (words
            .iter()
            .any(|w| w == label || w.starts_with(label) || w.ends_with(label))
            || EXTRA_WORDS.iter().any(|w| label.ends_with(w)))
}

fn is_header_line(labels: &[String], words: &[String], aliases: &[String]) -> bool {
    if labels.iter().any(|l| l.contains("勾稽关系")) {
        return true;
    }
    let hits = labels.iter().filter(|l| is_header_word(l, words)).count();
    match labels {
        [only] => hits == 1 && !aliases.contains(only),
        _ => hits >= 2 && hits * 2 >= labels.len(),
    }
}

/// The empty cells at the end of a line naming at least two columns of one of the table's rows,
/// less those that stand for the row's columns after the last one named (a 总计 merged from the
/// line above prints nothing on this one).
fn surplus_at_end(line: &[Token], def: &TableDef) -> usize {
    let trailing = line
        .iter()
        .rev()
        .take_while(|t| t.cell && t.kind == TokenKind::Blank)
        .count();
    let labels: Vec<String> = line
        .iter()
        .filter(|t| t.kind == TokenKind::Label)
        .map(|t| normalise_label(&t.text))
        .collect();
    let after_last_named = |row: &crate::format::RowDef| {
        let named: Vec<usize> = row
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| labels.contains(&normalise_label(c.label)))
            .map(|(i, _)| i)
            .collect();
        let last = named.last().filter(|_| named.len() >= 2)?;
        Some(row.columns.len() - 1 - last)
    };
    def.rows
        .iter()
        .filter_map(after_last_named)
        .min()
        .map_or(0, |after| trailing.saturating_sub(after))
}

/// 小计 among the leaf headers: before 商业企业 it follows 自然人, else it precedes 总计.
fn extra_column(labels: &[String], def: &TableDef) -> Option<Extra> {
    let at = labels
        .iter()
        .position(|l| EXTRA_WORDS.iter().any(|w| l.ends_with(w)))?;
    let label = EXTRA_WORDS
        .iter()
        .copied()
        .find(|w| labels[at].ends_with(w))?;
    let width = def.rows.first().map_or(0, |r| r.columns.len());
    let first_org = labels.iter().position(|l| l == "商业企业");
    let index = match first_org {
        Some(org) if at < org => 1,
        _ => width.saturating_sub(1),
    };
    Some(Extra { label, index })
}
