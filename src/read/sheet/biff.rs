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

fn check(stream: &[u8]) -> Result<(), ReadError> {
    let mut block = Block::default();
    let mut pos = 0usize;
    while let Some(header) = stream.get(pos..pos + 4) {
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        let end = (pos + 4 + len).min(stream.len());
        let data = &stream[pos + 4..end];
        match typ {
            // BOF and EOF bound one sheet's records.
            0x0809 => block = Block::default(),
            0x000A => {
                block.check()?;
                block = Block::default();
            }
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
        pos += 4 + len;
    }
    block.check()
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

    #[test]
    fn cells_at_opposite_corners_are_refused() {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let near = xls(&[bof.clone(), number(0, 0), number(40, 8), eof.clone()]);
        assert!(clean(&near).is_ok());
        let far = xls(&[bof, number(0, 0), number(65_535, 255), eof]);
        assert_eq!(clean(&far), Err(ReadError::NotAReport));
    }

    #[test]
    fn a_lying_dimensions_record_is_refused() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(65_536u32.to_le_bytes());
        dims.extend([0, 0, 0, 1, 0, 0]);
        let bytes = xls(&[
            record(0x0809, &[0; 16]),
            record(0x0200, &dims),
            record(0x000A, &[]),
        ]);
        assert_eq!(clean(&bytes), Err(ReadError::NotAReport));
    }

    #[test]
    fn reversed_dimensions_are_corrupt() {
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0, 0, 3, 0, 0, 0]);
        let bytes = xls(&[
            record(0x0809, &[0; 16]),
            record(0x0200, &dims),
            record(0x000A, &[]),
        ]);
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
