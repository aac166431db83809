//! The table grid: a report's table in its official layout, its cells, keys and column widths.

mod cell;
pub mod keys;
pub mod layout;
pub mod nav;
mod resize;
mod table;
mod view;
pub mod widths;

pub use keys::{Action, GridState, Keys};
pub use table::show;
pub use view::{grid_id, GridView};
