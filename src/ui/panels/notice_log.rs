//! 消息记录: every message the status line showed this session, newest first, in full (the
//! status line cuts long ones short and lets them go after a while).

use crate::ui::app::App;
use crate::ui::theme;
use eframe::egui::{self, RichText, ScrollArea, Ui};

pub fn show(app: &mut App, ui: &mut Ui) {
    let mut open = app.view.notice_log;
    let mut clear = false;
    egui::Window::new("消息记录")
        .open(&mut open)
        .default_width(560.0)
        .show(ui.ctx(), |ui| {
            if app.notice_log.is_empty() {
                ui.weak("还没有消息。");
            }
            ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                for n in app.notice_log.iter().rev() {
                    let color = if n.error {
                        theme::ERROR_TEXT
                    } else {
                        theme::MUTED_TEXT
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(ago(n.at.elapsed().as_secs()));
                        ui.add(egui::Label::new(RichText::new(&n.text).color(color)).wrap());
                    });
                    ui.separator();
                }
            });
            if !app.notice_log.is_empty() && ui.button("清除记录").clicked() {
                clear = true;
            }
        });
    if clear {
        app.notice_log.clear();
    }
    app.view.notice_log = open;
}

/// `刚才`, `5 分钟前`, `2 小时前`.
fn ago(secs: u64) -> String {
    match secs {
        0..60 => "刚才".to_string(),
        60..3600 => format!("{} 分钟前", secs / 60),
        _ => format!("{} 小时前", secs / 3600),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_said_as_a_clerk_would() {
        assert_eq!(super::ago(5), "刚才");
        assert_eq!(super::ago(300), "5 分钟前");
        assert_eq!(super::ago(7300), "2 小时前");
    }
}
