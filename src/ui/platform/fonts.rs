//! The fonts (the bundled Chinese font first, installed CJK fonts after), the text sizes, and the
//! window icon.

use eframe::egui::{self, FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::path::Path;
use std::sync::Arc;

/// The bundled Simplified Chinese font (a GB2312 subset of Noto Sans CJK SC; see assets/fonts/).
const BUNDLED_CJK: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-subset.otf");
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
    eframe::icon_data::from_png_bytes(include_bytes!("../../../assets/icon/icon.png")).ok()
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
