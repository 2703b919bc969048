//! `cargo xtask dev`: jobs-sim and `trunk serve`, or `trunk serve` alone with /v1 proxied to a
//! real Polaris (`--upstream URL`); and the check `cargo xtask test` makes of the latter
//! ([`check_upstream`]).

use crate::{free_port, project_root, target_dir, tools, Result, Server};
use crate::{DEMO_API_KEY, DEMO_PROJECT_ID, DEV_SIM_ADDR};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where `trunk serve` listens unless `--port` says otherwise (Trunk.toml's `[serve]`).
const DEV_PORT: u16 = 8080;

pub fn dev(args: &[String]) -> Result {
    let mut upstream: Option<String> = None;
    let mut port = DEV_PORT;
    let mut sim_args: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--upstream" => upstream = Some(value()?),
            "--port" => port = value()?.parse().map_err(|_| "--port needs a port number")?,
            "--jobs" | "--time-scale" | "--seed" => {
                let v = value()?;
                sim_args.extend([a.clone(), v]);
            }
            other => return Err(format!("unknown option '{other}' for dev").into()),
        }
    }
    tools::ensure_build_tools()?;
    let root = project_root();
    let mut _sim = None;
    let mut trunk = Command::new("trunk");
    trunk.args(["serve", "--port", &port.to_string()]);
    match &upstream {
        Some(url) => {
            let url = url.trim_end_matches('/');
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("--upstream must be an http(s) URL, got '{url}'").into());
            }
            let config = upstream_config(&std::fs::read_to_string(root.join("Trunk.toml"))?, &root, url)?;
            let dir = target_dir().join("xtask");
            std::fs::create_dir_all(&dir)?;
            let path = dir.join("Trunk.upstream.toml");
            std::fs::write(&path, config)?;
            trunk.arg("--config").arg(path);
            println!("Proxying /v1 to {url}: connect with your own project id and API key.");
        }
        None => {
            let bin = crate::build_sim()?;
            let addr: SocketAddr = DEV_SIM_ADDR.parse()?;
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Err(format!(
                    "{DEV_SIM_ADDR} is already in use: stop what runs there (an earlier `cargo xtask dev`?)"
                )
                .into());
            }
            let mut sim = Server::spawn(
                "jobs-sim",
                Command::new(bin).args(["--addr", DEV_SIM_ADDR, "--quiet", "--churn"]).args(&sim_args),
            )?;
            sim.wait_for(addr, Duration::from_secs(30))?;
            _sim = Some(sim);
        }
    }
    let mut trunk = Server::spawn("trunk serve", &mut trunk)?;
    trunk.wait_for(format!("127.0.0.1:{port}").parse()?, Duration::from_secs(900))?;
    println!();
    println!("  Polaris Jobs Console: http://127.0.0.1:{port}/");
    if upstream.is_none() {
        println!("  API base URL:         (leave empty: /v1 is proxied to jobs-sim on {DEV_SIM_ADDR})");
        println!("  Project ID:           {DEMO_PROJECT_ID}");
        println!("  API key:              {DEMO_API_KEY}   (the simulator's demo key)");
    }
    println!("  Ctrl-C stops everything.");
    println!();
    // Ctrl-C reaches the whole process group: trunk and jobs-sim stop with us; the guards
    // kill them on any other exit.
    let status = trunk.wait()?;
    Err(format!("trunk serve stopped ({status})").into())
}

/// Trunk's configuration for `dev --upstream URL`: Trunk.toml with its `/v1` proxy pointed at
/// `url`, and its paths made absolute (the file is written under target/, and Trunk reads paths
/// relative to the file). An error when Trunk.toml lacks what this changes, never a silent miss.
pub fn upstream_config(trunk_toml: &str, root: &Path, url: &str) -> Result<String> {
    use toml_edit::{value, DocumentMut, Item};
    let mut doc: DocumentMut = trunk_toml.parse().map_err(|e| format!("Trunk.toml: {e}"))?;
    let proxies = doc
        .get_mut("proxy")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or("Trunk.toml has no [[proxy]] to point at the upstream")?;
    let mut v1: Vec<_> = proxies
        .iter_mut()
        .filter(|p| p.get("backend").and_then(Item::as_str).is_some_and(|b| b.trim_end_matches('/').ends_with("/v1")))
        .collect();
    let [proxy] = &mut v1[..] else {
        return Err(format!("Trunk.toml must have exactly one [[proxy]] for /v1, it has {}", v1.len()).into());
    };
    proxy["backend"] = value(format!("{url}/v1"));
    let absolute = |p: &str| root.join(p).to_string_lossy().into_owned();
    for key in ["target", "dist"] {
        let item = doc.get_mut("build").and_then(|b| b.get_mut(key)).ok_or(format!("Trunk.toml has no build.{key}"))?;
        let path = item.as_str().ok_or(format!("Trunk.toml's build.{key} is not a path"))?.to_owned();
        *item = value(absolute(&path));
    }
    for key in ["watch", "ignore"] {
        if let Some(list) = doc.get_mut("watch").and_then(|w| w.get_mut(key)).and_then(Item::as_array_mut) {
            for entry in list.iter_mut() {
                let path = entry.as_str().ok_or(format!("Trunk.toml's watch.{key} holds a non-path"))?.to_owned();
                *entry = absolute(&path).into();
            }
        }
    }
    Ok(doc.to_string())
}

/// What the stub upstream saw of each request: its request line and Authorization header.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A stand-in for Polaris on loopback: every request answered with a small job list.
struct StubUpstream {
    port: u16,
    seen: Seen,
}

impl StubUpstream {
    fn start() -> Result<StubUpstream> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = answer(stream, &log);
            }
        });
        Ok(StubUpstream { port, seen })
    }
}

fn answer(mut stream: TcpStream, log: &Seen) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut auth = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            if k.eq_ignore_ascii_case("authorization") {
                auth = Some(v.trim().to_owned());
            }
        }
    }
    log.lock().unwrap().push((line.trim().to_owned(), auth));
    let body = r#"{"values":[],"moreResultsAvailable":false,"from":"stub-upstream"}"#;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// One GET over loopback: status and body.
fn get(port: u16, path: &str, auth: Option<&str>) -> Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let auth = auth.map(|a| format!("Authorization: {a}\r\n")).unwrap_or_default();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Connection: close\r\n\r\n")?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok((status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()))
}

/// `cargo xtask dev --upstream URL` against a stub upstream: the page is served, and `/v1/...`
/// reaches the upstream through Trunk's proxy with its path, query and Authorization header.
pub fn check_upstream() -> Result {
    let stub = StubUpstream::start()?;
    let port = free_port()?;
    let xtask = std::env::current_exe()?;
    let mut dev = Server::spawn_group(
        "xtask dev --upstream",
        Command::new(xtask)
            .args(["dev", "--upstream", &format!("http://127.0.0.1:{}", stub.port)])
            .args(["--port", &port.to_string()]),
    )?;
    dev.wait_for(format!("127.0.0.1:{port}").parse()?, Duration::from_secs(900))?;
    // Trunk listens before its first build is in: wait for the page.
    let started = Instant::now();
    let page = loop {
        let (status, body) = get(port, "/", None)?;
        if status == 200 && body.contains("Polaris Jobs Console") {
            break body;
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(format!("trunk serve did not serve the page (HTTP {status})").into());
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    if !page.contains("data-pjc-inline") {
        return Err("the page served by `dev --upstream` lacks the inlined first-load script".into());
    }
    let path = "/v1/projects/demo-project/jobs?type=batch&paginationLimit=25";
    let (status, body) = get(port, path, Some("Basic cG9rX3g6"))?;
    if status != 200 || !body.contains("stub-upstream") {
        return Err(format!("{path} through the proxy: HTTP {status}, {body}").into());
    }
    let seen = stub.seen.lock().unwrap().clone();
    let want = (format!("GET {path} HTTP/1.1"), Some("Basic cG9rX3g6".to_owned()));
    if !seen.contains(&want) {
        return Err(format!("the upstream saw {seen:?}, not {want:?}").into());
    }
    drop(dev);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::upstream_config;
    use std::path::Path;

    /// The project's own Trunk.toml: the proxy points at the upstream and every path is
    /// absolute, and a Trunk.toml this cannot change is an error.
    #[test]
    fn the_upstream_config_is_trunk_toml_pointed_at_the_upstream() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let out = upstream_config(&toml, root, "https://org.us-east-1.aws.api.imply.io").unwrap();
        let doc: toml_edit::DocumentMut = out.parse().unwrap();
        assert_eq!(doc["proxy"][0]["backend"].as_str(), Some("https://org.us-east-1.aws.api.imply.io/v1"));
        assert_eq!(doc["build"]["target"].as_str(), Some(root.join("index.html").to_str().unwrap()));
        assert_eq!(doc["build"]["dist"].as_str(), Some(root.join("dist").to_str().unwrap()));
        let watched: Vec<&str> = doc["watch"]["watch"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        assert!(!watched.is_empty() && watched.iter().all(|w| Path::new(w).is_absolute() && Path::new(w).exists()));
        // Everything else as it was: the hook, the serve settings.
        assert_eq!(doc["hooks"][0]["command_arguments"][1].as_str(), Some("post-build"));
        for broken in ["[build]\ntarget = \"index.html\"\ndist = \"dist\"\n", "[[proxy]]\nbackend = \"http://x/api\"\n"]
        {
            assert!(upstream_config(broken, root, "https://x").is_err(), "{broken}");
        }
    }
}
