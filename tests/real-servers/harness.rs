//! What both workflow programs share (included with `#[path]`): the base URL
//! argument and one JSON line per step on stdout, read by
//! `cargo xtask real-servers`.

use std::future::Future;

/// A step's outcome: `Ok(detail)` once every assertion held, `Err(what failed)`.
pub type Outcome = Result<String, String>;

/// Fails the step unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// `--base-url URL` from the command line.
pub fn base_url() -> String {
    let args: Vec<String> = std::env::args().collect();
    match args
        .iter()
        .position(|a| a == "--base-url")
        .and_then(|i| args.get(i + 1))
    {
        Some(url) => url.clone(),
        None => {
            eprintln!(
                "usage: {} --base-url URL",
                args.first().map(String::as_str).unwrap_or("workflow")
            );
            std::process::exit(2);
        }
    }
}

/// Runs the steps in order and records their outcomes.
#[derive(Default)]
pub struct Steps {
    failed: usize,
}

impl Steps {
    /// Runs one step (bounded to 60 seconds) and prints its line.
    pub async fn run(&mut self, name: &str, operations: &[&str], step: impl Future<Output = Outcome>) {
        let outcome = match tokio::time::timeout(std::time::Duration::from_secs(60), step).await {
            Ok(outcome) => outcome,
            Err(_) => Err("did not finish within 60s".to_string()),
        };
        let (ok, detail) = match outcome {
            Ok(detail) => (true, detail),
            Err(detail) => {
                self.failed += 1;
                (false, detail)
            }
        };
        println!(
            "{}",
            serde_json::json!({ "step": name, "operations": operations, "ok": ok, "detail": detail })
        );
    }

    /// The process exit code: 1 when a step failed.
    pub fn exit_code(&self) -> std::process::ExitCode {
        if self.failed == 0 {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::from(1)
        }
    }
}

/// A missing value from an earlier step that failed.
pub fn needs<T: Clone>(value: &Option<T>, what: &str) -> Result<T, String> {
    value
        .clone()
        .ok_or_else(|| format!("skipped: needs {what} from an earlier step that failed"))
}
