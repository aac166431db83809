//! Cells read from a page image: each keeps how sure the OCR was of its characters, where on the
//! page it is, and the values it could be if one character was misread ([`OcrReading`]), so that
//! the checks can flag a doubtful figure and the app can show the spot on the scan.

use super::numbers::{parse_value, plausible, Parsed};
use super::rows;
use super::tokens::Flat;
use crate::format::{self, FormatVersion, RowDef};
use crate::model::{CellState, Guess, OcrReading, Report};
use crate::read::scan::unread::UNREAD;
use crate::read::scan::{OcrAt, OcrMark};
use crate::read::Document;
use std::ops::Range;

/// How many other values are kept per figure: the checks try each against the sums.
const ALTERNATIVES: usize = 4;
/// A character reading less likely than this is not worth trying.
const ALTERNATIVE_FLOOR: f32 = 0.01;

/// Fills `report.ocr` for every cell whose printed text came from OCR marks of `doc`. `guessed`:
/// the cells of rows whose figures were placed by a guess, and why.
pub fn attach(report: &mut Report, flat: &Flat, doc: &Document, guessed: &[(String, Guess)]) {
    if doc.ocr.is_empty() {
        return;
    }
    let mut readings = Vec::new();
    for (key, cell) in &report.cells {
        if !matches!(cell.state, CellState::Read | CellState::Invalid) {
            continue;
        }
        let p = &cell.provenance;
        let pieces: Vec<Piece> = match (&p.grid, &p.span) {
            (Some(at), _) => grid_pieces(doc, *at),
            (None, Some(span)) => line_pieces(doc, flat, span),
            _ => continue,
        };
        if let Some(mut reading) = reading_of(&pieces) {
            reading.names_row = other_row_named(key, &p.context, report.format_version);
            reading.guess = guessed
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, g)| g.clone());
            readings.push((key.clone(), reading));
        }
    }
    report.ocr.extend(readings);
}

/// The key of another row of the cell's table that the printed line `context` names, where it
/// hardly names the cell's own row ([`rows::other_row_named`]).
fn other_row_named(key: &str, context: &str, version: Option<FormatVersion>) -> Option<String> {
    let def = format::cell_def(key)?;
    let table = format::table(def.table);
    let rows: Vec<&'static RowDef> = match version {
        Some(v) => table.rows_for(v).collect(),
        None => table.rows.iter().collect(),
    };
    let label = format::normalise_label(context);
    rows::other_row_named(&label, def.row, rows.into_iter()).map(|r| r.key.to_string())
}

/// The characters of one OCR word that a cell's text covers.
struct Piece<'a> {
    mark: &'a OcrMark,
    /// Indices into `mark.word.chars`.
    chars: Range<usize>,
}

fn grid_pieces(doc: &Document, at: (usize, usize, usize)) -> Vec<Piece<'_>> {
    doc.ocr
        .iter()
        .filter(|m| matches!(m.at, OcrAt::Cell { table, row, col } if (table, row, col) == at))
        .map(|mark| Piece {
            mark,
            chars: 0..mark.word.chars.len(),
        })
        .collect()
}

/// The words whose text lies in `span` of the report's text, each cut to the characters inside.
fn line_pieces<'a>(doc: &'a Document, flat: &Flat, span: &Range<usize>) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    for mark in &doc.ocr {
        let OcrAt::Line { block, bytes } = &mark.at else {
            continue;
        };
        let Some(&start) = flat.block_starts.get(*block) else {
            continue;
        };
        let word_start = start + bytes.start;
        if word_start >= span.end || start + bytes.end <= span.start {
            continue;
        }
        // Character i of the word sits at word_start + its byte offset in the word's text.
        let inside: Vec<usize> = mark
            .word
            .text
            .char_indices()
            .enumerate()
            .filter(|(_, (at, _))| span.contains(&(word_start + at)))
            .map(|(i, _)| i)
            .collect();
        if let (Some(&a), Some(&b)) = (inside.first(), inside.last()) {
            out.push(Piece {
                mark,
                chars: a..(b + 1).min(mark.word.chars.len()),
            });
        }
    }
    out
}

fn reading_of(pieces: &[Piece]) -> Option<OcrReading> {
    let first = pieces.first()?;
    let confidence = pieces
        .iter()
        .flat_map(|p| p.mark.word.chars[p.chars.clone()].iter())
        .map(|c| c.prob)
        .fold(first.mark.word.confidence, f32::min);
    let bbox = pieces.iter().map(box_of).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })?;
    // Only the mark of unread ink (read/scan/unread.rs), which no recogniser gives: its
    // probability is 0.
    let unread = pieces
        .iter()
        .flat_map(|p| p.mark.word.chars[p.chars.clone()].iter())
        .all(|c| c.ch == UNREAD && c.prob == 0.0);
    Some(OcrReading {
        confidence,
        page: first.mark.word.page,
        bbox,
        alternatives: alternatives(pieces),
        unread,
        names_row: None,
        guess: None,
    })
}

/// The part of the word's box its covered characters take, sliced evenly by character.
fn box_of(p: &Piece) -> [f32; 4] {
    let [x0, y0, x1, y1] = p.mark.word.bbox;
    let n = p.mark.word.chars.len().max(1) as f32;
    let w = (x1 - x0) / n;
    [
        x0 + w * p.chars.start as f32,
        y0,
        x0 + w * p.chars.end as f32,
        y1,
    ]
}

/// Values the figure takes when one of its characters is read as one of its other readings,
/// most likely first. Only readings that still make a number count.
fn alternatives(pieces: &[Piece]) -> Vec<f64> {
    let chars: Vec<&crate::read::scan::CharRead> = pieces
        .iter()
        .flat_map(|p| p.mark.word.chars[p.chars.clone()].iter())
        .collect();
    let printed: String = chars.iter().map(|c| c.ch).collect();
    let original = number(&printed);
    let mut tried: Vec<(f32, f64)> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        for &(alt, prob) in &c.alternatives {
            if prob < ALTERNATIVE_FLOOR {
                continue;
            }
            let text: String = chars
                .iter()
                .enumerate()
                .map(|(j, d)| if j == i { alt } else { d.ch })
                .collect();
            if let Some(v) = number(&text).filter(|v| Some(*v) != original) {
                if !tried.iter().any(|(_, w)| *w == v) {
                    tried.push((prob, v));
                }
            }
        }
    }
    tried.sort_by(|a, b| b.0.total_cmp(&a.0));
    tried
        .into_iter()
        .take(ALTERNATIVES)
        .map(|(_, v)| v)
        .collect()
}

fn number(text: &str) -> Option<f64> {
    match parse_value(text) {
        Parsed::Number(v) if plausible(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::scan::{CharRead, Word};
    use crate::source::FileKind;

    fn word(text: &str, probs: &[f32], alts: &[&[(char, f32)]]) -> Word {
        Word {
            text: text.into(),
            confidence: 0.99,
            page: 2,
            bbox: [100.0, 50.0, 140.0, 70.0],
            chars: text
                .chars()
                .enumerate()
                .map(|(i, ch)| CharRead {
                    ch,
                    prob: probs[i],
                    alternatives: alts.get(i).map(|a| a.to_vec()).unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// A one-line document "合计\t38" whose figure came from the OCR.
    fn doc_with(w: Word) -> Document {
        let mut doc = Document::new(FileKind::Text);
        doc.push_line("标题", Some(1));
        let line = format!("合计\t{}", w.text);
        let at = "合计\t".len();
        let end = line.len();
        doc.push_line(line, Some(2));
        doc.ocr.push(OcrMark {
            at: OcrAt::Line {
                block: 1,
                bytes: at..end,
            },
            word: w,
        });
        doc
    }

    #[test]
    fn a_figure_keeps_its_least_sure_character_box_and_look_alikes() {
        let doc = doc_with(word("38", &[0.99, 0.7], &[&[], &[('3', 0.2), ('B', 0.05)]]));
        let flat = super::super::tokens::flatten(&doc);
        let tok = flat.tokens.iter().find(|t| t.text == "38").unwrap();
        let pieces = line_pieces(&doc, &flat, &tok.span);
        let r = reading_of(&pieces).unwrap();
        assert_eq!(r.page, 2);
        assert!((r.confidence - 0.7).abs() < 1e-6);
        assert_eq!(r.bbox, [100.0, 50.0, 140.0, 70.0]);
        // 33 from the second digit; "3B" is no number.
        assert_eq!(r.alternatives, vec![33.0]);
    }

    #[test]
    fn a_cell_covering_part_of_a_word_gets_that_part_of_its_box() {
        let doc = doc_with(word("12", &[0.99, 0.99], &[]));
        let flat = super::super::tokens::flatten(&doc);
        let start = flat.block_starts[1] + "合计\t".len();
        let pieces = line_pieces(&doc, &flat, &(start + 1..start + 2));
        let r = reading_of(&pieces).unwrap();
        assert_eq!(r.bbox, [120.0, 50.0, 140.0, 70.0]);
    }

    #[test]
    fn the_mark_of_unread_ink_is_an_unread_reading_and_a_real_question_mark_is_not() {
        let doc = doc_with(word("？", &[0.0], &[]));
        let flat = super::super::tokens::flatten(&doc);
        let tok = flat.tokens.iter().find(|t| t.text == "？").unwrap();
        assert_eq!(tok.kind, super::super::tokens::TokenKind::Garbage);
        let r = reading_of(&line_pieces(&doc, &flat, &tok.span)).unwrap();
        assert!(r.unread);
        // A question mark the recogniser printed is a reading like any other.
        let doc = doc_with(word("？", &[0.8], &[]));
        let flat = super::super::tokens::flatten(&doc);
        let tok = flat.tokens.iter().find(|t| t.text == "？").unwrap();
        assert!(
            !reading_of(&line_pieces(&doc, &flat, &tok.span))
                .unwrap()
                .unread
        );
    }

    #[test]
    fn text_outside_the_words_has_no_reading() {
        let doc = doc_with(word("12", &[0.99, 0.99], &[]));
        let flat = super::super::tokens::flatten(&doc);
        let pieces = line_pieces(&doc, &flat, &(0..3));
        assert!(reading_of(&pieces).is_none());
    }
}
