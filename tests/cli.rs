//! The command line as a user meets it: help and version without a display, the rule catalogue,
//! unknown flags, and file names that are not UTF-8.

use std::path::Path;
use std::process::{Command, Output};

fn nianbao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    nianbao(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_and_version_print_and_exit_0_without_a_display() {
    for flag in ["--help", "-h", "help"] {
        let o = run(&[flag]);
        assert_eq!(o.status.code(), Some(0), "{flag}: {o:?}");
        let text = stdout(&o);
        assert!(text.contains("nianbao"), "{flag}: {text}");
        assert!(
            text.contains("check") && text.contains("rules"),
            "{flag}: {text}"
        );
    }
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o).trim(),
        format!("nianbao {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn check_help_names_the_whole_command() {
    let o = run(&["check", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("nianbao check"), "{text}");
    assert!(text.contains("--json") && text.contains("--xlsx"), "{text}");
}

#[test]
fn unknown_flags_get_a_usage_error() {
    for args in [
        &["--frobnicate"][..],
        &["check", "--frobnicate", "x.txt"],
        &["check"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
}

/// There is no `--samples` flag (src/cli.rs): the samples are a folder like any other, which is
/// how README.md and packaging/test-install.sh open them.
#[test]
fn samples_are_opened_as_a_folder_and_there_is_no_samples_flag() {
    use nianbao::cli::{run as parse, Invocation};
    use std::ffi::OsString;
    use std::path::PathBuf;
    let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
    assert_eq!(
        parse(args(&["nianbao", "assets/samples"])),
        Invocation::App(vec![PathBuf::from("assets/samples")])
    );
    // After `--` it is a file name like any other, handed to the app as a path.
    assert_eq!(
        parse(args(&["nianbao", "--", "--samples"])),
        Invocation::App(vec![PathBuf::from("--samples")])
    );
    // The flag itself is a usage error, before any window opens.
    let o = run(&["--samples"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unexpected argument '--samples'"), "{err}");
}

#[test]
fn rules_json_lists_the_catalogue_with_names_and_explanations() {
    let o = run(&["rules", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-format.md"),
    )
    .unwrap();
    for rule in nianbao::rules::Rule::all() {
        let entry = list.iter().find(|e| e["rule"] == rule.id()).unwrap();
        assert!(
            spec.contains(&format!("| {} |", rule.id())),
            "{} not in the spec",
            rule.id()
        );
        assert!(entry["severity"] == "error" || entry["severity"] == "warning");
        assert!(!entry["name"].as_str().unwrap().is_empty());
        assert!(entry["explanation"].as_str().unwrap().chars().count() >= 40);
    }
    assert_eq!(list.len(), nianbao::rules::CATALOGUE.len());
    let text = stdout(&run(&["rules"]));
    assert!(
        text.contains("T3_BALANCE") && text.contains("表三收支不平衡"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // "红寺堡.txt" in GBK, as a Windows zip unpacked on Linux leaves it.
    let name = std::ffi::OsStr::from_bytes(b"\xba\xec\xcb\xc2\xb1\xa4.txt");
    let path = dir.path().join(name);
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/000_12af315242a02ca5.txt");
    std::fs::copy(seed, &path).unwrap();
    let o = nianbao(&[
        std::ffi::OsStr::new("check"),
        std::ffi::OsStr::new("--json"),
        path.as_os_str(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["agency"], "红寺堡区红寺堡镇人民政府");
}

#[test]
fn the_apps_own_workbook_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/000_12af315242a02ca5.txt");
    let xlsx = dir.path().join("汇总.xlsx");
    let o = nianbao(&[
        std::ffi::OsStr::new("check"),
        std::ffi::OsStr::new("--xlsx"),
        xlsx.as_os_str(),
        seed.as_os_str(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let o = nianbao(&[
        std::ffi::OsStr::new("check"),
        std::ffi::OsStr::new("--json"),
        xlsx.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        list[0]["error"]
            .as_str()
            .unwrap()
            .contains("本程序导出的汇总核查工作簿"),
        "{list:?}"
    );
}

#[test]
fn deadlines_are_set_per_kind_of_body_or_refused() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds/003_c9f06e97d3d2a54f.txt"
    );
    // Seed 003 is a township signed 2024-01-22: a township deadline of 01-15 makes it late.
    let late = run(&["check", "--json", "--deadline", "乡镇=01-15", seed]);
    assert!(
        stdout(&late).contains("LATE_PUBLICATION"),
        "{}",
        stdout(&late)
    );
    let in_time = run(&["check", "--json", "--deadline", "部门=03-31", seed]);
    assert!(!stdout(&in_time).contains("LATE_PUBLICATION"));
    let bad = run(&["check", "--deadline", "学校=03-31", seed]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不认识的机关类别“学校”"));
}

/// Issue 23: a folder walk follows a link to a report file, and names what it does not read (a
/// link to a folder, a broken link) instead of dropping it in silence.
#[cfg(unix)]
#[test]
fn a_folder_walk_reads_linked_reports_and_names_what_it_cannot_open() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/000_12af315242a02ca5.txt");
    let target = elsewhere.path().join("报告.txt");
    std::fs::copy(&seed, &target).expect("copied");
    symlink(&target, dir.path().join("共享盘上的报告.txt")).expect("link");
    symlink(elsewhere.path(), dir.path().join("链接文件夹")).expect("link");
    symlink(
        elsewhere.path().join("没有.txt"),
        dir.path().join("断链.txt"),
    )
    .expect("link");
    let out = nianbao(&["check".as_ref(), "--json".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "some entries could not be read");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = json.as_array().expect("array");
    let by_name = |name: &str| {
        items
            .iter()
            .find(|i| i["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} is listed: {json}"))
    };
    assert!(by_name("共享盘上的报告.txt")["agency"].is_string());
    assert!(by_name("链接文件夹")["error"]
        .as_str()
        .unwrap_or("")
        .contains("避免循环"));
    assert!(by_name("断链.txt")["error"]
        .as_str()
        .unwrap_or("")
        .contains("不存在"));
    assert_eq!(items.len(), 3);
}
