//! The folders of ui/ import one way: `state/` nothing else of the app, `jobs/` only `state/`,
//! `grid/` only `state/` and the theme (it draws the state and hands back actions; it never
//! imports a panel). Read from the `crate::ui::…` and `super::…` paths of every file.

use std::path::{Path, PathBuf};

/// What each folder may import from the rest of ui/ (folders and files at the top of ui/).
const MAY_IMPORT: &[(&str, &[&str])] = &[
    ("state", &[]),
    ("jobs", &["state"]),
    ("grid", &["state", "theme"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under ui/: `state/store.rs` → [state, store], `grid/mod.rs` → [grid].
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The names at the top of ui/ that a line's paths reach (`crate::ui::x`, or `super::` up to ui/).
fn top_names(line: &str, module: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    loop {
        let at = [rest.find("crate::ui::"), rest.find("super::")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = at else { break };
        let path = &rest[at..];
        let (base, tail) = match path.strip_prefix("crate::ui::") {
            Some(tail) => (0, tail),
            None => {
                let ups = path.split("::").take_while(|s| *s == "super").count();
                let up = module.len().saturating_sub(ups);
                (up, &path["super::".len() * ups..])
            }
        };
        rest = tail;
        if base > 0 {
            // Still inside the file's own folder.
            names.push(module[0].clone());
            continue;
        }
        let listed: Vec<&str> = match tail.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
            None => vec![tail],
        };
        for item in listed {
            let first: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !first.is_empty() {
                names.push(first);
            }
        }
    }
    names
}

fn back_imports(ui: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(ui, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let rel = file.strip_prefix(ui).unwrap();
        let module = module_of(rel);
        let Some((folder, allowed)) = MAY_IMPORT
            .iter()
            .find(|(f, _)| module.first().is_some_and(|m| m == f))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in top_names(line, &module) {
                if name != *folder && !allowed.contains(&name.as_str()) {
                    wrong.push(format!(
                        "{}:{}: {folder}/ imports {name}",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    wrong
}

#[test]
fn the_folders_of_ui_import_one_way() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let wrong = back_imports(&ui);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_back_import_is_caught() {
    let state = ["state".to_string(), "store".to_string()];
    assert_eq!(
        top_names("use crate::ui::panels::toolbar;", &state),
        ["panels"]
    );
    assert_eq!(
        top_names("use super::super::grid::GridView;", &state),
        ["grid"]
    );
    assert_eq!(top_names("use super::entry::EntryId;", &state), ["state"]);
    let grid = ["grid".to_string(), "cell".to_string()];
    assert_eq!(
        top_names("use crate::ui::{panels::x, theme};", &grid),
        ["panels", "theme"]
    );
}

#[test]
fn a_tree_with_a_back_import_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("state")).unwrap();
    std::fs::create_dir_all(dir.path().join("grid")).unwrap();
    std::fs::write(
        dir.path().join("state/store.rs"),
        "use super::entry::EntryId;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("grid/cell.rs"), "use crate::ui::theme;\n").unwrap();
    assert!(back_imports(dir.path()).is_empty());
    let back = "use crate::ui::state::State;\nuse crate::ui::panels::toolbar;\n";
    std::fs::write(dir.path().join("grid/cell.rs"), back).unwrap();
    assert_eq!(
        back_imports(dir.path()),
        ["grid/cell.rs:2: grid/ imports panels"]
    );
}
