//! The desktop app (issue 3): drop reports, see their three tables in the official layout with
//! every failed check in red, fix cells, export the workbook.
//!
//! - `app`: the app state and its commands; `view`: what the window keeps between frames;
//!   `frame`: one frame's layout; `theme`: colours and sizes;
//! - `state/`: the work itself, no egui (the report list, edits and undo, the checks);
//! - `jobs/`: the background work (reading files, writing the workbook, saving the session);
//! - `grid/`: the table grid (layout, cells, keyboard, column widths);
//! - `panels/`: one file per panel or dialog, drawing the state and sending commands;
//! - `platform/`: the window and the desktop (eframe glue, GPU probe, fonts, prefs, drops).

mod app;
mod commands;
mod frame;
mod grid;
mod jobs;
mod panels;
mod platform;
pub mod state;
pub mod theme;
mod view;

pub use app::App;
pub use grid::layout as grid_layout;
pub use jobs::autosave::{default_dir, restore_into, Autosave, DATA_DIR_ENV};
pub use jobs::loader;
pub use jobs::Notice;
pub use platform::frame_log::FRAME_LOG_ENV;
pub use platform::gpu_probe;
pub use platform::native::{run, RENDERER_ENV};
pub use state::list;

pub const TITLE: &str = "政务公开年报核查";

#[cfg(test)]
mod layers;
