//! Ending work whose caller has stopped waiting.
//!
//! [`run_bounded`](super::run_bounded) gives up on a file after a time limit, but Rust cannot kill
//! a thread: a reader or recogniser stuck in 60 MB of text would keep a core busy long after the
//! clerk saw "读取超过 20 秒". So the bounded thread records its deadline here, and our own long
//! loops call [`checkpoint`]; once the deadline has passed, it unwinds the thread with
//! [`std::panic::resume_unwind`] (which, unlike `panic!`, prints nothing), and `run_bounded`'s
//! `catch_unwind` ends it quietly. Loops inside third-party parsers cannot be reached this way.
//!
//! Outside `run_bounded` (tests, fuzz targets) no deadline is set and `checkpoint` does nothing.

//! Scanned pages are read by OCR, seconds a page: each page met extends the file's limit by
//! [`SCAN_PAGE`], up to [`SCAN_LIMIT`] for the whole file ([`allow_scan_page`]). The thread that
//! waits for the reader sees the extension, as they share one [`Deadline`].

use std::cell::{Cell, RefCell};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The time a scanned page may take. OCR of a 200 dpi A4 page takes 10–20 s on this project's
/// 2-core machine when it is busy, more on a slow office PC: a page that runs out of time
/// loses the whole file, so the allowance is generous.
pub const SCAN_PAGE: Duration = Duration::from_secs(30);
/// The first scanned page of a process gets this much more: the models are loaded and their
/// plans compiled (for each input size met) while it is read.
pub const SCAN_FIRST_PAGE: Duration = Duration::from_secs(30);
/// The most time a file with scanned pages may take, however many pages it has (a 10-page
/// scan at 20 s a page, with room).
pub const SCAN_LIMIT: Duration = Duration::from_secs(300);

thread_local! {
    static DEADLINE: RefCell<Option<Deadline>> = const { RefCell::new(None) };
    static CALLS: Cell<u32> = const { Cell::new(0) };
}

/// A deadline shared by the reading thread and the thread waiting for it.
#[derive(Debug, Clone)]
pub(crate) struct Deadline(Arc<Mutex<State>>);

#[derive(Debug)]
struct State {
    started: Instant,
    /// The limit given, before any scanned page.
    base: Duration,
    limit: Duration,
    scan_pages: u32,
}

impl Deadline {
    pub(crate) fn new(limit: Duration) -> Deadline {
        Deadline(Arc::new(Mutex::new(State {
            started: Instant::now(),
            base: limit,
            limit,
            scan_pages: 0,
        })))
    }

    /// The time allowed so far (the limit, extended for scanned pages).
    pub(crate) fn limit(&self) -> Duration {
        self.0.lock().map_or(Duration::ZERO, |s| s.limit)
    }

    pub(crate) fn at(&self) -> Option<Instant> {
        self.0.lock().ok().map(|s| s.started + s.limit)
    }

    fn scan_page(&self, extra: Duration) {
        if let Ok(mut s) = self.0.lock() {
            s.scan_pages += 1;
            s.base += extra;
            let wanted = (s.base + SCAN_PAGE * s.scan_pages).min(SCAN_LIMIT);
            s.limit = s.limit.max(wanted);
        }
    }
}

/// Reading the clock costs more than the loop bodies that call us: look every this many calls.
const CHECK_EVERY: u32 = 256;

/// The payload `checkpoint` unwinds with, so `run_bounded` can tell it from a real crash.
pub(crate) struct OutOfTime;

/// Sets the current thread's deadline (called by `run_bounded` on its worker thread).
pub(crate) fn install(deadline: Deadline) {
    DEADLINE.with(|d| *d.borrow_mut() = Some(deadline));
}

#[cfg(test)]
fn set_deadline(deadline: Instant) {
    let d = Deadline::new(Duration::ZERO);
    if let Ok(mut s) = d.0.lock() {
        s.started = deadline;
    }
    install(d);
}

/// Gives the current file more time for one more scanned page (see [`SCAN_PAGE`]), and the
/// process's first scanned page [`SCAN_FIRST_PAGE`] more.
pub fn allow_scan_page() {
    static FIRST: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);
    let first = FIRST.swap(false, std::sync::atomic::Ordering::Relaxed);
    DEADLINE.with(|d| {
        if let Some(d) = d.borrow().as_ref() {
            d.scan_page(if first {
                SCAN_FIRST_PAGE
            } else {
                Duration::ZERO
            });
        }
    });
}

/// Ends the current thread's work if its deadline has passed. Call it in loops whose length
/// depends on the input.
pub fn checkpoint() {
    let due = CALLS.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n % CHECK_EVERY == 0
    });
    if due
        && DEADLINE
            .with(|d| d.borrow().as_ref().and_then(Deadline::at))
            .is_some_and(|d| Instant::now() >= d)
    {
        std::panic::resume_unwind(Box::new(OutOfTime));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_deadline_nothing_happens() {
        for _ in 0..10 * CHECK_EVERY {
            checkpoint();
        }
    }

    #[test]
    fn scanned_pages_extend_the_deadline_up_to_the_file_limit() {
        let d = Deadline::new(Duration::from_secs(20));
        d.scan_page(SCAN_FIRST_PAGE);
        assert_eq!(
            d.limit(),
            Duration::from_secs(20) + SCAN_FIRST_PAGE + SCAN_PAGE
        );
        d.scan_page(Duration::ZERO);
        assert_eq!(
            d.limit(),
            Duration::from_secs(20) + SCAN_FIRST_PAGE + SCAN_PAGE * 2
        );
        // The thread's own deadline is the one extended.
        let e = Deadline::new(Duration::from_secs(20));
        install(e.clone());
        for _ in 0..20 {
            allow_scan_page();
        }
        assert_eq!(e.limit(), SCAN_LIMIT);
        DEADLINE.with(|d| *d.borrow_mut() = None);
    }

    #[test]
    fn past_the_deadline_the_thread_unwinds() {
        let r = std::thread::spawn(|| {
            set_deadline(Instant::now());
            std::panic::catch_unwind(|| loop {
                checkpoint();
            })
        })
        .join()
        .expect("the thread itself ends normally");
        let payload = r.expect_err("the loop was cut short");
        assert!(payload.is::<OutOfTime>());
    }
}
