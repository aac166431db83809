//! Issue 25, "Reading, the last slips": one test per case, each on synthetic text made here
//! (invented bodies and figures, no real report's text), with texts that must not fire.

use nianbao::format::{self, FormatVersion, TableId};
use nianbao::model::{CellState, Finding, Report, YearSource};
use nianbao::rules::{self, Settings};

const T2: &str =
    "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n";

const T3_HEAD: &str = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";

const T4_HEAD: &str = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";

const ZEROS7: &str = "\t0\t0\t0\t0\t0\t0\t0";

/// 表三 of the 2021 edition, every row printed with seven zeros, except the rows `skip` leaves out.
fn t3_rows(skip: impl Fn(usize) -> bool) -> String {
    format::table(TableId::T3)
        .rows_for(FormatVersion::V2021)
        .enumerate()
        .filter(|(i, _)| !skip(*i))
        .map(|(_, r)| format!("{}{ZEROS7}\n", r.label))
        .collect()
}

/// A whole synthetic 2021 report of 青石镇 with the given parts.
fn report_text(title: &str, one: &str, t3: &str, four: &str, six: &str, signature: &str) -> String {
    format!(
        "{title}\n一、总体情况\n{one}\n{T2}{T3_HEAD}{t3}{four}\n{T4_HEAD}{}\n\
         五、存在的主要问题及改进情况\n信息更新还不够及时，下一步将加强培训。\n\
         六、其他需要报告的事项\n{six}\n{signature}\n",
        ["0"; 15].join("\t")
    )
}

const TITLE: &str = "青石县青石镇2023年政府信息公开工作年度报告";
const ONE: &str = "2023年，青石镇认真落实政务公开各项要求，共主动公开信息12条。";
const FOUR: &str = "四、政府信息公开行政复议、行政诉讼情况";
const SIX: &str = "本镇未收取信息处理费。";
const SIGNED: &str = "青石县青石镇人民政府\n2024年1月20日";

fn load(text: &str) -> Report {
    nianbao::load_text("slips.txt", text).expect("synthetic text is read")
}

fn findings(r: &Report) -> Vec<Finding> {
    rules::check(r, &Settings::default())
}

fn fired<'a>(f: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.rule == rule).collect()
}

#[test]
fn the_2019_heading_of_section_four_is_a_section() {
    let t3 = t3_rows(|_| false);
    let y2019 = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况";
    let r = load(&report_text(TITLE, ONE, &t3, y2019, SIX, SIGNED));
    assert!(r.section(4).is_some());
    let f = findings(&r);
    assert!(fired(&f, "SECTION_MISSING").is_empty(), "{f:#?}");
    assert!(fired(&f, "HEADING_MISNUMBERED").is_empty(), "{f:#?}");
    assert!(r.has_table(TableId::T4));
    // The same wording under a wrong numeral is named by HEADING_MISNUMBERED, not missing.
    let text = report_text(TITLE, ONE, &t3, y2019, SIX, SIGNED)
        .replace("四、因政府信息公开工作", "三、因政府信息公开工作");
    let f = findings(&load(&text));
    let wrong = fired(&f, "HEADING_MISNUMBERED");
    assert_eq!(wrong.len(), 1, "{f:#?}");
    assert!(
        wrong[0].message.contains("按规定格式应为第四部分"),
        "{}",
        wrong[0].message
    );
    assert!(!f
        .iter()
        .any(|x| x.rule == "SECTION_MISSING" && x.message.contains("第四部分")));
}

#[test]
fn a_t4_with_only_its_totals_filled_reads_them_and_implies_the_rest() {
    let t3 = t3_rows(|_| false);
    let mut blanks = vec![""; 15];
    for at in [4, 9, 14] {
        blanks[at] = "0";
    }
    let text = report_text(TITLE, ONE, &t3, FOUR, SIX, SIGNED)
        .replace(&["0"; 15].join("\t"), &blanks.join("\t"));
    let r = load(&text);
    for group in ["review", "suit_direct", "suit_after_review"] {
        let total = r.cell(&format!("T4.{group}.total")).unwrap();
        assert_eq!(
            (total.value, total.state),
            (Some(0.0), CellState::Read),
            "{group}"
        );
        let upheld = r.cell(&format!("T4.{group}.upheld")).unwrap();
        assert_eq!(
            (upheld.value, upheld.state),
            (Some(0.0), CellState::Implied)
        );
    }
    let f = findings(&r);
    assert!(!fired(&f, "VALUE_IMPLIED").is_empty());
    assert!(!f
        .iter()
        .any(|x| x.rule == "CELL_MISSING" && x.message.starts_with("表四")));
}

#[test]
fn the_year_comes_from_the_body_before_the_date() {
    let t3 = t3_rows(|_| false);
    let no_year = "青石县青石镇政府信息公开工作年度报告";
    let one = "推进公开是重要工作。2023年，青石镇认真落实条例。\n截至2023年底，共有公开目录一套。";
    let early = "青石县青石镇人民政府\n2023年6月22日";
    let r = load(&report_text(no_year, one, &t3, FOUR, SIX, early));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.year_from, Some(YearSource::Body));
    let f = findings(&r);
    assert_eq!(fired(&f, "DATE_IMPLAUSIBLE").len(), 1, "{f:#?}");
    assert!(fired(&f, "LATE_PUBLICATION").is_empty(), "{f:#?}");
    let missing = fired(&f, "YEAR_MISSING");
    assert!(
        missing[0].message.contains("正文中对报告年度的表述")
            && missing[0].message.contains("2023 年"),
        "{}",
        missing[0].message
    );
    // Nothing in the body: the date minus one, said as such, and the date is not judged by it.
    let quiet = "青石镇认真落实条例，共主动公开信息12条。";
    let r = load(&report_text(no_year, quiet, &t3, FOUR, SIX, early));
    assert_eq!((r.year, r.year_from), (Some(2022), Some(YearSource::Date)));
    let f = findings(&r);
    assert!(fired(&f, "DATE_IMPLAUSIBLE").is_empty());
    assert!(fired(&f, "YEAR_MISSING")[0].message.contains("落款日期"));
}

#[test]
fn a_year_in_the_title_is_not_overridden_by_the_body() {
    // The body copied from last year: PERIOD_MISMATCH's business, the title still decides.
    let t3 = t3_rows(|_| false);
    let stale = "2022年，青石镇认真落实条例。\n2022年，共主动公开信息12条。";
    let r = load(&report_text(TITLE, stale, &t3, FOUR, SIX, SIGNED));
    assert_eq!((r.year, r.year_from), (Some(2023), Some(YearSource::Title)));
    let f = findings(&r);
    assert!(fired(&f, "YEAR_MISSING").is_empty());
    assert!(fired(&f, "DATE_IMPLAUSIBLE").is_empty());
}

#[test]
fn a_signature_is_not_the_content_of_section_six() {
    let t3 = t3_rows(|_| false);
    let r = load(&report_text(TITLE, ONE, &t3, FOUR, "无。", SIGNED));
    let f = findings(&r);
    let empty = fired(&f, "SECTION_EMPTY");
    assert_eq!(empty.len(), 1, "{f:#?}");
    assert!(
        empty[0].message.contains("第六部分"),
        "{}",
        empty[0].message
    );
    // The signature still names the body and dates the report.
    assert_eq!(r.agency.as_deref(), Some("青石县青石镇人民政府"));
    assert!(r.published.is_some());
    // Something said above the signature is content.
    let f = findings(&load(&report_text(TITLE, ONE, &t3, FOUR, SIX, SIGNED)));
    assert!(fired(&f, "SECTION_EMPTY").is_empty(), "{f:#?}");
}

/// A page's text that starts at 一、总体情况: no title, no field, no signature.
fn untitled(first_sentence: &str) -> String {
    format!(
        "一、总体情况\n{first_sentence}\n{T2}{T3_HEAD}{}{FOUR}\n{T4_HEAD}{}\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n{SIX}\n",
        t3_rows(|_| false),
        ["0"; 15].join("\t")
    )
}

#[test]
fn the_first_sentence_names_the_body_of_an_untitled_page() {
    let r = load(&untitled("2022年，青石市自然资源局不断强化政务公开工作。"));
    assert_eq!(r.agency.as_deref(), Some("青石市自然资源局"));
    // The same page in Traditional characters, as a mirror site serves it.
    let traditional = "一、總體情況\n2022年，青石市自然資源局不斷強化政務公開工作，認真落實條例規定。\n\
        二、主動公開政府信息情況\n本機關主動公開規範性文件，及時更新公開目錄。\n\
        五、存在的主要問題及改進情況\n信息更新還不夠及時。\n六、其他需要報告的事項\n本機關未收取信息處理費。\n";
    assert_eq!(
        load(traditional).agency.as_deref(),
        Some("青石市自然资源局")
    );
    for none in [
        "2022年，我局不断强化政务公开工作。",
        "2022年，在市委市政府的领导下，政务公开工作稳步推进。",
        "政务公开工作稳步推进，青石市自然资源局不断强化。",
    ] {
        assert_eq!(load(&untitled(none)).agency, None, "{none}");
    }
}

#[test]
fn a_table_whose_first_part_is_lost_is_not_rebuilt_from_its_totals() {
    // Every row above 5.要求行政机关确认… lost, as with a missing first page.
    let rows: Vec<&str> = format::table(TableId::T3)
        .rows_for(FormatVersion::V2021)
        .map(|r| r.key)
        .collect();
    let from = rows
        .iter()
        .position(|k| *k == "rejected_confirm")
        .expect("row 5 of （五）");
    let t3 = t3_rows(|i| i < from);
    let r = load(&report_text(TITLE, ONE, &t3, FOUR, SIX, SIGNED));
    assert_eq!(r.value("T3.granted.total"), None);
    assert_eq!(r.value("T3.new.total"), None);
    assert!(r.withheld.contains(&TableId::T3));
    let f = findings(&r);
    assert!(
        !f.iter()
            .any(|x| x.rule == "VALUE_DEDUCED" && x.message.starts_with("表三")),
        "{f:#?}"
    );
    let missing: Vec<&Finding> = f
        .iter()
        .filter(|x| x.rule == "CELL_MISSING" && x.message.starts_with("表三"))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0]
        .message
        .starts_with("表三前半部分未能读出（可能是页面缺失或扫描不全），请核对原件"));
    assert_eq!(missing[0].cells.len(), from * 7);
    // One lost row is still deduced: a few lost cells of a table otherwise read.
    let t3 = t3_rows(|i| i == from - 1);
    let r = load(&report_text(TITLE, ONE, &t3, FOUR, SIX, SIGNED));
    assert!(r.withheld.is_empty());
    let f = findings(&r);
    assert_eq!(fired(&f, "VALUE_DEDUCED").len(), 1, "{f:#?}");
    assert!(
        !f.iter()
            .any(|x| x.rule == "CELL_MISSING" && x.message.starts_with("表三")),
        "{f:#?}"
    );
}

/// The report's 表三 and 表四 as text with one cell per line. `indent`: every line opens with a
/// tab, a blank cell is a tab alone and rows are separated by empty lines (as Word copies a
/// table cell by cell); otherwise a blank cell is an empty line and nothing separates rows (as
/// a web page's cells come out). `t3_row` gives the seven cells of a row by its key, `t4` the 15.
fn cell_per_line(indent: bool, t3_row: impl Fn(&str) -> Vec<&'static str>, t4: &[&str]) -> String {
    let pre = if indent { "\t" } else { "" };
    let end = if indent { "\n" } else { "" };
    let mut out = format!("{TITLE}\n一、总体情况\n{ONE}\n{T2}三、收到和处理政府信息公开申请情况\n");
    for head in [
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        out.push_str(&format!("{pre}{head}\n"));
    }
    out.push_str(end);
    for row in format::table(TableId::T3).rows_for(FormatVersion::V2021) {
        out.push_str(&format!("{pre}{}\n", row.label));
        for cell in t3_row(row.key) {
            out.push_str(&format!("{pre}{cell}\n"));
        }
        out.push_str(end);
    }
    out.push_str(&format!("{FOUR}\n"));
    for head in T4_HEAD.split(['\t', '\n']).filter(|h| !h.is_empty()) {
        out.push_str(&format!("{pre}{head}\n"));
    }
    out.push_str(end);
    for cell in t4 {
        out.push_str(&format!("{pre}{cell}\n"));
    }
    out.push_str(&format!("{end}五、存在的主要问题及改进情况\n信息更新还不够及时。\n六、其他需要报告的事项\n{SIX}\n{SIGNED}\n"));
    out
}

const SEVEN_ZEROS: [&str; 7] = ["0"; 7];

#[test]
fn one_cell_per_line_places_each_value_by_its_line() {
    for indent in [false, true] {
        // 上年结转 with its 总计 left blank; 予以公开 with only its 总计 filled.
        let t3_row = |key: &str| match key {
            "carried_in" => vec!["0", "0", "0", "0", "0", "0", ""],
            "granted" => vec!["", "", "", "", "", "", "0"],
            _ => SEVEN_ZEROS.to_vec(),
        };
        let r = load(&cell_per_line(indent, t3_row, &["0"; 15]));
        for col in [
            "natural",
            "commercial",
            "research",
            "social",
            "legal",
            "other",
        ] {
            let c = r.cell(&format!("T3.carried_in.{col}")).unwrap();
            assert_eq!(
                (c.value, c.state),
                (Some(0.0), CellState::Read),
                "{indent} {col}"
            );
            let c = r.cell(&format!("T3.granted.{col}")).unwrap();
            assert_eq!(
                (c.value, c.state),
                (Some(0.0), CellState::Implied),
                "{indent} {col}"
            );
        }
        let total = r.cell("T3.carried_in.total").unwrap();
        assert_eq!((total.value, total.state), (Some(0.0), CellState::Implied));
        let total = r.cell("T3.granted.total").unwrap();
        assert_eq!((total.value, total.state), (Some(0.0), CellState::Read));
        assert!(r.unplaced.is_empty(), "{indent}: {:?}", r.unplaced);
        let f = findings(&r);
        assert!(fired(&f, "VALUE_DEDUCED").is_empty(), "{indent}: {f:#?}");
        assert!(!f
            .iter()
            .any(|x| x.rule == "CELL_MISSING" && !x.message.starts_with("表二")));
    }
}

#[test]
fn a_t4_with_only_its_totals_filled_one_cell_per_line() {
    for indent in [false, true] {
        let mut t4 = [""; 15];
        for at in [4, 9, 14] {
            t4[at] = "0";
        }
        let r = load(&cell_per_line(indent, |_| SEVEN_ZEROS.to_vec(), &t4));
        for group in ["review", "suit_direct", "suit_after_review"] {
            let total = r.cell(&format!("T4.{group}.total")).unwrap();
            assert_eq!(
                (total.value, total.state),
                (Some(0.0), CellState::Read),
                "{indent}"
            );
            let pending = r.cell(&format!("T4.{group}.pending")).unwrap();
            assert_eq!(
                (pending.value, pending.state),
                (Some(0.0), CellState::Implied)
            );
        }
        let f = findings(&r);
        assert!(!f
            .iter()
            .any(|x| x.message.starts_with("表四") && x.rule == "CELL_MISSING"));
        assert!(!fired(&f, "VALUE_IMPLIED").is_empty());
    }
}

#[test]
fn a_row_that_lost_a_value_between_separators_is_not_placed_by_line() {
    // Rows separated by empty lines: six values then the separator is a lost cell, not a blank.
    let t3_row = |key: &str| match key {
        "carried_in" => vec!["0", "0", "0", "0", "0", "0"],
        _ => SEVEN_ZEROS.to_vec(),
    };
    let r = load(&cell_per_line(true, t3_row, &["0"; 15]));
    assert_ne!(
        r.cell("T3.carried_in.total").map(|c| c.state),
        Some(CellState::Implied)
    );
    assert!(r
        .cells
        .iter()
        .all(|(k, c)| !k.starts_with("T3.carried_in") || c.state != CellState::Read));
}
