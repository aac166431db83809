//! Page images from image files: JPG, PNG and BMP (one page), TIFF (page by page, as fax
//! machines and scanners write several pages into one file).

use crate::read::ReadError;
use image::{DynamicImage, GrayImage, ImageFormat, RgbImage, RgbaImage};
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Bmp,
    Tiff,
}

impl ImageKind {
    /// From the first bytes of a file.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        const SIGS: &[(&[u8], ImageKind)] = &[
            (b"\x89PNG", ImageKind::Png),
            (b"\xFF\xD8\xFF", ImageKind::Jpeg),
            (b"BM", ImageKind::Bmp),
            (b"II*\x00", ImageKind::Tiff),
            (b"MM\x00*", ImageKind::Tiff),
        ];
        SIGS.iter()
            .find(|(sig, _)| bytes.starts_with(sig))
            .map(|&(_, k)| k)
    }
}

/// Pages this many pixels or more (about A3 at 600 dpi) are not a scan of a report.
const MAX_PIXELS: u64 = 8000 * 8000;
/// A side longer than this is refused from the header, before the page is decoded.
const MAX_SIDE: u32 = 20_000;
/// A TIFF with more pages than this is not one report.
pub const MAX_PAGES: usize = 60;
/// What a decoder may allocate for one page.
const MAX_ALLOC: u64 = 400 << 20;

/// Calls `each` with every page (1-based number, image) in order; stops at its first error.
pub fn pages(
    bytes: &[u8],
    kind: ImageKind,
    mut each: impl FnMut(u32, DynamicImage) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    match kind {
        ImageKind::Tiff => tiff_pages(bytes, each).map_err(|e| named("TIFF", e)),
        ImageKind::Png => each(
            1,
            single(bytes, ImageFormat::Png).map_err(|e| named("PNG", e))?,
        ),
        ImageKind::Jpeg => each(
            1,
            single(bytes, ImageFormat::Jpeg).map_err(|e| named("JPG", e))?,
        ),
        ImageKind::Bmp => each(
            1,
            single(bytes, ImageFormat::Bmp).map_err(|e| named("BMP", e))?,
        ),
    }
}

/// A decoding failure says which kind of picture it was ("PNG 图片无法解码…"): in a zip, or
/// under a misleading name, the clerk then knows which file is meant.
fn named(kind: &str, e: ReadError) -> ReadError {
    match e {
        ReadError::Corrupt(why) if why.starts_with("图片") => {
            ReadError::Corrupt(format!("{kind} {why}"))
        }
        other => other,
    }
}

fn unreadable(e: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt(format!(
        "图片无法解码：{}",
        crate::read::scan::models::short(&e.to_string())
    ))
}

fn single(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ReadError> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    // The size the header declares is checked before any pixel is decoded: a small file can
    // declare a page of hundreds of megabytes.
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            ReadError::Bloated(format!("的图片宽或高超过 {MAX_SIDE} 像素"))
        }
        e => unreadable(e),
    })?;
    let (w, h) = image::ImageDecoder::dimensions(&decoder);
    check_size(w, h)?;
    DynamicImage::from_decoder(decoder).map_err(unreadable)
}

fn check_size(w: u32, h: u32) -> Result<(), ReadError> {
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ReadError::Bloated(format!("的图片有 {w}×{h} 像素")));
    }
    Ok(())
}

fn tiff_pages(
    bytes: &[u8],
    mut each: impl FnMut(u32, DynamicImage) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    use tiff::decoder::{Decoder, Limits};
    let mut limits = Limits::default();
    limits.decoding_buffer_size = MAX_ALLOC as usize;
    limits.intermediate_buffer_size = MAX_ALLOC as usize;
    let mut dec = Decoder::new(Cursor::new(bytes))
        .map_err(unreadable)?
        .with_limits(limits);
    let mut number = 1;
    loop {
        let (w, h) = dec.dimensions().map_err(unreadable)?;
        check_size(w, h)?;
        let color = dec.colortype().map_err(unreadable)?;
        let (dpi_x, dpi_y) = (resolution(&mut dec, true), resolution(&mut dec, false));
        let data = dec.read_image().map_err(unreadable)?;
        let page = square_pixels(tiff_image(w, h, color, data)?, dpi_x, dpi_y);
        each(number, page)?;
        if !dec.more_images() {
            return Ok(());
        }
        if number as usize >= MAX_PAGES {
            return Err(ReadError::Bloated(format!("有超过 {MAX_PAGES} 页图片")));
        }
        dec.next_image().map_err(unreadable)?;
        number += 1;
    }
}

/// The page's XResolution (`across`) or YResolution; 0 when not given or not readable.
fn resolution(dec: &mut tiff::decoder::Decoder<Cursor<&[u8]>>, across: bool) -> f32 {
    use tiff::tags::Tag;
    let tag = if across {
        Tag::XResolution
    } else {
        Tag::YResolution
    };
    match dec.find_tag(tag) {
        Ok(Some(tiff::decoder::ifd::Value::Rational(n, d))) if d != 0 => n as f32 / d as f32,
        _ => 0.0,
    }
}

fn tiff_image(
    w: u32,
    h: u32,
    color: tiff::ColorType,
    data: tiff::decoder::DecodingResult,
) -> Result<DynamicImage, ReadError> {
    use tiff::decoder::DecodingResult as D;
    use tiff::ColorType as C;
    let bad = || unreadable(format!("不支持的 TIFF 颜色格式 {color:?}"));
    let img = match (color, data) {
        (C::Gray(8), D::U8(v)) => GrayImage::from_raw(w, h, v).map(DynamicImage::ImageLuma8),
        (C::Gray(1), D::U8(v)) => Some(DynamicImage::ImageLuma8(unpack_bits(w, h, &v, false))),
        (C::Gray(16), D::U16(v)) => {
            let v = v.into_iter().map(|p| (p >> 8) as u8).collect();
            GrayImage::from_raw(w, h, v).map(DynamicImage::ImageLuma8)
        }
        (C::RGB(8), D::U8(v)) => RgbImage::from_raw(w, h, v).map(DynamicImage::ImageRgb8),
        (C::RGBA(8), D::U8(v)) => RgbaImage::from_raw(w, h, v).map(DynamicImage::ImageRgba8),
        _ => None,
    };
    img.ok_or_else(bad)
}

/// Pixels this much taller than wide (or wider than tall) are stretched square before OCR.
const UNEVEN_PIXELS: f32 = 1.15;

/// The page with square pixels. A fax in "standard" resolution is 200 dpi across but 100 dpi
/// down: read as it is, its characters are half their height and the OCR misses most of them.
/// `dpi_x` and `dpi_y` are the resolutions along the image's rows and columns (any unit, only
/// their ratio counts); the coarser axis is resampled up to the finer one, within the pixel limit.
pub fn square_pixels(image: DynamicImage, dpi_x: f32, dpi_y: f32) -> DynamicImage {
    if !(dpi_x > 0.0 && dpi_y > 0.0 && dpi_x.is_finite() && dpi_y.is_finite()) {
        return image;
    }
    let ratio = dpi_x / dpi_y;
    if (1.0 / UNEVEN_PIXELS..=UNEVEN_PIXELS).contains(&ratio) {
        return image;
    }
    let (w, h) = (image.width() as f32, image.height() as f32);
    let (nw, nh) = if ratio > 1.0 {
        (w, h * ratio)
    } else {
        (w / ratio, h)
    };
    let (nw, nh) = (nw.round() as u32, nh.round() as u32);
    if u64::from(nw) * u64::from(nh) > MAX_PIXELS {
        return image;
    }
    image.resize_exact(nw, nh, image::imageops::FilterType::Triangle)
}

/// One bit a pixel, rows padded to whole bytes, 1 = white (or black when `one_is_black`).
pub fn unpack_bits(w: u32, h: u32, packed: &[u8], one_is_black: bool) -> GrayImage {
    let row = w.div_ceil(8) as usize;
    GrayImage::from_fn(w, h, |x, y| {
        let byte = packed
            .get(y as usize * row + x as usize / 8)
            .copied()
            .unwrap_or(0xFF);
        let bit = (byte >> (7 - (x % 8))) & 1 == 1;
        image::Luma([if bit != one_is_black { 255 } else { 0 }])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format)
            .unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    #[test]
    fn a_standard_fax_page_is_stretched_to_square_pixels() {
        let fax = DynamicImage::ImageLuma8(GrayImage::new(1728, 1100));
        // 200 dpi across, 100 dpi down: twice as tall once square.
        let sq = square_pixels(fax.clone(), 200.0, 100.0);
        assert_eq!((sq.width(), sq.height()), (1728, 2200));
        // The other way round: wider.
        let sq = square_pixels(fax.clone(), 100.0, 200.0);
        assert_eq!((sq.width(), sq.height()), (3456, 1100));
        // Square or nearly square pixels, and unknown resolutions, are left alone.
        for (x, y) in [
            (200.0, 200.0),
            (200.0, 190.0),
            (0.0, 100.0),
            (f32::NAN, 1.0),
        ] {
            let same = square_pixels(fax.clone(), x, y);
            assert_eq!((same.width(), same.height()), (1728, 1100), "{x} {y}");
        }
    }
    #[test]
    fn every_kind_decodes_to_its_pages() {
        let img = DynamicImage::ImageLuma8(GrayImage::from_fn(40, 30, |x, _| {
            image::Luma([x as u8 * 6])
        }));
        for format in [
            ImageFormat::Png,
            ImageFormat::Jpeg,
            ImageFormat::Bmp,
            ImageFormat::Tiff,
        ] {
            let bytes = encode(&img, format);
            let kind = ImageKind::sniff(&bytes).unwrap_or_else(|| panic!("{format:?} not sniffed"));
            let mut seen = Vec::new();
            pages(&bytes, kind, |n, p| {
                seen.push((n, p.width(), p.height()));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            assert_eq!(seen, vec![(1, 40, 30)], "{format:?}");
        }
    }

    #[test]
    fn damaged_images_are_refused_politely() {
        let img = DynamicImage::ImageRgb8(RgbImage::new(50, 50));
        for format in [ImageFormat::Png, ImageFormat::Tiff] {
            let bytes = encode(&img, format);
            let kind = ImageKind::sniff(&bytes).unwrap_or_else(|| panic!("{format:?}"));
            let cut = &bytes[..bytes.len() / 3];
            assert!(pages(cut, kind, |_, _| Ok(())).is_err(), "{format:?}");
        }
    }

    #[test]
    fn bits_unpack_row_by_row() {
        let g = unpack_bits(10, 2, &[0b1000_0000, 0b0100_0000, 0xFF, 0xFF], false);
        assert_eq!(g.get_pixel(0, 0).0[0], 255);
        assert_eq!(g.get_pixel(1, 0).0[0], 0);
        assert_eq!(g.get_pixel(9, 0).0[0], 255);
        assert_eq!(g.get_pixel(3, 1).0[0], 255);
    }
}
