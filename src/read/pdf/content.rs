//! Runs a page's content streams far enough to know where each character is drawn, and where
//! the straight lines are (table rules: they tell cells apart better than gaps do).
//!
//! Only what text and rules need is interpreted: the graphics state stack and `cm`, the text
//! operators, form XObjects, and path construction and painting. Colours, images and clipping
//! are ignored (images are only counted, to tell a scan from an empty page).

use super::encoding::push_clean;
use super::font::Font;
use super::lexer::{Lexer, Operand, Token};
use super::objects::{dict, get, inherited, name, numbers, stream_bytes};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// `[a b c d e f]`: maps `(x, y)` to `(a·x + c·y + e, b·x + d·y + f)`.
pub type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF's row-vector order: `m × n`).
fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One character as drawn, in device space (the page's default user space).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Byte range of its text in [`PageContent::text`].
    pub start: u32,
    pub end: u32,
    /// Origin on the baseline.
    pub x: f32,
    pub y: f32,
    /// Advance vector: from the origin to where the glyph ends.
    pub dx: f32,
    pub dy: f32,
    /// Font size as drawn (height of an em).
    pub size: f32,
    /// A space character was drawn just before this glyph in the same string run.
    pub space_before: bool,
}

/// A straight, axis-parallel stroke or thin filled bar: a table rule, an underline, a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    pub images: usize,
    /// The image XObjects drawn, with where (the matrix maps the unit square onto the page):
    /// a page without text is read from them (`super::scanned`).
    pub placed_images: Vec<(ObjectId, Matrix)>,
}

impl PageContent {
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        self.text
            .get(g.start as usize..g.end as usize)
            .unwrap_or("")
    }
}

/// Fonts are loaded once per document, however many pages and runs use them.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<FontKey, Rc<Font>>,
}

#[derive(Hash, PartialEq, Eq)]
enum FontKey {
    Object(ObjectId),
    /// A font dictionary written inline in a resource dictionary, keyed by its address (stable
    /// while the document lives).
    Inline(usize),
}

impl FontCache {
    fn get(
        &mut self,
        doc: &Document,
        resources: Option<&Dictionary>,
        name: &[u8],
    ) -> Option<Rc<Font>> {
        let fonts = dict(doc, resources?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let key = match entry {
            Object::Reference(id) => FontKey::Object(*id),
            other => FontKey::Inline(other as *const Object as usize),
        };
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        let font_dict = super::objects::resolve(doc, entry)?.as_dict().ok()?;
        let font = Rc::new(Font::load(doc, font_dict));
        self.fonts.insert(key, font.clone());
        Some(font)
    }
}

/// Limits that keep a hostile or absurd file from eating memory; real reports are far below.
const MAX_GLYPHS: usize = 400_000;
const MAX_SEGMENTS: usize = 50_000;
const MAX_FORM_DEPTH: usize = 12;
const MAX_IMAGES: usize = 1_000;
const MAX_STACK: usize = 256;

/// Reads one page.
pub fn page(doc: &Document, page_id: ObjectId, fonts: &mut FontCache) -> PageContent {
    let mut out = PageContent::default();
    let Ok(page) = doc.get_dictionary(page_id) else {
        return out;
    };
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let mut data = Vec::new();
    for id in doc.get_page_contents(page_id) {
        if let Ok(s) = doc.get_object(id).and_then(Object::as_stream) {
            data.extend_from_slice(&stream_bytes(s));
            // Streams of one page may split anywhere between tokens, never inside one.
            data.push(b'\n');
        }
    }
    let mut run = Interpreter {
        doc,
        fonts,
        out: &mut out,
        gs: GraphicsState::default(),
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        path: Path::default(),
        pending_space: false,
        forms: Vec::new(),
        scratch: String::new(),
    };
    run.run(&data, resources);
    out
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    /// `Tz` / 100.
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// The path being built, already in device space.
#[derive(Default)]
struct Path {
    /// Straight pieces, for stroking.
    lines: Vec<Segment>,
    /// Bounding boxes of subpaths made only of straight pieces, for filling.
    boxes: Vec<[f32; 4]>,
    start: (f32, f32),
    current: (f32, f32),
    sub_box: Option<[f32; 4]>,
    sub_straight: bool,
}

impl Path {
    fn extend_box(&mut self, p: (f32, f32)) {
        let b = self.sub_box.get_or_insert([p.0, p.1, p.0, p.1]);
        b[0] = b[0].min(p.0);
        b[1] = b[1].min(p.1);
        b[2] = b[2].max(p.0);
        b[3] = b[3].max(p.1);
    }

    fn end_subpath(&mut self) {
        if let Some(b) = self.sub_box.take() {
            if self.sub_straight {
                self.boxes.push(b);
            }
        }
        self.sub_straight = true;
    }

    fn move_to(&mut self, p: (f32, f32)) {
        self.end_subpath();
        self.start = p;
        self.current = p;
        self.extend_box(p);
    }

    fn line_to(&mut self, p: (f32, f32)) {
        self.lines.push(Segment {
            x0: self.current.0,
            y0: self.current.1,
            x1: p.0,
            y1: p.1,
        });
        self.current = p;
        self.extend_box(p);
    }

    fn curve_to(&mut self, p: (f32, f32)) {
        self.sub_straight = false;
        self.current = p;
        self.extend_box(p);
    }

    fn close(&mut self) {
        if self.current != self.start {
            self.line_to(self.start);
        }
        self.current = self.start;
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.boxes.clear();
        self.sub_box = None;
        self.sub_straight = true;
    }
}

struct Interpreter<'a, 'd> {
    doc: &'d Document,
    fonts: &'a mut FontCache,
    out: &'a mut PageContent,
    gs: GraphicsState,
    stack: Vec<GraphicsState>,
    tm: Matrix,
    tlm: Matrix,
    path: Path,
    pending_space: bool,
    /// Form XObjects being run, to stop a form that draws itself.
    forms: Vec<ObjectId>,
    scratch: String,
}

fn nums<const N: usize>(ops: &[Operand]) -> Option<[f32; N]> {
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut v = [0f32; N];
    for (slot, o) in v.iter_mut().zip(tail) {
        *slot = o.number().filter(|n| n.is_finite())?;
    }
    Some(v)
}

impl<'d> Interpreter<'_, 'd> {
    fn run(&mut self, data: &[u8], resources: Option<&'d Dictionary>) {
        let mut operands: Vec<Operand> = Vec::new();
        for token in Lexer::new(data) {
            crate::read::budget::checkpoint();
            match token {
                Token::Operand(o) => {
                    // Junk before an operator must not grow without bound.
                    if operands.len() < 64 {
                        operands.push(o);
                    }
                }
                Token::Operator(op) => {
                    self.operator(op, &operands, resources);
                    operands.clear();
                }
            }
        }
    }

    fn operator(&mut self, op: &[u8], ops: &[Operand], resources: Option<&'d Dictionary>) {
        match op {
            b"q" => {
                if self.stack.len() < MAX_STACK {
                    self.stack.push(self.gs.clone());
                }
            }
            b"Q" => {
                if let Some(gs) = self.stack.pop() {
                    self.gs = gs;
                }
            }
            b"cm" => {
                if let Some(m) = nums::<6>(ops) {
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
            }
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
                self.pending_space = false;
            }
            b"Tf" => {
                if let [.., Operand::Name(n), size] = ops {
                    self.gs.font = self.fonts.get(self.doc, resources, n);
                    self.gs.size = size.number().filter(|s| s.is_finite()).unwrap_or(0.0);
                }
            }
            b"Tc" => self.set(ops, |gs, [v]| gs.char_space = v),
            b"Tw" => self.set(ops, |gs, [v]| gs.word_space = v),
            b"Tz" => self.set(ops, |gs, [v]| gs.scale = v / 100.0),
            b"TL" => self.set(ops, |gs, [v]| gs.leading = v),
            b"Ts" => self.set(ops, |gs, [v]| gs.rise = v),
            b"Td" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    self.next_line(x, y);
                }
            }
            b"TD" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    self.gs.leading = -y;
                    self.next_line(x, y);
                }
            }
            b"Tm" => {
                if let Some(m) = nums::<6>(ops) {
                    self.tm = m;
                    self.tlm = m;
                    self.pending_space = false;
                }
            }
            b"T*" => self.next_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                if let [.., aw, ac, Operand::Str(s)] = ops {
                    self.gs.word_space = aw.number().unwrap_or(self.gs.word_space);
                    self.gs.char_space = ac.number().unwrap_or(self.gs.char_space);
                    self.next_line(0.0, -self.gs.leading);
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
                            Operand::Number(n) => {
                                let tx = -n / 1000.0 * self.gs.size * self.gs.scale;
                                self.advance(tx, 0.0);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(n)) = ops.last() {
                    self.xobject(n, resources);
                }
            }
            b"ID" => self.out.images += 1,
            _ => self.path_operator(op, ops),
        }
    }

    fn set(&mut self, ops: &[Operand], f: impl FnOnce(&mut GraphicsState, [f32; 1])) {
        if let Some(v) = nums::<1>(ops) {
            f(&mut self.gs, v);
        }
    }

    fn next_line(&mut self, x: f32, y: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], &self.tlm);
        self.tm = self.tlm;
        self.pending_space = false;
    }

    /// Moves the text position by `(tx, ty)` in text space.
    fn advance(&mut self, tx: f32, ty: f32) {
        let m = &mut self.tm;
        m[4] += tx * m[0] + ty * m[2];
        m[5] += tx * m[1] + ty * m[3];
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let gs = &self.gs;
        let (fs, th, rise) = (gs.size, gs.scale, gs.rise);
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = font.code_len(rest);
            let (code, tail) = rest.split_at(n.min(rest.len()));
            rest = tail;
            self.scratch.clear();
            let g = font.glyph(code, &mut self.scratch);
            let spacing = self.gs.char_space
                + if g.word_space {
                    self.gs.word_space
                } else {
                    0.0
                };
            let m = mul(&self.tm, &self.gs.ctm);
            let (x, y) = apply(&m, 0.0, rise);
            let size = fs * font.size_scale * m[2].hypot(m[3]);
            if font.vertical {
                // Vertical writing: each glyph one em below the last (the usual `/DW2`).
                let (ex, ey) = apply(&m, 0.0, rise - fs);
                self.emit(x, y, ex - x, ey - y, size);
                self.advance(0.0, -fs + spacing);
            } else {
                let w = g.width * fs * th;
                let (ex, ey) = apply(&m, w, rise);
                self.emit(x, y, ex - x, ey - y, size);
                self.advance(w + spacing * th, 0.0);
            }
        }
    }

    /// Records the glyph whose text is in `scratch`; spaces only mark the next glyph.
    fn emit(&mut self, x: f32, y: f32, dx: f32, dy: f32, size: f32) {
        let out = &mut *self.out;
        let start = out.text.len();
        for c in self.scratch.chars() {
            push_clean(c, &mut out.text);
        }
        if out.text[start..].trim().is_empty() {
            out.text.truncate(start);
            if !self.scratch.is_empty() {
                self.pending_space = true;
            }
            return;
        }
        // Text smaller than a point is not meant to be read (and a zero matrix hides it).
        if !(size >= 1.0 && size.is_finite()) || out.glyphs.len() >= MAX_GLYPHS {
            out.text.truncate(start);
            return;
        }
        out.glyphs.push(Glyph {
            start: start as u32,
            end: out.text.len() as u32,
            x,
            y,
            dx,
            dy,
            size,
            space_before: std::mem::take(&mut self.pending_space),
        });
    }

    fn xobject(&mut self, n: &[u8], resources: Option<&'d Dictionary>) {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| dict(doc, r, b"XObject")) else {
            return;
        };
        let Ok(entry) = xobjects.get(n) else { return };
        let id = entry.as_reference().ok();
        let Some(Object::Stream(s)) = super::objects::resolve(doc, entry) else {
            return;
        };
        match name(doc, &s.dict, b"Subtype") {
            Some(b"Image") => {
                self.out.images += 1;
                if let Some(id) = id.filter(|_| self.out.placed_images.len() < MAX_IMAGES) {
                    self.out.placed_images.push((id, self.gs.ctm));
                }
            }
            Some(b"Form") => {
                if self.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|i| self.forms.contains(&i))
                {
                    return;
                }
                let matrix = get(doc, &s.dict, b"Matrix")
                    .and_then(|m| m.as_array().ok())
                    .map(|a| numbers(doc, a))
                    .and_then(|v| <[f32; 6]>::try_from(v).ok())
                    .unwrap_or(IDENTITY);
                let form_resources = dict(doc, &s.dict, b"Resources").or(resources);
                let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
                self.gs.ctm = mul(&matrix, &self.gs.ctm);
                self.forms.extend(id);
                self.run(&stream_bytes(s), form_resources);
                if id.is_some() {
                    self.forms.pop();
                }
                (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
                self.stack.truncate(saved.3);
            }
            _ => {}
        }
    }

    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        apply(&self.gs.ctm, x, y)
    }

    fn path_operator(&mut self, op: &[u8], ops: &[Operand]) {
        match op {
            b"m" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.point(x, y);
                    self.path.move_to(p);
                }
            }
            b"l" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.point(x, y);
                    self.path.line_to(p);
                }
            }
            b"c" | b"v" | b"y" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.point(x, y);
                    self.path.curve_to(p);
                }
            }
            b"h" => self.path.close(),
            b"re" => {
                if let Some([x, y, w, h]) = nums::<4>(ops) {
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                    let p0 = self.point(x, y);
                    self.path.move_to(p0);
                    for &(cx, cy) in &corners[1..] {
                        let p = self.point(cx, cy);
                        self.path.line_to(p);
                    }
                    self.path.close();
                }
            }
            b"S" | b"s" => {
                if op == b"s" {
                    self.path.close();
                }
                self.stroke();
                self.path.clear();
            }
            b"f" | b"F" | b"f*" => {
                self.fill();
                self.path.clear();
            }
            b"B" | b"B*" | b"b" | b"b*" => {
                if op.starts_with(b"b") {
                    self.path.close();
                }
                self.stroke();
                self.fill();
                self.path.clear();
            }
            b"n" => self.path.clear(),
            _ => {}
        }
    }

    fn stroke(&mut self) {
        for s in &self.path.lines {
            let (w, h) = ((s.x1 - s.x0).abs(), (s.y1 - s.y0).abs());
            if (w < 1.0 || h < 1.0) && w.max(h) >= 2.0 {
                push_segment(&mut self.out.segments, *s);
            }
        }
    }

    /// A filled bar a few points thick is a rule drawn as a rectangle (Word does this).
    fn fill(&mut self) {
        self.path.end_subpath();
        for b in &self.path.boxes {
            let (w, h) = (b[2] - b[0], b[3] - b[1]);
            if w <= 3.0 && h >= 2.0 {
                let x = (b[0] + b[2]) / 2.0;
                push_segment(
                    &mut self.out.segments,
                    Segment {
                        x0: x,
                        y0: b[1],
                        x1: x,
                        y1: b[3],
                    },
                );
            } else if h <= 3.0 && w >= 2.0 {
                let y = (b[1] + b[3]) / 2.0;
                push_segment(
                    &mut self.out.segments,
                    Segment {
                        x0: b[0],
                        y0: y,
                        x1: b[2],
                        y1: y,
                    },
                );
            }
        }
    }
}

fn push_segment(segments: &mut Vec<Segment>, s: Segment) {
    if segments.len() < MAX_SEGMENTS {
        segments.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page document whose font F1 is a WinAnsi simple font with 500-unit glyphs.
    fn page_with(content: &[u8]) -> PageContent {
        let mut doc = Document::new();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let form = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "Form", "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()] },
            b"BT /F1 10 Tf 0 0 Td (F) Tj ET".to_vec(),
        ));
        let contents = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Contents" => Object::Reference(contents),
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => Object::Reference(font) },
                "XObject" => dictionary! { "X1" => Object::Reference(form) },
            },
        });
        page_of(&doc, page)
    }

    fn page_of(doc: &Document, id: ObjectId) -> PageContent {
        page(doc, id, &mut FontCache::default())
    }

    #[test]
    fn positions_follow_the_text_matrix() {
        let p =
            page_with(b"BT /F1 10 Tf 1 0 0 1 50 700 Tm (ab) Tj 20 -14 Td [(c) -1000 (d)] TJ ET");
        let xs: Vec<_> = p
            .glyphs
            .iter()
            .map(|g| (p.glyph_text(g).to_string(), g.x, g.y))
            .collect();
        assert_eq!(
            xs,
            vec![
                ("a".to_string(), 50.0, 700.0),
                ("b".to_string(), 55.0, 700.0),
                ("c".to_string(), 70.0, 686.0),
                ("d".to_string(), 85.0, 686.0),
            ]
        );
        assert!(p.glyphs.iter().all(|g| g.size == 10.0 && g.dx == 5.0));
    }

    #[test]
    fn spaces_mark_the_next_glyph_and_cm_scales() {
        let p = page_with(
            b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 10 Td (a b) Tj ET Q BT /F1 10 Tf (z) Tj ET",
        );
        let g = &p.glyphs;
        assert_eq!(g.len(), 3);
        assert_eq!((g[0].x, g[0].size), (20.0, 20.0));
        assert!(g[1].space_before && !g[0].space_before);
        assert_eq!((g[2].x, g[2].size), (0.0, 10.0));
    }

    #[test]
    fn forms_and_rules() {
        let p = page_with(b"q 1 0 0 1 0 500 cm /X1 Do Q 10 10 m 10 300 l S 20 20 0.5 200 re f 0 0 300 400 re f 5 5 m 50 50 l S BI /W 1 /H 1 ID \x00 EI");
        assert_eq!(p.glyphs.len(), 1);
        assert_eq!((p.glyphs[0].x, p.glyphs[0].y), (100.0, 500.0));
        assert_eq!(
            p.segments,
            vec![
                Segment {
                    x0: 10.0,
                    y0: 10.0,
                    x1: 10.0,
                    y1: 300.0
                },
                Segment {
                    x0: 20.25,
                    y0: 20.0,
                    x1: 20.25,
                    y1: 220.0
                },
            ]
        );
        assert_eq!(p.images, 1);
    }
}
