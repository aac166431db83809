//! The signature block that closes a report: the body's name alone on a line (one or two lines),
//! then the date (`河北省教育厅` / `2022年1月20日`). It is no part of the last section: counted
//! as its text, it would make a 六 that says only 无 look like a section with content.

use super::meta::{compact, date_in, has_body_suffix, plausible_name};
use super::tokens::Flat;

/// Name lines a signature may have above its date (a body and its office, e.g.).
const MAX_NAME_LINES: usize = 2;

/// The first line of the signature block at the end of the text: the name lines above a closing
/// date, or the date alone. `None` when the text does not end with a date.
pub fn block_start(flat: &Flat) -> Option<usize> {
    let filled: Vec<usize> = (0..flat.lines.len())
        .rev()
        .filter(|&i| !flat.line_text(i).trim().is_empty())
        .take(MAX_NAME_LINES + 1)
        .collect();
    let (&date_line, above) = filled.split_first()?;
    date_in(flat.line_text(date_line))?;
    let names = above
        .iter()
        .take_while(|&&i| is_name_line(flat.line_text(i)))
        .count();
    Some(above[..names].last().copied().unwrap_or(date_line))
}

/// A body's name and nothing else (`西宁市湟中区西堡镇人民政府`).
fn is_name_line(line: &str) -> bool {
    let c = compact(line);
    plausible_name(&c) && has_body_suffix(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;
    use crate::recognise::tokens::flatten;

    fn start_text(text: &str) -> Option<String> {
        let flat = flatten(&from_text(text, FileKind::Text));
        block_start(&flat).map(|i| flat.line_text(i).to_string())
    }

    #[test]
    fn the_name_above_the_closing_date_opens_the_block() {
        let t = "六、其他需要报告的事项\n无。\n河北省教育厅\n2022年1月20日\n\n";
        assert_eq!(start_text(t).as_deref(), Some("河北省教育厅"));
        let t = "六、其他需要报告的事项\n无。\n\n某县人民政府\n某县政务公开办公室\n2024-01-20";
        assert_eq!(start_text(t).as_deref(), Some("某县人民政府"));
        // A date alone closes the text as well.
        assert_eq!(
            start_text("无。\n2022年1月20日").as_deref(),
            Some("2022年1月20日")
        );
    }

    #[test]
    fn text_that_does_not_end_with_a_date_has_no_block() {
        assert_eq!(
            start_text("六、其他需要报告的事项\n无。\n河北省教育厅"),
            None
        );
        assert_eq!(
            start_text("六、其他需要报告的事项\n2023年我镇共收到申请2件，均已办结。"),
            None
        );
        // A sentence above the date is content, not a name.
        assert_eq!(
            start_text("本单位未收取信息处理费。\n2022年1月20日").as_deref(),
            Some("2022年1月20日")
        );
    }
}
