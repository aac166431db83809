//! Writes what leaves the desk on a background thread, with progress: the workbook
//! ([`crate::export::write_workbook`]) or the 整改通知 and the 核查情况通报
//! ([`crate::export::write_notices`]).

use crate::export::{Options, Unreadable};
use crate::model::{Finding, Report};
use crate::roster::Roster;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use super::loader::Wake;

/// What an export just wrote, offered to be opened (see `panels/export_done`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The workbook: the file can be opened, and its folder.
    Workbook(PathBuf),
    /// The 整改通知 and the 通报: a folder.
    Notices(PathBuf),
}

/// What is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The workbook, at the job's path.
    Workbook,
    /// Notices into the job's folder: of every unit with an error and the 通报 (`None`), or of
    /// the units whose reports are these (indices into the reports).
    Notices(Option<Vec<usize>>),
}

/// Everything the documents are made from, taken from the app on the UI thread (the reports
/// shared, copied on the export thread).
pub struct Inputs {
    pub reports: Vec<Arc<Report>>,
    pub findings: Vec<Vec<Finding>>,
    pub unreadable: Vec<Unreadable>,
    pub roster: Option<Roster>,
    pub options: Options,
}

pub struct ExportJob {
    pub path: PathBuf,
    pub output: Output,
    /// 0.0–1.0, stored as f32 bits.
    progress: Arc<AtomicU32>,
    /// The files written, or why not.
    rx: Receiver<Result<Vec<PathBuf>, String>>,
}

impl ExportJob {
    pub fn start(path: PathBuf, output: Output, inputs: Inputs, wake: Wake) -> ExportJob {
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let (tx, rx) = mpsc::channel();
        let job = ExportJob {
            path: path.clone(),
            output: output.clone(),
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
                        write(&path, &output, &inputs, &report_progress)
                    }))
                    .unwrap_or_else(|_| Err("生成文件时程序出错".into()));
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

    /// `Some` once finished: the files written.
    pub fn poll(&self) -> Option<Result<Vec<PathBuf>, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("导出线程意外退出".into())),
        }
    }
}

fn write(
    path: &std::path::Path,
    output: &Output,
    inputs: &Inputs,
    progress: &dyn Fn(f32),
) -> Result<Vec<PathBuf>, String> {
    let reports: Vec<Report> = inputs.reports.iter().map(|r| (**r).clone()).collect();
    let batch = crate::export::Batch {
        unreadable: &inputs.unreadable,
        options: &inputs.options,
        roster: inputs.roster.as_ref(),
        ..crate::export::Batch::new(&reports, &inputs.findings)
    };
    let written = match output {
        Output::Workbook => {
            crate::export::write_workbook(path, &batch, progress).map(|()| vec![path.to_path_buf()])
        }
        Output::Notices(None) => crate::export::write_notices(path, &batch),
        Output::Notices(Some(only)) => crate::export::write_some_notices(path, &batch, only),
    };
    progress(1.0);
    written.map_err(|e| e.to_string())
}
