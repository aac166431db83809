//! Small, forgiving accessors over lopdf objects: a missing key, a dangling reference or a wrong
//! type all come back as `None`, never as an error the caller has to thread through.

use lopdf::{Dictionary, Document, Object, Stream};

/// Follows references to the object itself.
pub fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, d, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn stream<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    get(doc, d, key)?.as_stream().ok()
}

pub fn array<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    get(doc, d, key)?.as_array().ok()
}

pub fn name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, d, key)?.as_name().ok()
}

pub fn number(doc: &Document, o: &Object) -> Option<f32> {
    resolve(doc, o)?.as_float().ok()
}

pub fn num_key(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f32> {
    number(doc, d.get(key).ok()?)
}

/// The numbers of an array (`/Widths`, `/FontMatrix`, `/MediaBox`); non-numbers become 0.
pub fn numbers(doc: &Document, items: &[Object]) -> Vec<f32> {
    items
        .iter()
        .map(|o| number(doc, o).unwrap_or(0.0))
        .collect()
}

/// A stream's decoded bytes. A damaged Flate stream gives what could be inflated; a filter
/// lopdf does not know gives nothing (its raw bytes would only be noise to the lexer), and so
/// does a stream that unpacks past its cap ([`super::filters`]).
pub fn stream_bytes(s: &Stream) -> Vec<u8> {
    super::filters::decode(s)
}

/// Looks a key up on a page and then its ancestors (`/Resources`, `/MediaBox`, `/CropBox` are
/// inherited through the page tree).
pub fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(o) = get(doc, node, key) {
            return Some(o);
        }
        node = dict(doc, node, b"Parent")?;
    }
    None
}
