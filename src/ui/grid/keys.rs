//! The keyboard in the grid, as in a spreadsheet. Every event of a frame is applied in order to
//! the cell that is selected *at that moment*, so a fast burst ("5⇥3⇥8⏎") or a slow frame never
//! sends text to the wrong cell or drops it. No egui drawing here: events in, actions out.

use super::nav::{split_block, Move, Nav};
use crate::format::{self, TableId};
use crate::model::{format_value, Report};
use crate::recognise::numbers::parse_input;
use crate::ui::state::EntryId;
use eframe::egui::{Event, Key, Modifiers};

/// The selected cells: a rectangle from `anchor` to `cursor` (one cell when they are equal).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub report: EntryId,
    pub table: TableId,
    pub anchor: String,
    pub cursor: String,
}

/// How an editor was opened: typing over a cell (arrows then commit and move, as in Excel) or
/// F2 / double-click (Left/Right move the caret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Replace,
    InPlace,
}

/// A cell being typed into.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    pub report: EntryId,
    pub key: String,
    pub text: String,
    /// Caret position in characters.
    pub caret: usize,
    pub mode: Mode,
    /// Why the last attempt to commit was refused.
    pub error: Option<String>,
}

/// The grid's selection and editor, kept between frames.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridState {
    pub selection: Option<Selection>,
    pub editor: Option<Editor>,
}

/// What the keyboard asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Set cells to these values, as one undo step (`None`: cleared, the cell becomes missing).
    Set(Vec<(String, Option<f64>)>),
    /// Put this text on the clipboard.
    Copy(String),
    /// A typed or pasted value was refused; say why.
    Invalid(String),
    /// The selection moved to this cell (scroll to it, show its source).
    Moved(String),
}

impl Editor {
    pub fn new(report: EntryId, key: &str, text: String, mode: Mode) -> Editor {
        Editor {
            report,
            key: key.to_string(),
            caret: text.chars().count(),
            text,
            mode,
            error: None,
        }
    }

    fn insert(&mut self, s: &str) {
        let at = byte_at(&self.text, self.caret);
        // A single line: a pasted tab or line break would end up inside the number.
        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
        self.error = None;
    }

    fn delete(&mut self, before: bool) {
        let at = if before {
            match self.caret.checked_sub(1) {
                Some(c) => c,
                None => return,
            }
        } else {
            self.caret
        };
        if at >= self.text.chars().count() {
            return;
        }
        let start = byte_at(&self.text, at);
        let end = byte_at(&self.text, at + 1);
        self.text.replace_range(start..end, "");
        self.caret = at;
        self.error = None;
    }
}

fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// The text an in-place editor starts from: the value as shown.
pub fn value_text(report: &Report, key: &str) -> String {
    match (report.value(key), format::cell_def(key)) {
        (Some(v), Some(def)) => format_value(def.column.kind, v),
        _ => String::new(),
    }
}

/// Reads an editor's text as the value of its cell.
fn parse(key: &str, text: &str) -> Result<Option<f64>, String> {
    let def = format::cell_def(key).ok_or_else(|| format!("未知的单元格 {key}"))?;
    parse_input(def.column.kind, text).map_err(|e| format!("{}：{e}", def.describe()))
}

/// The context the keyboard works in for one frame.
pub struct Keys<'a> {
    pub nav: &'a Nav,
    pub report: &'a Report,
    pub id: EntryId,
    pub table: TableId,
}

impl Keys<'_> {
    /// Applies `events` in order.
    pub fn handle(&self, grid: &mut GridState, events: &[Event]) -> Vec<Action> {
        let mut out = Vec::new();
        for e in events {
            self.one(grid, e, &mut out);
        }
        out
    }

    fn cursor(&self, grid: &GridState) -> Option<String> {
        grid.selection
            .as_ref()
            .filter(|s| {
                s.report == self.id && s.table == self.table && self.nav.contains(&s.cursor)
            })
            .map(|s| s.cursor.clone())
    }

    /// Selects `key` alone (or extends the selection to it).
    pub fn select(&self, grid: &mut GridState, key: &str, extend: bool, out: &mut Vec<Action>) {
        let anchor = match &grid.selection {
            Some(s) if extend && s.report == self.id && s.table == self.table => s.anchor.clone(),
            _ => key.to_string(),
        };
        grid.selection = Some(Selection {
            report: self.id,
            table: self.table,
            anchor,
            cursor: key.to_string(),
        });
        out.push(Action::Moved(key.to_string()));
    }

    fn go(&self, grid: &mut GridState, m: Move, extend: bool, out: &mut Vec<Action>) {
        let Some(at) = self.cursor(grid) else {
            if let Some(first) = self.nav.first() {
                self.select(grid, first, false, out);
            }
            return;
        };
        if let Some(next) = self.nav.step(&at, m) {
            let next = next.to_string();
            self.select(grid, &next, extend, out);
        }
    }

    /// Commits the open editor; false (and the editor stays, with the reason) if refused.
    pub fn commit(&self, grid: &mut GridState, out: &mut Vec<Action>) -> bool {
        let Some(editor) = grid.editor.as_mut() else {
            return true;
        };
        match parse(&editor.key, &editor.text) {
            Ok(value) => {
                out.push(Action::Set(vec![(editor.key.clone(), value)]));
                grid.editor = None;
                true
            }
            Err(e) => {
                editor.error = Some(e.clone());
                out.push(Action::Invalid(e));
                false
            }
        }
    }

    fn one(&self, grid: &mut GridState, event: &Event, out: &mut Vec<Action>) {
        match event {
            Event::Text(t) => match grid.editor.as_mut() {
                Some(ed) => ed.insert(t),
                None => {
                    if let Some(at) = self.cursor(grid) {
                        let mut ed = Editor::new(self.id, &at, String::new(), Mode::Replace);
                        ed.insert(t);
                        grid.editor = Some(ed);
                    }
                }
            },
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => match grid.editor.is_some() {
                true => self.key_editing(grid, *key, *modifiers, out),
                false => self.key_selected(grid, *key, *modifiers, out),
            },
            Event::Copy if grid.editor.is_none() => {
                if let Some(text) = self.copied(grid) {
                    out.push(Action::Copy(text));
                }
            }
            Event::Paste(text) => match grid.editor.as_mut() {
                Some(ed) => ed.insert(text),
                None => self.paste(grid, text, out),
            },
            _ => {}
        }
    }

    fn key_editing(&self, grid: &mut GridState, key: Key, m: Modifiers, out: &mut Vec<Action>) {
        let Some(ed) = grid.editor.as_mut() else {
            return;
        };
        let in_place = ed.mode == Mode::InPlace;
        let then = match key {
            Key::Escape => {
                grid.editor = None;
                return;
            }
            Key::Backspace => return ed.delete(true),
            Key::Delete => return ed.delete(false),
            Key::ArrowLeft if in_place => {
                ed.caret = ed.caret.saturating_sub(1);
                return;
            }
            Key::ArrowRight if in_place => {
                ed.caret = (ed.caret + 1).min(ed.text.chars().count());
                return;
            }
            Key::Home if in_place => {
                ed.caret = 0;
                return;
            }
            Key::End if in_place => {
                ed.caret = ed.text.chars().count();
                return;
            }
            Key::Enter if m.shift => Move::Up,
            Key::Enter => Move::Down,
            Key::Tab if m.shift => Move::Previous,
            Key::Tab => Move::Next,
            Key::ArrowUp => Move::Up,
            Key::ArrowDown => Move::Down,
            Key::ArrowLeft => Move::Left,
            Key::ArrowRight => Move::Right,
            _ => return,
        };
        if self.commit(grid, out) {
            self.go(grid, then, false, out);
        }
    }

    fn key_selected(&self, grid: &mut GridState, key: Key, m: Modifiers, out: &mut Vec<Action>) {
        let plain = !m.command && !m.alt;
        let extend = m.shift;
        let step = match key {
            Key::ArrowUp => Some(Move::Up),
            Key::ArrowDown => Some(Move::Down),
            Key::ArrowLeft => Some(Move::Left),
            Key::ArrowRight => Some(Move::Right),
            _ => None,
        };
        if let Some(step) = step.filter(|_| plain) {
            return self.go(grid, step, extend, out);
        }
        match key {
            Key::Tab if m.shift => self.go(grid, Move::Previous, false, out),
            Key::Tab => self.go(grid, Move::Next, false, out),
            Key::Enter if m.shift => self.go(grid, Move::Up, false, out),
            Key::Enter => self.go(grid, Move::Down, false, out),
            Key::F2 => {
                if let Some(at) = self.cursor(grid) {
                    let text = value_text(self.report, &at);
                    grid.editor = Some(Editor::new(self.id, &at, text, Mode::InPlace));
                }
            }
            Key::Delete | Key::Backspace if plain => {
                let keys = self.selected_keys(grid);
                if !keys.is_empty() {
                    out.push(Action::Set(keys.into_iter().map(|k| (k, None)).collect()));
                }
            }
            Key::Escape => {
                if let Some(s) = grid.selection.as_mut() {
                    s.anchor = s.cursor.clone();
                }
            }
            _ => {}
        }
    }

    /// The selected rectangle, row by row.
    fn selected_block(&self, grid: &GridState) -> Vec<Vec<&str>> {
        match (&grid.selection, self.cursor(grid)) {
            (Some(s), Some(_)) if self.nav.contains(&s.anchor) => {
                self.nav.block(&s.anchor, &s.cursor)
            }
            (_, Some(c)) => self.nav.block(&c, &c),
            _ => Vec::new(),
        }
    }

    fn selected_keys(&self, grid: &GridState) -> Vec<String> {
        let block = self.selected_block(grid);
        block.into_iter().flatten().map(str::to_string).collect()
    }

    /// The selected cells as tab-separated lines, as spreadsheets copy them.
    fn copied(&self, grid: &GridState) -> Option<String> {
        let block = self.selected_block(grid);
        if block.is_empty() {
            return None;
        }
        let lines: Vec<String> = block
            .iter()
            .map(|row| {
                row.iter()
                    .map(|k| value_text(self.report, k))
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect();
        Some(lines.join("\n"))
    }

    /// Fills cells from pasted text, starting at the selection's top-left; all or nothing.
    fn paste(&self, grid: &GridState, text: &str, out: &mut Vec<Action>) {
        let block = self.selected_block(grid);
        let Some(start) = block.first().and_then(|r| r.first()) else {
            return;
        };
        let values = split_block(text);
        let mut set = Vec::new();
        for (key, raw) in self.nav.paste_targets(start, &values) {
            match parse(key, raw) {
                Ok(v) => set.push((key.to_string(), v)),
                Err(e) => return out.push(Action::Invalid(format!("未粘贴：{e}"))),
            }
        }
        if !set.is_empty() {
            out.push(Action::Set(set));
        }
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
