//! The console twin of `nianbao` for Windows, installed there as `nianbao.exe`.
//!
//! On Windows the desktop app is a GUI-subsystem program (no black console window behind it), and
//! such a program's output never reaches cmd or PowerShell. This console program runs
//! `nianbao check …` so it prints; anything else starts the desktop app installed next to it, so
//! typing `nianbao` behaves as on Linux. See packaging/README.md for the installed layout.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use nianbao::cli::Invocation;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

fn main() {
    // `check` reads files in copies of this program (`nianbao read-worker`).
    nianbao::worker::serve_from_this_executable();
    let args: Vec<OsString> = std::env::args_os().collect();
    match nianbao::cli::run(args.iter().cloned()) {
        Invocation::Exit(status) => exit(status),
        // Help, version, check and rules print here; opening the app (or probing its driver)
        // is the desktop exe's job, with the same arguments.
        Invocation::App(_) | Invocation::ProbeGpu => start_desktop_app(&args[1..]),
    }
}

fn start_desktop_app(args: &[OsString]) {
    match desktop_app() {
        Some(app) => match Command::new(&app).args(args).spawn() {
            // Not waited for: the console returns at once, as when starting the app from a shortcut.
            Ok(_) => exit(0),
            Err(e) => {
                eprintln!("无法启动 {}：{e}", app.display());
                exit(2);
            }
        },
        None => {
            eprintln!(
                "用法：nianbao check [--json] [--xlsx 输出.xlsx] 路径…（找不到图形界面程序；nianbao --help 查看全部用法）"
            );
            exit(2);
        }
    }
}

/// The GUI exe beside this one: `nianbao-gui.exe` when installed, `nianbao.exe` in a cargo
/// target folder (where this program is `nianbao-cli.exe`).
fn desktop_app() -> Option<PathBuf> {
    let me = std::env::current_exe().ok()?;
    let dir = me.parent()?;
    ["nianbao-gui", "nianbao"]
        .iter()
        .map(|stem| dir.join(format!("{stem}{}", std::env::consts::EXE_SUFFIX)))
        .find(|candidate| candidate.is_file() && !same_file(candidate, &me))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
