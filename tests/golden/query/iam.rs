//! IAM requests, built by the generated crate, against what botocore sends for the same
//! parameters (`requests.txt`, recorded by `record.py`; see there). `tests/golden.rs` copies
//! this file and the recording into an IAM crate generated for `ListUsers` and runs it.
//! Compared: the method, the path, every header and the form body byte for byte; the one
//! expected difference is botocore's `; charset=utf-8` after the form's `Content-Type`.

mod recorded;

use iam::http::HttpRequest;
use iam::operation::list_users::{ListUsersInput, ListUsersOutput};

const RECORDED: &str = include_str!("requests.txt");

fn check(name: &str, request: &HttpRequest) {
    let sent = recorded::Sent {
        method: request.method,
        uri: &request.uri,
        headers: request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect(),
        body: &request.body,
    };
    recorded::check_form(RECORDED, name, &sent);
}

/// A `ListUsers` response page as IAM sends it.
fn page(marker: Option<&str>) -> ListUsersOutput {
    let (truncated, marker) = match marker {
        Some(marker) => ("true", format!("<Marker>{marker}</Marker>")),
        None => ("false", String::new()),
    };
    let body = format!(
        r#"<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListUsersResult>
    <Users>
      <member>
        <Path>/division_abc/subdivision_xyz/engineering/</Path>
        <UserName>Andrew</UserName>
        <UserId>AID2MAB8DPLSRHEXAMPLE</UserId>
        <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/engineering/Andrew</Arn>
        <CreateDate>2012-09-05T19:38:48Z</CreateDate>
      </member>
    </Users>
    <IsTruncated>{truncated}</IsTruncated>{marker}
  </ListUsersResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</ListUsersResponse>"#
    );
    ListUsersOutput::parse_response(200, [("content-type", "text/xml")], body.as_bytes()).expect("the page parses")
}

#[test]
fn list_users_pages() {
    let first = ListUsersInput::builder().build().expect("nothing is required");
    check("list_users", &first.to_request());
    // The next page, as a caller paging through gets it: from the previous page's `Marker`,
    // with the path prefix and page size the caller asked for.
    let asked = ListUsersInput::builder().path_prefix("/division_abc/").max_items(100).build().expect("nothing is required");
    let first_page = page(Some("AAEAAQAAABo+/AbCdEfG=="));
    assert!(first_page.is_truncated);
    assert_eq!(first_page.users.len(), 1);
    assert_eq!(first_page.users[0].user_name, "Andrew");
    assert_eq!(first_page.users[0].create_date.to_string(), "2012-09-05T19:38:48Z");
    let second = asked.next_page(&first_page).expect("a Marker means another page");
    check("list_users_page", &second.to_request());
    assert!(second.next_page(&page(None)).is_none(), "no Marker, no more pages");
}
