//! One OFD page's graphic objects as the glyphs and ruling lines a PDF's text layer gives
//! (`pdf::content::PageContent`), so that the one layout code (`pdf::layout`) builds its lines
//! and table rows.
//!
//! OFD measures in millimetres with the origin at the top left and y running down; a PDF page in
//! points with y running up. Every position is mapped once, here: a point of an object is placed
//! by its `CTM` (default identity) and then moved by its `Boundary`'s origin onto the page
//! (millimetres, y down), then scaled by [`MM`] and flipped against the page height.
//!
//! - `TextObject`: each `TextCode` starts at its `X`, `Y` (the baseline; a code without them goes
//!   on where the previous one ended) and moves on by `DeltaX`/`DeltaY`, whose `g N v` stands for
//!   N times v. The text is Unicode already: fonts are not needed to read it.
//! - `PathObject`: the straight pieces of its `AbbreviatedData` (`M x y L x y … C`) that are thin
//!   and long enough become ruling lines, strokes and thin filled bars alike, as in a PDF.
//! - `ImageObject`: recorded with the area it covers, for a page without text (a scan).

use super::tree::El;
use crate::read::pdf::content::{Glyph, PageContent, Segment};
use crate::read::{budget, ReadError};

/// Points per millimetre.
pub(super) const MM: f32 = 72.0 / 25.4;
/// Limits that keep a hostile page from eating memory; real report pages are far below.
pub(super) const MAX_GLYPHS: usize = 400_000;
pub(super) const MAX_SEGMENTS: usize = 50_000;
pub(super) const MAX_OBJECTS: usize = 200_000;
const MAX_IMAGES: usize = 1_000;
/// Positions further than this many points off the page are not on it (and not kept).
const FAR: f32 = 10_000.0;
/// A text object's size when it gives none (it must): about 小四.
const DEFAULT_SIZE_MM: f32 = 4.2;

/// `[a b c d e f]`: maps `(x, y)` to `(a·x + c·y + e, b·x + d·y + f)`, as OFD's `CTM`.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// An image drawn on the page: its resource and the area it covers (mm²).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PlacedImage {
    pub resource: String,
    pub area: f32,
}

#[derive(Debug)]
pub(super) struct Page {
    pub content: PageContent,
    pub images: Vec<PlacedImage>,
    /// The page's height in millimetres (to flip y).
    height: f32,
    width: f32,
    objects: usize,
}

/// The numbers of an attribute (`"0 0 210 297"`); commas are separators too.
pub(super) fn numbers(s: &str) -> Vec<f32> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<f32>().unwrap_or(f32::NAN))
        .collect()
}

fn number(s: Option<&str>) -> Option<f32> {
    s?.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

/// Where an object's own coordinates go on the page (millimetres, y down): its `CTM`, then
/// its `Boundary`'s origin.
fn placement(el: El<'_>) -> Matrix {
    let boundary = el.attr("Boundary").map(numbers).unwrap_or_default();
    let (bx, by) = match boundary[..] {
        [x, y, ..] if x.is_finite() && y.is_finite() => (x, y),
        _ => (0.0, 0.0),
    };
    let ctm = match el.attr("CTM").map(numbers).as_deref() {
        Some(&[a, b, c, d, e, f]) if [a, b, c, d, e, f].iter().all(|v| v.is_finite()) => {
            [a, b, c, d, e, f]
        }
        _ => IDENTITY,
    };
    [ctm[0], ctm[1], ctm[2], ctm[3], ctm[4] + bx, ctm[5] + by]
}

/// Advances of a `DeltaX` or `DeltaY`: numbers, and `g N v` for N times v. At most `want` of
/// them, however many a `g` claims.
pub(super) fn deltas(spec: Option<&str>, want: usize) -> Vec<f32> {
    let mut out = Vec::new();
    let mut tokens = spec.unwrap_or("").split_ascii_whitespace();
    while out.len() < want {
        let Some(t) = tokens.next() else { break };
        if t == "g" {
            let count = tokens.next().and_then(|n| n.parse::<u64>().ok());
            let value = tokens.next().and_then(|v| v.parse::<f32>().ok());
            let (Some(count), Some(value)) = (count, value) else {
                break;
            };
            let n = usize::try_from(count)
                .unwrap_or(usize::MAX)
                .min(want - out.len());
            out.extend(std::iter::repeat_n(value, n));
        } else {
            out.push(t.parse::<f32>().unwrap_or(f32::NAN));
        }
    }
    out
}

/// A character's width when nothing says it, in ems: CJK characters, their punctuation, the
/// full-width forms and the quotes and dashes of a Chinese font fill an em.
fn nominal_width(c: char) -> f32 {
    if u32::from(c) >= 0x2E80 || matches!(c, '—' | '‘' | '’' | '“' | '”' | '…') {
        1.0
    } else {
        0.5
    }
}

impl Page {
    /// A page `width` × `height` millimetres.
    pub(super) fn new(width: f32, height: f32) -> Page {
        Page {
            content: PageContent::default(),
            images: Vec::new(),
            height,
            width,
            objects: 0,
        }
    }

    /// The page box in points, as the layout takes it.
    pub(super) fn frame(&self) -> [f32; 4] {
        [0.0, 0.0, self.width * MM, self.height * MM]
    }

    /// A page point (millimetres, y down) in the PDF frame (points, y up).
    fn to_pt(&self, (x, y): (f32, f32)) -> (f32, f32) {
        (x * MM, (self.height - y) * MM)
    }

    fn on_page(&self, (x, y): (f32, f32)) -> bool {
        let [_, _, w, h] = self.frame();
        x.is_finite() && y.is_finite() && x > -FAR && y > -FAR && x < w + FAR && y < h + FAR
    }

    /// Adds the graphic objects under `el` (the page's `Content`, a `Layer`, a `PageBlock`).
    pub(super) fn add(&mut self, el: El<'_>) -> Result<(), ReadError> {
        for child in el.children() {
            budget::checkpoint();
            self.objects += 1;
            if self.objects > MAX_OBJECTS {
                return Err(ReadError::Bloated(format!(
                    "的一页有超过 {} 万个图形对象",
                    MAX_OBJECTS / 10_000
                )));
            }
            match child.name() {
                "Layer" | "PageBlock" | "Content" => self.add(child)?,
                "TextObject" => self.text(child)?,
                "PathObject" => self.path(child)?,
                "ImageObject" => self.image(child),
                _ => {}
            }
        }
        Ok(())
    }

    fn text(&mut self, el: El<'_>) -> Result<(), ReadError> {
        let m = placement(el);
        let size = number(el.attr("Size"))
            .filter(|s| *s > 0.0 && *s < 1_000.0)
            .unwrap_or(DEFAULT_SIZE_MM);
        // The em as drawn: the CTM's scale across the baseline.
        let size_pt = size * m[2].hypot(m[3]) * MM;
        if !(size_pt.is_finite() && size_pt > 0.01) {
            return Ok(());
        }
        // Where the next character goes when a TextCode gives no X or Y.
        let mut pen = (0.0f32, 0.0f32);
        for code in el.children().filter(|c| c.name() == "TextCode") {
            let text = code.text();
            let count = text.chars().count();
            let (mut x, mut y) = (
                number(code.attr("X")).unwrap_or(pen.0),
                number(code.attr("Y")).unwrap_or(pen.1),
            );
            let dx = deltas(code.attr("DeltaX"), count);
            let dy = deltas(code.attr("DeltaY"), count);
            let mut space = false;
            for (i, ch) in text.chars().enumerate() {
                let nominal = nominal_width(ch) * size;
                let advance = dx.get(i).copied().filter(|a| a.is_finite());
                if ch.is_whitespace() || ch.is_control() {
                    space |= ch.is_whitespace();
                } else {
                    // The glyph's own width: its advance, unless the advance also spreads it
                    // from its neighbour (justified text, columns of a table).
                    let width = advance
                        .filter(|a| *a > 0.0)
                        .map_or(nominal, |a| a.min(nominal));
                    self.glyph(&m, (x, y), width, size_pt, ch, std::mem::take(&mut space))?;
                }
                x += advance.unwrap_or(nominal);
                y += dy.get(i).copied().filter(|d| d.is_finite()).unwrap_or(0.0);
            }
            pen = (x, y);
        }
        Ok(())
    }

    fn glyph(
        &mut self,
        m: &Matrix,
        (x, y): (f32, f32),
        width: f32,
        size: f32,
        ch: char,
        space_before: bool,
    ) -> Result<(), ReadError> {
        let origin = self.to_pt(apply(m, x, y));
        let end = self.to_pt(apply(m, x + width, y));
        if !self.on_page(origin) || !self.on_page(end) {
            return Ok(());
        }
        if self.content.glyphs.len() >= MAX_GLYPHS {
            return Err(ReadError::Bloated(format!(
                "的一页有超过 {} 万个文字",
                MAX_GLYPHS / 10_000
            )));
        }
        let start = self.content.text.len() as u32;
        self.content.text.push(ch);
        self.content.glyphs.push(Glyph {
            start,
            end: self.content.text.len() as u32,
            x: origin.0,
            y: origin.1,
            dx: end.0 - origin.0,
            dy: end.1 - origin.1,
            size,
            space_before,
        });
        Ok(())
    }

    fn path(&mut self, el: El<'_>) -> Result<(), ReadError> {
        let stroke = el.attr("Stroke").is_none_or(|v| v.trim() != "false");
        let fill = el.attr("Fill").is_some_and(|v| v.trim() == "true");
        if !stroke && !fill {
            return Ok(());
        }
        let Some(data) = el.child_text("AbbreviatedData") else {
            return Ok(());
        };
        let m = placement(el);
        let place = |x: f32, y: f32| self.to_pt(apply(&m, x, y));
        let shape = Shape::parse(data, place);
        if stroke {
            for &(a, b) in &shape.lines {
                let (w, h) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                if (w < 1.0 || h < 1.0) && w.max(h) >= 2.0 {
                    self.segment(a, b)?;
                }
            }
        }
        if fill {
            // A filled bar a few points thick is a rule drawn as a rectangle.
            for [x0, y0, x1, y1] in shape.boxes {
                let (w, h) = (x1 - x0, y1 - y0);
                if w <= 3.0 && h >= 2.0 {
                    let x = (x0 + x1) / 2.0;
                    self.segment((x, y0), (x, y1))?;
                } else if h <= 3.0 && w >= 2.0 {
                    let y = (y0 + y1) / 2.0;
                    self.segment((x0, y), (x1, y))?;
                }
            }
        }
        Ok(())
    }

    fn segment(&mut self, a: (f32, f32), b: (f32, f32)) -> Result<(), ReadError> {
        if !self.on_page(a) || !self.on_page(b) {
            return Ok(());
        }
        if self.content.segments.len() >= MAX_SEGMENTS {
            return Err(ReadError::Bloated(format!(
                "的一页有超过 {} 万条线",
                MAX_SEGMENTS / 10_000
            )));
        }
        self.content.segments.push(Segment {
            x0: a.0,
            y0: a.1,
            x1: b.0,
            y1: b.1,
        });
        Ok(())
    }

    fn image(&mut self, el: El<'_>) {
        let Some(resource) = el.attr("ResourceID").map(str::trim) else {
            return;
        };
        if self.images.len() >= MAX_IMAGES {
            return;
        }
        let m = placement(el);
        // The CTM maps the image's unit square onto the page.
        let mut area = (m[0] * m[3] - m[1] * m[2]).abs();
        if !(area.is_finite() && area > 0.0) {
            area = match el.attr("Boundary").map(numbers).as_deref() {
                Some(&[_, _, w, h]) if (w * h).is_finite() => (w * h).abs(),
                _ => 0.0,
            };
        }
        self.content.images += 1;
        self.images.push(PlacedImage {
            resource: resource.to_string(),
            area,
        });
    }
}

/// The straight pieces of a path and the boxes of its subpaths, in the PDF frame.
#[derive(Debug, Default)]
struct Shape {
    lines: Vec<((f32, f32), (f32, f32))>,
    /// `[x0, y0, x1, y1]` around each subpath.
    boxes: Vec<[f32; 4]>,
}

impl Shape {
    /// Reads `AbbreviatedData`: `S`/`M` x y (a new subpath), `L` x y (a line), `Q` (2 points),
    /// `B` (3 points), `A` (rx ry angle large sweep x y), `C` (close). A command letter may be
    /// left out for a repeat of the one before. Junk ends the path.
    fn parse(data: &str, place: impl Fn(f32, f32) -> (f32, f32)) -> Shape {
        let mut shape = Shape::default();
        let mut tokens = data.split_ascii_whitespace().peekable();
        let mut start: Option<(f32, f32)> = None;
        let mut at: Option<(f32, f32)> = None;
        let mut bbox: Option<[f32; 4]> = None;
        let mut command = "";
        let mut count = 0usize;
        loop {
            count += 1;
            if count.is_multiple_of(256) {
                budget::checkpoint();
            }
            let Some(&t) = tokens.peek() else { break };
            if t.chars().all(|c| c.is_ascii_alphabetic()) {
                command = t;
                tokens.next();
            } else if command.is_empty() || command == "C" {
                break;
            }
            let args = match command {
                "S" | "M" | "L" => 2,
                "Q" => 4,
                "B" => 6,
                "A" => 7,
                "C" => 0,
                _ => break,
            };
            let mut v = [0f32; 7];
            let mut ok = true;
            for slot in v.iter_mut().take(args) {
                match tokens.next().and_then(|n| n.parse::<f32>().ok()) {
                    Some(n) if n.is_finite() => *slot = n,
                    _ => ok = false,
                }
            }
            if !ok {
                break;
            }
            let end = match command {
                "C" => {
                    if let (Some(a), Some(s)) = (at, start) {
                        shape.lines.push((a, s));
                    }
                    at = start;
                    continue;
                }
                "A" => place(v[5], v[6]),
                _ => place(v[args - 2], v[args - 1]),
            };
            if !(end.0.is_finite() && end.1.is_finite()) {
                break;
            }
            match command {
                "S" | "M" => {
                    if let Some(b) = bbox.take() {
                        shape.boxes.push(b);
                    }
                    start = Some(end);
                }
                "L" => {
                    if let Some(a) = at {
                        shape.lines.push((a, end));
                    }
                }
                _ => {}
            }
            if start.is_none() {
                start = Some(end);
            }
            let b = bbox.get_or_insert([end.0, end.1, end.0, end.1]);
            if let Some(a) = at.filter(|_| !matches!(command, "S" | "M")) {
                grow(b, a);
            }
            grow(b, end);
            at = Some(end);
        }
        if let Some(b) = bbox {
            shape.boxes.push(b);
        }
        shape
    }
}

fn grow(b: &mut [f32; 4], (x, y): (f32, f32)) {
    b[0] = b[0].min(x);
    b[1] = b[1].min(y);
    b[2] = b[2].max(x);
    b[3] = b[3].max(y);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::ofd::tree::Tree;

    fn page_of(content: &str) -> Page {
        let xml = format!("<Page><Content><Layer>{content}</Layer></Content></Page>");
        let tree = Tree::parse(xml.as_bytes(), "Content.xml").unwrap();
        let mut page = Page::new(210.0, 297.0);
        page.add(tree.root().child("Content").unwrap()).unwrap();
        page
    }

    #[test]
    fn g_repeats_and_is_bounded_by_the_text() {
        assert_eq!(deltas(Some("1 g 3 2.5 4"), 10), [1.0, 2.5, 2.5, 2.5, 4.0]);
        assert_eq!(deltas(Some("g 4000000000 1"), 3), [1.0, 1.0, 1.0]);
        assert_eq!(deltas(None, 3), Vec::<f32>::new());
        assert_eq!(deltas(Some("g x"), 3), Vec::<f32>::new());
    }

    #[test]
    fn text_codes_are_placed_by_boundary_ctm_and_deltas() {
        let page = page_of(
            r#"<TextObject Boundary="20 30 100 10" Size="5">
                 <TextCode X="0" Y="4" DeltaX="g 3 6">总计 1</TextCode>
               </TextObject>
               <TextObject Boundary="20 50 100 10" Size="1" CTM="4 0 0 4 0 0">
                 <TextCode X="1" Y="1">二</TextCode><TextCode>三</TextCode>
               </TextObject>"#,
        );
        let p = &page.content;
        assert_eq!(p.text, "总计1二三");
        let g = &p.glyphs;
        assert!((g[0].x - 20.0 * MM).abs() < 0.01);
        assert!((g[0].y - (297.0 - 34.0) * MM).abs() < 0.01);
        assert!((g[0].size - 5.0 * MM).abs() < 0.01);
        assert!((g[1].x - 26.0 * MM).abs() < 0.01);
        // The space takes its advance and is no glyph; "1" is half an em wide.
        assert!((g[2].x - 38.0 * MM).abs() < 0.01 && g[2].space_before);
        assert!((g[2].dx - 2.5 * MM).abs() < 0.01);
        // Scaled by the CTM: 4 mm characters, the second code going on after the first.
        assert!((g[3].x - 24.0 * MM).abs() < 0.01 && (g[3].size - 4.0 * MM).abs() < 0.01);
        assert!((g[4].x - 28.0 * MM).abs() < 0.01 && (g[4].y - g[3].y).abs() < 0.01);
    }

    #[test]
    fn thin_strokes_and_bars_are_rules_curves_and_blocks_are_not() {
        let page = page_of(
            r#"<PathObject Boundary="10 10 100 50"><AbbreviatedData>M 0 0 L 100 0 L 100 50 L 0 50 C</AbbreviatedData></PathObject>
               <PathObject Boundary="10 70 100 1" Fill="true" Stroke="false"><AbbreviatedData>M 0 0 L 100 0 L 100 0.3 L 0 0.3 C</AbbreviatedData></PathObject>
               <PathObject Boundary="10 80 50 50" Fill="true" Stroke="false"><AbbreviatedData>M 0 0 L 50 0 L 50 50 L 0 50 C</AbbreviatedData></PathObject>
               <PathObject Boundary="0 0 9 9"><AbbreviatedData>M 0 0 B 1 1 2 2 3 3 Q 1 1 5 5</AbbreviatedData></PathObject>
               <PathObject Boundary="0 0 9 9"><AbbreviatedData>M 0 0 L 1e39 0 L nonsense</AbbreviatedData></PathObject>"#,
        );
        let s = &page.content.segments;
        assert_eq!(s.len(), 5, "{s:?}");
        assert!((s[0].x0 - 10.0 * MM).abs() < 0.01 && (s[0].y0 - 287.0 * MM).abs() < 0.01);
        assert!((s[4].y0 - (297.0 - 70.15) * MM).abs() < 0.01);
    }

    #[test]
    fn far_and_broken_coordinates_are_dropped() {
        let page = page_of(
            r#"<TextObject Boundary="1e30 1e30 1 1" Size="5"><TextCode X="0" Y="0">远</TextCode></TextObject>
               <TextObject Boundary="0 0 1 1" Size="NaN" CTM="1 0 0 1e38 0 0"><TextCode X="0" Y="5">大</TextCode></TextObject>
               <TextObject Boundary="0 0 1 1" Size="5"><TextCode X="inf" Y="5" DeltaX="1e38">近远</TextCode></TextObject>"#,
        );
        assert_eq!(page.content.text, "近");
    }

    #[test]
    fn images_are_kept_with_their_area() {
        let page = page_of(
            r#"<ImageObject Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID=" 7 "/>
               <PageBlock><ImageObject Boundary="0 0 20 20" ResourceID="8"/></PageBlock>"#,
        );
        assert_eq!(
            page.images,
            [
                PlacedImage {
                    resource: "7".into(),
                    area: 210.0 * 297.0
                },
                PlacedImage {
                    resource: "8".into(),
                    area: 1.0
                }
            ]
        );
    }
}
