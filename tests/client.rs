//! The generated crate's `Client` over transports and signers written here: the endpoint it
//! resolves, what it hands the signer, which failures it retries and how often, and the errors
//! it gives back.

use std::cell::RefCell;
use std::time::Duration;

use cloudtrail_start_import::client::{
    BoxError, Client, PrepareError, Request, Response, RetryPolicy, SendError, Signing, Transport,
};
use cloudtrail_start_import::endpoint::Params;
use cloudtrail_start_import::operation::start_import::{StartImportError, StartImportInput};
use cloudtrail_start_import::{ProvideErrorMetadata, RetryKind};

/// A transport that answers with `responses` in turn (an `Err` is a failure to connect), and
/// keeps every request it was given.
struct Scripted {
    responses: RefCell<Vec<Result<Response, std::io::Error>>>,
    seen: RefCell<Vec<Request>>,
}

impl Scripted {
    fn new(mut responses: Vec<Result<Response, std::io::Error>>) -> Scripted {
        responses.reverse();
        Scripted { responses: RefCell::new(responses), seen: RefCell::new(Vec::new()) }
    }

    fn seen(&self) -> Vec<Request> {
        self.seen.borrow().clone()
    }
}

impl Transport for &Scripted {
    type Error = std::io::Error;

    fn send(&self, request: Request) -> Result<Response, std::io::Error> {
        self.seen.borrow_mut().push(request);
        self.responses.borrow_mut().pop().unwrap_or_else(|| panic!("the client sent more requests than scripted"))
    }
}

fn ok() -> Result<Response, std::io::Error> {
    let body = br#"{"ImportId":"e4bba7b6-4d4d-4d5c-8f2a-EXAMPLE","ImportStatus":"INITIALIZING"}"#.to_vec();
    Ok(Response { status: 200, headers: vec![("x-amzn-RequestId".to_owned(), b"req-1".to_vec())], body })
}

fn error(status: u16, code: &str) -> Result<Response, std::io::Error> {
    let body = format!(r#"{{"__type":"{code}","message":"it failed"}}"#).into_bytes();
    Ok(Response { status, headers: Vec::new(), body })
}

fn refused() -> Result<Response, std::io::Error> {
    Err(std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused"))
}

fn input() -> StartImportInput {
    StartImportInput::builder().import_id("e4bba7b6-4d4d-4d5c-8f2a-EXAMPLE").build().unwrap_or_else(|e| panic!("{e}"))
}

/// Retries without waiting, so the tests take no time.
fn quick() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::ZERO)
}

fn region(name: &str) -> Params {
    Params::default().with_region(name)
}

#[test]
fn a_call_resolves_the_endpoint_signs_sends_and_parses() {
    let transport = Scripted::new(vec![ok()]);
    let signer = |request: &mut Request| -> Result<(), BoxError> {
        let value = format!("{} {}", request.signing.name, request.signing.region);
        request.headers.push(("authorization".into(), value.into()));
        Ok(())
    };
    let client = Client::new(&transport, region("eu-west-1")).with_signer(signer);
    let output = client.start_import(&input()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.import_id.as_deref(), Some("e4bba7b6-4d4d-4d5c-8f2a-EXAMPLE"));
    let [request] = transport.seen().try_into().unwrap_or_else(|seen: Vec<_>| panic!("{} requests", seen.len()));
    assert_eq!(request.operation, "StartImport");
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://cloudtrail.eu-west-1.amazonaws.com/");
    assert_eq!(request.attempt, 1);
    assert_eq!(request.header("X-Amz-Target"), Some("CloudTrail_20131101.StartImport"));
    assert_eq!(request.header("Authorization"), Some("cloudtrail eu-west-1"));
    assert_eq!(request.body, input().to_request().body);
    let Signing { scheme, disable_double_encoding, .. } = request.signing;
    assert_eq!((scheme.as_str(), disable_double_encoding), ("sigv4", false));
}

#[test]
fn the_rules_choose_fips_dual_stack_and_custom_endpoints() {
    let cases = [
        (region("us-east-1").with_use_fips(true), "https://cloudtrail-fips.us-east-1.amazonaws.com/"),
        (region("us-east-1").with_use_dual_stack(true), "https://cloudtrail.us-east-1.api.aws/"),
        (region("cn-north-1"), "https://cloudtrail.cn-north-1.amazonaws.com.cn/"),
        (region("us-east-1").with_endpoint("http://127.0.0.1:5000"), "http://127.0.0.1:5000/"),
    ];
    for (params, url) in cases {
        let transport = Scripted::new(vec![ok()]);
        let client = Client::new(&transport, params);
        client.start_import(&input()).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(transport.seen().first().map(|r| r.url.as_str()), Some(url));
    }
}

#[test]
fn the_signing_region_falls_back_to_the_region_parameter() {
    // CloudTrail's rules name no auth scheme, so the client signs as `SIGNING_NAME` for the
    // region the caller set.
    let client = Client::new(|_: Request| ok(), region("ap-southeast-2"));
    let request = client.prepare(&input()).unwrap_or_else(|e| panic!("{e}"));
    let Signing { name, region, .. } = request.signing;
    assert_eq!((name.as_str(), region.as_str()), (cloudtrail_start_import::SIGNING_NAME, "ap-southeast-2"));
}

#[test]
fn transient_errors_and_throttling_are_retried_until_one_succeeds() {
    let transport = Scripted::new(vec![error(500, "InternalFailure"), error(400, "ThrottlingException"), ok()]);
    let signed = RefCell::new(Vec::new());
    let signer = |request: &mut Request| -> Result<(), BoxError> {
        signed.borrow_mut().push(request.attempt);
        Ok(())
    };
    let client = Client::new(&transport, region("us-east-1")).with_signer(signer).with_retry(quick());
    client.start_import(&input()).unwrap_or_else(|e| panic!("{e}"));
    let seen = transport.seen();
    assert_eq!(seen.iter().map(|r| r.attempt).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(seen.iter().all(|r| r.body == input().to_request().body), "every attempt sends the same body");
    assert_eq!(*signed.borrow(), [1, 2, 3], "each attempt is signed afresh");
}

#[test]
fn the_last_attempt_gives_its_error_back() {
    let transport = Scripted::new((0..3).map(|_| error(400, "ThrottlingException")).collect());
    let client = Client::new(&transport, region("us-east-1")).with_retry(quick());
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    assert_eq!(transport.seen().len(), 3);
    assert_eq!(error.retry_kind(), Some(RetryKind::Throttling));
    let SendError::Operation(error) = error else { panic!("expected the operation's error, got {error:?}") };
    assert_eq!(error.code(), Some("ThrottlingException"));
}

#[test]
fn errors_that_would_fail_again_are_not_retried() {
    let transport = Scripted::new(vec![error(400, "ImportNotFoundException")]);
    let client = Client::new(&transport, region("us-east-1")).with_retry(quick());
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    assert_eq!(transport.seen().len(), 1);
    assert_eq!(error.retry_kind(), None);
    let error = error.into_operation_error().unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(error, StartImportError::ImportNotFoundException(_)), "{error:?}");
}

#[test]
fn transport_failures_are_retried_as_transient() {
    let transport = Scripted::new(vec![refused(), ok()]);
    let client = Client::new(&transport, region("us-east-1")).with_retry(quick());
    client.start_import(&input()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(transport.seen().len(), 2);

    let transport = Scripted::new(vec![refused(), refused()]);
    let client = Client::new(&transport, region("us-east-1")).with_retry(quick().with_max_attempts(2));
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    assert!(matches!(error, SendError::Transport(_)), "{error:?}");
    assert_eq!(error.retry_kind(), Some(RetryKind::Transient));
    assert_eq!(error.to_string(), "the request got no response");
    let cause = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(cause.as_deref(), Some("connection refused"), "the cause is the source, not repeated in the message");
}

#[test]
fn a_policy_of_one_attempt_never_retries() {
    let transport = Scripted::new(vec![error(503, "ServiceUnavailable")]);
    let client = Client::new(&transport, region("us-east-1")).with_retry(RetryPolicy::never());
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    assert_eq!(transport.seen().len(), 1);
    assert_eq!(error.retry_kind(), Some(RetryKind::Transient));
}

#[test]
fn calls_the_rules_refuse_are_never_sent() {
    let transport = Scripted::new(Vec::new());
    let client = Client::new(&transport, Params::default());
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    let SendError::Prepare(PrepareError::Endpoint(endpoint)) = &error else { panic!("{error:?}") };
    assert_eq!(endpoint.message(), "Invalid Configuration: Missing Region");
    assert_eq!(error.retry_kind(), None);
    let fips_custom = region("us-east-1").with_use_fips(true).with_endpoint("https://example.com");
    let error = Client::new(&transport, fips_custom).start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    assert!(matches!(error, SendError::Prepare(PrepareError::Endpoint(_))), "{error:?}");
    assert!(transport.seen().is_empty());
}

#[test]
fn the_client_validates_only_when_asked() {
    let bad = StartImportInput::builder().import_id("").build().unwrap_or_else(|e| panic!("{e}"));
    let transport = Scripted::new(vec![ok()]);
    let client = Client::new(&transport, region("us-east-1"));
    client.start_import(&bad).unwrap_or_else(|e| panic!("unvalidated: {e}"));
    let client = client.with_validation(true);
    let error = client.start_import(&bad).map(|_| ()).unwrap_err_or_panic();
    let SendError::Prepare(PrepareError::Validation(violations)) = &error else { panic!("{error:?}") };
    assert!(violations.to_string().contains("import_id"), "{violations}");
    assert_eq!(transport.seen().len(), 1);
}

#[test]
fn a_signer_that_fails_stops_the_call() {
    let transport = Scripted::new(Vec::new());
    let signer = |_: &mut Request| -> Result<(), BoxError> { Err("no credentials".into()) };
    let client = Client::new(&transport, region("us-east-1")).with_signer(signer);
    let error = client.start_import(&input()).map(|_| ()).unwrap_err_or_panic();
    let SendError::Prepare(PrepareError::Sign(cause)) = &error else { panic!("{error:?}") };
    assert_eq!(cause.to_string(), "no credentials");
    assert_eq!(error.to_string(), "the call was not sent");
    let cause = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(cause.as_deref(), Some("the request could not be signed"));
    assert!(transport.seen().is_empty());
}

#[test]
fn backoff_doubles_from_the_initial_delay_up_to_the_maximum() {
    let policy = RetryPolicy::default();
    let ceilings: Vec<u64> = (1..=7).map(|retry| policy.backoff_ceiling(retry).as_secs()).collect();
    assert_eq!(ceilings, [1, 2, 4, 8, 16, 20, 20]);
    assert_eq!(policy.max_attempts(), 3);
    assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(20));
}

#[test]
fn any_operation_goes_through_send() {
    fn call<O: cloudtrail_start_import::operation::Operation>(client: &Client<&Scripted>, input: &O) -> Option<O::Output> {
        client.send(input).ok()
    }
    let transport = Scripted::new(vec![ok()]);
    let client = Client::new(&transport, region("us-east-1"));
    assert!(call(&client, &input()).is_some());
}

trait UnwrapErr<E> {
    fn unwrap_err_or_panic(self) -> E;
}

impl<E> UnwrapErr<E> for Result<(), E> {
    fn unwrap_err_or_panic(self) -> E {
        match self {
            Ok(()) => panic!("the call succeeded"),
            Err(error) => error,
        }
    }
}
