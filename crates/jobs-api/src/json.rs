//! A small JSON reader for the hand decoder (`decode.rs`): the text becomes a tree that borrows
//! its strings from the text where it can, objects as lists of members. It reads exactly what
//! serde_json reads, to the same values (numbers as serde_json keeps them: non-negative whole
//! numbers as u64, negative ones as i64, everything else as f64; the last of duplicate keys
//! wins), and refuses what it refuses; `tests/model.rs` checks that on generated and mutated
//! documents. Why: in the browser it is a fraction of serde_json's parser in the download, and
//! building no `BTreeMap` per object makes it several times faster.

use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// Nesting deeper than this is refused, as serde_json does.
const DEPTH_LIMIT: u32 = 128;

#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(Num),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A JSON number, as serde_json keeps it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A whole number of at least 0.
    U(u64),
    /// A negative whole number.
    I(i64),
    /// Anything else (a fraction, an exponent, `-0`, or too large for 64 bits); always finite.
    F(f64),
}

impl<'a> Json<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(Num::U(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(Num::U(n)) => i64::try_from(*n).ok(),
            Json::Number(Num::I(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(Num::U(n)) => Some(*n as f64),
            Json::Number(Num::I(n)) => Some(*n as f64),
            Json::Number(Num::F(f)) => Some(*f),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The same value as serde_json's tree.
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(Num::U(n)) => Value::from(*n),
            Json::Number(Num::I(n)) => Value::from(*n),
            Json::Number(Num::F(f)) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(members) => Value::Object(object_value(members, &[])),
        }
    }
}

/// An object's members as serde_json's map, those named in `skip` left out (one place that fills
/// such a map: each other would link its own copy of the map's insertion).
pub fn object_value(members: &[(Cow<'_, str>, Json<'_>)], skip: &[&str]) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in members.iter().filter(|(k, _)| !skip.contains(&k.as_ref())) {
        map.insert(k.to_string(), v.to_value());
    }
    map
}

/// The member `key` of an object's members (the last one, when the key is there twice).
pub fn member<'m, 'a>(members: &'m [(Cow<'a, str>, Json<'a>)], key: &str) -> Option<&'m Json<'a>> {
    members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Why a text is not JSON, and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub what: &'static str,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not JSON: {} at byte {}", self.what, self.at)
    }
}

/// Reads one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Json<'_>, SyntaxError> {
    parse_with(text, |t| t.parse().ok())
}

/// Reads a JSON number that is not a whole number (`-1.5e3`) as the nearest f64; `None` or a
/// non-finite result when it is out of range.
pub type FloatReader = fn(&str) -> Option<f64>;

/// `parse` with the caller's float reader: the browser app passes the browser's own
/// (`parseFloat`, correctly rounded), which keeps Rust's float parser and its ~10 KB of tables
/// out of the download.
pub fn parse_with(text: &str, float: FloatReader) -> Result<Json<'_>, SyntaxError> {
    let mut r = Reader { text, bytes: text.as_bytes(), at: 0, depth: DEPTH_LIMIT, float };
    let v = r.value()?;
    r.space();
    if r.at < r.bytes.len() {
        return Err(r.fail("trailing characters"));
    }
    Ok(v)
}

/// What [`parse_streaming`] hands over: the start of an array of the member it streams (an
/// object may name a member twice), then that array's items, each as soon as it is read.
pub enum Streamed<'a> {
    Start,
    Item(Json<'a>),
}

/// [`parse_with`], except that when the text is an object, the items of an array that is the
/// value of its member `key` are handed to `each` one by one as they are read, and not kept:
/// in the result, that member's value is an empty array. A page of jobs is then decoded job by
/// job, each job's tree freed before the next is read, instead of building the tree of the
/// whole page first. Refuses exactly what `parse_with` refuses.
pub fn parse_streaming<'a>(
    text: &'a str,
    float: FloatReader,
    key: &str,
    each: &mut dyn FnMut(Streamed<'a>),
) -> Result<Json<'a>, SyntaxError> {
    let mut r = Reader { text, bytes: text.as_bytes(), at: 0, depth: DEPTH_LIMIT, float };
    r.space();
    let v = if r.peek() == Some(b'{') {
        let mut members = Vec::new();
        r.each(b'}', &mut |r: &mut Reader<'a>| {
            let name = r.key()?;
            r.space();
            if name == key && r.peek() == Some(b'[') {
                each(Streamed::Start);
                r.each(b']', &mut |r: &mut Reader<'a>| {
                    each(Streamed::Item(r.value()?));
                    Ok(())
                })?;
                members.push((name, Json::Array(Vec::new())));
            } else {
                let v = r.value()?;
                members.push((name, v));
            }
            Ok(())
        })?;
        Json::Object(members)
    } else {
        r.value()?
    };
    r.space();
    if r.at < r.bytes.len() {
        return Err(r.fail("trailing characters"));
    }
    Ok(v)
}

/// Writes a fraction (a finite f64) as JSON number text: the browser app passes the browser's own
/// (`Number.prototype.toString`, the shortest text that reads back the same), which keeps Rust's
/// float formatting out of the download.
pub type FloatWriter = fn(f64) -> String;

/// The value as JSON text: on one line when `indent` is 0, else each member and item on a line
/// of its own, indented by `indent` spaces per level (an empty array or object stays `[]`,
/// `{}`). Members keep their order (duplicates too); whole numbers are written exactly, other
/// numbers with `float`. What [`parse_with`] reads back to the same tree.
pub fn write(v: &Json<'_>, indent: usize, float: FloatWriter) -> String {
    let mut out = String::new();
    write_into(&mut out, v, indent, 0, float);
    out
}

fn write_into(out: &mut String, v: &Json<'_>, indent: usize, level: usize, float: FloatWriter) {
    let line = |out: &mut String, level: usize| {
        if indent > 0 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent * level));
        }
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(Num::U(n)) => out.push_str(&n.to_string()),
        Json::Number(Num::I(n)) => out.push_str(&n.to_string()),
        Json::Number(Num::F(f)) => out.push_str(&float(*f)),
        Json::String(s) => out.push_str(&crate::decode::quote(s)),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                line(out, level + 1);
                write_into(out, item, indent, level + 1, float);
            }
            line(out, level);
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                line(out, level + 1);
                out.push_str(&crate::decode::quote(k));
                out.push_str(if indent > 0 { ": " } else { ":" });
                write_into(out, item, indent, level + 1, float);
            }
            line(out, level);
            out.push('}');
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u32,
    float: FloatReader,
}

impl<'a> Reader<'a> {
    fn fail(&self, what: &'static str) -> SyntaxError {
        SyntaxError { at: self.at, what }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn literal(&mut self, word: &'static str, v: Json<'a>) -> Result<Json<'a>, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn value(&mut self) -> Result<Json<'a>, SyntaxError> {
        self.space();
        match self.peek() {
            None => Err(self.fail("end of text where a value belongs")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(b'[') => self.items(b']', Self::value).map(Json::Array),
            Some(b'{') => self.items(b'}', Self::key_value).map(Json::Object),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    /// The items of an array or object (at its opening bracket) up to `close`, each read by
    /// `item`, within the depth limit.
    fn items<T>(&mut self, close: u8, item: fn(&mut Self) -> Result<T, SyntaxError>) -> Result<Vec<T>, SyntaxError> {
        let mut out = Vec::new();
        self.each(close, &mut |r: &mut Self| {
            out.push(item(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Reads the items of an array or object (at its opening bracket) up to `close` with
    /// `item`, one call per item, within the depth limit.
    fn each(
        &mut self,
        close: u8,
        item: &mut dyn FnMut(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            self.depth += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    self.depth += 1;
                    return Ok(());
                }
                _ => return Err(self.fail(if close == b']' { "expected `,` or `]`" } else { "expected `,` or `}`" })),
            }
        }
    }

    /// `"key": value` of an object.
    fn key_value(&mut self) -> Result<(Cow<'a, str>, Json<'a>), SyntaxError> {
        let key = self.key()?;
        Ok((key, self.value()?))
    }

    /// `"key":` of an object's member.
    fn key(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.space();
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a key"));
        }
        let key = self.string()?;
        self.space();
        if self.peek() != Some(b':') {
            return Err(self.fail("expected `:`"));
        }
        self.at += 1;
        Ok(key)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Num, SyntaxError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.digits() {
            0 => return Err(self.fail("expected a digit")),
            n if n > 1 && self.bytes[int_start] == b'0' => {
                return Err(SyntaxError { at: int_start + 1, what: "a number with a leading zero" })
            }
            _ => {}
        }
        let int_end = self.at;
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            whole = false;
            if self.digits() == 0 {
                return Err(self.fail("expected a digit"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            whole = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("expected a digit"));
            }
        }
        if whole {
            if let Ok(magnitude) = self.text[int_start..int_end].parse::<u64>() {
                if !negative {
                    return Ok(Num::U(magnitude));
                }
                let n = (magnitude as i64).wrapping_neg();
                // `-0` and magnitudes past i64 become floats, as in serde_json.
                return Ok(if n >= 0 { Num::F(-(magnitude as f64)) } else { Num::I(n) });
            }
        }
        match (self.float)(&self.text[start..self.at]) {
            Some(f) if f.is_finite() => Ok(Num::F(f)),
            _ => Err(SyntaxError { at: start, what: "a number out of range" }),
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or_else(|| self.fail("end of text in an escape"))?;
        let mut n = 0u32;
        for &d in digits {
            let v = char::from(d).to_digit(16).ok_or_else(|| self.fail("expected a hex digit"))?;
            n = n * 16 + v;
        }
        self.at += 4;
        Ok(n)
    }

    /// A string (at its opening quote): borrowed from the text when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(&b) = self.bytes.get(self.at) else { return Err(self.fail("end of text in a string")) };
            match b {
                b'"' => {
                    let s = match owned {
                        None => Cow::Borrowed(&self.text[start..self.at]),
                        Some(mut s) => {
                            s.push_str(&self.text[run..self.at]);
                            Cow::Owned(s)
                        }
                    };
                    self.at += 1;
                    return Ok(s);
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    let Some(&e) = self.bytes.get(self.at) else { return Err(self.fail("end of text in an escape")) };
                    self.at += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = match hi {
                                0xD800..=0xDBFF => {
                                    if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                                        return Err(self.fail("a lone surrogate in an escape"));
                                    }
                                    self.at += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return Err(self.fail("a lone surrogate in an escape"));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(self.fail("a lone surrogate in an escape")),
                                n => n,
                            };
                            char::from_u32(code).ok_or_else(|| self.fail("an invalid escape"))?
                        }
                        _ => return Err(self.fail("an invalid escape")),
                    };
                    owned.get_or_insert_with(String::new).push(c);
                    run = self.at;
                }
                0x00..=0x1f => return Err(self.fail("a control character in a string")),
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(text: &str) {
        let ours = parse(text).map(|v| v.to_value());
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }

    #[test]
    fn reads_and_refuses_what_serde_json_does() {
        for text in [
            "null",
            " true ",
            "false",
            "0",
            "-0",
            "-0.0",
            "12",
            "-12",
            "1.5",
            "1e3",
            "1E-3",
            "-1.25e+2",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1e308",
            "1e309",
            "-1e400",
            "1e-400",
            r#""""#,
            r#""a\"b\\c\/d\n\t""#,
            r#""\u00e9\u20ac\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12G4""#,
            "\"a\u{1}b\"",
            "\"é€😀\"",
            "[]",
            "[1, [2, []], {}]",
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": {"b": [null]}}"#,
            "",
            " ",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "[1,]",
            "[1 2]",
            "{,}",
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            "{1: 2}",
            "nul",
            "truex",
            "[1] x",
            "\"abc",
            "[",
            "{",
            "NaN",
            "Infinity",
        ] {
            same_as_serde(text);
        }
        same_as_serde(&format!("{}{}", "[".repeat(127), "]".repeat(127)));
        same_as_serde(&format!("{}{}", "[".repeat(128), "]".repeat(128)));
        same_as_serde(&format!("{}1{}", "{\"a\":".repeat(130), "}".repeat(130)));
    }

    #[test]
    fn written_text_reads_back_the_same() {
        let text =
            r#"{"b": [1, -2, 1.5, -0.0, 1e300, "x\"y\n\u0001é", true, null, [], {}], "a": {"k": {"z": 1}}, "a": 2}"#;
        let v = parse(text).unwrap();
        let float: FloatWriter = |f| f.to_string();
        for indent in [0, 2, 4] {
            let out = write(&v, indent, float);
            assert_eq!(parse(&out).unwrap(), v, "{out}");
            assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        }
        assert_eq!(write(&parse(r#"{"a":[1,{}],"b":"c"}"#).unwrap(), 0, float), r#"{"a":[1,{}],"b":"c"}"#);
        assert_eq!(
            write(&parse(r#"{"a":[1,{}],"b":{"c":[]}}"#).unwrap(), 2, float),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {\n    \"c\": []\n  }\n}"
        );
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let v = parse(r#"{"key": "plain", "other": "esc\"aped"}"#).unwrap();
        let members = v.as_object().unwrap();
        assert!(matches!(members[0].0, Cow::Borrowed("key")));
        assert!(matches!(member(members, "key"), Some(Json::String(Cow::Borrowed("plain")))));
        assert_eq!(member(members, "other").and_then(Json::as_str), Some("esc\"aped"));
        assert_eq!(
            parse(r#"{"a": 1, "a": 2}"#).unwrap().as_object().map(|m| member(m, "a").cloned()),
            Some(Some(Json::Number(Num::U(2))))
        );
    }
}
