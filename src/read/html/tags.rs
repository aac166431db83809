//! A look at a page's tags before html5ever builds its tree, which it does at any cost: a few
//! hundred KB with 1,500 `<b>` left open and then 30,000 `<div>`s make it rebuild the open
//! formatting elements inside every `<div>` (tens of millions of elements, gigabytes).
//!
//! So the page's start tags are counted (more than [`MAX_ELEMENTS`] is no report page), and
//! formatting tags (`<b>`, `<font>`; `<span>` is not one) beyond [`MAX_OPEN_FORMATTING`] open at
//! once are dropped: they only make text bold or coloured, which the reader ignores, so the
//! text and the tables read the same.

use crate::read::ReadError;

/// No report page, portal chrome included, has this many elements.
pub const MAX_ELEMENTS: usize = 200_000;
/// Formatting elements open at once beyond which more are dropped.
const MAX_OPEN_FORMATTING: usize = 8;

/// The elements html5ever reopens inside each new block while they are open (the HTML
/// standard's "formatting elements").
fn is_formatting(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"b"
            | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// Elements whose content is text, not tags.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"plaintext"
    )
}

/// The page as html5ever should see it: the same, or without the formatting tags over the
/// bound. Refused when it has more elements than any report page.
pub fn bounded(page: &str) -> Result<std::borrow::Cow<'_, str>, ReadError> {
    let bytes = page.as_bytes();
    let mut dropped: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut elements, mut open_formatting) = (0usize, 0usize);
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &bytes[at..]).map(|p| at + p) {
        let Some(tag) = Tag::at(bytes, lt) else {
            at = lt + 1;
            continue;
        };
        at = tag.end;
        if tag.closing {
            if is_formatting(&tag.name) {
                open_formatting = open_formatting.saturating_sub(1);
            }
            continue;
        }
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(ReadError::Bloated(format!(
                "的网页元素（标签）超过 {MAX_ELEMENTS} 个"
            )));
        }
        if is_formatting(&tag.name) && !tag.self_closing {
            if open_formatting >= MAX_OPEN_FORMATTING {
                dropped.push(lt..tag.end);
            } else {
                open_formatting += 1;
            }
        } else if is_raw_text(&tag.name) {
            at = raw_text_end(bytes, at, &tag.name);
        }
    }
    if dropped.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(page));
    }
    let mut out = String::with_capacity(page.len());
    let mut from = 0;
    for r in dropped {
        out.push_str(&page[from..r.start]);
        from = r.end;
    }
    out.push_str(&page[from..]);
    Ok(std::borrow::Cow::Owned(out))
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// A start or end tag, from its `<` to just after its `>`.
struct Tag {
    name: Vec<u8>,
    closing: bool,
    self_closing: bool,
    end: usize,
}

impl Tag {
    /// The tag starting at `lt`, or `None` for a `<` that starts none (text, a comment, a
    /// doctype: those are skipped by the caller moving on one byte; a comment's own `<`s are
    /// not tags for html5ever either, so they are stepped over here).
    fn at(bytes: &[u8], lt: usize) -> Option<Tag> {
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = find(&rest[3..], b"-->").map_or(bytes.len(), |p| lt + 1 + 3 + p + 3);
            return Some(Tag {
                name: Vec::new(),
                closing: true,
                self_closing: false,
                end,
            });
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        if !rest.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let name_len = rest[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let after_name = lt + 1 + name_start + name_len;
        let gt = tag_end(bytes, after_name);
        let self_closing = gt > 0 && bytes.get(gt - 1) == Some(&b'/');
        Some(Tag {
            name,
            closing,
            self_closing,
            end: (gt + 1).min(bytes.len()),
        })
    }
}

/// The `>` that ends a tag, stepping over quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if bytes.get(i.wrapping_sub(1)) == Some(&b'=') => quote = Some(b),
            (None, b'>') => return i,
            _ => {}
        }
    }
    bytes.len()
}

/// Just after the `</name` that ends a raw-text element (or the end of the page).
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut close = b"</".to_vec();
    close.extend_from_slice(name);
    let mut at = from;
    while let Some(p) = memchr(b'<', &bytes[at..]).map(|p| at + p) {
        let candidate = &bytes[p..(p + close.len()).min(bytes.len())];
        if candidate.eq_ignore_ascii_case(&close) {
            return p;
        }
        at = p + 1;
    }
    bytes.len()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_honest_page_is_left_as_it_is() {
        let page = "<p><b>一、</b>总体情况<script>if (a<b) x='<b>';</script><!-- <b><b> --></p>";
        assert!(matches!(bounded(page), Ok(std::borrow::Cow::Borrowed(_))));
    }

    #[test]
    fn formatting_tags_left_open_beyond_the_bound_are_dropped() {
        let page = format!("{}<div>表三</div>", "<b class=\"x>y\">".repeat(1500));
        let out = bounded(&page).unwrap();
        assert_eq!(out.matches("<b ").count(), MAX_OPEN_FORMATTING);
        assert!(out.ends_with("<div>表三</div>"));
        // Closed ones never count against the bound.
        let closed = "<b>粗</b>".repeat(1000);
        assert!(matches!(
            bounded(&closed),
            Ok(std::borrow::Cow::Borrowed(_))
        ));
    }

    #[test]
    fn a_page_of_too_many_elements_is_refused() {
        let page = "<p>".repeat(MAX_ELEMENTS + 1);
        assert!(matches!(bounded(&page), Err(ReadError::Bloated(_))));
    }
}
