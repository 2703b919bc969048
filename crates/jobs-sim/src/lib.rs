//! jobs-sim: a local simulator of the Imply Polaris Jobs v1 API.
//!
//! It serves `/v1/projects/{projectId}/jobs` as `docs/jobs-api.md` describes, over a
//! demo project whose jobs move through their lifecycle in simulated time, and (with
//! `--admin`) test endpoints under `/__sim/` for fault injection and inspection.

// Handlers return `Result<_, ApiError>`; an error is rare and its size does not matter here.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod api;
pub mod cli;
pub mod demo;
pub mod http;
pub mod world;

use admin::{Fault, RequestRecord};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cli::Config;
use std::collections::VecDeque;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use world::{Rng, World};

/// Simulated time: the start time, plus real time scaled (unless frozen), plus manual advances.
#[derive(Debug)]
pub struct Clock {
    origin: Instant,
    start_ms: i64,
    scale: f64,
    pub frozen: bool,
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn new(start_ms: i64, scale: f64, frozen: bool) -> Self {
        Self { origin: Instant::now(), start_ms, scale, frozen, offset_ms: AtomicI64::new(0) }
    }

    pub fn now_ms(&self) -> i64 {
        self.at(self.origin.elapsed())
    }

    /// The simulated time once `real` has passed since the clock was made.
    fn at(&self, real: std::time::Duration) -> i64 {
        // `as` saturates a float; the sums saturate too: the clock stops at the end of time
        // rather than wrap into the past.
        let run = if self.frozen { 0 } else { (real.as_secs_f64() * 1000.0 * self.scale) as i64 };
        self.start_ms.saturating_add(run).saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock forward by `ms` (saturating).
    pub fn advance(&self, ms: i64) {
        let _ = self.offset_ms.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| Some(o.saturating_add(ms)));
    }
}

/// The simulator's state, shared by all requests.
pub struct Sim {
    pub config: Config,
    /// API keys with the permission (the demo key when none was given).
    pub api_keys: Vec<String>,
    pub clock: Clock,
    pub world: Mutex<World>,
    pub faults: Mutex<Vec<Fault>>,
    /// The request log (only with `--admin`; see [`Sim::record`]).
    pub requests: Mutex<RequestLog>,
    next_seq: AtomicU64,
    id_rng: Mutex<Rng>,
    /// Where it listens (set by [`serve`]): the admin endpoints answer only requests for it.
    pub listening: std::sync::OnceLock<std::net::SocketAddr>,
}

impl Sim {
    pub fn new(config: Config) -> Self {
        let start = config
            .now_ms
            .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64));
        let jobs = demo::generate(config.jobs, config.seed, start, config.tables);
        Self {
            api_keys: config.effective_api_keys(),
            clock: Clock::new(start, config.time_scale, config.frozen),
            world: Mutex::new({
                let mut world = World::new(jobs);
                if config.churn {
                    world.churn_from(start, config.seed);
                }
                world
            }),
            faults: Mutex::new(Vec::new()),
            requests: Mutex::new(RequestLog::default()),
            next_seq: AtomicU64::new(1),
            id_rng: Mutex::new(Rng::new(config.seed.wrapping_mul(31).wrapping_add(7))),
            listening: std::sync::OnceLock::new(),
            config,
        }
    }

    /// An id for a created job.
    pub fn next_id(&self) -> String {
        self.id_rng.lock().unwrap().uuid()
    }

    /// The first fault that matches this request, counted down.
    pub fn take_fault(&self, method: &str, path: &str, query: &str) -> Option<Fault> {
        let query = query.trim_end_matches('&');
        let mut faults = self.faults.lock().unwrap();
        let i = faults.iter().position(|f| {
            path.starts_with(&f.path_prefix)
                && f.method.as_ref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && f.query.as_ref().is_none_or(|q| q == query)
        })?;
        let f = faults[i].clone();
        faults[i].count = faults[i].count.saturating_sub(1);
        if faults[i].count == 0 {
            faults.remove(i);
        }
        Some(f)
    }

    /// Keeps `r` in the request log (nothing without `--admin`): its body cut to
    /// [`admin::MAX_RECORD_BODY`] bytes, and the oldest records dropped to keep the log within
    /// [`admin::MAX_RECORDS`] records and [`admin::MAX_LOG_BYTES`] bytes of bodies.
    pub fn record(&self, mut r: RequestRecord) {
        if !self.config.admin {
            return;
        }
        r.seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        if let Some(body) = &mut r.body {
            admin::cut_body(body);
        }
        self.requests.lock().unwrap().push(r);
    }
}

/// The most jobs the simulated project holds (`--jobs` included): enough for a console's
/// largest tests (10,000), few enough that no client can fill the machine's memory.
pub const MAX_JOBS: usize = 100_000;

/// The request log: at most [`admin::MAX_RECORDS`] records, their bodies at most
/// [`admin::MAX_LOG_BYTES`] bytes in all (the oldest go first).
#[derive(Default)]
pub struct RequestLog {
    records: VecDeque<RequestRecord>,
    body_bytes: usize,
}

impl RequestLog {
    fn push(&mut self, r: RequestRecord) {
        self.body_bytes += r.body.as_ref().map_or(0, String::len);
        self.records.push_back(r);
        while self.records.len() > admin::MAX_RECORDS || self.body_bytes > admin::MAX_LOG_BYTES {
            let Some(old) = self.records.pop_front() else { break };
            self.body_bytes -= old.body.as_ref().map_or(0, String::len);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &RequestRecord> {
        self.records.iter()
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The bytes of bodies kept.
    pub fn body_bytes(&self) -> usize {
        self.body_bytes
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// The whole service.
pub fn router(sim: Arc<Sim>) -> Router {
    let mut app = api::routes();
    if sim.config.admin {
        app = app.merge(admin::routes());
    }
    app.fallback(fallback).layer(axum::middleware::from_fn_with_state(sim.clone(), http::front)).with_state(sim)
}

/// Unknown routes: the built app when `--static` is given (index.html for client routes),
/// else a 404 ErrorResponse.
async fn fallback(State(sim): State<Arc<Sim>>, req: Request) -> Response {
    let path = req.uri().path();
    let not_found = || http::ApiError::not_found(format!("No such resource: {path}")).into_response();
    let Some(dir) = sim.config.static_dir.as_deref() else { return not_found() };
    if path.starts_with("/v1/") || path.starts_with("/__sim/") || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return not_found();
    }
    match static_file(dir, path) {
        Some((file, immutable)) => match tokio::fs::read(&file).await {
            Ok(bytes) => {
                let mut r = Response::new(Body::from(bytes));
                let h = r.headers_mut();
                h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
                h.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(if immutable {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    }),
                );
                // The static host's headers, as deploy/security-headers.conf has them (the
                // console's CSP with its Trusted Types, no framing, ...).
                for (name, value) in security_headers() {
                    h.insert(name, value);
                }
                r
            }
            Err(_) => not_found(),
        },
        None => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}

/// The headers of the console's static-hosting recipe (deploy/security-headers.conf: its
/// `add_header NAME "VALUE" always;` lines), for the files `--static` serves.
pub fn security_headers() -> Vec<(header::HeaderName, HeaderValue)> {
    include_str!("../../../deploy/security-headers.conf")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("add_header "))
        .filter_map(|rest| {
            let (name, value) = rest.split_once(' ')?;
            let value = value.trim().strip_suffix(';')?.trim().strip_suffix("always")?.trim().trim_matches('"');
            Some((header::HeaderName::from_bytes(name.as_bytes()).ok()?, HeaderValue::from_str(value).ok()?))
        })
        .collect()
}

/// The file for a request path: the file itself, or index.html for a client route (a path
/// whose last segment has no dot). `None` for paths that leave the directory.
fn static_file(dir: &Path, path: &str) -> Option<(PathBuf, bool)> {
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dir.join(rel);
    if file.is_file() {
        let immutable = !file.ends_with("index.html");
        return Some((file, immutable));
    }
    let last = path.rsplit('/').next().unwrap_or("");
    (!last.contains('.')).then(|| (dir.join("index.html"), false))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    sim: Arc<Sim>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let _ = sim.listening.set(listener.local_addr()?);
    // With each peer's address: the test endpoints answer only loopback ones.
    axum::serve(listener, router(sim).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod clock_tests {
    use super::Clock;
    use std::time::Duration;

    /// Real time drives the simulated clock, scaled, unless it is frozen; advances add to both.
    #[test]
    fn simulated_time_is_real_time_scaled_plus_advances() {
        let real = Duration::from_millis(300);
        let c = Clock::new(1_000_000, 600.0, false);
        assert_eq!(c.at(Duration::ZERO), 1_000_000);
        assert_eq!(c.at(real), 1_000_000 + 180_000, "ten simulated minutes a real second");
        c.advance(5_000);
        assert_eq!(c.at(real), 1_000_000 + 185_000);
        let frozen = Clock::new(1_000_000, 600.0, true);
        assert_eq!(frozen.at(real), 1_000_000);
        frozen.advance(7);
        assert_eq!(frozen.at(real), 1_000_007);
        assert!(Clock::new(0, 1.0, false).now_ms() >= 0);
    }
}
