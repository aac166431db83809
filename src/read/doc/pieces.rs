//! The piece table: Word keeps the document text as pieces scattered in the WordDocument stream,
//! each either 8-bit (Windows-1252, "compressed") or UTF-16LE. The CLX in the table stream lists
//! them in reading order ([MS-DOC] 2.9.38).

use super::fib::{read_u16, read_u32, slice};
use crate::read::ReadError;

/// One piece: character positions [cp_start, cp_end) stored at byte `fc` of the WordDocument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece {
    pub cp_start: u32,
    pub cp_end: u32,
    pub fc: u32,
    pub compressed: bool,
}

/// A character of the text and the stream offset it is stored at, which is how paragraph and
/// character properties refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Char {
    pub c: char,
    pub fc: u32,
}

/// More text than any report: the document claims to be something else.
const MAX_CHARS: u32 = 20_000_000;

fn legacy(why: &str) -> ReadError {
    ReadError::LegacyWord(why.into())
}

pub(super) fn parse(table: &[u8], clx: (u32, u32)) -> Result<Vec<Piece>, ReadError> {
    let clx = slice(table, clx).ok_or_else(|| legacy("文本位置表超出文件范围"))?;
    let mut at = 0;
    // Property modifiers (Prc, clxt 1) come first; the piece table (Pcdt, clxt 2) after them.
    loop {
        match clx.get(at) {
            Some(1) => {
                let size = read_u16(clx, at + 1).ok_or_else(|| legacy("文本位置表不完整"))?;
                at += 3 + size as usize;
            }
            Some(2) => break,
            _ => return Err(legacy("找不到文本位置表")),
        }
    }
    let lcb = read_u32(clx, at + 1).ok_or_else(|| legacy("文本位置表不完整"))? as usize;
    let plc = clx
        .get(at + 5..(at + 5).saturating_add(lcb))
        .ok_or_else(|| legacy("文本位置表不完整"))?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(legacy("文本位置表长度不对"));
    }
    let n = (lcb - 4) / 12;
    let cp = |i: usize| read_u32(plc, i * 4);
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let pcd = (n + 1) * 4 + i * 8;
        let (Some(cp_start), Some(cp_end), Some(raw)) = (cp(i), cp(i + 1), read_u32(plc, pcd + 2))
        else {
            return Err(legacy("文本位置表不完整"));
        };
        if cp_end < cp_start {
            return Err(legacy("文本位置表顺序错乱"));
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(pieces)
}

/// The main document's characters, positions 0..ccp_text.
pub(super) fn text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<Char>, ReadError> {
    if ccp_text > MAX_CHARS {
        return Err(legacy("文档声明的文字量过大"));
    }
    let cp1252 = cp1252_table();
    // The claim only bounds the work; the stream's size bounds what is really there.
    let mut out = Vec::with_capacity((ccp_text as usize).min(word.len()));
    for p in pieces {
        if p.cp_start >= ccp_text {
            break;
        }
        let count = (p.cp_end.min(ccp_text) - p.cp_start) as usize;
        let width = if p.compressed { 1 } else { 2 };
        let start = p.fc as usize;
        let bytes = word
            .get(start..start.saturating_add(count * width))
            .ok_or_else(|| legacy("文字内容超出文件范围"))?;
        if p.compressed {
            out.extend(bytes.iter().enumerate().map(|(i, b)| Char {
                c: cp1252[*b as usize],
                fc: p.fc + i as u32,
            }));
        } else {
            decode_utf16(bytes, p.fc, &mut out);
        }
    }
    Ok(out)
}

fn decode_utf16(bytes: &[u8], fc: u32, out: &mut Vec<Char>) {
    let units = bytes
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]));
    let mut at = fc;
    for decoded in char::decode_utf16(units) {
        let c = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.push(Char { c, fc: at });
        at += 2 * c.len_utf16() as u32;
    }
}

/// What each byte of an 8-bit piece stands for.
fn cp1252_table() -> [char; 256] {
    let mut table = ['\u{FFFD}'; 256];
    for (b, slot) in table.iter_mut().enumerate() {
        let byte = [b as u8];
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        if let Some(c) = text.chars().next() {
            *slot = c;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CLX with one property modifier and the given pieces (cp ranges, raw fc values).
    fn clx(pieces: &[(u32, u32, u32)]) -> Vec<u8> {
        let mut plc = Vec::new();
        for (s, _, _) in pieces {
            plc.extend(s.to_le_bytes());
        }
        plc.extend(pieces.last().map_or(0, |p| p.1).to_le_bytes());
        for (_, _, fc) in pieces {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let mut out = vec![1, 2, 0, 0xAA, 0xBB, 2];
        out.extend((plc.len() as u32).to_le_bytes());
        out.extend(plc);
        out
    }

    #[test]
    fn reads_8_bit_and_utf16_pieces_in_order() {
        let mut word = vec![0u8; 64];
        word[10..13].copy_from_slice(b"Ab\r");
        let utf16: Vec<u8> = "年报"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        word[20..24].copy_from_slice(&utf16);
        let table = clx(&[(0, 2, 20), (2, 5, 0x4000_0000 | 20)]);
        let pieces = parse(&table, (0, table.len() as u32)).expect("valid");
        assert_eq!(
            pieces[1],
            Piece {
                cp_start: 2,
                cp_end: 5,
                fc: 10,
                compressed: true
            }
        );
        let text = text(&word, &pieces, 5).expect("valid");
        let s: String = text.iter().map(|c| c.c).collect();
        assert_eq!(s, "年报Ab\r");
        assert_eq!(
            text.iter().map(|c| c.fc).collect::<Vec<_>>(),
            vec![20, 22, 10, 11, 12]
        );
        // ccp_text cuts the main text short of what follows it.
        assert_eq!(super::text(&word, &pieces, 3).expect("valid").len(), 3);
    }

    #[test]
    fn damaged_tables_are_legacy_errors() {
        let table = clx(&[(0, 100, 0)]);
        let pieces = parse(&table, (0, table.len() as u32)).expect("valid");
        assert!(matches!(
            text(&[0; 10], &pieces, 100),
            Err(ReadError::LegacyWord(_))
        ));
        assert!(matches!(
            parse(&table, (0, 4)),
            Err(ReadError::LegacyWord(_))
        ));
        assert!(matches!(
            parse(&[7, 7, 7], (0, 3)),
            Err(ReadError::LegacyWord(_))
        ));
        assert!(matches!(
            parse(&table, (1000, 10)),
            Err(ReadError::LegacyWord(_))
        ));
    }
}
