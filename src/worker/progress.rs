//! Which page of a scanned file the workers are reading, for the app's progress bar, and
//! stopping a batch the clerk cancels.
//!
//! A scan takes seconds a page, so "file 3 of 10" alone looks stuck. The worker tells each page
//! on its stderr as a tagged line ([`TAG`]); the app's reader of that stderr (which keeps its
//! tail for crash messages anyway) picks the lines out. The reply protocol is left alone.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Starts a progress line on a worker's stderr: `TAG page pages\n`.
pub const TAG: &str = "\u{1e}nianbao-page ";

/// For each worker process (by pid) reading a scan: (page, pages; 0 when not known).
static PAGES: Mutex<Vec<(u32, u32, u32)>> = Mutex::new(Vec::new());

/// Bumped by [`cancel`]: a batch started under an older value stops.
static CANCELLED: AtomicU64 = AtomicU64::new(0);

/// The worker's side: installed as the scan page hook (`read::scan::on_each_page`).
pub fn tell_page(page: u32, pages: u32) {
    eprintln!("{TAG}{page} {pages}");
}

/// The app's side: a line of worker `pid`'s stderr; true when it was a progress line.
pub fn note_line(pid: u32, line: &str) -> bool {
    let Some(rest) = line.strip_prefix(TAG) else {
        return false;
    };
    let mut numbers = rest.split_whitespace().map(|n| n.parse::<u32>().ok());
    if let (Some(Some(page)), Some(Some(pages))) = (numbers.next(), numbers.next()) {
        let mut all = PAGES.lock().unwrap_or_else(|p| p.into_inner());
        all.retain(|(p, _, _)| *p != pid);
        all.push((pid, page, pages));
    }
    true
}

/// Worker `pid` finished its file (or ended).
pub fn done(pid: u32) {
    PAGES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .retain(|(p, _, _)| *p != pid);
}

/// The scanned pages being read now: (page, pages) for each worker on a scan.
pub fn scanning() -> Vec<(u32, u32)> {
    PAGES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .map(|&(_, page, pages)| (page, pages))
        .collect()
}

/// Stops the reading under way: files being read are abandoned (their workers killed), files
/// not yet started are not started. Each answers [`crate::read::ReadError::Cancelled`].
pub fn cancel() {
    CANCELLED.fetch_add(1, Ordering::SeqCst);
}

/// The current cancel generation: work started under it goes on while it stays the same.
pub fn generation() -> u64 {
    CANCELLED.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_are_picked_out_and_others_are_not() {
        assert!(note_line(4_000_001, "\u{1e}nianbao-page 2 5"));
        assert!(scanning().contains(&(2, 5)));
        assert!(note_line(4_000_001, "\u{1e}nianbao-page 3 5"));
        assert!(scanning().contains(&(3, 5)) && !scanning().contains(&(2, 5)));
        assert!(!note_line(4_000_001, "memory allocation of 5 bytes failed"));
        done(4_000_001);
        assert!(!scanning().contains(&(3, 5)));
    }
}
