//! Reads a roster file on a thread of its own: in a worker process, like a report
//! ([`crate::load_roster`]), so that a hostile or slow list neither takes the app down nor
//! freezes the window while it is read.

use super::loader::Wake;
use crate::roster::Roster;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

pub struct RosterLoad {
    pub path: PathBuf,
    rx: Receiver<Result<Roster, String>>,
}

impl RosterLoad {
    pub fn start(path: PathBuf, wake: Wake) -> RosterLoad {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("nianbao-roster".into())
            .spawn({
                let path = path.clone();
                let tx = tx.clone();
                move || {
                    let _ = tx.send(crate::load_roster(&path));
                    wake();
                }
            });
        if let Err(e) = spawned {
            let _ = tx.send(Err(format!("无法启动读取线程：{e}")));
        }
        RosterLoad { path, rx }
    }

    /// `Some` once read: the roster, or why not.
    pub fn poll(&self) -> Option<Result<Roster, String>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("读取线程意外退出".into())),
        }
    }
}
