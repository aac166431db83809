//! The work itself, no egui: the entries, the list as shown, edits and undo, roster, checks.

mod checks;
mod edits;
mod entry;
mod history;
pub mod list;
mod roster;
mod span;
mod spelling;
mod store;

pub use checks::{Wake, SYNC_CHECK_LIMIT};
pub use entry::{Entry, EntryId, FailedFile, Item, Loaded};
pub use history::{Change, Edit};
pub use span::{span_of, valid_span};
pub use store::{Resubmission, State};

#[cfg(test)]
mod tests;
