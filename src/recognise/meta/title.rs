//! Finding the title among the first lines: past breadcrumbs, labels and preambles, unwrapped
//! where a narrow page broke it.

use super::chars::compact;
use super::year::year_in;

/// A web page's navigation trail that ends in the page's title, all on one line
/// (`当前位置：/首页/政务公开/政府信息公开年报/平潭综合实验区2023年度…年度报告`): the title alone.
/// Any other line is kept as it is.
pub(super) fn title_after_breadcrumb(line: &str) -> String {
    if !is_breadcrumb(line) {
        return line.to_string();
    }
    let last = line
        .rsplit(['>', '›', '»', '＞', '/'])
        .next()
        .unwrap_or(line)
        .trim();
    // A year tells the page's own title from the name of its column (`政府信息公开年报`).
    if is_title(last) && year_in(last).is_some() {
        last.to_string()
    } else {
        line.to_string()
    }
}

/// The head lines with a title wrapped over two lines (`…2023年政府信息公` / `开工作年度报告`,
/// a narrow page) made one line again, when no single line is the title.
pub(super) fn unwrap_title(head: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = head.iter().map(|l| l.to_string()).collect();
    if head.iter().any(|l| is_title(l)) {
        return out;
    }
    let wrapped = (0..head.len().saturating_sub(1))
        .find(|&i| is_title(&format!("{}{}", head[i], head[i + 1])));
    if let Some(i) = wrapped {
        let next = out.remove(i + 1);
        out[i].push_str(&next);
    }
    out
}

/// The title names the report and more (`…2023年政府信息公开工作年度报告`, also
/// `自然资源部2024年政府信息公开工作报告`); a bare `年度报告` is a sheet or file name, and a sentence
/// that mentions the report (`根据《条例》…现将本机关2023年度报告公布如下。`) is not its title.
pub(super) fn is_title(line: &str) -> bool {
    let c = without_label(&compact(line));
    let names_report = c.contains("年度报告")
        || c.contains("工作年报")
        || c.ends_with("年报")
        || (c.contains("信息公开") && c.contains("工作报告"));
    c.chars().count() >= 8 && names_report && !is_sentence(&c) && !is_breadcrumb(&c)
}

/// A sentence of the preamble rather than a heading or a name.
pub(super) fn is_sentence(c: &str) -> bool {
    c.chars().count() > 60
        || c.contains(['。', '，', ',', '；', ';', '《'])
        || PREAMBLE_STARTS.iter().any(|p| c.starts_with(p))
}

/// How sentences of the preamble begin (`根据《中华人民共和国…`, `按照…办公室《关于做好…`).
pub(super) const PREAMBLE_STARTS: &[&str] = &[
    "根据",
    "按照",
    "依据",
    "依照",
    "为了",
    "为贯彻",
    "现将",
    "现公布",
];

/// A web page's navigation trail (`您当前所在位置:首页>乡镇`, `首页>政务公开>`).
pub(super) fn is_breadcrumb(c: &str) -> bool {
    c.contains(['>', '›', '»', '＞']) || c.contains("当前位置") || c.contains("所在位置")
}

/// `标题：…`, `文章标题:…`: the label of a web page's title field dropped.
pub(super) fn without_label(c: &str) -> String {
    for label in ["文章标题", "信息名称", "标题", "题名", "名称"] {
        if let Some(rest) = c.strip_prefix(label) {
            if let Some(value) = rest.strip_prefix([':', '：']) {
                return value.to_string();
            }
        }
    }
    c.to_string()
}
