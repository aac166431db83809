//! A phone photo's perspective, from the outer lines of its largest ruled table. The table's
//! rules (long runs of ink, a pixel's slant allowed) make one connected grid; its corners are
//! the grid's extreme points along the two diagonals. When all four edges between them are
//! drawn lines and the four corners are clearly not a rectangle's, a projection maps them onto
//! the rectangle between them. A straight scan's table is a rectangle to within a pixel or two
//! and is never touched.

use super::Ink;
use image::{GrayImage, Luma};
use imageproc::geometric_transformations::Projection;
use imageproc::region_labelling::{connected_components, Connectivity};

/// The table's grid spans at least this share of the page's width and of its height.
const MIN_WIDTH: f32 = 0.3;
const MIN_HEIGHT: f32 = 0.1;
/// Each edge between two corners must be ink along this share of its length.
const EDGE_COVER: f32 = 0.85;

/// The outer corners of the largest ruled table, in `ink`'s pixels: top left, top right, bottom
/// right, bottom left.
pub fn table_corners(ink: &Ink) -> Option<[(f32, f32); 4]> {
    let long = (ink.width.max(ink.height) / 25).max(10);
    let mask = line_mask(ink, long);
    let labels = connected_components(&mask, Connectivity::Eight, Luma([0u8]));
    let count = labels.as_raw().iter().copied().max().unwrap_or(0) as usize;
    if count == 0 {
        return None;
    }
    // Per component: bounding box and the extremes along the diagonals.
    #[derive(Clone, Copy)]
    struct Part {
        x0: usize,
        y0: usize,
        x1: usize,
        y1: usize,
        tl: (i64, usize, usize),
        br: (i64, usize, usize),
        tr: (i64, usize, usize),
        bl: (i64, usize, usize),
    }
    let none = Part {
        x0: usize::MAX,
        y0: usize::MAX,
        x1: 0,
        y1: 0,
        tl: (i64::MAX, 0, 0),
        br: (i64::MIN, 0, 0),
        tr: (i64::MIN, 0, 0),
        bl: (i64::MAX, 0, 0),
    };
    let mut parts = vec![none; count + 1];
    for (x, y, l) in labels.enumerate_pixels() {
        let l = l[0] as usize;
        if l == 0 {
            continue;
        }
        let (x, y) = (x as usize, y as usize);
        let p = &mut parts[l];
        p.x0 = p.x0.min(x);
        p.y0 = p.y0.min(y);
        p.x1 = p.x1.max(x);
        p.y1 = p.y1.max(y);
        let (s, d) = ((x + y) as i64, x as i64 - y as i64);
        if s < p.tl.0 {
            p.tl = (s, x, y);
        }
        if s > p.br.0 {
            p.br = (s, x, y);
        }
        if d > p.tr.0 {
            p.tr = (d, x, y);
        }
        if d < p.bl.0 {
            p.bl = (d, x, y);
        }
    }
    let best = parts[1..]
        .iter()
        .filter(|p| p.x0 <= p.x1)
        .max_by_key(|p| (p.x1 + 1 - p.x0) * (p.y1 + 1 - p.y0))?;
    let (bw, bh) = (
        (best.x1 + 1 - best.x0) as f32,
        (best.y1 + 1 - best.y0) as f32,
    );
    if bw < MIN_WIDTH * ink.width as f32 || bh < MIN_HEIGHT * ink.height as f32 {
        return None;
    }
    let c = [best.tl, best.tr, best.br, best.bl].map(|(_, x, y)| (x as f32, y as f32));
    let covered = (0..4).all(|i| edge_cover(&mask, c[i], c[(i + 1) % 4]) >= EDGE_COVER);
    covered.then_some(c)
}

/// Pixels of long runs across (a pixel's rise allowed) and down (a pixel's drift allowed).
fn line_mask(ink: &Ink, long: usize) -> GrayImage {
    let mut mask = GrayImage::new(ink.width as u32, ink.height as u32);
    let thick = |a: &Ink| {
        // Each pixel or-ed with its neighbours across the runs' direction.
        let mut t = a.clone();
        for y in 0..a.height {
            for x in 0..a.width {
                let up = y > 0 && a.at(x, y - 1);
                let down = y + 1 < a.height && a.at(x, y + 1);
                if up || down {
                    t.px[y * a.width + x] = 1;
                }
            }
        }
        t
    };
    let across = thick(ink);
    for y in 0..ink.height {
        for (a, b) in super::orient::runs(across.row(y), 1) {
            if b - a >= long {
                for x in a..b {
                    mask.put_pixel(x as u32, y as u32, Luma([255]));
                }
            }
        }
    }
    let t = ink.transposed();
    let down = thick(&t);
    for x in 0..t.height {
        for (a, b) in super::orient::runs(down.row(x), 1) {
            if b - a >= long {
                for y in a..b {
                    mask.put_pixel(x as u32, y as u32, Luma([255]));
                }
            }
        }
    }
    mask
}

/// The share of the straight line from `a` to `b` that runs over the mask (a pixel's slack).
fn edge_cover(mask: &GrayImage, a: (f32, f32), b: (f32, f32)) -> f32 {
    let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil().max(1.0) as usize;
    let (w, h) = (mask.width() as i64, mask.height() as i64);
    let on = |x: i64, y: i64| {
        x >= 0 && y >= 0 && x < w && y < h && mask.get_pixel(x as u32, y as u32)[0] != 0
    };
    let hits = (0..=steps)
        .filter(|&i| {
            let t = i as f32 / steps as f32;
            let x = (a.0 + (b.0 - a.0) * t).round() as i64;
            let y = (a.1 + (b.1 - a.1) * t).round() as i64;
            (-1..=1).any(|dy| (-1..=1).any(|dx| on(x + dx, y + dy)))
        })
        .count();
    hits as f32 / (steps + 1) as f32
}

/// The projection that maps the corners (top left, top right, bottom right, bottom left) onto
/// the rectangle between them, when they are clearly not a rectangle: a corner is off by more
/// than a few pixels of a page whose longer side is `long` pixels.
pub fn perspective(c: [(f32, f32); 4], long: f32) -> Option<Projection> {
    let [tl, tr, br, bl] = c;
    let left = (tl.0 + bl.0) / 2.0;
    let right = (tr.0 + br.0) / 2.0;
    let top = (tl.1 + tr.1) / 2.0;
    let bottom = (bl.1 + br.1) / 2.0;
    if right - left < 10.0 || bottom - top < 10.0 {
        return None;
    }
    let rect = [(left, top), (right, top), (right, bottom), (left, bottom)];
    let off = c
        .iter()
        .zip(&rect)
        .map(|(p, q)| (p.0 - q.0).abs().max((p.1 - q.1).abs()))
        .fold(0.0f32, f32::max);
    if off <= (0.004 * long).max(8.0) {
        return None;
    }
    Projection::from_control_points(c, rect)
}
