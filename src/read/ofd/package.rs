//! The zip an OFD file is, read without trusting it: entries counted, every part unpacked under
//! the caps of the Office packages ([`zipped`]: sizes in zip headers can lie), and every part
//! read counted against one total, so that a page named a thousand times, or a template every
//! page repeats, cannot unpack the same large part without end. Paths inside the package are
//! resolved here ([`resolve`]).

use super::tree::Tree;
use crate::read::zipped::{self, too_large, Archive, MAX_TOTAL_BYTES};
use crate::read::ReadError;
use std::collections::HashMap;

/// Parts in one OFD package: a page is one or two parts, an image one more.
pub(super) const MAX_ENTRIES: usize = 5_000;

pub(super) struct Package<'a> {
    zip: Archive<'a>,
    /// Normalised name (slashes, no leading `/`, ASCII case folded) → name in the zip.
    names: HashMap<String, String>,
    /// Bytes unpacked so far, repeats included.
    unpacked: u64,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Package<'a>, ReadError> {
        let zip = zipped::open(bytes, "OFD ")?;
        if zip.len() > MAX_ENTRIES {
            return Err(ReadError::Bloated(format!(
                "（OFD 包）有超过 {MAX_ENTRIES} 个部件"
            )));
        }
        let names = zip
            .file_names()
            .map(|n| (normalise(n), n.to_string()))
            .collect();
        Ok(Package {
            zip,
            names,
            unpacked: 0,
        })
    }

    pub(super) fn has(&self, path: &str) -> bool {
        self.names.contains_key(&normalise(path))
    }

    /// The bytes of the part at `path` (a path from the package root, see [`resolve`]).
    pub(super) fn read(&mut self, path: &str) -> Result<Vec<u8>, ReadError> {
        let Some(name) = self.names.get(&normalise(path)) else {
            return Err(missing(path));
        };
        let data = zipped::read_part(&mut self.zip, name)?;
        self.unpacked = self.unpacked.saturating_add(data.len() as u64);
        if self.unpacked > MAX_TOTAL_BYTES {
            return Err(too_large(MAX_TOTAL_BYTES));
        }
        Ok(data)
    }

    /// The part at `path`, parsed.
    pub(super) fn tree(&mut self, path: &str) -> Result<Tree, ReadError> {
        let data = self.read(path)?;
        let what = path.rsplit('/').next().unwrap_or(path);
        Tree::parse(&data, what)
    }
}

pub(super) fn missing(path: &str) -> ReadError {
    ReadError::Corrupt(format!("OFD 文件缺少 {path}"))
}

fn normalise(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// The folder of a part's path (`Doc_0/Document.xml` → `Doc_0`).
pub(super) fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A location as OFD writes it (`BaseLoc`, `DocRoot`, `MediaFile`): from the package root when
/// it starts with `/`, else from `dir`. `.` and `..` are resolved; `..` never climbs above the
/// root. Backslashes, which some Windows producers write, are slashes.
pub(super) fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    let start = if loc.starts_with('/') { "" } else { dir };
    for p in start.split('/').chain(loc.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::zipped::tests::zip_of;

    #[test]
    fn locations_resolve_from_their_folder_or_the_root() {
        assert_eq!(resolve("", "Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Res/a.png"), "Doc_0/Res/a.png");
        assert_eq!(resolve("Doc_0/Res", "../../../../x.xml"), "x.xml");
        assert_eq!(resolve("Doc_0", ".\\Tpls\\T.xml"), "Doc_0/Tpls/T.xml");
        assert_eq!(dir_of("Doc_0/Document.xml"), "Doc_0");
        assert_eq!(dir_of("OFD.xml"), "");
    }

    #[test]
    fn names_match_whatever_their_case_and_slashes() {
        let zip = zip_of(&[("Doc_0\\Document.xml", b"<Document/>")]);
        let mut p = Package::open(&zip).unwrap();
        assert!(p.has("/doc_0/document.xml"));
        assert_eq!(p.read("Doc_0/Document.xml").unwrap(), b"<Document/>");
        assert_eq!(
            p.read("Doc_0/Pages/Page_0/Content.xml"),
            Err(missing("Doc_0/Pages/Page_0/Content.xml"))
        );
    }

    #[test]
    fn a_part_read_again_and_again_counts_every_time() {
        let big = vec![b' '; 40 * 1024 * 1024];
        let zip = zip_of(&[("a.xml", &big)]);
        let mut p = Package::open(&zip).unwrap();
        let mut result = Ok(Vec::new());
        for _ in 0..10 {
            result = p.read("a.xml");
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(too_large(MAX_TOTAL_BYTES)));
    }
}
