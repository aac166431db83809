//! What the window keeps between frames besides the data: the table shown, the grid's
//! selection and editor, what is outlined and highlighted, the header fields being typed, the
//! dialogs open.

use super::grid::GridState;
use super::panels::chooser::Chooser;
use super::panels::review_form::ReviewForm;
use super::state::EntryId;
use crate::format::TableId;
use crate::rules::Rule;
use eframe::egui::Rect;
use std::ops::Range;

/// A file dialog asked for. File dialogs wait for `eframe::App::ui`, which can give them the window as parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    OpenFiles,
    OpenFolder,
    SaveWorkbook,
    /// The folder the 整改通知 and the 通报 go into.
    SaveNotices,
    /// A .txt or spreadsheet list of the units that must report.
    OpenRoster,
}

/// View state kept between frames.
pub struct View {
    pub table: TableId,
    /// The grid's selection and editor.
    pub grid: GridState,
    /// Cells of the clicked finding, outlined in the grid.
    pub focus: Vec<String>,
    pub focus_finding: Option<usize>,
    pub scroll_to: Option<String>,
    /// The part of the grid's body on screen in the last frame.
    pub grid_viewport: Option<Rect>,
    pub source: Option<Range<usize>>,
    pub source_scroll: bool,
    /// The report the header fields were filled from.
    pub shown: Option<EntryId>,
    pub agency: String,
    pub year: String,
    pub confirm_clear: bool,
    /// The 消息记录 window: every message of the session, in full.
    pub notice_log: bool,
    /// Text pasted outside cells and fields, waiting for the clerk to say it is a report.
    pub pending_paste: Option<String>,
    pub dialog: Option<Dialog>,
    /// The in-app file chooser, where the system shows no dialog.
    pub chooser: Option<Chooser>,
    /// The form answering a finding.
    pub review: Option<ReviewForm>,
    /// The help window, and the rule to scroll it to.
    pub help: bool,
    pub help_jump: Option<Rule>,
    /// The settings window (publication deadlines).
    pub settings: bool,
    /// The 报送名单 window, and the list being pasted into it.
    pub roster: bool,
    pub roster_text: String,
    /// The units ticked in the roster window for notices of their own.
    pub notice_pick: std::collections::BTreeSet<usize>,
    /// The reports (indices into the loaded reports) the next 整改通知 are written for; `None`:
    /// every unit with an open error, and the 通报.
    pub notices_for: Option<Vec<usize>>,
    /// The resubmission whose changes are shown.
    pub versions: Option<EntryId>,
}

impl Default for View {
    fn default() -> Self {
        View {
            table: TableId::T3,
            grid: GridState::default(),
            focus: Vec::new(),
            focus_finding: None,
            scroll_to: None,
            grid_viewport: None,
            source: None,
            source_scroll: false,
            shown: None,
            agency: String::new(),
            year: String::new(),
            confirm_clear: false,
            notice_log: false,
            pending_paste: None,
            dialog: None,
            chooser: None,
            review: None,
            help: false,
            help_jump: None,
            settings: false,
            roster: false,
            roster_text: String::new(),
            notice_pick: Default::default(),
            notices_for: None,
            versions: None,
        }
    }
}
