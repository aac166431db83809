//! Issue 23, part B: bounds inside the readers, nothing invented, messages that tell the truth.
//!
//! The small hostile inputs are in tests/bad_inputs/corpus/ (make_corpus.py), the big ones are
//! built here in a temporary folder (up to 60 MB); each is given to the CLI with its address space limited to 1 GiB
//! (`ulimit -v`), as a process that unpacked a bomb would abort at the limit: each must end
//! within 40 s with a message that names the cause. The non-number variants of a count cell are
//! read through the library: no number may move to another column.

mod common;

use nianbao::model::{CellState, Report};
use nianbao::rules::{self, Settings};
use serde_json::Value;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SEED_000: &str = "000_12af315242a02ca5";
const SEED_001: &str = "001_49bc154c30d92ca6";
/// The bound on every input.
const TIME_BOUND: Duration = Duration::from_secs(40);
/// Address space the CLI may use, in KiB (`ulimit -v`): 1 GiB.
const MEMORY_KIB: u64 = 1 << 20;

fn seed_text(stem: &str) -> String {
    std::fs::read_to_string(common::fixtures().join(format!("seeds/{stem}.txt"))).unwrap()
}

fn truth(stem: &str) -> serde_json::Map<String, Value> {
    common::truth_for(stem)["cells"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

/// Cells that differ from the truth, except `except` (checked by the caller).
fn diffs(report: &Report, stem: &str, except: &str) -> Vec<String> {
    let truth = truth(stem);
    nianbao::format::all_keys()
        .to_vec()
        .into_iter()
        .filter(|k| k.starts_with('T') && k != except)
        .filter_map(|k| {
            let want = truth.get(&k).and_then(Value::as_f64);
            let got = report.value(&k);
            (got != want).then(|| format!("{k} = {got:?}, truth {want:?}"))
        })
        .collect()
}

// ------------------------------------------------------------------ nothing invented

/// Seed 000 with its first count cell of T3 (一、本年新收 · 自然人, which says 2) replaced.
fn with_first_count(text: &str) -> String {
    let row = "一、本年新收政府信息公开申请数量\t\t2\t";
    assert!(seed_text(SEED_000).contains(row));
    seed_text(SEED_000).replacen(
        row,
        &format!("一、本年新收政府信息公开申请数量\t\t{text}\t"),
        1,
    )
}

#[test]
fn a_non_number_in_a_count_cell_moves_no_number() {
    let key = "T3.new.natural";
    let mut failures = Vec::new();
    for word in [
        "N/A",
        "不适用",
        "暂无",
        "inf",
        "NaN",
        "99999999999999999999999",
        "1e300",
    ] {
        let report = nianbao::load_bytes("v.txt", with_first_count(word).into_bytes()).unwrap();
        failures.extend(
            diffs(&report, SEED_000, key)
                .into_iter()
                .map(|d| format!("{word}: {d}")),
        );
        let cell = report.cell(key).unwrap();
        if cell.value.is_some() || cell.state != CellState::Invalid {
            failures.push(format!(
                "{word}: {key} = {:?} ({:?})",
                cell.value, cell.state
            ));
        }
        let findings = rules::check(&report, &Settings::default());
        let flagged = findings
            .iter()
            .any(|f| f.rule == "VALUE_INVALID" && f.cells.iter().any(|c| c == key));
        if !flagged {
            failures.push(format!("{word}: no VALUE_INVALID on {key}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lone_space_in_a_count_cell_is_a_blank_cell_in_its_column() {
    let report = nianbao::load_bytes("v.txt", with_first_count(" ").into_bytes()).unwrap();
    assert_eq!(
        diffs(&report, SEED_000, "T3.new.natural"),
        Vec::<String>::new()
    );
    let cell = report.cell("T3.new.natural").unwrap();
    assert_eq!((cell.value, cell.state), (Some(0.0), CellState::Implied));
}

/// Seed 000's XLSX with 1E+300 where its 一、本年新收 · 自然人 says 2.
fn xlsx_with_huge_count() -> Vec<u8> {
    rewrite_zip(&seed_file("xlsx"), |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let shared = shared_strings(&seed_file("xlsx"));
        let idx = shared
            .iter()
            .position(|s| s.starts_with("一、本年新收"))
            .unwrap();
        let xml = String::from_utf8(data).unwrap();
        let label = format!("t=\"s\"><v>{idx}</v></c>");
        let at = xml.find(&label).unwrap() + label.len();
        let rest = &xml[at..];
        let two = rest.find("<v>2</v>").unwrap();
        format!(
            "{}{}<v>1E+300</v>{}",
            &xml[..at],
            &rest[..two],
            &rest[two + 8..]
        )
        .into_bytes()
    })
}

fn shared_strings(xlsx: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.split("<t").nth(1).unwrap_or("");
            let t = &t[t.find('>').map_or(0, |p| p + 1)..];
            t.split("</t>").next().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn an_implausible_count_in_a_spreadsheet_is_invalid_where_it_stands() {
    let report = nianbao::load_bytes("huge.xlsx", xlsx_with_huge_count()).unwrap();
    assert_eq!(
        diffs(&report, SEED_000, "T3.new.natural"),
        Vec::<String>::new()
    );
    assert_eq!(report.value("T3.new.natural"), None);
    let findings = rules::check(&report, &Settings::default());
    assert!(findings
        .iter()
        .any(|f| f.rule == "VALUE_INVALID" && f.message.contains("十亿")));
}

// ------------------------------------------------------------------ messages that tell the truth

#[test]
fn utf8_with_a_stray_byte_is_read_as_utf8_with_a_warning() {
    let text = seed_text(SEED_000);
    // Just after the first full stop of the prose, at a character boundary.
    let at = text.find("。").unwrap() + "。".len();
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xFF);
    let report = nianbao::load_bytes("stray.txt", bytes).unwrap();
    assert_eq!(diffs(&report, SEED_000, ""), Vec::<String>::new());
    let findings = rules::check(&report, &Settings::default());
    let warning = findings
        .iter()
        .find(|f| f.rule == "TEXT_UNDECODABLE")
        .expect("a warning");
    assert!(warning.message.contains("1 处"), "{}", warning.message);
}

#[test]
fn utf32_with_either_bom_is_read() {
    let text = seed_text(SEED_001);
    let mut le = vec![0xFF, 0xFE, 0, 0];
    le.extend(text.chars().flat_map(|c| u32::from(c).to_le_bytes()));
    let mut be = vec![0, 0, 0xFE, 0xFF];
    be.extend(text.chars().flat_map(|c| u32::from(c).to_be_bytes()));
    for bytes in [le, be] {
        let report = nianbao::load_bytes("u32.txt", bytes).unwrap();
        assert_eq!(diffs(&report, SEED_001, ""), Vec::<String>::new());
    }
}

#[cfg(unix)]
#[test]
fn reports_with_names_that_are_not_utf8_keep_distinct_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = [&b"\xB1\xA8\xB8\xE6.txt"[..], b"\xB1\xA8\xB8\xE7.txt"]
        .iter()
        .map(|name| {
            let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(&path, seed_text(SEED_000)).unwrap();
            nianbao::load_path(&path).unwrap().file
        })
        .collect();
    assert_ne!(names[0], names[1]);
    assert!(
        names[0].ends_with("\\xB1\\xA8\\xB8\\xE6.txt"),
        "{}",
        names[0]
    );
}

// ------------------------------------------------------------------ bounded reading

fn corpus(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs/corpus");
    std::fs::read(dir.join(name)).expect("corpus: run tests/bad_inputs/make_corpus.py")
}

fn seed_file(ext: &str) -> Vec<u8> {
    std::fs::read(common::fixtures().join(format!("generated/{SEED_000}.{ext}"))).unwrap()
}

fn rewrite_zip(source: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(source)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        out.start_file(name.clone(), deflated()).unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn deflated() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
}

/// Seed 000's XLSX with its shared strings grown to 1 GiB, every zip size field claiming 1 000
/// bytes.
fn xlsx_lying_shared_strings() -> Vec<u8> {
    let honest = rewrite_zip(&seed_file("xlsx"), |name, data| {
        if name != "xl/sharedStrings.xml" {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let pad = " ".repeat(1 << 30);
        xml.replacen("<si>", &format!("{pad}<si>"), 1).into_bytes()
    });
    let mut bytes = honest;
    let claim = 1000u32.to_le_bytes();
    for i in 0..bytes.len().saturating_sub(46) {
        match &bytes[i..i + 4] {
            b"PK\x03\x04" => bytes[i + 22..i + 26].copy_from_slice(&claim),
            b"PK\x01\x02" => bytes[i + 24..i + 28].copy_from_slice(&claim),
            _ => {}
        }
    }
    bytes
}

/// 1,500 `<b>` left open in a paragraph, then 30,000 `<div>`s: html5ever reopens all 1,500
/// inside each one (45 M elements).
fn html_formatting_bomb() -> String {
    let mut page = String::from("<html><body><p>某县人民政府2023年政府信息公开工作年度报告");
    for i in 0..1500 {
        page.push_str(&format!("<b id=\"b{i}\">"));
    }
    page.push_str("</p>");
    page.push_str(&"<div>x</div>".repeat(30_000));
    page
}

/// The same page as a web archive (.mht), quoted-printable.
fn mht_of(page: &str) -> Vec<u8> {
    let qp = page.replace('=', "=3D");
    format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n--B--\r\n"
    )
    .into_bytes()
}

/// 60 MB of T3 row labels, each followed by 60 numbers.
fn dense_number_rows() -> Vec<u8> {
    let row = format!("一、本年新收政府信息公开申请数量{}\n", "\t0".repeat(60));
    row.repeat(60_000_000 / row.len()).into_bytes()
}

/// Runs the CLI on `path` with its address space limited; returns its JSON object, or a failure.
fn cli_bounded(path: &Path) -> Result<(Value, Duration), String> {
    let started = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_KIB}; exec \"$0\" check --json \"$1\""
        ))
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if out.status.code().is_none() {
        return Err(format!(
            "killed by a signal after {took:?} (out of memory?): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "no JSON ({e}), status {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok((json[0].clone(), took))
}

fn refused_with(dir: &Path, name: &str, bytes: &[u8], words: &[&str]) -> Vec<String> {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    match cli_bounded(&path) {
        Err(e) => vec![format!("{name}: {e}")],
        Ok((object, took)) => {
            println!(
                "{name:<28} {:>6.2} s  {}",
                took.as_secs_f64(),
                object["error"]
            );
            let mut problems = Vec::new();
            if took > TIME_BOUND {
                problems.push(format!("{name}: took {took:?}"));
            }
            let error = object["error"].as_str().unwrap_or("");
            if !words.iter().any(|w| error.contains(w)) {
                problems.push(format!("{name}: error {error:?} names none of {words:?}"));
            }
            problems
        }
    }
}

#[cfg(unix)]
#[test]
fn an_honest_report_reads_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.pdf");
    std::fs::write(&path, seed_file("pdf")).unwrap();
    let (object, _) = cli_bounded(&path).unwrap();
    assert!(object["error"].is_null(), "{}", object["error"]);
}

#[cfg(unix)]
#[test]
fn pdf_bombs_are_refused_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for name in ["double_flate.pdf", "objstm_bomb.pdf"] {
        failures.extend(refused_with(
            dir.path(),
            name,
            &corpus(name),
            &["解压后的内容超过"],
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn spreadsheet_bombs_are_refused_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = refused_with(
        dir.path(),
        "lying_shared_strings.xlsx",
        &xlsx_lying_shared_strings(),
        &["解压后的内容超过"],
    );
    for name in ["ods_formulas.ods", "ods_foreign_end.ods", "ods_spaces.ods"] {
        failures.extend(refused_with(dir.path(), name, &corpus(name), &["展开"]));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn page_and_text_bombs_end_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Once the formatting tags are bounded the page is read: it simply is no report.
    let page = html_formatting_bomb();
    let mut failures = refused_with(
        dir.path(),
        "formatting.html",
        page.as_bytes(),
        &["不像是一份年度报告"],
    );
    failures.extend(refused_with(
        dir.path(),
        "formatting.mht",
        &mht_of(&page),
        &["不像是一份年度报告"],
    ));
    failures.extend(refused_with(
        dir.path(),
        "dense_numbers.txt",
        &dense_number_rows(),
        &["数字和词语超过"],
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A PNG that declares `w`×`h` gray pixels and holds `idat` as its compressed data.
fn png_declaring(w: u32, h: u32, idat: &[u8]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit gray, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A white page of `w`×`h`, deflated: 12,000² pixels come to a few hundred kilobytes.
fn white_png(w: u32, h: u32) -> Vec<u8> {
    let row: Vec<u8> = std::iter::once(0)
        .chain(std::iter::repeat_n(255, w as usize))
        .collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..h {
        z.write_all(&row).unwrap();
    }
    png_declaring(w, h, &z.finish().unwrap())
}

/// A little-endian TIFF of `pages` pages of 16×16 white gray pixels, uncompressed.
fn tiff_of_pages(pages: u32) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    let pixels = 16 * 16;
    for p in 0..pages {
        let ifd_at = out.len() as u32;
        let entries: u16 = 8;
        let data_at = ifd_at + 2 + u32::from(entries) * 12 + 4;
        let next = if p + 1 < pages { data_at + pixels } else { 0 };
        out.extend(entries.to_le_bytes());
        // tag, type (3 short, 4 long), count, value
        for (tag, kind, value) in [
            (256u16, 3u16, 16u32), // width
            (257, 3, 16),          // height
            (258, 3, 8),           // bits per sample
            (259, 3, 1),           // no compression
            (262, 3, 1),           // black is zero
            (273, 4, data_at),     // strip offset
            (278, 3, 16),          // rows per strip
            (279, 4, pixels),      // strip byte count
        ] {
            out.extend(tag.to_le_bytes());
            out.extend(kind.to_le_bytes());
            out.extend(1u32.to_le_bytes());
            out.extend(value.to_le_bytes());
        }
        out.extend(next.to_le_bytes());
        out.extend(std::iter::repeat_n(255u8, pixels as usize));
    }
    out
}

#[cfg(unix)]
#[test]
fn image_bombs_are_refused_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    // A header declaring 1.6 billion pixels over a few bytes of data; a real white page of
    // 144 million pixels deflated to a few hundred kilobytes; a TIFF of more pages than a report.
    let empty_zlib = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    let cases = [
        (
            "declares_40000x40000.png",
            png_declaring(40_000, 40_000, &empty_zlib),
            "宽或高超过 20000 像素",
        ),
        (
            "white_12000x12000.png",
            white_png(12_000, 12_000),
            "12000×12000 像素",
        ),
        ("pages_80.tif", tiff_of_pages(80), "超过 60 页"),
    ];
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|(name, bytes, words)| refused_with(dir.path(), name, bytes, &[words]))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes this file's big inputs into `$NIANBAO_BIG_INPUTS`, for `tests/bad_inputs/measure.py`
/// (time and memory of the whole corpus). Not a check: run on purpose with `--ignored`.
#[test]
#[ignore = "writes files for tests/bad_inputs/measure.py"]
fn write_the_big_inputs() {
    let Some(dir) = std::env::var_os("NIANBAO_BIG_INPUTS").map(std::path::PathBuf::from) else {
        panic!("set NIANBAO_BIG_INPUTS to the folder to write into");
    };
    std::fs::create_dir_all(&dir).unwrap();
    let page = html_formatting_bomb();
    let files: [(&str, Vec<u8>); 5] = [
        ("lying_shared_strings.xlsx", xlsx_lying_shared_strings()),
        ("formatting.mht", mht_of(&page)),
        ("formatting.html", page.into_bytes()),
        ("dense_numbers.txt", dense_number_rows()),
        ("huge_count.xlsx", xlsx_with_huge_count()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
