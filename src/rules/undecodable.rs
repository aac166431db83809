//! TEXT_UNDECODABLE: bytes of the file that were no text in its encoding (a UTF-8 report with
//! a few damaged bytes). The reader replaced them with U+FFFD and read the rest; the clerk is
//! told where, since a damaged byte may have been part of a figure.

use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;

/// How a damaged place is shown in the message.
const MARK: &str = "〔乱码〕";

/// How much text on each side of the first damaged place the message quotes.
const CONTEXT_CHARS: usize = 12;

pub fn check(report: &Report) -> Option<Finding> {
    let count = report.text.matches('\u{FFFD}').count();
    let at = report.text.find('\u{FFFD}')?;
    let before: String = report.text[..at]
        .chars()
        .rev()
        .take(CONTEXT_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = report.text[at..].chars().take(CONTEXT_CHARS + 1).collect();
    // U+FFFD itself is not in the app's font: the message marks the place in words.
    let place = format!("{before}{after}")
        .replace(['\n', '\t'], " ")
        .replace('\u{FFFD}', MARK);
    Some(Finding::new(
        Rule::TextUndecodable,
        Severity::Warning,
        format!(
            "文件中有 {count} 处字节无法识别为文字，其余内容照常读取。第一处在“{}”（{MARK}处）。请对照原文核对这些位置的文字和数字。",
            place.trim()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_bytes_are_reported_with_where_the_first_is() {
        let mut r = crate::rules::testkit::report21(&[]);
        r.text = "本机关收到申请\u{FFFD}件，办结2件\u{FFFD}".into();
        let f = check(&r).unwrap();
        assert_eq!(f.rule, Rule::TextUndecodable);
        assert!(f.message.contains("2 处"), "{}", f.message);
        assert!(f.message.contains("收到申请〔乱码〕件"), "{}", f.message);
        assert!(!f.message.contains('\u{FFFD}'));
        r.text = "本机关收到申请2件".into();
        assert!(check(&r).is_none());
    }
}
