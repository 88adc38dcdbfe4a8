#!/usr/bin/env python3
"""Records what botocore sends for the Lambda requests of tests/golden.rs.

Run from this directory with botocore installed (`pip install botocore`):

    python3 record.py > requests.txt

Each case is serialized by botocore's own rest-json serializer and prepared as botocore
prepares a request before signing it (`prepare_request_dict`, `AWSRequest.prepare`): the method,
the path and query as sent, every header, the body as hex, and a JSON body without the
whitespace botocore puts in it. Signing, the user agent and the
retry headers are added later by botocore's handlers and are not part of the protocol. The
cases' parameters are written again in Rust in tests/golden/lambda/golden.rs; keep them alike.
"""

import json

import botocore
import botocore.serialize
import botocore.session
from botocore.awsrequest import create_request_object, prepare_request_dict

ENDPOINT = "https://lambda.us-east-1.amazonaws.com"

CASES = [
    # Invoke: a label, a query parameter, three headers and a blob payload.
    ("invoke", "Invoke", {
        "FunctionName": "my-function",
        "InvocationType": "RequestResponse",
        "LogType": "Tail",
        "ClientContext": "eyJjdXN0b20iOnt9fQ==",
        "Payload": b'{"key": "value"}',
        "Qualifier": "1",
    }),
    # Invoke with nothing but the function: no headers, no body.
    ("invoke_minimal", "Invoke", {"FunctionName": "my-function"}),
    # A JSON body beside a label: members in the model's order, as the Rust SDK writes them.
    ("update_function_configuration", "UpdateFunctionConfiguration", {
        "FunctionName": "my-function",
        "Timeout": 30,
        "MemorySize": 256,
        "Environment": {"Variables": {"STAGE": "prod"}},
    }),
    # An ARN as the label: its colons are percent-encoded.
    ("get_function", "GetFunction", {
        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "Qualifier": "$LATEST",
    }),
    # The first page: no query at all.
    ("list_functions", "ListFunctions", {}),
    # A later page: the marker of the previous page, with characters the query must encode.
    ("list_functions_page", "ListFunctions", {
        "MasterRegion": "ALL",
        "FunctionVersion": "ALL",
        "Marker": "eyJNYXJrZXIiOiBudWxsfQ==/+",
        "MaxItems": 50,
    }),
]


def main():
    session = botocore.session.get_session()
    model = session.get_service_model("lambda")
    serializer = botocore.serialize.create_serializer(model.metadata["protocol"], include_validation=True)
    print(f"# Recorded by record.py with botocore {botocore.__version__} ({model.metadata['protocol']}).")
    for name, operation, params in CASES:
        request_dict = serializer.serialize_to_request(params, model.operation_model(operation))
        prepare_request_dict(request_dict, endpoint_url=ENDPOINT)
        request = create_request_object(request_dict).prepare()
        print(f"== {name}")
        print(f"method {request.method}")
        print(f"uri {request.url[len(ENDPOINT):]}")
        for key in sorted(request.headers.keys(), key=str.lower):
            print(f"header {key.lower()}: {request.headers[key]}")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        print(f"body {body.hex()}")
        # botocore writes JSON with spaces after `:` and `,`; the Rust SDK writes it compact,
        # members in the same order. The compact text is what the Rust test compares.
        if request.headers.get("Content-Type") == "application/json":
            print(f"json {json.dumps(json.loads(body), separators=(',', ':'), ensure_ascii=False)}")


if __name__ == "__main__":
    main()
