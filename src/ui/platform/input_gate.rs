//! Keys go to the widget that has the focus *when they are pressed*. egui hands a frame's
//! events to whichever widget has the focus at the start of the frame, so with slow frames
//! (software rendering, a remote desktop) "5⇥3" typed quickly into a form put "53" into the first
//! field. This gate, run on the raw input before each frame (eframe's `raw_input_hook`), lets
//! through the events up to the first key that moves the focus and holds back the rest for the
//! next frame, by which time the focus has moved. Nothing is dropped, only delayed by a frame.
//! (The table grid needs no help: it applies each event to the cell selected at that moment.)

use eframe::egui::{Event, Key, RawInput};

#[derive(Debug, Default)]
pub struct InputGate {
    held: Vec<Event>,
}

/// Tab and Enter move the focus or end a field.
fn moves_focus(e: &Event) -> bool {
    matches!(
        e,
        Event::Key {
            key: Key::Tab | Key::Enter,
            pressed: true,
            ..
        }
    )
}

impl InputGate {
    /// Lets through this frame's share of the events (held ones first); true when some are
    /// still held, so the caller asks for another frame at once.
    pub fn filter(&mut self, raw: &mut RawInput) -> bool {
        let mut events = std::mem::take(&mut self.held);
        events.append(&mut raw.events);
        if let Some(i) = events.iter().position(moves_focus) {
            self.held = events.split_off(i + 1);
        }
        raw.events = events;
        !self.held.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::Modifiers;

    fn press(key: Key) -> Event {
        Event::Key {
            key,
            pressed: true,
            modifiers: Modifiers::NONE,
            repeat: false,
            physical_key: None,
        }
    }

    #[test]
    fn events_after_a_focus_key_wait_for_the_next_frame_and_none_are_lost() {
        let mut gate = InputGate::default();
        let burst = vec![
            Event::Text("5".into()),
            press(Key::Tab),
            Event::Text("3".into()),
            press(Key::Tab),
            Event::Text("8".into()),
            press(Key::Enter),
        ];
        let mut raw = RawInput {
            events: burst.clone(),
            ..Default::default()
        };
        let mut frames = Vec::new();
        loop {
            let more = gate.filter(&mut raw);
            frames.push(std::mem::take(&mut raw.events));
            if !more {
                break;
            }
        }
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[0], burst[..2]);
        assert_eq!(frames.concat(), burst, "same events, same order");
        // New events queue behind held ones.
        raw.events = vec![press(Key::Tab), Event::Text("1".into())];
        assert!(gate.filter(&mut raw));
        raw.events = vec![Event::Text("2".into())];
        assert!(!gate.filter(&mut raw));
        assert_eq!(
            raw.events,
            vec![Event::Text("1".into()), Event::Text("2".into())]
        );
    }
}
