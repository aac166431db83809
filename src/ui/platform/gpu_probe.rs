//! Asks the graphics driver for a wgpu device in a throw-away copy of this program first.
//!
//! A driver that cannot give wgpu a device usually says so, and [`run`](super::native::run) then falls back to
//! OpenGL. Some do not say so: they abort the whole process (seen under wine without a Vulkan
//! driver: vkd3d's "Assertion failed … device.c", and the window never appeared). No Rust code
//! can catch that, so the copy takes the risk: if it crashes or hangs, this process starts on
//! OpenGL and the clerk still gets a window.
//!
//! The copy also says when the device it got renders in software (no graphics driver, a remote
//! desktop: Mesa's lavapipe, Windows' WARP): on Linux, Mesa's OpenGL in software (llvmpipe) draws
//! the app about four times faster than lavapipe (measured by packaging/measure-frames.sh: 20 ms
//! against 82 ms a frame at 1366×768), so [`run`](super::native::run) takes OpenGL there.

use eframe::egui_wgpu::{self, wgpu};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The argument that makes this program a probe (see `main.rs`).
pub use crate::cli::PROBE_ARG;

/// The probe's exit code when the device wgpu would use renders in software.
const SOFTWARE_EXIT: i32 = 3;

/// Long enough for a slow driver on a busy machine; a hung driver costs the clerk this much.
const PROBE_LIMIT: Duration = Duration::from_secs(10);

/// What the probe copy of the program ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It returned normally: wgpu may still fail, but it will fail with an error, not a crash.
    Survived,
    /// It returned normally, but the only device renders in software (a CPU "adapter").
    Software,
    /// It crashed or hung; the text says how, for the message on stderr.
    Crashed(String),
}

/// Runs `current_exe() --probe-wgpu` and waits for it at most [`PROBE_LIMIT`].
pub fn probe_in_child() -> Verdict {
    let Ok(exe) = std::env::current_exe() else {
        // Without our own path no copy can be started; let the in-process attempt decide.
        return Verdict::Survived;
    };
    probe_command(Command::new(exe).arg(PROBE_ARG), PROBE_LIMIT)
}

/// Starts `cmd` (silent) and judges how it ends within `limit`.
fn probe_command(cmd: &mut Command, limit: Duration) -> Verdict {
    let spawned = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = spawned else {
        return Verdict::Survived;
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Verdict::Survived,
            Ok(Some(status)) if status.code() == Some(SOFTWARE_EXIT) => return Verdict::Software,
            Ok(Some(status)) => {
                let how = status
                    .code()
                    .map_or_else(|| "被系统终止".to_string(), |c| format!("退出码 {c}"));
                return Verdict::Crashed(format!("显卡驱动测试进程异常退出（{how}）"));
            }
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                // Not waited for: a copy stuck inside a driver may not die at once, and the
                // clerk is waiting for a window.
                let _ = child.kill();
                return Verdict::Crashed(format!("显卡驱动 {} 秒内无响应", limit.as_secs()));
            }
            Err(e) => return Verdict::Crashed(format!("无法等待显卡驱动测试进程：{e}")),
        }
    }
}

/// The probe itself, as the app would set wgpu up (eframe's defaults): an instance, every
/// adapter, the preferred one, a device. Exits 0 whether or not a device came, since an error is
/// handled in-process; only a crash or a hang counts against wgpu. Exits [`SOFTWARE_EXIT`] when
/// the device came from a software adapter.
pub fn run_probe() -> i32 {
    let setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
    pollster::block_on(async {
        let instance = egui_wgpu::WgpuSetup::from(setup.clone())
            .new_instance()
            .await;
        let _ = instance
            .enumerate_adapters(setup.instance_descriptor.backends)
            .await;
        let options = wgpu::RequestAdapterOptions {
            power_preference: setup.power_preference,
            ..Default::default()
        };
        let Ok(adapter) = instance.request_adapter(&options).await else {
            return 0;
        };
        let device = adapter
            .request_device(&(setup.device_descriptor)(&adapter))
            .await;
        if device.is_ok() && adapter.get_info().device_type == wgpu::DeviceType::Cpu {
            SOFTWARE_EXIT
        } else {
            0
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_clean_exit_is_survival() {
        let verdict = probe_command(&mut Command::new("true"), Duration::from_secs(5));
        assert_eq!(verdict, Verdict::Survived);
    }

    #[test]
    fn the_software_exit_code_says_software() {
        let verdict = probe_command(
            Command::new("sh").args(["-c", &format!("exit {SOFTWARE_EXIT}")]),
            Duration::from_secs(5),
        );
        assert_eq!(verdict, Verdict::Software);
        let other = probe_command(
            Command::new("sh").args(["-c", "exit 4"]),
            Duration::from_secs(5),
        );
        assert!(matches!(other, Verdict::Crashed(_)), "{other:?}");
    }

    #[test]
    fn an_abort_is_a_crash() {
        // What vkd3d's failed assertion does: abort() (SIGABRT).
        let verdict = probe_command(
            Command::new("sh").args(["-c", "kill -ABRT $$"]),
            Duration::from_secs(5),
        );
        assert!(
            matches!(verdict, Verdict::Crashed(ref m) if m.contains("异常退出")),
            "{verdict:?}"
        );
    }

    #[test]
    fn a_hang_is_a_crash_and_is_not_waited_out() {
        let start = Instant::now();
        let verdict = probe_command(Command::new("sleep").arg("30"), Duration::from_millis(300));
        assert!(
            matches!(verdict, Verdict::Crashed(ref m) if m.contains("无响应")),
            "{verdict:?}"
        );
        // Killed at the limit, not waited for (the sleep would take 30 s).
        assert!(start.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn a_program_that_cannot_start_does_not_block_wgpu() {
        let verdict = probe_command(
            &mut Command::new("/nonexistent/nianbao-probe"),
            Duration::from_secs(1),
        );
        assert_eq!(verdict, Verdict::Survived);
    }
}
