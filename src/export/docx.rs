//! Word documents in the shape of a 公文 (GB/T 9704, simplified): A4, title in bold 宋体 二号,
//! body in 仿宋 三号 with a two-character first-line indent, 黑体/楷体 for the two heading
//! levels, page numbers at the foot. Written with docx-rs; the 整改通知 (notice.rs) and the
//! 核查情况通报 (bulletin.rs) are made of these paragraphs only, so both look alike.

use super::ExportError;
use crate::format::layout::{ColumnRole, Content, TableLayout};
use crate::format::CellDef;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, ShdType, SpecialIndentType, Table, TableCell, TableRow,
    VAlignType, VMergeType, WidthType,
};
use std::collections::HashMap;

/// Sizes in half-points, as Word counts them.
const TITLE_SIZE: usize = 44; // 二号, 22 pt
const BODY_SIZE: usize = 32; // 三号, 16 pt
const SMALL_SIZE: usize = 28; // 四号, 14 pt
const TABLE_SIZE: usize = 24; // 小四, 12 pt
const GRID_SIZE: usize = 18; // 小五, 9 pt: the statutory tables, as wide as the page allows
/// The width of the text on the page: A4 less the left and right margins.
const TEXT_WIDTH: usize = 11_906 - 1_587 - 1_474;
/// The shade behind a cell to fix: light enough for the text, kept by a grey print.
const MARK_FILL: &str = "D9D9D9";
/// A4 in twentieths of a point, and the 公文's margins (37, 35, 28, 26 mm).
const A4: (u32, u32) = (11_906, 16_838);
const MARGINS: (i32, i32, i32, i32) = (2_098, 1_984, 1_587, 1_474);
/// Fixed line pitch of the body: 28 pt, as 公文 are set (22 lines a page).
const LINE: i32 = 560;

const TITLE_FONT: &str = "宋体";
const BODY_FONT: &str = "仿宋";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体";

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
}

/// A document being written.
pub struct Doc {
    docx: Docx,
}

impl Default for Doc {
    fn default() -> Self {
        Doc::new()
    }
}

impl Doc {
    /// An empty A4 document with page numbers (第 N 页 共 M 页) at the foot.
    pub fn new() -> Doc {
        let (top, bottom, left, right) = MARGINS;
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("第 ", BODY_FONT, SMALL_SIZE))
                .add_page_num(PageNum::new())
                .add_run(run(" 页 共 ", BODY_FONT, SMALL_SIZE))
                .add_num_pages(NumPages::new())
                .add_run(run(" 页", BODY_FONT, SMALL_SIZE)),
        );
        let docx = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(
                PageMargin::new()
                    .top(top)
                    .bottom(bottom)
                    .left(left)
                    .right(right)
                    .header(851)
                    .footer(992),
            )
            .default_fonts(fonts(BODY_FONT))
            .default_size(BODY_SIZE)
            .footer(footer);
        Doc { docx }
    }

    fn add(mut self, p: Paragraph) -> Doc {
        self.docx = self.docx.add_paragraph(p);
        self
    }

    /// The title: centred, bold, with a blank line after it.
    pub fn title(self, text: &str) -> Doc {
        let doc = self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(700),
                )
                .add_run(run(text, TITLE_FONT, TITLE_SIZE).bold()),
        );
        doc.blank()
    }

    /// An empty body line.
    pub fn blank(self) -> Doc {
        self.add(
            Paragraph::new()
                .line_spacing(spacing())
                .add_run(run("", BODY_FONT, BODY_SIZE)),
        )
    }

    /// A line flush left (the addressee: `红寺堡镇人民政府：`).
    pub fn flush(self, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .line_spacing(spacing())
                .add_run(run(text, BODY_FONT, BODY_SIZE)),
        )
    }

    /// A body paragraph, first line indented by two characters.
    pub fn para(self, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Both)
                .line_spacing(spacing())
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .add_run(run(text, BODY_FONT, BODY_SIZE)),
        )
    }

    /// A body paragraph whose first words are bold (`（一）数据不准。` and what follows).
    pub fn para_led(self, lead: &str, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Both)
                .line_spacing(spacing())
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .add_run(run(lead, SUBHEADING_FONT, BODY_SIZE).bold())
                .add_run(run(text, BODY_FONT, BODY_SIZE)),
        )
    }

    /// A first-level heading (`一、需要改正的问题`), indented like the body, in 黑体.
    pub fn heading(self, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .line_spacing(spacing())
                .keep_next(true)
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .add_run(run(text, HEADING_FONT, BODY_SIZE)),
        )
    }

    /// A smaller body paragraph (四号), for the list of 提醒 after the errors.
    pub fn small(self, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Both)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(460),
                )
                .indent(None, Some(SpecialIndentType::FirstLine(560)), None, None)
                .add_run(run(text, BODY_FONT, SMALL_SIZE)),
        )
    }

    /// The signature block: the office and the date, flush right, after a blank line; the two
    /// lines kept on one page.
    pub fn signature(self, office: &str, date: &str) -> Doc {
        let right = |text: &str| {
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(spacing())
                .indent(None, None, Some(1280), None)
                .add_run(run(text, BODY_FONT, BODY_SIZE))
        };
        // The signature never stands on a page of its own: it keeps with the last paragraph.
        let mut doc = self;
        let children = &mut doc.docx.document.children;
        if let Some(docx_rs::DocumentChild::Paragraph(p)) = children.last_mut() {
            **p = (**p).clone().keep_next(true);
        }
        let blank = Paragraph::new()
            .line_spacing(spacing())
            .keep_next(true)
            .add_run(run("", BODY_FONT, BODY_SIZE));
        doc.add(blank)
            .add(right(office).keep_next(true))
            .add(right(date))
    }

    /// A bordered table of text, the first row bold (a header); widths in characters of 小四.
    pub fn table(mut self, widths: &[usize], rows: &[Vec<String>]) -> Doc {
        // 12 pt = 240 twips a character, plus cell padding.
        let twips: Vec<usize> = widths.iter().map(|w| w * 240 + 200).collect();
        let trs: Vec<TableRow> = rows
            .iter()
            .enumerate()
            .map(|(y, row)| {
                let cells = row
                    .iter()
                    .zip(&twips)
                    .map(|(text, &w)| {
                        let r = run(text, BODY_FONT, TABLE_SIZE);
                        let r = if y == 0 { r.bold() } else { r };
                        TableCell::new()
                            .width(w, WidthType::Dxa)
                            .add_paragraph(Paragraph::new().add_run(r))
                    })
                    .collect();
                let tr = TableRow::new(cells).cant_split();
                if y == 0 {
                    tr.row_height(400.0)
                } else {
                    tr
                }
            })
            .collect();
        self.docx = self.docx.add_table(Table::new(trs).set_grid(twips));
        self
    }

    /// A page break.
    pub fn page_break(self) -> Doc {
        self.add(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)))
    }

    /// The line above a table (its title), bold, kept with the table.
    pub fn caption(self, text: &str) -> Doc {
        self.add(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(spacing())
                .add_run(run(text, HEADING_FONT, SMALL_SIZE)),
        )
    }

    /// A table in its official layout (merged headers and row labels as printed), each value
    /// cell as `value` gives it: its text, and whether it is marked (bold on grey: a cell to
    /// fix, which a grey print keeps).
    pub fn official_table(
        mut self,
        layout: &TableLayout,
        value: &dyn Fn(&CellDef) -> (String, bool),
    ) -> Doc {
        let widths = grid_widths(layout);
        let cells: Vec<_> = layout.stacked().collect();
        // Each grid row's cell at each column: the cell starting there, or the one above
        // reaching down over it (first = false).
        let mut at: HashMap<(usize, usize), (usize, bool)> = HashMap::new();
        for (k, c) in cells.iter().enumerate() {
            for y in c.row..=c.last_row() {
                at.insert((y, c.col), (k, y == c.row));
            }
        }
        let mut rows = Vec::new();
        for y in 0..layout.total_rows() {
            let mut tcs = Vec::new();
            let mut x = 0;
            while x < layout.cols() {
                let Some(&(k, first)) = at.get(&(y, x)) else {
                    tcs.push(TableCell::new().width(widths[x], WidthType::Dxa));
                    x += 1;
                    continue;
                };
                let c = &cells[k];
                let width: usize = widths[x..=c.last_col()].iter().sum();
                let mut tc = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .grid_span(c.col_span)
                    .vertical_align(VAlignType::Center);
                if c.row_span > 1 {
                    tc = tc.vertical_merge(if first {
                        VMergeType::Restart
                    } else {
                        VMergeType::Continue
                    });
                }
                // Every row keeps with the next, so a table that fits on a page is not split.
                let keep = y + 1 < layout.total_rows();
                tc = if first {
                    grid_cell(tc, &c.content, value, keep)
                } else {
                    tc.add_paragraph(Paragraph::new().keep_next(keep))
                };
                tcs.push(tc);
                x += c.col_span;
            }
            rows.push(TableRow::new(tcs).cant_split());
        }
        // Narrow cell margins (2 pt), so that 表四's fifteen columns hold `12→10` on one line.
        let margins = docx_rs::TableCellMargins::new()
            .margin_left(40, WidthType::Dxa)
            .margin_right(40, WidthType::Dxa);
        let table = Table::new(rows)
            .set_grid(widths)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .layout(docx_rs::TableLayoutType::Fixed)
            .margins(margins);
        self.docx = self.docx.add_table(table);
        self
    }

    /// The document as the bytes of a .docx file.
    pub fn bytes(self) -> Result<Vec<u8>, ExportError> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.docx
            .build()
            .pack(&mut out)
            .map_err(|e| ExportError::Build(e.to_string()))?;
        Ok(out.into_inner())
    }
}

/// The Chinese numeral of a heading (`一`, `二` …) for 1 ..= 10.
pub fn numeral(n: usize) -> &'static str {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    NUMERALS.get(n.saturating_sub(1)).copied().unwrap_or("十")
}

/// Grid column widths in twips: narrow group columns, values as wide as 表四's fifteen allow
/// (at most five digits wide), the row labels taking the rest.
fn grid_widths(layout: &TableLayout) -> Vec<usize> {
    const GROUP: usize = 460;
    let groups = (0..layout.cols())
        .filter(|&x| layout.column_role(x) == ColumnRole::Group)
        .count();
    let has_label = layout.label_cols > 0;
    let room = TEXT_WIDTH - groups * GROUP - if has_label { 2_600 } else { 0 };
    let value = (room / layout.value_cols.max(1)).min(if has_label { 760 } else { usize::MAX });
    let label = TEXT_WIDTH - groups * GROUP - value * layout.value_cols;
    (0..layout.cols())
        .map(|x| match layout.column_role(x) {
            ColumnRole::Group => GROUP,
            ColumnRole::Label => label,
            ColumnRole::Value => value,
        })
        .collect()
}

/// A cell's paragraph: headers bold and centred, labels left, values centred (marked ones bold
/// on grey).
fn grid_cell(
    tc: TableCell,
    content: &Content,
    value: &dyn Fn(&CellDef) -> (String, bool),
    keep: bool,
) -> TableCell {
    let p = Paragraph::new().keep_next(keep).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Auto)
            .line(240),
    );
    let text = |t: &str| run(t, BODY_FONT, GRID_SIZE);
    match content {
        Content::Header(t) => {
            tc.add_paragraph(p.align(AlignmentType::Center).add_run(text(t).bold()))
        }
        Content::Label(t) => tc.add_paragraph(p.add_run(text(t))),
        Content::Value(d) => {
            let (t, marked) = value(d);
            // A marked cell with nothing in it (unread) says so in a grey print too.
            let t = if marked && t.is_empty() {
                "？".to_string()
            } else {
                t
            };
            let p = p.align(AlignmentType::Center);
            if marked {
                tc.shading(Shading::new().shd_type(ShdType::Clear).fill(MARK_FILL))
                    .add_paragraph(p.add_run(text(&t).bold()))
            } else {
                tc.add_paragraph(p.add_run(text(&t)))
            }
        }
    }
}
