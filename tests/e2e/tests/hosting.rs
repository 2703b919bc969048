//! The static-hosting recipe (deploy/nginx.conf and deploy/security-headers.conf) run by a real
//! nginx: the headers on every answer, caching, the client routes, and what it guarantees about
//! the API leg: the upstream's certificate verified, API paths always proxied, no cookies either
//! way, no shared caching of API answers.

use e2e::*;
use std::path::Path;
use std::process::Command;

/// The static-hosting headers: CSP, caching, fallback, compression.
#[test]
fn the_static_host_serves_the_app_with_security_and_cache_headers() {
    let sim = Sim::start(&["--jobs", "10", "--frozen"]);
    let nginx = Nginx::start(&sim);
    let (status, h, body) = http(nginx.port, "GET", "/", None, None, &[]);
    assert_eq!(status, 200);
    let csp = header(&h, "content-security-policy").expect("a CSP header");
    for part in
        ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'", "connect-src 'self'"]
    {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(header(&h, "cache-control"), Some("no-cache"));
    for (k, v) in
        [("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer"), ("x-frame-options", "DENY")]
    {
        assert_eq!(header(&h, k), Some(v));
    }
    assert!(header(&h, "strict-transport-security").is_some() && header(&h, "permissions-policy").is_some());
    assert!(header(&h, "server").is_some_and(|s| s == "nginx"), "server_tokens off: no version");
    // No inline script but the first load's, allowed by its hash: the loader is a file of its own.
    assert!(!body.contains("<script type=\"module\">"), "{body}");
    let wasm = body.split('"').find(|p| p.ends_with("_bg.wasm")).expect("the wasm in index.html").to_owned();
    let (status, h, _) = http(nginx.port, "GET", &wasm, None, None, &[("Accept-Encoding", "gzip")]);
    assert_eq!(status, 200);
    assert_eq!(header(&h, "content-type"), Some("application/wasm"));
    assert_eq!(header(&h, "cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(header(&h, "content-encoding"), Some("gzip"));
    assert!(header(&h, "content-security-policy").is_some(), "headers on every location");
    let (status, h, body) = http(nginx.port, "GET", "/projects/demo-project/jobs/abc?type=batch", None, None, &[]);
    assert_eq!(status, 200, "client routes fall back to index.html");
    assert!(body.contains("Polaris Jobs Console") && header(&h, "cache-control") == Some("no-cache"));
    let (status, _, _) = http(nginx.port, "GET", "/missing-asset.js", None, None, &[]);
    assert_eq!(status, 404);
    // /v1/ reaches the API with the Authorization header, and is not cached.
    let (status, h, body) =
        http(nginx.port, "GET", "/v1/projects/demo-project/jobs?paginationLimit=1", Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    let (status, _, _) = http(nginx.port, "GET", "/v1/projects/demo-project/jobs", None, None, &[]);
    assert_eq!(status, 401);
}

/// A job or project id that ends like a built file is still the API's (under /v1/) or the app's
/// (a client route): the built files' location takes neither.
#[test]
fn api_paths_are_always_proxied_and_app_routes_always_the_app() {
    let sim = Sim::start(&["--jobs", "10", "--frozen"]);
    let nginx = Nginx::start(&sim);
    for ext in ["js", "css", "png", "wasm"] {
        for path in [format!("/v1/projects/demo-project/jobs/nightly.{ext}"), format!("/v1/projects/p.{ext}/jobs")] {
            let (status, h, body) = http(nginx.port, "GET", &path, Some(DEMO_KEY), None, &[]);
            // The API's own 404, in its own words: the request reached it.
            assert_eq!(status, 404, "{path}: {body}");
            assert!(body.contains("\"code\"") && body.contains("was not found"), "{path} was not proxied: {body}");
            assert_eq!(header(&h, "cache-control"), Some("no-store"), "{path}");
        }
        for path in [format!("/projects/demo-project/jobs/a.{ext}"), format!("/projects/p.{ext}/jobs")] {
            let (status, h, body) = http(nginx.port, "GET", &path, None, None, &[]);
            assert_eq!(status, 200, "{path}");
            assert!(body.contains("Polaris Jobs Console"), "{path} is not the app");
            assert_eq!(header(&h, "cache-control"), Some("no-cache"), "{path}");
        }
    }
}

/// Runs openssl in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out =
        Command::new("openssl").args(args).current_dir(dir).output().expect("openssl (the bootstrap installs it)");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Certificates for a local HTTPS upstream on `localhost`: a test CA and a certificate it signed,
/// and a self-signed one that no CA vouches for. (name, content) per file.
fn certificates() -> Vec<(&'static str, Vec<u8>)> {
    let dir = TempDir(std::env::temp_dir().join(format!("pjc-certs-{}", free_port())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"];
    let san = "subjectAltName=DNS:localhost,IP:127.0.0.1";
    openssl(
        &dir.0,
        &[&["req", "-x509"][..], &ec, &["-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=PJC test CA"]].concat(),
    );
    openssl(
        &dir.0,
        &[&["req"][..], &ec, &["-keyout", "signed.key", "-out", "signed.csr", "-subj", "/CN=localhost"]].concat(),
    );
    std::fs::write(dir.0.join("san.cnf"), san).unwrap();
    openssl(
        &dir.0,
        &[
            "x509",
            "-req",
            "-in",
            "signed.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "signed.crt",
        ]
        .into_iter()
        .chain(["-days", "2", "-extfile", "san.cnf"])
        .collect::<Vec<_>>(),
    );
    openssl(
        &dir.0,
        &[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "self.key", "-out", "self.crt", "-subj", "/CN=localhost", "-addext", san],
        ]
        .concat(),
    );
    ["ca.crt", "signed.crt", "signed.key", "self.crt", "self.key"]
        .into_iter()
        .map(|f| (f, std::fs::read(dir.0.join(f)).unwrap()))
        .collect()
}

/// An HTTPS upstream for the recipe, in the same nginx: it logs each request's Authorization and
/// Cookie headers to `{dir}/upstream.log` ("-" for none), sets a cookie, and answers one path with a
/// Cache-Control of its own.
fn https_upstream(port: u16, cert: &str) -> String {
    format!(
        r#"
log_format pjc_seen '$request_method $request_uri auth=[$http_authorization] cookie=[$http_cookie]';
server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {{dir}}/{cert}.crt;
    ssl_certificate_key {{dir}}/{cert}.key;
    access_log {{dir}}/upstream.log pjc_seen;
    default_type application/json;
    location = /v1/projects/demo-project/jobs/cached {{
        add_header Cache-Control "private, max-age=5" always;
        return 200 '{{"executionStatus":"running"}}';
    }}
    location / {{
        add_header Set-Cookie "pjc_upstream=1; Path=/" always;
        return 200 '{{"values":[],"moreResultsAvailable":false}}';
    }}
}}
"#
    )
}

const LIST: &str = "/v1/projects/demo-project/jobs?paginationLimit=1";

/// Every user's Authorization header crosses the leg to Polaris: the recipe verifies the
/// upstream's certificate and name. One that the system's CAs do not vouch for gets a 502, and
/// no request (no header) reaches it; one signed by a CA the recipe trusts is proxied.
#[test]
fn the_upstream_must_prove_who_it_is() {
    let certs = certificates();
    let files: Vec<(&str, &[u8])> = certs.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    let up = free_port();
    let upstream = format!("https://localhost:{up}");

    // Self-signed, and the recipe as shipped (the system's CA bundle).
    let nginx = Nginx::start_with(&upstream, &[], &https_upstream(up, "self"), &files);
    let (status, _, body) = http(nginx.port, "GET", LIST, Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 502, "an upstream whose certificate nobody vouches for: {body}");
    assert!(nginx.file("upstream.log").is_empty(), "the upstream saw: {}", nginx.file("upstream.log"));
    assert!(nginx.file("error.log").contains("certificate"), "{}", nginx.file("error.log"));
    drop(nginx);

    // Signed by a CA the recipe trusts: proxied, the Authorization header untouched.
    let trusted = [("/etc/ssl/certs/ca-certificates.crt", "{dir}/ca.crt")];
    let nginx = Nginx::start_with(&upstream, &trusted, &https_upstream(up, "signed"), &files);
    let (status, _, body) = http(nginx.port, "GET", LIST, Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200, "{body}");
    assert!(nginx.file("upstream.log").contains(&format!("auth=[Basic {DEMO_KEY}]")), "{}", nginx.file("upstream.log"));
}

/// The console's cookies are not sent to Polaris, and Polaris's Set-Cookie does not reach the
/// browser; an API answer is `no-store` for shared caches, unless the API says otherwise.
#[test]
fn cookies_stay_on_this_site_and_api_answers_are_not_cached() {
    let certs = certificates();
    let files: Vec<(&str, &[u8])> = certs.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    let up = free_port();
    let trusted = [("/etc/ssl/certs/ca-certificates.crt", "{dir}/ca.crt")];
    let nginx = Nginx::start_with(&format!("https://localhost:{up}"), &trusted, &https_upstream(up, "signed"), &files);
    let (status, h, _) = http(nginx.port, "GET", LIST, Some(DEMO_KEY), None, &[("Cookie", "session=secret; other=1")]);
    assert_eq!(status, 200);
    let seen = nginx.file("upstream.log");
    assert!(seen.contains("auth=[Basic") && seen.contains("cookie=[-]"), "the upstream saw a cookie: {seen}");
    assert!(!seen.contains("secret"), "{seen}");
    assert_eq!(header(&h, "set-cookie"), None, "the upstream's Set-Cookie reached the browser");
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    let (status, h, _) = http(nginx.port, "GET", "/v1/projects/demo-project/jobs/cached", Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200);
    assert_eq!(header(&h, "cache-control"), Some("private, max-age=5"), "the API's own Cache-Control is kept");
    assert_eq!(h.iter().filter(|(k, _)| k == "cache-control").count(), 1);
}
