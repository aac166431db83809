//! A message in the status line, and how long it stays there.

/// A message in the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// When it was said: the status line lets it go after a while (see [`Notice::stale`]).
    pub at: std::time::Instant,
}

impl Notice {
    pub fn new(text: impl Into<String>, error: bool) -> Notice {
        Notice {
            text: text.into(),
            error,
            at: std::time::Instant::now(),
        }
    }

    pub fn info(text: impl Into<String>) -> Notice {
        Notice::new(text, false)
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice::new(text, true)
    }

    /// How long the status line shows it: a message a few seconds, an error a minute (both
    /// stay in the log).
    pub fn shown_for(&self) -> std::time::Duration {
        std::time::Duration::from_secs(if self.error { 60 } else { 10 })
    }

    pub fn stale(&self) -> bool {
        self.at.elapsed() > self.shown_for()
    }
}

#[cfg(test)]
mod tests {
    use super::Notice;
    use std::time::{Duration, Instant};

    #[test]
    fn a_message_goes_after_a_while_and_an_error_later() {
        let ago = |s| Instant::now().checked_sub(Duration::from_secs(s)).unwrap();
        let mut n = Notice::info("已导出");
        assert!(!n.stale());
        n.at = ago(11);
        assert!(n.stale());
        let mut e = Notice::error("导出失败");
        e.at = ago(11);
        assert!(!e.stale(), "an error stays longer");
        e.at = ago(61);
        assert!(e.stale());
    }
}
