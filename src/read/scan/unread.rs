//! Ink the OCR did not read. A table cell left blank on a scan is taken as 0 like any blank cell,
//! but on a scan it may hold a figure the detector never found (a squashed fax, a faint print,
//! a reading too unsure to keep). So each ruled cell of a value column that holds no word is
//! looked at: if it has ink the size of a character, it gets a mark ([`UNREAD`]) in place of
//! the figure, and the cell is reported as unread instead of becoming an implied 0.
//!
//! Only cells closed by rules on all four sides are looked at, in a column where another row
//! holds a figure the OCR did read, in a row that holds some word: a table's value cells, never
//! its labels, headings or the text around it. Specks (a fax's noise, a stroke of a seal left
//! after its removal) are smaller than a character and are not ink here.

use super::ocr::ReadWord;
use super::{CharRead, Word};
use crate::read::pdf::content::Segment;
use image::RgbImage;

/// The text of the mark put where a cell holds ink the OCR did not read. A fullwidth question
/// mark: it renders in every font the app uses, and it is no number, dash or label to the
/// recogniser. It is told from a real `？` by its probability, 0.
pub const UNREAD: char = '？';

/// Rules closer than this (pixels) are one line.
const SAME_LINE: f32 = 4.0;
/// A rule must reach this close (pixels) to the corner of a cell to close that side.
const REACH: f32 = 6.0;
/// Darker than this is ink (the page is flattened: paper is near 255, print near 0).
const INK: u8 = 140;

/// Marks for the ruled value cells of a page that hold ink but none of `words`.
pub fn marks(image: &RgbImage, rules: &[Segment], words: &[ReadWord], page: u32) -> Vec<ReadWord> {
    let Some(text_h) = figure_height(words) else {
        return Vec::new();
    };
    let grid = Grid::of(rules);
    let mut out = Vec::new();
    for cell in grid.cells() {
        let [x0, y0, x1, y1] = cell;
        let h = y1 - y0;
        // A cell of one line of text; a header spanning several lines is no value cell.
        if h < text_h * 0.8 || h > text_h * 4.0 || x1 - x0 < text_h * 0.8 {
            continue;
        }
        if words.iter().any(|w| overlaps(&w.word.bbox, &cell)) {
            continue;
        }
        if !in_value_column(words, &cell) || !row_has_words(words, &cell) {
            continue;
        }
        if let Some(ink) = ink_box(image, &cell, text_h) {
            out.push(mark(ink, page));
        }
    }
    out
}

/// The typical height of a figure's text on the page (the median box of the words that are
/// figures); none when the page has no figure, so no value column either.
fn figure_height(words: &[ReadWord]) -> Option<f32> {
    let mut hs: Vec<f32> = words
        .iter()
        .filter(|w| is_figure(&w.word.text))
        .map(|w| w.word.bbox[3] - w.word.bbox[1])
        .collect();
    hs.sort_by(f32::total_cmp);
    // The detector's box is wider than the text it holds (see page::TEXT_SHARE).
    hs.get(hs.len() / 2).map(|h| h * super::page::TEXT_SHARE)
}

fn is_figure(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Whether a word's box lies in the cell for the most part, or its middle does.
fn overlaps(b: &[f32; 4], cell: &[f32; 4]) -> bool {
    let w = (b[2].min(cell[2]) - b[0].max(cell[0])).max(0.0);
    let h = (b[3].min(cell[3]) - b[1].max(cell[1])).max(0.0);
    let area = ((b[2] - b[0]) * (b[3] - b[1])).max(1.0);
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    w * h >= area * 0.3 || (cell[0] <= cx && cx <= cell[2] && cell[1] <= cy && cy <= cell[3])
}

/// Another row of the cell's column holds a figure read by the OCR.
fn in_value_column(words: &[ReadWord], cell: &[f32; 4]) -> bool {
    words.iter().any(|w| {
        let cx = (w.word.bbox[0] + w.word.bbox[2]) / 2.0;
        is_figure(&w.word.text) && cell[0] < cx && cx < cell[2]
    })
}

/// The cell's row holds some word (its label, or other figures): a row of the table.
fn row_has_words(words: &[ReadWord], cell: &[f32; 4]) -> bool {
    words.iter().any(|w| {
        let cy = (w.word.bbox[1] + w.word.bbox[3]) / 2.0;
        cell[1] < cy && cy < cell[3]
    })
}

/// The box of the character-sized ink inside the cell, its rules left out; none when the cell
/// is clean or holds only specks.
fn ink_box(image: &RgbImage, cell: &[f32; 4], text_h: f32) -> Option<[f32; 4]> {
    // Inside the rules: a thick or slightly slanted rule is not ink of the cell.
    let margin = (text_h * 0.2).max(4.0);
    let (w, h) = (image.width() as f32, image.height() as f32);
    let x0 = (cell[0] + margin).clamp(0.0, w) as u32;
    let x1 = (cell[2] - margin).clamp(0.0, w) as u32;
    let y0 = (cell[1] + margin).clamp(0.0, h) as u32;
    let y1 = (cell[3] - margin).clamp(0.0, h) as u32;
    if x1 <= x0 + 1 || y1 <= y0 + 1 {
        return None;
    }
    let (cw, ch) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let mut ink = vec![false; cw * ch];
    for y in 0..ch {
        for x in 0..cw {
            ink[y * cw + x] = image.get_pixel(x0 + x as u32, y0 + y as u32)[0] < INK;
        }
    }
    // A stroke of a character is a few pixels wide and a good part of its height long.
    let min_pixels = ((text_h * text_h) / 40.0).max(6.0) as usize;
    let found = components(&ink, cw, ch)
        .into_iter()
        .filter(|c| c.pixels >= min_pixels && !is_rule_piece(c, text_h))
        .map(|c| c.bbox)
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })?;
    let tall = (found[3] - found[1] + 1) as f32;
    (tall >= text_h * 0.45).then(|| {
        [
            x0 as f32 + found[0] as f32,
            y0 as f32 + found[1] as f32,
            x0 as f32 + found[2] as f32 + 1.0,
            y0 as f32 + found[3] as f32 + 1.0,
        ]
    })
}

struct Component {
    pixels: usize,
    /// `[x0, y0, x1, y1]`, inclusive.
    bbox: [usize; 4],
}

/// Whether a component is a piece of a vertical rule left inside the cell (a phone photo's
/// rules bow, and the straight line found for one leaves a sliver of it in the cells beside):
/// a stroke as thin as a rule and taller than any figure of the page. A figure's box is about
/// its text height; a `1` is as thin but no taller.
fn is_rule_piece(c: &Component, text_h: f32) -> bool {
    let width = (c.bbox[2] - c.bbox[0] + 1) as f32;
    let height = (c.bbox[3] - c.bbox[1] + 1) as f32;
    height > text_h * 1.5 && width <= (text_h * 0.2).max(3.0)
}

/// The 8-connected components of `ink` (`w`×`h`).
fn components(ink: &[bool], w: usize, h: usize) -> Vec<Component> {
    let mut seen = vec![false; ink.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..ink.len() {
        if !ink[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut c = Component {
            pixels: 0,
            bbox: [start % w, start / w, start % w, start / w],
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            c.pixels += 1;
            c.bbox = [
                c.bbox[0].min(x),
                c.bbox[1].min(y),
                c.bbox[2].max(x),
                c.bbox[3].max(y),
            ];
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let j = ny * w + nx;
                    if ink[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

fn mark(bbox: [f32; 4], page: u32) -> ReadWord {
    ReadWord {
        word: Word {
            text: UNREAD.to_string(),
            confidence: 0.0,
            page,
            bbox,
            chars: vec![CharRead {
                ch: UNREAD,
                prob: 0.0,
                alternatives: Vec::new(),
            }],
        },
        centres: vec![(bbox[0] + bbox[2]) / 2.0],
    }
}

/// A page's rules as lines: horizontal ones by y, vertical ones by x.
struct Grid {
    across: Vec<(f32, f32, f32)>,
    down: Vec<(f32, f32, f32)>,
}

impl Grid {
    fn of(rules: &[Segment]) -> Grid {
        let mut across = Vec::new();
        let mut down = Vec::new();
        for s in rules {
            if (s.y0 - s.y1).abs() < 0.5 {
                across.push((s.y0, s.x0.min(s.x1), s.x0.max(s.x1)));
            } else if (s.x0 - s.x1).abs() < 0.5 {
                down.push((s.x0, s.y0.min(s.y1), s.y0.max(s.y1)));
            }
        }
        Grid { across, down }
    }

    /// Every rectangle between two neighbouring distinct horizontal lines and two neighbouring
    /// distinct vertical ones that rules close on all four sides.
    fn cells(&self) -> Vec<[f32; 4]> {
        let ys = distinct(self.across.iter().map(|l| l.0));
        let xs = distinct(self.down.iter().map(|l| l.0));
        let mut out = Vec::new();
        for y in ys.windows(2) {
            for x in xs.windows(2) {
                let (x0, x1, y0, y1) = (x[0], x[1], y[0], y[1]);
                let closed = spans(&self.across, y0, x0, x1)
                    && spans(&self.across, y1, x0, x1)
                    && spans(&self.down, x0, y0, y1)
                    && spans(&self.down, x1, y0, y1);
                if closed {
                    out.push([x0, y0, x1, y1]);
                }
            }
        }
        out
    }
}

/// Some line at `at` runs from `from` to `to`.
fn spans(lines: &[(f32, f32, f32)], at: f32, from: f32, to: f32) -> bool {
    lines
        .iter()
        .any(|l| (l.0 - at).abs() <= SAME_LINE && l.1 <= from + REACH && to <= l.2 + REACH)
}

/// The positions, sorted, with those closer than [`SAME_LINE`] taken as one.
fn distinct(at: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = at.collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for a in v {
        if out.last().is_none_or(|l| a - l > SAME_LINE) {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::page::tests::word;
    use super::*;
    use image::Rgb;

    fn seg(x0: f32, y0: f32, x1: f32, y1: f32) -> Segment {
        Segment { x0, y0, x1, y1 }
    }

    /// A white page with a table of 3 rows (y 100–160–220–280) and 3 columns (x 100–300–400–500),
    /// its rules drawn 2 px thick.
    fn table() -> (RgbImage, Vec<Segment>) {
        let mut img = RgbImage::from_pixel(600, 400, Rgb([255, 255, 255]));
        let mut rules = Vec::new();
        for y in [100.0, 160.0, 220.0, 280.0] {
            rules.push(seg(100.0, y, 500.0, y));
            fill(&mut img, 100, y as u32, 500, y as u32 + 2);
        }
        for x in [100.0, 300.0, 400.0, 500.0] {
            rules.push(seg(x, 100.0, x, 280.0));
            fill(&mut img, x as u32, 100, x as u32 + 2, 280);
        }
        (img, rules)
    }

    fn fill(img: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) {
        for y in y0..y1.min(img.height()) {
            for x in x0..x1.min(img.width()) {
                img.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
    }

    /// Words of the table: labels in column 1, figures in row 1 and in (row 3, column 2).
    fn words() -> Vec<ReadWord> {
        vec![
            word("本年新收", [110.0, 115.0, 250.0, 145.0]),
            word("12", [330.0, 115.0, 360.0, 145.0]),
            word("3", [430.0, 115.0, 450.0, 145.0]),
            word("上年结转", [110.0, 175.0, 250.0, 205.0]),
            word("总计", [110.0, 235.0, 250.0, 265.0]),
            word("12", [330.0, 235.0, 360.0, 265.0]),
        ]
    }

    #[test]
    fn a_blank_cell_stays_blank_and_one_with_ink_is_marked() {
        let (mut img, rules) = table();
        assert!(marks(&img, &rules, &words(), 1).is_empty());
        // A digit-sized stroke in (row 2, column 3), which no word covers.
        fill(&mut img, 440, 178, 444, 200);
        let m = marks(&img, &rules, &words(), 1);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].word.text, "？");
        assert_eq!(m[0].word.confidence, 0.0);
        let b = m[0].word.bbox;
        assert!(b[0] >= 438.0 && b[2] <= 446.0 && b[1] >= 176.0 && b[3] <= 202.0);
    }

    #[test]
    fn specks_and_the_rules_themselves_are_not_ink() {
        let (mut img, rules) = table();
        // Fax noise: single pixels and a 2×2 dot; a rule drawn thicker than the others.
        for (x, y) in [(320, 180), (350, 190), (440, 240), (460, 250)] {
            fill(&mut img, x, y, x + 1, y + 1);
        }
        fill(&mut img, 420, 200, 422, 202);
        fill(&mut img, 300, 160, 500, 164);
        assert!(marks(&img, &rules, &words(), 1).is_empty());
    }

    #[test]
    fn a_sliver_of_a_bowed_rule_is_no_ink_but_a_one_beside_it_is() {
        let (mut img, rules) = table();
        // A photo's bowed rule: 2 px wide, most of the cell's height, off the rule's line.
        fill(&mut img, 470, 166, 472, 216);
        assert!(marks(&img, &rules, &words(), 1).is_empty());
        // A `1` as thin, figure-high, in the same cell.
        fill(&mut img, 440, 178, 442, 204);
        let m = marks(&img, &rules, &words(), 1);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].word.bbox[0] >= 438.0 && m[0].word.bbox[2] <= 444.0,
            "{m:?}"
        );
    }

    #[test]
    fn labels_and_columns_without_figures_are_never_marked() {
        let (mut img, rules) = table();
        // Ink in the label column (a label the OCR missed) is not a figure.
        fill(&mut img, 150, 238, 154, 262);
        assert!(marks(&img, &rules, &words(), 1).is_empty());
        // A page without figures has no value column.
        let labels: Vec<ReadWord> = words()
            .into_iter()
            .filter(|w| !is_figure(&w.word.text))
            .collect();
        fill(&mut img, 440, 178, 444, 200);
        assert!(marks(&img, &rules, &labels, 1).is_empty());
    }
}
