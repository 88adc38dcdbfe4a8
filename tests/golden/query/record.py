#!/usr/bin/env python3
"""Records what botocore sends for the awsQuery requests of tests/golden.rs (STS, IAM, SNS).

Run from this directory with botocore installed (`pip install botocore`):

    python3 record.py > requests.txt

Each case is serialized by botocore's own query serializer and prepared as botocore prepares a
request before signing it (`prepare_request_dict`, `AWSRequest.prepare`): the method, the path
and query as sent, every header, and the form body as hex. Signing, the user agent and the retry
headers are added later by botocore's handlers and are not part of the protocol. The cases'
parameters are written again in Rust in tests/golden/query/*.rs; keep them alike. A map's
entries are given in key order, the order the Rust crates keep maps in.
"""

import datetime

import botocore
import botocore.serialize
import botocore.session
from botocore.awsrequest import create_request_object, prepare_request_dict

CASES = [
    # STS AssumeRole: strings, an integer, a list of structures, a list of strings, and
    # characters the form must encode (ARNs' colons and slashes, a space, `=`).
    ("sts", "assume_role", "AssumeRole", {
        "RoleArn": "arn:aws:iam::123456789012:role/demo",
        "RoleSessionName": "session-1",
        "PolicyArns": [
            {"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
            {"arn": "arn:aws:iam::123456789012:policy/extra"},
        ],
        "Policy": '{"Version": "2012-10-17", "Statement": []}',
        "DurationSeconds": 3600,
        "Tags": [{"Key": "Project", "Value": "blue sky"}, {"Key": "Team", "Value": "a=b&c"}],
        "TransitiveTagKeys": ["Project"],
        "ExternalId": "ext~id_1.2-3",
    }),
    # STS AssumeRole with the required members alone.
    ("sts", "assume_role_minimal", "AssumeRole", {
        "RoleArn": "arn:aws:iam::123456789012:role/demo",
        "RoleSessionName": "s2",
    }),
    # IAM ListUsers, the first page: no member at all.
    ("iam", "list_users", "ListUsers", {}),
    # IAM ListUsers, a later page: the marker of the previous one, and a page size.
    ("iam", "list_users_page", "ListUsers", {
        "PathPrefix": "/division_abc/",
        "Marker": "AAEAAQAAABo+/AbCdEfG==",
        "MaxItems": 100,
    }),
    # SNS Publish with message attributes: a map whose entries are `Name` and `Value`, and
    # values of each data type (a binary one base64-encoded), non-ASCII text.
    ("sns", "publish", "Publish", {
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:my-topic",
        "Message": "Hello, world! Grüße ✓",
        "Subject": "Greetings",
        "MessageAttributes": {
            "count": {"DataType": "Number", "StringValue": "42"},
            "payload": {"DataType": "Binary", "BinaryValue": b"\x00\x01binary\xff"},
            "store": {"DataType": "String", "StringValue": "example corp"},
        },
        "MessageGroupId": "group-1",
    }),
]

ENDPOINTS = {
    "sts": "https://sts.us-east-1.amazonaws.com",
    "iam": "https://iam.amazonaws.com",
    "sns": "https://sns.us-east-1.amazonaws.com",
}


def main():
    session = botocore.session.get_session()
    print(f"# Recorded by record.py with botocore {botocore.__version__} (query).")
    for service, name, operation, params in CASES:
        model = session.get_service_model(service)
        serializer = botocore.serialize.create_serializer(model.metadata["protocol"], include_validation=True)
        endpoint = ENDPOINTS[service]
        request_dict = serializer.serialize_to_request(params, model.operation_model(operation))
        prepare_request_dict(request_dict, endpoint_url=endpoint)
        request = create_request_object(request_dict).prepare()
        print(f"== {name}")
        print(f"method {request.method}")
        print(f"uri {request.url[len(endpoint):]}")
        for key in sorted(request.headers.keys(), key=str.lower):
            print(f"header {key.lower()}: {request.headers[key]}")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        print(f"body {body.hex()}")


if __name__ == "__main__":
    main()
