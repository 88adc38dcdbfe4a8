//! Checks the generated protocol compliance tests share: a request against what its case
//! expects, and values compared so that NaN equals NaN.

use std::fmt::Debug;

use crate::client::http::HttpRequest;
use crate::client::primitives::{Document, Number};

/// What a request case expects.
pub struct ExpectedRequest {
    /// The method.
    pub method: &'static str,
    /// The path and query.
    pub uri: &'static str,
    /// The endpoint host the client is given.
    pub host: Option<&'static str>,
    /// The host the request must go to.
    pub resolved_host: Option<&'static str>,
    /// Headers that must have these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// Headers that must be present.
    pub require_headers: &'static [&'static str],
    /// Query parameters the query must hold, as `key=value` or `key`, percent-encoded.
    pub query_params: &'static [&'static str],
    /// Query keys that must be absent.
    pub forbid_query_params: &'static [&'static str],
    /// Query keys that must be present.
    pub require_query_params: &'static [&'static str],
    /// The body.
    pub body: Option<&'static str>,
    /// Compare the body as JSON values rather than bytes.
    pub json_body: bool,
}

/// Panics, saying what differs, unless the request is what the case expects.
pub fn check_request(request: &HttpRequest, expected: &ExpectedRequest) {
    assert_eq!(request.method, expected.method, "method");
    let host = expected.host.unwrap_or("example.com");
    let url = request.url(&format!("https://{host}"));
    let after_scheme = url.strip_prefix("https://").unwrap_or(&url);
    let (actual_host, path) = match after_scheme.find('/') {
        Some(at) => after_scheme.split_at(at),
        None => (after_scheme, "/"),
    };
    // The path as the case has it; the query's parameters in any order.
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let (expected_path, expected_query) = expected.uri.split_once('?').unwrap_or((expected.uri, ""));
    assert_eq!(path, expected_path, "URI path");
    let params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let key = |param: &str| param.split_once('=').map_or(param, |(k, _)| k).to_owned();
    for wanted in expected_query.split('&').filter(|p| !p.is_empty()).chain(expected.query_params.iter().copied()) {
        assert!(params.contains(&wanted), "query parameter {wanted} missing from {query:?}");
    }
    for forbidden in expected.forbid_query_params {
        assert!(!params.iter().any(|p| key(p) == *forbidden), "query parameter {forbidden} must be absent from {query:?}");
    }
    for required in expected.require_query_params {
        assert!(params.iter().any(|p| key(p) == *required), "query parameter {required} must be present in {query:?}");
    }
    if let Some(resolved) = expected.resolved_host {
        assert_eq!(actual_host, resolved, "host");
    }
    for (name, value) in expected.headers {
        assert_eq!(request.header(name), Some(*value), "header {name}");
    }
    for name in expected.forbid_headers {
        assert_eq!(request.header(name), None, "header {name} must be absent");
    }
    for name in expected.require_headers {
        assert!(request.header(name).is_some(), "header {name} must be present");
    }
    let Some(body) = expected.body else { return };
    if expected.json_body {
        let actual = Document::from_json(&request.body)
            .unwrap_or_else(|e| panic!("the request body is not JSON ({e}): {}", String::from_utf8_lossy(&request.body)));
        let wanted = Document::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("the case's body is not JSON: {e}"));
        assert!(
            json_equal(&actual, &wanted),
            "body differs\n  actual: {}\nexpected: {}",
            String::from_utf8_lossy(&request.body),
            body
        );
    } else {
        assert_eq!(String::from_utf8_lossy(&request.body), body, "body");
    }
}

/// JSON values equal, numbers compared by value (`1` equals `1.0`).
fn json_equal(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => number(x) == number(y),
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn number(n: &Number) -> f64 {
    match *n {
        Number::PosInt(v) => v as f64,
        Number::NegInt(v) => v as f64,
        Number::Float(v) => v,
    }
}

/// Panics unless the values are equal; values whose only difference is NaN (which is never
/// equal to itself) count as equal when their debug forms are.
pub fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if actual != expected {
        assert_eq!(format!("{actual:#?}"), format!("{expected:#?}"));
    }
}
