//! Ruling lines by morphology: an opening with a long horizontal (vertical) line keeps exactly
//! the ink runs at least that long, so the rules are the long runs of the binary page. Runs in
//! neighbouring rows that overlap make one rule (its thickness), and pieces of one rule on the
//! same line with a short gap (a break in the print, a crossing) are merged.
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
    let long = (long_side / 12).max(10);
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
fn lines(ink: &Ink, min: usize) -> Vec<Line> {
    // A rule being followed down the rows: its last row, its rows weighted by their run lengths.
    struct Open {
        last: usize,
        sum: f64,
        weight: f64,
        from: usize,
        to: usize,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Line> = Vec::new();
    let close = |o: Open| Line {
        at: (o.sum / o.weight) as f32,
        from: o.from,
        to: o.to,
    };
    for y in 0..ink.height {
        let mut still = Vec::with_capacity(open.len());
        for o in open.drain(..) {
            if o.last + 2 < y {
                done.push(close(o));
            } else {
                still.push(o);
            }
        }
        open = still;
        for (a, b) in super::orient::runs(ink.row(y), 1) {
            if b - a < min {
                continue;
            }
            let len = (b - a) as f64;
            let joined = open.iter_mut().find(|o| {
                let overlap = o.to.min(b).saturating_sub(o.from.max(a));
                overlap * 2 >= (o.to - o.from).min(b - a)
            });
            match joined {
                Some(o) => {
                    o.last = y;
                    o.sum += y as f64 * len;
                    o.weight += len;
                    o.from = o.from.min(a);
                    o.to = o.to.max(b);
                }
                None => open.push(Open {
                    last: y,
                    sum: y as f64 * len,
                    weight: len,
                    from: a,
                    to: b,
                }),
            }
        }
    }
    done.extend(open.into_iter().map(close));
    merge_collinear(done, (ink.width.max(ink.height) / 150).max(3))
}

/// Pieces on one line (within a pixel and a half) with at most `gap` between them become one.
fn merge_collinear(mut lines: Vec<Line>, gap: usize) -> Vec<Line> {
    lines.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.cmp(&b.from)));
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        let near = out
            .iter_mut()
            .rev()
            .take_while(|o| l.at - o.at <= 1.5)
            .find(|o| l.from <= o.to + gap && o.from <= l.to + gap);
        match near {
            Some(o) => {
                let (lw, ow) = ((l.to - l.from) as f32, (o.to - o.from) as f32);
                o.at = (o.at * ow + l.at * lw) / (ow + lw).max(1.0);
                o.from = o.from.min(l.from);
                o.to = o.to.max(l.to);
            }
            None => out.push(l),
        }
    }
    out
}
