//! What the window needs around its first appearance, beyond what eframe and winit do (issue 24):
//!
//! - **Maximized under any EWMH window manager.** winit asks for it before the window is mapped,
//!   and some window managers (openbox) ignore a request made then: the window opened at
//!   1280×740 on a 1920×1080 screen. It is asked again once the window is on screen.
//! - **Its X11 names.** eframe passes the app id to winit as WM_CLASS's class with an empty
//!   instance, and winit writes WM_NAME as a Latin-1 `STRING` holding UTF-8 bytes, which tools
//!   reading WM_NAME (xprop, some taskbars) show as mojibake. Both are written again from the first
//!   frame on, and read back on later frames until they hold: winit's own writes may still sit in
//!   its connection's buffer when ours arrive, and then land after them (seen in one run of three).

use eframe::egui::{self, ViewportCommand};

/// How many frames to wait for the window manager to maximize the window before giving up.
const PATIENCE: u32 = 120;
/// Frames drawn before the maximize is asked again: the window is mapped after the first one.
const ASK_AT: u32 = 3;

pub struct FirstShow {
    frames: u32,
    maximize: bool,
    asked: bool,
    named: bool,
}

impl FirstShow {
    pub fn new(maximize: bool) -> FirstShow {
        FirstShow {
            frames: 0,
            maximize,
            asked: false,
            named: false,
        }
    }

    /// Runs once a frame until it returns `true` (nothing more to do).
    pub fn step(&mut self, ctx: &egui::Context, frame: &eframe::Frame, title: &str) -> bool {
        self.frames += 1;
        if self.frames > PATIENCE {
            return true;
        }
        if !self.named {
            // Names that read back right after the window is mapped stay: winit writes them once.
            self.named = x11::name_window(frame, title) && self.frames > ASK_AT;
        }
        let maximized = !self.maximize || ctx.input(|i| i.viewport().maximized) == Some(true);
        if maximized && self.named {
            return true;
        }
        ctx.request_repaint();
        if maximized {
            return false;
        }
        if self.frames >= ASK_AT && !self.asked {
            ctx.send_viewport_cmd(ViewportCommand::Maximized(true));
            self.asked = true;
        }
        false
    }

    /// While the window is being maximized its size is not the user's choice.
    pub fn settling(&self) -> bool {
        self.maximize
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod x11 {
    use winit::raw_window_handle::{HasWindowHandle, RawWindowHandle};
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, PropMode};
    use x11rb::wrapper::ConnectionExt as _;

    /// The program's name in WM_CLASS (instance and class alike, as the desktop entry's
    /// `StartupWMClass` expects).
    const CLASS: &[u8] = b"nianbao\0nianbao\0";

    /// Makes WM_CLASS and WM_NAME (as UTF-8) on the window ours, over a connection of its own:
    /// `true` when both already read back right. Anything missing (Wayland, no X server) counts
    /// as done and leaves the window as winit made it.
    pub fn name_window(frame: &eframe::Frame, title: &str) -> bool {
        let Ok(handle) = frame.window_handle() else {
            return true;
        };
        let window = match handle.as_raw() {
            RawWindowHandle::Xlib(h) => u32::try_from(h.window).ok(),
            RawWindowHandle::Xcb(h) => Some(h.window.get()),
            _ => None,
        };
        let Some(window) = window else {
            return true;
        };
        let Ok((conn, _)) = x11rb::connect(None) else {
            return true;
        };
        let Some(utf8) = atom(&conn, b"UTF8_STRING") else {
            return true;
        };
        let class_kind = AtomEnum::STRING.into();
        let name = title.as_bytes();
        let class_ok = holds(&conn, window, AtomEnum::WM_CLASS, class_kind, CLASS);
        let name_ok = holds(&conn, window, AtomEnum::WM_NAME, utf8, name);
        if !class_ok {
            let _ = conn.change_property8(
                PropMode::REPLACE,
                window,
                AtomEnum::WM_CLASS,
                class_kind,
                CLASS,
            );
        }
        if !name_ok {
            let _ = conn.change_property8(PropMode::REPLACE, window, AtomEnum::WM_NAME, utf8, name);
        }
        // A round trip, so the writes are done before the connection closes.
        let _ = conn.get_input_focus().ok().map(|c| c.reply());
        class_ok && name_ok
    }

    fn atom(conn: &impl Connection, name: &[u8]) -> Option<u32> {
        let reply = conn.intern_atom(false, name).ok()?.reply().ok()?;
        Some(reply.atom)
    }

    /// Whether the window's property has this type and value.
    fn holds(
        conn: &impl Connection,
        window: u32,
        property: AtomEnum,
        kind: u32,
        value: &[u8],
    ) -> bool {
        let reply = conn
            .get_property(false, window, property, AtomEnum::ANY, 0, 1024)
            .ok()
            .and_then(|c| c.reply().ok());
        reply.is_some_and(|r| r.type_ == kind && r.value == value)
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
mod x11 {
    pub fn name_window(_frame: &eframe::Frame, _title: &str) -> bool {
        true
    }
}
