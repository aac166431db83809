//! Where the OCR models are, and loading them once per process.
//!
//! The models (PaddleOCR PP-OCRv6 small, Apache-2.0) are not in the repository:
//! `scripts/fetch-ocr-models.sh` takes them from the PyPI wheel `rapidocr` 3.10.0, and build.rs
//! runs it. They are looked for at run time, so that the installers ship them beside the program
//! and a worker that never meets a scan never reads 31 MB of weights.

use super::ocr::Engine;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const DET_MODEL: &str = "PP-OCRv6_det_small.onnx";
pub const REC_MODEL: &str = "PP-OCRv6_rec_small.onnx";
/// Set to a folder holding the two models to use those instead of the installed ones.
pub const ENV_DIR: &str = "NIANBAO_OCR_MODELS";

/// Why the OCR could not start, in a sentence for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// No folder holds both models; the paths looked at.
    Missing(Vec<PathBuf>),
    /// The files are there but could not be loaded; what the loader said.
    Unloadable(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::Missing(_) => write!(
                f,
                "这是扫描件或图片，需要文字识别（OCR）模型才能读取，但本机没有找到模型文件（{DET_MODEL}、{REC_MODEL}）。请重新安装本程序；从源代码构建时请运行 scripts/fetch-ocr-models.sh。"
            ),
            ModelError::Unloadable(why) => write!(
                f,
                "文字识别（OCR）模型文件无法加载（{why}），扫描件无法读取。请重新安装本程序。"
            ),
        }
    }
}

/// The folders looked in, first found wins: [`ENV_DIR`], `models/ocr` beside the program, the
/// .deb's `../share/nianbao/models/ocr`, then the source tree the program was built from.
pub fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os(ENV_DIR) {
        dirs.push(PathBuf::from(d));
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        dirs.push(exe_dir.join("models").join("ocr"));
        dirs.push(exe_dir.join("../share/nianbao/models/ocr"));
    }
    dirs.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/ocr"
    )));
    dirs
}

/// The first folder that holds both models.
pub fn find_dir() -> Result<PathBuf, ModelError> {
    let dirs = candidate_dirs();
    dirs.iter()
        .find(|d| d.join(DET_MODEL).is_file() && d.join(REC_MODEL).is_file())
        .cloned()
        .ok_or(ModelError::Missing(dirs))
}

static ENGINE: OnceLock<Result<Engine, ModelError>> = OnceLock::new();

/// The engine, loaded on first use and kept for the life of the process.
pub fn engine() -> Result<&'static Engine, ModelError> {
    ENGINE
        .get_or_init(|| Engine::load(&find_dir()?))
        .as_ref()
        .map_err(Clone::clone)
}

/// The recogniser's characters, one a line, from the `character` entry of the recognition
/// model's ONNX metadata (PaddleOCR exports keep their dictionary there).
pub fn dictionary_text(rec_model: &[u8]) -> Result<String, ModelError> {
    use tract_onnx::prelude::Framework;
    let proto = tract_onnx::onnx()
        .proto_model_for_read(&mut std::io::Cursor::new(rec_model))
        .map_err(|e| ModelError::Unloadable(short(&e.to_string())))?;
    proto
        .metadata_props
        .into_iter()
        .find(|p| p.key == "character")
        .map(|p| p.value)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ModelError::Unloadable("识别模型中没有字符表".into()))
}

pub(super) fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_tree_is_the_last_place_looked() {
        let dirs = candidate_dirs();
        assert!(dirs.last().is_some_and(
            |d| d.ends_with("models/ocr") && d.starts_with(env!("CARGO_MANIFEST_DIR"))
        ));
    }

    #[test]
    fn missing_models_are_said_in_chinese_with_the_script() {
        let msg = ModelError::Missing(vec![]).to_string();
        assert!(
            msg.contains("OCR") && msg.contains("fetch-ocr-models.sh"),
            "{msg}"
        );
    }
}
