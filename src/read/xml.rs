//! Small helpers for the XML inside office packages (.docx, .ods), read with quick-xml.

use quick_xml::events::{BytesRef, BytesStart};

/// The text an entity or character reference stands for (`&#x4E00;`, `&amp;`); `None` for an
/// entity XML does not define.
pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => r
            .decode()
            .ok()
            .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
            .map(str::to_string),
    }
}

/// An attribute's value by local name (`w:val` and `val` alike), unescaped; the raw text when
/// its escapes are broken, since a damaged entity is no reason to lose the value.
pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            Some(
                quick_xml::escape::unescape(raw)
                    .map_or_else(|_| raw.to_string(), |v| v.into_owned()),
            )
        })
}
