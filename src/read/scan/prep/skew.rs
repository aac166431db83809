//! Skew by projection profiles: the page's ink is projected onto its height at each candidate
//! angle, and the angle whose profile is sharpest (the largest sum of squared row counts: text
//! lines and rules fall into few rows) is the skew. Candidates every 0.1° within ±3°, then
//! every 0.01° around the best.

use super::Ink;

/// The largest skew looked for, in degrees.
pub const MAX_SKEW: f32 = 3.0;
/// At most this many ink pixels are projected (evenly sampled).
const MAX_POINTS: usize = 150_000;

/// The angle (degrees, clockwise positive) by which the page's lines are turned.
pub fn skew_degrees(ink: &Ink) -> f32 {
    let points = ink_points(ink);
    if points.len() < 100 {
        return 0.0;
    }
    let score = |deg: f32| sharpness(&points, ink, deg);
    let coarse = (-30..=30).map(|i| i as f32 / 10.0);
    let Some(best) = coarse
        .map(|a| (a, score(a)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.abs().total_cmp(&a.0.abs())))
    else {
        return 0.0;
    };
    let fine = (-10..=10).map(|i| best.0 + i as f32 / 100.0);
    let best = fine
        .filter(|a| a.abs() <= MAX_SKEW)
        .map(|a| (a, score(a)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.abs().total_cmp(&a.0.abs())))
        .map_or(best.0, |b| b.0);
    // Exactly level when the profiles cannot tell the best from level.
    if score(0.0) >= score(best) * 0.9999 {
        0.0
    } else {
        best
    }
}

/// Ink pixels relative to the page's centre, thinned to at most [`MAX_POINTS`].
fn ink_points(ink: &Ink) -> Vec<(f32, f32)> {
    let total = ink.px.iter().filter(|&&v| v != 0).count();
    let every = total.div_ceil(MAX_POINTS).max(1);
    let (cx, cy) = (ink.width as f32 / 2.0, ink.height as f32 / 2.0);
    let mut out = Vec::with_capacity(total / every + 1);
    let mut n = 0usize;
    for y in 0..ink.height {
        for (x, &v) in ink.row(y).iter().enumerate() {
            if v != 0 {
                if n.is_multiple_of(every) {
                    out.push((x as f32 - cx, y as f32 - cy));
                }
                n += 1;
            }
        }
    }
    out
}

/// The sum of squared row counts of the points turned back by `degrees`.
fn sharpness(points: &[(f32, f32)], ink: &Ink, degrees: f32) -> f64 {
    let (s, c) = degrees.to_radians().sin_cos();
    // Rows of the page turned back: a point at (x, y) of a page turned clockwise by `degrees`
    // was at height y·cos − x·sin.
    let reach = (ink.width + ink.height) as f32;
    let mut rows = vec![0u32; 2 * reach as usize + 2];
    for &(x, y) in points {
        let r = y * c - x * s + reach;
        rows[r as usize] += 1;
    }
    rows.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
}
