//! The eframe glue: opening the window (renderer choice, window options) and the
//! `eframe::App` implementation that hands each frame to [`App::show`].

use super::frame_log::Shown;
use super::prefs::Prefs;
use super::{fonts, gpu_probe};
use crate::ui::app::App;
use crate::ui::jobs::autosave;
use crate::ui::TITLE;
use eframe::egui::{self, Ui};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once the first frame is drawn.
static SHOWN: AtomicBool = AtomicBool::new(false);

/// `wgpu` or `glow`: the renderer to use, skipping the automatic choice.
pub const RENDERER_ENV: &str = "NIANBAO_RENDERER";

/// Opens the window with `paths` loaded. Returns when the window is closed.
///
/// Old office PCs and remote desktops may lack a working GPU driver, so wgpu (Direct3D 12 /
/// Vulkan / Metal, with its own OpenGL and software adapters) is tried first and, if it cannot
/// make the window, glow (plain OpenGL 2+), which works with many drivers wgpu rejects. winit
/// allows one event loop per process, so the other renderer runs in a fresh copy of this
/// program, started with [`RENDERER_ENV`] set; that variable also lets a user pick one outright.
///
/// Before wgpu is tried in this process, [`gpu_probe`] tries it in a copy: a driver that
/// crashes instead of failing sends this process straight to glow, and so, on Linux, does a
/// device that renders in software (see [`choose`]).
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    let (renderer, fallback) = match std::env::var(RENDERER_ENV).ok().as_deref() {
        Some("glow") => (eframe::Renderer::Glow, None),
        Some(_) => (eframe::Renderer::Wgpu, None),
        None => choose(gpu_probe::probe_in_child()),
    };
    match (run_with(renderer, paths), fallback) {
        // Once the window was shown the renderer worked: an error now (the X connection killed
        // by xkill, the display gone) is the end of this run, not a reason to start another.
        (Err(e), Some(other)) if !SHOWN.load(Ordering::Relaxed) => {
            eprintln!("图形界面无法用 {renderer} 启动（{e}），改用 {other} 重试……");
            relaunch_with(other).map_err(|again| format!("{renderer}: {e}；{other}: {again}"))
        }
        (result, _) => result.map_err(|e| format!("{renderer}: {e}")),
    }
}

/// The renderer to start with after the probe, and the one to retry with if it fails.
///
/// A software device (no graphics driver): on Linux Mesa's OpenGL in software is there wherever
/// lavapipe is and draws about four times faster, so glow first; on Windows the OpenGL without a
/// driver is GDI's 1.1, too old for glow, while wgpu's WARP works, so wgpu stays first.
fn choose(verdict: gpu_probe::Verdict) -> (eframe::Renderer, Option<eframe::Renderer>) {
    use eframe::Renderer::{Glow, Wgpu};
    match verdict {
        gpu_probe::Verdict::Software if cfg!(all(unix, not(target_os = "macos"))) => {
            (Glow, Some(Wgpu))
        }
        gpu_probe::Verdict::Survived | gpu_probe::Verdict::Software => (Wgpu, Some(Glow)),
        gpu_probe::Verdict::Crashed(why) => {
            eprintln!("图形界面无法用 wgpu 启动（{why}），改用 OpenGL（glow）……");
            (Glow, None)
        }
    }
}

fn run_with(renderer: eframe::Renderer, paths: Vec<PathBuf>) -> Result<(), String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        eframe::run_native(
            TITLE,
            options(renderer, &Prefs::load(autosave::default_dir().as_deref())),
            Box::new(move |cc| Ok(Box::new(App::new(cc, paths)))),
        )
    }));
    match result {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err("初始化时崩溃".into()),
    }
}

/// Runs this program again, with the same arguments, on `renderer`; returns when that window
/// closes. If the copy fails too, it has already told the user (stderr, and a dialog on
/// Windows), so this process ends with its exit code rather than saying it a second time.
fn relaunch_with(renderer: eframe::Renderer) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("找不到程序文件：{e}"))?;
    let status = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(RENDERER_ENV, renderer.to_string())
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
    if let Some(icon) = fonts::icon() {
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
        if let Some(log) = &mut self.frame_log {
            log.begin();
        }
        SHOWN.store(true, Ordering::Relaxed);
        if let Some(first) = &mut self.first_show {
            if first.step(ui.ctx(), frame, TITLE) {
                self.first_show = None;
            }
        }
        self.show(ui);
        self.run_dialog(Some(frame));
        self.log_frame(ui.ctx(), frame.info().cpu_usage);
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

impl App {
    /// Writes the frame's timings when [`FRAME_LOG_ENV`](super::frame_log::FRAME_LOG_ENV) asked for them, and asks for the
    /// next frame at once so that frames follow each other as fast as the machine draws them.
    fn log_frame(&mut self, ctx: &egui::Context, cpu_previous: Option<f32>) {
        let Some(log) = &mut self.frame_log else {
            return;
        };
        let shown = Shown {
            reports: self.state.report_count(),
            busy: self.jobs.is_busy(&self.state),
            table: self.view.table.code().to_string(),
            report: self
                .state
                .selected_report()
                .map_or(String::new(), |r| crate::model::file_name(&r.file)),
        };
        log.end(cpu_previous, &shown);
        if log.is_writing() {
            ctx.request_repaint();
        } else {
            self.frame_log = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Renderer::{Glow, Wgpu};

    #[test]
    fn a_driver_that_crashes_goes_to_glow_without_a_way_back() {
        assert_eq!(
            choose(gpu_probe::Verdict::Crashed("x".into())),
            (Glow, None)
        );
    }

    #[test]
    fn a_working_driver_starts_on_wgpu_with_glow_behind() {
        assert_eq!(choose(gpu_probe::Verdict::Survived), (Wgpu, Some(Glow)));
    }

    #[test]
    fn software_rendering_starts_on_glow_on_linux_and_on_wgpu_elsewhere() {
        let expected = if cfg!(all(unix, not(target_os = "macos"))) {
            (Glow, Some(Wgpu))
        } else {
            (Wgpu, Some(Glow))
        };
        assert_eq!(choose(gpu_probe::Verdict::Software), expected);
    }

    #[test]
    fn the_renderer_names_are_what_run_reads_back() {
        // `relaunch_with` passes `Renderer`'s Display text; `run` reads "glow", anything else wgpu.
        assert_eq!(Glow.to_string(), "glow");
        assert_ne!(Wgpu.to_string(), "glow");
    }
}
