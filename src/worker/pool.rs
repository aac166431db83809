//! The app's side of the reading workers: a few worker processes, started when first needed
//! and reused from file to file, and the batch runner that keeps each of them busy.

use super::process::{Answer, Worker};
use super::protocol::{Outcome, Reply};
use super::{Job, Output};
use crate::read::budget::SCAN_LIMIT;
use crate::read::ReadError;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// A worker's memory limit: what one report can honestly need many times over, and below the
/// 1 GB every input must stay under (issue 23). OCR of a 200 dpi page reaches about 770 MB of
/// address space (the models, their compiled plans and the page), so it is 1,000 MB, not 900.
pub const WORKER_MEMORY_MB: u64 = 1000;
/// Past the readers' own limit (`READ_TIMEOUT`, extended for scanned pages up to
/// [`SCAN_LIMIT`]: the worker ends its own reading there) and the recogniser's (a scan's gets a
/// `READ_TIMEOUT` of its own after the reading), the time allowed for starting the worker,
/// opening the file and sending the result back.
const TIMEOUT_MARGIN: Duration = Duration::from_secs(5);

/// What each worker is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub memory_mb: u64,
    /// Wall-clock time for one file, from handing it over to the answer; the worker is killed
    /// past it.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mb: WORKER_MEMORY_MB,
            timeout: SCAN_LIMIT + crate::read::READ_TIMEOUT + TIMEOUT_MARGIN,
        }
    }
}

/// How many files a pool reads at once: one per core and one more, at least 2 and at most 5
/// (see [`Pool::new`]).
pub fn workers_at_once() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores + 1).clamp(2, 5)
}

pub struct Pool {
    exe: PathBuf,
    limits: Limits,
    /// How many files are read at once, hence how many workers stay alive.
    size: usize,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// A pool of workers started from `exe` (a nianbao executable): one per core and one more
    /// (at most 5). While the app takes in one worker's answer (decoding it is a sixth of a
    /// worker's time on a typical report), that worker waits for its next file; with one per
    /// core a core then stood idle, a tenth of a 10,000-report batch (benches/batch_scale.py).
    pub fn new(exe: PathBuf, limits: Limits) -> Pool {
        Pool {
            exe,
            limits,
            size: workers_at_once(),
            idle: Mutex::new(Vec::new()),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Runs every job, `size` at a time; `done(i, outcome)` is called as job `i` finishes (from
    /// several threads at once, in no particular order).
    pub fn run_all(&self, jobs: Vec<Job>, done: &(dyn Fn(usize, Outcome) + Sync)) {
        let next = AtomicUsize::new(0);
        let generation = super::progress::generation();
        let jobs = &jobs;
        let take = || {
            let i = next.fetch_add(1, Ordering::Relaxed);
            jobs.get(i).map(|job| (i, job))
        };
        let work = || {
            while let Some((i, job)) = take() {
                if super::progress::generation() != generation {
                    done(i, Err(ReadError::Cancelled));
                } else {
                    done(i, self.run_in(job, generation));
                }
            }
        };
        std::thread::scope(|scope| {
            // This thread is one of the `size`: a single file (`nianbao check one.pdf`) starts
            // no thread for it.
            for _ in 1..self.size.min(jobs.len()) {
                let spawned = std::thread::Builder::new()
                    .name("nianbao-pool".into())
                    .spawn_scoped(scope, work);
                // Fewer threads only means fewer files at once: this thread reads the rest.
                drop(spawned);
            }
            work();
        });
    }

    /// Reads and recognises one report in a worker.
    pub fn run(&self, job: &Job) -> Reply {
        super::as_report(self.run_any(job))
    }

    /// Runs one job in a worker: an idle one, or a new one.
    pub fn run_any(&self, job: &Job) -> Result<Output, ReadError> {
        self.run_in(job, super::progress::generation())
    }

    /// [`Self::run_any`], abandoned when the reading started under `generation` is cancelled.
    fn run_in(&self, job: &Job, generation: u64) -> Result<Output, ReadError> {
        let (mut worker, fresh) = match self.take_idle() {
            Some(w) => (w, false),
            None => (self.spawn()?, true),
        };
        if worker.send(job).is_err() {
            // An idle worker may have ended meanwhile; the job never reached it, so a new
            // worker may take it. A new worker that cannot take it is a real failure.
            drop(worker);
            if fresh {
                return Err(ReadError::WorkerFailed("读取进程无法接收任务".into()));
            }
            worker = self.spawn()?;
            if worker.send(job).is_err() {
                return Err(ReadError::WorkerFailed("读取进程无法接收任务".into()));
            }
        }
        match worker.answer(self.limits.timeout, generation) {
            Answer::Reusable(reply, worker) => {
                self.put_back(worker);
                reply
            }
            Answer::Final(reply) => reply,
        }
    }

    fn spawn(&self) -> Result<Worker, ReadError> {
        if let Some(worker) =
            super::take_prestarted().filter(|w| w.memory_mb() == self.limits.memory_mb)
        {
            return Ok(worker);
        }
        Worker::spawn(&self.exe, self.limits.memory_mb).map_err(|e| {
            ReadError::WorkerFailed(format!("无法启动读取进程 {}：{e}", self.exe.display()))
        })
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop()
    }

    fn put_back(&self, worker: Worker) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < self.size {
            idle.push(worker);
        }
    }
}
