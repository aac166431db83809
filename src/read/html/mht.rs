//! Word's "single file web page" (.mht, and the .doc files some systems export that are really
//! one): a MIME message whose first text/html part is the page, usually quoted-printable.

/// The page of a MIME web archive, decoded from its transfer encoding, and the charset its part
/// header names. `None` when the bytes are not such an archive.
pub(super) fn page(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    if !is_mime(bytes) {
        return None;
    }
    let (headers, body) = split_headers(bytes)?;
    let boundary = parameter(&headers, "boundary")?;
    let delimiter = format!("--{boundary}");
    let page = parts(body, delimiter.as_bytes()).find_map(|part| {
        let (headers, content) = split_headers(part)?;
        let content_type = header(&headers, "content-type")?;
        if !content_type.to_ascii_lowercase().starts_with("text/html") {
            return None;
        }
        let encoding = header(&headers, "content-transfer-encoding").unwrap_or_default();
        let decoded = match encoding.trim().to_ascii_lowercase().as_str() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content),
            _ => content.to_vec(),
        };
        Some((decoded, parameter(&headers, "charset")))
    });
    page
}

/// MIME messages start with their headers; a web archive says so within its first lines.
pub(crate) fn is_mime(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes[..bytes.len().min(2048)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let trimmed = head.trim_ascii_start();
    let starts_with_header = trimmed.starts_with(b"mime-version:")
        || trimmed.starts_with(b"from:")
        || trimmed.starts_with(b"content-type:");
    starts_with_header && find(&head, b"multipart/related").is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Headers (unfolded, as text) and the body after the first blank line.
fn split_headers(bytes: &[u8]) -> Option<(String, &[u8])> {
    let (end, skip) = [(&b"\r\n\r\n"[..], 4), (&b"\n\n"[..], 2)]
        .into_iter()
        .filter_map(|(sep, len)| find(bytes, sep).map(|at| (at, len)))
        .min_by_key(|(at, _)| *at)?;
    let headers = String::from_utf8_lossy(&bytes[..end])
        .replace("\r\n", "\n")
        .replace("\n\t", " ")
        .replace("\n ", " ");
    Some((headers, &bytes[end + skip..]))
}

fn header(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// A `name=value` or `name="value"` parameter anywhere in the headers.
fn parameter(headers: &str, name: &str) -> Option<String> {
    let lower = headers.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &headers[at..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([';', ' ', '\n', '\r']).next()?,
    };
    Some(value.to_string()).filter(|v| !v.is_empty())
}

fn parts<'a>(body: &'a [u8], delimiter: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = body;
    std::iter::from_fn(move || {
        let start = find(rest, delimiter)? + delimiter.len();
        let after = &rest[start..];
        let end = find(after, delimiter).unwrap_or(after.len());
        rest = &after[end..];
        // The line break before a delimiter belongs to the delimiter.
        let part = after[..end].trim_ascii_start();
        let part = part
            .strip_suffix(b"\r\n")
            .or_else(|| part.strip_suffix(b"\n"))
            .unwrap_or(part);
        (!part.starts_with(b"--")).then_some(part)
    })
}

fn quoted_printable(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        let b = content[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (content.get(i + 1), content.get(i + 2)) {
            // Soft line break.
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) => match (hex(h), hex(l)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn base64(content: &[u8]) -> Vec<u8> {
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(content.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in content.iter().filter_map(|b| value(*b)) {
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(encoding: &str, body: &str) -> Vec<u8> {
        format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n\
             This document is a Single File Web Page.\r\n\r\n------=_NextPart_01\r\n\
             Content-Location: file:///C:/report.htm\r\nContent-Transfer-Encoding: {encoding}\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\n\r\n{body}\r\n\
             ------=_NextPart_01\r\nContent-Type: image/png\r\n\r\nxx\r\n------=_NextPart_01--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn quoted_printable_pages_are_unwrapped() {
        let bytes = archive(
            "quoted-printable",
            "<p class=3DMsoNormal>=D5=FE=B8=AE</p><p>long =\r\nline</p>",
        );
        assert!(is_mime(&bytes));
        let (page, charset) = page(&bytes).expect("an archive");
        let (text, _, _) = encoding_rs::GB18030.decode(&page);
        assert_eq!(text, "<p class=MsoNormal>政府</p><p>long line</p>");
        assert_eq!(charset.as_deref(), Some("gb2312"));
    }

    #[test]
    fn base64_pages_are_unwrapped() {
        let bytes = archive("base64", "PHA+5bm05oqlPC9wPg==");
        assert_eq!(
            page(&bytes).expect("an archive").0,
            "<p>年报</p>".as_bytes()
        );
    }

    #[test]
    fn plain_pages_and_broken_archives_are_not_archives() {
        assert!(page(b"<html><body>multipart/related</body></html>").is_none());
        assert!(
            page(b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\nno boundary")
                .is_none()
        );
        let cut = archive("quoted-printable", "<p>x</p>");
        assert!(page(&cut[..60]).is_none());
    }
}
