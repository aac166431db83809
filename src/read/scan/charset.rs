//! The characters the recogniser may give. Its dictionary has 18,708 entries: Simplified and
//! Traditional Chinese, kana, Hangul, accented Latin, symbols. A Simplified Chinese report is
//! written in GB2312's characters, so a Traditional or Japanese reading of a print character (內
//! for 内 on a fax) is a misreading, and one the app's bundled font could not draw (it keeps
//! GB2312 and the ranges below: assets/fonts/make_font.sh). Readings outside this set are left out
//! when the recogniser's output is decoded; the best reading inside it is kept, at its own
//! probability, so a character the recogniser preferred elsewhere comes out as doubtful.

/// Ranges of symbols the bundled font keeps beside GB2312 (make_font.sh's `--unicodes`).
const SYMBOL_RANGES: [(char, char); 10] = [
    (' ', '~'),
    ('\u{00A0}', '\u{00FF}'),
    ('\u{2000}', '\u{206F}'),
    ('\u{2190}', '\u{21FF}'),
    ('\u{2200}', '\u{22FF}'),
    ('\u{2460}', '\u{24FF}'),
    ('\u{2500}', '\u{25FF}'),
    ('\u{2600}', '\u{27BF}'),
    ('\u{3000}', '\u{303F}'),
    ('\u{FF00}', '\u{FFEF}'),
];

/// Whether `c` is a character of GB2312 (its GBK code is two bytes from 0xA1 up: hanzi, kana,
/// Greek, Cyrillic, full-width forms) or of the symbol ranges.
pub fn readable(c: char) -> bool {
    if SYMBOL_RANGES.iter().any(|&(a, b)| (a..=b).contains(&c)) {
        return true;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    !unmappable && matches!(*bytes, [0xA1..=0xF7, 0xA1..=0xFE])
}

/// Whether every character of a dictionary entry is [`readable`].
pub fn entry_readable(entry: &str) -> bool {
    entry.chars().all(readable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_chinese_digits_and_table_symbols_are_readable() {
        for c in "内无总计政府信息公开年度报告0123456789/—－（）、，。：；％×".chars()
        {
            assert!(readable(c), "{c}");
        }
        for c in " AZaz~".chars() {
            assert!(readable(c), "{c:?}");
        }
    }

    #[test]
    fn traditional_and_japanese_readings_are_not() {
        for c in "內與國開這個한".chars() {
            assert!(!readable(c), "{c}");
        }
        assert!(entry_readable("总计"));
        assert!(!entry_readable("總計"));
    }
}
