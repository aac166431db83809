//! Character classes that reading and recognising share: what counts as a space, a Chinese
//! character, and full-width forms folded to ASCII. The ground floor: it imports nothing.

/// A space in any of the forms reports use: ASCII and Unicode white space, the ideographic space,
/// the no-break space and a stray byte-order mark.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{A0}' || c == '\u{FEFF}'
}

/// A Chinese character (CJK unified ideographs, extension A and the compatibility block).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Folds full-width ASCII variants (`０`, `Ａ`, `（`) and the ideographic space to their ASCII forms.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}
