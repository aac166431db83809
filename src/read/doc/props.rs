//! Paragraph and character properties, as far as reading needs them: which paragraphs belong to
//! tables (and end a cell or a row, with the row's cell layout), and which characters are
//! tracked deletions. Both live in 512-byte "formatted disk pages" (FKPs) indexed from the table
//! stream, each mapping ranges of stream offsets to a list of property modifiers (sprms).

use super::fib::{read_u16, read_u32, slice};
use crate::read::grid::VMerge;
use crate::read::ReadError;

const PAGE: usize = 512;

/// Table membership of one paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ParaProps {
    /// Table nesting depth: 0 outside tables, 1 in a top-level table.
    pub depth: u32,
    /// This paragraph mark ends a top-level table row (the "TTP").
    pub row_end: bool,
    /// Inside a nested table: this mark ends a cell, or a row.
    pub inner_cell_end: bool,
    pub inner_row_end: bool,
    /// For a row end: the row's cell layout.
    pub row: Option<RowDef>,
}

/// A table row's layout from sprmTDefTable: cell edges in twips and each cell's merge state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RowDef {
    /// Left edge of each cell, then the right edge of the last.
    pub edges: Vec<i16>,
    pub vmerge: Vec<VMerge>,
    /// Old-style horizontal merge: the cell continues the one to its left.
    pub merged_left: Vec<bool>,
}

/// Stream-offset ranges [start, end) with their properties, sorted by start.
pub(super) struct Runs<T> {
    runs: Vec<(u32, u32, T)>,
}

impl<T> Default for Runs<T> {
    fn default() -> Self {
        Runs { runs: Vec::new() }
    }
}

impl<T> Runs<T> {
    pub fn find(&self, fc: u32) -> Option<&T> {
        let i = self.runs.partition_point(|r| r.0 <= fc).checked_sub(1)?;
        let (_, end, props) = &self.runs[i];
        (fc < *end).then_some(props)
    }
}

fn legacy(why: &str) -> ReadError {
    ReadError::LegacyWord(why.into())
}

/// The pages a PlcBte (bin table) lists, in order.
fn pages<'a>(word: &'a [u8], table: &[u8], plc: (u32, u32)) -> Result<Vec<&'a [u8]>, ReadError> {
    let plc = slice(table, plc).ok_or_else(|| legacy("格式索引超出文件范围"))?;
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(8) {
        return Err(legacy("格式索引长度不对"));
    }
    let n = (plc.len() - 4) / 8;
    (0..n)
        .map(|i| {
            let pn = read_u32(plc, (n + 1) * 4 + i * 4).unwrap_or(0) & 0x3F_FFFF;
            let start = pn as usize * PAGE;
            word.get(start..start + PAGE)
                .ok_or_else(|| legacy("格式页超出文件范围"))
        })
        .collect()
}

/// The runs of one FKP page: (start, end, offset of its property block or None).
fn page_runs(page: &[u8], entry: usize) -> Vec<(u32, u32, Option<usize>)> {
    let crun = page[PAGE - 1] as usize;
    let rgb = (crun + 1) * 4;
    (0..crun)
        .filter_map(|i| {
            let start = read_u32(page, i * 4)?;
            let end = read_u32(page, i * 4 + 4)?;
            let offset = *page.get(rgb + i * entry)? as usize * 2;
            Some((start, end, (offset != 0).then_some(offset)))
        })
        .collect()
}

/// Paragraph properties by stream offset. `data` is the Data stream, where properties too big
/// for their page are kept (wide table rows, typically).
pub(super) fn paragraphs(
    word: &[u8],
    table: &[u8],
    data: &[u8],
    plc: (u32, u32),
) -> Result<Runs<ParaProps>, ReadError> {
    let mut runs = Vec::new();
    for page in pages(word, table, plc)? {
        // Each run's BxPap is 13 bytes: the property offset, then 12 bytes of layout hints.
        for (start, end, offset) in page_runs(page, 13) {
            let props = offset
                .and_then(|o| papx_sprms(page, o))
                .map(|grpprl| para_props(huge_papx(grpprl, data).unwrap_or(grpprl)))
                .unwrap_or_default();
            runs.push((start, end, props));
        }
    }
    runs.sort_by_key(|r| r.0);
    Ok(Runs { runs })
}

/// sprmPHugePapx: the page only says where in the Data stream the real sprms are, as a 2-byte
/// length followed by the sprms.
fn huge_papx<'a>(grpprl: &[u8], data: &'a [u8]) -> Option<&'a [u8]> {
    let (_, arg) = sprms(grpprl).find(|(sprm, _)| matches!(sprm, 0x6646 | 0x6645))?;
    let at = read_u32(arg, 0)? as usize;
    let len = read_u16(data, at)? as usize;
    data.get(at + 2..at + 2 + len)
}

/// The sprms of a PapxInFkp, after its style index.
fn papx_sprms(page: &[u8], at: usize) -> Option<&[u8]> {
    let cb = *page.get(at)? as usize;
    let (start, len) = if cb == 0 {
        (at + 2, *page.get(at + 1)? as usize * 2)
    } else {
        (at + 1, cb * 2 - 1)
    };
    page.get(start + 2..start + len)
}

fn para_props(grpprl: &[u8]) -> ParaProps {
    let mut p = ParaProps::default();
    let mut in_table = false;
    let mut vmerge_overrides = Vec::new();
    for (sprm, arg) in sprms(grpprl) {
        let flag = arg.first().is_some_and(|b| *b != 0);
        match sprm {
            0x2416 => in_table = flag,
            0x2417 => p.row_end = flag,
            0x244B => p.inner_cell_end = flag,
            0x244C => p.inner_row_end = flag,
            0x6649 => p.depth = read_u32(arg, 0).unwrap_or(0).min(64),
            0xD608 => p.row = row_def(arg),
            // sprmTVertMerge: cell index, then 1 = continue, 3 = restart.
            0xD62B => {
                if let (Some(&itc), Some(&flags)) = (arg.get(1), arg.get(2)) {
                    vmerge_overrides.push((itc as usize, vmerge_of(flags as u16)));
                }
            }
            _ => {}
        }
    }
    if in_table && p.depth == 0 {
        p.depth = 1;
    }
    if let Some(row) = p.row.as_mut() {
        for (itc, v) in vmerge_overrides {
            if let Some(slot) = row.vmerge.get_mut(itc) {
                *slot = v;
            }
        }
    }
    p
}

fn vmerge_of(bits: u16) -> VMerge {
    match bits & 3 {
        1 | 2 => VMerge::Continue,
        3 => VMerge::Restart,
        _ => VMerge::None,
    }
}

/// TDefTableOperand: cell count, the cell edges, then a 20-byte TC80 per cell (possibly fewer).
fn row_def(arg: &[u8]) -> Option<RowDef> {
    // The operand starts with its own 2-byte length.
    let body = arg.get(2..)?;
    let cells = *body.first()? as usize;
    let edges: Vec<i16> = (0..=cells)
        .map(|i| read_u16(body, 1 + i * 2).map(|v| v as i16))
        .collect::<Option<_>>()?;
    let tc_start = 1 + (cells + 1) * 2;
    let tcgrf = |i: usize| read_u16(body, tc_start + i * 20).unwrap_or(0);
    Some(RowDef {
        edges,
        vmerge: (0..cells).map(|i| vmerge_of(tcgrf(i) >> 5)).collect(),
        merged_left: (0..cells).map(|i| tcgrf(i) & 3 >= 2).collect(),
    })
}

/// Ranges of stream offsets whose characters are tracked deletions (sprmCFRMarkDel).
pub(super) fn deletions(word: &[u8], table: &[u8], plc: (u32, u32)) -> Result<Runs<()>, ReadError> {
    let mut runs = Vec::new();
    for page in pages(word, table, plc)? {
        for (start, end, offset) in page_runs(page, 1) {
            let deleted = offset
                .and_then(|o| {
                    let cb = *page.get(o)? as usize;
                    page.get(o + 1..o + 1 + cb)
                })
                .is_some_and(|grpprl| {
                    sprms(grpprl).any(|(sprm, arg)| {
                        sprm == 0x0800 && arg.first().is_some_and(|b| *b & 1 == 1)
                    })
                });
            if deleted {
                runs.push((start, end, ()));
            }
        }
    }
    runs.sort_by_key(|r| r.0);
    Ok(Runs { runs })
}

/// Iterates a grpprl as (sprm, operand); stops at the first sprm that does not fit.
fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let sprm = read_u16(grpprl, at)?;
        let len = operand_len(sprm, grpprl.get(at + 2..)?)?;
        let arg = grpprl.get(at + 2..at + 2 + len)?;
        at += 2 + len;
        Some((sprm, arg))
    })
}

/// An operand's size from the sprm's spra bits ([MS-DOC] 2.2.5.1); variable ones carry it.
fn operand_len(sprm: u16, rest: &[u8]) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match sprm {
            // sprmTDefTable(10): a 2-byte length that counts itself minus one.
            0xD608 | 0xD606 => read_u16(rest, 0)? as usize + 1,
            // sprmPChgTabs with the long form (255): deleted, then added tab stops.
            0xC615 if *rest.first()? == 255 => {
                let deleted = *rest.get(1)? as usize;
                let added = *rest.get(2 + deleted * 4)? as usize;
                1 + 1 + deleted * 4 + 1 + added * 3
            }
            _ => *rest.first()? as usize + 1,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprms_are_walked_by_their_sizes() {
        let grpprl = [
            0x16, 0x24, 1, // sprmPFInTable
            0x49, 0x66, 2, 0, 0, 0, // sprmPItap 2
            0x17, 0x24, 1, // sprmPFTtp
        ];
        let p = para_props(&grpprl);
        assert_eq!((p.depth, p.row_end), (2, true));
    }

    #[test]
    fn row_layouts_give_edges_and_merges() {
        let mut arg = Vec::new();
        let mut body = vec![2u8];
        for edge in [0i16, 1000, 2500] {
            body.extend(edge.to_le_bytes());
        }
        let mut tc = vec![0u8; 40];
        tc[0] = 3 << 5; // restart
        tc[20] = 2; // merged with the cell to its left
        body.extend(tc);
        arg.extend(((body.len() + 1) as u16).to_le_bytes());
        arg.extend(body);
        let mut grpprl = vec![0x08, 0xD6];
        grpprl.extend(&arg);
        grpprl.extend([0x2B, 0xD6, 2, 1, 1]); // sprmTVertMerge: cell 1 continues
        let p = para_props(&grpprl);
        let row = p.row.expect("row layout");
        assert_eq!(row.edges, vec![0, 1000, 2500]);
        assert_eq!(row.vmerge, vec![VMerge::Restart, VMerge::Continue]);
        assert_eq!(row.merged_left, vec![false, true]);
    }

    #[test]
    fn truncated_sprms_stop_the_walk_without_panic() {
        assert_eq!(sprms(&[0x08, 0xD6, 0xFF, 0xFF, 1]).count(), 0);
        assert_eq!(sprms(&[0x16, 0x24]).count(), 0);
        assert!(row_def(&[5, 0, 9]).is_none());
    }

    #[test]
    fn runs_are_found_by_offset() {
        let runs = Runs {
            runs: vec![(10, 20, 'a'), (20, 30, 'b'), (40, 50, 'c')],
        };
        assert_eq!(runs.find(10), Some(&'a'));
        assert_eq!(runs.find(29), Some(&'b'));
        assert_eq!(runs.find(35), None);
        assert_eq!(runs.find(5), None);
    }
}
