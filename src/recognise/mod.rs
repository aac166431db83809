//! Recognising a report in a [`Document`]: its sections, its edition, its three tables (every
//! cell with where it came from) and its particulars (agency, year, publication date).
//!
//! Nothing here depends on fixed line numbers or on how the source laid the tables out: see
//! [`tokens`] for the flattening and [`tables`] for how rows are matched.

mod cell_lines;
mod fields;
mod header;
mod meta;
pub mod numbers;
mod rows;
mod scanned;
mod script;
mod sections;
mod signature;
mod statements;
mod tables;
pub(crate) mod tokens;

use crate::format::{self, normalise_label, FormatVersion, TableId};
use crate::model::Report;
use crate::read::Document;
use tokens::Flat;

pub use meta::{date_in, parse_year, YEARS};

/// The report as printed: every cell read, implied or missing. Lost cells the tables' own
/// arithmetic determines are filled by the next stage of the pipeline, [`crate::recognise_and_deduce`].
pub fn recognise(file: &str, doc: &Document) -> Report {
    // Traditional characters first become Simplified: labels, headings and names are matched in
    // Simplified, and the report's text (which spans index) is the converted one.
    let simplified = script::to_simplified(doc);
    let doc = simplified.as_ref().unwrap_or(doc);
    let flat = tokens::flatten(doc);
    let mut found = sections::find_sections(&flat);
    if let Some(start) = signature::block_start(&flat) {
        sections::end_before_signature(&mut found, &flat, start);
    }
    let regions = table_regions(&flat, &found);
    let version = detect_version(&flat, &regions);

    let mut report = Report::empty(file, doc.kind, String::new());
    report.format_version = version;
    let mut guessed = Vec::new();
    if let Some(v) = version {
        for (id, lines) in &regions {
            let Some(lines) = lines else { continue };
            let tokens = token_range(&flat, lines.clone());
            let def = format::table(*id);
            if tables::read_table(&mut report, &flat, tokens, def, v, &mut guessed) {
                report.tables.push(*id);
            }
        }
    }
    if report.tables.is_empty() {
        report.format_version = None;
    }

    let first_section_line = found.first().map(|(_, l)| *l).unwrap_or(12);
    let head = nonempty_lines(&flat, 0..first_section_line.min(flat.lines.len()));
    let tail_lines = nonempty_lines(&flat, 0..flat.lines.len());
    let tail = &tail_lines[tail_lines.len().saturating_sub(6)..];
    let m = meta::find_meta(&head, tail, &flat.text);
    // No title, field or signature names the body: the first sentence may (`2022年，某局…`).
    let lead_from = found
        .first()
        .map_or(0, |(_, l)| l + 1)
        .min(flat.lines.len());
    let lead = nonempty_lines(&flat, lead_from..(lead_from + 3).min(flat.lines.len()));
    report.agency = m.agency.or_else(|| statements::subject(&lead));
    report.year = m.year;
    report.year_inferred = m.year_from.is_some_and(|f| !f.stated());
    report.year_from = m.year_from;
    report.published = m.published;
    report.sections = found.into_iter().map(|(s, _)| s).collect();
    scanned::attach(&mut report, &flat, doc, &guessed);
    report.text = flat.text;
    report
}

fn nonempty_lines(flat: &Flat, lines: std::ops::Range<usize>) -> Vec<&str> {
    lines
        .map(|i| flat.line_text(i).trim())
        .filter(|l| !l.is_empty())
        .collect()
}

fn token_range(flat: &Flat, lines: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = flat
        .lines
        .get(lines.start)
        .map_or(flat.tokens.len(), |l| l.tokens.start);
    let end = if lines.end >= flat.lines.len() {
        flat.tokens.len()
    } else {
        flat.lines[lines.end].tokens.start
    };
    start..end.max(start)
}

type Regions = Vec<(TableId, Option<std::ops::Range<usize>>)>;

/// The lines each table occupies: from its section heading to the next heading. Where headings
/// are missing, the table is found by text that only it prints.
fn table_regions(flat: &Flat, found: &[(crate::model::Section, usize)]) -> Regions {
    let heading = |n: u8| found.iter().find(|(s, _)| s.number == n).map(|(_, l)| *l);
    let anchors: [(TableId, &[&str]); 3] = [
        (TableId::T2, &["第二十条", "主动公开政府信息情况"]),
        (TableId::T3, &["勾稽关系", "本年新收政府信息公开申请"]),
        (TableId::T4, &["尚未审结", "结果维持"]),
    ];
    let mut starts: Vec<Option<usize>> = Vec::new();
    let mut from = 0;
    for (id, words) in anchors {
        let start = heading(id.section()).or_else(|| {
            (from..flat.lines.len()).find(|&i| {
                let t = normalise_label(flat.line_text(i));
                words.iter().any(|w| t.contains(w))
            })
        });
        if let Some(s) = start {
            from = s + 1;
        }
        starts.push(start);
    }
    let end_of_all = heading(5)
        .or_else(|| heading(6))
        .unwrap_or(flat.lines.len());
    anchors
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            let range = starts[i].map(|s| {
                let next = starts[i + 1..].iter().flatten().next().copied();
                let end = next.unwrap_or(end_of_all).max(s);
                s..end
            });
            (*id, range)
        })
        .collect()
}

/// The edition, from the column headers only one of them prints; the shape of (六)其他处理
/// decides when table 二 is missing.
fn detect_version(flat: &Flat, regions: &Regions) -> Option<FormatVersion> {
    let text_of = |id: TableId| -> String {
        regions
            .iter()
            .find(|(t, _)| *t == id)
            .and_then(|(_, r)| r.clone())
            .map(|r| r.map(|i| normalise_label(flat.line_text(i))).collect())
            .unwrap_or_default()
    };
    let t2 = text_of(TableId::T2);
    let count = |markers: &[&str]| markers.iter().filter(|m| t2.contains(*m)).count();
    let (v19, v21) = (
        count(format::t2::MARKERS_2019),
        count(format::t2::MARKERS_2021),
    );
    if v19 > v21 {
        return Some(FormatVersion::V2019);
    }
    if v21 > 0 {
        return Some(FormatVersion::V2021);
    }
    let t3 = text_of(TableId::T3);
    if t3.contains("逾期不补正") || t3.contains("缴纳费用") {
        Some(FormatVersion::V2021)
    } else if t3.contains("其他处理") {
        Some(FormatVersion::V2019)
    } else if regions.iter().any(|(_, r)| r.is_some()) {
        // Only table 四 (identical in both editions) or nothing telling: the current edition.
        Some(FormatVersion::V2021)
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{CellState, FileKind, Guess};
    use crate::read::txt::from_text;

    fn rec(text: &str) -> Report {
        recognise("t.txt", &from_text(text, FileKind::Text))
    }

    pub(crate) const T3_HEAD: &str = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";

    #[test]
    fn wrapped_labels_and_space_separated_values() {
        let r = rec(&format!(
            "{T3_HEAD}一、本年新收政府信\n息公开申请数量 2 0 0 0 0 0 2\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        ));
        assert_eq!(r.value("T3.new.natural"), Some(2.0));
        assert_eq!(r.value("T3.new.total"), Some(2.0));
        assert_eq!(r.value("T3.carried_in.total"), Some(0.0));
        let p = &r.cell("T3.new.natural").unwrap().provenance;
        assert_eq!(&r.text[p.span.clone().unwrap()], "2");
        // Rows of a present table that were not in the text are missing, not zero.
        assert_eq!(
            r.cell("T3.granted.natural").unwrap().state,
            CellState::Missing
        );
        assert_eq!(r.value("T3.granted.natural"), None);
    }

    #[test]
    fn dashes_are_implied_zero_and_junk_is_missing() {
        let r = rec(&format!(
            "{T3_HEAD}一、本年新收政府信息公开申请数量\t—\t无\t0\tx\t0\t0\t1\n"
        ));
        assert_eq!(r.value("T3.new.natural"), Some(0.0));
        assert_eq!(r.cell("T3.new.natural").unwrap().state, CellState::Implied);
        assert_eq!(r.cell("T3.new.research").unwrap().state, CellState::Read);
        assert_eq!(r.cell("T3.new.social").unwrap().state, CellState::Invalid);
        assert_eq!(r.cell("T3.new.social").unwrap().provenance.raw, "x");
    }

    #[test]
    fn a_typo_in_a_row_label_is_tolerated() {
        let r = rec(&format!(
            "{T3_HEAD}4.保护第三方合法权意\t0\t0\t0\t0\t0\t0\t3\n"
        ));
        assert_eq!(r.value("T3.denied_third_party.total"), Some(3.0));
    }

    #[test]
    fn t4_values_after_grouped_headers() {
        let r = rec("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n0 0 0 0 0 0 2 0 1 3 0 0 0 0 0\n五、存在的主要问题及改进情况\n共 52 条\n");
        assert!(r.has_table(TableId::T4));
        assert_eq!(r.value("T4.suit_direct.corrected"), Some(2.0));
        assert_eq!(r.value("T4.suit_direct.total"), Some(3.0));
        assert_eq!(r.value("T4.suit_after_review.total"), Some(0.0));
    }

    /// 表四 as a Word or web table: three header rows with merged cells, then the value row.
    pub(crate) fn t4_html(values: &[&str]) -> String {
        let cells: String = values.iter().map(|v| format!("<td>{v}</td>")).collect();
        let five =
            "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>";
        format!(
            "<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>\
             <tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>\
             <tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td>\
             <td rowspan=2>尚未审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td>\
             <td colspan=5>复议后起诉</td></tr><tr>{five}{five}</tr><tr>{cells}</tr></table>\
             <p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
        )
    }

    #[test]
    fn a_blank_row_before_t4_values_does_not_hide_them() {
        let filled = t4_html(&[
            "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ]);
        let spacer = format!("<tr>{}</tr>", "<td></td>".repeat(15));
        let html = filled.replacen("<tr><td>1</td>", &format!("{spacer}<tr><td>1</td>"), 1);
        assert!(html.contains(&spacer));
        let r = recognise("t.html", &crate::read::html::read(html.as_bytes()).unwrap());
        assert_eq!(r.value("T4.review.upheld"), Some(1.0));
        assert_eq!(r.cell("T4.review.upheld").unwrap().state, CellState::Read);
        assert_eq!(r.value("T4.review.total"), Some(1.0));
    }

    #[test]
    fn t4_printed_as_three_groups_of_five_is_read_in_order() {
        let r = rec("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n行政复议 1 0 0 0 1\n未经复议直接起诉 0 2 0 1 3\n复议后起诉 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。\n");
        assert_eq!(r.value("T4.review.upheld"), Some(1.0));
        assert_eq!(r.value("T4.suit_direct.total"), Some(3.0));
        assert_eq!(r.value("T4.suit_after_review.total"), Some(0.0));
    }

    #[test]
    fn edition_from_column_headers() {
        let r = rec("二、主动公开政府信息情况\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t1\t2\n第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t3\t-1\n");
        assert_eq!(r.format_version, Some(FormatVersion::V2019));
        assert_eq!(r.value("T2.rules.total"), Some(2.0));
        assert_eq!(r.value("T2.fees.change"), Some(-1.0));
        assert_eq!(r.value("T2.rules.issued"), None);
    }

    fn finding<'a>(r: &'a Report, rule: &str) -> Option<&'a crate::model::Finding> {
        r.layout_notes.iter().find(|f| f.rule == rule)
    }

    #[test]
    fn blank_cells_of_tab_separated_rows_are_implied_by_their_column() {
        let r = rec(&format!(
            "{T3_HEAD}一、本年新收政府信息公开申请数量\t258\t12\t\t\t1\t1\t272\n二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\n三、本年度办理结果\t(一) 予以公开\t5\t\t\t\t\t\t5\n"
        ));
        assert_eq!(r.value("T3.new.natural"), Some(258.0));
        assert_eq!(r.value("T3.new.research"), Some(0.0));
        assert_eq!(r.cell("T3.new.research").unwrap().state, CellState::Implied);
        assert_eq!(r.value("T3.new.legal"), Some(1.0));
        assert_eq!(r.value("T3.new.total"), Some(272.0));
        // A row of blank cells is a row of zeros, each reported.
        assert_eq!(r.value("T3.carried_in.total"), Some(0.0));
        assert_eq!(
            r.cell("T3.carried_in.natural").unwrap().state,
            CellState::Implied
        );
        assert_eq!(r.value("T3.granted.natural"), Some(5.0));
        assert_eq!(r.value("T3.granted.total"), Some(5.0));
        assert!(r.layout_notes.is_empty(), "{:?}", r.layout_notes);
    }

    #[test]
    fn a_table_printed_with_labels_but_no_value_is_there_with_its_cells_missing() {
        let labels: String = format::table(TableId::T3)
            .rows_for(FormatVersion::V2021)
            .map(|r| format!("{}\n", r.label))
            .collect();
        let r = rec(&format!("{T3_HEAD}{labels}"));
        assert!(r.has_table(TableId::T3));
        assert_eq!(
            r.cell("T3.new.total").map(|c| c.state),
            Some(CellState::Missing)
        );
        // A heading alone is no table.
        assert!(!rec(T3_HEAD).has_table(TableId::T3));
    }

    #[test]
    fn space_separated_rows_still_need_every_value() {
        let r = rec(&format!(
            "{T3_HEAD}一、本年新收政府信息公开申请数量 258 12 1 1 272\n"
        ));
        assert_eq!(r.value("T3.new.natural"), None);
        let missing = r
            .cells
            .iter()
            .filter(|(k, c)| k.starts_with("T3.new.") && c.state == CellState::Missing)
            .count();
        assert_eq!(missing, 7);
        // The row is kept, with its text, for the clerk to place by hand.
        assert!(
            r.unplaced.iter().any(|u| u.keys.len() == 7),
            "{:?}",
            r.unplaced
        );
    }

    #[test]
    fn a_badly_mistyped_label_between_known_rows_is_placed_by_order() {
        let r = rec(&format!(
            "{T3_HEAD}1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n2.其他法律行政止公开\t1\t0\t0\t0\t0\t0\t1\n3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0\n"
        ));
        assert_eq!(r.value("T3.denied_law.natural"), Some(1.0));
        assert_eq!(r.value("T3.denied_law.total"), Some(1.0));
        // Junk between two rows that leave no row free is not placed anywhere.
        let r = rec(&format!(
            "{T3_HEAD}1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n合计人数\t9\t0\t0\t0\t0\t0\t9\n2.其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1\n"
        ));
        assert!(r.cells.values().all(|c| c.value != Some(9.0)));
    }

    #[test]
    fn a_collapsed_other_row_of_2021_goes_to_other() {
        let t2 = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n";
        let r = rec(&format!(
            "{t2}{T3_HEAD}5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n（六）其他处理\t3\t0\t0\t0\t0\t0\t3\n（七）总计\t3\t0\t0\t0\t0\t0\t3\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n"
        ));
        assert_eq!(r.format_version, Some(FormatVersion::V2021));
        assert_eq!(r.value("T3.other.natural"), Some(3.0));
        assert_eq!(
            r.cell("T3.other_other.natural").unwrap().state,
            CellState::Absent
        );
        assert!(r.t3_other_collapsed());
        let f = finding(&r, "LAYOUT_NONSTANDARD").expect("reported");
        assert!(f.message.contains("（六）其他处理"), "{}", f.message);
        let keys: Vec<&str> = r.printed_rows(TableId::T3).iter().map(|r| r.key).collect();
        assert!(keys.contains(&"other") && !keys.contains(&"other_no_fee"));
    }

    #[test]
    fn the_group_label_of_other_on_its_own_row_is_not_a_collapsed_row() {
        let r = rec(&format!(
            "{T3_HEAD}（六）其他处理\t\t\t\t\t\t\t\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
        ));
        assert_eq!(r.value("T3.other_no_correction.total"), Some(1.0));
        assert!(!r.t3_other_collapsed());
    }

    #[test]
    fn a_row_printed_twice_and_a_subtotal_column_are_read_and_reported() {
        let head = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\n";
        let r = rec(&format!(
            "{head}一、本年新收政府信息公开申请数量\t2\t1\t0\t0\t0\t1\t2\t4\n一、本年新收政府信息公开申请数量\t2\t1\t0\t0\t0\t1\t2\t4\n"
        ));
        assert_eq!(r.value("T3.new.natural"), Some(2.0));
        assert_eq!(r.value("T3.new.other"), Some(1.0));
        assert_eq!(r.value("T3.new.total"), Some(4.0));
        let layout: Vec<&str> = r
            .layout_notes
            .iter()
            .filter(|f| f.rule == "LAYOUT_NONSTANDARD")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(layout.len(), 2, "{layout:?}");
        assert!(layout.iter().any(|m| m.contains("小计")));
        assert!(layout.iter().any(|m| m.contains("印了两次")));
    }

    #[test]
    fn page_numbers_and_repeated_headers_inside_a_table_are_skipped() {
        let r = rec(&format!(
            "{T3_HEAD}一、本年新收政府信息公开申请数量\t746\t12\t0\t0\t10\t1\t769\n- 4 -\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
        ));
        assert_eq!(r.value("T3.new.total"), Some(769.0));
        assert_eq!(r.value("T3.carried_in.total"), Some(1.0));
        assert!(r.layout_notes.is_empty(), "{:?}", r.layout_notes);
    }

    #[test]
    fn a_row_broken_by_a_page_is_joined() {
        let r = rec(&format!(
            "{T3_HEAD}2.重复申请\t0\t0\t0\t0\t0\t0\t0\n3.要求提供公开出版\t\t\t\t\t\t\t\n第 4 页 共 6 页\n物\t2\t0\t0\t0\t0\t0\t2\n4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0\n"
        ));
        assert_eq!(r.value("T3.rejected_publication.natural"), Some(2.0));
        assert_eq!(
            r.cell("T3.rejected_publication.natural").unwrap().state,
            CellState::Read
        );
        assert_eq!(r.value("T3.rejected_excessive.total"), Some(0.0));
    }

    /// A scan's lines, each figure on them marked as read by the OCR.
    fn scanned(lines: &[&str]) -> Document {
        use crate::read::scan::{CharRead, OcrAt, OcrMark, Word};
        let mut doc = Document::new(FileKind::Pdf);
        for (block, line) in lines.iter().enumerate() {
            doc.push_line(*line, Some(1));
            let mut at = 0;
            for field in line.split('\t') {
                let figure = !field.is_empty() && field.chars().all(|c| c.is_ascii_digit());
                if figure {
                    let chars = field.chars().map(|ch| CharRead {
                        ch,
                        prob: 0.99,
                        alternatives: Vec::new(),
                    });
                    let word = Word {
                        text: field.into(),
                        confidence: 0.99,
                        page: 1,
                        bbox: [300.0, 200.0, 330.0, 220.0],
                        chars: chars.collect(),
                    };
                    let at = OcrAt::Line {
                        block,
                        bytes: at..at + field.len(),
                    };
                    doc.ocr.push(OcrMark { at, word });
                }
                at += field.len() + 1;
            }
        }
        doc
    }

    /// 表二's first rows as a tilted photo's ruled grid gave them: a cell more than the three
    /// columns on every row, the figure with a blank on each side. `header_end` is how the
    /// header row ends (a tab: the surplus cell is at its end).
    fn scanned_t2(header_end: &str) -> Document {
        let header = format!("信息内容\t本年制发件数\t本年废止件数\t现行有效件数{header_end}");
        scanned(&[
            "二、主动公开政府信息情况",
            "第二十条第（一）项\t",
            &header,
            "规章\t\t\t\t",
            "\t行政规范性文件\t\t\t37\t",
            "第二十条第（五）项\t",
            "信息内容\t本年处理决定数量\t",
            "行政许可\t5\t",
        ])
    }

    #[test]
    fn a_surplus_cell_the_header_row_has_at_its_end_is_taken_from_each_row_s_end() {
        let r = recognise("p.pdf", &scanned_t2("\t"));
        assert_eq!(r.value("T2.normative.in_force"), Some(37.0));
        assert_eq!(r.value("T2.normative.repealed"), Some(0.0));
        assert_eq!(r.value("T2.normative.issued"), Some(0.0));
        assert_eq!(r.ocr["T2.normative.in_force"].guess, None);
    }

    #[test]
    fn a_scanned_row_whose_surplus_cell_could_be_at_either_end_is_marked_as_a_guess() {
        let r = recognise("p.pdf", &scanned_t2(""));
        // Taken at the front as in any table (a merged label's second column) …
        assert_eq!(r.value("T2.normative.repealed"), Some(37.0));
        // … but from a scan that is a guess the checks must name.
        assert_eq!(r.ocr["T2.normative.repealed"].guess, Some(Guess::Column));
        assert_eq!(r.value("T2.licensing.decisions"), Some(5.0));
    }

    #[test]
    fn a_scanned_row_padded_at_both_ends_is_placed_the_way_its_total_adds_up() {
        let lines = [
            "三、收到和处理政府信息公开申请情况",
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\t",
            // The empty cell after 其他 is 总计's, merged from the line above: no surplus.
            "\t自然人\t法人或其他组织\t总计",
            "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
            "一、本年新收政府信息公开申请数量\t10\t780\t\t\t52\t507\t1349",
            // Ten cells for seven columns: the figures are 科研机构 and 总计 only if the three
            // surplus cells are at the end.
            "\t\t8. 属于行政查询事项\t\t\t84\t\t\t\t84\t\t\t",
            // Eight cells, and either way the 5 and 6 fail to add up to 5: a guess.
            "\t\t1.本机关不掌握相关政府信息\t\t5\t\t\t\t\t6\t",
        ];
        let r = recognise("p.pdf", &scanned(&lines));
        assert_eq!(r.value("T3.denied_inquiry.research"), Some(84.0));
        assert_eq!(r.value("T3.denied_inquiry.total"), Some(84.0));
        assert_eq!(r.value("T3.denied_inquiry.natural"), Some(0.0));
        assert_eq!(r.ocr["T3.denied_inquiry.total"].guess, None);
        assert_eq!(r.value("T3.unable_not_held.natural"), Some(5.0));
        assert_eq!(
            r.ocr["T3.unable_not_held.natural"].guess,
            Some(Guess::Column)
        );
    }

    /// A photo of 表三: the figures of a two-line row stood between its label's lines, and the
    /// OCR's lines put them after the row above, whose own cells are all blank. `next` is the
    /// line of the row below the figures.
    fn figures_between_rows(next: &str) -> Report {
        let lines = [
            "三、收到和处理政府信息公开申请情况",
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\t",
            "\t自然人\t法人或其他组织\t总计\t",
            "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t",
            "一、本年新收政府信息公开申请数量\t10\t780\t\t\t52\t507\t1349\t",
            "（三）不予公开\t1.属于国家秘密\t\t\t\t\t\t\t\t",
            "\t\t\t\t58\t\t\t\t\t58\t",
            next,
            "\t\t3.危及“三安全一稳定”\t\t\t\t\t\t\t\t",
        ];
        recognise("p.pdf", &scanned(&lines))
    }

    #[test]
    fn scanned_figures_before_a_blank_row_s_label_are_that_row_s() {
        let r = figures_between_rows("\t\t2.其他法律行政法规禁止公开\t\t\t\t\t\t\t\t");
        // The header's second empty cell after 其他 is the grid's surplus: the 1,349 is a total.
        assert_eq!(r.value("T3.new.total"), Some(1349.0));
        assert_eq!(r.ocr["T3.new.total"].guess, None);
        // A line of eight cells is a whole line of the seven columns and the grid's surplus.
        assert_eq!(r.value("T3.denied_law.commercial"), Some(58.0));
        assert_eq!(r.value("T3.denied_law.total"), Some(58.0));
        assert_eq!(r.ocr["T3.denied_law.total"].guess, None);
        assert_eq!(r.value("T3.denied_secret.total"), Some(0.0));
    }

    #[test]
    fn scanned_figures_below_a_row_of_blank_cells_that_no_blank_row_takes_are_a_guess() {
        // The row below lost its rules: it has too few cells to be the figures' row for sure.
        let r = figures_between_rows("\t\t2.其他法律行政法规禁止公开\t\t");
        assert_eq!(r.value("T3.denied_secret.commercial"), Some(58.0));
        let next_row = Some("denied_law".to_string());
        assert_eq!(
            r.ocr["T3.denied_secret.commercial"].guess,
            Some(Guess::Line { next_row })
        );
    }

    #[test]
    fn figures_below_a_group_label_s_first_line_are_the_row_that_follows_and_no_guess() {
        // 表三 of a 200 dpi scan as the OCR's lines gave it: 三、本年度办理结果 is printed down a
        // narrow column; the line of its 三、 has a row of blank cells, the 4s follow on a line
        // of their own, then the label of the row they are in (2.没有现成信息需要另行制作).
        let lines = [
            "三、收到和处理政府信息公开申请情况",
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况",
            "\t自然人\t法人或其他\t组织\t总计",
            "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
            "一、本年新收政府信息公开申请数量\t45\t70\t1196\t335\t\t\t1646",
            "二、上年结转政府信息公开申请数量\t491\t\t\t\t\t\t491",
            "\t(一) 予以公开\t46\t\t952\t\t\t\t998",
            "\t(二）部分公开（区分处理的，只计这一情形，不计其他情形\t5\t\t\t\t\t\t5",
            "\t\t1. 属于国家秘密\t\t\t\t\t\t\t",
            "\t\t2. 其他法律行政止公开\t\t\t\t\t\t\t",
            "\t\t3. 危及“三安全一稳定”\t\t\t\t\t\t\t",
            "\t(三)\t\t\t\t\t\t\t\t",
            "\t不予公\t4. 保护第三方合法权益\t\t\t\t152\t\t\t152",
            "\t开\t5.属于三类内部事务信息\t\t\t\t\t\t\t",
            "\t\t6.属于四类过程性信息\t\t\t\t\t\t\t",
            "\t\t7.属于行政执法案卷\t\t\t\t\t\t\t",
            "\t\t8.属于行政查询事项\t\t\t84\t\t\t\t84",
            "\t(四)无法提供\t1.本机关不拿握相关政府信\t123\t\t\t\t\t\t123",
            "三、\t\t\t\t\t\t\t\t\t",
            "\t\t\t4\t\t\t\t\t\t4",
            "本年\t\t2.没有现成信息需要另行制\t\t\t\t\t\t\t",
            "度办\t\t作\t\t\t\t\t\t\t",
            "\t\t3.补正后申请内容仍不明确\t\t\t\t\t\t\t",
            "理结\t\t\t\t\t\t\t\t\t",
            "\t(五)不予处理\t1.信访举报投诉类申请\t300\t\t\t\t\t\t300",
        ];
        let r = recognise("p.pdf", &scanned(&lines));
        assert_eq!(r.value("T3.unable_need_creation.natural"), Some(4.0));
        assert_eq!(r.value("T3.unable_need_creation.total"), Some(4.0));
        assert_eq!(r.ocr["T3.unable_need_creation.total"].guess, None);
    }

    #[test]
    fn a_blank_printing_of_a_row_gives_way_to_one_with_figures() {
        // A photo of 表三: the header's 总计 on a line of its own (自然人 wrapped, 人 beside it)
        // reads as a blank row 总计 above the table; the real (七)总计 follows on the next page.
        let lines = [
            "\t\t\t\t\t\t三、收到和处理政府信息公开申请情况",
            "\t\t\t\t申请人情况\t\t\t\t\t\t\t\t",
            "\t\t\t\t人\t\t\t\t\t\t总计\t\t\t\t\t\t\t",
            "\t\t\t(本列数据的勾稽关系为：第一项加第\t\t法人或其他组织\t\t\t\t\t\t\t\t\t",
            "\t\t\t\t\t商业企业\t科研机构\t社会公益组织\t服务机构\t其他\t\t\t\t\t\t\t\t\t",
            "\t\t\t二项之和，等于第三项加第四项之和)\t自然\t\t\t\t法律\t\t\t\t\t\t\t\t\t\t",
            "\t\t\t一、本年新收政府信息公开申请数量\t62\t/\t6\t1\t72\t15\t155\t\t\t\t\t\t",
            "\t\t\t二、上年结转政府信息公开申请数量\t96\t0\t2\t0\t0\t/\t98\t\t\t\t\t",
            "\t\t2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t60\t0\t\t0\t/\t0\t60",
            "\t\t3. 其他\t\t/\t8\t\t\t无\t8",
            "\t(七) 总计\t158\t0\t8\t0\t72\t15\t253",
            "\t四、结转下年度继续办理\t\t0\t0\t/\t无\t1\t0",
        ];
        let r = recognise("p.pdf", &scanned(&lines));
        assert_eq!(r.value("T3.results_total.natural"), Some(158.0));
        assert_eq!(r.value("T3.results_total.total"), Some(253.0));
        let notes: Vec<&str> = r.layout_notes.iter().map(|f| f.message.as_str()).collect();
        assert!(
            notes
                .iter()
                .any(|m| m.contains("第一次各格都是空白，采用了印有数字的那一次")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_row_of_cells_caught_on_two_lines_is_laid_together() {
        // 表四 on a slanting photo: its first two figures on a line above the other thirteen, in
        // cells of the same 26-cell grid; the column headers were not read.
        let lines = [
            "\t四、政府信息公开行政复议、行政诉讼情况\t\t\t",
            "\t\t行政复议\t行政诉讼\t\t\t\t",
            "\t\t\t\t\t\t总计\t未经复议直接起诉\t复议后起诉\t\t\t\t",
            "\t\t\t\t\t\t\t\t\t\t尚\t总计\t\t\t\t\t总计\t\t\t\t",
            "\t\t\t\t\t\t\t0\t2\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "\t\t\t\t\t\t\t\t\t0\t0\t2\t0\t0\t1\t1\t2\t0\t0\t0\t2\t2\t\t\t\t",
            "\t\t\t\t\t\t五、存在的主要问\t题及改进\t情况\t\t\t",
        ];
        let r = recognise("p.pdf", &scanned(&lines));
        let t4: Vec<Option<f64>> = [
            "review.upheld",
            "review.corrected",
            "review.total",
            "suit_direct.other",
            "suit_direct.pending",
            "suit_direct.total",
            "suit_after_review.pending",
            "suit_after_review.total",
        ]
        .iter()
        .map(|k| r.value(&format!("T4.{k}")))
        .collect();
        let want = [0.0, 2.0, 2.0, 1.0, 1.0, 2.0, 2.0, 2.0];
        assert_eq!(t4, want.map(Some).to_vec());
    }
}
