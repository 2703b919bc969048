//! The list endpoint's query: every parameter, as the exact query pairs the API takes
//! (arrays as repeated keys, keys in a fixed order), and back.

use crate::enums::{ExecutionStatus, HealthStatus, JobType, SortColumn, SortOrder};
use std::fmt;

pub const DEFAULT_PAGINATION_LIMIT: u32 = 100;
pub const MAX_PAGINATION_LIMIT: u32 = 1000;

/// Query parameter names, in the order `to_query_pairs` writes them.
pub mod param {
    pub const TYPE: &str = "type";
    pub const EXECUTION_STATUS: &str = "executionStatus";
    pub const HEALTH_STATUS: &str = "healthStatus";
    pub const CONNECTION_NAME: &str = "connectionName";
    pub const TARGET_TABLE_NAME: &str = "targetTableName";
    pub const TARGET_TABLE_ID: &str = "targetTableId";
    pub const SEARCH_STRING: &str = "searchString";
    pub const SORT_COLUMN: &str = "sortColumn";
    pub const SORT_ORDER: &str = "sortOrder";
    pub const PAGINATION_LIMIT: &str = "paginationLimit";
    pub const PAGINATION_OFFSET: &str = "paginationOffset";
}

/// What `GET /jobs` is asked for. Same key repeated = OR; different keys = AND.
/// `None` and empty lists leave a parameter out (the server's default applies).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct JobFilter {
    pub types: Vec<JobType>,
    pub execution_statuses: Vec<ExecutionStatus>,
    pub health_statuses: Vec<HealthStatus>,
    pub connection_names: Vec<String>,
    pub target_table_name: Option<String>,
    pub target_table_id: Option<String>,
    pub search_string: Option<String>,
    pub sort_column: Option<SortColumn>,
    pub sort_order: Option<SortOrder>,
    pub pagination_limit: Option<u32>,
    pub pagination_offset: Option<u64>,
}

/// A query value the API would refuse, naming the parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub parameter: &'static str,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Invalid value '{}' for query parameter '{}': {}", self.value, self.parameter, self.reason)
    }
}

impl std::error::Error for FilterError {}

fn known<T>(
    parameter: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    as_str: fn(&T) -> &str,
) -> Result<T, FilterError> {
    parse(value).ok_or_else(|| FilterError {
        parameter,
        value: value.to_owned(),
        reason: format!("expected one of {}", all.iter().map(as_str).collect::<Vec<_>>().join(", ")),
    })
}

impl JobFilter {
    /// The effective page size (the server's default when unset).
    pub fn limit(&self) -> u32 {
        self.pagination_limit.unwrap_or(DEFAULT_PAGINATION_LIMIT)
    }

    /// The effective offset.
    pub fn offset(&self) -> u64 {
        self.pagination_offset.unwrap_or(0)
    }

    /// The query pairs, keys in the fixed order of [`param`], list values in the order held.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        pairs.extend(self.types.iter().map(|v| (param::TYPE, v.as_str().to_owned())));
        pairs.extend(self.execution_statuses.iter().map(|v| (param::EXECUTION_STATUS, v.as_str().to_owned())));
        pairs.extend(self.health_statuses.iter().map(|v| (param::HEALTH_STATUS, v.as_str().to_owned())));
        pairs.extend(self.connection_names.iter().map(|v| (param::CONNECTION_NAME, v.clone())));
        let singles: [(&'static str, Option<String>); 7] = [
            (param::TARGET_TABLE_NAME, self.target_table_name.clone()),
            (param::TARGET_TABLE_ID, self.target_table_id.clone()),
            (param::SEARCH_STRING, self.search_string.clone()),
            (param::SORT_COLUMN, self.sort_column.as_ref().map(|v| v.as_str().to_owned())),
            (param::SORT_ORDER, self.sort_order.as_ref().map(|v| v.as_str().to_owned())),
            (param::PAGINATION_LIMIT, self.pagination_limit.map(|v| v.to_string())),
            (param::PAGINATION_OFFSET, self.pagination_offset.map(|v| v.to_string())),
        ];
        pairs.extend(singles.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        pairs
    }

    /// `a=1&b=2`, percent-encoded, without the leading `?` ("" for an empty filter).
    pub fn to_query_string(&self) -> String {
        encode_query(self.to_query_pairs().iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Reads query pairs as the API does: unknown keys are ignored; an unknown enum value, a
    /// limit outside 1..=1000 or an offset that is not a whole number >= 0 is an error naming
    /// the parameter. A repeated single-valued key keeps its last value.
    pub fn from_query_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, FilterError> {
        let mut f = JobFilter::default();
        for (k, v) in pairs {
            let (k, v) = (k.as_ref(), v.as_ref());
            match k {
                param::TYPE => {
                    f.types.push(known(param::TYPE, v, JobType::parse_known, JobType::ALL, JobType::as_str)?)
                }
                param::EXECUTION_STATUS => f.execution_statuses.push(known(
                    param::EXECUTION_STATUS,
                    v,
                    ExecutionStatus::parse_known,
                    ExecutionStatus::ALL,
                    ExecutionStatus::as_str,
                )?),
                param::HEALTH_STATUS => f.health_statuses.push(known(
                    param::HEALTH_STATUS,
                    v,
                    HealthStatus::parse_known,
                    HealthStatus::ALL,
                    HealthStatus::as_str,
                )?),
                param::CONNECTION_NAME => f.connection_names.push(v.to_owned()),
                param::TARGET_TABLE_NAME => {
                    let n = v.chars().count();
                    if !(1..=255).contains(&n) {
                        return Err(FilterError {
                            parameter: param::TARGET_TABLE_NAME,
                            value: v.to_owned(),
                            reason: "must be 1 to 255 characters".into(),
                        });
                    }
                    f.target_table_name = Some(v.to_owned());
                }
                param::TARGET_TABLE_ID => f.target_table_id = Some(v.to_owned()),
                param::SEARCH_STRING => f.search_string = Some(v.to_owned()),
                param::SORT_COLUMN if SortColumn::DEPRECATED.contains(&v) => {
                    f.sort_column = Some(SortColumn::Other(v.to_owned()))
                }
                param::SORT_COLUMN => {
                    f.sort_column = Some(known(
                        param::SORT_COLUMN,
                        v,
                        SortColumn::parse_known,
                        SortColumn::ALL,
                        SortColumn::as_str,
                    )?)
                }
                param::SORT_ORDER => {
                    f.sort_order =
                        Some(known(param::SORT_ORDER, v, SortOrder::parse_known, SortOrder::ALL, SortOrder::as_str)?)
                }
                param::PAGINATION_LIMIT => {
                    f.pagination_limit =
                        Some(v.parse::<u32>().ok().filter(|n| (1..=MAX_PAGINATION_LIMIT).contains(n)).ok_or_else(
                            || FilterError {
                                parameter: param::PAGINATION_LIMIT,
                                value: v.to_owned(),
                                reason: format!("must be a whole number from 1 to {MAX_PAGINATION_LIMIT}"),
                            },
                        )?)
                }
                param::PAGINATION_OFFSET => {
                    f.pagination_offset = Some(v.parse::<u64>().map_err(|_| FilterError {
                        parameter: param::PAGINATION_OFFSET,
                        value: v.to_owned(),
                        reason: "must be a whole number, 0 or more".into(),
                    })?)
                }
                _ => {}
            }
        }
        Ok(f)
    }

    /// Parses a raw query string (with or without a leading `?`).
    pub fn from_query_string(query: &str) -> Result<Self, FilterError> {
        Self::from_query_pairs(decode_query(query))
    }
}

/// Percent-encodes one query component (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether `s`, as a URL path segment, names a step up or nowhere (`.`, `..`): percent-encoding
/// does not help there (a URL parser reads `%2E%2E` as `..` too), so such an id is refused
/// wherever it would go into a path.
pub fn is_dot_segment(s: &str) -> bool {
    s == "." || s == ".."
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space; bad escapes stay).
pub fn decode_component(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `k=v&k=v` from pairs, percent-encoded.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Pairs from `k=v&k=v` (a leading `?` is skipped, empty segments ignored, a key without `=`
/// has an empty value).
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|seg| !seg.is_empty())
        .map(|seg| match seg.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(seg), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_in_fixed_order() {
        let f = JobFilter {
            health_statuses: vec![HealthStatus::Ok, HealthStatus::Error],
            types: vec![JobType::Batch],
            search_string: Some("a b&c".into()),
            ..Default::default()
        };
        assert_eq!(f.to_query_string(), "type=batch&healthStatus=ok&healthStatus=error&searchString=a%20b%26c");
    }

    #[test]
    fn refuses_bad_values_naming_the_parameter() {
        let e = JobFilter::from_query_string("type=batch&type=nope").unwrap_err();
        assert_eq!(e.parameter, "type");
        assert!(e.to_string().contains("nope"));
        for (q, p) in [
            ("paginationLimit=0", "paginationLimit"),
            ("paginationLimit=1001", "paginationLimit"),
            ("paginationOffset=-1", "paginationOffset"),
            ("sortOrder=desc", "sortOrder"),
            ("executionStatus=done", "executionStatus"),
            ("healthStatus=bad", "healthStatus"),
            ("sortColumn=id", "sortColumn"),
            ("targetTableName=", "targetTableName"),
        ] {
            assert_eq!(JobFilter::from_query_string(q).unwrap_err().parameter, p, "{q}");
        }
    }

    #[test]
    fn decodes_plus_and_bad_escapes() {
        assert_eq!(decode_component("a+b%20c%2"), "a b c%2");
        assert_eq!(decode_component("%zz%"), "%zz%");
        assert_eq!(decode_component("%C3%A9"), "é");
    }
}
