//! The real window under a real X server and window manager (issue 24): Xvfb at 1920×1080 with
//! openbox, the release program started with the bundled samples.
//!
//! - it opens maximized (`_NET_WM_STATE_MAXIMIZED_*`; openbox ignores a request made before the
//!   window is mapped, so the app asks again once it is);
//! - its WM_CLASS is `nianbao`/`nianbao` and its WM_NAME the Chinese title in UTF-8;
//! - a close from the window manager (`wmctrl -c`, as the title bar's × does) ends it with exit
//!   status 0, and the session file is whole, with its five reports.
//!
//! If the window does not come, the failure says what the app's processes and threads were doing,
//! which windows X had, and what the app wrote on stderr.
//!
//! Needs `Xvfb`, `openbox`, `xprop` and `wmctrl` (.ci/run installs them). Without them the test
//! says so and passes, unless `NIANBAO_REQUIRE_X11=1` (set by .ci/run), where it fails.

#![cfg(all(unix, not(target_os = "macos")))]

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TOOLS: [&str; 4] = ["Xvfb", "openbox", "xprop", "wmctrl"];
const TITLE: &str = "政务公开年报核查";

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Kills the child when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a free display; returns it and its name (":N").
fn start_xvfb() -> (Guard, String) {
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let mut out = xvfb.stdout.take().expect("Xvfb's stdout");
    let mut number = String::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        number.push(byte[0] as char);
    }
    assert!(!number.is_empty(), "Xvfb gave no display number");
    (Guard(xvfb), format!(":{}", number.trim()))
}

fn xprop(display: &str, args: &[&str]) -> String {
    let out = Command::new("xprop")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xprop runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Polls `f` every 200 ms until it gives `Some`, for up to `limit`.
fn wait_for<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(t) = f() {
            return Some(t);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

/// The parent process id of `pid`, from /proc.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid …": the name may hold spaces and parentheses, so split after the last ')'.
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Whether `pid` is `root` or started (directly or not) by it.
fn descends_from(mut pid: u32, root: u32) -> bool {
    for _ in 0..64 {
        if pid == root {
            return true;
        }
        match parent_of(pid) {
            Some(p) if p > 1 => pid = p,
            _ => return false,
        }
    }
    false
}

/// The id of the app's top-level window, once the window manager lists it, and the process that
/// owns it. By process id, the app's or a copy it started: the graphics probe (a copy) may show a
/// window of its own for a moment, and when the first renderer fails the app runs a copy of
/// itself on the other (`ui::platform::native::run`), whose window is the clerk's.
fn app_window(display: &str, pid: u32) -> Option<(String, u32)> {
    let list = xprop(display, &["-root", "_NET_CLIENT_LIST"]);
    let ids = list.split_once('#')?.1;
    ids.split(',')
        .map(|id| id.trim().to_string())
        .find_map(|id| {
            let owner = xprop(display, &["-id", &id, "_NET_WM_PID"]);
            let owner: u32 = owner.split_once(" = ")?.1.trim().parse().ok()?;
            let class = xprop(display, &["-id", &id, "WM_CLASS"]);
            (descends_from(owner, pid) && class.contains("\"nianbao\"")).then_some((id, owner))
        })
}

/// What the app's processes were doing, for a failure message: each one's command line and the
/// state and kernel wait channel of its threads, the windows X knows, and the app's stderr.
fn post_mortem(display: &str, pid: u32, stderr: &Path) -> String {
    let mut out = String::new();
    let procs: Vec<u32> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .filter(|&p| descends_from(p, pid))
        .collect();
    for p in procs {
        let cmd = std::fs::read(format!("/proc/{p}/cmdline")).unwrap_or_default();
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        out += &format!("process {p}: {cmd}\n");
        let tasks = std::fs::read_dir(format!("/proc/{p}/task"))
            .into_iter()
            .flatten();
        for t in tasks.flatten() {
            let read = |f: &str| std::fs::read_to_string(t.path().join(f)).unwrap_or_default();
            let stat = read("stat");
            let state = stat.rsplit_once(')').map_or("", |s| s.1.trim());
            let state = state.split_whitespace().next().unwrap_or("?");
            out += &format!(
                "  thread {} {state} {}\n",
                read("comm").trim(),
                read("wchan")
            );
        }
    }
    out += &format!(
        "clients: {}",
        xprop(display, &["-root", "_NET_CLIENT_LIST"])
    );
    let tree = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .env("DISPLAY", display)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    out += &format!("windows:\n{tree}");
    out += &format!(
        "app stderr:\n{}",
        std::fs::read_to_string(stderr).unwrap_or_default()
    );
    out
}

#[test]
fn the_window_opens_maximized_with_its_names_and_a_window_manager_close_saves_and_exits_0() {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !have(t)).collect();
    if !missing.is_empty() {
        let required = std::env::var("NIANBAO_REQUIRE_X11").is_ok_and(|v| v == "1");
        assert!(!required, "X11 test tools missing: {missing:?}");
        eprintln!("skipped: {missing:?} not installed (install them, or see .ci/run)");
        return;
    }
    let (_xvfb, display) = start_xvfb();
    let _openbox = Guard(
        Command::new("openbox")
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openbox starts"),
    );
    let data = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let stderr = logs.path().join("stderr.txt");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut app = Guard(
        Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg(&samples)
            .env("DISPLAY", &display)
            .env("NIANBAO_DATA_DIR", data.path())
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("the app starts"),
    );

    let pid = app.0.id();
    let started = Instant::now();
    let Some((window, owner)) = wait_for(Duration::from_secs(90), || app_window(&display, pid))
    else {
        let exited = app.0.try_wait().ok().flatten();
        panic!(
            "the app's window did not appear within 90 s (app exited: {exited:?})\n{}",
            post_mortem(&display, pid, &stderr)
        );
    };
    eprintln!(
        "window {window} of process {owner} (the app is {pid}) after {:.1} s; app stderr: {}",
        started.elapsed().as_secs_f64(),
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    let state = wait_for(Duration::from_secs(30), || {
        let s = xprop(&display, &["-id", &window, "_NET_WM_STATE"]);
        (s.contains("_NET_WM_STATE_MAXIMIZED_VERT") && s.contains("_NET_WM_STATE_MAXIMIZED_HORZ"))
            .then_some(s)
    });
    assert!(
        state.is_some(),
        "not maximized: {}",
        xprop(&display, &["-id", &window, "_NET_WM_STATE"])
    );
    // The names are written on the first frame, which may come just after the window is listed.
    let class = r#"WM_CLASS(STRING) = "nianbao", "nianbao""#;
    let name = format!(r#"WM_NAME(UTF8_STRING) = "{TITLE}""#);
    let names = || xprop(&display, &["-id", &window, "WM_CLASS", "WM_NAME"]);
    let named = wait_for(Duration::from_secs(30), || {
        let n = names();
        (n.contains(class) && n.contains(&name)).then_some(n)
    });
    assert!(named.is_some(), "{}", names());
    eprintln!(
        "window {window} on {display}: {}{}",
        state.unwrap_or_default(),
        named.unwrap_or_default()
    );

    // Let the samples load and be checked before closing.
    let session = data.path().join("session.json");
    let reports = |p: &Path| -> Option<usize> {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).ok()?).ok()?;
        Some(v["reports"].as_array()?.len())
    };
    wait_for(Duration::from_secs(60), || {
        (reports(&session) == Some(5)).then_some(())
    })
    .expect("the session holds the five samples");

    let closed = Command::new("wmctrl")
        .args(["-i", "-c", &window])
        .env("DISPLAY", &display)
        .status()
        .expect("wmctrl runs");
    assert!(closed.success());
    let status = wait_for(Duration::from_secs(30), || app.0.try_wait().ok().flatten())
        .expect("the app exits within 30 s of the close");
    assert_eq!(status.code(), Some(0), "exit status {status:?}");
    eprintln!("closed by the window manager: {status}");
    assert_eq!(
        reports(&session),
        Some(5),
        "after the close the session is whole, with its five reports"
    );
}
