//! Rebuilding a damaged cross-reference table, as viewers do: a file whose byte offsets no
//! longer match (bytes inserted by a mail gateway, line endings converted, a wrong `startxref`)
//! still has every `N 0 obj` in it. We find them all, append a fresh table and trailer, and let
//! lopdf parse the result. Truncated files are not rebuilt: half a report read as a whole one
//! would be checked as if its missing tables were empty.

use std::collections::BTreeMap;

/// True when the end of the file is missing (no `%%EOF` near the end).
pub fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    memchr::memmem::find(tail, b"%%EOF").is_none()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// Reads the unsigned integer ending just before `end` (skipping no spaces); returns it and
/// where it starts.
fn number_before(bytes: &[u8], end: usize) -> Option<(u32, usize)> {
    let start = bytes[..end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    if start == end || end - start > 10 {
        return None;
    }
    let n = std::str::from_utf8(&bytes[start..end]).ok()?.parse().ok()?;
    Some((n, start))
}

/// Every `num gen obj` header: object number → (generation, offset); a later copy wins, as
/// in an incremental update.
fn object_headers(bytes: &[u8]) -> BTreeMap<u32, (u16, usize)> {
    let mut found = BTreeMap::new();
    let last = bytes.len().saturating_sub(3);
    for i in memchr::memmem::find_iter(bytes, b"obj") {
        if i == 0 || i >= last || !is_space(bytes[i - 1]) {
            continue;
        }
        if bytes.get(i + 3).is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let Some((generation, gen_start)) = number_before(bytes, i - 1) else {
            continue;
        };
        if gen_start == 0 || !is_space(bytes[gen_start - 1]) {
            continue;
        }
        let Some((num, start)) = number_before(bytes, gen_start - 1) else {
            continue;
        };
        if (start == 0 || is_space(bytes[start - 1])) && num > 0 {
            found.insert(num, (u16::try_from(generation).unwrap_or(0), start));
        }
    }
    found
}

/// The last `/Root n g R` in the file: classic trailers and cross-reference stream
/// dictionaries are both written uncompressed.
fn root_reference(bytes: &[u8]) -> Option<(u32, u16)> {
    let at = memchr::memmem::rfind(bytes, b"/Root")?;
    let rest = String::from_utf8_lossy(&bytes[at + 5..(at + 40).min(bytes.len())]);
    let mut words = rest.split_ascii_whitespace();
    let num = words.next()?.parse().ok()?;
    let generation = words.next()?.parse().ok()?;
    (words.next()?.starts_with('R')).then_some((num, generation))
}

/// The file with a new cross-reference table and trailer appended, or `None` when no
/// objects or no catalogue can be found, or the file is encrypted.
pub fn rebuild(bytes: &[u8]) -> Option<Vec<u8>> {
    // Without the original trailer's /Encrypt and /ID nothing could be decrypted.
    if memchr::memmem::find(bytes, b"/Encrypt").is_some() {
        return None;
    }
    let headers = object_headers(bytes);
    let (root, root_gen) = root_reference(bytes)?;
    if headers.is_empty() {
        return None;
    }
    let size = headers.keys().next_back().map_or(1, |n| n + 1);
    let mut out = bytes.to_vec();
    out.push(b'\n');
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for num in 1..size {
        let entry = match headers.get(&num) {
            Some((generation, offset)) => format!("{offset:010} {generation:05} n \n"),
            None => "0000000000 00000 f \n".to_string(),
        };
        out.extend_from_slice(entry.as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {root} {root_gen} R >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_object_headers_and_root() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n 12 3 obj 5 endobj\nxobj 4 0 objx\ntrailer << /Root 1 0 R >>";
        let h = object_headers(pdf);
        assert_eq!(h.get(&1), Some(&(0, 9)));
        assert_eq!(h.get(&12), Some(&(3, 46)));
        assert_eq!(h.len(), 2);
        assert_eq!(root_reference(pdf), Some((1, 0)));
    }

    #[test]
    fn truncation_is_seen_at_the_end() {
        assert!(is_truncated(b"%PDF-1.4\n1 0 obj"));
        assert!(!is_truncated(b"%PDF-1.4\nstartxref\n0\n%%EOF\n"));
    }
}
