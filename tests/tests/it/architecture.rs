//! The house as the architecture draws it, checked on the sources: the
//! server kit knows no domain crate, one place assembles the suite, and no
//! module imports another that imports it back.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each `src/` directory of the workspace's crates.
fn source_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for group in ["crates", "services"] {
        for entry in std::fs::read_dir(workspace().join(group)).unwrap() {
            let src = entry.unwrap().path().join("src");
            if src.is_dir() {
                roots.push(src);
            }
        }
    }
    roots
}

/// The crate's top-level modules that `text` names through `crate::`.
fn crate_refs(text: &str) -> BTreeSet<String> {
    let word = |s: &str| s.trim().split("::").next().unwrap_or("").trim().to_owned();
    let mut refs = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            refs.extend(group.split(',').map(word).filter(|w| !w.is_empty()));
        } else {
            refs.insert(rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect());
        }
    }
    refs
}

#[test]
fn the_server_kit_imports_no_domain_crate() {
    let manifest = std::fs::read_to_string(workspace().join("crates/runtime/Cargo.toml")).unwrap();
    for domain in ["gongwen-rules", "gongwen-org", "gongwen-calendar", "gongwen-audit", "gongwen-deps", "gongwen-guard"]
    {
        assert!(!manifest.contains(&format!("{domain}.")), "crates/runtime depends on {domain}");
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut cycles = Vec::new();
    for src in source_roots() {
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut refs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in files {
            let rel = f.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            let top = rel.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
            if matches!(top.as_str(), "lib" | "main" | "bin") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            // Unit tests may reach anywhere in their crate.
            let code = text.split("#[cfg(test)]").next().unwrap();
            refs.entry(top.clone()).or_default().extend(crate_refs(code).into_iter().filter(|r| *r != top));
        }
        for (a, to) in &refs {
            for b in to {
                if a < b && refs.get(b).is_some_and(|back| back.contains(a)) {
                    cycles.push(format!("{}: {a} <-> {b}", src.display()));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "modules importing each other: {cycles:#?}");
}

#[test]
fn one_place_assembles_the_suite() {
    // Every entry point (the binaries, serve, the demo, the tests' harness,
    // the benchmark) calls gongwen::assemble; no service is built elsewhere.
    let mut builders = Vec::new();
    let mut files = Vec::new();
    for dir in ["services", "crates", "tests/tests"] {
        rust_files(&workspace().join(dir), &mut files);
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for service in ["intake", "countersign", "approval", "calendar_service", "audit_service"] {
            if text.contains(&format!("gongwen_{service}::build(")) {
                builders.push(f.strip_prefix(workspace()).unwrap().display().to_string());
            }
        }
    }
    builders.sort();
    builders.dedup();
    assert_eq!(builders, ["services/gongwen/src/assemble.rs"]);
}
