//! Reading parts out of the zip packages that .docx, .xlsx and .ods are, without trusting them:
//! a few kilobytes of zip can claim to unpack to gigabytes (a "zip bomb"), so every read is
//! capped, and the declared sizes are checked before a third-party parser unpacks anything.

use super::ReadError;
use std::io::{Cursor, Read};

pub(crate) type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// No part of a real report unpacks to more than this.
pub(crate) const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
/// Nor do all parts together.
pub(crate) const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;

pub(crate) fn open<'a>(bytes: &'a [u8], what: &str) -> Result<Archive<'a>, ReadError> {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("{what}压缩包不完整或已损坏：{e}")))
}

/// Rejects packages whose parts unpack to more than a report could hold: first by the sizes
/// they claim, then by unpacking each part into nothing and counting, since a third-party
/// parser (calamine) unpacks them itself, trusting sizes that may lie.
pub(crate) fn check_sizes(archive: &mut Archive<'_>) -> Result<(), ReadError> {
    let mut claimed = 0u64;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Corrupt(format!("压缩包目录已损坏：{e}")))?
            .size();
        if size > MAX_PART_BYTES {
            return Err(too_large(MAX_PART_BYTES));
        }
        claimed = claimed.saturating_add(size);
    }
    if claimed > MAX_TOTAL_BYTES {
        return Err(too_large(MAX_TOTAL_BYTES));
    }
    let mut real = 0u64;
    for i in 0..archive.len() {
        real = real.saturating_add(real_size(archive, i)?);
        if real > MAX_TOTAL_BYTES {
            return Err(too_large(MAX_TOTAL_BYTES));
        }
    }
    Ok(())
}

/// What part `i` really unpacks to, refusing past [`MAX_PART_BYTES`]. A part that cannot be
/// unpacked counts what came out before the damage: the parser will report the damage.
fn real_size(archive: &mut Archive<'_>, i: usize) -> Result<u64, ReadError> {
    let Ok(part) = archive.by_index(i) else {
        return Ok(0);
    };
    let mut counted = Counter(0);
    let _ = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut counted);
    if counted.0 > MAX_PART_BYTES {
        return Err(too_large(MAX_PART_BYTES));
    }
    Ok(counted.0)
}

/// A writer that only counts.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Unpacks one part, stopping at [`MAX_PART_BYTES`] whatever the part claims its size is.
pub(crate) fn read_part(archive: &mut Archive<'_>, name: &str) -> Result<Vec<u8>, ReadError> {
    let part = archive
        .by_name(name)
        .map_err(|e| ReadError::Corrupt(format!("缺少 {name}：{e}")))?;
    let mut out = Vec::new();
    part.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::Corrupt(format!("{name} 解压失败：{e}")))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(too_large(MAX_PART_BYTES));
    }
    Ok(out)
}

/// The message for unpacked data over `limit` bytes (zip parts here, archive members too).
pub(super) fn too_large(limit: u64) -> ReadError {
    ReadError::UnpacksTooLarge {
        limit_mb: limit / 1024 / 1024,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// Writes a zip with the given parts, for tests that need a package built in code.
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            out.start_file(*name, options).expect("zip in memory");
            out.write_all(data).expect("zip in memory");
        }
        out.finish().expect("zip in memory").into_inner()
    }

    #[test]
    fn a_bomb_is_refused_before_and_while_unpacking() {
        let zeros = vec![0u8; (MAX_PART_BYTES + 10) as usize];
        let bomb = zip_of(&[("word/document.xml", &zeros)]);
        assert!(bomb.len() < 200 * 1024, "deflate squeezes zeros");
        let mut archive = open(&bomb, "Word ").expect("valid zip");
        assert_eq!(check_sizes(&mut archive), Err(too_large(MAX_PART_BYTES)));
        assert_eq!(
            read_part(&mut archive, "word/document.xml"),
            Err(too_large(MAX_PART_BYTES))
        );
    }

    #[test]
    fn a_bomb_that_claims_a_small_size_is_refused_before_a_parser_sees_it() {
        let zeros = vec![b'a'; (MAX_PART_BYTES + 10) as usize];
        let mut bomb = zip_of(&[("xl/sharedStrings.xml", &zeros)]);
        // Every size field says 1 000 bytes.
        let claim = 1000u32.to_le_bytes();
        for i in 0..bomb.len().saturating_sub(46) {
            match &bomb[i..i + 4] {
                b"PK\x03\x04" => bomb[i + 22..i + 26].copy_from_slice(&claim),
                b"PK\x01\x02" => bomb[i + 24..i + 28].copy_from_slice(&claim),
                _ => {}
            }
        }
        let mut archive = open(&bomb, "Excel ").expect("valid zip");
        assert_eq!(check_sizes(&mut archive), Err(too_large(MAX_PART_BYTES)));
    }

    #[test]
    fn a_truncated_zip_is_corrupt() {
        let whole = zip_of(&[("a.xml", b"<a/>")]);
        let r = open(&whole[..whole.len() / 2], "Word ");
        assert!(matches!(r, Err(ReadError::Corrupt(_))));
    }
}
