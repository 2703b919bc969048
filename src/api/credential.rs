//! The connection settings and the credential: how it is sent and where it is kept.
//! The credential goes only into the Authorization header; it is never put in a URL, the page
//! text, the console or an error message.

use jobs_api::decode::{quote, Fields};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// A Polaris API key, sent as HTTP Basic (the key as user name, empty password).
    ApiKey,
    /// An OAuth access token, sent as Bearer.
    OAuthToken,
}

impl CredentialKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::ApiKey => "ApiKey",
            CredentialKind::OAuthToken => "OAuthToken",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ApiKey" => Some(CredentialKind::ApiKey),
            "OAuthToken" => Some(CredentialKind::OAuthToken),
            _ => None,
        }
    }
}

/// Where the console talks to, as whom.
#[derive(Clone, PartialEq)]
pub struct Connection {
    /// "" = same origin (through the proxy).
    pub base_url: String,
    pub project_id: String,
    pub kind: CredentialKind,
    pub secret: String,
    /// Kept in localStorage (survives the browser) rather than sessionStorage (this tab).
    pub remember: bool,
}

impl Connection {
    /// The stored form (JSON): `{"base_url", "project_id", "kind", "secret", "remember"}`.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"base_url":{},"project_id":{},"kind":"{}","secret":{},"remember":{}}}"#,
            quote(&self.base_url),
            quote(&self.project_id),
            self.kind.as_str(),
            quote(&self.secret),
            self.remember
        )
    }

    /// Reads the stored form back; `None` for anything else.
    pub fn from_json(text: &str) -> Option<Connection> {
        let v = crate::api::parse_json(text).ok()?;
        let f = Fields::of(&v).ok()?;
        Some(Connection {
            base_url: f.req("base_url").ok()?,
            project_id: f.req("project_id").ok()?,
            kind: CredentialKind::parse(&f.req::<String>("kind").ok()?)?,
            secret: f.req("secret").ok()?,
            remember: f.req("remember").ok()?,
        })
    }
}

impl fmt::Debug for Connection {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base_url)
            .field("project_id", &self.project_id)
            .field("kind", &self.kind)
            .field("secret", &"<redacted>")
            .field("remember", &self.remember)
            .finish()
    }
}

impl Connection {
    /// The `Authorization` header value (the standard Basic form, see docs/jobs-api.md).
    pub fn authorization(&self) -> String {
        match self.kind {
            CredentialKind::ApiKey => format!("Basic {}", base64(format!("{}:", self.secret).as_bytes())),
            CredentialKind::OAuthToken => format!("Bearer {}", self.secret),
        }
    }

    /// The API root without a trailing slash ("" for same origin).
    pub fn api_root(&self) -> String {
        normalize_base_url(&self.base_url)
    }

    /// What to call the API in messages: the base URL, or "this site (/v1)" for same origin.
    pub fn api_label(&self) -> String {
        let root = self.api_root();
        if root.is_empty() {
            "this site's /v1 proxy".into()
        } else {
            root
        }
    }

    /// `{root}/v1/projects/{project}/jobs` for any project the credential may see.
    pub fn jobs_url_for(&self, project: &str) -> String {
        format!("{}/v1/projects/{}/jobs", self.api_root(), jobs_api::filter::encode_component(project))
    }

    /// `{root}/v1/projects/{project}/jobs/{id}{rest}`
    pub fn job_url(&self, project: &str, id: &str, rest: &str) -> String {
        format!("{}/{}{rest}", self.jobs_url_for(project), jobs_api::filter::encode_component(id))
    }
}

/// Trims spaces and trailing slashes; "" stays "" (same origin).
pub fn normalize_base_url(raw: &str) -> String {
    raw.trim().trim_end_matches('/').to_owned()
}

/// Checks a base URL the person typed: empty, or http(s)://host[...] without credentials,
/// query or fragment.
pub fn check_base_url(raw: &str) -> Result<(), String> {
    let url = normalize_base_url(raw);
    if url.is_empty() {
        return Ok(());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("The API base URL must start with https:// (or http://), or be empty to use this site's proxy.")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("The API base URL needs a host name.".into());
    }
    if rest.contains('@') || rest.contains('?') || rest.contains('#') || rest.contains(char::is_whitespace) {
        return Err("The API base URL must not hold credentials, a query or a fragment.".into());
    }
    Ok(())
}

/// Standard base64 with padding.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(kind: CredentialKind) -> Connection {
        Connection {
            base_url: " https://x.api.imply.io/ ".into(),
            project_id: "p 1".into(),
            kind,
            secret: "pok_abc".into(),
            remember: false,
        }
    }

    #[test]
    fn the_stored_form_reads_back_and_refuses_anything_else() {
        let mut c = conn(CredentialKind::OAuthToken);
        c.secret = "tok \"quoted\" \\ \n é".into();
        c.remember = true;
        assert!(Connection::from_json(&c.to_json()) == Some(c.clone()));
        // The form earlier versions stored (serde's) reads the same.
        let stored = r#"{"base_url":"","project_id":"demo-project","kind":"ApiKey","secret":"pok_x","remember":false}"#;
        let read = Connection::from_json(stored).unwrap();
        assert_eq!((read.kind, read.secret.as_str(), read.remember), (CredentialKind::ApiKey, "pok_x", false));
        for bad in
            ["", "null", "{}", r#"{"base_url":"","project_id":"p","kind":"Password","secret":"s","remember":false}"#]
        {
            assert!(Connection::from_json(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn authorization_headers() {
        assert_eq!(conn(CredentialKind::ApiKey).authorization(), "Basic cG9rX2FiYzo=");
        assert_eq!(conn(CredentialKind::OAuthToken).authorization(), "Bearer pok_abc");
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn urls() {
        let c = conn(CredentialKind::ApiKey);
        assert_eq!(c.jobs_url_for("p 1"), "https://x.api.imply.io/v1/projects/p%201/jobs");
        let same = Connection { base_url: String::new(), ..c };
        assert_eq!(same.jobs_url_for("p 1"), "/v1/projects/p%201/jobs");
        assert!(check_base_url("").is_ok());
        assert!(check_base_url("https://org.us-east-1.aws.api.imply.io").is_ok());
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("https://user:pw@x").is_err());
        assert!(check_base_url("https://").is_err());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = format!("{:?}", conn(CredentialKind::ApiKey));
        assert!(!s.contains("pok_abc") && s.contains("redacted"));
    }
}
