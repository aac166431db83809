//! Running heads and feet: the page numbers and repeated titles a page layout prints on every
//! page. They are no part of the report, and inside a table they would pass for a row's values
//! (`- 4 -` under the last row of a page) or split a row broken by the page.

use crate::text::is_space;

/// A line that is only a page number as footers print it: `- 4 -`, `—4—`, `第4页`,
/// `第 4 页 共 6 页`, `第4页/共6页`, `4/6`, `Page 4 of 6`. A bare `4` is not one here: in text
/// it may as well be a table value; PDFs drop it by its place on the page.
pub fn is_page_number(line: &str) -> bool {
    let s: String = line
        .chars()
        .map(crate::text::fold_width)
        .filter(|c| !is_space(*c))
        .collect();
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) || s.chars().count() > 16 {
        return false;
    }
    let digits_only =
        |t: &str| !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    let dashes: &[char] = &['-', '—', '–', '－', '―', '−', '·', '•'];
    // - 4 -, —4—
    if let Some(inner) = s.strip_prefix(dashes) {
        let inner = inner.trim_start_matches(dashes);
        let core = inner.trim_end_matches(dashes);
        if core.len() < inner.len() && digits_only(core) {
            return true;
        }
    }
    // 第4页, 第4页共6页, 第4页/共6页, 共6页第4页
    let pages_cn = |t: &str| -> bool {
        t.strip_prefix('第')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(digits_only)
    };
    let total_cn = |t: &str| -> bool {
        t.strip_prefix('共')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(digits_only)
    };
    if pages_cn(&s) {
        return true;
    }
    let joined: String = s
        .chars()
        .filter(|c| !matches!(c, '/' | ',' | '，' | '、'))
        .collect();
    if let Some(i) = joined.find('页') {
        let (a, b) = joined.split_at(i + '页'.len_utf8());
        if (pages_cn(a) && total_cn(b)) || (total_cn(a) && pages_cn(b)) {
            return true;
        }
    }
    // 4/6
    if let Some((a, b)) = s.split_once('/') {
        if digits_only(a) && digits_only(b) && a.parse::<u32>().ok() <= b.parse::<u32>().ok() {
            return a != "0";
        }
    }
    // Page 4 of 6, Page 4
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let (a, b) = rest.split_once("of").unwrap_or((rest, "1"));
        return digits_only(a) && digits_only(b);
    }
    false
}

/// A line of a page with where it sits, in the page's reading frame.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    pub text: String,
    /// Baseline height (for a row of a ruled table: its top rule).
    pub y: f32,
    /// Left and right ends of the text; `None` for a row of a ruled table.
    pub x: Option<(f32, f32)>,
    /// Which glyph each piece of `text` was drawn by, in text order (see [`GlyphSpan`]).
    pub glyphs: Vec<GlyphSpan>,
}

/// Bytes `start..end` of a line's text are the text of glyph number `glyph` of its page, so that
/// what was read from a page image can be found in the line (`crate::read::scan`) without
/// matching text, which repeats (the same "0" many times on a row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphSpan {
    pub start: u32,
    pub end: u32,
    pub glyph: u32,
}

impl GlyphSpan {
    /// The same span `by` bytes further on.
    pub fn shifted(self, by: usize) -> GlyphSpan {
        let by = by as u32;
        GlyphSpan {
            start: self.start + by,
            end: self.end + by,
            glyph: self.glyph,
        }
    }
}

/// Lines of one page (top to bottom), and the page box `[x0, y0, x1, y1]` in the same frame
/// when known.
pub struct PageLines {
    pub lines: Vec<PlacedLine>,
    pub frame: Option<[f32; 4]>,
}

/// How many lines at the top and at the bottom of a page may be running heads or feet.
const EDGE_LINES: usize = 2;
/// A bare number is a page number only this close to the page's top or bottom edge (share of
/// the page height) and this close to its centre or side (share of its width).
const BARE_MARGIN: f32 = 0.15;
const BARE_CENTRE: f32 = 0.12;

/// Which lines of each page are running heads or feet: decorated page numbers among the first and
/// last lines of a page, a bare number near the top or bottom edge and centred or at a side, and a
/// line repeated at the same height at the top or bottom of two or more pages (all but its
/// first occurrence).
pub fn furniture(pages: &[PageLines]) -> Vec<Vec<bool>> {
    let mut drop: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.lines.len()]).collect();
    let edge = |n: usize, i: usize| i < EDGE_LINES || i + EDGE_LINES >= n;
    for (p, page) in pages.iter().enumerate() {
        let n = page.lines.len();
        for (i, PlacedLine { text, y, x, .. }) in page.lines.iter().enumerate() {
            if !edge(n, i) || text.contains('\t') {
                continue;
            }
            let first_or_last = i == 0 || i + 1 == n;
            if is_page_number(text)
                || (first_or_last && is_bare_page_number(text, *y, *x, page.frame))
            {
                drop[p][i] = true;
            }
        }
    }
    // Repeated titles: the same text at the same height near an edge of several pages.
    let mut seen: Vec<(String, f32)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let n = page.lines.len();
        for (i, PlacedLine { text, y, .. }) in page.lines.iter().enumerate() {
            if !edge(n, i) || drop[p][i] || text.contains('\t') || text.trim().chars().count() < 4 {
                continue;
            }
            let key: String = text
                .chars()
                .filter(|c| !c.is_ascii_digit() && !is_space(*c))
                .collect();
            if seen.iter().any(|(t, h)| *t == key && (h - y).abs() < 3.0) {
                drop[p][i] = true;
            } else {
                seen.push((key, *y));
            }
        }
    }
    drop
}

fn is_bare_page_number(text: &str, y: f32, x: Option<(f32, f32)>, frame: Option<[f32; 4]>) -> bool {
    let t = text.trim_matches(is_space);
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (Some([x0, y0, x1, y1]), Some((a, b))) = (frame, x) else {
        return false;
    };
    let (w, h) = (x1 - x0, y1 - y0);
    if w <= 0.0 || h <= 0.0 {
        return false;
    }
    let near_edge = y < y0 + BARE_MARGIN * h || y > y1 - BARE_MARGIN * h;
    let centre = (a + b) / 2.0;
    let centred = (centre - (x0 + x1) / 2.0).abs() < BARE_CENTRE * w;
    let at_side = centre > x1 - 2.0 * BARE_CENTRE * w || centre < x0 + 2.0 * BARE_CENTRE * w;
    near_edge && (centred || at_side)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for yes in [
            "- 4 -",
            "—4—",
            "-3-",
            "第4页",
            "第 4 页 共 6 页",
            "第4页/共6页",
            "4/6",
            "Page 2 of 9",
            "－ 12 －",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "4",
            "2023",
            "-3",
            "0",
            "第四部分",
            "共6页",
            "1/2页面",
            "行政许可 9487 - 2 -",
            "12/3",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    fn page(lines: &[(&str, f32, f32)]) -> PageLines {
        PageLines {
            lines: lines
                .iter()
                .map(|&(t, y, x)| PlacedLine {
                    text: t.to_string(),
                    y,
                    x: Some((x - 5.0, x + 5.0)),
                    glyphs: Vec::new(),
                })
                .collect(),
            frame: Some([0.0, 0.0, 600.0, 800.0]),
        }
    }

    #[test]
    fn footers_by_pattern_and_place_and_repeated_titles() {
        let pages = [
            page(&[
                ("某县2023年年度报告", 780.0, 300.0),
                ("正文", 700.0, 100.0),
                ("746\t12", 400.0, 100.0),
                ("- 1 -", 390.0, 300.0),
            ]),
            page(&[
                ("某县2023年年度报告", 780.0, 300.0),
                ("正文", 700.0, 100.0),
                ("5", 500.0, 300.0),
                ("2", 40.0, 300.0),
            ]),
        ];
        let d = furniture(&pages);
        assert_eq!(d[0], [false, false, false, true]);
        // The bare 5 is mid-page: a value, not a page number.
        assert_eq!(d[1], [true, false, false, true]);
    }
}
