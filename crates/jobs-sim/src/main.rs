use jobs_sim::cli::{parse_args, Command, HELP};
use jobs_sim::Sim;
use std::io::Write;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{HELP}");
            return;
        }
        Ok(Command::Run(c)) => *c,
        Err(e) => {
            eprintln!("jobs-sim: {e}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("jobs-sim: cannot listen on {}: {e}", config.addr);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("a bound address");
    let started = std::time::Instant::now();
    let sim = Arc::new(Sim::new(config));
    let c = &sim.config;
    // The first line says where we listen (tools read it); credentials are never printed.
    // Written with `let _`: a closed stdout (a reader that took only the first line) must not
    // stop the server.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "jobs-sim listening on http://{addr}");
    let _ = writeln!(
        out,
        "project {} with {} jobs (seed {}, generated in {} ms){}{}",
        c.project_id,
        c.jobs,
        c.seed,
        started.elapsed().as_millis(),
        if c.frozen { ", time frozen" } else { "" },
        if c.admin { ", /__sim/ test endpoints on" } else { "" },
    );
    let _ = out.flush();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = jobs_sim::serve(sim, listener, shutdown).await {
        eprintln!("jobs-sim: {e}");
        std::process::exit(1);
    }
}
