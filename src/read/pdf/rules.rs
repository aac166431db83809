//! Table rules: the straight lines a table is drawn with, turned into the page's reading frame.
//! Vertical rules tell which cell a glyph is in across a line; horizontal ones tell which lines
//! of text belong to one cell (a label wrapped over two lines next to numbers centred between
//! them).

use super::content::Segment;

/// A rule in the turned frame: at `at` (x for a vertical rule, y for a horizontal one), running
/// from `from` to `to` along its length.
#[derive(Debug, Clone, Copy)]
struct Rule {
    at: f32,
    from: f32,
    to: f32,
    /// Rules at the same `at` (a border drawn in pieces, one per cell) share this number.
    line: u32,
}

impl Rule {
    fn passes(&self, v: f32) -> bool {
        self.from - 1.0 <= v && v <= self.to + 1.0
    }
}

/// The rules around a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// The border lines' numbers: equal keys, same cell.
    pub key: [u32; 4],
}

/// Rules drawn twice (once per neighbouring cell, or as a thin rectangle's two edges) closer
/// than this count once.
const SAME_RULE: f32 = 1.5;

#[derive(Debug, Default)]
pub struct Rules {
    /// Sorted by x.
    vertical: Vec<Rule>,
    /// Sorted by y.
    horizontal: Vec<Rule>,
}

impl Rules {
    /// `turn` maps device space to the reading frame.
    pub fn new(segments: &[Segment], turn: impl Fn(f32, f32) -> (f32, f32)) -> Rules {
        let mut rules = Rules::default();
        for s in segments {
            let (ax, ay) = turn(s.x0, s.y0);
            let (bx, by) = turn(s.x1, s.y1);
            if (ax - bx).abs() < 1.0 {
                rules.vertical.push(Rule {
                    at: (ax + bx) / 2.0,
                    from: ay.min(by),
                    to: ay.max(by),
                    line: 0,
                });
            } else if (ay - by).abs() < 1.0 {
                rules.horizontal.push(Rule {
                    at: (ay + by) / 2.0,
                    from: ax.min(bx),
                    to: ax.max(bx),
                    line: 0,
                });
            }
        }
        number_lines(&mut rules.vertical);
        number_lines(&mut rules.horizontal);
        rules
    }

    /// How many distinct vertical rules cross height `y` strictly between `lo` and `hi`.
    pub fn crossings(&self, lo: f32, hi: f32, y: f32) -> usize {
        let from = self.vertical.partition_point(|r| r.at <= lo);
        let mut count = 0;
        let mut last = f32::NEG_INFINITY;
        for r in &self.vertical[from..] {
            if r.at >= hi {
                break;
            }
            if r.passes(y) && r.at - last > SAME_RULE {
                count += 1;
                last = r.at;
            }
        }
        count
    }

    /// The cell of a table with two or more columns that holds the point, if any. A frame
    /// around the page or a boxed paragraph is one column wide, so its text stays in lines.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<Cell> {
        if self.crossings(f32::NEG_INFINITY, f32::INFINITY, y) < 3 {
            return None;
        }
        let split = self.vertical.partition_point(|r| r.at <= x);
        let left = self.vertical[..split].iter().rev().find(|r| r.passes(y))?;
        let right = self.vertical[split..].iter().find(|r| r.passes(y))?;
        let split = self.horizontal.partition_point(|r| r.at <= y);
        let below = self.horizontal[..split]
            .iter()
            .rev()
            .find(|r| r.passes(x))?;
        let above = self.horizontal[split..].iter().find(|r| r.passes(x))?;
        Some(Cell {
            left: left.at,
            right: right.at,
            top: above.at,
            bottom: below.at,
            key: [left.line, right.line, above.line, below.line],
        })
    }
}

/// Sorts rules by position and numbers them so that rules less than a point apart share a
/// number.
fn number_lines(rules: &mut [Rule]) {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut line = 0;
    let mut last = f32::NEG_INFINITY;
    for r in rules {
        if r.at - last > 1.0 {
            line += 1;
        }
        last = r.at;
        r.line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(x0: f32, y0: f32, x1: f32, y1: f32) -> Segment {
        Segment { x0, y0, x1, y1 }
    }

    /// Three columns split at 100 and 200 between x 0 and 300; rows split at y 50 and 100,
    /// except the first column, which is one cell from 0 to 150.
    fn table() -> Rules {
        let mut s = vec![seg(0.0, 150.0, 300.0, 150.0), seg(0.0, 0.0, 300.0, 0.0)];
        s.push(seg(100.0, 100.0, 300.0, 100.0));
        s.push(seg(100.0, 50.0, 300.0, 50.0));
        for x in [0.0, 100.0, 200.0, 200.5, 300.0] {
            s.push(seg(x, 0.0, x, 150.0));
        }
        Rules::new(&s, |x, y| (x, y))
    }

    #[test]
    fn crossings_count_each_rule_once() {
        let r = table();
        assert_eq!(r.crossings(50.0, 250.0, 75.0), 2);
        assert_eq!(r.crossings(f32::NEG_INFINITY, 50.0, 75.0), 1);
        assert_eq!(r.crossings(50.0, 250.0, 160.0), 0);
    }

    #[test]
    fn cells_follow_merges() {
        let r = table();
        let merged = r
            .cell_at(50.0, 120.0)
            .map(|c| (c.left, c.right, c.top, c.bottom));
        assert_eq!(merged, Some((0.0, 100.0, 150.0, 0.0)));
        let key = |x, y| r.cell_at(x, y).map(|c| c.key);
        assert_eq!(key(50.0, 120.0), key(50.0, 20.0));
        assert_ne!(key(150.0, 120.0), key(150.0, 20.0));
        let c = r.cell_at(150.0, 75.0).map(|c| (c.top, c.bottom));
        assert_eq!(c, Some((100.0, 50.0)));
        assert_eq!(r.cell_at(150.0, 160.0), None);
    }

    #[test]
    fn a_frame_is_not_a_table() {
        let s = [
            seg(0.0, 0.0, 0.0, 100.0),
            seg(300.0, 0.0, 300.0, 100.0),
            seg(0.0, 0.0, 300.0, 0.0),
            seg(0.0, 100.0, 300.0, 100.0),
        ];
        assert_eq!(Rules::new(&s, |x, y| (x, y)).cell_at(150.0, 50.0), None);
    }
}
