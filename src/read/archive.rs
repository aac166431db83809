//! ZIP attachments: towns often send their report zipped. A zip is listed ([`list`]) and each
//! member read on its own ([`member_bytes`]), both in a reading worker and under the caps that the
//! zip packages of .docx/.xlsx have ([`super::zipped`]): entries counted, every member really
//! unpacked into a bounded buffer (sizes in zip headers can lie), a zip inside a zip not opened.
//!
//! Names: Windows tools (Explorer's 发送到→压缩文件夹, WinRAR, 360压缩 …) write names in the
//! system code page, GBK on Chinese Windows, without the UTF-8 flag; the zip crate would read
//! those bytes as CP437 mojibake. See [`decode_name`].

use super::sniff::{self, Sniffed};
use super::zipped::{self, too_large, Archive, MAX_PART_BYTES, MAX_TOTAL_BYTES};
use super::{budget, discover, ReadError};
use serde::{Deserialize, Serialize};
use std::io::Read;

/// No attachment of reports has more entries (folders included) than this.
pub const MAX_ENTRIES: usize = 1000;

/// One file inside a zip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its index in the zip's directory, for [`member_bytes`].
    pub index: usize,
    /// Its full path inside the zip, decoded.
    pub name: String,
    /// Why it is not read as a report (a nested archive, an image, a password …); `None`: read it.
    pub skip: Option<ReadError>,
}

/// The files of a zip (folders and system clutter left out), each with whether it can be read
/// as a report. Refuses the whole zip when it has too many entries or unpacks to too much.
pub fn list(bytes: &[u8]) -> Result<Vec<Member>, ReadError> {
    let mut archive = open(bytes)?;
    let mut members = Vec::new();
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        budget::checkpoint();
        let Some((name, skip)) = entry(&mut archive, index)? else {
            continue;
        };
        let skip = match skip {
            Some(why) => Some(why),
            None => match unpack(&mut archive, index) {
                Ok(data) => {
                    unpacked = unpacked.saturating_add(data.len() as u64);
                    if unpacked > MAX_TOTAL_BYTES {
                        return Err(too_large(MAX_TOTAL_BYTES));
                    }
                    not_a_report(&name, &data)
                }
                Err(why) => Some(why),
            },
        };
        members.push(Member { index, name, skip });
    }
    if members.is_empty() {
        return Err(ReadError::EmptyArchive);
    }
    Ok(members)
}

/// Member `index`'s decoded name and its bytes, unpacked under [`MAX_PART_BYTES`].
pub fn member_bytes(bytes: &[u8], index: usize) -> Result<(String, Vec<u8>), ReadError> {
    let mut archive = open(bytes)?;
    if index >= archive.len() {
        return Err(ReadError::MemberUnreadable("压缩包中没有这个文件".into()));
    }
    let Some((name, skip)) = entry(&mut archive, index)? else {
        return Err(ReadError::MemberUnreadable("这是文件夹，不是文件".into()));
    };
    if let Some(why) = skip {
        return Err(why);
    }
    Ok((name, unpack(&mut archive, index)?))
}

/// How a member is named in lists and reports: `乡镇报告.zip › 红寺堡镇/年报.pdf`.
pub fn member_label(archive: &str, inner: &str) -> String {
    format!("{archive}{}{inner}", crate::source::IN_ARCHIVE)
}

fn open(bytes: &[u8]) -> Result<Archive<'_>, ReadError> {
    let archive = zipped::open(bytes, "ZIP ")?;
    if archive.len() > MAX_ENTRIES {
        return Err(ReadError::TooManyEntries { limit: MAX_ENTRIES });
    }
    Ok(archive)
}

/// Entry `index` from the directory alone: `None` for a folder or clutter, else its name and,
/// when it cannot be read without unpacking it, why.
fn entry(
    archive: &mut Archive<'_>,
    index: usize,
) -> Result<Option<(String, Option<ReadError>)>, ReadError> {
    let raw = archive
        .by_index_raw(index)
        .map_err(|e| ReadError::Corrupt(format!("压缩包目录已损坏：{e}")))?;
    let name = decode_name(raw.name(), raw.name_raw());
    if raw.is_dir() || is_clutter(&name) {
        return Ok(None);
    }
    let skip = if raw.encrypted() {
        Some(ReadError::EncryptedMember)
    } else if raw.size() > MAX_PART_BYTES {
        Some(too_large(MAX_PART_BYTES))
    } else {
        None
    };
    Ok(Some((name, skip)))
}

/// Unpacks one member, stopping past [`MAX_PART_BYTES`] whatever size it claims.
fn unpack(archive: &mut Archive<'_>, index: usize) -> Result<Vec<u8>, ReadError> {
    let member = archive
        .by_index(index)
        .map_err(|e| ReadError::MemberUnreadable(e.to_string()))?;
    let mut data = Vec::new();
    member
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| ReadError::MemberUnreadable(e.to_string()))?;
    if data.len() as u64 > MAX_PART_BYTES {
        return Err(too_large(MAX_PART_BYTES));
    }
    Ok(data)
}

/// Why a member's bytes are no report to read, if they are not.
pub(crate) fn not_a_report(name: &str, data: &[u8]) -> Option<ReadError> {
    match sniff::sniff(name, data) {
        Sniffed::Zip | Sniffed::OtherArchive(_) => Some(ReadError::NestedArchive),
        Sniffed::Other(what) => Some(ReadError::Unsupported(what)),
        _ if data.iter().all(u8::is_ascii_whitespace) => Some(ReadError::Empty),
        _ => None,
    }
}

/// What macOS and Windows add to a zip by themselves (`__MACOSX/._x.pdf`, `.DS_Store`,
/// `Thumbs.db`) and Office lock files: never anything the town sent on purpose.
fn is_clutter(name: &str) -> bool {
    let last = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/")
        || discover::is_hidden_or_lock_file(last)
        || last.eq_ignore_ascii_case("thumbs.db")
        || last.eq_ignore_ascii_case("desktop.ini")
}

/// A member's name. The zip crate decodes it right when the UTF-8 flag (or Info-ZIP's Unicode
/// path field) says it is UTF-8: then its name is the raw bytes. Otherwise it has read the bytes
/// as CP437; we take them as UTF-8 when they are (Info-ZIP and macOS write UTF-8 without the
/// flag, and GBK names are almost never valid UTF-8), else as GBK (GB18030, its superset), which
/// is what Chinese Windows writes.
pub fn decode_name(decoded: &str, raw: &[u8]) -> String {
    if decoded.as_bytes() == raw {
        return decoded.to_string();
    }
    match std::str::from_utf8(raw) {
        Ok(utf8) => utf8.to_string(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::read::zipped::tests::zip_of;
    use std::io::{Cursor, Write};

    /// A zip with members named in GBK without the UTF-8 flag, as Chinese Windows writes them:
    /// the zip crate's writer only takes UTF-8 names, so each is written as ASCII of the same
    /// length (which leaves the flag off) and its bytes replaced in both headers afterwards.
    pub(crate) fn gbk_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut names = Vec::new();
        for (i, (name, data)) in parts.iter().enumerate() {
            let gbk = encoding_rs::GBK.encode(name).0.into_owned();
            let stand_in = format!("{i:0>width$}", width = gbk.len());
            out.start_file(stand_in.clone(), options).unwrap();
            out.write_all(data).unwrap();
            names.push((stand_in.into_bytes(), gbk));
        }
        let mut bytes = out.finish().unwrap().into_inner();
        for (stand_in, gbk) in names {
            replace_all(&mut bytes, &stand_in, &gbk);
        }
        bytes
    }

    fn replace_all(hay: &mut [u8], from: &[u8], to: &[u8]) {
        let mut i = 0;
        while i + from.len() <= hay.len() {
            if &hay[i..i + from.len()] == from {
                hay[i..i + from.len()].copy_from_slice(to);
                i += from.len();
            } else {
                i += 1;
            }
        }
    }

    #[test]
    fn gbk_names_without_the_flag_are_read_as_gbk() {
        let zip = gbk_zip(&[("红寺堡镇/年度报告.txt", "一、总体情况".as_bytes())]);
        let members = list(&zip).unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].name, "红寺堡镇/年度报告.txt");
        assert_eq!(members[0].skip, None);
        let (name, data) = member_bytes(&zip, members[0].index).unwrap();
        assert_eq!(name, "红寺堡镇/年度报告.txt");
        assert_eq!(data, "一、总体情况".as_bytes());
    }

    #[test]
    fn utf8_names_stay_utf8() {
        let zip = zip_of(&[("大河乡.txt", "一、总体情况".as_bytes())]);
        assert_eq!(list(&zip).unwrap()[0].name, "大河乡.txt");
        // Without the flag (Info-ZIP on Linux) UTF-8 bytes are still UTF-8.
        assert_eq!(decode_name("ÕñçÕ", "大河".as_bytes()), "大河");
    }

    #[test]
    fn folders_and_clutter_are_left_out_archives_are_said_scans_are_read() {
        let zip = zip_of(&[
            ("a/", b""),
            ("__MACOSX/a/._x.txt", b"junk"),
            ("a/Thumbs.db", b"junk"),
            ("a/图.png", b"\x89PNG\r\n\x1a\n...."),
            ("a/图.gif", b"GIF89a...."),
            ("a/内.zip", &zip_of(&[("x.txt", b"x")])),
            ("a/内.rar", b"Rar!\x1a\x07\x00...."),
            ("a/报告.txt", "一、总体情况".as_bytes()),
        ]);
        let members = list(&zip).unwrap();
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["a/图.png", "a/图.gif", "a/内.zip", "a/内.rar", "a/报告.txt"]
        );
        // A scan is read by OCR; other pictures are said not to be reports.
        assert_eq!(members[0].skip, None);
        assert!(matches!(members[1].skip, Some(ReadError::Unsupported(_))));
        assert_eq!(members[2].skip, Some(ReadError::NestedArchive));
        assert_eq!(members[3].skip, Some(ReadError::NestedArchive));
        assert_eq!(members[4].skip, None);
    }

    #[test]
    fn a_bomb_is_refused_by_what_it_really_unpacks_to() {
        // Five members, each just under the cap of one, over the cap of all together.
        let zeros = vec![b'0'; (MAX_PART_BYTES - 1) as usize];
        let parts: Vec<(String, &[u8])> =
            (0..5).map(|i| (format!("{i}.txt"), &zeros[..])).collect();
        let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let bomb = zip_of(&parts);
        assert!(bomb.len() < 1024 * 1024, "deflate squeezes repeats");
        assert_eq!(list(&bomb), Err(too_large(MAX_TOTAL_BYTES)));
    }

    #[test]
    fn a_member_that_lies_about_its_size_is_cut_off() {
        let big = vec![b'a'; (MAX_PART_BYTES + 10) as usize];
        let mut zip = zip_of(&[("a.txt", &big)]);
        let claim = 1000u32.to_le_bytes();
        for i in 0..zip.len().saturating_sub(46) {
            match &zip[i..i + 4] {
                b"PK\x03\x04" => zip[i + 22..i + 26].copy_from_slice(&claim),
                b"PK\x01\x02" => zip[i + 24..i + 28].copy_from_slice(&claim),
                _ => {}
            }
        }
        let members = list(&zip).unwrap();
        assert_eq!(members[0].skip, Some(too_large(MAX_PART_BYTES)));
        assert_eq!(member_bytes(&zip, 0), Err(too_large(MAX_PART_BYTES)));
    }

    #[test]
    fn too_many_entries_and_no_files_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}.txt")).collect();
        let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        assert_eq!(
            list(&zip_of(&parts)),
            Err(ReadError::TooManyEntries { limit: MAX_ENTRIES })
        );
        assert_eq!(list(&zip_of(&[("a/", b"")])), Err(ReadError::EmptyArchive));
    }

    #[test]
    fn an_encrypted_member_is_said_not_unpacked() {
        let mut zip = zip_of(&[("a.txt", b"secret")]);
        // Bit 0 of the flags: encrypted, in both headers.
        for i in 0..zip.len().saturating_sub(46) {
            match &zip[i..i + 4] {
                b"PK\x03\x04" => zip[i + 6] |= 1,
                b"PK\x01\x02" => zip[i + 8] |= 1,
                _ => {}
            }
        }
        assert_eq!(
            list(&zip).unwrap()[0].skip,
            Some(ReadError::EncryptedMember)
        );
        assert_eq!(member_bytes(&zip, 0), Err(ReadError::EncryptedMember));
    }
}
