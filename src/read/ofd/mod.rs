//! OFD (GB/T 33190), the fixed-layout format WPS and 数科 export: a zip of XML parts with the
//! position of every character. Its text layer is read like a PDF's (`page` turns each page into
//! the glyphs and ruling lines `pdf::layout` takes), and a page that is only an image is read
//! like a scanned page (`crate::read::scan`).
//!
//! The parts: `OFD.xml` names the document (`DocBody/DocRoot`); `Document.xml` lists the pages
//! (`Pages/Page/@BaseLoc`), the default page box (`CommonData/PageArea`), the templates pages
//! draw on (`CommonData/TemplatePage`) and the resource files (`PublicRes`, `DocumentRes`, and a
//! page's own `PageRes`), whose `MultiMedia` entries name the image files. Each page's
//! `Content.xml` holds layers of text, path and image objects.
//!
//! Nothing in the package is trusted: the zip is read under the caps of [`package`], every XML
//! part under the limits of [`tree`], each page under those of [`page`]; a template is never
//! followed from a template, so references cannot loop.

mod package;
mod page;
mod tree;

use super::furniture::PageLines;
use super::scan::images::ImageKind;
use super::scan::page::ScannedPage;
use super::{budget, pdf, Document, ReadError};
use crate::source::FileKind;
use package::{dir_of, resolve, Package};
use page::Page;
use std::collections::HashMap;
use std::rc::Rc;
use tree::{El, Tree};

/// No report has more pages than this.
pub const MAX_PAGES: usize = 1_000;
/// A page reads as a scan when it has fewer visible characters than this (a page number or a
/// caption added as text) and draws an image (as for a PDF).
const MAX_SCAN_TEXT: usize = 10;
/// Images whose longer side has fewer pixels than this (logos, seals) are not a page.
const MIN_SCAN_SIDE: u32 = 300;
/// A4, for a page box that is missing or absurd.
const A4: [f32; 2] = [210.0, 297.0];
/// Page sides past this many millimetres (10 m) are not a page.
const MAX_SIDE_MM: f32 = 10_000.0;

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut pkg = Package::open(bytes)?;
    let entry = if pkg.has("OFD.xml") {
        pkg.tree("OFD.xml")?
    } else {
        return Err(package::missing("OFD.xml"));
    };
    let doc_path = doc_root(&entry)?;
    let document = pkg.tree(&doc_path)?;
    let dir = dir_of(&doc_path).to_string();
    let root = document.root();
    let common = root.child("CommonData");
    let default_box = common
        .and_then(|c| c.child("PageArea"))
        .and_then(page_box)
        .unwrap_or(A4);
    let mut media = HashMap::new();
    let mut templates = HashMap::new();
    if let Some(common) = common {
        for c in common.children() {
            match c.name() {
                "PublicRes" | "DocumentRes" => {
                    let loc = c.text().trim();
                    if !loc.is_empty() {
                        resources(&mut pkg, &resolve(&dir, loc), &mut media)?;
                    }
                }
                "TemplatePage" => {
                    if let (Some(id), Some(loc)) = (c.attr("ID"), c.attr("BaseLoc")) {
                        templates.insert(id.trim().to_string(), resolve(&dir, loc));
                    }
                }
                _ => {}
            }
        }
    }
    let pages = page_list(root, &dir)?;
    let mut reader = Reader {
        pkg,
        media,
        templates,
        template_trees: HashMap::new(),
        default_box,
    };
    reader.pages(&pages)
}

/// `DocBody/DocRoot` of `OFD.xml`: the first document's path in the package.
fn doc_root(entry: &Tree) -> Result<String, ReadError> {
    let root = entry.root();
    if root.name() != "OFD" {
        return Err(ReadError::Corrupt(format!(
            "OFD.xml 的根元素是 {}，不是 OFD",
            root.name().chars().take(40).collect::<String>()
        )));
    }
    root.children()
        .filter(|c| c.name() == "DocBody")
        .find_map(|b| b.child_text("DocRoot"))
        .map(|loc| resolve("", loc))
        .ok_or_else(|| ReadError::Corrupt("OFD.xml 中没有 DocRoot，找不到文档".into()))
}

/// The page parts in order. A document listing more than [`MAX_PAGES`] is refused.
fn page_list(root: El<'_>, dir: &str) -> Result<Vec<String>, ReadError> {
    let Some(pages) = root.child("Pages") else {
        return Err(ReadError::Corrupt(
            "Document.xml 中没有 Pages，找不到任何页面".into(),
        ));
    };
    let mut out = Vec::new();
    for p in pages.children().filter(|p| p.name() == "Page") {
        if out.len() >= MAX_PAGES {
            return Err(ReadError::Bloated(format!("有超过 {MAX_PAGES} 页")));
        }
        if let Some(loc) = p.attr("BaseLoc").filter(|l| !l.trim().is_empty()) {
            out.push(resolve(dir, loc));
        }
    }
    if out.is_empty() {
        return Err(ReadError::Corrupt("Document.xml 中没有任何页面".into()));
    }
    Ok(out)
}

/// `PhysicalBox` (`x y w h`, mm) of an `Area` or `PageArea`, when it is a sane page.
fn page_box(area: El<'_>) -> Option<[f32; 2]> {
    let b = page::numbers(area.child_text("PhysicalBox")?);
    let [_, _, w, h] = b[..] else { return None };
    let sane = |v: f32| v.is_finite() && v > 1.0 && v <= MAX_SIDE_MM;
    (sane(w) && sane(h)).then_some([w, h])
}

/// Adds the image files a resource part names (`MultiMedia` ID → path in the package).
fn resources(
    pkg: &mut Package<'_>,
    path: &str,
    media: &mut HashMap<String, String>,
) -> Result<(), ReadError> {
    // A resource file that is missing loses its images only: the text does not need it.
    if !pkg.has(path) {
        return Ok(());
    }
    let res = pkg.tree(path)?;
    let root = res.root();
    let base = resolve(dir_of(path), root.attr("BaseLoc").unwrap_or(""));
    for list in root.children().filter(|c| c.name() == "MultiMedias") {
        for m in list.children().filter(|c| c.name() == "MultiMedia") {
            if let (Some(id), Some(file)) = (m.attr("ID"), m.child_text("MediaFile")) {
                media.insert(id.trim().to_string(), resolve(&base, file));
            }
        }
    }
    Ok(())
}

struct Reader<'a> {
    pkg: Package<'a>,
    /// `MultiMedia` ID → image file.
    media: HashMap<String, String>,
    /// `TemplatePage` ID → its part, and the parts read so far.
    templates: HashMap<String, String>,
    template_trees: HashMap<String, Rc<Tree>>,
    default_box: [f32; 2],
}

impl Reader<'_> {
    fn pages(&mut self, paths: &[String]) -> Result<Document, ReadError> {
        let mut read = super::pages::Pages::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            budget::checkpoint();
            let number = i as u32 + 1;
            let page = self.page(path)?;
            let scan = self.scan(&page, number);
            read.push(number, !page.images.is_empty(), scan, || {
                let crop = page.frame();
                let frame = Some(crop).filter(|_| pdf::layout::page_turns(&page.content) == 0);
                PageLines {
                    lines: pdf::layout::placed_lines(&page.content, Some(crop)),
                    frame,
                }
            });
        }
        let read = read.finish(FileKind::Ofd);
        let doc = read.document;
        if doc.is_blank() {
            return Err(read.scan_error.unwrap_or_else(|| {
                ReadError::Corrupt(if read.with_images > 0 {
                    "OFD 文件中没有文字，其中的图片也不像扫描的页面".into()
                } else {
                    "OFD 文件的页面上没有任何文字".into()
                })
            }));
        }
        Ok(doc)
    }

    /// Page `path` with what its templates draw beneath and above it.
    fn page(&mut self, path: &str) -> Result<Page, ReadError> {
        let tree = self.pkg.tree(path)?;
        let root = tree.root();
        let [w, h] = root
            .child("Area")
            .and_then(page_box)
            .unwrap_or(self.default_box);
        let mut page = Page::new(w, h);
        // Images a page's own resource files name.
        for res in root.children().filter(|c| c.name() == "PageRes") {
            let loc = res.text().trim();
            if !loc.is_empty() {
                resources(&mut self.pkg, &resolve(dir_of(path), loc), &mut self.media)?;
            }
        }
        let templates: Vec<(String, bool)> = root
            .children()
            .filter(|c| c.name() == "Template")
            .filter_map(|t| {
                let id = t.attr("TemplateID")?.trim().to_string();
                Some((
                    id,
                    t.attr("ZOrder").is_some_and(|z| z.trim() == "Foreground"),
                ))
            })
            .collect();
        for (id, _) in templates.iter().filter(|(_, front)| !front) {
            self.template(id, &mut page)?;
        }
        if let Some(content) = root.child("Content") {
            page.add(content)?;
        }
        for (id, _) in templates.iter().filter(|(_, front)| *front) {
            self.template(id, &mut page)?;
        }
        Ok(page)
    }

    /// Draws template `id` on `page` (its content only: a template's own templates are not
    /// followed). Each template part is read once.
    fn template(&mut self, id: &str, page: &mut Page) -> Result<(), ReadError> {
        let Some(path) = self.templates.get(id).cloned() else {
            return Ok(());
        };
        let tree = match self.template_trees.get(&path) {
            Some(t) => t.clone(),
            None => {
                let t = Rc::new(self.pkg.tree(&path)?);
                self.template_trees.insert(path, t.clone());
                t
            }
        };
        if let Some(content) = tree.root().child("Content") {
            page.add(content)?;
        }
        Ok(())
    }

    /// A page without text but with an image, read by OCR; `None` for a page with text.
    fn scan(&mut self, page: &Page, number: u32) -> Result<Option<ScannedPage>, ReadError> {
        let visible = page
            .content
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        if page.images.is_empty() || visible >= MAX_SCAN_TEXT {
            return Ok(None);
        }
        let mut placed: Vec<_> = page.images.iter().collect();
        placed.sort_by(|a, b| b.area.total_cmp(&a.area));
        for p in placed {
            let Some(path) = self.media.get(&p.resource).cloned() else {
                continue;
            };
            let bytes = self.pkg.read(&path)?;
            let Some(image) = decode(&bytes, &path)? else {
                continue;
            };
            return super::scan::read_page(&image, number, &[]).map(Some);
        }
        Ok(None)
    }
}

/// An image file of the package, decoded; `None` when it is too small to be a page.
fn decode(bytes: &[u8], path: &str) -> Result<Option<image::DynamicImage>, ReadError> {
    let Some(kind) = ImageKind::sniff(bytes) else {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        let what = if bytes.starts_with(b"\x97JB2") || ext.eq_ignore_ascii_case("jb2") {
            "JBIG2".to_string()
        } else if bytes.starts_with(b"\x00\x00\x00\x0CjP") || bytes.starts_with(b"\xFF\x4F\xFF\x51")
        {
            "JPEG 2000".to_string()
        } else if ext.is_empty() {
            "未知".to_string()
        } else {
            ext.to_ascii_uppercase()
        };
        return Err(ReadError::ImageFilter(what));
    };
    let mut first = None;
    // A TIFF's first page only: the rest is not on this page.
    let result = super::scan::images::pages(bytes, kind, |_, image| {
        first = Some(image);
        Err(ReadError::Empty)
    });
    match result {
        Ok(()) | Err(ReadError::Empty) => {}
        Err(e) => return Err(e),
    }
    Ok(first.filter(|i| i.width().max(i.height()) >= MIN_SCAN_SIDE))
}

#[cfg(test)]
mod tests;
