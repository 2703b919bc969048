//! RFC 3339 timestamps as the API sends them: with or without a zone, with up to 9 fractional
//! digits (the vendor's samples show 7 and no zone, which we read as UTC). The raw text is kept
//! so that a value we cannot parse still shows, and re-encodes unchanged.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    millis: Option<i64>,
}

impl Timestamp {
    /// Wraps raw text; `epoch_millis` is `None` when it is not a timestamp.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let millis = parse_rfc3339_millis(&raw);
        Self { raw, millis }
    }

    /// A UTC timestamp in the API's usual form, e.g. `2024-08-01T10:00:00.000Z`.
    pub fn from_epoch_millis(millis: i64) -> Self {
        Self { raw: format_rfc3339_millis(millis), millis: Some(millis) }
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Milliseconds since the Unix epoch, when the text is a valid timestamp.
    pub fn epoch_millis(&self) -> Option<i64> {
        self.millis
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// Valid instants in time order; unparseable texts after them, by text.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.millis, other.millis) {
            (Some(a), Some(b)) => a.cmp(&b).then_with(|| self.raw.cmp(&other.raw)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => self.raw.cmp(&other.raw),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::new(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,9}][Z|±HH:MM]` (also `t`, `z` and a space for `T`).
/// No zone means UTC.
pub fn parse_rfc3339_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(u32::from(c - b'0')))
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)? as i64, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        let digits = end - start;
        if digits == 0 || digits > 9 {
            return None;
        }
        for (k, c) in b[start..end].iter().take(3).enumerate() {
            frac_ms += i64::from(c - b'0') * 10i64.pow(2 - k as u32);
        }
        i = end;
    }
    let offset_min: i64 = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let v = i64::from(oh * 60 + om);
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + i64::from(h * 3600 + mi * 60 + sec.min(59)) - offset_min * 60;
    Some(secs * 1000 + frac_ms)
}

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_rfc3339_millis(millis: i64) -> String {
    let Civil { year: y, month: m, day: d, hour: h, minute: mi, second: s, millis: ms } = Civil::utc(millis);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// A moment's UTC calendar date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millis: u32,
}

impl Civil {
    /// `millis` since the Unix epoch, in UTC.
    pub fn utc(millis: i64) -> Self {
        let (year, month, day) = civil_from_days(millis.div_euclid(86_400_000));
        let rem = millis.rem_euclid(86_400_000) as u32;
        Civil {
            year,
            month,
            day,
            hour: rem / 3_600_000,
            minute: rem / 60_000 % 60,
            second: rem / 1000 % 60,
            millis: rem % 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_vendor_form_without_zone_and_seven_digits() {
        let t = Timestamp::new("2024-08-01T12:34:56.1234567");
        assert_eq!(t.epoch_millis(), Some(1_722_515_696_123));
    }

    #[test]
    fn parses_zones() {
        assert_eq!(parse_rfc3339_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_millis("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_rfc3339_millis("1969-12-31T23:00:00.5-01:00"), Some(500));
        assert_eq!(parse_rfc3339_millis("2000-02-29T00:00:00z"), Some(951_782_400_000));
    }

    #[test]
    fn rejects_non_timestamps_but_keeps_raw() {
        for bad in [
            "",
            "2024-08-01TXX:XX:XX.XXXXXXX",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.1234567890Z",
            "2024-01-01T00:00:00+1:00",
            "2024-01-01T24:00:00Z",
        ] {
            let t = Timestamp::new(bad);
            assert_eq!(t.epoch_millis(), None, "{bad}");
            assert_eq!(t.as_str(), bad);
        }
    }

    #[test]
    fn format_parse_round_trip() {
        for ms in [0, 1, -1, 951_782_400_000, 1_722_515_696_123, 4_102_444_799_999, -62_135_596_800_000] {
            let s = format_rfc3339_millis(ms);
            assert_eq!(parse_rfc3339_millis(&s), Some(ms), "{s}");
        }
        assert_eq!(format_rfc3339_millis(1_722_515_696_123), "2024-08-01T12:34:56.123Z");
    }
}
