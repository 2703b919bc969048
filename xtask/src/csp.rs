//! Trunk post_build hook (`cargo xtask csp-hook`): in a release build, first puts the split
//! WebAssembly in place of Trunk's (crate::split). Then moves every inline `<script>` of the staged
//! index.html into a file of its own named by its content's hash, so that the Content-Security-
//! Policy can say `script-src 'self' 'wasm-unsafe-eval'` with no inline exception. Trunk 0.21
//! writes one inline module script (the loader) and cannot do this itself (trunk-rs/trunk#288).

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
    let (html, files) = externalize_scripts(&html, &public_url);
    for (name, body) in &files {
        std::fs::write(staging.join(name), body)?;
    }
    std::fs::write(&index, html)?;
    Ok(())
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
}
