//! Formatting of numbers, bytes, times and API values for people. Plain Rust, host-tested.

use jobs_api::{ExecutionStatus, HealthCode, HealthStatus, JobType, SortColumn};

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes in binary units with one decimal: `1536` -> `1.5 KiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    // In integers (no float formatting in the download): the value in tenths of the unit,
    // rounded half up; 1023.96 KiB reads 1.0 MiB, not 1024.0 KiB.
    let mut unit = 0;
    let mut div: u64 = 1024;
    while unit < UNITS.len() - 1 && tenths(n, div).0 >= 1024 {
        div *= 1024;
        unit += 1;
    }
    format!("{} {}", one_decimal(n, div), UNITS[unit])
}

/// `num / den` to one decimal, rounded half up, as (whole part, tenths digit), in u64 (no
/// 128-bit arithmetic in the download). A zero denominator counts as 1.
fn tenths(num: u64, den: u64) -> (u64, u64) {
    let den = den.max(1);
    let (whole, mut rest, mut den) = (num / den, num % den, den);
    // rest < den; scaled down together where ten times it would not fit (den is 2^59 or more
    // then: far more precision than one decimal needs).
    while den > u64::MAX / 20 {
        rest >>= 1;
        den >>= 1;
    }
    match (rest * 10 + den / 2) / den {
        10 => (whole + 1, 0),
        digit => (whole, digit),
    }
}

/// `num / den` with one decimal, rounded half up, in integers: `(3, 2)` -> `1.5`.
pub fn one_decimal(num: u64, den: u64) -> String {
    let (whole, digit) = tenths(num, den);
    format!("{whole}.{digit}")
}

/// `part` as a percentage of `whole` with one decimal: `(1, 3)` -> `33.3`.
pub fn percent(mut part: u64, mut whole: u64) -> String {
    while part > u64::MAX / 100 {
        part >>= 1;
        whole >>= 1;
    }
    one_decimal(part * 100, whole)
}

/// How long ago `then` was, seen at `now` (both ms since the epoch).
pub fn relative(then: i64, now: i64) -> String {
    let mut out = String::new();
    write_relative(&mut out, then, now);
    out
}

/// [`relative`], written at the end of `out` (the rows of a long list write hundreds of these:
/// no string of its own, no formatting machinery).
pub fn write_relative(out: &mut String, then: i64, now: i64) {
    let d = now.wrapping_sub(then);
    let (future, d) = (d < 0, d.unsigned_abs() / 1000);
    let (n, unit) = match d {
        0..=4 => return out.push_str("just now"),
        5..=59 => (d, " s"),
        60..=3599 => (d / 60, " min"),
        3600..=86_399 => (d / 3600, " h"),
        _ => (d / 86_400, " d"),
    };
    if future {
        out.push_str("in ");
    }
    push_padded(out, n, 1);
    out.push_str(unit);
    if !future {
        out.push_str(" ago");
    }
}

/// `n` in decimal, with leading zeros to at least `width` digits.
pub fn push_padded(out: &mut String, mut n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let i = i.min(digits.len() - width.min(digits.len()));
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// How fresh the list is, to the minute: `Updated just now` (under a minute), `Updated 5 min ago`.
pub fn freshness(then: i64, now: i64) -> String {
    if (now - then).abs() < 60_000 {
        "Updated just now".into()
    } else {
        format!("Updated {}", relative(then, now))
    }
}

/// The zone exact times are written in: UTC (the default) or the browser's own (the header's
/// "Times", `Session::zone`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    #[default]
    Utc,
    Local,
}

impl Zone {
    /// `Local` when `local`.
    pub fn local(local: bool) -> Self {
        if local {
            Zone::Local
        } else {
            Zone::Utc
        }
    }
}

/// An exact UTC time for tooltips: `2024-08-01 12:34:56 UTC`.
pub fn exact_utc(ms: i64) -> String {
    let mut out = String::with_capacity(23);
    write_exact_utc(&mut out, ms);
    out
}

/// [`exact_utc`], written at the end of `out`.
pub fn write_exact_utc(out: &mut String, ms: i64) {
    write_exact_in(out, ms, 0, "UTC", true);
}

/// An exact time in `zone`: `2024-08-01 12:34:56 UTC`, or in the browser's zone with its short
/// name, `2024-08-01 08:34:56 EDT`.
pub fn exact(ms: i64, zone: Zone) -> String {
    let mut out = String::with_capacity(28);
    write_exact(&mut out, ms, true, zone);
    out
}

/// [`exact`] at the end of `out`; the time of day only (`08:34:56 EDT`) without `date`.
pub fn write_exact(out: &mut String, ms: i64, date: bool, zone: Zone) {
    if zone == Zone::Local {
        let (offset, zone) = crate::browser::js::zone_at(ms);
        write_exact_in(out, ms, offset, &zone, date);
    } else {
        write_exact_in(out, ms, 0, "UTC", date);
    }
}

/// The moment `ms` on the clock of a zone `offset_minutes` east of UTC, named `zone`: the date
/// (with `date`) and the time to the second, then the zone's name.
pub fn write_exact_in(out: &mut String, ms: i64, offset_minutes: i32, zone: &str, date: bool) {
    let c = jobs_api::time::Civil::utc(ms.saturating_add(i64::from(offset_minutes) * 60_000));
    if date {
        // Four characters at least, a sign included (as the RFC 3339 writer pads).
        if c.year < 0 {
            out.push('-');
        }
        push_padded(out, c.year.unsigned_abs(), if c.year < 0 { 3 } else { 4 });
        for (sep, n) in [('-', c.month), ('-', c.day)] {
            out.push(sep);
            push_padded(out, u64::from(n), 2);
        }
        out.push(' ');
    }
    push_padded(out, u64::from(c.hour), 2);
    for n in [c.minute, c.second] {
        out.push(':');
        push_padded(out, u64::from(n), 2);
    }
    out.push(' ');
    out.push_str(zone);
}

/// A duration in words: `1 h 5 min`, `42 s`.
pub fn duration(ms: i64) -> String {
    let mut out = String::new();
    write_duration(&mut out, ms);
    out
}

/// [`duration`], written into `out` (no formatting machinery: the list's rows use it).
pub fn write_duration(out: &mut String, ms: i64) {
    let s = ms.max(0) as u64 / 1000;
    let (big, big_unit, small, small_unit) = match s {
        0..=59 => (s, " s", None, ""),
        60..=3599 => (s / 60, " min ", Some(s % 60), " s"),
        3600..=86_399 => (s / 3600, " h ", Some(s % 3600 / 60), " min"),
        _ => (s / 86_400, " d ", Some(s % 86_400 / 3600), " h"),
    };
    push_padded(out, big, 1);
    out.push_str(big_unit);
    if let Some(small) = small {
        push_padded(out, small, 1);
        out.push_str(small_unit);
    }
}

/// `snake_case_code` -> `Snake case code` (for values without a label of their own). ASCII
/// case only: the API's codes are ASCII, and full Unicode case tables cost download size.
pub fn humanize(raw: &str) -> String {
    let mut s = raw.replace('_', " ");
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

pub fn job_type_label(t: &JobType) -> String {
    match t {
        JobType::Batch => "Batch".into(),
        JobType::Streaming => "Streaming".into(),
        JobType::Sql => "SQL".into(),
        JobType::DeleteData => "Delete data".into(),
        JobType::DropTable => "Drop table".into(),
        JobType::RestoreData => "Restore data".into(),
        JobType::Other(raw) => raw.clone(),
    }
}

pub fn status_label(s: &ExecutionStatus) -> String {
    match s {
        ExecutionStatus::Other(raw) => raw.clone(),
        known => humanize(known.as_str()),
    }
}

pub fn health_label(h: &HealthStatus) -> String {
    match h {
        HealthStatus::Ok => "OK".into(),
        HealthStatus::Warn => "Warn".into(),
        HealthStatus::Error => "Error".into(),
        HealthStatus::Other(raw) => raw.clone(),
    }
}

pub fn code_label(c: &HealthCode) -> String {
    match c {
        HealthCode::Other(raw) => raw.clone(),
        known => humanize(known.as_str()),
    }
}

pub fn sort_column_label(c: &SortColumn) -> String {
    match c {
        SortColumn::LastUpdatedDateTime => "Last updated".into(),
        SortColumn::CreatedDateTime => "Created".into(),
        SortColumn::CreatedByUserName => "Created by".into(),
        SortColumn::ExecutionStatus => "Execution status".into(),
        SortColumn::SourceName => "Source name".into(),
        SortColumn::SourceType => "Source type".into(),
        SortColumn::TargetTableName => "Target table".into(),
        SortColumn::Type => "Type".into(),
        SortColumn::Other(raw) => raw.clone(),
    }
}

/// A verb in progress for a status the job is moving to ("Running → suspending").
pub fn pending_change_label(desired: &ExecutionStatus) -> String {
    match desired {
        ExecutionStatus::Canceled => "canceling".into(),
        ExecutionStatus::Suspended => "suspending".into(),
        ExecutionStatus::Running => "starting".into(),
        other => status_label(other).to_ascii_lowercase(),
    }
}

/// Sorts `v` so that no element comes after one it goes `before`, keeping the order of equal
/// ones: an insertion sort, a few dozen bytes in the download where the standard library's
/// stable sort is ~3 KB per element type, and fast on the short, nearly ordered lists the job
/// page sorts (a log, a mapping's fields).
pub fn insertion_sort_by<T>(v: &mut [T], mut before: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && before(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn bytes_in_binary_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(1_048_575), "1.0 MiB");
        assert_eq!(bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
        assert_eq!(bytes(u64::MAX), "16.0 EiB");
        assert_eq!(bytes(1_048_524), "1023.9 KiB");
        assert_eq!(bytes(1_048_525), "1.0 MiB");
        assert_eq!(one_decimal(1, 3), "0.3");
        assert_eq!(one_decimal(2, 3), "0.7");
        assert_eq!(one_decimal(1000, 1), "1000.0");
        assert_eq!(one_decimal(5, 0), "5.0", "a zero denominator counts as 1");
        assert_eq!(one_decimal(u64::MAX, 1), "18446744073709551615.0");
        assert_eq!(one_decimal(u64::MAX, u64::MAX), "1.0");
        assert_eq!(one_decimal(u64::MAX / 3, u64::MAX), "0.3");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(u64::MAX / 2, u64::MAX), "50.0");
        assert_eq!(percent(u64::MAX, u64::MAX), "100.0");
    }

    #[test]
    fn tenths_agree_with_128_bit_arithmetic() {
        let reference = |num: u64, den: u64| {
            let den = u128::from(den.max(1));
            let t = (u128::from(num) * 10 + den / 2) / den;
            (t / 10, t % 10)
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for i in 0..200_000 {
            // Values of every size: the shift spreads them over all magnitudes.
            let (num, den) = (next() >> (next() % 64), next() >> (next() % 64));
            let (whole, digit) = tenths(num, den);
            let (rw, rd) = reference(num, den);
            let ours = u128::from(whole) * 10 + u128::from(digit);
            let theirs = rw * 10 + rd;
            if den <= u64::MAX / 20 {
                assert_eq!(ours, theirs, "case {i}: {num} / {den}");
            } else {
                assert!(ours.abs_diff(theirs) <= 1, "case {i}: {num} / {den}: {ours} vs {theirs}");
            }
        }
    }

    #[test]
    fn relative_times() {
        let now = 1_000_000_000;
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now - 42_000, now), "42 s ago");
        assert_eq!(relative(now - 5 * 60_000, now), "5 min ago");
        assert_eq!(relative(now - 3 * 3_600_000, now), "3 h ago");
        assert_eq!(relative(now - 2 * 86_400_000, now), "2 d ago");
        assert_eq!(relative(now + 30_000, now), "in 30 s");
        assert_eq!(exact_utc(1_722_515_696_123), "2024-08-01 12:34:56 UTC");
        assert_eq!(duration(3_725_000), "1 h 2 min");
        assert_eq!(freshness(now - 59_999, now), "Updated just now");
        assert_eq!(freshness(now - 60_000, now), "Updated 1 min ago");
    }

    #[test]
    fn exact_times_and_numbers_written_in_place() {
        // The calendar date and time of the RFC 3339 form, for every kind of moment: the epoch,
        // before it, leap days, ends of months and years, years under 1000, over 9999, and BC.
        let mut ms = -70_000_000_000_000_i64;
        while ms < 300_000_000_000_000 {
            let s = jobs_api::time::format_rfc3339_millis(ms);
            let (date, time) = s.rsplit_once('T').unwrap();
            assert_eq!(exact_utc(ms), format!("{date} {} UTC", &time[..8]), "{ms}");
            ms += 7_777_777_777;
        }
        assert_eq!(exact_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(exact_utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(exact_utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(exact_utc(-62_135_596_800_001), "0000-12-31 23:59:59 UTC");
        assert_eq!(exact_utc(-62_198_755_200_000), "-001-01-01 00:00:00 UTC");
        assert_eq!(exact_utc(253_402_300_800_000), "10000-01-01 00:00:00 UTC");
        let mut out = String::from("x");
        for (n, width) in [(0, 1), (7, 2), (42, 2), (123, 2), (5, 4), (u64::MAX, 1), (1, 25)] {
            push_padded(&mut out, n, width);
            out.push(' ');
        }
        assert_eq!(out, format!("x0 07 42 123 0005 {} {:020} ", u64::MAX, 1));
        let mut out = String::from("at ");
        write_relative(&mut out, 0, 90 * 86_400_000);
        assert_eq!(out, "at 90 d ago");
    }

    #[test]
    fn times_in_a_zone() {
        // 2024-08-01 12:34:56 UTC, in zones east and west of UTC, across a date line.
        let ms = 1_722_515_696_123;
        let at = |offset, zone, date| {
            let mut out = String::new();
            write_exact_in(&mut out, ms, offset, zone, date);
            out
        };
        assert_eq!(at(0, "UTC", true), "2024-08-01 12:34:56 UTC");
        assert_eq!(at(330, "IST", true), "2024-08-01 18:04:56 IST");
        assert_eq!(at(-240, "EDT", true), "2024-08-01 08:34:56 EDT");
        assert_eq!(at(720, "NZST", true), "2024-08-02 00:34:56 NZST", "the next day");
        assert_eq!(at(-780, "GMT-13", false), "23:34:56 GMT-13", "the day before, time of day only");
        // New Year's Eve in UTC is already the new year in Tokyo.
        let mut out = String::new();
        write_exact_in(&mut out, 1_735_689_599_000, 540, "JST", true);
        assert_eq!(out, "2025-01-01 08:59:59 JST");
        // UTC unless the person chose local times (the browser's zone is asked only then).
        assert_eq!(exact(ms, Zone::Utc), "2024-08-01 12:34:56 UTC");
        assert_eq!(Zone::local(false), Zone::Utc);
        let mut out = String::new();
        write_exact(&mut out, ms, false, Zone::Utc);
        assert_eq!(out, "12:34:56 UTC");
    }

    #[test]
    fn insertion_sort_is_stable() {
        let mut v = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        insertion_sort_by(&mut v, |a, b| a.0 > b.0);
        assert_eq!(v, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
        let mut reference: Vec<u32> = (0..500).map(|i| (i * 7919) % 257).collect();
        let mut ours = reference.clone();
        reference.sort();
        insertion_sort_by(&mut ours, |a, b| a < b);
        assert_eq!(ours, reference);
    }

    #[test]
    fn labels() {
        assert_eq!(job_type_label(&JobType::DeleteData), "Delete data");
        assert_eq!(job_type_label(&JobType::Other("kinesis_v2".into())), "kinesis_v2");
        assert_eq!(status_label(&ExecutionStatus::Running), "Running");
        assert_eq!(status_label(&ExecutionStatus::Other("draining".into())), "draining");
        assert_eq!(code_label(&HealthCode::InvalidRowsFound), "Invalid rows found");
        assert_eq!(humanize("élan_vital"), "élan vital", "a non-ASCII first letter stays as it is");
        assert_eq!(humanize(""), "");
        assert_eq!(health_label(&HealthStatus::Ok), "OK");
        assert_eq!(pending_change_label(&ExecutionStatus::Suspended), "suspending");
    }
}
