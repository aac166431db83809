//! `nianbao` opens the desktop app (with any paths given on the command line loaded);
//! `nianbao check …` runs the command-line checker.
//!
//! On Windows this is a GUI-subsystem exe (no console window behind the app); the console twin
//! for `check` is src/bin/nianbao-cli.rs (see packaging/README.md).
#![cfg_attr(all(windows, feature = "gui"), windows_subsystem = "windows")]
#![deny(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    quiet_contained_panics();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("check") {
        std::process::exit(nianbao::cli::main(&args[1..]));
    }
    #[cfg(feature = "gui")]
    if args.get(1).map(String::as_str) == Some(nianbao::ui::gpu_probe::PROBE_ARG) {
        std::process::exit(nianbao::ui::gpu_probe::run_probe());
    }
    #[cfg(feature = "gui")]
    {
        let paths = args[1..].iter().map(std::path::PathBuf::from).collect();
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
    {
        eprintln!("此版本不含图形界面。用法：nianbao check [--json] [--xlsx 输出.xlsx] 路径…");
        std::process::exit(2);
    }
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
