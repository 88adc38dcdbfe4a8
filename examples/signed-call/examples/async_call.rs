//! Calls CloudTrail's `DescribeTrails` from async code, signed with the credentials of the
//! environment: `cargo run -p signed-call --example async_call -- [ENDPOINT_URL]` (an endpoint
//! such as `http://127.0.0.1:5000` for a local server; AWS's own needs the `tls` feature).

use cloudtrail::client::Client;
use cloudtrail::endpoint::Params;
use cloudtrail::operation::describe_trails::DescribeTrailsInput;
use signed_call::asynchronous::{block_on, call_cloudtrail};
use signed_call::{Http, SigV4};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let signer = SigV4::from_env().ok_or("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")?;
    let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_owned());
    let mut params = Params::default().with_region(region);
    if let Some(url) = std::env::args().nth(1) {
        params = params.with_endpoint(url);
    }
    let client = Client::new(Http::new(), params).with_signer(signer);
    let trails = block_on(call_cloudtrail(&client, &DescribeTrailsInput::builder().build()?))?;
    for trail in trails.trail_list.iter().flatten() {
        println!("{}", trail.name.as_deref().unwrap_or("(no name)"));
    }
    Ok(())
}
