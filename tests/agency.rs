//! The agency of reports pasted from government web pages (breadcrumbs, 索引号/发布机构 blocks,
//! `标题：` lines, a preamble before any title), and reports served in Traditional characters.

mod common;

use common::*;
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use nianbao::rules::{check, Settings};

/// Seed 001 from its first section on: the body a web page shows under its own header.
fn body_of_seed_001() -> String {
    let text = std::fs::read_to_string(fixtures().join("seeds/001_49bc154c30d92ca6.txt")).unwrap();
    let at = text.find("一、总体情况").unwrap();
    text[at..].to_string()
}

fn agency_of_page(header: &str) -> Option<String> {
    let text = format!("{header}\n{}", body_of_seed_001());
    let report = nianbao::load_text("粘贴", &text).unwrap();
    assert_eq!(
        report.value("T3.new.total"),
        Some(0.0),
        "the tables still read"
    );
    report.agency
}

#[test]
fn pasted_pages_give_the_name_or_nothing() {
    let cases: &[(&str, Option<&str>)] = &[
        (
            "您当前所在位置:首页>乡镇>大营镇\n索引号\t411421-01-2024-0003\t分类\t年度报告\n发布机构\t宝丰县大营镇人民政府\t发文日期\t2024-01-18\n宝丰县大营镇2023年政府信息公开工作年度报告",
            Some("宝丰县大营镇人民政府"),
        ),
        (
            "首页>政务公开>政府信息公开年报\n标题：宝丰县大营镇人民政府2023年政府信息公开工作年度报告\n发布时间：2024-01-18 来源：大营镇",
            Some("宝丰县大营镇人民政府"),
        ),
        (
            "首页>政务公开>\n宝丰县大营镇人民政府2023年政府信息公开工作报告\n字号：大 中 小",
            Some("宝丰县大营镇人民政府"),
        ),
        (
            "您当前所在位置:首页>乡镇\n根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现向社会公布宝丰县大营镇2023年政府信息公开工作年度报告。",
            Some("宝丰县大营镇"),
        ),
        (
            "您当前所在位置:首页>乡镇\n按照镇安县人民政府办公室《关于做好2023年政府信息公开工作年度报告编制工作的通知》要求，编制本报告。",
            None,
        ),
        (
            "根据《中华人民共和国\n政府信息公开条例》规定，编制本报告。",
            None,
        ),
    ];
    for (header, want) in cases {
        assert_eq!(agency_of_page(header).as_deref(), *want, "{header}");
    }
}

/// Every seed, turned into Traditional characters as a mirror site serves it, reads to the same
/// truth: the same cells, findings and a Simplified agency.
#[test]
fn seeds_in_traditional_characters_read_as_in_simplified() {
    let to_traditional = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
    let mut diffs = Vec::new();
    let mut dir: Vec<_> = std::fs::read_dir(fixtures().join("seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    dir.sort();
    for path in dir {
        let simplified = std::fs::read_to_string(&path).unwrap();
        let traditional = to_traditional.convert(&simplified);
        assert_ne!(traditional, simplified);
        let report = nianbao::load_text("繁體.txt", &traditional)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let truth = truth_for(&stem(&path));
        let findings = check(&report, &Settings::default());
        let mut d = compare_with_truth(&report, &truth, None);
        d.extend(compare_findings(
            &findings,
            &truth["findings"],
            &truth["no_errors_except"],
        ));
        diffs.extend(d.into_iter().map(|x| format!("{}: {x}", path.display())));
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
