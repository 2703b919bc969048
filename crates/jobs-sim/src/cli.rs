//! Command line of `jobs-sim`.

use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEMO_PROJECT_ID: &str = "demo-project";
pub const DEMO_API_KEY: &str = "pok_demo_a7F3kQ9xLm2Vt8RzY4wN6pB1cD5hJ0sE";
pub const DEFAULT_JOBS: usize = 270;
/// Polaris needs seconds to minutes to stop a job's tasks; the demo, a few seconds.
pub const DEFAULT_TRANSITION_MS: i64 = 3_000;

pub const HELP: &str = "\
jobs-sim: a local simulator of the Imply Polaris Jobs v1 API

USAGE:
    jobs-sim [OPTIONS]

OPTIONS:
    --addr HOST:PORT        Address to listen on (default 127.0.0.1:8787; port 0 picks a free
                            port, printed on the first line of output)
    --project-id ID         The one project that exists (default demo-project)
    --api-key KEY           An API key with ManageIngestionJobs (repeatable; default, when no
                            --api-key or --bearer-token is given: the demo key of the README)
    --bearer-token TOKEN    An OAuth bearer token with ManageIngestionJobs (repeatable)
    --forbidden-key KEY     An API key that authenticates but lacks ManageIngestionJobs: every
                            job request answers 403 (repeatable)
    --jobs N                Size of the generated demo set (default 270; 0 for an empty project;
                            at most 100000, also the most jobs the project ever holds)
    --tables N              Spread the demo jobs over exactly N target tables, in turn, for a
                            large Tables board (default: the demo's own names)
    --seed S                Seed of the demo set: the same seed gives the same jobs (default 1)
    --now RFC3339           Pin the simulated start time (default: the wall clock), so that the
                            same seed also gives the same timestamps
    --frozen                No time-driven progress: jobs change only through requests
    --churn                 Changes over time for the change inbox: every 90 simulated seconds a
                            running job fails, or a streaming job loses its connection, or
                            recovers (what `cargo xtask dev` runs)
    --time-scale X          Simulated seconds per real second (default 1)
    --transition-ms MS      How long a cancel or suspend takes to reach the job, in simulated
                            milliseconds (default 3000; 0 for at once). Meanwhile the job keeps
                            its execution status and shows the desired one
    --static DIR            Also serve a built app from DIR, with index.html for client routes
    --cors-origin ORIGIN    Answer CORS preflights and add CORS headers for this origin only
                            (repeatable; default: no CORS)
    --admin                 Enable the test endpoints under /__sim/ (fault injection, request
                            log, clock, job insertion), for clients on this machine only.
                            Requests are recorded only then (bodies cut to 4 KB, 8 MB in all)
    --quiet                 Do not log requests
    -h, --help              Print this help

Credentials are never printed or logged.
";

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub project_id: String,
    pub api_keys: Vec<String>,
    pub bearer_tokens: Vec<String>,
    pub forbidden_keys: Vec<String>,
    pub jobs: usize,
    /// How many target tables the demo jobs write into (`None`: the demo's own).
    pub tables: Option<usize>,
    pub seed: u64,
    pub now_ms: Option<i64>,
    pub frozen: bool,
    /// A failure, a degradation or a recovery every [`crate::world::CHURN_MS`].
    pub churn: bool,
    pub time_scale: f64,
    /// Simulated ms from a cancel or suspend request to its taking effect.
    pub transition_ms: i64,
    pub static_dir: Option<PathBuf>,
    pub cors_origins: Vec<String>,
    pub admin: bool,
    pub quiet: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8787".parse().unwrap(),
            project_id: DEMO_PROJECT_ID.into(),
            api_keys: vec![],
            bearer_tokens: vec![],
            forbidden_keys: vec![],
            jobs: DEFAULT_JOBS,
            tables: None,
            seed: 1,
            now_ms: None,
            frozen: false,
            churn: false,
            time_scale: 1.0,
            transition_ms: DEFAULT_TRANSITION_MS,
            static_dir: None,
            cors_origins: vec![],
            admin: false,
            quiet: false,
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Config>),
    Help,
}

impl Config {
    /// The API keys that are accepted: the ones given, or the demo key when none is.
    pub fn effective_api_keys(&self) -> Vec<String> {
        if self.api_keys.is_empty() && self.bearer_tokens.is_empty() {
            vec![DEMO_API_KEY.to_owned()]
        } else {
            self.api_keys.clone()
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut c = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" => {
                let v = value("--addr")?;
                c.addr = v.parse().map_err(|_| format!("--addr: '{v}' is not HOST:PORT (e.g. 127.0.0.1:0)"))?;
            }
            "--project-id" => {
                c.project_id = value("--project-id")?;
                if c.project_id.is_empty() || c.project_id.contains('/') {
                    return Err("--project-id must be non-empty and contain no '/'".into());
                }
            }
            "--api-key" => c.api_keys.push(non_empty("--api-key", value("--api-key")?)?),
            "--bearer-token" => c.bearer_tokens.push(non_empty("--bearer-token", value("--bearer-token")?)?),
            "--forbidden-key" => c.forbidden_keys.push(non_empty("--forbidden-key", value("--forbidden-key")?)?),
            "--jobs" => {
                let v = value("--jobs")?;
                c.jobs = v
                    .parse()
                    .ok()
                    .filter(|n| *n <= crate::MAX_JOBS)
                    .ok_or_else(|| format!("--jobs: '{v}' is not a whole number from 0 to {}", crate::MAX_JOBS))?;
            }
            "--tables" => {
                let v = value("--tables")?;
                c.tables = Some(v.parse().map_err(|_| format!("--tables: '{v}' is not a whole number"))?);
            }
            "--seed" => {
                let v = value("--seed")?;
                c.seed = v.parse().map_err(|_| format!("--seed: '{v}' is not a whole number"))?;
            }
            "--now" => {
                let v = value("--now")?;
                c.now_ms = Some(
                    jobs_api::time::parse_rfc3339_millis(&v)
                        .ok_or_else(|| format!("--now: '{v}' is not an RFC 3339 timestamp"))?,
                );
            }
            "--frozen" => c.frozen = true,
            "--churn" => c.churn = true,
            "--time-scale" => {
                let v = value("--time-scale")?;
                c.time_scale = v
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x > 0.0)
                    .ok_or_else(|| format!("--time-scale: '{v}' is not a positive number"))?;
            }
            "--transition-ms" => {
                let v = value("--transition-ms")?;
                c.transition_ms = v
                    .parse::<i64>()
                    .ok()
                    .filter(|ms| *ms >= 0)
                    .ok_or_else(|| format!("--transition-ms: '{v}' is not a whole number of milliseconds"))?;
            }
            "--static" => c.static_dir = Some(PathBuf::from(value("--static")?)),
            "--cors-origin" => c.cors_origins.push(value("--cors-origin")?.trim_end_matches('/').to_owned()),
            "--admin" => c.admin = true,
            "--quiet" => c.quiet = true,
            other => return Err(format!("unknown option '{other}' (see --help)")),
        }
    }
    Ok(Command::Run(Box::new(c)))
}

fn non_empty(name: &str, v: String) -> Result<String, String> {
    if v.is_empty() {
        Err(format!("{name} must not be empty"))
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_every_option() {
        let Command::Run(c) = parse(&[
            "--addr",
            "127.0.0.1:0",
            "--project-id",
            "p1",
            "--api-key",
            "k1",
            "--api-key=k2",
            "--bearer-token",
            "t",
            "--forbidden-key",
            "f",
            "--jobs",
            "7",
            "--tables",
            "40",
            "--seed",
            "9",
            "--frozen",
            "--time-scale",
            "60",
            "--static",
            "dist",
            "--cors-origin",
            "http://127.0.0.1:9000/",
            "--admin",
            "--now",
            "2024-01-01T00:00:00Z",
        ])
        .unwrap() else {
            panic!("expected run")
        };
        assert_eq!(c.addr.port(), 0);
        assert_eq!((c.project_id.as_str(), c.api_keys.len(), c.jobs, c.seed), ("p1", 2, 7, 9));
        assert_eq!(c.tables, Some(40));
        assert!(c.frozen && c.admin);
        assert_eq!(c.time_scale, 60.0);
        assert_eq!(c.cors_origins, ["http://127.0.0.1:9000"]);
        assert_eq!(c.now_ms, Some(1_704_067_200_000));
    }

    #[test]
    fn refuses_bad_input() {
        for bad in [
            &["--jobs", "x"][..],
            &["--jobs", "100001"],
            &["--addr", "nope"],
            &["--time-scale", "0"],
            &["--bogus"],
            &["--seed"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(parse(&["--help"]), Ok(Command::Help)));
    }

    #[test]
    fn demo_key_only_when_no_credential_given() {
        assert_eq!(Config::default().effective_api_keys(), [DEMO_API_KEY]);
        let c = Config { bearer_tokens: vec!["t".into()], ..Config::default() };
        assert!(c.effective_api_keys().is_empty());
    }
}
