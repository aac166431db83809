//! Reports served in Traditional characters (mirror sites serve them) are converted to Simplified
//! before anything is recognised: the format's labels, the section headings and the text rules are
//! all written in Simplified, and the agency is given in Simplified.
//!
//! The conversion is done on the [`Document`] (each line and each table cell), so the report text
//! that provenance spans index is the converted one, and the grid positions and pages stay those
//! of the source.

use crate::read::{Block, Document};
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use std::sync::OnceLock;

/// How many characters of the document decide whether it is Traditional.
const SAMPLE_CHARS: usize = 20_000;

/// The OpenCC Traditional → Simplified converter, built once (its dictionaries are embedded).
fn converter() -> Option<&'static OpenCC> {
    static CC: OnceLock<Option<OpenCC>> = OnceLock::new();
    CC.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

/// The document in Simplified characters, or `None` when it is not written in Traditional ones
/// (then it is used as it is: converting Simplified text could change a name such as 乾县).
pub fn to_simplified(doc: &Document) -> Option<Document> {
    let cc = converter()?;
    if !is_traditional(cc, &sample(doc)) {
        return None;
    }
    let mut out = doc.clone();
    for block in &mut out.blocks {
        crate::read::budget::checkpoint();
        match block {
            Block::Line(line) => line.text = cc.convert(&line.text),
            Block::Table(grid) => {
                for cell in grid.rows.iter_mut().flatten() {
                    cell.text = cc.convert(&cell.text);
                }
            }
        }
    }
    Some(out)
}

/// The first [`SAMPLE_CHARS`] characters of the document's text.
fn sample(doc: &Document) -> String {
    let mut out = String::new();
    let mut count = 0;
    let texts = doc
        .blocks
        .iter()
        .flat_map(|b| -> Box<dyn Iterator<Item = &str>> {
            match b {
                Block::Line(l) => Box::new(std::iter::once(l.text.as_str())),
                Block::Table(g) => Box::new(g.rows.iter().flatten().map(|c| c.text.as_str())),
            }
        });
    for text in texts {
        if count >= SAMPLE_CHARS {
            break;
        }
        out.push_str(text);
        out.push('\n');
        count += text.chars().count() + 1;
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Traditional when at least 1 in 20 of its Chinese characters changes (and at least 5 do): in
/// Traditional text about a quarter change, in Simplified text almost none.
fn is_traditional(cc: &OpenCC, sample: &str) -> bool {
    let han = sample.chars().filter(|c| is_han(*c)).count();
    if han == 0 {
        return false;
    }
    let converted = cc.convert(sample);
    let changed = sample
        .chars()
        .zip(converted.chars())
        .filter(|(a, b)| a != b && is_han(*a))
        .count();
    changed >= 5 && changed * 20 >= han
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::read::txt::from_text;

    #[test]
    fn traditional_text_is_converted_and_simplified_text_left_alone() {
        let doc = from_text(
            "乾縣人民政府2023年政府資訊公開工作年度報告\n一、總體情況\n本機關收到申請2件。",
            FileKind::Text,
        );
        let converted = to_simplified(&doc).expect("Traditional");
        let Block::Line(first) = &converted.blocks[0] else {
            panic!("a line")
        };
        assert!(
            first.text.contains("政府资讯公开工作年度报告"),
            "{}",
            first.text
        );
        let simplified = from_text(
            "乾县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本机关收到申请2件。",
            FileKind::Text,
        );
        assert!(to_simplified(&simplified).is_none());
        assert!(to_simplified(&from_text("2023 12 0", FileKind::Text)).is_none());
    }
}
