//! Scanned pages of a PDF: a page with (almost) no text and an image is read from its largest
//! image by OCR (`crate::read::scan`). The image is decoded here: JPEG (DCTDecode), raw pixels
//! (FlateDecode, LZW, none; predictors; gray, RGB, CMYK, ICC-based, indexed colours; 1 to 8 bits)
//! and CCITT fax (G3, G4). JBIG2 and JPEG 2000 have no decoder here: their pages get a message
//! naming the compression.

use super::content::PageContent;
use super::filters;
use super::objects::{get, resolve};
use crate::read::scan::images::unpack_bits;
use crate::read::ReadError;
use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Dictionary, Document, Object, Stream};

/// A page is read as a scan when it has fewer visible characters than this (a page number or a
/// stamp's caption added as text) and draws an image.
const MAX_TEXT: usize = 10;
/// Images smaller than this (logos, seals, signatures on a text page) are not a page.
const MIN_SIDE: i64 = 300;
const MAX_SIDE: i64 = 12_000;

pub fn is_scanned(page: &PageContent) -> bool {
    !page.placed_images.is_empty()
        && page.text.chars().filter(|c| !c.is_whitespace()).count() < MAX_TEXT
}

/// The page's largest image (by the area it covers on the page), decoded. `Ok(None)`: no image
/// worth reading.
pub fn page_image(pdf: &Document, page: &PageContent) -> Result<Option<DynamicImage>, ReadError> {
    let area = |m: &[f32; 6]| (m[0] * m[3] - m[1] * m[2]).abs();
    let mut placed: Vec<_> = page.placed_images.iter().collect();
    placed.sort_by(|a, b| area(&b.1).total_cmp(&area(&a.1)));
    let Some((stream, m)) = placed
        .into_iter()
        .find_map(|(id, m)| match pdf.get_object(*id) {
            Ok(Object::Stream(s)) if big_enough(pdf, &s.dict) => Some((s, m)),
            _ => None,
        })
    else {
        return Ok(None);
    };
    let image = decode(pdf, stream)?;
    // The matrix maps the image's unit square onto the page: its rows run along (m0, m1) and
    // its columns along (m2, m3), so pixels per point across and down are these.
    let dpi_x = image.width() as f32 / m[0].hypot(m[1]);
    let dpi_y = image.height() as f32 / m[2].hypot(m[3]);
    Ok(Some(crate::read::scan::images::square_pixels(
        image, dpi_x, dpi_y,
    )))
}

fn big_enough(pdf: &Document, d: &Dictionary) -> bool {
    let side = |k: &[u8]| get(pdf, d, k).and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let (w, h) = (side(b"Width"), side(b"Height"));
    w.max(h) >= MIN_SIDE && w <= MAX_SIDE && h <= MAX_SIDE && w > 0 && h > 0
}

fn decode(pdf: &Document, s: &Stream) -> Result<DynamicImage, ReadError> {
    let d = &s.dict;
    let int = |k: &[u8]| get(pdf, d, k).and_then(|o| o.as_i64().ok());
    let (w, h) = (
        int(b"Width").unwrap_or(0) as u32,
        int(b"Height").unwrap_or(0) as u32,
    );
    let chain: Vec<&[u8]> = s.filters().unwrap_or_default();
    let (general, last) = match chain.split_last() {
        Some((last, rest)) if is_image_filter(last) => (rest.to_vec(), Some(*last)),
        _ => (chain.clone(), None),
    };
    let broken = |what: &str| ReadError::Corrupt(format!("扫描页的图片无法解码（{what}）"));
    match last {
        Some(b"DCTDecode") => {
            let data = filters::decode_chain(&general, &s.content, filters::MAX_STREAM_BYTES)
                .map_err(|_| broken("压缩数据"))?;
            image::load_from_memory_with_format(&data, image::ImageFormat::Jpeg)
                .map_err(|e| broken(&e.to_string()))
        }
        Some(b"CCITTFaxDecode") => {
            let data = filters::decode_chain(&general, &s.content, filters::MAX_STREAM_BYTES)
                .map_err(|_| broken("压缩数据"))?;
            fax_image(pdf, d, &data, w, h).ok_or_else(|| broken("CCITT 传真压缩"))
        }
        Some(b"JBIG2Decode") => Err(ReadError::ImageFilter("JBIG2".into())),
        Some(b"JPXDecode") => Err(ReadError::ImageFilter("JPEG 2000".into())),
        Some(other) => Err(ReadError::ImageFilter(
            String::from_utf8_lossy(other).into_owned(),
        )),
        None => {
            let data = filters::decode(s);
            if let Some(limit_mb) = filters::went_over() {
                return Err(ReadError::UnpacksTooLarge { limit_mb });
            }
            raw_image(pdf, d, &data, w, h).ok_or_else(|| broken("像素数据"))
        }
    }
}

fn is_image_filter(f: &[u8]) -> bool {
    matches!(
        f,
        b"DCTDecode" | b"CCITTFaxDecode" | b"JBIG2Decode" | b"JPXDecode" | b"RunLengthDecode"
    )
}

/// Colour components and, for an indexed space, the palette as RGB.
enum Colours {
    Gray,
    Rgb,
    Cmyk,
    Indexed(Vec<[u8; 3]>),
}

fn colours(pdf: &Document, cs: Option<&Object>) -> Option<Colours> {
    let cs = match cs {
        Some(o) => resolve(pdf, o)?,
        None => return Some(Colours::Gray),
    };
    match cs {
        Object::Name(n) => by_name(n),
        Object::Array(a) => {
            let family = a.first().and_then(|o| resolve(pdf, o))?.as_name().ok()?;
            match family {
                b"ICCBased" => {
                    let n = match resolve(pdf, a.get(1)?)? {
                        Object::Stream(s) => get(pdf, &s.dict, b"N")?.as_i64().ok()?,
                        _ => return None,
                    };
                    match n {
                        1 => Some(Colours::Gray),
                        3 => Some(Colours::Rgb),
                        4 => Some(Colours::Cmyk),
                        _ => None,
                    }
                }
                b"Indexed" | b"I" => indexed(pdf, a),
                other => by_name(other),
            }
        }
        _ => None,
    }
}

fn by_name(n: &[u8]) -> Option<Colours> {
    match n {
        b"DeviceGray" | b"G" | b"CalGray" => Some(Colours::Gray),
        b"DeviceRGB" | b"RGB" | b"CalRGB" | b"Lab" => Some(Colours::Rgb),
        b"DeviceCMYK" | b"CMYK" => Some(Colours::Cmyk),
        _ => None,
    }
}

fn indexed(pdf: &Document, a: &[Object]) -> Option<Colours> {
    let base = colours(pdf, a.get(1))?;
    let lookup: Vec<u8> = match resolve(pdf, a.get(3)?)? {
        Object::String(bytes, _) => bytes.clone(),
        Object::Stream(s) => filters::decode(s),
        _ => return None,
    };
    let n = match base {
        Colours::Gray => 1,
        Colours::Rgb => 3,
        Colours::Cmyk => 4,
        Colours::Indexed(_) => return None,
    };
    let palette = lookup
        .chunks_exact(n)
        .map(|c| match n {
            1 => [c[0]; 3],
            3 => [c[0], c[1], c[2]],
            _ => cmyk(c[0], c[1], c[2], c[3]),
        })
        .collect();
    Some(Colours::Indexed(palette))
}

fn cmyk(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
    let f = |v: u8| ((255 - u16::from(v)) * (255 - u16::from(k)) / 255) as u8;
    [f(c), f(m), f(y)]
}

/// Raw samples, row by row, rows padded to whole bytes.
fn raw_image(pdf: &Document, d: &Dictionary, data: &[u8], w: u32, h: u32) -> Option<DynamicImage> {
    let mask = get(pdf, d, b"ImageMask").and_then(|o| o.as_bool().ok()) == Some(true);
    let bpc = if mask {
        1
    } else {
        get(pdf, d, b"BitsPerComponent")?.as_i64().ok()? as u32
    };
    let colours = if mask {
        Colours::Gray
    } else {
        colours(pdf, get(pdf, d, b"ColorSpace"))?
    };
    let comps = match colours {
        Colours::Gray | Colours::Indexed(_) => 1,
        Colours::Rgb => 3,
        Colours::Cmyk => 4,
    };
    if !matches!(bpc, 1 | 2 | 4 | 8) {
        return None;
    }
    let row = (w * comps * bpc).div_ceil(8) as usize;
    if data.len() < row * h as usize {
        return None;
    }
    // /Decode [1 0]: the samples are inverted (common for 1-bit scans).
    let inverted = get(pdf, d, b"Decode")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first().and_then(|o| o.as_float().ok()))
        .is_some_and(|first| first > 0.5);
    if bpc == 1 && comps == 1 && !matches!(colours, Colours::Indexed(_)) {
        return Some(DynamicImage::ImageLuma8(unpack_bits(w, h, data, inverted)));
    }
    let max = (1u32 << bpc) - 1;
    let sample = |y: u32, i: u32| -> u8 {
        let bit = i * bpc;
        let byte = data[y as usize * row + (bit / 8) as usize];
        let v = (u32::from(byte) >> (8 - bpc - bit % 8)) & max;
        v as u8
    };
    let scale = |v: u8| -> u8 {
        let s = (u32::from(v) * 255 / max) as u8;
        if inverted {
            255 - s
        } else {
            s
        }
    };
    Some(match colours {
        Colours::Gray => DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
            image::Luma([scale(sample(y, x))])
        })),
        Colours::Rgb => DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([0, 1, 2].map(|c| scale(sample(y, 3 * x + c))))
        })),
        Colours::Cmyk => DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let [c, m, ye, k] = [0, 1, 2, 3].map(|c| scale(sample(y, 4 * x + c)));
            image::Rgb(cmyk(c, m, ye, k))
        })),
        Colours::Indexed(palette) => DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            image::Rgb(
                palette
                    .get(usize::from(sample(y, x)))
                    .copied()
                    .unwrap_or([255; 3]),
            )
        })),
    })
}

/// CCITT G3/G4 (`/K` < 0: G4), with the `fax` crate; `/BlackIs1` as the PDF says.
fn fax_image(pdf: &Document, d: &Dictionary, data: &[u8], w: u32, h: u32) -> Option<DynamicImage> {
    let parms = match get(pdf, d, b"DecodeParms").and_then(|o| resolve(pdf, o))? {
        Object::Dictionary(p) => Some(p),
        Object::Array(a) => a
            .last()
            .and_then(|o| resolve(pdf, o))
            .and_then(|o| o.as_dict().ok()),
        _ => None,
    };
    let pint = |k: &[u8], default: i64| {
        parms
            .and_then(|p| get(pdf, p, k))
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(default)
    };
    let k = pint(b"K", 0);
    let columns = pint(b"Columns", 1728).clamp(1, i64::from(u16::MAX)) as u16;
    let rows = pint(b"Rows", i64::from(h)).clamp(0, i64::from(u16::MAX)) as u16;
    let black_is_1 = parms
        .and_then(|p| get(pdf, p, b"BlackIs1"))
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false);
    let width = u32::from(columns);
    let height = if rows > 0 { u32::from(rows) } else { h };
    let mut img = GrayImage::from_pixel(width, height.max(1), image::Luma([255]));
    let mut y = 0u32;
    let mut line = |transitions: &[u16]| {
        if y < img.height() {
            for (x, c) in fax::decoder::pels(transitions, columns).enumerate() {
                if c == fax::Color::Black {
                    img.put_pixel(x as u32, y, image::Luma([0]));
                }
            }
        }
        y += 1;
    };
    let ok = if k < 0 {
        fax::decoder::decode_g4(
            data.iter().copied(),
            columns,
            Some(rows).filter(|&r| r > 0),
            |t| line(t),
        )
        .is_some()
    } else {
        fax::decoder::decode_g3(data.iter().copied(), |t| line(t)).is_some()
    };
    // The decoder's colours already follow the fax convention (0 = white); /BlackIs1 flips them.
    if black_is_1 {
        image::imageops::invert(&mut img);
    }
    let _ = w;
    (ok || y > 0).then_some(DynamicImage::ImageLuma8(img))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_and_inverted_pixels_decode() {
        let pdf = Document::with_version("1.5");
        let mut d = Dictionary::new();
        d.set("BitsPerComponent", 1);
        d.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
        let img = raw_image(&pdf, &d, &[0b1010_0000, 0], 4, 2).unwrap_or_else(|| panic!("none"));
        let g = img.to_luma8();
        assert_eq!(g.get_pixel(0, 0).0[0], 255);
        assert_eq!(g.get_pixel(1, 0).0[0], 0);
        assert_eq!(g.get_pixel(0, 1).0[0], 0);
        let mut d = Dictionary::new();
        d.set("BitsPerComponent", 8);
        d.set(
            "ColorSpace",
            Object::Array(vec![
                Object::Name(b"Indexed".to_vec()),
                Object::Name(b"DeviceRGB".to_vec()),
                Object::Integer(1),
                Object::String(vec![255, 0, 0, 0, 0, 255], lopdf::StringFormat::Hexadecimal),
            ]),
        );
        let img = raw_image(&pdf, &d, &[1, 0], 2, 1).unwrap_or_else(|| panic!("none"));
        assert_eq!(img.to_rgb8().get_pixel(0, 0).0, [0, 0, 255]);
        assert_eq!(img.to_rgb8().get_pixel(1, 0).0, [255, 0, 0]);
    }

    #[test]
    fn short_pixel_data_is_refused() {
        let pdf = Document::with_version("1.5");
        let mut d = Dictionary::new();
        d.set("BitsPerComponent", 8);
        d.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
        assert!(raw_image(&pdf, &d, &[0; 10], 4, 4).is_none());
    }
}
