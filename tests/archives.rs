//! ZIP attachments through the command line (`nianbao check --json`), read in worker processes:
//! each report inside becomes an entry `x.zip › inner`, names in GBK are decoded, and bombs,
//! nested archives, 7z and RAR are refused with a message. Every zip is built here, in code.

mod common;

use common::zip_of as zip;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/generated")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const DOCX: &str = "000_12af315242a02ca5.docx";
const PDF: &str = "001_49bc154c30d92ca6.pdf";

fn check_json(paths: &[PathBuf]) -> (Vec<Value>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("check")
        .arg("--json")
        .args(paths)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (
        json.as_array().unwrap().clone(),
        out.status.code().unwrap_or(-1),
    )
}

fn files(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_zip_of_a_docx_and_a_gbk_named_pdf_gives_two_checked_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("乡镇报告.zip");
    let docx = fixture(DOCX);
    let pdf = fixture(PDF);
    std::fs::write(
        &path,
        zip(&[
            ("甲镇/年度报告.docx", false, &docx),
            ("乙乡/年度报告.pdf", true, &pdf),
        ]),
    )
    .unwrap();
    let (entries, _) = check_json(std::slice::from_ref(&path));
    let zip_name = path.to_string_lossy();
    assert_eq!(
        files(&entries),
        [
            format!("{zip_name} › 甲镇/年度报告.docx"),
            format!("{zip_name} › 乙乡/年度报告.pdf"),
        ]
    );
    // Each was read and checked like the file itself.
    for (entry, alone) in entries.iter().zip([DOCX, PDF]) {
        assert!(entry["error"].is_null(), "{entry}");
        let single = dir.path().join(alone);
        std::fs::write(&single, fixture(alone)).unwrap();
        let (direct, _) = check_json(&[single]);
        assert_eq!(entry["agency"], direct[0]["agency"]);
        assert_eq!(entry["cells"], direct[0]["cells"]);
        assert_eq!(entry["findings"], direct[0]["findings"]);
    }
}

#[test]
fn what_is_no_report_inside_a_zip_is_listed_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("附件.zip");
    let inner = zip(&[("x.pdf", false, &fixture(PDF))]);
    std::fs::write(
        &path,
        zip(&[
            ("扫描件.png", true, b"\x89PNG\r\n\x1a\n...."),
            ("内层.zip", false, &inner),
            ("a.7z", false, b"7z\xBC\xAF\x27\x1C\x00\x04...."),
            ("报告.pdf", false, &fixture(PDF)),
        ]),
    )
    .unwrap();
    let (entries, code) = check_json(&[path]);
    assert_eq!(code, 2, "some file could not be read");
    let errors: Vec<&str> = entries
        .iter()
        .map(|e| e["error"].as_str().unwrap_or(""))
        .collect();
    assert!(files(&entries)[0].ends_with("附件.zip › 扫描件.png"));
    assert!(errors[0].contains("PNG"), "{}", errors[0]);
    assert!(
        errors[1].contains("压缩包里的另一个压缩包"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].contains("压缩包里的另一个压缩包"),
        "{}",
        errors[2]
    );
    assert_eq!(errors[3], "", "the report inside is read");
}

#[test]
fn a_zip_bomb_is_refused_and_the_other_files_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("炸弹.zip");
    // Five files of 49 MB of zeros: a few hundred KB zipped, 245 MB unpacked.
    let zeros = vec![0u8; 49 * 1024 * 1024];
    let parts: Vec<(String, bool, &[u8])> = (0..5)
        .map(|i| (format!("{i}.txt"), false, &zeros[..]))
        .collect();
    let parts: Vec<(&str, bool, &[u8])> =
        parts.iter().map(|(n, g, d)| (n.as_str(), *g, *d)).collect();
    std::fs::write(&bomb, zip(&parts)).unwrap();
    let good = dir.path().join(PDF);
    std::fs::write(&good, fixture(PDF)).unwrap();
    let (entries, code) = check_json(&[bomb, good]);
    assert_eq!(code, 2);
    assert_eq!(entries.len(), 2, "the bomb is one entry, not five");
    let error = entries[0]["error"].as_str().unwrap();
    assert!(error.contains("解压后的内容超过 200 MB"), "{error}");
    assert!(entries[1]["error"].is_null());
}

#[test]
fn seven_z_and_rar_are_not_opened_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let rar = dir.path().join("报告.rar");
    std::fs::write(&rar, b"Rar!\x1A\x07\x01\x00 rest of a RAR 5 archive").unwrap();
    let seven = dir.path().join("报告.7z");
    std::fs::write(&seven, b"7z\xBC\xAF\x27\x1C\x00\x04 rest of a 7z archive").unwrap();
    let (entries, code) = check_json(&[rar, seven]);
    assert_eq!(code, 2);
    for (entry, kind) in entries.iter().zip(["RAR", "7z"]) {
        let error = entry["error"].as_str().unwrap();
        assert!(error.contains(&format!("这是 {kind} 压缩包")), "{error}");
        assert!(error.contains("请先解压"), "{error}");
    }
}

#[test]
fn a_folder_walk_opens_the_zips_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.zip"),
        zip(&[("甲镇.docx", true, &fixture(DOCX))]),
    )
    .unwrap();
    let (entries, _) = check_json(&[dir.path().to_path_buf()]);
    assert_eq!(entries.len(), 1);
    assert!(files(&entries)[0].ends_with("a.zip › 甲镇.docx"));
    assert!(entries[0]["error"].is_null());
}
