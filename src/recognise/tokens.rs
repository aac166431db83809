//! Flattening a [`Document`] into the report's text and a stream of tokens.
//!
//! Whatever the source (tab-separated lines, one cell per line, a PDF line with spaces, a DOCX
//! table), a statutory table reads as: label text, then the row's values, then the next label.
//! The recogniser works on that stream, so it does not care how the source laid the table out.

use super::numbers::{parse_value, Parsed};
use crate::read::{Block, Document};
use crate::text::{is_cjk, is_space};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// Part of a label or of running text.
    Label,
    /// A number.
    Number(f64),
    /// A dash or 无: read as 0, reported as VALUE_IMPLIED.
    Dash,
    /// An empty table cell (only tables have these; blank text is not a token).
    Blank,
    /// Something in a value position that is not a number (`x`, `?`, `1O`).
    Garbage,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
    /// Byte range in the report text.
    pub span: Range<usize>,
    /// Index of the logical line (text line or table row) it belongs to.
    pub line: usize,
    pub grid: Option<(usize, usize, usize)>,
    pub page: Option<u32>,
    /// The token is a whole cell of a laid-out row (a table cell, or a tab-separated field of a
    /// text line), so its position among the row's cells says which column it is in.
    pub cell: bool,
    /// How many columns the cell spans (1 outside tables).
    pub cols: usize,
}

impl Token {
    pub fn is_value(&self) -> bool {
        !matches!(self.kind, TokenKind::Label)
    }
}

/// A logical line: a text line or one table row, with its span in the text.
#[derive(Debug, Clone)]
pub struct LogicalLine {
    pub span: Range<usize>,
    /// Tokens of this line: `tokens[first..end]`.
    pub tokens: Range<usize>,
}

pub struct Flat {
    pub text: String,
    pub lines: Vec<LogicalLine>,
    pub tokens: Vec<Token>,
    /// Where each block of the document starts in `text` (OCR marks point into blocks).
    pub block_starts: Vec<usize>,
}

impl Flat {
    pub fn line_text(&self, line: usize) -> &str {
        self.lines
            .get(line)
            .and_then(|l| self.text.get(l.span.clone()))
            .unwrap_or("")
    }
}

pub fn flatten(doc: &Document) -> Flat {
    let mut flat = Flat {
        text: String::new(),
        lines: Vec::new(),
        tokens: Vec::new(),
        block_starts: Vec::with_capacity(doc.blocks.len()),
    };
    let mut table_no = 0;
    for block in &doc.blocks {
        flat.block_starts.push(flat.text.len());
        match block {
            Block::Line(l) => push_text_line(&mut flat, &l.text, l.page),
            Block::Table(g) => {
                for row in &g.rows {
                    crate::read::budget::checkpoint();
                    push_grid_row(&mut flat, row, table_no);
                }
                table_no += 1;
            }
        }
    }
    flat
}

fn push_text_line(flat: &mut Flat, text: &str, page: Option<u32>) {
    // Some sources put several lines into one block (a cell with line breaks).
    for part in text.split('\n') {
        crate::read::budget::checkpoint();
        let start = flat.text.len();
        flat.text.push_str(part);
        let first = flat.tokens.len();
        let line = flat.lines.len();
        if crate::read::furniture::is_page_number(part) {
            // A running page number ("- 4 -", "第 4 页 共 6 页") copied into the text: kept in
            // the text, never read as a table value.
        } else {
            for (range, kind, word, cell) in line_tokens(part) {
                flat.tokens.push(Token {
                    kind,
                    text: word.to_string(),
                    span: start + range.start..start + range.end,
                    line,
                    grid: None,
                    page,
                    cell,
                    cols: 1,
                });
            }
        }
        let end = flat.text.len();
        flat.text.push('\n');
        flat.lines.push(LogicalLine {
            span: start..end,
            tokens: first..flat.tokens.len(),
        });
    }
}

fn push_grid_row(flat: &mut Flat, row: &[crate::read::GridCell], table_no: usize) {
    let start = flat.text.len();
    let first = flat.tokens.len();
    let line = flat.lines.len();
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            flat.text.push('\t');
        }
        // A cell's own line breaks become spaces so that one table row stays one text line.
        let text = cell.text.replace(['\n', '\r'], " ");
        let cell_start = flat.text.len();
        flat.text.push_str(&text);
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let span = cell_start + lead..cell_start + lead + trimmed.len();
        let kind = if trimmed.is_empty() {
            TokenKind::Blank
        } else {
            classify(trimmed, true)
        };
        flat.tokens.push(Token {
            kind,
            text: trimmed.to_string(),
            span,
            line,
            grid: Some((table_no, cell.row, cell.col)),
            page: None,
            cell: true,
            cols: cell.colspan.max(1),
        });
    }
    let end = flat.text.len();
    flat.text.push('\n');
    flat.lines.push(LogicalLine {
        span: start..end,
        tokens: first..flat.tokens.len(),
    });
}

/// The tokens of a text line: its words, each with whether it is a whole tab-separated field.
/// On a line with tabs, every empty field after the first filled one is a blank cell (trailing
/// ones too: a row whose last cells are empty ends in tabs); empty fields before the first filled
/// one are indentation under a merged label, except on a line that opens with a value and has
/// more cells after it, where they are the row's first cells.
fn line_tokens(line: &str) -> Vec<(Range<usize>, TokenKind, &str, bool)> {
    let mut fields = Vec::new();
    let mut at = 0;
    for field in line.split('\t') {
        fields.push((at, field));
        at += field.len() + 1;
    }
    let tabbed = fields.len() > 1;
    let filled = |f: &&(usize, &str)| !f.1.trim_matches(is_space).is_empty();
    let Some(first) = fields.iter().position(|f| filled(&f)) else {
        return Vec::new();
    };
    // A single value after a tab (`\t0`, one cell per line) is only indented.
    let filled_count = fields.iter().filter(|f| filled(f)).count();
    let trailing = fields.len() > first + 1;
    let opens_with_value = (filled_count > 1 || trailing)
        && words(fields[first].1)
            .next()
            .is_some_and(|(_, w)| classify(w, false) != TokenKind::Label);
    let mut out = Vec::new();
    for (i, (offset, field)) in fields.iter().enumerate() {
        if field.trim_matches(is_space).is_empty() {
            if i > first || opens_with_value {
                out.push((*offset..*offset, TokenKind::Blank, "", true));
            }
            continue;
        }
        let parts: Vec<_> = words(field).collect();
        let whole = tabbed && parts.len() == 1;
        // A whole field after the row's first one is a cell: a non-number there (`N/A`, `不适用`)
        // holds that cell, it is no part of the label.
        let in_cell = whole && i > first;
        for (range, word) in parts {
            let span = offset + range.start..offset + range.end;
            out.push((span, classify(word, in_cell), word, whole));
        }
    }
    out
}

/// Splits a text line into words at tabs and runs of spaces (ASCII, ideographic, no-break).
fn words(line: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if is_space(c) {
            if let Some(s) = start.take() {
                out.push((s..i, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s..line.len(), &line[s..]));
    }
    out.into_iter()
}

/// Decides what a word is. A whole table cell (`in_cell`) that is not a number but has no Chinese
/// in it sits where a value belongs, so it is garbage rather than a label.
fn classify(word: &str, in_cell: bool) -> TokenKind {
    match parse_value(word) {
        Parsed::Number(v) => TokenKind::Number(v),
        Parsed::Dash => TokenKind::Dash,
        // Markdown marks (`##`, `**`, `>`) are layout, not values.
        Parsed::NotAValue if word.chars().all(|c| matches!(c, '#' | '*' | '>' | '`')) => {
            TokenKind::Label
        }
        Parsed::NotAValue if in_cell && super::numbers::says_no_value(word) => TokenKind::Garbage,
        Parsed::NotAValue => {
            let has_cjk = word.chars().any(is_cjk);
            let list_marker = is_list_marker(word);
            if !has_cjk && !list_marker && looks_like_a_mangled_number(word, in_cell) {
                TokenKind::Garbage
            } else {
                TokenKind::Label
            }
        }
    }
}

/// `1.`, `(一)`, `（3）`, `2、`: numbering in front of a label; also a lone `（`, the start of a
/// label wrapped in its cell (`（` / `四）无法提供`). A pair of brackets with nothing in them (`()`,
/// a 0 whose sides a fax kept and whose top and bottom it lost) numbers nothing.
fn is_list_marker(word: &str) -> bool {
    let w: String = word.chars().map(crate::text::fold_width).collect();
    let core = w.trim_matches(|c| matches!(c, '(' | ')' | '.' | '、' | ',' | '．'));
    w != "()" && core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 2 && w.len() > core.len()
}

/// Short tokens of digits, letters and symbols (`1O`, `x`, `?`, `#REF!`) where a value should be.
fn looks_like_a_mangled_number(word: &str, in_cell: bool) -> bool {
    let n = word.chars().count();
    n <= 8 && (in_cell || word.chars().any(|c| c.is_ascii_digit()) || n <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;

    fn kinds(s: &str) -> Vec<TokenKind> {
        flatten(&from_text(s, FileKind::Text))
            .tokens
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn splits_tabs_and_spaces_and_keeps_spans() {
        let flat = flatten(&from_text("规章\t0\t1\t２\n行政许可 —", FileKind::Text));
        let t: Vec<_> = flat.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(t, ["规章", "0", "1", "２", "行政许可", "—"]);
        for tok in &flat.tokens {
            assert_eq!(&flat.text[tok.span.clone()], tok.text);
        }
        assert_eq!(flat.tokens[3].kind, TokenKind::Number(2.0));
        assert_eq!(flat.tokens[5].kind, TokenKind::Dash);
        assert_eq!(flat.tokens[4].line, 1);
    }

    #[test]
    fn empty_fields_after_the_label_are_blank_cells() {
        // Indentation before the label is layout; every empty field after it is a cell.
        let k = kinds("\t\t规章\t0\t\t2\t\t");
        use TokenKind::{Blank, Label, Number};
        assert_eq!(k, [Label, Number(0.0), Blank, Number(2.0), Blank, Blank]);
        // A line that opens with a value keeps its leading empty cells.
        assert_eq!(kinds("\t\t3\t"), [Blank, Blank, Number(3.0), Blank]);
        assert_eq!(kinds("\t3"), [Number(3.0)]);
        // Words of a field are not cells; page numbers are no tokens.
        let flat = flatten(&from_text("规章\t0 1\t2\n- 4 -", FileKind::Text));
        let cells: Vec<bool> = flat.tokens.iter().map(|t| t.cell).collect();
        assert_eq!(cells, [true, false, false, true]);
    }

    #[test]
    fn list_markers_are_labels_and_junk_is_garbage() {
        assert_eq!(kinds("1. 属于国家秘密")[0], TokenKind::Label);
        assert_eq!(kinds("（一）")[0], TokenKind::Label);
        assert_eq!(kinds("1O")[0], TokenKind::Garbage);
        assert_eq!(kinds("x")[0], TokenKind::Garbage);
        // Empty brackets in a cell are no numbering: the row keeps its other values.
        assert_eq!(kinds("()")[0], TokenKind::Garbage);
        assert_eq!(kinds("规章\t0\t()\t1")[2], TokenKind::Garbage);
        assert_eq!(kinds("\t（\t1.本机关不掌握")[0], TokenKind::Label);
    }
}
