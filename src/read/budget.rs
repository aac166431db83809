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

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static CALLS: Cell<u32> = const { Cell::new(0) };
}

/// Reading the clock costs more than the loop bodies that call us: look every this many calls.
const CHECK_EVERY: u32 = 256;

/// The payload `checkpoint` unwinds with, so `run_bounded` can tell it from a real crash.
pub(crate) struct OutOfTime;

/// Sets the current thread's deadline (called by `run_bounded` on its worker thread).
pub(crate) fn set_deadline(deadline: Instant) {
    DEADLINE.with(|d| d.set(Some(deadline)));
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
            .with(Cell::get)
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
