//! Spreadsheets (.xlsx, .xls, .ods) via calamine: each visible sheet becomes one grid, preceded
//! by a line with the sheet's name.
//!
//! Values keep the form the clerk typed: a number stored as text stays that text, a number shows
//! as Excel shows it (2 not 2.0, 0.3 not 0.30000000000000004). Merged regions become spans.
//! Sheets with more filled rows than a report could have are skipped; calamine is kept from
//! unfolding giant sheets by looking at the file first (zip sizes, xls records, ods repeats).

mod biff;
mod layout;
mod ods;

use super::sniff::SheetKind;
use super::{zipped, Block, Document, ReadError};
use crate::source::FileKind;
use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};
use layout::{Layout, RawCell, RawSheet, MAX_CELLS, MAX_ROWS};
use std::collections::HashSet;
use std::io::Cursor;

pub fn read(bytes: &[u8], kind: SheetKind) -> Result<Document, ReadError> {
    let sheets = match kind {
        SheetKind::Xlsx => xlsx_sheets(bytes)?,
        SheetKind::Xls => xls_sheets(bytes)?,
        SheetKind::Ods => ods_sheets(bytes)?,
    };
    let mut doc = Document::new(FileKind::Sheet);
    let mut too_big = 0;
    for sheet in sheets {
        let Some(sheet) = sheet else {
            too_big += 1;
            continue;
        };
        let name = sheet.name.clone();
        match layout::layout(sheet) {
            Layout::Grid(grid) => {
                doc.push_line(name, None);
                doc.blocks.push(Block::Table(grid));
            }
            Layout::TooBig => too_big += 1,
            Layout::Empty => {}
        }
    }
    // Every sheet with content was a data dump, not a report.
    if doc.blocks.is_empty() && too_big > 0 {
        return Err(ReadError::NotAReport);
    }
    Ok(doc)
}

/// One loaded sheet, or `None` when it had more rows than a report.
type Loaded = Option<RawSheet>;

fn corrupt(what: &str) -> impl Fn(String) -> ReadError + '_ {
    move |e| ReadError::Corrupt(format!("{what}无法解析：{e}"))
}

/// The sheets a reader should see: visible worksheets, in workbook order.
fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// Collects filled cells, giving up (`None`) when the sheet turns out to be a data dump.
#[derive(Default)]
struct Collector {
    cells: Vec<RawCell>,
    rows: HashSet<u32>,
}

impl Collector {
    /// False once the sheet has more than a report can hold.
    fn push(&mut self, row: u32, col: u32, text: String) -> bool {
        if text.trim().is_empty() {
            return true;
        }
        self.rows.insert(row);
        self.cells.push(RawCell { row, col, text });
        self.rows.len() <= MAX_ROWS && self.cells.len() <= MAX_CELLS
    }
}

// ------------------------------------------------------------------------------------------------
// The three formats

fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Loaded>, ReadError> {
    zipped::check_sizes(&mut zipped::open(bytes, "Excel 工作簿")?)?;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => encrypted(),
        e => corrupt("Excel 工作簿")(e.to_string()),
    })?;
    let mut out = Vec::new();
    for name in worksheet_names(book.sheets_metadata()) {
        let Some(cells) = xlsx_cells(&mut book, &name)? else {
            out.push(None);
            continue;
        };
        let merges = match book.worksheet_merge_cells(&name) {
            Some(Ok(m)) => m,
            _ => Vec::new(),
        };
        out.push(Some(RawSheet {
            name,
            cells,
            merges,
        }));
    }
    Ok(out)
}

/// Streams the sheet's cells, so that a sheet claiming a million rows costs only what it holds.
fn xlsx_cells(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<RawCell>>, ReadError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart or dialog sheet listed as a worksheet: nothing to read.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Some(Vec::new())),
        Err(e) => return Err(corrupt("Excel 工作表")(e.to_string())),
    };
    let mut cells = Collector::default();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| corrupt("Excel 工作表")(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        if !cells.push(row, col, data_ref_text(cell.get_value())) {
            return Ok(None);
        }
    }
    Ok(Some(cells.cells))
}

fn xls_sheets(bytes: &[u8]) -> Result<Vec<Loaded>, ReadError> {
    let bytes = biff::clean(bytes)?;
    let mut book = calamine::Xls::new(Cursor::new(&bytes[..])).map_err(|e| match e {
        calamine::XlsError::Password => encrypted(),
        e => corrupt("Excel 97-2003 工作簿")(e.to_string()),
    })?;
    each_sheet(&mut book, "Excel 97-2003 工作表", |book, name| {
        book.worksheet_merge_cells(name).unwrap_or_default()
    })
}

fn ods_sheets(bytes: &[u8]) -> Result<Vec<Loaded>, ReadError> {
    let mut archive = zipped::open(bytes, "OpenDocument 表格")?;
    zipped::check_sizes(&mut archive)?;
    let mut merges = ods::scan(&zipped::read_part(&mut archive, "content.xml")?)?;
    let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::OdsError::Password => encrypted(),
        e => corrupt("OpenDocument 表格")(e.to_string()),
    })?;
    each_sheet(&mut book, "OpenDocument 工作表", |_, name| {
        merges.remove(name).unwrap_or_default()
    })
}

/// Every visible worksheet of a calamine workbook (.xls, .ods), with the merged areas that
/// `merges_of` finds for it (each format keeps them in its own place).
fn each_sheet<RS, R>(
    book: &mut R,
    what: &str,
    mut merges_of: impl FnMut(&mut R, &str) -> Vec<calamine::Dimensions>,
) -> Result<Vec<Loaded>, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for name in worksheet_names(book.sheets_metadata()) {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| corrupt(what)(e.to_string()))?;
        let merges = merges_of(book, &name);
        out.push(range_sheet(name, &range, merges));
    }
    Ok(out)
}

fn range_sheet(
    name: String,
    range: &calamine::Range<Data>,
    merges: Vec<calamine::Dimensions>,
) -> Loaded {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut cells = Collector::default();
    for (r, c, value) in range.used_cells() {
        if !cells.push(top + r as u32, left + c as u32, data_text(value)) {
            return None;
        }
    }
    Some(RawSheet {
        name,
        cells: cells.cells,
        merges,
    })
}

fn encrypted() -> ReadError {
    ReadError::Unsupported("设置了打开密码的表格文件，请取消密码后再导入".into())
}

// ------------------------------------------------------------------------------------------------
// Values as text

fn data_text(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(d) => date_text(d),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn data_ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => bool_text(*b),
        DataRef::DateTime(d) => date_text(d),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.into()
}

/// A number as Excel shows it in a General cell: whole numbers without ".0", and no more than 15
/// significant digits (the rest is binary noise, as in 0.1 + 0.2).
pub(crate) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let magnitude = f.abs().log10().floor() as i32;
    let decimals = (14 - magnitude).clamp(0, 30) as usize;
    let text = format!("{f:.decimals$}");
    if text.contains('.') {
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".into()
        } else {
            text.to_string()
        }
    } else {
        text
    }
}

/// Dates as the clerk reads them: 2024-01-31, with the time only when there is one.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        return number_text(d.as_f64());
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::grid::tests::{fixture, placed, tables, Placed};
    use crate::read::zipped::tests::zip_of;
    use crate::read::Line;

    /// The table in merged.xlsx (and its .xls/.ods conversions).
    fn expected() -> Vec<Vec<Placed<'static>>> {
        vec![
            vec![
                ("申请人", 0, 0, 2, 1),
                ("申请人情况", 0, 1, 1, 4),
                ("总计", 0, 5, 2, 1),
            ],
            vec![
                ("自然人", 1, 1, 1, 1),
                ("商业企业", 1, 2, 1, 1),
                ("科研机构", 1, 3, 1, 1),
                ("其他", 1, 4, 1, 1),
            ],
            vec![
                ("一、本年新收政府信息公开申请数量", 2, 0, 1, 1),
                ("2", 2, 1, 1, 1),
                ("0", 2, 2, 1, 1),
                ("1", 2, 3, 1, 1),
                ("2.5", 2, 4, 1, 1),
                ("3", 2, 5, 1, 1),
            ],
            vec![
                ("二、上年结转政府信息公开申请数量", 3, 0, 1, 1),
                ("0", 3, 1, 1, 1),
                ("", 3, 2, 1, 1),
                ("0", 3, 3, 1, 1),
                ("0", 3, 4, 1, 1),
                ("0", 3, 5, 1, 1),
            ],
        ]
    }

    fn check_merged(kind: SheetKind, file: &str) {
        let doc = read(&fixture(file), kind).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(doc.kind, FileKind::Sheet);
        assert!(
            matches!(&doc.blocks[0], Block::Line(Line { text, .. }) if text == "表三"),
            "{file}"
        );
        assert_eq!(placed(tables(&doc)[0]), expected(), "{file}");
        let appendix = tables(&doc)[1];
        assert_eq!(appendix.rows.len(), 300, "{file}");
        assert_eq!(
            appendix.rows[299]
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            vec!["第300项", "299", "149.5"],
            "{file}"
        );
    }

    #[test]
    fn xlsx_merges_numbers_and_text() {
        check_merged(SheetKind::Xlsx, "merged.xlsx");
    }

    #[test]
    fn xls_from_libreoffice() {
        check_merged(SheetKind::Xls, "merged.xls");
    }

    #[test]
    fn ods_from_libreoffice() {
        check_merged(SheetKind::Ods, "merged.ods");
    }

    #[test]
    fn a_sheet_of_a_million_rows_is_cheap_and_a_data_dump_is_skipped() {
        let start = std::time::Instant::now();
        let doc = read(&fixture("huge.xlsx"), SheetKind::Xlsx).expect("readable");
        assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
        let grids = tables(&doc);
        assert_eq!(grids.len(), 1, "the 6,000-row sheet is skipped");
        let texts: Vec<&str> = grids[0]
            .rows
            .iter()
            .flatten()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts.first(), Some(&"顶部"));
        assert_eq!(texts.last(), Some(&"底部"));
        assert!(grids[0].rows.len() < 20);
    }

    #[test]
    fn only_data_dumps_is_not_a_report() {
        let mut sheet = String::from(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for r in 1..=MAX_ROWS + 1 {
            sheet.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
        }
        sheet.push_str("</sheetData></worksheet>");
        let bytes = xlsx_with_sheet(&sheet);
        assert_eq!(read(&bytes, SheetKind::Xlsx), Err(ReadError::NotAReport));
    }

    fn xlsx_with_sheet(sheet: &str) -> Vec<u8> {
        let workbook = br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        zip_of(&[
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ])
    }

    #[test]
    fn blank_sheets_are_left_out() {
        let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="3"><c r="B3" t="inlineStr"><is><t> </t></is></c></row></sheetData></worksheet>"#;
        let doc = read(&xlsx_with_sheet(sheet), SheetKind::Xlsx).expect("readable");
        assert!(doc.blocks.is_empty());
    }

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(2.0), "2");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.5678), "1234.5678");
        assert_eq!(number_text(0.000123), "0.000123");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }

    #[test]
    fn broken_files_give_clear_errors() {
        let whole = fixture("merged.xlsx");
        assert!(matches!(
            read(&whole[..whole.len() / 2], SheetKind::Xlsx),
            Err(ReadError::Corrupt(_))
        ));
        let no_book = zip_of(&[("hello.txt", b"hi")]);
        assert!(matches!(
            read(&no_book, SheetKind::Xlsx),
            Err(ReadError::Corrupt(_))
        ));
        let xls = fixture("merged.xls");
        assert!(read(&xls[..xls.len() / 2], SheetKind::Xls).is_err());
        assert!(matches!(
            read(b"garbage", SheetKind::Xls),
            Err(ReadError::Corrupt(_))
        ));
        let ods = fixture("merged.ods");
        assert!(matches!(
            read(&ods[..ods.len() - 100], SheetKind::Ods),
            Err(ReadError::Corrupt(_))
        ));
        let mut bomb = vec![b' '; zipped::MAX_PART_BYTES as usize + 1];
        bomb[..5].copy_from_slice(b"<sst>");
        let bytes = zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", &bomb),
        ]);
        assert_eq!(
            read(&bytes, SheetKind::Xlsx),
            Err(ReadError::UnpacksTooLarge { limit_mb: 50 })
        );
    }
}
