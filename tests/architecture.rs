//! docs/architecture.md against the code: the four flows' paths are real (each file exists, is
//! reached from one before it, and none calls back into a page), at most six files each; and the
//! module arrows point down.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The flows of docs/architecture.md ("## Four flows" section): each heading and the files of
/// its numbered list, in order.
fn flows() -> Vec<(String, Vec<String>)> {
    let doc = read("docs/architecture.md");
    let section = doc.split("\n## Four flows").nth(1).expect("a section of flows");
    let section = section.split("\n## ").next().unwrap();
    let mut flows: Vec<(String, Vec<String>)> = Vec::new();
    for line in section.lines() {
        if let Some(title) = line.strip_prefix("### Flow ") {
            flows.push((title.to_owned(), Vec::new()));
        } else if let Some((_, rest)) = line.split_once(". `").filter(|(n, _)| n.parse::<u32>().is_ok()) {
            let file = rest.split('`').next().unwrap().to_owned();
            flows.last_mut().expect("a numbered file under a flow's heading").1.push(file);
        }
    }
    flows
}

/// How code names the module of `file`: what an earlier file on the path must mention to reach it.
fn names(file: &str) -> Vec<String> {
    let stem = Path::new(file).file_stem().unwrap().to_string_lossy().into_owned();
    match (stem.as_str(), Path::new(file).extension().and_then(|e| e.to_str())) {
        (_, Some("js")) => vec![Path::new(file).file_name().unwrap().to_string_lossy().into_owned()],
        ("mod", _) => vec![format!("{}::", Path::new(file).parent().unwrap().file_name().unwrap().to_string_lossy())],
        _ => vec![format!("{stem}::"), format!("::{stem}")],
    }
}

#[test]
fn the_four_flows_are_paths_through_the_code() {
    let flows = flows();
    assert_eq!(flows.len(), 4, "docs/architecture.md has four flows: {flows:?}");
    for (title, files) in &flows {
        assert!((2..=6).contains(&files.len()), "{title}: {} files {files:?}", files.len());
        assert!(files[0].starts_with("src/pages/"), "{title} starts at its route file: {}", files[0]);
        let texts: Vec<String> = files.iter().map(|f| read(f)).collect();
        for (i, file) in files.iter().enumerate().skip(1) {
            let reached = names(file).iter().any(|name| texts[..i].iter().any(|t| t.contains(name.as_str())));
            // The script half of the first load is reached from its Rust half, which names it.
            assert!(reached, "{title}: nothing before {file} on the path leads to it ({:?})", names(file));
            // No step calls back into a page (its caller).
            if file.ends_with(".rs") && !file.starts_with("src/pages/") {
                assert!(!texts[i].contains("crate::pages"), "{title}: {file} calls back into a page");
            }
        }
    }
}

/// Every Rust file under `dir`.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

#[test]
fn arrows_point_down() {
    let rules: [(&str, &[&str]); 3] = [
        // Components get data and callbacks: no API, no pages.
        ("src/components", &["crate::api", "crate::pages", "crate::loader", "crate::first_load"]),
        // The API knows the model and the browser, nothing of the app above it.
        ("src/api", &["crate::pages", "crate::components", "crate::session", "crate::loader", "crate::list_view"]),
        ("src", &["crate::pages", "crate::components"]),
    ];
    for (dir, forbidden) in rules {
        for (file, text) in rust_files(dir) {
            if file == "src/lib.rs" || file == "src/main.rs" {
                continue;
            }
            for f in forbidden {
                assert!(!text.contains(f), "{file} uses {f}: arrows point down (docs/architecture.md)");
            }
        }
    }
}
