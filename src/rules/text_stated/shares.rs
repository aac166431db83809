//! Shares the text states (`占66.48%`) against the figures they are shares of.

use crate::model::{Finding, Report, Severity};
use crate::rules::names::num;
use crate::rules::text::{counts, is_case_count, quote, Piece};
use crate::rules::Rule;

/// A share written after a count: `占66.48%`, `占比为 30%`, `占总数的 12.5％`.
pub struct Share {
    pub percent: f64,
    pub decimals: u32,
    /// Relative byte offset of `占` in the sentence.
    pub at: usize,
}

/// Every `占…N%` in a sentence.
pub fn shares(sentence: &str) -> Vec<Share> {
    let mut out = Vec::new();
    for (at, _) in sentence.match_indices('占') {
        let rest = &sentence[at + '占'.len_utf8()..];
        let Some(pct) = rest.find(['%', '％']) else {
            continue;
        };
        let between = &rest[..pct];
        let digits_at = between
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map_or(between.len(), |(i, _)| i);
        let number = &between[digits_at..];
        let words = &between[..digits_at];
        // `占66%`, `占比66%`, `占总数的66%`: only a few words between 占 and the number.
        if number.is_empty() || words.chars().count() > 10 || words.contains(['，', '、', '；'])
        {
            continue;
        }
        let Ok(percent) = number.parse::<f64>() else {
            continue;
        };
        let decimals = number.split('.').nth(1).map_or(0, |d| d.len() as u32);
        out.push(Share {
            percent,
            decimals,
            at,
        });
    }
    out
}

/// Does `part / whole` round to the stated share?
pub(super) fn gives(part: f64, whole: f64, share: &Share) -> bool {
    if whole <= 0.0 {
        return false;
    }
    let tolerance = 0.5 * 10f64.powi(-(share.decimals as i32)) + 1e-9;
    (part / whole * 100.0 - share.percent).abs() <= tolerance
}

/// Shares of the application figures (予以公开 966 件，占 66.48%): the count before 占 divided by
/// one of the totals the text or the tables give (本年新收, 新收 + 上年结转, 办结).
pub fn share_mismatch(report: &Report, sentence: Piece<'_>, stated: &[f64]) -> Vec<Finding> {
    let mut out = Vec::new();
    for share in shares(sentence.text) {
        let head = sentence.head(share.at);
        let Some(part) = counts(head).pop().filter(|c| is_case_count(head, c)) else {
            continue;
        };
        // Only a count of the clause right before 占, not one of an earlier statement.
        let gap = head.text.get(part.span.end - head.start..).unwrap_or("");
        if gap.chars().count() > 3 {
            continue;
        }
        let new = report.value("T3.new.total");
        let carried = report.value("T3.carried_in.total");
        let mut wholes: Vec<f64> = stated.to_vec();
        wholes.extend(new);
        wholes.extend(new.zip(carried).map(|(a, b)| a + b));
        wholes.extend(report.value("T3.results_total.total"));
        if wholes.is_empty() || wholes.iter().any(|w| gives(part.value, *w, &share)) {
            continue;
        }
        let clause_start = head
            .text
            .rfind(['；', '。'])
            .map_or(0, |i| i + '；'.len_utf8());
        let end = sentence.text[share.at..]
            .find(['%', '％'])
            .map_or(sentence.text.len(), |i| share.at + i + '%'.len_utf8());
        let clause = Piece::new(
            sentence.text.get(clause_start..end).unwrap_or(""),
            sentence.start + clause_start,
        );
        let mut bases: Vec<String> = Vec::new();
        for w in &wholes {
            let text = format!("{}（{:.2}%）", num(*w), part.value / w * 100.0);
            if *w > 0.0 && !bases.contains(&text) {
                bases.push(text);
            }
        }
        let message = format!(
            "正文写“{}”，但 {} 件无论按哪个总数算都得不到 {}%：按正文或表三的总数 {} 计算。\
             请核实百分比或件数。",
            quote(clause.text, 60),
            num(part.value),
            share.percent,
            bases.join("、"),
        );
        out.push(
            Finding::new(Rule::TextTableMismatch, Severity::Warning, message)
                .with_numbers(share.percent, part.value)
                .with_span(clause.span()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;

    #[test]
    fn shares_must_follow_from_a_stated_or_table_total() {
        let cells = [
            ("T3.new.total", 1453.0),
            ("T3.results_total.total", 1453.0),
            ("T3.granted.total", 966.0),
        ];
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占66.48%。";
        assert!(findings(text, &cells).is_empty());
        // Rounded to a whole per cent is fine too.
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占比66%。";
        assert!(findings(text, &cells).is_empty());
        let text = "全年收到政府信息公开申请1453件，其中予以公开966件，占76.48%。";
        let f = findings(text, &cells);
        assert_eq!(rules(&f), ["TEXT_TABLE_MISMATCH"]);
        assert!(f[0].message.contains("76.48%"), "{}", f[0].message);
        assert!(f[0].message.contains("1453（66.48%）"), "{}", f[0].message);
        // A growth rate is not a share.
        let text = "全年收到政府信息公开申请1453件，同比增长12.5%。";
        assert!(findings(text, &cells).is_empty());
    }
}
