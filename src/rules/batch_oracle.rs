//! The batch checks as they were before issue 26, kept as the oracle the near-linear
//! [`check_batch`](super::check_batch) must agree with exactly: every report paired with every
//! other, agency names normalised again for each pair, shingle sets compared as sets of strings.
//! The tests run both on the fixture sets and on a made-up batch of near-copies and compare every
//! finding, in order.

use super::authority::same_body;
use super::cross_year::{
    comparable_text, compare, file_ref, percent, share_of, shingles, DUPLICATE_SHARE,
};
use super::{check, Rule, Settings};
use crate::model::{Finding, Report, Severity};

/// `check_batch` before issue 26.
fn check_batch_pairwise(reports: &[Report], settings: &Settings) -> Vec<Vec<Finding>> {
    let mut out: Vec<Vec<Finding>> = reports.iter().map(|r| check(r, settings)).collect();
    let compared = cross_year_pairwise(reports).into_iter();
    for (i, extra) in compared.chain(copied_pairwise(reports)) {
        if let Some(list) = out.get_mut(i) {
            list.extend(extra);
        }
    }
    out
}

/// `cross_year::check` before issue 26.
fn cross_year_pairwise(reports: &[Report]) -> Vec<(usize, Vec<Finding>)> {
    reports
        .iter()
        .enumerate()
        .filter_map(|(i, this)| {
            let last = previous_year(reports, i)?;
            Some((i, compare(this, last)))
        })
        .collect()
}

fn previous_year(reports: &[Report], i: usize) -> Option<&Report> {
    let this = reports.get(i)?;
    let agency = this.agency.as_deref()?;
    let year = this.year?;
    reports.iter().enumerate().find_map(|(j, r)| {
        let same = j != i
            && r.year == Some(year - 1)
            && r.agency.as_deref().is_some_and(|a| same_body(a, agency));
        same.then_some(r)
    })
}

/// `copied::check` before issue 26.
fn copied_pairwise(reports: &[Report]) -> Vec<(usize, Vec<Finding>)> {
    let texts: Vec<String> = reports.iter().map(comparable_text).collect();
    let sets: Vec<_> = texts.iter().map(|t| shingles(t)).collect();
    let mut out = Vec::new();
    for (i, this) in reports.iter().enumerate() {
        let Some(agency) = this.agency.as_deref() else {
            continue;
        };
        let mut alike: Vec<(f64, usize)> = reports
            .iter()
            .enumerate()
            .filter(|(j, other)| {
                *j != i
                    && other
                        .agency
                        .as_deref()
                        .is_some_and(|a| !same_body(a, agency))
            })
            .filter_map(|(j, _)| Some((share_of(&sets[i], &sets[j])?, j)))
            .filter(|(share, _)| *share > DUPLICATE_SHARE)
            .collect();
        alike.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let Some(&(share, j)) = alike.first() else {
            continue;
        };
        let other = &reports[j];
        let mut bodies: Vec<&str> = Vec::new();
        for &(_, k) in &alike {
            let Some(a) = reports[k].agency.as_deref() else {
                continue;
            };
            if !bodies.iter().any(|b| same_body(b, a)) {
                bodies.push(a);
            }
        }
        let more = match bodies.len().saturating_sub(1) {
            0 => String::new(),
            n => format!("另有 {n} 个单位的报告也有一半以上相同。"),
        };
        let message = format!(
            "第一部分“总体情况”和第五部分“存在的主要问题及改进情况”的文字有 {} 与“{}”的报告（{}）\
             相同（已不计数字和单位名称），考核时可能被认定为与其他单位内容雷同。{more}",
            percent(share),
            other.agency.as_deref().unwrap_or("另一单位"),
            file_ref(other),
        );
        out.push((
            i,
            vec![Finding::new(Rule::TextCopied, Severity::Warning, message)
                .with_numbers(DUPLICATE_SHARE * 100.0, (share * 100.0).floor())],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check_batch;
    use std::path::{Path, PathBuf};

    fn fixtures(sub: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(sub);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} has reports", dir.display());
        files
    }

    /// One after another: reading waits for its own thread, which may use rayon's pool (a
    /// pool whose threads all wait would wait until the read's time-out).
    fn load(files: &[PathBuf]) -> Vec<Report> {
        files
            .iter()
            .filter_map(|p| {
                let doc = crate::read::read_file(p).ok()?;
                recognised(&crate::read::path_text(p), &doc)
            })
            .collect()
    }

    /// The pipeline's stages below the checks (what `crate::load_path` runs, without its time
    /// bound): the checks' own tests may not call up into the crate root.
    fn recognised(name: &str, doc: &crate::read::Document) -> Option<Report> {
        if doc.is_blank() {
            return None;
        }
        let mut report = crate::recognise::recognise(name, doc);
        super::super::deduce(&mut report);
        Some(report)
    }

    /// Compares the new batch with the oracle, report by report; returns the batch's findings.
    fn same_as_oracle(reports: &[Report]) -> Vec<Vec<Finding>> {
        let settings = Settings::default();
        let new = check_batch(reports, &settings);
        let old = check_batch_pairwise(reports, &settings);
        assert_eq!(new.len(), old.len());
        for (i, (n, o)) in new.iter().zip(&old).enumerate() {
            assert_eq!(n, o, "report {i}: {}", reports[i].file);
        }
        new
    }

    fn count(found: &[Vec<Finding>], rule: Rule) -> usize {
        found.iter().flatten().filter(|f| f.rule == rule).count()
    }

    #[test]
    fn the_fixture_sets_give_the_old_findings() {
        let mut all = Vec::new();
        for sub in ["seeds", "generated", "mutated", "reading/corpus"] {
            let files = fixtures(sub);
            let reports = load(&files);
            assert!(
                reports.len() * 10 >= files.len() * 9,
                "{sub}: {} of {} files read",
                reports.len(),
                files.len()
            );
            same_as_oracle(&reports);
            all.extend(reports);
        }
        // Together, and in another order: the same texts and bodies meet across the sets.
        let found = same_as_oracle(&all);
        all.reverse();
        same_as_oracle(&all);
        assert!(found.iter().flatten().count() > 100);
    }

    /// A reproducible stream of CJK letters that no report uses together.
    fn filler(seed: u64, len: usize) -> String {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from_u32(0x4E00 + (x % 0x5000) as u32).unwrap_or('字')
            })
            .collect()
    }

    /// A letter for a made-up place name.
    fn pick(n: u64) -> char {
        const LETTERS: &[char] = &[
            '东', '西', '南', '北', '山', '川', '河', '湖', '林', '桥', '岭',
        ];
        LETTERS[(n % LETTERS.len() as u64) as usize]
    }

    /// The body of the section whose heading starts with `heading`, up to the next heading of
    /// the outline (`二、` …), as a byte range.
    fn body(text: &str, heading: &str, next: &str) -> Option<std::ops::Range<usize>> {
        let start = text.find(heading)?;
        let start = start + text[start..].find('\n')?;
        let end = start + text[start..].find(next)?;
        Some(start..end)
    }

    /// `text` with the first `keep` per mille of sections 一 and 五 kept and the rest replaced by
    /// letters of its own.
    fn edited(text: &str, keep: usize, seed: u64) -> String {
        let mut out = text.to_string();
        for (n, (heading, next)) in [("五、存在", "六、"), ("一、总体", "二、")]
            .iter()
            .enumerate()
        {
            let Some(range) = body(&out, heading, next) else {
                continue;
            };
            let chars: Vec<char> = out[range.clone()].chars().collect();
            let kept = chars.len() * keep / 1000;
            let new: String = chars[..kept].iter().collect::<String>()
                + &filler(seed * 2 + n as u64, chars.len() - kept);
            out.replace_range(range, &new);
        }
        out
    }

    #[test]
    fn many_near_copies_under_other_names_give_the_old_findings() {
        let seeds = load(&fixtures("seeds"));
        let mut reports = Vec::new();
        for (s, seed) in seeds.iter().enumerate() {
            let Some(agency) = seed.agency.as_deref() else {
                continue;
            };
            // The name as the text uses it most: `红寺堡区红寺堡镇人民政府` → `红寺堡镇`.
            let stem = agency.strip_suffix("人民政府").unwrap_or(agency);
            let stem = stem.rsplit(['区', '县']).next().unwrap_or(stem);
            for k in 0..30u64 {
                // Bodies that are the same by their names' endings, and others that are not.
                // Two copies to a town, the odd one a year earlier.
                let town = format!(
                    "{}{}镇",
                    pick(k / 2 + 7 * s as u64),
                    pick(k / 22 + s as u64)
                );
                let name = match k % 3 {
                    0 => format!("某县{town}人民政府"),
                    1 => format!("另一县{town}"),
                    _ => town.clone(),
                };
                let text = seed.text.replace(agency, &name).replace(stem, &town);
                // Shares spread around one half: kept 420‰ … 580‰ of the compared text.
                let text = edited(&text, 420 + (k as usize * 37) % 160, k + 1000 * s as u64);
                let text = if k % 2 == 1 {
                    text.replace("2023", "2022")
                } else {
                    text
                };
                let file = format!("synthetic/{s}-{k}.txt");
                let doc = crate::read::txt::from_text(&text, crate::source::FileKind::Clipboard);
                reports.extend(recognised(&file, &doc));
            }
        }
        reports.extend(seeds);
        let found = same_as_oracle(&reports);
        let copied = count(&found, Rule::TextCopied);
        assert!(
            copied > 20 && copied < reports.len(),
            "{copied} of {} copied",
            reports.len()
        );
        let counted_others = found
            .iter()
            .flatten()
            .any(|f| f.rule == Rule::TextCopied && f.message.contains("另有"));
        assert!(counted_others, "some copies name other bodies too");
        assert!(count(&found, Rule::TextDuplicate) > 0);
        // Shuffled, the batch still agrees.
        let mut shuffled = reports.clone();
        shuffled.rotate_left(37);
        shuffled.swap(3, 90);
        same_as_oracle(&shuffled);
    }
}
