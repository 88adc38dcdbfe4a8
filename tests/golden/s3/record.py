#!/usr/bin/env python3
"""Records what botocore sends for the S3 requests of tests/golden.rs (PutObject, ListObjectsV2).

Run from this directory with botocore installed (`pip install botocore`):

    python3 record.py > requests.txt

Unlike the other recordings, these go through a whole botocore client (with made-up
credentials), as S3's addressing is the client's: the bucket moves from the path to the host
(virtual-hosted style) by the endpoint rules. Each request is caught as the client is about to
send it (`before-send`), and nothing is sent. Recorded: the method, the host, the path and query,
the headers and the body as hex. Left out, as they are not the protocol's: the signature and
what it signs (`Authorization`, `X-Amz-Date`, `X-Amz-Content-SHA256`), the user agent and the
retry headers (`User-Agent`, `amz-sdk-invocation-id`, `amz-sdk-request`), and botocore's
`Expect: 100-continue` on uploads (a transport setting of its own). Request checksums are
calculated only when the operation requires one (`request_checksum_calculation`), as the
generated crate does not calculate S3's flexible checksums yet (see the README); botocore would
otherwise send the body as an `aws-chunked` stream with a CRC32 trailer. ListObjectsV2 sets
`EncodingType` itself: botocore asks for `url` when the caller does not, and decodes the keys.
The cases' parameters are written again in Rust in tests/golden/s3/s3.rs; keep them alike.
"""

import botocore
import botocore.config
import botocore.session
from botocore.awsrequest import AWSResponse

LEFT_OUT = {
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "expect",
}

CASES = [
    # PutObject: a key with `/`, a space and `&` (a greedy label), a blob payload with its own
    # Content-Type, user metadata (prefix headers), and enum and string headers.
    ("put_object", "put_object", {
        "Bucket": "amzn-s3-demo-bucket",
        "Key": "photos/2026/cat & dog.jpg",
        "Body": b"hello world",
        "ContentType": "image/jpeg",
        "Metadata": {"owner": "alice"},
        "StorageClass": "STANDARD_IA",
        "Tagging": "project=blue",
    }),
    # DeleteObjects: an XML payload in the service's namespace, a list flattened into it, and a
    # checksum the operation requires (CRC32, as none is picked).
    ("delete_objects", "delete_objects", {
        "Bucket": "amzn-s3-demo-bucket",
        "Delete": {"Objects": [{"Key": "a.txt"}, {"Key": "b/c & d.txt"}], "Quiet": True},
    }),
    # PutObjectTagging with the checksum algorithm picked: SHA-256.
    ("put_object_tagging", "put_object_tagging", {
        "Bucket": "amzn-s3-demo-bucket",
        "Key": "photos/cat.jpg",
        "ChecksumAlgorithm": "SHA256",
        "Tagging": {"TagSet": [{"Key": "project", "Value": "blue <sky>"}, {"Key": "team", "Value": "a&b"}]},
    }),
    # ListObjectsV2, a later page: query members, a continuation token that needs encoding.
    # botocore writes query parameters in the order the caller gives them; these are in the
    # model's order, which the crate writes them in.
    ("list_objects_v2", "list_objects_v2", {
        "Bucket": "amzn-s3-demo-bucket",
        "EncodingType": "url",
        "MaxKeys": 50,
        "Prefix": "photos/",
        "ContinuationToken": "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
        "StartAfter": "photos/a",
    }),
]


class _Raw:
    def stream(self, **_):
        return iter([b""])


def main():
    session = botocore.session.get_session()
    config = botocore.config.Config(request_checksum_calculation="when_required")
    client = session.create_client(
        "s3", region_name="us-west-2", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", config=config
    )
    caught = []

    def before_send(request, **_):
        caught.append(request)
        return AWSResponse(request.url, 200, {}, _Raw())

    client.meta.events.register("before-send", before_send)
    print(f"# Recorded by record.py with botocore {botocore.__version__} (S3, restXml).")
    for name, method, params in CASES:
        caught.clear()
        try:
            getattr(client, method)(**params)
        except Exception:  # the empty response parses as nothing; the request is caught
            pass
        request = caught[0]
        scheme, rest = request.url.split("://", 1)
        host, _, path = rest.partition("/")
        print(f"== {name}")
        print(f"method {request.method}")
        print(f"host {host}")
        print(f"uri /{path}")
        for key in sorted(request.headers.keys(), key=str.lower):
            if key.lower() in LEFT_OUT:
                continue
            value = request.headers[key]
            if isinstance(value, bytes):
                value = value.decode()
            print(f"header {key.lower()}: {value}")
        body = request.body or b""
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        print(f"body {body.hex()}")


if __name__ == "__main__":
    main()
