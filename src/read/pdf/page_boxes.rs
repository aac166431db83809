//! Page boxes with numbers lopdf cannot parse (issue 23): `/MediaBox [0 0 1e300 1e300]` or a
//! 30-digit width. PDF numbers have no exponent and real files never need more than a few
//! digits, so lopdf rejects the whole page object, and the file seemed to have no pages at all.
//! Viewers clamp such a box and show the page; we do the same, in place and byte for byte the
//! same length, so that every offset in the cross-reference table still holds.

/// The largest page side a PDF may have (200 inches, in points): what a wild number becomes.
const CLAMP: &[u8] = b"14400";
const BOXES: [&[u8]; 5] = [
    b"/MediaBox",
    b"/CropBox",
    b"/BleedBox",
    b"/TrimBox",
    b"/ArtBox",
];
/// How far a box's `]` may be from its name.
const MAX_BOX_BYTES: usize = 256;

/// The file with every unparsable number inside a page box replaced by [`CLAMP`] (padded with
/// spaces), or `None` when there is none. Called on every file lopdf refuses (a damaged
/// cross-reference table is far more common than a wild box), so it searches with `memmem` and
/// copies the file only once a wild number is found.
pub fn tame(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for name in BOXES {
        for at in memchr::memmem::find_iter(bytes, name) {
            let start = at + name.len();
            let Some(open) = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map(|p| p + start)
                .filter(|&p| bytes[p] == b'[')
            else {
                continue;
            };
            let end = (open + MAX_BOX_BYTES).min(bytes.len());
            let Some(close) = bytes[open..end].iter().position(|&b| b == b']') else {
                continue;
            };
            let span = open + 1..open + close;
            if has_wild(&bytes[span.clone()]) {
                let out = out.get_or_insert_with(|| bytes.to_vec());
                tame_numbers(&mut out[span]);
            }
        }
    }
    out
}

/// Whether `span` holds a word [`tame_numbers`] would rewrite.
fn has_wild(span: &[u8]) -> bool {
    span.split(|b| b.is_ascii_whitespace()).any(is_wild)
}

/// Rewrites each wild number among the space-separated words of `span`.
fn tame_numbers(span: &mut [u8]) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < span.len() {
        if span[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = span[i..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .map_or(span.len(), |p| p + i);
        if is_wild(&span[i..end]) {
            clamp(&mut span[i..end]);
            changed = true;
        }
        i = end;
    }
    changed
}

/// A word that looks meant as a number but is not one lopdf reads: an exponent, or more
/// digits than any page size needs.
fn is_wild(word: &[u8]) -> bool {
    let digits = word.iter().filter(|b| b.is_ascii_digit()).count();
    let numeric = word
        .iter()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(b));
    numeric && digits > 0 && (word.iter().any(|b| b"eE".contains(b)) || digits > 9)
}

fn clamp(word: &mut [u8]) {
    let negative = word.first() == Some(&b'-');
    let mut value: Vec<u8> = Vec::with_capacity(word.len());
    if negative {
        value.push(b'-');
    }
    value.extend_from_slice(CLAMP);
    if value.len() > word.len() {
        // A short word ("1e9", "-1e9"): nines fit and are still a huge box.
        value = vec![b'9'; word.len()];
        if negative {
            value[0] = b'-';
        }
    }
    value.resize(word.len(), b' ');
    word.copy_from_slice(&value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wild_numbers_in_page_boxes_are_clamped_in_place() {
        let pdf = b"<< /MediaBox [0 0 1e300 99999999999999999999] /CropBox[-3.4e38 0 595 842] >>";
        let tamed = tame(pdf).expect("changed");
        assert_eq!(tamed.len(), pdf.len());
        assert_eq!(
            String::from_utf8_lossy(&tamed),
            "<< /MediaBox [0 0 14400 14400               ] /CropBox[-14400  0 595 842] >>"
        );
    }

    #[test]
    fn ordinary_boxes_and_other_numbers_are_left_alone() {
        let pdf = b"<< /MediaBox [0 0 595.276 841.89] /Width 1e300 /ArtBox [ 1 2 3 4 ] >>";
        assert_eq!(tame(pdf), None);
        // Short words keep their length.
        assert_eq!(
            tame(b"/TrimBox [0 0 1e9 -1e9]").as_deref(),
            Some(&b"/TrimBox [0 0 999 -999]"[..])
        );
    }
}
