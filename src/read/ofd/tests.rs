use super::*;
use crate::read::zipped::tests::zip_of;
use crate::read::Block;

const OFD_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">
  <ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>
  <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>
</ofd:OFD>"#;

fn document_xml(pages: usize, extra: &str) -> String {
    let list: String = (0..pages)
        .map(|i| {
            format!(
                r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#,
                i + 10
            )
        })
        .collect();
    format!(
        r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>
        <ofd:MaxUnitID>100</ofd:MaxUnitID>
        <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
        <ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>{extra}
        </ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
    )
}

fn page_xml(objects: &str) -> String {
    format!(
        r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>
        <ofd:Layer ID="2" Type="Body">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

/// A line of text with its baseline at (x, y) mm, 4 mm characters set solid (digits 2 mm).
fn text(x: f32, y: f32, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let deltas: Vec<&str> = chars
        .iter()
        .take(chars.len().saturating_sub(1))
        .map(|c| if c.is_ascii() { "2" } else { "4" })
        .collect();
    format!(
        r#"<ofd:TextObject ID="1" Boundary="{x} {} 150 6" Font="3" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="{}">{s}</ofd:TextCode></ofd:TextObject>"#,
        y - 4.0,
        deltas.join(" ")
    )
}

fn line(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    format!(
        r#"<ofd:PathObject ID="1" Boundary="{x0} {y0} {} {}" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {} {}</ofd:AbbreviatedData></ofd:PathObject>"#,
        (x1 - x0).max(0.1),
        (y1 - y0).max(0.1),
        x1 - x0,
        y1 - y0
    )
}

fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (*n, d.as_bytes())).collect();
    zip_of(&parts)
}

fn one_page(objects: &str) -> Vec<u8> {
    package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", &document_xml(1, "")),
        ("Doc_0/Pages/Page_0/Content.xml", &page_xml(objects)),
    ])
}

fn lines(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Line(l) => l.text.clone(),
            Block::Table(_) => panic!("OFD pages give lines"),
        })
        .collect()
}

/// A small ruled table: a label column and two value columns, two rows.
fn table() -> String {
    let mut s = text(20.0, 20.0, "某镇人民政府2023年政府信息公开工作年度报告");
    for y in [30.0, 40.0, 50.0] {
        s += &line(20.0, y, 180.0, y);
    }
    for x in [20.0, 120.0, 150.0, 180.0] {
        s += &line(x, 30.0, x, 50.0);
    }
    s += &text(22.0, 37.0, "本年新收");
    s += &text(130.0, 37.0, "12");
    s += &text(160.0, 37.0, "0");
    s += &text(22.0, 47.0, "总计");
    s += &text(160.0, 47.0, "3");
    s
}

#[test]
fn text_and_ruled_tables_read_like_a_pdf() {
    let doc = read(&one_page(&table())).unwrap();
    assert_eq!(doc.kind, FileKind::Ofd);
    assert_eq!(
        lines(&doc),
        [
            "某镇人民政府2023年政府信息公开工作年度报告",
            "本年新收\t12\t0",
            "总计\t\t3"
        ]
    );
    assert!(doc
        .blocks
        .iter()
        .all(|b| matches!(b, Block::Line(l) if l.page == Some(1))));
}

#[test]
fn templates_are_drawn_and_never_followed_from_a_template() {
    let tpl = r#"<ofd:Page xmlns:ofd="x"><ofd:Template TemplateID="5"/><ofd:Content><ofd:Layer>"#
        .to_string()
        + &text(20.0, 280.0, "模板上的落款文字")
        + "</ofd:Layer></ofd:Content></ofd:Page>";
    let page = r#"<ofd:Page xmlns:ofd="x"><ofd:Template TemplateID="5" ZOrder="Background"/><ofd:Template TemplateID="404"/><ofd:Content><ofd:Layer>"#
        .to_string()
        + &text(20.0, 20.0, "正文第一行")
        + "</ofd:Layer></ofd:Content></ofd:Page>";
    let doc = package(&[
        ("OFD.xml", OFD_XML),
        (
            "Doc_0/Document.xml",
            &document_xml(
                1,
                r#"<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/>"#,
            ),
        ),
        ("Doc_0/Tpls/Tpl_0/Content.xml", &tpl),
        ("Doc_0/Pages/Page_0/Content.xml", &page),
    ]);
    assert_eq!(
        lines(&read(&doc).unwrap()),
        ["正文第一行", "模板上的落款文字"]
    );
}

#[test]
fn missing_parts_say_which() {
    let no_entry = package(&[("Doc_0/Document.xml", &document_xml(1, ""))]);
    assert_eq!(read(&no_entry), Err(package::missing("OFD.xml")));
    let no_root = package(&[(
        "OFD.xml",
        "<ofd:OFD xmlns:ofd=\"x\"><ofd:DocBody/></ofd:OFD>",
    )]);
    assert!(matches!(read(&no_root), Err(ReadError::Corrupt(w)) if w.contains("DocRoot")));
    let no_document = package(&[("OFD.xml", OFD_XML)]);
    assert_eq!(
        read(&no_document),
        Err(package::missing("Doc_0/Document.xml"))
    );
    let no_page = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", &document_xml(2, "")),
        ("Doc_0/Pages/Page_0/Content.xml", &page_xml(&table())),
    ]);
    assert_eq!(
        read(&no_page),
        Err(package::missing("Doc_0/Pages/Page_1/Content.xml"))
    );
    let no_pages = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", "<Document><CommonData/></Document>"),
    ]);
    assert!(matches!(read(&no_pages), Err(ReadError::Corrupt(w)) if w.contains("Pages")));
    // An empty page, and one with only a small picture (a logo).
    assert!(
        matches!(read(&one_page("")), Err(ReadError::Corrupt(w)) if w.contains("没有任何文字"))
    );
}

#[test]
fn a_page_that_is_a_small_picture_or_an_undecodable_one_is_said() {
    let mut png = Vec::new();
    image::DynamicImage::new_luma8(40, 40)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let res = r#"<ofd:Res xmlns:ofd="x" BaseLoc="Res"><ofd:MultiMedias>
        <ofd:MultiMedia ID="7" Type="Image" Format="PNG"><ofd:MediaFile>logo.png</ofd:MediaFile></ofd:MultiMedia>
        <ofd:MultiMedia ID="8" Type="Image" Format="JB2"><ofd:MediaFile>scan.jb2</ofd:MediaFile></ofd:MultiMedia>
        </ofd:MultiMedias></ofd:Res>"#;
    let document = document_xml(1, "");
    let make = |id: &str| {
        let page = page_xml(&format!(
            r#"<ofd:ImageObject ID="9" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="{id}"/>"#
        ));
        zip_of(&[
            ("OFD.xml", OFD_XML.as_bytes()),
            ("Doc_0/Document.xml", document.as_bytes()),
            ("Doc_0/DocumentRes.xml", res.as_bytes()),
            ("Doc_0/Res/logo.png", &png),
            ("Doc_0/Res/scan.jb2", b"\x97JB2\r\n\x1a\n...."),
            ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
        ])
    };
    assert!(matches!(read(&make("7")), Err(ReadError::Corrupt(w)) if w.contains("图片")));
    assert_eq!(
        read(&make("8")),
        Err(ReadError::ImageFilter("JBIG2".into()))
    );
}

#[test]
fn bombs_and_absurd_references_are_refused() {
    // One page part that unpacks past the cap of a part.
    let mut huge = page_xml(&table());
    huge.push_str(&" ".repeat(zipped_cap() + 10));
    let bomb = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", &document_xml(1, "")),
        ("Doc_0/Pages/Page_0/Content.xml", &huge),
    ]);
    assert!(bomb.len() < 1 << 20);
    assert!(matches!(
        read(&bomb),
        Err(ReadError::UnpacksTooLarge { .. })
    ));
    // The same 30 MB page named again and again: every reading counts.
    let mut big = page_xml(&table());
    big.push_str(&" ".repeat(30 << 20));
    let same: String = (0..50)
        .map(|_| r#"<Page BaseLoc="Pages/Page_0/Content.xml"/>"#)
        .collect();
    let repeated = package(&[
        ("OFD.xml", OFD_XML),
        (
            "Doc_0/Document.xml",
            &format!("<Document><Pages>{same}</Pages></Document>"),
        ),
        ("Doc_0/Pages/Page_0/Content.xml", &big),
    ]);
    assert!(matches!(
        read(&repeated),
        Err(ReadError::UnpacksTooLarge { .. })
    ));
    // Pages without end.
    let many: String = (0..=MAX_PAGES)
        .map(|_| r#"<Page BaseLoc="Pages/Page_0/Content.xml"/>"#)
        .collect();
    let listed = package(&[
        ("OFD.xml", OFD_XML),
        (
            "Doc_0/Document.xml",
            &format!("<Document><Pages>{many}</Pages></Document>"),
        ),
        ("Doc_0/Pages/Page_0/Content.xml", &page_xml(&table())),
    ]);
    assert!(matches!(read(&listed), Err(ReadError::Bloated(w)) if w.contains("页")));
    // A document that names itself as its page, and OFD.xml as its own root.
    let cyclic = package(&[
        ("OFD.xml", OFD_XML),
        (
            "Doc_0/Document.xml",
            r#"<Document><Pages><Page BaseLoc="Document.xml"/><Page BaseLoc="/OFD.xml"/></Pages></Document>"#,
        ),
    ]);
    assert!(matches!(read(&cyclic), Err(ReadError::Corrupt(_))));
    // Elements nested without end.
    let deep = page_xml(&format!(
        "{}{}",
        "<ofd:PageBlock>".repeat(500),
        "</ofd:PageBlock>".repeat(500)
    ));
    assert!(matches!(read(&one_page_raw(&deep)), Err(ReadError::Bloated(w)) if w.contains("嵌套")));
    // Characters past any page.
    let far = format!(
        r#"<ofd:TextObject Boundary="0 0 1 1" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g 4000000000 1e37">{}</ofd:TextCode></ofd:TextObject>"#,
        "远".repeat(1000)
    );
    let doc = read(&one_page(&(table() + &far))).unwrap();
    assert!(!lines(&doc).iter().any(|l| l.contains("远远")));
    // A page box of absurd size falls back to the document's.
    let absurd = r#"<ofd:Page xmlns:ofd="x"><ofd:Area><ofd:PhysicalBox>0 0 1e38 1e38</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer>"#
        .to_string()
        + &table()
        + "</ofd:Layer></ofd:Content></ofd:Page>";
    assert_eq!(
        lines(&read(&one_page_raw(&absurd)).unwrap()),
        lines(&read(&one_page(&table())).unwrap())
    );
}

fn zipped_cap() -> usize {
    crate::read::zipped::MAX_PART_BYTES as usize
}

fn one_page_raw(page: &str) -> Vec<u8> {
    package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", &document_xml(1, "")),
        ("Doc_0/Pages/Page_0/Content.xml", page),
    ])
}

#[test]
fn damaged_packages_never_panic() {
    let whole = one_page(&table());
    let step = whole.len() / 50 + 1;
    for cut in (0..whole.len()).step_by(step) {
        let _ = read(&whole[..cut]);
        let mut flipped = whole.clone();
        for b in flipped.iter_mut().skip(cut).step_by(97) {
            *b = b.wrapping_add(0x55);
        }
        let _ = read(&flipped);
    }
}

#[test]
fn ofd_files_are_told_by_content_and_read_through_read_bytes() {
    use crate::read::sniff::{sniff, Sniffed};
    let bytes = one_page(&table());
    assert_eq!(sniff("报告.zip", &bytes), Sniffed::Ofd);
    assert_eq!(sniff("报告.ofd", b"PK\x03\x04 broken"), Sniffed::Ofd);
    let doc = crate::read::read_bytes("报告", bytes).unwrap();
    assert_eq!(doc.kind, FileKind::Ofd);
}
