//! `/`: connect with an API key or OAuth token, checked with one small list request.

use crate::api::credential::{browser_url, check_base_url, check_secret, page_allows, ApiBase};
use crate::api::{self, ApiError, Connection, CredentialKind, ListRequest};
use crate::app::router::{use_location, NavigateOptions};
use crate::app::session::use_session;
use crate::app::settings::{load_settings, stored};
use crate::list::saved_views::VIEWS_KEY;
use jobs_api::JobFilter;
use leptos::prelude::*;

/// Where to go once connected: `next` when it is a page of this console, else the project's
/// last saved view used (`views`: the stored saved views, `saved_views`), else its list.
fn next_path(next: Option<String>, project: &str, views: Option<&str>) -> String {
    next.filter(|n| n.starts_with("/projects/") && !n.contains("//"))
        .unwrap_or_else(|| crate::list::saved_views::start_url(views, project))
}

/// The form's fields and state.
#[derive(Clone, Copy)]
struct Form {
    base_url: RwSignal<String>,
    project: RwSignal<String>,
    oauth: RwSignal<bool>,
    secret: RwSignal<String>,
    reveal: RwSignal<bool>,
    remember: RwSignal<bool>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    /// Where the credential would go, as the browser's URL parser reads the base URL (`None`:
    /// this site's proxy), or why it cannot go there (this console's Content-Security-Policy
    /// included).
    target: Memo<Result<Option<ApiBase>, String>>,
}

impl Form {
    fn new() -> Self {
        let settings = load_settings();
        let base_url = RwSignal::new(settings.base_url);
        let target = Memo::new(move |_| {
            let base = check_base_url(&base_url.get(), browser_url)?;
            match base {
                Some(b) if !page_allows(&b.origin) => Err(ApiError::Blocked { origin: b.origin }.message()),
                other => Ok(other),
            }
        });
        Form {
            base_url,
            project: RwSignal::new(settings.project_id),
            oauth: RwSignal::new(settings.oauth),
            secret: RwSignal::new(String::new()),
            reveal: RwSignal::new(false),
            remember: RwSignal::new(false),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            target,
        }
    }

    fn secret_label(&self) -> &'static str {
        if self.oauth.get() {
            "OAuth token"
        } else {
            "API key"
        }
    }

    /// The connection the form describes, or what is missing or wrong.
    fn connection(&self) -> Result<Connection, String> {
        let (p, s) = (self.project.get_untracked().trim().to_owned(), self.secret.get_untracked().trim().to_owned());
        let root = self.target.get_untracked()?.map(|b| b.root).unwrap_or_default();
        if p.is_empty() {
            return Err("Enter the Project ID.".into());
        }
        if jobs_api::filter::is_dot_segment(&p) {
            return Err("A Project ID cannot be . or .. (a URL would read it as another path).".into());
        }
        let label = untrack(|| self.secret_label());
        if s.is_empty() {
            return Err(format!("Enter the {label}."));
        }
        check_secret(&s, label)?;
        let kind = if self.oauth.get_untracked() { CredentialKind::OAuthToken } else { CredentialKind::ApiKey };
        Ok(Connection {
            base_url: root,
            project_id: p,
            kind,
            secret: s,
            remember: self.remember.get_untracked(),
            made: js_sys::Date::now() as u64,
        })
    }
}

#[component]
pub fn ConnectPage() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/connect.css"));
    let session = use_session();
    let location = use_location();
    let next = move || location.query_untracked("next");
    let expired = move || location.query("reason").is_some_and(|r| r == "expired");
    // Already connected: straight to the list (or where the person was going).
    Effect::new(move |_| {
        location.search.track();
        if let Some(conn) = session.connection.get() {
            location.navigate(
                &next_path(next(), &conn.project_id, stored(VIEWS_KEY).as_deref()),
                NavigateOptions { replace: true, ..Default::default() },
            );
        }
    });
    let form = Form::new();
    // Checked with one small list request before it is kept.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let conn = match form.connection() {
            Ok(conn) => conn,
            Err(e) => return form.error.set(Some(e)),
        };
        form.busy.set(true);
        form.error.set(None);
        leptos::task::spawn_local(async move {
            let p = conn.project_id.clone();
            let filter = JobFilter { pagination_limit: Some(1), ..JobFilter::default() };
            let result = api::list_jobs(&ListRequest { conn: conn.clone(), project: p.clone(), filter }, None).await;
            form.busy.set(false);
            match result {
                Ok(_) => {
                    let target = next_path(next(), &p, stored(VIEWS_KEY).as_deref());
                    session.connect(conn);
                    session.announce(format!("Connected to project {p}."));
                    location.navigate(&target, Default::default());
                }
                Err(e) => form.error.set(Some(e.message())),
            }
        });
    };
    let (project, busy, error) = (form.project, form.busy, form.error);
    view! {
        <section class="card narrow connect">
            <h1>"Connect to Polaris"</h1>
            <p class="muted">
                "The console calls the Jobs v1 API with your credential. It is sent only in the Authorization header, never in a URL."
            </p>
            <Show when=expired>
                <p class="notice warn" role="alert">
                    "Your credential was rejected. Connect again to continue where you were."
                </p>
            </Show>
            <form on:submit=submit novalidate>
                {base_url_field(form)}
                <div class="field">
                    <label for="project-id">"Project ID"</label>
                    <input
                        id="project-id"
                        name="project-id"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        required
                        prop:value=move || project.get()
                        on:input=move |ev| project.set(event_target_value(&ev))
                    />
                </div>
                {credential_fields(form)}
                <Show when=move || error.with(Option::is_some)>
                    <p class="notice error" role="alert">
                        {move || error.get()}
                    </p>
                </Show>
                <button
                    type="submit"
                    class="btn btn-primary"
                    prop:disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                >
                    {move || if busy.get() { "Connecting…" } else { "Connect" }}
                </button>
            </form>
        </section>
    }
}

/// "API base URL", and where the credential will be sent (or why it cannot be).
fn base_url_field(form: Form) -> impl IntoView {
    let noun = move || if form.oauth.get() { "token" } else { "key" };
    let sent_to = move || match form.target.get() {
        Ok(None) => format!("Your {} will be sent to this site's /v1 proxy.", noun()),
        Ok(Some(b)) => format!("Your {} will be sent to {}.", noun(), b.host),
        Err(e) => e,
    };
    view! {
        <div class="field">
            <label for="base-url">"API base URL"</label>
            <input
                id="base-url"
                name="base-url"
                type="url"
                autocomplete="url"
                placeholder="Empty: this site's /v1 proxy"
                prop:value=move || form.base_url.get()
                on:input=move |ev| form.base_url.set(event_target_value(&ev))
                aria-describedby="base-url-help base-url-target"
            />
            <p class="help" id={"base-url-help"}>
                "Leave empty to use this site's proxy, or e.g. https://ORG.REGION.CLOUD.api.imply.io"
            </p>
            <p class="help sent-to" id="base-url-target" class:invalid=move || form.target.with(Result::is_err)>
                {sent_to}
            </p>
        </div>
    }
}

/// The credential's kind, the secret (hidden unless shown) and "Remember on this device".
fn credential_fields(form: Form) -> impl IntoView {
    let (oauth, secret, reveal, remember) = (form.oauth, form.secret, form.reveal, form.remember);
    let label = move || form.secret_label();
    view! {
        <fieldset class="field">
            <legend>"Credential"</legend>
            <label class="inline">
                <input type="radio" name="kind" prop:checked=move || !oauth.get() on:change=move |_| oauth.set(false) />
                "API key"
            </label>
            <label class="inline">
                <input type="radio" name="kind" prop:checked=move || oauth.get() on:change=move |_| oauth.set(true) />
                "OAuth token"
            </label>
        </fieldset>
        <div class="field">
            <label for="secret">{label}</label>
            <div class="with-button">
                <input
                    id="secret"
                    name="secret"
                    autocomplete="off"
                    spellcheck="false"
                    required
                    type=move || if reveal.get() { "text" } else { "password" }
                    prop:value=move || secret.get()
                    on:input=move |ev| secret.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="btn btn-quiet"
                    aria-pressed=move || reveal.get().to_string()
                    aria-controls="secret"
                    aria-label=move || format!("{} {}", if reveal.get() { "Hide" } else { "Show" }, label())
                    on:click=move |_| reveal.update(|r| *r = !*r)
                >
                    {move || if reveal.get() { "Hide" } else { "Show" }}
                </button>
            </div>
        </div>
        <div class="field">
            <label class="inline">
                <input
                    type="checkbox"
                    name="remember"
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev))
                    aria-describedby="remember-help"
                />
                "Remember on this device"
            </label>
            <p class="help" id={"remember-help"}>
                "Off: kept for this tab only, until you disconnect (in any tab of this browser) or leave it unused for 12 hours; a closed tab reopened before then still has it. On: kept in this browser's local storage until you disconnect."
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::next_path;

    #[test]
    fn next_only_goes_to_console_paths() {
        assert_eq!(next_path(Some("/projects/p/jobs?type=batch".into()), "q", None), "/projects/p/jobs?type=batch");
        assert_eq!(next_path(Some("https://evil.example/".into()), "q", None), "/projects/q/jobs");
        assert_eq!(next_path(Some("/projects//evil".into()), "q", None), "/projects/q/jobs");
        assert_eq!(next_path(None, "q", None), "/projects/q/jobs");
        // Without a page to go back to: the project's last saved view used.
        let views = r#"{"q":{"views":[{"name":"Errors","query":"healthStatus=error"}],"last":"healthStatus=error"}}"#;
        assert_eq!(next_path(None, "q", Some(views)), "/projects/q/jobs?healthStatus=error");
        assert_eq!(next_path(Some("/projects/q/jobs".into()), "q", Some(views)), "/projects/q/jobs");
    }
}
