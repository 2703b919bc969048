//! One error type for every API call, with a message per case for the person reading it.
//! Messages never contain the credential.

use jobs_api::ErrorResponse;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 401: the credential was rejected.
    Unauthorized,
    /// 403: authenticated, but without ManageIngestionJobs.
    Forbidden,
    /// 404: job or project not found (the server's message).
    NotFound(String),
    /// 400: the server's message, and the request field it names (`target`, e.g.
    /// `source.fileList`), if any.
    BadRequest { message: String, target: Option<String> },
    /// 409: the server's message.
    Conflict(String),
    /// 429, with the seconds the server asked us to wait.
    RateLimited { retry_after: Option<u32> },
    /// 503: maintenance or overload.
    Unavailable { retry_after: Option<u32> },
    /// Any other 4xx but 408 and 429 (415, 405, 422, ...): the client's fault, shown with the
    /// server's message and never retried by itself.
    Refused { status: u16, message: String },
    /// Any other 5xx, a 408, or an unexpected status: worth trying again.
    Server { status: u16, message: String },
    /// The request did not reach the API (DNS, refused, CORS, offline).
    Network { base: String },
    /// No answer within the time limit.
    Timeout { seconds: u32 },
    /// An answer that is not the JSON we expect.
    BadResponse(String),
    /// Canceled because the page that asked went away or a newer request replaced it.
    Aborted,
    /// The stored credential holds a character the browser cannot put in a header.
    Credential,
    /// This console's Content-Security-Policy does not let it reach that origin.
    Blocked { origin: String },
    /// An answer larger than the console reads (the bytes announced, or read when it stopped).
    TooLarge { bytes: u64 },
    /// A project or job id that a URL would read as another path (`.`, `..`): not sent.
    BadId(String),
}

impl ApiError {
    /// Maps an HTTP answer that is not a success.
    pub fn from_status(status: u16, body: &str, retry_after: Option<&str>) -> Self {
        let server = jobs_api::decode::from_str_with::<ErrorResponse>(body, super::browser_float).ok();
        let target = server.as_ref().and_then(|e| e.target.clone()).filter(|t| !t.trim().is_empty());
        let server_message = server.map(|e| e.message).filter(|m| !m.trim().is_empty());
        let retry_after = retry_after.and_then(|v| v.trim().parse::<u32>().ok());
        let msg = |fallback: &str| server_message.clone().unwrap_or_else(|| fallback.to_owned());
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden,
            404 => ApiError::NotFound(msg("Not found.")),
            400 => ApiError::BadRequest { message: msg("The request was refused."), target },
            409 => ApiError::Conflict(msg("The job changed meanwhile.")),
            429 => ApiError::RateLimited { retry_after },
            503 => ApiError::Unavailable { retry_after },
            408 => ApiError::Server { status, message: msg("") },
            // nginx's own page (not JSON) when a body passes the host's client_max_body_size.
            413 => ApiError::Refused {
                status,
                message: msg("The request is larger than the server takes: the console's web server (its \
                     client_max_body_size, 4 MB in the hosting recipe) or Polaris refused it. Make the job \
                     spec smaller, e.g. with its data in a file rather than inline."),
            },
            _ if (400..500).contains(&status) => ApiError::Refused { status, message: msg("") },
            _ => ApiError::Server { status, message: msg("") },
        }
    }

    /// What the person is told.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthorized => {
                "The credential was rejected (401). It may be wrong, revoked or expired: connect again.".into()
            }
            ApiError::Forbidden => "The credential is valid but lacks the ManageIngestionJobs permission for this project (403). Ask an administrator to grant it.".into(),
            ApiError::NotFound(m) => format!("Not found (404): {m}"),
            ApiError::BadRequest { message, .. } => format!("The API refused the request (400): {message}"),
            ApiError::Conflict(m) => format!("Conflict (409): {m}"),
            ApiError::RateLimited { retry_after: Some(s) } => {
                format!("Too many requests (429): the API asked us to wait {s} s. Retrying then.")
            }
            ApiError::RateLimited { retry_after: None } => {
                "Too many requests (429): retrying after a pause.".into()
            }
            ApiError::Unavailable { retry_after } => format!(
                "The API is unavailable (503), perhaps for maintenance.{}",
                retry_after.map_or(" Retrying after a pause.".to_owned(), |s| format!(" Retrying in {s} s."))
            ),
            ApiError::Refused { status, message } => format!("The API refused the request (HTTP {status}). {message}"),
            ApiError::Server { status, message } if message.is_empty() => {
                format!("The API failed (HTTP {status}). Try again in a moment.")
            }
            ApiError::Server { status, message } => format!("The API failed (HTTP {status}): {message}"),
            ApiError::Network { base } => format!(
                "Cannot reach the API at {base}. Check the network, the API base URL and that the server is running."
            ),
            ApiError::Timeout { seconds } => format!("The API did not answer within {seconds} s."),
            ApiError::BadResponse(detail) => {
                format!("The API sent an answer that is not the expected JSON ({detail}).")
            }
            ApiError::Aborted => "The request was canceled.".into(),
            ApiError::Credential => "The credential holds a character that cannot be sent in a request. Disconnect, and connect again with the key or token as Polaris issued it.".into(),
            ApiError::Blocked { origin } => format!(
                "This console's Content-Security-Policy does not allow it to reach {origin}. Leave the API base URL empty to use this site's /v1 proxy, or use a Polaris API host (https://….api.imply.io)."
            ),
            ApiError::TooLarge { bytes } => format!(
                "The API's answer is too large: {} or more, past what the console reads ({}). It stopped reading \
                 there; nothing of it is shown.",
                crate::text::format::bytes(*bytes),
                crate::text::format::bytes(super::MAX_BODY_BYTES)
            ),
            ApiError::BadId(id) => format!(
                "“{id}” cannot be sent as a project or job id: in a URL it names another path. Nothing was sent."
            ),
        }
    }

    /// Worth retrying by itself (after `retry_delay_ms`).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Unavailable { .. }
                | ApiError::Server { .. }
                | ApiError::Network { .. }
                | ApiError::Timeout { .. }
                | ApiError::BadResponse(_)
        )
    }

    /// How long to wait before trying again: the server's Retry-After, else exponential
    /// back-off from 2 s, doubling per failure (`attempt` from 0), capped at 60 s.
    pub fn retry_delay_ms(&self, attempt: u32) -> u32 {
        match self {
            ApiError::RateLimited { retry_after: Some(s) } | ApiError::Unavailable { retry_after: Some(s) } => {
                s.saturating_mul(1000).min(300_000)
            }
            _ => 2_000u32.saturating_mul(1 << attempt.min(5)).min(60_000),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_statuses() {
        assert_eq!(ApiError::from_status(401, r#"{"message":"Token expired"}"#, None), ApiError::Unauthorized);
        assert_eq!(ApiError::from_status(403, "", None), ApiError::Forbidden);
        assert!(ApiError::from_status(403, "", None).message().contains("ManageIngestionJobs"));
        assert_eq!(
            ApiError::from_status(404, r#"{"code":"NotFound","message":"Job x was not found."}"#, None).message(),
            "Not found (404): Job x was not found."
        );
        let e = ApiError::from_status(
            400,
            r#"{"code":"BadArgument","message":"Only streaming jobs can be suspended."}"#,
            None,
        );
        assert!(e.message().contains("Only streaming jobs can be suspended."));
        assert_eq!(
            ApiError::from_status(400, r#"{"code":"BadArgument","message":"m","target":"source.fileList"}"#, None),
            ApiError::BadRequest { message: "m".into(), target: Some("source.fileList".into()) }
        );

        assert!(ApiError::from_status(409, r#"{"code":"Conflict","message":"busy"}"#, None).message().contains("busy"));
        assert_eq!(ApiError::from_status(429, "", Some("7")), ApiError::RateLimited { retry_after: Some(7) });
        assert_eq!(ApiError::from_status(503, "oops", Some("x")), ApiError::Unavailable { retry_after: None });
        assert!(ApiError::from_status(503, "", Some("5")).message().contains("maintenance"));
        assert_eq!(
            ApiError::from_status(500, "<html>", None).message(),
            "The API failed (HTTP 500). Try again in a moment."
        );
        assert!(ApiError::Network { base: "http://x".into() }
            .message()
            .starts_with("Cannot reach the API at http://x"));
    }

    #[test]
    fn retry_policy() {
        assert_eq!(ApiError::RateLimited { retry_after: Some(7) }.retry_delay_ms(0), 7_000);
        assert_eq!(ApiError::Network { base: String::new() }.retry_delay_ms(0), 2_000);
        assert_eq!(ApiError::Network { base: String::new() }.retry_delay_ms(2), 8_000);
        assert_eq!(ApiError::Network { base: String::new() }.retry_delay_ms(30), 60_000);
        assert!(!ApiError::Unauthorized.is_transient() && !ApiError::Forbidden.is_transient());
        assert!(ApiError::Timeout { seconds: 20 }.is_transient());
        // Every 4xx but 408 and 429 is the client's fault: shown, never retried by itself.
        let e =
            ApiError::from_status(415, r#"{"code":"UnsupportedMediaType","message":"Use application/json."}"#, None);
        assert_eq!(e.message(), "The API refused the request (HTTP 415). Use application/json.");
        let e = ApiError::from_status(413, "<html><body><h1>413 Request Entity Too Large</h1></body></html>", None);
        assert!(e.message().contains("HTTP 413") && e.message().contains("client_max_body_size"), "{}", e.message());
        for status in [405, 410, 413, 415, 422, 451] {
            assert!(!ApiError::from_status(status, "", None).is_transient(), "{status}");
        }
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(ApiError::from_status(status, "", None).is_transient(), "{status}");
        }
    }
}
