//! Web pages: the report as a government portal publishes it.
//!
//! The page is decoded by its BOM or declared charset (GBK/GB2312 pages are common), then the body
//! is walked in document order: block elements become lines, data tables become grids with their
//! row and column spans placed on the real grid. Portal chrome (scripts, styles, navigation) is
//! skipped; what remains of it is harmless, the recogniser finds the report among it. Tables used
//! for page layout (holding other tables or whole paragraphs) are read as blocks, not as grids, so
//! the report's tables inside them keep their structure.

use super::{grid, txt, Block, Document, Grid, GridCell, ReadError};
use crate::source::FileKind;
use ego_tree::NodeRef;
use scraper::{Html, Node};

mod mht;
mod tags;
pub(crate) use mht::is_mime;

pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let text = match mht::page(bytes) {
        Some((page, charset)) => decode_with_hint(&page, charset.as_deref()),
        None => decode(bytes),
    };
    let page = Html::parse_document(&tags::bounded(&text)?);
    let start = body(&page).unwrap_or_else(|| *page.root_element());
    let mut flow = Flow::default();
    flow.children(start, 0);
    flow.flush();
    Ok(Document {
        kind: FileKind::Html,
        blocks: flow.blocks,
        ocr: Vec::new(),
    })
}

// ------------------------------------------------------------------------------------------------
// Decoding

/// Decodes the page: a BOM wins, then a charset declared in a `<meta>` tag, then the guesses plain
/// text gets (UTF-8, else GB18030).
pub fn decode(bytes: &[u8]) -> String {
    decode_with_hint(bytes, None)
}

/// As [`decode`], with the charset a web archive's part header names, used when the page itself
/// declares none.
fn decode_with_hint(bytes: &[u8], hint: Option<&str>) -> String {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return txt::decode(bytes);
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(8192)])
        .or_else(|| hint.and_then(|label| encoding_for_label(label.as_bytes())));
    if let Some(enc) = declared {
        // Pages sometimes declare UTF-8 and are not; trust the bytes over the claim then.
        let declared_utf8_but_is_not =
            enc == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err();
        if !declared_utf8_but_is_not {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return text.into_owned();
        }
    }
    txt::decode(bytes)
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv… content="…; charset=…">`.
fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest = &lower[..];
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..find(tag, b">").unwrap_or(tag.len())];
        if let Some(label) = charset_in(tag) {
            return encoding_for_label(label);
        }
        rest = &rest[at + 5..];
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let after = &tag[find(tag, b"charset")? + b"charset".len()..];
    let after = after.strip_prefix(b"=").or_else(|| {
        let trimmed = after.trim_ascii_start();
        trimmed.strip_prefix(b"=")
    })?;
    let after = after.trim_ascii_start();
    let after = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    let end = after
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(after.len());
    Some(&after[..end]).filter(|l| !l.is_empty())
}

fn encoding_for_label(label: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let enc = encoding_rs::Encoding::for_label(label)?;
    // GB18030 is a superset of GBK and GB2312, and pages labelled with those often use characters
    // only GB18030 has.
    if enc == encoding_rs::GBK {
        return Some(encoding_rs::GB18030);
    }
    // A page read as text cannot really be UTF-16 when its meta tag was readable as ASCII.
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(enc)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ------------------------------------------------------------------------------------------------
// Walking the page

type NodeId<'a> = NodeRef<'a, Node>;

fn body(page: &Html) -> Option<NodeId<'_>> {
    page.tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
}

/// Deeper than this, the page is no longer laid out by a person; its text is kept, its structure
/// is not (and the walk cannot overflow the stack).
const MAX_DEPTH: usize = 200;
/// A cell with more text than this holds page content, not a table value.
const LAYOUT_CELL_CHARS: usize = 200;
/// No report table is wider than this; spans beyond it are clipped.
const MAX_COLUMNS: usize = 1000;

/// Content that is never the report.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "select"
            | "button"
            | "textarea"
            | "input"
            | "head"
            | "title"
            | "canvas"
            | "audio"
            | "video"
            | "map"
    )
}

/// Elements the page hides (portals keep menus and templates in them).
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        style.to_ascii_lowercase().contains("display:none")
    })
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "blockquote"
            | "center"
            | "address"
            | "form"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "hr"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "thead"
            | "tbody"
            | "tfoot"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Blocks in document order, and the line being filled with inline text.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    line: String,
    /// Inside `<pre>`: keep the line breaks and spaces as they are.
    pre: bool,
}

impl Flow {
    fn children(&mut self, node: NodeId<'_>, depth: usize) {
        for child in node.children() {
            super::budget::checkpoint();
            self.node(child, depth + 1);
        }
    }

    fn node(&mut self, node: NodeId<'_>, depth: usize) {
        match node.value() {
            Node::Text(t) => self.text(t),
            Node::Element(e) => {
                let name = e.name();
                if is_skipped(name) || is_hidden(e) {
                    return;
                }
                if depth > MAX_DEPTH {
                    self.flat_text(node);
                    return;
                }
                match name {
                    "br" => self.flush(),
                    "table" => {
                        self.flush();
                        self.table(node, depth);
                    }
                    "pre" => {
                        self.flush();
                        let was = std::mem::replace(&mut self.pre, true);
                        self.children(node, depth);
                        self.flush();
                        self.pre = was;
                    }
                    _ if is_block(name) => {
                        self.flush();
                        self.children(node, depth);
                        self.flush();
                    }
                    _ => self.children(node, depth),
                }
            }
            _ => {}
        }
    }

    /// All text below `node`, without structure, walked without recursion.
    fn flat_text(&mut self, node: NodeId<'_>) {
        for d in node.descendants() {
            if let Node::Text(t) = d.value() {
                self.text(t);
            }
        }
    }

    fn text(&mut self, raw: &str) {
        if self.pre {
            let mut parts = raw.split('\n');
            if let Some(first) = parts.next() {
                self.line.push_str(first.trim_end_matches('\r'));
            }
            for part in parts {
                self.flush();
                self.line.push_str(part.trim_end_matches('\r'));
            }
            return;
        }
        collapse_into(&mut self.line, raw);
    }

    /// Ends the current line; blank lines carry nothing on a web page and are dropped.
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.replace('\u{a0}', " ");
        let line = line.trim();
        if !line.is_empty() {
            self.blocks.push(Block::Line(super::Line {
                text: line.to_string(),
                page: None,
            }));
        }
    }

    fn table(&mut self, table: NodeId<'_>, depth: usize) {
        let rows = table_rows(table);
        for caption in table
            .children()
            .filter(|c| element_name(*c) == Some("caption"))
        {
            self.children(caption, depth);
            self.flush();
        }
        if is_layout(table, &rows) {
            for row in &rows {
                for cell in cells_of(*row) {
                    self.children(cell, depth + 1);
                    self.flush();
                }
            }
            return;
        }
        let grid = self.grid(&rows, depth);
        self.blocks.push(Block::Table(grid));
    }

    /// Places each cell on the real grid: a cell starts at the first column of its row that no
    /// row span from above still occupies.
    fn grid(&self, rows: &[NodeId<'_>], depth: usize) -> Grid {
        let mut grid = Grid::default();
        // Column → first row index no longer covered by a cell above.
        let mut busy_until: Vec<usize> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut out = Vec::new();
            let mut col = 0;
            for cell in cells_of(*row) {
                while busy_until.get(col).is_some_and(|until| *until > r) {
                    col += 1;
                }
                if col >= MAX_COLUMNS {
                    break;
                }
                let colspan = span(cell, "colspan").clamp(1, MAX_COLUMNS - col);
                let remaining = rows.len() - r;
                let rowspan = match span(cell, "rowspan") {
                    0 => remaining,
                    n => n.min(remaining),
                };
                if busy_until.len() < col + colspan {
                    busy_until.resize(col + colspan, 0);
                }
                for until in &mut busy_until[col..col + colspan] {
                    *until = r + rowspan;
                }
                out.push(GridCell {
                    text: cell_text(cell, depth),
                    row: r,
                    col,
                    rowspan,
                    colspan,
                });
                col += colspan;
            }
            grid.rows.push(out);
        }
        grid
    }
}

/// Appends HTML text with its white space collapsed the way a browser shows it. A line break
/// between two Chinese characters is dropped rather than shown as a space: editors wrap long
/// lines in the source, and "政府信息 公开" would no longer match its label.
fn collapse_into(line: &mut String, raw: &str) {
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_whitespace() {
            line.push(c);
            continue;
        }
        let mut newline = c == '\n' || c == '\r';
        while let Some(&next) = chars.peek() {
            if !next.is_ascii_whitespace() {
                break;
            }
            newline |= next == '\n' || next == '\r';
            chars.next();
        }
        let before_wide = line.chars().last().is_some_and(|p| !p.is_ascii());
        let after_wide = chars.peek().is_some_and(|n| !n.is_ascii());
        if newline && before_wide && after_wide {
            continue;
        }
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
    }
}

fn element_name<'a>(node: NodeId<'a>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

/// The table's own rows, also those inside thead/tbody/tfoot, but not a nested table's.
fn table_rows(table: NodeId<'_>) -> Vec<NodeId<'_>> {
    let mut rows = Vec::new();
    for child in table.children() {
        match element_name(child) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => {
                rows.extend(child.children().filter(|c| element_name(*c) == Some("tr")))
            }
            _ => {}
        }
    }
    rows
}

fn cells_of(row: NodeId<'_>) -> impl Iterator<Item = NodeId<'_>> {
    row.children()
        .filter(|c| matches!(element_name(*c), Some("td" | "th")))
}

/// A table that lays out the page rather than holding values: it contains another table, has a
/// single cell, or a cell holds a whole paragraph of text.
fn is_layout(table: NodeId<'_>, rows: &[NodeId<'_>]) -> bool {
    let nested = table
        .descendants()
        .skip(1)
        .any(|d| element_name(d) == Some("table"));
    if nested {
        return true;
    }
    let cells: Vec<NodeId<'_>> = rows.iter().flat_map(|r| cells_of(*r)).collect();
    if cells.len() == 1 {
        return true;
    }
    cells.iter().any(|c| text_chars(*c) > LAYOUT_CELL_CHARS)
}

/// Visible characters below `node`, counting no further than just past the layout limit.
fn text_chars(node: NodeId<'_>) -> usize {
    let mut count = 0;
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            count += t.chars().filter(|c| !c.is_whitespace()).count();
            if count > LAYOUT_CELL_CHARS {
                break;
            }
        }
    }
    count
}

/// A span attribute's leading number (`"2"`, `" 2 "`, `"2px"` all give 2); 1 when missing.
fn span(cell: NodeId<'_>, name: &str) -> usize {
    let Some(value) = cell.value().as_element().and_then(|e| e.attr(name)) else {
        return 1;
    };
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return 1;
    }
    // Browsers cap row spans at 65534; larger numbers are clipped to the table anyway.
    digits.parse::<usize>().unwrap_or(65534).min(65534)
}

/// A cell's text: its blocks as lines joined by newlines; a table inside it flattened to text.
fn cell_text(cell: NodeId<'_>, depth: usize) -> String {
    let mut inner = Flow::default();
    inner.children(cell, depth + 1);
    inner.flush();
    let mut lines = Vec::new();
    for block in inner.blocks {
        match block {
            Block::Line(l) => lines.push(l.text),
            Block::Table(g) => lines.extend(grid::flatten(&g)),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::grid::tests::{fixture, lines, placed, tables};

    #[test]
    fn reads_a_gbk_page_with_placed() {
        let bytes = fixture("gbk.html");
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the fixture really is GBK"
        );
        let doc = read(&bytes).expect("readable");
        assert_eq!(doc.kind, FileKind::Html);
        assert_eq!(
            lines(&doc),
            vec![
                "某县2023年政府信息公开工作年度报告",
                "一、总体情况",
                "本年新收申请2件。",
                "第二行",
                "五、存在的主要问题及改进情况"
            ]
        );
        assert!(
            matches!(doc.blocks[4], Block::Table(_)),
            "the table stays between its paragraphs"
        );
        assert_eq!(
            placed(tables(&doc)[0]),
            vec![
                vec![
                    ("申请人", 0, 0, 2, 1),
                    ("申请人情况", 0, 1, 1, 3),
                    ("总计", 0, 4, 2, 1)
                ],
                vec![
                    ("自然人", 1, 1, 1, 1),
                    ("商业企业", 1, 2, 1, 1),
                    ("其他", 1, 3, 1, 1)
                ],
                vec![
                    ("一、本年新收", 2, 0, 1, 1),
                    ("2", 2, 1, 1, 1),
                    ("0", 2, 2, 1, 1),
                    ("1", 2, 3, 1, 1),
                    ("3", 2, 4, 1, 1)
                ],
            ]
        );
    }

    #[test]
    fn charsets_are_found_in_either_meta_form() {
        let text = "<html><head><meta charset='GBK'></head><body><p>政府信息公开</p></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(lines(&read(&gbk).expect("readable")), vec!["政府信息公开"]);
        let big5 = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset = big5\"><p>政府資訊</p>";
        let (bytes, _, _) = encoding_rs::BIG5.encode(big5);
        assert_eq!(lines(&read(&bytes).expect("readable")), vec!["政府資訊"]);
    }

    #[test]
    fn undeclared_pages_are_guessed_and_a_false_utf8_claim_is_ignored() {
        let text = "<html><body><p>年度报告</p></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(lines(&read(&gbk).expect("readable")), vec!["年度报告"]);
        let lying = "<meta charset=\"utf-8\"><p>年度报告</p>";
        let (gbk, _, _) = encoding_rs::GBK.encode(lying);
        assert_eq!(lines(&read(&gbk).expect("readable")), vec!["年度报告"]);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<meta charset=gbk><p>年度报告</p>".as_bytes());
        assert_eq!(lines(&read(&bom).expect("readable")), vec!["年度报告"]);
    }

    #[test]
    fn spans_place_cells_on_the_real_grid() {
        // Table 4's header: a cell spanning three rows, then cells spanning columns.
        let page = r#"<table>
            <tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
            <tr><td rowspan="2">维持</td><td rowspan="2">纠正</td><td rowspan="2">其他</td><td rowspan="2">尚未审结</td>
                <td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
            <tr><td>维持</td><td>纠正</td><td>其他</td><td>尚未审结</td><td>总计</td>
                <td>维持</td><td>纠正</td><td>其他</td><td>尚未审结</td><td>总计</td></tr>
            <tr><td>0</td><td rowspan="0">9</td></tr>
            <tr><td>1</td></tr>
          </table>"#;
        let doc = read(page.as_bytes()).expect("readable");
        let grid = tables(&doc)[0];
        assert_eq!(grid.rows[0][1].col, 5);
        assert_eq!(grid.rows[1][5].col, 5);
        assert_eq!((grid.rows[1][6].col, grid.rows[1][6].colspan), (10, 5));
        let cols: Vec<usize> = grid.rows[2].iter().map(|c| c.col).collect();
        assert_eq!(cols, (5..15).collect::<Vec<_>>());
        // rowspan="0" runs to the end of the table, and never past it.
        assert_eq!((grid.rows[3][1].col, grid.rows[3][1].rowspan), (1, 2));
        assert_eq!(grid.rows[4][0].col, 0);
    }

    #[test]
    fn overlapping_and_huge_spans_stay_bounded() {
        let page = r#"<table><tr><td rowspan="99999999" colspan="99999999">甲</td><td>乙</td></tr>
            <tr><td>丙</td></tr></table>"#;
        let doc = read(page.as_bytes()).expect("readable");
        let grid = tables(&doc)[0];
        assert_eq!(
            (grid.rows[0][0].rowspan, grid.rows[0][0].colspan),
            (2, MAX_COLUMNS)
        );
        assert_eq!(grid.rows[0].len(), 1, "no room is left for 乙");
        assert!(grid.rows[1].is_empty());
    }

    #[test]
    fn layout_tables_are_read_as_blocks_and_inner_tables_as_grids() {
        let page = r#"<body><table><tr><td><a href="/">首页</a></td><td>
            <p>三、收到和处理政府信息公开申请情况</p>
            <table><tr><td>自然人</td><td>法人</td></tr><tr><td>2</td><td>0</td></tr></table>
            </td></tr></table></body>"#;
        let doc = read(page.as_bytes()).expect("readable");
        assert_eq!(
            lines(&doc),
            vec!["首页", "三、收到和处理政府信息公开申请情况"]
        );
        let grid = tables(&doc)[0];
        assert_eq!(placed(grid)[1], vec![("2", 1, 0, 1, 1), ("0", 1, 1, 1, 1)]);
        let long = format!(
            "<table><tr><td>左栏</td><td>{}</td></tr></table>",
            "正文".repeat(150)
        );
        let doc = read(long.as_bytes()).expect("readable");
        assert!(tables(&doc).is_empty());
        assert_eq!(lines(&doc).len(), 2);
    }

    #[test]
    fn noise_is_skipped_and_white_space_collapsed() {
        let page = "<html><head><title>标题</title><style>p{}</style></head><body>
            <nav>导航</nav><script>var a = '脚本';</script><div style='DISPLAY: none'>隐藏</div><p hidden>藏</p>
            <p>政府信息\n   公开 &nbsp;工作   年度\n报告 2023</p><div>甲<br/>乙<span>丙</span></div>
            <pre>第一行\n  第二行</pre></body></html>";
        let doc = read(page.as_bytes()).expect("readable");
        assert_eq!(
            lines(&doc),
            vec![
                "政府信息公开  工作 年度报告 2023",
                "甲",
                "乙丙",
                "第一行",
                "第二行"
            ]
        );
    }

    #[test]
    fn cell_text_keeps_its_lines_and_flattens_inner_tables() {
        let page = "<table><tr><td><p>一、本年新收</p><p>申请数量</p></td><td>2</td></tr></table>";
        let doc = read(page.as_bytes()).expect("readable");
        assert_eq!(tables(&doc)[0].rows[0][0].text, "一、本年新收\n申请数量");
    }

    #[test]
    fn word_web_archives_are_read_as_their_page() {
        let page = "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"></head>\
            <body><p class=MsoNormal>年度报告</p><table><tr><td rowspan=2>甲</td><td>1</td></tr>\
            <tr><td>2</td></tr></table></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        // Quoted-printable as Word writes it: escaped bytes, lines wrapped with soft breaks.
        let mut qp = String::new();
        for (i, b) in gbk.iter().enumerate() {
            if *b >= 0x80 || *b == b'=' {
                qp.push_str(&format!("={b:02X}"));
            } else {
                qp.push(*b as char);
            }
            if i % 50 == 49 {
                qp.push_str("=\r\n");
            }
        }
        let archive = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n\
             ------=_NextPart_01\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\n\r\n{qp}\r\n------=_NextPart_01--\r\n"
        );
        let doc = read(archive.as_bytes()).expect("readable");
        assert_eq!(lines(&doc), vec!["年度报告"]);
        assert_eq!(
            placed(tables(&doc)[0]),
            vec![
                vec![("甲", 0, 0, 2, 1), ("1", 0, 1, 1, 1)],
                vec![("2", 1, 1, 1, 1)]
            ]
        );
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = format!(
            "{}深处{}",
            "<div><span>".repeat(5000),
            "</span></div>".repeat(5000)
        );
        let doc = read(deep.as_bytes()).expect("readable");
        assert_eq!(lines(&doc), vec!["深处"]);
        let noise: Vec<u8> = (0..20000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(read(&noise).is_ok());
        assert!(read(b"<table><tr><td rowspan=x colspan=-3>a</table><td>b").is_ok());
    }
}
