//! The sample reports bundled into the program (assets/samples/), for the first-run screen and
//! `--samples`: five real 2023 reports of townships, one of them in the old 2019 format.

use super::loader::Source;

pub const SAMPLES: &[(&str, &str)] = &[
    (
        "hongsibu_2023.txt",
        include_str!("../../../assets/samples/hongsibu_2023.txt"),
    ),
    (
        "daying_2023.txt",
        include_str!("../../../assets/samples/daying_2023.txt"),
    ),
    (
        "tanshan_2023.txt",
        include_str!("../../../assets/samples/tanshan_2023.txt"),
    ),
    (
        "xibao_2023.txt",
        include_str!("../../../assets/samples/xibao_2023.txt"),
    ),
    (
        "hatubuhu_2023.txt",
        include_str!("../../../assets/samples/hatubuhu_2023.txt"),
    ),
];

/// The samples as loader sources, named `示例/<file>` so they are told apart from real files.
pub fn sources() -> Vec<Source> {
    SAMPLES
        .iter()
        .map(|(name, text)| Source::Bytes {
            name: format!("示例/{name}"),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}
