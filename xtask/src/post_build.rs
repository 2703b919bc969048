//! Trunk's post_build hook (`cargo xtask post-build`, Trunk.toml), run on the staged build:
//! 1. in a release build, the split WebAssembly in place of Trunk's (crate::split);
//! 2. the script marked `data-pjc-inline` in index.html (src/first_load.js, the list's early
//!    request) written into the page, and its sha256 added to the page's CSP `script-src`
//!    ([`inline_marked`], [`allow_scripts`]); deploy/security-headers.conf carries the same hash,
//!    checked by a test that prints the value to put there. Inline, it runs while the page is
//!    parsed, before any other file has arrived, so the list's answer is in before the app starts
//!    (as a file it ran once downloaded and the main thread was free: measured, 100 rows, cold,
//!    its request left ~35 ms later and the first rows came 8–23 ms later);
//! 3. every other inline `<script>` (the loader Trunk 0.21 writes; trunk-rs/trunk#288) moved into
//!    a file of its own named by its content's hash ([`externalize_scripts`]), so that the policy
//!    needs no `'unsafe-inline'`;
//! 4. in a release build, the style sheets without their comments and spare white space
//!    ([`minify_css`]; Trunk's own minification would rewrite index.html and its scripts too), their
//!    `integrity` attribute made again: ~0.7 KB less brotli on the list's first load.

use crate::Result;
use base64::Engine;
use sha2::Digest;
use std::path::PathBuf;

pub fn fnv64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// `html` with each `<script …>…</script>` element replaced by what `each` makes of it (from its
/// attribute text and its body), or kept as it is when `each` gives `None`.
fn rewrite_scripts(html: &str, mut each: impl FnMut(&str, &str) -> Result<Option<String>>) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i) else { break };
        let Some(close) = rest[tag_end..].find("</script>").map(|i| tag_end + i) else { break };
        let whole = &rest[start..close + "</script>".len()];
        out.push_str(&rest[..start]);
        let attrs = &rest[start + "<script".len()..tag_end];
        out.push_str(&each(attrs, &rest[tag_end + 1..close])?.unwrap_or_else(|| whole.to_owned()));
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Rewrites `html`; returns it and the files to write (name, content).
pub fn externalize_scripts(html: &str, public_url: &str) -> (String, Vec<(String, String)>) {
    let mut files = Vec::new();
    let out = rewrite_scripts(html, |attrs, body| {
        if attrs.contains("src=") || body.trim().is_empty() || is_marked(attrs, INLINE) {
            return Ok(None);
        }
        let name = format!("boot-{:016x}.js", fnv64(body.as_bytes()));
        let tag = format!("<script{} src=\"{}{}\"></script>", attrs.trim_end(), public_url, name);
        files.push((name, body.trim().to_owned() + "\n"));
        Ok(Some(tag))
    })
    .expect("no error to pass on");
    (out, files)
}

pub fn run() -> Result {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("TRUNK_STAGING_DIR is not set: run as a Trunk hook")?;
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        crate::split::split_release(&staging, &public_url)?;
    }
    let index = staging.join("index.html");
    let mut html = std::fs::read_to_string(&index)?;
    if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        html = minify_style_sheets(&html, |href| {
            let file = staging.join(href.strip_prefix(public_url.as_str()).unwrap_or(href));
            let css = minify_css(&std::fs::read_to_string(&file)?);
            std::fs::write(&file, &css)?;
            Ok(css)
        })?;
    }
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    let (html, inlined) = inline_marked(&html, |src| {
        let file = staging.join(src.strip_prefix(public_url.as_str()).unwrap_or(src));
        let script = std::fs::read_to_string(&file)?;
        // Release: esbuild (as for the generated scripts), the form deploy/security-headers.conf
        // allows by its hash.
        let content = if release { inline_form(&script)? } else { minify_script(&script) };
        // Only in the page now.
        std::fs::remove_file(&file)?;
        Ok(content)
    })?;
    let html = strip_html_comments(&html);
    let html = allow_scripts(&html, &inlined.iter().map(|c| script_hash(c)).collect::<Vec<_>>())?;
    let (html, files) = externalize_scripts(&html, &public_url);
    for (name, body) in &files {
        std::fs::write(staging.join(name), body)?;
    }
    std::fs::write(&index, html)?;
    Ok(())
}

/// The release build's form of a script inlined in index.html: minified by esbuild.
pub fn inline_form(script: &str) -> Result<String> {
    Ok(crate::split::minify_js(script, &[])?.trim_end().to_owned())
}

/// A script without its indentation and without the lines that are empty, whole-line `//`
/// comments or block comments that start a line (`/** … */`): the first-load script inlined in
/// index.html, whose CSP hash deploy/security-headers.conf carries too (the generated scripts go
/// through esbuild: split.rs). The contract the script keeps for this: no string or template
/// literal spans lines, and a block comment that starts a line ends at the end of a line.
pub fn minify_script(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines().map(str::trim) {
        if in_comment || line.starts_with("/*") {
            in_comment = !line.ends_with("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// `html` without its comments (`<!-- … -->`) and the white space after each.
pub fn strip_html_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let Some(end) = rest[start..].find("-->").map(|i| start + i + 3) else { break };
        out.push_str(&rest[..start]);
        rest = rest[end..].trim_start();
    }
    out.push_str(rest);
    out
}

/// `css` without comments, with each run of white space one space, and none around `{`, `}`, `;`
/// and `,` (quoted strings kept as they are).
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                let mut escaped = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c && !escaped {
                        break;
                    }
                    escaped = d == '\\' && !escaped;
                }
            }
            '{' | '}' | ';' | ',' => {
                space = false;
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
            }
            c => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// `html` with each style sheet link's file minified by `minify` (given the `href`; it returns
/// the new content) and its `integrity` (if any) made for the new content.
pub fn minify_style_sheets(html: &str, mut minify: impl FnMut(&str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let Some(end) = rest[start..].find('>').map(|i| start + i + 1) else { break };
        let tag = &rest[start..end];
        out.push_str(&rest[..start]);
        match (attr(tag, "rel"), attr(tag, "href")) {
            (Some("stylesheet"), Some(href)) => {
                let css = minify(href)?;
                match attr(tag, "integrity") {
                    Some(old) => {
                        let sum =
                            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(css.as_bytes()));
                        out.push_str(&tag.replace(old, &format!("sha384-{sum}")));
                    }
                    None => out.push_str(tag),
                }
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Marks a script of index.html that the build writes into the page (see the module's doc).
const INLINE: &str = "data-pjc-inline";

/// Whether a tag's attribute text has the attribute `name` (with or without a value).
fn is_marked(attrs: &str, name: &str) -> bool {
    attrs.split_whitespace().any(|a| a == name || a.starts_with(&format!("{name}=")))
}

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

/// Replaces every `<script src=… data-pjc-inline></script>` of `html` with an inline script of the
/// file's content (`read` gets it by the `src`), kept marked so that [`externalize_scripts`] leaves
/// it. Returns the new HTML and each inlined content, in document order.
pub fn inline_marked(html: &str, read: impl Fn(&str) -> Result<String>) -> Result<(String, Vec<String>)> {
    let mut inlined = Vec::new();
    let out = rewrite_scripts(html, |attrs, _| {
        let Some(src) = attr(attrs, "src").filter(|_| is_marked(attrs, INLINE)) else { return Ok(None) };
        let content = read(src)?;
        if content.to_ascii_lowercase().contains("</script") {
            return Err(format!("{src} cannot be inlined: it contains `</script`").into());
        }
        let element = format!("<script {INLINE}>{content}</script>");
        inlined.push(content);
        Ok(Some(element))
    })?;
    Ok((out, inlined))
}

/// The CSP source that allows an inline script of exactly `content`.
pub fn script_hash(content: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(content.as_bytes())))
}

/// Adds `sources` to the `script-src` of the page's Content-Security-Policy `<meta>`. A page with
/// sources to add and no such policy is an error (the inlined script would go unchecked, or
/// a policy without them would block it).
pub fn allow_scripts(html: &str, sources: &[String]) -> Result<String> {
    if sources.is_empty() {
        return Ok(html.to_owned());
    }
    let meta = html.find("http-equiv=\"Content-Security-Policy\"").ok_or("index.html has no CSP <meta>")?;
    let directive = html[meta..].find("script-src ").map(|i| meta + i).ok_or("the CSP <meta> has no script-src")?;
    let end = html[directive..].find([';', '"']).map(|i| directive + i).ok_or("the CSP's script-src does not end")?;
    Ok(format!("{} {}{}", &html[..end], sources.join(" "), &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_sheets_lose_comments_and_spare_space_only() {
        let css = "/* a */\n:root {\n  --x: #fff;\n}\n.a  .b:not(.c) > d, e::before { content: \"a  /* b */ ;\"; margin: 0 1rem calc(100% - 2px) }\n@media (max-width: 40rem) { .f { g: h } }\n";
        assert_eq!(
            minify_css(css),
            ":root{--x: #fff;}.a .b:not(.c) > d,e::before{content: \"a  /* b */ ;\";margin: 0 1rem calc(100% - 2px)}@media (max-width: 40rem){.f{g: h}}"
        );
        let html =
            r#"<link rel="stylesheet" href="/main-1.css" integrity="sha384-old"/><link rel="preload" href="/x.wasm">"#;
        let out = minify_style_sheets(html, |href| {
            assert_eq!(href, "/main-1.css");
            Ok("a{b:c}".into())
        })
        .unwrap();
        // printf 'a{b:c}' | openssl dgst -sha384 -binary | base64
        let sum = base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(b"a{b:c}"));
        assert_eq!(
            out,
            format!(
                r#"<link rel="stylesheet" href="/main-1.css" integrity="sha384-{sum}"/><link rel="preload" href="/x.wasm">"#
            )
        );
    }

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
    fn a_marked_script_is_written_into_the_page_and_allowed_by_its_hash() {
        let html = concat!(
            r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'" />"#,
            r#"<script src="/first-1.js" async data-pjc-inline="" integrity="sha384-x"></script>"#,
            r#"<script src="/other.js" async></script><script type="module">import init from '/a.js';</script></head>"#
        );
        let (out, inlined) = inline_marked(html, |src| {
            assert_eq!(src, "/first-1.js");
            Ok("fetch(1);".to_owned())
        })
        .unwrap();
        assert_eq!(inlined, ["fetch(1);"]);
        assert!(out.contains(r#"<script data-pjc-inline>fetch(1);</script><script src="/other.js" async></script>"#));
        let out = allow_scripts(&out, &[script_hash("fetch(1);")]).unwrap();
        // The hash of exactly that content (`script_hash` is checked against openssl below).
        assert!(out.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{out}");
        assert!(out.contains(&format!("'wasm-unsafe-eval' {}; style-src", script_hash("fetch(1);"))));
        // The loader still moves out; the inlined script stays.
        let (out, files) = externalize_scripts(&out, "/");
        assert_eq!(files.len(), 1);
        assert!(out.contains("<script data-pjc-inline>fetch(1);</script>"));
        // Unmarked (or only similarly named) scripts stay as they are; nothing to allow, nothing added.
        let plain = r#"<script src="/x.js" data-pjc-inlined></script>"#;
        assert_eq!(inline_marked(plain, |_| unreachable!()).unwrap(), (plain.to_owned(), vec![]));
        assert_eq!(allow_scripts(plain, &[]).unwrap(), plain);
        assert!(allow_scripts(plain, &[script_hash("x")]).is_err());
        assert!(inline_marked(r#"<script src="/y.js" data-pjc-inline></script>"#, |_| Ok("a</SCRIPT>".into())).is_err());
    }

    #[test]
    fn inlined_scripts_and_pages_lose_comments_and_indentation_only() {
        let js = "// a\n\"use strict\";\n(() => {\n  // b\n  const x = \"//\"; // c\n\n  /**\n   * @returns {number}\n   */\n  f(x * 2); /* d */\n  /* e */\n})();\n";
        assert_eq!(minify_script(js), "\"use strict\";\n(() => {\nconst x = \"//\"; // c\nf(x * 2); /* d */\n})();");
        let html = "<head>\n  <!-- a\n b -->\n  <title>t</title>\n  <!-- c --> <link>\n</head>";
        assert_eq!(strip_html_comments(html), "<head>\n  <title>t</title>\n  <link>\n</head>");
    }

    #[test]
    fn the_hash_is_sha256_in_base64() {
        // printf 'abc' | openssl dgst -sha256 -binary | base64
        assert_eq!(script_hash("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
    }

    /// The static host's policy (deploy/security-headers.conf) allows src/first_load.js as the
    /// release build writes it into the page (esbuild's form): change the script, and this says
    /// which hash to put there.
    #[test]
    fn the_static_hosts_policy_allows_the_inlined_script() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let script = std::fs::read_to_string(root.join("src/first_load.js")).unwrap();
        let conf = std::fs::read_to_string(root.join("deploy/security-headers.conf")).unwrap();
        crate::tools::ensure_esbuild().unwrap();
        let hash = script_hash(&inline_form(&script).unwrap());
        assert!(
            conf.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {hash};")),
            "deploy/security-headers.conf must allow src/first_load.js: script-src 'self' 'wasm-unsafe-eval' {hash};"
        );
        let index = std::fs::read_to_string(root.join("index.html")).unwrap();
        assert!(index.contains(r#"<script data-trunk src="src/first_load.js" data-pjc-inline></script>"#));
    }
}
