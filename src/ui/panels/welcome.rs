//! The first-run screen, shown while nothing is loaded: what the program does, how to bring
//! reports in, and a button to try it on the bundled samples.

use crate::ui::theme;
use eframe::egui::{self, RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeAction {
    OpenFiles,
    LoadSamples,
}

pub fn show(ui: &mut Ui) -> Option<WelcomeAction> {
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.12).min(80.0));
        ui.label(RichText::new("政务公开年报核查").size(28.0).strong());
        ui.add_space(6.0);
        ui.label(
            RichText::new("读取政府信息公开工作年度报告，核对三张法定表格的数字，逐项标出问题。")
                .size(16.0),
        );
        ui.add_space(24.0);
        ui.horizontal(|ui| {
            let w = 2.0 * 160.0 + ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
            let open = egui::Button::new(RichText::new("打开文件…").size(16.0)).min_size(egui::vec2(160.0, 36.0));
            if ui.add(open).clicked() {
                action = Some(WelcomeAction::OpenFiles);
            }
            let samples =
                egui::Button::new(RichText::new("加载示例报告").size(16.0)).min_size(egui::vec2(160.0, 36.0));
            if ui
                .add(samples)
                .on_hover_text("载入程序自带的 5 份乡镇 2023 年度报告，先看看效果")
                .clicked()
            {
                action = Some(WelcomeAction::LoadSamples);
            }
        });
        ui.add_space(24.0);
        egui::Frame::new()
            .fill(theme::LABEL_BG)
            .stroke(egui::Stroke::new(1.0, theme::GRID_LINE))
            .corner_radius(6)
            .inner_margin(16)
            .show(ui, |ui| {
                ui.set_max_width(560.0);
                ui.vertical(|ui| {
                    ui.label(RichText::new("怎样导入报告").strong());
                    for line in [
                        "1. 把报告文件或整个文件夹拖到本窗口任意位置，松开鼠标即可导入（文件夹会连同子文件夹一起读取）。",
                        "2. 或点击“打开文件…”，可一次选择多个文件。",
                        "3. 网页上的报告：复制全文后，在本窗口按 Ctrl+V 粘贴。",
                        "支持 PDF、OFD、Word（.docx/.doc/.wps）、Excel（.xlsx/.xls/.ods）、网页（.html）和文本（.txt），扫描件（扫描的 PDF 及 JPG、PNG、TIFF、BMP 图片，离线识别文字），以及装有这些文件的 ZIP 压缩包。",
                    ] {
                        ui.label(line);
                    }
                    ui.add_space(8.0);
                    ui.label(RichText::new("之后").strong());
                    for line in [
                        "• 红色单元格表示核对不通过，深红加框的是最可能出错的一格；鼠标停留可看应为多少。",
                        "• 单击单元格即可修改，修改后立即重新核对；Ctrl+Z 撤销，Ctrl+Y 重做。",
                        "• 所有修改自动保存，下次打开时原样恢复。“导出 Excel”生成汇总表。",
                    ] {
                        ui.label(line);
                    }
                });
            });
    });
    action
}
