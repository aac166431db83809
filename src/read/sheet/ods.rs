//! What calamine does not tell about an OpenDocument spreadsheet: its merged cells
//! (`table:number-columns-spanned` / `-rows-spanned`), and how many cells its "repeated"
//! attributes would unfold to. A few bytes can say "this value, 16 384 columns × a million rows",
//! and calamine would unfold it; this pass only counts, before calamine reads anything.
//!
//! It sees the file as calamine does: elements by their full name (`table:table-row`, so a
//! foreign `</x:table>` ends nothing), a cell holding only a formula as filled (calamine
//! unfolds formulas as well as values), and `text:s` space runs counted.

use super::layout::MAX_CELLS;
use crate::read::xml::attr;
use crate::read::ReadError;
use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// Merged regions of each sheet, by sheet name.
pub(super) type Merges = HashMap<String, Vec<Dimensions>>;

/// Filled cells all sheets together may unfold to.
const MAX_UNFOLDED: u64 = 4 * MAX_CELLS as u64;
/// Positions one sheet's block from its first to its last filled cell may cover: calamine fills
/// the empty rows in between too.
const MAX_BLOCK: u64 = 4_000_000;
/// Spaces all `<text:s text:c="…"/>` together may stand for (calamine writes each one out).
const MAX_SPACES: u64 = 1_000_000;

pub(super) fn scan(content: &[u8]) -> Result<Merges, ReadError> {
    let mut scan = Scan::default();
    let mut reader = quick_xml::Reader::from_reader(content);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReadError::Corrupt(format!("表格内容 XML 格式错误：{e}")))?;
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.name().as_ref() == b"text:s" {
                scan.spaces = scan.spaces.saturating_add(number(e, b"c"));
            }
        }
        match event {
            Event::Eof => break,
            _ if scan.skip > 0 => match event {
                Event::Start(_) => scan.skip += 1,
                Event::End(_) => scan.skip -= 1,
                _ => {}
            },
            Event::Start(e) => scan.start(&e, false),
            Event::Empty(e) => scan.start(&e, true),
            Event::End(e) => scan.end(e.name().as_ref()),
            _ => {}
        }
        scan.within_bounds()?;
        buf.clear();
    }
    Ok(scan.merges)
}

#[derive(Default)]
struct Scan {
    merges: Merges,
    sheet: Option<String>,
    /// Sheet row and column of the next row and cell.
    row: u64,
    col: u64,
    row_repeat: u64,
    /// Filled cells in the current row, counting column repeats.
    row_filled: u64,
    unfolded: u64,
    /// First and last filled row, and the column after the last filled cell, of this sheet.
    filled_rows: Option<(u64, u64)>,
    filled_cols: u64,
    /// Depth inside a cell's content, which is skipped.
    skip: usize,
    spaces: u64,
}

impl Scan {
    fn within_bounds(&self) -> Result<(), ReadError> {
        if self.unfolded > MAX_UNFOLDED || self.block() > MAX_BLOCK {
            return Err(ReadError::Bloated(
                "的表格单元格按“重复”属性（number-rows-repeated、number-columns-repeated）会展开成数百万个"
                    .into(),
            ));
        }
        if self.spaces > MAX_SPACES {
            return Err(ReadError::Bloated(format!(
                "的单元格文字按空格计数（text:s）展开后超过 {MAX_SPACES} 个空格"
            )));
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.name().as_ref() {
            b"table:table" if self.sheet.is_none() => {
                self.sheet = Some(attr(e, b"name").unwrap_or_default());
                self.row = 0;
                self.filled_rows = None;
                self.filled_cols = 0;
            }
            b"table:table-row" if self.sheet.is_some() => {
                self.row_repeat = number(e, b"number-rows-repeated");
                self.col = 0;
                self.row_filled = 0;
                if empty {
                    self.end(b"table:table-row");
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" if self.sheet.is_some() => {
                let repeat = number(e, b"number-columns-repeated");
                let (cols, rows) = (
                    number(e, b"number-columns-spanned"),
                    number(e, b"number-rows-spanned"),
                );
                if cols > 1 || rows > 1 {
                    self.merge(rows, cols);
                }
                let filled =
                    !empty || attr(e, b"value-type").is_some() || attr(e, b"formula").is_some();
                if filled {
                    self.row_filled = self.row_filled.saturating_add(repeat);
                    self.filled_cols = self.filled_cols.max(self.col.saturating_add(repeat));
                }
                self.col = self.col.saturating_add(repeat);
                if !empty {
                    self.skip = 1;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"table:table" => self.sheet = None,
            b"table:table-row" if self.sheet.is_some() => {
                self.unfolded = self
                    .unfolded
                    .saturating_add(self.row_repeat.saturating_mul(self.row_filled));
                let last = self.row.saturating_add(self.row_repeat - 1);
                if self.row_filled > 0 {
                    self.filled_rows = Some(
                        self.filled_rows
                            .map_or((self.row, last), |(a, _)| (a, last)),
                    );
                }
                self.row = self.row.saturating_add(self.row_repeat);
            }
            _ => {}
        }
    }

    fn block(&self) -> u64 {
        self.filled_rows
            .map_or(0, |(a, b)| (b - a + 1).saturating_mul(self.filled_cols))
    }

    fn merge(&mut self, rows: u64, cols: u64) {
        let (Some(sheet), Ok(row), Ok(col)) = (
            &self.sheet,
            u32::try_from(self.row),
            u32::try_from(self.col),
        ) else {
            return;
        };
        let end_row = u32::try_from(self.row + rows - 1).unwrap_or(u32::MAX);
        let end_col = u32::try_from(self.col + cols - 1).unwrap_or(u32::MAX);
        self.merges
            .entry(sheet.clone())
            .or_default()
            .push(Dimensions::new((row, col), (end_row, end_col)));
    }
}

/// A count attribute; 1 when missing or unreadable, as the format says.
fn number(e: &BytesStart<'_>, local: &[u8]) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
        .min(u32::MAX as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>"#;
    const TAIL: &str = "</office:spreadsheet></office:body></office:document-content>";

    #[test]
    fn spans_are_found_at_their_unfolded_positions() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="表三">
            <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="3"/>
              <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3"><text:p>合</text:p></table:table-cell>
              <table:covered-table-cell/></table:table-row>
            </table:table>{TAIL}"#
        );
        let merges = scan(xml.as_bytes()).expect("readable");
        assert_eq!(merges["表三"], vec![Dimensions::new((2, 3), (4, 4))]);
    }

    #[test]
    fn a_value_unfolded_a_billion_times_is_refused() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="炸"><table:table-row table:number-rows-repeated="1048576">
            <table:table-cell table:number-columns-repeated="1024" office:value-type="float" office:value="1"/>
            </table:table-row></table:table>{TAIL}"#
        );
        assert!(matches!(scan(xml.as_bytes()), Err(ReadError::Bloated(_))));
    }

    #[test]
    fn two_values_a_million_rows_apart_are_refused() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="远"><table:table-row><table:table-cell table:number-columns-repeated="9"/>
            <table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>
            </table:table>{TAIL}"#
        );
        assert!(matches!(scan(xml.as_bytes()), Err(ReadError::Bloated(_))));
    }

    #[test]
    fn cells_holding_only_formulas_unfold_too() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="式"><table:table-row table:number-rows-repeated="1048576">
            <table:table-cell table:number-columns-repeated="16384" table:formula="of:=1"/>
            </table:table-row></table:table>{TAIL}"#
        );
        assert!(matches!(scan(xml.as_bytes()), Err(ReadError::Bloated(_))));
    }

    #[test]
    fn a_foreign_table_end_does_not_end_the_sheet() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="外"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            </x:table><table:table-row table:number-rows-repeated="1048576">
            <table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>
            </table:table-row></table:table>{TAIL}"#
        );
        assert!(matches!(scan(xml.as_bytes()), Err(ReadError::Bloated(_))));
    }

    #[test]
    fn a_billion_spaces_are_refused() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="空格"><table:table-row><table:table-cell office:value-type="string">
            <text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row></table:table>{TAIL}"#
        );
        assert!(matches!(scan(xml.as_bytes()), Err(ReadError::Bloated(_))));
    }

    #[test]
    fn repeated_empty_rows_cost_nothing() {
        let xml = format!(
            r#"{HEAD}<table:table table:name="空"><table:table-row table:number-rows-repeated="1048576">
            <table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>{TAIL}"#
        );
        assert_eq!(scan(xml.as_bytes()), Ok(Merges::new()));
    }
}
