//! Reading values as reports write them: `2`, `１２`, `1,234`, `0.35`, `12万元`; and the dashes
//! that mean "nothing" (无, —, －, /), which are read as 0 but reported.

use crate::format::ValueKind;
use crate::text::fold_width;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parsed {
    Number(f64),
    Dash,
    NotAValue,
}

/// Units a clerk may type after a value in a cell.
const UNITS: &[&str] = &["万元", "元", "件", "条", "个", "项", "次"];

pub fn parse_value(raw: &str) -> Parsed {
    let folded: String = raw
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if folded.is_empty() {
        return Parsed::NotAValue;
    }
    if is_dash(&folded) {
        return Parsed::Dash;
    }
    let mut s = folded.as_str();
    for unit in UNITS {
        if let Some(stripped) = s.strip_suffix(unit) {
            s = stripped;
            break;
        }
    }
    parse_number(s).map_or(Parsed::NotAValue, Parsed::Number)
}

fn is_dash(s: &str) -> bool {
    matches!(
        s,
        "无" | "/"
            | "\\"
            | "-"
            | "--"
            | "—"
            | "——"
            | "–"
            | "－"
            | "−"
            | "一一"
            | "―"
            | "…"
            | "不涉及"
    )
}

/// No count or amount of a year's 政府信息公开 comes near this: a bigger value is a typing or
/// conversion error (1e300 from a spreadsheet, a row of digits run together), never a figure.
pub const MAX_PLAUSIBLE: f64 = 1e9;

/// Whether `v` can be a figure of a report at all (VALUE_INVALID otherwise).
pub fn plausible(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_PLAUSIBLE
}

/// Words a clerk writes in a count cell instead of a number (`N/A`, `不适用`, `暂无`), and what
/// programs print for numbers they could not compute (`NaN`, `inf`). In a cell they are a
/// non-number: never 0, never part of the row's label.
pub fn says_no_value(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "n/a",
        "na",
        "n.a.",
        "nan",
        "inf",
        "-inf",
        "+inf",
        "infinity",
        "null",
        "none",
        "nil",
        "#n/a",
        "#value!",
        "#div/0!",
        "#ref!",
        "#num!",
        "不适用",
        "暂无",
        "暂缺",
        "无数据",
        "未统计",
        "不详",
        "待定",
        "待统计",
        "空",
        "缺",
    ];
    let folded: String = word
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    WORDS.contains(&folded.as_str())
}

/// A decimal number with optional sign and thousands separators (`1,234`, `１２３４`, `-3`, `0.5`).
fn parse_number(s: &str) -> Option<f64> {
    let (neg, digits) = match s.strip_prefix(['-', '−', '－', '+']) {
        Some(rest) => (s.starts_with(['-', '−', '－']), rest),
        None => (false, s),
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac) = match digits.split_once(['.', '。', '．']) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if !thousands_ok(int_part) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let clean: String = int_part
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let text = match frac {
        Some(f) => format!("{clean}.{f}"),
        None => clean,
    };
    let v: f64 = text.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Digits, with commas only as thousands separators (`1,234` yes, `1,23` no).
fn thousands_ok(s: &str) -> bool {
    let groups: Vec<&str> = s.split([',', '，']).collect();
    if groups.len() == 1 {
        return s.chars().all(|c| c.is_ascii_digit());
    }
    groups[0].len() <= 3
        && !groups[0].is_empty()
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// What a clerk typed into a cell, read by the same rules as a report's cells (so "1,23" and
/// "1e3" are refused here as there), then checked against the column's kind. Empty means "no
/// value" (the cell becomes missing); a dash means 0, as in a report.
pub fn parse_input(kind: ValueKind, text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let v = match parse_value(text) {
        Parsed::Number(v) if v.is_finite() => v,
        Parsed::Dash => 0.0,
        _ => return Err(format!("“{}”不是数字", text.trim())),
    };
    match kind {
        ValueKind::Count if v < 0.0 => Err("此栏不能为负数".into()),
        ValueKind::Count | ValueKind::Change if v.fract() != 0.0 => Err("此栏只能填整数".into()),
        ValueKind::Amount if v < 0.0 => Err("金额不能为负数".into()),
        _ => Ok(Some(v)),
    }
}

/// The value of one Chinese digit (`两` = 2, `〇` = 0).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral up to the thousands (`二十二` = 22, `两` = 2, `〇` = 0), or of a
/// string of single digits as used in years (`二〇二四` = 2024).
pub fn chinese_number(s: &str) -> Option<u32> {
    // Years are also typed with a circle or a letter O for 〇 (`二O二四`).
    let digit = |c: char| chinese_digit(c).or(matches!(c, 'О' | 'O' | '○').then_some(0));
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| digit(c).is_some()) && s.chars().count() > 1 {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?));
    }
    let (mut total, mut current) = (0u32, 0u32);
    for c in s.chars() {
        match c {
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total += current.max(1) * unit;
                current = 0;
            }
            _ => current = digit(c)?,
        }
    }
    Some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_values_are_written() {
        assert_eq!(parse_value("2"), Parsed::Number(2.0));
        assert_eq!(parse_value("１２"), Parsed::Number(12.0));
        assert_eq!(parse_value("1,234"), Parsed::Number(1234.0));
        assert_eq!(parse_value("0.35"), Parsed::Number(0.35));
        assert_eq!(parse_value("12万元"), Parsed::Number(12.0));
        assert_eq!(parse_value("-3"), Parsed::Number(-3.0));
        assert_eq!(parse_value("—"), Parsed::Dash);
        assert_eq!(parse_value("无"), Parsed::Dash);
        assert_eq!(parse_value("／"), Parsed::Dash);
        assert_eq!(parse_value("1,23"), Parsed::NotAValue);
        assert_eq!(parse_value("1."), Parsed::NotAValue);
        assert_eq!(parse_value("二"), Parsed::NotAValue);
        assert_eq!(parse_value("2023年"), Parsed::NotAValue);
    }

    #[test]
    fn typed_input_is_read_as_the_reader_reads_and_checked_by_kind() {
        assert_eq!(parse_input(ValueKind::Count, " １２ "), Ok(Some(12.0)));
        assert_eq!(parse_input(ValueKind::Count, "1,200"), Ok(Some(1200.0)));
        assert_eq!(parse_input(ValueKind::Count, ""), Ok(None));
        assert_eq!(parse_input(ValueKind::Count, "—"), Ok(Some(0.0)));
        assert!(parse_input(ValueKind::Count, "1,23").is_err());
        assert!(parse_input(ValueKind::Count, "1e3").is_err());
        assert!(parse_input(ValueKind::Count, "1.5").is_err());
        assert!(parse_input(ValueKind::Count, "-1").is_err());
        assert!(parse_input(ValueKind::Count, "abc").is_err());
        assert_eq!(parse_input(ValueKind::Change, "-3"), Ok(Some(-3.0)));
        assert_eq!(parse_input(ValueKind::Amount, "12.35"), Ok(Some(12.35)));
        assert_eq!(parse_input(ValueKind::Amount, "12万元"), Ok(Some(12.0)));
        assert!(parse_input(ValueKind::Amount, "-0.5").is_err());
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("两"), Some(2));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("二十二"), Some(22));
        assert_eq!(chinese_number("二〇二四"), Some(2024));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(chinese_number("甲"), None);
    }
}
