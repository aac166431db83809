//! The six sections of the report. Headings are matched by their keywords, so `一、总体情况`,
//! `一．总体情况` and `第一部分 总体情况` are all found.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionDef {
    /// 1 to 6.
    pub number: u8,
    /// The numeral that opens the heading (`一` … `六`).
    pub numeral: char,
    /// The heading as the official format prints it.
    pub title: &'static str,
    /// Keywords; a heading line matches when its normalised text contains one of them.
    pub keywords: &'static [&'static str],
}

pub static SECTIONS: [SectionDef; 6] = [
    SectionDef {
        number: 1,
        numeral: '一',
        title: "一、总体情况",
        keywords: &["总体情况", "概述"],
    },
    SectionDef {
        number: 2,
        numeral: '二',
        title: "二、主动公开政府信息情况",
        keywords: &["主动公开政府信息情况", "主动公开政府信息", "主动公开情况"],
    },
    SectionDef {
        number: 3,
        numeral: '三',
        title: "三、收到和处理政府信息公开申请情况",
        keywords: &[
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请",
            "依申请公开",
        ],
    },
    SectionDef {
        number: 4,
        numeral: '四',
        title: "四、政府信息公开行政复议、行政诉讼情况",
        keywords: &["行政复议行政诉讼情况", "行政复议行政诉讼", "复议诉讼情况"],
    },
    SectionDef {
        number: 5,
        numeral: '五',
        title: "五、存在的主要问题及改进情况",
        keywords: &[
            "存在的主要问题及改进情况",
            "存在的主要问题",
            "主要问题及改进",
        ],
    },
    SectionDef {
        number: 6,
        numeral: '六',
        title: "六、其他需要报告的事项",
        keywords: &["其他需要报告的事项", "其他需要报告"],
    },
];
