//! How much the recogniser may be given: it keeps every word and number of a document as a
//! token (about 150 bytes each, whatever the word's own size), so 60 MB of rows of numbers
//! (`0\t0\t0…`, two bytes a number) would take gigabytes. A report has a few thousand words and
//! numbers; a document with more than [`MAX_WORDS`] is refused before it is recognised.

use super::{Block, Document, ReadError};

/// Words, numbers and table cells in a document, far above any report (portal pages included).
pub const MAX_WORDS: usize = 1_000_000;

/// Refuses a document with more words than [`MAX_WORDS`], counting as the recogniser splits
/// (at tabs and spaces; a table cell is one).
pub fn check(doc: &Document) -> Result<(), ReadError> {
    let mut words = 0usize;
    for block in &doc.blocks {
        super::budget::checkpoint();
        words += match block {
            Block::Line(l) => count_words(&l.text),
            Block::Table(g) => g.rows.iter().map(Vec::len).sum(),
        };
        if words > MAX_WORDS {
            return Err(ReadError::Bloated(format!(
                "的数字和词语超过 {} 万个",
                MAX_WORDS / 10_000
            )));
        }
    }
    Ok(())
}

fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let space = crate::text::is_space(c);
        if !space && !in_word {
            n += 1;
        }
        in_word = !space;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileKind;

    #[test]
    fn rows_of_numbers_past_the_bound_are_refused() {
        let row = format!("一、本年新收政府信息公开申请数量{}", "\t0".repeat(60));
        let mut doc = Document::new(FileKind::Text);
        for _ in 0..MAX_WORDS / 60 + 1 {
            doc.push_line(row.clone(), None);
        }
        assert!(matches!(check(&doc), Err(ReadError::Bloated(_))));
        doc.blocks.truncate(1000);
        assert_eq!(check(&doc), Ok(()));
    }

    #[test]
    fn words_are_split_as_the_recogniser_splits_them() {
        assert_eq!(count_words("规章\t0  1\u{3000}2"), 4);
        assert_eq!(count_words(""), 0);
    }
}
