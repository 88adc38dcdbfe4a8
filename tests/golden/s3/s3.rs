//! S3 requests, built by the generated crate and addressed by its endpoint rules, against what
//! a botocore client sends for the same parameters (`requests.txt`, recorded by `record.py`;
//! see there for what is left out). `tests/golden.rs` copies this file and the recording into
//! an S3 crate generated for the operations here and runs it. Compared: the method, the host
//! (virtual-hosted style: the bucket is in it), the path and query, every header (checksums
//! included) and the body (XML too), byte for byte. The expected differences: the Smithy
//! model's URI of `PutObject` ends in the literal query `?x-id=PutObject`, which the crate sends
//! (as AWS's Rust SDK does) and botocore, whose model of S3 predates it, does not; and an XML
//! body's `Content-Type: application/xml`, which the crate sends (as the Smithy restXml
//! protocol tests require) and botocore does not.

mod recorded;

use s3::endpoint::Params;
use s3::http::HttpRequest;
use s3::operation::Operation;
use s3::operation::delete_objects::DeleteObjectsInput;
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
