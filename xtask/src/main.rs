//! Project commands: `cargo xtask dev | test | dist | bench | help`, and `post-build`, Trunk's
//! hook (post_build.rs).
//!
//! Each installs what it needs and is missing (see tools.rs), then does its one job. Few
//! dependencies (the CSP hash's sha256 and base64, a TOML editor), so it builds in seconds on a
//! fresh machine.

mod dev;
mod merge;
mod names;
mod post_build;
mod prune;
mod split;
mod tools;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The demo credentials jobs-sim accepts by default (also in README.md).
pub const DEMO_PROJECT_ID: &str = "demo-project";
pub const DEMO_API_KEY: &str = "pok_demo_a7F3kQ9xLm2Vt8RzY4wN6pB1cD5hJ0sE";
/// Where `cargo xtask dev` runs jobs-sim (Trunk.toml's [[proxy]] points here).
pub const DEV_SIM_ADDR: &str = "127.0.0.1:8787";

const HELP: &str = "\
cargo xtask <command>

  dev [--upstream URL] [--port P] [--jobs N] [--seed S] [--time-scale X]
        Start jobs-sim (demo data) on 127.0.0.1:8787 and `trunk serve` on
        http://127.0.0.1:8080 (or port P), with /v1 proxied to the simulator. With --upstream,
        /v1 is proxied to a real Polaris (e.g. https://ORG.REGION.CLOUD.api.imply.io) instead
        and no simulator starts. Ctrl-C stops everything.
  test  Run every suite: host tests of all crates, the contract suite (jobs-sim driven through
        Imply's official Python SDK, polaris-sdk from PyPI, in a virtual environment), the browser tests under tests/ in headless
        Chromium and headless Firefox, `dev --upstream` against a stub upstream, a release
        build of the app, and the end-to-end suite against it (jobs-sim and nginx hosting).
        Fails if any suite fails or a suite ran no test.
  dist  Release build of the app into dist/ (what a static host serves).
  bench Benchmarks (not tests): first-load transfer, time to first rows against a plain
        JavaScript page, filter change, unchanged refresh, jobs-sim latency with 100,000 jobs.
        Prints a table and writes target/bench/report.json. BENCH_RUNS=N sets the repeats.

Every command first installs what it needs and is missing: the wasm32 target, trunk,
wasm-bindgen-cli (the version in Cargo.lock), wasm-opt (npm binaryen), wasm-split-cli (cargo), and
for `test` also
Chromium, ChromeDriver, Firefox ESR, nginx, python3-venv where missing (apt), geckodriver (cargo),
axe-core (npm) and polaris-sdk (PyPI, in a virtual environment).
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::dev(&args[1..]),
        Some("test") => test(),
        Some("dist") => dist(),
        Some("bench") => bench(),
        Some("post-build") => post_build::run(),
        None | Some("help" | "-h" | "--help") => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n\n{HELP}").into()),
    };
    if let Err(e) = result {
        eprintln!("\x1b[1;31mxtask: error:\x1b[0m {e}");
        std::process::exit(1);
    }
}

/// Cargo's target directory (CARGO_TARGET_DIR, else target/ in the project).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| project_root().join("target"))
}

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the project root").to_path_buf()
}

/// Runs a command to completion (tools on PATH, project root as working directory).
pub fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    let status = cmd
        .env("PATH", tools::tool_path())
        .current_dir(project_root())
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})").into())
    }
}

pub fn cmd_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", tools::tool_path()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A child process that is killed when this value is dropped (on every exit path).
pub struct Server {
    name: &'static str,
    child: Child,
    /// Started in a process group of its own, which goes with it (its children too).
    group: bool,
}

impl Server {
    pub fn spawn(name: &'static str, cmd: &mut Command) -> Result<Self> {
        let child = cmd
            .env("PATH", tools::tool_path())
            .current_dir(project_root())
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        Ok(Self { name, child, group: false })
    }

    /// [`Server::spawn`] for a process that starts servers of its own (`xtask dev`): it runs in a
    /// new process group, and dropping this stops the whole group, not only the process.
    pub fn spawn_group(name: &'static str, cmd: &mut Command) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        let mut server = Self::spawn(name, cmd.process_group(0))?;
        server.group = true;
        Ok(server)
    }

    /// Waits until `addr` accepts connections; fails if the process exits or time runs out.
    pub fn wait_for(&mut self, addr: SocketAddr, limit: Duration) -> Result {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("{} exited early ({status})", self.name).into());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("{} did not listen on {addr} within {} s", self.name, limit.as_secs()).into())
    }
}

impl Server {
    /// Waits for the process to end by itself.
    pub fn wait(&mut self) -> Result<std::process::ExitStatus> {
        Ok(self.child.wait()?)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.group {
            // SIGTERM to the group (the process's id is the group's): each stops and cleans up.
            let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", self.child.id())]).status();
            let _ = self.child.wait();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub fn build_sim() -> Result<PathBuf> {
    run(Command::new("cargo").args(["build", "--quiet", "-p", "jobs-sim"]))?;
    let target = target_dir();
    Ok(target.join("debug").join("jobs-sim"))
}

fn dist() -> Result {
    tools::ensure_build_tools()?;
    run(Command::new("trunk").args(["build", "--release"]))?;
    let dist = project_root().join("dist");
    let mut total = 0u64;
    for entry in std::fs::read_dir(&dist)? {
        let entry = entry?;
        let len = entry.metadata()?.len();
        total += len;
        println!("  {:>10}  {}", len, entry.file_name().to_string_lossy());
    }
    println!("  {total:>10}  total bytes in {}", dist.display());
    Ok(())
}

fn bench() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_browsers()?;
    tools::ensure_apt(&[("brotli", "/usr/bin/brotli")])?;
    let root = project_root();
    let target = target_dir();
    run(Command::new("trunk").args(["build", "--release"]))?;
    run(Command::new("cargo").args(["build", "--release", "--quiet", "-p", "jobs-sim"]))?;
    // The app and the plain-JavaScript baseline, served side by side on one origin.
    let site = target.join("bench").join("site");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site)?;
    for dir in [root.join("dist"), root.join("benches")] {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            std::fs::copy(entry.path(), site.join(entry.file_name()))?;
        }
    }
    run(Command::new("cargo")
        .args(["run", "--quiet", "-p", "e2e", "--bin", "bench"])
        .env("PJC_DIST_DIR", &site)
        .env("PJC_APP_DIST", root.join("dist"))
        .env("PJC_JOBS_SIM_BIN", target.join("release").join("jobs-sim"))
        .env("PJC_GECKODRIVER", tools::geckodriver())
        .env("PJC_BENCH_OUT", target.join("bench").join("report.json")))
}

#[derive(Clone, Copy)]
enum Browser {
    Chromium,
    Firefox,
}

/// The forbidden key the browser tests' jobs-sim knows (authenticates, lacks the permission).
pub const TEST_FORBIDDEN_KEY: &str = "pok_forbidden_browser_tests_000000000000";

/// The time zone the test browsers run in: not UTC (and with summer time), so that the console's
/// local times ("Times": Local) are told apart from its UTC ones.
const BROWSER_TZ: &str = "America/New_York";

/// Runs the browser tests (tests/) in one browser against a fresh jobs-sim; returns how many
/// passed. The test page's origin is pinned so that jobs-sim can allow it through CORS.
fn browser_tests(browser: Browser, sim_bin: &Path) -> Result<usize> {
    let (page_port, sim_port) = (free_port()?, free_port()?);
    let page_origin = format!("http://127.0.0.1:{page_port}");
    let sim_addr: SocketAddr = format!("127.0.0.1:{sim_port}").parse()?;
    let mut sim = Server::spawn(
        "jobs-sim",
        Command::new(sim_bin)
            .args(["--addr", &sim_addr.to_string(), "--admin", "--quiet", "--jobs", "150"])
            .args(["--cors-origin", &page_origin, "--forbidden-key", TEST_FORBIDDEN_KEY])
            .stdout(Stdio::null()),
    )?;
    sim.wait_for(sim_addr, Duration::from_secs(30))?;
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "-p", "polaris-jobs-console", "--target", tools::WASM_TARGET])
        .env("WASM_BINDGEN_TEST_TIMEOUT", "90")
        .env("WASM_BINDGEN_TEST_ADDRESS", format!("127.0.0.1:{page_port}"))
        .env("PJC_SIM_URL", format!("http://{sim_addr}"))
        .env("PJC_SIM_FORBIDDEN_KEY", TEST_FORBIDDEN_KEY)
        .env("TZ", BROWSER_TZ);
    match browser {
        Browser::Chromium => {
            cmd.env("CHROMEDRIVER", "/usr/bin/chromedriver").env_remove("GECKODRIVER");
        }
        Browser::Firefox => {
            cmd.env("GECKODRIVER", tools::geckodriver()).env_remove("CHROMEDRIVER");
        }
    }
    let result = counted_run(cmd, "browser tests");
    drop(sim);
    result
}

/// The end-to-end suite (tests/e2e) against the release build in dist/; returns how many passed.
fn e2e_tests(sim_bin: &Path) -> Result<usize> {
    let root = project_root();
    let target = target_dir();
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "-p", "e2e", "--", "--test-threads=1", "--nocapture"])
        .env("PJC_DIST_DIR", root.join("dist"))
        .env("PJC_JOBS_SIM_BIN", sim_bin)
        .env("PJC_NGINX_CONF_DIR", root.join("deploy"))
        .env("PJC_NGINX_BIN", "/usr/sbin/nginx")
        .env("PJC_GECKODRIVER", tools::geckodriver())
        .env("PJC_AXE_JS", tools::axe_js())
        .env("TZ", BROWSER_TZ)
        .env("PJC_SCREENSHOT_DIR", target.join("e2e").join("screenshots"));
    counted_run(cmd, "end-to-end tests")
}

/// A key only the URL-safe base64 alphabet writes differently from the standard one (`-`, `_`):
/// the contract suite signs in with it, as Imply's SDK encodes keys.
const SDK_TEST_KEY: &str = "pok_sdk~key?>>~1";

/// The contract suite (tests/contract): jobs-sim driven through Imply's official Python SDK,
/// every answer checked against the SDK's models; returns how many checks passed.
fn contract_tests(sim_bin: &Path) -> Result<usize> {
    let python = tools::ensure_polaris_sdk()?;
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
    let mut sim = Server::spawn(
        "jobs-sim",
        Command::new(sim_bin)
            .args(["--addr", &addr.to_string(), "--quiet", "--frozen", "--transition-ms", "0"])
            .args(["--api-key", DEMO_API_KEY, "--api-key", SDK_TEST_KEY])
            .stdout(Stdio::null()),
    )?;
    sim.wait_for(addr, Duration::from_secs(30))?;
    let mut cmd = Command::new(python);
    cmd.arg(project_root().join("tests").join("contract").join("sdk_contract.py")).args([
        &format!("http://{addr}"),
        DEMO_PROJECT_ID,
        SDK_TEST_KEY,
    ]);
    let result = counted_run(cmd, "the contract suite");
    drop(sim);
    result
}

/// Runs a test command, echoing its output; returns the number of tests that passed.
fn counted_run(mut cmd: Command, what: &str) -> Result<usize> {
    cmd.env("PATH", tools::tool_path()).current_dir(project_root()).stdout(Stdio::piped());
    let mut child = cmd.spawn()?;
    let mut passed = 0usize;
    let mut failed = 0usize;
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let line = line?;
        println!("{line}");
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            let num = |word: &str| -> usize {
                rest.split(';')
                    .find_map(|part| {
                        part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            passed += num(" passed");
            failed += num(" failed");
        }
    }
    let status = child.wait()?;
    if !status.success() || failed > 0 {
        return Err(format!("{what} failed ({status}, {failed} failed)").into());
    }
    Ok(passed)
}

fn test() -> Result {
    let started = Instant::now();
    tools::ensure_build_tools()?;
    tools::ensure_browsers()?;
    tools::ensure_axe()?;
    let tools_done = started.elapsed();
    let mut summary: Vec<(String, Duration)> = vec![("tool check / install".into(), tools_done)];

    let t = Instant::now();
    tools::ensure_lint_tools()?;
    run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    // The host crates; the app is linted for the target it runs on (its host-only test files
    // too would mean checking all of Leptos a second time, for the host: ~2 minutes on a cold
    // machine).
    run(Command::new("cargo").args(["clippy", "--quiet", "--workspace", "--exclude", "polaris-jobs-console"]).args([
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args(["clippy", "--quiet", "-p", "polaris-jobs-console", "--all-targets"]).args([
        "--target",
        tools::WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;
    summary.push(("cargo fmt --check; cargo clippy -D warnings (host crates, the wasm app)".into(), t.elapsed()));

    let t = Instant::now();
    run(Command::new("cargo").args(["test", "--workspace", "--exclude", "e2e"]))?;
    summary.push(("host tests (all crates)".into(), t.elapsed()));

    let sim_bin = build_sim()?;
    let t = Instant::now();
    let passed = contract_tests(&sim_bin)?;
    if passed == 0 {
        return Err("the contract suite ran zero checks".into());
    }
    summary.push((format!("contract: jobs-sim through the official polaris-sdk: {passed} checks passed"), t.elapsed()));

    for (browser, name) in [(Browser::Chromium, "Chromium"), (Browser::Firefox, "Firefox")] {
        let t = Instant::now();
        let passed = browser_tests(browser, &sim_bin)?;
        if passed == 0 {
            return Err(format!("the browser suite ran zero tests in {name}").into());
        }
        summary.push((format!("browser tests in headless {name}: {passed} passed"), t.elapsed()));
    }

    let t = Instant::now();
    dev::check_upstream()?;
    summary.push(("`xtask dev --upstream` against a stub upstream: page served, /v1 proxied".into(), t.elapsed()));

    let t = Instant::now();
    run(Command::new("trunk").args(["build", "--release"]))?;
    summary.push(("release build of the app (trunk build --release)".into(), t.elapsed()));

    let t = Instant::now();
    let passed = e2e_tests(&sim_bin)?;
    if passed == 0 {
        return Err("the end-to-end suite ran zero tests".into());
    }
    summary.push((
        format!("end-to-end journeys (Chromium, Firefox; jobs-sim and nginx hosting): {passed} passed"),
        t.elapsed(),
    ));

    println!();
    println!("xtask test: every suite passed");
    for (what, took) in &summary {
        println!("  {:>7.1} s  {what}", took.as_secs_f64());
    }
    println!("  {:>7.1} s  total", started.elapsed().as_secs_f64());
    Ok(())
}
