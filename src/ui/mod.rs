//! The desktop app (issue 3): drop reports, see their three tables in the official layout with
//! every failed check in red, fix cells, export the workbook.
//!
//! - `native`: the eframe glue (window, renderer, `eframe::App`);
//! - `app`: the app state and its commands; `frame`: one frame's layout;
//! - `state` (+ `state_edits`, `history`, `checks`, `list`): the data, no egui;
//! - `jobs` polls the background work: `loader`, `export_job`, `autosave`;
//! - one file per panel or dialog: `toolbar`, `report_list`, `report_header`, `tables`
//!   (+ `table_grid`, and `grid_layout`, which maps `format::layout` to the grid; `grid_widths`
//!   and `grid_resize` for the column widths), `details` (+ `findings`, `source_view`),
//!   `dialogs`, `welcome`; `theme` holds colours and fonts;
//! - `frame_log`: per-frame timings, only when asked for (measuring on slow PCs).

mod app;
mod autosave;
mod checks;
mod chooser;
mod details;
mod dialogs;
mod drops;
mod entry;
mod export_done;
mod export_job;
mod findings;
mod first_show;
mod frame;
mod frame_log;
pub mod gpu_probe;
mod grid_cell;
mod grid_keys;
pub mod grid_layout;
mod grid_nav;
mod grid_resize;
mod grid_widths;
mod help;
mod history;
mod input_gate;
mod jobs;
pub mod list;
pub mod loader;
mod native;
mod notice_log;
mod prefs;
mod report_header;
mod report_list;
mod review_form;
mod roster_load;
mod roster_window;
mod samples;
mod settings;
mod source_view;
mod spelling;
pub mod state;
mod table_grid;
mod tables;
pub mod theme;
mod toolbar;
mod versions_window;
mod view;
mod welcome;

pub use app::App;
pub use autosave::{default_dir, restore_into, Autosave, DATA_DIR_ENV};
pub use frame_log::FRAME_LOG_ENV;
pub use jobs::Notice;
pub use native::{run, RENDERER_ENV};

pub const TITLE: &str = "政务公开年报核查";
