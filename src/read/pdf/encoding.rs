//! Character encodings that fonts name rather than embed: the simple-font base encodings, glyph
//! names in `/Differences`, and the predefined CJK CMaps (UniGB-UCS2-H, GBK-EUC-H, …) that
//! iText-style generators use with non-embedded fonts such as STSong-Light.

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GB18030, MACINTOSH, SHIFT_JIS, WINDOWS_1252};

/// Text for each code of a one-byte font.
pub type ByteTable = [Option<char>; 256];

/// The base encoding a simple font names in `/Encoding` or `/BaseEncoding`.
pub fn base_table(name: &[u8]) -> ByteTable {
    let mut table = [None; 256];
    let single = |enc: &'static Encoding, b: u8| {
        let buf = [b];
        let (text, _, bad) = enc.decode(&buf);
        if bad {
            None
        } else {
            text.chars().next()
        }
    };
    for b in 0x20u8..=0xFF {
        table[usize::from(b)] = match name {
            b"WinAnsiEncoding" => single(WINDOWS_1252, b),
            b"MacRomanEncoding" => single(MACINTOSH, b),
            // StandardEncoding, PDFDocEncoding, a font's built-in encoding: only the ASCII part is
            // the same everywhere, and reports need nothing else from a one-byte font without a
            // ToUnicode map.
            _ => (b < 0x7F).then_some(char::from(b)),
        };
    }
    table
}

/// The character a glyph name stands for: `uni5E74`, `u1F600`, `zero`, `A`, `comma`…
pub fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    // `a.sc`, `one.oldstyle`: the part before the dot names the character.
    let base = name.split('.').next().unwrap_or(name);
    let hex = |s: &str| u32::from_str_radix(s, 16).ok().and_then(char::from_u32);
    if let Some(h) = base.strip_prefix("uni").filter(|h| h.len() == 4) {
        return hex(h);
    }
    if let Some(h) = base
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        return hex(h);
    }
    if base.len() == 1 && base.as_bytes()[0].is_ascii_alphabetic() {
        return base.chars().next();
    }
    GLYPH_NAMES
        .iter()
        .find(|(n, _)| *n == base)
        .map(|(_, c)| *c)
}

/// Standard names of the characters reports use outside CJK text.
const GLYPH_NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("endash", '–'),
    ("emdash", '—'),
    ("bullet", '•'),
    ("periodcentered", '·'),
    ("ellipsis", '…'),
    ("degree", '°'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("nbspace", '\u{a0}'),
];

/// How a predefined CMap splits bytes into codes and what text a code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// Identity-H/V: two-byte glyph ids; only a ToUnicode map says what they are.
    Identity,
    /// Uni…-UCS2-H: two bytes of UCS-2.
    Ucs2,
    /// Uni…-UTF16-H: UTF-16BE, four bytes for a surrogate pair.
    Utf16,
    Utf8,
    Utf32,
    /// A legacy multi-byte character set (GBK, Big5, Shift-JIS, EUC).
    Legacy(Legacy),
    /// Another predefined CMap whose table we do not carry: two-byte codes, text unknown.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Gbk,
    Big5,
    ShiftJis,
    EucJp,
    EucKr,
}

impl Legacy {
    fn encoding(self) -> &'static Encoding {
        match self {
            // GB18030 decodes GBK and GB2312 too, and the four-byte codes of GBK2K-H.
            Legacy::Gbk => GB18030,
            Legacy::Big5 => BIG5,
            Legacy::ShiftJis => SHIFT_JIS,
            Legacy::EucJp => EUC_JP,
            Legacy::EucKr => EUC_KR,
        }
    }

    fn code_len(self, bytes: &[u8]) -> usize {
        let b = bytes[0];
        match self {
            Legacy::Gbk if (0x81..=0xFE).contains(&b) => {
                if bytes.get(1).is_some_and(|c| c.is_ascii_digit()) {
                    4
                } else {
                    2
                }
            }
            Legacy::Big5 | Legacy::EucKr if (0x81..=0xFE).contains(&b) => 2,
            Legacy::ShiftJis if (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b) => 2,
            Legacy::EucJp if b == 0x8F => 3,
            Legacy::EucJp if b == 0x8E || (0xA1..=0xFE).contains(&b) => 2,
            _ => 1,
        }
    }
}

impl Predefined {
    pub fn from_name(name: &str) -> Predefined {
        let has = |s: &str| name.contains(s);
        if name.starts_with("Identity") {
            Predefined::Identity
        } else if has("UCS2") {
            Predefined::Ucs2
        } else if has("UTF16") {
            Predefined::Utf16
        } else if has("UTF8") {
            Predefined::Utf8
        } else if has("UTF32") {
            Predefined::Utf32
        } else if name.starts_with("GB") && (has("EUC") || name.starts_with("GBK")) {
            Predefined::Legacy(Legacy::Gbk)
        } else if has("B5") {
            Predefined::Legacy(Legacy::Big5)
        } else if has("RKSJ") {
            Predefined::Legacy(Legacy::ShiftJis)
        } else if name.starts_with("KSC") {
            Predefined::Legacy(Legacy::EucKr)
        } else if name.starts_with("EUC-") {
            Predefined::Legacy(Legacy::EucJp)
        } else {
            Predefined::Unknown
        }
    }

    /// Length in bytes of the code at the start of `bytes` (never 0, never past the end).
    pub fn code_len(self, bytes: &[u8]) -> usize {
        if bytes.is_empty() {
            return 0;
        }
        let n = match self {
            Predefined::Identity | Predefined::Ucs2 | Predefined::Unknown => 2,
            Predefined::Utf16 if (0xD8..=0xDB).contains(&bytes[0]) => 4,
            Predefined::Utf16 => 2,
            Predefined::Utf32 => 4,
            Predefined::Utf8 => match bytes[0] {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            },
            Predefined::Legacy(l) => l.code_len(bytes),
        };
        n.min(bytes.len())
    }

    /// Appends the text of one code; false when it has none.
    pub fn decode(self, code: &[u8], out: &mut String) -> bool {
        let before = out.len();
        match self {
            Predefined::Identity | Predefined::Unknown => {}
            Predefined::Ucs2 | Predefined::Utf16 => {
                let units = code
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]));
                out.extend(char::decode_utf16(units).flatten());
            }
            Predefined::Utf8 => {
                if let Ok(s) = std::str::from_utf8(code) {
                    out.push_str(s);
                }
            }
            Predefined::Utf32 => {
                let v = code.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
                out.extend(char::from_u32(v));
            }
            Predefined::Legacy(l) => {
                if let Some(s) = l
                    .encoding()
                    .decode_without_bom_handling_and_without_replacement(code)
                {
                    out.push_str(&s);
                }
            }
        }
        out.len() > before
    }
}

/// Appends `c` to `out` as a reader wants it: control characters dropped, and the Kangxi and
/// CJK-supplement radicals that broken ToUnicode maps produce (“⼀、总体情况”) replaced by the
/// ideographs they look like, so labels match.
pub fn push_clean(c: char, out: &mut String) {
    match c {
        '\u{2F00}'..='\u{2FD5}' => {
            let i = c as usize - 0x2F00;
            out.extend(KANGXI.chars().nth(i));
        }
        '\u{2E80}'..='\u{2EF3}' => match RADICAL_SUPPLEMENT.iter().find(|(r, _)| *r == c) {
            Some((_, u)) => out.push(*u),
            None => out.push(c),
        },
        '\u{FFFD}' => {}
        c if c.is_control() => {}
        c => out.push(c),
    }
}

/// U+2F00…U+2FD5 in order, each as the unified ideograph it is compatible with (NFKC).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Radicals of the CJK Radicals Supplement block that are whole simplified characters.
const RADICAL_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EC1}', '虎'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED1}', '長'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(p: Predefined, bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = p.code_len(rest);
            p.decode(&rest[..n], &mut out);
            rest = &rest[n..];
        }
        out
    }

    #[test]
    fn predefined_cmaps_by_name() {
        assert_eq!(Predefined::from_name("UniGB-UCS2-H"), Predefined::Ucs2);
        assert_eq!(Predefined::from_name("UniGB-UTF16-V"), Predefined::Utf16);
        assert_eq!(
            Predefined::from_name("GBK-EUC-H"),
            Predefined::Legacy(Legacy::Gbk)
        );
        assert_eq!(
            Predefined::from_name("GBpc-EUC-H"),
            Predefined::Legacy(Legacy::Gbk)
        );
        assert_eq!(
            Predefined::from_name("GBK2K-H"),
            Predefined::Legacy(Legacy::Gbk)
        );
        assert_eq!(
            Predefined::from_name("ETen-B5-H"),
            Predefined::Legacy(Legacy::Big5)
        );
        assert_eq!(Predefined::from_name("Identity-H"), Predefined::Identity);
        assert_eq!(Predefined::from_name("Adobe-Japan1-6"), Predefined::Unknown);
    }

    #[test]
    fn decodes_ucs2_utf16_and_gbk() {
        assert_eq!(decoded(Predefined::Ucs2, &[0x5E, 0x74, 0x00, 0x32]), "年2");
        assert_eq!(
            decoded(Predefined::Utf16, &[0xD8, 0x40, 0xDC, 0x00, 0x4E, 0x00]),
            "\u{20000}一"
        );
        // “年报 2” in GBK: one-byte ASCII mixed with two-byte hanzi.
        assert_eq!(
            decoded(Predefined::Legacy(Legacy::Gbk), b"\xc4\xea\xb1\xa8 2"),
            "年报 2"
        );
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_char(b"uni5E74"), Some('年'));
        assert_eq!(glyph_name_char(b"zero"), Some('0'));
        assert_eq!(glyph_name_char(b"one.oldstyle"), Some('1'));
        assert_eq!(glyph_name_char(b"g123"), None);
    }

    #[test]
    fn radicals_become_ideographs() {
        let mut s = String::new();
        for c in "⼀、总体情况⻓\u{1}".chars() {
            push_clean(c, &mut s);
        }
        assert_eq!(s, "一、总体情况长");
        assert_eq!(KANGXI.chars().count(), 0x2FD6 - 0x2F00);
    }

    #[test]
    fn win_ansi_table() {
        let t = base_table(b"WinAnsiEncoding");
        assert_eq!(t[0x41], Some('A'));
        assert_eq!(t[0x93], Some('“'));
        assert_eq!(base_table(b"StandardEncoding")[0x31], Some('1'));
    }
}
