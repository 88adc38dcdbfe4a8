//! Arbitrary values for the round-trip tests of `round_trip.rs`, and the check they share: a
//! value written as JSON and read back must come back equal. Values lean on the edges: extreme
//! and special numbers, strings of escapes, controls and astral characters, timestamps across the
//! whole range, unknown enum values and union variants. Only compiled for this crate's tests.
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
        (0..len)
            .map(|_| if self.chance(3) { *CHARS.get(self.below(CHARS.len())).unwrap_or(&'a') } else { self.any_char() })
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

    /// A union variant no model names: a fresh name and a JSON value that is not null.
    pub(crate) fn unknown_variant(&mut self, known: &[&str]) -> UnknownVariant {
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
