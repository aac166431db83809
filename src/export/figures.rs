//! The key figures the summary compares and the chart draws, derived from the format data: each
//! figure is the sum of some cells, named by its keys in each edition. To add a column to the
//! summary sheet, add a figure here.

use crate::format::{self, t3, FormatVersion, TableId, ValueKind};
use crate::model::Report;

pub const G_NEW: &str = "一、本年新收申请（件）";
pub const G_RESULTS: &str = "三、本年度办理结果（件）";
pub const G_T4: &str = "行政复议、行政诉讼（件）";
pub const G_T2: &str = "主动公开";

/// 2019 columns that count the same thing as a 2021 column of the same row.
const EQUIVALENT_2019: &[(&str, &str)] = &[("issued", "made")];

/// What a figure is drawn as in the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One applicant type of 本年新收 (total excluded).
    Applicant,
    /// One outcome group of 办理结果 (total excluded).
    Outcome,
    Other,
}

#[derive(Debug, Clone)]
pub struct Figure {
    /// The header over a run of figures; `None` when the figure stands alone.
    pub group: Option<&'static str>,
    pub header: String,
    pub table: TableId,
    pub kind: ValueKind,
    pub role: Role,
    keys_2021: Vec<String>,
    keys_2019: Vec<String>,
}

/// One report's value of a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum FigureValue {
    Value(f64),
    /// The report's edition has no such figure.
    NotInEdition(FormatVersion),
    /// The report has no such table (or no recognised table at all).
    NoTable(TableId),
    /// Some of the cells summed could not be read.
    Unreadable,
}

impl FigureValue {
    pub fn number(&self) -> Option<f64> {
        match self {
            FigureValue::Value(v) => Some(*v),
            _ => None,
        }
    }

    /// Why the cell is blank, for its note.
    pub fn reason(&self) -> Option<String> {
        match self {
            FigureValue::Value(_) => None,
            FigureValue::NotInEdition(v) => Some(format!("{v} 版格式没有此项")),
            FigureValue::NoTable(t) => Some(format!("报告中未找到{}", t.title())),
            FigureValue::Unreadable => Some("未能读取".to_string()),
        }
    }
}

impl Figure {
    fn both(group: Option<&'static str>, header: String, keys: Vec<String>, role: Role) -> Figure {
        let table = keys
            .first()
            .and_then(|k| format::cell_def(k))
            .map(|d| d.table)
            .unwrap_or(TableId::T3);
        Figure {
            group,
            header,
            table,
            kind: ValueKind::Count,
            role,
            keys_2021: keys.clone(),
            keys_2019: keys,
        }
    }

    pub fn keys(&self, v: FormatVersion) -> &[String] {
        match v {
            FormatVersion::V2021 => &self.keys_2021,
            FormatVersion::V2019 => &self.keys_2019,
        }
    }

    /// The keys summed for this report (none when its edition is unknown).
    pub fn keys_for(&self, r: &Report) -> &[String] {
        r.format_version.map(|v| self.keys(v)).unwrap_or(&[])
    }

    pub fn value(&self, r: &Report) -> FigureValue {
        let Some(v) = r.format_version else {
            return FigureValue::NoTable(self.table);
        };
        if !r.has_table(self.table) {
            return FigureValue::NoTable(self.table);
        }
        let keys = self.keys(v);
        if keys.is_empty() {
            return FigureValue::NotInEdition(v);
        }
        let mut sum = 0.0;
        for k in keys {
            match r.value(k) {
                Some(x) => sum += x,
                None => return FigureValue::Unreadable,
            }
        }
        FigureValue::Value(sum)
    }
}

/// Every figure, in the order of the summary columns.
pub fn figures() -> Vec<Figure> {
    let mut out = Vec::new();
    out.extend(new_by_applicant());
    out.push(single_row("carried_in"));
    out.extend(outcome_groups());
    out.push(Figure::both(
        Some(G_RESULTS),
        t3_short("results_total"),
        vec![key3("results_total", "total")],
        Role::Other,
    ));
    out.push(single_row("carried_out"));
    out.extend(review_and_suits());
    out.extend(proactive());
    out
}

fn key3(row: &str, col: &str) -> String {
    format::cell_key(TableId::T3, row, col)
}

fn new_by_applicant() -> Vec<Figure> {
    t3::COLUMNS
        .iter()
        .map(|c| {
            let role = if c.key == "total" {
                Role::Other
            } else {
                Role::Applicant
            };
            Figure::both(
                Some(G_NEW),
                c.label.to_string(),
                vec![key3("new", c.key)],
                role,
            )
        })
        .collect()
}

/// A whole-row total of T3 standing alone (上年结转, 结转下年度).
fn single_row(row: &str) -> Figure {
    Figure::both(None, t3_short(row), vec![key3(row, "total")], Role::Other)
}

/// The shortest spelling the format knows for a T3 row: `上年结转`, `部分公开`.
fn t3_short(row: &str) -> String {
    format::table(TableId::T3)
        .row(row)
        .and_then(|r| r.aliases.iter().min_by_key(|a| a.chars().count()))
        .map(|a| a.to_string())
        .unwrap_or_else(|| row.to_string())
}

/// Removes a leading `（三）`, `三、` or `3.` from a label.
fn strip_numbering(label: &str) -> &str {
    let s = label.trim();
    if let Some(rest) = s.strip_prefix('（') {
        if let Some(end) = rest.find('）') {
            return &rest[end + '）'.len_utf8()..];
        }
    }
    for sep in ['、', '.', '．'] {
        if let Some((head, rest)) = s.split_once(sep) {
            if head.chars().count() <= 2 && !rest.is_empty() {
                return rest;
            }
        }
    }
    s
}

/// The outcome groups (予以公开 … 其他处理), each the sum of its rows' totals. The 2019 edition's
/// single （六）其他处理 row and the 2021 edition's three sub-items fall in the same group.
fn outcome_groups() -> Vec<Figure> {
    let mut groups: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for v in format::ALL_VERSIONS {
        for row in t3::result_rows(*v) {
            // Sub-items are named by their group (（三）不予公开), single rows by their own label
            // without the remark in brackets (（二）部分公开（区分处理的…）).
            let label = strip_numbering(row.groups.get(1).copied().unwrap_or(row.label));
            let header = label.split('（').next().unwrap_or(label).to_string();
            let i = match groups.iter().position(|g| g.0 == header) {
                Some(i) => i,
                None => {
                    groups.push((header, Vec::new(), Vec::new()));
                    groups.len() - 1
                }
            };
            let key = key3(row.key, "total");
            match v {
                FormatVersion::V2021 => groups[i].1.push(key),
                FormatVersion::V2019 => groups[i].2.push(key),
            }
        }
    }
    groups
        .into_iter()
        .map(|(header, k21, k19)| Figure {
            group: Some(G_RESULTS),
            header,
            table: TableId::T3,
            kind: ValueKind::Count,
            role: Role::Outcome,
            keys_2021: k21,
            keys_2019: k19,
        })
        .collect()
}

/// 行政复议 and 行政诉讼 (both suits together): total cases and cases whose result was corrected.
fn review_and_suits() -> Vec<Figure> {
    let t4 = format::table(TableId::T4);
    let mut tops: Vec<&'static str> = Vec::new();
    for row in t4.rows {
        let top = row.groups.first().copied().unwrap_or(row.label);
        if !tops.contains(&top) {
            tops.push(top);
        }
    }
    let mut out = Vec::new();
    for top in tops {
        let rows: Vec<_> = t4
            .rows
            .iter()
            .filter(|r| r.groups.first().copied().unwrap_or(r.label) == top)
            .collect();
        for col in ["total", "corrected"] {
            let Some(label) = rows
                .first()
                .and_then(|r| r.columns.iter().find(|c| c.key == col))
                .map(|c| c.label)
            else {
                continue;
            };
            let keys = rows
                .iter()
                .map(|r| format::cell_key(TableId::T4, r.key, col))
                .collect();
            out.push(Figure::both(
                Some(G_T4),
                format!("{top}{label}"),
                keys,
                Role::Other,
            ));
        }
    }
    out
}

/// Every cell of the 2021 主动公开 table, with the 2019 cell that counts the same thing.
fn proactive() -> Vec<Figure> {
    let t2 = format::table(TableId::T2);
    format::cells_of(TableId::T2, FormatVersion::V2021)
        .into_iter()
        .map(|d| {
            let old_col = EQUIVALENT_2019
                .iter()
                .find(|(new, _)| *new == d.column.key)
                .map(|(_, old)| *old)
                .unwrap_or(d.column.key);
            let keys_2019 = t2
                .rows_for(FormatVersion::V2019)
                .find(|r| r.key == d.row.key)
                .filter(|r| r.columns.iter().any(|c| c.key == old_col))
                .map(|r| vec![format::cell_key(TableId::T2, r.key, old_col)])
                .unwrap_or_default();
            Figure {
                group: Some(G_T2),
                header: format!("{}·{}", d.row.label, d.column.label),
                table: TableId::T2,
                kind: d.column.kind,
                role: Role::Other,
                keys_2021: vec![d.key()],
                keys_2019,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn find<'a>(fs: &'a [Figure], header: &str) -> &'a Figure {
        fs.iter()
            .find(|f| f.header == header)
            .unwrap_or_else(|| panic!("no figure {header}: {:?}", headers(fs)))
    }

    fn headers(fs: &[Figure]) -> Vec<&str> {
        fs.iter().map(|f| f.header.as_str()).collect()
    }

    #[test]
    fn outcome_groups_cover_every_result_row_once() {
        let fs = figures();
        let outcomes: Vec<_> = fs.iter().filter(|f| f.role == Role::Outcome).collect();
        assert_eq!(
            outcomes
                .iter()
                .map(|f| f.header.as_str())
                .collect::<Vec<_>>(),
            [
                "予以公开",
                "部分公开",
                "不予公开",
                "无法提供",
                "不予处理",
                "其他处理"
            ]
        );
        for v in format::ALL_VERSIONS {
            let mut keys: Vec<&String> = outcomes.iter().flat_map(|f| f.keys(*v)).collect();
            let expected: Vec<String> = t3::result_rows(*v).map(|r| key3(r.key, "total")).collect();
            keys.sort();
            let mut e: Vec<&String> = expected.iter().collect();
            e.sort();
            assert_eq!(keys, e, "{v}");
        }
        assert_eq!(
            find(&fs, "其他处理").keys(FormatVersion::V2019),
            ["T3.other.total"]
        );
        assert_eq!(find(&fs, "不予公开").keys(FormatVersion::V2021).len(), 8);
    }

    #[test]
    fn review_and_suits_sum_their_groups() {
        let fs = figures();
        assert_eq!(
            find(&fs, "行政诉讼结果纠正").keys(FormatVersion::V2021),
            ["T4.suit_direct.corrected", "T4.suit_after_review.corrected"]
        );
        assert_eq!(
            find(&fs, "行政复议总计").keys(FormatVersion::V2019),
            ["T4.review.total"]
        );
    }

    #[test]
    fn proactive_maps_2019_where_it_means_the_same() {
        let fs = figures();
        assert_eq!(
            find(&fs, "规章·本年制发件数").keys(FormatVersion::V2019),
            ["T2.rules.made"]
        );
        assert!(find(&fs, "规章·现行有效件数")
            .keys(FormatVersion::V2019)
            .is_empty());
        assert_eq!(
            find(&fs, "行政许可·本年处理决定数量").keys(FormatVersion::V2019),
            ["T2.licensing.decisions"]
        );
        assert_eq!(
            find(&fs, "行政事业性收费·本年收费金额（单位：万元）").kind,
            ValueKind::Amount
        );
        assert!(fs.iter().any(|f| f.header == "上年结转"));
        assert!(fs.iter().any(|f| f.header == "结转下年度"));
    }

    #[test]
    fn values_are_sums_and_never_invented() {
        let fs = figures();
        let denied = find(&fs, "不予公开");
        let mut r = Report::empty("a", FileKind::Text, String::new());
        assert_eq!(denied.value(&r), FigureValue::NoTable(TableId::T3));
        r.format_version = Some(FormatVersion::V2021);
        r.tables = vec![TableId::T3];
        assert_eq!(denied.value(&r), FigureValue::Unreadable);
        for k in denied.keys(FormatVersion::V2021) {
            r.cells.get_mut(k).unwrap().value = Some(1.0);
        }
        assert_eq!(denied.value(&r), FigureValue::Value(8.0));
        assert_eq!(
            find(&fs, "行政复议总计").value(&r),
            FigureValue::NoTable(TableId::T4)
        );
        r.format_version = Some(FormatVersion::V2019);
        r.tables.push(TableId::T2);
        assert_eq!(
            find(&fs, "规章·现行有效件数").value(&r),
            FigureValue::NotInEdition(FormatVersion::V2019)
        );
    }
}
