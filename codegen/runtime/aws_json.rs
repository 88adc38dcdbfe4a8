//! The awsJson 1.0 and 1.1 framing every operation's request shares: `POST /`, the content
//! type, `X-Amz-Target`, and compression where the operation supports it.

use std::borrow::Cow;

use crate::http::{Compression, HttpRequest, RequestOptions};

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
    let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::with_capacity(5);
    headers.push((Cow::Borrowed("Content-Type"), Cow::Borrowed(framing.content_type)));
    headers.push((Cow::Borrowed("X-Amz-Target"), Cow::Borrowed(framing.target)));
    if framing.query_compatible {
        headers.push((Cow::Borrowed("x-amzn-query-mode"), Cow::Borrowed("true")));
    }
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

