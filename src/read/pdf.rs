//! PDF: text lines with their page numbers, table rows rebuilt from where the glyphs are drawn.
//!
//! lopdf parses the file structure (and decrypts files that open without a password); the text
//! itself is extracted here rather than by pdf-extract, which panics on the non-embedded CJK
//! fonts with predefined CMaps (STSong-Light with UniGB-UCS2-H, GBK-EUC-H…) that many Chinese
//! government generators write, and which reports neither table rules nor damage politely.
//!
//! [`content`] runs the page operators (with [`lexer`]) and records glyphs and straight lines;
//! [`font`] decodes strings ([`cmap`], [`encoding`]); [`layout`] builds lines, and rows of ruled
//! tables cell by cell ([`rules`]); [`repair`] rebuilds a broken cross-reference table.

mod cmap;
pub(crate) mod content;
mod encoding;
mod filters;
mod font;
pub(crate) mod layout;
mod lexer;
mod objects;
mod page_boxes;
mod repair;
mod rules;
mod scanned;

use super::furniture::PageLines;
use super::scan::page::ScannedPage;
use super::{Document, ReadError};
use crate::source::FileKind;

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let first = match extract(bytes) {
        Err(e @ (ReadError::Corrupt(_) | ReadError::Scanned)) => e,
        other => return other,
    };
    // A page whose box holds a number lopdf cannot parse is lost with its text: clamp the box
    // as a viewer would (same length, so the offsets hold) and read again.
    if matches!(first, ReadError::Corrupt(_)) {
        if let Some(tamed) = page_boxes::tame(bytes) {
            return extract(&tamed).or_else(|_| repaired(&tamed, first));
        }
    }
    // A damaged cross-reference table hides objects: the file fails to parse, or parses with
    // its pages or their text missing. Rebuild the table and try once more.
    repaired(bytes, first)
}

/// The file read through a rebuilt cross-reference table, or `first` (the error of the file
/// as it is) when that cannot be done or does not help.
fn repaired(bytes: &[u8], first: ReadError) -> Result<Document, ReadError> {
    if repair::is_truncated(bytes) {
        return Err(first);
    }
    match repair::rebuild(bytes) {
        Some(fixed) => extract(&fixed).or(Err(first)),
        None => Err(first),
    }
}

fn extract(bytes: &[u8]) -> Result<Document, ReadError> {
    let pdf = load(bytes)?;
    filters::start_file();
    let pages = pdf.get_pages();
    if pages.is_empty() {
        return Err(ReadError::Corrupt("找不到任何页面".into()));
    }
    let page_count = pages.len();
    super::scan::expect_pages(u32::try_from(page_count).unwrap_or(0));
    let mut fonts = content::FontCache::default();
    let mut read = super::pages::Pages::with_capacity(page_count);
    for (number, id) in pages {
        let page = content::page(&pdf, id, &mut fonts);
        let scan = scan_page(&pdf, &page, number);
        read.push(number, page.images > 0, scan, || {
            let crop = pdf.get_dictionary(id).ok().and_then(|p| page_box(&pdf, p));
            // Positions are compared with the page box only on pages read the right way up.
            let frame = crop.filter(|_| layout::page_turns(&page) == 0);
            PageLines {
                lines: layout::placed_lines(&page, crop),
                frame,
            }
        });
    }
    if let Some(limit_mb) = filters::went_over() {
        return Err(ReadError::UnpacksTooLarge { limit_mb });
    }
    let read = read.finish(FileKind::Pdf);
    let doc = read.document;
    if is_scan(&doc, page_count, read.with_images) {
        return Err(read.scan_error.unwrap_or(ReadError::Scanned));
    }
    Ok(doc)
}

/// The image of page `number` (1-based) when it is a scanned page (no text, an image); for the
/// app to show (`read::scan::picture`).
pub fn page_picture(bytes: &[u8], number: u32) -> Result<Option<image::DynamicImage>, ReadError> {
    let pdf = load(bytes)?;
    filters::start_file();
    let Some(&id) = pdf.get_pages().get(&number) else {
        return Ok(None);
    };
    let mut fonts = content::FontCache::default();
    let page = content::page(&pdf, id, &mut fonts);
    if !scanned::is_scanned(&page) {
        return Ok(None);
    }
    scanned::page_image(&pdf, &page)
}

/// A page without text but with an image, read by OCR; `None` for a page with text.
fn scan_page(
    pdf: &lopdf::Document,
    page: &content::PageContent,
    number: u32,
) -> Result<Option<ScannedPage>, ReadError> {
    if !scanned::is_scanned(page) {
        return Ok(None);
    }
    let Some(image) = scanned::page_image(pdf, page)? else {
        return Ok(None);
    };
    super::scan::read_page(&image, number, &[]).map(Some)
}

/// No text at all, or pages of images with barely a line of text between them (a scan with
/// page numbers or a stamp caption added as text): either way there is nothing to check.
fn is_scan(doc: &Document, pages: usize, pages_with_images: usize) -> bool {
    let visible: usize = doc
        .blocks
        .iter()
        .map(|b| match b {
            super::Block::Line(l) => l.text.chars().filter(|c| !c.is_whitespace()).count(),
            super::Block::Table(_) => 0,
        })
        .sum();
    visible == 0 || (pages_with_images * 2 >= pages && visible < 10 * pages)
}

/// Parses the file. An encrypted file that opens with the empty password (permissions only,
/// common for published reports) is decrypted by lopdf and read like any other.
fn load(bytes: &[u8]) -> Result<lopdf::Document, ReadError> {
    // lopdf unpacks object and cross-reference streams without a limit while loading.
    if !filters::packed_streams_fit(bytes) {
        return Err(ReadError::UnpacksTooLarge {
            limit_mb: filters::MAX_STREAM_BYTES as u64 >> 20,
        });
    }
    let pdf = lopdf::Document::load_mem(bytes).map_err(classify)?;
    // lopdf leaves /Encrypt in the trailer when the empty password did not open the file.
    if pdf.trailer.get(b"Encrypt").is_ok() {
        return Err(ReadError::Encrypted);
    }
    Ok(pdf)
}

fn classify(e: lopdf::Error) -> ReadError {
    use lopdf::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword | E::UnsupportedSecurityHandler(_) => {
            ReadError::Encrypted
        }
        E::Xref(_) | E::MissingXrefEntry | E::InvalidOffset(_) => {
            ReadError::Corrupt("找不到交叉引用表，文件可能不完整".into())
        }
        other => {
            let detail: String = other.to_string().chars().take(80).collect();
            ReadError::Corrupt(format!("PDF 结构无法解析：{detail}"))
        }
    }
}

/// The visible area: `/CropBox`, else `/MediaBox`, as `[x0, y0, x1, y1]`.
fn page_box(pdf: &lopdf::Document, page: &lopdf::Dictionary) -> Option<[f32; 4]> {
    let b = objects::inherited(pdf, page, b"CropBox")
        .or_else(|| objects::inherited(pdf, page, b"MediaBox"))?
        .as_array()
        .ok()?;
    let v = objects::numbers(pdf, b);
    let [a, b, c, d] = <[f32; 4]>::try_from(v).ok()?;
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Block;

    const UCS2: &[u8] = include_bytes!("../../tests/fixtures/pdf/ucs2.pdf");
    const UTF16: &[u8] = include_bytes!("../../tests/fixtures/pdf/utf16.pdf");
    const GBK: &[u8] = include_bytes!("../../tests/fixtures/pdf/gbk.pdf");
    const IDENTITY: &[u8] = include_bytes!("../../tests/fixtures/pdf/identity.pdf");
    const SCANNED: &[u8] = include_bytes!("../../tests/fixtures/pdf/scanned.pdf");
    const SCANNED_NUMBERED: &[u8] = include_bytes!("../../tests/fixtures/pdf/scanned_numbered.pdf");
    const ENCRYPTED: &[u8] = include_bytes!("../../tests/fixtures/pdf/encrypted.pdf");
    const OWNER_ONLY: &[u8] = include_bytes!("../../tests/fixtures/pdf/owner_only.pdf");
    const TRUNCATED: &[u8] = include_bytes!("../../tests/fixtures/pdf/truncated.pdf");
    const SEED_000: &[u8] =
        include_bytes!("../../tests/fixtures/generated/000_12af315242a02ca5.pdf");
    const SEED_003: &[u8] =
        include_bytes!("../../tests/fixtures/generated/003_c9f06e97d3d2a54f.pdf");

    fn lines(bytes: &[u8]) -> Vec<(String, Option<u32>)> {
        let doc = read(bytes).unwrap_or_else(|e| panic!("not read: {e:?}"));
        assert_eq!(doc.kind, FileKind::Pdf);
        doc.blocks
            .into_iter()
            .map(|b| match b {
                Block::Line(l) => (l.text, l.page),
                Block::Table(_) => panic!("a PDF has no tables"),
            })
            .collect()
    }

    fn texts(bytes: &[u8]) -> Vec<String> {
        lines(bytes).into_iter().map(|(t, _)| t).collect()
    }

    fn has(lines: &[String], want: &str) {
        assert!(
            lines.iter().any(|l| l == want),
            "no line {want:?} in {lines:#?}"
        );
    }

    /// The three iText-style fixtures lay out the same page.
    fn check_report_page(bytes: &[u8]) -> Vec<String> {
        let all = lines(bytes);
        assert!(all.iter().all(|(_, p)| *p == Some(1)));
        let l: Vec<String> = all.into_iter().map(|(t, _)| t).collect();
        has(&l, "某某县人民政府2023年政府信息公开工作年度报告");
        has(
            &l,
            "2023年，本机关收到政府信息公开申请3件，联系电话：0953-5090575。",
        );
        has(&l, "通过“村务公开 魅力红寺堡”发布信息。");
        has(&l, "一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2");
        has(&l, "（七）总计\t12\t0\t0\t0\t0\t0\t12");
        let header = "自然人\t商业企业\t科研机构\t社会公益\t法律服务\t其他\t总计";
        assert!(l.iter().any(|x| x.trim_matches('\t') == header), "{l:#?}");
        l
    }

    #[test]
    fn stsong_with_ucs2_cmap_and_filled_rules() {
        let l = check_report_page(UCS2);
        // Ruled cells: the wrapped label and the numbers centred beside it make one row.
        has(&l, "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1");
        // The header row's empty label cell shows as a leading tab.
        has(
            &l,
            "\t自然人\t商业企业\t科研机构\t社会公益\t法律服务\t其他\t总计",
        );
    }

    #[test]
    fn stsong_with_utf16_cmap_and_no_rules() {
        let l = check_report_page(UTF16);
        has(&l, "生僻字“𠮷”照常显示。");
        // No rules: columns come from the gaps alone, and empty cells cannot be seen.
        has(&l, "二、上年结转政府信息");
        has(&l, "1\t0\t0\t0\t0\t0\t1");
        has(&l, "公开申请数量");
    }

    #[test]
    fn stsong_with_gbk_cmap_and_stroked_rules() {
        let l = check_report_page(GBK);
        has(&l, "第二部分：政务公开平台建设。");
        has(&l, "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1");
    }

    #[test]
    fn embedded_subset_fonts_with_to_unicode() {
        let want = [
            ("某县人民政府年度报告", 1), // drawn twice (fake bold), read once
            ("一、主动公开情况", 1),     // ToUnicode says U+2F00 (Kangxi radical one)
            ("本年新收申请数量\t3\t0\t3", 1),
            ("其他处理\t2023", 1),
            // "第1页" at the foot of both pages (drawn in a form XObject) is a page number.
            ("总计\t3", 2),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(t, p)| (t.to_string(), Some(*p)))
            .collect();
        assert_eq!(lines(IDENTITY), want);
    }

    #[test]
    fn scans_encryption_and_damage_are_told_apart() {
        assert_eq!(read(SCANNED), Err(ReadError::Scanned));
        assert_eq!(read(SCANNED_NUMBERED), Err(ReadError::Scanned));
        assert_eq!(read(ENCRYPTED), Err(ReadError::Encrypted));
        assert!(matches!(read(TRUNCATED), Err(ReadError::Corrupt(_))));
        // Only permissions set: opens without a password, so it is read.
        assert_eq!(texts(OWNER_ONLY), texts(UCS2));
    }

    #[test]
    fn damaged_files_never_panic() {
        for original in [UCS2, IDENTITY, SEED_003] {
            let step = original.len() / 60 + 1;
            for cut in (0..original.len()).step_by(step) {
                let _ = read(&original[..cut]);
                let mut flipped = original.to_vec();
                for b in flipped.iter_mut().skip(cut).step_by(997) {
                    *b = b.wrapping_add(0x55);
                }
                let _ = read(&flipped);
            }
        }
    }

    #[test]
    fn broken_offsets_are_rebuilt() {
        let want = texts(SEED_003);
        // Bytes inserted after the header shift every object.
        let header_end = SEED_003
            .iter()
            .position(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let mut shifted = SEED_003[..header_end].to_vec();
        shifted.extend_from_slice(b"% inserted by a mail gateway\n");
        shifted.extend_from_slice(&SEED_003[header_end..]);
        assert_eq!(texts(&shifted), want);
        // A startxref pointing nowhere.
        let at = SEED_003
            .windows(9)
            .rposition(|w| w == b"startxref")
            .unwrap_or(0);
        let mut bad = SEED_003[..at].to_vec();
        bad.extend_from_slice(b"startxref\n999\n%%EOF\n");
        assert_eq!(texts(&bad), want);
    }

    #[test]
    fn libreoffice_seed_pdfs_keep_their_table_rows() {
        let l = lines(SEED_000);
        assert_eq!(l.last().map(|x| x.1), Some(Some(4)));
        let l: Vec<String> = l.into_iter().map(|(t, _)| t).collect();
        has(&l, "规章\t0\t0\t0");
        has(&l, "一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2");
        // Merged cells appear once, in the row where they start; wrapped labels are whole.
        has(&l, "三、本年度办理结果\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0");
        has(&l, "\t(三) 不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0");
        has(&l, "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0");
        has(&l, "\t(七) 总计\t2\t0\t0\t0\t0\t0\t2");
        has(&l, "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0");
        has(&l, "0\t0\t0\t0\t0\t0\t2\t0\t1\t3\t0\t0\t0\t0\t0");
        has(
            &l,
            "（二）依申请公开情况。2023年我镇收到2件政府信息公开申请，均在规定时间内办结，无因政",
        );
        let l = texts(SEED_003);
        has(&l, "政府集中采购\t0\t0");
        has(&l, "2024 年 1 月 22 日");
    }
}
