//! Compact JSON written straight into the caller's buffer: no intermediate values, and no
//! allocation beyond the buffer's own growth.

use std::io::Write as _;

use super::base64;
use crate::primitives::{Document, Number, Timestamp, TimestampFormat, UnknownVariant};

#[allow(dead_code, reason = "only models with structures that have members write keys")]
/// Writes the key of the next object member: a comma unless it is the first, then the key text,
/// which the generator has already quoted, escaped and followed by `:`.
#[inline]
pub(crate) fn key(out: &mut Vec<u8>, first: &mut bool, quoted_key: &[u8]) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.extend_from_slice(quoted_key);
}

#[allow(dead_code, reason = "only models with lists or maps write them")]
/// Writes the separator before the next array item.
#[inline]
pub(crate) fn item(out: &mut Vec<u8>, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
}

/// A JSON string. Escapes exactly what JSON requires, as serde_json and the AWS SDKs do:
/// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` for the other control characters.
/// Runs without anything to escape are found eight bytes at a time and copied whole.
#[inline]
pub(crate) fn string(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let mut rest = value.as_bytes();
    while let Some(at) = super::find_special(rest) {
        out.extend_from_slice(rest.get(..at).unwrap_or_default());
        let b = rest.get(at).copied().unwrap_or(b'"');
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
                let lo = HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0');
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hi, lo]);
            }
        }
        rest = rest.get(at.saturating_add(1)..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[allow(dead_code, reason = "only models with boolean members write them")]
#[inline]
pub(crate) fn bool(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

#[allow(dead_code, reason = "only models with integer members write them")]
/// Any integer type, widened to `i64`.
#[inline]
pub(crate) fn int(out: &mut Vec<u8>, value: impl Into<i64>) {
    let value: i64 = value.into();
    if value < 0 {
        out.push(b'-');
    }
    uint(out, value.unsigned_abs());
}

fn uint(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(crate::primitives::decimal_digits(value, &mut [0; 20]));
}

#[allow(dead_code, reason = "only models with double members write them")]
/// A double. Non-finite values are written as the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`, as Smithy's JSON protocols require; finite ones as the shortest text that reads
/// back as the same value (`1.0`, `0.1`, `1e300`).
pub(crate) fn f64(out: &mut Vec<u8>, value: f64) {
    if value.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if value.is_infinite() {
        out.extend_from_slice(if value > 0.0 { b"\"Infinity\"" } else { b"\"-Infinity\"" });
    } else {
        // Writing into a Vec cannot fail.
        let _ = write!(out, "{value:?}");
    }
}

#[allow(dead_code, reason = "only models with float members write them")]
/// A float, written with the shortest text that reads back as the same `f32`.
pub(crate) fn f32(out: &mut Vec<u8>, value: f32) {
    if value.is_finite() {
        let _ = write!(out, "{value:?}");
    } else {
        f64(out, f64::from(value));
    }
}

#[allow(dead_code, reason = "only models with timestamp members write them")]
/// A timestamp: a number for epoch seconds, a string for the two text formats.
pub(crate) fn timestamp(out: &mut Vec<u8>, value: Timestamp, format: TimestampFormat) {
    if format == TimestampFormat::EpochSeconds {
        value.write_epoch_seconds(out);
        return;
    }
    let mut buf = [0u8; 48];
    let text = value.format_into(format, &mut buf);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

#[allow(dead_code, reason = "only models with blob members write them")]
/// A blob, as a base64 string.
pub(crate) fn blob(out: &mut Vec<u8>, value: &[u8]) {
    out.push(b'"');
    base64::encode(value, out);
    out.push(b'"');
}

#[allow(dead_code, reason = "only models with big numbers or unions write raw JSON")]
/// Text already known to be valid JSON (big numbers, unknown union values).
pub(crate) fn raw(out: &mut Vec<u8>, json: &str) {
    out.extend_from_slice(json.as_bytes());
}

#[allow(dead_code, reason = "only models with unions write unknown variants back")]
/// A union variant this crate does not know, written back as it was received.
pub(crate) fn unknown_variant(out: &mut Vec<u8>, value: &UnknownVariant) {
    out.push(b'{');
    if !value.name().is_empty() {
        string(out, value.name());
        out.push(b':');
        raw(out, value.raw_json());
    }
    out.push(b'}');
}

/// A document, with an explicit stack so deep documents cannot overflow the call stack.
pub(crate) fn document(out: &mut Vec<u8>, value: &Document) {
    enum Step<'d> {
        Value(&'d Document),
        Raw(&'static [u8]),
        Key(&'d str),
    }
    let mut stack = vec![Step::Value(value)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Raw(text) => out.extend_from_slice(text),
            Step::Key(key) => {
                string(out, key);
                out.push(b':');
            }
            Step::Value(Document::Null) => out.extend_from_slice(b"null"),
            Step::Value(Document::Bool(b)) => bool(out, *b),
            Step::Value(Document::String(s)) => string(out, s),
            Step::Value(Document::Number(Number::PosInt(n))) => uint(out, *n),
            Step::Value(Document::Number(Number::NegInt(n))) => int(out, *n),
            Step::Value(Document::Number(Number::Float(f))) => f64(out, *f),
            Step::Value(Document::Array(items)) => {
                out.push(b'[');
                stack.push(Step::Raw(b"]"));
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push(Step::Value(item));
                    if i > 0 {
                        stack.push(Step::Raw(b","));
                    }
                }
            }
            Step::Value(Document::Object(entries)) => {
                out.push(b'{');
                stack.push(Step::Raw(b"}"));
                for (i, (key, item)) in entries.iter().enumerate().rev() {
                    stack.push(Step::Value(item));
                    stack.push(Step::Key(key));
                    if i > 0 {
                        stack.push(Step::Raw(b","));
                    }
                }
            }
        }
    }
}
