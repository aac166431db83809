//! The rule catalogue: every rule id of the spec with its severity, its Chinese name and an
//! explanation for a clerk. The checks, the app (help view, finding list), the workbook and
//! `nianbao rules` all read this one table; a rule id is never written as a bare string.
//!
//! It sits on the ground floor, below the model: a finding names its rule and the recogniser
//! files its own findings, so neither has to import the checks (`rules` re-exports it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How serious a finding is: an error must be corrected, a warning asks for a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        }
    }
}

/// What the catalogue knows of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub rule: Rule,
    /// The stable id of the spec (`T3_BALANCE`).
    pub id: &'static str,
    /// The usual severity; a rule may report a milder finding in a case it explains.
    pub severity: Severity,
    /// The kind of problem, as superiors' 通报 group them.
    pub category: Category,
    /// A short Chinese name for lists and column headers.
    pub name: &'static str,
    /// One paragraph for a clerk: what must hold, why, and how to fix it.
    pub explanation: &'static str,
}

/// The kinds of problem that superiors' notices on 年报 quality (核查情况通报) group units by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// 数据不准: the tables do not add up, or contradict the text or last year's report.
    Data,
    /// 要素缺失: a table, section, statement or cell is missing.
    Missing,
    /// 格式/标题不规范: the official format or the title is not followed.
    Form,
    /// 逾期: published after the deadline.
    Late,
    /// 内容雷同: text copied from last year or from another unit.
    Copied,
}

impl Category {
    /// Every category, in the order a 通报 lists them.
    pub const ALL: [Category; 5] = [
        Category::Data,
        Category::Missing,
        Category::Form,
        Category::Late,
        Category::Copied,
    ];

    /// The heading a 通报 gives the category.
    pub fn label(self) -> &'static str {
        match self {
            Category::Data => "数据不准",
            Category::Missing => "要素缺失",
            Category::Form => "格式、标题不规范",
            Category::Late => "逾期公布",
            Category::Copied => "内容雷同",
        }
    }

    /// The id `nianbao rules --json` gives.
    pub fn id(self) -> &'static str {
        match self {
            Category::Data => "data",
            Category::Missing => "missing",
            Category::Form => "form",
            Category::Late => "late",
            Category::Copied => "copied",
        }
    }
}

macro_rules! catalogue {
    ($($variant:ident = $id:literal, $sev:ident, $cat:ident, $name:literal, $text:literal;)*) => {
        /// A rule of the checks (the spec's rule ids, typed).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        /// Every rule, in the order of the spec's rule table.
        pub const CATALOGUE: &[RuleInfo] = &[
            $(RuleInfo {
                rule: Rule::$variant,
                id: $id,
                severity: Severity::$sev,
                category: Category::$cat,
                name: $name,
                explanation: $text,
            },)*
        ];
    };
}

catalogue! {
    T3Balance = "T3_BALANCE", Error, Data, "表三收支不平衡",
        "表三每一列都必须满足表头印的勾稽关系：“一、本年新收”加“二、上年结转”，等于“三、本年度办理结果”的（七）总计加“四、结转下年度继续办理”。不相等说明某个数填错、漏填或把上年结转算错了。请对照办理台账逐项核对，通常提示中标出的“可能填错的单元格”改成建议值后各项检查都能通过。";
    T3RowTotal = "T3_ROW_TOTAL", Error, Data, "表三行合计不符",
        "表三每一行的“总计”必须等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六类申请人之和。不相等通常是某一类申请人的数填错了，或总计是手算的。请按行重新相加，改正填错的那一格。";
    T3ResultsTotal = "T3_RESULTS_TOTAL", Error, Data, "表三办理结果总计不符",
        "表三“（七）总计”必须等于（一）予以公开到（六）其他处理各项办理结果之和（不予公开、无法提供、不予处理、其他处理要把各小项都加进去）。不相等说明某项结果漏计、重计，或总计没有随明细更新。";
    T4GroupTotal = "T4_GROUP_TOTAL", Error, Data, "表四合计不符",
        "表四行政复议、未经复议直接起诉、复议后起诉三组，每组的“总计”都必须等于结果维持、结果纠正、其他结果、尚未审结四项之和。请按组重新相加。";
    ValueInvalid = "VALUE_INVALID", Error, Data, "数值无效",
        "表格里的数必须是不小于 0 的整数（“本年增/减”可以为负，收费金额可以有小数）。出现负数、小数或文字（如“若干”）时无法核对，请改成实际的数字。";
    CellMissing = "CELL_MISSING", Error, Missing, "单元格未读到",
        "表格在报告里，但这一格的数没有读出来（例如一行的数比列少，无法确定每个数属于哪一列）。程序不会替报告编造数字。请对照原文把这一格填上；填好后这条错误会自动消失。";
    ValueImplied = "VALUE_IMPLIED", Warning, Form, "空白按 0 计",
        "这一格在报告里是空白或“—”“无”“/”，按 0 计算。官方格式要求没有的填 0；请确认确实是 0，而不是漏填。";
    TableMissing = "TABLE_MISSING", Error, Missing, "缺少表格",
        "年度报告必须有表二（主动公开）、表三（依申请公开）、表四（行政复议、行政诉讼）三张统计表。没有找到某张表时，要么报告确实缺表，要么表格的格式与官方模板相差太大而无法识别。请对照原文确认。";
    SectionMissing = "SECTION_MISSING", Warning, Missing, "缺少章节",
        "2021 年版格式的年度报告有六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。缺少其中一部分会在考核中扣分。";
    FormatObsolete = "FORMAT_OBSOLETE", Warning, Form, "使用旧版格式",
        "2021 年及以后的年度报告应使用国办公开办函〔2021〕30号印发的新格式。这份报告的表格还是 2019 年版（国办公开办函〔2019〕60号），栏目不同，请按新格式重新填报。";
    TextTableMismatch = "TEXT_TABLE_MISMATCH", Error, Data, "正文与表格不一致",
        "正文里写的数字（如“共收到政府信息公开申请N件”“上年结转N件”“行政复议N件”）必须与统计表中的相应数字一致。不一致时，或正文写错，或表格填错，请核实后改正其中之一。正文把数字写在本机关一部分名下（如“区政府办代表区政府受理…”）时只作提醒；正文写的百分比（如“予以公开966件，占66.48%”）按正文或表三的总数都算不出来时，也作提醒。";
    TextSum = "TEXT_SUM", Warning, Data, "正文数字加总不符",
        "正文在同一句里给出总数和分项（“共N件，其中a件、b件……”），分项加起来应等于总数。下一个分句（分号、句号或新的主语之后）的数字不算作分项。";
    YearMissing = "YEAR_MISSING", Warning, Form, "未找到报告年度",
        "标题和统计期限里都没有找到报告所属的年度。请在标题中写明年度，例如“2023年政府信息公开工作年度报告”，或在报告开头写明统计期限。";
    LatePublication = "LATE_PUBLICATION", Warning, Late, "发布晚于期限",
        "条例第四十九条、第五十条规定：县级以上人民政府部门应在每年1月31日前公布上一年度的年度报告，县级以上地方人民政府在3月31日前公布本级政府的年度报告；乡镇、街道按当地规定（默认1月31日）。落款或发布日期晚于期限时提醒。期限可按当地考核要求设置。";
    FeeStatementMissing = "FEE_STATEMENT_MISSING", Warning, Missing, "未说明收费情况",
        "2021 年版格式要求在“六、其他需要报告的事项”中说明本年度是否收取信息处理费（收取的，写明件数和金额）。没有找到这样的说明。";
    SectionEmpty = "SECTION_EMPTY", Warning, Missing, "章节内容为空",
        "“五、存在的主要问题及改进情况”或“六、其他需要报告的事项”有标题，却没有实际内容（空白、只有标点、“略”或只写“无”“暂无”）。考核中这类空洞内容会扣分，请写明实际情况。";
    AuthorityImplausible = "AUTHORITY_IMPLAUSIBLE", Warning, Data, "无权制定规章",
        "只有国务院部门和省、设区的市人民政府可以制定规章。乡镇、街道、县级政府及其部门填报了规章数量，通常是把行政规范性文件或其他文件填进了“规章”一行。请核实后改到正确的行。";
    TextDuplicate = "TEXT_DUPLICATE", Warning, Copied, "与上年报告雷同",
        "同时载入了同一机关上一年度的报告，本年“一、总体情况”和“五、存在的主要问题及改进情况”的文字有一半以上与上年相同。考核对“与往年雷同”会扣分，请结合本年实际重写。";
    CarryOverMismatch = "CARRY_OVER_MISMATCH", Error, Data, "上年结转与上年报告不符",
        "同时载入了同一机关连续两年的报告，本年表三“二、上年结转政府信息公开申请数量”应等于上年报告表三“四、结转下年度继续办理”，每一列都要相等。不相等说明其中一年填错了。";
    ValueDeduced = "VALUE_DEDUCED", Warning, Missing, "由勾稽关系推得",
        "这一格没有读出来，但表格自身的加总关系只允许一个值（例如（七）总计为 0 且各项不能为负，则每一项都是 0），程序据此填上了这个值并说明依据。请对照原文确认。只要有两个以上的值都说得通，程序就不会推算。推算只用于补上个别丢失的格：一张表若有超过四分之一的格要靠推算（例如缺了一页，只剩合计行），程序一格也不推算，而是报告该表哪一部分未能读出，请核对原件。";
    LayoutNonstandard = "LAYOUT_NONSTANDARD", Warning, Form, "表格格式不规范",
        "表格与官方模板不一致，但仍能读出数字：例如 2021 年版表三把“（六）其他处理”印成一行而没有三个小项，多了“法人或其他组织小计”一列，某一行印了两次，或行的顺序不对。请按官方格式调整。";
    RollForwardMismatch = "ROLL_FORWARD_MISMATCH", Warning, Data, "现行有效件数不连贯",
        "同时载入了同一机关连续两年的报告，本年表二规章、行政规范性文件的“现行有效件数”应等于上年的现行有效件数加本年制发件数减本年废止件数。不相等说明某一年的件数填错，或有未说明的清理。";
    UnitMismatch = "UNIT_MISMATCH", Warning, Data, "单位不符",
        "单元格里写的单位与该列规定的单位不同，例如“本年收费金额（单位：万元）”一栏填了“251000元”。请换算成该列的单位（251000元 = 25.1 万元）后填写。";
    PeriodMismatch = "PERIOD_MISMATCH", Warning, Data, "统计期限不符",
        "报告写明的统计期限（如“本报告统计期限为2023年1月1日至12月31日”）与报告年度不一致，或写了不存在的日期（如“202020年”），或正文在叙述另一年度的工作。请核实年份。";
    DateImplausible = "DATE_IMPLAUSIBLE", Warning, Data, "日期不合理",
        "落款或发布日期早于报告年度结束（年度还没结束就发布了报告），或晚于报告年度两年以上。通常是年份写错了。";
    HeadingMisnumbered = "HEADING_MISNUMBERED", Warning, Form, "章节序号错误",
        "六个部分的标题都在，但序号不对：某个序号重复或跳过，整体错位一位，或把“一、总体情况”下的小标题编成了一级序号。请按一至六重新编号。";
    TextCopied = "TEXT_COPIED", Warning, Copied, "与其他单位报告雷同",
        "同时载入的另一个机关的报告，“一、总体情况”和“五、存在的主要问题及改进情况”有一半以上文字相同（不计数字和机关名称）。考核对“与其他单位雷同”会扣分，请结合本单位实际撰写。";
    TextUndecodable = "TEXT_UNDECODABLE", Warning, Form, "文字有乱码",
        "文件里有少量字节不是有效的文字编码（文件在传输、复制或编辑中损坏了几个字节时常见），这些位置的字已无法还原，其余文字照常读取。请对照原文核对乱码附近的文字和数字。";
    CellUncertain = "CELL_UNCERTAIN", Warning, Data, "扫描识别存疑",
        "这一格的数是从扫描件或照片中识别（OCR）出来的，识别把握不大：字迹模糊、被公章或签字压住、纸面有污渍时常见；或者表格加不平，而只有把这一格换成另一个看起来相近的数字（如 3 与 8、1 与 7）才能加平；或者这一格是按表内关系由识别把握不大的格推算出来的；或者这一行的数是从扫描件上行名像另一行的那一行读出的，可能错了一行。程序不会替报告改数。请对照原件上标出的位置核对这一格，读错了就改正，没读错就确认。";
}

impl Rule {
    /// Every rule, in the order of the spec's rule table.
    pub fn all() -> impl Iterator<Item = Rule> {
        CATALOGUE.iter().map(|i| i.rule)
    }

    pub fn info(self) -> &'static RuleInfo {
        // The macro writes CATALOGUE in the order of the enum, so the discriminant is the index.
        &CATALOGUE[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn severity(self) -> Severity {
        self.info().severity
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn category(self) -> Category {
        self.info().category
    }

    pub fn explanation(self) -> &'static str {
        self.info().explanation
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        CATALOGUE.iter().find(|i| i.id == id).map(|i| i.rule)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let id = String::deserialize(d)?;
        Rule::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {id}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_enum_order_and_ids_are_unique() {
        for (i, info) in CATALOGUE.iter().enumerate() {
            assert_eq!(info.rule as usize, i, "{}", info.id);
            assert_eq!(Rule::from_id(info.id), Some(info.rule));
        }
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
    }

    #[test]
    fn every_rule_of_the_spec_has_an_entry() {
        let spec = include_str!("../docs/report-format.md");
        let in_spec: Vec<&str> = spec
            .lines()
            .filter_map(|l| l.strip_prefix("| "))
            .filter_map(|l| l.split(" |").next())
            .filter(|id| {
                id.len() > 3
                    && id
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            })
            .collect();
        assert!(
            in_spec.len() >= 27,
            "the spec's rule table was not found: {in_spec:?}"
        );
        for id in &in_spec {
            assert!(
                Rule::from_id(id).is_some(),
                "rule {id} of the spec has no catalogue entry"
            );
        }
        for info in CATALOGUE {
            assert!(in_spec.contains(&info.id), "{} is not in the spec", info.id);
        }
    }

    #[test]
    fn names_and_explanations_are_chinese_and_say_something() {
        for info in CATALOGUE {
            assert!(
                info.name
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                info.id
            );
            assert!(
                info.explanation.chars().count() >= 40,
                "{}: explanation too short",
                info.id
            );
            assert!(
                !info.explanation.contains(info.id),
                "{}: explanation repeats the id",
                info.id
            );
        }
    }

    #[test]
    fn ids_round_trip_through_json() {
        let json = serde_json::to_string(&Rule::T3Balance).unwrap();
        assert_eq!(json, "\"T3_BALANCE\"");
        assert_eq!(
            serde_json::from_str::<Rule>(&json).unwrap(),
            Rule::T3Balance
        );
        assert!(serde_json::from_str::<Rule>("\"NO_SUCH_RULE\"").is_err());
        assert!(Rule::CellMissing == "CELL_MISSING");
    }
}
