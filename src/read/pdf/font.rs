//! Fonts as the text extractor needs them: how the bytes of a string split into character codes,
//! what text each code is, and how far each advances the pen. Glyph shapes are never read.
//!
//! Text comes from the `/ToUnicode` map when the font has one, else from the encoding: a simple
//! font's base encoding and `/Differences`, or a composite font's predefined CMap (UniGB-UCS2-H,
//! UniGB-UTF16-H, GBK-EUC-H…), which is how iText-style generators write non-embedded STSong-Light.

use super::cmap::CMap;
use super::encoding::{base_table, glyph_name_char, ByteTable, Predefined};
use super::objects::{array, dict, get, name, num_key, numbers, resolve, stream, stream_bytes};
use lopdf::{Dictionary, Document, Object};

/// How a composite font's codes are split and what CID they select.
enum CodeMap {
    Predefined(Predefined),
    /// An embedded CMap stream; `text` is the predefined CMap it builds on, if any, for text.
    Embedded {
        cmap: CMap,
        text: Predefined,
    },
}

enum Kind {
    Simple {
        table: Box<ByteTable>,
        first: u32,
        widths: Vec<f32>,
        /// Width of codes outside `/Widths`, or of every code when a standard font has none.
        missing: f32,
    },
    Composite {
        codes: CodeMap,
        widths: CidWidths,
    },
}

pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Glyph-space units to text-space units: 1/1000, or a Type 3 font's `/FontMatrix`.
    pub width_scale: f32,
    /// Height of an em relative to the font size: 1, except for Type 3 fonts, whose glyphs are
    /// drawn on a grid of their own choosing.
    pub size_scale: f32,
    /// Composite fonts written top to bottom (…-V CMaps).
    pub vertical: bool,
}

/// One decoded character code.
pub struct Glyph {
    /// Advance in text-space units per unit of font size.
    pub width: f32,
    /// A one-byte code 32, the only code word spacing (`Tw`) applies to.
    pub word_space: bool,
}

impl Font {
    pub fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = name(doc, font, b"Subtype").unwrap_or(b"");
        let to_unicode = stream(doc, font, b"ToUnicode")
            .map(|s| CMap::parse(&stream_bytes(s)))
            .filter(CMap::has_unicode);
        if subtype == b"Type0" {
            return composite(doc, font, to_unicode);
        }
        let (width_scale, size_scale) = if subtype == b"Type3" {
            type3_scales(doc, font)
        } else {
            (0.001, 1.0)
        };
        Font {
            kind: simple(doc, font),
            to_unicode,
            width_scale,
            size_scale,
            vertical: false,
        }
    }

    /// Length of the code at the start of `bytes` (at least 1 when `bytes` is not empty).
    pub fn code_len(&self, bytes: &[u8]) -> usize {
        let n = match &self.kind {
            Kind::Simple { .. } => 1,
            Kind::Composite { codes, .. } => match codes {
                CodeMap::Predefined(p) => p.code_len(bytes),
                CodeMap::Embedded { cmap, text } if !cmap.has_codespace() => text.code_len(bytes),
                CodeMap::Embedded { cmap, .. } => cmap.code_len(bytes),
            },
        };
        n.clamp(1, bytes.len().max(1))
    }

    /// Appends the text of one code to `out` and returns its metrics.
    pub fn glyph(&self, code: &[u8], out: &mut String) -> Glyph {
        let value = code.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
        let len = code.len() as u8;
        let start = out.len();
        let known = self
            .to_unicode
            .as_ref()
            .is_some_and(|m| m.unicode(value, len, out));
        match &self.kind {
            Kind::Simple {
                table,
                first,
                widths,
                missing,
            } => {
                if !known {
                    out.extend(table[(value & 0xFF) as usize]);
                }
                let width = value
                    .checked_sub(*first)
                    .and_then(|i| widths.get(i as usize))
                    .copied()
                    .unwrap_or(*missing);
                Glyph {
                    width: width * self.width_scale,
                    word_space: value == 32 && len == 1,
                }
            }
            Kind::Composite { codes, widths } => {
                if !known {
                    match codes {
                        CodeMap::Predefined(p) | CodeMap::Embedded { text: p, .. } => {
                            p.decode(code, out);
                        }
                    }
                }
                let cid = match codes {
                    CodeMap::Predefined(Predefined::Identity) => Some(value),
                    CodeMap::Embedded { cmap, text } => cmap
                        .cid(value, len)
                        .or((*text == Predefined::Identity).then_some(value)),
                    CodeMap::Predefined(_) => None,
                };
                let width = match cid {
                    Some(cid) => widths.get(cid),
                    None => widths.guess(&out[start..]),
                };
                Glyph {
                    width: width * self.width_scale,
                    word_space: value == 32 && len == 1,
                }
            }
        }
    }
}

/// A Type 3 font's `/FontMatrix` maps its glyph grid to text space: widths scale by its first
/// entry, and the em is the `/FontBBox` height mapped the same way.
fn type3_scales(doc: &Document, font: &Dictionary) -> (f32, f32) {
    let sane = |v: f32| v.is_finite() && v.abs() > 1e-6;
    let matrix = array(doc, font, b"FontMatrix").map(|m| numbers(doc, m));
    let (a, d) = match matrix.as_deref() {
        Some([a, _, _, d, ..]) if sane(*a) && sane(*d) => (a.abs(), d.abs()),
        _ => return (0.001, 1.0),
    };
    let height = array(doc, font, b"FontBBox")
        .map(|b| numbers(doc, b))
        .and_then(|b| Some((b.get(3)? - b.get(1)?).abs()))
        .filter(|h| sane(*h));
    let size = height.map_or(1.0, |h| (h * d).clamp(0.1, 10.0));
    (a, size)
}

fn simple(doc: &Document, font: &Dictionary) -> Kind {
    let mut table = Box::new(base_table(b"StandardEncoding"));
    match get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => *table = base_table(n),
        Some(Object::Dictionary(enc)) => {
            if let Some(base) = name(doc, enc, b"BaseEncoding") {
                *table = base_table(base);
            }
            if let Some(diffs) = array(doc, enc, b"Differences") {
                apply_differences(doc, diffs, &mut table);
            }
        }
        _ => {}
    }
    let first = num_key(doc, font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
    let widths = array(doc, font, b"Widths")
        .map(|w| numbers(doc, w))
        .unwrap_or_default();
    let descriptor_missing = dict(doc, font, b"FontDescriptor")
        .and_then(|d| num_key(doc, d, b"MissingWidth"))
        .filter(|w| *w > 0.0);
    // Standard 14 fonts may come without widths; half an em is close for digits and letters.
    let missing = descriptor_missing.unwrap_or(if widths.is_empty() { 500.0 } else { 0.0 });
    Kind::Simple {
        table,
        first,
        widths,
        missing,
    }
}

/// `/Differences [32 /space /exclam 65 /A …]`: a number sets the code, each name takes the next.
fn apply_differences(doc: &Document, diffs: &[Object], table: &mut ByteTable) {
    let mut code = 0usize;
    for item in diffs {
        match resolve(doc, item) {
            Some(Object::Integer(n)) => code = (*n).clamp(0, 255) as usize,
            Some(Object::Name(n)) => {
                if let Some(slot) = table.get_mut(code) {
                    // Names like /g123 say nothing about the character: leave the base encoding.
                    if let Some(c) = glyph_name_char(n) {
                        *slot = Some(c);
                    }
                }
                code += 1;
            }
            _ => {}
        }
    }
}

fn composite(doc: &Document, font: &Dictionary, to_unicode: Option<CMap>) -> Font {
    let (codes, vertical) = match get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => {
            let n = String::from_utf8_lossy(n);
            (
                CodeMap::Predefined(Predefined::from_name(&n)),
                n.ends_with("-V"),
            )
        }
        Some(Object::Stream(s)) => {
            let cmap = CMap::parse(&stream_bytes(s));
            let named = name(doc, &s.dict, b"CMapName")
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .or_else(|| cmap.name.clone());
            let base = cmap.uses.clone().or(named).unwrap_or_default();
            let vertical = base.ends_with("-V");
            let text = if base.is_empty() {
                Predefined::Identity
            } else {
                Predefined::from_name(&base)
            };
            (CodeMap::Embedded { cmap, text }, vertical)
        }
        _ => (CodeMap::Predefined(Predefined::Identity), false),
    };
    let descendant = array(doc, font, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    let widths = descendant.map_or_else(CidWidths::default, |d| CidWidths::load(doc, d));
    Font {
        kind: Kind::Composite { codes, widths },
        to_unicode,
        width_scale: 0.001,
        size_scale: 1.0,
        vertical,
    }
}

/// `/W` and `/DW` of a CID font: runs of CIDs with their widths.
struct CidWidths {
    /// `(first, last, index into values or usize::MAX for a constant, constant)`.
    runs: Vec<(u32, u32, usize, f32)>,
    values: Vec<f32>,
    default: f32,
}

impl Default for CidWidths {
    fn default() -> Self {
        CidWidths {
            runs: Vec::new(),
            values: Vec::new(),
            default: 1000.0,
        }
    }
}

impl CidWidths {
    fn load(doc: &Document, cid_font: &Dictionary) -> CidWidths {
        let mut w = CidWidths {
            default: num_key(doc, cid_font, b"DW").unwrap_or(1000.0),
            ..CidWidths::default()
        };
        let items = array(doc, cid_font, b"W")
            .map(|a| a.as_slice())
            .unwrap_or(&[]);
        let mut i = 0;
        while i < items.len() {
            let first = super::objects::number(doc, &items[i])
                .unwrap_or(0.0)
                .max(0.0) as u32;
            match items.get(i + 1).and_then(|o| resolve(doc, o)) {
                // `c [w1 w2 …]`: consecutive CIDs from c.
                Some(Object::Array(list)) => {
                    let start = w.values.len();
                    w.values.extend(numbers(doc, list));
                    let last = first.saturating_add(list.len().saturating_sub(1) as u32);
                    if !list.is_empty() {
                        w.runs.push((first, last, start, 0.0));
                    }
                    i += 2;
                }
                // `c_first c_last w`: one width for the whole run.
                Some(o) => {
                    let last = super::objects::number(doc, o).unwrap_or(0.0).max(0.0) as u32;
                    let width = items
                        .get(i + 2)
                        .and_then(|o| super::objects::number(doc, o))
                        .unwrap_or(w.default);
                    w.runs.push((first, last.max(first), usize::MAX, width));
                    i += 3;
                }
                None => break,
            }
        }
        w.runs.sort_by_key(|r| r.0);
        w
    }

    fn lookup(&self, cid: u32) -> Option<f32> {
        let end = self.runs.partition_point(|r| r.0 <= cid);
        self.runs[..end]
            .iter()
            .rev()
            .take(4)
            .find(|r| r.1 >= cid)
            .map(|&(first, _, index, constant)| {
                if index == usize::MAX {
                    constant
                } else {
                    self.values
                        .get(index + (cid - first) as usize)
                        .copied()
                        .unwrap_or(self.default)
                }
            })
    }

    fn get(&self, cid: u32) -> f32 {
        self.lookup(cid).unwrap_or(self.default)
    }

    /// The width of a code whose CID we cannot know (a predefined CMap whose table we do not
    /// carry). In every Adobe CJK collection CIDs 1–95 are the proportional ASCII glyphs, so an
    /// ASCII character takes the width listed there; anything else the default (a full em).
    fn guess(&self, text: &str) -> f32 {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c @ ' '..='~'), None) => self.lookup(c as u32 - 0x1F).unwrap_or(500.0),
            _ => self.default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// Text and advance widths (in thousandths of an em, rounded).
    fn text_of(font: &Font, bytes: &[u8]) -> (String, Vec<i32>) {
        let mut out = String::new();
        let mut widths = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = font.code_len(rest);
            widths.push((font.glyph(&rest[..n], &mut out).width * 1000.0).round() as i32);
            rest = &rest[n..];
        }
        (out, widths)
    }

    #[test]
    fn predefined_ucs2_font_with_widths() {
        let mut doc = Document::new();
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
            "DW" => 1000, "W" => vec![Object::Integer(1), Object::Array(vec![207.into()]),
                Object::Integer(17), Object::Integer(26), Object::Integer(462)],
        });
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
            "Encoding" => "UniGB-UCS2-H", "DescendantFonts" => vec![Object::Reference(cid)],
        };
        let f = Font::load(&doc, &font);
        let (text, widths) = text_of(&f, &[0x5E, 0x74, 0x00, 0x32, 0x00, 0x20]);
        assert_eq!(text, "年2 ");
        assert_eq!(widths, vec![1000, 462, 207]);
    }

    #[test]
    fn identity_font_reads_to_unicode_and_w() {
        let mut doc = Document::new();
        let tu = doc.add_object(Stream::new(
            dictionary! {},
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange
              1 beginbfchar <0005> <62A5> endbfchar"
                .to_vec(),
        ));
        let cid = doc.add_object(dictionary! {
            "Subtype" => "CIDFontType2", "W" => vec![Object::Integer(5), Object::Array(vec![600.into()])],
        });
        let font = dictionary! {
            "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => Object::Reference(tu),
            "DescendantFonts" => vec![Object::Reference(cid)],
        };
        let f = Font::load(&doc, &font);
        let (text, widths) = text_of(&f, &[0, 5, 0, 6]);
        assert_eq!(text, "报");
        assert_eq!(widths, vec![600, 1000]);
    }

    #[test]
    fn type3_fonts_scale_by_their_matrix() {
        let doc = Document::new();
        let font = dictionary! {
            "Subtype" => "Type3", "FirstChar" => 65, "Widths" => vec![50.into()],
            "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), (-20).into(), 100.into(), 80.into()],
        };
        let f = Font::load(&doc, &font);
        assert_eq!(text_of(&f, b"A"), ("A".to_string(), vec![500]));
        assert!((f.size_scale - 1.0).abs() < 1e-6);
    }

    #[test]
    fn simple_font_with_differences() {
        let doc = Document::new();
        let font = dictionary! {
            "Subtype" => "TrueType", "FirstChar" => 48, "Widths" => vec![556.into(), 556.into()],
            "Encoding" => dictionary! {
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![Object::Integer(49), Object::Name(b"uni5E74".to_vec())],
            },
        };
        let f = Font::load(&doc, &font);
        let (text, widths) = text_of(&f, b"01A");
        assert_eq!(text, "0年A");
        assert_eq!(widths, vec![556, 556, 0]);
    }
}
