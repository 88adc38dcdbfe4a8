//! The HTTP side of the sans-IO contract: the request this crate builds, and the few response
//! headers it reads. Sending, signing (SigV4) and retrying belong to the caller.

use std::borrow::Cow;

/// An HTTP request ready to be signed and sent.
///
/// The URI is relative: send the request to the service's regional endpoint, for example
/// `https://cloudtrail.us-east-1.amazonaws.com`; [`url`](Self::url) joins the two (and applies
/// the host prefix some operations ask for). Add the `Host` header and a SigV4 signature with your
/// own HTTP client and signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, such as `POST`.
    pub method: &'static str,
    /// Path and query, percent-encoded, such as `/` or `/2015-03-31/functions/f?Qualifier=1`;
    /// with no path of its own (`?list-type=2`, or empty) when the endpoint's path is the
    /// operation's (S3's bucket operations).
    pub uri: String,
    /// Headers, in the order they should be sent: names and values the operation always sends
    /// are borrowed, those made from the input owned.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body.
    pub body: Vec<u8>,
    /// Text to put in front of the endpoint's host (the operation's `@endpoint` trait), such as
    /// `data.` for `data.example.com`; `None` for most operations.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }

    /// The URL to send the request to, given the endpoint (`https://host[:port][/base/path]`):
    /// the host prefix goes in front of the host and the request's URI after the base path, so
    /// `https://example.com/custom` gives `https://example.com/custom/`.
    pub fn url(&self, endpoint: &str) -> String {
        let (scheme, rest) = match endpoint.split_once("://") {
            Some((scheme, rest)) => (Some(scheme), rest),
            None => (None, endpoint),
        };
        let (authority, path) = rest.find('/').and_then(|at| rest.split_at_checked(at)).unwrap_or((rest, ""));
        let mut url = String::with_capacity(endpoint.len().saturating_add(self.uri.len()).saturating_add(16));
        if let Some(scheme) = scheme {
            url.push_str(scheme);
            url.push_str("://");
        }
        if let Some(prefix) = &self.host_prefix {
            url.push_str(prefix);
        }
        url.push_str(authority);
        let base = path.trim_end_matches('/');
        url.push_str(base);
        // A URI with no path of its own (S3's bucket operations, whose endpoint holds the
        // bucket) is the endpoint's path, or the root.
        if base.is_empty() && !self.uri.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.uri);
        url
    }
}

#[cfg(feature = "http")]
impl HttpRequest {
    /// This request as an [`http::Request`] to `endpoint` (joined as
    /// [`url`](Self::url) joins them), its body the bytes: sign it and send it with any client
    /// built on the `http` crate. With the `http` feature.
    ///
    /// # Errors
    ///
    /// An endpoint that does not make a valid URI, or a header value HTTP does not allow (a
    /// member bound to a header that holds a line break, say).
    pub fn into_http(self, endpoint: &str) -> Result<::http::Request<Vec<u8>>, ::http::Error> {
        let mut request = ::http::Request::builder().method(self.method).uri(self.url(endpoint));
        for (name, value) in &self.headers {
            request = request.header(name.as_ref(), value.as_ref());
        }
        request.body(self.body)
    }
}

/// A request body encoder for `@requestCompression`, and its `Content-Encoding`.
#[derive(Clone, Copy)]
#[allow(dead_code, reason = "only models with @requestCompression build one")]
pub(crate) struct Compression {
    pub(crate) encode: fn(&[u8]) -> Vec<u8>,
    pub(crate) encoding: &'static str,
}

/// Choices a caller can make about how requests are built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Never compress request bodies, even for operations that support it.
    pub disable_request_compression: bool,
    /// Bodies smaller than this are sent uncompressed (10240 bytes by default, as in the AWS
    /// SDKs).
    pub request_min_compression_size_bytes: u32,
    /// The token for the input's `@idempotencyToken` members left unset (by default each gets a
    /// fresh random UUID): set it to retry a request as the same one, or to make a request's
    /// bytes repeatable in a test.
    pub idempotency_token: Option<String>,
}

impl Default for RequestOptions {
    fn default() -> RequestOptions {
        RequestOptions { disable_request_compression: false, request_min_compression_size_bytes: 10_240, idempotency_token: None }
    }
}

impl RequestOptions {
    /// Sets [`disable_request_compression`](Self::disable_request_compression).
    pub fn disable_request_compression(mut self, disable: bool) -> RequestOptions {
        self.disable_request_compression = disable;
        self
    }

    /// Sets [`request_min_compression_size_bytes`](Self::request_min_compression_size_bytes).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> RequestOptions {
        self.request_min_compression_size_bytes = bytes;
        self
    }

    /// Sets [`idempotency_token`](Self::idempotency_token).
    pub fn idempotency_token(mut self, token: impl Into<String>) -> RequestOptions {
        self.idempotency_token = Some(token.into());
        self
    }
}

/// The response headers the parsers need: the few every protocol reads, and for the REST
/// protocols the headers bound to members.
#[derive(Debug, Default)]
pub(crate) struct ResponseHeaders {
    /// `X-Amzn-Errortype`.
    pub(crate) error_type: Option<String>,
    /// `x-amzn-requestid`, else `x-amz-request-id` (S3's).
    pub(crate) request_id: Option<crate::error::RequestId>,
    /// `x-amzn-query-error`, sent by services compatible with the awsQuery protocol:
    /// `Code;Fault`.
    pub(crate) query_error: Option<String>,
    /// The headers kept for members, in the order sent: one a member is bound to by name is
    /// kept under the model's spelling of the name (so no name is copied), one matching a
    /// member's prefix under its own name.
    kept: Vec<(std::borrow::Cow<'static, str>, String)>,
}

/// The response headers every operation reads for itself.
#[derive(Clone, Copy)]
enum Interesting {
    /// `X-Amzn-Errortype`.
    ErrorType,
    /// `x-amzn-requestid`.
    AmznRequestId,
    /// `x-amz-request-id` (S3's).
    AmzRequestId,
    /// `x-amzn-query-error`.
    QueryError,
}

/// A header name as the bits to set before comparing, and the lower-case name to compare
/// with: `(word | fold) == name` exactly when the word is the name in any ASCII case, as
/// `fold` sets the case bit (`0x20`) only where the name has a letter.
const fn folded(name: &[u8; 16]) -> (u128, u128) {
    let (mut fold, mut lower, mut shift) = (0u128, 0u128, 0u32);
    let mut rest: &[u8] = name;
    while let [byte, tail @ ..] = rest {
        if byte.is_ascii_lowercase() {
            fold |= 0x20u128.wrapping_shl(shift);
        }
        lower |= (*byte as u128).wrapping_shl(shift);
        shift = shift.wrapping_add(8);
        rest = tail;
    }
    (fold, lower)
}

const ERROR_TYPE: (u128, u128) = folded(b"x-amzn-errortype");
const AMZN_REQUEST_ID: (u128, u128) = folded(b"x-amzn-requestid");
const AMZ_REQUEST_ID: (u128, u128) = folded(b"x-amz-request-id");
const QUERY_ERROR_HEAD: (u128, u128) = folded(b"x-amzn-query-err");

/// Which of the headers every operation reads `name` is, in any ASCII case: the name's
/// length picks the candidates, then one comparison of sixteen bytes (most names a response
/// carries are other lengths, and cost only the length test).
fn header_of_interest(name: &[u8]) -> Option<Interesting> {
    let word = |bytes: &[u8]| <[u8; 16]>::try_from(bytes).ok().map(u128::from_le_bytes);
    match name.len() {
        16 => {
            let word = word(name)?;
            if (word | ERROR_TYPE.0) == ERROR_TYPE.1 {
                Some(Interesting::ErrorType)
            } else if (word | AMZN_REQUEST_ID.0) == AMZN_REQUEST_ID.1 {
                Some(Interesting::AmznRequestId)
            } else if (word | AMZ_REQUEST_ID.0) == AMZ_REQUEST_ID.1 {
                Some(Interesting::AmzRequestId)
            } else {
                None
            }
        }
        18 => {
            let (head, tail) = name.split_at(16);
            let head = word(head)?;
            ((head | QUERY_ERROR_HEAD.0) == QUERY_ERROR_HEAD.1 && tail.eq_ignore_ascii_case(b"or"))
                .then_some(Interesting::QueryError)
        }
        _ => None,
    }
}

impl ResponseHeaders {
    /// Picks the headers out of any `(name, value)` list; names match without regard to case,
    /// values that are not UTF-8 are ignored. `x-amzn-query-error` is read only for a service
    /// compatible with awsQuery (`query_compatible`); no other service sends it.
    #[allow(dead_code, reason = "a REST crate whose every operation binds headers reads them with `read_bound`")]
    pub(crate) fn read<K: AsRef<str>, V: AsRef<[u8]>>(
        headers: impl IntoIterator<Item = (K, V)>,
        query_compatible: bool,
    ) -> ResponseHeaders {
        Self::read_with(headers, query_compatible, |_| None)
    }

    /// As [`read`](Self::read), keeping for [`get`](Self::get) and [`prefixed`](Self::prefixed)
    /// the headers the operation's members are bound to: those named `names` and those whose
    /// names start with one of `prefixes`. No other header is copied.
    #[allow(dead_code, reason = "only the REST protocols bind members to headers")]
    pub(crate) fn read_bound<K: AsRef<str>, V: AsRef<[u8]>>(
        headers: impl IntoIterator<Item = (K, V)>,
        query_compatible: bool,
        names: &'static [&'static str],
        prefixes: &'static [&'static str],
    ) -> ResponseHeaders {
        Self::read_with(headers, query_compatible, |name| bound_name(names, prefixes, name))
    }

    /// As [`read`](Self::read), keeping every header.
    #[allow(dead_code, reason = "only the round-trip tests keep every header")]
    pub(crate) fn read_all<K: AsRef<str>, V: AsRef<[u8]>>(
        headers: impl IntoIterator<Item = (K, V)>,
        query_compatible: bool,
    ) -> ResponseHeaders {
        Self::read_with(headers, query_compatible, |name| Some(std::borrow::Cow::Owned(name.to_owned())))
    }

    fn read_with<K: AsRef<str>, V: AsRef<[u8]>>(
        headers: impl IntoIterator<Item = (K, V)>,
        query_compatible: bool,
        keep: impl Fn(&str) -> Option<std::borrow::Cow<'static, str>>,
    ) -> ResponseHeaders {
        let mut out = ResponseHeaders::default();
        // `x-amzn-requestid` wins over S3's `x-amz-request-id`, whichever comes first.
        let mut amzn_request_id = false;
        for (name, value) in headers {
            let (name, value) = (name.as_ref(), value.as_ref());
            if let Some(kept) = keep(name)
                && let Ok(value) = std::str::from_utf8(value)
            {
                out.kept.push((kept, value.to_owned()));
            }
            let slot = match header_of_interest(name.as_bytes()) {
                Some(Interesting::ErrorType) => &mut out.error_type,
                Some(Interesting::AmznRequestId) => {
                    if let Some(id) = crate::error::RequestId::from_bytes(value.trim_ascii()) {
                        out.request_id = Some(id);
                        amzn_request_id = true;
                    }
                    continue;
                }
                Some(Interesting::AmzRequestId) => {
                    if !amzn_request_id && let Some(id) = crate::error::RequestId::from_bytes(value.trim_ascii()) {
                        out.request_id = Some(id);
                    }
                    continue;
                }
                Some(Interesting::QueryError) if query_compatible => &mut out.query_error,
                _ => continue,
            };
            // HTTP's optional whitespace around a value is ASCII (spaces and tabs).
            if let Ok(value) = std::str::from_utf8(value.trim_ascii()) {
                *slot = Some(value.to_owned());
            }
        }
        out
    }

    /// The value of a header (kept by [`read_bound`](Self::read_bound)), matched without
    /// regard to case; several headers of one name are one comma-separated list, as HTTP has it.
    #[allow(dead_code, reason = "only the REST protocols bind members to headers")]
    pub(crate) fn get(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        let mut values = self.kept.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        let first = values.next()?;
        match values.next() {
            None => Some(std::borrow::Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first}, {second}");
                for value in values {
                    joined.push_str(", ");
                    joined.push_str(value);
                }
                Some(std::borrow::Cow::Owned(joined))
            }
        }
    }

    /// The headers whose names start with `prefix` (without regard to case), as the rest of
    /// the name, in lower case, and the value.
    #[allow(dead_code, reason = "only models with @httpPrefixHeaders need it")]
    pub(crate) fn prefixed<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (String, &'a str)> + 'a {
        self.kept.iter().filter_map(move |(name, value)| {
            let head = name.get(..prefix.len())?;
            head.eq_ignore_ascii_case(prefix)
                .then(|| (name.get(prefix.len()..).unwrap_or_default().to_ascii_lowercase(), value.as_str()))
        })
    }
}

/// The name to keep the header `name` under when it is one the members are bound to: one of
/// `names` (kept under the name the model spells, so none is copied), or one starting with one
/// of `prefixes` (kept under its own); all without regard to case.
#[allow(dead_code, reason = "only the REST protocols bind members to headers")]
fn bound_name(
    names: &'static [&'static str],
    prefixes: &'static [&'static str],
    name: &str,
) -> Option<std::borrow::Cow<'static, str>> {
    if let Some(bound) = names.iter().find(|bound| bound.eq_ignore_ascii_case(name)) {
        return Some(std::borrow::Cow::Borrowed(*bound));
    }
    let prefixed =
        prefixes.iter().any(|prefix| name.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)));
    prefixed.then(|| std::borrow::Cow::Owned(name.to_owned()))
}

/// Sets `Content-Encoding` to `encoding`, or appends it to the one the request already has
/// (a member bound to the header), as the AWS SDKs do.
#[allow(dead_code, reason = "only models with @requestCompression need it")]
pub(crate) fn add_content_encoding(headers: &mut Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'static, str>)>, encoding: &'static str) {
    match headers.iter_mut().find(|(name, _)| name.eq_ignore_ascii_case("Content-Encoding")) {
        Some((_, value)) => *value = std::borrow::Cow::Owned(format!("{value}, {encoding}")),
        None => headers.push((std::borrow::Cow::Borrowed("Content-Encoding"), std::borrow::Cow::Borrowed(encoding))),
    }
}

/// True for 2xx statuses.
pub(crate) fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bound_headers_are_kept() {
        let headers = [
            ("Content-Type", "application/json"),
            ("x-version", "v1"),
            ("X-VERSION", "v2"),
            ("X-Meta-Color", "red"),
            ("x-metadata", "no"),
            ("x-amzn-RequestId", " abc "),
            ("X-Amzn-ErrorType", "Oops"),
        ];
        let read = ResponseHeaders::read_bound(headers, false, &["X-Version"], &["x-meta-"]);
        assert_eq!(read.get("x-Version").as_deref(), Some("v1, v2"));
        assert_eq!(read.get("Content-Type"), None);
        let prefixed: Vec<_> = read.prefixed("X-Meta-").collect();
        assert_eq!(prefixed, [("color".to_owned(), "red")]);
        assert_eq!(read.request_id.as_ref().map(crate::error::RequestId::as_str), Some("abc"));
        assert_eq!(read.error_type.as_deref(), Some("Oops"));

        let nothing = ResponseHeaders::read(headers, false);
        assert_eq!(nothing.get("X-Version"), None);
        assert_eq!(nothing.request_id.as_ref().map(crate::error::RequestId::as_str), Some("abc"));
    }

    #[test]
    fn s3s_request_id_is_read_where_there_is_no_other() {
        let id = |headers: &[(&str, &str)]| {
            ResponseHeaders::read(headers.iter().copied(), false).request_id.map(|id| id.as_str().to_owned())
        };
        assert_eq!(id(&[("x-amz-request-id", "s3")]).as_deref(), Some("s3"));
        assert_eq!(id(&[("x-amz-request-id", "s3"), ("x-amzn-RequestId", "amzn")]).as_deref(), Some("amzn"));
        assert_eq!(id(&[("x-amzn-RequestId", "amzn"), ("X-Amz-Request-Id", "s3")]).as_deref(), Some("amzn"));
    }
}
