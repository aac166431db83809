//! Colours, sizes and fonts. Change a shade here and it changes everywhere.

use eframe::egui::{self, Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::path::Path;
use std::sync::Arc;

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

/// The bundled Simplified Chinese font (a GB2312 subset of Noto Sans CJK SC; see assets/fonts/).
const BUNDLED_CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");
const BUNDLED_NAME: &str = "Noto Sans SC (bundled)";

/// System fonts tried for characters outside the bundled subset (rare characters in place
/// names), with the face index inside a collection. The first two that exist are used.
const SYSTEM_FALLBACKS: &[(&str, u32)] = &[
    // Windows: Microsoft YaHei (Vista and later), then SimSun.
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttf", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    // Linux (Debian/Ubuntu/UOS/Kylin, Fedora, Arch): Noto CJK (face 2 is SC), WenQuanYi.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
    // macOS.
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
];

/// Fonts with the bundled CJK font first (so Chinese and digits share one set of metrics) and,
/// when `system_fallbacks`, installed CJK fonts after egui's own.
pub fn fonts(system_fallbacks: bool) -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        BUNDLED_NAME.to_string(),
        Arc::new(FontData::from_static(BUNDLED_CJK)),
    );
    let mut extra = Vec::new();
    if system_fallbacks {
        for (path, index) in SYSTEM_FALLBACKS
            .iter()
            .filter(|(p, _)| Path::new(p).is_file())
            .take(2)
        {
            if let Ok(bytes) = std::fs::read(path) {
                let name = format!("system: {path}");
                fonts.font_data.insert(
                    name.clone(),
                    Arc::new(FontData::from_blob(Arc::new(bytes), *index)),
                );
                extra.push(name);
            }
        }
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Proportional) {
        list.insert(0, BUNDLED_NAME.to_string());
        list.extend(extra.iter().cloned());
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Monospace) {
        // Latin stays monospaced; Chinese in the source view comes from the CJK font.
        list.insert(1, BUNDLED_NAME.to_string());
        list.extend(extra);
    }
    fonts
}

/// Sets fonts and text sizes on a context.
pub fn install(ctx: &egui::Context, system_fallbacks: bool) {
    ctx.set_fonts(fonts(system_fallbacks));
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        use FontFamily::{Monospace, Proportional};
        style.text_styles = [
            (TextStyle::Heading, FontId::new(20.0, Proportional)),
            (TextStyle::Body, FontId::new(14.0, Proportional)),
            (TextStyle::Monospace, FontId::new(13.0, Monospace)),
            (TextStyle::Button, FontId::new(14.0, Proportional)),
            (TextStyle::Small, FontId::new(12.0, Proportional)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
    });
}

/// The window icon (assets/icon/icon.png).
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/icon.png")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_leads_every_family() {
        let f = fonts(false);
        assert_eq!(f.families[&FontFamily::Proportional][0], BUNDLED_NAME);
        assert!(f.families[&FontFamily::Monospace].contains(&BUNDLED_NAME.to_string()));
        assert!(
            BUNDLED_CJK.len() > 1_000_000,
            "the CJK font is missing or truncated"
        );
    }

    #[test]
    fn the_icon_decodes() {
        let icon = icon().expect("icon.png decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
    }
}
