//! Which way up the page is.
//!
//! Turned a quarter turn: text lines run across the page, so ink, once the small gaps between
//! the characters of a line are closed, makes long runs along the rows and short ones (a
//! character's height) down the columns. A page whose column runs are clearly the longer is
//! turned.
//!
//! Upside down: a cheap cue, not a reader. Chinese text and tables are flush left and ragged
//! right: a paragraph's last line, a heading, a table's labels start where the lines above them
//! start and stop short. So the left ends of a page's pieces of text line up more often than
//! their right ends; a page where the right ends line up clearly more is taken to be upside
//! down. A page that gives neither cue clearly (centred text, justified paragraphs alone, a
//! table of numbers) is left as it is.
//!
//! What this catches, measured on the 20 pages of the five generated reports rendered at
//! 200 dpi (tests/fixtures/generated): a quarter turn is always found (40 of 40) and an upright
//! page is never turned (20 of 20); but which way up is only told on 6 of 20 pages, so an
//! upside-down page is turned upright on 6 of 20 and otherwise left upside down, and a page
//! turned clockwise comes out upside down on 14 of 20; and a phone photo of an upright table
//! was once taken for upside down. So this is only a first guess: the recogniser has the last
//! word (`scan::upright` reads the page's widest boxes both ways up and turns the page over
//! when they read clearly surer turned).

use super::Ink;

/// One direction's runs must be this many times longer than the other's to decide.
const CLEAR: f64 = 2.0;
/// The right ends of text pieces must line up this many times more than the left ends (and by
/// [`MIN_ENDS`] more pieces) to call a page upside down.
const FLIPPED: f64 = 1.3;
const MIN_ENDS: usize = 6;

/// Clockwise quarter turns that make the page upright.
pub fn quarter_turns(ink: &Ink) -> u8 {
    let text = text_only(ink);
    let across = run_spread(&text);
    let down = run_spread(&text.transposed());
    if down > across * CLEAR {
        // Upright after one clockwise turn, or after three.
        if upside_down(&text.turned(1)) {
            3
        } else {
            1
        }
    } else if upside_down(&text) {
        2
    } else {
        0
    }
}

/// The page's ink without its rules (runs longer than a character along either direction).
pub(crate) fn text_only(ink: &Ink) -> Ink {
    let long = (ink.width.max(ink.height) / 50).max(8);
    let mut text = ink.clone();
    clear_long_runs(&mut text, ink, long);
    let mut t = text.transposed();
    clear_long_runs(&mut t, &ink.transposed(), long);
    t.transposed()
}

fn clear_long_runs(out: &mut Ink, ink: &Ink, long: usize) {
    for y in 0..ink.height {
        let row = ink.row(y);
        let mut x = 0;
        while x < ink.width {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let start = x;
            while x < ink.width && row[x] != 0 {
                x += 1;
            }
            if x - start >= long {
                out.px[y * ink.width + start..y * ink.width + x].fill(0);
            }
        }
    }
}

/// The length-weighted mean length of ink runs along the rows, gaps between characters closed.
fn run_spread(ink: &Ink) -> f64 {
    let gap = (ink.width.max(ink.height) / 190).max(3);
    let (mut sum, mut sum_sq) = (0f64, 0f64);
    for y in 0..ink.height {
        for (a, b) in runs(ink.row(y), gap) {
            let len = (b - a) as f64;
            sum += len;
            sum_sq += len * len;
        }
    }
    if sum == 0.0 {
        0.0
    } else {
        sum_sq / sum
    }
}

/// Ink runs of a row as `start..end`, gaps of at most `gap` closed.
pub(crate) fn runs(row: &[u8], gap: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut x = 0;
    while x < row.len() {
        if row[x] == 0 {
            x += 1;
            continue;
        }
        let start = x;
        while x < row.len() && row[x] != 0 {
            x += 1;
        }
        match out.last_mut() {
            Some(last) if start - last.1 <= gap => last.1 = x,
            _ => out.push((start, x)),
        }
    }
    out
}

/// Whether the text's right ends line up clearly more than its left ends.
fn upside_down(text: &Ink) -> bool {
    let (left, right) = aligned_ends(text);
    right >= left + MIN_ENDS && right as f64 >= left as f64 * FLIPPED
}

/// How many pieces of text lines start where another piece starts (within a pixel), and how
/// many end where another ends. A piece is a stretch of a text line between gaps wider than a
/// character.
pub(crate) fn aligned_ends(text: &Ink) -> (usize, usize) {
    let lines = line_bands(text);
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut column = vec![0u8; text.width];
    for (top, bottom) in lines {
        let height = bottom - top;
        column.fill(0);
        for y in top..bottom {
            for (c, &v) in column.iter_mut().zip(text.row(y)) {
                *c |= v;
            }
        }
        for (a, b) in runs(&column, height) {
            if b - a >= 2 * height {
                starts.push(a);
                ends.push(b);
            }
        }
    }
    (lined_up(&mut starts), lined_up(&mut ends))
}

/// How many of the positions have another within two pixels.
fn lined_up(at: &mut [usize]) -> usize {
    at.sort_unstable();
    (0..at.len())
        .filter(|&i| {
            (i > 0 && at[i] - at[i - 1] <= 2) || (i + 1 < at.len() && at[i + 1] - at[i] <= 2)
        })
        .count()
}

/// Text lines as row ranges: rows with ink, between rows without, of a text line's height.
fn line_bands(text: &Ink) -> Vec<(usize, usize)> {
    let tall = (text.width.max(text.height) / 20).max(6);
    let mut out = Vec::new();
    let mut y = 0;
    while y < text.height {
        if !text.row(y).contains(&1) {
            y += 1;
            continue;
        }
        let top = y;
        while y < text.height && text.row(y).contains(&1) {
            y += 1;
        }
        if (3..=tall).contains(&(y - top)) {
            out.push((top, y));
        }
    }
    out
}
