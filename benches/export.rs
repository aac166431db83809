//! Exporting the workbook for 1,000 reports (issue 4 asks for under 5 s).
//!
//! `cargo bench --no-default-features --bench export`. The reports are the five seeds, each
//! repeated 200 times under different agency names, checked as a batch.

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::export::{workbook_bytes, write_workbook, Batch};
use nianbao::model::Report;
use nianbao::rules::{self, Settings};
use std::path::Path;
use std::time::Duration;

const REPORTS: usize = 1000;

fn thousand_reports() -> Vec<Report> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let seeds: Vec<Report> = paths
        .iter()
        .map(|p| nianbao::load_path(p).expect("seed loads"))
        .collect();
    (0..REPORTS)
        .map(|i| {
            let mut r = seeds[i % seeds.len()].clone();
            let agency = r.agency.clone().unwrap_or_default();
            r.agency = Some(format!("{agency}{}", i / seeds.len() + 1));
            r
        })
        .collect()
}

fn export_thousand(c: &mut Criterion) {
    let reports = thousand_reports();
    let findings = rules::check_batch(&reports, &Settings::default());
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("workbook_1000_reports", |b| {
        b.iter(|| {
            let bytes = workbook_bytes(&Batch::new(&reports, &findings), &|_| {}).expect("export");
            assert!(bytes.len() > 1000);
            bytes.len()
        })
    });
    // The same, saved to disk the way the app saves (temporary file, then rename).
    let dir = tempfile::tempdir().expect("temporary folder");
    let target = dir.path().join("汇总.xlsx");
    group.bench_function("write_workbook_1000_reports", |b| {
        b.iter(|| {
            write_workbook(&target, &Batch::new(&reports, &findings), &|_| {}).expect("saved")
        })
    });
    group.finish();
}

criterion_group!(benches, export_thousand);
criterion_main!(benches);
