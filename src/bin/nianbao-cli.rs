//! The console twin of `nianbao` for Windows, installed there as `nianbao.exe`.
//!
//! On Windows the desktop app is a GUI-subsystem program (no black console window behind it), and
//! such a program's output never reaches cmd or PowerShell. This console program runs
//! `nianbao check …` so it prints; anything else starts the desktop app installed next to it, so
//! typing `nianbao` behaves as on Linux. See packaging/README.md for the installed layout.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{exit, Command};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("check") {
        exit(nianbao::cli::main(&args[1..]));
    }
    match desktop_app() {
        Some(app) => match Command::new(&app).args(&args[1..]).spawn() {
            // Not waited for: the console returns at once, as when starting the app from a shortcut.
            Ok(_) => exit(0),
            Err(e) => {
                eprintln!("无法启动 {}：{e}", app.display());
                exit(2);
            }
        },
        None => {
            eprintln!(
                "用法：nianbao check [--json] [--xlsx 输出.xlsx] 路径…（找不到图形界面程序）"
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
