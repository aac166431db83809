use super::*;
use crate::format::FormatVersion;
use crate::model::FileKind;
use crate::ui::grid::layout::Model;

fn key(k: Key, shift: bool) -> Event {
    Event::Key {
        key: k,
        pressed: true,
        modifiers: if shift {
            Modifiers::SHIFT
        } else {
            Modifiers::NONE
        },
        repeat: false,
        physical_key: None,
    }
}

fn text(s: &str) -> Event {
    Event::Text(s.into())
}

fn setup() -> (Nav, Report, GridState) {
    let nav = Nav::new(&Model::for_table(TableId::T3, FormatVersion::V2021));
    let mut r = Report::empty("a.txt", FileKind::Text, String::new());
    r.cells.get_mut("T3.new.natural").unwrap().value = Some(2.0);
    let grid = GridState {
        selection: Some(Selection {
            report: 1,
            table: TableId::T3,
            anchor: "T3.new.natural".into(),
            cursor: "T3.new.natural".into(),
        }),
        editor: None,
    };
    (nav, r, grid)
}

fn sets(actions: &[Action]) -> Vec<(String, Option<f64>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Set(v) => Some(v.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_burst_in_one_frame_lands_in_three_cells() {
    let (nav, r, mut grid) = setup();
    let keys = Keys {
        nav: &nav,
        report: &r,
        id: 1,
        table: TableId::T3,
    };
    let burst = [
        text("5"),
        key(Key::Tab, false),
        text("3"),
        key(Key::Tab, false),
        text("8"),
        key(Key::Enter, false),
    ];
    let actions = keys.handle(&mut grid, &burst);
    assert_eq!(
        sets(&actions),
        vec![
            ("T3.new.natural".to_string(), Some(5.0)),
            ("T3.new.commercial".to_string(), Some(3.0)),
            ("T3.new.research".to_string(), Some(8.0)),
        ]
    );
    assert_eq!(grid.editor, None);
    assert_eq!(
        grid.selection.unwrap().cursor,
        "T3.carried_in.research",
        "Enter moves down"
    );
}

#[test]
fn typing_replaces_f2_edits_escape_cancels_delete_clears() {
    let (nav, r, mut grid) = setup();
    let keys = Keys {
        nav: &nav,
        report: &r,
        id: 1,
        table: TableId::T3,
    };
    // F2 keeps the value: the caret is at its end.
    keys.handle(&mut grid, &[key(Key::F2, false), text("1")]);
    assert_eq!(grid.editor.as_ref().unwrap().text, "21");
    keys.handle(&mut grid, &[key(Key::Escape, false)]);
    assert_eq!(grid.editor, None, "Escape cancels");
    // Typing replaces.
    let a = keys.handle(&mut grid, &[text("7"), key(Key::Enter, false)]);
    assert_eq!(sets(&a), vec![("T3.new.natural".to_string(), Some(7.0))]);
    // Delete clears the selected block to missing.
    keys.handle(
        &mut grid,
        &[key(Key::ArrowUp, false), key(Key::ArrowRight, true)],
    );
    let a = keys.handle(&mut grid, &[key(Key::Delete, false)]);
    assert_eq!(
        sets(&a),
        vec![
            ("T3.new.natural".to_string(), None),
            ("T3.new.commercial".to_string(), None)
        ]
    );
}

#[test]
fn an_invalid_value_keeps_the_editor_and_the_selection() {
    let (nav, r, mut grid) = setup();
    let keys = Keys {
        nav: &nav,
        report: &r,
        id: 1,
        table: TableId::T3,
    };
    let a = keys.handle(&mut grid, &[text("1,23"), key(Key::Tab, false), text("4")]);
    assert!(
        matches!(&a[0], Action::Invalid(m) if m.contains("不是数字")),
        "{a:?}"
    );
    let ed = grid.editor.as_ref().unwrap();
    assert_eq!(
        (ed.key.as_str(), ed.text.as_str()),
        ("T3.new.natural", "1,234")
    );
    assert!(sets(&a).is_empty());
}

#[test]
fn copy_gives_tab_separated_lines_and_paste_fills_a_row() {
    let (nav, r, mut grid) = setup();
    let keys = Keys {
        nav: &nav,
        report: &r,
        id: 1,
        table: TableId::T3,
    };
    keys.handle(&mut grid, &[key(Key::ArrowDown, true)]);
    let a = keys.handle(&mut grid, &[Event::Copy]);
    assert_eq!(a, vec![Action::Copy("2\n".into())]);
    keys.handle(&mut grid, &[key(Key::ArrowUp, false)]);
    let a = keys.handle(&mut grid, &[Event::Paste("1\t2\t3\t4\t5\t6\t21\n".into())]);
    assert_eq!(a.len(), 1, "one undo step");
    let set = sets(&a);
    assert_eq!(set.len(), 7);
    assert_eq!(set[6], ("T3.new.total".to_string(), Some(21.0)));
    let a = keys.handle(&mut grid, &[Event::Paste("1 x 3".into())]);
    assert!(
        matches!(&a[0], Action::Invalid(_)) && sets(&a).is_empty(),
        "all or nothing"
    );
}
