#!/usr/bin/env python3
"""Records what botocore sends for the service customisations tests/golden.rs checks.

Run from this directory with botocore installed (`pip install botocore`):

    python3 record.py > requests.txt

Unlike ../lambda/record.py, the requests here go through a whole botocore client, because
the customisations live in its event handlers (Glacier's API version header and default
account id, API Gateway's Accept header), not in its serializer. The request is captured just
before it would be sent, and answered with an empty 200. The headers signing and the client add
(Authorization, X-Amz-Date, X-Amz-Content-SHA256, User-Agent, amz-sdk-*) are left out: they are
not the protocol's. The cases' parameters are written again in Rust in golden.rs.
"""

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse

CASES = [
    ("glacier_list_vaults", "glacier", "list_vaults", {}),
    ("glacier_describe_vault", "glacier", "describe_vault", {"accountId": "123456789012", "vaultName": "my vault"}),
    ("api_gateway_get_rest_apis", "apigateway", "get_rest_apis", {"limit": 25}),
]

LEFT_OUT = {"authorization", "x-amz-date", "x-amz-content-sha256", "user-agent", "amz-sdk-invocation-id", "amz-sdk-request"}


class Captured(Exception):
    pass


def main():
    session = botocore.session.get_session()
    print(f"# Recorded by record.py with botocore {botocore.__version__}.")
    for name, service, method, params in CASES:
        endpoint = f"https://{service}.us-east-1.amazonaws.com"
        client = session.create_client(
            service, region_name="us-east-1", endpoint_url=endpoint,
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        )
        seen = []

        def before_send(request, **_):
            seen.append(request)
            return AWSResponse(request.url, 200, {}, None)

        client.meta.events.register("before-send", before_send)
        try:
            getattr(client, method)(**params)
        except Exception:
            pass  # The empty response may not parse; the request is what counts.
        request = seen[0]
        print(f"== {name}")
        print(f"method {request.method}")
        print(f"uri {request.url[len(endpoint):]}")
        for key in sorted(request.headers.keys(), key=str.lower):
            if key.lower() not in LEFT_OUT:
                value = request.headers[key]
                value = value.decode() if isinstance(value, bytes) else value
                print(f"header {key.lower()}: {value}")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        print(f"body {body.hex()}")


if __name__ == "__main__":
    main()
