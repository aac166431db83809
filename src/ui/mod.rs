//! The desktop app (issue 3): drop reports, see their three tables in the official layout with
//! every failed check in red, fix cells, export the workbook.
//!
//! `state` holds the data (no egui), `loader`/`export_job` the background work, `session` the
//! autosave, `theme` colours and fonts, `app` the eframe app and layout, and one module per panel.

mod app;
mod export_job;
mod findings;
pub mod grid_layout;
pub mod loader;
mod report_list;
mod samples;
pub mod session;
mod source_view;
pub mod state;
mod table_grid;
pub mod theme;
mod welcome;

pub use app::{App, Notice};

use eframe::egui;
use std::path::PathBuf;

pub const TITLE: &str = "政务公开年报核查";

/// Opens the window with `paths` loaded (`--samples` loads the bundled samples). Returns when
/// the window is closed.
///
/// Old office PCs and remote desktops may lack a working GPU driver: when the window cannot be
/// created with one renderer, the other is tried before giving up.
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    let mut errors = Vec::new();
    for renderer in renderers() {
        let paths = paths.clone();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            eframe::run_native(
                TITLE,
                options(renderer),
                Box::new(move |cc| Ok(Box::new(App::new(cc, paths)))),
            )
        }));
        match result {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => errors.push(format!("{renderer}: {e}")),
            Err(_) => errors.push(format!("{renderer}: 初始化时崩溃")),
        }
        eprintln!("图形界面无法用 {renderer} 启动，尝试其他方式……");
    }
    Err(errors.join("；"))
}

/// wgpu first (Direct3D 12 / Vulkan / Metal, with its OpenGL and software adapters), then glow
/// (plain OpenGL 2+), which works on many machines whose drivers wgpu rejects.
fn renderers() -> [eframe::Renderer; 2] {
    [eframe::Renderer::Wgpu, eframe::Renderer::Glow]
}

fn options(renderer: eframe::Renderer) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("nianbao")
        .with_inner_size([1280.0, 740.0])
        .with_min_inner_size([900.0, 560.0])
        // Accept drops even when the desktop drags from another app (X11 XDND, Windows OLE).
        .with_drag_and_drop(true);
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
