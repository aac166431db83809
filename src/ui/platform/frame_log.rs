//! Opt-in frame timings, for measuring the app as a clerk's PC runs it (issue 14): with
//! `NIANBAO_FRAME_LOG=<file>` the window repaints without pause and appends one line per frame
//! to the file. `packaging/measure-frames.sh` starts the app that way and prints the figures.
//!
//! Each line is tab-separated:
//! `frame  N  started  since_previous  ui  cpu_previous  reports  busy  table  report`
//! - `started`: seconds since the Unix epoch when eframe called the app (the script subtracts
//!   the moment it launched the program: frame 2 starts once frame 1 has been drawn);
//! - `since_previous`: milliseconds since the previous frame started, i.e. the whole frame
//!   (input, layout, tessellation, painting, buffer swap) as the user sees it;
//! - `ui`: milliseconds spent in the app's own layout this frame (egui's CPU time, without
//!   tessellation and painting);
//! - `cpu_previous`: eframe's CPU time of the previous frame (everything but waiting for vsync);
//! - what was on screen: how many reports, whether work was running, the table and the report.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The file to write the timings to; unset (the normal case) writes nothing.
pub const FRAME_LOG_ENV: &str = "NIANBAO_FRAME_LOG";

pub struct FrameLog {
    out: BufWriter<File>,
    frame: u64,
    previous: Option<Instant>,
    started: Instant,
    epoch: f64,
}

/// What was on screen in a frame, for the log.
pub struct Shown {
    pub reports: usize,
    pub busy: bool,
    pub table: String,
    pub report: String,
}

impl FrameLog {
    /// The log asked for by [`FRAME_LOG_ENV`], if any. A file that cannot be created is said
    /// on stderr (the app runs on without timings).
    pub fn from_env() -> Option<FrameLog> {
        let path = std::env::var_os(FRAME_LOG_ENV)?;
        match File::create(&path) {
            Ok(file) => Some(FrameLog::to(file)),
            Err(e) => {
                eprintln!("无法写入帧时间记录 {}：{e}", path.to_string_lossy());
                None
            }
        }
    }

    fn to(file: File) -> FrameLog {
        FrameLog {
            out: BufWriter::new(file),
            frame: 0,
            previous: None,
            started: Instant::now(),
            epoch: 0.0,
        }
    }

    /// Call when eframe hands the app a frame, before any layout.
    pub fn begin(&mut self) {
        self.started = Instant::now();
        self.epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
    }

    /// Call after the app's layout: writes the frame's line. `cpu_previous` is eframe's
    /// `frame.info().cpu_usage`.
    pub fn end(&mut self, cpu_previous: Option<f32>, shown: &Shown) {
        self.frame += 1;
        let since_previous = self
            .previous
            .map_or(0.0, |p| ms(self.started.duration_since(p)));
        self.previous = Some(self.started);
        let line = format!(
            "frame\t{}\t{:.6}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{}\n",
            self.frame,
            self.epoch,
            since_previous,
            ms(self.started.elapsed()),
            cpu_previous.map_or(0.0, |s| f64::from(s) * 1000.0),
            shown.reports,
            u8::from(shown.busy),
            shown.table,
            shown.report,
        );
        // Flushed each frame so a killed app leaves a complete log; a failed write stops the log
        // from trying again every frame.
        if self.out.write_all(line.as_bytes()).is_err() || self.out.flush().is_err() {
            eprintln!("帧时间记录写入失败，已停止记录。");
            self.frame = u64::MAX;
        }
    }

    /// False once writing has failed.
    pub fn is_writing(&self) -> bool {
        self.frame != u64::MAX
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_writes_one_line_with_the_time_since_the_previous_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.tsv");
        let mut log = FrameLog::to(File::create(&path).unwrap());
        let shown = Shown {
            reports: 200,
            busy: false,
            table: "T3".into(),
            report: "a.txt".into(),
        };
        for _ in 0..2 {
            log.begin();
            std::thread::sleep(std::time::Duration::from_millis(20));
            log.end(Some(0.005), &shown);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0][1], "1");
        assert_eq!(lines[0][3], "0.000", "the first frame has no previous one");
        let since: f64 = lines[1][3].parse().unwrap();
        let ui: f64 = lines[1][4].parse().unwrap();
        assert!(since >= 20.0 && ui >= 20.0, "{since} {ui}");
        assert_eq!(lines[1][5], "5.000");
        assert_eq!(&lines[1][6..], ["200", "0", "T3", "a.txt"]);
        assert!(lines[1][2].parse::<f64>().unwrap() > 1.7e9);
    }
}
