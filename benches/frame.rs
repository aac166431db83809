//! One frame of the app with 200 reports loaded and the 表三 of one shown (issue 14), beside a
//! yardstick: a bare egui grid with as many labels as that 表三 has cells, which is roughly the
//! least any egui app showing the table could spend. Also an edit among the 200 reports, until
//! the edited report's own checks show.
//!
//! `cargo bench --bench frame`. A frame here is egui's layout plus tessellation on the CPU
//! (what `run_ui` and `tessellate` cost), without painting: the whole frame on a real window,
//! painted in software, is measured by `packaging/measure-frames.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use eframe::egui;
use nianbao::format::{self, FormatVersion, TableId};
use nianbao::ui::loader::Source;
use nianbao::ui::state::State;
use nianbao::ui::App;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SAMPLES: [&str; 5] = [
    "hongsibu_2023.txt",
    "daying_2023.txt",
    "tanshan_2023.txt",
    "xibao_2023.txt",
    "hatubuhu_2023.txt",
];

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples")
        .join(name);
    std::fs::read(path).expect("bundled sample")
}

fn input(t: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1366.0, 768.0),
        )),
        time: Some(t),
        // Over the grid, so a cell's tooltip is laid out too.
        events: vec![egui::Event::PointerMoved(egui::pos2(620.0, 300.0))],
        ..Default::default()
    }
}

/// The app with 200 reports (the five samples, 40 times each) loaded and checked.
fn app_with_200_reports(ctx: &egui::Context, data: &Path) -> App {
    let mut app = App::new_for_test(data);
    let sources = (0..200)
        .map(|i| Source::Bytes {
            name: format!("批量/{i:03}_{}", SAMPLES[i % 5]),
            bytes: sample(SAMPLES[i % 5]),
        })
        .collect();
    app.open(sources);
    let start = Instant::now();
    let mut t = 0.0;
    // Ten quiet frames after the work ends: fonts, textures and the layout have settled.
    let mut quiet = 0;
    while quiet < 10 {
        assert!(start.elapsed() < Duration::from_secs(300), "loading hung");
        let busy = app.is_busy();
        ctx.run_ui(input(t), |ui| app.show(ui))
            .textures_delta
            .clear();
        quiet = if busy { 0 } else { quiet + 1 };
        t += 0.016;
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(app.state().report_count(), 200);
    assert_eq!(app.shown_table(), TableId::T3);
    app
}

fn frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let ctx = egui::Context::default();
    let mut app = app_with_200_reports(&ctx, dir.path());
    let cells = format::cells_of(TableId::T3, FormatVersion::V2021).len();

    let mut group = c.benchmark_group("frame");
    group.measurement_time(Duration::from_secs(10));
    let mut t = 100.0;
    group.bench_function("app_200_reports_t3", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(t), |ui| app.show(ui));
            t += 0.016;
            ctx.tessellate(out.shapes, out.pixels_per_point).len()
        })
    });

    let bare = egui::Context::default();
    let columns = 10;
    group.bench_function(format!("yardstick_egui_grid_{cells}_labels"), |b| {
        b.iter(|| {
            let out = bare.run_ui(input(t), |ui| {
                egui::CentralPanel::default().show(ui, |ui| {
                    egui::Grid::new("cells").striped(true).show(ui, |ui| {
                        for i in 0..cells {
                            ui.label(format!("{}", i * 7 % 1000));
                            if i % columns == columns - 1 {
                                ui.end_row();
                            }
                        }
                    });
                });
            });
            t += 0.016;
            bare.tessellate(out.shapes, out.pixels_per_point).len()
        })
    });
    group.finish();

    // An edit among the 200: until the edited report's own findings are there (the batch's
    // cross-report rules follow in the background and are not waited for).
    let mut state = State::new();
    state.set_waker(Arc::new(|| {}));
    state.add_all(app.state().owned_reports(), Vec::new());
    while state.is_checking() {
        std::thread::sleep(Duration::from_millis(5));
        state.poll_checks();
    }
    let id = state.selected.expect("a report is selected");
    let mut value = 0.0;
    c.bench_function("edit_among_200_reports", |b| {
        b.iter(|| {
            value += 1.0;
            let changed = state.edit_cell(id, "T3.new.natural", Some(value));
            // Takes any finished background check, so checks do not pile up between samples.
            state.poll_checks();
            changed
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
