//! A page image's words as the glyphs a PDF's text layer would give, so that the one layout code
//! (`pdf::layout`) builds their lines and ruled-table rows; and, once the lines are in the
//! document, where each word's text landed ([`marks`]).
//!
//! The page image's frame (pixels, origin top left, y down) becomes a PDF-like frame (y up) by
//! flipping y. Each character becomes a glyph centred where the recogniser saw it along the box.

use super::ocr::ReadWord;
use super::{OcrAt, OcrMark, Word};
use crate::read::furniture::{GlyphSpan, PageLines};
use crate::read::pdf::content::{Glyph, PageContent, Segment};

/// A scanned page ready for the layout.
#[derive(Debug, Default)]
pub struct ScannedPage {
    pub content: PageContent,
    pub words: Vec<Word>,
    /// Per glyph of `content`: the index of its word in `words`.
    pub word_of: Vec<usize>,
    /// The image's size in pixels.
    pub width: f32,
    pub height: f32,
}

impl ScannedPage {
    /// Its lines as the layout code builds them, framed by the whole image: one place for the
    /// PDF, OFD and image readers alike.
    pub fn lines(&self) -> PageLines {
        PageLines {
            lines: crate::read::pdf::layout::placed_lines(&self.content, None),
            frame: Some([0.0, 0.0, self.width, self.height]),
        }
    }
}

/// The text inside a detected box is about this share of the box's height (the detector
/// widens each box around its text).
pub(super) const TEXT_SHARE: f32 = 0.7;
/// A character's half width is at most this many ems: CJK characters are an em wide, digits
/// and Latin letters a little over half.
const CJK_HALF: f32 = 0.55;
const LATIN_HALF: f32 = 0.32;

/// `segments` are the page's ruling lines in image pixels (from the page preparation), if any.
pub fn from_words(
    read: Vec<ReadWord>,
    width: f32,
    height: f32,
    segments: &[Segment],
) -> ScannedPage {
    let mut page = ScannedPage {
        width,
        height,
        ..ScannedPage::default()
    };
    for (w, rw) in read.into_iter().enumerate() {
        push_word(&mut page, &rw, w);
        page.words.push(rw.word);
    }
    page.content.segments = segments
        .iter()
        .map(|s| Segment {
            x0: s.x0,
            y0: height - s.y0,
            x1: s.x1,
            y1: height - s.y1,
        })
        .collect();
    page
}

fn push_word(page: &mut ScannedPage, rw: &ReadWord, index: usize) {
    let [_, y0, _, y1] = rw.word.bbox;
    let size = ((y1 - y0) * TEXT_SHARE).max(1.0);
    // The glyph's middle (where layout looks for rules) is the box's middle.
    let baseline = page.height - (y0 + y1) / 2.0 - 0.35 * size;
    let visible: Vec<(char, f32, bool)> = {
        let mut out = Vec::new();
        let mut space = false;
        for (c, &x) in rw.word.chars.iter().zip(&rw.centres) {
            if c.ch.is_whitespace() {
                space = true;
            } else {
                out.push((c.ch, x, std::mem::take(&mut space)));
            }
        }
        out
    };
    for (i, &(ch, x, space_before)) in visible.iter().enumerate() {
        let half = size
            * if crate::text::is_cjk(ch) {
                CJK_HALF
            } else {
                LATIN_HALF
            };
        // Characters the recogniser read as one run share the gap between them, so that the
        // layout sees them touching (a number stays one number however the centres fall); at a
        // space it read, and at the word's ends, a character is at most its own width.
        let left = match i.checked_sub(1) {
            Some(j) if !space_before => (visible[j].1 + x) / 2.0,
            Some(j) => ((visible[j].1 + x) / 2.0).max(x - half),
            None => x - half,
        };
        let right = match visible.get(i + 1) {
            Some(n) if !n.2 => (x + n.1) / 2.0,
            Some(n) => ((x + n.1) / 2.0).min(x + half),
            None => x + half,
        };
        let start = page.content.text.len() as u32;
        page.content.text.push(ch);
        page.content.glyphs.push(Glyph {
            start,
            end: page.content.text.len() as u32,
            x: left,
            y: baseline,
            dx: (right - left).max(0.1),
            dy: 0.0,
            size,
            space_before,
        });
        page.word_of.push(index);
    }
}

/// Where the words of a scanned page landed in a line of the document: block `block`, whose text
/// is `text` and whose glyphs are `spans`. A word's glyphs that sit together make one mark; a
/// word split by a cell boundary (a tab between its glyphs) makes one mark per cell.
pub fn marks(page: &ScannedPage, block: usize, text: &str, spans: &[GlyphSpan]) -> Vec<OcrMark> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new(); // word, start, end
    for s in spans {
        let Some(&word) = page.word_of.get(s.glyph as usize) else {
            continue;
        };
        let (start, end) = (s.start as usize, s.end as usize);
        match out.last_mut() {
            Some(last)
                if last.0 == word
                    && text
                        .get(last.2..start)
                        .is_some_and(|between| !between.contains('\t')) =>
            {
                last.2 = end;
            }
            _ => out.push((word, start, end)),
        }
    }
    out.into_iter()
        .filter_map(|(w, start, end)| {
            Some(OcrMark {
                at: OcrAt::Line {
                    block,
                    bytes: start..end,
                },
                word: page.words.get(w)?.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::read::pdf::layout::placed_lines;
    use crate::read::scan::CharRead;

    /// A word read with 0.9 confidence, its characters spread evenly along `bbox`.
    pub(in crate::read::scan) fn word(text: &str, bbox: [f32; 4]) -> ReadWord {
        let n = text.chars().count() as f32;
        let step = (bbox[2] - bbox[0]) / n;
        ReadWord {
            word: Word {
                text: text.into(),
                confidence: 0.9,
                page: 1,
                bbox,
                chars: text
                    .chars()
                    .map(|ch| CharRead {
                        ch,
                        prob: 0.9,
                        alternatives: vec![],
                    })
                    .collect(),
            },
            centres: (0..text.chars().count())
                .map(|i| bbox[0] + (i as f32 + 0.5) * step)
                .collect(),
        }
    }

    #[test]
    fn words_become_lines_in_reading_order_with_their_marks() {
        // Two rows of a table drawn without rules: a label and two numbers each.
        let words = vec![
            word("本年新收", [100.0, 100.0, 220.0, 140.0]),
            word("12", [400.0, 102.0, 430.0, 138.0]),
            word("0", [500.0, 101.0, 515.0, 139.0]),
            word("总计", [100.0, 160.0, 160.0, 200.0]),
            word("12", [400.0, 160.0, 430.0, 200.0]),
            word("0", [500.0, 160.0, 515.0, 200.0]),
        ];
        let page = from_words(words, 1000.0, 1400.0, &[]);
        let lines = placed_lines(&page.content, None);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["本年新收\t12\t0", "总计\t12\t0"]);
        let m = marks(&page, 7, &lines[1].text, &lines[1].glyphs);
        let at: Vec<_> = m.iter().map(|m| (m.at.clone(), m.word.bbox[1])).collect();
        let line = |b: std::ops::Range<usize>| OcrAt::Line { block: 7, bytes: b };
        // The second row's "12" and "0", not the first row's (the same text).
        assert_eq!(
            at,
            vec![
                (line(0..6), 160.0),
                (line(7..9), 160.0),
                (line(10..11), 160.0)
            ]
        );
    }

    #[test]
    fn a_space_read_inside_a_box_stays_a_space() {
        let page = from_words(
            vec![word("2023 年", [10.0, 10.0, 150.0, 40.0])],
            200.0,
            100.0,
            &[],
        );
        let lines = placed_lines(&page.content, None);
        assert_eq!(lines[0].text, "2023 年");
    }
}
