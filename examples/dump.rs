//! Prints what the readers make of a file, before recognition: each text line (with its page,
//! tabs shown as ⇥) and each table grid row, then the cells as recognised.
//! `cargo run --release --example dump -- FILE`: the first thing to look at when a file is misread.

use nianbao::read::{read_file, Block};

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    let doc = match read_file(&path) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Line(l) => {
                let page = l.page.map(|p| format!("p{p} ")).unwrap_or_default();
                println!("{page}{}", l.text.replace('\t', "⇥"));
            }
            Block::Table(g) => {
                for row in &g.rows {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| match (c.rowspan, c.colspan) {
                            (1, 1) => c.text.clone(),
                            (r, s) => format!("{}[{r}x{s}]", c.text),
                        })
                        .collect();
                    println!("| {} |", cells.join(" | "));
                }
            }
        }
    }
    if let Ok(report) = nianbao::load_path(&path) {
        println!("---");
        for (key, cell) in &report.cells {
            if cell.state != nianbao::model::CellState::Absent {
                println!("{key}\t{:?}\t{:?}", cell.value, cell.state);
            }
        }
    }
}
