//! Lambda requests, built by the generated crate, against what botocore sends for the same
//! parameters (`requests.txt`, recorded by `record.py`; see there). `tests/golden.rs` copies
//! this file and the recording into a Lambda crate generated for these operations and runs it.
//!
//! Compared: the method, the path and query byte for byte, every header (names in any case,
//! order aside) and the body. Two differences are expected and checked as such:
//! - botocore writes JSON with a space after each `:` and `,`; the crate writes it compact, as
//!   AWS's Rust SDK does, members in the same order. The recording holds the compact text too.
//! - a blob payload goes with `Content-Type: application/octet-stream`, which the Smithy
//!   restJson1 protocol tests require (and AWS's Rust SDK sends); botocore sends none.

mod recorded;

use lambda::http::HttpRequest;
use lambda::operation::get_function::GetFunctionInput;
use lambda::operation::invoke::InvokeInput;
use lambda::operation::list_functions::{ListFunctionsInput, ListFunctionsOutput};
use lambda::operation::update_function_configuration::UpdateFunctionConfigurationInput;
use lambda::types::{Environment, FunctionVersion, InvocationType, LogType};

const RECORDED: &str = include_str!("requests.txt");

/// Checks `request` against the case `name`; `octet_stream` for a blob payload.
fn check(name: &str, request: &HttpRequest, octet_stream: bool) {
    let sent = recorded::Sent {
        method: request.method,
        uri: &request.uri,
        headers: request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect(),
        body: &request.body,
    };
    recorded::check(RECORDED, name, &sent, octet_stream);
}

#[test]
fn invoke() {
    let input = InvokeInput::builder()
        .function_name("my-function")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .client_context("eyJjdXN0b20iOnt9fQ==")
        .payload(br#"{"key": "value"}"#.to_vec())
        .qualifier("1")
        .build()
        .expect("every required member is set");
    check("invoke", &input.to_request(), true);
}

#[test]
fn invoke_minimal() {
    let input = InvokeInput::builder().function_name("my-function").build().expect("every required member is set");
    check("invoke_minimal", &input.to_request(), false);
}

#[test]
fn update_function_configuration() {
    let environment = Environment::builder().variables([("STAGE", "prod")]).build();
    let input = UpdateFunctionConfigurationInput::builder()
        .function_name("my-function")
        .timeout(30)
        .memory_size(256)
        .environment(environment)
        .build()
        .expect("every required member is set");
    check("update_function_configuration", &input.to_request(), false);
}

#[test]
fn get_function() {
    let input = GetFunctionInput::builder()
        .function_name("arn:aws:lambda:us-east-1:123456789012:function:my-function")
        .qualifier("$LATEST")
        .build()
        .expect("every required member is set");
    check("get_function", &input.to_request(), false);
}

#[test]
fn list_functions_pages() {
    let first_page = ListFunctionsInput::builder().build().expect("nothing is required");
    check("list_functions", &first_page.to_request(), false);
    // The next page, as a caller paging through gets it: from the first page's `NextMarker`.
    let first = ListFunctionsInput::builder()
        .master_region("ALL")
        .function_version(FunctionVersion::All)
        .max_items(50)
        .build()
        .expect("nothing is required");
    let page = ListFunctionsOutput::parse_response(
        200,
        [("content-type", "application/json")],
        br#"{"Functions":[],"NextMarker":"eyJNYXJrZXIiOiBudWxsfQ==/+"}"#,
    )
    .expect("the first page parses");
    let second = first.next_page(&page).expect("a NextMarker means another page");
    check("list_functions_page", &second.to_request(), false);
    let last = ListFunctionsOutput::parse_response(200, [("content-type", "application/json")], br#"{"Functions":[]}"#)
        .expect("the last page parses");
    assert!(second.next_page(&last).is_none(), "no NextMarker, no more pages");
}
