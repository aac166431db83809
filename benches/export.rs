//! Exporting the workbook for 1,000 reports (issue 4 asks for under 5 s), and the 整改通知 of
//! 1,000 units with an error each plus the 核查情况通报 (issue 22: under 2 s more), beside it.
//!
//! `cargo bench --no-default-features --bench export`. The reports are the five seeds, each
//! repeated 200 times under different agency names, checked as a batch.

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::export::{workbook_bytes, write_notices, write_workbook, Batch, Options};
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

/// Every one of the 1,000 units with an error (本年新收 自然人 raised by 3, as the fixtures'
/// scripts do), so each gets a notice.
fn notices_thousand(c: &mut Criterion) {
    let reports: Vec<Report> = thousand_reports()
        .into_iter()
        .map(|mut r| {
            let v = r.value("T3.new.natural").unwrap_or(0.0);
            nianbao::edit_value(&mut r, "T3.new.natural", Some(v + 3.0));
            r
        })
        .collect();
    let findings = rules::check_batch(&reports, &Settings::default());
    let options = Options {
        office: "某某县人民政府办公室".into(),
        contact: "张三 0953-1234567".into(),
        ..Default::default()
    };
    let batch = Batch {
        options: &options,
        ..Batch::new(&reports, &findings)
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("notices_1000_units", |b| {
        b.iter(|| {
            let files = write_notices(dir.path(), &batch).expect("notices");
            assert_eq!(files.len(), REPORTS + 1, "a notice each and the 通报");
            files.len()
        })
    });
    // With the tables to fix attached to each notice (the app's default).
    let with_tables = Options {
        notice_tables: true,
        ..options.clone()
    };
    let batch = Batch {
        options: &with_tables,
        ..batch
    };
    group.bench_function("notices_1000_units_with_tables", |b| {
        b.iter(|| write_notices(dir.path(), &batch).expect("notices").len())
    });
    group.finish();
}

criterion_group!(benches, export_thousand, notices_thousand);
criterion_main!(benches);
