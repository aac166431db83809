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
/// and turned on the same decisions (a quarter turn from the same boxes, [`lines_across`]; half
/// a turn from the same sample of boxes, read the same way:
/// [`ocr::Engine::turned_over_reads_better`]), so that the boxes the app draws fall where the
/// OCR read.
pub fn straightened(image: DynamicImage) -> DynamicImage {
    let prepared = prep::prepare(&image);
    let page = DynamicImage::ImageRgb8(prepared.image);
    // Without the models the page cannot be read either: shown as prepared.
    let Ok(engine) = models::engine() else {
        return page;
    };
    let (page, _, quads) = lines_across(engine, page, Vec::new(), prepared.turns);
    let turned = quads.and_then(|quads| engine.turned_over_reads_better(&page, &quads));
    if turned == Ok(true) {
        page.rotate180()
    } else {
        page
    }
}

/// The page's text boxes, with the page turned a quarter turn first when its text lines run
/// down it. Preparation tells a quarter turn from the page's ink (`prep::orient`), and a table
/// with little prose, its figures stacked in columns, can mislead it; the detector's boxes
/// cannot be: on a page lying on its side they stand tall (measured on a phone photo of a
/// 表三 page turned by mistake: boxes 6,775 px tall in all and none wide; turned back, 6,732 px
/// wide and none tall). Which way to turn: back, when preparation turned the page; otherwise a
/// quarter clockwise, and the half-turn check that follows sets it upright.
fn lines_across(
    engine: &ocr::Engine,
    image: DynamicImage,
    segments: Vec<Segment>,
    prepared_turns: u8,
) -> (DynamicImage, Vec<Segment>, Result<Vec<ocr::Quad>, String>) {
    match engine.boxes(&image) {
        Ok(quads) if lines_run_down(&quads) => {}
        other => return (image, segments, other),
    }
    let (w, h) = (image.width() as f32, image.height() as f32);
    let (image, segments) = if prepared_turns == 1 {
        let back = segments.iter().map(|s| quarter_back(s, w)).collect();
        (image.rotate270(), back)
    } else {
        let on = segments.iter().map(|s| quarter_on(s, h)).collect();
        (image.rotate90(), on)
    };
    let quads = engine.boxes(&image);
    (image, segments, quads)
}

/// Whether the page's text lines run down it: its tall boxes (at least twice as high as wide)
/// are more than twice as long together as its wide ones, and there are a few of them.
fn lines_run_down(quads: &[ocr::Quad]) -> bool {
    let side = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);
    let (mut wide, mut tall, mut tall_boxes) = (0.0, 0.0, 0);
    for &[tl, tr, br, bl] in quads {
        let across = (side(tl, tr) + side(bl, br)) / 2.0;
        let down = (side(tl, bl) + side(tr, br)) / 2.0;
        if across >= 2.0 * down {
            wide += across;
        } else if down >= 2.0 * across {
            tall += down;
            tall_boxes += 1;
        }
    }
    tall_boxes >= 3 && tall > 2.0 * wide
}

/// A segment of a page `height` high, on the page turned a quarter clockwise.
fn quarter_on(s: &Segment, height: f32) -> Segment {
    Segment {
        x0: height - s.y1,
        y0: s.x0,
        x1: height - s.y0,
        y1: s.x1,
    }
}

/// A segment of a page `width` wide, on the page turned a quarter counter-clockwise.
fn quarter_back(s: &Segment, width: f32) -> Segment {
    Segment {
        x0: s.y0,
        y0: width - s.x1,
        x1: s.y1,
        y1: width - s.x0,
    }
}

/// The words of a prepared page, read the right way up. Preparation tells a page turned a
/// quarter turn, but upside down only from a weak cue (left-aligned text); the recogniser
/// tells it surely ([`ocr::Engine::read_boxes`] reads a sample both ways up): a page that
/// reads clearly surer turned over is turned, with its rules, and read again. A quarter turn
/// taken wrongly (or missed) is put right first ([`lines_across`]).
fn read_upright(
    engine: &ocr::Engine,
    image: DynamicImage,
    segments: Vec<Segment>,
    prepared_turns: u8,
    number: u32,
) -> Result<(DynamicImage, Vec<Segment>, Vec<ocr::ReadWord>), ReadError> {
    let failed = |e: String| ReadError::Crashed(format!("文字识别失败：{e}"));
    let (image, mut segments, quads) = lines_across(engine, image, segments, prepared_turns);
    let quads = quads.map_err(failed)?;
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
        prepared.turns,
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

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, GrayImage, Luma};

    /// The box of the dark pixels of `image`, as a segment in pixel edges.
    fn ink_box(image: &GrayImage) -> Segment {
        let dark: Vec<(u32, u32)> = image
            .enumerate_pixels()
            .filter(|(_, _, p)| p.0[0] < 128)
            .map(|(x, y, _)| (x, y))
            .collect();
        let xs = dark.iter().map(|p| p.0);
        let ys = dark.iter().map(|p| p.1);
        Segment {
            x0: xs.clone().min().unwrap_or(0) as f32,
            y0: ys.clone().min().unwrap_or(0) as f32,
            x1: xs.max().unwrap_or(0) as f32 + 1.0,
            y1: ys.max().unwrap_or(0) as f32 + 1.0,
        }
    }

    #[test]
    fn rules_turn_a_quarter_with_the_page_both_ways() {
        let (w, h) = (60, 40);
        let mut page = GrayImage::from_pixel(w, h, Luma([255]));
        for x in 5..30 {
            for y in 10..12 {
                page.put_pixel(x, y, Luma([0]));
            }
        }
        let rule = ink_box(&page);
        let on = DynamicImage::ImageLuma8(page.clone()).rotate90().to_luma8();
        assert_eq!(ink_box(&on), quarter_on(&rule, h as f32));
        let back = DynamicImage::ImageLuma8(page).rotate270().to_luma8();
        assert_eq!(ink_box(&back), quarter_back(&rule, w as f32));
        assert_eq!(quarter_back(&quarter_on(&rule, h as f32), h as f32), rule);
    }

    fn engine() -> &'static ocr::Engine {
        models::engine().unwrap_or_else(|e| {
            panic!("OCR models not available ({e}); run scripts/fetch-ocr-models.sh")
        })
    }

    /// A phone photo of a 表三 page: a page of figures in columns, which preparation once took
    /// for a page on its side (issue 27's photo set, c04 page 3).
    fn photo() -> DynamicImage {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scans/corpus/c04_district_dash-pdf-wkhtmltopdf-09.photo.jpg.jpg"
        );
        image::open(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_page_turned_on_its_side_by_mistake_is_turned_back_and_an_upright_one_is_left() {
        let upright = photo();
        let (w, h) = upright.dimensions();
        let rule = Segment {
            x0: 100.0,
            y0: 200.0,
            x1: 900.0,
            y1: 203.0,
        };

        let (kept, rules, quads) = lines_across(engine(), upright.clone(), vec![rule], 0);
        assert_eq!(kept.dimensions(), (w, h));
        assert_eq!(rules, vec![rule]);
        assert!(!lines_run_down(&quads.unwrap_or_else(|e| panic!("{e}"))));

        // Preparation turned it a quarter clockwise: turned back, with its rules.
        let turned = upright.rotate90();
        let (back, rules, quads) =
            lines_across(engine(), turned, vec![quarter_on(&rule, h as f32)], 1);
        assert_eq!(back.dimensions(), (w, h));
        assert_eq!(rules, vec![rule]);
        assert!(!lines_run_down(&quads.unwrap_or_else(|e| panic!("{e}"))));
        assert_eq!(back.to_rgb8(), upright.to_rgb8());

        // On its side and not turned by preparation: turned a quarter clockwise (the half-turn
        // check that follows in `read_upright` puts a page that is then upside down right).
        let (on, _, _) = lines_across(engine(), upright.rotate270(), Vec::new(), 0);
        assert_eq!(on.to_rgb8(), upright.to_rgb8());
    }
}
