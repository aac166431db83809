//! Cancelling a reading (issue 27: a scan takes seconds a page, so the clerk can stop it). A
//! test binary of its own: the cancel is process-wide and would stop other tests' readings.

use nianbao::read::ReadError;
use nianbao::worker::{progress, test_hooks, Job, Limits, Pool};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_nianbao");

fn seed(dir: &Path, name: &str) -> PathBuf {
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/000_12af315242a02ca5.txt");
    let dst = dir.join(name);
    std::fs::copy(src, &dst).expect("seed copied");
    dst
}

#[test]
fn a_cancel_stops_the_file_being_read_and_those_not_started() {
    std::env::set_var(test_hooks::ENV, "1");
    let dir = tempfile::tempdir().expect("tempdir");
    // Files that never finish: those in the workers are abandoned, the rest never started.
    let jobs: Vec<Job> = (0..6)
        .map(|i| Job::Path(seed(dir.path(), &format!("{i}{}.txt", test_hooks::HANG))))
        .collect();
    let pool = Pool::new(
        PathBuf::from(EXE),
        Limits {
            timeout: Duration::from_secs(60),
            ..Limits::default()
        },
    );
    let answers = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(800));
            progress::cancel();
        });
        pool.run_all(jobs, &|i, outcome| {
            let cancelled = matches!(outcome, Err(ReadError::Cancelled));
            answers.lock().expect("lock").push((i, cancelled));
        });
    });
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the stuck file is abandoned at once, not after its time limit"
    );
    let mut answers = answers.into_inner().expect("lock");
    answers.sort();
    assert_eq!(answers, (0..6).map(|i| (i, true)).collect::<Vec<_>>());
    // After the cancel a new reading goes on as usual.
    let fresh = seed(dir.path(), "丙.txt");
    let report = pool.run(&Job::Path(fresh));
    assert!(report.is_ok(), "{report:?}");
}
