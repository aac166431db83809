//! Word .docx: the body of the main document part, paragraphs and tables in reading order.
//!
//! Only `w:body` is read (headers and footers hold page numbers, not the report). Tracked
//! deletions and field instructions are left out, insertions and field results kept. Tables keep
//! their structure: `w:gridSpan` becomes a column span, `w:vMerge` a row span; a table nested in
//! a cell is flattened into that cell's text.

use super::grid::{self, VMerge, WordCell};
use super::xml::attr;
use super::{zipped, Block, Document, ReadError};
use crate::source::FileKind;
use quick_xml::events::{BytesStart, Event};

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut archive = zipped::open(bytes, "Word 文档")?;
    let name = main_part_name(&mut archive)?;
    let xml = zipped::read_part(&mut archive, &name)?;
    let mut doc = Document::new(FileKind::Docx);
    let mut body = Body::default();
    body.parse(&xml, &mut doc)?;
    // Text made only of entities Word never writes (`&nbsp;`, or ones a DOCTYPE declares) is
    // not an empty file: say what is in it.
    if let (true, Some(name)) = (doc.is_blank(), body.unknown_entity) {
        return Err(ReadError::Corrupt(format!(
            "正文的文字是无法识别的 XML 实体（如 &{name};），不是 Word 或 WPS 保存的正常文档"
        )));
    }
    Ok(doc)
}

/// The main part is `word/document.xml` in files from Word and WPS; other writers may name it
/// differently, and the package relationships say where it is.
fn main_part_name(archive: &mut zipped::Archive<'_>) -> Result<String, ReadError> {
    const USUAL: &str = "word/document.xml";
    if archive.index_for_name(USUAL).is_some() {
        return Ok(USUAL.into());
    }
    let rels = zipped::read_part(archive, "_rels/.rels")
        .map_err(|_| ReadError::Corrupt("不是 Word 文档：缺少 word/document.xml".into()))?;
    office_document_target(&rels)
        .filter(|name| archive.index_for_name(name).is_some())
        .ok_or_else(|| ReadError::Corrupt("不是 Word 文档：找不到正文部分".into()))
}

fn office_document_target(rels: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let is_main = attr(&e, b"Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if is_main {
                    return attr(&e, b"Target").map(|t| t.trim_start_matches('/').to_string());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn number_attr(e: &BytesStart<'_>, max: usize) -> Option<usize> {
    attr(e, b"val")?
        .trim()
        .parse::<usize>()
        .ok()
        .map(|n| n.min(max))
}

/// Elements whose content is not part of the visible text: deleted runs, field instructions,
/// the duplicate fallback of alternate content, and property blocks (which hold tab stop
/// definitions that must not become tabs, and old properties of tracked formatting changes that
/// must not override the current spans).
fn is_skipped(local: &[u8]) -> bool {
    matches!(
        local,
        b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"Fallback"
            | b"pPr"
            | b"rPr"
            | b"tblPr"
            | b"tblPrEx"
            | b"sectPr"
            | b"tblGrid"
    ) || local.ends_with(b"PrChange")
        || local.ends_with(b"GridChange")
}

/// A table being read; tables nest through their cells.
#[derive(Default)]
struct TableBuilder {
    rows: Vec<Vec<WordCell>>,
    row: Option<RowBuilder>,
}

#[derive(Default)]
struct RowBuilder {
    cells: Vec<WordCell>,
    /// Grid column where the next cell starts.
    next_col: usize,
    cell: Option<CellBuilder>,
}

struct CellBuilder {
    paragraphs: Vec<String>,
    colspan: usize,
    vmerge: VMerge,
    /// Old-style horizontal merge: this cell continues the one to its left.
    hmerge_continue: bool,
}

impl Default for CellBuilder {
    fn default() -> Self {
        CellBuilder {
            paragraphs: Vec::new(),
            colspan: 1,
            vmerge: VMerge::None,
            hmerge_continue: false,
        }
    }
}

/// The state of the walk through `w:body`.
#[derive(Default)]
struct Body {
    in_body: bool,
    /// Depth inside an element whose content is skipped (0 = not skipping).
    skip: usize,
    in_text: bool,
    /// Open paragraphs; more than one when a text box sits inside a paragraph.
    paragraphs: Vec<String>,
    tables: Vec<TableBuilder>,
    /// The first entity in the text that is neither predefined nor a character reference:
    /// left out of the text (XML declarations of entities are not expanded, by design).
    unknown_entity: Option<String>,
}

impl Body {
    fn parse(&mut self, xml: &[u8], doc: &mut Document) -> Result<(), ReadError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = false;
        let mut buf = Vec::new();
        loop {
            super::budget::checkpoint();
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| ReadError::Corrupt(format!("正文 XML 格式错误：{e}")))?;
            match event {
                Event::Eof => break,
                _ if self.skip > 0 => self.skip_event(&event),
                Event::Start(e) => self.start(&e),
                Event::End(e) => self.end(e.local_name().as_ref(), doc),
                Event::Text(t) if self.in_text => {
                    if let Ok(text) = t.decode() {
                        self.push_text(&text);
                    }
                }
                Event::GeneralRef(r) if self.in_text => match super::xml::resolve_ref(&r) {
                    Some(s) => self.push_text(&s),
                    None if self.unknown_entity.is_none() => {
                        let name = String::from_utf8_lossy(&r).chars().take(40).collect();
                        self.unknown_entity = Some(name);
                    }
                    None => {}
                },
                Event::CData(t) if self.in_text => {
                    if let Ok(text) = t.decode() {
                        self.push_text(&text);
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        // A body cut short still gives what it had.
        while !self.paragraphs.is_empty() {
            self.end_paragraph(doc);
        }
        while !self.tables.is_empty() {
            self.end_table(doc);
        }
        Ok(())
    }

    fn skip_event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(_) => self.skip += 1,
            Event::End(_) => self.skip -= 1,
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        let local = name.as_ref();
        if local == b"body" {
            self.in_body = true;
            return;
        }
        if !self.in_body {
            return;
        }
        if is_skipped(local) {
            self.skip = 1;
            return;
        }
        match local {
            b"p" => self.paragraphs.push(String::new()),
            b"t" => self.in_text = true,
            b"tab" | b"ptab" => self.push_text("\t"),
            b"br" | b"cr" => self.push_text("\n"),
            b"noBreakHyphen" => self.push_text("-"),
            b"tbl" => self.tables.push(TableBuilder::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(RowBuilder::default());
                }
            }
            b"gridBefore" => {
                if let Some(row) = self.row() {
                    row.next_col += number_attr(e, 64).unwrap_or(0);
                }
            }
            b"tc" => {
                if let Some(row) = self.row() {
                    row.cell = Some(CellBuilder::default());
                }
            }
            b"gridSpan" => {
                if let Some(cell) = self.cell() {
                    cell.colspan = number_attr(e, 64).unwrap_or(1).max(1);
                }
            }
            b"vMerge" => {
                let restart = attr(e, b"val").is_some_and(|v| v == "restart");
                if let Some(cell) = self.cell() {
                    cell.vmerge = if restart {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
            }
            b"hMerge" => {
                let restart = attr(e, b"val").is_some_and(|v| v == "restart");
                if let Some(cell) = self.cell() {
                    cell.hmerge_continue = !restart;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &[u8], doc: &mut Document) {
        if !self.in_body {
            return;
        }
        match local {
            b"body" => self.in_body = false,
            b"t" => self.in_text = false,
            b"p" => self.end_paragraph(doc),
            b"tc" => self.end_cell(),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(row) = t.row.take() {
                        t.rows.push(row.cells);
                    }
                }
            }
            b"tbl" => self.end_table(doc),
            _ => {}
        }
    }

    fn row(&mut self) -> Option<&mut RowBuilder> {
        self.tables.last_mut()?.row.as_mut()
    }

    fn cell(&mut self) -> Option<&mut CellBuilder> {
        self.row()?.cell.as_mut()
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.push_str(text);
        }
    }

    fn end_paragraph(&mut self, doc: &mut Document) {
        let Some(text) = self.paragraphs.pop() else {
            return;
        };
        if let Some(cell) = self.cell() {
            cell.paragraphs.push(text);
        } else if self.tables.is_empty() {
            for line in text.split('\n') {
                doc.push_line(line, None);
            }
        }
    }

    fn end_cell(&mut self) {
        let Some(row) = self.row() else {
            return;
        };
        let Some(cell) = row.cell.take() else {
            return;
        };
        let text = cell.paragraphs.join("\n").trim().to_string();
        if cell.hmerge_continue {
            if let Some(left) = row.cells.last_mut() {
                left.colspan += cell.colspan;
                row.next_col += cell.colspan;
                if !text.is_empty() {
                    left.text = format!("{}\n{text}", left.text).trim().to_string();
                }
                return;
            }
        }
        row.cells.push(WordCell {
            col: row.next_col,
            colspan: cell.colspan,
            vmerge: cell.vmerge,
            text,
        });
        row.next_col += cell.colspan;
    }

    fn end_table(&mut self, doc: &mut Document) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        if let Some(row) = table.row.take() {
            table.rows.push(row.cells);
        }
        let grid = grid::from_word_rows(table.rows);
        if self.tables.is_empty() {
            doc.blocks.push(Block::Table(grid));
        } else if let Some(cell) = self.cell() {
            cell.paragraphs.extend(grid::flatten(&grid));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::grid::tests::{fixture, lines, placed, tables};
    use crate::read::zipped::tests::zip_of;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        );
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    #[test]
    fn reads_the_fixture_in_order_with_spans() {
        let doc = read(&fixture("table.docx")).expect("readable");
        assert_eq!(doc.kind, FileKind::Docx);
        assert_eq!(
            lines(&doc),
            vec![
                "某区人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
                "第二行\t12",
                "新收申请 2 件&",
                "表后段落"
            ]
        );
        // The table sits between the paragraphs, where the body has it.
        assert!(matches!(doc.blocks[4], Block::Table(_)));
        let s = |t, r, c, rs, cs| (t, r, c, rs, cs);
        assert_eq!(
            placed(tables(&doc)[0]),
            vec![
                vec![
                    s("申请人", 0, 0, 2, 1),
                    s("申请人情况", 0, 1, 1, 3),
                    s("总计", 0, 4, 2, 1)
                ],
                vec![
                    s("自然人", 1, 1, 1, 1),
                    s("商业企业", 1, 2, 1, 1),
                    s("其他", 1, 3, 1, 1)
                ],
                vec![
                    s("一、本年新收\n申请数量", 2, 0, 1, 1),
                    s("2", 2, 1, 1, 1),
                    s("0", 2, 2, 1, 1),
                    s("1", 2, 3, 1, 1),
                    s("3", 2, 4, 1, 1)
                ],
                vec![
                    s("甲\t乙\n1\t2\n嵌套", 3, 1, 1, 1),
                    s("合并两列", 3, 2, 1, 2),
                    s("末列", 3, 4, 1, 1)
                ],
            ]
        );
        let t4 = tables(&doc)[1];
        let row = |r: usize| {
            t4.rows[r]
                .iter()
                .map(|c| (c.col, c.rowspan, c.colspan))
                .collect::<Vec<_>>()
        };
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
        assert_eq!(row(2).len(), 10);
        assert_eq!(row(2)[0], (5, 1, 1));
    }

    #[test]
    fn deleted_text_field_codes_and_fallbacks_are_left_out() {
        let body = r#"<w:p>
            <w:r><w:t>共</w:t></w:r>
            <w:del w:id="1"><w:r><w:delText>9</w:delText></w:r></w:del>
            <w:ins w:id="2"><w:r><w:t>3</w:t></w:r></w:ins>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>件</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>框</w:t></w:r></mc:Choice>
              <mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent>
            <w:r><w:t>&#x41;&lt;</w:t></w:r>
          </w:p>"#;
        let doc = read(&docx(body)).expect("readable");
        assert_eq!(lines(&doc), vec!["共3件框A<"]);
    }

    #[test]
    fn tab_stop_definitions_and_old_spans_are_not_content() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
            <w:r><w:t>甲</w:t></w:r></w:p>
            <w:tbl><w:tr>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcPrChange w:id="3"><w:tcPr><w:gridSpan w:val="5"/></w:tcPr></w:tcPrChange></w:tcPr>
                <w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>
              <w:tc><w:p/></w:tc>
            </w:tr></w:tbl>"#;
        let doc = read(&docx(body)).expect("readable");
        assert_eq!(lines(&doc), vec!["甲"]);
        let grid = tables(&doc)[0];
        assert_eq!((grid.rows[0][0].colspan, grid.rows[0][1].col), (2, 2));
        // An empty cell is still a cell: the recogniser needs to see blanks.
        assert_eq!(grid.rows[0][1].text, "");
    }

    #[test]
    fn old_horizontal_merges_widen_the_first_cell() {
        let body = r#"<w:tbl><w:tr>
            <w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>
            <w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc>
          </w:tr></w:tbl>"#;
        let doc = read(&docx(body)).expect("readable");
        let row = &tables(&doc)[0].rows[0];
        assert_eq!(row.len(), 2);
        assert_eq!(
            (row[0].colspan, row[1].col, row[1].text.as_str()),
            (2, 2, "右")
        );
    }

    #[test]
    fn the_main_part_is_found_through_the_relationships() {
        let xml = format!(
            r#"<w:document {NS}><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"#
        );
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("_rels/.rels", rels),
            ("word/document2.xml", xml.as_bytes()),
        ]);
        assert_eq!(lines(&read(&bytes).expect("readable")), vec!["正文"]);
    }

    #[test]
    fn broken_packages_give_clear_errors() {
        let whole = fixture("table.docx");
        assert!(matches!(
            read(&whole[..whole.len() - 40]),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            read(b"PK\x03\x04 not really a zip"),
            Err(ReadError::Corrupt(_))
        ));
        let no_word = zip_of(&[("hello.txt", b"hi")]);
        assert!(matches!(read(&no_word), Err(ReadError::Corrupt(_))));
        let bad_xml = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p>\x00<<")]);
        assert!(read(&bad_xml).is_err());
    }

    #[test]
    fn a_bomb_is_refused() {
        let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
        xml.resize(zipped::MAX_PART_BYTES as usize + 100, b'a');
        let bytes = zip_of(&[("word/document.xml", &xml)]);
        assert_eq!(
            read(&bytes),
            Err(ReadError::UnpacksTooLarge { limit_mb: 50 })
        );
    }
}
