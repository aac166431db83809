//! A list of names (the roster of units that must report) from any file the readers take: a
//! text file has one name a line; a spreadsheet or a Word table one a row, its cells joined by
//! tabs so that a 序号 column before the name can be told apart (`roster::parse_list`).

use super::{Block, Document};
use crate::source::FileKind;

/// The document's lines, and its table rows as tab-separated lines. A spreadsheet's sheet names
/// are left out: they are no units.
pub fn lines(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Line(l) if doc.kind != FileKind::Sheet => out.push(l.text.clone()),
            Block::Line(_) => {}
            Block::Table(g) => out.extend(g.rows.iter().map(|row| {
                row.iter()
                    .map(|c| c.text.replace(['\t', '\n'], " "))
                    .collect::<Vec<_>>()
                    .join("\t")
            })),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Grid, GridCell};

    #[test]
    fn table_rows_become_tab_separated_lines_and_sheet_names_go() {
        let cell = |text: &str, col| GridCell {
            text: text.into(),
            row: 0,
            col,
            rowspan: 1,
            colspan: 1,
        };
        let mut doc = Document::new(FileKind::Sheet);
        doc.push_line("名单", None);
        doc.blocks.push(Block::Table(Grid {
            rows: vec![vec![cell("1", 0), cell("红寺堡镇", 1)]],
        }));
        assert_eq!(lines(&doc), vec!["1\t红寺堡镇"]);
        let mut text = Document::new(FileKind::Text);
        text.push_line("大河乡", None);
        assert_eq!(lines(&text), vec!["大河乡"]);
    }
}
