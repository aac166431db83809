//! Colours and sizes. Change a shade here and it changes everywhere (the fonts and the icon are
//! in `platform/fonts`).

use eframe::egui::Color32;

/// Background of a cell that takes part in a failed check.
pub const ERROR_BG: Color32 = Color32::from_rgb(255, 214, 210);
/// The cell most likely wrong: stronger fill and a border.
pub const SUSPECT_BG: Color32 = Color32::from_rgb(240, 120, 110);
pub const SUSPECT_BORDER: Color32 = Color32::from_rgb(170, 20, 20);
/// A cell only named by a warning (a dash read as 0…).
pub const WARNING_BG: Color32 = Color32::from_rgb(255, 240, 200);
/// A cell the user changed.
pub const EDITED_BG: Color32 = Color32::from_rgb(214, 232, 255);
pub const EDITED_MARK: Color32 = Color32::from_rgb(30, 100, 200);
/// A blank or dash in the report taken as 0: a grey corner mark.
pub const IMPLIED_MARK: Color32 = Color32::from_rgb(150, 150, 150);
/// A cell worked out from the arithmetic (not read): green corner mark and text.
pub const DEDUCED_MARK: Color32 = Color32::from_rgb(20, 120, 60);
/// The selected rectangle of cells and its cursor cell.
pub const SELECTION_TINT: Color32 = Color32::from_rgba_premultiplied(0, 60, 140, 36);
pub const CURSOR_BORDER: Color32 = Color32::from_rgb(20, 90, 40);
/// The cells of the finding the user clicked.
pub const FOCUS_BORDER: Color32 = Color32::from_rgb(0, 110, 230);
pub const HEADER_BG: Color32 = Color32::from_rgb(236, 240, 246);
pub const LABEL_BG: Color32 = Color32::from_rgb(247, 248, 250);
pub const CELL_BG: Color32 = Color32::WHITE;
pub const ABSENT_BG: Color32 = Color32::from_rgb(230, 230, 230);
pub const GRID_LINE: Color32 = Color32::from_rgb(175, 182, 194);
pub const ERROR_TEXT: Color32 = Color32::from_rgb(190, 20, 20);
pub const WARNING_TEXT: Color32 = Color32::from_rgb(160, 100, 0);
pub const OK_TEXT: Color32 = Color32::from_rgb(20, 130, 50);
pub const MUTED_TEXT: Color32 = Color32::from_rgb(100, 105, 115);
/// The passage of the source text a cell was read from.
pub const SOURCE_HIGHLIGHT: Color32 = Color32::from_rgb(255, 226, 120);
pub const DROP_OVERLAY: Color32 = Color32::from_rgba_premultiplied(20, 60, 120, 200);

/// Text size in the tables; a little smaller than body text so T4's 15 columns fit at 1366×768.
pub const GRID_TEXT: f32 = 13.0;
