//! Reading in worker processes (issue 23): a file that crashes its reader, eats memory or hangs
//! ends only its worker; the other files are read, by the pool, the command line and the app's
//! loader. The failures are made by the worker's test hooks (`nianbao::worker::test_hooks`),
//! which act only with `NIANBAO_WORKER_TEST_HOOKS=1` in the worker's environment and a magic
//! word in the file's name.

use nianbao::read::ReadError;
use nianbao::worker::{self, test_hooks, Job, Limits, Pool};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_nianbao");
const SEED: &str = "000_12af315242a02ca5";

fn seed(dir: &Path, name: &str) -> PathBuf {
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/seeds/{SEED}.txt"));
    let dst = dir.join(name);
    std::fs::copy(src, &dst).expect("seed copied");
    dst
}

/// The hooks act in the workers, which inherit this process's environment. Every test here
/// sets the same value, so tests running at once do not disturb each other.
fn enable_hooks() {
    std::env::set_var(test_hooks::ENV, "1");
}

#[test]
fn the_pool_survives_a_crash_an_out_of_memory_and_a_hang() {
    enable_hooks();
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        seed(dir.path(), "甲.txt"),
        seed(dir.path(), &format!("{}.txt", test_hooks::ABORT)),
        seed(dir.path(), "乙.txt"),
        seed(dir.path(), &format!("{}.txt", test_hooks::EAT_MEMORY)),
        seed(dir.path(), &format!("{}.txt", test_hooks::HANG)),
        seed(dir.path(), "丙.txt"),
    ];
    let limits = Limits {
        memory_mb: 512,
        timeout: Duration::from_secs(3),
    };
    let pool = Pool::new(PathBuf::from(EXE), limits);
    let reader = worker::Reader::Workers(pool);
    let started = Instant::now();
    let replies = worker::read_all(&reader, files.iter().cloned().map(Job::Path).collect());
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    for i in [0, 2, 5] {
        let report = replies[i].as_ref().expect("a good file is read");
        assert_eq!(report.file, files[i].to_string_lossy());
        assert!(report.agency.is_some());
    }
    match &replies[1] {
        Err(e @ ReadError::WorkerFailed(_)) => {
            assert!(e.to_string().contains("读取时程序出错"), "{e}")
        }
        other => panic!("abort: {other:?}"),
    }
    match &replies[3] {
        Err(e @ ReadError::OutOfMemory { limit_mb: 512 }) => {
            assert!(e.to_string().contains("读取时占用内存过多"), "{e}")
        }
        other => panic!("out of memory: {other:?}"),
    }
    match &replies[4] {
        Err(e @ ReadError::Timeout { seconds: 3 }) => {
            assert!(e.to_string().contains("已停止"), "{e}")
        }
        other => panic!("hang: {other:?}"),
    }
    // The same pool goes on reading after all that.
    let Ok(again) = worker::read_all(&reader, vec![Job::Path(files[0].clone())]).remove(0) else {
        panic!("the pool still reads");
    };
    assert!(again.agency.is_some());
}

#[test]
fn bytes_and_pasted_text_are_read_in_workers_too() {
    let pool = Pool::new(PathBuf::from(EXE), Limits::default());
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/seeds/{SEED}.txt")),
    )
    .expect("seed");
    let by_bytes = pool
        .run(&Job::Bytes {
            name: "样本.txt".into(),
            bytes: text.clone().into_bytes(),
        })
        .expect("bytes read");
    let by_text = pool
        .run(&Job::Text {
            name: "粘贴的文字".into(),
            text,
        })
        .expect("text read");
    assert_eq!(by_bytes.cells, by_text.cells);
    assert_eq!(by_text.file, "粘贴的文字");
    // The same report as read in this process: nothing is lost on the way back.
    let here = nianbao::load_bytes("样本.txt", by_bytes.text.clone().into_bytes());
    assert_eq!(here.map(|r| r.cells), Ok(by_bytes.cells));
}

#[test]
fn the_command_line_goes_on_after_a_crashing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = seed(dir.path(), "甲.txt");
    let bad = seed(dir.path(), &format!("{}.txt", test_hooks::ABORT));
    let hungry = seed(dir.path(), &format!("{}.txt", test_hooks::EAT_MEMORY));
    let out = Command::new(EXE)
        .env(test_hooks::ENV, "1")
        .args(["check", "--json"])
        .args([&bad, &hungry, &good])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "a file could not be read");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = json.as_array().expect("array");
    assert_eq!(items.len(), 3);
    assert!(items[0]["error"]
        .as_str()
        .unwrap_or("")
        .contains("读取时程序出错"));
    assert!(items[1]["error"]
        .as_str()
        .unwrap_or("")
        .contains("读取时占用内存过多"));
    assert!(items[2]["error"].is_null(), "{}", items[2]);
    assert!(items[2]["agency"].is_string());
}

/// On Linux `check` forks its first workers at its start rather than starting the program again
/// (issue 26): its worker is a copy of it, so its command line is `check`'s, not `read-worker`.
/// The worker is held by the hang hook while it is looked at, then both are killed.
#[cfg(target_os = "linux")]
#[test]
fn the_command_line_forks_its_first_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stuck = seed(dir.path(), &format!("{}.txt", test_hooks::HANG));
    let mut check = Command::new(EXE)
        .env(test_hooks::ENV, "1")
        .args(["check", "--json"])
        .arg(&stuck)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    let parent = check.id().to_string();
    let started = Instant::now();
    let worker = loop {
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children"))
            .unwrap_or_default();
        if let Some(pid) = children.split_whitespace().next() {
            break pid.to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no worker");
        std::thread::sleep(Duration::from_millis(20));
    };
    let cmdline = std::fs::read(format!("/proc/{worker}/cmdline")).unwrap_or_default();
    let _ = Command::new("kill").args(["-9", &worker]).status();
    let _ = check.kill();
    let _ = check.wait();
    let args: Vec<String> = cmdline
        .split(|&b| b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    assert!(args.iter().any(|a| a == "check"), "{args:?}");
    assert!(!args.iter().any(|a| a == worker::SUBCOMMAND), "{args:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_and_a_link_to_dev_zero_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("管道.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let zero = dir.path().join("零.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let good = seed(dir.path(), "甲.txt");
    let started = Instant::now();
    let out = Command::new(EXE)
        .args(["check", "--json"])
        .args([&fifo, &zero, &good])
        .output()
        .expect("runs");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let error = |i: usize| json[i]["error"].as_str().unwrap_or("").to_string();
    assert!(error(0).contains("管道"), "{}", error(0));
    assert!(error(1).contains("设备"), "{}", error(1));
    assert!(json[2]["error"].is_null());
}

#[cfg(unix)]
#[test]
fn a_file_whose_open_blocks_is_stopped_by_the_time_limit() {
    // A FIFO looks like a FIFO by its name, so it never gets as far as `open`; a file on a
    // share that does not answer does. The hang hook stands in for it: the worker receives
    // the job and never answers, and is killed.
    enable_hooks();
    let dir = tempfile::tempdir().expect("tempdir");
    let stuck = seed(dir.path(), &format!("{}.pdf", test_hooks::HANG));
    let pool = Pool::new(
        PathBuf::from(EXE),
        Limits {
            timeout: Duration::from_secs(1),
            ..Limits::default()
        },
    );
    let started = Instant::now();
    let reply = pool.run(&Job::Path(stuck));
    assert_eq!(
        reply.map(|r| r.file),
        Err(ReadError::Timeout { seconds: 1 })
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// The app's loader reads in workers too: a file that aborts its worker becomes an unreadable
/// entry, and the reports of the same drop are loaded.
#[cfg(feature = "gui")]
#[test]
fn the_app_loader_keeps_the_other_reports_when_a_file_crashes_its_worker() {
    use nianbao::ui::loader::{Loader, Outcome, Source};
    use std::sync::Arc;
    enable_hooks();
    worker::use_workers_from(PathBuf::from(EXE));
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), "甲.txt");
    seed(dir.path(), &format!("{}.txt", test_hooks::ABORT));
    seed(dir.path(), "乙.txt");
    let mut loader = Loader::default();
    loader.start(
        vec![Source::Path(dir.path().to_path_buf())],
        Arc::new(|| {}),
    );
    let mut outcomes = Vec::new();
    let started = Instant::now();
    while loader.is_busy() {
        assert!(started.elapsed() < Duration::from_secs(30), "the load ends");
        outcomes.extend(loader.poll());
        std::thread::sleep(Duration::from_millis(5));
    }
    outcomes.extend(loader.poll());
    assert!(matches!(worker::reader(), worker::Reader::Workers(_)));
    let loaded = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Loaded(_)))
        .count();
    assert_eq!(loaded, 2, "{outcomes:?}");
    let failed: Vec<&String> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed { file, error } if file.contains(test_hooks::ABORT) => Some(error),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1, "{outcomes:?}");
    assert!(failed[0].contains("读取时程序出错"), "{}", failed[0]);
}
