//! S3 requests, built by the generated crate and addressed by its endpoint rules, against what
//! a botocore client sends for the same parameters (`requests.txt`, recorded by `record.py`;
//! see there for what is left out). `tests/golden.rs` copies this file and the recording into
//! an S3 crate generated for `PutObject` and `ListObjectsV2` and runs it. Compared: the method,
//! the host (virtual-hosted style: the bucket is in it), the path and query, every header and
//! the body, byte for byte. The one expected difference: the Smithy model's URI of `PutObject`
//! ends in the literal query `?x-id=PutObject`, which the crate sends (as AWS's Rust SDK does)
//! and botocore, whose model of S3 predates it, does not.

mod recorded;

use s3::endpoint::Params;
use s3::http::HttpRequest;
use s3::operation::Operation;
use s3::operation::list_objects_v2::ListObjectsV2Input;
use s3::operation::put_object::PutObjectInput;
use s3::types::{EncodingType, StorageClass};

const RECORDED: &str = include_str!("requests.txt");

/// Checks `request` for `input`, sent to the endpoint the rules give in `us-west-2`; `x_id` is
/// the model's `x-id` query literal the request must end in, which botocore does not send.
fn check<I: Operation>(name: &str, input: &I, request: &HttpRequest, x_id: Option<&str>) {
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
    recorded::check(RECORDED, name, &sent, false);
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
    check("put_object", &input, &input.to_request(), Some("PutObject"));
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
    check("list_objects_v2", &input, &input.to_request(), None);
}
