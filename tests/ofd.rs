//! OFD files (issue 27): reports of the reading corpus laid out as OFD packages by
//! tests/fixtures/ofd/make_ofd.py, read through the same layout code as a PDF's text layer, every
//! cell against its truth (as tests/reading_corpus.rs does); a scanned report as image-only OFD
//! pages, read by OCR; and damaged or hostile packages, refused with a reason.

mod common;

use nianbao::read::scan::OcrAt;
use nianbao::read::{Block, ReadError};
use nianbao::source::FileKind;
use serde_json::Value;
use std::io::{Cursor, Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn ofd_dir() -> PathBuf {
    common::fixtures().join("ofd")
}

/// The text OFDs, each with its truth.
fn text_ofds() -> Vec<(PathBuf, Value)> {
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(ofd_dir())
        .expect("tests/fixtures/ofd exists (run make_ofd.py)")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ofd"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            let truth = p.with_file_name(format!("{stem}.truth.json"));
            truth.exists().then(|| (p, common::read_json(&truth)))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 2, "the text OFDs of make_ofd.py: {out:?}");
    out
}

#[test]
fn every_cell_of_the_text_ofds_is_read_as_printed() {
    let mut failures = Vec::new();
    for (path, truth) in text_ofds() {
        let (report, findings) = common::load_and_check(&path);
        assert_eq!(report.kind, FileKind::Ofd);
        let mut diffs = common::compare_with_truth(&report, &truth, None);
        diffs.extend(common::compare_findings(
            &findings,
            &truth["findings"],
            &truth["no_errors_except"],
        ));
        let cells = truth["cells"]
            .as_object()
            .map_or(0, |c| c.values().filter(|v| !v.is_null()).count());
        eprintln!(
            "{}: {cells} cells, {} differences",
            path.display(),
            diffs.len()
        );
        if !diffs.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_text_layer_gives_lines_with_their_pages_and_no_page_numbers() {
    let (path, _) = &text_ofds()[0];
    let doc = nianbao::read::read_file(path).unwrap();
    assert_eq!(doc.kind, FileKind::Ofd);
    assert!(doc.ocr.is_empty());
    let lines: Vec<(&str, u32)> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Line(l) => (l.text.as_str(), l.page.unwrap()),
            Block::Table(_) => panic!("OFD pages give lines"),
        })
        .collect();
    assert!(
        lines[0].0.ends_with("年政府信息公开工作年度报告"),
        "{lines:?}"
    );
    assert!(lines
        .iter()
        .any(|(l, _)| l.starts_with("一、本年新收政府信息公开申请数量\t")));
    assert!(
        lines.iter().all(|(l, _)| !l.starts_with("- ")),
        "page numbers are dropped"
    );
    assert!(lines.last().unwrap().1 > 1);
}

#[test]
fn image_pages_are_read_like_a_scan() {
    common::models_or_say_so();
    let path = ofd_dir().join("scan-000.ofd");
    let doc = nianbao::read::read_file(&path).unwrap_or_else(|e| panic!("not read: {e}"));
    assert_eq!(doc.kind, FileKind::Ofd);
    assert!(!doc.ocr.is_empty(), "no OCR marks");
    for m in &doc.ocr {
        assert!(matches!(m.word.page, 1 | 2), "{m:?}");
        let OcrAt::Line { block, .. } = &m.at else {
            panic!("an OFD page gives lines: {m:?}");
        };
        assert!(matches!(doc.blocks.get(*block), Some(Block::Line(_))));
    }
    let report = nianbao::recognise_and_deduce("scan-000.ofd", &doc);
    common::assert_t3_mostly_right(&report, "000_12af315242a02ca5");
}

// ------------------------------------------------------------------ hostile packages

fn fixture_bytes() -> Vec<u8> {
    std::fs::read(&text_ofds()[0].0).unwrap()
}

/// The fixture's parts, each passed through `edit` (None drops it), zipped again; `extra` added.
fn rewrite(edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let bytes = fixture_bytes();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some(data) = edit(&name, data) {
            out.start_file(name, options).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    for (name, data) in extra {
        out.start_file(*name, options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn refused(name: &str, bytes: Vec<u8>) -> ReadError {
    let started = Instant::now();
    let result = nianbao::load_bytes(name, bytes);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{name}: {:?}",
        started.elapsed()
    );
    match result {
        Ok(_) => panic!("{name} was read"),
        Err(e) => {
            let said = e.to_string();
            assert!(
                said.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{name}: {said}"
            );
            eprintln!("{name}: {said}");
            e
        }
    }
}

#[test]
fn hostile_and_damaged_ofds_are_refused_with_a_reason() {
    let page = "Doc_0/Pages/Page_0/Content.xml";
    // A page that unpacks past the cap of a part (a zip bomb).
    let bomb = rewrite(
        |n, d| Some(if n == page { vec![b' '; 60 << 20] } else { d }),
        &[],
    );
    assert!(bomb.len() < 1 << 20);
    assert!(matches!(
        refused("bomb.ofd", bomb),
        ReadError::UnpacksTooLarge { .. }
    ));
    // No Document.xml, no OFD.xml, a page missing.
    let e = refused(
        "no-document.ofd",
        rewrite(|n, d| (n != "Doc_0/Document.xml").then_some(d), &[]),
    );
    assert!(e.to_string().contains("Document.xml"), "{e}");
    let e = refused(
        "no-entry.ofd",
        rewrite(|n, d| (n != "OFD.xml").then_some(d), &[]),
    );
    assert!(e.to_string().contains("OFD.xml"), "{e}");
    let e = refused("no-page.ofd", rewrite(|n, d| (n != page).then_some(d), &[]));
    assert!(e.to_string().contains("Page_0"), "{e}");
    // Cut short.
    let whole = fixture_bytes();
    assert!(matches!(
        refused("cut.ofd", whole[..whole.len() / 2].to_vec()),
        ReadError::Corrupt(_)
    ));
    // A page nested without end.
    let deep = format!(
        "<Page><Content>{}{}</Content></Page>",
        "<PageBlock>".repeat(100_000),
        "</PageBlock>".repeat(100_000)
    );
    assert!(matches!(
        refused(
            "deep.ofd",
            rewrite(
                |n, d| Some(if n == page {
                    deep.clone().into_bytes()
                } else {
                    d
                }),
                &[]
            )
        ),
        ReadError::Bloated(_)
    ));
    // Every page listed a million times over.
    let pages = (0..200_000)
        .map(|_| r#"<Page BaseLoc="Pages/Page_0/Content.xml"/>"#)
        .collect::<String>();
    let listed = format!("<Document><Pages>{pages}</Pages></Document>");
    assert!(matches!(
        refused(
            "pages.ofd",
            rewrite(
                |n, d| Some(if n == "Doc_0/Document.xml" {
                    listed.clone().into_bytes()
                } else {
                    d
                }),
                &[]
            )
        ),
        ReadError::Bloated(_)
    ));
    // A page of a million characters placed far off the page: read as nothing, not kept.
    let far = format!(
        r#"<Page><Content><Layer><TextObject Boundary="0 0 1 1" Size="4"><TextCode X="1e30" Y="1e30" DeltaX="g 2000000 1e30">{}</TextCode></TextObject></Layer></Content></Page>"#,
        "远".repeat(1_000_000)
    );
    refused(
        "far.ofd",
        rewrite(
            |n, d| {
                Some(if n.contains("Pages/") {
                    far.clone().into_bytes()
                } else {
                    d
                })
            },
            &[],
        ),
    );
}

#[test]
fn ofd_files_are_found_in_folders_and_named_in_the_app() {
    assert!(nianbao::read::discover::has_report_extension(
        std::path::Path::new("报告.OFD")
    ));
    assert_eq!(FileKind::Ofd.label(), "OFD");
}
