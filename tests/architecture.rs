//! The cockpit's shape, checked (issue 14): each pane is a component in its own
//! directory under `src/tui/` that never reaches into the app, the store or another
//! pane; only `src/tui/app/` talks to the store; and the modules of `src/tui/` depend
//! on each other without a cycle. A newcomer can trust the layout the README
//! describes because this test fails when code leaves it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const TUI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tui");

/// The panes' components: every directory under `src/tui/` except the app.
fn components() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(TUI)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "app")
        .collect();
    out.sort();
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// Production code only: a component's `tests.rs` may build data through the store.
fn production_files(dir: &Path) -> Vec<(PathBuf, String)> {
    rust_files(dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The top-level `src/tui` module a file belongs to (`queue` for `queue/state.rs`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(TUI).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level `src/tui` modules a file names, by `crate::tui::x` or a `super::`
/// path that climbs to `src/tui`.
fn names(path: &Path, text: &str) -> BTreeSet<String> {
    let depth = path.strip_prefix(TUI).unwrap().components().count();
    // A file directly in src/tui reaches its siblings by `super::x`; one a directory
    // deeper by `super::super::x`, and so on.
    let climb = "super::".repeat(depth);
    let mut out = BTreeSet::new();
    for prefix in ["crate::tui::".to_string(), climb] {
        let mut rest = text;
        while let Some(i) = rest.find(&prefix) {
            let after = &rest[i + prefix.len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `super::super::x` seen from a shallower file is not a sibling.
            let climbs_further = prefix.starts_with("super") && rest[..i].ends_with("super::");
            if !name.is_empty() && !climbs_further {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

#[test]
fn components_reach_no_app_no_store_and_no_other_pane() {
    let comps = components();
    assert!(
        comps.len() >= 5,
        "each of the five panes has a directory: {comps:?}"
    );
    let mut wrong = Vec::new();
    for c in &comps {
        for (path, text) in production_files(&Path::new(TUI).join(c)) {
            let shown = path.strip_prefix(TUI).unwrap().display().to_string();
            if text.contains("crate::store") {
                wrong.push(format!("{shown} uses the store"));
            }
            for n in names(&path, &text) {
                if n == "app" {
                    wrong.push(format!("{shown} reaches into the app"));
                } else if n != *c && comps.contains(&n) {
                    wrong.push(format!("{shown} reaches into the {n} pane"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_app_talks_to_the_store() {
    let mut wrong = Vec::new();
    for path in rust_files(Path::new(TUI)) {
        if module_of(&path) == "app" || path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("crate::store") {
            wrong.push(path.strip_prefix(TUI).unwrap().display().to_string());
        }
    }
    assert!(wrong.is_empty(), "outside src/tui/app: {wrong:?}");
}

#[test]
fn tui_modules_depend_on_each_other_without_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(Path::new(TUI)) {
        let m = module_of(&path);
        if m == "mod" {
            continue; // the run loop at the root of tui/ sees everything
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let deps = graph.entry(m.clone()).or_default();
        for n in names(&path, &text) {
            if n != m {
                deps.insert(n);
            }
        }
    }
    // Depth-first search for a back edge; report the cycle's modules.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for d in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle in src/tui: {}", cycle.join(" → "));
        }
    }
}
