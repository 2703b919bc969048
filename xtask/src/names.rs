//! Short names for what the main module imports from its glue. wasm-bindgen names each import
//! after the call and a 16-digit hash (`__wbg_getItem_2fe4b6c3a1d0e789`): ~280 of them, each
//! written twice (in the module's import section and in the glue's import object), and hashes do
//! not compress. Here each becomes one or two letters in both, which the list's first load
//! fetches 6.8 KB brotli smaller (docs/performance.md). Nothing else refers to those names: the
//! glue hands its import object to `WebAssembly.instantiate`, which matches them by name.

use crate::prune::{leb, push_leb, sections};
use crate::Result;

const IMPORT_SECTION: u8 = 2;

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
    let mut out = wasm[..8].to_vec();
    for (id, body) in sections(wasm)? {
        let body = if id == IMPORT_SECTION { imports_renamed(body, module, &mut renamed)? } else { body.to_vec() };
        out.push(id);
        push_leb(&mut out, body.len());
        out.extend_from_slice(&body);
    }
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

/// The import section `body` with each import from `module` named anew (`renamed` gets the
/// pairs).
fn imports_renamed(body: &[u8], module: &str, renamed: &mut Vec<(String, String)>) -> Result<Vec<u8>> {
    let name = |at: usize| -> Result<(&str, usize)> {
        let (len, at) = leb(body, at)?;
        let text = body.get(at..at + len).ok_or("an import's name runs past its section")?;
        Ok((std::str::from_utf8(text)?, at + len))
    };
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::with_capacity(body.len());
    push_leb(&mut out, count);
    for _ in 0..count {
        let (from, after_module) = name(at)?;
        let (field, after_field) = name(after_module)?;
        let end = after_description(body, after_field)?;
        if from == module {
            let to = short(renamed.len());
            push_leb(&mut out, from.len());
            out.extend_from_slice(from.as_bytes());
            push_leb(&mut out, to.len());
            out.extend_from_slice(to.as_bytes());
            renamed.push((field.to_owned(), to));
        } else {
            out.extend_from_slice(&body[at..after_field]);
        }
        out.extend_from_slice(&body[after_field..end]);
        at = end;
    }
    if at != body.len() {
        return Err("the import section has bytes after its imports".into());
    }
    Ok(out)
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
        let mut names = Vec::new();
        assert_eq!(imports_renamed(body, "none", &mut names).unwrap(), body);
        assert!(text.contains("./app_bg.js\x01a\0\0") && text.contains("./app_bg.js\x01b\0\0"), "{text}");
    }

    #[test]
    fn a_glue_it_does_not_know_is_refused() {
        assert!(shorten_imports(&module(), &GLUE.replace("import0", "imports"), "./app_bg.js").is_err());
        assert!(shorten_imports(&module(), GLUE, "./other_bg.js").is_err());
        let twice = GLUE.replace("    };\n    return", "        __wbg_now_fedcba9876543210: null,\n    };\n    return");
        assert!(shorten_imports(&module(), &twice, "./app_bg.js").is_err());
    }
}
