//! Reads reports in the background. The window keeps drawing while files are parsed; results
//! arrive over a channel and the UI picks them up each frame.

use crate::model::Report;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};

pub use crate::read::discover::{has_report_extension, EXTENSIONS};
use crate::read::{discover, ReadError};
use crate::worker::{self, Job};

/// Something to read.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file or a folder (read recursively).
    Path(PathBuf),
    /// Report text pasted by the user.
    Text { name: String, text: String },
    /// Bytes with a name supplying the extension (the bundled samples).
    Bytes { name: String, bytes: Vec<u8> },
}

/// The result of reading one file.
#[derive(Debug)]
pub enum Outcome {
    Loaded(Box<Report>),
    Failed {
        file: String,
        error: String,
    },
    /// Not a report on purpose (a workbook this program exported): left out, counted.
    Skipped {
        file: String,
    },
    /// Pasted text that is not a report: said in the status line, never listed (it is no file
    /// that was received, and must not become a row of any summary).
    PasteRejected {
        error: String,
    },
}

enum Msg {
    /// A batch found this many files to read.
    Found(usize),
    Done(Outcome),
    /// A batch has sent all its outcomes.
    Finished,
}

/// Wakes the UI when a result is ready: the one waker type of the background work.
pub use crate::ui::state::Wake;

pub struct Loader {
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    batches: usize,
    found: usize,
    done: usize,
}

impl Default for Loader {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Loader {
            tx,
            rx,
            batches: 0,
            found: 0,
            done: 0,
        }
    }
}

impl Loader {
    /// Starts reading on a background thread; files within the batch are read in parallel.
    pub fn start(&mut self, sources: Vec<Source>, wake: Wake) {
        if sources.is_empty() {
            return;
        }
        self.batches += 1;
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("nianbao-load".into())
            .spawn({
                let tx = tx.clone();
                let wake = wake.clone();
                move || run_batch(sources, &tx, &wake)
            });
        if let Err(e) = spawned {
            // Without a thread nothing can be read; say so instead of waiting forever.
            let _ = tx.send(Msg::Found(1));
            let _ = tx.send(Msg::Done(Outcome::Failed {
                file: "（导入）".into(),
                error: format!("无法启动读取线程：{e}"),
            }));
            let _ = tx.send(Msg::Finished);
            wake();
        }
    }

    /// Collects what has arrived since the last call.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let mut out = Vec::new();
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                Msg::Found(n) => self.found += n,
                Msg::Done(o) => {
                    self.done += 1;
                    out.push(o);
                }
                Msg::Finished => self.batches = self.batches.saturating_sub(1),
            }
        }
        if self.batches == 0 {
            self.found = 0;
            self.done = 0;
        }
        out
    }

    pub fn is_busy(&self) -> bool {
        self.batches > 0
    }

    /// (done, found so far) while busy.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.is_busy().then_some((self.done, self.found))
    }
}

fn run_batch(sources: Vec<Source>, tx: &Sender<Msg>, wake: &Wake) {
    let mut jobs = Vec::new();
    let mut unopened = Vec::new();
    for s in sources {
        match s {
            Source::Path(p) if p.is_dir() => {
                for found in discover::files_in(&p) {
                    match found {
                        discover::Found::File(f) => jobs.push(Source::Path(f)),
                        discover::Found::Unreadable { path, error } => {
                            unopened.push(Outcome::Failed {
                                file: crate::read::path_text(&path),
                                error: error.to_string(),
                            })
                        }
                    }
                }
            }
            other => jobs.push(other),
        }
    }
    let _ = tx.send(Msg::Found(jobs.len() + unopened.len()));
    // Folders and links the walk could not open are listed like unreadable files.
    for outcome in unopened {
        let _ = tx.send(Msg::Done(outcome));
    }
    wake();
    // What each reply is about: the file to name, and whether it was pasted text.
    let about: Vec<(String, bool)> = jobs.iter().map(Source::describe).collect();
    let tx = std::sync::Mutex::new(tx.clone());
    let send = |msg: Msg| {
        let _ = tx.lock().unwrap_or_else(|p| p.into_inner()).send(msg);
        wake();
    };
    // A zip's files are entries of their own, named `x.zip › a.pdf`.
    let more = |n: usize| send(Msg::Found(n));
    let done = |d: worker::Done| {
        let Some((file, pasted)) = about.get(d.given) else {
            return;
        };
        let file = d.member.map_or_else(|| file.clone(), |(_, label)| label);
        send(Msg::Done(outcome(file, *pasted, d.reply)));
    };
    // In worker processes (see crate::worker): a file that crashes or hangs its reader ends
    // only its worker, never the app and the reports it holds.
    let jobs = jobs.into_iter().map(Source::into_job).collect();
    worker::run_expanding(worker::reader(), jobs, &more, &done);
    send(Msg::Finished);
}

impl Source {
    /// The file name shown for it, and whether it is pasted text.
    fn describe(&self) -> (String, bool) {
        match self {
            Source::Path(p) => (crate::read::path_text(p), false),
            Source::Text { name, .. } => (name.clone(), true),
            Source::Bytes { name, .. } => (name.clone(), false),
        }
    }

    fn into_job(self) -> Job {
        match self {
            Source::Path(p) => Job::Path(p),
            Source::Text { name, text } => Job::Text { name, text },
            Source::Bytes { name, bytes } => Job::Bytes { name, bytes },
        }
    }
}

fn outcome(file: String, pasted: bool, result: Result<Report, ReadError>) -> Outcome {
    match result {
        Ok(report) => Outcome::Loaded(Box::new(report)),
        Err(e) if pasted => Outcome::PasteRejected {
            error: e.to_string(),
        },
        Err(ReadError::OwnWorkbook) => Outcome::Skipped { file },
        Err(e) => Outcome::Failed {
            file,
            error: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    #[test]
    fn unreadable_files_come_back_with_their_message() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("空.txt");
        std::fs::write(&empty, "  \n").unwrap();
        let mut loader = Loader::default();
        loader.start(
            vec![Source::Path(empty), Source::Path(dir.path().join("无.txt"))],
            Arc::new(|| {}),
        );
        assert!(loader.is_busy());
        let mut outcomes = Vec::new();
        let start = Instant::now();
        while loader.is_busy() && start.elapsed() < Duration::from_secs(20) {
            outcomes.extend(loader.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!loader.is_busy());
        assert_eq!(outcomes.len(), 2);
        for o in outcomes {
            match o {
                Outcome::Failed { error, .. } => assert!(!error.is_empty()),
                _ => panic!("an empty or missing file cannot be a report"),
            }
        }
        assert_eq!(loader.progress(), None);
    }
}
