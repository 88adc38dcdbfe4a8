//! STS requests, built by the generated crate, against what botocore sends for the same
//! parameters (`requests.txt`, recorded by `record.py`; see there). `tests/golden.rs` copies
//! this file and the recording into an STS crate generated for `AssumeRole` and runs it.
//! Compared: the method, the path, every header and the form body byte for byte; the one
//! expected difference is botocore's `; charset=utf-8` after the form's `Content-Type`.

mod recorded;

use sts::http::HttpRequest;
use sts::operation::assume_role::AssumeRoleInput;
use sts::types::{PolicyDescriptorType, Tag};

const RECORDED: &str = include_str!("requests.txt");

fn check(name: &str, request: &HttpRequest) {
    let sent = recorded::Sent {
        method: request.method,
        uri: &request.uri,
        headers: request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect(),
        body: &request.body,
    };
    recorded::check_form(RECORDED, name, &sent);
}

#[test]
fn assume_role() {
    let tag = |key: &str, value: &str| Tag::builder().key(key).value(value).build().expect("a tag has both");
    let input = AssumeRoleInput::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("session-1")
        .policy_arns([
            PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build(),
            PolicyDescriptorType::builder().arn("arn:aws:iam::123456789012:policy/extra").build(),
        ])
        .policy(r#"{"Version": "2012-10-17", "Statement": []}"#)
        .duration_seconds(3600)
        .tags([tag("Project", "blue sky"), tag("Team", "a=b&c")])
        .transitive_tag_keys(["Project"])
        .external_id("ext~id_1.2-3")
        .build()
        .expect("every required member is set");
    check("assume_role", &input.to_request());
}

#[test]
fn assume_role_minimal() {
    let input = AssumeRoleInput::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s2")
        .build()
        .expect("every required member is set");
    check("assume_role_minimal", &input.to_request());
}
