//! The eframe glue: opening the window (renderer choice, window options) and the
//! `eframe::App` implementation that hands each frame to [`App::show`].

use super::app::App;
use super::prefs::Prefs;
use super::{gpu_probe, theme, TITLE};
use eframe::egui::{self, Ui};
use std::path::PathBuf;

/// `wgpu` or `glow`: the renderer to use, skipping the automatic choice.
pub const RENDERER_ENV: &str = "NIANBAO_RENDERER";

/// Opens the window with `paths` loaded (`--samples` loads the bundled samples). Returns when
/// the window is closed.
///
/// Old office PCs and remote desktops may lack a working GPU driver, so wgpu (Direct3D 12 /
/// Vulkan / Metal, with its own OpenGL and software adapters) is tried first and, if it cannot
/// make the window, glow (plain OpenGL 2+), which works with many drivers wgpu rejects. winit
/// allows one event loop per process, so glow runs in a fresh copy of this program, started with
/// [`RENDERER_ENV`] set; that variable also lets a user pick glow outright.
///
/// Before wgpu is tried in this process, [`gpu_probe`] tries it in a copy: a driver that
/// crashes instead of failing sends this process straight to glow.
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    // (renderer, whether a failure may still be retried on glow in a fresh process)
    let (renderer, may_relaunch) = match std::env::var(RENDERER_ENV).ok().as_deref() {
        Some("glow") => (eframe::Renderer::Glow, false),
        Some(_) => (eframe::Renderer::Wgpu, false),
        None => match gpu_probe::probe_in_child() {
            gpu_probe::Verdict::Survived => (eframe::Renderer::Wgpu, true),
            gpu_probe::Verdict::Crashed(why) => {
                eprintln!("图形界面无法用 wgpu 启动（{why}），改用 OpenGL（glow）……");
                (eframe::Renderer::Glow, false)
            }
        },
    };
    match run_with(renderer, paths) {
        Err(e) if may_relaunch => {
            eprintln!("图形界面无法用 {renderer} 启动（{e}），改用 OpenGL（glow）重试……");
            relaunch_with_glow().map_err(|again| format!("{renderer}: {e}；glow: {again}"))
        }
        other => other.map_err(|e| format!("{renderer}: {e}")),
    }
}

fn run_with(renderer: eframe::Renderer, paths: Vec<PathBuf>) -> Result<(), String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        eframe::run_native(
            TITLE,
            options(
                renderer,
                &Prefs::load(super::autosave::default_dir().as_deref()),
            ),
            Box::new(move |cc| Ok(Box::new(App::new(cc, paths)))),
        )
    }));
    match result {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err("初始化时崩溃".into()),
    }
}

/// Runs this program again, with the same arguments, on glow; returns when that window closes.
/// If the copy fails too, it has already told the user (stderr, and a dialog on Windows), so
/// this process ends with its exit code rather than saying it a second time.
fn relaunch_with_glow() -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("找不到程序文件：{e}"))?;
    let status = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(RENDERER_ENV, "glow")
        .status()
        .map_err(|e| format!("无法重新启动程序：{e}"))?;
    if !status.success() {
        std::process::exit(status.code().unwrap_or(1));
    }
    Ok(())
}

/// The window as it was last left; the first time maximized (the work area: a clerk's screen
/// is usually 1366×768 or 1920×1080, and the tables need the room).
fn options(renderer: eframe::Renderer, prefs: &Prefs) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("nianbao")
        .with_inner_size(prefs.size.unwrap_or([1280.0, 740.0]))
        .with_maximized(prefs.maximized)
        .with_min_inner_size([900.0, 560.0])
        // Accept drops even when the desktop drags from another app (X11 XDND, Windows OLE).
        .with_drag_and_drop(true);
    if let Some(p) = prefs.position {
        viewport = viewport.with_position(p);
    }
    if let Some(icon) = theme::icon() {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        renderer,
        event_loop_builder: Some(Box::new(prefer_x11)),
        ..Default::default()
    }
}

/// winit receives no dropped files under Wayland, so run through XWayland when it is there
/// (UOS and Kylin use X11 anyway). Without `DISPLAY` (a pure Wayland session) keep Wayland.
#[cfg(all(unix, not(target_os = "macos")))]
fn prefer_x11(builder: &mut winit::event_loop::EventLoopBuilder<eframe::UserEvent>) {
    use winit::platform::x11::EventLoopBuilderExtX11;
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        builder.with_x11();
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn prefer_x11(_builder: &mut winit::event_loop::EventLoopBuilder<eframe::UserEvent>) {}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.show(ui);
        self.run_dialog(Some(frame));
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.input_gate.filter(raw_input) {
            ctx.request_repaint();
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush();
    }
}
