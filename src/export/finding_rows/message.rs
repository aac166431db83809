//! A row's message (the members' messages, repeated sentences said once) and the clerk's review.

use crate::model::{Finding, Review};

/// Messages of a group shown in full, the others counted: up to three all; beyond, of one rule
/// only the first (they differ only in the row or column named, which the 单元格 column
/// lists), of several rules (one culprit) three.
pub(super) const ONE_RULE_SHOWN: usize = 1;
pub(super) const RULES_SHOWN: usize = 3;

/// The sentences of a message, each with its `。`.
pub(super) fn sentences(m: &str) -> Vec<&str> {
    m.split_inclusive('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One message, or for a group: what differs (the first few, the rest counted) and then once
/// the sentences they all end with (the likely culprit, what to do).
pub(super) fn message(members: &[&Finding]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for f in members {
        if !distinct.contains(&f.message.as_str()) {
            distinct.push(&f.message);
        }
    }
    if distinct.len() <= 1 {
        return distinct.first().map(|m| m.to_string()).unwrap_or_default();
    }
    let one_rule = members.iter().all(|f| f.rule == members[0].rule);
    let shown = match (distinct.len() <= RULES_SHOWN, one_rule) {
        (true, _) => RULES_SHOWN,
        (false, true) => ONE_RULE_SHOWN,
        (false, false) => RULES_SHOWN,
    };
    let split: Vec<Vec<&str>> = distinct.iter().map(|m| sentences(m)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    // Keep at least one sentence of each message as its own part.
    let common = (0..shortest.saturating_sub(1))
        .take_while(|&k| {
            let last = |s: &Vec<&str>| s[s.len() - 1 - k].to_string();
            split.iter().all(|s| last(s) == last(&split[0]))
        })
        .count();
    let mut lines: Vec<String> = split
        .iter()
        .take(shown)
        .map(|s| s[..s.len() - common].concat())
        .collect();
    if split.len() > shown {
        lines.push(format!(
            "……另有 {} 处同类问题（位置见“单元格”栏，详见该报告的工作表）。",
            split.len() - shown
        ));
    }
    let tail = &split[0][split[0].len() - common..];
    if !tail.is_empty() {
        lines.push(tail.concat());
    }
    lines.join("\n")
}

/// The clerk's review: `已核实无误：已电话核实（张三）`; for a group partly reviewed, how many are
/// still open.
pub(super) fn review_text(
    members: &[&Finding],
    reviews: &std::collections::BTreeMap<String, Review>,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut open = 0;
    for f in members {
        match reviews.get(&f.key()) {
            Some(r) => {
                let mut line = r.status.label().to_string();
                if !r.note.trim().is_empty() {
                    line.push('：');
                    line.push_str(r.note.trim());
                }
                if !r.by.trim().is_empty() {
                    line.push_str(&format!("（{}）", r.by.trim()));
                }
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
            None => open += 1,
        }
    }
    if !lines.is_empty() && open > 0 {
        lines.push(format!("另有 {open} 处未核实"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::*;
    use crate::model::Report;

    #[test]
    fn reviews_are_reported_with_note_and_name() {
        let fs = [balance("natural", 5.0), balance("commercial", 6.0)];
        let mut r = Report::empty("a", FileKind::Text, String::new());
        r.reviews.insert(
            fs[0].key(),
            Review {
                status: ReviewStatus::Confirmed,
                note: "已电话核实".into(),
                by: "张三".into(),
            },
        );
        let members: Vec<&Finding> = fs.iter().collect();
        assert_eq!(
            review_text(&members, &r.reviews),
            "已核实无误：已电话核实（张三）\n另有 1 处未核实"
        );
        r.reviews.insert(
            fs[1].key(),
            Review {
                status: ReviewStatus::NotApplicable,
                note: String::new(),
                by: "李四".into(),
            },
        );
        assert_eq!(
            review_text(&members, &r.reviews),
            "已核实无误：已电话核实（张三）\n不适用（李四）"
        );
        assert_eq!(review_text(&members[..1], &Default::default()), "");
    }
}
