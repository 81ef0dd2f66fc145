//! A small blocking HTTP client with retries on 429/503 and on connection failures.

use std::time::Duration;

use crate::ScaleOutError;

/// Largest response body read (search answers with snippets and aggregations stay far below).
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// An HTTP answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
}

/// How hard to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Delay before the first retry; it doubles after each.
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            first_delay: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Http {
    agent: ureq::Agent,
    retry: RetryPolicy,
}

impl Http {
    pub(crate) fn new(timeout: Duration, retry: RetryPolicy) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Http { agent, retry }
    }

    /// Sends a request, retrying with backoff while the server says it is busy (429, 503) or
    /// cannot be reached. Other statuses are returned as they are.
    pub(crate) fn send(
        &self,
        method: &str,
        url: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<Reply, ScaleOutError> {
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            let outcome = self.send_once(method, url, content_type, body);
            let retry_after = match &outcome {
                Ok((reply, retry_after)) if matches!(reply.status, 429 | 503) => *retry_after,
                Ok(_) => None,
                Err(_) => Some(delay),
            };
            let busy = matches!(&outcome, Ok((reply, _)) if matches!(reply.status, 429 | 503))
                || outcome.is_err();
            if !busy || attempt >= self.retry.max_attempts {
                return outcome.map(|(reply, _)| reply);
            }
            let wait = retry_after.unwrap_or(delay).min(Duration::from_secs(30));
            tracing::warn!(%url, attempt, wait_ms = wait.as_millis() as u64, "server busy or unreachable; retrying");
            std::thread::sleep(wait);
            delay *= 2;
            attempt += 1;
        }
    }

    fn send_once(
        &self,
        method: &str,
        url: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<(Reply, Option<Duration>), ScaleOutError> {
        let failed = |error: ureq::Error| ScaleOutError::Remote {
            url: url.to_string(),
            status: None,
            message: error.to_string(),
        };
        let content_type = content_type.unwrap_or("application/json");
        let result = match (method, body) {
            ("GET", _) => self.agent.get(url).call(),
            ("HEAD", _) => self.agent.head(url).call(),
            ("POST", Some(body)) => self
                .agent
                .post(url)
                .header("content-type", content_type)
                .send(body),
            ("POST", None) => self.agent.post(url).send_empty(),
            ("PUT", Some(body)) => self
                .agent
                .put(url)
                .header("content-type", content_type)
                .send(body),
            ("PUT", None) => self.agent.put(url).send_empty(),
            (other, _) => {
                return Err(ScaleOutError::Remote {
                    url: url.to_string(),
                    status: None,
                    message: format!("unsupported method {other}"),
                })
            }
        };
        let mut response = result.map_err(failed)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = if method == "HEAD" {
            String::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(MAX_RESPONSE_BYTES)
                .read_to_string()
                .map_err(failed)?
        };
        Ok((Reply { status, body }, retry_after))
    }
}

/// The `message` of an engine's JSON error body, or the body itself.
pub(crate) fn error_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| {
            value["message"]
                .as_str()
                .or_else(|| value["error"]["reason"].as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| body.chars().take(500).collect())
}
