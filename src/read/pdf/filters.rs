//! Stream filters with a cap on what they may unpack.
//!
//! lopdf inflates a stream to whatever size it says: 14 KB of `/Filter [/FlateDecode
//! /FlateDecode]` unpack to gigabytes. Here each stage of a stream's filter chain stops at
//! [`MAX_STREAM_BYTES`], and all the streams of one file together at [`MAX_FILE_UNPACKED`]; a
//! file that goes over is refused by [`super::read`] with [`ReadError::UnpacksTooLarge`].
//!
//! The same filters as lopdf (FlateDecode, LZWDecode, ASCII85Decode); a stream with a PNG
//! predictor is measured here and then handed to lopdf, whose predictor code keeps the size.

use lopdf::{Dictionary, Object, Stream};
use std::cell::Cell;
use std::io::{Read, Write};

/// No content stream, form or CMap of a real report unpacks to more than this.
pub const MAX_STREAM_BYTES: usize = 32 << 20;
/// Nor do all of them together.
pub const MAX_FILE_UNPACKED: u64 = 256 << 20;

thread_local! {
    /// Bytes unpacked for the file being read on this thread.
    static UNPACKED: Cell<u64> = const { Cell::new(0) };
    /// The cap, in MB, that a stream or the file went over (0: none yet).
    static OVER: Cell<u64> = const { Cell::new(0) };
}

/// Starts counting for a new file.
pub fn start_file() {
    UNPACKED.with(|u| u.set(0));
    OVER.with(|o| o.set(0));
}

/// The cap in MB a stream of this file went over, if one did.
pub fn went_over() -> Option<u64> {
    Some(OVER.with(Cell::get)).filter(|mb| *mb > 0)
}

fn over(cap: u64) -> Vec<u8> {
    OVER.with(|o| o.set(cap >> 20));
    Vec::new()
}

/// A stream's decoded bytes, empty when a filter is unknown or the stream unpacks past a cap
/// (then [`went_over`] says so).
pub fn decode(s: &Stream) -> Vec<u8> {
    // Once the file is refused, the rest of its streams need not be unpacked.
    if went_over().is_some() {
        return Vec::new();
    }
    match decode_capped(s) {
        Ok(bytes) => {
            let total = UNPACKED.with(|u| {
                let t = u.get().saturating_add(bytes.len() as u64);
                u.set(t);
                t
            });
            if total > MAX_FILE_UNPACKED {
                return over(MAX_FILE_UNPACKED);
            }
            bytes
        }
        Err(Unpack::TooBig) => over(MAX_STREAM_BYTES as u64),
        Err(Unpack::Unknown) => Vec::new(),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Unpack {
    /// A stage would unpack past [`MAX_STREAM_BYTES`].
    TooBig,
    /// A filter lopdf does not decode either.
    Unknown,
}

fn decode_capped(s: &Stream) -> Result<Vec<u8>, Unpack> {
    let Ok(filters) = s.filters() else {
        // No /Filter: the bytes as they are (already bounded by the file's size).
        return Ok(s.content.clone());
    };
    let out = decode_chain(&filters, &s.content, MAX_STREAM_BYTES)?;
    if has_predictor(&s.dict) {
        // Measured and within the cap; lopdf's predictor code only rearranges the rows.
        return s.decompressed_content().map_err(|_| Unpack::Unknown);
    }
    Ok(out)
}

/// Runs `filters` over `input` in order, each stage stopping past `cap` bytes.
pub fn decode_chain(filters: &[&[u8]], input: &[u8], cap: usize) -> Result<Vec<u8>, Unpack> {
    let mut data = std::borrow::Cow::Borrowed(input);
    for filter in filters {
        let out = match *filter {
            b"FlateDecode" => inflate(&data, cap),
            b"LZWDecode" => lzw(&data, cap),
            b"ASCII85Decode" => ascii85(&data, cap),
            _ => return Err(Unpack::Unknown),
        }?;
        data = std::borrow::Cow::Owned(out);
    }
    Ok(data.into_owned())
}

fn has_predictor(dict: &Dictionary) -> bool {
    dict.get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"Predictor"))
        .and_then(Object::as_i64)
        .is_ok_and(|p| p >= 2)
}

/// zlib, as lopdf reads it: what inflates before damage is kept, and a stream whose zlib
/// header or checksum is wrong is tried as raw deflate.
fn inflate(input: &[u8], cap: usize) -> Result<Vec<u8>, Unpack> {
    let out = read_capped(flate2::read::ZlibDecoder::new(input), cap)?;
    if out.is_empty() && input.len() > 2 {
        return read_capped(flate2::read::DeflateDecoder::new(&input[2..]), cap);
    }
    Ok(out)
}

/// Reads to the end or the first error, refusing past `cap`.
fn read_capped(reader: impl Read, cap: usize) -> Result<Vec<u8>, Unpack> {
    let mut out = Vec::new();
    // An error mid-stream leaves what was read before it, as lopdf does.
    let _ = reader.take(cap as u64 + 1).read_to_end(&mut out);
    if out.len() > cap {
        return Err(Unpack::TooBig);
    }
    Ok(out)
}

/// A writer that refuses to grow past its cap.
struct Capped {
    out: Vec<u8>,
    cap: usize,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > self.cap {
            self.over = true;
            return Err(std::io::Error::other("unpacks too large"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// LZW with the early size switch PDF writers use (lopdf's default).
fn lzw(input: &[u8], cap: usize) -> Result<Vec<u8>, Unpack> {
    let mut decoder = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let mut sink = Capped {
        out: Vec::new(),
        cap,
        over: false,
    };
    // A damaged stream keeps what was decoded before the damage.
    let _ = decoder.into_stream(&mut sink).decode_all(input).status;
    if sink.over {
        return Err(Unpack::TooBig);
    }
    Ok(sink.out)
}

/// ASCII85 (`z` is four zero bytes); stops at `~>` or the first byte outside the alphabet.
fn ascii85(input: &[u8], cap: usize) -> Result<Vec<u8>, Unpack> {
    let mut out = Vec::with_capacity(input.len().min(cap) / 5 * 4 + 4);
    let (mut group, mut count) = (0u64, 0usize);
    for &c in input {
        match c {
            b'~' => break,
            b'z' if count == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(c - b'!');
                count += 1;
                if count == 5 {
                    out.extend_from_slice(&(group as u32).to_be_bytes());
                    (group, count) = (0, 0);
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => break,
        }
        if out.len() > cap {
            return Err(Unpack::TooBig);
        }
    }
    if count > 1 {
        for _ in count..5 {
            group = group * 85 + 84;
        }
        out.extend_from_slice(&(group as u32).to_be_bytes()[..count - 1]);
    }
    Ok(out)
}

/// Whether the object streams and cross-reference streams, which lopdf unpacks itself while
/// loading, stay within [`MAX_STREAM_BYTES`]. Read from the raw bytes before lopdf sees them:
/// each `stream` whose dictionary says `/ObjStm` or `/XRef` is unpacked, only to be measured.
pub fn packed_streams_fit(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"stream") {
        let keyword = from + at;
        from = keyword + 6;
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        let dict = object_head(bytes, keyword);
        if find(dict, b"/ObjStm").is_none() && find(dict, b"/XRef").is_none() {
            continue;
        }
        let data = stream_data(bytes, from, dict);
        if decode_chain(&filter_names(dict), data, MAX_STREAM_BYTES) == Err(Unpack::TooBig) {
            return false;
        }
    }
    true
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The text between the object's `obj` and its `stream` keyword (at most 4 KB back).
fn object_head(bytes: &[u8], keyword: usize) -> &[u8] {
    let window = &bytes[keyword.saturating_sub(4096)..keyword];
    let start = memchr::memmem::rfind(window, b"obj").map_or(0, |p| p + 3);
    &window[start..]
}

/// The filters a dictionary names, in the order written (the order they apply).
fn filter_names(dict: &[u8]) -> Vec<&'static [u8]> {
    let mut found: Vec<(usize, &'static [u8])> = Vec::new();
    for name in [&b"FlateDecode"[..], b"LZWDecode", b"ASCII85Decode"] {
        let mut from = 0;
        while let Some(at) = find(&dict[from..], name) {
            found.push((from + at, name));
            from += at + name.len();
        }
    }
    found.sort_unstable();
    found.into_iter().map(|(_, n)| n).collect()
}

/// The stream's bytes after the keyword's end of line, as long as a direct `/Length` says
/// (else to the end of the file: the decoders stop at their stream's end anyway).
fn stream_data<'a>(bytes: &'a [u8], mut start: usize, dict: &[u8]) -> &'a [u8] {
    if bytes.get(start) == Some(&b'\r') {
        start += 1;
    }
    if bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    let rest = bytes.get(start..).unwrap_or_default();
    let length = find(dict, b"/Length").and_then(|at| {
        let after = std::str::from_utf8(&dict[at + 7..]).ok()?;
        let mut words = after.split_ascii_whitespace();
        let n: usize = words.next()?.trim_end_matches(['/', '>']).parse().ok()?;
        // `/Length 12 0 R` is a reference, not a length.
        (words.nth(1) != Some("R")).then_some(n)
    });
    &rest[..length.unwrap_or(rest.len()).min(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn zeros_zlib(n: usize) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..n >> 20 {
            e.write_all(&chunk).unwrap();
        }
        e.finish().unwrap()
    }

    #[test]
    fn honest_streams_decode_as_lopdf_decodes_them() {
        let text = b"BT /F1 12 Tf (2023) Tj ET".repeat(100);
        let mut s = Stream::new(Dictionary::new(), zlib(&text));
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        assert_eq!(decode_capped(&s), Ok(text.clone()));
        assert_eq!(s.decompressed_content().unwrap(), text);
        assert_eq!(
            ascii85(b"87cURD]j7BEbo7~>", 100),
            Ok(b"Hello world".to_vec())
        );
    }

    #[test]
    fn a_flate_bomb_stops_at_the_cap() {
        let bomb = zeros_zlib(MAX_STREAM_BYTES + (1 << 20));
        assert_eq!(
            decode_chain(&[b"FlateDecode"], &bomb, MAX_STREAM_BYTES),
            Err(Unpack::TooBig)
        );
    }

    #[test]
    fn a_bomb_compressed_twice_stops_at_the_cap() {
        // 64 MB of zeros, squeezed twice: a few hundred bytes.
        let twice = zlib(&zeros_zlib(64 << 20));
        assert!(twice.len() < 4096, "{}", twice.len());
        let mut s = Stream::new(Dictionary::new(), twice);
        s.dict.set(
            "Filter",
            Object::Array(vec![
                Object::Name(b"FlateDecode".to_vec()),
                Object::Name(b"FlateDecode".to_vec()),
            ]),
        );
        start_file();
        assert!(decode(&s).is_empty());
        assert_eq!(went_over(), Some(32));
    }

    #[test]
    fn object_stream_bombs_are_seen_before_lopdf_loads_them() {
        let mut pdf = b"%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] >>\nstream\n".to_vec();
        pdf.extend_from_slice(&zlib(&zeros_zlib(64 << 20)));
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert!(!packed_streams_fit(&pdf));
        let honest = b"%PDF-1.5\n5 0 obj\n<< /Type /XRef /Length 9 /Filter /FlateDecode >>\nstream\nxxxxxxxxx\nendstream";
        assert!(packed_streams_fit(honest));
    }

    #[test]
    fn many_streams_together_stop_at_the_file_cap() {
        let mut s = Stream::new(Dictionary::new(), zeros_zlib(16 << 20));
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        start_file();
        let taken = (0..MAX_FILE_UNPACKED / (16 << 20))
            .take_while(|_| !decode(&s).is_empty())
            .count();
        assert_eq!(taken as u64, MAX_FILE_UNPACKED / (16 << 20));
        assert!(decode(&s).is_empty());
        assert_eq!(went_over(), Some(256));
    }
}
