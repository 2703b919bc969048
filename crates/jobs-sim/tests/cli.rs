//! The `jobs-sim` binary itself.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn help_documents_every_option() {
    let out = Command::new(env!("CARGO_BIN_EXE_jobs-sim")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for opt in [
        "--addr",
        "--project-id",
        "--api-key",
        "--bearer-token",
        "--forbidden-key",
        "--jobs",
        "--seed",
        "--frozen",
        "--time-scale",
        "--static",
        "--cors-origin",
        "--admin",
    ] {
        assert!(help.contains(opt), "{opt}");
    }
}

#[test]
fn bad_options_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_jobs-sim")).args(["--jobs", "many"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jobs"));
}

#[test]
fn port_zero_prints_the_chosen_port_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobs-sim"))
        .args(["--addr", "127.0.0.1:0", "--jobs", "5", "--api-key", "pok_cli_test_key", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    let addr = first.trim().strip_prefix("jobs-sim listening on http://").expect(&first).to_owned();
    let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    // A raw HTTP request: no client library needed.
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET /v1/projects/demo-project/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Basic pok_cli_test_key\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"moreResultsAvailable\":false"));
    assert!(!resp.contains("pok_cli_test_key"));
}
