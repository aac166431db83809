//! Scanned and photographed pages (issue 27): page images are cleaned and straightened
//! (`prep`), read by the OCR models (`ocr`), and turned into the same glyphs and ruling lines a
//! PDF's text layer gives, so that one layout code builds their lines and table rows.
//!
//! Every value read this way keeps where it came from and how sure the reading was ([`Word`]);
//! the document carries those marks ([`OcrMark`]) to the recogniser, which hands them to the
//! cells, so that a doubtful figure is never taken for a read one.

mod charset;
mod glyph;
pub mod images;
pub mod models;
pub mod ocr;
pub mod page;
pub mod picture;
pub mod prep;
mod recogniser;
pub mod unread;

use super::furniture;
use super::pdf::content::Segment;
use super::{Document, ReadError};
use crate::source::FileKind;
use image::DynamicImage;
use page::ScannedPage;
use std::ops::Range;

/// How sure the OCR was of one character, with the other characters it could have been.
#[derive(Debug, Clone, PartialEq)]
pub struct CharRead {
    pub ch: char,
    /// The probability of `ch` (0–1).
    pub prob: f32,
    /// Other readings of the same character, most likely first, with their probabilities
    /// (only those worth trying: a few, above a small floor).
    pub alternatives: Vec<(char, f32)>,
}

/// One piece of text the OCR read on a page image.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// The recogniser's confidence in the whole piece (0–1).
    pub confidence: f32,
    /// 1-based page (of the PDF, TIFF or OFD; 1 for a single image).
    pub page: u32,
    /// `[x0, y0, x1, y1]` in the page image's pixels, origin top left, after the page was
    /// straightened (the image the app shows).
    pub bbox: [f32; 4],
    /// Character by character, in the order of `text`.
    pub chars: Vec<CharRead>,
}

/// Where in a [`super::Document`] an OCR word's text landed.
#[derive(Debug, Clone, PartialEq)]
pub enum OcrAt {
    /// `bytes` of the text of the document's block number `block` (a `Block::Line`).
    Line { block: usize, bytes: Range<usize> },
    /// A cell of the document's table number `table` (counting `Block::Table`s only).
    Cell {
        table: usize,
        row: usize,
        col: usize,
    },
}

/// An OCR word and where its text is in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrMark {
    pub at: OcrAt,
    pub word: Word,
}

/// Told of each scanned page as its reading starts (page, pages in the file or 0 when not
/// known): the reading workers pass it on to the app's progress bar. Set once per process.
static PAGE_HOOK: std::sync::OnceLock<fn(u32, u32)> = std::sync::OnceLock::new();

thread_local! {
    /// How many pages the file being read has, when its reader knows (a PDF does).
    static PAGES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Installs the hook told of each scanned page ([`PAGE_HOOK`]); later calls are ignored.
pub fn on_each_page(hook: fn(u32, u32)) {
    let _ = PAGE_HOOK.set(hook);
}

/// Says how many pages the file being read on this thread has (0: not known).
pub fn expect_pages(pages: u32) {
    PAGES.with(|p| p.set(pages));
}

/// The page image as it was read, for the app to show: prepared as [`read_page`] prepares it,
/// and turned over on the same decision (the same sample of boxes, read the same way:
/// [`ocr::Engine::turned_over_reads_better`]), so that the boxes the app draws fall where the
/// OCR read.
pub fn straightened(image: DynamicImage) -> DynamicImage {
    let prepared = prep::prepare(&image);
    let page = DynamicImage::ImageRgb8(prepared.image);
    // Without the models the page cannot be read either: shown as prepared.
    let Ok(engine) = models::engine() else {
        return page;
    };
    let turned = engine
        .boxes(&page)
        .and_then(|quads| engine.turned_over_reads_better(&page, &quads));
    if turned == Ok(true) {
        page.rotate180()
    } else {
        page
    }
}

/// The words of a prepared page, read the right way up. Preparation tells a page turned a
/// quarter turn, but upside down only from a weak cue (left-aligned text); the recogniser
/// tells it surely ([`ocr::Engine::read_boxes`] reads a sample both ways up): a page that
/// reads clearly surer turned over is turned, with its rules, and read again.
fn read_upright(
    engine: &ocr::Engine,
    image: DynamicImage,
    mut segments: Vec<Segment>,
    number: u32,
) -> Result<(DynamicImage, Vec<Segment>, Vec<ocr::ReadWord>), ReadError> {
    let failed = |e: String| ReadError::Crashed(format!("文字识别失败：{e}"));
    let quads = engine.boxes(&image).map_err(failed)?;
    let (words, turned) = engine.read_boxes(&image, &quads, number).map_err(failed)?;
    if !turned {
        return Ok((image, segments, words));
    }
    let (w, h) = (image.width() as f32, image.height() as f32);
    for s in &mut segments {
        *s = Segment {
            x0: w - s.x1,
            y0: h - s.y1,
            x1: w - s.x0,
            y1: h - s.y0,
        };
    }
    let image = image.rotate180();
    let quads = ocr::turned_over(&quads, f64::from(w), f64::from(h));
    let (words, _) = engine.read_boxes(&image, &quads, number).map_err(failed)?;
    Ok((image, segments, words))
}

/// OCR of one page image: its words as a page ready for the layout. `segments`: its ruling
/// lines in image pixels, when known.
pub fn read_page(
    image: &DynamicImage,
    number: u32,
    segments: &[super::pdf::content::Segment],
) -> Result<ScannedPage, ReadError> {
    if let Some(hook) = PAGE_HOOK.get() {
        hook(number, PAGES.with(|p| p.get()));
    }
    // Before loading the models: the first page's time includes loading them.
    super::budget::allow_scan_page();
    let engine = models::engine().map_err(|e| ReadError::OcrUnavailable(e.to_string()))?;
    // Cleaned, upright and straight (prep); the rules it found unless the caller knew them.
    let prepared = prep::prepare(image);
    let segments = Some(segments)
        .filter(|s| !s.is_empty())
        .map_or(prepared.rules, <[Segment]>::to_vec);
    let (image, segments, mut words) = read_upright(
        engine,
        DynamicImage::ImageRgb8(prepared.image),
        segments,
        number,
    )?;
    let (image, segments) = (&image, &segments[..]);
    if let Some(rgb) = image.as_rgb8() {
        let unread = unread::marks(rgb, segments, &words, number);
        words.extend(unread);
    }
    Ok(page::from_words(
        words,
        image.width() as f32,
        image.height() as f32,
        segments,
    ))
}

/// An image file (JPG, PNG, BMP, TIFF of one or more pages) read by OCR.
pub fn read_image_file(bytes: &[u8], kind: images::ImageKind) -> Result<Document, ReadError> {
    expect_pages(0);
    let mut read = super::pages::Pages::default();
    images::pages(bytes, kind, |number, image| {
        read.push_scanned(number, read_page(&image, number, &[])?);
        Ok(())
    })?;
    Ok(read.finish(FileKind::Image).document)
}

/// Appends one line of a scanned page with its marks.
pub fn push_line(doc: &mut Document, page: &ScannedPage, number: u32, line: furniture::PlacedLine) {
    let block = doc.blocks.len();
    doc.ocr
        .extend(page::marks(page, block, &line.text, &line.glyphs));
    doc.push_line(line.text, Some(number));
}
