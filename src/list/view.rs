//! The jobs list's view, held by the page URL: the API's own query parameters, so that the page
//! URL and the API request carry the same filter, and a link, a reload or Back/Forward
//! reproduces the view. Reading is lenient (a hand-edited URL never breaks the page); writing is
//! canonical (chips in the reference's order, defaults left out). [`use_list_view`] is the one
//! owner of that state on the list page.

use crate::app::router::{use_location, use_route_param, Location, NavigateOptions, Route};
use jobs_api::filter::{decode_query, param, JobFilter};
use jobs_api::{ExecutionStatus, HealthStatus, JobType, SortColumn, SortOrder};
use leptos::prelude::*;

/// The list page's view: the project and the filter from the URL, and the ways to change them.
/// Copy: every part of the page holds it.
#[derive(Clone, Copy)]
pub struct ListView {
    /// The project of the route.
    pub project: Memo<String>,
    /// The filter, sort and page of the URL's query.
    pub filter: Memo<JobFilter>,
    /// The view the person asked for last. The URL follows a navigation a moment later, so quick
    /// successive clicks build on this, never on a URL that has not caught up yet.
    intent: StoredValue<JobFilter>,
    location: Location,
}

/// The list page's view, read from the URL and written back to it.
pub fn use_list_view() -> ListView {
    let location = use_location();
    let project = use_route_param(|r| match r {
        Route::Jobs { project } => Some(project),
        _ => None,
    });
    let filter = Memo::new(move |_| filter_from_query(&location.search.get()));
    let intent = StoredValue::new(filter.get_untracked());
    Effect::new(move |_| intent.set_value(filter.get()));
    ListView { project, filter, intent, location }
}

impl ListView {
    /// The view asked for last (see `intent`).
    pub fn current(&self) -> JobFilter {
        self.intent.get_value()
    }

    /// Changes what the list shows (chips, search, sort, page size) and goes back to its first
    /// page: the one place where a change of view resets the offset. No step in the history when
    /// nothing changed.
    pub fn change(&self, edit: impl FnOnce(&mut JobFilter)) {
        self.change_with(edit, false);
    }

    /// [`ListView::change`] for what is typed into the search field: the history entry is
    /// replaced, not added to, while the person types.
    pub fn change_typing(&self, edit: impl FnOnce(&mut JobFilter)) {
        self.change_with(edit, true);
    }

    fn change_with(&self, edit: impl FnOnce(&mut JobFilter), replace: bool) {
        let now = self.current();
        let mut next = now.clone();
        edit(&mut next);
        next.pagination_offset = None;
        if canonical(next.clone()) != canonical(now) {
            self.go(next, replace);
        }
    }

    /// The next page (`forward`) or the previous one of the same view.
    pub fn turn_page(&self, forward: bool) {
        let mut f = self.current();
        let (limit, offset) = (u64::from(f.limit()), f.offset());
        // The offset comes from the URL: any u64, so no overflow either way.
        f.pagination_offset = Some(if forward { offset.saturating_add(limit) } else { offset.saturating_sub(limit) });
        self.go(f, false);
    }

    /// The page URL of this project's list with `f`.
    pub fn url_of(&self, f: &JobFilter) -> String {
        list_page_url(&self.project.get_untracked(), f)
    }

    fn go(&self, f: JobFilter, replace: bool) {
        let url = self.url_of(&f);
        self.intent.set_value(f);
        self.location.navigate(&url, NavigateOptions { replace, scroll: false });
    }
}

/// The page sizes offered.
pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 250, 1000];
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Reads a page query string; values the console does not know are dropped.
pub fn filter_from_query(query: &str) -> JobFilter {
    let mut f = JobFilter::default();
    for (k, v) in decode_query(query) {
        match k.as_str() {
            param::TYPE => push_known(&mut f.types, JobType::parse_known(&v)),
            param::EXECUTION_STATUS => push_known(&mut f.execution_statuses, ExecutionStatus::parse_known(&v)),
            param::HEALTH_STATUS => push_known(&mut f.health_statuses, HealthStatus::parse_known(&v)),
            param::CONNECTION_NAME if !v.is_empty() => f.connection_names.push(v),
            param::TARGET_TABLE_NAME if !v.is_empty() => f.target_table_name = Some(v),
            param::TARGET_TABLE_ID if !v.is_empty() => f.target_table_id = Some(v),
            param::SEARCH_STRING if !v.trim().is_empty() => f.search_string = Some(v),
            param::SORT_COLUMN => f.sort_column = SortColumn::parse_known(&v),
            param::SORT_ORDER => f.sort_order = SortOrder::parse_known(&v),
            param::PAGINATION_LIMIT => f.pagination_limit = v.parse().ok().filter(|n| PAGE_SIZES.contains(n)),
            param::PAGINATION_OFFSET => f.pagination_offset = v.parse().ok().filter(|n| *n > 0),
            _ => {}
        }
    }
    canonical(f)
}

fn push_known<T: PartialEq>(list: &mut Vec<T>, v: Option<T>) {
    if let Some(v) = v {
        if !list.contains(&v) {
            list.push(v);
        }
    }
}

fn order_like<T: PartialEq + Clone>(values: &[T], all: &[T]) -> Vec<T> {
    all.iter().filter(|v| values.contains(v)).cloned().collect()
}

/// Chips in the reference's order; defaults (sort, page size, offset 0) left out.
pub fn canonical(mut f: JobFilter) -> JobFilter {
    f.types = order_like(&f.types, JobType::ALL);
    f.execution_statuses = order_like(&f.execution_statuses, ExecutionStatus::ALL);
    f.health_statuses = order_like(&f.health_statuses, HealthStatus::ALL);
    if f.sort_column == Some(SortColumn::default()) {
        f.sort_column = None;
    }
    if f.sort_order == Some(SortOrder::default()) {
        f.sort_order = None;
    }
    if f.pagination_limit == Some(DEFAULT_PAGE_SIZE) {
        f.pagination_limit = None;
    }
    if f.pagination_offset == Some(0) {
        f.pagination_offset = None;
    }
    f
}

/// The page URL of a project's list with this filter (the API's URL for it is
/// `api::list_jobs_url`).
pub fn list_page_url(project: &str, f: &JobFilter) -> String {
    let q = canonical(f.clone()).to_query_string();
    let base = format!("/projects/{}/jobs", jobs_api::filter::encode_component(project));
    if q.is_empty() {
        base
    } else {
        format!("{base}?{q}")
    }
}

/// The filter with every chip and the search cleared (sort and page size kept).
pub fn cleared(f: &JobFilter) -> JobFilter {
    JobFilter {
        sort_column: f.sort_column.clone(),
        sort_order: f.sort_order.clone(),
        pagination_limit: f.pagination_limit,
        ..JobFilter::default()
    }
}

/// True when any chip or the search narrows the list.
pub fn is_filtered(f: &JobFilter) -> bool {
    !(f.types.is_empty()
        && f.execution_statuses.is_empty()
        && f.health_statuses.is_empty()
        && f.connection_names.is_empty()
        && f.target_table_name.is_none()
        && f.target_table_id.is_none()
        && f.search_string.is_none())
}

/// Every filter the list's request carries, as (query parameter, value, words): the pills above
/// the table, so that nothing narrows the list unseen (a shared link's `connectionName` or
/// `targetTableId` included). Sort and paging are the only parameters left out.
pub fn active_filters(f: &JobFilter) -> Vec<(&'static str, String, String)> {
    use crate::text::format::{health_label, job_type_label, status_label};
    let mut out = Vec::new();
    let mut add = |key, value: &str, name: &str, label: &str| {
        let mut words = String::from(name);
        words.push_str(": ");
        words.push_str(label);
        out.push((key, value.to_owned(), words));
    };
    for v in &f.types {
        add(param::TYPE, v.as_str(), "Type", &job_type_label(v));
    }
    for v in &f.execution_statuses {
        add(param::EXECUTION_STATUS, v.as_str(), "Status", &status_label(v));
    }
    for v in &f.health_statuses {
        add(param::HEALTH_STATUS, v.as_str(), "Health", &health_label(v));
    }
    for v in &f.connection_names {
        add(param::CONNECTION_NAME, v, "Connection", v);
    }
    for (key, name, v) in [
        (param::TARGET_TABLE_NAME, "Table", &f.target_table_name),
        (param::TARGET_TABLE_ID, "Table ID", &f.target_table_id),
        (param::SEARCH_STRING, "Search", &f.search_string),
    ] {
        if let Some(v) = v {
            add(key, v, name, v);
        }
    }
    out
}

/// `f` without the filter `value` of the parameter `key` (a pill removed).
pub fn without(f: &JobFilter, key: &str, value: &str) -> JobFilter {
    let mut f = f.clone();
    match key {
        param::TYPE => f.types.retain(|v| v.as_str() != value),
        param::EXECUTION_STATUS => f.execution_statuses.retain(|v| v.as_str() != value),
        param::HEALTH_STATUS => f.health_statuses.retain(|v| v.as_str() != value),
        param::CONNECTION_NAME => f.connection_names.retain(|v| v != value),
        param::TARGET_TABLE_NAME => f.target_table_name = None,
        param::TARGET_TABLE_ID => f.target_table_id = None,
        param::SEARCH_STRING => f.search_string = None,
        _ => {}
    }
    f
}

/// `f` with the value `value` of the chip group `key` (type, execution status, health status)
/// turned on, or off when it was on.
pub fn toggled(f: &JobFilter, key: &str, value: &str) -> JobFilter {
    if f.to_query_pairs().iter().any(|(k, v)| *k == key && v == value) {
        return without(f, key, value);
    }
    let mut f = f.clone();
    match key {
        param::TYPE => push_known(&mut f.types, JobType::parse_known(value)),
        param::EXECUTION_STATUS => push_known(&mut f.execution_statuses, ExecutionStatus::parse_known(value)),
        param::HEALTH_STATUS => push_known(&mut f.health_statuses, HealthStatus::parse_known(value)),
        _ => {}
    }
    f
}

/// `f` with the text filter `value` of `key` added: a table (`targetTableName`, one at a time:
/// it replaces the one before) or a connection (`connectionName`, several: OR). A blank value, or
/// one the filter has already, changes nothing.
pub fn with_filter(f: &JobFilter, key: &str, value: &str) -> JobFilter {
    let mut f = f.clone();
    let value = value.trim();
    if value.is_empty() {
        return f;
    }
    match key {
        param::CONNECTION_NAME if !f.connection_names.iter().any(|c| c == value) => {
            f.connection_names.push(value.to_owned())
        }
        param::TARGET_TABLE_NAME => f.target_table_name = Some(value.to_owned()),
        param::TARGET_TABLE_ID => f.target_table_id = Some(value.to_owned()),
        _ => {}
    }
    f
}

/// "Rows 101–200" for a page (1-based, inclusive); `None` for an empty page.
pub fn range_label(offset: u64, shown: usize) -> Option<String> {
    (shown > 0).then(|| format!("Rows {}–{}", offset.saturating_add(1), offset.saturating_add(shown as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_connection_values_map_onto_the_query() {
        let f = filter_from_query("type=batch");
        let f = with_filter(&f, param::TARGET_TABLE_NAME, " orders daily ");
        let f = with_filter(&f, param::CONNECTION_NAME, "kafka-a");
        let f = with_filter(&f, param::CONNECTION_NAME, "s3&b");
        // Again, or blank: nothing changes.
        assert_eq!(with_filter(&f, param::CONNECTION_NAME, "kafka-a"), f);
        assert_eq!(with_filter(&f, param::TARGET_TABLE_NAME, "  "), f);
        assert_eq!(
            canonical(f.clone()).to_query_string(),
            "type=batch&connectionName=kafka-a&connectionName=s3%26b&targetTableName=orders%20daily"
        );
        // A table replaces the one before.
        let g = with_filter(&f, param::TARGET_TABLE_NAME, "other");
        assert_eq!(g.target_table_name.as_deref(), Some("other"));
        assert_eq!(filter_from_query(&canonical(g.clone()).to_query_string()), canonical(g));
    }

    #[test]
    fn url_round_trip_is_canonical() {
        let f = filter_from_query("?healthStatus=error&healthStatus=ok&type=sql&type=batch&searchString=a%20b&paginationLimit=250&paginationOffset=500&sortColumn=type&sortOrder=ASC");
        assert_eq!(f.health_statuses, [HealthStatus::Ok, HealthStatus::Error]);
        assert_eq!(f.types, [JobType::Batch, JobType::Sql]);
        assert_eq!(
            list_page_url("p1", &f),
            "/projects/p1/jobs?type=batch&type=sql&healthStatus=ok&healthStatus=error&searchString=a%20b&sortColumn=type&sortOrder=ASC&paginationLimit=250&paginationOffset=500"
        );
        assert_eq!(filter_from_query(&list_page_url("p1", &f)["/projects/p1/jobs".len()..]), f);
    }

    #[test]
    fn lenient_reading_drops_what_it_does_not_know() {
        let f = filter_from_query(
            "type=nope&type=batch&type=batch&paginationLimit=7&paginationOffset=-3&sortOrder=desc&healthStatus=warning",
        );
        assert_eq!(f.types, [JobType::Batch]);
        assert_eq!(f.health_statuses, [HealthStatus::Warn]);
        assert_eq!((f.pagination_limit, f.pagination_offset, f.sort_order), (None, None, None));
        assert_eq!(
            list_page_url(
                "p",
                &filter_from_query("sortColumn=last_updated_date_time&sortOrder=DESC&paginationLimit=100")
            ),
            "/projects/p/jobs"
        );
    }

    #[test]
    fn toggles_and_clear() {
        let f = filter_from_query("type=batch&healthStatus=ok");
        let on = toggled(&f, param::TYPE, "sql");
        assert_eq!(on.types, [JobType::Batch, JobType::Sql]);
        assert_eq!(toggled(&on, param::TYPE, "batch").types, [JobType::Sql]);
        assert_eq!(toggled(&f, param::HEALTH_STATUS, "ok").health_statuses, []);
        assert_eq!(toggled(&f, param::EXECUTION_STATUS, "failed").execution_statuses, [ExecutionStatus::Failed]);
        assert_eq!(toggled(&f, param::TYPE, "no_such_type"), f, "an unknown value changes nothing");
        let f = filter_from_query("type=batch&searchString=x&sortColumn=type&paginationLimit=50&paginationOffset=50");
        assert!(is_filtered(&f));
        let c = cleared(&f);
        assert!(!is_filtered(&c));
        assert_eq!((c.sort_column, c.pagination_limit, c.pagination_offset), (Some(SortColumn::Type), Some(50), None));
        assert_eq!(range_label(100, 100).as_deref(), Some("Rows 101–200"));
        assert_eq!(range_label(0, 0), None);
        // An offset from the URL at the end of u64: no overflow.
        let last = filter_from_query("paginationOffset=18446744073709551615");
        assert_eq!(last.pagination_offset, Some(u64::MAX));
        assert_eq!(range_label(u64::MAX, 100).as_deref(), Some("Rows 18446744073709551615–18446744073709551615"));
    }

    #[test]
    fn project_ids_are_encoded_in_paths() {
        assert_eq!(list_page_url("a/b c", &JobFilter::default()), "/projects/a%2Fb%20c/jobs");
    }

    #[test]
    fn every_parameter_the_api_receives_is_shown_and_each_can_be_removed() {
        let query = "type=batch&type=sql&executionStatus=running&healthStatus=error&connectionName=kafka-a\
                     &connectionName=s3%20%3Cb%3E&targetTableName=orders_daily&targetTableId=t-1&searchString=x%26y\
                     &sortColumn=type&sortOrder=ASC&paginationLimit=50&paginationOffset=50";
        let f = filter_from_query(query);
        let shown = active_filters(&f);
        let sent: Vec<(&str, String)> = f
            .to_query_pairs()
            .into_iter()
            .filter(|(k, _)| {
                ![param::SORT_COLUMN, param::SORT_ORDER, param::PAGINATION_LIMIT, param::PAGINATION_OFFSET].contains(k)
            })
            .collect();
        assert_eq!(sent.len(), 9, "{sent:?}");
        for (k, v) in &sent {
            assert!(shown.iter().any(|(sk, sv, _)| sk == k && sv == v), "{k}={v} is sent but not shown: {shown:?}");
        }
        assert_eq!(shown.len(), sent.len(), "nothing shown that is not sent");
        let words: Vec<&str> = shown.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(
            words,
            [
                "Type: Batch",
                "Type: SQL",
                "Status: Running",
                "Health: Error",
                "Connection: kafka-a",
                "Connection: s3 <b>",
                "Table: orders_daily",
                "Table ID: t-1",
                "Search: x&y"
            ]
        );
        // Each removed alone, the rest (sort and page size too) kept.
        for (k, v, _) in &shown {
            let rest = without(&f, k, v);
            let left = active_filters(&rest);
            assert_eq!(left.len(), shown.len() - 1);
            assert!(!left.iter().any(|(lk, lv, _)| lk == k && lv == v));
            assert_eq!((rest.sort_column.clone(), rest.pagination_limit), (f.sort_column.clone(), f.pagination_limit));
        }
    }
}
