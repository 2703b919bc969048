//! The "Throughput" card of the job page: rows processed and rows skipped by error per second
//! between the page's readings (crate::job::throughput), as an inline SVG chart, with its summary in
//! words, a readout of the reading under the pointer or the keyboard's focus, and the time axis
//! in the zone chosen ("Times").
//!
//! The card's elements are made once, as markup (the chart keeps the keyboard's focus while
//! readings come in); [`Card::draw`] writes what a reading, the cursor or the zone changes (the
//! summary's text, the lines, the axis, the readout) by plain DOM calls, and the card's events
//! reach it through the section. Written this way on purpose: as a view with a reactive
//! attribute per part, the card cost ~10 KB brotli of the job page's download.

use crate::components::metrics_card::reports_rows;
use crate::job::throughput::{axis_ends, chart_svg, readout, Scale, Throughput, WIDTH};
use crate::text::format::Zone;
use crate::text::html::{self as markup, Html};
use jobs_api::{ExecutionStatus, JobType};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What the card shows of `t`: the summary, and the chart's markup (empty without a stretch).
fn card_parts(t: &Throughput, ended: bool, selected: Option<usize>, zone: Zone) -> (String, Html) {
    let says = t.summary().unwrap_or_else(|| {
        if ended {
            "Throughput is drawn from the readings this page takes while the job runs: it took fewer than two before the job ended."
        } else {
            "Throughput appears after the page's next reading."
        }
        .to_owned()
    });
    let Some(scale) = Scale::of(t.points()) else { return (says, Html::default()) };
    let (from, to) = axis_ends(&scale, zone);
    let mut chart = chart_svg(t.points(), &scale, selected);
    chart.raw("<div class=\"chart-axis\" aria-hidden=\"true\"><span class=\"chart-top\">");
    chart.text(&crate::text::format::thousands(scale.top)).raw(" rows/s</span><span class=\"chart-from\">");
    chart.text(&from).raw("</span><span class=\"chart-to\">").text(&to).raw("</span></div>");
    (says, chart)
}

/// The card's markup before any reading (the parts [`Card::draw`] fills in).
const SHELL: &str = "<h2 id=\"throughput-heading\">Throughput</h2><p id=\"throughput-summary\"></p>\
<div class=\"chart-box\" hidden><p class=\"chart-legend\" aria-hidden=\"true\">\
<span class=\"key key-rows\">Rows processed per second</span>\
<span class=\"key key-errors\">Rows skipped by error per second</span></p>\
<div class=\"chart\" tabindex=\"0\" role=\"group\" aria-label=\"Throughput chart: the arrow keys read each reading\" \
aria-describedby=\"throughput-summary\"></div><p class=\"chart-readout muted\" aria-live=\"polite\"></p></div>";

/// A listener of the card's events.
type Listener = Closure<dyn Fn(web_sys::Event)>;

/// The card on screen and what it shows.
#[derive(Clone, Copy)]
struct Card {
    root: NodeRef<leptos::html::Section>,
    samples: RwSignal<Throughput>,
    status: Signal<ExecutionStatus>,
    job_type: Signal<JobType>,
    /// Times in the browser's zone ("Times").
    local_times: RwSignal<bool>,
    /// The stretch the cursor and the readout are on (an index of the points), if any.
    selected: StoredValue<Option<usize>>,
    /// The chart's markup on screen.
    drawn: StoredValue<Html>,
    /// The card's listener of the pointer and the keys on the chart (added with the markup).
    listener: StoredValue<Option<Listener>, LocalStorage>,
}

impl Card {
    fn part(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.get_untracked()?.query_selector(selector).ok().flatten()
    }

    /// Writes what the readings, the selection and the zone chosen make the card show.
    #[inline(never)]
    fn draw(self) {
        let Some(root) = self.root.get_untracked() else { return };
        if root.child_element_count() == 0 {
            markup::set_inner(&root, &markup::literal(SHELL));
            self.listener.with_value(|l| {
                for name in ["pointermove", "pointerdown", "pointerout", "focusout", "keydown"] {
                    if let Some(l) = l {
                        let _ = root.add_event_listener_with_callback(name, l.as_ref().unchecked_ref());
                    }
                }
            });
        }
        let ended = self.status.with_untracked(ExecutionStatus::is_finished);
        let selected = self.selected.get_value();
        let zone = Zone::local(self.local_times.get_untracked());
        let (says, html) = self.samples.with_untracked(|t| card_parts(t, ended, selected, zone));
        if let Some(p) = self.part("#throughput-summary") {
            if p.text_content().as_deref() != Some(says.as_str()) {
                p.set_text_content(Some(&says));
            }
        }
        if let Some(chart) = self.part(".chart") {
            if self.drawn.with_value(|d| *d != html) {
                markup::set_inner(&chart, &html);
            }
        }
        let point = selected.and_then(|i| self.samples.with_untracked(|t| t.points().get(i).map(|p| readout(p, zone))));
        if let Some(p) = self.part(".chart-readout") {
            if p.text_content().unwrap_or_default() != point.as_deref().unwrap_or_default() {
                p.set_text_content(point.as_deref());
            }
        }
        let _ = root.toggle_attribute_with_force("hidden", !self.job_type.with_untracked(reports_rows));
        if let Some(b) = self.part(".chart-box") {
            let _ = b.toggle_attribute_with_force("hidden", html.is_empty());
        }
        self.drawn.set_value(html);
    }

    fn select(self, i: Option<usize>) {
        if i != self.selected.get_value() {
            self.selected.set_value(i);
            self.draw();
        }
    }

    /// The stretch under the pointer.
    fn pointer(self, ev: &web_sys::MouseEvent) {
        let Some(chart) = self.part(".chart") else { return };
        let rect = chart.get_bounding_client_rect();
        let (left, width) = (rect.left(), rect.width());
        if width > 0.0 {
            let x = ((f64::from(ev.client_x()) - left) * WIDTH as f64 / width) as i64;
            self.select(self.samples.with_untracked(|t| Scale::of(t.points()).and_then(|s| s.point_at(t.points(), x))));
        }
    }

    /// The arrow keys, Home and End on the chart.
    fn key(self, ev: &web_sys::KeyboardEvent) {
        let n = self.samples.with_untracked(|t| t.points().len());
        let now = self.selected.get_value();
        let next = match ev.key().as_str() {
            _ if n == 0 => return,
            "ArrowLeft" => now.map_or(n - 1, |i| i.saturating_sub(1)),
            "ArrowRight" => now.map_or(n - 1, |i| (i + 1).min(n - 1)),
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        self.select(Some(next));
    }
}

/// The card, for the job types that report rows (hidden for the others). `samples`: the
/// readings so far; `status`: the job's (no more readings come once it ended).
pub fn throughput_card(
    samples: RwSignal<Throughput>,
    status: Signal<ExecutionStatus>,
    job_type: Signal<JobType>,
) -> impl IntoView {
    let local_times = crate::app::session::use_session().local_times;
    let card = Card {
        root: NodeRef::new(),
        samples,
        status,
        job_type,
        local_times,
        selected: StoredValue::new(None),
        drawn: StoredValue::new(Html::default()),
        listener: StoredValue::new_local(None),
    };
    // The pointer and the keys on the chart: one listener on the card for all of them (the
    // events of its other parts are not the chart's).
    let in_chart = |el: Option<web_sys::EventTarget>| {
        el.and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| t.closest(".chart").ok().flatten().is_some())
    };
    card.listener.set_value(Some(Closure::new(move |ev: web_sys::Event| {
        if !in_chart(ev.target()) {
            return;
        }
        match ev.type_().as_str() {
            "keydown" => card.key(ev.unchecked_ref()),
            // Leaving the chart (not going from one of its parts to another), or its focus.
            "pointerout" if !in_chart(ev.unchecked_ref::<web_sys::MouseEvent>().related_target()) => card.select(None),
            "focusout" => card.select(None),
            "pointermove" | "pointerdown" => card.pointer(ev.unchecked_ref()),
            _ => {}
        }
    })));
    Effect::new(move |_| {
        samples.track();
        status.track();
        job_type.track();
        local_times.track();
        card.draw();
    });
    view! { <section class="card throughput" aria-labelledby="throughput-heading" node_ref=card.root hidden></section> }
}
