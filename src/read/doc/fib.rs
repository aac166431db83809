//! The File Information Block at the start of the WordDocument stream: where everything else is.
//! Offsets are those of Word 97 and later ([MS-DOC] 2.5); WPS writes the same layout.

use crate::read::ReadError;

/// What the reader needs from the FIB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fib {
    /// "0Table" or "1Table": the stream holding the piece table and property tables.
    pub table_stream: &'static str,
    /// Characters of main document text (the rest is footnotes, headers, comments…).
    pub ccp_text: u32,
    /// (offset, length) in the table stream of the piece table (CLX).
    pub clx: (u32, u32),
    /// (offset, length) of the paragraph property index (PlcBtePapx).
    pub papx: (u32, u32),
    /// (offset, length) of the character property index (PlcBteChpx).
    pub chpx: (u32, u32),
}

const W_IDENT: u16 = 0xA5EC;
/// Word 97's nFib; Word 6 and 95 have 101–105 and another layout.
const NFIB_97: u16 = 0x00C1;
/// Start of the (offset, length) pairs (FibRgFcLcb97).
const FC_LCB: usize = 0x9A;

pub(super) fn parse(word: &[u8]) -> Result<Fib, ReadError> {
    let legacy = |why: &str| ReadError::LegacyWord(why.into());
    let u16_at = |at: usize| read_u16(word, at).ok_or_else(|| legacy("文件头不完整"));
    if u16_at(0)? != W_IDENT {
        return Err(legacy("文件头标识不是 Word 文档"));
    }
    let nfib = u16_at(2)?;
    if nfib < NFIB_97 {
        return Err(legacy("这是 Word 6.0/95 或更早的格式"));
    }
    let flags = u16_at(0x0A)?;
    if flags & 0x0100 != 0 {
        return Err(legacy("文档设置了打开密码"));
    }
    // Word 97+ always has 14 words and 22 longs before the pairs; anything else is not a layout
    // we know where to find things in.
    if u16_at(0x20)? != 14 || u16_at(0x3E)? != 22 {
        return Err(legacy("文件头结构不是 Word 97 以后的格式"));
    }
    let pairs = u16_at(0x98)? as usize;
    if pairs < 34 {
        return Err(legacy("文件头缺少文本位置表"));
    }
    let pair = |index: usize| -> Result<(u32, u32), ReadError> {
        let at = FC_LCB + index * 8;
        match (read_u32(word, at), read_u32(word, at + 4)) {
            (Some(fc), Some(lcb)) => Ok((fc, lcb)),
            _ => Err(legacy("文件头不完整")),
        }
    };
    Ok(Fib {
        table_stream: if flags & 0x0200 != 0 {
            "1Table"
        } else {
            "0Table"
        },
        ccp_text: read_u32(word, 0x4C).ok_or_else(|| legacy("文件头不完整"))?,
        chpx: pair(12)?,
        papx: pair(13)?,
        clx: pair(33)?,
    })
}

pub(super) fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

pub(super) fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The bytes at (offset, length) of a stream, if they are all there.
pub(super) fn slice(data: &[u8], (fc, lcb): (u32, u32)) -> Option<&[u8]> {
    let start = fc as usize;
    data.get(start..start.checked_add(lcb as usize)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<u8> {
        let mut w = vec![0u8; 0x200];
        w[0..2].copy_from_slice(&W_IDENT.to_le_bytes());
        w[2..4].copy_from_slice(&NFIB_97.to_le_bytes());
        w[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes());
        w[0x20..0x22].copy_from_slice(&14u16.to_le_bytes());
        w[0x3E..0x40].copy_from_slice(&22u16.to_le_bytes());
        w[0x4C..0x50].copy_from_slice(&123u32.to_le_bytes());
        w[0x98..0x9A].copy_from_slice(&93u16.to_le_bytes());
        w[0x1A2..0x1A6].copy_from_slice(&0x4000u32.to_le_bytes());
        w[0x1A6..0x1AA].copy_from_slice(&21u32.to_le_bytes());
        w
    }

    #[test]
    fn finds_the_streams_and_tables() {
        let fib = parse(&header()).expect("valid");
        assert_eq!(
            (fib.table_stream, fib.ccp_text, fib.clx),
            ("1Table", 123, (0x4000, 21))
        );
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let mut encrypted = header();
        encrypted[0x0A] |= 0x01;
        encrypted[0x0B] |= 0x01;
        assert_eq!(
            parse(&encrypted),
            Err(ReadError::LegacyWord("文档设置了打开密码".into()))
        );
        let mut word95 = header();
        word95[2..4].copy_from_slice(&104u16.to_le_bytes());
        assert!(matches!(parse(&word95), Err(ReadError::LegacyWord(_))));
        assert!(matches!(
            parse(&header()[..0x100]),
            Err(ReadError::LegacyWord(_))
        ));
        assert!(matches!(parse(b"garbage"), Err(ReadError::LegacyWord(_))));
    }
}
