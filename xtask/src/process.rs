//! Child processes of the tasks (`conformance`, `real-servers`, `bench`): bounded
//! waits with their output collected, measured runs (wall time, CPU time and
//! peak memory from `wait4`), cargo's JSON messages, and the server guard
//! that stops a server by its PID whatever happens.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// One finished process: wall time, CPU time (user + system, all threads),
/// peak resident memory, stderr.
pub struct Measured {
    pub time: Duration,
    pub cpu: Duration,
    pub peak_kib: u64,
    pub stderr: String,
}

/// Runs `cmd` to the end, stdout discarded and stderr read as a terminal
/// would, and measures it and every process it waited for; fails with the
/// end of stderr unless it exits with 0.
pub fn measure(cmd: &mut Command, what: &str) -> Result<Measured> {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("{what}: could not start"))?;
    let mut pipe = child.stderr.take().context("stderr")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which is not waited for elsewhere.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = started.elapsed();
    let stderr = reader.join().unwrap_or_default();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{what} failed:\n{}", tail.join("\n"));
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    // Linux reports the sums of the process and its waited-for children, and
    // the largest resident set among them.
    Ok(Measured {
        time,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_kib: usage.ru_maxrss as u64,
        stderr,
    })
}

/// Runs `cmd` to completion within `limit` (killed otherwise), collecting its output.
pub fn output_bounded(mut cmd: Command, limit: Duration, what: &str) -> Result<Output> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {what}"))?;
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().with_context(|| format!("waiting for {what}"))? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{what} did not finish within {}s and was stopped", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// Like [`output_bounded`], failing (with its output) unless it succeeds.
pub fn run_bounded(cmd: Command, limit: Duration, what: &str) -> Result<()> {
    let out = output_bounded(cmd, limit, what)?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The errors in `cargo build --message-format=json` output: code, place and message.
pub fn compiler_errors(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .map(|m| {
            let code = m["message"]["code"]["code"].as_str().unwrap_or("error");
            let span = &m["message"]["spans"][0];
            format!(
                "{code} at {}:{}: {}",
                span["file_name"].as_str().unwrap_or("?"),
                span["line_start"],
                m["message"]["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// The executable of binary target `name` in `cargo build --message-format=json` output.
pub fn executable_of(out: &Output, name: &str) -> Result<PathBuf> {
    if !out.status.success() {
        let rendered: String = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|m| m["message"]["rendered"].as_str().map(str::to_string))
            .collect();
        bail!(
            "cargo build of `{name}` failed:\n{rendered}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .with_context(|| format!("cargo build did not report the `{name}` executable"))
}

/// A running server; killed by its PID when stopped or dropped.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    pub log: PathBuf,
}

impl Server {
    /// Starts the command `make(port)` builds on a free port of 127.0.0.1,
    /// its output going to `log`; tries three ports (one found free can be
    /// taken before the server binds it).
    pub fn start(log: &Path, make: impl Fn(u16) -> Command) -> Result<Server> {
        let mut last_error = None;
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .context("finding a free port on 127.0.0.1")?
                .port();
            let file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
            let child = make(port)
                .stdin(Stdio::null())
                .stdout(file.try_clone()?)
                .stderr(file)
                .spawn()
                .context("starting the server")?;
            let mut server = Server {
                child: Some(child),
                port,
                log: log.to_path_buf(),
            };
            // A server that dies at once (port taken) is retried on another port.
            std::thread::sleep(Duration::from_millis(300));
            match server.exited() {
                Some(status) => {
                    last_error = Some(anyhow::anyhow!(
                        "the server exited ({status}) at start:\n{}",
                        server.tail()
                    ));
                    server.stop();
                }
                None => return Ok(server),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("the server did not start")))
    }

    /// The exit status, once the server has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
    }

    /// The last 20 lines of the server's log.
    pub fn tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Polls `path` until it answers 200, at most `limit`.
    pub fn wait_ready(&mut self, path: &str, limit: Duration) -> Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            if crate::http::status(self.port, path).is_ok_and(|s| s == 200) {
                return Ok(());
            }
            if let Some(status) = self.exited() {
                bail!("the server exited ({status}) before answering {path}:\n{}", self.tail());
            }
            if Instant::now() >= deadline {
                bail!(
                    "the server did not answer {path} within {}s:\n{}",
                    limit.as_secs(),
                    self.tail()
                );
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Stops the server: SIGTERM by PID, then SIGKILL after 10 seconds.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        if let Ok(None) = child.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.terminate();
    }
}
