//! What the shape of a lone glyph says where the recogniser confuses two characters.
//!
//! A table prints `/` in a cell for "not applicable", and the recogniser, trained on lines of
//! text, reads a lone slash cut out of its cell as `1`, often with a probability above 0.95. The
//! two differ in one thing any font keeps: a `1` stands upright (its flag and foot are short), a
//! `/` leans, its top a third to a half of its height to the right of its foot.

use image::RgbImage;

/// A stroke whose ink moves left by at least this much per row, down its height, leans like a
/// slash. Upright digits measure within ±0.1 (a 1's flag pulls its top rows left a little); a
/// slash 0.35–0.6; a 12° italic, which official tables do not use, 0.21.
const SLASH_LEAN: f64 = 0.3;
/// Fewer rows of ink than this are too few to measure a lean on.
const MIN_ROWS: usize = 8;
/// Rows whose ink spans this share of the crop are a ruling line caught in the box, not the glyph;
/// so are columns near its left or right edge (this share of its width) inked down most of it.
const RULE_SHARE: f64 = 0.9;
const EDGE_SHARE: f64 = 0.15;
const COLUMN_RULE_SHARE: f64 = 0.9;

/// A slash is one stroke: no row of it holds more than this many times the ink of its median row.
/// A 7's top bar or a 4's cross bar does, and their slanted strokes do not make them slashes.
const BAR_RATIO: f64 = 2.5;

/// Whether the one glyph in `crop` (a text box cut out of the page) is a `/`: a single stroke (no
/// bar across it) whose ink centres, row by row, fit a straight line that falls to the left as it
/// goes down.
pub fn leans_like_slash(crop: &RgbImage) -> bool {
    let Some(rows) = ink_rows(crop) else {
        return false;
    };
    let mut widths: Vec<usize> = rows.iter().map(|r| r.width).collect();
    widths.sort_unstable();
    let median = widths[widths.len() / 2] as f64;
    let widest = widths[widths.len() - 1] as f64;
    let centres: Vec<(f64, f64)> = rows.iter().map(|r| (r.y, r.centre)).collect();
    widest <= BAR_RATIO * median && slope(&centres).is_some_and(|l| l <= -SLASH_LEAN)
}

/// One row of a glyph's ink: where it is, its mean x and how many pixels it holds.
struct InkRow {
    y: f64,
    centre: f64,
    width: usize,
}

/// The rows of the glyph's ink, ruling lines caught in the box left out; None when there is too
/// little ink to tell anything by.
fn ink_rows(crop: &RgbImage) -> Option<Vec<InkRow>> {
    let (w, h) = crop.dimensions();
    let grey = |x: u32, y: u32| {
        let p = crop.get_pixel(x, y).0;
        (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3
    };
    let (lo, hi) = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| grey(x, y))
        .fold((u32::MAX, 0), |(lo, hi), g| (lo.min(g), hi.max(g)));
    // A blank crop, or one of a single shade, holds no stroke.
    if hi < lo + 64 {
        return None;
    }
    let ink = (lo + hi) / 2;
    let edge = (EDGE_SHARE * f64::from(w)).ceil() as u32;
    let column_rule = |x: u32| {
        (x < edge || x + edge >= w)
            && f64::from((0..h).filter(|&y| grey(x, y) < ink).count() as u32)
                >= COLUMN_RULE_SHARE * f64::from(h)
    };
    let glyph_columns: Vec<u32> = (0..w).filter(|&x| !column_rule(x)).collect();
    let rows: Vec<InkRow> = (0..h)
        .filter_map(|y| {
            let xs: Vec<u32> = glyph_columns
                .iter()
                .copied()
                .filter(|&x| grey(x, y) < ink)
                .collect();
            let spans_rule = xs.len() as f64 >= RULE_SHARE * f64::from(w);
            let mean = xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len().max(1) as f64;
            (!xs.is_empty() && !spans_rule).then_some(InkRow {
                y: f64::from(y),
                centre: mean,
                width: xs.len(),
            })
        })
        .collect();
    (rows.len() >= MIN_ROWS).then_some(rows)
}

/// Least-squares slope of x on y.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    let my = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mx = points.iter().map(|p| p.1).sum::<f64>() / n;
    let vy: f64 = points.iter().map(|p| (p.0 - my).powi(2)).sum();
    let cov: f64 = points.iter().map(|p| (p.0 - my) * (p.1 - mx)).sum();
    (vy > 0.0).then(|| cov / vy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    const INK: Rgb<u8> = Rgb([20, 20, 20]);

    fn blank(w: u32, h: u32) -> RgbImage {
        RgbImage::from_pixel(w, h, Rgb([245, 245, 245]))
    }

    /// A stroke `thick` pixels wide from (x0, y0) to (x1, y1).
    fn stroke(img: &mut RgbImage, (x0, y0): (f64, f64), (x1, y1): (f64, f64), thick: f64) {
        let steps = ((x1 - x0).abs().max((y1 - y0).abs()) * 4.0) as usize + 1;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            let (cx, cy) = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
            for dx in 0..thick.ceil() as i64 {
                let x = (cx - thick / 2.0).round() as i64 + dx;
                let y = cy.round() as i64;
                if x >= 0 && y >= 0 && (x as u32) < img.width() && (y as u32) < img.height() {
                    img.put_pixel(x as u32, y as u32, INK);
                }
            }
        }
    }

    /// A serif `1`: an upright stem, a flag down to the left from its top, a foot.
    fn one(w: u32, h: u32) -> RgbImage {
        let mut img = blank(w, h);
        let (cx, top, bottom) = (f64::from(w) / 2.0, 4.0, f64::from(h) - 5.0);
        stroke(&mut img, (cx, top), (cx, bottom), 3.0);
        stroke(&mut img, (cx, top), (cx - 6.0, top + 5.0), 2.0);
        stroke(&mut img, (cx - 6.0, bottom), (cx + 6.0, bottom), 1.0);
        img
    }

    fn slash(w: u32, h: u32, lean: f64) -> RgbImage {
        let mut img = blank(w, h);
        let (top, bottom) = (4.0, f64::from(h) - 5.0);
        let run = lean * (bottom - top);
        let cx = f64::from(w) / 2.0;
        stroke(
            &mut img,
            (cx + run / 2.0, top),
            (cx - run / 2.0, bottom),
            3.0,
        );
        img
    }

    #[test]
    fn a_slash_leans_and_a_one_stands_upright() {
        for lean in [0.35, 0.45, 0.6] {
            assert!(leans_like_slash(&slash(40, 44, lean)), "slash {lean}");
        }
        assert!(!leans_like_slash(&one(30, 44)));
        assert!(!leans_like_slash(&one(60, 30)));
        // A 1 that is a plain bar, or set in a 12° italic, is still a 1.
        assert!(!leans_like_slash(&slash(30, 44, 0.0)));
        assert!(!leans_like_slash(&slash(30, 44, 0.21)));
        // Leaning the other way is a backslash, not a slash.
        assert!(!leans_like_slash(&slash(40, 44, -0.45)));
    }

    #[test]
    fn a_seven_or_a_four_leans_but_has_a_bar() {
        let mut seven = slash(40, 44, 0.45);
        stroke(&mut seven, (8.0, 4.0), (30.0, 4.0), 1.0);
        stroke(&mut seven, (8.0, 5.0), (30.0, 5.0), 1.0);
        assert!(!leans_like_slash(&seven));
        let mut four = slash(40, 44, 0.45);
        stroke(&mut four, (6.0, 30.0), (34.0, 30.0), 1.0);
        assert!(!leans_like_slash(&four));
    }

    #[test]
    fn a_ruling_line_caught_in_the_box_does_not_make_a_one_lean() {
        let mut img = one(30, 44);
        // The cell's bottom rule across the crop's last rows, its left rule down the first column.
        for x in 0..30 {
            img.put_pixel(x, 42, INK);
            img.put_pixel(x, 43, INK);
        }
        for y in 0..44 {
            img.put_pixel(0, y, INK);
        }
        assert!(!leans_like_slash(&img));
    }

    #[test]
    fn blank_or_tiny_crops_tell_nothing() {
        assert!(!leans_like_slash(&blank(30, 44)));
        assert!(!leans_like_slash(&slash(8, 6, 0.5)));
        assert!(!leans_like_slash(&RgbImage::new(0, 0)));
    }
}
