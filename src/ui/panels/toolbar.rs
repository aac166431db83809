//! The toolbar: open, samples, undo/redo, export, then the status line (progress and the last
//! message).

use crate::ui::app::App;
use crate::ui::theme;
use crate::ui::view::Dialog;
use eframe::egui::{self, RichText, Ui};

pub fn show(app: &mut App, ui: &mut Ui) {
    ui.add_space(3.0);
    // Wraps onto a second line on a narrow window, so every button stays reachable.
    ui.horizontal_wrapped(|ui| {
        if ui.button("打开文件…").clicked() {
            app.view.dialog = Some(Dialog::OpenFiles);
        }
        if ui.button("打开文件夹…").clicked() {
            app.view.dialog = Some(Dialog::OpenFolder);
        }
        if ui
            .button("加载示例报告")
            .on_hover_text("载入程序自带的 5 份示例报告")
            .clicked()
        {
            app.load_samples();
        }
        ui.separator();
        if ui
            .add_enabled(app.state.can_undo(), egui::Button::new("撤销"))
            .on_hover_text("撤销上一次修改（Ctrl+Z）")
            .clicked()
        {
            app.undo();
        }
        if ui
            .add_enabled(app.state.can_redo(), egui::Button::new("重做"))
            .on_hover_text("重做（Ctrl+Y）")
            .clicked()
        {
            app.redo();
        }
        ui.separator();
        let can_export = app.state.report_count() > 0 && app.jobs.export.is_none();
        if ui
            .add_enabled(can_export, egui::Button::new("导出 Excel…"))
            .on_hover_text("把全部报告的表格和核对结果导出为 Excel 工作簿")
            .clicked()
        {
            app.view.dialog = Some(Dialog::SaveWorkbook);
        }
        if ui
            .button("报送名单")
            .on_hover_text("应报单位名单：谁已报、谁未报，各单位的核查状态")
            .clicked()
        {
            app.view.roster = true;
        }
        if ui
            .add_enabled(can_export, egui::Button::new("整改通知…"))
            .on_hover_text("为每个有待改正错误的单位写一份整改通知（Word），并写核查情况通报")
            .clicked()
        {
            app.ask_notices(None);
        }
        if ui
            .button("设置")
            .on_hover_text("各类机关的年报公布期限")
            .clicked()
        {
            app.view.settings = true;
        }
        if ui
            .button("帮助")
            .on_hover_text("操作说明、快捷键和每条核对规则（F1）")
            .clicked()
        {
            app.view.help = true;
        }
        progress(app, ui);
        if !app.notice_log.is_empty()
            && ui
                .small_button("消息")
                .on_hover_text("打开或关上本次的全部消息（消息记录）")
                .clicked()
        {
            app.view.notice_log = !app.view.notice_log;
        }
        notice_line(app, ui);
    });
    ui.add_space(1.0);
}

fn progress(app: &mut App, ui: &mut Ui) {
    if let Some((done, found)) = app.jobs.loader.progress() {
        let fraction = if found == 0 {
            0.0
        } else {
            done as f32 / found as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(160.0)
                .text(format!("正在读取 {done}/{found}")),
        );
        scan_pages(ui);
        if ui
            .button("取消读取")
            .on_hover_text(
                "停止读取：正在读的文件不再读完，未开始的文件不再读取；已读入的报告保留。",
            )
            .clicked()
        {
            app.cancel_reading();
        }
    }
    if let Some(job) = &app.jobs.export {
        ui.add(
            egui::ProgressBar::new(job.progress())
                .desired_width(160.0)
                .text("正在导出…"),
        );
    }
    if let Some(e) = app.jobs.autosave.as_ref().and_then(|a| a.error()) {
        ui.colored_label(theme::ERROR_TEXT, "⚠").on_hover_text(e);
    }
}

/// A bar per scanned file being read: OCR takes seconds a page, so the page shows it is moving.
fn scan_pages(ui: &mut Ui) {
    let scanning = crate::worker::progress::scanning();
    if !scanning.is_empty() {
        // Pages are told on the workers' stderr, which wakes nobody: look again shortly.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(300));
    }
    for (page, pages) in scanning {
        let (fraction, text) = if pages > 0 {
            (
                (page.saturating_sub(1)) as f32 / pages as f32,
                format!("识别扫描件 第 {page}/{pages} 页"),
            )
        } else {
            (0.0, format!("识别扫描件 第 {page} 页"))
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(170.0)
                .text(text),
        );
    }
}

fn notice_line(app: &mut App, ui: &mut Ui) {
    let Some(n) = &app.notice else { return };
    let color = if n.error {
        theme::ERROR_TEXT
    } else {
        theme::MUTED_TEXT
    };
    // A message goes after a while; the log keeps it.
    if n.stale() {
        app.notice = None;
        return;
    }
    ui.ctx()
        .request_repaint_after(n.shown_for().saturating_sub(n.at.elapsed()));
    let text = n.text.clone();
    if ui.small_button("×").on_hover_text("关闭提示").clicked() {
        app.notice = None;
        return;
    }
    // Cut short where the toolbar ends; a click opens the log with every message in full.
    if ui
        .add(
            egui::Label::new(RichText::new(text).color(color))
                .truncate()
                .sense(egui::Sense::click()),
        )
        .on_hover_text("单击查看全部消息")
        .clicked()
    {
        app.view.notice_log = true;
    }
}
