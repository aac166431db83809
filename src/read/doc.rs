//! Word 97-2003 (.doc) and WPS (.wps, the same format): the main text read through the piece
//! table, split into paragraphs, and tables rebuilt from the paragraph properties.
//!
//! In the text, a paragraph ends with `\r`, a table cell with `\x07`, and a table row with a
//! paragraph of its own (`\x07` again) whose properties carry the row's layout: the cell edges,
//! from which cells get their grid columns, and the vertical merges. Field instructions are
//! dropped (their results kept) and tracked deletions left out. Whatever cannot be read becomes
//! [`ReadError::LegacyWord`], which asks the clerk to save the file as .docx.

mod fib;
mod pieces;
mod props;

use super::grid::{self, VMerge, WordCell};
use super::{Block, Document, ReadError};
use crate::source::FileKind;
use pieces::Char;
use props::{ParaProps, RowDef, Runs};
use std::io::{Cursor, Read};

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::LegacyWord(format!("文件结构已损坏：{e}")))?;
    let word = stream(&mut ole, "WordDocument")?;
    let fib = fib::parse(&word)?;
    let table = stream(&mut ole, fib.table_stream)?;
    let pieces = pieces::parse(&table, fib.clx)?;
    let text = pieces::text(&word, &pieces, fib.ccp_text)?;
    // Only documents with big paragraph properties or pictures have a Data stream.
    let data = stream(&mut ole, "Data").unwrap_or_default();
    let paragraphs = props::paragraphs(&word, &table, &data, fib.papx)?;
    // Deletions only hide text; a damaged character index is no reason to lose the document.
    let deletions = props::deletions(&word, &table, fib.chpx).ok();
    let mut builder = Builder::new(&paragraphs);
    for ch in text {
        super::budget::checkpoint();
        if deletions.as_ref().is_some_and(|d| d.find(ch.fc).is_some()) && !is_mark(ch.c) {
            continue;
        }
        builder.char(ch);
    }
    Ok(builder.finish())
}

fn stream(ole: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    ole.open_stream(name)
        .and_then(|s| s.take(super::MAX_FILE_BYTES).read_to_end(&mut out))
        .map_err(|e| ReadError::LegacyWord(format!("缺少或无法读取 {name} 数据流：{e}")))?;
    Ok(out)
}

/// Characters that end a paragraph, cell or row, and so shape the document.
fn is_mark(c: char) -> bool {
    matches!(c, '\r' | '\x07' | '\x0C')
}

/// What a character inside a paragraph shows as; `None` for anchors of pictures, footnote
/// references and other marks with no text.
fn visible(c: char) -> Option<char> {
    match c {
        '\t' => Some('\t'),
        // Manual line break and column break.
        '\x0B' | '\x0E' => Some('\n'),
        // Non-breaking hyphen; the optional hyphen shows nothing.
        '\x1E' => Some('-'),
        '\u{A0}' => Some(' '),
        c if (c as u32) < 0x20 => None,
        c => Some(c),
    }
}

/// Field state: in `{ instruction | result }`, only the result is text.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Instruction,
    Result,
}

/// A top-level table row being filled.
#[derive(Default)]
struct Row {
    /// Each finished cell's paragraphs.
    cells: Vec<String>,
    /// Paragraphs of the cell being filled.
    cell: Vec<String>,
    /// Cells of the nested-table row being filled, and the nested cell's text.
    inner_row: Vec<String>,
    inner_cell: Vec<String>,
}

/// Turns the character stream into blocks.
struct Builder<'a> {
    paragraphs: &'a Runs<ParaProps>,
    doc: Document,
    fields: Vec<Field>,
    /// Text of the paragraph being read.
    line: String,
    /// Rows of the table being read, with each row's layout.
    rows: Vec<(Vec<String>, Option<RowDef>)>,
    row: Row,
}

impl<'a> Builder<'a> {
    fn new(paragraphs: &'a Runs<ParaProps>) -> Self {
        Builder {
            paragraphs,
            doc: Document::new(FileKind::Doc),
            fields: Vec::new(),
            line: String::new(),
            rows: Vec::new(),
            row: Row::default(),
        }
    }

    fn char(&mut self, ch: Char) {
        match ch.c {
            '\x13' => self.fields.push(Field::Instruction),
            '\x14' => {
                if let Some(top) = self.fields.last_mut() {
                    *top = Field::Result;
                }
            }
            '\x15' => {
                self.fields.pop();
            }
            c if is_mark(c) => self.mark(ch),
            c => {
                if self.fields.iter().all(|f| *f == Field::Result) {
                    if let Some(v) = visible(c) {
                        self.line.push(v);
                    }
                }
            }
        }
    }

    /// A paragraph, cell or row ends here; its properties say which.
    fn mark(&mut self, ch: Char) {
        let props = self.paragraphs.find(ch.fc).cloned().unwrap_or_default();
        let text = std::mem::take(&mut self.line);
        if props.depth == 0 {
            self.end_table();
            for line in text.split('\n') {
                self.doc.push_line(line, None);
            }
            return;
        }
        if props.depth > 1 {
            self.inner(text, &props);
            return;
        }
        if props.row_end {
            let cells = std::mem::take(&mut self.row).cells;
            self.rows.push((cells, props.row));
            return;
        }
        self.row.cell.push(text);
        if ch.c == '\x07' {
            let cell = std::mem::take(&mut self.row.cell)
                .join("\n")
                .trim()
                .to_string();
            self.row.cells.push(cell);
        }
    }

    /// A paragraph of a nested table: its rows become lines of the outer cell, cells separated
    /// by tabs, as for .docx.
    fn inner(&mut self, text: String, props: &ParaProps) {
        if props.inner_row_end {
            let cells = std::mem::take(&mut self.row.inner_row);
            let line = cells.join("\t");
            if !line.trim().is_empty() {
                self.row.cell.push(line);
            }
            return;
        }
        self.row.inner_cell.push(text);
        if props.inner_cell_end {
            let cell = std::mem::take(&mut self.row.inner_cell)
                .join(" ")
                .trim()
                .to_string();
            self.row.inner_row.push(cell);
        }
    }

    fn end_table(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        self.doc.blocks.push(Block::Table(table(rows)));
    }

    fn finish(mut self) -> Document {
        if !self.line.is_empty() {
            let text = std::mem::take(&mut self.line);
            self.doc.push_line(text, None);
        }
        self.end_table();
        self.doc
    }
}

/// Edges closer than this (in twips, 1/1440 inch) are the same column edge: rows drawn by hand
/// rarely line up exactly.
const EDGE_TOLERANCE: i32 = 30;

/// Places the rows' cells on one grid: every distinct cell edge of the table is a column edge,
/// and a cell spans the columns between its edges. Rows without a layout get one column per cell.
fn table(rows: Vec<(Vec<String>, Option<RowDef>)>) -> super::Grid {
    let mut edges: Vec<i32> = rows
        .iter()
        .filter_map(|(_, def)| def.as_ref())
        .flat_map(|def| def.edges.iter().map(|e| *e as i32))
        .collect();
    edges.sort_unstable();
    edges.dedup_by(|b, a| *b - *a <= EDGE_TOLERANCE);
    let column = |x: i16| edges.partition_point(|e| *e + EDGE_TOLERANCE < x as i32);
    let word_rows = rows
        .into_iter()
        .map(|(cells, def)| match def {
            Some(def) if def.edges.len() == cells.len() + 1 => laid_out(cells, &def, &column),
            _ => cells
                .into_iter()
                .enumerate()
                .map(|(col, text)| WordCell {
                    col,
                    colspan: 1,
                    vmerge: VMerge::None,
                    text,
                })
                .collect(),
        })
        .collect();
    grid::from_word_rows(word_rows)
}

fn laid_out(cells: Vec<String>, def: &RowDef, column: &impl Fn(i16) -> usize) -> Vec<WordCell> {
    let mut out: Vec<WordCell> = Vec::new();
    for (i, text) in cells.into_iter().enumerate() {
        let (left, right) = (column(def.edges[i]), column(def.edges[i + 1]));
        let colspan = right.saturating_sub(left).max(1);
        if def.merged_left.get(i).copied().unwrap_or(false) {
            if let Some(prev) = out.last_mut() {
                prev.colspan = (right.max(prev.col + 1)) - prev.col;
                if !text.is_empty() {
                    prev.text = format!("{}\n{text}", prev.text).trim().to_string();
                }
                continue;
            }
        }
        out.push(WordCell {
            col: left,
            colspan,
            vmerge: def.vmerge.get(i).copied().unwrap_or(VMerge::None),
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::grid::tests::{fixture, lines, placed, tables};

    #[test]
    fn reads_the_libreoffice_fixture_with_its_table() {
        let doc = read(&fixture("table.doc")).expect("readable");
        assert_eq!(doc.kind, FileKind::Doc);
        let text: Vec<&str> = lines(&doc).into_iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            text,
            vec![
                "某区人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
                "第二行\t12",
                "新收申请 2 件&",
                "表后段落"
            ]
        );
        let grid = tables(&doc)[0];
        let spans = placed(grid);
        assert_eq!(
            spans[0],
            vec![
                ("申请人", 0, 0, 2, 1),
                ("申请人情况", 0, 1, 1, 3),
                ("总计", 0, 4, 2, 1)
            ]
        );
        assert_eq!(
            spans[1],
            vec![
                ("自然人", 1, 1, 1, 1),
                ("商业企业", 1, 2, 1, 1),
                ("其他", 1, 3, 1, 1)
            ]
        );
        assert_eq!(spans[2][0], ("一、本年新收\n申请数量", 2, 0, 1, 1));
        assert_eq!(spans[2][4], ("3", 2, 4, 1, 1));
        let last: Vec<&str> = spans[3].iter().map(|c| c.0).collect();
        assert_eq!(last, vec!["甲\t乙\n1\t2\n嵌套", "合并两列", "末列"]);
        assert_eq!((spans[3][1].2, spans[3][1].4), (2, 2));
        // Table 4's rows are wide: their layout is kept outside the page (sprmPHugePapx).
        let t4 = tables(&doc)[1];
        let row = |r: usize| {
            t4.rows[r]
                .iter()
                .map(|c| (c.col, c.rowspan, c.colspan))
                .collect::<Vec<_>>()
        };
        assert_eq!(row(0), vec![(0, 1, 5), (5, 1, 10)]);
        assert_eq!(
            row(1),
            vec![
                (0, 2, 1),
                (1, 2, 1),
                (2, 2, 1),
                (3, 2, 1),
                (4, 2, 1),
                (5, 1, 5),
                (10, 1, 5)
            ]
        );
        assert_eq!(row(2).first(), Some(&(5, 1, 1)));
        assert_eq!(t4.rows[3].len(), 15);
        assert_eq!(t4.rows[3][14].text, "2");
    }

    #[test]
    fn fields_keep_their_results_and_controls_are_dropped() {
        let paragraphs = Runs::default();
        let mut b = Builder::new(&paragraphs);
        for (i, c) in "第\x13 PAGE \x14 3\x15页\x01\x13 REF \x13 X \x14y\x15\x15\x0B末\u{A0}行\r"
            .chars()
            .enumerate()
        {
            b.char(Char { c, fc: i as u32 });
        }
        let doc = b.finish();
        assert_eq!(lines(&doc), vec!["第 3页", "末 行"]);
    }

    #[test]
    fn rows_without_a_layout_get_a_column_per_cell() {
        let grid = table(vec![(vec!["甲".into(), "乙".into()], None)]);
        assert_eq!(grid.rows[0][1].col, 1);
    }

    #[test]
    fn edges_that_nearly_match_are_one_column() {
        let def = |edges: Vec<i16>| RowDef {
            vmerge: vec![VMerge::None; edges.len() - 1],
            merged_left: vec![false; edges.len() - 1],
            edges,
        };
        let grid = table(vec![
            (vec!["a".into(), "b".into()], Some(def(vec![0, 3000, 6000]))),
            (
                vec!["c".into(), "d".into(), "e".into()],
                Some(def(vec![5, 1500, 2990, 6010])),
            ),
        ]);
        let cols: Vec<Vec<(usize, usize)>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| (c.col, c.colspan)).collect())
            .collect();
        assert_eq!(
            cols,
            vec![vec![(0, 2), (2, 1)], vec![(0, 1), (1, 1), (2, 1)]]
        );
    }

    #[test]
    fn damaged_files_are_legacy_errors_not_panics() {
        let whole = fixture("table.doc");
        assert!(matches!(read(b"garbage"), Err(ReadError::LegacyWord(_))));
        for cut in [512, 2048, whole.len() / 2, whole.len() - 512] {
            assert!(read(&whole[..cut]).is_err(), "cut at {cut}");
        }
        // Flip bytes all over the file: any result is fine, a panic is not.
        for step in [7usize, 13, 101] {
            let mut bent = whole.clone();
            for i in (512..bent.len()).step_by(step) {
                bent[i] ^= 0x5A;
            }
            let _ = read(&bent);
        }
    }
}
