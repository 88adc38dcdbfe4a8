//! Errors of this crate itself: a value that cannot be built, a response that cannot be parsed,
//! and an error response that no operation models.

use std::fmt;

use crate::primitives::TimestampError;

/// A builder was missing a member the model marks `@required`, or a member had a value the
/// request cannot carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
    problem: BuildProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuildProblem {
    Missing,
    InvalidHostLabel,
}

impl BuildError {
    #[allow(dead_code, reason = "only models with required members need it")]
    pub(crate) const fn missing(shape: &'static str, member: &'static str) -> BuildError {
        BuildError { shape, member, problem: BuildProblem::Missing }
    }

    #[allow(dead_code, reason = "only models with host labels need it")]
    pub(crate) const fn invalid_host_label(shape: &'static str, member: &'static str) -> BuildError {
        BuildError { shape, member, problem: BuildProblem::InvalidHostLabel }
    }

    /// The type being built.
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// The member at fault, as the model (and the wire) names it.
    pub fn member(&self) -> &str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem {
            BuildProblem::Missing => {
                write!(f, "cannot build {}: required member `{}` is not set", self.shape, self.member)
            }
            BuildProblem::InvalidHostLabel => write!(
                f,
                "cannot build {}: member `{}` goes into the host name, so it must be letters, digits and hyphens, \
                 1 to 63 of them, in dot-separated parts",
                self.shape, self.member
            ),
        }
    }
}

impl std::error::Error for BuildError {}

/// True when `value` can stand in a host name: dot-separated labels of 1 to 63 letters, digits
/// and hyphens, none starting or ending with a hyphen.
#[allow(dead_code, reason = "only models with host labels need it")]
pub(crate) fn is_valid_host_label(value: &str) -> bool {
    !value.is_empty()
        && value.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// What was wrong with a response body.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The body is not well-formed JSON.
    Syntax(&'static str),
    /// The body is not well-formed XML, or not the XML the protocol wraps responses in.
    MalformedXml(&'static str),
    /// A string is not valid UTF-8.
    InvalidUtf8,
    /// A value has the wrong JSON type for its member.
    UnexpectedType {
        /// What the member needs.
        expected: &'static str,
        /// What the body has.
        found: &'static str,
    },
    /// A number does not fit the member's type.
    NumberOutOfRange {
        /// The member's type.
        ty: &'static str,
    },
    /// A number has a fraction or exponent where an integer is required.
    NotAnInteger,
    /// A timestamp is malformed or out of range.
    Timestamp(TimestampError),
    /// A blob is not valid base64.
    InvalidBase64,
    /// Objects and arrays are nested deeper than the parser allows.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A union has no variant set, or more than one.
    UnionVariants {
        /// How many variants were set.
        count: usize,
    },
    /// A header bound to a member does not hold what the member needs.
    Header {
        /// The header.
        header: &'static str,
        /// What the member needs, such as `an integer`.
        expected: &'static str,
    },
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Syntax(what) => write!(f, "malformed JSON: {what}"),
            ParseErrorKind::MalformedXml(what) => write!(f, "malformed XML: {what}"),
            ParseErrorKind::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            ParseErrorKind::UnexpectedType { expected, found } => write!(f, "expected {expected}, found {found}"),
            ParseErrorKind::NumberOutOfRange { ty } => write!(f, "number out of range for {ty}"),
            ParseErrorKind::NotAnInteger => f.write_str("expected an integer, found a number with a fraction or exponent"),
            ParseErrorKind::Timestamp(e) => write!(f, "{e}"),
            ParseErrorKind::InvalidBase64 => f.write_str("blob is not valid base64"),
            ParseErrorKind::TooDeep { limit } => write!(f, "nested deeper than {limit} levels"),
            ParseErrorKind::UnionVariants { count: 0 } => f.write_str("union has no variant set"),
            ParseErrorKind::UnionVariants { count } => write!(f, "union has {count} variants set; exactly one is allowed"),
            ParseErrorKind::Header { header, expected } => write!(f, "header `{header}` is not {expected}"),
        }
    }
}

/// A response body could not be parsed. It says where (the member path, such as
/// `ImportSource.S3.S3BucketRegion` or `Destinations[0]`, and the byte offset), what was wrong,
/// and which response it was.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub(crate) kind: ParseErrorKind,
    pub(crate) path: String,
    pub(crate) offset: usize,
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<RequestId>,
}

impl ParseError {
    /// What was wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// The member path from the top of the body (empty for the body itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Byte offset in the body where the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The operation whose response it was.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the response (`x-amzn-requestid`, else S3's `x-amz-request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().map(RequestId::as_str)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot parse the {} response (HTTP {}): ", self.operation, self.status)?;
        if self.path.is_empty() {
            write!(f, "{} at byte {}", self.kind, self.offset)
        } else {
            write!(f, "{} at `{}` (byte {})", self.kind, self.path, self.offset)
        }
    }
}

impl ProvideErrorMetadata for ParseError {
    /// `None`: a response that could not be parsed gave no code this crate could read.
    fn code(&self) -> Option<&str> {
        None
    }

    /// `None`, as for the code; the `Display` of the error says what was wrong.
    fn message(&self) -> Option<&str> {
        None
    }

    fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().map(RequestId::as_str)
    }

    fn status(&self) -> u16 {
        self.status
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ParseErrorKind::Timestamp(e) => Some(e),
            _ => None,
        }
    }
}

/// The bytes a request id keeps in place: AWS's are UUIDs (36 bytes) or shorter.
const REQUEST_ID_INLINE: usize = 46;

/// A response's request id, as sent. One of up to [`REQUEST_ID_INLINE`] bytes (every id AWS
/// sends) is kept in place, so reading a response allocates nothing for it; a longer one is
/// kept on the heap.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum RequestId {
    /// The id's bytes, then zeros.
    Inline { len: u8, bytes: [u8; REQUEST_ID_INLINE] },
    /// An id too long to keep in place.
    Heap(Box<str>),
}

impl RequestId {
    /// The id whose bytes are `bytes`, in place when it fits; `None` when they are not UTF-8.
    /// An ASCII id (every id AWS sends) needs no UTF-8 check beyond `is_ascii`, which is cheaper.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<RequestId> {
        if !bytes.is_ascii() {
            std::str::from_utf8(bytes).ok()?;
        }
        let mut inline = [0; REQUEST_ID_INLINE];
        match (u8::try_from(bytes.len()), inline.get_mut(..bytes.len())) {
            (Ok(len), Some(room)) => {
                room.copy_from_slice(bytes);
                Some(RequestId::Inline { len, bytes: inline })
            }
            _ => std::str::from_utf8(bytes).ok().map(|text| RequestId::Heap(text.into())),
        }
    }

    /// The id as sent.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Only ever the bytes of a `str`, so this never falls back to "".
            RequestId::Inline { len, bytes } => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default()).unwrap_or_default()
            }
            RequestId::Heap(text) => text,
        }
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Facts about the HTTP response a modeled error came in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseMetadata {
    pub(crate) status: u16,
    pub(crate) request_id: Option<RequestId>,
    pub(crate) query_error: Option<(String, String)>,
}

impl ResponseMetadata {
    /// The HTTP status (0 for an error built by hand).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the response (`x-amzn-requestid`, else S3's `x-amz-request-id`, or the
    /// one an XML error body gives), if it had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().map(RequestId::as_str)
    }

    /// For awsQuery services, the error's `<Code>`; for services compatible with awsQuery, the
    /// code their awsQuery clients would see (from `x-amzn-query-error`).
    pub fn query_error_code(&self) -> Option<&str> {
        self.query_error.as_ref().map(|(code, _)| code.as_str())
    }

    /// For awsQuery services, the error's `<Type>` (`Sender` or `Receiver`); for services
    /// compatible with awsQuery, the fault their awsQuery clients would see (from
    /// `x-amzn-query-error`).
    pub fn query_error_type(&self) -> Option<&str> {
        self.query_error.as_ref().map(|(_, fault)| fault.as_str())
    }
}

/// What every error a response can give tells about it, whatever its type: an operation's
/// error enum, the service-wide [`Error`](crate::Error), each modeled error, and the catch-alls.
/// Bring it into scope (`use <crate>::ProvideErrorMetadata;`) to call these on any of them.
pub trait ProvideErrorMetadata {
    /// The error code, such as `ValidationException`, with any namespace and URI suffix removed
    /// (for services compatible with awsQuery, the code of `x-amzn-query-error`); `None` when
    /// the response gave none, or could not be parsed at all.
    fn code(&self) -> Option<&str>;

    /// The error message, when the response gave one.
    fn message(&self) -> Option<&str>;

    /// The request id of the response (`x-amzn-requestid`, else S3's `x-amz-request-id`, or the
    /// one an XML error body gives), to quote to AWS support.
    fn request_id(&self) -> Option<&str>;

    /// The HTTP status of the response (0 for an error built by hand).
    fn status(&self) -> u16;

    /// Whether to send the call again, as AWS's SDKs decide in their standard retry mode, and
    /// how: a modeled error the model marks `@retryable` is [`Throttling`](RetryKind::Throttling)
    /// or [`Transient`](RetryKind::Transient) as the model says; otherwise the code decides
    /// (`ThrottlingException`, `SlowDown`, `RequestTimeout` and the others AWS's SDKs retry),
    /// then the status (500, 502, 503 and 504 are transient). `None`: sending the same call
    /// again would fail the same way.
    fn retry_kind(&self) -> Option<RetryKind> {
        retry_kind_of(self.code(), self.status())
    }
}

/// Why an error is worth retrying; see [`ProvideErrorMetadata::retry_kind`]. Either way the
/// call is sent again after a backoff; a client that keeps a retry budget or a send rate
/// (AWS's adaptive mode) slows down on throttling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// The service is limiting the caller's rate: back off and send less.
    Throttling,
    /// A failure that may well not happen again: a timeout, or a server error.
    Transient,
}

/// The codes AWS's SDKs retry as throttling in their standard retry mode.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// The codes AWS's SDKs retry as transient in their standard retry mode.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"];

/// The statuses AWS's SDKs retry as transient whatever the code.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// [`ProvideErrorMetadata::retry_kind`] for an error that is not `@retryable`: by its code,
/// then by its status.
fn retry_kind_of(code: Option<&str>, status: u16) -> Option<RetryKind> {
    match code {
        Some(code) if THROTTLING_CODES.contains(&code) => Some(RetryKind::Throttling),
        Some(code) if TRANSIENT_CODES.contains(&code) => Some(RetryKind::Transient),
        _ if TRANSIENT_STATUSES.contains(&status) => Some(RetryKind::Transient),
        _ => None,
    }
}

/// What each variant of an error enum holds: an error that gives its metadata. The enums hand
/// every question to the one they hold through this (`Debug` and `PartialEq` too), with one
/// `match` in all, where a derive would write one per trait.
pub(crate) trait ErrorParts: ProvideErrorMetadata + std::error::Error {
    /// Whether `other` is an error of this type, equal to this one.
    fn same(&self, other: &dyn ErrorParts) -> bool;

    /// This error, for [`same`](Self::same) to downcast.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// An error enum (an operation's, or the service-wide one): each variant holds an error with
/// its own metadata, found by one `match`. The enums get [`ProvideErrorMetadata`] from this one
/// impl, rather than five methods of their own each.
pub(crate) trait ErrorEnum {
    /// The variant's name and the error it holds.
    fn parts(&self) -> (&'static str, &dyn ErrorParts);
}

impl<T: ErrorEnum> ProvideErrorMetadata for T {
    #[inline]
    fn code(&self) -> Option<&str> {
        self.parts().1.code()
    }

    #[inline]
    fn message(&self) -> Option<&str> {
        self.parts().1.message()
    }

    #[inline]
    fn request_id(&self) -> Option<&str> {
        self.parts().1.request_id()
    }

    #[inline]
    fn status(&self) -> u16 {
        self.parts().1.status()
    }

    #[inline]
    fn retry_kind(&self) -> Option<RetryKind> {
        self.parts().1.retry_kind()
    }
}

impl<T: ProvideErrorMetadata + std::error::Error + PartialEq + 'static> ErrorParts for T {
    fn same(&self, other: &dyn ErrorParts) -> bool {
        other.as_any().downcast_ref::<T>().is_some_and(|other| other == self)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// An error response whose code the operation does not model (or that has no code at all, such
/// as a proxy's 502), or whose code names a modeled error that the body does not match (then
/// [`parse_error`](Self::parse_error) says why). Everything the response said is kept.
#[derive(Clone, PartialEq)]
pub struct UnhandledError {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) status: u16,
    pub(crate) request_id: Option<RequestId>,
    pub(crate) body: Vec<u8>,
    pub(crate) parse_error: Option<Box<ParseError>>,
}

impl UnhandledError {
    /// The response body, unchanged.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// When the code names an error the operation models but the body is not that error's (an
    /// HTML page from a proxy, a member of the wrong type), why the body could not be read as
    /// it. The code, message, status and request id are still those of the response.
    pub fn parse_error(&self) -> Option<&ParseError> {
        self.parse_error.as_deref()
    }
}

impl ProvideErrorMetadata for UnhandledError {
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().map(RequestId::as_str)
    }

    fn status(&self) -> u16 {
        self.status
    }
}

/// How much of the body `Debug` shows.
const DEBUG_BODY_BYTES: usize = 1024;

impl fmt::Debug for UnhandledError {
    /// The body as text (lossy UTF-8), its first kilobyte at most.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.body.get(..DEBUG_BODY_BYTES).unwrap_or(&self.body);
        let mut body = String::from_utf8_lossy(shown).into_owned();
        if shown.len() < self.body.len() {
            body.push_str(&format!("... ({} bytes in all)", self.body.len()));
        }
        f.debug_struct("UnhandledError")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("body", &body)
            .field("parse_error", &self.parse_error)
            .finish()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => f.write_str(code),
            (None, Some(message)) => write!(f, "unknown error (HTTP {}): {message}", self.status),
            (None, None) => write!(f, "unknown error (HTTP {})", self.status),
        }
    }
}

impl std::error::Error for UnhandledError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.parse_error.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_in_place_and_on_the_heap() {
        let short = RequestId::from_bytes("b4e1a2c3-0000-4000-8000-000000000000".as_bytes());
        assert!(matches!(short, Some(RequestId::Inline { .. })));
        let accented = RequestId::from_bytes("idé".as_bytes());
        assert_eq!(accented.as_ref().map(RequestId::as_str), Some("idé"));
        assert!(matches!(accented, Some(RequestId::Inline { .. })));
        let long = "x".repeat(100);
        let heap = RequestId::from_bytes(long.as_bytes());
        assert_eq!(heap.as_ref().map(RequestId::as_str), Some(long.as_str()));
        assert!(matches!(heap, Some(RequestId::Heap(_))));
        assert_eq!(RequestId::from_bytes(b"\xff"), None);
    }
}
