//! Synthetic pages: a report's page drawn at 200 dpi A4 (title, paragraphs flush left with
//! ragged last lines, a ruled table of labels and figures), then turned, skewed, stamped, lit
//! unevenly or photographed at an angle.

use super::*;
use ab_glyph::FontRef;
use image::Rgb;
use imageproc::drawing::{draw_filled_rect_mut, draw_text_mut};
use imageproc::geometric_transformations::rotate_about_center;
use imageproc::rect::Rect;

pub const W: u32 = 1654;
pub const H: u32 = 2339;
const INK: Rgb<u8> = Rgb([20, 20, 20]);

fn font() -> FontRef<'static> {
    FontRef::try_from_slice(include_bytes!(
        "../../../../assets/fonts/NotoSansSC-subset.otf"
    ))
    .unwrap_or_else(|e| panic!("bundled font: {e}"))
}

/// The table: its left, top, column edges and row edges.
pub struct Table {
    pub cols: Vec<u32>,
    pub rows: Vec<u32>,
}

pub fn table() -> Table {
    let cols = vec![150, 700, 900, 1100, 1300, 1500];
    let rows = (0..13).map(|i| 1000 + i * 70).collect();
    Table { cols, rows }
}

const PARAGRAPHS: [&str; 3] = [
    "根据《中华人民共和国政府信息公开条例》规定，现公布本机关二〇二三年政府信息公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等部分组成。",
    "本年度共收到政府信息公开申请十二件，均在法定期限内答复。对申请人提出的问题，逐一核实并作出说明。",
    "全年未发生因政府信息公开被申请行政复议或提起行政诉讼的情况。",
];

const LABELS: [&str; 12] = [
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "总计",
    "结转下年度继续办理",
    "属于国家秘密",
    "危及三安全一稳定",
];

/// A clean page: white paper, black print.
pub fn page() -> RgbImage {
    let mut img = RgbImage::from_pixel(W, H, Rgb([255, 255, 255]));
    let f = font();
    draw_text_mut(
        &mut img,
        INK,
        430,
        150,
        56.0,
        &f,
        "政府信息公开工作年度报告",
    );
    let (size, per_line, left) = (36.0, 36usize, 150);
    let mut y = 300;
    for p in PARAGRAPHS {
        let chars: Vec<char> = p.chars().collect();
        let mut first = true;
        let mut i = 0;
        while i < chars.len() {
            let n = if first { per_line - 2 } else { per_line };
            let line: String = chars[i..(i + n).min(chars.len())].iter().collect();
            let x = if first { left + 72 } else { left };
            draw_text_mut(&mut img, INK, x, y, size, &f, &line);
            i += n;
            first = false;
            y += 54;
        }
        y += 20;
    }
    let t = table();
    draw_grid(&mut img, &t);
    for (r, label) in LABELS.iter().enumerate() {
        let top = t.rows[r] as i32 + 18;
        draw_text_mut(&mut img, INK, t.cols[0] as i32 + 12, top, 32.0, &f, label);
        for c in 1..t.cols.len() - 1 {
            let n = format!("{}", (r * 7 + c * 13) % 120);
            let mid = (t.cols[c] + t.cols[c + 1]) as i32 / 2;
            draw_text_mut(&mut img, INK, mid - 9 * n.len() as i32, top, 32.0, &f, &n);
        }
    }
    img
}

pub fn draw_grid(img: &mut RgbImage, t: &Table) {
    let (l, r) = (
        t.cols[0],
        *t.cols.last().unwrap_or_else(|| panic!("no value")),
    );
    let (top, bottom) = (
        t.rows[0],
        *t.rows.last().unwrap_or_else(|| panic!("no value")),
    );
    for &y in &t.rows {
        draw_filled_rect_mut(
            img,
            Rect::at(l as i32, y as i32 - 1).of_size(r - l + 2, 3),
            INK,
        );
    }
    for &x in &t.cols {
        draw_filled_rect_mut(
            img,
            Rect::at(x as i32 - 1, top as i32).of_size(3, bottom - top + 2),
            INK,
        );
    }
}

fn rotated(img: &RgbImage, degrees: f32) -> RgbImage {
    rotate_about_center(
        img,
        degrees.to_radians(),
        Interpolation::Bilinear,
        Rgb([255, 255, 255]),
    )
}

fn horizontal(rules: &[Segment]) -> Vec<&Segment> {
    rules.iter().filter(|s| s.y0 == s.y1).collect()
}

fn vertical(rules: &[Segment]) -> Vec<&Segment> {
    rules.iter().filter(|s| s.x0 == s.x1).collect()
}

/// Every rule of the table is found within `tol` pixels, spanning the table.
fn assert_grid(p: &Prepared, t: &Table, tol: f32) {
    let (l, r) = (
        t.cols[0] as f32,
        *t.cols.last().unwrap_or_else(|| panic!("no value")) as f32,
    );
    let (top, bottom) = (
        t.rows[0] as f32,
        *t.rows.last().unwrap_or_else(|| panic!("no value")) as f32,
    );
    for &y in &t.rows {
        let y = y as f32 + 0.5;
        assert!(
            horizontal(&p.rules)
                .iter()
                .any(|s| (s.y0 - y).abs() <= tol && s.x0 <= l + tol + 4.0 && s.x1 >= r - tol - 4.0),
            "no rule at y {y}: {:?}",
            horizontal(&p.rules)
        );
    }
    for &x in &t.cols {
        let x = x as f32 + 0.5;
        assert!(
            vertical(&p.rules).iter().any(|s| (s.x0 - x).abs() <= tol
                && s.y0 <= top + tol + 4.0
                && s.y1 >= bottom - tol - 4.0),
            "no rule at x {x}: {:?}",
            vertical(&p.rules)
        );
    }
}

#[test]
fn a_straight_clean_page_is_left_alone_and_its_rules_found() {
    let img = page();
    let p = prepare(&DynamicImage::ImageRgb8(img.clone()));
    assert_eq!(p.turns, 0);
    assert!(p.skew_degrees.abs() < 0.1, "skew {}", p.skew_degrees);
    assert!(!p.perspective);
    assert_eq!(p.seal_share, 0.0);
    // The same pixels (the print's gray levels, white paper).
    let changed = p
        .image
        .pixels()
        .zip(img.pixels())
        .filter(|(a, b)| (i32::from(a[0]) - i32::from(b[1])).abs() > 2)
        .count();
    assert_eq!(changed, 0);
    let t = table();
    assert_grid(&p, &t, 2.0);
    // Only the table's rules: no character stroke taken for one.
    assert_eq!(
        horizontal(&p.rules).len(),
        t.rows.len(),
        "{:?}",
        horizontal(&p.rules)
    );
    assert_eq!(
        vertical(&p.rules).len(),
        t.cols.len(),
        "{:?}",
        vertical(&p.rules)
    );
}

#[test]
fn skew_is_measured_within_a_fifth_of_a_degree_and_undone() {
    let img = page();
    for degrees in [-2.7f32, -1.3, -0.4, 0.3, 0.8, 2.1, 2.9] {
        let p = prepare(&DynamicImage::ImageRgb8(rotated(&img, degrees)));
        assert!(
            (p.skew_degrees - degrees).abs() <= 0.2,
            "turned {degrees}°, found {}°",
            p.skew_degrees
        );
        assert_eq!(p.turns, 0, "turned {degrees}°");
        assert!(!p.perspective, "turned {degrees}°");
        assert_grid(&p, &table(), 3.0);
    }
}

#[test]
fn quarter_turns_and_upside_down_pages_are_turned_upright() {
    let img = page();
    let cases = [
        (imageops::rotate90(&img), 3),
        (imageops::rotate270(&img), 1),
        (imageops::rotate180(&img), 2),
    ];
    for (turned, want) in cases {
        let p = prepare(&DynamicImage::ImageRgb8(turned));
        assert_eq!(p.turns, want);
        assert_eq!(p.image.dimensions(), (W, H));
        assert_grid(&p, &table(), 2.0);
    }
}

/// Stamps a seal: red ink multiplied over the print (black stays black under it).
fn stamp(img: &mut RgbImage, cx: i32, cy: i32, radius: i32) {
    let ink = [225.0f32, 35.0, 45.0];
    for y in cy - radius..=cy + radius {
        for x in cx - radius..=cx + radius {
            let d2 = (x - cx).pow(2) + (y - cy).pow(2);
            let ring = d2 <= radius.pow(2) && d2 >= (radius - 12).pow(2);
            let star = (x - cx).abs() + (y - cy).abs() < radius / 3;
            if ring || star {
                let p = img.get_pixel_mut(x as u32, y as u32);
                for (c, k) in p.0.iter_mut().zip(ink) {
                    *c = (f32::from(*c) * k / 255.0) as u8;
                }
            }
        }
    }
}

fn jpeg(img: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(img)
        .unwrap_or_else(|e| panic!("jpeg: {e}"));
    image::load_from_memory(&bytes)
        .unwrap_or_else(|e| panic!("decoded: {e}"))
        .into_rgb8()
}

#[test]
fn a_red_seal_goes_and_the_black_print_under_it_stays() {
    let mut img = page();
    let t = table();
    // Over the figures of the second to fifth rows.
    let (cx, cy) = (1000, t.rows[3] as i32);
    stamp(&mut img, cx, cy, 150);
    let img = jpeg(&img, 60);
    let p = prepare(&DynamicImage::ImageRgb8(img.clone()));
    assert!(p.seal_share > 0.003, "seal share {}", p.seal_share);
    let clean = page();
    let (mut print, mut kept, mut paper, mut red_left) = (0, 0, 0, 0);
    for y in cy - 150..=cy + 150 {
        for x in cx - 150..=cx + 150 {
            let inside = (x - cx).pow(2) + (y - cy).pow(2) <= 150 * 150;
            if !inside {
                continue;
            }
            let was = clean.get_pixel(x as u32, y as u32)[0];
            let now = p.image.get_pixel(x as u32, y as u32)[0];
            if was < 60 {
                print += 1;
                kept += usize::from(now < 128);
            } else if was == 255 {
                paper += 1;
                red_left += usize::from(now < 160);
            }
        }
    }
    assert!(
        kept * 100 >= print * 97,
        "{kept} of {print} print pixels kept"
    );
    assert!(
        red_left * 1000 <= paper,
        "{red_left} of {paper} paper pixels still dark"
    );
    assert_grid(&p, &t, 2.0);
}

#[test]
fn uneven_light_is_flattened_and_the_grid_kept() {
    let mut img = page();
    // A phone's light: bright top left, a dim bottom right at 45 % of it, a slight yellow.
    for (x, y, p) in img.enumerate_pixels_mut() {
        let d = (x as f32 / W as f32 + y as f32 / H as f32) / 2.0;
        let k = 0.95 - 0.5 * d;
        p.0 = [
            (f32::from(p[0]) * k) as u8,
            (f32::from(p[1]) * k * 0.97) as u8,
            (f32::from(p[2]) * k * 0.85) as u8,
        ];
    }
    let p = prepare(&DynamicImage::ImageRgb8(img));
    assert_eq!(p.turns, 0);
    assert!(p.skew_degrees.abs() < 0.1);
    assert!(!p.perspective);
    // Paper comes out white everywhere, even in the dim corner.
    let clean = page();
    let dark_paper = clean
        .enumerate_pixels()
        .filter(|(x, y, c)| c[0] == 255 && p.image.get_pixel(*x, *y)[0] < 200)
        .count();
    assert!(
        dark_paper * 1000 < (W * H) as usize,
        "{dark_paper} paper pixels dark"
    );
    assert_grid(&p, &table(), 2.0);
    let t = table();
    assert_eq!(horizontal(&p.rules).len(), t.rows.len());
    assert_eq!(vertical(&p.rules).len(), t.cols.len());
}

#[test]
fn a_dark_desk_around_the_sheet_does_not_swallow_the_table_rules() {
    // A photographed sheet on a dark desk: the desk shows as a band down the left edge and
    // across the top. Before, the band grew through the top row into one "rule" as wide as
    // the page that took in every table rule below it: a single line at the page's middle.
    let mut img = page();
    let desk = Rgb([70, 70, 70]);
    draw_filled_rect_mut(&mut img, Rect::at(0, 0).of_size(60, H), desk);
    draw_filled_rect_mut(&mut img, Rect::at(0, 0).of_size(W, 50), desk);
    let p = prepare(&DynamicImage::ImageRgb8(img));
    let t = table();
    assert_grid(&p, &t, 2.0);
    // No rule inside the page but the table's: the desk is a band, not a line, and the
    // paragraphs' characters, column by column, are not a rule either.
    let inside = |s: &&Segment| s.x0 > 80.0 && s.y0 > 80.0;
    let (top, bottom) = match (t.rows.first(), t.rows.last()) {
        (Some(&top), Some(&bottom)) => (top as f32, bottom as f32),
        _ => panic!("no rows"),
    };
    let stray: Vec<_> = p
        .rules
        .iter()
        .filter(inside)
        .filter(|s| s.y0 < top - 4.0 || s.y1 > bottom + 4.0)
        .collect();
    assert!(stray.is_empty(), "rules outside the table: {stray:?}");
}

/// A fax breaks thin rules into short pieces. One of the table's rules, cut every 60 pixels by a
/// gap of 10, has no piece half a long rule's length, yet the rows beside it are the cells'
/// blank padding: it is still a rule, where the top strokes of a line of characters, with the
/// characters under them, are not.
#[test]
fn a_rule_a_fax_broke_into_short_pieces_is_still_a_rule() {
    let mut img = page();
    let t = table();
    let (l, r, y) = (t.cols[0], t.cols[t.cols.len() - 1], t.rows[6]);
    let mut x = l + 60;
    while x + 10 < r {
        draw_filled_rect_mut(
            &mut img,
            Rect::at(x as i32, y as i32 - 2).of_size(10, 5),
            Rgb([255, 255, 255]),
        );
        x += 70;
    }
    let p = prepare(&DynamicImage::ImageRgb8(img));
    assert_grid(&p, &t, 2.0);
    assert_eq!(
        horizontal(&p.rules).len(),
        t.rows.len(),
        "{:?}",
        horizontal(&p.rules)
    );
}

#[test]
fn a_photo_at_an_angle_has_its_table_made_a_rectangle_again() {
    let img = page();
    let t = table();
    let (l, r) = (
        t.cols[0] as f32,
        *t.cols.last().unwrap_or_else(|| panic!("no value")) as f32,
    );
    let (top, bottom) = (
        t.rows[0] as f32,
        *t.rows.last().unwrap_or_else(|| panic!("no value")) as f32,
    );
    // The camera leaned back: the table's top edge narrower than its bottom.
    let from = [(l, top), (r, top), (r, bottom), (l, bottom)];
    let to = [
        (l + 40.0, top + 10.0),
        (r - 30.0, top - 6.0),
        (r + 6.0, bottom + 4.0),
        (l - 8.0, bottom),
    ];
    let warp_by = Projection::from_control_points(from, to).unwrap_or_else(|| panic!("no value"));
    let photo = warp(
        &img,
        &warp_by,
        Interpolation::Bilinear,
        Rgb([255, 255, 255]),
    );
    let p = prepare(&DynamicImage::ImageRgb8(photo));
    assert!(p.perspective);
    assert_eq!(p.turns, 0);
    // The outer rules meet at the corners of a rectangle.
    let hs = horizontal(&p.rules);
    let vs = vertical(&p.rules);
    let long_h: Vec<_> = hs.iter().filter(|s| s.x1 - s.x0 > 1000.0).collect();
    let long_v: Vec<_> = vs.iter().filter(|s| s.y1 - s.y0 > 700.0).collect();
    let first = long_h
        .iter()
        .min_by(|a, b| a.y0.total_cmp(&b.y0))
        .unwrap_or_else(|| panic!("top rule"));
    let last = long_h
        .iter()
        .max_by(|a, b| a.y0.total_cmp(&b.y0))
        .unwrap_or_else(|| panic!("bottom rule"));
    let left = long_v
        .iter()
        .min_by(|a, b| a.x0.total_cmp(&b.x0))
        .unwrap_or_else(|| panic!("left rule"));
    let right = long_v
        .iter()
        .max_by(|a, b| a.x0.total_cmp(&b.x0))
        .unwrap_or_else(|| panic!("right rule"));
    for (got, want) in [
        (first.x0, left.x0),
        (first.x1, right.x0),
        (last.x0, left.x0),
        (last.x1, right.x0),
        (left.y0, first.y0),
        (right.y0, first.y0),
        (left.y1, last.y0),
        (right.y1, last.y0),
    ] {
        assert!((got - want).abs() <= 4.0, "corner off: {got} vs {want}");
    }
    // All 13 rows and 6 columns are there as whole rules.
    assert_eq!(long_h.len(), t.rows.len(), "{hs:?}");
    assert_eq!(long_v.len(), t.cols.len(), "{vs:?}");
}

#[test]
fn ink_turns_like_the_image() {
    let mut g = GrayImage::new(5, 3);
    g.put_pixel(1, 0, Luma([0]));
    g.put_pixel(4, 2, Luma([0]));
    let ink = Ink::pooled(&g, 1, 128);
    for q in 0..4 {
        assert_eq!(
            ink.turned(q),
            Ink::pooled(&turn(&g, q), 1, 128),
            "{q} turns"
        );
    }
}

/// `cargo test --release --lib scan::prep -- --ignored --nocapture timing`
#[test]
#[ignore]
fn timing() {
    let img = DynamicImage::ImageRgb8(rotated(&page(), 0.7));
    let start = std::time::Instant::now();
    let runs = 5;
    for _ in 0..runs {
        std::hint::black_box(prepare(&img));
    }
    eprintln!("prepare: {:?} per 200 dpi page", start.elapsed() / runs);
}
