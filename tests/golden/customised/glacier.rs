//! Glacier's customisations (see `codegen/src/lower/customise.rs`) against what botocore sends
//! (`requests.txt`, recorded by `record.py`): the API version header on every request, and `-`
//! for an `accountId` left unset.

mod recorded;

use glacier::http::HttpRequest;
use glacier::operation::describe_vault::DescribeVaultInput;
use glacier::operation::list_vaults::ListVaultsInput;

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
fn an_account_left_unset_is_the_signers() {
    let input = ListVaultsInput::builder().build().expect("accountId may be left unset");
    check("glacier_list_vaults", &input.to_request());
}

#[test]
fn an_account_given_is_sent() {
    let input = DescribeVaultInput::builder()
        .account_id("123456789012")
        .vault_name("my vault")
        .build()
        .expect("every required member is set");
    check("glacier_describe_vault", &input.to_request());
    let err = DescribeVaultInput::builder().build().expect_err("vaultName is still required");
    assert!(err.to_string().contains("vaultName"), "{err}");
}
