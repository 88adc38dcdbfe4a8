//! Arbitrary values for the round-trip tests of `round_trip.rs`, and the check they share: a
//! value written (as JSON, or as XML) and read back must come back equal. Values lean on the
//! edges: extreme and special numbers, strings of escapes, controls and astral characters,
//! timestamps across the whole range, unknown enum values and union variants; for XML
//! (`super::XML`), only the characters XML 1.0 allows, years 1 to 9999, and unknown variants
//! that are element names. Only compiled for this crate's tests.
//!
//! `ROUND_TRIP_CASES` sets the values per type (default 500), `FUZZ_SEED` the random seed.

#![allow(dead_code, reason = "each model's types use part of it")]

use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::json::{Reader, Result};
use crate::primitives::{BigDecimal, BigInteger, Document, Number, Timestamp, UnknownVariant};

/// A deterministic generator (SplitMix64) of arbitrary values.
pub(crate) struct Gen(u64);

/// Characters strings are made of: plain text, everything JSON escapes, and the multi-byte.
const CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '"', '\\', '/', '\u{0}', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{1f}', '\u{7f}', 'é',
    '€', '\u{2028}', '\u{fffd}', '\u{ffff}', '😀', '\u{10ffff}',
];

/// Characters XML strings lean on: what XML escapes, what it normalises, and the multi-byte.
const XML_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '&', '<', '>', '"', '\'', ']', '\n', '\r', '\t', '\u{7f}', 'é', '€', '\u{fffd}', '😀', '\u{10ffff}',
];

/// Whether XML 1.0 can carry `c` at all (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub(crate) fn bool(&mut self) -> bool {
        self.chance(2)
    }

    /// Random bits, or (a quarter of the time) an edge: a minimum, a maximum, 0, 1 or -1.
    fn bits(&mut self, edges: [i64; 2]) -> i64 {
        if self.chance(4) { *[edges[0], edges[1], 0, 1, -1].get(self.below(5)).unwrap_or(&0) } else { self.next() as i64 }
    }

    pub(crate) fn i8(&mut self) -> i8 {
        self.bits([i8::MIN.into(), i8::MAX.into()]) as i8
    }

    pub(crate) fn i16(&mut self) -> i16 {
        self.bits([i16::MIN.into(), i16::MAX.into()]) as i16
    }

    pub(crate) fn i32(&mut self) -> i32 {
        self.bits([i32::MIN.into(), i32::MAX.into()]) as i32
    }

    pub(crate) fn i64(&mut self) -> i64 {
        self.bits([i64::MIN, i64::MAX])
    }

    /// A double: any bit pattern, or a special value.
    pub(crate) fn f64(&mut self) -> f64 {
        const SPECIAL: [f64; 10] =
            [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, f64::MIN_POSITIVE, 5e-324, f64::MAX, f64::MIN, 0.1];
        if self.chance(3) { *SPECIAL.get(self.below(SPECIAL.len())).unwrap_or(&0.0) } else { f64::from_bits(self.next()) }
    }

    /// A float: any bit pattern, or a special value.
    pub(crate) fn f32(&mut self) -> f32 {
        const SPECIAL: [f32; 10] =
            [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, f32::MIN_POSITIVE, 1e-45, f32::MAX, f32::MIN, 0.1];
        if self.chance(3) {
            *SPECIAL.get(self.below(SPECIAL.len())).unwrap_or(&0.0)
        } else {
            f32::from_bits(u32::try_from(self.next() >> 32).unwrap_or(0))
        }
    }

    pub(crate) fn string(&mut self) -> String {
        let len = self.below(12);
        let special = if super::XML { XML_CHARS } else { CHARS };
        (0..len)
            .map(|_| if self.chance(3) { *special.get(self.below(special.len())).unwrap_or(&'a') } else { self.any_char() })
            .map(|c| if super::XML && !xml_char(c) { 'x' } else { c })
            .collect()
    }

    fn any_char(&mut self) -> char {
        char::from_u32(u32::try_from(self.next() % 0x11_0000).unwrap_or(0)).unwrap_or('\u{fffd}')
    }

    pub(crate) fn blob(&mut self) -> Vec<u8> {
        let len = self.below(20);
        (0..len).map(|_| self.next().to_le_bytes()[0]).collect()
    }

    /// A timestamp anywhere in `i64` seconds, or near now; any nanoseconds.
    pub(crate) fn timestamp(&mut self) -> Timestamp {
        let secs = if self.bool() { self.i64() } else { 1_700_000_000 + self.i64() % 10_000_000_000 };
        // XML's timestamps are date-times and http-dates: years 1 to 9999 (0001-01-01 is
        // 62,135,596,800 seconds before the epoch, 10000-01-01 is 253,402,300,800 after it).
        let secs = if super::XML { secs.rem_euclid(253_402_300_800 + 62_135_596_800) - 62_135_596_800 } else { secs };
        let nanos = match self.below(3) {
            0 => 0,
            1 => u32::try_from(self.below(1000)).unwrap_or(0) * 1_000_000,
            _ => u32::try_from(self.below(1_000_000_000)).unwrap_or(0),
        };
        Timestamp::from_secs_and_nanos(secs, nanos).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub(crate) fn big_integer(&mut self) -> BigInteger {
        let digits: String = (0..=self.below(40)).map(|_| char::from(b'0' + (self.below(10) as u8))).collect();
        let digits = digits.trim_start_matches('0');
        let text = if digits.is_empty() { "0".to_owned() } else { format!("{}{digits}", if self.bool() { "-" } else { "" }) };
        text.parse().unwrap_or_else(|_| BigInteger::from(0i64))
    }

    pub(crate) fn big_decimal(&mut self) -> BigDecimal {
        let text = format!("{}.{}e{}", self.i64(), self.below(1_000_000), self.i32() % 400);
        text.parse().unwrap_or_else(|_| BigDecimal::from(0i64))
    }

    /// A document: what JSON can hold (finite numbers only), but not a bare `null`, which the
    /// protocol cannot tell from an absent member or item.
    pub(crate) fn document(&mut self, depth: usize) -> Document {
        loop {
            let document = self.any_document(depth);
            if document != Document::Null {
                return document;
            }
        }
    }

    fn any_document(&mut self, depth: usize) -> Document {
        let kinds = if depth == 0 { 4 } else { 6 };
        match self.below(kinds) {
            0 => Document::Null,
            1 => Document::Bool(self.bool()),
            2 => Document::Number(match self.below(3) {
                0 => Number::PosInt(self.next()),
                1 => Number::NegInt(self.i64().min(-1)),
                _ => Number::Float(Some(self.f64()).filter(|f| f.is_finite() && f.fract() != 0.0).unwrap_or(0.5)),
            }),
            3 => Document::String(self.string()),
            4 => Document::Array((0..self.len(depth)).map(|_| self.any_document(depth - 1)).collect()),
            _ => Document::Object((0..self.len(depth)).map(|_| (self.string(), self.any_document(depth - 1))).collect()),
        }
    }

    /// How many items a list or map gets: none at the bottom.
    pub(crate) fn len(&mut self, depth: usize) -> usize {
        if depth == 0 { 0 } else { self.below(4) }
    }

    /// `None` a third of the time, and always at the bottom.
    pub(crate) fn option<T>(&mut self, depth: usize, value: impl FnOnce(&mut Gen) -> T) -> Option<T> {
        if depth == 0 || self.chance(3) { None } else { Some(value(self)) }
    }

    /// A string enum value: a known one, or (a quarter of the time) any string.
    pub(crate) fn enum_value(&mut self, known: &[&str]) -> String {
        match known.get(self.below(known.len())) {
            Some(value) if !self.chance(4) => (*value).to_owned(),
            _ => self.string(),
        }
    }

    /// An intEnum value: a known one, or (a quarter of the time) any integer.
    pub(crate) fn int_enum_value(&mut self, known: &[i32]) -> i32 {
        match known.get(self.below(known.len())) {
            Some(value) if !self.chance(4) => *value,
            _ => self.i32(),
        }
    }

    /// A union variant no model names: a fresh name and a JSON value that is not null (for
    /// XML, an element name and no value).
    pub(crate) fn unknown_variant(&mut self, known: &[&str]) -> UnknownVariant {
        if super::XML {
            // An element name, and no value: the XML readers keep an unknown variant's name.
            let mut name: String = "x".chars().chain(self.string().chars().filter(char::is_ascii_alphanumeric)).collect();
            while known.contains(&name.as_str()) {
                name.push('x');
            }
            return UnknownVariant::new(name, String::new());
        }
        let mut name = self.string();
        while name.is_empty() || name == "__type" || known.contains(&name.as_str()) {
            name.push('x');
        }
        let raw = match self.below(4) {
            0 => "1".to_owned(),
            1 => "\"text\"".to_owned(),
            2 => "[true,{\"a\":null}]".to_owned(),
            _ => "{\"nested\":{\"__type\":\"x\"}}".to_owned(),
        };
        UnknownVariant::new(name, raw)
    }

    /// A map of up to a few entries.
    pub(crate) fn map<K: Ord, V>(
        &mut self,
        depth: usize,
        mut key: impl FnMut(&mut Gen) -> K,
        mut value: impl FnMut(&mut Gen) -> V,
    ) -> BTreeMap<K, V> {
        (0..self.len(depth)).map(|_| (key(self), value(self))).collect()
    }

    /// A list of up to a few items.
    pub(crate) fn list<T>(&mut self, depth: usize, mut item: impl FnMut(&mut Gen) -> T) -> Vec<T> {
        (0..self.len(depth)).map(|_| item(self)).collect()
    }
}

/// How deep arbitrary values nest.
pub(crate) const DEPTH: usize = 4;

/// The values per type (`ROUND_TRIP_CASES`, 500 unless set) and a generator seeded for the type
/// `name` (from `FUZZ_SEED`, so a failure can be replayed).
fn cases_and_gen(name: &str) -> (u64, Gen) {
    let cases: u64 = std::env::var("ROUND_TRIP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED);
    (cases, Gen(seed ^ name.bytes().fold(0, |h: u64, b| h.rotate_left(5) ^ u64::from(b))))
}

/// Writes arbitrary values of a type and reads them back: they must come back equal. A value
/// holding NaN equals nothing, itself included; it passes when what was read prints the same
/// (`Debug`, which tells `-0.0` from `0.0`, though it hides `@sensitive` values) and is written
/// the same way again (which shows those).
pub(crate) fn check<T: Debug + PartialEq>(
    name: &str,
    arbitrary: impl Fn(&mut Gen) -> T,
    write: impl Fn(&mut Vec<u8>, &T),
    read: impl Fn(&mut Reader<'_>) -> Result<T>,
) {
    check_parsed(name, arbitrary, write, |json| crate::json::response::parse_body(json, &read));
}

/// As [`check`], with `parse` reading the whole written body (a modeled error's builder, say).
pub(crate) fn check_parsed<T: Debug + PartialEq>(
    name: &str,
    arbitrary: impl Fn(&mut Gen) -> T,
    write: impl Fn(&mut Vec<u8>, &T),
    parse: impl Fn(&[u8]) -> Result<T>,
) {
    let (cases, mut g) = cases_and_gen(name);
    for case in 0..cases {
        let value = arbitrary(&mut g);
        let mut json = Vec::new();
        write(&mut json, &value);
        let back = match parse(&json) {
            Ok(back) => back,
            Err(e) => {
                let e = e.into_inner();
                panic!(
                    "{name} case {case}: {} does not read back: {:?} at byte {} ({})\nvalue: {value:?}",
                    String::from_utf8_lossy(&json),
                    e.kind,
                    e.offset,
                    e.path_text()
                )
            }
        };
        if back != value {
            assert_eq!(
                format!("{back:?}"),
                format!("{value:?}"),
                "{name} case {case}: read back differently from {}",
                String::from_utf8_lossy(&json)
            );
            let mut again = Vec::new();
            write(&mut again, &back);
            assert_eq!(
                String::from_utf8_lossy(&again),
                String::from_utf8_lossy(&json),
                "{name} case {case}: read back differently\nwritten: {value:?}\nread:    {back:?}"
            );
        }
    }
}

/// A string enum value comes back as itself, known or not.
pub(crate) fn check_enum<T: Debug + PartialEq + for<'a> From<&'a str>>(
    name: &str,
    known: &[&str],
    as_str: impl Fn(&T) -> &str,
) {
    let (cases, mut g) = cases_and_gen(name);
    for _ in 0..cases {
        let text = g.enum_value(known);
        let value = T::from(text.as_str());
        assert_eq!(as_str(&value), text, "{value:?}");
        assert_eq!(T::from(as_str(&value)), value);
    }
}

/// Header text a member can hold and get back: no control characters (HTTP forbids them), and
/// no white space at either end (HTTP trims it), but inner spaces, quotes, commas and UTF-8.
const HEADER_CHARS: &[char] = &['a', 'Z', '0', ' ', '"', ',', '\\', '(', ';', '=', '\t', 'é', '€', '😀'];

impl Gen {
    /// Text that survives as a header value.
    pub(crate) fn header_text(&mut self) -> String {
        let len = self.below(12);
        let text: String = (0..len)
            .map(|_| {
                if self.chance(2) {
                    *HEADER_CHARS.get(self.below(HEADER_CHARS.len())).unwrap_or(&'a')
                } else {
                    char::from(u8::try_from(0x21 + self.below(0x7e - 0x21 + 1)).unwrap_or(b'a'))
                }
            })
            .collect();
        text.trim_matches([' ', '\t']).to_owned()
    }

    /// A string enum value that survives as a header value: a known one, or header text.
    pub(crate) fn header_enum(&mut self, known: &[&str]) -> String {
        match known.get(self.below(known.len())) {
            Some(value) if !self.chance(4) => (*value).to_owned(),
            _ => self.header_text(),
        }
    }

    /// A string that is not empty (a label, or a payload an empty body would lose).
    pub(crate) fn nonempty_string(&mut self) -> String {
        let mut text = self.string();
        if text.is_empty() {
            text.push('x');
        }
        text
    }

    /// A string enum value that is not empty.
    pub(crate) fn nonempty_enum(&mut self, known: &[&str]) -> String {
        let mut text = self.enum_value(known);
        if text.is_empty() {
            text.push('x');
        }
        text
    }

    /// Bytes, at least one.
    pub(crate) fn nonempty_blob(&mut self) -> Vec<u8> {
        let mut bytes = self.blob();
        if bytes.is_empty() {
            bytes.push(0);
        }
        bytes
    }

    /// A list of one item or a few (an empty one is not sent at all).
    pub(crate) fn nonempty_list<T>(&mut self, mut item: impl FnMut(&mut Gen) -> T) -> Vec<T> {
        (0..=self.below(3)).map(|_| item(self)).collect()
    }

    /// `@httpPrefixHeaders` entries: one or a few lower-case header names (the rest after the
    /// prefix) with header text.
    pub(crate) fn header_map(&mut self) -> BTreeMap<String, String> {
        (0..=self.below(3))
            .map(|_| {
                let name: String = (0..=self.below(6)).map(|_| char::from(b'a' + (self.below(26) as u8))).collect();
                (format!("x-rt-{name}"), self.header_text())
            })
            .collect()
    }

    /// `@httpQueryParams` entries: one or a few keys (none of the operation's own, `named`)
    /// with values from `value`.
    pub(crate) fn query_map<V>(&mut self, named: &[&str], mut value: impl FnMut(&mut Gen) -> V) -> BTreeMap<String, V> {
        (0..=self.below(3))
            .map(|_| {
                let mut key = self.nonempty_string();
                while named.contains(&key.as_str()) {
                    key.push('x');
                }
                (key, value(self))
            })
            .collect()
    }

    /// A successful HTTP status, for an `@httpResponseCode` member.
    pub(crate) fn status(&mut self) -> i32 {
        200 + i32::try_from(self.below(100)).unwrap_or(0)
    }
}

/// An HTTP message as the round trips see it: a request the crate built, or a response the
/// tests wrote as a service would.
#[derive(Debug, PartialEq)]
pub(crate) struct Message {
    /// The request's method; empty for a response.
    pub(crate) method: &'static str,
    /// The request's path and query; empty for a response.
    pub(crate) uri: String,
    /// The response's status; 0 for a request.
    pub(crate) status: u16,
    /// The headers, in order.
    pub(crate) headers: Vec<(String, String)>,
    /// The body.
    pub(crate) body: Vec<u8>,
}

/// The headers the protocol adds to a request's body; not the members' unless a member binds
/// them.
const FRAMING: &[&str] = &["content-type", "content-length", "content-md5", "content-encoding"];

impl Message {
    /// A request the crate built.
    pub(crate) fn request(request: crate::http::HttpRequest) -> Message {
        Message {
            method: request.method,
            uri: request.uri,
            status: 0,
            headers: request.headers.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            body: request.body,
        }
    }

    /// A response.
    pub(crate) fn response(
        status: u16,
        headers: Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'static, str>)>,
        body: Vec<u8>,
    ) -> Message {
        Message {
            method: "",
            uri: String::new(),
            status,
            headers: headers.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            body,
        }
    }

    /// The path, and the query (empty when there is none).
    pub(crate) fn path_and_query(&self) -> (&str, &str) {
        self.uri.split_once('?').unwrap_or((self.uri.as_str(), ""))
    }

    /// The headers as a service reads the members from them: the protocol's own framing
    /// headers left out, unless a member binds them (`bound`, lower case).
    pub(crate) fn member_headers(&self, bound: &[&str]) -> crate::http::ResponseHeaders {
        let kept = self.headers.iter().filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            !FRAMING.contains(&name.as_str()) || bound.contains(&name.as_str())
        });
        crate::http::ResponseHeaders::read_all(kept.map(|(k, v)| (k.as_str(), v.as_bytes())), false)
    }
}

/// A part of a URI pattern, for [`match_path`].
pub(crate) enum PathPart {
    /// Text as the pattern has it.
    Literal(&'static str),
    /// A label: one segment.
    Label,
    /// A greedy label: one or more segments.
    Greedy,
}

/// Reading a request back failed at `part`: the message names what was expected.
pub(crate) fn bad_part(part: &'static str, expected: &'static str) -> crate::json::Error {
    crate::json::Error::new(crate::error::ParseErrorKind::Header { header: part, expected }, 0).member(part)
}

/// Percent-decoded text; `None` when the bytes are not UTF-8 or an escape is broken.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(b);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The labels' values of a path that matches `pattern`, percent-decoded.
pub(crate) fn match_path(path: &str, pattern: &[PathPart]) -> Result<Vec<String>> {
    let mismatch = || bad_part("path", "the operation's URI pattern");
    let mut rest = path;
    let mut labels = Vec::new();
    let mut parts = pattern.iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            PathPart::Literal(text) => rest = rest.strip_prefix(text).ok_or_else(mismatch)?,
            PathPart::Label | PathPart::Greedy => {
                // A label runs to the next literal (a greedy one to its last occurrence), or
                // to the end.
                let end = match parts.peek() {
                    Some(PathPart::Literal(next)) => {
                        let found = if matches!(part, PathPart::Greedy) { rest.rfind(next) } else { rest.find(next) };
                        found.ok_or_else(mismatch)?
                    }
                    _ => rest.len(),
                };
                let (value, after) = rest.split_at(end);
                if matches!(part, PathPart::Label) && value.contains('/') {
                    return Err(mismatch());
                }
                labels.push(percent_decode(value).ok_or_else(mismatch)?);
                rest = after;
            }
        }
    }
    if rest.is_empty() { Ok(labels) } else { Err(mismatch()) }
}

/// A query's parameters in order, percent-decoded; a key without `=` has no value.
pub(crate) fn parse_query(query: &str) -> Result<Vec<(String, Option<String>)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = match pair.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (pair, None),
            };
            let key = percent_decode(key).ok_or_else(|| bad_part("query", "percent-encoded UTF-8"))?;
            let value = value
                .map(percent_decode)
                .map(|v| v.ok_or_else(|| bad_part("query", "percent-encoded UTF-8")))
                .transpose()?;
            Ok((key, value))
        })
        .collect()
}

/// Label `at` of a matched path, read with `parse`.
pub(crate) fn label<T>(
    labels: &[String],
    at: usize,
    member: &'static str,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T> {
    labels.get(at).and_then(|text| parse(text)).ok_or_else(|| bad_part(member, expected))
}

/// The first query parameter named `key`, read with `parse` (a key without a value reads as
/// empty text); `None` when there is none.
pub(crate) fn query_value<T>(
    query: &[(String, Option<String>)],
    key: &str,
    member: &'static str,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>> {
    match query.iter().find(|(k, _)| k == key) {
        None => Ok(None),
        Some((_, value)) => {
            parse(value.as_deref().unwrap_or_default()).map(Some).ok_or_else(|| bad_part(member, expected))
        }
    }
}

/// Every query parameter named `key`, each read with `parse`; `None` when there is none.
pub(crate) fn query_list<T>(
    query: &[(String, Option<String>)],
    key: &str,
    member: &'static str,
    expected: &'static str,
    mut parse: impl FnMut(&str) -> Option<T>,
) -> Result<Option<Vec<T>>> {
    let items = query
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, value)| parse(value.as_deref().unwrap_or_default()).ok_or_else(|| bad_part(member, expected)))
        .collect::<Result<Vec<T>>>()?;
    Ok((!items.is_empty()).then_some(items))
}

/// Encodes arbitrary values of an operation's input or output as HTTP messages and decodes
/// them back: they must come back equal (or, holding NaN, print the same and encode to the
/// same message again).
pub(crate) fn check_message<T: Debug + PartialEq, E: Debug>(
    name: &str,
    arbitrary: impl Fn(&mut Gen) -> T,
    encode: impl Fn(&T) -> Message,
    decode: impl Fn(&Message) -> std::result::Result<T, E>,
) {
    let (cases, mut g) = cases_and_gen(name);
    for case in 0..cases {
        let value = arbitrary(&mut g);
        let message = encode(&value);
        let back = match decode(&message) {
            Ok(back) => back,
            Err(e) => panic!("{name} case {case}: {message:?} does not read back: {e:?}\nvalue: {value:?}"),
        };
        if back != value {
            assert_eq!(
                format!("{back:?}"),
                format!("{value:?}"),
                "{name} case {case}: read back differently from {message:?}"
            );
            assert_eq!(
                encode(&back),
                message,
                "{name} case {case}: read back differently\nwritten: {value:?}\nread:    {back:?}"
            );
        }
    }
}
