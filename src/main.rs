//! `nianbao` opens the desktop app (with any paths given on the command line loaded);
//! `nianbao check …` runs the command-line checker.
//!
//! On Windows this is a GUI-subsystem exe (no console window behind the app); the console twin
//! for `check` is src/bin/nianbao-cli.rs (see packaging/README.md).
#![cfg_attr(all(windows, feature = "gui"), windows_subsystem = "windows")]
#![deny(clippy::unwrap_used, clippy::expect_used)]

use nianbao::cli::Invocation;

fn main() {
    quiet_contained_panics();
    // Files are read in copies of this program (`nianbao read-worker`), never in the app itself.
    nianbao::worker::serve_from_this_executable();
    match nianbao::cli::run(std::env::args_os()) {
        Invocation::Exit(status) => std::process::exit(status),
        Invocation::ProbeGpu => probe_gpu(),
        Invocation::App(paths) => open_app(paths),
    }
}

#[cfg(feature = "gui")]
fn probe_gpu() {
    std::process::exit(nianbao::ui::gpu_probe::run_probe());
}

#[cfg(feature = "gui")]
fn open_app(paths: Vec<std::path::PathBuf>) {
    if let Err(e) = nianbao::ui::run(paths) {
        eprintln!("无法启动窗口：{e}");
        // The Windows GUI exe has no console to print to: say it in a dialog instead.
        #[cfg(windows)]
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title(nianbao::ui::TITLE)
            .set_description(format!("无法启动窗口：{e}\n\n请更新显卡驱动后重试。"))
            .show();
        std::process::exit(1);
    }
}

#[cfg(not(feature = "gui"))]
fn probe_gpu() {
    std::process::exit(2);
}

#[cfg(not(feature = "gui"))]
fn open_app(_paths: Vec<std::path::PathBuf>) {
    eprintln!("此版本不含图形界面。用法：nianbao check [--json] [--xlsx 输出.xlsx] 路径…（nianbao --help 查看全部用法）");
    std::process::exit(2);
}

/// A third-party parser that panics on a damaged file is contained (the file gets a message), so
/// its panic text on stderr would only alarm the user. Other panics are still printed.
fn quiet_contained_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let contained = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with("nianbao-read"));
        if !contained {
            default(info);
        }
    }));
}
