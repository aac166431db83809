//! Ruling lines by morphology: an opening with a long horizontal (vertical) line keeps exactly
//! the ink runs at least that long, so the rules are the long runs of the binary page. Runs in
//! neighbouring rows that overlap or follow on make one rule (its thickness, or its slant), and
//! pieces of one rule on the same line with a short gap (a break in the print, a crossing) are
//! merged. What is too thick (a band of shadow, the desk around a photographed sheet) or too
//! broken (the top strokes of a line of characters) to be a rule is dropped.
//!
//! Long rules (a twelfth of the page's longer side: a row of characters can make an unbroken
//! run of ink several characters long) are kept as they are. A shorter piece
//! is kept only when both its ends meet a long rule across it, as the short vertical rules of a
//! table's header do; a character's stroke does not reach from one rule to the next.

use super::Ink;
use crate::read::pdf::content::Segment;

/// A rule on the small page: at `at` (y of a horizontal, x of a vertical), from `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    at: f32,
    from: usize,
    to: usize,
}

/// The page's rules in full-size pixels (`factor` times the small page's).
pub fn find(ink: &Ink, factor: u32) -> Vec<Segment> {
    let long_side = ink.width.max(ink.height);
    let long = long_run(ink);
    let short = (long_side / 120).max(6);
    let across = lines(ink, short);
    let down = lines(&ink.transposed(), short);
    let (long_across, short_across): (Vec<Line>, Vec<Line>) =
        across.into_iter().partition(|l| l.to - l.from >= long);
    let (long_down, short_down): (Vec<Line>, Vec<Line>) =
        down.into_iter().partition(|l| l.to - l.from >= long);
    let reach = (long_side / 300).max(2) as f32 + 1.0;
    let kept = |shorts: Vec<Line>, others: &[Line]| -> Vec<Line> {
        shorts
            .into_iter()
            .filter(|s| {
                let meets = |end: usize| {
                    others.iter().any(|o| {
                        (o.at - end as f32).abs() <= reach
                            && (o.from as f32) <= s.at + reach
                            && s.at <= o.to as f32 + reach
                    })
                };
                meets(s.from) && meets(s.to)
            })
            .collect()
    };
    let f = factor as f32;
    let mut out = Vec::new();
    let short_across = kept(short_across, &long_down);
    let short_down = kept(short_down, &long_across);
    for l in long_across.iter().chain(&short_across) {
        let y = (l.at + 0.5) * f;
        out.push(Segment {
            x0: l.from as f32 * f,
            y0: y,
            x1: l.to as f32 * f,
            y1: y,
        });
    }
    for l in long_down.iter().chain(&short_down) {
        let x = (l.at + 0.5) * f;
        out.push(Segment {
            x0: x,
            y0: l.from as f32 * f,
            x1: x,
            y1: l.to as f32 * f,
        });
    }
    out
}

/// The rules along the rows of `ink` at least `min` long, merged across neighbouring rows and
/// along their line.
///
/// A run continues the rule above it when it overlaps or touches that rule's *last* run (a
/// slanted rule's runs follow on end to end), not the rule's whole extent: a band of ink down
/// the page's edge (the desk around a photographed sheet) otherwise grew, through one wide row
/// of shadow, into an open "rule" as wide as the page that swallowed every table rule below it
/// (one line at the page's middle instead of the table's). And a rule is thin: one whose
/// full-length rows number more than [`max_thickness`] is a block of ink (a band, a shaded
/// cell), and one followed over more rows than that and a 2° slant account for is a chain of
/// strokes (the characters of a line of text, or of a paragraph column by column); neither is a
/// rule, and both are dropped.
fn lines(ink: &Ink, min: usize) -> Vec<Line> {
    // A rule being followed down the rows: its last row and run, its rows weighted by their run
    // lengths, and each row's run length (to count its full-length rows at the end).
    struct Open {
        first: usize,
        last: usize,
        last_run: (usize, usize),
        sum: f64,
        weight: f64,
        from: usize,
        to: usize,
        lengths: Vec<usize>,
    }
    let thickest = max_thickness(ink);
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Line> = Vec::new();
    let mut close = |o: Open| {
        let full = o
            .lengths
            .iter()
            .filter(|&&n| n * 2 >= o.to - o.from)
            .count();
        let slant = (o.to - o.from) as f32 * MAX_SLANT;
        if full <= thickest && (o.last - o.first) as f32 <= thickest as f32 + slant {
            done.push(Line {
                at: (o.sum / o.weight) as f32,
                from: o.from,
                to: o.to,
            });
        }
    };
    for y in 0..ink.height {
        open.extract_if(.., |o| o.last + 2 < y).for_each(&mut close);
        for (a, b) in super::orient::runs(ink.row(y), 1) {
            if b - a < min {
                continue;
            }
            let len = (b - a) as f64;
            let joined = open.iter_mut().find(|o| {
                let (c, d) = o.last_run;
                o.last < y && a <= d + 1 && c <= b + 1
            });
            match joined {
                Some(o) => {
                    o.last = y;
                    o.last_run = (a, b);
                    o.sum += y as f64 * len;
                    o.weight += len;
                    o.from = o.from.min(a);
                    o.to = o.to.max(b);
                    o.lengths.push(b - a);
                }
                None => open.push(Open {
                    first: y,
                    last: y,
                    last_run: (a, b),
                    sum: y as f64 * len,
                    weight: len,
                    from: a,
                    to: b,
                    lengths: vec![b - a],
                }),
            }
        }
    }
    open.into_iter().for_each(&mut close);
    let merged = merge_collinear(done, (ink.width.max(ink.height) / 150).max(3), thickest / 2);
    let piece = long_run(ink) / 2;
    let off = thickest / 2 + 2;
    merged
        .into_iter()
        .filter(|m| m.is_rule(piece) || (m.covered() && clear_on_both_sides(ink, &m.line, off)))
        .map(|m| m.line)
        .collect()
}

/// Rows this many either side of a broken line are looked at ([`clear_on_both_sides`]).
const BESIDE_ROWS: usize = 2;
/// At most this share of the rows beside a rule is ink: the vertical rules that cross it.
const CLEAR_BESIDE: f32 = 0.1;

/// Whether the rows a little above and below `l` (from `off` rows away) are nearly blank, as the
/// padding of the cells on both sides of a table's rule is. A line of characters has their
/// bodies under its top strokes; a fax's broken rule, in short pieces only, has blank padding.
fn clear_on_both_sides(ink: &Ink, l: &Line, off: usize) -> bool {
    let y = l.at.round() as usize;
    let len = (l.to - l.from).max(1) as f32;
    let density = |row: usize| {
        let r = ink.row(row);
        r[l.from.min(r.len())..l.to.min(r.len())]
            .iter()
            .filter(|&&p| p != 0)
            .count() as f32
            / len
    };
    let rows = (off..off + BESIDE_ROWS)
        .flat_map(|d| [y.checked_sub(d), Some(y + d).filter(|&r| r < ink.height)]);
    let mut seen = 0;
    for row in rows {
        let Some(row) = row else { return false };
        if density(row) > CLEAR_BESIDE {
            return false;
        }
        seen += 1;
    }
    seen > 0
}

/// A run this long is a rule on its own (a twelfth of the page's longer side).
fn long_run(ink: &Ink) -> usize {
    (ink.width.max(ink.height) / 12).max(10)
}

/// The share of a merged line's length that its pieces must cover.
const MIN_COVER: f32 = 0.8;

/// The steepest a rule may run after deskewing (tan 2°): a perspective corrected from a cut-off
/// table leaves about a degree.
const MAX_SLANT: f32 = 0.035;

/// The most rows a rule may be thick on the small page (about 100 dpi for A4): a 3 pt border
/// is 4 rows there, blur and a pixel's slant add a few.
fn max_thickness(ink: &Ink) -> usize {
    (ink.width.max(ink.height) / 150).max(6)
}

/// A line merged from pieces on one line, with the length of ink they give and the longest.
struct Merged {
    line: Line,
    inked: usize,
    longest: usize,
}

impl Merged {
    /// Ink along [`MIN_COVER`] of its length.
    fn covered(&self) -> bool {
        self.inked as f32 >= MIN_COVER * (self.line.to - self.line.from) as f32
    }

    /// A rule as it stands: one piece, or pieces that cover it with one of them at least a
    /// quarter of it and `piece` long. The top strokes of a line of characters, each a short run
    /// with small gaps between, are not; a fax's rule broken into short pieces is not either,
    /// unless the rows beside it are clear ([`clear_on_both_sides`]).
    fn is_rule(&self, piece: usize) -> bool {
        let len = self.line.to - self.line.from;
        self.longest == len || (self.covered() && self.longest * 4 >= len && self.longest >= piece)
    }
}

/// Pieces on one line (within a pixel and a half) with at most `gap` between them become one;
/// so does a piece alongside a line, over part of its length and within `thick` of it: a second
/// trace of the same thick rule. A rule's rows broken in one place (a crossing, a faint spot)
/// are followed as two pieces, whose middles can be two pixels apart; kept apart, the cells
/// under the piece had a top rule of their own and their figures a row of their own (表四's
/// 尚未审结 and 总计 read as a second row, and their 1s lost).
fn merge_collinear(mut lines: Vec<Line>, gap: usize, thick: usize) -> Vec<Merged> {
    lines.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.cmp(&b.from)));
    let reach = (thick as f32).max(1.5);
    let mut out: Vec<Merged> = Vec::new();
    for l in lines {
        let near = out
            .iter_mut()
            .rev()
            .take_while(|m| l.at - m.line.at <= reach)
            .find(|m| {
                let along = l.at - m.line.at <= 1.5
                    && l.from <= m.line.to + gap
                    && m.line.from <= l.to + gap;
                let alongside = l.from < m.line.to && m.line.from < l.to;
                along || alongside
            });
        match near {
            Some(Merged {
                line: o,
                inked,
                longest,
            }) => {
                *longest = (*longest).max(l.to - l.from);
                let (lw, ow) = ((l.to - l.from) as f32, (o.to - o.from) as f32);
                o.at = (o.at * ow + l.at * lw) / (ow + lw).max(1.0);
                // Only the part of the piece not already under the line adds ink.
                let overlap = l.to.min(o.to).saturating_sub(l.from.max(o.from));
                *inked += (l.to - l.from) - overlap;
                o.from = o.from.min(l.from);
                o.to = o.to.max(l.to);
            }
            None => out.push(Merged {
                line: l,
                inked: l.to - l.from,
                longest: l.to - l.from,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: f32, from: usize, to: usize) -> Line {
        Line { at, from, to }
    }

    #[test]
    fn a_second_trace_of_a_thick_rule_is_the_rule_and_a_rule_beside_it_is_not() {
        // A rule across the table, and a piece of its lower rows under three columns.
        let merged = merge_collinear(vec![line(100.0, 10, 900), line(101.7, 200, 340)], 11, 5);
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].line.from, merged[0].line.to), (10, 900));
        assert!((merged[0].line.at - 100.0).abs() < 0.5);
        // Beyond the rule's thickness: the next rule (a row's height away), or a rule as close
        // that does not run alongside it, stays a rule of its own.
        assert_eq!(
            merge_collinear(vec![line(100.0, 10, 900), line(106.0, 200, 340)], 11, 5).len(),
            2
        );
        assert_eq!(
            merge_collinear(vec![line(100.0, 10, 300), line(102.0, 330, 900)], 11, 5).len(),
            2
        );
    }
}
