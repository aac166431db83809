//! Names by their pinyin, for the report list's search and order. Many characters of place
//! names have several readings (长 cháng/zhǎng, 乐 lè/yuè, 番 pān/fān): a search matches any
//! reading, by full syllables (`changxing`) or by initials (`cxx`, and `zxx` too), and the list
//! sorts a place name by its reading as a place name where that differs from the commonest one.

use pinyin::{ToPinyin, ToPinyinMulti};

/// Characters whose reading in place names is not the one the `pinyin` crate lists first.
const PLACE_READINGS: [(char, &str); 10] = [
    ('长', "chang"),
    ('重', "chong"),
    ('厦', "xia"),
    ('蚌', "beng"),
    ('番', "pan"),
    ('蔚', "yu"),
    ('铅', "yan"),
    ('单', "shan"),
    ('乐', "le"),
    ('六', "lu"),
];

/// Every reading of each character, without tones (a Latin letter or digit stands for itself,
/// lower-cased; other characters have none).
fn readings(name: &str) -> Vec<Vec<String>> {
    name.chars()
        .filter_map(|c| {
            if let Some(multi) = c.to_pinyin_multi() {
                let mut all: Vec<String> = Vec::new();
                for p in multi {
                    let s = p.plain().to_string();
                    if !all.contains(&s) {
                        all.push(s);
                    }
                }
                return Some(all);
            }
            c.is_alphanumeric()
                .then(|| vec![c.to_lowercase().collect::<String>()])
        })
        .collect()
}

/// Whether `needle` (lower case, no spaces) is in `name`: as characters, as full syllables of
/// any readings run together from a character on (the last one may be cut short), or as the
/// initials of any readings.
pub fn name_matches(name: &str, needle: &str) -> bool {
    if needle.is_empty() || name.to_lowercase().contains(needle) {
        return true;
    }
    let r = readings(name);
    (0..r.len()).any(|i| syllables_from(&r[i..], needle) || initials_from(&r[i..], needle))
}

fn syllables_from(r: &[Vec<String>], needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let Some((first, rest)) = r.split_first() else {
        return false;
    };
    first.iter().any(|s| {
        s.starts_with(needle)
            || (needle.starts_with(s.as_str()) && syllables_from(rest, &needle[s.len()..]))
    })
}

fn initials_from(r: &[Vec<String>], needle: &str) -> bool {
    needle.chars().count() <= r.len()
        && needle
            .chars()
            .zip(r)
            .all(|(c, rs)| rs.iter().any(|s| s.starts_with(c)))
}

/// Sorts names by their pinyin syllable by syllable (`大营` before `红寺堡` before `谭山`), a
/// place-name character by its place-name reading (长兴乡 under C).
pub fn sort_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        match PLACE_READINGS.iter().find(|(p, _)| *p == c) {
            Some((_, reading)) => key.push_str(reading),
            None => match c.to_pinyin() {
                Some(p) => key.push_str(p.with_tone_num_end()),
                None => key.extend(c.to_lowercase()),
            },
        }
        // A separator below every letter, so that `xi an` sorts before `xian`.
        key.push(' ');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_by_pinyin() {
        let mut names = [
            "谭山镇",
            "红寺堡镇",
            "大营镇",
            "西堡镇",
            "哈图布呼镇",
            "长兴乡",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "长兴乡",
                "大营镇",
                "哈图布呼镇",
                "红寺堡镇",
                "谭山镇",
                "西堡镇"
            ],
            "长兴 under C, as a place name reads"
        );
    }

    #[test]
    fn a_search_matches_any_reading() {
        for needle in [
            "cxx",
            "zxx",
            "changxing",
            "zhangxingxiang",
            "changx",
            "长兴",
            "xingxiang",
        ] {
            assert!(name_matches("长兴乡人民政府", needle), "{needle}");
        }
        assert!(name_matches("红寺堡镇", "hongsibu"), "堡 bǔ");
        assert!(name_matches("红寺堡镇", "hsbz"));
        for needle in ["cx", "xz"] {
            assert!(!name_matches("大营镇人民政府", needle), "{needle}");
        }
        assert!(!name_matches("长兴乡", "cxxx"));
    }
}
