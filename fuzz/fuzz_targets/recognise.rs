//! The recogniser on arbitrary text (as a text file would give it) and on the same words laid
//! out as one table, so both the line and the grid paths are exercised.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao::model::FileKind;
use nianbao::read::{txt, Block, Grid, GridCell};

fuzz_target!(|data: &[u8]| {
    let text = txt::decode(data);
    let doc = txt::from_text(&text, FileKind::Text);
    let report = nianbao::recognise::recognise("fuzz.txt", &doc);
    let _ = nianbao::rules::check(&report, &Default::default());

    let rows = text
        .lines()
        .enumerate()
        .map(|(row, line)| {
            line.split('\t')
                .enumerate()
                .map(|(col, cell)| GridCell {
                    text: cell.to_string(),
                    row,
                    col,
                    rowspan: 1,
                    colspan: 1,
                })
                .collect()
        })
        .collect();
    let mut grid_doc = nianbao::read::Document::new(FileKind::Html);
    grid_doc.blocks.push(Block::Table(Grid { rows }));
    let report = nianbao::recognise::recognise("fuzz.html", &grid_doc);
    let _ = nianbao::rules::check(&report, &Default::default());
});
