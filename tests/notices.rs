//! The documents that leave the desk, read back: the 整改通知 of each unit with an open error and
//! the 核查情况通报, written from the seeds and their mutated copies (real report texts), with a
//! roster, a reviewed finding and a resubmission. The .docx files are unzipped and their text
//! taken from word/document.xml, as Word would show it.

use nianbao::export::{self, Batch, Options};
use nianbao::model::{Finding, Report, Review, ReviewStatus, Severity};
use nianbao::roster::Roster;
use nianbao::rules::{self, names::key_place, names::value_text, Settings};
use std::io::Read;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn load(rels: &[&str]) -> Vec<Report> {
    rels.iter()
        .map(|r| nianbao::load_path(&fixture(r)).unwrap_or_else(|e| panic!("{r}: {e}")))
        .collect()
}

fn check(reports: &[Report]) -> Vec<Vec<Finding>> {
    rules::check_batch(reports, &Settings::default())
}

/// The unzipped word/document.xml of a .docx.
fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The visible text of a .docx: every w:t, paragraphs separated by new lines.
fn docx_text(bytes: &[u8]) -> String {
    let xml = document_xml(bytes);
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        if tag.starts_with("</w:p>") {
            text.push('\n');
        }
        if tag.starts_with("<w:t")
            && !tag.starts_with("<w:tbl")
            && !tag.starts_with("<w:tc")
            && !tag.starts_with("<w:tr")
        {
            let close = rest[end..].find("</w:t>").map_or(rest.len(), |c| end + c);
            text.push_str(&unescape(&rest[end..close]));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end..];
    }
    text
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The seeds, with 000 and 002 swapped for copies with errors injected.
const SET: &[&str] = &[
    "mutated/000_cell_changed.txt",
    "seeds/001_49bc154c30d92ca6.txt",
    "mutated/002_invalid_cell.txt",
    "seeds/003_c9f06e97d3d2a54f.txt",
    "seeds/004_59c4f35e6dbc2f18.txt",
];

const ROSTER: &[&str] = &[
    "红寺堡镇",
    "大营镇",
    "炭山乡",
    "西堡镇",
    "哈图布呼镇",
    "柳泉乡",
];

fn options() -> Options {
    Options {
        office: "某某县人民政府办公室".into(),
        contact: "张三 0953-1234567".into(),
        date: nianbao::model::Date::new(2024, 2, 20),
        ..Default::default()
    }
}

fn open_errors<'a>(r: &Report, fs: &'a [Finding]) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.severity == Severity::Error && !r.reviews.contains_key(&f.key()))
        .collect()
}

/// Writes the documents into a fresh folder and reads them back by file name.
fn write(batch: &Batch) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let files = export::write_notices(dir.path(), batch).expect("notices");
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, docx_text(&std::fs::read(p).unwrap()))
        })
        .collect()
}

#[test]
fn one_notice_per_unit_with_an_error_naming_each_error_and_its_fix() {
    let reports = load(SET);
    let findings = check(&reports);
    let options = options();
    let mut roster = Roster::from_names(ROSTER);
    roster.set_status(
        1,
        nianbao::roster::Status::Passed,
        nianbao::model::Date::new(2024, 2, 21),
    );
    let batch = Batch {
        options: &options,
        roster: Some(&roster),
        ..Batch::new(&reports, &findings)
    };
    let docs = write(&batch);
    // The workbook's 报送情况 lists every unit, 未报 and the status with its date.
    let bytes = export::workbook_bytes(&batch, &|_| {}).unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = wb.worksheet_range(export::ROSTER_SHEET).unwrap();
    let rows: Vec<String> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(rows.len(), 1 + ROSTER.len());
    assert!(
        rows[2].contains("通过") && rows[2].contains("2024-02-21"),
        "{rows:?}"
    );
    assert!(
        rows[6].contains("柳泉乡") && rows[6].contains("未报"),
        "{rows:?}"
    );
    let units = export::units(&reports, &findings, Some(&roster));
    let with_errors: Vec<&str> = units.with_errors().map(|u| u.name.as_str()).collect();
    assert!(
        with_errors.len() >= 2,
        "the set has errors to notify: {with_errors:?}"
    );
    let notices: Vec<&(String, String)> = docs
        .iter()
        .filter(|(n, _)| n.starts_with("整改通知-"))
        .collect();
    assert_eq!(notices.len(), with_errors.len(), "{docs:?}");
    for u in units.with_errors() {
        let (_, text) = docs
            .iter()
            .find(|(n, _)| *n == export::notice_file_name(&u.name))
            .unwrap_or_else(|| panic!("no notice for {}", u.name));
        let i = u.report.unwrap();
        let r = &reports[i];
        assert!(text.contains(&u.name), "{text}");
        assert!(text.contains(&nianbao::model::file_name(&r.file)), "{text}");
        assert!(text.contains("某某县人民政府办公室") && text.contains("张三 0953-1234567"));
        assert!(
            text.contains("2024年3月5日"),
            "the default deadline, 14 days on: {text}"
        );
        for f in open_errors(r, &findings[i]) {
            // The cell the fix goes into, in words, and the value that fixes it.
            let (cell, value) = match &f.suspect {
                Some(s) => (s.cell.clone(), Some(s.suggested)),
                None => (f.cells.first().cloned().unwrap_or_default(), f.expected),
            };
            if !cell.is_empty() {
                assert!(
                    text.contains(&key_place(&cell)),
                    "{}: {text}",
                    key_place(&cell)
                );
            }
            if let Some(v) = value {
                assert!(text.contains(&value_text(&cell, v)), "{v}: {text}");
            }
            // What the check found, up to the sentence naming the culprit (named first instead).
            let found = f.message.split(rules::CULPRIT_LEAD).next().unwrap();
            assert!(text.contains(found), "{found}: {text}");
        }
    }
    // The clean units get none.
    for (n, _) in &notices {
        assert!(with_errors
            .iter()
            .any(|u| *n == export::notice_file_name(u)));
    }
    // The 通报: the roster's figures, the unit with no report named as 未报.
    let (_, bulletin) = docs
        .iter()
        .find(|(n, _)| n == export::BULLETIN_FILE)
        .unwrap();
    assert!(
        bulletin.contains("应报送年度报告的单位 6 家，已报送 5 家，未报送 1 家"),
        "{bulletin}"
    );
    assert!(bulletin.contains("未报送的单位：柳泉乡"), "{bulletin}");
    assert!(bulletin.contains("数据不准"), "{bulletin}");
    for u in &with_errors {
        assert!(bulletin.contains(u), "{u} named in the 通报");
    }
}

#[test]
fn reviewed_findings_are_left_out_of_the_notice() {
    let mut reports = load(SET);
    let findings = check(&reports);
    let i = (0..reports.len())
        .find(|&i| open_errors(&reports[i], &findings[i]).len() == 1)
        .expect("a report with exactly one error");
    let f = open_errors(&reports[i], &findings[i])[0].clone();
    let j = (0..reports.len())
        .find(|&j| j != i && !open_errors(&reports[j], &findings[j]).is_empty())
        .expect("another report with an error");
    let g = open_errors(&reports[j], &findings[j])[0].clone();
    let review = |status| Review {
        status,
        note: "已电话核实".into(),
        by: "李".into(),
    };
    reports[i]
        .reviews
        .insert(f.key(), review(ReviewStatus::Confirmed));
    reports[j]
        .reviews
        .insert(g.key(), review(ReviewStatus::NotApplicable));
    let options = options();
    let batch = Batch {
        options: &options,
        ..Batch::new(&reports, &findings)
    };
    let docs = write(&batch);
    let all: String = docs.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        !all.contains(&f.message),
        "a finding marked 已核实无误 is not sent"
    );
    assert!(
        !all.contains(&g.message),
        "a finding marked 不适用 is not sent"
    );
    let agency = reports[i].agency.clone().unwrap();
    assert!(
        !docs
            .iter()
            .any(|(n, _)| *n == export::notice_file_name(&agency)),
        "its only error reviewed, the unit gets no notice"
    );
}

#[test]
fn a_resubmission_replaces_its_original_in_every_count() {
    // 000 was sent back with an error; the town resubmits the seed, which is right.
    let mut reports = load(&[
        "mutated/000_cell_changed.txt",
        "seeds/001_49bc154c30d92ca6.txt",
        "seeds/000_12af315242a02ca5.txt",
    ]);
    let new_file = reports[2].file.clone();
    let old = nianbao::versions::resubmission_of(&reports.iter().collect::<Vec<_>>(), &reports[2]);
    assert_eq!(old, Some(0), "the seed resubmits the copy sent back");
    reports[0].replaced_by = Some(new_file);
    let findings = check(&reports);
    assert!(!open_errors(&reports[0], &findings[0]).is_empty());
    let old_errors: Vec<String> = open_errors(&reports[0], &findings[0])
        .iter()
        .filter(|f| !findings[2].iter().any(|g| g.key() == f.key()))
        .map(|f| f.message.clone())
        .collect();
    assert!(
        !old_errors.is_empty(),
        "the version sent back has errors the new one fixed"
    );

    let roster = Roster::from_names(&["红寺堡镇", "大营镇"]);
    let units = export::units(&reports, &findings, Some(&roster));
    assert_eq!(units.units[0].report, Some(2));
    assert_eq!(units.reported().count(), 2);
    let left = export::counting(&reports, &findings);
    assert_eq!(left[0], Some(export::Left::Replaced));
    assert_eq!((left[1], left[2]), (None, None));

    let options = options();
    let batch = Batch {
        options: &options,
        roster: Some(&roster),
        ..Batch::new(&reports, &findings)
    };
    let all: String = write(&batch).iter().map(|(_, t)| t.as_str()).collect();
    for m in &old_errors {
        assert!(!all.contains(m.as_str()), "fixed in the resubmission: {m}");
    }
    assert!(
        all.contains("应报送年度报告的单位 2 家，已报送 2 家，未报送 0 家"),
        "{all}"
    );

    // The workbook counts the new version only.
    let bytes = export::workbook_bytes(&batch, &|_| {}).unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let cover = wb.worksheet_range(export::COVER_SHEET).unwrap();
    let text: String = cover
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("|");
    assert!(text.contains("已被替换"), "{text}");
}

#[test]
fn notices_come_from_the_command_line_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for rel in SET {
        let from = fixture(rel);
        std::fs::copy(&from, input.join(from.file_name().unwrap())).unwrap();
    }
    let roster = dir.path().join("名单.txt");
    std::fs::write(
        &roster,
        format!(
            "序号\t单位名称\n{}\n",
            ROSTER
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}\t{n}", i + 1))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    )
    .unwrap();
    let out = dir.path().join("通知");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--notices"])
        .arg(&out)
        .arg("--roster")
        .arg(&roster)
        .args(["--office", "某某县政务公开办", "--reply-by", "2024-03-31"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "errors found: {o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("未报 1 家：柳泉乡"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.contains(&export::BULLETIN_FILE.to_string()),
        "{names:?}"
    );
    assert!(
        names.iter().filter(|n| n.starts_with("整改通知-")).count() >= 2,
        "{names:?}"
    );
    let bulletin = docx_text(&std::fs::read(out.join(export::BULLETIN_FILE)).unwrap());
    assert!(
        bulletin.contains("2024年3月31日") && bulletin.contains("某某县政务公开办"),
        "{bulletin}"
    );

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--reply-by", "下周", "--notices"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不是有效的日期"));
}

/// With `notice_tables`, each notice ends with the tables that hold a cell to fix, in the
/// official layout (merged headers), the cell to fix bold on grey with `现值→应改为`; other
/// tables and the other cells are plain. Without it, no table.
#[test]
fn the_tables_are_attached_with_the_cells_to_fix_marked() {
    let reports = load(SET);
    let findings = check(&reports);
    let with_tables = Options {
        notice_tables: true,
        ..options()
    };
    let units = export::units(&reports, &findings, None);
    let mut seen = 0;
    for (options, attached) in [(options(), false), (with_tables, true)] {
        let batch = Batch {
            options: &options,
            ..Batch::new(&reports, &findings)
        };
        let dir = tempfile::tempdir().unwrap();
        export::write_notices(dir.path(), &batch).expect("notices");
        for u in units.with_errors() {
            let i = u.report.unwrap();
            let bytes = std::fs::read(dir.path().join(export::notice_file_name(&u.name))).unwrap();
            let xml = document_xml(&bytes);
            let text = docx_text(&bytes);
            assert_eq!(text.contains("附件：需改正的表格"), attached, "{text}");
            assert_eq!(xml.contains("<w:tbl>"), attached);
            if !attached {
                continue;
            }
            assert!(
                xml.contains("w:gridSpan") && xml.contains("w:vMerge"),
                "merged as printed"
            );
            let r = &reports[i];
            for s in open_errors(r, &findings[i])
                .iter()
                .filter_map(|f| f.suspect.as_ref())
            {
                let now = r
                    .value(&s.cell)
                    .map(|v| value_text(&s.cell, v))
                    .unwrap_or_default();
                let shown = format!("{now}→{}", value_text(&s.cell, s.suggested));
                let at = xml
                    .find(&format!(">{shown}<"))
                    .unwrap_or_else(|| panic!("{shown} in the table"));
                let cell = &xml[xml[..at].rfind("<w:tc>").unwrap()..at];
                assert!(
                    cell.contains("w:fill=\"D9D9D9\"") && cell.contains("<w:b "),
                    "{cell}"
                );
                seen += 1;
            }
            // An unmarked cell is plain: the grey fill only behind cells to fix.
            let marked = xml.matches("w:fill=\"D9D9D9\"").count();
            assert!((1..12).contains(&marked), "{marked} cells marked");
        }
    }
    assert!(seen >= 1, "the set has a culprit with its fix");
}
