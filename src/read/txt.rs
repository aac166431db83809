//! Plain text: UTF-8 (with or without BOM), UTF-16 (BOM or detected from the zero bytes), and
//! GB18030/GBK, which Chinese offices still save by default.

use super::{Document, ReadError};
use crate::model::FileKind;

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    Ok(from_text(&decode(bytes), FileKind::Text))
}

/// Splits decoded text into lines; used for pasted text too.
pub fn from_text(text: &str, kind: FileKind) -> Document {
    let mut doc = Document::new(kind);
    for line in text.split(['\n', '\r', '\u{2028}', '\u{0C}']) {
        super::budget::checkpoint();
        doc.push_line(line, None);
    }
    doc
}

/// Decodes text whatever its encoding. Never fails: undecodable bytes become U+FFFD, which the
/// recogniser then treats as unreadable rather than as numbers.
pub fn decode(bytes: &[u8]) -> String {
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
    let (text, _, _) = encoding_rs::GB18030.decode(bytes);
    text.into_owned()
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
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()), SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom), SAMPLE);
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
