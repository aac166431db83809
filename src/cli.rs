//! The command line: `nianbao [PATH...]` opens the app, `nianbao check [--json] [--xlsx OUT.xlsx]
//! PATH...` checks report files (folders are read recursively) in parallel and prints a summary or
//! the JSON contract, `nianbao rules [--json]` prints the rule catalogue.
//!
//! Every argument of the app is a path: there is no `--samples` flag. The app offers the bundled
//! samples itself (welcome screen, toolbar), and both installers ship them as files, so
//! `nianbao /usr/share/nianbao/samples` (or the install folder's `samples\` on Windows, or
//! `assets/samples` in a checkout) opens them from the command line. `-- --samples` is a file.
//!
//! `check` exit status: 0 when no input has an error-severity finding, 1 when any has one, 2 when
//! any input could not be read at all.

use crate::model::{Finding, Report, Severity};
use crate::read::{discover, ReadError};
use crate::rules::{self, Settings, CATALOGUE};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// The argument that makes the app probe the graphics driver in a throw-away copy of itself.
pub const PROBE_ARG: &str = "--probe-wgpu";

#[derive(Parser, Debug)]
#[command(
    name = "nianbao",
    version,
    about = "政务公开年报核查：读取、核对并汇总政府信息公开工作年度报告",
    long_about = "不带子命令时打开桌面程序，并载入给出的报告文件或文件夹。\n\n\
        nianbao check 路径…   在命令行核查报告\n\
        nianbao rules         列出全部核查规则及说明",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 在桌面程序中打开的报告文件或文件夹
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// 内部使用：在子进程中测试显卡驱动
    #[arg(long = "probe-wgpu", hide = true)]
    probe_wgpu: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 核查年度报告的表格和数字
    #[command(
        long_about = "读取年度报告（PDF、OFD、Word、Excel、网页、文本），识别三张法定表格并逐项核对。\n退出码：0 全部通过；1 有错误；2 有文件无法读取。"
    )]
    // Boxed: on Windows its paths make it over 200 bytes, beside a few for the others.
    Check(Box<CheckArgs>),
    /// 列出全部核查规则（编号、严重程度、名称、说明）
    Rules {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 内部使用：在子进程中读取文件（见 src/worker）
    #[command(name = "read-worker", hide = true)]
    ReadWorker {
        /// 子进程的内存上限（MB）
        #[arg(long = "memory-mb", default_value_t = crate::worker::WORKER_MEMORY_MB)]
        memory_mb: u64,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// 以 JSON 输出（每个文件一个对象）
    #[arg(long)]
    json: bool,
    /// 同时导出汇总对比工作簿到此路径
    #[arg(long, value_name = "OUT.xlsx")]
    xlsx: Option<PathBuf>,
    /// 为每个有错误的单位写一份整改通知（整改通知-单位.docx），并写核查情况通报.docx，存入此文件夹
    #[arg(long, value_name = "DIR")]
    notices: Option<PathBuf>,
    /// 应报送单位名单：.txt 每行一个单位，或 .xlsx 第一列列出单位；没有报告的单位计为未报
    #[arg(long, value_name = "LIST")]
    roster: Option<PathBuf>,
    /// 核查单位名称，写在整改通知和通报的落款（如：某某县人民政府办公室）
    #[arg(long, value_name = "名称")]
    office: Option<String>,
    /// 联系人及电话，写在整改通知中
    #[arg(long, value_name = "联系人及电话")]
    contact: Option<String>,
    /// 整改期限（年-月-日）；默认为今天起 14 天
    #[arg(long = "reply-by", value_name = "YYYY-MM-DD")]
    reply_by: Option<String>,
    /// 在整改通知后附上需改正的表格（按法定格式，需改正的单元格灰底加粗）
    #[arg(long = "notice-tables")]
    notice_tables: bool,
    /// 某类机关的年报公布期限（次年的月-日），可重复：--deadline 部门=03-31；类别：部门、政府、乡镇/街道。
    /// 默认：部门 01-31、政府 03-31、乡镇/街道 01-31
    #[arg(long, value_name = "类别=月-日")]
    deadline: Vec<String>,
    /// 报告文件或文件夹（文件夹会递归读取）
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What the program was asked to do.
#[derive(Debug, PartialEq)]
pub enum Invocation {
    /// Open the desktop app with these paths loaded.
    App(Vec<PathBuf>),
    /// Probe the graphics driver and exit (see ui::gpu_probe).
    ProbeGpu,
    /// A command-line task has run (or help/version/an error was printed): exit with this status.
    Exit(i32),
}

/// Parses the arguments (with the program name first, as `std::env::args_os` gives them; file
/// names need not be UTF-8) and runs a command-line task if one was asked for.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Invocation {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Invocation::Exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Check(args)) => Invocation::Exit(check(&args)),
        Some(Command::Rules { json }) => Invocation::Exit(print_rules(json)),
        Some(Command::ReadWorker { memory_mb }) => {
            Invocation::Exit(crate::worker::serve(memory_mb))
        }
        None if cli.probe_wgpu => Invocation::ProbeGpu,
        None => Invocation::App(cli.paths),
    }
}

/// `nianbao rules`: the catalogue, as text or JSON.
fn print_rules(json: bool) -> i32 {
    let mut out = std::io::stdout().lock();
    let printed = if json {
        let list: Vec<serde_json::Value> = CATALOGUE
            .iter()
            .map(|r| {
                serde_json::json!({
                    "rule": r.id,
                    "severity": r.severity.as_str(),
                    "category": r.category.id(),
                    "category_name": r.category.label(),
                    "name": r.name,
                    "explanation": r.explanation,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        CATALOGUE.iter().try_for_each(|r| {
            let severity = r.severity.label();
            writeln!(
                out,
                "{}  {}（{}，{}）\n    {}\n",
                r.id,
                r.name,
                severity,
                r.category.label(),
                r.explanation
            )
        })
    };
    match printed {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("无法输出结果：{e}");
            2
        }
    }
}

/// One input: the path as given (for the output) and what came of it.
pub struct Outcome {
    pub file: String,
    pub result: Result<Report, ReadError>,
}

fn check(args: &CheckArgs) -> i32 {
    // First, while this process has a single thread: the workers that will read the files.
    crate::worker::prestart(workers_wanted(&args.paths));
    let mut settings = Settings::default();
    for spec in &args.deadline {
        if let Err(e) = settings.apply_deadline(spec) {
            eprintln!("--deadline：{e}");
            return 2;
        }
    }
    let options = match options(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let roster = match &args.roster {
        Some(path) => match crate::load_roster(path) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("--roster {}：{e}", crate::read::path_text(path));
                return 2;
            }
        },
        None => None,
    };
    let found = discover::expand(&args.paths);
    if found.is_empty() {
        eprintln!("没有找到可读取的报告文件。");
        return 2;
    }
    let (outcomes, reports) = split_reports(load_found(found));
    let findings = check_loaded(&outcomes, &reports, &settings);
    // Buffered: stdout is line-buffered, and the JSON of one report is a few hundred lines,
    // each of which would otherwise be a write of its own. Flushed before anything else is said.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let printed = if args.json {
        print_json(&mut out, &outcomes, &reports, &findings)
    } else {
        print_summary(&mut out, &outcomes, &reports, &findings)
    }
    .and_then(|()| out.flush());
    if let Err(e) = printed {
        eprintln!("无法输出结果：{e}");
    }
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
    let batch = crate::export::Batch {
        unreadable: &unreadable,
        options: &options,
        roster: roster.as_ref(),
        ..crate::export::Batch::new(&reports, &all)
    };
    if let Some(roster) = &roster {
        report_roster(&batch, roster);
    }
    if let Some(path) = &args.xlsx {
        report_left_out(&reports, &all);
        match crate::export::write_workbook(path, &batch, &|_| {}) {
            Ok(()) => eprintln!("已导出工作簿：{}", path.display()),
            Err(e) => {
                eprintln!("导出工作簿失败：{e}");
                return 2;
            }
        }
    }
    if let Some(dir) = &args.notices {
        if reports.is_empty() {
            eprintln!("没有读出任何报告，未写整改通知。");
            return 2;
        }
        match crate::export::write_notices(dir, &batch) {
            Ok(files) => eprintln!(
                "已写 {} 份整改通知和核查情况通报：{}",
                files.len().saturating_sub(1),
                dir.display()
            ),
            Err(e) => {
                eprintln!("写整改通知失败：{e}");
                return 2;
            }
        }
    }
    exit_status(&outcomes, &findings)
}

/// As many workers as files named, a full pool for a folder (or a zip, whose files are read
/// one by one after it).
fn workers_wanted(paths: &[PathBuf]) -> usize {
    paths
        .iter()
        .map(|p| {
            let zip = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            if p.is_dir() || zip {
                usize::MAX
            } else {
                1
            }
        })
        .fold(0, usize::saturating_add)
}

/// The clerk's choices for the documents, from the flags.
fn options(args: &CheckArgs) -> Result<crate::export::Options, String> {
    let reply_by = match &args.reply_by {
        Some(text) => Some(parse_date(text).ok_or_else(|| {
            format!("--reply-by：“{text}”不是有效的日期，请写成 年-月-日，例如 2025-04-15。")
        })?),
        None => None,
    };
    Ok(crate::export::Options {
        office: args.office.clone().unwrap_or_default(),
        contact: args.contact.clone().unwrap_or_default(),
        reply_by,
        notice_tables: args.notice_tables,
        ..Default::default()
    })
}

/// `2025-04-15` (or with `/` or `.`).
fn parse_date(text: &str) -> Option<crate::model::Date> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    crate::model::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Says on stderr which units of the roster have not reported, and which reports match no unit.
fn report_roster(batch: &crate::export::Batch, roster: &crate::roster::Roster) {
    let units = crate::export::units(batch.reports, batch.findings, Some(roster));
    let missing: Vec<&str> = units.missing().map(|u| u.name.as_str()).collect();
    eprintln!(
        "报送名单：应报 {} 家，已报 {} 家，未报 {} 家{}",
        units.units.len(),
        units.units.len() - missing.len(),
        missing.len(),
        if missing.is_empty() {
            "。".to_string()
        } else {
            format!("：{}。", missing.join("、"))
        }
    );
    let refs: Vec<&Report> = batch.reports.iter().collect();
    let a = roster.assign(&refs, &|_| true);
    for (i, r) in batch.reports.iter().enumerate() {
        if a.unit[i].is_none() && r.year == units.year {
            eprintln!(
                "不在名单中：{}（{}）",
                r.agency.as_deref().unwrap_or("未识别出机关名称"),
                r.file
            );
        }
    }
}

/// Says on stderr which reports the workbook lists but does not sum: of two reports of one body
/// and year the one with more errors, and bodies of another tier than most.
fn report_left_out(reports: &[Report], findings: &[Vec<Finding>]) {
    for (i, l) in crate::export::counting(reports, findings)
        .iter()
        .enumerate()
    {
        match l {
            Some(crate::export::Left::Duplicate { kept }) => eprintln!(
                "重复报告：{} 与 {} 是同一机关同一年度的报告，工作簿计入错误较少的 {}，另一份只列出、不计入合计。",
                reports[i].file, reports[*kept].file, reports[*kept].file
            ),
            Some(other) => eprintln!("未计入合计：{}，{}。", reports[i].file, other.reason(reports)),
            None => {}
        }
    }
}

/// Reads what a walk found, keeping its order; what it could not open is an outcome with its
/// error, as a file that could not be read. A zip gives one outcome per file inside it.
fn load_found(found: Vec<discover::Found>) -> Vec<Outcome> {
    let files: Vec<PathBuf> = found
        .iter()
        .filter_map(|f| match f {
            discover::Found::File(p) => Some(p.clone()),
            discover::Found::Unreadable { .. } => None,
        })
        .collect();
    let mut read = load_all(&files).into_iter().peekable();
    let mut given = 0;
    let mut out = Vec::new();
    for f in found {
        match f {
            discover::Found::File(_) => {
                while let Some((_, o)) = read.next_if(|(g, _)| *g == given) {
                    out.push(o);
                }
                given += 1;
            }
            discover::Found::Unreadable { path, error } => out.push(Outcome {
                file: crate::read::path_text(&path),
                result: Err(error),
            }),
        }
    }
    out
}

/// Reads all files in parallel, in worker processes when this is the nianbao program, in this
/// process otherwise (see [`crate::worker`]). In the files' order, each with the index of its
/// file: one outcome a file, or for a zip one per file inside it (`x.zip › a.pdf`).
pub fn load_all(files: &[PathBuf]) -> Vec<(usize, Outcome)> {
    let jobs = files
        .iter()
        .cloned()
        .map(crate::worker::Job::Path)
        .collect();
    crate::worker::read_all_expanding(crate::worker::reader(), jobs)
        .into_iter()
        .map(|done| {
            let file = match done.member {
                Some((_, label)) => label,
                None => files
                    .get(done.given)
                    .map(|p| crate::read::path_text(p))
                    .unwrap_or_default(),
            };
            (
                done.given,
                Outcome {
                    file,
                    result: done.reply,
                },
            )
        })
        .collect()
}

/// An input as printed: its path and the index of its report in the batch, or why it could not
/// be read. The reports themselves are kept once, in the batch (a batch of 10,000 is big).
struct Input {
    file: String,
    result: Result<usize, ReadError>,
}

/// Moves the reports that were read out of the outcomes, in order, into one batch.
fn split_reports(outcomes: Vec<Outcome>) -> (Vec<Input>, Vec<Report>) {
    let mut reports = Vec::new();
    let inputs = outcomes
        .into_iter()
        .map(|o| Input {
            file: o.file,
            result: o.result.map(|r| {
                reports.push(r);
                reports.len() - 1
            }),
        })
        .collect();
    (inputs, reports)
}

/// Runs the checks over the reports that were read, as one batch (so that reports of the same
/// body for consecutive years are compared). Returns, per input, its findings.
fn check_loaded(
    inputs: &[Input],
    reports: &[Report],
    settings: &Settings,
) -> Vec<Option<Vec<Finding>>> {
    let mut checked = rules::check_batch(reports, settings).into_iter();
    inputs
        .iter()
        .map(|o| {
            o.result
                .as_ref()
                .ok()
                .map(|_| checked.next().unwrap_or_default())
        })
        .collect()
}

/// The JSON array, the same bytes as `to_writer_pretty` of the whole array, made a chunk of
/// objects at a time: the objects of a chunk are rendered in parallel (rendering was a tenth of
/// a 10,000-report run, on one core), and the whole array is never held as one
/// `serde_json::Value`, which would hold every report's cells twice over.
fn print_json(
    out: &mut impl Write,
    inputs: &[Input],
    reports: &[Report],
    findings: &[Option<Vec<Finding>>],
) -> std::io::Result<()> {
    use rayon::prelude::*;
    /// Objects rendered at once: a few megabytes of text.
    const CHUNK: usize = 256;
    let object = |(o, f): (&Input, &Option<Vec<Finding>>)| match o
        .result
        .as_ref()
        .map(|i| reports.get(*i))
    {
        Ok(Some(r)) => crate::json::report_object(&o.file, r, f.as_deref().unwrap_or_default()),
        Ok(None) => serde_json::Value::Null,
        Err(e) => crate::json::error_object(&o.file, e),
    };
    if inputs.is_empty() {
        return writeln!(out, "[]");
    }
    out.write_all(b"[")?;
    let pairs: Vec<(&Input, &Option<Vec<Finding>>)> = inputs.iter().zip(findings).collect();
    for (c, chunk) in pairs.chunks(CHUNK).enumerate() {
        let rendered: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|&pair| element(&object(pair)))
            .collect::<serde_json::Result<_>>()
            .map_err(std::io::Error::other)?;
        for (k, text) in rendered.iter().enumerate() {
            out.write_all(if c == 0 && k == 0 { b"\n" } else { b",\n" })?;
            out.write_all(text)?;
        }
    }
    out.write_all(b"\n]\n")
}

/// One element of the pretty array: the object printed pretty on its own, every line indented
/// by the array's two spaces (a string's newlines are escaped, so every newline is the
/// printer's).
fn element(value: &serde_json::Value) -> serde_json::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    out.extend_from_slice(b"  ");
    for &b in &text {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"  ");
        }
    }
    Ok(out)
}

fn print_summary(
    out: &mut impl Write,
    inputs: &[Input],
    reports: &[Report],
    findings: &[Option<Vec<Finding>>],
) -> std::io::Result<()> {
    for (o, f) in inputs.iter().zip(findings) {
        match o.result.as_ref().map(|i| reports.get(*i)) {
            Err(e) => writeln!(out, "✗ {}\n    无法读取：{e}", o.file)?,
            Ok(None) => {}
            Ok(Some(r)) => {
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
                    writeln!(
                        out,
                        "    {} {}：{}",
                        x.severity.label(),
                        x.rule.name(),
                        x.message
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn exit_status(outcomes: &[Input], findings: &[Option<Vec<Finding>>]) -> i32 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    /// `n` inputs: reports with findings, and every fifth an unreadable file.
    fn batch(n: usize) -> (Vec<Input>, Vec<Report>, Vec<Option<Vec<Finding>>>) {
        let (mut inputs, mut reports, mut findings) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..n {
            if k % 5 == 4 {
                inputs.push(Input {
                    file: format!("坏文件{k}.pdf"),
                    result: Err(ReadError::Unsupported("扫描件\n第二行".into())),
                });
                findings.push(None);
                continue;
            }
            let mut r = Report::empty(format!("报告{k}.txt"), FileKind::Text, String::new());
            r.agency = Some(format!("某某镇人民政府{k}"));
            reports.push(r);
            inputs.push(Input {
                file: format!("报告{k}.txt"),
                result: Ok(reports.len() - 1),
            });
            let f = Finding::new(
                crate::catalogue::Rule::ValueInvalid,
                Severity::Error,
                format!("第 {k} 条：“引号”\\反斜杠\n换行"),
            );
            findings.push(Some(vec![f]));
        }
        (inputs, reports, findings)
    }

    #[test]
    fn the_json_is_the_pretty_array_byte_for_byte() {
        for n in [0, 1, 7, 600] {
            let (inputs, reports, findings) = batch(n);
            let mut ours = Vec::new();
            print_json(&mut ours, &inputs, &reports, &findings).unwrap();
            let whole: Vec<serde_json::Value> = inputs
                .iter()
                .zip(&findings)
                .map(|(o, f)| match &o.result {
                    Ok(i) => crate::json::report_object(
                        &o.file,
                        &reports[*i],
                        f.as_deref().unwrap_or_default(),
                    ),
                    Err(e) => crate::json::error_object(&o.file, e),
                })
                .collect();
            let mut want = serde_json::to_vec_pretty(&whole).unwrap();
            want.push(b'\n');
            assert!(ours == want, "{n} inputs differ");
        }
    }
}
