//! Progress of long command-line work on stderr: `label done/total, rate,
//! time left` on one line rewritten in place, only when stderr is a
//! terminal, at most ten times a second. Never touches stdout.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A progress line for one piece of work.
pub struct ProgressLine {
    label: &'static str,
    started: Instant,
    shown: Option<Mutex<Instant>>,
}

impl ProgressLine {
    /// A line that shows itself only when stderr is a terminal.
    pub fn new(label: &'static str) -> ProgressLine {
        let now = Instant::now();
        ProgressLine {
            label,
            started: now,
            shown: std::io::stderr()
                .is_terminal()
                .then(|| Mutex::new(now - Duration::from_secs(1))),
        }
    }

    /// Reports `done` of `total`; cheap when nothing is shown.
    pub fn update(&self, done: usize, total: usize) {
        let Some(shown) = &self.shown else { return };
        let Ok(mut last) = shown.try_lock() else {
            return;
        };
        if last.elapsed() < Duration::from_millis(100) && done < total {
            return;
        }
        *last = Instant::now();
        let line = progress_text(self.label, done, total, self.started.elapsed());
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
    }

    /// Reports a count with no known total (`label 12288, 4096/s`).
    pub fn count(&self, done: usize) {
        let Some(shown) = &self.shown else { return };
        let Ok(mut last) = shown.try_lock() else {
            return;
        };
        if last.elapsed() < Duration::from_millis(100) {
            return;
        }
        *last = Instant::now();
        let line = count_text(self.label, done, self.started.elapsed());
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
    }

    /// Clears the line.
    pub fn finish(&self) {
        if self.shown.is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `label 1200/5000 (24%), 300/s, 13 s left`.
pub fn progress_text(label: &str, done: usize, total: usize, elapsed: Duration) -> String {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    let mut text = format!("{label} {done}/{total} ({percent}%)");
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.2 && done > 0 {
        let rate = done as f64 / seconds;
        let left = (total.saturating_sub(done) as f64 / rate).ceil() as u64;
        text.push_str(&format!(", {rate:.0}/s, {} left", duration_text(left)));
    }
    text
}

/// `label 12288, 4096/s`.
pub fn count_text(label: &str, done: usize, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.2 && done > 0 {
        format!("{label} {done}, {:.0}/s", done as f64 / seconds)
    } else {
        format!("{label} {done}")
    }
}

/// `42 s`, `3 min 5 s`, `1 h 2 min`.
pub fn duration_text(seconds: u64) -> String {
    use crate::i18n::Text;
    match seconds {
        s if s < 60 => crate::tr!(Text::Seconds, s),
        s if s < 3600 => crate::tr!(Text::MinutesSeconds, s / 60, s % 60),
        s => crate::tr!(Text::HoursMinutes, s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_well() {
        assert_eq!(
            progress_text("indexing", 0, 10, Duration::ZERO),
            "indexing 0/10 (0%)"
        );
        assert_eq!(
            progress_text("indexing", 500, 1000, Duration::from_secs(5)),
            "indexing 500/1000 (50%), 100/s, 5 s left"
        );
        assert_eq!(progress_text("x", 0, 0, Duration::ZERO), "x 0/0 (100%)");
        assert_eq!(count_text("found", 0, Duration::ZERO), "found 0");
        assert_eq!(
            count_text("found", 8192, Duration::from_secs(2)),
            "found 8192, 4096/s"
        );
        assert_eq!(duration_text(185), "3 min 5 s");
        assert_eq!(duration_text(3720), "1 h 2 min");
    }
}
