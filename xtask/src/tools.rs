//! Installs the tools the build and the tests need, each only when missing, each from a
//! package registry (crates.io, npm, Debian): nothing is downloaded from anywhere else.

use crate::{cmd_output, project_root, run, Result};
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const AXE_CORE_VERSION: &str = "4.14.1";
/// The minifier of the app's generated scripts (split.rs).
pub const ESBUILD_VERSION: &str = "0.24.0";
pub const WASM_SPLIT_VERSION: &str = "0.2.4";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Imply's official Python SDK (PyPI), which the contract suite drives jobs-sim with.
pub const POLARIS_SDK_VERSION: &str = "20250425.14.0";

/// Debian packages and the files that show they are installed.
const APT_PACKAGES: &[(&str, &str)] = &[
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("nginx", "/usr/sbin/nginx"),
    // The hosting tests make certificates for a local HTTPS upstream, and the recipe trusts the
    // system's CA bundle.
    ("openssl", "/usr/bin/openssl"),
    ("ca-certificates", "/etc/ssl/certs/ca-certificates.crt"),
];

/// Where cargo installs binaries.
pub fn cargo_bin() -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// Where the npm-installed binaryen lives (outside the checkout, so fresh clones reuse it).
pub fn tools_dir() -> PathBuf {
    if let Some(d) = env::var_os("PJC_TOOLS_DIR") {
        return PathBuf::from(d);
    }
    let base = env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cache"));
    base.join("polaris-jobs-console").join("tools")
}

fn binaryen_bin() -> PathBuf {
    tools_dir().join("binaryen").join("node_modules").join(".bin")
}

/// npm's esbuild (its binary comes from the npm registry, as a dependency of the package).
pub fn esbuild() -> PathBuf {
    tools_dir().join("esbuild").join("node_modules").join(".bin").join("esbuild")
}

/// PATH for child processes: the npm wasm-opt first (Debian's wasm-opt 108 miscompiles the
/// app), then cargo's bin directory.
pub fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![binaryen_bin(), cargo_bin()];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("valid PATH")
}

fn version_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", tool_path()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The wasm-bindgen version Cargo.lock resolved (the CLI must match it exactly).
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e} (run `cargo generate-lockfile`)"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn step(what: &str) {
    eprintln!("\x1b[1mxtask:\x1b[0m {what}");
}

/// What the app build needs: the wasm target, trunk, wasm-bindgen, wasm-opt.
pub fn ensure_build_tools() -> Result<()> {
    let installed = cmd_output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step(&format!("adding the Rust target {WASM_TARGET}"));
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    let want = locked_wasm_bindgen_version()?;
    let has = version_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if has != format!("wasm-bindgen {want}") {
        step(&format!("installing wasm-bindgen-cli {want} (found: {})", if has.is_empty() { "none" } else { &has }));
        // Not --locked: its lock file wants a webpki-roots version the registry lacks.
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]))?;
    }

    let has = version_of("trunk", &["--version"]).unwrap_or_default();
    if has != format!("trunk {TRUNK_VERSION}") {
        step(&format!("installing trunk {TRUNK_VERSION} (found: {})", if has.is_empty() { "none" } else { &has }));
        run(Command::new("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked", "--force"]))?;
    }

    ensure_wasm_split()?;

    let wasm_opt = binaryen_bin().join("wasm-opt");
    let major = BINARYEN_VERSION.split('.').next().unwrap_or("");
    let ok = version_of(&wasm_opt.to_string_lossy(), &["--version"])
        .is_some_and(|v| v.contains(&format!("version {major}")));
    if !ok {
        step(&format!("installing wasm-opt from npm binaryen@{BINARYEN_VERSION}"));
        npm_install("binaryen", BINARYEN_VERSION)?;
    }
    ensure_esbuild()
}

/// rustfmt and clippy, for `cargo xtask test`'s checks (rustup's minimal profile has neither).
pub fn ensure_lint_tools() -> Result<()> {
    let missing: Vec<&str> = [("rustfmt", "fmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(_, sub)| version_of("cargo", &[sub, "--version"]).is_none())
        .map(|(component, _)| component)
        .collect();
    if !missing.is_empty() {
        step(&format!("adding the Rust components {}", missing.join(" ")));
        run(Command::new("rustup").args(["component", "add"]).args(&missing))?;
    }
    Ok(())
}

/// esbuild (npm), which minifies the release build's generated scripts.
pub fn ensure_esbuild() -> Result<()> {
    if version_of(&esbuild().to_string_lossy(), &["--version"]).as_deref() != Some(ESBUILD_VERSION) {
        step(&format!("installing esbuild@{ESBUILD_VERSION} (npm)"));
        npm_install("esbuild", ESBUILD_VERSION)?;
    }
    Ok(())
}

/// `wasm-split-cli` (crates.io `wasm_split_cli_support`), which cuts the release build at its
/// split points; installed into a folder named by its version (the CLI has no `--version`).
pub fn ensure_wasm_split() -> Result<PathBuf> {
    let root = tools_dir().join(format!("wasm-split-cli-{WASM_SPLIT_VERSION}"));
    let bin = root.join("bin").join("wasm-split-cli");
    if !bin.is_file() {
        step(&format!("installing wasm-split-cli {WASM_SPLIT_VERSION}"));
        run(Command::new("cargo")
            .args(["install", "wasm_split_cli_support", "--version", WASM_SPLIT_VERSION, "--locked"])
            .args(["--features", "build-binary", "--root"])
            .arg(&root))?;
    }
    Ok(bin)
}

/// `npm install PACKAGE@VERSION` into its own folder of the tools directory.
fn npm_install(package: &str, version: &str) -> Result<()> {
    if version_of("npm", &["--version"]).is_none() {
        return Err(format!(
            "npm is needed to install {package}: install Node.js and npm (Debian: apt-get install nodejs npm)"
        )
        .into());
    }
    let dir = tools_dir().join(package);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save", "--prefix"])
        .arg(&dir)
        .arg(format!("{package}@{version}")))
}

/// Debian packages by (name, file that shows it is installed), installed when missing.
pub fn ensure_apt(packages: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = packages.iter().filter(|(_, f)| !Path::new(f).exists()).map(|(p, _)| *p).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !Path::new("/usr/bin/apt-get").exists() {
        return Err(format!(
            "missing: {} (files {}); install them with your package manager",
            missing.join(", "),
            packages.iter().map(|(_, f)| *f).collect::<Vec<_>>().join(", ")
        )
        .into());
    }
    step(&format!("installing {} (apt)", missing.join(" ")));
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut c = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install)
}

/// What the browser and end-to-end tests need on top: Chromium, ChromeDriver, Firefox ESR,
/// nginx (the static-hosting recipe), geckodriver.
pub fn ensure_browsers() -> Result<()> {
    ensure_apt(APT_PACKAGES)?;
    if version_of("geckodriver", &["--version"]).is_none() {
        step("installing geckodriver (cargo)");
        run(Command::new("cargo").args(["install", "geckodriver", "--locked"]))?;
    }
    Ok(())
}

/// axe-core (npm), which the end-to-end tests inject to check accessibility.
pub fn axe_js() -> PathBuf {
    tools_dir().join("axe-core").join("node_modules").join("axe-core").join("axe.min.js")
}

pub fn ensure_axe() -> Result<()> {
    let installed = tools_dir().join("axe-core").join("node_modules").join("axe-core").join("package.json");
    let ok =
        std::fs::read_to_string(&installed).is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")));
    if !ok || !axe_js().exists() {
        step(&format!("installing axe-core@{AXE_CORE_VERSION} (npm)"));
        npm_install("axe-core", AXE_CORE_VERSION)?;
    }
    Ok(())
}

fn is_root() -> bool {
    cmd_output("id", &["-u"]).is_some_and(|s| s.trim() == "0")
}

pub fn geckodriver() -> PathBuf {
    let p = cargo_bin().join("geckodriver");
    if p.exists() {
        p
    } else {
        PathBuf::from("geckodriver")
    }
}

/// A Python virtual environment with Imply's `polaris-sdk` (PyPI) for the contract suite; its
/// `python`. Debian's Python needs `python3-venv` for one: installed where it is missing.
pub fn ensure_polaris_sdk() -> Result<PathBuf> {
    let venv = tools_dir().join("polaris-sdk-venv");
    let python = venv.join("bin").join("python");
    let installed = venv.join(format!("polaris-sdk-{POLARIS_SDK_VERSION}.installed"));
    if python.exists() && installed.exists() {
        return Ok(python);
    }
    let can_make_venv = || {
        Command::new("python3")
            .args(["-c", "import ensurepip, venv"])
            .env("PATH", tool_path())
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !can_make_venv() {
        ensure_apt(&[("python3-venv", "/usr/share/doc/python3-venv")])?;
    }
    step(&format!("installing polaris-sdk=={POLARIS_SDK_VERSION} (PyPI) into {}", venv.display()));
    let _ = std::fs::remove_dir_all(&venv);
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("polaris-sdk=={POLARIS_SDK_VERSION}")))?;
    std::fs::write(&installed, "")?;
    Ok(python)
}
