//! Short names for what the main module imports from its glue. wasm-bindgen names each import
//! after the call and a 16-digit hash (`__wbg_getItem_2fe4b6c3a1d0e789`): ~280 of them, each
//! written twice (in the module's import section and in the glue's import object), and hashes do
//! not compress. Here each becomes one or two letters in both, which the list's first load
//! fetches 6.8 KB brotli smaller (docs/performance.md). Nothing else refers to those names: the
//! glue hands its import object to `WebAssembly.instantiate`, which matches them by name.

use crate::prune::{leb, push_leb, with_sections};
use crate::Result;

const IMPORT_SECTION: u8 = 2;

/// An import's new module and name, from its module and name (`None`: unchanged).
type Rename<'a> = dyn FnMut(&str, &str) -> Result<Option<(String, String)>> + 'a;

/// The `n`th short name: `a` … `z`, `A` … `Z`, then two letters (`aa`, `ab`, …).
pub fn short(n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let base = LETTERS.len();
    let (mut n, mut out) = (n, Vec::new());
    loop {
        out.push(LETTERS[n % base]);
        if n < base {
            break;
        }
        n = n / base - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("letters")
}

/// `wasm` and its glue `js` with each import from `module` (the glue's own, as wasm-bindgen
/// names it: `./{name}_bg.js`) renamed in both: its import section, and the glue's object
/// `const import0 = { … }` that `__wbg_get_imports` hands over under `module`'s name.
pub fn shorten_imports(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String)> {
    let object = js.find("    const import0 = {\n").ok_or("the glue has no `const import0 = {`")?;
    let object_end = js[object..].find("\n    };\n").ok_or("the glue's import object is not closed")? + object;
    if !js.contains(&format!("\"{module}\": import0,")) {
        return Err(format!("the glue does not give its import object as {module}").into());
    }
    let mut renamed: Vec<(String, String)> = Vec::new();
    let out = with_imports_renamed(wasm, &mut |from, field| {
        Ok((from == module).then(|| {
            let to = short(renamed.len());
            renamed.push((field.to_owned(), to.clone()));
            (from.to_owned(), to)
        }))
    })?;
    if renamed.is_empty() {
        return Err(format!("the module imports nothing from {module}").into());
    }
    // Each name once in the object, as a member: `\n        name: `.
    let mut glue = js[object..object_end].to_owned();
    for (from, to) in &renamed {
        let member = format!("\n        {from}: ");
        if glue.matches(&member).count() != 1 {
            return Err(format!("the glue's import object has `{from}` {} times", glue.matches(&member).count()).into());
        }
        glue = glue.replacen(&member, &format!("\n        {to}: "), 1);
    }
    Ok((out, format!("{}{glue}{}", &js[..object], &js[object_end..])))
}

/// The import section `body` with each import's module and name as `rename` gives them (`None`:
/// unchanged).
fn imports_renamed(body: &[u8], rename: &mut Rename) -> Result<Vec<u8>> {
    let name = |at: usize| -> Result<(&str, usize)> {
        let (len, at) = leb(body, at)?;
        let text = body.get(at..at + len).ok_or("an import's name runs past its section")?;
        Ok((std::str::from_utf8(text)?, at + len))
    };
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::with_capacity(body.len());
    push_leb(&mut out, count);
    for _ in 0..count {
        let (module, after_module) = name(at)?;
        let (field, after_field) = name(after_module)?;
        let end = after_description(body, after_field)?;
        match rename(module, field)? {
            Some((module, field)) => {
                for text in [module, field] {
                    push_leb(&mut out, text.len());
                    out.extend_from_slice(text.as_bytes());
                }
            }
            None => out.extend_from_slice(&body[at..after_field]),
        }
        out.extend_from_slice(&body[after_field..end]);
        at = end;
    }
    if at != body.len() {
        return Err("the import section has bytes after its imports".into());
    }
    Ok(out)
}

/// The module the chunks import the main module's memory, table and globals from, as
/// `wasm-split-cli` names it, and its short name.
const SPLIT_MODULE: (&str, &str) = ("__wasm_split", "s");

/// The split loader `js` handing the chunks what they share with the main module under short
/// names (`{ s: { a: memory, … } }`), and those names (long, short): each chunk imports them
/// ([`chunk_with_short_imports`]): ~90 bytes less in each of the dozen files a page fetches.
pub fn loader_with_short_imports(js: &str) -> Result<(String, Vec<(String, String)>)> {
    const BLOCK: [&str; 3] = [
        "        sharedImports = { __wasm_split: {  } };\n        const { ",
        " } = initSync(undefined, undefined);\n        Object.assign(sharedImports.__wasm_split, { ",
        " });\n",
    ];
    let at = js.find(BLOCK[0]).ok_or("__wasm_split.js: the shared imports are not made as names.rs knows")?;
    let names_at = at + BLOCK[0].len();
    let names_end =
        js[names_at..].find(BLOCK[1]).ok_or("__wasm_split.js: no initSync after the shared imports")? + names_at;
    let list = &js[names_at..names_end];
    let again = names_end + BLOCK[1].len();
    let end = again + list.len() + BLOCK[2].len();
    if js.get(again..end) != Some(&format!("{list}{}", BLOCK[2])) {
        return Err("__wasm_split.js: the shared imports are not handed over as names.rs knows".into());
    }
    let names: Vec<(String, String)> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .enumerate()
        .map(|(i, n)| (n.to_owned(), short(i)))
        .collect();
    let table = names
        .iter()
        .find(|(n, _)| n == "__indirect_function_table")
        .ok_or("__wasm_split.js: no function table among the shared imports")?;
    let members: Vec<String> = names.iter().map(|(n, s)| format!("{s}: {n}")).collect();
    let block = format!(
        "        const {{ {} }} = initSync(undefined, undefined);\n        sharedImports = {{ {}: {{ {} }} }};\n",
        names.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", "),
        SPLIT_MODULE.1,
        members.join(", ")
    );
    const CALL: &str = "sharedImports.__wasm_split.__indirect_function_table.get(";
    let rest = &js[end..];
    if rest.matches(CALL).count() != 1 {
        return Err("__wasm_split.js: the function table is not called once as names.rs knows".into());
    }
    let rest = rest.replacen(CALL, &format!("sharedImports.{}.{}.get(", SPLIT_MODULE.1, table.1), 1);
    let out = format!("{}{block}{rest}", &js[..at]);
    if out.contains(&format!("{}:", SPLIT_MODULE.0)) {
        return Err("__wasm_split.js: a shared import left under its long name".into());
    }
    Ok((out, names))
}

/// A chunk importing what it shares with the main module by the names
/// [`loader_with_short_imports`] gave.
pub fn chunk_with_short_imports(wasm: &[u8], names: &[(String, String)]) -> Result<Vec<u8>> {
    with_imports_renamed(wasm, &mut |module, field| {
        if module != SPLIT_MODULE.0 {
            return Err(format!("a chunk imports {module}.{field}, which the loader does not give").into());
        }
        let (_, short) = names
            .iter()
            .find(|(n, _)| n == field)
            .ok_or_else(|| format!("a chunk imports {module}.{field}, which the loader does not give"))?;
        Ok(Some((SPLIT_MODULE.1.to_owned(), short.clone())))
    })
}

/// The modules `wasm` imports from, each once.
pub fn import_modules(wasm: &[u8]) -> Result<Vec<String>> {
    let mut modules: Vec<String> = Vec::new();
    with_imports_renamed(wasm, &mut |module, _| {
        if !modules.iter().any(|m| m == module) {
            modules.push(module.to_owned());
        }
        Ok(None)
    })?;
    Ok(modules)
}

/// `wasm` with its import section as [`imports_renamed`] makes it.
fn with_imports_renamed(wasm: &[u8], rename: &mut Rename) -> Result<Vec<u8>> {
    with_sections(wasm, |id, body| {
        Ok(Some(if id == IMPORT_SECTION { imports_renamed(body, rename)? } else { body.to_vec() }))
    })
}

/// Where an import's description (its kind and type) that starts at `at` ends.
fn after_description(body: &[u8], at: usize) -> Result<usize> {
    let limits = |at: usize| -> Result<usize> {
        let flags = *body.get(at).ok_or("an import's limits run past its section")?;
        let (_, mut at) = leb(body, at + 1)?;
        if flags & 1 == 1 {
            at = leb(body, at)?.1;
        }
        Ok(at)
    };
    match body.get(at) {
        Some(0) => Ok(leb(body, at + 1)?.1),
        Some(1) => limits(at + 2),
        Some(2) => limits(at + 1),
        Some(3) => Ok(at + 3),
        _ => Err("an import of a kind this step does not know".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prune::sections;

    #[test]
    fn short_names_are_letters_each_once() {
        let names: Vec<String> = (0..52 * 53 + 3).map(short).collect();
        assert_eq!((names[0].as_str(), names[25].as_str(), names[51].as_str()), ("a", "z", "Z"));
        assert_eq!((names[52].as_str(), names[53].as_str(), names[52 + 52].as_str()), ("aa", "ab", "ba"));
        assert_eq!(names[52 * 53 - 1], "ZZ");
        assert_eq!(names[52 * 53], "aaa");
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    /// A module that imports a function from `glue`, one from `other`, a memory and a table.
    fn module() -> Vec<u8> {
        let mut imports = vec![4];
        for (module, field, desc) in [
            ("./app_bg.js", "__wbg_log_0123456789abcdef", vec![0, 0]),
            ("./__wasm_split.js", "__wasm_split_load_a", vec![0, 0]),
            ("./app_bg.js", "__wbg_now_fedcba9876543210", vec![0, 0]),
            ("env", "memory", vec![2, 1, 17, 18]),
        ] {
            imports.push(module.len() as u8);
            imports.extend_from_slice(module.as_bytes());
            imports.push(field.len() as u8);
            imports.extend_from_slice(field.as_bytes());
            imports.extend(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // one type: () -> ()
        wasm.push(IMPORT_SECTION);
        push_leb(&mut wasm, imports.len());
        wasm.extend(imports);
        wasm
    }

    const GLUE: &str = "function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n        \
         __wbg_log_0123456789abcdef: function(arg0) {\n            console.log(arg0);\n        },\n        \
         __wbg_now_fedcba9876543210: function() {\n            return Date.now();\n        },\n    };\n    \
         return {\n        __proto__: null,\n        \"./app_bg.js\": import0,\n    };\n}\n";

    #[test]
    fn the_glues_imports_get_short_names_in_both_files_and_the_others_stay() {
        let (wasm, js) = shorten_imports(&module(), GLUE, "./app_bg.js").unwrap();
        assert!(js.contains("\n        a: function(arg0) {"), "{js}");
        assert!(js.contains("\n        b: function() {"), "{js}");
        assert!(!js.contains("__wbg_log") && !js.contains("__wbg_now"), "{js}");
        let text = String::from_utf8_lossy(&wasm);
        assert!(!text.contains("__wbg_") && text.contains("__wasm_split_load_a") && text.contains("memory"));
        // The section still reads: the same four imports, the memory's limits whole.
        let (_, body) = sections(&wasm).unwrap().into_iter().find(|(id, _)| *id == IMPORT_SECTION).unwrap();
        assert_eq!(imports_renamed(body, &mut |_, _| Ok(None)).unwrap(), body);
        assert_eq!(import_modules(&wasm).unwrap(), ["./app_bg.js", "./__wasm_split.js", "env"]);
        assert!(text.contains("./app_bg.js\x01a\0\0") && text.contains("./app_bg.js\x01b\0\0"), "{text}");
    }

    const LOADER: &str = "let sharedImports = undefined;\nfunction getSharedImports() {\n    if (sharedImports === undefined) {\n        \
         sharedImports = { __wasm_split: {  } };\n        const { __indirect_function_table, __wasm_split_shared0, memory,  } = \
         initSync(undefined, undefined);\n        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, \
         __wasm_split_shared0, memory,  });\n    }\n    return sharedImports;\n}\nfunction wrapAsyncCb(callee) {\n    \
         sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);\n}\n";

    #[test]
    fn the_chunks_get_what_they_share_under_short_names() {
        let (js, names) = loader_with_short_imports(LOADER).unwrap();
        assert!(
            js.contains(
                "const { __indirect_function_table, __wasm_split_shared0, memory } = initSync(undefined, undefined);\n        \
                 sharedImports = { s: { a: __indirect_function_table, b: __wasm_split_shared0, c: memory } };\n    }"
            ),
            "{js}"
        );
        assert!(js.contains("sharedImports.s.a.get(callbackIndex)"), "{js}");
        assert!(!js.contains("sharedImports.__wasm_split"), "{js}");
        let mut imports = vec![2];
        for (field, desc) in [("memory", vec![2, 0, 18]), ("__indirect_function_table", vec![1, 0x70, 0, 9])] {
            imports.extend([12]);
            imports.extend_from_slice(b"__wasm_split");
            imports.push(field.len() as u8);
            imports.extend_from_slice(field.as_bytes());
            imports.extend(desc);
        }
        let mut chunk = b"\0asm\x01\0\0\0".to_vec();
        chunk.push(IMPORT_SECTION);
        push_leb(&mut chunk, imports.len());
        chunk.extend(imports);
        let short = chunk_with_short_imports(&chunk, &names).unwrap();
        assert_eq!(&short[8..], b"\x02\x10\x02\x01s\x01c\x02\0\x12\x01s\x01a\x01\x70\0\x09");
        // Anything else it imports is refused: the loader would not give it.
        assert!(chunk_with_short_imports(&chunk, &names[..1]).is_err());
        assert!(loader_with_short_imports(&LOADER.replace("Object.assign", "Object.merge")).is_err());
    }

    #[test]
    fn a_glue_it_does_not_know_is_refused() {
        assert!(shorten_imports(&module(), &GLUE.replace("import0", "imports"), "./app_bg.js").is_err());
        assert!(shorten_imports(&module(), GLUE, "./other_bg.js").is_err());
        let twice = GLUE.replace("    };\n    return", "        __wbg_now_fedcba9876543210: null,\n    };\n    return");
        assert!(shorten_imports(&module(), &twice, "./app_bg.js").is_err());
    }
}
