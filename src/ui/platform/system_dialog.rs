//! Whether the system can show a file dialog. On Linux rfd asks the desktop portal
//! (xdg-desktop-portal) or zenity, and where neither exists (many UOS and Kylin machines) it shows
//! nothing and says nothing; the app then uses its own chooser (`panels/chooser`).

/// Said when the system dialog did not appear: what happened, in a clerk's words.
pub const NO_SYSTEM_DIALOG: &str =
    "这台电脑上的系统选择文件窗口打不开，下面是本程序自带的选择窗口，用法相同。";

/// Whether a system file dialog can be shown. On Linux rfd needs the desktop portal or zenity;
/// without either it returns at once as if the user had cancelled.
pub fn native_dialog_missing() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let in_path = |exe: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(exe).is_file()))
    };
    if in_path("zenity") || portal_running() {
        return None;
    }
    Some(NO_SYSTEM_DIALOG.into())
}

/// A process named xdg-desktop-portal is running (it answers the file dialog requests).
fn portal_running() -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        std::fs::read_to_string(p.path().join("comm"))
            .is_ok_and(|c| c.trim().starts_with("xdg-desktop-por"))
    })
}
