//! Where in a report's text a cell was read from: the passage the source view highlights.

use crate::model::{Cell, Report};
use std::ops::Range;

/// Where the text of a cell is: its recorded span, else the first place its context line occurs.
pub fn span_of(report: &Report, cell: &Cell) -> Option<Range<usize>> {
    let p = &cell.provenance;
    if let Some(span) = p.span.clone().filter(|s| valid_span(&report.text, s)) {
        return Some(span);
    }
    let context = p.context.trim();
    if context.is_empty() {
        return None;
    }
    report
        .text
        .find(context)
        .map(|start| start..start + context.len())
}

/// Whether `span` is a passage of `text` (in bounds, on character boundaries).
pub fn valid_span(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    #[test]
    fn a_cell_without_a_span_is_found_by_its_context_line() {
        let mut r = Report::empty("a.txt", FileKind::Text, "标题\n本年新收 2 0 2\n".into());
        let mut cell = Cell::absent();
        cell.provenance.context = "本年新收 2 0 2".into();
        let span = span_of(&r, &cell).unwrap();
        assert_eq!(&r.text[span], "本年新收 2 0 2");
        cell.provenance.span = Some(1..2); // inside a character: ignored
        assert!(span_of(&r, &cell).is_some());
        r.text = "别的".into();
        assert_eq!(span_of(&r, &cell), None);
    }
}
