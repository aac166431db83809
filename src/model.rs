//! The report model: what the recogniser produces, the checks read, the GUI edits and the export
//! writes. Knows nothing of files or of egui.

use crate::catalogue::Rule;
pub use crate::catalogue::Severity;
use crate::format::{self, CellDef, FormatVersion, TableId, ValueKind};
pub use crate::source::{file_name, FileKind, IN_ARCHIVE};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A calendar date (the publication date). Kept minimal on purpose: we only compare and print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date only if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `2024-01-22`
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// How a cell's value came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellState {
    /// A number was read from the report.
    Read,
    /// The report had a blank or a dash (无, —, －, /) here; the value is taken as 0 (VALUE_IMPLIED).
    Implied,
    /// The table is present but this cell could not be read (CELL_MISSING). `value` is `None`.
    Missing,
    /// The report has no such cell (its table is absent, or the cell belongs to the other edition).
    Absent,
    /// Something was written here that is not a number (VALUE_INVALID). `value` is `None`.
    Invalid,
    /// Not read, but worked out from the table's own arithmetic: only one value is possible
    /// (VALUE_DEDUCED). `Report::deduced` says from which cells; recomputed after every edit.
    Deduced,
}

/// Where a cell's value was read from, so the GUI can show it in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The exact text of the cell as it appeared (`"2"`, `"—"`, `"１,２００"`).
    pub raw: String,
    /// The row or line it was read from, for display (`"一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2"`).
    /// Shared: the cells of one row hold one copy ([`Report::share_contexts`]), a tenth of what a
    /// loaded report weighs otherwise.
    pub context: Arc<str>,
    /// Byte range of `raw` inside `Report::text`, if it can be pointed at.
    pub span: Option<Range<usize>>,
    /// Position in a source table: (table number in the document, row, column), 0-based.
    pub grid: Option<(usize, usize, usize)>,
    /// Page number (1-based) for PDFs.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Option<f64>,
    pub state: CellState,
    pub provenance: Provenance,
    /// Set when the user changed the value: what the report said before the first edit
    /// (`Some(None)`: the cell was empty). In JSON: left out, `null` or the number, so an edit of
    /// an empty cell survives a round trip (plain serde would read `null` back as `None`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "edit_original"
    )]
    pub original: Option<Option<f64>>,
}

/// A map read in one go: serde inserts a map's entries one by one, which leaves the tree's
/// nodes about half full; gathered first and built at once, its nodes are full. A report keeps
/// some 400 cells, and a batch keeps thousands of reports (issue 26: memory per report).
mod compact_map {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    pub fn deserialize<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
    where
        D: Deserializer<'de>,
        V: Deserialize<'de>,
    {
        struct Pairs<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Pairs<V> {
            type Value = Vec<(String, V)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of cells")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // The size hint comes from the input: capped, so a lying one costs nothing.
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(pairs)
            }
        }
        // `collect` sorts the pairs and builds the tree from the sorted run (bulk build).
        Ok(d.deserialize_map(Pairs(PhantomData))?.into_iter().collect())
    }
}

mod edit_original {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Option<f64>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(before) => before.serialize(s),
            None => s.serialize_none(),
        }
    }

    /// Only called when the field is present; a missing field is `None` by `serde(default)`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<f64>>, D::Error> {
        Option::<f64>::deserialize(d).map(Some)
    }
}

impl Cell {
    pub fn absent() -> Cell {
        Cell {
            value: None,
            state: CellState::Absent,
            provenance: Provenance::default(),
            original: None,
        }
    }

    pub fn is_edited(&self) -> bool {
        self.original.is_some()
    }

    /// Cleared by the clerk: edited to empty, to be filled in (not a cell that could not be read).
    pub fn is_cleared(&self) -> bool {
        self.is_edited() && self.value.is_none()
    }

    /// The state its printed text gives the cell's unedited value: blank or a dash is an
    /// implied 0, a number is read, anything else is not a number; no value at all is missing.
    fn state_as_printed(&self) -> CellState {
        let raw = self.provenance.raw.trim();
        let dash = !raw.is_empty() && raw.chars().all(|c| "-—–－―/".contains(c));
        match self.value {
            Some(_) if raw.is_empty() || dash => CellState::Implied,
            Some(_) => CellState::Read,
            None if !raw.is_empty() && !dash => CellState::Invalid,
            None => CellState::Missing,
        }
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule (serialized as its stable id from the spec, `T3_BALANCE`, …).
    pub rule: Rule,
    pub severity: Severity,
    /// Keys of every cell the check involves.
    pub cells: Vec<String>,
    pub expected: Option<f64>,
    pub actual: Option<f64>,
    /// Plain Chinese: what is wrong, where, and what the numbers should be.
    pub message: String,
    /// When several checks point at one cell: that cell and the value that would make them all pass.
    pub suspect: Option<Suspect>,
    /// Byte range in `Report::text` of the passage a text rule quotes.
    pub text_span: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suspect {
    pub cell: String,
    pub suggested: f64,
}

impl Finding {
    pub fn new(rule: Rule, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity,
            cells: Vec::new(),
            expected: None,
            actual: None,
            message: message.into(),
            suspect: None,
            text_span: None,
        }
    }

    pub fn with_cells(mut self, cells: impl IntoIterator<Item = String>) -> Finding {
        self.cells = cells.into_iter().collect();
        self
    }

    pub fn with_numbers(mut self, expected: f64, actual: f64) -> Finding {
        self.expected = Some(expected);
        self.actual = Some(actual);
        self
    }

    pub fn with_span(mut self, span: Range<usize>) -> Finding {
        self.text_span = Some(span);
        self
    }

    /// What identifies a finding across re-checks, so that a clerk's review stays attached to it:
    /// the rule and the cells it involves (or, for a text rule without cells, its message).
    pub fn key(&self) -> String {
        if self.cells.is_empty() {
            format!("{}|{}", self.rule.id(), self.message)
        } else {
            format!("{}|{}", self.rule.id(), self.cells.join(","))
        }
    }
}

/// How a clerk answered a finding after checking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// 已核实无误: the figure was checked with the body and is right as printed.
    Confirmed,
    /// 不适用: the check does not apply to this report.
    NotApplicable,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Confirmed => "已核实无误",
            ReviewStatus::NotApplicable => "不适用",
        }
    }
}

/// A clerk's review of one finding (kept per report, keyed by [`Finding::key`]). A reviewed
/// finding is still listed, greyed, but leaves the error counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub status: ReviewStatus,
    /// A short note: whom the clerk asked, what was found.
    pub note: String,
    /// The clerk's name or initials.
    pub by: String,
}

/// A row whose numbers were read but could not be placed in its columns (6 numbers for 7
/// columns): its cells are `Missing`, and the numbers are kept so the arithmetic can try each
/// placement (see `rules::deduce`) and CELL_MISSING can say what was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnplacedRow {
    /// The row's cells in column order (for 表四, all 15 cells).
    pub keys: Vec<String>,
    /// The values read, in order: `None` for text that is not a number, 0 for a dash or blank.
    pub values: Vec<Option<f64>>,
    /// The values as printed (`"0"`, `"—"`).
    pub raw: Vec<String>,
    /// The printed line(s) the values came from.
    pub context: String,
}

/// Why a cell is `Deduced`: the cells its value follows from and the reasoning, in Chinese.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deduction {
    pub from: Vec<String>,
    /// `根据表三“（七）总计”行“自然人”列为 0 且各项不能为负，推得为 0`
    pub reason: String,
}

/// How one cell takes part in a report's findings: the app colours and explains cells by it,
/// the workbook writes its notes by it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellMark {
    /// The worst severity among the findings naming this cell or suspecting it.
    pub severity: Option<Severity>,
    /// Indices of the findings that name this cell among their cells, each once, in order.
    pub findings: Vec<usize>,
    /// Indices of the findings that point at this cell as the likely culprit.
    pub suspected_by: Vec<usize>,
}

impl CellMark {
    /// Several checks point at this cell as the likely culprit.
    pub fn suspect(&self) -> bool {
        !self.suspected_by.is_empty()
    }

    /// Every finding about this cell, naming or suspecting it, each once.
    pub fn all_findings(&self) -> impl Iterator<Item = usize> + '_ {
        let extra = self
            .suspected_by
            .iter()
            .filter(|i| !self.findings.contains(i));
        self.findings.iter().chain(extra).copied()
    }
}

/// The findings indexed by cell key. `counts` says which findings count (a reviewed finding
/// stays listed but no longer colours its cells).
pub fn cell_marks(
    findings: &[Finding],
    counts: impl Fn(usize, &Finding) -> bool,
) -> std::collections::HashMap<String, CellMark> {
    let mut marks: std::collections::HashMap<String, CellMark> = Default::default();
    let worst = |m: &mut CellMark, s: Severity| {
        m.severity = Some(m.severity.map_or(s, |old| old.min(s)));
    };
    for (i, f) in findings.iter().enumerate() {
        if !counts(i, f) {
            continue;
        }
        for key in &f.cells {
            let m = marks.entry(key.clone()).or_default();
            // A rule may name a cell twice; explain it once.
            if !m.findings.contains(&i) {
                m.findings.push(i);
            }
            worst(m, f.severity);
        }
        if let Some(s) = &f.suspect {
            let m = marks.entry(s.cell.clone()).or_default();
            m.suspected_by.push(i);
            worst(m, f.severity);
        }
    }
    marks
}

/// One of the report's six sections as found in its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// 1 to 6.
    pub number: u8,
    /// The heading as written.
    pub heading: String,
    /// Byte range of the section (heading included) in `Report::text`.
    pub span: Range<usize>,
    /// Byte range of the body after the heading.
    pub body: Range<usize>,
}

/// Where a report's year was found, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YearSource {
    /// The title (`…2023年政府信息公开工作年度报告`).
    Title,
    /// The statistics period (`统计期限自2023年1月1日起…`).
    Period,
    /// The body's statements of its year (`2023年，我镇…`, `截至2023年底`).
    Body,
    /// The signature or publication date, minus one: a report is written after its year.
    Date,
    /// No statement and no date: the year the text mentions most.
    Mentions,
}

impl YearSource {
    /// The title or the statistics period states it (YEAR_MISSING is quiet).
    pub fn stated(self) -> bool {
        matches!(self, YearSource::Title | YearSource::Period)
    }
}

/// A recognised report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Where it came from, as the user gave it (a path, or a name for pasted text).
    pub file: String,
    pub kind: FileKind,
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// True when `year` was not written in the title or statistics period but inferred (YEAR_MISSING).
    pub year_inferred: bool,
    /// Where the recogniser found `year` (said in YEAR_MISSING). `None` in sessions saved before
    /// it was recorded.
    #[serde(default)]
    pub year_from: Option<YearSource>,
    pub published: Option<Date>,
    pub format_version: Option<FormatVersion>,
    /// Every key of both editions; cells the report does not have are `CellState::Absent`.
    #[serde(deserialize_with = "compact_map::deserialize")]
    pub cells: BTreeMap<String, Cell>,
    /// The tables found in the report.
    pub tables: Vec<TableId>,
    pub sections: Vec<Section>,
    /// The report's text as extracted; provenance spans point into it.
    pub text: String,
    /// How the printed tables depart from the official layout (LAYOUT_NONSTANDARD): only the
    /// recogniser sees the printed rows, and no edit changes them, so it notes them here and the
    /// checks report them.
    #[serde(default)]
    pub layout_notes: Vec<Finding>,
    /// The clerk's reviews of findings, by [`Finding::key`].
    #[serde(default)]
    pub reviews: BTreeMap<String, Review>,
    /// Rows whose numbers could not be placed in their columns, with what was read.
    #[serde(default)]
    pub unplaced: Vec<UnplacedRow>,
    /// Why each `Deduced` cell has its value, by key. Recomputed by `rules::deduce`.
    #[serde(default)]
    pub deduced: BTreeMap<String, Deduction>,
    /// Tables so much of which was lost that nothing of them is deduced (more than a quarter of
    /// their cells would have been): CELL_MISSING says so once. Recomputed by `rules::deduce`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<TableId>,
    /// 层级 as the clerk set it; `None`: read from the agency's name
    /// (`rules::authority::level_of`).
    #[serde(default)]
    pub level: Option<Level>,
    /// Whether the workbook's totals count this report, as the clerk decided; `None`: decided
    /// by the export (a duplicate or a body of another level is left out, see
    /// `export::counting`).
    #[serde(default)]
    pub counted: Option<bool>,
    /// The file of the newer version of this report (a resubmission of the same body and year,
    /// loaded after it): this one is kept to compare with, marked 已被替换, and counted nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// The cells read from a page image (a scan, a photo), by key: how sure the reading was and
    /// where on the page it is. Empty for text layers. An edit does not remove the entry (the
    /// app shows the scan beside the corrected value); [`Report::ocr_reading`] says whether the
    /// value is still the OCR's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ocr: BTreeMap<String, OcrReading>,
}

/// How a cell's figure was read from a page image (OCR).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrReading {
    /// How sure the recogniser was of the figure, 0–1: the least sure of its characters.
    pub confidence: f32,
    /// 1-based page of the file.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in the page image's pixels (origin top left, the page straightened).
    #[serde(rename = "box")]
    pub bbox: [f32; 4],
    /// Other values the figure could be, most likely first: one character read as its
    /// next-likeliest reading. The checks try them against the table's sums.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<f64>,
    /// The cell holds ink on the scan that the OCR could not read at all: no value is taken
    /// from it (not even the 0 of a blank cell) and the clerk is asked to read the original.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread: bool,
    /// The key of another row of the table (`denied_law`) that the line this figure was read
    /// from names, where it hardly names the row the figure was placed in: the row may be one off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names_row: Option<String>,
    /// Why the cell the figure was put in is a guess, where the scan's grid did not settle it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guess: Option<Guess>,
}

/// Why the place of a scanned row's figures is a guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Guess {
    /// The row was drawn with more cells than the table has columns, and nothing told which
    /// end the extra ones are at: its figures may belong a column further.
    Column,
    /// The figures stood on a line of their own below the row's label, whose line was a full
    /// row of blank cells: they may be the next row's (`next_row`, its key such as `denied_law`).
    Line { next_row: Option<String> },
}

/// 层级: the level of government a body belongs to. Only bodies of one tier are comparable (a
/// city's figures dwarf a town's), so the workbook shows it and sums one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    Township,
    Subdistrict,
    CountyDepartment,
    CountyGovernment,
    City,
    Province,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Township,
        Level::Subdistrict,
        Level::CountyDepartment,
        Level::CountyGovernment,
        Level::City,
        Level::Province,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Level::Township => "乡镇",
            Level::Subdistrict => "街道",
            Level::CountyDepartment => "县级部门",
            Level::CountyGovernment => "县级政府",
            Level::City => "市级",
            Level::Province => "省级",
        }
    }

    /// Levels summed together: 乡镇 with 街道, a county's departments with its government.
    pub fn tier(self) -> u8 {
        match self {
            Level::Township | Level::Subdistrict => 0,
            Level::CountyDepartment | Level::CountyGovernment => 1,
            Level::City => 2,
            Level::Province => 3,
        }
    }

    /// The name of the tier, for messages (`乡镇（街道）级`).
    pub fn tier_name(self) -> &'static str {
        match self.tier() {
            0 => "乡镇（街道）级",
            1 => "县级",
            2 => "市级",
            _ => "省级",
        }
    }
}

impl Report {
    /// Makes the cells read from one row share one copy of its text (`Provenance::context`):
    /// a report arrives with a copy per cell, and a batch of thousands keeps them all.
    pub fn share_contexts(&mut self) {
        let mut seen: HashSet<Arc<str>> = HashSet::new();
        for cell in self.cells.values_mut() {
            let context = &mut cell.provenance.context;
            match seen.get(context) {
                Some(shared) => *context = Arc::clone(shared),
                None => {
                    seen.insert(Arc::clone(context));
                }
            }
        }
    }

    /// An empty report: every key present and absent.
    pub fn empty(file: impl Into<String>, kind: FileKind, text: String) -> Report {
        let cells = format::all_keys()
            .iter()
            .map(|k| (k.clone(), Cell::absent()))
            .collect();
        Report {
            file: file.into(),
            kind,
            agency: None,
            year: None,
            year_inferred: false,
            year_from: None,
            published: None,
            format_version: None,
            cells,
            tables: Vec::new(),
            sections: Vec::new(),
            text,
            layout_notes: Vec::new(),
            reviews: BTreeMap::new(),
            unplaced: Vec::new(),
            deduced: BTreeMap::new(),
            withheld: Vec::new(),
            level: None,
            counted: None,
            replaced_by: None,
            ocr: BTreeMap::new(),
        }
    }

    /// How the cell's current value was read from a page image; `None` when it was not, or when
    /// the clerk has since changed it.
    /// The cell holds ink on its scan that the OCR could not read ([`OcrReading::unread`]),
    /// and the clerk has not filled it in since.
    pub fn unread_on_scan(&self, key: &str) -> bool {
        self.ocr_reading(key).is_some_and(|r| r.unread)
    }

    pub fn ocr_reading(&self, key: &str) -> Option<&OcrReading> {
        let cell = self.cells.get(key)?;
        if cell.is_edited() {
            return None;
        }
        self.ocr.get(key)
    }

    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.cells.get(key)
    }

    /// The year was worked out from the publication date, so the date cannot be judged by it
    /// (DATE_IMPLAUSIBLE). Sessions saved before `year_from` only say it was inferred.
    pub fn year_from_date(&self) -> bool {
        match self.year_from {
            Some(source) => source == YearSource::Date,
            None => self.year_inferred,
        }
    }

    /// The value of a cell, `None` when absent or unreadable.
    pub fn value(&self, key: &str) -> Option<f64> {
        self.cells.get(key).and_then(|c| c.value)
    }

    /// A 2021 report whose table 三 prints （六）其他处理 as one row, as the 2019 edition does: its
    /// values are in `T3.other.*` and the three sub-items are not printed (LAYOUT_NONSTANDARD).
    pub fn t3_other_collapsed(&self) -> bool {
        self.format_version == Some(FormatVersion::V2021)
            && self
                .cells
                .iter()
                .any(|(k, c)| k.starts_with("T3.other.") && c.state != CellState::Absent)
    }

    /// The rows of a table as this report prints them: the edition's rows, with a collapsed
    /// （六）其他处理 in place of its three sub-items.
    pub fn printed_rows(&self, t: TableId) -> Vec<&'static format::RowDef> {
        let Some(v) = self.format_version else {
            return Vec::new();
        };
        let def = format::table(t);
        if t != TableId::T3 || !self.t3_other_collapsed() {
            return def.rows_for(v).collect();
        }
        let mut rows = Vec::new();
        for row in def.rows_for(v) {
            match row.key {
                "other_no_correction" => rows.extend(def.row("other")),
                "other_no_fee" | "other_other" => {}
                _ => rows.push(row),
            }
        }
        rows
    }

    pub fn has_table(&self, t: TableId) -> bool {
        self.tables.contains(&t)
    }

    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// The body text of a section.
    pub fn section_text(&self, number: u8) -> Option<&str> {
        self.section(number)
            .and_then(|s| self.text.get(s.body.clone()))
    }

    /// The cells of a table in this report's edition, in printed order.
    pub fn table_cells(&self, t: TableId) -> Vec<CellDef> {
        match self.format_version {
            Some(v) => format::cells_of(t, v),
            None => Vec::new(),
        }
    }

    /// Why a `Deduced` cell has its value (for the grid's hover and the workbook's note), e.g.
    /// `根据表三“（七）总计”行“自然人”列为 0 且各项不能为负，推得为 0。`; `None` for any other cell.
    pub fn deduction(&self, key: &str) -> Option<&Deduction> {
        let deduced = self.cell(key)?.state == CellState::Deduced;
        deduced.then(|| self.deduced.get(key)).flatten()
    }

    /// Changes a cell as the user typed it. Remembers the value the report had, so it can be shown
    /// and restored; setting it back to that value clears the mark. Only this cell changes: the
    /// cells deduced from the others are worked out again by the deduce stage, which the app's
    /// edits run with it ([`crate::edit_value`]).
    pub fn set_value_only(&mut self, key: &str, value: Option<f64>) -> bool {
        let Some(cell) = self.cells.get_mut(key) else {
            return false;
        };
        // A deduced value is not what the report said: the report had nothing there.
        let before = match cell.state {
            CellState::Deduced => None,
            _ => cell.value,
        };
        let original = match cell.original {
            Some(o) => o,
            None => before,
        };
        cell.value = value;
        cell.original = (original != value).then_some(original);
        cell.state = match value {
            // Back to what the report said: as it was read (a blank or dash stays implied,
            // a non-number invalid).
            _ if original == value => cell.state_as_printed(),
            Some(_) => CellState::Read,
            None => CellState::Missing,
        };
        true
    }
}

/// Formats a value for display by its kind: `3`, `12.5`.
pub fn format_value(kind: ValueKind, v: f64) -> String {
    match kind {
        ValueKind::Amount => {
            let s = format!("{v:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            s.to_string()
        }
        _ if v.fract() == 0.0 => format!("{}", v as i64),
        _ => format!("{v}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_report_has_every_key_absent() {
        let r = Report::empty("a.txt", FileKind::Text, String::new());
        assert_eq!(r.cells.len(), format::all_keys().len());
        assert!(r.cells.values().all(|c| c.state == CellState::Absent));
    }

    #[test]
    fn editing_remembers_the_original_and_forgets_it_when_restored() {
        let mut r = Report::empty("a.txt", FileKind::Text, String::new());
        let k = "T3.new.natural";
        r.cells.get_mut(k).unwrap().value = Some(2.0);
        r.set_value_only(k, Some(5.0));
        assert_eq!(r.cell(k).unwrap().original, Some(Some(2.0)));
        r.set_value_only(k, Some(7.0));
        assert_eq!(r.cell(k).unwrap().original, Some(Some(2.0)));
        r.set_value_only(k, Some(2.0));
        assert!(!r.cell(k).unwrap().is_edited());
    }

    #[test]
    fn a_restored_value_is_as_printed_and_a_cleared_cell_is_to_fill_in() {
        let mut r = Report::empty("a.txt", FileKind::Text, String::new());
        let set = |r: &mut Report, k: &str, v: Option<f64>, raw: &str, s: CellState| {
            let c = r.cells.get_mut(k).unwrap();
            (c.value, c.state, c.provenance.raw) = (v, s, raw.to_string());
        };
        set(&mut r, "T3.new.natural", Some(0.0), "—", CellState::Implied);
        set(&mut r, "T3.new.commercial", None, "N/A", CellState::Invalid);
        set(&mut r, "T3.new.research", Some(4.0), "4", CellState::Read);
        for k in ["T3.new.natural", "T3.new.commercial", "T3.new.research"] {
            let before = r.cell(k).unwrap().clone();
            r.set_value_only(k, Some(9.0));
            r.set_value_only(k, None);
            // Cleared: to fill in; a cell that held no number is back to what was printed.
            let c = r.cell(k).unwrap();
            assert!(c.is_cleared() || c.state == CellState::Invalid, "{k}");
            r.set_value_only(k, before.value);
            let after = r.cell(k).unwrap();
            assert_eq!(
                (after.value, after.state),
                (before.value, before.state),
                "{k}"
            );
            assert!(!after.is_edited());
        }
    }

    #[test]
    fn edit_marks_survive_json() {
        let mut r = Report::empty("a.txt", FileKind::Text, String::new());
        r.cells.get_mut("T3.new.natural").unwrap().value = Some(2.0);
        r.set_value_only("T3.new.natural", Some(5.0));
        r.set_value_only("T3.new.commercial", Some(1.0));
        let back: Report = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        let original = |k: &str| back.cell(k).unwrap().original;
        assert_eq!(original("T3.new.natural"), Some(Some(2.0)));
        assert_eq!(
            original("T3.new.commercial"),
            Some(None),
            "edited while empty"
        );
        assert_eq!(original("T3.new.total"), None, "never edited");
    }

    #[test]
    fn marks_collect_findings_and_suspects() {
        let f1 = Finding::new(crate::catalogue::Rule::T3RowTotal, Severity::Error, "x")
            .with_cells(["A".to_string(), "B".to_string(), "A".to_string()]);
        let mut f2 = Finding::new(crate::catalogue::Rule::ValueImplied, Severity::Warning, "y")
            .with_cells(["B".into()]);
        f2.suspect = Some(Suspect {
            cell: "C".into(),
            suggested: 1.0,
        });
        let m = cell_marks(&[f1.clone(), f2.clone()], |_, _| true);
        assert_eq!(m["A"].findings, vec![0], "named twice, listed once");
        assert_eq!(m["B"].findings, vec![0, 1]);
        assert_eq!(m["B"].severity, Some(Severity::Error));
        assert!(m["C"].suspect() && !m["A"].suspect());
        assert_eq!(m["C"].all_findings().collect::<Vec<_>>(), vec![1]);
        assert_eq!(m["C"].severity, Some(Severity::Warning));
        let open = cell_marks(&[f1, f2], |i, _| i != 0);
        assert!(
            !open.contains_key("A"),
            "a finding that does not count marks nothing"
        );
        assert_eq!(open["B"].severity, Some(Severity::Warning));
    }

    #[test]
    fn dates_must_exist() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert_eq!(Date::new(2024, 1, 22).unwrap().iso(), "2024-01-22");
    }

    #[test]
    fn values_print_by_kind() {
        assert_eq!(format_value(ValueKind::Count, 3.0), "3");
        assert_eq!(format_value(ValueKind::Amount, 12.5), "12.5");
        assert_eq!(format_value(ValueKind::Amount, 0.0), "0");
    }
}
