//! The page images of scanned reports, decoded on demand in a reading worker
//! ([`crate::load_page_picture`]) and kept as textures: the source panel shows the page with the
//! selected cell's box, a scanned cell's tooltip shows its crop.
//!
//! The cache lives in egui's memory so that any drawing code (the grid's tooltip, the source
//! panel) can ask for a page with only the `Context`; the first ask starts the decoding on a
//! thread and draws "正在载入" until it arrives.

use crate::read::scan::picture::PagePicture;
use eframe::egui::{self, ColorImage, Context, Id, TextureHandle, TextureOptions};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// A page of a file as the app has it.
#[derive(Clone)]
pub enum Slot {
    Loading,
    /// The texture, and the size of the image the OCR boxes are in.
    Ready {
        texture: TextureHandle,
        size: [f32; 2],
    },
    Failed(String),
}

type Key = (String, u32);

struct Cache {
    slots: HashMap<Key, Slot>,
    tx: Sender<(Key, Result<PagePicture, String>)>,
    rx: Receiver<(Key, Result<PagePicture, String>)>,
}

impl Default for Cache {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Cache {
            slots: HashMap::new(),
            tx,
            rx,
        }
    }
}

fn cache(ctx: &Context) -> Arc<Mutex<Cache>> {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<Arc<Mutex<Cache>>>(Id::unique("nianbao-pictures"))
            .clone()
    })
}

/// Page `page` of `file`: ready, loading (started now if it was not), or why it cannot be shown.
pub fn page(ctx: &Context, file: &str, page: u32) -> Slot {
    let cache = cache(ctx);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    while let Ok((key, result)) = cache.rx.try_recv() {
        let slot = match result {
            Ok(p) => texture(ctx, &key, &p),
            Err(e) => Slot::Failed(e),
        };
        cache.slots.insert(key, slot);
    }
    let key = (file.to_string(), page);
    if let Some(slot) = cache.slots.get(&key) {
        return slot.clone();
    }
    let slot = match start(ctx, key.clone(), cache.tx.clone()) {
        Ok(()) => Slot::Loading,
        Err(e) => Slot::Failed(format!("无法启动读取线程：{e}")),
    };
    cache.slots.insert(key, slot.clone());
    slot
}

fn start(
    ctx: &Context,
    key: Key,
    tx: Sender<(Key, Result<PagePicture, String>)>,
) -> std::io::Result<()> {
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name("nianbao-picture".into())
        .spawn(move || {
            let result =
                crate::load_page_picture(&PathBuf::from(&key.0), key.1).map_err(|e| e.to_string());
            let _ = tx.send((key, result));
            ctx.request_repaint();
        })
        .map(|_| ())
}

fn texture(ctx: &Context, key: &Key, p: &PagePicture) -> Slot {
    let image = match image::load_from_memory(&p.png) {
        Ok(i) => i.to_rgba8(),
        Err(e) => return Slot::Failed(format!("扫描图像无法显示：{e}")),
    };
    let size = [image.width() as usize, image.height() as usize];
    let color = ColorImage::from_rgba_unmultiplied(size, image.as_raw());
    let name = format!("scan:{}:{}", key.0, key.1);
    Slot::Ready {
        texture: ctx.load_texture(name, color, TextureOptions::LINEAR),
        size: [p.width as f32, p.height as f32],
    }
}

/// The part of the texture `bbox` covers (in the page image's pixels), with a margin around it,
/// as uv coordinates; and the margin-widened box in pixels.
pub fn crop_uv(bbox: [f32; 4], size: [f32; 2], margin: f32) -> (egui::Rect, [f32; 4]) {
    let [w, h] = size;
    let grown = [
        (bbox[0] - margin).max(0.0),
        (bbox[1] - margin).max(0.0),
        (bbox[2] + margin).min(w),
        (bbox[3] + margin).min(h),
    ];
    let uv = egui::Rect::from_min_max(
        egui::pos2(grown[0] / w.max(1.0), grown[1] / h.max(1.0)),
        egui::pos2(grown[2] / w.max(1.0), grown[3] / h.max(1.0)),
    );
    (uv, grown)
}

/// Draws the crop of `bbox` on page `page` of `file`, `height` points high, or a line saying
/// why not (yet).
pub fn show_crop(ui: &mut egui::Ui, file: &str, page_no: u32, bbox: [f32; 4], height: f32) {
    match page(ui.ctx(), file, page_no) {
        Slot::Ready { texture, size } => {
            let margin = (bbox[3] - bbox[1]).max(8.0) * 0.6;
            let (uv, grown) = crop_uv(bbox, size, margin);
            let aspect = (grown[2] - grown[0]) / (grown[3] - grown[1]).max(1.0);
            let shown = egui::vec2((height * aspect).min(380.0), height);
            ui.add(
                egui::Image::new(egui::load::SizedTexture::new(texture.id(), shown))
                    .uv(uv)
                    .alt_text("扫描件上此格的图像"),
            );
        }
        Slot::Loading => {
            ui.weak("正在载入扫描图像…");
        }
        Slot::Failed(e) => {
            ui.weak(format!("扫描图像无法显示：{e}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crop_is_its_box_and_margin_clamped_to_the_page() {
        let (uv, grown) = crop_uv([10.0, 20.0, 50.0, 40.0], [100.0, 200.0], 15.0);
        assert_eq!(grown, [0.0, 5.0, 65.0, 55.0]);
        assert!((uv.min.x - 0.0).abs() < 1e-6 && (uv.max.x - 0.65).abs() < 1e-6);
        assert!((uv.min.y - 0.025).abs() < 1e-6 && (uv.max.y - 0.275).abs() < 1e-6);
    }
}
