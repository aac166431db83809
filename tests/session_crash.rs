//! Crash safety of a clerk's edits (issue 6): a child process edits cells through the GUI's state
//! and autosave, is killed with SIGKILL (no shutdown, no flush, no destructors) while it keeps
//! saving, and the next start must find every edit; a half-written or foreign session file must
//! never cost the last good one.
#![cfg(feature = "gui")]

use nianbao::model::Report;
use nianbao::session::{self, Restored, FILE_NAME};
use nianbao::ui::state::State;
use nianbao::ui::{restore_into, Autosave};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_DIR_ENV: &str = "NIANBAO_CRASH_TEST_DIR";
/// The cell the child keeps rewriting after its edits are on disk, so the kill lands mid-save.
const CHURN_KEY: &str = "T3.new.total";

fn seed_report() -> Report {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/000_12af315242a02ca5.txt");
    nianbao::load_path(&path).unwrap()
}

/// The edits the child makes: twelve T3/T4 cells, each to a value it does not hold.
fn edits() -> Vec<(String, f64)> {
    nianbao::format::all_keys()
        .to_vec()
        .into_iter()
        .filter(|k| (k.starts_with("T3.") || k.starts_with("T4.")) && k != CHURN_KEY)
        .step_by(9)
        .take(12)
        .enumerate()
        .map(|(i, k)| (k, 100.0 + i as f64))
        .collect()
}

fn saved_value(dir: &Path, key: &str) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join(FILE_NAME)).ok()?;
    let restored: Restored = serde_json::from_str(&text).ok()?;
    restored.reports.first()?.report.value(key)
}

/// Run only as the child of `edits_survive_a_kill_without_shutdown`.
#[test]
#[ignore = "helper: the child process the crash test starts and kills"]
fn crash_child() {
    let dir = PathBuf::from(std::env::var_os(CHILD_DIR_ENV).unwrap());
    let mut state = State::new();
    let id = state.add_report(seed_report());
    let mut autosave = Autosave::new(dir.clone());
    for (key, value) in edits() {
        assert!(state.edit_cell(id, &key, Some(value)), "{key}");
        autosave.save_if_changed(&state);
        std::thread::sleep(Duration::from_millis(5));
    }
    // The app saves in the background after every change; wait until the last edit is on disk,
    // as a clerk's edit is a moment after it is made.
    let (last_key, last_value) = edits().pop().unwrap();
    let started = Instant::now();
    while saved_value(&dir, &last_key) != Some(last_value) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "autosave never wrote"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    println!("\nedits saved");
    // Keep changing and saving until killed.
    for n in 1.. {
        state.edit_cell(id, CHURN_KEY, Some(f64::from(n)));
        autosave.save_if_changed(&state);
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Starts the child, waits for its edits to be saved, kills it `delay` later while it is saving.
fn edit_and_kill(dir: &Path, delay: Duration) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let saved = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.ends_with("edits saved"));
    assert!(saved, "the child ended before saving its edits");
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL: no destructor, no flush runs
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was killed, not finished");
}

#[test]
fn edits_survive_a_kill_without_shutdown() {
    for delay_ms in [0, 7, 60, 250] {
        let dir = tempfile::tempdir().unwrap();
        edit_and_kill(dir.path(), Duration::from_millis(delay_ms));
        let restored = session::load(dir.path())
            .unwrap_or_else(|e| panic!("after a kill {delay_ms} ms into saving: {e}"))
            .expect("a session after the kill");
        let mut state = State::new();
        restore_into(&mut state, restored);
        let report = state.reports()[0].clone();
        let original = seed_report();
        for (key, value) in edits() {
            let cell = report.cell(&key).unwrap();
            assert_eq!(
                cell.value,
                Some(value),
                "{key} after a kill at {delay_ms} ms"
            );
            assert!(
                cell.is_edited(),
                "{key}: the edit mark and original survive"
            );
            assert_eq!(
                cell.original,
                Some(original.value(&key)),
                "{key}'s original value"
            );
        }
        let churn = report.value(CHURN_KEY);
        assert!(
            churn.is_some_and(|n| n >= 1.0),
            "the cell being saved at the kill: {churn:?}"
        );
    }
}

/// Where to cut `bytes` (from halfway on) to split a character, as a kill while writing can.
fn mid_character(bytes: &[u8]) -> usize {
    (bytes.len() / 2..bytes.len())
        .find(|&i| bytes[i] & 0xC0 == 0x80)
        .expect("the session holds Chinese text")
}

/// A kill in the middle of writing leaves a partial `session.json.tmp`; the session is the last
/// complete file.
#[test]
fn a_half_written_temporary_file_leaves_the_last_session_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = State::new();
    let id = state.add_report(seed_report());
    state.edit_cell(id, "T3.new.natural", Some(42.0));
    let mut autosave = Autosave::new(dir.path().to_path_buf());
    autosave.flush(&state);
    // Bytes: a kill can stop the write in the middle of a character.
    let whole = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
    // As a killed save leaves it (named by the writer's process id), and as older versions did.
    let tmp = dir.path().join(format!(".{FILE_NAME}.nianbao-1-0.tmp"));
    std::fs::write(&tmp, &whole[..mid_character(&whole)]).unwrap();
    let old_tmp = dir.path().join(format!("{FILE_NAME}.tmp"));
    std::fs::write(&old_tmp, &whole[..mid_character(&whole)]).unwrap();

    let restored = session::load(dir.path()).unwrap().unwrap();
    assert_eq!(
        restored.reports[0].report.value("T3.new.natural"),
        Some(42.0)
    );

    // The next save replaces the stale partial file.
    let mut state = State::new();
    restore_into(&mut state, session::load(dir.path()).unwrap().unwrap());
    let id = state.loaded().next().unwrap().0;
    state.edit_cell(id, "T3.new.natural", Some(43.0));
    let mut autosave = Autosave::new(dir.path().to_path_buf());
    autosave.flush(&state);
    assert!(!tmp.exists() && !old_tmp.exists());
    assert_eq!(saved_value(dir.path(), "T3.new.natural"), Some(43.0));
}

/// A session file cut short (or from another program) and one from an older format are not
/// read, not overwritten, and the message says so and where the file went.
#[test]
fn an_unreadable_or_older_session_is_kept_aside_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = State::new();
    state.add_report(seed_report());
    Autosave::new(dir.path().to_path_buf()).flush(&state);
    let whole = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
    let older = br#"{"version":0,"reports":[{"file":"a.pdf"}]}"#.to_vec();
    let cut = whole[..mid_character(&whole)].to_vec();
    for (content, word) in [(cut, "损坏"), (older, "版本")] {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        std::fs::write(dir.path().join(FILE_NAME), &content).unwrap();
        let message = session::load(dir.path()).unwrap_err();
        assert!(
            message.contains(word) && message.contains("另存为"),
            "{message}"
        );
        let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(
            std::fs::read(&kept[0]).unwrap(),
            content,
            "kept byte for byte"
        );
        assert!(
            message.contains(&kept[0].display().to_string()),
            "{message}"
        );
    }
}
