//! The XML reader: IAM `ListUsers` responses (awsQuery) read by our generated crate, side by
//! side with the same documents read by quick-xml, a well-kept XML crate, two ways.
//!
//! Not part of the `tests` package: `cargo xtask bench xml` generates the whole official IAM
//! model into `target/bench-xml/`, builds this file there against it (the `list_users`
//! feature alone), runs it and prints the ratios.
//!
//! Documents, all built here: `small`, a page of 3 users (1.7 KB); `large`, a page of
//! 1,000 users (435 KB), every third with two tags, and entity and character references
//! in some values; `error`, a `ServiceFailure` error response.
//!
//! - `ours`: `ListUsersOutput::parse_response`: the members found inside `<ListUsersResult>`,
//!   every member typed (timestamps exact), unknown elements skipped; for the error, its code
//!   matched, its message, fault and request id kept.
//! - `floor_quick_xml_serde`: `quick_xml::de::from_str` into derived structs, timestamps left as
//!   text (the floor does less than we do).
//! - `floor_quick_xml_reader`: quick-xml's pull reader (`Reader::from_str`, borrowed events) and
//!   a hand-written state machine for this one document shape, timestamps left as text.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs, reason = "a benchmark")]

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use iam::operation::list_users::{ListUsersError, ListUsersOutput};

const HEADERS: [(&str, &str); 2] =
    [("content-type", "text/xml"), ("x-amzn-requestid", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")];

/// A `ListUsers` page of `users` users.
fn list_users(users: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <ListUsersResult>\n    <Users>\n",
    );
    for i in 0..users {
        let _ = write!(
            out,
            "      <member>\n        <Path>/division_abc/subdivision_xyz/</Path>\n        <UserName>user-{i:04}</UserName>\n        \
             <UserId>AIDACKCEVSQ6C2EX{i:08}</UserId>\n        <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/user-{i:04}</Arn>\n        \
             <CreateDate>2024-11-{:02}T22:13:{:02}Z</CreateDate>\n",
            1 + i % 28,
            i % 60
        );
        if i % 2 == 0 {
            let _ = writeln!(out, "        <PasswordLastUsed>2025-01-02T03:04:05.{:03}Z</PasswordLastUsed>", 1 + i % 999);
        }
        if i % 3 == 0 {
            out.push_str(
                "        <Tags>\n          <member>\n            <Key>team</Key>\n            <Value>data &amp; ml</Value>\n          </member>\n          \
                 <member>\n            <Key>cost-centre</Key>\n            <Value>&#x31;2&#51;4</Value>\n          </member>\n        </Tags>\n",
            );
        }
        out.push_str("      </member>\n");
    }
    out.push_str(
        "    </Users>\n    <IsTruncated>true</IsTruncated>\n    <Marker>AAF4Y2hhbmdlZCB0b2tlbg==</Marker>\n  </ListUsersResult>\n  \
         <ResponseMetadata>\n    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\n  </ResponseMetadata>\n</ListUsersResponse>\n",
    );
    out
}

const ERROR: &str = "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <Error>\n    <Type>Receiver</Type>\n    \
                     <Code>ServiceFailure</Code>\n    <Message>The request processing has failed because of an unknown error, \
                     exception or failure.</Message>\n  </Error>\n  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\n</ErrorResponse>\n";

/// What the floors read: the same members, timestamps as their text.
#[derive(Debug, Default, PartialEq)]
pub struct User {
    pub path: String,
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub create_date: String,
    pub password_last_used: Option<String>,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Default, PartialEq)]
pub struct Page {
    pub users: Vec<User>,
    pub is_truncated: bool,
    pub marker: Option<String>,
    pub request_id: String,
}

/// quick-xml's serde deserializer into derived structs.
mod serde_floor {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Response {
        list_users_result: ListUsersResult,
        response_metadata: Metadata,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct ListUsersResult {
        users: Members<User>,
        is_truncated: bool,
        marker: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(bound = "T: Deserialize<'de>")]
    struct Members<T> {
        #[serde(default)]
        member: Vec<T>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Metadata {
        request_id: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct User {
        path: String,
        user_name: String,
        user_id: String,
        arn: String,
        create_date: String,
        password_last_used: Option<String>,
        tags: Option<Members<Tag>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Tag {
        key: String,
        value: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct ErrorResponse {
        error: Error,
        request_id: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Error {
        code: String,
        message: Option<String>,
    }

    pub fn page(body: &str) -> super::Page {
        let r: Response = quick_xml::de::from_str(body).unwrap();
        super::Page {
            users: r
                .list_users_result
                .users
                .member
                .into_iter()
                .map(|u| super::User {
                    path: u.path,
                    user_name: u.user_name,
                    user_id: u.user_id,
                    arn: u.arn,
                    create_date: u.create_date,
                    password_last_used: u.password_last_used,
                    tags: u.tags.map(|t| t.member.into_iter().map(|t| (t.key, t.value)).collect()).unwrap_or_default(),
                })
                .collect(),
            is_truncated: r.list_users_result.is_truncated,
            marker: r.list_users_result.marker,
            request_id: r.response_metadata.request_id,
        }
    }

    /// The error's code, message and request id, the code matched against the one modeled.
    pub fn error(body: &str) -> (bool, Option<String>, String) {
        let r: ErrorResponse = quick_xml::de::from_str(body).unwrap();
        (r.error.code == "ServiceFailure", r.error.message, r.request_id)
    }
}

/// quick-xml's pull reader and a state machine for this one document shape.
mod reader_floor {
    use quick_xml::Reader;
    use quick_xml::events::Event;

    #[derive(Clone, Copy, PartialEq)]
    enum Leaf {
        None,
        Path,
        UserName,
        UserId,
        Arn,
        CreateDate,
        PasswordLastUsed,
        Key,
        Value,
        IsTruncated,
        Marker,
        RequestId,
        Code,
        Message,
    }

    fn leaf(name: &str, in_tags: bool) -> Leaf {
        match name {
            "Path" => Leaf::Path,
            "UserName" => Leaf::UserName,
            "UserId" => Leaf::UserId,
            "Arn" => Leaf::Arn,
            "CreateDate" => Leaf::CreateDate,
            "PasswordLastUsed" => Leaf::PasswordLastUsed,
            "Key" if in_tags => Leaf::Key,
            "Value" if in_tags => Leaf::Value,
            "IsTruncated" => Leaf::IsTruncated,
            "Marker" => Leaf::Marker,
            "RequestId" => Leaf::RequestId,
            "Code" => Leaf::Code,
            "Message" => Leaf::Message,
            _ => Leaf::None,
        }
    }

    /// The text of the leaf element just opened, entity and character references resolved.
    fn text(reader: &mut Reader<&[u8]>) -> String {
        let mut out = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(c) => out.push_str(&c.xml10_content()),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().unwrap() {
                        out.push(c);
                    } else {
                        out.push(match &*r.xml10_content() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        });
                    }
                }
                Event::End(_) => return out,
                Event::Eof => panic!("unclosed element"),
                _ => {}
            }
        }
    }

    pub fn page(body: &str) -> super::Page {
        let mut reader = Reader::from_str(body);
        let mut page = super::Page::default();
        let (mut in_users, mut in_tags) = (false, false);
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => match e.local_name().as_ref() {
                    "Users" => in_users = true,
                    "Tags" => in_tags = true,
                    "member" if in_tags => page.users.last_mut().unwrap().tags.push(Default::default()),
                    "member" if in_users => page.users.push(super::User::default()),
                    name => {
                        let leaf = leaf(name, in_tags);
                        if leaf == Leaf::None {
                            continue;
                        }
                        let text = text(&mut reader);
                        let user = page.users.last_mut();
                        match (leaf, user) {
                            (Leaf::IsTruncated, _) => page.is_truncated = text == "true",
                            (Leaf::Marker, _) => page.marker = Some(text),
                            (Leaf::RequestId, _) => page.request_id = text,
                            (Leaf::Path, Some(u)) => u.path = text,
                            (Leaf::UserName, Some(u)) => u.user_name = text,
                            (Leaf::UserId, Some(u)) => u.user_id = text,
                            (Leaf::Arn, Some(u)) => u.arn = text,
                            (Leaf::CreateDate, Some(u)) => u.create_date = text,
                            (Leaf::PasswordLastUsed, Some(u)) => u.password_last_used = Some(text),
                            (Leaf::Key, Some(u)) => u.tags.last_mut().unwrap().0 = text,
                            (Leaf::Value, Some(u)) => u.tags.last_mut().unwrap().1 = text,
                            _ => {}
                        }
                    }
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "Users" => in_users = false,
                    "Tags" => in_tags = false,
                    _ => {}
                },
                Event::Eof => return page,
                _ => {}
            }
        }
    }

    /// The error's code, message and request id, the code matched against the one modeled.
    pub fn error(body: &str) -> (bool, Option<String>, String) {
        let mut reader = Reader::from_str(body);
        let (mut code, mut message, mut request_id) = (String::new(), None, String::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => match leaf(e.local_name().as_ref(), false) {
                    Leaf::Code => code = text(&mut reader),
                    Leaf::Message => message = Some(text(&mut reader)),
                    Leaf::RequestId => request_id = text(&mut reader),
                    _ => {}
                },
                Event::Eof => return (code == "ServiceFailure", message, request_id),
                _ => {}
            }
        }
    }
}

fn ours(body: &str) -> ListUsersOutput {
    ListUsersOutput::parse_response(200, HEADERS, body.as_bytes()).unwrap()
}

fn ours_error(body: &str) -> ListUsersError {
    ListUsersOutput::parse_response(500, HEADERS, body.as_bytes()).unwrap_err()
}

/// Our output in the floors' terms, timestamps formatted back as the documents write them.
fn as_page(output: &ListUsersOutput) -> Page {
    let date = |t: iam::primitives::Timestamp| t.format(iam::primitives::TimestampFormat::DateTime);
    Page {
        users: output
            .users
            .iter()
            .map(|u| User {
                path: u.path.clone(),
                user_name: u.user_name.clone(),
                user_id: u.user_id.clone(),
                arn: u.arn.clone(),
                create_date: date(u.create_date),
                password_last_used: u.password_last_used.map(date),
                tags: u.tags.iter().flatten().map(|t| (t.key.clone(), t.value.clone())).collect(),
            })
            .collect(),
        is_truncated: output.is_truncated,
        marker: output.marker.clone(),
        request_id: String::new(),
    }
}

/// All three read the same values from every document before anything is measured.
fn check(small: &str, large: &str) {
    for (body, users) in [(small, 3), (large, 1000)] {
        let ours = as_page(&ours(body));
        let (serde, reader) = (serde_floor::page(body), reader_floor::page(body));
        assert_eq!(ours.users.len(), users);
        assert_eq!(ours.users[0].tags, [("team".to_owned(), "data & ml".to_owned()), ("cost-centre".to_owned(), "1234".to_owned())]);
        assert_eq!(serde, reader);
        assert_eq!(ours, Page { request_id: String::new(), ..serde });
        assert_eq!(reader.request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    }
    let ListUsersError::ServiceFailureException(e) = ours_error(ERROR) else { panic!("not the modeled error") };
    let floor = (true, e.message.clone(), "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE".to_owned());
    assert_eq!(serde_floor::error(ERROR), floor);
    assert_eq!(reader_floor::error(ERROR), floor);
}

fn documents() -> (String, String) {
    let (small, large) = (list_users(3), list_users(1000));
    check(&small, &large);
    (small, large)
}

fn parse(c: &mut Criterion) {
    let (small, large) = documents();
    for (group, body) in [("xml_small", &small), ("xml_large", &large), ("xml_error", &ERROR.to_owned())] {
        let error = group == "xml_error";
        let mut g = c.benchmark_group(group);
        if error {
            g.bench_function("ours", |b| b.iter(|| ours_error(black_box(body))));
            g.bench_function("floor_quick_xml_serde", |b| b.iter(|| serde_floor::error(black_box(body))));
            g.bench_function("floor_quick_xml_reader", |b| b.iter(|| reader_floor::error(black_box(body))));
        } else {
            g.bench_function("ours", |b| b.iter(|| ours(black_box(body))));
            g.bench_function("floor_quick_xml_serde", |b| b.iter(|| serde_floor::page(black_box(body))));
            g.bench_function("floor_quick_xml_reader", |b| b.iter(|| reader_floor::page(black_box(body))));
        }
        g.finish();
    }
}

criterion_group!(benches, parse);

/// Under criterion by default; given `SCENARIO ITERATIONS` (as `cargo xtask bench xml` does
/// under callgrind), that scenario's work alone, so that its instructions can be counted.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let [scenario, iterations] = &args[..]
        && let Ok(iterations) = iterations.parse::<u64>()
    {
        let (small, large) = documents();
        let (group, function) = scenario.split_once('/').unwrap();
        let body = match group {
            "xml_small" => small.as_str(),
            "xml_large" => large.as_str(),
            "xml_error" => ERROR,
            other => panic!("unknown document {other}"),
        };
        for _ in 0..iterations {
            match (group == "xml_error", function) {
                (false, "ours") => drop(black_box(ours(black_box(body)))),
                (false, "floor_quick_xml_serde") => drop(black_box(serde_floor::page(black_box(body)))),
                (false, "floor_quick_xml_reader") => drop(black_box(reader_floor::page(black_box(body)))),
                (true, "ours") => drop(black_box(ours_error(black_box(body)))),
                (true, "floor_quick_xml_serde") => drop(black_box(serde_floor::error(black_box(body)))),
                (true, "floor_quick_xml_reader") => drop(black_box(reader_floor::error(black_box(body)))),
                (_, other) => panic!("unknown scenario {other}"),
            }
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
