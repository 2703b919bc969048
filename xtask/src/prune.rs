//! The classes that a dependency exports to JavaScript and the console never uses, taken out of
//! the bound main module and its glue before wasm-opt (which then drops the code behind them).
//!
//! leptos always builds `server_fn` with its `browser` feature, and that brings `wasm-streams`,
//! whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`,
//! `IntoUnderlyingSink`: Rust streams seen as JavaScript streams) are exports of every Leptos
//! app. The console calls no server function, and nothing in the glue can make an instance (no
//! import hands one over), so their methods are dead roots: −1.3 KB brotli on the list's first
//! load (docs/performance.md). [`check_glue`] proves after the cut that every export the glue
//! calls is still there.

use crate::Result;

/// The JavaScript classes cut, as wasm-bindgen names them; their wasm exports are the same names
/// in lower case (`intounderlyingsink_write`, `__wbg_intounderlyingsink_free`).
pub const DEAD_CLASSES: [&str; 3] = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// Whether a wasm export belongs to one of [`DEAD_CLASSES`].
pub fn is_dead_export(name: &str) -> bool {
    let name = name.strip_prefix("__wbg_").unwrap_or(name);
    DEAD_CLASSES.iter().any(|class| {
        let class = class.to_ascii_lowercase();
        name.strip_prefix(class.as_str()).is_some_and(|rest| rest.starts_with('_'))
    })
}

/// The module without the exports `dead` picks, and how many went. Only the export section
/// changes; wasm-opt removes what nothing reaches any more.
pub fn without_exports(wasm: &[u8], dead: impl Fn(&str) -> bool) -> Result<(Vec<u8>, usize)> {
    let mut removed = 0;
    let out = with_sections(wasm, |id, body| {
        if id != EXPORT_SECTION {
            return Ok(Some(body.to_vec()));
        }
        let exports = exports(body)?;
        let kept: Vec<_> = exports.iter().filter(|e| !dead(e.name)).collect();
        removed = exports.len() - kept.len();
        let mut new = Vec::with_capacity(body.len());
        push_leb(&mut new, kept.len());
        for export in kept {
            push_leb(&mut new, export.name.len());
            new.extend_from_slice(export.name.as_bytes());
            new.extend_from_slice(export.desc);
        }
        Ok(Some(new))
    })?;
    Ok((out, removed))
}

/// wasm-bindgen's glue (as it writes it, before `minify_script`) without the classes named:
/// each `export class C {…}` block (it ends at a line `}` at the start of a line), its
/// `if (Symbol.dispose) C…` line and its `const CFinalization = …;` statement. Fails when a
/// class is not found in that shape, so a new wasm-bindgen cannot leave half a class behind.
pub fn without_classes(js: &str, classes: &[&str]) -> Result<String> {
    let mut out = String::with_capacity(js.len());
    // While inside a cut statement: whether a line is its last.
    let mut skipping: Option<fn(&str) -> bool> = None;
    let mut found = vec![0u8; classes.len()];
    for line in js.lines() {
        if let Some(last) = skipping {
            if last(line) {
                skipping = None;
            }
            continue;
        }
        let class = classes.iter().position(|c| {
            line.starts_with(&format!("export class {c} "))
                || line.starts_with(&format!("if (Symbol.dispose) {c}."))
                || line.starts_with(&format!("const {c}Finalization = "))
        });
        match class {
            Some(i) => {
                found[i] += 1;
                if line.starts_with("export class") {
                    skipping = Some(|line| line.trim_end() == "}");
                } else if !line.trim_end().ends_with(';') {
                    skipping = Some(|line| line.trim_end().ends_with(';'));
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if let Some(i) = found.iter().position(|&n| n != 3) {
        return Err(format!(
            "the glue's class {} is not in the shape xtask/src/prune.rs cuts (class, dispose, finalization)",
            classes[i]
        )
        .into());
    }
    Ok(out)
}

/// Every `wasm.NAME` the glue calls is an export of the module.
pub fn check_glue(js: &str, wasm: &[u8]) -> Result {
    let names = export_names(wasm)?;
    let mut rest = js;
    while let Some(at) = rest.find("wasm.") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 5..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
        let name = &rest[..len];
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            return Err(format!("the glue calls wasm.{name}, which the main module does not export").into());
        }
    }
    Ok(())
}

const EXPORT_SECTION: u8 = 7;

struct Export<'a> {
    name: &'a str,
    /// The kind byte and the index, as they are.
    desc: &'a [u8],
}

fn exports(body: &[u8]) -> Result<Vec<Export<'_>>> {
    let (count, mut at) = leb(body, 0)?;
    let mut list = Vec::with_capacity(count);
    for _ in 0..count {
        let (len, name_at) = leb(body, at)?;
        let name = body.get(name_at..name_at + len).ok_or("an export's name runs past its section")?;
        let desc_at = name_at + len;
        let (_, end) = leb(body, desc_at + 1)?;
        list.push(Export { name: std::str::from_utf8(name)?, desc: &body[desc_at..end] });
        at = end;
    }
    Ok(list)
}

/// A module's sections, in order: (id, body).
pub fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let (size, body_at) = leb(wasm, at + 1)?;
        out.push((wasm[at], wasm.get(body_at..body_at + size).ok_or("a section runs past the end")?));
        at = body_at + size;
    }
    Ok(out)
}

/// The module made again from its sections, each as `each` makes it from its id and body:
/// `None` leaves it out.
pub fn with_sections(wasm: &[u8], mut each: impl FnMut(u8, &[u8]) -> Result<Option<Vec<u8>>>) -> Result<Vec<u8>> {
    let sections = sections(wasm)?;
    let mut out = wasm[..8].to_vec();
    for (id, body) in sections {
        if let Some(body) = each(id, body)? {
            out.push(id);
            push_leb(&mut out, body.len());
            out.extend_from_slice(&body);
        }
    }
    Ok(out)
}

fn export_names(wasm: &[u8]) -> Result<Vec<String>> {
    match sections(wasm)?.into_iter().find(|(id, _)| *id == EXPORT_SECTION) {
        Some((_, body)) => Ok(exports(body)?.iter().map(|e| e.name.to_owned()).collect()),
        None => Ok(Vec::new()),
    }
}

/// An unsigned LEB128 number at `at`, and where the next field starts.
pub fn leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let mut value = 0usize;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 28 {
            return Err("a number is too long".into());
        }
    }
}

pub fn push_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one function and the exports named (all of that function), and a custom
    /// section after them.
    fn module(exports: &[&str]) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type: () -> ()
        wasm.extend_from_slice(&[3, 2, 1, 0]); // one function of type 0
        let mut body = Vec::new();
        push_leb(&mut body, exports.len());
        for name in exports {
            push_leb(&mut body, name.len());
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(&[0, 0]);
        }
        wasm.push(EXPORT_SECTION);
        push_leb(&mut wasm, body.len());
        wasm.extend_from_slice(&body);
        wasm.extend_from_slice(&[10, 4, 1, 2, 0, 0x0b]); // code: an empty body
        wasm.extend_from_slice(&[0, 4, 3, b'a', b'b', b'c']); // custom section "abc"
        wasm
    }

    #[test]
    fn only_the_dead_classes_exports_go_and_the_rest_of_the_module_stays() {
        let names = [
            "main",
            "intounderlyingsink_write",
            "__wbg_intounderlyingsource_free",
            "intounderlying",
            "__wbindgen_malloc",
        ];
        let (wasm, removed) = without_exports(&module(&names), is_dead_export).unwrap();
        assert_eq!(removed, 2);
        assert_eq!(wasm, module(&["main", "intounderlying", "__wbindgen_malloc"]));
        assert_eq!(export_names(&wasm).unwrap(), ["main", "intounderlying", "__wbindgen_malloc"]);
        // Long names and many exports: the section's numbers take several bytes.
        let long: Vec<String> = (0..200).map(|i| format!("f{i}_{}", "x".repeat(150))).collect();
        let refs: Vec<&str> = long.iter().map(String::as_str).collect();
        let (same, removed) = without_exports(&module(&refs), is_dead_export).unwrap();
        assert_eq!((same, removed), (module(&refs), 0));
        assert!(without_exports(b"\0asm\x01\0\0\0\x07\x05\x01", is_dead_export).is_err());
    }

    const GLUE: &str = "import * as x from \"./a.js\"\n\
        export class Keep {\n    free() {\n        wasm.keep_free(1);\n    }\n}\n\
        export class IntoUnderlyingSink {\n    close() {\n        wasm.intounderlyingsink_close(this.__wbg_ptr);\n    }\n}\n\
        if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;\n\
        function f() { return wasm.main(); }\n\
        const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));\n\
        const KeepFinalization = 1;\n";

    #[test]
    fn the_glue_loses_each_dead_class_whole_and_nothing_else() {
        let js = without_classes(GLUE, &["IntoUnderlyingSink"]).unwrap();
        assert_eq!(
            js,
            "import * as x from \"./a.js\"\nexport class Keep {\n    free() {\n        wasm.keep_free(1);\n    }\n}\n\
             function f() { return wasm.main(); }\nconst KeepFinalization = 1;\n"
        );
        assert!(check_glue(&js, &module(&["main", "keep_free"])).is_ok());
        // The glue before the cut calls what the cut module no longer has.
        let err = check_glue(GLUE, &module(&["main", "keep_free"])).unwrap_err().to_string();
        assert!(err.contains("wasm.intounderlyingsink_close"), "{err}");
        // A class that is not there in that shape stops the build.
        assert!(without_classes(GLUE, &["IntoUnderlyingSource"]).is_err());
    }
}
