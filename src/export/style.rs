//! The cell formats every sheet shares, the colours that mark failed and edited cells, and column
//! widths that fit Chinese text (rust_xlsxwriter's autofit counts a Chinese character as narrow).
//! To change a shade, change it here.

use crate::format::ValueKind;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Worksheet};

/// The font of every cell we write: present on every Chinese Windows and in WPS.
pub const FONT: &str = "宋体";

/// Fill of a cell that failed a check (Excel's own "bad" red).
pub const ERROR_FILL: u32 = 0xFFC7CE;
pub const ERROR_TEXT: u32 = 0x9C0006;
/// Fill of a cell with a warning (Excel's "neutral" yellow).
pub const WARNING_FILL: u32 = 0xFFEB9C;
pub const WARNING_TEXT: u32 = 0x9C5700;
/// Font colour of a value the user changed by hand.
pub const EDITED_TEXT: u32 = 0x1F4E9E;
const HEADER_FILL: u32 = 0xDDEBF7;
const TOTAL_FILL: u32 = 0xF2F2F2;

pub const PAPER_A4: u8 = 9;

/// Points per printed line of 11-point text, for row heights of wrapped cells (Excel needs about
/// 14.25 with 宋体; LibreOffice with Noto CJK needs about 16.5).
const LINE_HEIGHT: f64 = 17.0;

/// How a cell is marked by the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    None,
    Warning,
    Error,
}

impl Mark {
    fn index(self) -> usize {
        self as usize
    }
}

/// Every format the sheets use, made once (rust_xlsxwriter hashes each format it is given, so
/// building them per cell would cost time with a thousand reports).
pub struct Styles {
    pub title: Format,
    pub info: Format,
    pub info_wrap: Format,
    pub header: Format,
    pub caption: Format,
    pub label: Format,
    /// A bordered cell on one line (file names).
    pub cell: Format,
    pub centered: Format,
    pub total_label: Format,
    pub link: [Format; 3],
    text: [Format; 3],
    /// [amount?][mark][edited?]
    values: [[[Format; 2]; 3]; 2],
    totals: [Format; 2],
    pub date: Format,
    pub legend_edited: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter)
}

fn boxed() -> Format {
    base().set_border(FormatBorder::Thin)
}

fn with_mark(f: Format, mark: Mark) -> Format {
    match mark {
        Mark::None => f,
        Mark::Warning => f
            .set_background_color(Color::RGB(WARNING_FILL))
            .set_font_color(Color::RGB(WARNING_TEXT)),
        // Bold too: on a black-and-white print the red and the yellow fill are two close greys.
        Mark::Error => f
            .set_bold()
            .set_background_color(Color::RGB(ERROR_FILL))
            .set_font_color(Color::RGB(ERROR_TEXT)),
    }
}

/// The number format of a kind of value: amounts are 万元, printed with two decimals as official
/// tables do; counts are whole. Every sheet writing a value takes it from here.
pub fn number_format(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Amount => "0.00",
        ValueKind::Count | ValueKind::Change => "0",
    }
}

fn amount_kind(amount: bool) -> ValueKind {
    if amount {
        ValueKind::Amount
    } else {
        ValueKind::Count
    }
}

fn value_format(amount: bool, mark: Mark, edited: bool) -> Format {
    let f = with_mark(
        boxed()
            .set_num_format(number_format(amount_kind(amount)))
            .set_align(FormatAlign::Right),
        mark,
    );
    if edited {
        // Blue italic reads as "typed in by hand" and survives black-and-white printing as italic.
        f.set_italic().set_font_color(Color::RGB(EDITED_TEXT))
    } else {
        f
    }
}

impl Styles {
    pub fn new() -> Styles {
        let marks = [Mark::None, Mark::Warning, Mark::Error];
        let values = [false, true]
            .map(|amount| marks.map(|m| [false, true].map(|e| value_format(amount, m, e))));
        let text = marks.map(|m| with_mark(boxed().set_text_wrap(), m));
        let link = marks.map(|m| {
            with_mark(
                boxed().set_underline(rust_xlsxwriter::FormatUnderline::Single),
                m,
            )
            .set_font_color(match m {
                Mark::None => Color::RGB(0x0563C1),
                Mark::Warning => Color::RGB(WARNING_TEXT),
                Mark::Error => Color::RGB(ERROR_TEXT),
            })
        });
        let total = boxed()
            .set_bold()
            .set_background_color(Color::RGB(TOTAL_FILL));
        Styles {
            title: base().set_bold().set_font_size(14),
            info: base(),
            info_wrap: base().set_text_wrap(),
            header: boxed()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(HEADER_FILL)),
            caption: base().set_bold().set_font_size(12),
            label: boxed().set_text_wrap(),
            cell: boxed(),
            centered: boxed().set_align(FormatAlign::Center),
            total_label: total.clone(),
            link,
            text,
            values,
            totals: [false, true].map(|a| {
                total
                    .clone()
                    .set_num_format(number_format(amount_kind(a)))
                    .set_align(FormatAlign::Right)
            }),
            date: boxed()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            legend_edited: boxed().set_italic().set_font_color(Color::RGB(EDITED_TEXT)),
        }
    }

    pub fn value(&self, kind: ValueKind, mark: Mark, edited: bool) -> &Format {
        let amount = kind == ValueKind::Amount;
        &self.values[amount as usize][mark.index()][edited as usize]
    }

    pub fn text(&self, mark: Mark) -> &Format {
        &self.text[mark.index()]
    }

    pub fn total(&self, kind: ValueKind) -> &Format {
        &self.totals[(kind == ValueKind::Amount) as usize]
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// Width of a text in Excel's width units (one unit ≈ the digit `0`): Chinese and full-width
/// characters take two.
pub fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|line| line.chars().map(char_width).sum::<f64>())
        .fold(0.0, f64::max)
}

fn char_width(c: char) -> f64 {
    match c {
        // Curly quotes, dashes and the ellipsis are full width in Chinese fonts (宋体): the
        // findings' messages are full of “…”, and counting them narrow cut lines off.
        '\u{2014}'
        | '\u{2018}'..='\u{201F}'
        | '\u{2026}'
        | '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}' => 2.0,
        _ => 1.1,
    }
}

/// How many printed lines a text needs in a wrapped cell of `width` units.
pub fn lines_needed(s: &str, width: f64) -> u32 {
    let usable = (width - 1.0).max(2.0);
    s.lines()
        .map(|line| {
            let w = line.chars().map(char_width).sum::<f64>();
            (w / usable).ceil().max(1.0) as u32
        })
        .sum::<u32>()
        .max(1)
}

/// Row height in points for a number of lines.
pub fn height_for_lines(lines: u32) -> f64 {
    LINE_HEIGHT * f64::from(lines.max(1)) + 3.0
}

/// A row of one line of 11-point text in a table: as LibreOffice sizes it with Noto CJK (Excel
/// needs 14.25 with 宋体).
pub const ONE_LINE_PT: f64 = 16.0;
/// Excel's height of a row nothing was written to.
pub const DEFAULT_ROW_PT: f64 = 15.0;

/// The height a table row of `lines` lines is given: one line as [`ONE_LINE_PT`], more as
/// [`height_for_lines`].
pub fn row_height(lines: u32) -> f64 {
    if lines > 1 {
        height_for_lines(lines)
    } else {
        ONE_LINE_PT
    }
}

/// Collects the widest text of each column, then sets the widths.
#[derive(Debug, Default)]
pub struct ColumnWidths {
    widths: Vec<f64>,
}

impl ColumnWidths {
    pub fn fit(&mut self, col: u16, text: &str) {
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0.0);
        }
        self.widths[col] = self.widths[col].max(text_width(text));
    }

    /// The width a column gets: its widest text plus padding, within `min..=max`.
    pub fn width(&self, col: u16, min: f64, max: f64) -> f64 {
        let w = self.widths.get(usize::from(col)).copied().unwrap_or(0.0);
        (w + 2.0).clamp(min, max)
    }
}

/// A note (Excel 批注) sized for its text.
pub fn note(text: &str) -> Note {
    let lines = lines_needed(text, 30.0);
    Note::new(text)
        .set_author("年报核查")
        .add_author_prefix(false)
        .set_font_name(FONT)
        .set_font_size(10)
        .set_width(260)
        .set_height(20 + 16 * lines.min(30))
}

/// The size of the text of every cell (titles and captions are larger).
pub const FONT_PT: f64 = 11.0;
/// The smallest printed text we allow (issue 22: an A4 print must be readable).
pub const MIN_PRINTED_PT: f64 = 9.0;

/// A4 in points, and the margins [`print_setup`] sets (inches; the page header and footer sit
/// in the top and bottom margins).
const A4_PT: (f64, f64) = (595.28, 841.89);
const SIDE_MARGIN: f64 = 0.4;
const TOP_MARGIN: f64 = 0.5;
const BOTTOM_MARGIN: f64 = 0.5;

/// How a sheet is turned on the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    /// The printable width and height of an A4 page (pt), inside the margins.
    pub fn printable(self) -> (f64, f64) {
        let (w, h) = match self {
            Orientation::Portrait => A4_PT,
            Orientation::Landscape => (A4_PT.1, A4_PT.0),
        };
        (
            w - 2.0 * SIDE_MARGIN * 72.0,
            h - (TOP_MARGIN + BOTTOM_MARGIN) * 72.0,
        )
    }
}

/// How wide a column of `width` Excel units prints at 100 %, in pt: rust_xlsxwriter stores
/// round(7 × width) + 5 pixels (7 px is the digit of the default font, Calibri 11; Excel and
/// LibreOffice both size columns by it), and a pixel is 0.75 pt.
pub fn column_points(width: f64) -> f64 {
    ((width * 7.0).round() + 5.0) * 0.75
}

/// The whole percentage Excel and LibreOffice print at when a sheet of columns `widths` is
/// fitted to one page wide: the largest that fits, never above 100.
pub fn fit_scale(widths: &[f64], o: Orientation) -> u16 {
    let total: f64 = widths.iter().copied().map(column_points).sum();
    if total <= 0.0 {
        return 100;
    }
    ((o.printable().0 / total * 100.0).floor() as u16).min(100)
}

/// The smallest scale (percent) at which [`FONT_PT`] text prints at [`MIN_PRINTED_PT`] or
/// more: 82 %.
pub fn min_scale() -> u16 {
    (MIN_PRINTED_PT / FONT_PT * 100.0).ceil() as u16
}

/// The size text of `font_pt` prints at when the sheet is printed at `scale` percent.
#[cfg(test)]
pub fn printed_pt(font_pt: f64, scale: u16) -> f64 {
    font_pt * f64::from(scale) / 100.0
}

/// How a sheet is scaled on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Fitted to one page wide, as many pages tall as needed. Only for sheets without manual page
    /// breaks: Excel ignores manual breaks on a sheet fitted to pages.
    Width,
    /// A fixed percentage: for sheets whose tables start pages of their own (manual breaks) and
    /// for sheets printed across several pages.
    Scale(u16),
}

/// Print setup shared by every sheet: A4, the sheet's name in the page header, page numbers in
/// the footer. Each sheet chooses its orientation and scale so that its text prints at
/// [`MIN_PRINTED_PT`] or more (see [`fit_scale`]); fitting a wide sheet to one page would shrink
/// its text silently.
pub fn print_setup(ws: &mut Worksheet, header: &str, o: Orientation, fit: Fit) {
    match o {
        Orientation::Portrait => ws.set_portrait(),
        Orientation::Landscape => ws.set_landscape(),
    };
    ws.set_paper_size(PAPER_A4);
    match fit {
        Fit::Width => ws.set_print_fit_to_pages(1, 0),
        Fit::Scale(scale) => ws.set_print_scale(scale.clamp(10, 400)),
    };
    ws.set_margins(
        SIDE_MARGIN,
        SIDE_MARGIN,
        TOP_MARGIN,
        BOTTOM_MARGIN,
        0.3,
        0.3,
    );
    let header = header.replace('&', "&&");
    ws.set_header(format!("&C&\"{FONT},Regular\"{header}"));
    ws.set_footer(format!("&C&\"{FONT},Regular\"第 &P 页，共 &N 页"));
}

/// Where to break a sheet of stacked blocks (tables, lists) into pages: each block starts a
/// new page when it does not fit in what is left of the current one, so that a table never
/// splits when it fits on a page. `blocks` are (first row, height in pt at 100 %); returns the
/// rows to break before. `page` is the printable height at 100 % (pt).
pub fn block_breaks(blocks: &[(u32, f64)], page: f64) -> Vec<u32> {
    let mut out = Vec::new();
    let mut used = 0.0;
    for (i, &(row, h)) in blocks.iter().enumerate() {
        if i > 0 && used + h > page {
            out.push(row);
            used = 0.0;
        }
        used += h;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(text_width("自然人"), 6.0);
        assert!((text_width("ab") - 2.2).abs() < 1e-9);
        assert_eq!(text_width("总计\n自然人"), 6.0);
        assert_eq!(text_width("“总计”…"), 10.0);
    }

    #[test]
    fn long_text_needs_more_lines() {
        assert_eq!(lines_needed("自然人", 10.0), 1);
        assert_eq!(lines_needed(&"政".repeat(20), 11.0), 4);
        assert_eq!(lines_needed("a\nb", 10.0), 2);
    }

    #[test]
    fn scales_follow_the_columns() {
        // 7 × 10 + 5 px = 75 px = 56.25 pt.
        assert_eq!(column_points(10.0), 56.25);
        let (w, h) = Orientation::Landscape.printable();
        assert!((w - 784.29).abs() < 0.01 && (h - 523.28).abs() < 0.01);
        assert_eq!(fit_scale(&[10.0], Orientation::Landscape), 100);
        // 20 columns of 10: 1,125 pt on a 784 pt line.
        assert_eq!(fit_scale(&[10.0; 20], Orientation::Landscape), 69);
        assert_eq!(fit_scale(&[10.0; 20], Orientation::Portrait), 47);
        assert_eq!(min_scale(), 82);
        assert!(printed_pt(FONT_PT, min_scale()) >= MIN_PRINTED_PT);
        assert!(printed_pt(FONT_PT, min_scale() - 1) < MIN_PRINTED_PT);
    }

    #[test]
    fn blocks_start_a_page_when_they_do_not_fit() {
        let page = 500.0;
        assert_eq!(
            block_breaks(&[(0, 100.0), (10, 300.0)], page),
            Vec::<u32>::new()
        );
        assert_eq!(
            block_breaks(&[(0, 100.0), (10, 450.0), (40, 40.0)], page),
            vec![10]
        );
        // A block taller than a page breaks inside (nothing better to do) and the next starts fresh.
        assert_eq!(block_breaks(&[(0, 600.0), (40, 10.0)], page), vec![40]);
    }

    #[test]
    fn widths_are_clamped_and_padded() {
        let mut w = ColumnWidths::default();
        w.fit(2, "红寺堡区红寺堡镇人民政府");
        assert_eq!(w.width(2, 8.0, 60.0), 26.0);
        assert_eq!(w.width(2, 8.0, 20.0), 20.0);
        assert_eq!(w.width(0, 8.0, 20.0), 8.0);
    }
}
