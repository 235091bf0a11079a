//! `real-servers`: generated clients against real servers, end to end.
//!
//! For each server in [`SERVERS`] (independently written HTTP servers that
//! install from PyPI, keep their data in SQLite and publish their own
//! OpenAPI 3.1 document): install the pinned release into a virtualenv under
//! `target/real-servers/<name>/venv`, start it on a free port of 127.0.0.1
//! with a fresh data directory, wait (bounded) until it answers, fetch its
//! document, generate a client with the `oagen` CLI into
//! `target/real-servers/<name>/client`, build the workflow program
//! `tests/real-servers/<name>` (its own workspace, the shared target
//! directory) and run it against the server. The program prints one JSON
//! line per step (`{"step", "operations", "ok", "detail"}`) after asserting
//! decoded values. Servers are stopped by PID, also when anything fails (a
//! guard kills them on drop). Prints a summary table.
//!
//! A step that fails only because of a known generator gap is listed in
//! [`KNOWN_GAPS`] with the construct at fault; the task fails on any other
//! failing step, and when a listed step passes (so the list stays true).

use crate::http;
use crate::process::{self, run_bounded, Server as Running};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Where everything is installed, generated and kept (git-ignored).
const WORK_DIR: &str = "target/real-servers";
/// Where the workflow programs live.
const PROGRAMS_DIR: &str = "tests/real-servers";

const INSTALL_TIMEOUT: Duration = Duration::from_secs(900);
const READY_TIMEOUT: Duration = Duration::from_secs(120);
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
const WORKFLOW_TIMEOUT: Duration = Duration::from_secs(180);

/// One server under test.
struct ServerSpec {
    /// Short name: directory names, crate `<name>-client`, program `tests/real-servers/<name>`.
    name: &'static str,
    /// The PyPI package, pinned.
    package: &'static str,
    version: &'static str,
    /// The executable the package installs into the virtualenv's `bin/`.
    executable: &'static str,
    /// Arguments; `{data}` and `{port}` are replaced.
    args: &'static [&'static str],
    /// Extra environment; `{data}` is replaced.
    env: &'static [(&'static str, &'static str)],
    /// Path answered with 200 once the server is ready.
    ready_path: &'static str,
    /// Path of the OpenAPI document.
    openapi_path: &'static str,
    /// Path prefix of the API (the client's base URL is `http://127.0.0.1:PORT<prefix>`).
    api_prefix: &'static str,
}

const SERVERS: &[ServerSpec] = &[
    ServerSpec {
        name: "chroma",
        package: "chromadb",
        version: "1.5.9",
        executable: "chroma",
        args: &["run", "--path", "{data}", "--host", "127.0.0.1", "--port", "{port}"],
        env: &[("ANONYMIZED_TELEMETRY", "False")],
        ready_path: "/api/v2/heartbeat",
        openapi_path: "/openapi.json",
        api_prefix: "",
    },
    ServerSpec {
        name: "prefect",
        package: "prefect",
        version: "3.9.1",
        executable: "prefect",
        args: &["server", "start", "--host", "127.0.0.1", "--port", "{port}"],
        env: &[
            ("PREFECT_HOME", "{data}"),
            (
                "PREFECT_API_DATABASE_CONNECTION_URL",
                "sqlite+aiosqlite:///{data}/prefect.db",
            ),
            ("PREFECT_SERVER_ANALYTICS_ENABLED", "false"),
            ("PREFECT_UI_ENABLED", "false"),
            ("PREFECT_SERVER_UI_ENABLED", "false"),
        ],
        ready_path: "/api/health",
        openapi_path: "/api/openapi.json",
        api_prefix: "/api",
    },
];

/// The step that checks the generated client on its own with its default features.
const COMPILES: &str = "the client compiles with its default features";

/// A workflow step that fails today because of a generator gap (not the
/// server, not the program): `(server, step, construct at fault)`.
/// (None today: the prefect client's E0119 from an `anyOf` of a map `$ref`
/// and the same map inline is gone since union members of one Rust type merge.)
const KNOWN_GAPS: &[(&str, &str, &str)] = &[];

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut only: Option<String> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--only" => only = Some(iter.next().context("--only needs a server name")?.clone()),
            other => bail!("unknown argument `{other}` (real-servers takes [--only chroma|prefect])"),
        }
    }
    let servers: Vec<&ServerSpec> = SERVERS
        .iter()
        .filter(|s| only.as_deref().is_none_or(|o| o == s.name))
        .collect();
    if servers.is_empty() {
        bail!("no server named `{}`", only.unwrap_or_default());
    }
    let started = Instant::now();
    let root = crate::codegen::root();
    let work = root.join(WORK_DIR);
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;

    // Installs run side by side (mostly network and unpacking), with the CLI build.
    let installs: Vec<_> = servers
        .iter()
        .map(|s| {
            let dir = work.join(s.name);
            let spec: &'static ServerSpec = s;
            std::thread::spawn(move || install(spec, &dir))
        })
        .collect();
    let oagen = build_oagen(&root)?;
    let mut install_times = Vec::new();
    for (s, handle) in servers.iter().zip(installs) {
        let took = handle
            .join()
            .map_err(|_| anyhow::anyhow!("installing {} panicked", s.package))?
            .with_context(|| format!("installing {}=={}", s.package, s.version))?;
        install_times.push(took);
    }

    let mut rows = Vec::new();
    let mut ok = true;
    for (s, install_time) in servers.iter().zip(install_times) {
        let row = run_server(&root, &oagen, s, install_time).with_context(|| format!("server `{}`", s.name))?;
        ok &= row.verdict();
        rows.push(row);
    }
    print_summary(&rows);
    eprintln!("real-servers: {:.0}s", started.elapsed().as_secs_f64());
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The virtualenv's executable directory.
fn venv_bin(dir: &Path) -> PathBuf {
    dir.join("venv").join("bin")
}

/// Installs `package==version` into `<dir>/venv` unless the marker says it is
/// there; returns how long it took (zero when cached).
fn install(s: &ServerSpec, dir: &Path) -> Result<Duration> {
    let started = Instant::now();
    let pin = format!("{}=={}", s.package, s.version);
    let marker = dir.join("installed");
    let bin = venv_bin(dir);
    if std::fs::read_to_string(&marker).is_ok_and(|m| m.trim() == pin) && bin.join(s.executable).is_file() {
        return Ok(Duration::ZERO);
    }
    let _ = std::fs::remove_file(&marker);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    eprintln!("real-servers: installing {pin} into {}", dir.join("venv").display());
    let mut venv = Command::new(&python);
    venv.args(["-m", "venv", "--clear"]).arg(dir.join("venv"));
    run_bounded(venv, Duration::from_secs(120), &format!("{python} -m venv"))?;
    let mut pip = Command::new(bin.join("python"));
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        &pin,
    ]);
    run_bounded(pip, INSTALL_TIMEOUT, &format!("pip install {pin}"))?;
    if !bin.join(s.executable).is_file() {
        bail!(
            "pip installed {pin} but {} is missing",
            bin.join(s.executable).display()
        );
    }
    std::fs::write(&marker, format!("{pin}\n"))?;
    Ok(started.elapsed())
}

/// Builds the `oagen` CLI; returns its path.
fn build_oagen(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "--quiet",
        "-p",
        "oagen",
        "--bin",
        "oagen",
        "--message-format=json-render-diagnostics",
    ])
    .current_dir(root);
    let out = process::output_bounded(cmd, BUILD_TIMEOUT, "cargo build -p oagen")?;
    process::executable_of(&out, "oagen")
}

/// What one server's run measured.
struct Row {
    name: &'static str,
    pin: String,
    operations: usize,
    warnings: usize,
    install: Duration,
    ready: Duration,
    generate: Duration,
    build: Duration,
    check: Duration,
    workflow: Duration,
    steps: Vec<Step>,
}

/// One line of a workflow program.
struct Step {
    name: String,
    operations: Vec<String>,
    ok: bool,
    detail: String,
}

impl Row {
    fn known_gap(&self, step: &str) -> Option<&'static str> {
        KNOWN_GAPS
            .iter()
            .find(|(server, s, _)| *server == self.name && *s == step)
            .map(|(_, _, construct)| *construct)
    }

    /// Whether every step passed, failures listed in [`KNOWN_GAPS`] aside.
    fn verdict(&self) -> bool {
        let mut ok = !self.steps.is_empty();
        for step in &self.steps {
            match (step.ok, self.known_gap(&step.name)) {
                (true, None) | (false, Some(_)) => {}
                (false, None) => ok = false,
                (true, Some(construct)) => {
                    eprintln!(
                        "real-servers: {} step `{}` passes now: remove it from KNOWN_GAPS ({construct})",
                        self.name, step.name
                    );
                    ok = false;
                }
            }
        }
        for (server, step, _) in KNOWN_GAPS {
            if *server == self.name && !self.steps.iter().any(|s| s.name == *step) {
                eprintln!("real-servers: {server} step `{step}` is in KNOWN_GAPS but did not run");
                ok = false;
            }
        }
        ok
    }
}

fn run_server(root: &Path, oagen: &Path, s: &ServerSpec, install: Duration) -> Result<Row> {
    let dir = root.join(WORK_DIR).join(s.name);
    let data = dir.join("data");
    if data.exists() {
        std::fs::remove_dir_all(&data).with_context(|| format!("removing {}", data.display()))?;
    }
    std::fs::create_dir_all(&data)?;
    let data_text = data.to_string_lossy().into_owned();
    let fill = |text: &str, port: u16| text.replace("{data}", &data_text).replace("{port}", &port.to_string());

    let started = Instant::now();
    let mut server = Running::start(&dir.join("server.log"), |port| {
        let mut cmd = Command::new(venv_bin(&dir).join(s.executable));
        cmd.args(s.args.iter().map(|a| fill(a, port)))
            .current_dir(&data)
            .env("HOME", &data)
            .env("NO_COLOR", "1");
        for (key, value) in s.env {
            cmd.env(key, fill(value, port));
        }
        cmd
    })?;
    server.wait_ready(s.ready_path, READY_TIMEOUT)?;
    let ready = started.elapsed();
    eprintln!(
        "real-servers: {} {} ready on port {} in {:.1}s",
        s.package,
        s.version,
        server.port,
        ready.as_secs_f64()
    );

    let document = http::get(server.port, s.openapi_path)?;
    let doc_path = dir.join("openapi.json");
    std::fs::write(&doc_path, &document)?;
    let parsed: serde_json::Value =
        serde_json::from_slice(&document).with_context(|| format!("{} is not JSON", s.openapi_path))?;
    let version = parsed["openapi"].as_str().unwrap_or("?");
    if !version.starts_with("3.1") {
        bail!("{} serves OpenAPI {version}, not 3.1", s.name);
    }
    let operations = count_operations(&parsed);

    let started = Instant::now();
    let warnings = generate(root, oagen, s, &doc_path, &dir.join("client"))?;
    let generate_time = started.elapsed();

    // First with the client's default features (the step that says whether the
    // whole client compiles); if that fails, with the features the program names.
    let started = Instant::now();
    let full = build_program(root, s.name, Some(&format!("{}-client/default", s.name)))?;
    let compiles = compile_step(&full);
    let check = started.elapsed();
    let started = Instant::now();
    let program = if full.status.success() {
        process::executable_of(&full, &format!("real-server-{}", s.name))?
    } else {
        let out = build_program(root, s.name, None)?;
        process::executable_of(&out, &format!("real-server-{}", s.name))?
    };
    let build = started.elapsed();

    let started = Instant::now();
    let base_url = format!("http://127.0.0.1:{}{}", server.port, s.api_prefix);
    let steps = run_program(&program, &base_url, &server);
    let workflow = started.elapsed();
    server.stop();
    let mut steps = steps?;
    steps.insert(0, compiles);
    Ok(Row {
        name: s.name,
        pin: format!("{}=={}", s.package, s.version),
        operations,
        warnings,
        install,
        ready,
        generate: generate_time,
        build,
        check,
        workflow,
        steps,
    })
}

fn count_operations(doc: &serde_json::Value) -> usize {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    doc["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| item.keys().filter(|k| METHODS.contains(&k.as_str())).count())
                .sum()
        })
        .unwrap_or(0)
}

/// Runs `oagen generate`; returns the number of warnings it printed.
fn generate(root: &Path, oagen: &Path, s: &ServerSpec, doc: &Path, out: &Path) -> Result<usize> {
    let mut cmd = Command::new(oagen);
    cmd.arg("generate")
        .arg("--spec")
        .arg(doc)
        .arg("--out")
        .arg(out)
        .args([
            "--crate-name",
            &format!("{}-client", s.name),
            "--message-format",
            "json",
        ])
        .current_dir(root);
    let output = process::output_bounded(cmd, Duration::from_secs(120), "oagen generate")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("oagen generate failed for {}:\n{stdout}{stderr}", s.name);
    }
    Ok(stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["level"] == "warning")
        .count())
}

/// Builds `tests/real-servers/<name>` in the shared target directory, with
/// `features` (e.g. `chroma-client/default`) if given; returns cargo's output
/// (`--message-format=json`).
fn build_program(root: &Path, name: &str, features: Option<&str>) -> Result<std::process::Output> {
    let dir = root.join(PROGRAMS_DIR).join(name);
    // The program is its own workspace; it resolves exactly the versions the
    // main workspace (which holds a generated client too) has locked.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).context("copying Cargo.lock")?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "--message-format=json", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .current_dir(&dir);
    if let Some(features) = features {
        cmd.args(["--features", features]);
    }
    eprintln!(
        "real-servers: building {PROGRAMS_DIR}/{name}{}",
        features.map(|f| format!(" with {f}")).unwrap_or_default()
    );
    process::output_bounded(cmd, BUILD_TIMEOUT, &format!("cargo build ({PROGRAMS_DIR}/{name})"))
}

/// The step "the client compiles with its default features": the count of
/// errors and the first one's code, place and message.
fn compile_step(out: &std::process::Output) -> Step {
    let errors = process::compiler_errors(out);
    let detail = match errors.len() {
        0 if !out.status.success() => String::from_utf8_lossy(&out.stderr)
            .lines()
            .take(5)
            .collect::<Vec<_>>()
            .join(" "),
        0 => String::new(),
        n => format!("{n} errors; first: {}", errors[0]),
    };
    Step {
        name: COMPILES.to_string(),
        operations: Vec::new(),
        ok: out.status.success(),
        detail,
    }
}

fn run_program(exe: &Path, base_url: &str, server: &Running) -> Result<Vec<Step>> {
    let mut cmd = Command::new(exe);
    cmd.args(["--base-url", base_url]);
    let out = process::output_bounded(cmd, WORKFLOW_TIMEOUT, "the workflow program")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut steps = Vec::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("a line of the workflow is not JSON: {line}"))?;
        steps.push(Step {
            name: v["step"].as_str().unwrap_or_default().to_string(),
            operations: v["operations"]
                .as_array()
                .map(|a| a.iter().filter_map(|o| o.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            ok: v["ok"].as_bool().unwrap_or(false),
            detail: v["detail"].as_str().unwrap_or_default().to_string(),
        });
    }
    if !matches!(out.status.code(), Some(0 | 1)) || steps.is_empty() {
        bail!(
            "the workflow program failed ({}):\n{stderr}\nserver log: {}",
            out.status,
            server.log.display()
        );
    }
    Ok(steps)
}

fn print_summary(rows: &[Row]) {
    for row in rows {
        println!();
        println!(
            "## {} ({}): {} operations in its document",
            row.name, row.pin, row.operations
        );
        println!();
        println!("| step | operations | result |");
        println!("|---|---|---|");
        for step in &row.steps {
            let result = match (step.ok, row.known_gap(&step.name)) {
                (true, _) => "pass".to_string(),
                (false, Some(construct)) => format!("known gap ({construct}): {}", step.detail),
                (false, None) => format!("**FAIL**: {}", step.detail),
            };
            println!(
                "| {} | {} | {} |",
                step.name,
                step.operations.join(", "),
                result.replace('|', "\\|")
            );
        }
    }
    println!();
    println!("| server | steps passed | operations called | generation warnings | install | ready | generate | build | default-features build | workflow |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let mut called: Vec<&str> = row
            .steps
            .iter()
            .flat_map(|s| s.operations.iter().map(String::as_str))
            .collect();
        called.sort_unstable();
        called.dedup();
        let secs = |d: Duration| format!("{:.1}s", d.as_secs_f64());
        println!(
            "| {} | {}/{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.pin,
            row.steps.iter().filter(|s| s.ok).count(),
            row.steps.len(),
            called.len(),
            row.warnings,
            if row.install.is_zero() {
                "cached".to_string()
            } else {
                secs(row.install)
            },
            secs(row.ready),
            secs(row.generate),
            secs(row.build),
            secs(row.check),
            secs(row.workflow),
        );
    }
}
