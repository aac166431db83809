//! What the window remembers between runs apart from the work itself (that is the session):
//! its size and place, the panel widths, the grid's column widths set by hand, the list's sort
//! and filter, recent folders, the reviewer's name, the office that signs the 整改通知 and the last
//! roster's names. Kept in `prefs.json` beside the session; a missing or unreadable file just
//! means the defaults.

use crate::ui::grid::widths::ColWidths;
use crate::ui::state::list::SortKey;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "prefs.json";
/// Recent folders kept for the in-app file chooser.
const RECENT: usize = 8;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Inner size and outer position in points; `None` before the first run (then maximized).
    pub size: Option<[f32; 2]>,
    pub position: Option<[f32; 2]>,
    pub maximized: bool,
    pub list_width: f32,
    pub details_width: f32,
    /// The right panel (findings and source text) put away, for small screens.
    pub hide_details: bool,
    /// Grid columns dragged wider or narrower, by table (for the session, and the next one).
    pub col_widths: ColWidths,
    pub sort: Sort,
    pub only_errors: bool,
    pub recent: Vec<PathBuf>,
    /// Name or initials put on reviews of findings.
    pub reviewer: String,
    /// Publication deadlines changed from the defaults, as the CLI takes them (`部门=03-31`).
    pub deadlines: Vec<String>,
    /// The county office that signs the 整改通知 and the 通报, and its 联系人及电话.
    pub office: String,
    pub contact: String,
    /// Days a unit gets to reply to a 整改通知.
    pub reply_days: u32,
    /// Attach the tables with the cells to fix to each 整改通知.
    pub notice_tables: bool,
    /// The names of the last roster given, for next year's collection ("沿用上次的名单").
    pub last_roster: Vec<String>,
}

/// [`SortKey`] as saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Sort {
    #[default]
    Name,
    Errors,
    Loaded,
}

impl From<Sort> for SortKey {
    fn from(s: Sort) -> SortKey {
        match s {
            Sort::Name => SortKey::Name,
            Sort::Errors => SortKey::Errors,
            Sort::Loaded => SortKey::Loaded,
        }
    }
}

impl From<SortKey> for Sort {
    fn from(s: SortKey) -> Sort {
        match s {
            SortKey::Name => Sort::Name,
            SortKey::Errors => Sort::Errors,
            SortKey::Loaded => Sort::Loaded,
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            size: None,
            position: None,
            maximized: true,
            list_width: 250.0,
            details_width: 330.0,
            hide_details: false,
            col_widths: ColWidths::default(),
            sort: Sort::Name,
            only_errors: false,
            recent: Vec::new(),
            reviewer: String::new(),
            deadlines: Vec::new(),
            office: String::new(),
            contact: String::new(),
            reply_days: crate::export::DEFAULT_REPLY_DAYS as u32,
            notice_tables: true,
            last_roster: Vec::new(),
        }
    }
}

impl Prefs {
    pub fn load(dir: Option<&Path>) -> Prefs {
        dir.and_then(|d| std::fs::read(d.join(FILE_NAME)).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Best effort: losing the window size is not worth a message.
    pub fn save(&self, dir: &Path) {
        if let Ok(json) = serde_json::to_string_pretty(self) {
            let _ = std::fs::create_dir_all(dir);
            let _ = crate::export::atomic::write(&dir.join(FILE_NAME), json.as_bytes());
        }
    }

    /// Puts `dir` first in the recent folders.
    pub fn remember_folder(&mut self, dir: &Path) {
        self.recent.retain(|d| d != dir);
        self.recent.insert(0, dir.to_path_buf());
        self.recent.truncate(RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_and_a_bad_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(Some(dir.path())), Prefs::default());
        let mut p = Prefs {
            size: Some([1200.0, 700.0]),
            only_errors: true,
            sort: Sort::Errors,
            ..Prefs::default()
        };
        for i in 0..10 {
            p.remember_folder(Path::new(&format!("/报告/{i}")));
        }
        p.remember_folder(Path::new("/报告/3"));
        assert_eq!(p.recent.len(), RECENT);
        assert_eq!(p.recent[0], Path::new("/报告/3"));
        p.save(dir.path());
        assert_eq!(Prefs::load(Some(dir.path())), p);
        std::fs::write(dir.path().join(FILE_NAME), "{oops").unwrap();
        assert_eq!(Prefs::load(Some(dir.path())), Prefs::default());
    }
}
