//! The connection settings and the credential: how it is sent and where it is kept.
//! The credential goes only into the Authorization header; it is never put in a URL, the page
//! text, the console or an error message.

use jobs_api::decode::{quote, Fields};
use std::fmt;

/// When this tab last used its connection (sessionStorage, ms since the epoch): a tab-only
/// connection unused for 12 hours is forgotten (`app::session::judge`).
pub const USED_KEY: &str = "pjc.used";

/// Notes that this tab uses its connection now (each request does). Written at most once a
/// minute.
pub fn note_use() {
    thread_local! {
        static WRITTEN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    let now = js_sys::Date::now() as u64;
    if now.saturating_sub(WRITTEN.with(|w| w.get())) < 60_000 {
        return;
    }
    WRITTEN.with(|w| w.set(now));
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(USED_KEY, &now.to_string());
    }
}

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
    /// When it was made (ms since the epoch, the browser's clock): a connection made before
    /// the last Disconnect on this device is not used again (see `app::session`).
    pub made: u64,
}

impl Connection {
    /// The stored form (JSON): `{"base_url", "project_id", "kind", "secret", "remember", "made"}`.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"base_url":{},"project_id":{},"kind":"{}","secret":{},"remember":{},"made":{}}}"#,
            quote(&self.base_url),
            quote(&self.project_id),
            self.kind.as_str(),
            quote(&self.secret),
            self.remember,
            self.made
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
            // Stored before connections carried it: as old as can be.
            made: v.as_object().and_then(|m| jobs_api::json::member(m, "made")).and_then(|t| t.as_u64()).unwrap_or(0),
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
            .field("made", &self.made)
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

/// A URL as the WHATWG URL parser reads it: the browser's `URL` (see [`browser_url`]); the
/// `url` crate in host tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedUrl {
    /// With its colon: `https:`.
    pub protocol: String,
    pub username: String,
    pub password: String,
    /// As the parser has it: lower case, an IDN in its `xn--` form, `[::1]` in brackets.
    pub hostname: String,
    /// Empty for the scheme's default port.
    pub port: String,
    pub pathname: String,
    pub search: String,
    pub hash: String,
}

/// Where the credential goes, for an API base URL that passed [`check_base_url`].
#[derive(Clone, Debug, PartialEq)]
pub struct ApiBase {
    /// What the console stores and puts before `/v1`: scheme, host, port, path, no trailing slash.
    pub root: String,
    /// The origin (`https://host[:port]`).
    pub origin: String,
    /// The host (and port) the person is told the credential goes to.
    pub host: String,
}

/// Hosts an API may be reached on over plain HTTP: this machine only.
const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// Checks the API base URL the person typed. Empty: this site's `/v1` proxy (`Ok(None)`).
/// Otherwise the WHATWG parser (`parse`) reads it, and it must be `https://` (`http://` only on
/// this machine), name a host, and hold nothing a parser might read otherwise than a person:
/// no backslash, space, control character or percent-encoding, no user name or password, no
/// query or fragment, no `.` or `..` path segment. The message says which.
pub fn check_base_url(raw: &str, parse: impl Fn(&str) -> Option<ParsedUrl>) -> Result<Option<ApiBase>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if raw.chars().any(|c| c == '\\' || c == '%' || c.is_whitespace() || c.is_control()) {
        return Err("The API base URL holds a character a URL should not (a backslash, a space, a control \
                    character or a percent sign)."
            .into());
    }
    let url = parse(raw).ok_or("The API base URL is not a URL: start it with https:// and a host name.")?;
    if !url.username.is_empty() || !url.password.is_empty() || raw.contains('@') {
        return Err("The API base URL must not hold a user name or password (user@host).".into());
    }
    if !url.search.is_empty() || !url.hash.is_empty() || raw.contains(['?', '#']) {
        return Err("The API base URL must not hold a query (?) or a fragment (#).".into());
    }
    match url.protocol.as_str() {
        "https:" => {}
        "http:" if LOOPBACK.contains(&url.hostname.as_str()) => {}
        "http:" => return Err("The API base URL must start with https:// (http:// only for localhost).".into()),
        _ => return Err("The API base URL must start with https://.".into()),
    }
    if url.hostname.is_empty() || url.hostname.trim_matches('.').is_empty() {
        return Err("The API base URL needs a host name.".into());
    }
    let after_host = raw.splitn(4, '/').nth(3).unwrap_or("");
    if after_host.split('/').any(|seg| seg == "." || seg == "..") {
        return Err("The API base URL's path must not hold . or .. segments.".into());
    }
    let host = if url.port.is_empty() { url.hostname.clone() } else { format!("{}:{}", url.hostname, url.port) };
    let origin = format!("{}//{host}", url.protocol);
    Ok(Some(ApiBase { root: format!("{origin}{}", url.pathname.trim_end_matches('/')), origin, host }))
}

/// The browser's WHATWG URL parser.
pub fn browser_url(raw: &str) -> Option<ParsedUrl> {
    let u = web_sys::Url::new(raw).ok()?;
    Some(ParsedUrl {
        protocol: u.protocol(),
        username: u.username(),
        password: u.password(),
        hostname: u.hostname(),
        port: u.port(),
        pathname: u.pathname(),
        search: u.search(),
        hash: u.hash(),
    })
}

/// `host[:port]` (or `[v6]:port`) as the host and the port, if one is written.
fn host_and_port(hostport: &str) -> (&str, Option<&str>) {
    let cut = match hostport.rfind(']') {
        Some(end) => hostport[end..].find(':').map(|i| end + i),
        None => hostport.rfind(':'),
    };
    match cut {
        Some(i) => (&hostport[..i], Some(&hostport[i + 1..])),
        None => (hostport, None),
    }
}

/// Whether a Content-Security-Policy lets the page at `page_origin` connect to `origin` (both
/// `scheme://host[:port]`): its `connect-src` (or `default-src`) sources `'self'`, `*`, and host
/// sources with an optional scheme, a leading `*.` wildcard and a port. No policy: anywhere.
pub fn csp_allows(policy: Option<&str>, page_origin: &str, origin: &str) -> bool {
    let Some(policy) = policy else { return true };
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else { return true };
    let (scheme, hostport) = origin.split_once("://").unwrap_or(("", origin));
    let (host, port) = host_and_port(hostport);
    let page_scheme = page_origin.split("://").next().unwrap_or("");
    sources.split_whitespace().any(|source| match source {
        "'self'" => origin == page_origin,
        "*" => matches!(scheme, "http" | "https" | "ws" | "wss"),
        s if s.starts_with('\'') => false,
        s => {
            let (s_scheme, rest) = s.split_once("://").map_or((None, s), |(sc, r)| (Some(sc), r));
            let (s_host, s_port) = host_and_port(rest.split('/').next().unwrap_or(rest));
            // Without a scheme, the page's (or its secure upgrade).
            let scheme_ok = match s_scheme {
                Some(sc) => sc == scheme,
                None => scheme == page_scheme || scheme == "https",
            };
            let host_ok = match s_host.strip_prefix("*.") {
                Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
                None => s_host == host,
            };
            let port_ok = s_port == Some("*") || s_port == port;
            scheme_ok && host_ok && port_ok
        }
    })
}

/// Whether this page's own Content-Security-Policy (its `<meta>`; the static host sends the same
/// as a header) lets it connect to `origin`.
pub fn page_allows(origin: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return true };
    let policy = document
        .query_selector("head > meta[http-equiv=Content-Security-Policy]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    let page = document.location().and_then(|l| l.origin().ok()).unwrap_or_default();
    csp_allows(policy.as_deref(), &page, origin)
}

/// The origin (`scheme://host[:port]`) of an absolute URL; `None` for a path on this site.
pub fn origin_of(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).map_or(url.len(), |i| url.len() - rest.len() + i);
    Some(&url[..end])
}

/// Checks a credential before it is sent: the key or token must be printable ASCII without
/// spaces (what Polaris issues), which also means the browser can put it in a header. The
/// message names the first character that is not, by its position; it never repeats the secret.
pub fn check_secret(secret: &str, what: &str) -> Result<(), String> {
    match secret.chars().position(|c| !c.is_ascii_graphic()) {
        None => Ok(()),
        Some(at) => Err(format!("The {what} contains a character that cannot be sent (position {}).", at + 1)),
    }
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
            made: 1_700_000_000_123,
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
        assert_eq!(read.made, 0, "a connection stored without its time is as old as can be");
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
    }

    /// The WHATWG parser, as the browser has it, for host tests.
    #[cfg(not(target_arch = "wasm32"))]
    fn whatwg(raw: &str) -> Option<ParsedUrl> {
        let u = url::Url::parse(raw).ok()?;
        let port = u.port().map(|p| p.to_string()).unwrap_or_default();
        Some(ParsedUrl {
            protocol: format!("{}:", u.scheme()),
            username: u.username().to_owned(),
            password: u.password().unwrap_or_default().to_owned(),
            hostname: match u.host() {
                Some(url::Host::Ipv6(a)) => format!("[{a}]"),
                Some(h) => h.to_string(),
                None => String::new(),
            },
            port,
            pathname: u.path().to_owned(),
            search: u.query().filter(|q| !q.is_empty()).map(|q| format!("?{q}")).unwrap_or_default(),
            hash: u.fragment().filter(|f| !f.is_empty()).map(|f| format!("#{f}")).unwrap_or_default(),
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn base(raw: &str) -> Result<Option<(String, String)>, String> {
        check_base_url(raw, whatwg).map(|b| b.map(|b| (b.root, b.host)))
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn an_api_base_url_is_checked_as_a_parser_reads_it() {
        assert_eq!(base(""), Ok(None));
        assert_eq!(base("   "), Ok(None));
        let ok =
            |raw: &str, root: &str, host: &str| assert_eq!(base(raw), Ok(Some((root.into(), host.into()))), "{raw}");
        ok(
            "https://org.us-east-1.aws.api.imply.io",
            "https://org.us-east-1.aws.api.imply.io",
            "org.us-east-1.aws.api.imply.io",
        );
        ok(
            " HTTPS://Org.US-East-1.aws.API.imply.io/ ",
            "https://org.us-east-1.aws.api.imply.io",
            "org.us-east-1.aws.api.imply.io",
        );
        ok("https://x.api.imply.io:8443/proxy/", "https://x.api.imply.io:8443/proxy", "x.api.imply.io:8443");
        ok("https://x.api.imply.io:443", "https://x.api.imply.io", "x.api.imply.io");
        ok("https://x.api.imply.io./", "https://x.api.imply.io.", "x.api.imply.io.");
        // An IDN is shown in the form the request uses: no look-alike letters.
        ok("https://exämple.api.imply.io", "https://xn--exmple-cua.api.imply.io", "xn--exmple-cua.api.imply.io");
        ok("http://localhost:8787", "http://localhost:8787", "localhost:8787");
        ok("http://127.0.0.1:9", "http://127.0.0.1:9", "127.0.0.1:9");
        ok("http://[::1]:9/", "http://[::1]:9", "[::1]:9");
        let refused = |raw: &str, says: &str| {
            let e = base(raw).expect_err(raw);
            assert!(e.contains(says), "{raw}: {e}");
        };
        // The parser reads `\` as `/`: the host would be evil.example.
        refused("https://evil.example\\x.api.imply.io", "backslash");
        refused("https://evil.example\\@x.api.imply.io", "backslash");
        refused("https://a@x.api.imply.io", "user name");
        refused("https://x.api.imply.io@evil.example", "user name");
        refused("https://u:p@x.api.imply.io", "user name");
        refused("https://x.api.imply.io/a/../b", ". or ..");
        refused("https://x.api.imply.io/./b", ". or ..");
        refused("https://ex%61mple.api.imply.io", "percent");
        refused("https://x.api.imply.io/%2e%2e/", "percent");
        refused("https://x.api.imply.io?x=1", "query");
        refused("https://x.api.imply.io#f", "fragment");
        refused("https://x.api.imply.io\t.evil", "control");
        refused("https://x .api.imply.io", "space");
        refused("http://x.api.imply.io", "https://");
        refused("http://127.0.0.2", "https://");
        refused("ftp://x.api.imply.io", "https://");
        refused("javascript:alert(1)", "https://");
        refused("x.api.imply.io", "not a URL");
        refused("https://", "not a URL");
    }

    #[test]
    fn origins_of_urls() {
        assert_eq!(origin_of("https://x.api.imply.io:8443/v1/projects"), Some("https://x.api.imply.io:8443"));
        assert_eq!(origin_of("http://[::1]:9?x"), Some("http://[::1]:9"));
        assert_eq!(origin_of("/v1/projects/p/jobs"), None);
    }

    #[test]
    fn the_policy_says_where_the_page_may_connect() {
        let policy =
            "default-src 'none'; script-src 'self'; connect-src 'self' https://*.api.imply.io; style-src 'self'";
        let page = "https://console.example";
        let allows = |origin: &str| csp_allows(Some(policy), page, origin);
        assert!(allows("https://console.example"));
        assert!(allows("https://org.us-east-1.aws.api.imply.io"));
        assert!(!allows("https://api.imply.io"), "the wildcard needs a label");
        assert!(!allows("https://evil.example"));
        assert!(!allows("http://org.api.imply.io"), "scheme");
        assert!(!allows("https://org.api.imply.io:8443"), "a port not in the source");
        assert!(!allows("https://org.api.imply.io.evil.example"));
        assert!(!allows("http://127.0.0.1:8787"));
        assert!(csp_allows(None, page, "http://127.0.0.1:8787"), "no policy, no limit");
        assert!(csp_allows(Some("default-src *"), page, "https://a.example:1"));
        assert!(!csp_allows(Some("default-src 'none'"), page, "https://a.example"));
        assert!(csp_allows(Some("connect-src http://127.0.0.1:*"), page, "http://127.0.0.1:8787"));
        assert!(csp_allows(Some("connect-src [::1]:9"), "http://x", "http://[::1]:9"));
    }

    #[test]
    fn a_secret_the_browser_cannot_send_is_refused_by_position_never_echoed() {
        assert_eq!(check_secret("pok_abcDEF123", "API key"), Ok(()));
        assert_eq!(check_secret("eyJhbGciOi.J9-x_y", "OAuth token"), Ok(()));
        for (secret, at) in [("pok_abc\u{200B}def", 8), ("pok_ab\ncd", 7), ("tökenx", 2), ("pok ab", 4), ("x\u{7f}", 2)]
        {
            let e = check_secret(secret, "API key").unwrap_err();
            assert_eq!(e, format!("The API key contains a character that cannot be sent (position {at})."));
            assert!(!e.contains(secret));
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = format!("{:?}", conn(CredentialKind::ApiKey));
        assert!(!s.contains("pok_abc") && s.contains("redacted"));
    }
}
