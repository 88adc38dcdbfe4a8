//! The awsJson 1.0 and 1.1 rules every operation shares: how a request is framed, how a body is
//! read, and how an error response names its error.

use crate::error::{ParseError, ResponseMetadata, UnhandledError};
use crate::http::{HttpRequest, RequestOptions, ResponseHeaders};
use crate::json::{self, Reader};

/// A request body encoder for `@requestCompression`, and its `Content-Encoding`.
#[derive(Clone, Copy)]
pub(crate) struct Compression {
    pub(crate) encode: fn(&[u8]) -> Vec<u8>,
    pub(crate) encoding: &'static str,
}

/// What an operation adds to the awsJson framing of its requests.
pub(crate) struct Framing {
    /// `X-Amz-Target`: service name, a dot, operation name.
    pub(crate) target: &'static str,
    /// `application/x-amz-json-1.0` or `-1.1`.
    pub(crate) content_type: &'static str,
    /// The service is `@awsQueryCompatible`: send `x-amzn-query-mode: true`.
    pub(crate) query_compatible: bool,
    /// For operations that accept compressed requests (`@requestCompression`), how.
    pub(crate) compression: Option<Compression>,
}

/// Frames a request body: `POST /` with the content type and `X-Amz-Target` of the operation,
/// compressed when the operation supports it and the body is large enough.
pub(crate) fn request(
    framing: &Framing,
    body: Vec<u8>,
    host_prefix: Option<String>,
    options: &RequestOptions,
) -> HttpRequest {
    let mut headers = Vec::with_capacity(5);
    headers.push(("Content-Type", framing.content_type.to_owned()));
    headers.push(("X-Amz-Target", framing.target.to_owned()));
    if framing.query_compatible {
        headers.push(("x-amzn-query-mode", "true".to_owned()));
    }
    let large_enough = u32::try_from(body.len()).map_or(true, |len| len >= options.request_min_compression_size_bytes);
    let body = match framing.compression {
        Some(compression) if !options.disable_request_compression && large_enough => {
            headers.push(("Content-Encoding", compression.encoding.to_owned()));
            (compression.encode)(&body)
        }
        _ => body,
    };
    headers.push(("Content-Length", body.len().to_string()));
    HttpRequest { method: "POST", uri: "/", headers, body, host_prefix }
}

/// Reads a whole body with `read`. An empty body reads as `{}`; anything after the value is an
/// error.
pub(crate) fn parse_body<'a, T>(body: &'a [u8], read: impl FnOnce(&mut Reader<'a>) -> json::Result<T>) -> json::Result<T> {
    let body: &'a [u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    let mut reader = Reader::new(body);
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// A parse failure of a response, with the response's identity.
pub(crate) fn parse_error(error: json::Error, operation: &'static str, status: u16, request_id: Option<String>) -> ParseError {
    let inner = error.into_inner();
    ParseError { path: inner.path_text(), kind: inner.kind, offset: inner.offset, operation, status, request_id }
}

/// What an error response says about itself.
pub(crate) struct ErrorResponse<'a> {
    /// The error code: from `X-Amzn-Errortype`, else the body's `code`, else its `__type`; cut at
    /// the first `:` and after the last `#`.
    pub(crate) code: Option<String>,
    /// The message: the body's `message`, `Message` or `errorMessage`, in that order.
    pub(crate) message: Option<String>,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    /// The code and fault of `x-amzn-query-error`, for awsQuery-compatible services.
    pub(crate) query_error: Option<(String, String)>,
    pub(crate) body: &'a [u8],
}

impl<'a> ErrorResponse<'a> {
    /// Reads the code and message. A body that is not a JSON object still gives an error
    /// response (codes can come from the header), just without body fields.
    pub(crate) fn read(status: u16, headers: ResponseHeaders, body: &'a [u8]) -> ErrorResponse<'a> {
        let fields = parse_body(body, top_level_fields).unwrap_or_default();
        let code = headers
            .error_type
            .filter(|c| !c.is_empty())
            .or(fields.code)
            .or(fields.type_)
            .map(|c| sanitize_code(&c).to_owned())
            .filter(|c| !c.is_empty());
        let message = fields.message.or(fields.message_upper).or(fields.error_message);
        let query_error = headers.query_error.as_deref().and_then(|value| {
            let (code, fault) = value.split_once(';')?;
            Some((code.trim().to_owned(), fault.trim().to_owned()))
        });
        ErrorResponse { code, message, status, request_id: headers.request_id, query_error, body }
    }

    /// The metadata modeled errors carry.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn metadata(&self) -> ResponseMetadata {
        ResponseMetadata {
            status: self.status,
            request_id: self.request_id.clone(),
            query_error: self.query_error.clone(),
        }
    }

    /// The catch-all error, keeping everything.
    pub(crate) fn unhandled(self) -> UnhandledError {
        UnhandledError {
            code: self.query_error.map(|(code, _)| code).or(self.code),
            message: self.message,
            status: self.status,
            request_id: self.request_id,
            body: self.body.to_vec(),
        }
    }

    /// A modeled error whose body did not parse.
    #[allow(dead_code, reason = "only operations with modeled errors need it")]
    pub(crate) fn parse_error(&self, error: json::Error, operation: &'static str) -> ParseError {
        parse_error(error, operation, self.status, self.request_id.clone())
    }
}

#[derive(Default)]
struct Fields {
    code: Option<String>,
    type_: Option<String>,
    message: Option<String>,
    message_upper: Option<String>,
    error_message: Option<String>,
}

/// The top-level string fields that identify an error; nested objects (which may carry their own
/// `__type`) are skipped, and fields of other types are ignored.
fn top_level_fields(r: &mut Reader<'_>) -> json::Result<Fields> {
    let mut fields = Fields::default();
    let mut object = r.begin_object()?;
    while let Some(key) = object.next_key(r)? {
        let slot = match &*key {
            "code" => &mut fields.code,
            "__type" => &mut fields.type_,
            "message" => &mut fields.message,
            "Message" => &mut fields.message_upper,
            "errorMessage" => &mut fields.error_message,
            _ => {
                r.skip_value()?;
                continue;
            }
        };
        match r.nullable(Reader::string) {
            Ok(value) => *slot = value,
            Err(_) => r.skip_value()?,
        }
    }
    Ok(fields)
}

/// `aws.protocoltests#FooError:http://internal/...` gives `FooError`.
fn sanitize_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default();
    code.trim()
}
