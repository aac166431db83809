//! A page image of a scanned file once more, for the app to show beside the figures read from
//! it: the page with the selected cell's box, and a cell's crop on hover. It is decoded the way
//! reading decoded it ([`super::straightened`]), so the boxes the OCR gave fall on the same
//! pixels. Like any parsing, this runs in a reading worker (`worker::Job::Picture`).

use super::images::ImageKind;
use crate::read::{open, ReadError};
use image::DynamicImage;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The longest side of the image sent to the app: enough to read a figure at a panel's width,
/// small enough to travel between processes quickly (about 0.3–1 MB as PNG).
const SHOWN_SIDE: u32 = 1600;

/// A page as the app shows it: a PNG, and the size of the image the OCR boxes refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagePicture {
    /// Width and height of the page image the boxes are in (before it was scaled to `png`).
    pub width: u32,
    pub height: u32,
    pub png: Vec<u8>,
}

/// Page `page` (1-based) of the scanned file at `path`.
pub fn page_picture(path: &Path, page: u32) -> Result<PagePicture, ReadError> {
    let bytes = open::read_regular(path)?;
    let image = page_image(&bytes, page)?;
    let image = super::straightened(image);
    encode(&image)
}

fn page_image(bytes: &[u8], page: u32) -> Result<DynamicImage, ReadError> {
    if let Some(kind) = ImageKind::sniff(bytes) {
        let mut found = None;
        super::images::pages(bytes, kind, |number, image| {
            if number == page {
                found = Some(image);
            }
            Ok(())
        })?;
        return found.ok_or_else(no_such_page);
    }
    if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return crate::read::pdf::page_picture(bytes, page)?.ok_or_else(no_such_page);
    }
    Err(ReadError::Unsupported("没有扫描页的文件".into()))
}

fn no_such_page() -> ReadError {
    ReadError::Corrupt("文件中没有这一页的扫描图像（文件是否已被替换？）".into())
}

fn encode(image: &DynamicImage) -> Result<PagePicture, ReadError> {
    let (width, height) = (image.width(), image.height());
    let shown = if width.max(height) > SHOWN_SIDE {
        image.resize(
            SHOWN_SIDE,
            SHOWN_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        image.clone()
    };
    let mut png = Vec::new();
    shown
        .to_rgb8()
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| ReadError::Crashed(format!("扫描图像无法转换：{e}")))?;
    Ok(PagePicture { width, height, png })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_file_gives_its_page_scaled_with_its_own_size() {
        let big = image::RgbImage::from_pixel(3200, 800, image::Rgb([250, 250, 250]));
        let dir = std::env::temp_dir().join(format!("nianbao-picture-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("page.png");
        big.save(&path).unwrap();
        let p = page_picture(&path, 1).unwrap();
        assert_eq!((p.width, p.height), (3200, 800));
        let shown = image::load_from_memory(&p.png).unwrap();
        assert_eq!((shown.width(), shown.height()), (1600, 400));
        assert!(page_picture(&path, 2).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
