//! A small client-side router on the browser's History API: the current path and query as
//! signals, `navigate`, the five routes (connect, list, job, new job, tables) and not found, and
//! same-origin link clicks handled without a page load. The console needs no more than this, and
//! a general router costs tens of kilobytes of download (docs/performance.md).

use jobs_api::filter::{decode_component, decode_query};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};

/// Where the browser is: the path and the query (without `?`), both as the address bar has them,
/// and the route of that path.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: RwSignal<String>,
    pub search: RwSignal<String>,
    /// Changes only when the page (or its parameters) does, not the query.
    pub route: Memo<Route>,
}

thread_local! {
    /// What to ask before the page is left in the app (see [`ask_before_leaving`]).
    static LEAVING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// While something must not be cut short (a bulk run sending), `Some(question)`: Back and links
/// ask it before they leave the page; `None`: leave freely. (Closing the tab or loading another
/// page is the browser's own question: `beforeunload`, which that page asks for.)
pub fn ask_before_leaving(question: Option<String>) {
    LEAVING.with(|l| *l.borrow_mut() = question);
}

/// How to navigate: replace the history entry instead of adding one; scroll to the top.
#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    pub replace: bool,
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions { replace: false, scroll: true }
    }
}

/// The console's pages, with their decoded path parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Connect,
    Jobs {
        project: String,
    },
    Job {
        project: String,
        job: String,
    },
    /// The new-job page (`/projects/{p}/jobs/new`, optionally `?from={jobId}`).
    NewJob {
        project: String,
    },
    /// The Tables board (`/projects/{p}/tables`).
    Tables {
        project: String,
    },
    /// What changed since the last look (`/projects/{p}/changes`).
    Changes {
        project: String,
    },
    NotFound,
}

impl Route {
    /// The route of a path (one trailing slash is allowed).
    pub fn of(path: &str) -> Route {
        let path = if path.len() > 1 { path.strip_suffix('/').unwrap_or(path) } else { path };
        if path == "/" || path.is_empty() {
            return Route::Connect;
        }
        // (No segment is `.` or `..`: the browser resolves them, `%2E` forms too, before a path
        // is the page's.)
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["projects", p, "jobs"] if !p.is_empty() => Route::Jobs { project: decode_component(p) },
            ["projects", p, "tables"] if !p.is_empty() => Route::Tables { project: decode_component(p) },
            ["projects", p, "changes"] if !p.is_empty() => Route::Changes { project: decode_component(p) },
            ["projects", p, "jobs", "new"] if !p.is_empty() => Route::NewJob { project: decode_component(p) },
            ["projects", p, "jobs", j] if !p.is_empty() && !j.is_empty() => {
                Route::Job { project: decode_component(p), job: decode_component(j) }
            }
            _ => Route::NotFound,
        }
    }
}

/// An id taken from a URL (a path segment or a query value such as the new-job page's `from`):
/// `None` when empty, or `.` or `..`, which no URL can carry as an id (a URL parser reads them,
/// and their percent-encoded forms, as steps in the path).
pub fn path_id(id: String) -> Option<String> {
    Some(id).filter(|id| !id.is_empty() && !jobs_api::filter::is_dot_segment(id))
}

/// The page URL of a job.
pub fn job_page_url(project: &str, id: &str) -> String {
    use jobs_api::filter::encode_component;
    format!("/projects/{}/jobs/{}", encode_component(project), encode_component(id))
}

/// The new-job page's URL: blank (a template), or with the spec of a job to run again.
pub fn new_job_url(project: &str, from: Option<&str>) -> String {
    use jobs_api::filter::encode_component;
    let base = format!("/projects/{}/jobs/new", encode_component(project));
    match from {
        Some(id) => format!("{base}?from={}", encode_component(id)),
        None => base,
    }
}

fn query_value(search: &str, key: &str) -> Option<String> {
    decode_query(search).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The browser's path and query (without `?`), read directly: also right outside the app and
/// between a navigation and the signals following it.
pub fn read_location() -> (String, String) {
    let loc = window().location();
    let search = loc.search().unwrap_or_default();
    (loc.pathname().unwrap_or_default(), search.trim_start_matches('?').to_owned())
}

impl Location {
    /// Takes the browser's current address (after a navigation or a history step).
    fn sync(&self) {
        let (path, search) = read_location();
        if self.pathname.with_untracked(|p| *p != path) {
            self.pathname.set(path);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
    }

    /// Goes to `url` (a path with an optional query) without a page load. The address changes
    /// at once; the signals follow in a microtask, so that a page that navigates from inside
    /// its own effect is not torn down while that effect runs.
    pub fn navigate(&self, url: &str, options: NavigateOptions) {
        let history = window().history().expect("history");
        let _ = if options.replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(url))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(url))
        };
        let location = *self;
        wasm_bindgen_futures::spawn_local(async move {
            if location.pathname.try_get_untracked().is_some() {
                location.sync();
            }
        });
        if options.scroll {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Whether the page may be left now: yes, unless [`ask_before_leaving`] has a question and
    /// the person answers no.
    pub fn may_leave(&self) -> bool {
        LEAVING.with(|l| l.borrow().as_ref().is_none_or(|q| window().confirm_with_message(q).unwrap_or(true)))
    }

    /// The value of `key` in the query, decoded (tracked).
    pub fn query(&self, key: &str) -> Option<String> {
        self.search.with(|s| query_value(s, key))
    }

    /// [`Location::query`], untracked.
    pub fn query_untracked(&self, key: &str) -> Option<String> {
        self.search.with_untracked(|s| query_value(s, key))
    }
}

/// Starts the router for the app: reads the address, follows the history's back and forward,
/// and turns clicks on same-origin links into navigations.
pub fn provide_router() -> Location {
    let (path, search) = read_location();
    let pathname = RwSignal::new(path);
    let route = Memo::new(move |_| pathname.with(|p| Route::of(p)));
    let location = Location { pathname, search: RwSignal::new(search), route };
    provide_context(location);
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        if location.may_leave() {
            location.sync();
        } else {
            // Staying: the address the page is at goes back into the history.
            let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if search.is_empty() { path } else { format!("{path}?{search}") };
            let _ = window().history().map(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&here)));
        }
    });
    let click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = link_to_follow(&ev) {
            ev.prevent_default();
            if location.may_leave() {
                location.navigate(&href, NavigateOptions::default());
            }
        }
    });
    let handles = SendWrapper::new((popstate, click));
    on_cleanup(move || {
        let (popstate, click) = handles.take();
        popstate.remove();
        click.remove();
    });
    location
}

/// The console path a click should go to in place: a plain left click on a link to this origin
/// (not a new tab, window or download), as the browser resolves it.
fn link_to_follow(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    // A link within the page (`#main`) is the browser's to follow (it moves the focus too).
    if href.starts_with('#') {
        return None;
    }
    // Judged by where the browser would go, not by how the link is written.
    let url = crate::browser::js::same_origin_url(&href)?;
    Some(format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

/// The router's location (inside the app).
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// The current route, changing only when the page (or its parameters) does, not the query.
pub fn use_route() -> Memo<Route> {
    use_location().route
}

/// A parameter of the page's own route (`pick` gives `None` for other routes), kept at its last
/// value once the route has moved on: the page still reads it while it is being taken down.
pub fn use_route_param(pick: fn(&Route) -> Option<&String>) -> Memo<String> {
    let route = use_route();
    Memo::new(move |prev: Option<&String>| route.with(|r| pick(r).or(prev).cloned().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::{path_id, query_value, Route};

    #[test]
    fn dot_segments_are_no_ids() {
        assert_eq!(path_id(query_value("from=..", "from").unwrap()), None);
        assert_eq!(path_id(query_value("from=%2E", "from").unwrap()), None);
        assert_eq!(path_id(query_value("from=%2e%2E", "from").unwrap()), None);
        assert_eq!(path_id(query_value("from=...", "from").unwrap()), Some("...".into()));
        assert_eq!(path_id(query_value("from=a..b", "from").unwrap()), Some("a..b".into()));
        assert_eq!(path_id(String::new()), None);
        assert_eq!(Route::of("/projects/p/jobs/..."), Route::Job { project: "p".into(), job: "...".into() });
    }

    #[test]
    fn routes_of_paths() {
        assert_eq!(Route::of("/"), Route::Connect);
        assert_eq!(Route::of(""), Route::Connect);
        assert_eq!(Route::of("/projects/p1/jobs"), Route::Jobs { project: "p1".into() });
        assert_eq!(Route::of("/projects/p1/jobs/"), Route::Jobs { project: "p1".into() });
        assert_eq!(
            Route::of("/projects/my%20project/jobs/a%2Fb"),
            Route::Job { project: "my project".into(), job: "a/b".into() }
        );
        assert_eq!(Route::of("/projects/p1/jobs/new"), Route::NewJob { project: "p1".into() });
        assert_eq!(Route::of("/projects/p1/jobs/new/"), Route::NewJob { project: "p1".into() });
        assert_eq!(Route::of("/projects/p%201/tables"), Route::Tables { project: "p 1".into() });
        assert_eq!(Route::of("/projects/p%201/changes/"), Route::Changes { project: "p 1".into() });
        for other in
            ["/projects", "/projects//jobs", "/projects/p1", "/projects/p1/jobs/j/x", "/nope", "/projects//jobs/new"]
        {
            assert_eq!(Route::of(other), Route::NotFound, "{other}");
        }
    }
}
