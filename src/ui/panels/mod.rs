//! One file per panel or dialog of the window; each draws the state and calls the commands.

pub mod chooser;
pub mod details;
mod dialogs;
mod export_done;
pub mod findings;
pub mod help;
pub mod notice_log;
mod questions;
pub mod report_header;
pub mod report_list;
pub mod review_form;
pub mod roster;
pub mod settings;
pub mod source_view;
mod tables;
pub mod toolbar;
pub mod versions;
pub mod welcome;
