//! The awsQuery and ec2Query protocols: a request is `POST /` with a form body (`Action`,
//! `Version`, then the input's members as `Name.member.1=value` pairs, percent-encoded as
//! botocore encodes them), a response is XML: an awsQuery result inside
//! `<OperationResponse><OperationResult>`, an ec2Query one inside `<OperationResponse>`, and
//! errors inside `<ErrorResponse><Error>` or `<Response><Errors><Error>`.

use std::borrow::Cow;

use crate::error::{ParseErrorKind, RequestId, ResponseMetadata, UnhandledError};
use crate::http::{Compression, HttpRequest, RequestOptions, ResponseHeaders};
use crate::json::{Error, Result};
use crate::primitives::{Timestamp, TimestampFormat};
use crate::xml::{Element, Reader};

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

/// How the protocol wraps responses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// awsQuery: `<OperationResponse><OperationResult>`, `<ErrorResponse><Error>`.
    Query,
    /// ec2Query: `<OperationResponse>`, `<Response><Errors><Error>`.
    Ec2,
}

/// Reads a whole success body with `read`, given the element holding the output's members: the
/// root's `result` child (awsQuery), or the root itself (ec2Query, `result` empty). A response
/// without that element (an output with no members) reads as an element with no children.
pub(crate) fn parse_body<'a, T>(
    body: &'a [u8],
    result: &str,
    read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>,
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return read_empty(read);
    }
    let mut reader = Reader::new(body);
    let root = reader.root()?;
    if result.is_empty() {
        let value = read(&mut reader, &root)?;
        reader.finish()?;
        return Ok(value);
    }
    // The first result element counts; a repeated one is skipped.
    let mut read = Some(read);
    let mut value = None;
    while let Some(child) = reader.next_child(&root)? {
        match read.take_if(|_| child.is(result)) {
            Some(read) => value = Some(read(&mut reader, &child)?),
            None => reader.skip(&child)?,
        }
    }
    reader.finish()?;
    match (value, read) {
        (Some(value), _) => Ok(value),
        (None, Some(read)) => read_empty(read),
        (None, None) => Err(Error::new(ParseErrorKind::MalformedXml("the result element was read but gave no value"), 0)),
    }
}

/// `read` over an element with no children: an output none of whose members were sent.
fn read_empty<'a, T>(read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>) -> Result<T> {
    let mut reader = Reader::new(b"<empty/>");
    let root = reader.root()?;
    read(&mut reader, &root)
}

/// An error response, read once for what identifies it: the code, the message, the fault
/// (`Type`, awsQuery only) and the request id. The modeled error the code names then reads its
/// own members from the `<Error>` element with [`ErrorResponse::parse`]. Reading never fails: a
/// body that is not the protocol's error XML keeps what was found before the problem, which is
/// reported only if the code names a modeled error (whose reader then meets it).
pub(crate) struct ErrorResponse<'a> {
    body: &'a [u8],
    style: Style,
    code: Option<String>,
    message: Option<String>,
    fault: Option<String>,
    status: u16,
    request_id: Option<RequestId>,
}

impl<'a> ErrorResponse<'a> {
    /// Reads an error response; the request id comes from the body, else `x-amzn-requestid`.
    pub(crate) fn read(status: u16, headers: &mut ResponseHeaders, body: &'a [u8], style: Style) -> ErrorResponse<'a> {
        let mut response = ErrorResponse {
            body,
            style,
            code: None,
            message: None,
            fault: None,
            status,
            request_id: headers.request_id.take(),
        };
        // What was found before a problem is kept; the problem itself is the modeled error's
        // reader's to report, at its member, if the code names one.
        let _ = response.read_identity();
        response
    }

    /// Finds the `<Error>` element's `Code`, `Message` and `Type`, and the request id.
    fn read_identity(&mut self) -> Result<()> {
        let mut reader = Reader::new(self.body);
        let root = reader.root()?;
        while let Some(child) = reader.next_child(&root)? {
            if child.is("RequestId") || child.is("RequestID") {
                let text = reader.text(&child)?;
                if let Some(id) = RequestId::from_bytes(text.trim().as_bytes()) {
                    self.request_id = Some(id);
                }
            } else if self.style == Style::Ec2 && child.is("Errors") {
                while let Some(error) = reader.next_child(&child)? {
                    if error.is("Error") && self.code.is_none() {
                        self.read_error(&mut reader, &error)?;
                    } else {
                        reader.skip(&error)?;
                    }
                }
            } else if self.style == Style::Query && child.is("Error") && self.code.is_none() {
                self.read_error(&mut reader, &child)?;
            } else {
                reader.skip(&child)?;
            }
        }
        reader.finish()
    }

    fn read_error(&mut self, reader: &mut Reader<'a>, error: &Element<'a>) -> Result<()> {
        while let Some(field) = reader.next_child(error)? {
            let slot = if field.is("Code") {
                &mut self.code
            } else if field.is("Message") {
                &mut self.message
            } else if field.is("Type") && self.style == Style::Query {
                &mut self.fault
            } else {
                reader.skip(&field)?;
                continue;
            };
            *slot = Some(reader.text(&field)?.into_owned());
        }
        Ok(())
    }

    /// The error code's bytes, for matching against the modeled codes.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn code(&self) -> Option<&[u8]> {
        self.code.as_deref().map(|code| code.trim().as_bytes()).filter(|code| !code.is_empty())
    }

    /// The `<Error>` element read with `read` (the modeled error's reader): a malformed value
    /// is reported at its member, a body that is not the protocol's error XML where it breaks.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn parse<T>(&self, read: impl FnOnce(&mut Reader<'a>, &Element<'a>) -> Result<T>) -> Result<T> {
        let mut reader = Reader::new(self.body);
        let root = reader.root()?;
        let mut parent = root;
        if self.style == Style::Ec2 {
            parent = loop {
                match reader.next_child(&parent)? {
                    Some(child) if child.is("Errors") => break child,
                    Some(child) => reader.skip(&child)?,
                    None => return Err(missing(root.offset())),
                }
            };
        }
        loop {
            match reader.next_child(&parent)? {
                Some(child) if child.is("Error") => return read(&mut reader, &child),
                Some(child) => reader.skip(&child)?,
                None => return Err(missing(root.offset())),
            }
        }
    }

    /// The generic message: the `<Message>` of the `<Error>`.
    #[allow(dead_code, reason = "only services whose errors have a message member need it")]
    pub(crate) fn message(&self) -> Option<String> {
        self.message.clone()
    }

    /// The metadata modeled errors carry, moved out: for awsQuery the code and fault too.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn metadata(&mut self) -> ResponseMetadata {
        let query_error = match (&self.code, self.fault.take()) {
            (Some(code), Some(fault)) => Some((code.trim().to_owned(), fault.trim().to_owned())),
            _ => None,
        };
        ResponseMetadata { status: self.status, request_id: self.request_id.take(), query_error }
    }

    /// The catch-all error, keeping everything.
    pub(crate) fn unhandled(self) -> UnhandledError {
        UnhandledError {
            code: self.code.map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()),
            message: self.message,
            status: self.status,
            request_id: self.request_id,
            body: self.body.to_vec(),
            parse_error: None,
        }
    }

    /// A response whose code names a modeled error its body does not match: the catch-all,
    /// keeping the code and everything else, with why the body is not that error's.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn mismatched(self, error: Error, operation: &'static str) -> UnhandledError {
        let problem = crate::json::response::parse_error(error, operation, self.status, self.request_id.clone());
        let mut unhandled = self.unhandled();
        unhandled.parse_error = Some(Box::new(problem));
        unhandled
    }
}

/// The error response has no `<Error>` element where the protocol puts it.
fn missing(offset: usize) -> Error {
    Error::new(ParseErrorKind::MalformedXml("the error response has no <Error> element"), offset)
}
