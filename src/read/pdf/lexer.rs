//! Tokens of PDF content streams (and of CMaps, which share the syntax).
//!
//! Written by hand rather than using lopdf's content parser because that one stops at the first
//! token it does not understand (losing the rest of the page) and can panic on inline images.
//! Here every unexpected byte is skipped and parsing goes on.

use std::borrow::Cow;

/// An operand in front of an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Number(f32),
    Name(Cow<'a, [u8]>),
    /// A literal `( )` or hex `< >` string, already decoded to its bytes.
    Str(Vec<u8>),
    Array(Vec<Operand<'a>>),
    /// Booleans, null, dictionaries: never needed for text, kept only so operand counts stay right.
    Other,
}

impl Operand<'_> {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Operand(Operand<'a>),
    Operator(&'a [u8]),
}

/// Arrays nested deeper than this are cut off (a hostile file could nest them without end).
const MAX_DEPTH: usize = 32;

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        let b = self.peek()?;
        match b {
            b'(' => Some(Operand::Str(self.literal())),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.skip_dict();
                Some(Operand::Other)
            }
            b'<' => Some(Operand::Str(self.hex())),
            b'[' => {
                self.pos += 1;
                Some(Operand::Array(self.array(depth + 1)))
            }
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.name()))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => Some(Operand::Number(self.number())),
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Vec<Operand<'a>> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return items,
                Some(b']') => {
                    self.pos += 1;
                    return items;
                }
                Some(_) if depth > MAX_DEPTH => self.pos += 1,
                Some(_) => match self.operand(depth) {
                    Some(o) => items.push(o),
                    None => {
                        // `true`, `null` or junk inside an array: keep a placeholder for words.
                        let start = self.pos;
                        self.word();
                        if self.pos == start {
                            self.pos += 1;
                        }
                        items.push(Operand::Other);
                    }
                },
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let raw = self.word();
        if !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| Some(hex_val(h[0])? << 4 | hex_val(h[1])?));
            match (raw[i], hex) {
                (b'#', Some(v)) => {
                    out.push(v);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        Cow::Owned(out)
    }

    fn number(&mut self) -> f32 {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
        {
            self.pos += 1;
        }
        parse_number(&self.data[start..self.pos])
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1; // (
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(b),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(b) = self.peek() else { return };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            // A backslash at the end of a line continues the string on the next one.
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }

    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1; // <
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Skips a `<< … >>` dictionary (marked-content properties, inline image parameters).
    fn skip_dict(&mut self) {
        self.pos += 2;
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            match b {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return;
                    }
                }
                b'(' => {
                    self.literal();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips the binary data of an inline image, which runs from after `ID` to `EI`.
    fn skip_inline_image(&mut self) {
        let rest = &self.data[self.pos..];
        let end = rest.windows(3).enumerate().find_map(|(i, w)| {
            let after = rest.get(i + 3).copied();
            (is_white(w[0]) && &w[1..] == b"EI" && after.is_none_or(|a| !is_regular(a)))
                .then_some(i + 3)
        });
        self.pos += end.unwrap_or(rest.len());
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let b = self.peek()?;
            if let Some(op) = self.operand(0) {
                return Some(Token::Operand(op));
            }
            if !is_regular(b) {
                // A stray `)`, `>`, `]`, `{` or `}`: skip it.
                self.pos += 1;
                continue;
            }
            let word = self.word();
            match word {
                b"true" | b"false" | b"null" => return Some(Token::Operand(Operand::Other)),
                b"ID" => {
                    self.skip_inline_image();
                    return Some(Token::Operator(word));
                }
                _ => return Some(Token::Operator(word)),
            }
        }
    }
}

/// Parses a PDF number leniently: producers write `-.5`, `+3`, even `--2` or `1.2.3`.
pub fn parse_number(s: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while i < s.len() && matches!(s[i], b'+' | b'-') {
        neg ^= s[i] == b'-';
        i += 1;
    }
    let mut value = 0f64;
    let mut scale = 0f64;
    for &c in &s[i..] {
        match c {
            b'0'..=b'9' if scale == 0.0 => value = value * 10.0 + f64::from(c - b'0'),
            b'0'..=b'9' => {
                value += f64::from(c - b'0') * scale;
                scale /= 10.0;
            }
            b'.' if scale == 0.0 => scale = 0.1,
            _ => break,
        }
    }
    let v = if neg { -value } else { value };
    v as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<Token<'_>> {
        Lexer::new(s).collect()
    }

    #[test]
    fn reads_operators_and_operands() {
        let t = tokens(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)c\\101) Tj ET");
        assert_eq!(t[0], Token::Operator(b"BT"));
        assert_eq!(t[1], Token::Operand(Operand::Name(Cow::Borrowed(b"F1"))));
        assert_eq!(t[2], Token::Operand(Operand::Number(12.0)));
        assert_eq!(t[9], Token::Operand(Operand::Number(-0.5)));
        assert_eq!(t[11], Token::Operand(Operand::Str(b"a(b)cA".to_vec())));
        assert_eq!(t.last(), Some(&Token::Operator(b"ET")));
    }

    #[test]
    fn reads_hex_strings_arrays_and_skips_dicts() {
        let t = tokens(b"/P <</MCID 0 /X <</Y (>>)>> >> BDC [<4E00 5E74> -250 <0041>] TJ <41 4>");
        assert_eq!(t[1], Token::Operand(Operand::Other));
        assert_eq!(t[2], Token::Operator(b"BDC"));
        assert_eq!(
            t[3],
            Token::Operand(Operand::Array(vec![
                Operand::Str(vec![0x4E, 0x00, 0x5E, 0x74]),
                Operand::Number(-250.0),
                Operand::Str(vec![0x00, 0x41]),
            ]))
        );
        assert_eq!(t[5], Token::Operand(Operand::Str(vec![0x41, 0x40])));
    }

    #[test]
    fn skips_inline_image_data_and_junk() {
        let t = tokens(b"BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\xff\n EI Q ) } 1 0 Td");
        let ops: Vec<_> = t
            .iter()
            .filter_map(|t| match t {
                Token::Operator(o) => Some(*o),
                _ => None,
            })
            .collect();
        assert_eq!(ops, vec![&b"BI"[..], b"ID", b"Q", b"Td"]);
    }

    #[test]
    fn numbers_are_lenient() {
        assert_eq!(parse_number(b"--2"), 2.0);
        assert_eq!(parse_number(b"1.25.3"), 1.25);
        assert_eq!(parse_number(b"-"), 0.0);
        assert_eq!(parse_number(b"+.5"), 0.5);
    }

    #[test]
    fn names_decode_hex_escapes() {
        let t = tokens(b"/A#20B");
        assert_eq!(
            t[0],
            Token::Operand(Operand::Name(Cow::Owned(b"A B".to_vec())))
        );
    }
}
