//! Fewer, larger shared chunks. `wasm-split-cli` puts the code that several pages share, and the
//! main module does not use, in a chunk per set of pages that use it: with seven pages that was
//! 52 chunks, and a job page fetched 31 of them, most a few hundred bytes (each a file with its
//! own header and request). Here chunks whose pages mostly overlap become one: a page may then
//! fetch a little code it does not run, in exchange for fewer files (docs/performance.md).
//!
//! The chunks are independent modules with the same imports (`__wasm_split`: the memory, the
//! function table and a global): each writes its functions into the table and its data into the
//! memory when it is instantiated. Merged by `wasm-merge` (binaryen) through a hub module that
//! imports those three once and exports them to the members, so that the merged module imports
//! each once too. The loader (`__wasm_split.js`) then loads the merged module under the first
//! member's name, and the other members are that one's loader.

use crate::{prune, run, Result};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// What a file costs a page beyond its bytes (its framing, its request), in bytes of code: a
/// merge is made when the pages that fetch both chunks save more of these than the pages that
/// fetch only one of them download in code they do not need. A file costs more than its framing:
/// each is compressed on its own, so that what it shares with the page's other files is sent
/// again (a page's files compressed together are 15–20 % smaller than compressed one by one).
pub const FILE_COST: u64 = 2_000;

/// A shared chunk: its pages and its size (code and data, without custom sections).
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub pages: BTreeSet<String>,
    pub size: u64,
}

/// Groups of chunks (indexes into `chunks`) to merge, each in index order: greedily, the merge
/// that saves the most first, while one saves anything. Merging `a` (pages P) and `b` (pages Q)
/// costs the pages of Q alone `a`'s size and those of P alone `b`'s, and saves the pages of both
/// a file each.
pub fn plan(chunks: &[Chunk], file_cost: u64) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Vec<usize>, Chunk)> = chunks.iter().cloned().enumerate().map(|(i, c)| (vec![i], c)).collect();
    loop {
        let mut best: Option<(i64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (&groups[i].1, &groups[j].1);
                let only_b = b.pages.difference(&a.pages).count() as i64;
                let only_a = a.pages.difference(&b.pages).count() as i64;
                let both = a.pages.intersection(&b.pages).count() as i64;
                let delta = only_b * a.size as i64 + only_a * b.size as i64 - both * file_cost as i64;
                if delta < 0 && best.is_none_or(|(d, _, _)| delta < d) {
                    best = Some((delta, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let (members, chunk) = groups.remove(j);
        let into = &mut groups[i];
        into.0.extend(members);
        into.0.sort_unstable();
        into.1.pages.extend(chunk.pages);
        into.1.size += chunk.size;
    }
    let mut out: Vec<Vec<usize>> = groups.into_iter().map(|(members, _)| members).collect();
    out.sort_unstable();
    out
}

/// The shared chunks the loader `js` declares, in its order: (file stem `chunk_N`, pages).
pub fn declared(js: &str) -> Result<Vec<(String, BTreeSet<String>)>> {
    let mut out = Vec::new();
    let mut rest = js;
    while let Some(at) = rest.find("/* ") {
        let end = rest[at..].find(" */\n").ok_or("__wasm_split.js: a comment is not closed")? + at;
        let pages: BTreeSet<String> = rest[at + 3..end].split(", ").map(str::to_owned).collect();
        let after = &rest[end + 4..];
        rest = after;
        let Some(decl) = after.strip_prefix("const __") else { continue };
        let Some(stem) = decl.split(' ').next().filter(|s| s.starts_with("chunk_")) else { continue };
        out.push((stem.to_owned(), pages));
    }
    Ok(out)
}

/// The loader with `member`'s declaration (`const __chunk_K = makeLoad(…, []);`) gone and each
/// list of dependencies naming `into` instead, once: one module, loaded once, for both.
pub fn alias(js: &str, member: &str, into: &str) -> Result<String> {
    let start = format!("const __{member} = makeLoad(");
    let at = js.find(&start).ok_or_else(|| format!("__wasm_split.js: no `{start}`"))?;
    let end = js[at..].find("\n, []);\n").ok_or_else(|| format!("__wasm_split.js: `{start}` has no end"))? + at;
    if !js[..at].contains(&format!("const __{into} = makeLoad(")) {
        return Err(format!("__wasm_split.js: {into} is not declared before {member}").into());
    }
    let js = format!("{}{}", &js[..at], &js[end + "\n, []);\n".len()..]);
    let (member, into) = (format!("__{member}"), format!("__{into}"));
    Ok(each_dependency_list(&js, "\n, [", |deps| {
        let mut out: Vec<&str> = Vec::new();
        for d in deps.iter().map(|&d| if d == member { into.as_str() } else { d }) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out.join(", ")
    }))
}

/// The loader with each list of dependencies (`\n, [a, b]` as `wasm-split-cli` writes it,
/// `"), [a, b]` after [`shared_fetch`]: `open` says which) as `each` writes it.
fn each_dependency_list(js: &str, open: &str, each: impl Fn(&[&str]) -> String) -> String {
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(at) = rest.find(open) {
        let Some(close) = rest[at..].find(']').map(|c| c + at) else { break };
        let deps: Vec<&str> = rest[at + open.len()..close].split(", ").filter(|d| !d.is_empty()).collect();
        out.push_str(&rest[..at + open.len()]);
        out.push_str(&each(&deps));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// How `wasm-split-cli` fetches each module: the same five lines for each, but its file name.
const FETCH: [&str; 2] = [
    "makeLoad(() => {\n    const src = fetch(new URL(\"",
    "\", import.meta.url));\n    src.catch(() => {});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}\n, [",
];

/// The loader with those lines written once, as a function of the file's name: the list's first
/// load fetches the loader (−0.1 KB brotli, with [`alias`]'s lists that name each module once
/// −0.4 KB; docs/performance.md).
pub fn shared_fetch(js: &str) -> Result<String> {
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(at) = rest.find(FETCH[0]) {
        let name_at = at + FETCH[0].len();
        let name_end = rest[name_at..].find('"').ok_or("__wasm_split.js: a module's name is not closed")? + name_at;
        if !rest[name_end..].starts_with(FETCH[1]) {
            return Err("__wasm_split.js: a module is fetched in another way than xtask/src/merge.rs knows".into());
        }
        out.push_str(&rest[..at]);
        out.push_str(&format!("makeLoad(fetchModule(\"{}\"), [", &rest[name_at..name_end]));
        rest = &rest[name_end + FETCH[1].len()..];
    }
    out.push_str(rest);
    const MAKE_LOAD: &str = "function makeLoad(";
    let at = out.find(MAKE_LOAD).ok_or("__wasm_split.js: no makeLoad")?;
    if out.contains(FETCH[0]) || !out.contains("makeLoad(fetchModule(") {
        return Err("__wasm_split.js: no module fetched as xtask/src/merge.rs knows".into());
    }
    out.insert_str(
        at,
        "function fetchModule(path) {\n    return () => {\n        const src = fetch(new URL(path, import.meta.url));\n        \
         src.catch(() => {});\n        return async (imports) => WebAssembly.instantiateStreaming(src, imports);\n    };\n}\n",
    );
    Ok(out)
}

/// The files the loader `js` (as [`shared_fetch`] writes it) fetches for `page`: its chunk, then
/// the shared chunks it needs.
pub fn files_of(js: &str, page: &str) -> Result<Vec<String>> {
    let fetched = |decl: &str| -> Result<(String, String)> {
        let at = js.find(decl).ok_or_else(|| format!("__wasm_split.js: no `{decl}`"))? + decl.len();
        let rest = js[at..]
            .strip_prefix("makeLoad(fetchModule(\"./")
            .ok_or_else(|| format!("__wasm_split.js: `{decl}` is not a fetched module"))?;
        let (name, rest) = rest.split_once("\"), [").ok_or("__wasm_split.js: a module's name is not closed")?;
        let deps = rest.split_once(']').ok_or("__wasm_split.js: a list of modules is not closed")?.0;
        Ok((name.to_owned(), deps.to_owned()))
    };
    let (name, deps) = fetched(&format!("export const __wasm_split_load_{page} = wrapAsyncCb("))?;
    let mut files = vec![name];
    for dep in deps.split(", ").filter(|d| !d.is_empty()) {
        files.push(fetched(&format!("const {dep} = "))?.0);
    }
    Ok(files)
}

/// The split point that the jobs list loads right after its first rows, every time: the change
/// inbox (`src/pages/lazy.rs`).
pub const AFTER_FIRST_ROWS: &str = "inbox";

/// The shared chunks (file stems, `chunk_N`) that go with the main module, as the loader `js` (as
/// [`shared_fetch`] writes it) lists them: those that [`AFTER_FIRST_ROWS`] fetches and more than
/// half of all split points fetch. Every visit of the list fetched them anyway, right after its
/// first rows; in the main module they come a moment earlier, and most pages fetch a file fewer.
pub fn for_main(js: &str) -> Result<Vec<String>> {
    let pages: Vec<&str> =
        js.split("export const __wasm_split_load_").skip(1).filter_map(|rest| rest.split(' ').next()).collect();
    let mut fetched_by: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for page in &pages {
        for file in files_of(js, page)?.into_iter().skip(1) {
            *fetched_by.entry(file).or_default() += 1;
        }
    }
    let after_first_rows: BTreeSet<String> = files_of(js, AFTER_FIRST_ROWS)?.into_iter().skip(1).collect();
    Ok(fetched_by
        .into_iter()
        .filter(|(file, n)| after_first_rows.contains(file) && 2 * n > pages.len())
        .filter_map(|(file, _)| file.strip_suffix(".wasm").map(str::to_owned))
        .collect())
}

/// Code that the change inbox and most pages need goes with the main module ([`for_main`]): the
/// list's first rows are followed at once by the inbox's chunks, which fetched it anyway, and each
/// of those pages fetches a file fewer (docs/performance.md).
/// `main` (bound, as wasm-bindgen wrote it) becomes itself and the chunks `stems` (`chunk_N`, in
/// `dir`) in one module, by one wasm-merge, the chunks' imports from `__wasm_split` (the memory,
/// the table, the stack pointer) being main's exports of those names; the loader `js` no longer
/// fetches them.
pub fn fold_into_main(main: &Path, dir: &Path, stems: &[String], js: &str) -> Result<String> {
    if stems.is_empty() {
        return Ok(js.to_owned());
    }
    let merged = main.with_extension("folded.wasm");
    // Without their name sections (wasm-opt drops them anyway; wasm-merge warns about the
    // subsections it does not know).
    let main_in = main.with_extension("unnamed.wasm");
    let main_wasm = std::fs::read(main)?;
    std::fs::write(&main_in, without_names(&main_wasm)?)?;
    let mut merge = Command::new("wasm-merge");
    merge.args(features(&main_wasm)?).arg(&main_in).arg("__wasm_split");
    for stem in stems {
        let chunk_in = dir.join(format!("{stem}.unnamed.wasm"));
        std::fs::write(&chunk_in, without_names(&std::fs::read(dir.join(format!("{stem}.wasm")))?)?)?;
        merge.arg(&chunk_in).arg(stem);
    }
    run(merge.arg("-o").arg(&merged))?;
    if crate::names::import_modules(&std::fs::read(&merged)?)?.iter().any(|m| m == "__wasm_split") {
        return Err(format!("the main module with {} still imports from __wasm_split", stems.join(", ")).into());
    }
    std::fs::rename(&merged, main)?;
    stems.iter().try_fold(js.to_owned(), |js, stem| without_module(&js, stem))
}

/// The loader without `stem`'s declaration (`const __chunk_N = makeLoad(fetchModule(…), []);`)
/// and without it in every list of dependencies.
pub fn without_module(js: &str, stem: &str) -> Result<String> {
    let decl = format!("const __{stem} = makeLoad(fetchModule(\"./{stem}.wasm\"), []);\n");
    if js.matches(&decl).count() != 1 {
        return Err(format!("__wasm_split.js: `{}` not declared once", decl.trim_end()).into());
    }
    let name = format!("__{stem}");
    let js = each_dependency_list(&js.replacen(&decl, "", 1), "\"), [", |deps| {
        deps.iter().filter(|d| **d != name).copied().collect::<Vec<_>>().join(", ")
    });
    if js.contains(&format!("{name},")) || js.contains(&format!("{name}]")) {
        return Err(format!("__wasm_split.js: {stem} is still named").into());
    }
    Ok(js)
}

/// The size of a module's code and data: every section but the custom ones.
fn size(wasm: &[u8]) -> Result<u64> {
    Ok(prune::sections(wasm)?.iter().filter(|(id, _)| *id != 0).map(|(_, body)| body.len() as u64).sum())
}

/// The module without its `name` section (the merged chunk keeps no names, and wasm-merge warns
/// about the subsections it does not know).
fn without_names(wasm: &[u8]) -> Result<Vec<u8>> {
    prune::with_sections(wasm, |id, body| {
        let (len, at) = prune::leb(body, 0)?;
        Ok((id != 0 || body.get(at..at + len) != Some(b"name".as_slice())).then(|| body.to_vec()))
    })
}

/// The module with its imports from `__wasm_split` imported from `__wasm_hub__` instead (a name
/// of the same length: nothing else moves).
fn import_from_hub(wasm: &[u8]) -> Result<Vec<u8>> {
    const FROM: &[u8] = b"\x0c__wasm_split";
    const TO: &[u8] = b"\x0c__wasm_hub__";
    let named = without_names(wasm)?;
    let wasm = named.as_slice();
    let mut out = wasm.to_vec();
    let (_, body) = prune::sections(wasm)?.into_iter().find(|(id, _)| *id == 2).ok_or("a chunk imports nothing")?;
    let start = body.as_ptr() as usize - wasm.as_ptr() as usize;
    let mut at = start;
    let mut found = 0;
    while let Some(i) = out[at..start + body.len()].windows(FROM.len()).position(|w| w == FROM) {
        out[at + i..at + i + TO.len()].copy_from_slice(TO);
        at += i + TO.len();
        found += 1;
    }
    if found == 0 {
        return Err("a chunk does not import from __wasm_split".into());
    }
    Ok(out)
}

/// The features a module says it uses (its `target_features` section), as binaryen's flags
/// (`--enable-bulk-memory`): the merge must allow what its members do.
fn features(wasm: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (_, body) in prune::sections(wasm)?.into_iter().filter(|(id, _)| *id == 0) {
        let (len, at) = prune::leb(body, 0)?;
        if body.get(at..at + len) != Some(b"target_features".as_slice()) {
            continue;
        }
        let (count, mut at) = prune::leb(body, at + len)?;
        for _ in 0..count {
            let used = body.get(at) == Some(&b'+');
            let (len, name_at) = prune::leb(body, at + 1)?;
            let name = std::str::from_utf8(body.get(name_at..name_at + len).ok_or("a feature runs past its section")?)?;
            if used {
                // LLVM's names, as binaryen spells them.
                let name = match name {
                    "nontrapping-fptoint" => "nontrapping-float-to-int",
                    other => other,
                };
                out.push(format!("--enable-{name}"));
            }
            at = name_at + len;
        }
    }
    Ok(out)
}

/// A module's `target_features` section, whole (id, size and body), to append to another.
fn features_section(wasm: &[u8]) -> Result<Vec<u8>> {
    for (_, body) in prune::sections(wasm)?.into_iter().filter(|(id, _)| *id == 0) {
        let (len, at) = prune::leb(body, 0)?;
        if body.get(at..at + len) == Some(b"target_features".as_slice()) {
            let mut out = vec![0];
            prune::push_leb(&mut out, body.len());
            out.extend_from_slice(body);
            return Ok(out);
        }
    }
    Err("a chunk has no target_features section".into())
}

/// The hub: imports the members' imports from `__wasm_split` once, and exports them.
fn hub(members: &[&Path]) -> Result<String> {
    let mut imports = BTreeSet::new();
    for member in members {
        let out = Command::new("wasm-dis").arg(member).output()?;
        if !out.status.success() {
            return Err(format!("wasm-dis {}", member.display()).into());
        }
        for line in String::from_utf8(out.stdout)?.lines() {
            // `"memory" (memory $mimport$0 18))`: the import's own closing parenthesis goes.
            if let Some(import) =
                line.trim().strip_prefix("(import \"__wasm_split\" ").and_then(|i| i.strip_suffix(')'))
            {
                imports.insert(import.to_owned());
            }
        }
    }
    let mut wat = String::from("(module\n");
    for (i, import) in imports.iter().enumerate() {
        // `"memory" (memory $mimport$0 18)` -> imported as $i, exported under its name.
        let (name, desc) = import.split_once(' ').ok_or("an import without a description")?;
        let kind = desc.trim_start_matches('(').split(' ').next().unwrap_or_default();
        let rest = desc.split_once(' ').map(|(_, r)| r).unwrap_or_default();
        let rest = rest.split_once(' ').filter(|(id, _)| id.starts_with('$')).map_or(rest, |(_, r)| r);
        wat.push_str(&format!(" (import \"__wasm_split\" {name} ({kind} $i{i} {rest})\n"));
        wat.push_str(&format!(" (export {name} ({kind} $i{i}))\n"));
    }
    wat.push(')');
    Ok(wat)
}

/// Merges the shared chunks in `dir` as [`plan`] says, rewriting `__wasm_split.js` there: the
/// chunk files (`chunk_N.wasm`) that remain.
pub fn merge_shared(dir: &Path, link: &str) -> Result<Vec<String>> {
    let js = std::fs::read_to_string(dir.join(link))?;
    let declared = declared(&js)?;
    let mut chunks = Vec::new();
    for (stem, pages) in &declared {
        chunks.push(Chunk { pages: pages.clone(), size: size(&std::fs::read(dir.join(format!("{stem}.wasm")))?)? });
    }
    let mut js = js;
    let mut kept = Vec::new();
    for group in plan(&chunks, FILE_COST) {
        let first = &declared[group[0]].0;
        kept.push(format!("{first}.wasm"));
        if group.len() == 1 {
            continue;
        }
        let paths: Vec<_> = group.iter().map(|&i| dir.join(format!("{}.wasm", declared[i].0))).collect();
        let hub_wat = dir.join(format!("{first}.hub.wat"));
        std::fs::write(&hub_wat, hub(&paths.iter().map(|p| p.as_path()).collect::<Vec<_>>())?)?;
        let hub_wasm = dir.join(format!("{first}.hub.wasm"));
        run(Command::new("wasm-as").arg(&hub_wat).arg("-o").arg(&hub_wasm))?;
        let mut merge = Command::new("wasm-merge");
        merge.args(features(&std::fs::read(&paths[0])?)?).arg(&hub_wasm).arg("__wasm_hub__");
        for (n, path) in paths.iter().enumerate() {
            let member = dir.join(format!("{}.member.wasm", declared[group[n]].0));
            std::fs::write(&member, import_from_hub(&std::fs::read(path)?)?)?;
            merge.arg(&member).arg(format!("m{n}"));
        }
        let merged = dir.join(format!("{first}.merged.wasm"));
        run(merge.arg("-o").arg(&merged))?;
        // The hub's exports were for the members only; the members' features section (which
        // wasm-merge does not write) tells wasm-opt what the code may use.
        let (mut wasm, _) = prune::without_exports(&std::fs::read(&merged)?, |_| true)?;
        wasm.extend(features_section(&std::fs::read(&paths[0])?)?);
        std::fs::write(&paths[0], wasm)?;
        for &i in &group[1..] {
            js = alias(&js, &declared[i].0, first)?;
            std::fs::remove_file(dir.join(format!("{}.wasm", declared[i].0)))?;
        }
    }
    std::fs::write(dir.join(link), shared_fetch(&js)?)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(pages: &[&str], size: u64) -> Chunk {
        Chunk { pages: pages.iter().map(|p| p.to_string()).collect(), size }
    }

    #[test]
    fn small_chunks_of_overlapping_pages_merge_and_large_ones_of_other_pages_do_not() {
        let chunks = [
            chunk(&["job", "bulk"], 100),
            chunk(&["job", "bulk", "keys"], 200),
            chunk(&["views", "keys"], 50_000),
            chunk(&["job", "connect"], 40_000),
        ];
        // Job and bulk save a file each (2,000) against keys' 100 bytes of the first: merged.
        // The large ones would cost more than a file.
        assert_eq!(plan(&chunks, 1_000), [vec![0, 1], vec![2], vec![3]]);
        // Files that cost nothing: nothing merges.
        assert_eq!(plan(&chunks, 0), [vec![0], vec![1], vec![2], vec![3]]);
    }

    #[test]
    fn the_loader_names_each_chunks_pages_and_a_member_becomes_an_alias() {
        let js = "function makeLoad() {}\n/* a, b */\nconst __chunk_8 = makeLoad(() => {\n    x(\"./chunk_8.wasm\");\n}\n, []);\n/* b */\nconst __chunk_9 = makeLoad(() => {\n    x(\"./chunk_9.wasm\");\n}\n, []);\n/* a */\nexport const __wasm_split_load_a = wrapAsyncCb(makeLoad(() => {}\n, [__chunk_8, __chunk_9]));\n";
        let d = declared(js).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], ("chunk_8".to_owned(), ["a".to_owned(), "b".to_owned()].into()));
        assert_eq!(d[1].0, "chunk_9");
        let out = alias(js, "chunk_9", "chunk_8").unwrap();
        assert!(!out.contains("const __chunk_9") && !out.contains("chunk_9.wasm"), "{out}");
        assert!(out.contains("[__chunk_8]));"), "one module, named once: {out}");
        assert!(alias(js, "chunk_8", "chunk_9").is_err(), "an alias of a later declaration");
    }

    #[test]
    fn each_module_is_fetched_by_one_function() {
        let fetch = |name: &str, deps: &str| format!("{}./{name}.wasm{}{deps}]", FETCH[0], FETCH[1]);
        let js = format!(
            "function makeLoad(fetcher, deps) {{}}\nconst __chunk_8 = {});\nexport const __wasm_split_load_a = \
             wrapAsyncCb({}));\n",
            fetch("chunk_8", ""),
            fetch("split_a", "__chunk_8")
        );
        let out = shared_fetch(&js).unwrap();
        assert!(out.starts_with("function fetchModule(path) {"), "{out}");
        assert!(out.contains("const __chunk_8 = makeLoad(fetchModule(\"./chunk_8.wasm\"), []);"), "{out}");
        assert!(out.contains("wrapAsyncCb(makeLoad(fetchModule(\"./split_a.wasm\"), [__chunk_8]));"), "{out}");
        // Another way of fetching (a new wasm-split-cli) is not rewritten blindly.
        assert!(shared_fetch(&js.replace("src.catch", "src.then")).is_err());
        assert!(shared_fetch("function makeLoad() {}").is_err());
        assert_eq!(files_of(&out, "a").unwrap(), ["split_a.wasm", "chunk_8.wasm"]);
        assert!(files_of(&out, "b").is_err());
        // No inbox: which chunks go with the main module cannot be told.
        assert!(for_main(&out).is_err());
        // a and the inbox fetch chunk_8: two of five split points, not more than half.
        let page = |name: &str, deps: &str| {
            format!(
                "export const __wasm_split_load_{name} = wrapAsyncCb({}));\n",
                fetch(&format!("split_{name}"), deps)
            )
        };
        let chunk_9 = format!("const __chunk_9 = {});\n", fetch("chunk_9", ""));
        let five = |b_deps: &str| {
            let pages = [page("inbox", "__chunk_8"), page("b", b_deps), page("c", "__chunk_9"), page("d", "__chunk_9")];
            shared_fetch(&format!("{js}{chunk_9}{}", pages.concat())).unwrap()
        };
        assert!(for_main(&five("")).unwrap().is_empty());
        // With b, three of five: chunk_8 goes; chunk_9, fetched by as many but not by the inbox, stays.
        assert_eq!(for_main(&five("__chunk_8, __chunk_9")).unwrap(), ["chunk_8"]);
        // A module folded into the main one is no longer fetched.
        let without = without_module(&out, "chunk_8").unwrap();
        assert_eq!(files_of(&without, "a").unwrap(), ["split_a.wasm"]);
        assert!(!without.contains("chunk_8"), "{without}");
        assert!(without_module(&without, "chunk_8").is_err());
    }
}
