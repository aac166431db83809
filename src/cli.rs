//! `nianbao check [--json] [--xlsx OUT.xlsx] PATH...`: checks report files (folders are read
//! recursively), in parallel, and prints a summary or the JSON contract.
//!
//! Exit status: 0 when no input has an error-severity finding, 1 when any has one, 2 when any
//! input could not be read at all.

use crate::model::{Finding, Report, Severity};
use crate::read::ReadError;
use crate::rules::{self, Settings};
use clap::Parser;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "nianbao check",
    about = "核查政府信息公开工作年度报告的表格和数字",
    long_about = "读取年度报告（PDF、Word、Excel、网页、文本），识别三张法定表格并逐项核对。\n退出码：0 全部通过；1 有错误；2 有文件无法读取。"
)]
struct Args {
    /// 以 JSON 输出（每个文件一个对象）
    #[arg(long)]
    json: bool,
    /// 同时导出汇总对比工作簿到此路径
    #[arg(long, value_name = "OUT.xlsx")]
    xlsx: Option<PathBuf>,
    /// 报告文件或文件夹（文件夹会递归读取）
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Extensions picked up when walking a folder (files named explicitly are always tried).
pub const REPORT_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "doc", "wps", "xlsx", "xls", "ods", "html", "htm", "mht", "mhtml", "txt",
];

/// One input: the path as given (for the output) and what came of it.
pub struct Outcome {
    pub file: String,
    pub result: Result<Report, ReadError>,
}

/// `args` starts with "check".
pub fn main(args: &[String]) -> i32 {
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let files = expand(&args.paths);
    if files.is_empty() {
        eprintln!("没有找到可读取的报告文件。");
        return 2;
    }
    let outcomes = load_all(&files);
    let (reports, findings) = check_loaded(&outcomes);
    let mut out = std::io::stdout().lock();
    let printed = if args.json {
        print_json(&mut out, &outcomes, &findings)
    } else {
        print_summary(&mut out, &outcomes, &findings)
    };
    if let Err(e) = printed {
        eprintln!("无法输出结果：{e}");
    }
    if let Some(path) = &args.xlsx {
        let all: Vec<Vec<Finding>> = findings.iter().flatten().cloned().collect();
        let unreadable: Vec<crate::export::Unreadable> = outcomes
            .iter()
            .filter_map(|o| {
                o.result.as_ref().err().map(|e| crate::export::Unreadable {
                    file: o.file.clone(),
                    reason: e.to_string(),
                })
            })
            .collect();
        report_duplicates(&reports, &all);
        let options = crate::export::Options::default();
        let batch = crate::export::Batch {
            unreadable: &unreadable,
            options: &options,
            ..crate::export::Batch::new(&reports, &all)
        };
        match crate::export::write_workbook(path, &batch, &|_| {}) {
            Ok(()) => eprintln!("已导出工作簿：{}", path.display()),
            Err(e) => {
                eprintln!("导出工作簿失败：{e}");
                return 2;
            }
        }
    }
    exit_status(&outcomes, &findings)
}

/// Says on stderr which of two reports of one body and year the workbook counts (the one with
/// fewer errors) and which it only lists.
fn report_duplicates(reports: &[Report], findings: &[Vec<Finding>]) {
    for (i, kept) in crate::export::duplicates(reports, findings, &[])
        .iter()
        .enumerate()
    {
        if let Some(k) = kept {
            eprintln!(
                "重复报告：{} 与 {} 是同一机关同一年度的报告，工作簿计入错误较少的 {}，另一份只列出、不计入合计。",
                reports[i].file, reports[*k].file, reports[*k].file
            );
        }
    }
}

/// Paths as given, with folders replaced by the report files inside them (sorted, recursive).
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if has_report_extension(&p) {
            out.push(p);
        }
    }
}

pub fn has_report_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads all files in parallel, keeping their order.
///
/// On a pool of its own: its workers block while a reader thread works, and a reader (lopdf) may
/// itself queue work on rayon's global pool, which must then still have free workers.
pub fn load_all(files: &[PathBuf]) -> Vec<Outcome> {
    let load = || -> Vec<Outcome> {
        files
            .par_iter()
            .map(|p| Outcome {
                file: p.to_string_lossy().into_owned(),
                result: crate::load_path(p),
            })
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("nianbao-load-{i}"))
        .build()
    {
        Ok(pool) => pool.install(load),
        Err(_) => files
            .iter()
            .map(|p| Outcome {
                file: p.to_string_lossy().into_owned(),
                result: crate::load_path(p),
            })
            .collect(),
    }
}

/// Runs the checks over the reports that were read, as one batch (so that reports of the same
/// body for consecutive years are compared). Returns the reports and, per outcome, its findings.
fn check_loaded(outcomes: &[Outcome]) -> (Vec<Report>, Vec<Option<Vec<Finding>>>) {
    let reports: Vec<Report> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok().cloned())
        .collect();
    let mut checked = rules::check_batch(&reports, &Settings::default()).into_iter();
    let findings = outcomes
        .iter()
        .map(|o| {
            o.result
                .as_ref()
                .ok()
                .map(|_| checked.next().unwrap_or_default())
        })
        .collect();
    (reports, findings)
}

fn print_json(
    out: &mut impl Write,
    outcomes: &[Outcome],
    findings: &[Option<Vec<Finding>>],
) -> std::io::Result<()> {
    let array: Vec<serde_json::Value> = outcomes
        .iter()
        .zip(findings)
        .map(|(o, f)| match (&o.result, f) {
            (Ok(r), Some(f)) => crate::json::report_object(&o.file, r, f),
            (Ok(r), None) => crate::json::report_object(&o.file, r, &[]),
            (Err(e), _) => crate::json::error_object(&o.file, e),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &array)?;
    writeln!(out)
}

fn print_summary(
    out: &mut impl Write,
    outcomes: &[Outcome],
    findings: &[Option<Vec<Finding>>],
) -> std::io::Result<()> {
    for (o, f) in outcomes.iter().zip(findings) {
        match &o.result {
            Err(e) => writeln!(out, "✗ {}\n    无法读取：{e}", o.file)?,
            Ok(r) => {
                let f = f.as_deref().unwrap_or_default();
                let errors = f.iter().filter(|x| x.severity == Severity::Error).count();
                let mark = if errors == 0 { "✓" } else { "✗" };
                let year = r
                    .year
                    .map(|y| format!("{y} 年度"))
                    .unwrap_or("年度不明".into());
                let agency = r.agency.as_deref().unwrap_or("（未识别出机关名称）");
                writeln!(out, "{mark} {agency} {year}  [{}]", o.file)?;
                if f.is_empty() {
                    writeln!(out, "    全部核对通过")?;
                }
                for x in f {
                    writeln!(out, "    {} {}：{}", x.severity.label(), x.rule, x.message)?;
                }
            }
        }
    }
    Ok(())
}

fn exit_status(outcomes: &[Outcome], findings: &[Option<Vec<Finding>>]) -> i32 {
    if outcomes.iter().any(|o| o.result.is_err()) {
        2
    } else if findings
        .iter()
        .flatten()
        .flatten()
        .any(|f| f.severity == Severity::Error)
    {
        1
    } else {
        0
    }
}
