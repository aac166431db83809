//! The in-app file chooser, for when the system cannot show a file dialog: on Linux rfd asks
//! the desktop portal (xdg-desktop-portal) or zenity, and where neither exists (many UOS and
//! Kylin machines) it shows nothing and says nothing. Then this window is the clerk's file
//! dialog, so it works like one: places (recent folders, 桌面, 文档, 下载), several files chosen
//! with Ctrl/Shift-click or Ctrl+A, double-click to open a file or enter a folder, Enter to open
//! the selection, a new folder where something is saved, and it closes only by its buttons or
//! Esc. What is chosen is checked before it closes, so a mistake keeps what was typed.
//!
//! This file draws the window; what it holds and decides is in [`choice`](super::choice), the
//! listing and its selection in [`listing`](super::listing).

use super::choice::{Choice, Chooser, Purpose};
use super::listing::Item;
use crate::ui::theme;
use eframe::egui::{self, Id, Key, Modifiers, RichText, ScrollArea, Ui};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

impl Chooser {
    /// Draws the window; `recent` are the folders used before.
    pub fn show(&mut self, ui: &mut Ui, recent: &[PathBuf]) -> Option<Choice> {
        let mut choice = None;
        let title = match self.purpose {
            Purpose::Open => "打开报告（可多选）",
            Purpose::Save => "导出 Excel 工作簿",
            Purpose::Folder => "整改通知保存到哪个文件夹",
            Purpose::List => "打开应报单位名单",
        };
        egui::Modal::new(Id::unique("in-app-chooser")).show(ui.ctx(), |ui| {
            ui.set_width(620.0);
            ui.heading(title);
            ui.colored_label(theme::MUTED_TEXT, &self.reason);
            ui.add_space(4.0);
            if self.path_row(ui) {
                choice = self.accept();
            }
            self.places_row(ui, recent);
            ui.separator();
            if self.list(ui) {
                choice = self.accept();
            }
            if self.purpose != Purpose::Open && self.purpose != Purpose::List {
                self.new_folder_row(ui);
            }
            if let Some(e) = &self.error {
                ui.colored_label(theme::ERROR_TEXT, e);
            }
            ui.separator();
            choice = choice.take().or_else(|| self.buttons(ui));
        });
        // Esc cancels; a click outside does not (it would lose what was typed).
        if choice.is_none() && ui.input(|i| i.key_pressed(Key::Escape)) {
            choice = Some(Choice::Cancel);
        }
        choice
    }

    /// The path field and 上一级; true when Enter asks to accept a typed file.
    fn path_row(&mut self, ui: &mut Ui) -> bool {
        let mut accept = false;
        ui.horizontal(|ui| {
            let label = ui.label("路径");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.path).desired_width(470.0))
                .labelled_by(label.id);
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                // A folder's path lists that folder; anything else is the choice.
                let typed = self.dir.join(self.path.trim());
                if typed.is_dir() && self.purpose != Purpose::Folder {
                    self.enter(typed);
                } else {
                    accept = true;
                }
            }
            if ui.button("上一级").clicked() {
                if let Some(up) = self.dir.parent().map(Path::to_path_buf) {
                    self.enter(up);
                }
            }
        });
        accept
    }

    /// The recent folders and the usual places, one click each.
    fn places_row(&mut self, ui: &mut Ui, recent: &[PathBuf]) {
        let mut go = None;
        ui.horizontal_wrapped(|ui| {
            ui.weak("位置：");
            for (label, dir) in &self.places {
                if ui
                    .small_button(label.as_str())
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    go = Some(dir.clone());
                }
            }
            if !recent.is_empty() {
                ui.weak("  最近：");
            }
            for dir in recent {
                let name = dir.file_name().map_or(dir.display().to_string(), |n| {
                    n.to_string_lossy().into_owned()
                });
                if ui
                    .small_button(name)
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    go = Some(dir.clone());
                }
            }
        });
        if let Some(d) = go {
            self.enter(d);
        }
    }

    /// The folder's lines; true when a file was double-clicked or Enter pressed on the
    /// selection (to accept it).
    fn list(&mut self, ui: &mut Ui) -> bool {
        let hint = match self.purpose {
            Purpose::Open => "单击选择，按住 Ctrl 或 Shift 可选多个，Ctrl+A 全选；双击打开",
            _ => "单击选择，双击文件夹进入",
        };
        ui.weak(format!("{}：{hint}", self.dir.display()));
        let mut enter = None;
        let mut accept = false;
        let mut clicked = None;
        ScrollArea::vertical()
            .max_height(280.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if self.listing.items.is_empty() {
                    ui.weak("（此文件夹中没有可选的文件）");
                }
                for (i, item) in self.listing.items.iter().enumerate() {
                    let text = if item.is_dir {
                        RichText::new(format!("{}/", item.name)).strong()
                    } else {
                        RichText::new(item.name.as_str())
                    };
                    let selected = self.listing.selected.contains(&i);
                    let r = ui.selectable_label(selected, text);
                    // A third click in a row (a quick clerk) opens it as well.
                    if r.double_clicked() || r.triple_clicked() {
                        if item.is_dir {
                            enter = Some(self.dir.join(&item.name));
                        } else {
                            self.listing.selected = BTreeSet::from([i]);
                            accept = true;
                        }
                    } else if r.clicked() {
                        clicked = Some((i, ui.input(|inp| inp.modifiers)));
                    }
                }
            });
        if let Some((i, m)) = clicked {
            self.listing.click(i, m);
            self.show_selection();
        }
        if let Some(d) = enter {
            self.enter(d);
            return false;
        }
        if accept {
            self.show_selection();
            return true;
        }
        // Keys for the list when no text field has the keyboard.
        if ui.memory(|m| m.focused().is_none()) {
            if self.purpose == Purpose::Open
                && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::A))
            {
                self.listing.select_all_files();
                self.show_selection();
            }
            if !self.listing.selected.is_empty()
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
            {
                let dirs: Vec<&Item> = self.listing.chosen().filter(|i| i.is_dir).collect();
                if let ([d], Purpose::Save | Purpose::List) = (dirs.as_slice(), self.purpose) {
                    let d = self.dir.join(&d.name);
                    self.enter(d);
                    return false;
                }
                return true;
            }
        }
        false
    }

    fn new_folder_row(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| match &mut self.new_folder {
            None => {
                if ui.button("新建文件夹").clicked() {
                    self.new_folder = Some(String::new());
                }
            }
            Some(name) => {
                let label = ui.label("新文件夹名称");
                let r = ui
                    .add(egui::TextEdit::singleline(name).desired_width(240.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.button("建立").clicked() || enter {
                    self.make_folder();
                }
                if ui.button("不建了").clicked() {
                    self.new_folder = None;
                }
            }
        });
    }

    fn buttons(&mut self, ui: &mut Ui) -> Option<Choice> {
        let mut choice = None;
        ui.horizontal(|ui| {
            let n = self.listing.chosen().count();
            let ok = match self.purpose {
                Purpose::Open if n > 1 => format!("打开所选的 {n} 项"),
                Purpose::Open | Purpose::List => "打开".to_string(),
                Purpose::Save => "导出".to_string(),
                Purpose::Folder => "保存到此文件夹".to_string(),
            };
            if ui.button(ok).clicked() {
                choice = self.accept();
            }
            if ui.button("取消").clicked() {
                choice = Some(Choice::Cancel);
            }
        });
        choice
    }
}
