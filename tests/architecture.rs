//! docs/architecture.md against the code, read as code (comments and strings left out, `use`
//! trees expanded, `super::` and child modules resolved), not as text:
//! - the four flows' paths are real: each file exists, is reached from one before it, and none
//!   calls back into a page;
//! - the module arrows point down;
//! - no module looks elements up in the whole document, outside an allow-list.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `text` without its comments, every string and char literal emptied (`""`, `' '`), its line
/// breaks kept (a line of `code` is that line of `text`).
fn code(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if b[i] == b'\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
                out.push(' ');
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && !b[..i].last().is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let end = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let len = text[start..].find(&end).expect("a raw string ends");
                out.push_str("\"\"");
                out.extend(text[start..start + len].matches('\n'));
                i = start + len + end.len();
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push_str("\"\"");
                out.extend(text[start..i.min(b.len())].matches('\n'));
                i += 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{..}'), or a lifetime ('a).
                let close = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..].iter().position(|&c| c == b'\'').map(|p| i + 2 + p)
                } else {
                    let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 1 + ch)
                };
                match close {
                    Some(end) => {
                        out.push_str("' '");
                        i = end + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            _ => {
                let ch = text[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// The module path of a file under `src/` (`src/pages/job/toolbar.rs` → `crate::pages::job::toolbar`).
fn module_of(file: &str) -> String {
    let rel = file.strip_prefix("src/").expect("a file under src/").trim_end_matches(".rs");
    let mut parts = vec!["crate"];
    parts.extend(rel.split('/').filter(|p| !matches!(*p, "mod" | "lib" | "main")));
    parts.join("::")
}

/// The index of the brace that closes the one at `open`.
fn closing(s: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    panic!("an unclosed brace in {s}")
}

/// The paths of a `use` tree (`a::{b, c::{d as e, self}}` → `a::b`, `a::c::d`, `a::c`).
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree = tree.trim();
    match tree.find('{') {
        Some(open) => {
            let close = closing(tree, open);
            let head = format!("{prefix}{}", &tree[..open]);
            let inner = &tree[open + 1..close];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&head, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&head, &inner[start..], out);
        }
        None if tree.is_empty() => {}
        None => {
            let path = tree.split(" as ").next().unwrap().replace(' ', "");
            let full = format!("{prefix}{path}");
            out.push(full.strip_suffix("::self").map(str::to_owned).unwrap_or(full));
        }
    }
}

/// `path` as seen from the module `module` (with child modules `children`), from `crate`; `None`
/// for another crate's.
fn resolve(module: &str, children: &[String], path: &str) -> Option<String> {
    let mut base: Vec<&str> = module.split("::").collect();
    let mut rest = path.trim_start_matches("::");
    if let Some(r) = rest.strip_prefix("crate::") {
        return Some(format!("crate::{r}"));
    }
    if let Some(r) = rest.strip_prefix("self::") {
        return Some(format!("{module}::{r}"));
    }
    let mut went_up = false;
    while let Some(r) = rest.strip_prefix("super::") {
        base.pop();
        rest = r;
        went_up = true;
    }
    if went_up {
        return Some(format!("{}::{rest}", base.join("::")));
    }
    let first = rest.split("::").next().unwrap_or_default();
    children.iter().any(|c| c == first).then(|| format!("{module}::{rest}"))
}

/// Every path of the crate that the file `file` depends on: its `use` trees and the paths in its
/// code (`crate::x::y`, `super::x`, a child module's `x::y`), resolved from the crate's root.
fn dependencies(file: &str, text: &str) -> Vec<String> {
    let code = code(text);
    let module = module_of(file);
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
    let children: Vec<String> =
        words.windows(2).filter(|w| w[0] == "mod" && !w[1].is_empty()).map(|w| w[1].to_owned()).collect();
    let mut paths = Vec::new();
    // `use` items.
    let mut at = 0;
    while let Some(found) = code[at..].find("use ") {
        let start = at + found;
        at = start + 4;
        let before = code[..start].chars().rev().find(|c| !c.is_whitespace());
        let word_before = code[..start].trim_end().rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next();
        // After an item's end, a block's start, `pub` or `pub(crate)`.
        let is_item = matches!(before, None | Some(';' | '{' | '}' | ')' | ']')) || word_before == Some("pub");
        if !is_item || code[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = at + code[at..].find(';').expect("a use item ends");
        expand("", &code[at..end], &mut paths);
        at = end;
    }
    // Paths in the code.
    let bytes = code.as_bytes();
    for (i, _) in code.match_indices("::") {
        let start = code[..i].rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).map_or(0, |s| s + 1);
        if start < i && (start == 0 || bytes[start - 1] != b':') {
            let end =
                code[i..].find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).map_or(code.len(), |e| i + e);
            paths.push(code[start..end].trim_end_matches(':').to_owned());
        }
    }
    paths.iter().filter_map(|p| resolve(&module, &children, p)).collect()
}

/// Whether `deps` reach the module `target` (or something in it).
fn reaches(deps: &[String], target: &str) -> bool {
    deps.iter().any(|d| d == target || d.starts_with(&format!("{target}::")))
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

#[test]
fn the_four_flows_are_paths_through_the_code() {
    let flows = flows();
    assert_eq!(flows.len(), 4, "docs/architecture.md has four flows: {flows:?}");
    for (title, files) in &flows {
        assert!((2..=10).contains(&files.len()), "{title}: {} files {files:?}", files.len());
        assert!(files[0].starts_with("src/pages/"), "{title} starts at its route file: {}", files[0]);
        let texts: Vec<String> = files.iter().map(|f| read(f)).collect();
        let deps: Vec<Vec<String>> = files
            .iter()
            .zip(&texts)
            .map(|(f, t)| if f.ends_with(".rs") { dependencies(f, t) } else { Vec::new() })
            .collect();
        for (i, file) in files.iter().enumerate().skip(1) {
            let reached = if file.ends_with(".rs") {
                deps[..i].iter().any(|d| reaches(d, &module_of(file)))
            } else {
                // A script is named by the Rust that writes it into the page.
                let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
                texts[..i].iter().any(|t| t.contains(&name))
            };
            assert!(reached, "{title}: nothing before {file} on the path leads to it");
            if file.ends_with(".rs") && !file.starts_with("src/pages/") {
                assert!(!reaches(&deps[i], "crate::pages"), "{title}: {file} calls back into a page");
            }
        }
    }
}

/// Every Rust file under `dir`, with its subdirectories.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(rust_files(&name));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

#[test]
fn arrows_point_down() {
    // Each directory, and what it must not use: the layers above it (docs/architecture.md).
    let above = ["crate::pages", "crate::components", "crate::list", "crate::job", "crate::app", "crate::api"];
    let rules: [(&str, &[&str]); 9] = [
        // Components get data and callbacks: no API, no pages, no loading.
        ("src/components/", &["crate::api", "crate::pages", "crate::app::loader", "crate::list::first_load"]),
        // The list's logic may use a job's (a saved view's spec, the actions a selection offers).
        ("src/list/", &above[..2]),
        ("src/job/", &above[..3]),
        ("src/tables/", &above[..4]),
        // The change inbox's rules may use the list's (its URLs) and the Tables board's.
        ("src/changes/", &above[..2]),
        ("src/app/", &above[..4]),
        // The API knows the model, the words and the browser, nothing of the app above it.
        ("src/api/", &above[..5]),
        ("src/text/", &above[..6]),
        (
            "src/browser/",
            &[
                "crate::pages",
                "crate::components",
                "crate::list",
                "crate::job",
                "crate::app",
                "crate::api",
                "crate::text",
            ],
        ),
    ];
    let mut checked = 0;
    for (file, text) in rust_files("src") {
        if file == "src/lib.rs" || file == "src/main.rs" || file.starts_with("src/pages/") {
            continue;
        }
        let (_, forbidden) =
            rules.iter().find(|(dir, _)| file.starts_with(dir)).unwrap_or_else(|| panic!("{file} is in no layer"));
        let deps = dependencies(&file, &text);
        for f in *forbidden {
            assert!(!reaches(&deps, f), "{file} uses {f}: arrows point down (docs/architecture.md)");
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked} files checked");
}

/// Where a look-up in the whole document is the point: the credential check reads the page's own
/// Content-Security-Policy `<meta>`; the first load's handover and Trusted Types reach globals.
const WHOLE_DOCUMENT_ALLOWED: [&str; 3] =
    ["src/api/credential.rs", "src/list/first_load.rs", "src/text/html/trusted_types.rs"];

/// The calls in `code` that look elements up in the whole document: `get_element_by_id`, and a
/// `query_selector…` whose receiver is the document.
fn document_lookups(code: &str) -> Vec<String> {
    let mut calls: Vec<usize> =
        code.match_indices(".query_selector").chain(code.match_indices(".get_element_by_id")).map(|(i, _)| i).collect();
    calls.sort_unstable();
    let mut found = Vec::new();
    for i in calls {
        // The receiver: the chain of calls before the dot.
        let before = &code[..i];
        let mut depth = 0;
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| {
                match c {
                    ')' => depth += 1,
                    '(' if depth > 0 => depth -= 1,
                    _ if depth > 0 => {}
                    c if c.is_alphanumeric() || matches!(c, '_' | '.' | '?' | ':') || c.is_whitespace() => {}
                    _ => return true,
                }
                false
            })
            .map_or(0, |(at, _)| at + 1);
        let receiver = &before[start..];
        if code[i..].starts_with(".get_element_by_id") || receiver.contains("document") {
            found.push(receiver.split_whitespace().collect::<String>());
        }
    }
    found
}

#[test]
fn no_module_looks_elements_up_in_the_whole_document() {
    for (file, text) in rust_files("src") {
        if WHOLE_DOCUMENT_ALLOWED.contains(&file.as_str()) {
            continue;
        }
        let lookups = document_lookups(&code(&text));
        assert!(
            lookups.is_empty(),
            "{file} looks elements up in the whole document: {lookups:?}; use a NodeRef, props or context"
        );
    }
}

#[test]
fn the_reader_reads_code_not_text() {
    let text = r#"
        //! Uses crate::pages in a comment only.
        use crate::{api::{self, Inflight}, format::{escape_html as esc, thousands}};
        use super::reading::JobReading;
        pub use leptos::prelude::*;
        mod toolbar;
        fn f() { let s = "crate::components::x"; /* crate::app::loader */ toolbar::Bar::new(); crate::app::session::use_session(); let c = '"'; }
    "#;
    let deps = dependencies("src/pages/job/cards.rs", text);
    for want in [
        "crate::api",
        "crate::api::Inflight",
        "crate::format::escape_html",
        "crate::format::thousands",
        "crate::pages::job::reading::JobReading",
        "crate::pages::job::cards::toolbar::Bar::new",
        "crate::app::session::use_session",
    ] {
        assert!(deps.iter().any(|d| d == want), "{want} in {deps:?}");
    }
    for not in ["crate::pages::", "crate::components", "crate::app::loader"] {
        assert!(!deps.iter().any(|d| d.starts_with(not) && !d.starts_with("crate::pages::job")), "{not} in {deps:?}");
    }
    assert_eq!(module_of("src/components/mod.rs"), "crate::components");
    let found = document_lookups(&code(
        "let a = document().query_selector(\"x\"); let b = root.query_selector_all(\"y\"); \
         let Some(document) = w.document() else { return }; document.get_element_by_id(\"z\"); \
         web_sys::window()?.document()?.query_selector(\"q\");",
    ));
    assert_eq!(found, ["document()", "document", "web_sys::window()?.document()?"]);
}

/// Markup reaches the page through `src/text/html.rs` only: no other module writes HTML into an
/// element, and every `innerHTML` property in a view takes that module's value (an `Html`,
/// whose text is escaped).
#[test]
fn markup_reaches_the_page_only_through_the_html_writer() {
    let mut views = 0;
    for (file, text) in rust_files("src") {
        if file == "src/text/html.rs" || file.starts_with("src/text/html/") {
            continue;
        }
        let code = code(&text);
        for sink in ["set_inner_html", "set_outer_html", "insert_adjacent_html", "inner_html", ".write_with_str"] {
            assert!(
                !code.contains(sink),
                "{file} writes HTML with {sink}: build an html::Html and use html::set_inner"
            );
        }
        for (at, _) in code.match_indices("prop:innerHTML") {
            let value: String =
                code[at + "prop:innerHTML".len()..].chars().take(40).filter(|c| !c.is_whitespace()).collect();
            assert!(
                ["=markup::value(", "=html::value(", "=crate::text::html::value("].iter().any(|v| value.starts_with(v)),
                "{file}: innerHTML set to {value}…, not through html::value"
            );
            views += 1;
        }
    }
    assert!(views >= 4, "{views} innerHTML properties found");
}

/// The components (`#[component]`) and hooks (`fn use_…`) of `text`, each with its length in
/// lines (its signature to its closing brace).
fn components_and_hooks(text: &str) -> Vec<(String, usize)> {
    let code = code(text);
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let (name, at) =
            if let Some(rest) = trimmed.strip_prefix("pub fn use_").or_else(|| trimmed.strip_prefix("fn use_")) {
                (format!("use_{}", rest.split(['(', '<']).next().unwrap_or_default()), at)
            } else if trimmed.starts_with("#[component]") {
                match lines[at + 1..].iter().position(|l| l.contains("fn ")) {
                    Some(n) => {
                        let rest = lines[at + 1 + n].split("fn ").nth(1).unwrap_or_default();
                        (rest.split(['(', '<']).next().unwrap_or_default().to_owned(), at + 1 + n)
                    }
                    None => continue,
                }
            } else {
                continue;
            };
        // From here to the brace that closes the first one opened.
        let (mut depth, mut opened) = (0_i32, false);
        for (end, l) in lines.iter().enumerate().skip(at) {
            for c in l.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth == 0 {
                found.push((name, end - at + 1));
                break;
            }
        }
    }
    found
}

#[test]
fn no_component_or_hook_is_longer_than_120_lines() {
    let mut seen = 0;
    for (file, text) in rust_files("src") {
        for (name, lines) in components_and_hooks(&text) {
            assert!(lines <= 120, "{file}: {name} is {lines} lines long (at most 120)");
            seen += 1;
        }
    }
    assert!(seen > 40, "{seen} components and hooks found");
    let sample =
        "#[component]\npub fn A(x: u8) -> impl IntoView {\n    let s = \"{\n\";\n    view! { <p>{x}</p> }\n}\n";
    assert_eq!(components_and_hooks(sample), [("A".to_owned(), 5)], "the string's brace is not counted");
}
