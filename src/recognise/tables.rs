//! Mapping a table's tokens to cell keys.
//!
//! A row is recognised by its label: the label text gathered since the previous row's values is
//! compared with every row's aliases (from `format/`), and the alias that ends last in it wins,
//! because a row's own label is the last thing printed before its numbers (group labels and
//! column headers come before it). The values that follow are then taken in column order, and a
//! row with too few or too many values is reported rather than shifted.

use super::cell_lines::{self, CellLines};
use super::fields;
use super::header::{self, Extra};
use super::rows;
use super::tokens::{Flat, Token, TokenKind};
use crate::catalogue::Rule;
use crate::format::{self, CellDef, FormatVersion, Layout, RowDef, TableDef};
use crate::model::{Cell, CellState, Finding, Guess, Provenance, Report, Severity, UnplacedRow};
use std::ops::Range;

/// Reads one table from `tokens[range]` into the report. Returns whether the table was found.
/// Adds to `guessed` the keys of rows whose figures were placed by a guess (see [`slots`]).
pub fn read_table(
    report: &mut Report,
    flat: &Flat,
    range: Range<usize>,
    def: &TableDef,
    version: FormatVersion,
    guessed: &mut Vec<(String, Guess)>,
) -> bool {
    let tokens = without_padding(&flat.tokens[range]);
    let rows: Vec<&'static RowDef> = def.rows_for(version).collect();
    let found = match def.layout {
        Layout::Rows => read_rows(report, flat, &tokens, def, &rows, version, guessed),
        Layout::SingleLine => read_single_line(report, flat, &tokens, def, &rows),
    };
    if found {
        // Cells of a present table that were not read are missing, never zero; the sub-items of
        // a （六）其他处理 printed as one row are not printed at all, so they stay absent.
        let collapsed = report.t3_other_collapsed() && def.id == format::TableId::T3;
        for row in &rows {
            if collapsed && rows::OTHER_SUB_ROWS.contains(&row.key) {
                continue;
            }
            for col in row.columns {
                let key = format::cell_key(def.id, row.key, col.key);
                if let Some(cell) = report.cells.get_mut(&key) {
                    if cell.state == CellState::Absent {
                        cell.state = CellState::Missing;
                    }
                }
            }
        }
    }
    found
}

/// Drops empty sheet cells to the right of everything printed in the table (its headers, labels
/// and values): a spreadsheet's used range pads rows with them, and they would otherwise pass for
/// a blank last column. Blank cells under a header are the table's own.
fn without_padding(tokens: &[Token]) -> Vec<Token> {
    let mut extent: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for t in tokens.iter().filter(|t| t.kind != TokenKind::Blank) {
        if let Some((table, _, col)) = t.grid {
            let right = col + t.cols.max(1) - 1;
            let e = extent.entry(table).or_insert(right);
            *e = (*e).max(right);
        }
    }
    tokens
        .iter()
        .filter(|t| {
            let padding = t.kind == TokenKind::Blank
                && t.grid
                    .is_some_and(|(table, _, col)| extent.get(&table).is_none_or(|&e| col > e));
            !padding
        })
        .cloned()
        .collect()
}

fn read_rows(
    report: &mut Report,
    flat: &Flat,
    tokens: &[Token],
    def: &TableDef,
    rows: &[&'static RowDef],
    version: FormatVersion,
    guessed: &mut Vec<(String, Guess)>,
) -> bool {
    let headers = header::find(tokens, def);
    let printed = rows::printed(tokens, &headers.lines);
    let targets = rows::targets(def, rows, version);
    let identified = rows::identify(&printed, &targets, usize::from(headers.extra.is_some()));
    if identified.is_empty() {
        // Row labels printed without a single readable value (every cell blank in text that
        // keeps no trace of blanks): the table is there, its cells are missing.
        return labels_printed(tokens, rows);
    }
    let width = rows.iter().map(|r| r.columns.len()).max().unwrap_or(0);
    let uniform = rows.iter().all(|r| r.columns.len() == width);
    let columns = width + usize::from(headers.extra.is_some());
    let geometry = if uniform {
        fields::geometry(flat, tokens, &headers.lines, columns)
    } else {
        fields::Geometry::None
    };
    let by_line = by_line(flat, tokens, &identified, headers.extra.is_none());
    let taken = printings_taken(&identified);
    for (i, (p, target)) in identified.iter().enumerate() {
        if !taken.contains(&i) {
            continue;
        }
        let extra = headers.extra.filter(|_| target.row.columns.len() > 1);
        let on_lines = by_line
            .and_then(|c| c.row_cells(flat, p.label_line?, &p.values, target.row.columns.len()));
        let values: Vec<&Token> = match &on_lines {
            Some(cells) => cells.iter().collect(),
            None => fields::placed(flat, &p.values, &geometry),
        };
        let padding = (extra, headers.surplus_at_end);
        let doubt = fill_row(report, flat, def, target.row, &values, padding);
        let guess = match doubt {
            None => continue,
            Some(Doubt::Column) => Guess::Column,
            Some(Doubt::Line) => Guess::Line {
                next_row: identified.get(i + 1).map(|(_, t)| t.row.key.to_string()),
            },
        };
        guessed.extend(
            keys_of(def, target.row)
                .into_iter()
                .map(|k| (k, guess.clone())),
        );
    }
    layout_findings(report, def, &headers, (&identified, &taken), version);
    true
}

/// Which printing of each row is read: the first, or where that one is all blank the first
/// with a figure (a scan's header line naming 总计 above the table, taken for the row (七)总计).
fn printings_taken(identified: &[(rows::Printed<'_>, rows::Target)]) -> Vec<usize> {
    let mut taken: Vec<usize> = Vec::new();
    for (i, (p, t)) in identified.iter().enumerate() {
        let same = taken
            .iter()
            .position(|&j| identified[j].1.row.key == t.row.key);
        match same {
            None => taken.push(i),
            Some(at) if identified[taken[at]].0.all_blank() && !p.all_blank() => taken[at] = i,
            Some(_) => {}
        }
    }
    taken
}

/// The table's values stand one to a line, and every row printed whole is placed whole by its
/// lines (so the blank lines of the others are cells, not spacing).
fn by_line(
    flat: &Flat,
    tokens: &[Token],
    identified: &[(rows::Printed<'_>, rows::Target)],
    no_extra: bool,
) -> Option<CellLines> {
    let c = cell_lines::detect(flat, tokens).filter(|_| no_extra)?;
    let whole_rows_hold = identified.iter().all(|(p, t)| {
        let width = t.row.columns.len();
        p.values.len() != width
            || p.label_line
                .and_then(|l| c.row_cells(flat, l, &p.values, width))
                .is_some()
    });
    whole_rows_hold.then_some(c)
}

/// Most of the table's row labels are printed (at least three, and half of its rows).
fn labels_printed(tokens: &[Token], rows: &[&'static RowDef]) -> bool {
    let text: String = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Label)
        .map(|t| format::normalise_label(&t.text))
        .collect();
    let printed = rows
        .iter()
        .filter(|r| {
            r.aliases
                .iter()
                .any(|a| text.contains(&format::normalise_label(a)))
        })
        .count();
    printed >= 3 && printed * 2 >= rows.len()
}

/// LAYOUT_NONSTANDARD: what departs from the official layout but was read all the same.
fn layout_findings(
    report: &mut Report,
    def: &TableDef,
    headers: &header::Headers,
    (identified, taken): (&[(rows::Printed<'_>, rows::Target)], &[usize]),
    version: FormatVersion,
) {
    let name = format::layout::numeral(def.id);
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    if let Some(extra) = &headers.extra {
        notes.push((
            format!(
                "表{name}比标准格式多印了一列“{}”，已按标准格式的各列读取，这一列的数未采用",
                extra.label
            ),
            Vec::new(),
        ));
    }
    if version == FormatVersion::V2021 && identified.iter().any(|(_, t)| t.row.key == "other") {
        let keys = def
            .row("other")
            .map(|r| keys_of(def, r))
            .unwrap_or_default();
        notes.push((
            format!(
                "表{name}把“（六）其他处理”印成了一行，没有分列 2021 年版格式的三个子项，这一行的数已读入“（六）其他处理”，三个子项留空"
            ),
            keys,
        ));
    }
    // Each row's first printing, by its index in `identified`.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let mut last_order = None;
    let mut out_of_order = false;
    for (i, (p, t)) in identified.iter().enumerate() {
        let first = seen.iter().find(|(k, _)| *k == t.row.key).map(|(_, j)| *j);
        if first.is_some_and(|j| !redrawn_across_pages(&identified[j].0, p)) {
            let which = match first {
                Some(j) if !taken.contains(&j) => "第一次各格都是空白，采用了印有数字的那一次",
                _ => "只采用了第一次的数",
            };
            notes.push((
                format!("表{name}“{}”行印了两次，{which}", t.row.full_label()),
                keys_of(def, t.row),
            ));
        } else if first.is_none() {
            seen.push((t.row.key, i));
        }
        if last_order.is_some_and(|o| t.order < o) {
            out_of_order = true;
        }
        last_order = Some(t.order);
    }
    if out_of_order {
        notes.push((
            format!("表{name}的行序与标准格式不同，已按各行的名称读取"),
            Vec::new(),
        ));
    }
    for (message, cells) in notes {
        report.layout_notes.push(
            Finding::new(
                Rule::LayoutNonstandard,
                Severity::Warning,
                format!("{message}。"),
            )
            .with_cells(cells),
        );
    }
}

/// The same row at the foot of one page and the head of the next, with the same values: a PDF
/// producer (wkhtmltopdf) draws a row cut by the page break on both pages. The report printed it
/// once.
fn redrawn_across_pages(first: &rows::Printed<'_>, again: &rows::Printed<'_>) -> bool {
    let page = |p: &rows::Printed<'_>| p.values.first().and_then(|t| t.page);
    let texts = |p: &rows::Printed<'_>| p.values.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    matches!((page(first), page(again)), (Some(a), Some(b)) if b == a + 1)
        && texts(first) == texts(again)
}

fn keys_of(def: &TableDef, row: &RowDef) -> Vec<String> {
    row.columns
        .iter()
        .map(|c| format::cell_key(def.id, row.key, c.key))
        .collect()
}

/// Puts a row's values into its cells, or reports the row when the count is wrong. `padding`:
/// the column the official layout lacks, and how many surplus blank cells go from the end
/// first. Returns why the row's placement is a guess, if it is ([`Slots::doubt`]).
fn fill_row(
    report: &mut Report,
    flat: &Flat,
    def: &TableDef,
    row: &RowDef,
    values: &[&Token],
    (extra, at_end): (Option<Extra>, usize),
) -> Option<Doubt> {
    let slots = slots(values, row, extra, at_end);
    let values = slots.tokens.as_slice();
    let keys = keys_of(def, row);
    if values.len() == row.columns.len() {
        for (key, tok) in keys.iter().zip(values) {
            set_cell(report, flat, key, tok);
        }
        return slots.doubt;
    }
    let context = row_context(flat, values);
    let shared: std::sync::Arc<str> = context.as_str().into();
    for key in &keys {
        if let Some(cell) = report.cells.get_mut(key) {
            cell.state = CellState::Missing;
            cell.provenance = Provenance {
                raw: String::new(),
                context: shared.clone(),
                span: values.first().map(|t| t.span.clone()),
                grid: None,
                page: values.first().and_then(|t| t.page),
            };
        }
    }
    report.unplaced.push(unplaced(keys, values, context));
    None
}

/// A row whose values could not be placed: kept so the checks can say what was read and the
/// arithmetic can try each placement.
fn unplaced(keys: Vec<String>, values: &[&Token], context: String) -> UnplacedRow {
    UnplacedRow {
        keys,
        values: values.iter().map(|t| token_value(t).0).collect(),
        raw: values.iter().map(|t| t.text.clone()).collect(),
        context,
    }
}

/// A row's values cell by cell. Where every value is a whole cell (a table, tab-separated text,
/// a ruled PDF table), a blank cell is a cell of its column: a merged blank counts once per
/// column it covers, a column the official layout lacks (小计) is left out, and blank cells beyond
/// the row's width are padding (a merged label's second column before, a tab after; at the end
/// first as many as the header row has there, `at_end`). Where the values are words of a line,
/// only their order is known: blanks are dropped and the count must be right.
///
/// Where the padding can be taken from either end with the figures then in other columns, the
/// row's 总计 decides if exactly one way adds up to it; else the placement is a guess, which a
/// scan's row must say (`Slots::doubt`).
fn slots<'a>(values: &[&'a Token], row: &RowDef, extra: Option<Extra>, at_end: usize) -> Slots<'a> {
    let want = row.columns.len();
    let blank = |t: &&Token| t.kind == TokenKind::Blank;
    let positional = values.iter().all(|t| t.cell);
    let mut cells: Vec<&Token> = Vec::new();
    for &t in values {
        if !positional && blank(&t) {
            continue;
        }
        let copies = if blank(&t) { t.cols.max(1) } else { 1 };
        cells.extend(std::iter::repeat_n(t, copies));
    }
    let place = |end_first: bool| {
        let mut out = cells.clone();
        for _ in 0..at_end {
            if out.len() > want && out.last().is_some_and(blank) {
                out.pop();
            }
        }
        if let Some(extra) = extra {
            out = trim_blanks(&out, want + 1, end_first).to_vec();
            if out.len() == want + 1 && extra.index < out.len() {
                out.remove(extra.index);
            }
        }
        trim_blanks(&out, want, end_first).to_vec()
    };
    let front = place(false);
    let slots = |tokens, doubt| Slots { tokens, doubt };
    if front.len() != want || !positional {
        return slots(front, None);
    }
    if figures_below_a_full_line(values, want) {
        return slots(front, Some(Doubt::Line));
    }
    let end = place(true);
    let figures = |cells: &[&Token]| -> Vec<Option<String>> {
        cells
            .iter()
            .map(|t| (!blank(t)).then(|| t.text.clone()))
            .collect()
    };
    if figures(&front) == figures(&end) {
        return slots(front, None);
    }
    // Padding at both ends that can go either way: the row's own 总计 may tell.
    let total = row.total_column();
    match (adds_up(&front, total), adds_up(&end, total)) {
        (false, true) => slots(end, None),
        (true, false) => slots(front, None),
        _ => slots(front, Some(Doubt::Column)),
    }
}

/// The cells before the row's 总计 add up to it, and not all are 0.
fn adds_up(cells: &[&Token], total: Option<usize>) -> bool {
    let Some(total) = total else {
        return false;
    };
    let values: Option<Vec<f64>> = cells
        .iter()
        .map(|t| match t.kind {
            TokenKind::Number(v) => Some(v),
            TokenKind::Blank | TokenKind::Dash => Some(0.0),
            TokenKind::Label | TokenKind::Garbage => None,
        })
        .collect();
    let Some(values) = values else {
        return false;
    };
    let (Some(&sum), Some(parts)) = (values.get(total), values.get(..total)) else {
        return false;
    };
    sum != 0.0 && (parts.iter().sum::<f64>() - sum).abs() < 0.5
}

struct Slots<'a> {
    tokens: Vec<&'a Token>,
    doubt: Option<Doubt>,
}

/// Why the cells a row's figures were put in are a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doubt {
    /// Blank padding at both ends, which end it is taken from moves figures to other columns,
    /// and no 总计 tells which.
    Column,
    /// The row's own line is a full row of blank cells and its figures are on a line of their
    /// own below it: they may be the next row's.
    Line,
}

/// The row's first line alone has `want` cells or more, none of them a figure, and its figures
/// come on later lines.
fn figures_below_a_full_line(values: &[&Token], want: usize) -> bool {
    let Some(first) = values.first().map(|t| t.line) else {
        return false;
    };
    let blank = |t: &&&Token| t.kind == TokenKind::Blank;
    let (on_first, below): (Vec<&&Token>, Vec<&&Token>) =
        values.iter().partition(|t| t.line == first);
    let width: usize = on_first.iter().map(|t| t.cols.max(1)).sum();
    width >= want && on_first.iter().all(blank) && below.iter().any(|t| !blank(t))
}

/// Drops blank cells at the ends while there are more than `width` (layout padding): at the end
/// first, or at the front first (a merged label's second column) and then at the end.
fn trim_blanks<'v, 'a>(values: &'v [&'a Token], width: usize, end_first: bool) -> &'v [&'a Token] {
    let blank = |t: &&Token| t.kind == TokenKind::Blank;
    let from_end = |mut v: &'v [&'a Token]| {
        while v.len() > width && v.last().is_some_and(blank) {
            v = &v[..v.len() - 1];
        }
        v
    };
    let mut v = if end_first { from_end(values) } else { values };
    while v.len() > width && v.first().is_some_and(blank) {
        v = &v[1..];
    }
    from_end(v)
}

fn token_value(tok: &Token) -> (Option<f64>, CellState) {
    match tok.kind {
        // Implausibly big (1e300 from a sheet, digits run together): a cell that holds no count.
        TokenKind::Number(v) if !super::numbers::plausible(v) => (None, CellState::Invalid),
        TokenKind::Number(v) => (Some(v), CellState::Read),
        TokenKind::Dash | TokenKind::Blank => (Some(0.0), CellState::Implied),
        TokenKind::Garbage | TokenKind::Label => (None, CellState::Invalid),
    }
}

fn set_cell(report: &mut Report, flat: &Flat, key: &str, tok: &Token) {
    let (value, state) = token_value(tok);
    let cell = Cell {
        value,
        state,
        provenance: Provenance {
            raw: tok.text.clone(),
            context: flat.line_text(tok.line).trim().replace('\t', " ").into(),
            span: Some(tok.span.clone()),
            grid: tok.grid,
            page: tok.page,
        },
        original: None,
    };
    report.cells.insert(key.to_string(), cell);
}

fn row_context(flat: &Flat, values: &[&Token]) -> String {
    let mut lines: Vec<usize> = values.iter().map(|t| t.line).collect();
    lines.dedup();
    lines
        .iter()
        .map(|&l| flat.line_text(l).trim().replace('\t', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// T4 prints its 15 values side by side under three header rows (or, in some reports, as three
/// lines of five). The values are the first runs of numbers after the headers, up to 15.
fn read_single_line(
    report: &mut Report,
    flat: &Flat,
    tokens: &[Token],
    def: &TableDef,
    rows: &[&'static RowDef],
) -> bool {
    let cells: Vec<CellDef> = rows
        .iter()
        .flat_map(|row| {
            row.columns.iter().map(move |column| CellDef {
                table: def.id,
                row,
                column,
            })
        })
        .collect();
    let want = cells.len();
    if let Some(on_lines) = single_line_by_lines(flat, tokens, want) {
        for (cell, tok) in cells.iter().zip(&on_lines) {
            set_cell(report, flat, &cell.key(), tok);
        }
        return true;
    }
    let mut values: Vec<&Token> = one_line_of_cells(tokens, want, Filled::Some)
        .or_else(|| two_lines_of_cells(tokens, want))
        .unwrap_or_default();
    let mut group_split = false;
    if values.is_empty() {
        // Runs split by labels are the groups printed apart (行政复议 0 0 0 0 0 / 未经复议直接起诉
        // 0 0 0 0 0 …), so each holds whole groups. Numbers split anywhere else by header words
        // (text copied out of a PDF viewer: `72 64 178 37 结果 结果 其他 … 12 1 1 6 总计 351`)
        // cannot be placed by their order.
        let group = rows.first().map_or(1, |r| r.columns.len().max(1));
        for run in value_runs(tokens) {
            if values.len() >= want {
                break;
            }
            group_split |= run.len() % group != 0;
            values.extend(run);
        }
    }
    if values.is_empty() {
        // A table row of exactly its cells, all left blank (a town with no 复议 or 诉讼 often
        // fills in nothing): the blanks are the table's own, as in any other table, so they are
        // implied zeros and reported, not a missing table.
        values = one_line_of_cells(tokens, want, Filled::None).unwrap_or_default();
    }
    if values.is_empty() {
        return false;
    }
    let values = trim_blanks(&values, want, true);
    if values.len() == want && !group_split {
        for (cell, tok) in cells.iter().zip(values) {
            set_cell(report, flat, &cell.key(), tok);
        }
        return true;
    }
    let keys: Vec<String> = cells.iter().map(CellDef::key).collect();
    let context = row_context(flat, values);
    report.unplaced.push(unplaced(keys, values, context));
    true
}

/// 表四 with one cell per line: the lines after its last header line are its `want` cells, the
/// blank ones blank (a 表四 that fills only its three 总计 prints three numbers and twelve blanks).
fn single_line_by_lines(flat: &Flat, tokens: &[Token], want: usize) -> Option<Vec<Token>> {
    let c = cell_lines::detect(flat, tokens)?;
    let first = tokens
        .iter()
        .position(|t| t.is_value() && t.kind != TokenKind::Blank)?;
    let header_line = tokens[..first]
        .iter()
        .rev()
        .find(|t| t.kind == TokenKind::Label)?
        .line;
    let values: Vec<&Token> = tokens[first..]
        .iter()
        .filter(|t| t.is_value() && t.kind != TokenKind::Blank)
        .collect();
    c.row_cells(flat, header_line, &values, want)
}

/// Whether [`one_line_of_cells`] wants a row with something in it or a row left all blank.
#[derive(Clone, Copy, PartialEq)]
enum Filled {
    Some,
    None,
}

/// A line (or table row) of exactly `want` cells and nothing else, some of them filled (or, with
/// [`Filled::None`], none): the values of a table printed on one line, its blank cells placed by
/// their position.
fn one_line_of_cells(tokens: &[Token], want: usize, filled: Filled) -> Option<Vec<&Token>> {
    lines_of_cells(tokens)
        .into_iter()
        .map(|(_, cells)| cells)
        .find(|cells| cells.len() == want && has_figure(cells) == (filled == Filled::Some))
}

/// Two lines one after the other made only of cells, as many as each other, whose figures are
/// in different cells: one row of the table drawn slanting on a photo, its first figures caught a
/// line higher than the rest. Laid over each other they are the row, `want` cells once the blank
/// cells at its ends are trimmed.
fn two_lines_of_cells(tokens: &[Token], want: usize) -> Option<Vec<&Token>> {
    let lines = lines_of_cells(tokens);
    lines.windows(2).find_map(|pair| {
        let [(a_line, a), (b_line, b)] = pair else {
            return None;
        };
        if *b_line != a_line + 1 || !has_figure(a) || !has_figure(b) {
            return None;
        }
        let both = rows::overlay(a, b)?;
        let row = trim_blanks(&both, want, true).to_vec();
        (row.len() == want).then_some(row)
    })
}

fn has_figure(cells: &[&Token]) -> bool {
    cells.iter().any(|t| t.kind != TokenKind::Blank)
}

/// Each line made only of cells (no label), with its index: a blank cell once per column it
/// covers.
fn lines_of_cells(tokens: &[Token]) -> Vec<(usize, Vec<&Token>)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        let line = tokens[start].line;
        let end = start
            + tokens[start..]
                .iter()
                .take_while(|t| t.line == line)
                .count();
        let row = &tokens[start..end];
        if row.iter().all(|t| t.cell && t.kind != TokenKind::Label) {
            let cells = row.iter().flat_map(|t| {
                let n = if t.kind == TokenKind::Blank {
                    t.cols.max(1)
                } else {
                    1
                };
                std::iter::repeat_n(t, n)
            });
            out.push((line, cells.collect()));
        }
        start = end;
    }
    out
}

/// Maximal runs of consecutive value tokens that hold at least one number or dash.
fn value_runs(tokens: &[Token]) -> Vec<Vec<&Token>> {
    let mut runs = Vec::new();
    let mut run: Vec<&Token> = Vec::new();
    for tok in tokens {
        if tok.is_value() {
            run.push(tok);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs.retain(|r| r.iter().any(|t| t.kind != TokenKind::Blank));
    runs
}
