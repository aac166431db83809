//! Uneven light flattened: the paper's brightness is estimated on a coarse grid (the brightest
//! pixel of each block, spread and smoothed, so that text and rules do not count) and the page
//! is divided by it. A phone photo's gradient becomes white paper; a clean scan, whose paper is
//! already even, keeps its pixels (up to the small gain that takes its paper to white).

use image::GrayImage;
use imageproc::filter::gaussian_blur_f32;

/// The coarse grid has about this many blocks along the page's longer side.
const GRID: u32 = 160;
/// The paper's brightness at a block is the brightest within this many blocks around it.
const SPREAD: usize = 2;
/// Paper darker than this (a shadow, a dark desk around the page) is not lifted further: it
/// would only lift noise.
const DARKEST_PAPER: f32 = 80.0;

/// Divides the page by its paper's brightness, in place.
pub fn flatten(gray: &mut GrayImage) {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    if w == 0 || h == 0 {
        return;
    }
    let block = (w.max(h) / GRID as usize).max(1);
    let (gw, gh) = (w.div_ceil(block), h.div_ceil(block));
    // The brightest pixel of each block.
    let mut grid = vec![0u8; gw * gh];
    for (y, row) in gray.as_raw().chunks_exact(w).enumerate() {
        let out = &mut grid[(y / block) * gw..(y / block + 1) * gw];
        for (x, &v) in row.iter().enumerate() {
            let o = &mut out[x / block];
            *o = (*o).max(v);
        }
    }
    // Spread: a block inside a dense table or a shaded band takes the paper around it.
    let grid = max_filter(&grid, gw, gh, SPREAD);
    let Some(grid) = GrayImage::from_raw(gw as u32, gh as u32, grid) else {
        return;
    };
    let smooth = gaussian_blur_f32(&grid, 1.5);
    let paper: Vec<f32> = smooth
        .as_raw()
        .iter()
        .map(|&v| f32::from(v).max(DARKEST_PAPER))
        .collect();
    // Bilinear between block centres; the gain of a row is found once per block column.
    let b = block as f32;
    let mut gains = vec![0f32; gw];
    for (y, row) in gray.chunks_exact_mut(w).enumerate() {
        let gy = ((y as f32 + 0.5) / b - 0.5).clamp(0.0, (gh - 1) as f32);
        let (y0, t) = (gy.floor() as usize, gy.fract());
        let y1 = (y0 + 1).min(gh - 1);
        for (gx, g) in gains.iter_mut().enumerate() {
            let p = paper[y0 * gw + gx] * (1.0 - t) + paper[y1 * gw + gx] * t;
            *g = 255.0 / p;
        }
        for (x, v) in row.iter_mut().enumerate() {
            let gx = ((x as f32 + 0.5) / b - 0.5).clamp(0.0, (gw - 1) as f32);
            let (x0, s) = (gx.floor() as usize, gx.fract());
            let x1 = (x0 + 1).min(gw - 1);
            let gain = gains[x0] * (1.0 - s) + gains[x1] * s;
            *v = (f32::from(*v) * gain).min(255.0) as u8;
        }
    }
}

/// The largest value within `r` cells (a square) of each cell.
fn max_filter(grid: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
    let mut across = vec![0u8; grid.len()];
    for y in 0..h {
        for x in 0..w {
            let (a, b) = (x.saturating_sub(r), (x + r).min(w - 1));
            across[y * w + x] = grid[y * w + a..=y * w + b]
                .iter()
                .copied()
                .max()
                .unwrap_or(0);
        }
    }
    let mut out = vec![0u8; grid.len()];
    for y in 0..h {
        let (a, b) = (y.saturating_sub(r), (y + r).min(h - 1));
        for x in 0..w {
            out[y * w + x] = (a..=b).map(|yy| across[yy * w + x]).max().unwrap_or(0);
        }
    }
    out
}

/// The gray level below which a flattened page's pixel is ink: Otsu's level, kept within bounds
/// (a page with little ink has no second mode for Otsu to find).
pub fn ink_level(gray: &GrayImage) -> u8 {
    imageproc::contrast::otsu_level(gray).clamp(110, 200)
}
