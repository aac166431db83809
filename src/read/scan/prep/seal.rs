//! Red seals (公章) removed by colour. A seal is red ink over black print: where it is clearly
//! red the pixel becomes paper; where it is only reddish (a seal's pale rim, or the colour
//! JPEG smears onto print under a seal) the pixel keeps its red channel, in which red ink is
//! light and black print stays dark. Everything else becomes its luma.

use image::{DynamicImage, GrayImage};

/// A pixel whose red exceeds its green and blue by this much is reddish.
const REDDISH: i32 = 25;
/// By this much, and at least [`BRIGHT_RED`] red, it is seal ink.
const RED: i32 = 60;
const BRIGHT_RED: i32 = 130;

/// The page in gray with its red seals removed, and the share of its pixels that were seal ink.
pub fn gray_without_seals(image: &DynamicImage) -> (GrayImage, f32) {
    let owned;
    let rgb = match image {
        DynamicImage::ImageLuma8(g) => return (g.clone(), 0.0),
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => {
            owned = other.to_rgb8();
            &owned
        }
    };
    let mut gray = GrayImage::new(rgb.width(), rgb.height());
    let mut seal = 0usize;
    for (out, p) in gray.iter_mut().zip(rgb.as_raw().chunks_exact(3)) {
        let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
        let redness = r - g.max(b);
        *out = if redness >= RED && r >= BRIGHT_RED {
            seal += 1;
            255
        } else if redness >= REDDISH {
            r as u8
        } else {
            ((299 * r + 587 * g + 114 * b + 500) / 1000) as u8
        };
    }
    let share = seal as f32 / (gray.width() as f32 * gray.height() as f32).max(1.0);
    (gray, share)
}
