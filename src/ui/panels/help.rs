//! The help window: how to load, edit, review and export, the keyboard shortcuts, zoom, and
//! every rule of the catalogue ([`Rule::all`]) with its explanation. A finding's 规则说明 opens
//! it at that rule.

use crate::rules::Rule;
use crate::ui::theme;
use eframe::egui::{self, Align, RichText, ScrollArea, Ui};

const GUIDE: &[(&str, &[&str])] = &[
    (
        "导入报告",
        &[
            "把报告文件或整个文件夹拖到窗口中；或点“打开文件…”“打开文件夹…”。",
            "支持 PDF、OFD、Word（.docx/.doc/.wps）、Excel（.xlsx/.xls/.ods）、网页和文本；网页上的报告可复制全文后按 Ctrl+V。",
            "本程序导出的汇总工作簿不是报告，导入时会跳过。",
        ],
    ),
    (
        "修改表格",
        &[
            "单击选中单元格，直接输入数字即改写原值；F2 或双击在原值上修改；Esc 取消。",
            "方向键、Tab / Shift+Tab、Enter 在表格内移动；Delete 清空（清空后为“未填”，不是 0）。",
            "Ctrl+C 复制所选单元格（制表符分隔）；Ctrl+V 把从 Excel/WPS 复制的一行或一块数字粘贴到从所选格起的各格，一次撤销即可还原。",
            "蓝色角标为已修改，灰色角标为报告中空白按 0 计，绿色角标为由勾稽关系推得；鼠标停留可看原因。",
        ],
    ),
    (
        "核实问题",
        &[
            "在右侧“核对结果”中点“核实…”，选择“已核实无误”或“不适用”，写明简短说明和核实人。",
            "已核实的问题显示为灰色，不再计入错误数，下次打开仍保留，并写入导出的工作簿；相关数字再被修改时会重新打开。",
        ],
    ),
    (
        "导出",
        &["点“导出 Excel…”生成汇总工作簿：各报告的表格、问题清单及核实情况。"],
    ),
    (
        "快捷键",
        &[
            "Ctrl+Z 撤销，Ctrl+Y 或 Ctrl+Shift+Z 重做，F1 打开本帮助。",
            "Ctrl 加 +/− 放大或缩小整个界面，Ctrl+0 恢复原大小。",
        ],
    ),
];

/// Draws the window while `open`; `jump` scrolls to a rule once.
pub fn show(ui: &mut Ui, open: &mut bool, jump: &mut Option<Rule>) {
    let mut still_open = *open;
    // Below the toolbar, in the middle, and no taller than the window.
    let screen = ui.ctx().content_rect();
    egui::Window::new("帮助")
        .open(&mut still_open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(screen.center_top() + egui::vec2(0.0, 48.0))
        .default_size([560.0, 600.0_f32.min(screen.height() - 90.0)])
        .vscroll(false)
        .show(ui.ctx(), |ui| {
            ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for (title, lines) in GUIDE {
                        ui.label(RichText::new(*title).strong().size(16.0));
                        for line in *lines {
                            ui.label(*line);
                        }
                        ui.add_space(6.0);
                    }
                    ui.separator();
                    ui.label(RichText::new("核对规则").strong().size(16.0));
                    for rule in Rule::all() {
                        let r = ui.label(
                            RichText::new(format!(
                                "{}（{}）",
                                rule.name(),
                                rule.severity().label()
                            ))
                            .strong()
                            .color(theme::FOCUS_BORDER),
                        );
                        ui.label(rule.explanation());
                        ui.weak(format!("规则编号 {}", rule.id()));
                        if *jump == Some(rule) {
                            r.scroll_to_me(Some(Align::TOP));
                            *jump = None;
                        }
                        ui.add_space(4.0);
                    }
                });
        });
    *open = still_open;
}
