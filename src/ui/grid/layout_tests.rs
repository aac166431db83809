use super::*;
use crate::format::{self, t3};

fn header<'a>(m: &'a Model, text: &str) -> &'a Span {
    m.header
        .iter()
        .chain(&m.body)
        .find(|s| s.content == Content::Header(text.into()))
        .unwrap_or_else(|| panic!("no header {text}"))
}

fn label<'a>(m: &'a Model, text: &str) -> &'a Span {
    m.body
        .iter()
        .find(|s| s.content == Content::Label(text.into()))
        .unwrap_or_else(|| panic!("no label {text}"))
}

fn at(s: &Span) -> (usize, usize, usize, usize) {
    (s.row, s.col, s.rows, s.cols)
}

/// Every grid unit is covered exactly once: the painter leaves no hole and draws nothing twice.
fn assert_tiles(rows: usize, cols: usize, spans: &[Span]) {
    let mut seen = vec![vec![0; cols]; rows];
    for s in spans {
        for row in &mut seen[s.row..s.row + s.rows] {
            for c in &mut row[s.col..s.col + s.cols] {
                *c += 1;
            }
        }
    }
    for (r, row) in seen.iter().enumerate() {
        for (c, n) in row.iter().enumerate() {
            assert_eq!(*n, 1, "unit ({r},{c}) covered {n} times");
        }
    }
}

#[test]
fn the_grid_draws_the_layout_models_cells_unchanged() {
    for t in TableId::ALL {
        for v in FormatVersion::ALL {
            let layout = TableLayout::new(t, v);
            let m = Model::for_table(t, v);
            let drawn: Vec<_> = m.stacked().map(|s| at(&s)).collect();
            let model: Vec<_> = layout
                .stacked()
                .map(|c| (c.row, c.col, c.row_span, c.col_span))
                .collect();
            assert_eq!(drawn, model, "{t:?} {v}");
            assert_eq!(m.cols.len(), layout.cols());
            assert_tiles(m.header_rows, m.cols.len(), &m.header);
            assert_tiles(m.body_rows, m.cols.len(), &m.body);
            let keys: Vec<String> = format::cells_of(t, v).iter().map(|d| d.key()).collect();
            assert_eq!(m.value_keys(), keys, "{t:?} {v}: reading order");
        }
    }
}

#[test]
fn t3_shows_applicants_over_all_seven_columns_with_total_under_it() {
    let m = Model::for_table(TableId::T3, FormatVersion::V2021);
    assert_eq!((m.header_rows, m.cols.len()), (3, 3 + 7));
    assert_eq!(at(header(&m, t3::APPLICANTS)), (0, 3, 1, 7));
    assert_eq!(at(header(&m, t3::ORGANISATIONS)), (1, 4, 1, 5));
    assert_eq!(at(header(&m, "自然人")), (1, 3, 2, 1));
    assert_eq!(at(header(&m, "总计")), (1, 9, 2, 1));
    assert_eq!(at(header(&m, t3::CAPTION)), (0, 0, 3, 3), "the corner");

    assert_eq!(at(label(&m, "三、本年度办理结果")), (2, 0, 22, 1));
    assert_eq!(at(label(&m, "（三）不予公开")), (4, 1, 8, 1));
    assert_eq!(at(label(&m, "（一）予以公开")), (2, 1, 1, 2));
    assert_eq!(m.value_keys()[0], "T3.new.natural");

    let m19 = Model::for_table(TableId::T3, FormatVersion::V2019);
    assert_eq!(at(label(&m19, "（六）其他处理")), (20, 1, 1, 2));
}

#[test]
fn t4_and_t2_keep_their_shapes() {
    let m = Model::for_table(TableId::T4, FormatVersion::V2021);
    assert_eq!((m.header_rows, m.cols.len(), m.body_rows), (3, 15, 1));
    assert_eq!(at(header(&m, "行政复议")), (0, 0, 2, 5));
    assert_eq!(at(header(&m, "未经复议直接起诉")), (1, 5, 1, 5));
    assert_eq!(m.value_keys()[14], "T4.suit_after_review.total");

    let m = Model::for_table(TableId::T2, FormatVersion::V2021);
    assert_eq!(m.header_rows, 0);
    assert_eq!(at(header(&m, "第二十条第（一）项")), (0, 0, 1, 1 + 3));
    let heads = m
        .body
        .iter()
        .filter(|s| s.content == Content::Header(format::layout::ROW_HEADER.into()))
        .count();
    assert_eq!(heads, 4);
}

#[test]
fn columns_are_sized_by_what_they_hold() {
    let m = Model::for_table(TableId::T3, FormatVersion::V2021);
    assert!(m.cols[..3].iter().all(|c| c.label));
    assert!(
        m.cols[2].min > m.cols[0].min,
        "the row's own label is the wide one"
    );
    assert!(m.cols[3..].iter().all(|c| !c.label));
    // 表二's value area is the same width whether it is cut into three units (2021) or six
    // (2019): its blocks line up with the same cell widths in both editions.
    for v in FormatVersion::ALL {
        let m = Model::for_table(TableId::T2, v);
        let area: f32 = m.cols.iter().filter(|c| !c.label).map(|c| c.min).sum();
        let weight: f32 = m.cols.iter().filter(|c| !c.label).map(|c| c.weight).sum();
        assert!((area - T2_VALUE_AREA).abs() < 0.01, "{v}: {area}");
        assert!((weight - 6.0).abs() < 0.01, "{v}: {weight}");
    }
}
