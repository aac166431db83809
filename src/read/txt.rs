//! Plain text: UTF-8 (with or without BOM), UTF-16 (BOM or detected from the zero bytes), and
//! GB18030/GBK, which Chinese offices still save by default.

use super::{Block, Document, Grid, GridCell, ReadError};
use crate::source::FileKind;

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    Ok(from_text(&decode(bytes), FileKind::Text))
}

/// Splits decoded text into lines; used for pasted text too. Markdown (pipe) tables, as OCR and
/// chat tools transcribe a report's tables, become tables: each run of `| … |` lines is one grid.
pub fn from_text(text: &str, kind: FileKind) -> Document {
    let mut doc = Document::new(kind);
    let mut grid: Option<Grid> = None;
    for line in text.split(['\n', '\r', '\u{2028}', '\u{0C}']) {
        super::budget::checkpoint();
        match pipe_cells(line) {
            Some(cells) => {
                let g = grid.get_or_insert_with(Grid::default);
                if !is_rule_row(&cells) {
                    let row = g.rows.len();
                    g.rows.push(
                        cells
                            .into_iter()
                            .enumerate()
                            .map(|(col, text)| GridCell {
                                text: text.to_string(),
                                row,
                                col,
                                rowspan: 1,
                                colspan: 1,
                            })
                            .collect(),
                    );
                }
            }
            None => {
                // A blank line between two pipe rows does not end the table.
                if line.trim().is_empty() && grid.is_some() {
                    continue;
                }
                if let Some(g) = grid.take() {
                    doc.blocks.push(Block::Table(g));
                }
                doc.push_line(line, None);
            }
        }
    }
    if let Some(g) = grid {
        doc.blocks.push(Block::Table(g));
    }
    doc
}

/// The cells of a Markdown table row (`| 规章 | 0 | 1 |`), `None` for any other line.
fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let inner = t.strip_prefix(['|', '｜'])?.strip_suffix(['|', '｜'])?;
    let cells: Vec<&str> = inner.split(['|', '｜']).map(str::trim).collect();
    (cells.len() >= 2).then_some(cells)
}

/// `|---|:---:|`: the line under a Markdown header.
fn is_rule_row(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ' | '—')))
}

/// Decodes text whatever its encoding. Never fails: undecodable bytes become U+FFFD, which the
/// recogniser then treats as unreadable rather than as numbers.
pub fn decode(bytes: &[u8]) -> String {
    // Before UTF-16's: UTF-32 LE's BOM starts with UTF-16 LE's.
    if let Some(text) = utf32(bytes) {
        return text;
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return text.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    // A UTF-8 file with a few damaged bytes is still UTF-8: read as GBK it would be mojibake
    // from end to end. The damaged bytes become U+FFFD, which TEXT_UNDECODABLE reports.
    if mostly_utf8(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let (text, _, _) = encoding_rs::GB18030.decode(bytes);
    text.into_owned()
}

/// Bytes that are valid UTF-8 but for a few damaged ones (at most 8, or one per hundred
/// well-formed multi-byte bytes) beside plenty of well-formed Chinese: GBK text read as UTF-8
/// fails at almost every Chinese character.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut damaged) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        damaged += chunk.invalid().len();
    }
    multibyte >= 30 && (damaged <= 8 || damaged * 100 <= multibyte)
}

/// UTF-32 with its BOM (`FF FE 00 00` little-endian, `00 00 FE FF` big-endian); a code that is
/// no character becomes U+FFFD, a cut-off last character is dropped.
fn utf32(bytes: &[u8]) -> Option<String> {
    let (rest, little) = match bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        Some(r) => (r, true),
        None => (bytes.strip_prefix(&[0, 0, 0xFE, 0xFF])?, false),
    };
    Some(
        rest.chunks_exact(4)
            .map(|c| {
                let unit = [c[0], c[1], c[2], c[3]];
                let code = if little {
                    u32::from_le_bytes(unit)
                } else {
                    u32::from_be_bytes(unit)
                };
                char::from_u32(code).unwrap_or('\u{FFFD}')
            })
            .collect(),
    )
}

/// UTF-16 saved without a BOM shows up as a zero byte in every other position for ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // CJK text in UTF-16 has few zero bytes, so also accept it when the bytes do not form UTF-8
    // or GB18030 and the newline pattern fits.
    let newline_le = sample
        .windows(2)
        .step_by(2)
        .filter(|w| w == &[b'\n', 0])
        .count();
    let newline_be = sample
        .windows(2)
        .step_by(2)
        .filter(|w| w == &[0, b'\n'])
        .count();
    if zero_odd * 3 > pairs || (newline_le > 0 && newline_be == 0 && zero_odd > zero_even) {
        Some(encoding_rs::UTF_16LE)
    } else if zero_even * 3 > pairs || (newline_be > 0 && newline_le == 0 && zero_even > zero_odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "一、本年新收政府信息公开申请数量\t2\t0\n";

    #[test]
    fn markdown_tables_become_grids() {
        let doc = from_text(
            "正文\n| 项目 | 数据1 | 数据2 |\n|---|:--:|---|\n| 规章 | 0 | |\n\n| 行政许可 | 5 |\n其后",
            FileKind::Text,
        );
        let tables: Vec<&Grid> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(g),
                Block::Line(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        let rows: Vec<Vec<&str>> = tables[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["项目", "数据1", "数据2"],
                vec!["规章", "0", ""],
                vec!["行政许可", "5"]
            ]
        );
        assert_eq!(doc.blocks.len(), 3);
    }

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()), SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom), SAMPLE);
    }

    #[test]
    fn utf8_with_a_few_damaged_bytes_stays_utf8() {
        let mut bytes = SAMPLE.repeat(3).into_bytes();
        bytes.insert(9, 0xFF);
        let text = decode(&bytes);
        assert!(text.starts_with("一、本\u{FFFD}年新收"), "{text}");
        assert_eq!(text.matches('\u{FFFD}').count(), 1);
        assert!(text.ends_with(SAMPLE));
    }

    #[test]
    fn decodes_utf32_with_either_bom() {
        let mut le = vec![0xFF, 0xFE, 0, 0];
        le.extend(SAMPLE.chars().flat_map(|c| u32::from(c).to_le_bytes()));
        assert_eq!(decode(&le), SAMPLE);
        let mut be = vec![0, 0, 0xFE, 0xFF];
        be.extend(SAMPLE.chars().flat_map(|c| u32::from(c).to_be_bytes()));
        assert_eq!(decode(&be), SAMPLE);
    }

    #[test]
    fn decodes_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        assert_eq!(decode(&gbk), SAMPLE);
    }

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        let le: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le), SAMPLE);
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be), SAMPLE);
    }
}
