//! Parse + check speed per input format, and a batch of 1,000 mixed reports.
//!
//! `cargo bench --bench parse`. Compare the PDF figure with `pdftotext -layout` on the same file
//! (see README: Performance).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use nianbao::rules::{self, Settings};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

const SEED: &str = "000_12af315242a02ca5";

fn parse_and_check(name: &str, bytes: &[u8]) -> usize {
    match nianbao::load_bytes(name, bytes.to_vec()) {
        Ok(r) => rules::check(&r, &Settings::default()).len(),
        Err(_) => 0,
    }
}

fn per_format(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_check");
    let files = [
        ("txt", fixture(&format!("seeds/{SEED}.txt"))),
        ("html", fixture(&format!("generated/{SEED}.html"))),
        ("docx", fixture(&format!("generated/{SEED}.docx"))),
        ("xlsx", fixture(&format!("generated/{SEED}.xlsx"))),
        ("pdf", fixture(&format!("generated/{SEED}.pdf"))),
    ];
    for (format, path) in files {
        let bytes = std::fs::read(&path).expect("fixture exists");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        group.bench_with_input(BenchmarkId::from_parameter(format), &bytes, |b, bytes| {
            b.iter(|| parse_and_check(&name, bytes))
        });
    }
    group.finish();
}

/// 1,000 reports cycling through every seed in every format, parsed in parallel as the CLI does.
fn thousand_mixed(c: &mut Criterion) {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in ["seeds", "generated"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .expect("fixture dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            inputs.push((name, std::fs::read(&p).expect("readable")));
        }
    }
    let batch: Vec<&(String, Vec<u8>)> = inputs.iter().cycle().take(1000).collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("1000_mixed_reports", |b| {
        b.iter(|| {
            batch
                .par_iter()
                .map(|(name, bytes)| parse_and_check(name, bytes))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, per_format, thousand_mixed);
criterion_main!(benches);
