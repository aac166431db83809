//! The pages of a PDF, an OFD or an image file as they are read one by one, each laid out from
//! its text layer or, when it is a scanned page, from its OCR; then the document's lines, with
//! the page numbers and running titles of all pages dropped.

use super::furniture::{self, PageLines};
use super::scan::page::ScannedPage;
use super::{Document, ReadError};
use crate::source::FileKind;

#[derive(Default)]
pub struct Pages {
    numbers: Vec<u32>,
    read: Vec<PageLines>,
    scans: Vec<Option<ScannedPage>>,
    scan_error: Option<ReadError>,
    with_images: usize,
}

/// What reading the pages gave besides their lines.
pub struct Outcome {
    pub document: Document,
    /// Why a scanned page could not be read (no models, an image format not decoded…): the
    /// first such reason.
    pub scan_error: Option<ReadError>,
    /// Pages that draw an image.
    pub with_images: usize,
}

impl Pages {
    pub fn with_capacity(n: usize) -> Pages {
        Pages {
            numbers: Vec::with_capacity(n),
            read: Vec::with_capacity(n),
            scans: Vec::with_capacity(n),
            ..Pages::default()
        }
    }

    /// Adds page `number`: `scan` is the outcome of reading it as a scanned page (`Ok(None)`:
    /// it is not one); `text` lays it out from its text layer when it was not read as a scan.
    pub fn push(
        &mut self,
        number: u32,
        has_images: bool,
        scan: Result<Option<ScannedPage>, ReadError>,
        text: impl FnOnce() -> PageLines,
    ) {
        let scan = scan.unwrap_or_else(|e| {
            self.scan_error.get_or_insert(e);
            None
        });
        if let Some(page) = scan {
            return self.push_scanned(number, page);
        }
        self.with_images += usize::from(has_images);
        self.numbers.push(number);
        self.read.push(text());
        self.scans.push(None);
    }

    /// Adds page `number`, read from its image.
    pub fn push_scanned(&mut self, number: u32, page: ScannedPage) {
        self.with_images += 1;
        self.numbers.push(number);
        self.read.push(page.lines());
        self.scans.push(Some(page));
    }

    /// The lines of every page in order, page numbers and running titles dropped (they go
    /// before anything reads the lines), each scanned line with the marks of its words.
    pub fn finish(self, kind: FileKind) -> Outcome {
        let mut doc = Document::new(kind);
        let drop = furniture::furniture(&self.read);
        let pages = self.numbers.into_iter().zip(self.read);
        for (((number, page), scan), drop) in pages.zip(&self.scans).zip(drop) {
            for (line, dropped) in page.lines.into_iter().zip(drop) {
                match (scan, dropped) {
                    (_, true) => {}
                    (Some(s), false) => super::scan::push_line(&mut doc, s, number, line),
                    (None, false) => doc.push_line(line.text, Some(number)),
                }
            }
        }
        Outcome {
            document: doc,
            scan_error: self.scan_error,
            with_images: self.with_images,
        }
    }
}
