//! Which printed row is which row of the format.
//!
//! A printed row is the label text gathered since the previous row's values, and the values that
//! follow it. It is recognised by its label first: the alias that ends last in it wins, because a
//! row's own label is the last thing printed before its numbers (group labels come before it).
//! Rows whose label matches no alias are then placed by order: the official rows come in a fixed
//! order, so a badly mistyped label between two recognised rows is the row the format has there.

use super::tokens::{Token, TokenKind};
use crate::format::{normalise_label, FormatVersion, RowDef, TableDef, TableId};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A row as printed.
#[derive(Debug, Clone)]
pub struct Printed<'a> {
    /// The label, normalised.
    pub label: String,
    /// The row's value tokens, blank cells included.
    pub values: Vec<&'a Token>,
    /// A piece of its label opens with a row's numbering (`2.`, `（三）`, `四、`).
    pub numbered: bool,
    /// The line of the label's last piece: in text with one cell per line, the row's cells are
    /// the lines after it.
    pub label_line: Option<usize>,
}

impl Printed<'_> {
    pub fn all_blank(&self) -> bool {
        self.values.iter().all(|t| t.kind == TokenKind::Blank)
    }

    fn page(&self) -> Option<u32> {
        self.values.first().and_then(|t| t.page)
    }
}

/// Each format row's aliases and label, normalised once: rows are matched against every printed
/// label many times, and normalising on each comparison dominated the recogniser's time.
struct Normalised {
    aliases: Vec<String>,
    label: String,
    groups: Vec<String>,
}

fn normalised(row: &'static RowDef) -> &'static Normalised {
    static CACHE: OnceLock<HashMap<usize, Normalised>> = OnceLock::new();
    static EMPTY: Normalised = Normalised {
        aliases: Vec::new(),
        label: String::new(),
        groups: Vec::new(),
    };
    let cache = CACHE.get_or_init(|| {
        TableId::ALL
            .iter()
            .flat_map(|&id| crate::format::table(id).rows.iter())
            .map(|r| {
                let n = Normalised {
                    aliases: r.aliases.iter().map(|a| normalise_label(a)).collect(),
                    label: normalise_label(r.label),
                    groups: r.groups.iter().map(|g| normalise_label(g)).collect(),
                };
                (r as *const RowDef as usize, n)
            })
            .collect()
    });
    cache
        .get(&(row as *const RowDef as usize))
        .unwrap_or(&EMPTY)
}

/// A row a table may have, with its place in the official order.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub row: &'static RowDef,
    pub order: usize,
}

/// The rows of `def` for this edition. A 2021 table 三 may print （六）其他处理 as one row, as
/// the 2019 edition does: that row is a target too, in the place of its three sub-items.
pub fn targets(def: &TableDef, rows: &[&'static RowDef], version: FormatVersion) -> Vec<Target> {
    let mut out: Vec<Target> = rows
        .iter()
        .enumerate()
        .map(|(order, row)| Target { row, order })
        .collect();
    if def.id == TableId::T3 && version == FormatVersion::V2021 {
        let at = rows.iter().position(|r| r.key == "other_no_correction");
        if let (Some(order), Some(row)) = (at, def.row("other")) {
            out.push(Target { row, order });
        }
    }
    out
}

/// The sub-items a collapsed （六）其他处理 row stands for.
pub const OTHER_SUB_ROWS: [&str; 3] = ["other_no_correction", "other_no_fee", "other_other"];

/// Splits the table's tokens into printed rows; header lines are left out.
pub fn printed<'a>(tokens: &'a [Token], header_lines: &HashSet<usize>) -> Vec<Printed<'a>> {
    let mut out = Vec::new();
    let mut label = String::new();
    let mut values: Vec<&Token> = Vec::new();
    // Blank cells that open a new line: the next row's empty label cells if a label follows on
    // that line, this row's cells if a value does.
    let mut pending: Vec<&Token> = Vec::new();
    let mut last_line = None;
    let mut numbered = false;
    let mut label_line = None;
    for tok in tokens {
        if header_lines.contains(&tok.line) {
            continue;
        }
        match tok.kind {
            TokenKind::Label => {
                pending.clear();
                // Empty cells between two labels of one line are the label area's (a group
                // label's column beside the row's own), not the row's values.
                if values
                    .iter()
                    .all(|t| t.kind == TokenKind::Blank && t.line == tok.line)
                {
                    values.clear();
                }
                if !values.is_empty() {
                    out.push(Printed {
                        label: std::mem::take(&mut label),
                        values: std::mem::take(&mut values),
                        numbered: std::mem::take(&mut numbered),
                        label_line,
                    });
                }
                label_line = Some(tok.line);
                numbered |= opens_numbering(&tok.text);
                label.push_str(&normalise_label(&tok.text));
            }
            _ if label.is_empty() => {}
            TokenKind::Blank if last_line != Some(tok.line) || !pending.is_empty() => {
                pending.push(tok);
                continue;
            }
            _ => {
                values.append(&mut pending);
                values.push(tok);
            }
        }
        last_line = Some(tok.line);
    }
    if !values.is_empty() {
        out.push(Printed {
            label,
            values,
            numbered,
            label_line,
        });
    }
    out
}

/// `2.`, `（三）`, `(3)`, `四、`, `一.` at the start of a label.
fn opens_numbering(text: &str) -> bool {
    let folded: String = text.chars().map(crate::text::fold_width).collect();
    let t = folded.trim_start();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = t.strip_prefix('(') {
        let inner: String = rest.chars().take_while(|c| numeral(*c)).collect();
        return !inner.is_empty() && rest[inner.len()..].starts_with(')');
    }
    let head: String = t.chars().take_while(|c| numeral(*c)).collect();
    !head.is_empty() && t[head.len()..].starts_with(['.', '、', '．', ','])
}

/// How far (in characters) before the values an exact alias may end and still count as the row's
/// own label: wrapped labels in PDFs put the rest of a long label after the alias.
const NEAR_END: usize = 12;
/// A near-miss label (a wrong or missing character) must keep this share of the alias.
const NEAR_MISS: f64 = 0.8;
/// A label placed by order must still resemble the row it is placed at this much (up to three
/// characters wrong in a typical label).
const BY_ORDER: f64 = 0.5;

/// Each printed row that is a row of the table, with its target, in printed order. A row
/// printed twice appears twice (the caller reads the first). `extra` columns are printed beside
/// the official ones (an 8-column 表三 with 小计).
pub fn identify<'a>(
    printed: &[Printed<'a>],
    targets: &[Target],
    extra: usize,
) -> Vec<(Printed<'a>, Target)> {
    let printed = join_broken(printed, targets, extra);
    let mut assigned: Vec<Option<usize>> = vec![None; printed.len()];
    let mut used = vec![false; targets.len()];
    let uncertain: Vec<bool> = (0..printed.len())
        .map(|i| uncertain_blank(&printed, i, targets))
        .collect();
    // 1. Exact aliases at the end of the label.
    for (i, p) in printed.iter().enumerate() {
        if uncertain[i] {
            continue;
        }
        let fresh = exact(&p.label, targets, |t| !used[t]);
        if let Some(t) = fresh {
            assigned[i] = Some(t);
            used[t] = true;
        } else if !p.all_blank() {
            // The same row again (a row printed twice).
            assigned[i] = exact(&p.label, targets, |t| used[t]);
        }
    }
    // 2. Near misses, and exact aliases further back, where the order allows them.
    for i in 0..printed.len() {
        if assigned[i].is_some() || uncertain[i] || (printed[i].all_blank() && !printed[i].numbered)
        {
            continue;
        }
        let bounds = neighbours(&assigned, targets, i);
        let fits = |t: usize| {
            !used[t] && !is_alternative(&targets[t]) && between(targets[t].order, bounds)
        };
        let found = near_miss(&printed[i].label, targets, fits)
            .or_else(|| far_exact(&printed[i].label, targets, fits));
        if let Some(t) = found {
            assigned[i] = Some(t);
            used[t] = true;
        }
    }
    // 3. By order: runs of unrecognised rows between recognised ones.
    by_order(&printed, &uncertain, targets, &mut assigned, &mut used);
    // A single （六）其他处理 row only stands in for sub-items that were not printed.
    let subs_printed = assigned
        .iter()
        .flatten()
        .any(|&t| OTHER_SUB_ROWS.contains(&targets[t].row.key));
    printed
        .into_iter()
        .zip(assigned)
        .filter_map(|(p, t)| Some((p, targets[t?])))
        .filter(|(_, t)| !(subs_printed && t.row.key == "other" && is_alternative(t)))
        .collect()
}

/// In a PDF a line of blank cells is a row of zeros only when its label is whole: the first line
/// of a wrapped label shows the row's empty cells again while its values may sit on another line.
/// A label is whole when it ends with an alias, or when it is numbered (`2.`) and the next row
/// opens with a number or an alias of its own (a mistyped label of a row left blank).
fn uncertain_blank(printed: &[Printed<'_>], i: usize, targets: &[Target]) -> bool {
    let p = &printed[i];
    if !(p.all_blank() && p.page().is_some()) || ends_with_alias(&p.label, targets) {
        return false;
    }
    let next_opens_row = printed
        .get(i + 1)
        .is_none_or(|n| n.numbered || exact(&n.label, targets, |_| true).is_some());
    !(p.numbered && next_opens_row)
}

/// The 2019 （六）其他处理 offered to a 2021 table: it shares its order with the first sub-item.
fn is_alternative(t: &Target) -> bool {
    !t.row.in_version(FormatVersion::V2021)
}

/// Official order of the recognised rows before and after printed row `i`.
fn neighbours(
    assigned: &[Option<usize>],
    targets: &[Target],
    i: usize,
) -> (Option<usize>, Option<usize>) {
    let lo = assigned[..i]
        .iter()
        .rev()
        .flatten()
        .map(|&t| targets[t].order)
        .next();
    let hi = assigned[i + 1..]
        .iter()
        .flatten()
        .map(|&t| targets[t].order)
        .next();
    (lo, hi)
}

/// Between the two orders (either bound may be open).
fn between(order: usize, (lo, hi): (Option<usize>, Option<usize>)) -> bool {
    lo.is_none_or(|lo| order > lo) && hi.is_none_or(|hi| order < hi)
}

/// Rows broken by a page (or by a wrapped label): a row of only blank cells, or with some cells
/// blank, followed by a fragment of label that is no row of its own (`物` after
/// `3.要求提供公开出版`) and carries the values. The two become one row.
fn join_broken<'a>(printed: &[Printed<'a>], targets: &[Target], extra: usize) -> Vec<Printed<'a>> {
    let width = extra
        + targets
            .iter()
            .map(|t| t.row.columns.len())
            .max()
            .unwrap_or(0);
    let mut out: Vec<Printed<'a>> = Vec::new();
    for p in printed {
        let mut p = p.clone();
        if let Some(prev) = out.last_mut() {
            if p.all_blank() {
                take_values_line(prev, &mut p, width);
            }
        }
        let p = &p;
        // Rows of a table grid (DOCX, HTML, sheets, Markdown) are rows as they stand.
        let in_grid = |r: &Printed<'_>| r.values.iter().any(|t| t.grid.is_some());
        if let Some(prev) = out.last_mut().filter(|prev| !in_grid(prev) && !in_grid(p)) {
            let own_row = exact(&p.label, targets, |_| true).is_some();
            let fragment = !own_row && (p.label.chars().count() <= 4 || p.page() != prev.page());
            let prev_is_row = exact(&prev.label, targets, |_| true).is_some();
            // A line of blank cells is only the top of a wrapped row when what follows goes on
            // with its label rather than opening a row of its own; a blank row with a mistyped
            // label before a numbered row stays a row, which the order may still place.
            let continues = !own_row && !p.numbered;
            if prev.all_blank() && (continues || (!prev_is_row && !own_row)) {
                let mut label = std::mem::take(&mut prev.label);
                label.push_str(&p.label);
                *prev = Printed {
                    label,
                    values: p.values.clone(),
                    numbered: prev.numbered || p.numbered,
                    label_line: p.label_line,
                };
                continue;
            }
            // A label already complete takes no fragment (a group label split beside it: `（六）其`).
            if fragment
                && !ends_with_alias(&prev.label, targets)
                && prev.values.iter().any(|t| t.kind == TokenKind::Blank)
            {
                if let Some(values) = overlay(&prev.values, &p.values) {
                    prev.label.push_str(&p.label);
                    prev.values = values;
                    continue;
                }
            }
        }
        out.push(p.clone());
    }
    values_beside_group_label(absorb_label_tails(out, targets), targets)
}

/// A tall row (its group label wraps beside it) prints its label at the top, as a line of blank
/// cells, and its values lower down beside a piece of the group label (`（五）不予`).
fn values_beside_group_label<'a>(rows: Vec<Printed<'a>>, targets: &[Target]) -> Vec<Printed<'a>> {
    let mut out: Vec<Printed<'a>> = Vec::new();
    for p in rows {
        if let Some(prev) = out.last_mut() {
            let takes = prev.all_blank()
                && prev.page().is_some()
                && ends_with_alias(&prev.label, targets)
                && !p.all_blank()
                && group_piece(&p.label, targets);
            if takes {
                prev.values = p.values;
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// The label is only a piece of a group label (`五不予` of `（五）不予处理`), no row's own.
fn group_piece(label: &str, targets: &[Target]) -> bool {
    !label.is_empty()
        && targets
            .iter()
            .flat_map(|t| normalised(t.row).groups.iter())
            .any(|g| g.contains(label))
}

/// In a PDF whose values sit on the first line of a wrapped label (or on a line of their own),
/// the rest of the label follows as a line of blank cells: `3.要求提供公 0 0 1 …` then
/// `（五）开出版物`. Such a line is the label's tail when it does not open a numbered row of its own,
/// the first part alone resembles no row (a mistyped label does: its next row is its own) and the
/// joined label does.
fn absorb_label_tails<'a>(rows: Vec<Printed<'a>>, targets: &[Target]) -> Vec<Printed<'a>> {
    let mut out: Vec<Printed<'a>> = Vec::new();
    for p in rows {
        if let Some(prev) = out.last_mut() {
            let tail = p.all_blank()
                && p.page().is_some()
                && !p.label.starts_with(|c: char| c.is_ascii_digit())
                && !prev.all_blank()
                && prev.page().is_some()
                && !ends_with_alias(&prev.label, targets);
            if tail {
                let joined = format!("{}{}", prev.label, p.label);
                let alone = best_similarity(&prev.label, targets);
                if alone < NEAR_MISS && best_similarity(&joined, targets) >= NEAR_MISS {
                    prev.label = joined;
                    continue;
                }
            }
        }
        out.push(p);
    }
    out
}

fn best_similarity(label: &str, targets: &[Target]) -> f64 {
    targets
        .iter()
        .flat_map(|t| normalised(t.row).aliases.iter())
        .filter(|a| a.chars().count() >= 4)
        .map(|a| similarity_within(label, a, 2 * a.chars().count()))
        .fold(0.0, f64::max)
}

/// A row read line by line in a PDF whose values are centred between its label's lines can show
/// its values line before its label: then the row above has a whole line of cells too many, and
/// the blank row below is the one they belong to. A scan's grid may draw a cell or two more than
/// the columns on every line (a doubled outer rule), so a whole line is at least `width` cells.
fn take_values_line<'a>(prev: &mut Printed<'a>, blank: &mut Printed<'a>, width: usize) {
    let Some(last) = prev.values.last().map(|t| t.line) else {
        return;
    };
    let own = prev.values.iter().filter(|t| t.line != last).count();
    let moved = prev.values.len() - own;
    let whole_line = prev.values[own..].iter().all(|t| t.cell);
    if own >= width && moved >= width && whole_line && blank.values.len() >= width {
        blank.values = prev.values.split_off(own);
    }
}

/// Two parts of one row cell by cell: a blank in one takes the other's value; two values in one
/// cell do not fit together.
pub fn overlay<'a>(a: &[&'a Token], b: &[&'a Token]) -> Option<Vec<&'a Token>> {
    if a.iter().all(|t| t.kind == TokenKind::Blank) {
        return Some(b.to_vec());
    }
    if a.len() != b.len() || !a.iter().chain(b).all(|t| t.cell) {
        return None;
    }
    a.iter()
        .zip(b)
        .map(
            |(x, y)| match (x.kind == TokenKind::Blank, y.kind == TokenKind::Blank) {
                (_, true) => Some(*x),
                (true, false) => Some(*y),
                (false, false) => None,
            },
        )
        .collect()
}

/// The target whose alias ends last in `label` (ties: the longer alias), if it ends near the end.
fn exact(label: &str, targets: &[Target], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let (end, t) = last_alias(label, targets, allowed)?;
    (label[end..].chars().count() <= NEAR_END).then_some(t)
}

/// Some alias ends the label exactly (nothing of a wrapped label is left after it).
fn ends_with_alias(label: &str, targets: &[Target]) -> bool {
    last_alias(label, targets, |_| true).is_some_and(|(end, _)| end == label.len())
}

/// An exact alias anywhere in the label: used only when the order allows it.
fn far_exact(label: &str, targets: &[Target], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    last_alias(label, targets, allowed).map(|(_, t)| t)
}

fn last_alias(
    label: &str,
    targets: &[Target],
    allowed: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    targets
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed(*i))
        .flat_map(|(i, t)| normalised(t.row).aliases.iter().map(move |a| (i, a)))
        .filter_map(|(i, a)| rfind_quick(label, a).map(|at| ((at + a.len(), a.len()), i)))
        // A collapsed （六）其他处理 row is short and whole: `其他处理` inside a long wrapped label
        // (`（六）其他处 | 理由逾期不补…`, the group label beside a sub-item) is not that row.
        .filter(|((end, _), i)| !is_alternative(&targets[*i]) || *end == label.len())
        .max_by_key(|(score, _)| *score)
        .map(|((end, _), i)| (end, i))
}

/// `label.rfind(alias)`, without building a substring searcher for the many aliases that are
/// longer than the label or whose first character it lacks (most of them, for most labels).
fn rfind_quick(label: &str, alias: &str) -> Option<usize> {
    match alias.chars().next() {
        Some(first) if alias.len() > label.len() || !label.contains(first) => None,
        _ => label.rfind(alias),
    }
}

/// The target an alias of which (four characters or more) the label's end nearly spells.
fn near_miss(label: &str, targets: &[Target], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    targets
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed(*i))
        .flat_map(|(i, t)| normalised(t.row).aliases.iter().map(move |a| (i, a)))
        .filter(|(_, a)| a.chars().count() >= 4)
        .map(|(i, a)| (tail_similarity(label, a), i))
        .filter(|(ratio, _)| *ratio >= NEAR_MISS)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

/// How much the label's end resembles the row: the best of its aliases and its printed label.
fn resemblance(label: &str, row: &'static RowDef) -> f64 {
    let n = normalised(row);
    n.aliases
        .iter()
        .chain(std::iter::once(&n.label))
        .map(|a| similarity_within(label, a, 2 * a.chars().count()))
        .fold(0.0, f64::max)
}

/// Places the unrecognised rows of each stretch between two recognised ones on the official rows
/// left free there, in order, where their labels still resemble them (an alignment that keeps
/// the order and takes the best total resemblance).
fn by_order(
    printed: &[Printed<'_>],
    uncertain: &[bool],
    targets: &[Target],
    assigned: &mut [Option<usize>],
    used: &mut [bool],
) {
    let mut i = 0;
    while i < printed.len() {
        if assigned[i].is_some() {
            i += 1;
            continue;
        }
        let end = i + assigned[i..].iter().take_while(|a| a.is_none()).count();
        let bounds = neighbours(assigned, targets, i);
        let mut free: Vec<usize> = (0..targets.len())
            .filter(|&t| !used[t] && !is_alternative(&targets[t]))
            .filter(|&t| between(targets[t].order, bounds))
            .collect();
        free.sort_by_key(|&t| targets[t].order);
        let run: Vec<usize> = (i..end).filter(|&k| !uncertain[k]).collect();
        for (k, t) in align(&run, &free, |k, t| {
            resemblance(&printed[k].label, targets[t].row)
        }) {
            assigned[k] = Some(t);
            used[t] = true;
        }
        i = end;
    }
}

/// An order-keeping matching of `a` to `b` with the largest total score, pairs scoring at least
/// [`BY_ORDER`] only.
fn align(a: &[usize], b: &[usize], score: impl Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let s: Vec<Vec<f64>> = a
        .iter()
        .map(|&x| b.iter().map(|&y| score(x, y)).collect())
        .collect();
    // best[i][j]: best total using a[i..] and b[j..].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[i + 1][j].max(best[i][j + 1]);
            let take = if s[i][j] >= BY_ORDER {
                s[i][j] + best[i + 1][j + 1]
            } else {
                f64::NEG_INFINITY
            };
            best[i][j] = skip.max(take);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if s[i][j] >= BY_ORDER && best[i][j] == s[i][j] + best[i + 1][j + 1] {
            out.push((a[i], b[j]));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The row of `rows` that a printed row label names when it is not `own`: the label holds most of
/// that row's name, or that name holds most of the label (a label cut by a page break:
/// `其他法律行政法规` of `…禁止公开`), while it hardly resembles `own`. A scanned row placed by its
/// order can land one row off; its figures then sit under another row's name, and since each
/// column still adds up, no sum would say so.
pub fn other_row_named(
    label: &str,
    own: &'static RowDef,
    rows: impl Iterator<Item = &'static RowDef>,
) -> Option<&'static RowDef> {
    let label: Vec<char> = label.chars().filter(|c| !c.is_ascii_digit()).collect();
    if label.len() < MIN_NAMING {
        return None;
    }
    if naming(&label, own) >= BY_ORDER {
        return None;
    }
    rows.filter(|r| r.key != own.key)
        .map(|r| (naming(&label, r), r))
        .filter(|(score, _)| *score >= NEAR_MISS)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r)
}

/// Names shorter than this (`规章`, `其他`) are left out of [`other_row_named`]: too short to
/// tell a row by, and found by chance in many a garbled label.
const MIN_NAMING: usize = 4;

/// How far `label` and one of the row's names share their characters in order, over the
/// shorter of the two: 1 when one holds the other.
fn naming(label: &[char], row: &'static RowDef) -> f64 {
    let n = normalised(row);
    n.aliases
        .iter()
        .chain(std::iter::once(&n.label))
        .map(|a| {
            a.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<Vec<char>>()
        })
        .filter(|a| a.len() >= MIN_NAMING)
        .map(|a| in_order(label, &a) as f64 / label.len().min(a.len()) as f64)
        .fold(0.0, f64::max)
}

/// The length of the longest sequence of characters `a` and `b` share in order.
fn in_order(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for &ca in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How much of `alias` appears, in order, at the end of `label` (longest common subsequence
/// over the alias length), to accept labels with wrong or missing characters.
pub fn tail_similarity(label: &str, alias: &str) -> f64 {
    similarity_within(label, alias, alias.chars().count() + 2)
}

/// [`tail_similarity`] over the last `window` characters of the label. Placing a row by order,
/// or joining the pieces of a label, looks further back: a label wrapped over many lines in a PDF
/// comes with pieces of its group label mixed in (`六1申请人无正其他当理由逾期不处理补正…`).
fn similarity_within(label: &str, alias: &str, window: usize) -> f64 {
    let a: Vec<char> = alias.chars().collect();
    if a.is_empty() {
        return 0.0;
    }
    let s: Vec<char> = label.chars().collect();
    let tail = &s[s.len().saturating_sub(window)..];
    in_order(&a, tail) as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_of_another_row_is_told_and_its_own_is_not() {
        let t3 = crate::format::table(TableId::T3);
        let row = |k: &str| t3.row(k).unwrap();
        let named = |label: &str, own: &str| {
            other_row_named(&normalise_label(label), row(own), t3.rows.iter()).map(|r| r.key)
        };
        // Cut by the page break, under the next row's name.
        assert_eq!(
            named("2. 其他法律行政法规", "denied_safety"),
            Some("denied_law")
        );
        // Its own name, whole, cut, mistyped, or after its group's label: nothing to say.
        assert_eq!(named("2. 其他法律行政法规", "denied_law"), None);
        assert_eq!(
            named("（三）不予公开 2.其他法律行政法规禁止公开", "denied_law"),
            None
        );
        assert_eq!(named("3.危及“三安全一稳定”", "denied_safety"), None);
        assert_eq!(named("4.保护第三方合法权意", "denied_third_party"), None);
        // Too little to tell a row by, or nothing like any row.
        assert_eq!(named("其他", "denied_safety"), None);
        assert_eq!(named("⇥X1 ∴ JF", "denied_safety"), None);
        let t2 = crate::format::table(TableId::T2);
        let rules = t2.rows.iter().find(|r| r.key == "rules").unwrap();
        let normative = other_row_named(&normalise_label("行政规范性文件"), rules, t2.rows.iter());
        assert_eq!(normative.map(|r| r.key), Some("normative"));
    }

    #[test]
    fn similarity_accepts_one_wrong_character() {
        assert!(tail_similarity("四保护第三方合法权意", "保护第三方合法权益") >= 0.8);
        assert!(tail_similarity("行政许可", "保护第三方合法权益") < 0.5);
    }
}
