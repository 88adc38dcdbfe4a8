//! The recordings of `record.py` scripts, and the check of a request against one: shared by
//! the golden tests, copied beside each as `tests/recorded/mod.rs` by `tests/golden.rs`.

#![allow(dead_code, reason = "each golden test uses what its cases need")]

/// One request as botocore sent it.
struct Recorded {
    method: String,
    /// The host, where the recording says (S3's, whose addressing is the endpoint's).
    host: Option<String>,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// A JSON body without botocore's whitespace.
    json: Option<String>,
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

fn recorded(recording: &str, name: &str) -> Recorded {
    let section = recording
        .split("\n== ")
        .find_map(|s| s.strip_prefix(name).and_then(|rest| rest.strip_prefix('\n')))
        .unwrap_or_else(|| panic!("requests.txt has no case `{name}`: run record.py"));
    let mut out =
        Recorded { method: String::new(), host: None, uri: String::new(), headers: Vec::new(), body: Vec::new(), json: None };
    for line in section.lines() {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "method" => out.method = value.to_owned(),
            "host" => out.host = Some(value.to_owned()),
            "uri" => out.uri = value.to_owned(),
            "header" => {
                let (name, value) = value.split_once(": ").expect("a header line is `name: value`");
                out.headers.push((name.to_owned(), value.to_owned()));
            }
            "body" => out.body = hex(value),
            "json" => out.json = Some(value.to_owned()),
            _ => panic!("unknown line in requests.txt: {line}"),
        }
    }
    out
}

/// A request as a generated crate built it: method, path and query, headers, body.
pub struct Sent<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body: &'a [u8],
}

/// Checks `request` against the case `name` of `recording`. Compared: the method, the path and
/// query byte for byte, every header (names in any case, order aside) and the body; a JSON body
/// as the recording's compact text. `octet_stream` for a blob payload: the crate sends
/// `Content-Type: application/octet-stream`, which the Smithy restJson1 protocol tests require
/// (and AWS's Rust SDK sends), where botocore sends none.
pub fn check(recording: &str, name: &str, request: &Sent<'_>, octet_stream: bool) {
    check_with(recording, name, request, octet_stream.then_some("application/octet-stream"));
}

/// As [`check`], where the crate sends `Content-Type: content_type` and botocore none: a blob
/// payload's `application/octet-stream`, restXml's `application/xml` (which the Smithy
/// protocol tests require, and AWS's Rust SDK sends).
pub fn check_with(recording: &str, name: &str, request: &Sent<'_>, content_type: Option<&str>) {
    let expected = recorded(recording, name);
    assert_eq!(request.method, expected.method, "{name}: method");
    assert_eq!(request.uri, expected.uri, "{name}: path and query");
    let body = match &expected.json {
        Some(json) => json.as_bytes().to_vec(),
        None => expected.body.clone(),
    };
    assert_eq!(String::from_utf8_lossy(request.body), String::from_utf8_lossy(&body), "{name}: body");
    let mut expected_headers: Vec<(String, String)> = expected
        .headers
        .iter()
        .map(|(k, v)| if k == "content-length" { (k.clone(), body.len().to_string()) } else { (k.clone(), v.clone()) })
        .collect();
    if let Some(content_type) = content_type {
        assert!(!expected_headers.iter().any(|(k, _)| k == "content-type"), "{name}: botocore now sends a Content-Type");
        expected_headers.push(("content-type".to_owned(), content_type.to_owned()));
    }
    expected_headers.sort();
    let mut headers: Vec<(String, String)> =
        request.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), (*v).to_owned())).collect();
    headers.sort();
    assert_eq!(headers, expected_headers, "{name}: headers");
}


/// As [`check`], for a query protocol's form body: botocore's `Content-Type` adds
/// `; charset=utf-8`, where the crate sends `application/x-www-form-urlencoded` alone, as the
/// Smithy awsQuery and ec2Query protocol tests require (and AWS's Rust SDK sends). Everything
/// else, the body first, must be the same.
pub fn check_form(recording: &str, name: &str, request: &Sent<'_>) {
    let form = "application/x-www-form-urlencoded";
    let content_type = request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| *v);
    assert_eq!(content_type, Some(form), "{name}: the crate's Content-Type");
    let botocore = format!("{form}; charset=utf-8");
    let headers = request
        .headers
        .iter()
        .map(|&(k, v)| if k.eq_ignore_ascii_case("content-type") { (k, botocore.as_str()) } else { (k, v) })
        .collect();
    check(recording, name, &Sent { headers, ..*request }, false);
}

/// The host the case `name` of `recording` went to.
pub fn host(recording: &str, name: &str) -> String {
    recorded(recording, name).host.unwrap_or_else(|| panic!("{name}: the recording has no host"))
}
