//! The HTTP binding rules the REST protocols share (Smithy's HTTP binding traits): the request
//! URI with its labels and query, header values and lists, the request's framing, and reading
//! bound values back from a response's headers.

use std::borrow::Cow;

use crate::error::ParseErrorKind;
use crate::http::{Compression, HttpRequest, RequestOptions, ResponseHeaders};
use crate::json;
use crate::primitives::{Timestamp, TimestampFormat};

/// For each byte, whether it stays as it is in a URI: bit 0 for a label or a query parameter
/// (the characters RFC 3986 leaves unreserved), bit 1 for a greedy label (those and `/`). Every
/// other byte is percent-encoded.
#[allow(clippy::indexing_slicing, reason = "evaluated while compiling: an index out of bounds fails the build")]
const KEPT: [u8; 256] = {
    let mut table = [0; 256];
    let mut b: u8 = 0;
    loop {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            table[b as usize] = 0b11;
        } else if b == b'/' {
            table[b as usize] = 0b10;
        }
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// `%00%01..%FF`: each byte's escape, three bytes at three times the byte's value.
#[allow(clippy::indexing_slicing, reason = "evaluated while compiling: an index out of bounds fails the build")]
const ESCAPES: [u8; 768] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [0; 768];
    let mut i = 0;
    while i < 256 {
        table[3 * i] = b'%';
        table[3 * i + 1] = HEX[i >> 4];
        table[3 * i + 2] = HEX[i & 0xF];
        i += 1;
    }
    table
};

/// [`ESCAPES`] as text (it is ASCII).
const ESCAPES_TEXT: &str = match std::str::from_utf8(&ESCAPES) {
    Ok(text) => text,
    Err(_) => "",
};

/// Appends `text` percent-encoded (UTF-8 bytes, upper-case hex); with `keep_slash`, `/` stays
/// as it is (a greedy label). Runs of bytes that stay are copied whole, and each escape is one
/// copy from [`ESCAPES_TEXT`].
pub(crate) fn percent_encode(out: &mut String, text: &str, keep_slash: bool) {
    let kept = if keep_slash { 0b10 } else { 0b01 };
    out.reserve(text.len());
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if KEPT.get(usize::from(b)).is_some_and(|&k| k & kept != 0) {
            continue;
        }
        // A run of kept bytes is ASCII, so both its ends are character boundaries; an empty run
        // may start inside a character, and `get` then gives nothing, which is all it holds.
        out.push_str(text.get(start..i).unwrap_or_default());
        let at = usize::from(b).saturating_mul(3);
        out.push_str(ESCAPES_TEXT.get(at..at.saturating_add(3)).unwrap_or_default());
        start = i.saturating_add(1);
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

/// A request URI being built: the path, then the query.
pub(crate) struct Uri {
    text: String,
    /// True once the query has begun.
    query: bool,
}

#[allow(dead_code, reason = "each operation's URI uses the parts its pattern has")]
impl Uri {
    /// An empty URI with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Uri {
        Uri { text: String::with_capacity(capacity), query: false }
    }

    /// Path text of the URI pattern, as the model writes it.
    pub(crate) fn literal(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// A label's value; a greedy label keeps its slashes.
    pub(crate) fn label(&mut self, value: &str, greedy: bool) {
        percent_encode(&mut self.text, value, greedy);
    }

    fn separator(&mut self) {
        self.text.push(if self.query { '&' } else { '?' });
        self.query = true;
    }

    /// A query literal of the URI pattern (`?key=value` or `?key`), as the model writes it.
    pub(crate) fn query_literal(&mut self, key: &str, value: Option<&str>) {
        self.separator();
        self.text.push_str(key);
        if let Some(value) = value {
            self.text.push('=');
            self.text.push_str(value);
        }
    }

    /// A query parameter, key and value percent-encoded.
    pub(crate) fn query(&mut self, key: &str, value: &str) {
        self.separator();
        percent_encode(&mut self.text, key, false);
        self.text.push('=');
        percent_encode(&mut self.text, value, false);
    }

    /// The path and query.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

/// A boolean as the binding traits write it.
#[allow(dead_code, reason = "only models that bind booleans outside the body need it")]
pub(crate) fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// A float as the binding traits write it: `NaN`, `Infinity`, `-Infinity`, or the shortest
/// text that reads back as the same value.
#[allow(dead_code, reason = "only models that bind floats outside the body need it")]
pub(crate) fn float_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else {
        format!("{value:?}")
    }
}

/// A `float` as the binding traits write it.
#[allow(dead_code, reason = "only models that bind floats outside the body need it")]
pub(crate) fn f32_text(value: f32) -> String {
    if value.is_finite() { format!("{value:?}") } else { float_text(f64::from(value)) }
}

/// A timestamp as text in `format`.
#[allow(dead_code, reason = "only models that bind timestamps outside the body need it")]
pub(crate) fn timestamp_text(value: Timestamp, format: TimestampFormat) -> String {
    value.format(format)
}

/// Bytes as base64 text: a blob outside the body, or a `@mediaType` string in a header.
#[allow(dead_code, reason = "only models that bind blobs or media-type strings outside the body need it")]
pub(crate) fn base64_text(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity((bytes.len() / 3).saturating_mul(4).saturating_add(4));
    crate::json::base64::encode(bytes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Base64 text back to bytes.
#[allow(dead_code, reason = "only models that bind blobs outside the body need it")]
pub(crate) fn base64_bytes(text: &str) -> Option<Vec<u8>> {
    crate::json::base64::decode(text.as_bytes())
}

/// Base64 text back to a `@mediaType` string.
#[allow(dead_code, reason = "only models that bind media-type strings to headers need it")]
pub(crate) fn base64_string(text: &str) -> Option<String> {
    String::from_utf8(base64_bytes(text)?).ok()
}

/// Appends one item of a header list: `, ` before all but the `first`, and (with `quote`) the
/// item quoted (with `"` and `\` escaped) when it holds a comma or a quote, so the list splits
/// back as it was. http-dates, which hold a comma each, are never quoted: every second comma
/// splits them.
#[allow(dead_code, reason = "only models with list headers need it")]
pub(crate) fn push_header_item(out: &mut String, first: bool, item: &str, quote: bool) {
    if !first {
        out.push_str(", ");
    }
    if quote && item.contains([',', '"']) {
        out.push('"');
        for c in item.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(item);
    }
}

/// A header list's items: split at the commas outside quotes, trimmed, quoted ones unquoted.
#[allow(dead_code, reason = "only models with list headers need it")]
pub(crate) fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = value;
    loop {
        let trimmed = rest.trim_start();
        let after = if let Some(quoted) = trimmed.strip_prefix('"') {
            let mut item = String::new();
            let mut end = quoted.len();
            let mut chars = quoted.char_indices();
            while let Some((at, c)) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next().map(|(_, escaped)| escaped)),
                    '"' => {
                        end = at.saturating_add(1);
                        break;
                    }
                    c => item.push(c),
                }
            }
            items.push(item);
            quoted.get(end..).unwrap_or_default()
        } else {
            let end = trimmed.find(',').unwrap_or(trimmed.len());
            items.push(trimmed.get(..end).unwrap_or_default().trim().to_owned());
            trimmed.get(end..).unwrap_or_default()
        };
        match after.find(',') {
            Some(comma) => rest = after.get(comma.saturating_add(1)..).unwrap_or_default(),
            None => return items,
        }
    }
}

/// A header list of http-dates, which hold commas of their own (`Mon, 16 Dec 2019 23:48:18
/// GMT`): every second comma ends an item.
#[allow(dead_code, reason = "only models with timestamp list headers need it")]
pub(crate) fn split_http_dates(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut commas = 0usize;
    for (at, c) in value.char_indices() {
        if c == ',' {
            commas = commas.saturating_add(1);
            if commas.is_multiple_of(2) {
                items.push(value.get(start..at).unwrap_or_default().trim().to_owned());
                start = at.saturating_add(1);
            }
        }
    }
    let last = value.get(start..).unwrap_or_default().trim();
    if !last.is_empty() {
        items.push(last.to_owned());
    }
    items
}

/// A header value that does not parse as what its member needs, reported at the member.
#[allow(dead_code, reason = "only models that bind values to response headers need it")]
pub(crate) fn header_error(member: &'static str, header: &'static str, expected: &'static str) -> json::Error {
    json::Error::new(ParseErrorKind::Header { header, expected }, 0).member(member)
}

/// Reads a header's value with `parse`; `None` when the response has no such header.
#[allow(dead_code, reason = "only models that bind values to response headers need it")]
pub(crate) fn header<T>(
    headers: &ResponseHeaders,
    member: &'static str,
    header: &'static str,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> json::Result<Option<T>> {
    match headers.get(header) {
        None => Ok(None),
        Some(value) => parse(value.trim()).map(Some).ok_or_else(|| header_error(member, header, expected)),
    }
}

/// Reads a header list, each item with `parse`; `None` when the response has no such header.
#[allow(dead_code, reason = "only models with list headers need it")]
pub(crate) fn header_list<T>(
    headers: &ResponseHeaders,
    member: &'static str,
    header: &'static str,
    expected: &'static str,
    http_dates: bool,
    mut parse: impl FnMut(&str) -> Option<T>,
) -> json::Result<Option<Vec<T>>> {
    let Some(value) = headers.get(header) else { return Ok(None) };
    let items = if http_dates { split_http_dates(&value) } else { split_header_list(&value) };
    items
        .iter()
        .map(|item| parse(item).ok_or_else(|| header_error(member, header, expected)))
        .collect::<json::Result<Vec<T>>>()
        .map(Some)
}

/// A boolean header value.
#[allow(dead_code, reason = "only models that bind booleans to response headers need it")]
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A float header value: a number, `NaN`, `Infinity` or `-Infinity`.
#[allow(dead_code, reason = "only models that bind floats to response headers need it")]
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if text.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')) => text.parse().ok(),
        _ => None,
    }
}

/// What a REST request carries as its body: nothing, or bytes of a content type.
pub(crate) struct Body {
    /// The bytes.
    pub(crate) bytes: Vec<u8>,
    /// Their `Content-Type`.
    pub(crate) content_type: &'static str,
}

/// Frames a REST request: the method and URI, the headers the bindings made, then the body's
/// `Content-Type` and `Content-Length` when there is a body (compressed when the operation
/// supports it and it is large enough), unless a member already set them. Without a body
/// there is no `Content-Type`, and `Content-Length: 0` only for the methods whose requests
/// carry content (`POST`, `PUT`, `PATCH`), as RFC 9110 asks.
#[allow(clippy::too_many_arguments, reason = "every part of the request comes from the operation")]
pub(crate) fn request(
    method: &'static str,
    uri: String,
    mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    body: Option<Body>,
    host_prefix: Option<String>,
    compression: Option<Compression>,
    options: &RequestOptions,
) -> HttpRequest {
    let Some(Body { bytes, content_type }) = body else {
        // A method whose requests carry content says that there is none, as botocore does.
        if matches!(method, "POST" | "PUT" | "PATCH") && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("Content-Length")) {
            headers.push((Cow::Borrowed("Content-Length"), Cow::Borrowed("0")));
        }
        return HttpRequest { method, uri, headers, body: Vec::new(), host_prefix };
    };
    let has = |headers: &[(Cow<'static, str>, Cow<'static, str>)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    if !has(&headers, "Content-Type") {
        headers.push((Cow::Borrowed("Content-Type"), Cow::Borrowed(content_type)));
    }
    let large_enough = u32::try_from(bytes.len()).map_or(true, |len| len >= options.request_min_compression_size_bytes);
    let bytes = match compression {
        Some(compression) if !options.disable_request_compression && large_enough => {
            crate::http::add_content_encoding(&mut headers, compression.encoding);
            (compression.encode)(&bytes)
        }
        _ => bytes,
    };
    if !has(&headers, "Content-Length") {
        headers.push((Cow::Borrowed("Content-Length"), Cow::Owned(bytes.len().to_string())));
    }
    HttpRequest { method, uri, headers, body: bytes, host_prefix }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_query_are_percent_encoded() {
        let mut uri = Uri::with_capacity(16);
        uri.literal("/a/");
        uri.label(" %:/?#[]@!$&'()*+,;=\u{1F639}", false);
        uri.literal("/");
        uri.label("x/y z", true);
        uri.query_literal("k", None);
        uri.query("q p", "v&w");
        assert_eq!(
            uri.finish(),
            "/a/%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9/x/y%20z?k&q%20p=v%26w"
        );
    }

    #[test]
    fn every_byte_is_encoded_as_rfc_3986_says() {
        for keep_slash in [false, true] {
            for b in 0..=u8::MAX {
                let text = char::from(b).to_string();
                let mut out = String::from("x");
                percent_encode(&mut out, &text, keep_slash);
                let kept = b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/');
                let expected: String = if kept {
                    text.clone()
                } else {
                    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
                };
                assert_eq!(out, format!("x{expected}"), "byte {b:#04x}, keep_slash {keep_slash}");
            }
        }
    }

    #[test]
    fn header_lists_quote_and_split_back() {
        let mut out = String::new();
        for (i, item) in ["", "b,c", "\"def\"", "a", ""].into_iter().enumerate() {
            push_header_item(&mut out, i == 0, item, true);
        }
        assert_eq!(out, ", \"b,c\", \"\\\"def\\\"\", a, ");
        assert_eq!(split_header_list(&out), ["", "b,c", "\"def\"", "a", ""]);
        assert_eq!(split_header_list("\"b,c\", \"\\\"def\\\"\", a"), ["b,c", "\"def\"", "a"]);
        assert_eq!(split_header_list("a, b,c"), ["a", "b", "c"]);
        assert_eq!(split_header_list("a"), ["a"]);
        assert_eq!(split_header_list(""), [""]);
        assert_eq!(
            split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"),
            ["Mon, 16 Dec 2019 23:48:18 GMT", "Tue, 17 Dec 2019 23:48:18 GMT"]
        );
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(float_text(1.1), "1.1");
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(f32_text(f32::NEG_INFINITY), "-Infinity");
        assert_eq!(parse_float("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float("abc"), None);
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("True"), None);
    }
}
