//! DynamoDB's `TableExists` and `TableNotExists` waiters, as generated from the official model
//! (the example's crate): each acceptor on hand-written responses, and a wait driven through
//! the `Client` over a scripted transport.

use std::cell::Cell;
use std::time::Duration;

use dynamodb::client::{Client, Request, Response};
use dynamodb::endpoint::Params;
use dynamodb::operation::describe_table::{DescribeTableError, DescribeTableInput, DescribeTableOutput};
use dynamodb::waiter::{State, TableExists, TableNotExists, WaitError, Waiter};

fn input() -> DescribeTableInput {
    DescribeTableInput::builder().table_name("t").build().unwrap_or_else(|e| panic!("{e}"))
}

fn table(status: &str) -> Result<DescribeTableOutput, DescribeTableError> {
    let body = format!(r#"{{"Table":{{"TableName":"t","TableStatus":"{status}","ItemCount":0}}}}"#);
    DescribeTableOutput::parse_response(200, [("x-amzn-requestid", "r")], body.as_bytes())
}

fn error(code: &str) -> Result<DescribeTableOutput, DescribeTableError> {
    let body = format!(r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{code}","message":"Requested resource not found"}}"#);
    DescribeTableOutput::parse_response(400, [("x-amzn-requestid", "r")], body.as_bytes())
}

#[test]
fn table_exists_succeeds_on_active_and_retries_while_the_table_is_missing() {
    let state = |result: Result<DescribeTableOutput, DescribeTableError>| TableExists::state(&input(), result.as_ref());
    assert_eq!(state(table("ACTIVE")), State::Success);
    assert_eq!(state(table("CREATING")), State::Retry);
    assert_eq!(state(table("UPDATING")), State::Retry);
    assert_eq!(state(error("ResourceNotFoundException")), State::Retry);
    assert_eq!(state(error("AccessDeniedException")), State::Failure, "an error no acceptor names ends the wait");
    assert_eq!(state(DescribeTableOutput::parse_response(200, [("a", "b")], b"{}")), State::Retry);
    assert_eq!((TableExists::MIN_DELAY, TableExists::MAX_DELAY), (Duration::from_secs(20), Duration::from_secs(120)));
}

#[test]
fn table_not_exists_succeeds_on_resource_not_found_only() {
    let state = |result: Result<DescribeTableOutput, DescribeTableError>| TableNotExists::state(&input(), result.as_ref());
    assert_eq!(state(error("ResourceNotFoundException")), State::Success);
    assert_eq!(state(table("DELETING")), State::Retry);
    assert_eq!(state(table("ACTIVE")), State::Retry);
    assert_eq!(state(error("InternalServerError")), State::Failure);
}

#[test]
fn table_exists_backoff_is_smithys() {
    let backoff = TableExists::backoff(Duration::from_secs(300));
    let ceilings: Vec<u64> = (1..=5).map(|n| backoff.ceiling(n).as_secs()).collect();
    assert_eq!(ceilings, [20, 40, 80, 120, 120]);
}

/// A transport that answers `DescribeTable` with `statuses` in turn, then `ACTIVE`.
fn describe(statuses: &'static [&'static str], calls: &Cell<usize>) -> impl Fn(Request) -> Result<Response, std::io::Error> {
    move |request: Request| {
        assert_eq!(request.header("x-amz-target"), Some("DynamoDB_20120810.DescribeTable"));
        let n = calls.get();
        calls.set(n + 1);
        let body = match statuses.get(n) {
            Some(&"missing") => r#"{"__type":"ResourceNotFoundException"}"#.to_owned(),
            Some(status) => format!(r#"{{"Table":{{"TableStatus":"{status}"}}}}"#),
            None => r#"{"Table":{"TableStatus":"ACTIVE"}}"#.to_owned(),
        };
        let status = if body.contains("__type") { 400 } else { 200 };
        Ok(Response { status, headers: Vec::new(), body: body.into_bytes() })
    }
}

#[test]
fn the_client_waits_until_success() {
    let calls = Cell::new(0);
    let client = Client::new(describe(&["ACTIVE"], &calls), Params::default().with_region("us-east-1"));
    let waited = client.wait_until_table_exists(&input(), Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(waited.attempts, 1);
    assert!(waited.last.is_ok_and(|o| o.table.is_some()));
    assert_eq!(calls.get(), 1);
}

#[test]
fn the_client_times_out_when_the_time_allowed_leaves_no_room_for_a_retry() {
    // 20 s between calls at least: within 15 s there is time for the first call only.
    let calls = Cell::new(0);
    let client = Client::new(describe(&["CREATING"; 3], &calls), Params::default().with_region("us-east-1"));
    let error = client.wait_until_table_exists(&input(), Duration::from_secs(15)).map(|_| ()).err();
    let Some(WaitError::TimedOut { attempts, last }) = error else { panic!("expected a timeout: {error:?}") };
    assert_eq!((attempts, calls.get()), (1, 1));
    assert!(last.is_ok());
}

#[test]
fn the_client_reports_the_failure_an_acceptor_gives() {
    let client = Client::new(
        |_: Request| -> Result<Response, std::io::Error> {
            Ok(Response { status: 400, headers: Vec::new(), body: br#"{"__type":"AccessDeniedException"}"#.to_vec() })
        },
        Params::default().with_region("us-east-1"),
    );
    let error = client.wait_until_table_exists(&input(), Duration::from_secs(60)).map(|_| ()).err();
    let Some(WaitError::Failure { attempts: 1, last }) = &error else { panic!("expected a failure: {error:?}") };
    assert!(last.is_err());
    assert_eq!(error.map(|e| e.to_string()).as_deref(), Some("the waiter failed after 1 call(s)"));
}

#[test]
fn table_not_exists_through_the_client() {
    let calls = Cell::new(0);
    let client = Client::new(describe(&["missing"], &calls), Params::default().with_region("us-east-1"));
    let waited = client.wait_until_table_not_exists(&input(), Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    assert!(waited.last.is_err(), "the success of TableNotExists is an error");
    assert_eq!(waited.attempts, 1);
}
