//! Throughput over time, from the metrics totals a job page reads while it is open: rows
//! processed and rows skipped by error per second, between successive readings. Plain Rust and
//! integers only (no float formatting in the download), host-tested; the job page draws it
//! (components::throughput_card).
//!
//! Memory stays flat however long the page is open: at most [`MAX_POINTS`] stretches are kept;
//! past that, the older half is thinned, two neighbours merged into one (their rows and their
//! time added up, so every rate stays true over the longer stretch).

use crate::text::format::{thousands, write_exact, Zone};
use crate::text::html::Html;

/// The most stretches kept (an hour at the page's 5-second readings).
pub const MAX_POINTS: usize = 720;

/// One stretch between two readings: when it ended (ms since the epoch), how long it lasted (ms),
/// and the rows processed and skipped by error in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub at: i64,
    pub span: i64,
    pub rows: u64,
    pub errors: u64,
}

impl Point {
    pub fn start(&self) -> i64 {
        self.at - self.span
    }

    /// Rows per second over the stretch (rounded down).
    pub fn rate(&self) -> u64 {
        per_second(self.rows, self.span)
    }

    /// Rows skipped by error per second over the stretch (rounded down).
    pub fn error_rate(&self) -> u64 {
        per_second(self.errors, self.span)
    }

    /// This stretch and the one after it as one.
    fn merged(&self, next: &Point) -> Point {
        Point {
            at: next.at,
            span: next.at - self.start(),
            rows: self.rows.saturating_add(next.rows),
            errors: self.errors.saturating_add(next.errors),
        }
    }
}

/// `n` per second over `ms` milliseconds.
fn per_second(n: u64, ms: i64) -> u64 {
    let ms = ms.max(1) as u64;
    match n.checked_mul(1000) {
        Some(m) => m / ms,
        None => n / ms.div_ceil(1000),
    }
}

/// The readings so far, as stretches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Throughput {
    /// The last reading: when, rows processed, rows skipped by error.
    last: Option<(i64, u64, u64)>,
    points: Vec<Point>,
}

impl Throughput {
    /// A reading of the totals at `at` (ms). A total lower than the one before was reset (the
    /// offsets were reset, the job started over): it counted from zero since. A reading no later
    /// than the last one is ignored.
    pub fn add(&mut self, at: i64, rows: u64, errors: u64) {
        if let Some((before, r0, e0)) = self.last {
            if at <= before {
                return;
            }
            let since = |now: u64, then: u64| if now >= then { now - then } else { now };
            self.points.push(Point { at, span: at - before, rows: since(rows, r0), errors: since(errors, e0) });
            if self.points.len() > MAX_POINTS {
                self.thin();
            }
        }
        self.last = Some((at, rows, errors));
    }

    /// The older half, two neighbours merged into one.
    fn thin(&mut self) {
        let old = (self.points.len() / 2) & !1;
        let merged: Vec<Point> = self.points[..old].chunks(2).map(|p| p[0].merged(&p[1])).collect();
        self.points.splice(..old, merged);
    }

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The stretches that end in the last `window` ms before the last reading, added up.
    fn recent(&self, window: i64) -> Option<Point> {
        let last = self.points.last()?;
        let from = last.at - window;
        let first = self.points.iter().find(|p| p.start() >= from).unwrap_or(last);
        Some(self.points.iter().filter(|p| p.start() >= first.start()).fold(
            Point { at: last.at, span: last.at - first.start(), ..Point::default() },
            |sum, p| Point {
                rows: sum.rows.saturating_add(p.rows),
                errors: sum.errors.saturating_add(p.errors),
                ..sum
            },
        ))
    }

    /// In words, for everyone (the chart's accessible summary): "About 12,300 rows/s over the
    /// last 5 minutes; 0 errors" (errors: rows skipped by error in that time).
    pub fn summary(&self) -> Option<String> {
        let r = self.recent(5 * 60_000)?;
        let errors = match r.errors {
            1 => "1 error".to_owned(),
            n => format!("{} errors", thousands(n)),
        };
        Some(format!("About {} rows/s over the last {}; {errors}", thousands(about(r.rate())), span_words(r.span)))
    }
}

/// `n` to three significant digits: `12_345` -> `12_300`.
pub fn about(n: u64) -> u64 {
    let mut unit = 1;
    while n / unit >= 1000 {
        unit *= 10;
    }
    (n / unit + u64::from(n % unit >= unit / 2 && unit > 1)) * unit
}

/// A stretch of time in words, rounded down: "45 seconds", "1 minute", "5 minutes".
fn span_words(ms: i64) -> String {
    let s = (ms.max(0) / 1000) as u64;
    match s {
        0..=59 => format!("{s} second{}", if s == 1 { "" } else { "s" }),
        60..=119 => "1 minute".into(),
        _ => format!("{} minutes", s / 60),
    }
}

/// The chart's drawing area, in the SVG's own units (stretched to the card's width).
pub const WIDTH: i64 = 1000;
pub const HEIGHT: i64 = 200;

/// The chart's scale: its first moment, its length (ms) and the top of its rate axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub from: i64,
    pub span: i64,
    pub top: u64,
}

impl Scale {
    pub fn of(points: &[Point]) -> Option<Scale> {
        let (first, last) = (points.first()?, points.last()?);
        let top = points.iter().map(|p| p.rate().max(p.error_rate())).max().unwrap_or(0).max(1);
        Some(Scale { from: first.start(), span: (last.at - first.start()).max(1), top: nice(top) })
    }

    fn x(&self, at: i64) -> i64 {
        ((at - self.from).clamp(0, self.span) as u64 * WIDTH as u64 / self.span as u64) as i64
    }

    fn y(&self, rate: u64) -> i64 {
        HEIGHT - (rate.min(self.top).saturating_mul(HEIGHT as u64) / self.top) as i64
    }

    /// The stretch under `x` (in the chart's units), as an index of `points`.
    pub fn point_at(&self, points: &[Point], x: i64) -> Option<usize> {
        let at = self.from + (x.clamp(0, WIDTH) as u64 * self.span as u64 / WIDTH as u64) as i64;
        points.iter().position(|p| at <= p.at).or_else(|| points.len().checked_sub(1))
    }
}

/// A round top for the rate axis, at or above `n`: 1, 2 or 5 times a power of ten.
fn nice(n: u64) -> u64 {
    let mut unit = 1u64;
    loop {
        for step in [1, 2, 5] {
            let top = unit.saturating_mul(step);
            if top >= n || top == u64::MAX {
                return top;
            }
        }
        unit = unit.saturating_mul(10);
    }
}

/// The chart as SVG markup: each series a step line (a stretch's rate from its start to its end;
/// errors dashed, so that the two differ by more than colour), a middle grid line, and the
/// cursor on the stretch `selected`. Numbers only: nothing from the API goes into it.
pub fn chart_svg(points: &[Point], scale: &Scale, selected: Option<usize>) -> Html {
    let mut out = Html::with_capacity(256 + points.len() * 48);
    let (width, height, mid) = (WIDTH.to_string(), HEIGHT.to_string(), (HEIGHT / 2).to_string());
    out.raw("<svg class=\"chart-svg\" viewBox=\"0 0 ").text(&width).raw(" ").text(&height);
    out.raw("\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">");
    out.raw("<line class=\"chart-grid\" x1=\"0\" y1=\"").text(&mid).raw("\" x2=\"").text(&width);
    out.raw("\" y2=\"").text(&mid).raw("\" vector-effect=\"non-scaling-stroke\"/>");
    for (class, rate) in [("s-rows", Point::rate as fn(&Point) -> u64), ("s-errors", Point::error_rate)] {
        out.raw("<polyline class=\"").raw(class).raw("\" vector-effect=\"non-scaling-stroke\" points=\"");
        for p in points {
            let y = scale.y(rate(p));
            for x in [scale.x(p.start()), scale.x(p.at)] {
                out.text(&format!("{x},{y} "));
            }
        }
        out.raw("\"/>");
    }
    if let Some(p) = selected.and_then(|i| points.get(i)) {
        let x = (scale.x(p.start()) + scale.x(p.at)) / 2;
        let x = x.to_string();
        out.raw("<line class=\"chart-cursor\" x1=\"").text(&x).raw("\" y1=\"0\" x2=\"").text(&x);
        out.raw("\" y2=\"").text(&height).raw("\" vector-effect=\"non-scaling-stroke\"/>");
    }
    out.raw("</svg>");
    out
}

/// A stretch in words, for the readout: "14:05:10 EST: 12,345 rows/s, 0 errors/s (over 5.0 s)".
pub fn readout(p: &Point, zone: Zone) -> String {
    let mut out = String::new();
    write_exact(&mut out, p.at, false, zone);
    out.push_str(&format!(
        ": {} rows/s, {} errors/s (over {} s)",
        thousands(p.rate()),
        thousands(p.error_rate()),
        crate::text::format::one_decimal(p.span.max(0) as u64, 1000)
    ));
    out
}

/// The time axis' ends ("14:00:05 UTC", in `zone`).
pub fn axis_ends(scale: &Scale, zone: Zone) -> (String, String) {
    let (mut from, mut to) = (String::new(), String::new());
    write_exact(&mut from, scale.from, false, zone);
    write_exact(&mut to, scale.from + scale.span, false, zone);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_700_000_000_000;

    #[test]
    fn rates_come_from_successive_totals() {
        let mut t = Throughput::default();
        t.add(T, 1000, 0);
        assert!(t.points().is_empty() && t.summary().is_none(), "one reading is no stretch yet");
        t.add(T + 5000, 61_000, 5);
        t.add(T + 10_000, 61_000, 5);
        assert_eq!(t.points().iter().map(|p| (p.rate(), p.error_rate())).collect::<Vec<_>>(), [(12_000, 1), (0, 0)]);
        // A reading no later than the last one changes nothing.
        t.add(T + 10_000, 99_999, 9);
        t.add(T + 9_000, 99_999, 9);
        assert_eq!(t.points().len(), 2);
        assert_eq!(t.summary().as_deref(), Some("About 6,000 rows/s over the last 10 seconds; 5 errors"));
    }

    #[test]
    fn counters_that_reset_count_from_zero() {
        let mut t = Throughput::default();
        t.add(T, 50_000, 40);
        // Offsets reset: the totals start again from zero, and have counted 2,000 rows since.
        t.add(T + 2000, 2000, 0);
        t.add(T + 4000, 6000, 1);
        let p = t.points();
        assert_eq!((p[0].rows, p[0].errors, p[0].rate()), (2000, 0, 1000));
        assert_eq!((p[1].rows, p[1].errors, p[1].rate()), (4000, 1, 2000));
    }

    #[test]
    fn points_are_thinned_older_first_and_rates_stay_true() {
        let mut t = Throughput::default();
        let mut total = 0;
        for i in 0..=10_000i64 {
            // 100 rows/s for the first 5,000 readings, then 300 rows/s.
            t.add(T + i * 5000, total, 0);
            total += if i < 5000 { 500 } else { 1500 };
        }
        let p = t.points();
        assert!(p.len() <= MAX_POINTS && p.len() > MAX_POINTS / 2, "{}", p.len());
        // Every stretch follows the one before, with no gap and no overlap, from the first reading
        // to the last.
        assert_eq!((p[0].start(), p.last().unwrap().at), (T, T + 10_000 * 5000));
        assert!(p.windows(2).all(|w| w[1].start() == w[0].at));
        // Rows are never lost, and rates stay true (a merged stretch crossing the change reads
        // between the two).
        assert_eq!(p.iter().map(|x| x.rows).sum::<u64>(), 5000 * 500 + 5000 * 1500);
        assert!(p.iter().all(|x| (100..=300).contains(&x.rate())));
        // The newest stretches keep the readings' own length; the oldest are the longest.
        assert_eq!(p.last().unwrap().span, 5000);
        assert!(p[0].span > p.last().unwrap().span);
        assert_eq!(t.summary().as_deref(), Some("About 300 rows/s over the last 5 minutes; 0 errors"));
    }

    #[test]
    fn rates_and_round_figures() {
        assert_eq!(per_second(u64::MAX, 2000), u64::MAX / 2, "no overflow");
        assert_eq!(per_second(5, 0), 5000, "a zero stretch counts as 1 ms");
        assert_eq!(
            [0, 999, 1234, 12_345, 12_355, 99_960, u64::MAX].map(about),
            [0, 999, 1230, 12_300, 12_400, 100_000, 18_400_000_000_000_000_000]
        );
        assert_eq!([0, 1, 3, 7, 11, 250, 999].map(nice), [1, 1, 5, 10, 20, 500, 1000]);
        assert_eq!(
            [0, 1000, 59_999, 60_000, 119_999, 300_000].map(span_words),
            ["0 seconds", "1 second", "59 seconds", "1 minute", "1 minute", "5 minutes"]
        );
    }

    #[test]
    fn the_chart_is_drawn_to_scale_and_points_are_found_under_the_pointer() {
        let mut t = Throughput::default();
        for (i, rows) in [0, 1000, 1000, 4000].into_iter().enumerate() {
            t.add(T + i as i64 * 1000, rows, i as u64 / 3);
        }
        let p = t.points();
        let s = Scale::of(p).unwrap();
        assert_eq!(s, Scale { from: T, span: 3000, top: 5000 });
        let svg = chart_svg(p, &s, Some(2));
        // Rows: 1000/s, 0/s, 3000/s, each from its start to its end (x 0-333, 333-666, 666-1000).
        assert!(svg.contains("class=\"s-rows\" vector-effect=\"non-scaling-stroke\" points=\"0,160 333,160 333,200 666,200 666,80 1000,80 \""), "{svg}");
        assert!(svg.contains("class=\"s-errors\" vector-effect=\"non-scaling-stroke\" points=\"0,200 333,200 333,200 666,200 666,200 1000,200 \""), "{svg}");
        assert!(svg.contains("<line class=\"chart-cursor\" x1=\"833\" y1=\"0\" x2=\"833\""), "{svg}");
        assert!(!chart_svg(p, &s, None).contains("chart-cursor"));
        assert_eq!(
            [0, 300, 334, 700, 1000, 5000].map(|x| s.point_at(p, x)),
            [Some(0), Some(0), Some(1), Some(2), Some(2), Some(2)]
        );
        assert_eq!(Scale::of(&[]), None);
        assert_eq!(readout(&p[2], Zone::Utc), "22:13:23 UTC: 3,000 rows/s, 1 errors/s (over 1.0 s)");
        assert_eq!(axis_ends(&s, Zone::Utc), ("22:13:20 UTC".to_owned(), "22:13:23 UTC".to_owned()));
    }
}
