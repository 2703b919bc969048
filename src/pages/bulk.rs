//! The jobs list's bulk actions, in a chunk of their own (`pages::lazy`): the list's selection
//! bar starts a [`BulkTask`] and this builds it.
//!
//! - An action on the selected jobs: a modal dialog says which jobs it applies to and which it
//!   does not, and why (`selection::not_applicable`; those are never sent); more than
//!   [`TYPED_ABOVE`] jobs are confirmed by typing their number. The run sends each job's
//!   `POST /status` by `bulk_pool`'s rules (once, at most four at a time, a 429 pausing all
//!   sending, "Stop", a 401 ending it). Then one row per job: Done, Refused (the server's message), Failed (network or 5xx)
//!   or Not sent, a summary said in the live region, "Retry failed", and the list refreshed.
//!   After a 401 the dialog stays with its results ("The credential was rejected: N not sent");
//!   the connect page comes when it closes. Leaving the page while it sends asks first; a run
//!   cut short anyway (another tab's Disconnect, the tab closed) leaves its unsent jobs for the
//!   list to show selected again ([`UNSENT_KEY`]).
//! - A selection is of one project: a change of project clears it.
//! - "Select all matching jobs": every job the list's filter matches, [`PAGE`] per request, with
//!   a progress bar and "Stop", up to `MAX_SELECTED`.

use crate::api::{self, ApiError, Connection, ListRequest};
use crate::app::loader::now_ms;
use crate::app::router::{ask_before_leaving, job_page_url, use_location};
use crate::app::session::use_session;
use crate::job::actions::{self, verbs};
use crate::list::bulk_pool::{Env, Outcome, Pool};
use crate::list::selection::{matching_part, not_applicable, Picked, Selection, Unsent, MAX_SELECTED, UNSENT_KEY};
use crate::pages::jobs::BulkContext;
use crate::text::format::thousands;
use jobs_api::{Action, JobFilter};
use leptos::html;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Above this many jobs, the person types the number to confirm.
pub const TYPED_ABOVE: usize = 10;
/// Jobs per list request while selecting every matching job (the API's largest page).
pub const PAGE: u32 = 1000;

/// What the selection bar starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BulkTask {
    /// The dialog, the run and the results of an action on the selected jobs.
    Act(Action),
    /// Selects every job the filter matches, page by page.
    SelectAll,
}

/// The list's side of things, and the bar's.
#[derive(Clone, Copy)]
struct Bar {
    list: BulkContext,
    selection: RwSignal<Selection>,
    /// What is under way, if anything (`None` closes it).
    task: RwSignal<Option<BulkTask>>,
    /// How "Select all matching jobs" ended, until the next task.
    note: RwSignal<Option<String>>,
}

/// Keeps the selection: the jobs table's boxes (checked or not by a person, in a row or the
/// header) change it, and show it after every change of either; selected jobs take in their
/// latest summaries. Those checked before the chunk came count. A box a person changes ends
/// what `note` said of the selection.
fn keep_selection(list: BulkContext, selection: RwSignal<Selection>, note: RwSignal<Option<String>>) {
    // Jobs on screen whose boxes say `on`, into the selection or out of it.
    let apply = move |ids: &[String], on: bool| {
        list.answer.with_untracked(|a| {
            let Some(a) = a else { return };
            let jobs: Vec<_> = a.values.iter().filter(|j| ids.contains(&j.id)).cloned().collect();
            selection.update(|s| {
                s.set(&jobs, on);
            });
        });
    };
    let all_ids = move || {
        list.answer.with_untracked(|a| {
            a.as_ref().map_or_else(Vec::new, |a| a.values.iter().map(|j| j.id.clone()).collect::<Vec<_>>())
        })
    };
    let table = list.table;
    // Checked before this code came.
    if table.page_box().is_some_and(|b| b.checked()) {
        apply(&all_ids(), true);
    } else {
        let checked: Vec<String> = table.boxes().into_iter().filter(|(_, b)| b.checked()).map(|(id, _)| id).collect();
        apply(&checked, true);
    }
    table.on_box_change(move |id, on| {
        note.set(None);
        match id {
            Some(id) => apply(&[id], on),
            None => apply(&all_ids(), on),
        }
    });
    Effect::new(move |_| {
        list.synced.track();
        selection.with(|s| {
            for (id, b) in table.boxes() {
                let want = s.contains(&id);
                if b.checked() != want {
                    b.set_checked(want);
                }
            }
            if let Some(h) = table.page_box() {
                let (every, some) =
                    list.answer.with_untracked(|a| a.as_ref().map_or((false, false), |a| s.covers(&a.values)));
                h.set_checked(every);
                h.set_indeterminate(some && !every);
            }
        });
    });
    // Selected jobs as last seen (what decides whether an action applies).
    Effect::new(move |_| {
        list.answer.with(|a| {
            if let Some(a) = a {
                selection.update_untracked(|s| {
                    s.refresh(&a.values);
                });
            }
        })
    });
}

/// The selection bar: how many jobs are selected and what can be done with them (while any are),
/// and what it starts.
#[component]
pub fn BulkPanel() -> impl IntoView {
    crate::browser::js::adopt_style(include_str!("../../style/bulk.css"));
    let list = expect_context::<BulkContext>();
    let ctx = Bar {
        list,
        selection: RwSignal::new(Selection::of(&list.project.get_untracked())),
        task: RwSignal::new(None),
        note: RwSignal::new(None),
    };
    let (selection, task, note) = (ctx.selection, ctx.task, ctx.note);
    keep_selection(list, selection, note);
    take_unsent(ctx);
    // A selection is of one project: another project's list starts with none (nothing of the
    // earlier one can be sent to it).
    Effect::new(move |_| {
        let project = list.project.get();
        if selection.with_untracked(|s| s.project() != project) {
            note.set(None);
            task.set(None);
            selection.set(Selection::of(&project));
            take_unsent(ctx);
        }
    });
    let count = Memo::new(move |_| selection.with(|s| s.len()));
    // A change of what the list matches (not of its order or page) asks whether to keep the
    // jobs selected under the earlier filter.
    let asking = RwSignal::new(false);
    let matched = StoredValue::new(ctx.list.filter.with_untracked(matching_part));
    Effect::new(move |_| {
        let now = ctx.list.filter.with(matching_part);
        if matched.with_value(|m| *m != now) {
            matched.set_value(now);
            // "Selected every job that matches the filter" was of the filter before.
            note.set(None);
            if count.get_untracked() > 0 {
                asking.set(true);
            }
        }
    });
    Effect::new(move |_| {
        if count.get() == 0 {
            asking.set(false);
        }
    });
    let start = move |t: BulkTask| {
        note.set(None);
        task.set(Some(t));
    };
    // What `note` says is of the selection it ends.
    let clear = move |_| {
        note.set(None);
        selection.set(Selection::of(&list.project.get_untracked()));
    };
    let busy = move || task.with(Option::is_some);
    let act = move |a: Action, label: &'static str| {
        view! {
            <button type="button" class="btn" prop:disabled=busy on:click=move |_| start(BulkTask::Act(a))>
                {label}
            </button>
        }
    };
    view! {
        <Show when=move || { count.get() > 0 }>
            <section class="selection-bar" aria-label="Selected jobs">
                <strong class="count">{move || format!("{} selected", thousands(count.get() as u64))}</strong>
                {move || {
                    if asking.get() {
                        view! {
                            <span>"The filter changed. Keep the jobs selected before it?"</span>
                            <button type="button" class="btn" on:click=move |_| asking.set(false)>
                                "Keep selection"
                            </button>
                            <button type="button" class="btn" on:click=clear>
                                "Clear selection"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            {act(Action::Cancel, "Cancel selected")}
                            {act(Action::Suspend, "Suspend selected")}
                            {act(Action::Resume, "Resume selected")}
                            <button
                                type="button"
                                class="btn btn-quiet"
                                prop:disabled=busy
                                on:click=move |_| start(BulkTask::SelectAll)
                            >
                                "Select all matching jobs"
                            </button>
                            <button type="button" class="btn btn-quiet" prop:disabled=busy on:click=clear>
                                "Clear selection"
                            </button>
                        }
                            .into_any()
                    }
                }}
                {move || note.get().map(|n| view! { <p class="note">{n}</p> })}
            </section>
        </Show>
        {move || match task.get() {
            Some(BulkTask::Act(action)) => Some(view! { <BulkRun ctx=ctx action=action /> }.into_any()),
            Some(BulkTask::SelectAll) => Some(view! { <SelectAllMatching ctx=ctx /> }.into_any()),
            None => None,
        }}
    }
}

/// The jobs handed to the list for this project ([`UNSENT_KEY`]: an interrupted run's, or a
/// Changes group's): selected, with what happened as the bar's note.
fn take_unsent(ctx: Bar) {
    let Some(storage) = window().session_storage().ok().flatten() else { return };
    let Some(unsent) = storage.get_item(UNSENT_KEY).ok().flatten().and_then(|t| Unsent::from_text(&t)) else {
        return;
    };
    if ctx.selection.with_untracked(|s| s.project() != unsent.project) {
        return;
    }
    let _ = storage.remove_item(UNSENT_KEY);
    ctx.selection.update(|s| unsent.jobs.into_iter().for_each(|j| s.add(j)));
    ctx.note.set(Some(unsent.note));
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: f64) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        Duration::from_millis(ms.max(0.0) as u64),
    );
    let _ = rx.await;
}

/// "1 job", "37 jobs".
fn jobs_count(n: usize) -> String {
    format!("{} job{}", thousands(n as u64), if n == 1 { "" } else { "s" })
}

/// How an outcome is shown.
impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Waiting => "Waiting",
            Outcome::Sending => "Sending…",
            Outcome::Done => "Done",
            Outcome::Refused(_) => "Refused",
            Outcome::Failed(_) => "Failed",
            Outcome::NotSent(_) => "Not sent",
        }
    }

    /// How many places [`Outcome::rank`] gives.
    const RANKS: u8 = 5;

    /// Where the outcome's rows go in the results: what needs a look first.
    fn rank(&self) -> u8 {
        match self {
            Outcome::Failed(_) => 0,
            Outcome::Refused(_) => 1,
            Outcome::NotSent(_) => 2,
            Outcome::Waiting | Outcome::Sending => 3,
            Outcome::Done => 4,
        }
    }

    fn detail(&self) -> &str {
        match self {
            Outcome::Refused(m) | Outcome::Failed(m) | Outcome::NotSent(m) => m,
            _ => "",
        }
    }
}

/// "35 done, 1 refused, 1 failed" (a count of none is left out, but for done).
pub fn summary(outcomes: &[Outcome]) -> String {
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let mut parts = vec![format!("{} done", thousands(count(|o| *o == Outcome::Done) as u64))];
    for (n, what) in [
        (count(|o| matches!(o, Outcome::Refused(_))), "refused"),
        (count(|o| matches!(o, Outcome::Failed(_))), "failed"),
        (count(|o| matches!(o, Outcome::NotSent(_))), "not sent"),
    ] {
        if n > 0 {
            parts.push(format!("{} {what}", thousands(n as u64)));
        }
    }
    parts.join(", ")
}

/// One job of the dialog: what it is, and where it stands.
#[derive(Clone)]
struct Entry {
    job: Picked,
    outcome: RwSignal<Outcome>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Confirm,
    Running,
    Finished,
}

/// The pool's world on the page: the API, the page's clock and timers, the dialog's rows.
struct PageEnv {
    entries: StoredValue<Vec<Entry>>,
    answered: RwSignal<usize>,
    paused: RwSignal<Option<u32>>,
    rejected: RwSignal<bool>,
    conn: Connection,
    project: String,
    action: Action,
}

impl Env for PageEnv {
    fn now_ms(&self) -> f64 {
        now_ms()
    }
    fn sleep(&self, ms: f64) -> impl Future<Output = ()> {
        sleep(ms)
    }
    fn send(&self, job: usize) -> impl Future<Output = Result<(), ApiError>> {
        let id = self.entries.try_with_value(|es| es[job].job.id.clone());
        let (conn, project, action) = (self.conn.clone(), self.project.clone(), self.action);
        let rejected = self.rejected;
        async move {
            let id = id.ok_or(ApiError::Aborted)?;
            let answer = actions::send(&conn, &project, &id, action).await.map(drop);
            if answer == Err(ApiError::Unauthorized) {
                rejected.try_set(true);
            }
            answer
        }
    }
    fn outcome(&self, job: usize, outcome: Outcome) {
        let answer = !matches!(outcome, Outcome::Waiting | Outcome::Sending);
        self.entries.try_with_value(|es| es[job].outcome.try_set(outcome));
        if answer {
            self.answered.try_update(|a| *a += 1);
        }
    }
    fn paused(&self, seconds: Option<u32>) {
        self.paused.try_set(seconds);
    }
}

/// An action's run on the selected jobs: who it is for, where it stands, and how to start or
/// stop it.
#[derive(Clone, Copy)]
struct Run {
    /// The jobs the action applies to, in the order they were selected (the ones it sends).
    entries: StoredValue<Vec<Entry>>,
    /// The others, with why.
    skipped: StoredValue<Vec<Entry>>,
    phase: RwSignal<Phase>,
    stopped: RwSignal<bool>,
    /// Seconds of the pause a 429 asked for, while it lasts.
    paused: RwSignal<Option<u32>>,
    answered: RwSignal<usize>,
    in_run: RwSignal<usize>,
    /// The summary said at the end.
    result: RwSignal<String>,
    /// The credential was rejected (401) during the run: closing the dialog asks for it again.
    rejected: RwSignal<bool>,
    /// Sends the action for these entries (indices), as bulk_pool's rules say.
    start: Callback<Vec<usize>>,
    stop: Callback<()>,
    /// The entries whose request failed (to retry).
    failed: Memo<Vec<usize>>,
}

fn use_run(ctx: Bar, action: Action) -> Run {
    let session = use_session();
    let verb = verbs(action).0;
    // The project the selection is of: the only one its jobs are sent to.
    let project = ctx.selection.with_untracked(|s| s.project().to_owned());
    // Jobs the action applies to first (sent in the order they were selected), then the others.
    let (mut entries, mut skipped) = (Vec::new(), Vec::new());
    ctx.selection.with_untracked(|s| {
        for j in s.jobs() {
            match not_applicable(action, j) {
                None => entries.push(Entry { job: j.clone(), outcome: RwSignal::new(Outcome::Waiting) }),
                Some(why) => skipped.push(Entry { job: j.clone(), outcome: RwSignal::new(Outcome::NotSent(why)) }),
            }
        }
    });
    let entries = StoredValue::new(entries);
    let (phase, stopped, paused) = (RwSignal::new(Phase::Confirm), RwSignal::new(false), RwSignal::new(None));
    let (answered, in_run, result) = (RwSignal::new(0), RwSignal::new(0), RwSignal::new(String::new()));
    let rejected = RwSignal::new(false);
    // While it sends, leaving the page asks first.
    let question =
        format!("{verb} is still sending to the selected jobs. Leave anyway? The jobs not sent yet will not be sent.");
    Effect::new(move |_| {
        let running = phase.get() == Phase::Running;
        ask_before_leaving(running.then(|| question.clone()));
    });
    guard_the_tab(phase, entries, project.clone(), verb);
    // The run under way, for Stop and for leaving the page.
    let pool = StoredValue::new_local(None::<Rc<Pool>>);
    let left = project.clone();
    on_cleanup(move || {
        keep_unsent(phase, entries, &left, verb);
        ask_before_leaving(None);
        if let Some(Some(p)) = pool.try_get_value() {
            p.stop();
        }
    });
    let start = Callback::new(move |which: Vec<usize>| {
        let Some(conn) = session.connection.get_untracked() else { return };
        // Never to another project than the selection's.
        if ctx.list.project.get_untracked() != project {
            return;
        }
        entries.with_value(|es| which.iter().for_each(|&i| es[i].outcome.set(Outcome::Waiting)));
        phase.set(Phase::Running);
        stopped.set(false);
        answered.set(0);
        in_run.set(which.len());
        let run_pool = Rc::new(Pool::new(which));
        pool.set_value(Some(run_pool.clone()));
        let env = PageEnv { entries, answered, paused, rejected, conn, project: project.clone(), action };
        leptos::task::spawn_local(async move {
            let left = run_pool.run(&env).await;
            if phase.try_get_untracked().is_none() {
                return;
            }
            let rejected = rejected.get_untracked();
            let why = if rejected {
                "The credential was rejected (401) before it was sent."
            } else {
                "Stopped before it was sent."
            };
            let unsent = left.len();
            entries.with_value(|es| {
                for i in left {
                    es[i].outcome.set(Outcome::NotSent(why.into()));
                }
            });
            phase.set(Phase::Finished);
            // Not cut short after all (a page shown again from the back/forward cache).
            if let Some(s) = window().session_storage().ok().flatten() {
                let _ = s.remove_item(UNSENT_KEY);
            }
            let outcomes: Vec<Outcome> =
                entries.with_value(|es| es.iter().map(|e| e.outcome.get_untracked()).collect());
            let mut text = format!("{verb}: {}.", summary(&outcomes));
            if rejected {
                text = format!("The credential was rejected: {} not sent. {text}", thousands(unsent as u64));
            }
            result.set(text.clone());
            session.announce(text);
            // After a 401 the list would be asked with the rejected credential: the connect page
            // comes when the dialog closes.
            if !rejected {
                ctx.list.refresh.run(());
            }
        });
    });
    let stop = Callback::new(move |()| {
        stopped.set(true);
        pool.with_value(|p| p.as_ref().map(|p| p.stop()));
    });
    let failed = Memo::new(move |_| {
        entries.with_value(|es| {
            let failed = |(_, e): &(usize, &Entry)| matches!(e.outcome.get(), Outcome::Failed(_));
            es.iter().enumerate().filter(failed).map(|(i, _)| i).collect::<Vec<_>>()
        })
    });
    let skipped = StoredValue::new(skipped);
    Run { entries, skipped, phase, stopped, paused, answered, in_run, result, rejected, start, stop, failed }
}

/// While the calling component is there: closing the tab or loading another page while a run
/// sends is the browser's own question (`beforeunload`); the tab left anyway (`pagehide`), what
/// was not sent is kept for the list ([`keep_unsent`]).
fn guard_the_tab(phase: RwSignal<Phase>, entries: StoredValue<Vec<Entry>>, project: String, verb: &'static str) {
    let leaving = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        if e.type_() == "pagehide" {
            keep_unsent(phase, entries, &project, verb);
        } else if phase.try_get_untracked() == Some(Phase::Running) {
            e.prevent_default();
            e.unchecked_ref::<web_sys::BeforeUnloadEvent>().set_return_value("");
        }
    });
    for event in ["beforeunload", "pagehide"] {
        let _ = window().add_event_listener_with_callback(event, leaving.as_ref().unchecked_ref());
    }
    let leaving = send_wrapper::SendWrapper::new(leaving);
    on_cleanup(move || {
        let leaving = leaving.take();
        for event in ["beforeunload", "pagehide"] {
            let _ = window().remove_event_listener_with_callback(event, leaving.as_ref().unchecked_ref());
        }
    });
}

/// A run that is sending as its page goes: the jobs it has not sent yet, kept in this tab
/// ([`UNSENT_KEY`]) for the list to select again, with what happened.
fn keep_unsent(phase: RwSignal<Phase>, entries: StoredValue<Vec<Entry>>, project: &str, verb: &str) {
    if phase.try_get_untracked() != Some(Phase::Running) {
        return;
    }
    let waiting = |e: &&Entry| e.outcome.try_get_untracked() == Some(Outcome::Waiting);
    let jobs: Vec<Picked> =
        entries.try_with_value(|es| es.iter().filter(waiting).map(|e| e.job.clone()).collect()).unwrap_or_default();
    if jobs.is_empty() {
        return;
    }
    let note = format!(
        "{verb} was cut short when the page was left: {} not sent. They are selected again.",
        jobs_count(jobs.len())
    );
    Unsent { project: project.to_owned(), note, jobs }.keep();
}

/// The dialog of an action on the selected jobs: what will happen, the run, the results.
#[component]
fn BulkRun(ctx: Bar, action: Action) -> impl IntoView {
    let session = use_session();
    let run = use_run(ctx, action);
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    session.count_dialog(None);
    let location = use_location();
    let close = Callback::new(move |()| {
        if run.rejected.get_untracked() && run.phase.get_untracked() == Phase::Finished {
            ctx.task.set(None);
            return session.expire(location);
        }
        match run.phase.get_untracked() {
            Phase::Running => return,
            Phase::Finished => {
                // What was done leaves the selection; the rest stays, to act on again.
                let done_ids: Vec<String> = run.entries.with_value(|es| {
                    es.iter().filter(|e| e.outcome.get_untracked() == Outcome::Done).map(|e| e.job.id.clone()).collect()
                });
                ctx.selection.update(|s| s.retain(|j| !done_ids.contains(&j.id)));
            }
            Phase::Confirm => {}
        }
        ctx.task.set(None);
    });
    view! {
        <dialog
            node_ref=dialog
            class="dialog bulk-dialog"
            aria-labelledby="bulk-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                close.run(());
            }
        >
            <h2 id="bulk-title">{format!("{} selected jobs", verbs(action).0)}</h2>
            <Show when=move || run.phase.get() == Phase::Confirm>{confirm_run(run, action, close)}</Show>
            <Show when=move || {
                run.phase.get() != Phase::Confirm
            }>
                {run_progress(run)} {run_results(run, ctx.list.project)} <div class="dialog-buttons">
                    <Show when=move || run.phase.get() == Phase::Finished && !run.failed.with(Vec::is_empty)>
                        <button type="button" class="btn" on:click=move |_| run.start.run(run.failed.get_untracked())>
                            "Retry failed"
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="btn btn-primary"
                        prop:disabled=move || run.phase.get() == Phase::Running
                        on:click=move |_| close.run(())
                    >
                        "Close"
                    </button>
                </div>
            </Show>
        </dialog>
    }
}

/// What the action will do and to which jobs, what it leaves out and why; above
/// [`TYPED_ABOVE`] jobs, confirmed by typing their number.
fn confirm_run(run: Run, action: Action, close: Callback<()>) -> impl IntoView {
    let (verb, done) = verbs(action);
    let n = run.entries.with_value(Vec::len);
    let skipped_count = run.skipped.with_value(Vec::len);
    let typing = RwSignal::new(String::new());
    let ready = move || n > 0 && (n <= TYPED_ABOVE || typing.with(|t| t.trim() == n.to_string()));
    let names = |list: &[Entry], reasons: bool| {
        list.iter()
            .map(|e| {
                let reason = reasons.then(|| format!(": {}", e.outcome.get_untracked().detail()));
                view! { <li>{e.job.name()} " " <code>{e.job.id.clone()}</code>{reason}</li> }
            })
            .collect_view()
    };
    view! {
        <h3>
            {if n == 0 {
                format!("No selected job can be {done}")
            } else {
                format!("{} will be {done}", jobs_count(n))
            }}
        </h3>
        <ul class="bulk-list">{run.entries.with_value(|es| names(es, false))}</ul>
        <Show when=move || skipped_count != 0>
            <h3>{format!("{} will not be {done}", jobs_count(skipped_count))}</h3>
            <p class="help">"The action does not apply to them, so they are not sent."</p>
            <ul class="bulk-list">{run.skipped.with_value(|s| names(s, true))}</ul>
        </Show>
        <Show when=move || { n > TYPED_ABOVE }>
            <div class="field">
                <label for="bulk-typed">{format!("Type {n} to confirm")}</label>
                <input
                    id="bulk-typed"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || typing.get()
                    on:input=move |ev| typing.set(event_target_value(&ev))
                />
            </div>
        </Show>
        <div class="dialog-buttons">
            <button type="button" class="btn" autofocus on:click=move |_| close.run(())>
                "Keep jobs"
            </button>
            <button
                type="button"
                class="btn btn-danger"
                prop:disabled=move || !ready()
                on:click=move |_| {
                    if ready() && run.phase.get_untracked() == Phase::Confirm {
                        run.start.run((0..n).collect());
                    }
                }
            >
                {format!("{verb} {}", jobs_count(n))}
            </button>
        </div>
    }
}

/// While it runs: how many answered, Stop, and a 429's pause; then the summary.
fn run_progress(run: Run) -> impl IntoView {
    let (answered, in_run, stopped) = (run.answered, run.in_run, run.stopped);
    view! {
        <Show when=move || run.phase.get() == Phase::Running>
            <div class="bulk-progress">
                <label for="bulk-progress">
                    {move || {
                        format!(
                            "Sending: {} of {} answered",
                            thousands(answered.get() as u64),
                            thousands(in_run.get() as u64),
                        )
                    }}
                </label>
                <progress id="bulk-progress" max=move || in_run.get() value=move || answered.get()></progress>
                <button
                    type="button"
                    class="btn"
                    prop:disabled=move || stopped.get()
                    on:click=move |_| run.stop.run(())
                >
                    {move || if stopped.get() { "Stopping…" } else { "Stop" }}
                </button>
            </div>
            {move || {
                run
                    .paused
                    .get()
                    .map(|s| {
                        view! {
                            <p class="notice">
                                {format!(
                                    "The API asked to slow down (429): sending paused for {s} s, then the job goes again.",
                                )}
                            </p>
                        }
                    })
            }}
        </Show>
        <p class="bulk-summary" role="status">
            {move || run.result.get()}
        </p>
    }
}

/// One row per job: in the order sent while it runs; once it ends, what needs a look first.
fn run_results(run: Run, project: Memo<String>) -> impl IntoView {
    let rows = move || {
        let mut rows: Vec<Entry> =
            run.entries.with_value(|es| run.skipped.with_value(|s| es.iter().chain(s).cloned().collect()));
        if run.phase.get() == Phase::Finished {
            // Each rank's rows in turn, in the order sent: a stable sort by rank, without a
            // sort's code (there are five ranks).
            let by_rank = (0..Outcome::RANKS)
                .flat_map(|r| rows.iter().filter(move |e| e.outcome.with_untracked(Outcome::rank) == r))
                .cloned()
                .collect();
            rows = by_rank;
        }
        rows.into_iter()
            .map(|e| {
                let (outcome, id) = (e.outcome, e.job.id.clone());
                let href = move || job_page_url(&project.get(), &id);
                view! {
                    <tr>
                        <td>
                            <a href=href>{e.job.name()}</a>
                            <br />
                            <code class="muted">{e.job.id.clone()}</code>
                        </td>
                        <td>
                            <span class="outcome" data-outcome=move || outcome.with(|o| o.label())>
                                {move || outcome.with(|o| o.label())}
                            </span>
                        </td>
                        <td>{move || outcome.with(|o| o.detail().to_owned())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="bulk-results">
            <table>
                <caption class="sr-only">"Results"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Job"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Detail"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// "Select all matching jobs": the list's filter, page after page, into the selection.
#[component]
fn SelectAllMatching(ctx: Bar) -> impl IntoView {
    let session = use_session();
    let read = RwSignal::new(0usize);
    let stopped = RwSignal::new(false);
    let (project, filter) = (ctx.list.project.get_untracked(), ctx.list.filter.get_untracked());
    leptos::task::spawn_local(async move {
        let Some(conn) = session.connection.get_untracked() else { return };
        let mut offset = 0_u64;
        let mut retries = 0_u32;
        let end = loop {
            if stopped.try_get_untracked() != Some(false) {
                break None;
            }
            let f = JobFilter { pagination_limit: Some(PAGE), pagination_offset: Some(offset), ..filter.clone() };
            let req = ListRequest { conn: conn.clone(), project: project.clone(), filter: f };
            let answer = api::list_jobs(&req, None).await;
            // Gone, or stopped while the page came: it is not added.
            if stopped.try_get_untracked() != Some(false) {
                break None;
            }
            match answer {
                Ok(page) => {
                    retries = 0;
                    ctx.selection.update(|s| {
                        s.set(&page.values, true);
                    });
                    read.update(|r| *r += page.values.len());
                    offset += page.values.len() as u64;
                    let selected = ctx.selection.with_untracked(|s| s.len());
                    if selected >= MAX_SELECTED {
                        break Some(format!(
                            "Stopped at {} selected jobs, the most one selection holds.{}",
                            thousands(MAX_SELECTED as u64),
                            if page.more_results_available { " More jobs match this filter." } else { "" }
                        ));
                    }
                    if !page.more_results_available || page.values.is_empty() {
                        break Some(format!(
                            "Selected every job that matches the filter: {} read, {} selected in all.",
                            thousands(read.get_untracked() as u64),
                            thousands(selected as u64)
                        ));
                    }
                }
                Err(e) if e.is_transient() && retries < 3 => {
                    sleep(e.retry_delay_ms(retries) as f64).await;
                    retries += 1;
                }
                Err(e) => {
                    break Some(format!("Stopped after reading {}: {}", jobs_count(read.get_untracked()), e.message()))
                }
            }
        };
        if ctx.task.try_get_untracked().is_none() {
            return;
        }
        let note = end.unwrap_or_else(|| {
            format!(
                "Stopped after reading {}; {} selected.",
                jobs_count(read.get_untracked()),
                thousands(ctx.selection.with_untracked(|s| s.len()) as u64)
            )
        });
        session.announce(note.clone());
        ctx.note.set(Some(note));
        ctx.task.set(None);
    });
    view! {
        <div class="bulk-progress card">
            <label for="select-all-progress">
                {move || format!("Selecting every job that matches the filter: {} read", thousands(read.get() as u64))}
            </label>
            <progress id="select-all-progress" max=MAX_SELECTED value=move || read.get().min(MAX_SELECTED)></progress>
            <button type="button" class="btn" prop:disabled=move || stopped.get() on:click=move |_| stopped.set(true)>
                "Stop"
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_each_outcome() {
        let mut o = vec![Outcome::Done; 35];
        o.push(Outcome::Refused("no".into()));
        o.push(Outcome::Failed("down".into()));
        assert_eq!(summary(&o), "35 done, 1 refused, 1 failed");
        o.push(Outcome::NotSent("stopped".into()));
        assert_eq!(summary(&o), "35 done, 1 refused, 1 failed, 1 not sent");
        assert_eq!(summary(&[]), "0 done");
        assert_eq!(jobs_count(1), "1 job");
        assert_eq!(jobs_count(1200), "1,200 jobs");
    }
}
