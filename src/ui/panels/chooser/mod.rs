//! The in-app file chooser, where the system shows none: its listing, its choice, its window.

mod choice;
mod listing;
mod window;

pub use choice::{Choice, Chooser, Purpose};
