//! A small synchronous client over a transport you supply: it resolves the endpoint by the
//! model's rules, builds the request, hands it to your signer, sends it with your transport,
//! retries what AWS's SDKs retry, and parses the response into the operation's output or its
//! typed error.
//!
//! The crate still does no I/O of its own: a [`Transport`] is one method that sends a
//! [`Request`] and returns the [`Response`] (any HTTP client, sync or a blocking wrapper), and a
//! [`Sign`] is one method that signs a request in place (SigV4 with the `aws-sigv4` crate, for
//! example). For an async client, call [`Client::prepare`], send the request your way and parse
//! the response with [`Operation::parse_response`].

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::endpoint::{EndpointError, Params};
use crate::error::{ProvideErrorMetadata, RetryKind};
use crate::http::RequestOptions;
use crate::operation::Operation;
use crate::validation::ValidationError;

mod operations;

/// Any error, boxed: what a [`Sign`] returns when it cannot sign.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A request ready to sign and send: the absolute URL of the endpoint the rules chose, the
/// headers (the operation's and the endpoint's; no `Host`, which the URL gives), the body, and
/// how to sign it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Request {
    /// The operation's name in the model, such as `StartImport`.
    pub operation: &'static str,
    /// The method, such as `POST`.
    pub method: &'static str,
    /// The URL, such as `https://cloudtrail.us-east-1.amazonaws.com/`.
    pub url: String,
    /// The headers, in the order to send them; a signer adds its own.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body.
    pub body: Vec<u8>,
    /// How to sign the request, from the endpoint's auth scheme.
    pub signing: Signing,
    /// Which attempt this is: 1 for the first send, 2 for the first retry, and so on.
    pub attempt: u32,
}

impl Request {
    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

/// How to sign a request: what the endpoint's first auth scheme says, with the crate's signing
/// name and the region of the endpoint parameters where it says nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signing {
    /// The scheme: `sigv4` for most endpoints, `sigv4a` for multi-region ones.
    pub scheme: String,
    /// The service name to sign with, such as `cloudtrail`.
    pub name: String,
    /// The region to sign for (for `sigv4a`, the region set joined with commas, often `*`).
    pub region: String,
    /// When true, the signer must not percent-encode the path a second time (S3).
    pub disable_double_encoding: bool,
}

/// A response as the transport received it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// The status, such as 200.
    pub status: u16,
    /// The headers, names in any case, values as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Sends a request and returns the response: the one thing a [`Client`] cannot do itself. A
/// closure `Fn(Request) -> Result<Response, E>` is a transport.
pub trait Transport {
    /// Why a request got no response: a connection refused, a timeout. The client retries
    /// these as transient.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// # Errors
    ///
    /// Whatever kept the request from getting a response.
    fn send(&self, request: Request) -> Result<Response, Self::Error>;
}

impl<F, E> Transport for F
where
    F: Fn(Request) -> Result<Response, E>,
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;

    fn send(&self, request: Request) -> Result<Response, E> {
        self(request)
    }
}

/// Signs a request in place before each attempt (the client signs every retry afresh): adds the
/// `Authorization` header, `X-Amz-Date` and the others its scheme needs. A closure
/// `Fn(&mut Request) -> Result<(), BoxError>` is a signer.
pub trait Sign {
    /// Signs `request` as [`Request::signing`] says.
    ///
    /// # Errors
    ///
    /// Whatever kept the request from being signed (no credentials, say).
    fn sign(&self, request: &mut Request) -> Result<(), BoxError>;
}

impl<F: Fn(&mut Request) -> Result<(), BoxError>> Sign for F {
    fn sign(&self, request: &mut Request) -> Result<(), BoxError> {
        self(request)
    }
}

/// Sends requests unsigned: for a local server that checks no signatures, or a signing proxy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unsigned;

impl Sign for Unsigned {
    fn sign(&self, _request: &mut Request) -> Result<(), BoxError> {
        Ok(())
    }
}

/// When and how often to send a call again: AWS's standard retry mode without its retry quota.
/// A call whose error has a [`retry_kind`](ProvideErrorMetadata::retry_kind), or whose
/// transport failed, is sent again after a delay drawn at random between zero and
/// `initial_backoff * 2^(attempt - 1)`, at most `max_backoff`, until `max_attempts` sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 1 second up to 20, as AWS's SDKs default to.
    fn default() -> RetryPolicy {
        RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }
}

impl RetryPolicy {
    /// One attempt: never retry.
    pub fn never() -> RetryPolicy {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// With at most `attempts` sends of each call (at least one).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> RetryPolicy {
        self.max_attempts = attempts.max(1);
        self
    }

    /// With the delay before the first retry at most `backoff` (it doubles for each retry after).
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: Duration) -> RetryPolicy {
        self.initial_backoff = backoff;
        self
    }

    /// With no delay longer than `backoff`.
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> RetryPolicy {
        self.max_backoff = backoff;
        self
    }

    /// The most sends of each call.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest delay before retry `retry` (1 for the first): the ceiling the random delay
    /// is drawn under.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The delay before retry `retry`: between zero and its ceiling, at random (full jitter).
    fn backoff(&self, retry: u32) -> Duration {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(retry);
        // 53 random bits make a fraction in [0, 1).
        let fraction = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
        let ceiling = self.backoff_ceiling(retry);
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * fraction).map_or(ceiling, |d| d.min(ceiling))
    }
}

/// A call that failed before it was sent: the input broke the model's constraints (only when
/// the client validates), no endpoint could be resolved, or the signer failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum PrepareError {
    /// The input broke the model's constraints; see [`Client::with_validation`].
    Validation(ValidationError),
    /// The endpoint rules refused the parameters.
    Endpoint(EndpointError),
    /// The signer failed.
    Sign(BoxError),
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrepareError::Validation(_) => f.write_str("the input is not valid"),
            PrepareError::Endpoint(_) => f.write_str("no endpoint for the call"),
            PrepareError::Sign(_) => f.write_str("the request could not be signed"),
        }
    }
}

impl std::error::Error for PrepareError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PrepareError::Validation(error) => Some(error),
            PrepareError::Endpoint(error) => Some(error),
            PrepareError::Sign(error) => Some(error.as_ref()),
        }
    }
}

/// Why a call through a [`Client`] failed: `E` is the operation's error, `T` the transport's.
/// For a call not sent or not answered, the message says which and
/// [`source`](std::error::Error::source) gives the cause; the operation's error shows as
/// itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError<E, T> {
    /// The call was never sent.
    Prepare(PrepareError),
    /// The transport got no response (after the retries).
    Transport(T),
    /// The service answered with an error (after the retries), or a response that does not
    /// parse.
    Operation(E),
}

impl<E, T> SendError<E, T> {
    /// The operation's error, if the service gave one.
    pub fn operation_error(&self) -> Option<&E> {
        match self {
            SendError::Operation(error) => Some(error),
            _ => None,
        }
    }

    /// The operation's error, if the service gave one; otherwise this error back.
    ///
    /// # Errors
    ///
    /// This error, when it is not the operation's.
    pub fn into_operation_error(self) -> Result<E, SendError<E, T>> {
        match self {
            SendError::Operation(error) => Ok(error),
            other => Err(other),
        }
    }
}

impl<E: ProvideErrorMetadata, T> SendError<E, T> {
    /// Whether sending the call again may succeed: the operation error's
    /// [`retry_kind`](ProvideErrorMetadata::retry_kind), transient for a transport failure,
    /// `None` for a call that was never sent.
    pub fn retry_kind(&self) -> Option<RetryKind> {
        match self {
            SendError::Prepare(_) => None,
            SendError::Transport(_) => Some(RetryKind::Transient),
            SendError::Operation(error) => error.retry_kind(),
        }
    }
}

impl<E: fmt::Display, T: fmt::Display> fmt::Display for SendError<E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Prepare(_) => f.write_str("the call was not sent"),
            SendError::Transport(_) => f.write_str("the request got no response"),
            SendError::Operation(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<E, T> std::error::Error for SendError<E, T>
where
    E: std::error::Error + 'static,
    T: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Prepare(error) => Some(error),
            SendError::Transport(error) => Some(error),
            SendError::Operation(error) => error.source(),
        }
    }
}

/// Calls the service's operations through a [`Transport`] and a [`Sign`]: one method per
/// operation (`client.start_import(&input)`), or [`send`](Client::send) for any of them.
#[derive(Clone, Debug)]
pub struct Client<T, S = Unsigned> {
    transport: T,
    signer: S,
    params: Params,
    options: RequestOptions,
    retry: RetryPolicy,
    validate: bool,
}

impl<T> Client<T, Unsigned> {
    /// A client that sends with `transport` to the endpoint the rules give for `params` (the
    /// region, FIPS, dual-stack, a custom endpoint...), unsigned until
    /// [`with_signer`](Client::with_signer), with the default [`RetryPolicy`].
    pub fn new(transport: T, params: Params) -> Client<T, Unsigned> {
        Client {
            transport,
            signer: Unsigned,
            params,
            options: RequestOptions::default(),
            retry: RetryPolicy::default(),
            validate: false,
        }
    }
}

impl<T, S> Client<T, S> {
    /// This client, signing with `signer`.
    pub fn with_signer<N: Sign>(self, signer: N) -> Client<T, N> {
        let Client { transport, params, options, retry, validate, .. } = self;
        Client { transport, signer, params, options, retry, validate }
    }

    /// This client, retrying as `retry` says.
    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Client<T, S> {
        self.retry = retry;
        self
    }

    /// This client, building requests with `options`.
    #[must_use]
    pub fn with_request_options(mut self, options: RequestOptions) -> Client<T, S> {
        self.options = options;
        self
    }

    /// This client, checking each input against the model's constraints before sending it
    /// (`false` by default: the service checks them anyway, and may have relaxed a limit).
    #[must_use]
    pub fn with_validation(mut self, validate: bool) -> Client<T, S> {
        self.validate = validate;
        self
    }

    /// The endpoint parameters every call starts from.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
}

impl<T, S: Sign> Client<T, S> {
    /// The request for `input`, unsigned: validated (if the client validates), its endpoint
    /// resolved from the client's parameters and those the operation binds, its URL and
    /// headers set.
    ///
    /// # Errors
    ///
    /// The input breaks the model's constraints, or the rules give no endpoint.
    pub fn build<O: Operation>(&self, input: &O) -> Result<Request, PrepareError> {
        if self.validate {
            input.validate().map_err(PrepareError::Validation)?;
        }
        let params = input.endpoint_params(self.params.clone());
        let endpoint = crate::endpoint::resolve(&params).map_err(PrepareError::Endpoint)?;
        let request = input.to_request_with(&self.options);
        let url = request.url(endpoint.url());
        let mut headers = request.headers;
        for (name, values) in endpoint.headers() {
            for value in values {
                headers.push((Cow::Owned(name.clone()), Cow::Owned(value.clone())));
            }
        }
        let scheme = endpoint.auth_schemes().into_iter().next();
        let region = match &scheme {
            Some(scheme) if !scheme.signing_region_set.is_empty() => scheme.signing_region_set.join(","),
            Some(scheme) => scheme.signing_region.or_else(|| operations::region(&params)).unwrap_or_default().to_owned(),
            None => operations::region(&params).unwrap_or_default().to_owned(),
        };
        let signing = Signing {
            scheme: scheme.as_ref().map_or("sigv4", |s| s.name).to_owned(),
            name: scheme.as_ref().and_then(|s| s.signing_name).unwrap_or(crate::SIGNING_NAME).to_owned(),
            region,
            disable_double_encoding: scheme.as_ref().is_some_and(|s| s.disable_double_encoding),
        };
        Ok(Request {
            operation: O::NAME,
            method: request.method,
            url,
            headers,
            body: request.body,
            signing,
            attempt: 1,
        })
    }

    /// The request for `input`, built as [`build`](Client::build) builds it and signed: what
    /// an async caller sends with its own client.
    ///
    /// # Errors
    ///
    /// As [`build`](Client::build), or the signer failed.
    pub fn prepare<O: Operation>(&self, input: &O) -> Result<Request, PrepareError> {
        let mut request = self.build(input)?;
        self.signer.sign(&mut request).map_err(PrepareError::Sign)?;
        Ok(request)
    }
}

impl<T: Transport, S: Sign> Client<T, S> {
    /// Calls the operation `input` belongs to: builds the request once, then signs, sends and
    /// parses each attempt, retrying as the [`RetryPolicy`] says (the same request each time,
    /// idempotency tokens included).
    ///
    /// # Errors
    ///
    /// The operation's error, the transport's, or the reason the call was never sent.
    pub fn send<O: Operation>(&self, input: &O) -> Result<O::Output, SendError<O::Error, T::Error>> {
        let mut request = self.build(input).map_err(SendError::Prepare)?;
        for attempt in 1..self.retry.max_attempts {
            let mut retried = request.clone();
            retried.attempt = attempt;
            match self.attempt::<O>(retried) {
                Err(error) if error.retry_kind().is_some() => std::thread::sleep(self.retry.backoff(attempt)),
                outcome => return outcome,
            }
        }
        request.attempt = self.retry.max_attempts;
        self.attempt::<O>(request)
    }

    /// One attempt: signs `request`, sends it and parses the response.
    fn attempt<O: Operation>(&self, mut request: Request) -> Result<O::Output, SendError<O::Error, T::Error>> {
        self.signer.sign(&mut request).map_err(|e| SendError::Prepare(PrepareError::Sign(e)))?;
        let response = self.transport.send(request).map_err(SendError::Transport)?;
        let headers = response.headers.iter().map(|(name, value)| (name.as_str(), value.as_slice()));
        O::parse_response(response.status, headers, &response.body).map_err(SendError::Operation)
    }
}
