//! What the grid's parts share: what the grid needs from the app for one frame ([`GridView`]), its
//! focus id and its text.

use super::keys::{Action, GridState, Keys};
use super::widths::ColWidths;
use crate::model::Report;
use crate::ui::state::{EntryId, State};
use crate::ui::theme;
use eframe::egui::{FontId, Id, Rect, Ui};

/// The grid's focus: while it has it, Tab, arrows and Escape stay in the grid.
pub const GRID_ID: &str = "table-grid";

pub fn grid_id() -> Id {
    Id::unique(GRID_ID)
}

/// What the grid needs from the app for one frame.
pub struct GridView<'a> {
    pub state: &'a State,
    pub id: EntryId,
    pub report: &'a Report,
    pub grid: &'a mut GridState,
    pub keys: Keys<'a>,
    /// Cells of the finding the user clicked.
    pub focus: &'a [String],
    /// Scroll this cell into view (once).
    pub scroll_to: Option<String>,
    /// Where that cell was drawn this frame (set by the cell, scrolled to by the grid).
    pub scroll_rect: Option<Rect>,
    /// The widths set by hand, and this table's key among them.
    pub widths: &'a mut ColWidths,
    pub width_key: String,
    /// The width the grid may take: the panel's (a row above that did not fit must not widen
    /// the grid past the window's edge, where its last columns could not be scrolled to).
    pub width: f32,
    /// The part of the body on screen this frame (for tests: is a cell in view?).
    pub viewport: Option<Rect>,
    pub actions: Vec<Action>,
    /// Draws the crop of a scanned page around a figure's box (file, page, box, height): the
    /// panel hands in the page-picture job's drawing, which the grid may not import.
    pub crop: &'a CropDraw,
}

/// Draws the crop of a scanned page: (ui, file, page, box in the page's pixels, height).
pub type CropDraw = dyn Fn(&mut Ui, &str, u32, [f32; 4], f32);

/// Room between a cell's border and its text.
pub const PAD: f32 = 4.0;

pub fn grid_font() -> FontId {
    FontId::proportional(theme::GRID_TEXT)
}
