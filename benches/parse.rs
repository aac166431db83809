//! Parse + check speed per input format, a batch of 1,000 mixed reports (in this process, and as
//! files read in worker processes), and what a worker costs to start.
//!
//! `cargo bench --bench parse`. The PDF figure is measured side by side with `pdftotext -layout`
//! on the same file (group `pdf_vs_pdftotext`; skipped with a message when poppler's pdftotext is
//! not installed). Target: ours at most half of pdftotext's time.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use nianbao::rules::{self, Settings};
use nianbao::worker::{self, Job, Limits, Pool, Reader};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

const SEED: &str = "000_12af315242a02ca5";
/// The nianbao program: started as the reading worker, and as a whole `check` process.
const WORKER_EXE: &str = env!("CARGO_BIN_EXE_nianbao");

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

/// Our PDF parse + check against `pdftotext -layout` (text only, no checks) on the same file, in
/// one group so criterion prints them side by side: in this process (`nianbao_parse_and_check`)
/// and as the whole `nianbao check --json` process, its worker included
/// (`nianbao_check_json_process`, what benches/pdf_vs_pdftotext.sh times), on the generated seed
/// PDF and two complete reports of the reading corpus made by LibreOffice and by Chromium (whose
/// cross-reference table is off by a few bytes, as in many published reports: the rebuild path).
fn pdf_vs_pdftotext(c: &mut Criterion) {
    for rel in [
        format!("generated/{SEED}.pdf"),
        "reading/corpus/c04_district_dash-pdf-libreoffice-07.pdf".to_string(),
        "reading/corpus/c01_town-pdf-chromium-09.pdf".to_string(),
    ] {
        pdf_pair(c, &fixture(&rel));
    }
}

fn pdf_pair(c: &mut Criterion, path: &Path) {
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("{} is missing: skipped", path.display());
        return;
    };
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut group = c.benchmark_group(format!("pdf_vs_pdftotext/{name}"));
    group.bench_function("nianbao_parse_and_check", |b| {
        b.iter(|| parse_and_check(&name, &bytes))
    });
    group.bench_function("nianbao_check_json_process", |b| {
        b.iter(|| {
            std::process::Command::new(WORKER_EXE)
                .args(["check", "--json"])
                .arg(path)
                .output()
                .map(|o| o.stdout.len())
                .unwrap_or(0)
        })
    });
    let pdftotext = || {
        std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(path)
            .arg("-")
            .output()
    };
    match pdftotext() {
        Ok(out) if out.status.success() => {
            group.bench_function("pdftotext_layout", |b| {
                b.iter(|| pdftotext().map(|o| o.stdout.len()).unwrap_or(0))
            });
        }
        _ => eprintln!("pdftotext (poppler-utils) is not installed: the yardstick is skipped"),
    }
    group.finish();
}

/// 1,000 reports cycling through every seed in every format, parsed in parallel as the CLI does.
fn thousand_mixed(c: &mut Criterion) {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in ["seeds", "generated", "reading/corpus"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .expect("fixture dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| !p.to_string_lossy().ends_with(".json"))
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
    // An own pool, as the CLI's `load_all` has: the readers' time limit waits on its own threads,
    // which must not be the global pool's.
    let Ok(pool) = rayon::ThreadPoolBuilder::new().build() else {
        eprintln!("no thread pool: the batch is skipped");
        return;
    };
    group.bench_function("1000_mixed_reports", |b| {
        b.iter(|| {
            pool.install(|| {
                batch
                    .par_iter()
                    .map(|(name, bytes)| parse_and_check(name, bytes))
                    .sum::<usize>()
            })
        })
    });
    group.finish();
    thousand_files_in_workers(&batch);
}

/// The same 1,000 reports as files on disk, read as the CLI and the app read them: each in a
/// worker process (`nianbao read-worker`, see src/worker), the checks in this process. Beside
/// `batch/1000_mixed_reports` (in this process, the reading before workers), it gives the cost
/// of isolation.
fn thousand_files_in_workers(batch: &[&(String, Vec<u8>)]) {
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder: the worker batch is skipped");
        return;
    };
    let files: Vec<PathBuf> = batch
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let path = dir.path().join(format!("{i:04}-{name}"));
            std::fs::write(&path, bytes).expect("temporary file written");
            path
        })
        .collect();
    let reader = Reader::Workers(Pool::new(PathBuf::from(WORKER_EXE), Limits::default()));
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let mut group = c.benchmark_group("batch");
    group.bench_function("1000_files_in_workers", |b| {
        b.iter(|| {
            let jobs = files.iter().cloned().map(Job::Path).collect();
            worker::read_all(&reader, jobs)
                .iter()
                .map(|r| match r {
                    Ok(r) => rules::check(r, &Settings::default()).len(),
                    Err(_) => 0,
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// What a worker costs to start: a fresh pool reading one small report (process start, the
/// first job and its answer), beside the same report read in this process.
fn worker_start(c: &mut Criterion) {
    let path = fixture(&format!("seeds/{SEED}.txt"));
    let mut group = c.benchmark_group("worker_start");
    group.bench_function("new_worker_reads_one_txt", |b| {
        b.iter(|| {
            let pool = Pool::new(PathBuf::from(WORKER_EXE), Limits::default());
            pool.run(&Job::Path(path.clone())).is_ok()
        })
    });
    let pool = Pool::new(PathBuf::from(WORKER_EXE), Limits::default());
    group.bench_function("running_worker_reads_one_txt", |b| {
        b.iter(|| pool.run(&Job::Path(path.clone())).is_ok())
    });
    group.bench_function("in_process_reads_one_txt", |b| {
        b.iter(|| nianbao::load_path(&path).is_ok())
    });
    group.finish();
}

criterion_group!(
    benches,
    per_format,
    pdf_vs_pdftotext,
    thousand_mixed,
    worker_start
);
criterion_main!(benches);
