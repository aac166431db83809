//! Character-level helpers of the particulars: the last characters of a line, text without spaces.

use crate::text::fold_width;

/// The last `n` characters of `s` (all of it when it is shorter): the digits before a 年.
pub(crate) fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[start..]
}

pub(crate) fn compact(s: &str) -> String {
    compact_chars(s).collect()
}

/// `s` with full-width forms folded and blanks left out, as the patterns here are written.
pub(crate) fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_chars_counts_characters_not_bytes() {
        assert_eq!(last_chars("发布于二〇二三", 4), "二〇二三");
        assert_eq!(last_chars("于2023", 4), "2023");
        assert_eq!(last_chars("23", 4), "23");
        assert_eq!(last_chars("", 4), "");
    }
}
