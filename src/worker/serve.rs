//! The worker's side: `nianbao read-worker` (a hidden subcommand) takes jobs from stdin, reads
//! and recognises each, and writes the result to stdout, until stdin closes.
//!
//! It limits itself first ([`super::limits`]). After a read that ran out of time it answers and
//! exits: the reading thread it gave up on may still be running, and only ending the process
//! stops it for sure; the app starts a fresh worker for the next file.

use super::{limits, protocol, Job};
use crate::read::ReadError;
use std::io::{BufReader, BufWriter};

/// Runs the worker loop; returns the process's exit status.
pub fn serve(memory_mb: u64) -> i32 {
    limits::apply_to_this_process(memory_mb);
    crate::read::scan::on_each_page(super::progress::tell_page);
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    loop {
        let job = match protocol::read_job(&mut input) {
            Ok(Some(job)) => job,
            Ok(None) => return 0,
            Err(e) => {
                eprintln!("read-worker: {e}");
                return 3;
            }
        };
        test_hooks::run(&job);
        let reply = job.run_here();
        let give_up = matches!(reply, Err(ReadError::Timeout { .. }));
        if let Err(e) = protocol::write_reply(&mut output, &reply) {
            eprintln!("read-worker: {e}");
            return 3;
        }
        if give_up {
            return 0;
        }
    }
}

/// Test-only ways to make a worker fail, so that the tests can show that the app survives it
/// (tests/workers.rs). Both keys are needed: the environment variable [`ENV`] set to `1` in the
/// worker's environment *and* a file name containing a magic word. Nothing else reaches them,
/// and all they do is end or stall this worker process.
pub mod test_hooks {
    use super::Job;

    pub const ENV: &str = "NIANBAO_WORKER_TEST_HOOKS";
    /// The worker aborts (as on a crash inside a parser).
    pub const ABORT: &str = "__nianbao_test_abort__";
    /// The worker allocates until its memory limit stops it.
    pub const EAT_MEMORY: &str = "__nianbao_test_eat_memory__";
    /// The worker stops answering (as a parser stuck in a loop it cannot leave).
    pub const HANG: &str = "__nianbao_test_hang__";

    pub(super) fn run(job: &Job) {
        if std::env::var_os(ENV).is_none_or(|v| v != "1") {
            return;
        }
        let name = match job {
            Job::Path(p)
            | Job::List(p)
            | Job::Member { path: p, .. }
            | Job::Picture { path: p, .. } => p.to_string_lossy().into_owned(),
            Job::Bytes { name, .. } | Job::Text { name, .. } => name.clone(),
        };
        if name.contains(ABORT) {
            std::process::abort();
        }
        if name.contains(EAT_MEMORY) {
            eat_memory();
        }
        if name.contains(HANG) {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        }
    }

    /// Keeps 64 MB blocks, written to so that they are really used, until an allocation fails
    /// (Rust then aborts the process with "memory allocation … failed"). Should the limit be
    /// missing, it aborts on its own at 8 GB rather than take the machine.
    fn eat_memory() {
        let mut kept: Vec<Vec<u8>> = Vec::new();
        for _ in 0..128 {
            kept.push(vec![1u8; 64 * 1024 * 1024]);
            std::hint::black_box(&kept);
        }
        std::process::abort();
    }
}
