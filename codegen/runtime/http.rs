//! The HTTP side of the sans-IO contract: the request this crate builds, and the few response
//! headers it reads. Sending, signing (SigV4) and retrying belong to the caller.

/// An HTTP request ready to be signed and sent.
///
/// The URI is relative: send it to the service's regional endpoint, for example
/// `https://cloudtrail.us-east-1.amazonaws.com/`. Add the `Host` header and a SigV4 signature
/// with your own HTTP client and signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, always `POST` for awsJson.
    pub method: &'static str,
    /// Path and query, always `/` for awsJson.
    pub uri: &'static str,
    /// Headers, in the order they should be sent.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The response headers the parsers need.
#[derive(Debug, Default)]
pub(crate) struct ResponseHeaders {
    /// `X-Amzn-Errortype`.
    pub(crate) error_type: Option<String>,
    /// `x-amzn-requestid`.
    pub(crate) request_id: Option<String>,
}

impl ResponseHeaders {
    /// Picks the headers out of any `(name, value)` list; names match without regard to case,
    /// values that are not UTF-8 are ignored.
    pub(crate) fn read<K: AsRef<str>, V: AsRef<[u8]>>(headers: impl IntoIterator<Item = (K, V)>) -> ResponseHeaders {
        let mut out = ResponseHeaders::default();
        for (name, value) in headers {
            let name = name.as_ref();
            let slot = if name.eq_ignore_ascii_case("x-amzn-errortype") {
                &mut out.error_type
            } else if name.eq_ignore_ascii_case("x-amzn-requestid") {
                &mut out.request_id
            } else {
                continue;
            };
            if let Ok(value) = std::str::from_utf8(value.as_ref()) {
                *slot = Some(value.trim().to_owned());
            }
        }
        out
    }
}

/// True for 2xx statuses.
pub(crate) fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}
