//! Making an .xls safe for calamine. Two things in a damaged or hostile file would make calamine
//! ask for terabytes of memory, which aborts the whole program (not a panic that could be
//! contained): its compound-file reader trusts sector numbers, and it lays every sheet out as a
//! dense block from its first to its last cell, also sized by the declared dimensions. So the
//! workbook stream is taken out with the careful `cfb` crate and put into a fresh, consistent
//! container, and its records are walked first to bound the sheets' blocks.

use crate::read::ReadError;
use std::io::{Cursor, Read, Write};

/// The most cell positions one sheet's block may span (a report is a few thousand).
const MAX_BLOCK: u64 = 1_000_000;

/// The workbook in a clean compound file, once its sheets are known to be of sane size.
pub(super) fn clean(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let (name, stream) = workbook_stream(bytes)?;
    check(&stream)?;
    repack(name, &stream)
        .map_err(|e| ReadError::Corrupt(format!("Excel 97-2003 工作簿无法重建：{e}")))
}

/// Version 3 (512-byte sectors), as Excel writes: calamine refuses version 4 files whose
/// workbook is too big for the mini stream.
fn repack(name: &str, stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut ole =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    ole.create_stream(name)?.write_all(stream)?;
    ole.flush()?;
    Ok(ole.into_inner().into_inner())
}

/// Walks the records the way calamine will: the globals from the start up to their EOF, where
/// each BOUNDSHEET gives a sheet's offset; then each sheet from that offset up to the next EOF
/// (calamine does not look for the sheet's BOF, so a lying offset makes it read other bytes as
/// records; so must we, or we check different cells from those it lays out).
fn check(stream: &[u8]) -> Result<(), ReadError> {
    let offsets: Vec<usize> = records(stream)
        .take_while(|(typ, _)| *typ != EOF)
        .filter(|(typ, _)| *typ == 0x0085)
        .filter_map(|(_, data)| u32_at(data, 0))
        .map(|pos| pos as usize)
        .collect();
    for pos in offsets {
        // An offset past the end: calamine's own slicing panics, which is contained.
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let mut block = Block::default();
        for (typ, data) in records(sheet).take_while(|(typ, _)| *typ != EOF) {
            match typ {
                0x0200 => block.dimensions(data)?,
                // FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING: row, then column.
                0x0006 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6 => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        block.cell(row, col, col);
                    }
                }
                // MULRK: row, first column, values…, last column.
                0x00BD => {
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    if let (Some(row), Some(first), Some(last)) =
                        (u16_at(data, 0), u16_at(data, 2), last)
                    {
                        block.cell(row, first, last);
                    }
                }
                _ => {}
            }
        }
        block.check()?;
    }
    Ok(())
}

const EOF: u16 = 0x000A;

/// (type, data) of each record, as calamine splits them; it stops at a record cut short, and so
/// does calamine (with an error). CONTINUE records come out as records of their own, which
/// changes nothing here: calamine appends them to the record before, and no cell is in them.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, 0)?;
        let len = u16_at(stream, 2)? as usize;
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

fn workbook_stream(bytes: &[u8]) -> Result<(&'static str, Vec<u8>), ReadError> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("Excel 97-2003 文件结构已损坏：{e}")))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| ole.is_stream(n))
        .ok_or_else(|| ReadError::Corrupt("Excel 97-2003 文件中没有工作簿数据".into()))?;
    let mut stream = Vec::new();
    ole.open_stream(name)
        .and_then(|s| s.take(crate::read::MAX_FILE_BYTES).read_to_end(&mut stream))
        .map_err(|e| ReadError::Corrupt(format!("Excel 97-2003 工作簿数据读取失败：{e}")))?;
    Ok((name, stream))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The rectangle one sheet's cells and declared dimensions cover.
#[derive(Default)]
struct Block {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    declared: u64,
}

impl Block {
    fn cell(&mut self, row: u16, first_col: u16, last_col: u16) {
        let (row, c0, c1) = (row as u32, first_col as u32, last_col.max(first_col) as u32);
        self.rows = Some(
            self.rows
                .map_or((row, row), |(a, b)| (a.min(row), b.max(row))),
        );
        self.cols = Some(self.cols.map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))));
    }

    /// DIMENSIONS, read the way calamine reads it (BIFF8: 32-bit rows, BIFF5: 16-bit; the last
    /// row and column are exclusive), because calamine reserves room for the whole area and
    /// computes it without checking that the last row is not before the first.
    fn dimensions(&mut self, data: &[u8]) -> Result<(), ReadError> {
        let field16 = |at| u16_at(data, at).unwrap_or(0) as u32;
        let (first_row, end_row, first_col, end_col) = match data.len() {
            14 => (
                u32_at(data, 0).unwrap_or(0),
                u32_at(data, 4).unwrap_or(0),
                field16(8),
                field16(10),
            ),
            10 => (field16(0), field16(2), field16(4), field16(6)),
            // calamine refuses other lengths itself.
            _ => return Ok(()),
        };
        let first_col = if first_col > 0xFF || end_col < first_col {
            0
        } else {
            first_col
        };
        if end_row == 0 || end_col == 0 {
            return Ok(());
        }
        if end_row - 1 < first_row {
            return Err(ReadError::Corrupt(
                "Excel 97-2003 工作表的尺寸记录错乱".into(),
            ));
        }
        let area = (end_row - first_row) as u64 * (end_col - first_col) as u64;
        self.declared = self.declared.max(area);
        Ok(())
    }

    fn check(&self) -> Result<(), ReadError> {
        let span = |r: Option<(u32, u32)>| r.map_or(0, |(a, b)| (b - a) as u64 + 1);
        let area = span(self.rows).saturating_mul(span(self.cols));
        if area.max(self.declared) > MAX_BLOCK {
            // Not a report: a report's cells sit close together.
            return Err(ReadError::NotAReport);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    fn xls(records: &[Vec<u8>]) -> Vec<u8> {
        repack("/Workbook", &records.concat()).expect("cfb in memory")
    }

    /// Globals (BOF, one BOUNDSHEET pointing at `at` bytes after them, EOF), then `rest`.
    fn workbook_pointing(at: usize, rest: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let globals_len = 3 * 4 + 16 + 9;
        let pos = (globals_len + at) as u32;
        let mut sheet = pos.to_le_bytes().to_vec();
        sheet.extend([0, 0, 1, 0, b'S']);
        let mut all = vec![
            record(0x0809, &[0; 16]),
            record(0x0085, &sheet),
            record(0x000A, &[]),
        ];
        assert_eq!(all.concat().len(), globals_len);
        all.extend_from_slice(rest);
        all
    }

    /// A workbook with one sheet made of `records` (between its BOF and EOF).
    fn one_sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut sheet = vec![record(0x0809, &[0; 16])];
        sheet.extend_from_slice(records);
        sheet.push(record(0x000A, &[]));
        xls(&workbook_pointing(0, &sheet))
    }

    #[test]
    fn cells_at_opposite_corners_are_refused() {
        assert!(clean(&one_sheet(&[number(0, 0), number(40, 8)])).is_ok());
        let far = one_sheet(&[number(0, 0), number(65_535, 255)]);
        assert_eq!(clean(&far), Err(ReadError::NotAReport));
    }

    /// Found by the read_sheet fuzz target: a sheet offset pointing into the middle of another
    /// record, whose bytes calamine then reads as cells far apart (137 GB asked for, an abort).
    #[test]
    fn cells_hidden_where_a_lying_sheet_offset_points_are_refused() {
        let hidden = [number(0, 0), number(65_535, 255), record(0x000A, &[])].concat();
        let mut carrier = vec![0u8; 3];
        carrier.extend(&hidden);
        // SST, whose data holds the hidden records 3 bytes in; the sheet offset points there.
        let records = workbook_pointing(4 + 3, &[record(0x00FC, &carrier), record(0x000A, &[])]);
        assert_eq!(clean(&xls(&records)), Err(ReadError::NotAReport));
        // Walked from the start, the same stream holds no cell at all.
        let pointing_at_sst = workbook_pointing(0, &[record(0x00FC, &carrier)]);
        assert!(clean(&xls(&pointing_at_sst)).is_ok());
    }

    #[test]
    fn a_lying_dimensions_record_is_refused() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(65_536u32.to_le_bytes());
        dims.extend([0, 0, 0, 1, 0, 0]);
        let bytes = one_sheet(&[record(0x0200, &dims)]);
        assert_eq!(clean(&bytes), Err(ReadError::NotAReport));
    }

    #[test]
    fn reversed_dimensions_are_corrupt() {
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0, 0, 3, 0, 0, 0]);
        let bytes = one_sheet(&[record(0x0200, &dims)]);
        assert!(matches!(clean(&bytes), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn big_workbooks_survive_the_repacking() {
        let mut records = vec![record(0x0809, &[0; 16])];
        records.extend((0..2000).map(|r| number(r, 1)));
        records.push(record(0x000A, &[]));
        let repacked = clean(&xls(&records)).expect("sane");
        let (_, stream) = workbook_stream(&repacked).expect("readable");
        assert_eq!(stream, records.concat());
        assert_eq!(&repacked[0x1A..0x1C], &[3, 0], "version 3");
    }

    #[test]
    fn a_file_without_a_workbook_is_corrupt() {
        assert!(matches!(clean(b"not ole"), Err(ReadError::Corrupt(_))));
    }
}
