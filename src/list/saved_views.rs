//! Saved views of the jobs list: a name each, and the list's query (filters, sort, page size;
//! never the page offset), per project, on this device. One localStorage key, [`VIEWS_KEY`],
//! holds them all as JSON, and never the credential:
//!
//! ```json
//! {"<project id>": {"views": [{"name": "Failed orders", "query": "executionStatus=failed&targetTableName=orders"}],
//!                   "last": "executionStatus=failed&targetTableName=orders"}}
//! ```
//!
//! `last` is the query of the saved view used last (opened from its link or saved); opening `/`
//! with a stored connection goes there. Anything else in the stored text (other projects,
//! fields of a later version) is kept as it is when one project's views are written.

use crate::list::view::{canonical, filter_from_query, list_page_url};
use jobs_api::json::{self, member, Json};
use jobs_api::JobFilter;
use std::borrow::Cow;

/// The localStorage key of every project's saved views.
pub const VIEWS_KEY: &str = "pjc.views";

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedView {
    pub name: String,
    /// The list's query string as the console writes it (`list_view::list_page_url`), without
    /// the page offset.
    pub query: String,
}

/// One project's saved views and the one used last.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectViews {
    pub views: Vec<SavedView>,
    pub last: Option<String>,
}

/// The saved view's query for a list page query: canonical, offset left out.
pub fn view_query(page_query: &str) -> String {
    query_of(&filter_from_query(page_query))
}

/// The saved view's query of the list's view `f`: canonical, offset left out.
pub fn query_of(f: &JobFilter) -> String {
    let mut f = canonical(f.clone());
    f.pagination_offset = None;
    f.to_query_string()
}

/// Whether the stored text may hold views of `project`: its name is in it (or the name has a
/// character JSON escapes): never false when it holds some. The list asks this before it fetches
/// the views' chunk, without parsing the text.
pub fn may_have_views(stored: Option<&str>, project: &str) -> bool {
    stored.is_some_and(|t| t.contains(project) || project.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20))
}

/// `project`'s views in the stored text (none when it is missing or not ours).
pub fn read(stored: Option<&str>, project: &str) -> ProjectViews {
    let root = stored.and_then(|t| crate::api::parse_json(t).ok());
    let Some(p) = root.as_ref().and_then(Json::as_object).and_then(|m| member(m, project)).and_then(Json::as_object)
    else {
        return ProjectViews::default();
    };
    let text =
        |j: &Json, key: &str| j.as_object().and_then(|m| member(m, key)).and_then(Json::as_str).map(str::to_owned);
    let views = member(p, "views")
        .and_then(Json::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| {
                    let name = text(v, "name")?.trim().to_owned();
                    let query = text(v, "query")?;
                    (!name.is_empty()).then(|| SavedView { name, query: view_query(&query) })
                })
                .collect()
        })
        .unwrap_or_default();
    let last = member(p, "last").and_then(Json::as_str).map(view_query);
    ProjectViews { views, last }
}

/// The stored text with `project`'s views set to `views` (other projects kept as they were).
pub fn write(stored: Option<&str>, project: &str, views: &ProjectViews) -> String {
    let s = |t: &str| Json::String(t.to_owned().into());
    let mut root: Vec<(Cow<str>, Json)> = stored
        .and_then(|t| crate::api::parse_json(t).ok())
        .and_then(|j| match j {
            Json::Object(members) => Some(members),
            _ => None,
        })
        .unwrap_or_default();
    root.retain(|(k, _)| k != project);
    let list = views
        .views
        .iter()
        .map(|v| Json::Object(vec![("name".into(), s(&v.name)), ("query".into(), s(&v.query))]))
        .collect();
    let mut p = vec![("views".into(), Json::Array(list))];
    if let Some(last) = &views.last {
        p.push(("last".into(), s(last)));
    }
    root.push((project.to_owned().into(), Json::Object(p)));
    json::write(&Json::Object(root), 0, crate::job::spec::float_text)
}

impl ProjectViews {
    /// Saves the view `query` as `name`: a view of the same name is replaced (in its place),
    /// another is added at the end. It becomes the last used. True when one was replaced.
    pub fn save(&mut self, name: &str, query: &str) -> bool {
        let name = name.trim().to_owned();
        let view = SavedView { name, query: query.to_owned() };
        self.last = Some(view.query.clone());
        match self.views.iter_mut().find(|v| v.name == view.name) {
            Some(old) => {
                *old = view;
                true
            }
            None => {
                self.views.push(view);
                false
            }
        }
    }

    /// Renames the view at `at` to `name` (a view already called so is removed: the renamed one
    /// takes its name).
    pub fn rename(&mut self, at: usize, name: &str) {
        let name = name.trim();
        if at >= self.views.len() || name.is_empty() {
            return;
        }
        self.views[at].name = name.to_owned();
        let mut i = 0;
        self.views.retain(|v| {
            let keep = i == at || v.name != name;
            i += 1;
            keep
        });
        self.forget_gone_last();
    }

    /// The last used is forgotten when no view has its query any more.
    fn forget_gone_last(&mut self) {
        if self.last.as_ref().is_some_and(|q| !self.views.iter().any(|v| &v.query == q)) {
            self.last = None;
        }
    }

    /// Deletes the view at `at`; the last used is forgotten with it.
    pub fn delete(&mut self, at: usize) {
        if at < self.views.len() {
            self.views.remove(at);
            self.forget_gone_last();
        }
    }
}

/// Where `/` goes for `project` with a stored connection: its last used view, or its list.
pub fn start_url(stored: Option<&str>, project: &str) -> String {
    let views = read(stored, project);
    let f = views.last.as_deref().map(filter_from_query).unwrap_or_default();
    list_page_url(project, &f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_with_views_is_never_missed() {
        let mut pv = ProjectViews::default();
        pv.save("Mine", "type=batch");
        for project in ["demo-project", "odd \"name\" \\ here", "\u{1}"] {
            let text = write(Some(r#"{"other":{"views":[]}}"#), project, &pv);
            assert!(may_have_views(Some(&text), project), "{text}");
            assert!(!read(Some(&text), project).views.is_empty());
        }
        assert!(!may_have_views(Some(r#"{"other":{"views":[]}}"#), "demo-project"));
        assert!(!may_have_views(None, "demo-project"));
    }

    #[test]
    fn views_are_kept_per_project_and_other_projects_untouched() {
        let mut a = ProjectViews::default();
        assert!(!a.save(
            " Failed orders ",
            &view_query("targetTableName=orders&executionStatus=failed&paginationOffset=200")
        ));
        assert_eq!(a.views[0].name, "Failed orders");
        // Canonical, no offset.
        assert_eq!(a.views[0].query, "executionStatus=failed&targetTableName=orders");
        let text = write(Some(r#"{"other":{"views":[{"name":"x","query":"type=sql"}],"future":1}}"#), "p1", &a);
        assert_eq!(read(Some(&text), "p1"), a);
        assert_eq!(read(Some(&text), "other").views, vec![SavedView { name: "x".into(), query: "type=sql".into() }]);
        assert!(text.contains(r#""future":1"#), "{text}");
        assert_eq!(read(Some(&text), "nobody"), ProjectViews::default());
        assert_eq!(read(Some("not json"), "p1"), ProjectViews::default());
        assert_eq!(read(None, "p1"), ProjectViews::default());
    }

    #[test]
    fn saving_a_name_again_replaces_it_and_the_last_view_follows() {
        let mut v = ProjectViews::default();
        v.save("A", "type=batch");
        v.save("B", "type=sql");
        assert_eq!(v.last.as_deref(), Some("type=sql"));
        assert!(v.save("A", "healthStatus=error"));
        assert_eq!(
            v.views.iter().map(|v| (v.name.as_str(), v.query.as_str())).collect::<Vec<_>>(),
            [("A", "healthStatus=error"), ("B", "type=sql")]
        );
        v.rename(1, "C");
        assert_eq!(v.views[1].name, "C");
        // A rename onto another's name: the renamed one takes it, the other goes.
        v.rename(1, "A");
        assert_eq!(
            v.views.iter().map(|v| (v.name.as_str(), v.query.as_str())).collect::<Vec<_>>(),
            [("A", "type=sql")]
        );
        v.delete(0);
        assert!(v.views.is_empty());
        assert_eq!(v.last, None);
    }

    #[test]
    fn the_start_page_is_the_last_view_used() {
        let mut v = ProjectViews::default();
        v.save("Errors", "healthStatus=error&paginationLimit=250");
        let text = write(None, "demo project", &v);
        assert_eq!(
            start_url(Some(&text), "demo project"),
            "/projects/demo%20project/jobs?healthStatus=error&paginationLimit=250"
        );
        assert_eq!(start_url(Some(&text), "other"), "/projects/other/jobs");
        assert_eq!(start_url(None, "p"), "/projects/p/jobs");
    }
}
