//! SNS requests, built by the generated crate, against what botocore sends for the same
//! parameters (`requests.txt`, recorded by `record.py`; see there). `tests/golden.rs` copies
//! this file and the recording into an SNS crate generated for `Publish` and runs it.
//! Compared: the method, the path, every header and the form body byte for byte; the one
//! expected difference is botocore's `; charset=utf-8` after the form's `Content-Type`.

mod recorded;

use sns::http::HttpRequest;
use sns::operation::publish::{PublishInput, PublishOutput};
use sns::types::MessageAttributeValue;

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
fn publish_with_message_attributes() {
    let text = |data_type: &str, value: &str| {
        MessageAttributeValue::builder().data_type(data_type).string_value(value).build().expect("a data type is set")
    };
    let binary = MessageAttributeValue::builder()
        .data_type("Binary")
        .binary_value(b"\x00\x01binary\xff".to_vec())
        .build()
        .expect("a data type is set");
    let input = PublishInput::builder()
        .topic_arn("arn:aws:sns:us-east-1:123456789012:my-topic")
        .message("Hello, world! Grüße ✓")
        .subject("Greetings")
        .message_attributes([
            ("count".to_owned(), text("Number", "42")),
            ("payload".to_owned(), binary),
            ("store".to_owned(), text("String", "example corp")),
        ])
        .message_group_id("group-1")
        .build()
        .expect("every required member is set");
    check("publish", &input.to_request());
    let body = br#"<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult>
    <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId>
    <SequenceNumber>10000000000000003000</SequenceNumber>
  </PublishResult>
  <ResponseMetadata>
    <RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId>
  </ResponseMetadata>
</PublishResponse>"#;
    let output = PublishOutput::parse_response(200, [("content-type", "text/xml")], body).expect("the response parses");
    assert_eq!(output.message_id.as_deref(), Some("567910cd-659e-55d4-8ccb-5aaf14679dc0"));
    assert_eq!(output.sequence_number.as_deref(), Some("10000000000000003000"));
}
