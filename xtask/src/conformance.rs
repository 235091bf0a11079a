//! `conformance`: the generated client against an independent validator.
//!
//! Installs Prism (`@stoplight/prism-cli`, pinned to [`PRISM_VERSION`]) into
//! `target/prism/` with npm, starts `prism mock` of the bundled spec on
//! 127.0.0.1, runs the `conformance` binary of `oagen-tests` (which calls all
//! 55 operations once through `sample_calls::call_all` and prints one JSON
//! line per call), reads Prism's log for its verdict on every request, and
//! prints a table and two totals: how many requests Prism accepted without a
//! validation violation, and how many of its answers the client parsed.
//!
//! Prism runs without `--errors`, so the answers the client parses are the
//! ones the spec describes (examples first, else generated from the
//! schemas), even where such an example contradicts its own schema; Prism
//! logs those as response violations, shown in the table. Invalid requests
//! are still answered 422 by Prism.
//!
//! Prism mocks the spec with the overlays of `spec/oagen.toml` applied
//! (written as JSON to `target/prism/mocked-spec.json`), the document the
//! client is generated from. The task fails unless both totals are 55/55;
//! `--strict` also fails when one of Prism's answers violates the document
//! (an example that contradicts its schema).

use crate::process;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The Prism release used; 5.14.2 is the newest that runs on Node.js 18/20
/// (later releases require Node.js 24).
pub const PRISM_VERSION: &str = "5.14.2";
const PRISM_PACKAGE: &str = "@stoplight/prism-cli";
/// Where Prism is installed, under the workspace root (git-ignored).
const PRISM_DIR: &str = "target/prism";

const INSTALL_TIMEOUT: Duration = Duration::from_secs(150);
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const CALLS_TIMEOUT: Duration = Duration::from_secs(90);

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut strict = false;
    for arg in args {
        match arg.as_str() {
            "--strict" => strict = true,
            other => bail!("unknown argument `{other}` (conformance takes [--strict])"),
        }
    }
    let started = Instant::now();
    let root = crate::codegen::root();
    let (spec, config) = crate::codegen::setup()?;
    let operations = operations(&spec, &config)?;
    let mocked = write_overlaid(&root, &spec, &config)?;
    let prism = ensure_prism(&root)?;
    let exe = build_conformance_binary(&root)?;

    let (mut server, base_url) = Prism::start(&root, &prism, &mocked)?;
    let calls = run_calls(&exe, &base_url);
    server.stop();
    let calls = calls.with_context(|| format!("Prism's log: {}", server.log.display()))?;
    let log = std::fs::read_to_string(&server.log).with_context(|| format!("reading {}", server.log.display()))?;
    let seen = parse_log(&log);
    if seen.is_empty() {
        bail!(
            "no request in Prism's log {} (has its format changed?)",
            server.log.display()
        );
    }

    let report = Report::build(&operations, &calls, &seen);
    report.print(&base_url);
    let ok = report.verdict(strict);
    if ok {
        let _ = std::fs::remove_file(&server.log);
        eprintln!("conformance: {:.1}s", started.elapsed().as_secs_f64());
    } else {
        eprintln!(
            "conformance: {:.1}s, Prism's log: {}",
            started.elapsed().as_secs_f64(),
            server.log.display()
        );
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

// ---------------------------------------------------------------------------
// The spec's operations
// ---------------------------------------------------------------------------

struct Operation {
    id: String,
    method: &'static str,
    path: String,
}

fn operations(spec: &str, config: &oagen::Config) -> Result<Vec<Operation>> {
    let (api, _warnings) = oagen::internal::analyse_with(spec, &config.edits)
        .map_err(|e| anyhow::anyhow!("{}", crate::codegen::render_error(&e, spec, config)))?;
    Ok(api
        .operations
        .iter()
        .map(|op| Operation {
            id: op.operation_id.clone(),
            method: op.method.as_str(),
            path: op.path.clone(),
        })
        .collect())
}

/// The document Prism mocks: the spec with the config's overlays applied,
/// as JSON under `target/prism/`.
fn write_overlaid(root: &Path, spec: &str, config: &oagen::Config) -> Result<PathBuf> {
    let (doc, _warnings) = oagen::overlay::apply_to_text(spec, &config.edits.overlays)
        .map_err(|e| anyhow::anyhow!("{}", crate::codegen::render_error(&e, spec, config)))?;
    let dir = root.join(PRISM_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("mocked-spec.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Whether a concrete path matches a template; `Some(literal segments)` if so.
fn template_match(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literals = 0;
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') && t.ends_with('}') {
            if p.is_empty() {
                return None;
            }
        } else if t == p {
            literals += 1;
        } else {
            return None;
        }
    }
    Some(literals)
}

/// The operation a request went to: the matching template with the most
/// literal segments.
fn operation_of<'a>(operations: &'a [Operation], method: &str, path: &str) -> Option<&'a Operation> {
    let path = path.split('?').next().unwrap_or(path);
    operations
        .iter()
        .filter(|op| op.method.eq_ignore_ascii_case(method))
        .filter_map(|op| template_match(&op.path, path).map(|n| (n, op)))
        .max_by_key(|(n, _)| *n)
        .map(|(_, op)| op)
}

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

/// Installs the pinned Prism unless it is there; returns its entry script.
fn ensure_prism(root: &Path) -> Result<PathBuf> {
    let dir = root.join(PRISM_DIR);
    let package = dir.join("node_modules").join(PRISM_PACKAGE);
    let entry = package.join("dist/index.js");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(|v| v.as_str()).map(str::to_string));
    if installed.as_deref() == Some(PRISM_VERSION) && entry.is_file() {
        return Ok(entry);
    }
    let node = Command::new("node").arg("--version").output();
    match node {
        Ok(out) if out.status.success() => {}
        _ => bail!("`node` is not available: Prism needs Node.js (18.20.1 or later) and npm"),
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let spec = format!("{PRISM_PACKAGE}@{PRISM_VERSION}");
    eprintln!("conformance: installing {spec} into {PRISM_DIR}/");
    let mut cmd = Command::new("npm");
    cmd.arg("install")
        .arg("--prefix")
        .arg(&dir)
        .args([
            "--save-exact",
            "--no-audit",
            "--no-fund",
            "--no-update-notifier",
            "--loglevel=error",
        ])
        .arg(&spec)
        .current_dir(&dir);
    let output = process::output_bounded(cmd, INSTALL_TIMEOUT, "npm install")?;
    let status = output.status;
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    if !status.success() {
        bail!("npm install {spec} failed ({status}):\n{out}{err}");
    }
    if !entry.is_file() {
        bail!("npm installed {spec} but {} is missing", entry.display());
    }
    Ok(entry)
}

/// Builds the `conformance` binary of `oagen-tests`; returns its path.
fn build_conformance_binary(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "oagen-tests",
            "--bin",
            "conformance",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build")?;
    process::executable_of(&out, "conformance")
}

/// A running `prism mock`; stopped (by its PID) when dropped.
struct Prism {
    server: Option<process::Server>,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 and waits until it listens.
    fn start(root: &Path, entry: &Path, spec: &Path) -> Result<(Prism, String)> {
        let log = root.join(PRISM_DIR).join("mock.log");
        let server = process::Server::start(&log, |port| {
            let mut cmd = Command::new("node");
            cmd.arg(entry)
                .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
                .arg(spec)
                .current_dir(root)
                .env("FORCE_COLOR", "0")
                .env("NO_COLOR", "1");
            cmd
        })
        .context("starting Prism with `node`")?;
        let port = server.port;
        let mut prism = Prism {
            server: Some(server),
            log,
        };
        prism.wait_ready(port)?;
        Ok((prism, format!("http://127.0.0.1:{port}")))
    }

    fn wait_ready(&mut self, port: u16) -> Result<()> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let listening = format!("Prism is listening on http://127.0.0.1:{port}");
        loop {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            if log.contains(&listening) && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            if let Some(server) = self.server.as_mut() {
                if let Some(status) = server.exited() {
                    bail!("Prism exited ({status}) before listening:\n{}", server.tail());
                }
            }
            if Instant::now() >= deadline {
                bail!(
                    "Prism did not listen within {}s:\n{}",
                    READY_TIMEOUT.as_secs(),
                    self.server.as_ref().map(|s| s.tail()).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Lets Prism finish writing its log (it stops growing), then stops it.
    fn stop(&mut self) {
        let Some(server) = self.server.take() else { return };
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut last = None;
        while Instant::now() < deadline {
            let size = std::fs::metadata(&self.log).map(|m| m.len()).ok();
            if size.is_some() && size == last {
                break;
            }
            last = size;
            std::thread::sleep(Duration::from_millis(250));
        }
        server.stop();
    }
}

// ---------------------------------------------------------------------------
// The calls
// ---------------------------------------------------------------------------

/// One line of the conformance binary.
struct Call {
    operation: String,
    parsed: bool,
    status: Option<u16>,
    kind: Option<String>,
    detail: String,
}

fn run_calls(exe: &Path, base_url: &str) -> Result<Vec<Call>> {
    let mut cmd = Command::new(exe);
    cmd.args(["--base-url", base_url]);
    let output = process::output_bounded(cmd, CALLS_TIMEOUT, "the conformance calls")?;
    let status = output.status;
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    // Exit status 1 only says that some call failed; the lines tell which.
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("the conformance binary failed ({status}):\n{err}");
    }
    let mut calls = Vec::new();
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("a line of the conformance binary is not JSON: {line}"))?;
        calls.push(Call {
            operation: v["operation_id"].as_str().unwrap_or_default().to_string(),
            parsed: v["parsed"].as_bool().unwrap_or(false),
            status: v["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
            kind: v["kind"].as_str().map(str::to_string),
            detail: v["detail"].as_str().unwrap_or_default().to_string(),
        });
    }
    if calls.is_empty() {
        bail!("the conformance binary printed no result:\n{err}");
    }
    Ok(calls)
}

// ---------------------------------------------------------------------------
// Prism's log
// ---------------------------------------------------------------------------

/// What Prism logged about one request.
#[derive(Debug, Default)]
struct Seen {
    method: String,
    path: String,
    request_violations: Vec<String>,
    response_violations: Vec<String>,
    /// `Request terminated with error: ...`
    error: Option<String>,
    status: Option<u16>,
    notes: Vec<String>,
}

/// Splits off the first whitespace-separated token.
fn token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    }
}

/// Reads Prism's (pretty, uncoloured) log: `[time] › [HTTP SERVER] get /path
/// ℹ  info      Request received` opens a request; the `[VALIDATOR]`,
/// `[NEGOTIATOR]` and `[CALLBACK]` lines after it belong to it.
fn parse_log(log: &str) -> Vec<Seen> {
    let mut seen: Vec<Seen> = Vec::new();
    for line in log.lines() {
        let Some((_, rest)) = line.split_once('›') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('[') else { continue };
        let Some((tag, rest)) = rest.split_once(']') else {
            continue;
        };
        if tag == "HTTP SERVER" {
            let (method, rest) = token(rest);
            let (path, rest) = token(rest);
            let (_symbol, rest) = token(rest);
            let (level, message) = token(rest);
            if message == "Request received" {
                seen.push(Seen {
                    method: method.to_ascii_uppercase(),
                    path: path.to_string(),
                    ..Seen::default()
                });
            } else if matches!(level, "error" | "fatal") {
                if let Some(current) = seen.last_mut() {
                    current.error = Some(message.to_string());
                }
            }
            continue;
        }
        let Some(current) = seen.last_mut() else { continue };
        let (_symbol, rest) = token(rest);
        let (level, message) = token(rest);
        let problem = matches!(level, "warning" | "error" | "fatal");
        match tag {
            "VALIDATOR" if problem => {
                if message == "Request did not pass the validation rules" {
                    continue;
                }
                if let Some(v) = message.strip_prefix("Violation: ") {
                    if v.starts_with("response") {
                        current.response_violations.push(v.to_string());
                        continue;
                    }
                }
                current.request_violations.push(message.to_string());
            }
            "NEGOTIATOR" => {
                if let Some(code) = message
                    .strip_prefix("> Responding with \"")
                    .and_then(|m| m.strip_suffix('"'))
                {
                    current.status = code.parse().ok();
                }
            }
            "CALLBACK" if problem => current.notes.push(format!("callback: {message}")),
            _ => {}
        }
    }
    seen
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

struct Row<'a> {
    operation: &'a str,
    method: &'a str,
    path: &'a str,
    /// `None`: Prism saw no request of this operation.
    seen: Option<&'a Seen>,
    /// More than one request reached this operation.
    repeated: bool,
    call: Option<&'a Call>,
}

impl Row<'_> {
    fn accepted(&self) -> bool {
        !self.repeated
            && self
                .seen
                .is_some_and(|s| s.request_violations.is_empty() && s.error.is_none())
    }

    fn parsed(&self) -> bool {
        self.call.is_some_and(|c| c.parsed)
    }

    fn status(&self) -> String {
        self.seen
            .and_then(|s| s.status)
            .or_else(|| self.call.and_then(|c| c.status))
            .map_or_else(|| "-".to_string(), |s| s.to_string())
    }
}

struct Report<'a> {
    rows: Vec<Row<'a>>,
    /// Requests Prism logged that match no operation.
    strays: Vec<&'a Seen>,
    /// Calls the binary reported for operations the spec does not have.
    unknown_calls: Vec<&'a Call>,
}

impl<'a> Report<'a> {
    fn build(operations: &'a [Operation], calls: &'a [Call], seen: &'a [Seen]) -> Report<'a> {
        let mut by_op: BTreeMap<&str, Vec<&Seen>> = BTreeMap::new();
        let mut strays = Vec::new();
        for s in seen {
            match operation_of(operations, &s.method, &s.path) {
                Some(op) => by_op.entry(op.id.as_str()).or_default().push(s),
                None => strays.push(s),
            }
        }
        let call_of = |id: &str| calls.iter().find(|c| c.operation == id);
        let rows = operations
            .iter()
            .map(|op| {
                let requests = by_op.get(op.id.as_str());
                Row {
                    operation: &op.id,
                    method: op.method,
                    path: &op.path,
                    seen: requests.and_then(|r| r.first().copied()),
                    repeated: requests.is_some_and(|r| r.len() > 1),
                    call: call_of(&op.id),
                }
            })
            .collect();
        let unknown_calls = calls
            .iter()
            .filter(|c| !operations.iter().any(|op| op.id == c.operation))
            .collect();
        Report {
            rows,
            strays,
            unknown_calls,
        }
    }

    fn print(&self, base_url: &str) {
        println!(
            "Prism {PRISM_VERSION} mock of {} with its overlays ({}) at {base_url}",
            crate::codegen::SPEC,
            crate::codegen::CONFIG
        );
        println!();
        let w_op = self.rows.iter().map(|r| r.operation.len()).max().unwrap_or(9).max(9);
        let w_path = self
            .rows
            .iter()
            .map(|r| r.method.len() + 1 + r.path.len())
            .max()
            .unwrap_or(7)
            .max(7);
        println!(
            "{:<w_op$}  {:<w_path$}  {:<9}  {:<6}  {:<13}  client",
            "operation", "request", "Prism", "status", "response"
        );
        for r in &self.rows {
            let request = format!("{} {}", r.method, r.path);
            let prism = if r.seen.is_none() {
                "not seen"
            } else if r.accepted() {
                "accepted"
            } else {
                "VIOLATION"
            };
            let response = match r.seen {
                Some(s) if s.error.is_some() => "Prism error",
                Some(s) if !s.response_violations.is_empty() => "violates spec",
                Some(_) => "valid",
                None => "-",
            };
            let client = match r.call {
                Some(c) if c.parsed => "parsed".to_string(),
                Some(c) => format!("FAILED ({})", c.kind.as_deref().unwrap_or("error")),
                None => "not called".to_string(),
            };
            println!(
                "{:<w_op$}  {request:<w_path$}  {prism:<9}  {:<6}  {response:<13}  {client}",
                r.operation,
                r.status()
            );
        }

        let mut findings = Vec::new();
        for r in &self.rows {
            let mut lines = Vec::new();
            match r.seen {
                None => lines.push("Prism saw no request".to_string()),
                Some(s) => {
                    if r.repeated {
                        lines.push("Prism saw more than one request".to_string());
                    }
                    lines.extend(s.request_violations.iter().map(|v| format!("request violation: {v}")));
                    if let Some(e) = &s.error {
                        lines.push(format!("Prism: {e}"));
                    }
                    lines.extend(
                        s.response_violations
                            .iter()
                            .map(|v| format!("Prism's answer violates the spec: {v}")),
                    );
                    lines.extend(s.notes.iter().map(|n| format!("Prism {n}")));
                }
            }
            if let Some(c) = r.call.filter(|c| !c.parsed) {
                lines.push(format!("client: {}", c.detail));
            }
            if r.call.is_none() {
                lines.push("the conformance binary did not call it".to_string());
            }
            if !lines.is_empty() {
                findings.push((r.operation, lines));
            }
        }
        for s in &self.strays {
            findings.push((
                "(no operation)",
                vec![format!("Prism saw {} {}, which matches no operation", s.method, s.path)],
            ));
        }
        for c in &self.unknown_calls {
            findings.push((
                "(no operation)",
                vec![format!(
                    "the conformance binary called `{}`, which the spec lacks",
                    c.operation
                )],
            ));
        }
        if !findings.is_empty() {
            println!();
            println!("findings:");
            for (op, lines) in &findings {
                for line in lines {
                    println!("  {op}: {line}");
                }
            }
        }

        let total = self.rows.len();
        println!();
        println!(
            "Prism accepted {}/{total} requests without a violation",
            self.rows.iter().filter(|r| r.accepted()).count()
        );
        println!(
            "client parsed {}/{total} responses",
            self.rows.iter().filter(|r| r.parsed()).count()
        );
    }

    /// Prints the verdict; true when the run passes.
    fn verdict(&self, strict: bool) -> bool {
        let mut failures = Vec::new();
        for r in &self.rows {
            if !r.accepted() {
                failures.push(format!("{}: Prism did not accept the request", r.operation));
            }
            if !r.parsed() {
                failures.push(format!("{}: the client did not parse the answer", r.operation));
            }
            if strict && r.seen.is_some_and(|s| !s.response_violations.is_empty()) {
                failures.push(format!(
                    "{}: Prism's answer violates the document (--strict)",
                    r.operation
                ));
            }
        }
        if !self.strays.is_empty() || !self.unknown_calls.is_empty() {
            failures.push("requests or calls that match no operation (see findings)".to_string());
        }
        if failures.is_empty() {
            println!("conformance: all {} operations conform", self.rows.len());
            return true;
        }
        println!("conformance: FAILED (see findings)");
        for f in &failures {
            println!("  {f}");
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_paths() {
        assert_eq!(template_match("/groups/{GroupId}/icon", "/groups/1-2/icon"), Some(2));
        assert_eq!(template_match("/groups/{GroupId}", "/groups/1-2/icon"), None);
        assert_eq!(template_match("/users/login", "/users/login"), Some(2));
        assert_eq!(template_match("/users/{UserUsername}", "/users/login"), Some(1));
    }

    #[test]
    fn reads_prism_log_lines() {
        let log = "\
[6:10:39 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4878
[6:10:46 AM] › [HTTP SERVER] post /account/shards ℹ  info      Request received
[6:10:46 AM] ›     [NEGOTIATOR] ℹ  info      Request contains an accept header: */*
[6:10:46 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[6:10:46 AM] ›     [VALIDATOR] ✖  error     Request body property shards must be equal to one of the allowed values: 1, 2
[6:10:46 AM] › [HTTP SERVER] post /account/shards ✖  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request
[6:11:51 AM] › [HTTP SERVER] get /settings/application ℹ  info      Request received
[6:11:51 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[6:11:51 AM] ›     [NEGOTIATOR] ℹ  info      > Responding with \"200\"
[6:11:51 AM] ›     [VALIDATOR] ✖  error     Violation: response.body.callback_backoff_delay_ms Response body property callback_backoff_delay_ms must be string
";
        let seen = parse_log(log);
        assert_eq!(seen.len(), 2);
        assert_eq!(
            (seen[0].method.as_str(), seen[0].path.as_str()),
            ("POST", "/account/shards")
        );
        assert_eq!(seen[0].request_violations.len(), 1);
        assert!(seen[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("UNPROCESSABLE_ENTITY")));
        assert!(seen[1].request_violations.is_empty() && seen[1].error.is_none());
        assert_eq!(seen[1].status, Some(200));
        assert_eq!(seen[1].response_violations.len(), 1);
    }
}
