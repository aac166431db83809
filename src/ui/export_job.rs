//! Writes the workbook ([`crate::export::write_workbook`]) on a background thread, with progress.

use crate::model::{Finding, Report};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use super::loader::Wake;

pub struct ExportJob {
    pub path: PathBuf,
    /// 0.0–1.0, stored as f32 bits.
    progress: Arc<AtomicU32>,
    rx: Receiver<Result<(), String>>,
}

impl ExportJob {
    /// Starts writing `reports` and `findings` to `path`, with the files that could not be read
    /// listed on the cover (the reports are copied on the export thread, not on the UI thread).
    pub fn start(
        path: PathBuf,
        reports: Vec<Arc<Report>>,
        findings: Vec<Vec<Finding>>,
        unreadable: Vec<crate::export::Unreadable>,
        wake: Wake,
    ) -> ExportJob {
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let (tx, rx) = mpsc::channel();
        let job = ExportJob {
            path: path.clone(),
            progress: progress.clone(),
            rx,
        };
        let spawned = std::thread::Builder::new()
            .name("nianbao-export".into())
            .spawn({
                let tx = tx.clone();
                let wake = wake.clone();
                move || {
                    let report_progress = |p: f32| {
                        progress.store(p.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
                        wake();
                    };
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let reports: Vec<Report> = reports.iter().map(|r| (**r).clone()).collect();
                        let batch = crate::export::Batch {
                            unreadable: &unreadable,
                            ..crate::export::Batch::new(&reports, &findings)
                        };
                        crate::export::write_workbook(&path, &batch, &report_progress)
                            .map_err(|e| e.to_string())
                    }))
                    .unwrap_or_else(|_| Err("生成工作簿时程序出错".into()));
                    let _ = tx.send(result);
                    wake();
                }
            });
        if let Err(e) = spawned {
            let _ = tx.send(Err(format!("无法启动导出线程：{e}")));
        }
        job
    }

    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    /// `Some` once finished.
    pub fn poll(&self) -> Option<Result<(), String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("导出线程意外退出".into())),
        }
    }
}
