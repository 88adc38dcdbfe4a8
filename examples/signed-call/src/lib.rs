//! Real, signed calls through crates this project generates: everything a user adds to a
//! generated crate to call AWS (or a local server that checks signatures, as the tests here do
//! with moto's).
//!
//! The generated crates do no I/O and sign nothing; their `Client` takes a transport and a
//! signer, one method each. This crate gives both for four generated crates (`cloudtrail`,
//! `dynamodb`, `sqs` and `s3`): [`SigV4`] signs with the `aws-sigv4` crate (AWS's own signer, without the rest
//! of its SDK) and [`Http`] sends with `ureq`. The code between the `glue` markers is all a
//! user writes for one crate.
//!
//! ```no_run
//! use signed_call::{Http, SigV4};
//! use cloudtrail::client::Client;
//! use cloudtrail::endpoint::Params;
//! use cloudtrail::operation::describe_trails::DescribeTrailsInput;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let signer = SigV4::from_env().ok_or("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")?;
//! let client = Client::new(Http::new(), Params::default().with_region("us-east-1")).with_signer(signer);
//! let trails = client.describe_trails(&DescribeTrailsInput::builder().build()?)?;
//! println!("{:?}", trails.trail_list);
//! # Ok(())
//! # }
//! ```

pub mod asynchronous;

use std::borrow::Cow;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;

/// A header list as the generated crates hold it.
pub type Headers = [(Cow<'static, str>, Cow<'static, str>)];

/// A response as the transport gives it back: status, headers and body.
pub type Received = (u16, Vec<(String, Vec<u8>)>, Vec<u8>);

/// Signs requests with SigV4 for a set of credentials.
#[derive(Clone, Debug)]
pub struct SigV4 {
    credentials: Credentials,
}

impl SigV4 {
    /// A signer for an access key, its secret and (for temporary credentials) a session token.
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<String>) -> SigV4 {
        SigV4 { credentials: Credentials::new(access_key_id, secret_access_key, session_token, None, "signed-call") }
    }

    /// A signer for the credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
    /// `AWS_SESSION_TOKEN`, if the first two are set.
    pub fn from_env() -> Option<SigV4> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Some(SigV4::new(&var("AWS_ACCESS_KEY_ID")?, &var("AWS_SECRET_ACCESS_KEY")?, var("AWS_SESSION_TOKEN")))
    }

    /// The headers that sign a request (`authorization`, `x-amz-date` and, with a session
    /// token, `x-amz-security-token`), for the service `name` in `region`, now; with
    /// `single_encoding`, the path is neither percent-encoded a second time nor normalised
    /// (S3, whose keys may hold `//` and `..`). S3's requests also carry the body's SHA-256 in
    /// `x-amz-content-sha256`, which S3 requires.
    ///
    /// # Errors
    ///
    /// A URL or header the signer cannot read.
    pub fn signature(
        &self,
        (method, url, headers, body): (&str, &str, &Headers, &[u8]),
        (name, region, single_encoding): (&str, &str, bool),
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
        let identity = self.credentials.clone().into();
        let mut settings = SigningSettings::default();
        if single_encoding {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        }
        if name == "s3" {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(name)
            .time(SystemTime::now())
            .settings(settings)
            .build()?
            .into();
        let headers = headers.iter().map(|(name, value)| (name.as_ref(), value.as_ref()));
        let signable = SignableRequest::new(method, url, headers, SignableBody::Bytes(body))?;
        let (instructions, _signature) = sign(signable, &params)?.into_parts();
        let (headers, _query) = instructions.into_parts();
        Ok(headers.into_iter().map(|header| (header.name().to_owned(), header.value().to_owned())).collect())
    }
}

/// Sends requests with a `ureq` agent that hands every response back, whatever its status.
#[derive(Clone, Debug)]
pub struct Http {
    agent: ureq::Agent,
}

impl Default for Http {
    fn default() -> Http {
        Http::new()
    }
}

impl Http {
    /// An agent with ureq's defaults, except that an error status is a response, not an error,
    /// and a call that takes more than a minute fails (so the client can retry it).
    pub fn new() -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .build();
        Http { agent: config.into() }
    }

    /// Sends one request.
    ///
    /// # Errors
    ///
    /// No response: the connection failed, or the URL or a header is not valid HTTP.
    pub fn call(&self, method: &str, url: &str, headers: &Headers, body: Vec<u8>) -> Result<Received, ureq::Error> {
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(name.as_ref(), value.as_ref());
        }
        let response = self.agent.run(request.body(body)?)?;
        let status = response.status().as_u16();
        let headers = response.headers().iter().map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec())).collect();
        // No size limit on the body: a page of results may pass ureq's default 10 MB.
        Ok((status, headers, response.into_body().with_config().limit(u64::MAX).read_to_vec()?))
    }
}

/// The glue between one generated crate and the signer and HTTP client above: all a user of a
/// generated crate writes, beside the two of them.
macro_rules! glue {
    ($krate:ident) => {
        // glue: start
        impl $krate::client::Sign for SigV4 {
            fn sign(&self, request: &mut $krate::client::Request) -> Result<(), $krate::client::BoxError> {
                let signing = &request.signing;
                if signing.scheme != "sigv4" {
                    return Err(format!("cannot sign for the auth scheme `{}`", signing.scheme).into());
                }
                let how = (signing.name.as_str(), signing.region.as_str(), signing.disable_double_encoding);
                let parts = (request.method, request.url.as_str(), request.headers.as_slice(), request.body.as_slice());
                let signature = self.signature(parts, how)?;
                request.headers.extend(signature.into_iter().map(|(name, value)| (name.into(), value.into())));
                Ok(())
            }
        }

        impl $krate::client::Transport for Http {
            type Error = ureq::Error;

            fn send(&self, request: $krate::client::Request) -> Result<$krate::client::Response, ureq::Error> {
                let (status, headers, body) = self.call(request.method, &request.url, &request.headers, request.body)?;
                Ok($krate::client::Response { status, headers, body })
            }
        }
        // glue: end
    };
}

glue!(cloudtrail);
glue!(dynamodb);
glue!(sqs);
glue!(s3);
