//! Which texts of a batch share more than a given part of their shingles with which others,
//! without comparing every pair: TEXT_COPIED's search (issue 26).
//!
//! The share compared is a *containment*, `|mine ∩ theirs| / |mine|` ([`super::cross_year::share_of`]),
//! not a Jaccard similarity. MinHash with LSH banding finds pairs by Jaccard, and a short text
//! copied whole into a long one has a Jaccard as low as its length over the long one's: no banding
//! threshold catches every such copy without making most pairs candidates. So this module uses
//! *prefix filtering* (Chaudhuri, Ganti & Kaushik 2006; the filter of All-Pairs and PPJoin), whose
//! recall is exactly 1, by a counting argument rather than a probability:
//!
//! - every distinct shingle gets an id; the ids are ranked by how many texts hold them, rarest
//!   first;
//! - a text of `n` shingles shares more than `share·n` of them with another only if the other
//!   holds at least one of its `n − ⌊share·n⌋` rarest: holding none, it holds at most
//!   `⌊share·n⌋` of them, which is not more than `share·n`;
//! - so only the texts listed under those rarest shingles are candidates, and each candidate's
//!   share is then counted exactly.
//!
//! Stock phrases that every report uses are common, so they fall out of the prefixes, and the
//! lists probed are short. No crate in the lock file does this (nor MinHash), hence a module.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Each text's shingles as sorted, distinct ids: ids are equal exactly when the shingles are.
pub fn interned(texts: &[&str], shingles: impl Fn(&str) -> Vec<&str>) -> Vec<Vec<u32>> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    texts
        .iter()
        .map(|text| {
            let mut set: Vec<u32> = shingles(text)
                .into_iter()
                .map(|s| {
                    let next = ids.len() as u32;
                    *ids.entry(s).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect()
}

/// The share of `mine` also in `theirs` (both sorted, distinct): the count `share_of` makes on
/// sets of strings, made on ids; `None` when `mine` has fewer than `min_len` shingles.
pub fn share(mine: &[u32], theirs: &[u32], min_len: usize) -> Option<f64> {
    if mine.len() < min_len {
        return None;
    }
    Some(common(mine, theirs) as f64 / mine.len() as f64)
}

/// How many ids two sorted, distinct lists have in common.
fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// For each text, every text (itself included) holding more than `threshold` of its shingles,
/// with that share, in no particular order. Texts with fewer than `min_len` shingles share
/// nothing of their own (they can still be found in another's list).
pub fn alike(sets: &[Vec<u32>], threshold: f64, min_len: usize) -> Vec<Vec<(f64, usize)>> {
    let index = Postings::of(sets);
    sets.par_iter()
        .enumerate()
        .map_init(
            || vec![usize::MAX; sets.len()],
            |seen, (me, mine)| {
                if mine.len() < min_len {
                    return Vec::new();
                }
                let mut found = Vec::new();
                for &id in &index.prefix(mine, threshold) {
                    for &other in index.holding(id) {
                        let other = other as usize;
                        // `seen` marks by the text asked about, so it needs no clearing.
                        if seen[other] == me {
                            continue;
                        }
                        seen[other] = me;
                        if let Some(s) = share(mine, &sets[other], min_len) {
                            if s > threshold {
                                found.push((s, other));
                            }
                        }
                    }
                }
                found
            },
        )
        .collect()
}

/// Which texts hold each shingle id, and how many.
struct Postings {
    /// `texts[starts[id]..starts[id + 1]]` hold shingle `id`.
    starts: Vec<usize>,
    texts: Vec<u32>,
}

impl Postings {
    fn of(sets: &[Vec<u32>]) -> Postings {
        let ids = sets.iter().flatten().max().map_or(0, |m| *m as usize + 1);
        let mut starts = vec![0usize; ids + 1];
        for &id in sets.iter().flatten() {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut texts = vec![0u32; starts[ids]];
        for (t, set) in sets.iter().enumerate() {
            for &id in set {
                texts[fill[id as usize]] = t as u32;
                fill[id as usize] += 1;
            }
        }
        Postings { starts, texts }
    }

    fn holding(&self, id: u32) -> &[u32] {
        let id = id as usize;
        &self.texts[self.starts[id]..self.starts[id + 1]]
    }

    /// The rarest shingles of `mine`, as many as must include one shared with any text that
    /// holds more than `threshold` of them: `n − ⌊threshold·n⌋`. A text sharing none of them
    /// shares at most `⌊threshold·n⌋`, which is not more than `threshold·n`.
    fn prefix(&self, mine: &[u32], threshold: f64) -> Vec<u32> {
        let n = mine.len();
        // A hair under the product, so that rounding can only keep one shingle more.
        let left_out = (threshold * n as f64 - 1e-9).floor().max(0.0) as usize;
        let keep = n - left_out.min(n);
        let mut by_rarity = mine.to_vec();
        by_rarity.sort_unstable_by_key(|&id| (self.holding(id).len(), id));
        by_rarity.truncate(keep);
        by_rarity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair compared, for the tests to hold the search to.
    fn all_pairs(sets: &[Vec<u32>], threshold: f64, min: usize) -> Vec<Vec<(f64, usize)>> {
        sets.iter()
            .map(|mine| {
                (0..sets.len())
                    .filter_map(|j| Some((share(mine, &sets[j], min)?, j)))
                    .filter(|(s, _)| *s > threshold)
                    .collect()
            })
            .collect()
    }

    fn sorted(mut v: Vec<Vec<(f64, usize)>>) -> Vec<Vec<(f64, usize)>> {
        for l in &mut v {
            l.sort_by_key(|a| a.1);
        }
        v
    }

    /// A reproducible pseudo-random stream (an LCG), so the sets need no crate.
    fn stream(seed: u64) -> impl Iterator<Item = u32> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        std::iter::from_fn(move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            Some((x >> 33) as u32)
        })
    }

    #[test]
    fn finds_exactly_the_pairs_every_comparison_finds() {
        // Texts built from a shared pool (stock phrases) and their own shingles, some copying
        // part of another: shares on both sides of one half, and lengths from 10 to 400.
        let mut sets: Vec<Vec<u32>> = Vec::new();
        let mut rng = stream(7);
        for t in 0..120u32 {
            let len = 10 + (rng.next().unwrap_or(0) % 390) as usize;
            let mut set: Vec<u32> = Vec::new();
            if t >= 20 {
                let from = (rng.next().unwrap_or(0) % 20) as usize;
                let part = (rng.next().unwrap_or(0) % 100) as usize;
                let base = &sets[from];
                set.extend(base.iter().take(base.len() * part / 100));
            }
            while set.len() < len {
                let stock = rng.next().unwrap_or(0).is_multiple_of(4);
                let id = rng.next().unwrap_or(0);
                set.push(if stock {
                    id % 50
                } else {
                    1000 + id % 1_000_000
                });
            }
            set.sort_unstable();
            set.dedup();
            sets.push(set);
        }
        for threshold in [0.5, 0.3, 0.8] {
            let found = sorted(alike(&sets, threshold, 30));
            let expected = sorted(all_pairs(&sets, threshold, 30));
            assert_eq!(found, expected, "threshold {threshold}");
        }
        let pairs: usize = all_pairs(&sets, 0.5, 30).iter().map(Vec::len).sum();
        assert!(pairs > 150, "the sets hold copies to find ({pairs} pairs)");
    }

    #[test]
    fn a_short_text_copied_into_a_long_one_is_found() {
        let short: Vec<u32> = (0..40).collect();
        let mut long: Vec<u32> = (0..40).step_by(2).collect();
        long.extend(1000..5000);
        long.push(41);
        let sets = vec![short, long.clone()];
        let found = alike(&sets, 0.5, 30);
        // 20 of 40 is not more than half; with one more it is.
        assert_eq!(found[0], [(1.0, 0)]);
        long.push(1);
        long.sort_unstable();
        let found = alike(&[sets[0].clone(), long], 0.5, 30);
        assert_eq!(sorted(found)[0], [(1.0, 0), (21.0 / 40.0, 1)]);
    }

    #[test]
    fn ids_stand_for_equal_shingles() {
        let sets = interned(&["abcab", "cab"], |t| {
            (0..t.len().saturating_sub(1))
                .filter_map(|i| t.get(i..i + 2))
                .collect()
        });
        // ab bc ca ab → {ab, bc, ca}; ca ab.
        assert_eq!(sets[0].len(), 3);
        assert_eq!(sets[1].len(), 2);
        assert_eq!(share(&sets[1], &sets[0], 1), Some(1.0));
        assert_eq!(share(&sets[0], &sets[1], 1), Some(2.0 / 3.0));
        assert_eq!(share(&sets[0], &sets[1], 4), None);
    }
}
