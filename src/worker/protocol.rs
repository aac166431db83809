//! What the app and a reading worker say to each other over the worker's stdin and stdout.
//!
//! Each message is two frames (a frame: its length as 8 bytes little-endian, then the bytes): a
//! JSON header, then a raw payload. Requests: the header is a [`Header`], the payload the path
//! (as the platform spells it, so names that are not UTF-8 arrive intact), the dropped bytes or
//! the pasted text. Replies: the header is `Result<Report, ReadError>` as JSON, the payload empty.

use super::{Job, Output};
use crate::model::Report;
use crate::read::{ReadError, MAX_FILE_BYTES};
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Largest frame either side accepts: a report's JSON is a few hundred KB, a request at most a
/// file of [`MAX_FILE_BYTES`]; a longer length can only be a garbled stream.
const MAX_FRAME: u64 = MAX_FILE_BYTES + 64 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
enum Header {
    Path,
    Member { index: usize },
    Bytes { name: String },
    Text { name: String },
    List,
    Picture { page: u32 },
}

/// A report job's result.
pub type Reply = Result<Report, ReadError>;
/// What goes back over the pipe: a report, or a list's lines.
pub type Outcome = Result<Output, ReadError>;

pub fn write_job(w: &mut impl Write, job: &Job) -> io::Result<()> {
    let path_bytes;
    let (header, payload): (Header, &[u8]) = match job {
        Job::Path(p) => {
            path_bytes = path_to_bytes(p);
            (Header::Path, &path_bytes)
        }
        Job::Member { path, index } => {
            path_bytes = path_to_bytes(path);
            (Header::Member { index: *index }, &path_bytes)
        }
        Job::Bytes { name, bytes } => (Header::Bytes { name: name.clone() }, bytes),
        Job::Text { name, text } => (Header::Text { name: name.clone() }, text.as_bytes()),
        Job::List(p) => {
            path_bytes = path_to_bytes(p);
            (Header::List, &path_bytes)
        }
        Job::Picture { path, page } => {
            path_bytes = path_to_bytes(path);
            (Header::Picture { page: *page }, &path_bytes)
        }
    };
    write_message(w, &header, payload)
}

/// The next job, or `None` when the app closed the pipe (it is done with this worker).
pub fn read_job(r: &mut impl Read) -> io::Result<Option<Job>> {
    let Some(header) = read_frame(r)? else {
        return Ok(None);
    };
    let payload = read_frame(r)?.ok_or_else(cut_short)?;
    let header: Header = serde_json::from_slice(&header).map_err(io::Error::other)?;
    Ok(Some(match header {
        Header::Path => Job::Path(path_from_bytes(payload)),
        Header::Member { index } => Job::Member {
            path: path_from_bytes(payload),
            index,
        },
        Header::Bytes { name } => Job::Bytes {
            name,
            bytes: payload,
        },
        Header::Text { name } => Job::Text {
            name,
            text: String::from_utf8(payload).map_err(io::Error::other)?,
        },
        Header::List => Job::List(path_from_bytes(payload)),
        Header::Picture { page } => Job::Picture {
            path: path_from_bytes(payload),
            page,
        },
    }))
}

pub fn write_reply(w: &mut impl Write, reply: &Outcome) -> io::Result<()> {
    write_message(w, reply, &[])
}

/// Decodes a reply read by [`read_message`].
pub fn decode_reply(header: &[u8]) -> io::Result<Outcome> {
    serde_json::from_slice(header).map_err(io::Error::other)
}

/// One whole message's header frame (its payload is read and dropped), or `None` at the end of
/// the stream.
pub fn read_message(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let Some(header) = read_frame(r)? else {
        return Ok(None);
    };
    read_frame(r)?.ok_or_else(cut_short)?;
    Ok(Some(header))
}

fn write_message(w: &mut impl Write, header: &impl Serialize, payload: &[u8]) -> io::Result<()> {
    let header = serde_json::to_vec(header).map_err(io::Error::other)?;
    write_frame(w, &header)?;
    write_frame(w, payload)?;
    w.flush()
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::other(format!("消息长度异常（{len} 字节）")));
    }
    let mut bytes = Vec::new();
    r.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(cut_short());
    }
    Ok(Some(bytes))
}

fn cut_short() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "消息不完整")
}

#[cfg(unix)]
fn path_to_bytes(p: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

/// UTF-16 code units, little-endian: a Windows name that is not valid Unicode survives.
#[cfg(windows)]
fn path_to_bytes(p: &std::path::Path) -> Vec<u8> {
    use std::os::windows::ffi::OsStrExt;
    p.as_os_str()
        .encode_wide()
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[cfg(windows)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::windows::ffi::OsStringExt;
    let wide: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    PathBuf::from(std::ffi::OsString::from_wide(&wide))
}

#[cfg(not(any(unix, windows)))]
fn path_to_bytes(p: &std::path::Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(any(unix, windows)))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(job: Job) -> Job {
        let mut wire = Vec::new();
        write_job(&mut wire, &job).unwrap();
        let mut r = &wire[..];
        let back = read_job(&mut r).unwrap().unwrap();
        assert!(
            read_job(&mut r).unwrap().is_none(),
            "one message, then the end"
        );
        back
    }

    #[test]
    fn jobs_cross_the_pipe_intact() {
        match round_trip(Job::Bytes {
            name: "样本.pdf".into(),
            bytes: vec![0, 255, 10],
        }) {
            Job::Bytes { name, bytes } => {
                assert_eq!((name.as_str(), bytes), ("样本.pdf", vec![0, 255, 10]))
            }
            _ => panic!("kind changed"),
        }
        match round_trip(Job::Text {
            name: "粘贴".into(),
            text: "一、总体情况".into(),
        }) {
            Job::Text { text, .. } => assert_eq!(text, "一、总体情况"),
            _ => panic!("kind changed"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let p = PathBuf::from(std::ffi::OsStr::from_bytes(b"/tmp/\xff\xfe.txt"));
        match round_trip(Job::Path(p.clone())) {
            Job::Path(back) => assert_eq!(back, p),
            _ => panic!("kind changed"),
        }
    }

    #[test]
    fn a_member_job_keeps_its_zip_and_index() {
        let path = PathBuf::from("/tmp/报告.zip");
        match round_trip(Job::Member {
            path: path.clone(),
            index: 7,
        }) {
            Job::Member { path: p, index } => assert_eq!((p, index), (path, 7)),
            _ => panic!("kind changed"),
        }
    }

    #[test]
    fn a_cut_stream_is_an_error_not_a_message() {
        let mut wire = Vec::new();
        write_reply(&mut wire, &Err(ReadError::Empty)).unwrap();
        let mut cut = &wire[..wire.len() - 3];
        assert!(read_message(&mut cut).is_err());
        let mut whole = &wire[..];
        let header = read_message(&mut whole).unwrap().unwrap();
        assert!(matches!(
            decode_reply(&header).unwrap(),
            Err(ReadError::Empty)
        ));
    }
}
