//! Scanned and photographed pages (issue 27): page images are cleaned and straightened
//! (`prep`), read by the OCR models (`ocr`), and turned into the same glyphs and ruling lines a
//! PDF's text layer gives, so that one layout code builds their lines and table rows.
//!
//! Every value read this way keeps where it came from and how sure the reading was ([`Word`]);
//! the document carries those marks ([`OcrMark`]) to the recogniser, which hands them to the
//! cells, so that a doubtful figure is never taken for a read one.

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
