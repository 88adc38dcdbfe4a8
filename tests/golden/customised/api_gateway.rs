//! API Gateway's customisation (see `codegen/src/lower/customise.rs`) against what botocore
//! sends (`requests.txt`, recorded by `record.py`): `Accept: application/json` on every request,
//! unless a member sets `Accept`.

mod recorded;

use api_gateway::http::HttpRequest;
use api_gateway::operation::get_export::GetExportInput;
use api_gateway::operation::get_rest_apis::GetRestApisInput;

const RECORDED: &str = include_str!("requests.txt");

fn check(name: &str, request: &HttpRequest) {
    let sent = recorded::Sent {
        method: request.method,
        uri: &request.uri,
        headers: request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect(),
        body: &request.body,
    };
    recorded::check(RECORDED, name, &sent, false);
}

#[test]
fn every_request_accepts_json() {
    let input = GetRestApisInput::builder().limit(25).build().expect("nothing is required");
    check("api_gateway_get_rest_apis", &input.to_request());
}

#[test]
fn a_member_bound_to_accept_wins() {
    let input = GetExportInput::builder()
        .rest_api_id("a1b2c3")
        .stage_name("prod")
        .export_type("oas30")
        .accepts("application/yaml")
        .build()
        .expect("every required member is set");
    let request = input.to_request();
    let accept: Vec<&str> =
        request.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("accept")).map(|(_, v)| v.as_ref()).collect();
    assert_eq!(accept, ["application/yaml"]);
}
