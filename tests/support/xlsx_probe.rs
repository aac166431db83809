//! Reads what calamine cannot: each cell's fill and font (from xl/styles.xml and the sheet XML)
//! and the cell notes (xl/comments*.xml), merges, formulas and print setup, straight from the
//! .xlsx zip.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellStyle {
    /// Solid fill colour, `0xRRGGBB`.
    pub fill: Option<u32>,
    pub italic: bool,
    pub font_color: Option<u32>,
    /// The number format's code (`0`, `0.00`, built-in ones resolved).
    pub num_format: Option<String>,
    /// The font's size in points (`<sz val>`).
    pub font_size: Option<f64>,
    pub bold: bool,
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub styles: HashMap<(u32, u16), CellStyle>,
    pub notes: HashMap<(u32, u16), String>,
    /// Merged ranges, (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Each formula cell's formula text (without `=`).
    pub formulas: HashMap<(u32, u16), String>,
    /// `paperSize` (9 = A4) and `orientation` of `<pageSetup>`, and whether it fits to pages.
    pub paper_size: Option<u32>,
    pub orientation: Option<String>,
    pub fit_to_height: Option<u32>,
    pub hyperlinks: usize,
    /// Each internal hyperlink's target (`'甲镇'!D12`) by the cell it is on.
    pub links: HashMap<(u32, u16), String>,
    /// Row heights set explicitly, in points.
    pub row_heights: HashMap<u32, f64>,
    pub fit_to_width: Option<u32>,
    /// Whether `<pageSetUpPr fitToPage="1">` is set (fitToWidth/-Height only apply with it).
    pub fit_to_page: bool,
    /// The rows (and columns) repeated on every printed page (`$1:$1`, `$A:$A,$1:$2`), from the
    /// workbook's defined names, without the sheet's name.
    pub print_titles: Option<String>,
    /// `<pageSetup scale>` (percent; absent is 100, and ignored when fitted to pages).
    pub scale: Option<u32>,
    /// `<pageSetup pageOrder>` (`overThenDown`; absent is down then over).
    pub page_order: Option<String>,
    /// The rows a manual page break comes before (`<rowBreaks><brk id>`, 0-based).
    pub row_breaks: Vec<u32>,
    /// Column widths in Excel's units: (first column, last column, width), 0-based.
    pub cols: Vec<(u16, u16, f64)>,
}

impl Sheet {
    pub fn fill(&self, row: u32, col: u16) -> Option<u32> {
        self.styles.get(&(row, col)).and_then(|s| s.fill)
    }

    pub fn note(&self, row: u32, col: u16) -> Option<&str> {
        self.notes.get(&(row, col)).map(String::as_str)
    }

    /// The width of column `col` (Excel's default 8.43 when not set).
    pub fn col_width(&self, col: u16) -> f64 {
        self.cols
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&col))
            .map_or(8.43, |c| c.2)
    }

    /// The height of row `row` in points (Excel's default 15 when not set).
    pub fn row_height(&self, row: u32) -> f64 {
        self.row_heights.get(&row).copied().unwrap_or(15.0)
    }
}

pub fn probe(bytes: &[u8]) -> HashMap<String, Sheet> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut read = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let styles = cell_styles(&read("xl/styles.xml").expect("styles.xml"));
    let rels = relationships(&read("xl/_rels/workbook.xml.rels").expect("workbook rels"));
    let mut out = HashMap::new();
    let workbook = read("xl/workbook.xml").expect("workbook.xml");
    let titles = print_titles(&workbook);
    for (name, rid) in sheets(&workbook) {
        let target = &rels[&rid];
        let path = format!("xl/{target}");
        let xml = read(&path).expect("sheet xml");
        let mut sheet = Sheet::default();
        for (pos, s) in cell_style_indices(&xml) {
            sheet.styles.insert(pos, styles[s].clone());
        }
        sheet_parts(&xml, &mut sheet);
        sheet.print_titles = titles.get(&name).cloned();
        let file = target.rsplit('/').next().unwrap_or(target);
        if let Some(sheet_rels) = read(&format!("xl/worksheets/_rels/{file}.rels")) {
            for (_, t) in relationships(&sheet_rels) {
                if t.contains("comments") {
                    let c = t.trim_start_matches("../");
                    sheet.notes = comments(&read(&format!("xl/{c}")).expect("comments"));
                }
            }
        }
        out.insert(name, sheet);
    }
    out
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            quick_xml::escape::unescape(&raw)
                .map(|v| v.into_owned())
                .unwrap_or(raw)
        })
}

/// `_xlnm.Print_Titles` by sheet name: `'问题清单'!$1:$1` → ("问题清单", "$1:$1").
fn print_titles(xml: &str) -> HashMap<String, String> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut inside = false;
    loop {
        match r.read_event().expect("workbook xml") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"definedName" => {
                inside = attr(&e, "name").as_deref() == Some("_xlnm.Print_Titles");
            }
            Event::Text(t) if inside => {
                // `'甲'!$A:$A,'甲'!$1:$2`: each part names the sheet.
                let text = t.xml_content().expect("name").into_owned();
                let mut sheet = String::new();
                let mut refs = Vec::new();
                for part in split_outside_quotes(&text) {
                    if let Some((s, r)) = part.rsplit_once('!') {
                        sheet = s.trim_matches('\'').replace("''", "'");
                        refs.push(r.to_string());
                    }
                }
                if !refs.is_empty() {
                    out.insert(sheet, refs.join(","));
                }
            }
            Event::End(e) if e.name().as_ref() == b"definedName" => inside = false,
            _ => {}
        }
    }
    out
}

/// `a,'b,c'!x` → [`a`, `'b,c'!x`]: commas inside a quoted sheet name do not split.
fn split_outside_quotes(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

fn rgb(e: &BytesStart) -> Option<u32> {
    attr(e, "rgb").and_then(|v| u32::from_str_radix(&v[v.len().saturating_sub(6)..], 16).ok())
}

/// `AB12` → (11, 27).
pub fn cell_ref(r: &str) -> (u32, u16) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &r[letters.len()..];
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().expect("row") - 1, col as u16)
}

/// Every xf of cellXfs resolved to its fill and font.
fn cell_styles(xml: &str) -> Vec<CellStyle> {
    let mut r = Reader::from_str(xml);
    let mut fonts: Vec<(bool, Option<u32>, Option<f64>, bool)> = Vec::new();
    let mut fills: Vec<Option<u32>> = Vec::new();
    let mut xfs: Vec<(usize, usize, u32)> = Vec::new();
    let mut codes: HashMap<u32, String> = [(1, "0"), (2, "0.00"), (9, "0%"), (10, "0.00%")]
        .into_iter()
        .map(|(id, c)| (id, c.to_string()))
        .collect();
    let mut section = String::new();
    loop {
        match r.read_event().expect("styles xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match (section.as_str(), name.as_str()) {
                    (_, "fonts" | "fills" | "cellXfs" | "cellStyleXfs" | "numFmts") => {
                        section = name
                    }
                    ("numFmts", "numFmt") => {
                        let id = attr(&e, "numFmtId").and_then(|v| v.parse().ok());
                        if let (Some(id), Some(code)) = (id, attr(&e, "formatCode")) {
                            codes.insert(id, code);
                        }
                    }
                    ("fonts", "font") => fonts.push((false, None, None, false)),
                    ("fonts", "sz") => {
                        fonts.last_mut().expect("font").2 =
                            attr(&e, "val").and_then(|v| v.parse().ok())
                    }
                    ("fonts", "b") => fonts.last_mut().expect("font").3 = true,
                    ("fonts", "i") => fonts.last_mut().expect("font").0 = true,
                    ("fonts", "color") => fonts.last_mut().expect("font").1 = rgb(&e),
                    ("fills", "fill") => fills.push(None),
                    ("fills", "fgColor") => *fills.last_mut().expect("fill") = rgb(&e),
                    ("cellXfs", "xf") => {
                        let n = |k| attr(&e, k).and_then(|v| v.parse().ok()).unwrap_or(0);
                        xfs.push((n("fontId"), n("fillId"), n("numFmtId") as u32));
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.name().as_ref() == section.as_bytes() => section.clear(),
            _ => {}
        }
    }
    xfs.into_iter()
        .map(|(font, fill, num)| CellStyle {
            num_format: codes.get(&num).cloned(),
            fill: fills.get(fill).copied().flatten(),
            italic: fonts.get(font).map(|f| f.0).unwrap_or(false),
            font_color: fonts.get(font).and_then(|f| f.1),
            font_size: fonts.get(font).and_then(|f| f.2),
            bold: fonts.get(font).is_some_and(|f| f.3),
        })
        .collect()
}

fn cell_style_indices(xml: &str) -> Vec<((u32, u16), usize)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("sheet xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"c" => {
                let pos = cell_ref(&attr(&e, "r").expect("cell ref"));
                let s = attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                out.push((pos, s));
            }
            _ => {}
        }
    }
    out
}

/// Merges, formulas, page setup and hyperlinks of one sheet's XML.
fn sheet_parts(xml: &str, sheet: &mut Sheet) {
    let mut r = Reader::from_str(xml);
    let mut cell: Option<(u32, u16)> = None;
    let mut in_f = false;
    let mut in_row_breaks = false;
    loop {
        match r.read_event().expect("sheet xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"c" => cell = attr(&e, "r").map(|v| cell_ref(&v)),
                b"f" => in_f = true,
                b"mergeCell" => {
                    let range = attr(&e, "ref").expect("merge ref");
                    let (a, b) = range.split_once(':').expect("range");
                    let ((r1, c1), (r2, c2)) = (cell_ref(a), cell_ref(b));
                    sheet.merges.push((r1, c1, r2, c2));
                }
                b"pageSetup" => {
                    sheet.paper_size = attr(&e, "paperSize").and_then(|v| v.parse().ok());
                    sheet.orientation = attr(&e, "orientation");
                    sheet.fit_to_height = attr(&e, "fitToHeight").and_then(|v| v.parse().ok());
                    sheet.fit_to_width = attr(&e, "fitToWidth").and_then(|v| v.parse().ok());
                    sheet.scale = attr(&e, "scale").and_then(|v| v.parse().ok());
                    sheet.page_order = attr(&e, "pageOrder");
                }
                b"brk" if in_row_breaks => {
                    if let Some(id) = attr(&e, "id").and_then(|v| v.parse().ok()) {
                        sheet.row_breaks.push(id);
                    }
                }
                b"rowBreaks" => in_row_breaks = true,
                b"col" => {
                    let n = |k| attr(&e, k).and_then(|v| v.parse::<u16>().ok());
                    let w = attr(&e, "width").and_then(|v| v.parse::<f64>().ok());
                    if let (Some(a), Some(b), Some(w)) = (n("min"), n("max"), w) {
                        sheet.cols.push((a - 1, b - 1, w));
                    }
                }
                b"pageSetUpPr" => sheet.fit_to_page = attr(&e, "fitToPage").as_deref() == Some("1"),
                b"row" => {
                    let row = attr(&e, "r").and_then(|v| v.parse::<u32>().ok());
                    let ht = attr(&e, "ht").and_then(|v| v.parse::<f64>().ok());
                    if let (Some(row), Some(ht)) = (row, ht) {
                        sheet.row_heights.insert(row - 1, ht);
                    }
                }
                b"hyperlink" => {
                    sheet.hyperlinks += 1;
                    if let (Some(at), Some(to)) = (attr(&e, "ref"), attr(&e, "location")) {
                        sheet.links.insert(cell_ref(&at), to);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_f => {
                if let Some(pos) = cell {
                    let text = t.xml_content().expect("formula").into_owned();
                    sheet.formulas.entry(pos).or_default().push_str(&text);
                }
            }
            Event::GeneralRef(g) if in_f => {
                let c = match g.decode().expect("ref").as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                if let Some(pos) = cell {
                    sheet.formulas.entry(pos).or_default().push_str(c);
                }
            }
            Event::End(e) if e.name().as_ref() == b"f" => in_f = false,
            Event::End(e) if e.name().as_ref() == b"rowBreaks" => in_row_breaks = false,
            _ => {}
        }
    }
}

fn sheets(xml: &str) -> Vec<(String, String)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("workbook xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"sheet" => {
                out.push((
                    attr(&e, "name").expect("name"),
                    attr(&e, "r:id").expect("rid"),
                ));
            }
            _ => {}
        }
    }
    out
}

fn relationships(xml: &str) -> HashMap<String, String> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    loop {
        match r.read_event().expect("rels xml") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Relationship" => {
                out.insert(
                    attr(&e, "Id").expect("Id"),
                    attr(&e, "Target").expect("Target"),
                );
            }
            _ => {}
        }
    }
    out
}

fn comments(xml: &str) -> HashMap<(u32, u16), String> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut current: Option<((u32, u16), String)> = None;
    let mut in_t = false;
    loop {
        match r.read_event().expect("comments xml") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"comment" => {
                current = Some((cell_ref(&attr(&e, "ref").expect("ref")), String::new()));
            }
            Event::Start(e) if e.name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t.xml_content().expect("text"));
                }
            }
            Event::GeneralRef(g) if in_t => {
                let name = g.decode().expect("ref").into_owned();
                let c = match name.as_str() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => other
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32)
                        .map(String::from)
                        .unwrap_or_default(),
                };
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&c);
                }
            }
            Event::End(e) if e.name().as_ref() == b"comment" => {
                if let Some((pos, text)) = current.take() {
                    out.insert(pos, text);
                }
            }
            _ => {}
        }
    }
    out
}
