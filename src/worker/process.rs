//! One reading worker process, seen from the app: started with piped stdin, stdout and stderr,
//! given one job at a time, and killed when it does not answer in time.
//!
//! Two helper threads per worker: one turns its stdout into replies on a channel (so the app can
//! wait with a time limit), one keeps the tail of its stderr (where Rust writes "memory allocation
//! of … bytes failed" before aborting, the one sign that a crash was the memory limit).

use super::protocol;
use super::{Job, Output, SUBCOMMAND};
use crate::read::ReadError;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The bytes of stderr kept: enough for the last message of a dying worker.
const STDERR_TAIL: usize = 8 * 1024;
/// How long a worker whose stdout closed may take to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(2);
/// How often a worker's wait looks whether the clerk cancelled.
const CANCEL_POLL: Duration = Duration::from_millis(100);

pub struct Worker {
    child: Proc,
    stdin: BufWriter<Box<dyn Write + Send>>,
    replies: Receiver<io::Result<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    memory_mb: u64,
}

/// What became of a job given to a worker.
pub enum Answer {
    /// The worker answered and can take another job.
    Reusable(Result<Output, ReadError>, Worker),
    /// The worker answered or failed, and is finished (or killed).
    Final(Result<Output, ReadError>),
}

impl Worker {
    pub fn spawn(exe: &Path, memory_mb: u64) -> io::Result<Worker> {
        let mut command = Command::new(exe);
        command
            .args([SUBCOMMAND, "--memory-mb", &memory_mb.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // glibc reserves 64 MB of address space per malloc arena (one per thread): it would
            // count against the worker's RLIMIT_AS without ever holding data.
            .env("MALLOC_ARENA_MAX", "2");
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            // No console window flashing up for a worker started by the desktop app.
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            command.creation_flags(CREATE_NO_WINDOW);
        }
        let mut child = command.spawn()?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("读取进程没有管道"));
        };
        Ok(Worker::over(
            Proc::Spawned(child),
            Box::new(stdin),
            stdout,
            stderr,
            memory_mb,
        ))
    }

    /// The workers forked from this process while it had a single thread ([`super::fork`]).
    #[cfg(target_os = "linux")]
    pub fn forked(count: usize, memory_mb: u64) -> Vec<Worker> {
        // All forks first: the threads that follow each worker's output may only start after.
        super::fork::prestart(count, memory_mb)
            .into_iter()
            .map(|(child, ends)| {
                Worker::over(
                    Proc::Forked(child),
                    Box::new(ends.stdin),
                    ends.stdout,
                    ends.stderr,
                    memory_mb,
                )
            })
            .collect()
    }

    fn over(
        child: Proc,
        stdin: Box<dyn Write + Send>,
        stdout: impl Read + Send + 'static,
        stderr: impl Read + Send + 'static,
        memory_mb: u64,
    ) -> Worker {
        let pid = child.id();
        Worker {
            child,
            stdin: BufWriter::new(stdin),
            replies: read_replies(stdout),
            stderr: keep_tail(stderr, pid),
            memory_mb,
        }
    }

    pub fn memory_mb(&self) -> u64 {
        self.memory_mb
    }

    /// Hands the worker a job. An error means the worker is gone (it was not given the job).
    pub fn send(&mut self, job: &Job) -> io::Result<()> {
        protocol::write_job(&mut self.stdin, job)
    }

    /// Waits up to `timeout` for the answer to the job sent; kills the worker past it.
    pub fn answer(self, timeout: Duration, generation: u64) -> Answer {
        let deadline = Instant::now() + timeout;
        let pid = self.child.id();
        let received = loop {
            // In short waits, so that a cancel is seen within a moment.
            let wait = deadline
                .saturating_duration_since(Instant::now())
                .min(CANCEL_POLL);
            match self.replies.recv_timeout(wait) {
                Err(RecvTimeoutError::Timeout) if Instant::now() < deadline => {
                    if super::progress::generation() != generation {
                        self.kill_in_background();
                        super::progress::done(pid);
                        return Answer::Final(Err(ReadError::Cancelled));
                    }
                }
                other => break other,
            }
        };
        super::progress::done(pid);
        match received {
            Ok(Ok(header)) => match protocol::decode_reply(&header) {
                // After a timeout of its own the worker exits (its stuck thread with it).
                Ok(reply @ Err(ReadError::Timeout { .. })) => Answer::Final(reply),
                Ok(reply) => Answer::Reusable(reply, self),
                Err(e) => Answer::Final(Err(ReadError::WorkerFailed(format!(
                    "读取结果无法解读：{e}"
                )))),
            },
            Err(RecvTimeoutError::Timeout) => {
                self.kill_in_background();
                Answer::Final(Err(ReadError::Timeout {
                    seconds: timeout.as_secs(),
                }))
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                Answer::Final(Err(self.why_ended()))
            }
        }
    }

    /// The worker closed its stdout without answering: it crashed, aborted or was killed.
    fn why_ended(mut self) -> ReadError {
        let status = self.wait_briefly();
        let tail = self
            .stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        let tail = String::from_utf8_lossy(&tail);
        if tail.contains("memory allocation of") {
            return ReadError::OutOfMemory {
                limit_mb: self.memory_mb,
            };
        }
        if tail.contains("has overflowed its stack") {
            return ReadError::WorkerFailed("嵌套过深，栈空间用尽".into());
        }
        ReadError::WorkerFailed(match status {
            Some(s) => describe(s),
            None => "读取进程没有回应".into(),
        })
    }

    /// Waits up to [`EXIT_GRACE`] for the worker to exit; kills it after that.
    fn wait_briefly(&mut self) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < EXIT_GRACE {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => return None,
            }
        }
        let _ = self.child.kill();
        self.child.wait().ok()
    }

    /// Kills the worker and reaps it on a thread of its own: a process stuck in the kernel (a
    /// hung network share) may take its time to go, and the app must not wait for it.
    fn kill_in_background(mut self) {
        let _ = self.child.kill();
        // Should no thread start, the closure and the worker in it are dropped here instead,
        // which waits only as long as the kernel takes.
        let _ = std::thread::Builder::new()
            .name("nianbao-reap".into())
            .spawn(move || drop(self));
    }
}

impl Drop for Worker {
    /// An idle worker ends when its stdin closes; one that is busy is killed. Either way it is
    /// reaped, so that no zombie is left.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A worker process: started as `nianbao read-worker`, or forked ([`super::fork`]).
enum Proc {
    Spawned(Child),
    #[cfg(target_os = "linux")]
    Forked(super::fork::Forked),
}

impl Proc {
    fn id(&self) -> u32 {
        match self {
            Proc::Spawned(c) => c.id(),
            #[cfg(target_os = "linux")]
            Proc::Forked(f) => f.id(),
        }
    }

    fn kill(&mut self) -> io::Result<()> {
        match self {
            Proc::Spawned(c) => c.kill(),
            #[cfg(target_os = "linux")]
            Proc::Forked(f) => f.kill(),
        }
    }

    fn wait(&mut self) -> io::Result<ExitStatus> {
        match self {
            Proc::Spawned(c) => c.wait(),
            #[cfg(target_os = "linux")]
            Proc::Forked(f) => f.wait(),
        }
    }

    fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        match self {
            Proc::Spawned(c) => c.try_wait(),
            #[cfg(target_os = "linux")]
            Proc::Forked(f) => f.try_wait(),
        }
    }
}

/// The worker's replies, read on a thread of their own; the channel closes when stdout does.
fn read_replies(stdout: impl Read + Send + 'static) -> Receiver<io::Result<Vec<u8>>> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("nianbao-worker-out".into())
        .spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                match protocol::read_message(&mut stdout) {
                    Ok(Some(header)) => {
                        if tx.send(Ok(header)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
    // Without the thread the channel is closed at once: the job fails as "没有回应".
    drop(spawned);
    rx
}

/// Reads the worker's stderr to its end, keeping the last [`STDERR_TAIL`] bytes. Without a
/// thread the pipe is closed (the worker's messages are lost, nothing else).
fn keep_tail(mut stderr: impl Read + Send + 'static, pid: u32) -> Option<JoinHandle<Vec<u8>>> {
    let read = move || {
        let mut tail = Vec::new();
        // The line being received: progress lines are taken out, the rest kept.
        let mut line = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 {
                break;
            }
            for &b in &chunk[..n] {
                line.push(b);
                if b == b'\n' || line.len() > STDERR_TAIL {
                    let text = String::from_utf8_lossy(&line);
                    if !super::progress::note_line(pid, text.trim_end()) {
                        tail.extend_from_slice(&line);
                    }
                    line.clear();
                }
            }
            if tail.len() > STDERR_TAIL {
                tail.drain(..tail.len() - STDERR_TAIL);
            }
        }
        tail.extend_from_slice(&line);
        super::progress::done(pid);
        tail
    };
    std::thread::Builder::new()
        .name("nianbao-worker-err".into())
        .spawn(read)
        .ok()
}

/// How a worker that did not answer ended, in the clerk's words.
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return match signal {
                libc::SIGKILL => "读取进程被系统强行结束，可能是内存不足".into(),
                libc::SIGABRT => "读取进程异常中止".into(),
                libc::SIGSEGV | libc::SIGBUS => "读取进程访问内存出错".into(),
                n => format!("读取进程被信号 {n} 结束"),
            };
        }
    }
    match status.code() {
        Some(code) => format!("读取进程意外退出，退出码 {code}"),
        None => "读取进程意外退出".into(),
    }
}
