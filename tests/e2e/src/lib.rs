//! The end-to-end harness: servers on free loopback ports that stop on every exit path (Drop),
//! WebDriver sessions in headless Chromium and Firefox, and small helpers to drive pages.
//!
//! Paths come from `cargo xtask test` (PJC_DIST_DIR, PJC_JOBS_SIM_BIN, PJC_NGINX_CONF_DIR):
//! missing ones fail the tests with a message, never skip them.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const DEMO_KEY: &str = "pok_demo_a7F3kQ9xLm2Vt8RzY4wN6pB1cD5hJ0sE";
pub const FORBIDDEN_KEY: &str = "pok_forbidden_e2e_0000000000000000000000";
pub const PROJECT: &str = "demo-project";

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os(name)
            .unwrap_or_else(|| panic!("{name} is not set: run the end-to-end tests with `cargo xtask test`")),
    )
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_port(port: u16, what: &str, child: &mut Child) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited early ({status})");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on port {port} within 30 s");
}

/// A child process killed when dropped.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// jobs-sim serving the built app (`--static`) and the API on one origin.
pub struct Sim {
    pub port: u16,
    extra: Vec<String>,
    proc: Option<Proc>,
}

impl Sim {
    pub fn start(extra: &[&str]) -> Sim {
        let port = free_port();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let proc = Some(Self::spawn(port, &extra));
        Sim { port, extra, proc }
    }

    /// Kills the process (the API goes away).
    pub fn kill(&mut self) {
        self.proc = None;
    }

    /// Starts it again on the same port.
    pub fn restart(&mut self) {
        self.proc = Some(Self::spawn(self.port, &self.extra));
    }

    fn spawn(port: u16, extra: &[String]) -> Proc {
        let mut child = Command::new(env_path("PJC_JOBS_SIM_BIN"))
            .args(["--addr", &format!("127.0.0.1:{port}"), "--admin", "--quiet", "--forbidden-key", FORBIDDEN_KEY])
            .arg("--static")
            .arg(env_path("PJC_DIST_DIR"))
            .args(extra)
            .stdout(Stdio::null())
            .spawn()
            .expect("jobs-sim starts");
        wait_port(port, "jobs-sim", &mut child);
        Proc(child)
    }

    /// Inserts `n` running batch jobs into tables `{prefix}_000`, `{prefix}_001`, ... (pinned:
    /// they change only through requests), their ids made from `salt`; returns the ids in table
    /// order.
    pub fn insert_running(&self, prefix: &str, n: usize, salt: u32) -> Vec<String> {
        (0..n)
            .map(|i| {
                let id = format!("{salt:08x}-0000-4000-8000-{i:012x}");
                let job = serde_json::json!({"job": {
                    "id": id, "type": "batch", "target": {"type": "table", "tableName": format!("{prefix}_{i:03}")},
                    "desiredExecutionStatus": "running", "executionStatus": "running", "health": {"status": "ok"},
                    "createdBy": {"username": "e2e@example.com"}, "createdTimestamp": "2024-05-01T00:00:00Z",
                    "lastModifiedBy": {"username": "e2e@example.com"}, "lastUpdatedTimestamp": "2024-05-01T00:00:00Z"
                }});
                let (status, _, body) = http(self.port, "POST", "/__sim/jobs", None, Some(&job.to_string()), &[]);
                assert_eq!(status, 201, "{body}");
                id
            })
            .collect()
    }

    /// Makes a change happen to a job now (see jobs-sim's /__sim/jobs/{id}/change).
    pub fn change(&self, id: &str, change: &Value) {
        let path = format!("/__sim/jobs/{id}/change");
        let (status, _, body) = http(self.port, "POST", &path, None, Some(&change.to_string()), &[]);
        assert_eq!(status, 200, "{body}");
    }

    /// Injects a fault (see jobs-sim's /__sim/faults).
    pub fn fault(&self, fault: &Value) {
        let (status, _, body) = http(self.port, "POST", "/__sim/faults", None, Some(&fault.to_string()), &[]);
        assert_eq!(status, 201, "{body}");
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// nginx with deploy/nginx.conf (paths, port, upstream and resolver substituted), proxying the
/// Jobs API under /v1/ to `sim` or another upstream.
pub struct Nginx {
    pub port: u16,
    /// The DNS server the recipe's `resolver` asks (every name is 127.0.0.1).
    pub dns: FakeDns,
    _proc: Proc,
    _dir: TempDir,
}

/// A DNS server on a free loopback UDP port that answers every A question with 127.0.0.1 (and
/// any other with no answer), counting the questions per name; it stops when dropped.
pub struct FakeDns {
    pub port: u16,
    asked: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FakeDns {
    pub fn start() -> FakeDns {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        let port = socket.local_addr().unwrap().port();
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (a, st) = (asked.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while !st.load(std::sync::atomic::Ordering::Relaxed) {
                let Ok((n, from)) = socket.recv_from(&mut buf) else { continue };
                if let Some((name, answer)) = dns_answer(&buf[..n]) {
                    a.lock().unwrap().push(name);
                    let _ = socket.send_to(&answer, from);
                }
            }
        });
        FakeDns { port, asked, stop }
    }

    /// How many A questions were asked for `name`.
    pub fn asked(&self, name: &str) -> usize {
        self.asked.lock().unwrap().iter().filter(|n| n.eq_ignore_ascii_case(name)).count()
    }
}

impl Drop for FakeDns {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The answer to one DNS query (RFC 1035): the name asked (for A questions) and the message.
fn dns_answer(query: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let len = *query.get(at)? as usize;
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len)?).into_owned());
        at += len;
    }
    let question = query.get(12..at + 4)?;
    let is_a = query.get(at..at + 4)? == [0, 1, 0, 1];
    let mut out = vec![query[0], query[1], 0x81, 0x80, 0, 1, 0, u8::from(is_a), 0, 0, 0, 0];
    out.extend_from_slice(question);
    if is_a {
        // The name (a pointer to the question's), A, IN, a TTL of 1 s, 127.0.0.1.
        out.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 127, 0, 0, 1]);
    }
    Some((if is_a { labels.join(".") } else { String::new() }, out))
}

pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Nginx {
    /// A graceful stop (SIGTERM to the master): its workers go too. (SIGKILL, what dropping the
    /// child alone sends, leaves the workers running with the port.)
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self._proc.0.id().to_string()]).status();
        let _ = self._proc.0.wait();
    }
}

impl Nginx {
    /// The recipe in front of `sim` (plain HTTP to it: no TLS on this leg).
    pub fn start(sim: &Sim) -> Nginx {
        Self::start_with(&format!("http://127.0.0.1:{}", sim.port), &[], "", &[])
    }

    /// The recipe with its upstream at `upstream` (`scheme://host:port`: the host is looked up
    /// through [`FakeDns`]), each `(from, to)` of `replace` made in it,
    /// `extra` (more of nginx's http-level configuration, such as an upstream's server block)
    /// beside it, and `files` (name, content) written into its directory, which `{dir}` in
    /// `replace` and `extra` names.
    pub fn start_with(upstream: &str, replace: &[(&str, &str)], extra: &str, files: &[(&str, &[u8])]) -> Nginx {
        let deploy = env_path("PJC_NGINX_CONF_DIR");
        let dist = env_path("PJC_DIST_DIR");
        let port = free_port();
        let dns = FakeDns::start();
        let dir = std::env::temp_dir().join(format!("pjc-nginx-{port}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, content) in files {
            std::fs::write(dir.join(name), content).unwrap();
        }
        let d = dir.display().to_string();
        let mut site = std::fs::read_to_string(deploy.join("nginx.conf"))
            .unwrap()
            .replace("listen 8080;", &format!("listen 127.0.0.1:{port};"))
            .replace("root /srv/polaris-jobs-console;", &format!("root {};", dist.display()))
            .replace("resolver 127.0.0.53 ", &format!("resolver 127.0.0.1:{} ", dns.port));
        let (scheme, host) = upstream.split_once("://").expect("scheme://host:port");
        let upstream = [
            ("https://$polaris_api", format!("{scheme}://$polaris_api")),
            ("ORGANIZATION.REGION.CLOUD_PROVIDER.api.imply.io", host.to_owned()),
        ];
        for (from, to) in upstream.into_iter().chain(replace.iter().map(|(f, t)| (*f, t.replace("{dir}", &d)))) {
            assert!(site.contains(from), "deploy/nginx.conf has no `{from}` to replace");
            site = site.replace(from, &to);
        }
        site.push_str(&extra.replace("{dir}", &d));
        std::fs::write(dir.join("site.conf"), site).unwrap();
        std::fs::copy(deploy.join("security-headers.conf"), dir.join("security-headers.conf")).unwrap();
        let root =
            std::process::Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
        let main = format!(
            "{}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 1024; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n",
            if root { "user root;\n" } else { "" },
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let mut child = Command::new(env_path("PJC_NGINX_BIN"))
            .args(["-e", &format!("{d}/error.log"), "-p", &d, "-c"])
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts (the bootstrap installs it)");
        wait_port(port, "nginx", &mut child);
        Nginx { port, dns, _proc: Proc(child), _dir: TempDir(dir) }
    }

    /// The file `name` of its directory (a log an extra server block writes, say).
    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self._dir.0.join(name)).unwrap_or_default()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
        }
    }
}

/// A WebDriver server and a session in a headless browser.
pub struct Session {
    pub client: Client,
    pub browser: Browser,
    _driver: Proc,
}

impl Session {
    pub async fn start(browser: Browser, dark: bool) -> Session {
        Self::start_with(browser, dark, &[]).await
    }

    /// [`Session::start`] with more Chromium flags (the benchmark's memory figures).
    pub async fn start_with(browser: Browser, dark: bool, chromium_args: &[&str]) -> Session {
        let port = free_port();
        let mut child = match browser {
            Browser::Chromium => Command::new("/usr/bin/chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn(),
            Browser::Firefox => Command::new(env_path("PJC_GECKODRIVER"))
                .args(["--port", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn(),
        }
        .expect("the WebDriver server starts");
        wait_port(port, "the WebDriver server", &mut child);
        let caps = match browser {
            Browser::Chromium => {
                let mut args = vec![
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--window-size=1280,900",
                ];
                args.extend_from_slice(chromium_args);
                if dark {
                    args.push("--force-dark-mode");
                    args.push("--blink-settings=preferredColorScheme=0");
                }
                json!({"browserName": "chrome", "goog:chromeOptions": {"args": args}})
            }
            Browser::Firefox => json!({"browserName": "firefox", "moz:firefoxOptions": {
                "args": ["-headless", "--width=1280", "--height=900"],
                "prefs": {"ui.systemUsesDarkTheme": if dark { 1 } else { 0 }, "layout.css.prefers-color-scheme.content-override": if dark { 0 } else { 1 }}
            }}),
        };
        let Value::Object(caps) = caps else { unreachable!() };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("a {browser:?} session: {e}"));
        Session { client, browser, _driver: Proc(child) }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}: {script}"))
    }

    /// Moves the page's clock (`Date.now`, which the app reads for its refreshes and readings)
    /// `ms` on instead of waiting them; the first call puts the moved clock in place, for as
    /// long as the page stays.
    pub async fn advance_clock(&self, ms: u64) {
        self.js(&format!(
            "if (!('pjcShift' in Date)) {{ const real = Date.now.bind(Date); Date.pjcShift = 0; \
             Date.now = () => real() + Date.pjcShift; }} Date.pjcShift += {ms}; return true;"
        ))
        .await;
    }

    /// Makes the timers the page sets from now on (`setTimeout`) go off `k` times sooner, such as
    /// a request's time limit; `k = 1` puts them back.
    pub async fn speed_timers(&self, k: u32) {
        self.js(&format!(
            "window.pjcSetTimeout = window.pjcSetTimeout || window.setTimeout; const st = window.pjcSetTimeout; \
             window.setTimeout = {k} === 1 ? st : (f, d, ...a) => st(f, (Number(d) || 0) / {k}, ...a); return true;"
        ))
        .await;
    }

    /// Waits until the page's own one-second timers have run twice from now: whatever a timer of
    /// the app's with that period (its ticker) would do by then, it has done.
    /// Sets a permission of the page's origin the way a person would answer the browser
    /// (WebDriver's Set Permission: `notifications`, `granted`).
    pub async fn set_permission(&self, name: &str, state: &str) {
        #[derive(Debug)]
        struct SetPermission(Value);
        impl fantoccini::wd::WebDriverCompatibleCommand for SetPermission {
            fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
                base.join(&format!("session/{}/permissions", session.unwrap_or_default()))
            }
            fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
                (http::Method::POST, Some(self.0.to_string()))
            }
        }
        let command = SetPermission(serde_json::json!({"descriptor": {"name": name}, "state": state}));
        self.client
            .issue_cmd(command)
            .await
            .unwrap_or_else(|e| panic!("[{}] Set Permission {name}: {e}", self.browser.name()));
    }

    pub async fn two_ticks(&self) {
        self.js("window.pjcTicks = 0; const t = setInterval(() => { if (++window.pjcTicks >= 2) clearInterval(t); }, 1000); return true;").await;
        self.wait_js("two ticks of the page's timers", "window.pjcTicks >= 2").await;
    }

    /// Waits (up to 20 s) until the JavaScript expression is truthy.
    pub async fn wait_js(&self, what: &str, expr: &str) {
        self.wait_js_for(what, expr, 20).await;
    }

    /// Waits up to `seconds` until the JavaScript expression is truthy.
    pub async fn wait_js_for(&self, what: &str, expr: &str, seconds: u64) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(seconds) {
            if self.client.execute(&format!("return !!({expr});"), vec![]).await.ok().and_then(|v| v.as_bool())
                == Some(true)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let body = self.js("return document.body ? document.body.innerText : ''").await;
        panic!("[{}] timed out waiting for {what} ({expr}); page text: {body}", self.browser.name());
    }

    pub async fn css(&self, sel: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(sel))
            .await
            .unwrap_or_else(|e| panic!("[{}] no element {sel}: {e}", self.browser.name()))
    }

    pub async fn fill(&self, sel: &str, text: &str) {
        let el = self.css(sel).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// Clicks the first button with this exact text (inside `scope`, a CSS selector).
    pub async fn click_button(&self, scope: &str, label: &str) {
        let expr = format!(
            "[...document.querySelectorAll({scope:?} + ' button')].find(b => b.textContent.trim() === {label:?})"
        );
        self.wait_js(&format!("the button {label}"), &expr).await;
        self.js(&format!("({expr}).click(); return true;")).await;
    }

    /// Connects through the connect page at `base` with `key`, storage cleared first (no earlier
    /// connection is reused).
    pub async fn connect(&self, base: &str, key: &str) {
        self.goto(&format!("{base}/")).await;
        self.js("sessionStorage.clear(); localStorage.clear(); return true;").await;
        self.goto(&format!("{base}/")).await;
        self.fill("#project-id", PROJECT).await;
        self.fill("#secret", key).await;
        self.click_button("form", "Connect").await;
    }

    /// Connects with the demo key and waits for the jobs list's rows.
    pub async fn connect_to_list(&self, base: &str) {
        self.connect(base, DEMO_KEY).await;
        self.wait_js("rows", "document.querySelectorAll('tbody tr[data-job-id]').length > 0").await;
    }

    pub async fn path(&self) -> String {
        let u = self.client.current_url().await.unwrap();
        match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        }
    }

    pub async fn screenshot(&self, name: &str, dark: bool) {
        let dir = env_path("PJC_SCREENSHOT_DIR");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        let theme = if dark { "dark" } else { "light" };
        std::fs::write(dir.join(format!("{}-{theme}-{name}.png", self.browser.name())), png).unwrap();
    }

    /// Runs axe-core on the page; returns the serious and critical violations as
    /// "rule: target (message)" lines. axe is injected and run in one script, so it works the
    /// same in both browsers and needs no exception in the page's CSP.
    pub async fn axe_serious(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(env_path("PJC_AXE_JS")).expect("axe-core (cargo xtask test installs it)");
        let script = format!(
            "const done = arguments[arguments.length - 1];\n{axe}\n;axe.run(document, {{resultTypes: ['violations']}}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')')))).catch(e => done(['axe failed: ' + e]));"
        );
        let v = self.client.execute_async(&script, vec![]).await.unwrap_or_else(|e| panic!("axe: {e}"));
        v.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or_default().to_owned()).collect()
    }

    pub async fn row_ids(&self) -> Vec<String> {
        let v =
            self.js("return [...document.querySelectorAll('tbody tr[data-job-id]')].map(r => r.dataset.jobId)").await;
        v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A plain HTTP/1.1 request over loopback: (status, lower-case headers, body).
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<&str>,
    extra: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(a) = auth {
        req.push_str(&format!("Authorization: Basic {a}\r\n"));
    }
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    if let Some(b) = body {
        req.push_str(b);
    }
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    // Headers are text; the body may be binary (e.g. gzip): split and de-chunk as bytes.
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect::<Vec<_>>();
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { dechunk(&raw[split..]) } else { raw[split..].to_vec() };
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&s[..eol]).trim(), 16).unwrap_or(0);
        let rest = &s[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        s = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The API's answer, straight from jobs-sim.
pub fn api_json(sim: &Sim, path: &str) -> Value {
    let (status, _, body) = http(sim.port, "GET", path, Some(DEMO_KEY), None, &[]);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}
