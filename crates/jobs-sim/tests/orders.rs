//! The list's kept orders and search index against a plain filter-and-sort of all jobs, while
//! jobs change by themselves (simulated time), by actions, and by insertion.

use jobs_api::filter::JobFilter;
use jobs_api::*;
use jobs_sim::demo;
use jobs_sim::world::{compare_jobs, World};

const START: i64 = 1_764_300_000_000;

/// Every page of the list for `f`, joined.
fn all_pages(w: &mut World, f: &JobFilter, limit: u32) -> Vec<String> {
    let mut out = Vec::new();
    let mut f = f.clone();
    f.pagination_limit = Some(limit);
    for page in 0.. {
        f.pagination_offset = Some(u64::from(page * limit));
        let (values, more) = w.list(&f);
        out.extend(values.iter().map(|j| j.id.clone()));
        if !more {
            assert!(values.len() <= limit as usize);
            break;
        }
        assert_eq!(values.len(), limit as usize, "a page before the last is full");
    }
    out
}

/// The same list computed the slow, obvious way.
fn reference(w: &World, f: &JobFilter) -> Vec<String> {
    let column = f.sort_column.clone().unwrap_or_default();
    let order = f.sort_order.clone().unwrap_or_default();
    let q = f.search_string.as_ref().map(|q| q.to_lowercase());
    let mut hits: Vec<&JobSummary> = w
        .jobs
        .iter()
        .filter(|j| j.matches(f))
        .map(|j| &j.job.summary)
        .filter(|s| {
            // Independent of the index: the fields a search covers, read from the summary.
            q.as_ref().is_none_or(|q| {
                [
                    s.id.as_str(),
                    s.table_name(),
                    s.source.as_ref().and_then(|x| x.connection_name.as_deref()).unwrap_or(""),
                    s.job_type.as_str(),
                    s.created_by.username.as_str(),
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(q.as_str()))
            })
        })
        .collect();
    hits.sort_by(|a, b| compare_jobs(a, b, &column, &order));
    hits.iter().map(|j| j.id.clone()).collect()
}

fn filters() -> Vec<JobFilter> {
    let mut out = Vec::new();
    for column in SortColumn::ALL {
        for order in SortOrder::ALL {
            let mut f =
                JobFilter { sort_column: Some(column.clone()), sort_order: Some(order.clone()), ..Default::default() };
            out.push(f.clone());
            f.types = vec![JobType::Batch, JobType::Streaming];
            f.health_statuses = vec![HealthStatus::Ok, HealthStatus::Warn];
            out.push(f);
        }
    }
    for q in ["orders", "STREAM", "a", "zz-no-such-text", "-"] {
        let mut f = JobFilter { search_string: Some(q.into()), ..Default::default() };
        out.push(f.clone());
        f.execution_statuses = vec![ExecutionStatus::Running, ExecutionStatus::Completed];
        out.push(f);
    }
    out
}

fn check(w: &mut World, when: &str) {
    for f in filters() {
        let expected = reference(w, &f);
        for limit in [7, 100] {
            assert_eq!(all_pages(w, &f, limit), expected, "{when}: {f:?}, pages of {limit}");
        }
    }
}

#[test]
fn kept_orders_match_a_full_sort_while_jobs_change() {
    let mut w = World::new(demo::generate(600, 3, START, None));
    check(&mut w, "at the start");
    // Time passes: jobs start, finish, fail, go idle.
    for minutes in [1, 5, 30, 240] {
        w.advance(START + minutes * 60_000);
        check(&mut w, &format!("after {minutes} min"));
    }
    // Actions on a few jobs.
    let now = START + 241 * 60_000;
    let user = UserRef { username: "tester".into(), ..Default::default() };
    let ids: Vec<String> = w.jobs.iter().filter(|j| j.is_live()).take(20).map(|j| j.id().to_owned()).collect();
    assert!(!ids.is_empty());
    for id in &ids {
        let job = w.get_mut(id).unwrap();
        let _ = job.apply(Action::Cancel, now, &user, 0);
    }
    check(&mut w, "after cancels");
    // A new job and a replaced one.
    let mut extra = demo::generate(2, 99, now, None);
    let mut replaced = extra.pop().unwrap();
    replaced.job.summary.id = w.jobs[0].id().to_owned();
    w.insert(replaced);
    w.insert(extra.pop().unwrap());
    check(&mut w, "after inserts");
}
