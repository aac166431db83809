//! The window and the desktop: eframe glue, GPU probe, fonts, prefs, keys, drops, dialogs.

pub mod drops;
pub mod first_show;
pub mod fonts;
pub mod frame_log;
pub mod gpu_probe;
pub mod input_gate;
pub mod native;
pub mod prefs;
pub mod system_dialog;
