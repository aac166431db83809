//! The layers of the library, checked: every `crate::…` path in `src/` may only name a module of a
//! lower layer (or its own module). Data flows one way — file bytes → text and cells → recognised
//! report → deduced cells → findings → workbook / app — and so do the imports, so that the model
//! never knows the checks and reading never knows recognising.
//!
//! Modules of one layer do not import each other either (reading and the model are independent),
//! except in the application shell at the top, whose parts call each other freely.
//! Test modules are checked like the rest: a test imports what its module may import.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A new top-level module must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    ("characters", &["text"]),
    ("vocabulary", &["format", "catalogue", "source"]),
    ("reading and the model", &["read", "model"]),
    ("recognising", &["recognise", "roster"]),
    ("checks", &["rules", "versions"]),
    ("output", &["export", "json"]),
    ("saved sessions", &["session"]),
    ("application shell", &["worker", "cli", "ui", ROOT]),
];

/// The layer whose modules may import each other.
const SHELL: &str = "application shell";

/// Items of `src/lib.rs` itself (the pipeline: `load_path`, `recognise_and_deduce`, …).
const ROOT: &str = "(crate root)";

fn layer_of(module: &str) -> Option<(usize, &'static str)> {
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, (_, ms))| ms.contains(&module))
        .map(|(i, (name, _))| (i, *name))
}

/// The top-level module a source file belongs to; `None` for files of other crates (binaries).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" => Some(ROOT.to_string()),
        "main.rs" | "bin" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line without its `//` comment (doc comments name modules freely). A `//` inside
/// a string literal is taken as a comment too: that only hides code after it, never invents any.
fn code_of(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

/// The first segment of every `crate::` path in `code`, with the line it is on:
/// `crate::rules::Rule` → `rules`, `crate::{model::Report, read}` → `model`, `read`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let text: String = code.lines().map(code_of).collect::<Vec<_>>().join("\n");
    let line_at = |i: usize| text[..i].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("crate::") {
        let start = from + at;
        from = start + "crate::".len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::`, `my_crate::`
        }
        let rest = &text[from..];
        if let Some(group) = rest.strip_prefix('{') {
            for item in top_level_items(group) {
                if let Some(name) = first_ident(item) {
                    found.push((line_at(start), name));
                }
            }
        } else if let Some(name) = first_ident(rest) {
            found.push((line_at(start), name));
        }
    }
    found
}

/// The comma-separated items of a `{…}` group up to its closing brace.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut item_start) = (0usize, 0usize);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[item_start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[item_start..i]);
                item_start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn first_ident(s: &str) -> Option<String> {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| s[..end].to_string())
}

/// The modules `src/lib.rs` declares.
fn declared_modules(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// Every import from a higher layer, or from a sibling outside the shell, as a message.
fn back_imports(src: &Path) -> Vec<String> {
    let modules = declared_modules(&fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let Some(from) = module_of(src, &file) else {
            continue;
        };
        let (from_rank, from_layer) = layer_of(&from).unwrap_or_else(|| {
            panic!("module `{from}` is in no layer: add it to LAYERS in tests/architecture.rs")
        });
        let code = fs::read_to_string(&file).unwrap();
        for (line, first) in crate_paths(&code) {
            let to = if modules.contains(&first) {
                first
            } else {
                ROOT.to_string()
            };
            if to == from {
                continue;
            }
            let (to_rank, to_layer) =
                layer_of(&to).unwrap_or_else(|| panic!("module `{to}` is in no layer"));
            let upward = to_rank > from_rank;
            let sideways = to_rank == from_rank && from_layer != SHELL;
            if upward || sideways {
                let rel = file.strip_prefix(src.parent().unwrap()).unwrap();
                wrong.push(format!(
                    "{}:{line}: {from} ({from_layer}) imports {to} ({to_layer})",
                    rel.display()
                ));
            }
        }
    }
    wrong
}

#[test]
fn no_module_imports_one_of_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let wrong = back_imports(&src);
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_declared_module_is_in_a_layer() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let modules = declared_modules(&lib);
    assert!(
        modules.contains("model") && modules.contains("rules"),
        "{modules:?}"
    );
    for m in &modules {
        assert!(layer_of(m).is_some(), "module `{m}` is in no layer");
    }
}

#[test]
fn paths_are_found_in_groups_and_not_in_comments() {
    let code = "use crate::{model::{Report, Cell}, read};\n\
                /// see [`crate::ui`]\n\
                let x = crate::rules::check(&r); // crate::export\n\
                macro_rules! m { () => { $crate::json::x } }\n";
    let found = crate_paths(code);
    assert_eq!(
        found,
        [
            (1, "model".to_string()),
            (1, "read".to_string()),
            (3, "rules".to_string())
        ]
    );
}
