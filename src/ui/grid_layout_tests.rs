use super::*;

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

/// Every grid unit is covered exactly once.
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
            // T2 sub-tables with fewer columns leave no gaps either: spans widen to fill.
            assert_eq!(*n, 1, "unit ({r},{c}) covered {n} times");
        }
    }
}

#[test]
fn t3_has_the_official_spanning_headers_and_nested_labels() {
    let m = Model::for_table(TableId::T3, FormatVersion::V2021);
    assert_eq!((m.header_rows, m.cols.len()), (3, 3 + 7));
    let applicants = header(&m, t3::APPLICANTS);
    assert_eq!((applicants.row, applicants.col, applicants.cols), (0, 3, 6));
    let orgs = header(&m, t3::ORGANISATIONS);
    assert_eq!((orgs.row, orgs.col, orgs.rows, orgs.cols), (1, 4, 1, 5));
    let natural = header(&m, "自然人");
    assert_eq!((natural.row, natural.rows), (1, 2));
    let total = header(&m, "总计");
    assert_eq!((total.row, total.rows, total.col), (0, 3, 9));

    let results = label(&m, "三、本年度办理结果");
    assert_eq!((results.col, results.cols, results.row), (0, 1, 2));
    assert_eq!(results.rows, 22, "results cover granted … results_total");
    let denied = label(&m, "（三）不予公开");
    assert_eq!((denied.col, denied.rows), (1, 8));
    let new = label(&m, "一、本年新收政府信息公开申请数量");
    assert_eq!((new.col, new.cols), (0, 3));
    let granted = label(&m, "（一）予以公开");
    assert_eq!((granted.col, granted.cols), (1, 2));

    assert_tiles(m.header_rows, m.cols.len(), &m.header);
    assert_tiles(m.body_rows, m.cols.len(), &m.body);
    assert_eq!(m.value_keys().len(), 25 * 7);
    assert_eq!(m.value_keys()[0], "T3.new.natural");
}

#[test]
fn t3_2019_has_one_other_row() {
    let m = Model::for_table(TableId::T3, FormatVersion::V2019);
    let other = label(&m, "（六）其他处理");
    assert_eq!((other.col, other.cols, other.rows), (1, 2, 1));
    assert_tiles(m.body_rows, m.cols.len(), &m.body);
}

#[test]
fn t4_groups_three_outcome_blocks() {
    let m = Model::for_table(TableId::T4, FormatVersion::V2021);
    assert_eq!((m.header_rows, m.cols.len(), m.body_rows), (3, 15, 1));
    let review = header(&m, "行政复议");
    assert_eq!((review.row, review.rows, review.cols), (0, 2, 5));
    let suit = header(&m, "行政诉讼");
    assert_eq!((suit.col, suit.cols, suit.rows), (5, 10, 1));
    let direct = header(&m, "未经复议直接起诉");
    assert_eq!((direct.row, direct.col, direct.cols), (1, 5, 5));
    assert!(m.header.iter().filter(|s| s.row == 2).count() == 15);
    assert_tiles(m.header_rows, m.cols.len(), &m.header);
    assert_eq!(m.value_keys()[14], "T4.suit_after_review.total");
}

#[test]
fn t2_repeats_its_sub_table_headers() {
    for v in FormatVersion::ALL {
        let m = Model::for_table(TableId::T2, v);
        assert_eq!(m.header_rows, 0);
        assert_tiles(m.body_rows, m.cols.len(), &m.body);
        let keys = m.value_keys();
        assert_eq!(keys.len(), format::cells_of(TableId::T2, v).len());
    }
    let m = Model::for_table(TableId::T2, FormatVersion::V2021);
    let title = header(&m, "第二十条第（一）项");
    assert_eq!((title.row, title.cols), (0, 7));
    let fees = m
        .body
        .iter()
        .find(|s| s.content == Content::Value("T2.fees.amount".into()))
        .unwrap();
    assert_eq!(fees.cols, 6);
    assert_eq!(
        m.body
            .iter()
            .filter(|s| s.content == Content::Header("信息内容".into()))
            .count(),
        4
    );
}
