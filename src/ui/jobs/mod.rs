//! Background work polled each frame: reading files, exports, the roster file, the session.

pub mod autosave;
pub mod export;
pub mod loader;
mod notice;
pub mod pictures;
mod poll;
pub mod roster_read;
pub mod samples;

pub use notice::Notice;
pub use poll::Jobs;
