//! The release build's WebAssembly in parts: the app's module, and a chunk per split point
//! (`wasm_split` in src/pages/lazy.rs: the job page, the connect page) that the app fetches
//! when it first needs it.
//!
//! Trunk cannot do this (trunk-rs/trunk#1022): the module must be cut before wasm-bindgen, which
//! drops the linker's relocations. So Trunk builds as usual (without wasm-opt,
//! `data-wasm-opt="0"`), and its post-build hook calls [`split_release`], which starts again from
//! cargo's linked module (built with `--emit-relocs`, .cargo/config.toml):
//! 1. `wasm-split-cli` cuts it into the main module, the chunks and `__wasm_split.js` (the
//!    chunks' loader, imported by wasm-bindgen's JS);
//! 2. wasm-bindgen (`--keep-lld-exports`: the chunks link to the main module's exports), the
//!    dead classes of a dependency out of the main module and its glue (prune.rs), the glue's
//!    imports and the chunks' by short names (names.rs), and wasm-opt on every part
//!    ([`OPT_MAIN`], [`OPT_CHUNK`]);
//! 3. every file is named with one hash of all the parts (each refers to the others by name, so
//!    no part can be named by its own content alone) and replaces Trunk's JS and WebAssembly in
//!    the staging directory; index.html and the loader script are pointed at them, and the
//!    split loader is preloaded with the rest.

use crate::post_build::fnv64;
use crate::{merge, names, prune, run, tools, Result};
use std::path::Path;
use std::process::Command;

/// The crate's name: cargo's output, Trunk's file names and wasm-bindgen's `--out-name`.
const APP: &str = "polaris-jobs-console";
/// The loader `wasm-split-cli` writes, as the main module imports it.
const LINK: &str = "__wasm_split.js";

/// The pages src/first_load.js preloads when opened directly.
const PRELOADED: [&str; 4] = ["job_page", "new_job_page", "tables_page", "connect_page"];

/// One file of the build: its name as the tools wrote it, and its content.
struct Part {
    name: String,
    data: Vec<u8>,
}

pub fn split_release(staging: &Path, public_url: &str) -> Result {
    let target = crate::target_dir();
    let linked = target.join(tools::WASM_TARGET).join("release").join(format!("{APP}.wasm"));
    if !linked.is_file() {
        return Err(format!("{} is missing: the release build did not run", linked.display()).into());
    }
    let work = target.join("wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    // 1. Cut.
    let split_cli = tools::ensure_wasm_split()?;
    tools::ensure_esbuild()?;
    run(Command::new(&split_cli).arg(&linked).arg(&work).args(["--out-name", APP]))?;
    let main_split = work.join(format!("{APP}.wasm"));
    // Fewer, larger shared chunks (merge.rs).
    let mut chunks = merge::merge_shared(&work, LINK)?;
    for entry in std::fs::read_dir(&work)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("split_") && name.ends_with(".wasm") {
            chunks.push(name);
        }
    }
    chunks.sort();
    if chunks.is_empty() {
        return Err("wasm-split-cli found no split point: the release build has no chunk".into());
    }

    // 2. Bind and optimize.
    let bound = work.join("bound");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript", "--out-name", APP, "--out-dir"])
        .arg(&bound)
        .arg(&main_split))?;
    let main_wasm = format!("{APP}_bg.wasm");
    let main_js = format!("{APP}.js");
    // A dependency's classes that nothing uses go from both (prune.rs).
    let (wasm, removed) = prune::without_exports(&std::fs::read(bound.join(&main_wasm))?, prune::is_dead_export)?;
    if removed == 0 {
        return Err("the main module exports none of the classes xtask/src/prune.rs cuts: remove that step".into());
    }
    let js = prune::without_classes(&std::fs::read_to_string(bound.join(&main_js))?, &prune::DEAD_CLASSES)?;
    // The imports from the glue by short names, in both (names.rs).
    let (wasm, js) = names::shorten_imports(&wasm, &js, &format!("./{APP}_bg.js"))?;
    std::fs::write(bound.join(&main_wasm), &wasm)?;
    // Code the change inbox and most pages need, in the main module (merge.rs).
    let loader = std::fs::read_to_string(work.join(LINK))?;
    let folded = merge::for_main(&loader)?;
    let loader = merge::fold_into_main(&bound.join(&main_wasm), &work, &folded, &loader)?;
    chunks.retain(|c| !folded.iter().any(|stem| c.strip_suffix(".wasm") == Some(stem)));
    let main_opt = wasm_opt(&bound.join(&main_wasm), &OPT_MAIN)?;
    prune::check_glue(&js, &main_opt)?;
    let mut parts = vec![
        // The scripts as the tools wrote them: minified once they name the other parts (below).
        Part { name: main_js.clone(), data: js.into_bytes() },
        Part { name: main_wasm.clone(), data: main_opt },
    ];
    // What the chunks share with the main module, by short names (names.rs).
    let (short_loader, shared) = names::loader_with_short_imports(&loader)?;
    parts.push(Part { name: LINK.into(), data: short_loader.into_bytes() });
    for chunk in &chunks {
        let data = names::chunk_with_short_imports(&wasm_opt(&work.join(chunk), &OPT_CHUNK)?, &shared)?;
        parts.push(Part { name: chunk.clone(), data });
    }

    // 3. Name, point at each other, stage.
    let hash = format!("{:016x}", fnv64(&parts.iter().flat_map(|p| p.data.iter().copied()).collect::<Vec<_>>()));
    let renamed = |name: &str| hashed(name, &hash);
    for part in &mut parts {
        if part.name == main_js {
            let js = String::from_utf8(std::mem::take(&mut part.data))?;
            // Only the import statement: the module's import object keeps the name the
            // WebAssembly asks for.
            let js =
                replace_all(&js, &format!("from \"./{LINK}\""), &format!("from \"./{}\"", renamed(LINK)), &main_js)?;
            // wasm-bindgen's default module path (the loader passes its own; kept right anyway).
            let js = replace_all(&js, &format!("'{main_wasm}'"), &format!("'{}'", renamed(&main_wasm)), &main_js)?;
            part.data = minify_module(&js)?.into_bytes();
        } else if part.name == LINK {
            let mut js = String::from_utf8(std::mem::take(&mut part.data))?;
            js = replace_all(&js, &format!("\"./{main_js}\""), &format!("\"./{}\"", renamed(&main_js)), LINK)?;
            for chunk in &chunks {
                js = replace_all(&js, &format!("\"./{chunk}\""), &format!("\"./{}\"", renamed(chunk)), LINK)?;
            }
            part.data = minify_module(&js)?.into_bytes();
        }
    }

    // Trunk's files go; their stem (`polaris-jobs-console-<trunk hash>`) is what index.html and
    // the loader script refer to.
    let mut trunk_stem = None;
    for entry in std::fs::read_dir(staging)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm").filter(|s| s.starts_with(APP)) {
            trunk_stem = Some(stem.to_owned());
        }
        if name.starts_with(APP) && (name.ends_with(".js") || name.ends_with(".wasm")) {
            std::fs::remove_file(entry.path())?;
        }
    }
    let trunk_stem = trunk_stem.ok_or("Trunk's WebAssembly is not in the staging directory")?;
    for part in &parts {
        std::fs::write(staging.join(renamed(&part.name)), &part.data)?;
    }

    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let html = point_index_at(&html, &trunk_stem, &format!("{APP}-{hash}"), &renamed(LINK), public_url)?;
    // src/first_load.js preloads a page's code when that page is opened directly: its chunk and
    // the shared chunks it needs (as the loader would fetch them, without waiting for the app).
    let mut named = Vec::new();
    for page in PRELOADED {
        let files: Vec<String> =
            merge::files_of(&loader, page)?.iter().map(|f| format!("{public_url}{}", renamed(f))).collect();
        named.push((format!("pjc-chunk-{}", page.replace('_', "-")), files.join(" ")));
    }
    let html = name_chunks(&html, &named)?;
    std::fs::write(&index, html)?;
    Ok(())
}

/// `name` with the build's hash before its extension (`x_bg.wasm` -> `x-<hash>_bg.wasm`, as
/// Trunk names the main module).
pub fn hashed(name: &str, hash: &str) -> String {
    if let Some(stem) = name.strip_suffix("_bg.wasm") {
        return format!("{stem}-{hash}_bg.wasm");
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{hash}.{ext}"),
        None => format!("{name}-{hash}"),
    }
}

/// Replaces every `from` in `text` (in file `file`), which must occur: a tool that changed its
/// output would otherwise leave a file pointing at a name that is not there.
pub fn replace_all(text: &str, from: &str, to: &str, file: &str) -> Result<String> {
    if !text.contains(from) {
        return Err(format!("{file}: `{from}` not found; the split build's outputs changed shape").into());
    }
    Ok(text.replace(from, to))
}

/// Trunk's index.html with the new names: the stem of the app's JS and WebAssembly everywhere
/// (preloads and the loader script), and the split loader preloaded next to the app's JS (the
/// app's JS imports it, so the browser would otherwise fetch it only after parsing that). The
/// integrity hashes Trunk gave those two preloads were for its files, so they go.
pub fn point_index_at(html: &str, old_stem: &str, new_stem: &str, link: &str, public_url: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html;
    while let Some(at) = rest.find("<link") {
        let end = rest[at..].find('>').map(|i| at + i + 1).ok_or("index.html: a <link> tag is not closed")?;
        out.push_str(&rest[..at]);
        let tag = &rest[at..end];
        if tag.contains(old_stem) {
            out.push_str(&strip_attr(tag, "integrity"));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let html = replace_all(&out, old_stem, new_stem, "index.html")?;
    let tag = format!("<link rel=\"modulepreload\" href=\"{public_url}{new_stem}.js\"");
    let at = html.find(&tag).ok_or("index.html: no modulepreload of the app's JS")?;
    let extra = format!("<link rel=\"modulepreload\" href=\"{public_url}{link}\" crossorigin=\"anonymous\">");
    Ok(format!("{}{extra}{}", &html[..at], &html[at..]))
}

/// index.html with `<meta name=NAME content=URL>` per chunk before the first script.
pub fn name_chunks(html: &str, chunks: &[(String, String)]) -> Result<String> {
    let at = html.find("<script").ok_or("index.html: no script to name the chunks before")?;
    let metas: String =
        chunks.iter().map(|(name, url)| format!("<meta name=\"{name}\" content=\"{url}\" />")).collect();
    Ok(format!("{}{metas}{}", &html[..at], &html[at..]))
}

/// `tag` without its attribute `name="..."`.
fn strip_attr(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    match tag.find(&key) {
        Some(at) => match tag[at + key.len()..].find('"') {
            Some(len) => format!("{}{}", &tag[..at], &tag[at + key.len() + len + 1..]),
            None => tag.to_owned(),
        },
        None => tag.to_owned(),
    }
}

/// A generated ES module minified by esbuild (names shortened, white space gone: the glue
/// −0.9 KB brotli against `post_build::minify_script`, docs/performance.md).
fn minify_module(js: &str) -> Result<String> {
    minify_js(js, &["--format=esm"])
}

/// A script minified by esbuild, with `args` (the release build's first-load script, inlined in
/// index.html: −0.5 KB brotli against `post_build::minify_script`, docs/performance.md).
pub fn minify_js(js: &str, args: &[&str]) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new(tools::esbuild())
        .args(["--minify", "--log-level=error", "--legal-comments=none"])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("esbuild: {e}"))?;
    child.stdin.take().ok_or("esbuild: no stdin")?.write_all(js.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err("esbuild could not minify a script".into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// wasm-opt's passes for the main module and for the chunks: the smallest after brotli of those
/// measured (docs/performance.md). `--low-memory-unused`: the module's data starts at 1 MiB and
/// its stack grows down from there, so no pointer below 1 KiB is ever used, and constant
/// offsets fold into addresses.
/// `--strip-producers` and `--strip-target-features`: the toolchain's name and the feature list
/// are custom sections no browser reads, about 120 B brotli in every file (a page fetches a
/// dozen or more chunks).
/// `--converge`: the passes again until the module stops shrinking (main −0.3 KB brotli, a few
/// seconds more).
const OPT_MAIN: [&str; 5] =
    ["-Os", "--low-memory-unused", "--strip-producers", "--strip-target-features", "--converge"];
const OPT_CHUNK: [&str; 6] =
    ["-O3", "-Os", "--low-memory-unused", "--strip-producers", "--strip-target-features", "--converge"];

fn wasm_opt(input: &Path, passes: &[&str]) -> Result<Vec<u8>> {
    let out = input.with_extension("opt.wasm");
    run(Command::new("wasm-opt").args(passes).arg(input).arg("-o").arg(&out))?;
    Ok(std::fs::read(out)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hash_before_the_extension() {
        assert_eq!(hashed("polaris-jobs-console_bg.wasm", "ab"), "polaris-jobs-console-ab_bg.wasm");
        assert_eq!(hashed("polaris-jobs-console.js", "ab"), "polaris-jobs-console-ab.js");
        assert_eq!(hashed("__wasm_split.js", "ab"), "__wasm_split-ab.js");
        assert_eq!(hashed("split_job_page.wasm", "ab"), "split_job_page-ab.wasm");
    }

    #[test]
    fn the_chunks_are_named_before_the_first_script() {
        let chunks =
            [("pjc-chunk-a".to_owned(), "/a-1.wasm".to_owned()), ("pjc-chunk-b".to_owned(), "/b-1.wasm".to_owned())];
        let out = name_chunks("<head><title>x</title><script src=\"/a.js\"></script>", &chunks).unwrap();
        assert_eq!(
            out,
            concat!(
                "<head><title>x</title><meta name=\"pjc-chunk-a\" content=\"/a-1.wasm\" />",
                "<meta name=\"pjc-chunk-b\" content=\"/b-1.wasm\" /><script src=\"/a.js\"></script>"
            )
        );
    }

    #[test]
    fn a_missing_name_is_an_error_not_a_silent_no_op() {
        assert_eq!(replace_all("import './a.js'", "./a.js", "./b.js", "x").unwrap(), "import './b.js'");
        assert!(replace_all("import './a.js'", "./c.js", "./b.js", "x").is_err());
    }

    #[test]
    fn index_points_at_the_new_files_and_preloads_the_split_loader() {
        let html = concat!(
            "<script type=\"module\">import init from '/app-1.js';\n",
            "await init({ module_or_path: '/app-1_bg.wasm' });</script>",
            "<link rel=\"modulepreload\" href=\"/app-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-x\">",
            "<link rel=\"stylesheet\" href=\"/main-3.css\" integrity=\"sha384-y\"/>",
            "<link rel=\"preload\" href=\"/app-1_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>"
        );
        let out = point_index_at(html, "app-1", "app-2", "__wasm_split-2.js", "/").unwrap();
        assert!(!out.contains("app-1"));
        assert!(!out.contains("sha384-x"), "{out}");
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/main-3.css\" integrity=\"sha384-y\"/>"));
        assert!(out.contains("import init from '/app-2.js'"));
        assert!(out.contains("module_or_path: '/app-2_bg.wasm'"));
        assert!(out.contains(
            "<link rel=\"modulepreload\" href=\"/__wasm_split-2.js\" crossorigin=\"anonymous\"><link rel=\"modulepreload\" href=\"/app-2.js\" crossorigin=\"anonymous\">"
        ));
    }
}
