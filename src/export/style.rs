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
        Mark::Error => f
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

/// Print setup shared by every sheet: A4 landscape, one page wide, page numbers in the footer.
pub fn print_setup(ws: &mut Worksheet, header: &str) {
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let header = header.replace('&', "&&");
    ws.set_header(format!("&C&\"{FONT},Regular\"{header}"));
    ws.set_footer(format!("&C&\"{FONT},Regular\"第 &P 页，共 &N 页"));
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
    fn widths_are_clamped_and_padded() {
        let mut w = ColumnWidths::default();
        w.fit(2, "红寺堡区红寺堡镇人民政府");
        assert_eq!(w.width(2, 8.0, 60.0), 26.0);
        assert_eq!(w.width(2, 8.0, 20.0), 20.0);
        assert_eq!(w.width(0, 8.0, 20.0), 8.0);
    }
}
