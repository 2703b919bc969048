//! Trunk post_build hook (`cargo xtask csp-hook`): in a release build, first puts the split
//! WebAssembly in place of Trunk's (crate::split). Then moves every inline `<script>` of the staged
//! index.html into a file of its own named by its content's hash, so that the Content-Security-
//! Policy can say `script-src 'self' 'wasm-unsafe-eval'` with no inline exception. Trunk 0.21
//! writes one inline module script (the loader) and cannot do this itself (trunk-rs/trunk#288).
//!
//! A script marked `data-pjc-before-app` in index.html (js/first-list.js) becomes a module
//! preload, and the loader runs it before it imports the app ([`take_before_app`],
//! [`run_before_app`]). As an async script it ran whenever the main thread was free: in about a
//! fifth of cold loads only after the app had started (measured), too late for the request it
//! sends ahead of the app. Now it runs as soon as it and the (tiny) loader are in, while the
//! app's own code still downloads, and always before the app.

use crate::Result;
use std::path::PathBuf;

pub fn fnv64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// Rewrites `html`; returns it and the files to write (name, content).
pub fn externalize_scripts(html: &str, public_url: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i) else { break };
        let Some(close) = rest[tag_end..].find("</script>").map(|i| tag_end + i) else { break };
        let attrs = &rest[start + "<script".len()..tag_end];
        let body = &rest[tag_end + 1..close];
        out.push_str(&rest[..start]);
        if attrs.contains("src=") || body.trim().is_empty() {
            out.push_str(&rest[start..close + "</script>".len()]);
        } else {
            let name = format!("boot-{:016x}.js", fnv64(body.as_bytes()));
            out.push_str(&format!("<script{} src=\"{}{}\"></script>", attrs.trim_end(), public_url, name));
            files.push((name, body.trim().to_owned() + "\n"));
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, files)
}

pub fn post_build() -> Result {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("TRUNK_STAGING_DIR is not set: run as a Trunk hook")?;
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        crate::split::split_release(&staging, &public_url)?;
    }
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let (html, before) = take_before_app(&html);
    let (mut html, mut files) = externalize_scripts(&html, &public_url);
    if !before.is_empty() {
        let loader = files
            .iter_mut()
            .find(|(_, body)| body.contains(LOADER_IMPORT))
            .ok_or("no loader script with `import init, * as bindings from` (Trunk's loader has changed?)")?;
        loader.1 = run_before_app(&loader.1, &before)?;
        // Named by its new content, as every externalized script is.
        let name = format!("boot-{:016x}.js", fnv64(loader.1.as_bytes()));
        html = html.replace(&format!("{public_url}{}", loader.0), &format!("{public_url}{name}"));
        loader.0 = name;
    }
    for (name, body) in &files {
        std::fs::write(staging.join(name), body)?;
    }
    std::fs::write(&index, html)?;
    Ok(())
}

/// Marks a script of index.html that the loader runs before the app (see the module's doc).
const BEFORE_APP: &str = "data-pjc-before-app";

/// The line of Trunk's loader that imports wasm-bindgen's JS (and with it, the app).
const LOADER_IMPORT: &str = "import init, * as bindings from ";

/// An attribute's value in a tag's attribute text (`name="value"`), if it has one.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].ends_with(char::is_whitespace);
        let after = &rest[i + name.len()..];
        if before_ok {
            if let Some(value) = after.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        rest = after;
    }
    None
}

/// Replaces every `<script src=… data-pjc-before-app></script>` of `html` with a module preload
/// of the same file (its integrity kept): the file is fetched as early as before, and run by the
/// loader ([`run_before_app`]). Returns the new HTML and the scripts' URLs, in document order.
pub fn take_before_app(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut srcs = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i) else { break };
        let Some(close) = rest[tag_end..].find("</script>").map(|i| tag_end + i) else { break };
        let attrs = &rest[start + "<script".len()..tag_end];
        out.push_str(&rest[..start]);
        let marked = attrs.split_whitespace().any(|a| a == BEFORE_APP || a.starts_with(&format!("{BEFORE_APP}=")));
        match attr(attrs, "src").filter(|_| marked) {
            Some(src) => {
                out.push_str(&format!(r#"<link rel="modulepreload" href="{src}" crossorigin="anonymous""#));
                if let Some(integrity) = attr(attrs, "integrity") {
                    out.push_str(&format!(r#" integrity="{integrity}""#));
                }
                out.push('>');
                srcs.push(src.to_owned());
            }
            None => out.push_str(&rest[start..close + "</script>".len()]),
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, srcs)
}

/// Trunk's loader, made to run `before` (module URLs) first, each in its turn, before it starts
/// the app. The app's JS is imported dynamically, from the start (it is only evaluated meanwhile:
/// the app starts at `init`); a static import would hold everything back until the app's JS has
/// downloaded. A script that fails to load or throws does not stop the app.
pub fn run_before_app(loader: &str, before: &[String]) -> std::result::Result<String, String> {
    let start = loader.find(LOADER_IMPORT).ok_or("the loader does not import the app")?;
    let line_end = loader[start..].find(';').map(|i| start + i + 1).ok_or("the loader's import has no `;`")?;
    let glue = loader[start + LOADER_IMPORT.len()..line_end - 1].trim();
    let mut first =
        String::from("// Scripts marked data-pjc-before-app in index.html, before the app (xtask/src/csp.rs).\n");
    first.push_str(&format!("const app = import({glue});\n"));
    for src in before {
        first.push_str(&format!("await import({src:?}).catch(() => {{}});\n"));
    }
    first.push_str("const bindings = await app;\nconst init = bindings.default;");
    Ok(format!("{}{first}{}", &loader[..start], &loader[line_end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_inline_scripts_out_and_keeps_external_ones() {
        let html = r#"<head><script type="module" nonce="x">import init from '/app.js';
init('/app_bg.wasm');</script><script src="/a.js"></script></head>"#;
        let (out, files) = externalize_scripts(html, "/");
        assert_eq!(files.len(), 1);
        assert!(files[0].1.starts_with("import init"));
        assert!(out.contains(&format!(r#"<script type="module" nonce="x" src="/{}"></script>"#, files[0].0)));
        assert!(out.contains(r#"<script src="/a.js"></script>"#));
        assert!(!out.contains("import init"));
    }

    #[test]
    fn a_script_marked_before_app_becomes_a_module_preload() {
        let html = concat!(
            r#"<head><script src="/first-1.js" async data-pjc-before-app="" integrity="sha384-x"></script>"#,
            r#"<script src="/other.js" async></script><script type="module">import init from '/a.js';</script></head>"#
        );
        let (out, srcs) = take_before_app(html);
        assert_eq!(srcs, ["/first-1.js"]);
        assert_eq!(
            out,
            concat!(
                r#"<head><link rel="modulepreload" href="/first-1.js" crossorigin="anonymous" integrity="sha384-x">"#,
                r#"<script src="/other.js" async></script><script type="module">import init from '/a.js';</script></head>"#
            )
        );
        // Unmarked (or only similarly named) scripts stay as they are.
        let plain = r#"<script src="/x.js" data-pjc-before-apps></script>"#;
        assert_eq!(take_before_app(plain), (plain.to_owned(), vec![]));
    }

    #[test]
    fn the_loader_runs_the_marked_scripts_then_imports_the_app() {
        let loader = "import init, * as bindings from '/app-1.js';\nconst wasm = await init({ module_or_path: '/app-1_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
        let out = run_before_app(loader, &["/first-1.js".to_owned()]).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "const app = import('/app-1.js');");
        assert_eq!(lines[2], r#"await import("/first-1.js").catch(() => {});"#);
        assert_eq!(lines[3], "const bindings = await app;");
        assert_eq!(lines[4], "const init = bindings.default;");
        assert_eq!(lines[5], "const wasm = await init({ module_or_path: '/app-1_bg.wasm' });");
        assert_eq!(lines[6], "window.wasmBindings = bindings;");
        assert!(run_before_app("import init from '/a.js';", &["/f.js".to_owned()]).is_err());
    }
}
