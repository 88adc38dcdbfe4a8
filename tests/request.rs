//! Requests the generated StartImport crate builds: the golden body byte for byte, the headers,
//! and the rules for absent, empty and required members.

use cloudtrail_start_import::error::BuildError;
use cloudtrail_start_import::operation::start_import::{self, StartImportInput};
use cloudtrail_start_import::primitives::Timestamp;
use cloudtrail_start_import::types::{ImportSource, S3ImportSource};

const ARN: &str = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";

fn golden_input() -> StartImportInput {
    let s3 = S3ImportSource::builder()
        .s3_location_uri("s3://amzn-s3-demo-bucket/AWSLogs/123456789012/CloudTrail/")
        .s3_bucket_region("us-east-1")
        .s3_bucket_access_role_arn("arn:aws:iam::123456789012:role/service-role/CloudTrailImportRole")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    StartImportInput::builder()
        .destinations([ARN])
        .import_source(ImportSource::builder().s3(s3).build().unwrap_or_else(|e| panic!("{e}")))
        .start_event_time("2023-01-01T00:00:00Z".parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}")))
        .end_event_time("2023-01-02T00:00:00.5Z".parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}")))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn golden_body_is_byte_identical() {
    let golden = std::fs::read(tests::shared().join("golden/start-import-request-body.json"))
        .unwrap_or_else(|e| panic!("cannot read the golden body: {e}"));
    assert_eq!(golden.len(), 389);
    let request = golden_input().to_request();
    assert_eq!(String::from_utf8_lossy(&request.body), String::from_utf8_lossy(&golden));
    assert_eq!(request.body, golden);
}

#[test]
fn request_line_and_headers() {
    let request = golden_input().to_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "/");
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    assert_eq!(
        headers,
        [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "CloudTrail_20131101.StartImport"),
            ("Content-Length", "389"),
        ]
    );
    // What the operation always sends is borrowed: building the headers allocates only the length.
    let owned = request.headers.iter().filter(|(k, v)| matches!(k, std::borrow::Cow::Owned(_)) || matches!(v, std::borrow::Cow::Owned(_)));
    assert_eq!(owned.count(), 1);
    assert_eq!(request.header("x-amz-target"), Some("CloudTrail_20131101.StartImport"));
    assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(request.header("host"), None);
    assert_eq!(start_import::TARGET, "CloudTrail_20131101.StartImport");
    assert_eq!(start_import::OPERATION_NAME, "StartImport");
}

/// What a client needs beside the request, from the model's `aws.auth#sigv4`, `aws.api#service`
/// and `version`.
#[test]
fn the_service_facts_are_constants() {
    assert_eq!(cloudtrail_start_import::SIGNING_NAME, "cloudtrail");
    assert_eq!(cloudtrail_start_import::SDK_ID, "CloudTrail");
    assert_eq!(cloudtrail_start_import::API_VERSION, "2013-11-01");
    assert_eq!(cloudtrail_start_import::ENDPOINT_PREFIX, "cloudtrail");
}

#[test]
fn write_body_appends_to_the_callers_buffer() {
    let input = golden_input();
    let mut buffer = Vec::with_capacity(1024);
    buffer.extend_from_slice(b"prefix:");
    let capacity = buffer.capacity();
    input.write_body(&mut buffer);
    assert_eq!(buffer.capacity(), capacity, "no reallocation when the buffer is big enough");
    assert_eq!(&buffer[..7], b"prefix:");
    assert_eq!(&buffer[7..], &input.to_request().body[..]);
}

fn body(input: &StartImportInput) -> String {
    String::from_utf8(input.to_request().body).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn empty_input_is_an_empty_object() {
    let input = StartImportInput::builder().build().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&input), "{}");
    assert_eq!(input.to_request().header("Content-Length"), Some("2"));
}

#[test]
fn absent_members_are_omitted_and_empty_lists_are_sent() {
    let input = StartImportInput::builder()
        .destinations(Vec::<String>::new())
        .import_id("b4e1a2c3-5d6f-4a7b-8c9d-0e1f2a3b4c5d")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&input), r#"{"Destinations":[],"ImportId":"b4e1a2c3-5d6f-4a7b-8c9d-0e1f2a3b4c5d"}"#);
    let cleared = StartImportInput::builder()
        .import_id("x")
        .set_import_id(None)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&cleared), "{}");
}

#[test]
fn members_follow_model_order_whatever_the_builder_order() {
    let input = StartImportInput::builder()
        .import_id("id")
        .end_event_time(Timestamp::from_secs(2))
        .start_event_time(Timestamp::from_secs(1))
        .destinations(["d"])
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&input), r#"{"Destinations":["d"],"StartEventTime":1,"EndEventTime":2,"ImportId":"id"}"#);
}

#[test]
fn timestamps_are_written_exactly() {
    let cases = [
        (Timestamp::from_secs(0), "0"),
        (Timestamp::from_millis(-1500), "-1.5"),
        (Timestamp::from_millis(-500), "-0.5"),
        (Timestamp::from_secs_and_nanos(1_700_000_000, 123_000_000).unwrap_or_default(), "1700000000.123"),
        (Timestamp::from_secs_and_nanos(1, 1).unwrap_or_default(), "1.000000001"),
        (Timestamp::from_secs(-62_135_596_800), "-62135596800"),
    ];
    for (ts, expected) in cases {
        let input = StartImportInput::builder().start_event_time(ts).build().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body(&input), format!(r#"{{"StartEventTime":{expected}}}"#), "{ts:?}");
    }
}

#[test]
fn strings_are_escaped_like_the_aws_sdks() {
    let input = StartImportInput::builder()
        .import_id("q\"b\\s/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é😀")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&input), "{\"ImportId\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}é😀\"}");
    // serde_json agrees on the escaping byte for byte.
    let value = serde_json::json!({"ImportId": "q\"b\\s/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é😀"});
    assert_eq!(body(&input), value.to_string());
}

#[test]
fn required_members_are_named_when_missing() {
    let err = S3ImportSource::builder().s3_location_uri("s3://b/").s3_bucket_region("us-east-1").build();
    let err: BuildError = err.expect_err("S3BucketAccessRoleArn is required");
    assert_eq!(err.shape(), "S3ImportSource");
    assert_eq!(err.member(), "S3BucketAccessRoleArn");
    assert_eq!(err.to_string(), "cannot build S3ImportSource: required member `S3BucketAccessRoleArn` is not set");
    let err = ImportSource::builder().build().expect_err("S3 is required");
    assert_eq!(err.to_string(), "cannot build ImportSource: required member `S3` is not set");
}

#[test]
fn constraints_are_not_checked_when_building() {
    // Two destinations and a short id break the model's constraints; building still works, so a
    // service that relaxes a limit never breaks this client.
    let input = StartImportInput::builder()
        .destinations(["a", "b"])
        .import_id("short")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(&input), r#"{"Destinations":["a","b"],"ImportId":"short"}"#);
}

#[test]
fn unknown_enum_values_are_sent_back_unchanged() {
    use cloudtrail_start_import::types::ImportStatus;
    let status = ImportStatus::from("SOMETHING_NEW");
    assert!(matches!(status, ImportStatus::Unknown(_)));
    assert_eq!(status.as_str(), "SOMETHING_NEW");
    assert_eq!(status.to_string(), "SOMETHING_NEW");
    assert_eq!(ImportStatus::from("COMPLETED"), ImportStatus::Completed);
    assert_eq!(ImportStatus::from(String::from("IN_PROGRESS")), ImportStatus::InProgress);
    assert_eq!("FAILED".parse::<ImportStatus>(), Ok(ImportStatus::Failed));
    assert_eq!(ImportStatus::VALUES, ["INITIALIZING", "IN_PROGRESS", "FAILED", "STOPPED", "COMPLETED"]);
    // The output's serializer is not generated (responses are only parsed), so round-trip the
    // value through the response parser and its `as_str`.
    let output = start_import::StartImportOutput::parse_response(
        200,
        [("x", "y")],
        br#"{"ImportStatus":"SOMETHING_NEW"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.import_status.as_ref().map(ImportStatus::as_str), Some("SOMETHING_NEW"));
    assert_eq!(output.import_status, Some(status));
}

#[test]
fn urls_join_the_endpoint_and_the_uri() {
    let request = golden_input().to_request();
    assert_eq!(request.host_prefix, None);
    assert_eq!(request.url("https://cloudtrail.us-east-1.amazonaws.com"), "https://cloudtrail.us-east-1.amazonaws.com/");
    assert_eq!(request.url("http://localhost:4566/"), "http://localhost:4566/");
    assert_eq!(request.url("https://proxy.example.com/aws/cloudtrail"), "https://proxy.example.com/aws/cloudtrail/");
}

#[test]
fn bodies_are_not_compressed_when_the_operation_does_not_ask() {
    use cloudtrail_start_import::http::RequestOptions;
    let input = StartImportInput::builder().import_id("x".repeat(20_000)).build().unwrap_or_else(|e| panic!("{e}"));
    let request = input.to_request_with(&RequestOptions::default().request_min_compression_size_bytes(0));
    assert_eq!(request.header("Content-Encoding"), None);
    assert_eq!(request.body.len(), 20_015);
}

/// One generic function sends any operation: the `Operation` trait, implemented by each
/// input, builds the request and parses the response as the inherent methods do.
#[test]
fn one_generic_send_for_every_operation() {
    use cloudtrail_start_import::ProvideErrorMetadata;
    use cloudtrail_start_import::operation::Operation;

    fn send<I: Operation>(input: &I, status: u16, body: &str) -> Result<I::Output, I::Error> {
        input.validate().unwrap_or_else(|e| panic!("{e}"));
        let request = input.to_request();
        assert_eq!(request.header("x-amz-target"), Some("CloudTrail_20131101.StartImport"));
        I::parse_response(status, [("x-amzn-requestid", "r-1")], body.as_bytes())
    }

    let input = golden_input();
    assert_eq!(<StartImportInput as Operation>::NAME, "StartImport");
    assert_eq!(Operation::to_request(&input), input.to_request());
    let output = send(&input, 200, r#"{"ImportId":"i-1"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.import_id.as_deref(), Some("i-1"));
    let error = send(&input, 400, r#"{"__type":"ThrottlingException","Message":"slow"}"#).unwrap_err();
    assert_eq!((error.code(), error.request_id()), (Some("ThrottlingException"), Some("r-1")));
    assert_eq!(error.retry_kind(), Some(cloudtrail_start_import::RetryKind::Throttling));
    let service_wide: cloudtrail_start_import::Error = error.into();
    assert_eq!(service_wide.code(), Some("ThrottlingException"));
}

/// With the `http` feature, a request becomes an `http::Request` for any client built on the
/// `http` crate, and a response parses from an `http::Response`.
#[test]
fn http_crate_interop() {
    use cloudtrail_start_import::operation::Operation;
    use cloudtrail_start_import::operation::start_import::StartImportError;

    let input = golden_input();
    let request = input.to_request();
    let http_request = request.clone().into_http("https://cloudtrail.us-east-1.amazonaws.com").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(http_request.method(), "POST");
    assert_eq!(http_request.uri(), "https://cloudtrail.us-east-1.amazonaws.com/");
    assert_eq!(http_request.headers()["x-amz-target"], "CloudTrail_20131101.StartImport");
    assert_eq!(http_request.headers()["content-length"], "389");
    assert_eq!(http_request.headers().len(), request.headers.len());
    assert_eq!(http_request.body(), &request.body);
    assert!(request.into_http("not a uri").is_err(), "a bad endpoint is an error, not a panic");

    let response = http::Response::builder()
        .status(200)
        .header("X-Amzn-RequestId", "r-2")
        .body(br#"{"ImportId":"i-2"}"#.to_vec())
        .unwrap_or_else(|e| panic!("{e}"));
    let output = StartImportInput::parse_http_response(&response).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.import_id.as_deref(), Some("i-2"));
    let response = http::Response::builder()
        .status(400)
        .header("x-amzn-requestid", "r-3")
        .body(&br#"{"__type":"InvalidParameterException","Message":"bad"}"#[..])
        .unwrap_or_else(|e| panic!("{e}"));
    let Err(StartImportError::InvalidParameterException(e)) = StartImportInput::parse_http_response(&response) else {
        panic!("not the modeled error")
    };
    assert_eq!((e.message.as_deref(), e.meta().request_id(), e.meta().status()), (Some("bad"), Some("r-3"), 400));
}
