//! Reading files in worker processes, so that no file can take the app down (issue 23).
//!
//! Each file is opened, read and recognised in a child process: the same executable started as
//! `nianbao read-worker` (a hidden subcommand, [`serve`]). A few of them ([`Pool`]) are kept
//! and reused from file to file. Each worker limits its own memory ([`limits`]); the app kills
//! one that does not answer within [`Limits::timeout`]. A worker that crashes, runs out of memory
//! or is killed becomes a message for its file (`ReadError::OutOfMemory`, `Timeout`,
//! `WorkerFailed`), and the other files go on. Results come back as JSON ([`protocol`]). The app's
//! state and the reports loaded never live in a process that parses a file.
//!
//! Which executable serves as worker is explicit: the nianbao programs call
//! [`serve_from_this_executable`] in `main`. Anything else that links the library (unit tests,
//! benches, examples, the fuzz targets) has no worker executable and reads in its own process
//! ([`Reader::InProcess`], the behaviour before workers: panics contained, time bounded by a
//! thread, but no memory limit). Integration tests build a [`Pool`] on
//! `env!("CARGO_BIN_EXE_nianbao")`.

#[cfg(target_os = "linux")]
mod fork;
pub mod limits;
mod plan;
mod pool;
mod process;
pub mod progress;
pub mod protocol;
mod serve;

pub use plan::{read_all_expanding, run_expanding, Done};
pub use pool::{Limits, Pool, WORKER_MEMORY_MB};
pub use protocol::Reply;
pub use serve::{serve, test_hooks};

use crate::model::Report;
use crate::read::archive::Member;
use crate::read::ReadError;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The hidden subcommand that makes the executable a reading worker.
pub const SUBCOMMAND: &str = "read-worker";

/// One thing to read and recognise.
#[derive(Debug, Clone)]
pub enum Job {
    /// A file, opened by the worker. A zip answers with its files ([`Output::Members`]).
    Path(PathBuf),
    /// File `index` of the zip at `path` (as [`Output::Members`] listed it), read as a report.
    Member { path: PathBuf, index: usize },
    /// Bytes (a bundled sample); `name` supplies the extension.
    Bytes { name: String, bytes: Vec<u8> },
    /// Text pasted by the user.
    Text { name: String, text: String },
    /// A list of units (a roster), opened by the worker: its lines, not a report.
    List(PathBuf),
    /// Page `page` of a scanned file, as the app shows it beside the figures read from it.
    Picture { path: PathBuf, page: u32 },
}

/// What a job gives: a report, for [`Job::List`] the lines of the list, for a [`Job::Path`] that
/// is a zip the files inside it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum Output {
    Report(Box<Report>),
    Lines(Vec<String>),
    Members(Vec<Member>),
    Picture(crate::read::scan::picture::PagePicture),
}

impl Job {
    /// Reads (and for a report, recognises) the job in this process.
    pub fn run_here(self) -> Result<Output, ReadError> {
        let report = match self {
            Job::Path(p) => {
                return crate::load_file(&p).map(|loaded| match loaded {
                    crate::Loaded::Report(r) => Output::Report(r),
                    crate::Loaded::Archive(members) => Output::Members(members),
                })
            }
            Job::Member { path, index } => crate::load_member(&path, index),
            Job::Bytes { name, bytes } => crate::load_bytes(&name, bytes),
            Job::Text { name, text } => crate::load_text(&name, &text),
            Job::List(p) => return crate::read_list_lines(&p).map(Output::Lines),
            Job::Picture { path, page } => {
                return crate::read::scan::picture::page_picture(&path, page).map(Output::Picture)
            }
        };
        report.map(|r| Output::Report(Box::new(r)))
    }
}

/// A report job's outcome. A zip's files are expanded by [`run_expanding`]; met here they mean
/// a zip where only a report can be (`ReadError::Unsupported`); a list's lines where a report
/// was due are a fault of the program.
fn as_report(outcome: Result<Output, ReadError>) -> Reply {
    match outcome? {
        Output::Report(mut r) => {
            // Decoded from JSON (or recognised cell by cell), each cell holds its own copy.
            r.share_contexts();
            Ok(*r)
        }
        Output::Members(_) => Err(ReadError::Unsupported("ZIP 压缩包".into())),
        Output::Lines(_) | Output::Picture(_) => {
            Err(ReadError::WorkerFailed("读取结果不是报告".into()))
        }
    }
}

fn as_lines(outcome: Result<Output, ReadError>) -> Result<Vec<String>, ReadError> {
    match outcome? {
        Output::Lines(lines) => Ok(lines),
        Output::Report(_) | Output::Members(_) | Output::Picture(_) => {
            Err(ReadError::WorkerFailed("读取结果不是名单".into()))
        }
    }
}

fn as_picture(
    outcome: Result<Output, ReadError>,
) -> Result<crate::read::scan::picture::PagePicture, ReadError> {
    match outcome? {
        Output::Picture(p) => Ok(p),
        _ => Err(ReadError::WorkerFailed("读取结果不是扫描图像".into())),
    }
}

static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();
static READER: OnceLock<Reader> = OnceLock::new();
/// Workers forked at the start of `nianbao check` ([`prestart`]), taken before any is started.
static PRESTARTED: std::sync::Mutex<Vec<process::Worker>> = std::sync::Mutex::new(Vec::new());

/// Declares that this executable understands [`SUBCOMMAND`], so files are read in copies of it.
/// Called by the nianbao programs' `main`, before anything is read.
pub fn serve_from_this_executable() {
    if let Ok(exe) = std::env::current_exe() {
        use_workers_from(exe);
    }
}

/// Reads files in workers started from `exe`, a nianbao executable: for integration tests,
/// which run in a test harness (`env!("CARGO_BIN_EXE_nianbao")`). Only the first call before
/// the first read counts.
pub fn use_workers_from(exe: PathBuf) {
    let _ = EXECUTABLE.set(exe);
}

/// Forks up to `count` reading workers now, on Linux, when this executable serves as worker
/// and the process has a single thread; the first files are then read without starting a
/// program (about 4 ms each, [`fork`]). For `nianbao check`, called before anything else.
pub fn prestart(count: usize) {
    #[cfg(target_os = "linux")]
    if EXECUTABLE.get().is_some() {
        let count = count.min(pool::workers_at_once());
        let forked = process::Worker::forked(count, Limits::default().memory_mb);
        PRESTARTED
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(forked);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = count;
}

/// A worker forked by [`prestart`] and not yet used, if one is left.
fn take_prestarted() -> Option<process::Worker> {
    PRESTARTED.lock().unwrap_or_else(|p| p.into_inner()).pop()
}

/// Where files are read.
pub enum Reader {
    /// In worker processes (the nianbao programs).
    Workers(Pool),
    /// In this process, on a thread per file (no worker executable: tests, benches, examples).
    InProcess,
}

/// The reader of this process: workers when [`serve_from_this_executable`] was called.
pub fn reader() -> &'static Reader {
    READER.get_or_init(|| match EXECUTABLE.get() {
        Some(exe) => Reader::Workers(Pool::new(exe.clone(), Limits::default())),
        None => Reader::InProcess,
    })
}

impl Reader {
    /// Reads every job; `done(i, reply)` is called as job `i` finishes, from several threads.
    /// A zip among them is no report here: [`run_expanding`] reads the files inside.
    pub fn run_all(&self, jobs: Vec<Job>, done: &(dyn Fn(usize, Reply) + Sync)) {
        self.run_all_outputs(jobs, &|i, outcome| done(i, as_report(outcome)));
    }

    /// Runs every job; `done(i, outcome)` is called as job `i` finishes, from several threads.
    pub fn run_all_outputs(
        &self,
        jobs: Vec<Job>,
        done: &(dyn Fn(usize, protocol::Outcome) + Sync),
    ) {
        match self {
            Reader::Workers(pool) => pool.run_all(jobs, done),
            Reader::InProcess => in_process(jobs, done),
        }
    }

    /// The lines of a list of units (a roster), read as carefully as a report.
    pub fn list_lines(&self, path: PathBuf) -> Result<Vec<String>, ReadError> {
        let job = Job::List(path);
        as_lines(match self {
            Reader::Workers(pool) => pool.run_any(&job),
            Reader::InProcess => job.run_here(),
        })
    }

    /// Page `page` of a scanned file, decoded as carefully as the file was read.
    pub fn page_picture(
        &self,
        path: PathBuf,
        page: u32,
    ) -> Result<crate::read::scan::picture::PagePicture, ReadError> {
        let job = Job::Picture { path, page };
        as_picture(match self {
            Reader::Workers(pool) => pool.run_any(&job),
            Reader::InProcess => job.run_here(),
        })
    }
}

/// Reads in parallel in this process, on a rayon pool of its own: its threads block while a
/// reader thread works, which must not hold up whatever else runs on rayon's global pool.
fn in_process(jobs: Vec<Job>, done: &(dyn Fn(usize, protocol::Outcome) + Sync)) {
    use rayon::prelude::*;
    let each = |jobs: Vec<Job>| {
        jobs.into_par_iter()
            .enumerate()
            .for_each(|(i, job)| done(i, job.run_here()))
    };
    match rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("nianbao-load-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| each(jobs)),
        Err(_) => {
            for (i, job) in jobs.into_iter().enumerate() {
                done(i, job.run_here());
            }
        }
    }
}

/// Reads every job and returns the replies in the jobs' order.
pub fn read_all(reader: &Reader, jobs: Vec<Job>) -> Vec<Reply> {
    let n = jobs.len();
    let slots: Vec<std::sync::Mutex<Option<Reply>>> =
        (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    reader.run_all(jobs, &|i, reply| {
        if let Some(slot) = slots.get(i) {
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(reply);
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .unwrap_or_else(|| Err(ReadError::WorkerFailed("没有得到读取结果".into())))
        })
        .collect()
}
