//! Page preparation before OCR (issue 27, "table geometry from the image"): a scanned or
//! photographed page is cleaned and straightened, and its table rules are found, so that the
//! recogniser reads upright, level text and the layout gets the ruling lines a PDF would give.
//!
//! In this order:
//! 1. red seals are removed by colour ([`seal`]): a 公章 over a figure no longer hides the black
//!    digits under it;
//! 2. uneven light is flattened ([`light`]): the page is divided by its paper's brightness, so a
//!    phone photo's gradient does not turn into ink when binarised;
//! 3. a page turned a quarter turn, or upside down, is turned upright ([`orient`]; whether it
//!    is upside down is only a first guess here, which the recogniser confirms or undoes:
//!    `scan::upright`);
//! 4. a skew of up to ±3° is measured ([`skew`]) and undone;
//! 5. a phone photo's perspective is corrected from the outer lines of its largest ruled table
//!    ([`quad`]), only when that table is clearly not a rectangle;
//! 6. the ruling lines are found by morphology ([`rules`]) and returned as segments in the
//!    prepared image's pixels.
//!
//! Steps 3 to 6 measure a small binary copy of the page (about 100 dpi for an A4 page); the full
//! page is resampled once, by one projection that undoes both the skew and the perspective.
//! A straight, clean scan comes out with its pixels unchanged but for the light flattening,
//! which leaves white paper white.

mod light;
mod orient;
mod quad;
mod rules;
mod seal;
mod skew;

use crate::read::pdf::content::Segment;
use image::{imageops, DynamicImage, GrayImage, Luma, RgbImage};
use imageproc::geometric_transformations::{warp, Interpolation, Projection};

/// A page ready for the OCR.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The cleaned page (seals removed, light flattened), turned upright and straightened: the
    /// image the OCR reads and the app shows.
    pub image: RgbImage,
    /// The ruling lines in `image`'s pixels (origin top left), each horizontal or vertical.
    pub rules: Vec<Segment>,
    /// Clockwise quarter turns applied to the input (0–3).
    pub turns: u8,
    /// The skew found after turning, in degrees, clockwise positive; the page was rotated back
    /// by it (or left alone when it was under [`MIN_SKEW`]).
    pub skew_degrees: f32,
    /// Whether a perspective correction was applied.
    pub perspective: bool,
    /// The share of the page's pixels removed as red seal ink (0–1).
    pub seal_share: f32,
}

/// A skew under this many degrees is left alone: it moves the ends of a full-width line by
/// under a pixel and a half on a 200 dpi page.
pub const MIN_SKEW: f32 = 0.05;

/// Prepares a page image for the OCR; see the module's documentation for the steps.
pub fn prepare(image: &DynamicImage) -> Prepared {
    let (mut gray, seal_share) = seal::gray_without_seals(image);
    light::flatten(&mut gray);
    let level = light::ink_level(&gray);
    let factor = analysis_factor(gray.width(), gray.height());
    let mut ink = Ink::pooled(&gray, factor, level);

    let turns = orient::quarter_turns(&ink);
    if turns != 0 {
        gray = turn(&gray, turns);
        ink = ink.turned(turns);
    }

    let skew_degrees = skew::skew_degrees(&ink);
    let (w, h) = (gray.width() as f32, gray.height() as f32);
    let rotation = (skew_degrees.abs() >= MIN_SKEW).then(|| {
        // Undo the clockwise skew: rotate counter-clockwise about the centre.
        Projection::translate(-w / 2.0, -h / 2.0)
            .and_then(Projection::rotate(-skew_degrees.to_radians()))
            .and_then(Projection::translate(w / 2.0, h / 2.0))
    });

    // The table's outer corners, in full-size pixels of the straightened page.
    let f = factor as f32;
    let corners = quad::table_corners(&ink).map(|c| {
        c.map(|(x, y)| {
            let p = ((x + 0.5) * f, (y + 0.5) * f);
            match &rotation {
                Some(r) => *r * p,
                None => p,
            }
        })
    });
    let keystone = corners.and_then(|c| quad::perspective(c, w.max(h)));
    let perspective = keystone.is_some();
    let projection = match (rotation, keystone) {
        (Some(r), Some(k)) => Some(r.and_then(k)),
        (r, k) => r.or(k),
    };
    if let Some(p) = projection {
        gray = warp(&gray, &p, Interpolation::Bilinear, Luma([255]));
        ink = Ink::pooled(&gray, factor, level);
    }

    let rules = rules::find(&ink, factor);
    Prepared {
        image: DynamicImage::ImageLuma8(gray).into_rgb8(),
        rules,
        turns,
        skew_degrees,
        perspective,
        seal_share,
    }
}

/// The page is measured at about 100 dpi (A4): its longer side divided by this factor is
/// between 1,100 and 2,200 pixels, or the page is measured as it is.
fn analysis_factor(width: u32, height: u32) -> u32 {
    (width.max(height) / 1100).max(1)
}

/// Turns `image` clockwise by `turns` quarter turns.
fn turn(image: &GrayImage, turns: u8) -> GrayImage {
    match turns % 4 {
        1 => imageops::rotate90(image),
        2 => imageops::rotate180(image),
        3 => imageops::rotate270(image),
        _ => image.clone(),
    }
}

/// A small binary copy of the page: 1 for ink. Each of its pixels is a `factor`×`factor`
/// block of the page, inked when any pixel of the block is (so a hairline rule survives).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ink {
    pub width: usize,
    pub height: usize,
    pub px: Vec<u8>,
}

impl Ink {
    pub fn new(width: usize, height: usize) -> Ink {
        Ink {
            width,
            height,
            px: vec![0; width * height],
        }
    }

    /// `gray` at `1/factor` of its size; ink where a pixel is darker than `level`.
    pub fn pooled(gray: &GrayImage, factor: u32, level: u8) -> Ink {
        let f = factor.max(1) as usize;
        let (w, h) = (gray.width() as usize, gray.height() as usize);
        let mut ink = Ink::new(w.div_ceil(f), h.div_ceil(f));
        let raw = gray.as_raw();
        for y in 0..h {
            let row = &raw[y * w..(y + 1) * w];
            let out = &mut ink.px[(y / f) * ink.width..(y / f + 1) * ink.width];
            for (x, &v) in row.iter().enumerate() {
                if v < level {
                    out[x / f] = 1;
                }
            }
        }
        ink
    }

    pub fn at(&self, x: usize, y: usize) -> bool {
        self.px[y * self.width + x] != 0
    }

    pub fn row(&self, y: usize) -> &[u8] {
        &self.px[y * self.width..(y + 1) * self.width]
    }

    /// Rows become columns.
    pub fn transposed(&self) -> Ink {
        let mut t = Ink::new(self.height, self.width);
        for y in 0..self.height {
            for x in 0..self.width {
                t.px[x * t.width + y] = self.px[y * self.width + x];
            }
        }
        t
    }

    /// Turned clockwise by `turns` quarter turns, like [`turn`].
    pub fn turned(&self, turns: u8) -> Ink {
        match turns % 4 {
            0 => self.clone(),
            2 => {
                let mut t = self.clone();
                t.px.reverse();
                t
            }
            q => {
                // A clockwise quarter turn is the transpose with its rows mirrored; three
                // quarter turns, the transpose with its columns mirrored.
                let mut t = self.transposed();
                let w = t.width;
                for y in 0..t.height {
                    t.px[y * w..(y + 1) * w].reverse();
                }
                if q == 3 {
                    t.px.reverse();
                }
                t
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
