use super::*;
use jobs_api::{Health, HealthCode, Source, SourceType, Target, Timestamp};

const MIN: i64 = 60_000;
/// The look's time.
const LOOK: i64 = 1_800_000_000_000;

/// A job of `table`, created `created` minutes from the look and last updated `updated` minutes
/// from it (a finished job ended then).
fn job(id: &str, t: JobType, table: &str, status: ExecutionStatus, created: i64, updated: i64) -> JobSummary {
    let mut j = JobSummary::empty(id.into(), t);
    j.target = Some(Target::table(table));
    j.execution_status = status.clone();
    j.desired_execution_status = status;
    j.health = Health::ok();
    j.created_timestamp = Timestamp::from_epoch_millis(LOOK + created * MIN);
    j.last_updated_timestamp = Timestamp::from_epoch_millis(LOOK + updated * MIN);
    if j.execution_status.is_finished() {
        j.completed_timestamp = Some(j.last_updated_timestamp.clone());
    }
    j
}

fn batch(id: &str, table: &str, status: ExecutionStatus, created: i64, updated: i64) -> JobSummary {
    job(id, JobType::Batch, table, status, created, updated)
}

fn health(mut j: JobSummary, status: HealthStatus, code: Option<HealthCode>, message: &str) -> JobSummary {
    j.health = Health { status, code, message: (!message.is_empty()).then(|| message.to_owned()), log: None };
    j
}

fn via(mut j: JobSummary, connection: &str) -> JobSummary {
    j.source = Some(Source {
        kind: SourceType::parse("connection"),
        connection_name: Some(connection.into()),
        table_name: None,
        data: None,
        extra: Default::default(),
    });
    j
}

fn failed(id: &str, table: &str, code: HealthCode, updated: i64) -> JobSummary {
    health(batch(id, table, ExecutionStatus::Failed, -60, updated), HealthStatus::Error, Some(code), "It broke.")
}

/// The look taken at `LOOK` of `before`.
fn look(before: &[JobSummary]) -> Look {
    let mut l = Look::new(LOOK);
    l.see(before);
    l
}

/// Each group's kind, title and changes' words, for comparing.
fn shape(groups: &[Group]) -> Vec<(Kind, String, Vec<String>)> {
    groups
        .iter()
        .map(|g| (g.kind, g.title(), g.changes.iter().map(|c| format!("{} {}", c.job.id, c.words())).collect()))
        .collect()
}

use ExecutionStatus::{Canceled, Completed, Failed, Pending, Running, Suspended};

#[test]
fn the_look_is_stored_as_text_and_read_back() {
    let mut l = look(&[
        via(
            health(batch("a", "orders", Running, -5, -1), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), ""),
            "kafka",
        ),
        failed("b", "clicks\tstream", HealthCode::UnableToProceed, -2),
    ]);
    l.at = 1_234;
    let text = l.to_text();
    assert!(text.starts_with("look1\t1234\n"));
    let back = Look::from_text(&text).unwrap();
    assert_eq!(back.at, 1_234);
    assert_eq!(back.get("a"), l.get("a"));
    assert_eq!(back.get("a").unwrap().code, "invalid_rows_found");
    // A tab in a table's name cannot split the line.
    assert_eq!(back.get("b").unwrap().table, "clicks stream");
    assert_eq!(Look::from_text("garbage"), None);
    assert_eq!(Look::from_text(""), None);
    // A line that is not a job's is left out.
    assert_eq!(Look::from_text("look1\t5\nnot a job").map(|l| (l.at, l.len())), Some((5, 0)));
}

#[test]
fn the_look_never_holds_what_it_cannot_store() {
    let mut odd = batch("with\ttab", "t", Running, -5, -1);
    let mut unreadable = batch("u", "t", Running, -5, -1);
    unreadable.unreadable = Some("missing createdTimestamp".into());
    let l = look(&[odd.clone(), unreadable]);
    assert!(l.is_empty());
    odd.id = "plain".into();
    assert_eq!(look(&[odd]).len(), 1);
}

#[test]
fn a_look_keeps_the_10000_most_recently_updated_jobs() {
    let jobs: Vec<JobSummary> =
        (0..KEPT as i64 + 5).map(|i| batch(&format!("j{i}"), "t", Running, -100_000, -100_000 + i)).collect();
    let l = look(&jobs);
    assert_eq!(l.len(), KEPT);
    // The five least recently updated went.
    assert!((0..5).all(|i| l.get(&format!("j{i}")).is_none()));
    assert!(l.get("j5").is_some() && l.get(&format!("j{}", KEPT + 4)).is_some());
    let mut fewer = l.clone();
    fewer.keep(10);
    assert_eq!(fewer.len(), 10);
    assert!(fewer.get(&format!("j{}", KEPT + 4)).is_some());
    assert!(fewer.get(&format!("j{}", KEPT - 6)).is_none());
    // Jobs updated at the same time as the last one kept: exactly as many as asked stay; a job
    // with no time is the first to go.
    let mut same: Vec<JobSummary> = (0..6).map(|i| batch(&format!("s{i}"), "t", Running, -10, -5)).collect();
    same.push(batch("newer", "t", Running, -10, -1));
    same[0].last_updated_timestamp = Timestamp::new("");
    let mut tied = look(&same);
    tied.keep(4);
    assert_eq!(tied.len(), 4);
    assert!(tied.get("newer").is_some() && tied.get("s0").is_none());
    // Seeing a job again keeps one entry, the newest word.
    let mut again = look(&same[..2]);
    again.see([&batch("s1", "t", Completed, -10, 3)]);
    assert_eq!((again.len(), again.get("s1").map(|s| s.status.clone())), (2, Some(Completed)));
}

#[test]
fn jobs_beyond_the_kept_count_only_what_their_times_prove() {
    // j0 fell out of the look (the oldest of 10,001); it then completed: its end proves it.
    let mut jobs: Vec<JobSummary> =
        (0..=KEPT as i64).map(|i| batch(&format!("j{i}"), "t", Running, -100_000, -100_000 + i)).collect();
    let l = look(&jobs);
    assert!(l.get("j0").is_none());
    jobs[0] = batch("j0", "t", Completed, -100_000, 5);
    assert_eq!(
        shape(&diff(&l, &jobs[..1])),
        vec![(Kind::Completed, "Completed · 1 job".into(), vec!["j0 not seen → completed".into()])]
    );
    // One that ended before the look and was merely touched since: nothing proves a change.
    let mut touched = batch("j0", "t", Failed, -100_000, -50);
    touched.last_updated_timestamp = Timestamp::from_epoch_millis(LOOK + 5 * MIN);
    assert!(diff(&l, [&touched]).is_empty());
}

#[test]
fn failures_are_grouped_by_code_and_connection_or_table_the_largest_first() {
    let before = [
        via(batch("k1", "orders", Running, -30, -1), "kafka-prod"),
        via(batch("k2", "clicks", Running, -30, -1), "kafka-prod"),
        via(batch("k3", "views", Running, -30, -1), "kafka-prod"),
        batch("f1", "daily", Running, -30, -1),
        batch("old", "daily", Failed, -90, -60),
    ];
    let l = look(&before);
    let lost =
        |id: &str, table: &str, at: i64| via(failed(id, table, HealthCode::LostConnectionToSource, at), "kafka-prod");
    let now = [
        lost("k1", "orders", 3),
        lost("k2", "clicks", 5),
        lost("k3", "views", 4),
        failed("f1", "daily", HealthCode::UnableToProceed, 2),
        // Failed before the look: not a change.
        batch("old", "daily", Failed, -90, -60),
        // Failed before the look, touched since: still not a change.
        failed("old", "daily", HealthCode::UnableToProceed, 7),
    ];
    let groups = diff(&l, &now);
    assert_eq!(
        shape(&groups),
        vec![
            (
                Kind::Failed,
                "lost_connection_to_source · connection kafka-prod · 3 jobs".into(),
                // The latest change first.
                vec!["k2 running → failed".into(), "k3 running → failed".into(), "k1 running → failed".into()]
            ),
            (Kind::Failed, "unable_to_proceed · table daily · 1 job".into(), vec!["f1 running → failed".into()]),
        ]
    );
    assert_eq!(groups[0].tables(), ["clicks", "views", "orders"]);
    assert_eq!(groups[0].changes[0].message(), "It broke.");
    assert_eq!(groups[0].changes[0].at, LOOK + 5 * MIN);
    assert_eq!(count(&groups), 4);
    // The list filter: failed, through that connection; the other one's table.
    let f = groups[0].list_filter();
    assert_eq!(
        (f.execution_statuses.clone(), f.connection_names.clone()),
        (vec![Failed], vec!["kafka-prod".to_owned()])
    );
    assert_eq!(groups[1].list_filter().target_table_name.as_deref(), Some("daily"));
}

#[test]
fn a_job_the_look_saw_unchanged_is_no_change() {
    let j = health(batch("a", "t", Running, -30, 5), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), "");
    let mut l = Look::new(LOOK);
    l.see([&j]);
    assert!(diff(&l, [&j]).is_empty());
    // Not updated since the look: not read as a change even if the look misses it.
    assert!(diff(&Look::new(LOOK), [&batch("b", "t", Failed, -30, 0)]).is_empty());
}

#[test]
fn health_that_got_worse_while_running() {
    let l = look(&[
        batch("ok-warn", "a", Running, -30, -1),
        batch("ok-error", "b", Running, -30, -1),
        health(batch("warn-error", "c", Running, -30, -1), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), ""),
        health(batch("error-warn", "d", Running, -30, -1), HealthStatus::Error, Some(HealthCode::UnableToProceed), ""),
        batch("ok-warn-done", "e", Running, -30, -1),
    ]);
    let now = [
        health(batch("ok-warn", "a", Running, -30, 1), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), ""),
        health(
            batch("ok-error", "b", Running, -30, 2),
            HealthStatus::Error,
            Some(HealthCode::UnableToProceed),
            "Stuck.",
        ),
        health(batch("warn-error", "c", Running, -30, 3), HealthStatus::Error, Some(HealthCode::UnableToProceed), ""),
        // Better is not worse.
        health(batch("error-warn", "d", Running, -30, 4), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), ""),
        // Finished with a warning: it completed, it did not get worse while running.
        health(
            batch("ok-warn-done", "e", Completed, -30, 5),
            HealthStatus::Warn,
            Some(HealthCode::InvalidRowsFound),
            "",
        ),
    ];
    assert_eq!(
        shape(&diff(&l, &now)),
        vec![
            (
                Kind::GotWorse,
                "Got worse · 3 jobs".into(),
                vec![
                    "warn-error health warn → error".into(),
                    "ok-error health ok → error".into(),
                    "ok-warn health ok → warn".into()
                ]
            ),
            (Kind::Completed, "Completed · 1 job".into(), vec!["ok-warn-done running → completed".into()]),
        ]
    );
}

#[test]
fn a_table_whose_last_load_had_failed_recovers() {
    let l = look(&[failed("f", "orders", HealthCode::UnableToProceed, -10), batch("r", "orders", Running, -5, -1)]);
    let now = [batch("r", "orders", Completed, -5, 3)];
    assert_eq!(
        shape(&diff(&l, &now)),
        vec![(Kind::Recovered, "Recovered · 1 job".into(), vec!["r failed → completed".into()])]
    );
    // A run again made after the look: the same.
    let l = look(&[failed("f", "orders", HealthCode::UnableToProceed, -10)]);
    let rerun = batch("again", "orders", Completed, 2, 8);
    assert_eq!(shape(&diff(&l, [&rerun]))[0].2, ["again failed → completed"]);
    // Completed with an error is no recovery; a newer failure the look knows keeps it failing.
    let bad =
        health(batch("again", "orders", Completed, 2, 8), HealthStatus::Error, Some(HealthCode::UnableToProceed), "");
    assert_eq!(diff(&l, [&bad])[0].kind, Kind::Completed);
    let newer =
        health(batch("g", "orders", Failed, -10, -2), HealthStatus::Error, Some(HealthCode::UnableToProceed), "");
    let l = look(&[failed("f", "orders", HealthCode::UnableToProceed, -10), newer]);
    assert_eq!(shape(&diff(&l, [&batch("again", "orders", Completed, -20, 8)]))[0].0, Kind::Completed);
}

#[test]
fn a_job_that_failed_and_was_run_again_since_the_look() {
    // Running at the look, failed since, run again and completed: the failure and the completion,
    // no recovery (the table was not failing at the look).
    let l = look(&[batch("a", "orders", Running, -30, -1)]);
    let now = [failed("a", "orders", HealthCode::UnableToProceed, 2), batch("b", "orders", Completed, 3, 9)];
    assert_eq!(
        shape(&diff(&l, &now)),
        vec![
            (Kind::Failed, "unable_to_proceed · table orders · 1 job".into(), vec!["a running → failed".into()]),
            (Kind::Completed, "Completed · 1 job".into(), vec!["b new → completed".into()]),
        ]
    );
}

#[test]
fn a_streaming_job_degrades_then_recovers() {
    let s = |health_status: HealthStatus, updated: i64| {
        let code = (health_status != HealthStatus::Ok).then_some(HealthCode::LostConnectionToSource);
        via(
            health(job("s", JobType::Streaming, "events", Running, -600, updated), health_status, code, ""),
            "kafka-prod",
        )
    };
    let worse = diff(&look(&[s(HealthStatus::Ok, -1)]), [&s(HealthStatus::Error, 2)]);
    assert_eq!(shape(&worse), vec![(Kind::GotWorse, "Got worse · 1 job".into(), vec!["s health ok → error".into()])]);
    let back = diff(&look(&[s(HealthStatus::Error, -1)]), [&s(HealthStatus::Ok, 2)]);
    assert_eq!(shape(&back), vec![(Kind::Recovered, "Recovered · 1 job".into(), vec!["s health error → ok".into()])]);
    assert_eq!(back[0].list_filter().connection_names, ["kafka-prod"]);
}

#[test]
fn completed_canceled_suspended_and_new() {
    let l = look(&[
        batch("c", "t1", Running, -30, -1),
        batch("x", "t2", Running, -30, -1),
        job("s", JobType::Streaming, "t3", Running, -30, -1),
        batch("p", "t4", Pending, -30, -1),
    ]);
    let now = [
        batch("c", "t1", Completed, -30, 4),
        batch("x", "t2", Canceled, -30, 3),
        job("s", JobType::Streaming, "t3", Suspended, -30, 2),
        // Started since: not a change of group.
        batch("p", "t4", Running, -30, 2),
        batch("n", "t5", Running, 1, 6),
        batch("m", "t6", Pending, 2, 2),
    ];
    let groups = diff(&l, &now);
    assert_eq!(
        shape(&groups),
        vec![
            (Kind::Completed, "Completed · 1 job".into(), vec!["c running → completed".into()]),
            (
                Kind::Stopped,
                "Canceled or suspended · 2 jobs".into(),
                vec!["x running → canceled".into(), "s running → suspended".into()]
            ),
            (Kind::New, "New · 2 jobs".into(), vec!["m new → pending".into(), "n new → running".into()]),
        ]
    );
    assert_eq!(groups[1].list_filter().execution_statuses, [Canceled, Suspended]);
    assert_eq!(groups[2].list_filter().sort_column, Some(SortColumn::CreatedDateTime));
    assert_eq!(counts_text(&groups), "1 completed, 2 canceled or suspended, 2 new");
}

#[test]
fn marking_jobs_as_seen_removes_them_from_the_changes() {
    let mut l = look(&[batch("a", "t", Running, -30, -1), batch("b", "t2", Running, -30, -1)]);
    let now = [
        failed("a", "t", HealthCode::UnableToProceed, 2),
        batch("b", "t2", Completed, -30, 3),
        batch("n", "t", Pending, 1, 1),
    ];
    assert_eq!(count(&diff(&l, &now)), 3);
    l.see([&now[0]]);
    assert_eq!(shape(&diff(&l, &now)).iter().map(|g| g.0).collect::<Vec<_>>(), [Kind::Completed, Kind::New]);
    l.see(&now);
    assert!(diff(&l, &now).is_empty());
}

#[test]
fn the_banner_leaves_out_the_zeros() {
    let l = look(&[batch("a", "t", Running, -30, -1), batch("w", "u", Running, -30, -1)]);
    let now = [
        failed("a", "t", HealthCode::UnableToProceed, 2),
        health(batch("w", "u", Running, -30, 2), HealthStatus::Warn, Some(HealthCode::InvalidRowsFound), ""),
        batch("n", "t", Running, 1, 1),
    ];
    let groups = diff(&l, &now);
    assert_eq!(
        banner_text(&groups, LOOK, LOOK + 120 * MIN),
        "Since your last look 2 h ago: 1 failed, 1 got worse, 1 new"
    );
    assert_eq!(counts_text(&[]), "");
}

#[test]
fn the_summary_has_a_line_per_group_with_its_tables_and_a_link() {
    let l = look(&[
        via(batch("k1", "orders", Running, -30, -1), "kafka-prod"),
        via(batch("k2", "clicks", Running, -30, -1), "kafka-prod"),
        batch("c", "daily", Running, -30, -1),
    ]);
    let now = [
        via(failed("k1", "orders", HealthCode::LostConnectionToSource, 3), "kafka-prod"),
        via(failed("k2", "clicks", HealthCode::LostConnectionToSource, 4), "kafka-prod"),
        batch("c", "daily", Completed, -30, 5),
    ];
    let text = summary("demo project", &diff(&l, &now), LOOK, LOOK + 90 * MIN, "https://console.example");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        "Polaris jobs, project demo project, since 2027-01-15 08:00:00 UTC (1 h ago): 2 failed, 1 completed"
    );
    assert_eq!(
        lines[1],
        "- Failed: lost_connection_to_source · connection kafka-prod · 2 jobs: clicks, orders \
         https://console.example/projects/demo%20project/jobs?executionStatus=failed&connectionName=kafka-prod"
    );
    // One job: its own page.
    assert_eq!(lines[2], "- Completed · 1 job: daily https://console.example/projects/demo%20project/jobs/c");
}

#[test]
fn a_notification_names_the_failed_tables() {
    let l = look(&[
        batch("a", "orders_daily", Running, -30, -1),
        batch("b", "clicks_stream", Running, -30, -1),
        batch("w", "u", Running, -30, -1),
    ]);
    let now = [
        failed("a", "orders_daily", HealthCode::UnableToProceed, 2),
        failed("b", "clicks_stream", HealthCode::LostConnectionToSource, 3),
        health(batch("w", "u", Running, -30, 2), HealthStatus::Error, Some(HealthCode::UnableToProceed), ""),
    ];
    let groups = diff(&l, &now);
    let fresh: Vec<(&Change, Kind)> = groups.iter().flat_map(|g| g.changes.iter().map(move |c| (c, g.kind))).collect();
    let (changes, kinds): (Vec<&Change>, Vec<Kind>) = fresh.into_iter().unzip();
    assert_eq!(notification(&changes[..2], &kinds[..2]).as_deref(), Some("2 jobs failed: clicks_stream, orders_daily"));
    assert_eq!(
        notification(&changes, &kinds).as_deref(),
        Some("2 jobs failed: clicks_stream, orders_daily; 1 job got worse: u")
    );
    assert_eq!(notification(&[], &[]), None);
}

#[test]
fn each_group_lists_the_latest_change_first_then_by_id() {
    let l = look(&[]);
    // Read in another order than the changes' times (the reading's order is the last update's).
    let now = [
        batch("b", "t", Completed, -60, 5),
        batch("a", "t", Completed, -60, 5),
        batch("c", "t", Completed, -60, 9),
        batch("z", "t", Completed, -60, 1),
    ];
    let ids: Vec<String> = diff(&l, &now)[0].changes.iter().map(|c| c.job.id.clone()).collect();
    assert_eq!(ids, ["c", "a", "b", "z"]);
    // Times on both sides of the epoch keep their order.
    let mut changes: Vec<Change> = ids
        .iter()
        .zip([-5, i64::MIN, 7, -5])
        .map(|(id, at)| Change { job: batch(id, "t", Completed, 0, 0), from: String::new(), to: String::new(), at })
        .collect();
    latest_first(&mut changes);
    let order: Vec<(&str, i64)> = changes.iter().map(|c| (c.job.id.as_str(), c.at)).collect();
    assert_eq!(order, [("b", 7), ("c", -5), ("z", -5), ("a", i64::MIN)]);
}
