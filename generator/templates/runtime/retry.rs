//! Retry policy, backoff and `Retry-After`.

use std::time::Duration;

/// When and how often failed requests are retried.
///
/// Off by default. When on, connection errors, `429 Too Many Requests` and
/// `503 Service Unavailable` are retried for idempotent methods (GET, PUT,
/// DELETE, HEAD, OPTIONS, TRACE) with exponential backoff and jitter.
/// When the answer carries `Retry-After` (delta-seconds, or an HTTP date
/// such as `Wed, 21 Oct 2015 07:28:00 GMT`), the client waits what it asks
/// instead, but never longer than `max_delay`. POST and PATCH are retried
/// only for calls made through [`Client::allow_retry`](crate::Client::allow_retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of any single delay, including the wait a `Retry-After`
    /// header asks for.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::from_millis(200),
        max_delay: Duration::from_secs(30),
    };

    /// `max_retries` retries with 200 ms base delay, 30 s cap.
    pub fn exponential(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..Self::NONE
        }
    }

    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        let capped = exp.min(self.max_delay);
        // Full jitter over the upper half of the window.
        let jitter = jitter_fraction();
        let backoff = capped / 2 + capped.mul_f64(jitter / 2.0);
        match retry_after {
            Some(wait) => wait.min(self.max_delay),
            None => backoff,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::NONE
    }
}

fn jitter_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (h.finish() % 10_000) as f64 / 10_000.0
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date
/// (IMF-fixdate, RFC 850 or asctime form); a date in the past asks for none.
/// `None` when the header is missing or unreadable.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

pub(crate) async fn sleep(d: Duration) {
    tokio::time::sleep(d).await;
}
