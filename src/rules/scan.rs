//! Figures read from a page image (OCR): CELL_UNCERTAIN, and what a failed sum says when a
//! scanned figure takes part in it.
//!
//! An OCR misread must never pass silently. A figure the recogniser was unsure of is flagged
//! whatever the sums say. A figure it was sure of can still be wrong; then the table does not add
//! up, and the sum's finding says so. Where exactly one scanned figure, read as one of its
//! look-alike readings ([`OcrReading::alternatives`]: a 3 for an 8, a 1 for a 7), makes every
//! failed sum it is in hold without breaking one that held, that cell is named with the reading
//! that would fit. The value is never changed: the clerk compares it with the original.

use super::arithmetic::Equation;
use super::names::{self, key_place, num};
use super::Rule;
use crate::format;
use crate::model::{CellState, Finding, Guess, OcrReading, Report, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// Below this confidence a reading is flagged even when the sums hold. PP-OCR's character
/// probabilities on clean print are above 0.98; blur, noise or a seal stroke through a digit
/// bring the least sure character down to 0.5–0.9.
pub const UNSURE_BELOW: f32 = 0.9;

/// A scanned figure that, read differently, makes the failed sums it is in hold.
#[derive(Debug, Clone, PartialEq)]
struct Rereading {
    key: String,
    value: f64,
}

/// On a poor page ([`POOR_PAGE_SHARE`]) a reading needs this confidence to go unflagged: where a
/// third of the recogniser's readings are unsure, its sure ones are less to be trusted too (a
/// fax at 100 dpi gave a 0 read as 1 at 0.905). Clean print reads above it.
pub const SURE_ON_POOR_PAGE: f32 = 0.98;

/// A page on which at least this share of the figures the OCR read are doubtful (unsure, or not
/// a number) is a poor scan: a blank cell on it may be a figure the OCR lost ([`blank_on_poor_page`]).
/// Clean scans and photos have one doubtful figure in fifty; a fax at 100 dpi most of them.
const POOR_PAGE_SHARE: f32 = 1.0 / 3.0;

/// CELL_UNCERTAIN for each scanned figure that is doubtful: read with low confidence (a higher
/// bar on a poor page), or the only scanned figure whose look-alike reading makes its failed
/// sums hold; for each blank cell of a poor scan, taken as 0; and for each cell deduced from
/// one of those.
pub fn uncertain(report: &Report, eqs: &[Equation]) -> Vec<Finding> {
    let rereadings = rereadings(report, eqs);
    let poor = poor_pages(report);
    let mut out = blanks_on_poor_pages(report, &poor);
    let (off_by_a_row, mut covered) = rows_off_by_one(report);
    out.extend(off_by_a_row);
    let (guessed_rows, guessed) = rows_guessed(report);
    out.extend(guessed_rows);
    covered.extend(guessed);
    let covered = |key: &str| covered.contains(key);
    for (key, reading) in &report.ocr {
        if report.unread_on_scan(key) {
            out.push(unread_finding(key, reading));
            continue;
        }
        let Some(value) = report.ocr_reading(key).and(report.value(key)) else {
            continue;
        };
        if covered(key) {
            continue;
        }
        let fits = rereadings.iter().find(|r| &r.key == key).map(|r| r.value);
        let on_poor_page = poor.get(&reading.page).copied();
        let bar = on_poor_page.map_or(UNSURE_BELOW, |_| SURE_ON_POOR_PAGE);
        if reading.confidence >= bar && fits.is_none() {
            continue;
        }
        out.push(finding(key, value, reading, fits, on_poor_page));
    }
    out.extend(deduced_from_doubtful(report, &out));
    out
}

/// CELL_UNCERTAIN for each deduced cell worked out from a doubtful scanned figure (one flagged
/// above), directly or through other such deduced cells. The deduction itself is sound, but it
/// carries the misreading over: the figures agree with each other by construction, so no sum
/// would ever fail to point at it (a fax at 100 dpi had three cells of a row "deduced" from
/// misread figures, each of them wrong and nothing pointing at them).
fn deduced_from_doubtful(report: &Report, flagged: &[Finding]) -> Vec<Finding> {
    let mut doubtful: BTreeSet<&str> = flagged
        .iter()
        .flat_map(|f| f.cells.iter().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    // A deduced cell may rest on another deduced cell: go round until nothing more is doubtful.
    loop {
        let before = out.len();
        for (key, deduction) in &report.deduced {
            let Some(value) = report.deduction(key).and(report.value(key)) else {
                continue;
            };
            if doubtful.contains(key.as_str()) {
                continue;
            }
            let from: Vec<&String> = deduction
                .from
                .iter()
                .filter(|k| doubtful.contains(k.as_str()))
                .collect();
            if from.is_empty() {
                continue;
            }
            doubtful.insert(key);
            out.push(deduced_finding(key, value, &from));
        }
        if out.len() == before {
            return out;
        }
    }
}

fn deduced_finding(key: &str, value: f64, from: &[&String]) -> Finding {
    let named: Vec<String> = from.iter().take(2).map(|k| key_place(k)).collect();
    let more = match from.len() {
        0..=2 => String::new(),
        n => format!("等 {n} 格"),
    };
    let message = format!(
        "{}的 {} 是按表内关系推算出来的，但推算用到的{}{}在扫描件上识别得把握不大，推算出的数也可能不对。请对照原件核对这一格。",
        key_place(key),
        num(value),
        named.join("、"),
        more,
    );
    Finding::new(Rule::CellUncertain, Severity::Warning, message).with_cells([key.to_string()])
}

/// One CELL_UNCERTAIN per row whose scanned figures were read from a line that names another row
/// of the table ([`OcrReading::names_row`]); and which cells those findings cover, so that their
/// figures get no second finding.
fn rows_off_by_one(report: &Report) -> (Vec<Finding>, BTreeSet<String>) {
    let mut rows: BTreeMap<(format::TableId, &str), (Vec<&String>, &str)> = BTreeMap::new();
    for (key, reading) in &report.ocr {
        let (Some(other), Some(def)) = (&reading.names_row, format::cell_def(key)) else {
            continue;
        };
        if report.ocr_reading(key).and(report.value(key)).is_none() {
            continue;
        }
        let entry = rows.entry((def.table, def.row.key)).or_default();
        entry.0.push(key);
        entry.1 = other;
    }
    let covered: BTreeSet<String> = rows
        .values()
        .flat_map(|(keys, _)| keys.iter().map(|k| k.to_string()))
        .collect();
    let findings = rows
        .into_iter()
        .filter_map(|((table, _), (keys, other))| off_by_one_finding(report, table, &keys, other))
        .collect();
    (findings, covered)
}

/// One CELL_UNCERTAIN per row whose scanned figures were placed by a guess
/// ([`OcrReading::guess`]), naming every cell they may belong in: a figure in the wrong cell
/// leaves a wrong 0 where it belongs, and where no printed sum runs through both nothing else
/// would say so. Also which figures those findings cover.
fn rows_guessed(report: &Report) -> (Vec<Finding>, BTreeSet<String>) {
    let mut rows: BTreeMap<(format::TableId, &str), (Vec<&String>, &Guess)> = BTreeMap::new();
    for (key, reading) in &report.ocr {
        let (Some(guess), Some(def)) = (&reading.guess, format::cell_def(key)) else {
            continue;
        };
        if report.ocr_reading(key).and(report.value(key)).is_some() {
            let entry = rows
                .entry((def.table, def.row.key))
                .or_insert((Vec::new(), guess));
            entry.0.push(key);
        }
    }
    let covered = rows
        .values()
        .flat_map(|(k, _)| k)
        .map(|k| k.to_string())
        .collect();
    let findings = rows
        .into_values()
        .filter_map(|(keys, guess)| guessed_finding(report, &keys, guess))
        .collect();
    (findings, covered)
}

fn guessed_finding(report: &Report, keys: &[&String], guess: &Guess) -> Option<Finding> {
    let first = keys.first()?;
    let def = format::cell_def(first)?;
    let table = format::table(def.table);
    let page = report.ocr.get(*first).map_or(0, |r| r.page);
    let values: Vec<String> = keys
        .iter()
        .filter_map(|k| report.value(k))
        .map(num)
        .collect();
    let row_keys = |row: &format::RowDef| {
        row.columns
            .iter()
            .map(|c| format::cell_key(def.table, row.key, c.key))
            .collect::<Vec<_>>()
    };
    let mut cells = row_keys(def.row);
    let place = format!(
        "第 {page} 页{}“{}”行",
        names::table_name(def.table),
        names::row_name(def.row)
    );
    let message = match guess {
        Guess::Column => format!(
            "{place}在扫描件上划出的格子比标准格式的 {} 列多，看不出多出的空格在哪一头，这一行的数（{}）可能错了一列。请对照原件核对这一行各列的数。",
            def.row.columns.len(),
            values.join("、"),
        ),
        Guess::Line { next_row } => {
            let next = next_row.as_deref().and_then(|k| table.row(k));
            if let Some(next) = next {
                cells.extend(row_keys(next));
            }
            let whose = match next {
                Some(n) => format!(
                    "可能是这一行的，也可能是下一行“{}”的（放错了行时加总不一定查得出来）。请对照原件核对这两行。",
                    names::row_name(n)
                ),
                None => "可能不是这一行的（放错了行时加总不一定查得出来）。请对照原件核对这一行。".into(),
            };
            format!(
                "{place}的数（{}）是从扫描件上行名下方单独的一行读出的，而行名所在的那一行各格都是空白。这些数{whose}",
                values.join("、"),
            )
        }
    };
    Some(Finding::new(Rule::CellUncertain, Severity::Warning, message).with_cells(cells))
}

fn off_by_one_finding(
    report: &Report,
    table: format::TableId,
    keys: &[&String],
    other: &str,
) -> Option<Finding> {
    let first = keys.first()?;
    let def = format::cell_def(first)?;
    let named = format::table(table).row(other)?;
    let page = report.ocr.get(*first).map_or(0, |r| r.page);
    let values: Vec<String> = keys
        .iter()
        .filter_map(|k| report.value(k))
        .map(num)
        .collect();
    let message = format!(
        "第 {page} 页{}“{}”行的 {} 个数（{}）是从扫描件上行名像是“{}”的那一行读出的，可能放错了行（整行错位时各列合计照样相符，加总查不出来）。请对照原件核对这一行。",
        names::table_name(table),
        names::row_name(def.row),
        values.len(),
        values.join("、"),
        names::row_name(named),
    );
    Some(
        Finding::new(Rule::CellUncertain, Severity::Warning, message)
            .with_cells(keys.iter().map(|k| k.to_string())),
    )
}

/// The pages of a poor scan, each with how many figures the OCR read there and how many of
/// them are doubtful.
fn poor_pages(report: &Report) -> BTreeMap<u32, (usize, usize)> {
    page_quality(report)
        .into_iter()
        .filter(|(_, (read, doubtful))| *doubtful as f32 >= POOR_PAGE_SHARE * *read as f32)
        .collect()
}

/// Per page of the file, how many figures the OCR read there and how many of them are doubtful.
fn page_quality(report: &Report) -> BTreeMap<u32, (usize, usize)> {
    let mut pages: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for (key, reading) in &report.ocr {
        let Some(cell) = report.cell(key) else {
            continue;
        };
        let doubtful =
            reading.unread || reading.confidence < UNSURE_BELOW || cell.state == CellState::Invalid;
        let p = pages.entry(reading.page).or_default();
        p.0 += 1;
        p.1 += usize::from(doubtful);
    }
    pages
}

/// A cell left blank on a page of a poor scan is taken as 0 like any blank, but on such a page a
/// figure is easily lost (a faint print, a fax's broken strokes, too small to be found), and
/// where no sum runs through the cell nothing else would say so.
fn blanks_on_poor_pages(report: &Report, poor: &BTreeMap<u32, (usize, usize)>) -> Vec<Finding> {
    if poor.is_empty() {
        return Vec::new();
    }
    report
        .cells
        .iter()
        .filter(|(_, c)| c.state == CellState::Implied && c.provenance.raw.trim().is_empty())
        .filter_map(|(key, c)| {
            let page = c.provenance.page?;
            let (read, doubtful) = poor.get(&page)?;
            Some(blank_on_poor_page(key, page, *read, *doubtful))
        })
        .collect()
}

fn blank_on_poor_page(key: &str, page: u32, read: usize, doubtful: usize) -> Finding {
    let message = format!(
        "第 {page} 页{}在扫描件上是空白，按 0 计。{}，空白处也可能有没识别出来的数字，请对照原件核对这一格。",
        key_place(key),
        poor_page_words(read, doubtful),
    );
    Finding::new(Rule::CellUncertain, Severity::Warning, message).with_cells([key.to_string()])
}

/// A cell with ink on the scan that the OCR could not read: no value was taken from it.
fn unread_finding(key: &str, reading: &OcrReading) -> Finding {
    let message = format!(
        "第 {} 页{}在扫描件上有字迹，但没能识别出来，这一格没有取值（不按空白计 0）。请对照原件把这个数填上。",
        reading.page,
        key_place(key),
    );
    Finding::new(Rule::CellUncertain, Severity::Warning, message).with_cells([key.to_string()])
}

/// Why a page counts as poor, in the clerk's words.
fn poor_page_words(read: usize, doubtful: usize) -> String {
    format!("这一页扫描得不清楚（识别出的 {read} 个数字中有 {doubtful} 个把握不大或认不出）")
}

fn finding(
    key: &str,
    value: f64,
    reading: &OcrReading,
    fits: Option<f64>,
    poor_page: Option<(usize, usize)>,
) -> Finding {
    let mut message = format!(
        "第 {} 页{}是从扫描件识别的，读作 {}",
        reading.page,
        key_place(key),
        num(value)
    );
    if reading.confidence < UNSURE_BELOW {
        message.push_str(&format!(
            "，识别把握不大（约 {:.0}%）",
            f64::from(reading.confidence) * 100.0
        ));
    } else if let Some((read, doubtful)) = poor_page {
        message.push_str(&format!(
            "。{}，这个数也可能认错",
            poor_page_words(read, doubtful)
        ));
    }
    match fits {
        Some(other) => message.push_str(&format!(
            "；表格加不平，而只有把它读作 {}（字形相近）才能加平。请对照原件核对这一格。",
            num(other)
        )),
        None => message.push_str("。请对照原件核对这一格。"),
    }
    let mut f =
        Finding::new(Rule::CellUncertain, Severity::Warning, message).with_cells([key.to_string()]);
    if let Some(other) = fits {
        f = f.with_numbers(other, value);
    }
    f
}

/// Adds to each failed sum that involves scanned figures that the difference may be a misreading,
/// naming the figure whose look-alike reading would make it hold when there is exactly one.
/// `failed` pairs each finding with the index of its equation in `eqs`.
pub fn annotate(report: &Report, eqs: &[Equation], failed: &mut [(usize, Finding)]) {
    if report.ocr.is_empty() {
        return;
    }
    let rereadings = rereadings(report, eqs);
    for (i, finding) in failed.iter_mut() {
        let eq = &eqs[*i];
        if !eq.keys().any(|k| report.ocr_reading(k).is_some()) {
            continue;
        }
        let fix = rereadings.iter().find(|r| eq.involves(&r.key));
        let note = match fix {
            Some(r) => format!(
                "这张表有从扫描件识别的数字，不符可能是识别错误：{}若读作 {}，此项即相符，请先对照原件核对这一格。",
                key_place(&r.key),
                num(r.value)
            ),
            None => "这张表有从扫描件识别的数字，不符也可能是识别错误，请对照原件核对。".to_string(),
        };
        finding.message.push_str(&note);
    }
}

/// For each failed equation, the one scanned figure whose look-alike reading makes every failed
/// equation it is in hold and breaks none that held; none when no figure or more than one does.
fn rereadings(report: &Report, eqs: &[Equation]) -> Vec<Rereading> {
    let value = |k: &str| report.value(k);
    let failed: Vec<usize> = (0..eqs.len())
        .filter(|&i| eqs[i].holds(&value) == Some(false))
        .collect();
    let mut out: Vec<Rereading> = Vec::new();
    for &f in &failed {
        let working: Vec<Rereading> = eqs[f]
            .keys()
            .filter_map(|key| {
                let reading = report.ocr_reading(key)?;
                let value = reading
                    .alternatives
                    .iter()
                    .copied()
                    .find(|&alt| fits_everywhere(report, eqs, key, alt))?;
                Some(Rereading {
                    key: key.clone(),
                    value,
                })
            })
            .collect();
        if let [only] = working.as_slice() {
            if !out.contains(only) {
                out.push(only.clone());
            }
        }
    }
    out
}

/// Whether `key` read as `alt` makes every checkable equation it takes part in hold.
fn fits_everywhere(report: &Report, eqs: &[Equation], key: &str, alt: f64) -> bool {
    let changed = |k: &str| {
        if k == key {
            Some(alt)
        } else {
            report.value(k)
        }
    };
    eqs.iter()
        .filter(|eq| eq.involves(key))
        .all(|eq| eq.holds(&changed) != Some(false))
}

#[cfg(test)]
mod tests {
    use super::super::arithmetic::equations;
    use super::*;
    use crate::rules::testkit::report21;

    /// Three applications from natural persons, all granted; one administrative review, upheld.
    fn balanced_t3() -> Report {
        report21(&[
            ("T3.new.natural", 3.0),
            ("T3.new.total", 3.0),
            ("T3.granted.natural", 3.0),
            ("T3.granted.total", 3.0),
            ("T3.results_total.natural", 3.0),
            ("T3.results_total.total", 3.0),
            ("T4.review.upheld", 1.0),
            ("T4.review.total", 1.0),
        ])
    }

    fn scanned(report: &mut Report, key: &str, confidence: f32, alternatives: &[f64]) {
        report.ocr.insert(
            key.to_string(),
            OcrReading {
                confidence,
                page: 3,
                bbox: [100.0, 200.0, 140.0, 230.0],
                alternatives: alternatives.to_vec(),
                unread: false,
                names_row: None,
                guess: None,
            },
        );
    }

    fn set(report: &mut Report, key: &str, v: f64) {
        let cell = report.cells.get_mut(key).unwrap();
        cell.value = Some(v);
        cell.state = CellState::Read;
    }

    #[test]
    fn sure_readings_of_a_table_that_adds_up_raise_nothing() {
        let mut r = balanced_t3();
        let keys: Vec<String> = r.cells.keys().cloned().collect();
        for k in keys.iter().filter(|k| k.starts_with("T3.")) {
            scanned(&mut r, k, 0.99, &[8.0]);
        }
        let eqs = equations(&r);
        assert!(uncertain(&r, &eqs).is_empty());
    }

    #[test]
    fn ink_the_ocr_could_not_read_is_flagged_not_called_invalid() {
        let mut r = balanced_t3();
        let key = "T3.new.natural";
        let cell = r.cells.get_mut(key).unwrap();
        cell.value = None;
        cell.state = CellState::Invalid;
        cell.provenance.raw = "？".into();
        scanned(&mut r, key, 0.0, &[]);
        r.ocr.get_mut(key).unwrap().unread = true;
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, Rule::CellUncertain);
        assert_eq!(f[0].cells, vec![key.to_string()]);
        assert!(f[0].message.contains("有字迹"), "{}", f[0].message);
        assert!(f[0].message.contains("第 3 页"), "{}", f[0].message);
        let invalid = super::super::arithmetic::value_invalid(&r);
        assert!(
            invalid.iter().all(|f| !f.cells.contains(&key.to_string())),
            "{invalid:?}"
        );
    }

    #[test]
    fn a_low_confidence_reading_is_flagged_even_when_the_sums_hold() {
        let mut r = balanced_t3();
        scanned(&mut r, "T3.new.natural", 0.62, &[]);
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::CellUncertain);
        assert_eq!(f[0].cells, vec!["T3.new.natural".to_string()]);
        assert!(f[0].message.contains("第 3 页"), "{}", f[0].message);
        assert!(f[0].message.contains("62%"), "{}", f[0].message);
    }

    #[test]
    fn the_one_look_alike_that_balances_the_table_is_named() {
        let mut r = balanced_t3();
        // The scan shows 8 where the report printed 3: its row and its column no longer add up.
        let printed = r.value("T3.new.natural").unwrap();
        set(&mut r, "T3.new.natural", printed + 5.0);
        scanned(&mut r, "T3.new.natural", 0.95, &[printed + 1.0, printed]);
        scanned(&mut r, "T3.new.total", 0.99, &[]);
        let eqs = equations(&r);
        let f = uncertain(&r, &eqs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected, Some(printed));
        assert!(f[0].message.contains("才能加平"), "{}", f[0].message);
        // And the sums' own findings say it may be a misreading, naming the cell.
        let sums = super::super::arithmetic::check(&r);
        assert!(!sums.is_empty());
        for s in sums.iter().filter(|s| s.rule != Rule::ValueInvalid) {
            assert!(s.message.contains("识别错误"), "{}", s.message);
            assert!(
                s.message.contains(&format!("若读作 {}", num(printed))),
                "{}",
                s.message
            );
        }
    }

    #[test]
    fn no_cell_is_named_when_two_look_alikes_would_do() {
        let mut r = balanced_t3();
        // 表四's review group has one sum: a part read 6 for 1, or a total read 1 for 6, fix it
        // equally well. Naming either would be a guess.
        set(&mut r, "T4.review.upheld", 6.0);
        scanned(&mut r, "T4.review.upheld", 0.95, &[1.0]);
        scanned(&mut r, "T4.review.total", 0.95, &[6.0]);
        let eqs = equations(&r);
        assert!(uncertain(&r, &eqs).is_empty());
        let sums = super::super::arithmetic::check(&r);
        let t4: Vec<_> = sums
            .iter()
            .filter(|f| f.rule == Rule::T4GroupTotal)
            .collect();
        assert_eq!(t4.len(), 1);
        assert!(
            t4[0].message.contains("也可能是识别错误"),
            "{}",
            t4[0].message
        );
        // With only the part scanned, it is the one.
        r.ocr.remove("T4.review.total");
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells, vec!["T4.review.upheld".to_string()]);
    }

    /// A blank 表三 cell on page 3, taken as 0.
    fn blank(report: &mut Report, key: &str) {
        let cell = report.cells.get_mut(key).unwrap();
        cell.value = Some(0.0);
        cell.state = CellState::Implied;
        cell.provenance.raw = String::new();
        cell.provenance.page = Some(3);
    }

    #[test]
    fn a_blank_on_a_poor_scan_is_flagged_and_on_a_good_one_it_is_not() {
        let mut r = balanced_t3();
        blank(&mut r, "T3.new.legal");
        // A dash is no blank: it was read.
        blank(&mut r, "T3.new.social");
        r.cells.get_mut("T3.new.social").unwrap().provenance.raw = "—".into();
        scanned(&mut r, "T3.new.natural", 0.99, &[]);
        scanned(&mut r, "T3.new.total", 0.99, &[]);
        assert!(uncertain(&r, &equations(&r)).is_empty());
        // One of three figures on the page unsure: the page is poor, its blank doubtful.
        scanned(&mut r, "T3.granted.total", 0.6, &[]);
        let f = uncertain(&r, &equations(&r));
        let blanks: Vec<_> = f.iter().filter(|f| f.message.contains("空白")).collect();
        assert_eq!(blanks.len(), 1, "{f:?}");
        assert_eq!(blanks[0].cells, vec!["T3.new.legal".to_string()]);
        assert!(
            blanks[0].message.contains("第 3 页"),
            "{}",
            blanks[0].message
        );
        assert!(
            blanks[0].message.contains("按 0 计"),
            "{}",
            blanks[0].message
        );
        // A blank on another page (a text page of the same file) is not.
        r.cells.get_mut("T3.new.legal").unwrap().provenance.page = Some(1);
        let f = uncertain(&r, &equations(&r));
        assert!(f.iter().all(|f| !f.message.contains("空白")), "{f:?}");
    }

    #[test]
    fn a_fairly_sure_reading_is_flagged_on_a_poor_page_only() {
        let mut r = balanced_t3();
        scanned(&mut r, "T3.new.natural", 0.99, &[]);
        scanned(&mut r, "T3.new.total", 0.93, &[]);
        scanned(&mut r, "T3.granted.total", 0.99, &[]);
        // A good page: 0.93 is sure enough.
        assert!(uncertain(&r, &equations(&r)).is_empty());
        // One of three figures unsure: on this poor page 0.93 is not, and 0.99 still is.
        scanned(&mut r, "T3.granted.total", 0.6, &[]);
        let f = uncertain(&r, &equations(&r));
        let keys: Vec<&str> = f.iter().map(|f| f.cells[0].as_str()).collect();
        assert_eq!(keys, vec!["T3.granted.total", "T3.new.total"], "{f:?}");
        let fairly = &f[1].message;
        assert!(fairly.contains("读作 3"), "{fairly}");
        assert!(fairly.contains("3 个数字中有 1 个把握不大"), "{fairly}");
        assert!(fairly.contains("也可能认错"), "{fairly}");
        assert!(!fairly.contains("把握不大（约"), "{fairly}");
    }

    #[test]
    fn a_cell_deduced_from_a_doubtful_reading_is_doubtful_too() {
        let mut r = balanced_t3();
        // 表三's new applications total was lost; the table's other figures fix it.
        let total = r.cells.get_mut("T3.new.total").unwrap();
        total.value = None;
        total.state = CellState::Missing;
        let read: Vec<String> = r
            .cells
            .iter()
            .filter(|(k, c)| k.starts_with("T3.") && c.state == CellState::Read)
            .map(|(k, _)| k.clone())
            .collect();
        for k in &read {
            scanned(&mut r, k, 0.99, &[]);
        }
        super::super::deduce(&mut r);
        assert_eq!(r.value("T3.new.total"), Some(3.0));
        // Deduced from sure readings: nothing to say.
        assert!(uncertain(&r, &equations(&r)).is_empty());
        // From unsure ones: the deduced total carries the doubt, naming what it rests on.
        for k in &read {
            scanned(&mut r, k, 0.6, &[]);
        }
        let f = uncertain(&r, &equations(&r));
        let deduced: Vec<_> = f
            .iter()
            .filter(|f| f.cells == vec!["T3.new.total".to_string()])
            .collect();
        assert_eq!(deduced.len(), 1, "{f:?}");
        let message = &deduced[0].message;
        assert!(message.contains("的 3 是按表内关系推算出来的"), "{message}");
        assert!(message.contains("表三“"), "{message}");
        assert!(message.contains("在扫描件上识别得把握不大"), "{message}");
        assert_eq!(f.len(), read.len() + 1, "{f:?}");
    }

    #[test]
    fn figures_read_under_another_row_s_name_are_flagged_once_for_their_row() {
        let mut r = balanced_t3();
        // 表三's granted row read from a line that names 部分公开: every sum still holds.
        for key in ["T3.granted.natural", "T3.granted.total", "T3.new.natural"] {
            scanned(&mut r, key, 0.99, &[]);
        }
        assert!(uncertain(&r, &equations(&r)).is_empty());
        for key in ["T3.granted.natural", "T3.granted.total"] {
            r.ocr.get_mut(key).unwrap().names_row = Some("partial".into());
        }
        // A figure flagged on its own account is covered by its row's finding.
        r.ocr.get_mut("T3.granted.total").unwrap().confidence = 0.5;
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells, vec!["T3.granted.natural", "T3.granted.total"]);
        let message = &f[0].message;
        assert!(
            message.contains("第 3 页表三“（一）予以公开”行的 2 个数（3、3）"),
            "{message}"
        );
        assert!(message.contains("行名像是“（二）部分公开"), "{message}");
        assert!(message.contains("可能放错了行"), "{message}");
    }

    #[test]
    fn a_row_placed_by_a_guess_between_its_ends_is_flagged_once_with_all_its_cells() {
        let mut r = report21(&[("T2.normative.repealed", 37.0)]);
        scanned(&mut r, "T2.normative.repealed", 0.99, &[]);
        assert!(uncertain(&r, &equations(&r)).is_empty());
        r.ocr.get_mut("T2.normative.repealed").unwrap().guess = Some(Guess::Column);
        // A figure flagged on its own account is covered by its row's finding.
        r.ocr.get_mut("T2.normative.repealed").unwrap().confidence = 0.5;
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1, "{f:?}");
        // The blanks beside the figure are named too: one of them may be where it belongs.
        assert_eq!(
            f[0].cells,
            vec![
                "T2.normative.issued",
                "T2.normative.repealed",
                "T2.normative.in_force"
            ]
        );
        let message = &f[0].message;
        assert!(
            message.contains("第 3 页表二“行政规范性文件”行"),
            "{message}"
        );
        assert!(message.contains("比标准格式的 3 列多"), "{message}");
        assert!(message.contains("（37）可能错了一列"), "{message}");
    }

    #[test]
    fn figures_that_may_be_the_next_row_s_name_both_rows() {
        let mut r = report21(&[
            ("T3.denied_secret.commercial", 58.0),
            ("T3.denied_secret.total", 58.0),
        ]);
        for key in ["T3.denied_secret.commercial", "T3.denied_secret.total"] {
            scanned(&mut r, key, 0.99, &[]);
            let next_row = Some("denied_law".to_string());
            r.ocr.get_mut(key).unwrap().guess = Some(Guess::Line { next_row });
        }
        let f: Vec<Finding> = uncertain(&r, &equations(&r))
            .into_iter()
            .filter(|f| f.cells.contains(&"T3.denied_law.commercial".to_string()))
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells.len(), 14, "both rows: {:?}", f[0].cells);
        let message = &f[0].message;
        assert!(
            message.contains("表三“（三）不予公开 1.属于国家秘密”行的数（58、58）"),
            "{message}"
        );
        assert!(
            message.contains("也可能是下一行“（三）不予公开 2.其他法律行政法规禁止公开”的"),
            "{message}"
        );
        // The table's last row: no row below to name.
        let mut r = report21(&[("T2.fees.amount", 17.0)]);
        scanned(&mut r, "T2.fees.amount", 0.99, &[]);
        r.ocr.get_mut("T2.fees.amount").unwrap().guess = Some(Guess::Line { next_row: None });
        let f = uncertain(&r, &equations(&r));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("这些数可能不是这一行的"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn an_edited_cell_is_no_longer_a_reading() {
        let mut r = balanced_t3();
        scanned(&mut r, "T3.new.natural", 0.5, &[]);
        let cell = r.cells.get_mut("T3.new.natural").unwrap();
        cell.original = Some(cell.value);
        assert!(uncertain(&r, &equations(&r)).is_empty());
    }

    #[test]
    fn text_layer_reports_get_no_note() {
        let mut r = balanced_t3();
        let v = r.value("T3.new.natural").unwrap();
        set(&mut r, "T3.new.natural", v + 1.0);
        for f in super::super::arithmetic::check(&r) {
            assert!(!f.message.contains("扫描"), "{}", f.message);
        }
    }
}
