//! The awsQuery and ec2Query protocols: a request is `POST /` with a form body (`Action`,
//! `Version`, then the input's members as `Name.member.1=value` pairs, percent-encoded as
//! botocore encodes them), a response is XML: an awsQuery result inside
//! `<OperationResponse><OperationResult>`, an ec2Query one inside `<OperationResponse>`, and
//! errors inside `<ErrorResponse><Error>` or `<Response><Errors><Error>` (read by
//! [`xml::response`](crate::xml::response)).

use std::borrow::Cow;

use crate::http::{Compression, HttpRequest, RequestOptions};
use crate::primitives::{Timestamp, TimestampFormat};

/// What an operation adds to the framing of its requests.
pub(crate) struct Framing {
    /// For operations that accept compressed requests (`@requestCompression`), how.
    pub(crate) compression: Option<Compression>,
}

/// Frames a form body: `POST /` with `Content-Type: application/x-www-form-urlencoded`,
/// compressed when the operation supports it and the body is large enough.
pub(crate) fn request(
    framing: &Framing,
    body: Vec<u8>,
    host_prefix: Option<String>,
    options: &RequestOptions,
) -> HttpRequest {
    let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::with_capacity(3);
    headers.push((Cow::Borrowed("Content-Type"), Cow::Borrowed("application/x-www-form-urlencoded")));
    let large_enough = u32::try_from(body.len()).map_or(true, |len| len >= options.request_min_compression_size_bytes);
    let body = match framing.compression {
        Some(compression) if !options.disable_request_compression && large_enough => {
            crate::http::add_content_encoding(&mut headers, compression.encoding);
            (compression.encode)(&body)
        }
        _ => body,
    };
    headers.push((Cow::Borrowed("Content-Length"), Cow::Owned(body.len().to_string())));
    HttpRequest { method: "POST", uri: String::from("/"), headers, body, host_prefix }
}

/// The name of the parameter being written: the member names and list indices from the top of
/// the input, joined by dots (`Tags.member.2.Key`). Writers push a part, write, and cut it off.
pub(crate) struct Key {
    text: String,
}

impl Key {
    /// The empty key, for the input itself.
    pub(crate) fn new() -> Key {
        Key { text: String::with_capacity(64) }
    }

    /// Adds a member name (or `member`, `entry`, `key`, `value`); returns what to `cut` back to.
    pub(crate) fn push(&mut self, part: &str) -> usize {
        let at = self.text.len();
        if at != 0 {
            self.text.push('.');
        }
        self.text.push_str(part);
        at
    }

    /// Adds the list or map position `index` (0-based) as the protocol's 1-based number;
    /// returns what to `cut` back to.
    #[allow(dead_code, reason = "only models with lists or maps in requests write indices")]
    pub(crate) fn push_index(&mut self, index: usize) -> usize {
        let at = self.text.len();
        if at != 0 {
            self.text.push('.');
        }
        let mut digits = [0u8; 20];
        let n = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        self.text.extend(crate::primitives::decimal_digits(n, &mut digits).iter().map(|&d| char::from(d)));
        at
    }

    /// Cuts the key back to what it was before a `push`.
    pub(crate) fn cut(&mut self, at: usize) {
        self.text.truncate(at);
    }
}

/// Starts the body: `Action=...&Version=...`.
pub(crate) fn begin(out: &mut Vec<u8>, action: &str, version: &str) {
    out.extend_from_slice(b"Action=");
    encode(out, action);
    out.extend_from_slice(b"&Version=");
    encode(out, version);
}

/// Appends `&key=` for a parameter whose value follows.
fn name(out: &mut Vec<u8>, key: &Key) {
    out.push(b'&');
    encode(out, &key.text);
    out.push(b'=');
}

/// `&key=value`, the value percent-encoded.
pub(crate) fn string(out: &mut Vec<u8>, key: &Key, value: &str) {
    name(out, key);
    encode(out, value);
}

/// `&key=`: an empty list, which awsQuery sends so that the service sees it was set.
#[allow(dead_code, reason = "only awsQuery models with lists in requests send empty ones")]
pub(crate) fn empty(out: &mut Vec<u8>, key: &Key) {
    name(out, key);
}

/// `&key=true` or `&key=false`.
#[allow(dead_code, reason = "only models with boolean members in requests write them")]
pub(crate) fn bool(out: &mut Vec<u8>, key: &Key, value: bool) {
    name(out, key);
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

/// An integer in decimal.
#[allow(dead_code, reason = "only models with integer members in requests write them")]
pub(crate) fn int(out: &mut Vec<u8>, key: &Key, value: impl Into<i64>) {
    name(out, key);
    crate::json::write::int(out, value);
}

/// A double: `NaN`, `Infinity` and `-Infinity` as such, others as the shortest decimal that
/// reads back as the same number.
#[allow(dead_code, reason = "only models with double members in requests write them")]
pub(crate) fn f64(out: &mut Vec<u8>, key: &Key, value: f64) {
    name(out, key);
    if !non_finite(out, value) {
        crate::json::write::f64(out, value);
    }
}

/// A float, as [`f64`] writes a double.
#[allow(dead_code, reason = "only models with float members in requests write them")]
pub(crate) fn f32(out: &mut Vec<u8>, key: &Key, value: f32) {
    name(out, key);
    if !non_finite(out, f64::from(value)) {
        crate::json::write::f32(out, value);
    }
}

/// Writes `NaN`, `Infinity` or `-Infinity` if `value` is one, and says whether it was.
#[allow(dead_code, reason = "only models with float or double members in requests write them")]
fn non_finite(out: &mut Vec<u8>, value: f64) -> bool {
    if value.is_nan() {
        out.extend_from_slice(b"NaN");
    } else if value.is_infinite() {
        out.extend_from_slice(if value > 0.0 { b"Infinity" } else { b"-Infinity" });
    } else {
        return false;
    }
    true
}

/// A timestamp in `format` (date-time unless the model says otherwise), percent-encoded.
#[allow(dead_code, reason = "only models with timestamp members in requests write them")]
pub(crate) fn timestamp(out: &mut Vec<u8>, key: &Key, value: Timestamp, format: TimestampFormat) {
    let mut buf = [0u8; 48];
    string(out, key, value.format_into(format, &mut buf));
}

/// A blob, base64-encoded, then percent-encoded.
#[allow(dead_code, reason = "only models with blob members in requests write them")]
pub(crate) fn blob(out: &mut Vec<u8>, key: &Key, value: &[u8]) {
    let mut text = Vec::with_capacity(value.len().div_ceil(3).saturating_mul(4));
    crate::json::base64::encode(value, &mut text);
    name(out, key);
    encode_bytes(out, &text);
}

/// Percent-encodes `text` as botocore's forms are: letters, digits and `-_.~` as themselves, a
/// space as `+`, every other byte of the UTF-8 as `%XX`.
fn encode(out: &mut Vec<u8>, text: &str) {
    encode_bytes(out, text.as_bytes());
}

fn encode_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = bytes;
    while !rest.is_empty() {
        let plain = rest.iter().position(|&b| !is_unreserved(b)).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(plain);
        out.extend_from_slice(run);
        let Some((&b, tail)) = tail.split_first() else { break };
        if b == b' ' {
            out.push(b'+');
        } else {
            let hex = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'%', hex(b >> 4), hex(b & 0x0f)]);
        }
        rest = tail;
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}
