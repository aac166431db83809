//! `nianbao` opens the desktop app (with any paths given on the command line loaded);
//! `nianbao check …` runs the command-line checker.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("check") {
        std::process::exit(nianbao::cli::main(&args[1..]));
    }
    #[cfg(feature = "gui")]
    {
        let paths = args[1..].iter().map(std::path::PathBuf::from).collect();
        if let Err(e) = nianbao::ui::run(paths) {
            eprintln!("无法启动窗口：{e}");
            std::process::exit(1);
        }
    }
    #[cfg(not(feature = "gui"))]
    {
        eprintln!("此版本不含图形界面。用法：nianbao check [--json] [--xlsx 输出.xlsx] 路径…");
        std::process::exit(2);
    }
}
