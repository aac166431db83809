//! CMaps embedded in the file: `/ToUnicode` maps (character code → text) and `/Encoding` CMap
//! streams of composite fonts (how many bytes a code has, and which glyph id (CID) it selects).
//! Both are parsed with the content-stream lexer, since CMaps are written in the same syntax.

use super::lexer::{Lexer, Operand, Token};

/// A run of codes `lo..=hi`, all `len` bytes long.
#[derive(Debug, Clone)]
struct Range<T> {
    lo: u32,
    hi: u32,
    len: u8,
    value: T,
}

/// Where a run of codes maps to in Unicode.
#[derive(Debug, Clone)]
enum Target {
    /// UTF-16 units; the last unit counts up with the code (`bfrange` with a string, `bfchar`).
    Base(Vec<u16>),
    /// One string per code (`bfrange` with an array).
    List(Vec<Vec<u16>>),
}

/// Ranges sorted by their first code, looked up by binary search.
#[derive(Debug, Clone)]
struct RangeMap<T> {
    ranges: Vec<Range<T>>,
}

impl<T> Default for RangeMap<T> {
    fn default() -> Self {
        RangeMap { ranges: Vec::new() }
    }
}

impl<T> RangeMap<T> {
    fn push(&mut self, lo: u32, hi: u32, len: u8, value: T) {
        if lo <= hi && (1..=4).contains(&len) {
            self.ranges.push(Range { lo, hi, len, value });
        }
    }

    fn finish(&mut self) {
        self.ranges.sort_by_key(|r| (r.lo, r.len));
    }

    /// The range holding `code` with this length, else one holding it with any length (producers
    /// are sloppy: a ToUnicode map may write `<41>` for a two-byte code `<0041>`).
    fn get(&self, code: u32, len: u8) -> Option<&Range<T>> {
        let end = self.ranges.partition_point(|r| r.lo <= code);
        let candidates = || {
            self.ranges[..end]
                .iter()
                .rev()
                .take(8)
                .filter(move |r| r.hi >= code)
        };
        candidates()
            .find(|r| r.len == len)
            .or_else(|| candidates().next())
    }

    fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// What a CMap stream says.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    to_unicode: RangeMap<Target>,
    cids: RangeMap<u32>,
    /// `(len, lo, hi)` byte by byte.
    codespace: Vec<(u8, [u8; 4], [u8; 4])>,
    /// `/CMapName` and `usecmap`: lets an embedded copy of a predefined CMap be recognised.
    pub name: Option<String>,
    pub uses: Option<String>,
}

/// Bytes of a hex string as a big-endian number (codes are at most 4 bytes).
fn code_of(bytes: &[u8]) -> Option<(u32, u8)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let v = bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
    Some((v, bytes.len() as u8))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        // Not valid, but seen: a one-byte destination meaning that code unit.
        return vec![u16::from(bytes[0])];
    }
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

/// Longest `bfrange` array honoured; a larger one is a broken or hostile file.
const MAX_LIST: usize = 65_536;

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut operands: Vec<Operand> = Vec::new();
        for token in Lexer::new(data) {
            match token {
                Token::Operand(o) => operands.push(o),
                Token::Operator(op) => {
                    cmap.apply(op, &operands);
                    operands.clear();
                }
            }
        }
        cmap.to_unicode.finish();
        cmap.cids.finish();
        cmap
    }

    fn apply(&mut self, op: &[u8], operands: &[Operand]) {
        match op {
            b"endcodespacerange" => {
                for pair in operands.chunks_exact(2) {
                    if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                        self.add_codespace(lo, hi);
                    }
                }
            }
            b"endbfchar" => {
                for pair in operands.chunks_exact(2) {
                    if let [Operand::Str(src), dst] = pair {
                        if let (Some((code, len)), Some(units)) = (code_of(src), target_units(dst))
                        {
                            self.to_unicode.push(code, code, len, Target::Base(units));
                        }
                    }
                }
            }
            b"endbfrange" => {
                for triple in operands.chunks_exact(3) {
                    self.add_bfrange(triple);
                }
            }
            b"endcidchar" => {
                for pair in operands.chunks_exact(2) {
                    if let (Operand::Str(src), Some(cid)) = (&pair[0], pair[1].number()) {
                        if let Some((code, len)) = code_of(src) {
                            self.cids.push(code, code, len, cid.max(0.0) as u32);
                        }
                    }
                }
            }
            b"endcidrange" => {
                for triple in operands.chunks_exact(3) {
                    if let ([Operand::Str(lo), Operand::Str(hi), _], Some(cid)) =
                        (triple, triple[2].number())
                    {
                        if let (Some((l, len)), Some((h, _))) = (code_of(lo), code_of(hi)) {
                            self.cids.push(l, h, len, cid.max(0.0) as u32);
                        }
                    }
                }
            }
            b"usecmap" => {
                if let Some(Operand::Name(n)) = operands.last() {
                    self.uses = Some(String::from_utf8_lossy(n).into_owned());
                }
            }
            b"def" => {
                if let [Operand::Name(key), Operand::Name(value)] = operands {
                    if key.as_ref() == b"CMapName" {
                        self.name = Some(String::from_utf8_lossy(value).into_owned());
                    }
                }
            }
            _ => {}
        }
    }

    fn add_codespace(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return;
        }
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..lo.len()].copy_from_slice(lo);
        h[..hi.len()].copy_from_slice(hi);
        self.codespace.push((lo.len() as u8, l, h));
    }

    fn add_bfrange(&mut self, triple: &[Operand]) {
        let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
            return;
        };
        let (Some((l, len)), Some((h, _))) = (code_of(lo), code_of(hi)) else {
            return;
        };
        match dst {
            Operand::Str(s) => self
                .to_unicode
                .push(l, h, len, Target::Base(utf16_units(s))),
            Operand::Array(items) => {
                let list: Vec<Vec<u16>> = items
                    .iter()
                    .take(MAX_LIST)
                    .map(|i| target_units(i).unwrap_or_default())
                    .collect();
                self.to_unicode.push(l, h, len, Target::List(list));
            }
            _ => {}
        }
    }

    pub fn has_unicode(&self) -> bool {
        !self.to_unicode.is_empty()
    }

    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Appends the text of `code` (`len` bytes) to `out`; false when the map does not know it.
    pub fn unicode(&self, code: u32, len: u8, out: &mut String) -> bool {
        let Some(r) = self.to_unicode.get(code, len) else {
            return false;
        };
        let offset = code - r.lo;
        match &r.value {
            Target::Base(units) => {
                let Some((last, head)) = units.split_last() else {
                    return false;
                };
                let last = last.wrapping_add(offset as u16);
                push_utf16(head.iter().copied().chain([last]), out);
            }
            Target::List(list) => match list.get(offset as usize) {
                Some(units) if !units.is_empty() => push_utf16(units.iter().copied(), out),
                _ => return false,
            },
        }
        true
    }

    /// The glyph id a code selects, from `cidchar`/`cidrange`.
    pub fn cid(&self, code: u32, len: u8) -> Option<u32> {
        let r = self.cids.get(code, len)?;
        Some(r.value + (code - r.lo))
    }

    /// How many bytes the code at the start of `bytes` has, by the code-space ranges.
    pub fn code_len(&self, bytes: &[u8]) -> usize {
        for n in 1..=4usize.min(bytes.len()) {
            let fits = self.codespace.iter().any(|(len, lo, hi)| {
                usize::from(*len) == n && (0..n).all(|i| lo[i] <= bytes[i] && bytes[i] <= hi[i])
            });
            if fits {
                return n;
            }
        }
        // No range fits: the spec says to consume as many bytes as the shortest range has.
        let shortest = self.codespace.iter().map(|c| usize::from(c.0)).min();
        shortest.unwrap_or(1).min(bytes.len()).max(1)
    }
}

fn target_units(o: &Operand) -> Option<Vec<u16>> {
    match o {
        Operand::Str(s) => Some(utf16_units(s)),
        Operand::Name(n) => {
            let c = super::encoding::glyph_name_char(n)?;
            let mut buf = [0u16; 2];
            Some(c.encode_utf16(&mut buf).to_vec())
        }
        _ => None,
    }
}

fn push_utf16(units: impl Iterator<Item = u16>, out: &mut String) {
    for c in char::decode_utf16(units).flatten() {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0010> <4E00> <0011> <D840DC00> endbfchar
2 beginbfrange <0020> <0022> <5E74> <0030> <0031> [<0066006C> <62A5>] endbfrange
1 begincidrange <8140> <817F> 633 endcidrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    fn text(cmap: &CMap, code: u32, len: u8) -> Option<String> {
        let mut s = String::new();
        cmap.unicode(code, len, &mut s).then_some(s)
    }

    #[test]
    fn maps_chars_ranges_and_arrays() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.name.as_deref(), Some("Adobe-Identity-UCS"));
        assert_eq!(text(&c, 0x10, 2).as_deref(), Some("一"));
        assert_eq!(text(&c, 0x11, 2).as_deref(), Some("\u{20000}"));
        assert_eq!(text(&c, 0x21, 2).as_deref(), Some("\u{5E75}"));
        assert_eq!(text(&c, 0x30, 2).as_deref(), Some("fl"));
        assert_eq!(text(&c, 0x31, 2).as_deref(), Some("报"));
        assert_eq!(text(&c, 0x23, 2), None);
        // A sloppy length still finds the code.
        assert_eq!(text(&c, 0x10, 1).as_deref(), Some("一"));
    }

    #[test]
    fn code_space_and_cids() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.code_len(&[0x12, 0x34, 0x56]), 2);
        assert_eq!(c.cid(0x8142, 2), Some(635));
        let gbk = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange");
        assert_eq!(gbk.code_len(b"A\xc4\xea"), 1);
        assert_eq!(gbk.code_len(b"\xc4\xea"), 2);
    }
}
