//! S3 requests, built by the generated crate and addressed by its endpoint rules, against what
//! a botocore client sends for the same parameters (`requests.txt`, recorded by `record.py`;
//! see there for what is left out). `tests/golden.rs` copies this file and the recording into
//! an S3 crate generated for the operations here and runs it; two of S3's responses with
//! customisations of their own are parsed at the end. Compared: the method, the host
//! (virtual-hosted style: the bucket is in it), the path and query, every header (checksums
//! included) and the body (XML too), byte for byte. The expected differences: the Smithy
//! model's URI of `PutObject` ends in the literal query `?x-id=PutObject`, which the crate sends
//! (as AWS's Rust SDK does) and botocore, whose model of S3 predates it, does not; and an XML
//! body's `Content-Type: application/xml`, which the crate sends (as the Smithy restXml
//! protocol tests require) and botocore does not.

mod recorded;

use s3::ProvideErrorMetadata;
use s3::endpoint::Params;
use s3::http::HttpRequest;
use s3::operation::Operation;
use s3::operation::copy_object::{CopyObjectError, CopyObjectInput};
use s3::operation::delete_objects::DeleteObjectsInput;
use s3::operation::head_object::{HeadObjectError, HeadObjectInput};
use s3::operation::list_objects_v2::ListObjectsV2Input;
use s3::operation::put_object::PutObjectInput;
use s3::operation::put_object_tagging::PutObjectTaggingInput;
use s3::types::{ChecksumAlgorithm, Delete, EncodingType, ObjectIdentifier, StorageClass, Tag, Tagging};

const RECORDED: &str = include_str!("requests.txt");

/// Checks `request` for `input`, sent to the endpoint the rules give in `us-west-2`; `x_id` is
/// the model's `x-id` query literal the request must end in, which botocore does not send, and
/// `xml` says the body is XML, whose `Content-Type: application/xml` botocore does not send.
fn check<I: Operation>(name: &str, input: &I, request: &HttpRequest, x_id: Option<&str>, xml: bool) {
    let params = input.endpoint_params(Params::default().with_region("us-west-2"));
    let endpoint = s3::endpoint::resolve(&params).expect("the rules give an endpoint");
    let url = request.url(endpoint.url());
    let rest = url.strip_prefix("https://").expect("an https endpoint");
    let (host, uri) = rest.split_at(rest.find('/').expect("a path"));
    assert_eq!(host, recorded::host(RECORDED, name), "{name}: host");
    let uri = match x_id {
        Some(x_id) => uri.strip_suffix(&format!("?x-id={x_id}")).unwrap_or_else(|| panic!("{name}: no x-id in {uri}")),
        None => uri,
    };
    let sent = recorded::Sent {
        method: request.method,
        uri,
        headers: request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect(),
        body: &request.body,
    };
    recorded::check_with(RECORDED, name, &sent, xml.then_some("application/xml"));
}

#[test]
fn put_object() {
    let input = PutObjectInput::builder()
        .bucket("amzn-s3-demo-bucket")
        .key("photos/2026/cat & dog.jpg")
        .body(b"hello world".to_vec())
        .content_type("image/jpeg")
        .metadata([("owner", "alice")])
        .storage_class(StorageClass::StandardIa)
        .tagging("project=blue")
        .build()
        .expect("every required member is set");
    check("put_object", &input, &input.to_request(), Some("PutObject"), false);
}

#[test]
fn list_objects_v2_page() {
    let input = ListObjectsV2Input::builder()
        .bucket("amzn-s3-demo-bucket")
        .encoding_type(EncodingType::Url)
        .max_keys(50)
        .prefix("photos/")
        .continuation_token("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        .start_after("photos/a")
        .build()
        .expect("every required member is set");
    check("list_objects_v2", &input, &input.to_request(), None, false);
}

#[test]
fn delete_objects() {
    let object = |key: &str| ObjectIdentifier::builder().key(key).build().expect("an object has a key");
    let delete = Delete::builder().objects([object("a.txt"), object("b/c & d.txt")]).quiet(true).build().expect("a delete has objects");
    let input = DeleteObjectsInput::builder()
        .bucket("amzn-s3-demo-bucket")
        .delete(delete)
        .build()
        .expect("every required member is set");
    check("delete_objects", &input, &input.to_request(), None, true);
}

#[test]
fn put_object_tagging() {
    let tag = |key: &str, value: &str| Tag::builder().key(key).value(value).build().expect("a tag has both");
    let tagging = Tagging::builder().tag_set([tag("project", "blue <sky>"), tag("team", "a&b")]).build().expect("a tag set");
    let input = PutObjectTaggingInput::builder()
        .bucket("amzn-s3-demo-bucket")
        .key("photos/cat.jpg")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .tagging(tagging)
        .build()
        .expect("every required member is set");
    check("put_object_tagging", &input, &input.to_request(), None, true);
}

/// S3's documented `InternalError` after a 200, as `CopyObject` may answer: the error, not an
/// output.
#[test]
fn a_copy_that_fails_after_its_200_is_the_error() {
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>656c76696e6727732072657175657374</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>"#;
    let error = CopyObjectInput::parse_response(200, [("x-amz-request-id", "656c76696e6727732072657175657374")], body)
        .expect_err("a 200 whose body is an <Error> is an error");
    assert!(matches!(error, CopyObjectError::Unhandled(_)), "{error:?}");
    assert_eq!(error.code(), Some("InternalError"));
    assert_eq!(error.message(), Some("We encountered an internal error. Please try again."));
    assert_eq!(error.status(), 200);
    assert_eq!(error.request_id(), Some("656c76696e6727732072657175657374"));
    let copied = br#"<CopyObjectResult><ETag>"9b2cf535f27731c974343645a3985328"</ETag><LastModified>2026-12-07T12:00:00.000Z</LastModified></CopyObjectResult>"#;
    let output = CopyObjectInput::parse_response(200, [("x-amz-request-id", "r2")], copied).expect("a copy result");
    assert_eq!(output.copy_object_result.and_then(|r| r.e_tag).as_deref(), Some("\"9b2cf535f27731c974343645a3985328\""));
}

/// `HeadObject` for a key that does not exist: a 404 with no body, and S3's request id header.
#[test]
fn a_head_of_a_missing_key_is_not_found() {
    let error = HeadObjectInput::parse_response(404, [("x-amz-request-id", "4442587FB7D0A2F9"), ("Content-Length", "0")], b"")
        .expect_err("a 404");
    assert!(matches!(error, HeadObjectError::NotFound(_)), "{error:?}");
    assert_eq!(error.status(), 404);
    assert_eq!(error.request_id(), Some("4442587FB7D0A2F9"));
}
