//! The static-hosting recipe (deploy/nginx.conf and deploy/security-headers.conf) run by a real
//! nginx: the headers on every answer, caching, the client routes, and what it guarantees about
//! the API leg: the upstream's certificate verified, API paths always proxied, no cookies either
//! way, no shared caching of API answers.

use e2e::*;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

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
log_format pjc_seen '$request_method $request_uri auth=[$http_authorization] cookie=[$http_cookie] host=[$http_host] sni=[$ssl_server_name] length=$http_content_length';
server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    client_max_body_size 16m;
    ssl_certificate {{dir}}/{cert}.crt;
    ssl_certificate_key {{dir}}/{cert}.key;
    access_log {{dir}}/upstream.log pjc_seen;
    default_type application/json;
    location = /v1/projects/demo-project/jobs/cached {{
        add_header Cache-Control "private, max-age=5" always;
        return 200 '{{"executionStatus":"running"}}';
    }}
    location = /v1/projects/demo-project/jobs/basic-auth {{
        add_header WWW-Authenticate 'Basic realm="Polaris"' always;
        return 401 '{{"code":"Unauthorized","message":"Who are you?"}}';
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

/// The recipe with the signed upstream on `localhost:{port}` (looked up through its fake DNS),
/// and `replace` made in it.
fn signed_upstream(replace: &[(&str, &str)]) -> Nginx {
    let certs = certificates();
    let files: Vec<(&str, &[u8])> = certs.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    let up = free_port();
    let mut all = vec![("/etc/ssl/certs/ca-certificates.crt", "{dir}/ca.crt")];
    all.extend_from_slice(replace);
    Nginx::start_with(&format!("https://localhost:{up}"), &all, &https_upstream(up, "signed"), &files)
}

/// Only the Jobs API reaches Polaris: any other path under /v1/ is nginx's own 404 (however it
/// is spelt: dot segments, encoded slashes), any method but GET and POST is refused, and a
/// request the recipe relays is sent with Polaris's name as Host and TLS server name.
#[test]
fn the_proxy_relays_the_jobs_api_and_nothing_else() {
    let nginx = signed_upstream(&[]);
    let job = "/v1/projects/demo-project/jobs/0191104b-6a4c-7f2e-a1b2-c3d4e5f60718";
    let relayed: Vec<String> = [String::from("/v1/projects/demo-project/jobs"), job.to_owned()]
        .into_iter()
        .chain(["status", "metrics", "logs", "progress", "reset"].map(|r| format!("{job}/{r}")))
        .collect();
    for path in &relayed {
        let (status, _, body) =
            http(nginx.port, "GET", &format!("{path}?paginationLimit=1"), Some(DEMO_KEY), None, &[]);
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, _, _) = http(nginx.port, "POST", &format!("{job}/status"), Some(DEMO_KEY), Some("{}"), &[]);
    assert_eq!(status, 200);
    let refused = [
        "/v1/projects/p/tables",
        "/v1/projects/demo-project/tables",
        "/v1/projects",
        "/v1/",
        "/v1/projects/demo-project/jobs/x/files",
        "/v1/projects/demo-project/jobs/x/status/more",
        "/v1/projects/demo-project/jobs/x/../../tables",
        "/v1/projects/demo-project/jobs/x/%2e%2e/%2e%2e/tables",
        "/v1/projects/demo-project/jobs/x%2F..%2F..%2Ftables",
        "/v1/projects/demo-project/jobs/x/status%2F..%2F..%2F..%2Ftables",
        "/v1/projects/demo-project/jobs/x/%2e%2e",
        "/v1/projects//jobs",
    ];
    for path in refused {
        let (status, h, _) = http(nginx.port, "GET", path, Some(DEMO_KEY), None, &[]);
        assert_eq!(status, 404, "{path}");
        assert!(header(&h, "content-security-policy").is_some(), "{path}: the headers on nginx's own 404");
    }
    for method in ["DELETE", "PUT", "PATCH"] {
        let (status, _, _) = http(nginx.port, method, job, Some(DEMO_KEY), None, &[]);
        assert!(status == 403 || status == 405, "{method}: {status}");
    }
    let seen = nginx.file("upstream.log");
    assert_eq!(seen.lines().count(), relayed.len() + 1, "only the Jobs API reached the upstream:\n{seen}");
    for line in seen.lines() {
        assert!(line.contains("/v1/projects/demo-project/jobs") && !line.contains("tables"), "{line}");
        assert!(line.starts_with("GET ") || line.starts_with("POST "), "{line}");
        assert!(line.contains("sni=[localhost]"), "the TLS server name is Polaris's: {line}");
        assert!(line.contains("host=[localhost:"), "the Host is Polaris's: {line}");
    }
}

/// The Polaris host is looked up while nginx runs, again once the answer is `valid` no more,
/// and the name stays what the certificate is checked against.
#[test]
fn the_polaris_host_is_resolved_again_while_nginx_runs() {
    let nginx = signed_upstream(&[("valid=60s", "valid=1s")]);
    assert_eq!(nginx.dns.asked("localhost"), 0, "not looked up at start");
    let (status, _, body) = http(nginx.port, "GET", LIST, Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200, "{body}");
    let first = nginx.dns.asked("localhost");
    assert!(first >= 1);
    // The answer's validity (1 s here, counted in whole seconds) is time itself: nothing to wait on but the clock.
    std::thread::sleep(Duration::from_millis(2100));
    let (status, _, body) = http(nginx.port, "GET", LIST, Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200, "{body}");
    assert!(nginx.dns.asked("localhost") > first, "looked up again");
}

/// The browser never sees Polaris's WWW-Authenticate (it would ask for a password itself and
/// keep it); a job spec of a few MB is relayed, a larger body gets 413 with the headers.
#[test]
fn no_browser_sign_in_and_job_specs_fit() {
    let nginx = signed_upstream(&[]);
    let (status, h, body) =
        http(nginx.port, "GET", "/v1/projects/demo-project/jobs/basic-auth", Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 401, "{body}");
    assert_eq!(header(&h, "www-authenticate"), None, "the upstream's WWW-Authenticate reached the browser");
    assert!(body.contains("Who are you?"), "the API's own words stay: {body}");
    let spec = format!(r#"{{"type":"batch","source":{{"type":"inline","data":"{}"}}}}"#, "{}\\n".repeat(750_000));
    assert!(spec.len() > 3_000_000);
    let (status, _, body) =
        http(nginx.port, "POST", "/v1/projects/demo-project/jobs", Some(DEMO_KEY), Some(&spec), &[]);
    assert_eq!(status, 200, "{body}");
    // The upstream logs the request once it has dropped the body (after its answer).
    let whole = |l: &str| l.starts_with("POST ") && l.ends_with(&format!("length={}", spec.len()));
    let t = std::time::Instant::now();
    while !nginx.file("upstream.log").lines().any(whole) {
        assert!(t.elapsed() < Duration::from_secs(10), "{}", nginx.file("upstream.log"));
        std::thread::sleep(Duration::from_millis(20));
    }
    let too_big = "x".repeat(5 << 20);
    let (status, h, _) =
        http(nginx.port, "POST", "/v1/projects/demo-project/jobs", Some(DEMO_KEY), Some(&too_big), &[]);
    assert_eq!(status, 413);
    assert!(header(&h, "content-security-policy").is_some());
}

/// More API requests at once than the recipe's rate allows: the excess gets 429 (which the
/// console waits out) from nginx, and never reaches Polaris.
#[test]
fn api_requests_are_rate_limited() {
    let nginx = signed_upstream(&[]);
    let port = nginx.port;
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let all: Vec<_> =
            (0..160).map(|_| s.spawn(move || http(port, "GET", LIST, Some(DEMO_KEY), None, &[]).0)).collect();
        all.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(limited >= 1 && statuses.iter().all(|s| *s == 200 || *s == 429), "{statuses:?}");
    assert_eq!(nginx.file("upstream.log").lines().count(), 160 - limited);
}

/// The console's cookies are not sent to Polaris, and Polaris's Set-Cookie does not reach the
/// browser; an API answer is `no-store` for shared caches, unless the API says otherwise.
#[test]
fn cookies_stay_on_this_site_and_api_answers_are_not_cached() {
    let nginx = signed_upstream(&[]);
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
