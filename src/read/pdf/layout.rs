//! Glyph positions → lines of text, with `\t` where a table puts the next cell.
//!
//! Glyphs are grouped by baseline (within a fraction of the font size) and sorted left to right.
//! Between two neighbours goes: one tab per table rule (vertical line) between them, so an empty
//! cell shows as an empty field; else a tab for a gap wider than [`TAB_GAP`] ems (tables drawn
//! without rules); a space for a word gap; nothing between touching glyphs. Rules left of the
//! first glyph (beyond the table's own edge) become leading tabs, so a row under a merged cell
//! keeps its columns, as in a Word table read cell by cell.
//!
//! In a table drawn with rules all round, text is gathered cell by cell first: a label wrapped
//! over two lines and the numbers centred between them come out as one row, and a merged cell
//! appears once, in the row where it starts (the same convention as [`super::super::Grid`]).

use super::content::PageContent;
use super::rules::{Cell, Rules};
use crate::read::furniture::GlyphSpan;
use std::collections::HashMap;

/// A gap this many ems wide separates columns even without a rule.
pub const TAB_GAP: f32 = 1.5;
/// Gaps from this many ems are word spaces between Latin letters or digits…
const WORD_GAP: f32 = 0.2;
/// …between CJK and Latin: word processors set about a fifth of an em there on their own
/// (“autospace”), which is not a space in the text; a typed space is a quarter em or more…
const MIXED_WORD_GAP: f32 = 0.24;
/// …and between CJK characters, which are set solid and only spread by justification.
const CJK_WORD_GAP: f32 = 0.5;
/// Baselines closer than this many ems are one line (a cell's text centred against its
/// neighbours sits a little off their baseline).
const SAME_LINE: f32 = 0.4;
/// A glyph drawn again within this many ems of itself is fake bold, not text.
const DUPLICATE: f32 = 0.3;
/// More tabs than this between two glyphs are not a table any more.
const MAX_TABS: usize = 40;

/// A glyph turned so that its line runs left to right.
#[derive(Debug, Clone, Copy)]
struct Item {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    glyph: usize,
}

impl Item {
    fn centre(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// Rules cross a glyph's middle, not its baseline.
    fn mid(&self) -> f32 {
        self.y + 0.35 * self.size
    }
}

/// The text of one line between two vertical rules (or all of it, when there are none).
#[derive(Debug)]
struct Field {
    text: String,
    /// Which glyph drew each piece of `text`.
    spans: Vec<GlyphSpan>,
    /// Vertical rules between this field and the previous one, or left of it for the first.
    rules_before: usize,
    /// Centres of the first and last glyph, and the first glyph's middle height.
    first: f32,
    last: f32,
    mid: f32,
}

/// Text direction, in quarter turns counter-clockwise.
fn quarter_turns(dx: f32, dy: f32) -> Option<u8> {
    let (ax, ay) = (dx.abs(), dy.abs());
    if ax.max(ay) == 0.0 {
        return Some(0);
    }
    // Diagonal text is a watermark or a stamp, never report content.
    if ax.min(ay) > 0.2 * ax.max(ay) {
        return None;
    }
    Some(match (ax >= ay, dx >= 0.0, dy >= 0.0) {
        (true, true, _) => 0,
        (true, false, _) => 2,
        (false, _, true) => 1,
        (false, _, false) => 3,
    })
}

/// Turns a point by `-turns` quarter turns, so text of that direction runs along +x.
fn turn(turns: u8, x: f32, y: f32) -> (f32, f32) {
    match turns {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// The direction most glyphs on the page run in (a landscape table on a portrait page runs up).
fn dominant_turns(page: &PageContent) -> u8 {
    let mut votes = [0usize; 4];
    for g in &page.glyphs {
        if let Some(t) = quarter_turns(g.dx, g.dy) {
            votes[usize::from(t)] += 1;
        }
    }
    (0..4u8)
        .max_by_key(|&t| (votes[usize::from(t)], std::cmp::Reverse(t)))
        .unwrap_or(0)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Lines of one page, top to bottom. `crop` is the visible page box; glyphs outside it are not
/// shown by viewers, so they are not read either.
#[cfg(test)]
pub fn lines(page: &PageContent, crop: Option<[f32; 4]>) -> Vec<String> {
    placed_lines(page, crop)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

pub use crate::read::furniture::PlacedLine;

/// The reading frame's turn of the page, for callers that compare positions with the page box.
pub fn page_turns(page: &PageContent) -> u8 {
    dominant_turns(page)
}

/// [`lines`] with their positions.
pub fn placed_lines(page: &PageContent, crop: Option<[f32; 4]>) -> Vec<PlacedLine> {
    let turns = dominant_turns(page);
    let mut items = items(page, turns, crop);
    let rules = Rules::new(&page.segments, |x, y| turn(turns, x, y));
    // Top to bottom, then left to right.
    items.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    // Each line with the height it sorts by.
    let mut out: Vec<PlacedLine> = Vec::new();
    let mut table = Table::default();
    let mut start = 0;
    while start < items.len() {
        let first = items[start];
        let mut end = start + 1;
        while end < items.len() {
            let it = items[end];
            if first.y - it.y > SAME_LINE * first.size.min(it.size) {
                break;
            }
            end += 1;
        }
        let line = &mut items[start..end];
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let fields = fields(page, line, &rules);
        if !table.take(&fields, &rules) {
            let (text, glyphs) = loose_line(&fields, &rules);
            if !text.trim().is_empty() {
                let x = line.first().zip(line.last()).map(|(a, b)| (a.x0, b.x1));
                out.push(PlacedLine {
                    text,
                    y: first.y,
                    x,
                    glyphs,
                });
            }
        }
        start = end;
    }
    out.extend(
        table
            .rows(&rules)
            .into_iter()
            .map(|(y, text, glyphs)| PlacedLine {
                text,
                y,
                x: None,
                glyphs,
            }),
    );
    // Stable: lines at one height keep their order.
    out.sort_by(|a, b| b.y.total_cmp(&a.y));
    out
}

fn items(page: &PageContent, turns: u8, crop: Option<[f32; 4]>) -> Vec<Item> {
    let mut items = Vec::with_capacity(page.glyphs.len());
    for (i, g) in page.glyphs.iter().enumerate() {
        if quarter_turns(g.dx, g.dy).is_none() {
            continue;
        }
        if let Some([x0, y0, x1, y1]) = crop {
            let m = g.size;
            if g.x < x0 - m || g.x > x1 + m || g.y < y0 - m || g.y > y1 + m {
                continue;
            }
        }
        let (ax, ay) = turn(turns, g.x, g.y);
        let (bx, _) = turn(turns, g.x + g.dx, g.y + g.dy);
        let (mut x0, mut x1) = (ax.min(bx), ax.max(bx));
        if x1 - x0 < 0.05 * g.size {
            // No width known: assume a full em for CJK, half for the rest.
            let wide = page.glyph_text(g).chars().any(is_cjk);
            x1 = x0 + if wide { g.size } else { 0.5 * g.size };
        }
        if !(x0.is_finite() && x1.is_finite() && ay.is_finite()) {
            continue;
        }
        x0 = x0.min(x1);
        items.push(Item {
            x0,
            x1,
            y: ay,
            size: g.size,
            glyph: i,
        });
    }
    items
}

/// Splits a line (sorted by x) where vertical rules cross it.
fn fields(page: &PageContent, line: &[Item], rules: &Rules) -> Vec<Field> {
    let text_of = |it: &Item| page.glyph_text(&page.glyphs[it.glyph]);
    let mut fields: Vec<Field> = Vec::new();
    let mut prev: Option<&Item> = None;
    for it in line {
        let s = text_of(it);
        let crossed = match prev {
            None => rules.crossings(f32::NEG_INFINITY, it.centre(), it.mid()),
            Some(p) => {
                let p_text = text_of(p);
                if s == p_text && (it.x0 - p.x0).abs() < DUPLICATE * it.size {
                    continue;
                }
                rules.crossings(p.centre(), it.centre(), (p.mid() + it.mid()) / 2.0)
            }
        };
        match (prev, fields.last_mut()) {
            (Some(p), Some(f)) if crossed == 0 => {
                let space = page.glyphs[it.glyph].space_before;
                f.text.extend(gap_separator(p, it, text_of(p), s, space));
                f.spans.push(span(f.text.len(), s, it.glyph));
                f.text.push_str(s);
                f.last = it.centre();
            }
            _ => fields.push(Field {
                text: s.to_string(),
                spans: vec![span(0, s, it.glyph)],
                rules_before: crossed,
                first: it.centre(),
                last: it.centre(),
                mid: it.mid(),
            }),
        }
        prev = Some(it);
    }
    fields
}

fn span(at: usize, s: &str, glyph: usize) -> GlyphSpan {
    GlyphSpan {
        start: at as u32,
        end: (at + s.len()) as u32,
        glyph: glyph as u32,
    }
}

/// A line outside a ruled table: its fields with one tab per rule between them.
fn loose_line(fields: &[Field], rules: &Rules) -> (String, Vec<GlyphSpan>) {
    let mut text = String::new();
    let mut glyphs = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        // Left of the first field, the table's own edge is not a cell boundary.
        let tabs = if i == 0 {
            f.rules_before.saturating_sub(1)
        } else {
            f.rules_before
        };
        push_tabs(&mut text, tabs);
        glyphs.extend(f.spans.iter().map(|g| g.shifted(text.len())));
        text.push_str(&f.text);
    }
    if let Some(last) = fields.last() {
        let trail = rules.crossings(last.last, f32::INFINITY, last.mid);
        push_tabs(&mut text, trail.saturating_sub(1));
    }
    (text, glyphs)
}

fn push_tabs(text: &mut String, n: usize) {
    text.extend(std::iter::repeat_n('\t', n.min(MAX_TABS)));
}

/// What goes between two neighbours with no rule between them, judged by the gap.
fn gap_separator(p: &Item, it: &Item, p_text: &str, s: &str, space_drawn: bool) -> Option<char> {
    let gap = it.x0 - p.x1;
    let em = p.size.max(it.size);
    let left = p_text.chars().last().is_some_and(is_cjk);
    let right = s.chars().next().is_some_and(is_cjk);
    let word = match (left, right) {
        (true, true) => CJK_WORD_GAP,
        (false, false) => WORD_GAP,
        _ => MIXED_WORD_GAP,
    };
    if gap >= TAB_GAP * em {
        Some('\t')
    } else if gap >= word * em || space_drawn {
        Some(' ')
    } else {
        None
    }
}

/// Text gathered cell by cell from the lines that lie wholly in ruled cells.
#[derive(Default)]
struct Table {
    cells: Vec<CellText>,
    /// Cell key → index in `cells`.
    index: HashMap<[u32; 4], usize>,
}

struct CellText {
    cell: Cell,
    text: String,
    spans: Vec<GlyphSpan>,
    /// Middle height of the cell's first line of text.
    mid: f32,
}

impl Table {
    /// Files the line's fields under their cells; false (and nothing filed) unless every field
    /// is in a cell and no two share one.
    fn take(&mut self, fields: &[Field], rules: &Rules) -> bool {
        let mut cells: Vec<Cell> = Vec::with_capacity(fields.len());
        for f in fields {
            match rules.cell_at((f.first + f.last) / 2.0, f.mid) {
                Some(c) if !cells.iter().any(|other| other.key == c.key) => cells.push(c),
                _ => return false,
            }
        }
        for (f, cell) in fields.iter().zip(cells) {
            // Inside a cell a wide gap is alignment, not a column.
            // (Both one byte: the spans keep their places.)
            let text = f.text.replace('\t', " ");
            match self.index.get(&cell.key) {
                Some(&i) => {
                    let c = &mut self.cells[i];
                    join_wrapped(&mut c.text, &text);
                    let at = c.text.len() - text.len();
                    c.spans.extend(f.spans.iter().map(|g| g.shifted(at)));
                }
                None => {
                    self.index.insert(cell.key, self.cells.len());
                    self.cells.push(CellText {
                        cell,
                        text,
                        spans: f.spans.clone(),
                        mid: f.mid,
                    });
                }
            }
        }
        !fields.is_empty()
    }

    /// One line per table row: the cells that start at the same top rule, left to right, with a
    /// tab per vertical rule between them. Each comes with the height it sorts by.
    fn rows(mut self, rules: &Rules) -> Vec<(f32, String, Vec<GlyphSpan>)> {
        self.cells.sort_by(|a, b| {
            (b.cell.top)
                .total_cmp(&a.cell.top)
                .then(a.cell.left.total_cmp(&b.cell.left))
        });
        let mut rows = Vec::new();
        let mut start = 0;
        while start < self.cells.len() {
            let top = self.cells[start].cell;
            let end = start
                + self.cells[start..]
                    .iter()
                    .take_while(|c| c.cell.key[2] == top.key[2])
                    .count();
            let row = &self.cells[start..end];
            let (text, glyphs) = row_text(row, rules);
            rows.push((top.top, text, glyphs));
            start = end;
        }
        rows
    }
}

fn row_text(row: &[CellText], rules: &Rules) -> (String, Vec<GlyphSpan>) {
    // The rules of this row are those crossing its highest text.
    let y = row.iter().map(|c| c.mid).fold(f32::NEG_INFINITY, f32::max);
    let mut text = String::new();
    let mut glyphs = Vec::new();
    let mut prev: Option<&Cell> = None;
    for c in row {
        let tabs = match prev {
            None => rules
                .crossings(f32::NEG_INFINITY, c.cell.left + 0.5, y)
                .saturating_sub(1),
            Some(p) => rules.crossings(p.right - 0.5, c.cell.left + 0.5, y).max(1),
        };
        push_tabs(&mut text, tabs);
        glyphs.extend(c.spans.iter().map(|g| g.shifted(text.len())));
        text.push_str(&c.text);
        prev = Some(&c.cell);
    }
    if let Some(last) = prev {
        let trail = rules.crossings(last.right - 0.5, f32::INFINITY, y);
        push_tabs(&mut text, trail.saturating_sub(1));
    }
    (text, glyphs)
}

/// Appends the next line of a wrapped cell: Chinese runs on, Latin words get a space, and a
/// number too wide for its narrow column (`134` / `9`) runs on too: a table cell holds one value.
fn join_wrapped(text: &mut String, next: &str) {
    let numeric = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    };
    if numeric(text) && next.chars().all(|c| c.is_ascii_digit()) {
        text.push_str(next);
        return;
    }
    let ends_latin = text
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_latin = next
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if ends_latin && starts_latin {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::super::content::{Glyph, Segment};
    use super::*;

    /// A page from `(text, x, y, size, width_per_char)` runs, one glyph per char.
    fn page(runs: &[(&str, f32, f32, f32, f32)], segments: &[Segment]) -> PageContent {
        let mut p = PageContent::default();
        for &(s, x, y, size, w) in runs {
            for (i, c) in s.chars().enumerate() {
                let start = p.text.len() as u32;
                p.text.push(c);
                p.glyphs.push(Glyph {
                    start,
                    end: p.text.len() as u32,
                    x: x + i as f32 * w,
                    y,
                    dx: w,
                    dy: 0.0,
                    size,
                    space_before: false,
                });
            }
        }
        p.segments = segments.to_vec();
        p
    }

    fn vrule(x: f32, y0: f32, y1: f32) -> Segment {
        Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn columns_by_gap_words_by_space_cjk_solid() {
        let p = page(
            &[
                ("总计", 50.0, 700.0, 10.0, 10.0),
                ("2", 150.0, 699.0, 10.0, 5.0),
                ("10", 200.0, 700.5, 10.0, 5.0),
                ("2023", 50.0, 680.0, 10.0, 5.0),
                ("年", 73.0, 680.0, 10.0, 10.0),
            ],
            &[],
        );
        assert_eq!(lines(&p, None), vec!["总计\t2\t10", "2023 年"]);
    }

    #[test]
    fn rules_make_one_tab_per_cell_and_leading_tabs() {
        // Table edge at 40, cells split at 100, 140, 180, 220; the second row has an empty cell.
        let rules: Vec<_> = [40.0, 100.0, 140.0, 180.0, 220.0]
            .iter()
            .map(|&x| vrule(x, 600.0, 720.0))
            .collect();
        let p = page(
            &[
                ("标签很长一直写满", 41.0, 700.0, 7.0, 7.3),
                ("1", 101.0, 700.0, 10.0, 5.0),
                ("3", 141.0, 700.0, 10.0, 5.0),
                ("4", 181.0, 700.0, 10.0, 5.0),
                ("5", 101.0, 650.0, 10.0, 5.0),
                ("6", 181.0, 650.0, 10.0, 5.0),
            ],
            &rules,
        );
        assert_eq!(
            lines(&p, None),
            vec!["标签很长一直写满\t1\t3\t4", "\t5\t\t6"]
        );
    }

    #[test]
    fn a_wrapped_cell_joins_chinese_and_numbers_and_spaces_latin_words() {
        let join = |a: &str, b: &str| {
            let mut t = a.to_string();
            join_wrapped(&mut t, b);
            t
        };
        assert_eq!(join("134", "9"), "1349");
        assert_eq!(join("3.要求提供公", "开出版物"), "3.要求提供公开出版物");
        assert_eq!(join("PDF", "file"), "PDF file");
    }

    #[test]
    fn ruled_cells_gather_wrapped_labels_into_one_row() {
        // Columns at 40 | 100 | 140 | 180; rows at 720 | 660 | 600. The first row's label wraps
        // over two lines with its numbers centred between them; the second row has a cell
        // merged over both rows on the left (its text drawn low) and an empty middle cell.
        let mut segments: Vec<_> = [40.0, 100.0, 140.0, 180.0]
            .iter()
            .map(|&x| vrule(x, 600.0, 720.0))
            .collect();
        segments.push(Segment {
            x0: 40.0,
            y0: 720.0,
            x1: 180.0,
            y1: 720.0,
        });
        segments.push(Segment {
            x0: 100.0,
            y0: 660.0,
            x1: 180.0,
            y1: 660.0,
        });
        segments.push(Segment {
            x0: 40.0,
            y0: 600.0,
            x1: 180.0,
            y1: 600.0,
        });
        let p = page(
            &[
                ("一、本年", 42.0, 700.0, 10.0, 10.0),
                ("新收", 42.0, 686.0, 10.0, 10.0),
                ("2", 110.0, 693.0, 10.0, 5.0),
                ("3", 150.0, 693.0, 10.0, 5.0),
                ("合并", 42.0, 640.0, 10.0, 10.0),
                ("4", 150.0, 630.0, 10.0, 5.0),
            ],
            &segments,
        );
        assert_eq!(lines(&p, None), vec!["一、本年新收合并\t2\t3", "\t\t4"]);
        every_glyph_is_where_its_span_says(&p);
    }

    /// Each glyph read lands in exactly one span, whose bytes are its text.
    fn every_glyph_is_where_its_span_says(p: &PageContent) {
        let mut seen = vec![0; p.glyphs.len()];
        for line in placed_lines(p, None) {
            for g in &line.glyphs {
                let want = p.glyph_text(&p.glyphs[g.glyph as usize]);
                assert_eq!(&line.text[g.start as usize..g.end as usize], want);
                seen[g.glyph as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    }

    #[test]
    fn spans_follow_glyphs_through_gaps_and_rules() {
        let p = page(
            &[
                ("总计", 50.0, 700.0, 10.0, 10.0),
                ("2", 150.0, 699.0, 10.0, 5.0),
                ("10", 200.0, 700.5, 10.0, 5.0),
                ("2023", 50.0, 680.0, 10.0, 5.0),
                ("年", 73.0, 680.0, 10.0, 10.0),
            ],
            &[vrule(40.0, 690.0, 710.0), vrule(180.0, 690.0, 710.0)],
        );
        every_glyph_is_where_its_span_says(&p);
    }

    #[test]
    fn fake_bold_is_read_once_and_off_page_text_dropped() {
        let p = page(
            &[
                ("一、", 50.0, 700.0, 10.0, 10.0),
                ("一、", 50.4, 700.0, 10.0, 10.0),
                ("hidden", -500.0, 700.0, 10.0, 5.0),
            ],
            &[],
        );
        assert_eq!(lines(&p, Some([0.0, 0.0, 595.0, 842.0])), vec!["一、"]);
    }

    #[test]
    fn rotated_pages_read_in_text_direction() {
        // Text running upwards (a landscape table on a portrait page).
        let mut p = PageContent::default();
        for (i, (c, x)) in [('甲', 100.0), ('乙', 80.0)].into_iter().enumerate() {
            let start = p.text.len() as u32;
            p.text.push(c);
            p.glyphs.push(Glyph {
                start,
                end: p.text.len() as u32,
                x,
                y: 100.0 + i as f32 * 10.0,
                dx: 0.0,
                dy: 10.0,
                size: 10.0,
                space_before: false,
            });
        }
        assert_eq!(lines(&p, None), vec!["乙", "甲"]);
    }
}
