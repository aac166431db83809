//! 核查情况通报: a draft for the county office to edit and send, in the shape superiors' notices
//! on 年报 quality take: who had to report and who did (应报, 已报, 按时, 逾期, 未报, with names),
//! the overall result, the units named under each kind of problem (the rule catalogue's
//! categories), and the 整改 deadline. Names are listed inline, so 40 units fit in 2–4 pages.

use super::docx::{numeral, Doc};
use super::units::{Timeliness, UnitView, Units};
use super::{Batch, ExportError};
use crate::roster::Status;
use crate::rules::{Category, Rule};

pub const FILE_NAME: &str = "核查情况通报.docx";

/// What the 通报 says, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    pub title: String,
    pub intro: String,
    /// 一、报送情况: 应报, 已报, 按时, 逾期, 未报.
    pub figures: [usize; 5],
    pub roster: Vec<String>,
    /// 二、核查结果
    pub result: Vec<String>,
    /// 三、存在的主要问题: (category heading, paragraph)
    pub problems: Vec<(String, String)>,
    /// 四、整改要求
    pub demands: String,
    pub office: String,
    pub date: String,
}

/// Rules that say how a value was read rather than what the unit did: they name no unit.
fn names_a_unit(rule: Rule) -> bool {
    !matches!(rule, Rule::ValueImplied | Rule::ValueDeduced)
}

/// What a category means in a 通报's words.
fn describe(c: Category) -> &'static str {
    match c {
        Category::Data => "统计表数字不符合勾稽关系，或与正文、上年报告不一致",
        Category::Missing => "缺少统计表、章节或收费情况说明，或有单元格未填写",
        Category::Form => "未使用现行格式，表格、章节序号或标题不规范",
        Category::Late => "未在规定期限内公布年度报告",
        Category::Copied => "“总体情况”“存在的主要问题及改进情况”与上年或其他单位的报告大段雷同",
    }
}

/// `甲镇、乙乡、丙街道`
fn names(units: &[&UnitView]) -> String {
    units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

impl Bulletin {
    pub fn new(batch: &Batch, units: &Units) -> Bulletin {
        let o = batch.options;
        let office = o.office_text();
        let year = units.year.map_or_else(String::new, |y| format!("{y}年度"));
        let reported: Vec<&UnitView> = units.reported().collect();
        let missing: Vec<&UnitView> = units.missing().collect();
        let late: Vec<&UnitView> = reported
            .iter()
            .copied()
            .filter(|u| u.timeliness == Some(Timeliness::Late))
            .collect();
        let undated: Vec<&UnitView> = reported
            .iter()
            .copied()
            .filter(|u| u.timeliness == Some(Timeliness::Unknown))
            .collect();
        let on_time = units.count(Timeliness::OnTime);

        let undated_text = if undated.is_empty() {
            String::new()
        } else {
            format!("，未注明公布日期 {} 家", undated.len())
        };
        let mut roster = Vec::new();
        let due = units.units.len();
        roster.push(if units.has_roster {
            format!(
                "应报送年度报告的单位 {due} 家，已报送 {} 家，未报送 {} 家。已报送的单位中，按时公布 {on_time} 家，逾期公布 {} 家{}。",
                reported.len(),
                missing.len(),
                late.len(),
                undated_text,
            )
        } else {
            format!(
                "共收到 {} 家单位的年度报告（未设定应报单位名单，应报数按收到的报告计）。按时公布 {on_time} 家，逾期公布 {} 家{}。",
                reported.len(),
                late.len(),
                undated_text,
            )
        });
        if !missing.is_empty() {
            roster.push(format!("未报送的单位：{}。", names(&missing)));
        }
        if !late.is_empty() {
            roster.push(format!("逾期公布的单位：{}。", names(&late)));
        }

        let with_errors: Vec<&UnitView> =
            reported.iter().copied().filter(|u| u.errors > 0).collect();
        let clean = reported.len() - with_errors.len();
        let mut result = vec![format!(
            "经逐表逐项核对，{} 家单位的年度报告未发现需要改正的错误；{} 家单位的年度报告存在需要改正的错误{}。",
            clean,
            with_errors.len(),
            if with_errors.is_empty() {
                String::new()
            } else {
                format!("（{}）", names(&with_errors))
            }
        )];
        if units.has_roster {
            let of = |s: Status| reported.iter().filter(|u| u.status == s).count();
            result.push(format!(
                "目前{} {} 家、{} {} 家、{} {} 家、{} {} 家。",
                Status::Passed.label(),
                of(Status::Passed),
                Status::Returned.label(),
                of(Status::Returned),
                Status::Corrected.label(),
                of(Status::Corrected),
                Status::Pending.label(),
                of(Status::Pending),
            ));
        }

        let mut problems = Vec::new();
        for (k, c) in Category::ALL.into_iter().enumerate() {
            let named: Vec<&UnitView> = reported
                .iter()
                .copied()
                .filter(|u| has_open(batch, u, c))
                .collect();
            if named.is_empty() {
                continue;
            }
            problems.push((
                format!("（{}）{}。", numeral(k + 1), c.label()),
                format!(
                    "{}，共 {} 家：{}。",
                    describe(c),
                    named.len(),
                    names(&named)
                ),
            ));
        }
        let reply_by = o.reply_by_text();
        Bulletin {
            figures: [due, reported.len(), on_time, late.len(), missing.len()],
            title: format!("关于{year}政府信息公开工作年度报告核查情况的通报"),
            intro: format!(
                "根据《中华人民共和国政府信息公开条例》和年度报告格式要求，{office}对{year}政府信息公开工作年度报告的报送和内容进行了核查。现将有关情况通报如下。"
            ),
            roster,
            result,
            problems,
            demands: format!(
                "存在问题的单位已收到整改通知，请于{reply_by}前完成整改，将整改后的年度报告和整改情况说明报送{office}，并同步更新政府网站上公开的版本。未报送的单位请立即补报。各单位要举一反三，严格按照格式要求编制和公布年度报告，确保数据准确、要素齐全、按时公布。"
            ),
            office,
            date: o.date_text(),
        }
    }

    pub fn docx(&self) -> Result<Vec<u8>, ExportError> {
        let mut doc = Doc::new()
            .title(&self.title)
            .flush("各有关单位：")
            .para(&self.intro)
            .heading("一、报送情况");
        let head = ["应报", "已报", "按时公布", "逾期公布", "未报"];
        let rows = vec![
            head.iter().map(|h| h.to_string()).collect(),
            self.figures.iter().map(|n| format!("{n} 家")).collect(),
        ];
        doc = doc.table(&[7; 5], &rows);
        for p in &self.roster {
            doc = doc.para(p);
        }
        doc = doc.heading("二、核查结果");
        for p in &self.result {
            doc = doc.para(p);
        }
        doc = doc.heading("三、存在的主要问题");
        if self.problems.is_empty() {
            doc = doc.para("本次核查未发现需要通报的问题。");
        }
        for (lead, p) in &self.problems {
            doc = doc.para_led(lead, p);
        }
        doc.heading("四、整改要求")
            .para(&self.demands)
            .signature(&self.office, &self.date)
            .bytes()
    }
}

/// Whether the unit's report has an open finding of the category that names a unit.
fn has_open(batch: &Batch, u: &UnitView, c: Category) -> bool {
    let Some(fs) = u.report.and_then(|i| batch.findings.get(i)) else {
        return false;
    };
    u.open
        .iter()
        .filter_map(|&k| fs.get(k))
        .any(|f| f.rule.category() == c && names_a_unit(f.rule))
}
